// The loader's database jobs against the test server: what a refresh brings and how
// it merges into the rows held.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <map>

#include "app/data/loader.hpp"
#include "geo/pg.hpp"
#include "support/pg.hpp"

namespace {

using testdata::pg_connection;
using testdata::sql;

app::LoadResult run_one(app::Loader& loader, const geo::LayerConfig& c, app::Fetch fetch, bool reload) {
  loader.submit(0, c, "EPSG:4549", reload, std::move(fetch));
  for (int i = 0; i < 300 && !loader.idle(); ++i) {
    loader.wait_for_result(100);
    auto done = loader.take_finished();
    if (!done.empty()) return std::move(done.front());
  }
  FAIL("the loader did not finish within 30 s");
  return {};
}

// A layer of the test server's table `table`.
geo::LayerConfig table_layer(const std::string& table) {
  geo::LayerConfig c;
  c.source = pg_connection();
  c.layer = table;
  return c;
}

}  // namespace

TEST_CASE("a refresh merges changed rows, and a deleted row makes it read the table again", "[pg][loader]") {
  testdata::make_parcels("pg_refresh", 10, 10);
  app::Loader loader(1);
  const geo::LayerConfig c = table_layer("pg_refresh");
  app::LoadResult first = run_one(loader, c, {}, false);
  REQUIRE(first.errors.empty());
  REQUIRE(first.layers.size() == 1);
  REQUIRE(first.layers[0].store);
  CHECK(first.layers[0].data.feature_count() == 100);
  CHECK_FALSE(first.server_time.empty());
  auto store = first.layers[0].store;

  // Two rows change: only they are fetched, and 100 are still held.
  sql("UPDATE pg_refresh SET status = 'delayed', updated_at = now() WHERE fid IN (5, 6)");
  app::Fetch changed;
  changed.store = store;
  changed.where = geo::changed_since_clause("updated_at", first.server_time);
  app::LoadResult second = run_one(loader, c, changed, true);
  REQUIRE(second.errors.empty());
  REQUIRE(second.layers.size() == 1);
  CHECK(second.layers[0].fetched == 2);
  CHECK(second.layers[0].data.feature_count() == 100);
  CHECK(second.layers[0].classes.counts[static_cast<size_t>(geo::Status::Delayed)] == 2);

  // Nothing changed: nothing fetched, nothing rebuilt.
  changed.where = geo::changed_since_clause("updated_at", second.server_time);
  app::LoadResult quiet = run_one(loader, c, changed, true);
  REQUIRE(quiet.layers.size() == 1);
  CHECK(quiet.layers[0].unchanged);

  // A row deleted (and none changed): the count gives it away; the table is read again.
  sql("DELETE FROM pg_refresh WHERE fid = 50");
  changed.where = geo::changed_since_clause("updated_at", quiet.server_time);
  app::LoadResult third = run_one(loader, c, changed, true);
  REQUIRE(third.errors.empty());
  REQUIRE(third.layers.size() == 1);
  CHECK(third.layers[0].data.feature_count() == 99);
  const auto& fids = third.layers[0].data.fids;
  CHECK(std::find(fids.begin(), fids.end(), 50) == fids.end());
  CHECK(third.layers[0].classes.counts[static_cast<size_t>(geo::Status::Delayed)] == 2);
}

TEST_CASE("a source being read is shown by its table's name, or its file's, never by the connection", "[pg][loader]") {
  testdata::make_parcels("pg_named", 10, 10);
  app::Loader loader(1);
  geo::LayerConfig file;
  file.source = "/nowhere/district/parcels.gpkg";
  loader.submit(0, table_layer("pg_named"), "EPSG:4549", false, {});
  loader.submit(1, file, "EPSG:4549", false, {});
  // Listed from the moment they are asked for (running or queued).
  const std::vector<app::JobProgress> rows = loader.progress();
  REQUIRE(rows.size() == 2);
  std::map<size_t, std::string> names;
  for (const app::JobProgress& p : rows) names[p.slot] = p.name;
  CHECK(names[0] == "pg_named");
  CHECK(names[1] == "parcels.gpkg");
  for (int i = 0; i < 300 && !loader.idle(); ++i) loader.wait_for_result(100), loader.take_finished();
  CHECK(loader.progress().empty());
}

