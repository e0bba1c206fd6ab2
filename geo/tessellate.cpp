// Ear-clipping triangulation (see tessellate.hpp).
//
// Each ring becomes a circular doubly linked list of nodes. The outer ring is stored
// counter-clockwise (y up) and holes clockwise, so after every hole is merged into
// the outer ring through a bridge to a visible outer vertex the rest of the
// algorithm sees a single weakly simple ring with the interior on its left. Ears are
// clipped while any exist; when a full lap finds none the ring is cleaned
// (duplicate and collinear vertices), then local self-intersections are cut off,
// then the ring is split along a valid diagonal and both halves start over. Every
// stage removes nodes or strictly shrinks the pieces, so the process always ends;
// the stages run from an explicit work stack, so garbage input cannot exhaust the
// call stack either.
#include "geo/tessellate.hpp"

#include "geo/ear_ring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace geo {

using namespace detail::ear;  // NOLINT: the clipper is written in terms of its nodes

struct Tessellator::Impl {
  struct Task {
    Node* ring;
    int pass;  // 0: clip; 1: clip after cleaning; 2: clip after curing, then split
  };

  NodePool pool;
  std::vector<Node*> holes;
  std::vector<uint64_t> zkeys;  // z << 32 | position in znodes: sorts as plain integers
  std::vector<Node*> znodes;
  std::vector<Task> tasks;
  std::vector<uint32_t>* out = nullptr;
  bool hashed = false;
  // Work units left for this call (ear tests, split candidates, edges scanned, nodes
  // indexed). Valid input stays far below it; vertex soup can need O(n^3) to split
  // down, and is cut short instead, leaving the rest untriangulated.
  int64_t budget = 0;
  double min_x = 0, min_y = 0, inv_size = 0;  // z-order grid: 65536 cells per bbox side

  size_t run(const PolygonView& poly, std::vector<uint32_t>& dst);
  Node* build_ring(const double* xy, uint32_t b, uint32_t e, bool forward, size_t* count);
  Node* eliminate_holes(const PolygonView& poly, Node* outer, size_t* count);
  Node* eliminate_hole(Node* hole, Node* outer);
  Node* find_hole_bridge(const Node* hole, Node* outer);
  Node* split_polygon(Node* a, Node* b);
  Node* filter_points(Node* start, Node* end);
  Node* cure_local_intersections(Node* start);
  void split_ring(Node* start);
  void clip(Node* ear, int pass);
  bool is_ear(const Node* ear) const;
  bool is_ear_hashed(const Node* ear);  // charges the budget per node visited
  void index_curve(Node* start);
  uint32_t z_key(double x, double y) const;

  void emit(const Node* a, const Node* b, const Node* c) {
    out->push_back(a->i);
    out->push_back(b->i);
    out->push_back(c->i);
  }
  // For repair triangles whose orientation is not known: drop flat ones, turn
  // clockwise ones around so that all output faces the same way.
  void emit_checked(const Node* a, const Node* b, const Node* c) {
    const double s = cross(a, b, c);
    if (s > 0) emit(a, b, c);
    else if (s < 0) emit(a, c, b);
  }
};

