// Which features are shown, and in which status: the one definition of the rule the
// map, the legend, the statistics and identify all follow.
//   status  = the feature's status on the model's date (its recorded one without a date)
//   counted = it passes the layer's attribute filter (the legend and statistics count it)
//   shown   = counted, and its status is not hidden by the legend or the layer's own
//             status checkboxes
#pragma once

#include <cstdint>
#include <vector>

#include "app/model/layer.hpp"
#include "geo/burnup.hpp"
#include "geo/timeline.hpp"

namespace app {

// Per-feature state bytes, two per feature: [status, flags] (the GPU reads them).
inline constexpr uint8_t kFlagVisible = 1;
inline constexpr uint8_t kFlagSelected = 2;

// The feature passes the layer's attribute filter (every feature does without one).
bool passes_filter(const MapLayer& layer, size_t feature);
// The statuses hidden for this layer: the legend's and the layer's own.
unsigned hidden_statuses_of(const MapLayer& layer, unsigned legend_hidden);
bool feature_shown(const MapLayer& layer, size_t feature, unsigned legend_hidden);
// Statuses on `as_of` (kNoDay: the recorded ones), then the counts.
void recompute_status(MapLayer& layer, geo::Day as_of);
// The counts of the features the filter lets through, each in its current status.
// (Statuses hidden by a checkbox still count: their rows say what the checkbox hides.)
void recount(MapLayer& layer);
// A streamed table whose counts the server gave, with no attribute filter: its legend
// and burn-up count the whole table (ServerCounts), not the rows held.
bool counted_by_server(const MapLayer& layer);
geo::BurnUp server_burn_up(const MapLayer& layer, geo::Day first, geo::Day last);
// The state bytes of every feature: [status, flags], flags kFlagVisible when it passes
// the filter and kFlagSelected when also selected. The status is the recorded one
// where the GPU derives the statuses on the shown date itself (shaders/common.glsl),
// so a date step rebuilds nothing; with `current_statuses`, the one on the shown date
// (`status`), for the CPU painter of software GL. Hidden statuses are a uniform.
void build_state(MapLayer& layer, bool current_statuses);
// Clears every layer's selection.
void clear_selection(std::vector<MapLayer>& layers);

}  // namespace app
