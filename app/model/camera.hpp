// The 2D map camera: pure math, no GL. Double-precision centre in display-CRS units;
// screen pixels are framebuffer pixels, origin top-left, y down.
#pragma once

#include "geo/layer.hpp"

namespace app {

struct ScreenPoint {
  double x, y;
};
struct MapPoint {
  double x, y;
};

class Camera {
 public:
  void set_viewport(int width_px, int height_px);
  int width() const { return width_; }
  int height() const { return height_; }

  // Fits `extent` into the viewport: the whole extent visible and centred; with
  // margin_fraction = 0 and a matching aspect ratio it fills the frame exactly.
  void fit(const geo::Bbox& extent, double margin_fraction = 0.0);

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

}  // namespace app
