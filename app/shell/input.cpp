// Keys and the mouse, turned into commands. (Typing into a panel's field is the
// panel's; nothing here acts while ImGui wants the keyboard or the mouse.)
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "app/model/clock.hpp"
#include "app/model/walkthrough.hpp"
#include "app/shell/app.hpp"

namespace app {

void App::handle_input() {
  ImGuiIO& io = ImGui::GetIO();
  std::vector<Command>& out = commands_;
  const Model& m = model_;
  // Shortcuts and the walk-through keys, one action per press, from the window's own
  // queue: a presentation clicker sends Page Down / Page Up (some send arrows or
  // Space) as a press and its release at once, which ImGui's per-frame key state
  // misses; so can a quick Ctrl+S. Nothing here while a field has the keyboard.
  bool presenting = m.presenting, measuring = m.measure.on;
  for (const platform::KeyPress& k : window_.take_key_presses()) {
    if (io.WantTextInput) continue;
    const bool ctrl = (k.mods & GLFW_MOD_CONTROL) != 0;
    if (k.key == GLFW_KEY_F5) out.push_back(cmd::SetPresenting{presenting = !presenting});
    else if (ctrl && k.key == GLFW_KEY_Q) out.push_back(cmd::RequestClose{});
    else if (ctrl && k.key == GLFW_KEY_O) out.push_back(cmd::ShowOpen{true});
    else if (ctrl && k.key == GLFW_KEY_S) out.push_back(cmd::SaveProject{});
    else if (ctrl && k.key == GLFW_KEY_B) out.push_back(cmd::AddBookmark{});
    else if (ctrl && k.key == GLFW_KEY_F) out.push_back(cmd::ShowSearch{true});
    else if (!ctrl && k.key == GLFW_KEY_M) out.push_back(cmd::SetMeasuring{measuring = !measuring});
    else if (!ctrl && k.key == GLFW_KEY_C) out.push_back(cmd::ShowChart{!m.chart.visible});
    // S: before/after. A starts six months before the shown date (B).
    else if (!ctrl && k.key == GLFW_KEY_S) {
      const geo::Day b = m.clock.as_of != geo::kNoDay ? m.clock.as_of : m.clock.data_as_of;
      if (b == geo::kNoDay) continue;
      const geo::Day a = m.clock.min_day == geo::kNoDay ? add_months(b, -6) : std::max(m.clock.min_day, add_months(b, -6));
      out.push_back(cmd::SetSwipe{!m.swipe.on, a, b});
    }
    else if (m.swipe.on && (k.key == GLFW_KEY_LEFT_BRACKET || k.key == GLFW_KEY_RIGHT_BRACKET))
      out.push_back(cmd::SetDivider{m.swipe.divider + (k.key == GLFW_KEY_LEFT_BRACKET ? -0.05f : 0.05f)});
    else if (k.key == GLFW_KEY_ESCAPE && presenting) out.push_back(cmd::SetPresenting{presenting = false});
    else if (k.key == GLFW_KEY_ESCAPE && measuring) out.push_back(cmd::SetMeasuring{measuring = false});
    // Presenting, Up and Down move the date a month (past the data's date the screen
    // says it is projected).
    // Swiping, Shift moves date A (left of the divider) instead.
    else if (presenting && m.swipe.on && (k.mods & GLFW_MOD_SHIFT) && (k.key == GLFW_KEY_UP || k.key == GLFW_KEY_DOWN))
      out.push_back(cmd::SetSwipeLeft{std::clamp(add_months(m.swipe.left, k.key == GLFW_KEY_UP ? 1 : -1),
                                                 m.clock.min_day, std::max(m.clock.min_day, m.clock.max_day))});
    else if (presenting && k.key == GLFW_KEY_UP) out.push_back(cmd::StepMonth{+1});
    else if (presenting && k.key == GLFW_KEY_DOWN) out.push_back(cmd::StepMonth{-1});
    else if (m.project.bookmarks.empty()) continue;
    else if (k.key == GLFW_KEY_PAGE_DOWN || k.key == GLFW_KEY_SPACE || (presenting && k.key == GLFW_KEY_RIGHT))
      out.push_back(cmd::StepBookmark{+1});
    else if (k.key == GLFW_KEY_PAGE_UP || (presenting && k.key == GLFW_KEY_LEFT))
      out.push_back(cmd::StepBookmark{-1});
  }
  auto repeated = [](int key) { return ImGui::IsKeyPressed(key, true); };

  // The mouse: drag pans, the wheel zooms about the cursor, a click identifies (or,
  // measuring, adds a vertex; a double click ends the path, a right click undoes).
  const double sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.0;
  const double sy = io.DisplayFramebufferScale.y > 0 ? io.DisplayFramebufferScale.y : 1.0;
  const ScreenPoint mouse{io.MousePos.x * sx, io.MousePos.y * sy};
  bool& dragging = model_.view.dragging;
  // The swipe's divider: pressed within a few pixels of it, the mouse moves it.
  const double divider_x = m.swipe.divider * camera_width();
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && m.swipe.on && !io.WantCaptureMouse &&
      std::abs(mouse.x - divider_x) <= 8.0 * sx)
    dragging_divider_ = true;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging_divider_ = false;
  if (dragging_divider_) {
    if (io.MouseDelta.x != 0.0f) out.push_back(cmd::SetDivider{static_cast<float>(mouse.x / camera_width())});
    return;
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) dragging = !io.WantCaptureMouse;
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && dragging &&
      io.MouseDragMaxDistanceSqr[ImGuiMouseButton_Left] < 16.0f) {
    if (m.measure.on) out.push_back(cmd::AddMeasurePoint{mouse.x, mouse.y, io.MouseClickedLastCount[ImGuiMouseButton_Left]});
    else out.push_back(cmd::IdentifyAt{mouse.x, mouse.y});
  }
  if (m.measure.on && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && !io.WantCaptureMouse)
    out.push_back(cmd::FinishMeasure{});
  if (m.measure.on && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) out.push_back(cmd::UndoMeasurePoint{});
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) dragging = false;
  if (dragging && (io.MouseDelta.x != 0.0f || io.MouseDelta.y != 0.0f))
    out.push_back(cmd::PanPixels{io.MouseDelta.x * sx, io.MouseDelta.y * sy});
  if (!io.WantCaptureMouse && io.MouseWheel != 0.0f)
    out.push_back(cmd::ZoomAbout{mouse.x, mouse.y, std::pow(1.25, io.MouseWheel)});

  if (io.WantTextInput) return;
  // The view from the keyboard: + and - zoom about the centre, arrows pan (in
  // presentation mode arrows walk the bookmarks instead), Home shows the project's data.
  const Camera& camera = m.view.camera;
  const double cx = camera.width() * 0.5, cy = camera.height() * 0.5;
  const double step = 0.25 * std::min(camera.width(), camera.height());
  const bool arrows = !m.presenting;
  if (repeated(GLFW_KEY_KP_ADD) || repeated(GLFW_KEY_EQUAL)) out.push_back(cmd::ZoomAbout{cx, cy, 1.5});
  else if (repeated(GLFW_KEY_KP_SUBTRACT) || repeated(GLFW_KEY_MINUS)) out.push_back(cmd::ZoomAbout{cx, cy, 1.0 / 1.5});
  else if (arrows && repeated(GLFW_KEY_LEFT)) out.push_back(cmd::PanPixels{step, 0});
  else if (arrows && repeated(GLFW_KEY_RIGHT)) out.push_back(cmd::PanPixels{-step, 0});
  else if (arrows && repeated(GLFW_KEY_UP)) out.push_back(cmd::PanPixels{0, step});
  else if (arrows && repeated(GLFW_KEY_DOWN)) out.push_back(cmd::PanPixels{0, -step});
  else if (repeated(GLFW_KEY_HOME)) out.push_back(cmd::ZoomAll{});

}

}  // namespace app
