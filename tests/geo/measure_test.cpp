#include <catch2/catch.hpp>

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "geo/measure.hpp"
#include "geo/transform.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// Reference values were computed outside this code (PROJ 9.1.1, Debian 12):
//  - distances with PROJ's `geod` tool, which takes "lat1 lon1 lat2 lon2", e.g.
//      echo "40.6 -73.8 51.6 -0.5" | geod +ellps=WGS84 -I +units=m -F %.6f
//  - areas with a 20-line C program calling geod_polygon_addpoint/compute on the
//    vertices below (geod has no area mode), cross-checked against closed forms
//    where one exists (see each test);
//  - EPSG:4549 ↔ lon/lat with `cs2cs` (authority axis order: northing easting).
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;
constexpr double kWgs84F = 1 / 298.257223563;
constexpr double kGrs80F = 1 / 298.257222101;

geo::Measurer make(const std::string& crs) {
  auto m = geo::Measurer::create(crs);
  INFO(crs << ": " << (m ? std::string() : m.error().what()));
  REQUIRE(m.ok());
  return std::move(*m);
}

// Converts east-first pairs in place; every point must transform.
void convert(const std::string& src, const std::string& dst, std::vector<double>& xy) {
  auto t = geo::Transformer::create(src, dst);
  REQUIRE(t.ok());
  REQUIRE(t->transform(xy.data(), xy.size() / 2) == 0);
}

// Reverses the order of x,y pairs.
std::vector<double> reversed(const std::vector<double>& xy) {
  std::vector<double> r;
  for (size_t i = xy.size(); i >= 2; i -= 2) {
    r.push_back(xy[i - 2]);
    r.push_back(xy[i - 1]);
  }
  return r;
}

// Area between the equator and latitude phi per radian of longitude on an ellipsoid,
// the textbook closed form S = a²·q/2 with Snyder's authalic q ("Map Projections: A
// Working Manual", eq. 3-12), i.e.
//   S = b²/2 · [sinφ/(1 − e²sin²φ) + 1/(2e) · ln((1 + e sinφ)/(1 − e sinφ))]
double zone_area(double a, double f, double phi_deg) {
  const double b = a * (1 - f), e2 = f * (2 - f), e = std::sqrt(e2);
  const double s = std::sin(phi_deg * kPi / 180);
  return b * b / 2 * (s / (1 - e2 * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e));
}

// A lon/lat cell whose north and south edges follow the parallels: each edge split into
// `steps` short geodesics. Counter-clockwise.
std::vector<double> parallel_cell(double lon0, double lat0, int steps) {
  std::vector<double> xy;
  for (int i = 0; i <= steps; ++i) xy.insert(xy.end(), {lon0 + double(i) / steps, lat0});
  for (int i = 0; i <= steps; ++i) xy.insert(xy.end(), {lon0 + 1 - double(i) / steps, lat0 + 1});
  return xy;
}

// Laoshan (120.47E, 36.11N) in EPSG:4549 is E 542318.150938, N 3997850.564544:
//   echo "36.11 120.47" | cs2cs -f %.9f EPSG:4490 EPSG:4549
// A 1 km x 1 km square with round coordinates around it, counter-clockwise, east-first.
const std::vector<double> kLaoshanSquare = {541818, 3997350, 542818, 3997350,
                                            542818, 3998350, 541818, 3998350};

}  // namespace

TEST_CASE("measures on the ellipsoid of the display CRS's own datum", "[geo][measure]") {
  geo::Measurer cgcs = make("EPSG:4549");  // CGCS2000 / 3-degree Gauss-Kruger CM 120E
  CHECK(cgcs.geographic_crs() == "EPSG:4490");
  CHECK(cgcs.semi_major_m() == 6378137.0);
  CHECK_THAT(cgcs.flattening(), WithinRel(kGrs80F, 1e-12));

  geo::Measurer mercator = make("EPSG:3857");
  CHECK(mercator.geographic_crs() == "EPSG:4326");
  CHECK_THAT(mercator.flattening(), WithinRel(kWgs84F, 1e-12));

  CHECK(make("EPSG:4326").geographic_crs() == "EPSG:4326");
}

