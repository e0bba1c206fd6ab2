// Benchmark for geo::Tessellator on deterministic synthetic data. Standalone:
//   g++ -O2 -std=c++17 -I. bench/bench_tessellate.cpp geo/tessellate.cpp
// The anchor figure is earcut.hpp on the reference 2-core machine (same data shape).
#include "geo/tessellate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

namespace {

constexpr double kPi = 3.14159265358979323846;

// Many polygons in one flat vertex array; poly_rings[p] indexes ring_offsets, whose
// entries are absolute vertex indices (as the loader hands them over).
struct Dataset {
  std::vector<double> xy;
  std::vector<uint32_t> ring_offsets;
  std::vector<size_t> poly_first_ring;  // per polygon: index into ring_offsets
  std::vector<size_t> poly_ring_count;

  void begin_polygon() {
    poly_first_ring.push_back(ring_offsets.size());
    poly_ring_count.push_back(0);
    ring_offsets.push_back(uint32_t(xy.size() / 2));
  }
  void add_point(double x, double y) {
    xy.push_back(x);
    xy.push_back(y);
  }
  void end_ring() {
    ring_offsets.push_back(uint32_t(xy.size() / 2));
    ++poly_ring_count.back();
  }
  // Each polygon owns a block of ring_count+1 entries in ring_offsets.
  geo::PolygonView view(size_t p) const {
    return {xy.data(), ring_offsets.data() + poly_first_ring[p], poly_ring_count[p]};
  }
  size_t size() const { return poly_first_ring.size(); }
};

// Closed rings (first vertex repeated), as GDAL gives them.
void add_circle(Dataset& d, double cx, double cy, double r, int n, bool clockwise,
                std::mt19937& rng, double wobble) {
  std::uniform_real_distribution<double> u(1 - wobble, 1);
  const size_t first = d.xy.size();
  for (int k = 0; k < n; ++k) {
    const double a = 2 * kPi * (clockwise ? n - k : k) / n;
    const double rad = r * (wobble > 0 ? u(rng) : 1);
    d.add_point(cx + rad * std::cos(a), cy + rad * std::sin(a));
  }
  d.add_point(d.xy[first], d.xy[first + 1]);
  d.end_ring();
}

// 100k regular 12-gons, random centres over a 100 km square in projected metres.
Dataset make_12gons(std::mt19937& rng) {
  Dataset d;
  std::uniform_real_distribution<double> cx(400000, 500000), cy(3900000, 4000000);
  std::uniform_real_distribution<double> rad(5, 200);
  for (int p = 0; p < 100000; ++p) {
    d.begin_polygon();
    add_circle(d, cx(rng), cy(rng), rad(rng), 12, false, rng, 0);
  }
  return d;
}

// 10k concave 200-gons (radial wobble 30%) with two 24-vertex holes inside the
// inner 70% disc.
Dataset make_holed(std::mt19937& rng) {
  Dataset d;
  std::uniform_real_distribution<double> cx(400000, 500000), cy(3900000, 4000000);
  std::uniform_real_distribution<double> rad(50, 500);
  for (int p = 0; p < 10000; ++p) {
    const double x = cx(rng), y = cy(rng), r = rad(rng);
    d.begin_polygon();
    add_circle(d, x, y, r, 200, false, rng, 0.3);
    add_circle(d, x - 0.35 * r, y, 0.15 * r, 24, true, rng, 0);
    add_circle(d, x + 0.35 * r, y, 0.15 * r, 24, true, rng, 0);
  }
  return d;
}

// Best of 5 wall-clock runs over the whole set, one Tessellator reused throughout.
void run(const char* label, const Dataset& d, const char* anchor) {
  geo::Tessellator t;
  std::vector<uint32_t> out;
  double best_ms = 1e300;
  size_t triangles = 0;
  for (int rep = 0; rep < 5; ++rep) {
    out.clear();  // keeps capacity: the timed work is the tessellation
    triangles = 0;
    const auto start = std::chrono::steady_clock::now();
    for (size_t p = 0; p < d.size(); ++p) triangles += t.tessellate(d.view(p), out);
    const auto stop = std::chrono::steady_clock::now();
    best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::printf("tessellate %s: %.1f ms (%s)\n", label, best_ms, anchor);
  std::printf("  %zu triangles, %.1f M triangles/s, %.0f ns/polygon\n", triangles,
              triangles / best_ms / 1e3, best_ms * 1e6 / double(d.size()));
  const double want = [&] {
    double a = 0;
    for (size_t p = 0; p < d.size(); ++p) a += geo::polygon_area(d.view(p));
    return a;
  }();
  const double got = geo::triangles_area(d.xy.data(), out);
  std::printf("  area check: relative error %.2e\n", std::abs(got - want) / want);
}

}  // namespace

int main() {
  std::mt19937 rng(20240611);
  const Dataset gons = make_12gons(rng);
  const Dataset holed = make_holed(rng);
  run("100k 12-gons", gons, "anchor earcut.hpp 28 ms; target <= 42 ms");
  run("10k 200-gons with 2 holes", holed, "no earcut.hpp anchor measured");
  return 0;
}
