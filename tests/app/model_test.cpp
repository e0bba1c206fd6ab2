// The model's rules and every command's effect, without a window: the Laoshan layers
// read in-process into a Model, commands applied through the dispatcher with a fake
// for what lies outside the model (window, data services, export).
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <set>
#include <unistd.h>

#include "app/commands/dispatch.hpp"
#include "app/model/clock.hpp"
#include "app/model/identify.hpp"
#include "app/model/project_io.hpp"
#include "app/model/search.hpp"
#include "app/model/visibility.hpp"
#include "app/model/walkthrough.hpp"
#include "app/shell/settings.hpp"
#include "geo/reader.hpp"

namespace {

namespace fs = std::filesystem;
using app::Model;
using geo::Status;

const std::string kDir = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/";

// The Laoshan project with its GeoPackage layers loaded (the two GeoJSON layers are
// left out: they stand for layers that did not load), in the project's order.
Model laoshan_model() {
  Model m;
  auto project = geo::load_project(kDir + "laoshan.project.json");
  REQUIRE(project);
  m.project = *project;
  m.display_crs = "EPSG:4549";
  m.clock.data_as_of = *geo::parse_date(m.project.data_as_of);
  m.clock.start = m.clock.as_of = m.clock.data_as_of;
  m.hidden_statuses = m.project.hidden_statuses;
  for (size_t slot = 0; slot < m.project.layers.size(); ++slot) {
    const geo::LayerConfig& c = m.project.layers[slot];
    if (fs::path(c.source).extension() != ".gpkg") continue;
    auto read = geo::read_vector({c.source, c.layer});
    REQUIRE(read.layers.size() == 1);
    app::MapLayer l;
    l.id = m.next_layer_id++;
    l.slot = slot;
    l.config = c;
    l.title = c.title.empty() ? read.layers[0].name : c.title;
    l.visible = c.visible;
    l.opacity = c.style.opacity;
    l.data = std::move(read.layers[0]);
    l.classes = geo::classify(l.data, l.config);
    l.timeline = geo::build_timeline(l.data, l.classes.status);
    app::recompute_status(l, m.clock.as_of);
    m.layers.push_back(std::move(l));
  }
  app::update_day_range(m);
  m.view.camera.set_viewport(1600, 900);
  app::fit_initial_view(m, std::nullopt);
  return m;
}

size_t index_of(const Model& m, const std::string& name) {
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (m.layers[i].data.name == name) return i;
  FAIL("no layer " << name);
  return 0;
}

// What lies outside the model, recorded.
struct FakeEffects : app::Effects {
  std::vector<std::string> calls;
  void inspect(const std::string& path) override { calls.push_back("inspect " + path); }
  std::string add_layers(const app::cmd::AddLayers& what) override {
    calls.push_back("add " + what.path);
    return what.path.rfind("PG:", 0) == 0 ? what.path : "/abs/" + what.path;
  }
  void cancel_loading(size_t slot) override { calls.push_back("cancel " + std::to_string(slot)); }
  void apply_filter(app::MapLayer& l, const std::string& where) override { calls.push_back("filter " + l.data.name + " " + where); }
  void refresh_layer(app::MapLayer& l) override { calls.push_back("refresh " + l.data.name); }
  void reread_layer(app::MapLayer& l) override { calls.push_back("reread " + l.data.name); }
  void presenting_changed() override { calls.push_back("presenting"); }
  void set_ui_scale(float s) override { calls.push_back("scale " + std::to_string(s)); }
  void close_window() override { calls.push_back("close"); }
  void request_close() override { calls.push_back("request close"); }
  void copy_text(const std::string& t) override { calls.push_back("copy " + t); }
  bool export_view(const std::string& path, int w, int h) override {
    calls.push_back("export " + path + " " + std::to_string(w) + "x" + std::to_string(h));
    return true;
  }
  void start_video(const app::cmd::ExportVideo& v) override { calls.push_back("video " + v.path); }
  void cancel_video() override { calls.push_back("cancel video"); }
  void export_report(const app::cmd::ExportReport& r) override { calls.push_back("report " + r.area_layer + " " + r.path); }
  void project_saved() override { calls.push_back("saved"); }
  void discard_autosave() override { calls.push_back("discard autosave"); }
  void save_settings() override { calls.push_back("settings"); }
  bool called(const std::string& c) const { return std::find(calls.begin(), calls.end(), c) != calls.end(); }
};

// The date rule evaluated here on the raw ISO strings (ISO dates compare as text).
Status expected_on(const std::string& d, Status recorded, const std::string& ps, const std::string& pf,
                   const std::string& as, const std::string& af) {
  if (ps.empty() && pf.empty() && as.empty() && af.empty()) return recorded;
  const std::string start = as.empty() ? ps : as;
  if (!af.empty() && d >= af) return Status::Completed;
  if (!pf.empty() && d > pf) return Status::Delayed;
  if (!start.empty() && d >= start) return Status::UnderConstruction;
  return Status::Planned;
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("renewmap-model-test-" + std::to_string(::getpid()) + "-" + name)).string();
}

}  // namespace

