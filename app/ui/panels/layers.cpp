// The layer list, top left: each layer's visibility, and opened, its opacity, order,
// zoom to, style, source, database state (streamed, refreshing, offline), its own
// status checkboxes and its attribute filter; above it the sources being read, with
// Cancel; below it the basemaps.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"
#include "geo/pg.hpp"
#include "geo/style.hpp"

namespace app::ui {

void draw_layers_panel(const UiView& v, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(margin(v), 110.0f * v.ui_scale), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSizeConstraints(ImVec2(300.0f * v.ui_scale, 0.0f),
                                      ImVec2(520.0f * v.ui_scale, vp->Size.y * 0.62f));
  ImGui::SetNextWindowBgAlpha(0.92f);
  if (!ImGui::Begin("图层 Layers", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::End();
    return;
  }
  // One row per source being read: what, how far, and Cancel (a file GDAL never
  // finishes must not hold the rest hostage).
  for (size_t j = 0; j < v.jobs.size() && j < 8; ++j) {
    const JobProgress& job = v.jobs[j];
    ImGui::PushID(static_cast<int>(1000 + j));
    char buf[160];
    const std::string& name = job.name;
    if (!job.running)
      std::snprintf(buf, sizeof buf, "%s: 排队 queued", name.c_str());
    else if (job.total > 0)
      std::snprintf(buf, sizeof buf, "%s: %s / %s", name.c_str(), grouped(job.done).c_str(), grouped(job.total).c_str());
    else
      std::snprintf(buf, sizeof buf, "%s: %s features read", name.c_str(), grouped(job.done).c_str());
    const float fraction = job.total > 0 ? static_cast<float>(job.done) / static_cast<float>(job.total)
                                         : -1.0f * static_cast<float>(ImGui::GetTime());
    ImGui::ProgressBar(fraction, ImVec2(-90.0f * v.ui_scale, 0), buf);
    ImGui::SameLine();
    if (ImGui::SmallButton("取消 Cancel")) out.push_back(cmd::CancelLoading{job.slot});
    ImGui::PopID();
  }
  if (v.jobs.size() > 8) ImGui::TextDisabled("… and %zu more sources", v.jobs.size() - 8);
  if (ImGui::Button("全图 Zoom to all (Home)")) out.push_back(cmd::ZoomAll{});
  ImGui::SameLine();
  if (ImGui::Button("打开 Open… (Ctrl+O)")) out.push_back(cmd::ShowOpen{true});
  ImGui::Separator();
  // Top of the list = drawn last (on top), as in every GIS.
  for (size_t k = v.layers.size(); k-- > 0;) {
    const MapLayer& l = v.layers[k];
    ImGui::PushID(static_cast<int>(k));
    bool visible = l.visible;
    if (ImGui::Checkbox("##vis", &visible)) out.push_back(cmd::SetVisible{k, visible});
    ImGui::SameLine();
    // Titles that already carry a count ("Parking (11)") are not given a second one.
    const bool counted = !l.title.empty() && l.title.back() == ')';
    // A table whose first rows are still coming: drawn as they come, counted once in.
    const std::string count = l.arriving ? "加载中 loading…" : grouped(l.data.feature_count());
    // A database layer whose server is away says so in the list, not only when opened.
    const char* offline = l.stale() ? "  · 离线 offline" : "";
    const bool open = counted ? ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_SpanAvailWidth, "%s%s", l.title.c_str(),
                                                  offline)
                              : ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_SpanAvailWidth, "%s (%s)%s",
                                                  l.title.c_str(), count.c_str(), offline);
    if (open) {
      float opacity = l.opacity;
      ImGui::SetNextItemWidth(160.0f * v.ui_scale);
      if (ImGui::SliderFloat("不透明度 opacity", &opacity, 0.0f, 1.0f, "%.2f"))
        out.push_back(cmd::SetOpacity{k, opacity});
      if (ImGui::SmallButton("上移 up")) out.push_back(cmd::MoveLayer{k, +1});
      ImGui::SameLine();
      if (ImGui::SmallButton("下移 down")) out.push_back(cmd::MoveLayer{k, -1});
      ImGui::SameLine();
      if (ImGui::SmallButton("缩放至 zoom to")) out.push_back(cmd::ZoomToLayer{k});
      if (l.arriving) {  // its first rows drawn as they come: what needs the rows waits for them
        ImGui::TextDisabled("%s", geo::without_password(l.data.source).c_str());
        ImGui::TextDisabled("加载中 its first rows are drawn as they come;");
        ImGui::TextDisabled("style, refresh and filter once all are in");
        ImGui::TreePop();
        ImGui::PopID();
        continue;
      }
      ImGui::SameLine();
      if (ImGui::SmallButton("样式 style…")) out.push_back(cmd::EditStyle{k});
      ImGui::TextDisabled("%s · %s", l.data.crs_label.c_str(),
                          l.database ? geo::without_password(l.data.source).c_str() : l.data.source.c_str());
      if (l.database) {  // a PostGIS table: live, maybe streamed by view
        if (l.streamed && !l.arriving)
          ImGui::TextDisabled("按视图加载 streamed by view: %s of %s rows held", grouped(l.data.feature_count()).c_str(),
                              grouped(static_cast<uint64_t>(std::max<int64_t>(0, l.table_rows))).c_str());
        if (l.limited)
          ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "this view has more rows than one fetch brings: zoom in");
        if (l.config.refresh_seconds > 0)
          ImGui::TextDisabled("刷新 refreshes every %.0f s%s", l.config.refresh_seconds,
                              l.change_field.empty() ? " (whole table)" : (" (rows by " + l.change_field + ")").c_str());
        if (l.stale()) {
          ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "数据库无响应 database not answering: %s",
                             l.reload_problem.c_str());
          ImGui::TextDisabled("showing the last data, grey");
        }
        if (ImGui::SmallButton(l.stale() ? "重试 retry" : "刷新 refresh now")) out.push_back(cmd::RefreshLayer{k});
        if (l.reloading) {
          ImGui::SameLine();
          ImGui::TextDisabled("fetching…");
        }
      }
      if (l.has_status())
        ImGui::TextDisabled("status field: %s", l.data.attributes.names()[l.classes.status_field].c_str());
      else
        ImGui::TextDisabled("no status field: single colour");
      if (!l.data.encoding.empty()) ImGui::TextDisabled("text encoding: %s", l.data.encoding.c_str());
      if (!l.updated.empty()) ImGui::TextDisabled("更新 updated %s", l.updated.c_str());
      if (!l.reload_problem.empty() && !l.database)
        ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "kept the last good version: %s", l.reload_problem.c_str());
      // This layer's own status checkboxes (the legend's apply to every layer).
      if (l.has_status()) {
        const auto& palette = geo::status_palette();
        for (int i : geo::kLegendOrder) {
          if (l.counts[i] == 0 && (l.config.hidden_statuses & (1u << i)) == 0) continue;
          ImGui::PushID(100 + i);
          bool shown = (l.config.hidden_statuses & (1u << i)) == 0;
          if (ImGui::Checkbox("##layer_status", &shown)) out.push_back(cmd::ToggleLayerStatus{k, i});
          ImGui::SameLine(0, 2.0f * v.ui_scale);
          swatch(palette[i], ImGui::GetTextLineHeight() * 0.7f, i == static_cast<int>(geo::Status::Delayed));
          if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s: %u", std::string(geo::status_label(static_cast<geo::Status>(i))).c_str(), l.counts[i]);
          ImGui::SameLine();
          ImGui::PopID();
        }
        ImGui::NewLine();
      }
      // Attribute filter, OGR SQL WHERE: checked as typed, applied on Enter.
      std::string where = l.filter_draft.value_or(l.filter);
      ImGui::SetNextItemWidth(240.0f * v.ui_scale);
      if (ImGui::InputTextWithHint("筛选 filter", "status = '在建' AND households > 100", &where))
        out.push_back(cmd::EditFilter{k, where});
      if (ImGui::IsItemDeactivated() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)))
        out.push_back(cmd::SetFilter{k, where});
      const bool pending = l.filter_draft && *l.filter_draft != l.filter;
      if (pending && !l.filter_draft_error.empty())
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "%s", l.filter_draft_error.c_str());
      else if (!l.filter_error.empty())  // the last Enter was refused (by GDAL or the server)
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "%s", l.filter_error.c_str());
      else if (pending)
        ImGui::TextDisabled(l.database ? "Enter 应用 applies (checked by the server)" : "✓ Enter 应用 applies");
      if (l.filtering) ImGui::TextDisabled("筛选中 filtering on the server…");
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (v.basemaps && !v.basemaps->empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("底图 Basemaps");
    for (size_t i = 0; i < v.basemaps->size(); ++i) {
      const Basemap& b = (*v.basemaps)[i];
      ImGui::PushID(static_cast<int>(10000 + i));
      bool visible = b.config.visible;
      float opacity = b.config.opacity;
      if (ImGui::Checkbox("##bvis", &visible)) out.push_back(cmd::SetBasemap{i, visible, opacity});
      ImGui::SameLine();
      ImGui::SetNextItemWidth(120.0f * v.ui_scale);
      if (ImGui::SliderFloat(b.config.title.c_str(), &opacity, 0.0f, 1.0f, "%.2f"))
        out.push_back(cmd::SetBasemap{i, visible, opacity});
      if (!b.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "%s", b.error.c_str());
      ImGui::PopID();
    }
  }
  ImGui::End();
}

}  // namespace app::ui
