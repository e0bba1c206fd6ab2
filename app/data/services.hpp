// The data services: everything that reads sources for the model, off the UI thread.
// Loading and reloading files (the Loader's workers and reader processes), live
// reload, database streaming and refresh, database filters, basemap warps and the Open
// form's look at a source. They hand their results back into the model on the main
// thread (poll), and never call render/ or ui/.
#pragma once

#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/commands/commands.hpp"
#include "app/data/job_progress.hpp"
#include "app/data/loader.hpp"
#include "app/model/model.hpp"
#include "geo/image.hpp"

namespace app {

// Modification time (ns) and size of a local source (a Shapefile's .dbf and a
// GeoPackage's -wal count too); false for connections and missing files.
bool file_stamp(const std::string& path, int64_t& mtime, uint64_t& size);

// What the command line asks to open (app/cli/options.hpp, less the presentation).
struct Intake {
  std::vector<std::string> inputs;  // projects, datasets, rasters, XYZ templates ("path::layer")
  std::string source_crs;           // --source-crs
  std::string crs;                  // --crs (validated already)
  bool allow_network = false;       // a project may name network sources
  std::optional<geo::Day> as_of;    // --as-of (the clock's starting day)
};

// What a streamed layer fetches around a view: the view and a quarter of it on each
// side, so that small pans need nothing new (data/database.cpp).
geo::Bbox padded(const geo::Bbox& view);

class DataServices {
 public:
  // `offscreen`: a run without a window waits for answers (filters, warps) instead of
  // handing them to workers. `keep_meshes`: hand tessellated geometry to the model for
  // the GPU (false when nothing will draw it).
  DataServices(Model& model, bool offscreen, bool keep_meshes);
  ~DataServices();  // joins the workers

  // The project from the inputs: layers, basemaps, bookmarks; the clock's start.
  void plan(const Intake& intake);
  // The display CRS: --crs, the project's, or one suited to the first layer's data.
  void choose_display_crs(const std::string& crs_option);
  // Starts reading every layer. `extent` (--extent) or else the project's view is the
  // first view: a streamed table fetches it first, and arriving layers do not refit it.
  void start_loading(const std::optional<geo::Bbox>& extent);
  // Hands finished work to the model (main thread). Returns commands for answers that
  // belong to a form (cmd::Inspected).
  std::vector<Command> poll();
  // Waits (bounded) until every read has ended; false when nothing loaded and something failed.
  bool finish_loading();
  bool idle() const;
  void wait_for_result(int timeout_ms);
  // For the status bar: jobs, features read, each source with Cancel.
  size_t pending() const;
  uint64_t features_read() const;
  std::vector<JobProgress> progress() const;
  void cancel(size_t slot);

  // Every second: reload local files that changed and have been still for a second.
  void watch_sources();
  // Database layers: refresh on the project's interval, retry a lost server.
  void refresh_databases();
  // Streamed tables: fetch what the settled view needs: an unseen view's rows first,
  // then (with `margins`) the margin around it that small pans will need. A batch
  // export, which moves from stop to stop, asks without margins.
  void stream_by_view(bool margins = true);
  // Streamed tables: the selected rows whole, by key (a zoomed-out view's tiles bring
  // only status and dates), for the identify panel.
  void fetch_selected_rows();
  // Streamed tables: every row meeting `box` (display CRS), whole, merged into the rows
  // held, for what counts and lists rows by area (the report); none is fetched where
  // a whole-row fetch already covered the box. Whether any fetch was submitted.
  bool fetch_rows_whole(const geo::Bbox& box);
  void refresh_layer(MapLayer& layer);
  void reread_layer(MapLayer& layer);
  // A layer's attribute filter: at once for files (and offscreen), on a worker for a
  // database; the answer reaches the layer in poll().
  void apply_filter(MapLayer& layer, const std::string& where);
  // Basemaps warped for the camera's view (settled): on a worker, or at once (`wait`).
  void update_basemaps(bool wait);
  bool warping() const;

  // A streamed table's view fetch hands its rows over first, drawn over the layer while
  // they are merged, when more rows than this are held (Fetch::preview_held; tests
  // lower it). Never where nothing draws (keep_meshes false).
  size_t preview_held = kPreviewHeld;
  // A streamed table's first read hands its pieces over as they come, drawn as the
  // table fills in (Fetch::pieces): in a window (not where nothing draws them, nor in
  // a batch, whose image waits for every row anyway). Tests set it, and its pace.
  PiecePace pieces;
  // Previews taken so far (each replaced by its fetch's merged rows), and what to call
  // when one is taken (a batch's trace draws it, as a window's next frame would).
  size_t previews_taken() const { return previews_taken_; }
  std::function<void()> on_preview;

  // Opening data while running: layers of a dataset, a raster as a basemap, a
  // project's layers. Returns the path as opened (absolute for files).
  std::string add_layers(const cmd::AddLayers& what);
  void inspect(const std::string& path);
  // Files dropped on the window, as the Open dialog would take them.
  std::vector<Command> take_dropped(const std::vector<std::string>& paths);

 private:
  struct PendingFilter {
    uint64_t layer_id = 0;
    std::string where;
    std::vector<int64_t> fids;  // the rows it was asked over
    std::future<geo::Result<std::vector<uint8_t>>> answer;
  };
  struct Warp {
    std::future<geo::Result<geo::Image>> image;
    geo::Bbox extent;
    double resolution = 0;
  };
  void take_new_layers(LoadResult& r);
  void take_reload(LoadResult& r);
  void take_preview(LoadResult& r);
  // A first read's stand-in for `loaded`'s table (MapLayer::arriving), in draw order.
  void add_arriving(const LoadResult& r, const LoadedLayer& loaded);
  // A layer's first read: of the view `view` (its rows as a pan's), or with none the
  // table fitted to the window; pieces drawn as they come where `pieces` says.
  Fetch first_fetch(const std::optional<geo::Bbox>& view) const;
  void take_database_result(MapLayer& layer, LoadResult& r, LoadedLayer& loaded);
  void swap_in(MapLayer& layer, LoadedLayer& loaded);
  void derive_from_rows(MapLayer& layer, int investment_field);
  void submit_fetch(MapLayer& layer, Fetch fetch);
  void take_filter(MapLayer& layer, const std::string& where, geo::Result<std::vector<uint8_t>> mask);
  void poll_filters();
  void add_basemap(const std::string& path);
  std::string gdal_source(const geo::BasemapConfig& c) const;
  void take_warp(size_t index);
  bool allowed(const std::string& source, const std::string& project_path, bool allow_network);

  Model& m_;
  bool offscreen_;
  bool keep_meshes_;
  std::unique_ptr<Loader> loader_;
  std::string tile_cache_;  // XYZ tiles are cached here (~/.cache/renewmap/tiles)
  double last_watch_ = 0.0;
  size_t previews_taken_ = 0;
  bool initial_extent_ = false;  // --extent was given: arriving layers never refit the view
  std::vector<PendingFilter> filters_;
  std::vector<Warp> warps_;  // per basemap
  // Database layers' infos as choose_display_crs inspected them, by source and layer:
  // handed to their first read (Fetch::infos).
  std::map<std::string, std::vector<geo::LayerInfo>> inspected_;
  std::future<geo::Result<std::vector<geo::LayerInfo>>> inspecting_;
  std::string inspecting_path_;
};

}  // namespace app
