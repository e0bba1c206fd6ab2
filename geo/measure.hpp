// Geodesic measurement of what a planner clicks on the map: path length, polygon
// perimeter and area on the ellipsoid of the display CRS's datum (GRS80 for CGCS2000
// / EPSG:4549, WGS84 for EPSG:4326 and 3857 …), never in the projected plane, so a
// Gauss-Krüger or Web Mercator scale factor does not leak into the numbers.
//
// Vertices are flat x,y pairs in the display CRS, east-first (visualization order, as
// geo::Transformer uses): metres for EPSG:4549, degrees lon,lat for EPSG:4326.
// They are transformed to the geographic CRS of the same datum (no datum shift) and
// consecutive vertices are joined by geodesics (GeographicLib's algorithms, as
// shipped in PROJ's geodesic.h): geod_inverse per segment, geod_polygon for area.
// So what is measured is the geodesic between two clicks, not the straight line drawn
// on the map; for clicks a few kilometres apart the two lengths agree to far below a
// millimetre.
//
// Rules for awkward input, the same for every measure:
//   - any vertex that is not finite, or that PROJ cannot transform (outside the
//     projection's domain), makes the result NaN: the UI shows "—" rather than a
//     plausible but wrong number;
//   - otherwise too few vertices give 0: fewer than 2 for a length or perimeter,
//     fewer than 3 for an area;
//   - a ring is closed implicitly; repeating the first vertex at the end is harmless
//     (a zero-length edge);
//   - area is the absolute value: clockwise and counter-clockwise rings agree. A
//     self-intersecting ring counts its loops algebraically (a figure 8 partly
//     cancels), as geod_polygon does;
//   - a segment spanning more than 180° of longitude is measured the short way.
//
// Thread: a Measurer owns a PROJ context (through its Transformer); use one object
// from one thread at a time (create another for another thread). Move-only.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "geo/result.hpp"
#include "geo/transform.hpp"

namespace geo {

class Measurer {
 public:
  // `display_crs` is anything PROJ accepts as a CRS ("EPSG:4549", WKT, PROJJSON,
  // "+proj=… +type=crs").
  // Errors: unknown CRS, a CRS with no geodetic datum (engineering / local CRS), a
  // geocentric CRS, or no transformation to its geographic CRS.
  static Result<Measurer> create(const std::string& display_crs);

  // Sum of the geodesic lengths of the n-1 segments of an open path, metres.
  double path_length_m(const double* xy, size_t n) const;
  // Geodesic length of the ring, closing segment (last → first) included, metres.
  // Two vertices give there and back: twice their distance.
  double perimeter_m(const double* xy, size_t n) const;
  // Area of the ring on the ellipsoid, m², absolute value; 0 for fewer than 3
  // vertices, about 0 (rounding) for collinear ones.
  double polygon_area_m2(const double* xy, size_t n) const;

  // What the measures are computed on, for the UI and tests.
  // "EPSG:4490" for EPSG:4549; WKT when the geographic CRS has no identifier.
  const std::string& geographic_crs() const { return geographic_crs_; }
  double semi_major_m() const { return a_; }  // 6378137 for GRS80
  double flattening() const { return f_; }    // 1/298.257222101 for GRS80, 0 on a sphere

 private:
  Measurer(Transformer to_geographic, double degrees_per_unit, std::string geographic_crs,
           double a, double f);
  // Copies xy and transforms it to lon,lat degrees; false when any vertex is bad.
  bool to_lon_lat(const double* xy, size_t n, std::vector<double>& lon_lat) const;
  double length(const double* xy, size_t n, bool closed) const;

  Transformer to_geographic_;
  double degrees_per_unit_;  // 1 unless the geographic CRS counts in grads or radians
  std::string geographic_crs_;
  double a_, f_;  // ellipsoid; geod_init per call keeps PROJ's geodesic.h out of this header
};

// Length for the UI, locale-independent, always "." as decimal point:
//   below 1 km  → whole metres:                    "0 m", "850 m", "999 m"
//   from 1 km   → kilometres, 3 significant digits: "1.00 km", "1.25 km", "12.3 km",
//                 "123 km"; from 1,000 km whole km with separators: "5,552 km"
//   999.6 m rounds up to "1.00 km", not "1000 m". Negative values keep their sign;
//   NaN or infinity → "—" (U+2014 em dash).
std::string format_length(double m);

// Area for the UI in three units, separated by " · " (U+00B7 middle dot):
//   square metres (m², U+00B2), hectares (公顷, ha; 1 ha = 10,000 m²) and mu (亩,
//   U+4EA9; 1 亩 = 10,000/15 m² ≈ 666.67 m², the Chinese land unit planners use).
//   below 1 km² → whole m² with separators: "12,345 m² · 1.23 ha · 18.5 亩"
//   from 1 km²  → km², 3 significant digits: "1.50 km² · 150 ha · 2,250 亩"
//   ha and 亩 have 3 significant digits below 1,000 and are whole numbers with
//   separators from 1,000: "6,667 m² · 0.667 ha · 10.0 亩"; below 1 they keep 3
//   significant digits but at most 4 decimals: "50 m² · 0.0050 ha · 0.0750 亩".
//   Exactly 0 → "0 m² · 0 ha · 0 亩". Negative values keep their sign; NaN or
//   infinity → "—".
std::string format_area(double m2);

}  // namespace geo
