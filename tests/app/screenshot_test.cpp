// Headless rendering through the real program: `renewmap --screenshot` on layers the
// test writes, then pixels read back at known map positions. Needs a display (the
// test command starts Xvfb when there is none).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gdal.h>
#include <ogr_srs_api.h>

#include "geo/image.hpp"
#include "geo/project.hpp"
#include "geo/style.hpp"
#include "support/drive.hpp"
#include "support/frame.hpp"

namespace {

using testdata::colour_is;
using testdata::describe;
using testdata::Px;
const testdata::Frame kFrame;
const std::string kExtent = kFrame.extent();
constexpr int W = 800, H = 450;
Px to_px(double x, double y) { return kFrame.to_px(x, y); }
std::string square(double x, double y, double s) { return testdata::square_ring(x, y, s); }

// Known shapes, one per status, in EPSG:4549.
testdata::LayerSpec status_layer() {
  testdata::LayerSpec l;
  l.name = "shapes";
  l.crs = "EPSG:4549";
  l.field_names = {"name", "status"};
  l.features = {
      // planned: 1 km square with a 400 m hole in the middle
      {"POLYGON (" + square(540500, 3991000, 1000) + "," + square(540800, 3991300, 400) + ")",
       {{"name", "规划地块"}, {"status", "规划"}}},
      {"POLYGON (" + square(542000, 3991000, 1000) + ")", {{"name", "b"}, {"status", "征收拆迁"}}},
      {"POLYGON (" + square(543500, 3991000, 1000) + ")", {{"name", "c"}, {"status", "under_construction"}}},
      {"POLYGON (" + square(545000, 3991000, 1000) + ")", {{"name", "d"}, {"status", "竣工"}}},
      {"POLYGON (" + square(546500, 3991000, 1000) + ")", {{"name", "e"}, {"status", "delayed"}}},
      {"POLYGON (" + square(540500, 3993000, 1000) + ")", {{"name", "f"}, {"status", "something else"}}},
      // a thick line (default 3.5 px) and a point (default 11 px)
      {"LINESTRING (542000 3993500,547500 3993500)", {{"name", "road"}, {"status", "completed"}}},
      {"POINT (546000 3992700)", {{"name", "parking"}, {"status", "在建"}}},
  };
  return l;
}

int screenshot(const std::string& args, std::string& output) { return testdata::run_renewmap(args, output); }

}  // namespace

TEST_CASE("screenshot pixels carry each feature's status colour", "[app][render]") {
  const std::string dir = testdata::temp_dir("shot");
  const std::string data = dir + "/shapes.gpkg";
  testdata::write_vector(data, "GPKG", {status_layer()});
  const std::string png = dir + "/out.png";
  std::string out;
  const int rc = screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + data, out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  REQUIRE(img->width == W);
  REQUIRE(img->height == H);
  const auto& pal = geo::status_palette();
  using S = geo::Status;
  auto pal_of = [&](S s) { return pal[static_cast<size_t>(s)]; };
  const struct {
    double x, y;
    geo::Rgba colour;
  } probes[] = {
      {540600, 3991100, pal_of(S::Planned)},  // inside the shell, outside the hole
      {540600, 3991900, pal_of(S::Planned)},
      {541000, 3991500, geo::background_colour()},  // the hole
      {542500, 3991500, pal_of(S::Relocation)},
      {544000, 3991500, pal_of(S::UnderConstruction)},
      {545500, 3991500, pal_of(S::Completed)},
      {547000, 3991500, pal_of(S::Delayed)},
      {541000, 3993500, pal_of(S::Unknown)},  // unmapped value: grey
      {544000, 3993500, pal_of(S::Completed)},  // on the line
      {546000, 3992700, pal_of(S::UnderConstruction)},  // centre of the point
      {541750, 3990500, geo::background_colour()},  // between shapes
      {547900, 3994400, geo::background_colour()},
  };
  for (const auto& p : probes) {
    const Px px = to_px(p.x, p.y);
    INFO("map " << p.x << "," << p.y << " " << describe(*img, px));
    CHECK(colour_is(*img, px, p.colour));
  }
  // The line is a few pixels wide, not a 1-px GL line: 20 m (2 px) off its centre it
  // is still drawn, 60 m (6 px) off it is not.
  CHECK(colour_is(*img, to_px(544000, 3993500 + 10), pal_of(S::Completed), 40));
  CHECK(colour_is(*img, to_px(544000, 3993500 + 60), geo::background_colour()));
  // The point is a disc of 11 px with an outline ring: 2 px from the centre it has the
  // status colour, 10 px away the background.
  CHECK(colour_is(*img, to_px(546000 + 20, 3992700), pal_of(S::UnderConstruction)));
  CHECK(colour_is(*img, to_px(546000 + 100, 3992700), geo::background_colour()));
}

