// PostGIS through the real program: drawn by status, streamed by view, refreshed live,
// and a server that goes away mid-session.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "geo/image.hpp"
#include "support/drive.hpp"
#include "support/frame.hpp"
#include "support/pg.hpp"

namespace {

using testdata::colour_is;
using testdata::describe;
using testdata::pg_connection;
using testdata::sql;
const testdata::Frame kFrame;  // 540000..548000 × 3990000..3994500 at 10 m per pixel

// Centre of parcel (i, j) of testdata::make_parcels.
testdata::Px parcel_px(int i, int j) { return kFrame.to_px(540040 + 100.0 * i, 3990040 + 100.0 * j); }

// A project of one layer, table `table` of the test server with `settings` (more JSON
// members, e.g. "\"stream\": true"), rendered over kFrame into dir/shot.png.
int shoot_project(const std::string& dir, const std::string& table, const std::string& settings, std::string& out) {
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"" << table << "\", " << settings << "}]}\n";
  return testdata::run_renewmap("--allow-network --screenshot " + dir + "/shot.png --hide-ui --size 800x450 --extent " +
                                    kFrame.extent() + " " + dir + "/p.json",
                                out);
}

}  // namespace

TEST_CASE("a PostGIS table on the command line is drawn by status", "[pg][app]") {
  testdata::make_parcels("pg_draw", 80, 45);
  const std::string dir = testdata::temp_dir("pg-draw");
  std::string out;
  const int rc = testdata::run_renewmap("--screenshot " + dir + "/shot.png --hide-ui --size 800x450 --extent " +
                                            kFrame.extent() + " '" + pg_connection() + "::pg_draw'",
                                        out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  for (auto [i, j] : {std::pair{0, 0}, {1, 0}, {10, 7}, {41, 30}, {79, 44}}) {
    const auto p = parcel_px(i, j);
    INFO("parcel " << i << "," << j << " " << describe(*img, p));
    CHECK(colour_is(*img, p, (i + j) % 2 == 0 ? geo::Status::UnderConstruction : geo::Status::Completed));
  }
}

TEST_CASE("a streamed table fetches only the rows of the view, and keeps them for the next", "[pg][app]") {
  testdata::make_parcels("pg_stream", 80, 45);
  const std::string dir = testdata::temp_dir("pg-stream");
  // Opens on a 2 km × 1.125 km view of the 8 km × 4.5 km table, then goes to a
  // bookmark that overlaps it: the second fetch adds only rows not held yet.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [541000, 3991000, 543000, 3992125], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_stream\", \"stream\": true}], "
                                 << "\"bookmarks\": [{\"name\": \"east\", \"extent\": [542500, 3991500, 544500, 3992625]}]}\n";
  std::string out;
  const int rc = testdata::run_renewmap(
      "--allow-network --screenshot " + dir + "/shot.png --hide-ui --size 800x450 --bookmark east " + dir + "/p.json",
      out);
  INFO(out);
  REQUIRE(rc == 0);
  const std::regex fetched_re(
      R"(fetched (\d+) features in view ([-0-9.]+),([-0-9.]+),([-0-9.]+),([-0-9.]+)(?:; (\d+) held)?)");
  std::vector<std::smatch> fetches;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), fetched_re); it != std::sregex_iterator(); ++it)
    fetches.push_back(*it);
  REQUIRE(fetches.size() == 2);
  std::vector<std::string> boxes;
  for (const std::smatch& m : fetches) {
    const std::string box =
        "ST_MakeEnvelope(" + m[2].str() + "," + m[3].str() + "," + m[4].str() + "," + m[5].str() + ",4549)";
    boxes.push_back(box);
    // Exactly the rows meeting the (padded) view: the SQL count agrees.
    CHECK(std::stol(m[1]) == std::stol(sql("SELECT count(*) FROM pg_stream WHERE ST_Intersects(geom, " + box + ")")));
    CHECK(std::stol(m[1]) < 80 * 45 / 2);  // the view and its margin, not the table
  }
  // Held after the second: the union of both boxes' rows, each once.
  REQUIRE(fetches[1][6].matched);
  CHECK(std::stol(fetches[1][6]) == std::stol(sql("SELECT count(*) FROM pg_stream WHERE ST_Intersects(geom, " +
                                                  boxes[0] + ") OR ST_Intersects(geom, " + boxes[1] + ")")));
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  // Parcel (30, 15) is at 543040, 3991540 in the bookmark's view (2.5 m per pixel).
  const testdata::Px p{static_cast<int>((543040 - 542500) / 2.5), static_cast<int>((3992625 - 3991540) / 2.5)};
  INFO(describe(*img, p));
  CHECK(colour_is(*img, p, (30 + 15) % 2 == 0 ? geo::Status::UnderConstruction : geo::Status::Completed));
}

