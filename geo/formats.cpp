#include "geo/formats.hpp"

#include <gdal.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "geo/reader.hpp"

namespace geo {

const std::vector<std::string>& openable_extensions() {
  static const std::vector<std::string> list = [] {
    init_gdal();
    std::vector<std::string> out{"zip", "gz", "tgz", "tar", "7z"};  // archives (/vsizip/, /vsitar/ …)
    for (int i = 0; i < GDALGetDriverCount(); ++i) {
      GDALDriverH driver = GDALGetDriver(i);
      const char* vector = GDALGetMetadataItem(driver, GDAL_DCAP_VECTOR, nullptr);
      const char* raster = GDALGetMetadataItem(driver, GDAL_DCAP_RASTER, nullptr);
      const char* extensions = GDALGetMetadataItem(driver, GDAL_DMD_EXTENSIONS, nullptr);
      if (!extensions || !(vector || raster)) continue;
      std::istringstream words(extensions);
      for (std::string e; words >> e;) {
        std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
        if (!e.empty() && e[0] == '.') e.erase(0, 1);
        if (!e.empty()) out.push_back(e);
      }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return list;
}

bool looks_openable(const std::string& name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 >= name.size()) return false;
  std::string e = name.substr(dot + 1);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto& list = openable_extensions();
  return std::binary_search(list.begin(), list.end(), e);
}

}  // namespace geo
