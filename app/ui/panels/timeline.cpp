// The date slider, bottom centre: play/pause and speed, the date shown (or "recorded"
// for the statuses as recorded), a button back to the data's own date and one back to
// the recorded statuses. Shown when some layer has dates.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/ui/panels/panels.hpp"
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
  ImGui::TextUnformatted(v.as_of == geo::kNoDay ? "记录状态 recorded"
                                                : ("截至 as of " + geo::format_date(day)).c_str());
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1.0f);
  if (ImGui::SliderInt("##asof", &day, v.min_day, v.max_day, "")) out.push_back(cmd::SetAsOf{day});
  if (v.data_as_of != geo::kNoDay) {
    if (ImGui::SmallButton("数据日期 data date")) out.push_back(cmd::SetAsOf{v.data_as_of});
    ImGui::SameLine();
    ImGui::TextDisabled("%s", geo::format_date(v.data_as_of).c_str());
    ImGui::SameLine();
  }
  if (ImGui::SmallButton("记录状态 recorded statuses")) out.push_back(cmd::SetAsOf{geo::kNoDay});
  ImGui::End();
}

}  // namespace app::ui
