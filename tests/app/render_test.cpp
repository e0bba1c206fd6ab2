// The renderer in process, in a hidden window (the suite runs under Xvfb): statuses
// derived by the shaders against geo::status_on, a date step that uploads nothing, and
// the two ways small features are drawn (GPU boxes, CPU painter) filling the same
// pixels.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/model/camera.hpp"
#include "app/model/visibility.hpp"
#include "app/platform/window.hpp"
#include "app/model/model.hpp"
#include "app/render/gl/gl.hpp"
#include "app/render/gpu_layers.hpp"
#include "app/render/map_renderer.hpp"
#include "app/render/map_view.hpp"
#include "geo/classify.hpp"
#include "geo/mesh.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"
#include "support/layer_builder.hpp"

namespace {

app::platform::Window& gl_context() {
  static app::platform::Window window;
  static bool opened = false;
  if (!opened) {
    std::string error;
    opened = window.open(64, 64, "renewmap render test", false, error);
    INFO(error);
    REQUIRE(opened);
  }
  return window;
}

std::vector<uint8_t> visible_state(const std::vector<geo::Status>& recorded) {
  std::vector<uint8_t> state(2 * recorded.size());
  for (size_t f = 0; f < recorded.size(); ++f) {
    state[2 * f] = static_cast<uint8_t>(recorded[f]);
    state[2 * f + 1] = app::kFlagVisible;
  }
  return state;
}

// One square's dates: planned over 2023's first half, not started (delayed from July).
geo::Timeline planned_first_half(geo::Status recorded) {
  geo::Timeline t;
  t.recorded = {recorded};
  t.relocation = {0};
  t.dates.resize(1);
  t.dates[0].planned_start = geo::days_from_civil(2023, 1, 1);
  t.dates[0].planned_finish = geo::days_from_civil(2023, 6, 30);
  t.has_dates = true;
  return t;
}

// The renderer with small features drawn one way or the other (RENEWMAP_SMALL_FEATURES
// is read at init and applies to layers uploaded after it).
void init_renderer(app::MapRenderer& r, const char* small) {
  setenv("RENEWMAP_SMALL_FEATURES", small, 1);
  std::string error;
  INFO(error);
  REQUIRE(r.init(error));
  unsetenv("RENEWMAP_SMALL_FEATURES");
}

geo::Rgba pixel(const std::vector<unsigned char>& rgba, int width, int x, int y) {
  const unsigned char* p = &rgba[4 * (static_cast<size_t>(y) * width + x)];
  return {p[0], p[1], p[2], p[3]};
}

bool same(geo::Rgba a, geo::Rgba b, int tolerance = 2) {
  return std::abs(a.r - b.r) <= tolerance && std::abs(a.g - b.g) <= tolerance && std::abs(a.b - b.b) <= tolerance;
}

// A piece of rows drawn before the rows it belongs to (MapLayer::previews): one row of
// `rows`, recorded as `status`, due in the first half of 2023, meshed as an index only
// (no geometry, and no rows to build it from).
std::shared_ptr<app::LayerPreview> preview_of(const geo::VectorLayer& rows, geo::Status status) {
  auto p = std::make_shared<app::LayerPreview>();
  p->classes.status_field = 0;
  p->classes.status = {status};
  p->timeline = planned_first_half(status);
  p->mesh = geo::build_mesh_index(rows);
  return p;
}

// `m` drawn as a window's frame is, through its GPU layers, into a 300 × 100 image of
// (0, 0)–(3000, 1000).
struct StripFrame {
  app::Model& m;
  app::MapRenderer& renderer;
  app::gl::RenderTarget target;
  app::GpuLayers gpu;
  std::vector<unsigned char> rgba = std::vector<unsigned char>(300 * 100 * 4);
  app::DrawStats stats;
  StripFrame(app::Model& model, app::MapRenderer& r) : m(model), renderer(r) {
    m.view.camera.set_viewport(300, 100);
    m.view.camera.fit({0, 0, 3000, 1000});
    std::string error;
    REQUIRE(target.create(300, 100, error));
  }
  std::vector<app::LayerDraw> draw() {
    gpu.sync(m);
    std::vector<app::LayerDraw> draws = app::layer_draws(m, gpu, app::FrameLook{300, 100, true, false, 1.0f});
    target.bind();
    stats = app::draw_layers(renderer, m.view.camera, draws, geo::background_colour());
    target.read_rgba(rgba.data());
    return draws;
  }
  geo::Rgba at(int x, int y) const { return pixel(rgba, 300, x, y); }
};

geo::Rgba colour(geo::Status s) { return geo::status_palette()[static_cast<size_t>(s)]; }


}  // namespace

