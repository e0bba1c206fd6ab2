// Features taken, reordered, merged by key and joined from parts (geo/layer.hpp): each result against a
// layer built feature by feature from the same hand-written features, so the runs
// that reorder_features copies at once must give what one feature at a time gives.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "support/same_layer.hpp"

namespace {

struct Part {
  geo::PartKind kind;
  std::vector<std::vector<double>> rings;  // x,y pairs
  bool even_odd = false;
};

struct Feature {
  int64_t fid;
  std::vector<Part> parts;
  const char* name;  // nullptr: NULL
  std::string status;
};

// Polygons with holes, multipolygons, a line, a point, a collection, a feature with no
// geometry and an even-odd part: every array a feature spans.
std::vector<Feature> features() {
  using K = geo::PartKind;
  std::vector<Feature> all;
  for (int64_t i = 0; i < 12; ++i) {
    const double x = static_cast<double>(i) * 10;
    Feature f{100 + i, {}, (i % 4 == 1) ? nullptr : "parcel", i % 3 ? "planned" : "completed"};
    switch (i % 6) {
      case 0: f.parts = {{K::Polygon, {{x, 0, x + 5, 0, x + 5, 5, x, 0}, {x + 1, 1, x + 2, 1, x + 2, 2, x + 1, 1}}}}; break;
      case 1: f.parts = {{K::Polygon, {{x, 0, x + 1, 0, x + 1, 1, x, 0}}}, {K::Polygon, {{x + 3, 3, x + 4, 3, x + 4, 4, x + 3, 3}}, true}}; break;
      case 2: f.parts = {{K::Line, {{x, 0, x + 2, 2, x + 4, 0}}}}; break;
      case 3: f.parts = {{K::Point, {{x + 1, 7}}}}; break;
      case 4: break;  // no geometry
      case 5: f.parts = {{K::Point, {{x, 9}}}, {K::Line, {{x, 0, x + 3, 3}}}, {K::Polygon, {{x, 0, x + 2, 0, x + 2, 2, x, 0}}, true}}; break;
    }
    f.name = f.name ? (i % 2 ? "东 parcel, long name" : "west") : nullptr;
    all.push_back(f);
  }
  return all;
}

geo::VectorLayer build(const std::vector<Feature>& fs) {
  geo::VectorLayer l;
  l.name = "parcels", l.crs = "EPSG:4549";
  l.attributes.set_columns({"name", "status"}, {geo::AttributeTable::Type::Text, geo::AttributeTable::Type::Text});
  for (const Feature& f : fs) {
    for (const Part& p : f.parts) {
      for (const auto& ring : p.rings) {
        for (size_t i = 0; i + 1 < ring.size(); i += 2) {
          l.xy.push_back(ring[i]), l.xy.push_back(ring[i + 1]);
          l.bounds.add(ring[i], ring[i + 1]);
        }
        l.ring_offsets.push_back(static_cast<uint32_t>(l.vertex_count()));
      }
      if (p.even_odd) l.even_odd_parts.push_back(static_cast<uint32_t>(l.part_count()));
      l.part_offsets.push_back(static_cast<uint32_t>(l.ring_offsets.size() - 1));
      l.part_kinds.push_back(p.kind);
    }
    l.feature_offsets.push_back(static_cast<uint32_t>(l.part_count()));
    l.fids.push_back(f.fid);
    l.attributes.begin_row();
    l.attributes.push(f.name ? f.name : "", f.name == nullptr);
    l.attributes.push(f.status);
  }
  return l;
}

std::vector<Feature> pick(const std::vector<Feature>& all, const std::vector<uint32_t>& order) {
  std::vector<Feature> out;
  for (uint32_t f : order) out.push_back(all[f]);
  return out;
}

}  // namespace

