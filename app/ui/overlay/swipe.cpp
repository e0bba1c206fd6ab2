// The swipe's two dates, on the map beside its divider: date A in a tag on the left
// of it, date B on the right, half-way down, so the picture says which side is which
// even without the legend (slides, the film).
#include <imgui.h>

#include <string>

#include "app/ui/overlay/overlay.hpp"

namespace app::ui {

void draw_swipe_labels(const UiView& v) {
  const SwipeState& sw = v.model.swipe;
  if (!sw.on || v.as_of == geo::kNoDay) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const float x = vp->Pos.x + vp->Size.x * sw.divider;
  const float y = vp->Pos.y + vp->Size.y * 0.5f;
  const float pad = ImGui::GetFontSize() * 0.35f, gap = ImGui::GetFontSize() * 0.4f;
  const std::string a = "◀ " + geo::format_date(sw.left), b = geo::format_date(v.as_of) + " ▶";
  const ImVec2 sa = ImGui::CalcTextSize(a.c_str()), sb = ImGui::CalcTextSize(b.c_str());
  auto tag = [&](float x0, const std::string& text, ImVec2 size) {
    dl->AddRectFilled(ImVec2(x0 - pad, y - size.y * 0.5f - pad), ImVec2(x0 + size.x + pad, y + size.y * 0.5f + pad),
                      IM_COL32(255, 255, 255, 235), pad);
    dl->AddRect(ImVec2(x0 - pad, y - size.y * 0.5f - pad), ImVec2(x0 + size.x + pad, y + size.y * 0.5f + pad),
                IM_COL32(40, 50, 65, 255), pad, 0, 1.5f);
    dl->AddText(ImVec2(x0, y - size.y * 0.5f), IM_COL32(25, 40, 70, 255), text.c_str());
  };
  tag(x - gap - pad - sa.x, a, sa);
  tag(x + gap + pad, b, sb);
}

}  // namespace app::ui
