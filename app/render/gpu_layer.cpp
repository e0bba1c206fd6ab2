// GpuLayer: one layer's meshes, state and dates on the GPU (app/render/map_renderer.hpp).
#include "app/render/map_renderer.hpp"

#include <algorithm>
#include <cstring>

#include "geo/tessellate.hpp"

namespace app {

namespace {

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

}  // namespace

void GpuLayer::upload_geometry(Bucket& b, geo::MeshBucket& src) {
  if (!src.fill_indices.empty()) {
    b.fill_vao = gl::make_vertex_array();
    glBindVertexArray(b.fill_vao.id());
    upload_array(b.fill_vbo, GL_ARRAY_BUFFER, src.fill_vertices, bytes_);
    vertex_layout(sizeof(geo::FillVertex), 2, 0);
    upload_array(b.fill_ibo, GL_ELEMENT_ARRAY_BUFFER, src.fill_indices, bytes_);
    glBindVertexArray(0);
  }
  // Segment and point structs are plain floats plus a uint32 whose bits the shader
  // reinterprets (floatBitsToUint): one R32F texel per field.
  auto buffer_texture = [&](gl::Buffer& buf, gl::Texture& tex, const auto& data) {
    if (data.empty()) return;
    upload_array(buf, GL_TEXTURE_BUFFER, data, bytes_);
    tex = gl::make_texture();
    glBindTexture(GL_TEXTURE_BUFFER, tex.id());
    glTexBuffer(GL_TEXTURE_BUFFER, GL_R32F, buf.id());
  };
  buffer_texture(b.outline_buf, b.outline_tex, src.outlines);
  buffer_texture(b.line_buf, b.line_tex, src.lines);
  buffer_texture(b.point_buf, b.point_tex, src.points);
  b.point_count = static_cast<GLsizei>(src.points.size());
  b.fill_ends = std::move(src.fill_ends);
  b.outline_ends = std::move(src.outline_ends);
  b.line_ends = std::move(src.line_ends);
  b.ready = true;
}

void GpuLayer::ensure_geometry(size_t i, const geo::VectorLayer& data) {
  Bucket& b = buckets_[i];
  if (b.ready) return;
  geo::MeshBucket src;
  src.origin_x = b.origin_x;
  src.origin_y = b.origin_y;
  src.features = b.features;
  geo::Tessellator tess;
  std::vector<uint32_t> scratch;
  geo::build_bucket_geometry(data, src, tess, scratch);
  upload_geometry(b, src);
}

void GpuLayer::upload(geo::Mesh&& mesh, size_t feature_count) {
  buckets_.clear();
  bytes_ = 0;
  for (geo::MeshBucket& src : mesh.buckets) {
    Bucket b;
    b.origin_x = src.origin_x;
    b.origin_y = src.origin_y;
    b.bounds = src.bounds;
    b.has_points = src.has_points;
    b.features = std::move(src.features);
    b.sizes = std::move(src.sizes);
    b.boxes = std::move(src.boxes);
    b.point_only = std::move(src.point_only);
    b.point_features = static_cast<size_t>(std::count(b.point_only.begin(), b.point_only.end(), 1));
    if (src.has_geometry) upload_geometry(b, src);
    if (MapRenderer::small_features_on_gpu() && !b.features.empty()) {
      // The boxes go to the GPU, which draws small features from them; the CPU keeps
      // only what culling and on-demand geometry need.
      std::vector<float> boxes(5 * b.features.size());
      for (size_t r = 0; r < b.features.size(); ++r) {
        std::copy_n(&b.boxes[4 * r], 4, &boxes[5 * r]);
        const uint32_t bits = b.features[r] | (b.point_only[r] ? 0x80000000u : 0u);
        std::memcpy(&boxes[5 * r + 4], &bits, 4);
      }
      upload_array(b.box_buf, GL_TEXTURE_BUFFER, boxes, bytes_);
      b.box_tex = gl::make_texture();
      glBindTexture(GL_TEXTURE_BUFFER, b.box_tex.id());
      glTexBuffer(GL_TEXTURE_BUFFER, GL_R32F, b.box_buf.id());
      b.boxes = {};
      b.point_only = {};
    }
    // The GPU has the geometry now; free the CPU copy as we go.
    src = geo::MeshBucket{};
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
  dates_ = {};
  dated_ = false;
  ++uploads_;
}

void GpuLayer::set_dates(const geo::Timeline& t) {
  // Where the CPU does per-feature work, the state bytes carry the statuses instead.
  dated_ = t.has_dates && state_ && MapRenderer::small_features_on_gpu();
  if (!dated_) {
    dates_ = {};
    return;
  }
  // Per feature: the start the rules use (actual, else planned), the planned finish,
  // the actual finish, and the recorded status with the relocation flag above it.
  const size_t n = std::min(t.size(), feature_count_);
  std::vector<int32_t> texels(static_cast<size_t>(kStateWidth) * state_rows_ * 4, geo::kNoDay);
  for (size_t f = 0; f < n; ++f) {
    const geo::FeatureDates& d = t.dates[f];
    int32_t* x = &texels[4 * f];
    x[0] = d.actual_start != geo::kNoDay ? d.actual_start : d.planned_start;
    x[1] = d.planned_finish;
    x[2] = d.actual_finish;
    x[3] = static_cast<int32_t>(t.recorded[f]) | (t.relocation[f] ? 1 << 8 : 0);
  }
  if (!dates_) {
    dates_ = gl::make_texture();
    glBindTexture(GL_TEXTURE_2D, dates_.id());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    bytes_ += texels.size() * 4;
  }
  glBindTexture(GL_TEXTURE_2D, dates_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA32I, kStateWidth, state_rows_, 0, GL_RGBA_INTEGER, GL_INT, texels.data());
  ++uploads_;
}

size_t GpuLayer::cpu_bytes() const {
  size_t n = 0;
  for (const Bucket& b : buckets_)
    n += b.features.size() * 4 + b.sizes.size() * 4 + b.boxes.size() * 4 + b.point_only.size() +
         (b.fill_ends.size() + b.outline_ends.size() + b.line_ends.size()) * 4;
  return n;
}

void GpuLayer::set_state(const std::vector<uint8_t>& state) {
  if (!state_) return;
  ++uploads_;
  glBindTexture(GL_TEXTURE_2D, state_.id());
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  // Whole rows straight from the caller's array, the partial last row padded.
  const size_t row_bytes = static_cast<size_t>(kStateWidth) * 2;
  const int full_rows = static_cast<int>(std::min(state.size() / row_bytes, static_cast<size_t>(state_rows_)));
  if (full_rows > 0)
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, kStateWidth, full_rows, GL_RG_INTEGER, GL_UNSIGNED_BYTE, state.data());
  if (full_rows < state_rows_) {
    std::vector<uint8_t> last(row_bytes, 0);
    const size_t begin = static_cast<size_t>(full_rows) * row_bytes;
    if (begin < state.size()) std::copy(state.begin() + static_cast<long>(begin), state.end(), last.begin());
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, full_rows, kStateWidth, 1, GL_RG_INTEGER, GL_UNSIGNED_BYTE, last.data());
  }
}

}  // namespace app
