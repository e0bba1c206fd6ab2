#include "app/app.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <fstream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <limits>
#include <filesystem>

#include "app/data/reader_process.hpp"
#include "app/drop.hpp"
#include "app/model/autosave.hpp"
#include "app/ui/panels.hpp"
#include "embedded_uitext.hpp"
#include "geo/info.hpp"
#include "geo/raster.hpp"
#include "geo/timeline.hpp"
#include "geo/image.hpp"
#include "geo/pg.hpp"
#include "geo/reader.hpp"
#include "geo/tessellate.hpp"

namespace app {
namespace fs = std::filesystem;

namespace {

const auto g_start = std::chrono::steady_clock::now();

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// Unsaved changes reach the autosave file within this many seconds.
constexpr double kAutosaveSeconds = 5.0;
// How long --screenshot waits for data before drawing what it has (never hang).
constexpr double kScreenshotLoadLimitSeconds = 1800.0;
// Layers up to this size get per-feature label boxes (labels need names on screen;
// bigger layers are labelled by the planner tools' search instead).
constexpr size_t kLabelFeatures = 50000;
// Text legible from the back of a room: body text at least this many pixels at
// 1080 lines, scaled with the output height.
constexpr float kPresentBodyPx = 26.0f;

}  // namespace

std::string default_project_path(const char* argv0) {
  const fs::path rel = fs::path("assets") / "laoshan" / "laoshan.project.json";
  std::error_code ec;
  // Beside the executable's source tree first (build/app/renewmap → ../../assets), then
  // the installed tree (/usr/bin/renewmap → ../share/renewmap/assets), then the tree
  // the binary was built from. /proc/self/exe: argv0 is a bare name when found on PATH.
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::weakly_canonical(fs::path(argv0), ec);
  if (!exe.empty()) {
    exe = exe.parent_path();
    for (fs::path dir = exe; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
      if (fs::exists(dir / rel, ec)) return (dir / rel).string();
    const fs::path installed = exe.parent_path() / "share" / "renewmap" / rel;
    if (fs::exists(installed, ec)) return installed.string();
  }
  return (fs::path(RENEWMAP_SOURCE_DIR) / rel).string();
}

App::App(Options options, std::string default_project)
    : options_(std::move(options)), default_project_(std::move(default_project)) {}

App::~App() {
  loader_.reset();  // join workers before GL objects and the window go
  layers_.clear();
  renderer_.reset();
}

double App::now() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_start).count();
}

void App::report(Message::Level level, const std::string& text) {
  const char* tag = level == Message::Level::Error ? "error" : level == Message::Level::Warning ? "warning" : "info";
  std::fprintf(stderr, "renewmap: %s: %s\n", tag, text.c_str());
  if (messages_.size() > 500) messages_.erase(messages_.begin());
  messages_.push_back({level, text, now()});
  fonts_.require(text);
}

bool App::open_window(bool visible) {
  std::string error;
  std::string title = "renewmap";
  if (!window_.open(options_.width, options_.height, title, visible, error)) {
    report(Message::Level::Error, error);
    return false;
  }
  content_scale_ = visible ? window_.content_scale() : 1.0f;
  load_settings();
  ui_scale_ = content_scale_ * (visible ? user_scale_ : 1.0f);
  apply_style();
  // Fonts (fontconfig, a 20 MB CJK face) only when a UI will be drawn.
  if (visible || !options_.hide_ui) {
    const std::string font_warning = fonts_.init(body_font_px(options_.height, !visible));
    if (!font_warning.empty()) report(Message::Level::Warning, font_warning);
    fonts_.require(uitext::panels_cpp);
    fonts_.require(uitext::app_cpp);
    fonts_.require(uitext::walkthrough_panels_cpp);
    fonts_.require(uitext::presentation_cpp);
    fonts_.require(uitext::identify_panel_cpp);
    fonts_.require(uitext::open_panel_cpp);
    fonts_.require(uitext::search_panel_cpp);
    fonts_.require(uitext::style_panel_cpp);
    for (int i = 0; i < geo::kStatusCount; ++i) fonts_.require(geo::status_label(static_cast<geo::Status>(i)));
  }
  renderer_ = std::make_unique<MapRenderer>();
  std::string shader_error;
  if (!renderer_->init(shader_error)) {
    report(Message::Level::Error, "map shaders failed to build; the map cannot be drawn: " + shader_error);
    // Offscreen there is nothing to show without the map; a window keeps running
    // with its panels, the message, identify, search and --info-like panels.
    renderer_.reset();
    return visible;
  }
  gl_ok_ = true;
  return true;
}

namespace {
// A raster with no vector layers: it is drawn as a basemap (a GeoPackage holding
// both is read for its vector layers).
bool basemap_only(const std::string& path) { return data::basemap_only(path, data::quick_limits()); }
}  // namespace

void App::plan() {
  std::vector<std::string> inputs = options_.inputs;
  if (inputs.empty()) inputs.push_back(default_project_);
  const char* home = std::getenv("HOME");
  tile_cache_ = std::string(home && *home ? home : "/tmp") + "/.cache/renewmap/tiles";
  // A project may open local files only, unless the user asked for network sources:
  // a project from someone else must not make the viewer reach out on its own.
  auto allowed = [&](const std::string& source, const std::string& project_path) {
    if (options_.allow_network || !geo::is_network_source(source)) return true;
    report(Message::Level::Error, "'" + project_path + "' names a network source (" + source.substr(0, 80) +
                                      "); a project opens only local files unless you ask for network sources "
                                      "(run with --allow-network)");
    ++failed_sources_;
    return false;
  };
  bool have_project = false;
  std::vector<std::string> seen_inputs;
  for (const std::string& input : inputs) {
    if (std::find(seen_inputs.begin(), seen_inputs.end(), input) != seen_inputs.end()) {
      report(Message::Level::Warning, "'" + input + "' is given more than once; it is loaded once");
      continue;
    }
    seen_inputs.push_back(input);
    if (geo::looks_like_project(input)) {
      auto p = geo::load_project(input);
      if (!p) {
        report(Message::Level::Error, p.error().what());
        ++failed_sources_;
        continue;
      }
      for (const std::string& w : p->warnings) report(Message::Level::Warning, "'" + input + "': " + w);
      std::vector<geo::LayerConfig> layers;
      for (const geo::LayerConfig& c : p->layers)
        if (allowed(c.source, input)) layers.push_back(c);
      std::vector<geo::BasemapConfig> basemaps;
      for (geo::BasemapConfig b : p->basemaps) {
        if (!allowed(b.source, input)) continue;
        basemaps.push_back(b);
      }
      if (!have_project) {
        auto earlier = std::move(project_.layers);
        auto earlier_basemaps = std::move(project_.basemaps);
        project_ = std::move(*p);
        project_.layers = earlier;
        project_.layers.insert(project_.layers.end(), layers.begin(), layers.end());
        project_.basemaps = earlier_basemaps;
        project_.basemaps.insert(project_.basemaps.end(), basemaps.begin(), basemaps.end());
        have_project = true;
      } else {
        project_.layers.insert(project_.layers.end(), layers.begin(), layers.end());
        project_.basemaps.insert(project_.basemaps.end(), basemaps.begin(), basemaps.end());
      }
    } else if (geo::is_xyz_template(input)) {  // the user asked for it: allowed
      geo::BasemapConfig b;
      b.source = input;  // the template itself: that is what a saved project keeps
      b.title = "XYZ tiles";
      project_.basemaps.push_back(b);
    } else if (basemap_only(input)) {
      geo::BasemapConfig b;  // a raster without vector layers: a basemap
      b.source = input;
      b.title = fs::path(input).filename().string();
      project_.basemaps.push_back(b);
    } else {
      const geo::SourceSpec spec = geo::parse_source_spec(input);
      geo::LayerConfig lc;
      lc.source = spec.path;
      lc.layer = spec.layer;
      lc.crs = options_.source_crs;
      project_.layers.push_back(lc);
    }
  }
  // The same source named twice would be drawn and counted twice: keep the first.
  {
    std::vector<geo::LayerConfig> unique;
    for (const geo::LayerConfig& c : project_.layers) {
      const bool seen = std::any_of(unique.begin(), unique.end(), [&](const geo::LayerConfig& u) {
        return u.source == c.source && u.layer == c.layer;
      });
      if (seen)
        report(Message::Level::Warning, "'" + c.source + "'" + (c.layer.empty() ? "" : " layer '" + c.layer + "'") +
                                            " is named more than once; it is loaded once");
      else
        unique.push_back(c);
    }
    project_.layers = std::move(unique);
  }
  hidden_statuses_ = project_.hidden_statuses;
  fonts_.require(project_.title);
  fonts_.require(project_.notice);
  // The walk-through panel lists every stop by name before any is visited.
  for (const geo::Bookmark& b : project_.bookmarks) {
    fonts_.require(b.name);
    fonts_.require(b.caption);
  }
  as_of_ = starting_day();
  std::string title = project_.title.empty() ? "renewmap" : project_.title + " — renewmap";
  if (!project_.notice.empty()) title += " (" + project_.notice + ")";
  window_.set_title(title);
}

void App::choose_display_crs() {
  if (!options_.crs.empty()) {
    display_crs_ = options_.crs;  // validated in run()
  } else if (!project_.crs.empty()) {
    if (geo::describe_crs(project_.crs)) {
      display_crs_ = project_.crs;
    } else {
      report(Message::Level::Warning, "'" + project_.path + "': display CRS '" + project_.crs +
                                          "' is unknown to PROJ; choosing one from the data");
    }
  }
  // From the data: the first layer that has a CRS decides.
  for (size_t i = 0; display_crs_.empty() && i < project_.layers.size(); ++i) {
    auto infos = data::inspect_source({project_.layers[i].source, project_.layers[i].layer}, data::quick_limits());
    if (!infos) continue;
    for (const geo::LayerInfo& info : *infos) {
      const std::string& layer_crs = project_.layers[i].crs.empty() ? info.crs : project_.layers[i].crs;
      // A layer with nothing to draw does not decide (nor one whose features have no
      // geometry GDAL could place: a KML gx:Track the KML driver cannot read).
      if (layer_crs.empty() || info.feature_count == 0 || info.extent.empty()) continue;
      // Nor does one whose coordinates cannot be in its CRS (metres labelled lon/lat).
      auto crs = geo::describe_crs(layer_crs);
      const geo::Bbox& e = info.extent;
      if (crs && crs->geographic && !e.empty() &&
          (e.min_x < -360 || e.max_x > 360 || e.min_y < -90 || e.max_y > 90))
        continue;
      display_crs_ = geo::suggest_display_crs(layer_crs, info.extent);
      break;
    }
  }
  if (display_crs_.empty()) display_crs_ = "EPSG:3857";
  if (auto t = geo::Transformer::create(display_crs_, "EPSG:4490")) to_lonlat_.emplace(std::move(*t));
  if (auto t = geo::Transformer::create(display_crs_, "EPSG:4549")) to_gk120_.emplace(std::move(*t));
}

namespace {
geo::Bbox padded(const geo::Bbox& v);
std::string stream_notice(const LoadResult& r);
std::string box_text(const geo::Bbox& b);  // "x0,y0,x1,y1", as the log prints a fetched box
}  // namespace

// What GDAL opens for a basemap: an XYZ tile template becomes a GDAL tile-service
// description with the on-disk cache; anything else is opened as it is.
std::string App::gdal_source(const geo::BasemapConfig& c) const {
  return geo::is_xyz_template(c.source) ? geo::xyz_source(c.source, tile_cache_) : c.source;
}

