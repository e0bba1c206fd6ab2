#include "app/platform/offscreen_ui.hpp"

#include <imgui.h>
#include <imgui_impl_opengl3.h>

namespace app::platform {

void OffscreenUi::enter(const Fonts& live, const ImGuiStyle& style) {
  previous_ = ImGui::GetCurrentContext();
  if (!context_) {
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplOpenGL3_Init("#version 330 core");
    fonts_.init(16.0f);
  }
  ImGui::SetCurrentContext(context_);
  ImGui::GetStyle() = style;
  fonts_.require_all_of(live);
}

void OffscreenUi::leave() {
  if (previous_) ImGui::SetCurrentContext(previous_);
  previous_ = nullptr;
}

OffscreenUi::~OffscreenUi() {
  if (!context_) return;
  ImGuiContext* live = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui::DestroyContext(context_);
  ImGui::SetCurrentContext(live != context_ ? live : nullptr);
}

}  // namespace app::platform
