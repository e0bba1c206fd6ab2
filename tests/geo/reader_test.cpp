#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "geo/reader.hpp"
#include "geo/status.hpp"
#include "geo/transform.hpp"
#include "support/datagen.hpp"

using geo::PartKind;
using Catch::Matchers::WithinAbs;

namespace {

struct KindCase {
  const char* name;
  const char* wkt;
  size_t points, lines, polygons;  // parts of each kind
  size_t rings;                    // rings in all parts
};

// Coordinates in EPSG:4549 metres (easting, northing) around Laoshan.
const KindCase kKinds[] = {
    {"point", "POINT (542318 3997850)", 1, 0, 0, 1},
    {"line", "LINESTRING (542000 3997000,542500 3997400,543000 3997100)", 0, 1, 0, 1},
    {"polygon_hole",
     "POLYGON ((540000 3990000,541000 3990000,541000 3991000,540000 3991000,540000 3990000),"
     "(540200 3990200,540400 3990200,540400 3990400,540200 3990400,540200 3990200))",
     0, 0, 1, 2},
    {"multipoint", "MULTIPOINT ((542000 3997000),(542100 3997100),(542200 3997200))", 3, 0, 0, 3},
    {"multiline", "MULTILINESTRING ((542000 3997000,542500 3997400),(543000 3997000,543500 3997500))", 0, 2, 0, 2},
    {"multipolygon",
     "MULTIPOLYGON (((540000 3990000,541000 3990000,541000 3991000,540000 3990000)),"
     "((545000 3990000,546000 3990000,546000 3991000,545000 3990000)))",
     0, 0, 2, 2},
};

size_t count_parts(const geo::VectorLayer& l, PartKind k) {
  size_t n = 0;
  for (PartKind p : l.part_kinds) n += p == k;
  return n;
}

// Where the cases lie: EPSG:4549 metres, and the same place in lon/lat (KML stores WGS 84).
const geo::Bbox kLaoshanMetres{500000, 3900000, 600000, 4100000};
const geo::Bbox kLaoshanLonLat{120.0, 35.9, 121.0, 36.4};

// The parts and rings of case `c` over the whole layer (a driver may split a multi-part
// geometry into one feature per part, as DXF does), every vertex east-first in `where`.
void check_parts(const geo::VectorLayer& l, const KindCase& c, const geo::Bbox& where) {
  CHECK(count_parts(l, PartKind::Point) == c.points);
  CHECK(count_parts(l, PartKind::Line) == c.lines);
  CHECK(count_parts(l, PartKind::Polygon) == c.polygons);
  CHECK(l.ring_offsets.size() - 1 == c.rings);
  for (size_t i = 0; i < l.vertex_count(); ++i) {
    INFO("vertex " << i << ": " << l.xy[2 * i] << ", " << l.xy[2 * i + 1]);
    CHECK(l.xy[2 * i] > where.min_x);
    CHECK(l.xy[2 * i] < where.max_x);
    CHECK(l.xy[2 * i + 1] > where.min_y);
    CHECK(l.xy[2 * i + 1] < where.max_y);
  }
}

// The one feature kind_layer(c) wrote, with its attributes, in `crs`: by default the
// EPSG:4549 it was written in, every coordinate east-first (eastings near 540 km,
// northings near 3990 km).
void check_kind(const geo::VectorLayer& l, const KindCase& c, const std::string& crs = "EPSG:4549",
                const geo::Bbox& where = kLaoshanMetres) {
  INFO(l.source << " " << c.name);
  REQUIRE(l.feature_count() == 1);
  CHECK(l.crs == crs);
  check_parts(l, c, where);
  const int status = l.attributes.find("status");
  REQUIRE(status >= 0);
  CHECK(l.attributes.get(0, static_cast<size_t>(status)) == "在建");
  const int name = geo::detect_name_field(l.attributes.names());  // KML calls it "Name"
  REQUIRE(name >= 0);
  CHECK(l.attributes.get(0, static_cast<size_t>(name)) == std::string("测试 ") + c.name);
}

testdata::LayerSpec kind_layer(const KindCase& c) {
  testdata::LayerSpec spec;
  spec.name = c.name;
  spec.crs = "EPSG:4549";
  spec.field_names = {"name", "status"};
  spec.features.push_back({c.wkt, {{"name", std::string("测试 ") + c.name}, {"status", "在建"}}});
  return spec;
}

// Writes `spec` to `path` with `driver` and reads it back: its one layer, read without errors.
geo::VectorLayer write_and_read(const std::string& path, const char* driver, const testdata::LayerSpec& spec,
                                const geo::ReadOptions& options = {}) {
  INFO(path);
  testdata::write_vector(path, driver, {spec});
  auto out = geo::read_vector({path, {}}, options);
  REQUIRE(out.errors.empty());
  REQUIRE(out.layers.size() == 1);
  return std::move(out.layers[0]);
}

}  // namespace

