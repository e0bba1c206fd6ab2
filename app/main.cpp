// renewmap: a map viewer for urban-renewal programmes. Parses the command line, runs
// the App, returns its exit status (see app/options.cpp for the contract).
#include <cstdio>

#include "app/app.hpp"
#include "app/options.hpp"

int main(int argc, char** argv) {
  app::ParseOutcome parsed = app::parse_options(argc, argv);
  if (!parsed.options) {
    std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  app::App program(*parsed.options, app::default_project_path(argc > 0 ? argv[0] : nullptr));
  return program.run();
}
