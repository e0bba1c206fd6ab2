// Looking at features: the hover tooltip (name, status, days late) and the identify
// card (every attribute, status, dates as a planned-against-actual bar).
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "app/ui/panels/panels.hpp"
#include "geo/pg.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

std::string feature_name(const MapLayer& l, size_t f) {
  if (l.classes.name_field >= 0) {
    const std::string_view n = l.data.attributes.get(f, static_cast<size_t>(l.classes.name_field));
    if (!n.empty()) return std::string(n);
  }
  return "#" + std::to_string(l.data.fids.empty() ? static_cast<int64_t>(f) : l.data.fids[f]);
}

geo::Status status_of(const MapLayer& l, size_t f) {
  return f < l.status.size() ? l.status[f] : geo::Status::Unknown;
}

void status_line(const UiView& v, const MapLayer& l, size_t f) {
  const geo::Status s = status_of(l, f);
  const geo::Rgba c = geo::status_palette()[static_cast<size_t>(s)];
  ImGui::TextColored(ImVec4(c.r / 255.0f * 0.8f, c.g / 255.0f * 0.8f, c.b / 255.0f * 0.8f, 1.0f), "■ %s",
                     std::string(geo::status_label(s)).c_str());
  if (s == geo::Status::Delayed && v.as_of != geo::kNoDay && f < l.timeline.size()) {
    const int late = geo::days_late(l.timeline, f, v.as_of);
    if (late > 0) {
      ImGui::SameLine();
      ImGui::TextColored(ImVec4(0.6f, 0.1f, 0.05f, 1), "滞后 %d 天 / %d days late", late, late);
    }
  }
}

// Planned (upper bar) against actual (lower bar) on a shared axis, with today's mark.
void dates_bar(const UiView& v, const MapLayer& l, size_t f) {
  if (f >= l.timeline.size() || !l.timeline.dates[f].any()) return;
  const geo::FeatureDates& d = l.timeline.dates[f];
  geo::Day lo = INT32_MAX, hi = INT32_MIN;
  for (geo::Day x : {d.planned_start, d.planned_finish, d.actual_start, d.actual_finish, v.as_of})
    if (x != geo::kNoDay) lo = std::min(lo, x), hi = std::max(hi, x);
  if (lo >= hi) hi = lo + 1;
  const float w = ImGui::GetContentRegionAvail().x, h = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  auto x_of = [&](geo::Day day) { return p.x + w * static_cast<float>(day - lo) / static_cast<float>(hi - lo); };
  auto bar = [&](geo::Day a, geo::Day b, float y, ImU32 colour) {
    if (a == geo::kNoDay) return;
    const geo::Day end = b != geo::kNoDay ? b : (v.as_of != geo::kNoDay ? std::max(a, v.as_of) : a);
    dl->AddRectFilled(ImVec2(x_of(a), y), ImVec2(std::max(x_of(end), x_of(a) + 2), y + h * 0.5f), colour, 2.0f);
  };
  bar(d.planned_start, d.planned_finish, p.y, IM_COL32(120, 140, 170, 255));
  bar(d.actual_start != geo::kNoDay ? d.actual_start : geo::kNoDay, d.actual_finish, p.y + h * 0.65f,
      d.actual_finish != geo::kNoDay ? IM_COL32(0, 158, 115, 255) : IM_COL32(230, 159, 0, 255));
  if (v.as_of != geo::kNoDay)
    dl->AddLine(ImVec2(x_of(v.as_of), p.y - 2), ImVec2(x_of(v.as_of), p.y + h * 1.2f), IM_COL32(200, 30, 20, 255), 2);
  ImGui::Dummy(ImVec2(w, h * 1.25f));
  ImGui::TextDisabled("计划 planned %s → %s", geo::format_date(d.planned_start).c_str(),
                      geo::format_date(d.planned_finish).c_str());
  ImGui::TextDisabled("实际 actual  %s → %s", geo::format_date(d.actual_start).c_str(),
                      d.actual_finish != geo::kNoDay ? geo::format_date(d.actual_finish).c_str() : "…");
}

}  // namespace

void draw_hover_tooltip(const UiView& v) {
  if (!v.hover_layer || ImGui::IsAnyItemHovered() || ImGui::GetIO().WantCaptureMouse) return;
  const MapLayer& l = *v.hover_layer;
  const size_t f = v.hover_feature;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(feature_name(l, f).c_str());
  if (l.has_status()) status_line(v, l, f);
  ImGui::TextDisabled("%s", l.title.c_str());
  ImGui::EndTooltip();
}

void draw_identify_panel(const UiView& v, std::vector<Command>& out) {
  size_t total = 0;
  for (const MapLayer& l : v.layers) total += l.selected.size();
  if (total == 0) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - 10.0f * v.ui_scale, vp->Pos.y + 320.0f * v.ui_scale),
                          ImGuiCond_FirstUseEver, ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(420.0f * v.ui_scale, vp->Size.y * 0.45f), ImGuiCond_FirstUseEver);
  bool open = true;
  char title[64];
  std::snprintf(title, sizeof title, "要素 Features (%zu)###identify", total);
  if (ImGui::Begin(title, &open, ImGuiWindowFlags_NoSavedSettings)) {
    // Topmost layer first, as the map shows them.
    for (size_t k = v.layers.size(); k-- > 0;) {
      const MapLayer& l = v.layers[k];
      for (uint32_t f : l.selected) {
        ImGui::PushID(static_cast<int>(k * 1000003 + f));
        if (ImGui::CollapsingHeader(feature_name(l, f).c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
          // Never a password on screen (a PG: string typed with one).
          ImGui::TextDisabled("%s · %s", l.title.c_str(),
                              (l.database ? geo::without_password(l.data.source) : l.data.source).c_str());
          if (l.has_status()) status_line(v, l, f);
          dates_bar(v, l, f);
          if (ImGui::BeginTable("##attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV)) {
            const auto& names = l.data.attributes.names();
            for (size_t c = 0; c < names.size(); ++c) {
              ImGui::TableNextRow();
              ImGui::TableNextColumn();
              ImGui::TextDisabled("%s", names[c].c_str());
              ImGui::TableNextColumn();
              const std::string value(l.data.attributes.get(f, c).substr(0, 500));
              ImGui::TextWrapped("%s", l.data.attributes.is_null(f, c) ? "—" : value.c_str());
            }
            ImGui::EndTable();
          }
        }
        ImGui::PopID();
      }
    }
  }
  ImGui::End();
  if (!open) out.push_back(cmd::ClearSelection{});
}

}  // namespace app::ui
