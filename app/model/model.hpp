// The model: everything the viewer knows, as plain data, and the rules over it
// (model/*.hpp). It is changed by the command dispatcher (app/commands) and by the
// data services handing results back (app/data); render/ and ui/ only read it. No
// GL, no ImGui, no window: every rule is testable without one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/model/camera.hpp"
#include "app/model/chart.hpp"
#include "app/model/swipe.hpp"
#include "app/model/fly_to.hpp"
#include "app/model/forms.hpp"
#include "app/model/layer.hpp"
#include "geo/measure.hpp"
#include "geo/project.hpp"
#include "geo/search.hpp"
#include "geo/timeline.hpp"

namespace app {

// Seconds since the program started: the clock of messages, animations and refreshes.
double seconds_since_start();

// Layers up to this size get per-feature label boxes (labels need names on screen;
// bigger layers are found with search instead).
inline constexpr size_t kLabelFeatures = 50000;

// The date the statuses are shown for (one for every layer), and the play-back.
struct Clock {
  geo::Day as_of = geo::kNoDay;       // kNoDay: the recorded statuses
  geo::Day start = geo::kNoDay;       // --as-of, else the project's data_as_of (parsed once)
  geo::Day data_as_of = geo::kNoDay;  // the date the recorded statuses describe
  geo::Day min_day = geo::kNoDay, max_day = geo::kNoDay;  // over every layer's dates
  bool playing = false;
  // Play runs on past data_as_of into statuses projected from planned dates only
  // when the presenter asks for it.
  bool play_projection = false;
  double days_per_second = 30.0;
  double accumulated = 0.0;  // days not yet stepped
};

// The shown date is past the date the data describes: statuses there are projected
// from planned dates, not recorded fact, and every place the date shows says so.
inline bool projected(const Clock& c) {
  return c.as_of != geo::kNoDay && c.data_as_of != geo::kNoDay && c.as_of > c.data_as_of;
}
// What every place that shows a projected date says.
inline constexpr const char* kProjectedNote = "按计划推算 projected from planned dates";

// Measuring: clicked vertices in the display CRS.
struct Measure {
  bool on = false;
  bool done = false;  // a double click ended the path; the next click starts another
  std::vector<double> xy;
  std::optional<geo::Measurer> measurer;
};

// The view and its animation.
struct ViewState {
  Camera camera;
  std::optional<FlyTo> fly;   // an animated move (van Wijk–Nuij)
  double fly_start = 0.0, fly_seconds = 1.0;
  double last_change = 0.0;   // when the camera last moved (streaming waits for a still view)
  bool set_by_user = false;   // stop auto-fitting as layers arrive once the user moved
  bool dragging = false;      // the left button is panning the map
  float ui_scale = 1.0f;      // HiDPI content scale × the user's UI scale (click tolerance)
  // What the overlays (title, legend, panels, scale bar) covered in the last frame, in
  // framebuffer pixels: framing fits into the rest.
  std::vector<PixelRect> covered;
  // The extent last framed (a bookmark, Home, a layer), kept until the person moves the
  // view: when the overlays change size (presentation on, the window resized) it is
  // framed again.
  struct Framed {
    geo::Bbox extent;
    double margin = 0;
    double at = 0;  // when (seconds_since_start), or when the flight there ended
    std::vector<PixelRect> covered;  // the overlays it was framed clear of
  };
  std::optional<Framed> framed;
};

struct Model {
  geo::Project project;       // as loaded; bookmarks are edited here
  std::string display_crs;
  std::vector<MapLayer> layers;  // draw order: front() is drawn first (bottom)
  std::vector<Basemap> basemaps;
  std::vector<Message> messages;
  ViewState view;
  Clock clock;
  unsigned hidden_statuses = 0;  // the legend's checkboxes: bit per Status hidden
  bool stats_in_view = false;    // the statistics panel counts the features in view
  int current_bookmark = -1;
  bool presenting = false;
  ChartState chart;  // the burn-up chart (model/chart.hpp)
  SwipeState swipe;  // the before/after date swipe (model/swipe.hpp)
  Forms forms;
  Measure measure;
  std::optional<geo::SearchIndex> search_index;
  bool search_stale = true;
  // Unsaved changes: the project as last saved (or as loaded), compared after every
  // command (model/project_io.hpp).
  std::string saved_state;
  bool unsaved = false;
  size_t failed_sources = 0;
  size_t loaded_layers = 0;
  uint64_t next_layer_id = 1;
  // The map must be drawn again (content, order, styles or state changed).
  bool map_changed = true;
  // Text that appeared in the model (names, messages, captions): the shell makes sure
  // the font has its glyphs before a panel draws it.
  std::vector<std::string> new_text;

  // A message for the person: on stderr and in the message list.
  void report(Message::Level level, const std::string& text);
  void need_text(const std::string& text) { new_text.push_back(text); }
  // The layer with this id, or null.
  MapLayer* layer_by_id(uint64_t id);
};

// A hash of what derived per-layer data depends on: each layer's id, feature count,
// dates, filter, selection and state size, mixed into `seed`. Caches of the model
// (the burn-up series, the swipe's left side) are rebuilt when it changes.
uint64_t layers_key(const Model& m, uint64_t seed);

// What "zoom to all" shows: the visible layers, else every layer, else the basemaps.
geo::Bbox data_bounds(const Model& m);
// What Home shows: the project's own data (the visible layers with a status), else
// data_bounds: not the sea and the neighbouring districts around it.
geo::Bbox home_bounds(const Model& m);
// Overlays leave this fraction of the free area as a margin around a framed extent.
inline constexpr double kFrameMargin = 0.05;
// Fits `extent` into the part of `camera`'s viewport that `covered` leaves free, with
// `margin` (0 and nothing covered: the extent fills the frame).
void frame_into(Camera& camera, const std::vector<PixelRect>& covered, const geo::Bbox& extent, double margin);
// Animates the camera to `target` (van Wijk–Nuij), from where it is now.
void fly_to(Model& m, const Camera& target);
// Frames `extent` with the model's camera (animated or at once) and remembers it.
void frame_extent(Model& m, const geo::Bbox& extent, double margin, bool animate);
// The overlays now cover `rects`: kept. A framed extent is framed again when they
// differ from those it was framed for and the view is not moving, if the layout
// changed (the window's size, presentation on or off: `layout_changed`) or the
// framing is new (its overlays are still appearing: a stop's caption changes the
// title block during the flight there); a panel opened later does not move the map.
void set_covered(Model& m, std::vector<PixelRect> rects, bool layout_changed);
// The flight has arrived: the camera stops animating, and the framing it flew to
// counts as new (the overlays drawn on the way may have changed size).
void finish_flight(Model& m);
// The map extent of the free part of the view, less its margin: what frame_extent
// would show again (a bookmark of the view).
geo::Bbox framed_view_extent(const Model& m);
// The first view: `extent` (--extent) or the project's, else the data with a margin.
void fit_initial_view(Model& m, const std::optional<geo::Bbox>& extent);

}  // namespace app
