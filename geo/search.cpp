#include "geo/search.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace geo {

namespace {

// Removed (not kept in keys) non-ASCII code points: spaces and punctuation.
bool is_separator(uint32_t cp) {
  switch (cp) {
    case 0x00A0: case 0x00A1: case 0x00A7: case 0x00AB: case 0x00B6: case 0x00B7:
    case 0x00BB: case 0x00BF: case 0x3030: case 0x303D: case 0x30FB: case 0xFEFF:
      return true;
    default:
      break;
  }
  return (cp >= 0x2000 && cp <= 0x206F) ||  // general punctuation, spaces, dashes, quotes
         (cp >= 0x3000 && cp <= 0x3004) ||  // ideographic space 、。〃〄 (not 々〆〇)
         (cp >= 0x3008 && cp <= 0x3011) ||  // 〈〉《》「」『』【】
         (cp >= 0x3014 && cp <= 0x301F) ||  // 〔〕〖〗〘〙〚〛〜〝〞〟
         (cp >= 0xFE10 && cp <= 0xFE1F) ||  // vertical forms
         (cp >= 0xFE30 && cp <= 0xFE6B) ||  // CJK compatibility and small form punctuation
         (cp >= 0xFF5F && cp <= 0xFF65);    // half-width ｟｠｡｢｣､･
}

// Length of the valid UTF-8 sequence at s[i] and its code point; 0 when the bytes
// there are not valid UTF-8 (overlong, surrogate, truncated …).
size_t decode(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  const size_t left = s.size() - i;
  const auto cont = [&](size_t k) { return k < left && (b(k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) {
    if (!cont(1)) return 0;
    *cp = (uint32_t(c & 0x1F) << 6) | (b(1) & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;
    *cp = (uint32_t(c & 0x0F) << 12) | (uint32_t(b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;
    *cp = (uint32_t(c & 0x07) << 18) | (uint32_t(b(1) & 0x3F) << 12) |
          (uint32_t(b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    return 4;
  }
  return 0;
}

// Appends the normalised form of `text` to `out` and calls on_word(offset) for each
// word start, offset relative to where this key began in `out` (never 0).
template <typename OnWord>
void normalise_into(std::string_view text, std::string& out, OnWord on_word) {
  const size_t base = out.size();
  enum Class { kNone, kAscii, kOther };
  Class prev = kNone;
  bool gap = false;  // something was removed since the last kept character
  const auto keep = [&](const char* bytes, size_t n, Class cls) {
    const size_t at = out.size() - base;
    if (prev != kNone && (gap || prev != cls)) on_word(at);
    out.append(bytes, n);
    prev = cls;
    gap = false;
  };
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    uint32_t cp = c;
    size_t n = 1;
    if (c >= 0x80) {
      n = decode(text, i, &cp);
      if (n == 0) {  // invalid UTF-8: keep the byte as it is
        keep(&text[i], 1, kOther);
        ++i;
        continue;
      }
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
    if (cp < 0x80) {
      char a = static_cast<char>(cp);
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
      if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
        keep(&a, 1, kAscii);
      else
        gap = true;
    } else if (is_separator(cp)) {
      gap = true;
    } else {
      keep(&text[i], n, kOther);
    }
    i += n;
  }
}

// First occurrence of needle [nd, nd + n) in [h, h + len), or nullptr. n >= 1.
// SSE2: compares 16 candidate starts at once on the needle's first and last byte (a
// rare pair even when the first byte is common, as a CJK lead byte is), then memcmp.
// Unlike glibc's memmem it has no per-call setup, and the scan restarts once per hit.
const char* find_bytes(const char* h, size_t len, const char* nd, size_t n) {
  if (n > len) return nullptr;
  if (n == 1) return static_cast<const char*>(std::memchr(h, nd[0], len));
  const size_t starts = len - n + 1;  // candidate start positions
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i first = _mm_set1_epi8(nd[0]);
  const __m128i last = _mm_set1_epi8(nd[n - 1]);
  for (; i + 16 <= starts; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + n - 1));
    unsigned mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last))));
    while (mask != 0) {
      const unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
      if (std::memcmp(h + i + bit + 1, nd + 1, n - 2) == 0) return h + i + bit;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < starts; ++i)
    if (h[i] == nd[0] && h[i + n - 1] == nd[n - 1] && std::memcmp(h + i + 1, nd + 1, n - 2) == 0) return h + i;
  return nullptr;
}

bool is_space_at(std::string_view s, size_t i, size_t* len) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || (c >= '\t' && c <= '\r')) {
    *len = 1;
    return true;
  }
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
    *len = 2;  // NBSP
    return true;
  }
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80) {
    *len = 3;  // U+3000 ideographic space
    return true;
  }
  return false;
}

}  // namespace

std::string normalise_search_text(std::string_view text, std::vector<uint32_t>* word_starts) {
  std::string out;
  out.reserve(text.size());
  normalise_into(text, out, [&](size_t at) {
    if (word_starts) word_starts->push_back(static_cast<uint32_t>(at));
  });
  return out;
}

