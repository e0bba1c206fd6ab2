// Files that break GDAL itself, files GDAL never finishes, archives and sources that
// would reach the network: each through the real program (--screenshot, --info)
// beside one good layer, which must still be drawn where it belongs.
//
// The reader process (app/data/reader_process.hpp) is what is under test here: a crash
// inside GDAL costs one file, a file GDAL spins on is given up after --read-timeout,
// and no request leaves the machine unless asked.
#include <catch2/catch.hpp>

#include <cpl_conv.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "geo/image.hpp"
#include "geo/style.hpp"
#include "support/datagen.hpp"
#include "support/frame.hpp"

namespace {

namespace fs = std::filesystem;
using S = geo::Status;
using testdata::colour_is;
using testdata::describe;

const testdata::Frame kFrame;

// The good layer: a completed 1 km square whose centre is the probe.
constexpr double kGoodX = 545500, kGoodY = 3991500;
// What the hostile files hold, where they can be read: a planned square here.
constexpr double kBadX = 541500, kBadY = 3991500;

std::string square(double x, double y, double s) { return "POLYGON (" + testdata::square_ring(x, y, s) + ")"; }

void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string good_layer(const std::string& dir) {
  const std::string p = dir + "/good.gpkg";
  testdata::write_vector(p, "GPKG",
                         {{"good", "EPSG:4549", {"name", "status"}, {{square(545000, 3991000, 1000), {{"name", "good"}, {"status", "竣工"}}}}}});
  return p;
}

// A planned square at (kBadX, kBadY) as layer `name` of `path` with `driver`.
void planned_square(const std::string& path, const std::string& driver, const std::string& name = "parcels") {
  testdata::write_vector(path, driver,
                         {{name, "EPSG:4549", {"name", "status"}, {{square(541000, 3991000, 1000), {{"name", "规划地块"}, {"status", "规划"}}}}}});
}

struct Shot {
  int rc = -1;
  std::string out;
  double seconds = 0;
  std::optional<geo::Image> image;
  bool has(double x, double y, S s) const { return image && colour_is(*image, kFrame.to_px(x, y), s); }
  std::string at(double x, double y) const { return image ? describe(*image, kFrame.to_px(x, y)) : "(no image)"; }
};

Shot run(const std::string& dir, const std::string& args, const std::string& env = {}) {
  Shot s;
  const std::string png = dir + "/shot.png";
  std::error_code ec;
  fs::remove(png, ec);
  const std::string cmd = env + " timeout 120 " + std::string(RENEWMAP_BINARY) + " --screenshot '" + png +
                          "' --hide-ui --size 800x450 --extent " + kFrame.extent() + " " + args;
  const auto t0 = std::chrono::steady_clock::now();
  s.rc = testdata::run_command(cmd, s.out);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (fs::exists(png)) {
    auto img = geo::read_image(png);
    if (img) s.image = std::move(*img);
  }
  return s;
}

// A zip written through GDAL's own zip writer (no zip tool needed): each entry a
// file of `dir` stored under `prefix`.
void zip_files(const std::string& zip, const std::string& dir, const std::vector<std::string>& names,
               const std::string& prefix = {}) {
  void* z = CPLCreateZip(zip.c_str(), nullptr);
  REQUIRE(z);
  for (const std::string& n : names) {
    const std::string bytes = read_text(dir + "/" + n);
    REQUIRE(CPLCreateFileInZip(z, (prefix + n).c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(z, bytes.data(), static_cast<int>(bytes.size())) == CE_None);
    REQUIRE(CPLCloseFileInZip(z) == CE_None);
  }
  REQUIRE(CPLCloseZip(z) == CE_None);
}

// A "billion laughs" XML that GDAL's NAS driver (3.6) expands for minutes (ogrinfo too).
std::string nas_laughs() {
  std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE AX_Bestandsdatenauszug [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i < 10; ++i) {
    doc += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) doc += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    doc += "\">\n";
  }
  doc += "]>\n<AX_Bestandsdatenauszug xmlns=\"http://www.adv-online.de/namespaces/adv/gid/6.0\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://www.adv-online.de/namespaces/adv/gid/6.0 NAS-Operationen.xsd\" "
         "xmlns:gml=\"http://www.opengis.net/gml/3.2\"><enthaelt><gml:featureMember><AX_Flurstueck gml:id=\"a\">"
         "<name>&lol9;</name></AX_Flurstueck></gml:featureMember></enthaelt></AX_Bestandsdatenauszug>\n";
  return doc;
}

}  // namespace

