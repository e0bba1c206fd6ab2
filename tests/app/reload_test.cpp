// Live reload through the real program: a colleague replaces the GeoPackage the
// viewer has open, then a half-written copy lands; the viewer picks up the first and
// keeps the last good version through the second.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/drive.hpp"
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
// The viewer, started in the background in `dir` on live.gpkg (the test command
// provides Xvfb); its output goes to viewer.log. Waits for "trace: loaded": the edits
// below must come after the first read, or there is nothing to reload.
std::string start_on_live(const std::string& dir) {
  const std::string pid = testdata::start_viewer("HOME='" + dir + "'", dir, "live.gpkg", dir + "/viewer.log").pid;
  testdata::wait_for_text(dir + "/viewer.log", "trace: loaded");
  return pid;
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
  const std::string pid = start_on_live(dir);
  testdata::StopAtExit stop_viewer(pid);
  const std::string cd = "cd '" + dir + "' && ";
  // A colleague's edit replaces the file (as a copy-then-rename does); the viewer checks
  // about once a second. Each step waits for what the viewer says, up to a minute.
  testdata::shell(cd + "cp v2.gpkg tmp.gpkg && mv tmp.gpkg live.gpkg");
  testdata::wait_for_text(dir + "/viewer.log", "updated at ");
  testdata::shell(cd + "cp v3.gpkg tmp.gpkg && mv tmp.gpkg live.gpkg");
  testdata::wait_for_text(dir + "/viewer.log", "kept the last good version");
  std::this_thread::sleep_for(std::chrono::seconds(4));  // time to say it again, which it must not
  testdata::shell("kill " + pid + " 2>/dev/null; sleep 0.5");
  const std::string out = testdata::read_text(dir + "/viewer.log");
  INFO(out);
  REQUIRE(out.find("trace: loaded") != std::string::npos);
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
  // (Through GDAL: the GeoPackage's triggers need its ST_ functions.) The editor keeps
  // the file open until the test has seen the viewer's answer (file "done"), or 2 min.
  std::ofstream(dir + "/edit.py") << "import os, time\n"
                                     "from osgeo import gdal, ogr\n"
                                     "gdal.SetConfigOption('OGR_SQLITE_JOURNAL', 'WAL')\n"
                                     "ds = ogr.Open('live.gpkg', 1)\n"
                                     "ds.ExecuteSQL(\"UPDATE projects SET status = '竣工'\")\n"
                                     "print('wal' if os.path.exists('live.gpkg-wal') else 'no wal', flush=True)\n"
                                     "for _ in range(1200):\n"
                                     "    if os.path.exists('done'): break\n"
                                     "    time.sleep(0.1)\n";
  const std::string pid = start_on_live(dir);
  testdata::StopAtExit stop_viewer(pid);
  const std::string editor =
      testdata::shell("cd '" + dir + "' && /usr/bin/python3 edit.py >edit.log 2>&1 & echo $!");
  testdata::wait_for_text(dir + "/viewer.log", "updated at ");
  const std::string edit_log = testdata::read_text(dir + "/edit.log");
  const bool editor_open = testdata::alive(editor);
  testdata::shell("touch '" + dir + "/done'; kill " + pid + " 2>/dev/null; sleep 0.5");
  const std::string out = testdata::read_text(dir + "/viewer.log");
  INFO(out);
  INFO(edit_log);
  REQUIRE(out.find("trace: loaded") != std::string::npos);
  CHECK(edit_log.find("wal") == 0);  // the edit really went to the -wal file
  CHECK(editor_open);                // and the editor still had it open when the viewer saw it
  CHECK(out.find("layer 'projects' updated at ") != std::string::npos);
  CHECK(out.find(": 5 features, 5 completed") != std::string::npos);
}
