// The meeting tools driven as a presenter would, with xdotool under Xvfb: C opens the
// burn-up chart and a click on it sets the date; S starts the before/after swipe, ]
// and the mouse move its divider; Ctrl+B keeps both in a bookmark, Ctrl+S writes them.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "geo/timeline.hpp"
#include "support/datagen.hpp"
#include "support/drive.hpp"

namespace fs = std::filesystem;
using testdata::read_text;
using testdata::shell;
using testdata::wait_for;

TEST_CASE("a click on the burn-up chart sets the date, and S with the bracket keys swipes before and after, kept by a bookmark",
          "[app][chart][swipe][window]") {
  INFO("needs a display: the test command runs CTest under Xvfb");
  REQUIRE(std::getenv("DISPLAY"));
  if (!testdata::have_xdotool()) FAIL("xdotool is not installed (scripts/setup.sh installs it)");
  const std::string dir = testdata::temp_dir("meeting-window");
  // A display of its own: other tests' windows (CTest -j2) cannot take the keyboard.
  std::string xvfb;
  const std::string env = testdata::own_display(dir, xvfb);
  testdata::StopAtExit stop_display(xvfb, SIGTERM);
  REQUIRE(!env.empty());
  const std::string log = dir + "/run.log";
  // The embedded Laoshan project; Save writes renewmap.project.json in the folder.
  const testdata::Viewer v = testdata::start_viewer(env + "HOME='" + dir + "' XDG_STATE_HOME='" + dir + "/state'", dir,
                                                    "--size 1600x900", log);
  testdata::StopAtExit stop_viewer(v.pid);
  INFO(read_text(log));
  REQUIRE(!v.window.empty());
  REQUIRE(wait_for([&] { return read_text(log).find("trace: loaded") != std::string::npos; }, 60));
  // (Each xdotool with the display in front: after a ';' it would be the default one.)
  shell(env + "xdotool windowsize --sync " + v.window + " 1600 900 2>/dev/null; " + env + "xdotool windowmove --sync " +
        v.window + " 0 0 2>/dev/null; " + env + "xdotool windowfocus --sync " + v.window + " 2>/dev/null; sleep 0.5");
  auto key = [&](const char* k) {
    shell(env + "xdotool key --clearmodifiers " + k);
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  };
  const std::string saved = dir + "/renewmap.project.json";
  auto save = [&]() -> nlohmann::json {
    const std::string before = read_text(saved);
    key("ctrl+s");
    wait_for([&] { return read_text(saved) != before; }, 15);
    return nlohmann::json::parse(read_text(saved), nullptr, false);
  };

  // (The screen is read again until it shows, up to 20 s: a slow frame is no failure.)
  auto screen_shows = [&](const std::string& png, const std::function<bool()>& what) {
    return wait_for([&] {
      shell(env + "import -window root '" + png + "'");
      return what();
    }, 20);
  };
  // C: the chart window (640x400 at first, its bottom at 62 % of the height, centred),
  // clicked once it is on screen (its rectangle no longer the map it covered). A click
  // near the left of its plot: a date early in the programme.
  auto chart_rect = [&](const std::string& png, const std::string& out) {
    shell("convert '" + png + "' -crop 640x400+480+158 +repage '" + out + "'");
    return out;
  };
  shell(env + "import -window root '" + dir + "/map.png'");
  const std::string map_rect = chart_rect(dir + "/map.png", dir + "/map-rect.png");
  key("c");
  auto changed = [&] {
    const std::string n = shell("compare -metric AE -fuzz 5% '" + map_rect + "' '" +
                                chart_rect(dir + "/chart.png", dir + "/chart-rect.png") + "' null: 2>&1 || true");
    return std::atof(n.c_str());
  };
  const bool chart = screen_shows(dir + "/chart.png", [&] { return changed() > 20000; });
  INFO("chart: pixels changed in its rectangle " << changed());
  REQUIRE(chart);
  shell(env + "xdotool mousemove --sync 548 420 click 1");
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  key("ctrl+b");
  nlohmann::json j = save();
  INFO(j.dump(1));
  REQUIRE(j.is_object());
  REQUIRE(j["bookmarks"].size() == 6);  // the five stops and the new one
  const auto& picked = j["bookmarks"][5];
  const auto day = geo::parse_date(picked.value("as_of", ""));
  REQUIRE(day);
  CHECK(*day < *geo::parse_date("2022-06-01"));  // the data's date is 2023-10-31
  CHECK(picked.value("chart", "") == "programme");

  // S: before and after; ] twice moves the divider right; the bookmark keeps A and B.
  key("c");  // the chart away
  key("s");
  key("bracketright");
  key("bracketright");
  key("ctrl+b");
  j = save();
  REQUIRE(j["bookmarks"].size() == 7);
  const auto& swiped = j["bookmarks"][6];
  REQUIRE(swiped.contains("swipe"));
  const auto a = geo::parse_date(swiped["swipe"][0].get<std::string>());
  const auto b = geo::parse_date(swiped["swipe"][1].get<std::string>());
  REQUIRE((a && b));
  CHECK(*b == *day);                                   // B: the date the chart set
  CHECK(*a < *b);                                      // A: some months before it
  CHECK_FALSE(swiped.contains("chart"));
  // The divider stands at 60 % of the width: its white line is there on screen.
  // (Counted down the whole column: a map label or a panel may lie over any one pixel
  // of it, and where labels go depends on the hover tooltip's timing.)
  auto white_in_column = [&](const std::string& png, int x) {
    const std::string n = shell("convert '" + png + "' -crop 1x900+" + std::to_string(x) +
                                "+0 txt:- | grep -c '#FFFFFF' || true");
    return std::atoi(n.c_str());
  };
  const bool divider = screen_shows(dir + "/swipe.png", [&] { return white_in_column(dir + "/swipe.png", 960) > 600; });
  INFO("swipe: white at x=960 " << white_in_column(dir + "/swipe.png", 960));
  CHECK(divider);
  // Dragged with the mouse from there to a quarter of the width, the divider follows.
  // (A hand takes its time: the window sees the press where it was pressed.)
  for (const char* step : {"mousemove --sync 960 700", "mousedown 1", "mousemove --sync 800 700",
                           "mousemove --sync 600 700", "mousemove --sync 400 700", "mouseup 1"}) {
    shell(env + "xdotool " + step);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  const bool followed = screen_shows(dir + "/dragged.png", [&] {
    return white_in_column(dir + "/dragged.png", 400) > 600 && white_in_column(dir + "/dragged.png", 960) < 100;
  });
  INFO("dragged: white at x=400 " << white_in_column(dir + "/dragged.png", 400) << ", at x=960 "
                                  << white_in_column(dir + "/dragged.png", 960));
  CHECK(followed);
  stop_viewer.stop();
  stop_display.stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
}
