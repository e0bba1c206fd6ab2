// Force-included into the app_layering build of model/, commands/ and ui/ (see
// app/CMakeLists.txt): any GL, glad or GLFW header reaching those sources uses one of
// these names, and a poisoned name is a hard error.
#pragma once
#pragma GCC poison GLuint GLenum GLint GLsizei glBindTexture glDrawArrays gladLoadGL GLFWwindow glfwInit glfwPollEvents