void App::start_loading() {
  for (const geo::BasemapConfig& c : project_.basemaps) {
    Basemap b;
    b.config = c;
    b.gdal_source = gdal_source(c);
    auto extent = data::raster_extent(b.gdal_source, display_crs_, data::quick_limits());
    if (extent) {
      b.extent = *extent;
    } else {
      b.error = extent.error().reason;
      report(Message::Level::Error, extent.error().what());
      ++failed_sources_;
    }
    basemaps_.push_back(std::move(b));
  }
  loader_ = std::make_unique<Loader>(2);
  // A streamed database table fetches the first view when it is known already.
  const std::optional<geo::Bbox> first_view = options_.extent ? options_.extent : project_.extent;
  for (size_t i = 0; i < project_.layers.size(); ++i) {
    Fetch f;
    if (first_view && geo::is_database_source(project_.layers[i].source)) f.box = padded(*first_view);
    loader_->submit(i, project_.layers[i], display_crs_, false, std::move(f));
  }
}

// Each visible basemap warped into the view at screen resolution. Offscreen renders
// wait for it; the window hands it to a worker and uploads it when it arrives (the
// last texture is drawn meanwhile, at its own extent), so a slow raster or tile
// service never freezes the UI.
void App::update_basemaps(bool wait) {
  const geo::Bbox view = camera_.visible_extent();
  const double res = camera_.resolution();
  auto same_view = [&](const geo::Bbox& e, double r) {
    return r == res && e.min_x == view.min_x && e.max_y == view.max_y && e.max_x == view.max_x;
  };
  // A finished warp: its texture, or its error.
  auto take = [&](Basemap& b) {
    auto img = b.warping.get();
    if (img) {
      upload_basemap(b, *img, b.warping_extent, b.warping_resolution);
    } else {
      b.error = img.error().reason;
      report(Message::Level::Error, img.error().what());
    }
  };
  for (Basemap& b : basemaps_) {
    if (b.warping.valid()) {
      if (wait) b.warping.wait();
      if (b.warping.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;  // one at a time
      take(b);
    }
    if (!b.config.visible || !b.error.empty() || b.extent.empty()) continue;
    if (b.texture && same_view(b.texture_extent, b.texture_resolution)) continue;
    b.warping_extent = view;
    b.warping_resolution = res;
    b.warping = std::async(std::launch::async, [source = b.gdal_source, crs = display_crs_, view,
                                                w = camera_.width(), h = camera_.height()] {
      return data::warp_raster(source, crs, view, w, h);
    });
    if (wait) take(b);
  }
}

void App::upload_basemap(Basemap& b, const geo::Image& img, const geo::Bbox& extent, double resolution) {
  if (!b.texture) b.texture = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, b.texture.id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img.width, img.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, img.rgba.data());
  b.texture_extent = extent;
  b.texture_resolution = resolution;
  map_view_.invalidate();
}

geo::Bbox App::data_bounds() const {
  geo::Bbox b;
  for (const MapLayer& l : layers_)
    if (l.visible) b.add(l.data.bounds);
  if (b.empty())
    for (const MapLayer& l : layers_) b.add(l.data.bounds);
  if (b.empty())
    for (const Basemap& m : basemaps_) b.add(m.extent);
  return b;
}

void App::fit_initial_view() {
  if (options_.extent) {
    camera_.fit(*options_.extent, 0.0);
  } else if (project_.extent) {
    camera_.fit(*project_.extent, 0.0);
  } else {
    const geo::Bbox b = data_bounds();
    if (b.empty()) return;
    camera_.fit(b, 0.03);
  }
}

// ImGui's light style, rounded, sized for ui_scale_ (from scratch: ScaleAllSizes
// multiplies whatever sizes the style already has).
void App::apply_style() {
  ImGuiStyle style;
  ImGui::StyleColorsLight(&style);
  style.WindowRounding = 6.0f;
  style.FrameRounding = 3.0f;
  style.ScaleAllSizes(ui_scale_);
  ImGui::GetStyle() = style;
}

// Presenting: 26 px at 1080 lines, more on taller frames, never less; the user's UI
// scale may enlarge it for a far screen but not shrink it below that floor, and an
// offscreen export is the same whatever that setting is. At the desk: 16 px × scale.
float App::body_font_px(int framebuffer_height, bool offscreen) const {
  if (presenting_ || options_.present) {
    const float base = std::max(kPresentBodyPx, kPresentBodyPx * framebuffer_height / 1080.0f);
    return offscreen ? base : base * std::max(1.0f, user_scale_);
  }
  return 16.0f * ui_scale_;
}

// Fullscreen switches and monitor moves reach the framebuffer a few frames later on
// some window systems: text follows the framebuffer height and the monitor's
// content scale (HiDPI) whenever they change.
void App::follow_window_size() {
  int w = 0, h = 0;
  window_.framebuffer_size(w, h);
  const float scale = window_.content_scale();
  if (scale != content_scale_) {
    content_scale_ = scale;
    ui_scale_ = content_scale_ * user_scale_;
    apply_style();
    map_view_.invalidate();
  }
  if (h > 0) fonts_.set_size(body_font_px(h));
}

// ---- status as of a date ----

