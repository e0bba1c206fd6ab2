// The vector-tile decoder on tiles encoded here by hand, byte by byte as the spec
// (Mapbox Vector Tile 2.1) lays them out: what PostGIS's ST_AsMVT sends is tested
// against the server in tests/pg/pg_tiles_test.cpp.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "geo/mvt.hpp"

namespace {

// A minimal protobuf writer.
struct Pb {
  std::string bytes;
  void varint(uint64_t v) {
    while (v >= 0x80) bytes += static_cast<char>((v & 0x7f) | 0x80), v >>= 7;
    bytes += static_cast<char>(v);
  }
  void key(uint32_t field, uint32_t type) { varint(field << 3 | type); }
  void uint(uint32_t field, uint64_t v) { key(field, 0), varint(v); }
  void message(uint32_t field, const std::string& b) { key(field, 2), varint(b.size()), bytes += b; }
  void packed(uint32_t field, const std::vector<uint32_t>& v) {
    Pb p;
    for (uint32_t x : v) p.varint(x);
    message(field, p.bytes);
  }
};

uint32_t zz(int32_t v) { return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31); }
uint32_t command(uint32_t id, uint32_t count) { return id | count << 3; }

std::string feature(uint64_t id, uint32_t type, const std::vector<uint32_t>& tags, const std::vector<uint32_t>& geometry) {
  Pb f;
  f.uint(1, id);
  if (!tags.empty()) f.packed(2, tags);
  f.uint(3, type);
  f.packed(4, geometry);
  return f.bytes;
}

std::string string_value(const std::string& s) {
  Pb v;
  v.message(1, s);
  return v.bytes;
}

// One layer, extent 4096, keys "status" and "n", values "在建", 7 (int).
std::string tile(const std::string& layer_name, const std::vector<std::string>& features) {
  Pb layer;
  layer.uint(15, 2);
  layer.message(1, layer_name);
  for (const std::string& f : features) layer.message(2, f);
  layer.message(3, "status");
  layer.message(3, "n");
  layer.message(4, string_value("在建"));
  Pb seven;
  seven.uint(4, 7);
  layer.message(4, seven.bytes);
  layer.uint(5, 4096);
  Pb t;
  t.message(3, layer.bytes);
  return t.bytes;
}

geo::VectorLayer empty_layer() {
  geo::VectorLayer l;
  l.attributes.set_columns({"n", "status", "other"},
                           {geo::AttributeTable::Type::Integer, geo::AttributeTable::Type::Text,
                            geo::AttributeTable::Type::Text});
  return l;
}

geo::Result<geo::MvtDecoded> decode(const std::string& bytes, geo::VectorLayer& out) {
  // The tile spans 0..4096 map units, so tile x is map x and tile y is 4096 − map y.
  return geo::decode_mvt(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), geo::Bbox{0, 0, 4096, 4096}, out);
}

}  // namespace

