// Internal to geo/tessellate.cpp: the ear clipper's ring of nodes (a circular doubly
// linked list, with z-order links while hashing), the pool they live in, and the
// geometric tests the clipper makes on them. Header-only so that the compiler can
// inline the tests into the clipping loops as before.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <vector>

namespace geo::detail::ear {
// (Unnamed inside: internal to the one file that includes it, as they were there.)
namespace {  // NOLINT(google-build-namespaces)

struct Node {
  double x, y;                 // copied from the input for locality
  Node* prev;                  // ring neighbours
  Node* next;
  Node* prev_z;                // neighbours in z-order; null unless hashing
  Node* next_z;
  uint32_t i;                  // absolute vertex index into PolygonView::xy
  uint32_t z;                  // z-order key, valid while hashing
};

// Nodes live in fixed-size chunks so that pointers stay valid while the pool grows;
// the chunks are kept between calls, so steady-state use allocates nothing.
class NodePool {
 public:
  Node* make(uint32_t i, double x, double y) {
    if (used_ == kChunk) {
      ++chunk_;
      used_ = 0;
    }
    if (chunk_ == chunks_.size()) chunks_.emplace_back(new Node[kChunk]);
    Node* n = &chunks_[chunk_][used_++];
    *n = Node{x, y, n, n, nullptr, nullptr, i, 0};  // a ring of its own
    return n;
  }
  void reset() { chunk_ = used_ = 0; }

