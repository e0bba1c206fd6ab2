// A streamed PostGIS table's view as the server's vector tiles (geo/pg_tiles.hpp),
// with the table's counts grouped by the server while they come: the loader's
// database read hands over to this where the table has a key and an EPSG code.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "app/data/loader.hpp"
#include "app/data/phase_trace.hpp"
#include "geo/classify.hpp"
#include "geo/pg.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"
#include "geo/transform.hpp"

namespace app {

bool Loader::read_tiles(const Job& job, const geo::LayerInfo& info, const geo::ReadOptions& o, LoadResult& r,
                        DatabaseRead& t, geo::ReadOutcome& one) {
  // RENEWMAP_PG_TILES=off: the rows through GDAL's driver as before (a key-hash sample
  // when zoomed out); =mvt: the tiles as the server's vector tiles, not by COPY. Both
  // for comparison in bench/postgis_bench.sh.
  const char* tiles_env = std::getenv("RENEWMAP_PG_TILES");
  const std::string how = tiles_env ? tiles_env : "";
  if (how == "off") return false;
  const int srid = geo::srid_of(info.crs);
  if (!t.streamed || !job.fetch.where.empty() || srid <= 0 || info.geometry_column.empty() || info.fid_column.empty())
    return false;
  geo::Bbox box;            // table CRS
  double pixel = 0;         // table units per pixel
  geo::Bbox display_box;    // what was fetched, display CRS
  geo::Bbox table_box;      // the table's extent, display CRS (a first read's pieces carry it)
  if (o.box && job.fetch.box && job.fetch.pixel > 0) {
    box = *o.box, display_box = *job.fetch.box;
    r.tile_pixel = job.fetch.pixel;
    pixel = job.fetch.pixel * box.width() / std::max(display_box.width(), 1e-12);
  } else if (!job.fetch.box && !job.fetch.store && job.fetch.viewport_w > 0 && job.fetch.viewport_h > 0 &&
             !info.extent.empty()) {
    // The first read with no view asked for: the view will fit the table's extent.
    box = info.extent;
    pixel = std::max(box.width() / job.fetch.viewport_w, box.height() / job.fetch.viewport_h);
    auto to_display = geo::Transformer::create(info.crs, job.display_crs);
    if (!to_display) return false;
    display_box = to_display->transform_box(box);
    if (display_box.empty()) return false;
    table_box = display_box;
    // What the camera will show (the extent fitted to the viewport's shape), padded as
    // a view's fetch is: the first pans and zooms need nothing new.
    r.tile_pixel = std::max(display_box.width() / job.fetch.viewport_w, display_box.height() / job.fetch.viewport_h);
    const double w = r.tile_pixel * job.fetch.viewport_w, h = r.tile_pixel * job.fetch.viewport_h;
    const double cx = display_box.center_x(), cy = display_box.center_y();
    r.shown = geo::Bbox{cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h};
    display_box = geo::Bbox{cx - 0.75 * w, cy - 0.75 * h, cx + 0.75 * w, cy + 0.75 * h};
  } else {
    return false;
  }
  PhaseTrace phase(4, 12);  // the read's own phases
  // The table's columns and CRS, as inspect_source found them (kept while the view moves).
  std::shared_ptr<const geo::VectorLayer> shape;
  std::map<std::string, std::string> types;  // and their PostgreSQL types
  {
    std::lock_guard<std::mutex> lock(shapes_mutex_);
    TableShape& known = shapes_[shape_key(job)];
    if (!job.fetch.recount) shape = known.columns[info.name], types = known.types[info.name];
  }
  if (!shape || types.empty()) {
    shape = std::make_shared<const geo::VectorLayer>(geo::empty_layer(job.config.source, info));
    if (auto t_types = geo::pg::column_types(job.config.source, info.name)) types = std::move(*t_types);
    std::lock_guard<std::mutex> lock(shapes_mutex_);
    shapes_[shape_key(job)].columns[info.name] = shape;
    shapes_[shape_key(job)].types[info.name] = types;
  }
  const geo::VectorLayer& columns = *shape;
  phase("pg columns");
  // The columns the legend and the time slider need: status and the four dates.
  std::vector<int> lean;
  const int status_field = geo::classify(columns, job.config).status_field;
  if (status_field >= 0) lean.push_back(status_field);
  const geo::DateColumns d = geo::detect_date_columns(columns.attributes);
  for (int c : {d.planned_start, d.planned_finish, d.actual_start, d.actual_finish})
    if (c >= 0 && std::find(lean.begin(), lean.end(), c) == lean.end()) lean.push_back(c);

  geo::pg::Table pt;
  pt.source = job.config.source, pt.name = info.name;
  pt.geometry_column = info.geometry_column, pt.key_column = info.fid_column;
  pt.srid = srid, pt.extent = info.extent;
  pt.types = std::move(types);
  geo::pg::TileRequest q;
  q.box = box;
  q.pixel = pixel;
  q.rows = info.feature_count;
  q.lean = lean;
  q.where = t.except;
  q.transport = how == "mvt" ? geo::pg::TileRequest::Transport::Mvt : geo::pg::TileRequest::Transport::Copy;
  // The window's progress row counts the rows as they come, out of those expected in
  // the view (`o.progress` is for one thread; the rows come on several).
  q.progress = [&job](uint64_t rows, uint64_t expected) {
    *job.done = rows;
    *job.total = expected;
  };
  // A first read's pieces, drawn as they come (Fetch::pieces): those come since the
  // last hand-over are joined, made display CRS and meshed on the fetching thread that
  // brought the last of them, while the other goes on.
  struct Pieces {
    std::vector<geo::VectorLayer> pending;
    size_t pending_rows = 0, handed_rows = 0;
    std::chrono::steady_clock::time_point handed{};
    bool over = false;
  } pieces;
  const double expected = geo::pg::rows_in(pt, box, info.feature_count);  // rows in the box, about
  // (Not under an attribute filter: the pieces' rows are not evaluated, so none is drawn.)
  if (job.fetch.pieces.on && !job.fetch.store && job.config.filter.empty() && r.tile_pixel > 0 && !r.shown.empty() &&
      expected >= static_cast<double>(job.fetch.pieces.from)) {
    q.piece_rows = job.fetch.pieces.rows;
    if (table_box.empty() && !info.extent.empty())
      if (auto to_display = geo::Transformer::create(info.crs, job.display_crs)) table_box = to_display->transform_box(info.extent);
    q.on_piece = [&, expected](const geo::VectorLayer& piece) {
      if (pieces.over) return;
      const bool first = pieces.handed_rows == 0;
      if (!first && static_cast<double>(pieces.handed_rows + pieces.pending_rows + piece.feature_count()) >
                        job.fetch.pieces.upto * expected) {
        pieces.over = true;  // the rest comes with the whole
        pieces.pending.clear();
        return;
      }
      pieces.pending.push_back(piece);
      pieces.pending_rows += piece.feature_count();
      const auto now = std::chrono::steady_clock::now();
      if (!first && (pieces.pending_rows < pieces.handed_rows ||
                     std::chrono::duration<double>(now - pieces.handed).count() < job.fetch.pieces.every))
        return;
      geo::VectorLayer rows = std::move(pieces.pending.front());
      pieces.pending.erase(pieces.pending.begin());
      geo::append_all(rows, pieces.pending);
      pieces.pending.clear();
      pieces.handed_rows += pieces.pending_rows;
      pieces.pending_rows = 0;
      rows.source = columns.source, rows.name = columns.name, rows.crs = columns.crs, rows.crs_label = columns.crs_label;
      if (!geo::reproject(rows, job.display_crs, 1)) return;
      LoadResult p = preview_of(job.config, r, rows);
      p.first_pieces = true;
      p.layers.front().data.bounds = table_box;
      hand_over(std::move(p));
      pieces.handed = std::chrono::steady_clock::now();
    };
  }
  // Counted while the tiles come (one more connection of the pool).
  std::thread counting;
  geo::Result<geo::pg::Groups> groups = geo::Error{};
  const bool recount = job.fetch.recount && status_field >= 0;
  if (recount) counting = std::thread([&] { groups = geo::pg::group_counts(pt, columns, lean, ""); });
  auto fetched = geo::pg::fetch_tiles(pt, columns, q, o.cancelled);
  phase("pg tiles");
  if (fetched) phase.part("pg join", fetched->join_seconds);
  if (counting.joinable()) counting.join();
  phase("pg counts");
  if (!fetched) {
    one.errors.push_back({geo::without_password(job.config.source), info.name, fetched.error().reason});
    return true;
  }
  if (recount && groups) t.groups = std::make_shared<geo::pg::Groups>(std::move(*groups));
  else if (recount) one.warnings.push_back({geo::without_password(job.config.source), info.name, groups.error().reason});
  if (fetched->unreadable > 0)
    one.warnings.push_back({geo::without_password(job.config.source), info.name,
                            std::to_string(fetched->unreadable) + " rows' geometry could not be read; they are not drawn"});
  features_read_ += fetched->layer.feature_count();
  r.tiles = fetched->tiles, r.tile_zoom = fetched->z, r.tile_boxes = fetched->boxes, r.tile_copy = fetched->copy, r.tile_bytes = fetched->bytes;
  r.fetch_box = display_box;
  one.layers.push_back(std::move(fetched->layer));
  return true;
}

}  // namespace app
