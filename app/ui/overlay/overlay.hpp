// What is drawn on the picture itself rather than in a panel: feature labels, the
// scale bar with its north arrow, and the presentation overlay a projector shows.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "app/model/camera.hpp"
#include "app/ui/ui.hpp"
#include "app/ui/view_model.hpp"

struct ImFont;

namespace app::ui {

// A rectangle on screen in UI coordinates.
struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const ScreenRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// presentation.cpp: what a projector shows (and exported slides): title, caption
// (view.caption), date, legend with counts and a key to the layers, scale bar.
void draw_presentation(const UiView& view, const Fonts& fonts);

// swipe.cpp: the before/after swipe's dates beside its divider.
void draw_swipe_labels(const UiView& view);

// labels.cpp. Where labels may go: inside the frame, off every rectangle to avoid
// (windows, the scale bar) and off every label already placed. Labels are offered in
// priority order; at most `max` are taken.
class LabelPlacer {
 public:
  LabelPlacer(ScreenRect frame, std::vector<ScreenRect> avoid, size_t max)
      : frame_(frame), avoid_(std::move(avoid)), max_(max) {}
  // True (and the rectangle is taken) when the label fits there.
  bool place(const ScreenRect& r);
  bool full() const { return placed_.size() >= max_; }
  const std::vector<ScreenRect>& placed() const { return placed_; }

 private:
  ScreenRect frame_;
  std::vector<ScreenRect> avoid_;
  size_t max_;
  std::vector<ScreenRect> placed_;
};
// Feature names on the map, largest and topmost first, never overlapping each other,
// the UI's windows or the scale bar, never cut by the frame's edge.
struct LabelStyle {
  ImFont* font = nullptr;
  float size_px = 16.0f;
  size_t max_labels = 200;
};
void draw_labels(const UiView& view, const Camera& camera, const LabelStyle& style,
                 const std::vector<ScreenRect>& avoid);
// Where labels must not go: the rectangles of the windows ImGui laid out in the
// previous frame, except any covering most of the screen. `fixed_only`: only the
// windows that stay where they are (title, legend, panels, scale bar; not dialogs
// the person moves, nor the messages) and the scale bar's room, which framing keeps
// the map clear of.
std::vector<ScreenRect> window_rects(bool fixed_only = false);

// scale_bar.cpp. Scale bar and north arrow: bottom left (presenting) or bottom right
// above the status bar. scale_bar_rect is the white box both sit on (zero-size when
// no bar).
void draw_scale_bar(const UiView& view, bool right);
ScreenRect scale_bar_rect(const UiView& view, bool right);
// The room the scale bar drawn last takes at its longest (zero-size when none).
ScreenRect scale_bar_room();
// A round length (1, 2, 5 × 10^n metres) at most `target_m`; 0 for no positive target.
double nice_length(double target_m);

}  // namespace app::ui
