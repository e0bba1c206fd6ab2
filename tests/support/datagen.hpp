// Test data written by the tests themselves through GDAL: small datasets with known
// shapes, attributes and CRSs, in any vector driver.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace testdata {

struct Feature {
  std::string wkt;                                          // geometry; empty = null geometry
  std::vector<std::pair<std::string, std::string>> fields;  // all written as strings
};

struct LayerSpec {
  std::string name = "layer";
  std::string crs;  // "EPSG:4549" …; empty = no CRS
  std::vector<std::string> field_names;
  std::vector<Feature> features;
};

// Writes `layers` into `path` with the GDAL driver `driver` ("GeoJSON", "GPKG",
// "ESRI Shapefile", "CSV" (geometry as a WKT column) …), replacing what was there. Throws std::runtime_error on failure.
void write_vector(const std::string& path, const std::string& driver, const std::vector<LayerSpec>& layers);

// A single-colour RGB GeoTIFF covering x0,y0 – x1,y1 in `crs` at `size` x `size` pixels.
void write_solid_tif(const std::string& path, const std::string& crs, double x0, double y0, double x1, double y1,
                     int size, unsigned char r, unsigned char g, unsigned char b);

// A fresh empty directory under the system temp dir, unique per call.
std::string temp_dir(const std::string& tag);

// Runs a shell command; returns its exit status and captures stdout+stderr.
int run_command(const std::string& command, std::string& output);

}  // namespace testdata
