// Measuring on the map: the clicked path in red with a rubber band to the cursor, its
// area shaded once it has three points, and beside its last point the length (and
// area and perimeter), or how to measure before the first click.
#include <imgui.h>

#include <cfloat>
#include <cstdint>
#include <string>
#include <vector>

#include "app/ui/panels/panels.hpp"
#include "geo/measure.hpp"
#include "geo/tessellate.hpp"

namespace app::ui {

void draw_measure_overlay(const UiView& v, const Camera& camera) {
  const Measure* measure = v.measure;
  if (!measure || !measure->on) return;
  ImDrawList* dl = ImGui::GetForegroundDrawList();
  const ImGuiIO& io = ImGui::GetIO();
  // Camera pixels are framebuffer pixels; ImGui's are UI pixels.
  const float sx = io.DisplayFramebufferScale.x > 0 ? 1.0f / io.DisplayFramebufferScale.x : 1.0f;
  const float sy = io.DisplayFramebufferScale.y > 0 ? 1.0f / io.DisplayFramebufferScale.y : 1.0f;
  std::vector<ImVec2> pts;
  for (size_t i = 0; i + 1 < measure->xy.size(); i += 2) {
    const ScreenPoint s = camera.map_to_screen({measure->xy[i], measure->xy[i + 1]});
    pts.emplace_back(static_cast<float>(s.x) * sx, static_cast<float>(s.y) * sy);
  }
  std::vector<double> xy = measure->xy;
  if (!measure->done && !io.WantCaptureMouse && io.MousePos.x > -FLT_MAX / 2) {  // rubber band to the cursor
    pts.push_back(io.MousePos);
    const MapPoint m = camera.screen_to_map({io.MousePos.x / sx, io.MousePos.y / sy});
    xy.insert(xy.end(), {m.x, m.y});
  }
  const float w = 2.5f * v.ui_scale;
  if (pts.size() >= 3) {  // the area, concave or not: triangulated like a map polygon
    // Keeps its scratch memory between frames; the UI thread is the only caller.
    static geo::Tessellator tessellator;
    std::vector<double> flat;
    for (const ImVec2& q : pts) flat.insert(flat.end(), {q.x, q.y});
    const uint32_t rings[2] = {0, static_cast<uint32_t>(pts.size())};
    std::vector<uint32_t> tris;
    tessellator.tessellate({flat.data(), rings, 1}, tris);
    for (size_t t = 0; t + 2 < tris.size(); t += 3)
      dl->AddTriangleFilled(pts[tris[t]], pts[tris[t + 1]], pts[tris[t + 2]], IM_COL32(255, 60, 0, 40));
  }
  for (size_t i = 0; i + 1 < pts.size(); ++i) dl->AddLine(pts[i], pts[i + 1], IM_COL32(200, 30, 0, 255), w);
  for (const ImVec2& p : pts) dl->AddCircleFilled(p, w * 1.6f, IM_COL32(200, 30, 0, 255));
  // geo::format_length and format_area write "m", "km", "m²", "km²", "ha" and "亩" (mu),
  // joined by " · ", or "—": named here so that this file's embedded text gives the
  // font their glyphs.
  std::string text = "测量 Measure: click points, double-click to finish, right-click undoes, Esc/M leaves";
  if (measure->measurer && xy.size() >= 4) {
    const geo::Measurer& measurer = *measure->measurer;
    const size_t n = xy.size() / 2;
    text = "距离 length " + geo::format_length(measurer.path_length_m(xy.data(), n));
    if (n >= 3)
      text += "\n面积 area " + geo::format_area(measurer.polygon_area_m2(xy.data(), n)) + "\n周长 perimeter " +
              geo::format_length(measurer.perimeter_m(xy.data(), n));
  }
  const ImVec2 at = pts.empty() ? ImVec2(io.DisplaySize.x * 0.5f, 60.0f) : ImVec2(pts.back().x + 14, pts.back().y + 10);
  const ImVec2 size = ImGui::CalcTextSize(text.c_str());
  dl->AddRectFilled(ImVec2(at.x - 6, at.y - 4), ImVec2(at.x + size.x + 6, at.y + size.y + 4), IM_COL32(255, 255, 255, 235), 4);
  dl->AddText(at, IM_COL32(20, 20, 20, 255), text.c_str());
}

}  // namespace app::ui
