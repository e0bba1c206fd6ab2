// Which features lie in an area: the rule the per-area report and its burn-up use.
#include <catch2/catch.hpp>

#include <cmath>

#include "geo/areas.hpp"
#include "support/layer_builder.hpp"

using testdata::LayerBuilder;

namespace {
// Square ring (x, y)–(x + s, y + s), closed.
testdata::Ring square(double x, double y, double s) { return {x, y, x + s, y, x + s, y + s, x, y + s, x, y}; }
}  // namespace

TEST_CASE("features belong to the area their representative point lies in, holes excluded", "[geo][areas]") {
  LayerBuilder areas;
  const uint32_t west = areas.polygon({square(0, 0, 100), square(40, 40, 20)});  // with a hole
  const uint32_t east = areas.polygon({square(100, 0, 100)});

  LayerBuilder f;
  const uint32_t in_west = f.point(10, 10);
  const uint32_t in_hole = f.point(50, 50);  // in the west square's hole: in no area
  const uint32_t in_east = f.polygon({square(150, 20, 10)});
  // A line whose middle vertex lies east even though it starts west.
  const uint32_t line = f.line({90, 90, 120, 90, 180, 90});
  // An L-shaped polygon whose bounding-box centre is outside it: its shell's first edge
  // stands for it, in the west area.
  const uint32_t ell = f.polygon({{5, 60, 35, 60, 35, 65, 10, 65, 10, 95, 5, 95, 5, 60}});
  const uint32_t outside = f.point(500, 500);
  f.point(std::nan(""), 0);  // no position: nowhere

  CHECK(geo::features_in_area(f.layer, areas.layer, west) == std::vector<uint32_t>{in_west, ell});
  CHECK(geo::features_in_area(f.layer, areas.layer, east) == std::vector<uint32_t>{in_east, line});
  CHECK(geo::features_in_area(f.layer, areas.layer, 7).empty());  // no such area

  const auto [ex, ey] = geo::representative_point(f.layer, ell);
  CHECK(ey == Approx(60));
  CHECK(ex == Approx(20));
  CHECK_FALSE(geo::area_contains(areas.layer, west, 50, 50));
  CHECK(geo::area_contains(areas.layer, west, 30, 50));
  for (size_t a : {west, east}) {
    const auto [x, y] = geo::representative_point(f.layer, outside);
    CHECK_FALSE(geo::area_contains(areas.layer, a, x, y));
  }
  (void)in_hole;
}
