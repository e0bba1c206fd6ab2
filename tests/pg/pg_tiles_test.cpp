// Vector tiles, binary copies and grouped counts made by the test server
// (geo/pg_tiles.hpp, geo/pg_rows.hpp): every row of a view comes once, where it is,
// whichever way and form it takes; a copy's rows are GDAL's; the grid is PostGIS's
// own; the counts are the table's, on any day.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

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
#include "support/same_layer.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;

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

// A viewer without a window (the data services and their model) over the project file
// `project`, its layers loading for a viewport of w × h pixels, the project's view first.
struct Viewer {
  app::Model m;
  app::DataServices data;
  // `keep_meshes`: the layers' meshes stay in the model (no renderer takes them).
  Viewer(const std::string& project, int w, int h, bool keep_meshes = false) : data(m, true, keep_meshes) {
    app::Intake intake;
    intake.inputs = {project};
    intake.allow_network = true;
    data.plan(intake);
    data.choose_display_crs("");
    m.view.camera.set_viewport(w, h);
    data.start_loading(m.project.extent);
  }
};

// Planned and actual finish dates on a make_parcels table: due through 2023, a third
// finished, some early, some late.
void add_dates(const std::string& table) {
  sql("ALTER TABLE " + table + " ADD COLUMN planned_finish date, ADD COLUMN actual_finish date; UPDATE " + table +
      " SET planned_finish = date '2023-01-01' + (fid % 365), "
      "actual_finish = CASE WHEN fid % 3 = 0 THEN date '2023-01-01' + (fid % 365) + (fid % 50 - 20) END");
}

// A project of one streamed layer, the test server's `table`, opening on `extent`
// ("x0, y0, x1, y1").
std::string stream_project(const std::string& dir, const std::string& table, const std::string& extent) {
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [" << extent << "], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection() << "\", \"layer\": \"" << table
                                 << "\", \"stream\": true}]}\n";
  return dir + "/p.json";
}

// The same, opening on the table's west end: 1 km × 562.5 m, at 800 × 450 pixels
// 1.25 m a pixel (rows come whole).
std::string west_end_project(const std::string& dir, const std::string& table) {
  return stream_project(dir, table, "540000, 3990000, 541000, 3990562.5");
}

