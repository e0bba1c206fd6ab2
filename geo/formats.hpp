// Which files a GIS user could open here: the extensions GDAL's drivers declare
// (vector and raster), plus the archives the viewer reads through. No GDAL in this
// header.
#pragma once

#include <string>
#include <vector>

namespace geo {

// Lower-case extensions without the dot ("gpkg", "shp", "geojson", "tif", "zip" …),
// sorted, each once. Built once from GDAL's registered drivers (DMD_EXTENSIONS);
// thread-safe.
const std::vector<std::string>& openable_extensions();
// True when the file name's last extension is in openable_extensions() (any case),
// or the name ends in ".tar.gz" / ".shp.zip".
bool looks_openable(const std::string& file_name);

}  // namespace geo
