#include <catch2/catch.hpp>

#include "geo/transform.hpp"

using Catch::Matchers::WithinAbs;

// Reference values from PROJ's own command-line tool (PROJ 9.1.1), which takes and
// prints coordinates in the CRSs' authority axis order, e.g.
//   echo "36.11 120.47" | cs2cs -f %.6f EPSG:4490 EPSG:4549  →  3997850.564544  542318.150938
// (lat lon in, northing easting out). Our API is east-first on both sides.
namespace {
struct Reference {
  const char* src;
  const char* dst;
  double x, y;          // input, east-first
  double ex, ey;        // expected, east-first
  double tolerance;
};
const Reference kReferences[] = {
    {"EPSG:4490", "EPSG:4549", 120.47, 36.11, 542318.150938, 3997850.564544, 1e-3},
    {"EPSG:4490", "EPSG:4549", 120.73, 36.35, 565527.958016, 4024626.890314, 1e-3},
    {"EPSG:4490", "EPSG:4549", 120.40, 36.05, 536042.786097, 3991164.684062, 1e-3},
    {"EPSG:4326", "EPSG:3857", 120.47, 36.11, 13410659.055866, 4315767.777741, 1e-3},
    {"EPSG:4326", "EPSG:3857", 120.73, 36.35, 13439602.123472, 4348888.321299, 1e-3},
    {"EPSG:4326", "EPSG:3857", 120.40, 36.05, 13402866.691510, 4307503.477764, 1e-3},
    {"EPSG:4549", "EPSG:4490", 542318.150938, 3997850.564544, 120.47, 36.11, 1e-9},
    {"EPSG:4490", "EPSG:4326", 120.47, 36.11, 120.47, 36.11, 1e-9},
};
}  // namespace

TEST_CASE("transforms match cs2cs, east-first on both sides", "[geo][proj]") {
  const Reference& r = GENERATE(from_range(std::begin(kReferences), std::end(kReferences)));
  INFO(r.src << " -> " << r.dst);
  auto t = geo::Transformer::create(r.src, r.dst);
  REQUIRE(t.ok());
  double x = r.x, y = r.y;
  REQUIRE(t->transform_point(x, y));
  CHECK_THAT(x, WithinAbs(r.ex, r.tolerance));
  CHECK_THAT(y, WithinAbs(r.ey, r.tolerance));
  // And back.
  double xy[2] = {x, y};
  CHECK(t->inverse(xy, 1) == 0);
  CHECK_THAT(xy[0], WithinAbs(r.x, r.src == std::string("EPSG:4549") ? 1e-3 : 1e-8));
  CHECK_THAT(xy[1], WithinAbs(r.y, r.src == std::string("EPSG:4549") ? 1e-3 : 1e-8));
}

TEST_CASE("a whole layer reprojects in batches on two threads", "[geo][proj]") {
  geo::VectorLayer layer;
  layer.crs = "EPSG:4490";
  // 100k points on a line across Laoshan; enough to use both threads.
  const size_t n = 100000;
  for (size_t i = 0; i < n; ++i) {
    layer.xy.push_back(120.40 + 0.33 * i / n);
    layer.xy.push_back(36.05 + 0.30 * i / n);
  }
  layer.ring_offsets.push_back(static_cast<uint32_t>(n));
  auto single = geo::Transformer::create("EPSG:4490", "EPSG:4549");
  REQUIRE(single.ok());
  std::vector<double> expected = layer.xy;
  single->transform(expected.data(), n);
  size_t failed = 99;
  auto r = geo::reproject(layer, "EPSG:4549", 2, &failed);
  REQUIRE(r.ok());
  CHECK(r.value());
  CHECK(failed == 0);
  CHECK(layer.crs == "EPSG:4549");
  CHECK(layer.xy == expected);
  CHECK_THAT(layer.bounds.min_x, WithinAbs(536042.786097, 1e-3));
  CHECK_THAT(layer.bounds.max_y, WithinAbs(expected.back(), 1e-9));
}

TEST_CASE("same CRS means no transform at all", "[geo][proj]") {
  auto t = geo::Transformer::create("EPSG:4549", "EPSG:4549");
  REQUIRE(t.ok());
  CHECK(t->identity());
  CHECK(geo::same_crs("EPSG:4326", "EPSG:4326"));
  CHECK_FALSE(geo::same_crs("EPSG:4326", "EPSG:4549"));
  geo::VectorLayer layer;
  layer.crs = "EPSG:4549";
  layer.xy = {542318.15, 3997850.56};
  auto r = geo::reproject(layer, "EPSG:4549", 2);
  REQUIRE(r.ok());
  CHECK_FALSE(r.value());  // nothing done
  CHECK(layer.xy[0] == 542318.15);
}

TEST_CASE("bad CRSs and untransformable points are reported, not crashed on", "[geo][proj]") {
  auto bad = geo::Transformer::create("EPSG:999999", "EPSG:4549");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().reason.find("unknown coordinate reference system") != std::string::npos);
  CHECK_FALSE(geo::describe_crs("not a crs").ok());

  auto t = geo::Transformer::create("EPSG:4326", "EPSG:4549");
  REQUIRE(t.ok());
  double xy[6] = {120.47, 36.11, std::nan(""), 1.0, 120.0, 1e9};
  CHECK(t->transform(xy, 3) == 2);
  CHECK(std::isfinite(xy[0]));
  CHECK(std::isnan(xy[2]));
  CHECK(std::isnan(xy[4]));
}

TEST_CASE("CRS facts and the display CRS suggested for data", "[geo][proj]") {
  auto gk = geo::describe_crs("EPSG:4549");
  REQUIRE(gk.ok());
  CHECK_FALSE(gk->geographic);
  CHECK(gk->label == "EPSG:4549");
  CHECK(gk->name.find("120E") != std::string::npos);
  auto ll = geo::describe_crs("EPSG:4490");
  REQUIRE(ll.ok());
  CHECK(ll->geographic);

  geo::Bbox laoshan;
  laoshan.add(120.40, 36.05);
  laoshan.add(120.73, 36.35);
  CHECK(geo::suggest_display_crs("EPSG:4549", laoshan) == "EPSG:4549");  // projected data: its own
  CHECK(geo::suggest_display_crs("EPSG:4490", laoshan) == "EPSG:4549");  // Qingdao: GK CM 120E
  geo::Bbox beijing;
  beijing.add(116.2, 39.8);
  beijing.add(116.6, 40.0);
  CHECK(geo::suggest_display_crs("EPSG:4326", beijing) == "EPSG:4548");  // CM 117E
  geo::Bbox paris;
  paris.add(2.2, 48.8);
  paris.add(2.5, 48.9);
  CHECK(geo::suggest_display_crs("EPSG:4326", paris) == "EPSG:32631");  // UTM 31N
}