TEST_CASE("statuses derived by the shaders equal geo::status_on for every Laoshan feature at ten dates",
          "[render][laoshan]") {
  gl_context();
  app::MapRenderer renderer;
  init_renderer(renderer, "gpu");
  const auto project = geo::load_project(std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/laoshan.project.json");
  REQUIRE(project.ok());
  size_t dated_layers = 0, compared = 0;
  for (const geo::LayerConfig& config : project.value().layers) {
    geo::ReadOutcome read = geo::read_vector({config.source, config.layer});
    if (read.layers.empty()) continue;
    const geo::VectorLayer& layer = read.layers[0];
    const geo::Classification classes = geo::classify(layer, config);
    const geo::Timeline timeline = geo::build_timeline(layer, classes.status);
    if (!timeline.has_dates) continue;
    ++dated_layers;
    app::GpuLayer gpu;
    gpu.upload(geo::build_mesh_index(layer), layer.feature_count());
    std::vector<uint8_t> state = visible_state(classes.status);
    state[1] = 0;  // feature 0 fails the filter: hidden on every date
    gpu.set_state(state);
    gpu.set_dates(timeline);
    app::DrawStyle style;
    style.dated = true;
    const geo::Day first = timeline.min_day - 30, last = timeline.max_day + 30;
    for (int k = 0; k < 10; ++k) {
      style.day = first + static_cast<geo::Day>((static_cast<int64_t>(last - first) * k) / 9);
      // Completed hidden on the odd dates: the shaders hide it too.
      style.hidden = k % 2 ? 1u << static_cast<int>(geo::Status::Completed) : 0u;
      const std::vector<uint8_t> got = renderer.shader_statuses(gpu, style);
      REQUIRE(got.size() == layer.feature_count());
      size_t mismatches = 0;
      for (size_t f = 0; f < layer.feature_count(); ++f) {
        const geo::Status s = geo::status_on(timeline, f, style.day);
        const bool hidden = f == 0 || (style.hidden >> static_cast<int>(s)) & 1u;
        const uint8_t want = hidden ? 255 : static_cast<uint8_t>(s);
        if (got[f] != want && mismatches++ < 5)
          FAIL_CHECK(config.title << " feature " << f << " on day " << style.day << ": shader " << int(got[f])
                                  << ", geo::status_on " << int(want));
        ++compared;
      }
      CHECK(mismatches == 0);
    }
    // Without a date: the recorded statuses.
    style.dated = false;
    style.hidden = 0;
    const std::vector<uint8_t> recorded = renderer.shader_statuses(gpu, style);
    for (size_t f = 1; f < layer.feature_count(); ++f) CHECK(recorded[f] == static_cast<uint8_t>(classes.status[f]));
  }
  CHECK(dated_layers >= 3);
  CHECK(compared > 1000);
}

TEST_CASE("a date step recolours the map with nothing uploaded", "[render]") {
  gl_context();
  app::MapRenderer renderer;
  init_renderer(renderer, "gpu");
  // Two 1 km squares: the first works Jan–Jun 2023, the second is finished in March.
  testdata::LayerBuilder b;
  b.polygon({testdata::rect(0, 0, 1000, 1000)});
  b.polygon({testdata::rect(2000, 0, 3000, 1000)});
  geo::Timeline t;
  t.recorded = {geo::Status::Planned, geo::Status::Planned};
  t.relocation = {0, 0};
  t.dates.resize(2);
  t.dates[0].planned_start = geo::days_from_civil(2023, 1, 1);
  t.dates[0].planned_finish = geo::days_from_civil(2023, 6, 30);
  t.dates[1].actual_start = geo::days_from_civil(2023, 1, 1);
  t.dates[1].actual_finish = geo::days_from_civil(2023, 3, 1);
  t.has_dates = true;
  app::GpuLayer gpu;
  gpu.upload(geo::build_mesh(b.layer), 2);
  std::vector<uint8_t> state = visible_state(t.recorded);
  gpu.set_state(state);
  gpu.set_dates(t);

  app::Camera camera;
  camera.set_viewport(300, 100);
  camera.fit({0, 0, 3000, 1000});
  app::gl::RenderTarget target;
  std::string error;
  REQUIRE(target.create(300, 100, error));
  std::vector<app::LayerDraw> draws(1);
  draws[0].gpu = &gpu;
  draws[0].data = &b.layer;
  draws[0].state = &state;
  draws[0].style.use_status = true;
  draws[0].style.dated = true;
  std::vector<unsigned char> rgba(300 * 100 * 4);
  auto draw_on = [&](int y, int m, int d) {
    draws[0].style.day = geo::days_from_civil(y, m, d);
    target.bind();
    app::draw_layers(renderer, camera, draws, geo::background_colour());
    target.read_rgba(rgba.data());
  };
  draw_on(2022, 12, 1);
  CHECK(same(pixel(rgba, 300, 50, 50), colour(geo::Status::Planned)));
  CHECK(same(pixel(rgba, 300, 250, 50), colour(geo::Status::Planned)));
  const size_t uploads = app::GpuLayer::uploads();
  draw_on(2023, 2, 1);
  CHECK(same(pixel(rgba, 300, 50, 50), colour(geo::Status::UnderConstruction)));
  CHECK(same(pixel(rgba, 300, 250, 50), colour(geo::Status::UnderConstruction)));
  draw_on(2023, 4, 1);
  CHECK(same(pixel(rgba, 300, 250, 50), colour(geo::Status::Completed)));
  draw_on(2023, 7, 1);
  CHECK(same(pixel(rgba, 300, 50, 50), colour(geo::Status::Delayed)));
  // Hiding a status is a uniform too: the background shows through.
  draws[0].style.hidden = 1u << static_cast<int>(geo::Status::Completed);
  draw_on(2023, 7, 1);
  CHECK(same(pixel(rgba, 300, 250, 50), geo::background_colour()));
  CHECK(app::GpuLayer::uploads() == uploads);
}

TEST_CASE("GPU boxes and the CPU painter fill the same pixels for features too small for geometry", "[render]") {
  gl_context();
  // 22,500 parcels of 6 to 14 m, 20 m apart, seen at about 5 m a pixel (the view not
  // on whole metres, so edges fall between pixels as in real data): all below the
  // geometry threshold, so every one is a box; one in nine is a point.
  testdata::LayerBuilder b;
  std::vector<geo::Status> recorded;
  std::vector<std::array<double, 2>> centres;
  for (int i = 0; i < 150; ++i)
    for (int j = 0; j < 150; ++j) {
      const double x = i * 20.0 + (j % 7), y = j * 20.0 + (i % 5), s = 6.0 + (i * j) % 9;
      if ((i + j) % 9 == 0) {
        b.point(x, y);
        centres.push_back({x, y});
      } else {
        b.polygon({testdata::rect(x, y, x + s, y + s * 0.7)});
        centres.push_back({x + s / 2, y + s * 0.35});
      }
      recorded.push_back(static_cast<geo::Status>(1 + (i * 3 + j) % 5));
    }
  const std::vector<uint8_t> state = visible_state(recorded);
  app::Camera camera;
  camera.set_viewport(640, 640);
  camera.fit({-113.3, -87.9, 3081.9, 3107.3});
  std::string error;

  auto render = [&](const char* small) {
    app::MapRenderer renderer;
    init_renderer(renderer, small);
    app::GpuLayer gpu;
    gpu.upload(geo::build_mesh(b.layer), b.layer.feature_count());
    gpu.set_state(state);
    app::gl::RenderTarget target;
    REQUIRE(target.create(640, 640, error));
    std::vector<app::LayerDraw> draws(1);
    draws[0].gpu = &gpu;
    draws[0].data = &b.layer;
    draws[0].state = &state;
    draws[0].style.use_status = true;
    target.bind();
    const app::DrawStats stats = app::draw_layers(renderer, camera, draws, geo::background_colour());
    CHECK(stats.painted > 19000);  // boxes, not geometry
    std::vector<unsigned char> rgba(640 * 640 * 4);
    target.read_rgba(rgba.data());
    return rgba;
  };
  const std::vector<unsigned char> gpu = render("gpu"), cpu = render("cpu");
  // At every feature's centre (a known map position) the same colour; every pixel of
  // one has its colour within one pixel in the other.
  size_t centre_differs = 0;
  for (const auto& c : centres) {
    const app::ScreenPoint p = camera.map_to_screen({c[0], c[1]});
    const int x = static_cast<int>(p.x), y = static_cast<int>(p.y);
    if (x < 0 || y < 0 || x >= 640 || y >= 640) continue;
    if (!same(pixel(gpu, 640, x, y), pixel(cpu, 640, x, y))) ++centre_differs;
  }
  size_t differ = 0, unmatched = 0, coloured = 0;
  for (int y = 0; y < 640; ++y)
    for (int x = 0; x < 640; ++x) {
      const geo::Rgba g = pixel(gpu, 640, x, y), c = pixel(cpu, 640, x, y);
      if (!same(c, geo::background_colour())) ++coloured;
      if (same(g, c)) continue;
      ++differ;
      bool near_g = false, near_c = false;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int xx = std::clamp(x + dx, 0, 639), yy = std::clamp(y + dy, 0, 639);
          near_g = near_g || same(g, pixel(cpu, 640, xx, yy));
          near_c = near_c || same(c, pixel(gpu, 640, xx, yy));
        }
      if (!near_g || !near_c) ++unmatched;
    }
  INFO(differ << " pixels differ, " << unmatched << " without a match one pixel away, of " << coloured
              << " coloured; " << centre_differs << " of " << centres.size() << " feature centres differ");
  CHECK(coloured > 40000);
  CHECK(centre_differs == 0);
  // The few without a match are antialiased disc edges blended over a box edge that
  // moved by a pixel (float against double rounding at a pixel boundary).
  CHECK(unmatched <= coloured / 10000);
  CHECK(differ < coloured / 1000);
}

