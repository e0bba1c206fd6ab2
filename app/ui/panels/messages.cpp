// Messages: the newest error as a red toast at the top for a few seconds, and the
// log of every message (collapsed while there is no error), with Clear.
#include <imgui.h>

#include <cstdio>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

void draw_messages(const UiView& v, std::vector<Command>& out) {
  size_t errors = 0, warnings = 0;
  for (const Message& m : v.messages) {
    errors += m.level == Message::Level::Error;
    warnings += m.level == Message::Level::Warning;
  }
  // A toast for the newest error, for a few seconds.
  for (auto it = v.messages.rbegin(); it != v.messages.rend(); ++it) {
    if (it->level != Message::Level::Error || v.now - it->time > 8.0) continue;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + margin(v)), ImGuiCond_Always,
                            ImVec2(0.5f, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.55f, 0.1f, 0.05f, 0.95f));
    if (ImGui::Begin("##toast", nullptr, kOverlay)) {
      ImGui::PushTextWrapPos(vp->Size.x * 0.5f);
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "%s", it->text.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::End();
    ImGui::PopStyleColor();
    break;
  }
  if (v.messages.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(margin(v), vp->Size.y - 60.0f * v.ui_scale), ImGuiCond_FirstUseEver,
                          ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.45f, 150.0f * v.ui_scale), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(errors == 0, ImGuiCond_FirstUseEver);
  char title[96];
  std::snprintf(title, sizeof title, "消息 Messages: %zu error(s), %zu warning(s)###messages", errors, warnings);
  if (ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::SmallButton("清除 clear")) out.push_back(cmd::ClearMessages{});
    ImGui::Separator();
    ImGui::BeginChild("##log");
    for (const Message& m : v.messages) {
      const ImVec4 colour = m.level == Message::Level::Error     ? ImVec4(0.75f, 0.1f, 0.05f, 1)
                            : m.level == Message::Level::Warning ? ImVec4(0.6f, 0.4f, 0.0f, 1)
                                                                 : ImVec4(0.2f, 0.2f, 0.2f, 1);
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::TextWrapped("%s", m.text.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace app::ui
