// Pieces the panels share (app/ui/widgets.hpp) that need no frame to check.
#include <catch2/catch.hpp>

#include "app/ui/widgets.hpp"

TEST_CASE("counts are shown with their thousands grouped", "[ui]") {
  using app::ui::grouped;
  CHECK(grouped(0) == "0");
  CHECK(grouped(72) == "72");
  CHECK(grouped(999) == "999");
  CHECK(grouped(1000) == "1,000");
  CHECK(grouped(250268) == "250,268");
  CHECK(grouped(10000102) == "10,000,102");
  CHECK(grouped(18446744073709551615u) == "18,446,744,073,709,551,615");
}
