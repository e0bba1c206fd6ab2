// UI fonts: a CJK font found with fontconfig (Debian's fonts-noto-cjk), with glyphs
// built only for the characters the program actually shows. New text (a layer name,
// an attribute value) is registered with require(); the atlas is rebuilt between
// frames when it brings characters the atlas lacks. Main thread only.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

struct ImFont;

namespace app::platform {

class Fonts {
 public:
  // Finds the font and builds the first atlas at `size_px`. Returns a warning to show
  // once when no CJK font is installed (the default font is used instead).
  std::string init(float size_px);
  // Registers characters that will be drawn.
  void require(std::string_view utf8);
  // Every character `other` has registered (an image's atlas follows the window's).
  void require_all_of(const Fonts& other);
  // Rebuilds the atlas and its GL texture if characters or size changed. Call before
  // ImGui::NewFrame().
  void update();
  void set_size(float size_px);
  bool has_cjk() const { return !path_.empty(); }
  const std::string& font_path() const { return path_; }
  ImFont* body() const { return body_; }
  ImFont* title() const { return title_; }
  static constexpr float kTitleScale = 1.75f;

 private:
  void build();
  std::string path_;
  int face_index_ = 0;
  float size_ = 16.0f;
  std::set<uint32_t> chars_;
  bool dirty_ = true;
  bool built_once_ = false;
  ImFont* body_ = nullptr;
  ImFont* title_ = nullptr;
  std::vector<uint16_t> ranges_;  // ImWchar ranges the atlas points into
};

}  // namespace app::platform
