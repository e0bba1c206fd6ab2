// Vector tiles, binary copies and grouped counts made by the test server
// (geo/pg_tiles.hpp, geo/pg_rows.hpp): every row of a view comes once, where it is,
// whichever way and form it takes; a copy's rows are GDAL's; the grid is PostGIS's
// own; the counts are the table's, on any day.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>

#include "app/data/loader.hpp"
#include "app/data/services.hpp"
#include "app/model/chart.hpp"
#include "geo/burnup.hpp"
#include "geo/classify.hpp"
#include "geo/mvt.hpp"
#include "geo/pg.hpp"
#include "geo/pg_client.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"
#include "support/datagen.hpp"
#include "support/pg.hpp"
#include "support/pg_viewer.hpp"
#include "support/same_layer.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;
using testdata::Viewer;

// The table's columns and CRS (as the loader takes them from inspect_source), and its
// description for the tiles.
struct Described {
  geo::VectorLayer shape;
  geo::pg::Table table;
};

Described describe_table(const std::string& name) {
  Described d;
  auto infos = geo::inspect_source({pg_connection(), name});
  REQUIRE(infos);
  REQUIRE(infos->size() == 1);
  const geo::LayerInfo& info = infos->front();
  d.shape = geo::empty_layer(pg_connection(), info);
  d.table.source = pg_connection();
  d.table.name = info.name;
  d.table.geometry_column = info.geometry_column;
  d.table.key_column = info.fid_column;
  d.table.srid = geo::srid_of(info.crs);
  d.table.extent = info.extent;
  return d;
}

// Every parcel of make_parcels(cols × rows) came exactly once, within `tolerance` of
// its square, with its status where `with_status`.
void check_parcels(const geo::VectorLayer& l, int cols, int rows, double tolerance, bool with_status) {
  REQUIRE(l.feature_count() == static_cast<size_t>(cols * rows));
  std::vector<int64_t> fids = l.fids;
  std::sort(fids.begin(), fids.end());
  for (int k = 0; k < cols * rows; ++k) REQUIRE(fids[static_cast<size_t>(k)] == k + 1);
  const int status = l.attributes.find("status");
  REQUIRE(status >= 0);
  size_t off = 0, wrong_status = 0;
  for (size_t f = 0; f < l.feature_count(); ++f) {
    const int64_t k = l.fids[f] - 1;
    const int i = static_cast<int>(k % cols), j = static_cast<int>(k / cols);
    const geo::Bbox b = l.feature_bounds(f);
    const double x0 = 540000 + 100.0 * i, y0 = 3990000 + 100.0 * j;
    if (std::abs(b.min_x - x0) > tolerance || std::abs(b.max_x - (x0 + 80)) > tolerance ||
        std::abs(b.min_y - y0) > tolerance || std::abs(b.max_y - (y0 + 80)) > tolerance)
      ++off;
    if (with_status && l.attributes.get(f, static_cast<size_t>(status)) != ((i + j) % 2 == 0 ? "在建" : "竣工"))
      ++wrong_status;
  }
  CHECK(off == 0);
  CHECK(wrong_status == 0);
}

// Planned and actual finish dates on a make_parcels table: due through 2023, a third
// finished, some early, some late.
void add_dates(const std::string& table) {
  sql("ALTER TABLE " + table + " ADD COLUMN planned_finish date, ADD COLUMN actual_finish date; UPDATE " + table +
      " SET planned_finish = date '2023-01-01' + (fid % 365), "
      "actual_finish = CASE WHEN fid % 3 = 0 THEN date '2023-01-01' + (fid % 365) + (fid % 50 - 20) END");
}

}  // namespace

