// One function per panel; each reads the UiView and pushes commands.
#pragma once

#include <string>
#include <vector>

#include "app/camera.hpp"
#include "app/state.hpp"

struct ImFont;

namespace app::ui {

// A rectangle on screen in UI coordinates.
struct ScreenRect {
  float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool overlaps(const ScreenRect& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

struct Fonts {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
};

void draw_title(const UiView& view, const Fonts& fonts);
// The right-hand column: the legend, then the view, statistics and walk-through
// panels, each placed every frame just under the one before it, so that opening one
// pushes the others down instead of covering them. draw_legend starts the column;
// a panel calls begin_side_panel (ImGui::Begin's result) and end_side_panel (in place
// of ImGui::End).
bool begin_side_panel(const UiView& view, const char* title, float max_height, int flags);
void end_side_panel();
void draw_layers_panel(const UiView& view, std::vector<Command>& out);
void draw_legend(const UiView& view, std::vector<Command>& out);  // checkboxes hide statuses
void draw_status_bar(const UiView& view, std::vector<Command>& out);  // Ctrl+C copies lon/lat
void draw_messages(const UiView& view, std::vector<Command>& out);

// Opening data. The form's fields live in the App across frames.
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
  bool busy = false;                // the App is looking at `inspected`
  std::vector<std::string> recent;  // most recent first
  // A PostGIS database: the fields of a GDAL "PG:" connection. No password field: libpq
  // reads PGPASSWORD or ~/.pgpass, so a password is never typed into (or saved by) us.
  std::string db_host = "localhost", db_port = "5432", db_name, db_user;
};
// The GDAL connection string for the form's database fields.
std::string connection_string(const OpenForm& form);
void draw_open_panel(const UiView& view, OpenForm& form, std::vector<Command>& out);

// When a visible status layer is a database table of which only part is loaded
// (streamed by view), the legend's counts are of the loaded rows: this says so
// ("* 仅计已加载 counts: 200,001 of 1,000,000 rows loaded"); empty otherwise.
std::string partial_note(const UiView& view);

// Search across layers; the results are computed by the App from the query.
struct SearchForm {
  bool visible = false;
  std::string text;
  struct Row {
    size_t layer;
    uint32_t feature;
    std::string label;  // "name · name_en — layer"
  };
  std::vector<Row> results;
};
void draw_search_panel(const UiView& view, SearchForm& form, std::vector<Command>& out);

// Per-layer style editing: fields, value → status mapping, colours and sizes. The
// form holds a copy of the layer's config while it is edited.
struct StyleForm {
  bool visible = false;
  size_t layer = 0;
  geo::LayerConfig config;
  int values_field = -2;              // field the distinct values below belong to
  std::vector<std::string> values;    // distinct values of the status field (first 60)
};
void draw_style_panel(const UiView& view, StyleForm& form, std::vector<Command>& out);

// Looking at features.
void draw_hover_tooltip(const UiView& view);
void draw_identify_panel(const UiView& view, std::vector<Command>& out);

// Presenting.
void draw_timeline_panel(const UiView& view, std::vector<Command>& out);
void draw_statistics_panel(const UiView& view);
void draw_bookmarks_panel(const UiView& view, std::vector<Command>& out);
// The export form's fields live across frames in the App, not in the panel.
struct ExportForm {
  std::string path = "renewmap-export.png";
  int size[2] = {3840, 2160};
  std::string go_to;  // "lon, lat" or "x, y"
};
void draw_view_panel(const UiView& view, ExportForm& form, std::vector<Command>& out);  // UI scale, export
// Presentation mode and exports: title, caption, date, legend with counts, scale bar.
void draw_presentation(const UiView& view, const Fonts& fonts, const std::string& caption);
// Where labels may go: inside the frame, off every rectangle to avoid (windows, the
// scale bar) and off every label already placed. Labels are offered in priority order;
// at most `max` are taken.
class LabelPlacer {
 public:
  LabelPlacer(ScreenRect frame, std::vector<ScreenRect> avoid, size_t max)
      : frame_(frame), avoid_(std::move(avoid)), max_(max) {}
  // True (and the rectangle is taken) when the label fits there.
  bool place(const ScreenRect& r);
  bool full() const { return placed_.size() >= max_; }
  const std::vector<ScreenRect>& placed() const { return placed_; }

 private:
  ScreenRect frame_;
  std::vector<ScreenRect> avoid_;
  size_t max_;
  std::vector<ScreenRect> placed_;
};
// Feature names on the map, largest and topmost first, never overlapping each other,
// the UI's windows or the scale bar, never cut by the frame's edge.
struct LabelStyle {
  ImFont* font = nullptr;
  float size_px = 16.0f;
  size_t max_labels = 200;
};
void draw_labels(const UiView& view, const Camera& camera, const LabelStyle& style, const std::vector<ScreenRect>& avoid);
// Where labels must not go: the rectangles of the
// windows ImGui laid out in the previous frame, except any covering most of the screen.
std::vector<ScreenRect> window_rects();
// Scale bar and north arrow: bottom left (presenting) or bottom right above the
// status bar. scale_bar_rect is the white box both sit on (zero-size when no bar).
void draw_scale_bar(const UiView& view, bool right);
ScreenRect scale_bar_rect(const UiView& view, bool right);
// Scale denominator helpers: a round length (1, 2, 5 × 10^n metres) near `target_m`.
double nice_length(double target_m);

}  // namespace app::ui