TEST_CASE("a streamed view fetched again drops the rows deleted inside it and keeps the rest", "[pg][loader]") {
  testdata::make_parcels("pg_view_again", 20, 10);
  app::Loader loader(1);
  geo::LayerConfig c = table_layer("pg_view_again");
  c.stream = true;
  // Two views: parcels with i < 10, then i >= 10 (x from 541000).
  app::Fetch left;
  left.box = geo::Bbox{539990, 3989990, 540990, 3991000};
  app::LoadResult first = run_one(loader, c, left, false);
  REQUIRE(first.errors.empty());
  REQUIRE(first.layers.size() == 1);
  CHECK(first.layers[0].streamed);
  CHECK(first.layers[0].fetched == 100);
  app::Fetch right;
  right.box = geo::Bbox{541000, 3989990, 542000, 3991000};
  right.store = first.layers[0].store;
  app::LoadResult second = run_one(loader, c, right, true);
  REQUIRE(second.layers.size() == 1);
  CHECK(second.layers[0].data.feature_count() == 200);  // both views held
  // Parcel (3, 4) (fid 84) is deleted; the left view is fetched again.
  sql("DELETE FROM pg_view_again WHERE fid = 84");
  left.store = first.layers[0].store;
  app::LoadResult third = run_one(loader, c, left, true);
  REQUIRE(third.layers.size() == 1);
  CHECK(third.layers[0].fetched == 99);
  CHECK(third.layers[0].data.feature_count() == 199);
  const auto& fids = third.layers[0].data.fids;
  CHECK(std::find(fids.begin(), fids.end(), 84) == fids.end());
}

namespace app {
void note_fetched(MapLayer& l, const LoadResult& r);  // data/database.cpp
}

TEST_CASE("a streamed table over its budget lets go of rows far from the view, and of what it covered there",
          "[pg][loader]") {
  testdata::make_parcels("pg_held", 80, 45);  // 3600 parcels, 100 m apart
  app::Loader loader(1);
  geo::LayerConfig c = table_layer("pg_held");
  c.stream = true;
  auto view_fetch = [&](std::shared_ptr<app::RowStore> store, const geo::Bbox& box) {
    app::Fetch f;
    f.store = std::move(store);
    f.box = box;
    f.pixel = 0.01;  // every row whole
    f.recount = false;
    return f;
  };
  const geo::Bbox west{540000, 3990000, 541000, 3994500}, east{547000, 3990000, 548000, 3994500};
  app::LoadResult first = run_one(loader, c, view_fetch(nullptr, west), false);
  REQUIRE(first.errors.empty());
  REQUIRE(first.layers.size() == 1);
  CHECK(first.layers[0].data.feature_count() == 11 * 45);  // columns 0–10 meet the west box
  auto store = first.layers[0].store;

  // Within the budget: the east rows join the west ones.
  app::LoadResult within = run_one(loader, c, view_fetch(store, east), true);
  REQUIRE(within.errors.empty());
  CHECK(within.let_go == 0);
  CHECK(within.layers[0].data.feature_count() == 21 * 45);

  // Back west over a budget of 100 rows: the east rows (columns 70–79) are far from the
  // west box grown by half its size (x 539500..541500) and go.
  app::Fetch back = view_fetch(store, west);
  back.held_budget = 100;
  app::LoadResult trimmed = run_one(loader, c, std::move(back), true);
  REQUIRE(trimmed.errors.empty());
  CHECK(trimmed.let_go == 10 * 45);
  CHECK(trimmed.layers[0].data.feature_count() == 11 * 45);
  CHECK(trimmed.held_box.min_x == 539500);
  CHECK(trimmed.held_box.max_x == 541500);
  CHECK(trimmed.layers[0].data.bounds.max_x <= 541080);
  // The layer no longer counts the east box as held whole; the west one it does.
  app::MapLayer l;
  l.streamed = true;
  l.covered = {west, east};
  app::note_fetched(l, trimmed);
  REQUIRE(l.covered.size() == 2);
  CHECK(l.covered[0].max_x == west.max_x);
  CHECK(l.covered[1].max_x == west.max_x);  // the box this fetch brought

  // East again, over the budget but asked to keep the west box (an area's chart): both
  // stay.
  app::Fetch keep = view_fetch(store, east);
  keep.held_budget = 100;
  keep.keep = {west};
  app::LoadResult kept = run_one(loader, c, std::move(keep), true);
  REQUIRE(kept.errors.empty());
  CHECK(kept.let_go == 0);
  CHECK(kept.layers[0].data.feature_count() == 21 * 45);
}

