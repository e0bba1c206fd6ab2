// The program: owns the window, the loaded layers, the camera and the renderer; runs
// the interactive loop or renders one frame to a PNG. Main thread only (loading
// happens on the Loader's workers).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/camera.hpp"
#include "app/loader.hpp"
#include "app/options.hpp"
#include "app/platform/fonts.hpp"
#include "app/platform/window.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/map_view.hpp"
#include "app/state.hpp"
#include "geo/project.hpp"
#include "geo/transform.hpp"

namespace app {

// The embedded default project (the Laoshan 2023 programme).
std::string default_project_path(const char* argv0);

class App {
 public:
  App(Options options, std::string default_project);
  ~App();
  // Runs until the window closes, or renders the screenshot. Returns the exit status.
  int run();

 private:
  // Setup shared by both modes.
  bool open_window(bool visible);
  void plan();                      // project/configs from the command line
  void choose_display_crs();
  void start_loading();
  void poll_loader();               // upload finished layers (main thread)
  void refresh_state(MapLayer& layer);
  geo::Bbox data_bounds() const;
  void fit_initial_view();

  // Per frame.
  void handle_input();
  void handle_view_input();
  void render_frame(int fb_width, int fb_height, bool offscreen);
  void build_ui(int width, int height, bool offscreen);
  void apply(const Command& c);

  int run_interactive();
  int run_screenshot();

  void report(Message::Level level, const std::string& text);
  double now() const;

  Options options_;
  std::string default_project_;
  geo::Project project_;
  std::string display_crs_;
  std::optional<geo::Transformer> to_lonlat_;  // display CRS → EPSG:4490

  platform::Window window_;
  platform::Fonts fonts_;
  std::unique_ptr<MapRenderer> renderer_;
  std::unique_ptr<Loader> loader_;
  Camera camera_;
  MapView map_view_;
  double last_view_change_ = 0.0;
  bool view_set_by_user_ = false;  // stop auto-fitting as layers arrive once the user moved
  bool view_initialised_ = false;

  std::vector<MapLayer> layers_;
  std::vector<Message> messages_;
  std::vector<Command> commands_;
  size_t failed_sources_ = 0;
  size_t loaded_layers_ = 0;
  float ui_scale_ = 1.0f;
  bool dragging_ = false;
  bool gl_ok_ = false;
};

}  // namespace app
