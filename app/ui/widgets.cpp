// Pieces several panels share: swatches, the right-hand column, fraction bars, the
// partial-count note and the legend's rows.
#include "app/ui/widgets.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <cstdio>

#include "app/model/clock.hpp"
#include "app/ui/colour.hpp"

namespace app::ui {

namespace {
float g_side_y = 0;  // where the next side panel goes (UI coordinates); UI thread only
}  // namespace

float margin(const UiView& v) { return 10.0f * v.ui_scale; }

std::string grouped(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

void hatch(ImDrawList* dl, ImVec2 a, ImVec2 b, float spacing) {
  dl->AddRectFilled(a, b, IM_COL32(255, 255, 255, 110));
  dl->PushClipRect(a, b, true);
  const float h = b.y - a.y;
  for (float x = a.x - h; x < b.x; x += spacing)
    dl->AddLine(ImVec2(x, b.y), ImVec2(x + h, a.y), IM_COL32(60, 60, 60, 150), std::max(1.0f, spacing / 5.0f));
  dl->PopClipRect();
}

void projected_note() { ImGui::TextColored(ImVec4(0.62f, 0.32f, 0.0f, 1), "%s", kProjectedNote); }

void swatch(geo::Rgba c, float size, bool alert, bool projected) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const float h = ImGui::GetTextLineHeight();
  const float y = p.y + (h - size) * 0.5f;
  dl->AddRectFilled(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), to_imu32(c), 2.0f);
  if (projected) hatch(dl, ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), std::max(3.0f, size / 3.0f));
  if (alert)
    dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), to_imu32(geo::kDelayedOutline), 2.0f, 0,
                std::max(2.0f, size / 6.0f));
  else
    dl->AddRect(ImVec2(p.x, y), ImVec2(p.x + size * 1.4f, y + size), IM_COL32(60, 60, 60, 255), 2.0f);
  ImGui::Dummy(ImVec2(size * 1.4f, h));
}

void start_side_column(const UiView& v) { g_side_y = ImGui::GetMainViewport()->Pos.y + margin(v); }

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

void fraction_bar(float fraction, geo::Rgba colour, const char* text) {
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_imvec(colour));
  ImGui::ProgressBar(fraction, ImVec2(-1, 0), text);
  ImGui::PopStyleColor();
}

std::string partial_note(const UiView& v) {
  uint64_t held = 0, total = 0;
  bool partial = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status() || !l.streamed) continue;
    if (l.server_counts && l.filter_pass.empty()) continue;  // counted by the server: exact
    held += l.data.feature_count();
    total += l.table_rows > 0 ? static_cast<uint64_t>(l.table_rows) : l.data.feature_count();
    partial = partial || l.limited || (l.table_rows > 0 && l.data.feature_count() < static_cast<size_t>(l.table_rows));
  }
  if (!partial) return {};
  char buf[160];
  std::snprintf(buf, sizeof buf, "* 仅计已加载 counts: %s of %s rows loaded", grouped(held).c_str(), grouped(total).c_str());
  return buf;
}

bool legend_counts(const UiView& v, geo::StatusCounts& counts) {
  counts = shown_counts(v.model);  // the same numbers slides.json records
  return std::any_of(v.layers.begin(), v.layers.end(), [](const MapLayer& l) { return l.visible && l.has_status(); });
}

std::string as_of_text(const UiView& v) {
  if (v.model.swipe.on && v.model.swipe.left != geo::kNoDay)
    return geo::format_date(v.model.swipe.left) + " ◀ │ ▶ " + geo::format_date(v.as_of);
  return geo::format_date(v.as_of);
}