// The stamp of a local source file (a Shapefile's .dbf counts too): modification time
// and size. False for connections and missing files.
bool file_stamp(const std::string& path, int64_t& mtime, uint64_t& size) {
  if (path.rfind("PG:", 0) == 0 || path.rfind("/vsi", 0) == 0) return false;
  std::error_code ec;
  // libstdc++'s file clock counts from 2174, so times are negative: start below them.
  mtime = std::numeric_limits<int64_t>::min();
  size = 0;
  std::vector<fs::path> parts{fs::path(path)};
  if (fs::path(path).extension() == ".shp") parts.push_back(fs::path(path).replace_extension(".dbf"));
  // A GeoPackage (SQLite) edited in WAL mode — as QGIS does — changes only its -wal
  // file until a checkpoint: that file's time and size count too, when it exists.
  if (const fs::path wal = path + "-wal"; fs::exists(wal, ec)) parts.push_back(wal);
  for (const fs::path& p : parts) {
    const auto t = fs::last_write_time(p, ec);
    if (ec) return false;
    mtime = std::max<int64_t>(mtime, std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
    size += fs::file_size(p, ec);
    if (ec) return false;
  }
  return true;
}

void App::recompute_status(MapLayer& l) {
  if (as_of_ != geo::kNoDay && l.timeline.has_dates)
    geo::statuses_on(l.timeline, as_of_, l.status);
  else
    l.status = l.classes.status;
  recount(l);
  l.state_dirty = true;
}

// The legend's and the statistics' counts: the features the attribute filter lets
// through, each in its status on the current date. (Statuses hidden by a checkbox
// still count: their rows say what the checkbox hides.)
void App::recount(MapLayer& l) { l.counts = geo::count_statuses(l.status, l.filter_pass); }

void App::set_as_of(geo::Day day) {
  as_of_ = day;
  for (MapLayer& l : layers_) recompute_status(l);
  map_view_.invalidate();
}

void App::update_day_range() {
  min_day_ = max_day_ = geo::kNoDay;
  for (const MapLayer& l : layers_) {
    if (!l.timeline.has_dates) continue;
    if (min_day_ == geo::kNoDay || l.timeline.min_day < min_day_) min_day_ = l.timeline.min_day;
    if (max_day_ == geo::kNoDay || l.timeline.max_day > max_day_) max_day_ = l.timeline.max_day;
  }
}

void App::refresh_state(MapLayer& l) {
  const size_t n = l.data.feature_count();
  l.state.resize(2 * n);
  for (size_t f = 0; f < n; ++f) {
    const auto s = static_cast<uint8_t>(f < l.status.size() ? l.status[f] : geo::Status::Unknown);
    l.state[2 * f] = s;
    // Hidden by the legend's status checkboxes or by the layer's attribute filter.
    const unsigned hidden = hidden_statuses_ | l.config.hidden_statuses;
    const bool shown = !(l.has_status() && (hidden >> s) & 1u) &&
                       (l.filter_pass.empty() || (f < l.filter_pass.size() && l.filter_pass[f]));
    l.state[2 * f + 1] = shown ? kFlagVisible : 0;
  }
  for (uint32_t f : l.selected)
    if (f < n) l.state[2 * f + 1] |= kFlagSelected;
  if (gl_ok_) l.gpu.set_state(l.state);
  l.state_dirty = false;
  map_view_.invalidate();
}

void App::poll_loader() {
  if (!loader_) return;
  bool added = false;
  for (LoadResult& r : loader_->take_finished()) {
    if (r.reload) {
      take_reload(r);
      continue;
    }
    for (const geo::Error& e : r.errors) {
      report(Message::Level::Error, e.what());
      ++failed_sources_;
    }
    for (const geo::Error& w : r.warnings) report(Message::Level::Warning, w.what());
    const bool several = r.layers.size() > 1;
    for (LoadedLayer& loaded : r.layers) {
      MapLayer l;
      l.slot = r.slot;
      l.config = r.config;
      l.title = r.config.title.empty() ? loaded.data.name
                                       : (several ? r.config.title + " · " + loaded.data.name : r.config.title);
      l.visible = r.config.visible;
      l.opacity = r.config.style.opacity;
      l.data = std::move(loaded.data);
      l.classes = std::move(loaded.classes);
      l.timeline = std::move(loaded.timeline);
      file_stamp(l.data.source, l.source_mtime, l.source_size);
      if (loaded.store) {  // a database table
        l.database = true;
        l.store = loaded.store;
        l.streamed = loaded.streamed;
        l.table_rows = loaded.table_rows;
        l.since = r.server_time;
        l.last_refresh = now();
        const int cc = geo::change_column(l.data.attributes.names());
        if (cc >= 0) l.change_field = l.data.attributes.names()[static_cast<size_t>(cc)];
        if (l.streamed) {
          if (r.limited) l.limited = true, l.limited_box = r.fetch_box.empty() ? l.data.bounds : r.fetch_box;
          else if (!r.fetch_box.empty()) l.covered.push_back(r.fetch_box);
          else l.covered.push_back(geo::Bbox{-1e300, -1e300, 1e300, 1e300});  // the whole table came
          report(Message::Level::Info, layer_label(l) + ": " + std::to_string(l.table_rows) +
                                           " rows, streamed by view: fetched " + std::to_string(loaded.fetched) +
                                           " features in " +
                                           (r.fetch_box.empty() ? "the whole table" : "view " + box_text(r.fetch_box)) +
                                           stream_notice(r));
        }
      }
      derive_from_rows(l, loaded.investment_field);
      if (!l.config.filter.empty()) {  // the project's saved filter (shown in its field even if refused)
        l.filter = l.config.filter;
        apply_filter(l, l.config.filter);
      }
      recompute_status(l);
      if (gl_ok_) {
        l.gpu.upload(std::move(loaded.mesh), l.data.feature_count());
        refresh_state(l);
      }
      fonts_.require(l.title);
      // Draw order follows the project, whatever order the workers finish in.
      auto pos = std::find_if(layers_.begin(), layers_.end(), [&](const MapLayer& x) { return x.slot > l.slot; });
      layers_.insert(pos, std::move(l));
      ++loaded_layers_;
      search_stale_ = true;
      added = true;
    }
  }
  if (!added) return;
  update_day_range();
  map_view_.invalidate();
  if (!view_set_by_user_ && !options_.extent && !project_.extent) fit_initial_view();
}

void App::take_reload(LoadResult& r) {
  // Which layer: the same project slot and layer name.
  auto find = [&](const std::string& name) -> MapLayer* {
    for (MapLayer& l : layers_)
      if (l.slot == r.slot && l.data.name == name) return &l;
    return nullptr;
  };
  for (MapLayer& l : layers_)
    if (l.slot == r.slot) l.reloading = false;
  std::string problem;
  for (const geo::Error& e : r.errors) problem += (problem.empty() ? "" : "; ") + e.reason;
  // libpq's messages span lines: one line in the panel and the log.
  for (char& c : problem)
    if (c == '\n' || c == '\t') c = ' ';
  while (!problem.empty() && problem.back() == ' ') problem.pop_back();
  for (const geo::Error& w : r.warnings)
    if (w.reason.find("read with errors") != std::string::npos) problem += (problem.empty() ? "" : "; ") + w.reason;
  // A database layer: its own rules (greyed while the server is away, merged rows).
  for (MapLayer& l : layers_) {
    if (l.slot != r.slot || !l.database) continue;
    if (!problem.empty() || r.layers.empty()) {
      const bool first = l.reload_problem.empty();
      l.reload_problem = problem.empty() ? "the table is gone" : problem;
      l.last_refresh = now();
      if (first)
        report(Message::Level::Warning, layer_label(l) + ": the database does not answer (" + l.reload_problem +
                                            "); showing the last data, greyed, and retrying");
      continue;
    }
    for (LoadedLayer& loaded : r.layers)
      if (loaded.data.name == l.data.name) take_database_result(l, r, loaded);
  }
  if (std::any_of(layers_.begin(), layers_.end(), [&](const MapLayer& l) { return l.slot == r.slot && l.database; })) {
    map_view_.invalidate();
    return;
  }
  for (LoadedLayer& loaded : r.layers) {
    MapLayer* l = find(loaded.data.name);
    if (!l) continue;
    // A half-written or broken file never blanks the layer: keep the last good one.
    std::string why = problem;
    if (why.empty() && loaded.data.feature_count() == 0 && l->data.feature_count() > 0)
      why = "the file now has no features (still being written?)";
    if (!why.empty()) {
      l->reload_problem = why;
      file_stamp(l->data.source, l->source_mtime, l->source_size);  // retry only when it changes again
      report(Message::Level::Warning, "'" + l->data.source + "' layer '" + l->data.name +
                                          "' changed but could not be read; kept the last good version: " + why);
      continue;
    }
    swap_in(*l, loaded);
    file_stamp(l->data.source, l->source_mtime, l->source_size);
    l->reload_problem.clear();
    report(Message::Level::Info, "'" + l->data.source + "' layer '" + l->data.name + "' updated at " + l->updated + ": " +
                                     std::to_string(l->data.feature_count()) + " features, " +
                                     std::to_string(l->counts[static_cast<size_t>(geo::Status::Completed)]) +
                                     " completed");
  }
  if (r.layers.empty() && !problem.empty())
    for (MapLayer& l : layers_)
      if (l.slot == r.slot) {
        l.reload_problem = problem;
        file_stamp(l.data.source, l.source_mtime, l.source_size);  // retry only when it changes again
        report(Message::Level::Warning, "'" + l.data.source + "' changed but could not be read; kept the last good "
                                        "version: " + problem);
      }
  map_view_.invalidate();
}

namespace {
std::string clock_text() {
  const std::time_t t = std::time(nullptr);
  char hms[16];
  std::strftime(hms, sizeof hms, "%H:%M:%S", std::localtime(&t));
  return hms;
}
// What a presenter should know about a streamed fetch that did not bring every row.
std::string stream_notice(const LoadResult& r) {
  if (r.sample_percent > 0) {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.0f%%", r.sample_percent);
    return std::string(" (zoomed out: a ") + pct + " sample spread over the view; zoom in for every row)";
  }
  if (r.limited) return " (the first " + std::to_string(r.row_limit) + " rows: zoom in for the rest)";
  return "";
}
std::string box_text(const geo::Bbox& b) {
  char text[160];
  std::snprintf(text, sizeof text, "%.3f,%.3f,%.3f,%.3f", b.min_x, b.min_y, b.max_x, b.max_y);
  return text;
}
// What a streamed layer fetches for a view: the view and a quarter of it on each side,
// so that small pans need nothing new.
geo::Bbox padded(const geo::Bbox& v) {
  geo::Bbox b = v;
  b.min_x -= v.width() / 4, b.max_x += v.width() / 4;
  b.min_y -= v.height() / 4, b.max_y += v.height() / 4;
  return b;
}
}  // namespace

std::string App::layer_label(const MapLayer& l) {
  return "'" + geo::without_password(l.data.source) + "' layer '" + l.data.name + "'";
}

void App::derive_from_rows(MapLayer& l, int investment_field) {
  l.investment.clear();
  if (investment_field >= 0) {
    l.investment.resize(l.data.feature_count());
    for (size_t f = 0; f < l.investment.size(); ++f)
      l.investment[f] = std::strtof(std::string(l.data.attributes.get(f, investment_field)).c_str(), nullptr);
  }
  l.boxes.clear();
  if (l.data.feature_count() <= kLabelFeatures && l.classes.name_field >= 0) {
    l.boxes.resize(l.data.feature_count());
    for (size_t f = 0; f < l.boxes.size(); ++f) {
      l.boxes[f] = l.data.feature_bounds(f);
      fonts_.require(l.data.attributes.get(f, static_cast<size_t>(l.classes.name_field)));
    }
  }
}

void App::swap_in(MapLayer& l, LoadedLayer& loaded) {
  // Keep the selection by feature id across the new rows.
  std::vector<int64_t> selected_fids;
  for (uint32_t f : l.selected)
    if (f < l.data.fids.size()) selected_fids.push_back(l.data.fids[f]);
  l.data = std::move(loaded.data);
  l.classes = std::move(loaded.classes);
  l.timeline = std::move(loaded.timeline);
  l.index.reset();
  l.selected.clear();
  for (size_t f = 0; f < l.data.fids.size(); ++f)
    if (std::find(selected_fids.begin(), selected_fids.end(), l.data.fids[f]) != selected_fids.end())
      l.selected.push_back(static_cast<uint32_t>(f));
  derive_from_rows(l, loaded.investment_field);
  if (!l.filter.empty()) {
    l.filter_pass.clear();  // the rows changed: everything shows until the filter is evaluated again
    apply_filter(l, l.filter);
  }
  recompute_status(l);
  if (gl_ok_) l.gpu.upload(std::move(loaded.mesh), l.data.feature_count());
  l.updated = clock_text();
  l.state_dirty = true;
  search_stale_ = true;
  update_day_range();
}

void App::take_database_result(MapLayer& l, LoadResult& r, LoadedLayer& loaded) {
  const bool had_problem = !l.reload_problem.empty();
  l.reload_problem.clear();
  l.since = r.server_time;
  l.last_refresh = now();
  l.updated = clock_text();
  if (l.streamed && r.fetch) {
    if (r.limited) l.limited = true, l.limited_box = r.fetch_box;
    else if (!r.fetch_box.empty()) l.covered.push_back(r.fetch_box), l.limited = false;
  }
  if (had_problem) report(Message::Level::Info, layer_label(l) + ": the database answers again");
  if (loaded.unchanged) {  // nothing new: keep everything as drawn
    if (had_problem) l.state_dirty = true;
    return;
  }
  l.store = loaded.store;
  swap_in(l, loaded);
  if (r.fetch && !r.fetch_box.empty()) {
    report(Message::Level::Info, layer_label(l) + ": fetched " + std::to_string(loaded.fetched) + " features in view " +
                                     box_text(r.fetch_box) + stream_notice(r) + "; " +
                                     std::to_string(l.data.feature_count()) + " held");
  } else {
    report(Message::Level::Info, layer_label(l) + " updated at " + l.updated + ": " + std::to_string(loaded.fetched) +
                                     " rows fetched, " + std::to_string(l.data.feature_count()) + " features, " +
                                     std::to_string(l.counts[static_cast<size_t>(geo::Status::Completed)]) +
                                     " completed");
  }
}

void App::submit_refresh(MapLayer& l) {
  if (!loader_ || l.reloading) return;
  Fetch f;
  f.store = l.store;
  if (!l.change_field.empty() && !l.since.empty()) {
    f.where = geo::changed_since_clause(l.change_field, l.since);  // only what changed
  } else if (l.streamed) {
    f.box = padded(camera_.visible_extent());  // what is in view, again
  } else {
    f.replace = true;  // the whole table again
  }
  l.last_refresh = now();
  submit_fetch(l, std::move(f));
}

void App::submit_fetch(MapLayer& l, Fetch f) {
  l.reloading = true;
  geo::LayerConfig c = l.config;
  c.layer = l.data.name;
  loader_->submit(l.slot, c, display_crs_, true, std::move(f));
}

void App::refresh_databases() {
  for (MapLayer& l : layers_) {
    if (!l.database || l.reloading) continue;
    double every = l.config.refresh_seconds;
    if (l.stale()) every = every > 0 ? std::min(every, 10.0) : 10.0;  // a lost server: retry
    if (every > 0 && now() - l.last_refresh >= every) submit_refresh(l);
  }
}

void App::stream_by_view() {
  if (!loader_ || dragging_ || fly_ || now() - last_view_change_ < 0.3) return;
  const geo::Bbox view = camera_.visible_extent();
  if (view.empty()) return;
  for (MapLayer& l : layers_) {
    if (!l.streamed || !l.visible || l.reloading || l.stale()) continue;
    if (std::any_of(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return b.contains(view); }))
      continue;
    // The last fetch was a sample (or cut at the limit): nothing better to get while
    // this view still shows more than a quarter of what it covered, i.e. until the
    // user zooms in past 2× or pans away.
    const geo::Bbox& b = l.limited_box;
    if (l.limited && !b.empty() && view.overlap_area(b) * 4 >= b.width() * b.height()) continue;
    Fetch f;
    f.store = l.store;
    f.box = padded(view);
    submit_fetch(l, std::move(f));
  }
}

void App::apply_filter(MapLayer& l, const std::string& where) {
  const geo::SourceSpec spec{l.config.source, l.data.name};
  const bool offscreen = !options_.screenshot.empty() || !options_.export_slides.empty();
  if (!l.database || offscreen) {
    take_filter(l, where, data::filter_source(spec, l.data.fids, l.data.encoding, where, l.data.driver));
    return;
  }
  l.filtering_where = where;
  l.filtering_fids = l.data.fids;
  l.filtering = std::async(std::launch::async, [spec, where, fids = l.filtering_fids, enc = l.data.encoding] {
    return geo::filter_features(spec, spec.layer, fids, enc, where);  // a database: no reader process
  });
}

void App::take_filter(MapLayer& l, const std::string& where, geo::Result<std::vector<uint8_t>> mask) {
  if (!mask) {
    l.filter_error = mask.error().reason;
    return;
  }
  l.filter = where;
  l.config.filter = where;
  l.filter_error.clear();
  l.filter_pass = std::move(*mask);
  recount(l);
  l.state_dirty = true;
}

void App::poll_filters() {
  for (MapLayer& l : layers_) {
    if (!l.filtering.valid() || l.filtering.wait_for(std::chrono::seconds(0)) != std::future_status::ready) continue;
    auto mask = l.filtering.get();
    if (l.filtering_fids != l.data.fids) {  // the rows changed meanwhile: ask again
      apply_filter(l, l.filtering_where);
      continue;
    }
    take_filter(l, l.filtering_where, std::move(mask));
  }
}

