#include <catch2/catch.hpp>

#include "app/model/camera.hpp"
#include "app/cli/options.hpp"

using Catch::Matchers::WithinAbs;

TEST_CASE("fit with a matching aspect ratio fills the frame exactly", "[app][camera]") {
  app::Camera cam;
  cam.set_viewport(800, 450);
  geo::Bbox e;
  e.add(540000, 3990000);
  e.add(548000, 3994500);
  cam.fit(e);
  CHECK_THAT(cam.resolution(), WithinAbs(10.0, 1e-9));
  const geo::Bbox v = cam.visible_extent();
  CHECK_THAT(v.min_x, WithinAbs(540000, 1e-6));
  CHECK_THAT(v.max_y, WithinAbs(3994500, 1e-6));
  const app::ScreenPoint tl = cam.map_to_screen({540000, 3994500});
  CHECK_THAT(tl.x, WithinAbs(0, 1e-9));
  CHECK_THAT(tl.y, WithinAbs(0, 1e-9));
}

TEST_CASE("fit with another aspect keeps the whole extent visible and centred", "[app][camera]") {
  app::Camera cam;
  cam.set_viewport(1000, 500);
  geo::Bbox e;
  e.add(0, 0);
  e.add(1000, 1000);
  cam.fit(e);
  CHECK_THAT(cam.resolution(), WithinAbs(2.0, 1e-12));
  CHECK_THAT(cam.center_x(), WithinAbs(500, 1e-12));
  const geo::Bbox v = cam.visible_extent();
  CHECK(v.min_y <= 0);
  CHECK(v.max_y >= 1000);
}

TEST_CASE("zoom about the cursor keeps the map point under it", "[app][camera]") {
  app::Camera cam;
  cam.set_viewport(1600, 900);
  cam.set(542318.15, 3997850.56, 5.0);
  const app::ScreenPoint cursor{1234, 321};
  const app::MapPoint before = cam.screen_to_map(cursor);
  cam.zoom_about(cursor, 1.25);
  CHECK_THAT(cam.resolution(), WithinAbs(4.0, 1e-12));
  const app::MapPoint after = cam.screen_to_map(cursor);
  CHECK_THAT(after.x, WithinAbs(before.x, 1e-6));
  CHECK_THAT(after.y, WithinAbs(before.y, 1e-6));
  cam.zoom_about(cursor, 0.0);  // ignored
  cam.zoom_about(cursor, std::nan(""));
  CHECK_THAT(cam.resolution(), WithinAbs(4.0, 1e-12));
}

TEST_CASE("a drag moves the map with the pointer", "[app][camera]") {
  app::Camera cam;
  cam.set_viewport(100, 100);
  cam.set(0, 0, 2.0);
  const app::MapPoint grabbed = cam.screen_to_map({10, 10});
  cam.pan_pixels(30, -20);
  const app::MapPoint now = cam.screen_to_map({40, -10});
  CHECK_THAT(now.x, WithinAbs(grabbed.x, 1e-12));
  CHECK_THAT(now.y, WithinAbs(grabbed.y, 1e-12));
}

TEST_CASE("options parse the documented command line", "[app][cli]") {
  const char* argv[] = {"renewmap", "--crs", "EPSG:4549", "--extent", "1,2,3,4", "--size", "640x480",
                        "--screenshot", "a.png", "--hide-ui", "x.gpkg", "y.shp::roads"};
  auto r = app::parse_options(12, argv);
  REQUIRE(r.options);
  CHECK(r.options->crs == "EPSG:4549");
  REQUIRE(r.options->extent);
  CHECK(r.options->extent->min_x == 1);
  CHECK(r.options->extent->max_y == 4);
  CHECK(r.options->width == 640);
  CHECK(r.options->height == 480);
  CHECK(r.options->screenshot == "a.png");
  CHECK(r.options->hide_ui);
  CHECK(r.options->inputs == std::vector<std::string>{"x.gpkg", "y.shp::roads"});
  CHECK(r.options->source_crs.empty());  // not given: each dataset's own CRS

  // --source-crs names the datasets' CRS and leaves --crs (the display CRS) alone.
  const char* with_source[] = {"renewmap", "--source-crs", "EPSG:4549", "drawing.dxf"};
  auto s = app::parse_options(4, with_source);
  REQUIRE(s.options);
  CHECK(s.options->source_crs == "EPSG:4549");
  CHECK(s.options->crs.empty());
  CHECK(s.options->inputs == std::vector<std::string>{"drawing.dxf"});
  const char* missing[] = {"renewmap", "--source-crs"};
  auto m = app::parse_options(2, missing);
  CHECK_FALSE(m.options);
  CHECK(m.exit_code == 64);
  CHECK(m.message.find("--source-crs needs a CRS") != std::string::npos);
  const char* defaults[] = {"renewmap"};
  auto d = app::parse_options(1, defaults);
  REQUIRE(d.options);
  CHECK(d.options->width == 1600);
  CHECK(d.options->height == 900);
  CHECK(d.options->inputs.empty());
  CHECK_FALSE(d.options->as_of);
  CHECK_FALSE(d.options->present);
}

