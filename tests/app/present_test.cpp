// Presenting through the real binary: status as of a date, bookmarks, slides.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "geo/image.hpp"
#include "geo/style.hpp"
#include "support/frame.hpp"

namespace {

using testdata::colour_is;
using testdata::Px;
const testdata::Frame kFrame;
const std::string kExtent = kFrame.extent();
Px to_px(double x, double y) { return kFrame.to_px(x, y); }
std::string square(double x, double y, double s) { return "POLYGON (" + testdata::square_ring(x, y, s) + ")"; }

// Six dated projects side by side; which of them change status between 2023-03-01
// and 2023-09-01 is known from the rules.
testdata::LayerSpec dated_layer() {
  testdata::LayerSpec l;
  l.name = "projects";
  l.crs = "EPSG:4549";
  l.field_names = {"name", "status", "planned_start", "planned_finish", "actual_start", "actual_finish"};
  auto f = [&](double x, const char* status, const char* ps, const char* pf, const char* as, const char* af) {
    l.features.push_back({square(x, 3991000, 900),
                          {{"name", status}, {"status", status}, {"planned_start", ps}, {"planned_finish", pf},
                           {"actual_start", as}, {"actual_finish", af}}});
  };
  f(540200, "completed", "2022-01-01", "2022-12-31", "2022-01-10", "2022-12-01");            // same: completed
  f(541300, "under_construction", "2023-05-01", "2024-06-30", "2023-05-10", "");             // planned → UC
  f(542400, "completed", "2023-01-01", "2023-06-30", "2023-01-05", "2023-06-20");            // UC → completed
  f(543500, "delayed", "2022-06-01", "2023-05-31", "2022-06-01", "");                        // UC → delayed
  f(544600, "planned", "2024-03-01", "2025-12-31", "", "");                                  // same: planned
  f(545700, "在建", "", "", "", "");                                                         // no dates: recorded
  return l;
}
const bool kChanges[] = {false, true, true, true, false, false};

int run(const std::string& args, std::string& out) { return testdata::run_renewmap(args, out); }

bool same_pixel(const geo::Image& a, const geo::Image& b, Px p) {
  return std::equal(a.at(p.x, p.y), a.at(p.x, p.y) + 3, b.at(p.x, p.y));
}

}  // namespace

TEST_CASE("screenshots at two dates differ exactly where features changed status", "[app][timeline]") {
  const std::string dir = testdata::temp_dir("dates");
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  std::string out;
  const std::string common = " --hide-ui --size 800x450 --extent " + kExtent + " " + dir + "/p.gpkg";
  REQUIRE(run("--screenshot " + dir + "/march.png --as-of 2023-03-01" + common, out) == 0);
  REQUIRE(run("--screenshot " + dir + "/september.png --as-of 2023-09-01" + common, out) == 0);
  auto march = geo::read_image(dir + "/march.png");
  auto september = geo::read_image(dir + "/september.png");
  REQUIRE(march.ok());
  REQUIRE(september.ok());
  using S = geo::Status;
  for (int i = 0; i < 6; ++i) {
    const Px centre = to_px(540200 + 1100.0 * i + 450, 3991450);
    INFO("feature " << i);
    CHECK(same_pixel(*march, *september, centre) == !kChanges[i]);
  }
  CHECK(colour_is(*march, to_px(541750, 3991450), S::Planned));
  CHECK(colour_is(*september, to_px(541750, 3991450), S::UnderConstruction));
  CHECK(colour_is(*march, to_px(542850, 3991450), S::UnderConstruction));
  CHECK(colour_is(*september, to_px(542850, 3991450), S::Completed));
  CHECK(colour_is(*september, to_px(543950, 3991450), S::Delayed));
  CHECK(colour_is(*september, to_px(546150, 3991450), S::UnderConstruction));  // no dates: recorded 在建
  // Pixels differ exactly where a feature changed status: every differing pixel lies
  // on one of the three changed squares (900 m = 90 px, plus 3 px of outline), and
  // nearly all of each square's inside differs.
  size_t differing = 0, outside = 0;
  for (int y = 0; y < 450; ++y)
    for (int x = 0; x < 800; ++x) {
      if (same_pixel(*march, *september, {x, y})) continue;
      ++differing;
      bool on_changed = false;
      for (int i = 0; i < 6; ++i) {
        if (!kChanges[i]) continue;
        const Px lo = to_px(540200 + 1100.0 * i, 3991900), hi = to_px(540200 + 1100.0 * i + 900, 3991000);
        on_changed = on_changed || (x >= lo.x - 3 && x <= hi.x + 3 && y >= lo.y - 3 && y <= hi.y + 3);
      }
      outside += !on_changed;
    }
  CHECK(outside == 0);
  CHECK(differing > 3 * 85 * 85);
}

