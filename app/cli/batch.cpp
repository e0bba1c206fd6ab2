// The batch modes: no window on screen, an answer on stdout or files on disk, an exit
// status scripts rely on (cli/options.cpp states the contract).
//   --info            what the inputs hold
//   --screenshot F    one frame as a PNG
//   --export-slides D one PNG per walk-through stop
//   --save-project F  the inputs as a project file
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "app/model/chart.hpp"
#include "app/model/clock.hpp"
#include "app/model/project_io.hpp"
#include "app/model/visibility.hpp"
#include "app/model/walkthrough.hpp"
#include "app/data/reader_process.hpp"
#include "app/shell/app.hpp"
#include "geo/info.hpp"
#include "geo/project.hpp"

#include <nlohmann/json.hpp>

namespace app {
namespace fs = std::filesystem;

namespace {
std::string slide_name(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "slide-%02zu.png", i + 1);
  return buf;
}

// Counts per status by status code ("unknown" only when there are some).
nlohmann::json counts_json(const geo::StatusCounts& c) {
  nlohmann::json out = nlohmann::json::object();
  for (int i = 0; i < geo::kStatusCount; ++i)
    if (i != 0 || c[0] > 0) out[std::string(geo::status_code(static_cast<geo::Status>(i)))] = c[i];
  return out;
}

// One slide in slides.json: its stop, its date (null: the recorded statuses), whether
// that date is past the data's (statuses projected from planned dates), the legend's
// counts per status, and the burn-up chart's scope and count when one is shown. Also
// the slide's view (display CRS) and the features in it per status (view_counts, as
// the statistics panel's "in view" counts them), with whether every row of the view
// was held (a streamed table's view is fetched before the slide is drawn).
nlohmann::json slide_json(const Model& m, size_t stop, const std::string& file) {
  const geo::Bookmark& b = m.project.bookmarks[stop];
  const geo::Bbox view = m.view.camera.visible_extent();
  geo::StatusCounts vc{};
  bool whole = true;
  for (const MapLayer& l : m.layers) {
    if (!l.visible || !l.has_status()) continue;
    const geo::StatusCounts one = counts_in_view(l, view);
    for (int i = 0; i < geo::kStatusCount; ++i) vc[i] += one[i];
    whole = whole && rows_whole_in(l, view);
  }
  nlohmann::json swipe = nullptr;
  if (m.swipe.on) {  // before/after: the left side's date and counts
    swipe = {{"left_as_of", geo::format_date(m.swipe.left)}, {"left_counts", counts_json(swipe_left_counts(m))}};
  }
  // The burn-up chart the slide shows: how many projects it counts (its title's).
  nlohmann::json chart = nullptr;
  if (m.chart.visible || !m.chart.stop_scope.empty()) {
    geo::Day first, last;
    chart_range(m, first, last);
    std::string title, error;
    const geo::BurnUp series = chart_series(m, shown_scope(m), first, last, title, error);
    chart = {{"scope", shown_scope(m)}, {"title", title}, {"projects", series.features}};
    if (!error.empty()) chart["error"] = error;
  }
  return {{"file", file},
          {"swipe", swipe},
          {"chart", chart},
          {"bookmark", b.name},
          {"caption", b.caption},
          {"as_of", m.clock.as_of == geo::kNoDay ? nlohmann::json(nullptr) : nlohmann::json(geo::format_date(m.clock.as_of))},
          {"projected", projected(m.clock)},
          {"counts", counts_json(shown_counts(m))},
          {"view", {view.min_x, view.min_y, view.max_x, view.max_y}},
          {"view_counts", counts_json(vc)},
          {"view_counts_whole", whole}};
}
}  // namespace

int App::run_info() {
  data_ = std::make_unique<DataServices>(model_, true, false);
  data_->plan(intake());
  const std::optional<int32_t> day = options_.as_of;
  const geo::InfoReport report =
      geo::info_report(model_.project.layers, model_.project.basemaps, day, data::isolated_access());
  std::fputs(report.text.c_str(), stdout);
  if (report.layers == 0 && report.rasters == 0) return 1;
  return report.failures > 0 || model_.failed_sources > 0 ? 2 : 0;
}

