// The 2D map camera: pure math, no GL. Double-precision centre in display-CRS units;
// screen pixels are framebuffer pixels, origin top-left, y down.
#pragma once

#include <vector>

#include "geo/layer.hpp"

namespace app {

struct ScreenPoint {
  double x, y;
};
struct MapPoint {
  double x, y;
};
// A rectangle of the viewport in screen pixels (x0 < x1, y0 < y1).
struct PixelRect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  bool overlaps(const PixelRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

class Camera {
 public:
  void set_viewport(int width_px, int height_px);
  int width() const { return width_; }
  int height() const { return height_; }

  // Fits `extent` into the viewport: the whole extent visible and centred; with
  // margin_fraction = 0 and a matching aspect ratio it fills the frame exactly.
  void fit(const geo::Bbox& extent, double margin_fraction = 0.0);
  // Fits `extent` into `area` of the viewport (the part overlays leave free), with
  // `margin_fraction` of the area's size left on each side.
  void fit_into(const geo::Bbox& extent, const PixelRect& area, double margin_fraction);

  MapPoint screen_to_map(ScreenPoint s) const;
  ScreenPoint map_to_screen(MapPoint m) const;
  // What the viewport shows, in display-CRS units.
  geo::Bbox visible_extent() const;

  // Moves the map with the pointer: a drag of (dx, dy) pixels.
  void pan_pixels(double dx, double dy);
  // Zooms by `factor` (>1 zooms in) keeping the map point under `anchor` fixed.
  void zoom_about(ScreenPoint anchor, double factor);

  double center_x() const { return cx_; }
  double center_y() const { return cy_; }
  double resolution() const { return res_; }  // display-CRS units per pixel
  void set(double cx, double cy, double resolution);

 private:
  double cx_ = 0.0, cy_ = 0.0;
  double res_ = 1.0;
  int width_ = 1, height_ = 1;
};

// The largest rectangle of a width × height viewport that no `covered` rectangle
// overlaps, largest for showing something of `aspect` (width / height): the one an
// extent of that shape fits biggest into. The whole viewport when nothing covers it.
PixelRect free_area(int width, int height, const std::vector<PixelRect>& covered, double aspect);

}  // namespace app
