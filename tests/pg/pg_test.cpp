// PostGIS as a source, against a real server: the private cluster tests/pg/cluster.sh
// starts (a CTest fixture), reached through GDAL's PostgreSQL driver exactly as a
// planner's connection would be. Tables are made with SQL by each test.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "geo/classify.hpp"
#include "geo/pg.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"
#include "support/pg.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;

int64_t count_of(const std::string& statement) { return std::stoll(sql(statement)); }

std::string envelope(const geo::Bbox& b) {
  std::ostringstream s;
  s.precision(17);
  s << "ST_MakeEnvelope(" << b.min_x << "," << b.min_y << "," << b.max_x << "," << b.max_y << ",4549)";
  return s.str();
}

}  // namespace

TEST_CASE("a PostGIS table and a view are listed and read as layers", "[pg]") {
  testdata::make_parcels("pg_list", 80, 45);
  sql("DROP VIEW IF EXISTS pg_list_building; CREATE VIEW pg_list_building AS "
      "SELECT fid, name, status, geom FROM pg_list WHERE status = '在建'");
  auto infos = geo::inspect_source({pg_connection(), ""});
  REQUIRE(infos);
  auto find = [&](const std::string& name) -> const geo::LayerInfo* {
    for (const auto& i : *infos)
      if (i.name == name) return &i;
    return nullptr;
  };
  const geo::LayerInfo* table = find("pg_list");
  const geo::LayerInfo* view = find("pg_list_building");
  REQUIRE(table);
  REQUIRE(view);
  CHECK(table->crs == "EPSG:4549");
  CHECK(table->geometry_column == "geom");
  CHECK(table->fid_column == "fid");
  CHECK(table->feature_count == 80 * 45);
  CHECK(geo::change_column(table->fields) >= 0);  // updated_at

  auto read = geo::read_vector({pg_connection(), "pg_list"});
  REQUIRE(read.errors.empty());
  REQUIRE(read.layers.size() == 1);
  const geo::VectorLayer& l = read.layers[0];
  CHECK(l.feature_count() == 80 * 45);
  const geo::Classification c = geo::classify(l, geo::LayerConfig{});
  CHECK(c.counts[static_cast<size_t>(geo::Status::UnderConstruction)] ==
        static_cast<size_t>(count_of("SELECT count(*) FROM pg_list WHERE status = '在建'")));
  CHECK(c.counts[static_cast<size_t>(geo::Status::Completed)] ==
        static_cast<size_t>(count_of("SELECT count(*) FROM pg_list WHERE status = '竣工'")));

  auto vread = geo::read_vector({pg_connection(), "pg_list_building"});
  REQUIRE(vread.errors.empty());
  REQUIRE(vread.layers.size() == 1);
  CHECK(vread.layers[0].feature_count() ==
        static_cast<size_t>(count_of("SELECT count(*) FROM pg_list WHERE status = '在建'")));
}

TEST_CASE("a view's box reads exactly the rows whose geometry intersects it", "[pg]") {
  testdata::make_parcels("pg_box", 80, 45);
  // Inside, across parcel edges, touching a boundary exactly, over a gap, empty.
  const std::vector<geo::Bbox> boxes = {
      {541000, 3991000, 543000, 3992000}, {541030, 3991050, 541250, 3991170},
      {540080, 3990080, 540100, 3990100}, {540081, 3990081, 540099, 3990099},
      {600000, 4000000, 601000, 4001000}};
  for (const geo::Bbox& b : boxes) {
    geo::ReadOptions o;
    o.box = b;
    o.where = geo::intersects_clause("geom", 4549, b);
    auto read = geo::read_vector({pg_connection(), "pg_box"}, o);
    INFO("box " << b.min_x << "," << b.min_y << "," << b.max_x << "," << b.max_y);
    REQUIRE(read.errors.empty());
    const size_t got = read.layers.empty() ? 0 : read.layers[0].feature_count();
    CHECK(got == static_cast<size_t>(
                     count_of("SELECT count(*) FROM pg_box WHERE ST_Intersects(geom, " + envelope(b) + ")")));
    if (!read.layers.empty()) {  // and they are the same rows
      std::set<int64_t> fids(read.layers[0].fids.begin(), read.layers[0].fids.end());
      const std::string first = sql("SELECT min(fid) FROM pg_box WHERE ST_Intersects(geom, " + envelope(b) + ")");
      if (!first.empty()) CHECK(fids.count(std::stoll(first)) == 1);
      CHECK(fids.size() == got);
    }
  }
  // The limit stops the cursor and says so.
  geo::ReadOptions o;
  o.limit = 100;
  auto read = geo::read_vector({pg_connection(), "pg_box"}, o);
  REQUIRE(read.layers.size() == 1);
  CHECK(read.layers[0].feature_count() == 100);
  CHECK(read.limited);
}

