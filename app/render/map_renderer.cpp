#include "app/render/map_renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "embedded_shaders.hpp"

namespace app {

namespace {

std::string stage(std::string_view body) {
  std::string s = "#version 330 core\n";
  if (MapRenderer::small_features_on_gpu()) s += "#define DATED_STATUS 1\n";
  s += shaders::common_glsl;
  s += "\n";
  s += body;
  return s;
}

void set_colour(GLint loc, geo::Rgba c) { glUniform4f(loc, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f); }

uint32_t pack(geo::Rgba c, float opacity) {
  const auto a = static_cast<uint32_t>(std::lround(c.a * std::clamp(opacity, 0.0f, 1.0f)));
  return static_cast<uint32_t>(c.r) | static_cast<uint32_t>(c.g) << 8 | static_cast<uint32_t>(c.b) << 16 | a << 24;
}

}  // namespace

bool MapRenderer::build(Program& p, std::string_view vert, std::string_view frag, std::string& error) {
  p.program = gl::build_program(stage(vert), stage(frag), error);
  if (!p.program) return false;
  const GLuint id = p.program.id();
  auto loc = [&](const char* name) { return glGetUniformLocation(id, name); };
  p.offset = loc("u_offset");
  p.scale = loc("u_scale");
  p.viewport = loc("u_viewport");
  p.state = loc("u_state");
  p.palette = loc("u_palette");
  p.color = loc("u_color");
  p.use_status = loc("u_use_status");
  p.opacity = loc("u_opacity");
  p.half_width = loc("u_half_width");
  p.status_colour = loc("u_status_colour");
  p.line_colour = loc("u_line_colour");
  p.radius = loc("u_radius");
  p.ring = loc("u_ring");
  p.only_status = loc("u_only_status");
  p.alert_status = loc("u_alert_status");
  p.alert_colour = loc("u_alert_colour");
  p.only_flags = loc("u_only_flags");
  p.rect = loc("u_rect");
  p.image = loc("u_image");
  p.flip_y = loc("u_flip_y");
  p.segments = loc("u_segments");
  p.points = loc("u_points");
  p.dates = loc("u_dates");
  p.day = loc("u_day");
  p.dated = loc("u_dated");
  p.hidden = loc("u_hidden");
  p.boxes = loc("u_boxes");
  p.first = loc("u_first");
  p.geometry_rank = loc("u_geometry_rank");
  p.skip_points = loc("u_skip_points");
  p.grow = loc("u_grow");
  return true;
}

bool MapRenderer::init(std::string& error) {
  // RENEWMAP_TEST_BROKEN_SHADER=1 makes the fill shader fail to compile, so that
  // tests can see what a driver that rejects a shader does to the program.
  const bool broken = std::getenv("RENEWMAP_TEST_BROKEN_SHADER") != nullptr;
  empty_vao_ = gl::make_vertex_array();
  glGetIntegerv(GL_MAX_TEXTURE_BUFFER_SIZE, &max_buffer_texels_);
  paint_texture_ = gl::make_texture();
  // Small features: the GPU draws their boxes, except on a software rasteriser, where
  // the CPU painter measures faster (bench/RESULTS.md: llvmpipe).
  const auto* gl_renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const std::string name = gl_renderer ? gl_renderer : "";
  const bool software = name.find("llvmpipe") != std::string::npos || name.find("softpipe") != std::string::npos ||
                        name.find("SwiftShader") != std::string::npos;
  const char* forced = std::getenv("RENEWMAP_SMALL_FEATURES");
  gpu_small_ = forced && *forced ? std::string(forced) == "gpu" : !software;
  return build(fill_, shaders::fill_vert, broken ? "this is not GLSL" : shaders::fill_frag, error) &&
         build(segment_, shaders::segment_vert, shaders::segment_frag, error) &&
         build(point_, shaders::point_vert, shaders::point_frag, error) &&
         build(image_, shaders::image_vert, shaders::image_frag, error) &&
         build(box_, shaders::box_vert, shaders::box_frag, error);
}

void MapRenderer::begin_frame(const Camera& camera, geo::Rgba bg) {
  glViewport(0, 0, camera.width(), camera.height());
  glClearColor(bg.r / 255.0f, bg.g / 255.0f, bg.b / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
}

void MapRenderer::set_offset(const Program& p, const GpuLayer::Bucket& b, const Camera& c) const {
  // Double-precision subtraction first, then float: the offset is small near the view.
  glUniform2f(p.offset, static_cast<float>(b.origin_x - c.center_x()), static_cast<float>(b.origin_y - c.center_y()));
}

void MapRenderer::draw_image(GLuint texture, float x0, float y0, float x1, float y1, bool first_row_is_top,
                             float opacity) {
  glUseProgram(image_.program.id());
  glUniform1f(image_.opacity, opacity);
  glUniform4f(image_.rect, x0, y0, x1, y1);
  glUniform1i(image_.flip_y, first_row_is_top ? 1 : 0);
  glUniform1i(image_.image, 1);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, texture);
  glBindVertexArray(empty_vao_.id());
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glActiveTexture(GL_TEXTURE0);
}

void MapRenderer::use(const Program& p, const GpuLayer& layer, const DrawStyle& s, const Camera& camera,
                      float opacity) const {
  const auto& palette = geo::status_palette();
  float pal[8 * 4] = {};
  for (int i = 0; i < geo::kStatusCount; ++i) {
    pal[i * 4 + 0] = palette[i].r / 255.0f;
    pal[i * 4 + 1] = palette[i].g / 255.0f;
    pal[i * 4 + 2] = palette[i].b / 255.0f;
    pal[i * 4 + 3] = 1.0f;
  }
  const double res = camera.resolution();
  glUseProgram(p.program.id());
  glUniform2f(p.scale, static_cast<float>(2.0 / (res * camera.width())), static_cast<float>(2.0 / (res * camera.height())));
  glUniform2f(p.viewport, static_cast<float>(camera.width()), static_cast<float>(camera.height()));
  glUniform1i(p.state, 0);
  glUniform1i(p.dates, 3);  // never unit 0: two sampler types may not share a unit
  glUniform1i(p.dated, s.dated && layer.dated_ ? 1 : 0);
  glUniform1i(p.day, s.day);
  glUniform1ui(p.hidden, s.use_status ? s.hidden : 0u);
  glUniform4fv(p.palette, 8, pal);
  set_colour(p.color, s.style.color.value_or(geo::Rgba{120, 120, 120, 255}));
  glUniform1i(p.use_status, s.use_status ? 1 : 0);
  glUniform1f(p.opacity, opacity);
  glActiveTexture(GL_TEXTURE3);
  glBindTexture(GL_TEXTURE_2D, layer.dated_ ? layer.dates_.id() : 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, layer.state_.id());
}

size_t MapRenderer::draw_small(const GpuLayer& layer, const DrawStyle& s, const Camera& camera, double min_size,
                               const geo::Bbox& view) {
  const double res = camera.resolution();
  use(box_, layer, s, camera, s.style.opacity);
  glUniform1i(box_.boxes, 2);
  glUniform1f(box_.grow, std::max(1.0f, static_cast<float>(0.25 * s.style.point_size_px() * s.pixel_scale)));
  glBindVertexArray(empty_vao_.id());
  size_t drawn = 0;
  for (const auto& b : layer.buckets_) {
    if (!b.bounds.intersects(view) || !b.box_tex) continue;
    // As the painter: buckets without geometry yet draw every feature here, crowded
    // points draw as squares, the rest from the first rank too small for geometry.
    const bool paint_points = !b.ready || crowded(b, res);
    const size_t first = !b.ready || paint_points ? 0 : std::min(b.features.size(), b.rank_below_local(min_size));
    if (first >= b.features.size()) continue;
    const size_t limit = std::min(b.features.size(), static_cast<size_t>(max_buffer_texels_) / 5);
    if (first >= limit) continue;
    const size_t n = limit - first;
    set_offset(box_, b, camera);
    glUniform1i(box_.first, static_cast<GLint>(first));
    glUniform1i(box_.geometry_rank, b.ready ? static_cast<GLint>(b.rank_below_local(min_size)) : 0);
    glUniform1i(box_.skip_points, paint_points ? 0 : 1);
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_BUFFER, b.box_tex.id());
    glActiveTexture(GL_TEXTURE0);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(6 * n));
    drawn += n;
  }
  return drawn;
}