TEST_CASE("every geometry kind reads from GeoJSON, GeoPackage and Shapefile", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("kinds");
  for (const KindCase& c : kKinds) {
    check_kind(write_and_read(dir + "/" + c.name + ".geojson", "GeoJSON", kind_layer(c)), c);
    check_kind(write_and_read(dir + "/" + c.name + ".shp", "ESRI Shapefile", kind_layer(c)), c);
  }
  // One GeoPackage holding every kind as its own layer: all layers are read, in order.
  std::vector<testdata::LayerSpec> specs;
  for (const KindCase& c : kKinds) specs.push_back(kind_layer(c));
  const std::string gpkg = dir + "/kinds.gpkg";
  testdata::write_vector(gpkg, "GPKG", specs);
  auto out = geo::read_vector({gpkg, {}});
  REQUIRE(out.errors.empty());
  REQUIRE(out.layers.size() == std::size(kKinds));
  for (size_t i = 0; i < std::size(kKinds); ++i) check_kind(out.layers[i], kKinds[i]);

  SECTION("path::layer picks one layer") {
    auto one = geo::read_vector(geo::parse_source_spec(gpkg + "::multiline"));
    REQUIRE(one.layers.size() == 1);
    CHECK(one.layers[0].name == "multiline");
    auto missing = geo::read_vector(geo::parse_source_spec(gpkg + "::nope"));
    REQUIRE(missing.errors.size() == 1);
    CHECK(missing.errors[0].reason.find("no such layer") != std::string::npos);
    CHECK(missing.errors[0].reason.find("multiline") != std::string::npos);  // lists what exists
  }
}

TEST_CASE("every geometry kind reads from KML, FlatGeobuf, DXF and CSV", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("kinds2");
  // The drawing and the CSV carry no CRS: their EPSG:4549 metres are placed by the override.
  geo::ReadOptions gk120;
  gk120.source_crs = "EPSG:4549";
  for (const KindCase& c : kKinds) {
    INFO(c.name);
    check_kind(write_and_read(dir + "/" + c.name + ".fgb", "FlatGeobuf", kind_layer(c)), c);

    // KML is WGS 84 by definition: GDAL writes the points transformed to lon/lat.
    check_kind(write_and_read(dir + "/" + c.name + ".kml", "KML", kind_layer(c)), c, "EPSG:4326", kLaoshanLonLat);

    // GEOMETRY=AS_WKT
    check_kind(write_and_read(dir + "/" + c.name + ".csv", "CSV", kind_layer(c), gk120), c);

    // DXF keeps no attributes of ours, writes each part of a multi-geometry as its own
    // entity, and GDAL's DXF writer drops multipoints (nothing to read back).
    if (c.points > 1) continue;
    testdata::LayerSpec drawing = kind_layer(c);
    drawing.field_names.clear();
    drawing.features[0].fields.clear();
    const geo::VectorLayer dxf = write_and_read(dir + "/" + c.name + ".dxf", "DXF", drawing, gk120);
    CHECK(dxf.feature_count() == c.points + c.lines + c.polygons);
    CHECK(dxf.crs == "EPSG:4549");
    check_parts(dxf, c, kLaoshanMetres);
  }
}

TEST_CASE("a GeoJSON GeometryCollection reads as one feature of every part", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("geojson-gc");
  // Written by hand as GeoJSON has it (RFC 7946: lon/lat), with a collection nested in one.
  std::ofstream(dir + "/gc.geojson") << R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"name": "mixed", "status": "竣工"}, "geometry": {
      "type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [120.47, 36.11]},
        {"type": "LineString", "coordinates": [[120.40, 36.10], [120.41, 36.11]]},
        {"type": "Polygon", "coordinates": [[[120.40, 36.00], [120.50, 36.00], [120.50, 36.10], [120.40, 36.00]],
                                            [[120.45, 36.02], [120.47, 36.02], [120.47, 36.04], [120.45, 36.02]]]},
        {"type": "GeometryCollection", "geometries": [
          {"type": "MultiPoint", "coordinates": [[120.30, 36.20], [120.31, 36.21]]}]}]}},
    {"type": "Feature", "properties": {"name": "plain", "status": "在建"},
     "geometry": {"type": "Point", "coordinates": [120.48, 36.12]}}]})";
  auto out = geo::read_vector({dir + "/gc.geojson", {}});
  REQUIRE(out.errors.empty());
  REQUIRE(out.layers.size() == 1);
  const geo::VectorLayer& l = out.layers[0];
  CHECK(l.crs == "EPSG:4326");
  REQUIRE(l.feature_count() == 2);
  REQUIRE(l.feature_offsets[1] - l.feature_offsets[0] == 5);  // point, line, polygon, 2 points
  CHECK(l.part_kinds[0] == PartKind::Point);
  CHECK(l.part_kinds[1] == PartKind::Line);
  CHECK(l.part_kinds[2] == PartKind::Polygon);
  CHECK(l.part_kinds[3] == PartKind::Point);
  CHECK(l.part_kinds[4] == PartKind::Point);
  CHECK(l.part_offsets[3] - l.part_offsets[2] == 2);  // shell and hole
  CHECK(l.feature_offsets[2] - l.feature_offsets[1] == 1);
  CHECK_THAT(l.xy[0], WithinAbs(120.47, 1e-9));
  CHECK_THAT(l.xy[1], WithinAbs(36.11, 1e-9));
  CHECK(l.bounds.min_x == 120.30);
  CHECK(l.bounds.max_y == 36.21);
  CHECK(l.attributes.get(0, static_cast<size_t>(l.attributes.find("status"))) == "竣工");
}

