// A key pressed and released before the next frame begins (a quick tap while a frame is
// slow, or a tool that sends both at once) still reaches what ImGui draws: Ctrl+C over
// the map copies the cursor's lon/lat. ImGui 1.86 keeps only each key's state per
// frame; the window holds such a release until the frame that saw the press has ended.
// Driven with xdotool under Xvfb.
#include <catch2/catch.hpp>

#include <signal.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include "support/datagen.hpp"
#include "support/drive.hpp"

namespace fs = std::filesystem;
using testdata::read_text;
using testdata::shell;
using testdata::wait_for_text;

TEST_CASE("Ctrl+C and Ctrl+Shift+C pressed and released at once over the map copy the cursor's lon/lat and x, y",
          "[app][window]") {
  INFO("needs a display: the test command runs CTest under Xvfb");
  REQUIRE(std::getenv("DISPLAY"));
  if (!testdata::have_xdotool()) FAIL("xdotool is not installed (scripts/setup.sh installs it)");
  const std::string dir = testdata::temp_dir("quick-keys");
  // A display of its own: other tests' windows (CTest -j2) cannot take the keyboard.
  std::string xvfb;
  const std::string env = testdata::own_display(dir, xvfb);
  testdata::StopAtExit stop_display(xvfb, SIGTERM);
  REQUIRE(!env.empty());
  const std::string log = dir + "/run.log";
  // The embedded Laoshan project (EPSG:4549, Gauss-Kruger CM 120E), every frame made
  // to take 300 ms: the keys below all come within one frame.
  const testdata::Viewer v = testdata::start_viewer(
      env + "HOME='" + dir + "' XDG_STATE_HOME='" + dir + "/state' RENEWMAP_TEST_SLOW_FRAMES=300", dir,
      "--size 900x600", log);
  testdata::StopAtExit stop_viewer(v.pid);
  REQUIRE(!v.window.empty());
  const bool loaded = wait_for_text(log, "trace: loaded");
  INFO(read_text(log));
  REQUIRE(loaded);
  // (Each xdotool with the display in front: after a ';' it would be the default one.)
  shell(env + "xdotool windowfocus --sync " + v.window + " 2>/dev/null; " + env + "xdotool mousemove --window " +
        v.window + " 450 330; sleep 0.5");
  // All the events of a chord at once, in one batch: no frame can fall between them.
  // Ctrl+Shift+C: the cursor's x, y in the map's CRS; Ctrl+C: its lon/lat.
  // Sends `keys`, waits for the log's `nth` copy toast and reads its two numbers.
  auto copied = [&](const char* keys, size_t nth) -> std::pair<double, double> {
    shell(env + "xdotool " + keys);
    const std::string mark = "已复制 copied ";
    auto toasts = [&](const std::string& text) {
      size_t n = 0;
      for (size_t at = text.find(mark); at != std::string::npos; at = text.find(mark, at + 1)) ++n;
      return n;
    };
    const bool said = testdata::wait_for([&] { return toasts(read_text(log)) >= nth; }, 20);
    const std::string text = read_text(log);
    INFO(keys << "\n" << text);
    REQUIRE(said);
    double a = 0, b = 0;  // the newest toast is this one
    REQUIRE(std::sscanf(text.c_str() + text.rfind(mark) + mark.size(), "%lf, %lf", &a, &b) == 2);
    return {a, b};
  };
  const auto xy = copied("keydown ctrl keydown shift keydown c keyup c keyup shift keyup ctrl", 1);
  const auto lonlat = copied("keydown ctrl keydown c keyup c keyup ctrl", 2);
  // PROJ's own answer for the same point (cs2cs: EPSG:4549 and EPSG:4490 in their
  // authority's axis order, northing easting and lat lon).
  char point[96];
  std::snprintf(point, sizeof point, "%.3f %.3f", xy.second, xy.first);
  const std::string proj = shell(std::string("echo '") + point + "' | cs2cs -f %.9f EPSG:4549 EPSG:4490");
  double lat = 0, lon = 0;
  INFO("x, y " << xy.first << ", " << xy.second << "; lon/lat " << lonlat.first << ", " << lonlat.second
               << "; cs2cs: " << proj);
  REQUIRE(std::sscanf(proj.c_str(), "%lf %lf", &lat, &lon) == 2);
  CHECK(std::abs(lonlat.first - lon) < 1e-6);
  CHECK(std::abs(lonlat.second - lat) < 1e-6);
  // The point is in Laoshan District (120.4-120.8°E, 36.0-36.4°N), in the map's middle.
  CHECK((lon > 120.4 && lon < 120.8));
  CHECK((lat > 36.0 && lat < 36.4));
  stop_viewer.stop();
  stop_display.stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
}