TEST_CASE("Karney's JFK to LHR geodesic on WGS84", "[geo][measure]") {
  // (40.6N, 73.8W) to (51.6N, 0.5W), s12 = 5551759.4 m in Karney (2013), "Algorithms
  // for geodesics", and from PROJ's geod:
  //   echo "40.6 -73.8 51.6 -0.5" | geod +ellps=WGS84 -I +units=m -F %.6f
  //   → 51d11'55.978"  -72d10'41.604"  5551759.400319
  const double expected = 5551759.400319;
  const double xy[] = {-73.8, 40.6, -0.5, 51.6};  // lon,lat
  geo::Measurer m = make("EPSG:4326");
  CHECK_THAT(m.path_length_m(xy, 2), WithinAbs(expected, 1e-5));
  CHECK_THAT(m.perimeter_m(xy, 2), WithinAbs(2 * expected, 2e-5));  // there and back

  // The same through geodesic.h directly (lat, lon order there).
  geod_geodesic g;
  geod_init(&g, 6378137, kWgs84F);
  double s12 = 0;
  geod_inverse(&g, 40.6, -73.8, 51.6, -0.5, &s12, nullptr, nullptr);
  CHECK_THAT(s12, WithinAbs(expected, 1e-5));
}

TEST_CASE("a path across Laoshan has the same length in any display CRS", "[geo][measure]") {
  // Lon/lat vertices; the two segments from geod (identical to the µm for GRS80):
  //   echo "36.05 120.40 36.11 120.47" | geod +ellps=WGS84 -I +units=m -F %.6f → 9169.406500
  //   echo "36.11 120.47 36.35 120.73" | geod +ellps=WGS84 -I +units=m -F %.6f → 35434.100097
  const std::vector<double> lon_lat = {120.40, 36.05, 120.47, 36.11, 120.73, 36.35};
  const double expected = 9169.406500 + 35434.100097;
  const double per_km = expected / 1000 * 1e-3;  // 1 mm per km

  // Display CRS, and the lon/lat CRS of the same datum the vertices are converted from
  // (converting within one datum, so no datum shift blurs the comparison).
  struct Case {
    const char* display;
    const char* from;
    double tolerance;
  };
  const Case c =
      GENERATE(Case{"EPSG:4326", "EPSG:4326", 1e-6}, Case{"EPSG:4490", "EPSG:4490", 1e-6},
               Case{"EPSG:4549", "EPSG:4490", 0}, Case{"EPSG:3857", "EPSG:4326", 0});
  INFO(c.display);
  std::vector<double> xy = lon_lat;
  convert(c.from, c.display, xy);
  geo::Measurer m = make(c.display);
  const double tolerance = c.tolerance > 0 ? c.tolerance : per_km;
  CHECK_THAT(m.path_length_m(xy.data(), 3), WithinAbs(expected, tolerance));
  // Against the lon/lat measurement too, not just the frozen number.
  geo::Measurer ll = make(c.from);
  CHECK_THAT(m.path_length_m(xy.data(), 3), WithinAbs(ll.path_length_m(lon_lat.data(), 3), per_km));

  if (std::string(c.display) == "EPSG:3857") {
    // The planar length in Web Mercator is 1/cos(36°) ≈ 1.24 times too long; none of
    // that may leak into the measure.
    double planar = 0;
    for (size_t i = 0; i + 3 < xy.size(); i += 2)
      planar += std::hypot(xy[i + 2] - xy[i], xy[i + 3] - xy[i + 1]);
    CHECK(planar / m.path_length_m(xy.data(), 3) > 1.2);
  }
}

