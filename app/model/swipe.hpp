// The before/after date swipe: one map, two dates. Left of a divider the statuses as of
// date A (`left`), right of it as of date B (the clock's shown date), both dates and
// both sets of counts in the legend. The map is drawn twice with a scissor
// (render/): the GPU derives each side's statuses from its dates; for the CPU painter
// of software GL the left side's state bytes are kept here.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/status.hpp"
#include "geo/timeline.hpp"

namespace app {

struct Model;

struct SwipeState {
  bool on = false;
  bool from_stop = false;     // turned on by the current bookmark (the next stop may turn it off)
  geo::Day left = geo::kNoDay;  // date A
  float divider = 0.5f;       // where A ends, as a fraction of the map's width
  // On `left`, per layer (parallel to Model::layers): statuses, the state bytes the CPU
  // painter draws the left side with, and the counts of what passes the filter.
  std::vector<std::vector<geo::Status>> status;
  std::vector<std::vector<uint8_t>> state;
  std::vector<geo::StatusCounts> counts;
  uint64_t key = 0;
};

// Turns the swipe on with A = `left` and B = `right` (the shown date), or off.
void set_swipe(Model& m, bool on, geo::Day left, geo::Day right);
// Moves the divider (clamped to [0.02, 0.98]).
void set_divider(Model& m, float fraction);
// Brings the left side's statuses, state bytes and counts up to date (after a change
// of A, of the data, the filters or the selection).
void update_swipe(Model& m);
// What the legend counts for A: the visible status layers on the left date.
geo::StatusCounts swipe_left_counts(const Model& m);

}  // namespace app
