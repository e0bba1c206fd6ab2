#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "geo/search.hpp"

namespace {

using geo::AttributeTable;
using geo::SearchHit;
using geo::SearchIndex;
using Name = std::pair<const char*, const char*>;  // name, name_en; nullptr = null

constexpr int kZh = 0;  // column "name"
constexpr int kEn = 1;  // column "name_en"

// A layer with no geometry: only the attribute rows, one feature per row.
geo::VectorLayer make_layer(const std::vector<Name>& names) {
  geo::VectorLayer layer;
  layer.attributes.set_columns({"name", "name_en"}, {AttributeTable::Type::Text, AttributeTable::Type::Text});
  for (const Name& n : names) {
    layer.attributes.begin_row();
    layer.attributes.push(n.first ? n.first : "", n.first == nullptr);
    layer.attributes.push(n.second ? n.second : "", n.second == nullptr);
    layer.feature_offsets.push_back(layer.feature_offsets.back());
  }
  return layer;
}

// Communities (layer 0) and projects (layer 1) around Laoshan.
const std::vector<Name> kCommunities = {
    {"张村社区", "Zhangcun Community"},     // 0
    {"文张社区", "Wenzhang Community"},     // 1
    {"枯桃社区", "Kutao Community"},        // 2
    {"中韩社区", "Zhonghan Community"},     // 3
    {"张村", "Zhangcun"},                   // 4
    {"浮山绿道", "Fushan Greenway"},        // 5
    {"下张村", "Xiazhangcun"},              // 6
};
const std::vector<Name> kProjects = {
    {"张村河片区安置区（二期）", "Zhangcun River resettlement area (phase 2)"},  // 0
    {"青岛市虚拟现实产业园", "Qingdao Virtual Reality Industrial Park"},        // 1
    {"海尔路地下停车场", "Haier Road Underground Parking"},                     // 2
    {"G308张村段", "G308 Zhangcun Section"},                                   // 3
    {"枯桃社区", "Kutao Community"},                                           // 4
    {"枯桃社区", "Kutao Community"},                                           // 5
    {nullptr, ""},                                                             // 6
    {"（）、", "--"},                                                          // 7
};

struct Fixture {
  geo::VectorLayer communities = make_layer(kCommunities);
  geo::VectorLayer projects = make_layer(kProjects);
  SearchIndex index = SearchIndex::build({&communities, &projects}, {{kZh, kEn}, {kZh, kEn}});
};

// (layer, feature) of each hit, in order.
std::vector<std::pair<size_t, uint32_t>> features(const std::vector<SearchHit>& hits) {
  std::vector<std::pair<size_t, uint32_t>> out;
  for (const SearchHit& h : hits) out.emplace_back(h.layer, h.feature);
  return out;
}
std::vector<int> scores(const std::vector<SearchHit>& hits) {
  std::vector<int> out;
  for (const SearchHit& h : hits) out.push_back(h.score);
  return out;
}
using FeatureList = std::vector<std::pair<size_t, uint32_t>>;

}  // namespace

TEST_CASE("normalisation folds case, width, spaces and punctuation", "[geo][search]") {
  using geo::normalise_search_text;
  CHECK(normalise_search_text("Zhangcun") == "zhangcun");
  CHECK(normalise_search_text("zhang cun") == "zhangcun");
  CHECK(normalise_search_text("ZHANGCUN") == "zhangcun");
  CHECK(normalise_search_text("Ｚｈａｎｇ　ｃｕｎ") == "zhangcun");  // full width, U+3000
  CHECK(normalise_search_text("Ｇ３０８") == "g308");
  CHECK(normalise_search_text("张村河片区安置区（二期）") == "张村河片区安置区二期");
  CHECK(normalise_search_text("枯桃、中韩，文张。") == "枯桃中韩文张");
  CHECK(normalise_search_text("《浮山·绿道》【一】「二」") == "浮山绿道一二");
  CHECK(normalise_search_text("area (phase 2)") == "areaphase2");
  CHECK(normalise_search_text("a_b-c/d.e") == "abcde");
  CHECK(normalise_search_text("“Haier” — Road…") == "haierroad");
  CHECK(normalise_search_text("Café") == "café");  // non-ASCII letters kept as they are
  CHECK(normalise_search_text("") == "");
  CHECK(normalise_search_text(" \t（）、-") == "");
  // Invalid UTF-8 is kept byte for byte, never dropped or an error.
  CHECK(normalise_search_text("a\xff\xfe" "b") == "a\xff\xfe" "b");
  CHECK(normalise_search_text("\xe5\xbc") == "\xe5\xbc");  // truncated 张
  CHECK(normalise_search_text("\xc0\xa0" "x") == "\xc0\xa0" "x");  // overlong space
}

