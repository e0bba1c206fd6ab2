// A headless OpenGL 3.3 core context through EGL's device platform: no window system,
// so the frame-time benchmark runs on a GPU machine without X (NVIDIA's EGL, or Mesa's
// for a check here). Prefers a hardware device over a software one.
#pragma once

#include <string>

namespace bench {

class EglContext {
 public:
  EglContext() = default;
  ~EglContext();
  EglContext(const EglContext&) = delete;
  EglContext& operator=(const EglContext&) = delete;
  // Creates the context, makes it current and loads the GL functions. False with the
  // reason when there is no usable EGL device.
  bool open(std::string& error);
  // The device picked, in words ("EGL device 1 of 2 (/dev/dri/card0)").
  const std::string& device() const { return device_; }

 private:
  void* display_ = nullptr;
  void* context_ = nullptr;
  void* surface_ = nullptr;
  std::string device_;
};

}  // namespace bench
