// Live reload through the real program: a colleague replaces the GeoPackage the
// viewer has open, then a half-written copy lands; the viewer picks up the first and
// keeps the last good version through the second.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/frame.hpp"

namespace {
testdata::LayerSpec projects(const char* status) {
  testdata::LayerSpec l;
  l.name = "projects";
  l.crs = "EPSG:4549";
  l.field_names = {"name", "status"};
  for (int i = 0; i < 5; ++i)
    l.features.push_back({"POLYGON (" + testdata::square_ring(540000 + 1000.0 * i, 3990000, 800) + ")",
                          {{"name", "p" + std::to_string(i)}, {"status", status}}});
  return l;
}
}  // namespace

TEST_CASE("live reload picks up an edited GeoPackage and survives a truncated one", "[app][reload]") {
  const std::string dir = testdata::temp_dir("reload");
  testdata::write_vector(dir + "/v1.gpkg", "GPKG", {projects("在建")});
  testdata::write_vector(dir + "/v2.gpkg", "GPKG", {projects("竣工")});
  {  // v3: v2 cut in half, as a copy caught mid-write would be
    std::ifstream in(dir + "/v2.gpkg", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(dir + "/v3.gpkg", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  std::filesystem::copy_file(dir + "/v1.gpkg", dir + "/live.gpkg");
  // The viewer runs in a window (the test command provides Xvfb) for about 14 s.
  const std::string script = "cd " + dir + " && (HOME=" + dir + " timeout 14 " + RENEWMAP_BINARY +
                             " live.gpkg 2> viewer.log &) ; sleep 4; cp v2.gpkg tmp.gpkg && mv tmp.gpkg live.gpkg; "
                             "sleep 4; cp v3.gpkg tmp.gpkg && mv tmp.gpkg live.gpkg; sleep 7; cat viewer.log";
  std::string out;
  testdata::run_command("bash -c '" + script + "'", out);
  INFO(out);
  // The edit arrived: all five projects now completed, with the time of the update.
  CHECK(out.find("layer 'projects' updated at ") != std::string::npos);
  CHECK(out.find(": 5 features, 5 completed") != std::string::npos);
  // The truncated file did not blank the layer.
  CHECK(out.find("kept the last good version") != std::string::npos);
  CHECK(out.find("0 features") == std::string::npos);
  // Said once, not every second: a broken file is retried only when it changes again.
  CHECK(out.find("kept the last good version") == out.rfind("kept the last good version"));
}

TEST_CASE("live reload sees an edit committed in WAL mode while the editor keeps the file open", "[app][reload]") {
  const std::string dir = testdata::temp_dir("reload-wal");
  testdata::write_vector(dir + "/live.gpkg", "GPKG", {projects("在建")});
  // QGIS edits a GeoPackage this way: journal_mode=WAL, the change committed into
  // live.gpkg-wal, the main file untouched until the last connection closes.
  // (Through GDAL: the GeoPackage's triggers need its ST_ functions.)
  std::ofstream(dir + "/edit.py") << "import time\n"
                                     "from osgeo import gdal, ogr\n"
                                     "gdal.SetConfigOption('OGR_SQLITE_JOURNAL', 'WAL')\n"
                                     "ds = ogr.Open('live.gpkg', 1)\n"
                                     "ds.ExecuteSQL(\"UPDATE projects SET status = '竣工'\")\n"
                                     "print('wal' if __import__('os').path.exists('live.gpkg-wal') else 'no wal')\n"
                                     "time.sleep(8)\n";
  const std::string script = "cd " + dir + " && (HOME=" + dir + " timeout 12 " + RENEWMAP_BINARY +
                             " live.gpkg 2> viewer.log &) ; sleep 3; /usr/bin/python3 edit.py & sleep 9; cat viewer.log";
  std::string out;
  testdata::run_command("bash -c \"" + script + "\"", out);
  INFO(out);
  CHECK(out.find("no wal") == std::string::npos);  // the edit really went to the -wal file
  CHECK(out.find("layer 'projects' updated at ") != std::string::npos);
  CHECK(out.find(": 5 features, 5 completed") != std::string::npos);
}
