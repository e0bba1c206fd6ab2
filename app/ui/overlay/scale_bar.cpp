// The scale bar and north arrow on a white box: a round length about a sixth of the
// screen wide, in m or km, and grid north. Bottom right above the status bar on the
// desk, bottom left when presenting.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "app/ui/overlay/overlay.hpp"

namespace app::ui {

double nice_length(double target) {
  if (!(target > 0) || !std::isfinite(target)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= target) return m * p;
  return p;
}

namespace {

// Where the scale bar and the north arrow go, in UI coordinates.
struct ScaleBarLayout {
  bool shown = false;
  double len_m = 0;
  float px = 0;       // bar length on screen
  float x0 = 0, y0 = 0;  // bar's left end, baseline
  float em = 0, t = 0;   // font size, bar thickness
  float ax = 0, ay = 0, ah = 0;  // north arrow: tip x, base y, height
  ScreenRect box;        // the white box behind both
  ScreenRect room;       // the box at the longest bar: what framing keeps clear
};

ScaleBarLayout scale_bar_layout(const UiView& v, bool right) {
  ScaleBarLayout s;
  if (!(v.map_scale_m_per_px > 0)) return s;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  s.em = ImGui::GetFontSize();
  const float margin = s.em;
  // A round length about a sixth of the width.
  s.len_m = nice_length(v.map_scale_m_per_px * vp->Size.x / 6.0);
  s.px = static_cast<float>(s.len_m / v.map_scale_m_per_px);
  if (!(s.px > 0)) return s;
  const float bottom = right ? ImGui::GetFrameHeight() + 8.0f : 0.0f;  // above the status bar
  s.x0 = right ? vp->Pos.x + vp->Size.x - margin * 7.0f - s.px : vp->Pos.x + margin * 1.5f;
  s.y0 = vp->Pos.y + vp->Size.y - margin * 1.5f - bottom;
  s.t = std::max(3.0f, s.em / 6.0f);
  s.ax = s.x0 + s.px + s.em * 4.6f;
  s.ay = s.y0 - s.em * 0.2f;
  s.ah = s.em * 1.6f;
  // The box takes in the bar, its text and the arrow with its "N".
  s.box = {s.x0 - s.t * 2, s.ay - s.ah - s.em * 1.1f, s.ax + s.em * 0.9f, s.y0 + s.t * 2};
  // The bar is at most a sixth of the width: the room it may take does not change
  // with the scale, so framing does not chase it.
  const float longest = vp->Size.x / 6.0f;
  s.room = s.box;
  if (right) s.room.x0 = s.box.x1 - (s.box.x1 - s.box.x0) - (longest - s.px);
  else s.room.x1 = s.box.x1 + (longest - s.px);
  s.shown = true;
  return s;
}

}  // namespace

ScreenRect scale_bar_rect(const UiView& v, bool right) {
  const ScaleBarLayout s = scale_bar_layout(v, right);
  return s.shown ? s.box : ScreenRect{};
}

namespace {
ScreenRect g_scale_bar_room;  // this frame's; UI thread only
}  // namespace

ScreenRect scale_bar_room() { return g_scale_bar_room; }

void draw_scale_bar(const UiView& v, bool right) {
  const ScaleBarLayout s = scale_bar_layout(v, right);
  g_scale_bar_room = s.shown ? s.room : ScreenRect{};
  if (!s.shown) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImU32 ink = IM_COL32(30, 30, 30, 255);
  const float x0 = s.x0, y0 = s.y0, px = s.px, t = s.t, em = s.em;
  dl->AddRectFilled(ImVec2(s.box.x0, s.box.y0), ImVec2(s.box.x1, s.box.y1), IM_COL32(255, 255, 255, 210), t);
  dl->AddRectFilled(ImVec2(x0, y0 - t), ImVec2(x0 + px, y0), ink);
  dl->AddRectFilled(ImVec2(x0, y0 - t * 3), ImVec2(x0 + t * 0.6f, y0), ink);
  dl->AddRectFilled(ImVec2(x0 + px - t * 0.6f, y0 - t * 3), ImVec2(x0 + px, y0), ink);
  char buf[32];
  if (s.len_m >= 1000)
    std::snprintf(buf, sizeof buf, "%g km", s.len_m / 1000.0);
  else
    std::snprintf(buf, sizeof buf, "%g m", s.len_m);
  dl->AddText(ImGui::GetFont(), em, ImVec2(x0 + px + em * 0.4f, y0 - em * 1.1f), ink, buf);
  // North arrow beside it (grid north; within a degree of true north in a 3-degree
  // Gauss-Krüger zone).
  const float ax = s.ax, ay = s.ay, h = s.ah;
  dl->AddTriangleFilled(ImVec2(ax, ay - h), ImVec2(ax - em * 0.45f, ay), ImVec2(ax, ay - h * 0.35f), ink);
  dl->AddTriangle(ImVec2(ax, ay - h), ImVec2(ax + em * 0.45f, ay), ImVec2(ax, ay - h * 0.35f), ink, 1.5f);
  dl->AddText(ImGui::GetFont(), em * 0.8f, ImVec2(ax - em * 0.28f, ay - h - em * 0.95f), ink, "N");
}

}  // namespace app::ui