TEST_CASE("normalisation marks word starts", "[geo][search]") {
  const auto words = [](std::string_view text) {
    std::vector<uint32_t> w;
    geo::normalise_search_text(text, &w);
    return w;
  };
  CHECK(words("Zhangcun River") == std::vector<uint32_t>{8});
  CHECK(words("a_b-c") == std::vector<uint32_t>{1, 2});
  CHECK(words("G308张村") == std::vector<uint32_t>{4});       // ASCII then CJK
  CHECK(words("张村G308") == std::vector<uint32_t>{6});       // CJK then ASCII
  CHECK(words("张村（二期）") == std::vector<uint32_t>{6});   // after CJK punctuation
  CHECK(words("张村社区").empty());
  CHECK(words("  lead").empty());  // a start at 0 is the prefix, not a word start
}

TEST_CASE("search ranks exact, prefix, word start, substring", "[geo][search]") {
  Fixture f;
  SECTION("Chinese") {
    const auto hits = f.index.query("张村");
    CHECK(features(hits) == FeatureList{{0, 4}, {0, 0}, {1, 0}, {1, 3}, {0, 6}});
    CHECK(scores(hits) == std::vector<int>{SearchHit::kExact, SearchHit::kPrefix, SearchHit::kPrefix,
                                           SearchHit::kWordStart, SearchHit::kSubstring});
    for (const SearchHit& h : hits) CHECK(h.column == kZh);
    CHECK(f.index.key(hits[0]) == "张村");
  }
  SECTION("pinyin") {
    const auto hits = f.index.query("zhangcun");
    CHECK(features(hits) == FeatureList{{0, 4}, {0, 0}, {1, 0}, {1, 3}, {0, 6}});
    CHECK(scores(hits) == std::vector<int>{SearchHit::kExact, SearchHit::kPrefix, SearchHit::kPrefix,
                                           SearchHit::kWordStart, SearchHit::kSubstring});
    for (const SearchHit& h : hits) CHECK(h.column == kEn);
  }
  SECTION("word start after a space beats a substring") {
    const auto hits = f.index.query("zhang");
    // Prefix: Zhangcun (8 bytes), Zhangcun Community, Zhangcun River …; word start:
    // G308 Zhangcun; substring: Xiazhangcun (11) before Wenzhang Community (17).
    CHECK(features(hits) == FeatureList{{0, 4}, {0, 0}, {1, 0}, {1, 3}, {0, 6}, {0, 1}});
    CHECK(scores(hits) == std::vector<int>{SearchHit::kPrefix, SearchHit::kPrefix, SearchHit::kPrefix,
                                           SearchHit::kWordStart, SearchHit::kSubstring,
                                           SearchHit::kSubstring});
  }
  SECTION("word start after a bracket and between words") {
    CHECK(scores(f.index.query("phase 2")) == std::vector<int>{SearchHit::kWordStart});
    CHECK(scores(f.index.query("二期")) == std::vector<int>{SearchHit::kWordStart});
    CHECK(scores(f.index.query("river")) == std::vector<int>{SearchHit::kWordStart});
    CHECK(scores(f.index.query("iver")) == std::vector<int>{SearchHit::kSubstring});
  }
  SECTION("ties: shorter key, then layer order, then feature id") {
    CHECK(features(f.index.query("kutao")) == FeatureList{{0, 2}, {1, 4}, {1, 5}});
    CHECK(features(f.index.query("枯桃社区")) == FeatureList{{0, 2}, {1, 4}, {1, 5}});
    // Substrings of equal length (12 bytes): layer order, then feature id.
    const auto hits = f.index.query("社区");
    CHECK(features(hits) == FeatureList{{0, 0}, {0, 1}, {0, 2}, {0, 3}, {1, 4}, {1, 5}});
  }
  SECTION("one hit per feature, its best column") {
    const auto hits = f.index.query("g308");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].column == kZh);  // "g308张村段" is shorter than "g308zhangcunsection"
    CHECK(hits[0].score == SearchHit::kPrefix);
  }
}

