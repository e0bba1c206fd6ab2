// Can the status colours be told apart by everyone who looks at the map? Simulated
// colour-vision deficiency and a washed-out projector, CIELAB and CIEDE2000, and a
// report of the closest pair of legend statuses under each condition.
// Pure functions, no GDAL, no GL. Thread-safe.
//
// Colours are 8-bit sRGB (IEC 61966-2-1); "linear" means linear-light sRGB, 0..1.
// CIELAB uses the D65 white of sRGB, L* 0..100.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "geo/status.hpp"
#include "geo/style.hpp"

namespace geo {

enum class Vision : uint8_t {
  Normal = 0,
  Deuteranopia = 1,  // no M (green) cones: the commoner red-green deficiency
  Protanopia = 2,    // no L (red) cones: reds also look darker
  WashedOut = 3,     // projector in a lit room, normal vision; model in colour_vision.cpp
};
inline constexpr int kVisionCount = 4;
inline constexpr Vision kVisions[kVisionCount] = {Vision::Normal, Vision::Deuteranopia,
                                                  Vision::Protanopia, Vision::WashedOut};
// "normal", "deuteranopia", "protanopia", "washed-out projector".
std::string_view vision_name(Vision v);

// CIELAB, D65.
struct Lab {
  double l = 0, a = 0, b = 0;
};

// One sRGB channel, both 0..1: the IEC 61966-2-1 curve and its inverse.
double srgb_to_linear(double c);
double linear_to_srgb(double c);

// How colour c looks under v, as the 8-bit sRGB colour a normal viewer would have to
// see to match it. Alpha passes through. Normal is the identity.
Rgba simulate(Rgba c, Vision v);

// sRGB (alpha ignored) to CIELAB, D65 white.
Lab to_lab(Rgba c);

// CIEDE2000 colour difference, kL = kC = kH = 1, as in Sharma, Wu & Dalal 2005.
// Symmetric; about 1 is a just-noticeable difference, 15 or more reads as another
// colour at a glance on a map.
double ciede2000(const Lab& x, const Lab& y);

struct PairDifference {
  Status a = Status::Unknown, b = Status::Unknown;
  double delta_e = 0;  // CIEDE2000 after simulate(…, vision) of both colours
};

struct VisionReport {
  Vision vision = Vision::Normal;
  std::vector<PairDifference> pairs;  // every pair of the checked statuses, in legend order
  PairDifference closest;             // the pair with the smallest delta_e
};

// The statuses a legend shows in colour: kLegendOrder without Unknown, whose neutral
// grey means "no data" and is not meant to be read as one of the five.
std::vector<Status> legend_colour_statuses();

// Every pair of `statuses` under each vision in kVisions, palette indexed by Status.
std::array<VisionReport, kVisionCount> palette_report(const std::array<Rgba, kStatusCount>& palette,
                                                      const std::vector<Status>& statuses);

}  // namespace geo