 private:
  static constexpr size_t kChunk = 1024;
  std::vector<std::unique_ptr<Node[]>> chunks_;
  size_t chunk_ = 0;
  size_t used_ = 0;
};

// Twice the signed area of triangle pqr: > 0 when p, q, r turn counter-clockwise.
inline double cross(const Node* p, const Node* q, const Node* r) {
  return (q->x - p->x) * (r->y - p->y) - (q->y - p->y) * (r->x - p->x);
}

inline bool same_xy(const Node* a, const Node* b) { return a->x == b->x && a->y == b->y; }

// p inside or on the border of the counter-clockwise triangle abc.
inline bool in_triangle(double ax, double ay, double bx, double by, double cx, double cy,
                        double px, double py) {
  return (bx - ax) * (py - ay) - (by - ay) * (px - ax) >= 0 &&
         (cx - bx) * (py - by) - (cy - by) * (px - bx) >= 0 &&
         (ax - cx) * (py - cy) - (ay - cy) * (px - cx) >= 0;
}

// Coordinates beyond 1e150 (and NaN, inf) are treated as garbage and dropped: below
// it, differences and their products (cross products, areas) cannot overflow.
inline bool usable(double x, double y) { return std::abs(x) <= 1e150 && std::abs(y) <= 1e150; }

inline int sign(double v) { return (v > 0) - (v < 0); }

// q within the bounding box of segment pr (used once pqr is known collinear).
inline bool on_segment(const Node* p, const Node* q, const Node* r) {
  return q->x <= std::max(p->x, r->x) && q->x >= std::min(p->x, r->x) &&
         q->y <= std::max(p->y, r->y) && q->y >= std::min(p->y, r->y);
}

// Closed segments p1q1 and p2q2 share at least one point.
inline bool segments_intersect(const Node* p1, const Node* q1, const Node* p2, const Node* q2) {
  const int o1 = sign(cross(p1, q1, p2));
  const int o2 = sign(cross(p1, q1, q2));
  const int o3 = sign(cross(p2, q2, p1));
  const int o4 = sign(cross(p2, q2, q1));
  if (o1 != o2 && o3 != o4) return true;
  if (o1 == 0 && on_segment(p1, p2, q1)) return true;
  if (o2 == 0 && on_segment(p1, q2, q1)) return true;
  if (o3 == 0 && on_segment(p2, p1, q2)) return true;
  if (o4 == 0 && on_segment(p2, q1, q2)) return true;
  return false;
}

// The diagonal a->b leaves a into the interior (the wedge between a's edges).
inline bool locally_inside(const Node* a, const Node* b) {
  if (cross(a->prev, a, a->next) > 0)  // convex corner: inside the wedge
    return cross(a, a->next, b) >= 0 && cross(a, b, a->prev) >= 0;
  // reflex (or flat) corner: anywhere but the exterior wedge
  return cross(a, a->next, b) > 0 || cross(a, b, a->prev) > 0;
}

// The midpoint of ab is inside the ring (even-odd ray cast). Charges one unit of
// `budget` per edge.
inline bool middle_inside(const Node* a, const Node* b, int64_t& budget) {
  const double px = (a->x + b->x) / 2, py = (a->y + b->y) / 2;
  bool inside = false;
  const Node* p = a;
  do {
    const Node* q = p->next;
    if ((p->y > py) != (q->y > py) && q->y != p->y &&
        px < (q->x - p->x) * (py - p->y) / (q->y - p->y) + p->x)
      inside = !inside;
    p = q;
    --budget;
  } while (p != a);
  return inside;
}

// Some ring edge not touching a or b (by vertex index) crosses segment ab. Charges
// one unit of `budget` per edge.
inline bool intersects_ring(const Node* a, const Node* b, int64_t& budget) {
  const Node* p = a;
  do {
    --budget;
    const Node* q = p->next;
    if (p->i != a->i && q->i != a->i && p->i != b->i && q->i != b->i &&
        segments_intersect(p, q, a, b))
      return true;
    p = q;
  } while (p != a);
  return false;
}

// For two nodes at the same place: m's corner wedge contains p's.
inline bool sector_contains_sector(const Node* m, const Node* p) {
  return cross(m->prev, m, p->prev) > 0 && cross(p->next, m, m->next) > 0;
}

// ab can split the ring into two rings that are both fine to triangulate. The O(1)
// corner tests run first: most candidates fail them, and the O(n) ring scans
// dominate the cost of splitting otherwise.
inline bool is_valid_diagonal(const Node* a, const Node* b, int64_t& budget) {
  if (a->next->i == b->i || a->prev->i == b->i) return false;
  // ordinary diagonal that does not create opposite-facing sectors
  const bool ordinary = locally_inside(a, b) && locally_inside(b, a) &&
                        (cross(a->prev, a, b->prev) != 0 || cross(a, b->prev, b) != 0);
  // zero-length diagonal between two reflex corners at a self-touching point
  const bool touching = same_xy(a, b) && cross(a->prev, a, a->next) < 0 &&
                        cross(b->prev, b, b->next) < 0;
  if (!ordinary && !touching) return false;
  if (intersects_ring(a, b, budget)) return false;
  return touching || middle_inside(a, b, budget);
}

inline void unlink(Node* p) {
  p->next->prev = p->prev;
  p->prev->next = p->next;
  if (p->prev_z) p->prev_z->next_z = p->next_z;
  if (p->next_z) p->next_z->prev_z = p->prev_z;
}

// Twice the signed area of ring [b, e) (> 0: counter-clockwise), measured from its
// first vertex so that projected coordinates (1e6 m and more) keep their precision.
// Unusable vertices are skipped. Optionally widens a bounding box.
inline double ring_area2(const double* xy, uint32_t b, uint32_t e, double* box) {
  double ox = 0, oy = 0, px = 0, py = 0, sum = 0;
  bool have = false;
  for (uint32_t v = b; v < e; ++v) {
    const double x = xy[2 * size_t(v)], y = xy[2 * size_t(v) + 1];
    if (!usable(x, y)) continue;
    if (box) {
      box[0] = std::min(box[0], x);
      box[1] = std::min(box[1], y);
      box[2] = std::max(box[2], x);
      box[3] = std::max(box[3], y);
    }
    if (!have) {
      ox = x;
      oy = y;
      have = true;
      continue;
    }
    const double dx = x - ox, dy = y - oy;
    sum += px * dy - dx * py;
    px = dx;
    py = dy;
  }
  return sum;  // the closing edge ends at the origin and adds nothing
}

}  // namespace
}  // namespace geo::detail::ear
