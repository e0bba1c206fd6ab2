// Statistics in the right-hand column: per visible layer with statuses, at the shown
// date, how many features are completed, the investment completed against planned,
// and the features per status as one bar in the legend's colours.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/model/visibility.hpp"
#include "app/ui/colour.hpp"
#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

// Features per status as one stacked bar in the status colours, each segment's count
// written in it where it fits; hovering lists them all.
void counts_bar(const geo::StatusCounts& counts, float ui_scale, const char* id) {
  const auto& palette = geo::status_palette();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetTextLineHeight() + 4.0f * ui_scale;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  uint32_t total = 0;
  for (int i : geo::kLegendOrder) total += counts[i];
  float x = p.x;
  for (int i : geo::kLegendOrder) {
    if (total == 0 || counts[i] == 0) continue;
    const float w = width * static_cast<float>(counts[i]) / static_cast<float>(total);
    draw->AddRectFilled(ImVec2(x, p.y), ImVec2(x + w, p.y + height), to_imu32(palette[i]));
    const std::string count = std::to_string(counts[i]);
    const ImVec2 size = ImGui::CalcTextSize(count.c_str());
    if (size.x + 4.0f * ui_scale < w)
      draw->AddText(ImVec2(x + (w - size.x) * 0.5f, p.y + (height - size.y) * 0.5f), IM_COL32(0, 0, 0, 255),
                    count.c_str());
    x += w;
  }
  ImGui::InvisibleButton(id, ImVec2(std::max(width, 1.0f), height));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    for (int i : geo::kLegendOrder)
      if (i != 0 || counts[i] > 0)
        ImGui::Text("%-26s %6u", std::string(geo::status_label(static_cast<geo::Status>(i))).c_str(), counts[i]);
    ImGui::EndTooltip();
  }
}

}  // namespace

void draw_statistics_panel(const UiView& v, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (!begin_side_panel(v, "统计 Statistics", vp->Size.y * 0.55f, 0)) {
    end_side_panel();
    return;
  }
  const auto& palette = geo::status_palette();
  const geo::Rgba completed_colour = palette[static_cast<size_t>(geo::Status::Completed)];
  bool in_view = v.model.stats_in_view;
  if (ImGui::Checkbox("只计视图内 In view only", &in_view)) out.push_back(cmd::SetStatsInView{in_view});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Count the features whose box meets the view, at the shown date.\n"
                      "A database table's rows of the view are counted when they have come.");
  bool any = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status() || l.status.empty()) continue;
    any = true;
    ImGui::PushID(&l);
    // Of the features the layer's attribute filter lets through (all without one).
    size_t n = 0;
    for (uint32_t c : l.counts) n += c;
    const uint32_t done = l.counts[static_cast<size_t>(geo::Status::Completed)];
    ImGui::TextUnformatted(l.title.c_str());
    char buf[128];
    std::snprintf(buf, sizeof buf, "竣工 completed %s / %s (%.0f%%)", grouped(done).c_str(), grouped(n).c_str(),
                  n ? 100.0 * done / n : 0.0);
    fraction_bar(n ? static_cast<float>(done) / n : 0.0f, completed_colour, buf);
    if (!l.investment.empty()) {
      double total = 0, completed = 0;
      for (size_t f = 0; f < l.status.size() && f < l.investment.size(); ++f) {
        if (!passes_filter(l, f)) continue;
        total += l.investment[f];
        if (l.status[f] == geo::Status::Completed) completed += l.investment[f];
      }
      std::snprintf(buf, sizeof buf, "投资 investment %.2f / %.2f 亿元", completed / 10000.0, total / 10000.0);
      fraction_bar(total > 0 ? static_cast<float>(completed / total) : 0.0f, completed_colour, buf);
    }
    counts_bar(l.counts, v.ui_scale, "##counts");
    if (v.model.stats_in_view) {
      // The same, for the features in view (counted once the view has settled).
      size_t m = 0;
      for (uint32_t c : l.view_counts) m += c;
      const uint32_t in_done = l.view_counts[static_cast<size_t>(geo::Status::Completed)];
      std::snprintf(buf, sizeof buf, "视图内 in view: completed %s / %s (%.0f%%)", grouped(in_done).c_str(),
                    grouped(m).c_str(), m ? 100.0 * in_done / m : 0.0);
      fraction_bar(m ? static_cast<float>(in_done) / m : 0.0f, completed_colour, buf);
      counts_bar(l.view_counts, v.ui_scale, "##view_counts");
      if (!l.view_counts_whole) ImGui::TextDisabled("(the view's rows are still coming from the server)");
    }
    ImGui::PopID();
    ImGui::Separator();
  }
  if (!any) ImGui::TextDisabled("没有带状态的可见图层 No visible layer has statuses");
  end_side_panel();
}

}  // namespace app::ui
