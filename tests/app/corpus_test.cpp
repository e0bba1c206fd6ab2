// Robustness corpus: bad, damaged, unusual and hostile inputs, each made here and
// loaded through the path a user's file takes (the command line, a project file)
// beside one good layer. For every case: the run ends in bounded time (`timeout 60`;
// 124 = hang), the exit status is the one the README's contract gives, a failure or
// warning names the file, and the good layer is still drawn where it belongs.
//
// RENEWMAP_CORPUS_LOG=1 prints each case's command, exit status, time and messages;
// RENEWMAP_CORPUS_KEEP=1 keeps the generated files (under the temp dir).
#include <catch2/catch.hpp>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "geo/image.hpp"
#include "geo/style.hpp"
#include "support/frame.hpp"

namespace {

namespace fs = std::filesystem;
using testdata::colour_is;
using testdata::describe;
using testdata::Px;
using S = geo::Status;

const testdata::Frame kFrame;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ---- the good layer: one completed 1 km square; its centre is the probe ----------

constexpr double kGoodX = 545500, kGoodY = 3991500;
// Bad layers keep to x < 544000 so they cannot cover the probe; where a case has a
// valid feature beside its bad ones, it is this "delayed" square.
constexpr double kSiblingX = 541250, kSiblingY = 3993250;
const std::string kSibling = "POLYGON (" + testdata::square_ring(541000, 3993000, 500) + ")";

// ---- writing inputs ---------------------------------------------------------------

using Fields = std::vector<std::pair<std::string, std::string>>;

// A dataset written through GDAL's API, one layer, every field a string; GeoPackages
// in one transaction (100,000 features in a second or two).
class Writer {
 public:
  Writer(const std::string& path, const std::string& driver, const std::string& crs,
         const std::vector<std::string>& fields, const std::vector<std::string>& layer_options = {},
         const std::string& layer = "bad") {
    GDALAllRegister();
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
    if (!drv) throw std::runtime_error("no GDAL driver " + driver);
    std::error_code ec;
    fs::remove_all(path, ec);
    ds_.reset(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds_) throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    if (!crs.empty()) {
      if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw std::runtime_error("bad crs " + crs);
      srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    }
    char** options = nullptr;
    for (const std::string& o : layer_options) options = CSLAddString(options, o.c_str());
    layer_ = ds_->CreateLayer(layer.c_str(), crs.empty() ? nullptr : &srs, wkbUnknown, options);
    CSLDestroy(options);
    if (!layer_) throw std::runtime_error("cannot create layer in " + path);
    for (const std::string& f : fields) {
      OGRFieldDefn fd(f.c_str(), OFTString);
      layer_->CreateField(&fd);
    }
    transaction_ = ds_->StartTransaction() == OGRERR_NONE;
  }
  ~Writer() { close(); }

  void add(OGRGeometry* owned, const Fields& fields) {
    std::unique_ptr<OGRFeature> f(OGRFeature::CreateFeature(layer_->GetLayerDefn()));
    if (owned) f->SetGeometryDirectly(owned);
    for (const auto& [k, v] : fields) f->SetField(k.c_str(), v.c_str());
    if (layer_->CreateFeature(f.get()) != OGRERR_NONE) throw std::runtime_error("cannot write a feature");
  }
  void add(const std::string& wkt, const Fields& fields) {
    OGRGeometry* g = nullptr;
    if (!wkt.empty() && OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &g) != OGRERR_NONE)
      throw std::runtime_error("bad wkt " + wkt.substr(0, 200));
    add(g, fields);
  }
  void close() {
    if (ds_ && transaction_) ds_->CommitTransaction();
    ds_.reset();
  }

 private:
  struct Closer {
    void operator()(GDALDataset* d) const { GDALClose(d); }
  };
  std::unique_ptr<GDALDataset, Closer> ds_;
  OGRLayer* layer_ = nullptr;
  bool transaction_ = false;
};

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string random_bytes(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

std::string sq(double x, double y, double s) { return "POLYGON (" + testdata::square_ring(x, y, s) + ")"; }

// A GeoPackage in EPSG:4549 of (wkt, status) features, the sibling square included.
std::string gpkg_of(const std::string& dir, const std::string& name, const std::vector<std::string>& wkts,
                    const std::string& crs = "EPSG:4549") {
  const std::string path = dir + "/" + name;
  Writer w(path, "GPKG", crs, {"name", "status"});
  for (const std::string& wkt : wkts) w.add(wkt, {{"name", "bad"}, {"status", "规划"}});
  w.add(kSibling, {{"name", "sibling"}, {"status", "delayed"}});
  return path;
}

// EPSG:4549 → lon/lat (CGCS2000 and WGS 84 agree here to well under a pixel).
std::pair<double, double> to_lonlat(double x, double y) {
  OGRSpatialReference src, dst;
  src.importFromEPSG(4549);
  dst.importFromEPSG(4326);
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&src, &dst));
  if (!ct || !ct->Transform(1, &x, &y)) throw std::runtime_error("cannot transform");
  return {x, y};
}

