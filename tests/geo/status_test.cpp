#include <catch2/catch.hpp>

#include "geo/status.hpp"

using geo::Status;

TEST_CASE("status vocabulary maps Chinese and English terms", "[geo][status]") {
  const std::pair<const char*, Status> cases[] = {
      {"规划", Status::Planned},
      {"未开工", Status::Planned},
      {"计划", Status::Planned},
      {"planned", Status::Planned},
      {"  Planned ", Status::Planned},
      {"NOT STARTED", Status::Planned},
      {"待开工", Status::Planned},
      {"计划开工", Status::Planned},
      {"拟开工", Status::Planned},
      {"未动工", Status::Planned},
      {"拟建", Status::Planned},
      {"not yet started", Status::Planned},
      {"not started", Status::Planned},
      {"Pending", Status::Planned},
      {"to be started", Status::Planned},
      {"签约", Status::Relocation},
      {"征收", Status::Relocation},
      {"拆迁", Status::Relocation},
      {"征收拆迁", Status::Relocation},
      {"relocation", Status::Relocation},
      {"搬迁", Status::Relocation},
      {"demolition", Status::Relocation},
      {"在建", Status::UnderConstruction},
      {"施工", Status::UnderConstruction},
      {"施工中", Status::UnderConstruction},
      {"开工", Status::UnderConstruction},
      {"已开工", Status::UnderConstruction},
      {"in progress", Status::UnderConstruction},
      {"UNDER CONSTRUCTION", Status::UnderConstruction},
      {"Under construction", Status::UnderConstruction},
      {"under_construction", Status::UnderConstruction},
      {"under-construction", Status::UnderConstruction},
      {"竣工", Status::Completed},
      {"已竣工", Status::Completed},
      {"完工", Status::Completed},
      {"交付", Status::Completed},
      {"COMPLETED", Status::Completed},
      {"Completed", Status::Completed},
      {"建成", Status::Completed},
      {"done", Status::Completed},
      {"滞后", Status::Delayed},
      {"落后时间节点", Status::Delayed},
      {"施工滞后", Status::Delayed},
      {"逾期", Status::Delayed},
      {"delayed", Status::Delayed},
      {"Behind schedule", Status::Delayed},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    CHECK(geo::status_from_text(text) == expected);
  }
}

TEST_CASE("unrecognised or empty status text is unknown", "[geo][status]") {
  CHECK(geo::status_from_text("") == Status::Unknown);
  CHECK(geo::status_from_text("   ") == Status::Unknown);
  CHECK(geo::status_from_text("banana") == Status::Unknown);
  CHECK(geo::status_from_text("\xff\xfe") == Status::Unknown);  // not UTF-8
  CHECK(geo::status_from_text("plannedx") == Status::Unknown);  // no prefix matching in English
}

TEST_CASE("status codes round-trip", "[geo][status]") {
  for (int i = 0; i < geo::kStatusCount; ++i) {
    const auto s = static_cast<Status>(i);
    REQUIRE(geo::status_from_code(geo::status_code(s)) == s);
    CHECK(geo::status_from_text(geo::status_code(s)) == s);
  }
  CHECK_FALSE(geo::status_from_code("nonsense").has_value());
}

TEST_CASE("status and name fields are detected from common names", "[geo][status]") {
  CHECK(geo::detect_status_field({"id", "name", "status"}) == 2);
  CHECK(geo::detect_status_field({"id", "名称", "状态"}) == 2);
  CHECK(geo::detect_status_field({"id", "STAGE"}) == 1);
  CHECK(geo::detect_status_field({"id", "阶段"}) == 1);
  CHECK(geo::detect_status_field({"进度", "other"}) == 0);
  CHECK(geo::detect_status_field({"project_status_2023"}) == 0);
  CHECK(geo::detect_status_field({"id", "area"}) == -1);
  // An exact name wins over a partial one wherever it stands.
  CHECK(geo::detect_status_field({"status_note", "status"}) == 1);
  CHECK(geo::detect_name_field({"id", "NAME"}) == 1);
  CHECK(geo::detect_name_field({"id", "名称"}) == 1);
  CHECK(geo::detect_name_field({"id", "area"}) == -1);
}
