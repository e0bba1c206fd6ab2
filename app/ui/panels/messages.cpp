// Messages: the newest few as toasts in a corner no overlay uses (bottom left above
// the status bar at the desk, bottom right when presenting, where the scale bar is
// on the left), fading out after a few seconds (errors stay longest); presenting,
// only errors show. Every message stays listed in the Messages window, which the
// status bar's button opens, with Clear.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/ui/panels/panels.hpp"
#include "app/ui/widgets.hpp"

namespace app::ui {

namespace {

double toast_seconds(Message::Level level) {
  switch (level) {
    case Message::Level::Error: return 10.0;
    case Message::Level::Warning: return 6.0;
    case Message::Level::Info: break;
  }
  return 4.0;
}

ImVec4 level_colour(Message::Level level) {
  return level == Message::Level::Error     ? ImVec4(0.75f, 0.1f, 0.05f, 1)
         : level == Message::Level::Warning ? ImVec4(0.6f, 0.4f, 0.0f, 1)
                                            : ImVec4(0.2f, 0.2f, 0.2f, 1);
}

// The messages a toast shows now, newest first (at most three).
std::vector<const Message*> live_toasts(const UiView& v) {
  std::vector<const Message*> out;
  for (auto it = v.messages.rbegin(); it != v.messages.rend() && out.size() < 3; ++it) {
    const double age = v.now - it->time;
    if (age < 0 || age > toast_seconds(it->level)) continue;
    if (v.presenting && it->level != Message::Level::Error) continue;
    out.push_back(&*it);
  }
  return out;
}

}  // namespace

void draw_toasts(const UiView& v) {
  if (v.offscreen) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const bool right = v.presenting;
  const float edge = right ? ImGui::GetFontSize() : margin(v);
  float bottom = vp->Pos.y + vp->Size.y - edge - (right ? 0.0f : ImGui::GetFrameHeight() + 4.0f);
  int n = 0;
  for (const Message* m : live_toasts(v)) {  // newest at the bottom, older ones above it
    const double left = toast_seconds(m->level) - (v.now - m->time);
    const float alpha = static_cast<float>(std::clamp(left / 1.0, 0.0, 1.0));  // fades in its last second
    ImGui::SetNextWindowPos(ImVec2(right ? vp->Pos.x + vp->Size.x - edge : vp->Pos.x + edge, bottom),
                            ImGuiCond_Always, ImVec2(right ? 1.0f : 0.0f, 1.0f));
    ImVec4 bg = m->level == Message::Level::Error     ? ImVec4(0.55f, 0.1f, 0.05f, 0.95f)
                : m->level == Message::Level::Warning ? ImVec4(0.5f, 0.32f, 0.0f, 0.95f)
                                                      : ImVec4(0.18f, 0.2f, 0.24f, 0.92f);
    ImGui::PushStyleVar(ImGuiStyleVar_Alpha, alpha);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, bg);
    char name[24];
    std::snprintf(name, sizeof name, "##toast%d", n++);
    if (ImGui::Begin(name, nullptr, kOverlay | ImGuiWindowFlags_NoInputs)) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + vp->Size.x * 0.4f);
      ImGui::TextColored(ImVec4(1, 1, 1, 1), "%s", m->text.c_str());
      ImGui::PopTextWrapPos();
      bottom = ImGui::GetWindowPos().y - ImGui::GetStyle().ItemSpacing.y;
    }
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();
  }
}

void draw_messages(const UiView& v, std::vector<Command>& out) {
  draw_toasts(v);
  if (!v.model.forms.messages_open) return;
  size_t errors = 0, warnings = 0;
  for (const Message& m : v.messages) {
    errors += m.level == Message::Level::Error;
    warnings += m.level == Message::Level::Warning;
  }
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.5f), ImGuiCond_FirstUseEver,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(vp->Size.x * 0.5f, vp->Size.y * 0.4f), ImGuiCond_FirstUseEver);
  char title[96];
  std::snprintf(title, sizeof title, "消息 Messages: %zu error(s), %zu warning(s)###messages", errors, warnings);
  bool open = true;
  if (ImGui::Begin(title, &open, ImGuiWindowFlags_NoSavedSettings)) {
    if (ImGui::SmallButton("清除 clear")) out.push_back(cmd::ClearMessages{});
    ImGui::Separator();
    ImGui::BeginChild("##log");
    if (v.messages.empty()) ImGui::TextDisabled("没有消息 no messages");
    for (const Message& m : v.messages) {
      ImGui::PushStyleColor(ImGuiCol_Text, level_colour(m.level));
      ImGui::TextWrapped("%s", m.text.c_str());
      ImGui::PopStyleColor();
    }
    ImGui::EndChild();
  }
  ImGui::End();
  if (!open) out.push_back(cmd::ShowMessages{false});
}

}  // namespace app::ui