TEST_CASE("1 degree cells: geodesic polygon area and the parallel-bounded closed form",
          "[geo][measure]") {
  geo::Measurer m = make("EPSG:4326");
  geod_geodesic g;
  geod_init(&g, 6378137, kWgs84F);

  struct Cell {
    double lon0, lat0;
    double geodesic_area;  // the 4 corners joined by geodesics, m²
  };
  // From geod_polygon_addpoint on the 4 corners (lat, lon), then
  // geod_polygon_compute(&g, &p, 0, 1, &A, &P), WGS84:
  //   (0,0) (0,1) (1,1) (1,0)          → 12308778361.469452
  //   (36,120) (36,121) (37,121) (37,120) → 9941629403.294128
  const Cell cell = GENERATE(Cell{0, 0, 12308778361.469452}, Cell{120, 36, 9941629403.294128});
  INFO("cell at " << cell.lon0 << "E " << cell.lat0 << "N");

  const std::vector<double> corners = {cell.lon0,     cell.lat0,     cell.lon0 + 1, cell.lat0,
                                       cell.lon0 + 1, cell.lat0 + 1, cell.lon0,     cell.lat0 + 1};
  CHECK_THAT(m.polygon_area_m2(corners.data(), 4), WithinAbs(cell.geodesic_area, 1e-3));
  double lats[] = {cell.lat0, cell.lat0, cell.lat0 + 1, cell.lat0 + 1};
  double lons[] = {cell.lon0, cell.lon0 + 1, cell.lon0 + 1, cell.lon0};
  double area = 0, perimeter = 0;
  geod_polygonarea(&g, lats, lons, 4, &area, &perimeter);
  CHECK_THAT(m.polygon_area_m2(corners.data(), 4), WithinAbs(area, 1e-3));
  CHECK_THAT(m.perimeter_m(corners.data(), 4), WithinAbs(perimeter, 1e-6));

  // With the east-west edges split into 1000 geodesics each the ring follows the
  // parallels, whose area has a closed form. Equator: 12308463893.98 m², 36N:
  // 9941644196.85 m² (WGS84). The unsplit geodesic cell differs from it because a
  // geodesic between two points on one parallel bulges poleward by about
  // Δλ²/8 · sinφ cosφ: +314,467 m² for the equator cell (only its north edge bulges
  // out), −14,794 m² at 36N (the south edge bulges in almost as much as the north
  // edge bulges out). The split ring's own residual bulge is ~1e-6 of that.
  const double one_degree = kPi / 180;
  const double closed_form =
      (zone_area(6378137, kWgs84F, cell.lat0 + 1) - zone_area(6378137, kWgs84F, cell.lat0)) *
      one_degree;
  const std::vector<double> split = parallel_cell(cell.lon0, cell.lat0, 1000);
  CHECK_THAT(m.polygon_area_m2(split.data(), split.size() / 2), WithinAbs(closed_form, 1.0));
  CHECK(std::fabs(m.polygon_area_m2(corners.data(), 4) - closed_form) > 1e4);
}

TEST_CASE("a 1 km square drawn in EPSG:4549 at Laoshan is a little under 1 km²", "[geo][measure]") {
  // Corners to lon/lat, then geod_polygon on GRS80:
  //   printf "3997350 541818\n3997350 542818\n3998350 542818\n3998350 541818\n" |
  //     cs2cs -f %.12f EPSG:4549 EPSG:4490
  //   → 36.105510634753 120.464418760601 / 36.105467074447 120.475524134654 /
  //     36.114478935290 120.475578460440 / 36.114522509901 120.464471817778
  //   geod_polygon_addpoint × 4, geod_polygon_compute(…, 0, 1, &A, 0) → 999955.889274 m²
  // Cross-check: 42.3 km east of the central meridian the Gauss-Krüger scale factor
  // is k = 1 + x²/2R² + x⁴/24R⁴ = 1.0000221 (R² = ρν at 36.11N), and 1e6 / k²
  // averaged over the square is 999955.887 m². Sides from geod, e.g.
  //   echo "36.105510634753 120.464418760601 36.105467074447 120.475524134654" |
  //     geod +ellps=GRS80 -I +units=m -F %.6f → 999.977943; the four sum to 3999.911769.
  const double expected_area = 999955.889274;
  geo::Measurer m = make("EPSG:4549");
  const double area = m.polygon_area_m2(kLaoshanSquare.data(), 4);
  CHECK_THAT(area, WithinAbs(expected_area, 0.01));
  CHECK_THAT(area, WithinRel(1e6, 0.005));
  CHECK(1e6 - area > 40);  // the scale factor shows: not the planar 1,000,000 m²
  CHECK_THAT(m.perimeter_m(kLaoshanSquare.data(), 4), WithinAbs(3999.911769, 1e-5));
  CHECK_THAT(m.path_length_m(kLaoshanSquare.data(), 2), WithinAbs(999.977943, 1e-6));
}

