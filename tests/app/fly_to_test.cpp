#include "app/model/fly_to.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "app/model/camera.hpp"

using app::FlyTo;
using app::View;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

const double kRho = std::sqrt(2.0);

bool finite(const View& v) {
  return std::isfinite(v.cx) && std::isfinite(v.cy) && std::isfinite(v.w);
}

// Relative closeness for views whose coordinates may be ~4,000,000 m: compared
// against the larger of the value and the view width.
void check_view(const View& got, const View& want, double rel = 1e-9) {
  const double scale = std::max({std::fabs(want.cx), std::fabs(want.cy), want.w});
  CHECK_THAT(got.cx, WithinAbs(want.cx, rel * scale));
  CHECK_THAT(got.cy, WithinAbs(want.cy, rel * scale));
  CHECK_THAT(got.w, WithinRel(want.w, rel));
}

// Fraction of the way from `a`'s centre to `b`'s centre, projected on that line.
double progress(const View& v, const View& a, const View& b) {
  const double dx = b.cx - a.cx, dy = b.cy - a.cy;
  return ((v.cx - a.cx) * dx + (v.cy - a.cy) * dy) / (dx * dx + dy * dy);
}

struct Case {
  const char* name;
  View from, to;
  double rho;
};

// Views in EPSG:4549-like metres, degrees and pixels; long and short pans, zoom in
// and out, pure zooms, and a rho other than d3's default.
std::vector<Case> cases() {
  return {
      {"long pan, zoom in", {540000, 3990000, 8000}, {560000, 4005000, 2000}, kRho},
      {"long pan, zoom out", {560000, 4005000, 2000}, {540000, 3990000, 8000}, kRho},
      {"pan at equal widths", {0, 0, 100}, {5000, -3000, 100}, kRho},
      {"short pan, deep zoom", {120.5, 36.1, 0.5}, {120.51, 36.12, 0.0005}, kRho},
      {"d3 docs", {30, 30, 40}, {135, 85, 60}, kRho},
      {"pure zoom in", {540000, 3990000, 8000}, {540000, 3990000, 50}, kRho},
      {"pure zoom out", {10, 20, 3}, {10, 20, 3000}, kRho},
      {"rho 1", {540000, 3990000, 8000}, {560000, 4005000, 2000}, 1.0},
      {"rho 2.5", {0, 0, 1}, {-40, 7, 4}, 2.5},
  };
}

}  // namespace

TEST_CASE("fly-to starts at from and ends at to", "[app][flyto]") {
  for (const Case& c : cases()) {
    INFO(c.name);
    const FlyTo f(c.from, c.to, c.rho);
    check_view(f.at(0.0), c.from);
    check_view(f.at(1.0), c.to);
    // Clamped outside [0, 1].
    check_view(f.at(-3.0), c.from);
    check_view(f.at(7.0), c.to);
    // The formulas themselves meet the end views, not only the snapped endpoints.
    check_view(f.at(1e-13), c.from, 1e-9);
    check_view(f.at(1.0 - 1e-13), c.to, 1e-9);
    CHECK(f.path_length() > 0);
    CHECK(std::isfinite(f.path_length()));
  }
}

TEST_CASE("fly-to path is continuous", "[app][flyto]") {
  for (const Case& c : cases()) {
    INFO(c.name);
    const FlyTo f(c.from, c.to, c.rho);
    const double dt = 1e-4;
    // The path is parametrised by arc length S in the paper's metric, where a width
    // change dw/w costs ds * rho at most and a centre move du costs ds * w at most
    // (up to rho); a factor 2 of slack on those bounds.
    const double step = f.path_length() * dt;
    View prev = f.at(0.0);
    for (int i = 1; i <= 10000; ++i) {
      const View v = f.at(i * dt);
      REQUIRE(finite(v));
      REQUIRE(v.w > 0);
      const double wmax = std::max(v.w, prev.w);
      REQUIRE(std::hypot(v.cx - prev.cx, v.cy - prev.cy) <=
              2.0 * std::max(1.0, c.rho) * step * wmax + 1e-9 * wmax);
      REQUIRE(std::fabs(std::log(v.w / prev.w)) <= 2.0 * c.rho * step + 1e-12);
      prev = v;
    }
  }
}

