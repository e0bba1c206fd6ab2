// What the UI reads (an immutable view each frame) and the commands it sends back.
// Panels never call GDAL or GL; the App applies commands between frames.
#pragma once

#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "app/data/job_progress.hpp"
#include "app/render/map_renderer.hpp"
#include "geo/classify.hpp"
#include "geo/image.hpp"
#include "geo/layer.hpp"
#include "geo/project.hpp"
#include "geo/result.hpp"
#include "geo/spatial_index.hpp"
#include "geo/timeline.hpp"

namespace app {

struct RowStore;  // app/loader.hpp

struct MapLayer {
  size_t slot = 0;            // position of its config in the project: default draw order
  geo::LayerConfig config;
  std::string title;          // what the layer list shows
  geo::VectorLayer data;      // display CRS; kept for identify and statistics
  geo::Classification classes;
  geo::Timeline timeline;          // per-feature dates (built on the loader thread)
  std::vector<geo::Status> status;  // per feature, as of the app's date
  geo::StatusCounts counts{};       // of `status`
  std::vector<float> investment;    // per feature, 万元 (empty when the layer has none)
  std::vector<geo::Bbox> boxes;     // per feature bbox for labels (layers up to kLabelFeatures)
  // Identify and hover; built on first use (the first frame does not need it).
  mutable std::optional<geo::SpatialIndex> index;
  const geo::SpatialIndex& spatial_index() const {
    if (!index) index = geo::SpatialIndex::build(data);
    return *index;
  }
  std::vector<uint32_t> selected;   // features picked by the last click (highlighted)
  std::string filter;               // attribute filter (OGR SQL WHERE); empty = none
  std::string filter_error;         // why the last filter was refused
  std::optional<std::string> filter_draft;  // what is typed in the filter field, not yet applied
  std::string filter_draft_error;   // why that text would be refused ("" = valid)
  std::vector<uint8_t> filter_pass;  // per feature, 1 = passes (empty = all pass)
  // A database layer's filter runs on the server, off the UI thread: the pending answer,
  // for which expression and over which rows.
  std::future<geo::Result<std::vector<uint8_t>>> filtering;
  std::string filtering_where;
  std::vector<int64_t> filtering_fids;
  // Live reload: what the source file looked like when read, and when it was.
  int64_t source_mtime = 0;         // ns on the file clock
  uint64_t source_size = 0;         // 0 = not a local file
  std::string updated;              // "HH:MM" of the last reload, empty before any
  std::string reload_problem;       // why the last reload was refused (last good kept)
  int64_t seen_mtime = 0;           // a change noticed but not reloaded yet …
  uint64_t seen_size = 0;
  double seen_at = 0;               // … since then (waiting for the writer to finish)
  bool reloading = false;
  // Database layers (PostGIS). A failed fetch or refresh keeps the last rows, drawn
  // grey, with the reason in reload_problem, and is retried.
  bool database = false;
  std::shared_ptr<RowStore> store;  // every row fetched so far (display CRS)
  std::string change_field;   // column saying when a row changed; empty: refresh reads again
  std::string since;          // the server's clock at the last good read
  double last_refresh = 0.0;  // app clock of the last refresh or retry
  bool streamed = false;      // fetched by view
  bool limited = false;       // the last view's fetch stopped at the row limit
  geo::Bbox limited_box;      // … for this box (display CRS)
  std::vector<geo::Bbox> covered;  // boxes fetched whole (display CRS)
  int64_t table_rows = -1;    // the table's row count, as the server gave it
  bool stale() const { return database && !reload_problem.empty(); }
  GpuLayer gpu;
  std::vector<uint8_t> state;  // 2 bytes per feature: status, flags (see map_renderer.hpp)
  bool state_dirty = true;
  bool visible = true;
  float opacity = 1.0f;
  bool has_status() const { return classes.status_field >= 0; }
};

struct Basemap {
  geo::BasemapConfig config;
  std::string gdal_source;   // what GDAL opens (an XYZ template's tile-service XML)
  gl::Texture texture;       // RGBA, first row on top
  geo::Bbox texture_extent;  // what the texture covers (display CRS)
  double texture_resolution = 0;
  geo::Bbox extent;          // the raster's footprint (display CRS)
  std::string error;         // why it cannot be shown
  // The warp for the latest settled view, on a worker (a tile service may take
  // seconds to answer): the last texture is drawn where it belongs meanwhile.
  std::future<geo::Result<geo::Image>> warping;
  geo::Bbox warping_extent;
  double warping_resolution = 0;
};

struct Message {
  enum class Level { Info, Warning, Error };
  Level level = Level::Info;
  std::string text;
  double time = 0.0;  // seconds since start, for toasts
};

namespace cmd {
struct SetVisible { size_t layer; bool visible; };
struct SetOpacity { size_t layer; float opacity; };
struct MoveLayer { size_t layer; int delta; };  // +1 = up (drawn later), -1 = down
struct ZoomToLayer { size_t layer; };
struct ZoomAll {};
struct ClearMessages {};
struct SetAsOf { geo::Day day; };          // kNoDay: the recorded statuses
struct SetPlaying { bool playing; };
struct SetSpeed { double days_per_second; };
struct GoToBookmark { size_t index; };
struct AddBookmark {};                      // the current view, date and layers
struct UpdateBookmark { size_t index; };    // … into an existing one
struct RenameBookmark { size_t index; std::string name, caption; };
struct MoveBookmark { size_t index; int delta; };
struct DeleteBookmark { size_t index; };
struct SaveProject { std::string path; };   // empty: where it came from
struct Quit { bool save; };                 // from the unsaved-changes question
struct SetPresenting { bool on; };
struct SetUiScale { float scale; };
struct ExportView { std::string path; int width, height; };
struct ClearSelection {};
struct InspectPath { std::string path; };                     // list its layers for the Open form
struct AddLayers {  // empty list: every layer
  std::string path;
  std::vector<std::string> layers;
  std::string csv_x, csv_y;  // coordinate columns of a CSV, when the user picked them
};
struct ShowOpen { bool visible; };
struct CopyText { std::string text; };       // to the system clipboard
struct GoToCoordinate { std::string text; };  // "lon, lat" (CGCS2000) or "x, y" (display CRS)
struct SetFilter { size_t layer; std::string where; };
struct EditFilter { size_t layer; std::string where; };        // typed, not yet applied: check it
struct ToggleLayerStatus { size_t layer; int status; };        // one layer's status checkbox
struct ToggleStatus { int status; };          // show/hide one status in every layer (legend)
struct Search { std::string text; };
struct GoToFeature { size_t layer; uint32_t feature; };
struct SetMeasuring { bool on; };
struct SetBasemap { size_t index; bool visible; float opacity; };
struct SetLayerConfig { size_t layer; geo::LayerConfig config; };  // style, fields, status mapping
struct EditStyle { size_t layer; };
struct RefreshLayer { size_t layer; };  // a database layer: fetch again now (also "retry")
struct CancelLoading { size_t slot; };  // stop reading that project layer (a file GDAL spins on)
}  // namespace cmd
using Command = std::variant<cmd::SetVisible, cmd::SetOpacity, cmd::MoveLayer, cmd::ZoomToLayer, cmd::ZoomAll,
                             cmd::ClearMessages, cmd::SetAsOf, cmd::SetPlaying, cmd::SetSpeed, cmd::GoToBookmark,
                             cmd::AddBookmark, cmd::UpdateBookmark, cmd::RenameBookmark, cmd::MoveBookmark,
                             cmd::DeleteBookmark, cmd::SaveProject, cmd::SetPresenting, cmd::SetUiScale,
                             cmd::ExportView, cmd::ClearSelection, cmd::InspectPath, cmd::AddLayers,
                             cmd::ShowOpen, cmd::CopyText, cmd::GoToCoordinate, cmd::Quit, cmd::SetFilter, cmd::EditFilter, cmd::ToggleLayerStatus, cmd::ToggleStatus,
                             cmd::Search, cmd::GoToFeature, cmd::SetMeasuring, cmd::SetBasemap, cmd::SetLayerConfig,
                             cmd::EditStyle, cmd::RefreshLayer, cmd::CancelLoading>;

// Everything a panel may read this frame.
struct UiView {
  UiView(const std::vector<MapLayer>& l, const std::vector<Message>& m, const std::string& t, const std::string& n,
         const std::string& crs)
      : layers(l), messages(m), title(t), notice(n), display_crs(crs) {}
  const std::vector<MapLayer>& layers;  // draw order: front() is drawn first (bottom)
  const std::vector<Message>& messages;
  const std::vector<Basemap>* basemaps = nullptr;
  const std::string& title;
  const std::string& notice;
  const std::string& display_crs;
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
  double now = 0;
  float ui_scale = 1.0f;
  // Timeline.
  geo::Day as_of = geo::kNoDay;   // kNoDay: recorded statuses
  geo::Day min_day = geo::kNoDay, max_day = geo::kNoDay;
  geo::Day data_as_of = geo::kNoDay;
  bool playing = false;
  double days_per_second = 30.0;
  // Walk-through.
  const std::vector<geo::Bookmark>* bookmarks = nullptr;
  int current_bookmark = -1;
  std::string project_path;
  bool unsaved = false;  // the project differs from what was last saved (the view aside)
  // Presentation.
  bool presenting = false;
  double map_scale_m_per_px = 0;  // for the scale bar
  geo::Bbox view_extent;          // what the map shows (display CRS)
  unsigned hidden_statuses = 0;  // bit per Status hidden by the legend
  bool measuring = false;
  // Hover: the topmost feature under the cursor.
  const MapLayer* hover_layer = nullptr;
  uint32_t hover_feature = 0;
};

}  // namespace app