size_t MapRenderer::paint_small(const GpuLayer& layer, const DrawStyle& s, const Camera& camera,
                                const std::vector<uint8_t>& state, double min_size, const geo::Bbox& view) {
  const int w = camera.width(), h = camera.height();
  const double res = camera.resolution();
  const auto& palette = geo::status_palette();
  uint32_t colours[8];
  for (int i = 0; i < 8; ++i)
    colours[i] = s.use_status ? pack(palette[std::min(i, geo::kStatusCount - 1)], s.style.opacity)
                              : pack(s.style.color.value_or(geo::Rgba{120, 120, 120, 255}), s.style.opacity);
  bool cleared = false;
  int row_min = h, row_max = -1;
  size_t painted = 0;
  for (const auto& b : layer.buckets_) {
    if (!b.bounds.intersects(view)) continue;
    // Buckets without geometry yet paint every feature; crowded points are painted.
    const bool paint_points = !b.ready || crowded(b, res);
    const size_t first = !b.ready || paint_points ? 0 : std::min(b.features.size(), b.rank_below_local(min_size));
    if (first >= b.features.size()) continue;
    if (!cleared) {
      if (paint_w_ != w || paint_h_ != h) {
        paint_w_ = w, paint_h_ = h;
        paint_.assign(static_cast<size_t>(w) * h, 0);
      } else {
        std::fill(paint_.begin(), paint_.end(), 0);
      }
      cleared = true;
    }
    // Screen pixel of the bucket origin, in double; per feature only float offsets.
    const double ox = (b.origin_x - camera.center_x()) / res + 0.5 * w;
    const double oy = 0.5 * h - (b.origin_y - camera.center_y()) / res;
    const double inv = 1.0 / res;
    const size_t geometry_rank = b.ready ? b.rank_below_local(min_size) : 0;
    const float half = std::max(1.0f, static_cast<float>(0.25 * s.style.point_size_px() * s.pixel_scale));
    for (size_t r = first; r < b.features.size(); ++r) {
      const float* box = &b.boxes[4 * r];
      const bool point = b.point_only[r] != 0;
      if (point && !paint_points) continue;           // drawn as a disc
      if (!point && b.ready && r < geometry_rank) continue;  // drawn as geometry
      const uint32_t f = b.features[r];
      const uint8_t flags = state.size() > 2 * f + 1 ? state[2 * f + 1] : kFlagVisible;
      if (!(flags & kFlagVisible)) continue;
      const uint8_t st = state.size() > 2 * f ? state[2 * f] : 0;
      if (s.use_status && ((s.hidden >> st) & 1u)) continue;
      const float grow = point ? half : 0.0f;  // a crowded point is a small square
      int x0 = static_cast<int>(std::floor(ox + box[0] * inv - grow));
      int x1 = static_cast<int>(std::floor(ox + box[2] * inv + grow));
      int y0 = static_cast<int>(std::floor(oy - box[3] * inv - grow));
      int y1 = static_cast<int>(std::floor(oy - box[1] * inv + grow));
      if (x1 < 0 || y1 < 0 || x0 >= w || y0 >= h) continue;
      x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, w - 1), y1 = std::min(y1, h - 1);
      const uint32_t c = colours[std::min<uint8_t>(st, 7)];
      for (int y = y0; y <= y1; ++y) std::fill_n(&paint_[static_cast<size_t>(y) * w + x0], x1 - x0 + 1, c);
      row_min = std::min(row_min, y0), row_max = std::max(row_max, y1);
      ++painted;
    }
  }
  if (painted == 0) return 0;
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, paint_texture_.id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, paint_.data());
  glActiveTexture(GL_TEXTURE0);
  draw_image(paint_texture_.id(), -1.0f, -1.0f, 1.0f, 1.0f, true);
  return painted;
}