void App::poll_inspection() {
  if (!inspecting_.valid() ||
      inspecting_.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return;
  auto infos = inspecting_.get();
  open_form_.busy = false;
  if (!infos) {
    open_form_.error = infos.error().what();
    return;
  }
  for (const geo::LayerInfo& i : *infos) {
    open_form_.layers.push_back(i.name);
    open_form_.chosen.push_back(1);
    fonts_.require(i.name);
    if (!i.has_geometry && infos->size() == 1) {
      open_form_.needs_columns = true;
      open_form_.fields = i.fields;
      for (const auto& f : i.fields) fonts_.require(f);
    }
  }
}

void App::watch_sources() {
  // Every second: a file whose stamp changed is reloaded once it has been still for a
  // second (a colleague's save may take a while), on the worker threads.
  if (now() - last_watch_ < 1.0) return;
  last_watch_ = now();
  for (MapLayer& l : layers_) {
    if (l.source_size == 0 || l.reloading) continue;  // not a local file (or empty)
    int64_t mtime = 0;
    uint64_t size = 0;
    if (!file_stamp(l.data.source, mtime, size)) continue;
    if (mtime == l.source_mtime && size == l.source_size) continue;
    if (mtime != l.seen_mtime || size != l.seen_size) {
      l.seen_mtime = mtime, l.seen_size = size, l.seen_at = now();
      continue;
    }
    if (now() - l.seen_at < 1.0) continue;
    l.reloading = true;
    geo::LayerConfig c = l.config;
    c.layer = l.data.name;
    loader_->submit(l.slot, c, display_crs_, true);
  }
}

bool App::finish_loading() {
  const double deadline = now() + kScreenshotLoadLimitSeconds;
  while (!loader_->idle() && now() < deadline) {
    loader_->wait_for_result(100);
    poll_loader();
  }
  poll_loader();
  if (!loader_->idle()) {
    report(Message::Level::Error, "loading did not finish within the time limit; drawing what has loaded");
    ++failed_sources_;
  }
  return loaded_layers_ > 0 || failed_sources_ == 0;
}

// ---- walk-through ----

int App::find_bookmark(const std::string& name) const {
  const auto& b = project_.bookmarks;
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].name == name) return static_cast<int>(i);
  // A prefix is enough ("全区" or "Zhangcun"): scripts should not need the full name.
  for (size_t i = 0; i < b.size(); ++i)
    if (b[i].name.rfind(name, 0) == 0 || b[i].name.find(name) != std::string::npos) return static_cast<int>(i);
  char* end = nullptr;
  const long n = std::strtol(name.c_str(), &end, 10);  // or its number, 1-based
  if (end && *end == '\0' && n >= 1 && n <= static_cast<long>(b.size())) return static_cast<int>(n - 1);
  return -1;
}

// The clock starts on the data's own date (statuses then equal the recorded ones for
// consistent data); --as-of overrides. kNoDay when neither is given.
geo::Day App::starting_day() const {
  return geo::parse_date(options_.as_of.empty() ? project_.data_as_of : options_.as_of).value_or(geo::kNoDay);
}

void App::go_to_bookmark(size_t index, bool animate) {
  if (index >= project_.bookmarks.size()) return;
  const geo::Bookmark& b = project_.bookmarks[index];
  current_bookmark_ = static_cast<int>(index);
  Camera target = camera_;
  target.fit(b.extent, 0.0);
  if (animate) {
    fly_to(target);
  } else {
    camera_ = target;
    fly_.reset();
  }
  view_set_by_user_ = true;
  // A stop without a date of its own shows the starting date, never the date the
  // previous stop (or the slider) left, so each slide shows the same thing whatever
  // the order it is reached in.
  // (kNoDay: the recorded statuses.)
  set_as_of(geo::parse_date(b.as_of).value_or(starting_day()));
  // A bookmark names the layers it shows; one that names none shows the project's
  // own choice, so a walk-through never inherits what the previous stop hid.
  for (MapLayer& l : layers_)
    l.visible = b.has_layers ? std::find(b.layers.begin(), b.layers.end(), l.title) != b.layers.end() ||
                                   std::find(b.layers.begin(), b.layers.end(), l.data.name) != b.layers.end()
                             : l.config.visible;
  fonts_.require(b.caption);
  fonts_.require(b.name);
  map_view_.invalidate();
}

void App::fly_to(const Camera& target) {
  fly_.emplace(view_of(camera_), view_of(target));
  fly_start_ = now();
  fly_seconds_ = fly_->recommended_seconds();
}

geo::Bookmark App::bookmark_of_current_view(const std::string& name) const {
  geo::Bookmark b;
  b.name = name;
  b.extent = camera_.visible_extent();
  if (as_of_ != geo::kNoDay) b.as_of = geo::format_date(as_of_);
  b.has_layers = true;
  for (const MapLayer& l : layers_)
    if (l.visible) b.layers.push_back(l.title);
  return b;
}

// The project as the user has it now: what Save writes (to `path`), and what the
// unsaved-changes check compares. `kept` counts layers that did not load.
geo::Project App::project_snapshot(const std::string& path, size_t* kept_out) const {
  geo::Project out = project_;
  out.path = path;
  out.crs = display_crs_;
  out.extent = camera_.visible_extent();  // the view, restored on open
  out.hidden_statuses = static_cast<uint8_t>(hidden_statuses_);  // the legend's checkboxes
  out.basemaps.clear();
  for (const Basemap& b : basemaps_) out.basemaps.push_back(b.config);
  // Layers in their current order, with visibility, opacity and filter; each
  // remembers the project slot it came from.
  out.layers.clear();
  std::vector<size_t> slots;
  std::vector<bool> loaded(project_.layers.size(), false);
  for (const MapLayer& l : layers_) {
    if (l.slot < loaded.size()) loaded[l.slot] = true;
    geo::LayerConfig c = l.config;
    c.visible = l.visible;
    c.style.opacity = l.opacity;
    c.filter = l.filter;
    if (std::none_of(out.layers.begin(), out.layers.end(), [&](const geo::LayerConfig& x) {
          return x.source == c.source && x.layer == c.layer;
        })) {
      out.layers.push_back(c);
      slots.push_back(l.slot);
    }
  }
  // A layer that did not load (a file missing today, a server down) stays in the
  // project as it was given, after the loaded layer that preceded it, so that saving
  // never loses a layer the user did not remove.
  size_t kept = 0;
  for (size_t s = 0; s < project_.layers.size(); ++s) {
    if (loaded[s]) continue;
    size_t at = 0;
    for (size_t i = 0; i < slots.size(); ++i)
      if (slots[i] < s) at = i + 1;
    out.layers.insert(out.layers.begin() + static_cast<long>(at), project_.layers[s]);
    slots.insert(slots.begin() + static_cast<long>(at), s);
    ++kept;
  }
  if (kept_out) *kept_out = kept;
  return out;
}

// What "unsaved changes" compares: the project as it would be saved, without the
// view (panning is not an edit).
std::string App::unsaved_key() const {
  geo::Project p = project_snapshot(project_.path, nullptr);
  p.extent.reset();
  return geo::project_to_json(p);
}

bool App::save_project(const std::string& path_in) {
  std::string path = path_in.empty() ? project_.path : path_in;
  if (path.empty()) path = (fs::current_path() / "renewmap.project.json").string();
  size_t kept = 0;
  const geo::Project out = project_snapshot(path, &kept);
  auto written = geo::write_file_atomic(path, geo::project_to_json(out));
  if (!written) {
    report(Message::Level::Error, written.error().what());
    return false;
  }
  project_.path = path;
  saved_state_ = unsaved_key();
  unsaved_ = false;
  discard_autosave();  // saved: nothing left to restore
  report(Message::Level::Info, "saved " + path +
                                   (kept ? " (" + std::to_string(kept) + " layer(s) that did not load kept as given)"
                                         : std::string()));
  return true;
}

// Files dropped on the window, as the Open dialog would take them: a shapefile's
// sidecars (.dbf, .shx, .prj …) are part of their .shp, not layers of their own; a
// raster becomes a basemap; a dataset with several layers, or a table whose
// coordinate columns need choosing, opens the Open dialog to pick (one at a time: a
// second such file is added whole, and the log says so); anything else is added.
void App::take_dropped(const std::vector<std::string>& paths) {
  bool form_taken = false;
  for (const std::string& path : paths) {
    const DropAction action = classify_drop(path);
    if (action == DropAction::Skip) continue;
    if (action == DropAction::Pick && !form_taken) {
      form_taken = true;
      open_form_.visible = true;
      open_form_.path = path;
      commands_.push_back(cmd::InspectPath{path});
      report(Message::Level::Info, "'" + path + "': choose its layers (or columns) in the Open dialog");
      continue;
    }
    if (action == DropAction::Pick)
      report(Message::Level::Info, "'" + path + "': every layer added (the Open dialog picks some)");
    commands_.push_back(cmd::AddLayers{path, {}, {}, {}});
  }
}

void App::add_basemap(const std::string& path) {
  geo::BasemapConfig c;
  c.source = path;
  c.title = fs::path(path).filename().string();
  Basemap b;
  b.config = c;
  b.gdal_source = gdal_source(c);
  auto extent = data::raster_extent(b.gdal_source, display_crs_, data::quick_limits());
  if (!extent) {
    report(Message::Level::Error, extent.error().what());
    return;
  }
  b.extent = *extent;
  project_.basemaps.push_back(c);
  basemaps_.push_back(std::move(b));
  if (layers_.empty() && basemaps_.size() == 1) camera_.fit(basemaps_.back().extent, 0.03);
  report(Message::Level::Info, "'" + path + "' added as a basemap, under the vector layers");
  map_view_.invalidate();
}

void App::add_layers(const std::string& path_in, const std::vector<std::string>& layers, const std::string& csv_x,
                     const std::string& csv_y) {
  std::error_code ec;
  const std::string path =
      path_in.rfind("PG:", 0) == 0 || path_in.rfind("/vsi", 0) == 0 ? path_in : fs::absolute(path_in, ec).string();
  fonts_.require(path);
  if (basemap_only(path)) {
    add_basemap(path);  // as on the command line
  } else if (geo::looks_like_project(path)) {  // a dropped project adds its layers
    auto p = geo::load_project(path);
    if (!p) {
      report(Message::Level::Error, p.error().what());
      return;
    }
    for (const geo::LayerConfig& c : p->layers) {
      project_.layers.push_back(c);
      loader_->submit(project_.layers.size() - 1, c, display_crs_);
    }
  } else {
    std::vector<std::string> names = layers;
    if (names.empty()) names.push_back({});  // every layer of the dataset
    for (const std::string& name : names) {
      geo::LayerConfig c;
      c.source = path;
      c.layer = name;
      c.csv_x = csv_x;
      c.csv_y = csv_y;
      project_.layers.push_back(c);
      loader_->submit(project_.layers.size() - 1, c, display_crs_);
    }
  }
  auto& recent = open_form_.recent;  // kept in the settings file: never a password
  const std::string remembered = geo::is_database_source(path) ? geo::without_password(path) : path;
  recent.erase(std::remove(recent.begin(), recent.end(), remembered), recent.end());
  recent.insert(recent.begin(), remembered);
  if (recent.size() > 10) recent.resize(10);
  open_form_.visible = false;
  save_settings();
}

// ---- settings (remembered UI scale, recent files) ----

void App::load_settings() {
  const char* home = std::getenv("HOME");
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  if (!(xdg && *xdg) && !(home && *home)) return;
  settings_path_ = (xdg && *xdg ? std::string(xdg) : std::string(home) + "/.config") + "/renewmap/settings.json";
  std::ifstream in(settings_path_);
  if (!in) return;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_object() && j.contains("ui_scale") && j["ui_scale"].is_number())
    user_scale_ = std::clamp(j["ui_scale"].get<float>(), 0.75f, 3.0f);
  if (j.is_object() && j.contains("recent") && j["recent"].is_array())
    for (const auto& r : j["recent"])
      if (r.is_string() && open_form_.recent.size() < 10) open_form_.recent.push_back(r.get<std::string>());
}

