// The burn-up chart's model: what it counts (the programme, one layer, or one area,
// a polygon of any layer), its series from geo::burn_up over the same dates the map
// uses, kept until the data or the scope changes. A scope is written as text, so a
// bookmark can name one: "programme", "layer:TITLE", "area:LAYER/NAME".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geo/burnup.hpp"

namespace app {

struct Model;

struct ChartState {
  bool visible = false;      // the chart window at the desk; the chart element when presenting
  std::string scope = "programme";
  std::string stop_scope;    // the current bookmark's "chart" (shown on its slide); empty: none
  // Cached: the series for `key`.
  uint64_t key = 0;
  geo::BurnUp full;          // over every layer's dates
  geo::BurnUp series;        // what is drawn: `full` trimmed to where things happen
  std::string title;         // what it counts, for its heading
  std::string error;         // why the scope names nothing
};

// The days a chart spans: every layer's dates and the shown date.
void chart_range(const Model& m, geo::Day& first, geo::Day& last);

// The series for `scope` (see above) over [first, last]; `title` says what it counts,
// `error` why nothing when the scope names no layer or area.
geo::BurnUp chart_series(const Model& m, const std::string& scope, geo::Day first, geo::Day last, std::string& title,
                         std::string& error);

// The scope the chart shows now: the stop's while presenting a stop that names one,
// else the chosen one.
const std::string& shown_scope(const Model& m);

// The area a scope "area:LAYER/NAME" names: its layer and feature, else nullopt.
std::optional<std::pair<size_t, size_t>> chart_area(const Model& m, const std::string& scope);

// Recomputes m.chart.series when the scope, the data, the filters or the range
// changed since the last time (cheap otherwise: a hash of sizes).
void update_chart(Model& m);

// Every scope the chart can show for this model, with its label: the programme, each
// status layer, each polygon of each layer without statuses (areas), in that order.
struct ChartChoice {
  std::string scope, label;
};
std::vector<ChartChoice> chart_choices(const Model& m, size_t max_areas = 200);

}  // namespace app