TEST_CASE("a crash inside GDAL costs that file only: a message naming file and driver, the rest drawn",
          "[app][hostile][crash]") {
  const std::string dir = testdata::temp_dir("hostile-crash");
  const std::string good = good_layer(dir);
  const std::string crashing = dir + "/crashme.geojson";
  planned_square(crashing, "GeoJSON");
  const std::string env = "RENEWMAP_TEST_READER_CRASH=crashme";

  SECTION("--screenshot, the crashing file first (it would choose the display CRS)") {
    const Shot s = run(dir, "'" + crashing + "' '" + good + "'", env);
    INFO(s.out);
    REQUIRE(s.rc == 2);
    CHECK(s.out.find("crashme.geojson") != std::string::npos);
    CHECK(s.out.find("GDAL crashed reading it (driver GeoJSON") != std::string::npos);
    INFO("good layer " << s.at(kGoodX, kGoodY));
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
    CHECK_FALSE(s.has(kBadX, kBadY, S::Planned));
  }
  SECTION("--info: the other layer is still described, exit 2") {
    std::string out;
    const int rc = testdata::run_command(env + " timeout 120 " + std::string(RENEWMAP_BINARY) + " --info '" +
                                             crashing + "' '" + good + "'",
                                         out);
    INFO(out);
    CHECK(rc == 2);
    CHECK(out.find("crashme.geojson") != std::string::npos);
    CHECK(out.find("crashed") != std::string::npos);
    CHECK(out.find("good.gpkg::good") != std::string::npos);
  }
  SECTION("a real one: a KML gx:Track without <when> (GDAL 3.6.2's LIBKML segfaults on it)") {
    const std::string kml = dir + "/track.kml";
    write_text(kml,
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\" "
               "xmlns:gx=\"http://www.google.com/kml/ext/2.2\"><Document><Placemark><name>t</name><gx:Track>"
               "<gx:coord>120.4 36.1 0</gx:coord><gx:coord>120.5 36.2 0</gx:coord></gx:Track></Placemark>"
               "</Document></kml>\n");
    const Shot s = run(dir, "'" + kml + "' '" + good + "'");
    INFO(s.out);
    REQUIRE(s.rc >= 0);
    REQUIRE(s.rc != 124);
    CHECK((s.rc == 0 || s.rc == 2));
    // Where this GDAL crashes, the viewer says so and reads it with the other KML driver.
    if (s.out.find("crashed") != std::string::npos) {
      CHECK(s.out.find("track.kml") != std::string::npos);
      CHECK(s.out.find("LIBKML") != std::string::npos);
    }
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("a file GDAL never finishes is given up after --read-timeout, the rest drawn", "[app][hostile][timeout]") {
  const std::string dir = testdata::temp_dir("hostile-spin");
  const std::string good = good_layer(dir);
  const std::string laughs = dir + "/laughs.xml";
  write_text(laughs, nas_laughs());
  for (const bool first : {true, false}) {
    DYNAMIC_SECTION((first ? "the spinning file first" : "the good layer first")) {
      const Shot s = run(dir, "--read-timeout 3 " + (first ? "'" + laughs + "' '" + good + "'" : "'" + good + "' '" + laughs + "'"));
      INFO(s.out);
      INFO("took " << s.seconds << " s");
      REQUIRE(s.rc == 2);
      CHECK(s.seconds < 30);  // 3 s for the file (asked once, not once per step), the rest is the run
      CHECK(s.out.find("laughs.xml") != std::string::npos);
      CHECK(s.out.find("no answer within 3.0 s") != std::string::npos);
      CHECK(s.has(kGoodX, kGoodY, S::Completed));
    }
  }
  SECTION("a bad --read-timeout is refused like any bad option") {
    std::string out;
    CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --read-timeout soon --info '" + good + "'", out) == 64);
    CHECK(out.find("--read-timeout needs seconds") != std::string::npos);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("archives open as they come: .zip, .tar.gz, .gz", "[app][hostile][archive]") {
  const std::string dir = testdata::temp_dir("hostile-archive");
  const std::string good = good_layer(dir);

  SECTION("a Shapefile mailed in a zip, inside a folder, .prj and all") {
    const std::string shp_dir = dir + "/shp";
    fs::create_directories(shp_dir);
    planned_square(shp_dir + "/parcels.shp", "ESRI Shapefile");
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(shp_dir)) names.push_back(e.path().filename().string());
    CHECK(names.size() >= 4);  // .shp .shx .dbf .prj (.cpg)
    const std::string zip = dir + "/地块 parcels.zip";
    zip_files(zip, shp_dir, names, "export/");
    const Shot s = run(dir, "'" + zip + "' '" + good + "'");
    INFO(s.out);
    CHECK(s.rc == 0);
    INFO("zipped square " << s.at(kBadX, kBadY));
    CHECK(s.has(kBadX, kBadY, S::Planned));
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
    SECTION("--info lists the layer inside, names decoded") {
      std::string out;
      CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info '" + zip + "'", out) == 0);
      INFO(out);
      CHECK(out.find("parcels") != std::string::npos);
      CHECK(out.find("features: 1") != std::string::npos);
      CHECK(out.find("规划地块") != std::string::npos);
    }
  }
  SECTION("a zip of two datasets: every layer; path::layer picks one") {
    planned_square(dir + "/a.geojson", "GeoJSON", "a");
    testdata::write_vector(dir + "/b.geojson", "GeoJSON",
                           {{"b", "EPSG:4549", {"status"}, {{square(543000, 3991000, 500), {{"status", "delayed"}}}}}});
    const std::string zip = dir + "/two.zip";
    zip_files(zip, dir, {"a.geojson", "b.geojson"});
    const Shot both = run(dir, "'" + zip + "'");
    INFO(both.out);
    CHECK(both.rc == 0);
    CHECK(both.has(kBadX, kBadY, S::Planned));
    CHECK(both.has(543250, 3991250, S::Delayed));
    const Shot one = run(dir, "'" + zip + "::b' '" + good + "'");
    INFO(one.out);
    CHECK(one.rc == 0);
    CHECK_FALSE(one.has(kBadX, kBadY, S::Planned));
    CHECK(one.has(543250, 3991250, S::Delayed));
  }
  SECTION("a .tar.gz and a .gz") {
    planned_square(dir + "/t.geojson", "GeoJSON");
    std::string out;
    REQUIRE(testdata::run_command("cd '" + dir + "' && tar czf t.tar.gz t.geojson && gzip -k t.geojson", out) == 0);
    for (const char* name : {"t.tar.gz", "t.geojson.gz"}) {
      INFO(name);
      const Shot s = run(dir, "'" + dir + "/" + name + "' '" + good + "'");
      INFO(s.out);
      CHECK(s.rc == 0);
      CHECK(s.has(kBadX, kBadY, S::Planned));
    }
  }
  SECTION("a zip with nothing GDAL reads: a message naming the archive, the rest drawn") {
    write_text(dir + "/readme.txt", "nothing to see\n");
    const std::string zip = dir + "/notes.zip";
    zip_files(zip, dir, {"readme.txt"});
    const Shot s = run(dir, "'" + zip + "' '" + good + "'");
    INFO(s.out);
    CHECK(s.rc == 2);
    CHECK(s.out.find("notes.zip") != std::string::npos);
    CHECK(s.out.find("holds no file GDAL reads as vector data") != std::string::npos);
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("nothing reaches the network unasked: a local file that would fetch is refused by host",
          "[app][hostile][network]") {
  const std::string dir = testdata::temp_dir("hostile-net");
  const std::string good = good_layer(dir);
  const std::string wfs = dir + "/service.xml";
  write_text(wfs, "<OGRWFSDataSource><URL>http://wfs.example.invalid/geoserver/wfs?SERVICE=WFS</URL></OGRWFSDataSource>\n");
  const std::string vrt = dir + "/remote.vrt";
  write_text(vrt, "<OGRVRTDataSource><OGRVRTLayer name=\"r\"><SrcDataSource>/vsicurl/http://files.example.invalid/"
                  "r.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>\n");
  SECTION("a WFS description") {
    const Shot s = run(dir, "'" + wfs + "' '" + good + "'");
    INFO(s.out);
    CHECK(s.rc == 2);
    CHECK(s.out.find("service.xml") != std::string::npos);
    CHECK(s.out.find("wfs.example.invalid") != std::string::npos);
    CHECK(s.out.find("--allow-network") != std::string::npos);
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
  }
  SECTION("a VRT over /vsicurl/") {
    const Shot s = run(dir, "'" + vrt + "' '" + good + "'");
    INFO(s.out);
    CHECK(s.rc == 2);
    CHECK(s.out.find("remote.vrt") != std::string::npos);
    CHECK(s.has(kGoodX, kGoodY, S::Completed));
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// The startup race that aborted screenshots of JSON files ("malloc(): invalid size",
// 79 of 465 runs; TopoJSON 13 of 20): GLFW's setlocale on the main thread while a
// loader thread was inside GDAL's JSON reader. Fifty screenshots of each flavour in a
// row, every one must exit 0 with its PNG (RENEWMAP_JSON_RUNS=N runs N instead).
TEST_CASE("fifty screenshots in a row of each JSON flavour: GeoJSON, ESRIJSON, TopoJSON", "[app][hostile][json]") {
  const std::string dir = testdata::temp_dir("hostile-json");
  const struct {
    const char* name;
    std::string text;
  } flavours[] = {
      {"line.geojson",
       "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {\"status\": \"在建\"}, "
       "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[120.45, 36.10], [120.47, 36.11]]}}]}\n"},
      {"line.esrijson",
       "{\"geometryType\": \"esriGeometryPolyline\", \"spatialReference\": {\"wkid\": 4326}, \"fields\": [{\"name\": "
       "\"status\", \"type\": \"esriFieldTypeString\"}], \"features\": [{\"attributes\": {\"status\": \"在建\"}, "
       "\"geometry\": {\"paths\": [[[120.45, 36.10], [120.47, 36.11]]]}}]}\n"},
      {"line.topojson",
       "{\"type\": \"Topology\", \"objects\": {\"roads\": {\"type\": \"GeometryCollection\", \"geometries\": [{\"type\": "
       "\"LineString\", \"arcs\": [0], \"properties\": {\"status\": \"在建\"}}]}}, \"arcs\": [[[120.45, 36.10], "
       "[120.47, 36.11]]]}\n"},
  };
  const char* env_runs = std::getenv("RENEWMAP_JSON_RUNS");
  const int runs = env_runs ? std::max(1, std::atoi(env_runs)) : 50;
  for (const auto& f : flavours) {
    DYNAMIC_SECTION(f.name) {
      const std::string path = dir + "/" + f.name;
      write_text(path, f.text);
      int failures = 0;
      std::string first_failure;
      for (int i = 0; i < runs; ++i) {
        std::string out;
        const std::string png = dir + "/json.png";
        std::error_code ec;
        fs::remove(png, ec);
        const int rc = testdata::run_command("timeout 60 " + std::string(RENEWMAP_BINARY) + " --screenshot '" + png +
                                                 "' --hide-ui --size 320x240 '" + path + "'",
                                             out);
        if (rc != 0 || !fs::exists(png)) {
          if (failures++ == 0) first_failure = "run " + std::to_string(i + 1) + ": exit " + std::to_string(rc) + "\n" + out;
        }
      }
      INFO(first_failure);
      CHECK(failures == 0);
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
