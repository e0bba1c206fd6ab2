#include "geo/mvt.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace geo {

namespace {

// A protobuf reader over a byte range; every read is bounds-checked and a failure
// sticks (ok() false).
class Pb {
 public:
  Pb(const uint8_t* p, const uint8_t* end) : p_(p), end_(end) {}
  bool more() const { return ok_ && p_ < end_; }
  bool ok() const { return ok_; }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ >= end_) return fail();
      const uint8_t b = *p_++;
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail();
  }
  // Field number and wire type of the next field.
  bool key(uint32_t& field, uint32_t& type) {
    const uint64_t k = varint();
    field = static_cast<uint32_t>(k >> 3), type = static_cast<uint32_t>(k & 7);
    return ok_;
  }
  Pb bytes() {
    const uint64_t n = varint();
    if (!ok_ || n > static_cast<uint64_t>(end_ - p_)) return fail(), Pb(end_, end_);
    Pb sub(p_, p_ + n);
    p_ += n;
    return sub;
  }
  std::string_view view() {
    Pb b = bytes();
    return {reinterpret_cast<const char*>(b.p_), static_cast<size_t>(b.end_ - b.p_)};
  }
  template <class T>
  T fixed() {
    T v{};
    if (static_cast<size_t>(end_ - p_) < sizeof v) return fail(), v;
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  void skip(uint32_t type) {
    switch (type) {
      case 0: varint(); break;
      case 1: fixed<uint64_t>(); break;
      case 2: bytes(); break;
      case 5: fixed<uint32_t>(); break;
      default: fail();
    }
  }

 private:
  uint64_t fail() {
    ok_ = false;
    p_ = end_;
    return 0;
  }
  const uint8_t* p_;
  const uint8_t* end_;
  bool ok_ = true;
};

int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

// A value as the text the database would give.
std::string value_text(Pb v) {
  std::string text;
  uint32_t field, type;
  char buf[64];
  while (v.more() && v.key(field, type)) {
    switch (field) {
      case 1: text = std::string(v.view()); break;
      case 2: std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v.fixed<float>())), text = buf; break;
      case 3: std::snprintf(buf, sizeof buf, "%.15g", v.fixed<double>()), text = buf; break;
      case 4: text = std::to_string(static_cast<int64_t>(v.varint())); break;
      case 5: text = std::to_string(v.varint()); break;
      case 6: text = std::to_string(unzigzag(v.varint())); break;
      case 7: text = v.varint() ? "1" : "0"; break;
      default: v.skip(type);
    }
  }
  return text;
}

struct Frame {
  double x0, y1, sx, sy;  // map = (x0 + gx·sx, y1 − gy·sy)
};

// One feature's geometry commands into parts of `out`; false when malformed.
bool add_geometry(const std::vector<uint32_t>& cmds, uint64_t type, const Frame& fr, VectorLayer& out) {
  std::vector<int64_t> ring;  // tile coordinates of the ring being read, x y pairs
  std::vector<std::vector<int64_t>> rings;
  int64_t x = 0, y = 0;
  size_t i = 0;
  auto flush_line = [&] {
    if (ring.size() >= 4) rings.push_back(ring);
    ring.clear();
  };
  while (i < cmds.size()) {
    const uint32_t id = cmds[i] & 7, count = cmds[i] >> 3;
    ++i;
    if (id == 1 || id == 2) {
      if (count > (cmds.size() - i) / 2) return false;
      if (id == 1 && type == 2) flush_line();
      if (id == 1 && type == 3) ring.clear();  // a ring never closed is dropped
      for (uint32_t k = 0; k < count; ++k) {
        x += unzigzag(cmds[i]), y += unzigzag(cmds[i + 1]);
        i += 2;
        if (type == 1) rings.push_back({x, y});
        else ring.push_back(x), ring.push_back(y);
      }
    } else if (id == 7) {
      if (type != 3 || ring.size() < 6) return false;
      ring.push_back(ring[0]), ring.push_back(ring[1]);  // closed, as WKB rings are
      rings.push_back(ring);
      ring.clear();
    } else {
      return false;
    }
  }
  if (type == 2) flush_line();
  auto vertex = [&](int64_t gx, int64_t gy) {
    const double mx = fr.x0 + static_cast<double>(gx) * fr.sx, my = fr.y1 - static_cast<double>(gy) * fr.sy;
    out.xy.push_back(mx), out.xy.push_back(my);
    out.bounds.add(mx, my);
  };
  auto end_ring = [&] { out.ring_offsets.push_back(static_cast<uint32_t>(out.xy.size() / 2)); };
  auto end_part = [&](PartKind k) {
    out.part_kinds.push_back(k);
    out.part_offsets.push_back(static_cast<uint32_t>(out.ring_offsets.size() - 1));
  };
  bool open_polygon = false;
  for (const std::vector<int64_t>& r : rings) {
    if (type == 3) {
      // The surveyor's formula in tile coordinates (y down): > 0 is an exterior ring,
      // which starts a polygon; < 0 a hole of the polygon before it.
      double area = 0;
      for (size_t k = 0; k + 3 < r.size(); k += 2)
        area += static_cast<double>(r[k]) * static_cast<double>(r[k + 3]) -
                static_cast<double>(r[k + 2]) * static_cast<double>(r[k + 1]);
      if (area == 0 || (area < 0 && !open_polygon)) continue;
      if (area > 0 && open_polygon) end_part(PartKind::Polygon);
      open_polygon = true;
    }
    for (size_t k = 0; k + 1 < r.size(); k += 2) vertex(r[k], r[k + 1]);
    end_ring();
    if (type == 1) end_part(PartKind::Point);
    if (type == 2) end_part(PartKind::Line);
  }
  if (open_polygon) end_part(PartKind::Polygon);
  return true;
}