TEST_CASE("the extent option maps to the frame exactly when the aspect ratio matches", "[app][render]") {
  const std::string dir = testdata::temp_dir("extent");
  // A polygon covering exactly the left half of the extent.
  testdata::LayerSpec l;
  l.crs = "EPSG:4549";
  l.field_names = {"status"};
  l.features = {{"POLYGON ((540000 3990000,544000 3990000,544000 3994500,540000 3994500,540000 3990000))",
                 {{"status", "竣工"}}}};
  l.name = "half";
  testdata::write_vector(dir + "/half.geojson", "GeoJSON", {l});
  const std::string png = dir + "/half.png";
  std::string out;
  REQUIRE(screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + dir +
                         "/half.geojson",
                     out) == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  const geo::Rgba green = geo::status_palette()[static_cast<size_t>(geo::Status::Completed)];
  // Columns 2..397 are inside (the outline takes the edge pixels), 402.. outside; the
  // top and bottom rows of the frame are the extent's top and bottom edges.
  for (int y : {3, 225, 446}) {
    INFO("row " << y);
    CHECK(colour_is(*img, {5, y}, green));
    CHECK(colour_is(*img, {395, y}, green));
    CHECK(colour_is(*img, {404, y}, geo::background_colour()));
    CHECK(colour_is(*img, {795, y}, geo::background_colour()));
  }
}

TEST_CASE("a lon/lat layer lands where PROJ puts it in the display CRS", "[app][render][proj]") {
  const std::string dir = testdata::temp_dir("ll");
  // A point at 120.47E 36.11N in CGCS2000: EPSG:4549 542318.15, 3997850.56 (cs2cs).
  testdata::LayerSpec l;
  l.crs = "EPSG:4490";
  l.field_names = {"status"};
  l.features = {{"POINT (120.47 36.11)", {{"status", "在建"}}}};
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {l});
  std::string out;
  const std::string png = dir + "/p.png";
  // 100 m per pixel centred on the projected point.
  REQUIRE(screenshot("--screenshot " + png + " --hide-ui --size 200x200 --crs EPSG:4549 --extent "
                     "532318.15,3987850.56,552318.15,4007850.56 " + dir + "/p.gpkg",
                     out) == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  const geo::Rgba orange = geo::status_palette()[static_cast<size_t>(geo::Status::UnderConstruction)];
  CHECK(colour_is(*img, {100, 100}, orange));
  CHECK(colour_is(*img, {110, 100}, geo::background_colour()));
}

TEST_CASE("a broken file among good ones: exit 2, the PNG, and the message", "[app][errors]") {
  const std::string dir = testdata::temp_dir("broken");
  testdata::write_vector(dir + "/good.gpkg", "GPKG", {status_layer()});
  std::ofstream(dir + "/broken.geojson") << "{\"type\": \"FeatureCollection\", \"features\": [ {";
  const std::string png = dir + "/out.png";
  std::string out;
  const int rc = screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + dir +
                                "/good.gpkg " + dir + "/broken.geojson " + dir + "/missing.shp",
                            out);
  INFO(out);
  CHECK(rc == 2);
  CHECK(out.find("broken.geojson") != std::string::npos);
  CHECK(out.find("missing.shp': file not found") != std::string::npos);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  // The good layer is drawn all the same.
  CHECK(colour_is(*img, to_px(545500, 3991500),
                  geo::status_palette()[static_cast<size_t>(geo::Status::Completed)]));
}

