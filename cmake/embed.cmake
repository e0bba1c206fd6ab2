# Embeds text files (GLSL sources) into a generated C++ source so the program runs
# from any directory. embed_text_files(TARGET_SRC_VAR NAMESPACE file...) defines
# `std::string_view NAMESPACE::<stem>_<ext>` for each file.
function(embed_text_files out_var ns)
  set(out_cpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.cpp)
  set(out_hpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.hpp)
  string(JOIN "|" files ${ARGN})  # a list would be split into separate arguments
  add_custom_command(
    OUTPUT ${out_cpp} ${out_hpp}
    COMMAND ${CMAKE_COMMAND} -DNS=${ns} -DOUT_CPP=${out_cpp} -DOUT_HPP=${out_hpp}
            "-DFILES=${files}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${ns} sources"
    VERBATIM)
  set(${out_var} ${out_cpp} ${out_hpp} PARENT_SCOPE)
endfunction()
