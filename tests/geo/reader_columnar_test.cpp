// The column-oriented read (GDAL's Arrow stream, geo/columnar.hpp) gives the same layer
// as the feature-by-feature read, array for array and value for value: every geometry
// kind (with Z and M, empty, null, self-crossing, curved), every field type (nulls,
// widths, Chinese text, dates), and the Laoshan GeoPackage itself.
#include <catch2/catch.hpp>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>

#include "geo/columnar.hpp"
#include "geo/reader.hpp"
#include "support/same_layer.hpp"
#include "support/datagen.hpp"

namespace {


struct Both {
  geo::ReadOutcome by_columns, by_features;
  size_t columnar_layers = 0;  // layers the first read took through the stream
};

Both read_both(const std::string& path) {
  Both both;
  const size_t before = geo::detail::columnar_layers_read();
  both.by_columns = geo::read_vector(geo::parse_source_spec(path));
  both.columnar_layers = geo::detail::columnar_layers_read() - before;
  geo::ReadOptions features;
  features.columnar = false;
  both.by_features = geo::read_vector(geo::parse_source_spec(path), features);
  REQUIRE(geo::detail::columnar_layers_read() - before == both.columnar_layers);  // the second did not
  return both;
}

// A GeoPackage with one layer of every geometry kind and typed fields.
// `declined`: with the field types the stream is not trusted with (a date-time, whose
// time zone it drops; a boolean, whose bits GDAL 3.6 packs wrongly).
std::string write_typed_gpkg(const std::string& dir, bool declined) {
  const std::string path = dir + "/typed.gpkg";
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRSpatialReference srs;
  srs.importFromEPSG(4549);
  OGRLayer* l = ds->CreateLayer("typed", &srs, wkbUnknown, nullptr);
  OGRFieldDefn name("name", OFTString), count("count", OFTInteger), big("big", OFTInteger64),
      area("area", OFTReal), share("share", OFTReal), day("planned_finish", OFTDate), floors("floors", OFTInteger);
  share.SetWidth(8), share.SetPrecision(3);
  floors.SetSubType(OFSTInt16);
  for (OGRFieldDefn* f : {&name, &count, &big, &area, &share, &day, &floors}) l->CreateField(f);
  if (declined) {
    OGRFieldDefn stamp("surveyed", OFTDateTime), done("done", OFTInteger);
    done.SetSubType(OFSTBoolean);
    l->CreateField(&stamp);
    l->CreateField(&done);
  }
  const char* wkts[] = {
      "POINT (542318 3997850)",
      "LINESTRING (542000 3997000, 542100 3997050, 542200 3997000)",
      ("POLYGON ((542000 3997000, 542300 3997000, 542300 3997300, 542000 3997300, 542000 3997000),"
       " (542100 3997100, 542200 3997100, 542200 3997200, 542100 3997100))"),
      "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)), ((20 20, 30 20, 30 30, 20 20)))",
      "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))",
      "MULTIPOINT ((1 2), (3 4))",
      "GEOMETRYCOLLECTION (POINT (5 5), LINESTRING (0 0, 9 9), POLYGON ((0 0, 4 0, 4 4, 0 0)))",
      "POINT Z (542318 3997850 12)",
      "LINESTRING ZM (0 0 1 2, 5 5 3 4)",
      "POLYGON EMPTY",
      "",  // no geometry
      "POLYGON ((0 0, 10 10, 10 0, 0 10, 0 0))",  // a bow-tie: repaired by GEOS
      "CURVEPOLYGON (CIRCULARSTRING (0 0, 10 10, 20 0, 10 -10, 0 0))",
      "MULTIPOLYGON (((0 0, 10 0, 10 10, 0 0)), ((0 0, 10 10, 10 0, 0 10, 0 0)))",
      "POINT (1e12 5)",  // far away: counted, out of the extent
  };
  int i = 0;
  for (const char* wkt : wkts) {
    OGRFeature f(l->GetLayerDefn());
    if (*wkt) {
      OGRGeometry* g = nullptr;
      REQUIRE(OGRGeometryFactory::createFromWkt(wkt, nullptr, &g) == OGRERR_NONE);
      f.SetGeometryDirectly(g);
    }
    if (i % 3 != 1) f.SetField("name", i % 2 ? "张村河 片区" : "Shazikou \"quoted\"");
    if (i % 4 != 2) f.SetField("count", i * 7 - 20);
    f.SetField("big", static_cast<GIntBig>(i) * 10000000000LL);
    if (i % 5 != 3) f.SetField("area", i * 1234.5678901234 + 0.1);
    f.SetField("share", i / 7.0);
    if (i % 2 == 0) f.SetField("planned_finish", 2023, 1 + i % 12, 1 + i);
    f.SetField("floors", i % 3 == 0 ? -i : i * 3);
    if (declined) {
      f.SetField("surveyed", 2023, 6, 1, 12, 30, 15.0f, 100);
      f.SetField("done", i % 2);
    }
    REQUIRE(l->CreateFeature(&f) == OGRERR_NONE);
    ++i;
  }
  return path;
}

}  // namespace

TEST_CASE("the column-oriented read gives the feature loop's layer: every geometry kind and field type",
          "[reader]") {
  geo::init_gdal();
  const std::string dir = testdata::temp_dir("columnar");
  const Both both = read_both(write_typed_gpkg(dir, false));
  REQUIRE(both.by_columns.layers.size() == 1);
  REQUIRE(both.by_features.layers.size() == 1);
  CHECK(both.columnar_layers == 1);  // the stream was used, not declined
  testdata::require_same(both.by_columns.layers[0], both.by_features.layers[0]);
  const geo::VectorLayer& l = both.by_columns.layers[0];
  CHECK(l.feature_count() == 15);
  CHECK(l.part_count() > 15);
  // The same warnings (no geometry, the repair, the far-away vertex), in the same words.
  REQUIRE(both.by_columns.warnings.size() == both.by_features.warnings.size());
  for (size_t i = 0; i < both.by_columns.warnings.size(); ++i)
    CHECK(both.by_columns.warnings[i].reason == both.by_features.warnings[i].reason);
  CHECK(both.by_columns.warnings.size() >= 3);
}

TEST_CASE("a layer with a date-time or boolean field is read feature by feature, and the same", "[reader]") {
  geo::init_gdal();
  const std::string dir = testdata::temp_dir("columnar-datetime");
  const Both both = read_both(write_typed_gpkg(dir, true));
  CHECK(both.columnar_layers == 0);
  REQUIRE(both.by_columns.layers.size() == 1);
  testdata::require_same(both.by_columns.layers[0], both.by_features.layers[0]);
}

TEST_CASE("the Laoshan GeoPackage reads the same by columns as by features", "[reader][laoshan]") {
  geo::init_gdal();
  const Both both = read_both(std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.gpkg");
  REQUIRE(both.by_columns.layers.size() == both.by_features.layers.size());
  REQUIRE(both.by_columns.layers.size() >= 5);
  CHECK(both.columnar_layers == both.by_columns.layers.size());
  for (size_t i = 0; i < both.by_columns.layers.size(); ++i) {
    INFO("layer " << both.by_columns.layers[i].name);
    testdata::require_same(both.by_columns.layers[i], both.by_features.layers[i]);
  }
}
