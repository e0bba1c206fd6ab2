// A presenter's clicker: Page Down / Page Up sent as a press and its release at once
// (no hold), several in quick succession, each must move exactly one stop, also while
// the camera is still flying to the previous one. Driven with xdotool under Xvfb.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "support/datagen.hpp"
#include "support/drive.hpp"

namespace fs = std::filesystem;
using testdata::read_text;
using testdata::shell;
using testdata::wait_for;

TEST_CASE("a clicker's zero-hold presses each move one stop: four forward, two back land on stop 2",
          "[app][present][window]") {
  INFO("needs a display: the test command runs CTest under Xvfb");
  REQUIRE(std::getenv("DISPLAY"));
  if (!testdata::have_xdotool()) FAIL("xdotool is not installed (scripts/setup.sh installs it)");
  const std::string dir = testdata::temp_dir("clicker");
  testdata::write_vector(dir + "/zones.gpkg", "GPKG",
                         {{"zones", "EPSG:4549", {"status"},
                           {{"POLYGON ((540000 3990000,555000 3990000,555000 3993000,540000 3993000,540000 3990000))",
                             {{"status", "在建"}}}}}});
  // Four stops side by side, 4 km apart: the saved view tells which one is shown.
  std::string stops;
  for (int i = 0; i < 4; ++i) {
    const double x = 541500 + 4000.0 * i;
    stops += std::string(i ? "," : "") + "{\"name\": \"stop " + std::to_string(i + 1) + "\", \"extent\": [" +
             std::to_string(x - 500) + ", 3991000, " + std::to_string(x + 500) + ", 3992000]}";
  }
  const std::string project = dir + "/clicker.project.json";
  std::ofstream(project) << "{\"version\": 1, \"title\": \"clicker\", \"crs\": \"EPSG:4549\", \"layers\": "
                            "[{\"source\": \"zones.gpkg\"}], \"bookmarks\": [" + stops + "]}\n";
  // A display of its own: other tests' windows (CTest -j2) cannot take the keyboard.
  std::string xvfb;
  const std::string env = testdata::own_display(dir, xvfb);
  testdata::StopAtExit stop_display(xvfb, SIGTERM);
  REQUIRE(!env.empty());
  const std::string log = dir + "/run.log";
  const testdata::Viewer v = testdata::start_viewer(env + "HOME='" + dir + "' XDG_STATE_HOME='" + dir + "/state'", dir,
                                                    "--present '" + project + "'", log);
  testdata::StopAtExit stop_viewer(v.pid);
  const std::string pid = v.pid, window = v.window;
  INFO(read_text(log));
  REQUIRE(!window.empty());
  REQUIRE(wait_for([&] { return read_text(log).find("trace: loaded") != std::string::npos; }, 60));
  // The window has the keyboard from here on (focusing again between presses would
  // itself disturb them).
  shell(env + "xdotool windowfocus --sync " + window + " 2>/dev/null; sleep 0.5");
  // Press and release in the same instant, 0.1 s apart: what a clicker sends.
  auto tap = [&](const char* key) {
    shell(env + "xdotool keydown " + key + " keyup " + key);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };
  // Saves (Ctrl+S) and returns the centre x of the view on screen, from the project's
  // top-level "extent".
  auto shown_x = [&]() -> double {
    const std::string before = read_text(project);
    std::this_thread::sleep_for(std::chrono::seconds(4));  // the last flight ends
    shell(env + "xdotool key --clearmodifiers ctrl+s");
    wait_for([&] { return read_text(project) != before; }, 15);
    const auto j = nlohmann::json::parse(read_text(project), nullptr, false);
    INFO(read_text(project));
    REQUIRE((j.is_object() && j.contains("extent")));
    const auto& e = j["extent"];
    CHECK(std::abs((e[1].get<double>() + e[3].get<double>()) / 2 - 3991500) < 50);
    return (e[0].get<double>() + e[2].get<double>()) / 2;
  };
  for (int i = 0; i < 4; ++i) tap("Next");
  CHECK(std::abs(shown_x() - 553500) < 50);  // stop 4
  for (int i = 0; i < 2; ++i) tap("Prior");
  CHECK(std::abs(shown_x() - 545500) < 50);  // stop 2
  for (int i = 0; i < 3; ++i) tap("space");
  CHECK(std::abs(shown_x() - 553500) < 50);  // stop 4 again: the last stays put
  stop_viewer.stop();
  stop_display.stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
}