TEST_CASE("the model's statuses and counts on a date follow the raw dates", "[app][model]") {
  Model m = laoshan_model();
  REQUIRE(m.layers.size() == 15);
  const app::MapLayer& oc = m.layers[index_of(m, "old_compounds")];
  REQUIRE(oc.data.feature_count() == 64);
  const auto& a = oc.data.attributes;
  const int ps = a.find("planned_start"), pf = a.find("planned_finish"), as = a.find("actual_start"),
            af = a.find("actual_finish");
  REQUIRE(ps >= 0);
  for (const char* day : {"2022-06-30", "2023-04-15", "2023-10-31", "2024-06-30"}) {
    app::set_as_of(m, *geo::parse_date(day));
    geo::StatusCounts want{};
    for (size_t f = 0; f < oc.data.feature_count(); ++f) {
      auto text = [&](int col) { return std::string(a.get(f, static_cast<size_t>(col))); };
      ++want[static_cast<size_t>(expected_on(day, oc.classes.status[f], text(ps), text(pf), text(as), text(af)))];
    }
    INFO(day);
    CHECK(oc.counts == want);
    CHECK(m.map_changed);
  }
  // No date: the recorded statuses.
  app::set_as_of(m, geo::kNoDay);
  CHECK(oc.status == oc.classes.status);
  // The range spans every layer's dates.
  for (const app::MapLayer& l : m.layers) {
    if (!l.timeline.has_dates) continue;
    CHECK(m.clock.min_day <= l.timeline.min_day);
    CHECK(m.clock.max_day >= l.timeline.max_day);
  }
}

TEST_CASE("play-back steps the date, stops at the data's date unless asked to project, and at the last one",
          "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  REQUIRE(m.clock.data_as_of > m.clock.min_day);
  REQUIRE(m.clock.data_as_of < m.clock.max_day);
  app::dispatch(m, fx, app::cmd::SetAsOf{m.clock.max_day});
  CHECK(app::projected(m.clock));
  app::dispatch(m, fx, app::cmd::SetPlaying{true});  // at the end: starts over from the first date
  CHECK(m.clock.playing);
  CHECK(m.clock.as_of == m.clock.min_day);
  CHECK_FALSE(app::projected(m.clock));
  app::dispatch(m, fx, app::cmd::SetSpeed{10.0});
  app::advance_clock(m, 2.5);  // 25 days
  CHECK(m.clock.as_of == m.clock.min_day + 25);
  // The recorded data ends at data_as_of: Play stops there, on fact.
  app::advance_clock(m, 1e6);
  CHECK(m.clock.as_of == m.clock.data_as_of);
  CHECK_FALSE(m.clock.playing);
  CHECK_FALSE(app::projected(m.clock));
  // Asked to, it plays on into the projection, to the last date.
  app::dispatch(m, fx, app::cmd::SetPlayProjection{true});
  app::dispatch(m, fx, app::cmd::SetPlaying{true});
  CHECK(m.clock.as_of == m.clock.data_as_of);  // on from where it stood
  app::advance_clock(m, 1.0);
  CHECK(app::projected(m.clock));
  app::advance_clock(m, 1e6);
  CHECK(m.clock.as_of == m.clock.max_day);
  CHECK_FALSE(m.clock.playing);
  // Started past the data's date by the person: it plays on to the end too.
  app::dispatch(m, fx, app::cmd::SetPlayProjection{false});
  app::dispatch(m, fx, app::cmd::SetAsOf{m.clock.data_as_of + 10});
  app::dispatch(m, fx, app::cmd::SetPlaying{true});
  CHECK(m.clock.as_of == m.clock.data_as_of + 10);
  app::advance_clock(m, 1e6);
  CHECK(m.clock.as_of == m.clock.max_day);
  // A month at a time (the presenter's Up and Down keys), the end of a month kept.
  CHECK(app::add_months(*geo::parse_date("2023-01-31"), 1) == *geo::parse_date("2023-02-28"));
  CHECK(app::add_months(*geo::parse_date("2024-01-31"), 1) == *geo::parse_date("2024-02-29"));
  CHECK(app::add_months(*geo::parse_date("2023-03-15"), -14) == *geo::parse_date("2022-01-15"));
  app::dispatch(m, fx, app::cmd::SetAsOf{m.clock.data_as_of});
  app::dispatch(m, fx, app::cmd::StepMonth{+1});
  CHECK(m.clock.as_of == app::add_months(m.clock.data_as_of, 1));
  CHECK(app::projected(m.clock));
  app::dispatch(m, fx, app::cmd::StepMonth{-1200});  // never before the first date
  CHECK(m.clock.as_of == m.clock.min_day);
  app::dispatch(m, fx, app::cmd::SetSpeed{5000});
  CHECK(m.clock.days_per_second == 365.0);
  app::dispatch(m, fx, app::cmd::SetPlaying{true});
  app::dispatch(m, fx, app::cmd::SetAsOf{m.clock.min_day + 3});  // moving the slider stops play-back
  CHECK_FALSE(m.clock.playing);
}