namespace {

// Swiping: the two dates over the two columns of counts. At the desk a click on a
// date opens a slider to move it (A: SetSwipeLeft, B: the shown date).
void swipe_header(const UiView& v, LegendLook look, float col_a, float col_b, std::vector<Command>* out) {
  const std::string a = "◀ " + geo::format_date(v.model.swipe.left);
  const std::string b = geo::format_date(v.as_of) + " ▶";
  ImGui::TextDisabled("%s", look == LegendLook::Desk ? "前后对比 before / after" : "对比 before / after");
  for (int side = 0; side < 2; ++side) {
    ImGui::SameLine(side == 0 ? col_a : col_b);
    const std::string& text = side == 0 ? a : b;
    if (look != LegendLook::Desk || !out) {
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.45f, 1), "%s", text.c_str());
      continue;
    }
    ImGui::PushID(side);
    if (ImGui::SmallButton(text.c_str())) ImGui::OpenPopup("swipe_date");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(side == 0 ? "左侧日期 date A (left): click to change"
                                                            : "右侧日期 date B (right): click to change");
    if (ImGui::BeginPopup("swipe_date")) {
      int day = side == 0 ? v.model.swipe.left : v.as_of;
      const std::string label = geo::format_date(day);
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 22.0f);
      if (ImGui::SliderInt("##day", &day, v.min_day, std::max(v.min_day, v.max_day), label.c_str())) {
        if (side == 0) out->push_back(cmd::SetSwipeLeft{day});
        else out->push_back(cmd::SetAsOf{day});
      }
      if (ImGui::SmallButton("关闭对比 end the swipe (S)")) {
        out->push_back(cmd::SetSwipe{false, geo::kNoDay, geo::kNoDay});
        ImGui::CloseCurrentPopup();
      }
      ImGui::EndPopup();
    }
    ImGui::PopID();
  }
}

}  // namespace

void draw_legend_rows(const UiView& v, const geo::StatusCounts& counts, LegendLook look, std::vector<Command>* out) {
  const auto& palette = geo::status_palette();
  const float em = ImGui::GetFontSize();
  // Before/after: A's counts in a column before B's.
  const bool swipe = v.model.swipe.on && v.as_of != geo::kNoDay;
  const geo::StatusCounts left = swipe ? swipe_left_counts(v.model) : geo::StatusCounts{};
  const float col_a = em * (look == LegendLook::Desk ? 15.5f : 13.0f);
  const float col_b = col_a + em * 6.5f;
  if (swipe) swipe_header(v, look, col_a - em * 2.5f, col_b - em * 2.0f, out);
  for (int i : geo::kLegendOrder) {
    if (i == 0 && counts[0] == 0 && left[0] == 0) continue;
    const bool delayed = i == static_cast<int>(geo::Status::Delayed);
    const std::string label(geo::status_label(static_cast<geo::Status>(i)));
    if (look == LegendLook::Desk) {
      ImGui::PushID(i);
      bool shown = (v.hidden_statuses & (1u << i)) == 0;
      if (ImGui::Checkbox("##show", &shown) && out) out->push_back(cmd::ToggleStatus{i});
      ImGui::PopID();
      ImGui::SameLine();
      swatch(palette[i], ImGui::GetTextLineHeight() * 0.8f, delayed, v.projected);
      ImGui::SameLine();
      ImGui::Text("%-28s", label.c_str());
      ImGui::SameLine(em * 15.5f);
      if (swipe) {
        ImGui::Text("%6s", grouped(left[i]).c_str());
        ImGui::SameLine(col_b);
      }
      ImGui::Text("%6s", grouped(counts[i]).c_str());
    } else {
      // Big enough to read from the back of the room: the line's height, 1.3 wide.
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float h = ImGui::GetTextLineHeight();
      ImDrawList* dl = ImGui::GetWindowDrawList();
      dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f), to_imu32(palette[i]),
                        h * 0.12f);
      if (v.projected) hatch(dl, ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f), h * 0.25f);
      if (delayed)
        dl->AddRect(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f),
                    to_imu32(geo::kDelayedOutline), h * 0.12f, 0, std::max(2.0f, h / 10));
      ImGui::Dummy(ImVec2(h * 1.3f, h));
      ImGui::SameLine();
      ImGui::TextUnformatted(label.c_str());
      ImGui::SameLine(em * 13.0f);
      if (swipe) {
        ImGui::Text("%5s", grouped(left[i]).c_str());
        ImGui::SameLine(col_b);
      }
      ImGui::Text("%5s", grouped(counts[i]).c_str());
    }
  }
  // Past the data's date the counts are what the plan says, not what was recorded.
  if (v.projected) projected_note();
}

}  // namespace app::ui
