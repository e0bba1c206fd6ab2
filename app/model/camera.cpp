#include "app/model/camera.hpp"

#include <algorithm>
#include <cmath>

namespace app {

namespace {
// Keeps the resolution within what float32 vertex offsets and doubles can show.
constexpr double kMinResolution = 1e-9;
constexpr double kMaxResolution = 1e9;
}  // namespace

void Camera::set_viewport(int w, int h) {
  width_ = std::max(1, w);
  height_ = std::max(1, h);
}

void Camera::set(double cx, double cy, double resolution) {
  if (std::isfinite(cx) && std::isfinite(cy)) {
    cx_ = cx;
    cy_ = cy;
  }
  if (std::isfinite(resolution) && resolution > 0)
    res_ = std::clamp(resolution, kMinResolution, kMaxResolution);
}

void Camera::fit(const geo::Bbox& e, double margin) {
  if (e.empty()) return;
  const double w = std::max(e.width(), 1e-9) * (1.0 + 2.0 * margin);
  const double h = std::max(e.height(), 1e-9) * (1.0 + 2.0 * margin);
  set(e.center_x(), e.center_y(), std::max(w / width_, h / height_));
}

MapPoint Camera::screen_to_map(ScreenPoint s) const {
  return {cx_ + (s.x - 0.5 * width_) * res_, cy_ - (s.y - 0.5 * height_) * res_};
}

ScreenPoint Camera::map_to_screen(MapPoint m) const {
  return {0.5 * width_ + (m.x - cx_) / res_, 0.5 * height_ - (m.y - cy_) / res_};
}

geo::Bbox Camera::visible_extent() const {
  geo::Bbox b;
  b.add(cx_ - 0.5 * width_ * res_, cy_ - 0.5 * height_ * res_);
  b.add(cx_ + 0.5 * width_ * res_, cy_ + 0.5 * height_ * res_);
  return b;
}

void Camera::pan_pixels(double dx, double dy) { set(cx_ - dx * res_, cy_ + dy * res_, res_); }

void Camera::zoom_about(ScreenPoint anchor, double factor) {
  if (!(factor > 0) || !std::isfinite(factor)) return;
  const MapPoint before = screen_to_map(anchor);
  set(cx_, cy_, res_ / factor);
  const MapPoint after = screen_to_map(anchor);
  set(cx_ + before.x - after.x, cy_ + before.y - after.y, res_);
}

}  // namespace app
