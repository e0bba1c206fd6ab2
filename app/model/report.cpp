#include "app/model/report.hpp"

#include <algorithm>

#include "app/model/visibility.hpp"
#include "geo/areas.hpp"

namespace app {

namespace {

bool passes(const MapLayer& l, size_t f) { return l.filter_pass.empty() || l.filter_pass[f]; }

ReportProject project_of(const MapLayer& l, size_t f, geo::Day day) {
  ReportProject p;
  p.layer = l.title;
  const int name_field = l.classes.name_field;
  if (name_field >= 0) p.name = std::string(l.data.attributes.get(f, static_cast<size_t>(name_field)));
  if (p.name.empty()) p.name = "#" + std::to_string(f < l.data.fids.size() ? l.data.fids[f] : static_cast<int64_t>(f));
  p.status = f < l.status.size() ? l.status[f] : geo::Status::Unknown;
  if (f < l.timeline.dates.size()) p.dates = l.timeline.dates[f];
  const geo::FeatureDates& d = p.dates;
  if (p.status == geo::Status::Completed) {
    if (d.actual_finish != geo::kNoDay && d.planned_finish != geo::kNoDay)
      p.days_late = std::max(0, d.actual_finish - d.planned_finish);
  } else if (f < l.timeline.size() && day != geo::kNoDay) {
    p.days_late = geo::days_late(l.timeline, f, day);
  }
  return p;
}

void sort_projects(std::vector<ReportProject>& list) {
  std::stable_sort(list.begin(), list.end(), [](const ReportProject& a, const ReportProject& b) {
    if (a.days_late != b.days_late) return a.days_late > b.days_late;
    if (a.layer != b.layer) return a.layer < b.layer;
    return a.name < b.name;
  });
}

}  // namespace

std::optional<size_t> find_layer(const Model& m, const std::string& name) {
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].title == name) return i;
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (!name.empty() && m.layers[i].title.find(name) != std::string::npos) return i;
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].data.name == name) return i;
  return std::nullopt;
}

Report build_report(const Model& m, size_t area_layer) {
  Report r;
  r.title = m.project.title;
  r.notice = m.project.notice;
  r.data_as_of = m.clock.data_as_of;
  r.day = m.clock.as_of != geo::kNoDay ? m.clock.as_of : m.clock.data_as_of;
  r.projected = projected(m.clock);
  if (area_layer >= m.layers.size()) return r;
  const MapLayer& areas = m.layers[area_layer];
  r.area_layer = areas.title;
  // The series spans every layer's dates and the report's date.
  geo::Day first, last;
  chart_range(m, first, last);
  r.programme.name = m.project.title;
  geo::StatusCounts server_counts{};
  for (size_t a = 0; a < areas.data.feature_count(); ++a) {
    ReportSection s;
    s.area = a;
    const int nf = areas.classes.name_field;
    if (nf >= 0) s.name = std::string(areas.data.attributes.get(a, static_cast<size_t>(nf)));
    if (s.name.empty()) s.name = "Area " + std::to_string(a + 1);
    s.extent = areas.data.feature_bounds(a);
    r.areas.push_back(std::move(s));
  }
  for (size_t li = 0; li < m.layers.size(); ++li) {
    const MapLayer& l = m.layers[li];
    if (li == area_layer || !l.has_status()) continue;
    std::vector<uint32_t> all;
    for (size_t f = 0; f < l.data.feature_count(); ++f)
      if (passes(l, f)) all.push_back(static_cast<uint32_t>(f));
    if (all.empty()) continue;
    std::vector<int> area_of(l.data.feature_count(), -1);
    for (ReportSection& s : r.areas) {
      std::vector<uint32_t> in;
      for (uint32_t f : geo::features_in_area(l.data, areas.data, s.area))
        if (passes(l, f) && area_of[f] < 0) {
          area_of[f] = static_cast<int>(&s - r.areas.data());
          in.push_back(f);
        }
      if (in.empty()) continue;
      if (first != geo::kNoDay) geo::accumulate(s.burn_up, geo::burn_up(l.timeline, in, first, last));
      for (uint32_t f : in) s.projects.push_back(project_of(l, f, r.day));
    }
    // A streamed table: the programme counts the whole table, as the server counted it
    // (the legend's counts); the rows held are listed.
    const bool server = counted_by_server(l);
    if (server) {
      r.server_counted.push_back(l.title);
      for (size_t k = 0; k < server_counts.size(); ++k) server_counts[k] += l.counts[k];
      if (first != geo::kNoDay) geo::accumulate(r.programme.burn_up, server_burn_up(l, first, last));
    } else if (first != geo::kNoDay) {
      geo::accumulate(r.programme.burn_up, geo::burn_up(l.timeline, all, first, last));
    }
    for (uint32_t f : all) {
      r.programme.projects.push_back(project_of(l, f, r.day));
      r.programme.projects.back().counted = !server;
      r.outside += area_of[f] < 0;
    }
  }
  auto finish = [&](ReportSection& s) {
    s.total = 0;
    for (const ReportProject& p : s.projects)
      if (p.counted) ++s.counts[static_cast<size_t>(p.status)], ++s.total;
    s.days_behind = r.day != geo::kNoDay ? geo::days_behind(s.burn_up, r.day) : 0;
    sort_projects(s.projects);
  };
  finish(r.programme);
  for (size_t k = 0; k < server_counts.size(); ++k) {
    r.programme.counts[k] += server_counts[k];
    r.programme.total += server_counts[k];
  }
  for (ReportSection& s : r.areas) finish(s);
  return r;
}

}  // namespace app