TEST_CASE("polygon holes keep their vertices and ring structure", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("hole");
  const std::string path = dir + "/hole.gpkg";
  testdata::write_vector(path, "GPKG", {kind_layer(kKinds[2])});
  auto out = geo::read_vector({path, {}});
  REQUIRE(out.layers.size() == 1);
  const geo::VectorLayer& l = out.layers[0];
  REQUIRE(l.ring_offsets.size() == 3);
  CHECK(l.ring_offsets[1] - l.ring_offsets[0] == 5);  // closed shell, as GDAL gives it
  CHECK(l.ring_offsets[2] - l.ring_offsets[1] == 5);
  CHECK(l.bounds.min_x == 540000);
  CHECK(l.bounds.max_y == 3991000);
}

TEST_CASE("collections, curves and Z/M geometries are flattened", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("coll");
  testdata::LayerSpec spec;
  spec.crs = "EPSG:4549";
  spec.field_names = {"name"};
  spec.features = {
      {"GEOMETRYCOLLECTION (POINT (540000 3990000),LINESTRING (540000 3990000,540100 3990100),"
       "GEOMETRYCOLLECTION (POLYGON ((540000 3990000,540100 3990000,540100 3990100,540000 3990000))))",
       {{"name", "collection"}}},
      {"CIRCULARSTRING (540000 3990000,540100 3990100,540200 3990000)", {{"name", "arc"}}},
      {"POINT Z (540000 3990000 55)", {{"name", "z"}}},
      {"LINESTRING ZM (540000 3990000 1 2,540100 3990000 3 4)", {{"name", "zm"}}},
      {"", {{"name", "no geometry"}}},
  };
  const std::string path = dir + "/coll.gpkg";
  testdata::write_vector(path, "GPKG", {spec});
  auto out = geo::read_vector({path, {}});
  REQUIRE(out.errors.empty());
  REQUIRE(out.layers.size() == 1);
  const geo::VectorLayer& l = out.layers[0];
  REQUIRE(l.feature_count() == 5);
  // The nested collection: point, line, polygon.
  REQUIRE(l.feature_offsets[1] - l.feature_offsets[0] == 3);
  CHECK(l.part_kinds[0] == PartKind::Point);
  CHECK(l.part_kinds[1] == PartKind::Line);
  CHECK(l.part_kinds[2] == PartKind::Polygon);
  // The arc is linearised into many vertices along the circle through its 3 points.
  const uint32_t arc_part = l.feature_offsets[1];
  CHECK(l.part_kinds[arc_part] == PartKind::Line);
  const uint32_t ring = l.part_offsets[arc_part];
  const uint32_t n = l.ring_offsets[ring + 1] - l.ring_offsets[ring];
  CHECK(n > 10);
  for (uint32_t v = l.ring_offsets[ring]; v < l.ring_offsets[ring + 1]; ++v) {
    const double dx = l.xy[2 * v] - 540100, dy = l.xy[2 * v + 1] - 3990000;
    CHECK_THAT(std::hypot(dx, dy), WithinAbs(100.0, 1e-6));
  }
  // Z and M dropped: 2 doubles per vertex, values intact.
  const uint32_t zpart = l.feature_offsets[2];
  const uint32_t zv = l.ring_offsets[l.part_offsets[zpart]];
  CHECK(l.xy[2 * zv] == 540000);
  CHECK(l.xy[2 * zv + 1] == 3990000);
  // The null geometry stays a row (attributes kept) with no parts.
  CHECK(l.feature_offsets[5] == l.feature_offsets[4]);
  CHECK(l.attributes.get(4, 0) == "no geometry");
  CHECK(l.fids.size() == 5);
}

