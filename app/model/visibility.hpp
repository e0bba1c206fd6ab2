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
// The same for a layer's preview (its rows as fetched, all passing: a layer with a
// filter shows none), statuses on `as_of` where the CPU paints.
void build_preview_state(LayerPreview& preview, geo::Day as_of, bool current_statuses);
// The features whose box meets `view` (display CRS), per status on the shown date, of
// those the attribute filter lets through: what the statistics panel shows "in view",
// and slides.json's view_counts. A row meeting the view's edge counts, as the server's
// `geom && box` would count it.
geo::StatusCounts counts_in_view(const MapLayer& layer, const geo::Bbox& view);
// Every row of the layer that meets `view` is held, so counts_in_view is exact: always
// for a file; for a streamed table, where a fetch brought the rows of a box containing
// the view whole (or as their boxes, which count the same).
bool rows_whole_in(const MapLayer& layer, const geo::Bbox& view);
// When the panel asks for them (Model::stats_in_view): each visible status layer's
// view_counts for `view`, counted again only when the view, the day, the counts or the
// rows changed since.
void update_view_counts(std::vector<MapLayer>& layers, bool asked, const geo::Bbox& view);
// Clears every layer's selection.
void clear_selection(std::vector<MapLayer>& layers);

}  // namespace app
