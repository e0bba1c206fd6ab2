#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "geo/reader.hpp"
#include "geo/status.hpp"
#include "geo/timeline.hpp"

using geo::Day;
using geo::kNoDay;
using geo::Status;

namespace {

Day day(const char* iso) {
  const std::optional<Day> d = geo::parse_date(iso);
  REQUIRE(d.has_value());
  return *d;
}

// A layer with no geometry: one empty feature per row, attributes as given ("" = null).
struct Row {
  std::string status, planned_start, planned_finish, actual_start, actual_finish;
};
geo::VectorLayer make_layer(const std::vector<std::string>& columns,
                            const std::vector<std::vector<std::string>>& rows) {
  geo::VectorLayer layer;
  layer.name = "synthetic";
  layer.attributes.set_columns(columns, std::vector<geo::AttributeTable::Type>(
                                            columns.size(), geo::AttributeTable::Type::Text));
  for (const auto& row : rows) {
    layer.attributes.begin_row();
    for (const std::string& value : row) layer.attributes.push(value, value.empty());
    layer.feature_offsets.push_back(layer.feature_offsets.back());
    layer.fids.push_back(static_cast<int64_t>(layer.fids.size()));
  }
  return layer;
}

// One feature's timeline, built directly.
geo::Timeline one(Status recorded, Day ps, Day pf, Day as, Day af, bool relocation = false) {
  geo::Timeline t;
  t.recorded = {recorded};
  t.dates = {geo::FeatureDates{ps, pf, as, af}};
  t.relocation = {static_cast<uint8_t>(relocation || recorded == Status::Relocation)};
  return t;
}

geo::StatusCounts counts(uint32_t planned, uint32_t relocation, uint32_t building,
                         uint32_t completed, uint32_t delayed) {
  return {0, planned, relocation, building, completed, delayed};
}

}  // namespace

TEST_CASE("dates parse in every accepted form", "[geo][timeline]") {
  CHECK(geo::parse_date("1970-01-01") == 0);
  CHECK(geo::parse_date("1969-12-31") == -1);
  CHECK(geo::parse_date("2000-03-01") == 11017);
  CHECK(geo::parse_date("2023-10-31") == 19661);
  CHECK(geo::parse_date("0001-01-01") == -719162);
  CHECK(geo::parse_date("9999-12-31") == 2932896);

  const Day expected = 19661;
  for (const char* text : {"2023-10-31", "2023/10/31", "2023.10.31", "20231031",
                           "2023-10-31T08:30:00", "2023-10-31T00:00:00+08:00",
                           "2023/10/31 00:00:00", "20231031T083000", "  2023-10-31 ",
                           "2023年10月31日", "2023年10月31", "2023-10-31 12:00"}) {
    INFO(text);
    CHECK(geo::parse_date(text) == expected);
  }
  CHECK(geo::parse_date("2023-5-6") == geo::days_from_civil(2023, 5, 6));
  CHECK(geo::parse_date("2023/5/16") == geo::days_from_civil(2023, 5, 16));
  CHECK(geo::parse_date("2023年5月6日") == geo::days_from_civil(2023, 5, 6));
}

TEST_CASE("leap days and impossible dates", "[geo][timeline]") {
  CHECK(geo::parse_date("2024-02-29") == 19782);
  CHECK(geo::parse_date("20240229") == 19782);
  CHECK_FALSE(geo::parse_date("2023-02-29"));
  CHECK_FALSE(geo::parse_date("20230229"));
  CHECK(geo::parse_date("2000-02-29"));   // divisible by 400
  CHECK_FALSE(geo::parse_date("1900-02-29"));  // divisible by 100 only
  CHECK_FALSE(geo::parse_date("2023-02-30"));
  CHECK_FALSE(geo::parse_date("2023-04-31"));
  CHECK_FALSE(geo::parse_date("2023-13-01"));
  CHECK_FALSE(geo::parse_date("2023-00-10"));
  CHECK_FALSE(geo::parse_date("2023-01-00"));
  CHECK_FALSE(geo::parse_date("0000-01-01"));
  CHECK(geo::parse_date("2023-12-31"));
  CHECK(geo::is_leap_year(2024));
  CHECK_FALSE(geo::is_leap_year(2100));
  CHECK(geo::days_in_month(2024, 2) == 29);
  CHECK(geo::days_in_month(2023, 2) == 28);
  CHECK(geo::days_in_month(2023, 13) == 0);
}

