// The GLFW window with its OpenGL 3.3 core context (loaded by glad) and Dear ImGui's
// GLFW + OpenGL3 backends. Hidden windows serve offscreen rendering (--screenshot).
// Main thread only.
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;

namespace app::platform {

// A key press as GLFW reported it (GLFW_KEY_* and GLFW_MOD_* codes).
struct KeyPress {
  int key = 0;
  int mods = 0;
};

class Window {
 public:
  Window() = default;
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  ~Window();

  // Creates the window and context. `visible` false for offscreen work. On failure
  // returns false with a message saying what is missing (no display, no GL 3.3).
  bool open(int width, int height, const std::string& title, bool visible, std::string& error);
  GLFWwindow* handle() const { return window_; }
  void set_title(const std::string& title);
  bool should_close() const;
  void request_close();
  void cancel_close();  // the user was asked first (unsaved changes)
  void framebuffer_size(int& w, int& h) const;
  float content_scale() const;  // HiDPI factor (1 on ordinary screens)
  void swap();  // ends a frame (ImGui's: see on_key_for_imgui in window.cpp)
  // Paths of files dropped onto the window since the last call.
  std::vector<std::string> take_dropped_paths();
  // Every key press since the last call, in order. ImGui 1.86 keeps only each key's
  // state per frame, so a press released within the same frame (a presentation
  // clicker's) never shows there as pressed; this queue keeps each one.
  std::vector<KeyPress> take_key_presses();
  // The system clipboard (UTF-8).
  void set_clipboard(const std::string& text);

  // Fullscreen on the window's current monitor (a projector), or back to a window.
  void set_fullscreen(bool on);
  bool fullscreen() const;

 private:
  GLFWwindow* window_ = nullptr;
  bool imgui_ = false;
  bool glfw_ = false;
  int windowed_[4] = {100, 100, 1600, 900};  // x, y, w, h to return to
  std::vector<std::string> dropped_;
  std::vector<KeyPress> key_presses_;
  // Keys pressed since the last frame, and releases held until it ends (window.cpp).
  struct HeldRelease {
    int key, scancode, mods;
  };
  std::vector<int> pressed_in_frame_;
  std::vector<HeldRelease> held_releases_;
  friend void on_drop(GLFWwindow*, int, const char**);
  friend void on_key(GLFWwindow*, int, int, int, int);
  friend void on_key_for_imgui(GLFWwindow*, int, int, int, int);
};

// Waits for input (up to `timeout` seconds) or polls when timeout is 0.
void wait_events(double timeout);

}  // namespace app::platform
