// The in-memory vector layer: flat arrays, one row per feature, no heap object per
// feature. Coordinates are in the layer's `crs` (source CRS after reading, display
// CRS after geo::reproject), always east-first (x = easting/longitude).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

struct Bbox {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return !(min_x <= max_x && min_y <= max_y); }
  double width() const { return empty() ? 0.0 : max_x - min_x; }
  double height() const { return empty() ? 0.0 : max_y - min_y; }
  double center_x() const { return 0.5 * (min_x + max_x); }
  double center_y() const { return 0.5 * (min_y + max_y); }
  void add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    if (x < min_x) min_x = x;
    if (x > max_x) max_x = x;
    if (y < min_y) min_y = y;
    if (y > max_y) max_y = y;
  }
  void add(const Bbox& b) {
    if (b.empty()) return;
    add(b.min_x, b.min_y);
    add(b.max_x, b.max_y);
  }
  bool intersects(const Bbox& b) const {
    return !empty() && !b.empty() && min_x <= b.max_x && b.min_x <= max_x && min_y <= b.max_y &&
           b.min_y <= max_y;
  }
  bool contains(double x, double y) const {
    return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
  }
  bool contains(const Bbox& b) const {
    return !empty() && !b.empty() && b.min_x >= min_x && b.max_x <= max_x && b.min_y >= min_y && b.max_y <= max_y;
  }
  bool operator==(const Bbox& b) const {
    return min_x == b.min_x && min_y == b.min_y && max_x == b.max_x && max_y == b.max_y;
  }
  bool operator!=(const Bbox& b) const { return !(*this == b); }
  double overlap_area(const Bbox& b) const {
    if (!intersects(b)) return 0.0;
    return (std::min(max_x, b.max_x) - std::max(min_x, b.min_x)) * (std::min(max_y, b.max_y) - std::max(min_y, b.min_y));
  }
};

class AttributeTable;
namespace wire {  // geo/wire.hpp: a table passed between processes
class Writer;
class Reader;
void put(Writer& w, const AttributeTable& a);
bool get(Reader& r, AttributeTable& a);
}  // namespace wire

// What one part of a feature is. A feature may mix kinds (geometry collections).
enum class PartKind : uint8_t { Point = 0, Line = 1, Polygon = 2 };

// Attribute values kept as UTF-8 text, one packed buffer per column, for identify
// and for status/name lookup. Numbers are kept in the text form GDAL gives.
class AttributeTable {
 public:
  enum class Type : uint8_t { Text, Integer, Real, Date, Other };

  void set_columns(std::vector<std::string> names, std::vector<Type> types);
  size_t column_count() const { return names_.size(); }
  size_t row_count() const { return rows_; }
  const std::vector<std::string>& names() const { return names_; }
  Type type(size_t col) const { return types_[col]; }
  int find(std::string_view name) const;  // exact, then case-insensitive; -1 if absent

  // Appends one row; `values` has column_count() entries. Null is an empty view with
  // is_null set.
  void begin_row();
  void push(std::string_view value, bool is_null = false);
  std::string_view get(size_t row, size_t col) const;
  bool is_null(size_t row, size_t col) const;
  size_t byte_size() const;
  // Appends every row of `other`, which has the same columns.
  void append(const AttributeTable& other);
  // Appends rows [begin, end) of `other`, which has the same columns.
  void append_rows(const AttributeTable& other, size_t begin, size_t end);
  // Bytes of text column `col` holds (its values, end to end).
  size_t text_bytes(size_t col) const { return col < columns_.size() ? columns_[col].data.size() : 0; }
  // Room for `rows` rows in all, `bytes[c]` bytes of text in column c, in huge pages
  // (geo/huge_pages.hpp): a large table's rows appended without moving.
  void reserve(size_t rows, const std::vector<size_t>& bytes, bool spare = false);
  // Keeps the rows whose `keep` byte is non-zero, in order, in place (no array moves).
  void keep_rows(const std::vector<uint8_t>& keep);

