#include "geo/status.hpp"

#include <algorithm>
#include <cctype>

namespace geo {
namespace {

struct Term {
  std::string_view text;
  Status status;
};

// Chinese terms matched as substrings, in this order: the not-yet-started forms
// ("未开工", "待开工", "计划开工", "拟开工") must win over "开工", and "滞后" over
// whatever stage it is attached to ("施工滞后" is behind schedule).
constexpr Term kChineseTerms[] = {
    {"滞后", Status::Delayed},       {"落后时间节点", Status::Delayed},
    {"落后", Status::Delayed},       {"逾期", Status::Delayed},
    {"延期", Status::Delayed},       {"未开工", Status::Planned},
    {"待开工", Status::Planned},     {"计划开工", Status::Planned},
    {"拟开工", Status::Planned},     {"未动工", Status::Planned},
    {"拟建", Status::Planned},
    {"未开始", Status::Planned},     {"竣工", Status::Completed},
    {"完工", Status::Completed},     {"交付", Status::Completed},
    {"建成", Status::Completed},     {"已完成", Status::Completed},
    {"签约", Status::Relocation},    {"征收", Status::Relocation},
    {"拆迁", Status::Relocation},    {"搬迁", Status::Relocation},
    {"拆除", Status::Relocation},    {"在建", Status::UnderConstruction},
    {"施工", Status::UnderConstruction}, {"开工", Status::UnderConstruction},
    {"建设中", Status::UnderConstruction}, {"规划", Status::Planned},
    {"计划", Status::Planned},       {"前期", Status::Planned},
    {"待建", Status::Planned},
};

// English words after normalisation (lower case, spaces and dashes as '_').
constexpr Term kEnglishTerms[] = {
    {"planned", Status::Planned},
    {"planning", Status::Planned},
    {"plan", Status::Planned},
    {"proposed", Status::Planned},
    {"not_started", Status::Planned},
    {"not_yet_started", Status::Planned},
    {"to_be_started", Status::Planned},
    {"pending", Status::Planned},
    {"relocation", Status::Relocation},
    {"relocating", Status::Relocation},
    {"signing", Status::Relocation},
    {"expropriation", Status::Relocation},
    {"demolition", Status::Relocation},
    {"under_construction", Status::UnderConstruction},
    {"construction", Status::UnderConstruction},
    {"in_construction", Status::UnderConstruction},
    {"in_progress", Status::UnderConstruction},
    {"ongoing", Status::UnderConstruction},
    {"started", Status::UnderConstruction},
    {"building", Status::UnderConstruction},
    {"completed", Status::Completed},
    {"complete", Status::Completed},
    {"done", Status::Completed},
    {"finished", Status::Completed},
    {"delivered", Status::Completed},
    {"delayed", Status::Delayed},
    {"behind_schedule", Status::Delayed},
    {"behind", Status::Delayed},
    {"late", Status::Delayed},
    {"overdue", Status::Delayed},
    {"unknown", Status::Unknown},
};

std::string normalise_ascii(std::string_view v) {
  std::string s;
  s.reserve(v.size());
  for (unsigned char c : v) {
    if (c >= 0x80) {
      s.push_back(static_cast<char>(c));
    } else if (std::isalnum(c)) {
      s.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == ' ' || c == '-' || c == '_' || c == '\t') {
      if (!s.empty() && s.back() != '_') s.push_back('_');
    }
    // other ASCII punctuation is dropped
  }
  while (!s.empty() && s.back() == '_') s.pop_back();
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

int detect_field(const std::vector<std::string>& names, std::initializer_list<std::string_view> wanted,
                 std::initializer_list<std::string_view> contained) {
  for (std::string_view w : wanted)
    for (size_t i = 0; i < names.size(); ++i)
      if (iequals(names[i], w)) return static_cast<int>(i);
  for (std::string_view w : contained)
    for (size_t i = 0; i < names.size(); ++i) {
      std::string lower = names[i];
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (lower.find(w) != std::string::npos) return static_cast<int>(i);
    }
  return -1;
}

}  // namespace

std::string_view status_code(Status s) {
  switch (s) {
    case Status::Planned: return "planned";
    case Status::Relocation: return "relocation";
    case Status::UnderConstruction: return "under_construction";
    case Status::Completed: return "completed";
    case Status::Delayed: return "delayed";
    case Status::Unknown: break;
  }
  return "unknown";
}

std::string_view status_label(Status s) {
  switch (s) {
    case Status::Planned: return "规划 Planned";
    case Status::Relocation: return "征收拆迁 Relocation";
    case Status::UnderConstruction: return "在建 Under construction";
    case Status::Completed: return "竣工 Completed";
    case Status::Delayed: return "滞后 Delayed";
    case Status::Unknown: break;
  }
  return "未知 Unknown";
}

std::optional<Status> status_from_code(std::string_view code) {
  for (int i = 0; i < kStatusCount; ++i)
    if (status_code(static_cast<Status>(i)) == code) return static_cast<Status>(i);
  return std::nullopt;
}

Status status_from_text(std::string_view value) {
  const std::string s = normalise_ascii(value);
  if (s.empty()) return Status::Unknown;
  for (const Term& t : kEnglishTerms)
    if (s == t.text) return t.status;
  for (const Term& t : kChineseTerms)
    if (s.find(t.text) != std::string::npos) return t.status;
  return Status::Unknown;
}

int detect_status_field(const std::vector<std::string>& field_names) {
  return detect_field(field_names,
                      {"status", "状态", "stage", "阶段", "进度", "state", "phase", "项目状态",
                       "建设状态", "施工状态", "进展", "status_code"},
                      {"status", "状态", "stage", "阶段", "进度"});
}

int detect_name_field(const std::vector<std::string>& field_names) {
  return detect_field(field_names,
                      {"name", "名称", "项目名称", "name_zh", "name_cn", "title", "label", "名字",
                       "name_en"},
                      {"name", "名称"});
}

}  // namespace geo
