#include "geo/layer_srs.hpp"

#include <cpl_conv.h>
#include <ogrsf_frmts.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <vector>

#include "geo/dataset.hpp"

namespace geo::detail {

namespace {

bool is_north_south(OGRAxisOrientation o) { return o == OAO_North || o == OAO_South; }

// The .prj beside `path` (same stem), when there is one.
// Through GDAL's file layer, so a .prj inside a zip is found too.
std::optional<std::string> sidecar_prj(const std::string& path) {
  const std::string prj = std::filesystem::path(path).replace_extension(".prj").string();
  if (!detail::vsi_exists(prj)) return std::nullopt;
  std::string text = detail::vsi_head(prj, 65537);
  if (text.empty() || text.size() > 65536) return std::nullopt;
  return text;
}

}  // namespace

bool data_is_north_first(const OGRSpatialReference& srs) {
  const std::vector<int> mapping = srs.GetDataAxisToSRSAxisMapping();
  if (mapping.size() < 2) return false;
  OGRAxisOrientation first = OAO_Other;
  srs.GetAxis(srs.IsProjected() ? "PROJCS" : "GEOGCS", std::abs(mapping[0]) - 1, &first);
  return is_north_south(first);
}

void describe_srs(const OGRSpatialReference& srs, std::string& crs, std::string& label) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG") {
    crs = std::string("EPSG:") + code;
    label = crs;
    return;
  }
  OGRSpatialReference copy(srs);
  if (copy.AutoIdentifyEPSG() == OGRERR_NONE && copy.GetAuthorityCode(nullptr)) {
    label = std::string("EPSG:") + copy.GetAuthorityCode(nullptr);
  } else {
    label = srs.GetName() ? srs.GetName() : "custom CRS";
  }
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  if (srs.exportToWkt(&wkt, options) == OGRERR_NONE && wkt) crs = wkt;
  CPLFree(wkt);
}

bool import_crs(const std::string& text, OGRSpatialReference& srs) {
  const char* options[] = {"ALLOW_NETWORK_ACCESS=NO", "ALLOW_FILE_ACCESS=NO", nullptr};
  if (text.empty() || srs.SetFromUserInput(text.c_str(), options) != OGRERR_NONE) return false;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return true;
}

const OGRSpatialReference* layer_srs(OGRLayer& layer, const std::string& path, const std::string& source_crs,
                                     OGRSpatialReference& storage, bool* bad_override) {
  if (!source_crs.empty()) {
    const bool ok = import_crs(source_crs, storage);
    if (bad_override) *bad_override = !ok;
    return ok ? &storage : nullptr;
  }
  if (const OGRSpatialReference* own = layer.GetSpatialRef()) return own;
  const std::optional<std::string> prj = sidecar_prj(path);
  if (!prj || !import_crs(*prj, storage)) return nullptr;
  // As the Shapefile driver does: ESRI's WKT stands for the EPSG CRS it matches, so a
  // .prj of EPSG:4549 is EPSG:4549 (no transform into a display CRS of 4549).
  if (OGRSpatialReference* match = storage.FindBestMatch()) {
    storage = *match;
    match->Release();
    storage.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  return &storage;
}

}  // namespace geo::detail