TEST_CASE("nothing drawable: exit 1 and no PNG", "[app][errors]") {
  const std::string dir = testdata::temp_dir("nothing");
  std::string out;
  const std::string png = dir + "/out.png";
  CHECK(screenshot("--screenshot " + png + " " + dir + "/missing.gpkg", out) == 1);
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(out.find("missing.gpkg") != std::string::npos);
}

TEST_CASE("the command line rejects bad options with a message", "[app][cli]") {
  std::string out;
  CHECK(screenshot("--size 10x", out) == 64);
  CHECK(out.find("--size") != std::string::npos);
  CHECK(screenshot("--extent 1,2,0,3", out) == 64);
  CHECK(screenshot("--bogus", out) == 64);
  CHECK(screenshot("--crs EPSG:999999", out) == 64);
  // Asked for a file, nothing written: exit 1, as the --screenshot contract says.
  CHECK(screenshot("--crs EPSG:999999 --screenshot /tmp/x.png", out) == 1);
  CHECK(out.find("--crs") != std::string::npos);
  CHECK(screenshot("--screenshot /tmp/x.png --bogus", out) == 1);
  CHECK(screenshot("--bogus --export-slides /tmp/slides", out) == 1);
  CHECK(screenshot("--save-project /tmp/p.json --size 1x1", out) == 1);
  CHECK(screenshot("--help", out) == 0);
  CHECK(out.find("--screenshot FILE.png") != std::string::npos);
  CHECK(screenshot("--version", out) == 0);
  CHECK(out.rfind("renewmap ", 0) == 0);
}

