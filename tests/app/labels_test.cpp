#include <catch2/catch.hpp>

#include "app/ui/overlay/overlay.hpp"

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