TEST_CASE("a vector tile's polygon with a hole, a line and a point decode into the layer's arrays", "[mvt]") {
  // Square (100,100)-(300,300) in tile units, clockwise on screen (y down) = exterior;
  // the hole (150,150)-(250,250) the other way round.
  const std::vector<uint32_t> square = {command(1, 1), zz(100), zz(100), command(2, 3), zz(200), zz(0), zz(0), zz(200),
                                        zz(-200), zz(0), command(7, 1),
                                        command(1, 1), zz(50), zz(-150), command(2, 3), zz(0), zz(100), zz(100), zz(0),
                                        zz(0), zz(-100), command(7, 1)};
  const std::vector<uint32_t> line = {command(1, 1), zz(10), zz(20), command(2, 2), zz(5), zz(5), zz(5), zz(-5)};
  const std::vector<uint32_t> point = {command(1, 1), zz(4000), zz(96)};
  const std::string bytes = tile("rows", {feature(42, 3, {0, 0, 1, 1}, square), feature(7, 2, {1, 1}, line),
                                          feature(9, 1, {}, point)});
  geo::VectorLayer l = empty_layer();
  auto d = decode(bytes, l);
  REQUIRE(d);
  CHECK(d->features == 3);
  REQUIRE(l.feature_count() == 3);
  CHECK(l.fids == std::vector<int64_t>{42, 7, 9});
  // The polygon: one part, two closed rings of 5 vertices, y flipped.
  REQUIRE(l.part_kinds.size() == 3);
  CHECK(l.part_kinds[0] == geo::PartKind::Polygon);
  CHECK(l.part_offsets[1] - l.part_offsets[0] == 2);
  CHECK(l.ring_offsets[1] == 5);
  CHECK(l.xy[0] == 100);
  CHECK(l.xy[1] == 4096 - 100);
  CHECK(l.xy[8] == 100);  // closed: the last vertex is the first
  CHECK(l.xy[9] == 4096 - 100);
  CHECK(l.xy[10] == 150);  // the hole's first vertex
  CHECK(l.xy[11] == 4096 - 150);
  CHECK(l.part_kinds[1] == geo::PartKind::Line);
  CHECK(l.part_kinds[2] == geo::PartKind::Point);
  const geo::Bbox line_box = l.feature_bounds(1);
  CHECK(line_box.min_x == 10);
  CHECK(line_box.max_x == 20);
  CHECK(l.feature_bounds(2).min_x == 4000);
  CHECK(l.feature_bounds(2).min_y == 4000);
  // Attributes by name: n and status where tagged, null otherwise; "other" never.
  CHECK(l.attributes.get(0, 1) == "在建");
  CHECK(l.attributes.get(0, 0) == "7");
  CHECK(l.attributes.is_null(1, 1));
  CHECK(l.attributes.get(1, 0) == "7");
  CHECK(l.attributes.is_null(2, 0));
  CHECK(l.attributes.is_null(0, 2));
}

TEST_CASE("a row sent as its box's corners decodes as that rectangle, a collapsed one as a unit square", "[mvt]") {
  const std::vector<uint32_t> corners = {command(1, 2), zz(10), zz(30), zz(6), zz(-20)};  // (10,30) and (16,10)
  const std::vector<uint32_t> one = {command(1, 1), zz(100), zz(100)};
  geo::VectorLayer l = empty_layer();
  auto d = decode(tile(std::string(geo::kMvtBoxLayer), {feature(1, 1, {0, 0}, corners), feature(2, 1, {}, one)}), l);
  REQUIRE(d);
  REQUIRE(l.feature_count() == 2);
  CHECK(l.part_kinds[0] == geo::PartKind::Polygon);
  const geo::Bbox b = l.feature_bounds(0);
  CHECK(b.min_x == 10);
  CHECK(b.max_x == 16);
  CHECK(b.min_y == 4096 - 30);
  CHECK(b.max_y == 4096 - 10);
  const geo::Bbox u = l.feature_bounds(1);
  CHECK(u.width() == Approx(1));
  CHECK(u.height() == Approx(1));
  CHECK(u.center_x() == Approx(100));
  CHECK(u.center_y() == Approx(4096 - 100));
}

TEST_CASE("a malformed vector tile is an error and leaves the layer as it was", "[mvt]") {
  const std::vector<uint32_t> point = {command(1, 1), zz(1), zz(2)};
  const std::string good = tile("rows", {feature(1, 1, {0, 0}, point)});
  geo::VectorLayer l = empty_layer();
  REQUIRE(decode(good, l));
  REQUIRE(l.feature_count() == 1);
  const size_t xy = l.xy.size();
  // Cut short anywhere, or a geometry asking for more coordinates than it has, or a
  // tag pointing past the values: refused, nothing appended.
  for (size_t cut = 1; cut < good.size(); ++cut) {
    INFO("cut at " << cut);
    auto d = decode(good.substr(0, cut), l);
    if (d) continue;  // a cut between whole fields is a shorter, valid tile
    CHECK(l.feature_count() == 1);
    CHECK(l.xy.size() == xy);
    CHECK(l.attributes.row_count() == 1);
  }
  const std::vector<uint32_t> short_geometry = {command(1, 3), zz(1), zz(2)};
  CHECK_FALSE(decode(tile("rows", {feature(2, 1, {}, short_geometry)}), l));
  CHECK_FALSE(decode(tile("rows", {feature(3, 1, {0, 9}, point)}), l));
  CHECK(l.feature_count() == 1);
  CHECK(l.attributes.row_count() == 1);
  CHECK(l.fids.size() == 1);
}
