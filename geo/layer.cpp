#include "geo/layer.hpp"

#include "geo/huge_pages.hpp"

#include <unordered_set>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <utility>

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

void AttributeTable::append_rows(const AttributeTable& other, size_t begin, size_t end) {
  if (end <= begin) return;
  for (size_t c = 0; c < columns_.size() && c < other.columns_.size(); ++c) {
    Column& a = columns_[c];
    const Column& b = other.columns_[c];
    const uint64_t from = begin == 0 ? 0 : b.ends[begin - 1], to = b.ends[end - 1];
    const uint64_t shift = a.data.size();
    a.data.append(b.data, from, to - from);
    for (size_t r = begin; r < end; ++r) a.ends.push_back(b.ends[r] - from + shift);
    a.null.insert(a.null.end(), b.null.begin() + static_cast<std::ptrdiff_t>(begin),
                  b.null.begin() + static_cast<std::ptrdiff_t>(end));
  }
  rows_ += end - begin;
}

void AttributeTable::reserve(size_t rows, const std::vector<size_t>& bytes, bool spare) {
  auto more = [spare](size_t n) { return spare ? n + n / 2 : n; };
  for (size_t c = 0; c < columns_.size(); ++c) {
    Column& col = columns_[c];
    if (rows > col.ends.capacity()) reserve_huge(col.ends, more(rows));
    if (rows > col.null.capacity()) reserve_huge(col.null, more(rows));
    const size_t want = c < bytes.size() ? bytes[c] : 0;
    if (want > col.data.capacity()) {  // advised before the text already there is copied in
      std::string fresh;
      fresh.reserve(more(want));
      advise_huge_pages(fresh.data(), fresh.capacity());
      fresh.append(col.data);
      col.data.swap(fresh);
    }
  }
}

void AttributeTable::keep_rows(const std::vector<uint8_t>& keep) {
  size_t kept = 0;
  for (size_t r = 0; r < rows_; ++r) kept += r < keep.size() && keep[r] ? 1 : 0;
  for (Column& col : columns_) {
    // Row r's text moves down to the end of the rows kept before it; ends and nulls
    // are read at r before anything at r or after is written.
    uint64_t at = 0, start = 0;
    size_t w = 0;
    for (size_t r = 0; r < rows_; ++r) {
      const uint64_t end = col.ends[r];
      if (r < keep.size() && keep[r]) {
        if (at != start) std::memmove(&col.data[at], &col.data[start], end - start);
        at += end - start;
        col.ends[w] = at;
        col.null[w] = col.null[r];
        ++w;
      }
      start = end;
    }
    col.data.resize(at);
    col.ends.resize(w);
    col.null.resize(w);
  }
  rows_ = kept;
}

namespace {

// How much of each array a layer (or part of one) takes.
struct Sizes {
  size_t features = 0, parts = 0, rings = 0, vertices = 0, rows = 0;
  std::vector<size_t> text;  // bytes per attribute column

  void add(const VectorLayer& l) {
    features += l.feature_count(), parts += l.part_count(), rings += l.ring_offsets.size() - 1;
    vertices += l.vertex_count(), rows += l.attributes.row_count();
    text.resize(std::max(text.size(), l.attributes.column_count()), 0);
    for (size_t c = 0; c < l.attributes.column_count(); ++c) text[c] += l.attributes.text_bytes(c);
  }
};

// `out` (with its columns set) made ready to take `s` without moving. With `spare`, an
// array that must move gets half again the room `s` needs.
void reserve(VectorLayer& out, const Sizes& s, bool spare = false) {
  auto room = [spare](auto& v, size_t n) {
    if (n > v.capacity()) reserve_huge(v, spare ? n + n / 2 : n);
  };
  room(out.xy, 2 * s.vertices);
  room(out.ring_offsets, s.rings + 1);
  room(out.part_offsets, s.parts + 1);
  room(out.part_kinds, s.parts);
  room(out.feature_offsets, s.features + 1);
  room(out.fids, s.features);
  out.attributes.reserve(s.rows, s.text, spare);
}

VectorLayer empty_like(const VectorLayer& layer) {
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
  return out;
}

}  // namespace

