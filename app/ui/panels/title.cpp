// The project's title (in the title font) and its notice, in a box at the top left.
#include <imgui.h>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

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
    if (v.projected) {
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.45f, 1), "截至 As of %s", as_of_text(v).c_str());
      ImGui::SameLine();
      projected_note();
    }
  }
  ImGui::End();
}

}  // namespace app::ui
