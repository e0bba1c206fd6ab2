# Generates the OpenGL 3.3 core loader at configure time with Debian's python3-glad
# (glad 2). The output lives in the build tree only; it is never committed.
set(GLAD_OUT ${CMAKE_BINARY_DIR}/glad)
set(GLAD_PYTHON /usr/bin/python3 CACHE FILEPATH "Interpreter that has Debian's python3-glad")
if(NOT EXISTS ${GLAD_OUT}/src/gl.c)
  execute_process(
    COMMAND ${GLAD_PYTHON} -m glad --reproducible --quiet --api gl:core=3.3
            --extensions GL_KHR_debug --out-path ${GLAD_OUT} c
    RESULT_VARIABLE glad_rc OUTPUT_QUIET ERROR_VARIABLE glad_err)
  if(NOT glad_rc EQUAL 0 OR NOT EXISTS ${GLAD_OUT}/src/gl.c)
    message(FATAL_ERROR "glad generation failed (is python3-glad installed? run scripts/setup.sh): ${glad_err}")
  endif()
endif()
add_library(glad STATIC ${GLAD_OUT}/src/gl.c)
target_include_directories(glad SYSTEM PUBLIC ${GLAD_OUT}/include)
target_link_libraries(glad PUBLIC ${CMAKE_DL_LIBS})
