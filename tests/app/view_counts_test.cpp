// The statistics panel's "in view" counts (model/visibility.hpp): which features a
// view counts, when a streamed table's are exact, and when they are counted again.
// (Against the server's own GROUP BY over a slide's view: tests/pg/pg_app_test.cpp.)
#include <catch2/catch.hpp>

#include "app/model/visibility.hpp"

namespace {

// Four 10 m squares along x at 0, 20, 40 and 60 m; statuses as given.
app::MapLayer squares(std::vector<geo::Status> status) {
  app::MapLayer l;
  geo::VectorLayer& d = l.data;
  for (int k = 0; k < 4; ++k) {
    const double x = 20.0 * k;
    d.xy.insert(d.xy.end(), {x, 0, x + 10, 0, x + 10, 10, x, 10, x, 0});
    d.ring_offsets.push_back(static_cast<uint32_t>(d.vertex_count()));
    d.part_offsets.push_back(static_cast<uint32_t>(d.ring_offsets.size() - 1));
    d.part_kinds.push_back(geo::PartKind::Polygon);
    d.feature_offsets.push_back(static_cast<uint32_t>(d.part_count()));
    d.fids.push_back(k + 1);
    d.bounds.add(x, 0), d.bounds.add(x + 10, 10);
  }
  l.classes.status_field = 0;  // has_status()
  l.status = std::move(status);
  l.counts = geo::count_statuses(l.status, l.filter_pass);
  return l;
}

constexpr size_t kDone = static_cast<size_t>(geo::Status::Completed);
constexpr size_t kBuilding = static_cast<size_t>(geo::Status::UnderConstruction);

}  // namespace

TEST_CASE("in view counts the features whose box meets the view, edges included, of those the filter passes",
          "[app][statistics]") {
  using S = geo::Status;
  app::MapLayer l = squares({S::Completed, S::UnderConstruction, S::Completed, S::Planned});
  // x from 5 to 40: the first square in part, the second whole, the third by its edge.
  const geo::Bbox view{5, -5, 40, 5};
  geo::StatusCounts c = app::counts_in_view(l, view);
  CHECK(c[kDone] == 2);
  CHECK(c[kBuilding] == 1);
  CHECK(c[static_cast<size_t>(S::Planned)] == 0);
  // The filter lets the third square out.
  l.filter_pass = {1, 1, 0, 1};
  c = app::counts_in_view(l, view);
  CHECK(c[kDone] == 1);
  CHECK(c[kBuilding] == 1);
  // A view meeting nothing; no view.
  CHECK(app::counts_in_view(l, geo::Bbox{100, 100, 200, 200}) == geo::StatusCounts{});
  CHECK(app::counts_in_view(l, geo::Bbox{}) == geo::StatusCounts{});
}

TEST_CASE("a streamed table's view counts are whole only inside a box fetched whole", "[app][statistics]") {
  using S = geo::Status;
  app::MapLayer l = squares({S::Completed, S::Completed, S::Completed, S::Completed});
  const geo::Bbox view{0, 0, 30, 10};
  CHECK(app::rows_whole_in(l, view));  // a file: every row is held
  l.streamed = true;
  CHECK_FALSE(app::rows_whole_in(l, view));  // nothing fetched yet
  l.covered.push_back(geo::Bbox{-10, -10, 25, 20});
  CHECK_FALSE(app::rows_whole_in(l, view));  // fetched, but not all of the view
  l.coarse.emplace_back(geo::Bbox{-10, -10, 100, 20}, 5.0);
  CHECK(app::rows_whole_in(l, view));  // rows as their boxes count the same
  l.limited = true;
  CHECK_FALSE(app::rows_whole_in(l, view));  // a sample, or cut at the row limit
}

TEST_CASE("the view counts are counted again when the view, the date's statuses or the rows change, not every frame",
          "[app][statistics]") {
  using S = geo::Status;
  std::vector<app::MapLayer> layers;
  layers.push_back(squares({S::Completed, S::UnderConstruction, S::Completed, S::Planned}));
  app::MapLayer& l = layers[0];
  const geo::Bbox view{0, 0, 30, 10};
  app::update_view_counts(layers, false, view);  // not asked: nothing counted
  CHECK(l.view_counts == geo::StatusCounts{});
  app::update_view_counts(layers, true, view);
  CHECK(l.view_counts[kDone] == 1);
  CHECK(l.view_counts[kBuilding] == 1);
  CHECK(l.view_counts_whole);
  // Same view, same counts: kept (a status changed behind its back stays uncounted).
  l.status[1] = S::Completed;
  app::update_view_counts(layers, true, view);
  CHECK(l.view_counts[kDone] == 1);
  // The layer's counts change (a new date, a filter, new rows): counted again.
  l.counts = geo::count_statuses(l.status, l.filter_pass);
  app::update_view_counts(layers, true, view);
  CHECK(l.view_counts[kDone] == 2);
  // The view moves: counted for the new one.
  app::update_view_counts(layers, true, geo::Bbox{35, 0, 70, 10});
  CHECK(l.view_counts[kDone] == 1);
  CHECK(l.view_counts[static_cast<size_t>(S::Planned)] == 1);
  // A hidden layer is not counted.
  l.visible = false;
  app::update_view_counts(layers, true, view);
  CHECK(l.view_counts[static_cast<size_t>(S::Planned)] == 1);
}