TEST_CASE("every row of a view comes once from the server, where it is, as polygons or as boxes",
          "[pg][tiles]") {
  testdata::make_parcels("pg_tiles", 80, 45);
  const Described d = describe_table("pg_tiles");
  using Transport = geo::pg::TileRequest::Transport;
  const Transport transport = GENERATE(Transport::Copy, Transport::Mvt);
  const bool copy = transport == Transport::Copy;
  CAPTURE(copy);
  geo::pg::TileRequest q;
  q.box = geo::Bbox{539000, 3989000, 549000, 3995500};
  q.rows = 80 * 45;
  q.lean = {d.shape.attributes.find("status")};
  q.transport = transport;
  // A vector tile snaps to its grid (1/4096 of a tile); a copy is exact.
  auto tolerance = [&] { return copy ? 0.0 : geo::pg::grid_for(d.table.extent, q.box, q.pixel).tile_size() / 4096; };

  SECTION("10 m per pixel: parcels are 8 pixels wide and come whole, every column") {
    q.pixel = 10;
    auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
    REQUIRE(t);
    CHECK(t->copy == copy);
    CHECK_FALSE(t->boxes);
    CHECK(t->tiles > 1);
    check_parcels(t->layer, 80, 45, tolerance(), true);
    CHECK(t->layer.part_kinds.front() == geo::PartKind::Polygon);
    const int name = t->layer.attributes.find("name");
    REQUIRE(name >= 0);
    CHECK(t->layer.attributes.get(0, static_cast<size_t>(name)).substr(0, 1) == "p");
    // In the key's order.
    CHECK(std::is_sorted(t->layer.fids.begin(), t->layer.fids.end()));
  }
  SECTION("100 m per pixel: each parcel under a pixel comes as its box, status only") {
    q.pixel = 100;
    auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
    REQUIRE(t);
    CHECK(t->boxes);
    check_parcels(t->layer, 80, 45, tolerance(), true);
    const int name = t->layer.attributes.find("name");
    CHECK(t->layer.attributes.is_null(0, static_cast<size_t>(name)));
    // A box is five vertices, whatever the row's shape.
    CHECK(t->layer.vertex_count() == 5 * t->layer.feature_count());
  }
  SECTION("a box over part of the table brings exactly the rows meeting it") {
    q.pixel = 2;
    q.box = geo::Bbox{541000, 3991000, 542000, 3991500};
    auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
    REQUIRE(t);
    CHECK(t->layer.feature_count() ==
          std::stoul(sql("SELECT count(*) FROM pg_tiles WHERE ST_Intersects(geom, "
                         "ST_MakeEnvelope(541000, 3991000, 542000, 3991500, 4549))")));
  }
}

TEST_CASE("a fetch counts its rows as they come, out of those expected in its box", "[pg][tiles][progress]") {
  testdata::make_parcels("pg_progress", 80, 45);
  const Described d = describe_table("pg_progress");
  using Transport = geo::pg::TileRequest::Transport;
  const Transport transport = GENERATE(Transport::Copy, Transport::Mvt);
  CAPTURE(transport == Transport::Copy);
  geo::pg::TileRequest q;
  q.pixel = 10;  // whole rows, several tiles
  q.rows = 80 * 45;
  uint64_t whole = 0;  // the rows expected
  SECTION("the whole table") {
    q.box = d.table.extent;
    whole = 80 * 45;
  }
  SECTION("its west half: half the rows expected") {
    q.box = d.table.extent;
    q.box.max_x = d.table.extent.center_x();
    whole = 80 * 45 / 2;
  }
  std::vector<std::pair<uint64_t, uint64_t>> calls;  // one call at a time (TileRequest::progress)
  q.progress = [&](uint64_t rows, uint64_t expected) { calls.emplace_back(rows, expected); };
  auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
  REQUIRE(t);
  // Counted while they came, not only at the end, and never backwards.
  REQUIRE(calls.size() >= 3);
  for (size_t k = 1; k + 1 < calls.size(); ++k) CHECK(calls[k].first > calls[k - 1].first);
  CHECK(calls.back().first >= calls[calls.size() - 2].first);
  for (const auto& [rows, expected] : calls) CHECK(expected == std::max(rows, whole));
  // At the end every row that came: by COPY each once; a tile brings a row it shares
  // with its neighbour again.
  const uint64_t in_box = std::stoull(sql("SELECT count(*) FROM pg_progress WHERE geom && " +
                                          geo::envelope_sql(4549, q.box)));
  CHECK(t->layer.feature_count() == in_box);
  if (transport == Transport::Copy) CHECK(calls.back().first == in_box);
  else CHECK(calls.back().first >= in_box);
}