TEST_CASE("fly-to centre moves monotonically along the straight line", "[app][flyto]") {
  for (const Case& c : cases()) {
    if (c.from.cx == c.to.cx && c.from.cy == c.to.cy) continue;
    INFO(c.name);
    const FlyTo f(c.from, c.to, c.rho);
    const double dx = c.to.cx - c.from.cx, dy = c.to.cy - c.from.cy;
    const double d = std::hypot(dx, dy);
    double last = 0.0;
    for (int i = 0; i <= 2000; ++i) {
      const View v = f.at(i / 2000.0);
      const double p = progress(v, c.from, c.to);
      REQUIRE(p >= last - 1e-12);
      REQUIRE(p <= 1.0 + 1e-12);
      // Perpendicular distance from the from -> to line.
      const double off = ((v.cx - c.from.cx) * dy - (v.cy - c.from.cy) * dx) / d;
      REQUIRE(std::fabs(off) <= 1e-9 * (d + std::max(c.from.w, c.to.w)));
      last = p;
    }
    CHECK_THAT(last, WithinAbs(1.0, 1e-12));
  }
}

TEST_CASE("a long pan zooms out and back in", "[app][flyto]") {
  SECTION("different widths") {
    const View a{540000, 3990000, 8000}, b{560000, 4005000, 2000};  // 25 km apart
    const FlyTo f(a, b);
    double widest = 0.0;
    for (int i = 0; i <= 100; ++i) widest = std::max(widest, f.at(i / 100.0).w);
    CHECK(f.at(0.5).w > std::max(a.w, b.w));
    CHECK(widest > 2.0 * std::max(a.w, b.w));
  }
  SECTION("equal widths: symmetric, closed form at the middle") {
    // b0 = rho^2 d / (2w) = -b1, so r1 = -r0 and the middle is s = S/2 where
    // rho s + r0 = 0: the centre is halfway and w = w0 cosh(r0) = w sqrt(1 + b0^2).
    const double w = 100, d = std::hypot(5000.0, 3000.0);
    const View a{0, 0, w}, b{5000, -3000, w};
    for (double rho : {kRho, 1.0, 2.0}) {
      INFO("rho " << rho);
      const FlyTo f(a, b, rho);
      const double b0 = rho * rho * d / (2 * w);
      CHECK_THAT(f.path_length(), WithinRel(2.0 * std::asinh(b0) / rho, 1e-12));
      const View mid = f.at(0.5);
      CHECK_THAT(mid.cx, WithinAbs(2500, 1e-9));
      CHECK_THAT(mid.cy, WithinAbs(-1500, 1e-9));
      CHECK_THAT(mid.w, WithinRel(w * std::sqrt(1 + b0 * b0), 1e-12));
      // Symmetric about the middle.
      const View q1 = f.at(0.2), q3 = f.at(0.8);
      CHECK_THAT(q1.w, WithinRel(q3.w, 1e-12));
      CHECK_THAT(q1.cx + q3.cx, WithinAbs(5000, 1e-9));
    }
    // At rho = sqrt(2) the middle width is sqrt(w^2 + d^2).
    CHECK_THAT(FlyTo(a, b).at(0.5).w, WithinRel(std::sqrt(w * w + d * d), 1e-12));
  }
  SECTION("a larger rho zooms out further") {
    const View a{0, 0, 10}, b{1000, 0, 10};
    CHECK(FlyTo(a, b, 2.0).at(0.5).w > FlyTo(a, b, 1.0).at(0.5).w);
  }
}

