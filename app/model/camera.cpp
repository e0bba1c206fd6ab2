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

void Camera::fit_into(const geo::Bbox& e, const PixelRect& area, double margin) {
  if (e.empty() || area.width() <= 0 || area.height() <= 0) return;
  const double aw = area.width() * (1.0 - 2.0 * margin), ah = area.height() * (1.0 - 2.0 * margin);
  const double res = std::max(std::max(e.width(), 1e-9) / aw, std::max(e.height(), 1e-9) / ah);
  // The extent's centre goes to the area's centre.
  const double dx = 0.5 * (area.x0 + area.x1) - 0.5 * width_, dy = 0.5 * (area.y0 + area.y1) - 0.5 * height_;
  set(e.center_x() - dx * res, e.center_y() + dy * res, res);
}

PixelRect free_area(int width, int height, const std::vector<PixelRect>& covered, double aspect) {
  const PixelRect whole{0, 0, static_cast<double>(width), static_cast<double>(height)};
  std::vector<PixelRect> cover;
  for (const PixelRect& c : covered)
    if (c.overlaps(whole)) cover.push_back(c);
  if (cover.empty() || !(aspect > 0) || !std::isfinite(aspect)) return whole;
  // Every free rectangle worth having has each side on the viewport's edge or on an
  // edge of a covered rectangle: try them all (a handful of overlays: a few thousand).
  std::vector<double> xs{0, whole.x1}, ys{0, whole.y1};
  for (const PixelRect& c : cover) {
    for (double x : {c.x0, c.x1})
      if (x > 0 && x < whole.x1) xs.push_back(x);
    for (double y : {c.y0, c.y1})
      if (y > 0 && y < whole.y1) ys.push_back(y);
  }
  PixelRect best{};
  double best_size = -1, best_area = 0;
  for (double x0 : xs)
    for (double x1 : xs) {
      if (x1 <= x0) continue;
      for (double y0 : ys)
        for (double y1 : ys) {
          if (y1 <= y0) continue;
          const PixelRect r{x0, y0, x1, y1};
          // How big a shape of that aspect can be inside (its height); of two as
          // good, the roomier.
          const double size = std::min(r.width() / aspect, r.height()), area = r.width() * r.height();
          if (size < best_size - 0.5 || (size < best_size + 0.5 && area <= best_area)) continue;
          if (std::none_of(cover.begin(), cover.end(), [&](const PixelRect& c) { return c.overlaps(r); })) {
            best = r;
            best_size = size;
            best_area = area;
          }
        }
    }
  // Nothing free at all (a window covers everything): the whole viewport.
  return best_size > 0 ? best : whole;
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
