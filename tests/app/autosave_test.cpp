// Autosave: where it goes, when it is offered back, and a session driven as a person
// would (xdotool under Xvfb): a bookmark added, the viewer killed, the next start
// restores it, Ctrl+S saves it into the project.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/model/autosave.hpp"
#include "support/datagen.hpp"
#include "support/drive.hpp"

namespace {

namespace fs = std::filesystem;
using testdata::alive;
using testdata::read_text;
using testdata::shell;
using testdata::wait_for;
using testdata::wait_for_text;

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("autosave: one file per set of inputs, offered only when newer than the project", "[app][autosave]") {
  const std::string dir = testdata::temp_dir("autosave-model");
  const std::string state = dir + "/state";
  const std::string project = dir + "/p.project.json";
  std::ofstream(project) << "{\"version\": 1, \"layers\": []}\n";

  const std::string file = app::model::autosave_file({project}, state);
  CHECK(fs::path(file).parent_path() == fs::path(state));
  // The same project named another way is the same session; other inputs are not.
  const fs::path cwd = fs::current_path();
  fs::current_path(dir);
  CHECK(app::model::autosave_file({"p.project.json"}, state) == file);
  CHECK(app::model::autosave_file({"./sub/../p.project.json"}, state) == file);
  fs::current_path(cwd);
  CHECK(app::model::autosave_file({project, dir + "/roads.gpkg"}, state) != file);
  CHECK(app::model::autosave_file({dir + "/q.project.json"}, state) != file);

  CHECK_FALSE(app::model::leftover_autosave({project}, state));  // nothing written yet
  fs::create_directories(state);
  std::ofstream(file) << "{\"version\": 1, \"layers\": []}\n";
  fs::last_write_time(project, fs::last_write_time(file) - std::chrono::seconds(60));
  auto left = app::model::leftover_autosave({project}, state);
  REQUIRE(left);
  CHECK(left->path == file);
  // The project saved after the autosave: the autosave is stale.
  fs::last_write_time(project, fs::last_write_time(file) + std::chrono::seconds(60));
  CHECK_FALSE(app::model::leftover_autosave({project}, state));
  app::model::discard_autosave(file);
  CHECK_FALSE(fs::exists(file));

  // Where it lives by default.
  const char* old = std::getenv("XDG_STATE_HOME");
  const std::string saved = old ? old : "";
  setenv("XDG_STATE_HOME", "/x/state", 1);
  CHECK(app::model::autosave_dir() == "/x/state/renewmap/autosave");
  if (old) setenv("XDG_STATE_HOME", saved.c_str(), 1);
  else unsetenv("XDG_STATE_HOME");
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("autosave: a killed session's bookmark comes back at the next start and saves with Ctrl+S",
          "[app][autosave][window]") {
  INFO("needs a display: the test command runs CTest under Xvfb");
  REQUIRE(std::getenv("DISPLAY"));
  if (!testdata::have_xdotool()) FAIL("xdotool is not installed (scripts/setup.sh installs it)");
  const std::string dir = testdata::temp_dir("autosave-window");
  const std::string state = dir + "/state";
  testdata::write_vector(dir + "/parcels.gpkg", "GPKG",
                         {{"parcels", "EPSG:4549", {"status"},
                           {{"POLYGON ((541000 3991000,542000 3991000,542000 3992000,541000 3992000,541000 3991000))",
                             {{"status", "在建"}}}}}});
  const std::string project = dir + "/demo.project.json";
  std::ofstream(project) << "{\"version\": 1, \"title\": \"autosave test\", \"layers\": [{\"source\": \"parcels.gpkg\"}]}\n";
  // The project file is older than anything the session writes.
  fs::last_write_time(project, fs::file_time_type::clock::now() - std::chrono::hours(1));
  const std::string autosave = app::model::autosave_file({project}, state + "/renewmap/autosave");

  // Starts the viewer on the project in the background; returns its pid and window id.
  auto start = [&](const std::string& log) {
    const testdata::Viewer v =
        testdata::start_viewer("XDG_STATE_HOME='" + state + "'", dir, "--size 900x600 '" + project + "'", log);
    return std::make_pair(v.pid, v.window);
  };
  // Loading done: RENEWMAP_TRACE=1 prints it (the unsaved-changes baseline is taken then).
  auto loaded = [&](const std::string& log) { return wait_for_text(log, "trace: loaded"); };
  // A short key press to the window, as a person would type it.
  auto key = [&](const std::string& window, const std::string& keys) {
    shell("xdotool windowfocus --sync " + window + " 2>/dev/null; xdotool key --clearmodifiers --delay 80 " + keys);
  };

  // 1. Open, add a bookmark (Ctrl+B), wait for the autosave, then the process dies.
  // (Plain variables, not structured bindings: clang 14's lambdas cannot capture those.)
  const auto first = start(dir + "/first.log");
  const std::string pid = first.first, window = first.second;
  testdata::StopAtExit stop_first(pid);
  INFO(read_text(dir + "/first.log"));
  REQUIRE(!window.empty());
  const bool first_loaded = loaded(dir + "/first.log");
  INFO("first start: " << read_text(dir + "/first.log"));
  REQUIRE(first_loaded);
  key(window, "ctrl+b");
  const bool autosaved = wait_for([&] { return fs::exists(autosave) && count_of(read_text(autosave), "\"name\"") >= 1; }, 20);
  INFO("autosave: " << (fs::exists(autosave) ? read_text(autosave) : std::string("(none)")));
  REQUIRE(autosaved);
  CHECK(read_text(autosave).find("\"bookmarks\"") != std::string::npos);
  CHECK(read_text(project).find("\"bookmarks\"") == std::string::npos);  // not saved by the user
  shell("kill -9 " + pid);
  REQUIRE(wait_for([&] { return !alive(pid); }, 10));
  CHECK(fs::exists(autosave));  // the work survives the process

  // 2. The next start asks; Enter restores; Ctrl+S saves into the project; Ctrl+Q quits.
  const auto second = start(dir + "/second.log");
  const std::string pid2 = second.first, window2 = second.second;
  testdata::StopAtExit stop_second(pid2);
  INFO(read_text(dir + "/second.log"));
  REQUIRE(!window2.empty());
  // The question is up before anything loads (RENEWMAP_TRACE=1 says when it is on
  // screen); the answer is a short press, which the viewer must not miss however slow
  // its frames (ThreadSanitizer on a busy machine).
  const bool asked = wait_for_text(dir + "/second.log", "trace: restore question shown");
  INFO("second start, asked: " << read_text(dir + "/second.log"));
  REQUIRE(asked);
  CHECK(read_text(dir + "/second.log").find("trace: loaded") == std::string::npos);
  shell("xdotool windowfocus --sync " + window2 + " 2>/dev/null; xdotool keydown Return keyup Return");
  const bool restored = loaded(dir + "/second.log");
  INFO("second start, after Enter: " << read_text(dir + "/second.log"));
  REQUIRE(restored);
  key(window2, "ctrl+s");
  const bool saved = wait_for([&] { return read_text(project).find("\"bookmarks\"") != std::string::npos; }, 15);
  INFO("project: " << read_text(project));
  CHECK(saved);
  CHECK(read_text(project).find("parcels.gpkg") != std::string::npos);  // paths relative to the project again
  CHECK_FALSE(fs::exists(autosave));  // saved: nothing left to restore
  key(window2, "ctrl+q");
  CHECK(wait_for([&] { return !alive(pid2); }, 10));

  // 3. With nothing left over, a start asks nothing: the map is up at once.
  CHECK_FALSE(app::model::leftover_autosave({project}, state + "/renewmap/autosave"));
  std::error_code ec;
  fs::remove_all(dir, ec);
}

TEST_CASE("Ctrl+S on the embedded default project writes a project of the person's, never into the assets",
          "[app][autosave][window]") {
  INFO("needs a display: the test command runs CTest under Xvfb");
  REQUIRE(std::getenv("DISPLAY"));
  if (!testdata::have_xdotool()) FAIL("xdotool is not installed (scripts/setup.sh installs it)");
  const std::string dir = testdata::temp_dir("default-save");
  const std::string asset = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.project.json";
  const std::string before = read_text(asset);
  const std::string log = dir + "/run.log";
  const testdata::Viewer v =
      testdata::start_viewer("HOME='" + dir + "' XDG_STATE_HOME='" + dir + "/state'", dir, "--size 900x600", log);
  testdata::StopAtExit stop_viewer(v.pid);
  const std::string pid = v.pid, window = v.window;
  INFO(read_text(log));
  REQUIRE(!window.empty());
  REQUIRE(wait_for([&] { return read_text(log).find("trace: loaded") != std::string::npos; }, 60));
  shell("xdotool windowfocus --sync " + window + " 2>/dev/null; xdotool key --clearmodifiers ctrl+s");
  const std::string saved = dir + "/renewmap.project.json";
  CHECK(wait_for([&] { return fs::exists(saved); }, 15));
  CHECK(read_text(asset) == before);  // the program's own project untouched
  // The new project reads the same layers, by paths that lead back to the assets.
  CHECK(read_text(saved).find("laoshan.gpkg") != std::string::npos);
  std::string info;
  CHECK(testdata::run_command(std::string(RENEWMAP_BINARY) + " --info '" + saved + "' 2>&1", info) == 0);
  stop_viewer.stop();
  std::error_code ec;
  fs::remove_all(dir, ec);
}
