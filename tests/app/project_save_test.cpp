// Saving a project through the real program (--save-project does what the Save
// button does, without a window).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "geo/project.hpp"
#include "support/frame.hpp"

namespace fs = std::filesystem;

namespace {

testdata::LayerSpec parcels() {
  testdata::LayerSpec l;
  l.name = "parcels";
  l.crs = "EPSG:4549";
  l.field_names = {"name", "status"};
  l.features = {{"POLYGON (" + testdata::square_ring(540500, 3991000, 1000) + ")", {{"name", "a"}, {"status", "在建"}}}};
  return l;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("saving keeps every layer of the project, a missing file included, in its place", "[app][project]") {
  const std::string dir = testdata::temp_dir("save");
  testdata::write_vector(dir + "/a.gpkg", "GPKG", {parcels()});
  testdata::write_vector(dir + "/c.gpkg", "GPKG", {parcels()});
  std::ofstream(dir + "/in.project.json") << R"({
  "version": 1,
  "title": "Saved",
  "crs": "EPSG:4549",
  "layers": [
    {"name": "A", "source": "a.gpkg", "filter": "name = 'a'"},
    {"name": "Gone", "source": "gone.gpkg", "status_field": "status", "encoding": "GBK"},
    {"name": "C", "source": "c.gpkg", "visible": false}
  ],
  "bookmarks": [{"name": "Stop", "caption": "cap", "extent": [540000, 3990000, 542000, 3992000], "as_of": "2023-05-01"}]
})";
  fs::create_directories(dir + "/out");
  const std::string saved = dir + "/out/saved.project.json";
  std::string out;
  // A layer failed to load: the project is written, exit 2.
  REQUIRE(testdata::run_renewmap("--save-project " + saved + " " + dir + "/in.project.json", out) == 2);
  CHECK(out.find("gone.gpkg") != std::string::npos);
  auto p = geo::load_project(saved);
  REQUIRE(p.ok());
  REQUIRE(p->layers.size() == 3);
  CHECK(p->layers[0].title == "A");
  CHECK(p->layers[0].filter == "name = 'a'");
  CHECK(p->layers[1].title == "Gone");  // kept, as given, where it was
  CHECK(p->layers[1].encoding == "GBK");
  CHECK(p->layers[1].status_field == "status");
  CHECK(p->layers[2].title == "C");
  CHECK_FALSE(p->layers[2].visible);
  // Sources resolve to the same files, written relative to the saved project.
  CHECK(fs::equivalent(p->layers[0].source, dir + "/a.gpkg"));
  CHECK(p->layers[1].source == fs::weakly_canonical(dir + "/gone.gpkg").string());
  const std::string text = read_text(saved);
  CHECK(text.find("\"../a.gpkg\"") != std::string::npos);
  CHECK(text.find("\"../gone.gpkg\"") != std::string::npos);
  CHECK(p->crs == "EPSG:4549");
  CHECK(p->title == "Saved");
  REQUIRE(p->bookmarks.size() == 1);
  CHECK(p->bookmarks[0].caption == "cap");
  CHECK(p->bookmarks[0].as_of == "2023-05-01");
  CHECK(p->extent.has_value());

  // Saving the saved project again changes nothing.
  const std::string again = dir + "/out/again.project.json";
  REQUIRE(testdata::run_renewmap("--save-project " + again + " " + saved, out) == 2);
  CHECK(read_text(again) == text);
}

TEST_CASE("datasets on the command line become a project file", "[app][project]") {
  const std::string dir = testdata::temp_dir("save-datasets");
  testdata::write_vector(dir + "/a.gpkg", "GPKG", {parcels()});
  testdata::write_vector(dir + "/c.gpkg", "GPKG", {parcels()});
  const std::string saved = dir + "/made.project.json";
  std::string out;
  REQUIRE(testdata::run_renewmap("--save-project " + saved + " --crs EPSG:4549 " + dir + "/a.gpkg " + dir + "/c.gpkg",
                                 out) == 0);
  auto p = geo::load_project(saved);
  REQUIRE(p.ok());
  REQUIRE(p->layers.size() == 2);
  CHECK(fs::equivalent(p->layers[0].source, dir + "/a.gpkg"));
  CHECK(fs::equivalent(p->layers[1].source, dir + "/c.gpkg"));
  CHECK(p->crs == "EPSG:4549");
  // An unwritable place: nothing written, exit 1.
  CHECK(testdata::run_renewmap("--save-project /proc/no/such/dir/p.json " + dir + "/a.gpkg", out) == 1);
}
