// The project file (JSON, "version": 1): title, display CRS, initial view and the
// layers in draw order with their status field, name field and style. Paths inside it
// are relative to the file. The format is documented in README.md, "Project files".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"
#include "geo/style.hpp"

namespace geo {

inline constexpr int kProjectVersion = 1;

struct LayerConfig {
  std::string title;   // shown in the layer list; empty: the layer's own name
  std::string source;  // absolute path (resolved against the project) or connection
  std::string layer;   // layer within the source; empty = every layer
  enum class StatusMode { Detect, Field, None };
  StatusMode status_mode = StatusMode::Detect;
  std::string status_field;  // when Field
  std::string name_field;    // empty = detect
  std::string encoding;      // attribute text encoding override ("GBK" …); empty = auto
  std::string filter;        // attribute filter, OGR SQL WHERE; empty = none
  std::string csv_x, csv_y;  // CSV coordinate columns chosen by the user
  // CRS of the source's coordinates ("EPSG:4549" …), for drawings and CSVs that carry
  // none; when set it wins over the CRS the data declares. Empty: the data's own.
  std::string crs;
  // Status values the vocabulary does not know (or maps wrongly), mapped by hand:
  // exact value → status. Checked before the vocabulary.
  std::vector<std::pair<std::string, Status>> status_map;
  // Statuses this layer does not draw (its own status checkboxes); bit = Status.
  uint8_t hidden_statuses = 0;
  // Fields search looks in besides the name field and name_en (an address, a
  // project number …).
  std::vector<std::string> search_fields;
  LayerStyle style;
  bool visible = true;
  // Database sources: read again every this many seconds (0: only on demand), and
  // whether to stream by view (fetch only what the view needs) — unset: when the table
  // is large (app/data/loader.hpp kStreamRows).
  double refresh_seconds = 0;
  std::optional<bool> stream;
  uint64_t stream_limit = 0;  // rows one fetch may bring; 0: the viewer's default
};

// A raster basemap under the vector layers.
struct BasemapConfig {
  std::string title;
  std::string source;  // resolved like layer sources
  float opacity = 1.0f;
  bool visible = true;
};

// A named view of the walk-through: where to look, optionally as of which date and
// with which layers visible, and what to say.
struct Bookmark {
  std::string name;      // shown in the list; --bookmark NAME picks it
  std::string caption;   // shown under the title in presentation mode
  Bbox extent;           // display CRS
  std::string as_of;     // ISO date; empty = keep the current date
  bool has_layers = false;
  std::vector<std::string> layers;  // layer names (as in the layer list) shown; others hidden
  // The walk-through video (--export-video): how long it holds at this stop, in
  // seconds (0: the default, 4 s), and a date sweep played at the stop, from
  // sweep_from to sweep_to (ISO dates; both empty: none). The sweep fills the first
  // half of the hold; the second half shows sweep_to.
  double dwell = 0.0;
  std::string sweep_from, sweep_to;
  // A burn-up chart on this stop's slide: "programme", "layer:TITLE" or
  // "area:LAYER/NAME" (app/model/chart.hpp); empty: none.
  std::string chart;
  // Before/after on this stop: the map as of swipe_from left of a divider, as of
  // swipe_to right of it (ISO dates; both empty: no swipe).
  std::string swipe_from, swipe_to;
};

struct Project {
  int version = kProjectVersion;
  std::string path;        // the file it came from; empty for command-line layers
  std::string title;
  std::string notice;      // e.g. "illustrative geometry", shown with the title
  std::string crs;         // display CRS; empty = choose from the data
  std::string data_as_of;  // ISO date the recorded statuses describe
  std::optional<Bbox> extent;  // initial view in the display CRS
  std::vector<LayerConfig> layers;
  std::vector<Bookmark> bookmarks;    // the prepared walk-through, in order
  std::vector<BasemapConfig> basemaps;  // drawn first, in order
  uint8_t hidden_statuses = 0;          // statuses the legend hides in every layer; bit = Status
  std::vector<std::string> warnings;  // unknown keys, bad values that were skipped
};

// Parses a project file. Unknown keys and bad style values become warnings; a missing
// or malformed file, a wrong version or no layers list is an error.
Result<Project> load_project(const std::string& path);
Result<Project> parse_project(std::string_view json_text, const std::string& path);

// Serialises (paths made relative to `path`'s directory where possible).
std::string project_to_json(const Project& project);

// Writes the file atomically: a temporary beside it, then rename. The old file stays
// intact when anything fails.
Result<bool> write_file_atomic(const std::string& path, std::string_view bytes);

// True when `path` looks like a project file rather than a dataset: "*.project.json",
// or a ".json" whose top level has "layers" (an array of objects) and none of the
// marks of GeoJSON, TopoJSON, ESRI JSON, TileJSON, map styles or service descriptions.
bool looks_like_project(const std::string& path);

}  // namespace geo
