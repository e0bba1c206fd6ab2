// libFuzzer target: bytes as a vector file, through the loader's whole path.
//
// The bytes become a GDAL /vsimem/ file named with RENEWMAP_FUZZ_EXT (".geojson" or
// ".gpkg", one binary each) and go where a user's file goes in app/loader.cpp: the
// cheap look that chooses the display CRS, the full read, reprojection, status
// classification, the timeline, the drawable mesh (tessellation included) and the
// spatial index a click queries. Any crash, sanitizer report or leak is a finding.
#include <cstdint>
#include <cstring>
#include <string>

#include <cpl_vsi.h>

#include "geo/classify.hpp"
#include "geo/mesh.hpp"
#include "geo/reader.hpp"
#include "geo/spatial_index.hpp"
#include "geo/timeline.hpp"
#include "geo/transform.hpp"

#ifndef RENEWMAP_FUZZ_EXT
#error "RENEWMAP_FUZZ_EXT must name the file extension (\".geojson\", \".gpkg\")"
#endif

namespace {

std::string display_crs_for(const geo::SourceSpec& spec) {
  auto infos = geo::inspect_source(spec);
  if (infos) {
    for (const geo::LayerInfo& info : *infos)
      if (!info.crs.empty() && info.feature_count != 0) return geo::suggest_display_crs(info.crs, info.extent);
  }
  return "EPSG:3857";
}

void load(const geo::SourceSpec& spec) {
  const std::string display = display_crs_for(spec);
  geo::ReadOutcome read = geo::read_vector(spec);
  for (geo::VectorLayer& layer : read.layers) {
    size_t failed = 0;
    if (!geo::reproject(layer, display, 1, &failed)) continue;
    if (failed > 0 && failed == layer.vertex_count()) continue;
    const geo::Classification classes = geo::classify(layer, geo::LayerConfig{});
    const geo::Timeline timeline = geo::build_timeline(layer, classes.status);
    std::vector<geo::Status> now;
    geo::statuses_on(timeline, geo::days_from_civil(2023, 9, 30), now);
    const geo::Mesh mesh = geo::build_mesh(layer);
    (void)mesh;
    const geo::SpatialIndex index = geo::SpatialIndex::build(layer);
    if (!layer.bounds.empty()) {
      const double cx = (layer.bounds.min_x + layer.bounds.max_x) / 2, cy = (layer.bounds.min_y + layer.bounds.max_y) / 2;
      (void)index.identify(layer, cx, cy, 1.0);
      (void)index.query_box(layer.bounds);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = [] {
    geo::init_gdal();
    return true;
  }();
  (void)ready;
  static const std::string path = std::string("/vsimem/fuzz") + RENEWMAP_FUZZ_EXT;
  // GDAL reads the caller's buffer in place (bTakeOwnership = FALSE); a copy keeps the
  // fuzzer's input const even if a driver were to write.
  auto* copy = static_cast<GByte*>(VSIMalloc(size ? size : 1));
  if (!copy) return 0;
  if (size) std::memcpy(copy, data, size);
  VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), copy, size, TRUE);
  if (!f) {
    VSIFree(copy);
    return 0;
  }
  VSIFCloseL(f);
  load({path, ""});
  VSIUnlink(path.c_str());
  // SQLite may leave a journal or WAL beside the file.
  VSIUnlink((path + "-journal").c_str());
  VSIUnlink((path + "-wal").c_str());
  VSIUnlink((path + "-shm").c_str());
  return 0;
}
