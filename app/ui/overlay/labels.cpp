// Feature names on the map, dark text with a white halo: areas labelled inside,
// points and small areas beside them, largest and topmost first, never over each
// other, a window or the scale bar, never cut by the screen's edge.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "app/model/visibility.hpp"
#include "app/ui/overlay/overlay.hpp"
#include "geo/label.hpp"

namespace app::ui {

namespace {

void text_with_halo(ImDrawList* dl, ImFont* font, float size, ImVec2 p, ImU32 colour, const char* text) {
  const ImU32 halo = IM_COL32(255, 255, 255, 230);
  const float d = std::max(1.0f, size / 14.0f);
  for (const ImVec2 o : {ImVec2(-d, 0), ImVec2(d, 0), ImVec2(0, -d), ImVec2(0, d), ImVec2(-d, -d), ImVec2(d, d),
                         ImVec2(-d, d), ImVec2(d, -d)})
    dl->AddText(font, size, ImVec2(p.x + o.x, p.y + o.y), halo, text);
  dl->AddText(font, size, p, colour, text);
}

}  // namespace

std::vector<ScreenRect> window_rects(bool fixed_only) {
  std::vector<ScreenRect> out;
  const ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g) return out;
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  for (const ImGuiWindow* w : g->Windows) {
    if (!(w->Active || w->WasActive) || w->Hidden || w->ParentWindow || w->IsFallbackWindow) continue;
    if (w->Flags & ImGuiWindowFlags_Tooltip) continue;
    if (fixed_only && (!(w->Flags & ImGuiWindowFlags_NoMove) || std::strncmp(w->Name, "##toast", 7) == 0)) continue;
    if (w->Size.x * w->Size.y > 0.8f * screen.x * screen.y) continue;  // a host covering the map
    out.push_back({w->Pos.x, w->Pos.y, w->Pos.x + w->Size.x, w->Pos.y + w->Size.y});
  }
  if (const ScreenRect bar = scale_bar_room(); fixed_only && bar.x1 > bar.x0) out.push_back(bar);
  return out;
}

bool LabelPlacer::place(const ScreenRect& r) {
  if (full()) return false;
  if (r.x0 < frame_.x0 || r.y0 < frame_.y0 || r.x1 > frame_.x1 || r.y1 > frame_.y1) return false;  // would be cut
  auto hit = [&](const ScreenRect& o) { return r.overlaps(o); };
  if (std::any_of(avoid_.begin(), avoid_.end(), hit) || std::any_of(placed_.begin(), placed_.end(), hit)) return false;
  placed_.push_back(r);
  return true;
}

void draw_labels(const UiView& v, const Camera& cam, const LabelStyle& style, const std::vector<ScreenRect>& avoid) {
  if (!style.font) return;
  struct Candidate {
    const MapLayer* layer;
    size_t feature;
    float size;  // feature size on screen (px), for priority
    int rank;    // layer rank from the top
    bool point;  // labelled beside it (a point or a small area), not inside
    float half;  // half its size on screen: how far beside it the label starts
  };
  std::vector<Candidate> cands;
  const double res = cam.resolution();
  const geo::Bbox view = cam.visible_extent();
  int rank = 0;
  for (size_t k = v.layers.size(); k-- > 0; ++rank) {
    const MapLayer& l = v.layers[k];
    if (!l.visible || l.classes.name_field < 0 || l.boxes.empty()) continue;
    const auto col = static_cast<size_t>(l.classes.name_field);
    for (size_t f = 0; f < l.boxes.size(); ++f) {
      const geo::Bbox& b = l.boxes[f];
      if (b.empty() || !b.intersects(view)) continue;
      if (!feature_shown(l, f, v.hidden_statuses)) continue;  // filtered out: no name either
      const float size = static_cast<float>(std::max(b.width(), b.height()) / res);
      // Areas big enough to hold a label get it inside; points, and areas too small for
      // one (a pocket park at district scale), get it beside them, where they are
      // sparse enough (below, and the collision test).
      const bool point = (b.width() == 0 && b.height() == 0) || size < style.size_px * 2.5f;
      if (l.data.attributes.get(f, col).empty()) continue;
      cands.push_back({&l, f, point ? 0.0f : size, rank, point, 0.5f * size});
    }
  }
  // Points are labelled only where they are sparse: a layer showing more than a couple
  // of dozen points in view is read through its colours, not its names.
  {
    std::vector<int> points_per_rank(static_cast<size_t>(rank) + 1, 0);
    for (const Candidate& c : cands)
      if (c.point) ++points_per_rank[static_cast<size_t>(c.rank)];
    cands.erase(std::remove_if(cands.begin(), cands.end(),
                               [&](const Candidate& c) { return c.point && points_per_rank[static_cast<size_t>(c.rank)] > 24; }),
                cands.end());
  }
  std::stable_sort(cands.begin(), cands.end(), [](const Candidate& a, const Candidate& b) {
    if (a.point != b.point) return !a.point;  // areas first: they are what the map is about
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.size > b.size;
  });
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ImVec2 scale = ImGui::GetIO().DisplayFramebufferScale;
  const float sx = scale.x > 0 ? 1.0f / scale.x : 1.0f, sy = scale.y > 0 ? 1.0f / scale.y : 1.0f;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  LabelPlacer placer({vp->Pos.x, vp->Pos.y, vp->Pos.x + vp->Size.x, vp->Pos.y + vp->Size.y}, avoid, style.max_labels);
  for (const Candidate& c : cands) {
    if (placer.full()) break;
    const auto anchor = geo::label_anchor(c.layer->data, c.feature, view);
    if (!anchor) continue;
    const std::string_view name =
        c.layer->data.attributes.get(c.feature, static_cast<size_t>(c.layer->classes.name_field));
    const std::string text(name.substr(0, 60));
    const ImVec2 ts = style.font->CalcTextSizeA(style.size_px, 1e9f, 0.0f, text.c_str());
    const float pad = style.size_px * 0.25f;
    const ScreenPoint s = cam.map_to_screen({anchor->x, anchor->y});
    const float x = static_cast<float>(s.x) * sx, y = static_cast<float>(s.y) * sy;
    const ImVec2 p = c.point ? ImVec2(x + c.half + style.size_px * 0.6f, y - ts.y * 0.5f)
                             : ImVec2(x - ts.x * 0.5f, y - ts.y * 0.5f);
    if (!placer.place({p.x - pad, p.y - pad, p.x + ts.x + pad, p.y + ts.y + pad})) continue;
    text_with_halo(dl, style.font, style.size_px, p, IM_COL32(35, 35, 35, 255), text.c_str());
  }
}

}  // namespace app::ui
