#include "app/loader.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>

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

void Loader::submit(size_t slot, const geo::LayerConfig& config, const std::string& display_crs, bool reload) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back({slot, config, display_crs, reload});
  }
  jobs_cv_.notify_one();
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
    }
    LoadResult result = run(job);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --running_;
      done_.push_back(std::move(result));
    }
    done_cv_.notify_all();
  }
}

LoadResult Loader::run(const Job& job) {
  const auto t0 = std::chrono::steady_clock::now();
  // RENEWMAP_TRACE=1: how long each loading phase took (for benchmarks).
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  auto phase_start = t0;
  auto phase = [&](const char* name) {
    const auto t = std::chrono::steady_clock::now();
    if (trace)
      std::fprintf(stderr, "renewmap: trace:   %-10s %7.1f ms\n", name,
                   std::chrono::duration<double, std::milli>(t - phase_start).count());
    phase_start = t;
  };
  LoadResult r;
  r.slot = job.slot;
  r.reload = job.reload;
  r.config = job.config;
  geo::ReadOptions options;
  options.encoding = job.config.encoding;
  options.csv_x = job.config.csv_x;
  options.csv_y = job.config.csv_y;
  uint64_t last = 0;
  options.cancelled = [this] { return cancel_.load(); };
  options.progress = [this, &last](uint64_t done, uint64_t) {
    features_read_ += done - last;
    last = done;
  };
  geo::ReadOutcome read = geo::read_vector({job.config.source, job.config.layer}, options);
  phase("read");
  r.errors = std::move(read.errors);
  r.warnings = std::move(read.warnings);
  for (geo::VectorLayer& layer : read.layers) {
    LoadedLayer loaded;
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
    loaded.classes = geo::classify(layer, job.config);
    phase("classify");
    if (!loaded.classes.warning.empty())
      r.warnings.push_back({layer.source, layer.name, loaded.classes.warning});
    if (loaded.classes.unmapped > 0) {
      std::string examples;
      for (const auto& v : loaded.classes.unmapped_values) examples += (examples.empty() ? "" : ", ") + ("'" + v + "'");
      r.warnings.push_back({layer.source, layer.name,
                            std::to_string(loaded.classes.unmapped) +
                                " features have a status the vocabulary does not know (" + examples +
                                "); shown as unknown"});
    }
    loaded.timeline = geo::build_timeline(layer, loaded.classes.status);
    if (loaded.timeline.unparsed > 0)
      r.warnings.push_back({layer.source, layer.name,
                            std::to_string(loaded.timeline.unparsed) +
                                " date values are not dates (YYYY-MM-DD expected); treated as missing"});
    for (const char* name : {"investment_wan", "投资", "总投资", "investment"}) {
      loaded.investment_field = layer.attributes.find(name);
      if (loaded.investment_field >= 0) break;
    }
    phase("timeline");
    // Geometry is built per bucket when a view first needs it (most of a large layer
    // is pixels at the zoom it opens at); small layers are built whole right away.
    loaded.mesh = layer.feature_count() > 20000 ? geo::build_mesh_index(layer) : geo::build_mesh(layer);
    phase("mesh");
    // The spatial index (identify, hover) is built on first use: no frame needs it.
    loaded.data = std::move(layer);
    r.layers.push_back(std::move(loaded));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace app
