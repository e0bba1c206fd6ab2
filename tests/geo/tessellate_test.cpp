// Tests for geo::Tessellator: area conservation, index validity, winding and
// robustness on garbage input.
#include "geo/tessellate.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <utility>
#include <vector>

namespace {

using Pt = std::pair<double, double>;
using Ring = std::vector<Pt>;
constexpr double kPi = 3.14159265358979323846;

// Owns flat arrays shaped like the ones the loader hands to the tessellator.
struct Poly {
  std::vector<double> xy;
  std::vector<uint32_t> offsets{0};

  // reverse: flip orientation; close: repeat the first vertex at the end.
  Poly& ring(const Ring& r, bool reverse = false, bool close = false) {
    const size_t n = r.size();
    for (size_t k = 0; k < n; ++k) {
      const Pt& p = r[reverse ? n - 1 - k : k];
      xy.push_back(p.first);
      xy.push_back(p.second);
    }
    if (close && n > 0) {
      xy.push_back(xy[2 * offsets.back()]);
      xy.push_back(xy[2 * offsets.back() + 1]);
    }
    offsets.push_back(uint32_t(xy.size() / 2));
    return *this;
  }
  geo::PolygonView view() const { return {xy.data(), offsets.data(), offsets.size() - 1}; }
  size_t vertex_count() const { return xy.size() / 2; }
};

Ring translate(Ring r, double dx, double dy) {
  for (Pt& p : r) {
    p.first += dx;
    p.second += dy;
  }
  return r;
}

Ring rect(double x0, double y0, double x1, double y1) {
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}};
}

Ring circle(double cx, double cy, double r, int n) {
  Ring out;
  for (int k = 0; k < n; ++k) {
    const double a = 2 * kPi * k / n;
    out.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  return out;
}

double signed_tri(const std::vector<double>& xy, uint32_t a, uint32_t b, uint32_t c) {
  const double ax = xy[2 * a], ay = xy[2 * a + 1];
  return (xy[2 * b] - ax) * (xy[2 * c + 1] - ay) - (xy[2 * b + 1] - ay) * (xy[2 * c] - ax);
}

// Tessellates and checks what holds for any input: whole triples, indices inside
// the polygon's rings, finite vertices, counter-clockwise non-flat triangles.
std::vector<uint32_t> tessellate_checked(const Poly& poly) {
  geo::Tessellator t;
  std::vector<uint32_t> idx{7, 7, 7};  // pre-existing content must survive
  const size_t n = t.tessellate(poly.view(), idx);
  REQUIRE(idx.size() == 3 + 3 * n);
  REQUIRE(idx[0] == 7);
  idx.erase(idx.begin(), idx.begin() + 3);
  for (uint32_t i : idx) {
    REQUIRE(i >= poly.offsets.front());
    REQUIRE(i < poly.offsets.back());
    REQUIRE(std::isfinite(poly.xy[2 * i]));
    REQUIRE(std::isfinite(poly.xy[2 * i + 1]));
  }
  for (size_t k = 0; k < idx.size(); k += 3)
    REQUIRE(signed_tri(poly.xy, idx[k], idx[k + 1], idx[k + 2]) > 0);
  return idx;
}

// Even-odd point-in-polygon over all rings.
bool inside_polygon(const Poly& poly, double px, double py) {
  bool in = false;
  for (size_t r = 0; r + 1 < poly.offsets.size(); ++r) {
    const uint32_t b = poly.offsets[r], e = poly.offsets[r + 1];
    for (uint32_t i = b, j = e - 1; i < e; j = i++) {
      const double xi = poly.xy[2 * i], yi = poly.xy[2 * i + 1];
      const double xj = poly.xy[2 * j], yj = poly.xy[2 * j + 1];
      if ((yi > py) != (yj > py) && px < (xj - xi) * (py - yi) / (yj - yi) + xi) in = !in;
    }
  }
  return in;
}

// Random points of the bounding box lie in exactly one triangle when inside the
// polygon and in none outside: no overlaps, no gaps, nothing outside the shell.
void check_coverage(const Poly& poly, const std::vector<uint32_t>& idx) {
  double x0 = 1e300, y0 = 1e300, x1 = -1e300, y1 = -1e300;
  for (size_t k = 0; k < poly.xy.size(); k += 2) {
    x0 = std::min(x0, poly.xy[k]);
    x1 = std::max(x1, poly.xy[k]);
    y0 = std::min(y0, poly.xy[k + 1]);
    y1 = std::max(y1, poly.xy[k + 1]);
  }
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> ux(x0, x1), uy(y0, y1);
  for (int s = 0; s < 200; ++s) {
    const double px = ux(rng), py = uy(rng);
    int hits = 0;
    for (size_t k = 0; k < idx.size(); k += 3) {
      const double* a = &poly.xy[2 * idx[k]];
      const double* b = &poly.xy[2 * idx[k + 1]];
      const double* c = &poly.xy[2 * idx[k + 2]];
      if ((b[0] - a[0]) * (py - a[1]) - (b[1] - a[1]) * (px - a[0]) > 0 &&
          (c[0] - b[0]) * (py - b[1]) - (c[1] - b[1]) * (px - b[0]) > 0 &&
          (a[0] - c[0]) * (py - c[1]) - (a[1] - c[1]) * (px - c[0]) > 0)
        ++hits;
    }
    INFO("sample " << px << "," << py);
    REQUIRE(hits == (inside_polygon(poly, px, py) ? 1 : 0));
  }
}

// Full check for valid polygons: the triangles cover exactly the polygon.
std::vector<uint32_t> check_area(const Poly& poly) {
  std::vector<uint32_t> idx = tessellate_checked(poly);
  const double want = geo::polygon_area(poly.view());
  const double got = geo::triangles_area(poly.xy.data(), idx);
  REQUIRE(want > 0);
  CHECK(std::abs(got - want) <= 1e-9 * want);
  if (idx.size() <= 3 * 3000) check_coverage(poly, idx);
  return idx;
}

// Runs check_area on every combination of orientation and closing of all rings.
void check_all_variants(const std::vector<Ring>& rings, double dx = 0, double dy = 0) {
  for (int variant = 0; variant < 4; ++variant) {
    for (int hole_flip = 0; hole_flip < 2; ++hole_flip) {
      Poly p;
      for (size_t r = 0; r < rings.size(); ++r) {
        const bool rev = r == 0 ? (variant & 1) != 0 : hole_flip != 0;
        p.ring(translate(rings[r], dx, dy), rev, (variant & 2) != 0);
      }
      INFO("variant " << variant << " hole_flip " << hole_flip);
      check_area(p);
    }
  }
}

}  // namespace