// SQL: a row meets one of the boxes `l` fetched whole.
std::string meets_covered(const app::MapLayer& l) {
  std::string any;
  for (const geo::Bbox& b : l.covered) any += (any.empty() ? "" : " OR ") + ("geom && " + geo::envelope_sql(4549, b));
  return any;
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

TEST_CASE("a pan to an unseen area fetches the view's rows first, then its margin without them", "[pg][tiles][app]") {
  testdata::make_parcels("pg_margin", 80, 45);
  Viewer v(west_end_project(testdata::temp_dir("pg-margin"), "pg_margin"), 800, 450);
  app::Model& m = v.m;
  app::DataServices& data = v.data;
  REQUIRE(data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  REQUIRE(m.layers[0].streamed);
  auto envelope = [](const geo::Bbox& b) { return geo::envelope_sql(4549, b); };
  // The rows held are exactly those meeting a box fetched whole (none was let go).
  auto held_as_fetched = [&] {
    const app::MapLayer& l = m.layers[0];
    REQUIRE(l.coarse.empty());
    std::vector<int64_t> held = l.data.fids, expected;
    std::sort(held.begin(), held.end());
    std::istringstream in(
        sql("SELECT string_agg(fid::text, ' ' ORDER BY fid) FROM pg_margin WHERE " + meets_covered(l)));
    for (int64_t k; in >> k;) expected.push_back(k);
    CHECK(held.size() == expected.size());
    CHECK(held == expected);
  };
  held_as_fetched();
  // East, onto rows not held: 541400 to 542400. Its margin reaches back over rows of
  // the first view's margin (parcels from 541100 on).
  m.view.camera.set(541900, 3990281.25, 1.25);
  m.view.last_change = -1.0;
  const geo::Bbox view = m.view.camera.visible_extent();
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  const geo::Bbox due = m.layers[0].margin_due;
  REQUIRE_FALSE(due.empty());
  CHECK(due.contains(view));
  CHECK(due.width() < view.width() * 1.1);  // the view, not the view and its margin
  CHECK(m.layers[0].covered.size() == 2);
  held_as_fetched();
  const std::string margin = "geom && " + envelope(app::padded(due)) + " AND NOT geom && " + envelope(due);
  const size_t in_margin = std::stoul(sql("SELECT count(*) FROM pg_margin WHERE " + margin));
  CHECK(in_margin > 40);
  // A row inside the margin that the first view brought is deleted before the margin
  // comes.
  const int64_t deleted = 1 + 12 + 80 * 2;  // parcel (12, 2): 541200 to 541280
  REQUIRE(sql("SELECT count(*) FROM pg_margin WHERE fid = " + std::to_string(deleted) + " AND " + margin) == "1");
  REQUIRE(std::count(m.layers[0].data.fids.begin(), m.layers[0].data.fids.end(), deleted) == 1);
  sql("DELETE FROM pg_margin WHERE fid = " + std::to_string(deleted));
  // The view's rows are drawn: the margin comes next, without them.
  data.stream_by_view();
  CHECK_FALSE(data.idle());
  REQUIRE(data.finish_loading());
  CHECK(m.layers[0].margin_due.empty());
  std::string said;
  for (const app::Message& message : m.messages)
    if (message.text.find("fetched") != std::string::npos) said = message.text;
  INFO(said);
  CHECK(said.find("fetched " + std::to_string(in_margin - 1) + " features") != std::string::npos);
  CHECK(m.layers[0].covered.size() == 3);
  held_as_fetched();  // the view's rows stay (they did not come again), the deleted row went
  CHECK(std::count(m.layers[0].data.fids.begin(), m.layers[0].data.fids.end(), deleted) == 0);
  // Nothing more for this view.
  data.stream_by_view();
  CHECK(data.idle());
}

TEST_CASE("a margin still coming when the view moves on is let go by its own job, and the new view's rows come",
          "[pg][tiles][app]") {
  // One streamed table, or two tables of one source (one slot: a cancel of the slot's
  // every job let neither margin go, each seeing the other table still fetching).
  const bool two = GENERATE(false, true);
  INFO((two ? "two tables of one source" : "one table"));
  const std::string dir = testdata::temp_dir("pg-margin-left");
  std::string project;
  if (two) {
    testdata::make_parcels("pg_two_a", 80, 45);
    testdata::make_parcels("pg_two_b", 80, 45);
    std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], "
                                   << "\"layers\": [{\"source\": \"" << pg_connection()
                                   << " tables=pg_two_a,pg_two_b\", \"stream\": true}]}\n";
    project = dir + "/p.json";
  } else {
    testdata::make_parcels("pg_margin_left", 80, 45);
    project = west_end_project(dir, "pg_margin_left");
  }
  Viewer v(project, 800, 450);
  app::Model& m = v.m;
  app::DataServices& data = v.data;
  REQUIRE(data.finish_loading());
  REQUIRE(m.layers.size() == (two ? 2 : 1));
  REQUIRE(m.layers.front().slot == m.layers.back().slot);
  auto go = [&](double cx, double cy) {
    m.view.camera.set(cx, cy, 1.25);
    m.view.last_change = -1.0;
  };
  // A view of its own, then its margins asked for, each table's fetch a job of its own...
  go(543500, 3991500);
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  data.stream_by_view();
  for (const app::MapLayer& l : m.layers) {
    REQUIRE(l.streamed);
    REQUIRE(l.reloading);
    REQUIRE_FALSE(l.margin_fetching.empty());
  }
  CHECK(m.layers.front().job != (two ? m.layers.back().job : 0));
  // ... and the person moves on, far from them, before they land: each is let go at once.
  go(547000, 3994000);
  data.stream_by_view();
  for (const app::MapLayer& l : m.layers) CHECK(l.margin_fetching.empty());
  REQUIRE(data.finish_loading());
  for (const app::MapLayer& l : m.layers) {
    INFO(l.data.name);
    CHECK_FALSE(l.reloading);
    CHECK_FALSE(l.stale());
    CHECK(l.reload_problem.empty());
  }
  for (const app::Message& message : m.messages) {
    INFO(message.text);
    CHECK(message.text.find("does not answer") == std::string::npos);
  }
  // The new view's rows come next, and each table holds exactly what the boxes it
  // fetched brought (a margin's box among them only if it landed before the cancel).
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  const geo::Bbox view = m.view.camera.visible_extent();
  for (const app::MapLayer& l : m.layers) {
    INFO(l.data.name);
    CHECK(std::any_of(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return b.contains(view); }));
    std::vector<int64_t> held = l.data.fids;
    std::sort(held.begin(), held.end());
    CHECK(held.size() == std::stoul(sql("SELECT count(*) FROM " + l.data.name + " WHERE " + meets_covered(l))));
    CHECK(std::adjacent_find(held.begin(), held.end()) == held.end());
  }
}