TEST_CASE("the embedded Laoshan default shows all five status colours", "[app][render][laoshan]") {
  const std::string dir = testdata::temp_dir("default");
  const std::string png = dir + "/default.png";
  std::string out;
  // No positional argument: the embedded default project.
  const int rc = screenshot("--screenshot " + png + " --hide-ui", out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  const auto& pal = geo::status_palette();
  for (int s = 1; s < geo::kStatusCount; ++s) {
    size_t n = 0;
    for (int y = 0; y < img->height; ++y)
      for (int x = 0; x < img->width; ++x) n += colour_is(*img, {x, y}, pal[s], 0);
    INFO(geo::status_code(static_cast<geo::Status>(s)) << ": " << n << " pixels");
    CHECK(n >= 20);
  }
}

TEST_CASE("the info option describes what the viewer reads, without a window", "[app][cli][info]") {
  const std::string dir = testdata::temp_dir("info");
  testdata::write_vector(dir + "/shapes.gpkg", "GPKG", {status_layer()});
  std::string out;
  // No display needed: DISPLAY is cleared for this run.
  CHECK(testdata::run_command("env -u DISPLAY " + std::string(RENEWMAP_BINARY) + " --info " + dir + "/shapes.gpkg",
                              out) == 0);
  CHECK(out.find("shapes.gpkg::shapes") != std::string::npos);
  CHECK(out.find("CRS: EPSG:4549") != std::string::npos);
  CHECK(out.find("features: 8 (points 1, lines 1, polygons 6)") != std::string::npos);
  CHECK(out.find("status field: status") != std::string::npos);
  CHECK(out.find("name field: name") != std::string::npos);
  CHECK(out.find("planned 1 relocation 1 under_construction 2 completed 2 delayed 1 unknown 1") != std::string::npos);
  CHECK(out.find("'something else'") != std::string::npos);
  CHECK(out.find("first names: 规划地块, b, c, d, e") != std::string::npos);
  CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info " + dir + "/missing.gpkg", out) == 1);
  CHECK(out.find("missing.gpkg': file not found") != std::string::npos);
}

TEST_CASE("the source-crs option places the datasets on the command line that have no CRS", "[app][cli][info][crs]") {
  const std::string dir = testdata::temp_dir("source-crs");
  testdata::LayerSpec drawing;  // a CAD drawing in EPSG:4549 metres, which DXF cannot say
  drawing.features = {{"POINT (542318 3997850)", {}}};
  testdata::write_vector(dir + "/plan.dxf", "DXF", {drawing});
  const std::string info = "env -u DISPLAY " + std::string(RENEWMAP_BINARY) + " --info ";
  std::string out;
  // Described all the same (it has 1 feature), its CRS unknown: exit 2, as for a layer
  // the viewer cannot draw.
  CHECK(testdata::run_command(info + dir + "/plan.dxf", out) == 2);
  CHECK(out.find("--source-crs") != std::string::npos);  // the way out, in the warning
  CHECK(out.find("CRS: unknown") != std::string::npos);
  CHECK(out.find("features: 1 (points 1") != std::string::npos);
  CHECK(testdata::run_command(info + "--source-crs EPSG:4549 " + dir + "/plan.dxf", out) == 0);
  CHECK(out.find("CRS: EPSG:4549") != std::string::npos);
  CHECK(out.find("extent: 542318.0, 3997850.0") != std::string::npos);
  CHECK(testdata::run_command(info + "--source-crs EPSG:999999 " + dir + "/plan.dxf", out) == 64);
  CHECK(out.find("--source-crs") != std::string::npos);
}

TEST_CASE("the info option describes a raster as the basemap it would be", "[app][cli][info][raster]") {
  const std::string dir = testdata::temp_dir("info-raster");
  const std::string tif = dir + "/base.tif";
  testdata::write_solid_tif(tif, "EPSG:4326", 120.35, 36.00, 120.60, 36.15, 256, 200, 220, 250);
  {  // two overview levels, as gdaladdo would build them
    GDALDatasetH ds = GDALOpen(tif.c_str(), GA_Update);
    REQUIRE(ds);
    int levels[] = {2, 4};
    CHECK(GDALBuildOverviews(ds, "AVERAGE", 2, levels, 0, nullptr, nullptr, nullptr) == CE_None);
    GDALClose(ds);
  }
  std::string out;
  CHECK(testdata::run_command("env -u DISPLAY " + std::string(RENEWMAP_BINARY) + " --info " + tif, out) == 0);
  INFO(out);
  const std::string lines[] = {tif + "\n",
                               "raster: drawn as a basemap",
                               "driver: GTiff",
                               "size: 256 x 256 pixels, 3 bands",
                               "CRS: EPSG:4326",
                               "overviews: 2",
                               "extent: 120.350000, 36.000000 – 120.600000, 36.150000"};
  for (const std::string& line : lines) CHECK(out.find(line) != std::string::npos);

  // Beside a vector dataset, both are described.
  testdata::write_vector(dir + "/shapes.gpkg", "GPKG", {status_layer()});
  CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info " + tif + " " + dir + "/shapes.gpkg", out) == 0);
  CHECK(out.find("driver: GTiff") != std::string::npos);
  CHECK(out.find("shapes.gpkg::shapes") != std::string::npos);

  // An XYZ tile basemap in a project is described without going online, and a saved
  // project keeps the template, not GDAL's expanded description with a cache path.
  const std::string tiles = "https://tiles.example.org/{z}/{x}/{y}.png";
  std::ofstream(dir + "/p.project.json") << R"({"version": 1, "crs": "EPSG:4549",
    "basemaps": [{"source": ")" << tiles << R"(", "name": "tiles"}],
    "layers": [{"source": "shapes.gpkg"}]})";
  CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --allow-network --info " + dir + "/p.project.json",
                              out) == 0);
  CHECK(out.find("XYZ tiles") != std::string::npos);
  CHECK(testdata::run_renewmap("--allow-network --save-project " + dir + "/saved.project.json " + dir +
                                   "/p.project.json",
                               out) != 1);
  auto saved = geo::load_project(dir + "/saved.project.json");
  REQUIRE(saved.ok());
  REQUIRE(saved->basemaps.size() == 1);
  CHECK(saved->basemaps[0].source == tiles);
}

