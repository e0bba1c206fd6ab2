#include <catch2/catch.hpp>

#include <gdal_priv.h>

#include <memory>

#include "geo/raster.hpp"
#include "geo/transform.hpp"
#include "support/datagen.hpp"

namespace {

// A 200x200 GeoTIFF in EPSG:4326 over 120.40-120.50E, 36.05-36.15N: red grows
// eastwards, green northwards, blue constant.
std::string write_gradient(const std::string& dir) {
  GDALAllRegister();
  const std::string path = dir + "/gradient.tif";
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 200, 200, 3, GDT_Byte, nullptr));
  const double gt[6] = {120.40, 0.0005, 0, 36.15, 0, -0.0005};
  ds->SetGeoTransform(const_cast<double*>(gt));
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  ds->SetSpatialRef(&srs);
  std::vector<uint8_t> r(200 * 200), g(200 * 200), b(200 * 200, 128);
  for (int y = 0; y < 200; ++y)
    for (int x = 0; x < 200; ++x) {
      r[y * 200 + x] = static_cast<uint8_t>(x);
      g[y * 200 + x] = static_cast<uint8_t>(255 - y);
    }
  for (int band = 1; band <= 3; ++band)
    REQUIRE(ds->GetRasterBand(band)->RasterIO(GF_Write, 0, 0, 200, 200, band == 1 ? r.data() : band == 2 ? g.data() : b.data(),
                                              200, 200, GDT_Byte, 0, 0, nullptr) == CE_None);
  return path;
}

}  // namespace

TEST_CASE("raster basemap pixels land where gdalwarp puts them", "[geo][raster]") {
  const std::string dir = testdata::temp_dir("raster");
  const std::string tif = write_gradient(dir);
  CHECK(geo::is_raster(tif));
  // A view in EPSG:4549 inside the raster's footprint.
  geo::Bbox view;
  view.add(538000, 3995000);
  view.add(544000, 4000000);
  auto ours = geo::warp_raster(tif, "EPSG:4549", view, 120, 100);
  REQUIRE(ours.ok());
  std::string out;
  REQUIRE(testdata::run_command("gdalwarp -q -overwrite -t_srs EPSG:4549 -te 538000 3995000 544000 4000000 -ts 120 100 "
                                "-r bilinear -dstalpha " + tif + " " + dir + "/ref.tif",
                                out) == 0);
  auto ref = geo::read_image(dir + "/ref.tif");
  REQUIRE(ref.ok());
  REQUIRE(ref->width == 120);
  size_t differing = 0;
  for (size_t i = 0; i < ours->rgba.size(); ++i) differing += std::abs(ours->rgba[i] - ref->rgba[i]) > 1;
  CHECK(differing == 0);
  // And the colours mean what they should: at 120.45E 36.10N (the raster's centre)
  // red and green are about 100 and 155.
  double x = 120.45, y = 36.10;
  auto t = geo::Transformer::create("EPSG:4326", "EPSG:4549");
  REQUIRE(t->transform_point(x, y));
  const int px = static_cast<int>((x - 538000) / 50.0), py = static_cast<int>((4000000 - y) / 50.0);
  const uint8_t* c = ours->at(px, py);
  CHECK(std::abs(c[0] - 100) <= 3);
  CHECK(std::abs(c[1] - 155) <= 3);
  CHECK(c[3] == 255);

  auto extent = geo::raster_extent(tif, "EPSG:4549");
  REQUIRE(extent.ok());
  CHECK(extent->contains(x, y));
  // Outside the raster: transparent.
  geo::Bbox far;
  far.add(600000, 4100000);
  far.add(601000, 4101000);
  auto empty = geo::warp_raster(tif, "EPSG:4549", far, 10, 10);
  REQUIRE(empty.ok());
  CHECK(empty->at(5, 5)[3] == 0);
  CHECK_FALSE(geo::warp_raster(dir + "/missing.tif", "EPSG:4549", view, 10, 10).ok());
}

TEST_CASE("XYZ tile templates become GDAL tile-service rasters, and network sources are recognised", "[geo][raster]") {
  const std::string src = geo::xyz_source("https://tiles.example/{z}/{x}/{y}.png?key=a&b=c", "/tmp/renewmap-tiles");
  CHECK(src.find("${z}/${x}/${y}.png?key=a&amp;b=c") != std::string::npos);
  CHECK(geo::is_xyz_template("https://t/{z}/{x}/{y}.png"));
  CHECK_FALSE(geo::is_xyz_template("/data/tiles/{z}.png"));
  // Opening the description reads no tile (nothing is fetched here, offline).
  CHECK(geo::is_raster(src));
  auto world = geo::raster_extent(src, "EPSG:3857");
  REQUIRE(world.ok());
  CHECK(world->min_x < -2.0e7);
  CHECK(world->max_y > 2.0e7);
  for (const char* s : {"https://x/a.gpkg", "/vsicurl/http://x/a.gpkg", "PG:dbname=bureau", "/vsis3/b/k.tif"})
    CHECK(geo::is_network_source(s));
  CHECK(geo::is_network_source(src));
  for (const char* s : {"/data/a.gpkg", "a.shp", "relative/dir/x.geojson", "/vsimem/x.gpkg"})
    CHECK_FALSE(geo::is_network_source(s));
}

TEST_CASE("a raster with no georeferencing says it cannot be placed, and why", "[geo][raster]") {
  GDALAllRegister();
  const std::string dir = testdata::temp_dir("unplaced");
  const std::string path = dir + "/scan.tif";
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
    std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 8, 8, 1, GDT_Byte, nullptr));
    REQUIRE(ds);
  }
  auto extent = geo::raster_extent(path, "EPSG:4549");
  REQUIRE_FALSE(extent);
  CHECK(extent.error().source == path);
  CHECK(extent.error().reason.find("cannot be placed on the map: it has no georeferencing") == 0);
}