TEST_CASE("search folds case, spaces and full width in queries", "[geo][search]") {
  Fixture f;
  for (const char* q : {"Zhangcun", "zhang cun", "ZHANGCUN", "Ｚｈａｎｇ　ｃｕｎ", "zhang-cun", " zhangcun ",
                        "张村", "张 村", "「张村」"}) {
    CAPTURE(q);
    const auto hits = f.index.query(q);
    REQUIRE(!hits.empty());
    CHECK(features(hits)[0] == std::make_pair(size_t{0}, uint32_t{4}));
    CHECK(hits[0].score == SearchHit::kExact);
  }
  // Folding on the index side too.
  geo::VectorLayer l = make_layer({{"Ｚｈａｎｇｃｕｎ　Ｐａｒｋ", "ZHANGCUN-PARK"}});
  const SearchIndex index = SearchIndex::build({&l}, {{kZh}});
  const auto hits = index.query("zhangcun park");
  REQUIRE(hits.size() == 1);
  CHECK(hits[0].score == SearchHit::kExact);
}

TEST_CASE("search finds Chinese substrings", "[geo][search]") {
  Fixture f;
  CHECK(features(f.index.query("片区")) == FeatureList{{1, 0}});
  CHECK(features(f.index.query("安置区二期")) == FeatureList{{1, 0}});  // brackets ignored
  CHECK(features(f.index.query("虚拟现实")) == FeatureList{{1, 1}});
  CHECK(features(f.index.query("地下停车")) == FeatureList{{1, 2}});
  CHECK(features(f.index.query("绿道")) == FeatureList{{0, 5}});
  CHECK(f.index.query("张家").empty());
}

TEST_CASE("search matches every query term", "[geo][search]") {
  Fixture f;
  auto hits = f.index.query("zhangcun resettlement");
  CHECK(features(hits) == FeatureList{{1, 0}});
  CHECK(scores(hits) == std::vector<int>{SearchHit::kWordStart});  // worst term
  CHECK(features(f.index.query("resettlement zhangcun")) == FeatureList{{1, 0}});
  CHECK(features(f.index.query("Zhangcun River resettlement area (phase 2)")) == FeatureList{{1, 0}});
  CHECK(f.index.query("Zhangcun River resettlement area (phase 2)")[0].score == SearchHit::kExact);
  CHECK(features(f.index.query("张村 安置")) == FeatureList{{1, 0}});
  CHECK(features(f.index.query("qingdao park")) == FeatureList{{1, 1}});
  CHECK(f.index.query("zhangcun nowhere").empty());
  // Terms match within one column: Chinese and pinyin are not mixed.
  CHECK(f.index.query("张村 resettlement").empty());
  // The whole query without spaces scores better than its terms would.
  hits = f.index.query("zhang cun community");
  CHECK(features(hits) == FeatureList{{0, 0}});
  CHECK(hits[0].score == SearchHit::kExact);
}

TEST_CASE("search limit, empty and garbage queries", "[geo][search]") {
  Fixture f;
  const auto all = f.index.query("社区");
  const auto two = f.index.query("社区", 2);
  REQUIRE(two.size() == 2);
  const FeatureList first = features(all);
  CHECK(features(two) == FeatureList(first.begin(), first.begin() + 2));
  CHECK(f.index.query("社区", 0).empty());
  // English keys with a 'c': all but Fushan Greenway, Qingdao … Park and Haier Road … Parking.
  CHECK(f.index.query("c", 1000).size() == 10);

  for (const char* q : {"", " ", "\t\n", "　", "（）、", "--", "...", "·"}) {
    CAPTURE(q);
    CHECK(f.index.query(q).empty());
  }
  for (const std::string& q : {std::string("\xff\xfe"), std::string("\x80"), std::string("a\0b", 3),
                               std::string(1000, '\xe5'), std::string(100000, 'z')}) {
    CHECK(f.index.query(q).empty());
  }
  // Invalid UTF-8 is matched byte for byte: half of 张 (E5 BC A0) finds it.
  CHECK(f.index.query("\xe5\xbc").size() == 6);
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string q(rng() % 8, '\0');
    for (char& c : q) c = static_cast<char>(rng());
    CHECK_NOTHROW(f.index.query(q, 5));
  }
}

