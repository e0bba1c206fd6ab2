// The frame's UI in drawing order: labels under everything, then the projector's
// overlay, or the desk's title, legend and scale bar and (on screen) its panels,
// dialogs, tooltip and messages.
#include "app/ui/ui.hpp"

#include <imgui.h>

#include <algorithm>

#include "app/ui/overlay/overlay.hpp"
#include "app/ui/panels/panels.hpp"

namespace app::ui {

float presentation_body_px(int framebuffer_height) {
  return std::max(18.0f, 32.0f * static_cast<float>(framebuffer_height) / 1080.0f);
}

void draw_ui(const UiView& view, const Camera& camera, const Fonts& fonts, Forms& forms, std::vector<Command>& out) {
  const bool present = view.presenting;
  LabelStyle labels;
  labels.font = fonts.body;
  labels.size_px = ImGui::GetFontSize() * (present ? kPresentLabelScale : 0.85f);
  labels.max_labels = present ? 60 : 200;
  std::vector<ScreenRect> avoid = window_rects();
  avoid.push_back(scale_bar_rect(view, !present));
  draw_labels(view, camera, labels, avoid);
  draw_swipe_labels(view);
  if (present) {
    draw_presentation(view, fonts);
    draw_toasts(view);  // errors only
    return;
  }
  draw_title(view, fonts);
  draw_legend(view, out);
  draw_scale_bar(view, true);
  if (view.offscreen) return;
  draw_layers_panel(view, out);
  draw_status_bar(view, out);
  draw_timeline_panel(view, out);
  draw_view_panel(view, forms.export_view, out);  // the side column, top to bottom
  draw_statistics_panel(view, out);
  draw_burnup_panel(view, out);
  draw_bookmarks_panel(view, forms.save_as, out);
  draw_identify_panel(view, out);
  draw_open_panel(view, forms.open, out);
  draw_search_panel(view, forms.search, out);
  draw_style_panel(view, forms.style, out);
  draw_measure_overlay(view, camera);
  draw_unsaved_question(view, out);
  draw_hover_tooltip(view);
  draw_messages(view, out);
}

}  // namespace app::ui
