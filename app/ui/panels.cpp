#include "app/ui/panels.hpp"

#include "geo/pg.hpp"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cinttypes>
#include <filesystem>
#include <cstdio>

#include "app/ui/colour.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

constexpr ImGuiWindowFlags kOverlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;

float margin(const UiView& v) { return 10.0f * v.ui_scale; }

// `alert`: the thick dark-red outline delayed features have on the map.
void swatch(geo::Rgba c, float size, bool alert = false) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  const float y = p.y + (h - size) * 0.5f;
  dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), to_imu32(c), 2.0f);
  if (alert)
    dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), to_imu32(geo::kDelayedOutline), 2.0f, 0,
                std::max(2.0f, size / 6.0f));
  else
    dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), IM_COL32(60, 60, 60, 255), 2.0f);
  ImGui::Dummy(ImVec2(size * 1.4f, h));
}

}  // namespace

void draw_title(const UiView& v, const Fonts& fonts) {
  if (v.title.empty() && v.notice.empty()) return;
  ImGui::SetNextWindowPos(ImVec2(margin(v), margin(v)), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.85f);
  if (ImGui::Begin("##title", nullptr, kOverlay)) {
    if (!v.title.empty()) {
      if (fonts.title) ImGui::PushFont(fonts.title);
      ImGui::TextUnformatted(v.title.c_str());
      if (fonts.title) ImGui::PopFont();
    }
    if (!v.notice.empty()) ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.0f, 1.0f), "%s", v.notice.c_str());
  }
  ImGui::End();
}

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
    const std::string name = std::filesystem::path(job.source).filename().string();
    if (!job.running)
      std::snprintf(buf, sizeof buf, "%s: 排队 queued", name.c_str());
    else if (job.total > 0)
      std::snprintf(buf, sizeof buf, "%s: %" PRIu64 " / %" PRIu64, name.c_str(), job.done, job.total);
    else
      std::snprintf(buf, sizeof buf, "%s: %" PRIu64 " features read", name.c_str(), job.done);
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
    // A database layer whose server is away says so in the list, not only when opened.
    const char* offline = l.stale() ? "  · 离线 offline" : "";
    const bool open = counted ? ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_SpanAvailWidth, "%s%s", l.title.c_str(),
                                                  offline)
                              : ImGui::TreeNodeEx("##node", ImGuiTreeNodeFlags_SpanAvailWidth, "%s (%zu)%s",
                                                  l.title.c_str(), l.data.feature_count(), offline);
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
      ImGui::SameLine();
      if (ImGui::SmallButton("样式 style…")) out.push_back(cmd::EditStyle{k});
      ImGui::TextDisabled("%s · %s", l.data.crs_label.c_str(),
                          l.database ? geo::without_password(l.data.source).c_str() : l.data.source.c_str());
      if (l.database) {  // a PostGIS table: live, maybe streamed by view
        if (l.streamed)
          ImGui::TextDisabled("按视图加载 streamed by view: %zu of %lld rows held", l.data.feature_count(),
                              static_cast<long long>(l.table_rows));
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
      if (l.filtering.valid()) ImGui::TextDisabled("筛选中 filtering on the server…");
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

std::string partial_note(const UiView& v) {
  uint64_t held = 0, total = 0;
  bool partial = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status() || !l.streamed) continue;
    held += l.data.feature_count();
    total += l.table_rows > 0 ? static_cast<uint64_t>(l.table_rows) : l.data.feature_count();
    partial = partial || l.limited || (l.table_rows > 0 && l.data.feature_count() < static_cast<size_t>(l.table_rows));
  }
  if (!partial) return {};
  char buf[160];
  std::snprintf(buf, sizeof buf, "* 仅计已加载 counts: %" PRIu64 " of %" PRIu64 " rows loaded", held, total);
  return buf;
}

namespace {
float g_side_y = 0;  // where the next side panel goes (UI coordinates)
}  // namespace

bool begin_side_panel(const UiView& v, const char* title, float max_height, int flags) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float width = 400.0f * v.ui_scale;
  // Never down into the scale bar and status bar, and leave room for two more headers.
  const float room = vp->Pos.y + vp->Size.y - g_side_y - 2.0f * ImGui::GetFrameHeightWithSpacing() -
                     6.0f * ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin(v), g_side_y), ImGuiCond_Always, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0),
                                      ImVec2(width, std::max(std::min(max_height, room), 60.0f * v.ui_scale)));
  ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
  const bool open = ImGui::Begin(title, nullptr,
                                 flags | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                                     ImGuiWindowFlags_AlwaysAutoResize);
  // One click on the title opens or closes it, like a section header (ImGui wants the
  // arrow or a double-click; the arrow and double-clicks keep working).
  const float arrow = ImGui::GetFrameHeight() * 1.2f;
  if (ImGui::IsItemClicked(ImGuiMouseButton_Left) && !ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) &&
      ImGui::GetIO().MousePos.x > ImGui::GetWindowPos().x + arrow)
    ImGui::SetWindowCollapsed(open);
  return open;
}

void end_side_panel() {
  g_side_y = ImGui::GetWindowPos().y + ImGui::GetWindowSize().y + ImGui::GetStyle().ItemSpacing.y;
  ImGui::End();
}