void App::save_settings() {
  if (settings_path_.empty()) return;
  std::error_code ec;
  fs::create_directories(fs::path(settings_path_).parent_path(), ec);
  nlohmann::json j;
  j["ui_scale"] = user_scale_;
  j["recent"] = open_form_.recent;
  auto r = geo::write_file_atomic(settings_path_, j.dump(2) + "\n");
  if (!r) report(Message::Level::Warning, r.error().what());
}

// ---- commands ----

void App::set_presenting(bool on) {
  presenting_ = on;
  window_.set_fullscreen(on);
  follow_window_size();
  map_view_.invalidate();
}

void App::apply(const Command& c) {
  map_view_.invalidate();
  std::visit(Overloaded{
                 [&](const cmd::SetVisible& x) {
                   if (x.layer < layers_.size()) layers_[x.layer].visible = x.visible;
                 },
                 [&](const cmd::SetOpacity& x) {
                   if (x.layer < layers_.size()) layers_[x.layer].opacity = std::clamp(x.opacity, 0.0f, 1.0f);
                 },
                 [&](const cmd::MoveLayer& x) {
                   const long to = static_cast<long>(x.layer) + x.delta;
                   if (x.layer < layers_.size() && to >= 0 && to < static_cast<long>(layers_.size())) {
                     std::swap(layers_[x.layer], layers_[static_cast<size_t>(to)]);
                     search_stale_ = true;  // results name layers by position
                   }
                 },
                 [&](const cmd::ZoomToLayer& x) {
                   if (x.layer < layers_.size() && !layers_[x.layer].data.bounds.empty()) {
                     camera_.fit(layers_[x.layer].data.bounds, 0.05);
                     view_set_by_user_ = true;
                   }
                 },
                 [&](const cmd::ZoomAll&) {
                   const geo::Bbox b = data_bounds();
                   if (!b.empty()) camera_.fit(b, 0.03);
                   view_set_by_user_ = true;
                 },
                 [&](const cmd::ClearMessages&) { messages_.clear(); },
                 [&](const cmd::SetAsOf& x) {
                   playing_ = false;
                   set_as_of(x.day);
                 },
                 [&](const cmd::SetPlaying& x) {
                   playing_ = x.playing && max_day_ != geo::kNoDay;
                   if (playing_ && (as_of_ == geo::kNoDay || as_of_ >= max_day_)) set_as_of(min_day_);
                   play_accum_ = 0;
                 },
                 [&](const cmd::SetSpeed& x) { days_per_second_ = std::clamp(x.days_per_second, 1.0, 365.0); },
                 [&](const cmd::GoToBookmark& x) { go_to_bookmark(x.index, true); },
                 [&](const cmd::AddBookmark&) {
                   project_.bookmarks.push_back(
                       bookmark_of_current_view("视图 View " + std::to_string(project_.bookmarks.size() + 1)));
                   current_bookmark_ = static_cast<int>(project_.bookmarks.size()) - 1;
                 },
                 [&](const cmd::UpdateBookmark& x) {
                   if (x.index >= project_.bookmarks.size()) return;
                   geo::Bookmark& b = project_.bookmarks[x.index];
                   geo::Bookmark now_view = bookmark_of_current_view(b.name);
                   now_view.caption = b.caption;
                   b = now_view;
                 },
                 [&](const cmd::RenameBookmark& x) {
                   if (x.index >= project_.bookmarks.size()) return;
                   project_.bookmarks[x.index].name = x.name;
                   project_.bookmarks[x.index].caption = x.caption;
                   fonts_.require(x.name);
                   fonts_.require(x.caption);
                 },
                 [&](const cmd::MoveBookmark& x) {
                   const long to = static_cast<long>(x.index) + x.delta;
                   if (x.index < project_.bookmarks.size() && to >= 0 &&
                       to < static_cast<long>(project_.bookmarks.size())) {
                     std::swap(project_.bookmarks[x.index], project_.bookmarks[static_cast<size_t>(to)]);
                     current_bookmark_ = static_cast<int>(to);
                   }
                 },
                 [&](const cmd::DeleteBookmark& x) {
                   if (x.index >= project_.bookmarks.size()) return;
                   project_.bookmarks.erase(project_.bookmarks.begin() + static_cast<long>(x.index));
                   current_bookmark_ = -1;
                 },
                 [&](const cmd::SaveProject& x) { save_project(x.path); },
                 [&](const cmd::Quit& x) {
                   if (x.save && !save_project({})) return;  // the error is shown; stay
                   if (!x.save) discard_autosave();  // the user chose to drop the changes
                   close_confirmed_ = true;
                   window_.request_close();
                 },
                 [&](const cmd::SetPresenting& x) { set_presenting(x.on); },
                 [&](const cmd::SetUiScale& x) {
                   user_scale_ = std::clamp(x.scale, 0.75f, 3.0f);
                   ui_scale_ = content_scale_ * user_scale_;
                   apply_style();
                   follow_window_size();
                   save_settings();
                 },
                 [&](const cmd::ClearSelection&) {
                   for (MapLayer& l : layers_)
                     if (!l.selected.empty()) l.selected.clear(), l.state_dirty = true;
                 },
                 [&](const cmd::InspectPath& x) {
                   // On a worker: a database may take up to its connect timeout to
                   // answer, a network share a while; the window keeps drawing.
                   open_form_.layers.clear();
                   open_form_.chosen.clear();
                   open_form_.error.clear();
                   open_form_.needs_columns = false;
                   open_form_.fields.clear();
                   open_form_.x_column = open_form_.y_column = -1;
                   open_form_.inspected = x.path;
                   open_form_.busy = true;
                   inspecting_ = std::async(std::launch::async,
                                            [path = x.path] { return data::inspect_source({path, {}}, data::quick_limits()); });
                 },
                 [&](const cmd::AddLayers& x) { add_layers(x.path, x.layers, x.csv_x, x.csv_y); },
                 [&](const cmd::CancelLoading& x) {
                   if (loader_) loader_->cancel(x.slot);
                 },
                 [&](const cmd::ShowOpen& x) { open_form_.visible = x.visible; },
                 [&](const cmd::CopyText& x) { window_.set_clipboard(x.text); },
                 [&](const cmd::SetFilter& x) {
                   if (x.layer < layers_.size()) apply_filter(layers_[x.layer], x.where);
                 },
                 [&](const cmd::ToggleStatus& x) {
                   hidden_statuses_ ^= 1u << x.status;
                   for (MapLayer& l : layers_) l.state_dirty = true;
                 },
                 [&](const cmd::ToggleLayerStatus& x) {
                   if (x.layer >= layers_.size() || x.status < 0 || x.status >= geo::kStatusCount) return;
                   MapLayer& l = layers_[x.layer];
                   l.config.hidden_statuses = static_cast<uint8_t>(l.config.hidden_statuses ^ (1u << x.status));
                   l.state_dirty = true;
                 },
                 [&](const cmd::EditFilter& x) {
                   if (x.layer >= layers_.size()) return;
                   MapLayer& l = layers_[x.layer];
                   l.filter_draft = x.where;
                   // Checked against the layer's columns as typed; a database checks its
                   // own SQL when the filter is applied.
                   l.filter_draft_error = l.database ? std::string() : geo::check_filter(l.data, x.where).value_or("");
                 },
                 [&](const cmd::Search& x) {
                   if (search_stale_ || !search_index_) {
                     std::vector<const geo::VectorLayer*> data;
                     std::vector<std::vector<int>> columns;
                     for (const MapLayer& l : layers_) {
                       data.push_back(&l.data);
                       std::vector<int> cols;
                       if (l.classes.name_field >= 0) cols.push_back(l.classes.name_field);
                       // name_en, then the layer's configured search fields (an address …).
                       std::vector<std::string> more{"name_en"};
                       more.insert(more.end(), l.config.search_fields.begin(), l.config.search_fields.end());
                       for (const std::string& field : more) {
                         const int c = l.data.attributes.find(field);
                         if (c >= 0 && std::find(cols.begin(), cols.end(), c) == cols.end()) cols.push_back(c);
                       }
                       columns.push_back(cols);
                     }
                     search_index_ = geo::SearchIndex::build(data, columns);
                     search_stale_ = false;
                   }
                   search_form_.results.clear();
                   for (const geo::SearchHit& h : search_index_->query(x.text, 50)) {
                     if (h.layer >= layers_.size()) continue;
                     const MapLayer& l = layers_[h.layer];
                     // "名称 · name_en — layer", whichever column matched.
                     const int name = l.classes.name_field >= 0 ? l.classes.name_field : h.column;
                     std::string label(l.data.attributes.get(h.feature, static_cast<size_t>(name)));
                     const int en = l.data.attributes.find("name_en");
                     if (en >= 0 && en != name) label += " · " + std::string(l.data.attributes.get(h.feature, en));
                     label += "  — " + l.title;
                     fonts_.require(label);
                     search_form_.results.push_back({h.layer, h.feature, label});
                   }
                 },
                 [&](const cmd::GoToFeature& x) {
                   if (x.layer >= layers_.size() || x.feature >= layers_[x.layer].data.feature_count()) return;
                   MapLayer& l = layers_[x.layer];
                   geo::Bbox b = l.data.feature_bounds(x.feature);
                   if (b.empty()) return;
                   // Show the feature with room around it, at least 300 map units across.
                   const double pad = std::max({b.width(), b.height(), 300.0 * (geo::describe_crs(display_crs_)->geographic ? 1e-5 : 1.0)});
                   b.min_x -= pad, b.min_y -= pad, b.max_x += pad, b.max_y += pad;
                   Camera target = camera_;
                   target.fit(b, 0.0);
                   fly_to(target);
                   view_set_by_user_ = true;
                   for (MapLayer& other : layers_)
                     if (!other.selected.empty()) other.selected.clear(), other.state_dirty = true;
                   l.visible = true;
                   l.selected = {x.feature};
                   l.state_dirty = true;
                 },
                 [&](const cmd::SetBasemap& x) {
                   if (x.index >= basemaps_.size()) return;
                   basemaps_[x.index].config.visible = x.visible;
                   basemaps_[x.index].config.opacity = std::clamp(x.opacity, 0.0f, 1.0f);
                 },
                 [&](const cmd::RefreshLayer& x) {
                   if (x.layer < layers_.size() && layers_[x.layer].database) submit_refresh(layers_[x.layer]);
                 },
                 [&](const cmd::EditStyle& x) {
                   if (x.layer >= layers_.size()) return;
                   style_form_ = ui::StyleForm{};
                   style_form_.visible = true;
                   style_form_.layer = x.layer;
                   style_form_.config = layers_[x.layer].config;
                 },
                 [&](const cmd::SetLayerConfig& x) {
                   if (x.layer >= layers_.size()) return;
                   MapLayer& l = layers_[x.layer];
                   const bool reread = x.config.encoding != l.config.encoding;
                   l.config = x.config;
                   l.opacity = x.config.style.opacity;
                   if (reread && loader_) {  // a new text encoding means reading the file again
                     geo::LayerConfig c = l.config;
                     c.layer = l.data.name;
                     l.reloading = true;
                     loader_->submit(l.slot, c, display_crs_, true);
                   }
                   // Reclassify from the attributes in memory; geometry stays on the GPU.
                   l.classes = geo::classify(l.data, l.config);
                   l.timeline = geo::build_timeline(l.data, l.classes.status);
                   recompute_status(l);
                   update_day_range();
                   search_stale_ = true;
                   if (l.classes.name_field >= 0 && l.boxes.empty() && l.data.feature_count() <= kLabelFeatures) {
                     l.boxes.resize(l.data.feature_count());
                     for (size_t f = 0; f < l.boxes.size(); ++f) l.boxes[f] = l.data.feature_bounds(f);
                   }
                   if (l.classes.name_field >= 0)
                     for (size_t f = 0; f < l.data.feature_count() && f < kLabelFeatures; ++f)
                       fonts_.require(l.data.attributes.get(f, static_cast<size_t>(l.classes.name_field)));
                 },
                 [&](const cmd::SetMeasuring& x) {
                   measuring_ = x.on;
                   measure_xy_.clear();
                   measure_done_ = false;
                   if (measuring_ && !measurer_) {
                     auto m = geo::Measurer::create(display_crs_);
                     if (m) measurer_.emplace(std::move(*m));
                     else report(Message::Level::Error, m.error().what());
                   }
                 },
                 [&](const cmd::GoToCoordinate& x) {
                   double a = 0, b = 0;
                   char sep = 0;
                   std::istringstream in(x.text);
                   if (!(in >> a) || !(in >> std::ws) || (in.peek() == ',' && !(in >> sep)) || !(in >> b)) {
                     report(Message::Level::Warning, "go to: '" + x.text + "' is not two numbers");
                     return;
                   }
                   // Plausible lon/lat is taken as CGCS2000; anything else as display-CRS units.
                   if (std::abs(a) <= 180 && std::abs(b) <= 90 && !geo::describe_crs(display_crs_)->geographic) {
                     auto t = geo::Transformer::create("EPSG:4490", display_crs_);
                     if (!t || !t->transform_point(a, b)) {
                       report(Message::Level::Warning, "go to: cannot place " + x.text + " in " + display_crs_);
                       return;
                     }
                   }
                   Camera target = camera_;
                   target.set(a, b, std::min(camera_.resolution(), 2.0));
                   fly_to(target);
                   view_set_by_user_ = true;
                 },
                 [&](const cmd::ExportView& x) {
                   if (render_image(x.path, x.width, x.height, true, false))
                     report(Message::Level::Info, "exported " + x.path);
                 },
             },
             c);
}

