#include "support/datagen.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace testdata {
namespace fs = std::filesystem;

void write_vector(const std::string& path, const std::string& driver_name, const std::vector<LayerSpec>& layers) {
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  if (!driver) throw std::runtime_error("no GDAL driver " + driver_name);
  std::error_code ec;
  fs::remove_all(path, ec);
  std::unique_ptr<GDALDataset> ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path);
  for (const LayerSpec& spec : layers) {
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (!spec.crs.empty()) {
      if (srs.SetFromUserInput(spec.crs.c_str()) != OGRERR_NONE) throw std::runtime_error("bad crs " + spec.crs);
      srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      srs_ptr = &srs;
    }
    char** options = nullptr;
    if (driver_name == "GeoJSON") options = CSLSetNameValue(options, "RFC7946", "NO");
    if (driver_name == "ESRI Shapefile") options = CSLSetNameValue(options, "ENCODING", "UTF-8");
    if (driver_name == "CSV") options = CSLSetNameValue(options, "GEOMETRY", "AS_WKT");
    OGRLayer* layer = ds->CreateLayer(spec.name.c_str(), srs_ptr, wkbUnknown, options);
    CSLDestroy(options);
    if (!layer) throw std::runtime_error("cannot create layer " + spec.name);
    for (const std::string& f : spec.field_names) {
      OGRFieldDefn fd(f.c_str(), OFTString);
      layer->CreateField(&fd);
    }
    for (const Feature& feat : spec.features) {
      OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
      if (!feat.wkt.empty()) {
        OGRGeometry* g = nullptr;
        if (OGRGeometryFactory::createFromWkt(feat.wkt.c_str(), nullptr, &g) != OGRERR_NONE)
          throw std::runtime_error("bad wkt " + feat.wkt);
        f->SetGeometryDirectly(g);
      }
      for (const auto& [k, v] : feat.fields) f->SetField(k.c_str(), v.c_str());
      if (layer->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write feature to " + path);
      OGRFeature::DestroyFeature(f);
    }
  }
}

void write_solid_tif(const std::string& path, const std::string& crs, double x0, double y0, double x1, double y1,
                     int size, unsigned char r, unsigned char g, unsigned char b) {
  GDALAllRegister();
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), size, size, 3, GDT_Byte, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path);
  double gt[6] = {x0, (x1 - x0) / size, 0, y1, 0, -(y1 - y0) / size};
  ds->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.SetFromUserInput(crs.c_str());
  ds->SetSpatialRef(&srs);
  for (int band = 1; band <= 3; ++band)
    if (ds->GetRasterBand(band)->Fill(band == 1 ? r : band == 2 ? g : b) != CE_None)
      throw std::runtime_error("cannot fill " + path);
}

std::string temp_dir(const std::string& tag) {
  static std::atomic<int> counter{0};
  const fs::path dir = fs::temp_directory_path() /
                       ("renewmap-test-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

int run_command(const std::string& command, std::string& output) {
  output.clear();
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) output.append(buf.data(), n);
  const int status = ::pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace testdata