TEST_CASE("garbage is not a date", "[geo][timeline]") {
  for (const char* text : {"", " ", "null", "2023", "2023-10", "2023-10-", "2023-10-31x",
                           "2023-10-31T", "2023-10-31 later", "2023/10-31", "2023-10/31",
                           "23-10-31", "31/10/2023", "10/31/2023", "2023-100-31", "2023-10-311",
                           "2023103", "202310311", "２０２３-10-31", "abcd-ef-gh", "-2023-10-31",
                           "2023_10_31", "2023年10-31", "2023年10月"}) {
    INFO("'" << text << "'");
    CHECK_FALSE(geo::parse_date(text));
  }
}

TEST_CASE("format and parse round-trip over eight centuries", "[geo][timeline]") {
  CHECK(geo::format_date(0) == "1970-01-01");
  CHECK(geo::format_date(19782) == "2024-02-29");
  CHECK(geo::format_date(-719162) == "0001-01-01");
  CHECK(geo::format_date(kNoDay).empty());

  const Day first = geo::days_from_civil(1600, 1, 1);
  const Day last = geo::days_from_civil(2400, 12, 31);
  geo::CivilDate prev = geo::civil_from_days(first - 1);
  CHECK((prev.year == 1599 && prev.month == 12 && prev.day == 31));
  for (Day d = first; d <= last; ++d) {
    const geo::CivilDate c = geo::civil_from_days(d);
    // Each day follows the one before it in the calendar.
    const bool next_day = c.year == prev.year && c.month == prev.month && c.day == prev.day + 1;
    const bool next_month = c.year == prev.year && c.month == prev.month + 1 && c.day == 1 &&
                            prev.day == geo::days_in_month(prev.year, prev.month);
    const bool next_year = c.year == prev.year + 1 && c.month == 1 && c.day == 1 &&
                           prev.month == 12 && prev.day == 31;
    if (!(next_day || next_month || next_year)) FAIL("calendar breaks at day " << d);
    if (geo::days_from_civil(c.year, c.month, c.day) != d) FAIL("days_from_civil at " << d);
    if (geo::parse_date(geo::format_date(d)) != d) FAIL("round trip at " << geo::format_date(d));
    prev = c;
  }
}

