// Status as of a date: one clock for every layer, and its play-back.
#pragma once

#include "app/model/model.hpp"

namespace app {

// Every layer's statuses on `day` (kNoDay: the recorded ones).
void set_as_of(Model& m, geo::Day day);
// The range the date slider spans: the earliest and latest date of any layer.
void update_day_range(Model& m);
// Where Play stops: the data's own date (a projection only when asked for:
// Clock::play_projection, or when the slider already stands past it), else the
// last date.
geo::Day play_end(const Clock& c);
// Play from the first date (or from where the slider is, when it is before the end).
void set_playing(Model& m, bool playing);
// Steps the date by the play-back speed; stops at play_end.
void advance_clock(Model& m, double seconds);
// The same day of the month `months` calendar months on (back when negative), the
// last day of the month where that one has fewer days (31 Jan + 1 → 28/29 Feb).
geo::Day add_months(geo::Day day, int months);
// Features per status over the visible status layers on the shown date (what the
// legend shows).
geo::StatusCounts shown_counts(const Model& m);

}  // namespace app
