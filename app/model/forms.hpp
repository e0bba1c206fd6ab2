// What the user is typing into the dialogs, kept across frames. A panel edits only its
// form's typed fields (ImGui's text buffers); everything else in a form — results,
// what a source holds, whether it is open — is written by the command dispatcher
// (app/commands), never by the shell or a data service directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/model/folder.hpp"

#include "geo/project.hpp"

namespace app {

// Opening data.
struct OpenForm {
  bool visible = false;
  std::string path;
  std::string inspected;            // the path the layer list belongs to
  std::vector<std::string> layers;  // its layers
  std::vector<uint8_t> chosen;      // 1 = add
  // A table without geometry (a CSV whose coordinate columns were not recognised):
  // the user picks them.
  bool needs_columns = false;
  std::vector<std::string> fields;
  int x_column = -1, y_column = -1;
  std::string error;
  bool busy = false;                // a data service is looking at `inspected`
  std::vector<std::string> recent;  // most recent first (kept in the settings file)
  // The folder shown, and how (cmd::Browse lists it again).
  FolderListing folder;
  FolderSort sort = FolderSort::Name;
  bool descending = false;
  bool all_files = false;           // off: only what GDAL can open (and folders)
  std::string folder_typed;         // the editable folder path field
  // A PostGIS database: the fields of a GDAL "PG:" connection. No password field: libpq
  // reads PGPASSWORD or ~/.pgpass, so a password is never typed into (or saved by) us.
  std::string db_host = "localhost", db_port = "5432", db_name, db_user;
};

// Search across layers; the results come from the model's search (cmd::Search).
struct SearchForm {
  bool visible = false;
  unsigned focus_requests = 0;  // each cmd::ShowSearch{true}: the panel focuses its field
  std::string text;
  struct Row {
    size_t layer;
    uint32_t feature;
    std::string label;  // "name · name_en · status — layer", and why it matched
    bool shown = true;  // false: hidden by the legend's or the layer's status filter
  };
  std::vector<Row> results;
};

// Per-layer style editing: fields, value → status mapping, colours and sizes. The
// form holds a copy of the layer's config while it is edited.
struct StyleForm {
  bool visible = false;
  size_t layer = 0;
  geo::LayerConfig config;
  int values_field = -2;              // field the distinct values below belong to
  std::vector<std::string> values;    // distinct values of the status field (first 60)
};

// The View panel: image export and "go to coordinate".
struct ExportForm {
  std::string path = "renewmap-export.png";
  int size[2] = {3840, 2160};
  // The walk-through film and the per-area report.
  std::string video_path = "renewmap-walkthrough.mp4";
  int video_size[2] = {1920, 1080};
  int fps = 30;
  std::string report_path = "renewmap-report.pdf";
  std::string report_areas;  // the area layer's title; empty: the first polygon layer without statuses
  std::string go_to;  // "lon, lat" or "x, y"
};

// Save As: the path typed for the project, shown under the walk-through's buttons.
struct SaveAsForm {
  bool open = false;
  std::string path;
};

struct Forms {
  bool messages_open = false;  // the Messages window (every message since the start)
  SaveAsForm save_as;
  OpenForm open;
  SearchForm search;
  StyleForm style;
  ExportForm export_view;
};

}  // namespace app
