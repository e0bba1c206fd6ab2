#include "app/app.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cfloat>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/ui/panels.hpp"
#include "embedded_uitext.hpp"
#include "geo/image.hpp"
#include "geo/reader.hpp"

namespace app {
namespace fs = std::filesystem;

namespace {

const auto g_start = std::chrono::steady_clock::now();

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// How long --screenshot waits for data before drawing what it has (never hang).
constexpr double kScreenshotLoadLimitSeconds = 1800.0;

}  // namespace

std::string default_project_path(const char* argv0) {
  const fs::path rel = fs::path("assets") / "laoshan" / "laoshan.project.json";
  std::error_code ec;
  // Beside the executable's source tree first (build/app/renewmap → ../../assets), then
  // the tree the binary was built from.
  if (argv0) {
    const fs::path exe = fs::weakly_canonical(fs::path(argv0), ec).parent_path();
    for (fs::path dir = exe; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      if (fs::exists(dir / rel, ec)) return (dir / rel).string();
  }
  return (fs::path(RENEWMAP_SOURCE_DIR) / rel).string();
}

App::App(Options options, std::string default_project)
    : options_(std::move(options)), default_project_(std::move(default_project)) {}

App::~App() {
  loader_.reset();  // join workers before GL objects and the window go
  layers_.clear();
  renderer_.reset();
}

double App::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count();
}

void App::report(Message::Level level, const std::string& text) {
  const char* tag = level == Message::Level::Error ? "error" : level == Message::Level::Warning ? "warning" : "info";
  std::fprintf(stderr, "renewmap: %s: %s\n", tag, text.c_str());
  if (messages_.size() > 500) messages_.erase(messages_.begin());
  messages_.push_back({level, text, now()});
  fonts_.require(text);
}

bool App::open_window(bool visible) {
  std::string error;
  std::string title = "renewmap";
  if (!window_.open(options_.width, options_.height, title, visible, error)) {
    report(Message::Level::Error, error);
    return false;
  }
  ui_scale_ = visible ? window_.content_scale() : 1.0f;
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.WindowRounding = 6.0f;
  style.FrameRounding = 3.0f;
  style.ScaleAllSizes(ui_scale_);
  // Fonts (fontconfig, a 20 MB CJK face) only when a UI will be drawn.
  if (visible || !options_.hide_ui) {
    const std::string font_warning = fonts_.init(16.0f * ui_scale_);
    if (!font_warning.empty()) report(Message::Level::Warning, font_warning);
    fonts_.require(uitext::panels_cpp);
    fonts_.require(uitext::app_cpp);
    for (int i = 0; i < geo::kStatusCount; ++i) fonts_.require(geo::status_label(static_cast<geo::Status>(i)));
  }
  renderer_ = std::make_unique<MapRenderer>();
  std::string shader_error;
  if (!renderer_->init(shader_error)) {
    report(Message::Level::Error, "map shaders failed to build; the map cannot be drawn: " + shader_error);
    return false;
  }
  gl_ok_ = true;
  return true;
}

void App::plan() {
  std::vector<std::string> inputs = options_.inputs;
  if (inputs.empty()) inputs.push_back(default_project_);
  bool have_project = false;
  for (const std::string& input : inputs) {
    if (geo::looks_like_project(input)) {
      auto p = geo::load_project(input);
      if (!p) {
        report(Message::Level::Error, p.error().what());
        ++failed_sources_;
        continue;
      }
      for (const std::string& w : p->warnings) report(Message::Level::Warning, "'" + input + "': " + w);
      if (!have_project) {
        const auto layers = std::move(project_.layers);
        project_ = std::move(*p);
        project_.layers.insert(project_.layers.begin(), layers.begin(), layers.end());
        have_project = true;
      } else {
        project_.layers.insert(project_.layers.end(), p->layers.begin(), p->layers.end());
      }
    } else {
      const geo::SourceSpec spec = geo::parse_source_spec(input);
      geo::LayerConfig lc;
      lc.source = spec.path;
      lc.layer = spec.layer;
      project_.layers.push_back(lc);
    }
  }
  fonts_.require(project_.title);
  fonts_.require(project_.notice);
  std::string title = project_.title.empty() ? "renewmap" : project_.title + " — renewmap";
  if (!project_.notice.empty()) title += " (" + project_.notice + ")";
  window_.set_title(title);
}

void App::choose_display_crs() {
  if (!options_.crs.empty()) {
    display_crs_ = options_.crs;  // validated in run()
  } else if (!project_.crs.empty()) {
    if (geo::describe_crs(project_.crs)) {
      display_crs_ = project_.crs;
    } else {
      report(Message::Level::Warning, "'" + project_.path + "': display CRS '" + project_.crs +
                                          "' is unknown to PROJ; choosing one from the data");
    }
  }
  // From the data: the first layer that has a CRS decides.
  for (size_t i = 0; display_crs_.empty() && i < project_.layers.size(); ++i) {
    auto infos = geo::inspect_source({project_.layers[i].source, project_.layers[i].layer});
    if (!infos) continue;
    for (const geo::LayerInfo& info : *infos) {
      if (info.crs.empty()) continue;
      display_crs_ = geo::suggest_display_crs(info.crs, info.extent);
      break;
    }
  }
  if (display_crs_.empty()) display_crs_ = "EPSG:3857";
  if (auto t = geo::Transformer::create(display_crs_, "EPSG:4490")) to_lonlat_.emplace(std::move(*t));
}

void App::start_loading() {
  loader_ = std::make_unique<Loader>(2);
  for (size_t i = 0; i < project_.layers.size(); ++i) loader_->submit(i, project_.layers[i], display_crs_);
}

void App::refresh_state(MapLayer& l) {
  const size_t n = l.data.feature_count();
  l.state.assign(2 * n, 0);
  for (size_t f = 0; f < n; ++f) {
    l.state[2 * f] = static_cast<uint8_t>(l.classes.status[f]);
    l.state[2 * f + 1] = kFlagVisible;
  }
  l.gpu.set_state(l.state);
  l.state_dirty = false;
  map_view_.invalidate();
}

void App::poll_loader() {
  if (!loader_) return;
  for (LoadResult& r : loader_->take_finished()) {
    for (const geo::Error& e : r.errors) {
      report(Message::Level::Error, e.what());
      ++failed_sources_;
    }
    for (const geo::Error& w : r.warnings) report(Message::Level::Warning, w.what());
    const bool several = r.layers.size() > 1;
    for (LoadedLayer& loaded : r.layers) {
      MapLayer l;
      l.slot = r.slot;
      l.config = r.config;
      l.title = r.config.title.empty() ? loaded.data.name
                                       : (several ? r.config.title + " · " + loaded.data.name : r.config.title);
      l.visible = r.config.visible;
      l.opacity = r.config.style.opacity;
      l.data = std::move(loaded.data);
      l.classes = std::move(loaded.classes);
      if (gl_ok_) {
        l.gpu.upload(std::move(loaded.mesh), l.data.feature_count());
        refresh_state(l);
      }
      fonts_.require(l.title);
      // Draw order follows the project, whatever order the workers finish in.
      auto pos = std::find_if(layers_.begin(), layers_.end(), [&](const MapLayer& x) { return x.slot > l.slot; });
      layers_.insert(pos, std::move(l));
      ++loaded_layers_;
      map_view_.invalidate();
    }
  }
  if (!view_set_by_user_ && !options_.extent && !project_.extent) fit_initial_view();
}

geo::Bbox App::data_bounds() const {
  geo::Bbox b;
  for (const MapLayer& l : layers_)
    if (l.visible) b.add(l.data.bounds);
  if (b.empty())
    for (const MapLayer& l : layers_) b.add(l.data.bounds);
  return b;
}

void App::fit_initial_view() {
  if (options_.extent) {
    camera_.fit(*options_.extent, 0.0);
  } else if (project_.extent) {
    camera_.fit(*project_.extent, 0.0);
  } else {
    const geo::Bbox b = data_bounds();
    if (b.empty()) return;
    camera_.fit(b, 0.03);
  }
  view_initialised_ = true;
}

void App::apply(const Command& c) {
  map_view_.invalidate();
  std::visit(Overloaded{
                 [&](const cmd::SetVisible& x) {
                   if (x.layer < layers_.size()) layers_[x.layer].visible = x.visible;
                 },
                 [&](const cmd::SetOpacity& x) {
                   if (x.layer < layers_.size()) layers_[x.layer].opacity = std::clamp(x.opacity, 0.0f, 1.0f);
                 },
                 [&](const cmd::MoveLayer& x) {
                   const long to = static_cast<long>(x.layer) + x.delta;
                   if (x.layer < layers_.size() && to >= 0 && to < static_cast<long>(layers_.size()))
                     std::swap(layers_[x.layer], layers_[static_cast<size_t>(to)]);
                 },
                 [&](const cmd::ZoomToLayer& x) {
                   if (x.layer < layers_.size() && !layers_[x.layer].data.bounds.empty()) {
                     camera_.fit(layers_[x.layer].data.bounds, 0.05);
                     view_set_by_user_ = true;
                   }
                 },
                 [&](const cmd::ZoomAll&) {
                   const geo::Bbox b = data_bounds();
                   if (!b.empty()) camera_.fit(b, 0.03);
                   view_set_by_user_ = true;
                 },
                 [&](const cmd::ClearMessages&) { messages_.clear(); },
             },
             c);
}

void App::handle_input() {
  const double cx = camera_.center_x(), cy = camera_.center_y(), res = camera_.resolution();
  handle_view_input();
  if (cx != camera_.center_x() || cy != camera_.center_y() || res != camera_.resolution()) last_view_change_ = now();
}

void App::handle_view_input() {
  ImGuiIO& io = ImGui::GetIO();
  const double sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  const double sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0;
  const ScreenPoint mouse{io.MousePos.x * sx, io.MousePos.y * sy};
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging_ = !io.WantCaptureMouse;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_ = false;
  if (dragging_ && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
    camera_.pan_pixels(io.MouseDelta.x * sx, io.MouseDelta.y * sy);
    view_set_by_user_ = true;
  }
  if (!io.WantCaptureMouse && io.MouseWheel != 0.0f) {
    camera_.zoom_about(mouse, std::pow(1.25, io.MouseWheel));
    view_set_by_user_ = true;
  }
  if (io.WantTextInput) return;
  const ScreenPoint centre{camera_.width() * 0.5, camera_.height() * 0.5};
  const double step = 0.25 * std::min(camera_.width(), camera_.height());
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
  bool moved = true;
  if (pressed(GLFW_KEY_KP_ADD) || pressed(GLFW_KEY_EQUAL)) camera_.zoom_about(centre, 1.5);
  else if (pressed(GLFW_KEY_KP_SUBTRACT) || pressed(GLFW_KEY_MINUS)) camera_.zoom_about(centre, 1.0 / 1.5);
  else if (pressed(GLFW_KEY_LEFT)) camera_.pan_pixels(step, 0);
  else if (pressed(GLFW_KEY_RIGHT)) camera_.pan_pixels(-step, 0);
  else if (pressed(GLFW_KEY_UP)) camera_.pan_pixels(0, step);
  else if (pressed(GLFW_KEY_DOWN)) camera_.pan_pixels(0, -step);
  else if (pressed(GLFW_KEY_HOME)) commands_.push_back(cmd::ZoomAll{});
  else moved = false;
  if (moved) view_set_by_user_ = true;
}

void App::render_frame(int fb_w, int fb_h, bool offscreen) {
  camera_.set_viewport(fb_w, fb_h);
  std::vector<LayerDraw> draws;
  for (MapLayer& l : layers_) {
    if (!l.visible) continue;
    if (l.state_dirty) refresh_state(l);
    LayerDraw d;
    d.gpu = &l.gpu;
    d.state = &l.state;
    d.style.style = l.config.style;
    d.style.style.opacity = l.opacity;
    d.style.use_status = l.has_status();
    d.style.pixel_scale = ui_scale_;
    draws.push_back(d);
  }
  if (offscreen) {
    draw_layers(*renderer_, camera_, draws, geo::background_colour());
  } else {
    const bool settled = !dragging_ && now() - last_view_change_ > 0.15;
    map_view_.draw(*renderer_, camera_, draws, settled, geo::background_colour());
  }
}

void App::build_ui(int width, int height, bool offscreen) {
  ImGuiIO& io = ImGui::GetIO();
  UiView view{layers_, messages_, project_.title, project_.notice, display_crs_};
  view.now = now();
  view.ui_scale = ui_scale_;
  view.loading_jobs = loader_ ? loader_->pending() : 0;
  view.features_read = loader_ ? loader_->features_read() : 0;
  if (!offscreen && !io.WantCaptureMouse && io.MousePos.x > -FLT_MAX / 2) {
    const MapPoint m = camera_.screen_to_map(
        {io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y});
    view.cursor_valid = true;
    view.cursor_x = m.x;
    view.cursor_y = m.y;
    if (to_lonlat_) {
      double x = m.x, y = m.y;
      view.cursor_lonlat_valid = to_lonlat_->transform_point(x, y);
      view.cursor_lon = x;
      view.cursor_lat = y;
    }
  }
  // Scale at the view centre: metres per pixel over the 0.28 mm standard pixel.
  double metres_per_px = camera_.resolution();
  if (to_lonlat_) {
    double x0 = camera_.center_x(), y0 = camera_.center_y();
    double x1 = x0 + camera_.resolution(), y1 = y0;
    if (to_lonlat_->transform_point(x0, y0) && to_lonlat_->transform_point(x1, y1)) {
      const double kDeg = 111319.49;  // metres per degree on the equator (GRS80 approx.)
      const double dx = (x1 - x0) * kDeg * std::cos(y0 * M_PI / 180.0), dy = (y1 - y0) * kDeg;
      metres_per_px = std::hypot(dx, dy);
    }
  }
  view.scale_denominator = metres_per_px / 0.00028 / ui_scale_;
  (void)width;
  (void)height;

  ui::Fonts f{fonts_.body(), fonts_.title()};
  ui::draw_title(view, f);
  ui::draw_legend(view);
  if (!offscreen || !options_.hide_ui) {
    ui::draw_layers_panel(view, commands_);
    ui::draw_status_bar(view);
    ui::draw_messages(view, commands_);
  }
}

int App::run() {
  geo::init_gdal();
  if (!options_.crs.empty()) {
    auto info = geo::describe_crs(options_.crs);
    if (!info) {
      std::fprintf(stderr, "renewmap: --crs: %s\n", info.error().what().c_str());
      return 64;
    }
  }
  return options_.screenshot.empty() ? run_interactive() : run_screenshot();
}

int App::run_interactive() {
  if (!open_window(true)) return 1;
  plan();
  choose_display_crs();
  start_loading();
  camera_.set_viewport(options_.width, options_.height);
  fit_initial_view();
  while (!window_.should_close()) {
    const bool busy = loader_ && !loader_->idle();
    platform::wait_events(busy || ImGui::IsMouseDown(ImGuiMouseButton_Left) ? 0.0 : 0.25);
    poll_loader();
    for (const Command& c : commands_) apply(c);
    commands_.clear();
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_input();
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    if (w > 0 && h > 0) {
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      render_frame(w, h, false);
    }
    build_ui(w, h, false);
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window_.swap();
  }
  return 0;
}

int App::run_screenshot() {
  // RENEWMAP_TRACE=1 prints how long each phase took (for benchmarks).
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  auto phase = [&, last = now()](const char* name) mutable {
    if (trace) std::fprintf(stderr, "renewmap: trace: %-12s %7.1f ms\n", name, (now() - last) * 1000.0);
    last = now();
  };
  if (!open_window(false)) return 1;
  phase("window");
  plan();
  choose_display_crs();
  phase("plan");
  start_loading();
  const double deadline = now() + kScreenshotLoadLimitSeconds;
  while (!loader_->idle() && now() < deadline) {
    loader_->wait_for_result(100);
    poll_loader();
  }
  poll_loader();
  if (!loader_->idle()) {
    report(Message::Level::Error, "loading did not finish within the time limit; drawing what has loaded");
    ++failed_sources_;
  }
  if (loaded_layers_ == 0 && failed_sources_ > 0) {
    report(Message::Level::Error, "nothing could be drawn; no PNG written to '" + options_.screenshot + "'");
    return 1;
  }
  phase("load");
  camera_.set_viewport(options_.width, options_.height);
  fit_initial_view();

  gl::RenderTarget target;
  std::string error;
  if (!target.create(options_.width, options_.height, error)) {
    report(Message::Level::Error, "'" + options_.screenshot + "': " + error);
    return 1;
  }
  // Without the UI one frame is enough; ImGui needs a few to size its windows.
  const int frames = options_.hide_ui ? 1 : 3;
  for (int i = 0; i < frames; ++i) {
    target.bind();
    render_frame(options_.width, options_.height, true);
    if (options_.hide_ui) continue;
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(options_.width), static_cast<float>(options_.height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    build_ui(options_.width, options_.height, true);
    ImGui::Render();
    target.bind();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  glFinish();
  phase("render");
  std::vector<uint8_t> pixels(static_cast<size_t>(options_.width) * options_.height * 4);
  target.read_rgba(pixels.data());
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque image
  auto written = geo::write_png(options_.screenshot, pixels.data(), options_.width, options_.height);
  if (!written) {
    report(Message::Level::Error, written.error().what());
    return 1;
  }
  phase("png");
  std::fprintf(stderr, "renewmap: wrote %s (%dx%d, %zu layer(s) drawn%s)\n", options_.screenshot.c_str(),
               options_.width, options_.height, loaded_layers_,
               failed_sources_ ? ", some failed: see the errors above" : "");
  return failed_sources_ > 0 ? 2 : 0;
}

}  // namespace app
