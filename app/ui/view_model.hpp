// Everything a panel may read this frame: the model's layers and project as const
// references, and what the shell worked out for this frame (cursor, scale, hover).
// Panels read this and emit commands (app/commands); they never see the GPU, the
// data services or the window.
#pragma once

#include <string>
#include <vector>

#include "app/data/job_progress.hpp"
#include "app/model/model.hpp"

namespace app {

// The walk-through film being recorded in the window (shell/film.cpp).
struct FilmProgress {
  bool running = false, failed = false;
  std::string path, codec, error;
  size_t done = 0, total = 0;   // frames encoded, frames in the film
  double eta_seconds = -1.0;    // < 0: not known yet
};

struct UiView {
  UiView(const Model& m) : model(m), layers(m.layers), messages(m.messages), title(m.project.title),
                           notice(m.project.notice), display_crs(m.display_crs) {}
  const Model& model;
  const std::vector<MapLayer>& layers;  // draw order: front() is drawn first (bottom)
  const std::vector<Message>& messages;
  const std::string& title;
  const std::string& notice;
  const std::string& display_crs;
  const std::vector<Basemap>* basemaps = nullptr;
  // Cursor, when over the map.
  bool cursor_valid = false;
  double cursor_x = 0, cursor_y = 0;      // display CRS
  double cursor_lon = 0, cursor_lat = 0;  // CGCS2000 (EPSG:4490)
  bool cursor_lonlat_valid = false;
  double cursor_gk_x = 0, cursor_gk_y = 0;  // CGCS2000 / 3-degree GK CM 120E (EPSG:4549)
  bool cursor_gk_valid = false;
  double scale_denominator = 0;           // 1:N at the view centre
  size_t loading_jobs = 0;
  uint64_t features_read = 0;
  std::vector<JobProgress> jobs;  // each source being read, with Cancel
  FilmProgress film;              // the film being recorded, with Cancel
  double now = 0;
  float ui_scale = 1.0f;
  // Timeline.
  geo::Day as_of = geo::kNoDay;   // kNoDay: recorded statuses
  geo::Day min_day = geo::kNoDay, max_day = geo::kNoDay;
  geo::Day data_as_of = geo::kNoDay;
  bool projected = false;        // as_of is past data_as_of: statuses from planned dates
  bool play_projection = false;  // Play runs on past data_as_of
  bool playing = false;
  double days_per_second = 30.0;
  // Walk-through.
  const std::vector<geo::Bookmark>* bookmarks = nullptr;
  int current_bookmark = -1;
  std::string caption;            // the current stop's caption (presentation mode)
  std::string project_path;
  bool unsaved = false;  // the project differs from what was last saved (the view aside)
  bool ask_before_close = false;  // open the unsaved-changes question this frame
  // Presentation.
  bool presenting = false;
  bool offscreen = false;         // an exported image: no interactive panels
  double map_scale_m_per_px = 0;  // for the scale bar
  geo::Bbox view_extent;          // what the map shows (display CRS)
  unsigned hidden_statuses = 0;  // bit per Status hidden by the legend
  const Measure* measure = nullptr;
  // Hover: the topmost feature under the cursor.
  const MapLayer* hover_layer = nullptr;
  uint32_t hover_feature = 0;
};

}  // namespace app
