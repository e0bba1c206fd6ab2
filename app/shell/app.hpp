// The shell: owns the window, the model, the data services and the renderer, and
// orders each frame — poll the data services, apply commands, input, draw the map,
// draw the UI, swap. The rules live in model/, their changes in commands/, the
// reading in data/; the shell only wires them. Batch modes (--screenshot, --info,
// --export-slides, --save-project) are in app/cli/batch.cpp. Main thread only.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/options.hpp"
#include "app/commands/dispatch.hpp"
#include "app/data/services.hpp"
#include "app/model/model.hpp"
#include "app/model/video_plan.hpp"
#include "app/platform/fonts.hpp"
#include "app/platform/offscreen_ui.hpp"
#include "app/platform/window.hpp"
#include "app/render/gpu_layers.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/map_view.hpp"
#include "app/shell/settings.hpp"
#include "app/ui/view_model.hpp"
#include "geo/transform.hpp"

namespace app {
namespace gl {
class RenderTarget;
}

// The embedded default project (the Laoshan 2023 programme).
std::string default_project_path(const char* argv0);

class App final : public Effects {
 public:
  App(Options options, std::string default_project);
  ~App() override;
  // Runs until the window closes, or renders the screenshot / slides. Returns the
  // exit status (see cli/options.cpp).
  int run();

  // Effects (commands/dispatch.hpp).
  void inspect(const std::string& path) override { data_->inspect(path); }
  std::string add_layers(const cmd::AddLayers& what) override { return data_->add_layers(what); }
  void cancel_loading(size_t slot) override { data_->cancel(slot); }
  void apply_filter(MapLayer& layer, const std::string& where) override { data_->apply_filter(layer, where); }
  void refresh_layer(MapLayer& layer) override { data_->refresh_layer(layer); }
  void reread_layer(MapLayer& layer) override { data_->reread_layer(layer); }
  void presenting_changed() override;
  void set_ui_scale(float scale) override;
  void close_window() override;
  void request_close() override { window_.request_close(); }
  void copy_text(const std::string& text) override { window_.set_clipboard(text); }
  bool export_view(const std::string& path, int width, int height) override;
  void start_video(const cmd::ExportVideo& what) override { pending_video_ = what; }
  void cancel_video() override { film_cancel(); }
  void export_report(const cmd::ExportReport& what) override { pending_report_ = what; }
  void project_saved() override { discard_autosave(); }
  void discard_autosave() override;
  void save_settings() override;

 private:
  // Set-up shared by every mode.
  bool open_window(bool visible);
  Intake intake() const;  // what the command line asks to open
  // The model's project, display CRS, loading started. `keep_meshes`: something will
  // draw (false for --save-project).
  void start_data(bool offscreen, bool keep_meshes);
  void apply_commands();
  void take_text();  // glyphs for the text the model gained
  // Text size: presenting, ui::presentation_body_px; at the desk 16 px × scale.
  float body_font_px(int framebuffer_height, bool presenting, bool offscreen) const;
  void apply_style();
  void follow_window_size();

  // Per frame (shell/frame.cpp).
  void handle_input();  // shell/input.cpp: keys and mouse → commands
  void advance_animations(double dt);
  UiView make_view(const Camera& camera, bool presenting, bool offscreen) const;
  void draw_frame(const Camera& camera, const FrameLook& look);
  // The before/after swipe: the map on date A left of the divider, on B right of it.
  void draw_swipe(const Camera& camera, const FrameLook& look, const std::vector<LayerDraw>& right);
  void draw_ui(const Camera& camera, bool presenting, bool offscreen);
  // The overlay windows of this frame (the fixed ones: title, legend, panels, scale
  // bar), in framebuffer pixels.
  std::vector<PixelRect> covered_pixels() const;
  // An offscreen image of the current state at width x height (the same view at that
  // size), with the presentation overlay when `overlay`, the desk panels when `panels`.
  // Returns false (with the reason reported) on failure.
  bool render_image(const std::string& path, int width, int height, bool overlay, bool panels);
  // The live view at width x height.
  Camera image_camera(int width, int height) const;
  // How many passes an offscreen image needs before its UI windows have their sizes.
  int offscreen_warmup(bool ui) const;
  // Draws `frames` passes of the current state into `target` through `camera` and reads
  // the last one into `pixels` (RGBA, top row first). `frame_extent`: a framed extent
  // moves `camera` clear of the overlays (a slide); off, the camera is kept (a film).
  void draw_offscreen(gl::RenderTarget& target, Camera& camera, bool overlay, bool panels, int frames,
                      bool frame_extent, std::vector<uint8_t>& pixels);