TEST_CASE("a feature is shown when it passes the filter and its status is not hidden, and a selection is flagged", "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  const size_t k = index_of(m, "old_compounds");
  app::MapLayer& l = m.layers[k];
  // The filter lets every third feature through (as a data service would hand it back).
  l.filter_pass.assign(l.data.feature_count(), 0);
  for (size_t f = 0; f < l.filter_pass.size(); f += 3) l.filter_pass[f] = 1;
  app::recount(l);
  app::dispatch(m, fx, app::cmd::ToggleStatus{static_cast<int>(Status::Completed)});
  app::dispatch(m, fx, app::cmd::ToggleLayerStatus{k, static_cast<int>(Status::Planned)});
  CHECK(l.state_dirty);
  // A click on a shown feature selects it; on a hidden one (filtered out, or its status
  // unchecked) selects nothing there: what is not drawn is not there.
  auto shown_now = [&](size_t f) {
    return f % 3 == 0 && l.status[f] != Status::Completed && l.status[f] != Status::Planned;
  };
  size_t shown_f = 0, hidden_f = 0;
  while (!shown_now(shown_f)) ++shown_f;
  while (shown_now(hidden_f)) ++hidden_f;
  auto click_on = [&](size_t f) {
    const geo::Bbox box = l.data.feature_bounds(f);
    const app::ScreenPoint s = m.view.camera.map_to_screen({(box.min_x + box.max_x) / 2, (box.min_y + box.max_y) / 2});
    app::dispatch(m, fx, app::cmd::IdentifyAt{s.x, s.y});
  };
  click_on(hidden_f);
  CHECK(std::find(l.selected.begin(), l.selected.end(), static_cast<uint32_t>(hidden_f)) == l.selected.end());
  click_on(shown_f);
  REQUIRE(std::find(l.selected.begin(), l.selected.end(), static_cast<uint32_t>(shown_f)) != l.selected.end());
  l.selected.push_back(static_cast<uint32_t>(hidden_f));  // selected before it was hidden
  app::build_state(l, false);
  geo::StatusCounts counted{};
  for (size_t f = 0; f < l.data.feature_count(); ++f) {
    const Status s = l.status[f];
    const bool passes = f % 3 == 0;
    if (passes) ++counted[static_cast<size_t>(s)];
    const bool shown = passes && s != Status::Completed && s != Status::Planned;
    INFO("feature " << f);
    CHECK(app::feature_shown(l, f, m.hidden_statuses) == shown);
    // The GPU's bytes: the recorded status and the filter; the shaders apply the date
    // and the hidden statuses (render_test: "statuses derived by the shaders …").
    CHECK(((l.state[2 * f + 1] & app::kFlagVisible) != 0) == passes);
    CHECK(l.state[2 * f] == static_cast<uint8_t>(l.classes.status[f]));
    const bool selected = std::find(l.selected.begin(), l.selected.end(), static_cast<uint32_t>(f)) != l.selected.end();
    CHECK(((l.state[2 * f + 1] & app::kFlagSelected) != 0) == (selected && passes));  // no outline when filtered out
  }
  // Where the CPU paints (software GL), the bytes carry the statuses on the shown date.
  app::build_state(l, true);
  for (size_t f = 0; f < l.data.feature_count(); ++f) CHECK(l.state[2 * f] == static_cast<uint8_t>(l.status[f]));
  // Hidden statuses still count; filtered-out features do not.
  CHECK(l.counts == counted);
  // Another layer: the legend's checkbox hides Completed there too, the layer's own not.
  const app::MapLayer& parks = m.layers[index_of(m, "pocket_parks")];
  for (size_t f = 0; f < parks.data.feature_count(); ++f)
    CHECK(app::feature_shown(parks, f, m.hidden_statuses) == (parks.status[f] != Status::Completed));
  // A click on nothing clears the selection.
  app::dispatch(m, fx, app::cmd::IdentifyAt{-5000, -5000});
  for (const app::MapLayer& x : m.layers) CHECK(x.selected.empty());
}

TEST_CASE("bookmarks are added, renamed, moved, deleted and visited in order", "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  const size_t n = m.project.bookmarks.size();
  REQUIRE(n == 5);
  // Visiting a stop: its view, its date, its layers.
  app::dispatch(m, fx, app::cmd::GoToBookmark{1});
  const geo::Bookmark& zhangcun = m.project.bookmarks[1];
  CHECK(m.current_bookmark == 1);
  CHECK(m.clock.as_of == *geo::parse_date(zhangcun.as_of));
  CHECK(m.view.fly);  // animated
  for (const app::MapLayer& l : m.layers) {
    const bool named = std::find(zhangcun.layers.begin(), zhangcun.layers.end(), l.title) != zhangcun.layers.end();
    CHECK(l.visible == named);
  }
  // Page Down / Page Up order.
  CHECK(app::next_bookmark(m) == 2);
  CHECK(app::previous_bookmark(m) == 0);
  // A clicker's presses in one frame: each moves one stop, the flight retargeted.
  app::dispatch(m, fx, app::cmd::StepBookmark{+1});
  app::dispatch(m, fx, app::cmd::StepBookmark{+1});
  CHECK(m.current_bookmark == 3);
  app::dispatch(m, fx, app::cmd::StepBookmark{-1});
  CHECK(m.current_bookmark == 2);
  CHECK(m.view.fly);
  app::go_to_bookmark(m, n - 1, false);
  CHECK(app::next_bookmark(m) == n - 1);
  CHECK_FALSE(m.view.fly);
  // The current view becomes a new stop at the end, with the date and visible layers.
  app::dispatch(m, fx, app::cmd::SetAsOf{*geo::parse_date("2023-06-01")});
  app::dispatch(m, fx, app::cmd::AddBookmark{});
  REQUIRE(m.project.bookmarks.size() == n + 1);
  geo::Bookmark added = m.project.bookmarks.back();
  CHECK(added.name == "视图 View 6");
  CHECK(added.as_of == "2023-06-01");
  CHECK(m.current_bookmark == static_cast<int>(n));
  CHECK(added.layers.size() == static_cast<size_t>(std::count_if(m.layers.begin(), m.layers.end(),
                                                                 [](const app::MapLayer& l) { return l.visible; })));
  app::dispatch(m, fx, app::cmd::RenameBookmark{n, "新 New", "说明 Caption"});
  CHECK(m.project.bookmarks[n].name == "新 New");
  CHECK(m.project.bookmarks[n].caption == "说明 Caption");
  // Moved up twice: it is third from the end and stays current.
  app::dispatch(m, fx, app::cmd::MoveBookmark{n, -1});
  app::dispatch(m, fx, app::cmd::MoveBookmark{n - 1, -1});
  CHECK(m.project.bookmarks[n - 2].name == "新 New");
  CHECK(m.current_bookmark == static_cast<int>(n - 2));
  app::dispatch(m, fx, app::cmd::MoveBookmark{0, -1});  // the first cannot go up
  CHECK(m.project.bookmarks[0].name == "全区概览 Whole district");
  // Updating keeps the caption, takes the view.
  app::dispatch(m, fx, app::cmd::PanPixels{200, 0});
  app::dispatch(m, fx, app::cmd::UpdateBookmark{n - 2});
  CHECK(m.project.bookmarks[n - 2].caption == "说明 Caption");
  CHECK(m.project.bookmarks[n - 2].extent.min_x == Approx(m.view.camera.visible_extent().min_x));
  app::dispatch(m, fx, app::cmd::DeleteBookmark{n - 2});
  CHECK(m.project.bookmarks.size() == n);
  CHECK(m.current_bookmark == -1);
  app::dispatch(m, fx, app::cmd::DeleteBookmark{99});  // no such stop: nothing happens
  CHECK(m.project.bookmarks.size() == n);
  // A stop without a date shows the starting date, whatever the slider left.
  m.project.bookmarks[0].as_of.clear();
  app::dispatch(m, fx, app::cmd::SetAsOf{*geo::parse_date("2022-01-01")});
  app::dispatch(m, fx, app::cmd::GoToBookmark{0});
  CHECK(m.clock.as_of == m.clock.start);
  // By name, part of it, or number.
  CHECK(app::find_bookmark(m.project, "浮山绿道 Fushan greenway") == 3);
  CHECK(app::find_bookmark(m.project, "Zhangcun") == 1);
  CHECK(app::find_bookmark(m.project, "2") == 1);
  CHECK(app::find_bookmark(m.project, "nowhere") == -1);
}

