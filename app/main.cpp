// renewmap: a map viewer for urban-renewal programmes. Parses the command line, sets up
// the process, runs the shell (app/shell/app.hpp), returns its exit status (see
// app/cli/options.cpp for the contract). `renewmap --reader` is the reader process the viewer starts for itself.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "app/shell/app.hpp"
#include "app/data/reader_child.hpp"
#include "app/data/reader_process.hpp"
#include "app/cli/options.hpp"
#include "app/platform/process.hpp"

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--reader") == 0) return app::data::run_reader_child();
  app::ParseOutcome parsed = app::parse_options(argc, argv);
  if (!parsed.options) {
    std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  const app::Options& o = *parsed.options;
  // --verbose includes the loading phases, which RENEWMAP_TRACE turns on (before any
  // thread reads the environment).
  if (o.verbose) setenv("RENEWMAP_TRACE", "1", 0);
  // Before any thread: locale, GDAL, PROJ, GLFW (see platform/process.hpp).
  app::platform::init_process(!o.info && o.save_project.empty());
  // Users' files are read in a child process of this same binary (a crash inside
  // GDAL costs that file, not the session); runs without a window give up on a file
  // after --read-timeout, the window offers Cancel instead.
  app::data::set_reader_executable("/proc/self/exe");
  app::data::set_allow_network(o.allow_network);
  const bool offscreen = o.info || !o.screenshot.empty() || !o.export_slides.empty() || !o.save_project.empty() ||
                         !o.export_video.empty() || !o.report.empty();
  app::data::set_default_timeout(o.read_timeout ? *o.read_timeout : offscreen ? 60.0 : 0.0);
  app::App program(o, app::default_project_path(argc > 0 ? argv[0] : nullptr));
  return program.run();
}
