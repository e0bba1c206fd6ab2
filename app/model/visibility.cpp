#include "app/model/visibility.hpp"

#include <algorithm>

namespace app {

bool passes_filter(const MapLayer& l, size_t f) {
  return l.filter_pass.empty() || (f < l.filter_pass.size() && l.filter_pass[f]);
}

unsigned hidden_statuses_of(const MapLayer& l, unsigned legend_hidden) {
  return l.has_status() ? legend_hidden | l.config.hidden_statuses : 0u;
}

bool feature_shown(const MapLayer& l, size_t f, unsigned legend_hidden) {
  const auto s = static_cast<unsigned>(f < l.status.size() ? l.status[f] : geo::Status::Unknown);
  return !((hidden_statuses_of(l, legend_hidden) >> s) & 1u) && passes_filter(l, f);
}

geo::StatusCounts ServerCounts::on(geo::Day day) const {
  geo::StatusCounts out{};
  std::vector<geo::Status> status = recorded;
  if (day != geo::kNoDay && timeline.has_dates) geo::statuses_on(timeline, day, status);
  for (size_t g = 0; g < status.size() && g < weights.size(); ++g)
    out[static_cast<size_t>(status[g])] += static_cast<uint32_t>(weights[g]);
  return out;
}

bool counted_by_server(const MapLayer& l) { return l.server_counts && l.filter_pass.empty(); }

geo::BurnUp server_burn_up(const MapLayer& l, geo::Day first, geo::Day last) {
  return geo::burn_up(l.server_counts->timeline, {}, first, last, &l.server_counts->weights);
}

namespace {
// A streamed table's counts come from the server (the rows held are only the view's);
// a filter is evaluated on the rows held, so its counts are of those.
void use_server_counts(MapLayer& l, geo::Day as_of) {
  if (counted_by_server(l)) l.counts = l.server_counts->on(l.timeline.has_dates ? as_of : geo::kNoDay);
}
}  // namespace

void recompute_status(MapLayer& l, geo::Day as_of) {
  l.status_day = as_of;
  // A GPU derives the same statuses from its copy of the dates, so nothing is
  // uploaded; these are for the legend's counts, labels, identify and the CPU painter.
  l.status_dirty = true;
  if (!(as_of != geo::kNoDay && l.timeline.has_dates)) {
    l.status = l.classes.status;
    recount(l);
    return;
  }
  l.counts = geo::statuses_and_counts(l.timeline, as_of, l.status, l.filter_pass);
  use_server_counts(l, as_of);
}

void recount(MapLayer& l) {
  l.counts = geo::count_statuses(l.status, l.filter_pass);
  use_server_counts(l, l.status_day);
}

geo::StatusCounts counts_in_view(const MapLayer& l, const geo::Bbox& view) {
  geo::StatusCounts c{};
  if (view.empty()) return c;
  const size_t n = std::min(l.status.size(), l.data.feature_count());
  for (size_t f = 0; f < n; ++f)
    if (passes_filter(l, f) && view.intersects(l.data.feature_bounds(f))) ++c[static_cast<size_t>(l.status[f])];
  return c;
}

bool rows_whole_in(const MapLayer& l, const geo::Bbox& view) {
  if (!l.streamed) return true;
  if (l.limited) return false;  // a sample, or cut at the row limit
  auto holds = [&](const geo::Bbox& b) { return b.contains(view); };
  return std::any_of(l.covered.begin(), l.covered.end(), holds) ||
         std::any_of(l.coarse.begin(), l.coarse.end(), [&](const auto& c) { return holds(c.first); });
}

void update_view_counts(std::vector<MapLayer>& layers, bool asked, const geo::Bbox& view) {
  if (!asked || view.empty()) return;
  for (MapLayer& l : layers) {
    if (!l.visible || !l.has_status()) continue;
    const bool whole = rows_whole_in(l, view);
    if (l.view_counted_box == view && l.view_counted_day == l.status_day && l.view_counted_of == l.counts &&
        l.view_counted_rows == l.data.feature_count() && l.view_counts_whole == whole)
      continue;
    l.view_counts = counts_in_view(l, view);
    l.view_counts_whole = whole;
    l.view_counted_box = view, l.view_counted_day = l.status_day;
    l.view_counted_of = l.counts, l.view_counted_rows = l.data.feature_count();
  }
}

void build_state(MapLayer& l, bool current_statuses) {
  const size_t n = l.data.feature_count();
  l.state.resize(2 * n);
  const std::vector<geo::Status>& status = current_statuses ? l.status : l.classes.status;
  for (size_t f = 0; f < n; ++f) {
    l.state[2 * f] = static_cast<uint8_t>(f < status.size() ? status[f] : geo::Status::Unknown);
    l.state[2 * f + 1] = passes_filter(l, f) ? kFlagVisible : 0;
  }
  for (uint32_t f : l.selected)  // a filtered-out feature draws no selection outline either
    if (f < n && (l.state[2 * f + 1] & kFlagVisible)) l.state[2 * f + 1] |= kFlagSelected;
  l.state_dirty = false;
}

void build_preview_state(LayerPreview& p, geo::Day as_of, bool current_statuses) {
  const size_t n = p.rows();
  std::vector<geo::Status> on_day;
  if (current_statuses && as_of != geo::kNoDay && p.timeline.has_dates)
    geo::statuses_and_counts(p.timeline, as_of, on_day, {});
  const std::vector<geo::Status>& status = on_day.empty() ? p.classes.status : on_day;
  p.state.resize(2 * n);
  for (size_t f = 0; f < n; ++f) {
    p.state[2 * f] = static_cast<uint8_t>(f < status.size() ? status[f] : geo::Status::Unknown);
    p.state[2 * f + 1] = kFlagVisible;
  }
  p.state_dirty = false;
}

void clear_selection(std::vector<MapLayer>& layers) {
  for (MapLayer& l : layers)
    if (!l.selected.empty()) l.selected.clear(), l.state_dirty = true;
}

}  // namespace app