size_t Tessellator::Impl::run(const PolygonView& poly, std::vector<uint32_t>& dst) {
  if (!poly.xy || !poly.ring_offsets || poly.ring_count == 0) return 0;
  const uint32_t b = poly.ring_offsets[0], e = poly.ring_offsets[1];
  if (e < b || e - b < 3) return 0;
  const double inf = std::numeric_limits<double>::infinity();
  double box[4] = {inf, inf, -inf, -inf};
  const double area2 = ring_area2(poly.xy, b, e, box);
  if (area2 == 0) return 0;  // flat or empty outer ring

  pool.reset();
  holes.clear();
  size_t count = 0;
  Node* outer = build_ring(poly.xy, b, e, area2 > 0, &count);
  if (count < 3) return 0;
  if (poly.ring_count > 1) outer = eliminate_holes(poly, outer, &count);

  // Large rings find ear blockers through a z-order curve instead of a full lap.
  const double size = std::max(box[2] - box[0], box[3] - box[1]);
  inv_size = size > 0 ? 65535.0 / size : 0;
  hashed = count > 80 && std::isfinite(size) && std::isfinite(inv_size) && inv_size > 0;
  min_x = box[0];
  min_y = box[1];

  // At most count + 2 * holes - 2 triangles; grow geometrically, not to fit.
  const size_t before = dst.size();
  const size_t need = before + 3 * (count + 2 * holes.size());
  if (dst.capacity() < need) dst.reserve(std::max(need, 2 * dst.capacity()));
  out = &dst;
  // Work cap: valid input needs about 8 steps a vertex; the cap bounds pathological
  // rings (long smooth wobbles, vertex soup) to a few seconds, leaving them partly
  // filled rather than hanging the loader.
  budget = int64_t(20000000) + 200 * int64_t(count);
  tasks.clear();
  tasks.push_back({outer, 0});
  while (!tasks.empty() && budget >= 0) {
    const Task t = tasks.back();
    tasks.pop_back();
    clip(t.ring, t.pass);
  }
  out = nullptr;
  return (dst.size() - before) / 3;
}

// Links ring [b, e) in input order (forward) or reversed. Drops unusable vertices,
// repeated vertices and the closing copy of the first vertex. Returns the last node.
Node* Tessellator::Impl::build_ring(const double* xy, uint32_t b, uint32_t e, bool forward,
                                    size_t* count) {
  Node* last = nullptr;
  size_t n = 0;
  for (uint32_t k = 0; k < e - b; ++k) {
    const uint32_t v = forward ? b + k : e - 1 - k;
    const double x = xy[2 * size_t(v)], y = xy[2 * size_t(v) + 1];
    if (!usable(x, y)) continue;
    if (last && last->x == x && last->y == y) continue;
    Node* p = pool.make(v, x, y);
    if (last) {
      p->next = last->next;
      p->prev = last;
      last->next->prev = p;
      last->next = p;
    }
    last = p;
    ++n;
  }
  if (n > 1 && same_xy(last, last->next)) {
    Node* next = last->next;
    unlink(last);
    last = next;
    --n;
  }
  *count = n;
  return last;
}

Node* Tessellator::Impl::eliminate_holes(const PolygonView& poly, Node* outer, size_t* count) {
  for (size_t r = 1; r < poly.ring_count; ++r) {
    const uint32_t b = poly.ring_offsets[r], e = poly.ring_offsets[r + 1];
    if (e < b || e - b < 3) continue;
    const double area2 = ring_area2(poly.xy, b, e, nullptr);
    if (area2 == 0) continue;
    size_t n = 0;
    Node* list = build_ring(poly.xy, b, e, area2 < 0, &n);  // holes run clockwise
    if (n < 3) continue;
    *count += n;
    Node* left = list;
    Node* p = list;
    do {
      if (p->x < left->x || (p->x == left->x && p->y < left->y)) left = p;
      p = p->next;
    } while (p != list);
    holes.push_back(left);
  }
  // Left to right, so that each bridge sees the holes already merged to its left.
  std::sort(holes.begin(), holes.end(), [](const Node* a, const Node* b) {
    return a->x < b->x || (a->x == b->x && a->y < b->y);
  });
  for (Node* h : holes) outer = eliminate_hole(h, outer);
  return outer;
}

Node* Tessellator::Impl::eliminate_hole(Node* hole, Node* outer) {
  Node* bridge = find_hole_bridge(hole, outer);
  if (!bridge) return outer;  // outside the shell: ignored
  Node* bridge_reverse = split_polygon(bridge, hole);
  // The cut often leaves collinear or doubled vertices on either side.
  filter_points(bridge_reverse, bridge_reverse->next);
  return filter_points(bridge, bridge->next);
}