TEST_CASE("a pan's fetch hands the view's buckets over with their geometry, the rest left for later",
          "[pg][tiles][app]") {
  // 24,000 parcels of 80 m, 200 × 120: at full extent at 800 × 450 they are dense, and
  // come as boxes; the layer is meshed by buckets whose geometry waits until drawn.
  testdata::make_parcels("pg_view_geometry", 200, 120);
  const std::string project =
      stream_project(testdata::temp_dir("pg-view-geometry"), "pg_view_geometry", "540000, 3990000, 560000, 4002000");
  Viewer v(project, 800, 450, true);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  REQUIRE(m.layers[0].data.feature_count() == 24000);
  // Zoomed in on one place, 1.25 m a pixel: its rows come whole, and its parcels are
  // 64 pixels wide, drawn as geometry; so would be those elsewhere, were they shown.
  m.view.camera.set(549000, 3996000, 1.25);
  m.view.last_change = -1.0;
  const geo::Bbox view = m.view.camera.visible_extent();
  v.data.stream_by_view();
  REQUIRE(v.data.finish_loading());
  const app::MapLayer& l = m.layers[0];
  REQUIRE(l.data.feature_count() == 24000);
  REQUIRE(l.mesh);
  size_t in_view = 0, built_elsewhere = 0, left = 0, features = 0;
  for (const geo::MeshBucket& b : l.mesh->buckets) {
    REQUIRE(geo::needs_geometry(b, 1.25));
    if (b.bounds.intersects(view)) {
      ++in_view;
      CHECK(b.has_geometry);
      features += b.features.size();
      CHECK(b.fill_indices.size() == 6 * b.features.size());  // two triangles a parcel
    } else {
      (b.has_geometry ? built_elsewhere : left) += 1;
    }
  }
  CHECK(in_view > 0);
  CHECK(features >= 60);  // the view's 12 × 6 parcels at least
  CHECK(built_elsewhere == 0);
  CHECK(left > in_view);
}

TEST_CASE("a pan over many rows held shows the view's rows before their merge, which then replaces them",
          "[pg][tiles][app][preview]") {
  // 3600 parcels of 80 m; the opening view is the west end, 1.25 m a pixel.
  testdata::make_parcels("pg_pan_preview", 80, 45);
  Viewer v(west_end_project(testdata::temp_dir("pg-pan-preview"), "pg_pan_preview"), 800, 450, true);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  const size_t held = m.layers[0].data.feature_count();
  REQUIRE(held > 0);
  CHECK(m.layers[0].previews.empty());
  // Any rows held are "many" here. The view moves east, over rows not held.
  v.data.preview_held = 1;
  size_t seen = 0, preview_rows = 0;
  v.data.on_preview = [&] {
    const app::MapLayer& l = m.layers[0];
    REQUIRE(l.previews.size() == 1);
    CHECK(l.reloading);                      // its job is still merging …
    CHECK(l.data.feature_count() == held);   // … and the layer's rows are the old ones
    CHECK(l.previews[0]->mesh.has_value());  // for the GPU to take
    preview_rows = l.previews[0]->rows();
    ++seen;
  };
  m.view.camera.set(547500, 3992000, 1.25);
  m.view.last_change = -1.0;
  v.data.stream_by_view(false);
  REQUIRE(v.data.finish_loading());
  CHECK(seen == 1);
  CHECK(v.data.previews_taken() == 1);
  const app::MapLayer& l = m.layers[0];
  CHECK(l.previews.empty());  // the merged rows replaced it
  CHECK_FALSE(l.reloading);
  // The preview was the rows of the box fetched (the view and a sliver, far from the
  // rows held): exactly those the merge added.
  REQUIRE_FALSE(l.covered.empty());
  CHECK(preview_rows > 0);
  CHECK(l.data.feature_count() == held + preview_rows);
  CHECK(std::to_string(preview_rows) ==
        sql("SELECT count(*) FROM pg_pan_preview WHERE geom && " + geo::envelope_sql(4549, l.covered.back())));
}

