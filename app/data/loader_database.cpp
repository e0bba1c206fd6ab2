// A database job's read: the server's clock, the tables of the source, and for each
// whether it is streamed by view (with the server's tiles or COPY, loader_tiles.cpp),
// sampled, or read whole through GDAL's driver; the loader's run() merges what came.
#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "app/data/loader.hpp"
#include "app/data/phase_trace.hpp"
#include "geo/pg.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"

namespace app {

geo::ReadOutcome Loader::read_database(const Job& job, const geo::ReadOptions& base, LoadResult& r,
                                       std::vector<DatabaseRead>& tables) {
  geo::ReadOutcome out;
  PhaseTrace phase(4, 12);  // the read's own phases
  // The server's clock first: rows changed from now on are the next refresh's.
  auto now = geo::server_time(job.config.source);
  phase("pg clock");
  if (!now) {
    out.errors.push_back(now.error());
    return out;
  }
  r.server_time = *now;
  geo::Result<std::vector<geo::LayerInfo>> infos = std::vector<geo::LayerInfo>{};
  {
    std::lock_guard<std::mutex> lock(shapes_mutex_);
    auto known = shapes_.find(shape_key(job));
    if (job.fetch.infos) infos = *job.fetch.infos;
    else if (!job.fetch.recount && known != shapes_.end()) infos = known->second.infos;
    else infos = geo::Error{};
  }
  const bool fresh = !infos || job.fetch.infos.has_value();  // inspected now (or just before): kept for the next reads
  if (!infos) infos = geo::inspect_source({job.config.source, job.config.layer});
  if (!infos) {
    out.errors.push_back(infos.error());
    return out;
  }
  if (fresh) {
    std::lock_guard<std::mutex> lock(shapes_mutex_);
    shapes_[shape_key(job)] = TableShape{*infos, {}, {}};
  }
  phase("pg inspect");
  for (const geo::LayerInfo& info : *infos) {
    if (!info.has_geometry) continue;  // a table without geometry is not a map layer
    DatabaseRead t;
    t.table_rows = info.feature_count;
    t.keyed = !info.fid_column.empty();
    t.key_column = info.fid_column;
    // Large tables are fetched by view (a table without a key cannot merge its parts).
    t.streamed = t.keyed && job.config.stream.value_or(info.feature_count > kStreamRows);
    geo::ReadOptions o = base;
    std::string where;
    const uint64_t row_limit = job.config.stream_limit > 0 ? job.config.stream_limit : kStreamLimit;
    r.row_limit = row_limit;
    if (t.streamed) o.limit = row_limit;
    if (job.fetch.box && t.streamed && !info.crs.empty()) {
      // The view's box in the table's CRS: transform points along its edges.
      auto to_table = geo::Transformer::create(job.display_crs, info.crs);
      if (to_table) {
        const geo::Bbox& v = *job.fetch.box;
        const geo::Bbox box = to_table->transform_box(v);
        if (!box.empty()) {
          o.box = box;
          const int srid = geo::srid_of(info.crs);
          if (srid > 0 && !info.geometry_column.empty()) where = geo::intersects_clause(info.geometry_column, srid, box);
          r.fetch_box = v;
          if (job.fetch.except && srid > 0 && !info.geometry_column.empty()) {
            // The box as the server compares it (the view's rows came through the same
            // transform), and back: rows meeting either were left out.
            const geo::Bbox e = to_table->transform_box(*job.fetch.except);
            auto to_display = geo::Transformer::create(info.crs, job.display_crs);
            if (!e.empty() && to_display) {
              t.except =
                  "NOT (" + geo::quote_identifier(info.geometry_column) + " && " + geo::envelope_sql(srid, e) + ")";
              where += " AND NOT " + geo::intersects_clause(info.geometry_column, srid, e);
              r.spared = *job.fetch.except;
              r.spared.add(to_display->transform_box(e));
            }
          }
        }
      }
    }
    if (!job.fetch.where.empty()) where = where.empty() ? job.fetch.where : "(" + where + ") AND (" + job.fetch.where + ")";
    o.where = where;
    geo::ReadOutcome one;
    if (read_tiles(job, info, o, r, t, one)) {
      out.errors.insert(out.errors.end(), one.errors.begin(), one.errors.end());
      out.warnings.insert(out.warnings.end(), one.warnings.begin(), one.warnings.end());
      for (geo::VectorLayer& l : one.layers) {
        out.layers.push_back(std::move(l));
        tables.push_back(t);
      }
      continue;
    }
    // Zoomed out over more rows than one fetch brings: a sample spread evenly over the
    // view instead of the first rows of the table. A row is in the sample when a hash of
    // its key falls below the fraction: the same rows every time (no flicker between
    // fetches), chosen on the server after the GiST index has found the view's rows.
    // Rows in view are estimated from the table's extent, assuming even density.
    const int srid = geo::srid_of(info.crs);
    std::string sample;
    if (t.streamed && job.fetch.where.empty() && srid > 0 && !info.extent.empty() && info.feature_count > 0) {
      const geo::Bbox& e = info.extent;
      const double area = std::max(e.width(), 1e-9) * std::max(e.height(), 1e-9);
      const double in_view = static_cast<double>(info.feature_count) * std::min(1.0, (o.box ? o.box->overlap_area(e) : area) / area);
      // A margin: with uneven density a sample could still overflow the limit and be
      // cut at its end.
      if (in_view > 0.8 * static_cast<double>(row_limit)) {
        const double fraction = std::max(1e-4, 0.8 * static_cast<double>(row_limit) / in_view);
        const auto threshold = static_cast<uint64_t>(fraction * 4294967296.0);
        sample = "((" + geo::quote_identifier(info.fid_column) + "::bigint * 2654435761) % 4294967296) < " +
                 std::to_string(threshold);
        o.where = where.empty() ? sample : "(" + where + ") AND " + sample;
        r.sample_percent = 100.0 * fraction;
      }
    }
    // Rows arrive through GDAL's PostgreSQL driver at ~150k a second per core: a view's
    // fetch reads the two halves of its box on two connections at once. A row meeting
    // both halves comes twice; the merge by key keeps one.
    const geo::SourceSpec table{job.config.source, info.name};
    std::optional<geo::Bbox> split_box = o.box;
    if (t.streamed && split_box && srid > 0 && !info.geometry_column.empty() && job.fetch.where.empty() &&
        std::thread::hardware_concurrency() >= 2) {
      auto half = [&](double x0, double x1) {
        geo::ReadOptions h = o;
        h.box = split_box;
        h.box->min_x = x0, h.box->max_x = x1;
        h.where = geo::intersects_clause(info.geometry_column, srid, *h.box);
        if (!sample.empty()) h.where = "(" + h.where + ") AND " + sample;
        h.limit = (o.limit + 1) / 2;
        return h;
      };
      const double mid = split_box->center_x();
      const geo::ReadOptions west = half(split_box->min_x, mid);
      geo::ReadOptions east = half(mid, split_box->max_x);
      east.progress = nullptr;  // one reporter (the progress counter is not shared-safe)
      geo::ReadOutcome other;
      std::thread helper([&] { other = geo::read_vector(table, east); });
      one = geo::read_vector(table, west);
      helper.join();
      one.limited = one.limited || other.limited;
      one.errors.insert(one.errors.end(), other.errors.begin(), other.errors.end());
      one.warnings.insert(one.warnings.end(), other.warnings.begin(), other.warnings.end());
      if (!one.errors.empty()) {
        one.layers.clear();
      } else if (one.layers.size() == 1 && other.layers.size() == 1) {
        geo::upsert_features(one.layers[0], std::move(other.layers[0]));
      }
    } else {
      one = geo::read_vector(table, o);
    }
    // Deleted rows do not come with the changed ones: when the table has fewer rows (the
    // exact count inspect_source took just before) than those held plus the new ones,
    // it is read whole again.
    if (!job.fetch.where.empty() && job.fetch.store && t.keyed && !t.streamed && one.errors.empty() &&
        one.layers.size() == 1 && info.feature_count >= 0) {
      size_t expected = 0;
      {
        std::lock_guard<std::mutex> lock(job.fetch.store->mutex);
        const std::vector<int64_t>& held_fids = job.fetch.store->rows.fids;
        std::unordered_set<int64_t> held(held_fids.begin(), held_fids.end());
        expected = held.size();
        for (int64_t fid : one.layers[0].fids) expected += held.count(fid) ? 0 : 1;
      }
      if (static_cast<size_t>(info.feature_count) < expected) {
        one = geo::read_vector(table, base);
        t.replace = true;
      }
    }
    out.limited = out.limited || one.limited || r.sample_percent > 0;
    out.errors.insert(out.errors.end(), one.errors.begin(), one.errors.end());
    out.warnings.insert(out.warnings.end(), one.warnings.begin(), one.warnings.end());
    for (geo::VectorLayer& l : one.layers) {
      out.layers.push_back(std::move(l));
      tables.push_back(t);
    }
  }
  r.limited = out.limited;
  return out;
}

}  // namespace app