SearchIndex SearchIndex::build(const std::vector<const VectorLayer*>& layers,
                               const std::vector<std::vector<int>>& columns) {
  SearchIndex index;
  // Per layer, its fields_ range; then the text size, to reserve once (a key is never
  // longer than its text).
  std::vector<size_t> first_field(layers.size() + 1, 0);
  size_t bytes = 0, values = 0;
  for (size_t l = 0; l < layers.size(); ++l) {
    first_field[l] = index.fields_.size();
    const VectorLayer* layer = layers[l];
    if (layer == nullptr || l >= columns.size()) continue;
    const AttributeTable& table = layer->attributes;
    const size_t rows = std::min(layer->feature_count(), table.row_count());
    for (int col : columns[l]) {
      if (col < 0 || static_cast<size_t>(col) >= table.column_count()) continue;
      bool seen = false;
      for (size_t f = first_field[l]; f < index.fields_.size(); ++f)
        seen = seen || index.fields_[f].column == col;
      if (seen) continue;
      index.fields_.push_back({l, col});
      for (size_t r = 0; r < rows; ++r) bytes += table.get(r, static_cast<size_t>(col)).size();
      values += rows;
    }
  }
  first_field[layers.size()] = index.fields_.size();
  index.keys_.reserve(bytes + values);

  for (size_t l = 0; l < layers.size(); ++l) {
    if (first_field[l] == first_field[l + 1]) continue;
    const AttributeTable& table = layers[l]->attributes;
    const size_t rows = std::min<size_t>({layers[l]->feature_count(), table.row_count(),
                                          std::numeric_limits<uint32_t>::max()});
    for (size_t r = 0; r < rows; ++r) {
      for (size_t f = first_field[l]; f < first_field[l + 1]; ++f) {
        const size_t col = static_cast<size_t>(index.fields_[f].column);
        if (table.is_null(r, col)) continue;
        const size_t begin = index.keys_.size();
        const size_t words = index.word_starts_.size();
        normalise_into(table.get(r, col), index.keys_, [&](size_t at) {
          if (at <= std::numeric_limits<uint16_t>::max())
            index.word_starts_.push_back(static_cast<uint16_t>(at));
        });
        if (index.keys_.size() == begin) {  // nothing left after normalisation
          index.word_starts_.resize(words);
          continue;
        }
        index.keys_.push_back('\0');
        index.key_begin_.push_back(index.keys_.size());
        index.word_begin_.push_back(static_cast<uint32_t>(index.word_starts_.size()));
        index.entries_.push_back({static_cast<uint32_t>(r), static_cast<uint32_t>(f)});
      }
    }
  }
  index.keys_.shrink_to_fit();
  return index;
}

int SearchIndex::score_in_key(size_t k, std::string_view needle, bool known_inside) const {
  const char* key = keys_.data() + key_begin_[k];
  const size_t len = key_begin_[k + 1] - 1 - key_begin_[k];
  const size_t n = needle.size();
  if (n > len) return -1;
  if (std::memcmp(key, needle.data(), n) == 0) return n == len ? SearchHit::kExact : SearchHit::kPrefix;
  for (uint32_t w = word_begin_[k]; w < word_begin_[k + 1]; ++w) {
    const size_t at = word_starts_[w];
    if (at + n > len) break;  // word starts are ascending
    if (std::memcmp(key + at, needle.data(), n) == 0) return SearchHit::kWordStart;
  }
  if (known_inside) return SearchHit::kSubstring;
  return find_bytes(key, len, needle.data(), n) != nullptr ? SearchHit::kSubstring : -1;
}

struct SearchIndex::Candidate {
  int score;
  uint32_t length;  // key bytes
  uint32_t key;     // index into entries_

  // Ranking of the header: score, shorter key, then key order, which is (layer,
  // feature, column order) as build() appends keys in that order.
  bool operator<(const Candidate& o) const {  // "ranks before"
    if (score != o.score) return score > o.score;
    if (length != o.length) return length < o.length;
    return key < o.key;
  }
};