TEST_CASE("tessellate: square gives two triangles", "[geo][tessellate]") {
  Poly p;
  p.ring(rect(0, 0, 10, 10));
  CHECK(check_area(p).size() == 6);
  check_all_variants({rect(0, 0, 10, 10)});
}

TEST_CASE("tessellate: concave shapes", "[geo][tessellate]") {
  SECTION("L") {
    check_all_variants({{{0, 0}, {10, 0}, {10, 3}, {3, 3}, {3, 10}, {0, 10}}});
  }
  SECTION("comb") {
    Ring comb{{0, 0}, {100, 0}, {100, 10}};
    for (int k = 9; k >= 0; --k) {
      comb.push_back({k * 10 + 8, 10});
      comb.push_back({k * 10 + 8, 50});
      comb.push_back({k * 10 + 2, 50});
      comb.push_back({k * 10 + 2, 10});
    }
    comb.push_back({0, 10});
    check_all_variants({comb});
  }
  SECTION("spiral band") {
    // r = 1 + theta on the inside, 3 wider outside; turns 2*pi apart never meet.
    Ring s;
    const int n = 400;
    for (int k = 0; k <= n; ++k) {
      const double a = 6 * kPi * k / n;
      s.push_back({(4 + a) * std::cos(a), (4 + a) * std::sin(a)});
    }
    for (int k = n; k >= 0; --k) {
      const double a = 6 * kPi * k / n;
      s.push_back({(1 + a) * std::cos(a), (1 + a) * std::sin(a)});
    }
    check_all_variants({s});
  }
  SECTION("long thin spiral band (ears only at its ends)") {
    Ring s;
    const int n = 10000;
    for (int k = 0; k <= n; ++k) {
      const double a = 40 * kPi * k / n;
      s.push_back({(4 + a) * std::cos(a), (4 + a) * std::sin(a)});
    }
    for (int k = n; k >= 0; --k) {
      const double a = 40 * kPi * k / n;
      s.push_back({(1 + a) * std::cos(a), (1 + a) * std::sin(a)});
    }
    Poly p;
    p.ring(s);
    CHECK(check_area(p).size() / 3 == s.size() - 2);
  }
}