TEST_CASE("a view's fetch into many rows held hands its own rows over first, drawable, then the merged rows",
          "[pg][loader][preview]") {
  testdata::make_parcels("pg_preview", 80, 45);  // 3600 parcels of 80 m, 100 m apart
  app::Loader loader(1);
  geo::LayerConfig c = table_layer("pg_preview");
  c.stream = true;
  const geo::Bbox west{540000, 3990000, 541000, 3994500}, east{547000, 3990000, 548000, 3994500};
  app::Fetch first_view;
  first_view.box = west;
  first_view.pixel = 0.5;  // every row whole, drawn as geometry
  app::LoadResult first = run_one(loader, c, first_view, false);
  REQUIRE(first.errors.empty());
  REQUIRE(first.layers.size() == 1);
  REQUIRE(first.layers[0].data.feature_count() == 11 * 45);  // columns 0–10
  CHECK_FALSE(first.preview);  // nothing was held: its rows are the layer
  auto store = first.layers[0].store;

  // The view moves east with more rows held than the threshold: two results of one job.
  auto east_fetch = [&](size_t preview_held) {
    app::Fetch f;
    f.store = store;
    f.box = east;
    f.view = east;
    f.pixel = 0.5;
    f.recount = false;
    f.preview_held = preview_held;
    return f;
  };
  const uint64_t job = loader.submit(0, c, "EPSG:4549", true, east_fetch(400));
  std::vector<app::LoadResult> results;
  for (int i = 0; i < 300 && !loader.idle(); ++i) {
    loader.wait_for_result(100);
    for (app::LoadResult& r : loader.take_finished()) results.push_back(std::move(r));
  }
  REQUIRE(results.size() == 2);
  const app::LoadResult& preview = results[0];
  const app::LoadResult& merged = results[1];
  CHECK(preview.job == job);
  CHECK(merged.job == job);
  REQUIRE(preview.preview);
  CHECK_FALSE(merged.preview);
  REQUIRE(preview.errors.empty());
  REQUIRE(preview.layers.size() == 1);
  // The preview is the fetched rows alone (columns 70–79), classified, with their
  // dates, meshed with the view's geometry built: drawable without the rows.
  const app::LoadedLayer& p = preview.layers[0];
  CHECK(p.data.name == "pg_preview");
  CHECK(p.data.feature_count() == 0);
  CHECK(p.fetched == 10 * 45);
  CHECK(p.classes.status.size() == 10 * 45);
  CHECK(p.timeline.size() == 10 * 45);
  size_t meshed = 0, built = 0;
  for (const geo::MeshBucket& b : p.mesh.buckets) {
    meshed += b.features.size();
    CHECK(b.bounds.min_x >= 546900);  // only the east rows
    if (b.bounds.intersects(east)) CHECK(b.has_geometry);
    if (b.has_geometry) built += b.fill_indices.size() / 6;  // two triangles a parcel
  }
  CHECK(meshed == 10 * 45);
  CHECK(built == 10 * 45);
  // Its statuses are those of the same rows merged.
  const app::LoadedLayer& all = merged.layers[0];
  REQUIRE(all.data.feature_count() == 21 * 45);
  std::map<geo::Status, size_t> preview_counts, east_counts;
  for (geo::Status s : p.classes.status) ++preview_counts[s];
  for (size_t f = 0; f < all.data.feature_count(); ++f)
    if (all.data.feature_bounds(f).min_x >= 546900) ++east_counts[all.classes.status[f]];
  CHECK(preview_counts == east_counts);
  CHECK(preview_counts.size() == 2);  // under construction and completed, alternating

  // Fewer rows held than the threshold: the merged rows only, as before.
  app::Fetch again = east_fetch(app::kPreviewHeld);
  again.box = geo::Bbox{543000, 3990000, 544000, 3994500};
  again.view = again.box;
  app::LoadResult one = run_one(loader, c, again, true);
  CHECK_FALSE(one.preview);
  CHECK(loader.idle());
}