TEST_CASE("a live PostGIS layer follows UPDATEs and survives the server going away", "[pg][app][live]") {
  // Its own server, which this test stops mid-session.
  const std::string dir = testdata::temp_dir("pg-live");
  const std::string cluster = dir + "/cluster";
  testdata::Clusters servers;  // stopped however the test ends
  servers.dirs = {cluster};
  std::string out;
  REQUIRE(testdata::run_command(std::string(RENEWMAP_SOURCE_DIR) + "/tests/pg/cluster.sh start " + cluster, out) == 0);
  std::string connection;
  std::getline(std::ifstream(cluster + "/connection"), connection);
  REQUIRE(!connection.empty());
  testdata::make_parcels("live", 5, 1, connection);
  // A file layer beside it: the rest of the map keeps working.
  testdata::LayerSpec other;
  other.name = "other";
  other.crs = "EPSG:4549";
  other.field_names = {"name", "status"};
  other.features = {{"POLYGON (" + testdata::square_ring(545000, 3992000, 500) + ")", {{"name", "x"}, {"status", "竣工"}}}};
  testdata::write_vector(dir + "/other.gpkg", "GPKG", {other});
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << connection
                                 << "\", \"layer\": \"live\", \"refresh_seconds\": 1}, {\"source\": \"other.gpkg\"}]}\n";
  // The session: the viewer starts; once it has loaded, a colleague's UPDATE lands; once
  // the viewer has shown it, the server stops. Each step waits for what the viewer
  // says (up to a minute: a sanitizer build on a busy machine is slow), not a clock.
  const std::string port = connection.substr(connection.find("port=") + 5, connection.find(' ', connection.find("port=")) - connection.find("port=") - 5);
  const std::string log = dir + "/viewer.log";
  const std::string pid = testdata::start_viewer("HOME='" + dir + "'", dir, "--allow-network p.json", log).pid;
  testdata::StopAtExit stop_viewer(pid);
  testdata::wait_for_text(log, "trace: loaded");
  std::ofstream(dir + "/update.sh") << "as=; [ \"$(id -u)\" -eq 0 ] && as='runuser -u postgres --'\n"
                                    << "$as psql -q -h 127.0.0.1 -p " << port << " -U renewmap -d renewmap_test "
                                    << "-c \"UPDATE live SET status = '竣工', updated_at = now()\"\n";
  testdata::run_command("bash '" + dir + "/update.sh'", out);
  testdata::wait_for_text(log, "updated at ");
  testdata::run_command(std::string(RENEWMAP_SOURCE_DIR) + "/tests/pg/cluster.sh stop " + cluster, out);
  testdata::wait_for_text(log, "the database does not answer");
  std::this_thread::sleep_for(std::chrono::seconds(4));  // time to say it again, which it must not
  // And the program runs on, with the file layer.
  const bool running = testdata::alive(pid);
  testdata::shell("kill " + pid + " 2>/dev/null");
  out = testdata::read_text(log);
  INFO(out);
  REQUIRE(out.find("trace: loaded") != std::string::npos);
  // The UPDATE arrived by the change column: five rows, all completed now.
  CHECK(out.find("layer 'live' updated at ") != std::string::npos);
  CHECK(out.find("5 rows fetched, 5 features, 5 completed") != std::string::npos);
  // The server went away: the last data stays (greyed) with the reason, said once.
  CHECK(out.find("the database does not answer") != std::string::npos);
  CHECK(out.find("the database does not answer") == out.rfind("the database does not answer"));
  CHECK(running);
}