TEST_CASE("rows changed since a server time are exactly the updated ones", "[pg]") {
  testdata::make_parcels("pg_changed", 10, 10);
  auto since = geo::server_time(pg_connection());
  REQUIRE(since);
  // ISO text with its offset, read back by the server as the instant it gave.
  INFO("server time: " << *since);
  CHECK(count_of("SELECT count(*) WHERE abs(extract(epoch FROM now() - '" + *since + "'::timestamptz)) < 60") == 1);
  CHECK(count_of("SELECT count(*) WHERE '" + *since + "'::timestamptz <= now()") == 1);
  sql("UPDATE pg_changed SET status = 'delayed', updated_at = now() WHERE fid IN (3, 17, 42)");
  geo::ReadOptions o;
  o.where = geo::changed_since_clause("updated_at", *since);
  auto read = geo::read_vector({pg_connection(), "pg_changed"}, o);
  REQUIRE(read.errors.empty());
  REQUIRE(read.layers.size() == 1);
  std::vector<int64_t> fids = read.layers[0].fids;
  std::sort(fids.begin(), fids.end());
  CHECK(fids == std::vector<int64_t>{3, 17, 42});
  const geo::Classification c = geo::classify(read.layers[0], geo::LayerConfig{});
  CHECK(c.counts[static_cast<size_t>(geo::Status::Delayed)] == 3);

  // Merged into what was held: three rows replaced, none added, order of the rest kept.
  auto all = geo::read_vector({pg_connection(), "pg_changed"});
  REQUIRE(all.layers.size() == 1);
  geo::VectorLayer held = all.layers[0];
  sql("UPDATE pg_changed SET status = 'planned', updated_at = now() WHERE fid IN (3, 17, 42)");
  auto again = geo::read_vector({pg_connection(), "pg_changed"}, o);
  REQUIRE(again.layers.size() == 1);
  CHECK(geo::upsert_features(held, std::move(again.layers[0])) == 3);
  CHECK(held.feature_count() == 100);
  const geo::Classification h = geo::classify(held, geo::LayerConfig{});
  CHECK(h.counts[static_cast<size_t>(geo::Status::Planned)] ==
        static_cast<size_t>(count_of("SELECT count(*) FROM pg_changed WHERE status = 'planned'")));
}

TEST_CASE("a database that is not there is a message, quickly", "[pg]") {
  // A port nobody listens on: refused at once. (connect_timeout bounds a silent host.)
  auto read = geo::read_vector({"PG:host=127.0.0.1 port=1 dbname=nothing user=nobody password=s3cret", "t"});
  REQUIRE(read.errors.size() == 1);
  CHECK(read.errors[0].source.find("s3cret") == std::string::npos);  // never printed
  CHECK(read.errors[0].source.find("port=1") != std::string::npos);
  auto t = geo::server_time("PG:host=127.0.0.1 port=1 dbname=nothing user=nobody");
  CHECK_FALSE(t);
}

TEST_CASE("connection strings: timeouts added, passwords never saved", "[pg]") {
  CHECK(geo::is_database_source("PG:dbname=x"));
  CHECK(geo::is_database_source("pg:dbname=x"));
  CHECK_FALSE(geo::is_database_source("/data/pg.gpkg"));
  CHECK(geo::with_connect_timeout("PG:dbname=x") == "PG:dbname=x connect_timeout=5");
  CHECK(geo::with_connect_timeout("PG:dbname=x connect_timeout=2") == "PG:dbname=x connect_timeout=2");
  CHECK(geo::without_password("PG:host=h password=abc dbname=x") == "PG:host=h dbname=x");
  CHECK(geo::without_password("PG:host=h dbname=x password='a b\\'c'") == "PG:host=h dbname=x");
  CHECK(geo::without_password("PG:password=abc") == "PG:");
  CHECK(geo::quote_identifier("public.parcels") == "\"public\".\"parcels\"");
  CHECK(geo::quote_identifier("we\"ird") == "\"we\"\"ird\"");
  CHECK(geo::changed_since_clause("updated_at", "2026-01-01 00:00:00+00") ==
        "\"updated_at\" >= '2026-01-01 00:00:00+00'");

  geo::Project p;
  p.path = "/tmp/meeting.json";
  geo::LayerConfig l;
  l.source = "PG:host=db.bureau dbname=renewal user=viewer password=hunter2";
  l.layer = "public.projects";
  l.refresh_seconds = 30;
  l.stream = true;
  p.layers.push_back(l);
  const std::string saved = geo::project_to_json(p);
  CHECK(saved.find("hunter2") == std::string::npos);
  CHECK(saved.find("PG:host=db.bureau dbname=renewal user=viewer") != std::string::npos);
  auto back = geo::parse_project(saved, p.path);
  REQUIRE(back);
  REQUIRE(back->layers.size() == 1);
  CHECK(back->layers[0].refresh_seconds == 30);
  CHECK(back->layers[0].stream == std::optional<bool>(true));
}
