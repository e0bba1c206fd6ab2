#include "app/platform/fonts.hpp"

#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <imgui_impl_opengl3.h>

#include <vector>

namespace app::platform {

namespace {

// A font file that covers Simplified Chinese, preferring Noto Sans CJK SC.
bool find_cjk_font(std::string& path, int& index) {
  if (!FcInit()) return false;
  FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>("Noto Sans CJK SC:lang=zh-cn"));
  FcConfigSubstitute(nullptr, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result = FcResultNoMatch;
  FcPattern* match = FcFontMatch(nullptr, pat, &result);
  bool ok = false;
  if (match) {
    FcChar8* file = nullptr;
    FcCharSet* cs = nullptr;
    int idx = 0;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetCharSet(match, FC_CHARSET, 0, &cs) == FcResultMatch &&
        FcCharSetHasChar(cs, 0x5D02) /* 崂 */ && FcCharSetHasChar(cs, 0x4E2D) /* 中 */) {
      FcPatternGetInteger(match, FC_INDEX, 0, &idx);
      path = reinterpret_cast<const char*>(file);
      index = idx;
      ok = true;
    }
    FcPatternDestroy(match);
  }
  FcPatternDestroy(pat);
  return ok;
}

}  // namespace

std::string Fonts::init(float size_px) {
  size_ = size_px;
  dirty_ = true;
  if (!find_cjk_font(path_, face_index_)) {
    path_.clear();
    return "no CJK font found (install fonts-noto-cjk); Chinese text will show as '?'";
  }
  return {};
}

void Fonts::require(std::string_view s) {
  // Decode UTF-8; anything malformed is skipped byte by byte.
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    uint32_t cp = 0;
    int len = 0;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
    else { ++i; continue; }  // 4-byte sequences are outside ImGui 1.86's 16-bit ImWchar
    if (i + len > s.size()) break;
    bool valid = true;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc >> 6) != 2) { valid = false; break; }
      cp = (cp << 6) | (cc & 0x3F);
    }
    i += valid ? len : 1;
    if (!valid || cp < 0x80) continue;  // ASCII/Latin come with the default ranges
    if (chars_.insert(cp).second) dirty_ = true;
  }
}

void Fonts::require_all_of(const Fonts& other) {
  for (uint32_t cp : other.chars_)
    if (chars_.insert(cp).second) dirty_ = true;
}

void Fonts::set_size(float size_px) {
  if (size_px != size_) {
    size_ = size_px;
    dirty_ = true;
  }
}

void Fonts::update() {
  if (!dirty_) return;
  dirty_ = false;
  build();
}

void Fonts::build() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImVector<ImWchar> ranges;
  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  for (uint32_t cp : chars_)
    if (cp <= 0xFFFF) builder.AddChar(static_cast<ImWchar>(cp));
  builder.AddChar(0x00B0);  // °
  builder.AddChar(0x00D7);  // ×
  builder.AddChar(0x2014);  // —
  builder.BuildRanges(&ranges);
  ranges_.assign(ranges.begin(), ranges.end());  // the atlas keeps a pointer to these
  body_ = title_ = nullptr;
  if (!path_.empty()) {
    ImFontConfig cfg;
    cfg.FontNo = face_index_;
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    body_ = io.Fonts->AddFontFromFileTTF(path_.c_str(), size_, &cfg, ranges_.data());
    title_ = io.Fonts->AddFontFromFileTTF(path_.c_str(), size_ * kTitleScale, &cfg, ranges_.data());
    if (!body_ || !title_) {
      path_.clear();
      io.Fonts->Clear();
    }
  }
  if (path_.empty()) {
    ImFontConfig cfg;
    cfg.SizePixels = size_;
    body_ = io.Fonts->AddFontDefault(&cfg);
    cfg.SizePixels = size_ * kTitleScale;
    title_ = io.Fonts->AddFontDefault(&cfg);
  }
  io.Fonts->FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  io.Fonts->Build();
  // The first texture is made by the backend's first NewFrame; later ones here.
  if (built_once_) {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  built_once_ = true;
}

}  // namespace app::platform
