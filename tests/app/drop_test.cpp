// What a file dropped on the window becomes: skipped (a sidecar), added, or picked
// from in the Open dialog.
#include <catch2/catch.hpp>

#include <fstream>

#include "app/data/drop.hpp"
#include "support/datagen.hpp"

namespace {
testdata::LayerSpec layer(const std::string& name) {
  testdata::LayerSpec l;
  l.name = name;
  l.crs = "EPSG:4549";
  l.field_names = {"name"};
  l.features = {{"POINT (540000 3990000)", {{"name", "a"}}}};
  return l;
}
}  // namespace

TEST_CASE("dropped files: sidecars skipped, rasters and one-layer data added, several layers picked",
          "[app][open]") {
  using app::DropAction;
  const std::string dir = testdata::temp_dir("drop");
  testdata::write_vector(dir + "/roads.shp", "ESRI Shapefile", {layer("roads")});
  testdata::write_vector(dir + "/one.gpkg", "GPKG", {layer("one")});
  testdata::write_vector(dir + "/two.gpkg", "GPKG", {layer("a"), layer("b")});
  testdata::write_solid_tif(dir + "/base.tif", "EPSG:4549", 540000, 3990000, 541000, 3991000, 16, 200, 0, 0);
  std::ofstream(dir + "/table.csv") << "编号,测点E,测点N\n1,540000,3990000\n";
  std::ofstream(dir + "/orphan.dbf") << "not a dbf";  // no .shp beside it

  CHECK(app::classify_drop(dir + "/roads.shp") == DropAction::Add);
  for (const char* part : {"/roads.dbf", "/roads.shx", "/roads.prj"}) {
    INFO(part);
    CHECK(app::classify_drop(dir + part) == DropAction::Skip);
  }
  CHECK(app::classify_drop(dir + "/orphan.dbf") == DropAction::Add);  // the loader says what is wrong
  CHECK(app::classify_drop(dir + "/one.gpkg") == DropAction::Add);
  CHECK(app::classify_drop(dir + "/two.gpkg") == DropAction::Pick);
  CHECK(app::classify_drop(dir + "/table.csv") == DropAction::Pick);  // X/Y columns to choose
  CHECK(app::classify_drop(dir + "/base.tif") == DropAction::Add);    // a basemap
  CHECK(app::classify_drop(dir + "/missing.gpkg") == DropAction::Add);
}