TEST_CASE("zoomed out, a streamed table draws every row, from the server's tiles, and the legend counts the whole table",
          "[pg][app][tiles]") {
  testdata::make_parcels("pg_whole", 80, 45);
  const std::string dir = testdata::temp_dir("pg-whole");
  // A limit far below the table's rows: the tiles bring every row of the view anyway.
  std::string out;
  const int rc = shoot_project(dir, "pg_whole", "\"stream\": true, \"stream_limit\": 600", out);
  INFO(out);
  REQUIRE(rc == 0);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex(R"(fetched (\d+) features in view .*\[rows whole from the server by binary COPY)")));
  CHECK(std::stol(m[1]) == 80 * 45);
  CHECK(out.find("sample") == std::string::npos);
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  size_t right = 0;
  for (int j = 0; j < 45; ++j)
    for (int i = 0; i < 80; ++i)
      right += colour_is(*img, parcel_px(i, j), (i + j) % 2 == 0 ? geo::Status::UnderConstruction : geo::Status::Completed);
  CHECK(right == 80 * 45);

  // A slide of one corner (about 10 × 6 parcels in view): the rows held are the corner's,
  // the legend's counts are the table's, as the server counted them.
  std::ofstream(dir + "/corner.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                      << "\", \"layer\": \"pg_whole\", \"stream\": true}], "
                                         "\"extent\": [540000, 3990000, 541000, 3990562.5], \"bookmarks\": "
                                         "[{\"name\": \"corner\", \"extent\": [540000, 3990000, 541000, 3990562.5]}]}\n";
  REQUIRE(testdata::run_renewmap("--allow-network --export-slides " + dir + "/slides --hide-ui --size 800x450 " + dir +
                                     "/corner.json",
                                 out) == 0);
  INFO(out);
  REQUIRE(std::regex_search(out, m, std::regex(R"(fetched (\d+) features in view)")));
  CHECK(std::stol(m[1]) < 400);
  std::ifstream in(dir + "/slides/slides.json");
  const auto j = nlohmann::json::parse(in, nullptr, false);
  REQUIRE(j.is_object());
  REQUIRE(j["slides"].size() == 1);
  const auto& counts = j["slides"][0]["counts"];
  CHECK(counts["under_construction"] == std::stol(sql("SELECT count(*) FROM pg_whole WHERE status = '在建'")));
  CHECK(counts["completed"] == std::stol(sql("SELECT count(*) FROM pg_whole WHERE status = '竣工'")));
  CHECK(counts["under_construction"].get<long>() + counts["completed"].get<long>() == 80 * 45);
}

