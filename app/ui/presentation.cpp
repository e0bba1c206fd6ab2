// What a projector shows: title, caption, date, legend with counts, scale bar; and
// the feature labels drawn on the map in every mode.
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/camera.hpp"
#include "app/ui/colour.hpp"
#include "app/ui/panels.hpp"
#include "geo/label.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {
constexpr ImGuiWindowFlags kOverlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                      ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoInputs;

void text_with_halo(ImDrawList* dl, ImFont* font, float size, ImVec2 p, ImU32 colour, const char* text) {
  const ImU32 halo = IM_COL32(255, 255, 255, 230);
  const float d = std::max(1.0f, size / 14.0f);
  for (const ImVec2 o : {ImVec2(-d, 0), ImVec2(d, 0), ImVec2(0, -d), ImVec2(0, d), ImVec2(-d, -d), ImVec2(d, d),
                         ImVec2(-d, d), ImVec2(d, -d)})
    dl->AddText(font, size, ImVec2(p.x + o.x, p.y + o.y), halo, text);
  dl->AddText(font, size, p, colour, text);
}
}  // namespace

double nice_length(double target) {
  if (!(target > 0) || !std::isfinite(target)) return 0;
  const double p = std::pow(10.0, std::floor(std::log10(target)));
  for (double m : {5.0, 2.0, 1.0})
    if (m * p <= target) return m * p;
  return p;
}

namespace {
// Below the status colours, which symbol is which layer: each visible status layer
// with features in view, topmost first, its symbol (a disc, a line or an area, sized
// as its style draws it) in neutral grey with its outline, and its name.
void draw_layer_key(const UiView& v) {
  std::vector<const MapLayer*> shown;
  for (size_t k = v.layers.size(); k-- > 0;) {
    const MapLayer& l = v.layers[k];
    if (l.visible && l.has_status() && !l.data.part_kinds.empty() && l.data.bounds.intersects(v.view_extent))
      shown.push_back(&l);
  }
  if (shown.size() < 2 || shown.size() > 12) return;  // one layer needs no key; a dozen is no key
  ImGui::Separator();
  ImGui::SetWindowFontScale(0.93f);  // 24 px at 1080 lines: still body text
  const float h = ImGui::GetTextLineHeight();
  const float scale = ImGui::GetFontSize() / 16.0f;  // symbols grow with the text
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 grey = IM_COL32(175, 175, 175, 255);
  for (const MapLayer* l : shown) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c(p.x + h * 0.65f, p.y + h * 0.5f);
    const geo::LayerStyle& st = l->config.style;
    const ImU32 outline = to_imu32(st.outline);
    switch (l->data.part_kinds.front()) {
      case geo::PartKind::Point: {
        const float r = std::min(h * 0.45f, 0.5f * st.point_size_px() * scale);
        dl->AddCircleFilled(c, r, grey);
        dl->AddCircle(c, r, outline, 0, 1.5f);
        break;
      }
      case geo::PartKind::Line: {
        const float w = std::min(h * 0.5f, st.line_width_px() * scale);
        dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + h * 1.3f, c.y), outline, w + 2.0f);
        dl->AddLine(ImVec2(p.x, c.y), ImVec2(p.x + h * 1.3f, c.y), grey, w);
        break;
      }
      case geo::PartKind::Polygon:
        if (st.fill) dl->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f), grey);
        dl->AddRect(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f), outline, 0, 0, 1.5f);
        break;
    }
    ImGui::Dummy(ImVec2(h * 1.3f, h));
    ImGui::SameLine();
    ImGui::TextUnformatted(l->title.c_str());
  }
  ImGui::SetWindowFontScale(1.0f);
}
}  // namespace

void draw_presentation(const UiView& v, const Fonts& fonts, const std::string& caption) {
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float em = ImGui::GetFontSize();
  const float margin = em;
  // Title, notice, caption and date: top left.
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + margin, vp->Pos.y + margin), ImGuiCond_Always);
  ImGui::SetNextWindowBgAlpha(0.88f);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 0.8f, em * 0.6f));
  if (ImGui::Begin("##present_title", nullptr, kOverlay)) {
    ImGui::PushTextWrapPos(vp->Size.x * 0.55f);
    if (fonts.title) ImGui::PushFont(fonts.title);
    ImGui::TextUnformatted(v.title.c_str());
    if (fonts.title) ImGui::PopFont();
    if (!caption.empty()) ImGui::TextUnformatted(caption.c_str());
    if (v.as_of != geo::kNoDay)
      ImGui::TextColored(ImVec4(0.1f, 0.25f, 0.45f, 1), "截至 As of %s", geo::format_date(v.as_of).c_str());
    if (!v.notice.empty()) ImGui::TextColored(ImVec4(0.55f, 0.25f, 0.0f, 1.0f), "%s", v.notice.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::End();

  // Legend with counts: top right.
  geo::StatusCounts counts{};
  bool any = false;
  for (const MapLayer& l : v.layers) {
    if (!l.visible || !l.has_status()) continue;
    any = true;
    for (int i = 0; i < geo::kStatusCount; ++i) counts[i] += l.counts[i];
  }
  if (any) {
    ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x - margin, vp->Pos.y + margin), ImGuiCond_Always,
                            ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.88f);
    if (ImGui::Begin("##present_legend", nullptr, kOverlay)) {
      const auto& pal = geo::status_palette();
      for (int i : geo::kLegendOrder) {
        if (i == 0 && counts[0] == 0) continue;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f),
                                                  to_imu32(pal[i]), h * 0.12f);
        if (i == static_cast<int>(geo::Status::Delayed))
          ImGui::GetWindowDrawList()->AddRect(ImVec2(p.x, p.y + h * 0.15f), ImVec2(p.x + h * 1.3f, p.y + h * 0.85f),
                                              to_imu32(geo::kDelayedOutline), h * 0.12f, 0, std::max(2.0f, h / 10));
        ImGui::Dummy(ImVec2(h * 1.3f, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(std::string(geo::status_label(static_cast<geo::Status>(i))).c_str());
        ImGui::SameLine(em * 13.0f);
        ImGui::Text("%5u", counts[i]);
      }
      draw_layer_key(v);
      if (const std::string note = partial_note(v); !note.empty())
        ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "%s", note.c_str());
    }
    ImGui::End();
  }
  ImGui::PopStyleVar();

  draw_scale_bar(v, false);
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
  s.shown = true;
  return s;
}

}  // namespace

ScreenRect scale_bar_rect(const UiView& v, bool right) {
  const ScaleBarLayout s = scale_bar_layout(v, right);
  return s.shown ? s.box : ScreenRect{};
}

void draw_scale_bar(const UiView& v, bool right) {
  const ScaleBarLayout s = scale_bar_layout(v, right);
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

std::vector<ScreenRect> window_rects() {
  std::vector<ScreenRect> out;
  const ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g) return out;
  const ImVec2 screen = ImGui::GetMainViewport()->Size;
  for (const ImGuiWindow* w : g->Windows) {
    if (!(w->Active || w->WasActive) || w->Hidden || w->ParentWindow || w->IsFallbackWindow) continue;
    if (w->Flags & ImGuiWindowFlags_Tooltip) continue;
    if (w->Size.x * w->Size.y > 0.8f * screen.x * screen.y) continue;  // a host covering the map
    out.push_back({w->Pos.x, w->Pos.y, w->Pos.x + w->Size.x, w->Pos.y + w->Size.y});
  }
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
