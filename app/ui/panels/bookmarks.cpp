// The walk-through in the right-hand column: its stops in order (a click goes there),
// the current one's name and caption to edit, with up, down, update and delete; add
// the current view as a stop; save the project (or Save As a path typed here: written
// atomically like Save, and later saves go there), and whether it has unsaved changes.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>
#include <string>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

void draw_bookmarks_panel(const UiView& v, SaveAsForm& save_as, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (!begin_side_panel(v, "汇报路线 Walk-through", vp->Size.y * 0.5f, 0)) {
    end_side_panel();
    return;
  }
  const size_t count = v.bookmarks ? v.bookmarks->size() : 0;
  ImGui::TextDisabled("PgDn/PgUp/Space: next/previous; F5: present");
  for (size_t i = 0; i < count; ++i) {
    const geo::Bookmark& b = (*v.bookmarks)[i];
    ImGui::PushID(static_cast<int>(i));
    const bool current = static_cast<int>(i) == v.current_bookmark;
    char label[256];
    std::snprintf(label, sizeof label, "%zu. %s", i + 1, b.name.c_str());
    if (ImGui::Selectable(label, current)) out.push_back(cmd::GoToBookmark{i});
    if (current) {
      // Editing the current bookmark: name and caption fields, order, update, delete.
      std::string name = b.name, caption = b.caption;
      ImGui::SetNextItemWidth(-1);
      const bool n_changed = ImGui::InputText("##name", &name, ImGuiInputTextFlags_EnterReturnsTrue) ||
                             ImGui::IsItemDeactivatedAfterEdit();
      ImGui::SetNextItemWidth(-1);
      const bool c_changed = ImGui::InputTextMultiline("##caption", &caption, ImVec2(-1, 48.0f * v.ui_scale),
                                                       ImGuiInputTextFlags_CtrlEnterForNewLine |
                                                           ImGuiInputTextFlags_EnterReturnsTrue);
      // Committed on Enter or when a field loses focus with an edit (a click elsewhere).
      const bool c_left = ImGui::IsItemDeactivatedAfterEdit();
      if (n_changed || c_changed || c_left) out.push_back(cmd::RenameBookmark{i, name, caption});
      if (ImGui::SmallButton("上移 up")) out.push_back(cmd::MoveBookmark{i, -1});
      ImGui::SameLine();
      if (ImGui::SmallButton("下移 down")) out.push_back(cmd::MoveBookmark{i, +1});
      ImGui::SameLine();
      if (ImGui::SmallButton("更新为当前视图 update")) out.push_back(cmd::UpdateBookmark{i});
      ImGui::SameLine();
      if (ImGui::SmallButton("删除 delete")) out.push_back(cmd::DeleteBookmark{i});
    }
    ImGui::PopID();
  }
  ImGui::Separator();
  if (ImGui::Button("添加当前视图 Add current view")) out.push_back(cmd::AddBookmark{});
  ImGui::SameLine();
  if (ImGui::Button("保存项目 Save")) out.push_back(cmd::SaveProject{});
  ImGui::SameLine();
  if (ImGui::Button("另存为 Save as…")) {
    save_as.open = !save_as.open;
    save_as.path = v.project_path.empty() ? "renewmap.project.json" : v.project_path;
  }
  if (save_as.open) {
    ImGui::SetNextItemWidth(-90.0f * v.ui_scale);
    const bool enter = ImGui::InputText("##saveas", &save_as.path, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("保存 save") || enter) && !save_as.path.empty()) {
      out.push_back(cmd::SaveProject{save_as.path});
      save_as.open = false;
    }
  }
  if (v.unsaved) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.7f, 0.35f, 0.0f, 1), "● 未保存 unsaved");
  }
  if (!v.project_path.empty()) ImGui::TextDisabled("%s", v.project_path.c_str());
  end_side_panel();
}

}  // namespace app::ui
