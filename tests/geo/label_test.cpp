#include <catch2/catch.hpp>

#include <cmath>

#include "geo/label.hpp"
#include "support/layer_builder.hpp"

namespace {

using testdata::LayerBuilder;
using testdata::rect;

// Even-odd point-in-polygon over every ring of feature f: the reference the anchors
// are checked against.
bool in_feature(const geo::VectorLayer& l, size_t f, double x, double y) {
  bool in = false;
  for (uint32_t p = l.feature_offsets[f]; p < l.feature_offsets[f + 1]; ++p)
    for (uint32_t r = l.part_offsets[p]; r < l.part_offsets[p + 1]; ++r)
      for (uint32_t a = l.ring_offsets[r], e = l.ring_offsets[r + 1], b = e - 1; a < e; b = a++) {
        const double ax = l.xy[2 * a], ay = l.xy[2 * a + 1], bx = l.xy[2 * b], by = l.xy[2 * b + 1];
        if ((ay > y) != (by > y) && x < ax + (y - ay) * (bx - ax) / (by - ay)) in = !in;
      }
  return in;
}

const geo::Bbox kEverywhere{-1e9, -1e9, 1e9, 1e9};

}  // namespace

TEST_CASE("a label lies inside its area, not at its box's centre", "[geo][label]") {
  LayerBuilder b;
  // U shape: the box centre (50, 50) is in the bay.
  const auto u = b.polygon({{0, 0, 100, 0, 100, 100, 70, 100, 70, 20, 30, 20, 30, 100, 0, 100, 0, 0}});
  // A square with a square hole around its centre.
  const auto holed = b.polygon({rect(200, 0, 300, 100), rect(220, 20, 280, 80)});
  // Two strips, one feature: the box centre (450, 50) lies between them.
  b.part(geo::PartKind::Polygon, {rect(400, 0, 410, 100)});
  b.part(geo::PartKind::Polygon, {rect(490, 0, 500, 100)});
  const auto multi = b.end_feature();
  for (auto f : {u, holed, multi}) {
    INFO("feature " << f);
    const auto a = geo::label_anchor(b.layer, f, kEverywhere);
    REQUIRE(a);
    CHECK(in_feature(b.layer, f, a->x, a->y));
    CHECK(a->room > 0);
  }
  // The U's anchor is on its widest run: the bottom bar (y < 20), 100 wide.
  const auto a = geo::label_anchor(b.layer, u, kEverywhere);
  CHECK(a->y < 20);
  CHECK(a->x == Approx(50));
  CHECK(a->room == Approx(100));
}

TEST_CASE("an area larger than the view is labelled where it is on screen", "[geo][label]") {
  LayerBuilder b;
  // A "sea" occupying the right half of a wide area; the view sees its left edge only.
  const auto sea = b.polygon({rect(500, -1000, 5000, 1000)});
  const geo::Bbox view{0, -100, 600, 100};
  const auto a = geo::label_anchor(b.layer, sea, view);
  REQUIRE(a);
  CHECK(view.contains(a->x, a->y));
  CHECK(a->x == Approx(550));
  CHECK(a->room == Approx(100));
  // Nothing of it in view: no anchor.
  CHECK_FALSE(geo::label_anchor(b.layer, sea, geo::Bbox{0, 0, 400, 100}));
}

TEST_CASE("a line is labelled halfway along its visible length", "[geo][label]") {
  LayerBuilder b;
  // A closed ring road around (50, 50): its box centre is in the middle of the park.
  const auto ring = b.line({0, 0, 100, 0, 100, 100, 0, 100, 0, 0});
  const auto a = geo::label_anchor(b.layer, ring, kEverywhere);
  REQUIRE(a);
  // Halfway along 400 m: the far corner (100, 100), on the road.
  CHECK(a->x == Approx(100));
  CHECK(a->y == Approx(100));
  CHECK(a->room == Approx(400));
  // Only the bottom edge in view: its middle.
  const auto bottom = geo::label_anchor(b.layer, ring, geo::Bbox{-10, -10, 110, 10});
  REQUIRE(bottom);
  CHECK(bottom->x == Approx(50));
  CHECK(bottom->y == Approx(0));
}

TEST_CASE("a point is labelled at itself, and only when in view", "[geo][label]") {
  LayerBuilder b;
  const auto p = b.point(5, 7);
  const auto a = geo::label_anchor(b.layer, p, kEverywhere);
  REQUIRE(a);
  CHECK(a->x == 5);
  CHECK(a->y == 7);
  CHECK_FALSE(geo::label_anchor(b.layer, p, geo::Bbox{10, 10, 20, 20}));
  CHECK_FALSE(geo::label_anchor(b.layer, 99, kEverywhere));
}