namespace {
void write_project(const std::string& dir) {
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  std::ofstream(dir + "/walk.project.json") << R"({
  "version": 1,
  "title": "Test walk-through",
  "crs": "EPSG:4549",
  "layers": [{"name": "Projects", "source": "p.gpkg", "status_field": "status", "name_field": "name"}],
  "bookmarks": [
    {"name": "Overview", "extent": [540000, 3990000, 548000, 3994500]},
    {"name": "Second square", "caption": "zoomed in", "extent": [541200, 3990900, 542300, 3991518.75], "as_of": "2023-03-01"},
    {"name": "Third", "extent": [542400, 3991000, 543300, 3991506.25]}
  ]
})";
}
}  // namespace

TEST_CASE("the bookmark option frames the stored extent and applies its date", "[app][bookmarks]") {
  const std::string dir = testdata::temp_dir("bm");
  write_project(dir);
  std::string out;
  const std::string png = dir + "/b.png";
  // The bookmark's extent is 1100 m x 618.75 m: at 800x450 that is 1.375 m per pixel;
  // the second square (541300..542200 x 3991000..) starts 72.7 px from the left and
  // 72.7 px from the bottom.
  REQUIRE(run("--screenshot " + png + " --hide-ui --size 800x450 --bookmark Second " + dir + "/walk.project.json",
              out) == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  // As of 2023-03-01 (the bookmark's date) the second project is still planned.
  for (Px p : {Px{80, 10}, Px{300, 200}, Px{700, 370}}) CHECK(colour_is(*img, p, geo::Status::Planned));
  for (Px p : {Px{66, 200}, Px{300, 383}, Px{740, 200}}) CHECK_FALSE(colour_is(*img, p, geo::Status::Planned));

  CHECK(run("--screenshot " + png + " --hide-ui --bookmark Nonexistent " + dir + "/walk.project.json", out) == 2);
  CHECK(out.find("no bookmark 'Nonexistent'") != std::string::npos);
}

TEST_CASE("the export-slides option writes one numbered PNG per bookmark at the asked size", "[app][bookmarks]") {
  const std::string dir = testdata::temp_dir("slides");
  write_project(dir);
  std::string out;
  REQUIRE(run("--export-slides " + dir + "/slides --size 640x360 " + dir + "/walk.project.json", out) == 0);
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir + "/slides")) {
    if (e.path().extension() != ".png") continue;
    ++n;
    auto img = geo::read_image(e.path().string());
    REQUIRE(img.ok());
    CHECK(img->width == 640);
    CHECK(img->height == 360);
  }
  CHECK(n == 3);
  CHECK(std::filesystem::exists(dir + "/slides/slide-01.png"));
  CHECK(std::filesystem::exists(dir + "/slides/slide-03.png"));
  // slides.json: per slide its stop, date, whether projected, and the legend's counts.
  std::ifstream in(dir + "/slides/slides.json");
  const auto j = nlohmann::json::parse(in, nullptr, false);
  REQUIRE(j.is_object());
  REQUIRE(j["slides"].size() == 3);
  const auto& second = j["slides"][1];
  CHECK(second["file"] == "slide-02.png");
  CHECK(second["bookmark"] == "Second square");
  CHECK(second["as_of"] == "2023-03-01");
  CHECK(second["projected"] == false);  // the project states no data date: nothing is projected
  // As of 2023-03-01 (dated_layer's rules): completed 1, planned 2, under construction
  // 1 (and the undated 在建), delayed... none yet: the fourth is due 2023-05-31.
  CHECK(second["counts"]["completed"] == 1);
  CHECK(second["counts"]["planned"] == 2);
  CHECK(second["counts"]["under_construction"] == 3);
  CHECK(second["counts"]["delayed"] == 0);
  CHECK(j["slides"][0]["as_of"].is_null());  // recorded statuses
  CHECK(j["slides"][0]["counts"]["delayed"] == 1);
}