bool box_from_points(const std::vector<uint32_t>& cmds, const Frame& fr, VectorLayer& out) {
  if (cmds.empty() || (cmds[0] & 7) != 1) return false;
  const uint32_t count = cmds[0] >> 3;
  if (count < 1 || count > 2 || cmds.size() != 1 + 2 * size_t{count}) return false;
  int64_t x0 = unzigzag(cmds[1]), y0 = unzigzag(cmds[2]), x1 = x0, y1 = y0;
  if (count == 2) x1 += unzigzag(cmds[3]), y1 += unzigzag(cmds[4]);
  double ax = fr.x0 + static_cast<double>(std::min(x0, x1)) * fr.sx, bx = fr.x0 + static_cast<double>(std::max(x0, x1)) * fr.sx;
  double ay = fr.y1 - static_cast<double>(std::max(y0, y1)) * fr.sy, by = fr.y1 - static_cast<double>(std::min(y0, y1)) * fr.sy;
  if (bx - ax < fr.sx) ax -= fr.sx / 2, bx = ax + fr.sx;
  if (by - ay < fr.sy) ay -= fr.sy / 2, by = ay + fr.sy;
  for (auto [x, y] : {std::pair{ax, ay}, {bx, ay}, {bx, by}, {ax, by}, {ax, ay}}) {
    out.xy.push_back(x), out.xy.push_back(y);
    out.bounds.add(x, y);
  }
  out.ring_offsets.push_back(static_cast<uint32_t>(out.xy.size() / 2));
  out.part_kinds.push_back(PartKind::Polygon);
  out.part_offsets.push_back(static_cast<uint32_t>(out.ring_offsets.size() - 1));
  return true;
}

}  // namespace

