// Burn-up series against the rules applied day by day: the chart counts what the map
// and the legend would show on every day of the range.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "geo/burnup.hpp"
#include "geo/classify.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"

namespace {

// Every day of the series against statuses_on() and plain counts of the dates.
void require_matches_rules(const geo::Timeline& t, const std::vector<uint32_t>& features, const geo::BurnUp& b) {
  std::vector<uint32_t> all = features;
  if (all.empty())
    for (size_t f = 0; f < t.size(); ++f) all.push_back(static_cast<uint32_t>(f));
  REQUIRE(b.features == all.size());
  size_t wrong = 0;
  for (geo::Day d = b.first; d <= b.last; ++d) {
    geo::StatusCounts want{};
    uint32_t due = 0, done = 0;
    for (uint32_t f : all) {
      ++want[static_cast<size_t>(geo::status_on(t, f, d))];
      due += t.dates[f].planned_finish != geo::kNoDay && t.dates[f].planned_finish <= d;
      done += t.dates[f].actual_finish != geo::kNoDay && t.dates[f].actual_finish <= d;
    }
    const size_t i = static_cast<size_t>(d - b.first);
    if ((b.by_status[i] != want || b.planned[i] != due || b.completed[i] != done) && wrong++ < 3)
      FAIL_CHECK("day " << geo::format_date(d) << " differs from the rules");
  }
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("a burn-up series counts, day by day, what the rules give for every Laoshan layer", "[geo][burnup][laoshan]") {
  geo::init_gdal();
  const auto project = geo::load_project(std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.project.json");
  REQUIRE(project.ok());
  size_t dated = 0;
  for (const geo::LayerConfig& config : project.value().layers) {
    geo::ReadOutcome read = geo::read_vector({config.source, config.layer});
    if (read.layers.empty()) continue;
    const geo::Classification classes = geo::classify(read.layers[0], config);
    const geo::Timeline t = geo::build_timeline(read.layers[0], classes.status);
    if (!t.has_dates) continue;
    ++dated;
    INFO(config.title);
    const geo::BurnUp b = geo::burn_up(t, {}, t.min_day - 20, t.max_day + 20);
    REQUIRE(b.days() == static_cast<size_t>(t.max_day - t.min_day + 41));
    require_matches_rules(t, {}, b);
    // By the end everything due is counted, and nothing is finished before it starts.
    CHECK(b.completed.back() <= b.features);
    CHECK(b.planned.front() <= b.planned.back());
  }
  CHECK(dated >= 3);
}

TEST_CASE("a burn-up series of part of a layer, over any range", "[geo][burnup]") {
  geo::Timeline t;
  const size_t n = 3000;
  std::mt19937 rng(5);
  const geo::Day base = geo::days_from_civil(2023, 1, 1);
  for (size_t f = 0; f < n; ++f) {
    t.recorded.push_back(static_cast<geo::Status>(rng() % geo::kStatusCount));
    t.relocation.push_back(rng() % 5 == 0);
    geo::FeatureDates d;
    if (rng() % 6) d.planned_start = base + static_cast<geo::Day>(rng() % 300);
    if (rng() % 4) d.planned_finish = base + static_cast<geo::Day>(100 + rng() % 400);
    if (rng() % 3 == 0) d.actual_start = base + static_cast<geo::Day>(rng() % 300);
    if (rng() % 4 == 0) d.actual_finish = base + static_cast<geo::Day>(150 + rng() % 400);
    t.dates.push_back(d);
  }
  t.has_dates = true;
  std::vector<uint32_t> part;
  for (uint32_t f = 0; f < n; f += 3) part.push_back(f);
  part.push_back(static_cast<uint32_t>(n + 10));  // not a feature: ignored
  // A range that starts inside the work and ends after it, given backwards.
  const geo::BurnUp b = geo::burn_up(t, part, base + 600, base + 120);
  CHECK(b.first == base + 120);
  CHECK(b.last == base + 600);
  part.pop_back();
  require_matches_rules(t, part, b);
  require_matches_rules(t, {}, geo::burn_up(t, {}, base - 5, base + 700));
}

TEST_CASE("days behind plan: the days since the plan first went beyond what is finished", "[geo][burnup]") {
  geo::Timeline t;
  const geo::Day jan10 = geo::days_from_civil(2023, 1, 10), feb1 = geo::days_from_civil(2023, 2, 1);
  for (int i = 0; i < 2; ++i) {
    t.recorded.push_back(geo::Status::Planned);
    t.relocation.push_back(0);
    geo::FeatureDates d;
    d.planned_start = jan10 - 60;
    d.planned_finish = i == 0 ? jan10 : feb1;
    t.dates.push_back(d);
  }
  t.dates[0].actual_finish = jan10 + 12;  // the first finishes 12 days late
  t.has_dates = true;
  const geo::BurnUp b = geo::burn_up(t, {}, jan10 - 30, feb1 + 30);
  CHECK(geo::days_behind(b, jan10 - 1) == 0);
  CHECK(geo::days_behind(b, jan10) == 0);       // due today: on time
  CHECK(geo::days_behind(b, jan10 + 5) == 5);   // due on the 10th, unfinished on the 15th
  CHECK(geo::days_behind(b, jan10 + 12) == 0);  // finished: one due, one done
  CHECK(geo::days_behind(b, feb1 + 3) == 3);    // the second is 3 days overdue
  CHECK(geo::days_behind(b, feb1 + 100) == 0);  // outside the series
  const size_t i = static_cast<size_t>(jan10 + 5 - b.first);
  CHECK(b.by_status[i][static_cast<size_t>(geo::Status::Delayed)] == 1);
  CHECK(b.planned[i] == 1);
  CHECK(b.completed[i] == 0);
}

TEST_CASE("a burn-up is trimmed to where things happen, a month either side, keeping the days asked for",
          "[geo][burnup]") {
  // Three features finishing in March to May 2023, in a series from 2020 to 2027.
  geo::Timeline t;
  t.has_dates = true;
  for (const char* finish : {"2023-03-10", "2023-04-10", "2023-05-10"}) {
    geo::FeatureDates d;
    d.planned_start = *geo::parse_date("2023-01-05");
    d.planned_finish = d.actual_finish = *geo::parse_date(finish);
    t.dates.push_back(d);
    t.recorded.push_back(geo::Status::Planned);
    t.relocation.push_back(0);
  }
  const geo::Day first = *geo::parse_date("2020-01-01"), last = *geo::parse_date("2027-12-31");
  const geo::BurnUp full = geo::burn_up(t, {}, first, last);
  const geo::BurnUp cut = geo::trimmed(full, geo::kNoDay, geo::kNoDay);
  CHECK(cut.first == *geo::parse_date("2023-01-05") - 30);
  CHECK(cut.last == *geo::parse_date("2023-05-10") + 30);
  CHECK(cut.features == 3);
  for (geo::Day d = cut.first; d <= cut.last; ++d) {
    REQUIRE(cut.completed[static_cast<size_t>(d - cut.first)] == full.completed[static_cast<size_t>(d - full.first)]);
    REQUIRE(cut.by_status[static_cast<size_t>(d - cut.first)] == full.by_status[static_cast<size_t>(d - full.first)]);
  }
  // A day to keep widens it, never past the series.
  const geo::Day data_date = *geo::parse_date("2023-10-31");
  CHECK(geo::trimmed(full, data_date, geo::kNoDay).last == data_date);
  CHECK(geo::trimmed(full, *geo::parse_date("2019-06-01"), geo::kNoDay).first == first);
  // Nothing happens: nothing is cut.
  const geo::BurnUp empty = geo::burn_up(geo::Timeline{}, {}, first, last);
  CHECK(geo::trimmed(empty, geo::kNoDay, geo::kNoDay).days() == empty.days());
}

TEST_CASE("a weighted burn-up counts each feature as that many, as a server's grouped rows are", "[geo][burnup]") {
  geo::init_gdal();
  const auto project = geo::load_project(std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.project.json");
  REQUIRE(project.ok());
  std::mt19937 rng(7);
  size_t dated = 0;
  for (const geo::LayerConfig& config : project.value().layers) {
    geo::ReadOutcome read = geo::read_vector({config.source, config.layer});
    if (read.layers.empty()) continue;
    const geo::Timeline t = geo::build_timeline(read.layers[0], geo::classify(read.layers[0], config).status);
    if (!t.has_dates) continue;
    ++dated;
    INFO(config.title);
    // Feature f weighs 0 to 4: the same as listing it that many times.
    std::vector<uint64_t> weights(t.size());
    std::vector<uint32_t> repeated;
    for (size_t f = 0; f < t.size(); ++f) {
      weights[f] = rng() % 5;
      for (uint64_t k = 0; k < weights[f]; ++k) repeated.push_back(static_cast<uint32_t>(f));
    }
    if (repeated.empty()) continue;
    const geo::BurnUp b = geo::burn_up(t, {}, t.min_day - 20, t.max_day + 20, &weights);
    require_matches_rules(t, repeated, b);
  }
  CHECK(dated >= 3);
}
