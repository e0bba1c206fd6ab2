// Move-only owners of OpenGL objects. Main (GL) thread only. A moved-from or default
// object owns nothing (id 0) and deletes nothing.
#pragma once

#include <glad/gl.h>

#include <string>
#include <string_view>
#include <utility>

namespace app::gl {

template <void (*Delete)(GLuint)>
class Handle {
 public:
  Handle() = default;
  explicit Handle(GLuint id) : id_(id) {}
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(std::exchange(o.id_, 0)) {}
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = std::exchange(o.id_, 0);
    }
    return *this;
  }
  ~Handle() { reset(); }
  GLuint id() const { return id_; }
  explicit operator bool() const { return id_ != 0; }
  void reset() {
    if (id_) Delete(id_);
    id_ = 0;
  }

 private:
  GLuint id_ = 0;
};

namespace detail {
inline void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }
inline void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
inline void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
inline void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
inline void delete_renderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
inline void delete_program(GLuint id) { glDeleteProgram(id); }
}  // namespace detail

using Buffer = Handle<detail::delete_buffer>;
using VertexArray = Handle<detail::delete_vertex_array>;
using Texture = Handle<detail::delete_texture>;
using Framebuffer = Handle<detail::delete_framebuffer>;
using Renderbuffer = Handle<detail::delete_renderbuffer>;
using Program = Handle<detail::delete_program>;

inline Buffer make_buffer() {
  GLuint id = 0;
  glGenBuffers(1, &id);
  return Buffer(id);
}
inline VertexArray make_vertex_array() {
  GLuint id = 0;
  glGenVertexArrays(1, &id);
  return VertexArray(id);
}
inline Texture make_texture() {
  GLuint id = 0;
  glGenTextures(1, &id);
  return Texture(id);
}

// Compiles and links a program from GLSL stage sources. On failure returns an empty
// program and puts the driver's log in `error`.
Program build_program(std::string_view vertex, std::string_view fragment, std::string& error);

// An offscreen RGBA8 colour target of a given size (screenshots, export, map cache),
// backed by a texture so it can be drawn again.
class RenderTarget {
 public:
  bool create(int width, int height, std::string& error);
  void bind() const;
  int width() const { return width_; }
  int height() const { return height_; }
  GLuint framebuffer() const { return fbo_.id(); }
  GLuint texture() const { return colour_.id(); }
  // Reads the pixels, top row first, RGBA8.
  void read_rgba(unsigned char* out) const;

 private:
  Framebuffer fbo_;
  Texture colour_;
  int width_ = 0, height_ = 0;
};

}  // namespace app::gl
