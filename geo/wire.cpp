#include "geo/wire.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace geo::wire {

bool write_all(int fd, const void* data, size_t n) {
  const char* p = static_cast<const char*>(data);
  while (n > 0) {
    const ssize_t k = ::write(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

bool read_exact(int fd, void* data, size_t n) {
  char* p = static_cast<char*>(data);
  while (n > 0) {
    const ssize_t k = ::read(fd, p, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    p += k;
    n -= static_cast<size_t>(k);
  }
  return true;
}

namespace {
constexpr size_t kBuffer = 1 << 20;     // fd writes are gathered up to this size
constexpr size_t kStraight = 256 << 10;  // larger blocks go to the fd unbuffered


// Offsets of one level index the next: monotonic, starting at 0, ending at most at
// `limit` (the next level's size), `exact` when it must end there.
bool offsets_ok(const std::vector<uint32_t>& o, uint64_t limit, bool exact) {
  if (o.empty() || o.front() != 0) return false;
  for (size_t i = 1; i < o.size(); ++i)
    if (o[i] < o[i - 1]) return false;
  return exact ? o.back() == limit : o.back() <= limit;
}
}  // namespace

void Writer::bytes(const void* p, size_t n) {
  total_ += n;
  if (fd_ == kCount) return;
  const char* c = static_cast<const char*>(p);
  if (fd_ < 0) {
    buffer_.append(c, n);
    return;
  }
  if (failed_) return;
  if (n >= kStraight) {
    if (!flush() || !write_all(fd_, c, n)) failed_ = true;
    return;
  }
  buffer_.append(c, n);
  if (buffer_.size() >= kBuffer) flush();
}

bool Writer::flush() {
  if (fd_ < 0 || failed_) return !failed_;
  if (!buffer_.empty() && !write_all(fd_, buffer_.data(), buffer_.size())) failed_ = true;
  buffer_.clear();
  return !failed_;
}

bool Reader::bytes(void* p, size_t n) {
  if (!ok_) return false;
  if (n == 0) return true;
  remaining_ = remaining_ >= n ? remaining_ - n : 0;
  if (from_memory_) {
    if (memory_.size() < n) return fail();
    std::memcpy(p, memory_.data(), n);
    memory_.remove_prefix(n);
    return true;
  }
  if (!fill_ || !fill_(p, n)) return fail();
  return true;
}

bool Reader::str(std::string& s, uint64_t max) {
  uint64_t n = 0;
  if (!u64(n) || n > max) return fail();
  s.clear();
  constexpr uint64_t kChunk = uint64_t{16} << 20;
  while (s.size() < n) {
    const size_t at = s.size();
    const size_t more = static_cast<size_t>(std::min<uint64_t>(kChunk, n - at));
    s.resize(at + more);
    if (!bytes(s.data() + at, more)) return false;
  }
  return true;
}

void put(Writer& w, const Error& e) {
  w.str(e.source);
  w.str(e.layer);
  w.str(e.reason);
}
bool get(Reader& r, Error& e) { return r.str(e.source, 1 << 20) && r.str(e.layer, 1 << 20) && r.str(e.reason, 1 << 20); }

void put(Writer& w, const std::vector<Error>& v) {
  w.u64(v.size());
  for (const Error& e : v) put(w, e);
}
bool get(Reader& r, std::vector<Error>& v) {
  uint64_t n = 0;
  if (!r.u64(n) || n > 100000) return r.fail();
  v.assign(static_cast<size_t>(n), Error{});
  for (Error& e : v)
    if (!get(r, e)) return false;
  return true;
}

void put(Writer& w, const Bbox& b) {
  w.f64(b.min_x), w.f64(b.min_y), w.f64(b.max_x), w.f64(b.max_y);
}
bool get(Reader& r, Bbox& b) { return r.f64(b.min_x) && r.f64(b.min_y) && r.f64(b.max_x) && r.f64(b.max_y); }

void put(Writer& w, const SourceSpec& s) {
  w.str(s.path);
  w.str(s.layer);
}
bool get(Reader& r, SourceSpec& s) { return r.str(s.path, 1 << 20) && r.str(s.layer, 1 << 20); }

void put(Writer& w, const ReadOptions& o) {
  w.str(o.encoding);
  w.str(o.csv_x);
  w.str(o.csv_y);
  w.str(o.source_crs);
  w.u8(o.box ? 1 : 0);
  if (o.box) put(w, *o.box);
  w.str(o.where);
  w.u64(o.limit);
  w.u64(o.drivers.size());
  for (const std::string& d : o.drivers) w.str(d);
  w.u8(o.describe_only ? 1 : 0);
  w.u8(o.columnar ? 1 : 0);
}
bool get(Reader& r, ReadOptions& o) {
  uint8_t has_box = 0;
  if (!r.str(o.encoding, 1 << 10) || !r.str(o.csv_x, 1 << 12) || !r.str(o.csv_y, 1 << 12) ||
      !r.str(o.source_crs, 1 << 20) || !r.u8(has_box))
    return false;
  if (has_box) {
    Bbox b;
    if (!get(r, b)) return false;
    o.box = b;
  }
  uint64_t drivers = 0;
  if (!r.str(o.where, 1 << 20) || !r.u64(o.limit) || !r.u64(drivers) || drivers > 64) return r.fail();
  o.drivers.assign(static_cast<size_t>(drivers), std::string());
  for (std::string& d : o.drivers)
    if (!r.str(d, 256)) return false;
  uint8_t describe_only = 0;
  if (!r.u8(describe_only)) return false;
  o.describe_only = describe_only != 0;
  uint8_t columnar = 1;
  if (!r.u8(columnar)) return false;
  o.columnar = columnar != 0;
  return true;
}

void put(Writer& w, const AttributeTable& a) {
  w.u64(a.rows_);
  w.u64(a.names_.size());
  for (size_t c = 0; c < a.names_.size(); ++c) {
    w.str(a.names_[c]);
    w.u8(static_cast<uint8_t>(a.types_[c]));
    const AttributeTable::Column& col = a.columns_[c];
    w.str(col.data);
    w.array(col.ends);
    w.array(col.null);
  }
}
bool get(Reader& r, AttributeTable& a) {
  uint64_t rows = 0, columns = 0;
  if (!r.u64(rows) || !r.u64(columns) || columns > 100000) return r.fail();
  std::vector<std::string> names(static_cast<size_t>(columns));
  std::vector<AttributeTable::Type> types(static_cast<size_t>(columns));
  std::vector<AttributeTable::Column> cols(static_cast<size_t>(columns));
  for (size_t c = 0; c < columns; ++c) {
    uint8_t type = 0;
    if (!r.str(names[c], 1 << 16) || !r.u8(type) || type > static_cast<uint8_t>(AttributeTable::Type::Other))
      return r.fail();
    types[c] = static_cast<AttributeTable::Type>(type);
    AttributeTable::Column& col = cols[c];
    if (!r.str(col.data) || !r.array(col.ends) || !r.array(col.null)) return false;
    if (col.ends.size() != rows || col.null.size() != rows) return r.fail();
    for (size_t i = 0; i < col.ends.size(); ++i)
      if (col.ends[i] > col.data.size() || (i > 0 && col.ends[i] < col.ends[i - 1])) return r.fail();
  }
  a.names_ = std::move(names);
  a.types_ = std::move(types);
  a.columns_ = std::move(cols);
  a.rows_ = static_cast<size_t>(rows);
  return true;
}

void put(Writer& w, const VectorLayer& l) {
  for (const std::string* s : {&l.source, &l.name, &l.crs, &l.crs_label, &l.encoding, &l.driver}) w.str(*s);
  w.array(l.xy);
  w.array(l.ring_offsets);
  w.array(l.part_offsets);
  w.array(l.part_kinds);
  w.array(l.even_odd_parts);
  w.array(l.feature_offsets);
  w.array(l.fids);
  put(w, l.attributes);
  put(w, l.bounds);
}
bool get(Reader& r, VectorLayer& l) {
  for (std::string* s : {&l.source, &l.name, &l.crs, &l.crs_label, &l.encoding, &l.driver})
    if (!r.str(*s, 1 << 24)) return false;
  if (!r.array(l.xy) || !r.array(l.ring_offsets) || !r.array(l.part_offsets) || !r.array(l.part_kinds) ||
      !r.array(l.even_odd_parts) || !r.array(l.feature_offsets) || !r.array(l.fids) || !get(r, l.attributes) || !get(r, l.bounds))
    return false;
  if (l.xy.size() % 2 != 0 || !offsets_ok(l.ring_offsets, l.xy.size() / 2, true) ||
      !offsets_ok(l.part_offsets, l.ring_offsets.size() - 1, true) || l.part_kinds.size() + 1 != l.part_offsets.size() ||
      !offsets_ok(l.feature_offsets, l.part_kinds.size(), true) || l.fids.size() != l.feature_count() ||
      l.attributes.row_count() != l.feature_count())
    return r.fail();
  for (PartKind k : l.part_kinds)
    if (static_cast<uint8_t>(k) > static_cast<uint8_t>(PartKind::Polygon)) return r.fail();
  for (size_t i = 0; i < l.even_odd_parts.size(); ++i)
    if (l.even_odd_parts[i] >= l.part_kinds.size() || (i > 0 && l.even_odd_parts[i] <= l.even_odd_parts[i - 1]))
      return r.fail();
  return true;
}

void put(Writer& w, const ReadOutcome& o) {
  w.u64(o.layers.size());
  for (const VectorLayer& l : o.layers) put(w, l);
  put(w, o.errors);
  put(w, o.warnings);
  w.u8(o.limited ? 1 : 0);
}
bool get(Reader& r, ReadOutcome& o) {
  uint64_t n = 0;
  if (!r.u64(n) || n > 100000) return r.fail();
  o.layers.assign(static_cast<size_t>(n), VectorLayer{});
  for (VectorLayer& l : o.layers)
    if (!get(r, l)) return false;
  uint8_t limited = 0;
  if (!get(r, o.errors) || !get(r, o.warnings) || !r.u8(limited)) return false;
  o.limited = limited != 0;
  return true;
}

void put(Writer& w, const LayerInfo& i) {
  for (const std::string* s : {&i.name, &i.crs, &i.crs_label, &i.geometry_column, &i.fid_column, &i.driver}) w.str(*s);
  w.u8(i.projected ? 1 : 0);
  put(w, i.extent);
  w.i64(i.feature_count);
  w.u8(i.has_geometry ? 1 : 0);
  w.u64(i.fields.size());
  for (const std::string& f : i.fields) w.str(f);
  w.u64(i.field_types.size());
  for (AttributeTable::Type t : i.field_types) w.u8(static_cast<uint8_t>(t));
}
bool get(Reader& r, LayerInfo& i) {
  for (std::string* s : {&i.name, &i.crs, &i.crs_label, &i.geometry_column, &i.fid_column, &i.driver})
    if (!r.str(*s, 1 << 24)) return false;
  uint8_t projected = 0, has_geometry = 0;
  uint64_t fields = 0;
  if (!r.u8(projected) || !get(r, i.extent) || !r.i64(i.feature_count) || !r.u8(has_geometry) || !r.u64(fields) ||
      fields > 100000)
    return r.fail();
  i.projected = projected != 0;
  i.has_geometry = has_geometry != 0;
  i.fields.assign(static_cast<size_t>(fields), std::string());
  for (std::string& f : i.fields)
    if (!r.str(f, 1 << 16)) return false;
  uint64_t types = 0;
  if (!r.u64(types) || types > 100000) return r.fail();
  i.field_types.assign(static_cast<size_t>(types), AttributeTable::Type::Other);
  for (AttributeTable::Type& t : i.field_types) {
    uint8_t v = 0;
    if (!r.u8(v) || v > static_cast<uint8_t>(AttributeTable::Type::Other)) return r.fail();
    t = static_cast<AttributeTable::Type>(v);
  }
  return true;
}

void put(Writer& w, const Image& img) {
  w.u32(static_cast<uint32_t>(img.width));
  w.u32(static_cast<uint32_t>(img.height));
  w.array(img.rgba);
}
bool get(Reader& r, Image& img) {
  uint32_t width = 0, height = 0;
  if (!r.u32(width) || !r.u32(height) || width > 65536 || height > 65536 || !r.array(img.rgba)) return r.fail();
  if (img.rgba.size() != uint64_t{width} * height * 4) return r.fail();
  img.width = static_cast<int>(width);
  img.height = static_cast<int>(height);
  return true;
}

}  // namespace geo::wire