Result<MvtDecoded> decode_mvt(const uint8_t* data, size_t size, const Bbox& box, VectorLayer& out) {
  MvtDecoded d;
  const size_t columns = out.attributes.column_count();
  // Undo on failure: where every array stood.
  const size_t xy0 = out.xy.size(), rings0 = out.ring_offsets.size(), parts0 = out.part_kinds.size(),
               features0 = out.feature_offsets.size(), rows0 = out.attributes.row_count();
  const Bbox bounds0 = out.bounds;
  // Each new row as indices into its layer's values (kNull: none), written into the
  // table once the whole tile has decoded.
  constexpr uint32_t kNull = UINT32_MAX;
  std::vector<std::vector<std::string>> layer_values;
  std::vector<std::pair<uint32_t, uint32_t>> row_cells;  // (layer, value) per column of each row
  std::vector<uint32_t> tags, cmds;
  auto malformed = [&](const char* what) -> Result<MvtDecoded> {
    out.xy.resize(xy0), out.ring_offsets.resize(rings0), out.part_kinds.resize(parts0);
    out.part_offsets.resize(parts0 + 1), out.feature_offsets.resize(features0), out.fids.resize(features0 - 1);
    out.bounds = bounds0;
    return Error{{}, {}, std::string("malformed vector tile: ") + what};
  };
  if (rows0 != features0 - 1) return malformed("layer rows and features differ");
  Pb tile(data, data + size);
  uint32_t field, type;
  while (tile.more() && tile.key(field, type)) {
    if (field != 3 || type != 2) {
      tile.skip(type);
      continue;
    }
    Pb layer = tile.bytes();
    std::vector<std::string_view> keys;
    layer_values.emplace_back();
    std::vector<std::string>& values = layer_values.back();
    const auto layer_index = static_cast<uint32_t>(layer_values.size() - 1);
    std::vector<Pb> features;
    uint64_t extent = 4096;
    std::string_view name;
    while (layer.more() && layer.key(field, type)) {
      if (field == 1 && type == 2) name = layer.view();
      else if (field == 2 && type == 2) features.push_back(layer.bytes());
      else if (field == 3 && type == 2) keys.push_back(layer.view());
      else if (field == 4 && type == 2) values.push_back(value_text(layer.bytes()));
      else if (field == 5 && type == 0) extent = layer.varint();
      else layer.skip(type);
    }
    if (!layer.ok()) return malformed("a layer's fields");
    if (extent == 0) return malformed("extent 0");
    std::vector<int> column_of_key(keys.size(), -1);
    for (size_t k = 0; k < keys.size(); ++k) column_of_key[k] = out.attributes.find(keys[k]);
    const Frame fr{box.min_x, box.max_y, box.width() / static_cast<double>(extent),
                   box.height() / static_cast<double>(extent)};
    for (Pb f : features) {
      uint64_t id = 0, gtype = 0;
      bool has_id = false;
      tags.clear(), cmds.clear();
      while (f.more() && f.key(field, type)) {
        if (field == 1 && type == 0) id = f.varint(), has_id = true;
        else if (field == 3 && type == 0) gtype = f.varint();
        else if ((field == 2 || field == 4) && type == 2) {
          Pb packed = f.bytes();
          std::vector<uint32_t>& to = field == 2 ? tags : cmds;
          while (packed.more()) to.push_back(static_cast<uint32_t>(packed.varint()));
          if (!packed.ok()) return malformed("packed field");
        } else {
          f.skip(type);
        }
      }
      if (!f.ok()) return malformed("a feature's fields");
      const size_t parts_before = out.part_kinds.size();
      if (!has_id || gtype < 1 || gtype > 3) {
        ++d.skipped;
        continue;
      }
      if (name == kMvtBoxLayer && gtype == 1) {
        // Two points, the corners of a row's box (one when they snapped together): the
        // box, as a polygon of at least one tile unit.
        if (!box_from_points(cmds, fr, out)) return malformed("a box's corners");
      } else if (!add_geometry(cmds, gtype, fr, out)) {
        return malformed("geometry commands");
      }
      if (out.part_kinds.size() == parts_before) {  // nothing drawable: undo its rings
        out.xy.resize(out.ring_offsets[out.part_offsets.back()] * 2);
        out.ring_offsets.resize(out.part_offsets.back() + 1);
        ++d.skipped;
        continue;
      }
      out.feature_offsets.push_back(static_cast<uint32_t>(out.part_kinds.size()));
      out.fids.push_back(static_cast<int64_t>(id));
      const size_t row = row_cells.size();
      row_cells.resize(row + columns, {layer_index, kNull});
      if (tags.size() % 2) return malformed("odd tag count");
      for (size_t t = 0; t + 1 < tags.size(); t += 2) {
        if (tags[t] >= keys.size() || tags[t + 1] >= values.size()) return malformed("tag out of range");
        const int c = column_of_key[tags[t]];
        if (c >= 0) row_cells[row + static_cast<size_t>(c)].second = tags[t + 1];
      }
      ++d.features;
    }
  }
  if (!tile.ok()) return malformed("the tile's layers");
  for (size_t row = 0; row < d.features; ++row) {
    out.attributes.begin_row();
    for (size_t c = 0; c < columns; ++c) {
      const auto [layer, value] = row_cells[row * columns + c];
      if (value == kNull) out.attributes.push({}, true);
      else out.attributes.push(layer_values[layer][value]);
    }
  }
  return d;
}

}  // namespace geo
