#include "geo/encoding.hpp"

#include "geo/layer.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <utility>

namespace geo {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// One step of strict UTF-8 decoding at the start of `s` (non-empty).
// ok: `length` bytes form code point `cp`. Not ok: `length` is the maximal subpart
// of a valid sequence (at least 1), which the caller replaces by one U+FFFD, as
// Unicode recommends and browsers do.
struct Utf8Step {
  char32_t cp;
  std::size_t length;
  bool ok;
};

Utf8Step next_utf8(std::string_view s) {
  const auto byte = [&](std::size_t i) { return static_cast<uint8_t>(s[i]); };
  const uint8_t b0 = byte(0);
  if (b0 < 0x80) return {b0, 1, true};
  std::size_t need;
  char32_t cp;
  uint8_t lo = 0x80, hi = 0xBF;  // range of the second byte (table 3-7)
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1, cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2, cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;  // overlong
    if (b0 == 0xED) hi = 0x9F;  // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3, cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;  // overlong
    if (b0 == 0xF4) hi = 0x8F;  // past U+10FFFF
  } else {
    return {kReplacement, 1, false};  // 80..C1 (stray continuation, overlong), F5..FF
  }
  for (std::size_t i = 1; i <= need; ++i) {
    const uint8_t lo_i = i == 1 ? lo : 0x80, hi_i = i == 1 ? hi : 0xBF;
    if (i >= s.size() || byte(i) < lo_i || byte(i) > hi_i) return {kReplacement, i, false};
    cp = (cp << 6) | (byte(i) & 0x3F);
  }
  return {cp, need + 1, true};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Characters Chinese text in GBK/GB18030 is made of, beyond ASCII: ideographs, CJK
// and general punctuation, full-width forms and the symbol rows of GB2312.
bool looks_chinese(char32_t cp) {
  const auto in = [cp](char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; };
  return in(0x4E00, 0x9FFF) || in(0x3400, 0x4DBF) || in(0xF900, 0xFAFF) ||
         in(0x20000, 0x3FFFF) ||                       // ideographs, extension B on
         in(0x3000, 0x303F) || in(0x3200, 0x32FF) ||  // CJK punctuation, enclosed CJK
         in(0xFE30, 0xFE4F) || in(0xFF00, 0xFFEF) ||  // vertical forms, full-width
         in(0x2010, 0x206F) ||                        // “” ‘’ — … ‰ ※
         in(0x2100, 0x21FF) ||                        // ℃ № Ⅰ–Ⅻ ←↑→↓
         in(0x2200, 0x22FF) || in(0x2460, 0x24FF) ||  // ∑ ≈ ≤ ∵, ①–⑳ ⑴ ⒈
         in(0x2500, 0x26FF) ||                        // box drawing, ■ ▲ ○ ★ ♀
         cp == 0xA4 || cp == 0xA7 || cp == 0xA8 || cp == 0xB0 || cp == 0xB1 ||
         cp == 0xB7 || cp == 0xD7 || cp == 0xF7;      // ¤ § ¨ ° ± · × ÷
}

// Counts, over one sample that decoded cleanly from GB18030, its non-ASCII
// characters and those that look Chinese (see detect_encoding). Walks the raw bytes
// (1, 2 or 4 per character) and the decoded UTF-8 in step.
void score_gb18030(std::string_view raw, std::string_view decoded, std::size_t& non_ascii,
                   std::size_t& plausible) {
  std::size_t r = 0, d = 0;
  while (r < raw.size()) {
    const auto b0 = static_cast<uint8_t>(raw[r]);
    std::size_t length = 1;
    if (b0 >= 0x81 && r + 1 < raw.size()) {
      const auto b1 = static_cast<uint8_t>(raw[r + 1]);
      length = b1 >= 0x30 && b1 <= 0x39 ? 4 : 2;
    }
    if (d >= decoded.size()) {  // not one code point per character: do not vote for GBK
      non_ascii += 1;
      return;
    }
    const Utf8Step step = next_utf8(decoded.substr(d));
    d += step.length;
    if (length > 1 || b0 >= 0x80) {
      ++non_ascii;
      const bool ascii_second = length == 2 && static_cast<uint8_t>(raw[r + 1]) < 0x80;
      if (step.ok && looks_chinese(step.cp) && !ascii_second) ++plausible;
    }
    r += std::min(length, raw.size() - r);
  }
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  while (!text.empty()) {
    const Utf8Step step = next_utf8(text);
    if (!step.ok) return false;
    text.remove_prefix(step.length);
  }
  return true;
}

std::string_view encoding_name(TextEncoding encoding) {
  switch (encoding) {
    case TextEncoding::Utf8: return "UTF-8";
    case TextEncoding::Gb18030: return "GB18030";
    case TextEncoding::Latin1: return "ISO-8859-1";
  }
  return "UTF-8";
}

std::optional<TextEncoding> encoding_from_name(std::string_view name) {
  const std::string n = ascii_lower(name);
  if (n == "utf-8" || n == "utf8") return TextEncoding::Utf8;
  if (n == "gbk" || n == "gb2312" || n == "gb18030" || n == "cp936") return TextEncoding::Gb18030;
  if (n == "iso-8859-1" || n == "iso8859-1" || n == "latin1" || n == "latin-1")
    return TextEncoding::Latin1;
  return std::nullopt;
}

TextDecoder::TextDecoder(TextEncoding from) : from_(from) {
  if (from_ != TextEncoding::Gb18030) return;
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd != reinterpret_cast<iconv_t>(-1)) cd_ = cd;
}

