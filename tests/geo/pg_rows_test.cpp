// The binary COPY decoder (geo/pg_rows.hpp) on copies written here byte by byte as
// PostgreSQL's documentation lays the format out ("COPY", binary format): what the
// server itself sends is tested against it in tests/pg/pg_tiles_test.cpp.
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "geo/pg_rows.hpp"

namespace {

void be(std::string& s, uint64_t v, int bytes) {
  for (int k = bytes - 1; k >= 0; --k) s += static_cast<char>((v >> (8 * k)) & 0xff);
}

std::string header() {
  std::string s("PGCOPY\n\377\r\n\0", 11);
  be(s, 0, 4);  // flags
  be(s, 0, 4);  // no extension
  return s;
}

std::string trailer() {
  std::string s;
  be(s, 0xffff, 2);
  return s;
}

// One row: the key, then fields (nullopt: NULL).
std::string row(int64_t key, const std::vector<std::optional<std::string>>& fields) {
  std::string s;
  be(s, fields.size() + 1, 2);
  be(s, 8, 4);
  be(s, static_cast<uint64_t>(key), 8);
  for (const auto& f : fields) {
    if (!f) {
      be(s, 0xffffffff, 4);
      continue;
    }
    be(s, f->size(), 4);
    s += *f;
  }
  return s;
}

void le32(std::string& s, uint32_t v) {
  for (int k = 0; k < 4; ++k) s += static_cast<char>((v >> (8 * k)) & 0xff);
}
void le64(std::string& s, double d) {
  uint64_t v;
  std::memcpy(&v, &d, 8);
  for (int k = 0; k < 8; ++k) s += static_cast<char>((v >> (8 * k)) & 0xff);
}

// A little-endian WKB polygon of one ring.
std::string wkb_polygon(const std::vector<std::pair<double, double>>& ring) {
  std::string s(1, '\1');
  le32(s, 3);
  le32(s, 1);
  le32(s, static_cast<uint32_t>(ring.size()));
  for (auto [x, y] : ring) le64(s, x), le64(s, y);
  return s;
}

std::string wkb_point(double x, double y) {
  std::string s(1, '\1');
  le32(s, 1);
  le64(s, x), le64(s, y);
  return s;
}

geo::VectorLayer two_columns() {
  geo::VectorLayer l;
  l.attributes.set_columns({"status", "name"}, {geo::AttributeTable::Type::Text, geo::AttributeTable::Type::Text});
  return l;
}

const std::vector<std::pair<double, double>> kSquare{{10, 20}, {30, 20}, {30, 50}, {10, 50}, {10, 20}};

}  // namespace

TEST_CASE("a binary copy's rows become features: key, columns, geometry, in any pieces", "[pgcopy]") {
  const std::string copy = header() + row(7, {"在建", "east", wkb_polygon(kSquare)}) +
                           row(-2, {std::nullopt, "", wkb_point(5, 6)}) + row(9, {"竣工", std::nullopt, std::nullopt}) +
                           trailer();
  const size_t piece = GENERATE(size_t{1}, size_t{3}, size_t{17}, size_t{100000});
  geo::VectorLayer l = two_columns();
  geo::pg::CopyDecoder d(l, {});
  for (size_t at = 0; at < copy.size(); at += piece) REQUIRE(d.feed(copy.data() + at, std::min(piece, copy.size() - at)));
  REQUIRE(d.finished());
  CHECK(d.rows() == 3);
  REQUIRE(l.feature_count() == 3);
  CHECK(l.fids == std::vector<int64_t>{7, -2, 9});
  CHECK(l.attributes.get(0, 0) == "在建");
  CHECK(l.attributes.get(0, 1) == "east");
  CHECK(l.attributes.is_null(1, 0));
  CHECK_FALSE(l.attributes.is_null(1, 1));  // empty text is not null
  CHECK(l.attributes.is_null(2, 1));
  // The square exactly, the point, and no geometry for the NULL.
  CHECK(l.part_kinds == std::vector<geo::PartKind>{geo::PartKind::Polygon, geo::PartKind::Point});
  const geo::Bbox b = l.feature_bounds(0);
  CHECK(b.min_x == 10);
  CHECK(b.max_y == 50);
  CHECK(l.feature_bounds(1).min_x == 5);
  CHECK(l.feature_offsets[3] == l.feature_offsets[2]);
}

