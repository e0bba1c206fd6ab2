// The bar along the bottom: the cursor's position in the display CRS, in CGCS2000
// lon/lat and in Gauss-Krüger CM 120E, the Messages button and the scale 1:N at the
// right. Ctrl+C over
// the map copies the lon/lat, Ctrl+Shift+C the display-CRS x, y.
#include <imgui.h>

#include <cstdio>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

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
    // Right: the Messages window's button (with the count of errors and warnings),
    // then the scale.
    size_t problems = 0;
    for (const Message& m : v.messages) problems += m.level != Message::Level::Info;
    char label[64];
    std::snprintf(label, sizeof label, problems ? "消息 Messages (%zu)###msgs" : "消息 Messages###msgs", problems);
    char buf[48] = "";
    if (v.scale_denominator > 0) std::snprintf(buf, sizeof buf, "比例尺 1:%.0f", v.scale_denominator);
    const float right = ImGui::GetWindowWidth() - ImGui::CalcTextSize(buf).x - 12.0f;
    ImGui::SameLine(right - ImGui::CalcTextSize(label).x - 3.0f * ImGui::GetStyle().FramePadding.x - 20.0f);
    if (ImGui::SmallButton(label)) out.push_back(cmd::ShowMessages{!v.model.forms.messages_open});
    if (buf[0]) {
      ImGui::SameLine(right);
      ImGui::TextUnformatted(buf);
    }
  }
  ImGui::End();
}

}  // namespace app::ui
