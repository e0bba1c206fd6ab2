// How a layer looks: data in, per-feature arrays out. No GL here; the renderer turns
// these into uniforms.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "geo/status.hpp"

namespace geo {

struct Rgba {
  uint8_t r = 0, g = 0, b = 0, a = 255;
  bool operator==(const Rgba& o) const { return r == o.r && g == o.g && b == o.b && a == o.a; }
};
// "#RRGGBB" or "#RRGGBBAA"; nullopt for anything else.
std::optional<Rgba> parse_colour(std::string_view text);
std::string format_colour(Rgba c);

// Status colours, indexed by Status. Okabe–Ito based: every pair of the five legend
// colours stays CIEDE2000 >= 15 apart under deuteranopia and protanopia (Machado
// 2009) and on a washed-out projector (geo/colour_vision.hpp checks it). Tritanopia
// (rare, ~1 in 10,000) is not checked: relocation and under construction come to
// ~12 there. Delayed features also carry a dark outline. Unknown is a neutral grey.
const std::array<Rgba, kStatusCount>& status_palette();
// The map's background (paper) colour.
Rgba background_colour();
// The thick outline delayed features get on the map beside their colour, and their
// legend swatches with it.
inline constexpr Rgba kDelayedOutline{140, 20, 10, 255};

struct LayerStyle {
  bool fill = true;               // polygons filled (else outline only)
  std::optional<Rgba> color;      // single colour for layers without a status field
  Rgba outline{60, 60, 60, 255};  // polygon outline colour
  float line_width = 0.0f;        // screen px; 0 = default (1 for outlines, 3.5 for lines)
  float point_size = 0.0f;        // screen px diameter; 0 = default (11)
  float opacity = 1.0f;           // 0..1, whole layer
  // 0..1, polygon fills only (times `opacity`): large zones drawn translucent with a
  // strong outline keep what lies under them (streets, rivers) readable.
  float fill_opacity = 1.0f;

  float outline_width_px() const { return line_width > 0 ? line_width : 1.0f; }
  float line_width_px() const { return line_width > 0 ? line_width : 3.5f; }
  float point_size_px() const { return point_size > 0 ? point_size : 11.0f; }
};

}  // namespace geo
