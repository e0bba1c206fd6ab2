#include "app/shell/app.hpp"

#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/model/autosave.hpp"
#include "app/model/chart.hpp"
#include "app/model/project_io.hpp"
#include "app/model/visibility.hpp"
#include "app/model/walkthrough.hpp"
#include "app/ui/ui.hpp"
#include "embedded_uitext.hpp"
#include "geo/status.hpp"

namespace app {
namespace fs = std::filesystem;


std::string default_project_path(const char* argv0) {
  const fs::path rel = fs::path("assets") / "laoshan" / "laoshan.project.json";
  std::error_code ec;
  // Beside the executable's source tree first (build/app/renewmap → ../../assets), then
  // the installed tree (/usr/bin/renewmap → ../share/renewmap/assets), then the tree
  // the binary was built from. /proc/self/exe: argv0 is a bare name when found on PATH.
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::weakly_canonical(fs::path(argv0), ec);
  if (!exe.empty()) {
    exe = exe.parent_path();
    for (fs::path dir = exe; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      if (fs::exists(dir / rel, ec)) return (dir / rel).string();
    const fs::path installed = exe.parent_path() / "share" / "renewmap" / rel;
    if (fs::exists(installed, ec)) return installed.string();
  }
  return (fs::path(RENEWMAP_SOURCE_DIR) / rel).string();
}

App::App(Options options, std::string default_project)
    : options_(std::move(options)), default_project_(std::move(default_project)) {}

App::~App() {
  data_.reset();  // join workers before GL objects and the window go
  model_.layers.clear();
  gpu_ = GpuLayers();
  renderer_.reset();
}

int App::run() {
  for (const auto& [option, crs] : {std::pair{"--crs", options_.crs}, {"--source-crs", options_.source_crs}}) {
    if (crs.empty()) continue;
    auto info = geo::describe_crs(crs);
    if (!info) {
      std::fprintf(stderr, "renewmap: %s: %s\n", option, info.error().what().c_str());
      const bool writes_file =
          !options_.screenshot.empty() || !options_.export_slides.empty() || !options_.save_project.empty() ||
          !options_.export_video.empty() || !options_.report.empty();
      return writes_file ? 1 : 64;  // as a bad option (cli/options.cpp)
    }
  }
  if (!options_.chart.empty()) {
    model_.chart.visible = true;
    model_.chart.scope = options_.chart;
  }
  if (options_.swipe) {  // B is the starting date (intake), A left of the divider
    model_.swipe.on = true;
    model_.swipe.left = options_.swipe->first;
  }
  if (options_.info) return run_info();
  if (!options_.save_project.empty()) return run_save_project();
  if (!options_.export_slides.empty()) return run_export_slides();
  if (!options_.export_video.empty()) return run_export_video();
  if (!options_.report.empty()) return run_report();
  return options_.screenshot.empty() ? run_interactive() : run_screenshot();
}

bool App::open_window(bool visible) {
  std::string error;
  if (!window_.open(options_.width, options_.height, "renewmap", visible, error)) {
    model_.report(Message::Level::Error, error);
    return false;
  }
  content_scale_ = visible ? window_.content_scale() : 1.0f;
  settings_path_ = settings_path();
  const Settings settings = load_settings(settings_path_);
  user_scale_ = settings.ui_scale;
  model_.forms.open.recent = settings.recent;
  model_.view.ui_scale = content_scale_ * (visible ? user_scale_ : 1.0f);
  apply_style();
  // Fonts (fontconfig, a 20 MB CJK face) only when a UI will be drawn.
  if (visible || !options_.hide_ui) {
    const std::string font_warning =
        fonts_.init(body_font_px(options_.height, options_.present, !visible));
    if (!font_warning.empty()) model_.report(Message::Level::Warning, font_warning);
    for (std::string_view source : uitext::all) fonts_.require(source);
    for (int i = 0; i < geo::kStatusCount; ++i) fonts_.require(geo::status_label(static_cast<geo::Status>(i)));
  }
  renderer_ = std::make_unique<MapRenderer>();
  std::string shader_error;
  if (!renderer_->init(shader_error)) {
    model_.report(Message::Level::Error, "map shaders failed to build; the map cannot be drawn: " + shader_error);
    // Offscreen there is nothing to show without the map; a window keeps running
    // with its panels, the message, identify, search and --info-like panels.
    renderer_.reset();
    return visible;
  }
  if (options_.verbose) {
    const auto* name = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    std::fprintf(stderr, "renewmap: OpenGL %s, %s; features too small for their geometry: %s\n",
                 version ? version : "?", name ? name : "?", MapRenderer::small_features_path());
  }
  return true;
}

// The project from the command line, its display CRS, loading started.
void App::start_data(bool offscreen, bool keep_meshes) {
  data_ = std::make_unique<DataServices>(model_, offscreen, keep_meshes);
  data_->plan(intake());
  std::string title = model_.project.title.empty() ? "renewmap" : model_.project.title + " — renewmap";
  if (!model_.project.notice.empty()) title += " (" + model_.project.notice + ")";
  window_.set_title(title);
  data_->choose_display_crs(options_.crs);
  // A streamed table's first tiles are made for the view's pixels: the size is known
  // before the first frame.
  if (options_.width > 0 && options_.height > 0) model_.view.camera.set_viewport(options_.width, options_.height);
  if (auto t = geo::Transformer::create(model_.display_crs, "EPSG:4490")) to_lonlat_.emplace(std::move(*t));
  if (auto t = geo::Transformer::create(model_.display_crs, "EPSG:4549")) to_gk120_.emplace(std::move(*t));
  data_->start_loading(options_.extent);
}

Intake App::intake() const {
  Intake in;
  in.inputs = options_.inputs.empty() ? std::vector<std::string>{default_project_} : options_.inputs;
  in.source_crs = options_.source_crs;
  in.crs = options_.crs;
  in.allow_network = options_.allow_network;
  in.as_of = options_.swipe ? std::optional<geo::Day>(options_.swipe->second) : options_.as_of;
  return in;
}

void App::apply_commands() {
  if (commands_.empty()) return;
  std::vector<Command> now;
  now.swap(commands_);
  bool edits = false;
  const int stop = model_.current_bookmark;
  const geo::Day day = model_.clock.as_of;
  for (const Command& c : now) {
    dispatch(model_, *this, c);
    edits = edits || !moves_view_only(c);
  }
  if (edits) check_unsaved(model_);  // not on every frame of a drag
  // RENEWMAP_TRACE=1: each stop and date the person moved to (scripts follow a meeting).
  if (std::getenv("RENEWMAP_TRACE")) {
    const auto& stops = model_.project.bookmarks;
    if (model_.current_bookmark != stop && model_.current_bookmark >= 0 &&
        model_.current_bookmark < static_cast<int>(stops.size()))
      std::fprintf(stderr, "renewmap: trace: stop %d/%zu %s\n", model_.current_bookmark + 1, stops.size(),
                   stops[static_cast<size_t>(model_.current_bookmark)].name.c_str());
    if (model_.clock.as_of != day && !model_.clock.playing)
      std::fprintf(stderr, "renewmap: trace: as of %s%s\n",
                   model_.clock.as_of == geo::kNoDay ? "recorded" : geo::format_date(model_.clock.as_of).c_str(),
                   projected(model_.clock) ? " (projected from planned dates)" : "");
  }
}

void App::take_text() {
  for (const std::string& text : model_.new_text) fonts_.require(text);
  model_.new_text.clear();
}

// ImGui's light style, rounded, sized for the UI scale (from scratch: ScaleAllSizes
// multiplies whatever sizes the style already has).
void App::apply_style() {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 6.0f;
  style.FrameRounding = 3.0f;
  style.ScaleAllSizes(model_.view.ui_scale);
  ImGui::GetStyle() = style;
}

// Presenting: ui::presentation_body_px (32 px at 1080 lines, with the height); the
// user's UI scale may enlarge it for a far screen but not shrink it, and an offscreen
// export is the same whatever that setting is. At the desk: 16 px × scale.
float App::body_font_px(int framebuffer_height, bool presenting, bool offscreen) const {
  if (presenting) {
    const float base = ui::presentation_body_px(framebuffer_height);
    return offscreen ? base : base * std::max(1.0f, user_scale_);
  }
  return 16.0f * model_.view.ui_scale;
}

// Fullscreen switches and monitor moves reach the framebuffer a few frames later on
// some window systems: text follows the framebuffer height and the monitor's
// content scale (HiDPI) whenever they change.
void App::follow_window_size() {
  int w = 0, h = 0;
  window_.framebuffer_size(w, h);
  const float scale = window_.content_scale();
  if (scale != content_scale_) {
    content_scale_ = scale;
    model_.view.ui_scale = content_scale_ * user_scale_;
    apply_style();
    map_view_.invalidate();
  }
  if (h > 0) fonts_.set_size(body_font_px(h, model_.presenting || options_.present, false));
  // The camera is the framebuffer's size: a resize or fullscreen shows more map, the
  // centre and scale stay.
  if (w > 0 && h > 0) model_.view.camera.set_viewport(w, h);
  layout_changed_ = layout_changed_ || w != layout_w_ || h != layout_h_ || model_.presenting != layout_presenting_;
  layout_w_ = w;
  layout_h_ = h;
  layout_presenting_ = model_.presenting;
}

void App::presenting_changed() {
  window_.set_fullscreen(model_.presenting);
  follow_window_size();
}

void App::set_ui_scale(float scale) {
  user_scale_ = scale;
  model_.view.ui_scale = content_scale_ * user_scale_;
  apply_style();
  follow_window_size();
  save_settings();
}

void App::close_window() {
  close_confirmed_ = true;
  window_.request_close();
}

void App::save_settings() {
  const std::string problem = app::save_settings(settings_path_, Settings{user_scale_, model_.forms.open.recent});
  if (!problem.empty()) model_.report(Message::Level::Warning, problem);
}

int App::run_interactive() {
  if (!open_window(true)) return 1;
  // A session that ended without saving (a crash, a kill, a power cut) left its
  // project in the autosave: offer it back before loading anything.
  const std::vector<std::string> inputs =
      options_.inputs.empty() ? std::vector<std::string>{default_project_} : options_.inputs;
  autosave_path_ = model::autosave_file(inputs, model::autosave_dir());
  if (auto left = model::leftover_autosave(inputs, model::autosave_dir())) {
    if (offer_restore(left->path, left->saved_at)) {
      restored_ = true;
      options_.inputs = {left->path};
    } else if (!window_.should_close()) {
      model::discard_autosave(left->path);
    }
  }
  window_.take_key_presses();  // keys pressed at the restore question are not for the map
  start_data(false, renderer_ != nullptr);
  if (restored_) {
    // Saving goes where the project came from, not into the autosave folder.
    std::error_code ec;
    const bool one_project = inputs.size() == 1 && geo::looks_like_project(inputs[0]);
    model_.project.path = one_project ? fs::absolute(inputs[0], ec).string() : std::string();
    model_.report(Message::Level::Info, "restored the unsaved changes of the last session; save to keep them (Ctrl+S)");
  }
  // The embedded default project is the program's, not the person's: Save writes a new
  // project (renewmap.project.json in the working folder; Save As anywhere), never
  // into the installed or checked-out assets.
  if (inputs.size() == 1 && inputs[0] == default_project_) model_.project.path.clear();
  model_.view.camera.set_viewport(options_.width, options_.height);
  fit_initial_view(model_, options_.extent);
  bool start_bookmark_pending = !options_.bookmark.empty();
  if (options_.present) commands_.push_back(cmd::SetPresenting{true});
  last_frame_ = seconds_since_start();
  // RENEWMAP_TRACE=1: the longest gap between frames while loading (the UI must keep
  // drawing), printed when loading ends.
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  double longest_gap = 0.0;
  bool loading_traced = false;
  for (;;) {
    if (window_.should_close()) {
      if (!model_.unsaved || close_confirmed_) break;
      window_.cancel_close();  // unsaved changes: ask first
      ask_before_close_ = true;
    }
    const double start = seconds_since_start();
    const bool loading = !data_->idle();
    if (trace && !loading_traced) {
      if (start - last_frame_ > 0.1)
        std::fprintf(stderr, "renewmap: trace: frame gap %.0f ms at %.0f ms\n", (start - last_frame_) * 1000.0,
                     start * 1000.0);
      longest_gap = std::max(longest_gap, start - last_frame_);
      if (!loading && model_.loaded_layers + model_.failed_sources > 0) {
        std::fprintf(stderr, "renewmap: trace: loaded %zu layer(s) at %.0f ms; longest frame gap while loading %.0f ms\n",
                     model_.loaded_layers, start * 1000.0, longest_gap * 1000.0);
        loading_traced = true;
      }
    }
    // Spatial indexes (hover, identify) are built one layer a frame once the view
    // has been still for a second: ~70 ms for a million features, never mid-drag.
    if (!loading && !model_.view.dragging && start - model_.view.last_change > 1.0)
      for (const MapLayer& l : model_.layers)
        if (l.visible && !l.index) {
          l.spatial_index();
          break;
        }
    data_->watch_sources();
    data_->refresh_databases();
    data_->stream_by_view();
    data_->fetch_selected_rows();
    // The statistics panel's counts in view, once the view has settled.
    if (!model_.view.dragging && !model_.view.fly && start - model_.view.last_change > 0.3)
      update_view_counts(model_.layers, model_.stats_in_view, model_.view.camera.visible_extent());
    // An area's burn-up counts the rows inside it: a streamed table's come whole.
    if (model_.chart.visible || !model_.chart.stop_scope.empty())
      if (const auto area = chart_area(model_, shown_scope(model_)))
        data_->fetch_rows_whole(model_.layers[area->first].data.feature_bounds(area->second));
    const bool busy = loading || model_.view.fly || model_.clock.playing || data_->warping() || film_ || pending_video_ || pending_report_;
    platform::wait_events(busy || ImGui::IsMouseDown(ImGuiMouseButton_Left) ? 0.0 : 0.25);
    const double poll_start = seconds_since_start();
    for (Command& c : data_->poll()) commands_.push_back(std::move(c));
    // The baseline for "unsaved changes": the project once everything has loaded.
    if (model_.saved_state.empty() && data_->idle() && model_.loaded_layers + model_.failed_sources > 0) {
      if (restored_) {
        model_.saved_state = "(restored from the autosave, not saved)";
        model_.unsaved = true;
      } else {
        mark_saved(model_);
      }
    }
    autosave_if_due();
    if (trace && seconds_since_start() - poll_start > 0.02)
      std::fprintf(stderr, "renewmap: trace: taking loaded layers %.0f ms\n", (seconds_since_start() - poll_start) * 1000.0);
    if (start_bookmark_pending && data_->idle()) {
      start_bookmark_pending = false;
      const int i = find_bookmark(model_.project, options_.bookmark);
      if (i >= 0) go_to_bookmark(model_, static_cast<size_t>(i), false);
      else model_.report(Message::Level::Error, "no bookmark '" + options_.bookmark + "' in the project");
    }
    for (Command& c : data_->take_dropped(window_.take_dropped_paths())) commands_.push_back(std::move(c));
    apply_commands();
    start_pending_exports();  // the buttons' film and report, outside an ImGui frame
    advance_film();
    const double t = seconds_since_start();
    advance_animations(t - last_frame_);
    last_frame_ = t;
    follow_window_size();
    take_text();
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_input();
    apply_commands();  // the view follows the hand in this very frame
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    if (w > 0 && h > 0) {
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      draw_frame(model_.view.camera, FrameLook{w, h, false, model_.presenting, model_.view.ui_scale});
    }
    draw_ui(model_.view.camera, model_.presenting, false);
    // What the overlays cover, for framing bookmarks and Home into the rest.
    set_covered(model_, covered_pixels(), layout_changed_);
    layout_changed_ = false;
    ask_before_close_ = false;
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window_.swap();
  }
  if (!model_.unsaved) discard_autosave();  // a clean end leaves nothing to restore
  return 0;
}

}  // namespace app