// The first view of a run without a window: --size, then --extent or the project's
// view or the data, then --bookmark (a missing one counts as a failure).
void App::start_view() {
  model_.view.camera.set_viewport(options_.width, options_.height);
  fit_initial_view(model_, options_.extent);
  if (options_.bookmark.empty()) return;
  const int i = find_bookmark(model_.project, options_.bookmark);
  if (i >= 0) {
    go_to_bookmark(model_, static_cast<size_t>(i), false);
  } else {
    model_.report(Message::Level::Error, "no bookmark '" + options_.bookmark + "' in the project");
    ++model_.failed_sources;
  }
}

bool App::fetch_view_rows(bool of_last_image) {
  // Streamed database tables: fetch what this view needs (and wait), then draw.
  if (std::none_of(model_.layers.begin(), model_.layers.end(), [](const MapLayer& l) { return l.streamed; }))
    return false;
  model_.view.last_change = -1.0;
  if (of_last_image && last_image_camera_) {
    const Camera live = model_.view.camera;
    model_.view.camera = *last_image_camera_;
    data_->stream_by_view(false);
    model_.view.camera = live;
  } else {
    data_->stream_by_view(false);  // each image's view; no pan follows that needs a margin
  }
  bool fetching = data_->pending() > 0;
  data_->finish_loading();
  // An area's burn-up counts every row inside it: a streamed table's come whole.
  if (model_.chart.visible || !model_.chart.stop_scope.empty())
    if (const auto area = chart_area(model_, shown_scope(model_));
        area && data_->fetch_rows_whole(model_.layers[area->first].data.feature_bounds(area->second))) {
      data_->finish_loading();
      fetching = true;
    }
  return fetching;
}

void App::apply_dates() {
  if (options_.as_of) set_as_of(model_, *options_.as_of);
  if (options_.swipe) set_swipe(model_, true, options_.swipe->first, options_.swipe->second);
}

int App::run_screenshot() {
  // RENEWMAP_TRACE=1 prints how long each phase took (for benchmarks).
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  auto phase = [&, last = seconds_since_start()](const char* name) mutable {
    if (trace) std::fprintf(stderr, "renewmap: trace: %-12s %7.1f ms\n", name, (seconds_since_start() - last) * 1000.0);
    last = seconds_since_start();
  };
  // Loading starts first: the workers read while this thread sets up the window and
  // compiles shaders.
  start_data(true, true);
  phase("plan");
  if (!open_window(false)) return 1;
  phase("window");
  data_->finish_loading();
  phase("load");
  if (model_.loaded_layers == 0 && model_.failed_sources > 0) {
    model_.report(Message::Level::Error, "nothing could be drawn; no PNG written to '" + options_.screenshot + "'");
    return 1;
  }
  start_view();
  fetch_view_rows();
  apply_dates();  // after the bookmark's own date
  const bool overlay = options_.present && !options_.hide_ui;
  const bool panels = !options_.hide_ui && !overlay;
  if (!render_image(options_.screenshot, options_.width, options_.height, overlay, panels)) return 1;
  // Laying out the title and legend framed the view clear of them, wider than the view
  // fetched before: its rows, and the picture again.
  if (fetch_view_rows(true) && !render_image(options_.screenshot, options_.width, options_.height, overlay, panels))
    return 1;
  phase("render+png");
  std::fprintf(stderr, "renewmap: wrote %s (%dx%d, %zu layer(s) drawn%s)\n", options_.screenshot.c_str(),
               options_.width, options_.height, model_.loaded_layers,
               model_.failed_sources ? ", some failed: see the errors above" : "");
  return model_.failed_sources > 0 ? 2 : 0;
}

// --save-project: what a person who opened these inputs and pressed Save would get,
// without a window.
int App::run_save_project() {
  start_data(true, false);
  data_->finish_loading();
  start_view();
  if (!save_project(model_, options_.save_project)) return 1;
  return model_.failed_sources > 0 ? 2 : 0;
}

