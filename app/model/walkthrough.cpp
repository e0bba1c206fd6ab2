#include "app/model/walkthrough.hpp"

#include <algorithm>
#include <cstdlib>

#include "app/model/clock.hpp"

namespace app {

int find_bookmark(const geo::Project& project, const std::string& name) {
  const auto& b = project.bookmarks;
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].name == name) return static_cast<int>(i);
  // A part of the name is enough ("全区" or "Zhangcun"): scripts should not need it whole.
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].name.find(name) != std::string::npos) return static_cast<int>(i);
  char* end = nullptr;
  const long n = std::strtol(name.c_str(), &end, 10);  // or its number, 1-based
  if (end && *end == '\0' && n >= 1 && n <= static_cast<long>(b.size())) return static_cast<int>(n - 1);
  return -1;
}

void go_to_bookmark(Model& m, size_t index, bool animate) {
  if (index >= m.project.bookmarks.size()) return;
  const geo::Bookmark& b = m.project.bookmarks[index];
  m.current_bookmark = static_cast<int>(index);
  // Into the part of the window the title, legend and panels leave free.
  frame_extent(m, b.extent, 0.0, animate);
  m.view.set_by_user = true;
  // A stop without a date of its own shows the starting date, never the date the
  // previous stop (or the slider) left, so each slide shows the same thing whatever
  // the order it is reached in. (kNoDay: the recorded statuses.)
  set_as_of(m, geo::parse_date(b.as_of).value_or(m.clock.start));
  // A bookmark names the layers it shows; one that names none shows the project's
  // own choice, so a walk-through never inherits what the previous stop hid.
  for (MapLayer& l : m.layers)
    l.visible = b.has_layers ? std::find(b.layers.begin(), b.layers.end(), l.title) != b.layers.end() ||
                                   std::find(b.layers.begin(), b.layers.end(), l.data.name) != b.layers.end()
                             : l.config.visible;
  m.chart.stop_scope = b.chart;  // a stop that names a chart shows it on its slide
  // A stop that names two dates shows them side by side; the next stop without them
  // ends a swipe a stop began (not one the presenter turned on).
  const auto swipe_a = geo::parse_date(b.swipe_from), swipe_b = geo::parse_date(b.swipe_to);
  if (swipe_a && swipe_b) {
    set_swipe(m, true, *swipe_a, *swipe_b);
    m.swipe.from_stop = true;
  } else if (m.swipe.on && m.swipe.from_stop) {
    set_swipe(m, false, geo::kNoDay, geo::kNoDay);
  }
  m.need_text(b.caption);
  m.need_text(b.name);
  m.map_changed = true;
}

geo::Bookmark bookmark_of_view(const Model& m, const std::string& name) {
  geo::Bookmark b;
  b.name = name;
  b.extent = framed_view_extent(m);  // what going to it frames again
  if (m.clock.as_of != geo::kNoDay) b.as_of = geo::format_date(m.clock.as_of);
  b.has_layers = true;
  for (const MapLayer& l : m.layers)
    if (l.visible) b.layers.push_back(l.title);
  if (m.chart.visible || !m.chart.stop_scope.empty()) b.chart = shown_scope(m);  // the chart shown goes on its slide
  if (m.swipe.on && m.swipe.left != geo::kNoDay && m.clock.as_of != geo::kNoDay) {
    b.swipe_from = geo::format_date(m.swipe.left);
    b.swipe_to = geo::format_date(m.clock.as_of);
  }
  return b;
}

void add_bookmark(Model& m) {
  auto& list = m.project.bookmarks;
  list.push_back(bookmark_of_view(m, "视图 View " + std::to_string(list.size() + 1)));
  m.current_bookmark = static_cast<int>(list.size()) - 1;
  m.need_text(list.back().name);
}

void update_bookmark(Model& m, size_t index) {
  if (index >= m.project.bookmarks.size()) return;
  geo::Bookmark& b = m.project.bookmarks[index];
  geo::Bookmark now = bookmark_of_view(m, b.name);
  now.caption = b.caption;
  now.dwell = b.dwell;  // the film's timing is not part of the view
  now.sweep_from = b.sweep_from;
  now.sweep_to = b.sweep_to;
  b = now;
}

void rename_bookmark(Model& m, size_t index, const std::string& name, const std::string& caption) {
  if (index >= m.project.bookmarks.size()) return;
  m.project.bookmarks[index].name = name;
  m.project.bookmarks[index].caption = caption;
  m.need_text(name);
  m.need_text(caption);
}

void move_bookmark(Model& m, size_t index, int delta) {
  auto& list = m.project.bookmarks;
  const long to = static_cast<long>(index) + delta;
  if (index >= list.size() || to < 0 || to >= static_cast<long>(list.size())) return;
  std::swap(list[index], list[static_cast<size_t>(to)]);
  m.current_bookmark = static_cast<int>(to);
}

void delete_bookmark(Model& m, size_t index) {
  if (index >= m.project.bookmarks.size()) return;
  m.project.bookmarks.erase(m.project.bookmarks.begin() + static_cast<long>(index));
  m.current_bookmark = -1;
}

size_t next_bookmark(const Model& m) {
  const size_t n = m.project.bookmarks.size();
  if (n == 0 || m.current_bookmark < 0) return 0;
  return std::min(n - 1, static_cast<size_t>(m.current_bookmark) + 1);
}

size_t previous_bookmark(const Model& m) {
  return m.current_bookmark <= 0 ? 0 : static_cast<size_t>(m.current_bookmark) - 1;
}

}  // namespace app
