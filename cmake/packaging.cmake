# Installs renewmap like any Debian program and makes its package:
#
#   cmake --build build && (cd build && cpack -G DEB)   →  renewmap_<version>_amd64.deb
#
# /usr/bin/renewmap, the Laoshan project in /usr/share/renewmap/assets/laoshan/ (where
# app::default_project_path looks beside ../share), a menu entry, an icon, the project
# file's MIME type and a man page made from `renewmap --help`. The tests and
# benchmarks are not installed. The package's dependencies are those dpkg-shlibdeps
# finds (dpkg-dev and file on the build machine) plus the data and drivers the program
# loads at run time. scripts/package-test.sh installs it in a bare Debian 12 root.
include(GNUInstallDirs)

install(TARGETS renewmap RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/laoshan/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/renewmap/assets/laoshan
        FILES_MATCHING PATTERN "*.project.json" PATTERN "*.gpkg" PATTERN "*.geojson" PATTERN "README.md")
install(FILES ${PROJECT_SOURCE_DIR}/assets/packaging/renewmap.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/assets/packaging/renewmap.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${PROJECT_SOURCE_DIR}/assets/packaging/renewmap-mime.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME renewmap.xml)

# The man page, from the program's own --help and --version (help2man).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  set(man ${CMAKE_CURRENT_BINARY_DIR}/renewmap.1)
  add_custom_command(
    OUTPUT ${man}.gz
    # ASAN_OPTIONS: a sanitizer build runs it too; a leak report must not fail the build.
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0
            ${HELP2MAN} --no-info --section=1 --source=renewmap
            "--name=map viewer for urban-renewal programmes" --output=${man} $<TARGET_FILE:renewmap>
    COMMAND gzip -9nf ${man}
    DEPENDS renewmap
    COMMENT "Generating the man page renewmap.1 (help2man)"
    VERBATIM)
  add_custom_target(renewmap_man ALL DEPENDS ${man}.gz)
  install(FILES ${man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man page (scripts/setup.sh installs it)")
endif()

set(RENEWMAP_PACKAGE_MAINTAINER "renewmap maintainers" CACHE STRING "the .deb's Maintainer field")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME renewmap)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${RENEWMAP_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "map viewer for urban-renewal programmes")
# The Description's body (CPack puts the summary above it and indents it).
set(CPACK_PACKAGE_DESCRIPTION "renewmap opens vector data in any format GDAL reads and any CRS PROJ knows
and draws every project coloured by its construction status: planned, relocation,
under construction, completed, delayed. It comes with the 2023 renewal programme
of Laoshan District, Qingdao, as its default project.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # renewmap_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Loaded at run time, not linked: the CJK font for Chinese text (fontconfig), PROJ's
# and GDAL's data files, Mesa's OpenGL drivers (llvmpipe where there is no GPU).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-noto-cjk, proj-data, gdal-data, libgl1-mesa-dri")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