// ---- input ----

void App::handle_input() {
  const double cx = camera_.center_x(), cy = camera_.center_y(), res = camera_.resolution();
  handle_view_input();
  handle_keys();
  if (cx != camera_.center_x() || cy != camera_.center_y() || res != camera_.resolution()) last_view_change_ = now();
}

void App::handle_keys() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput) return;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_F5)) commands_.push_back(cmd::SetPresenting{!presenting_});
  if (io.KeyCtrl && pressed(GLFW_KEY_Q)) window_.request_close();  // asks first when there are unsaved changes
  if (io.KeyCtrl && pressed(GLFW_KEY_O)) commands_.push_back(cmd::ShowOpen{true});
  if (io.KeyCtrl && pressed(GLFW_KEY_S)) commands_.push_back(cmd::SaveProject{});
  if (io.KeyCtrl && pressed(GLFW_KEY_B)) commands_.push_back(cmd::AddBookmark{});
  if (io.KeyCtrl && pressed(GLFW_KEY_F)) search_form_.visible = true;
  if (!io.KeyCtrl && pressed(GLFW_KEY_M)) commands_.push_back(cmd::SetMeasuring{!measuring_});
  if (measuring_ && !presenting_ && pressed(GLFW_KEY_ESCAPE)) commands_.push_back(cmd::SetMeasuring{false});
  if (presenting_ && pressed(GLFW_KEY_ESCAPE)) commands_.push_back(cmd::SetPresenting{false});
  // A presentation clicker sends Page Down / Page Up (some send arrows or Space).
  // Arrows walk the bookmarks only in presentation mode; elsewhere they pan.
  const size_t n = project_.bookmarks.size();
  if (n == 0) return;
  const bool next = pressed(GLFW_KEY_PAGE_DOWN) || pressed(GLFW_KEY_SPACE) || (presenting_ && pressed(GLFW_KEY_RIGHT));
  const bool prev = pressed(GLFW_KEY_PAGE_UP) || (presenting_ && pressed(GLFW_KEY_LEFT));
  if (next) commands_.push_back(cmd::GoToBookmark{current_bookmark_ < 0 ? 0 : std::min(n - 1, static_cast<size_t>(current_bookmark_) + 1)});
  if (prev) commands_.push_back(cmd::GoToBookmark{current_bookmark_ <= 0 ? 0 : static_cast<size_t>(current_bookmark_) - 1});
}

void App::handle_view_input() {
  ImGuiIO& io = ImGui::GetIO();
  const double sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  const double sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0;
  const ScreenPoint mouse{io.MousePos.x * sx, io.MousePos.y * sy};
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging_ = !io.WantCaptureMouse;
  // A click (press and release without a drag) on the map identifies what is under it.
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && dragging_ &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 16.0f) {
    if (measuring_) {
      // Measuring: clicks add vertices; a double click ends the path (the next click
      // starts a new one).
      if (measure_done_) measure_xy_.clear(), measure_done_ = false;
      const MapPoint m = camera_.screen_to_map(mouse);
      measure_xy_.insert(measure_xy_.end(), {m.x, m.y});
    } else {
      identify_at(mouse);
    }
  }
  if (measuring_ && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !io.WantCaptureMouse) measure_done_ = true;
  if (measuring_ && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && measure_xy_.size() >= 2)
    measure_xy_.resize(measure_xy_.size() - 2);  // right click takes the last vertex back
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_ = false;
  bool moved = false;
  if (dragging_ && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f)) {
    camera_.pan_pixels(io.MouseDelta.x * sx, io.MouseDelta.y * sy);
    moved = true;
  }
  if (!io.WantCaptureMouse && io.MouseWheel != 0.0f) {
    camera_.zoom_about(mouse, std::pow(1.25, io.MouseWheel));
    moved = true;
  }
  if (!io.WantTextInput) {
    const ScreenPoint centre{camera_.width() * 0.5, camera_.height() * 0.5};
    const double step = 0.25 * std::min(camera_.width(), camera_.height());
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, true); };
    const bool arrows = !presenting_;  // in presentation mode arrows walk the bookmarks
    if (pressed(GLFW_KEY_KP_ADD) || pressed(GLFW_KEY_EQUAL)) camera_.zoom_about(centre, 1.5), moved = true;
    else if (pressed(GLFW_KEY_KP_SUBTRACT) || pressed(GLFW_KEY_MINUS)) camera_.zoom_about(centre, 1.0 / 1.5), moved = true;
    else if (arrows && pressed(GLFW_KEY_LEFT)) camera_.pan_pixels(step, 0), moved = true;
    else if (arrows && pressed(GLFW_KEY_RIGHT)) camera_.pan_pixels(-step, 0), moved = true;
    else if (arrows && pressed(GLFW_KEY_UP)) camera_.pan_pixels(0, step), moved = true;
    else if (arrows && pressed(GLFW_KEY_DOWN)) camera_.pan_pixels(0, -step), moved = true;
    else if (pressed(GLFW_KEY_HOME)) commands_.push_back(cmd::ZoomAll{});
  }
  if (moved) {
    view_set_by_user_ = true;
    fly_.reset();  // the user takes over from an animation
  }
}

void App::advance_animations(double dt) {
  if (fly_) {
    const double t = now() - fly_start_;
    app::apply(fly_->at_time(t, fly_seconds_), camera_);
    last_view_change_ = now();
    if (t >= fly_seconds_) fly_.reset();
  }
  if (playing_ && max_day_ != geo::kNoDay) {
    play_accum_ += dt * days_per_second_;
    const int step = static_cast<int>(play_accum_);
    if (step > 0) {
      play_accum_ -= step;
      const geo::Day next = std::min<geo::Day>(max_day_, (as_of_ == geo::kNoDay ? min_day_ : as_of_) + step);
      set_as_of(next);
      if (next >= max_day_) playing_ = false;
    }
  }
}

// ---- frames ----

void App::render_frame(int fb_w, int fb_h, bool offscreen) {
  camera_.set_viewport(fb_w, fb_h);
  if (!renderer_) {  // the shaders failed (said in the messages): a plain background
    const geo::Rgba bg = geo::background_colour();
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    return;
  }
  std::vector<LayerDraw> draws;
  // Basemaps under the vectors; re-warped when the view has settled (while it moves
  // the last image is drawn where it belongs on the map).
  const bool settled_now = offscreen || (!dragging_ && !fly_ && now() - last_view_change_ > 0.15);
  if (gl_ok_ && settled_now) update_basemaps(offscreen);
  for (const Basemap& b : basemaps_) {
    if (!b.config.visible || !b.texture) continue;
    LayerDraw d;
    d.image = b.texture.id();
    d.image_extent = b.texture_extent;
    d.image_opacity = b.config.opacity;
    draws.push_back(d);
  }
  for (MapLayer& l : layers_) {
    if (!l.visible) continue;
    if (l.state_dirty) refresh_state(l);
    LayerDraw d;
    d.gpu = &l.gpu;
    d.data = &l.data;
    d.state = &l.state;
    d.style.style = l.config.style;
    d.style.style.opacity = l.opacity;
    d.style.use_status = l.has_status() && !l.stale();
    if (l.stale()) {  // the database went away: the last rows, grey
      d.style.style.color = geo::Rgba{150, 150, 150, 255};
      d.style.style.opacity = l.opacity * 0.6f;
    }
    d.style.has_selection = !l.selected.empty();
    d.style.pixel_scale = offscreen ? std::max(1.0f, fb_h / 1080.0f) * (presenting_ || options_.present ? 1.4f : 1.0f)
                                    : ui_scale_ * (presenting_ ? 1.4f : 1.0f);
    draws.push_back(d);
  }
  if (offscreen) {
    draw_layers(*renderer_, camera_, draws, geo::background_colour());
  } else {
    const bool settled = !dragging_ && !fly_ && now() - last_view_change_ > 0.15;
    const FrameInfo info = map_view_.draw(*renderer_, camera_, draws, settled, geo::background_colour());
    if (info.redrawn && info.redraw_ms > 50.0 && std::getenv("RENEWMAP_TRACE"))
      std::fprintf(stderr, "renewmap: trace: map redraw %.0f ms (%zu painted, %zu triangles, %zu built)\n",
                   info.redraw_ms, info.stats.painted, info.stats.triangles, info.stats.built);
  }
}

std::vector<std::pair<size_t, geo::Hit>> App::hits_at(ScreenPoint p, bool build_missing) const {
  std::vector<std::pair<size_t, geo::Hit>> out;
  const MapPoint m = camera_.screen_to_map(p);
  const double tolerance = 4.0 * ui_scale_ * camera_.resolution();  // a fingertip's worth of pixels
  for (size_t k = layers_.size(); k-- > 0;) {  // topmost layer first
    const MapLayer& l = layers_[k];
    if (!l.visible || (!build_missing && !l.index)) continue;
    std::vector<geo::Hit> hits = l.spatial_index().identify(l.data, m.x, m.y, tolerance);
    // Within a layer the renderer lays features out largest first, so of two that
    // both contain the point the smaller one is drawn on top: name that one first (it
    // is also the one a click on it means).
    auto area = [&](uint32_t f) { return f < l.boxes.size() ? l.boxes[f].width() * l.boxes[f].height() : 0.0; };
    std::stable_sort(hits.begin(), hits.end(), [&](const geo::Hit& a, const geo::Hit& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      return area(a.feature) < area(b.feature);
    });
    for (const geo::Hit& h : hits) out.push_back({k, h});
  }
  return out;
}

void App::identify_at(ScreenPoint p) {
  for (MapLayer& l : layers_)
    if (!l.selected.empty()) l.selected.clear(), l.state_dirty = true;
  for (const auto& [k, h] : hits_at(p, true)) {
    MapLayer& l = layers_[k];
    l.selected.push_back(h.feature);
    l.state_dirty = true;
    const auto& names = l.data.attributes.names();
    for (size_t c = 0; c < names.size(); ++c) fonts_.require(l.data.attributes.get(h.feature, c));
    for (const auto& n : names) fonts_.require(n);
  }
  map_view_.invalidate();
}

