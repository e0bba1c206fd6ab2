# Embeds text files (GLSL sources) into a generated C++ source so the program runs
# from any directory. embed_text_files(TARGET_SRC_VAR NAMESPACE file...) defines
# `std::string_view NAMESPACE::<stem>_<ext>` for each file, and NAMESPACE::all[] with
# every one. With PREFIX_DIR first among the files, names are <folder>_<stem>_<ext>.
function(embed_text_files out_var ns)
  set(prefix_dir 0)
  set(sources ${ARGN})
  if(ARGV2 STREQUAL "PREFIX_DIR")
    set(prefix_dir 1)
    list(REMOVE_AT sources 0)
  endif()
  set(out_cpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.cpp)
  set(out_hpp ${CMAKE_CURRENT_BINARY_DIR}/embedded_${ns}.hpp)
  string(JOIN "|" files ${sources})  # a list would be split into separate arguments
  add_custom_command(
    OUTPUT ${out_cpp} ${out_hpp}
    COMMAND ${CMAKE_COMMAND} -DNS=${ns} -DOUT_CPP=${out_cpp} -DOUT_HPP=${out_hpp} -DPREFIX_DIR=${prefix_dir}
            "-DFILES=${files}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${sources} ${PROJECT_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${ns} sources"
    VERBATIM)
  set(${out_var} ${out_cpp} ${out_hpp} PARENT_SCOPE)
endfunction()
