// Database layers (PostGIS): big tables streamed by view, refreshed on the project's
// interval (only the rows changed since, when the table says when a row changed), a
// lost server retried with the last rows drawn grey.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "app/data/services.hpp"
#include "geo/pg.hpp"

namespace app {

std::string clock_text();  // data/live_reload.cpp

// What a presenter should know about a streamed fetch that did not bring every row.
std::string stream_notice(const LoadResult& r) {
  if (r.tiles > 0) {
    char text[200];
    const char* boxes = r.tile_boxes ? "; rows of a few pixels or less as their boxes" : "";
    if (r.tile_copy)
      std::snprintf(text, sizeof text, " [rows whole from the server by binary COPY in %zu parts, %.0f kB%s]", r.tiles,
                    static_cast<double>(r.tile_bytes) / 1e3, boxes);
    else
      std::snprintf(text, sizeof text, " [%zu vector tiles from the server at zoom %d, %.0f kB%s]", r.tiles, r.tile_zoom,
                    static_cast<double>(r.tile_bytes) / 1e3, boxes);
    return text;
  }
  if (r.sample_percent > 0) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.0f%%", r.sample_percent);
    return std::string(" (zoomed out: a ") + pct + " sample spread over the view; zoom in for every row)";
  }
  if (r.limited) return " (the first " + std::to_string(r.row_limit) + " rows: zoom in for the rest)";
  return "";
}

// "x0,y0,x1,y1", as the log prints a fetched box.
std::string box_text(const geo::Bbox& b) {
  char text[160];
  std::snprintf(text, sizeof text, "%.3f,%.3f,%.3f,%.3f", b.min_x, b.min_y, b.max_x, b.max_y);
  return text;
}

namespace {
// `v` with `share` of its size added on each side.
geo::Bbox grown(const geo::Bbox& v, double share) {
  geo::Bbox b = v;
  b.min_x -= v.width() * share, b.max_x += v.width() * share;
  b.min_y -= v.height() * share, b.max_y += v.height() * share;
  return b;
}
}  // namespace

geo::Bbox padded(const geo::Bbox& v) { return grown(v, 0.25); }

void note_fetched(MapLayer& l, const LoadResult& r) {
  if (r.let_go > 0) {
    // Rows far from the view were let go: a box is still held whole only inside what
    // was kept (the fetch's zone, or a box the fetch was asked to keep).
    auto kept = [&](const geo::Bbox& b) {
      return r.held_box.contains(b) ||
             std::any_of(r.kept.begin(), r.kept.end(), [&](const geo::Bbox& k) { return k.contains(b); });
    };
    l.covered.erase(std::remove_if(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return !kept(b); }),
                    l.covered.end());
    l.coarse.erase(std::remove_if(l.coarse.begin(), l.coarse.end(), [&](const auto& c) { return !kept(c.first); }),
                   l.coarse.end());
  }
  if (r.limited) {
    l.limited = true, l.limited_box = r.fetch_box.empty() ? l.data.bounds : r.fetch_box;
  } else if (!r.fetch_box.empty()) {
    l.limited = false;
    if (r.tile_boxes) l.coarse.emplace_back(r.fetch_box, r.tile_pixel);
    else l.covered.push_back(r.fetch_box);
  }
}

namespace {
std::string label(const MapLayer& l) {  // "'source' layer 'name'", no password
  return "'" + geo::without_password(l.data.source) + "' layer '" + l.data.name + "'";
}
}  // namespace

