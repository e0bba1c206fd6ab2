// One frame: animations, the map (to the window or into an image), the view model the
// panels read, the UI.
#include <glad/gl.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "app/model/clock.hpp"
#include "app/model/identify.hpp"
#include "app/shell/app.hpp"
#include "app/ui/overlay/overlay.hpp"
#include "app/ui/ui.hpp"
#include "geo/image.hpp"
#include "geo/style.hpp"

namespace app {

void App::advance_animations(double dt) {
  ViewState& v = model_.view;
  if (v.fly) {
    const double t = seconds_since_start() - v.fly_start;
    app::apply(v.fly->at_time(t, v.fly_seconds), v.camera);
    v.last_change = seconds_since_start();
    if (t >= v.fly_seconds) finish_flight(model_);
  }
  advance_clock(model_, dt);
}

void App::draw_frame(const Camera& camera, const FrameLook& look) {
  if (!renderer_) {  // the shaders failed (said in the messages): a plain background
    const geo::Rgba bg = geo::background_colour();
    glViewport(0, 0, look.width, look.height);
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  // Basemaps under the vectors; warped again when the view has settled (while it
  // moves the last image is drawn where it belongs on the map).
  const ViewState& v = model_.view;
  const bool settled = !v.dragging && !v.fly && seconds_since_start() - v.last_change > 0.15;
  if (look.offscreen || settled) data_->update_basemaps(look.offscreen);
  gpu_.sync(model_);
  if (model_.map_changed) map_view_.invalidate();
  model_.map_changed = false;
  const std::vector<LayerDraw> draws = layer_draws(model_, gpu_, look);
  if (model_.swipe.on) {  // two dates, one map: each side drawn whole under a scissor
    draw_swipe(camera, look, draws);
    map_view_.invalidate();
    return;
  }
  if (look.offscreen) {
    draw_layers(*renderer_, camera, draws, geo::background_colour());
    map_view_.invalidate();  // the window's cache is for the window's camera
    return;
  }
  const FrameInfo info = map_view_.draw(*renderer_, camera, draws, settled, geo::background_colour());
  if (info.redrawn && !pieces_traced_ && std::getenv("RENEWMAP_TRACE") &&
      std::any_of(model_.layers.begin(), model_.layers.end(),
                  [](const MapLayer& l) { return l.arriving && !l.previews.empty(); })) {
    std::fprintf(stderr, "renewmap: trace: a table's first rows drawn at %.0f ms (its first read's pieces)\n",
                 seconds_since_start() * 1e3);
    pieces_traced_ = true;
  }
  if (info.redrawn && info.redraw_ms > 50.0 && std::getenv("RENEWMAP_TRACE"))
    std::fprintf(stderr, "renewmap: trace: map redraw %.0f ms (%zu painted, %zu triangles, %zu built)\n",
                 info.redraw_ms, info.stats.painted, info.stats.triangles, info.stats.built);
}

void App::draw_swipe(const Camera& camera, const FrameLook& look, const std::vector<LayerDraw>& right) {
  update_swipe(model_);
  const SwipeState& sw = model_.swipe;
  const int split = std::clamp(static_cast<int>(std::lround(sw.divider * look.width)), 0, look.width);
  // The left side: the same layers on date A. The GPU derives its statuses from the
  // day uniform; the CPU painter (software GL) is given A's state bytes for this pass.
  const bool cpu_statuses = !MapRenderer::small_features_on_gpu();
  std::vector<LayerDraw> left = right;
  for (LayerDraw& d : left) {
    if (!d.gpu) continue;
    if (d.preview) {  // its state bytes are of date B only: date A's side waits for the merged rows
      d.gpu = nullptr;
      continue;
    }
    const MapLayer* l = nullptr;
    size_t index = 0;
    for (size_t i = 0; i < model_.layers.size(); ++i)
      if (&model_.layers[i].data == d.data) l = &model_.layers[i], index = i;
    if (!l) continue;
    d.style.dated = sw.left != geo::kNoDay && l->timeline.has_dates;
    d.style.day = sw.left;
    if (cpu_statuses && index < sw.state.size() && sw.state[index].size() == l->state.size()) {
      d.state = &sw.state[index];
      d.gpu->set_state(sw.state[index]);
    }
  }
  glEnable(GL_SCISSOR_TEST);
  glScissor(0, 0, split, look.height);
  draw_layers(*renderer_, camera, left, geo::background_colour());
  if (cpu_statuses)  // B's bytes back for the right side
    for (const LayerDraw& d : right)
      if (d.gpu && d.state) d.gpu->set_state(*d.state);
  glScissor(split, 0, look.width - split, look.height);
  draw_layers(*renderer_, camera, right, geo::background_colour());
  // The divider: a white line with a dark edge, visible on any map.
  const int w = std::max(2, static_cast<int>(std::lround(3.0f * std::max(1.0f, look.height / 1080.0f))));
  glScissor(split - w / 2 - 1, 0, w + 2, look.height);
  glClearColor(0.15f, 0.2f, 0.25f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glScissor(split - w / 2, 0, w, look.height);
  glClearColor(1.0f, 1.0f, 1.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
}

UiView App::make_view(const Camera& camera, bool presenting, bool offscreen) const {
  ImGuiIO& io = ImGui::GetIO();
  const Model& m = model_;
  UiView view(m);
  view.basemaps = &m.basemaps;
  view.now = seconds_since_start();
  view.ui_scale = m.view.ui_scale;
  view.loading_jobs = data_ ? data_->pending() : 0;
  view.features_read = data_ ? data_->features_read() : 0;
  if (data_ && !offscreen) view.jobs = data_->progress();
  if (!offscreen) view.film = film_progress();
  view.as_of = m.clock.as_of;
  view.min_day = m.clock.min_day;
  view.max_day = m.clock.max_day;
  view.data_as_of = m.clock.data_as_of;
  view.projected = projected(m.clock);
  view.play_projection = m.clock.play_projection;
  view.playing = m.clock.playing;
  view.days_per_second = m.clock.days_per_second;
  view.bookmarks = &m.project.bookmarks;
  view.current_bookmark = m.current_bookmark;
  if (m.current_bookmark >= 0 && m.current_bookmark < static_cast<int>(m.project.bookmarks.size()))
    view.caption = m.project.bookmarks[static_cast<size_t>(m.current_bookmark)].caption;
  view.project_path = m.project.path;
  view.unsaved = m.unsaved;
  view.ask_before_close = ask_before_close_;
  view.presenting = presenting;
  view.offscreen = offscreen;
  view.hidden_statuses = m.hidden_statuses;
  view.measure = &m.measure;
  if (!offscreen && !io.WantCaptureMouse && io.MousePos.x > -FLT_MAX / 2) {
    const ScreenPoint mouse{io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y};
    const MapPoint p = camera.screen_to_map(mouse);
    view.cursor_valid = true;
    view.cursor_x = p.x;
    view.cursor_y = p.y;
    if (!m.view.dragging && !m.view.fly && !m.measure.on) {
      // Hover uses only indexes already built (the loop builds them when idle).
      const auto hits = hits_at(m, p, 4.0 * m.view.ui_scale * camera.resolution(), false);
      if (!hits.empty()) {
        view.hover_layer = &m.layers[hits.front().first];
        view.hover_feature = hits.front().second.feature;
      }
    }
    if (to_lonlat_) {
      double x = p.x, y = p.y;
      view.cursor_lonlat_valid = to_lonlat_->transform_point(x, y);
      view.cursor_lon = x;
      view.cursor_lat = y;
    }
    if (to_gk120_) {
      double x = p.x, y = p.y;
      view.cursor_gk_valid = to_gk120_->transform_point(x, y);
      view.cursor_gk_x = x;
      view.cursor_gk_y = y;
    }
  }
  // Metres per framebuffer pixel at the view centre (geodesic enough for a scale bar).
  double metres_per_px = camera.resolution();
  if (to_lonlat_) {
    double x0 = camera.center_x(), y0 = camera.center_y();
    double x1 = x0 + camera.resolution(), y1 = y0;
    if (to_lonlat_->transform_point(x0, y0) && to_lonlat_->transform_point(x1, y1)) {
      const double kDeg = 111319.49;  // metres per degree on the equator (GRS80 approx.)
      const double dx = (x1 - x0) * kDeg * std::cos(y0 * M_PI / 180.0), dy = (y1 - y0) * kDeg;
      metres_per_px = std::hypot(dx, dy);
    }
  }
  const double fb_scale = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  view.map_scale_m_per_px = metres_per_px * fb_scale;  // per UI pixel
  view.scale_denominator = metres_per_px / 0.00028 / m.view.ui_scale;
  view.view_extent = camera.visible_extent();
  return view;
}

void App::draw_ui(const Camera& camera, bool presenting, bool offscreen) {
  update_chart(model_);  // the burn-up series, when its scope or data changed
  const UiView view = make_view(camera, presenting, offscreen);
  if (view.hover_layer && view.hover_layer->classes.name_field >= 0)
    fonts_.require(view.hover_layer->data.attributes.get(view.hover_feature,
                                                         static_cast<size_t>(view.hover_layer->classes.name_field)));
  ui::draw_ui(view, camera, ui::Fonts{ui_fonts_->body(), ui_fonts_->title()}, model_.forms, commands_);
}

std::vector<PixelRect> App::covered_pixels() const {
  const ImGuiIO& io = ImGui::GetIO();
  const double sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  const double sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0;
  std::vector<PixelRect> out;
  for (const ui::ScreenRect& r : ui::window_rects(true)) out.push_back({r.x0 * sx, r.y0 * sy, r.x1 * sx, r.y1 * sy});
  return out;
}

bool App::render_image(const std::string& path, int width, int height, bool overlay, bool panels) {
  gl::RenderTarget target;
  std::string error;
  if (!target.create(width, height, error)) {
    model_.report(Message::Level::Error, "'" + path + "': " + error);
    return false;
  }
  Camera camera = image_camera(width, height);
  std::vector<uint8_t> pixels;
  draw_offscreen(target, camera, overlay, panels, offscreen_warmup(overlay || panels), true, pixels);
  last_image_camera_ = camera;
  auto written = geo::write_png(path, pixels.data(), width, height);
  if (!written) {
    model_.report(Message::Level::Error, written.error().what());
    return false;
  }
  return true;
}

Camera App::image_camera(int width, int height) const {
  // The same view at the asked size: the visible width is kept, not upscaled.
  const Camera& live = model_.view.camera;
  Camera camera = live;
  camera.set_viewport(width, height);
  camera.set(live.center_x(), live.center_y(), live.resolution() * live.width() / width);
  return camera;
}

int App::offscreen_warmup(bool ui) const {
  // ImGui needs a couple of frames to size auto-sized windows, and a framed extent
  // one more to move clear of them.
  return ui ? (model_.view.framed ? 4 : 3) : 1;
}

void App::draw_offscreen(gl::RenderTarget& target, Camera& camera, bool overlay, bool panels, int frames,
                         bool frame_extent, std::vector<uint8_t>& pixels) {
  const int width = target.width(), height = target.height();
  const bool ui = overlay || panels;
  const FrameLook look{width, height, true, overlay || options_.present, 1.0f};
  take_text();
  // The image's own ImGui context and atlas (platform/offscreen_ui.hpp).
  if (ui) {
    const ImGuiStyle style = ImGui::GetStyle();
    offscreen_ui_.enter(fonts_, style);
    offscreen_ui_.fonts().set_size(body_font_px(height, overlay, true));
    ui_fonts_ = &offscreen_ui_.fonts();
  }
  for (int i = 0; i < frames; ++i) {
    target.bind();
    draw_frame(camera, look);
    if (!ui) continue;
    offscreen_ui_.fonts().update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGuiIO& io = ImGui::GetIO();  // (no GLFW backend here: an image has no mouse)
    io.DeltaTime = 1.0f / 30.0f;
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    std::vector<Command> ignored;  // an image has nobody to click
    ignored.swap(commands_);
    draw_ui(camera, overlay, true);
    ignored.swap(commands_);
    // A framed extent (a slide's bookmark) goes where this image's overlays leave room.
    if (const auto& framed = model_.view.framed; framed && frame_extent)
      frame_into(camera, covered_pixels(), framed->extent, framed->margin);
    ImGui::Render();
    target.bind();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  glFinish();
  image_drawn_at_ = seconds_since_start();
  pixels.resize(static_cast<size_t>(width) * height * 4);
  target.read_rgba(pixels.data());
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque image
  if (ui) {
    ui_fonts_ = &fonts_;
    offscreen_ui_.leave();
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  map_view_.invalidate();
}

bool App::export_view(const std::string& path, int width, int height) {
  return render_image(path, width, height, true, false);
}

}  // namespace app