TEST_CASE("pure zoom keeps the centre and changes w monotonically", "[app][flyto]") {
  const View c{540000, 3990000, 8000};
  for (double w1 : {50.0, 8000.0 * 64, 7999.0}) {
    INFO("w1 " << w1);
    const View to{c.cx, c.cy, w1};
    const FlyTo f(c, to);
    CHECK_THAT(f.path_length(), WithinRel(std::fabs(std::log(w1 / c.w)) / kRho, 1e-12));
    double prev = c.w;
    for (int i = 1; i <= 1000; ++i) {
      const double t = i / 1000.0;
      const View v = f.at(t);
      REQUIRE(finite(v));
      REQUIRE(v.cx == c.cx);
      REQUIRE(v.cy == c.cy);
      if (w1 < c.w) REQUIRE(v.w <= prev);
      if (w1 > c.w) REQUIRE(v.w >= prev);
      // Geometric in t: w0 (w1/w0)^t, the d3 special case.
      REQUIRE_THAT(v.w, WithinRel(c.w * std::pow(w1 / c.w, t), 1e-12));
      prev = v.w;
    }
  }
  SECTION("centres a hair apart give nearly the same path as coinciding ones") {
    // Either side of the same-centre threshold (1e-9 of the view width).
    const View to{c.cx, c.cy, 50};
    const FlyTo exact(c, to);
    for (double off : {1e-13, 4e-6, 1e-5, 1e-3}) {
      INFO("offset " << off);
      const FlyTo near(c, View{c.cx + off, c.cy, 50});
      CHECK_THAT(near.path_length(), WithinRel(exact.path_length(), 1e-6));
      for (double t : {0.1, 0.5, 0.9}) {
        const View a = exact.at(t), b = near.at(t);
        REQUIRE(finite(b));
        CHECK_THAT(b.cx, WithinAbs(a.cx, off + 1e-9));
        CHECK_THAT(b.w, WithinRel(a.w, 1e-6));
      }
    }
  }
}

TEST_CASE("identical views give an empty, constant path", "[app][flyto]") {
  const View v{540000.25, 3990000.5, 1234.5};
  const FlyTo f(v, v);
  CHECK(f.path_length() == 0.0);
  CHECK(f.recommended_seconds() == 0.0);
  for (double t : {0.0, 0.25, 0.5, 1.0}) {
    const View a = f.at(t);
    CHECK(a.cx == v.cx);
    CHECK(a.cy == v.cy);
    CHECK(a.w == v.w);
  }
  const View b = f.at_time(0.3, f.recommended_seconds());
  CHECK(b.cx == v.cx);
  CHECK(b.w == v.w);
}

TEST_CASE("invalid views make the flight a jump", "[app][flyto]") {
  const View good{0, 0, 10};
  for (const View& bad : {View{0, 0, 0}, View{0, 0, -5}, View{NAN, 0, 10}, View{0, INFINITY, 10}}) {
    const FlyTo f(good, bad);
    CHECK(f.path_length() == 0.0);
    CHECK(f.at(0.0).w == good.w);
    const View mid = f.at(0.5);
    CHECK((mid.w == bad.w || (std::isnan(mid.w) && std::isnan(bad.w))));
  }
  // A NaN or tiny rho does not poison the path.
  CHECK(FlyTo(good, View{100, 0, 10}, NAN).rho() == Approx(kRho));
  CHECK(FlyTo(good, View{100, 0, 10}, 0.0).rho() == Approx(1e-3));
  CHECK(finite(FlyTo(good, View{100, 0, 10}, NAN).at(0.5)));
}

TEST_CASE("extreme zoom ratios stay finite", "[app][flyto]") {
  // Camera resolutions span 1e-9..1e9 units per pixel; widths a few thousand times that.
  const View a{0, 0, 1e-6}, b{1e-3, 0, 1e12};
  for (const FlyTo& f : {FlyTo(a, b), FlyTo(b, a), FlyTo(a, View{1e9, 0, 1e-6})}) {
    REQUIRE(std::isfinite(f.path_length()));
    double last = 0.0;
    for (int i = 0; i <= 200; ++i) {
      const View v = f.at(i / 200.0);
      REQUIRE(finite(v));
      REQUIRE(v.w > 0);
      const double p = progress(v, f.from(), f.to());
      REQUIRE(p >= last - 1e-9);
      last = p;
    }
    check_view(f.at(1.0 - 1e-15), f.to(), 1e-6);
  }
}

