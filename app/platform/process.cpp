#include "app/platform/process.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <fontconfig/fontconfig.h>

#include <clocale>
#include <csignal>
#include <cstring>

#include "geo/reader.hpp"
#include "geo/transform.hpp"

namespace app::platform {

void init_process(bool window_system) {
  // Text input and XIM need a UTF-8 character type; numbers stay in the C form
  // everywhere (LC_NUMERIC is never taken from the environment). GLFW sets LC_CTYPE
  // itself only while it is still "C", so once set here nobody sets it again.
  const char* ctype = std::setlocale(LC_CTYPE, "");
  if (!ctype || std::strcmp(ctype, "C") == 0 || std::strcmp(ctype, "POSIX") == 0) std::setlocale(LC_CTYPE, "C.UTF-8");
  std::signal(SIGPIPE, SIG_IGN);
  geo::init_gdal();
  geo::init_proj();
  if (window_system) {
    glfwInit();  // idempotent; Window::open reports a failure
    FcInit();
  }
}

}  // namespace app::platform
