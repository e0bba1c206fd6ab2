// "View & export" in the right-hand column: the UI scale, presentation mode,
// measuring, going to a coordinate, and exporting the view as a PNG of a chosen size.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

namespace {

// The walk-through as a film: while it records, its progress, the time left and Cancel.
void draw_video_export(const UiView& v, ExportForm& form, std::vector<Command>& out) {
  ImGui::Separator();
  if (v.film.running) {
    const float done = v.film.total ? static_cast<float>(v.film.done) / static_cast<float>(v.film.total) : 0.0f;
    char text[96];
    if (v.film.eta_seconds >= 0)
      std::snprintf(text, sizeof text, "%zu / %zu  · 约 %.0f s left", v.film.done, v.film.total, v.film.eta_seconds);
    else
      std::snprintf(text, sizeof text, "%zu / %zu", v.film.done, v.film.total);
    ImGui::TextUnformatted(("录制 recording " + v.film.path).c_str());
    ImGui::ProgressBar(done, ImVec2(-1, 0), text);
    if (ImGui::Button("取消 Cancel")) out.push_back(cmd::CancelVideo{});
    return;
  }
  ImGui::SetNextItemWidth(260.0f * v.ui_scale);
  ImGui::InputText("视频 video", &form.video_path);
  ImGui::SetNextItemWidth(160.0f * v.ui_scale);
  ImGui::InputInt2("像素 px##video", form.video_size);
  form.video_size[0] = std::clamp(form.video_size[0] / 2 * 2, 16, 7680);
  form.video_size[1] = std::clamp(form.video_size[1] / 2 * 2, 16, 4320);
  ImGui::SetNextItemWidth(100.0f * v.ui_scale);
  ImGui::InputInt("帧/秒 fps", &form.fps);
  form.fps = std::clamp(form.fps, 1, 120);
  const bool stops = v.bookmarks && !v.bookmarks->empty();
  if (!stops) ImGui::BeginDisabled();
  if (ImGui::Button("录制演示视频 Record the walk-through"))
    out.push_back(cmd::ExportVideo{form.video_path, form.video_size[0], form.video_size[1], form.fps});
  if (!stops) ImGui::EndDisabled();
  if (!stops) ImGui::TextDisabled("需要书签 needs bookmarks (Ctrl+B)");
}

// The per-area PDF report: which layer's polygons are the areas.
void draw_report_export(const UiView& v, ExportForm& form, std::vector<Command>& out) {
  ImGui::Separator();
  std::vector<const MapLayer*> candidates;
  for (const MapLayer& l : v.layers)
    if (!l.has_status() && l.data.count_features_with(geo::PartKind::Polygon) > 0) candidates.push_back(&l);
  if (candidates.empty()) {
    ImGui::TextDisabled("报告需要片区图层 a report needs a layer of areas (polygons)");
    return;
  }
  if (form.report_areas.empty()) {  // sub-districts or zones when there are some
    form.report_areas = candidates.front()->title;
    for (const MapLayer* l : candidates)
      if (l->title.find("街道") != std::string::npos || l->title.find("片区") != std::string::npos) {
        form.report_areas = l->title;
        break;
      }
  }
  ImGui::SetNextItemWidth(260.0f * v.ui_scale);
  if (ImGui::BeginCombo("片区 areas", form.report_areas.c_str())) {
    for (const MapLayer* l : candidates)
      if (ImGui::Selectable(l->title.c_str(), l->title == form.report_areas)) form.report_areas = l->title;
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(260.0f * v.ui_scale);
  ImGui::InputText("报告 report", &form.report_path);
  if (ImGui::Button("导出分区报告 PDF report by area")) out.push_back(cmd::ExportReport{form.report_areas, form.report_path});
}

}  // namespace

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
  draw_video_export(v, form, out);
  draw_report_export(v, form, out);
  end_side_panel();
}

}  // namespace app::ui
