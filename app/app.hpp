// The program: owns the window, the loaded layers, the camera and the renderer; runs
// the interactive loop, or renders frames offscreen (--screenshot, --export-slides,
// the Export button). Main thread only (loading happens on the Loader's workers).
#pragma once

#include <memory>
#include <future>
#include <optional>
#include <ctime>
#include <string>
#include <vector>

#include "app/camera.hpp"
#include "app/fly_to.hpp"
#include "app/loader.hpp"
#include "app/options.hpp"
#include "app/platform/fonts.hpp"
#include "app/platform/window.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/map_view.hpp"
#include "app/state.hpp"
#include "app/ui/panels.hpp"
#include "geo/measure.hpp"
#include "geo/project.hpp"
#include "geo/search.hpp"
#include "geo/tessellate.hpp"
#include "geo/timeline.hpp"
#include "geo/transform.hpp"

namespace app {

// Modification time (ns) and size of a local source; false for connections.
bool file_stamp(const std::string& path, int64_t& mtime, uint64_t& size);

// The embedded default project (the Laoshan 2023 programme).
std::string default_project_path(const char* argv0);

class App {
 public:
  App(Options options, std::string default_project);
  ~App();
  // Runs until the window closes, or renders the screenshot / slides. Returns the
  // exit status (see options.cpp).
  int run();

 private:
  // Setup shared by every mode.
  bool open_window(bool visible);
  void plan();                      // project/configs from the command line
  void choose_display_crs();
  void start_loading();
  bool finish_loading();            // offscreen modes: wait for every layer (bounded)
  void poll_loader();               // upload finished layers (main thread)
  void take_reload(LoadResult& r);  // a changed file read again: replace, or keep the last good
  void watch_sources();             // live reload: notice changed files, reload when still
  // Database layers: fetch what the settled view needs (streamed tables), refresh on
  // the project's interval, retry a lost connection.
  void stream_by_view();
  void refresh_databases();
  void submit_refresh(MapLayer& layer);
  void take_database_result(MapLayer& layer, LoadResult& r, LoadedLayer& loaded);
  void submit_fetch(MapLayer& layer, Fetch fetch);  // a database job for this layer (reload)
  // New rows for a layer already shown (a reload or a database result): data, the
  // selection by id, what is derived from the rows, status, filter, geometry.
  void swap_in(MapLayer& layer, LoadedLayer& loaded);
  // Per-row values the panels use: investment (万元) and label boxes (with glyphs).
  void derive_from_rows(MapLayer& layer, int investment_field);
  static std::string layer_label(const MapLayer& layer);  // "'source' layer 'name'", no password
  // The Open form's look at a source, on a worker (a database may be slow to answer).
  std::future<geo::Result<std::vector<geo::LayerInfo>>> inspecting_;
  void poll_inspection();
  // A layer's attribute filter: at once for files; for a database on a worker (the
  // server may be slow), applied when it answers (poll_filters). Offscreen modes wait.
  void apply_filter(MapLayer& layer, const std::string& where);
  void take_filter(MapLayer& layer, const std::string& where, geo::Result<std::vector<uint8_t>> mask);
  void poll_filters();
  double last_watch_ = 0.0;
  geo::Bbox data_bounds() const;
  void fit_initial_view();

  // Status as of a date (one clock for every layer).
  void set_as_of(geo::Day day);
  void recount(MapLayer& l);
  geo::Day starting_day() const;
  void recompute_status(MapLayer& layer);
  void refresh_state(MapLayer& layer);
  void update_day_range();

  // Walk-through.
  int find_bookmark(const std::string& name) const;
  void go_to_bookmark(size_t index, bool animate);
  void fly_to(const Camera& target);  // animates the camera there (van Wijk–Nuij)
  geo::Bookmark bookmark_of_current_view(const std::string& name) const;
  bool save_project(const std::string& path);
  geo::Project project_snapshot(const std::string& path, size_t* kept) const;
  std::string unsaved_key() const;
  void draw_unsaved_question();

  // Per frame.
  void handle_input();
  void handle_view_input();
  void handle_keys();
  // Every feature of the visible layers under a screen point, topmost layer first.
  // Layers whose index is not built yet are skipped unless `build_missing`.
  std::vector<std::pair<size_t, geo::Hit>> hits_at(ScreenPoint p, bool build_missing) const;
  void identify_at(ScreenPoint p);
  void advance_animations(double dt);
  void render_frame(int fb_width, int fb_height, bool offscreen);
  UiView make_view(bool offscreen) const;
  void build_ui(bool offscreen);
  void apply(const Command& c);
  void set_presenting(bool on);
  float body_font_px(int framebuffer_height, bool offscreen = false) const;
  void apply_style();
  void follow_window_size();

