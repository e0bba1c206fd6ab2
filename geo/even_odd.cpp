#include "geo/even_odd.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace geo {

namespace {

struct Edge {
  double x0, y0, x1, y1;  // y0 < y1
  double x_at(double y) const {
    const double t = (std::clamp(y, y0, y1) - y0) / (y1 - y0);
    return x0 + (x1 - x0) * t;
  }
};

struct Crossing {
  double mid, top, bottom;  // x at the band's middle, top (y1) and bottom (y0)
};

}  // namespace

size_t fill_even_odd(const PolygonView& polygon, std::vector<double>& xy, std::vector<uint32_t>& indices,
                     size_t budget) {
  if (!polygon.xy || !polygon.ring_offsets || polygon.ring_count == 0) return 0;
  std::vector<Edge> edges;
  for (size_t r = 0; r < polygon.ring_count; ++r) {
    const uint32_t b = polygon.ring_offsets[r], e = polygon.ring_offsets[r + 1];
    if (e <= b + 1) continue;
    for (uint32_t v = b; v < e; ++v) {
      const uint32_t w = v + 1 < e ? v + 1 : b;  // open rings close themselves
      double ax = polygon.xy[2 * size_t(v)], ay = polygon.xy[2 * size_t(v) + 1];
      double bx = polygon.xy[2 * size_t(w)], by = polygon.xy[2 * size_t(w) + 1];
      if (!std::isfinite(ax) || !std::isfinite(ay) || !std::isfinite(bx) || !std::isfinite(by) || ay == by) continue;
      if (ay > by) std::swap(ax, bx), std::swap(ay, by);
      edges.push_back({ax, ay, bx, by});
    }
  }
  if (edges.size() < 2) return 0;

  // Band boundaries: every vertex's y when the work allows, else evenly spaced.
  std::vector<double> ys;
  ys.reserve(2 * edges.size());
  for (const Edge& e : edges) ys.push_back(e.y0), ys.push_back(e.y1);
  std::sort(ys.begin(), ys.end());
  ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
  size_t work = 0;
  for (const Edge& e : edges) {
    const auto a = std::lower_bound(ys.begin(), ys.end(), e.y0), b = std::lower_bound(ys.begin(), ys.end(), e.y1);
    work += static_cast<size_t>(b - a);
    if (work > budget) break;
  }
  if (work > budget) {
    const size_t bands = std::clamp<size_t>(budget / edges.size(), 1, ys.size() - 1);
    const double lo = ys.front(), hi = ys.back();
    ys.resize(bands + 1);
    for (size_t i = 0; i <= bands; ++i) ys[i] = lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(bands);
    ys.back() = hi;
  }

  std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.y0 < b.y0; });
  const auto base = static_cast<uint32_t>(xy.size() / 2);
  size_t triangles = 0, next = 0;
  std::vector<const Edge*> active;
  std::vector<Crossing> crossings;
  std::vector<std::pair<double, double>> pending;  // sub-bands of this band, lowest last
  // Crossings of the edges meeting [lo, hi] at its middle, left to right; the index of
  // the first neighbouring pair that changes order inside the band (edges crossing
  // there), or npos.
  auto gather = [&](double lo, double hi, size_t& twisted, double& split) {
    const double mid = 0.5 * (lo + hi);
    crossings.clear();
    std::vector<const Edge*> at;
    for (const Edge* e : active)
      if (e->y0 <= mid && e->y1 >= mid) at.push_back(e);
    std::sort(at.begin(), at.end(), [mid](const Edge* a, const Edge* b) { return a->x_at(mid) < b->x_at(mid); });
    for (const Edge* e : at) crossings.push_back({e->x_at(mid), e->x_at(hi), e->x_at(lo)});
    work += at.size();
    twisted = std::string::npos;
    for (size_t i = 0; i + 1 < at.size() && twisted == std::string::npos; ++i) {
      if (crossings[i].top <= crossings[i + 1].top && crossings[i].bottom <= crossings[i + 1].bottom) continue;
      // Where the two edges meet: x_a(y) = x_b(y), both linear in y across the band.
      const double da = (crossings[i].top - crossings[i].bottom), db = (crossings[i + 1].top - crossings[i + 1].bottom);
      const double t = (crossings[i + 1].bottom - crossings[i].bottom) / (da - db);
      const double y = lo + t * (hi - lo);
      if (std::isfinite(y) && y > lo && y < hi) twisted = i, split = y;
    }
  };
  work = 0;
  for (size_t band = 0; band + 1 < ys.size(); ++band) {
    const double y0 = ys[band], y1 = ys[band + 1];
    if (!(y1 > y0)) continue;
    while (next < edges.size() && edges[next].y0 < y1) active.push_back(&edges[next++]);
    active.erase(std::remove_if(active.begin(), active.end(), [y0](const Edge* e) { return e->y1 <= y0; }),
                 active.end());
    pending.assign(1, {y0, y1});
    while (!pending.empty()) {
      const auto [lo, hi] = pending.back();
      pending.pop_back();
      size_t twisted = 0;
      double split = 0;
      gather(lo, hi, twisted, split);
      // Edges crossing inside the band: cut it there, while the work allows (else the
      // trapezoids there are twisted, off only near the crossing).
      if (twisted != std::string::npos && work < budget) {
        pending.push_back({split, hi});
        pending.push_back({lo, split});
        continue;
      }
      for (size_t i = 0; i + 1 < crossings.size(); i += 2) {
        const Crossing &l = crossings[i], &r = crossings[i + 1];
        if (r.mid - l.mid <= 0) continue;
        const auto v = static_cast<uint32_t>(xy.size() / 2) - base;
        xy.insert(xy.end(), {l.bottom, lo, r.bottom, lo, r.top, hi, l.top, hi});
        indices.insert(indices.end(), {v, v + 1, v + 2, v, v + 2, v + 3});
        triangles += 2;
      }
    }
  }
  return triangles;
}

}  // namespace geo
