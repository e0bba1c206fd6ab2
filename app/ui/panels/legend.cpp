// The legend at the top right: a row per status with its colour and how many features
// have it on the shown date; unticking one hides that status in every layer. A note
// says when the counts are of a database table's loaded rows only.
#include <imgui.h>

#include <string>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

void draw_legend(const UiView& v, std::vector<Command>& out) {
  start_side_column(v);
  geo::StatusCounts counts{};
  if (!legend_counts(v, counts)) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin(v), vp->Pos.y + margin(v)), ImGuiCond_Always,
                          ImVec2(1.0f, 0.0f));
  ImGui::SetNextWindowBgAlpha(0.9f);
  if (ImGui::Begin("##legend", nullptr, kOverlay)) {
    ImGui::TextUnformatted("图例 Legend · 项目状态 status");
    ImGui::Separator();
    draw_legend_rows(v, counts, LegendLook::Desk, &out);
    if (const std::string note = partial_note(v); !note.empty()) {
      ImGui::Separator();
      ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", note.c_str());
    }
  }
  end_side_panel();
}

}  // namespace app::ui