TEST_CASE("the full extent from PostGIS is the picture of the same rows from a GeoPackage", "[pg][app][tiles]") {
  const std::string dir = testdata::temp_dir("pg-vs-file");
  // Parcels 8 pixels wide (whole polygons), and a dense table of 1.3-pixel squares
  // every 3.3 pixels (rows as their boxes).
  testdata::make_parcels("pg_vs_file", 80, 45);
  sql("DROP TABLE IF EXISTS pg_dense; CREATE TABLE pg_dense (fid integer PRIMARY KEY, status text, "
      "geom geometry(Polygon, 4549)); INSERT INTO pg_dense SELECT 1 + i + 240 * j, "
      "CASE (i * 7 + j * 3) % 3 WHEN 0 THEN '在建' WHEN 1 THEN '竣工' ELSE '规划' END, "
      "ST_MakeEnvelope(540003 + 33.3 * i, 3990003 + 33.3 * j, 540016 + 33.3 * i, 3990016 + 33.3 * j, 4549) "
      "FROM generate_series(0, 239) i, generate_series(0, 134) j; CREATE INDEX ON pg_dense USING gist (geom); "
      "ANALYZE pg_dense");
  for (const char* table : {"pg_vs_file", "pg_dense"}) {
    INFO(table);
    std::string out;
    const std::string gpkg = dir + "/" + table + ".gpkg";
    REQUIRE(testdata::run_command("ogr2ogr -f GPKG " + gpkg + " '" + pg_connection() + "' " + table, out) == 0);
    const std::string common = " --hide-ui --size 800x450 --extent " + kFrame.extent() + " ";
    REQUIRE(testdata::run_renewmap("--screenshot " + dir + "/file.png" + common + gpkg, out) == 0);
    std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                   << "\", \"layer\": \"" << table << "\", \"stream\": true}]}\n";
    // The rows by COPY (as they are), and as the server's vector tiles.
    for (const char* how : {"copy", "mvt"}) {
      INFO(how);
      REQUIRE(testdata::run_command("RENEWMAP_PG_TILES=" + std::string(how) + " " + RENEWMAP_BINARY +
                                        " --allow-network --screenshot " + dir + "/pg.png" + common + dir + "/p.json",
                                    out) == 0);
      INFO(out);
      CHECK(out.find(std::string(how) == "copy" ? "rows whole from the server by binary COPY" : "vector tiles from the server") !=
            std::string::npos);
      CHECK((out.find("as their boxes") != std::string::npos) == (std::string(table) == "pg_dense"));
      auto a = geo::read_image(dir + "/file.png");
      auto b = geo::read_image(dir + "/pg.png");
      REQUIRE(a);
      REQUIRE(b);
      REQUIRE(a->width == b->width);
      REQUIRE(a->height == b->height);
      // A pixel may differ where an edge, snapped to 1/16 of a pixel by the tiles, tips it
      // the other way: then its colour is one pixel away in the other picture. Anything
      // else (a row missing, moved or recoloured) is a mismatch.
      auto near = [](const geo::Image& img, int x, int y, const uint8_t* colour) {
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = std::clamp(x + dx, 0, img.width - 1), ny = std::clamp(y + dy, 0, img.height - 1);
            const uint8_t* p = img.at(nx, ny);
            if (std::abs(p[0] - colour[0]) <= 48 && std::abs(p[1] - colour[1]) <= 48 && std::abs(p[2] - colour[2]) <= 48)
              return true;
          }
        return false;
      };
      size_t differ = 0, mismatched = 0, coloured = 0;
      for (int y = 0; y < a->height; ++y)
        for (int x = 0; x < a->width; ++x) {
          const uint8_t* p = a->at(x, y);
          const uint8_t* q = b->at(x, y);
          int worst = 0;
          for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(p[c] - q[c]));
          coloured += !colour_is(*a, {x, y}, geo::background_colour());
          if (worst <= 48) continue;
          ++differ;
          mismatched += !(near(*b, x, y, p) && near(*a, x, y, q));
        }
      INFO(differ << " of " << a->width * a->height << " pixels differ, " << mismatched << " not by an edge's pixel; "
                  << coloured << " drawn");
      CHECK(coloured > 20000);
      CHECK(mismatched == 0);
      CHECK(differ * 20 < coloured);
      // Rows by COPY are GDAL's to the last bit: the same picture, but for a row's box
      // drawn where the file's painter drew its polygon (a few edge pixels at most).
      if (std::string(how) == "copy") CHECK(differ * 200 < coloured);
    }
  }
}

