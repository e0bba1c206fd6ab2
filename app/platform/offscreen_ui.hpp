// A second ImGui context for images (screenshots, slides, film frames, report maps):
// its own windows and its own font atlas at the image's text size. Drawing an image
// then leaves the window's context alone: its hovered window, its pending clicks and
// its atlas (a film records between the window's frames; a click on Cancel must
// reach the window, and neither atlas is rebuilt for the other's size). Main thread.
#pragma once

#include "app/platform/fonts.hpp"

struct ImGuiContext;
struct ImGuiStyle;

namespace app::platform {

class OffscreenUi {
 public:
  OffscreenUi() = default;
  OffscreenUi(const OffscreenUi&) = delete;
  OffscreenUi& operator=(const OffscreenUi&) = delete;
  ~OffscreenUi();

  // Makes the images' context current (made the first time, with the OpenGL backend
  // and the window's font), with the window's `style` and every character `live` has.
  void enter(const Fonts& live, const ImGuiStyle& style);
  // The window's context current again.
  void leave();
  Fonts& fonts() { return fonts_; }

 private:
  ImGuiContext* context_ = nullptr;
  ImGuiContext* previous_ = nullptr;
  Fonts fonts_;
};

}  // namespace app::platform
