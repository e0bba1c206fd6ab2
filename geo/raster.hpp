// Raster basemaps: any raster GDAL reads (GeoTIFF, MBTiles, JPEG/PNG with a world file,
// a GDAL XML tile-service description …), warped into the display CRS for one view.
#pragma once

#include <string>

#include "geo/image.hpp"
#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo {

// True when GDAL opens `path` as a raster and not as vector data.
bool is_raster(const std::string& path);

// The raster's footprint in `display_crs` (its corners transformed), for fitting the
// view; empty when it cannot be placed.
Result<Bbox> raster_extent(const std::string& path, const std::string& display_crs);

// What `renewmap --info` says of a raster: it is drawn as a basemap, warped from this.
struct RasterInfo {
  std::string driver;           // GDAL's short name ("GTiff", "MBTiles" …)
  int width = 0, height = 0;    // pixels, full resolution
  int bands = 0;
  int overviews = 0;            // reduced-resolution levels of the first band
  std::string crs_label;        // "EPSG:4326", or the CRS's name; empty when it has none
  Bbox extent;                  // in its own CRS; empty when it is not georeferenced
};
Result<RasterInfo> inspect_raster(const std::string& path);

// Warps the raster into `display_crs` over `extent` at width x height pixels
// (bilinear; GDAL picks the overview level that fits, so zoomed-out views are fast).
// RGBA, top row first; pixels outside the raster are transparent. Grey rasters are
// expanded to RGB and paletted ones through their colour table.
Result<Image> warp_raster(const std::string& path, const std::string& display_crs, const Bbox& extent, int width,
                          int height);

// A GDAL dataset description (WMS/TMS XML) for an XYZ tile URL template such as
// "https://tiles.example/{z}/{x}/{y}.png", in EPSG:3857, with GDAL's on-disk tile
// cache in `cache_dir`. Pass the result wherever a raster path goes.
std::string xyz_source(const std::string& url_template, const std::string& cache_dir);
bool is_xyz_template(const std::string& source);

// True for sources that reach the network: URLs, /vsicurl/ and friends, PG: connections,
// tile templates and GDAL XML descriptions of web services.
bool is_network_source(const std::string& source);

}  // namespace geo