TEST_CASE("bookmarks, Home and a layer are framed clear of the overlays, and a bookmark of the view frames back to it",
          "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  // The presentation's title (top left), legend (top right) and scale bar.
  const std::vector<app::PixelRect> overlays = {{20, 20, 900, 180}, {1150, 20, 1580, 520}, {20, 800, 400, 880}};
  app::set_covered(m, overlays, true);
  auto inside_free = [&](const geo::Bbox& e) {
    const app::ScreenPoint lo = m.view.camera.map_to_screen({e.min_x, e.min_y});
    const app::ScreenPoint hi = m.view.camera.map_to_screen({e.max_x, e.max_y});
    const app::PixelRect r{lo.x, hi.y, hi.x, lo.y};
    INFO(r.x0 << "," << r.y0 << " " << r.x1 << "," << r.y1);
    CHECK(r.x0 >= -0.5);
    CHECK(r.y0 >= -0.5);
    CHECK(r.x1 <= 1600.5);
    CHECK(r.y1 <= 900.5);
    for (const app::PixelRect& o : overlays) CHECK_FALSE(r.overlaps(o));
    return r;
  };
  app::go_to_bookmark(m, 1, false);
  const geo::Bbox zhangcun = m.project.bookmarks[1].extent;
  const app::PixelRect r = inside_free(zhangcun);
  // With a margin, not more: the extent takes 90 % of the free area one way.
  const app::PixelRect free = app::free_area(1600, 900, overlays, zhangcun.width() / zhangcun.height());
  CHECK(std::max(r.width() / free.width(), r.height() / free.height()) == Approx(0.9).epsilon(1e-6));
  // A bookmark of this view goes back to the same view.
  const app::Camera before = m.view.camera;
  app::dispatch(m, fx, app::cmd::AddBookmark{});
  app::dispatch(m, fx, app::cmd::PanPixels{300, 120});
  CHECK_FALSE(m.view.framed);
  app::go_to_bookmark(m, m.project.bookmarks.size() - 1, false);
  CHECK(m.view.camera.center_x() == Approx(before.center_x()).margin(before.resolution() * 0.01));
  CHECK(m.view.camera.center_y() == Approx(before.center_y()).margin(before.resolution() * 0.01));
  CHECK(m.view.camera.resolution() == Approx(before.resolution()).epsilon(1e-6));
  // Home shows the project's data, the status layers: not the sea or the neighbours.
  app::dispatch(m, fx, app::cmd::ZoomAll{});
  geo::Bbox projects;
  for (const app::MapLayer& l : m.layers)
    if (l.visible && l.has_status()) projects.add(l.data.bounds);
  CHECK(app::home_bounds(m).width() == Approx(projects.width()));
  CHECK(app::home_bounds(m).width() < app::data_bounds(m).width());
  inside_free(projects);
  // Zoom to a layer: the same.
  app::dispatch(m, fx, app::cmd::ZoomToLayer{index_of(m, "pocket_parks")});
  inside_free(m.layers[index_of(m, "pocket_parks")].data.bounds);
  // A stop's caption changes the title block while the camera flies there: once it
  // arrives, the stop is framed clear of the block as it is now.
  app::go_to_bookmark(m, 0, true);
  REQUIRE(m.view.fly);
  const std::vector<app::PixelRect> taller = {{20, 20, 900, 320}, {1150, 20, 1580, 520}, {20, 800, 400, 880}};
  app::set_covered(m, taller, false);  // mid-flight: nothing moves
  app::apply(m.view.fly->at_time(1e9, m.view.fly_seconds), m.view.camera);
  app::finish_flight(m);
  app::set_covered(m, taller, false);
  {
    const geo::Bbox e = m.project.bookmarks[0].extent;
    const app::ScreenPoint hi = m.view.camera.map_to_screen({e.max_x, e.max_y});
    const app::PixelRect r{m.view.camera.map_to_screen({e.min_x, e.min_y}).x, hi.y, hi.x,
                           m.view.camera.map_to_screen({e.min_x, e.min_y}).y};
    for (const app::PixelRect& o : taller) CHECK_FALSE(r.overlaps(o));
  }
  app::set_covered(m, overlays, true);
  // When the overlays change (presentation off: a smaller legend), the framed layer is
  // framed again; once the person moved, nothing moves the map.
  const double res = m.view.camera.resolution();
  app::set_covered(m, {{1300, 10, 1590, 160}}, true);
  CHECK(m.view.camera.resolution() < res);
  app::dispatch(m, fx, app::cmd::PanPixels{10, 0});
  const app::Camera moved = m.view.camera;
  app::set_covered(m, overlays, true);
  CHECK(m.view.camera.center_x() == moved.center_x());
  CHECK(m.view.camera.resolution() == moved.resolution());
}

