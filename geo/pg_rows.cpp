#include "geo/pg_rows.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#include "geo/appender.hpp"
#include "geo/gdal_util.hpp"
#include "geo/pg.hpp"
#include "geo/pg_tiles.hpp"

namespace geo::pg {

namespace {

// The copy's signature, then 32-bit flags and the length of a header extension.
constexpr char kSignature[] = "PGCOPY\n\377\r\n";
constexpr size_t kSignatureSize = 11;

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}
int16_t be16(const uint8_t* p) { return static_cast<int16_t>((p[0] << 8) | p[1]); }
int64_t be64(const uint8_t* p) {
  return static_cast<int64_t>((static_cast<uint64_t>(be32(p)) << 32) | be32(p + 4));
}

bool sent(const std::vector<int>& send, size_t c) {
  return send.empty() || std::find(send.begin(), send.end(), static_cast<int>(c)) != send.end();
}

}  // namespace

std::string copy_sql(const Table& t, const AttributeTable& columns, const std::vector<int>& send,
                     const std::string& where, bool key_order) {
  std::string cols;
  for (size_t c = 0; c < columns.column_count(); ++c)
    if (sent(send, c)) cols += ", (" + column_expr(t, columns.names()[c], columns.type(c)) + ")::text";
  return "COPY (SELECT t." + quote_identifier(t.key_column) + "::bigint" + cols + ", ST_AsBinary(t." +
         quote_identifier(t.geometry_column) + ", 'NDR') FROM " + quote_identifier(t.name) + " t" +
         (where.empty() ? "" : " WHERE " + where) + (key_order ? " ORDER BY t." + quote_identifier(t.key_column) : "") +
         ") TO STDOUT (FORMAT binary)";
}

CopyDecoder::CopyDecoder(VectorLayer& out, const std::vector<int>& send)
    : out_(out),
      appender_(std::make_unique<detail::GeometryAppender>(out, false)),
      quiet_(std::make_unique<detail::ScopedGdalErrors>()) {
  for (size_t c = 0; c < out.attributes.column_count(); ++c)
    if (sent(send, c)) column_of_field_.push_back(static_cast<int>(c));
  field_.resize(column_of_field_.size() + 2);
  length_.resize(column_of_field_.size() + 2);
}

CopyDecoder::~CopyDecoder() = default;

bool CopyDecoder::feed(const char* bytes, size_t size) {
  if (!error_.empty()) return false;
  if (finished_) return true;
  const auto* in = reinterpret_cast<const uint8_t*>(bytes);
  // Rows are parsed in place where none is pending; a row's start left over waits.
  const uint8_t* p = in;
  size_t n = size;
  if (!pending_.empty()) {
    pending_.insert(pending_.end(), in, in + size);
    p = pending_.data(), n = pending_.size();
  }
  size_t used = 0;
  while (used < n && !finished_) {
    const size_t k = parse(p + used, n - used);
    if (k == std::numeric_limits<size_t>::max()) return false;
    if (k == 0) break;
    used += k;
  }
  if (finished_ && used < n) {
    error_ = "bytes after the copy's end";
    return false;
  }
  if (p == in) {
    pending_.assign(in + used, in + n);
  } else {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
  }
  return true;
}

