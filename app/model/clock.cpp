#include "app/model/clock.hpp"

#include <algorithm>

#include "app/model/visibility.hpp"

namespace app {

void set_as_of(Model& m, geo::Day day) {
  m.clock.as_of = day;
  for (MapLayer& l : m.layers) recompute_status(l, day);
  m.map_changed = true;
}

void update_day_range(Model& m) {
  Clock& c = m.clock;
  c.min_day = c.max_day = geo::kNoDay;
  for (const MapLayer& l : m.layers) {
    if (!l.timeline.has_dates) continue;
    if (c.min_day == geo::kNoDay || l.timeline.min_day < c.min_day) c.min_day = l.timeline.min_day;
    if (c.max_day == geo::kNoDay || l.timeline.max_day > c.max_day) c.max_day = l.timeline.max_day;
  }
}

geo::Day play_end(const Clock& c) {
  if (c.play_projection || c.data_as_of == geo::kNoDay || c.data_as_of >= c.max_day) return c.max_day;
  // Already past the data's date: the person went into the projection; go on to the end.
  if (c.as_of != geo::kNoDay && c.as_of > c.data_as_of) return c.max_day;
  return std::max(c.min_day, c.data_as_of);
}

void set_playing(Model& m, bool playing) {
  Clock& c = m.clock;
  c.playing = playing && c.max_day != geo::kNoDay;
  if (c.playing && (c.as_of == geo::kNoDay || c.as_of >= play_end(c))) set_as_of(m, c.min_day);
  c.accumulated = 0;
}

void advance_clock(Model& m, double seconds) {
  Clock& c = m.clock;
  if (!c.playing || c.max_day == geo::kNoDay) return;
  c.accumulated += seconds * c.days_per_second;
  const int step = static_cast<int>(c.accumulated);
  if (step <= 0) return;
  c.accumulated -= step;
  const geo::Day end = play_end(c);
  const geo::Day next = std::min<geo::Day>(end, (c.as_of == geo::kNoDay ? c.min_day : c.as_of) + step);
  set_as_of(m, next);
  if (next >= end) c.playing = false;
}

geo::Day add_months(geo::Day day, int months) {
  const geo::CivilDate d = geo::civil_from_days(day);
  const int index = d.year * 12 + (d.month - 1) + months;  // months since year 0
  const int year = index >= 0 ? index / 12 : (index - 11) / 12;
  const int month = index - year * 12 + 1;
  return geo::days_from_civil(year, month, std::min(d.day, geo::days_in_month(year, month)));
}

geo::StatusCounts shown_counts(const Model& m) {
  geo::StatusCounts counts{};
  for (const MapLayer& l : m.layers) {
    if (!l.visible || !l.has_status()) continue;
    for (int i = 0; i < geo::kStatusCount; ++i) counts[i] += l.counts[i];
  }
  return counts;
}

}  // namespace app