// Finds an outer vertex that the hole's leftmost vertex can see (David Eberly's
// method): cast a ray to the left, take the nearest edge hit, then among the vertices
// inside the triangle (hole point, hit point, that edge's left end) the one at the
// smallest angle to the ray. Null when the hole point is not inside the ring.
Node* Tessellator::Impl::find_hole_bridge(const Node* hole, Node* outer) {
  const double hx = hole->x, hy = hole->y;
  double qx = -std::numeric_limits<double>::infinity();
  Node* m = nullptr;
  // Ray parity: the hole point is inside the ring merged so far (so not outside the
  // shell nor inside an earlier hole); touching the ring counts as inside.
  bool inside = false, touching = false;
  Node* p = outer;
  do {
    Node* q = p->next;
    // Only edges going down face a point to their right in a counter-clockwise ring.
    if (hy <= p->y && hy >= q->y && q->y != p->y) {
      const double x = p->x + (hy - p->y) * (q->x - p->x) / (q->y - p->y);
      if (x <= hx && x > qx) {
        qx = x;
        m = p->x < q->x ? p : q;
        if (x == hx) return m;  // the hole touches this edge: bridge to its left end
      }
    }
    if ((p->y > hy) != (q->y > hy)) {
      const double x = p->x + (hy - p->y) * (q->x - p->x) / (q->y - p->y);
      if (x < hx) inside = !inside;
      else if (x == hx) touching = true;
    } else if (p->y == hy && q->y == hy && hx >= std::min(p->x, q->x) &&
               hx <= std::max(p->x, q->x)) {
      touching = true;
    }
    p = q;
  } while (p != outer);
  if (!m || !(inside || touching)) return nullptr;

  Node* const stop = m;
  const double mx = m->x, my = m->y;
  double tan_min = std::numeric_limits<double>::infinity();
  p = m;
  do {
    if (hx >= p->x && p->x >= mx && hx != p->x &&
        in_triangle(hy < my ? hx : qx, hy, mx, my, hy < my ? qx : hx, hy, p->x, p->y)) {
      const double t = std::abs(hy - p->y) / (hx - p->x);
      if (locally_inside(p, hole) &&
          (t < tan_min || (t == tan_min && (p->x > m->x || (p->x == m->x &&
                                                            sector_contains_sector(m, p)))))) {
        m = p;
        tan_min = t;
      }
    }
    p = p->next;
  } while (p != stop);
  return m;
}

// Joins a and b by a double edge: a->b continues along b's ring, and a copy b2->a2
// continues along a's. On one ring this splits it in two; a on the outer ring and b
// on a hole merges them. Returns b2.
Node* Tessellator::Impl::split_polygon(Node* a, Node* b) {
  Node* a2 = pool.make(a->i, a->x, a->y);
  Node* b2 = pool.make(b->i, b->x, b->y);
  Node* an = a->next;
  Node* bp = b->prev;
  a->next = b;
  b->prev = a;
  a2->next = an;
  an->prev = a2;
  b2->next = a2;
  a2->prev = b2;
  bp->next = b2;
  b2->prev = bp;
  return b2;
}

// Removes repeated and collinear vertices (including zero-width spikes) between
// start and end, going round again after each removal. May leave a single node.
Node* Tessellator::Impl::filter_points(Node* start, Node* end) {
  if (!start) return start;
  if (!end) end = start;
  Node* p = start;
  bool again;
  do {
    again = false;
    if (same_xy(p, p->next) || cross(p->prev, p, p->next) == 0) {
      unlink(p);
      p = end = p->prev;
      if (p == p->next) break;
      again = true;
    } else {
      p = p->next;
    }
  } while (again || p != end);
  return end;
}

// Cuts off small loops where edge (a, p) crosses edge (p.next, b), emitting the
// triangle (a, p, b) and dropping p and p.next.
Node* Tessellator::Impl::cure_local_intersections(Node* start) {
  Node* p = start;
  do {
    Node* a = p->prev;
    Node* b = p->next->next;
    if (b == a || b == p) break;  // fewer than 4 nodes: nothing to cure
    if (!same_xy(a, b) && segments_intersect(a, p, p->next, b) && locally_inside(a, b) &&
        locally_inside(b, a)) {
      emit_checked(a, p, b);
      unlink(p);
      unlink(p->next);
      p = start = b;
    }
    p = p->next;
  } while (p != start);
  return filter_points(p, nullptr);
}

