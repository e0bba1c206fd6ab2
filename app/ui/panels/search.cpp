// Search: part of a name (Chinese, pinyin or English) across layers, results as you
// type; choosing one (or Enter, the first) flies to it and selects it. Opened by
// cmd::ShowSearch (Ctrl+F); its close button or Esc closes it.
#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/ui/panels/panels.hpp"

namespace app::ui {

void draw_search_panel(const UiView& v, SearchForm& form, std::vector<Command>& out) {
  if (!form.visible) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + 80.0f * v.ui_scale), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(520.0f * v.ui_scale, 0), ImGuiCond_Appearing);
  if (!ImGui::Begin("搜索 Search (Ctrl+F)", &form.visible,
                    ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  // Opening it, or Ctrl+F while it is open, puts the cursor in the field.
  static unsigned focused_for = 0;
  if (ImGui::IsWindowAppearing() || focused_for != form.focus_requests) {
    ImGui::SetWindowFocus();
    ImGui::SetKeyboardFocusHere();
    focused_for = form.focus_requests;
  }
  // Esc closes it (in the field too, where it would only undo the typing).
  if (ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows) &&
      ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false))
    out.push_back(cmd::ShowSearch{false});
  ImGui::SetNextItemWidth(500.0f * v.ui_scale);
  if (ImGui::InputTextWithHint("##q", "张村 / zhangcun / parking …", &form.text)) out.push_back(cmd::Search{form.text});
  const bool enter = ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter));
  int shown = 0;
  for (const SearchForm::Row& r : form.results) {
    if (shown++ >= 20) break;
    ImGui::PushID(shown);
    if (ImGui::Selectable(r.label.c_str()) || (enter && shown == 1)) out.push_back(cmd::GoToFeature{r.layer, r.feature});
    ImGui::PopID();
  }
  if (!form.text.empty() && form.results.empty()) ImGui::TextDisabled("没有结果 no match");
  ImGui::End();
}

}  // namespace app::ui