void DataServices::take_database_result(MapLayer& l, LoadResult& r, LoadedLayer& loaded) {
  const bool had_problem = !l.reload_problem.empty();
  l.reload_problem.clear();
  if (r.by_key) {
    // The selection's whole rows: merged, and nothing else about the layer changes.
    if (!loaded.unchanged) {
      l.store = loaded.store;
      swap_in(l, loaded);
    }
    return;
  }
  l.since = r.server_time;
  l.last_refresh = seconds_since_start();
  l.updated = clock_text();
  if (l.streamed && r.fetch) note_fetched(l, r);
  if (had_problem) m_.report(Message::Level::Info, label(l) + ": the database answers again");
  if (loaded.unchanged) {  // nothing new: keep everything as drawn
    if (had_problem) l.state_dirty = true;
    return;
  }
  l.store = loaded.store;
  if (loaded.server_counts) l.server_counts = loaded.server_counts;
  swap_in(l, loaded);
  if (r.fetch && !r.fetch_box.empty()) {
    // The tiles' note goes last: "; N held" follows the box, as scripts read it.
    const std::string notice = stream_notice(r);
    m_.report(Message::Level::Info, label(l) + ": fetched " + std::to_string(loaded.fetched) + " features in view " +
                                        box_text(r.fetch_box) + (r.tiles ? "" : notice) + "; " +
                                        std::to_string(l.data.feature_count()) + " held" + (r.tiles ? notice : "") +
                                        (r.let_go ? " — " + std::to_string(r.let_go) + " rows far from the view let go" : ""));
  } else {
    m_.report(Message::Level::Info, label(l) + " updated at " + l.updated + ": " + std::to_string(loaded.fetched) +
                                        " rows fetched, " + std::to_string(l.data.feature_count()) + " features, " +
                                        std::to_string(l.counts[static_cast<size_t>(geo::Status::Completed)]) +
                                        " completed");
  }
}

void DataServices::take_preview(LoadResult& r) {
  for (LoadedLayer& loaded : r.layers) {
    // The layer still waiting for this job, or a first read's stand-in (made for its
    // first pieces).
    auto waiting = [&] {
      return std::find_if(m_.layers.begin(), m_.layers.end(), [&](const MapLayer& l) {
        return l.slot == r.slot && l.job == r.job && l.reloading && l.data.name == loaded.data.name;
      });
    };
    auto it = waiting();
    if (it == m_.layers.end() && r.first_pieces && r.config.filter.empty()) {
      add_arriving(r, loaded);
      it = waiting();
    }
    // Nothing that the preview would show wrongly: a filter (its rows are not
    // evaluated) or a server gone away (drawn grey).
    if (it == m_.layers.end() || !it->filter.empty() || it->stale()) continue;
    auto p = std::make_shared<LayerPreview>();
    p->classes = std::move(loaded.classes);
    p->timeline = std::move(loaded.timeline);
    p->mesh = std::move(loaded.mesh);
    it->previews.push_back(std::move(p));
    ++previews_taken_;
    m_.map_changed = true;
    if (on_preview) on_preview();
  }
}

void DataServices::refresh_layer(MapLayer& l) {
  if (!loader_ || l.reloading) return;
  Fetch f;
  f.store = l.store;
  if (!l.change_field.empty() && !l.since.empty()) {
    f.where = geo::changed_since_clause(l.change_field, l.since);  // only what changed
  } else if (l.streamed) {
    f.box = padded(m_.view.camera.visible_extent());  // what is in view, again
    f.pixel = m_.view.camera.resolution();
  } else {
    f.replace = true;  // the whole table again
  }
  l.last_refresh = seconds_since_start();
  submit_fetch(l, std::move(f));
}

void DataServices::submit_fetch(MapLayer& l, Fetch f) {
  l.reloading = true;
  geo::LayerConfig c = l.config;
  c.layer = l.data.name;
  l.job = loader_->submit(l.slot, c, m_.display_crs, true, std::move(f));
}

void DataServices::refresh_databases() {
  for (MapLayer& l : m_.layers) {
    if (!l.database || l.reloading) continue;
    double every = l.config.refresh_seconds;
    if (l.stale()) every = every > 0 ? std::min(every, 10.0) : 10.0;  // a lost server: retry
    if (every > 0 && seconds_since_start() - l.last_refresh >= every) refresh_layer(l);
  }
}