TEST_CASE("area does not depend on the ring's orientation or first vertex", "[geo][measure]") {
  geo::Measurer m = make("EPSG:4549");
  const double ccw = m.polygon_area_m2(kLaoshanSquare.data(), 4);
  const std::vector<double> cw = reversed(kLaoshanSquare);
  CHECK_THAT(m.polygon_area_m2(cw.data(), 4), WithinAbs(ccw, 1e-6));
  CHECK_THAT(m.perimeter_m(cw.data(), 4), WithinAbs(m.perimeter_m(kLaoshanSquare.data(), 4), 1e-6));
  std::vector<double> rotated(kLaoshanSquare.begin() + 2, kLaoshanSquare.end());
  rotated.insert(rotated.end(), kLaoshanSquare.begin(), kLaoshanSquare.begin() + 2);
  CHECK_THAT(m.polygon_area_m2(rotated.data(), 4), WithinAbs(ccw, 1e-6));
  // An explicitly closed ring (first vertex repeated) is the same ring.
  std::vector<double> closed = kLaoshanSquare;
  closed.insert(closed.end(), kLaoshanSquare.begin(), kLaoshanSquare.begin() + 2);
  CHECK_THAT(m.polygon_area_m2(closed.data(), 5), WithinAbs(ccw, 1e-6));
  CHECK_THAT(m.perimeter_m(closed.data(), 5),
             WithinAbs(m.perimeter_m(kLaoshanSquare.data(), 4), 1e-6));

  // An irregular lon/lat pentagon, both ways round.
  geo::Measurer ll = make("EPSG:4326");
  const std::vector<double> pentagon = {120.40, 36.05,  120.73, 36.10,  120.70,
                                        36.35,  120.55, 36.30,  120.42, 36.20};
  const std::vector<double> back = reversed(pentagon);
  const double a = ll.polygon_area_m2(pentagon.data(), 5);
  CHECK(a > 0);
  CHECK_THAT(ll.polygon_area_m2(back.data(), 5), WithinRel(a, 1e-12));
}

TEST_CASE("degenerate rings and bad vertices follow the documented rules", "[geo][measure]") {
  geo::Measurer m = make("EPSG:4549");
  const double* xy = kLaoshanSquare.data();
  // Too few vertices: 0, never NaN.
  CHECK(m.polygon_area_m2(nullptr, 0) == 0);
  CHECK(m.polygon_area_m2(xy, 1) == 0);
  CHECK(m.polygon_area_m2(xy, 2) == 0);
  CHECK(m.path_length_m(nullptr, 0) == 0);
  CHECK(m.path_length_m(xy, 1) == 0);
  CHECK(m.perimeter_m(xy, 1) == 0);
  CHECK_THAT(m.perimeter_m(xy, 2), WithinAbs(2 * m.path_length_m(xy, 2), 1e-9));
  // Three vertices on one meridian enclose nothing.
  geo::Measurer ll = make("EPSG:4326");
  const double line[] = {120.47, 36.0, 120.47, 36.1, 120.47, 36.2};
  CHECK_THAT(ll.polygon_area_m2(line, 3), WithinAbs(0, 1e-3));

  // Any bad vertex makes every measure NaN, whatever the count.
  std::vector<double> bad = kLaoshanSquare;
  bad[5] = kNaN;
  CHECK(std::isnan(m.polygon_area_m2(bad.data(), 4)));
  CHECK(std::isnan(m.perimeter_m(bad.data(), 4)));
  CHECK(std::isnan(m.path_length_m(bad.data(), 4)));
  const double lone_nan[] = {kNaN, 3997350};
  CHECK(std::isnan(m.path_length_m(lone_nan, 1)));
  CHECK(std::isnan(m.polygon_area_m2(lone_nan, 1)));
  const double infinite[] = {120.0, 36.0, std::numeric_limits<double>::infinity(), 36.0};
  CHECK(std::isnan(ll.path_length_m(infinite, 2)));
  // NaN in an identity display CRS too (EPSG:4326 needs no transform).
  const double ll_nan[] = {120.0, 36.0, 120.5, kNaN, 121.0, 36.5};
  CHECK(std::isnan(ll.polygon_area_m2(ll_nan, 3)));
  // Past the pole, or outside the projection's domain.
  const double past_pole[] = {120.0, 36.0, 120.0, 95.0};
  CHECK(std::isnan(ll.path_length_m(past_pole, 2)));
  const double far_away[] = {1e12, 1e12, 542318, 3997850};
  CHECK(std::isnan(m.path_length_m(far_away, 2)));
}

