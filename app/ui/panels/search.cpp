// Search: part of a name (Chinese, pinyin or English) across layers, results as you
// type, each with its status on the shown date and its layer (model/search.hpp says
// what matches); choosing one (or Enter, the first) flies to it and selects it. Opened by
// cmd::ShowSearch (Ctrl+F); its close button or Esc closes it.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <string>

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
  // Every row (at most 50), scrolling past 15; rows the status filter hides are grey
  // and say so (going there shows the area, not a highlight).
  if (!form.results.empty()) {
    const float rows = static_cast<float>(std::min<size_t>(form.results.size(), 15));
    ImGui::BeginChild("##hits", ImVec2(500.0f * v.ui_scale, rows * ImGui::GetTextLineHeightWithSpacing() + 4.0f));
    int n = 0;
    for (const SearchForm::Row& r : form.results) {
      ImGui::PushID(n++);
      if (!r.shown) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
      const std::string label = r.shown ? r.label : r.label + "  [筛选隐藏 hidden by the filter]";
      if (ImGui::Selectable(label.c_str()) || (enter && n == 1)) out.push_back(cmd::GoToFeature{r.layer, r.feature});
      if (!r.shown) ImGui::PopStyleColor();
      ImGui::PopID();
    }
    ImGui::EndChild();
  }
  if (!form.text.empty() && form.results.empty()) ImGui::TextDisabled("没有结果 no match");
  ImGui::End();
}

}  // namespace app::ui
