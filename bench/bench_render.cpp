// Frame-time and load benchmark at 10k / 100k / 1M features (issue: "a million
// features at interactive speed"). Every figure is printed beside its floor or
// anchor: the raw GDAL read of the same file in the same run, and QGIS's render of
// the same view when python3-qgis is installed. Needs a display (run under xvfb-run).
//
//   bench_render [--sizes 10k,100k,1m] [--no-extra] [--cache DIR] [--markdown FILE]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/model/camera.hpp"
#include "app/platform/window.hpp"
#include "egl_context.hpp"
#include "app/render/map_view.hpp"
#include "datasets.hpp"
#include "geo/classify.hpp"
#include "geo/mesh.hpp"
#include "geo/reader.hpp"
#include "geo/spatial_index.hpp"

#include <random>

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}
double p95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(v.size() * 0.95))];
}

// Runs a command, returns wall seconds and its peak RSS in bytes. The peak comes from
// GNU time run as the child: a forked copy of this (large) process would report the
// pages it shared with us before exec.
double run_timed(const std::vector<std::string>& argv, long* peak_rss, int* status) {
  const std::string rss_file = "/tmp/renewmap-bench-rss-" + std::to_string(getpid());
  const auto t0 = Clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<std::string> full = {"/usr/bin/time", "-f", "%M", "-o", rss_file};
    full.insert(full.end(), argv.begin(), argv.end());
    std::vector<char*> args;
    for (const auto& a : full) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (!freopen("/dev/null", "w", stderr)) _exit(126);
    execv(args[0], args.data());
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  long kb = 0;
  std::ifstream(rss_file) >> kb;
  std::remove(rss_file.c_str());
  if (peak_rss) *peak_rss = kb * 1024L;
  if (status) *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return seconds;
}

bool qgis_available() { return std::system("/usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1") == 0; }

// QGIS's render of the same view (ms), from bench/qgis_render.py; negative if absent.
bool qgis_render(const std::string& script, const std::string& path, const geo::Bbox& full, const geo::Bbox& zoom,
                 double& full_ms, double& zoom_ms) {
  char cmd[2048];
  std::snprintf(cmd, sizeof cmd, "QT_QPA_PLATFORM=offscreen /usr/bin/python3 %s %s %.3f %.3f %.3f %.3f %.3f %.3f %.3f %.3f 2>/dev/null",
                script.c_str(), path.c_str(), full.min_x, full.min_y, full.max_x, full.max_y, zoom.min_x,
                zoom.min_y, zoom.max_x, zoom.max_y);
  FILE* p = popen(cmd, "r");
  if (!p) return false;
  char line[256] = {};
  bool ok = false;
  while (fgets(line, sizeof line, p))
    if (std::sscanf(line, "qgis full_ms=%lf zoom4_ms=%lf", &full_ms, &zoom_ms) == 2) ok = true;
  pclose(p);
  return ok;
}

struct Row {
  std::string name;
  long features = 0, vertices = 0;
  double floor_s = 0, first_frame_s = -1;  // -1: not measured (headless)
  int first_frame_status = 0;
  long peak_rss = 0;
  double read_s = 0, mesh_s = 0, upload_ms = 0;
  double full_ms = 0, zoom4_ms = 0, pan_median = 0, pan_p95 = 0, zoom_median = 0, date_step_ms = 0,
         date_state_ms = 0;
  size_t date_uploads = 0, gpu_bytes = 0, cpu_bytes = 0;
  double date_step_upload_ms = 0;
  std::string small_path;
  double qgis_full = -1, qgis_zoom4 = -1;
  double identify_median_us = 0, identify_max_us = 0;
  size_t full_tris = 0, full_painted = 0;
};