TEST_CASE("a geographic CRS counted in grads is converted to degrees", "[geo][measure]") {
  // EPSG:4807, NTF (Paris): grads, Paris meridian, Clarke 1880 (IGN). 1 gon along the
  // 50 gon parallel is 0.9° along 45°N:
  //   echo "45 0 45 0.9" | geod +a=6378249.2 +rf=293.466021294 -I +units=m -F %.6f
  //   → 70964.977352
  geo::Measurer m = make("EPSG:4807");
  CHECK_THAT(m.semi_major_m(), WithinAbs(6378249.2, 1e-6));
  const double xy[] = {0, 50, 1, 50};  // lon, lat in gon
  CHECK_THAT(m.path_length_m(xy, 2), WithinAbs(70964.977352, 1e-5));
}

TEST_CASE("a CRS that cannot be measured in is an error", "[geo][measure]") {
  const std::string definition =
      GENERATE(as<std::string>{}, "EPSG:999999", "not a crs", "+proj=noop",
               "EPSG:4978",  // geocentric
               "ENGCRS[\"Site grid\",EDATUM[\"Site\"],CS[Cartesian,2],AXIS[\"(E)\",east,ORDER[1],"
               "LENGTHUNIT[\"metre\",1]],AXIS[\"(N)\",north,ORDER[2],LENGTHUNIT[\"metre\",1]]]");
  auto m = geo::Measurer::create(definition);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().source == definition);
  CHECK_FALSE(m.error().reason.empty());
  INFO(m.error().what());
  if (definition == "EPSG:4978") CHECK_THAT(m.error().reason, Contains("geocentric"));
  if (definition.rfind("ENGCRS", 0) == 0)
    CHECK_THAT(m.error().reason, Contains("no geodetic datum"));
}

TEST_CASE("lengths read as metres below 1 km, 3 significant digits in km above", "[geo][measure]") {
  CHECK(geo::format_length(0) == "0 m");
  CHECK(geo::format_length(850) == "850 m");
  CHECK(geo::format_length(999) == "999 m");
  CHECK(geo::format_length(999.4) == "999 m");
  CHECK(geo::format_length(999.6) == "1.00 km");  // not "1000 m"
  CHECK(geo::format_length(1000) == "1.00 km");
  CHECK(geo::format_length(1250) == "1.25 km");
  CHECK(geo::format_length(9996) == "10.0 km");  // carry into a fourth digit
  CHECK(geo::format_length(12345) == "12.3 km");
  CHECK(geo::format_length(99960) == "100 km");
  CHECK(geo::format_length(123456) == "123 km");
  CHECK(geo::format_length(5551759.4) == "5,552 km");
  CHECK(geo::format_length(-850) == "-850 m");
  CHECK(geo::format_length(-0.2) == "0 m");
  CHECK(geo::format_length(kNaN) == "\xE2\x80\x94");  // "—"
}

TEST_CASE("areas read in m² or km², hectares and mu", "[geo][measure]") {
  // 1 ha = 10,000 m²; 1 亩 = 10,000/15 m² ≈ 666.67 m². Separator " · " (U+00B7).
  CHECK(geo::format_area(12345) == "12,345 m² · 1.23 ha · 18.5 亩");
  CHECK(geo::format_area(6666.67) == "6,667 m² · 0.667 ha · 10.0 亩");  // 10.000005 亩
  CHECK(geo::format_area(10000) == "10,000 m² · 1.00 ha · 15.0 亩");
  CHECK(geo::format_area(10000.0 / 15) == "667 m² · 0.0667 ha · 1.00 亩");
  CHECK(geo::format_area(50) == "50 m² · 0.0050 ha · 0.0750 亩");
  CHECK(geo::format_area(0) == "0 m² · 0 ha · 0 亩");
  CHECK(geo::format_area(999955.889274) == "999,956 m² · 100 ha · 1,500 亩");
  CHECK(geo::format_area(1e6) == "1.00 km² · 100 ha · 1,500 亩");
  CHECK(geo::format_area(1.5e6) == "1.50 km² · 150 ha · 2,250 亩");
  CHECK(geo::format_area(12308778361.469452) == "12,309 km² · 1,230,878 ha · 18,463,168 亩");
  CHECK(geo::format_area(std::numeric_limits<double>::infinity()) == "\xE2\x80\x94");
}