  // Offscreen image of the current state at width x height, with the presentation
  // overlay when `overlay`. Returns false (with the reason reported) on failure.
  bool render_image(const std::string& path, int width, int height, bool overlay, bool panels);

  int run_interactive();
  int run_screenshot();
  int run_export_slides();
  int run_save_project();
  void start_view();
  int run_info();

  void report(Message::Level level, const std::string& text);
  double now() const;
  void load_settings();
  void save_settings();

  Options options_;
  std::string default_project_;
  geo::Project project_;
  std::string display_crs_;
  std::optional<geo::Transformer> to_lonlat_;  // display CRS → EPSG:4490
  std::optional<geo::Transformer> to_gk120_;   // display CRS → EPSG:4549 (GK CM 120E)

  platform::Window window_;
  platform::Fonts fonts_;
  std::unique_ptr<MapRenderer> renderer_;
  std::unique_ptr<Loader> loader_;
  Camera camera_;
  MapView map_view_;
  double last_view_change_ = 0.0;
  bool view_set_by_user_ = false;  // stop auto-fitting as layers arrive once the user moved

  std::vector<MapLayer> layers_;
  std::vector<Basemap> basemaps_;
  // Warps each visible basemap for the camera's view when it no longer matches.
  void update_basemaps(bool wait);
  void take_dropped(const std::vector<std::string>& paths);
  void add_basemap(const std::string& path);
  std::string gdal_source(const geo::BasemapConfig& c) const;
  void upload_basemap(Basemap& b, const geo::Image& img, const geo::Bbox& extent, double resolution);
  std::vector<Message> messages_;
  std::vector<Command> commands_;
  size_t failed_sources_ = 0;
  size_t loaded_layers_ = 0;
  float ui_scale_ = 1.0f;       // HiDPI content scale × the user's UI scale
  float content_scale_ = 1.0f;  // HiDPI factor of the monitor
  float user_scale_ = 1.0f;     // the remembered UI scale setting
  bool dragging_ = false;
  bool gl_ok_ = false;

  // Timeline.
  geo::Day as_of_ = geo::kNoDay;  // kNoDay: recorded statuses
  geo::Day min_day_ = geo::kNoDay, max_day_ = geo::kNoDay;
  bool playing_ = false;
  double days_per_second_ = 30.0;
  double play_accum_ = 0.0;
  double last_frame_ = 0.0;

  // Walk-through and presentation.
  int current_bookmark_ = -1;
  std::optional<FlyTo> fly_;
  double fly_start_ = 0.0, fly_seconds_ = 1.0;
  bool presenting_ = false;
  ui::ExportForm export_form_;
  ui::OpenForm open_form_;
  ui::SearchForm search_form_;
  ui::StyleForm style_form_;
  std::optional<geo::SearchIndex> search_index_;
  bool search_stale_ = true;
  std::string tile_cache_;        // XYZ tiles are cached here (~/.cache/renewmap/tiles)
  unsigned hidden_statuses_ = 0;
  // Unsaved changes: the project as last saved (or as loaded), compared after every
  // command; closing the window with changes asks first.
  std::string saved_state_;
  bool unsaved_ = false;
  bool ask_before_close_ = false;  // open the question next frame
  bool close_confirmed_ = false;
  // Autosave (app/model/autosave.hpp): the unsaved project, written every few seconds
  // after a change; offered back at the next start when the session did not save.
  std::string autosave_path_;   // empty: no autosave (runs without a window)
  double last_autosave_ = 0.0;
  std::string autosaved_key_;   // unsaved_key() of what the file holds
  bool restored_ = false;       // started from an autosave: unsaved until saved
  void autosave_if_due();
  void discard_autosave();
  bool offer_restore(const std::string& path, std::time_t saved_at);  // true: restore
  geo::Tessellator measure_tessellator_;  // fills the measured area, concave or not  // legend checkboxes: bit per Status
  // Measuring: clicked vertices in the display CRS.
  bool measuring_ = false;
  bool measure_done_ = false;
  std::vector<double> measure_xy_;
  std::optional<geo::Measurer> measurer_;
  void draw_measurement();
  void add_layers(const std::string& path, const std::vector<std::string>& layers, const std::string& csv_x = {},
                  const std::string& csv_y = {});
  std::string settings_path_;
};

}  // namespace app