TEST_CASE("a raster on the command line is a basemap under the vector layers", "[app][render][raster]") {
  const std::string dir = testdata::temp_dir("basemap");
  testdata::write_vector(dir + "/shapes.gpkg", "GPKG", {status_layer()});
  // A lon/lat raster (EPSG:4326) covering the whole frame, in a colour no status has.
  testdata::write_solid_tif(dir + "/base.tif", "EPSG:4326", 120.35, 36.00, 120.60, 36.15, 256, 200, 220, 250);
  std::string out;
  const std::string png = dir + "/out.png";
  const int rc = screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + dir +
                                "/base.tif " + dir + "/shapes.gpkg",
                            out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  // Between the shapes: the raster's colour (reprojected into EPSG:4549), not paper.
  CHECK(colour_is(*img, to_px(541750, 3990500), geo::Rgba{200, 220, 250, 255}));
  CHECK(colour_is(*img, to_px(547900, 3994400), geo::Rgba{200, 220, 250, 255}));
  // The vectors on top of it.
  CHECK(colour_is(*img, to_px(545500, 3991500), geo::Status::Completed));
}

TEST_CASE("a project may not open network sources unless the user allows it", "[app][security]") {
  const std::string dir = testdata::temp_dir("network");
  testdata::write_vector(dir + "/shapes.gpkg", "GPKG", {status_layer()});
  std::ofstream(dir + "/p.project.json") << R"({"version": 1, "layers": [
    {"source": "/vsicurl/http://127.0.0.1:9/remote.gpkg"},
    {"source": "PG:dbname=bureau host=127.0.0.1 port=9"},
    {"source": "shapes.gpkg"}]})";
  std::string out;
  const std::string png = dir + "/out.png";
  const int rc = screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + dir +
                                "/p.project.json",
                            out);
  INFO(out);
  CHECK(rc == 2);
  CHECK(out.find("names a network source (/vsicurl/http://127.0.0.1:9/remote.gpkg)") != std::string::npos);
  CHECK(out.find("names a network source (PG:dbname=bureau") != std::string::npos);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  CHECK(colour_is(*img, to_px(545500, 3991500), geo::Status::Completed));  // the local layer still draws
}

TEST_CASE("a shader the driver rejects: a message, offscreen exit 1, a window keeps running", "[app][errors]") {
  const std::string dir = testdata::temp_dir("shader");
  testdata::write_vector(dir + "/a.gpkg", "GPKG", {status_layer()});
  std::string out;
  const std::string png = dir + "/out.png";
  CHECK(testdata::run_command("RENEWMAP_TEST_BROKEN_SHADER=1 " + std::string(RENEWMAP_BINARY) + " --screenshot " + png +
                                  " " + dir + "/a.gpkg",
                              out) == 1);
  CHECK_FALSE(std::filesystem::exists(png));
  CHECK(out.find("map shaders failed to build") != std::string::npos);
  // A window says so and stays up: still running 2 s after the message, which is
  // waited for (up to a minute: a sanitizer build on a busy machine starts slowly).
  const std::string log = dir + "/window.log";
  const std::string pid = testdata::start_viewer("RENEWMAP_TEST_BROKEN_SHADER=1", dir, "a.gpkg", log).pid;
  testdata::StopAtExit stop_viewer(pid);
  const bool said = testdata::wait_for_text(log, "map shaders failed to build");
  if (said) std::this_thread::sleep_for(std::chrono::seconds(2));
  const bool running = testdata::alive(pid);
  testdata::shell("kill " + pid + " 2>/dev/null");
  INFO(testdata::read_text(log));
  CHECK(said);
  CHECK(running);
}

TEST_CASE("statuses hidden in the project, by the legend or by one layer, are not drawn", "[app][render][filter]") {
  const std::string dir = testdata::temp_dir("hide");
  testdata::write_vector(dir + "/s.gpkg", "GPKG", {status_layer()});
  std::ofstream(dir + "/p.project.json") << R"({"version": 1, "crs": "EPSG:4549", "hide_statuses": ["relocation"],
    "layers": [{"source": "s.gpkg", "status_field": "status", "hide_statuses": ["completed"]}]})";
  std::string out;
  const std::string png = dir + "/out.png";
  REQUIRE(screenshot("--screenshot " + png + " --hide-ui --size 800x450 --extent " + kExtent + " " + dir +
                         "/p.project.json",
                     out) == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  const auto bg = geo::background_colour();
  CHECK(colour_is(*img, to_px(542500, 3991500), bg));                             // relocation: the legend's
  CHECK(colour_is(*img, to_px(545500, 3991500), bg));                             // completed: the layer's
  CHECK(colour_is(*img, to_px(543500 + 500, 3991500), geo::Status::UnderConstruction));  // the others drawn
  CHECK(colour_is(*img, to_px(547000, 3991500), geo::Status::Delayed));
}

