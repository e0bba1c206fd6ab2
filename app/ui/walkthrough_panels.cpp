// Panels for presenting: the date slider, per-layer statistics and the bookmarks list.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/colour.hpp"
#include "app/ui/panels.hpp"
#include "geo/style.hpp"

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

namespace {

// A bar the width of the panel: `fraction` of it in `colour`, the rest grey, the
// text on top.
void fraction_bar(float fraction, geo::Rgba colour, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_imvec(colour));
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), text);
  ImGui::PopStyleColor();
}

// Features per status as one stacked bar in the status colours, each segment's count
// written in it where it fits; hovering lists them all.
void status_bar(const MapLayer& l, float ui_scale) {
  const auto& palette = geo::status_palette();
  const float width = ImGui::GetContentRegionAvail().x;
  const float height = ImGui::GetTextLineHeight() + 4.0f * ui_scale;
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  uint32_t total = 0;
  for (int i : geo::kLegendOrder) total += l.counts[i];
  float x = p.x;
  for (int i : geo::kLegendOrder) {
    if (total == 0 || l.counts[i] == 0) continue;
    const float w = width * static_cast<float>(l.counts[i]) / static_cast<float>(total);
    draw->AddRectFilled(ImVec2(x, p.y), ImVec2(x + w, p.y + height), to_imu32(palette[i]));
    const std::string count = std::to_string(l.counts[i]);
    const ImVec2 size = ImGui::CalcTextSize(count.c_str());
    if (size.x + 4.0f * ui_scale < w)
      draw->AddText(ImVec2(x + (w - size.x) * 0.5f, p.y + (height - size.y) * 0.5f), IM_COL32(0, 0, 0, 255),
                    count.c_str());
    x += w;
  }
  ImGui::InvisibleButton("##counts", ImVec2(std::max(width, 1.0f), height));
  if (ImGui::IsItemHovered()) {
    ImGui::BeginTooltip();
    for (int i : geo::kLegendOrder)
      if (i != 0 || l.counts[i] > 0)
        ImGui::Text("%-26s %6u", std::string(geo::status_label(static_cast<geo::Status>(i))).c_str(), l.counts[i]);
    ImGui::EndTooltip();
  }
}

}  // namespace

// Per visible layer with statuses, at the current date: completed N / M with the
// percentage, investment completed against planned, and the features per status as a
// stacked bar in the legend's colours.
void draw_statistics_panel(const UiView& v) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (!begin_side_panel(v, "统计 Statistics", vp->Size.y * 0.55f, 0)) {
    end_side_panel();
    return;
  }
  const auto& palette = geo::status_palette();
  const geo::Rgba completed_colour = palette[static_cast<size_t>(geo::Status::Completed)];
  bool any = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status() || l.status.empty()) continue;
    any = true;
    // Of the features the layer's attribute filter lets through (all without one).
    size_t n = 0;
    for (uint32_t c : l.counts) n += c;
    auto passes = [&](size_t f) { return l.filter_pass.empty() || (f < l.filter_pass.size() && l.filter_pass[f]); };
    const uint32_t done = l.counts[static_cast<size_t>(geo::Status::Completed)];
    ImGui::TextUnformatted(l.title.c_str());
    char buf[128];
    std::snprintf(buf, sizeof buf, "竣工 completed %u / %zu (%.0f%%)", done, n, n ? 100.0 * done / n : 0.0);
    fraction_bar(n ? static_cast<float>(done) / n : 0.0f, completed_colour, buf);
    if (!l.investment.empty()) {
      double total = 0, completed = 0;
      for (size_t f = 0; f < l.status.size() && f < l.investment.size(); ++f) {
        if (!passes(f)) continue;
        total += l.investment[f];
        if (l.status[f] == geo::Status::Completed) completed += l.investment[f];
      }
      std::snprintf(buf, sizeof buf, "投资 investment %.2f / %.2f 亿元", completed / 10000.0, total / 10000.0);
      fraction_bar(total > 0 ? static_cast<float>(completed / total) : 0.0f, completed_colour, buf);
    }
    status_bar(l, v.ui_scale);
    ImGui::Separator();
  }
  if (!any) ImGui::TextDisabled("没有带状态的可见图层 No visible layer has statuses");
  end_side_panel();
}

void draw_bookmarks_panel(const UiView& v, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  if (!begin_side_panel(v, "汇报路线 Walk-through", vp->Size.y * 0.5f, 0)) {
    end_side_panel();
    return;
  }
  const auto& bookmarks = *v.bookmarks;
  ImGui::TextDisabled("PgDn/PgUp/Space: next/previous; F5: present");
  for (size_t i = 0; i < bookmarks.size(); ++i) {
    ImGui::PushID(static_cast<int>(i));
    const bool current = static_cast<int>(i) == v.current_bookmark;
    char label[256];
    std::snprintf(label, sizeof label, "%zu. %s", i + 1, bookmarks[i].name.c_str());
    if (ImGui::Selectable(label, current)) out.push_back(cmd::GoToBookmark{i});
    if (current) {
      // Editing the current bookmark: name and caption fields, order, update, delete.
      std::string name = bookmarks[i].name, caption = bookmarks[i].caption;
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
  if (v.unsaved) {
    ImGui::SameLine();
    ImGui::TextColored(ImVec4(0.7f, 0.35f, 0.0f, 1), "● 未保存 unsaved");
  }
  if (!v.project_path.empty()) ImGui::TextDisabled("%s", v.project_path.c_str());
  end_side_panel();
}

}  // namespace app::ui

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
  if (ImGui::Button(v.measuring ? "结束测量 Stop measuring (M)" : "测量 Measure (M)"))
    out.push_back(cmd::SetMeasuring{!v.measuring});
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