  int run_interactive();
  // Batch modes (cli/batch.cpp).
  int run_screenshot();
  int run_export_slides();
  int run_export_video();   // cli/video.cpp
  // The film (shell/film.cpp): started from the current project, drawn a slice at a
  // time (false when done or failed), finished (joins the encoder, file in place).
  struct Film;
  struct FilmSaved;
  struct FilmDeleter {
    void operator()(Film* f) const;
  };
  bool film_start(const std::string& path, int width, int height, int fps, bool overlay, std::string& error);
  bool film_step(double budget_seconds);
  bool film_finish(std::string& error);
  void film_cancel();
  FilmProgress film_progress() const;
  const VideoPlan& film_plan() const;
  FilmSaved film_save() const;
  void film_restore(const FilmSaved& saved);
  void advance_film();        // the window: a slice between frames
  void start_pending_exports();  // the window: what the buttons asked for, outside an ImGui frame
  bool write_report(const std::string& area_layer, const std::string& path, std::string& error);  // cli/report.cpp
  int run_report();         // cli/report.cpp
  int run_save_project();
  int run_info();
  void start_view();  // --size, --extent / project / data, --bookmark
  void apply_dates();  // --as-of and --swipe, over a stop's own dates
  // Streamed tables: the rows of the view, waited for (images without a window); true
  // when something had to be fetched. `of_last_image`: the view the last image drew,
  // framed clear of its title and legend, rather than the model's.
  bool fetch_view_rows(bool of_last_image = false);
  std::optional<Camera> last_image_camera_;  // render_image's, after framing
  // seconds_since_start() when draw_offscreen's frame was finished (before its read-back).
  double image_drawn_at_ = 0.0;
  // A batch output's start: the hidden window, the inputs loaded. False (the message
  // `nothing_written` reported) when nothing could be.
  bool load_for_output(const std::string& nothing_written);

  // Autosave (shell/autosave.cpp).
  void autosave_if_due();
  bool offer_restore(const std::string& path, std::time_t saved_at);  // true: restore

  Options options_;
  std::string default_project_;
  Model model_;
  std::unique_ptr<DataServices> data_;
  platform::Window window_;
  platform::Fonts fonts_;
  platform::OffscreenUi offscreen_ui_;     // images' ImGui context (after window_: destroyed first)
  platform::Fonts* ui_fonts_ = &fonts_;    // the fonts the UI being drawn uses
  std::unique_ptr<MapRenderer> renderer_;  // null: no window, or the shaders failed
  GpuLayers gpu_;
  MapView map_view_;
  std::vector<Command> commands_;
  std::optional<geo::Transformer> to_lonlat_;  // display CRS → EPSG:4490 (status bar)
  std::optional<geo::Transformer> to_gk120_;   // display CRS → EPSG:4549 (GK CM 120E)
  std::string settings_path_;
  float content_scale_ = 1.0f;  // HiDPI factor of the monitor
  float user_scale_ = 1.0f;     // the remembered UI scale setting
  double last_frame_ = 0.0;
  bool pieces_traced_ = false;  // RENEWMAP_TRACE: a first read's pieces first drawn (said once)
  bool ask_before_close_ = false;  // open the unsaved-changes question next frame
  // The layout the overlays were last measured in: framing follows a change of it.
  int layout_w_ = 0, layout_h_ = 0;
  bool layout_presenting_ = false;
  bool layout_changed_ = true;
  bool close_confirmed_ = false;
  bool dragging_divider_ = false;
  std::unique_ptr<Film, FilmDeleter> film_;
  std::optional<cmd::ExportVideo> pending_video_;
  std::optional<cmd::ExportReport> pending_report_;  // the swipe's divider is being dragged
  double camera_width() const { return std::max(1, model_.view.camera.width()); }
  // Autosave (app/model/autosave.hpp): the unsaved project, written every few seconds
  // after a change; offered back at the next start when the session did not save.
  std::string autosave_path_;   // empty: no autosave (runs without a window)
  double last_autosave_ = 0.0;
  std::string autosaved_key_;   // unsaved_key() of what the file holds
  bool restored_ = false;       // started from an autosave: unsaved until saved
};

}  // namespace app
