// The per-area progress report as data: for the programme and for each area (a
// polygon of the area layer), the counts per status on the report's date, the burn-up
// series, how far the actual lags the plan, and the projects with their dates, latest
// first. Built from the same statuses the map shows (geo/timeline.hpp's rules) and
// drawn by cli/report_pdf.cpp; no window, no cairo.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/model/model.hpp"
#include "geo/burnup.hpp"

namespace app {

struct ReportProject {
  std::string layer;  // the layer's title
  std::string name;   // its name field, else "#fid"
  geo::Status status = geo::Status::Unknown;  // on the report's date
  geo::FeatureDates dates;
  int days_late = 0;  // finished: actual past planned finish; unfinished: the day past it
  // Counted in its section's counts (a streamed table's rows are listed in the
  // programme, but counted there from the server's counts of the whole table).
  bool counted = true;
};

struct ReportSection {
  std::string name;        // the area's name (its name field, else "Area N")
  size_t area = 0;         // its feature in the area layer
  geo::Bbox extent;        // display CRS
  geo::StatusCounts counts{};
  size_t total = 0;
  geo::BurnUp burn_up;
  int days_behind = 0;     // geo::days_behind on the report's date
  std::vector<ReportProject> projects;  // most days late first, then by layer and name
};

struct Report {
  std::string title, notice;
  // Streamed tables (the titles): their programme counts and burn-up are the server's
  // for the whole table; their areas', the rows over the areas, fetched whole first.
  std::vector<std::string> server_counted;
  std::string area_layer;  // its title
  geo::Day day = geo::kNoDay;         // the statuses' date (the data's own when none was set)
  geo::Day data_as_of = geo::kNoDay;
  bool projected = false;             // day is past the data's date
  ReportSection programme;            // every status layer, every area
  std::vector<ReportSection> areas;
  size_t outside = 0;                 // projects in no area
};

// A layer by title, then by a part of the title, then by its source layer name.
std::optional<size_t> find_layer(const Model& m, const std::string& name);

// The report over `area_layer`'s polygons, on the model's shown date (its statuses,
// its filters).
Report build_report(const Model& m, size_t area_layer);

}  // namespace app
