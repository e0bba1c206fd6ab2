// --report AREA_LAYER --out FILE.pdf: the per-area progress report. The maps are drawn
// offscreen as --screenshot draws them, each framed on its area with the area's
// outline picked out; the rest is cli/report_pdf.cpp.
#include <cstdio>

#include "app/cli/report_pdf.hpp"
#include "app/model/clock.hpp"
#include "app/model/report.hpp"
#include "app/render/gl/gl.hpp"
#include "app/shell/app.hpp"

namespace app {

namespace {
constexpr int kMapW = 1260, kMapH = 780;  // about 216 dpi over the page's map box
}

int App::run_report() {
  const std::string& path = options_.report_out;
  if (!load_for_output("nothing could be read; no report written to '" + path + "'")) return 1;
  if (options_.as_of) set_as_of(model_, *options_.as_of);
  std::string error;
  if (!write_report(options_.report, path, error)) {
    model_.report(Message::Level::Error, error);
    return 1;
  }
  return model_.failed_sources > 0 ? 2 : 0;
}

bool App::write_report(const std::string& area_name, const std::string& path, std::string& error) {
  const std::optional<size_t> area_layer = find_layer(model_, area_name);
  if (!area_layer) {
    std::string names;
    for (const MapLayer& l : model_.layers) names += (names.empty() ? "" : ", ") + ("'" + l.title + "'");
    error = "no layer '" + area_name + "' for the report's areas; the layers are " + names + "; no report written";
    return false;
  }
  if (model_.layers[*area_layer].data.count_features_with(geo::PartKind::Polygon) == 0) {
    error = "layer '" + model_.layers[*area_layer].title + "' has no polygons to report by area; no report written to '" +
            path + "'";
    return false;
  }
  // A streamed table's rows over the areas, whole (each is counted in its area and
  // listed by name), before anything is counted or drawn.
  if (data_->fetch_rows_whole(model_.layers[*area_layer].data.bounds)) {
    data_->finish_loading();
    model_.map_changed = true;
  }
  MapLayer& areas = model_.layers[*area_layer];
  const Report report = build_report(model_, *area_layer);

  // The maps: the programme, then each area framed, its outline drawn as picked.
  std::vector<ReportMap> maps;
  gl::RenderTarget target;
  if (!target.create(kMapW, kMapH, error)) {
    error = "'" + path + "': " + error;
    return false;
  }
  const Camera live = model_.view.camera;
  const std::vector<uint32_t> selected = areas.selected;
  const bool swipe = model_.swipe.on;
  model_.swipe.on = false;  // the report's maps show its date
  model_.view.camera.set_viewport(kMapW, kMapH);
  areas.visible = true;
  auto draw = [&] {
    ReportMap map{kMapW, kMapH, {}};
    Camera camera = image_camera(kMapW, kMapH);
    draw_offscreen(target, camera, false, false, 1, false, map.rgba);
    maps.push_back(std::move(map));
  };
  fit_initial_view(model_, std::nullopt);
  draw();
  for (const ReportSection& s : report.areas) {
    frame_extent(model_, s.extent, 0.06, false);
    areas.selected = {static_cast<uint32_t>(s.area)};
    areas.state_dirty = true;
    model_.map_changed = true;
    draw();
  }
  areas.selected = selected;
  areas.state_dirty = true;
  model_.swipe.on = swipe;
  model_.view.camera = live;
  if (!write_report_pdf(report, maps, path, error)) return false;
  std::fprintf(stderr, "renewmap: wrote %s (%zu area(s) of '%s', %zu project(s), as of %s%s)\n", path.c_str(),
               report.areas.size(), report.area_layer.c_str(), report.programme.total,
               report.day == geo::kNoDay ? "the recorded statuses" : geo::format_date(report.day).c_str(),
               report.projected ? ", projected from planned dates" : "");
  return true;
}

}  // namespace app