void draw_legend(const UiView& v, std::vector<Command>& out) {
  g_side_y = ImGui::GetMainViewport()->Pos.y + margin(v);
  // Counts as of the app's date (l.counts follows the timeline), not the recorded ones.
  geo::StatusCounts counts{};
  bool any_status = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status()) continue;
    any_status = true;
    for (int i = 0; i < geo::kStatusCount; ++i) counts[i] += l.counts[i];
  }
  if (!any_status) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin(v), vp->Pos.y + margin(v)), ImGuiCond_Always,
                          ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (ImGui::Begin("##legend", nullptr, kOverlay)) {
    ImGui::TextUnformatted("图例 Legend · 项目状态 status");
    ImGui::Separator();
    const auto& palette = geo::status_palette();
    for (int i : geo::kLegendOrder) {
      if (i == 0 && counts[0] == 0) continue;
      ImGui::PushID(i);
      bool shown = (v.hidden_statuses & (1u << i)) == 0;
      if (ImGui::Checkbox("##show", &shown)) out.push_back(cmd::ToggleStatus{i});
      ImGui::PopID();
      ImGui::SameLine();
      swatch(palette[i], ImGui::GetTextLineHeight() * 0.8f, i == static_cast<int>(geo::Status::Delayed));
      ImGui::SameLine();
      ImGui::Text("%-28s", std::string(geo::status_label(static_cast<geo::Status>(i))).c_str());
      ImGui::SameLine(ImGui::GetFontSize() * 15.5f);
      ImGui::Text("%6u", counts[i]);
    }
    if (const std::string note = partial_note(v); !note.empty()) {
      ImGui::Separator();
      ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", note.c_str());
    }
  }
  end_side_panel();
}

void draw_status_bar(const UiView& v, std::vector<Command>& out) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float h = ImGui::GetFrameHeight() + 4.0f;
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x, vp->Pos.y + vp->Size.y - h), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x, h), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (ImGui::Begin("##statusbar", nullptr, kOverlay & ~ImGuiWindowFlags_AlwaysAutoResize)) {
    if (v.cursor_valid) {
      ImGui::Text("%s  x %.2f  y %.2f", v.display_crs.c_str(), v.cursor_x, v.cursor_y);
      if (v.cursor_lonlat_valid) {
        ImGui::SameLine();
        ImGui::Text("   经纬度 CGCS2000  %.6f°E  %.6f°N", v.cursor_lon, v.cursor_lat);
      }
      if (v.cursor_gk_valid && v.display_crs != "EPSG:4549") {
        ImGui::SameLine();
        ImGui::Text("   GK CM120E  %.1f  %.1f", v.cursor_gk_x, v.cursor_gk_y);
      }
      // Ctrl+C over the map copies the cursor's lon/lat; Ctrl+Shift+C its display-CRS x, y.
      const ImGuiIO& io = ImGui::GetIO();
      if (io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_C), false)) {
        char buf[96] = "";
        if (io.KeyShift)
          std::snprintf(buf, sizeof buf, "%.3f, %.3f", v.cursor_x, v.cursor_y);
        else if (v.cursor_lonlat_valid)
          std::snprintf(buf, sizeof buf, "%.7f, %.7f", v.cursor_lon, v.cursor_lat);
        if (buf[0]) out.push_back(cmd::CopyText{buf});
      }
    } else {
      ImGui::Text("%s", v.display_crs.c_str());
    }
    if (v.scale_denominator > 0) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "比例尺 1:%.0f", v.scale_denominator);
      ImGui::SameLine(ImGui::GetWindowWidth() - ImGui::CalcTextSize(buf).x - 12.0f);
      ImGui::TextUnformatted(buf);
    }
  }
  ImGui::End();
}

void draw_messages(const UiView& v, std::vector<Command>& out) {
  size_t errors = 0, warnings = 0;
  for (const Message& m : v.messages) {
    errors += m.level == Message::Level::Error;
    warnings += m.level == Message::Level::Warning;
  }
  // A toast for the newest error, for a few seconds.
  for (auto it = v.messages.rbegin(); it != v.messages.rend(); ++it) {
    if (it->level != Message::Level::Error || v.now - it->time > 8.0) continue;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + margin(v)), ImGuiCond_Always,
                            ImVec2(0.5f, 0.0f));
    ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.55f, 0.1f, 0.05f, 0.95f));
    if (ImGui::Begin("##toast", nullptr, kOverlay)) {
      ImGui::PushTextWrapPos(vp->Size.x * 0.5f);
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "%s", it->text.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::End();
    ImGui::PopStyleColor();
    break;
  }
  if (v.messages.empty()) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(margin(v), vp->Size.y - 60.0f * v.ui_scale), ImGuiCond_FirstUseEver,
                          ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.45f, 150.0f * v.ui_scale), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowCollapsed(errors == 0, ImGuiCond_FirstUseEver);
  char title[96];
  std::snprintf(title, sizeof title, "消息 Messages: %zu error(s), %zu warning(s)###messages", errors, warnings);
  if (ImGui::Begin(title, nullptr, ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::SmallButton("清除 clear")) out.push_back(cmd::ClearMessages{});
    ImGui::Separator();
    ImGui::BeginChild("##log");
    for (const Message& m : v.messages) {
      const ImVec4 colour = m.level == Message::Level::Error     ? ImVec4(0.75f, 0.1f, 0.05f, 1)
                            : m.level == Message::Level::Warning ? ImVec4(0.6f, 0.4f, 0.0f, 1)
                                                                 : ImVec4(0.2f, 0.2f, 0.2f, 1);
      ImGui::PushStyleColor(ImGuiCol_Text, colour);
      ImGui::TextWrapped("%s", m.text.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::EndChild();
  }
  ImGui::End();
}

}  // namespace app::ui
