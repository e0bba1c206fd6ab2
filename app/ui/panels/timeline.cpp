// The date slider, bottom centre: play/pause and speed, the date shown (or "recorded"
// for the statuses as recorded), a button back to the data's own date and one back to
// the recorded statuses. Shown when some layer has dates. A marker on the slider
// stands at the data's date; the part after it is hatched, and a date there says
// it is projected from planned dates. Play stops at the marker unless "play on"
// is ticked.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"
#include "geo/timeline.hpp"

namespace app::ui {

void draw_timeline_panel(const UiView& v, std::vector<Command>& out) {
  if (v.min_day == geo::kNoDay || v.max_day <= v.min_day) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = std::min(vp->Size.x * 0.5f, 760.0f * v.ui_scale);
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y - 44.0f * v.ui_scale),
                          ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (!ImGui::Begin("##timeline", nullptr,
                    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
    ImGui::End();
    return;
  }
  if (ImGui::Button(v.playing ? "暂停 Pause" : "播放 Play")) out.push_back(cmd::SetPlaying{!v.playing});
  ImGui::SameLine();
  const char* speeds[] = {"7 天/s", "30 天/s", "90 天/s"};
  const double speed_values[] = {7.0, 30.0, 90.0};
  int speed = v.days_per_second <= 7.0 ? 0 : v.days_per_second <= 30.0 ? 1 : 2;
  ImGui::SetNextItemWidth(90.0f * v.ui_scale);
  if (ImGui::Combo("##speed", &speed, speeds, 3)) out.push_back(cmd::SetSpeed{speed_values[speed]});
  ImGui::SameLine();
  int day = v.as_of == geo::kNoDay ? v.max_day : v.as_of;
  // The date beside the slider, not in it, where the grab would cover it.
  const std::string date = v.as_of == geo::kNoDay ? "记录状态 recorded" : "截至 as of " + geo::format_date(day);
  if (v.projected) ImGui::TextColored(ImVec4(0.62f, 0.32f, 0.0f, 1), "%s*", date.c_str());
  else ImGui::TextUnformatted(date.c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::SliderInt("##asof", &day, v.min_day, v.max_day, "")) out.push_back(cmd::SetAsOf{day});
  if (v.data_as_of > v.min_day && v.data_as_of < v.max_day) {
    // Where ImGui 1.86 puts a value on an integer slider (SliderBehaviorT): 2 px of
    // padding, the grab's centre travelling between its half-widths.
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float pad = 2.0f, usable = b.x - a.x - 2 * pad;
    const float grab = std::max(ImGui::GetStyle().GrabMinSize, usable / static_cast<float>(v.max_day - v.min_day + 1));
    const float t = static_cast<float>(v.data_as_of - v.min_day) / static_cast<float>(v.max_day - v.min_day);
    const float x = a.x + pad + grab * 0.5f + t * (usable - grab);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    hatch(dl, ImVec2(x, a.y + 1), ImVec2(b.x - 1, b.y - 1), 6.0f * v.ui_scale);
    dl->AddLine(ImVec2(x, a.y - 3), ImVec2(x, b.y + 3), IM_COL32(20, 60, 120, 255), 3.0f * v.ui_scale);
  }
  if (v.projected) projected_note();
  if (v.data_as_of != geo::kNoDay) {
    if (ImGui::SmallButton("数据日期 data date")) out.push_back(cmd::SetAsOf{v.data_as_of});
    ImGui::SameLine();
    ImGui::TextDisabled("%s", geo::format_date(v.data_as_of).c_str());
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("记录状态 recorded statuses")) out.push_back(cmd::SetAsOf{geo::kNoDay});
  ImGui::SameLine();
  if (ImGui::SmallButton(v.model.chart.visible ? "关闭曲线 hide burn-up (C)" : "进度曲线 burn-up (C)"))
    out.push_back(cmd::ShowChart{!v.model.chart.visible});
  if (v.data_as_of != geo::kNoDay && v.data_as_of < v.max_day) {
    ImGui::SameLine();
    bool on = v.play_projection;
    if (ImGui::Checkbox("播放推算 play on past the data's date", &on)) out.push_back(cmd::SetPlayProjection{on});
  }
  ImGui::End();
}

}  // namespace app::ui