bool App::load_for_output(const std::string& nothing_written) {
  if (!open_window(false)) return false;
  start_data(true, true);
  data_->finish_loading();
  if (model_.loaded_layers == 0 && model_.failed_sources > 0) {
    model_.report(Message::Level::Error, nothing_written);
    return false;
  }
  return true;
}

int App::run_export_slides() {
  if (!load_for_output("nothing could be drawn; no slides written")) return 1;
  const auto& stops = model_.project.bookmarks;
  if (stops.empty()) {
    model_.report(Message::Level::Error, "the project has no bookmarks (walk-through) to export");
    return 1;
  }
  std::error_code ec;
  fs::create_directories(options_.export_slides, ec);
  if (ec) {
    model_.report(Message::Level::Error, "'" + options_.export_slides + "': cannot create the folder: " + ec.message());
    return 1;
  }
  model_.view.camera.set_viewport(options_.width, options_.height);
  fit_initial_view(model_, options_.extent);
  const bool overlay = !options_.hide_ui;
  size_t written = 0;
  // slides.json beside them: per slide what it shows, for the minutes and for scripts.
  nlohmann::json sidecar = {{"title", model_.project.title},
                            {"data_as_of", model_.clock.data_as_of == geo::kNoDay
                                               ? nlohmann::json(nullptr)
                                               : nlohmann::json(geo::format_date(model_.clock.data_as_of))},
                            {"slides", nlohmann::json::array()}};
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  auto moved = std::make_shared<double>(0.0);  // when the stop's view was set
  if (trace) {
    // A pan's rows handed over before their merge (a preview) are drawn by a window's
    // next frame: drawn here too (the map only, no file), and timed.
    data_->on_preview = [this, moved] {
      gl::RenderTarget target;
      std::string error;
      if (!target.create(options_.width, options_.height, error)) return;
      Camera camera = image_camera(options_.width, options_.height);
      std::vector<uint8_t> pixels;
      draw_offscreen(target, camera, false, false, 1, false, pixels);
      std::fprintf(stderr, "renewmap: trace: slide's rows first drawn %.1f ms after the view moved (before their merge)\n",
                   (image_drawn_at_ - *moved) * 1e3);
    };
  }
  for (size_t i = 0; i < stops.size(); ++i) {
    const double moved_at = *moved = seconds_since_start();
    go_to_bookmark(model_, i, false);
    fetch_view_rows();  // a stop away from the rows held: its own
    apply_dates();
    const std::string path = (fs::path(options_.export_slides) / slide_name(i)).string();
    bool drawn = render_image(path, options_.width, options_.height, overlay, false);
    if (drawn && fetch_view_rows(true)) drawn = render_image(path, options_.width, options_.height, overlay, false);
    // RENEWMAP_TRACE=1: from the stop's view to its rows drawn, the image's read-back and
    // PNG left out (bench/postgis_bench.sh's pan figure).
    if (drawn && trace)
      std::fprintf(stderr, "renewmap: trace: slide drawn %.1f ms after the view moved\n",
                   (image_drawn_at_ - moved_at) * 1e3);
    if (drawn) {
      ++written;
      std::fprintf(stderr, "renewmap: wrote %s (%s)\n", path.c_str(), stops[i].name.c_str());
      sidecar["slides"].push_back(slide_json(model_, i, slide_name(i)));
    }
  }
  if (written > 0) {
    const std::string json_path = (fs::path(options_.export_slides) / "slides.json").string();
    if (auto ok = geo::write_file_atomic(json_path, sidecar.dump(2) + "\n"); !ok) {
      model_.report(Message::Level::Error, ok.error().what());
      return 1;
    }
    std::fprintf(stderr, "renewmap: wrote %s\n", json_path.c_str());
  }
  if (written == 0) return 1;
  return model_.failed_sources > 0 || written < stops.size() ? 2 : 0;
}

}  // namespace app