std::string lonlat_square_wkt(double x, double y, double s) {
  std::ostringstream wkt;
  wkt.precision(12);
  wkt << "POLYGON ((";
  const double c[5][2] = {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
  for (int i = 0; i < 5; ++i) {
    const auto [lon, lat] = to_lonlat(c[i][0], c[i][1]);
    wkt << (i ? "," : "") << lon << " " << lat;
  }
  wkt << "))";
  return wkt.str();
}

// A Shapefile of the sibling square (and `extra` WKT features) in EPSG:4549, attributes
// as raw bytes (no recoding, no .cpg: ENCODING=""), with `status` as given.
std::string shapefile_of(const std::string& dir, const std::string& name, const std::vector<Fields>& rows,
                         const std::vector<std::string>& wkts, const std::string& crs = "EPSG:4549") {
  const std::string path = dir + "/" + name;
  {
    Writer w(path, "ESRI Shapefile", crs, {"name", "status"}, {"ENCODING="});
    for (size_t i = 0; i < rows.size(); ++i) w.add(wkts[i], rows[i]);
  }
  std::error_code ec;  // GDAL writes an empty .cpg; without one the viewer detects the encoding
  fs::remove(fs::path(path).replace_extension(".cpg"), ec);
  return path;
}

// A GeoJSON text in EPSG:4549 from features' `geometry` members, written by hand (NaN,
// Infinity, deep nesting, raw bytes: what GDAL will not write).
std::string geojson_4549(const std::vector<std::string>& geometries, const std::vector<std::string>& names = {}) {
  std::string s =
      "{\"type\": \"FeatureCollection\", \"crs\": {\"type\": \"name\", \"properties\": {\"name\": "
      "\"urn:ogc:def:crs:EPSG::4549\"}}, \"features\": [\n";
  for (size_t i = 0; i < geometries.size(); ++i) {
    const std::string name = i < names.size() ? names[i] : "bad";
    s += "{\"type\": \"Feature\", \"properties\": {\"name\": \"" + name + "\", \"status\": \"规划\"}, \"geometry\": " +
         geometries[i] + "},\n";
  }
  s += "{\"type\": \"Feature\", \"properties\": {\"name\": \"sibling\", \"status\": \"delayed\"}, \"geometry\": "
       "{\"type\": \"Polygon\", \"coordinates\": [[[541000,3993000],[541500,3993000],[541500,3993500],"
       "[541000,3993500],[541000,3993000]]]}}\n]}\n";
  return s;
}

// The good layer, written once per process.
const std::string& good_layer() {
  static const std::string path = [] {
    const std::string dir = testdata::temp_dir("corpus-good");
    const std::string p = dir + "/good.gpkg";
    Writer w(p, "GPKG", "EPSG:4549", {"name", "status"}, {}, "good");
    w.add(sq(545000, 3991000, 1000), {{"name", "good"}, {"status", "竣工"}});
    return p;
  }();
  return path;
}

// A GeoPackage of 200 features (the same square over and over) for truncation.
const std::string& truncation_source_gpkg() {
  static const std::string path = [] {
    const std::string dir = testdata::temp_dir("corpus-trunc-src");
    const std::string p = dir + "/whole.gpkg";
    Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
    for (int i = 0; i < 200; ++i)
      w.add(sq(541000 + 10 * (i % 20), 3991000 + 10 * (i / 20), 8),
            {{"name", "feature " + std::to_string(i)}, {"status", "规划"}});
    return p;
  }();
  return path;
}

std::string truncated_copy(const std::string& src, const std::string& dst, size_t offset) {
  const std::string bytes = read_bytes(src);
  write_bytes(dst, bytes.substr(0, std::min(offset, bytes.size())));
  return dst;
}

std::string quote(const std::string& s) { return "'" + s + "'"; }

// Removes a case's folder when the case ends (RENEWMAP_CORPUS_KEEP=1 keeps it).
struct RemoveAfter {
  std::string dir;
  ~RemoveAfter() {
    std::error_code ec;
    if (!std::getenv("RENEWMAP_CORPUS_KEEP")) fs::remove_all(dir, ec);
  }
};

// ---- running the program ----------------------------------------------------------

struct Shot {
  int rc = -1;
  std::string out;
  double seconds = 0;
  std::optional<geo::Image> image;
};

Shot screenshot(const std::string& dir, const std::vector<std::string>& inputs, bool hide_ui = true,
                bool extent = true) {
  Shot s;
  const std::string png = dir + "/shot.png";
  std::error_code ec;
  fs::remove(png, ec);
  std::string cmd = "timeout 60 " + std::string(RENEWMAP_BINARY) + " --screenshot " + quote(png) +
                    (hide_ui ? " --hide-ui" : "") + " --size 800x450" +
                    (extent ? " --extent " + kFrame.extent() : std::string());
  for (const std::string& in : inputs) cmd += " " + quote(in);
  const auto t0 = std::chrono::steady_clock::now();
  s.rc = testdata::run_command(cmd, s.out);
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (fs::exists(png)) {
    auto img = geo::read_image(png);
    if (img) s.image = std::move(*img);
  }
  if (std::getenv("RENEWMAP_CORPUS_LOG")) {
    std::string shown = s.out.size() > 1500 ? s.out.substr(0, 1500) + "… (" + std::to_string(s.out.size()) + " bytes)"
                                            : s.out;
    std::printf("---- exit %d in %.2f s: %s\n%s", s.rc, s.seconds, cmd.c_str(), shown.c_str());
  }
  return s;
}

bool has_colour(const Shot& s, double x, double y, S status) {
  return s.image && colour_is(*s.image, kFrame.to_px(x, y), status);
}
size_t count_colour(const Shot& s, S status) {
  size_t n = 0;
  if (s.image)
    for (int y = 0; y < s.image->height; ++y)
      for (int x = 0; x < s.image->width; ++x) n += colour_is(*s.image, {x, y}, status);
  return n;
}
std::string pixel(const Shot& s, double x, double y) {
  return s.image ? describe(*s.image, kFrame.to_px(x, y)) : std::string("no image");
}

// ---- the dataset cases ------------------------------------------------------------

enum class Expect {
  Fails,  // the file cannot be used: exit 2, an error naming it
  Warns,  // loads with something left out or guessed: exit 0 or 2, a message naming it
  Draws,  // invalid geometry drawn as well as it goes: exit 0, or 2 with a message naming it
  Loads,  // valid if unusual data: exit 0
};

struct Made {
  std::string arg;      // what goes on the command line / into the project
  std::string mention;  // what the messages must contain; default: the file name
};

struct Case {
  Case(std::string n, Expect e, std::function<Made(const std::string& dir)> m)
      : name(std::move(n)), expect(e), make(std::move(m)) {}
  std::string name;
  Expect expect;
  std::function<Made(const std::string& dir)> make;
  bool sibling = false;            // a valid "delayed" square beside the bad features must draw (exit 0)
  bool bad_first = true;           // false: the bad layer's CRS would choose the display CRS
  std::string reason;              // a substring the message should contain, when known
  std::string not_reason;          // advice the message must not give (it would mislead)
  std::optional<std::pair<double, double>> probe;  // a bad-layer feature's position that must be "planned"
  bool with_ui = false;            // also render with the UI (labels, panels): text cases
  bool via_project = true;         // also load it through a project file
  bool fit = false;                // also open without --extent: the fitted view shows the good layer
  size_t max_output = 0;           // messages must stay under this many bytes (0: no limit)
};

Made file(const std::string& p) { return {p, fs::path(p).filename().string()}; }

std::vector<Case> dataset_cases() {
  std::vector<Case> c;
  // ---- files that cannot be read at all ----
  for (const char* ext : {"geojson", "gpkg", "shp"}) {
    c.push_back({std::string("empty .") + ext, Expect::Fails, [ext](const std::string& d) {
                   const std::string p = d + "/empty." + ext;
                   write_bytes(p, "");
                   return file(p);
                 }});
    c.push_back({std::string("random bytes .") + ext, Expect::Fails, [ext](const std::string& d) {
                   const std::string p = d + "/random." + ext;
                   write_bytes(p, random_bytes(8192, 42));
                   return file(p);
                 }});
  }
  c.push_back({"random bytes after an SQLite header .gpkg", Expect::Fails, [](const std::string& d) {
                 const std::string p = d + "/sqlite-random.gpkg";
                 write_bytes(p, std::string("SQLite format 3\0", 16) + random_bytes(16384, 7));
                 return file(p);
               }});
  c.push_back({"random .shp, .shx and .dbf", Expect::Fails, [](const std::string& d) {
                 for (const char* ext : {"shp", "shx", "dbf"})
                   write_bytes(d + "/noise." + ext, random_bytes(4096, ext[0]));
                 return file(d + "/noise.shp");
               }});
  // ---- a GeoPackage truncated at several offsets ----
  for (size_t offset : {size_t{16}, size_t{100}, size_t{1024}, size_t{4096}, size_t{20000}, size_t{0x7FFFFFFF}}) {
    // 0x7FFFFFFF stands for "size - 1" (the last byte cut off).
    const std::string label = offset == 0x7FFFFFFF ? "size-1" : std::to_string(offset);
    c.push_back({"GeoPackage truncated at " + label, offset <= 4096 ? Expect::Fails : Expect::Warns,
                 [offset, label](const std::string& d) {
                   const std::string& src = truncation_source_gpkg();
                   const size_t at = offset == 0x7FFFFFFF ? fs::file_size(src) - 1 : offset;
                   return file(truncated_copy(src, d + "/cut-" + label + ".gpkg", at));
                 }});
  }
  // ---- a Shapefile truncated: the .shp at several offsets, the .dbf in its records ----
  for (size_t offset : {size_t{50}, size_t{100}, size_t{300}, size_t{0x7FFFFFFF}}) {
    const std::string label = offset == 0x7FFFFFFF ? "size-1" : std::to_string(offset);
    // At 100 the header is whole and every record is gone: nothing can be drawn.
    c.push_back({".shp truncated at " + label, offset <= 100 ? Expect::Fails : Expect::Warns,
                 [offset, label](const std::string& d) {
                   std::vector<Fields> rows;
                   std::vector<std::string> wkts;
                   for (int i = 0; i < 20; ++i) {
                     rows.push_back({{"name", "f" + std::to_string(i)}, {"status", "planned"}});
                     wkts.push_back(sq(541000 + 50 * i, 3991000, 40));
                   }
                   const std::string p = shapefile_of(d, "cut" + label + ".shp", rows, wkts);
                   const size_t at = offset == 0x7FFFFFFF ? fs::file_size(p) - 1 : offset;
                   const std::string whole = read_bytes(p);
                   write_bytes(p, whole.substr(0, at));
                   return file(p);
                 }});
  }
  c.push_back({".dbf truncated in its records", Expect::Warns, [](const std::string& d) {
                 std::vector<Fields> rows;
                 std::vector<std::string> wkts;
                 for (int i = 0; i < 20; ++i) {
                   rows.push_back({{"name", "f" + std::to_string(i)}, {"status", "planned"}});
                   wkts.push_back(sq(541000 + 50 * i, 3991000, 40));
                 }
                 const std::string p = shapefile_of(d, "cutdbf.shp", rows, wkts);
                 const std::string dbf = d + "/cutdbf.dbf";
                 const std::string whole = read_bytes(dbf);
                 write_bytes(dbf, whole.substr(0, whole.size() / 2));
                 return file(p);
               }});
  // ---- a .shp without its sidecars ----
  auto lone_shapefile = [](const std::string& d, const std::string& name, std::vector<const char*> drop) {
    const std::string p = shapefile_of(d, name + ".shp", {{{"name", "a"}, {"status", "planned"}}},
                                       {sq(541000, 3991000, 500)});
    for (const char* ext : drop) fs::remove(d + "/" + name + "." + ext);
    return file(p);
  };
  c.push_back({".shp without .shx and .dbf", Expect::Fails,
               [=](const std::string& d) { return lone_shapefile(d, "lone", {"shx", "dbf"}); }});
  c.push_back({".shp without .shx", Expect::Fails,
               [=](const std::string& d) { return lone_shapefile(d, "noshx", {"shx"}); }});
  c.push_back({".shp without .dbf", Expect::Warns,
               [=](const std::string& d) { return lone_shapefile(d, "nodbf", {"dbf"}); }});
  // ---- no features, no geometry ----
  c.push_back({"zero features (GeoPackage)", Expect::Loads, [](const std::string& d) {
                 const std::string p = d + "/nofeatures.gpkg";
                 Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
                 return file(p);
               }});
  c.push_back({"zero features (GeoJSON)", Expect::Loads, [](const std::string& d) {
                 const std::string p = d + "/nofeatures.geojson";
                 write_bytes(p, "{\"type\": \"FeatureCollection\", \"features\": []}");
                 return file(p);
               }});
  c.back().bad_first = false;  // GeoJSON's implied EPSG:4326 (see the display CRS test below)
  c.push_back({"only null geometries", Expect::Warns, [](const std::string& d) {
                 const std::string p = d + "/nulls.gpkg";
                 Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
                 for (int i = 0; i < 3; ++i) w.add(std::string(), {{"name", "n"}, {"status", "规划"}});
                 return file(p);
               }});
  // ---- valid but unusual geometry ----
  Case mixed{"mixed geometry types in one layer", Expect::Loads, [](const std::string& d) {
               return file(gpkg_of(d, "mixed.gpkg",
                                   {sq(541000, 3991000, 1000), "POINT (543000 3991500)",
                                    "LINESTRING (541000 3992500,543500 3992500)",
                                    "MULTIPOINT ((542800 3991200),(542900 3991200))",
                                    "MULTILINESTRING ((542000 3992700,543000 3992700))",
                                    "MULTIPOLYGON (((542200 3991100,542700 3991100,542700 3991400,542200 3991400,"
                                    "542200 3991100)))"}));
             }};
  mixed.sibling = true;
  mixed.probe = {{541500, 3991500}};
  c.push_back(mixed);
  Case zm{"3D and measured geometries", Expect::Loads, [](const std::string& d) {
            return file(gpkg_of(
                d, "zm.gpkg",
                {"POLYGON Z ((541000 3991000 10,542000 3991000 20,542000 3992000 30,541000 3992000 40,541000 3991000 10))",
                 "POLYGON M ((542200 3991000 1,542700 3991000 2,542700 3991500 3,542200 3991500 4,542200 3991000 1))",
                 "POLYGON ZM ((542200 3991600 1 1,542700 3991600 1 2,542700 3992000 1 3,542200 3992000 1 4,"
                 "542200 3991600 1 1))",
                 "LINESTRING Z (541000 3992500 5,543500 3992500 -5)", "POINT ZM (543000 3991500 1 2)",
                 "MULTIPOLYGON Z (((543000 3992000 0,543400 3992000 0,543400 3992300 0,543000 3992000 0)))"}));
          }};
  zm.sibling = true;
  zm.probe = {{541500, 3991500}};
  c.push_back(zm);
  Case curves{"curves", Expect::Loads, [](const std::string& d) {
                return file(gpkg_of(
                    d, "curves.gpkg",
                    {// a full circle, 1 km across, centred on 541500 3991500
                     "CURVEPOLYGON (CIRCULARSTRING (541000 3991500,542000 3991500,541000 3991500))",
                     "COMPOUNDCURVE (CIRCULARSTRING (542200 3991000,542500 3991300,542800 3991000),"
                     "(542800 3991000,543200 3991000))",
                     "CIRCULARSTRING (542200 3992000,542500 3992300,542800 3992000)",
                     "MULTISURFACE (CURVEPOLYGON (COMPOUNDCURVE (CIRCULARSTRING (542200 3991500,542500 3991800,"
                     "542800 3991500),(542800 3991500,542200 3991500))))",
                     "MULTICURVE ((543000 3992500,543400 3992500),CIRCULARSTRING (543000 3992600,543200 3992700,"
                     "543400 3992600))",
                     // a degenerate arc: three collinear points
                     "CIRCULARSTRING (543000 3991200,543100 3991200,543200 3991200)"}));
              }};
  curves.sibling = true;
  curves.probe = {{541500, 3991500}};
  c.push_back(curves);
  Case surfaces{"polyhedral surfaces, TINs and triangles", Expect::Loads, [](const std::string& d) {
                  return file(gpkg_of(
                      d, "surfaces.gpkg",
                      {"TRIANGLE ((541000 3991000,542000 3991000,541000 3992000,541000 3991000))",
                       "TIN (((542200 3991000,542700 3991000,542200 3991500,542200 3991000)))",
                       "POLYHEDRALSURFACE Z (((542200 3991600 0,542700 3991600 0,542700 3992000 0,542200 3991600 0)))"}));
                }};
  surfaces.sibling = true;
  surfaces.probe = {{541200, 3991200}};
  c.push_back(surfaces);
  Case nested{"nested geometry collections", Expect::Loads, [](const std::string& d) {
                return file(gpkg_of(
                    d, "nested.gpkg",
                    {"GEOMETRYCOLLECTION (POINT (543000 3991500),GEOMETRYCOLLECTION (LINESTRING (541000 3992500,"
                     "543500 3992500),GEOMETRYCOLLECTION (" +
                         sq(541000, 3991000, 1000) + ",GEOMETRYCOLLECTION EMPTY)))",
                     "GEOMETRYCOLLECTION EMPTY", "POLYGON EMPTY", "MULTIPOLYGON EMPTY",
                     "GEOMETRYCOLLECTION (MULTIPOLYGON EMPTY,POINT EMPTY)"}));
              }};
  nested.sibling = true;
  nested.probe = {{541500, 3991500}};
  c.push_back(nested);
  c.push_back({"geometry collections nested 200 deep (GeoJSON)", Expect::Warns, [](const std::string& d) {
                 std::string g = "{\"type\": \"Point\", \"coordinates\": [543000, 3991500]}";
                 for (int i = 0; i < 200; ++i) g = "{\"type\": \"GeometryCollection\", \"geometries\": [" + g + "]}";
                 const std::string p = d + "/deep.geojson";
                 write_bytes(p, geojson_4549({g}));
                 return file(p);
               }});
  // ---- invalid geometry (GeoPackage stores it as given) ----
  auto invalid = [&c](const std::string& name, const std::string& file_name, std::vector<std::string> wkts) {
    Case k{name, Expect::Draws, [file_name, wkts](const std::string& d) { return file(gpkg_of(d, file_name, wkts)); }};
    k.sibling = true;
    c.push_back(k);
  };
  invalid("bow-tie polygons", "bowtie.gpkg",
          {"POLYGON ((541000 3991000,542000 3992000,542000 3991000,541000 3992000,541000 3991000))",
           "MULTIPOLYGON (((542200 3991000,543200 3991000,542200 3992000,543200 3992000,542200 3991000)))"});
  c.back().probe = {{541200, 3991500}};  // inside the first bow-tie's left lobe: filled like any polygon
  invalid("unclosed rings", "unclosed.gpkg",
          {"POLYGON ((541000 3991000,542000 3991000,542000 3992000,541000 3992000))",
           "POLYGON ((542200 3991000,543200 3991000,543200 3992000,542200 3992000,542200 3991000),"
           "(542400 3991200,542600 3991200,542600 3991400))"});
  invalid("rings of fewer than three points", "shortrings.gpkg",
          {"POLYGON ((541000 3991000,542000 3992000))", "POLYGON ((541000 3991000))",
           "POLYGON ((541000 3991000,542000 3992000,541000 3991000))",
           "POLYGON ((541000 3991000,541000 3991000,541000 3991000,541000 3991000))",
           "LINESTRING (541000 3991000)", "MULTIPOLYGON (((542000 3991000,543000 3991000)))"});
  invalid("spikes", "spikes.gpkg",
          {"POLYGON ((541000 3991000,542000 3991000,542000 3991500,543400 3991500,542000 3991500,542000 3992000,"
           "541000 3992000,541000 3991000))",
           "POLYGON ((541000 3992200,541500 3992200,541500 3992800,541500 3992200,542000 3992200,542000 3992400,"
           "541000 3992400,541000 3992200))"});
  invalid("repeated points", "repeated.gpkg",
          {"POLYGON ((541000 3991000,541000 3991000,542000 3991000,542000 3991000,542000 3991000,542000 3992000,"
           "541000 3992000,541000 3992000,541000 3991000,541000 3991000))",
           "LINESTRING (542200 3991000,542200 3991000,542200 3991000)",
           "POLYGON ((542200 3992000,542200 3992000,542200 3992000,542200 3992000,542200 3992000))"});
  invalid("holes outside their shell", "holes.gpkg",
          {"POLYGON (" + testdata::square_ring(541000, 3991000, 500) + "," + testdata::square_ring(542000, 3991000, 500) +
               ")",
           // a hole crossing the shell, and a hole equal to its shell
           "POLYGON (" + testdata::square_ring(541000, 3992000, 500) + "," + testdata::square_ring(541250, 3992250, 500) +
               ")",
           "POLYGON (" + testdata::square_ring(542800, 3991000, 500) + "," + testdata::square_ring(542800, 3991000, 500) +
               ")"});
  // ---- coordinates that are not numbers or far outside the CRS's domain ----
  c.push_back({"NaN and infinite coordinates (GeoJSON)", Expect::Warns, [](const std::string& d) {
                 const std::string p = d + "/nan.geojson";
                 write_bytes(p, geojson_4549({
                                    "{\"type\": \"Polygon\", \"coordinates\": [[[541000,3991000],[NaN,3991000],"
                                    "[542000,3992000],[541000,3992000],[541000,3991000]]]}",
                                    "{\"type\": \"Point\", \"coordinates\": [Infinity, 3991500]}",
                                    "{\"type\": \"LineString\", \"coordinates\": [[541000,-Infinity],[542000,3992500]]}",
                                }));
                 return file(p);
               }});
  {
    Case k{"NaN and infinite coordinates (GeoPackage)", Expect::Warns, [](const std::string& d) {
             const std::string p = d + "/nan.gpkg";
             Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
             auto* ring = new OGRLinearRing;
             ring->addPoint(541000, 3991000);
             ring->addPoint(kNaN, 3991000);
             ring->addPoint(542000, 3992000);
             ring->addPoint(541000, kInf);
             ring->addPoint(541000, 3991000);
             auto* poly = new OGRPolygon;
             poly->addRingDirectly(ring);
             w.add(poly, {{"name", "nan"}, {"status", "规划"}});
             w.add(new OGRPoint(kInf, -kInf), {{"name", "inf"}, {"status", "规划"}});
             w.add(new OGRPoint(kNaN, kNaN), {{"name", "nan point"}, {"status", "规划"}});
             auto* line = new OGRLineString;
             line->addPoint(541000, 3992500);
             line->addPoint(kNaN, kNaN);
             line->addPoint(543000, 3992500);
             w.add(line, {{"name", "nan line"}, {"status", "规划"}});
             w.add(kSibling, {{"name", "sibling"}, {"status", "delayed"}});
             return file(p);
           }};
    k.sibling = true;
    k.fit = true;
    c.push_back(k);
  }
  {
    Case k{"latitude 1e9 in EPSG:4326", Expect::Warns, [](const std::string& d) {
             const std::string p = d + "/lat1e9.geojson";
             Writer w(p, "GeoJSON", "EPSG:4326", {"name", "status"}, {"RFC7946=NO"});
             w.add("POLYGON ((120.4 1e9,120.5 1e9,120.5 1.1e9,120.4 1e9))", {{"name", "far"}, {"status", "规划"}});
             w.add("POINT (120.45 -1e9)", {{"name", "far point"}, {"status", "规划"}});
             w.add(lonlat_square_wkt(541000, 3993000, 500), {{"name", "sibling"}, {"status", "delayed"}});
             return file(p);
           }};
    k.sibling = true;
    k.bad_first = false;
    k.reason = "could not be transformed";
    k.fit = true;
    c.push_back(k);
  }
  {
    Case k{"every coordinate 1e9 in EPSG:4326", Expect::Fails, [](const std::string& d) {
             const std::string p = d + "/all1e9.geojson";
             Writer w(p, "GeoJSON", "EPSG:4326", {"name", "status"}, {"RFC7946=NO"});
             w.add("POLYGON ((1e9 1e9,2e9 1e9,2e9 2e9,1e9 1e9))", {{"name", "far"}, {"status", "规划"}});
             return file(p);
           }};
    k.bad_first = false;
    c.push_back(k);
  }
  {
    Case k{"coordinates 1e9 in UTM 51N", Expect::Warns, [](const std::string& d) {
             const std::string p = d + "/utm1e9.gpkg";
             Writer w(p, "GPKG", "EPSG:32651", {"name", "status"});
             w.add("POLYGON ((1e9 1e9,2e9 1e9,2e9 2e9,1e9 1e9))", {{"name", "far"}, {"status", "规划"}});
             w.add("POINT (-1e12 1e12)", {{"name", "far point"}, {"status", "规划"}});
             w.add("POINT (200000 4000000)", {{"name", "near"}, {"status", "规划"}});
             return file(p);
           }};
    k.bad_first = false;
    k.fit = true;
    c.push_back(k);
  }
  // In the display CRS (no transformation at all): far away, drawn nowhere near.
  {
    Case k{"coordinates 1e9 and 1e300 in the display CRS", Expect::Warns, [](const std::string& d) {
             return file(gpkg_of(d, "far4549.gpkg",
                                 {"POLYGON ((1e9 1e9,2e9 1e9,2e9 2e9,1e9 1e9))", "POINT (-1e300 1e300)",
                                  "LINESTRING (541000 3992500,1e300 3992500)"}));
           }};
    k.sibling = true;
    k.fit = true;
    c.push_back(k);
  }
  // ---- size ----
  {
    Case k{"a polygon of 1,000,000 vertices", Expect::Loads, [](const std::string& d) {
             const std::string p = d + "/million.gpkg";
             Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
             auto* ring = new OGRLinearRing;
             const int n = 1000000;
             ring->setNumPoints(n + 1);
             for (int i = 0; i < n; ++i) {
               // a circle of radius 700 m with a 5 m wobble, around 542000 3992000
               const double a = 2 * M_PI * i / n, r = 700 + 5 * std::sin(a * 5000);
               ring->setPoint(i, 542000 + r * std::cos(a), 3992000 + r * std::sin(a));
             }
             ring->setPoint(n, ring->getX(0), ring->getY(0));
             auto* poly = new OGRPolygon;
             poly->addRingDirectly(ring);
             w.add(poly, {{"name", "million"}, {"status", "规划"}});
             return file(p);
           }};
    k.probe = {{542000, 3992000}};
    k.via_project = false;
    c.push_back(k);
  }
  c.push_back({"100,000 tiny features", Expect::Loads, [](const std::string& d) {
                 const std::string p = d + "/tiny.gpkg";
                 Writer w(p, "GPKG", "EPSG:4549", {"name", "status"});
                 for (int i = 0; i < 100000; ++i) {
                   const double x = 540500 + 7.5 * (i % 400), y = 3991000 + 10.0 * (i / 400);
                   auto* ring = new OGRLinearRing;
                   ring->addPoint(x, y);
                   ring->addPoint(x + 1, y);
                   ring->addPoint(x + 1, y + 1);
                   ring->addPoint(x, y);
                   auto* poly = new OGRPolygon;
                   poly->addRingDirectly(ring);
                   w.add(poly, {{"name", "t"}, {"status", i % 2 ? "规划" : "竣工"}});
                 }
                 return file(p);
               }});
  c.back().via_project = false;
  // ---- CRS trouble ----
  {
    Case k{"missing .prj, lon/lat coordinates", Expect::Warns, [](const std::string& d) {
             const std::string p = shapefile_of(d, "noprj_ll.shp", {{{"name", "sibling"}, {"status", "delayed"}}},
                                                {lonlat_square_wkt(541000, 3993000, 500)}, "");
             return file(p);
           }};
    k.sibling = true;
    k.bad_first = false;
    k.reason = "EPSG:4326 is assumed";
    c.push_back(k);
  }
  {
    Case k{"missing .prj, projected coordinates", Expect::Fails, [](const std::string& d) {
             return file(shapefile_of(d, "noprj.shp", {{{"name", "a"}, {"status", "delayed"}}},
                                      {sq(541000, 3991000, 500)}, ""));
           }};
    k.reason = "no coordinate reference system";
    c.push_back(k);
  }
  {
    Case k{"malformed .prj", Expect::Fails, [](const std::string& d) {
             const std::string p = shapefile_of(d, "badprj.shp", {{{"name", "a"}, {"status", "delayed"}}},
                                                {sq(541000, 3991000, 500)}, "");
             write_bytes(d + "/badprj.prj", "PROJCS[\"broken\",GEOGCS[\"x\",DATUM[");
             return file(p);
           }};
    k.not_reason = "add a .prj file";  // there is one; it is what is wrong
    c.push_back(k);
  }
  {
    Case k{"unknown projection method in .prj", Expect::Fails, [](const std::string& d) {
             const std::string p = shapefile_of(d, "unknownprj.shp", {{{"name", "a"}, {"status", "delayed"}}},
                                                {sq(541000, 3991000, 500)}, "");
             write_bytes(d + "/unknownprj.prj",
                         "PROJCS[\"mystery\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\","
                         "6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"Degree\",0.0174532925199433]],"
                         "PROJECTION[\"No_Such_Projection\"],PARAMETER[\"False_Easting\",0],UNIT[\"Meter\",1]]");
             return file(p);
           }};
    k.bad_first = false;
    c.push_back(k);
  }
  c.push_back({"unknown EPSG code in GeoJSON", Expect::Fails, [](const std::string& d) {
                 const std::string p = d + "/unknowncrs.geojson";
                 std::string text = geojson_4549({});
                 text.replace(text.find("EPSG::4549"), 10, "EPSG::999999");
                 write_bytes(p, text);
                 return file(p);
               }});
  c.back().bad_first = false;  // GDAL falls back to EPSG:4326 (see the display CRS test below)
  c.back().reason = "999999";   // the CRS the file declares, not GDAL's stand-in
  {
    Case k{"a Mars CRS PROJ cannot transform to Earth", Expect::Fails, [](const std::string& d) {
             const std::string p = d + "/mars.gpkg";
             Writer w(p, "GPKG", "IAU_2015:49900", {"name", "status"});
             w.add("POLYGON ((120.4 36.0,120.5 36.0,120.5 36.1,120.4 36.0))", {{"name", "crater"}, {"status", "规划"}});
             return file(p);
           }};
    k.bad_first = false;
    c.push_back(k);
  }
  {
    Case k{"an engineering (local) CRS", Expect::Fails, [](const std::string& d) {
             const std::string p = shapefile_of(d, "local.shp", {{{"name", "a"}, {"status", "delayed"}}},
                                                {sq(100, 100, 500)}, "");
             write_bytes(d + "/local.prj", "LOCAL_CS[\"site grid\",LOCAL_DATUM[\"site\",0],UNIT[\"Meter\",1],"
                                           "AXIS[\"X\",EAST],AXIS[\"Y\",NORTH]]");
             return file(p);
           }};
    k.bad_first = false;
    c.push_back(k);
  }
  // ---- text ----
  {
    Case k{"GBK Shapefile without .cpg", Expect::Warns, [](const std::string& d) {
             auto gbk = [](const std::string& utf8) {
               char* s = CPLRecode(utf8.c_str(), CPL_ENC_UTF8, "CP936");
               std::string out(s);
               CPLFree(s);
               return out;
             };
             const std::string p = shapefile_of(
                 d, "gbk.shp",
                 {{{"name", gbk("沙子口街道改造")}, {"status", gbk("规划")}},
                  {{"name", gbk("王哥庄安置房")}, {"status", gbk("滞后")}}},
                 {sq(541000, 3991000, 1000), kSibling});
             // No .cpg, and an LDID that declares nothing.
             fs::remove(d + "/gbk.cpg");
             std::string dbf = read_bytes(d + "/gbk.dbf");
             dbf[29] = 0;
             write_bytes(d + "/gbk.dbf", dbf);
             return file(p);
           }};
    k.sibling = true;  // "滞后" decoded right is delayed
    k.probe = {{541500, 3991500}};  // "规划" decoded right is planned
    k.reason = "GB";
    k.with_ui = true;
    c.push_back(k);
  }
  {
    Case k{"attribute strings of 1 MiB", Expect::Loads, [](const std::string& d) {
             const std::string p = d + "/huge.gpkg";
             Writer w(p, "GPKG", "EPSG:4549", {"name", "status", "note"});
             std::string mib;
             while (mib.size() < (1u << 20)) mib += "崂山区旧城改造项目";
             w.add(sq(541000, 3991000, 1000), {{"name", mib}, {"status", "规划"}, {"note", mib}});
             w.add(kSibling, {{"name", "sibling"}, {"status", "delayed"}, {"note", std::string(1 << 20, 'x')}});
             w.add(sq(542200, 3991000, 500), {{"name", "long status"}, {"status", std::string(1 << 20, 'q')}});
             return file(p);
           }};
    k.sibling = true;
    k.probe = {{541500, 3991500}};
    k.with_ui = true;
    k.max_output = 64 * 1024;  // a 1 MiB value is not quoted whole in a message
    c.push_back(k);
  }
  {
    Case k{"non-UTF-8 bytes in GeoJSON", Expect::Loads, [](const std::string& d) {
             const std::string p = d + "/bytes.geojson";
             std::string text = geojson_4549({"{\"type\": \"Polygon\", \"coordinates\": [[[541000,3991000],[542000,"
                                               "3991000],[542000,3992000],[541000,3992000],[541000,3991000]]]}"},
                                              {std::string("caf\xe9 \xff\xfe\xc0\x80 \xed\xa0\x80 end")});
             const size_t key = text.find("\"Feature\", \"properties\": {\"name\"") + 26;  // the first feature's
             text.replace(key, 6, "\"n\xe4me\"");
             write_bytes(p, text);
             return file(p);
           }};
    k.sibling = true;
    k.probe = {{541500, 3991500}};
    k.with_ui = true;
    c.push_back(k);
  }
  {
    Case k{"Latin-1 Shapefile without .cpg", Expect::Warns, [](const std::string& d) {
             return file(shapefile_of(d, "latin1.shp",
                                      {{{"name", "M\xfcller Stra\xdf" "e"}, {"status", "planned"}},
                                       {{"name", "Caf\xe9 \xc0 l'\xe9glise"}, {"status", "delayed"}}},
                                      {sq(541000, 3991000, 1000), kSibling}));
           }};
    k.sibling = true;
    k.probe = {{541500, 3991500}};
    k.with_ui = true;
    c.push_back(k);
  }
  return c;
}

std::string project_json(const std::vector<std::string>& sources) {
  std::string s = "{\"version\": 1, \"layers\": [";
  for (size_t i = 0; i < sources.size(); ++i) s += (i ? ", " : "") + std::string("{\"source\": \"") + sources[i] + "\"}";
  return s + "]}\n";
}

void check_shot(const Case& c, const Made& m, const Shot& s) {
  INFO("output:\n" << s.out.substr(0, 4000));
  INFO("exit " << s.rc << " after " << s.seconds << " s");
  REQUIRE(s.rc != 124);  // hung: killed by timeout
  REQUIRE(s.rc >= 0);    // crashed: killed by a signal
  switch (c.expect) {
    case Expect::Fails:
      CHECK(s.rc == 2);
      break;
    case Expect::Warns:
      CHECK((s.rc == 0 || s.rc == 2));
      break;
    case Expect::Draws:
    case Expect::Loads:
      CHECK(s.rc == 0);
      break;
  }
  if (c.max_output) CHECK(s.out.size() < c.max_output);
  // An error or a warning names the file (a clean load of valid data need not).
  if ((c.expect != Expect::Loads && c.expect != Expect::Draws) || s.rc != 0) CHECK(s.out.find(m.mention) != std::string::npos);
  if (!c.reason.empty()) CHECK(s.out.find(c.reason) != std::string::npos);
  if (!c.not_reason.empty()) CHECK(s.out.find(c.not_reason) == std::string::npos);
  REQUIRE(s.image);
  INFO("good layer " << pixel(s, kGoodX, kGoodY));
  CHECK(has_colour(s, kGoodX, kGoodY, S::Completed));
  if (s.rc == 0 && c.sibling) {
    INFO("sibling " << pixel(s, kSiblingX, kSiblingY));
    CHECK(has_colour(s, kSiblingX, kSiblingY, S::Delayed));
  }
  if (s.rc == 0 && c.probe) {
    INFO("bad layer's probe " << pixel(s, c.probe->first, c.probe->second));
    CHECK(has_colour(s, c.probe->first, c.probe->second, S::Planned));
  }
}

}  // namespace

