// A PostGIS table seen through vector tiles made by the server (ST_AsMVT): every row
// meeting the view comes, clipped to nothing and snapped to an eighth of a pixel, a
// row under that size as a point at its centre; none is dropped. And the counts the
// legend needs, grouped by the server over the whole table.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo::pg {

struct Table {
  std::string source;  // GDAL "PG:" string
  std::string name;    // "table" or "schema.table"
  std::string geometry_column, key_column;
  int srid = 0;
  Bbox extent;  // the table's, in its CRS: the root of the tile grid
  // The columns' PostgreSQL types (column_types); fetch_tiles looks them up when empty.
  std::map<std::string, std::string> types;
};

// A column of the table `t` as a tile, a copy or a count reads it: as GDAL's driver
// gives it (dates "2023-05-16", times "2023-05-16T08:30:00", booleans 1 and 0), numbers
// and text as they are, anything else as its text. `day`: dates and times as the day.
std::string column_expr(const Table& t, const std::string& name, AttributeTable::Type type, bool day = false);


struct TileId {
  int z = 0, x = 0, y = 0;  // y = 0 is the top row, as ST_TileEnvelope counts
};

// Tiles over the square that holds the table's extent, `z` times halved.
struct Grid {
  Bbox root;
  int z = 0;
  double tile_size() const { return root.width() / static_cast<double>(1u << z); }
  Bbox tile_box(const TileId& t) const;
  std::vector<TileId> covering(const Bbox& box) const;  // from the middle outwards
  size_t count(const Bbox& box) const;                   // covering(box).size(), counted
  // The columns x0..x1 and rows y0..y1 of the tiles meeting `b` (false: none).
  bool span(const Bbox& b, int& x0, int& x1, int& y0, int& y1) const;
};

// The grid whose tiles are about `tile_px` pixels wide at `pixel` (table units per
// pixel), with at most `max_tiles` tiles over `box`.
Grid grid_for(const Bbox& extent, const Bbox& box, double pixel, int tile_px = 256, size_t max_tiles = 64);

// The SQL of one tile ($1 z, $2 x, $3 y): the rows whose geometry's box meets the
// tile, their key as the feature id and `columns` (of `layer`'s table) as tags, dates
// as GDAL writes them ("2023/05/16"). `where` (SQL) narrows it further.
// `boxes`: each row as the corners of its box (a layer named kMvtBoxLayer), for views
// where rows are a few pixels or less: the server skips the polygons' vertices, and
// the count of rows stays exact. `columns` lists which columns go (none: all).
std::string tile_sql(const Table& t, const Grid& g, const AttributeTable& columns, const std::vector<int>& send,
                     bool boxes, const std::string& where);

struct TileFetch {
  VectorLayer layer;  // table CRS; one feature per row (a row met by several tiles once)
  size_t tiles = 0, bytes = 0;  // tiles, or by COPY the key's ranges
  int z = 0;
  bool boxes = false;
  bool copy = false;  // the tiles' rows came whole by COPY (geo/pg_rows.hpp)
  size_t unreadable = 0;  // by COPY: rows whose geometry could not be read (kept without)
  double server_seconds = 0;  // summed over the tiles
  double join_seconds = 0;    // the pieces made one layer in key order
};

// The rows meeting `box` (table CRS) at `pixel`, tiles (or their rows by COPY) fetched on the process's pool
// for the source (`threads` at once) and decoded as they arrive. `shape` gives the
// columns and CRS (an empty read of the table). Where rows are dense (more than one
// per `box_pixels` pixels on average, from `rows` in `t.extent`), rows come as their
// boxes with only the `lean` columns (status, dates); else whole with every column.
// `cancelled` is polled between tiles.
struct TileRequest {
  Bbox box;            // table CRS
  double pixel = 0;    // table units per pixel
  int64_t rows = -1;   // the table's row count (estimate)
  double box_pixels = 16;
  std::vector<int> lean;  // columns sent with boxes
  std::string where;
  int threads = 2;
  // How a tile's rows travel: the server's vector tile (snapped to 1/16 px, a row
  // under that as its box), or the rows whole by binary COPY, the geometry exact
  // (dense rows are then made boxes here). COPY costs the server a fifth of the time
  // for small shapes (parcels); a vector tile sends less for big ones.
  enum class Transport { Copy, Mvt } transport = Transport::Copy;
  // The rows come so far, and those expected in `box` (from `rows`, assuming even
  // density; never below the rows come): every thousand rows or so and once at the
  // end, never fewer than the call before. Called from the fetching threads, one call
  // at a time. (A view over ten million rows takes twenty seconds here; the window's
  // progress row counts them.)
  std::function<void(uint64_t rows, uint64_t expected)> progress;
  // Each piece (a tile, or a COPY's part) once it has come whole (table CRS; its rows
  // made boxes where dense), before the pieces are joined: a window draws them as they
  // come. Called from the fetching threads, one call at a time.
  std::function<void(const VectorLayer& piece)> on_piece;
  // Rows a COPY's part holds, about (tests lower it to have many parts).
  double piece_rows = 65536;
};
Result<TileFetch> fetch_tiles(const Table& t, const VectorLayer& shape, const TileRequest& request,
                              const std::function<bool()>& cancelled);

// The rows of `t` meeting `box` (table CRS), of `rows` in all (its estimate; 0 where
// that is unknown, ≤ 0), assuming even density over the table's extent.
double rows_in(const Table& t, const Bbox& box, int64_t rows);

// A table's columns and their PostgreSQL types (format_type), for Table::types.
Result<std::map<std::string, std::string>> column_types(const std::string& source, const std::string& table);

// The server's estimate of a table's rows (its statistics: pg_class.reltuples), in
// no time whatever its size; -1 where the table was never analysed.
Result<int64_t> estimated_rows(const std::string& source, const std::string& table);

// The rows of the table grouped by `columns` of `shape` (status and dates), with the
// count of each group: one feature per group, no geometry, `weights` its row count.
// Refused (an error) when there are more than `max_groups` groups.
struct Groups {
  VectorLayer groups;
  std::vector<uint64_t> weights;
  uint64_t rows = 0;
};
Result<Groups> group_counts(const Table& t, const VectorLayer& shape, const std::vector<int>& columns,
                            const std::string& where, size_t max_groups = 200000);

}  // namespace geo::pg
