#include "geo/transform.hpp"

#include <proj.h>

#include "geo/proj_util.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

namespace geo {
namespace {

using ContextPtr = detail::ProjContextPtr;
using detail::PjPtr;

std::string last_error(PJ_CONTEXT* ctx) { return detail::proj_last_error(ctx); }

ContextPtr make_context() { return detail::make_proj_context(); }

}  // namespace

void init_proj() {
  ContextPtr ctx = make_context();
  // Opening the database is the lazy part: ask it something once.
  PjPtr crs(proj_create(ctx.get(), "EPSG:4326"));
}

struct Transformer::Impl {
  ContextPtr ctx;
  PjPtr pj;  // null when identity
  std::string source, target;
};

Transformer::Transformer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;
Transformer::~Transformer() = default;

Result<Transformer> Transformer::create(const std::string& source, const std::string& target) {
  auto impl = std::make_unique<Impl>();
  impl->ctx = make_context();
  impl->source = source;
  impl->target = target;
  PJ_CONTEXT* ctx = impl->ctx.get();
  PjPtr src(proj_create(ctx, source.c_str()));
  if (!src) return Error{source, {}, "unknown coordinate reference system: " + last_error(ctx)};
  PjPtr dst(proj_create(ctx, target.c_str()));
  if (!dst) return Error{target, {}, "unknown coordinate reference system: " + last_error(ctx)};
  if (proj_is_equivalent_to_with_ctx(ctx, src.get(), dst.get(),
                                     PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS))
    return Transformer(std::move(impl));
  PjPtr op(proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr));
  if (!op)
    return Error{source, {}, "PROJ cannot transform it to " + target + ": " + last_error(ctx)};
  PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
  if (!norm) return Error{source, {}, "PROJ cannot normalise the axis order: " + last_error(ctx)};
  impl->pj = std::move(norm);
  return Transformer(std::move(impl));
}

bool Transformer::identity() const { return !impl_->pj; }

static size_t run(PJ* pj, PJ_DIRECTION dir, double* xy, size_t count) {
  if (!pj || count == 0) return 0;
  proj_trans_generic(pj, dir, xy, 2 * sizeof(double), count, xy + 1, 2 * sizeof(double), count,
                     nullptr, 0, 0, nullptr, 0, 0);
  size_t failed = 0;
  for (size_t i = 0; i < 2 * count; i += 2) {
    if (!std::isfinite(xy[i]) || !std::isfinite(xy[i + 1]) || xy[i] == HUGE_VAL) {
      xy[i] = xy[i + 1] = std::nan("");
      ++failed;
    }
  }
  proj_errno_reset(pj);
  return failed;
}

size_t Transformer::transform(double* xy, size_t count) const { return run(impl_->pj.get(), PJ_FWD, xy, count); }
size_t Transformer::inverse(double* xy, size_t count) const { return run(impl_->pj.get(), PJ_INV, xy, count); }

bool Transformer::transform_point(double& x, double& y) const {
  double p[2] = {x, y};
  if (transform(p, 1) != 0) return false;
  x = p[0];
  y = p[1];
  return true;
}

Bbox Transformer::transform_box(const Bbox& box, int steps) const {
  Bbox out;
  if (box.empty()) return out;
  for (int i = 0; i <= steps; ++i) {
    const double fx = box.min_x + box.width() * i / steps, fy = box.min_y + box.height() * i / steps;
    for (auto [x, y] : {std::pair{fx, box.min_y}, {fx, box.max_y}, {box.min_x, fy}, {box.max_x, fy}})
      if (transform_point(x, y)) out.add(x, y);
  }
  return out;
}