TEST_CASE("rows by COPY are the rows GDAL reads from the table: every vertex, every column", "[pg][tiles][copy]") {
  // Every kind of shape and column a bureau's table has, NULLs and all.
  sql("DROP TABLE IF EXISTS pg_kinds; CREATE TABLE pg_kinds (fid integer PRIMARY KEY, status text, n integer, "
      "big bigint, x double precision, due date, stamp timestamp, flag boolean, note varchar(20), "
      "geom geometry(Geometry, 4549)); INSERT INTO pg_kinds VALUES "
      "(1, '在建', 7, 9007199254740993, 1.5, '2023-05-16', '2023-05-16 08:30:00', true, 'a''b', "
      "ST_GeomFromText('POLYGON((540000 3990000, 540100 3990000, 540100 3990100, 540000 3990100, 540000 3990000), "
      "(540020 3990020, 540020 3990080, 540080 3990080, 540080 3990020, 540020 3990020))', 4549)), "
      "(2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, "
      "ST_GeomFromText('MULTIPOLYGON(((540200 3990000, 540300 3990000, 540300 3990100, 540200 3990000)), "
      "((540400 3990000, 540500 3990000, 540500 3990100, 540400 3990000)))', 4549)), "
      "(3, '竣工', -3, -1, 0.1, '2024-02-29', NULL, false, '', "
      "ST_GeomFromText('LINESTRING(540000 3990200, 540123.456789 3990300.000001, 540300 3990200)', 4549)), "
      "(4, 'planned', 0, 0, 2e300, NULL, NULL, NULL, 'x', ST_GeomFromText('POINT(540050 3990250)', 4549)), "
      "(5, 'planned', 1, 1, -0.5, NULL, NULL, NULL, 'y', "
      "ST_GeomFromText('GEOMETRYCOLLECTION(POINT(540600 3990000), LINESTRING(540600 3990100, 540700 3990100))', 4549)), "
      "(6, 'z', 2, 2, 3.25, NULL, NULL, NULL, 'z', "
      "ST_GeomFromText('MULTIPOINT((540800 3990000), (540900 3990100))', 4549))");
  const Described d = describe_table("pg_kinds");
  // The columns as GDAL's driver reads them with no row: the same names and kinds.
  geo::ReadOptions none;
  none.where = "FALSE";
  const geo::ReadOutcome empty = geo::read_vector({pg_connection(), "pg_kinds"}, none);
  REQUIRE(empty.layers.size() == 1);
  CHECK(d.shape.attributes.names() == empty.layers[0].attributes.names());
  for (size_t c = 0; c < d.shape.attributes.column_count(); ++c) {
    CAPTURE(d.shape.attributes.names()[c]);
    CHECK(d.shape.attributes.type(c) == empty.layers[0].attributes.type(c));
  }
  CHECK(d.shape.crs == empty.layers[0].crs);
  CHECK(d.shape.crs_label == empty.layers[0].crs_label);
  geo::pg::TileRequest q;
  q.box = geo::Bbox{539000, 3989000, 542000, 3992000};
  q.pixel = 1;
  q.rows = 6;
  auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
  REQUIRE(t);
  REQUIRE(t->copy);
  const geo::ReadOutcome gdal = geo::read_vector({pg_connection(), "pg_kinds"}, {});
  REQUIRE(gdal.errors.empty());
  REQUIRE(gdal.layers.size() == 1);
  testdata::require_same(t->layer, gdal.layers[0]);
}

TEST_CASE("a row smaller than the tile grid's step still comes, as its box", "[pg][tiles]") {
  sql("DROP TABLE IF EXISTS pg_tiny; CREATE TABLE pg_tiny (fid integer PRIMARY KEY, status text, "
      "geom geometry(Polygon, 4549)); INSERT INTO pg_tiny VALUES "
      "(1, '在建', ST_MakeEnvelope(540000, 3990000, 540080, 3990080, 4549)), "
      "(2, '竣工', ST_MakeEnvelope(541000, 3990000, 541000.001, 3990000.001, 4549)), "
      "(3, '竣工', ST_MakeEnvelope(542000, 3991000, 542080, 3991080, 4549))");
  const Described d = describe_table("pg_tiny");
  geo::pg::TileRequest q;
  q.box = geo::Bbox{539000, 3989000, 543000, 3992000};
  q.pixel = 10;
  q.rows = 3;
  q.transport = GENERATE(geo::pg::TileRequest::Transport::Copy, geo::pg::TileRequest::Transport::Mvt);
  auto t = geo::pg::fetch_tiles(d.table, d.shape, q, {});
  REQUIRE(t);
  CHECK_FALSE(t->boxes);
  REQUIRE(t->layer.feature_count() == 3);
  CHECK(t->layer.fids == std::vector<int64_t>{1, 2, 3});
  const geo::Bbox tiny = t->layer.feature_bounds(1);
  const double step = geo::pg::grid_for(d.table.extent, q.box, q.pixel).tile_size() / 4096;
  CHECK(std::abs(tiny.center_x() - 541000) <= step);
  CHECK(std::abs(tiny.center_y() - 3990000) <= step);
  CHECK(t->layer.attributes.get(1, static_cast<size_t>(t->layer.attributes.find("status"))) == "竣工");
}

