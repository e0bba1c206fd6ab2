// A streamed PostGIS table as the viewer moves over it (the data services, as the
// window drives them): a pan's view first and its margin after, a margin let go, the
// view's geometry built, a pan's rows drawn before their merge, a first read's pieces
// drawn as they come, and a table opened while the viewer runs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "app/data/loader.hpp"
#include "app/data/services.hpp"
#include "geo/pg.hpp"
#include "support/datagen.hpp"
#include "support/pg.hpp"
#include "support/pg_viewer.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;
using testdata::stream_project;
using testdata::Viewer;
using testdata::west_end_project;

// SQL: a row meets one of the boxes `l` fetched whole.
std::string meets_covered(const app::MapLayer& l) {
  std::string any;
  for (const geo::Bbox& b : l.covered) any += (any.empty() ? "" : " OR ") + ("geom && " + geo::envelope_sql(4549, b));
  return any;
}

}  // namespace

TEST_CASE("a pan to an unseen area fetches the view's rows first, then its margin without them", "[pg][tiles][app]") {
  testdata::make_parcels("pg_margin", 80, 45);
  Viewer v(west_end_project(testdata::temp_dir("pg-margin"), "pg_margin"), 800, 450);
  app::Model& m = v.m;
  app::DataServices& data = v.data;
  REQUIRE(data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  REQUIRE(m.layers[0].streamed);
  auto envelope = [](const geo::Bbox& b) { return geo::envelope_sql(4549, b); };
  // The rows held are exactly those meeting a box fetched whole (none was let go).
  auto held_as_fetched = [&] {
    const app::MapLayer& l = m.layers[0];
    REQUIRE(l.coarse.empty());
    std::vector<int64_t> held = l.data.fids, expected;
    std::sort(held.begin(), held.end());
    std::istringstream in(
        sql("SELECT string_agg(fid::text, ' ' ORDER BY fid) FROM pg_margin WHERE " + meets_covered(l)));
    for (int64_t k; in >> k;) expected.push_back(k);
    CHECK(held.size() == expected.size());
    CHECK(held == expected);
  };
  held_as_fetched();
  // East, onto rows not held: 541400 to 542400. Its margin reaches back over rows of
  // the first view's margin (parcels from 541100 on).
  m.view.camera.set(541900, 3990281.25, 1.25);
  m.view.last_change = -1.0;
  const geo::Bbox view = m.view.camera.visible_extent();
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  const geo::Bbox due = m.layers[0].margin_due;
  REQUIRE_FALSE(due.empty());
  CHECK(due.contains(view));
  CHECK(due.width() < view.width() * 1.1);  // the view, not the view and its margin
  CHECK(m.layers[0].covered.size() == 2);
  held_as_fetched();
  const std::string margin = "geom && " + envelope(app::padded(due)) + " AND NOT geom && " + envelope(due);
  const size_t in_margin = std::stoul(sql("SELECT count(*) FROM pg_margin WHERE " + margin));
  CHECK(in_margin > 40);
  // A row inside the margin that the first view brought is deleted before the margin
  // comes.
  const int64_t deleted = 1 + 12 + 80 * 2;  // parcel (12, 2): 541200 to 541280
  REQUIRE(sql("SELECT count(*) FROM pg_margin WHERE fid = " + std::to_string(deleted) + " AND " + margin) == "1");
  REQUIRE(std::count(m.layers[0].data.fids.begin(), m.layers[0].data.fids.end(), deleted) == 1);
  sql("DELETE FROM pg_margin WHERE fid = " + std::to_string(deleted));
  // The view's rows are drawn: the margin comes next, without them.
  data.stream_by_view();
  CHECK_FALSE(data.idle());
  REQUIRE(data.finish_loading());
  CHECK(m.layers[0].margin_due.empty());
  std::string said;
  for (const app::Message& message : m.messages)
    if (message.text.find("fetched") != std::string::npos) said = message.text;
  INFO(said);
  CHECK(said.find("fetched " + std::to_string(in_margin - 1) + " features") != std::string::npos);
  CHECK(m.layers[0].covered.size() == 3);
  held_as_fetched();  // the view's rows stay (they did not come again), the deleted row went
  CHECK(std::count(m.layers[0].data.fids.begin(), m.layers[0].data.fids.end(), deleted) == 0);
  // Nothing more for this view.
  data.stream_by_view();
  CHECK(data.idle());
}

TEST_CASE("a margin still coming when the view moves on is let go by its own job, and the new view's rows come",
          "[pg][tiles][app]") {
  // One streamed table, or two tables of one source (one slot: a cancel of the slot's
  // every job let neither margin go, each seeing the other table still fetching).
  const bool two = GENERATE(false, true);
  INFO((two ? "two tables of one source" : "one table"));
  const std::string dir = testdata::temp_dir("pg-margin-left");
  std::string project;
  if (two) {
    testdata::make_parcels("pg_two_a", 80, 45);
    testdata::make_parcels("pg_two_b", 80, 45);
    std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [540000, 3990000, 541000, 3990562.5], "
                                   << "\"layers\": [{\"source\": \"" << pg_connection()
                                   << " tables=pg_two_a,pg_two_b\", \"stream\": true}]}\n";
    project = dir + "/p.json";
  } else {
    testdata::make_parcels("pg_margin_left", 80, 45);
    project = west_end_project(dir, "pg_margin_left");
  }
  Viewer v(project, 800, 450);
  app::Model& m = v.m;
  app::DataServices& data = v.data;
  REQUIRE(data.finish_loading());
  REQUIRE(m.layers.size() == (two ? 2 : 1));
  REQUIRE(m.layers.front().slot == m.layers.back().slot);
  auto go = [&](double cx, double cy) {
    m.view.camera.set(cx, cy, 1.25);
    m.view.last_change = -1.0;
  };
  // A view of its own, then its margins asked for, each table's fetch a job of its own...
  go(543500, 3991500);
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  data.stream_by_view();
  for (const app::MapLayer& l : m.layers) {
    REQUIRE(l.streamed);
    REQUIRE(l.reloading);
    REQUIRE_FALSE(l.margin_fetching.empty());
  }
  CHECK(m.layers.front().job != (two ? m.layers.back().job : 0));
  // ... and the person moves on, far from them, before they land: each is let go at once.
  go(547000, 3994000);
  data.stream_by_view();
  for (const app::MapLayer& l : m.layers) CHECK(l.margin_fetching.empty());
  REQUIRE(data.finish_loading());
  for (const app::MapLayer& l : m.layers) {
    INFO(l.data.name);
    CHECK_FALSE(l.reloading);
    CHECK_FALSE(l.stale());
    CHECK(l.reload_problem.empty());
  }
  for (const app::Message& message : m.messages) {
    INFO(message.text);
    CHECK(message.text.find("does not answer") == std::string::npos);
  }
  // The new view's rows come next, and each table holds exactly what the boxes it
  // fetched brought (a margin's box among them only if it landed before the cancel).
  data.stream_by_view();
  REQUIRE(data.finish_loading());
  const geo::Bbox view = m.view.camera.visible_extent();
  for (const app::MapLayer& l : m.layers) {
    INFO(l.data.name);
    CHECK(std::any_of(l.covered.begin(), l.covered.end(), [&](const geo::Bbox& b) { return b.contains(view); }));
    std::vector<int64_t> held = l.data.fids;
    std::sort(held.begin(), held.end());
    CHECK(held.size() == std::stoul(sql("SELECT count(*) FROM " + l.data.name + " WHERE " + meets_covered(l))));
    CHECK(std::adjacent_find(held.begin(), held.end()) == held.end());
  }
}

TEST_CASE("a pan's fetch hands the view's buckets over with their geometry, the rest left for later",
          "[pg][tiles][app]") {
  // 24,000 parcels of 80 m, 200 × 120: at full extent at 800 × 450 they are dense, and
  // come as boxes; the layer is meshed by buckets whose geometry waits until drawn.
  testdata::make_parcels("pg_view_geometry", 200, 120);
  const std::string project =
      stream_project(testdata::temp_dir("pg-view-geometry"), "pg_view_geometry", "540000, 3990000, 560000, 4002000");
  Viewer v(project, 800, 450, true);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  REQUIRE(m.layers[0].data.feature_count() == 24000);
  // Zoomed in on one place, 1.25 m a pixel: its rows come whole, and its parcels are
  // 64 pixels wide, drawn as geometry; so would be those elsewhere, were they shown.
  m.view.camera.set(549000, 3996000, 1.25);
  m.view.last_change = -1.0;
  const geo::Bbox view = m.view.camera.visible_extent();
  v.data.stream_by_view();
  REQUIRE(v.data.finish_loading());
  const app::MapLayer& l = m.layers[0];
  REQUIRE(l.data.feature_count() == 24000);
  REQUIRE(l.mesh);
  size_t in_view = 0, built_elsewhere = 0, left = 0, features = 0;
  for (const geo::MeshBucket& b : l.mesh->buckets) {
    REQUIRE(geo::needs_geometry(b, 1.25));
    if (b.bounds.intersects(view)) {
      ++in_view;
      CHECK(b.has_geometry);
      features += b.features.size();
      CHECK(b.fill_indices.size() == 6 * b.features.size());  // two triangles a parcel
    } else {
      (b.has_geometry ? built_elsewhere : left) += 1;
    }
  }
  CHECK(in_view > 0);
  CHECK(features >= 60);  // the view's 12 × 6 parcels at least
  CHECK(built_elsewhere == 0);
  CHECK(left > in_view);
}

TEST_CASE("a pan over many rows held shows the view's rows before their merge, which then replaces them",
          "[pg][tiles][app][preview]") {
  // 3600 parcels of 80 m; the opening view is the west end, 1.25 m a pixel.
  testdata::make_parcels("pg_pan_preview", 80, 45);
  Viewer v(west_end_project(testdata::temp_dir("pg-pan-preview"), "pg_pan_preview"), 800, 450, true);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  const size_t held = m.layers[0].data.feature_count();
  REQUIRE(held > 0);
  CHECK(m.layers[0].previews.empty());
  // Any rows held are "many" here. The view moves east, over rows not held.
  v.data.preview_held = 1;
  size_t seen = 0, preview_rows = 0;
  v.data.on_preview = [&] {
    const app::MapLayer& l = m.layers[0];
    REQUIRE(l.previews.size() == 1);
    CHECK(l.reloading);                      // its job is still merging …
    CHECK(l.data.feature_count() == held);   // … and the layer's rows are the old ones
    CHECK(l.previews[0]->mesh.has_value());  // for the GPU to take
    preview_rows = l.previews[0]->rows();
    ++seen;
  };
  m.view.camera.set(547500, 3992000, 1.25);
  m.view.last_change = -1.0;
  v.data.stream_by_view(false);
  REQUIRE(v.data.finish_loading());
  CHECK(seen == 1);
  CHECK(v.data.previews_taken() == 1);
  const app::MapLayer& l = m.layers[0];
  CHECK(l.previews.empty());  // the merged rows replaced it
  CHECK_FALSE(l.reloading);
  // The preview was the rows of the box fetched (the view and a sliver, far from the
  // rows held): exactly those the merge added.
  REQUIRE_FALSE(l.covered.empty());
  CHECK(preview_rows > 0);
  CHECK(l.data.feature_count() == held + preview_rows);
  CHECK(std::to_string(preview_rows) ==
        sql("SELECT count(*) FROM pg_pan_preview WHERE geom && " + geo::envelope_sql(4549, l.covered.back())));
}

TEST_CASE("a table's first pieces are drawn by a stand-in as they come, which then gives its place to the table",
          "[pg][tiles][app][pieces]") {
  testdata::make_parcels("pg_arriving", 80, 45);  // 3600 parcels
  const std::string dir = testdata::temp_dir("pg-arriving");
  // No extent: the view fits the table.
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"layers\": [{\"source\": \"" << pg_connection()
                                 << "\", \"layer\": \"pg_arriving\", \"stream\": true}]}\n";
  app::Model m;
  app::DataServices data(m, true, true);
  // Every piece of about 300 rows handed over as it comes, whatever the table's size.
  data.pieces.on = true;
  data.pieces.every = 0;
  data.pieces.upto = 1.0;
  data.pieces.from = 0;
  data.pieces.rows = 300;
  app::Intake intake;
  intake.inputs = {dir + "/p.json"};
  intake.allow_network = true;
  data.plan(intake);
  data.choose_display_crs("");
  m.view.camera.set_viewport(800, 450);
  size_t seen = 0;
  uint64_t id = 0;
  data.on_preview = [&] {
    REQUIRE(m.layers.size() == 1);
    app::MapLayer& l = m.layers[0];
    CHECK(l.arriving);
    CHECK(l.reloading);
    CHECK(l.title == "pg_arriving");
    CHECK(l.data.feature_count() == 0);  // no rows of its own: only the pieces
    CHECK(l.previews.size() == ++seen);
    CHECK(l.previews.back()->mesh.has_value());
    // The view fits the table's extent before its rows are in.
    REQUIRE_FALSE(l.data.bounds.empty());
    CHECK(m.view.camera.visible_extent().contains(l.data.bounds));
    CHECK(l.data.bounds.min_x <= 540000);
    CHECK(l.data.bounds.max_x >= 540000 + 79 * 100 + 80);
    if (seen == 1) {
      id = l.id;
      l.opacity = 0.5f;  // what the person sets while the rows come stays
    }
  };
  data.start_loading(m.project.extent);
  data.finish_loading();
  CHECK(seen >= 2);
  REQUIRE(m.layers.size() == 1);
  const app::MapLayer& l = m.layers[0];
  CHECK_FALSE(l.arriving);
  CHECK_FALSE(l.reloading);
  CHECK(l.previews.empty());
  CHECK(l.id == id);
  CHECK(l.opacity == 0.5f);
  CHECK(l.data.feature_count() == 3600);
  CHECK(m.loaded_layers == 1);
}

TEST_CASE("a table opened while the viewer runs is streamed by view, as a project's own is", "[pg][tiles][app]") {
  testdata::make_parcels("pg_opened", 400, 260);  // 104,000 parcels: streamed
  testdata::make_parcels("pg_opened_base", 10, 10);
  Viewer v(west_end_project(testdata::temp_dir("pg-opened"), "pg_opened_base"), 800, 450);
  app::Model& m = v.m;
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 1);
  const geo::Bbox view = m.view.camera.visible_extent();
  // The Open dialog's PostGIS table (as a dropped connection would be).
  v.data.add_layers(app::cmd::AddLayers{pg_connection(), {"pg_opened"}, {}, {}});
  REQUIRE(v.data.finish_loading());
  REQUIRE(m.layers.size() == 2);
  const app::MapLayer& l = m.layers[1];
  REQUIRE(l.data.name == "pg_opened");
  CHECK(l.streamed);
  CHECK(l.table_rows == 104000);
  // The view's rows and its margin, by COPY: every row meeting the boxes fetched, and
  // not the whole table through GDAL's driver.
  REQUIRE_FALSE(l.covered.empty());
  CHECK(l.covered.front().contains(view));
  CHECK(l.data.feature_count() < 104000 / 4);
  CHECK(l.data.feature_count() == std::stoul(sql("SELECT count(*) FROM pg_opened WHERE " + meets_covered(l))));
  const bool by_copy = std::any_of(m.messages.begin(), m.messages.end(), [](const app::Message& msg) {
    return msg.text.find("pg_opened") != std::string::npos && msg.text.find("binary COPY") != std::string::npos;
  });
  CHECK(by_copy);
}
