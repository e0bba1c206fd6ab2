// Closing with unsaved changes (a walk-through edited, a style changed): a modal
// question — save and quit, quit without saving, or cancel (Esc) and stay.
#include <imgui.h>

#include "app/ui/panels/panels.hpp"

namespace app::ui {

void draw_unsaved_question(const UiView& v, std::vector<Command>& out) {
  const char* title = "未保存的更改 Unsaved changes";
  if (v.ask_before_close) ImGui::OpenPopup(title);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.4f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.5f));
  if (!ImGui::BeginPopupModal(title, nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
    return;
  ImGui::TextUnformatted("项目有未保存的更改（汇报路线、样式、筛选……）");
  ImGui::TextUnformatted("The project has changes that are not saved (walk-through, styles, filters …).");
  ImGui::TextDisabled("%s", v.project_path.empty() ? "(new project: renewmap.project.json here)" : v.project_path.c_str());
  if (ImGui::Button("保存并退出 Save and quit")) {
    out.push_back(cmd::Quit{true});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("不保存退出 Quit without saving")) {
    out.push_back(cmd::Quit{false});
    ImGui::CloseCurrentPopup();
  }
  ImGui::SameLine();
  if (ImGui::Button("取消 Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
    ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace app::ui