TEST_CASE("status rules at every boundary", "[geo][timeline]") {
  const Day ps = day("2023-03-01"), pf = day("2023-06-30");

  SECTION("on schedule, not yet finished") {
    const geo::Timeline t = one(Status::UnderConstruction, ps, pf, kNoDay, kNoDay);
    CHECK(geo::status_on(t, 0, ps - 1) == Status::Planned);
    CHECK(geo::status_on(t, 0, ps) == Status::UnderConstruction);
    CHECK(geo::status_on(t, 0, pf) == Status::UnderConstruction);  // due today: not late yet
    CHECK(geo::status_on(t, 0, pf + 1) == Status::Delayed);        // first late day
    CHECK(geo::status_on(t, 0, pf + 400) == Status::Delayed);
  }
  SECTION("actual start overrides planned start, both earlier and later") {
    const geo::Timeline late = one(Status::Unknown, ps, pf, ps + 10, kNoDay);
    CHECK(geo::status_on(late, 0, ps) == Status::Planned);  // starting late is not Delayed
    CHECK(geo::status_on(late, 0, ps + 9) == Status::Planned);
    CHECK(geo::status_on(late, 0, ps + 10) == Status::UnderConstruction);
    const geo::Timeline early = one(Status::Unknown, ps, pf, ps - 5, kNoDay);
    CHECK(geo::status_on(early, 0, ps - 6) == Status::Planned);
    CHECK(geo::status_on(early, 0, ps - 5) == Status::UnderConstruction);
  }
  SECTION("completed on time") {
    const Day af = pf - 3;
    const geo::Timeline t = one(Status::Completed, ps, pf, ps + 2, af);
    CHECK(geo::status_on(t, 0, af - 1) == Status::UnderConstruction);
    CHECK(geo::status_on(t, 0, af) == Status::Completed);
    CHECK(geo::status_on(t, 0, pf) == Status::Completed);
    CHECK(geo::status_on(t, 0, pf + 1) == Status::Completed);
    CHECK(geo::status_on(t, 0, pf + 1000) == Status::Completed);
  }
  SECTION("finished late: delayed between the planned and the actual finish") {
    const Day af = pf + 20;
    const geo::Timeline t = one(Status::Completed, ps, pf, ps, af);
    CHECK(geo::status_on(t, 0, pf) == Status::UnderConstruction);
    CHECK(geo::status_on(t, 0, pf + 1) == Status::Delayed);
    CHECK(geo::status_on(t, 0, af - 1) == Status::Delayed);
    CHECK(geo::status_on(t, 0, af) == Status::Completed);
    CHECK(geo::days_late(t, 0, pf + 1) == 1);
    CHECK(geo::days_late(t, 0, af - 1) == 19);
    CHECK(geo::days_late(t, 0, af) == 0);
  }
  SECTION("finished on its planned finish day") {
    const geo::Timeline t = one(Status::Completed, ps, pf, ps, pf);
    CHECK(geo::status_on(t, 0, pf - 1) == Status::UnderConstruction);
    CHECK(geo::status_on(t, 0, pf) == Status::Completed);
    CHECK(geo::status_on(t, 0, pf + 1) == Status::Completed);
  }
  SECTION("late before it even started") {
    const geo::Timeline t = one(Status::Planned, ps, pf, kNoDay, kNoDay);
    CHECK(geo::status_on(t, 0, pf + 1) == Status::Delayed);
  }
  SECTION("no dates at all: the recorded status on every day") {
    for (Status s : {Status::Unknown, Status::Planned, Status::Relocation,
                     Status::UnderConstruction, Status::Completed, Status::Delayed}) {
      const geo::Timeline t = one(s, kNoDay, kNoDay, kNoDay, kNoDay);
      CHECK(geo::status_on(t, 0, ps) == s);
      CHECK(geo::status_on(t, 0, -100000) == s);
      CHECK(geo::status_on(t, 0, 100000) == s);
      CHECK(geo::days_late(t, 0, ps) == 0);
    }
  }
  SECTION("partial dates") {
    const geo::Timeline start_only = one(Status::UnderConstruction, ps, kNoDay, kNoDay, kNoDay);
    CHECK(geo::status_on(start_only, 0, ps - 1) == Status::Planned);
    CHECK(geo::status_on(start_only, 0, ps + 5000) == Status::UnderConstruction);
    const geo::Timeline finish_only = one(Status::Completed, kNoDay, kNoDay, kNoDay, pf);
    CHECK(geo::status_on(finish_only, 0, pf - 1) == Status::Planned);
    CHECK(geo::status_on(finish_only, 0, pf) == Status::Completed);
    const geo::Timeline due_only = one(Status::UnderConstruction, kNoDay, pf, kNoDay, kNoDay);
    CHECK(geo::status_on(due_only, 0, pf) == Status::Planned);
    CHECK(geo::status_on(due_only, 0, pf + 1) == Status::Delayed);
  }
  SECTION("relocation: the dates span the relocation itself") {
    // A community relocated from its start to land hand-over, recorded 交付 (Completed).
    const Day as = ps + 2, af = pf - 10;
    const geo::Timeline t = one(Status::Completed, ps, pf, as, af, /*relocation=*/true);
    CHECK(geo::status_on(t, 0, as - 1) == Status::Planned);
    CHECK(geo::status_on(t, 0, as) == Status::Relocation);
    CHECK(geo::status_on(t, 0, af - 1) == Status::Relocation);
    CHECK(geo::status_on(t, 0, af) == Status::Completed);
    // Recorded 征收拆迁 on the snapshot day, hand-over not yet.
    const geo::Timeline r = one(Status::Relocation, ps, pf, as, kNoDay);
    CHECK(geo::status_on(r, 0, as - 1) == Status::Planned);
    CHECK(geo::status_on(r, 0, as) == Status::Relocation);
    CHECK(geo::status_on(r, 0, pf) == Status::Relocation);
    CHECK(geo::status_on(r, 0, pf + 1) == Status::Delayed);
  }
}

