#include "app/render/map_renderer.hpp"

#include <algorithm>
#include <cmath>

#include "embedded_shaders.hpp"

namespace app {

namespace {

constexpr int kStateWidth = 4096;
constexpr geo::Rgba kDelayedOutline{140, 20, 10, 255};  // features per state-texture row (shader: fid & 4095)

template <class T>
void upload_array(gl::Buffer& buf, GLenum target, const std::vector<T>& data, size_t& bytes) {
  buf = gl::make_buffer();
  glBindBuffer(target, buf.id());
  glBufferData(target, static_cast<GLsizeiptr>(data.size() * sizeof(T)), data.data(), GL_STATIC_DRAW);
  bytes += data.size() * sizeof(T);
}

// Attribute 0: `components` floats; attribute 1: the feature id (uint) after them.
void vertex_layout(GLsizei stride, int components, GLuint divisor) {
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, components, GL_FLOAT, GL_FALSE, stride, nullptr);
  glVertexAttribDivisor(0, divisor);
  glEnableVertexAttribArray(1);
  glVertexAttribIPointer(1, 1, GL_UNSIGNED_INT, stride,
                         reinterpret_cast<const void*>(static_cast<uintptr_t>(components * sizeof(float))));
  glVertexAttribDivisor(1, divisor);
}

std::string stage(std::string_view body) {
  std::string s = "#version 330 core\n";
  s += shaders::common_glsl;
  s += "\n";
  s += body;
  return s;
}

}  // namespace

void GpuLayer::upload(const geo::Mesh& mesh, size_t feature_count) {
  buckets_.clear();
  bytes_ = 0;
  for (const geo::MeshBucket& src : mesh.buckets) {
    Bucket b;
    b.origin_x = src.origin_x;
    b.origin_y = src.origin_y;
    b.bounds = src.bounds;
    if (!src.fill_indices.empty()) {
      b.fill_vao = gl::make_vertex_array();
      glBindVertexArray(b.fill_vao.id());
      upload_array(b.fill_vbo, GL_ARRAY_BUFFER, src.fill_vertices, bytes_);
      vertex_layout(sizeof(geo::FillVertex), 2, 0);
      upload_array(b.fill_ibo, GL_ELEMENT_ARRAY_BUFFER, src.fill_indices, bytes_);
      b.fill_count = static_cast<GLsizei>(src.fill_indices.size());
    }
    auto instanced = [&](gl::VertexArray& vao, gl::Buffer& vbo, const auto& data, int comps, GLsizei& count) {
      if (data.empty()) return;
      vao = gl::make_vertex_array();
      glBindVertexArray(vao.id());
      upload_array(vbo, GL_ARRAY_BUFFER, data, bytes_);
      vertex_layout(sizeof(data[0]), comps, 1);
      count = static_cast<GLsizei>(data.size());
    };
    instanced(b.outline_vao, b.outline_vbo, src.outlines, 4, b.outline_count);
    instanced(b.line_vao, b.line_vbo, src.lines, 4, b.line_count);
    instanced(b.point_vao, b.point_vbo, src.points, 2, b.point_count);
    buckets_.push_back(std::move(b));
  }
  glBindVertexArray(0);
  feature_count_ = feature_count;
  state_rows_ = static_cast<int>(std::max<size_t>(1, (feature_count + kStateWidth - 1) / kStateWidth));
  state_ = gl::make_texture();
  glBindTexture(GL_TEXTURE_2D, state_.id());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RG8UI, kStateWidth, state_rows_, 0, GL_RG_INTEGER, GL_UNSIGNED_BYTE, nullptr);
  bytes_ += static_cast<size_t>(kStateWidth) * state_rows_ * 2;
}

void GpuLayer::set_state(const std::vector<uint8_t>& state) {
  if (!state_) return;
  std::vector<uint8_t> padded(static_cast<size_t>(kStateWidth) * state_rows_ * 2, 0);
  std::copy_n(state.begin(), std::min(state.size(), padded.size()), padded.begin());
  glBindTexture(GL_TEXTURE_2D, state_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kStateWidth, state_rows_, GL_RG_INTEGER, GL_UNSIGNED_BYTE,
                  padded.data());
}

bool MapRenderer::build(Program& p, std::string_view vert, std::string_view frag, std::string& error) {
  p.program = gl::build_program(stage(vert), stage(frag), error);
  if (!p.program) return false;
  const GLuint id = p.program.id();
  p.offset = glGetUniformLocation(id, "u_offset");
  p.scale = glGetUniformLocation(id, "u_scale");
  p.viewport = glGetUniformLocation(id, "u_viewport");
  p.state = glGetUniformLocation(id, "u_state");
  p.palette = glGetUniformLocation(id, "u_palette");
  p.color = glGetUniformLocation(id, "u_color");
  p.use_status = glGetUniformLocation(id, "u_use_status");
  p.opacity = glGetUniformLocation(id, "u_opacity");
  p.half_width = glGetUniformLocation(id, "u_half_width");
  p.status_colour = glGetUniformLocation(id, "u_status_colour");
  p.line_colour = glGetUniformLocation(id, "u_line_colour");
  p.radius = glGetUniformLocation(id, "u_radius");
  p.ring = glGetUniformLocation(id, "u_ring");
  p.only_status = glGetUniformLocation(id, "u_only_status");
  return true;
}