void DataServices::stream_by_view(bool margins) {
  const ViewState& v = m_.view;
  if (!loader_ || v.dragging || v.fly || seconds_since_start() - v.last_change < 0.3) return;
  const geo::Bbox view = v.camera.visible_extent();
  if (view.empty()) return;
  const double pixel = v.camera.resolution();
  for (MapLayer& l : m_.layers) {
    auto covered = [&] {
      return std::any_of(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return b.contains(view); }) ||
             std::any_of(l.coarse.begin(), l.coarse.end(),
                         [&](const auto& c) { return c.first.contains(view) && pixel >= c.second / 2; });
    };
    if (l.reloading && !l.margin_fetching.empty() && !l.margin_fetching.contains(view) && !covered()) {
      // A margin still coming for a view the person has left: let it go (quietly, see
      // take_reload), so that the new view's rows need not wait for it. Its job only:
      // the source's other tables go on.
      l.margin_fetching = geo::Bbox{};
      loader_->cancel_job(l.job);
      continue;
    }
    if (!l.streamed || !l.visible || l.reloading || l.stale()) continue;
    if (covered()) {
      // The view's rows are drawn; the margin of a view fetched alone comes next, while
      // the view is still near it (a view moved on fetches its own).
      const geo::Bbox due = std::exchange(l.margin_due, geo::Bbox{});
      if (margins && !due.empty() && padded(due).contains(view)) {
        Fetch f;
        f.store = l.store;
        f.box = padded(due);
        f.except = due;
        f.pixel = pixel;
        f.view = view;
        f.recount = false;
        f.preview_held = keep_meshes_ ? preview_held : SIZE_MAX;
        if (!l.whole_asked.empty()) f.keep.push_back(l.whole_asked);
        l.margin_fetching = *f.box;
        submit_fetch(l, std::move(f));
      }
      continue;
    }
    // The last fetch was a sample (or cut at the limit): nothing better to get while
    // this view still shows more than a quarter of what it covered, i.e. until the
    // person zooms in past 2× or pans away.
    const geo::Bbox& b = l.limited_box;
    if (l.limited && !b.empty() && view.overlap_area(b) * 4 >= b.width() * b.height()) continue;
    // The view first (a sliver wider, so that the frame drawn is inside it), drawn as
    // soon as it lands; its margin after (above): a pan to an unseen area waits for the
    // view's rows only, not for the 2.25 times as many of the padded box.
    Fetch f;
    f.store = l.store;
    f.box = grown(view, 1.0 / 32);
    f.pixel = pixel;
    f.view = view;
    f.recount = false;  // the view moved; the table's counts did not change
    f.preview_held = keep_meshes_ ? preview_held : SIZE_MAX;
    if (!l.whole_asked.empty()) f.keep.push_back(l.whole_asked);  // an area's rows, for its chart
    l.margin_due = *f.box;
    submit_fetch(l, std::move(f));
  }
}

void DataServices::fetch_selected_rows() {
  for (MapLayer& l : m_.layers) {
    if (!l.streamed || l.reloading || l.stale() || l.key_column.empty() || l.selected.empty()) continue;
    std::vector<int64_t> keys;
    for (uint32_t f : l.selected)
      if (f < l.data.fids.size()) keys.push_back(l.data.fids[f]);
    std::sort(keys.begin(), keys.end());
    if (keys == l.rows_fetched_for) continue;
    l.rows_fetched_for = keys;
    // Merged by key into the rows held: the panel shows the whole row when it lands.
    std::string in;
    for (size_t k = 0; k < keys.size() && k < 200; ++k) in += (k ? ", " : "") + std::to_string(keys[k]);
    Fetch f;
    f.store = l.store;
    f.where = geo::quote_identifier(l.key_column) + " IN (" + in + ")";
    f.recount = false;
    f.by_key = true;
    submit_fetch(l, std::move(f));
  }
}

bool DataServices::fetch_rows_whole(const geo::Bbox& box) {
  if (box.empty()) return false;
  bool any = false;
  for (MapLayer& l : m_.layers) {
    if (!l.streamed || l.reloading || l.stale()) continue;
    if (std::any_of(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return b.contains(box); })) continue;
    const double now = seconds_since_start();
    if (l.whole_asked == box && now - l.whole_asked_at < 10.0) continue;  // asked just now (and it failed): later
    l.whole_asked = box, l.whole_asked_at = now;
    Fetch f;
    f.store = l.store;
    f.box = box;
    // A pixel far under any row: every row comes whole, with every column.
    f.pixel = std::max(box.width(), box.height()) * 1e-7;
    f.recount = false;
    f.keep.push_back(padded(m_.view.camera.visible_extent()));  // the view's rows stay drawn
    submit_fetch(l, std::move(f));
    any = true;
  }
  return any;
}

}  // namespace app
