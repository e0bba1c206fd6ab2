// One function per panel; each reads the UiView and pushes commands.
#pragma once

#include <vector>

#include "app/state.hpp"

struct ImFont;

namespace app::ui {

struct Fonts {
  ImFont* body = nullptr;
  ImFont* title = nullptr;
};

void draw_title(const UiView& view, const Fonts& fonts);
void draw_layers_panel(const UiView& view, std::vector<Command>& out);
void draw_legend(const UiView& view);
void draw_status_bar(const UiView& view);
void draw_messages(const UiView& view, std::vector<Command>& out);

}  // namespace app::ui