TEST_CASE("corpus: bad and unusual datasets on the command line and in a project", "[app][corpus]") {
  const std::string& good = good_layer();
  for (const Case& c : dataset_cases()) {
    DYNAMIC_SECTION(c.name) {
      const std::string dir = testdata::temp_dir("corpus");
      const RemoveAfter cleanup{dir};
      const Made m = c.make(dir);
      INFO("case: " << c.name << " (" << m.arg << ")");
      {
        INFO("on the command line" << (c.bad_first ? ", bad layer first" : ", good layer first"));
        const Shot s = screenshot(dir, c.bad_first ? std::vector<std::string>{m.arg, good}
                                                   : std::vector<std::string>{good, m.arg});
        check_shot(c, m, s);
        if (c.with_ui) {
          INFO("with the UI drawn (labels, panels)");
          const Shot ui = screenshot(dir, {good, m.arg}, false);
          REQUIRE(ui.rc != 124);
          REQUIRE(ui.rc >= 0);
          CHECK(ui.rc == s.rc);
        }
        if (c.fit) {
          INFO("without --extent: the view fits the data, and the good layer is visible in it");
          const Shot fitted = screenshot(dir, {good, m.arg}, true, false);
          INFO(fitted.out);
          REQUIRE(fitted.rc != 124);
          REQUIRE(fitted.rc >= 0);
          CHECK(fitted.rc == s.rc);
          CHECK(count_colour(fitted, S::Completed) >= 20);
        }
      }
      if (c.via_project) {
        INFO("in a project file, good layer first");
        const std::string project = dir + "/case.project.json";
        write_bytes(project, project_json({good, m.arg}));
        check_shot(c, m, screenshot(dir, {project}));
      }
    }
  }
}

