// The autosave of unsaved changes (app/model/autosave.hpp) and the question at start
// when the last session left one.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "app/model/autosave.hpp"
#include "app/model/project_io.hpp"
#include "app/shell/app.hpp"
#include "app/ui/ui.hpp"

namespace app {
namespace fs = std::filesystem;

namespace {
// Unsaved changes reach the autosave file within this many seconds.
constexpr double kAutosaveSeconds = 5.0;
}  // namespace

void App::discard_autosave() {
  if (autosave_path_.empty()) return;
  model::discard_autosave(autosave_path_);
  autosaved_key_.clear();
}

// At most every kAutosaveSeconds, and only when the project differs from what the
// autosave holds: the project as Save would write it, with paths relative to the
// autosave folder (so it opens from there), written atomically.
void App::autosave_if_due() {
  const double now = seconds_since_start();
  if (!model_.unsaved || autosave_path_.empty() || now - last_autosave_ < kAutosaveSeconds) return;
  last_autosave_ = now;
  const std::string key = unsaved_key(model_);
  if (key == autosaved_key_) return;
  std::error_code ec;
  fs::create_directories(fs::path(autosave_path_).parent_path(), ec);
  auto written = geo::write_file_atomic(autosave_path_, geo::project_to_json(project_snapshot(model_, autosave_path_)));
  if (!written) {
    if (autosaved_key_ != "(failed)")
      model_.report(Message::Level::Warning, "autosave failed: " + written.error().what() + " (save with Ctrl+S)");
    autosaved_key_ = "(failed)";
    return;
  }
  autosaved_key_ = key;
}

// The question at start, before anything loads: restore the autosave or discard it.
// Enter restores, Esc discards; closing the window keeps it for the next start.
// The keys come from the window's own queue, as the map's shortcuts do: on a slow
// machine a frame outlasts a quick key press, and ImGui 1.86 then never sees it.
// Keys pressed before the question was on screen were not answers to it (ImGui sizes
// an auto-resized window unseen in its first frame: it shows from the second).
bool App::offer_restore(const std::string& path, std::time_t saved_at) {
  char when[64] = "";
  std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&saved_at));
  int answer = -1;
  int frames = 0;
  while (answer < 0 && !window_.should_close()) {
    platform::wait_events(0.25);
    follow_window_size();
    fonts_.update();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    answer = ui::draw_restore_question(path, when);
    for (const platform::KeyPress& k : window_.take_key_presses()) {
      if (frames < 2 || answer >= 0) continue;
      if (k.key == GLFW_KEY_ENTER || k.key == GLFW_KEY_KP_ENTER) answer = 1;
      else if (k.key == GLFW_KEY_ESCAPE) answer = 0;
    }
    ImGui::Render();
    int w = 0, h = 0;
    window_.framebuffer_size(w, h);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, w, h);
    glClearColor(0.96f, 0.957f, 0.937f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    window_.swap();
    // RENEWMAP_TRACE=1: scripts and tests answer once the question is up.
    if (++frames == 2 && std::getenv("RENEWMAP_TRACE"))
      std::fprintf(stderr, "renewmap: trace: restore question shown\n");
  }
  return answer == 1;
}

}  // namespace app
