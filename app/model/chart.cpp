#include "app/model/chart.hpp"

#include <algorithm>
#include <functional>

#include "app/model/model.hpp"
#include "app/model/report.hpp"
#include "app/model/visibility.hpp"
#include "geo/areas.hpp"

namespace app {

namespace {

std::vector<uint32_t> passing(const MapLayer& l) {
  std::vector<uint32_t> out;
  for (size_t f = 0; f < l.data.feature_count(); ++f)
    if (l.filter_pass.empty() || l.filter_pass[f]) out.push_back(static_cast<uint32_t>(f));
  return out;
}

std::string area_name(const MapLayer& l, size_t f) {
  const int nf = l.classes.name_field;
  std::string name = nf >= 0 ? std::string(l.data.attributes.get(f, static_cast<size_t>(nf))) : std::string();
  return name.empty() ? "#" + std::to_string(f + 1) : name;
}

}  // namespace

void chart_range(const Model& m, geo::Day& first, geo::Day& last) {
  first = m.clock.min_day;
  last = m.clock.max_day;
  const geo::Day day = m.clock.as_of != geo::kNoDay ? m.clock.as_of : m.clock.data_as_of;
  if (day != geo::kNoDay) {
    first = first == geo::kNoDay ? day : std::min(first, day);
    last = last == geo::kNoDay ? day : std::max(last, day);
  }
}

geo::BurnUp chart_series(const Model& m, const std::string& scope, geo::Day first, geo::Day last, std::string& title,
                         std::string& error) {
  geo::BurnUp out;
  error.clear();
  if (first == geo::kNoDay) {
    error = "no dates in any layer";
    return out;
  }
  if (scope.empty() || scope == "programme") {
    title = m.project.title.empty() ? "全部项目 All projects" : m.project.title;
    for (const MapLayer& l : m.layers) {
      if (!l.has_status() || l.timeline.dates.empty()) continue;
      if (counted_by_server(l)) {  // the whole table, not the rows held
        geo::accumulate(out, server_burn_up(l, first, last));
        continue;
      }
      const std::vector<uint32_t> in = passing(l);  // (an empty list would mean every feature)
      if (!in.empty()) geo::accumulate(out, geo::burn_up(l.timeline, in, first, last));
    }
    if (out.days() == 0) out = geo::burn_up(geo::Timeline{}, {}, first, last);
    return out;
  }
  if (scope.rfind("layer:", 0) == 0) {
    const auto i = find_layer(m, scope.substr(6));
    if (!i || !m.layers[*i].has_status()) {
      error = "no layer with statuses named '" + scope.substr(6) + "'";
      return out;
    }
    const MapLayer& l = m.layers[*i];
    title = l.title;
    if (counted_by_server(l)) return server_burn_up(l, first, last);
    const std::vector<uint32_t> in = passing(l);
    return in.empty() ? geo::burn_up(geo::Timeline{}, {}, first, last) : geo::burn_up(l.timeline, in, first, last);
  }
  if (scope.rfind("area:", 0) == 0) {
    const std::string spec = scope.substr(5);
    const size_t slash = spec.rfind('/');
    const auto i = slash == std::string::npos ? std::nullopt : find_layer(m, spec.substr(0, slash));
    if (!i) {
      error = "no area layer in '" + scope + "' (area:LAYER/NAME)";
      return out;
    }
    const MapLayer& areas = m.layers[*i];
    const std::string name = spec.substr(slash + 1);
    const auto found = chart_area(m, scope);
    if (!found) {
      error = "no area '" + name + "' in layer '" + areas.title + "'";
      return out;
    }
    const size_t a = found->second;
    title = name;
    for (size_t li = 0; li < m.layers.size(); ++li) {
      const MapLayer& l = m.layers[li];
      if (li == *i || !l.has_status() || l.timeline.dates.empty()) continue;
      std::vector<uint32_t> in;
      for (uint32_t f : geo::features_in_area(l.data, areas.data, a))
        if (l.filter_pass.empty() || l.filter_pass[f]) in.push_back(f);
      if (!in.empty()) geo::accumulate(out, geo::burn_up(l.timeline, in, first, last));
    }
    if (out.days() == 0) out = geo::burn_up(geo::Timeline{}, {}, first, last);
    return out;
  }
  error = "unknown chart '" + scope + "' (programme, layer:TITLE or area:LAYER/NAME)";
  return out;
}

std::optional<std::pair<size_t, size_t>> chart_area(const Model& m, const std::string& scope) {
  if (scope.rfind("area:", 0) != 0) return std::nullopt;
  const std::string spec = scope.substr(5);
  const size_t slash = spec.rfind('/');
  const auto i = slash == std::string::npos ? std::nullopt : find_layer(m, spec.substr(0, slash));
  if (!i) return std::nullopt;
  const MapLayer& areas = m.layers[*i];
  const std::string name = spec.substr(slash + 1);
  for (size_t f = 0; f < areas.data.feature_count(); ++f)
    if (area_name(areas, f) == name) return std::pair{*i, f};
  return std::nullopt;
}

const std::string& shown_scope(const Model& m) {
  return m.chart.stop_scope.empty() ? m.chart.scope : m.chart.stop_scope;
}

void update_chart(Model& m) {
  const std::string& scope = shown_scope(m);
  if (!m.chart.visible && m.chart.stop_scope.empty()) return;
  geo::Day first, last;
  chart_range(m, first, last);
  const uint64_t range = static_cast<uint64_t>(static_cast<int64_t>(first)) << 32 ^
                        static_cast<uint64_t>(static_cast<uint32_t>(last));
  const uint64_t key = layers_key(m, std::hash<std::string>()(scope) ^ range);
  const geo::Day shown = m.clock.as_of != geo::kNoDay ? m.clock.as_of : m.clock.data_as_of;
  if (key == m.chart.key && m.chart.key != 0) {
    // Only the shown date moved: trimmed again when it left the drawn range.
    if (shown != geo::kNoDay && !m.chart.series.covers(shown) && m.chart.full.covers(shown))
      m.chart.series = geo::trimmed(m.chart.full, shown, m.clock.data_as_of);
    return;
  }
  m.chart.key = key;
  m.chart.full = chart_series(m, scope, first, last, m.chart.title, m.chart.error);
  m.chart.series = geo::trimmed(m.chart.full, shown, m.clock.data_as_of);
  m.need_text(m.chart.title);
  m.need_text(m.chart.error);
  for (const ChartChoice& c : chart_choices(m)) m.need_text(c.label);  // the window's list
}

std::vector<ChartChoice> chart_choices(const Model& m, size_t max_areas) {
  std::vector<ChartChoice> out{{"programme", "全部项目 Whole programme"}};
  for (const MapLayer& l : m.layers)
    if (l.has_status()) out.push_back({"layer:" + l.title, l.title});
  size_t areas = 0;
  for (const MapLayer& l : m.layers) {
    if (l.has_status() || l.data.count_features_with(geo::PartKind::Polygon) == 0) continue;
    for (size_t f = 0; f < l.data.feature_count() && areas < max_areas; ++f, ++areas)
      out.push_back({"area:" + l.title + "/" + area_name(l, f), area_name(l, f) + " (" + l.title + ")"});
  }
  return out;
}

}  // namespace app