// The display CRS comes from "the first layer's own CRS" (README); a first layer that
// then fails to load, or has nothing in it, must not leave the layers that do load
// drawn in a CRS chosen from nothing (here EPSG:3857 instead of the good layer's).
TEST_CASE("corpus: a first layer that cannot be drawn does not choose the display CRS", "[app][corpus][crs]") {
  const std::string& good = good_layer();
  const std::string dir = testdata::temp_dir("corpus-crs");
  const RemoveAfter cleanup{dir};
  const struct {
    const char* name;
    std::string text;
  } inputs[] = {
      {"no-features.geojson", "{\"type\": \"FeatureCollection\", \"features\": []}"},
      // GDAL takes an unknown CRS as GeoJSON's default EPSG:4326; the coordinates then fail
      {"unknown-crs.geojson", [] {
         std::string t = geojson_4549({});
         return t.replace(t.find("EPSG::4549"), 10, "EPSG::999999");
       }()},
      {"projected-without-crs.geojson",
       "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", \"properties\": {}, "
       "\"geometry\": {\"type\": \"Point\", \"coordinates\": [541000, 3991000]}}]}"},
  };
  for (const auto& in : inputs) {
    DYNAMIC_SECTION(in.name) {
      const std::string p = dir + "/" + in.name;
      write_bytes(p, in.text);
      const Shot s = screenshot(dir, {p, good});
      INFO(s.out);
      REQUIRE(s.rc != 124);
      REQUIRE(s.rc >= 0);
      CHECK((s.rc == 0 || s.rc == 2));
      REQUIRE(s.image);
      INFO("good layer " << pixel(s, kGoodX, kGoodY));
      CHECK(has_colour(s, kGoodX, kGoodY, S::Completed));
    }
  }
}