UiView App::make_view(bool offscreen) const {
  ImGuiIO& io = ImGui::GetIO();
  UiView view(layers_, messages_, project_.title, project_.notice, display_crs_);
  view.basemaps = &basemaps_;
  view.now = now();
  view.ui_scale = ui_scale_;
  view.loading_jobs = loader_ ? loader_->pending() : 0;
  view.features_read = loader_ ? loader_->features_read() : 0;
  if (loader_ && !offscreen) view.jobs = loader_->progress();
  view.as_of = as_of_;
  view.min_day = min_day_;
  view.max_day = max_day_;
  if (auto d = geo::parse_date(project_.data_as_of)) view.data_as_of = *d;
  view.playing = playing_;
  view.days_per_second = days_per_second_;
  view.bookmarks = &project_.bookmarks;
  view.current_bookmark = current_bookmark_;
  view.project_path = project_.path;
  view.unsaved = unsaved_;
  view.presenting = presenting_ || (offscreen && options_.present);
  view.hidden_statuses = hidden_statuses_;
  view.measuring = measuring_;
  if (!offscreen && !io.WantCaptureMouse && io.MousePos.x > -FLT_MAX / 2) {
    const MapPoint m = camera_.screen_to_map(
        {io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y});
    view.cursor_valid = true;
    view.cursor_x = m.x;
    view.cursor_y = m.y;
    if (!dragging_ && !fly_ && !measuring_) {
      // Hover uses only indexes already built (see build_indexes_when_idle).
      const auto hits = hits_at({io.MousePos.x * io.DisplayFramebufferScale.x, io.MousePos.y * io.DisplayFramebufferScale.y},
                                false);
      if (!hits.empty()) {
        view.hover_layer = &layers_[hits.front().first];
        view.hover_feature = hits.front().second.feature;
      }
    }
    if (to_lonlat_) {
      double x = m.x, y = m.y;
      view.cursor_lonlat_valid = to_lonlat_->transform_point(x, y);
      view.cursor_lon = x;
      view.cursor_lat = y;
    }
    if (to_gk120_) {
      double x = m.x, y = m.y;
      view.cursor_gk_valid = to_gk120_->transform_point(x, y);
      view.cursor_gk_x = x;
      view.cursor_gk_y = y;
    }
  }
  // Metres per framebuffer pixel at the view centre (geodesic enough for a scale bar).
  double metres_per_px = camera_.resolution();
  if (to_lonlat_) {
    double x0 = camera_.center_x(), y0 = camera_.center_y();
    double x1 = x0 + camera_.resolution(), y1 = y0;
    if (to_lonlat_->transform_point(x0, y0) && to_lonlat_->transform_point(x1, y1)) {
      const double kDeg = 111319.49;  // metres per degree on the equator (GRS80 approx.)
      const double dx = (x1 - x0) * kDeg * std::cos(y0 * M_PI / 180.0), dy = (y1 - y0) * kDeg;
      metres_per_px = std::hypot(dx, dy);
    }
  }
  const double fb_scale = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  view.map_scale_m_per_px = metres_per_px * fb_scale;  // per UI pixel
  view.scale_denominator = metres_per_px / 0.00028 / ui_scale_;
  view.view_extent = camera_.visible_extent();
  return view;
}

void App::build_ui(bool offscreen) {
  const UiView view = make_view(offscreen);
  if (view.hover_layer && view.hover_layer->classes.name_field >= 0)
    fonts_.require(view.hover_layer->data.attributes.get(view.hover_feature,
                                                         static_cast<size_t>(view.hover_layer->classes.name_field)));
  ui::Fonts f{fonts_.body(), fonts_.title()};
  const bool present = view.presenting;
  ui::LabelStyle labels;
  labels.font = fonts_.body();
  labels.size_px = ImGui::GetFontSize() * (present ? 0.8f : 0.85f);
  labels.max_labels = present ? 60 : 200;
  std::vector<ui::ScreenRect> avoid = ui::window_rects();
  avoid.push_back(ui::scale_bar_rect(view, !present));
  ui::draw_labels(view, camera_, labels, avoid);
  if (present) {
    const std::string caption =
        current_bookmark_ >= 0 && current_bookmark_ < static_cast<int>(project_.bookmarks.size())
            ? project_.bookmarks[static_cast<size_t>(current_bookmark_)].caption
            : std::string();
    ui::draw_presentation(view, f, caption);
    return;
  }
  ui::draw_title(view, f);
  ui::draw_legend(view, commands_);
  ui::draw_scale_bar(view, true);
  if (offscreen) return;
  ui::draw_layers_panel(view, commands_);
  ui::draw_status_bar(view, commands_);
  ui::draw_timeline_panel(view, commands_);
  ui::draw_view_panel(view, export_form_, commands_);  // the side column, top to bottom
  ui::draw_statistics_panel(view);
  ui::draw_bookmarks_panel(view, commands_);
  ui::draw_identify_panel(view, commands_);
  ui::draw_open_panel(view, open_form_, commands_);
  ui::draw_search_panel(view, search_form_, commands_);
  ui::draw_style_panel(view, style_form_, commands_);
  draw_measurement();
  draw_unsaved_question();
  ui::draw_hover_tooltip(view);
  ui::draw_messages(view, commands_);
}

