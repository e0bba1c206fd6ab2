// The walk-through as a film: when each stop's flight and hold begin, which view and
// date each frame shows. Frame n is time n / fps, never the wall clock, so the same
// project always gives the same frames. Pure: no window, no encoder.
#pragma once

#include <cstddef>
#include <vector>

#include "app/model/fly_to.hpp"
#include "geo/project.hpp"
#include "geo/timeline.hpp"

namespace app {

constexpr double kDefaultDwellSeconds = 4.0;

struct VideoStop {
  double start = 0.0;       // seconds: the flight into this stop begins (the first has none)
  double fly = 0.0;         // seconds of flight (FlyTo's recommended duration)
  double hold = 0.0;        // seconds held at the stop (the bookmark's dwell)
  geo::Day sweep_from = geo::kNoDay, sweep_to = geo::kNoDay;  // both set: a date sweep
  double hold_start() const { return start + fly; }
  double end() const { return start + fly + hold; }
};

struct VideoPlan {
  double fps = 30.0;
  std::vector<VideoStop> stops;  // one per bookmark, in order
  std::vector<View> views;       // each stop's framed view
  size_t frames = 0;             // round(seconds * fps)
  double seconds() const { return stops.empty() ? 0.0 : stops.back().end(); }
};

// `views[k]` is bookmark k's view as framed at the video's size.
VideoPlan plan_video(const std::vector<geo::Bookmark>& bookmarks, const std::vector<View>& views, double fps);

struct VideoFrame {
  size_t stop = 0;
  bool flying = false;
  View view{0, 0, 1};
  geo::Day day = geo::kNoDay;  // kNoDay: the stop's own date (as go_to_bookmark sets it)
};

// What frame n shows (n past the end: the last stop's last frame).
VideoFrame video_frame(const VideoPlan& plan, size_t n);
// The frame at the middle of stop k's hold: what --export-slides' slide k shows
// (with a sweep: its end date).
size_t middle_frame(const VideoPlan& plan, size_t stop);

}  // namespace app
