// Text encodings of attribute values: UTF-8 validation, GBK/GB18030 detection and
// decoding to UTF-8 (glibc iconv). For Shapefiles from China, which are usually GBK
// and often come without a .cpg. No GDAL, no GL. Every function is thread-safe;
// a TextDecoder belongs to one thread at a time.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/result.hpp"

namespace geo {

struct VectorLayer;

// Strict UTF-8 (Unicode 15, table 3-7): rejects overlong forms (C0, C1, E0 80..9F,
// F0 80..8F), surrogates (ED A0..BF), code points past U+10FFFF (F4 90.., F5..FF)
// and truncated sequences. An empty string is valid.
bool is_valid_utf8(std::string_view text);

// Gb18030 also stands for GBK, CP936 and GB2312: GB18030 is a superset of all three
// and decodes their bytes to the same characters (except GBK/CP936's single byte
// 0x80 for "€", which GB18030 leaves undefined).
enum class TextEncoding { Utf8, Gb18030, Latin1 };

// "UTF-8", "GB18030", "ISO-8859-1": names iconv and GDAL's CPLRecode both accept.
std::string_view encoding_name(TextEncoding encoding);
// Case-insensitive: "UTF-8", "utf8", "GBK", "GB2312", "GB18030", "CP936",
// "ISO-8859-1", "LATIN1". nullopt for anything else.
std::optional<TextEncoding> encoding_from_name(std::string_view name);

// Guesses the encoding of raw attribute values (bytes as stored, e.g. a Shapefile
// read with GDAL open option ENCODING=""). Pass many values of a layer's text
// fields, not one: the verdict is for the whole set.
//   1. Every sample is valid UTF-8 (this includes all-ASCII and no samples) → Utf8.
//   2. Every sample converts from GB18030 with no invalid or truncated sequence, and
//      at least 80% of the non-ASCII characters look Chinese → Gb18030.
//      "Looks Chinese": a CJK ideograph, CJK or general punctuation, full-width form
//      or another symbol GB2312 carries (①, Ⅲ, ℃, ·, ×), *and*, when it was a
//      two-byte pair, the second byte is >= 0x80. ASCII does not vote: it reads the
//      same in every candidate.
//   3. Otherwise → Latin1 (every byte string is valid Latin-1).
// Why Latin-1 text rarely passes step 2: in GBK a byte >= 0x81 must be followed by
// a second byte in 0x40..0xFE, so an accented letter at the end of a value or before
// a space, digit or punctuation ("Café", "José", "café crème") is invalid GBK.
// An accented letter before a plain letter ("Zürich": FC 72) is a valid pair, but
// one whose second byte is ASCII: such pairs only encode GBK's rarer extension
// characters, while everyday Chinese (GB2312) has both bytes in 0xA1..0xFE, hence
// the second-byte test. Two accented letters in a row can form a GB2312 ideograph
// ("Ação": E7 E3), so a tiny sample set of such words can still be taken for
// Gb18030; the per-layer encoding override exists for that.
TextEncoding detect_encoding(const std::vector<std::string_view>& raw_samples);

// Decodes raw bytes to UTF-8. Every invalid or truncated sequence becomes one U+FFFD
// (for GB18030 a bad lead byte is dropped and the byte after it is read again, so an
// ASCII character after it survives). From Utf8 this validates and repairs.
// Never throws for any input (allocation failure aside). Opens an iconv descriptor
// per call: for many values, keep a TextDecoder.
std::string to_utf8(std::string_view raw, TextEncoding from);

// Decoder for many values in the same encoding; owns its iconv descriptor.
// Move-only; one thread at a time. If the system's iconv lacks GB18030 (no gconv
// modules installed), GB18030 bytes >= 0x80 all decode to U+FFFD.
class TextDecoder {
 public:
  explicit TextDecoder(TextEncoding from);
  ~TextDecoder();
  TextDecoder(const TextDecoder&) = delete;
  TextDecoder& operator=(const TextDecoder&) = delete;
  TextDecoder(TextDecoder&& other) noexcept;
  TextDecoder& operator=(TextDecoder&& other) noexcept;

  TextEncoding encoding() const { return from_; }
  // As to_utf8(). When `invalid` is given it receives the number of U+FFFD inserted.
  std::string decode(std::string_view raw, std::size_t* invalid = nullptr);

 private:
  TextEncoding from_;
  void* cd_ = nullptr;  // iconv_t for Gb18030, null otherwise or when unavailable
};

// True when GDAL knows this Shapefile's encoding on its own, so the viewer must not
// guess: a .cpg beside it (same stem, extension in any case) or a language driver id
// (LDID, byte 29 of the .dbf header) other than 0 and 0x57. 0x57 ("ANSI") is GDAL's
// own default when writing and is what many tools write over GBK text, so it
// declares nothing. `shp_path` may name the .shp or any other member of the set.
// False when neither file can be read.
bool shapefile_declares_encoding(const std::string& shp_path);

// A layer read as raw bytes (a Shapefile without a declared encoding), made UTF-8:
// the user's override (`override_name`: UTF-8, GBK, ISO-8859-1), else the encoding
// detected over a sample of its names and text values. Sets layer.encoding to what
// it was decoded from; an error for an override no one knows.
std::optional<Error> settle_layer_encoding(VectorLayer& layer, const std::string& override_name);

}  // namespace geo