TEST_CASE("the tile grid is PostGIS's ST_TileEnvelope over the table's square", "[pg][tiles]") {
  geo::Bbox extent{540000, 3990000, 548000, 3994500};
  geo::Bbox view{541000, 3991000, 543000, 3992000};
  const geo::pg::Grid g = geo::pg::grid_for(extent, view, 2.0);
  CHECK(g.root.width() == Approx(g.root.height()));
  CHECK(g.root.width() >= 8000);
  // Tiles of about 256 pixels at 2 m a pixel: 512 m, so 8 km / 2^4.
  CHECK(g.z == 4);
  const std::vector<geo::pg::TileId> tiles = g.covering(view);
  REQUIRE_FALSE(tiles.empty());
  for (const geo::pg::TileId& t : tiles) {
    const geo::Bbox b = g.tile_box(t);
    CHECK(b.intersects(view));
    char q[512];
    std::snprintf(q, sizeof q,
                  "SELECT concat_ws(' ', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT "
                  "ST_TileEnvelope(%d, %d, %d, ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, 4549)) e) s",
                  t.z, t.x, t.y, g.root.min_x, g.root.min_y, g.root.max_x, g.root.max_y);
    double x0, y0, x1, y1;
    REQUIRE(std::sscanf(sql(q).c_str(), "%lf %lf %lf %lf", &x0, &y0, &x1, &y1) == 4);
    CHECK(b.min_x == Approx(x0).margin(1e-6));
    CHECK(b.min_y == Approx(y0).margin(1e-6));
    CHECK(b.max_x == Approx(x1).margin(1e-6));
    CHECK(b.max_y == Approx(y1).margin(1e-6));
  }
  // Together they cover the view.
  geo::Bbox all;
  for (const auto& t : tiles) all.add(g.tile_box(t));
  CHECK(all.contains(view));
}

TEST_CASE("a streamed table's counts come from the server: the whole table's, by status, on any day",
          "[pg][tiles][loader]") {
  testdata::make_parcels("pg_counts", 60, 40);
  add_dates("pg_counts");
  geo::LayerConfig c;
  c.source = pg_connection();
  c.layer = "pg_counts";
  c.stream = true;
  app::Loader loader(1);
  app::Fetch view;  // a corner of the table: 10 × 10 parcels
  view.box = geo::Bbox{539990, 3989990, 540990, 3990990};
  view.pixel = 2;
  loader.submit(0, c, "EPSG:4549", false, view);
  std::vector<app::LoadResult> done;
  for (int i = 0; i < 300 && done.empty(); ++i) loader.wait_for_result(100), done = loader.take_finished();
  REQUIRE(done.size() == 1);
  const app::LoadResult& r = done.front();
  INFO((r.errors.empty() ? std::string() : r.errors.front().what()));
  REQUIRE(r.errors.empty());
  REQUIRE(r.layers.size() == 1);
  CHECK(r.tiles > 0);
  const app::LoadedLayer& l = r.layers.front();
  CHECK(l.data.feature_count() == 100);
  REQUIRE(l.server_counts);
  CHECK(l.server_counts->rows == 2400);

  // The whole table read by GDAL, through the same rules: the counts agree on each day.
  auto whole = geo::read_vector({pg_connection(), "pg_counts"});
  REQUIRE(whole.layers.size() == 1);
  const geo::Classification classes = geo::classify(whole.layers[0], c);
  const geo::Timeline timeline = geo::build_timeline(whole.layers[0], classes.status);
  REQUIRE(timeline.has_dates);
  for (const char* date : {"2022-06-01", "2023-03-01", "2023-07-15", "2024-02-01"}) {
    const geo::Day day = *geo::parse_date(date);
    std::vector<geo::Status> status;
    geo::statuses_on(timeline, day, status);
    INFO(date);
    CHECK(l.server_counts->on(day) == geo::count_statuses(status));
  }
  CHECK(l.server_counts->on(geo::kNoDay) == geo::count_statuses(classes.status));
  // And as recorded, against SQL: half the parcels 在建 (under construction).
  CHECK(l.server_counts->on(geo::kNoDay)[static_cast<size_t>(geo::Status::UnderConstruction)] ==
        std::stoul(sql("SELECT count(*) FROM pg_counts WHERE status = '在建'")));
}

