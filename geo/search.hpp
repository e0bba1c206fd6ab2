// Type-ahead name search across layers: the planner types part of a name (Chinese
// characters, pinyin or English) and gets the matching features of every layer.
// Pure CPU code, no GDAL, no GL.
//
// build() copies a normalised key for each (layer, feature, column) into one packed
// buffer ('\0' after each key); query() scans that buffer (SSE2) and ranks the keys it
// hits. 1M features with two name columns: build ~0.4 s (run it on the loader thread),
// ~80 MB, a query 4-16 ms on one core.
// Pinyin matches the pinyin/English columns only: Chinese text is not transliterated.
//
// Normalisation (keys and queries alike, see normalise_search_text()):
//  - full-width ASCII U+FF01..FF5E is folded to ASCII (Ｚｈａｎｇ -> zhang, ２ -> 2);
//  - ASCII letters are lower-cased; other letters are kept as they are;
//  - spaces and punctuation are removed: every ASCII character but [0-9A-Za-z],
//    U+3000 ideographic space, CJK punctuation (、，。（）《》【】「」·・ …), general
//    punctuation U+2000..206F (dashes, curly quotes, …), NBSP and « » ¡ ¿ § ¶;
//  - bytes that are not valid UTF-8 are kept as they are (never an error).
// So "Zhangcun", "zhang cun", "ZHANGCUN" and "Ｚｈａｎｇ－ｃｕｎ" all give "zhangcun".
//
// The index keeps no pointer to the layers; rebuild it when a layer's attributes change.
// Thread: immutable after build(); any number of threads may query it at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "geo/layer.hpp"

namespace geo {

// One searched column: `layer` indexes the list given to SearchIndex::build().
struct SearchField {
  size_t layer;
  int column;
};

// One matching feature, with the column whose key ranked best.
struct SearchHit {
  // Scores, best first. A key matches the query when it contains the normalised
  // query, or when it contains every whitespace-separated query term; then
  //  kExact:     the key is the query ("张村社区" for 张村社区);
  //  kPrefix:    the key starts with the query ("张村" for 张村社区);
  //  kWordStart: a word of the original text starts with the query: the match begins
  //              after removed space/punctuation (' ', '_', '-', '(', '（', '·' …) or
  //              where ASCII meets non-ASCII ("river" in "Zhangcun River", "社区" in
  //              "G308社区");
  //  kSubstring: anywhere else ("村" in 张村社区).
  // With several terms a key scores the worst of its terms, or the score of the whole
  // query (spaces removed) when that is better: "zhang cun" is a prefix of Zhangcun.
  static constexpr int kSubstring = 0;
  static constexpr int kWordStart = 1;
  static constexpr int kPrefix = 2;
  static constexpr int kExact = 3;

  size_t layer;      // index into the list given to build()
  uint32_t feature;  // row in that layer
  int column;        // attribute column of that layer whose text matched
  int score;         // kExact … kSubstring
};

class SearchIndex {
 public:
  // `columns[i]` lists the attribute columns to search in `layers[i]`, typically the
  // name field (geo::detect_name_field) and "name_en" when present. Columns out of
  // range, repeated columns, null layers and layers without an entry in `columns`
  // are skipped; so are null or empty values and values that normalise to nothing.
  // Rows past min(feature_count(), row_count()) are ignored. O(total text bytes).
  static SearchIndex build(const std::vector<const VectorLayer*>& layers,
                           const std::vector<std::vector<int>>& columns);

  // At most `limit` features matching `text`, one hit per (layer, feature) for its
  // best column. Order: score (kExact first), then shorter key (in bytes, after
  // normalisation), then layer order, then feature id, then column order. A query
  // that normalises to nothing (empty, spaces, punctuation only) gives nothing.
  // O(index bytes); no allocation per candidate.
  std::vector<SearchHit> query(std::string_view text, size_t limit = 50) const;

  // The normalised key of one hit (valid while the index lives); empty if unknown.
  std::string_view key(const SearchHit& hit) const;

  const std::vector<SearchField>& fields() const { return fields_; }
  size_t key_count() const { return entries_.size(); }
  // Heap bytes held by the index.
  size_t byte_size() const;

 private:
  struct Entry {
    uint32_t feature;
    uint32_t field;  // index into fields_
  };
  struct Candidate;

  // Score of `needle` in key k (kSubstring … kExact), or -1 when the key lacks it;
  // `known_inside`: the caller found it there.
  int score_in_key(size_t k, std::string_view needle, bool known_inside) const;

  std::vector<SearchField> fields_;
  std::string keys_;                    // key k: [key_begin_[k], key_begin_[k+1] - 1), then '\0'
  std::vector<uint64_t> key_begin_{0};  // key_count() + 1 entries
  std::vector<Entry> entries_;          // sorted by (layer, feature, column order)
  std::vector<uint32_t> word_begin_{0};  // key k: word_starts_[word_begin_[k] .. [k+1])
  std::vector<uint16_t> word_starts_;    // byte offsets in the key (> 0, < 65536) of words
};

// The normalisation above, for queries, highlighting and tests. When `word_starts` is
// given, the offsets (> 0) in the result where a word of `text` begins are appended.
std::string normalise_search_text(std::string_view text, std::vector<uint32_t>* word_starts = nullptr);

}  // namespace geo
