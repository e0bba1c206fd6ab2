#include "geo/pg_tiles.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <thread>
#include <tuple>

#include "geo/mvt.hpp"
#include "geo/pg.hpp"
#include "geo/pg_client.hpp"
#include "geo/pg_rows.hpp"

namespace geo::pg {

namespace {

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::vector<AttributeTable::Type> column_types(const AttributeTable& a) {
  std::vector<AttributeTable::Type> types;
  for (size_t c = 0; c < a.column_count(); ++c) types.push_back(a.type(c));
  return types;
}

// The share of a table's extent that `box` covers (1 where the extent is unknown): of
// its rows, those meeting the box, assuming even density.
double share_of(const Table& t, const Bbox& box) {
  const double table_area = t.extent.empty() ? 0 : t.extent.width() * t.extent.height();
  return table_area > 0 ? std::min(1.0, box.overlap_area(t.extent) / table_area) : 1.0;
}

// The pieces a view's rows come in by COPY, as SQL conditions (and whether each comes
// in key order), each row in exactly one of them; a whole number of pieces per
// connection (none waits alone for the last), about 64k rows each. A view over most of
// the table: ranges of the key, which the server reads in key order from its primary
// key, and which join in key order. A smaller view: strips of it, each row in the
// strip holding its box's left edge (the outer strips reaching past the view), each
// read through the spatial index in the table's order. (A range of the key there
// would read the view's rows again for each piece, or the planner would walk the key's
// index over millions of rows to return them in order.)
Result<std::vector<std::string>> copy_pieces(const Table& t, Pool& pool, const Bbox& box, int64_t rows, int threads,
                                             double piece_rows, bool& key_order) {
  std::vector<std::string> out;
  const double share = share_of(t, box);
  const double in_view = (rows > 0 ? static_cast<double>(rows) : 1e6) * share;
  const auto per = static_cast<size_t>(std::max(1, threads));
  const size_t want =
      (static_cast<size_t>(std::clamp(in_view / std::max(piece_rows, 1.0), 1.0, 32.0)) + per - 1) / per * per;
  const std::string key = "t." + quote_identifier(t.key_column);
  const std::string geom = "t." + quote_identifier(t.geometry_column);
  key_order = share >= 0.5;
  if (!key_order) {
    const double w = box.width() / static_cast<double>(want);
    for (size_t k = 0; k < want; ++k) {
      const double x0 = box.min_x + w * static_cast<double>(k), x1 = k + 1 == want ? box.max_x : x0 + w;
      char buf[256];
      std::snprintf(buf, sizeof buf, "%s && ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, %d)", geom.c_str(), x0,
                    box.min_y, x1, box.max_y, t.srid);
      std::string piece = buf;
      if (k > 0) std::snprintf(buf, sizeof buf, " AND ST_XMin(%s) >= %.17g", geom.c_str(), x0), piece += buf;
      if (k + 1 < want) std::snprintf(buf, sizeof buf, " AND ST_XMin(%s) < %.17g", geom.c_str(), x1), piece += buf;
      out.push_back(piece);
    }
    return out;
  }
  auto span = pool.query("SELECT min(" + key + ")::bigint, max(" + key + ")::bigint FROM " + quote_identifier(t.name) + " t");
  if (!span) return Error{without_password(t.source), t.name, span.error().reason};
  if (span->size() != 1 || !span->cells[0][0] || !span->cells[0][1]) return out;  // no row
  const int64_t lo = std::stoll(*span->cells[0][0]), hi = std::stoll(*span->cells[0][1]);
  const uint64_t width = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);  // no overflow in unsigned
  const uint64_t step = width / want + 1;
  for (uint64_t a = 0; a <= width; a += step) {
    const uint64_t b = std::min(width, a + step - 1);
    out.push_back(key + " BETWEEN " + std::to_string(static_cast<int64_t>(static_cast<uint64_t>(lo) + a)) + " AND " +
                  std::to_string(static_cast<int64_t>(static_cast<uint64_t>(lo) + b)));
    if (b == width) break;
  }
  return out;
}

}  // namespace

