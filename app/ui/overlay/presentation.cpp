// What a projector shows, and exported slides: the title, the stop's caption, the
// date and the notice at the top left; the legend with counts and a key to which
// symbol is which layer (each as the map draws it) at the top right; the scale bar at the bottom left. Nothing
// in it takes the mouse.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/ui/burnup_chart.hpp"
#include "app/ui/colour.hpp"
#include "app/ui/overlay/overlay.hpp"
#include "app/ui/widgets.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

constexpr ImGuiWindowFlags kPresentOverlay = kOverlay | ImGuiWindowFlags_NoInputs;

// How a layer's features look on the map at this view, for its key.
enum class Symbol { Disc, Line, Area, Dot };

// Polygons whose every feature is under a few pixels on screen are drawn as specks
// (MapRenderer paints them as pixels, without outline): their key is a speck too.
Symbol symbol_of(const MapLayer& l, double units_per_px) {
  switch (l.data.part_kinds.front()) {
    case geo::PartKind::Point: return Symbol::Disc;
    case geo::PartKind::Line: return Symbol::Line;
    case geo::PartKind::Polygon: break;
  }
  const size_t n = l.data.feature_count();
  if (n > 20000 || !(units_per_px > 0)) return Symbol::Area;
  double largest = 0;
  for (size_t f = 0; f < n; ++f) {
    const geo::Bbox b = l.data.feature_bounds(f);
    if (!b.empty()) largest = std::max({largest, b.width(), b.height()});
  }
  return largest / units_per_px < 6.0 ? Symbol::Dot : Symbol::Area;
}

// The colour most of the layer's shown features have on the shown date.
geo::Rgba main_colour(const MapLayer& l) {
  int best = 0;
  for (int i = 1; i < geo::kStatusCount; ++i)
    if (l.counts[i] > l.counts[best]) best = i;
  return geo::status_palette()[best];
}

// Below the status colours, which symbol is which layer: each visible status layer
// with features in view, topmost first, drawn as the map draws it (a disc of its
// size, a line of its width, an area with its outline, or a speck where its features
// are specks at this scale) in the colour most of its features have, and its name.
void draw_layer_key(const UiView& v) {
  std::vector<const MapLayer*> shown;
  for (size_t k = v.layers.size(); k-- > 0;) {
    const MapLayer& l = v.layers[k];
    if (l.visible && l.has_status() && !l.data.part_kinds.empty() && l.data.bounds.intersects(v.view_extent))
      shown.push_back(&l);
  }
  if (shown.size() < 2 || shown.size() > 12) return;  // one layer needs no key; a dozen is no key
  ImGui::Separator();
  const float h = ImGui::GetTextLineHeight();
  const float scale = ImGui::GetFontSize() / 16.0f;  // symbols grow with the text
  const double units_per_px = v.view_extent.width() / std::max(1.0f, ImGui::GetMainViewport()->Size.x);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (const MapLayer* l : shown) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c(p.x + h * 0.65f, p.y + h * 0.5f);
    const geo::LayerStyle& st = l->config.style;
    const ImU32 fill = to_imu32(main_colour(*l));
    const ImU32 outline = to_imu32(st.outline);
    switch (symbol_of(*l, units_per_px)) {
      case Symbol::Disc: {
        const float r = std::min(h * 0.45f, 0.5f * st.point_size_px() * scale);
        dl->AddCircleFilled(c, r, fill);
        dl->AddCircle(c, r, outline, 0, std::max(1.5f, scale));
        break;
      }
      case Symbol::Line:
        dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + h * 1.3f, c.y), fill, std::min(h * 0.5f, st.line_width_px() * scale));
        break;
      case Symbol::Area: {
        const ImVec2 a(p.x, p.y + h * 0.15f), b(p.x + h * 1.3f, p.y + h * 0.85f);
        if (st.fill) {  // as translucent as the map draws it, over the legend's paper
          geo::Rgba c = main_colour(*l);
          c.a = static_cast<uint8_t>(255.0f * std::clamp(st.fill_opacity, 0.0f, 1.0f));
          dl->AddRectFilled(a, b, to_imu32(c));
        }
        dl->AddRect(a, b, outline, 0, 0, std::max(1.0f, st.outline_width_px() * scale));
        break;
      }
      case Symbol::Dot: {
        const float r = std::max(2.0f, h * 0.12f);
        dl->AddRectFilled(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), fill);
        break;
      }
    }
    ImGui::Dummy(ImVec2(h * 1.3f, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(l->title.c_str());
  }
}

}  // namespace

void draw_presentation(const UiView& v, const Fonts& fonts) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  const float edge = em;  // from the screen's edge: one line of text
  // Title, notice, caption and date: top left.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + edge, vp->Pos.y + edge), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 0.8f, em * 0.6f));
  if (ImGui::Begin("##present_title", nullptr, kPresentOverlay)) {
    ImGui::PushTextWrapPos(vp->Size.x * 0.55f);
    if (fonts.title) ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted(v.title.c_str());
    if (fonts.title) ImGui::PopFont();
    if (!v.caption.empty()) ImGui::TextUnformatted(v.caption.c_str());
    if (v.as_of != geo::kNoDay)
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.45f, 1), "截至 As of %s", as_of_text(v).c_str());
    if (v.projected) {
      ImGui::SameLine();
      projected_note();
    }
    if (!v.notice.empty()) ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.0f, 1.0f), "%s", v.notice.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();

  // Legend with counts: top right.
  geo::StatusCounts counts{};
  if (legend_counts(v, counts)) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - edge, vp->Pos.y + edge), ImGuiCond_Always,
                            ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.88f);
    if (ImGui::Begin("##present_legend", nullptr, kPresentOverlay)) {
      draw_legend_rows(v, counts, LegendLook::Presentation, nullptr);
      draw_layer_key(v);
      if (const std::string note = partial_note(v); !note.empty())
        ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", note.c_str());
    }
    ImGui::End();
  }
  // The burn-up chart: the stop's, or the one the presenter opened (C), bottom right.
  const ChartState& chart = v.model.chart;
  if (chart.visible || !chart.stop_scope.empty()) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - edge, vp->Pos.y + vp->Size.y - edge), ImGuiCond_Always,
                            ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.92f);
    if (ImGui::Begin("##present_chart", nullptr, kPresentOverlay)) {
      const float scale = ImGui::GetFontSize() / 16.0f;
      ImGui::TextUnformatted(("进度 Progress: " + chart.title).c_str());
      BurnUpLook look;
      look.shown = v.as_of != geo::kNoDay ? v.as_of : v.data_as_of;
      look.data_as_of = v.data_as_of;
      look.scale = scale;
      burn_up_chart("##present_burnup", chart.series, ImVec2(vp->Size.x * 0.3f, vp->Size.y * 0.24f), look);
    }
    ImGui::End();
  }
  ImGui::PopStyleVar();

  draw_scale_bar(v, false);
}

}  // namespace app::ui
