// Status as of a date: one clock for every layer, and its play-back.
#pragma once

#include "app/model/model.hpp"

namespace app {

// Every layer's statuses on `day` (kNoDay: the recorded ones).
void set_as_of(Model& m, geo::Day day);
// The range the date slider spans: the earliest and latest date of any layer.
void update_day_range(Model& m);
// Play from the first date (or from where the slider is, when it is inside the range).
void set_playing(Model& m, bool playing);
// Steps the date by the play-back speed; stops at the last date.
void advance_clock(Model& m, double seconds);

}  // namespace app