Result<CrsInfo> describe_crs(const std::string& definition) {
  ContextPtr ctx = make_context();
  PjPtr crs(proj_create(ctx.get(), definition.c_str()));
  if (!crs) return Error{definition, {}, "unknown coordinate reference system: " + last_error(ctx.get())};
  if (!proj_is_crs(crs.get())) return Error{definition, {}, "not a coordinate reference system"};
  CrsInfo info;
  info.definition = definition;
  const char* name = proj_get_name(crs.get());
  info.name = name ? name : definition;
  const char* auth = proj_get_id_auth_name(crs.get(), 0);
  const char* code = proj_get_id_code(crs.get(), 0);
  info.label = (auth && code) ? std::string(auth) + ":" + code : info.name;
  PJ_TYPE type = proj_get_type(crs.get());
  PjPtr horizontal;
  if (type == PJ_TYPE_COMPOUND_CRS) {
    horizontal.reset(proj_crs_get_sub_crs(ctx.get(), crs.get(), 0));
    if (horizontal) type = proj_get_type(horizontal.get());
  }
  info.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
                    type == PJ_TYPE_GEOGRAPHIC_CRS;
  PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), horizontal ? horizontal.get() : crs.get()));
  if (cs) {
    const char* unit_name = nullptr;
    if (proj_cs_get_axis_info(ctx.get(), cs.get(), 0, nullptr, nullptr, nullptr, nullptr, &unit_name,
                              nullptr, nullptr) &&
        unit_name) {
      const std::string u = unit_name;
      info.unit = u == "metre" ? "m" : u == "degree" ? "°" : u;
    }
  }
  return info;
}

bool same_crs(const std::string& a, const std::string& b) {
  if (a == b) return true;
  ContextPtr ctx = make_context();
  PjPtr pa(proj_create(ctx.get(), a.c_str()));
  PjPtr pb(proj_create(ctx.get(), b.c_str()));
  return pa && pb &&
         proj_is_equivalent_to_with_ctx(ctx.get(), pa.get(), pb.get(),
                                        PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
}

Result<bool> reproject(VectorLayer& layer, const std::string& target, int threads, size_t* failed) {
  auto first = Transformer::create(layer.crs, target);
  if (!first) {
    Error e = first.error();
    e.source = layer.source;
    e.layer = layer.name;
    return e;
  }
  if (failed) *failed = 0;
  if (first->identity()) {
    layer.crs = target;
    return false;
  }
  const size_t n = layer.vertex_count();
  threads = std::max(1, std::min<int>(threads, static_cast<int>(n / 20000) + 1));
  std::vector<size_t> failures(threads, 0);
  std::vector<std::thread> pool;
  const size_t chunk = (n + threads - 1) / threads;
  for (int t = 1; t < threads; ++t) {
    pool.emplace_back([&, t] {
      // PROJ objects are not shareable between threads: each worker builds its own.
      auto tr = Transformer::create(layer.crs, target);
      const size_t begin = t * chunk, end = std::min(n, begin + chunk);
      if (tr && begin < end) failures[t] = tr->transform(layer.xy.data() + 2 * begin, end - begin);
    });
  }
  failures[0] = first->transform(layer.xy.data(), std::min(n, chunk));
  for (auto& th : pool) th.join();
  layer.bounds = Bbox{};
  for (size_t i = 0; i < n; ++i) layer.bounds.add(layer.xy[2 * i], layer.xy[2 * i + 1]);
  layer.crs = target;
  if (failed)
    for (size_t f : failures) *failed += f;
  return true;
}

std::string suggest_display_crs(const std::string& crs, const Bbox& ll) {
  auto info = describe_crs(crs);
  if (info && !info->geographic) return crs;
  if (ll.empty()) return "EPSG:3857";
  const double lon = ll.center_x(), lat = ll.center_y();
  // Coordinates that are no longitude/latitude (metres labelled as degrees, a typo):
  // no zone fits them.
  if (!(lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0)) return "EPSG:3857";
  if (lon >= 73.5 && lon <= 135.5 && lat >= 3.0 && lat <= 54.0) {
    // CGCS2000 3-degree Gauss-Kruger CM 75E … 135E: EPSG:4534 + k for CM 75 + 3k.
    const int k = std::clamp(static_cast<int>(std::lround((lon - 75.0) / 3.0)), 0, 20);
    return "EPSG:" + std::to_string(4534 + k);
  }
  if (std::abs(lat) > 84.0) return "EPSG:3857";
  const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
  return "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
}

}  // namespace geo
