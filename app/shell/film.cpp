// The walk-through film, recorded a slice at a time: --export-video runs it to the
// end at once, the window runs a slice between frames (a progress bar, ETA and
// Cancel in View & export) so it never freezes. Frames are drawn here (GL, main
// thread) and encoded on a thread of their own; a slice puts the model back as the
// person left it (view, date, layers, stop) before the window draws again.
#include <glad/gl.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "app/model/clock.hpp"
#include "app/model/video_plan.hpp"
#include "app/model/walkthrough.hpp"
#include "app/platform/video_writer.hpp"
#include "app/render/gl/gl.hpp"
#include "app/shell/app.hpp"

namespace app {

namespace {
constexpr size_t kQueued = 6;  // frames waiting for the encoder at most (about 50 MB at 1080p)
}

struct App::Film {
  std::string path;
  std::unique_ptr<platform::VideoWriter> writer;
  gl::RenderTarget target;
  VideoPlan plan;
  std::vector<geo::Bookmark> stops;
  size_t next = 0;                        // the next frame to draw
  size_t shown_stop = static_cast<size_t>(-1);
  int width = 0, height = 0, fps = 30;
  bool overlay = true;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  // The encoder's side.
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<uint8_t>> queue;
  bool closing = false, cancelled = false, failed = false, finished = false;
  std::string error;
  size_t encoded = 0;

  void encode_loop() {
    for (;;) {
      std::vector<uint8_t> frame;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] { return !queue.empty() || closing; });
        if (queue.empty()) break;
        frame = std::move(queue.front());
        queue.pop_front();
      }
      cv.notify_all();
      if (failed || cancelled) continue;
      std::string e;
      if (!writer->add(frame.data(), e)) {
        std::lock_guard<std::mutex> lock(mu);
        failed = true;
        error = e;
      } else {
        std::lock_guard<std::mutex> lock(mu);
        ++encoded;
      }
    }
    if (failed || cancelled) {
      writer.reset();  // removes the partial file
      return;
    }
    std::string e;
    const bool ok = writer->finish(e);
    std::lock_guard<std::mutex> lock(mu);
    if (!ok) failed = true, error = e;
    finished = ok;
  }

  void close() {
    {
      std::lock_guard<std::mutex> lock(mu);
      closing = true;
    }
    cv.notify_all();
    if (thread.joinable()) thread.join();
  }
  ~Film() {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (!closing) cancelled = true;  // dropped unfinished: no file
    }
    close();
  }
};

// What a slice changes in the model and puts back.
struct App::FilmSaved {
  Camera camera;
  std::optional<ViewState::Framed> framed;
  geo::Day as_of;
  std::vector<uint8_t> visible;
  int current_bookmark;
  std::string stop_scope;
  bool swipe_on, swipe_from_stop;
  geo::Day swipe_left;
};

void App::FilmDeleter::operator()(Film* f) const { delete f; }

bool App::film_start(const std::string& path, int width, int height, int fps, bool overlay, std::string& error) {
  if (film_) {
    error = "'" + path + "': a film is already being recorded ('" + film_->path + "')";
    return false;
  }
  if (model_.project.bookmarks.empty()) {
    error = "the project has no bookmarks (walk-through) to film; no video written";
    return false;
  }
  std::unique_ptr<Film, FilmDeleter> film(new Film);
  film->path = path;
  film->width = width;
  film->height = height;
  film->fps = fps;
  film->overlay = overlay;
  film->writer = platform::VideoWriter::open(path, width, height, fps, error);
  if (!film->writer) return false;
  if (!film->target.create(width, height, error)) {
    error = "'" + path + "': " + error;
    return false;
  }
  film->stops = model_.project.bookmarks;
  // Where each stop's slide looks: the bookmark framed clear of this size's overlays.
  const FilmSaved saved = film_save();
  Camera live = model_.view.camera;
  model_.view.camera.set_viewport(width, height);
  model_.view.camera.set(live.center_x(), live.center_y(), live.resolution() * live.width() / width);
  std::vector<View> views;
  std::vector<uint8_t> pixels;
  for (size_t k = 0; k < film->stops.size(); ++k) {
    go_to_bookmark(model_, k, false);
    fetch_view_rows();  // a streamed table's rows at each stop, before its frames
    apply_dates();
    Camera camera = image_camera(width, height);
    draw_offscreen(film->target, camera, overlay, false, offscreen_warmup(overlay), true, pixels);
    views.push_back(view_of(camera));
  }
  model_.view.camera = live;
  film_restore(saved);
  film->plan = plan_video(film->stops, views, fps);
  film->started = std::chrono::steady_clock::now();
  Film* f = film.get();
  film->thread = std::thread([f] { f->encode_loop(); });
  film_ = std::move(film);
  return true;
}

App::FilmSaved App::film_save() const {
  FilmSaved s{model_.view.camera, model_.view.framed, model_.clock.as_of, {}, model_.current_bookmark,
              model_.chart.stop_scope, model_.swipe.on, model_.swipe.from_stop, model_.swipe.left};
  for (const MapLayer& l : model_.layers) s.visible.push_back(l.visible);
  return s;
}