TEST_CASE("lon/lat layers come out longitude-first whatever the authority axis order", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("axis");
  for (const char* crs : {"EPSG:4490", "EPSG:4326"}) {
    testdata::LayerSpec spec;
    spec.crs = crs;
    spec.field_names = {"name"};
    spec.features = {{"POINT (120.47 36.11)", {{"name", "district government"}}}};
    const std::pair<const char*, const char*> drivers[] = {
        {"GPKG", ".gpkg"}, {"GeoJSON", ".geojson"}, {"ESRI Shapefile", ".shp"}};
    for (const auto& [driver, ext] : drivers) {
      const std::string file = dir + "/p" + std::string(crs).substr(5) + ext;
      testdata::write_vector(file, driver, {spec});
      auto out = geo::read_vector({file, {}});
      INFO(crs << " " << driver);
      REQUIRE(out.layers.size() == 1);
      CHECK_THAT(out.layers[0].xy[0], WithinAbs(120.47, 1e-9));
      CHECK_THAT(out.layers[0].xy[1], WithinAbs(36.11, 1e-9));
    }
  }
}

TEST_CASE("a layer without a CRS is assumed lon/lat only when it looks like it", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("nocrs");
  testdata::LayerSpec lonlat;
  lonlat.field_names = {"name"};
  lonlat.features = {{"POINT (120.47 36.11)", {{"name", "a"}}}};
  testdata::write_vector(dir + "/ll.shp", "ESRI Shapefile", {lonlat});
  auto out = geo::read_vector({dir + "/ll.shp", {}});
  REQUIRE(out.layers.size() == 1);
  CHECK(out.layers[0].crs == "EPSG:4326");
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].reason.find("EPSG:4326 is assumed") != std::string::npos);

  testdata::LayerSpec metres = lonlat;
  metres.features = {{"POINT (542318 3997850)", {{"name", "b"}}}};
  testdata::write_vector(dir + "/m.shp", "ESRI Shapefile", {metres});
  out = geo::read_vector({dir + "/m.shp", {}});
  CHECK(out.layers.empty());
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].source == dir + "/m.shp");
  CHECK(out.errors[0].reason.find("no coordinate reference system") != std::string::npos);

  // Described all the same (--info): fields, counts and names, CRS unknown, the hint said.
  geo::ReadOptions describe;
  describe.describe_only = true;
  out = geo::read_vector({dir + "/m.shp", {}}, describe);
  REQUIRE(out.layers.size() == 1);
  CHECK(out.errors.empty());
  CHECK(out.layers[0].crs.empty());
  CHECK(out.layers[0].crs_label == "unknown");
  CHECK(out.layers[0].feature_count() == 1);
  CHECK(out.layers[0].attributes.get(0, 0) == "b");
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].reason.find("--source-crs") != std::string::npos);
}

