#include "app/model/fly_to.hpp"

#include <algorithm>

#include "app/model/camera.hpp"

namespace app {

namespace {

// Centres closer than this fraction of the larger view width count as the same
// centre (d3 uses an absolute 1e-12 on d^2, which suits pixels but not map units that
// may be degrees or metres). The pure-zoom path then moves the centre linearly, off
// the optimal path by at most d: 1e-9 of a view width, a microscopic fraction of a
// pixel. The general formulas below stay accurate well below this.
constexpr double kSameCentre = 1e-9;

// d3 clamps rho this way (zoom.rho): a smaller rho divides by ~0.
constexpr double kMinRho = 1e-3;

const double kSqrt2 = std::sqrt(2.0);

bool valid(const View& v) {
  return std::isfinite(v.cx) && std::isfinite(v.cy) && std::isfinite(v.w) && v.w > 0;
}

// cosh(a) / cosh(b) without overflow for large |a|, |b|.
double cosh_ratio(double a, double b) {
  a = std::fabs(a);
  b = std::fabs(b);
  return std::exp(a - b) * (1.0 + std::exp(-2.0 * a)) / (1.0 + std::exp(-2.0 * b));
}

// sinh(a) / cosh(b) for a >= 0, without overflow and without the cancellation of the
// paper's cosh(r0) tanh(b) - sinh(r0) form when |r0| is large.
double sinh_over_cosh(double a, double b) {
  b = std::fabs(b);
  return std::exp(a - b) * -std::expm1(-2.0 * a) / (1.0 + std::exp(-2.0 * b));
}

}  // namespace

View view_of(const Camera& camera) {
  return {camera.center_x(), camera.center_y(), camera.resolution() * camera.width()};
}

void apply(const View& view, Camera& camera) {
  camera.set(view.cx, view.cy, view.w / camera.width());
}

double ease_cubic_in_out(double t) {
  t = std::clamp(t, 0.0, 1.0) * 2.0;
  if (t <= 1.0) return 0.5 * t * t * t;
  t -= 2.0;
  return 0.5 * (t * t * t + 2.0);
}

FlyTo::FlyTo(View from, View to, double rho)
    : from_(from), to_(to), rho_(std::isfinite(rho) ? std::max(kMinRho, rho) : kSqrt2) {
  if (!valid(from) || !valid(to)) {
    jump_ = true;
    return;
  }
  const double w0 = from.w, w1 = to.w;
  dx_ = to.cx - from.cx;
  dy_ = to.cy - from.cy;
  d_ = std::hypot(dx_, dy_);

  if (d_ <= kSameCentre * std::max(w0, w1)) {
    // Paper section 5.3 / d3's special case: zoom only, w geometric in t. d3 keeps
    // the sign of ln(w1/w0) in S; a length is not negative.
    pure_zoom_ = true;
    s_ = std::fabs(std::log(w1 / w0)) / rho_;
    return;
  }

  // Paper eq. (7)-(9): b_i = (w1^2 - w0^2 +- rho^4 d^2) / (2 w_i rho^2 d) and
  // r_i = ln(sqrt(b_i^2 + 1) - b_i) = -asinh(b_i); asinh avoids the cancellation
  // of sqrt(b^2 + 1) - b for large b. (w1 - w0)(w1 + w0) keeps w1^2 - w0^2 exact-ish
  // when the widths are close.
  const double rho2 = rho_ * rho_;
  const double dw2 = (w1 - w0) * (w1 + w0);
  const double rd2 = rho2 * rho2 * d_ * d_;
  const double b0 = (dw2 + rd2) / (2.0 * w0 * rho2 * d_);
  const double b1 = (dw2 - rd2) / (2.0 * w1 * rho2 * d_);
  r0_ = -std::asinh(b0);
  const double r1 = -std::asinh(b1);
  s_ = std::max(0.0, (r1 - r0_) / rho_);
}

View FlyTo::at(double t) const {
  if (!(t > 0.0)) return from_;
  if (jump_ || !(t < 1.0)) return to_;
  const double w0 = from_.w;
  if (pure_zoom_) {
    // d3: w0 * exp(rho * t * S) with a signed S, i.e. w0 * (w1/w0)^t.
    return {from_.cx + t * dx_, from_.cy + t * dy_, w0 * std::exp(t * std::log(to_.w / w0))};
  }
  // Paper eq. (9), with the centre's distance along the line u(s) rewritten as
  // w0 / (rho^2 d) * sinh(rho s) / cosh(rho s + r0), the same value as
  // w0 / rho^2 * (cosh(r0) tanh(rho s + r0) - sinh(r0)) / d without its cancellation.
  // u runs from 0 to 1 and never decreases; w(s) = w0 cosh(r0) / cosh(rho s + r0).
  const double rs = rho_ * t * s_;
  const double x = rs + r0_;
  const double u = w0 / (rho_ * rho_ * d_) * sinh_over_cosh(rs, x);
  return {from_.cx + u * dx_, from_.cy + u * dy_, w0 * cosh_ratio(r0_, x)};
}

View FlyTo::at_time(double seconds_since_start, double duration) const {
  if (!(duration > 0.0)) return to_;
  if (!(seconds_since_start > 0.0)) return from_;
  if (seconds_since_start >= duration) return to_;
  return at(ease_cubic_in_out(seconds_since_start / duration));
}

double FlyTo::recommended_seconds(double speed) const {
  if (!(s_ > 0.0)) return 0.0;
  if (!(speed > 0.0) || !std::isfinite(speed)) speed = 1.0;
  // d3-interpolate: i.duration = S * 1000 * rho / Math.SQRT2 (milliseconds).
  const double natural = s_ * rho_ / kSqrt2 / speed;
  return std::clamp(natural, kMinSeconds, kMaxSeconds);
}

}  // namespace app