// Closing with unsaved changes (a walk-through edited, a style changed): save, quit
// without saving, or stay.
void App::draw_unsaved_question() {
  const char* title = "未保存的更改 Unsaved changes";
  if (ask_before_close_) {
    ImGui::OpenPopup(title);
    ask_before_close_ = false;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
    return;
  ImGui::TextUnformatted("项目有未保存的更改（汇报路线、样式、筛选……）");
  ImGui::TextUnformatted("The project has changes that are not saved (walk-through, styles, filters …).");
  ImGui::TextDisabled("%s", project_.path.empty() ? "(new project: renewmap.project.json here)" : project_.path.c_str());
  if (ImGui::Button("保存并退出 Save and quit")) {
    commands_.push_back(cmd::Quit{true});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("不保存退出 Quit without saving")) {
    commands_.push_back(cmd::Quit{false});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("取消 Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

void App::draw_measurement() {
  if (!measuring_) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x > 0 ? 1.0f / io.DisplayFramebufferScale.x : 1.0f;
  const float sy = io.DisplayFramebufferScale.y > 0 ? 1.0f / io.DisplayFramebufferScale.y : 1.0f;
  std::vector<ImVec2> pts;
  for (size_t i = 0; i + 1 < measure_xy_.size(); i += 2) {
    const ScreenPoint s = camera_.map_to_screen({measure_xy_[i], measure_xy_[i + 1]});
    pts.emplace_back(static_cast<float>(s.x) * sx, static_cast<float>(s.y) * sy);
  }
  std::vector<double> xy = measure_xy_;
  if (!measure_done_ && !io.WantCaptureMouse && io.MousePos.x > -FLT_MAX / 2) {  // rubber band to the cursor
    pts.push_back(io.MousePos);
    const MapPoint m = camera_.screen_to_map({io.MousePos.x / sx, io.MousePos.y / sy});
    xy.insert(xy.end(), {m.x, m.y});
  }
  const float w = 2.5f * ui_scale_;
  if (pts.size() >= 3) {  // the area, concave or not: triangulated like a map polygon
    std::vector<double> flat;
    for (const ImVec2& q : pts) flat.insert(flat.end(), {q.x, q.y});
    const uint32_t rings[2] = {0, static_cast<uint32_t>(pts.size())};
    std::vector<uint32_t> tris;
    measure_tessellator_.tessellate({flat.data(), rings, 1}, tris);
    for (size_t t = 0; t + 2 < tris.size(); t += 3)
      dl->AddTriangleFilled(pts[tris[t]], pts[tris[t + 1]], pts[tris[t + 2]], IM_COL32(255, 60, 0, 40));
  }
  for (size_t i = 0; i + 1 < pts.size(); ++i) dl->AddLine(pts[i], pts[i + 1], IM_COL32(200, 30, 0, 255), w);
  for (const ImVec2& p : pts) dl->AddCircleFilled(p, w * 1.6f, IM_COL32(200, 30, 0, 255));
  std::string text = "测量 Measure: click points, double-click to finish, right-click undoes, Esc/M leaves";
  if (measurer_ && xy.size() >= 4) {
    const size_t n = xy.size() / 2;
    text = "距离 length " + geo::format_length(measurer_->path_length_m(xy.data(), n));
    if (n >= 3)
      text += "\n面积 area " + geo::format_area(measurer_->polygon_area_m2(xy.data(), n)) + "\n周长 perimeter " +
              geo::format_length(measurer_->perimeter_m(xy.data(), n));
  }
  fonts_.require(text);
  const ImVec2 at = pts.empty() ? ImVec2(io.DisplaySize.x * 0.5f, 60.0f) : ImVec2(pts.back().x + 14, pts.back().y + 10);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  dl->AddRectFilled(ImVec2(at.x - 6, at.y - 4), ImVec2(at.x + size.x + 6, at.y + size.y + 4), IM_COL32(255, 255, 255, 235), 4);
  dl->AddText(at, IM_COL32(20, 20, 20, 255), text.c_str());
}

bool App::render_image(const std::string& path, int width, int height, bool overlay, bool panels) {
  gl::RenderTarget target;
  std::string error;
  if (!target.create(width, height, error)) {
    report(Message::Level::Error, "'" + path + "': " + error);
    return false;
  }
  // The same view at the asked size: the visible width is kept, not upscaled.
  const Camera saved = camera_;
  camera_.set_viewport(width, height);
  camera_.set(saved.center_x(), saved.center_y(), saved.resolution() * saved.width() / width);
  const bool saved_present = presenting_;
  presenting_ = overlay;
  const bool ui = overlay || panels;
  if (ui) fonts_.set_size(body_font_px(height, true));
  // ImGui needs a couple of frames to size auto-sized windows.
  const int frames = ui ? 3 : 1;
  for (int i = 0; i < frames; ++i) {
    target.bind();
    render_frame(width, height, true);
    if (!ui) continue;
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(width), static_cast<float>(height));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
    build_ui(true);
    ImGui::Render();
    target.bind();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  glFinish();
  std::vector<uint8_t> pixels(static_cast<size_t>(width) * height * 4);
  target.read_rgba(pixels.data());
  for (size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;  // opaque image
  camera_ = saved;
  presenting_ = saved_present;
  if (ui && window_.handle()) {
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    fonts_.set_size(body_font_px(std::max(h, 1)));
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  map_view_.invalidate();
  auto written = geo::write_png(path, pixels.data(), width, height);
  if (!written) {
    report(Message::Level::Error, written.error().what());
    return false;
  }
  return true;
}

int App::run() {
  geo::init_gdal();
  for (const auto& [option, crs] : {std::pair{"--crs", options_.crs}, {"--source-crs", options_.source_crs}}) {
    if (crs.empty()) continue;
    auto info = geo::describe_crs(crs);
    if (!info) {
      std::fprintf(stderr, "renewmap: %s: %s\n", option, info.error().what().c_str());
      const bool writes_file =
          !options_.screenshot.empty() || !options_.export_slides.empty() || !options_.save_project.empty();
      return writes_file ? 1 : 64;  // as a bad option (app/options.cpp)
    }
  }
  if (options_.info) return run_info();
  if (!options_.save_project.empty()) return run_save_project();
  if (!options_.export_slides.empty()) return run_export_slides();
  return options_.screenshot.empty() ? run_interactive() : run_screenshot();
}

int App::run_interactive() {
  if (!open_window(true)) return 1;
  // A session that ended without saving (a crash, a kill, a power cut) left its
  // project in the autosave: offer it back before loading anything.
  const std::vector<std::string> inputs = options_.inputs.empty() ? std::vector<std::string>{default_project_}
                                                                   : options_.inputs;
  autosave_path_ = model::autosave_file(inputs, model::autosave_dir());
  if (auto left = model::leftover_autosave(inputs, model::autosave_dir())) {
    if (offer_restore(left->path, left->saved_at)) {
      restored_ = true;
      options_.inputs = {left->path};
    } else if (!window_.should_close()) {
      model::discard_autosave(left->path);
    }
  }
  plan();
  if (restored_) {
    // Saving goes where the project came from, not into the autosave folder.
    std::error_code ec;
    const bool one_project = inputs.size() == 1 && geo::looks_like_project(inputs[0]);
    project_.path = one_project ? fs::absolute(inputs[0], ec).string() : std::string();
    report(Message::Level::Info, "restored the unsaved changes of the last session; save to keep them (Ctrl+S)");
  }
  choose_display_crs();
  start_loading();
  camera_.set_viewport(options_.width, options_.height);
  fit_initial_view();
  bool start_bookmark_pending = !options_.bookmark.empty();
  if (options_.present) set_presenting(true);
  last_frame_ = now();
  // RENEWMAP_TRACE=1: the longest gap between frames while loading (the UI must keep
  // drawing), printed when loading ends.
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  double longest_gap = 0.0;
  bool loading_traced = false;
  for (;;) {
    if (window_.should_close()) {
      if (!unsaved_ || close_confirmed_) break;
      window_.cancel_close();  // unsaved changes: ask first
      ask_before_close_ = true;
    }
    const bool loading = loader_ && !loader_->idle();
    if (trace && !loading_traced) {
      if (now() - last_frame_ > 0.1)
        std::fprintf(stderr, "renewmap: trace: frame gap %.0f ms at %.0f ms\n", (now() - last_frame_) * 1000.0,
                     now() * 1000.0);
      longest_gap = std::max(longest_gap, now() - last_frame_);
      if (!loading && loaded_layers_ + failed_sources_ > 0) {
        std::fprintf(stderr, "renewmap: trace: loaded %zu layer(s) at %.0f ms; longest frame gap while loading %.0f ms\n",
                     loaded_layers_, now() * 1000.0, longest_gap * 1000.0);
        loading_traced = true;
      }
    }
    // Spatial indexes (hover, identify) are built one layer a frame once the view
    // has been still for a second: ~70 ms for a million features, never mid-drag.
    if (!loading && !dragging_ && now() - last_view_change_ > 1.0)
      for (const MapLayer& l : layers_)
        if (l.visible && !l.index) {
          l.spatial_index();
          break;
        }
    watch_sources();
    poll_inspection();
    poll_filters();
    refresh_databases();
    stream_by_view();
    const bool warping = std::any_of(basemaps_.begin(), basemaps_.end(), [](const Basemap& b) { return b.warping.valid(); });
    const bool busy = loading || fly_ || playing_ || warping;
    platform::wait_events(busy || ImGui::IsMouseDown(ImGuiMouseButton_Left) ? 0.0 : 0.25);
    const double poll_start = now();
    poll_loader();
    // The baseline for "unsaved changes": the project once everything has loaded.
    if (saved_state_.empty() && loader_->idle() && loaded_layers_ + failed_sources_ > 0) {
      saved_state_ = restored_ ? std::string("(restored from the autosave, not saved)") : unsaved_key();
      unsaved_ = restored_;
    }
    autosave_if_due();
    if (trace && now() - poll_start > 0.02)
      std::fprintf(stderr, "renewmap: trace: taking loaded layers %.0f ms\n", (now() - poll_start) * 1000.0);
    if (start_bookmark_pending && loader_->idle()) {
      start_bookmark_pending = false;
      const int i = find_bookmark(options_.bookmark);
      if (i >= 0) go_to_bookmark(static_cast<size_t>(i), false);
      else report(Message::Level::Error, "no bookmark '" + options_.bookmark + "' in the project");
    }
    take_dropped(window_.take_dropped_paths());
    for (const Command& c : commands_) apply(c);
    if (!commands_.empty() && !saved_state_.empty()) unsaved_ = unsaved_key() != saved_state_;
    commands_.clear();
    const double t = now();
    advance_animations(t - last_frame_);
    last_frame_ = t;
    follow_window_size();
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_input();
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    if (w > 0 && h > 0) {
      glBindFramebuffer(GL_FRAMEBUFFER, 0);
      render_frame(w, h, false);
    }
    build_ui(false);
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window_.swap();
  }
  if (!unsaved_) discard_autosave();  // a clean end leaves nothing to restore
  return 0;
}

void App::discard_autosave() {
  if (autosave_path_.empty()) return;
  model::discard_autosave(autosave_path_);
  autosaved_key_.clear();
}

// At most every kAutosaveSeconds, and only when the project differs from what the
// autosave holds: the project as Save would write it, with paths relative to the
// autosave folder (so it opens from there), written atomically.
void App::autosave_if_due() {
  if (!unsaved_ || autosave_path_.empty() || now() - last_autosave_ < kAutosaveSeconds) return;
  last_autosave_ = now();
  const std::string key = unsaved_key();
  if (key == autosaved_key_) return;
  std::error_code ec;
  fs::create_directories(fs::path(autosave_path_).parent_path(), ec);
  auto written = geo::write_file_atomic(autosave_path_, geo::project_to_json(project_snapshot(autosave_path_, nullptr)));
  if (!written) {
    if (autosaved_key_ != "(failed)")
      report(Message::Level::Warning, "autosave failed: " + written.error().what() + " (save with Ctrl+S)");
    autosaved_key_ = "(failed)";
    return;
  }
  autosaved_key_ = key;
}

// The question at start, before anything loads: restore the autosave or discard it.
// Enter restores, Esc discards; closing the window keeps it for the next start.
bool App::offer_restore(const std::string& path, std::time_t saved_at) {
  char when[64] = "";
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&saved_at));
  const char* title = "恢复未保存的更改 Restore unsaved changes";
  int answer = -1;
  while (answer < 0 && !window_.should_close()) {
    platform::wait_events(0.25);
    follow_window_size();
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    ImGui::OpenPopup(title);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
      ImGui::TextUnformatted("上次会话有未保存的更改（程序未正常退出）。");
      ImGui::TextUnformatted("The last session ended with changes that were not saved.");
      ImGui::Text("自动保存 Autosaved %s", when);
      ImGui::TextDisabled("%s", path.c_str());
      if (ImGui::Button("恢复 Restore (Enter)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false))
        answer = 1;
      ImGui::SameLine();
      if (ImGui::Button("丢弃 Discard (Esc)") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
        answer = 0;
      ImGui::EndPopup();
    }
    ImGui::Render();
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glClearColor(0.96f, 0.957f, 0.937f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window_.swap();
  }
  return answer == 1;
}

// Offscreen modes share: load everything, apply --as-of and --bookmark.
static std::string slug_number(size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "slide-%02zu.png", i + 1);
  return buf;
}

int App::run_screenshot() {
  // RENEWMAP_TRACE=1 prints how long each phase took (for benchmarks).
  const bool trace = std::getenv("RENEWMAP_TRACE") != nullptr;
  auto phase = [&, last = now()](const char* name) mutable {
    if (trace) std::fprintf(stderr, "renewmap: trace: %-12s %7.1f ms\n", name, (now() - last) * 1000.0);
    last = now();
  };
  // Loading starts first: the workers read while this thread sets up the window and
  // compiles shaders.
  plan();
  choose_display_crs();
  phase("plan");
  start_loading();
  if (!open_window(false)) return 1;
  phase("window");
  finish_loading();
  phase("load");
  if (loaded_layers_ == 0 && failed_sources_ > 0) {
    report(Message::Level::Error, "nothing could be drawn; no PNG written to '" + options_.screenshot + "'");
    return 1;
  }
  start_view();
  // Streamed database tables: fetch what this view needs, then draw.
  if (std::any_of(layers_.begin(), layers_.end(), [](const MapLayer& l) { return l.streamed; })) {
    last_view_change_ = -1.0;
    stream_by_view();
    finish_loading();
  }
  if (!options_.as_of.empty()) set_as_of(*geo::parse_date(options_.as_of));  // after the bookmark's own date
  const bool overlay = options_.present && !options_.hide_ui;
  if (!render_image(options_.screenshot, options_.width, options_.height, overlay, !options_.hide_ui && !overlay))
    return 1;
  phase("render+png");
  std::fprintf(stderr, "renewmap: wrote %s (%dx%d, %zu layer(s) drawn%s)\n", options_.screenshot.c_str(),
               options_.width, options_.height, loaded_layers_,
               failed_sources_ ? ", some failed: see the errors above" : "");
  return failed_sources_ > 0 ? 2 : 0;
}

int App::run_info() {
  plan();
  std::optional<int32_t> day;
  if (!options_.as_of.empty()) day = geo::parse_date(options_.as_of);
  const geo::InfoReport report = geo::info_report(project_.layers, project_.basemaps, day, data::isolated_access());
  std::fputs(report.text.c_str(), stdout);
  if (report.layers == 0 && report.rasters == 0) return 1;
  return report.failures > 0 || failed_sources_ > 0 ? 2 : 0;
}

// The first view of a run without a window: --size, then --extent or the project's
// view or the data, then --bookmark (a missing one counts as a failure).
void App::start_view() {
  camera_.set_viewport(options_.width, options_.height);
  fit_initial_view();
  if (options_.bookmark.empty()) return;
  const int i = find_bookmark(options_.bookmark);
  if (i >= 0) {
    go_to_bookmark(static_cast<size_t>(i), false);
  } else {
    report(Message::Level::Error, "no bookmark '" + options_.bookmark + "' in the project");
    ++failed_sources_;
  }
}

// --save-project: what a user who opened these inputs and pressed Save would get,
// without a window.
int App::run_save_project() {
  plan();
  choose_display_crs();
  start_loading();
  finish_loading();
  start_view();
  if (!save_project(options_.save_project)) return 1;
  return failed_sources_ > 0 ? 2 : 0;
}

int App::run_export_slides() {
  if (!open_window(false)) return 1;
  plan();
  choose_display_crs();
  start_loading();
  finish_loading();
  if (loaded_layers_ == 0 && failed_sources_ > 0) {
    report(Message::Level::Error, "nothing could be drawn; no slides written");
    return 1;
  }
  if (project_.bookmarks.empty()) {
    report(Message::Level::Error, "the project has no bookmarks (walk-through) to export");
    return 1;
  }
  std::error_code ec;
  fs::create_directories(options_.export_slides, ec);
  if (ec) {
    report(Message::Level::Error, "'" + options_.export_slides + "': cannot create the folder: " + ec.message());
    return 1;
  }
  camera_.set_viewport(options_.width, options_.height);
  fit_initial_view();
  const bool overlay = !options_.hide_ui;
  size_t written = 0;
  for (size_t i = 0; i < project_.bookmarks.size(); ++i) {
    go_to_bookmark(i, false);
    if (!options_.as_of.empty()) set_as_of(*geo::parse_date(options_.as_of));
    const std::string path = (fs::path(options_.export_slides) / slug_number(i)).string();
    if (render_image(path, options_.width, options_.height, overlay, false)) {
      ++written;
      std::fprintf(stderr, "renewmap: wrote %s (%s)\n", path.c_str(), project_.bookmarks[i].name.c_str());
    }
  }
  if (written == 0) return 1;
  return failed_sources_ > 0 || written < project_.bookmarks.size() ? 2 : 0;
}

}  // namespace app