TEST_CASE("a project saved and loaded again is the project as the person had it", "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  const std::string path = temp_path("round.project.json");
  const size_t parks = index_of(m, "pocket_parks");
  app::dispatch(m, fx, app::cmd::SetOpacity{parks, 0.4f});
  app::dispatch(m, fx, app::cmd::SetVisible{parks, false});
  app::dispatch(m, fx, app::cmd::MoveLayer{parks, 1});
  app::dispatch(m, fx, app::cmd::ToggleStatus{static_cast<int>(Status::Delayed)});
  m.layers[index_of(m, "old_compounds")].filter = "households > 100";  // as a data service leaves it
  app::dispatch(m, fx, app::cmd::AddBookmark{});
  app::dispatch(m, fx, app::cmd::SaveProject{path});
  CHECK(fx.called("saved"));
  CHECK(m.project.path == path);
  CHECK_FALSE(m.unsaved);
  auto back = geo::load_project(path);
  REQUIRE(back);
  // Every layer, the two that did not load kept in their places.
  REQUIRE(back->layers.size() == 17);
  std::vector<std::string> order;
  for (const geo::LayerConfig& c : back->layers) order.push_back(c.layer.empty() ? fs::path(c.source).filename().string() : c.layer);
  CHECK(order.front() == "sea");  // context.geojson
  CHECK(order.back() == "parking.geojson");
  const auto at = [&](const std::string& name) { return std::find(order.begin(), order.end(), name) - order.begin(); };
  CHECK(at("pocket_parks") == at("fushan_greenway") + 1);  // moved up one
  const geo::LayerConfig& p = back->layers[static_cast<size_t>(at("pocket_parks"))];
  CHECK_FALSE(p.visible);
  CHECK(p.style.opacity == Approx(0.4f));
  CHECK(back->layers[static_cast<size_t>(at("old_compounds"))].filter == "households > 100");
  CHECK(back->hidden_statuses == (1u << static_cast<int>(Status::Delayed)));
  CHECK(back->bookmarks.size() == 6);
  CHECK(back->crs == "EPSG:4549");
  REQUIRE(back->extent);
  CHECK(back->extent->min_x == Approx(m.view.camera.visible_extent().min_x));
  fs::remove(path);
  // A path that cannot be written: an error, the project stays unsaved.
  app::dispatch(m, fx, app::cmd::SetOpacity{parks, 0.9f});
  app::check_unsaved(m);
  fx.calls.clear();
  app::dispatch(m, fx, app::cmd::SaveProject{"/nonexistent-dir/x/p.json"});
  CHECK_FALSE(fx.called("saved"));
  CHECK(m.unsaved);
  CHECK(m.messages.back().level == app::Message::Level::Error);
}

TEST_CASE("unsaved changes are what Save would write differently, the view aside", "[app][model]") {
  Model m = laoshan_model();
  FakeEffects fx;
  app::check_unsaved(m);
  CHECK_FALSE(m.unsaved);  // no baseline yet (loading): nothing counts
  app::mark_saved(m);
  app::dispatch(m, fx, app::cmd::PanPixels{300, 100});
  app::dispatch(m, fx, app::cmd::ZoomAbout{800, 450, 2.0});
  app::check_unsaved(m);
  CHECK_FALSE(m.unsaved);
  app::dispatch(m, fx, app::cmd::SetOpacity{2, 0.5f});
  app::check_unsaved(m);
  CHECK(m.unsaved);
  app::dispatch(m, fx, app::cmd::SetOpacity{2, m.project.layers[m.layers[2].slot].style.opacity});
  app::check_unsaved(m);
  CHECK_FALSE(m.unsaved);  // back as saved
  app::dispatch(m, fx, app::cmd::RenameBookmark{0, "x", ""});
  app::check_unsaved(m);
  CHECK(m.unsaved);
}

