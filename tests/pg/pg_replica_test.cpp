// Many viewers on one server, and a primary with a standby: the viewer only reads, so
// any of them serves it; a small pool per viewer, never a connection per tile.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include "geo/image.hpp"
#include "geo/pg.hpp"
#include "geo/pg_client.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/reader.hpp"
#include "support/frame.hpp"
#include "support/pg.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;

geo::pg::Table parcels_table(const std::string& source, const std::string& name) {
  geo::pg::Table t;
  t.source = source, t.name = name, t.geometry_column = "geom", t.key_column = "fid", t.srid = 4549;
  t.extent = geo::Bbox{540000, 3990000, 540000 + 100.0 * 100, 3990000 + 100.0 * 60};
  return t;
}

geo::VectorLayer shape_of(const std::string& source, const std::string& name) {
  geo::ReadOptions none;
  none.where = "FALSE";
  auto read = geo::read_vector({source, name}, none);
  REQUIRE(read.errors.empty());
  REQUIRE(read.layers.size() == 1);
  return std::move(read.layers[0]);
}

std::string cluster_script() { return std::string(RENEWMAP_SOURCE_DIR) + "/tests/pg/cluster.sh"; }

std::string first_line(const std::string& path) {
  std::string line;
  std::getline(std::ifstream(path), line);
  return line;
}

}  // namespace