TEST_CASE("search survives invalid UTF-8, nulls and odd columns", "[geo][search]") {
  geo::VectorLayer a = make_layer({{"bad\xff\xfe名", "x"}, {nullptr, nullptr}, {"\xe5\xbc", "Half"}});
  geo::VectorLayer b = make_layer({{"张村", "Zhangcun"}});
  // b has no columns entry; null layer; out-of-range and repeated columns.
  const SearchIndex index = SearchIndex::build({&a, nullptr, &b}, {{kZh, kZh, 7, -1}});
  REQUIRE(index.fields().size() == 1);
  CHECK(index.key_count() == 2);
  CHECK(features(index.query("\xff\xfe")) == FeatureList{{0, 0}});
  CHECK(features(index.query("\xe5\xbc")) == FeatureList{{0, 2}});
  CHECK(index.query("张村").empty());
  CHECK(index.query("half").empty());

  const SearchIndex empty = SearchIndex::build({}, {});
  CHECK(empty.query("张村").empty());
  CHECK(empty.key_count() == 0);
}

namespace {

// Brute-force ranking of the header's rules, to check query() (bounds, heap, one hit
// per feature) against.
int reference_score(const std::string& key, const std::vector<uint32_t>& words, const std::string& q) {
  if (key == q) return SearchHit::kExact;
  if (key.compare(0, q.size(), q) == 0) return SearchHit::kPrefix;
  for (uint32_t w : words)
    if (key.compare(w, q.size(), q) == 0) return SearchHit::kWordStart;
  return key.find(q) != std::string::npos ? SearchHit::kSubstring : -1;
}

std::vector<SearchHit> reference_query(const std::vector<const geo::VectorLayer*>& layers,
                                       const std::string& text, size_t limit) {
  std::vector<std::string> terms;
  for (size_t i = 0; i <= text.size();) {
    const size_t j = std::min(text.find(' ', i), text.size());
    const std::string t = geo::normalise_search_text(text.substr(i, j - i));
    if (!t.empty()) terms.push_back(t);
    i = j + 1;
  }
  const std::string whole = geo::normalise_search_text(text);
  struct Ranked {
    SearchHit hit;
    size_t length;
  };
  std::vector<Ranked> all;
  for (size_t l = 0; l < layers.size(); ++l) {
    for (uint32_t f = 0; f < layers[l]->feature_count(); ++f) {
      Ranked best{{l, f, -1, -1}, 0};
      for (int col : {kZh, kEn}) {
        std::vector<uint32_t> words;
        const std::string key = geo::normalise_search_text(layers[l]->attributes.get(f, col), &words);
        if (key.empty() || terms.empty()) continue;
        int score = SearchHit::kExact;
        for (const std::string& t : terms) score = std::min(score, reference_score(key, words, t));
        if (score < 0) continue;
        score = std::max(score, reference_score(key, words, whole));
        if (score > best.hit.score || (score == best.hit.score && key.size() < best.length))
          best = {{l, f, col, score}, key.size()};
      }
      if (best.hit.score >= 0) all.push_back(best);
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Ranked& a, const Ranked& b) {
    if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
    return a.length < b.length;
  });
  std::vector<SearchHit> out;
  for (size_t i = 0; i < all.size() && i < limit; ++i) out.push_back(all[i].hit);
  return out;
}

}  // namespace

TEST_CASE("search agrees with a brute-force ranking", "[geo][search]") {
  static const char* const kEnParts[] = {"zhang", "cun", "an", "Wen", " ", "-", "ku", "tao", "(", "2", "Zhang"};
  static const char* const kZhParts[] = {"张", "村", "社区", "（", "安", "G3", "文", " ", "张村"};
  std::mt19937 rng(3);
  std::vector<geo::VectorLayer> layers(2);
  for (geo::VectorLayer& layer : layers) {
    layer.attributes.set_columns({"name", "name_en"}, {AttributeTable::Type::Text, AttributeTable::Type::Text});
    for (int i = 0; i < 1500; ++i) {
      std::string zh, en;
      for (int p = 0, n = 1 + static_cast<int>(rng() % 4); p < n; ++p) zh += kZhParts[rng() % 9];
      for (int p = 0, n = 1 + static_cast<int>(rng() % 5); p < n; ++p) en += kEnParts[rng() % 11];
      layer.attributes.begin_row();
      layer.attributes.push(zh);
      layer.attributes.push(en);
      layer.feature_offsets.push_back(layer.feature_offsets.back());
    }
  }
  const std::vector<const geo::VectorLayer*> ptrs = {&layers[0], &layers[1]};
  const SearchIndex index = SearchIndex::build(ptrs, {{kZh, kEn}, {kZh, kEn}});
  std::vector<std::string> queries = {"zhang", "cun", "an", "a", "n", "zhang cun", "cun an", "tao ku", "2",
                                      "张", "村社", "张村", "社区 张", "g3", "g", "wen an", "zhangcun",
                                      "cunzhang", "an an", "cun cun zhang", "区", "zhang-cun (2"};
  for (int i = 0; i < 200; ++i) {  // random queries from the same parts
    std::string q;
    for (int p = 0, n = 1 + static_cast<int>(rng() % 3); p < n; ++p)
      q += rng() % 2 ? kEnParts[rng() % 11] : kZhParts[rng() % 9];
    queries.push_back(q);
  }
  using Row = std::tuple<size_t, uint32_t, int, int>;
  const auto rows = [](const std::vector<SearchHit>& hits) {
    std::vector<Row> out;
    for (const SearchHit& h : hits) out.emplace_back(h.layer, h.feature, h.column, h.score);
    return out;
  };
  for (const std::string& q : queries) {
    for (size_t limit : {1, 3, 10, 50, 100000}) {
      CAPTURE(q, limit);
      CHECK(rows(index.query(q, limit)) == rows(reference_query(ptrs, q, limit)));
    }
  }
}