TEST_CASE("each command changes what it names and nothing when the target is gone", "[app][model][commands]") {
  Model m = laoshan_model();
  FakeEffects fx;
  const size_t oc = index_of(m, "old_compounds");
  using namespace app::cmd;
  SECTION("layers") {
    dispatch(m, fx, SetVisible{oc, false});
    CHECK_FALSE(m.layers[oc].visible);
    dispatch(m, fx, SetOpacity{oc, 7.0f});
    CHECK(m.layers[oc].opacity == 1.0f);  // clamped
    const std::string name = m.layers[oc].data.name;
    dispatch(m, fx, MoveLayer{oc, -1});
    CHECK(m.layers[oc - 1].data.name == name);
    dispatch(m, fx, MoveLayer{0, -1});  // the bottom layer cannot go lower
    dispatch(m, fx, MoveLayer{99, 1});
    CHECK(m.layers[oc - 1].data.name == name);
    dispatch(m, fx, ZoomToLayer{oc - 1});
    CHECK(m.view.camera.visible_extent().contains(m.layers[oc - 1].data.bounds));
    CHECK(m.view.set_by_user);
    dispatch(m, fx, SetFilter{oc - 1, "households > 1"});
    CHECK(fx.called("filter old_compounds households > 1"));
    dispatch(m, fx, EditFilter{oc - 1, "no_such_column = 1"});
    CHECK(*m.layers[oc - 1].filter_draft == "no_such_column = 1");
    CHECK_FALSE(m.layers[oc - 1].filter_draft_error.empty());
    dispatch(m, fx, EditFilter{oc - 1, "households > 1"});
    CHECK(m.layers[oc - 1].filter_draft_error.empty());
    dispatch(m, fx, RefreshLayer{oc - 1});  // a file: nothing to refresh
    CHECK_FALSE(fx.called("refresh old_compounds"));
    dispatch(m, fx, SetVisible{99, false});
    dispatch(m, fx, SetFilter{99, "x"});
    dispatch(m, fx, ToggleLayerStatus{99, 1});
    dispatch(m, fx, ToggleLayerStatus{oc - 1, 99});
    CHECK(m.layers[oc - 1].config.hidden_statuses == 0);
  }
  SECTION("style and classification") {
    dispatch(m, fx, EditStyle{oc});
    CHECK(m.forms.style.visible);
    CHECK(m.forms.style.layer == oc);
    geo::LayerConfig c = m.layers[oc].config;
    c.status_mode = geo::LayerConfig::StatusMode::None;
    c.style.opacity = 0.3f;
    dispatch(m, fx, SetLayerConfig{oc, c});
    CHECK(m.layers[oc].classes.status_field < 0);
    CHECK(m.layers[oc].opacity == Approx(0.3f));
    CHECK(fx.calls.empty());  // same encoding: nothing read again
    c.encoding = "GBK";
    dispatch(m, fx, SetLayerConfig{oc, c});
    CHECK(fx.called("reread old_compounds"));
  }
  SECTION("the view") {
    const geo::Bbox before = m.view.camera.visible_extent();
    dispatch(m, fx, PanPixels{100, 0});
    CHECK(m.view.camera.visible_extent().min_x < before.min_x);  // the map follows the hand
    dispatch(m, fx, ZoomAbout{800, 450, 2.0});
    CHECK(m.view.camera.visible_extent().width() == Approx((before.width()) / 2));
    dispatch(m, fx, ZoomAll{});
    CHECK(m.view.camera.visible_extent().contains(app::data_bounds(m)));
    dispatch(m, fx, GoToCoordinate{"120.47, 36.12"});  // lon/lat in CGCS2000
    REQUIRE(m.view.fly);
    dispatch(m, fx, GoToCoordinate{"not a place"});
    CHECK(m.messages.back().text.find("is not two numbers") != std::string::npos);
    const size_t parks = index_of(m, "pocket_parks");
    dispatch(m, fx, SetVisible{parks, false});
    dispatch(m, fx, GoToFeature{parks, 2});
    CHECK(m.layers[parks].visible);
    CHECK(m.layers[parks].selected == std::vector<uint32_t>{2});
    dispatch(m, fx, ClearSelection{});
    CHECK(m.layers[parks].selected.empty());
  }
  SECTION("search") {
    dispatch(m, fx, ShowSearch{true});
    CHECK(m.forms.search.visible);
    dispatch(m, fx, ShowSearch{true});  // Ctrl+F while open: the field gets the cursor again
    CHECK(m.forms.search.focus_requests == 2);
    dispatch(m, fx, Search{"张村"});
    REQUIRE_FALSE(m.forms.search.results.empty());
    for (const auto& r : m.forms.search.results) CHECK(r.label.find("张村") != std::string::npos);
    dispatch(m, fx, Search{"zzzzqqq"});
    CHECK(m.forms.search.results.empty());
    // A place finds what is in it: the layer named after it lists its communities,
    // each row with its status on the shown date.
    const size_t communities = index_of(m, "zhangcun_communities");
    dispatch(m, fx, Search{"张村河"});
    std::vector<bool> found(m.layers[communities].data.feature_count(), false);
    for (const auto& r : m.forms.search.results)
      if (r.layer == communities) {
        found[r.feature] = true;
        CHECK(r.label.find(std::string(geo::status_label(m.layers[communities].status[r.feature]))) !=
              std::string::npos);
      }
    CHECK(std::count(found.begin(), found.end(), true) == static_cast<long>(found.size()));
    // Without the generic suffix: 文张小区 finds 文张社区.
    CHECK(app::strip_place_suffix("张村河片区") == "张村河");
    CHECK(app::strip_place_suffix("社区") == "社区");
    dispatch(m, fx, Search{"文张小区"});
    REQUIRE_FALSE(m.forms.search.results.empty());
    CHECK(m.forms.search.results.front().label.find("文张社区") == 0);
    // An area lists the projects inside it: 沙子口街道's are those whose sub-district
    // attribute (from the generator, which places them there) says so. (This model
    // reads the layers without reprojecting: only those in the sub-districts' CRS.)
    dispatch(m, fx, Search{"沙子口街道"});
    std::set<std::pair<size_t, uint32_t>> listed;
    size_t inside = 0;
    for (const auto& r : m.forms.search.results) {
      listed.insert({r.layer, r.feature});
      inside += r.label.find("inside") != std::string::npos;
    }
    const std::string crs = m.layers[index_of(m, "subdistricts")].data.crs;
    size_t expected = 0;
    for (size_t i = 0; i < m.layers.size(); ++i) {
      const app::MapLayer& l = m.layers[i];
      const int sd = l.data.attributes.find("subdistrict");
      if (!l.has_status() || sd < 0 || l.data.crs != crs) continue;
      for (uint32_t f = 0; f < l.data.feature_count(); ++f)
        if (l.data.attributes.get(f, static_cast<size_t>(sd)) == "沙子口") {
          ++expected;
          CHECK(listed.count({i, f}) == 1);
        }
    }
    CHECK(expected >= 10);
    CHECK(inside * 2 >= expected);  // the rest are found by name (沙子口…) first
    // A feature the legend hides is listed as hidden.
    const app::MapLayer& c = m.layers[communities];
    const auto first = static_cast<uint32_t>(0);
    dispatch(m, fx, ToggleStatus{static_cast<int>(c.status[first])});
    dispatch(m, fx, Search{std::string(c.data.attributes.get(first, static_cast<size_t>(c.classes.name_field)))});
    REQUIRE_FALSE(m.forms.search.results.empty());
    CHECK(m.forms.search.results.front().layer == communities);
    CHECK_FALSE(m.forms.search.results.front().shown);
    dispatch(m, fx, ToggleStatus{static_cast<int>(c.status[first])});
    dispatch(m, fx, ShowSearch{false});  // Esc
    CHECK_FALSE(m.forms.search.visible);
  }
  SECTION("measuring") {
    dispatch(m, fx, SetMeasuring{true});
    REQUIRE(m.measure.measurer);
    dispatch(m, fx, AddMeasurePoint{100, 100});
    dispatch(m, fx, AddMeasurePoint{200, 100});
    dispatch(m, fx, AddMeasurePoint{200, 200});
    CHECK(m.measure.xy.size() == 6);
    dispatch(m, fx, UndoMeasurePoint{});
    CHECK(m.measure.xy.size() == 4);
    dispatch(m, fx, FinishMeasure{});
    CHECK(m.measure.done);
    dispatch(m, fx, AddMeasurePoint{200, 100, 2});  // the double click's release keeps the path
    CHECK(m.measure.xy.size() == 4);
    CHECK(m.measure.done);
    dispatch(m, fx, AddMeasurePoint{300, 300});  // after a double click: a new path
    CHECK(m.measure.xy.size() == 2);
    dispatch(m, fx, SetMeasuring{false});
    CHECK(m.measure.xy.empty());
    dispatch(m, fx, AddMeasurePoint{1, 1});  // not measuring: nothing
    CHECK(m.measure.xy.empty());
  }
  SECTION("the session") {
    dispatch(m, fx, SetPresenting{true});
    CHECK(m.presenting);
    CHECK(fx.called("presenting"));
    dispatch(m, fx, SetUiScale{10.0f});
    CHECK(fx.called("scale 3.000000"));
    dispatch(m, fx, ExportView{"a.png", 800, 600});
    CHECK(fx.called("export a.png 800x600"));
    // The toast names the written file in full, and its size.
    CHECK(m.messages.back().text ==
          "已导出 exported " + (std::filesystem::current_path() / "a.png").string() + " (800×600)");
    dispatch(m, fx, ShowMessages{true});
    CHECK(m.forms.messages_open);
    dispatch(m, fx, ShowMessages{false});
    CHECK_FALSE(m.forms.messages_open);
    dispatch(m, fx, CopyText{"36.1, 120.4"});
    CHECK(fx.called("copy 36.1, 120.4"));
    CHECK(m.messages.back().text == "已复制 copied 36.1, 120.4");
    dispatch(m, fx, ClearMessages{});
    CHECK(m.messages.empty());
    dispatch(m, fx, RequestClose{});
    CHECK(fx.called("request close"));
    dispatch(m, fx, Quit{false});
    CHECK(fx.called("discard autosave"));
    CHECK(fx.called("close"));
    const std::string path = temp_path("quit.project.json");
    m.project.path = path;
    fx.calls.clear();
    dispatch(m, fx, Quit{true});
    CHECK(fx.called("saved"));
    CHECK(fx.called("close"));
    CHECK(fs::exists(path));
    fs::remove(path);
    m.project.path = "/nonexistent-dir/x.json";
    fx.calls.clear();
    dispatch(m, fx, Quit{true});  // the save failed: stay
    CHECK_FALSE(fx.called("close"));
  }
  SECTION("opening data") {
    dispatch(m, fx, ShowOpen{true});
    CHECK(m.forms.open.visible);
    dispatch(m, fx, InspectPath{"x.gpkg"});
    CHECK(fx.called("inspect x.gpkg"));
    CHECK(m.forms.open.busy);
    CHECK(m.forms.open.path == "x.gpkg");
    dispatch(m, fx, Inspected{"other.gpkg", geo::Error{"other.gpkg", "", "late"}});  // an old question: ignored
    CHECK(m.forms.open.busy);
    geo::LayerInfo a, b;
    a.name = "roads", a.has_geometry = true;
    b.name = "parks", b.has_geometry = true;
    dispatch(m, fx, Inspected{"x.gpkg", std::vector<geo::LayerInfo>{a, b}});
    CHECK_FALSE(m.forms.open.busy);
    CHECK(m.forms.open.layers == std::vector<std::string>{"roads", "parks"});
    CHECK(m.forms.open.chosen == std::vector<uint8_t>{1, 1});
    CHECK_FALSE(m.forms.open.needs_columns);
    geo::LayerInfo table;
    table.name = "points", table.has_geometry = false, table.fields = {"lon", "lat"};
    dispatch(m, fx, InspectPath{"t.csv"});
    dispatch(m, fx, Inspected{"t.csv", std::vector<geo::LayerInfo>{table}});
    CHECK(m.forms.open.needs_columns);
    CHECK(m.forms.open.fields == std::vector<std::string>{"lon", "lat"});
    dispatch(m, fx, InspectPath{"bad.gpkg"});
    dispatch(m, fx, Inspected{"bad.gpkg", geo::Error{"bad.gpkg", "", "not a dataset"}});
    CHECK(m.forms.open.error.find("not a dataset") != std::string::npos);
    for (int i = 0; i < 12; ++i) dispatch(m, fx, AddLayers{"f" + std::to_string(i) + ".gpkg", {}, {}, {}});
    CHECK(m.forms.open.recent.size() == 10);
    CHECK(m.forms.open.recent.front() == "/abs/f11.gpkg");
    CHECK_FALSE(m.forms.open.visible);
    CHECK(fx.called("settings"));
    dispatch(m, fx, AddLayers{"PG:dbname=x password=secret", {}, {}, {}});
    CHECK(m.forms.open.recent.front().find("secret") == std::string::npos);
    dispatch(m, fx, CancelLoading{3});
    CHECK(fx.called("cancel 3"));
  }
  SECTION("basemaps") {
    m.basemaps.push_back({});
    dispatch(m, fx, SetBasemap{0, false, 2.0f});
    CHECK_FALSE(m.basemaps[0].config.visible);
    CHECK(m.basemaps[0].config.opacity == 1.0f);
    dispatch(m, fx, SetBasemap{5, true, 0.5f});  // no such basemap
  }
}