TEST_CASE("a slide without a date of its own shows the starting date, not the previous slide's",
          "[app][bookmarks][timeline]") {
  const std::string dir = testdata::temp_dir("slide-dates");
  write_project(dir);
  std::string out;
  REQUIRE(run("--export-slides " + dir + "/slides --hide-ui --size 640x360 " + dir + "/walk.project.json", out) == 0);
  auto second = geo::read_image(dir + "/slides/slide-02.png");
  auto third = geo::read_image(dir + "/slides/slide-03.png");
  REQUIRE(second.ok());
  REQUIRE(third.ok());
  // Slide 2 is dated 2023-03-01: its square is still planned.
  CHECK(colour_is(*second, {100, 100}, geo::Status::Planned));
  // Slide 3 has no date and the project no data date: the third square shows its
  // recorded status (completed), not its status on slide 2's date (under construction).
  CHECK(colour_is(*third, {100, 100}, geo::Status::Completed));
  // Reached directly, the same stop looks the same.
  const std::string png = dir + "/third.png";
  REQUIRE(run("--screenshot " + png + " --hide-ui --size 640x360 --bookmark Third " + dir + "/walk.project.json",
              out) == 0);
  auto direct = geo::read_image(png);
  REQUIRE(direct.ok());
  CHECK(colour_is(*direct, {100, 100}, geo::Status::Completed));
  // --as-of still wins over every slide's date.
  REQUIRE(run("--export-slides " + dir + "/dated --as-of 2023-03-01 --hide-ui --size 640x360 " + dir +
                  "/walk.project.json",
              out) == 0);
  auto dated = geo::read_image(dir + "/dated/slide-03.png");
  REQUIRE(dated.ok());
  CHECK(colour_is(*dated, {100, 100}, geo::Status::UnderConstruction));
}

TEST_CASE("a 3840x2160 presentation export is rendered at that size", "[app][export]") {
  const std::string dir = testdata::temp_dir("big");
  write_project(dir);
  std::string out;
  const std::string png = dir + "/big.png";
  REQUIRE(run("--screenshot " + png + " --present --size 3840x2160 --bookmark Overview " + dir + "/walk.project.json",
              out) == 0);
  auto img = geo::read_image(png);
  REQUIRE(img.ok());
  CHECK(img->width == 3840);
  CHECK(img->height == 2160);
  // Drawn at that size, not upscaled: the overview (8 km wide) framed clear of the
  // title, legend and scale bar still shows the under-construction square (900 m) at
  // least 250 px wide, more than 4K's overlays could hold of that colour.
  size_t under_construction = 0;
  for (int y = 0; y < 2160; y += 2)
    for (int x = 0; x < 3840; x += 2) under_construction += colour_is(*img, {x, y}, geo::Status::UnderConstruction);
  CHECK(under_construction * 4 > 250 * 250);
}

TEST_CASE("the info option counts statuses on a date, per layer and in total", "[app][timeline][info]") {
  const std::string dir = testdata::temp_dir("info-asof");
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  std::string out;
  // By the rules, from dated_layer()'s dates: on 2023-03-01 the first project is
  // completed, the second and fifth not started, the third and fourth under way, the
  // sixth (no dates) as recorded (在建).
  REQUIRE(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info --as-of 2023-03-01 " + dir + "/p.gpkg", out) ==
          0);
  INFO(out);
  CHECK(out.find("statuses as of 2023-03-01: planned 2 relocation 0 under_construction 3 completed 1 delayed 0 "
                 "unknown 0") != std::string::npos);
  // On 2023-09-01: the third finished, the fourth is past its planned finish, the
  // second has started.
  REQUIRE(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info --as-of 2023-09-01 " + dir + "/p.gpkg " + dir +
                                    "/p.gpkg::projects",
                                out) == 0);
  CHECK(out.find("statuses as of 2023-09-01: planned 1 relocation 0 under_construction 2 completed 2 delayed 1 "
                 "unknown 0") != std::string::npos);
  // The same layer twice: the total is twice one layer, as the legend would add them.
  CHECK(out.find("all layers as of 2023-09-01: planned 2 relocation 0 under_construction 4 completed 4 delayed 2 "
                 "unknown 0") != std::string::npos);
}