DrawStats MapRenderer::draw(GpuLayer& layer, const DrawStyle& s, const Camera& camera,
                            const std::vector<uint8_t>& state, const geo::VectorLayer* data, double& budget_ms) {
  DrawStats stats;
  if (layer.buckets_.empty()) return stats;
  const float opacity = std::clamp(s.style.opacity, 0.0f, 1.0f);
  if (opacity <= 0.0f) return stats;
  const double res = camera.resolution();
  // Cull with the view grown by the widest stroke, so strokes at the edge still draw.
  const float max_px = std::max({s.style.line_width_px(), s.style.point_size_px(), 4.0f}) * s.pixel_scale;
  geo::Bbox view = camera.visible_extent();
  const double grow = (max_px + 2.0) * res;
  view.min_x -= grow, view.min_y -= grow, view.max_x += grow, view.max_y += grow;
  const double geometry_size = kGeometryPx * res, outline_size = kOutlinePx * res;

  // Geometry for the visible buckets that need it, within the time budget.
  for (size_t i = 0; i < layer.buckets_.size(); ++i) {
    GpuLayer::Bucket& b = layer.buckets_[i];
    if (b.ready || !b.bounds.intersects(view) || !geo::needs_geometry(b.has_points, b.sizes, res)) continue;
    if (!data) continue;  // nothing to build it from (a preview): painted as boxes
    if (budget_ms == 0.0) {
      ++stats.pending;
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    layer.ensure_geometry(i, *data);
    ++stats.built;
    if (budget_ms > 0)
      budget_ms = std::max(0.0, budget_ms - std::chrono::duration<double, std::milli>(
                                                std::chrono::steady_clock::now() - t0).count());
  }

  // Features too small for geometry first, as pixels under the rest.
  DrawStyle ps = s;
  ps.style.opacity = opacity;
  stats.painted = gpu_small_ ? draw_small(layer, ps, camera, geometry_size, view)
                             : paint_small(layer, ps, camera, state, geometry_size, view);

  std::vector<const GpuLayer::Bucket*> visible;
  for (const auto& b : layer.buckets_)
    if (b.ready && b.bounds.intersects(view)) visible.push_back(&b);
  stats.buckets = visible.size();

  if (s.style.fill) {
    use(fill_, layer, s, camera, opacity);
    glUniform1f(fill_.opacity, opacity * std::clamp(s.style.fill_opacity, 0.0f, 1.0f));
    for (const auto* b : visible) {
      const GLsizei n = static_cast<GLsizei>(b->fill_ends[b->rank_below_local(geometry_size)]);
      if (!n) continue;
      set_offset(fill_, *b, camera);
      glBindVertexArray(b->fill_vao.id());
      glDrawElements(GL_TRIANGLES, n, GL_UNSIGNED_INT, nullptr);
      stats.triangles += n / 3;
    }
  }
  use(segment_, layer, s, camera, opacity);
  auto segments = [&](bool outlines, double min_size, float half_width, bool status_colour, geo::Rgba line_colour,
                      int only_status = -1, unsigned only_flags = 0) {
    glUniform1i(segment_.only_status, only_status);
    glUniform1ui(segment_.only_flags, only_flags);
    glUniform1f(segment_.half_width, half_width);
    glUniform1i(segment_.status_colour, status_colour ? 1 : 0);
    set_colour(segment_.line_colour, line_colour);
    glUniform1i(segment_.segments, 2);
    glBindVertexArray(empty_vao_.id());
    for (const auto* b : visible) {
      const size_t k = b->rank_below_local(min_size);
      // Past the driver's buffer-texture limit a bucket draws what fits.
      const GLsizei n = static_cast<GLsizei>(std::min<size_t>(outlines ? b->outline_ends[k] : b->line_ends[k],
                                                              static_cast<size_t>(max_buffer_texels_) / 5));
      if (!n) continue;
      set_offset(segment_, *b, camera);
      glActiveTexture(GL_TEXTURE2);
      glBindTexture(GL_TEXTURE_BUFFER, outlines ? b->outline_tex.id() : b->line_tex.id());
      glActiveTexture(GL_TEXTURE0);
      glDrawArrays(GL_TRIANGLES, 0, 6 * n);
      stats.segments += static_cast<size_t>(n);
    }
  };
  // Polygon outlines: in the outline colour when filled, else in the feature colour
  // (then down to the geometry size, since the outline is all there is).
  segments(true, s.style.fill ? outline_size : geometry_size, 0.5f * s.style.outline_width_px() * s.pixel_scale,
           !s.style.fill, s.style.outline);
  const float lw = 0.5f * s.style.line_width_px() * s.pixel_scale;
  // Lines: a casing in the outline colour, then the line in its status colour.
  segments(false, geometry_size, lw + 1.0f * s.pixel_scale, false, s.style.outline);
  if (s.use_status) {
    // Delayed features stand out beyond their colour: a thick dark-red outline or
    // casing, chosen per feature by the state texture (no geometry change).
    const int delayed = static_cast<int>(geo::Status::Delayed);
    segments(true, outline_size, 1.6f * s.pixel_scale, false, geo::kDelayedOutline, delayed);
    segments(false, geometry_size, lw + 2.5f * s.pixel_scale, false, geo::kDelayedOutline, delayed);
  }
  segments(false, geometry_size, lw, true, s.style.outline);
  if (s.has_selection) {
    // The selection: a dark casing and a bright inner line around it, at any size.
    segments(true, 0.0, 3.5f * s.pixel_scale, false, geo::Rgba{20, 20, 20, 255}, -1, kFlagSelected);
    segments(true, 0.0, 1.6f * s.pixel_scale, false, geo::Rgba{0, 230, 255, 255}, -1, kFlagSelected);
    segments(false, 0.0, lw + 3.5f * s.pixel_scale, false, geo::Rgba{0, 230, 255, 255}, -1, kFlagSelected);
  }

  use(point_, layer, s, camera, opacity);
  const float radius = 0.5f * s.style.point_size_px() * s.pixel_scale;
  glUniform1f(point_.radius, radius);
  glUniform1f(point_.ring, std::max(1.0f, 1.5f * s.pixel_scale));
  set_colour(point_.line_colour, s.style.outline);
  // Delayed points, like delayed areas and lines, stand out beyond their colour.
  glUniform1i(point_.alert_status, s.use_status ? static_cast<int>(geo::Status::Delayed) : -1);
  set_colour(point_.alert_colour, geo::kDelayedOutline);
  glUniform1i(point_.points, 2);
  glBindVertexArray(empty_vao_.id());
  for (const auto* b : visible) {
    const GLsizei n = std::min<GLsizei>(b->point_count, max_buffer_texels_ / 3);
    if (!n || crowded(*b, res)) continue;  // painted as pixels above
    set_offset(point_, *b, camera);
    glActiveTexture(GL_TEXTURE2);
    glBindTexture(GL_TEXTURE_BUFFER, b->point_tex.id());
    glActiveTexture(GL_TEXTURE0);
    glDrawArrays(GL_TRIANGLES, 0, 6 * n);
    stats.points += static_cast<size_t>(n);
  }
  glBindVertexArray(0);
  return stats;
}

}  // namespace app

