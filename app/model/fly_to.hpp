// Animated "fly to": the smooth zoom-and-pan path of van Wijk & Nuij, "Smooth and
// efficient zooming and panning" (InfoVis 2003), as d3-interpolate's interpolateZoom
// computes it. On a long pan the view zooms out, travels, and zooms back in, so the
// user keeps context. Pure math, no GL; a FlyTo is immutable and cheap to copy.
#pragma once

#include <cmath>

namespace app {

class Camera;

// A view of the map: centre (cx, cy) in display-CRS units, w = the width of the view
// in the same units (Camera resolution * viewport width in px). w must be > 0.
struct View {
  double cx, cy, w;
};

// The camera's current view; w uses the camera's viewport width.
View view_of(const Camera& camera);
// Moves `camera` to `view`, keeping its viewport: resolution = view.w / viewport width.
void apply(const View& view, Camera& camera);

// d3's easeCubicInOut: 0 -> 0, 1 -> 1, zero slope at both ends; t clamped to [0, 1].
double ease_cubic_in_out(double t);

class FlyTo {
 public:
  // Slowest and fastest recommended_seconds() for a non-empty path: presentation
  // moves take about a second, never a crawl across a whole country.
  static constexpr double kMinSeconds = 0.6;
  static constexpr double kMaxSeconds = 2.0;

  // rho trades zooming against panning (paper, section 4): larger zooms out further.
  // d3 default sqrt(2); clamped to >= 1e-3 as d3 does, a non-finite rho gives sqrt(2).
  // A view with a non-finite field or w <= 0 makes the flight a jump: S = 0 and at(t)
  // is `to` for every t > 0.
  FlyTo(View from, View to, double rho = std::sqrt(2.0));

  // The view at path parameter t in [0, 1] (clamped; NaN counts as 0). The path is
  // parametrised by arc length in the paper's (u, w) metric, so constant dt means
  // constant perceived speed. at(0) is `from` and at(1) is `to`, bit for bit.
  View at(double t) const;

  // The view `seconds_since_start` into a flight lasting `duration` seconds, the path
  // parameter eased by ease_cubic_in_out. Before 0 gives `from`; at or past
  // `duration`, or with duration <= 0, gives `to`.
  View at_time(double seconds_since_start, double duration) const;

  // S, the length of the path in the paper's metric (dimensionless: it depends on the
  // views only through ratios of distances and widths). Identical views give 0.
  double path_length() const { return s_; }

  // A duration in seconds. d3 gives interpolateZoom a duration of S * 1000 * rho /
  // sqrt(2) ms, i.e. S seconds at the default rho; `speed` divides that (2 = twice
  // as fast, the paper's V). The result is clamped to [kMinSeconds, kMaxSeconds]; an
  // empty path (S = 0) gives 0, nothing to animate.
  double recommended_seconds(double speed = 1.0) const;

  const View& from() const { return from_; }
  const View& to() const { return to_; }
  double rho() const { return rho_; }

 private:
  View from_, to_;
  double rho_;
  double s_ = 0.0;                        // path length S
  bool pure_zoom_ = false;                // centres (nearly) coincide: w moves geometrically
  bool jump_ = false;                     // invalid input: no path, at(t > 0) is `to`
  double dx_ = 0.0, dy_ = 0.0, d_ = 0.0;  // from -> to centre offset, map units
  double r0_ = 0.0;                       // paper's r(0)
};

}  // namespace app
