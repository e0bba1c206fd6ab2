#include "geo/style.hpp"

#include <cstdio>

namespace geo {

std::optional<Rgba> parse_colour(std::string_view t) {
  if ((t.size() != 7 && t.size() != 9) || t[0] != '#') return std::nullopt;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  uint8_t v[4] = {0, 0, 0, 255};
  for (size_t i = 1, k = 0; i < t.size(); i += 2, ++k) {
    const int hi = hex(t[i]), lo = hex(t[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    v[k] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return Rgba{v[0], v[1], v[2], v[3]};
}

std::string format_colour(Rgba c) {
  char buf[10];
  if (c.a == 255)
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c.r, c.g, c.b);
  else
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
  return buf;
}

const std::array<Rgba, kStatusCount>& status_palette() {
  // Okabe–Ito, with planned and under construction a little lighter than theirs
  // (#56B4E9, #E69F00): every pair of the five legend colours then keeps CIEDE2000
  // >= 15 under deuteranopia, protanopia and a washed-out projector as well
  // (tests/geo/colour_vision_test.cpp prints the table).
  static const std::array<Rgba, kStatusCount> palette = {{
      {150, 150, 150, 255},  // unknown: neutral grey
      {86, 183, 242, 255},   // planned: sky blue
      {204, 121, 167, 255},  // relocation: reddish purple
      {245, 168, 0, 255},    // under construction: orange
      {0, 158, 115, 255},    // completed: bluish green
      {213, 94, 0, 255},     // delayed: vermillion (also outlined when the timeline lands)
  }};
  return palette;
}

Rgba background_colour() { return {245, 244, 239, 255}; }

}  // namespace geo
