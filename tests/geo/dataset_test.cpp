// What geo/ does around opening a source: GDAL's messages made fit for a person,
// archives listed member by member, the network guard, and the wire form the reader
// process sends layers back in.
#include <catch2/catch.hpp>

#include <cpl_conv.h>

#include <filesystem>
#include <fstream>

#include "geo/dataset.hpp"
#include "geo/network.hpp"
#include "geo/reader.hpp"
#include "geo/wire.hpp"
#include "support/datagen.hpp"

namespace fs = std::filesystem;

TEST_CASE("GDAL's messages lose GDAL's own source locations and keep the reason", "[geo][dataset]") {
  using geo::detail::plain_gdal_message;
  CHECK(plain_gdal_message("In file /build/gdal/ogr/ogrsf_frmts/geojson/ogrgeojsonreader.cpp, at line 1234, "
                           "Invalid coordinate") == "Invalid coordinate");
  CHECK(plain_gdal_message("Error parsing (ogr_geojson.cpp:512): unexpected token") ==
        "Error parsing: unexpected token");
  CHECK(plain_gdal_message("sqlite3_exec() failed in file `/src/ogrsqlitedatasource.cpp', line 77: no such table") ==
        "sqlite3_exec() failed: no such table");
  CHECK(plain_gdal_message("Should not happen at line 300") == "an internal error in GDAL");
  const std::string odbc = plain_gdal_message("Unable to initialize ODBC connection to DSN for DRIVER=x;DBQ=a.mdb,");
  CHECK(odbc.find("Access databases") == 0);
  CHECK(odbc.find("ODBC driver") != std::string::npos);
  // Ordinary text and paths of the user's own files stay as they are.
  CHECK(plain_gdal_message("Failed to open /data/roads.kml: no layers") == "Failed to open /data/roads.kml: no layers");
}

