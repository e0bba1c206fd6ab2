#include "geo/timeline.hpp"

#include <algorithm>
#include <thread>
#include <cstdio>

namespace geo {

namespace {

constexpr const char* kPlannedStartNames[] = {"planned_start", "plan_start", "start_planned",
                                              "计划开工", "计划开工日期", "计划开工时间"};
constexpr const char* kPlannedFinishNames[] = {
    "planned_finish", "plan_finish", "planned_end", "plan_end", "finish_planned",
    "计划竣工",       "计划竣工日期", "计划完工",    "计划完工日期"};
constexpr const char* kActualStartNames[] = {"actual_start", "start_actual", "实际开工",
                                             "实际开工日期", "实际开工时间"};
constexpr const char* kActualFinishNames[] = {"actual_finish", "actual_end", "finish_actual",
                                              "实际竣工",      "实际竣工日期", "实际完工",
                                              "实际完工日期"};
constexpr const char* kRelocationMarkers[] = {"relocation_batch", "relocation_phase", "拆迁批次",
                                              "征收批次", "搬迁批次"};

template <size_t N>
int find_first(const AttributeTable& table, const char* const (&names)[N]) {
  for (const char* name : names) {
    const int col = table.find(name);
    if (col >= 0) return col;
  }
  return -1;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads exactly `n` digits at s[pos]; advances pos.
bool read_fixed(std::string_view s, size_t& pos, int n, int& value) {
  if (pos + n > s.size()) return false;
  value = 0;
  for (int i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
  }
  pos += n;
  return true;
}

// Reads one or two digits at s[pos]; advances pos.
bool read_short(std::string_view s, size_t& pos, int& value) {
  if (pos >= s.size() || !is_digit(s[pos])) return false;
  value = s[pos++] - '0';
  if (pos < s.size() && is_digit(s[pos])) value = value * 10 + (s[pos++] - '0');
  return true;
}

bool eat(std::string_view s, size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

// What may follow the date: nothing, or 'T'/space and a time starting with a digit.
bool valid_tail(std::string_view s, size_t pos) {
  if (pos == s.size()) return true;
  if (s[pos] != 'T' && s[pos] != ' ') return false;
  return pos + 1 < s.size() && is_digit(s[pos + 1]);
}

// The rules of the header, on plain values so that statuses_on() stays a tight loop.
// Branch-free (masks instead of early returns): branches would follow the data and
// mispredict on a layer of mixed progress, costing several times the loop itself.
inline Status derive(const FeatureDates& t, Status recorded, bool relocation, Day d) {
  const bool has_finish = t.actual_finish != kNoDay;
  const bool has_due = t.planned_finish != kNoDay;
  const Day start = t.actual_start != kNoDay ? t.actual_start : t.planned_start;
  const bool has_start = start != kNoDay;
  // 0xff where the condition holds, 0 elsewhere.
  const auto done = static_cast<uint8_t>(-static_cast<int>(has_finish & (d >= t.actual_finish)));
  const auto late = static_cast<uint8_t>(-static_cast<int>(has_due & (d > t.planned_finish)));
  const auto started = static_cast<uint8_t>(-static_cast<int>(has_start & (d >= start)));
  const auto dated = static_cast<uint8_t>(-static_cast<int>(has_finish | has_due | has_start));

  const auto planned = static_cast<uint8_t>(Status::Planned);
  const auto working = static_cast<uint8_t>(static_cast<uint8_t>(Status::UnderConstruction) -
                                            static_cast<uint8_t>(relocation));  // 3 or 2
  static_assert(static_cast<int>(Status::UnderConstruction) - 1 ==
                static_cast<int>(Status::Relocation));
  uint8_t s = (planned & dated) | (static_cast<uint8_t>(recorded) & ~dated);
  s = (working & started) | (s & ~started);
  s = (static_cast<uint8_t>(Status::Delayed) & late) | (s & ~late);
  s = (static_cast<uint8_t>(Status::Completed) & done) | (s & ~done);
  return static_cast<Status>(s);
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

Day days_from_civil(int year, int month, int day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;                                      // [0, 399]
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;  // [0, 365]
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;             // [0, 146096]
  return static_cast<Day>(era * 146097 + doe - 719468);
}

CivilDate civil_from_days(Day d) {
  const int64_t z = static_cast<int64_t>(d) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;                                        // [0, 146096]
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const int64_t mp = (5 * doy + 2) / 153;                                      // [0, 11]
  CivilDate c;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = static_cast<int>(yoe + era * 400 + (c.month <= 2 ? 1 : 0));
  return c;
}

std::optional<Day> parse_date(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);

  size_t pos = 0;
  int year = 0, month = 0, day = 0;
  if (!read_fixed(s, pos, 4, year)) return std::nullopt;
  if (pos < s.size() && is_digit(s[pos])) {
    // YYYYMMDD
    if (!read_fixed(s, pos, 2, month) || !read_fixed(s, pos, 2, day)) return std::nullopt;
  } else if (eat(s, pos, "年")) {
    if (!read_short(s, pos, month) || !eat(s, pos, "月") || !read_short(s, pos, day))
      return std::nullopt;
    eat(s, pos, "日");
  } else {
    if (pos >= s.size()) return std::nullopt;
    const char sep = s[pos];
    if (sep != '-' && sep != '/' && sep != '.') return std::nullopt;
    ++pos;
    if (!read_short(s, pos, month) || pos >= s.size() || s[pos] != sep) return std::nullopt;
    ++pos;
    if (!read_short(s, pos, day)) return std::nullopt;
  }
  if (!valid_tail(s, pos)) return std::nullopt;
  if (year < 1 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return days_from_civil(year, month, day);
}

std::string format_date(Day d) {
  if (d == kNoDay) return {};
  const CivilDate c = civil_from_days(d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
  return buf;
}

DateColumns detect_date_columns(const AttributeTable& table) {
  DateColumns c;
  c.planned_start = find_first(table, kPlannedStartNames);
  c.planned_finish = find_first(table, kPlannedFinishNames);
  c.actual_start = find_first(table, kActualStartNames);
  c.actual_finish = find_first(table, kActualFinishNames);
  return c;
}

bool has_relocation_marker(const AttributeTable& table) {
  return find_first(table, kRelocationMarkers) >= 0;
}

Timeline build_timeline(const VectorLayer& layer, const std::vector<Status>& recorded,
                        DatedWork work) {
  Timeline t;
  const size_t n = layer.feature_count();
  const AttributeTable& table = layer.attributes;
  t.columns = detect_date_columns(table);
  t.relocation_layer = work == DatedWork::Relocation ||
                       (work == DatedWork::Auto && has_relocation_marker(table));

  t.recorded.assign(n, Status::Unknown);
  std::copy_n(recorded.begin(), std::min(n, recorded.size()), t.recorded.begin());
  t.dates.assign(n, FeatureDates{});
  t.relocation.assign(n, 0);

  Day lo = std::numeric_limits<Day>::max(), hi = std::numeric_limits<Day>::min();
  auto read = [&](size_t row, int col) -> Day {
    if (col < 0 || table.is_null(row, static_cast<size_t>(col))) return kNoDay;
    const std::string_view text = table.get(row, static_cast<size_t>(col));
    const std::optional<Day> d = parse_date(text);
    if (!d) {
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) ++t.unparsed;
      return kNoDay;
    }
    lo = std::min(lo, *d);
    hi = std::max(hi, *d);
    return *d;
  };
  for (size_t f = 0; f < n; ++f) {
    FeatureDates& d = t.dates[f];
    d.planned_start = read(f, t.columns.planned_start);
    d.planned_finish = read(f, t.columns.planned_finish);
    d.actual_start = read(f, t.columns.actual_start);
    d.actual_finish = read(f, t.columns.actual_finish);
    t.relocation[f] = t.relocation_layer || t.recorded[f] == Status::Relocation;
  }
  t.has_dates = lo <= hi;
  if (t.has_dates) {
    t.min_day = lo;
    t.max_day = hi;
  }
  return t;
}

Status status_on(const Timeline& t, size_t f, Day d) {
  return derive(t.dates[f], t.recorded[f], t.relocation[f] != 0, d);
}

int days_late(const Timeline& t, size_t f, Day d) {
  const Day due = t.dates[f].planned_finish;
  if (due == kNoDay || status_on(t, f, d) != Status::Delayed) return 0;
  return static_cast<int>(static_cast<int64_t>(d) - due);
}

void statuses_on(const Timeline& t, Day d, std::vector<Status>& out) {
  out.resize(t.size());
  statuses_on(t, d, out, 0, t.size());
}

void statuses_on(const Timeline& t, Day d, std::vector<Status>& out, size_t begin, size_t end) {
  end = std::min({end, t.size(), out.size()});
  const FeatureDates* dates = t.dates.data();
  const Status* recorded = t.recorded.data();
  const uint8_t* relocation = t.relocation.data();
  Status* o = out.data();
  for (size_t f = begin; f < end; ++f) o[f] = derive(dates[f], recorded[f], relocation[f] != 0, d);
}

StatusCounts statuses_and_counts(const Timeline& t, Day d, std::vector<Status>& out,
                                 const std::vector<uint8_t>& pass) {
  const size_t n = t.size();
  out.resize(n);
  constexpr size_t kPerThread = 250000;
  const size_t threads = std::min<size_t>(
      {std::max(1u, std::thread::hardware_concurrency()), 16, std::max<size_t>(1, n / kPerThread)});
  std::vector<StatusCounts> partial(threads, StatusCounts{});
  auto work = [&](size_t k) {
    const size_t begin = n * k / threads, end = n * (k + 1) / threads;
    statuses_on(t, d, out, begin, end);
    StatusCounts& c = partial[k];
    const bool all = pass.empty();
    for (size_t f = begin; f < end; ++f)
      if (all || (f < pass.size() && pass[f])) ++c[static_cast<size_t>(out[f])];
  };
  std::vector<std::thread> helpers;
  for (size_t k = 1; k < threads; ++k) helpers.emplace_back(work, k);
  work(0);
  for (std::thread& h : helpers) h.join();
  StatusCounts counts{};
  for (const StatusCounts& c : partial)
    for (size_t i = 0; i < c.size(); ++i) counts[i] += c[i];
  return counts;
}

StatusCounts count_statuses(const std::vector<Status>& statuses) {
  StatusCounts counts{};
  for (Status s : statuses) {
    const auto i = static_cast<size_t>(s);
    if (i < counts.size()) ++counts[i];
  }
  return counts;
}

StatusCounts count_statuses(const std::vector<Status>& statuses, const std::vector<uint8_t>& pass) {
  if (pass.empty()) return count_statuses(statuses);
  StatusCounts counts{};
  for (size_t f = 0; f < statuses.size() && f < pass.size(); ++f) {
    const auto i = static_cast<size_t>(statuses[f]);
    if (pass[f] && i < counts.size()) ++counts[i];
  }
  return counts;
}

}  // namespace geo
