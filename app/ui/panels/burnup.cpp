// The burn-up chart window (C, or the timeline's button): what it counts (the
// programme, a layer, an area), the chart, and a click or drag on it sets the date.
#include <imgui.h>

#include <string>

#include "app/model/chart.hpp"
#include "app/ui/burnup_chart.hpp"
#include "app/ui/panels/panels.hpp"

namespace app::ui {

void draw_burnup_panel(const UiView& v, std::vector<Command>& out) {
  const ChartState& chart = v.model.chart;
  if (!chart.visible) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowSize(ImVec2(640.0f * v.ui_scale, 400.0f * v.ui_scale), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.62f), ImGuiCond_FirstUseEver,
                          ImVec2(0.5f, 1.0f));
  bool open = true;
  if (!ImGui::Begin("进度曲线 Burn-up###burnup", &open, ImGuiWindowFlags_NoCollapse)) {
    ImGui::End();
    if (!open) out.push_back(cmd::ShowChart{false});
    return;
  }
  const std::string& scope = shown_scope(v.model);
  const std::vector<ChartChoice> choices = chart_choices(v.model);
  std::string current = chart.title;
  for (const ChartChoice& c : choices)
    if (c.scope == scope) current = c.label;
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::BeginCombo("##scope", current.c_str())) {
    for (const ChartChoice& c : choices)
      if (ImGui::Selectable(c.label.c_str(), c.scope == scope)) out.push_back(cmd::SetChartScope{c.scope});
    ImGui::EndCombo();
  }
  if (!chart.error.empty()) ImGui::TextColored(ImVec4(0.7f, 0.2f, 0.1f, 1), "%s", chart.error.c_str());
  BurnUpLook look;
  look.shown = v.as_of != geo::kNoDay ? v.as_of : v.data_as_of;
  look.data_as_of = v.data_as_of;
  look.interactive = true;
  look.scale = v.ui_scale;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const geo::Day picked = burn_up_chart("##chart", chart.series, avail, look);
  if (picked != geo::kNoDay && picked != v.as_of) out.push_back(cmd::SetAsOf{picked});
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("点击或拖动设定日期 click or drag to set the date");
  ImGui::End();
  if (!open) out.push_back(cmd::ShowChart{false});
}

}  // namespace app::ui