std::string column_expr(const Table& t, const std::string& name, AttributeTable::Type type, bool day) {
  const std::string q = "t." + quote_identifier(name);
  const auto known = t.types.find(name);
  const std::string pg_type = known == t.types.end() ? "" : known->second;
  switch (type) {
    case AttributeTable::Type::Date:
      return "to_char(" + q + (day || pg_type == "date" ? ", 'YYYY-MM-DD')" : ", 'YYYY-MM-DD\"T\"HH24:MI:SS')");
    case AttributeTable::Type::Integer: return pg_type == "boolean" ? q + "::integer" : q;
    case AttributeTable::Type::Real:
    case AttributeTable::Type::Text: return q;
    default: return q + "::text";
  }
}

Bbox Grid::tile_box(const TileId& t) const {
  const double s = tile_size();
  Bbox b;
  b.min_x = root.min_x + s * t.x, b.max_x = b.min_x + s;
  b.max_y = root.max_y - s * t.y, b.min_y = b.max_y - s;
  return b;
}

bool Grid::span(const Bbox& b, int& x0, int& x1, int& y0, int& y1) const {
  if (b.empty() || !b.intersects(root)) return false;
  const double s = tile_size();
  const int n = 1 << z;
  auto clampi = [n](double v) {
    return static_cast<int>(std::max(0.0, std::min(static_cast<double>(n - 1), std::floor(v))));
  };
  x0 = clampi((b.min_x - root.min_x) / s), x1 = clampi((b.max_x - root.min_x) / s);
  y0 = clampi((root.max_y - b.max_y) / s), y1 = clampi((root.max_y - b.min_y) / s);
  return true;
}

size_t Grid::count(const Bbox& box) const {
  int x0, x1, y0, y1;
  if (!span(box, x0, x1, y0, y1)) return 0;
  return static_cast<size_t>(x1 - x0 + 1) * static_cast<size_t>(y1 - y0 + 1);
}

std::vector<TileId> Grid::covering(const Bbox& box) const {
  std::vector<TileId> out;
  int x0, x1, y0, y1;
  if (!span(box, x0, x1, y0, y1)) return out;
  // From the middle outwards: the tiles a person looks at come first.
  const double cx = (x0 + x1) / 2.0, cy = (y0 + y1) / 2.0;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) out.push_back({z, x, y});
  std::stable_sort(out.begin(), out.end(), [&](const TileId& a, const TileId& c) {
    return std::hypot(a.x - cx, a.y - cy) < std::hypot(c.x - cx, c.y - cy);
  });
  return out;
}

Grid grid_for(const Bbox& extent, const Bbox& box, double pixel, int tile_px, size_t max_tiles) {
  Grid g;
  const Bbox& e = extent.empty() ? box : extent;
  const double side = std::max({e.width(), e.height(), 1e-6}) * (1 + 1e-9);
  g.root.min_x = e.min_x, g.root.max_y = e.max_y;
  g.root.max_x = e.min_x + side, g.root.min_y = e.max_y - side;
  const double want = pixel > 0 ? std::log2(side / (tile_px * pixel)) : 0;
  g.z = std::max(0, std::min(22, static_cast<int>(std::lround(want))));
  while (g.z > 0 && g.count(box) > max_tiles) --g.z;  // (counted: at z 22 a box may hold 10^13 tiles)
  return g;
}

std::string tile_sql(const Table& t, const Grid& g, const AttributeTable& columns, const std::vector<int>& send,
                     bool boxes, const std::string& where) {
  const std::string geom = "t." + quote_identifier(t.geometry_column);
  const std::string srid = std::to_string(t.srid);
  std::string cols, names;
  for (size_t c = 0; c < columns.column_count(); ++c)
    if (send.empty() || std::find(send.begin(), send.end(), static_cast<int>(c)) != send.end()) {
      const std::string name = quote_identifier(columns.names()[c]);
      cols += ", " + column_expr(t, columns.names()[c], columns.type(c)) + " AS " + name;
      names += ", s." + name;
    }
  const std::string bounds = "ST_MakeEnvelope(" + number(g.root.min_x) + ", " + number(g.root.min_y) + ", " +
                             number(g.root.max_x) + ", " + number(g.root.max_y) + ", " + srid + ")";
  // The box's corners as a MULTIPOINT (Box2D once per row: each ST_XMin(geom) would
  // compute it again).
  const std::string corners =
      "ST_SetSRID(ST_Collect(ST_MakePoint(ST_XMin(s.__renewmap_box), ST_YMin(s.__renewmap_box)), ST_MakePoint(ST_XMax(s.__renewmap_box), ST_YMax(s.__renewmap_box))), " +
      srid + ")";
  // A row the snapping would collapse (under an eighth of a pixel) comes as its box:
  // it is still there, and still counted.
  const std::string shape = boxes ? "ST_AsMVTGeom(" + corners + ", e.env, 4096, 0, false)"
                                  : "COALESCE(ST_AsMVTGeom(s.__renewmap_geom, e.env, 4096, 0, false), ST_AsMVTGeom(" + corners +
                                        ", e.env, 4096, 0, false))";
  return "WITH e AS (SELECT ST_TileEnvelope($1::integer, $2::integer, $3::integer, " + bounds +
         ") AS env) SELECT ST_AsMVT(q, '" + std::string(boxes ? kMvtBoxLayer : "rows") +
         "', 4096, '__renewmap_g', '__renewmap_k') FROM (SELECT s.__renewmap_k" + names + ", " + shape +
         " AS __renewmap_g FROM e, (SELECT t." + quote_identifier(t.key_column) + "::bigint AS __renewmap_k" + cols +
         ", " + geom + " AS __renewmap_geom, Box2D(" + geom + ") AS __renewmap_box FROM " + quote_identifier(t.name) + " t, e WHERE " + geom +
         " && e.env" + (where.empty() ? "" : " AND (" + where + ")") + ") s) q";
}