bool MapRenderer::init(std::string& error) {
  return build(fill_, shaders::fill_vert, shaders::fill_frag, error) &&
         build(segment_, shaders::segment_vert, shaders::segment_frag, error) &&
         build(point_, shaders::point_vert, shaders::point_frag, error);
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

static void set_colour(GLint loc, geo::Rgba c) {
  glUniform4f(loc, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, c.a / 255.0f);
}

void MapRenderer::set_common(const Program& p, const GpuLayer::Bucket& b, const Camera& c) const {
  // Double-precision subtraction first, then float: the offset is small near the view.
  glUniform2f(p.offset, static_cast<float>(b.origin_x - c.center_x()),
              static_cast<float>(b.origin_y - c.center_y()));
}

void MapRenderer::draw(const GpuLayer& layer, const DrawStyle& s, const Camera& camera) {
  if (layer.buckets_.empty()) return;
  const float opacity = std::clamp(s.style.opacity, 0.0f, 1.0f);
  if (opacity <= 0.0f) return;
  const auto& palette = geo::status_palette();
  float pal[8 * 4] = {};
  for (int i = 0; i < geo::kStatusCount; ++i) {
    pal[i * 4 + 0] = palette[i].r / 255.0f;
    pal[i * 4 + 1] = palette[i].g / 255.0f;
    pal[i * 4 + 2] = palette[i].b / 255.0f;
    pal[i * 4 + 3] = 1.0f;
  }
  const geo::Rgba single = s.style.color.value_or(geo::Rgba{120, 120, 120, 255});
  const float sx = static_cast<float>(2.0 / (camera.resolution() * camera.width()));
  const float sy = static_cast<float>(2.0 / (camera.resolution() * camera.height()));
  // Cull with the view grown by the widest stroke, so strokes at the edge still draw.
  const float max_px = std::max({s.style.line_width_px(), s.style.point_size_px(), 4.0f}) * s.pixel_scale;
  geo::Bbox view = camera.visible_extent();
  const double grow = (max_px + 2.0) * camera.resolution();
  view.min_x -= grow, view.min_y -= grow, view.max_x += grow, view.max_y += grow;

  auto use = [&](const Program& p) {
    glUseProgram(p.program.id());
    glUniform2f(p.scale, sx, sy);
    glUniform2f(p.viewport, static_cast<float>(camera.width()), static_cast<float>(camera.height()));
    glUniform1i(p.state, 0);
    glUniform4fv(p.palette, 8, pal);
    set_colour(p.color, single);
    glUniform1i(p.use_status, s.use_status ? 1 : 0);
    glUniform1f(p.opacity, opacity);
  };
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, layer.state_.id());

  if (s.style.fill) {
    use(fill_);
    for (const auto& b : layer.buckets_) {
      if (!b.fill_count || !b.bounds.intersects(view)) continue;
      set_common(fill_, b, camera);
      glBindVertexArray(b.fill_vao.id());
      glDrawElements(GL_TRIANGLES, b.fill_count, GL_UNSIGNED_INT, nullptr);
    }
  }
  use(segment_);
  auto segments = [&](bool outlines, float half_width, bool status_colour, geo::Rgba line_colour,
                      int only_status = -1) {
    glUniform1i(segment_.only_status, only_status);
    glUniform1f(segment_.half_width, half_width);
    glUniform1i(segment_.status_colour, status_colour ? 1 : 0);
    set_colour(segment_.line_colour, line_colour);
    for (const auto& b : layer.buckets_) {
      const GLsizei n = outlines ? b.outline_count : b.line_count;
      if (!n || !b.bounds.intersects(view)) continue;
      set_common(segment_, b, camera);
      glBindVertexArray(outlines ? b.outline_vao.id() : b.line_vao.id());
      glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, n);
    }
  };
  // Polygon outlines: in the outline colour when filled, else in the feature colour.
  segments(true, 0.5f * s.style.outline_width_px() * s.pixel_scale, !s.style.fill, s.style.outline);
  // Lines: a casing in the outline colour, then the line in its status colour.
  const float lw = 0.5f * s.style.line_width_px() * s.pixel_scale;
  segments(false, lw + 1.0f * s.pixel_scale, false, s.style.outline);
  if (s.use_status) {
    // Delayed features stand out beyond their colour: a thick dark-red outline or
    // casing, chosen per feature by the state texture (no geometry change).
    const int delayed = static_cast<int>(geo::Status::Delayed);
    segments(true, 1.6f * s.pixel_scale, false, kDelayedOutline, delayed);
    segments(false, lw + 2.5f * s.pixel_scale, false, kDelayedOutline, delayed);
  }
  segments(false, lw, true, s.style.outline);

  use(point_);
  const float radius = 0.5f * s.style.point_size_px() * s.pixel_scale;
  glUniform1f(point_.radius, radius);
  glUniform1f(point_.ring, std::max(1.0f, 1.5f * s.pixel_scale));
  set_colour(point_.line_colour, s.style.outline);
  for (const auto& b : layer.buckets_) {
    if (!b.point_count || !b.bounds.intersects(view)) continue;
    set_common(point_, b, camera);
    glBindVertexArray(b.point_vao.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, b.point_count);
  }
  glBindVertexArray(0);
}

}  // namespace app
