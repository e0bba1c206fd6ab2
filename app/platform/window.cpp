#include "app/platform/window.hpp"

#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <dlfcn.h>
#include <link.h>

namespace app::platform {

namespace {

#ifdef RENEWMAP_SANITIZE
// The GL driver (Mesa's DRI module, LLVM) is unloaded at exit, so LeakSanitizer could
// not name the frames of its one-time allocations and no suppression could match
// them. Sanitizer builds pin the loaded driver modules so their leaks are reported
// by name and suppressed (tests/sanitizer/lsan.supp); ours are still caught.
int pin_module(dl_phdr_info* info, size_t, void*) {
  const char* name = info->dlpi_name;
  if (name && (std::strstr(name, "/dri/") || std::strstr(name, "libGLX_mesa") || std::strstr(name, "libLLVM") ||
               std::strstr(name, "libgallium")))
    dlopen(name, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
  return 0;
}
void pin_gl_driver() { dl_iterate_phdr(pin_module, nullptr); }
#else
void pin_gl_driver() {}
#endif

std::string g_glfw_error;
void on_glfw_error(int, const char* description) { g_glfw_error = description ? description : "unknown"; }

}  // namespace

void on_drop(GLFWwindow* window, int count, const char** paths) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  for (int i = 0; self && i < count; ++i) self->dropped_.emplace_back(paths[i]);
}

// Installed before ImGui's backend, which calls it from its own key callback.
void on_key(GLFWwindow* window, int key, int, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (self && action == GLFW_PRESS && self->key_presses_.size() < 256) self->key_presses_.push_back({key, mods});
}

// ImGui's key callback, after ImGui's backend is installed: once a key has been pressed
// since the last frame began, releases wait, in order, until the frame that sees that
// press has ended (Window::swap). ImGui 1.86 keeps only each key's state per frame, so
// a press released before the next frame began (a quick Enter in a text field, Esc on
// a question, Ctrl+C while a frame is slow) was never seen as pressed; nor was a chord
// whose modifier was let go in the same instant as its key. The shortcuts have their
// own queue (on_key).
void on_key_for_imgui(GLFWwindow* window, int key, int scancode, int action, int mods) {
  auto* self = static_cast<Window*>(glfwGetWindowUserPointer(window));
  if (self && action == GLFW_RELEASE && (!self->pressed_in_frame_.empty() || !self->held_releases_.empty())) {
    self->held_releases_.push_back({key, scancode, mods});
    return;
  }
  if (self && action == GLFW_PRESS) {
    // Pressed again within the frame: its held release first (one press is seen).
    for (auto it = self->held_releases_.begin(); it != self->held_releases_.end();) {
      if (it->key != key) {
        ++it;
        continue;
      }
      ImGui_ImplGlfw_KeyCallback(window, it->key, it->scancode, GLFW_RELEASE, it->mods);
      it = self->held_releases_.erase(it);
    }
    if (self->pressed_in_frame_.size() < 64) self->pressed_in_frame_.push_back(key);
  }
  ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

Window::~Window() {
  if (imgui_) {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
  }
  if (window_) glfwDestroyWindow(window_);
  if (glfw_) glfwTerminate();
}

bool Window::open(int width, int height, const std::string& title, bool visible, std::string& error) {
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    const char* display = std::getenv("DISPLAY");
    error = "cannot start the window system (" + g_glfw_error + ")";
    if (!display || !*display)
      error += "; no $DISPLAY: run under a desktop, or use --screenshot with xvfb-run";
    return false;
  }
  glfw_ = true;
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_SAMPLES, 0);
  // Offscreen work renders into its own framebuffer; keep the hidden window small so
  // sizes beyond the screen never matter.
  window_ = glfwCreateWindow(visible ? width : 64, visible ? height : 64, title.c_str(), nullptr, nullptr);
  if (!window_) {
    error = "cannot create an OpenGL 3.3 core window (" + g_glfw_error + ")";
    return false;
  }
  glfwMakeContextCurrent(window_);
  // ImGui's GLFW backend keeps its state elsewhere; the user pointer is ours.
  glfwSetWindowUserPointer(window_, this);
  glfwSetDropCallback(window_, on_drop);
  glfwSetKeyCallback(window_, on_key);
  if (!gladLoadGL(glfwGetProcAddress)) {
    error = "cannot load OpenGL 3.3 functions";
    return false;
  }
  glfwSwapInterval(1);
  pin_gl_driver();
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // layout is ours; nothing written next to the data
  ImGui_ImplGlfw_InitForOpenGL(window_, true);
  glfwSetKeyCallback(window_, on_key_for_imgui);  // ImGui's own, releases held a frame (above)
  ImGui_ImplOpenGL3_Init("#version 330 core");
  imgui_ = true;
  return true;
}

