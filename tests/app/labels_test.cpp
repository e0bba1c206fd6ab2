#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "app/ui/overlay/overlay.hpp"
#include "geo/image.hpp"
#include "support/frame.hpp"

using app::ui::LabelPlacer;
using app::ui::ScreenRect;

TEST_CASE("labels never overlap each other, the windows to avoid, or the frame's edge", "[app][label]") {
  const ScreenRect frame{0, 0, 800, 450};
  const ScreenRect title{10, 10, 300, 80}, scale_bar{10, 400, 200, 440};
  LabelPlacer placer(frame, {title, scale_bar}, 3);
  CHECK(placer.place({400, 200, 480, 220}));        // free: taken
  CHECK_FALSE(placer.place({470, 210, 550, 230}));  // overlaps the first
  CHECK_FALSE(placer.place({250, 60, 330, 80}));    // under the title box
  CHECK_FALSE(placer.place({150, 395, 230, 415}));  // on the scale bar
  CHECK_FALSE(placer.place({760, 100, 840, 120}));  // cut by the right edge
  CHECK_FALSE(placer.place({100, -5, 180, 15}));    // cut by the top
  CHECK(placer.place({480, 200, 560, 220}));        // touching the first is not overlapping
  CHECK(placer.place({600, 300, 680, 320}));
  CHECK(placer.full());
  CHECK_FALSE(placer.place({100, 200, 180, 220}));  // at most 3
  REQUIRE(placer.placed().size() == 3);
  for (size_t i = 0; i < placer.placed().size(); ++i)
    for (size_t j = i + 1; j < placer.placed().size(); ++j) CHECK_FALSE(placer.placed()[i].overlaps(placer.placed()[j]));
}

// A feature hidden by a status checkbox draws no label: two named squares, one of them
// completed with Completed hidden; the shown one's name is on the map, the hidden one's
// place is plain background.
TEST_CASE("a feature hidden by the status filter draws no label", "[app][label][render]") {
  const std::string dir = testdata::temp_dir("hidden-label");
  const testdata::Frame fr;  // 10 m per pixel
  testdata::write_vector(dir + "/zones.gpkg", "GPKG",
                         {{"zones", "EPSG:4549", {"name", "status"},
                           {{"POLYGON (" + testdata::square_ring(541000, 3991000, 2000) + ")",
                             {{"name", "SHOWNZONE"}, {"status", "在建"}}},
                            {"POLYGON (" + testdata::square_ring(545000, 3991000, 2000) + ")",
                             {{"name", "HIDDENZONE"}, {"status", "竣工"}}}}}});
  const std::string project = dir + "/p.project.json";
  std::ofstream(project) << "{\"version\": 1, \"crs\": \"EPSG:4549\", \"hide_statuses\": [\"completed\"], "
                            "\"layers\": [{\"source\": \"zones.gpkg\"}]}\n";
  std::string out;
  const int rc = testdata::run_renewmap("--screenshot " + dir + "/shot.png --size 800x450 --extent " + fr.extent() + " " +
                                            project, out);
  INFO(out);
  REQUIRE(rc == 0);
  auto img = geo::read_image(dir + "/shot.png");
  REQUIRE(img);
  // Dark text pixels inside the middle of each square (its outline stays outside).
  auto dark_pixels = [&](double x, double y) {
    const testdata::Px a = fr.to_px(x + 300, y + 1700), b = fr.to_px(x + 1700, y + 300);
    int n = 0;
    for (int py = a.y; py < b.y; ++py)
      for (int px = a.x; px < b.x; ++px) {
        const uint8_t* p = img->at(px, py);
        if (p[0] < 90 && p[1] < 90 && p[2] < 90) ++n;
      }
    return n;
  };
  CHECK(dark_pixels(541000, 3991000) > 20);  // "SHOWNZONE"
  CHECK(dark_pixels(545000, 3991000) == 0);  // hidden: no square, no name
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