// The rule the command line documents: no features loads with a warning; features
// none of which has a geometry fail (the data is there but cannot be placed).
TEST_CASE("an empty layer loads with a warning, a layer of features without geometry fails", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("empty-rule");
  testdata::LayerSpec empty{"empty", "EPSG:4549", {"name"}, {}};
  testdata::write_vector(dir + "/e.gpkg", "GPKG", {empty});
  auto out = geo::read_vector({dir + "/e.gpkg", {}});
  REQUIRE(out.layers.size() == 1);
  CHECK(out.errors.empty());
  REQUIRE(out.warnings.size() == 1);
  CHECK(out.warnings[0].reason == "has no features: nothing to draw");

  testdata::LayerSpec nogeom{"nogeom", "EPSG:4549", {"name"}, {{"", {{"name", "a"}}}, {"", {{"name", "b"}}}}};
  testdata::write_vector(dir + "/n.gpkg", "GPKG", {nogeom});
  out = geo::read_vector({dir + "/n.gpkg", {}});
  CHECK(out.layers.empty());
  REQUIRE(out.errors.size() == 1);
  CHECK(out.errors[0].reason.find("none of its 2 features has a geometry") == 0);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_CASE("a source CRS override places drawings without a CRS and wins over a declared one", "[geo][reader][crs]") {
  const std::string dir = testdata::temp_dir("srccrs");
  testdata::LayerSpec drawing;
  drawing.field_names = {};
  drawing.features = {{"POINT (542318 3997850)", {}}, {"LINESTRING (542000 3997000,542500 3997400)", {}}};
  const std::string dxf = dir + "/plan.dxf";
  testdata::write_vector(dxf, "DXF", {drawing});

  // No CRS in a DXF and metres: refused, and the message says how to give one.
  auto refused = geo::read_vector({dxf, {}});
  CHECK(refused.layers.empty());
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0].reason.find("no coordinate reference system") != std::string::npos);
  CHECK(refused.errors[0].reason.find("--source-crs") != std::string::npos);
  CHECK(refused.errors[0].reason.find("\"crs\"") != std::string::npos);

  geo::ReadOptions gk120;
  gk120.source_crs = "EPSG:4549";
  auto placed = geo::read_vector({dxf, {}}, gk120);
  REQUIRE(placed.errors.empty());
  REQUIRE(placed.layers.size() == 1);
  geo::VectorLayer l = std::move(placed.layers[0]);
  CHECK(l.crs == "EPSG:4549");
  CHECK(l.xy[0] == 542318);  // as stored: no transform into its own CRS
  CHECK(l.xy[1] == 3997850);
  // Lands where PROJ puts EPSG:4549 (542318, 3997850): 120.469998 E, 36.109995 N
  // (ogr2ogr to KML gives the same to the 6th decimal).
  REQUIRE(geo::reproject(l, "EPSG:4490", 1).ok());
  CHECK_THAT(l.xy[0], WithinAbs(120.469998, 1e-6));
  CHECK_THAT(l.xy[1], WithinAbs(36.109995, 1e-6));

  // A .prj beside a DXF: the DXF driver does not read it, the viewer does.
  {
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    srs.morphToESRI();
    char* wkt = nullptr;
    srs.exportToWkt(&wkt);
    std::ofstream(dir + "/plan.prj") << wkt;
    CPLFree(wkt);
  }
  auto with_prj = geo::read_vector({dxf, {}});
  REQUIRE(with_prj.errors.empty());
  REQUIRE(with_prj.layers.size() == 1);
  CHECK(with_prj.layers[0].crs == "EPSG:4549");
  auto info = geo::inspect_source({dxf, {}});  // what picks the display CRS sees it too
  REQUIRE(info.ok());
  CHECK((*info)[0].crs == "EPSG:4549");
  CHECK((*info)[0].projected);
  std::ofstream(dir + "/plan.prj") << "not a CRS";
  auto bad_prj = geo::read_vector({dxf, {}});
  REQUIRE(bad_prj.errors.size() == 1);
  CHECK(bad_prj.errors[0].reason.find(".prj file could not be understood") != std::string::npos);

  // A layer that declares the wrong CRS (metres labelled lon/lat): the override wins.
  testdata::LayerSpec mislabelled;
  mislabelled.crs = "EPSG:4326";
  mislabelled.field_names = {"name"};
  mislabelled.features = {{"POINT (542318 3997850)", {{"name", "a"}}}};
  testdata::write_vector(dir + "/wrong.gpkg", "GPKG", {mislabelled});
  auto overridden = geo::read_vector({dir + "/wrong.gpkg", {}}, gk120);
  REQUIRE(overridden.layers.size() == 1);
  CHECK(overridden.layers[0].crs == "EPSG:4549");
  CHECK(overridden.layers[0].xy[0] == 542318);

  geo::ReadOptions nonsense;
  nonsense.source_crs = "EPSG:999999";
  auto bad = geo::read_vector({dxf, {}}, nonsense);
  REQUIRE(bad.errors.size() == 1);
  CHECK(bad.errors[0].reason.find("'EPSG:999999' is not a coordinate reference system") != std::string::npos);
}

TEST_CASE("unreadable sources give a message naming the file and the reason", "[geo][reader]") {
  const std::string dir = testdata::temp_dir("bad");
  auto missing = geo::read_vector({dir + "/nothing.gpkg", {}});
  REQUIRE(missing.errors.size() == 1);
  CHECK(missing.errors[0].source == dir + "/nothing.gpkg");
  CHECK(missing.errors[0].reason == "file not found");

  std::ofstream(dir + "/junk.geojson") << "{ this is not json";
  auto junk = geo::read_vector({dir + "/junk.geojson", {}});
  REQUIRE(junk.errors.size() == 1);
  CHECK(junk.errors[0].what().find("junk.geojson") != std::string::npos);

  std::ofstream(dir + "/empty.gpkg");
  auto empty = geo::read_vector({dir + "/empty.gpkg", {}});
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.layers.empty());
}

TEST_CASE("source specs split on the last double colon", "[geo][reader]") {
  CHECK(geo::parse_source_spec("a.gpkg").path == "a.gpkg");
  CHECK(geo::parse_source_spec("a.gpkg").layer.empty());
  CHECK(geo::parse_source_spec("a.gpkg::roads").layer == "roads");
  CHECK(geo::parse_source_spec("dir::x/a.gpkg::roads").path == "dir::x/a.gpkg");
  CHECK(geo::parse_source_spec("PG:dbname=x").path == "PG:dbname=x");
  CHECK(geo::parse_source_spec("a.gpkg::").path == "a.gpkg::");
}