// Last resort: splits the ring along the first valid diagonal found and queues both
// halves from the start. Each half has fewer nodes than the whole.
void Tessellator::Impl::split_ring(Node* start) {
  Node* a = start;
  do {
    for (Node* b = a->next->next; b != a->prev; b = b->next) {
      if (--budget < 0) return;
      if (a->i != b->i && is_valid_diagonal(a, b, budget)) {
        Node* c = split_polygon(a, b);
        a = filter_points(a, a->next);
        c = filter_points(c, c->next);
        tasks.push_back({c, 0});
        tasks.push_back({a, 0});
        return;
      }
    }
    a = a->next;
  } while (a != start);
}

// Clips ears in laps round the ring. After a clip the search normally skips ahead
// (fewer slivers). Once an ear took a long walk to find, ears are scarce and sit
// next to the last clip (the ends of long bands such as rivers and spirals, where
// skipping ahead costs a lap per triangle, O(n^2)): from then on the search steps
// back to the previous vertex after each clip, which zips such bands up in one go.
void Tessellator::Impl::clip(Node* ear, int pass) {
  constexpr uint32_t kLongWalk = 64;  // failed tests before an ear counts as scarce
  if (!ear) return;
  if (pass == 0 && hashed) index_curve(ear);
  Node* stop = ear;
  uint32_t misses = 0;
  bool zip = false;
  while (ear->prev != ear->next) {
    if (--budget < 0) return;
    Node* prev = ear->prev;
    Node* next = ear->next;
    if (hashed ? is_ear_hashed(ear) : is_ear(ear)) {
      emit(prev, ear, next);
      unlink(ear);
      zip = zip || misses > kLongWalk;
      misses = 0;
      ear = stop = zip ? prev : next->next;
      continue;
    }
    ++misses;
    ear = next;
    if (ear == stop) {  // a full lap without an ear
      if (pass == 0) tasks.push_back({filter_points(ear, nullptr), 1});
      else if (pass == 1)
        tasks.push_back({cure_local_intersections(filter_points(ear, nullptr)), 2});
      else split_ring(ear);
      return;
    }
  }
}

// A convex corner whose triangle holds no reflex vertex of the ring. Vertices at a's
// position do not block: they come from bridges and self-touching points, and
// letting them pass is what lets those rings be clipped at all.
bool Tessellator::Impl::is_ear(const Node* ear) const {
  const Node* a = ear->prev;
  const Node* b = ear;
  const Node* c = ear->next;
  if (cross(a, b, c) <= 0) return false;
  const double ax = a->x, ay = a->y, bx = b->x, by = b->y, cx = c->x, cy = c->y;
  const double x0 = std::min(ax, std::min(bx, cx)), x1 = std::max(ax, std::max(bx, cx));
  const double y0 = std::min(ay, std::min(by, cy)), y1 = std::max(ay, std::max(by, cy));
  for (const Node* p = c->next; p != a; p = p->next) {
    if (p->x >= x0 && p->x <= x1 && p->y >= y0 && p->y <= y1 && !(p->x == ax && p->y == ay) &&
        in_triangle(ax, ay, bx, by, cx, cy, p->x, p->y) && cross(p->prev, p, p->next) <= 0)
      return false;
  }
  return true;
}

// Same test, visiting only nodes whose z-order key falls in the triangle's bbox range,
// walking out from the ear in both directions at once.
bool Tessellator::Impl::is_ear_hashed(const Node* ear) {
  const Node* a = ear->prev;
  const Node* b = ear;
  const Node* c = ear->next;
  if (cross(a, b, c) <= 0) return false;
  const double ax = a->x, ay = a->y, bx = b->x, by = b->y, cx = c->x, cy = c->y;
  const double x0 = std::min(ax, std::min(bx, cx)), x1 = std::max(ax, std::max(bx, cx));
  const double y0 = std::min(ay, std::min(by, cy)), y1 = std::max(ay, std::max(by, cy));
  const uint32_t min_z = z_key(x0, y0), max_z = z_key(x1, y1);
  // Each node looked at costs a unit: a ring whose triangles span it (a zigzag across
  // itself) would otherwise visit every node for every ear, O(n^2) unbounded.
  auto blocks = [&](const Node* p) {
    --budget;
    return budget < 0 || (p->x >= x0 && p->x <= x1 && p->y >= y0 && p->y <= y1 && p != a && p != c &&
           !(p->x == ax && p->y == ay) && in_triangle(ax, ay, bx, by, cx, cy, p->x, p->y) &&
           cross(p->prev, p, p->next) <= 0);
  };
  const Node* p = ear->prev_z;
  const Node* n = ear->next_z;
  while (p && p->z >= min_z && n && n->z <= max_z) {
    if (blocks(p)) return false;
    p = p->prev_z;
    if (blocks(n)) return false;
    n = n->next_z;
  }
  for (; p && p->z >= min_z; p = p->prev_z)
    if (blocks(p)) return false;
  for (; n && n->z <= max_z; n = n->next_z)
    if (blocks(n)) return false;
  return true;
}

