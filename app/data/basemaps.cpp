// Basemaps: each visible raster (or tile service) warped into the settled view at
// screen resolution. Runs without a window wait for it; the window hands it to a
// worker and the last image is drawn where it belongs meanwhile, so a slow raster or
// tile service never freezes the UI.
#include <chrono>

#include "app/data/reader_process.hpp"
#include "app/data/services.hpp"

namespace app {

void DataServices::take_warp(size_t i) {
  Warp& w = warps_[i];
  auto img = w.image.get();
  Basemap& b = m_.basemaps[i];
  if (!img) {
    b.error = img.error().reason;
    m_.report(Message::Level::Error, img.error().what());
    return;
  }
  b.fresh = std::move(*img);
  b.has_image = true;
  b.image_extent = w.extent;
  b.image_resolution = w.resolution;
  m_.map_changed = true;
}

void DataServices::update_basemaps(bool wait) {
  const Camera& camera = m_.view.camera;
  const geo::Bbox view = camera.visible_extent();
  const double res = camera.resolution();
  if (warps_.size() < m_.basemaps.size()) warps_.resize(m_.basemaps.size());
  for (size_t i = 0; i < m_.basemaps.size(); ++i) {
    Basemap& b = m_.basemaps[i];
    Warp& w = warps_[i];
    if (w.image.valid()) {
      if (wait) w.image.wait();
      if (w.image.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;  // one at a time
      take_warp(i);
    }
    if (!b.config.visible || !b.error.empty() || b.extent.empty()) continue;
    const geo::Bbox& e = b.image_extent;
    if (b.has_image && b.image_resolution == res && e.min_x == view.min_x && e.max_y == view.max_y &&
        e.max_x == view.max_x)
      continue;  // already drawn for this view
    w.extent = view;
    w.resolution = res;
    w.image = std::async(std::launch::async, [source = b.gdal_source, crs = m_.display_crs, view,
                                              width = camera.width(), height = camera.height()] {
      return data::warp_raster(source, crs, view, width, height);
    });
    if (wait) take_warp(i);
  }
}

bool DataServices::warping() const {
  for (const Warp& w : warps_)
    if (w.image.valid()) return true;
  return false;
}

}  // namespace app