Result<TileFetch> fetch_tiles(const Table& table, const VectorLayer& shape, const TileRequest& request,
                              const std::function<bool()>& cancelled) {
  const std::shared_ptr<Pool> pool = pool_for(table.source, request.threads);
  // The columns' types, so that each reads as GDAL's driver reads it.
  Table t = table;
  if (t.types.empty()) {
    auto types = column_types(t.source, t.name);
    if (!types) return types.error();
    t.types = std::move(*types);
  }
  const Bbox& box = request.box;
  const int threads = request.threads;
  const bool copy = request.transport == TileRequest::Transport::Copy;
  const Grid grid = grid_for(t.extent, box, request.pixel);
  const std::vector<TileId> tiles = copy ? std::vector<TileId>{} : grid.covering(box);  // (by COPY: pieces instead)
  // Rows per pixel, assuming even density over the table's extent.
  bool boxes = false;
  if (request.rows > 0 && request.pixel > 0 && !t.extent.empty()) {
    const double area = std::max(t.extent.width() * t.extent.height(), 1e-12);
    boxes = static_cast<double>(request.rows) / area * request.pixel * request.pixel * request.box_pixels > 1.0;
  }
  // Boxes carry the lean columns only ({-1}: none; an empty list would send all).
  const std::vector<int> send = !boxes ? std::vector<int>{} : request.lean.empty() ? std::vector<int>{-1} : request.lean;
  // The rows meeting the box itself, not every row of the tiles around it: a view's
  // fetch brings what meets the view (and its margin), as a fetch by GDAL did.
  char envelope[256];
  std::snprintf(envelope, sizeof envelope, "ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, %d)", box.min_x, box.min_y,
                box.max_x, box.max_y, t.srid);
  std::string where = "t." + quote_identifier(t.geometry_column) + " && " + envelope;
  if (!request.where.empty()) where += " AND (" + request.where + ")";
  const std::string sql = copy ? std::string() : tile_sql(t, grid, shape.attributes, send, boxes, where);
  std::vector<std::string> copies;  // by COPY: each piece's condition
  bool key_order = false;           // and whether each comes in key order
  if (copy) {
    auto planned = copy_pieces(t, *pool, box, request.rows, threads, request.piece_rows, key_order);
    if (!planned) return planned.error();
    copies = std::move(*planned);
  }
  const size_t pieces = copy ? copies.size() : tiles.size();
  // Each thread decodes into its own layer; the layers are merged in order.
  std::vector<VectorLayer> parts(pieces);
  std::vector<Error> errors;
  std::atomic<size_t> next{0}, bytes{0}, unreadable{0};
  std::atomic<int64_t> server_us{0};
  std::mutex mutex;
  // The rows come so far (TileRequest::progress), each thread adding its own.
  const auto expected = static_cast<uint64_t>(std::llround(rows_in(t, box, request.rows)));
  std::atomic<uint64_t> received{0};
  std::mutex progress_mutex;
  uint64_t reported = 0;
  auto report = [&](uint64_t more, bool last) {
    received += more;
    if (!request.progress) return;
    std::lock_guard<std::mutex> lock(progress_mutex);
    const uint64_t at = received.load();
    if (at <= reported && !last) return;
    reported = at;
    request.progress(at, std::max(at, expected));
  };
  constexpr size_t kReportRows = 1024;
  std::mutex piece_mutex;  // TileRequest::on_piece: one call at a time
  auto piece_done = [&](const VectorLayer& part) {
    if (!request.on_piece || part.feature_count() == 0) return;
    std::lock_guard<std::mutex> lock(piece_mutex);
    request.on_piece(part);
  };
  auto work = [&] {
    while (true) {
      const size_t i = next++;
      if (i >= pieces) return;
      if (cancelled && cancelled()) {
        std::lock_guard<std::mutex> lock(mutex);
        errors.push_back({without_password(t.source), t.name, "loading cancelled"});
        return;
      }
      VectorLayer& part = parts[i];
      part.attributes.set_columns(shape.attributes.names(), column_types(shape.attributes));
      const auto t0 = std::chrono::steady_clock::now();
      if (copy) {
        // The piece's rows whole, parsed as they stream in.
        CopyDecoder decoder(part, send);
        size_t seen = 0;  // rows reported
        auto copied = pool->copy_out(copy_sql(t, shape.attributes, send, where + " AND " + copies[i], key_order), [&](const char* b, size_t n) {
          const bool fed = decoder.feed(b, n);
          if (decoder.rows() - seen >= kReportRows) report(decoder.rows() - seen, false), seen = decoder.rows();
          return fed && !(cancelled && cancelled());
        });
        report(decoder.rows() - seen, false);
        server_us += std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
        if (!copied || !decoder.finished()) {
          std::lock_guard<std::mutex> lock(mutex);
          errors.push_back(cancelled && cancelled() ? Error{without_password(t.source), t.name, "loading cancelled"}
                           : !decoder.error().empty() ? Error{without_password(t.source), t.name, "the server's copy: " + decoder.error()}
                           : !copied ? copied.error()
                                     : Error{without_password(t.source), t.name, "the server's copy ended early"});
          return;
        }
        bytes += *copied;
        unreadable += decoder.unreadable();
        if (boxes) keep_boxes(part);
        piece_done(part);
        continue;
      }
      const TileId& id = tiles[i];
      auto rows = pool->query(sql, {std::to_string(id.z), std::to_string(id.x), std::to_string(id.y)}, true);
      server_us += std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
      if (!rows || rows->size() != 1) {
        std::lock_guard<std::mutex> lock(mutex);
        errors.push_back(rows ? Error{without_password(t.source), t.name, "no tile came back"} : rows.error());
        return;
      }
      const std::optional<std::string>& cell = rows->cells[0][0];
      if (!cell) continue;  // no row in the tile
      bytes += cell->size();
      auto decoded = decode_mvt(reinterpret_cast<const uint8_t*>(cell->data()), cell->size(), grid.tile_box(id), part);
      if (!decoded) {
        std::lock_guard<std::mutex> lock(mutex);
        errors.push_back({without_password(t.source), t.name, decoded.error().reason});
        return;
      }
      report(part.feature_count(), false);  // the piece's own layer: all its rows are this tile's
      piece_done(part);
    }
  };
  std::vector<std::thread> helpers;
  for (int k = 1; k < std::min<int>(threads, static_cast<int>(pieces)); ++k) helpers.emplace_back(work);
  work();
  for (std::thread& h : helpers) h.join();
  if (!errors.empty()) return errors.front();
  report(0, true);

  TileFetch out;
  out.tiles = pieces, out.bytes = bytes.load(), out.z = grid.z, out.boxes = boxes, out.copy = copy;
  out.server_seconds = static_cast<double>(server_us.load()) / 1e6;
  out.unreadable = unreadable.load();
  // In the order of the key, as GDAL reads the table: where rows overlap, the same one
  // is drawn on top whichever tiles brought them. A row met by several tiles came
  // whole from each (tiles do not clip): its first copy is kept. Pieces that come one
  // after another in key order are joined as they are; others (a view cut into
  // strips) are gathered row by row into key order, in one copy.
  const auto join_start = std::chrono::steady_clock::now();
  bool ordered = true;
  size_t total = 0;
  const int64_t* previous = nullptr;
  for (const VectorLayer& p : parts) {
    total += p.feature_count();
    for (size_t f = 0; f < p.fids.size() && ordered; ++f) {
      ordered = !previous || *previous < p.fids[f];
      previous = &p.fids[f];
    }
  }
  VectorLayer& l = out.layer;
  if (ordered) {
    l.attributes.set_columns(shape.attributes.names(), column_types(shape.attributes));
    append_all(l, parts);
  } else {
    std::vector<std::tuple<int64_t, uint32_t, uint32_t>> keys;
    keys.reserve(total);
    for (uint32_t p = 0; p < parts.size(); ++p)
      for (uint32_t f = 0; f < parts[p].fids.size(); ++f) keys.emplace_back(parts[p].fids[f], p, f);
    std::sort(keys.begin(), keys.end());
    std::vector<std::pair<uint32_t, uint32_t>> order;
    order.reserve(keys.size());
    for (size_t k = 0; k < keys.size(); ++k)
      if (k == 0 || std::get<0>(keys[k]) != std::get<0>(keys[k - 1]))
        order.emplace_back(std::get<1>(keys[k]), std::get<2>(keys[k]));
    l = gather_features(parts, order);
  }
  l.source = shape.source, l.name = shape.name, l.crs = shape.crs, l.crs_label = shape.crs_label;
  l.driver = shape.driver, l.encoding = shape.encoding;
  out.join_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - join_start).count();
  return out;
}

