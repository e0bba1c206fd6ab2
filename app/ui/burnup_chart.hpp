// A burn-up chart drawn with ImGui's draw lists (no chart package is in Debian): the
// features per status stacked over time in the legend's colours, the plan (features
// due by each day, dashed) against the actual (finished by each day), the shown date
// as a vertical line, the part past the data's date hatched as projected, and "N days
// behind plan". The desk's chart window and the presentation's chart element draw it.
#pragma once

#include <imgui.h>

#include "geo/burnup.hpp"

namespace app::ui {

struct BurnUpLook {
  geo::Day shown = geo::kNoDay;       // the vertical line
  geo::Day data_as_of = geo::kNoDay;  // right of it: projected
  bool interactive = false;           // a click or a drag picks a date
  float scale = 1.0f;                 // line widths grow with the text
};

// Draws `b` in a box of `size` at the cursor (an item of that size). Returns the day
// under the mouse while it is pressed on the chart (kNoDay otherwise).
geo::Day burn_up_chart(const char* id, const geo::BurnUp& b, ImVec2 size, const BurnUpLook& look);

// The x of day `d` in a plot from x0 to x1 spanning the series' days (for tests and
// for the click: the inverse is day_at_x).
float x_of_day(const geo::BurnUp& b, geo::Day d, float x0, float x1);
geo::Day day_at_x(const geo::BurnUp& b, float x, float x0, float x1);

}  // namespace app::ui