TEST_CASE("at_time eases the path by wall clock", "[app][flyto]") {
  const View a{540000, 3990000, 8000}, b{560000, 4005000, 2000};
  const FlyTo f(a, b);
  const double duration = f.recommended_seconds();
  REQUIRE(duration > 0);

  double last = 0.0;
  for (int i = 0; i <= 600; ++i) {
    const double sec = duration * i / 600.0;
    const double p = progress(f.at_time(sec, duration), a, b);
    REQUIRE(p >= last - 1e-12);
    last = p;
  }
  check_view(f.at_time(0.0, duration), a);
  check_view(f.at_time(-1.0, duration), a);
  check_view(f.at_time(duration, duration), b);
  check_view(f.at_time(duration + 5.0, duration), b);
  check_view(f.at_time(1.0, 0.0), b);  // no duration: jump to the end

  // Cubic in-out: slow start and end, on schedule at the middle.
  check_view(f.at_time(0.5 * duration, duration), f.at(0.5));
  CHECK(progress(f.at_time(0.1 * duration, duration), a, b) < progress(f.at(0.1), a, b));
  CHECK(progress(f.at_time(0.9 * duration, duration), a, b) > progress(f.at(0.9), a, b));
  CHECK(app::ease_cubic_in_out(0.0) == 0.0);
  CHECK(app::ease_cubic_in_out(1.0) == 1.0);
  CHECK_THAT(app::ease_cubic_in_out(0.25), WithinAbs(4 * 0.25 * 0.25 * 0.25, 1e-15));
  CHECK_THAT(app::ease_cubic_in_out(0.75), WithinAbs(1 - 4 * 0.25 * 0.25 * 0.25, 1e-15));
}

TEST_CASE("fly-to matches the paper's closed form", "[app][flyto]") {
  // van Wijk & Nuij eq. (7)-(9), written as in the paper with logs and tanh:
  //   b_i = (w1^2 - w0^2 + (-1)^i rho^4 d^2) / (2 w_i rho^2 d)
  //   r_i = ln(-b_i + sqrt(b_i^2 + 1)),  S = (r1 - r0) / rho
  //   u(s) = w0/rho^2 cosh(r0) tanh(rho s + r0) - w0/rho^2 sinh(r0)   (0..d)
  //   w(s) = w0 cosh(r0) / cosh(rho s + r0)
  for (double rho : {kRho, 1.0, 1.7}) {
    INFO("rho " << rho);
    const View a{540000, 3990000, 8000}, b{560000, 4005000, 2000};
    const double dx = b.cx - a.cx, dy = b.cy - a.cy, d = std::hypot(dx, dy);
    const double w0 = a.w, w1 = b.w, r2 = rho * rho, r4 = r2 * r2;
    const double b0 = (w1 * w1 - w0 * w0 + r4 * d * d) / (2 * w0 * r2 * d);
    const double b1 = (w1 * w1 - w0 * w0 - r4 * d * d) / (2 * w1 * r2 * d);
    const double r0 = std::log(-b0 + std::sqrt(b0 * b0 + 1));
    const double r1 = std::log(-b1 + std::sqrt(b1 * b1 + 1));
    const double S = (r1 - r0) / rho;
    const FlyTo f(a, b, rho);
    CHECK_THAT(f.path_length(), WithinRel(S, 1e-9));
    for (double t : {0.1, 0.25, 0.5, 0.8, 0.95}) {
      INFO("t " << t);
      const double s = t * S;
      const double u = w0 / r2 * std::cosh(r0) * std::tanh(rho * s + r0) - w0 / r2 * std::sinh(r0);
      const double w = w0 * std::cosh(r0) / std::cosh(rho * s + r0);
      check_view(f.at(t), View{a.cx + u / d * dx, a.cy + u / d * dy, w}, 1e-9);
    }
  }
}