TEST_CASE("search over 1M names is fast", "[geo][search]") {
  // 1M features with a Chinese name (2-9 CJK characters) and a pinyin/English one.
  static const char* const kSyllables[] = {"zhang", "cun", "wen", "ku", "tao", "zhong", "han", "qing",
                                           "dao", "fu", "shan", "lao", "hai", "er", "li", "shi",
                                           "bei", "nan", "dong", "xi", "he", "jia", "xin", "an"};
  static const char* const kSuffixes[] = {" Community", " Road", " Park", " resettlement area (phase 2)",
                                          " Greenway", " Industrial Park", "", " Section"};
  std::mt19937 rng(7);
  geo::VectorLayer layer;
  layer.attributes.set_columns({"name", "name_en"}, {AttributeTable::Type::Text, AttributeTable::Type::Text});
  const size_t n = 1000000;
  std::string zh, en;
  for (size_t i = 0; i < n; ++i) {
    zh.clear();
    const int chars = 2 + static_cast<int>(rng() % 8);
    for (int c = 0; c < chars; ++c) {
      // One character in four from a few common in Laoshan names, the rest random.
      static const uint32_t kCommon[] = {0x5F20, 0x6751, 0x793E, 0x533A, 0x6CB3, 0x5C71, 0x6D77, 0x8DEF};
      const uint32_t cp = rng() % 4 == 0 ? kCommon[rng() % 8] : 0x4E00 + rng() % 3000;  // 3-byte UTF-8
      zh += static_cast<char>(0xE0 | (cp >> 12));
      zh += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      zh += static_cast<char>(0x80 | (cp & 0x3F));
    }
    en.clear();
    const int syll = 2 + static_cast<int>(rng() % 3);
    for (int s = 0; s < syll; ++s) en += kSyllables[rng() % 24];
    en[0] = static_cast<char>(en[0] - 'a' + 'A');
    en += kSuffixes[rng() % 8];
    layer.attributes.begin_row();
    layer.attributes.push(zh);
    layer.attributes.push(en);
    layer.feature_offsets.push_back(layer.feature_offsets.back());
  }
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };

  auto t0 = Clock::now();
  const SearchIndex index = SearchIndex::build({&layer}, {{kZh, kEn}});
  const double build_ms = ms(Clock::now() - t0);
  REQUIRE(index.key_count() == 2 * n);
  WARN("search build: " << n << " features, " << index.key_count() << " keys, " << build_ms << " ms, "
                         << index.byte_size() / (1 << 20) << " MiB");

  for (const char* q : {"张村", "丁", "zhang", "zhangcun", "a", "zhangcun resettlement", "qing dao park",
                        "nothing-like-this", "Ｚｈａｎｇ"}) {
    double best = 1e9;
    size_t count = 0;
    for (int rep = 0; rep < 3; ++rep) {
      t0 = Clock::now();
      count = index.query(q).size();
      best = std::min(best, ms(Clock::now() - t0));
    }
    WARN("search query '" << q << "': " << count << " hits (limit 50), " << best << " ms");
  }
  CHECK(index.query("zhangcun", 5).size() == 5);
}