TEST_CASE("status_on matches the rules as written, on random features", "[geo][timeline]") {
  // The header's rules, literally; status_on() is written branch-free for speed.
  auto reference = [](const geo::FeatureDates& t, Status recorded, bool relocation, Day d) {
    if (!t.any()) return recorded;
    if (t.actual_finish != kNoDay && d >= t.actual_finish) return Status::Completed;
    if (t.planned_finish != kNoDay && d > t.planned_finish) return Status::Delayed;
    const Day start = t.actual_start != kNoDay ? t.actual_start : t.planned_start;
    if (start != kNoDay && d >= start)
      return relocation ? Status::Relocation : Status::UnderConstruction;
    return Status::Planned;
  };
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> date(0, 40), coin(0, 3), status(0, geo::kStatusCount - 1);
  auto maybe = [&]() -> Day { return coin(rng) == 0 ? kNoDay : date(rng); };
  for (int i = 0; i < 20000; ++i) {
    const auto recorded = static_cast<Status>(status(rng));
    const geo::Timeline t = one(recorded, maybe(), maybe(), maybe(), maybe(), coin(rng) == 0);
    const Day d = date(rng) - 1;
    const Status expected = reference(t.dates[0], recorded, t.relocation[0] != 0, d);
    if (geo::status_on(t, 0, d) != expected)
      FAIL("feature " << geo::format_date(t.dates[0].planned_start) << " "
                      << geo::format_date(t.dates[0].planned_finish) << " "
                      << geo::format_date(t.dates[0].actual_start) << " "
                      << geo::format_date(t.dates[0].actual_finish) << " on day " << d);
  }
}

TEST_CASE("days late", "[geo][timeline]") {
  const Day pf = day("2023-06-30");
  const geo::Timeline t = one(Status::Delayed, pf - 100, pf, pf - 90, kNoDay);
  CHECK(geo::days_late(t, 0, pf - 50) == 0);
  CHECK(geo::days_late(t, 0, pf) == 0);
  CHECK(geo::days_late(t, 0, pf + 1) == 1);
  CHECK(geo::days_late(t, 0, day("2023-10-31")) == 123);
}

TEST_CASE("counts over a small layer at several dates", "[geo][timeline]") {
  // status, planned start, planned finish, actual start, actual finish
  const geo::VectorLayer layer = make_layer(
      {"status", "planned_start", "planned_finish", "actual_start", "actual_finish"},
      {
          {"completed", "2023-03-01", "2023-06-30", "2023-03-05", "2023-06-20"},  // A on time
          {"completed", "2023-03-01", "2023-06-30", "2023-03-10", "2023-07-15"},  // B late
          {"delayed", "2023-04-01", "2023-09-30", "2023-04-01", ""},              // C
          {"planned", "2023-11-15", "2024-06-30", "", ""},                        // D
          {"completed", "", "", "", ""},                                          // E no dates
          {"relocation", "2023-02-15", "2023-12-31", "2023-02-20", ""},           // F
          {"delayed", "2023-01-10", "2023-05-31", "2023-01-15", ""},              // G
      });
  std::vector<Status> recorded;
  for (size_t f = 0; f < layer.feature_count(); ++f)
    recorded.push_back(geo::status_from_text(layer.attributes.get(f, 0)));
  const geo::Timeline t = geo::build_timeline(layer, recorded);
  REQUIRE(t.size() == 7);
  CHECK_FALSE(t.relocation_layer);
  CHECK(t.min_day == day("2023-01-10"));
  CHECK(t.max_day == day("2024-06-30"));

  std::vector<Status> out;
  auto at = [&](const char* iso) {
    geo::statuses_on(t, day(iso), out);
    return geo::count_statuses(out);
  };
  //                                    planned reloc building completed delayed
  CHECK(at("2023-01-01") == counts(6, 0, 0, 1, 0));
  CHECK(at("2023-03-07") == counts(3, 1, 2, 1, 0));
  CHECK(at("2023-06-25") == counts(1, 1, 2, 2, 1));
  CHECK(at("2023-07-10") == counts(1, 1, 1, 2, 2));
  CHECK(at("2023-10-31") == counts(1, 1, 0, 3, 2));
  CHECK(at("2023-12-01") == counts(0, 1, 1, 3, 2));
  CHECK(at("2024-01-01") == counts(0, 0, 1, 3, 3));

  // On the snapshot day the derived statuses are the recorded ones.
  geo::statuses_on(t, day("2023-10-31"), out);
  CHECK(out == recorded);

  // statuses_on agrees with status_on and reuses the buffer.
  const Status* buffer = out.data();
  geo::statuses_on(t, day("2023-07-10"), out);
  CHECK(out.data() == buffer);
  for (size_t f = 0; f < t.size(); ++f) CHECK(out[f] == geo::status_on(t, f, day("2023-07-10")));
  CHECK(geo::days_late(t, 1, day("2023-07-10")) == 10);  // B: due 06-30, done 07-15
  CHECK(geo::days_late(t, 6, day("2023-07-10")) == 40);  // G: due 05-31
}