VectorLayer copy_layer(const VectorLayer& layer, const VectorLayer* room_for) {
  VectorLayer out = empty_like(layer);
  Sizes s;
  s.add(layer);
  if (room_for) s.add(*room_for);
  reserve(out, s);
  out.xy.assign(layer.xy.begin(), layer.xy.end());
  out.ring_offsets.assign(layer.ring_offsets.begin(), layer.ring_offsets.end());
  out.part_offsets.assign(layer.part_offsets.begin(), layer.part_offsets.end());
  out.part_kinds.assign(layer.part_kinds.begin(), layer.part_kinds.end());
  out.feature_offsets.assign(layer.feature_offsets.begin(), layer.feature_offsets.end());
  out.even_odd_parts = layer.even_odd_parts;
  out.fids.assign(layer.fids.begin(), layer.fids.end());
  out.attributes.append_rows(layer.attributes, 0, layer.attributes.row_count());
  out.bounds = layer.bounds;
  return out;
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

void append_all(VectorLayer& layer, std::vector<VectorLayer>& parts) {
  Sizes s;
  s.add(layer);
  for (const VectorLayer& p : parts) s.add(p);
  reserve(layer, s);
  for (VectorLayer& p : parts)
    if (p.feature_count() > 0) layer.append(std::move(p));
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

void keep_features(VectorLayer& l, const std::vector<uint8_t>& keep) {
  const size_t n = l.feature_count();
  auto kept = [&](size_t f) { return f < keep.size() && keep[f] != 0; };
  // Runs of kept features move down in every array. A write never reaches past the
  // read it follows (what is kept only moves towards the start), so every offset a
  // later run reads is still the original.
  size_t wf = 0, wp = 0, wr = 0, wv = 0, we = 0;
  size_t e = 0;  // next even-odd entry to look at
  for (size_t f0 = 0; f0 < n;) {
    if (!kept(f0)) {
      ++f0;
      continue;
    }
    size_t f1 = f0 + 1;
    while (f1 < n && kept(f1)) ++f1;
    const uint32_t p0 = l.feature_offsets[f0], p1 = l.feature_offsets[f1];
    const uint32_t r0 = l.part_offsets[p0], r1 = l.part_offsets[p1];
    const uint32_t v0 = l.ring_offsets[r0], v1 = l.ring_offsets[r1];
    std::memmove(l.xy.data() + 2 * wv, l.xy.data() + 2 * size_t{v0}, sizeof(double) * 2 * (v1 - v0));
    for (uint32_t r = r0 + 1; r <= r1; ++r)
      l.ring_offsets[wr + (r - r0)] = static_cast<uint32_t>(l.ring_offsets[r] - v0 + wv);
    for (uint32_t p = p0 + 1; p <= p1; ++p)
      l.part_offsets[wp + (p - p0)] = static_cast<uint32_t>(l.part_offsets[p] - r0 + wr);
    std::memmove(l.part_kinds.data() + wp, l.part_kinds.data() + p0, sizeof(PartKind) * (p1 - p0));
    while (e < l.even_odd_parts.size() && l.even_odd_parts[e] < p0) ++e;
    for (; e < l.even_odd_parts.size() && l.even_odd_parts[e] < p1; ++e)
      l.even_odd_parts[we++] = static_cast<uint32_t>(l.even_odd_parts[e] - p0 + wp);
    for (size_t f = f0 + 1; f <= f1; ++f)
      l.feature_offsets[wf + (f - f0)] = static_cast<uint32_t>(l.feature_offsets[f] - p0 + wp);
    std::memmove(l.fids.data() + wf, l.fids.data() + f0, sizeof(int64_t) * (f1 - f0));
    wf += f1 - f0, wp += p1 - p0, wr += r1 - r0, wv += v1 - v0;
    f0 = f1;
  }
  l.xy.resize(2 * wv);
  l.ring_offsets.resize(wr + 1);
  l.part_offsets.resize(wp + 1);
  l.part_kinds.resize(wp);
  l.feature_offsets.resize(wf + 1);
  l.fids.resize(wf);
  l.even_odd_parts.resize(we);
  l.attributes.keep_rows(keep);
  l.bounds = Bbox{};
  for (size_t v = 0; v < wv; ++v) l.bounds.add(l.xy[2 * v], l.xy[2 * v + 1]);
}

namespace {

// The features `at(i)` gives for i < n, (layer, feature index) pairs, appended to
// `out` (empty, its columns set): every array sized exactly first (with room for
// `room_for`), then each run of features that follow each other in one layer copied
// at once, offsets shifted (a merge keeps long runs of held rows).
template <typename At>
void gather_into(VectorLayer& out, size_t n, const At& at, const VectorLayer* room_for) {
  {  // exact sizes first: one allocation each, in huge pages
    Sizes s;
    if (room_for) s.add(*room_for);
    s.features += n, s.rows += n;
    s.text.resize(out.attributes.column_count(), 0);
    for (size_t i = 0; i < n; ++i) {
      const auto [layer, f] = at(i);
      const uint32_t p0 = layer->feature_offsets[f], p1 = layer->feature_offsets[f + 1];
      const uint32_t r0 = layer->part_offsets[p0], r1 = layer->part_offsets[p1];
      s.parts += p1 - p0, s.rings += r1 - r0, s.vertices += layer->ring_offsets[r1] - layer->ring_offsets[r0];
      for (size_t c = 0; c < s.text.size(); ++c) s.text[c] += layer->attributes.get(f, c).size();
    }
    reserve(out, s);
  }
  for (size_t i = 0; i < n;) {
    const auto [layer, f0] = at(i);
    size_t j = i + 1;
    uint32_t last = f0;
    for (; j < n; ++j) {
      const auto [next_layer, next] = at(j);
      if (next_layer != layer || next != last + 1) break;
      last = next;
    }
    const uint32_t f1 = last + 1;
    i = j;
    const VectorLayer& l = *layer;
    const uint32_t p0 = l.feature_offsets[f0], p1 = l.feature_offsets[f1];
    const uint32_t r0 = l.part_offsets[p0], r1 = l.part_offsets[p1];
    const uint32_t v0 = l.ring_offsets[r0], v1 = l.ring_offsets[r1];
    const auto out_p = static_cast<uint32_t>(out.part_count());
    const auto out_r = static_cast<uint32_t>(out.ring_offsets.size() - 1);
    const auto out_v = static_cast<uint32_t>(out.vertex_count());
    out.xy.insert(out.xy.end(), l.xy.begin() + 2 * static_cast<std::ptrdiff_t>(v0),
                  l.xy.begin() + 2 * static_cast<std::ptrdiff_t>(v1));
    for (uint32_t r = r0 + 1; r <= r1; ++r) out.ring_offsets.push_back(l.ring_offsets[r] - v0 + out_v);
    for (uint32_t p = p0 + 1; p <= p1; ++p) out.part_offsets.push_back(l.part_offsets[p] - r0 + out_r);
    out.part_kinds.insert(out.part_kinds.end(), l.part_kinds.begin() + p0, l.part_kinds.begin() + p1);
    for (auto e = std::lower_bound(l.even_odd_parts.begin(), l.even_odd_parts.end(), p0);
         e != l.even_odd_parts.end() && *e < p1; ++e)
      out.even_odd_parts.push_back(*e - p0 + out_p);
    for (uint32_t f = f0 + 1; f <= f1; ++f) out.feature_offsets.push_back(l.feature_offsets[f] - p0 + out_p);
    out.fids.insert(out.fids.end(), l.fids.begin() + f0, l.fids.begin() + f1);
    out.attributes.append_rows(l.attributes, f0, f1);
  }
  for (size_t v = 0; v < out.vertex_count(); ++v) out.bounds.add(out.xy[2 * v], out.xy[2 * v + 1]);
}

}  // namespace

VectorLayer reorder_features(const VectorLayer& layer, const std::vector<uint32_t>& order,
                             const VectorLayer* room_for) {
  VectorLayer out = empty_like(layer);
  gather_into(out, order.size(), [&](size_t i) { return std::make_pair(&layer, order[i]); }, room_for);
  return out;
}

VectorLayer gather_features(const std::vector<VectorLayer>& parts,
                            const std::vector<std::pair<uint32_t, uint32_t>>& order) {
  if (parts.empty()) return VectorLayer{};
  VectorLayer out = empty_like(parts.front());
  gather_into(out, order.size(), [&](size_t i) { return std::make_pair(&parts[order[i].first], order[i].second); },
              nullptr);
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
  // Keys that came, as one bit each over their span where the span is not much wider
  // than their count (a table's serial keys): a held row is looked up in one step
  // instead of a binary search (hundreds of thousands of rows held on every pan).
  std::vector<bool> came;
  int64_t low = 0;
  if (!incoming.empty()) {
    low = incoming.front();
    const uint64_t span = static_cast<uint64_t>(incoming.back()) - static_cast<uint64_t>(low);
    if (span < 16 * static_cast<uint64_t>(incoming.size()) + 4096) {
      came.assign(static_cast<size_t>(span) + 1, false);
      for (int64_t k : incoming)
        came[static_cast<size_t>(static_cast<uint64_t>(k) - static_cast<uint64_t>(low))] = true;
    }
  }
  auto is_incoming = [&](int64_t k) {
    if (came.empty()) return std::binary_search(incoming.begin(), incoming.end(), k);
    if (incoming.empty() || k < low || k > incoming.back()) return false;
    return static_cast<bool>(came[static_cast<size_t>(static_cast<uint64_t>(k) - static_cast<uint64_t>(low))]);
  };
  std::vector<uint8_t> keep(into.feature_count(), 1);
  size_t replaced = 0, gone = 0;
  for (size_t f = 0; f < keep.size(); ++f) {
    if (is_incoming(into.fids[f])) {
      keep[f] = 0, ++replaced;
    } else if (also_drop && also_drop(f)) {
      keep[f] = 0, ++gone;
    }
  }
  if (dropped) *dropped = gone;
  // In place: the store's arrays keep their room from pan to pan, and move (with half
  // again to spare) only when the rows outgrow it.
  if (replaced + gone > 0) keep_features(into, keep);
  if (rows.feature_count() > 0) {
    Sizes s;
    s.add(into);
    s.add(rows);
    reserve(into, s, true);
    into.append(std::move(rows));
  }
  return replaced;
}

}  // namespace geo
