// Everything the person sees over the map in one call a frame: feature labels, then
// either the presentation overlay or the desk (title, legend, scale bar, panels,
// dialogs, tooltip, messages). Reads the view model, edits only the forms' typed
// fields, and says what the person asked for as commands. No GL, no window: the
// shell calls it between ImGui::NewFrame and ImGui::Render.
#pragma once

#include <string>
#include <vector>

#include "app/commands/commands.hpp"
#include "app/model/camera.hpp"
#include "app/model/forms.hpp"
#include "app/ui/view_model.hpp"

struct ImFont;

namespace app::ui {

// The fonts the shell built (owned by it; null: ImGui's current font).
struct Fonts {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
};

// Text a room can read on a projector: body text 32 px at 1080 lines (PowerPoint's
// 18 pt body is 36 px there), scaled with the output height (64 px on a 4K export),
// never below 18 px. Titles are 1.75 times that (56 px at 1080), map labels 0.8 times
// (25.6 px).
float presentation_body_px(int framebuffer_height);
inline constexpr float kPresentLabelScale = 0.8f;

// The whole UI for this frame. `camera` places labels and the measured path;
// `forms` keep what is typed across frames; `out` gets the commands.
void draw_ui(const UiView& view, const Camera& camera, const Fonts& fonts, Forms& forms, std::vector<Command>& out);

// The question at start, before anything loads: restore the autosave or discard it.
// Returns 1 restore, 0 discard (the buttons), -1 no answer yet. The caller runs the
// frame around it (NewFrame … Render) until it answers, and takes Enter and Esc from
// the window's key queue: ImGui 1.86 misses a press released within one frame.
int draw_restore_question(const std::string& autosave_path, const std::string& when);

}  // namespace app::ui