// Keys every node of the ring and links them in key order (prev_z/next_z).
void Tessellator::Impl::index_curve(Node* start) {
  zkeys.clear();
  znodes.clear();
  Node* p = start;
  do {
    p->z = z_key(p->x, p->y);
    zkeys.push_back(uint64_t(p->z) << 32 | znodes.size());
    znodes.push_back(p);
    p = p->next;
  } while (p != start);
  std::sort(zkeys.begin(), zkeys.end());
  const size_t n = zkeys.size();
  budget -= int64_t(n);
  Node* before = nullptr;
  for (size_t k = 0; k < n; ++k) {
    Node* node = znodes[uint32_t(zkeys[k])];
    node->prev_z = before;
    node->next_z = nullptr;
    if (before) before->next_z = node;
    before = node;
  }
}

// Interleaves the bits of the 16-bit grid cell coordinates. Monotone in x and in y,
// so a bbox's corner keys bound the keys of every point inside it. Points off the
// grid (holes outside the shell) are clamped, which keeps that property.
uint32_t Tessellator::Impl::z_key(double x, double y) const {
  // Grid cell (NaN-safe clamp), then its 16 bits spread to the even bit positions.
  auto spread = [](double f) {
    uint32_t v = f > 0 ? (f < 65535 ? uint32_t(f) : 65535u) : 0u;
    v = (v | (v << 8)) & 0x00FF00FFu;
    v = (v | (v << 4)) & 0x0F0F0F0Fu;
    v = (v | (v << 2)) & 0x33333333u;
    return (v | (v << 1)) & 0x55555555u;
  };
  return spread((x - min_x) * inv_size) | (spread((y - min_y) * inv_size) << 1);
}

Tessellator::Tessellator() : impl_(new Impl) {}
Tessellator::~Tessellator() { delete impl_; }
Tessellator::Tessellator(Tessellator&& other) noexcept : impl_(other.impl_) {
  other.impl_ = nullptr;
}
Tessellator& Tessellator::operator=(Tessellator&& other) noexcept {
  if (this != &other) {
    delete impl_;
    impl_ = other.impl_;
    other.impl_ = nullptr;
  }
  return *this;
}

size_t Tessellator::tessellate(const PolygonView& polygon, std::vector<uint32_t>& out) {
  if (!impl_) impl_ = new Impl;
  impl_->budget = 0;
  return impl_->run(polygon, out);
}

bool Tessellator::cut_short() const { return impl_ && impl_->budget < 0; }

double polygon_area(const PolygonView& polygon) {
  if (!polygon.xy || !polygon.ring_offsets || polygon.ring_count == 0) return 0;
  double area = 0;
  for (size_t r = 0; r < polygon.ring_count; ++r) {
    const uint32_t b = polygon.ring_offsets[r], e = polygon.ring_offsets[r + 1];
    if (e < b) continue;
    const double a = std::abs(ring_area2(polygon.xy, b, e, nullptr)) / 2;
    area += r == 0 ? a : -a;
  }
  return area;
}

double triangles_area(const double* xy, const std::vector<uint32_t>& indices) {
  double sum = 0;
  for (size_t k = 0; k + 2 < indices.size(); k += 3) {
    const double* a = xy + 2 * size_t(indices[k]);
    const double* b = xy + 2 * size_t(indices[k + 1]);
    const double* c = xy + 2 * size_t(indices[k + 2]);
    sum += std::abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2;
  }
  return sum;
}

}  // namespace geo
