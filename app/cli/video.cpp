// --export-video: the walk-through as a film (shell/film.cpp records it). Each
// bookmark's view is framed as its slide frames it, the flights between them follow
// the live fly-to, and frame n is drawn at time n / fps, so a project always gives the
// same film.
#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/model/video_plan.hpp"
#include "app/shell/app.hpp"

namespace app {

namespace {
// The default size and rate: 1920x1080 at 30 fps, a GIF (for chat apps) 960x540 at 15.
void video_defaults(const Options& o, const std::string& path, int& width, int& height, int& fps) {
  const bool gif = path.size() >= 4 && (path.compare(path.size() - 4, 4, ".gif") == 0 ||
                                        path.compare(path.size() - 4, 4, ".GIF") == 0);
  width = o.size_given ? o.width : gif ? 960 : 1920;
  height = o.size_given ? o.height : gif ? 540 : 1080;
  fps = o.fps.value_or(gif ? 15 : 30);
}
}  // namespace

int App::run_export_video() {
  const std::string& path = options_.export_video;
  int width = 0, height = 0, fps = 0;
  video_defaults(options_, path, width, height, fps);
  options_.width = width;
  options_.height = height;
  if (!load_for_output("nothing could be drawn; no video written to '" + path + "'")) return 1;
  model_.view.camera.set_viewport(width, height);
  fit_initial_view(model_, options_.extent);
  std::string error;
  if (!film_start(path, width, height, fps, !options_.hide_ui, error)) {
    model_.report(Message::Level::Error, error);
    return 1;
  }
  const FilmProgress started = film_progress();
  const VideoPlan& plan = film_plan();
  const auto& stops = model_.project.bookmarks;
  std::fprintf(stderr, "renewmap: filming %zu stop(s), %.1f s, %zu frames at %d fps, %dx%d, %s\n", stops.size(),
               plan.seconds(), plan.frames, fps, width, height, started.codec.c_str());
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
  const auto t0 = std::chrono::steady_clock::now();
  double last_report = 0.0;
  while (film_step(2.0)) {
    const FilmProgress p = film_progress();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (elapsed - last_report < 2.0) continue;
    last_report = elapsed;
    std::fprintf(stderr, "renewmap: frame %zu/%zu, about %.0f s left\n", p.done, p.total, std::max(0.0, p.eta_seconds));
  }
  const FilmProgress end = film_progress();
  if (!film_finish(error)) {
    model_.report(Message::Level::Error, error);
    return 1;
  }
  std::fprintf(stderr, "renewmap: wrote %s (%s, %zu frames, %.1f s)\n", path.c_str(), end.codec.c_str(), end.total,
               static_cast<double>(end.total) / fps);
  return model_.failed_sources > 0 ? 2 : 0;
}

}  // namespace app
