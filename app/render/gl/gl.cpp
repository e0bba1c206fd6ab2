#include "app/render/gl/gl.hpp"

#include <algorithm>
#include <vector>

namespace app::gl {

namespace {
GLuint compile(GLenum stage, std::string_view src, std::string& error) {
  GLuint s = glCreateShader(stage);
  const char* text = src.data();
  const auto len = static_cast<GLint>(src.size());
  glShaderSource(s, 1, &text, &len);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    GLint n = 0;
    glGetShaderiv(s, GL_INFO_LOG_LENGTH, &n);
    std::string log(static_cast<size_t>(std::max(n, 1)), '\0');
    glGetShaderInfoLog(s, n, nullptr, log.data());
    error += (stage == GL_VERTEX_SHADER ? "vertex shader: " : "fragment shader: ") + log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}
}  // namespace

Program build_program(std::string_view vertex, std::string_view fragment, std::string& error) {
  GLuint vs = compile(GL_VERTEX_SHADER, vertex, error);
  GLuint fs = compile(GL_FRAGMENT_SHADER, fragment, error);
  if (!vs || !fs) {
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    return Program();
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    GLint n = 0;
    glGetProgramiv(p, GL_INFO_LOG_LENGTH, &n);
    std::string log(static_cast<size_t>(std::max(n, 1)), '\0');
    glGetProgramInfoLog(p, n, nullptr, log.data());
    error += "link: " + log;
    glDeleteProgram(p);
    return Program();
  }
  return Program(p);
}

bool RenderTarget::create(int width, int height, std::string& error) {
  GLint max_size = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &max_size);
  if (width > max_size || height > max_size) {
    error = "image of " + std::to_string(width) + "x" + std::to_string(height) +
            " exceeds this GPU's limit of " + std::to_string(max_size) + " pixels a side";
    return false;
  }
  GLuint id = 0;
  glGenFramebuffers(1, &id);
  fbo_ = Framebuffer(id);
  colour_ = make_texture();
  glBindTexture(GL_TEXTURE_2D, colour_.id());
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, colour_.id(), 0);
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    error = "offscreen framebuffer incomplete (status " + std::to_string(status) + ")";
    return false;
  }
  width_ = width;
  height_ = height;
  return true;
}

void RenderTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, fbo_.id());
  glViewport(0, 0, width_, height_);
}

void RenderTarget::read_rgba(unsigned char* out) const {
  glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo_.id());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  const size_t row = static_cast<size_t>(width_) * 4;
  std::vector<unsigned char> tmp(row * height_);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, tmp.data());
  for (int y = 0; y < height_; ++y)  // GL rows run bottom-up
    std::copy_n(tmp.data() + (height_ - 1 - y) * row, row, out + y * row);
}

}  // namespace app::gl
