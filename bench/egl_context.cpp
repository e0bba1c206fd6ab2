#include "egl_context.hpp"

#include <glad/gl.h>

#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace bench {

namespace {
bool has_extension(const char* list, const char* name) {
  if (!list) return false;
  const size_t n = std::strlen(name);
  for (const char* p = list; (p = std::strstr(p, name)) != nullptr; p += n)
    if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
  return false;
}
}  // namespace

EglContext::~EglContext() {
  auto dpy = static_cast<EGLDisplay>(display_);
  if (!dpy) return;
  eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  if (surface_) eglDestroySurface(dpy, static_cast<EGLSurface>(surface_));
  if (context_) eglDestroyContext(dpy, static_cast<EGLContext>(context_));
  eglTerminate(dpy);
}

bool EglContext::open(std::string& error) {
  // Enumeration comes as EGL_EXT_device_enumeration (Mesa) or inside
  // EGL_EXT_device_base (NVIDIA advertises only that one); querying a device as
  // EGL_EXT_device_query or inside EGL_EXT_device_base.
  const char* client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  const bool base = has_extension(client, "EGL_EXT_device_base");
  const bool enumeration = base || has_extension(client, "EGL_EXT_device_enumeration");
  const bool query = base || has_extension(client, "EGL_EXT_device_query");
  if (!has_extension(client, "EGL_EXT_platform_device") || !enumeration || !query) {
    error = std::string("EGL has no device platform: needs EGL_EXT_platform_device and EGL_EXT_device_base (or "
                        "EGL_EXT_device_enumeration and EGL_EXT_device_query); client extensions: ") +
            (client ? client : "(none)");
    return false;
  }
  auto query_devices = reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  auto query_device_string =
      reinterpret_cast<PFNEGLQUERYDEVICESTRINGEXTPROC>(eglGetProcAddress("eglQueryDeviceStringEXT"));
  auto get_platform_display =
      reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (!query_devices || !query_device_string || !get_platform_display) {
    error = "EGL device functions missing";
    return false;
  }
  EGLint count = 0;
  query_devices(0, nullptr, &count);
  std::vector<EGLDeviceEXT> devices(static_cast<size_t>(count > 0 ? count : 0));
  if (count <= 0 || !query_devices(count, devices.data(), &count)) {
    error = "no EGL devices";
    return false;
  }
  // Hardware first; Mesa's software device (llvmpipe) only when there is nothing else.
  std::vector<EGLDeviceEXT> order;
  for (EGLDeviceEXT d : devices)
    if (!has_extension(query_device_string(d, EGL_EXTENSIONS), "EGL_MESA_device_software")) order.push_back(d);
  for (EGLDeviceEXT d : devices)
    if (has_extension(query_device_string(d, EGL_EXTENSIONS), "EGL_MESA_device_software")) order.push_back(d);
  std::string reasons;
  for (EGLDeviceEXT device : order) {
    // Which device this is, in words: its DRM node (EGL_EXT_device_drm) or "software".
    const char* exts = query_device_string(device, EGL_EXTENSIONS);
    const char* node = has_extension(exts, "EGL_EXT_device_drm") ? query_device_string(device, EGL_DRM_DEVICE_FILE_EXT)
                                                                 : nullptr;
    const size_t index = static_cast<size_t>(std::find(devices.begin(), devices.end(), device) - devices.begin());
    device_ = "EGL device " + std::to_string(index + 1) + " of " + std::to_string(devices.size()) + " (" +
              (node ? node : has_extension(exts, "EGL_MESA_device_software") ? "Mesa software" : "no DRM node") + ")";
    EGLDisplay dpy = get_platform_display(EGL_PLATFORM_DEVICE_EXT, device, nullptr);
    if (dpy == EGL_NO_DISPLAY || !eglInitialize(dpy, nullptr, nullptr)) {
      reasons += " (a device would not initialise)";
      continue;
    }
    const EGLint config_attribs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
                                     EGL_RED_SIZE,     8,               EGL_GREEN_SIZE,      8,
                                     EGL_BLUE_SIZE,    8,               EGL_ALPHA_SIZE,      8,
                                     EGL_NONE};
    EGLConfig config = nullptr;
    EGLint n = 0;
    if (!eglBindAPI(EGL_OPENGL_API) || !eglChooseConfig(dpy, config_attribs, &config, 1, &n) || n < 1) {
      reasons += " (no RGBA8 OpenGL config)";
      eglTerminate(dpy);
      continue;
    }
    const EGLint context_attribs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                      EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                      EGL_NONE};
    EGLContext ctx = eglCreateContext(dpy, config, EGL_NO_CONTEXT, context_attribs);
    const EGLint pbuffer_attribs[] = {EGL_WIDTH, 64, EGL_HEIGHT, 64, EGL_NONE};
    EGLSurface surface = ctx ? eglCreatePbufferSurface(dpy, config, pbuffer_attribs) : EGL_NO_SURFACE;
    if (!ctx || surface == EGL_NO_SURFACE || !eglMakeCurrent(dpy, surface, surface, ctx)) {
      reasons += " (no OpenGL 3.3 core context)";
      if (surface != EGL_NO_SURFACE) eglDestroySurface(dpy, surface);
      if (ctx) eglDestroyContext(dpy, ctx);
      eglTerminate(dpy);
      continue;
    }
    display_ = dpy, context_ = ctx, surface_ = surface;
    if (!gladLoadGL(reinterpret_cast<GLADloadfunc>(eglGetProcAddress))) {
      error = "cannot load OpenGL 3.3 functions through EGL";
      return false;
    }
    return true;
  }
  error = "no EGL device gave an OpenGL 3.3 core context:" + reasons;
  return false;
}

}  // namespace bench