void App::film_restore(const FilmSaved& s) {
  model_.view.camera = s.camera;
  model_.view.framed = s.framed;
  if (model_.clock.as_of != s.as_of) set_as_of(model_, s.as_of);
  for (size_t i = 0; i < model_.layers.size() && i < s.visible.size(); ++i) model_.layers[i].visible = s.visible[i];
  model_.current_bookmark = s.current_bookmark;
  model_.chart.stop_scope = s.stop_scope;
  if (model_.swipe.on != s.swipe_on || model_.swipe.left != s.swipe_left) {
    model_.swipe.on = s.swipe_on;
    model_.swipe.left = s.swipe_left;
    model_.swipe.key = 0;
  }
  model_.swipe.from_stop = s.swipe_from_stop;
  model_.map_changed = true;
  map_view_.invalidate();
}

bool App::film_step(double budget_seconds) {
  if (!film_) return false;
  Film& f = *film_;
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(budget_seconds);
  const FilmSaved saved = film_save();
  // The stops as they were when recording began: bookmarks edited meanwhile in the
  // window do not change the film half-way.
  std::swap(model_.project.bookmarks, f.stops);
  std::vector<uint8_t> pixels;
  bool drew = false;
  while (f.next < f.plan.frames && std::chrono::steady_clock::now() < until) {
    {
      std::unique_lock<std::mutex> lock(f.mu);
      if (f.failed) break;
      // Wait for the encoder rather than queue without bound (briefly: the window
      // comes back in the next slice).
      if (f.queue.size() >= kQueued && !f.cv.wait_until(lock, until, [&] { return f.queue.size() < kQueued; })) break;
    }
    const VideoFrame vf = video_frame(f.plan, f.next);
    int passes = 1;
    if (vf.stop != f.shown_stop || !drew) {  // the stop's date and layers, as its slide has them
      go_to_bookmark(model_, vf.stop, false);
      apply_dates();
      passes = vf.stop != f.shown_stop ? offscreen_warmup(f.overlay) : 2;
      f.shown_stop = vf.stop;
    }
    drew = true;
    if (vf.day != geo::kNoDay && !options_.as_of) set_as_of(model_, vf.day);
    Camera camera = image_camera(f.width, f.height);
    apply(vf.view, camera);
    draw_offscreen(f.target, camera, f.overlay, false, passes, false, pixels);
    {
      std::lock_guard<std::mutex> lock(f.mu);
      f.queue.push_back(pixels);
    }
    f.cv.notify_all();
    ++f.next;
  }
  std::swap(model_.project.bookmarks, f.stops);
  if (drew && options_.export_video.empty()) film_restore(saved);  // the window's state, as the person left it
  std::lock_guard<std::mutex> lock(f.mu);
  return !f.failed && f.next < f.plan.frames;
}

bool App::film_finish(std::string& error) {
  if (!film_) return false;
  film_->close();
  const bool ok = film_->finished && !film_->failed;
  error = film_->error;
  film_.reset();
  return ok;
}

void App::film_cancel() {
  if (!film_) return;
  const std::string path = film_->path;
  film_.reset();  // the encoder stops; the partial file is removed
  model_.report(Message::Level::Info, "已取消 video cancelled; nothing written to '" + path + "'");
}

const VideoPlan& App::film_plan() const {
  static const VideoPlan none;
  return film_ ? film_->plan : none;
}

FilmProgress App::film_progress() const {
  FilmProgress p;
  if (!film_) return p;
  Film& f = *film_;
  std::lock_guard<std::mutex> lock(f.mu);
  p.running = true;
  p.path = f.path;
  p.codec = f.writer ? f.writer->codec() : std::string();
  p.total = f.plan.frames;
  p.done = f.encoded;
  p.failed = f.failed;
  p.error = f.error;
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - f.started).count();
  p.eta_seconds = p.done > 0 ? elapsed / static_cast<double>(p.done) * static_cast<double>(p.total - p.done) : -1.0;
  return p;
}

void App::start_pending_exports() {
  if (pending_video_) {
    const cmd::ExportVideo v = *pending_video_;
    pending_video_.reset();
    std::string error;
    if (film_start(v.path, v.width, v.height, v.fps, true, error))
      model_.report(Message::Level::Info, "录制视频 recording the walk-through to " + v.path + " (" +
                                              film_progress().codec + ")");
    else
      model_.report(Message::Level::Error, error);
  }
  if (pending_report_) {
    const cmd::ExportReport r = *pending_report_;
    pending_report_.reset();
    std::string error;
    const FilmSaved saved = film_save();
    const bool ok = write_report(r.area_layer, r.path, error);
    film_restore(saved);
    if (ok) model_.report(Message::Level::Info, "已导出 report written: " + r.path);
    else model_.report(Message::Level::Error, error);
  }
}

// Between the window's frames: a slice of the film, then, when it is done (or failed),
// the message and the file in place.
void App::advance_film() {
  if (!film_) return;
  const bool more = film_step(0.1);
  FilmProgress p = film_progress();
  if (more) return;
  if (p.failed) {
    film_.reset();
    model_.report(Message::Level::Error, p.error);
    return;
  }
  std::string error;
  const size_t frames = p.total;
  if (film_finish(error))
    model_.report(Message::Level::Info, "已导出 video written: " + p.path + " (" + p.codec + ", " +
                                            std::to_string(frames) + " frames)");
  else
    model_.report(Message::Level::Error, error);
}

}  // namespace app