TEST_CASE("a reprojected raster basemap lands where gdalwarp puts it, cell by cell", "[app][render][raster]") {
  const std::string dir = testdata::temp_dir("basemap-cells");
  // A lon/lat raster of 12 x 7 cells of 0.01°, each its own colour, over the frame:
  // a flip, a shift or a wrong axis order would put the wrong colour somewhere.
  const std::string tif = dir + "/cells.tif";
  {
    GDALAllRegister();
    const int cell = 20, cols = 12, rows = 7;
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GTiff"), tif.c_str(), cols * cell, rows * cell, 3, GDT_Byte,
                                 nullptr);
    REQUIRE(ds);
    double gt[6] = {120.43, 0.01 / cell, 0, 36.10, 0, -0.01 / cell};
    GDALSetGeoTransform(ds, gt);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(nullptr);
    OSRSetFromUserInput(srs, "EPSG:4326");
    GDALSetSpatialRef(ds, srs);
    OSRDestroySpatialReference(srs);
    std::vector<uint8_t> band(static_cast<size_t>(cols * cell) * rows * cell);
    for (int b = 0; b < 3; ++b) {
      for (int y = 0; y < rows * cell; ++y)
        for (int x = 0; x < cols * cell; ++x) {
          const int i = x / cell, j = y / cell;  // column, row of the cell
          const int rgb[3] = {20 * i + 10, 40 * j + 10, (i * 7 + j * 13) % 11 * 20 + 20};
          band[static_cast<size_t>(y) * cols * cell + x] = static_cast<uint8_t>(rgb[b]);
        }
      REQUIRE(GDALRasterIO(GDALGetRasterBand(ds, b + 1), GF_Write, 0, 0, cols * cell, rows * cell, band.data(),
                           cols * cell, rows * cell, GDT_Byte, 0, 0) == CE_None);
    }
    GDALClose(ds);
  }
  std::string out;
  const std::string png = dir + "/out.png";
  REQUIRE(screenshot("--screenshot " + png + " --hide-ui --crs EPSG:4549 --size 800x450 --extent " + kExtent + " " +
                         tif,
                     out) == 0);
  const std::string ref = dir + "/ref.tif";
  REQUIRE(testdata::run_command("gdalwarp -q -t_srs EPSG:4549 -te 540000 3990000 548000 3994500 -ts 800 450 -r bilinear " +
                                    tif + " " + ref,
                                out) == 0);
  auto img = geo::read_image(png);
  auto want = geo::read_image(ref);
  REQUIRE(img.ok());
  REQUIRE(want.ok());
  // Compare at every 10th pixel whose 7x7 neighbourhood in the reference is one colour
  // (away from cell edges, where a sub-pixel difference in placement may show).
  int compared = 0, wrong = 0;
  for (int y = 3; y < 447; y += 10)
    for (int x = 3; x < 797; x += 10) {
      bool uniform = true;
      for (int dy = -3; dy <= 3 && uniform; ++dy)
        for (int dx = -3; dx <= 3 && uniform; ++dx)
          uniform = std::equal(want->at(x, y), want->at(x, y) + 3, want->at(x + dx, y + dy));
      if (!uniform) continue;
      ++compared;
      const uint8_t* w = want->at(x, y);
      if (!colour_is(*img, {x, y}, geo::Rgba{w[0], w[1], w[2], 255})) {
        ++wrong;
        const uint8_t* g = img->at(x, y);
        UNSCOPED_INFO("at " << x << "," << y << ": gdalwarp " << int(w[0]) << "," << int(w[1]) << "," << int(w[2])
                            << ", renewmap " << int(g[0]) << "," << int(g[1]) << "," << int(g[2]));
      }
    }
  CHECK(wrong == 0);
  INFO(compared << " pixels compared");
  CHECK(compared > 2000);
}
