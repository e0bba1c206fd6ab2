#include "geo/layer.hpp"

#include <unordered_set>

#include <algorithm>
#include <cstddef>
#include <cctype>

namespace geo {

void AttributeTable::set_columns(std::vector<std::string> names, std::vector<Type> types) {
  names_ = std::move(names);
  types_ = std::move(types);
  types_.resize(names_.size(), Type::Text);
  columns_.assign(names_.size(), Column{});
  rows_ = 0;
}

int AttributeTable::find(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<int>(i);
  auto lower = [](std::string_view s) {
    std::string r(s);
    std::transform(r.begin(), r.end(), r.begin(), [](unsigned char c) { return std::tolower(c); });
    return r;
  };
  const std::string want = lower(name);
  for (size_t i = 0; i < names_.size(); ++i)
    if (lower(names_[i]) == want) return static_cast<int>(i);
  return -1;
}

void AttributeTable::begin_row() { ++rows_; }

void AttributeTable::push(std::string_view value, bool is_null) {
  // Columns are filled left to right after begin_row(); find the first column that
  // is still short of rows_.
  for (Column& c : columns_) {
    if (c.ends.size() < rows_) {
      c.data.append(value.data(), value.size());
      c.ends.push_back(c.data.size());
      c.null.push_back(is_null ? 1 : 0);
      return;
    }
  }
}

std::string_view AttributeTable::get(size_t row, size_t col) const {
  if (col >= columns_.size() || row >= columns_[col].ends.size()) return {};
  const Column& c = columns_[col];
  const uint64_t begin = row == 0 ? 0 : c.ends[row - 1];
  return std::string_view(c.data).substr(begin, c.ends[row] - begin);
}

bool AttributeTable::is_null(size_t row, size_t col) const {
  if (col >= columns_.size() || row >= columns_[col].null.size()) return true;
  return columns_[col].null[row] != 0;
}

size_t AttributeTable::byte_size() const {
  size_t n = 0;
  for (const Column& c : columns_) n += c.data.size() + c.ends.size() * 8 + c.null.size();
  return n;
}

void AttributeTable::append(const AttributeTable& other) {
  for (size_t c = 0; c < columns_.size() && c < other.columns_.size(); ++c) {
    Column& a = columns_[c];
    const Column& b = other.columns_[c];
    const uint64_t base = a.data.size();
    a.data += b.data;
    for (uint64_t e : b.ends) a.ends.push_back(base + e);
    a.null.insert(a.null.end(), b.null.begin(), b.null.end());
  }
  rows_ += other.rows_;
}

void VectorLayer::append(VectorLayer&& other) {
  const auto v0 = static_cast<uint32_t>(vertex_count());
  const auto r0 = static_cast<uint32_t>(ring_offsets.size() - 1);
  const auto p0 = static_cast<uint32_t>(part_count());
  xy.insert(xy.end(), other.xy.begin(), other.xy.end());
  for (size_t i = 1; i < other.ring_offsets.size(); ++i) ring_offsets.push_back(other.ring_offsets[i] + v0);
  for (size_t i = 1; i < other.part_offsets.size(); ++i) part_offsets.push_back(other.part_offsets[i] + r0);
  part_kinds.insert(part_kinds.end(), other.part_kinds.begin(), other.part_kinds.end());
  for (uint32_t p : other.even_odd_parts) even_odd_parts.push_back(p + p0);
  for (size_t i = 1; i < other.feature_offsets.size(); ++i) feature_offsets.push_back(other.feature_offsets[i] + p0);
  fids.insert(fids.end(), other.fids.begin(), other.fids.end());
  attributes.append(other.attributes);
  bounds.add(other.bounds);
  other = VectorLayer{};
}

Bbox VectorLayer::feature_bounds(size_t f) const {
  Bbox b;
  const uint32_t p0 = feature_offsets[f], p1 = feature_offsets[f + 1];
  if (p0 == p1) return b;
  const uint32_t r0 = part_offsets[p0], r1 = part_offsets[p1];
  for (uint32_t v = ring_offsets[r0]; v < ring_offsets[r1]; ++v) b.add(xy[2 * v], xy[2 * v + 1]);
  return b;
}

size_t VectorLayer::count_features_with(PartKind kind) const {
  size_t n = 0;
  for (size_t f = 0; f < feature_count(); ++f) {
    for (uint32_t p = feature_offsets[f]; p < feature_offsets[f + 1]; ++p) {
      if (part_kinds[p] == kind) {
        ++n;
        break;
      }
    }
  }
  return n;
}

VectorLayer select_features(const VectorLayer& layer, const std::vector<uint8_t>& keep) {
  std::vector<uint32_t> order;
  for (size_t f = 0; f < layer.feature_count() && f < keep.size(); ++f)
    if (keep[f]) order.push_back(static_cast<uint32_t>(f));
  return reorder_features(layer, order);
}

VectorLayer reorder_features(const VectorLayer& layer, const std::vector<uint32_t>& order) {
  VectorLayer out;
  out.source = layer.source;
  out.name = layer.name;
  out.crs = layer.crs;
  out.crs_label = layer.crs_label;
  out.encoding = layer.encoding;
  out.driver = layer.driver;
  out.attributes.set_columns(layer.attributes.names(), [&] {
    std::vector<AttributeTable::Type> types;
    for (size_t c = 0; c < layer.attributes.column_count(); ++c) types.push_back(layer.attributes.type(c));
    return types;
  }());
  // Ring by ring, each ring's vertices copied at once.
  const bool all = order.size() == layer.feature_count();
  out.xy.reserve(all ? layer.xy.size() : 0);
  out.ring_offsets.reserve(all ? layer.ring_offsets.size() : 0);
  out.part_offsets.reserve(all ? layer.part_offsets.size() : 0);
  out.part_kinds.reserve(all ? layer.part_kinds.size() : 0);
  out.feature_offsets.reserve(order.size() + 1);
  out.fids.reserve(order.size());
  const bool even_odd = !layer.even_odd_parts.empty();
  for (const uint32_t f : order) {
    for (uint32_t p = layer.feature_offsets[f]; p < layer.feature_offsets[f + 1]; ++p) {
      for (uint32_t r = layer.part_offsets[p]; r < layer.part_offsets[p + 1]; ++r) {
        const uint32_t v0 = layer.ring_offsets[r], v1 = layer.ring_offsets[r + 1];
        out.xy.insert(out.xy.end(), layer.xy.begin() + 2 * static_cast<std::ptrdiff_t>(v0),
                      layer.xy.begin() + 2 * static_cast<std::ptrdiff_t>(v1));
        out.ring_offsets.push_back(static_cast<uint32_t>(out.vertex_count()));
      }
      if (even_odd && std::binary_search(layer.even_odd_parts.begin(), layer.even_odd_parts.end(), p))
        out.even_odd_parts.push_back(static_cast<uint32_t>(out.part_count()));
      out.part_offsets.push_back(static_cast<uint32_t>(out.ring_offsets.size() - 1));
      out.part_kinds.push_back(layer.part_kinds[p]);
    }
    out.feature_offsets.push_back(static_cast<uint32_t>(out.part_count()));
    out.fids.push_back(layer.fids[f]);
    out.attributes.begin_row();
    for (size_t c = 0; c < layer.attributes.column_count(); ++c)
      out.attributes.push(layer.attributes.get(f, c), layer.attributes.is_null(f, c));
  }
  for (size_t v = 0; v < out.vertex_count(); ++v) out.bounds.add(out.xy[2 * v], out.xy[2 * v + 1]);
  return out;
}

size_t upsert_features(VectorLayer& into, VectorLayer&& rows, const std::function<bool(size_t f)>& also_drop,
                       size_t* dropped) {
  if (dropped) *dropped = 0;
  if (into.feature_count() == 0 && into.attributes.column_count() == 0) {
    into = std::move(rows);
    return 0;
  }
  std::vector<int64_t> incoming = rows.fids;  // a fetch's rows come in key order, mostly
  if (!std::is_sorted(incoming.begin(), incoming.end())) std::sort(incoming.begin(), incoming.end());
  std::vector<uint8_t> keep(into.feature_count(), 1);
  size_t replaced = 0, gone = 0;
  for (size_t f = 0; f < keep.size(); ++f) {
    if (std::binary_search(incoming.begin(), incoming.end(), into.fids[f])) {
      keep[f] = 0, ++replaced;
    } else if (also_drop && also_drop(f)) {
      keep[f] = 0, ++gone;
    }
  }
  if (dropped) *dropped = gone;
  if (replaced + gone > 0) into = select_features(into, keep);
  if (rows.feature_count() > 0) into.append(std::move(rows));
  return replaced;
}

}  // namespace geo
