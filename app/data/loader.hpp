// Background loading: read (GDAL), reproject (PROJ), classify and tessellate on worker
// threads; finished layers are handed to the main thread through a queue, where they
// are uploaded. The UI keeps drawing meanwhile.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/data/job_progress.hpp"
#include "app/model/layer.hpp"
#include "geo/classify.hpp"
#include "geo/layer.hpp"
#include "geo/mesh.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"
#include "geo/result.hpp"
#include "geo/timeline.hpp"

namespace app {

// The rows of a database layer fetched so far (display CRS), shared by the layer and
// the jobs that add to it. The data services run one job at a time per store.
struct RowStore {
  std::mutex mutex;
  geo::VectorLayer rows;
};

// A streamed table's rows held, at most (about 200 bytes each as boxes, more whole).
inline constexpr size_t kHeldRows = 2000000;

// Rows held past which a view's fetch hands its own rows over before merging them
// (Fetch::preview_held): below it the merge and mesh of every row take tens of ms.
inline constexpr size_t kPreviewHeld = 200000;
// How the first read of a streamed table (no store yet) hands its first pieces over as
// they come (LoadResult::preview, LoadResult::first_pieces): a window draws the table
// filling in, where it would show nothing until all of it came (ten million rows: 15 s
// here). Each hand-over waits `every` seconds and as many rows as were handed over
// before (each is drawn with all before it), and they stop at `upto` of the rows
// expected: the rest comes whole. Only where at least `from` rows are expected (a few
// seconds' wait here): each drawing of them takes a share of the cores the read needs.
// (On this machine's two cores 10M rows took 19.7 s against 17.6 s, first drawn after
// 1.1 s; pieces drawn to the end took the read from 10.5 to 19 s; 1M took 1.8 s against
// 1.4 s, first drawn at 0.5 s.) Off where nothing draws them.
struct PiecePace {
  bool on = false;
  double every = 0.25;
  double upto = 0.25;
  size_t from = kHeldRows;
  double rows = 65536;  // rows a piece holds, about (geo::pg::TileRequest; tests lower it)
};

// Part of a database layer: the rows a view needs, or those changed since a time.
struct Fetch {
  std::optional<geo::Bbox> box;    // display CRS; the worker turns it into the table's
  std::string where;               // SQL the server applies (e.g. a change column test)
  bool replace = false;            // the rows replace the store's instead of merging
  std::shared_ptr<RowStore> store;  // merge into it; the result carries all its rows
  // Streamed tables: display units per pixel of the view (the tiles' zoom), and whether
  // the server counts the whole table again (not needed when only the view moved).
  double pixel = 0;
  bool recount = true;
  // No box yet (the first read, no extent asked for): the viewport's size in pixels,
  // so that the whole table comes as the tiles of a view fitted to it.
  int viewport_w = 0, viewport_h = 0;
  // Rows asked for by key (the selection's whole rows): not a refresh, so the time of
  // the last read (what a change-column refresh asks after) stays.
  bool by_key = false;
  // A view's fetch of a streamed table: when the rows held would pass this many, those
  // far from the view (not meeting the fetched box grown by half its size on each side)
  // are let go, except rows meeting one of `keep` (a box another part of the program
  // has fetched whole and still needs: an area's chart).
  size_t held_budget = kHeldRows;
  std::vector<geo::Bbox> keep;
  // A view's margin, fetched after the view itself (display CRS): the rows meeting this
  // box came in that fetch, so they are left out here, and not taken as deleted.
  std::optional<geo::Bbox> except;
  // The view shown when the fetch was asked for (display CRS): the buckets it needs
  // drawn as geometry come tessellated (geo::build_view_geometry), not by its frames.
  std::optional<geo::Bbox> view;
  // A view's fetch merging into more rows held than this hands the view's rows over
  // first, meshed on their own (LoadResult::preview), and then the merged rows: the
  // merge and the mesh grow with the rows held, not with the rows fetched (a 4× pan on
  // 1M parcels: 90-200 ms of its job).
  size_t preview_held = kPreviewHeld;
  // The first read of a streamed table's first pieces, drawn as they come (PiecePace).
  PiecePace pieces;
  // A database source's layers as inspected just before (when the display CRS was
  // chosen from them): the first read does not open the source again to learn them.
  std::optional<std::vector<geo::LayerInfo>> infos;
};

// Database tables with more rows than this are streamed by view (a project's "stream"
// setting overrides); one fetch brings at most kStreamLimit rows (the project's
// "stream_limit" overrides), with a notice.
inline constexpr int64_t kStreamRows = 100000;
inline constexpr uint64_t kStreamLimit = 250000;

struct LoadedLayer {
  geo::VectorLayer data;  // in the display CRS
  geo::Classification classes;
  geo::Timeline timeline;
  int investment_field = -1;
  geo::Mesh mesh;
  size_t failed_vertices = 0;  // vertices PROJ could not transform
  // Database layers.
  std::shared_ptr<RowStore> store;  // every row fetched so far
  std::string source_crs;           // the table's CRS (fetch boxes are turned into it)
  size_t fetched = 0;               // rows this job brought
  bool streamed = false;            // fetched by view, not whole
  bool unchanged = false;           // a refresh that brought nothing: data, mesh left empty
  int64_t table_rows = -1;          // the server's count, when it gave one
  std::shared_ptr<const ServerCounts> server_counts;  // when this job counted the table
  std::string key_column;  // the table's key column
};

struct LoadResult {
  size_t slot = 0;  // index of the job's config in the project (draw order)
  uint64_t job = 0;  // the id Loader::submit gave
  bool reload = false;  // a changed file read again (replaces, never blanks, the layer)
  geo::LayerConfig config;
  std::vector<LoadedLayer> layers;
  std::vector<geo::Error> errors;
  std::vector<geo::Error> warnings;
  double seconds = 0.0;
  // Database sources: the server's clock when the read began (the next refresh asks
  // for rows changed since), whether a view's fetch hit the limit, and what it asked.
  std::string server_time;
  bool limited = false;
  bool fetch = false;
  geo::Bbox fetch_box;       // display CRS
  geo::Bbox spared;          // Fetch::except as the server applied it (display CRS): rows meeting it were left out
  double sample_percent = 0;  // > 0: zoomed out, a TABLESAMPLE of this many percent
  uint64_t row_limit = 0;     // the most rows one fetch brought
  // Fetched by the server's tiles (geo/pg_tiles.hpp): how many, at which zoom, whether
  // rows came as their boxes, how, and the bytes.
  size_t tiles = 0;
  int tile_zoom = 0;
  bool tile_boxes = false;
  bool tile_copy = false;  // the tiles' rows came whole by COPY, not as vector tiles
  size_t tile_bytes = 0;
  double tile_pixel = 0;  // display units per pixel the tiles were made for
  geo::Bbox shown;        // the view the fetch was for (Fetch::view; the first read's fitted view)
  bool by_key = false;    // Fetch::by_key
  bool margin = false;    // a view's margin (Fetch::except): cancelled, it is no failure
  // The fetch's rows alone (Fetch::preview_held), handed over before its merged rows,
  // which the same job's result (the next with this id) brings: each layer's data holds
  // only its name and source, its mesh and classes are of the fetched rows.
  bool preview = false;
  // A preview of a first read's pieces (Fetch::pieces): no layer holds its rows yet.
  // Each layer's data also carries the table's extent (display CRS) as its bounds.
  bool first_pieces = false;
  // Rows held far from the view and let go (Fetch::held_budget); the boxes of those
  // still held whole are then those inside held_box or one of `kept` (Fetch::keep).
  size_t let_go = 0;
  geo::Bbox held_box;
  std::vector<geo::Bbox> kept;
};

class Loader {
 public:
  explicit Loader(int threads = 2);
  ~Loader();  // cancels what is queued and joins the workers
  Loader(const Loader&) = delete;
  Loader& operator=(const Loader&) = delete;