TEST_CASE("a fetch's rows handed over before their merge are drawn over their layer, then give way",
          "[render][preview]") {
  gl_context();
  for (const char* small : {"gpu", "cpu"}) {
    INFO("small features: " << small);
    app::MapRenderer renderer;
    init_renderer(renderer, small);
    // The layer holds a 1 km square at the left; a view's fetch brought one at the
    // right, not merged yet: its preview, recorded as completed (finished in March).
    testdata::LayerBuilder held, fetched;
    held.polygon({testdata::rect(0, 0, 1000, 1000)});
    fetched.polygon({testdata::rect(2000, 0, 3000, 1000)});
    app::Model m;
    app::MapLayer l;
    l.id = 7;
    l.data = held.layer;
    l.classes.status_field = 0;
    l.classes.status = {geo::Status::Planned};
    l.timeline = planned_first_half(geo::Status::Planned);
    recompute_status(l, geo::kNoDay);
    l.mesh = geo::build_mesh(held.layer);
    l.previews.push_back(preview_of(fetched.layer, geo::Status::Completed));
    l.previews.back()->timeline.dates[0].actual_finish = geo::days_from_civil(2023, 3, 1);
    m.layers.push_back(std::move(l));
    StripFrame frame(m, renderer);
    // No date shown: the recorded statuses, the preview's square over the layer's.
    CHECK(frame.draw().size() == 2);
    CHECK(same(frame.at(50, 50), colour(geo::Status::Planned)));
    CHECK(same(frame.at(250, 50), colour(geo::Status::Completed)));
    CHECK(frame.stats.pending == 0);  // nothing to build its geometry from: painted, not waited for
    // A date: both follow it (in July the left square is delayed; the right one was
    // finished in March).
    m.clock.as_of = geo::days_from_civil(2023, 7, 15);
    recompute_status(m.layers[0], m.clock.as_of);
    frame.draw();
    CHECK(same(frame.at(50, 50), colour(geo::Status::Delayed)));
    CHECK(same(frame.at(250, 50), colour(geo::Status::Completed)));
    m.clock.as_of = geo::days_from_civil(2023, 2, 1);
    recompute_status(m.layers[0], m.clock.as_of);
    frame.draw();
    CHECK(same(frame.at(250, 50), colour(geo::Status::UnderConstruction)));
    // The merged rows landed (the preview gone): its square goes with it, and its GPU
    // objects too.
    m.layers[0].previews.clear();
    CHECK(frame.draw().size() == 1);
    CHECK(frame.gpu.preview(7) == nullptr);
    CHECK(same(frame.at(250, 50), geo::background_colour()));
    CHECK(same(frame.at(50, 50), colour(geo::Status::UnderConstruction)));
  }
}

