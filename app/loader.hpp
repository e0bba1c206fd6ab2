// Background loading: read (GDAL), reproject (PROJ), classify and tessellate on worker
// threads; finished layers are handed to the main thread through a queue, where they
// are uploaded. The UI keeps drawing meanwhile.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "geo/classify.hpp"
#include "geo/layer.hpp"
#include "geo/mesh.hpp"
#include "geo/project.hpp"
#include "geo/result.hpp"
#include "geo/timeline.hpp"

namespace app {

struct LoadedLayer {
  geo::VectorLayer data;  // in the display CRS
  geo::Classification classes;
  geo::Timeline timeline;
  int investment_field = -1;
  geo::Mesh mesh;
  size_t failed_vertices = 0;  // vertices PROJ could not transform
};

struct LoadResult {
  size_t slot = 0;  // index of the job's config in the project (draw order)
  bool reload = false;  // a changed file read again (replaces, never blanks, the layer)
  geo::LayerConfig config;
  std::vector<LoadedLayer> layers;
  std::vector<geo::Error> errors;
  std::vector<geo::Error> warnings;
  double seconds = 0.0;
};

class Loader {
 public:
  explicit Loader(int threads = 2);
  ~Loader();  // cancels what is queued and joins the workers
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  void submit(size_t slot, const geo::LayerConfig& config, const std::string& display_crs, bool reload = false);
  // Takes every finished result (main thread).
  std::vector<LoadResult> take_finished();
  bool idle() const;  // nothing queued, running or waiting to be taken
  // Features read so far by running jobs, for the progress bar.
  uint64_t features_read() const { return features_read_.load(); }
  size_t pending() const;
  // Blocks until a result is ready or `timeout_ms` passes.
  void wait_for_result(int timeout_ms);

 private:
  struct Job {
    size_t slot;
    geo::LayerConfig config;
    std::string display_crs;
    bool reload = false;
  };
  void work();
  LoadResult run(const Job& job);

  mutable std::mutex mutex_;
  std::condition_variable jobs_cv_, done_cv_;
  std::deque<Job> jobs_;
  std::vector<LoadResult> done_;
  size_t running_ = 0;
  bool stopping_ = false;
  std::atomic<uint64_t> features_read_{0};
  std::atomic<bool> cancel_{false};
  std::vector<std::thread> workers_;
};

}  // namespace app