TEST_CASE("options for presenting and saving parse, and bad ones say why", "[app][cli]") {
  const char* argv[] = {"renewmap", "--as-of", "2023-06-30", "--bookmark", "Zhangcun", "--present",
                        "--export-slides", "out", "--save-project", "p.json", "--info", "--allow-network",
                        "--", "--odd-name.gpkg"};
  auto r = app::parse_options(14, argv);
  REQUIRE(r.options);
  CHECK(r.options->as_of == geo::parse_date("2023-06-30"));
  CHECK(r.options->bookmark == "Zhangcun");
  CHECK(r.options->present);
  CHECK(r.options->export_slides == "out");
  CHECK(r.options->save_project == "p.json");
  CHECK(r.options->info);
  CHECK(r.options->allow_network);
  CHECK(r.options->inputs == std::vector<std::string>{"--odd-name.gpkg"});  // after --, a file
  struct Bad {
    std::vector<const char*> args;
    int exit_code;
    const char* says;
  };
  const Bad bad[] = {
      {{"renewmap", "--as-of", "2023-02-30"}, 64, "--as-of needs a date"},  // no such day
      {{"renewmap", "--as-of"}, 64, "--as-of needs a date"},
      {{"renewmap", "--bookmark"}, 64, "--bookmark needs"},
      {{"renewmap", "--export-slides"}, 1, "--export-slides needs"},   // a file was asked for
      {{"renewmap", "--screenshot", "a.png", "--as-of", "2023"}, 1, "--as-of needs a date"},
      {{"renewmap", "--save-project"}, 1, "--save-project needs"},
      {{"renewmap", "--", "--screenshot"}, -1, ""},  // after --, even that is a file name
  };
  for (const Bad& b : bad) {
    INFO(b.args[1]);
    auto o = app::parse_options(static_cast<int>(b.args.size()), b.args.data());
    if (b.exit_code < 0) {
      CHECK(o.options);
      continue;
    }
    CHECK_FALSE(o.options);
    CHECK(o.exit_code == b.exit_code);
    CHECK(o.message.find(b.says) != std::string::npos);
  }
}

TEST_CASE("the free area is the largest rectangle the overlays leave, for the shape to show", "[app][camera]") {
  using app::PixelRect;
  // Nothing covers: the whole viewport.
  PixelRect a = app::free_area(1920, 1080, {}, 1.6);
  CHECK(a.x0 == 0);
  CHECK(a.x1 == 1920);
  CHECK(a.y1 == 1080);
  // A title top left, a tall legend top right, a scale bar bottom left (1080p
  // presentation): a wide shape goes in the band under the title and above the bar,
  // left of the legend; a tall shape in the column between the title's end and the
  // legend is no better than the band, so the band's room wins for a wide one.
  const std::vector<PixelRect> overlays = {{30, 30, 1000, 200}, {1200, 30, 1890, 580}, {30, 940, 420, 1050}};
  a = app::free_area(1920, 1080, overlays, 2.0);
  for (const PixelRect& o : overlays) CHECK_FALSE(a.overlaps(o));
  CHECK(a.y0 == 200);
  CHECK(a.y1 == 940);
  CHECK(a.x0 == 0);
  CHECK(a.x1 == 1200);
  // A very wide shape does better in the full-width band under the legend.
  a = app::free_area(1920, 1080, overlays, 8.0);
  CHECK(a.y0 == 580);
  CHECK(a.x1 == 1920);
  for (const PixelRect& o : overlays) CHECK_FALSE(a.overlaps(o));
}

TEST_CASE("fit_into puts the extent in the middle of the area with the margin", "[app][camera]") {
  app::Camera cam;
  cam.set_viewport(1000, 500);
  geo::Bbox e;
  e.add(0, 0);
  e.add(400, 400);
  cam.fit_into(e, {500, 0, 1000, 500}, 0.05);  // the right half; 450 px of room each way
  CHECK_THAT(cam.resolution(), WithinAbs(400.0 / 450.0, 1e-12));
  const app::ScreenPoint lo = cam.map_to_screen({0, 0}), hi = cam.map_to_screen({400, 400});
  CHECK_THAT(0.5 * (lo.x + hi.x), WithinAbs(750, 1e-9));
  CHECK_THAT(0.5 * (lo.y + hi.y), WithinAbs(250, 1e-9));
  CHECK_THAT(hi.y, WithinAbs(25, 1e-9));  // 5 % of 500 px above it
}