TEST_CASE("a table's first pieces are drawn as they come by its stand-in, which draws nothing of its own",
          "[render][preview][pieces]") {
  gl_context();
  for (const char* small : {"gpu", "cpu"}) {
    INFO("small features: " << small);
    app::MapRenderer renderer;
    init_renderer(renderer, small);
    // No rows yet; two pieces came: a square at the left (planned) and one at the right
    // (completed).
    testdata::LayerBuilder west, east;
    west.polygon({testdata::rect(0, 0, 1000, 1000)});
    east.polygon({testdata::rect(2000, 0, 3000, 1000)});
    app::Model m;
    app::MapLayer l;
    l.id = 9;
    l.arriving = true;
    l.reloading = true;
    l.data.bounds = geo::Bbox{0, 0, 3000, 1000};
    l.previews = {preview_of(west.layer, geo::Status::Planned), preview_of(east.layer, geo::Status::Completed)};
    m.layers.push_back(std::move(l));
    StripFrame frame(m, renderer);
    const auto draws = frame.draw();
    REQUIRE(draws.size() == 2);  // the pieces; the stand-in has no rows to draw
    CHECK(draws[0].preview);
    CHECK(draws[1].preview);
    CHECK(frame.gpu.preview(9, 0) != nullptr);
    CHECK(frame.gpu.preview(9, 1) != nullptr);
    CHECK(same(frame.at(50, 50), colour(geo::Status::Planned)));
    CHECK(same(frame.at(250, 50), colour(geo::Status::Completed)));
    CHECK(same(frame.at(150, 50), geo::background_colour()));
    // Hidden while it waits: nothing drawn.
    m.layers[0].visible = false;
    CHECK(frame.draw().empty());
    // The table came (its own rows replace the stand-in, same id): the pieces' GPU
    // objects go.
    m.layers[0].visible = true;
    m.layers[0].arriving = false;
    m.layers[0].previews.clear();
    frame.draw();
    CHECK(frame.gpu.preview(9, 0) == nullptr);
    CHECK(same(frame.at(250, 50), geo::background_colour()));
  }
}