 private:
  friend void wire::put(wire::Writer& w, const AttributeTable& a);
  friend bool wire::get(wire::Reader& r, AttributeTable& a);
  struct Column {
    std::string data;
    std::vector<uint64_t> ends;  // row r spans [ends[r-1], ends[r])
    std::vector<uint8_t> null;
  };
  std::vector<std::string> names_;
  std::vector<Type> types_;
  std::vector<Column> columns_;
  size_t rows_ = 0;
};

struct VectorLayer {
  std::string source;     // path (or connection) it was read from
  std::string name;       // layer name within the source
  std::string crs;        // CRS definition PROJ accepts (WKT2 or "EPSG:n")
  std::string crs_label;  // short human form: "EPSG:4549" or the CRS name
  std::string encoding;   // text encoding the attributes were decoded from; empty = UTF-8
  std::string driver;     // GDAL driver it was read with ("GPKG", "KML" …); empty if unknown

  std::vector<double> xy;                // x,y pairs, east-first, in `crs`
  std::vector<uint32_t> ring_offsets{0};  // ring r: vertices [ring_offsets[r], ring_offsets[r+1])
  std::vector<uint32_t> part_offsets{0};  // part p: rings [part_offsets[p], part_offsets[p+1])
  std::vector<PartKind> part_kinds;       // one per part; polygon ring 0 = shell, rest holes
  std::vector<uint32_t> feature_offsets{0};  // feature f: parts [feature_offsets[f], ...[f+1])
  // Polygon parts (indices, ascending) to fill by the even-odd rule: self-crossing
  // rings GEOS could not repair in time. Every other polygon fills as tessellated.
  std::vector<uint32_t> even_odd_parts;
  std::vector<int64_t> fids;              // source feature id per feature
  AttributeTable attributes;              // one row per feature
  Bbox bounds;

  size_t feature_count() const { return feature_offsets.size() - 1; }
  size_t vertex_count() const { return xy.size() / 2; }
  size_t part_count() const { return part_kinds.size(); }
  // Bounding box of one feature (computed on demand).
  Bbox feature_bounds(size_t f) const;
  // How many features have at least one part of that kind.
  size_t count_features_with(PartKind kind) const;
  // Appends the features of `other` (same CRS and columns) after this layer's.
  void append(VectorLayer&& other);
};

// Appends each of `parts` (same CRS and columns) after `layer`'s features, in order,
// with every array sized once for them all first, in huge pages: joining a fetch's
// sixteen pieces of a million rows by growing the arrays took half a second. The
// parts are left empty.
void append_all(VectorLayer& layer, std::vector<VectorLayer>& parts);

// A copy of `layer` in freshly reserved huge pages, with room for the features of
// `room_for` (when given) to be appended without moving: copying a million rows
// faults in 2 MiB pages, not 4 KiB ones, and the append that follows copies once.
VectorLayer copy_layer(const VectorLayer& layer, const VectorLayer* room_for = nullptr);

// The features of `layer` whose `keep` byte is non-zero, in order, in place: `layer`'s
// arrays keep their room (a store that drops some rows and takes others on every pan
// does not allocate and fault in its arrays again).
void keep_features(VectorLayer& layer, const std::vector<uint8_t>& keep);

// The features of `layer` at the indices `order` gives, in that order.
// The result is in huge pages, with room for `room_for`'s features as copy_layer.
VectorLayer reorder_features(const VectorLayer& layer, const std::vector<uint32_t>& order,
                             const VectorLayer* room_for = nullptr);

// The features `order` names, (part, feature index) pairs, from several layers of the
// same CRS and columns, as one layer in that order: reorder_features across layers. A
// fetch's pieces go straight into key order this way, without being joined first.
// In huge pages, each array sized once.
VectorLayer gather_features(const std::vector<VectorLayer>& parts,
                            const std::vector<std::pair<uint32_t, uint32_t>>& order);

// Rows fetched again from a database: each feature of `rows` replaces the feature of
// `into` with the same fid (wherever it was), the others are appended. `rows` has the
// same CRS and columns as `into` (or `into` is empty). `also_drop`, when given, removes
// each other feature of `into` it is true for (rows deleted on the server), counted in
// `dropped`. One pass over `into`. Returns how many were replaced.
size_t upsert_features(VectorLayer& into, VectorLayer&& rows, const std::function<bool(size_t f)>& also_drop = {},
                       size_t* dropped = nullptr);

}  // namespace geo