namespace {

// A point Shapefile `dir`/`stem`.shp in EPSG:4549 with fields name and 状态, written the
// way Chinese desktop GIS writes it: GBK text, then no .cpg and the "ANSI" language
// byte, so nothing in the files says GBK.
std::string write_gbk_shapefile(const std::string& dir, const std::string& stem,
                                const std::vector<std::pair<std::string, std::string>>& names_statuses) {
  const std::string shp = dir + "/" + stem + ".shp";
  GDALAllRegister();
  {
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    std::unique_ptr<GDALDataset> ds(drv->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4549);
    char** options = CSLSetNameValue(nullptr, "ENCODING", "CP936");
    OGRLayer* l = ds->CreateLayer(stem.c_str(), &srs, wkbPoint, options);
    CSLDestroy(options);
    OGRFieldDefn name("name", OFTString), status("状态", OFTString);
    l->CreateField(&name);
    l->CreateField(&status);
    for (const auto& [n, st] : names_statuses) {
      OGRFeature* f = OGRFeature::CreateFeature(l->GetLayerDefn());
      f->SetField(0, n.c_str());
      f->SetField(1, st.c_str());
      OGRPoint p(542318, 3997850);
      f->SetGeometry(&p);
      REQUIRE(l->CreateFeature(f) == OGRERR_NONE);
      OGRFeature::DestroyFeature(f);
    }
  }
  std::filesystem::remove(dir + "/" + stem + ".cpg");
  std::fstream dbf(dir + "/" + stem + ".dbf", std::ios::in | std::ios::out | std::ios::binary);
  dbf.seekp(29);
  dbf.put(static_cast<char>(0x57));
  return shp;
}

}  // namespace

TEST_CASE("a GBK Shapefile without .cpg reads as Chinese, and the encoding can be overridden", "[geo][reader][encoding]") {
  const std::string dir = testdata::temp_dir("gbk");
  const std::string shp = write_gbk_shapefile(
      dir, "gbk", {{"崂山区张村社区", "在建"}, {"老旧小区改造 中韩街道", "在建"}, {"海尔路地下停车场", "在建"}});
  auto out = geo::read_vector({shp, {}});
  REQUIRE(out.layers.size() == 1);
  const geo::VectorLayer& l = out.layers[0];
  CHECK(l.encoding == "GB18030");
  REQUIRE(l.attributes.find("状态") == 1);  // field names decoded too
  CHECK(l.attributes.get(0, 0) == "崂山区张村社区");
  CHECK(l.attributes.get(1, 0) == "老旧小区改造 中韩街道");
  CHECK(l.attributes.get(2, 1) == "在建");
  REQUIRE_FALSE(out.warnings.empty());
  CHECK(out.warnings[0].reason.find("GB18030") != std::string::npos);

  geo::ReadOptions latin;
  latin.encoding = "ISO-8859-1";  // the user's override wins, right or wrong
  auto forced = geo::read_vector({shp, {}}, latin);
  REQUIRE(forced.layers.size() == 1);
  CHECK(forced.layers[0].attributes.get(0, 0) != "崂山区张村社区");
  CHECK(forced.layers[0].encoding == "ISO-8859-1");
}

