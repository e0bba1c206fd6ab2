#include "geo/burnup.hpp"

#include <algorithm>
#include <array>

namespace geo {

BurnUp burn_up(const Timeline& t, const std::vector<uint32_t>& features, Day first, Day last,
               const std::vector<uint64_t>* weights) {
  BurnUp b;
  if (first == kNoDay || last == kNoDay) return b;
  if (last < first) std::swap(first, last);
  constexpr int64_t kMaxDays = 10000;
  if (static_cast<int64_t>(last) - first >= kMaxDays) last = static_cast<Day>(first + kMaxDays - 1);
  b.first = first;
  b.last = last;
  const size_t days = static_cast<size_t>(static_cast<int64_t>(last) - first + 1);
  // Changes per day, summed afterwards: status counts, due and finished.
  std::vector<std::array<int64_t, kStatusCount>> change(days + 1, std::array<int64_t, kStatusCount>{});
  std::vector<int64_t> due(days + 1, 0), done(days + 1, 0);
  auto slot = [&](Day d) { return static_cast<size_t>(static_cast<int64_t>(d) - first); };
  auto each = [&](auto&& visit) {
    if (features.empty()) {
      for (size_t f = 0; f < t.size(); ++f) visit(f);
    } else {
      for (uint32_t f : features)
        if (f < t.size()) visit(f);
    }
  };
  each([&](size_t f) {
    const auto w = static_cast<int64_t>(weights && f < weights->size() ? (*weights)[f] : 1);
    b.features += static_cast<size_t>(w);
    const FeatureDates& d = t.dates[f];
    Status now = status_on(t, f, first);
    change[0][static_cast<size_t>(now)] += w;
    // The only days the rules can change the status on, in order.
    const Day start = d.actual_start != kNoDay ? d.actual_start : d.planned_start;
    std::array<Day, 3> turns = {start, d.planned_finish == kNoDay ? kNoDay : d.planned_finish + 1, d.actual_finish};
    std::sort(turns.begin(), turns.end());
    for (Day day : turns) {
      if (day == kNoDay || day <= first || day > last) continue;
      const Status next = status_on(t, f, day);
      if (next == now) continue;
      change[slot(day)][static_cast<size_t>(now)] -= w;
      change[slot(day)][static_cast<size_t>(next)] += w;
      now = next;
    }
    if (d.planned_finish != kNoDay && d.planned_finish <= last) due[d.planned_finish <= first ? 0 : slot(d.planned_finish)] += w;
    if (d.actual_finish != kNoDay && d.actual_finish <= last) done[d.actual_finish <= first ? 0 : slot(d.actual_finish)] += w;
  });
  b.by_status.resize(days);
  b.planned.resize(days);
  b.completed.resize(days);
  std::array<int64_t, kStatusCount> running{};
  int64_t running_due = 0, running_done = 0;
  for (size_t i = 0; i < days; ++i) {
    for (size_t s = 0; s < running.size(); ++s) {
      running[s] += change[i][s];
      b.by_status[i][s] = static_cast<uint32_t>(std::max<int64_t>(0, running[s]));
    }
    running_due += due[i];
    running_done += done[i];
    b.planned[i] = static_cast<uint32_t>(running_due);
    b.completed[i] = static_cast<uint32_t>(running_done);
  }
  return b;
}

int days_behind(const BurnUp& b, Day d) {
  if (!b.covers(d) || b.planned.empty()) return 0;
  const size_t i = static_cast<size_t>(static_cast<int64_t>(d) - b.first);
  const uint32_t finished = b.completed[i];
  if (finished >= b.planned[i]) return 0;
  // The first day the plan went beyond what is finished on d (planned never falls).
  const size_t p = static_cast<size_t>(
      std::upper_bound(b.planned.begin(), b.planned.begin() + static_cast<long>(i) + 1, finished) - b.planned.begin());
  return static_cast<int>(i - p);
}

void accumulate(BurnUp& into, const BurnUp& b) {
  if (into.days() == 0) {
    into = b;
    return;
  }
  into.features += b.features;
  for (size_t d = 0; d < into.days() && d < b.days(); ++d) {
    for (int s = 0; s < kStatusCount; ++s) into.by_status[d][s] += b.by_status[d][s];
    into.planned[d] += b.planned[d];
    into.completed[d] += b.completed[d];
  }
}

BurnUp trimmed(const BurnUp& b, Day keep_a, Day keep_b) {
  if (b.days() < 2) return b;
  auto same = [&](size_t i, size_t j) {
    return b.by_status[i] == b.by_status[j] && b.planned[i] == b.planned[j] && b.completed[i] == b.completed[j];
  };
  size_t lo = 0, hi = b.days() - 1;
  while (lo + 1 < b.days() && same(lo + 1, 0)) ++lo;   // the first change is on lo + 1
  while (hi > 0 && same(hi - 1, b.days() - 1)) --hi;   // the last change is on hi
  if (lo >= hi) return b;                              // nothing changes: keep it all
  Day first = b.first + static_cast<Day>(lo + 1) - 30, last = b.first + static_cast<Day>(hi) + 30;
  for (Day keep : {keep_a, keep_b})
    if (keep != kNoDay) first = std::min(first, keep), last = std::max(last, keep);
  first = std::max(first, b.first);
  last = std::min(last, b.last);
  if (first == b.first && last == b.last) return b;
  BurnUp out;
  out.first = first;
  out.last = last;
  out.features = b.features;
  const auto from = static_cast<long>(first - b.first), to = static_cast<long>(last - b.first) + 1;
  out.by_status.assign(b.by_status.begin() + from, b.by_status.begin() + to);
  out.planned.assign(b.planned.begin() + from, b.planned.begin() + to);
  out.completed.assign(b.completed.begin() + from, b.completed.begin() + to);
  return out;
}

}  // namespace geo
