// What is under a point of the map: for the click (identify) and the hover tooltip.
#pragma once

#include <utility>
#include <vector>

#include "app/model/model.hpp"
#include "geo/spatial_index.hpp"

namespace app {

// Every shown feature (model/visibility.hpp) of the visible layers within `tolerance`
// (display-CRS units) of `p`,
// topmost layer first; within a layer the nearest first and, of two that both contain
// the point, the smaller (the one drawn on top). Layers whose spatial index is not built
// yet are skipped unless `build_missing`.
std::vector<std::pair<size_t, geo::Hit>> hits_at(const Model& m, MapPoint p, double tolerance, bool build_missing);
// Selects everything under `p` (the identify panel lists it); a click on nothing
// clears the selection.
void identify_at(Model& m, MapPoint p, double tolerance);

}  // namespace app
