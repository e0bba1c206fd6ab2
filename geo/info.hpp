// `renewmap --info`: what the viewer reads from a dataset, as text, without a window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/project.hpp"
#include "geo/reader.hpp"

namespace geo {

struct InfoReport {
  std::string text;        // the report, for stdout
  size_t layers = 0;       // layers read
  size_t rasters = 0;      // basemaps described
  size_t failures = 0;     // sources or layers that could not be read (each in `text`)
};

// Reads each config's source the way the viewer does (status and name fields
// detected or as configured) and describes every layer: CRS, feature count, geometry
// kinds, status and name fields, counts per status (with unmapped values), date
// columns, text encoding, and the first few names. Then each basemap raster: driver,
// size, bands, CRS, overviews and extent. A layer's attribute filter (a project's
// "filter") is applied to the counts, as the legend applies it. With `as_of` (days since 1970, see
// geo/timeline.hpp), dated layers also get their counts per status on that day, and
// the report ends with the total over all layers on that day (what the legend shows).
// `access` reads the sources (the viewer passes its reader process's; default: here).
InfoReport info_report(const std::vector<LayerConfig>& configs, const std::vector<BasemapConfig>& basemaps = {},
                       std::optional<int32_t> as_of = std::nullopt, const SourceAccess& access = in_process_access());

}  // namespace geo