TEST_CASE("attribute filters select features by OGR SQL and report bad expressions", "[geo][reader][filter]") {
  const std::string dir = testdata::temp_dir("filter");
  testdata::LayerSpec spec;
  spec.name = "projects";
  spec.crs = "EPSG:4549";
  spec.field_names = {"name", "status", "households"};
  const char* statuses[] = {"在建", "竣工", "在建", "规划", "滞后"};
  for (int i = 0; i < 5; ++i)
    spec.features.push_back({"POINT (54" + std::to_string(i) + "000 3990000)",
                             {{"name", "p" + std::to_string(i)}, {"status", statuses[i]}, {"households", std::to_string(100 * i)}}});
  for (const char* driver : {"GPKG", "ESRI Shapefile"}) {
    const std::string path = dir + (driver[0] == 'G' ? "/f.gpkg" : "/f.shp");
    testdata::write_vector(path, driver, {spec});
    auto read = geo::read_vector({path, {}});
    REQUIRE(read.layers.size() == 1);
    const geo::VectorLayer& l = read.layers[0];
    auto in_construction = geo::filter_features({path, {}}, l, "status = '在建'");
    REQUIRE(in_construction.ok());
    CHECK(*in_construction == std::vector<uint8_t>{1, 0, 1, 0, 0});
    auto big = geo::filter_features({path, {}}, l, "CAST(households AS INTEGER) >= 200 AND status <> '规划'");
    REQUIRE(big.ok());
    CHECK(*big == std::vector<uint8_t>{0, 0, 1, 0, 1});
    auto all = geo::filter_features({path, {}}, l, "  ");
    REQUIRE(all.ok());
    CHECK(*all == std::vector<uint8_t>(5, 1));
    auto bad = geo::filter_features({path, {}}, l, "status = = 'x'");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().reason.find("invalid filter") != std::string::npos);
    auto unknown_field = geo::filter_features({path, {}}, l, "nonexistent = 1");
    CHECK_FALSE(unknown_field.ok());
    // Checked as typed, without reading the file: the same verdicts.
    CHECK_FALSE(geo::check_filter(l, "status = '在建'"));
    CHECK_FALSE(geo::check_filter(l, "CAST(households AS INTEGER) >= 200 AND status <> '规划'"));
    CHECK_FALSE(geo::check_filter(l, "  "));
    CHECK_FALSE(geo::check_filter(l, "name LIKE 'p%'"));
    CHECK(geo::check_filter(l, "status = = 'x'"));
    CHECK(geo::check_filter(l, "status = '在建' AND"));
    const auto misspelt = geo::check_filter(l, "nonexistent = 1");
    REQUIRE(misspelt);
    CHECK(misspelt->find("nonexistent") != std::string::npos);
  }

  SECTION("a GBK Shapefile without .cpg filters with Chinese literals, as read") {
    const std::string shp =
        write_gbk_shapefile(dir, "gbk", {{"北村", "在建"}, {"南村", "竣工"}, {"北村二期", "在建"}});
    for (const std::string& encoding : {std::string(), std::string("GBK")}) {  // detected, then overridden
      INFO("encoding override '" << encoding << "'");
      geo::ReadOptions o;
      o.encoding = encoding;
      auto read = geo::read_vector({shp, {}}, o);
      REQUIRE(read.layers.size() == 1);
      const geo::VectorLayer& l = read.layers[0];
      REQUIRE(l.encoding == "GB18030");
      auto north = geo::filter_features({shp, {}}, l, "name = '北村'");
      REQUIRE(north.ok());
      CHECK(*north == std::vector<uint8_t>{1, 0, 0});
      auto like = geo::filter_features({shp, {}}, l, "name LIKE '北村%' AND \"状态\" = '在建'");  // field name decoded too
      REQUIRE(like.ok());
      CHECK(*like == std::vector<uint8_t>{1, 0, 1});
      auto by_fid = geo::filter_features({shp, {}}, l.name, l.fids, l.encoding, "\"状态\" = '竣工'");
      REQUIRE(by_fid.ok());
      CHECK(*by_fid == std::vector<uint8_t>{0, 1, 0});
    }
  }
}

TEST_CASE("CSV files give points from X/Y columns or geometry from a WKT column", "[geo][reader][csv]") {
  const std::string dir = testdata::temp_dir("csv");
  std::ofstream(dir + "/xy.csv") << "name,经度,纬度,status\n张村停车场,120.47,36.11,在建\nB,120.48,36.12,竣工\n";
  auto xy = geo::read_vector({dir + "/xy.csv", {}});
  REQUIRE(xy.layers.size() == 1);
  REQUIRE(xy.layers[0].feature_count() == 2);
  CHECK(xy.layers[0].part_kinds[0] == geo::PartKind::Point);
  CHECK_THAT(xy.layers[0].xy[0], WithinAbs(120.47, 1e-9));
  CHECK_THAT(xy.layers[0].xy[1], WithinAbs(36.11, 1e-9));
  CHECK(xy.layers[0].crs == "EPSG:4326");  // no CRS, lon/lat range: assumed with a warning
  CHECK(xy.layers[0].attributes.get(0, 0) == "张村停车场");
  // 东坐标 / 北坐标 (east / north coordinate) are recognised too.
  std::ofstream(dir + "/en.csv") << "name,东坐标,北坐标\nA,541000.5,3991000.25\n";
  geo::ReadOptions gk;
  gk.source_crs = "EPSG:4549";
  auto en = geo::read_vector({dir + "/en.csv", {}}, gk);
  REQUIRE(en.layers.size() == 1);
  CHECK_THAT(en.layers[0].xy[0], WithinAbs(541000.5, 1e-9));
  CHECK_THAT(en.layers[0].xy[1], WithinAbs(3991000.25, 1e-9));

  std::ofstream(dir + "/wkt.csv") << "WKT,name\n\"POLYGON ((0 0,1 0,1 1,0 0))\",a\n";
  auto wkt = geo::read_vector({dir + "/wkt.csv", {}});
  REQUIRE(wkt.layers.size() == 1);
  CHECK(wkt.layers[0].part_kinds[0] == geo::PartKind::Polygon);
}

