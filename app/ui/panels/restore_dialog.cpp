// The question at start when the last session ended with unsaved changes: when they
// were autosaved and where, and Restore (Enter) or Discard (Esc). The keys are the
// caller's (App::offer_restore reads the window's own key queue).
#include <imgui.h>

#include "app/ui/ui.hpp"

namespace app::ui {

int draw_restore_question(const std::string& autosave_path, const std::string& when) {
  const char* title = "恢复未保存的更改 Restore unsaved changes";
  int answer = -1;
  ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  if (ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::TextUnformatted("上次会话有未保存的更改（程序未正常退出）。");
    ImGui::TextUnformatted("The last session ended with changes that were not saved.");
    ImGui::Text("自动保存 Autosaved %s", when.c_str());
    ImGui::TextDisabled("%s", autosave_path.c_str());
    if (ImGui::Button("恢复 Restore (Enter)")) answer = 1;
    ImGui::SameLine();
    if (ImGui::Button("丢弃 Discard (Esc)")) answer = 0;
    ImGui::EndPopup();
  }
  return answer;
}

}  // namespace app::ui