TEST_CASE("with the server's tiles off, zoomed out over more rows than one fetch brings, a streamed table shows a sample",
          "[pg][app]") {
  testdata::make_parcels("pg_sample", 80, 45);
  const std::string dir = testdata::temp_dir("pg-sample");
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_sample\", \"stream\": true, \"stream_limit\": 600}]}\n";
  std::string out;
  const int rc = testdata::run_command("RENEWMAP_PG_TILES=off " + std::string(RENEWMAP_BINARY) +
                                           " --allow-network --screenshot " + dir +
                                           "/shot.png --hide-ui --size 800x450 --extent " + kFrame.extent() + " " +
                                           dir + "/p.json",
                                       out);
  INFO(out);
  REQUIRE(rc == 0);
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex(R"(fetched (\d+) features in .*zoomed out: a (\d+)% sample)")));
  const long fetched = std::stol(m[1]);
  CHECK(fetched > 0);
  CHECK(fetched <= 600);
  // Spread over the view, not the first rows of the table: parcels in view were drawn
  // in the lower and in the upper half of the frame (rows are stored bottom to top).
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  size_t low = 0, high = 0;
  for (int j = 0; j < 45; ++j)
    for (int i = 0; i < 80; ++i) {
      const auto p = parcel_px(i, j);
      if (colour_is(*img, p, geo::Status::UnderConstruction) || colour_is(*img, p, geo::Status::Completed))
        (j < 22 ? low : high) += 1;
    }
  INFO("drawn parcels: " << low << " in the lower half, " << high << " in the upper");
  CHECK(low + high <= 600);
  CHECK(low > 50);
  CHECK(high > 50);
}

