#include "app/data/loader.hpp"
#include "app/data/phase_trace.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/data/reader_process.hpp"
#include "geo/pg.hpp"
#include "geo/reader.hpp"
#include "geo/transform.hpp"

namespace app {

Loader::Loader(int threads) {
  for (int i = 0; i < std::max(1, threads); ++i) workers_.emplace_back([this] { work(); });
}

Loader::~Loader() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    jobs_.clear();
  }
  cancel_ = true;
  jobs_cv_.notify_all();
  for (auto& t : workers_) t.join();
}

uint64_t Loader::submit(size_t slot, const geo::LayerConfig& config, const std::string& display_crs, bool reload,
                        Fetch fetch) {
  uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    Job job;
    job.id = id = next_id_++;
    job.slot = slot;
    job.config = config;
    job.display_crs = display_crs;
    job.reload = reload;
    job.fetch = std::move(fetch);
    jobs_.push_back(std::move(job));
  }
  jobs_cv_.notify_one();
  return id;
}

std::vector<JobProgress> Loader::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JobProgress> out;
  auto add = [&](const Job& j, bool running) {
    // A connection string says less than the table's name, and is too long for a row.
    const std::string source = geo::without_password(j.config.source);
    std::string name = geo::is_database_source(j.config.source) && !j.config.layer.empty()
                           ? j.config.layer
                           : std::filesystem::path(source).filename().string();
    if (name.empty()) name = source;
    out.push_back({j.slot, source, std::move(name), j.done->load(), j.total->load(), running});
  };
  for (const Job& j : running_jobs_) add(j, true);
  for (const Job& j : jobs_) add(j, false);
  return out;
}

template <class Which>
void Loader::cancel_where(Which which) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (Job& j : running_jobs_)
      if (which(j)) *j.cancelled = true;
    for (auto it = jobs_.begin(); it != jobs_.end();) {
      if (!which(*it)) {
        ++it;
        continue;
      }
      LoadResult r;
      r.job = it->id;
      r.slot = it->slot;
      r.reload = it->reload;
      r.config = it->config;
      r.margin = it->fetch.except.has_value();
      r.errors.push_back({geo::without_password(it->config.source), it->config.layer, "loading cancelled"});
      done_.push_back(std::move(r));
      it = jobs_.erase(it);
    }
  }
  done_cv_.notify_all();
}

void Loader::cancel(size_t slot) {
  cancel_where([slot](const Job& j) { return j.slot == slot; });
}

void Loader::cancel_job(uint64_t id) {
  cancel_where([id](const Job& j) { return j.id == id; });
}

std::vector<LoadResult> Loader::take_finished() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<LoadResult> out;
  out.swap(done_);
  return out;
}

bool Loader::idle() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return jobs_.empty() && running_ == 0 && done_.empty();
}

size_t Loader::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return jobs_.size() + running_;
}

void Loader::wait_for_result(int timeout_ms) {
  std::unique_lock<std::mutex> lock(mutex_);
  done_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [this] { return !done_.empty() || (jobs_.empty() && running_ == 0); });
}

void Loader::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      jobs_cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      ++running_;
      running_jobs_.push_back(job);
    }
    LoadResult result = run(job);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
      for (auto it = running_jobs_.begin(); it != running_jobs_.end(); ++it)
        if (it->cancelled == job.cancelled) {
          running_jobs_.erase(it);
          break;
        }
      done_.push_back(std::move(result));
    }
    done_cv_.notify_all();
  }
}

void Loader::hand_over(LoadResult&& r) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_.push_back(std::move(r));
  }
  done_cv_.notify_all();
}

// A view's fetched rows (or a first read's pieces) on their own, drawn over the layer
// until they are merged (on 120,000 rows of a 4× pan: 20-40 ms).
LoadResult Loader::preview_of(const geo::LayerConfig& config, const LoadResult& r, const geo::VectorLayer& rows) {
  LoadResult p;
  p.job = r.job, p.slot = r.slot, p.reload = r.reload, p.config = config, p.preview = true;
  LoadedLayer one;
  one.data.name = rows.name;
  one.data.source = rows.source;
  one.fetched = rows.feature_count();
  one.classes = geo::classify(rows, config);
  one.timeline = geo::build_timeline(rows, one.classes.status);
  one.mesh = geo::build_mesh_index(rows);
  geo::build_view_geometry(rows, one.mesh, r.shown, r.tile_pixel);
  p.layers.push_back(std::move(one));
  return p;
}

