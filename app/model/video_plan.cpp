#include "app/model/video_plan.hpp"

#include <algorithm>
#include <cmath>

namespace app {

VideoPlan plan_video(const std::vector<geo::Bookmark>& bookmarks, const std::vector<View>& views, double fps) {
  VideoPlan plan;
  plan.fps = fps > 0 && std::isfinite(fps) ? fps : 30.0;
  plan.views = views;
  double t = 0.0;
  for (size_t k = 0; k < bookmarks.size() && k < views.size(); ++k) {
    const geo::Bookmark& b = bookmarks[k];
    VideoStop s;
    s.start = t;
    s.fly = k == 0 ? 0.0 : FlyTo(views[k - 1], views[k]).recommended_seconds();
    s.hold = b.dwell > 0 ? b.dwell : kDefaultDwellSeconds;
    const auto from = geo::parse_date(b.sweep_from), to = geo::parse_date(b.sweep_to);
    if (from && to) {
      s.sweep_from = *from;
      s.sweep_to = *to;
    }
    t = s.end();
    plan.stops.push_back(s);
  }
  plan.frames = static_cast<size_t>(std::llround(t * plan.fps));
  return plan;
}

VideoFrame video_frame(const VideoPlan& plan, size_t n) {
  VideoFrame f;
  if (plan.stops.empty()) return f;
  const double t = std::min(static_cast<double>(n), static_cast<double>(plan.frames ? plan.frames - 1 : 0)) / plan.fps;
  size_t k = 0;
  while (k + 1 < plan.stops.size() && t >= plan.stops[k + 1].start) ++k;
  const VideoStop& s = plan.stops[k];
  f.stop = k;
  if (t < s.hold_start() && k > 0) {
    f.flying = true;
    f.view = FlyTo(plan.views[k - 1], plan.views[k]).at_time(t - s.start, s.fly);
  } else {
    f.view = plan.views[k];
  }
  if (s.sweep_from != geo::kNoDay) {
    // The first tenth of the hold shows the start, the sweep runs to the middle, and
    // the second half shows the end: the middle frame is the stop's picture.
    const double u = (t - s.hold_start()) / s.hold;
    const double p = std::clamp((u - 0.1) / 0.4, 0.0, 1.0);
    f.day = s.sweep_from + static_cast<geo::Day>(std::lround(p * (s.sweep_to - s.sweep_from)));
  }
  return f;
}

size_t middle_frame(const VideoPlan& plan, size_t stop) {
  if (stop >= plan.stops.size()) return 0;
  const VideoStop& s = plan.stops[stop];
  return static_cast<size_t>(std::floor((s.hold_start() + s.hold / 2) * plan.fps));
}

}  // namespace app
