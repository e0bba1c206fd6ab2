// Construction status vocabulary: what the map colours by.
// Pure functions, no GDAL. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace geo {

// One byte per feature on the CPU and on the GPU (status texture). Values are
// stable: they index the palette in shaders and are stored in project files by name.
enum class Status : uint8_t {
  Unknown = 0,
  Planned = 1,
  Relocation = 2,
  UnderConstruction = 3,
  Completed = 4,
  Delayed = 5,
};
inline constexpr int kStatusCount = 6;
// The order legends, counts and bars list statuses in: planned … delayed, unknown last.
inline constexpr int kLegendOrder[kStatusCount] = {1, 2, 3, 4, 5, 0};

// Stable English code: "unknown", "planned", "relocation", "under_construction",
// "completed", "delayed".
std::string_view status_code(Status s);
// Bilingual label for legends: "在建 Under construction".
std::string_view status_label(Status s);
// Parses a code produced by status_code(); nullopt for anything else.
std::optional<Status> status_from_code(std::string_view code);

// Maps a free-text value from real data (Chinese or English, any case, surrounding
// spaces and punctuation ignored) onto the vocabulary: 规划/未开工/planned,
// 签约/征收/拆迁/relocation, 在建/施工/开工/under construction, 竣工/完工/交付/completed,
// 滞后/落后时间节点/delayed … Unrecognised text gives Unknown.
Status status_from_text(std::string_view value);

// Picks the status field from a layer's field names: the first that matches a
// common name ("status", "状态", "stage", "阶段", "进度", "state", "phase" …),
// compared case-insensitively. -1 when none does.
int detect_status_field(const std::vector<std::string>& field_names);
// Same for the feature name: "name", "名称", "name_zh", "title", "项目名称" …
int detect_name_field(const std::vector<std::string>& field_names);

// Counts per status, indexed by Status.
using StatusCounts = std::array<uint32_t, kStatusCount>;

}  // namespace geo
