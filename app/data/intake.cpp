// What the viewer opens: the command line's inputs planned into one project, the
// display CRS chosen, loading started; and data added while it runs (the Open
// dialog, files dropped on the window).
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "app/data/drop.hpp"
#include "app/data/reader_process.hpp"
#include "app/data/services.hpp"
#include "geo/pg.hpp"
#include "geo/raster.hpp"
#include "geo/transform.hpp"

namespace app {
namespace fs = std::filesystem;

namespace {
// A raster with no vector layers: it is drawn as a basemap (a GeoPackage holding
// both is read for its vector layers).
bool basemap_only(const std::string& path) { return data::basemap_only(path, data::quick_limits()); }
}  // namespace

DataServices::DataServices(Model& model, bool offscreen, bool keep_meshes)
    : m_(model), offscreen_(offscreen), keep_meshes_(keep_meshes) {
  pieces.on = !offscreen && keep_meshes;
  const char* home = std::getenv("HOME");
  tile_cache_ = std::string(home && *home ? home : "/tmp") + "/.cache/renewmap/tiles";
}

DataServices::~DataServices() {
  loader_.reset();  // join the workers before the model goes
  filters_.clear();
  warps_.clear();
}

// A project may open local files only, unless the person asked for network sources:
// a project from someone else must not make the viewer reach out on its own.
bool DataServices::allowed(const std::string& source, const std::string& project_path, bool allow_network) {
  if (allow_network || !geo::is_network_source(source)) return true;
  m_.report(Message::Level::Error, "'" + project_path + "' names a network source (" + source.substr(0, 80) +
                                       "); a project opens only local files unless you ask for network sources "
                                       "(run with --allow-network)");
  ++m_.failed_sources;
  return false;
}

void DataServices::plan(const Intake& in) {
  geo::Project& project = m_.project;
  bool have_project = false;
  std::vector<std::string> seen_inputs;
  for (const std::string& input : in.inputs) {
    if (std::find(seen_inputs.begin(), seen_inputs.end(), input) != seen_inputs.end()) {
      m_.report(Message::Level::Warning, "'" + input + "' is given more than once; it is loaded once");
      continue;
    }
    seen_inputs.push_back(input);
    if (geo::looks_like_project(input)) {
      auto p = geo::load_project(input);
      if (!p) {
        m_.report(Message::Level::Error, p.error().what());
        ++m_.failed_sources;
        continue;
      }
      for (const std::string& w : p->warnings) m_.report(Message::Level::Warning, "'" + input + "': " + w);
      std::vector<geo::LayerConfig> layers;
      for (const geo::LayerConfig& c : p->layers)
        if (allowed(c.source, input, in.allow_network)) layers.push_back(c);
      std::vector<geo::BasemapConfig> basemaps;
      for (const geo::BasemapConfig& b : p->basemaps)
        if (allowed(b.source, input, in.allow_network)) basemaps.push_back(b);
      if (!have_project) {  // the first project gives the title, view, bookmarks …
        auto earlier = std::move(project.layers);
        auto earlier_basemaps = std::move(project.basemaps);
        project = std::move(*p);
        project.layers = std::move(earlier);
        project.basemaps = std::move(earlier_basemaps);
        have_project = true;
      }
      project.layers.insert(project.layers.end(), layers.begin(), layers.end());
      project.basemaps.insert(project.basemaps.end(), basemaps.begin(), basemaps.end());
    } else if (geo::is_xyz_template(input)) {  // the person asked for it: allowed
      geo::BasemapConfig b;
      b.source = input;  // the template itself: that is what a saved project keeps
      b.title = "XYZ tiles";
      project.basemaps.push_back(b);
    } else if (basemap_only(input)) {
      geo::BasemapConfig b;  // a raster without vector layers: a basemap
      b.source = input;
      b.title = fs::path(input).filename().string();
      project.basemaps.push_back(b);
    } else {
      const geo::SourceSpec spec = geo::parse_source_spec(input);
      geo::LayerConfig lc;
      lc.source = spec.path;
      lc.layer = spec.layer;
      lc.crs = in.source_crs;
      project.layers.push_back(lc);
    }
  }
  // The same source named twice would be drawn and counted twice: keep the first.
  std::vector<geo::LayerConfig> unique;
  for (const geo::LayerConfig& c : project.layers) {
    const bool seen = std::any_of(unique.begin(), unique.end(), [&](const geo::LayerConfig& u) {
      return u.source == c.source && u.layer == c.layer;
    });
    if (seen)
      m_.report(Message::Level::Warning, "'" + c.source + "'" + (c.layer.empty() ? "" : " layer '" + c.layer + "'") +
                                             " is named more than once; it is loaded once");
    else
      unique.push_back(c);
  }
  project.layers = std::move(unique);
  m_.hidden_statuses = project.hidden_statuses;
  m_.need_text(project.title);
  m_.need_text(project.notice);
  // The walk-through panel lists every stop by name before any is visited.
  for (const geo::Bookmark& b : project.bookmarks) {
    m_.need_text(b.name);
    m_.need_text(b.caption);
  }
  // The clock starts on the data's own date (statuses then equal the recorded ones for
  // consistent data); --as-of overrides. kNoDay when neither is given.
  m_.clock.data_as_of = geo::parse_date(project.data_as_of).value_or(geo::kNoDay);
  m_.clock.start = in.as_of.value_or(m_.clock.data_as_of);
  m_.clock.as_of = m_.clock.start;
}

void DataServices::choose_display_crs(const std::string& crs_option) {
  std::string& crs = m_.display_crs;
  const geo::Project& project = m_.project;
  if (!crs_option.empty()) {
    crs = crs_option;  // validated by the caller
  } else if (!project.crs.empty()) {
    if (geo::describe_crs(project.crs))
      crs = project.crs;
    else
      m_.report(Message::Level::Warning, "'" + project.path + "': display CRS '" + project.crs +
                                             "' is unknown to PROJ; choosing one from the data");
  }
  // From the data: the first layer that has a CRS decides.
  for (size_t i = 0; crs.empty() && i < project.layers.size(); ++i) {
    auto infos = data::inspect_source({project.layers[i].source, project.layers[i].layer}, data::quick_limits());
    if (!infos) continue;
    if (geo::is_database_source(project.layers[i].source))
      inspected_[project.layers[i].source + '\n' + project.layers[i].layer] = *infos;
    for (const geo::LayerInfo& info : *infos) {
      const std::string& layer_crs = project.layers[i].crs.empty() ? info.crs : project.layers[i].crs;
      // A layer with nothing to draw does not decide (nor one whose features have no
      // geometry GDAL could place: a KML gx:Track the KML driver cannot read).
      if (layer_crs.empty() || info.feature_count == 0 || info.extent.empty()) continue;
      // Nor does one whose coordinates cannot be in its CRS (metres labelled lon/lat).
      auto described = geo::describe_crs(layer_crs);
      const geo::Bbox& e = info.extent;
      if (described && described->geographic && (e.min_x < -360 || e.max_x > 360 || e.min_y < -90 || e.max_y > 90))
        continue;
      crs = geo::suggest_display_crs(layer_crs, info.extent);
      break;
    }
  }
  if (crs.empty()) crs = "EPSG:3857";
}

// What GDAL opens for a basemap: an XYZ tile template becomes a GDAL tile-service
// description with the on-disk cache; anything else is opened as it is.
std::string DataServices::gdal_source(const geo::BasemapConfig& c) const {
  return geo::is_xyz_template(c.source) ? geo::xyz_source(c.source, tile_cache_) : c.source;
}

void DataServices::start_loading(const std::optional<geo::Bbox>& extent) {
  initial_extent_ = extent.has_value();
  const std::optional<geo::Bbox> first_view = extent ? extent : m_.project.extent;
  for (const geo::BasemapConfig& c : m_.project.basemaps) {
    Basemap b;
    b.config = c;
    b.gdal_source = gdal_source(c);
    auto extent = data::raster_extent(b.gdal_source, m_.display_crs, data::quick_limits());
    if (extent) {
      b.extent = *extent;
    } else {
      b.error = extent.error().reason;
      m_.report(Message::Level::Error, extent.error().what());
      ++m_.failed_sources;
    }
    m_.basemaps.push_back(std::move(b));
  }
  loader_ = std::make_unique<Loader>(2);
  for (size_t i = 0; i < m_.project.layers.size(); ++i) {
    Fetch f = first_fetch(geo::is_database_source(m_.project.layers[i].source) ? first_view : std::nullopt);
    if (auto known = inspected_.find(m_.project.layers[i].source + '\n' + m_.project.layers[i].layer);
        known != inspected_.end()) {
      f.infos = std::move(known->second);
      inspected_.erase(known);
    }
    loader_->submit(i, m_.project.layers[i], m_.display_crs, false, std::move(f));
  }
}

Fetch DataServices::first_fetch(const std::optional<geo::Bbox>& view) const {
  Fetch f;
  f.viewport_w = m_.view.camera.width(), f.viewport_h = m_.view.camera.height();
  f.pieces = pieces;
  if (view) {
    f.box = padded(*view);
    // The view's pixel: the window's size is known (the camera maybe not fitted yet).
    const Camera& cam = m_.view.camera;
    if (cam.width() > 0 && cam.height() > 0) {
      f.pixel = std::max(view->width() / cam.width(), view->height() / cam.height());
      f.view = *view;
    }
  }
  return f;
}

void DataServices::add_basemap(const std::string& path) {
  geo::BasemapConfig c;
  c.source = path;
  c.title = fs::path(path).filename().string();
  Basemap b;
  b.config = c;
  b.gdal_source = gdal_source(c);
  auto extent = data::raster_extent(b.gdal_source, m_.display_crs, data::quick_limits());
  if (!extent) {
    m_.report(Message::Level::Error, extent.error().what());
    return;
  }
  b.extent = *extent;
  m_.project.basemaps.push_back(c);
  m_.basemaps.push_back(std::move(b));
  if (m_.layers.empty() && m_.basemaps.size() == 1) m_.view.camera.fit(m_.basemaps.back().extent, 0.03);
  m_.report(Message::Level::Info, "'" + path + "' added as a basemap, under the vector layers");
  m_.map_changed = true;
}

std::string DataServices::add_layers(const cmd::AddLayers& what) {
  std::error_code ec;
  const std::string& in = what.path;
  const std::string path = in.rfind("PG:", 0) == 0 || in.rfind("/vsi", 0) == 0 ? in : fs::absolute(in, ec).string();
  m_.need_text(path);
  // A database table comes as a project's does: a big one streamed by the view shown
  // (or, with nothing shown yet, fitted to the window), not read whole (or sampled)
  // through GDAL's driver.
  std::optional<geo::Bbox> view;
  if (!data_bounds(m_).empty()) view = m_.view.camera.visible_extent();
  if (basemap_only(path)) {
    add_basemap(path);  // as on the command line
  } else if (geo::looks_like_project(path)) {  // a dropped project adds its layers
    auto p = geo::load_project(path);
    if (!p) {
      m_.report(Message::Level::Error, p.error().what());
      return path;
    }
    for (const geo::LayerConfig& c : p->layers) {
      m_.project.layers.push_back(c);
      loader_->submit(m_.project.layers.size() - 1, c, m_.display_crs, false,
                      geo::is_database_source(c.source) ? first_fetch(view) : Fetch{});
    }
  } else {
    std::vector<std::string> names = what.layers;
    if (names.empty()) names.push_back({});  // every layer of the dataset
    for (const std::string& name : names) {
      geo::LayerConfig c;
      c.source = path;
      c.layer = name;
      c.csv_x = what.csv_x;
      c.csv_y = what.csv_y;
      m_.project.layers.push_back(c);
      loader_->submit(m_.project.layers.size() - 1, c, m_.display_crs, false,
                      geo::is_database_source(path) ? first_fetch(view) : Fetch{});
    }
  }
  return path;
}

void DataServices::inspect(const std::string& path) {
  // On a worker: a database may take up to its connect timeout to answer, a network
  // share a while; the window keeps drawing.
  inspecting_path_ = path;
  inspecting_ = std::async(std::launch::async,
                           [path] { return data::inspect_source({path, {}}, data::quick_limits()); });
}

// Files dropped on the window, as the Open dialog would take them: a shapefile's
// sidecars (.dbf, .shx, .prj …) are part of their .shp, not layers of their own; a
// raster becomes a basemap; a dataset with several layers, or a table whose
// coordinate columns need choosing, opens the Open dialog to pick (one at a time: a
// second such file is added whole, and the log says so); anything else is added.
std::vector<Command> DataServices::take_dropped(const std::vector<std::string>& paths) {
  std::vector<Command> out;
  bool form_taken = false;
  for (const std::string& path : paths) {
    const DropAction action = classify_drop(path);
    if (action == DropAction::Skip) continue;
    if (action == DropAction::Pick && !form_taken) {
      form_taken = true;
      out.push_back(cmd::ShowOpen{true});
      out.push_back(cmd::InspectPath{path});
      m_.report(Message::Level::Info, "'" + path + "': choose its layers (or columns) in the Open dialog");
      continue;
    }
    if (action == DropAction::Pick)
      m_.report(Message::Level::Info, "'" + path + "': every layer added (the Open dialog picks some)");
    out.push_back(cmd::AddLayers{path, {}, {}, {}});
  }
  return out;
}

}  // namespace app
