// New layers handed to the model as the loader finishes them, and the queue's state.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/data/services.hpp"
#include "app/model/clock.hpp"
#include "app/model/visibility.hpp"
#include "geo/pg.hpp"

namespace app {

namespace {
// How long a run without a window waits for data before drawing what it has (never hang).
constexpr double kLoadLimitSeconds = 1800.0;

// A layer of `r`'s source for its table `name` (one of several, or alone), as the
// project configures it.
MapLayer new_layer(Model& m, const LoadResult& r, const std::string& name, bool several) {
  MapLayer l;
  l.id = m.next_layer_id++;
  l.slot = r.slot;
  l.config = r.config;
  l.title = r.config.title.empty() ? name : (several ? r.config.title + " · " + name : r.config.title);
  l.visible = r.config.visible;
  l.opacity = r.config.style.opacity;
  return l;
}

// Where a layer of project slot `slot` goes: draw order follows the project, whatever
// order the workers finish in.
std::vector<MapLayer>::iterator slot_position(Model& m, size_t slot) {
  return std::find_if(m.layers.begin(), m.layers.end(), [&](const MapLayer& x) { return x.slot > slot; });
}
}  // namespace

std::string box_text(const geo::Bbox& b);       // data/database.cpp
std::string stream_notice(const LoadResult& r);  // data/database.cpp
void note_fetched(MapLayer& l, const LoadResult& r);  // data/database.cpp: what a fetch covered

std::vector<Command> DataServices::poll() {
  std::vector<Command> out;
  if (loader_) {
    bool added = false;
    for (LoadResult& r : loader_->take_finished()) {
      if (r.preview) {
        take_preview(r);
        continue;
      }
      if (r.reload) {
        take_reload(r);
        continue;
      }
      const size_t before = m_.layers.size();
      take_new_layers(r);
      added = added || m_.layers.size() != before;
    }
    if (added) {
      update_day_range(m_);
      m_.map_changed = true;
    }
  }
  poll_filters();
  if (inspecting_.valid() && inspecting_.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
    out.push_back(cmd::Inspected{inspecting_path_, inspecting_.get()});
  for (size_t i = 0; i < warps_.size(); ++i)
    if (warps_[i].image.valid() && warps_[i].image.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
      take_warp(i);
  return out;
}

void DataServices::take_new_layers(LoadResult& r) {
  for (const geo::Error& e : r.errors) {
    m_.report(Message::Level::Error, e.what());
    ++m_.failed_sources;
  }
  for (const geo::Error& w : r.warnings) m_.report(Message::Level::Warning, w.what());
  const bool several = r.layers.size() > 1;
  // A first read's stand-ins (its pieces drawn as they came) give their place (where
  // the person may have moved them), id and what the person set while they waited
  // (shown, opacity) to the layers read.
  std::vector<std::pair<MapLayer, size_t>> arriving;
  for (auto it = m_.layers.begin(); it != m_.layers.end();) {
    if (it->arriving && it->slot == r.slot && it->job == r.job) {
      arriving.emplace_back(std::move(*it), static_cast<size_t>(it - m_.layers.begin()));
      it = m_.layers.erase(it);
      m_.map_changed = true;
    } else {
      ++it;
    }
  }
  for (LoadedLayer& loaded : r.layers) {
    MapLayer l = new_layer(m_, r, loaded.data.name, several);
    std::optional<size_t> place;
    for (const auto& [a, at] : arriving)
      if (a.data.name == loaded.data.name) l.id = a.id, l.visible = a.visible, l.opacity = a.opacity, place = at;
    l.data = std::move(loaded.data);
    l.classes = std::move(loaded.classes);
    l.timeline = std::move(loaded.timeline);
    l.dates_dirty = true;
    l.state_dirty = true;  // the recorded statuses may have changed too
    file_stamp(l.data.source, l.source_mtime, l.source_size);
    if (loaded.store) {  // a database table
      l.database = true;
      l.store = loaded.store;
      l.streamed = loaded.streamed;
      l.table_rows = loaded.table_rows;
      l.server_counts = loaded.server_counts;
      l.key_column = loaded.key_column;
      l.since = r.server_time;
      l.last_refresh = seconds_since_start();
      const int cc = geo::change_column(l.data.attributes.names());
      if (cc >= 0) l.change_field = l.data.attributes.names()[static_cast<size_t>(cc)];
      if (l.streamed) {
        if (r.fetch_box.empty() && !r.limited) l.covered.push_back(geo::Bbox{-1e300, -1e300, 1e300, 1e300});  // the whole table came
        else note_fetched(l, r);
        m_.report(Message::Level::Info,
                  "'" + geo::without_password(l.data.source) + "' layer '" + l.data.name + "': " +
                      std::to_string(l.table_rows) + " rows, streamed by view: fetched " +
                      std::to_string(loaded.fetched) + " features in " +
                      (r.fetch_box.empty() ? "the whole table" : "view " + box_text(r.fetch_box)) + stream_notice(r));
      }
    }
    derive_from_rows(l, loaded.investment_field);
    recompute_status(l, m_.clock.as_of);
    if (keep_meshes_) l.mesh = std::move(loaded.mesh);
    m_.need_text(l.title);
    auto pos = slot_position(m_, l.slot);
    if (place) pos = m_.layers.begin() + static_cast<std::ptrdiff_t>(std::min(*place, m_.layers.size()));
    MapLayer& placed = *m_.layers.insert(pos, std::move(l));
    if (!placed.config.filter.empty()) {  // the project's saved filter (shown in its field even if refused)
      placed.filter = placed.config.filter;
      apply_filter(placed, placed.config.filter);
    }
    ++m_.loaded_layers;
    m_.search_stale = true;
  }
  if (!r.layers.empty() && !m_.view.set_by_user && !m_.project.extent && !initial_extent_)
    fit_initial_view(m_, std::nullopt);
}

void DataServices::add_arriving(const LoadResult& r, const LoadedLayer& loaded) {
  MapLayer l = new_layer(m_, r, loaded.data.name, false);
  l.data.name = loaded.data.name;
  l.data.source = loaded.data.source;
  l.data.bounds = loaded.data.bounds;  // the table's extent: the view fits it as it will the rows
  l.database = l.streamed = true;
  l.reloading = true, l.job = r.job;
  l.arriving = true;
  m_.layers.insert(slot_position(m_, l.slot), std::move(l));
  if (!m_.view.set_by_user && !m_.project.extent && !initial_extent_) fit_initial_view(m_, std::nullopt);
}

// Per-row values the panels use: investment (万元) and label boxes (with their names'
// glyphs).
void DataServices::derive_from_rows(MapLayer& l, int investment_field) {
  l.investment.clear();
  if (investment_field >= 0) {
    l.investment.resize(l.data.feature_count());
    for (size_t f = 0; f < l.investment.size(); ++f)
      l.investment[f] = std::strtof(std::string(l.data.attributes.get(f, investment_field)).c_str(), nullptr);
  }
  l.boxes.clear();
  if (l.data.feature_count() <= kLabelFeatures && l.classes.name_field >= 0) {
    l.boxes.resize(l.data.feature_count());
    for (size_t f = 0; f < l.boxes.size(); ++f) {
      l.boxes[f] = l.data.feature_bounds(f);
      m_.need_text(std::string(l.data.attributes.get(f, static_cast<size_t>(l.classes.name_field))));
    }
  }
}

bool DataServices::finish_loading() {
  if (!loader_) return m_.failed_sources == 0;
  const double deadline = seconds_since_start() + kLoadLimitSeconds;
  while (!loader_->idle() && seconds_since_start() < deadline) {
    loader_->wait_for_result(100);
    poll();
  }
  poll();
  if (!loader_->idle()) {
    m_.report(Message::Level::Error, "loading did not finish within the time limit; drawing what has loaded");
    ++m_.failed_sources;
  }
  return m_.loaded_layers > 0 || m_.failed_sources == 0;
}

bool DataServices::idle() const { return !loader_ || loader_->idle(); }
void DataServices::wait_for_result(int timeout_ms) {
  if (loader_) loader_->wait_for_result(timeout_ms);
}
size_t DataServices::pending() const { return loader_ ? loader_->pending() : 0; }
uint64_t DataServices::features_read() const { return loader_ ? loader_->features_read() : 0; }
std::vector<JobProgress> DataServices::progress() const { return loader_ ? loader_->progress() : std::vector<JobProgress>{}; }
void DataServices::cancel(size_t slot) {
  if (loader_) loader_->cancel(slot);
}

}  // namespace app
