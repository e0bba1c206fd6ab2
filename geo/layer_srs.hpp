// Internal to geo/: the CRS of a layer as GDAL gives it, made the viewer's: east-first
// coordinates, an EPSG code where one matches, a .prj beside a file that its driver
// does not read, a user's CRS text that names no file and reaches no network. For the
// reader and the source inspection; no GDAL header here.
#pragma once

#include <string>

class OGRLayer;
class OGRSpatialReference;

namespace geo::detail {

// True when the layer stores its first coordinate as northing/latitude, i.e. the data
// axis order is the CRS's authority order and that order is north-first. GDAL 3 gives
// most layers the traditional GIS (east-first) mapping, so this is the exception.
bool data_is_north_first(const OGRSpatialReference& srs);

// "EPSG:n" for `crs` and `label` where the CRS has an EPSG code; else WKT2 and its name
// (or the EPSG code PROJ identifies).
void describe_srs(const OGRSpatialReference& srs, std::string& crs, std::string& label);

// Reads a CRS the user or a file gives as text (EPSG code, WKT, ESRI .prj WKT, PROJ
// string) into `srs`, east-first. Names no file and reaches no network: the text may
// come from a project file someone else wrote.
bool import_crs(const std::string& text, OGRSpatialReference& srs);

// The CRS a layer's coordinates are in. `source_crs` (the user's word) wins over what
// the file declares; else the layer's own; else a .prj beside the file, which the
// Shapefile driver reads but DXF and CSV do not. Null when there is none; `bad_override`
// set when `source_crs` is not a CRS PROJ knows. `storage` holds what is not the layer's.
const OGRSpatialReference* layer_srs(OGRLayer& layer, const std::string& path, const std::string& source_crs,
                                     OGRSpatialReference& storage, bool* bad_override = nullptr);

}  // namespace geo::detail