LoadResult Loader::run(const Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  // RENEWMAP_TRACE=1: how long each loading phase took (for benchmarks).
  PhaseTrace phase(2, 10);
  LoadResult r;
  r.job = job.id;
  r.slot = job.slot;
  r.reload = job.reload;
  r.config = job.config;
  geo::ReadOptions options;
  options.encoding = job.config.encoding;
  options.csv_x = job.config.csv_x;
  options.csv_y = job.config.csv_y;
  options.source_crs = job.config.crs;
  uint64_t last = 0;
  options.cancelled = [this, cancelled = job.cancelled] { return cancel_.load() || cancelled->load(); };
  options.progress = [this, &last, &job](uint64_t done, uint64_t total) {
    features_read_ += done - std::min(done, last);
    last = done;
    *job.done = done;
    *job.total = total;
  };
  const bool database = geo::is_database_source(job.config.source);
  r.fetch = job.fetch.store != nullptr || job.fetch.box.has_value();
  r.by_key = job.fetch.by_key;
  r.margin = job.fetch.except.has_value();
  if (job.fetch.view) r.shown = *job.fetch.view;
  std::vector<DatabaseRead> tables;  // per table read (databases only)
  geo::ReadOutcome read;
  if (database) {
    read = read_database(job, options, r, tables);
  } else {
    // A user's file: in the reader process, so a crash inside GDAL costs this file only.
    read = data::read_source({job.config.source, job.config.layer}, options);
  }
  phase("read");
  r.errors = std::move(read.errors);
  r.warnings = std::move(read.warnings);
  for (size_t li = 0; li < read.layers.size(); ++li) {
    geo::VectorLayer& layer = read.layers[li];
    LoadedLayer loaded;
    // A database layer's rows: the fetch's (replacing the store's) or the store's with
    // the fetch merged in, held locked while they are classified and meshed. Their copy
    // (into the store, or the drawn one out of it) is made meanwhile on a thread.
    const geo::VectorLayer* rows = &layer;
    std::unique_lock<std::mutex> held_lock;
    std::thread copying;
    loaded.source_crs = layer.crs;
    size_t failed = 0;
    auto projected = geo::reproject(layer, job.display_crs, 2, &failed);
    if (!projected) {
      r.errors.push_back(projected.error());
      continue;
    }
    if (failed > 0 && failed == layer.vertex_count()) {
      r.errors.push_back({layer.source, layer.name,
                          "none of its coordinates can be transformed from " + layer.crs_label + " to " +
                              job.display_crs + " (wrong CRS for the data?)"});
      continue;
    }
    if (failed > 0)
      r.warnings.push_back({layer.source, layer.name,
                            std::to_string(failed) + " vertices could not be transformed to " +
                                job.display_crs + " and are left out"});
    loaded.failed_vertices = failed;
    phase("reproject");
    if (database && li < tables.size()) {
      // Rows fetched before stay; these replace their older copies (by key) or join them.
      const DatabaseRead& t = tables[li];
      loaded.streamed = t.streamed;
      loaded.table_rows = t.table_rows;
      loaded.key_column = t.key_column;
      if (t.groups) {
        // Each group's status on any day, by the same rules as the map's rows.
        auto counts = std::make_shared<ServerCounts>();
        counts->recorded = geo::classify(t.groups->groups, job.config).status;
        counts->timeline = geo::build_timeline(t.groups->groups, counts->recorded);
        counts->weights = t.groups->weights;
        counts->rows = t.groups->rows;
        loaded.server_counts = std::move(counts);
      }
      loaded.fetched = layer.feature_count();
      loaded.store = job.fetch.store && t.keyed ? job.fetch.store : std::make_shared<RowStore>();
      const bool replace = job.fetch.replace || !job.fetch.store || !t.keyed || t.replace;
      // A view fetched whole again: rows held entirely inside it that did not come
      // back were deleted on the server. They and the rows that came again (replaced
      // by their new copies) leave the store in one pass.
      const bool deletions = !replace && t.streamed && !r.fetch_box.empty() && !r.limited;
      auto unchanged = [&, name = layer.name, source = layer.source] {  // nothing new: the model keeps what it has
        loaded.unchanged = true;
        loaded.data.name = name;
        loaded.data.source = source;
        r.layers.push_back(std::move(loaded));
      };
      if (!replace && loaded.fetched == 0 && !deletions) {
        unchanged();
        continue;
      }
      if (replace) {
        // The store's copy is made on a thread of its own while the rows are classified
        // and meshed below, which only read them: on a million rows it took 70-200 ms
        // of the first frame. Joined before the rows are handed over.
        copying = std::thread([store = loaded.store, &layer] {
          std::lock_guard<std::mutex> lock(store->mutex);
          store->rows = geo::copy_layer(layer);
        });
      } else {
        held_lock = std::unique_lock<std::mutex>(loaded.store->mutex);
        geo::VectorLayer& held = loaded.store->rows;
        if (loaded.fetched > 0 && r.tile_pixel > 0 && !r.shown.empty() && !job.fetch.by_key &&
            held.feature_count() >= job.fetch.preview_held) {
          hand_over(preview_of(job.config, r, layer));
          phase("preview");
        }
        const geo::Bbox& v = r.fetch_box;
        // Over the budget: rows far from this view go too (the store stays bounded
        // however far the person pans), but not those of a box still needed whole.
        const bool trim = deletions && held.feature_count() + layer.feature_count() > job.fetch.held_budget;
        geo::Bbox zone = v;
        zone.min_x -= v.width() / 2, zone.max_x += v.width() / 2;
        zone.min_y -= v.height() / 2, zone.max_y += v.height() / 2;
        size_t dropped = 0, let_go = 0;
        auto gone = [&](size_t f) {
          const geo::Bbox b = held.feature_bounds(f);
          if (!r.spared.empty() && r.spared.intersects(b)) return false;  // left out of this fetch
          if (v.contains(b)) return true;  // inside the view fetched whole, and did not come: deleted
          if (!trim || zone.intersects(b)) return false;
          for (const geo::Bbox& k : job.fetch.keep)
            if (k.intersects(b)) return false;
          ++let_go;
          return true;
        };
        geo::upsert_features(held, std::move(layer), deletions ? gone : std::function<bool(size_t)>(), &dropped);
        if (let_go > 0) r.let_go = let_go, r.held_box = zone, r.kept = job.fetch.keep;
        if (dropped == 0 && loaded.fetched == 0) {
          unchanged();
          continue;
        }
        // The rows below are the store's own; the drawn copy (the store keeps collecting)
        // is made beside them, in huge pages: on 700k rows it took 50-150 ms of a pan.
        rows = &held;
        copying = std::thread([&layer, from = &held] { layer = geo::copy_layer(*from); });
      }
      phase("merge");
    }
    loaded.classes = geo::classify(*rows, job.config);
    phase("classify");
    if (!loaded.classes.warning.empty())
      r.warnings.push_back({rows->source, rows->name, loaded.classes.warning});
    if (loaded.classes.unmapped > 0) {
      std::string examples;
      for (const auto& v : loaded.classes.unmapped_values) examples += (examples.empty() ? "" : ", ") + ("'" + v + "'");
      r.warnings.push_back({rows->source, rows->name,
                            std::to_string(loaded.classes.unmapped) +
                                " features have a status the vocabulary does not know (" + examples +
                                "); shown as unknown"});
    }
    loaded.timeline = geo::build_timeline(*rows, loaded.classes.status);
    if (loaded.timeline.unparsed > 0)
      r.warnings.push_back({rows->source, rows->name,
                            std::to_string(loaded.timeline.unparsed) +
                                " date values are not dates (YYYY-MM-DD expected); treated as missing"});
    for (const char* name : {"investment_wan", "投资", "总投资", "investment"}) {
      loaded.investment_field = rows->attributes.find(name);
      if (loaded.investment_field >= 0) break;
    }
    phase("timeline");
    // Geometry is built per bucket when a view first needs it (most of a large layer
    // is pixels at the zoom it opens at); small layers are built whole right away.
    loaded.mesh = rows->feature_count() > 20000 ? geo::build_mesh_index(*rows) : geo::build_mesh(*rows);
    phase("mesh");
    // A view's buckets drawn as geometry are built here, on two threads, rather than
    // by the frames that draw the view, on the UI thread (17-37 ms of a 4× pan's on
    // 1M parcels). Buckets built already (a small layer's, all) are skipped.
    if (r.tile_pixel > 0) geo::build_view_geometry(*rows, loaded.mesh, r.shown, r.tile_pixel);
    phase("geometry");
    if (copying.joinable()) copying.join();
    if (held_lock.owns_lock()) held_lock.unlock();
    // The spatial index (identify, hover) is built on first use: no frame needs it.
    loaded.data = std::move(layer);
    r.layers.push_back(std::move(loaded));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace app
