#include "app/ui/burnup_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "app/ui/colour.hpp"
#include "app/ui/widgets.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

// Finished work at the bottom, what has not started at the top.
constexpr geo::Status kStack[] = {geo::Status::Completed, geo::Status::UnderConstruction, geo::Status::Delayed,
                                  geo::Status::Relocation, geo::Status::Planned, geo::Status::Unknown};
constexpr ImU32 kPlan = IM_COL32(25, 64, 153, 255);
constexpr ImU32 kActual = IM_COL32(0, 0, 0, 255);
constexpr ImU32 kShown = IM_COL32(200, 30, 30, 255);
constexpr ImU32 kAxis = IM_COL32(110, 115, 125, 255);

void dashed(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 colour, float width, float dash) {
  float along = 0;
  for (size_t i = 1; i < pts.size(); ++i) {
    const ImVec2 a = pts[i - 1], b = pts[i];
    const float len = std::hypot(b.x - a.x, b.y - a.y);
    if (len <= 0) continue;
    for (float t = 0; t < len;) {
      const float phase = std::fmod(along + t, 2 * dash);
      const float step = std::min(len - t, phase < dash ? dash - phase : 2 * dash - phase);
      if (phase < dash) {
        const ImVec2 p(a.x + (b.x - a.x) * t / len, a.y + (b.y - a.y) * t / len);
        const ImVec2 q(a.x + (b.x - a.x) * (t + step) / len, a.y + (b.y - a.y) * (t + step) / len);
        dl->AddLine(p, q, colour, width);
      }
      t += std::max(step, 0.01f);
    }
    along += len;
  }
}

}  // namespace

float x_of_day(const geo::BurnUp& b, geo::Day d, float x0, float x1) {
  if (b.days() < 2) return x0;
  return x0 + (x1 - x0) * static_cast<float>(d - b.first) / static_cast<float>(b.last - b.first);
}

geo::Day day_at_x(const geo::BurnUp& b, float x, float x0, float x1) {
  if (b.days() < 2 || !(x1 > x0)) return b.first;
  const float t = std::clamp((x - x0) / (x1 - x0), 0.0f, 1.0f);
  return b.first + static_cast<geo::Day>(std::lround(t * static_cast<float>(b.last - b.first)));
}

