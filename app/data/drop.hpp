// What the window does with a file dropped on it (the Open dialog's rules, decided
// without a dialog for the common case).
#pragma once

#include <string>

namespace app {

enum class DropAction {
  Skip,  // a sidecar of a file beside it (a.dbf of a.shp, a.tif.aux.xml): part of that file
  Add,   // add it: a dataset with one layer, a raster (a basemap), a project, or what
         // cannot be read (the loader then says why)
  Pick,  // several layers, or a table whose coordinate columns must be chosen: the
         // Open dialog asks
};

// Looks at the file (a quick local inspect; dropped files are local).
DropAction classify_drop(const std::string& path);

}  // namespace app