TEST_CASE("features reordered: runs copied at once equal one feature at a time", "[layer]") {
  const std::vector<Feature> all = features();
  const geo::VectorLayer layer = build(all);
  for (const std::vector<uint32_t>& order : std::vector<std::vector<uint32_t>>{
           {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},  // all, one run
           {11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},  // reversed: runs of one
           {1, 2, 3, 7, 8, 0, 4, 5, 11},            // runs and gaps
           {5},                                     // one feature
           {4, 10},                                 // features with no geometry
           {3, 3, 4, 3},                            // a feature twice
           {}}) {
    INFO("order of " << order.size());
    testdata::require_same(geo::reorder_features(layer, order), build(pick(all, order)));
  }
}

TEST_CASE("features kept in place equal the same features built anew, and keep their arrays' room", "[layer]") {
  const std::vector<Feature> all = features();
  const std::vector<std::vector<uint32_t>> kept_sets = {
      {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},  // all
      {},                                      // none
      {1, 2, 3, 6, 7, 8, 9, 10},               // the first and last dropped, runs between
      {0, 2, 4, 6, 8, 10},                     // every other (no geometry at 4 and 10)
      {1, 5, 7, 11},                           // the even-odd parts' features only
      {11},                                    // the last alone
  };
  for (const std::vector<uint32_t>& kept : kept_sets) {
    INFO("kept " << kept.size());
    geo::VectorLayer layer = build(all);
    const size_t room = layer.xy.capacity();
    std::vector<uint8_t> keep(all.size(), 0);
    for (uint32_t f : kept) keep[f] = 1;
    geo::keep_features(layer, keep);
    testdata::require_same(layer, build(pick(all, kept)));
    CHECK(layer.xy.capacity() == room);
    // And rows appended after it still line up.
    layer.append(build(pick(all, {3, 5})));
    std::vector<uint32_t> then = kept;
    then.insert(then.end(), {3, 5});
    testdata::require_same(layer, build(pick(all, then)));
  }
}

TEST_CASE("rows merged by key: replaced where held, dropped when asked, new ones appended", "[layer]") {
  const std::vector<Feature> all = features();
  geo::VectorLayer held = build(pick(all, {0, 1, 2, 3, 4, 5, 6, 7}));
  // Features 2 and 6 come again, changed; 9 and 10 are new. Feature 3 is dropped (a
  // row deleted on the server).
  std::vector<Feature> again = pick(all, {2, 6, 9, 10});
  again[0].status = "completed", again[1].parts = {};
  size_t dropped = 0;
  const size_t replaced = geo::upsert_features(
      held, build(again), [&](size_t f) { return held.fids[f] == all[3].fid; }, &dropped);
  CHECK(replaced == 2);
  CHECK(dropped == 1);
  std::vector<Feature> expected = pick(all, {0, 1, 4, 5, 7});
  expected.insert(expected.end(), again.begin(), again.end());
  testdata::require_same(held, build(expected));
}