geo::Day burn_up_chart(const char* id, const geo::BurnUp& b, ImVec2 size, const BurnUpLook& look) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(std::max(size.x, 1.0f), std::max(size.y, 1.0f)));
  const bool pressed = look.interactive && ImGui::IsItemActive();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float line = ImGui::GetTextLineHeight();
  const float s = look.scale;
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(255, 255, 255, 235));
  if (b.days() < 2 || b.features == 0) {
    dl->AddText(ImVec2(p.x + line * 0.5f, p.y + line * 0.5f), kAxis, "无日期数据 no dated projects to chart");
    return geo::kNoDay;
  }
  char max_label[32];
  std::snprintf(max_label, sizeof max_label, "%zu", b.features);
  const float left = p.x + ImGui::CalcTextSize(max_label).x + line * 0.4f;
  const float right = p.x + size.x - line * 0.3f;
  // The key and the verdict share the last row when they fit side by side, else each
  // takes a row.
  const float key = line * 1.4f;
  const float key_w = 2 * key + 8 * s + line + ImGui::CalcTextSize("计划 due").x + ImGui::CalcTextSize("实际 completed").x;
  const int behind = b.covers(look.shown) ? geo::days_behind(b, look.shown) : 0;
  char verdict[96];
  if (behind > 0) std::snprintf(verdict, sizeof verdict, "落后计划 %d 天 / %d days behind plan", behind, behind);
  else std::snprintf(verdict, sizeof verdict, "按计划 on plan");
  const float verdict_w = ImGui::CalcTextSize(verdict).x;
  const bool two_rows = key_w + verdict_w + line > size.x;
  const float top = p.y + line * 1.2f, bottom = p.y + size.y - line * (two_rows ? 3.4f : 2.3f);
  if (!(right > left + 10 && bottom > top + 10)) return geo::kNoDay;
  const float max_y = static_cast<float>(b.features);
  auto py = [&](double v) { return bottom - (bottom - top) * static_cast<float>(v) / max_y; };
  // The stacked statuses, a column per pixel.
  const auto& palette = geo::status_palette();
  const int columns = static_cast<int>(right - left);
  for (int c = 0; c < columns; ++c) {
    const geo::Day d = day_at_x(b, left + c + 0.5f, left, right);
    const geo::StatusCounts& counts = b.by_status[static_cast<size_t>(d - b.first)];
    double below = 0;
    for (geo::Status st : kStack) {
      const uint32_t n = counts[static_cast<size_t>(st)];
      if (n == 0) continue;
      dl->AddRectFilled(ImVec2(left + c, py(below + n)), ImVec2(left + c + 1, py(below)),
                        to_imu32(palette[static_cast<size_t>(st)]));
      below += n;
    }
  }
  // Past the data's date: projected from the plan.
  if (look.data_as_of != geo::kNoDay && look.data_as_of < b.last) {
    const float x = x_of_day(b, std::max(look.data_as_of, b.first), left, right);
    dl->AddRectFilled(ImVec2(x, top), ImVec2(right, bottom), IM_COL32(255, 255, 255, 130));
    hatch(dl, ImVec2(x, top), ImVec2(right, bottom), 8.0f * s);
    dl->AddText(ImVec2(x + 6 * s, top + 2 * s), IM_COL32(160, 80, 0, 255), "推算 projected");
  }
  // Plan and actual.
  std::vector<ImVec2> plan, actual;
  for (int c = 0; c <= columns; c += 2) {
    const geo::Day d = day_at_x(b, left + c, left, right);
    const size_t i = static_cast<size_t>(d - b.first);
    plan.emplace_back(left + c, py(b.planned[i]));
    actual.emplace_back(left + c, py(b.completed[i]));
  }
  dashed(dl, plan, kPlan, 2.0f * s, 6.0f * s);
  dl->AddPolyline(actual.data(), static_cast<int>(actual.size()), kActual, 0, 2.2f * s);
  // Axes: the count, years.
  dl->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), kAxis, 1.0f);
  dl->AddLine(ImVec2(left, top), ImVec2(left, bottom), kAxis, 1.0f);
  dl->AddText(ImVec2(p.x, top - line * 0.5f), kAxis, max_label);
  dl->AddText(ImVec2(left - ImGui::CalcTextSize("0").x - line * 0.2f, bottom - line * 0.5f), kAxis, "0");
  const float year_w = (right - left) * 365.25f / static_cast<float>(b.last - b.first);
  const int every = year_w > ImGui::CalcTextSize("2023").x * 1.6f ? 1 : 2;
  for (int y = geo::civil_from_days(b.first).year + 1; y <= geo::civil_from_days(b.last).year; ++y) {
    if (y % every) continue;
    const float x = x_of_day(b, geo::days_from_civil(y, 1, 1), left, right);
    dl->AddLine(ImVec2(x, bottom), ImVec2(x, bottom + 4 * s), kAxis, 1.0f);
    const std::string label = std::to_string(y);
    dl->AddText(ImVec2(x - ImGui::CalcTextSize(label.c_str()).x * 0.5f, bottom + 4 * s), kAxis, label.c_str());
  }
  // The shown date, and the verdict on it.
  const float legend_y = p.y + size.y - line * 1.1f;
  if (b.covers(look.shown)) {
    const float x = x_of_day(b, look.shown, left, right);
    dl->AddLine(ImVec2(x, top - line * 0.2f), ImVec2(x, bottom), kShown, 2.0f * s);
    const std::string date = geo::format_date(look.shown);
    const float w = ImGui::CalcTextSize(date.c_str()).x;
    dl->AddText(ImVec2(std::clamp(x - w * 0.5f, p.x, right - w), p.y), kShown, date.c_str());
    dl->AddText(ImVec2(std::max(p.x, right - verdict_w), two_rows ? legend_y - line * 1.1f : legend_y),
                behind > 0 ? IM_COL32(190, 50, 25, 255) : IM_COL32(20, 120, 70, 255), verdict);
  }
  // Key.
  dashed(dl, {ImVec2(p.x, legend_y + line * 0.5f), ImVec2(p.x + key, legend_y + line * 0.5f)}, kPlan, 2.0f * s,
         4.0f * s);
  dl->AddText(ImVec2(p.x + key + 4 * s, legend_y), kAxis, "计划 due");
  const float x2 = p.x + key + 4 * s + ImGui::CalcTextSize("计划 due").x + line;
  dl->AddLine(ImVec2(x2, legend_y + line * 0.5f), ImVec2(x2 + key, legend_y + line * 0.5f), kActual, 2.2f * s);
  dl->AddText(ImVec2(x2 + key + 4 * s, legend_y), kAxis, "实际 completed");
  if (!pressed) return geo::kNoDay;
  return day_at_x(b, ImGui::GetIO().MousePos.x, left, right);
}

}  // namespace app::ui