TEST_CASE("build_timeline finds date columns by name and parses them", "[geo][timeline]") {
  SECTION("English names in any case, nulls and junk") {
    const geo::VectorLayer layer = make_layer(
        {"name", "Planned_Start", "PLAN_FINISH", "actual_start", "Actual_End"},
        {
            {"a", "2023-03-01", "2023/06/30", "20230305", "2023-06-20T10:00:00"},
            {"b", "soon", "2023-06-31", "", " "},
            {"c", "", "", "", ""},
        });
    const geo::Timeline t = geo::build_timeline(layer, {Status::Completed});
    REQUIRE(t.size() == 3);
    CHECK(t.columns.planned_start == 1);
    CHECK(t.columns.planned_finish == 2);
    CHECK(t.columns.actual_start == 3);
    CHECK(t.columns.actual_finish == 4);
    CHECK(t.dates[0].planned_start == day("2023-03-01"));
    CHECK(t.dates[0].planned_finish == day("2023-06-30"));
    CHECK(t.dates[0].actual_start == day("2023-03-05"));
    CHECK(t.dates[0].actual_finish == day("2023-06-20"));
    CHECK_FALSE(t.dates[1].any());
    CHECK_FALSE(t.dates[2].any());
    CHECK(t.unparsed == 2);  // "soon" and 2023-06-31; the blank is just missing
    // `recorded` shorter than the layer: the rest are Unknown.
    CHECK(t.recorded == std::vector<Status>{Status::Completed, Status::Unknown, Status::Unknown});
    CHECK(t.has_dates);
    CHECK(t.min_day == day("2023-03-01"));
    CHECK(t.max_day == day("2023-06-30"));
    CHECK(geo::status_on(t, 1, day("2023-05-01")) == Status::Unknown);
  }
  SECTION("Chinese names; a relocation layer") {
    const geo::VectorLayer layer = make_layer(
        {"名称", "状态", "计划开工", "计划竣工", "实际开工", "实际竣工", "拆迁批次"},
        {
            {"文张社区", "交付", "2023-02-08", "2023-06-30", "2023-02-10", "2023-06-18", "2023H1"},
            {"河西社区", "交付", "2022-03-01", "2022-12-31", "2022-03-03", "2022-08-23", "2022"},
        });
    const std::vector<Status> recorded(2, Status::Completed);
    const geo::Timeline t = geo::build_timeline(layer, recorded);
    CHECK(t.columns.planned_start == 2);
    CHECK(t.columns.actual_finish == 5);
    CHECK(t.relocation_layer);
    CHECK(geo::status_on(t, 0, day("2023-02-09")) == Status::Planned);
    CHECK(geo::status_on(t, 0, day("2023-04-01")) == Status::Relocation);
    CHECK(geo::status_on(t, 0, day("2023-10-31")) == Status::Completed);
    CHECK(geo::status_on(t, 1, day("2022-05-01")) == Status::Relocation);

    const geo::Timeline built = geo::build_timeline(layer, recorded, geo::DatedWork::Construction);
    CHECK_FALSE(built.relocation_layer);
    CHECK(geo::status_on(built, 0, day("2023-04-01")) == Status::UnderConstruction);
  }
  SECTION("mixed layer: only features recorded as relocation are relocation") {
    const geo::VectorLayer layer = make_layer(
        {"status", "planned_start", "planned_finish", "actual_start"},
        {
            {"拆迁", "2023-02-15", "2025-06-30", "2023-03-01"},
            {"在建", "2023-02-15", "2025-06-30", "2023-03-01"},
        });
    const geo::Timeline t =
        geo::build_timeline(layer, {Status::Relocation, Status::UnderConstruction});
    CHECK_FALSE(t.relocation_layer);
    CHECK(geo::status_on(t, 0, day("2023-10-31")) == Status::Relocation);
    CHECK(geo::status_on(t, 1, day("2023-10-31")) == Status::UnderConstruction);
    const geo::Timeline all = geo::build_timeline(
        layer, {Status::Relocation, Status::UnderConstruction}, geo::DatedWork::Relocation);
    CHECK(geo::status_on(all, 1, day("2023-10-31")) == Status::Relocation);
  }
  SECTION("no date columns") {
    const geo::VectorLayer layer = make_layer({"name", "status"}, {{"x", "在建"}});
    const geo::Timeline t = geo::build_timeline(layer, {Status::UnderConstruction});
    CHECK_FALSE(t.columns.any());
    CHECK_FALSE(t.has_dates);
    CHECK(t.min_day == kNoDay);
    CHECK(t.max_day == kNoDay);
    CHECK(geo::status_on(t, 0, day("2000-01-01")) == Status::UnderConstruction);
  }
}