TEST_CASE("a project layer's filter applies to the counts, as it does to the legend", "[app][info][filter]") {
  const std::string dir = testdata::temp_dir("info-filter");
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  // dated_layer() names each project after its recorded status: two are 'completed'.
  std::ofstream(dir + "/f.project.json") << R"({"version": 1, "crs": "EPSG:4549", "layers": [
    {"source": "p.gpkg", "filter": "name = 'completed' OR name = 'planned'"},
    {"source": "p.gpkg", "layer": "projects", "name": "bad filter", "filter": "nosuchfield = 1"}]})";
  std::string out;
  REQUIRE(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info --as-of 2023-03-01 " + dir + "/f.project.json",
                                out) == 0);
  INFO(out);
  CHECK(out.find("filter: name = 'completed' OR name = 'planned' → 3 of 6 features") != std::string::npos);
  // Recorded: completed, completed, planned. On 2023-03-01: the first completed, the
  // third (finished 2023-06-20) under construction, the planned one not started.
  CHECK(out.find("statuses: planned 1 relocation 0 under_construction 0 completed 2 delayed 0 unknown 0") !=
        std::string::npos);
  CHECK(out.find("statuses as of 2023-03-01: planned 1 relocation 0 under_construction 1 completed 1 delayed 0 "
                 "unknown 0") != std::string::npos);
  // The bad filter is said and not applied: all six counted.
  CHECK(out.find("nosuchfield = 1 → not applied") != std::string::npos);
  CHECK(out.find("all layers as of 2023-03-01: planned 3 relocation 0 under_construction 4 completed 2 delayed 0 "
                 "unknown 0") != std::string::npos);
}

namespace {
// The height of the first line of dark text (every channel under 70) in the box
// x0..x1, y0..y1: the rows of its first run of such rows.
int first_ink_line(const geo::Image& img, int x0, int x1, int y0, int y1) {
  int start = -1;
  for (int y = y0; y < y1; ++y) {
    bool ink = false;
    for (int x = x0; x < x1 && !ink; ++x) {
      const uint8_t* p = img.at(x, y);
      ink = p[0] < 70 && p[1] < 70 && p[2] < 70;
    }
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) return y - start;
  }
  return start < 0 ? 0 : y1 - start;
}
}  // namespace

TEST_CASE("presentation text is sized for a projector and grows with the output height", "[app][present]") {
  const std::string dir = testdata::temp_dir("textsize");
  const std::string project = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.project.json";
  std::string out;
  for (const int h : {1080, 2160}) {
    const int w = h * 16 / 9;
    const std::string png = dir + "/p" + std::to_string(h) + ".png";
    REQUIRE(run("--present --size " + std::to_string(w) + "x" + std::to_string(h) + " --screenshot " + png + " " +
                    project,
                out) == 0);
    auto img = geo::read_image(png);
    REQUIRE(img.ok());
    const double k = h / 1080.0;
    // Font sizes are em sizes (PowerPoint's 18 pt body is a 36 px em at 1080 lines);
    // the solid ink of a line is about 0.65-0.7 of it. The title (top left, 56 px em)
    // inks ~40 px, the legend's first row (top right, body 32 px em) ~20 px; at the
    // old 26 px body they inked ~32 and ~16.
    const int title = first_ink_line(*img, w / 50, w / 2, 0, h / 6);
    const int body = first_ink_line(*img, w * 2 / 3, w - w / 50, 0, h / 6);
    INFO("at " << h << " lines: title ink " << title << " px, legend row ink " << body << " px");
    CHECK(title >= 37 * k);
    CHECK(body >= 19 * k);
    CHECK(title <= 60 * k);  // a line, not a block
    CHECK(body <= 30 * k);
  }
}

