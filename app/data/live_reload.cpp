// Live reload: a local file that changed (a colleague saved it, QGIS wrote it) is read
// again once it has been still for a second, and replaces its layer; a half-written or
// broken file never blanks the layer: the last good version stays, with the reason.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <limits>

#include "app/data/services.hpp"
#include "app/model/clock.hpp"
#include "app/model/visibility.hpp"
#include "geo/pg.hpp"

namespace app {
namespace fs = std::filesystem;

std::string clock_text() {
  const std::time_t t = std::time(nullptr);
  char hms[16];
  std::strftime(hms, sizeof hms, "%H:%M:%S", std::localtime(&t));
  return hms;
}

bool file_stamp(const std::string& path, int64_t& mtime, uint64_t& size) {
  if (path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0) return false;
  std::error_code ec;
  // libstdc++'s file clock counts from 2174, so times are negative: start below them.
  mtime = std::numeric_limits<int64_t>::min();
  size = 0;
  std::vector<fs::path> parts{fs::path(path)};
  if (fs::path(path).extension() == ".shp") parts.push_back(fs::path(path).replace_extension(".dbf"));
  // A GeoPackage (SQLite) edited in WAL mode — as QGIS does — changes only its -wal
  // file until a checkpoint: that file's time and size count too, when it exists.
  if (const fs::path wal = path + "-wal"; fs::exists(wal, ec)) parts.push_back(wal);
  for (const fs::path& p : parts) {
    const auto t = fs::last_write_time(p, ec);
    if (ec) return false;
    mtime = std::max<int64_t>(mtime, std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
    size += fs::file_size(p, ec);
    if (ec) return false;
  }
  return true;
}

void DataServices::watch_sources() {
  // Every second: a file whose stamp changed is reloaded once it has been still for a
  // second (a colleague's save may take a while), on the worker threads.
  const double now = seconds_since_start();
  if (!loader_ || now - last_watch_ < 1.0) return;
  last_watch_ = now;
  for (MapLayer& l : m_.layers) {
    if (l.source_size == 0 || l.reloading) continue;  // not a local file (or empty)
    int64_t mtime = 0;
    uint64_t size = 0;
    if (!file_stamp(l.data.source, mtime, size)) continue;
    if (mtime == l.source_mtime && size == l.source_size) continue;
    if (mtime != l.seen_mtime || size != l.seen_size) {
      l.seen_mtime = mtime, l.seen_size = size, l.seen_at = now;
      continue;
    }
    if (now - l.seen_at < 1.0) continue;
    reread_layer(l);
  }
}

void DataServices::reread_layer(MapLayer& l) {
  if (!loader_) return;
  l.reloading = true;
  geo::LayerConfig c = l.config;
  c.layer = l.data.name;
  l.job = loader_->submit(l.slot, c, m_.display_crs, true);
}

void DataServices::take_reload(LoadResult& r) {
  m_.map_changed = true;
  // The layer whose job this was (a source's tables each have their own).
  for (MapLayer& l : m_.layers)
    if (l.slot == r.slot && l.job == r.job)  // its preview, if any, gives way to what it brought
      l.reloading = false, l.job = 0, l.margin_fetching = geo::Bbox{}, l.previews.clear();
  std::string problem;
  for (const geo::Error& e : r.errors) problem += (problem.empty() ? "" : "; ") + e.reason;
  // libpq's messages span lines: one line in the panel and the log.
  for (char& c : problem)
    if (c == '\n' || c == '\t') c = ' ';
  while (!problem.empty() && problem.back() == ' ') problem.pop_back();
  for (const geo::Error& w : r.warnings)
    if (w.reason.find("read with errors") != std::string::npos) problem += (problem.empty() ? "" : "; ") + w.reason;
  // A database layer: its own rules (greyed while the server is away, merged rows).
  // A view's margin let go when the view moved on (stream_by_view): nothing failed.
  const bool let_go = r.margin && !r.errors.empty() &&
                      std::all_of(r.errors.begin(), r.errors.end(),
                                  [](const geo::Error& e) { return e.reason == "loading cancelled"; });
  bool database = false;
  for (MapLayer& l : m_.layers) {
    if (l.slot != r.slot || !l.database) continue;
    database = true;
    if (let_go) continue;
    if (!problem.empty() || r.layers.empty()) {
      const bool first = l.reload_problem.empty();
      l.reload_problem = problem.empty() ? "the table is gone" : problem;
      l.last_refresh = seconds_since_start();
      if (first)
        m_.report(Message::Level::Warning, "'" + geo::without_password(l.data.source) + "' layer '" + l.data.name +
                                               "': the database does not answer (" + l.reload_problem +
                                               "); showing the last data, greyed, and retrying");
      continue;
    }
    for (LoadedLayer& loaded : r.layers)
      if (loaded.data.name == l.data.name) take_database_result(l, r, loaded);
  }
  if (database) return;
  for (LoadedLayer& loaded : r.layers) {
    auto it = std::find_if(m_.layers.begin(), m_.layers.end(),
                           [&](const MapLayer& l) { return l.slot == r.slot && l.data.name == loaded.data.name; });
    if (it == m_.layers.end()) continue;
    MapLayer& l = *it;
    std::string why = problem;
    if (why.empty() && loaded.data.feature_count() == 0 && l.data.feature_count() > 0)
      why = "the file now has no features (still being written?)";
    if (!why.empty()) {
      l.reload_problem = why;
      file_stamp(l.data.source, l.source_mtime, l.source_size);  // retry only when it changes again
      m_.report(Message::Level::Warning, "'" + l.data.source + "' layer '" + l.data.name +
                                             "' changed but could not be read; kept the last good version: " + why);
      continue;
    }
    swap_in(l, loaded);
    file_stamp(l.data.source, l.source_mtime, l.source_size);
    l.reload_problem.clear();
    m_.report(Message::Level::Info, "'" + l.data.source + "' layer '" + l.data.name + "' updated at " + l.updated +
                                        ": " + std::to_string(l.data.feature_count()) + " features, " +
                                        std::to_string(l.counts[static_cast<size_t>(geo::Status::Completed)]) +
                                        " completed");
  }
  if (r.layers.empty() && !problem.empty())
    for (MapLayer& l : m_.layers)
      if (l.slot == r.slot) {
        l.reload_problem = problem;
        file_stamp(l.data.source, l.source_mtime, l.source_size);  // retry only when it changes again
        m_.report(Message::Level::Warning, "'" + l.data.source +
                                               "' changed but could not be read; kept the last good version: " + problem);
      }
}

// New rows for a layer already shown (a reload or a database result): the data, the
// selection by feature id, what is derived from the rows, status, filter, geometry.
void DataServices::swap_in(MapLayer& l, LoadedLayer& loaded) {
  std::vector<int64_t> selected_fids;
  for (uint32_t f : l.selected)
    if (f < l.data.fids.size()) selected_fids.push_back(l.data.fids[f]);
  l.data = std::move(loaded.data);
  l.classes = std::move(loaded.classes);
  l.timeline = std::move(loaded.timeline);
  l.dates_dirty = true;
  l.state_dirty = true;  // the recorded statuses may have changed too
  l.index.reset();
  l.selected.clear();
  for (size_t f = 0; f < l.data.fids.size(); ++f)
    if (std::find(selected_fids.begin(), selected_fids.end(), l.data.fids[f]) != selected_fids.end())
      l.selected.push_back(static_cast<uint32_t>(f));
  derive_from_rows(l, loaded.investment_field);
  if (!l.filter.empty()) {
    l.filter_pass.clear();  // the rows changed: everything shows until the filter is evaluated again
    apply_filter(l, l.filter);
  }
  recompute_status(l, m_.clock.as_of);
  if (keep_meshes_) l.mesh = std::move(loaded.mesh);
  l.updated = clock_text();
  l.state_dirty = true;
  m_.search_stale = true;
  update_day_range(m_);
}

}  // namespace app