TEST_CASE("a pool keeps its connections to its size, whoever asks", "[pg][tiles]") {
  geo::pg::Pool pool(geo::pg::conninfo(pg_connection()), "test", 2);
  {
    auto a = pool.acquire();
    auto b = pool.acquire();
    REQUIRE(a);
    REQUIRE(b);
    CHECK(pool.opened() == 2);
    auto r = (*a)->query("SELECT 1 + 1");
    REQUIRE(r);
    CHECK(*r->cells[0][0] == "2");
  }
  auto c = pool.acquire();  // reused, not a third
  REQUIRE(c);
  CHECK(pool.opened() == 2);
  auto bad = (*c)->query("SELECT * FROM no_such_table");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().reason.find("no_such_table") != std::string::npos);
  // A server that is not there: a reason, quickly.
  geo::pg::Pool nowhere(geo::pg::conninfo("PG:host=127.0.0.1 port=1 dbname=x connect_timeout=2"), "nowhere", 1);
  auto none = nowhere.acquire();
  REQUIRE_FALSE(none);
  CHECK(none.error().reason.find("cannot connect") != std::string::npos);
  CHECK(geo::pg::conninfo("PG:dbname=a schemas=x,y host=h") == "dbname=a host=h connect_timeout=5");
  CHECK(geo::pg::conninfo("pg:dbname='a b' connect_timeout=9") == "dbname='a b' connect_timeout=9");
}

TEST_CASE("a copy stopped halfway leaves its connection clean for the next statement", "[pg][tiles][copy]") {
  sql("DROP TABLE IF EXISTS pg_long; CREATE TABLE pg_long AS SELECT g AS fid, repeat('x', 200) AS pad FROM "
      "generate_series(1, 200000) g");
  geo::pg::Pool pool(geo::pg::conninfo(pg_connection()), "test", 1);
  size_t pieces = 0;
  auto stopped = pool.copy_out("COPY (SELECT fid, pad FROM pg_long ORDER BY fid) TO STDOUT (FORMAT binary)",
                               [&](const char*, size_t) { return ++pieces < 10; });
  REQUIRE_FALSE(stopped);
  CHECK(stopped.error().reason == "copy stopped");
  CHECK(pieces >= 10);
  CHECK(pieces < 200000);  // the server was asked to stop, not read to the end
  // The same (only) connection answers the next statement, and a whole copy.
  CHECK(pool.opened() == 1);
  auto r = pool.query("SELECT count(*) FROM pg_long");
  REQUIRE(r);
  CHECK(*r->cells[0][0] == "200000");
  size_t bytes = 0;
  auto whole = pool.copy_out("COPY (SELECT fid FROM pg_long WHERE fid <= 1000) TO STDOUT (FORMAT binary)",
                             [&](const char*, size_t n) { return bytes += n, true; });
  REQUIRE(whole);
  CHECK(*whole == bytes);
  CHECK(bytes == 19 + 1000 * (2 + 4 + 4) + 2);  // header, 1000 rows of one int4, trailer
  // A statement that is not a COPY, or fails, says why and leaves it clean too.
  auto bad = pool.copy_out("SELECT 1", [](const char*, size_t) { return true; });
  REQUIRE_FALSE(bad);
  auto worse = pool.copy_out("COPY (SELECT * FROM no_such_table) TO STDOUT", [](const char*, size_t) { return true; });
  REQUIRE_FALSE(worse);
  CHECK(worse.error().reason.find("no_such_table") != std::string::npos);
  CHECK(pool.query("SELECT 1"));
}

