// A viewer without a window over the test server's tables, for the PostGIS tests that
// drive the data services as the window does (tests/pg/).
#pragma once

#include <fstream>
#include <string>

#include "app/data/services.hpp"
#include "app/model/model.hpp"
#include "support/pg.hpp"

namespace testdata {

// A viewer without a window (the data services and their model) over the project file
// `project`, its layers loading for a viewport of w × h pixels, the project's view first.
struct Viewer {
  app::Model m;
  app::DataServices data;
  // `keep_meshes`: the layers' meshes stay in the model (no renderer takes them).
  Viewer(const std::string& project, int w, int h, bool keep_meshes = false) : data(m, true, keep_meshes) {
    app::Intake intake;
    intake.inputs = {project};
    intake.allow_network = true;
    data.plan(intake);
    data.choose_display_crs("");
    m.view.camera.set_viewport(w, h);
    data.start_loading(m.project.extent);
  }
};

// A project of one streamed layer, the test server's `table`, opening on `extent`
// ("x0, y0, x1, y1").
inline std::string stream_project(const std::string& dir, const std::string& table, const std::string& extent) {
  std::ofstream(dir + "/p.json") << "{\"version\": 1, \"extent\": [" << extent << "], "
                                 << "\"layers\": [{\"source\": \"" << pg_connection() << "\", \"layer\": \"" << table
                                 << "\", \"stream\": true}]}\n";
  return dir + "/p.json";
}

// The same, opening on the table's west end: 1 km × 562.5 m, at 800 × 450 pixels
// 1.25 m a pixel (rows come whole).
inline std::string west_end_project(const std::string& dir, const std::string& table) {
  return stream_project(dir, table, "540000, 3990000, 541000, 3990562.5");
}

}  // namespace testdata
