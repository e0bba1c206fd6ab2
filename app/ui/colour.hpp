// geo colours as ImGui takes them; for the UI sources only (it includes imgui.h).
#pragma once

#include <imgui.h>

#include "geo/style.hpp"

namespace app::ui {

inline ImU32 to_imu32(geo::Rgba c, float alpha = 1.0f) {
  return IM_COL32(c.r, c.g, c.b, static_cast<int>(c.a * alpha));
}
inline ImVec4 to_imvec(geo::Rgba c) { return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f); }

}  // namespace app::ui