TEST_CASE("a copy of only some columns leaves the others null", "[pgcopy]") {
  const std::string copy = header() + row(1, {"在建", wkb_point(1, 2)}) + trailer();
  geo::VectorLayer l = two_columns();
  geo::pg::CopyDecoder d(l, {0});
  REQUIRE(d.feed(copy.data(), copy.size()));
  REQUIRE(d.finished());
  REQUIRE(l.feature_count() == 1);
  CHECK(l.attributes.get(0, 0) == "在建");
  CHECK(l.attributes.is_null(0, 1));
}

TEST_CASE("bytes that are not the copy asked for are refused, with the rows before them kept", "[pgcopy]") {
  const std::string good = row(1, {"a", "b", wkb_point(1, 2)});
  std::string bad;
  std::string why;
  SECTION("another signature") { bad = "PGCOPX\n\377\r\n" + std::string(10, '\0'); why = "not a binary copy"; }
  SECTION("a row of the wrong width") { bad = header() + good + row(2, {"a", wkb_point(1, 2)}); why = "fields"; }
  SECTION("a key that is not 8 bytes") {
    bad = header() + good;
    std::string r;
    be(r, 4, 2), be(r, 4, 4), be(r, 5, 4);
    for (int k = 0; k < 3; ++k) be(r, 0xffffffff, 4);
    bad += r;
    why = "key";
  }
  SECTION("a negative length") {
    bad = header() + good;
    std::string r;
    be(r, 4, 2), be(r, 8, 4), be(r, 5, 8), be(r, 0xfffffff0, 4);
    bad += r;
    why = "negative";
  }
  SECTION("bytes after the trailer") { bad = header() + good + trailer() + "x"; why = "after"; }
  geo::VectorLayer l = two_columns();
  geo::pg::CopyDecoder d(l, {});
  CHECK_FALSE(d.feed(bad.data(), bad.size()));
  CHECK(d.error().find(why) != std::string::npos);
  CHECK(l.feature_count() == (why == "not a binary copy" ? 0u : 1u));
  CHECK(l.attributes.row_count() == l.feature_count());
  CHECK_FALSE(d.feed("more", 4));  // refused once, refused after
}

TEST_CASE("a copy cut short is not finished", "[pgcopy]") {
  const std::string copy = header() + row(1, {"a", "b", wkb_polygon(kSquare)}) + trailer();
  for (size_t cut = 0; cut < copy.size(); ++cut) {
    geo::VectorLayer l = two_columns();
    geo::pg::CopyDecoder d(l, {});
    REQUIRE(d.feed(copy.data(), cut));
    CHECK_FALSE(d.finished());
    CHECK(l.attributes.row_count() == l.feature_count());
  }
}

TEST_CASE("rows kept as their boxes: a rectangle each, points as they are", "[pgcopy]") {
  const std::string copy = header() + row(1, {"a", "b", wkb_polygon(kSquare)}) + row(2, {"a", "b", wkb_point(3, 4)}) +
                           row(3, {"a", "b", std::nullopt}) + trailer();
  geo::VectorLayer l = two_columns();
  geo::pg::CopyDecoder d(l, {});
  REQUIRE(d.feed(copy.data(), copy.size()));
  geo::pg::keep_boxes(l);
  REQUIRE(l.feature_count() == 3);
  CHECK(l.part_kinds == std::vector<geo::PartKind>{geo::PartKind::Polygon, geo::PartKind::Point});
  CHECK(l.ring_offsets == std::vector<uint32_t>{0, 5, 6});
  const geo::Bbox b = l.feature_bounds(0);
  CHECK(b.min_x == 10);
  CHECK(b.min_y == 20);
  CHECK(b.max_x == 30);
  CHECK(b.max_y == 50);
  CHECK(l.feature_bounds(1).min_x == 3);
  CHECK(l.feature_offsets[3] == l.feature_offsets[2]);
  CHECK(l.attributes.row_count() == 3);
}

TEST_CASE("a row whose geometry bytes are not WKB is kept without geometry, and counted", "[pgcopy]") {
  std::string bad_wkb(1, '\1');
  le32(bad_wkb, 55007190);  // no geometry type
  const std::string copy = header() + row(1, {"a", "b", wkb_point(1, 2)}) + row(2, {"a", "b", bad_wkb}) +
                           row(3, {"a", "b", std::string("\1\3\0\0\0", 5)}) + trailer();  // a polygon cut short
  geo::VectorLayer l = two_columns();
  geo::pg::CopyDecoder d(l, {});
  REQUIRE(d.feed(copy.data(), copy.size()));
  REQUIRE(d.finished());
  REQUIRE(l.feature_count() == 3);
  CHECK(d.unreadable() == 2);
  CHECK(l.feature_offsets == std::vector<uint32_t>{0, 1, 1, 1});
  CHECK(l.fids == std::vector<int64_t>{1, 2, 3});
}