TEST_CASE("a table's first pieces are drawn by a stand-in as they come, which then gives its place to the table",
          "[pg][tiles][app][pieces]") {
  testdata::make_parcels("pg_arriving", 80, 45);  // 3600 parcels
  const std::string dir = testdata::temp_dir("pg-arriving");
  // No extent: the view fits the table.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_arriving\", \"stream\": true}]}\n";
  app::Model m;
  app::DataServices data(m, true, true);
  // Every piece of about 300 rows handed over as it comes, whatever the table's size.
  data.draw_pieces = true;
  data.pieces_every = 0;
  data.pieces_upto = 1.0;
  data.pieces_from = 0;
  data.piece_rows = 300;
  app::Intake intake;
  intake.inputs = {dir + "/p.json"};
  intake.allow_network = true;
  data.plan(intake);
  data.choose_display_crs("");
  m.view.camera.set_viewport(800, 450);
  size_t seen = 0;
  uint64_t id = 0;
  data.on_preview = [&] {
    REQUIRE(m.layers.size() == 1);
    app::MapLayer& l = m.layers[0];
    CHECK(l.arriving);
    CHECK(l.reloading);
    CHECK(l.title == "pg_arriving");
    CHECK(l.data.feature_count() == 0);  // no rows of its own: only the pieces
    CHECK(l.previews.size() == ++seen);
    CHECK(l.previews.back()->mesh.has_value());
    // The view fits the table's extent before its rows are in.
    REQUIRE_FALSE(l.data.bounds.empty());
    CHECK(m.view.camera.visible_extent().contains(l.data.bounds));
    CHECK(l.data.bounds.min_x <= 540000);
    CHECK(l.data.bounds.max_x >= 540000 + 79 * 100 + 80);
    if (seen == 1) {
      id = l.id;
      l.opacity = 0.5f;  // what the person sets while the rows come stays
    }
  };
  data.start_loading(m.project.extent);
  data.finish_loading();
  CHECK(seen >= 2);
  REQUIRE(m.layers.size() == 1);
  const app::MapLayer& l = m.layers[0];
  CHECK_FALSE(l.arriving);
  CHECK_FALSE(l.reloading);
  CHECK(l.previews.empty());
  CHECK(l.id == id);
  CHECK(l.opacity == 0.5f);
  CHECK(l.data.feature_count() == 3600);
  CHECK(m.loaded_layers == 1);
}

TEST_CASE("a table opened while the viewer runs is streamed by view, as a project's own is", "[pg][tiles][app]") {
  testdata::make_parcels("pg_opened", 400, 260);  // 104,000 parcels: streamed
  testdata::make_parcels("pg_opened_base", 10, 10);
  Viewer v(west_end_project(testdata::temp_dir("pg-opened"), "pg_opened_base"), 800, 450);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  const geo::Bbox view = m.view.camera.visible_extent();
  // The Open dialog's PostGIS table (as a dropped connection would be).
  v.data.add_layers(app::cmd::AddLayers{pg_connection(), {"pg_opened"}, {}, {}});
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 2);
  const app::MapLayer& l = m.layers[1];
  REQUIRE(l.data.name == "pg_opened");
  CHECK(l.streamed);
  CHECK(l.table_rows == 104000);
  // The view's rows and its margin, by COPY: every row meeting the boxes fetched, and
  // not the whole table through GDAL's driver.
  REQUIRE_FALSE(l.covered.empty());
  CHECK(l.covered.front().contains(view));
  CHECK(l.data.feature_count() < 104000 / 4);
  CHECK(l.data.feature_count() == std::stoul(sql("SELECT count(*) FROM pg_opened WHERE " + meets_covered(l))));
  const bool by_copy = std::any_of(m.messages.begin(), m.messages.end(), [](const app::Message& msg) {
    return msg.text.find("pg_opened") != std::string::npos && msg.text.find("binary COPY") != std::string::npos;
  });
  CHECK(by_copy);
}