TEST_CASE("a project's attribute filter on a PostGIS layer runs on the server", "[pg][app]") {
  testdata::make_parcels("pg_filter", 80, 45);
  const std::string dir = testdata::temp_dir("pg-filter");
  std::string out;
  const int rc = shoot_project(dir, "pg_filter", "\"filter\": \"status = '竣工' AND fid > 100\"", out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  // (1, 0) is 竣工 but fid 2: filtered out; (3, 2) is 竣工, fid 164: shown; (2, 2) is 在建: filtered out.
  CHECK(colour_is(*img, parcel_px(1, 0), geo::background_colour()));
  CHECK(colour_is(*img, parcel_px(3, 2), geo::Status::Completed));
  CHECK(colour_is(*img, parcel_px(2, 2), geo::background_colour()));
}

TEST_CASE("a slide of a stop far from the first view shows that stop's rows, fetched for it", "[pg][app][bookmarks]") {
  testdata::make_parcels("pg_stops", 80, 45);
  const std::string dir = testdata::temp_dir("pg-stops");
  // Opens on the south-west corner; the stop is the north-east one, 6 km away.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_stops\", \"stream\": true}], \"bookmarks\": "
                                    "[{\"name\": \"north-east\", \"extent\": [547000, 3993937.5, 548000, 3994500]}]}\n";
  std::string out;
  REQUIRE(testdata::run_renewmap("--allow-network --export-slides " + dir + "/slides --hide-ui --size 800x450 " + dir +
                                     "/p.json",
                                 out) == 0);
  INFO(out);
  auto img = geo::read_image(dir + "/slides/slide-01.png");
  REQUIRE(img);
  // Parcel (75, 42) at 1.25 m a pixel: its centre 547540, 3994240.
  const testdata::Px p{static_cast<int>((547540 - 547000) / 1.25), static_cast<int>((3994500 - 3994240) / 1.25)};
  INFO(describe(*img, p));
  CHECK(colour_is(*img, p, (75 + 42) % 2 == 0 ? geo::Status::UnderConstruction : geo::Status::Completed));
}

TEST_CASE("a screenshot with its legend shows rows to the frame's edge, not only those of the view before the legend moved it",
          "[pg][app]") {
  // 15 m squares every 20 m over 8 km × 6 km.
  sql("DROP TABLE IF EXISTS pg_framed; CREATE TABLE pg_framed (fid integer PRIMARY KEY, status text, "
      "geom geometry(Polygon, 4549)); INSERT INTO pg_framed SELECT 1 + i + 400 * j, "
      "CASE (i + j) % 2 WHEN 0 THEN '在建' ELSE '竣工' END, "
      "ST_MakeEnvelope(540000 + 20 * i, 3990000 + 20 * j, 540015 + 20 * i, 3990015 + 20 * j, 4549) "
      "FROM generate_series(0, 399) i, generate_series(0, 299) j; CREATE INDEX ON pg_framed USING gist (geom); "
      "ANALYZE pg_framed");
  const std::string dir = testdata::temp_dir("pg-framed");
  // A project view of 2 km: framed clear of the title and legend, the picture spans
  // more than the view (and its margin) fetched first.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"title\": \"Framed\", \"extent\": [541000, 3991000, 543000, 3992125], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_framed\", \"stream\": true}]}\n";
  std::string out;
  REQUIRE(testdata::run_renewmap("--allow-network --screenshot " + dir + "/shot.png --size 1600x900 " + dir + "/p.json",
                                 out) == 0);
  INFO(out);
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  // Squares come every 12 pixels or so: every 24-pixel strip of the picture, below the
  // legend and above the scale bar, has one drawn.
  size_t empty_strips = 0;
  for (int x0 = 0; x0 + 24 <= img->width; x0 += 24) {
    bool any = false;
    for (int x = x0; x < x0 + 24 && !any; ++x)
      for (int y = 300; y < 700 && !any; ++y)
        any = colour_is(*img, {x, y}, geo::Status::UnderConstruction) || colour_is(*img, {x, y}, geo::Status::Completed);
    empty_strips += !any;
  }
  CHECK(empty_strips == 0);
}

TEST_CASE("a report by area over a streamed table counts and lists every row of each area, not only the view's",
          "[pg][app][report]") {
  testdata::make_parcels("pg_report", 40, 20);  // 800 parcels; columns 0-19 west, 20-39 east
  const std::string dir = testdata::temp_dir("pg-report");
  std::ofstream(dir + "/areas.geojson")
      << R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4549"}}, "features": [
  {"type": "Feature", "properties": {"name": "West"}, "geometry": {"type": "Polygon", "coordinates": [[[539990, 3989990], [542000, 3989990], [542000, 3992010], [539990, 3992010], [539990, 3989990]]]}},
  {"type": "Feature", "properties": {"name": "East"}, "geometry": {"type": "Polygon", "coordinates": [[[542000, 3989990], [544010, 3989990], [544010, 3992010], [542000, 3992010], [542000, 3989990]]]}}]})";
  // The project opens on one corner of the table: 10 × 6 parcels in view.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], \"layers\": "
                                    "[{\"source\": \""
                                 << pg_connection() << "\", \"layer\": \"pg_report\", \"stream\": true}, {\"source\": \""
                                 << dir << "/areas.geojson\", \"title\": \"Areas\"}]}\n";
  std::string out;
  const int rc = testdata::run_renewmap("--allow-network --report Areas --out " + dir + "/r.pdf " + dir + "/p.json", out);
  INFO(out);
  REQUIRE(rc == 0);
  std::string text;
  REQUIRE(testdata::run_command("pdftotext -layout " + dir + "/r.pdf -", text) == 0);
  INFO(text);
  std::vector<std::string> pages;
  size_t at = 0;
  for (size_t ff; (ff = text.find('\f', at)) != std::string::npos; at = ff + 1) pages.push_back(text.substr(at, ff - at));
  REQUIRE(pages.size() >= 3);
  // The cover: the whole table, as the server counts it.
  const long building = std::stol(sql("SELECT count(*) FROM pg_report WHERE status = '在建'"));
  CHECK(pages[0].find("All projects: 800") != std::string::npos);
  CHECK(pages[0].find("在建 Under construction " + std::to_string(building)) != std::string::npos);
  CHECK(pages[0].find("竣工 Completed " + std::to_string(800 - building)) != std::string::npos);
  CHECK(pages[0].find("Counted by the database") != std::string::npos);
  // Each area: its 400 parcels, the farthest from the first view among them.
  for (const auto& [name, far] : {std::pair<std::string, std::string>{"West", "p19_19"}, {"East", "p39_19"}}) {
    std::string area;
    for (const std::string& page : pages)
      if (page.rfind(name, 0) == 0) area += page;
    INFO(name);
    REQUIRE_FALSE(area.empty());
    CHECK(area.find("Projects: 400") != std::string::npos);
    CHECK(area.find(far) != std::string::npos);
  }
}

