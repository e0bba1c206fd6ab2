// The tile grid of geo/pg_tiles.hpp without a server: its arithmetic at the extremes.
// (That its tiles are PostGIS's ST_TileEnvelope is tested against the server in
// tests/pg/pg_tiles_test.cpp.)
#include <catch2/catch.hpp>

#include "geo/pg_tiles.hpp"

TEST_CASE("a grid for a pixel far under the view's size keeps to its tile budget, at once", "[pgtiles]") {
  const geo::Bbox extent{530000, 3990000, 555000, 4015000};
  // A whole-row fetch asks for a pixel of 10^-7 of the box: zoom 22 would cover it
  // with 10^12 tiles, which the grid must not enumerate on its way to 64.
  const geo::pg::Grid g = geo::pg::grid_for(extent, extent, 25000 * 1e-7);
  CHECK(g.count(extent) <= 64);
  CHECK(g.covering(extent).size() == g.count(extent));
  CHECK(g.z <= 3);
  // Counted, not listed, at any zoom.
  geo::pg::Grid deep = g;
  deep.z = 22;
  CHECK(deep.count(extent) == (size_t{1} << 22) * (size_t{1} << 22));
  // A box past the grid's root: clamped to its edge tiles, none lost.
  int x0, x1, y0, y1;
  REQUIRE(g.span(geo::Bbox{500000, 3980000, 600000, 4100000}, x0, x1, y0, y1));
  CHECK(x0 == 0);
  CHECK(y0 == 0);
  CHECK(x1 == (1 << g.z) - 1);
  CHECK(y1 == (1 << g.z) - 1);
  CHECK_FALSE(g.span(geo::Bbox{0, 0, 1, 1}, x0, x1, y0, y1));
}
