// Everything the person can ask of the viewer, as data: panels, keys and the mouse
// emit these; data services hand some results back as these (cmd::Inspected); the
// dispatcher (dispatch.hpp) applies each to the model between frames.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "app/model/folder.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"
#include "geo/result.hpp"
#include "geo/timeline.hpp"

namespace app {

namespace cmd {
// Layers (index: position in the model's draw order).
struct SetVisible { size_t layer; bool visible; };
struct SetOpacity { size_t layer; float opacity; };
struct MoveLayer { size_t layer; int delta; };  // +1 = up (drawn later), -1 = down
struct ZoomToLayer { size_t layer; };
struct SetFilter { size_t layer; std::string where; };
struct EditFilter { size_t layer; std::string where; };        // typed, not yet applied: check it
struct ToggleLayerStatus { size_t layer; int status; };        // one layer's status checkbox
struct ToggleStatus { int status; };          // show/hide one status in every layer (legend)
struct SetStatsInView { bool on; };           // the statistics panel counts the features in view
struct SetLayerConfig { size_t layer; geo::LayerConfig config; };  // style, fields, status mapping
struct EditStyle { size_t layer; };           // opens the style form on a copy of its config
struct RefreshLayer { size_t layer; };        // a database layer: fetch again now (also "retry")
struct SetBasemap { size_t index; bool visible; float opacity; };
// The view.
struct ZoomAll {};  // Home: the project's own data (status layers), clear of the overlays
struct PanPixels { double dx, dy; };                  // framebuffer pixels, the map follows the hand
struct ZoomAbout { double x, y; double factor; };      // about a framebuffer point; > 1 zooms in
struct GoToCoordinate { std::string text; };  // "lon, lat" (CGCS2000) or "x, y" (display CRS)
struct GoToFeature { size_t layer; uint32_t feature; };
// Looking at features.
struct IdentifyAt { double x, y; };           // a click on the map, framebuffer pixels
struct ClearSelection {};
struct Search { std::string text; };
struct ShowSearch { bool visible; };          // showing it also puts the cursor in its field
struct SetMeasuring { bool on; };
// A click's release while measuring, framebuffer pixels; `clicks` is how many quick
// clicks it ends (2: the release of a double click, which finishes the path).
struct AddMeasurePoint { double x, y; int clicks = 1; };
struct FinishMeasure {};                      // a double click
struct UndoMeasurePoint {};                   // a right click
// The date.
struct SetAsOf { geo::Day day; };             // kNoDay: the recorded statuses
struct SetPlaying { bool playing; };
struct SetPlayProjection { bool on; };  // Play runs on past the data's date
struct StepMonth { int months; };       // the date a calendar month on (or back), within the range
struct SetSpeed { double days_per_second; };
// The walk-through.
struct ShowChart { bool visible; };           // the burn-up chart window (the element when presenting)
struct SetChartScope { std::string scope; };  // "programme", "layer:TITLE", "area:LAYER/NAME"
struct SetSwipe { bool on; geo::Day left, right; };  // before/after: A left of the divider, B right
struct SetSwipeLeft { geo::Day day; };        // date A (B is the shown date: SetAsOf)
struct SetDivider { float fraction; };        // of the map's width
struct GoToBookmark { size_t index; };
struct StepBookmark { int delta; };           // +1 next stop, -1 previous (a clicker's press)
struct AddBookmark {};                        // the current view, date and layers
struct UpdateBookmark { size_t index; };      // … into an existing one
struct RenameBookmark { size_t index; std::string name, caption; };
struct MoveBookmark { size_t index; int delta; };
struct DeleteBookmark { size_t index; };
// The project and the session.
struct SaveProject { std::string path; };     // empty: where it came from
struct Quit { bool save; };                   // from the unsaved-changes question
struct RequestClose {};                       // Ctrl+Q: asks first when there are unsaved changes
struct SetPresenting { bool on; };
struct SetUiScale { float scale; };
struct ExportView { std::string path; int width, height; };
struct ExportVideo { std::string path; int width, height, fps; };  // the walk-through film
struct CancelVideo {};
struct ExportReport { std::string area_layer, path; };   // the per-area PDF report
struct CopyText { std::string text; };        // to the system clipboard
struct ClearMessages {};
struct ShowMessages { bool visible; };  // the Messages window
// Opening data.
struct ShowOpen { bool visible; };
struct InspectPath { std::string path; };     // list its layers for the Open form
// The Open form's folder listed again: `folder` ("" = the one shown), sorted and
// filtered as asked.
struct Browse { std::string folder; FolderSort sort; bool descending; bool all_files; };
struct Inspected {                            // … what a data service found there
  std::string path;
  geo::Result<std::vector<geo::LayerInfo>> layers;
};
struct AddLayers {  // empty list: every layer
  std::string path;
  std::vector<std::string> layers;
  std::string csv_x, csv_y;  // coordinate columns of a CSV, when the user picked them
};
struct CancelLoading { size_t slot; };        // stop reading that project layer (a file GDAL spins on)
}  // namespace cmd

using Command =
    std::variant<cmd::SetVisible, cmd::SetOpacity, cmd::MoveLayer, cmd::ZoomToLayer, cmd::SetFilter, cmd::EditFilter,
                 cmd::ToggleLayerStatus, cmd::ToggleStatus, cmd::SetStatsInView, cmd::SetLayerConfig, cmd::EditStyle, cmd::RefreshLayer,
                 cmd::SetBasemap, cmd::ZoomAll, cmd::PanPixels, cmd::ZoomAbout, cmd::GoToCoordinate,
                 cmd::GoToFeature, cmd::IdentifyAt, cmd::ClearSelection, cmd::Search, cmd::ShowSearch,
                 cmd::SetMeasuring, cmd::AddMeasurePoint, cmd::FinishMeasure, cmd::UndoMeasurePoint, cmd::SetAsOf,
                 cmd::SetPlaying, cmd::SetPlayProjection, cmd::StepMonth, cmd::SetSpeed, cmd::ShowChart, cmd::SetChartScope, cmd::SetSwipe, cmd::SetSwipeLeft, cmd::SetDivider, cmd::GoToBookmark, cmd::StepBookmark, cmd::AddBookmark, cmd::UpdateBookmark,
                 cmd::RenameBookmark, cmd::MoveBookmark, cmd::DeleteBookmark, cmd::SaveProject, cmd::Quit,
                 cmd::RequestClose, cmd::SetPresenting, cmd::SetUiScale, cmd::ExportView, cmd::ExportVideo, cmd::CancelVideo, cmd::ExportReport, cmd::CopyText,
                 cmd::ClearMessages, cmd::ShowMessages, cmd::ShowOpen, cmd::InspectPath, cmd::Browse, cmd::Inspected, cmd::AddLayers,
                 cmd::CancelLoading>;

// Panning and zooming: never an edit of the project (the unsaved-changes check skips
// them; a drag sends one a frame).
inline bool moves_view_only(const Command& c) {
  return std::holds_alternative<cmd::PanPixels>(c) || std::holds_alternative<cmd::ZoomAbout>(c);
}

}  // namespace app