TEST_CASE("corpus: bad project files", "[app][corpus][project]") {
  const std::string& good = good_layer();
  const std::string dir = testdata::temp_dir("corpus-project");
  const RemoveAfter cleanup{dir};
  auto check_good = [](const Shot& s) {
    REQUIRE(s.image);
    INFO("good layer " << pixel(s, kGoodX, kGoodY));
    CHECK(has_colour(s, kGoodX, kGoodY, S::Completed));
  };
  auto hang_or_crash = [](const Shot& s) {
    INFO("output:\n" << s.out.substr(0, 4000));
    REQUIRE(s.rc != 124);
    REQUIRE(s.rc >= 0);
  };

  SECTION("malformed JSON, alone: nothing drawable, exit 1, no PNG") {
    const std::string p = dir + "/broken.project.json";
    write_bytes(p, "{\"version\": 1, \"layers\": [{\"source\": \"" + good + "\"}");
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 1);
    CHECK_FALSE(s.image);
    CHECK(s.out.find("broken.project.json") != std::string::npos);
    CHECK(s.out.find("not valid JSON") != std::string::npos);
  }
  SECTION("malformed JSON beside a good layer: exit 2, the good layer drawn") {
    for (const std::string& text : {std::string("{\"version\": 1, \"layers\": [ {"), std::string("\xff\xfe{\"layers\""),
                                   std::string("{\"version\": 1, \"layers\": 7}"), std::string("[\"layers\"]"),
                                   std::string("{\"version\": \"1\", \"layers\": []}"),
                                   std::string("{\"version\": 99, \"layers\": []}"),
                                   // found by fuzz_project: a number beyond double aborted the program
                                   std::string("{\"version\": 1, \"extent\": [222e2222222, 0, 1, 1], \"layers\": []}")}) {
      const std::string p = dir + "/broken.project.json";
      write_bytes(p, text);
      INFO("project text: " << text);
      const Shot s = screenshot(dir, {p, good});
      INFO(s.out);
      hang_or_crash(s);
      CHECK(s.rc == 2);
      CHECK(s.out.find("broken.project.json") != std::string::npos);
      check_good(s);
    }
  }
  SECTION("unknown keys: warnings naming the project, exit 0") {
    const std::string p = dir + "/keys.project.json";
    write_bytes(p, "{\"version\": 1, \"colour_scheme\": \"dark\", \"layers\": [{\"source\": \"" + good +
                       "\", \"opacity\": 0.5, \"style\": {\"glow\": true, \"fill\": \"yes\"}}, {\"path\": \"x.gpkg\"}, 17],"
                       " \"bookmarks\": [{\"name\": \"b\", \"extent\": [1, 2, 3, 4], \"zoom\": 3}, \"oops\"]}");
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 0);
    CHECK(s.out.find("keys.project.json") != std::string::npos);
    CHECK(s.out.find("colour_scheme") != std::string::npos);
    CHECK(s.out.find("opacity") != std::string::npos);
    CHECK(s.out.find("glow") != std::string::npos);
    CHECK(s.out.find("zoom") != std::string::npos);
    check_good(s);
  }
  SECTION("a missing file: exit 2 naming it, the good layer drawn") {
    const std::string p = dir + "/missing.project.json";
    write_bytes(p, project_json({good, "no/such/parcels.gpkg"}));
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 2);
    CHECK(s.out.find(dir + "/no/such/parcels.gpkg': file not found") != std::string::npos);
    check_good(s);
  }
  SECTION("a directory as a layer source: exit 2 naming it") {
    fs::create_directories(dir + "/folder");
    write_bytes(dir + "/folder/readme.txt", "not data\n");
    fs::create_directories(dir + "/empty-folder");
    const std::string p = dir + "/dir.project.json";
    write_bytes(p, project_json({good, "folder", "empty-folder"}));
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 2);
    CHECK(s.out.find(dir + "/folder': ") != std::string::npos);
    CHECK(s.out.find(dir + "/empty-folder': ") != std::string::npos);
    CHECK(s.out.find("directory") != std::string::npos);  // the reason, as for a project path
    check_good(s);
  }
  SECTION("a directory as the project file: exit 2 naming it") {
    fs::create_directories(dir + "/folder.project.json");
    const Shot s = screenshot(dir, {dir + "/folder.project.json", good});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 2);
    CHECK(s.out.find("folder.project.json") != std::string::npos);
    check_good(s);
  }
  SECTION(".. paths: resolved against the project's folder") {
    fs::create_directories(dir + "/a/b");
    fs::copy_file(good, dir + "/good.gpkg", fs::copy_options::overwrite_existing);
    const std::string p = dir + "/a/b/up.project.json";
    write_bytes(p, project_json({"../../good.gpkg", "../../../../../../../../../../no-such-dir/x.gpkg"}));
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 2);  // the second is missing
    CHECK(s.out.find("/no-such-dir/x.gpkg': file not found") != std::string::npos);
    check_good(s);
    // Only the good one: exit 0.
    write_bytes(p, project_json({"../../good.gpkg", "./../b/../../a/../good.gpkg"}));
    const Shot ok = screenshot(dir, {p});
    INFO(ok.out);
    hang_or_crash(ok);
    CHECK(ok.rc == 0);
    check_good(ok);
  }
  SECTION("the same file twice, and the project naming itself") {
    const std::string p = dir + "/twice.project.json";
    write_bytes(p, "{\"version\": 1, \"layers\": [{\"source\": \"" + good + "\"}, {\"source\": \"" + good +
                       "\"}, {\"source\": \"" + good + "\", \"layer\": \"good\"}]}");
    const Shot s = screenshot(dir, {p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 0);
    // Loaded three times over, every count in the legend and statistics triples: say so.
    CHECK(s.out.find("good.gpkg") != std::string::npos);
    check_good(s);
    const std::string self = dir + "/self.project.json";
    write_bytes(self, project_json({good, "self.project.json"}));
    const Shot me = screenshot(dir, {self});
    INFO(me.out);
    hang_or_crash(me);
    CHECK(me.rc == 2);
    CHECK(me.out.find("self.project.json") != std::string::npos);
    check_good(me);
  }
  SECTION("the same project twice on the command line") {
    const std::string p = dir + "/one.project.json";
    write_bytes(p, project_json({good}));
    const Shot s = screenshot(dir, {p, p});
    INFO(s.out);
    hang_or_crash(s);
    CHECK(s.rc == 0);
    CHECK(s.out.find("one.project.json") != std::string::npos);  // its layers twice over: say so
    check_good(s);
  }
}
