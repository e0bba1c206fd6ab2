// A PostGIS table's rows whole through `COPY (…) TO STDOUT (FORMAT binary)`: the key,
// the columns as text and the geometry as WKB, parsed as they stream into a
// VectorLayer's flat arrays by the same WKB parser as GDAL's column-oriented reads
// (so a row's arrays are those a GeoPackage of it gives). On this machine the server
// sends a million parcels so in 0.6 s on one connection, against 3 s to make them
// into vector tiles (README, bench/postgis_bench.sh).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo::detail {
class GeometryAppender;
class ScopedGdalErrors;
}

namespace geo::pg {

struct Table;

// `COPY (SELECT key, columns…, geometry …) TO STDOUT (FORMAT binary)` for the rows of
// `t` meeting `where` (SQL, may be empty). `send` lists the columns of `columns` sent
// (empty: all; {-1}: none); the others come as null. `key_order`: in the key's order.
std::string copy_sql(const Table& t, const AttributeTable& columns, const std::vector<int>& send,
                     const std::string& where, bool key_order = false);

// Parses the copy's bytes, fed in any pieces, into `out` (whose columns are set, as
// `copy_sql` was given them): one feature per row, its key as the fid. Made, fed and
// destroyed on one thread (it holds that thread's GDAL messages while it lives).
class CopyDecoder {
 public:
  CopyDecoder(VectorLayer& out, const std::vector<int>& send);
  ~CopyDecoder();
  // False (and `error()` says why) on bytes that are not such a copy; then `out`
  // keeps the rows parsed before them.
  bool feed(const char* bytes, size_t size);
  // True once the copy's trailer came (after it, nothing more is read).
  bool finished() const { return finished_; }
  const std::string& error() const { return error_; }
  size_t rows() const { return rows_; }
  // Rows whose geometry bytes could not be read (kept, with no geometry; GDAL's
  // messages about them are kept quiet).
  size_t unreadable() const { return unreadable_; }

 private:
  // Parses whole rows from `p` on; returns the bytes used (0 until a whole row is
  // there), or SIZE_MAX on an error.
  size_t parse(const uint8_t* p, size_t n);
  VectorLayer& out_;
  std::vector<int> column_of_field_;  // field k (after the key) → column of `out`
  std::vector<uint8_t> pending_;      // bytes of a row not yet whole
  std::vector<const uint8_t*> field_;  // the row being parsed: its fields
  std::vector<int32_t> length_;        // and their lengths (-1: null)
  bool header_ = false, finished_ = false;
  std::string error_;
  size_t rows_ = 0, unreadable_ = 0;
  std::unique_ptr<detail::GeometryAppender> appender_;
  std::unique_ptr<detail::ScopedGdalErrors> quiet_;  // GDAL's messages on this thread, while it lives
};

// Each feature's geometry replaced by its box (a rectangle polygon): what the
// small-feature painter draws of a row a few pixels wide, in a fifth of the memory.
void keep_boxes(VectorLayer& layer);

}  // namespace geo::pg
