// The desk's panels and dialogs, one function each, one file each (app/ui/panels/).
// Each reads the view model and pushes commands; a dialog with typed text edits only
// its form's text fields. draw_ui (app/ui/ui.hpp) calls them in order every frame.
#pragma once

#include <string>
#include <vector>

#include "app/commands/commands.hpp"
#include "app/model/camera.hpp"
#include "app/model/forms.hpp"
#include "app/ui/ui.hpp"
#include "app/ui/view_model.hpp"

namespace app::ui {

// title.cpp: the project's title and notice, top left.
void draw_title(const UiView& view, const Fonts& fonts);
// layers.cpp: the layer list (visibility, opacity, order, style, filter, database
// state), sources being read with Cancel, and the basemaps.
void draw_layers_panel(const UiView& view, std::vector<Command>& out);
// legend.cpp: the status legend at the top of the right-hand column; its checkboxes
// hide a status in every layer. Starts the side column (widgets.hpp).
void draw_legend(const UiView& view, std::vector<Command>& out);
// status_bar.cpp: the cursor's coordinates and the scale along the bottom; Ctrl+C
// copies lon/lat, Ctrl+Shift+C the display-CRS x, y.
void draw_status_bar(const UiView& view, std::vector<Command>& out);
// messages.cpp: toasts for the newest messages (only errors when presenting; none in
// an exported image), fading after 4 s (info), 6 s (warning), 10 s (error); and the
// Messages window with every message, when opened.
void draw_messages(const UiView& view, std::vector<Command>& out);
void draw_toasts(const UiView& view);
// timeline.cpp: the date slider with play-back, bottom centre.
void draw_timeline_panel(const UiView& view, std::vector<Command>& out);
// view_export.cpp (side column): UI scale, present, measure, go to, image export.
void draw_view_panel(const UiView& view, ExportForm& form, std::vector<Command>& out);
// statistics.cpp (side column): completion and investment per visible status layer.
void draw_statistics_panel(const UiView& view, std::vector<Command>& out);
// burnup.cpp: the burn-up chart window (model/chart.hpp); a click on it sets the date.
void draw_burnup_panel(const UiView& view, std::vector<Command>& out);
// bookmarks.cpp (side column): the walk-through's stops, editing the current one.
void draw_bookmarks_panel(const UiView& view, SaveAsForm& save_as, std::vector<Command>& out);
// identify.cpp: the clicked features' attributes and dates; the hover tooltip.
void draw_identify_panel(const UiView& view, std::vector<Command>& out);
void draw_hover_tooltip(const UiView& view);
// open.cpp: opening files and databases. The GDAL connection string for the form's
// database fields ("PG:host=… dbname=…", libpq quoting; never a password).
std::string connection_string(const OpenForm& form);
void draw_open_panel(const UiView& view, OpenForm& form, std::vector<Command>& out);
// search.cpp: names across layers; choosing one flies there (opened by cmd::ShowSearch).
void draw_search_panel(const UiView& view, SearchForm& form, std::vector<Command>& out);
// style.cpp: one layer's fields, value → status mapping, colours and sizes.
void draw_style_panel(const UiView& view, StyleForm& form, std::vector<Command>& out);
// measure_overlay.cpp: the measured path, its area and the length/area text.
void draw_measure_overlay(const UiView& view, const Camera& camera);
// unsaved_dialog.cpp: save, quit without saving, or stay (opened by view.ask_before_close).
void draw_unsaved_question(const UiView& view, std::vector<Command>& out);
// restore_dialog.cpp: draw_restore_question, declared in app/ui/ui.hpp.

}  // namespace app::ui
