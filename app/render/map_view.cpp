#include "app/render/map_view.hpp"

#include <chrono>

namespace app {

DrawStats draw_layers(MapRenderer& renderer, const Camera& camera, const std::vector<LayerDraw>& layers,
                      geo::Rgba background, double budget_ms) {
  renderer.begin_frame(camera, background);
  DrawStats total;
  const double sx = 2.0 / (camera.resolution() * camera.width());
  const double sy = 2.0 / (camera.resolution() * camera.height());
  for (const LayerDraw& l : layers) {
    if (l.image && !l.image_extent.empty()) {
      const geo::Bbox& e = l.image_extent;
      renderer.draw_image(l.image, static_cast<float>((e.min_x - camera.center_x()) * sx),
                          static_cast<float>((e.min_y - camera.center_y()) * sy),
                          static_cast<float>((e.max_x - camera.center_x()) * sx),
                          static_cast<float>((e.max_y - camera.center_y()) * sy), true, l.image_opacity);
    } else if (l.gpu && l.state) {
      total.add(renderer.draw(*l.gpu, l.style, camera, *l.state, l.data, budget_ms));
    }
  }
  return total;
}

FrameInfo MapView::draw(MapRenderer& renderer, const Camera& camera, const std::vector<LayerDraw>& layers,
                        bool settled, geo::Rgba background) {
  FrameInfo info;
  GLint target = 0;
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &target);
  const bool resized = !valid_ || cache_.width() != camera.width() || cache_.height() != camera.height();
  const bool moved = cached_.center_x() != camera.center_x() || cached_.center_y() != camera.center_y() ||
                     cached_.resolution() != camera.resolution();
  if (resized) {
    std::string error;
    valid_ = cache_.create(camera.width(), camera.height(), error);
  }
  if (!valid_) {  // no offscreen target: draw directly
    glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(target));
    info.stats = draw_layers(renderer, camera, layers, background, kBuildBudgetMs);
    info.redrawn = true;
    return info;
  }
  if (resized || dirty_ || (moved && (settled || last_redraw_ms_ < kCheapRedrawMs))) {
    const auto t0 = std::chrono::steady_clock::now();
    cache_.bind();
    info.stats = draw_layers(renderer, camera, layers, background, kBuildBudgetMs);
    glFinish();
    last_redraw_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    info.redrawn = true;
    info.redraw_ms = last_redraw_ms_;
    cached_ = camera;
    dirty_ = info.stats.pending > 0;  // geometry still to build: draw again next frame
  }
  // The cached image covers cached_'s extent; place it in the current view.
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(target));
  glViewport(0, 0, camera.width(), camera.height());
  glClearColor(background.r / 255.0f, background.g / 255.0f, background.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  const geo::Bbox e = cached_.visible_extent();
  const double sx = 2.0 / (camera.resolution() * camera.width());
  const double sy = 2.0 / (camera.resolution() * camera.height());
  glDisable(GL_BLEND);
  renderer.draw_image(cache_.texture(), static_cast<float>((e.min_x - camera.center_x()) * sx),
                      static_cast<float>((e.min_y - camera.center_y()) * sy),
                      static_cast<float>((e.max_x - camera.center_x()) * sx),
                      static_cast<float>((e.max_y - camera.center_y()) * sy), false);
  glEnable(GL_BLEND);
  return info;
}

}  // namespace app