TEST_CASE("tessellate: holes", "[geo][tessellate]") {
  SECTION("one hole") { check_all_variants({rect(0, 0, 10, 10), rect(3, 3, 6, 7)}); }
  SECTION("many holes") {
    std::vector<Ring> rings{rect(0, 0, 100, 100)};
    for (int i = 0; i < 10; ++i)
      for (int j = 0; j < 10; ++j)
        rings.push_back(rect(i * 10 + 2, j * 10 + 3, i * 10 + 7, j * 10 + 8));
    check_all_variants(rings);
  }
  SECTION("hole touching the outer ring at an outer vertex") {
    check_all_variants({rect(0, 0, 10, 10), {{0, 0}, {5, 2}, {2, 5}}});
    check_all_variants({rect(0, 0, 10, 10), {{10, 10}, {5, 8}, {8, 5}}});
  }
  SECTION("hole vertex touching an outer edge") {
    check_all_variants({rect(0, 0, 10, 10), {{0, 5}, {4, 2}, {4, 8}}});
    check_all_variants({rect(0, 0, 10, 10), {{5, 0}, {8, 4}, {2, 4}}});
  }
  SECTION("hole touching a reflex outer vertex") {
    check_all_variants({{{0, 0}, {10, 0}, {10, 10}, {5, 4}, {0, 10}}, {{5, 4}, {6, 2}, {4, 2}}});
  }
  SECTION("two holes touching at a vertex") {
    check_all_variants({rect(0, 0, 10, 10), rect(2, 2, 4, 4), rect(4, 4, 6, 6)});
  }
  SECTION("two holes sharing an edge") {
    check_all_variants({rect(0, 0, 10, 10), rect(2, 2, 4, 4), rect(4, 2, 6, 4)});
  }
  SECTION("degenerate holes are ignored") {
    Poly p;
    p.ring(rect(0, 0, 10, 10)).ring({{1, 1}, {2, 2}}).ring({{1, 1}, {2, 2}, {3, 3}});
    CHECK(check_area(p).size() == 6);
  }
}

TEST_CASE("tessellate: collinear duplicate and spike vertices", "[geo][tessellate]") {
  SECTION("collinear points on edges") {
    Ring r;
    for (int k = 0; k < 10; ++k) r.push_back({double(k), 0});
    for (int k = 0; k < 10; ++k) r.push_back({10, double(k)});
    for (int k = 10; k > 0; --k) r.push_back({double(k), 10});
    for (int k = 10; k > 0; --k) r.push_back({0, double(k)});
    check_all_variants({r, {{3, 3}, {4, 3}, {5, 3}, {5, 5}, {3, 5}}});
  }
  SECTION("duplicate consecutive points") {
    check_all_variants({{{0, 0}, {0, 0}, {10, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 10}},
                        {{2, 2}, {2, 2}, {4, 2}, {4, 4}, {4, 4}}});
  }
  SECTION("spike out of an edge") {
    check_all_variants({{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 15}, {5, 10}, {0, 10}}});
  }
  SECTION("spike into the interior") {
    check_all_variants({{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 4}, {5, 10}, {0, 10}}});
  }
  SECTION("self-touching ring (two squares meeting at a corner)") {
    check_all_variants({{{0, 0}, {5, 0}, {5, 5}, {10, 5}, {10, 10}, {5, 10}, {5, 5}, {0, 5}}});
  }
}

TEST_CASE("tessellate: projected coordinates keep precision", "[geo][tessellate]") {
  const double x0 = 500000.123, y0 = 4000000.456;
  check_all_variants({{{0, 0}, {10, 0}, {10, 3}, {3, 3}, {3, 10}, {0, 10}}}, x0, y0);
  check_all_variants({rect(0, 0, 0.5, 0.5), rect(0.1, 0.1, 0.2, 0.2)}, x0, y0);
  check_all_variants({circle(0, 0, 250, 300), circle(-100, 0, 30, 40), circle(100, 0, 30, 40)},
                     x0, y0);
}

