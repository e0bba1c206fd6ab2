// A loaded layer, a basemap and a message as plain data: what the model holds and
// the panels read. No GL and no futures: GPU objects live in render/ (keyed by the
// layer's id), work in flight in data/.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/classify.hpp"
#include "geo/image.hpp"
#include "geo/layer.hpp"
#include "geo/mesh.hpp"
#include "geo/project.hpp"
#include "geo/spatial_index.hpp"
#include "geo/timeline.hpp"

namespace app {

struct RowStore;  // app/data/loader.hpp

// A database layer's statuses counted by the server over the whole table: the rows
// grouped by status and dates, one group per distinct combination, each with its row
// count. The same rules (classify, timeline) as the map's give each group its status
// on any day; the legend's counts are then exact, whatever part of the table is held.
struct ServerCounts {
  std::vector<geo::Status> recorded;  // per group, its status field as recorded
  geo::Timeline timeline;             // per group, its dates
  std::vector<uint64_t> weights;      // per group, rows
  uint64_t rows = 0;
  geo::StatusCounts on(geo::Day day) const;  // kNoDay: as recorded
};

// A view's rows as they came, drawn over their layer (render/ keys its GPU objects by
// the layer's id) while the job that fetched them merges them into the rows held and
// meshes the lot: a pan to an unseen area shows its rows without waiting for the merge
// and mesh of every row held (Fetch::preview_held). Drawn only: identify, counts and
// labels wait for the merged rows, which replace it.
struct LayerPreview {
  geo::Classification classes;       // of its rows
  geo::Timeline timeline;
  std::optional<geo::Mesh> mesh;     // not yet handed to the GPU (render/ takes it)
  std::vector<uint8_t> state;        // 2 bytes per row, as MapLayer::state
  bool state_dirty = true;
  size_t rows() const { return classes.status.size(); }
};

struct MapLayer {
  uint64_t id = 0;            // unique in the session: render/ keys the layer's GPU objects by it
  size_t slot = 0;            // position of its config in the project: default draw order
  geo::LayerConfig config;
  std::string title;          // what the layer list shows
  geo::VectorLayer data;      // display CRS; kept for identify and statistics
  geo::Classification classes;
  geo::Timeline timeline;          // per-feature dates (built on the loader thread)
  std::vector<geo::Status> status;  // per feature, as of the model's date
  geo::StatusCounts counts{};       // of `status`, over the features the filter lets through
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
  bool filtering = false;           // a database filter is being evaluated on the server
  // Live reload: what the source file looked like when read, and when it was.
  int64_t source_mtime = 0;         // ns on the file clock
  uint64_t source_size = 0;         // 0 = not a local file
  std::string updated;              // "HH:MM:SS" of the last reload, empty before any
  std::string reload_problem;       // why the last reload was refused (last good kept)
  int64_t seen_mtime = 0;           // a change noticed but not reloaded yet …
  uint64_t seen_size = 0;
  double seen_at = 0;               // … since then (waiting for the writer to finish)
  bool reloading = false;
  uint64_t job = 0;                 // while reloading: the loader's job (Loader::submit's id)
  // Database layers (PostGIS). A failed fetch or refresh keeps the last rows, drawn
  // grey, with the reason in reload_problem, and is retried.
  bool database = false;
  std::shared_ptr<RowStore> store;  // every row fetched so far (display CRS)
  std::string change_field;   // column saying when a row changed; empty: refresh reads again
  std::string since;          // the server's clock at the last good read
  double last_refresh = 0.0;  // model clock of the last refresh or retry
  bool streamed = false;      // fetched by view
  bool limited = false;       // the last view's fetch stopped at the row limit
  geo::Bbox limited_box;      // … for this box (display CRS)
  std::vector<geo::Bbox> covered;  // boxes fetched whole (display CRS)
  // Boxes fetched as tiles whose small rows came as their boxes, with the display units
  // per pixel they were made for: a view inside one needs nothing new until it zooms
  // in past twice that.
  std::vector<std::pair<geo::Bbox, double>> coarse;
  // A view fetched alone, its rows drawn first: its margin (the rest of padded()) is
  // fetched next, while the view stays near it (DataServices::stream_by_view).
  geo::Bbox margin_due;
  geo::Bbox margin_fetching;  // the margin's box while its fetch runs (let go if the view leaves it)
  int64_t table_rows = -1;    // the table's row count, as the server gave it
  std::shared_ptr<const ServerCounts> server_counts;  // exact counts of the whole table, when the server gave them
  geo::Day status_day = geo::kNoDay;  // the day `status` is of (recompute_status)
  std::string key_column;              // the table's key (identify fetches rows by it)
  std::vector<int64_t> rows_fetched_for;  // the selection whose whole rows were last asked for
  // The box whose rows were last asked for whole (DataServices::fetch_rows_whole), and
  // when: a fetch that failed is not asked again every frame.
  geo::Bbox whole_asked;
  double whole_asked_at = -1e9;
  bool stale() const { return database && !reload_problem.empty(); }
  // The statistics panel's counts of the features in view (model/visibility.hpp
  // update_view_counts), and what they were counted for: the view, the day, the
  // layer's own counts (a new filter or new rows change them) and its rows.
  geo::StatusCounts view_counts{};
  bool view_counts_whole = false;  // every row of the view was held (see rows_whole_in)
  geo::Bbox view_counted_box;
  geo::Day view_counted_day = geo::kNoDay;
  geo::StatusCounts view_counted_of{};
  size_t view_counted_rows = 0;
  // Geometry tessellated by the loader and not yet handed to the GPU (render/ takes it).
  std::optional<geo::Mesh> mesh;
  // Rows drawn over the layer until the rows they belong to land: a view's fetch while
  // it is merged (one), or a first read's pieces as they come (several).
  std::vector<std::shared_ptr<LayerPreview>> previews;
  // A first read's stand-in while its pieces come (Fetch::pieces): no rows of its own,
  // only `previews`, the table's extent as its bounds and the layer's config; the
  // read's result takes its place and id.
  bool arriving = false;
  // 2 bytes per feature, [status, flags] (model/visibility.hpp), rebuilt when dirty.
  std::vector<uint8_t> state;
  bool state_dirty = true;
  bool dates_dirty = true;  // the timeline changed: the GPU's copy of the dates is old
  bool status_dirty = false;  // `status` changed (a date step): state bytes that carry it are old
  bool visible = true;
  float opacity = 1.0f;
  bool has_status() const { return classes.status_field >= 0; }
};

struct Basemap {
  geo::BasemapConfig config;
  std::string gdal_source;   // what GDAL opens (an XYZ template's tile-service XML)
  geo::Bbox extent;          // the raster's footprint (display CRS)
  std::string error;         // why it cannot be shown
  // The image warped for a settled view: drawn at image_extent until the next one.
  bool has_image = false;
  geo::Bbox image_extent;
  double image_resolution = 0;
  std::optional<geo::Image> fresh;  // warped, not yet uploaded (render/ takes it)
};

struct Message {
  enum class Level { Info, Warning, Error };
  Level level = Level::Info;
  std::string text;
  double time = 0.0;  // seconds since start, for toasts
};

}  // namespace app
