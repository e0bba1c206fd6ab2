#include "geo/measure.hpp"

#include <geodesic.h>
#include <proj.h>

#include "geo/proj_util.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <utility>

namespace geo {
namespace {

using ContextPtr = detail::ProjContextPtr;
using detail::PjPtr;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = 3.14159265358979323846;

std::string last_error(PJ_CONTEXT* ctx) { return detail::proj_last_error(ctx); }

// A definition of `crs` that proj_create() reads back: "EPSG:4490" when it has an
// identifier, otherwise its WKT (a "+proj=…" display CRS has no identifier).
std::string definition_of(PJ_CONTEXT* ctx, const PJ* crs) {
  const char* auth = proj_get_id_auth_name(crs, 0);
  const char* code = proj_get_id_code(crs, 0);
  if (auth && code) return std::string(auth) + ":" + code;
  const char* wkt = proj_as_wkt(ctx, crs, PJ_WKT2_2019, nullptr);
  return wkt ? wkt : std::string();
}

}  // namespace

Measurer::Measurer(Transformer to_geographic, double degrees_per_unit, std::string geographic_crs,
                   double a, double f)
    : to_geographic_(std::move(to_geographic)),
      degrees_per_unit_(degrees_per_unit),
      geographic_crs_(std::move(geographic_crs)),
      a_(a),
      f_(f) {}

Result<Measurer> Measurer::create(const std::string& display_crs) {
  ContextPtr owner = detail::make_proj_context();
  PJ_CONTEXT* ctx = owner.get();

  PjPtr crs(proj_create(ctx, display_crs.c_str()));
  if (!crs)
    return Error{display_crs, {}, "unknown coordinate reference system: " + last_error(ctx)};
  if (!proj_is_crs(crs.get()))
    return Error{display_crs, {},
                 "not a coordinate reference system, cannot measure in it (a \"+proj=\" string "
                 "needs \"+type=crs\")"};

  // The geographic CRS of the same datum: EPSG:4549 → EPSG:4490 (CGCS2000), EPSG:3857
  // → EPSG:4326. Null for engineering (local) CRSs, which have no ellipsoid.
  PjPtr geographic(proj_crs_get_geodetic_crs(ctx, crs.get()));
  if (!geographic)
    return Error{display_crs, {},
                 "has no geodetic datum (a local or engineering CRS?), so nothing can be measured "
                 "on the ellipsoid; set a projected or geographic display CRS"};
  const PJ_TYPE type = proj_get_type(geographic.get());
  if (type != PJ_TYPE_GEOGRAPHIC_2D_CRS && type != PJ_TYPE_GEOGRAPHIC_3D_CRS &&
      type != PJ_TYPE_GEOGRAPHIC_CRS)
    return Error{display_crs, {},
                 "is geocentric, not a map CRS; set a projected or geographic display CRS"};

  // Angular unit of the geographic CRS: degrees almost always, grads for some French
  // CRSs (EPSG:4807). The prime meridian (Paris) shifts longitudes, not distances.
  double degrees_per_unit = 1.0;
  {
    PjPtr cs(proj_crs_get_coordinate_system(ctx, geographic.get()));
    double to_radians = 0.0;
    const char* unit_name = nullptr;
    if (!cs || !proj_cs_get_axis_info(ctx, cs.get(), 0, nullptr, nullptr, nullptr, &to_radians,
                                      &unit_name, nullptr, nullptr) ||
        !(to_radians > 0.0))
      return Error{display_crs, {}, "PROJ does not give the angular unit of its geographic CRS"};
    if (!(unit_name && std::string(unit_name) == "degree"))
      degrees_per_unit = to_radians * 180.0 / kPi;
  }

  PjPtr ellipsoid(proj_get_ellipsoid(ctx, geographic.get()));
  double a = 0.0, b = 0.0, inv_f = 0.0;
  int b_computed = 0;
  if (!ellipsoid ||
      !proj_ellipsoid_get_parameters(ctx, ellipsoid.get(), &a, &b, &b_computed, &inv_f) ||
      !(a > 0.0) || !(b > 0.0))
    return Error{display_crs, {},
                 "PROJ does not give the ellipsoid of its datum: " + last_error(ctx)};
  // inv_f is 0 for a sphere; (a - b) / a covers that case and ellipsoids defined by b.
  const double f = inv_f > 0.0 ? 1.0 / inv_f : (a - b) / a;

  std::string target = definition_of(ctx, geographic.get());
  if (target.empty())
    return Error{display_crs, {}, "PROJ cannot describe its geographic CRS: " + last_error(ctx)};
  auto to_geographic = Transformer::create(display_crs, target);
  if (!to_geographic) return to_geographic.error();
  return Measurer(std::move(*to_geographic), degrees_per_unit, std::move(target), a, f);
}

bool Measurer::to_lon_lat(const double* xy, size_t n, std::vector<double>& lon_lat) const {
  assert(xy || n == 0);
  lon_lat.assign(xy, xy + 2 * n);
  // Checked here because an identity Transformer passes NaN through without counting it.
  for (double v : lon_lat)
    if (!std::isfinite(v)) return false;
  if (to_geographic_.transform(lon_lat.data(), n) != 0) return false;
  for (size_t i = 0; i < 2 * n; i += 2) {
    lon_lat[i] *= degrees_per_unit_;
    lon_lat[i + 1] *= degrees_per_unit_;
    // A latitude past a pole can only come from a geographic display CRS and a bad click.
    if (!std::isfinite(lon_lat[i]) || !(std::fabs(lon_lat[i + 1]) <= 90.0)) return false;
  }
  return true;
}

double Measurer::length(const double* xy, size_t n, bool closed) const {
  std::vector<double> ll;
  if (!to_lon_lat(xy, n, ll)) return kNaN;
  if (n < 2) return 0.0;
  geod_geodesic g;
  geod_init(&g, a_, f_);
  const size_t segments = closed ? n : n - 1;
  double total = 0.0;
  for (size_t i = 0; i < segments; ++i) {
    const size_t j = (i + 1) % n;
    double s12 = 0.0;
    geod_inverse(&g, ll[2 * i + 1], ll[2 * i], ll[2 * j + 1], ll[2 * j], &s12, nullptr, nullptr);
    total += s12;
  }
  return total;
}

double Measurer::path_length_m(const double* xy, size_t n) const { return length(xy, n, false); }

double Measurer::perimeter_m(const double* xy, size_t n) const { return length(xy, n, true); }

double Measurer::polygon_area_m2(const double* xy, size_t n) const {
  std::vector<double> ll;
  if (!to_lon_lat(xy, n, ll)) return kNaN;
  if (n < 3) return 0.0;
  geod_geodesic g;
  geod_init(&g, a_, f_);
  geod_polygon p;
  geod_polygon_init(&p, 0);
  for (size_t i = 0; i < n; ++i) geod_polygon_addpoint(&g, &p, ll[2 * i + 1], ll[2 * i]);
  double area = 0.0;
  // reverse = 0, sign = 1: a clockwise ring gives minus its area (not the rest of the
  // Earth), so the absolute value is the same either way round.
  geod_polygon_compute(&g, &p, 0, 1, &area, nullptr);
  return std::fabs(area);
}

namespace {

const char* const kDash = "\xE2\x80\x94";  // "—" U+2014
const char* const kDot = " \xC2\xB7 ";     // " · " U+00B7
const char* const kSquare = "\xC2\xB2";    // "²" U+00B2
const char* const kMu = "\xE4\xBA\xA9";    // "亩" U+4EA9
constexpr double kSquareMetresPerMu = 10000.0 / 15.0;

// Whole number with "," every three digits; v >= 0 and already rounded.
std::string grouped(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", v);  // no decimal point, so no locale involved
  const std::string digits = buf;
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// v >= 0 with 3 significant digits, at most 4 decimals, "." as decimal point whatever
// the C locale; whole numbers with separators from 1,000.
std::string significant3(double v) {
  if (v == 0.0) return "0";
  if (v >= 999.5) return grouped(std::round(v));
  int decimals = std::clamp(2 - static_cast<int>(std::floor(std::log10(v))), 0, 4);
  long long scaled = std::llround(v * std::pow(10.0, decimals));
  // Rounding carried into a fourth digit (9.996 → 10.00): one decimal fewer.
  if (scaled >= 1000 && decimals > 0) scaled = std::llround(v * std::pow(10.0, --decimals));
  if (decimals == 0) return std::to_string(scaled);
  long long unit = 1;
  for (int i = 0; i < decimals; ++i) unit *= 10;
  std::string frac = std::to_string(scaled % unit);
  frac.insert(0, decimals - frac.size(), '0');
  return std::to_string(scaled / unit) + "." + frac;
}

// "-" in front of a number that does not read as zero.
std::string with_sign(bool negative, std::string body) {
  if (negative && body.find_first_of("123456789") != std::string::npos) body.insert(0, "-");
  return body;
}

}  // namespace

std::string format_length(double m) {
  if (!std::isfinite(m)) return kDash;
  const double a = std::fabs(m);
  if (a < 999.5) return with_sign(m < 0, grouped(std::round(a))) + " m";
  return with_sign(m < 0, significant3(a / 1000.0)) + " km";
}

std::string format_area(double m2) {
  if (!std::isfinite(m2)) return kDash;
  const double a = std::fabs(m2);
  const bool neg = m2 < 0;
  std::string first = a < 999999.5 ? with_sign(neg, grouped(std::round(a))) + " m" + kSquare
                                   : with_sign(neg, significant3(a / 1e6)) + " km" + kSquare;
  return first + kDot + with_sign(neg, significant3(a / 10000.0)) + " ha" + kDot +
         with_sign(neg, significant3(a / kSquareMetresPerMu)) + " " + kMu;
}

}  // namespace geo