namespace app {

std::vector<uint8_t> MapRenderer::shader_statuses(const GpuLayer& layer, const DrawStyle& s) {
  // One pixel per feature (at its state texel) of an R8UI target, written with the
  // status feature_state() gives: the very function the map shaders call.
  static constexpr std::string_view kVert = R"(
flat out uint v_status;
void main() {
  uint fid = uint(gl_VertexID);
  uvec2 st = feature_state(fid);
  v_status = (st.g & FLAG_VISIBLE) != 0u ? st.r : 255u;
  vec2 texel = vec2(float(fid & 4095u) + 0.5, float(fid >> 12u) + 0.5);
  gl_Position = vec4(texel / u_viewport * 2.0 - 1.0, 0.0, 1.0);
})";
  static constexpr std::string_view kFrag = R"(
flat in uint v_status;
out uint frag;
void main() { frag = v_status; })";
  std::vector<uint8_t> out;
  std::string error;
  if (!probe_.program && !build(probe_, kVert, kFrag, error)) return out;
  const int rows = layer.state_rows_;
  GLint previous_fbo = 0, previous_viewport[4] = {};
  glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_fbo);
  glGetIntegerv(GL_VIEWPORT, previous_viewport);
  gl::Texture target = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, target.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_R8UI, kStateWidth, rows, 0, GL_RED_INTEGER, GL_UNSIGNED_BYTE, nullptr);
  GLuint fbo = 0;
  glGenFramebuffers(1, &fbo);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, target.id(), 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE) {
    glViewport(0, 0, kStateWidth, rows);
    const GLuint clear[4] = {254, 0, 0, 0};
    glClearBufferuiv(GL_COLOR, 0, clear);
    glDisable(GL_BLEND);
    Camera unit;
    unit.set_viewport(1, 1);
    use(probe_, layer, s, unit, 1.0f);
    glUniform2f(probe_.viewport, static_cast<float>(kStateWidth), static_cast<float>(rows));
    glBindVertexArray(empty_vao_.id());
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(layer.feature_count_));
    glBindVertexArray(0);
    std::vector<uint8_t> texels(static_cast<size_t>(kStateWidth) * rows);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, kStateWidth, rows, GL_RED_INTEGER, GL_UNSIGNED_BYTE, texels.data());
    texels.resize(layer.feature_count_);
    out = std::move(texels);
    glEnable(GL_BLEND);
  }
  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(previous_fbo));
  glDeleteFramebuffers(1, &fbo);
  glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2], previous_viewport[3]);
  return out;
}

}  // namespace app