TEST_CASE("a first read over many rows hands its first pieces over as they come, then the whole table",
          "[pg][loader][preview][pieces]") {
  testdata::make_parcels("pg_pieces", 80, 45);  // 3600 parcels of 80 m, 100 m apart
  app::Loader loader(1);
  geo::LayerConfig c = table_layer("pg_pieces");
  c.stream = true;
  // The whole table fitted to 800 × 450 pixels, in pieces of about 300 rows.
  app::Fetch f;
  f.viewport_w = 800, f.viewport_h = 450;
  f.pieces.on = true;
  f.pieces.every = 0;
  f.pieces.from = 0;
  f.pieces.rows = 300;
  double upto = 1.0;
  SECTION("pieces up to every row") {}
  SECTION("pieces up to a quarter of the rows") { upto = 0.25; }
  SECTION("rows expected below the threshold: no piece") { f.pieces.from = 3601; }
  SECTION("not asked for: no piece") { f.pieces.on = false; }
  f.pieces.upto = upto;
  const bool pieces = f.pieces.on && f.pieces.from == 0;
  const uint64_t job = loader.submit(0, c, "EPSG:4549", false, f);
  std::vector<app::LoadResult> results;
  for (int i = 0; i < 300 && !loader.idle(); ++i) {
    loader.wait_for_result(100);
    for (app::LoadResult& r : loader.take_finished()) results.push_back(std::move(r));
  }
  REQUIRE_FALSE(results.empty());
  const app::LoadResult& whole = results.back();
  REQUIRE(whole.errors.empty());
  CHECK_FALSE(whole.preview);
  REQUIRE(whole.layers.size() == 1);
  REQUIRE(whole.layers[0].data.feature_count() == 3600);
  if (!pieces) {
    CHECK(results.size() == 1);
    return;
  }
  CHECK(whole.tiles >= 12);  // the COPY's parts
  // Before the whole: previews of the same job, each of rows not handed over before
  // (together no more than the table), and each as many as all before it or more.
  REQUIRE(results.size() >= 3);
  std::array<size_t, geo::kStatusCount> shown{}, all{};
  size_t handed = 0;
  for (size_t k = 0; k + 1 < results.size(); ++k) {
    const app::LoadResult& p = results[k];
    INFO("preview " << k);
    CHECK(p.job == job);
    REQUIRE(p.preview);
    CHECK(p.first_pieces);
    CHECK_FALSE(p.reload);
    REQUIRE(p.layers.size() == 1);
    const app::LoadedLayer& l = p.layers[0];
    CHECK(l.data.feature_count() == 0);
    const size_t rows = l.classes.status.size();
    CHECK(rows > 0);
    CHECK(l.timeline.size() == rows);
    if (k > 0) CHECK(rows >= handed);
    handed += rows;
    size_t meshed = 0;
    for (const geo::MeshBucket& b : l.mesh.buckets) meshed += b.features.size();
    CHECK(meshed == rows);
    // The table's extent, for a view to fit before its rows are in.
    CHECK(l.data.bounds.contains(whole.layers[0].data.bounds));
    CHECK(l.data.bounds.width() < 1.01 * whole.layers[0].data.bounds.width());
    for (geo::Status st : l.classes.status) ++shown[static_cast<size_t>(st)];
  }
  for (geo::Status st : whole.layers[0].classes.status) ++all[static_cast<size_t>(st)];
  for (size_t s = 0; s < all.size(); ++s) CHECK(shown[s] <= all[s]);
  if (upto < 1.0) {
    const size_t first = results[0].layers[0].classes.status.size();
    CHECK(handed <= std::max<size_t>(first, 900));  // a quarter of 3600, or the first piece
  }
}

TEST_CASE("a first read takes the table's description from the plan instead of opening the source again",
          "[pg][loader]") {
  testdata::make_parcels("pg_planned", 10, 10);
  const geo::LayerConfig c = table_layer("pg_planned");
  auto infos = geo::inspect_source({c.source, c.layer});
  REQUIRE(infos);
  REQUIRE(infos->size() == 1);
  CHECK(infos->front().feature_count == 100);
  app::Loader loader(1);
  // A description the source would not give (a count of 7): the read goes by it.
  app::Fetch planned;
  planned.infos = *infos;
  planned.infos->front().feature_count = 7;
  app::LoadResult first = run_one(loader, c, planned, false);
  REQUIRE(first.errors.empty());
  REQUIRE(first.layers.size() == 1);
  CHECK(first.layers[0].table_rows == 7);
  CHECK(first.layers[0].data.feature_count() == 100);  // the rows themselves are the table's
  // Kept for the view's next fetches, which do not count again.
  app::Fetch moved;
  moved.store = first.layers[0].store;
  moved.recount = false;
  moved.box = geo::Bbox{540000, 3990000, 540500, 3990500};
  app::LoadResult second = run_one(loader, c, moved, false);
  REQUIRE(second.errors.empty());
  REQUIRE(second.layers.size() == 1);
  CHECK(second.layers[0].table_rows == 7);
  // A fetch that counts opens the source again, and has the truth.
  app::Fetch counted;
  counted.store = first.layers[0].store;
  app::LoadResult third = run_one(loader, c, counted, false);
  REQUIRE(third.errors.empty());
  REQUIRE(third.layers.size() == 1);
  CHECK(third.layers[0].table_rows == 100);
}