TEST_CASE("twenty viewers fetching tiles at once each get every tile, on at most two connections each",
          "[pg][tiles][load]") {
  testdata::make_parcels("pg_load", 100, 60);
  const geo::VectorLayer shape = shape_of(pg_connection(), "pg_load");
  constexpr int kViewers = 20;
  // Three views each, as a person zooms in: the whole table, a quarter, a corner.
  const std::vector<std::pair<geo::Bbox, double>> views = {
      {{540000, 3990000, 550000, 3996000}, 10}, {{542000, 3991000, 547000, 3994000}, 4}, {{540000, 3990000, 541000, 3990600}, 1}};
  std::vector<size_t> expected;
  for (const auto& [box, pixel] : views) {
    char q[256];
    std::snprintf(q, sizeof q, "SELECT count(*) FROM pg_load WHERE geom && ST_MakeEnvelope(%f, %f, %f, %f, 4549)",
                  box.min_x, box.min_y, box.max_x, box.max_y);
    expected.push_back(std::stoul(sql(q)));
  }
  // Sampled while they run: connections per viewer (each names itself in
  // application_name, so each has a pool of its own as a separate process would).
  std::atomic<bool> running{true};
  std::map<std::string, int> most;
  int most_total = 0;
  std::thread monitor([&] {
    geo::pg::Pool watch(geo::pg::conninfo(pg_connection()), "monitor", 1);
    while (running) {
      auto rows = watch.query("SELECT application_name, count(*) FROM pg_stat_activity WHERE application_name LIKE "
                              "'viewer-%' GROUP BY 1");
      if (rows) {
        int total = 0;
        for (const auto& r : rows->cells) {
          const int n = std::stoi(*r[1]);
          most[*r[0]] = std::max(most[*r[0]], n);
          total += n;
        }
        most_total = std::max(most_total, total);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::mutex mutex;
  std::vector<std::string> failures;
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> viewers;
  for (int v = 0; v < kViewers; ++v)
    viewers.emplace_back([&, v] {
      const std::string source = pg_connection() + " application_name=viewer-" + std::to_string(v);
      const geo::pg::Table t = parcels_table(source, "pg_load");
      for (size_t k = 0; k < views.size(); ++k) {
        geo::pg::TileRequest q;
        q.box = views[k].first, q.pixel = views[k].second, q.rows = 6000, q.lean = {shape.attributes.find("status")};
        auto got = geo::pg::fetch_tiles(t, shape, q, {});
        std::lock_guard<std::mutex> lock(mutex);
        if (!got) failures.push_back("viewer " + std::to_string(v) + ": " + got.error().what());
        else if (got->layer.feature_count() != expected[k])
          failures.push_back("viewer " + std::to_string(v) + " view " + std::to_string(k) + ": " +
                             std::to_string(got->layer.feature_count()) + " rows of " + std::to_string(expected[k]));
      }
    });
  for (std::thread& t : viewers) t.join();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  running = false;
  monitor.join();
  for (const std::string& f : failures) INFO(f);
  CHECK(failures.empty());
  INFO("all viewers done in " << seconds << " s; at most " << most_total << " viewer connections at once");
  CHECK(seconds < 60);
  CHECK(most.size() >= 2);  // the sampling saw them at work
  for (const auto& [name, n] : most) {
    INFO(name);
    CHECK(n <= 2);
  }
  CHECK(most_total <= 2 * kViewers);
}

TEST_CASE("a connection listing a primary and its standby reads from the standby, and from whichever still answers",
          "[pg][replica]") {
  const std::string dir = testdata::temp_dir("pg-replica");
  testdata::Clusters servers;  // the standby first, then the primary, whatever happens
  servers.dirs = {dir + "/primary", dir + "/standby"};
  std::string out;
  REQUIRE(testdata::run_command(cluster_script() + " start " + dir + "/primary", out) == 0);
  const std::string primary = first_line(dir + "/primary/connection");
  testdata::make_parcels("replicated", 20, 10, primary);
  INFO(out);
  REQUIRE(testdata::run_command(cluster_script() + " standby " + dir + "/primary " + dir + "/standby", out) == 0);
  const std::string p_port = first_line(dir + "/primary/port"), s_port = first_line(dir + "/standby/port");
  const std::string standby = first_line(dir + "/standby/connection");
  // Streaming: the standby has the table once it has replayed the primary's WAL.
  std::string rows;
  for (int i = 0; i < 100 && rows != "200"; ++i) {
    auto r = geo::execute_sql(standby, "SELECT count(*) FROM replicated");
    rows = r ? *r : "";
    if (rows != "200") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(rows == "200");
  const std::string both = "PG:host=127.0.0.1,127.0.0.1 port=" + p_port + "," + s_port +
                           " dbname=renewmap_test user=renewmap target_session_attrs=prefer-standby";
  const testdata::Frame frame;  // 540000..548000 × 3990000..3994500
  auto shoot = [&](const std::string& name) {
    std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << both
                                   << "\", \"layer\": \"replicated\", \"stream\": true}]}\n";
    const int rc = testdata::run_renewmap("--allow-network --screenshot " + dir + "/" + name +
                                              ".png --hide-ui --size 800x450 --extent " + frame.extent() + " " + dir +
                                              "/p.json",
                                          out);
    INFO(out);
    REQUIRE(rc == 0);
    CHECK(out.find("rows whole from the server by binary COPY") != std::string::npos);
    auto img = geo::read_image(dir + "/" + name + ".png");
    REQUIRE(img);
    for (auto [i, j] : {std::pair{0, 0}, {1, 0}, {19, 9}}) {
      const auto p = frame.to_px(540040 + 100.0 * i, 3990040 + 100.0 * j);
      INFO(name << ": parcel " << i << "," << j << " " << testdata::describe(*img, p));
      CHECK(testdata::colour_is(*img, p, (i + j) % 2 == 0 ? geo::Status::UnderConstruction : geo::Status::Completed));
    }
  };
  geo::pg::Pool pool(geo::pg::conninfo(both), "replica test", 1);
  auto server = [&] {  // which server the pool's connection is on, and whether a standby
    auto r = pool.query("SELECT inet_server_port()::text || ' ' || pg_is_in_recovery()::text");
    return r && r->size() == 1 ? *r->cells[0][0] : std::string("none: ") + (r ? "" : r.error().reason);
  };

  // Both up: the standby serves.
  CHECK(server() == s_port + " true");
  shoot("both");
  // The primary stops: the standby still serves (reads need no primary).
  REQUIRE(testdata::run_command(cluster_script() + " halt " + dir + "/primary", out) == 0);
  CHECK(server() == s_port + " true");
  shoot("standby-only");
  // The primary is back and the standby stops: the pool's connection breaks, the next
  // statement finds the primary.
  REQUIRE(testdata::run_command(cluster_script() + " resume " + dir + "/primary", out) == 0);
  REQUIRE(testdata::run_command(cluster_script() + " halt " + dir + "/standby", out) == 0);
  CHECK(server() == p_port + " false");
  shoot("primary-only");
}