std::vector<SearchHit> SearchIndex::query(std::string_view text, size_t limit) const {
  std::vector<SearchHit> out;
  if (limit == 0 || entries_.empty()) return out;
  const std::string whole = normalise_search_text(text);
  if (whole.empty()) return out;

  // Whitespace-separated terms, normalised; a term that normalises to nothing is dropped.
  std::vector<std::string> terms;
  for (size_t i = 0, start = 0; i <= text.size();) {
    size_t len = 0;
    if (i == text.size() || is_space_at(text, i, &len)) {
      std::string t = normalise_search_text(text.substr(start, i - start));
      if (!t.empty() && std::find(terms.begin(), terms.end(), t) == terms.end())
        terms.push_back(std::move(t));
      if (i == text.size()) break;
      i += len;
      start = i;
    } else {
      ++i;
    }
  }
  // A key holding the whole query holds every term, so scanning for the longest term
  // (the likeliest to be rare) finds every candidate.
  if (terms.empty()) return out;
  const size_t scan = static_cast<size_t>(
      std::max_element(terms.begin(), terms.end(),
                       [](const std::string& a, const std::string& b) { return a.size() < b.size(); }) -
      terms.begin());
  const std::string& needle = terms[scan];

  // Best `limit` candidates as a max-heap on rank (front = worst kept); keys of one
  // feature are adjacent, so `pending` holds that feature's best until the next one.
  std::vector<Candidate> top;
  top.reserve(std::min<size_t>(limit, 4096) + 1);
  Candidate pending{-1, 0, 0};
  const auto same_feature = [&](uint32_t a, uint32_t b) {
    return entries_[a].feature == entries_[b].feature &&
           fields_[entries_[a].field].layer == fields_[entries_[b].field].layer;
  };
  const auto flush = [&] {
    if (pending.score < 0) return;
    if (top.size() == limit && !(pending < top.front())) return;
    top.push_back(pending);
    std::push_heap(top.begin(), top.end());
    if (top.size() > limit) {
      std::pop_heap(top.begin(), top.end());
      top.pop_back();
    }
  };

  const char* const buf = keys_.data();
  const size_t size = keys_.size();
  size_t pos = 0;
  size_t k = 0;  // key holding `pos` or after it
  while (pos < size) {
    const char* hit = find_bytes(buf + pos, size - pos, needle.data(), needle.size());
    if (hit == nullptr) break;
    const uint64_t at = static_cast<uint64_t>(hit - buf);
    // Keys never hold '\0', so the match lies inside one key: the last beginning <= at.
    // Hits come in buffer order and are usually a few keys apart: gallop from k, then
    // bisect, rather than bisect all keys (a cache miss per step).
    size_t lo = k + 1, step = 1;  // key_begin_[lo - 1] <= at
    while (lo + step < key_begin_.size() && key_begin_[lo + step - 1] <= at) {
      lo += step;
      step *= 2;
    }
    const auto hi = key_begin_.begin() + static_cast<std::ptrdiff_t>(std::min(lo + step, key_begin_.size()));
    k = static_cast<size_t>(std::upper_bound(key_begin_.begin() + static_cast<std::ptrdiff_t>(lo), hi, at) -
                            key_begin_.begin()) - 1;
    pos = key_begin_[k + 1];
    const auto length = static_cast<uint32_t>(pos - 1 - key_begin_[k]);

    if (top.size() == limit) {
      // A cheap bound on the score: exact needs the length of the whole query or of the
      // only term ("an an" has the one term "an"); with one term, a prefix needs the
      // first match at the key's start. Later keys lose ties, so a key that cannot rank
      // before the worst one kept is dropped unscored (most keys, for a one-letter query).
      const bool can_be_exact = length == whole.size() || (terms.size() == 1 && length == needle.size());
      int bound = can_be_exact ? SearchHit::kExact : SearchHit::kPrefix;
      if (terms.size() == 1 && at != key_begin_[k]) bound = SearchHit::kWordStart;
      const Candidate& worst = top.front();
      if (bound < worst.score || (bound == worst.score && length >= worst.length)) continue;
    }

    int score = std::numeric_limits<int>::max();
    for (size_t t = 0; t < terms.size(); ++t) {
      const int s = score_in_key(k, terms[t], t == scan);
      score = std::min(score, s);
      if (s < 0) break;
    }
    if (score < 0) continue;
    if (terms.size() > 1 || terms[0] != whole) score = std::max(score, score_in_key(k, whole, false));

    const Candidate c{score, length, static_cast<uint32_t>(k)};
    if (pending.score >= 0 && same_feature(pending.key, c.key)) {
      if (c < pending) pending = c;
    } else {
      flush();
      pending = c;
    }
  }
  flush();

  std::sort(top.begin(), top.end());
  out.reserve(top.size());
  for (const Candidate& c : top) {
    const Entry& e = entries_[c.key];
    const SearchField& f = fields_[e.field];
    out.push_back({f.layer, e.feature, f.column, c.score});
  }
  return out;
}

std::string_view SearchIndex::key(const SearchHit& hit) const {
  // Entries are sorted by (layer, feature); find the first of that feature.
  const auto less = [&](const Entry& e, std::pair<size_t, uint32_t> v) {
    const size_t layer = fields_[e.field].layer;
    return layer < v.first || (layer == v.first && e.feature < v.second);
  };
  auto it = std::lower_bound(entries_.begin(), entries_.end(), std::make_pair(hit.layer, hit.feature), less);
  for (; it != entries_.end() && it->feature == hit.feature && fields_[it->field].layer == hit.layer; ++it) {
    if (fields_[it->field].column != hit.column) continue;
    const size_t k = static_cast<size_t>(it - entries_.begin());
    return std::string_view(keys_).substr(key_begin_[k], key_begin_[k + 1] - 1 - key_begin_[k]);
  }
  return {};
}

size_t SearchIndex::byte_size() const {
  return fields_.capacity() * sizeof(SearchField) + keys_.capacity() +
         key_begin_.capacity() * sizeof(uint64_t) + entries_.capacity() * sizeof(Entry) +
         word_begin_.capacity() * sizeof(uint32_t) + word_starts_.capacity() * sizeof(uint16_t);
}

}  // namespace geo