TEST_CASE("a view's margin cancelled before it runs says it was a margin", "[pg][loader]") {
  testdata::make_parcels("pg_margin_cancel", 40, 20);
  app::Loader loader(1);
  const geo::LayerConfig c = table_layer("pg_margin_cancel");
  app::Fetch view;
  view.box = geo::Bbox{540000, 3990000, 541000, 3990500};
  app::Fetch margin;
  margin.box = geo::Bbox{539750, 3989875, 541250, 3990625};
  margin.except = view.box;
  // One worker: the margin waits behind the view's fetch, and the cancel finds it queued.
  loader.submit(0, c, "EPSG:4549", true, view);
  loader.submit(0, c, "EPSG:4549", true, margin);
  loader.cancel(0);
  std::vector<app::LoadResult> done;
  for (int i = 0; i < 300 && done.size() < 2; ++i) {
    loader.wait_for_result(100);
    for (app::LoadResult& r : loader.take_finished()) done.push_back(std::move(r));
  }
  REQUIRE(done.size() == 2);
  const auto m = std::find_if(done.begin(), done.end(), [](const app::LoadResult& r) { return r.margin; });
  REQUIRE(m != done.end());
  REQUIRE(m->errors.size() == 1);
  CHECK(m->errors[0].reason == "loading cancelled");
  CHECK(m->layers.empty());
  // The view's fetch is no margin, whether the cancel caught it or it had finished.
  CHECK(std::count_if(done.begin(), done.end(), [](const app::LoadResult& r) { return r.margin; }) == 1);
}

TEST_CASE("one job cancelled by its id: the other jobs of its source's slot go on", "[pg][loader]") {
  testdata::make_parcels("pg_job_a", 40, 20);
  testdata::make_parcels("pg_job_b", 40, 20);
  app::Loader loader(1);
  app::Fetch view;
  view.box = geo::Bbox{540000, 3990000, 541000, 3990500};
  app::Fetch margin;
  margin.box = geo::Bbox{539750, 3989875, 541250, 3990625};
  margin.except = view.box;
  // Two tables of one source (one slot): table a's view, its margin, table b's view. One
  // worker: the margin and b's view wait behind a's view, and the cancel finds them queued.
  auto streamed = [](const char* table) {
    geo::LayerConfig c = table_layer(table);
    c.stream = true;  // fetched by view, small as the tables are
    return c;
  };
  const uint64_t a = loader.submit(0, streamed("pg_job_a"), "EPSG:4549", true, view);
  const uint64_t a_margin = loader.submit(0, streamed("pg_job_a"), "EPSG:4549", true, margin);
  const uint64_t b = loader.submit(0, streamed("pg_job_b"), "EPSG:4549", true, view);
  CHECK(a != 0);
  CHECK(a != a_margin);
  CHECK(a_margin != b);
  loader.cancel_job(a_margin);
  std::map<uint64_t, app::LoadResult> done;
  for (int i = 0; i < 300 && done.size() < 3; ++i) {
    loader.wait_for_result(100);
    for (app::LoadResult& r : loader.take_finished()) done[r.job] = std::move(r);
  }
  REQUIRE(done.size() == 3);
  REQUIRE(done.count(a_margin) == 1);
  const app::LoadResult& cancelled = done[a_margin];
  CHECK(cancelled.margin);
  REQUIRE(cancelled.errors.size() == 1);
  CHECK(cancelled.errors[0].reason == "loading cancelled");
  CHECK(cancelled.layers.empty());
  // Both views came, whole: the rows meeting the box, each from its table.
  for (const auto& [id, table] : {std::pair{a, "pg_job_a"}, std::pair{b, "pg_job_b"}}) {
    INFO(table);
    REQUIRE(done.count(id) == 1);
    const app::LoadResult& r = done[id];
    std::string errors;
    for (const geo::Error& e : r.errors) errors += e.reason + "; ";
    INFO(errors);
    CHECK(r.errors.empty());
    REQUIRE(r.layers.size() == 1);
    CHECK(r.layers[0].data.name == table);
    const std::string meeting = std::string("SELECT count(*) FROM ") + table + " WHERE geom && " +
                                geo::envelope_sql(4549, *view.box);
    CHECK(r.layers[0].fetched == std::stoul(sql(meeting)));
  }
}