TEST_CASE("settings survive a restart and bad ones fall back to defaults", "[app][settings]") {
  const std::string path = temp_path("settings/settings.json");
  app::Settings s;
  s.ui_scale = 1.5f;
  s.recent = {"/data/a.gpkg", "/data/b.shp"};
  CHECK(app::save_settings(path, s).empty());
  const app::Settings back = app::load_settings(path);
  CHECK(back.ui_scale == 1.5f);
  CHECK(back.recent == s.recent);
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("{\"ui_scale\": 99, \"recent\": [1, \"/x\"]}", f);
    std::fclose(f);
  }
  const app::Settings clamped = app::load_settings(path);
  CHECK(clamped.ui_scale == 3.0f);
  CHECK(clamped.recent == std::vector<std::string>{"/x"});
  {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs("not json", f);
    std::fclose(f);
  }
  CHECK(app::load_settings(path).ui_scale == 1.0f);
  fs::remove_all(fs::path(path).parent_path());
}

TEST_CASE("the burn-up chart counts the programme, a layer or an area, and follows filters and stops",
          "[app][model][chart]") {
  Model m = laoshan_model();
  m.chart.visible = true;
  app::update_chart(m);
  const geo::BurnUp& all = m.chart.full;
  REQUIRE(m.chart.error.empty());
  // What is drawn is the part where things happen, holding the shown date.
  const geo::BurnUp& drawn = m.chart.series;
  REQUIRE(drawn.covers(m.clock.as_of));
  CHECK(drawn.by_status[static_cast<size_t>(m.clock.as_of - drawn.first)] ==
        all.by_status[static_cast<size_t>(m.clock.as_of - all.first)]);
  size_t status_features = 0;
  geo::StatusCounts on_day{};
  for (const app::MapLayer& l : m.layers) {
    if (!l.has_status()) continue;
    status_features += l.data.feature_count();
    for (geo::Status s : l.status) ++on_day[static_cast<size_t>(s)];
  }
  CHECK(all.features == status_features);
  REQUIRE(all.covers(m.clock.as_of));
  // On the shown day the chart's statuses are the map's.
  CHECK(all.by_status[static_cast<size_t>(m.clock.as_of - all.first)] == on_day);
  CHECK(all.first == m.clock.min_day);
  CHECK(all.last == m.clock.max_day);

  // One layer: its own features; finished by a day = actual finish on or before it.
  const size_t compounds = index_of(m, "old_compounds");
  std::string title, error;
  const geo::BurnUp one = app::chart_series(m, "layer:" + m.layers[compounds].title, all.first, all.last, title, error);
  CHECK(error.empty());
  CHECK(one.features == m.layers[compounds].data.feature_count());
  const geo::Day day = *geo::parse_date("2023-09-30");
  uint32_t finished = 0;
  for (const geo::FeatureDates& d : m.layers[compounds].timeline.dates)
    finished += d.actual_finish != geo::kNoDay && d.actual_finish <= day;
  CHECK(one.completed[static_cast<size_t>(day - one.first)] == finished);

  // The sub-districts split the programme: every project in one of them or in none.
  const size_t subdistricts = index_of(m, "subdistricts");
  size_t in_areas = 0;
  for (size_t a = 0; a < m.layers[subdistricts].data.feature_count(); ++a) {
    const std::string name(m.layers[subdistricts].data.attributes.get(a, 0));
    const geo::BurnUp area =
        app::chart_series(m, "area:" + m.layers[subdistricts].title + "/" + name, all.first, all.last, title, error);
    INFO(name << ": " << error);
    CHECK(error.empty());
    CHECK(title == name);
    in_areas += area.features;
  }
  CHECK(in_areas > status_features / 2);
  CHECK(in_areas <= status_features);

  // Scopes that name nothing say so.
  CHECK(app::chart_series(m, "layer:no such", all.first, all.last, title, error).features == 0);
  CHECK(error.find("no such") != std::string::npos);
  CHECK(app::chart_series(m, "area:街道/nowhere", all.first, all.last, title, error).features == 0);
  CHECK(error.find("nowhere") != std::string::npos);
  CHECK(app::chart_series(m, "pie", all.first, all.last, title, error).features == 0);
  CHECK_FALSE(error.empty());

  // A filter that lets half a layer through: the programme's series is recomputed.
  m.layers[compounds].filter_pass.assign(m.layers[compounds].data.feature_count(), 0);
  for (size_t f = 0; f < m.layers[compounds].filter_pass.size(); f += 2) m.layers[compounds].filter_pass[f] = 1;
  app::update_chart(m);
  CHECK(m.chart.full.features == status_features - m.layers[compounds].data.feature_count() / 2);

  // Commands, and a stop that names a chart shows it on its slide; a bookmark of a
  // view with the chart open keeps it.
  FakeEffects fx;
  app::dispatch(m, fx, app::cmd::SetChartScope{"layer:" + m.layers[compounds].title});
  app::update_chart(m);
  CHECK(m.chart.full.features == m.layers[compounds].data.feature_count() / 2);
  // The compounds are planned within 2023-24: their chart is not drawn from 2021.
  CHECK(m.chart.series.first > all.first);
  app::dispatch(m, fx, app::cmd::ShowChart{false});
  CHECK_FALSE(m.chart.visible);
  m.project.bookmarks[1].chart = "programme";
  app::go_to_bookmark(m, 1, false);
  CHECK(app::shown_scope(m) == "programme");
  CHECK(app::bookmark_of_view(m, "x").chart == "programme");
  app::go_to_bookmark(m, 2, false);
  CHECK(m.chart.stop_scope.empty());
  CHECK(app::bookmark_of_view(m, "x").chart.empty());
}