std::string fmt(double v, const char* f = "%.0f") {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

Row measure(const std::string& name, const std::string& path, const std::string& binary, const std::string& qgis_script,
            bool with_qgis, bool first_frame) {
  Row r;
  r.name = name;
  bench::gdal_read_floor(path);  // warm the page cache for both contestants
  // The floor and the first frame alternate, three runs each, and the medians are
  // compared: a 2-core machine's noise is a tenth of a second either way.
  std::vector<double> floors, firsts;
  const std::string png = "/tmp/renewmap-bench-" + std::to_string(getpid()) + ".png";
  for (int run = 0; run < 3; ++run) {
    floors.push_back(bench::gdal_read_floor(path, &r.features, &r.vertices));
    // The program itself needs a window system; a headless (--egl) run without one
    // measures the in-process frames only.
    if (first_frame)
      firsts.push_back(run_timed({binary, "--screenshot", png, "--hide-ui", "--size", "1600x900", path},
                                 &r.peak_rss, &r.first_frame_status));
  }
  std::remove(png.c_str());
  r.floor_s = median(floors);
  if (first_frame) r.first_frame_s = median(firsts);

  // In process: the same pipeline as the viewer, timed by phase.
  auto t0 = Clock::now();
  geo::ReadOutcome read = geo::read_vector({path, {}});
  r.read_s = ms_since(t0) / 1000.0;
  if (read.layers.empty()) return r;
  geo::VectorLayer& layer = read.layers[0];
  geo::LayerConfig config;
  geo::Classification classes = geo::classify(layer, config);
  t0 = Clock::now();
  geo::Mesh mesh = geo::build_mesh(layer);
  r.mesh_s = ms_since(t0) / 1000.0;
  app::MapRenderer renderer;  // first: it chooses where small features are drawn
  std::string error;
  if (!renderer.init(error)) throw std::runtime_error(error);
  r.small_path = app::MapRenderer::small_features_path();

  // Dates for every feature, as a programme's layer has them (synthetic: starts over
  // 2023, a year's work each, a third finished, some late), so that statuses come
  // from the shaders as they do in the viewer.
  geo::Timeline timeline;
  timeline.recorded = classes.status;
  timeline.dates.resize(layer.feature_count());
  timeline.relocation.assign(layer.feature_count(), 0);
  const geo::Day jan2023 = geo::days_from_civil(2023, 1, 1);
  for (size_t f = 0; f < layer.feature_count(); ++f) {
    geo::FeatureDates& d = timeline.dates[f];
    d.planned_start = jan2023 + static_cast<geo::Day>((f * 7919) % 365);
    d.planned_finish = d.planned_start + 365;
    if (f % 3 == 0) d.actual_start = d.planned_start + static_cast<geo::Day>(f % 40);
    if (f % 3 == 0 && f % 2 == 0) d.actual_finish = d.planned_finish + static_cast<geo::Day>(f % 90) - 45;
  }
  timeline.has_dates = true;
  const geo::Day day0 = jan2023 + 400, day1 = day0 + 30;
  std::vector<geo::Status> statuses;
  geo::statuses_on(timeline, day0, statuses);

  t0 = Clock::now();
  app::GpuLayer gpu;
  gpu.upload(std::move(mesh), layer.feature_count());
  // As the viewer's state bytes: the recorded statuses where the GPU derives them,
  // those on the shown date where the CPU paints.
  const bool gpu_statuses = app::MapRenderer::small_features_on_gpu();
  std::vector<uint8_t> state(2 * layer.feature_count());
  for (size_t f = 0; f < layer.feature_count(); ++f) {
    state[2 * f] = static_cast<uint8_t>(gpu_statuses ? classes.status[f] : statuses[f]);
    state[2 * f + 1] = app::kFlagVisible;
  }
  gpu.set_state(state);
  gpu.set_dates(timeline);
  glFinish();
  r.upload_ms = ms_since(t0);
  r.gpu_bytes = gpu.gpu_bytes();
  r.cpu_bytes = gpu.cpu_bytes();
  app::Camera cam;
  cam.set_viewport(1600, 900);
  cam.fit(layer.bounds, 0.02);
  const geo::Bbox full = cam.visible_extent();
  std::vector<app::LayerDraw> draws(1);
  draws[0].gpu = &gpu;
  draws[0].data = &layer;
  draws[0].state = &state;
  draws[0].style.use_status = true;
  draws[0].style.dated = !getenv("BENCH_UNDATED");
  draws[0].style.day = day0;
  app::gl::RenderTarget target;
  target.create(1600, 900, error);
  auto settled = [&](size_t* tris, size_t* painted) {
    std::vector<double> t;
    for (int i = 0; i < 3; ++i) {
      target.bind();
      const auto s0 = Clock::now();
      app::DrawStats st = app::draw_layers(renderer, cam, draws, geo::background_colour());
      glFinish();
      t.push_back(ms_since(s0));
      if (tris) *tris = st.triangles;
      if (painted) *painted = st.painted;
    }
    return median(t);
  };
  r.full_ms = settled(&r.full_tris, &r.full_painted);
  cam.zoom_about({800, 450}, 4.0);
  const geo::Bbox zoom4 = cam.visible_extent();
  r.zoom4_ms = settled(nullptr, nullptr);

  // A scripted drag then wheel zoom through the cached map, as the window does it.
  app::MapView view;
  target.bind();
  view.draw(renderer, cam, draws, true, geo::background_colour());
  glFinish();
  std::vector<double> pan, zoom;
  for (int i = 0; i < 60; ++i) {
    cam.pan_pixels(12, 5);
    target.bind();
    const auto s0 = Clock::now();
    view.draw(renderer, cam, draws, false, geo::background_colour());
    glFinish();
    pan.push_back(ms_since(s0));
  }
  for (int i = 0; i < 10; ++i) {
    cam.zoom_about({900, 400}, 1.25);
    target.bind();
    const auto s0 = Clock::now();
    view.draw(renderer, cam, draws, false, geo::background_colour());
    glFinish();
    zoom.push_back(ms_since(s0));
  }
  r.pan_median = median(pan);
  r.pan_p95 = p95(pan);
  r.zoom_median = median(zoom);

  // One date-slider step, 30 days on, as the viewer takes it: the statuses on the CPU
  // for the legend's counts, the new day as a uniform, the view (full extent)
  // redrawn; nothing is uploaded. Where the CPU paints, the state bytes follow too.
  cam.fit(layer.bounds, 0.02);
  const size_t uploads_before = app::GpuLayer::uploads();
  t0 = Clock::now();
  const geo::StatusCounts counts = geo::statuses_and_counts(timeline, day1, statuses, {});
  r.date_state_ms = ms_since(t0);
  if (!gpu_statuses) {
    for (size_t f = 0; f < layer.feature_count(); ++f) state[2 * f] = static_cast<uint8_t>(statuses[f]);
    gpu.set_state(state);
  }
  draws[0].style.day = day1;
  target.bind();
  app::draw_layers(renderer, cam, draws, geo::background_colour());
  glFinish();
  r.date_step_ms = ms_since(t0);
  r.date_uploads = app::GpuLayer::uploads() - uploads_before;
  (void)counts;
  // The same step as the viewer took it before the dates were on the GPU: statuses on
  // the CPU, every feature's state byte rewritten and uploaded, the view redrawn.
  std::vector<uint8_t> recorded_state = state;
  t0 = Clock::now();
  geo::statuses_and_counts(timeline, day0, statuses, {});
  for (size_t f = 0; f < layer.feature_count(); ++f) state[2 * f] = static_cast<uint8_t>(statuses[f]);
  gpu.set_state(state);
  draws[0].style.dated = false;
  target.bind();
  app::draw_layers(renderer, cam, draws, geo::background_colour());
  glFinish();
  r.date_step_upload_ms = ms_since(t0);
  draws[0].style.dated = true;
  state = recorded_state;
  gpu.set_state(state);

  // Identify: click → features under the cursor, at random points of the layer.
  {
    const geo::SpatialIndex index = geo::SpatialIndex::build(layer);
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ux(layer.bounds.min_x, layer.bounds.max_x);
    std::uniform_real_distribution<double> uy(layer.bounds.min_y, layer.bounds.max_y);
    std::vector<double> us;
    size_t hits = 0;
    for (int i = 0; i < 10000; ++i) {
      const double x = ux(rng), y = uy(rng);
      const auto s0 = Clock::now();
      hits += index.identify(layer, x, y, 4.0 * cam.resolution()).size();
      us.push_back(ms_since(s0) * 1000.0);
    }
    r.identify_median_us = median(us);
    r.identify_max_us = *std::max_element(us.begin(), us.end());
    (void)hits;
  }
  if (with_qgis) qgis_render(qgis_script, path, full, zoom4, r.qgis_full, r.qgis_zoom4);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<long> sizes = {10000, 100000, 1000000};
  bool extra = true;
  bool egl = false;  // headless context through EGL (a GPU machine without X)
  bool datasets_only = false;
  std::string cache = std::string(std::getenv("HOME") ? std::getenv("HOME") : "/tmp") + "/.cache/renewmap-bench";
  std::string markdown;
  const std::string self = argv[0];
  std::string binary = self.substr(0, self.rfind('/') + 1) + "../app/renewmap";
  const std::string qgis_script = std::string(RENEWMAP_SOURCE_DIR) + "/bench/qgis_render.py";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::stringstream ss(argv[++i]);
      std::string item;
      while (std::getline(ss, item, ',')) {
        long mult = 1;
        if (!item.empty() && (item.back() == 'k' || item.back() == 'K')) mult = 1000, item.pop_back();
        if (!item.empty() && (item.back() == 'm' || item.back() == 'M')) mult = 1000000, item.pop_back();
        sizes.push_back(std::stol(item) * mult);
      }
    } else if (a == "--no-extra") {
      extra = false;
    } else if (a == "--cache" && i + 1 < argc) {
      cache = argv[++i];
    } else if (a == "--markdown" && i + 1 < argc) {
      markdown = argv[++i];
    } else if (a == "--binary" && i + 1 < argc) {
      binary = argv[++i];
    } else if (a == "--egl") {
      egl = true;
    } else if (a == "--datasets-only") {  // make the parcel files, print their paths (postgis_bench.sh)
      datasets_only = true;
    } else {
      std::fprintf(stderr, "usage: bench_render [--sizes 10k,100k,1m] [--no-extra] [--cache DIR] [--markdown FILE] "
                         "[--datasets-only] [--egl]\n");
      return 64;
    }
  }
  // After every option, wherever --datasets-only stood among them.
  if (datasets_only) {
    for (long n : sizes) std::printf("%s\n", bench::ensure_dataset(cache, bench::Kind::Parcels, n).c_str());
    return 0;
  }

  app::platform::Window window;
  bench::EglContext headless;
  std::string error;
  if (egl ? !headless.open(error) : !window.open(64, 64, "bench", false, error)) {
    std::fprintf(stderr, "bench_render: %s\n", error.c_str());
    return 1;
  }
  const char* display = std::getenv("DISPLAY");
  const bool first_frame = !egl || (display && *display);
  const std::string gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  std::fprintf(stderr, "OpenGL renderer: %s (%s)\n", gl_renderer.c_str(),
               egl ? ("EGL, headless, " + headless.device()).c_str() : "GLFW window");
  const bool with_qgis = qgis_available();
  std::vector<std::pair<std::string, std::string>> sets;
  for (long n : sizes)
    sets.push_back({std::to_string(n) + " parcels", bench::ensure_dataset(cache, bench::Kind::Parcels, n)});
  if (extra && std::find(sizes.begin(), sizes.end(), 100000) != sizes.end()) {
    sets.push_back({"100000 lines", bench::ensure_dataset(cache, bench::Kind::Lines, 100000)});
    sets.push_back({"100000 points", bench::ensure_dataset(cache, bench::Kind::Points, 100000)});
  }
  std::vector<Row> rows;
  for (const auto& [name, path] : sets) {
    std::fprintf(stderr, "measuring %s …\n", name.c_str());
    rows.push_back(measure(name, path, binary, qgis_script, with_qgis, first_frame));
  }

  std::ostringstream md;
  md << "OpenGL renderer: " << gl_renderer << (egl ? " (EGL, headless, " + headless.device() + ")" : std::string())
     << "; features too small for geometry: " << (rows.empty() ? std::string("—") : rows[0].small_path) << "\n\n";
  md << "| dataset | GDAL read floor | first frame (process start → PNG) | × floor | settled redraw, full extent | "
        "settled redraw, 4× zoom | pan frame median / p95 | wheel-zoom frame median | date step (CPU statuses + counts) | "
        "identify median / max | peak RSS (first-frame process) | B/vertex |\n";
  md << "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n";
  for (const Row& r : rows) {
    const std::string q_full = r.qgis_full >= 0 ? " (QGIS " + fmt(r.qgis_full) + " ms, ×" + fmt(r.full_ms / r.qgis_full, "%.3f") + ")" : "";
    const std::string q_zoom = r.qgis_zoom4 >= 0 ? " (QGIS " + fmt(r.qgis_zoom4) + " ms, ×" + fmt(r.zoom4_ms / r.qgis_zoom4, "%.3f") + ")" : "";
    md << "| " << r.name << " (" << r.vertices << " vertices) | " << fmt(r.floor_s * 1000) << " ms | "
       << (r.first_frame_s < 0 ? std::string("— (headless)")
                               : fmt(r.first_frame_s * 1000) + " ms" +
                                     (r.first_frame_status ? " (exit " + std::to_string(r.first_frame_status) + ")" : ""))
       << " | " << (r.first_frame_s < 0 ? std::string("—") : fmt(r.first_frame_s / r.floor_s, "%.2f")) << " | "
       << fmt(r.full_ms, "%.1f") << " ms" << q_full
       << " | " << fmt(r.zoom4_ms, "%.1f") << " ms" << q_zoom << " | " << fmt(r.pan_median, "%.1f") << " / "
       << fmt(r.pan_p95, "%.1f") << " ms | " << fmt(r.zoom_median, "%.1f") << " ms | " << fmt(r.date_step_ms, "%.1f")
       << " ms (" << fmt(r.date_state_ms, "%.1f") << ") | " << fmt(r.identify_median_us, "%.1f") << " / "
       << fmt(r.identify_max_us) << " µs | "
       << (r.first_frame_s < 0 ? std::string("—") : fmt(r.peak_rss / 1048576.0) + " MiB") << " | "
       << (r.first_frame_s < 0 ? std::string("—")
                               : fmt(r.vertices ? static_cast<double>(r.peak_rss) / r.vertices : 0, "%.0f"))
       << " |\n";
  }
  md << "\nIn-process phases (s): ";
  for (const Row& r : rows)
    md << r.name << ": read " << fmt(r.read_s, "%.2f") << ", mesh " << fmt(r.mesh_s, "%.2f") << ", upload "
       << fmt(r.upload_ms / 1000, "%.2f") << "; full-extent frame drew " << r.full_tris << " triangles and painted "
       << r.full_painted << " features as pixel boxes (" << r.small_path << "); GPU memory "
       << fmt(r.gpu_bytes / 1048576.0) << " MiB (" << fmt(r.vertices ? static_cast<double>(r.gpu_bytes) / r.vertices : 0, "%.0f")
       << " B/vertex), CPU tables " << fmt(r.cpu_bytes / 1048576.0) << " MiB; a date step uploaded " << r.date_uploads
       << " textures or buffers"
       << (r.small_path == "GPU boxes"
               ? " (the same step re-uploading every state byte, as before: " + fmt(r.date_step_upload_ms, "%.1f") + " ms)"
               : std::string(" (the state bytes, which carry the statuses where the CPU paints)"))
       << ". ";
  md << "\n\nAnchors: QGIS 3.22 on this class of machine renders 10k / 100k / 1M parcels at full extent in "
        "126 ms / 979 ms / 9.5 s and at 4× zoom in 24 / 190 / 1,480 ms; targets: first frame ≤ 1.5 × floor, "
        "pan ≤ 16 ms, settled redraw ≤ 1/10 of QGIS, date step ≤ 50 ms, peak RSS ≤ 1.5 GiB at 1M."
     << (with_qgis ? "" : " QGIS not measured in this run (install python3-qgis to compare in the same run).")
     << "\n";
  std::printf("%s", md.str().c_str());
  if (!markdown.empty()) std::ofstream(markdown) << md.str();
  return 0;
}