void Window::set_title(const std::string& title) {
  if (window_) glfwSetWindowTitle(window_, title.c_str());
}
bool Window::should_close() const { return window_ && glfwWindowShouldClose(window_); }
void Window::request_close() {
  if (window_) glfwSetWindowShouldClose(window_, GLFW_TRUE);
}
void Window::cancel_close() {
  if (window_) glfwSetWindowShouldClose(window_, GLFW_FALSE);
}
void Window::framebuffer_size(int& w, int& h) const { glfwGetFramebufferSize(window_, &w, &h); }
float Window::content_scale() const {
  float x = 1, y = 1;
  glfwGetWindowContentScale(window_, &x, &y);
  return std::max(1.0f, std::max(x, y));
}
void Window::swap() {
  glfwSwapBuffers(window_);
  // RENEWMAP_TEST_SLOW_FRAMES=ms: every frame takes at least that long, as on a slow
  // machine (tests send keys that must not be lost then).
  static const int slow_ms = [] {
    const char* v = std::getenv("RENEWMAP_TEST_SLOW_FRAMES");
    return v ? std::atoi(v) : 0;
  }();
  if (slow_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(slow_ms, 2000)));
  // The frame saw the keys pressed before it: their held releases now.
  pressed_in_frame_.clear();
  std::vector<HeldRelease> releases;
  releases.swap(held_releases_);
  if (imgui_)
    for (const HeldRelease& r : releases) ImGui_ImplGlfw_KeyCallback(window_, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

std::vector<KeyPress> Window::take_key_presses() {
  std::vector<KeyPress> out;
  out.swap(key_presses_);
  return out;
}

std::vector<std::string> Window::take_dropped_paths() {
  std::vector<std::string> out;
  out.swap(dropped_);
  return out;
}

void Window::set_clipboard(const std::string& text) {
  if (window_) glfwSetClipboardString(window_, text.c_str());
}

bool Window::fullscreen() const { return window_ && glfwGetWindowMonitor(window_) != nullptr; }

void Window::set_fullscreen(bool on) {
  if (!window_ || on == fullscreen()) return;
  if (on) {
    glfwGetWindowPos(window_, &windowed_[0], &windowed_[1]);
    glfwGetWindowSize(window_, &windowed_[2], &windowed_[3]);
    GLFWmonitor* monitor = glfwGetPrimaryMonitor();
    // The monitor the window is mostly on, when there are several (laptop + projector).
    int count = 0;
    GLFWmonitor** monitors = glfwGetMonitors(&count);
    const int cx = windowed_[0] + windowed_[2] / 2, cy = windowed_[1] + windowed_[3] / 2;
    for (int i = 0; i < count; ++i) {
      int mx = 0, my = 0;
      glfwGetMonitorPos(monitors[i], &mx, &my);
      const GLFWvidmode* m = glfwGetVideoMode(monitors[i]);
      if (m && cx >= mx && cx < mx + m->width && cy >= my && cy < my + m->height) monitor = monitors[i];
    }
    const GLFWvidmode* mode = monitor ? glfwGetVideoMode(monitor) : nullptr;
    if (mode) glfwSetWindowMonitor(window_, monitor, 0, 0, mode->width, mode->height, mode->refreshRate);
  } else {
    glfwSetWindowMonitor(window_, nullptr, windowed_[0], windowed_[1], windowed_[2], windowed_[3], 0);
  }
}

void wait_events(double timeout) {
  if (timeout > 0)
    glfwWaitEventsTimeout(timeout);
  else
    glfwPollEvents();
}

}  // namespace app::platform