TEST_CASE("archives: the datasets inside, sidecars left out", "[geo][dataset]") {
  const std::string dir = testdata::temp_dir("dataset-archive");
  testdata::write_vector(dir + "/p.shp", "ESRI Shapefile",
                         {{"p", "EPSG:4549", {"name"}, {{"POINT (541000 3991000)", {{"name", "a"}}}}}});
  testdata::write_vector(dir + "/q.geojson", "GeoJSON", {{"q", "EPSG:4326", {"name"}, {{"POINT (120.4 36.1)", {{"name", "b"}}}}}});
  const std::string zip = dir + "/a.zip";
  void* z = CPLCreateZip(zip.c_str(), nullptr);
  REQUIRE(z);
  for (const char* name : {"p.shp", "p.shx", "p.dbf", "p.prj", "q.geojson"}) {
    std::ifstream in(dir + "/" + name, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE(CPLCreateFileInZip(z, (std::string("in/") + name).c_str(), nullptr) == CE_None);
    REQUIRE(CPLWriteFileInZip(z, bytes.data(), static_cast<int>(bytes.size())) == CE_None);
    REQUIRE(CPLCloseFileInZip(z) == CE_None);
  }
  REQUIRE(CPLCloseZip(z) == CE_None);

  CHECK(geo::detail::is_archive(zip));
  CHECK(geo::detail::is_archive("x.TAR.GZ"));
  CHECK_FALSE(geo::detail::is_archive("x.kmz"));  // KML's own: opens as it is
  CHECK_FALSE(geo::detail::is_archive("/vsizip/x.zip/a.shp"));
  auto members = geo::detail::archive_datasets(zip);
  REQUIRE(members);
  REQUIRE(members->size() == 2);
  CHECK((*members)[0] == "/vsizip/" + zip + "/in/p.shp");
  CHECK((*members)[1] == "/vsizip/" + zip + "/in/q.geojson");

  geo::ReadOutcome read = geo::read_vector({zip, {}});
  REQUIRE(read.errors.empty());
  REQUIRE(read.layers.size() == 2);
  CHECK(read.layers[0].source == zip);  // what the user opened, not the /vsizip/ path
  CHECK(read.layers[0].crs_label == "EPSG:4549");  // the .prj inside the zip was read
  CHECK(read.layers[1].crs_label == "EPSG:4326");
  CHECK(geo::read_vector({zip, "q"}).layers.size() == 1);
  const geo::ReadOutcome missing = geo::read_vector({zip, "nope"});
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].reason.find("no such layer") != std::string::npos);

  auto gone = geo::detail::archive_datasets(dir + "/missing.zip");
  REQUIRE_FALSE(gone);
  CHECK(gone.error().reason == "file not found");
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("the network guard refuses GDAL's fetches on its thread and names the host", "[geo][network]") {
  CHECK(geo::url_host("https://user:pw@tiles.example.org:8080/a/b?c") == "tiles.example.org:8080");
  CHECK(geo::url_host("http://h/x") == "h");
  const std::string dir = testdata::temp_dir("dataset-net");
  const std::string wfs = dir + "/w.xml";
  std::ofstream(wfs) << "<OGRWFSDataSource><URL>http://wfs.example.invalid/wfs?SERVICE=WFS</URL></OGRWFSDataSource>\n";
  geo::NetworkGuard guard(false);
  const geo::ReadOutcome read = geo::read_vector({wfs, {}});
  CHECK(read.layers.empty());
  REQUIRE(guard.refused_hosts().size() == 1);
  CHECK(guard.refused_hosts()[0] == "wfs.example.invalid");
  CHECK(guard.reason().find("--allow-network") != std::string::npos);
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("the wire form carries a layer whole, and a cut or damaged stream fails cleanly", "[geo][wire]") {
  const std::string dir = testdata::temp_dir("dataset-wire");
  testdata::write_vector(dir + "/l.gpkg", "GPKG",
                         {{"l", "EPSG:4549", {"name", "status"},
                           {{"POLYGON ((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))", {{"name", "甲"}, {"status", "规划"}}},
                            {"MULTILINESTRING ((0 0,1 1),(2 2,3 3))", {{"name", "乙"}, {"status", "在建"}}},
                            {"", {{"name", "丙"}, {"status", ""}}}}}});
  geo::ReadOutcome read = geo::read_vector({dir + "/l.gpkg", {}});
  REQUIRE(read.layers.size() == 1);
  geo::wire::Writer w;
  geo::wire::put(w, read);
  const std::string bytes = w.buffer();

  geo::wire::Reader r(bytes);
  geo::ReadOutcome back;
  REQUIRE(geo::wire::get(r, back));
  REQUIRE(back.layers.size() == 1);
  const geo::VectorLayer &a = read.layers[0], &b = back.layers[0];
  CHECK(b.xy == a.xy);
  CHECK(b.ring_offsets == a.ring_offsets);
  CHECK(b.part_offsets == a.part_offsets);
  CHECK(b.part_kinds == a.part_kinds);
  CHECK(b.feature_offsets == a.feature_offsets);
  CHECK(b.fids == a.fids);
  CHECK(b.crs == a.crs);
  CHECK(b.driver == "GPKG");
  REQUIRE(b.attributes.row_count() == 3);
  CHECK(b.attributes.get(1, static_cast<size_t>(b.attributes.find("name"))) == "乙");

  // Every shorter prefix fails (a child that died mid-answer), never reads past the end.
  for (size_t cut : {size_t{0}, size_t{1}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    geo::wire::Reader part(std::string_view(bytes).substr(0, cut));
    geo::ReadOutcome o;
    CHECK_FALSE(geo::wire::get(part, o));
  }
  // A count that claims more than there is fails instead of allocating it.
  std::string damaged = bytes;
  const uint64_t huge = uint64_t{1} << 40;
  std::memcpy(&damaged[8], &huge, 8);
  geo::wire::Reader bad(damaged);
  geo::ReadOutcome o;
  CHECK_FALSE(geo::wire::get(bad, o));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("the wire form carries a layer's description with its columns' kinds", "[geo][wire]") {
  geo::LayerInfo info;
  info.name = "parcels", info.crs = "EPSG:4549", info.driver = "PostgreSQL", info.fid_column = "fid";
  info.fields = {"status", "due", "n"};
  info.field_types = {geo::AttributeTable::Type::Text, geo::AttributeTable::Type::Date,
                      geo::AttributeTable::Type::Integer};
  geo::wire::Writer w;
  geo::wire::put(w, info);
  const std::string bytes = w.buffer();
  geo::wire::Reader r(bytes);
  geo::LayerInfo back;
  REQUIRE(geo::wire::get(r, back));
  CHECK(back.fields == info.fields);
  CHECK(back.field_types == info.field_types);
  CHECK(back.fid_column == "fid");
  // A kind the reader does not have fails instead of becoming one.
  std::string damaged = bytes;
  damaged.back() = static_cast<char>(200);
  geo::wire::Reader bad(damaged);
  geo::LayerInfo o;
  CHECK_FALSE(geo::wire::get(bad, o));
}