  // Returns the job's id (never 0), which its LoadResult carries.
  uint64_t submit(size_t slot, const geo::LayerConfig& config, const std::string& display_crs, bool reload = false,
                  Fetch fetch = {});
  // Takes every finished result (main thread).
  std::vector<LoadResult> take_finished();
  bool idle() const;  // nothing queued, running or waiting to be taken
  // Features read so far by running jobs, for the progress bar.
  uint64_t features_read() const { return features_read_.load(); }
  size_t pending() const;
  // Every queued or running job. Cancel stops the jobs of a project slot: queued ones
  // end at once, a running read is stopped (its reader process killed); each ends
  // with a "loading cancelled" error.
  std::vector<JobProgress> progress() const;
  void cancel(size_t slot);
  // The same for one job (submit's id): a slot's other jobs (its other tables) go on.
  void cancel_job(uint64_t id);
  // Blocks until a result is ready or `timeout_ms` passes.
  void wait_for_result(int timeout_ms);

 private:
  struct Job {
    uint64_t id = 0;
    size_t slot;
    geo::LayerConfig config;
    std::string display_crs;
    bool reload = false;
    Fetch fetch;
    std::shared_ptr<std::atomic<bool>> cancelled = std::make_shared<std::atomic<bool>>(false);
    std::shared_ptr<std::atomic<uint64_t>> done = std::make_shared<std::atomic<uint64_t>>(0);
    std::shared_ptr<std::atomic<uint64_t>> total = std::make_shared<std::atomic<uint64_t>>(0);
  };
  struct DatabaseRead {
    bool streamed = false, keyed = false;
    bool replace = false;  // rows were deleted: read whole, replacing what is held
    int64_t table_rows = -1;
    std::shared_ptr<geo::pg::Groups> groups;  // the server's grouped counts
    std::string key_column;
    std::string except;  // SQL leaving out the rows of Fetch::except (tiles and COPY)
  };
  bool read_tiles(const Job& job, const geo::LayerInfo& info, const geo::ReadOptions& o, LoadResult& r,
                  DatabaseRead& t, geo::ReadOutcome& one);
  void work();
  LoadResult run(const Job& job);
  // A result handed over while its job runs on (a preview): taken like any other.
  void hand_over(LoadResult&& r);
  // `rows` (display CRS) on their own as a preview of `r`'s job: their statuses and
  // dates, and their mesh with the view's geometry built, as merged rows' would be.
  static LoadResult preview_of(const geo::LayerConfig& config, const LoadResult& r, const geo::VectorLayer& rows);
  // Cancels the jobs `which` picks (under mutex_): see cancel().
  template <class Which>
  void cancel_where(Which which);
  geo::ReadOutcome read_database(const Job& job, const geo::ReadOptions& base, LoadResult& r,
                                 std::vector<DatabaseRead>& tables);