double rows_in(const Table& t, const Bbox& box, int64_t rows) {
  return rows > 0 ? static_cast<double>(rows) * share_of(t, box) : 0.0;
}

Result<std::map<std::string, std::string>> column_types(const std::string& source, const std::string& table) {
  auto rows = pool_for(source)->query(
      "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
      "AND NOT attisdropped",
      {quote_identifier(table)});
  if (!rows) return Error{without_password(source), table, rows.error().reason};
  std::map<std::string, std::string> types;
  for (const auto& row : rows->cells)
    if (row[0] && row[1]) types[*row[0]] = *row[1];
  return types;
}

Result<int64_t> estimated_rows(const std::string& source, const std::string& table) {
  auto rows = pool_for(source)->query("SELECT reltuples::bigint FROM pg_class WHERE oid = $1::regclass",
                                      {quote_identifier(table)});
  if (!rows) return Error{without_password(source), table, rows.error().reason};
  if (rows->size() != 1 || !rows->cells[0][0]) return Error{without_password(source), table, "no such table"};
  return std::stoll(*rows->cells[0][0]);
}

Result<Groups> group_counts(const Table& t, const VectorLayer& shape, const std::vector<int>& columns,
                            const std::string& where, size_t max_groups) {
  std::string cols, by;
  std::vector<std::string> names;
  std::vector<AttributeTable::Type> types;
  for (size_t k = 0; k < columns.size(); ++k) {
    const auto c = static_cast<size_t>(columns[k]);
    cols += column_expr(t, shape.attributes.names()[c], shape.attributes.type(c), true) + ", ";
    by += (k ? ", " : "") + std::to_string(k + 1);
    names.push_back(shape.attributes.names()[c]);
    types.push_back(shape.attributes.type(c));
  }
  const std::string sql = "SELECT " + cols + "count(*) FROM " + quote_identifier(t.name) + " t" +
                          (where.empty() ? "" : " WHERE " + where) + (by.empty() ? "" : " GROUP BY " + by) +
                          " LIMIT " + std::to_string(max_groups + 1);
  auto rows = pool_for(t.source)->query(sql);
  if (!rows) return Error{without_password(t.source), t.name, rows.error().reason};
  if (rows->size() > max_groups)
    return Error{without_password(t.source), t.name,
                 "more than " + std::to_string(max_groups) + " distinct status and date values: counted from the rows held"};
  Groups g;
  g.groups.attributes.set_columns(names, types);
  for (const auto& row : rows->cells) {
    g.groups.feature_offsets.push_back(0);  // no geometry
    g.groups.fids.push_back(static_cast<int64_t>(g.weights.size()));
    g.groups.attributes.begin_row();
    for (size_t c = 0; c < columns.size(); ++c)
      g.groups.attributes.push(row[c] ? std::string_view(*row[c]) : std::string_view(), !row[c]);
    const uint64_t n = row.back() ? std::stoull(*row.back()) : 0;
    g.weights.push_back(n);
    g.rows += n;
  }
  return g;
}

}  // namespace geo::pg
