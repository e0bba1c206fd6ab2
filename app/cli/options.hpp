// The command line. Scripts and tests rely on exactly this contract; extend it, do
// not change what an option already means.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/timeline.hpp"

namespace app {

struct Options {
  std::string crs;                 // --crs: display CRS, anything PROJ accepts
  std::string source_crs;          // --source-crs: CRS of the DATASETs' coordinates (wins over theirs)
  std::optional<geo::Bbox> extent; // --extent X0,Y0,X1,Y1 in display-CRS units
  int width = 1600, height = 900;  // --size WxH
  bool size_given = false;         // --size was on the command line (a video's default differs)
  std::string screenshot;          // --screenshot FILE.png: one frame offscreen, then exit
  bool verbose = false;            // --verbose: renderer, small-feature path, load phases on stderr
  bool hide_ui = false;            // --hide-ui: the map alone
  std::optional<geo::Day> as_of;   // --as-of YYYY-MM-DD: statuses on that day (parsed here, once)
  std::string bookmark;            // --bookmark NAME: start at that walk-through view
  bool present = false;            // --present: presentation mode (fullscreen, big text)
  std::string export_slides;       // --export-slides DIR: one PNG per bookmark, then exit
  std::string export_video;        // --export-video FILE.mp4|FILE.gif: the walk-through as a film, then exit
  std::optional<int> fps;          // --fps N: its frame rate (default 30; 15 for a GIF)
  std::optional<std::pair<geo::Day, geo::Day>> swipe;  // --swipe A,B: before/after, A left of the divider
  std::string chart;               // --chart SCOPE: the burn-up chart shown (window, slide element)
  std::string report;              // --report AREA_LAYER: the per-area progress report, then exit
  std::string report_out;          // --out FILE.pdf: where it goes
  std::string save_project;        // --save-project FILE: write the inputs as a project, then exit
  bool info = false;               // --info: describe the inputs on stdout, no window
  bool allow_network = false;      // --allow-network: a project may name network sources
  std::optional<double> read_timeout;  // --read-timeout SECONDS: give up on a file GDAL spins on
                                       // (unset: 60 without a window, none in it; 0: none)
  std::vector<std::string> inputs; // PROJECT.json or DATASET ... ("path::layer" picks a layer)
};

struct ParseOutcome {
  std::optional<Options> options;  // set when the program should run
  int exit_code = 0;               // otherwise: exit with this (help/version: 0, error: 64, or 1
                                   // when a file was asked for)
  std::string message;             // what to print (usage, version or the error)
};

ParseOutcome parse_options(int argc, const char* const* argv);
std::string usage();

}  // namespace app