TEST_CASE("the Laoshan demo: dates reproduce the recorded statuses on data_as_of",
          "[geo][timeline][laoshan]") {
  const std::string dir = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/";
  const Day as_of = day("2023-10-31");
  const std::vector<geo::SourceSpec> sources = {
      {dir + "laoshan.gpkg", ""}, {dir + "parking.geojson", ""}};
  size_t features = 0, differ = 0, layers = 0;
  for (const geo::SourceSpec& spec : sources) {
    const geo::ReadOutcome read = geo::read_vector(spec);
    REQUIRE(read.errors.empty());
    for (const geo::VectorLayer& layer : read.layers) {
      const int status_col = geo::detect_status_field(layer.attributes.names());
      if (status_col < 0) continue;
      ++layers;
      std::vector<Status> recorded;
      for (size_t f = 0; f < layer.feature_count(); ++f)
        recorded.push_back(geo::status_from_text(layer.attributes.get(f, status_col)));
      const geo::Timeline t = geo::build_timeline(layer, recorded);
      CHECK(t.has_dates);
      CHECK(t.unparsed == 0);
      CHECK(t.relocation_layer == (layer.name == "zhangcun_communities"));
      std::vector<Status> now;
      geo::statuses_on(t, as_of, now);
      for (size_t f = 0; f < now.size(); ++f) {
        ++features;
        if (now[f] == recorded[f]) continue;
        ++differ;
        UNSCOPED_INFO(layer.name << " #" << f << ": recorded " << geo::status_code(recorded[f])
                                 << ", dates give " << geo::status_code(now[f]));
      }
      if (layer.name == "zhangcun_communities") {
        // 2023 batch (文张, 张村, 枯桃, 中韩, 王家村): relocating in spring 2023.
        geo::statuses_on(t, day("2023-04-15"), now);
        const geo::StatusCounts c = geo::count_statuses(now);
        CHECK(c[size_t(Status::Relocation)] == 5);
        CHECK(c[size_t(Status::Completed)] == 8);
      }
    }
  }
  CHECK(layers == 9);
  CHECK(features == 4 + 13 + 3 + 64 + 6 + 1 + 9 + 98 + 11);
  CHECK(differ == 0);
}

TEST_CASE("statuses and counts on every core equal the one-thread loop", "[geo][timeline]") {
  // 1.3 million features: several threads' ranges, and a remainder.
  geo::Timeline t;
  const size_t n = 1300001;
  t.recorded.resize(n);
  t.dates.resize(n);
  t.relocation.resize(n);
  std::mt19937 rng(11);
  const geo::Day base = geo::days_from_civil(2023, 1, 1);
  for (size_t f = 0; f < n; ++f) {
    t.recorded[f] = static_cast<geo::Status>(rng() % geo::kStatusCount);
    t.relocation[f] = rng() % 4 == 0;
    geo::FeatureDates& d = t.dates[f];
    if (rng() % 5) d.planned_start = base + static_cast<geo::Day>(rng() % 400);
    if (rng() % 3) d.planned_finish = base + static_cast<geo::Day>(200 + rng() % 400);
    if (rng() % 2) d.actual_start = base + static_cast<geo::Day>(rng() % 400);
    if (rng() % 4 == 0) d.actual_finish = base + static_cast<geo::Day>(300 + rng() % 300);
  }
  t.has_dates = true;
  std::vector<uint8_t> pass(n);
  for (size_t f = 0; f < n; ++f) pass[f] = f % 7 != 3;
  for (geo::Day d : {base - 10, base + 250, base + 500, base + 800}) {
    std::vector<geo::Status> one, all;
    geo::statuses_on(t, d, one);
    const geo::StatusCounts counts = geo::statuses_and_counts(t, d, all, pass);
    CHECK(all == one);
    CHECK(counts == geo::count_statuses(one, pass));
    CHECK(geo::statuses_and_counts(t, d, all, {}) == geo::count_statuses(one));
  }
}