TEST_CASE("a fetch cancelled while its rows stream in ends as cancelled, and the pool still serves", "[pg][tiles][copy]") {
  testdata::make_parcels("pg_cancel", 80, 45);
  const Described d = describe_table("pg_cancel");
  geo::pg::TileRequest q;
  q.box = d.table.extent;
  q.pixel = 1;
  q.rows = 80 * 45;
  std::atomic<int> polled{0};  // (asked from each of the fetch's threads)
  auto t = geo::pg::fetch_tiles(d.table, d.shape, q, [&] { return ++polled > 3; });
  REQUIRE_FALSE(t);
  CHECK(t.error().reason == "loading cancelled");
  q.box = geo::Bbox{540000, 3990000, 540450, 3990450};  // parcels 0-4 × 0-4
  auto again = geo::pg::fetch_tiles(d.table, d.shape, q, {});
  REQUIRE(again);
  CHECK(again->layer.feature_count() == 25);
}

TEST_CASE("a row picked on a zoomed-out map, which came as its box, is fetched whole by its key", "[pg][tiles][identify]") {
  testdata::make_parcels("pg_pick", 80, 45);
  const std::string dir = testdata::temp_dir("pg-pick");
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_pick\", \"stream\": true}]}\n";
  // 80 × 45 pixels for 8 km × 4.5 km: 100 m a pixel, parcels under one: boxes.
  Viewer v(dir + "/p.json", 80, 45);
  app::Model& m = v.m;
  app::DataServices& data = v.data;
  REQUIRE(data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  app::MapLayer& l = m.layers[0];
  REQUIRE(l.data.feature_count() == 3600);
  CHECK(l.key_column == "fid");
  const int name = l.data.attributes.find("name");
  REQUIRE(name >= 0);
  CHECK(l.data.attributes.is_null(0, static_cast<size_t>(name)));  // status and dates only
  const auto it = std::find(l.data.fids.begin(), l.data.fids.end(), 1 + 7 + 80 * 3);  // parcel (7, 3)
  REQUIRE(it != l.data.fids.end());
  l.selected = {static_cast<uint32_t>(it - l.data.fids.begin())};
  const std::string since = l.since;
  data.fetch_selected_rows();
  REQUIRE(data.finish_loading());
  app::MapLayer& after = m.layers[0];
  REQUIRE(after.selected.size() == 1);
  const uint32_t f = after.selected[0];
  CHECK(after.data.fids[f] == 1 + 7 + 80 * 3);
  CHECK(after.data.attributes.get(f, static_cast<size_t>(name)) == "p7_3");
  CHECK(after.data.feature_count() == 3600);
  CHECK(after.since == since);  // not a refresh
  // Asked once: the same selection asks for nothing more.
  data.fetch_selected_rows();
  CHECK(data.idle());
}

TEST_CASE("a streamed table's burn-up is the whole table's, from the server's counts", "[pg][tiles][burnup]") {
  testdata::make_parcels("pg_burnup", 60, 40);
  add_dates("pg_burnup");
  const std::string dir = testdata::temp_dir("pg-burnup");
  // Opens on one corner: about 100 of the 2,400 rows held.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_burnup\", \"stream\": true}]}\n";
  Viewer v(dir + "/p.json", 800, 450);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  REQUIRE(m.layers[0].data.feature_count() < 400);
  REQUIRE(m.layers[0].server_counts);

  auto whole = geo::read_vector({pg_connection(), "pg_burnup"});
  REQUIRE(whole.layers.size() == 1);
  const geo::Timeline t =
      geo::build_timeline(whole.layers[0], geo::classify(whole.layers[0], m.layers[0].config).status);
  const geo::Day first = *geo::parse_date("2022-12-01"), last = *geo::parse_date("2024-03-01");
  const geo::BurnUp want = geo::burn_up(t, {}, first, last);
  std::string title, error;
  for (const std::string& scope : std::vector<std::string>{"programme", "layer:" + m.layers[0].title}) {
    INFO(scope);
    const geo::BurnUp got = app::chart_series(m, scope, first, last, title, error);
    CHECK(error.empty());
    CHECK(got.features == 2400);
    CHECK(got.by_status == want.by_status);
    CHECK(got.planned == want.planned);
    CHECK(got.completed == want.completed);
  }
}