TEST_CASE("a CSV whose coordinate columns have unusual names reads once they are named", "[geo][reader][csv]") {
  const std::string dir = testdata::temp_dir("csvxy");
  std::ofstream(dir + "/odd.csv") << "项目,测点E,测点N\nA,120.47,36.11\n";
  auto info = geo::inspect_source({dir + "/odd.csv", {}});
  REQUIRE(info.ok());
  REQUIRE(info->size() == 1);
  CHECK_FALSE((*info)[0].has_geometry);  // the Open dialog then asks which columns
  CHECK((*info)[0].fields == std::vector<std::string>{"项目", "测点E", "测点N"});
  // Read without them: refused, saying how to name them.
  auto unnamed = geo::read_vector({dir + "/odd.csv", {}});
  REQUIRE(unnamed.errors.size() == 1);
  CHECK(unnamed.errors[0].reason.find("choose its X/Y columns in the Open dialog") != std::string::npos);
  geo::ReadOptions o;
  o.csv_x = "测点E";
  o.csv_y = "测点N";
  auto read = geo::read_vector({dir + "/odd.csv", {}}, o);
  REQUIRE(read.layers.size() == 1);
  REQUIRE(read.layers[0].feature_count() == 1);
  CHECK(read.layers[0].part_kinds[0] == geo::PartKind::Point);
  CHECK_THAT(read.layers[0].xy[0], WithinAbs(120.47, 1e-9));
  CHECK_THAT(read.layers[0].xy[1], WithinAbs(36.11, 1e-9));
  CHECK(read.layers[0].crs == "EPSG:4326");  // lon/lat without a CRS: assumed, with a warning
}

TEST_CASE("a layer's shape from inspect_source is the shape read_vector gives for no row", "[geo][reader]") {
  // Every column type the reader keeps apart: text, integers, reals, dates, date-times.
  const std::string dir = testdata::temp_dir("shape");
  std::ofstream(dir + "/kinds.geojson")
      << R"({"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4549"}},
 "features": [{"type": "Feature", "properties": {"名称": "甲", "n": 7, "big": 9007199254740993, "x": 1.5,
  "due": "2023-05-16", "stamp": "2023-05-16T08:30:00", "flag": true, "tags": ["a", "b"]},
  "geometry": {"type": "Point", "coordinates": [542318, 3997850]}}]})";
  std::string out;
  REQUIRE(testdata::run_command("ogr2ogr -f GPKG " + dir + "/kinds.gpkg " + dir + "/kinds.geojson", out) == 0);
  for (const char* file : {"kinds.geojson", "kinds.gpkg"}) {
    CAPTURE(file);
    const std::string path = dir + "/" + file;
    auto infos = geo::inspect_source({path, {}});
    REQUIRE(infos);
    REQUIRE(infos->size() == 1);
    const geo::VectorLayer shape = geo::empty_layer(path, infos->front());
    geo::ReadOptions none;
    none.where = "1 = 0";  // (OGR SQL has no FALSE)
    const geo::ReadOutcome read = geo::read_vector({path, {}}, none);
    INFO((read.errors.empty() ? std::string() : read.errors[0].reason));
    REQUIRE(read.errors.empty());
    REQUIRE(read.layers.size() == 1);
    const geo::VectorLayer& gdal = read.layers[0];
    CHECK(gdal.feature_count() == 0);
    CHECK(shape.source == gdal.source);
    CHECK(shape.name == gdal.name);
    CHECK(shape.driver == gdal.driver);
    CHECK(shape.crs == gdal.crs);
    CHECK(shape.crs_label == gdal.crs_label);
    CHECK(shape.crs == "EPSG:4549");
    CHECK(shape.attributes.names() == gdal.attributes.names());
    REQUIRE(shape.attributes.column_count() == 8);
    for (size_t c = 0; c < shape.attributes.column_count(); ++c) {
      CAPTURE(shape.attributes.names()[c]);
      CHECK(shape.attributes.type(c) == gdal.attributes.type(c));
    }
    // The kinds themselves, so that the comparison is not of two empty lists.
    using Type = geo::AttributeTable::Type;
    CHECK(shape.attributes.type(static_cast<size_t>(shape.attributes.find("名称"))) == Type::Text);
    CHECK(shape.attributes.type(static_cast<size_t>(shape.attributes.find("big"))) == Type::Integer);
    CHECK(shape.attributes.type(static_cast<size_t>(shape.attributes.find("x"))) == Type::Real);
    CHECK(shape.attributes.type(static_cast<size_t>(shape.attributes.find("due"))) == Type::Date);
    CHECK(shape.attributes.type(static_cast<size_t>(shape.attributes.find("stamp"))) == Type::Date);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