TextDecoder::~TextDecoder() {
  if (cd_) iconv_close(static_cast<iconv_t>(cd_));
}

TextDecoder::TextDecoder(TextDecoder&& other) noexcept
    : from_(other.from_), cd_(std::exchange(other.cd_, nullptr)) {}

TextDecoder& TextDecoder::operator=(TextDecoder&& other) noexcept {
  std::swap(from_, other.from_);
  std::swap(cd_, other.cd_);
  return *this;
}

std::string TextDecoder::decode(std::string_view raw, std::size_t* invalid) {
  std::string out;
  out.reserve(raw.size() + raw.size() / 2 + 4);
  std::size_t bad = 0;
  const auto replace = [&] {
    append_utf8(out, kReplacement);
    ++bad;
  };

  if (from_ == TextEncoding::Latin1) {
    for (char c : raw) append_utf8(out, static_cast<uint8_t>(c));
  } else if (from_ == TextEncoding::Utf8) {
    while (!raw.empty()) {
      const Utf8Step step = next_utf8(raw);
      if (step.ok)
        out.append(raw.data(), step.length);
      else
        replace();
      raw.remove_prefix(step.length);
    }
  } else if (!cd_) {  // no GB18030 converter on this system: keep what is ASCII
    for (char c : raw) {
      if (static_cast<uint8_t>(c) < 0x80)
        out += c;
      else
        replace();
    }
  } else {
    const auto cd = static_cast<iconv_t>(cd_);
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
    char* in = const_cast<char*>(raw.data());       // iconv does not write its input
    std::size_t in_left = raw.size();
    char buffer[1024];
    while (in_left > 0) {
      char* o = buffer;
      std::size_t o_left = sizeof buffer;
      const std::size_t r = iconv(cd, &in, &in_left, &o, &o_left);
      const int error = errno;
      out.append(buffer, static_cast<std::size_t>(o - buffer));
      if (r != static_cast<std::size_t>(-1) || error == E2BIG) continue;
      replace();
      if (error == EINVAL) break;  // truncated character at the end of the input
      // EILSEQ (or anything else): drop one byte and read on from the next.
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  if (invalid) *invalid = bad;
  return out;
}

std::string to_utf8(std::string_view raw, TextEncoding from) {
  return TextDecoder(from).decode(raw);
}

TextEncoding detect_encoding(const std::vector<std::string_view>& raw_samples) {
  bool all_utf8 = true;
  for (std::string_view s : raw_samples) {
    if (!is_valid_utf8(s)) {
      all_utf8 = false;
      break;
    }
  }
  if (all_utf8) return TextEncoding::Utf8;

  TextDecoder gb(TextEncoding::Gb18030);
  std::size_t non_ascii = 0, plausible = 0;
  for (std::string_view s : raw_samples) {
    std::size_t invalid = 0;
    const std::string decoded = gb.decode(s, &invalid);
    if (invalid > 0) return TextEncoding::Latin1;
    score_gb18030(s, decoded, non_ascii, plausible);
  }
  // 80%: leaves room for rare characters (GBK extension pairs, PUA, kana) in real
  // Chinese data, while Latin-1 words give mostly ASCII-second-byte pairs.
  if (non_ascii > 0 && plausible * 5 >= non_ascii * 4) return TextEncoding::Gb18030;
  return TextEncoding::Latin1;
}

bool shapefile_declares_encoding(const std::string& shp_path) {
  namespace fs = std::filesystem;
  // Through GDAL's file layer (VSI), so a Shapefile inside a zip is looked at too.
  try {
    const fs::path shp(shp_path);
    const std::string dir = shp.has_parent_path() ? shp.parent_path().string() : std::string(".");
    const fs::path stem = shp.stem();
    std::string dbf;
    char** names = VSIReadDir(dir.c_str());
    for (char** n = names; n && *n; ++n) {
      const fs::path f(*n);
      if (f.stem() != stem) continue;
      const std::string ext = ascii_lower(f.extension().string());
      if (ext == ".cpg") {
        CSLDestroy(names);
        return true;
      }
      // Prefer ".dbf" when both it and another case exist, as GDAL does.
      if (ext == ".dbf" && (dbf.empty() || f.extension() == ".dbf")) dbf = (fs::path(dir) / f).string();
    }
    CSLDestroy(names);
    if (dbf.empty()) return false;
    VSILFILE* in = VSIFOpenL(dbf.c_str(), "rb");
    if (!in) return false;
    unsigned char header[30];
    const size_t got = VSIFReadL(header, 1, sizeof header, in);
    VSIFCloseL(in);
    if (got != sizeof header) return false;
    // LDID 0x57 is "ANSI", GDAL's own default when writing: it says nothing about
    // the text (Chinese tools write GBK under it too), so it does not count.
    const auto ldid = header[29];
    return ldid != 0 && ldid != 0x57;
  } catch (...) {  // filesystem or allocation failure: nothing declared that we could see
    return false;
  }
}

namespace {

// Re-encodes a layer read as raw bytes: every text value and field name to UTF-8.
void decode_attributes(VectorLayer& layer, TextEncoding from) {
  TextDecoder decoder(from);
  AttributeTable& a = layer.attributes;
  std::vector<std::string> names;
  std::vector<AttributeTable::Type> types;
  for (size_t c = 0; c < a.column_count(); ++c) {
    names.push_back(decoder.decode(a.names()[c]));
    types.push_back(a.type(c));
  }
  AttributeTable out;
  out.set_columns(std::move(names), std::move(types));
  for (size_t r = 0; r < a.row_count(); ++r) {
    out.begin_row();
    for (size_t c = 0; c < a.column_count(); ++c)
      out.push(a.is_null(r, c) ? std::string() : decoder.decode(a.get(r, c)), a.is_null(r, c));
  }
  a = std::move(out);
  layer.encoding = std::string(encoding_name(from));
}

}  // namespace

std::optional<Error> settle_layer_encoding(VectorLayer& layer, const std::string& override_name) {
  TextEncoding enc = TextEncoding::Utf8;
  if (!override_name.empty()) {
    auto e = encoding_from_name(override_name);
    if (!e) return Error{layer.source, layer.name, "unknown text encoding '" + override_name + "' (use UTF-8, GBK or ISO-8859-1)"};
    enc = *e;
  } else {
    std::vector<std::string_view> samples;
    for (size_t c = 0; c < layer.attributes.column_count(); ++c) samples.push_back(layer.attributes.names()[c]);
    for (size_t r = 0; r < layer.attributes.row_count() && samples.size() < 4000; ++r)
      for (size_t c = 0; c < layer.attributes.column_count(); ++c)
        if (layer.attributes.type(c) == AttributeTable::Type::Text && !layer.attributes.is_null(r, c))
          samples.push_back(layer.attributes.get(r, c));
    enc = detect_encoding(samples);
  }
  if (enc != TextEncoding::Utf8) decode_attributes(layer, enc);
  return std::nullopt;
}

}  // namespace geo
