// Process-wide set-up, on the main thread, before any other thread starts: the C
// locale's text part, GDAL's driver registry, PROJ's context, GLFW (its X11 start
// calls setlocale, which is undefined behaviour while a loader thread reads the
// locale inside GDAL's JSON parser: it crashed 79 of 465 screenshot runs of JSON
// files), fontconfig, and SIGPIPE (a dead reader child must not end the viewer).
// Windows are created later (platform::Window), so loading can overlap them.
#pragma once

namespace app::platform {

// `window_system`: the run will open a window (interactive or offscreen). Failing
// to start GLFW here is not fatal: Window::open tries again and says why.
void init_process(bool window_system);

}  // namespace app::platform
