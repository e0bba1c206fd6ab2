// Helpers for tests that render through the real binary and read pixels back.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "geo/image.hpp"
#include "geo/style.hpp"
#include "support/datagen.hpp"

namespace testdata {

struct Px {
  int x, y;
};

// The view most rendering tests use: 8 km x 4.5 km of EPSG:4549 around Laoshan at
// 800x450 pixels, i.e. exactly 10 m per pixel.
struct Frame {
  double x0 = 540000, y0 = 3990000, x1 = 548000, y1 = 3994500;
  int width = 800, height = 450;
  std::string extent() const { return "540000,3990000,548000,3994500"; }
  Px to_px(double x, double y) const {
    return {static_cast<int>((x - x0) / (x1 - x0) * width), static_cast<int>((y1 - y) / (y1 - y0) * height)};
  }
};

// A closed square ring "(x y,x+s y,…)" for WKT polygons.
inline std::string square_ring(double x, double y, double s) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "(%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f)", x, y, x + s, y, x + s, y + s, x,
                y + s, x, y);
  return buf;
}

inline bool colour_is(const geo::Image& img, Px p, geo::Rgba c, int tolerance = 2) {
  const uint8_t* px = img.at(p.x, p.y);
  return std::abs(px[0] - c.r) <= tolerance && std::abs(px[1] - c.g) <= tolerance && std::abs(px[2] - c.b) <= tolerance;
}
inline bool colour_is(const geo::Image& img, Px p, geo::Status s, int tolerance = 2) {
  return colour_is(img, p, geo::status_palette()[static_cast<size_t>(s)], tolerance);
}

inline std::string describe(const geo::Image& img, Px p) {
  const uint8_t* px = img.at(p.x, p.y);
  return "pixel (" + std::to_string(p.x) + "," + std::to_string(p.y) + ") = " + std::to_string(px[0]) + "," +
         std::to_string(px[1]) + "," + std::to_string(px[2]);
}

// Runs the renewmap binary under test with `args`; stdout+stderr into `out`.
inline int run_renewmap(const std::string& args, std::string& out) {
  return run_command(std::string(RENEWMAP_BINARY) + " " + args, out);
}

}  // namespace testdata
