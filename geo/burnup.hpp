// Burn-up series for a progress chart: for each day of a range, how many features are
// in each status, how many were due by then (planned finish on or before the day) and
// how many were finished (actual finish on or before it). Statuses follow
// geo/timeline.hpp's rules, the ones the map and the legend use, so a chart and the
// map never disagree on a day.
#pragma once

#include <cstdint>
#include <vector>

#include "geo/status.hpp"
#include "geo/timeline.hpp"

namespace geo {

struct BurnUp {
  Day first = kNoDay, last = kNoDay;  // the days covered, both included
  size_t features = 0;                // how many features the series counts
  std::vector<StatusCounts> by_status;  // one per day
  std::vector<uint32_t> planned;        // per day: features due by then
  std::vector<uint32_t> completed;      // per day: features finished by then

  size_t days() const { return by_status.size(); }
  bool covers(Day d) const { return first != kNoDay && d >= first && d <= last; }
};

// The series of features `features` of `t` (every feature when empty) from `first` to
// `last` (swapped when reversed; at most ~27 years). Each feature changes status on at
// most three days (its start, the day after its planned finish, its finish), so this
// costs one pass over the features and one over the days, whatever their number.
// `weights`, when given, counts feature f as weights[f] features (a group of rows
// with the same status and dates, as a database server counts them).
BurnUp burn_up(const Timeline& t, const std::vector<uint32_t>& features, Day first, Day last,
               const std::vector<uint64_t>* weights = nullptr);

// Adds `b` (the same days) into `into`; an empty `into` becomes a copy of `b`. For a
// series over several layers.
void accumulate(BurnUp& into, const BurnUp& b);

// The part of `b` where something happens: from a month before the first change to a
// month after the last, widened to hold `keep_a` and `keep_b` (kNoDay: nothing to
// keep). A layer planned within 2023 is not drawn across the programme's whole span.
BurnUp trimmed(const BurnUp& b, Day keep_a, Day keep_b);

// How many days the actual lags the plan on day d: 0 when as many features are
// finished as were due; else the days since the plan first went beyond the number
// finished on d (a project due on 10 January and unfinished on the 15th: 5 days).
// 0 outside the series.
int days_behind(const BurnUp& b, Day d);

}  // namespace geo
