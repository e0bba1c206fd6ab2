// "View & export" in the right-hand column: the UI scale, presentation mode,
// measuring, going to a coordinate, and exporting the view as a PNG of a chosen size.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

void draw_view_panel(const UiView& v, ExportForm& form, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (!begin_side_panel(v, "视图 View & export", vp->Size.y * 0.5f, 0)) {
    end_side_panel();
    return;
  }
  float scale = v.ui_scale;
  ImGui::SetNextItemWidth(160.0f * v.ui_scale);
  ImGui::SliderFloat("界面缩放 UI scale", &scale, 0.75f, 3.0f, "%.2f", ImGuiSliderFlags_NoInput);
  if (ImGui::IsItemDeactivatedAfterEdit()) out.push_back(cmd::SetUiScale{scale});  // on release: rebuilds fonts
  if (ImGui::Button("演示模式 Present (F5)")) out.push_back(cmd::SetPresenting{true});
  ImGui::SameLine();
  const bool measuring = v.measure && v.measure->on;
  if (ImGui::Button(measuring ? "结束测量 Stop measuring (M)" : "测量 Measure (M)"))
    out.push_back(cmd::SetMeasuring{!measuring});
  ImGui::SetNextItemWidth(200.0f * v.ui_scale);
  if (ImGui::InputTextWithHint("定位 go to", "120.47, 36.11", &form.go_to, ImGuiInputTextFlags_EnterReturnsTrue))
    out.push_back(cmd::GoToCoordinate{form.go_to});
  ImGui::Separator();
  ImGui::SetNextItemWidth(260.0f * v.ui_scale);
  ImGui::InputText("文件 file", &form.path);
  ImGui::SetNextItemWidth(160.0f * v.ui_scale);
  ImGui::InputInt2("像素 px", form.size);
  form.size[0] = std::clamp(form.size[0], 16, 8192);
  form.size[1] = std::clamp(form.size[1], 16, 8192);
  if (ImGui::Button("导出 PNG Export")) out.push_back(cmd::ExportView{form.path, form.size[0], form.size[1]});
  end_side_panel();
}

}  // namespace app::ui
