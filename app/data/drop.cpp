#include "app/data/drop.hpp"

#include "app/data/reader_process.hpp"

#include <cctype>
#include <cstring>
#include <filesystem>

#include "geo/project.hpp"
#include "geo/reader.hpp"

namespace app {

namespace fs = std::filesystem;

namespace {

bool ends_with_ci(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  if (s.size() <= n) return false;
  for (size_t i = 0; i < n; ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i]) return false;
  return true;
}

// Sidecars of a Shapefile (or a raster's .aux.xml / .ovr): what they belong to is
// their name without the suffix, plus .shp for a Shapefile's parts.
bool is_sidecar(const std::string& path) {
  static const char* kSidecars[] = {".dbf", ".shx", ".prj", ".cpg", ".sbn", ".sbx", ".qix", ".qmd", ".fix", ".ovr",
                                    ".aux.xml"};
  for (const char* ext : kSidecars) {
    if (!ends_with_ci(path, ext)) continue;
    const std::string stem = path.substr(0, path.size() - std::strlen(ext));
    std::error_code ec;
    for (const char* main : {".shp", ".SHP", ""})
      if (fs::is_regular_file(stem + main, ec)) return true;
  }
  return false;
}

}  // namespace

DropAction classify_drop(const std::string& path) {
  if (is_sidecar(path)) return DropAction::Skip;
  if (geo::looks_like_project(path)) return DropAction::Add;
  // A raster without vector layers gives no layers here: added, as a basemap.
  auto infos = data::inspect_source({path, {}}, data::quick_limits());
  if (!infos) return DropAction::Add;
  if (infos->size() > 1 || (infos->size() == 1 && !(*infos)[0].has_geometry)) return DropAction::Pick;
  return DropAction::Add;
}

}  // namespace app
