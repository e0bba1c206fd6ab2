#include "app/model/swipe.hpp"

#include <algorithm>

#include "app/model/clock.hpp"
#include "app/model/model.hpp"
#include "app/model/visibility.hpp"

namespace app {

void set_swipe(Model& m, bool on, geo::Day left, geo::Day right) {
  SwipeState& s = m.swipe;
  s.on = on;
  s.from_stop = false;
  s.key = 0;
  if (on) {
    s.left = left;
    if (right != m.clock.as_of) set_as_of(m, right);
  }
  m.map_changed = true;
}

void set_divider(Model& m, float fraction) {
  m.swipe.divider = std::clamp(fraction, 0.02f, 0.98f);
  m.map_changed = true;
}

void update_swipe(Model& m) {
  SwipeState& s = m.swipe;
  if (!s.on) return;
  const uint64_t key = layers_key(m, static_cast<uint64_t>(static_cast<int64_t>(s.left)) * 1099511628211ull);
  if (key == s.key && s.status.size() == m.layers.size()) return;
  s.key = key;
  s.status.resize(m.layers.size());
  s.state.resize(m.layers.size());
  s.counts.assign(m.layers.size(), geo::StatusCounts{});
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const MapLayer& l = m.layers[i];
    if (s.left != geo::kNoDay && l.timeline.has_dates) {
      s.counts[i] = geo::statuses_and_counts(l.timeline, s.left, s.status[i], l.filter_pass);
    } else {
      s.status[i] = l.classes.status;
      s.counts[i] = geo::count_statuses(s.status[i], l.filter_pass);
    }
    // The layer's own state bytes (filter and selection flags) with the left statuses.
    std::vector<uint8_t>& state = s.state[i];
    state = l.state;
    for (size_t f = 0; 2 * f < state.size(); ++f)
      state[2 * f] = static_cast<uint8_t>(f < s.status[i].size() ? s.status[i][f] : geo::Status::Unknown);
  }
  m.map_changed = true;
}

geo::StatusCounts swipe_left_counts(const Model& m) {
  geo::StatusCounts out{};
  for (size_t i = 0; i < m.layers.size() && i < m.swipe.counts.size(); ++i) {
    const MapLayer& l = m.layers[i];
    if (!l.visible || !l.has_status()) continue;
    for (int k = 0; k < geo::kStatusCount; ++k) out[k] += m.swipe.counts[i][k];
  }
  return out;
}

}  // namespace app