TEST_CASE("tessellate: 10000-vertex circle with holes", "[geo][tessellate]") {
  Poly p;
  p.ring(circle(0, 0, 1000, 10000));
  int holes = 0;
  for (int i = -3; i <= 3; ++i)
    for (int j = -3; j <= 3; ++j) {
      p.ring(circle(i * 200, j * 200, 60, 64), true);
      ++holes;
    }
  const std::vector<uint32_t> idx = check_area(p);
  // Ears only: exactly vertices + 2 * holes - 2 triangles.
  CHECK(idx.size() / 3 == p.vertex_count() + 2 * holes - 2);
}

TEST_CASE("tessellate: garbage input", "[geo][tessellate]") {
  geo::Tessellator t;
  std::vector<uint32_t> out;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();

  SECTION("empty views") {
    CHECK(t.tessellate({nullptr, nullptr, 0}, out) == 0);
    const uint32_t off[] = {0, 0};
    const double xy[] = {0, 0};
    CHECK(t.tessellate({xy, off, 1}, out) == 0);
    CHECK(t.tessellate({xy, off, 0}, out) == 0);
    const uint32_t backwards[] = {3, 1};
    CHECK(t.tessellate({xy, backwards, 1}, out) == 0);
    CHECK(out.empty());
  }
  SECTION("rings too short, collinear or flat") {
    Poly two;
    two.ring({{0, 0}, {1, 1}});
    CHECK(t.tessellate(two.view(), out) == 0);
    Poly line;
    line.ring({{0, 0}, {1, 1}, {2, 2}, {3, 3}, {5, 5}}, false, true);
    CHECK(t.tessellate(line.view(), out) == 0);
    Poly back_and_forth;
    back_and_forth.ring({{0, 0}, {5, 0}, {10, 0}, {5, 0}});
    CHECK(t.tessellate(back_and_forth.view(), out) == 0);
    Poly same;
    same.ring({{2, 2}, {2, 2}, {2, 2}, {2, 2}});
    CHECK(t.tessellate(same.view(), out) == 0);
    CHECK(out.empty());
  }
  SECTION("all vertices NaN or infinite") {
    Poly p;
    p.ring({{nan, nan}, {nan, 1}, {inf, 0}, {-inf, inf}});
    CHECK(t.tessellate(p.view(), out) == 0);
    CHECK(geo::polygon_area(p.view()) == 0);
  }
  SECTION("non-finite vertices are dropped") {
    Poly p;
    p.ring({{0, 0}, {nan, 5}, {10, 0}, {10, 10}, {inf, 3}, {0, 10}})
        .ring({{2, 2}, {nan, nan}, {4, 2}, {4, 4}, {2, 4}});
    const std::vector<uint32_t> idx = tessellate_checked(p);
    CHECK(geo::triangles_area(p.xy.data(), idx) == Approx(96.0));
  }
  SECTION("hole outside the shell is ignored") {
    Poly p;
    p.ring(rect(0, 0, 10, 10)).ring(rect(20, 2, 25, 6)).ring(rect(-8, 2, -5, 6));
    const std::vector<uint32_t> idx = tessellate_checked(p);
    CHECK(geo::triangles_area(p.xy.data(), idx) == Approx(100.0));
  }
  SECTION("hole inside a hole is ignored") {
    Poly p;
    p.ring(rect(0, 0, 10, 10)).ring(rect(2, 2, 8, 8)).ring(rect(4, 4, 6, 6));
    const std::vector<uint32_t> idx = tessellate_checked(p);
    CHECK(geo::triangles_area(p.xy.data(), idx) == Approx(64.0));
  }
  SECTION("huge coordinates") {
    Poly absurd;  // beyond 1e150: dropped like NaN
    absurd.ring({{-1e308, -1e308}, {1e308, -1e308}, {1e308, 1e308}, {0, 5}, {-1e308, 1e308}});
    CHECK(t.tessellate(absurd.view(), out) == 0);
    Poly large;
    large.ring({{-1e149, -1e149}, {1e149, -1e149}, {1e149, 1e149}, {0, 5}, {-1e149, 1e149}});
    const std::vector<uint32_t> idx = tessellate_checked(large);
    CHECK(idx.size() == 9);
  }
  SECTION("self-intersecting rings") {
    Poly bowtie;
    bowtie.ring({{0, 0}, {10, 10}, {10, 0}, {0, 10}});
    tessellate_checked(bowtie);
    // Random vertex soup, large enough for z-order hashing; must end quickly.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0, 100);
    const auto start = std::chrono::steady_clock::now();
    for (int n : {5, 20, 90, 300, 1500, 3000}) {
      for (int rep = 0; rep < 3; ++rep) {
        Poly p;
        Ring r;
        // rep 2: snapped to a 10 x 10 grid, so full of repeated vertices
        const double snap = rep == 2 ? 10 : 0;
        for (int k = 0; k < n; ++k) {
          const double x = u(rng), y = u(rng);
          r.push_back(snap > 0 ? Pt{std::round(x / snap), std::round(y / snap)} : Pt{x, y});
        }
        p.ring(r);
        Ring h;
        for (int k = 0; k < 12; ++k) h.push_back({u(rng), u(rng)});
        p.ring(h);
        tessellate_checked(p);
      }
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  }
}

TEST_CASE("tessellate: scratch memory reuse gives identical results", "[geo][tessellate]") {
  Poly big;
  big.ring(circle(0, 0, 100, 500)).ring(circle(10, 10, 20, 30), true);
  Poly small;
  small.ring({{0, 0}, {10, 0}, {10, 3}, {3, 3}, {3, 10}, {0, 10}});
  geo::Tessellator shared;
  std::vector<uint32_t> a, b, c;
  shared.tessellate(big.view(), a);
  shared.tessellate(small.view(), b);
  shared.tessellate(big.view(), c);
  CHECK(a == c);
  geo::Tessellator fresh;
  std::vector<uint32_t> d;
  fresh.tessellate(small.view(), d);
  CHECK(b == d);
  geo::Tessellator moved(std::move(fresh));
  std::vector<uint32_t> e;
  moved.tessellate(small.view(), e);
  CHECK(e == d);
}

TEST_CASE("tessellate: ring offsets are absolute vertex indices", "[geo][tessellate]") {
  Poly p;
  p.ring(rect(50, 50, 60, 60));  // unrelated ring before the polygon
  p.ring(rect(0, 0, 10, 10)).ring(rect(2, 2, 4, 4));
  const geo::PolygonView v{p.xy.data(), p.offsets.data() + 1, 2};
  geo::Tessellator t;
  std::vector<uint32_t> idx;
  t.tessellate(v, idx);
  for (uint32_t i : idx) {
    CHECK(i >= 4);
    CHECK(i < 12);
  }
  CHECK(geo::triangles_area(p.xy.data(), idx) == Approx(96.0));
  CHECK(geo::polygon_area(v) == Approx(96.0));
}

TEST_CASE("tessellate: random star-shaped polygons", "[geo][tessellate]") {
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> u(0, 1);
  for (int iter = 0; iter < 300; ++iter) {
    // Jittered even angles: gaps stay below 2*pi/3, so the polygon is star-shaped
    // around its centre and contains the disc of radius 10 * cos(pi/3) = 5 there.
    const int n = 6 + int(u(rng) * (iter % 3 == 0 ? 400 : 40));
    std::vector<double> angles;
    for (int k = 0; k < n; ++k) angles.push_back((k + 0.9 * u(rng)) * 2 * kPi / n);
    const double cx = u(rng) < 0.5 ? 0 : 500000 + u(rng) * 1000;
    const double cy = cx == 0 ? 0 : 4000000 + u(rng) * 1000;
    Ring r;
    for (double a : angles) {
      const double rad = 10 + 90 * u(rng);
      r.push_back({cx + rad * std::cos(a), cy + rad * std::sin(a)});
    }
    Poly p;
    p.ring(r, u(rng) < 0.5, u(rng) < 0.5);
    // Hole inside that disc.
    if (iter % 2 == 1) p.ring(circle(cx, cy, 4.9, 3 + iter % 17), u(rng) < 0.5, u(rng) < 0.5);
    INFO("iteration " << iter << " vertices " << r.size());
    check_area(p);
  }
}
