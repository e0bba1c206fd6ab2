// --export-video: the walk-through as a film. Each bookmark's view is framed as its
// slide frames it, the flights between them follow the live fly-to, and frame n is
// drawn at time n / fps, so a project always gives the same film.
#include <glad/gl.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/model/clock.hpp"
#include "app/model/video_plan.hpp"
#include "app/model/walkthrough.hpp"
#include "app/platform/video_writer.hpp"
#include "app/render/gl/gl.hpp"
#include "app/shell/app.hpp"

namespace app {

int App::run_export_video() {
  const std::string& path = options_.export_video;
  const bool gif = path.size() >= 4 && (path.compare(path.size() - 4, 4, ".gif") == 0 ||
                                        path.compare(path.size() - 4, 4, ".GIF") == 0);
  const int width = options_.size_given ? options_.width : gif ? 960 : 1920;
  const int height = options_.size_given ? options_.height : gif ? 540 : 1080;
  const int fps = options_.fps.value_or(gif ? 15 : 30);
  options_.width = width;
  options_.height = height;
  if (!open_window(false)) return 1;
  start_data(true, true);
  data_->finish_loading();
  if (model_.loaded_layers == 0 && model_.failed_sources > 0) {
    model_.report(Message::Level::Error, "nothing could be drawn; no video written to '" + path + "'");
    return 1;
  }
  const auto& stops = model_.project.bookmarks;
  if (stops.empty()) {
    model_.report(Message::Level::Error, "the project has no bookmarks (walk-through) to film; no video written");
    return 1;
  }
  std::string error;
  auto writer = platform::VideoWriter::open(path, width, height, fps, error);
  if (!writer) {
    model_.report(Message::Level::Error, error);
    return 1;
  }
  gl::RenderTarget target;
  if (!target.create(width, height, error)) {
    model_.report(Message::Level::Error, "'" + path + "': " + error);
    return 1;
  }
  model_.view.camera.set_viewport(width, height);
  fit_initial_view(model_, options_.extent);
  const bool overlay = !options_.hide_ui;
  std::vector<uint8_t> pixels;

  // Where each stop's slide looks: the bookmark framed clear of this size's overlays.
  std::vector<View> views;
  for (size_t k = 0; k < stops.size(); ++k) {
    go_to_bookmark(model_, k, false);
    apply_dates();
    Camera camera = image_camera(width, height);
    draw_offscreen(target, camera, overlay, false, offscreen_warmup(overlay), true, pixels);
    views.push_back(view_of(camera));
  }
  const VideoPlan plan = plan_video(stops, views, fps);
  std::fprintf(stderr, "renewmap: filming %zu stop(s), %.1f s, %zu frames at %d fps, %dx%d, %s\n", stops.size(),
               plan.seconds(), plan.frames, fps, width, height, writer->codec().c_str());

  // Where each stop lies in the film (for chapter marks, and for the tests that compare
  // a stop's middle frame with its slide).
  for (size_t k = 0; k < plan.stops.size(); ++k) {
    const VideoStop& s = plan.stops[k];
    const auto frame_at = [&](double t) { return static_cast<size_t>(std::llround(t * fps)); };
    std::fprintf(stderr, "renewmap: stop %zu '%s': frames %zu-%zu, held from frame %zu, middle %zu (flight %.1f s, hold %.1f s%s)\n",
                 k + 1, stops[k].name.c_str(), frame_at(s.start), frame_at(s.end()) - 1, frame_at(s.hold_start()),
                 middle_frame(plan, k), s.fly, s.hold,
                 s.sweep_from != geo::kNoDay ? (", sweep " + geo::format_date(s.sweep_from) + " to " +
                                                geo::format_date(s.sweep_to)).c_str()
                                             : "");
  }
  const auto started = std::chrono::steady_clock::now();
  double last_report = 0.0;
  size_t shown_stop = stops.size();
  for (size_t n = 0; n < plan.frames; ++n) {
    const VideoFrame f = video_frame(plan, n);
    int passes = 1;
    if (f.stop != shown_stop) {  // the stop's date and layers, as its slide has them
      go_to_bookmark(model_, f.stop, false);
      apply_dates();
      shown_stop = f.stop;
      passes = offscreen_warmup(overlay);  // its caption sizes the overlays again
    }
    if (f.day != geo::kNoDay && !options_.as_of) set_as_of(model_, f.day);
    Camera camera = image_camera(width, height);
    apply(f.view, camera);
    draw_offscreen(target, camera, overlay, false, passes, false, pixels);
    if (!writer->add(pixels.data(), error)) {
      model_.report(Message::Level::Error, error);
      return 1;  // the writer removes its partial file
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (elapsed - last_report >= 2.0 || n + 1 == plan.frames) {
      last_report = elapsed;
      const double eta = elapsed / static_cast<double>(n + 1) * static_cast<double>(plan.frames - n - 1);
      std::fprintf(stderr, "renewmap: frame %zu/%zu (stop %zu), about %.0f s left\n", n + 1, plan.frames,
                   f.stop + 1, eta);
    }
  }
  if (!writer->finish(error)) {
    model_.report(Message::Level::Error, error);
    return 1;
  }
  std::fprintf(stderr, "renewmap: wrote %s (%s, %zu frames, %.1f s)\n", path.c_str(), writer->codec().c_str(),
               writer->frames(), static_cast<double>(writer->frames()) / fps);
  return model_.failed_sources > 0 ? 2 : 0;
}

}  // namespace app