TEST_CASE("a swipe shows date A left of the divider and date B right of it, on both ways of painting",
          "[app][timeline][swipe]") {
  const std::string dir = testdata::temp_dir("swipe");
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  const std::string common = " --hide-ui --size 800x450 --extent " + kExtent + " " + dir + "/p.gpkg";
  for (const char* path : {"gpu", "cpu"}) {
    INFO("small features painted by: " << path);
    const std::string env = std::string("RENEWMAP_SMALL_FEATURES=") + path + " " + RENEWMAP_BINARY;
    std::string out;
    REQUIRE(testdata::run_command(env + " --screenshot " + dir + "/a.png --as-of 2023-03-01" + common, out) == 0);
    REQUIRE(testdata::run_command(env + " --screenshot " + dir + "/b.png --as-of 2023-09-01" + common, out) == 0);
    REQUIRE(testdata::run_command(env + " --screenshot " + dir + "/swipe.png --swipe 2023-03-01,2023-09-01" + common,
                                  out) == 0);
    auto a = geo::read_image(dir + "/a.png"), b = geo::read_image(dir + "/b.png"), s = geo::read_image(dir + "/swipe.png");
    REQUIRE((a.ok() && b.ok() && s.ok()));
    // The divider at the middle (x = 400, map x 544000): every pixel left of it is the
    // map on A, every pixel right of it the map on B.
    size_t left_differ = 0, right_differ = 0;
    for (int y = 0; y < 450; ++y)
      for (int x = 0; x < 800; ++x) {
        if (x <= 396) left_differ += !same_pixel(*s, *a, {x, y});
        if (x >= 404) right_differ += !same_pixel(*s, *b, {x, y});
      }
    CHECK(left_differ == 0);
    CHECK(right_differ == 0);
    CHECK(colour_is(*s, {400, 225}, geo::Rgba{255, 255, 255, 255}));  // the divider
    using S = geo::Status;
    // The square astride the divider: under construction on A, late on B.
    CHECK(colour_is(*s, to_px(543700, 3991450), S::UnderConstruction));
    CHECK(colour_is(*s, to_px(544300, 3991450), S::Delayed));
    CHECK(colour_is(*s, to_px(542850, 3991450), S::UnderConstruction));  // left: A
  }
}

TEST_CASE("a bookmark's swipe goes on its slide with both dates' counts, and ends at the next stop",
          "[app][timeline][swipe]") {
  const std::string dir = testdata::temp_dir("swipe-slides");
  testdata::write_vector(dir + "/p.gpkg", "GPKG", {dated_layer()});
  std::ofstream(dir + "/walk.project.json") << R"({
  "version": 1, "title": "Swipe", "crs": "EPSG:4549",
  "layers": [{"name": "Projects", "source": "p.gpkg", "status_field": "status", "name_field": "name"}],
  "bookmarks": [
    {"name": "Before and after", "extent": [540000, 3990000, 548000, 3994500], "swipe": ["2023-03-01", "2023-09-01"]},
    {"name": "After", "extent": [540000, 3990000, 548000, 3994500], "as_of": "2023-09-01"}
  ]
})";
  std::string out;
  REQUIRE(run("--export-slides " + dir + "/slides --size 800x450 " + dir + "/walk.project.json", out) == 0);
  std::ifstream in(dir + "/slides/slides.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  const auto& first = j["slides"][0];
  INFO(first.dump());
  REQUIRE(first["swipe"].is_object());
  CHECK(first["as_of"] == "2023-09-01");
  CHECK(first["swipe"]["left_as_of"] == "2023-03-01");
  CHECK(j["slides"][1]["swipe"].is_null());
  // The counts of each side are those --info gives for its date.
  for (const auto& [date, counts] : {std::pair{std::string("2023-03-01"), first["swipe"]["left_counts"]},
                                     std::pair{std::string("2023-09-01"), first["counts"]}}) {
    std::string info;
    REQUIRE(run("--info --as-of " + date + " " + dir + "/p.gpkg", info) == 0);
    for (const char* s : {"planned", "under_construction", "completed", "delayed"}) {
      INFO(date << " " << s << "\n" << info);
      CHECK(info.find(std::string(s) + " " + std::to_string(counts[s].get<int>())) != std::string::npos);
    }
  }
  // The slide itself: the divider down the middle, the second slide without one.
  auto swiped = geo::read_image(dir + "/slides/slide-01.png"), after = geo::read_image(dir + "/slides/slide-02.png");
  REQUIRE((swiped.ok() && after.ok()));
  CHECK(colour_is(*swiped, {400, 440}, geo::Rgba{255, 255, 255, 255}));
  CHECK_FALSE(colour_is(*after, {400, 440}, geo::Rgba{255, 255, 255, 255}));
}
