#include "geo/raster.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>

#include <memory>
#include <vector>

#include "geo/gdal_util.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"

namespace geo {
namespace {

struct DatasetCloser {
  void operator()(GDALDatasetH ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<void, DatasetCloser>;

DatasetPtr open_raster(const std::string& path) {
  init_gdal();
  return DatasetPtr(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
}

// Arguments for a GDAL utility, kept alive for its options object.
struct Args {
  std::vector<std::string> items;
  std::vector<char*> argv() {
    std::vector<char*> v;
    for (auto& s : items) v.push_back(s.data());
    v.push_back(nullptr);
    return v;
  }
};

std::string crs_of(GDALDatasetH ds) {
  const OGRSpatialReferenceH srs = GDALGetSpatialRef(ds);
  if (!srs) return {};
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  OSRExportToWktEx(srs, &wkt, options);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

}  // namespace

bool is_raster(const std::string& path) {
  detail::ScopedGdalErrors quiet;
  DatasetPtr ds = open_raster(path);
  return ds && GDALGetRasterCount(ds.get()) > 0;
}

Result<RasterInfo> inspect_raster(const std::string& path) {
  detail::ScopedGdalErrors errors;
  DatasetPtr ds = open_raster(path);
  if (!ds || GDALGetRasterCount(ds.get()) == 0)
    return Error{path, {}, "not a raster GDAL can read" + (errors.failures().empty() ? "" : ": " + errors.failures())};
  RasterInfo info;
  if (GDALDriverH driver = GDALGetDatasetDriver(ds.get())) info.driver = GDALGetDriverShortName(driver);
  info.width = GDALGetRasterXSize(ds.get());
  info.height = GDALGetRasterYSize(ds.get());
  info.bands = GDALGetRasterCount(ds.get());
  info.overviews = GDALGetOverviewCount(GDALGetRasterBand(ds.get(), 1));
  if (const std::string crs = crs_of(ds.get()); !crs.empty()) {
    auto described = describe_crs(crs);
    info.crs_label = described ? described->label : "custom CRS";
  }
  double gt[6];
  if (GDALGetGeoTransform(ds.get(), gt) == CE_None)
    for (int fx : {0, 1})
      for (int fy : {0, 1}) {  // the corners; a rotated raster's box holds all four
        const double px = fx * info.width, py = fy * info.height;
        info.extent.add(gt[0] + px * gt[1] + py * gt[2], gt[3] + px * gt[4] + py * gt[5]);
      }
  return info;
}

Result<Bbox> raster_extent(const std::string& path, const std::string& display_crs) {
  detail::ScopedGdalErrors errors;
  DatasetPtr ds = open_raster(path);
  if (!ds) return Error{path, {}, "not a raster GDAL can read: " + errors.failures()};
  double gt[6];
  if (GDALGetGeoTransform(ds.get(), gt) != CE_None) return Error{path, {}, "cannot be placed on the map: it has no georeferencing (no geotransform); georeference it first, e.g. with QGIS's Georeferencer or gdal_translate -a_ullr"};
  const std::string crs = crs_of(ds.get());
  if (crs.empty()) return Error{path, {}, "the raster has no coordinate reference system"};
  auto t = Transformer::create(crs, display_crs);
  if (!t) return t.error();
  const int w = GDALGetRasterXSize(ds.get()), h = GDALGetRasterYSize(ds.get());
  Bbox b;
  // Corners and edge midpoints: enough for a footprint under a smooth projection.
  for (double fx : {0.0, 0.5, 1.0})
    for (double fy : {0.0, 0.5, 1.0}) {
      double x = gt[0] + fx * w * gt[1] + fy * h * gt[2], y = gt[3] + fx * w * gt[4] + fy * h * gt[5];
      if (t->transform_point(x, y)) b.add(x, y);
    }
  if (b.empty()) return Error{path, {}, "the raster cannot be placed in " + display_crs};
  return b;
}

Result<Image> warp_raster(const std::string& path, const std::string& display_crs, const Bbox& extent, int width,
                          int height) {
  detail::ScopedGdalErrors errors;
  DatasetPtr src = open_raster(path);
  if (!src) return Error{path, {}, "not a raster GDAL can read: " + errors.failures()};
  if (width <= 0 || height <= 0 || extent.empty()) return Error{path, {}, "empty view"};
  // Paletted rasters become RGBA first (in memory) so warping interpolates colours.
  DatasetPtr expanded;
  GDALDatasetH input = src.get();
  GDALRasterBandH first = GDALGetRasterBand(src.get(), 1);
  if (first && GDALGetRasterColorTable(first)) {
    Args a{{"-of", "VRT", "-expand", "rgba"}};
    auto argv = a.argv();
    GDALTranslateOptions* o = GDALTranslateOptionsNew(argv.data(), nullptr);
    expanded.reset(GDALTranslate("", src.get(), o, nullptr));
    GDALTranslateOptionsFree(o);
    if (expanded) input = expanded.get();
  }
  char buf[4][64];
  std::snprintf(buf[0], sizeof buf[0], "%.17g", extent.min_x);
  std::snprintf(buf[1], sizeof buf[1], "%.17g", extent.min_y);
  std::snprintf(buf[2], sizeof buf[2], "%.17g", extent.max_x);
  std::snprintf(buf[3], sizeof buf[3], "%.17g", extent.max_y);
  Args a{{"-of", "MEM", "-t_srs", display_crs, "-te", buf[0], buf[1], buf[2], buf[3], "-ts", std::to_string(width),
          std::to_string(height), "-r", "bilinear", "-dstalpha"}};
  auto argv = a.argv();
  GDALWarpAppOptions* options = GDALWarpAppOptionsNew(argv.data(), nullptr);
  if (!options) return Error{path, {}, "bad warp options: " + errors.failures()};
  int usage_error = 0;
  GDALDatasetH inputs[1] = {input};
  DatasetPtr out(GDALWarp("", nullptr, 1, inputs, options, &usage_error));
  GDALWarpAppOptionsFree(options);
  if (!out) return Error{path, {}, "cannot warp it to " + display_crs + ": " + errors.failures()};
  const int bands = GDALGetRasterCount(out.get());  // colour bands + alpha
  Image img;
  img.width = width;
  img.height = height;
  img.rgba.assign(static_cast<size_t>(width) * height * 4, 0);
  const int colour = bands - 1;
  for (int c = 0; c < 4; ++c) {
    // Grey (1 colour band) fills R, G and B; alpha is always the last band.
    const int band = c == 3 ? bands : (colour >= 3 ? c + 1 : 1);
    if (band < 1 || band > bands) continue;
    if (GDALRasterIO(GDALGetRasterBand(out.get(), band), GF_Read, 0, 0, width, height, img.rgba.data() + c, width,
                     height, GDT_Byte, 4, static_cast<int>(width) * 4) != CE_None)
      return Error{path, {}, "cannot read the warped pixels: " + errors.failures()};
  }
  return img;
}

bool is_xyz_template(const std::string& s) {
  return (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) && s.find("{z}") != std::string::npos &&
         s.find("{x}") != std::string::npos && s.find("{y}") != std::string::npos;
}

std::string xyz_source(const std::string& url_template, const std::string& cache_dir) {
  std::string url = url_template;
  for (const char* k : {"{z}", "{x}", "{y}"}) {
    const size_t at = url.find(k);
    if (at != std::string::npos) url.replace(at, 3, std::string("${") + k[1] + "}");
  }
  // XML-escape the URL (query strings carry '&').
  std::string escaped;
  for (char c : url) escaped += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
  return "<GDAL_WMS><Service name=\"TMS\"><ServerUrl>" + escaped +
         "</ServerUrl></Service><DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>"
         "<LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY><TileLevel>19</TileLevel>"
         "<TileCountX>1</TileCountX><TileCountY>1</TileCountY><YOrigin>top</YOrigin></DataWindow>"
         "<Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>"
         "<BandsCount>3</BandsCount><MaxConnections>4</MaxConnections><Cache><Path>" +
         cache_dir + "</Path></Cache></GDAL_WMS>";
}

bool is_network_source(const std::string& s) {
  for (const char* prefix : {"http://", "https://", "ftp://", "/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsioss",
                             "/vsiswift", "/vsiadls", "/vsihdfs", "/vsiwebhdfs", "PG:", "MYSQL:", "OCI:", "MSSQL:",
                             "WFS:", "WMS:", "ODBC:"})
    if (s.rfind(prefix, 0) == 0) return true;
  // GDAL XML service descriptions (inline or as a file) fetch from servers.
  if (s.find("<GDAL_WMS") != std::string::npos || s.find("<GDAL_WMTS") != std::string::npos) return true;
  return false;
}

}  // namespace geo
