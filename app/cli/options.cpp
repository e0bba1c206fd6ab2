#include "app/cli/options.hpp"

#include "geo/timeline.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace app {

std::string usage() {
  return
      "usage: renewmap [options] [PROJECT.json | DATASET ...]\n"
      "\n"
      "Shows urban-renewal projects on a map, coloured by construction status.\n"
      "With no PROJECT or DATASET it opens the embedded Laoshan 2023 project.\n"
      "A DATASET is anything GDAL reads as vector data; every layer is added, or one:\n"
      "  data.gpkg::roads   adds layer 'roads' of data.gpkg\n"
      "\n"
      "options:\n"
      "  --crs CRS              display CRS, anything PROJ accepts (EPSG:4549, ...)\n"
      "  --source-crs CRS       the CRS the DATASETs' coordinates are in, for CAD drawings\n"
      "                         and CSVs that carry none; it wins over a CRS they declare\n"
      "                         (a project's layers take theirs from the layer's \"crs\")\n"
      "  --extent X0,Y0,X1,Y1   initial view in display-CRS units; when the aspect ratio\n"
      "                         matches --size, the extent fills the frame exactly\n"
      "  --size WxH             window or screenshot size in pixels (default 1600x900)\n"
      "  --screenshot FILE.png  render one frame offscreen, write the PNG, exit\n"
      "                         (exit 0: all layers loaded; 2: PNG written but some layer\n"
      "                         failed; 1: no PNG written)\n"
      "  --hide-ui              draw the map alone: no panels, legend or overlays\n"
      "  --as-of YYYY-MM-DD     show every project's status on that day (from its dates)\n"
      "  --bookmark NAME        start at that view of the project's walk-through\n"
      "  --present              presentation mode: fullscreen, large title, caption, date\n"
      "                         and legend only (F5 toggles, Esc leaves)\n"
      "  --export-slides DIR    write one numbered PNG per bookmark (at --size), exit\n"
      "  --export-video FILE    record the walk-through as a film, exit: a flight to each\n"
      "                         bookmark, a hold there (its \"dwell\", default 4 s; its\n"
      "                         \"sweep\" of dates), title, caption, date, legend and scale\n"
      "                         bar drawn in. FILE.mp4 (.mov, .mkv): H.264, or MPEG-4 Part 2\n"
      "                         where no H.264 encoder is installed; FILE.gif: an animated\n"
      "                         GIF. Default size 1920x1080 (GIF 960x540)\n"
      "  --fps N                the film's frames a second, 1 to 120 (default 30; GIF 15)\n"
      "  --swipe A,B            before and after on one map: the statuses as of date A\n"
      "                         left of a divider, as of B right of it, both counts in the\n"
      "                         legend (on screen, screenshots, slides and the film; S\n"
      "                         toggles it, [ and ] move the divider)\n"
      "  --chart SCOPE          show the burn-up chart: its window at the desk, a chart on\n"
      "                         slides, screenshots and the film; SCOPE is programme,\n"
      "                         layer:TITLE or area:LAYER/NAME (C toggles it)\n"
      "  --report AREA_LAYER    write the per-area progress report as a PDF (--out), exit:\n"
      "                         a cover with the programme's burn-up, then per polygon of\n"
      "                         AREA_LAYER (a layer title, part of one, or its source\n"
      "                         name) its map, burn-up and projects, latest first; the\n"
      "                         date is --as-of, else the data's own\n"
      "  --out FILE.pdf         where --report writes\n"
      "  --save-project FILE    load the inputs, write them (with the view, --crs and\n"
      "                         any --bookmark's view) as a project file, exit; layers\n"
      "                         that fail to load are kept in it as given\n"
      "  --allow-network        let a project file open network sources (URLs, /vsicurl/,\n"
      "                         PG:, tile URLs; on the command line they always open),\n"
      "                         and let GDAL fetch what a local file points to (a WFS\n"
      "                         description, a remote schema)\n"
      "  --read-timeout SECONDS give up on a file GDAL has not read after that long (a file\n"
      "                         GDAL spins on), drawing the rest; default 60 without a\n"
      "                         window, none in one (it offers Cancel); 0: no limit\n"
      "  --info                 print what the viewer reads from each input (layers, CRS,\n"
      "                         counts, status and name fields, statuses, encoding; for a\n"
      "                         raster: driver, size, bands, CRS, overviews, extent; with\n"
      "                         --as-of, counts per status on that day), exit\n"
      "  --verbose              say on stderr which OpenGL renderer draws, how features too\n"
      "                         small for their geometry are drawn (GPU boxes or CPU\n"
      "                         painter), and how long each loading phase took\n"
      "  --help, --version\n"
      "\n"
      "A bad option exits 64; with --screenshot, --export-slides, --export-video,\n"
      "--report or --save-project it exits 1 (nothing was written).\n";
}

namespace {

std::optional<geo::Bbox> parse_extent(const std::string& s) {
  double v[4];
  std::istringstream in(s);
  for (int i = 0; i < 4; ++i) {
    std::string part;
    if (!std::getline(in, part, ',')) return std::nullopt;
    char* end = nullptr;
    v[i] = std::strtod(part.c_str(), &end);
    if (end == part.c_str() || *end != '\0' || !std::isfinite(v[i])) return std::nullopt;
  }
  std::string rest;
  if (std::getline(in, rest)) return std::nullopt;
  if (!(v[2] > v[0]) || !(v[3] > v[1])) return std::nullopt;
  geo::Bbox b;
  b.add(v[0], v[1]);
  b.add(v[2], v[3]);
  return b;
}

bool parse_size(const std::string& s, int& w, int& h) {
  const size_t x = s.find_first_of("xX");
  if (x == std::string::npos) return false;
  char* end = nullptr;
  const long lw = std::strtol(s.c_str(), &end, 10);
  if (end != s.c_str() + x) return false;
  const long lh = std::strtol(s.c_str() + x + 1, &end, 10);
  if (*end != '\0') return false;
  if (lw < 16 || lh < 16 || lw > 16384 || lh > 16384) return false;
  w = static_cast<int>(lw);
  h = static_cast<int>(lh);
  return true;
}

}  // namespace

