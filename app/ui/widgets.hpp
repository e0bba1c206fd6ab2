// Pieces several panels share: the overlay window flags, the margin, colour swatches,
// the right-hand column the side panels stack in, the bar of a fraction, and the
// legend's rows (the desk's with checkboxes, the projector's with big swatches).
// For the UI sources only (it includes imgui.h).
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "app/commands/commands.hpp"
#include "app/ui/view_model.hpp"
#include "geo/style.hpp"

namespace app::ui {

// A window that is part of the picture rather than something to work in: no title,
// no moving, sized to its content, never focused or navigated to. The presentation
// overlay adds ImGuiWindowFlags_NoInputs.
inline constexpr ImGuiWindowFlags kOverlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                             ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                             ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;

// Space between the screen's edge and the desk's windows (UI pixels).
float margin(const UiView& view);

// A count with its thousands grouped, 10000102 → "10,000,102": a city's table read at
// a glance.
std::string grouped(uint64_t n);

// A status colour as a small rectangle on the text line, `size` px high and 1.4 times
// as wide, with a grey outline, or with `alert` the thick dark-red outline delayed
// features have on the map.
void swatch(geo::Rgba colour, float size, bool alert = false, bool projected = false);
// Marks the rectangle a..b as projected, not recorded: the colour under it paled and
// diagonal hatching over it.
void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, float spacing);
// The projected-date warning in its colour (amber-brown, the same everywhere).
void projected_note();
// The shown date for a title: "2023-10-31", or swiping "2023-04-30 ◀ │ ▶ 2023-10-31".
std::string as_of_text(const UiView& v);

// The right-hand column: the legend, then the view, statistics and walk-through
// panels, each placed every frame just under the one before it, so that opening one
// pushes the others down instead of covering them. start_side_column puts the next
// panel at the top (the legend calls it); a panel calls begin_side_panel (ImGui::Begin's
// result) and end_side_panel (in place of ImGui::End), which moves the column down.
void start_side_column(const UiView& view);
bool begin_side_panel(const UiView& view, const char* title, float max_height, int flags);
void end_side_panel();

// A bar the width of the panel: `fraction` of it in `colour`, the rest grey, the
// text on top.
void fraction_bar(float fraction, geo::Rgba colour, const char* text);

// When a visible status layer is a database table of which only part is loaded
// (streamed by view), the legend's counts are of the loaded rows: this says so
// ("* 仅计已加载 counts: 200,001 of 1,000,000 rows loaded"); empty otherwise.
std::string partial_note(const UiView& view);

// The legend: features per status over the visible status layers, as of the model's
// date (MapLayer::counts follows the timeline). False when no visible layer has statuses.
bool legend_counts(const UiView& view, geo::StatusCounts& counts);
enum class LegendLook {
  Desk,          // a checkbox per row (cmd::ToggleStatus hides the status), small swatches
  Presentation,  // big swatches, nothing to click
};
// One row per status in legend order (Unknown only when some feature has it): swatch,
// name, count; past the data's date the swatches hatched and a note under them. `out` takes the checkboxes' commands (Desk; may be null otherwise).
void draw_legend_rows(const UiView& view, const geo::StatusCounts& counts, LegendLook look,
                      std::vector<Command>* out);

}  // namespace app::ui