TEST_CASE("fly-to matches d3.interpolateZoom", "[app][flyto]") {
  // d3-interpolate's documented example.
  const FlyTo docs(View{30, 30, 40}, View{135, 85, 60});
  check_view(docs.at(0.5), View{72, 52, 126.04761005270991}, 1e-12);

  // Values printed by d3-interpolate 3's zoom.js code run in node.
  const View a{540000, 3990000, 8000}, b{560000, 4005000, 2000};
  const FlyTo f(a, b);
  CHECK_THAT(f.path_length(), WithinRel(3.5908686325203503, 1e-12));
  check_view(f.at(0.25), View{544507.66474704409, 3993380.7485602829, 22066.741715554093});
  check_view(f.at(0.5), View{556000.0, 4002000.0, 20396.078054371108});
  check_view(f.at(0.8), View{559795.68432855036, 4004846.7632464129, 5467.3119867580963});
  const FlyTo f1(a, b, 1.0);
  CHECK_THAT(f1.path_length(), WithinRel(3.7679077934100649, 1e-12));
  check_view(f1.at(0.3), View{548875.48916349094, 3996656.6168726180, 13843.688554303317});
}

TEST_CASE("recommended duration follows d3 and is clamped", "[app][flyto]") {
  const View c{0, 0, 100};
  // Pure zoom with S = 1: d3's duration S * rho / sqrt(2) s = 1 s at the default rho.
  const FlyTo one(c, View{0, 0, 100 * std::exp(kRho)});
  CHECK_THAT(one.path_length(), WithinRel(1.0, 1e-12));
  CHECK_THAT(one.recommended_seconds(), WithinRel(1.0, 1e-12));
  CHECK_THAT(one.recommended_seconds(1.25), WithinRel(0.8, 1e-12));
  CHECK(one.recommended_seconds(-1.0) == one.recommended_seconds());
  // The same zoom in, not out: the same length (d3 would give a negative S).
  CHECK_THAT(FlyTo(View{0, 0, 100 * std::exp(kRho)}, c).recommended_seconds(),
             WithinRel(1.0, 1e-12));
  // With rho = 1 d3 scales the time by rho / sqrt(2).
  const FlyTo slow(c, View{0, 0, 100 * std::exp(1.5)}, 1.0);
  CHECK_THAT(slow.recommended_seconds(), WithinRel(1.5 / std::sqrt(2.0), 1e-12));
  // Clamped: a small zoom takes 0.6 s, a pan across a country 2 s.
  CHECK(FlyTo(c, View{0, 0, 150}).recommended_seconds() == FlyTo::kMinSeconds);
  CHECK(FlyTo(c, View{1e6, 0, 100}).recommended_seconds() == FlyTo::kMaxSeconds);
}

TEST_CASE("view_of and apply round-trip through a camera", "[app][flyto]") {
  app::Camera cam;
  cam.set_viewport(800, 600);
  cam.set(540123.5, 3991234.25, 2.5);
  const View v = app::view_of(cam);
  CHECK(v.cx == 540123.5);
  CHECK(v.cy == 3991234.25);
  CHECK_THAT(v.w, WithinRel(2000.0, 1e-15));

  app::Camera other;
  other.set_viewport(800, 600);
  app::apply(v, other);
  CHECK(other.center_x() == cam.center_x());
  CHECK(other.center_y() == cam.center_y());
  CHECK_THAT(other.resolution(), WithinRel(cam.resolution(), 1e-15));
  CHECK(other.width() == 800);
  CHECK(other.height() == 600);

  // A wider viewport shows the same width of map at a finer resolution.
  app::Camera wide;
  wide.set_viewport(1600, 900);
  app::apply(v, wide);
  CHECK(wide.width() == 1600);
  CHECK_THAT(wide.resolution(), WithinRel(1.25, 1e-15));
  const View back = app::view_of(wide);
  CHECK_THAT(back.w, WithinRel(v.w, 1e-15));

  // Animating a camera along a flight lands exactly on the target view.
  const FlyTo f(v, View{560000, 4005000, 8000});
  app::apply(f.at_time(10.0, f.recommended_seconds()), other);
  CHECK(other.center_x() == 560000);
  CHECK(other.center_y() == 4005000);
  CHECK_THAT(other.resolution(), WithinRel(10.0, 1e-15));
}