ParseOutcome parse_options(int argc, const char* const* argv) {
  ParseOutcome out;
  Options o;
  // Where the caller waits for a file, "nothing was written" is exit 1 whatever the
  // reason, a bad option included.
  bool writes_file = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") break;
    writes_file = writes_file || a == "--screenshot" || a == "--export-slides" || a == "--save-project" ||
                 a == "--export-video" || a == "--report";
  }
  auto fail = [&](const std::string& msg) {
    out.exit_code = writes_file ? 1 : 64;
    out.message = "renewmap: " + msg + "\n(see renewmap --help)\n";
    return out;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& dst) {
      if (i + 1 >= argc) return false;
      dst = argv[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      out.message = usage();
      return out;
    } else if (a == "--version") {
      out.message = "renewmap " RENEWMAP_VERSION "\n";
      return out;
    } else if (a == "--crs") {
      if (!value(o.crs) || o.crs.empty()) return fail("--crs needs a CRS, e.g. --crs EPSG:4549");
    } else if (a == "--source-crs") {
      if (!value(o.source_crs) || o.source_crs.empty())
        return fail("--source-crs needs a CRS, e.g. --source-crs EPSG:4549");
    } else if (a == "--extent") {
      std::string v;
      if (!value(v)) return fail("--extent needs X0,Y0,X1,Y1");
      o.extent = parse_extent(v);
      if (!o.extent) return fail("--extent '" + v + "' is not X0,Y0,X1,Y1 with X1 > X0 and Y1 > Y0");
    } else if (a == "--size") {
      std::string v;
      if (!value(v) || !parse_size(v, o.width, o.height))
        return fail("--size needs WxH between 16 and 16384, e.g. --size 1600x900");
      o.size_given = true;
    } else if (a == "--screenshot") {
      if (!value(o.screenshot) || o.screenshot.empty()) return fail("--screenshot needs a FILE.png");
    } else if (a == "--hide-ui") {
      o.hide_ui = true;
    } else if (a == "--as-of") {
      std::string v;
      if (!value(v) || !(o.as_of = geo::parse_date(v)))
        return fail("--as-of needs a date YYYY-MM-DD, e.g. --as-of 2023-06-30");
    } else if (a == "--bookmark") {
      if (!value(o.bookmark) || o.bookmark.empty()) return fail("--bookmark needs a bookmark name");
    } else if (a == "--allow-network") {
      o.allow_network = true;
    } else if (a == "--read-timeout") {
      std::string v;
      char* end = nullptr;
      const double seconds = value(v) ? std::strtod(v.c_str(), &end) : -1;
      if (v.empty() || end == v.c_str() || *end != '\0' || !(seconds >= 0) || seconds > 86400)
        return fail("--read-timeout needs seconds between 0 and 86400, e.g. --read-timeout 30");
      o.read_timeout = seconds;
    } else if (a == "--info") {
      o.info = true;
    } else if (a == "--verbose") {
      o.verbose = true;
    } else if (a == "--present") {
      o.present = true;
    } else if (a == "--export-slides") {
      if (!value(o.export_slides) || o.export_slides.empty()) return fail("--export-slides needs a directory");
    } else if (a == "--export-video") {
      if (!value(o.export_video) || o.export_video.empty()) return fail("--export-video needs a FILE.mp4 or FILE.gif");
    } else if (a == "--fps") {
      std::string v;
      char* end = nullptr;
      const long n = value(v) ? std::strtol(v.c_str(), &end, 10) : 0;
      if (v.empty() || end == v.c_str() || *end != '\0' || n < 1 || n > 120)
        return fail("--fps needs frames a second between 1 and 120, e.g. --fps 30");
      o.fps = static_cast<int>(n);
    } else if (a == "--swipe") {
      std::string v;
      const size_t comma = value(v) ? v.find(',') : std::string::npos;
      const auto from = comma == std::string::npos ? std::nullopt : geo::parse_date(v.substr(0, comma));
      const auto to = comma == std::string::npos ? std::nullopt : geo::parse_date(v.substr(comma + 1));
      if (!from || !to) return fail("--swipe needs two dates A,B, e.g. --swipe 2023-01-01,2023-06-30");
      o.swipe = std::pair{*from, *to};
    } else if (a == "--chart") {
      if (!value(o.chart) || o.chart.empty())
        return fail("--chart needs programme, layer:TITLE or area:LAYER/NAME");
    } else if (a == "--report") {
      if (!value(o.report) || o.report.empty()) return fail("--report needs the layer of areas, e.g. --report 街道");
    } else if (a == "--out") {
      if (!value(o.report_out) || o.report_out.empty()) return fail("--out needs a FILE.pdf");
    } else if (a == "--save-project") {
      if (!value(o.save_project) || o.save_project.empty()) return fail("--save-project needs a FILE.json");
    } else if (a == "--") {
      for (++i; i < argc; ++i) o.inputs.emplace_back(argv[i]);
    } else if (a.size() > 1 && a[0] == '-') {
      return fail("unknown option '" + a + "'");
    } else {
      o.inputs.push_back(a);
    }
  }
  if (!o.report.empty() && o.report_out.empty()) return fail("--report needs --out FILE.pdf");
  if (o.report.empty() && !o.report_out.empty()) return fail("--out goes with --report AREA_LAYER");
  out.options = o;
  return out;
}

}  // namespace app