TEST_CASE("an area's burn-up chart over a streamed table counts every row inside the area", "[pg][app][chart]") {
  testdata::make_parcels("pg_chart", 40, 20);
  sql("ALTER TABLE pg_chart ADD COLUMN planned_finish date, ADD COLUMN actual_finish date; UPDATE pg_chart SET "
      "planned_finish = date '2023-01-01' + (fid % 365), "
      "actual_finish = CASE WHEN fid % 3 = 0 THEN date '2023-01-01' + (fid % 365) END");
  const std::string dir = testdata::temp_dir("pg-chart");
  std::ofstream(dir + "/areas.geojson")
      << R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4549"}}, "features": [
  {"type": "Feature", "properties": {"name": "East"}, "geometry": {"type": "Polygon", "coordinates": [[[542000, 3989990], [544010, 3989990], [544010, 3992010], [542000, 3992010], [542000, 3989990]]]}}]})";
  // The project opens on the west corner, as does the slide; the chart is of the east
  // half (400 parcels, none of them in view).
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_chart\", \"stream\": true}, {\"source\": \"" << dir
                                 << "/areas.geojson\", \"title\": \"Areas\"}], \"bookmarks\": [{\"name\": \"corner\", "
                                    "\"extent\": [540000, 3990000, 541000, 3990562.5]}]}\n";
  std::string out;
  REQUIRE(testdata::run_renewmap("--allow-network --chart area:Areas/East --export-slides " + dir +
                                     "/slides --hide-ui --size 800x450 " + dir + "/p.json",
                                 out) == 0);
  INFO(out);
  std::ifstream in(dir + "/slides/slides.json");
  const auto j = nlohmann::json::parse(in, nullptr, false);
  REQUIRE(j.is_object());
  REQUIRE(j["slides"].size() == 1);
  const auto& chart = j["slides"][0]["chart"];
  REQUIRE(chart.is_object());
  CHECK(chart["title"] == "East");
  CHECK(chart["projects"] == 400);
}

TEST_CASE("a slide's counts in view are the server's GROUP BY over the rows meeting the slide's view",
          "[pg][app][statistics]") {
  testdata::make_parcels("pg_view_counts", 80, 45);
  const std::string dir = testdata::temp_dir("pg-view-counts");
  // Two stops whose edges cut through parcels, the second far from the first view.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540030, 3990020, 541030, 3990582.5], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_view_counts\", \"stream\": true}], \"bookmarks\": ["
                                    "{\"name\": \"south-west\", \"extent\": [540030, 3990020, 541030, 3990582.5]}, "
                                    "{\"name\": \"north-east\", \"extent\": [545555, 3992222, 547555, 3993347]}]}\n";
  std::string out;
  REQUIRE(testdata::run_renewmap("--allow-network --export-slides " + dir + "/slides --hide-ui --size 800x450 " + dir +
                                     "/p.json",
                                 out) == 0);
  INFO(out);
  std::ifstream in(dir + "/slides/slides.json");
  const auto j = nlohmann::json::parse(in, nullptr, false);
  REQUIRE(j.is_object());
  REQUIRE(j["slides"].size() == 2);
  for (const auto& slide : j["slides"]) {
    INFO(slide.dump());
    const auto& v = slide["view"];
    REQUIRE(v.size() == 4);
    const std::string box = "ST_MakeEnvelope(" + std::to_string(v[0].get<double>()) + ", " +
                            std::to_string(v[1].get<double>()) + ", " + std::to_string(v[2].get<double>()) + ", " +
                            std::to_string(v[3].get<double>()) + ", 4549)";
    auto server = [&](const std::string& status) {
      return std::stoi(sql("SELECT count(*) FROM pg_view_counts WHERE geom && " + box + " AND status = '" + status + "'"));
    };
    const int building = server("在建"), done = server("竣工");
    CHECK(building + done > 0);
    CHECK(building + done < 3600);  // a view, not the table
    CHECK(slide["view_counts"]["under_construction"] == building);
    CHECK(slide["view_counts"]["completed"] == done);
    CHECK(slide["view_counts_whole"] == true);
    // The legend still counts the whole table.
    CHECK(slide["counts"]["under_construction"].get<int>() + slide["counts"]["completed"].get<int>() == 3600);
  }
}