  // What each database source's tables are (their layers' info, their columns as an
  // empty layer, their PostgreSQL types), from the last fetch that counted: a fetch for a moved view
  // (Fetch::recount false) reuses them instead of opening GDAL's driver twice, whose
  // opening counts every row of the table (twice).
  struct TableShape {
    std::vector<geo::LayerInfo> infos;
    std::map<std::string, std::shared_ptr<const geo::VectorLayer>> columns;  // by table
    std::map<std::string, std::map<std::string, std::string>> types;         // by table: geo::pg::column_types
  };
  static std::string shape_key(const Job& job) { return job.config.source + '\n' + job.config.layer; }
  std::mutex shapes_mutex_;
  std::map<std::string, TableShape> shapes_;  // by shape_key: the source and the layer asked for

  mutable std::mutex mutex_;
  std::condition_variable jobs_cv_, done_cv_;
  std::deque<Job> jobs_;
  std::vector<Job> running_jobs_;  // copies sharing the flags and counters
  std::vector<LoadResult> done_;
  size_t running_ = 0;
  uint64_t next_id_ = 1;
  bool stopping_ = false;
  std::atomic<uint64_t> features_read_{0};
  std::atomic<bool> cancel_{false};
  std::vector<std::thread> workers_;
};

}  // namespace app