size_t CopyDecoder::parse(const uint8_t* p, size_t n) {
  constexpr size_t kFail = std::numeric_limits<size_t>::max();
  if (!header_) {
    if (n < kSignatureSize + 8) return 0;
    if (std::memcmp(p, kSignature, kSignatureSize) != 0) {
      error_ = "not a binary copy";
      return kFail;
    }
    const uint32_t extension = be32(p + kSignatureSize + 4);
    if (extension > (1u << 20)) {
      error_ = "a copy header of " + std::to_string(extension) + " bytes";
      return kFail;
    }
    if (n < kSignatureSize + 8 + extension) return 0;
    header_ = true;
    return kSignatureSize + 8 + extension;
  }
  if (n < 2) return 0;
  const int16_t fields = be16(p);
  if (fields == -1) {
    finished_ = true;
    return 2;
  }
  // The key, the columns sent, the geometry.
  if (fields < 0 || static_cast<size_t>(fields) != column_of_field_.size() + 2) {
    error_ = "a row of " + std::to_string(fields) + " fields, not " + std::to_string(column_of_field_.size() + 2);
    return kFail;
  }
  // The whole row first: its fields' lengths.
  std::vector<const uint8_t*>& field = field_;
  std::vector<int32_t>& length = length_;
  size_t at = 2;
  for (int k = 0; k < fields; ++k) {
    if (n - at < 4) return 0;
    length[static_cast<size_t>(k)] = static_cast<int32_t>(be32(p + at));
    at += 4;
    const int32_t len = length[static_cast<size_t>(k)];
    if (len < -1) {
      error_ = "a field of negative length";
      return kFail;
    }
    field[static_cast<size_t>(k)] = p + at;
    if (len > 0) {
      if (n - at < static_cast<size_t>(len)) return 0;
      at += static_cast<size_t>(len);
    }
  }
  if (length[0] != 8) {
    error_ = "a key that is not a 64-bit integer";
    return kFail;
  }
  out_.fids.push_back(be64(field[0]));
  AttributeTable& a = out_.attributes;
  a.begin_row();
  size_t next = 0;  // the next field of the columns sent
  for (size_t c = 0; c < a.column_count(); ++c) {
    if (next < column_of_field_.size() && column_of_field_[next] == static_cast<int>(c)) {
      const int32_t len = length[next + 1];
      const auto* text = reinterpret_cast<const char*>(field[next + 1]);
      a.push(len < 0 ? std::string_view() : std::string_view(text, static_cast<size_t>(len)), len < 0);
      ++next;
    } else {
      a.push({}, true);
    }
  }
  const auto g = static_cast<size_t>(fields - 1);
  if (length[g] > 0) {
    appender_->append_wkb(field[g], static_cast<size_t>(length[g]));
    if (!appender_->finish_feature()) ++unreadable_;
  } else {
    appender_->finish_feature();
  }
  ++rows_;
  return at;
}

void keep_boxes(VectorLayer& l) {
  std::vector<double> xy;
  std::vector<uint32_t> rings{0}, parts{0}, features{0};
  std::vector<PartKind> kinds;
  xy.reserve(l.feature_count() * 10);
  for (size_t f = 0; f < l.feature_count(); ++f) {
    const uint32_t p0 = l.feature_offsets[f], p1 = l.feature_offsets[f + 1];
    bool points = true;
    for (uint32_t p = p0; p < p1; ++p) points = points && l.part_kinds[p] == PartKind::Point;
    if (points) {  // a point is as small as its box: kept
      for (uint32_t p = p0; p < p1; ++p) {
        for (uint32_t r = l.part_offsets[p]; r < l.part_offsets[p + 1]; ++r) {
          xy.insert(xy.end(), l.xy.begin() + 2 * l.ring_offsets[r], l.xy.begin() + 2 * l.ring_offsets[r + 1]);
          rings.push_back(static_cast<uint32_t>(xy.size() / 2));
        }
        parts.push_back(static_cast<uint32_t>(rings.size() - 1));
        kinds.push_back(PartKind::Point);
      }
    } else {
      const Bbox b = l.feature_bounds(f);
      if (!b.empty()) {
        for (auto [x, y] : {std::pair{b.min_x, b.min_y}, {b.max_x, b.min_y}, {b.max_x, b.max_y}, {b.min_x, b.max_y},
                            {b.min_x, b.min_y}})
          xy.push_back(x), xy.push_back(y);
        rings.push_back(static_cast<uint32_t>(xy.size() / 2));
        parts.push_back(static_cast<uint32_t>(rings.size() - 1));
        kinds.push_back(PartKind::Polygon);
      }
    }
    features.push_back(static_cast<uint32_t>(kinds.size()));
  }
  l.xy = std::move(xy), l.ring_offsets = std::move(rings), l.part_offsets = std::move(parts);
  l.part_kinds = std::move(kinds), l.feature_offsets = std::move(features);
  l.even_odd_parts.clear();
}

}  // namespace geo::pg