TEST_CASE("rows merged by key find the held rows whatever the keys' spread", "[layer]") {
  // Dense serial keys (looked up in a bitmap over their span), keys spread over the whole
  // 64-bit range (a binary search), and held keys outside the incoming span either way.
  std::vector<Feature> all = features();
  const std::vector<int64_t> keys = {INT64_MIN, -5, 0, 3, 4, 5, int64_t{1} << 40, INT64_MAX - 1, INT64_MAX, 7, 8, 9};
  for (size_t i = 0; i < all.size(); ++i) all[i].fid = keys[i];
  struct Case {
    std::vector<uint32_t> held, again;  // indices into `all`
  };
  for (const Case& c : std::vector<Case>{
           {{0, 1, 2, 3, 4, 5, 6, 7, 8}, {3, 4, 9}},      // dense: 3, 4 replaced, 7 new; extremes held
           {{2, 3, 4, 5, 9, 10, 11}, {1, 3, 5, 10}},      // dense with held keys on both sides
           {{0, 1, 2, 3, 4, 5, 6, 7}, {0, 6, 8, 2}},      // spread: INT64_MIN, 0 and 2^40 replaced, INT64_MAX new
           {{1, 2, 8}, {0, 7}},                           // spread, nothing replaced
       }) {
    INFO("held " << c.held.size() << ", again " << c.again.size());
    geo::VectorLayer held = build(pick(all, c.held));
    std::vector<Feature> again = pick(all, c.again);
    for (Feature& f : again) f.status = "delayed";
    size_t dropped = 0;
    const size_t replaced = geo::upsert_features(held, build(again), {}, &dropped);
    std::vector<uint32_t> expected_idx;
    size_t expected_replaced = 0;
    for (uint32_t h : c.held) {
      if (std::find(c.again.begin(), c.again.end(), h) != c.again.end()) ++expected_replaced;
      else expected_idx.push_back(h);
    }
    CHECK(replaced == expected_replaced);
    CHECK(dropped == 0);
    std::vector<Feature> expected = pick(all, expected_idx);
    expected.insert(expected.end(), again.begin(), again.end());
    testdata::require_same(held, build(expected));
  }
}

TEST_CASE("parts joined after sizing the arrays once equal one layer built whole", "[layer]") {
  const std::vector<Feature> all = features();
  // A layer with features already, then parts: several features, none, one with no
  // geometry, an even-odd part.
  geo::VectorLayer layer = build(pick(all, {0, 1, 2}));
  std::vector<geo::VectorLayer> parts;
  parts.push_back(build(pick(all, {3, 4, 5})));
  parts.push_back(build({}));
  parts.push_back(build(pick(all, {6})));
  parts.push_back(build(pick(all, {7, 8, 9, 10, 11})));
  geo::append_all(layer, parts);
  testdata::require_same(layer, build(all));
  for (const geo::VectorLayer& p : parts) CHECK(p.feature_count() == 0);
  // Into an empty layer, as a fetch joins its pieces.
  geo::VectorLayer empty = build({});
  std::vector<geo::VectorLayer> two;
  two.push_back(build(pick(all, {5, 1})));
  two.push_back(build(pick(all, {11})));
  geo::append_all(empty, two);
  testdata::require_same(empty, build(pick(all, {5, 1, 11})));
}

TEST_CASE("rows gathered from several parts in a given order equal one layer built in that order", "[layer]") {
  const std::vector<Feature> all = features();
  // Three parts as a fetch's strips bring them: overlapping keys, an empty part, runs
  // within one part, a part's rows out of order.
  std::vector<geo::VectorLayer> parts;
  parts.push_back(build(pick(all, {0, 1, 2, 3})));
  parts.push_back(build({}));
  parts.push_back(build(pick(all, {9, 4, 5, 6, 11})));
  parts.push_back(build(pick(all, {7, 8, 10})));
  using Order = std::vector<std::pair<uint32_t, uint32_t>>;
  struct Case {
    Order order;
    std::vector<uint32_t> expected;  // indices into `all`
  };
  for (const Case& c : std::vector<Case>{
           {{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {2, 1}, {2, 2}, {2, 3}, {3, 0}, {3, 1}, {2, 0}, {3, 2}, {2, 4}},
            {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},  // key order across the parts
           {{{3, 2}, {3, 1}, {0, 3}}, {10, 8, 3}},    // runs of one, backwards
           {{{2, 1}, {2, 2}, {0, 2}, {0, 3}}, {4, 5, 2, 3}},  // two runs, no geometry in one
           {{{2, 3}, {2, 3}}, {6, 6}},                // a row twice
           {{}, {}}}) {
    INFO("order of " << c.order.size());
    testdata::require_same(geo::gather_features(parts, c.order), build(pick(all, c.expected)));
  }
  CHECK(parts[0].feature_count() == 4);  // the parts are only read
  CHECK(geo::gather_features({}, {}).feature_count() == 0);
}
