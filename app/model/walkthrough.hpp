// The walk-through: the project's bookmarks (a view, a date, the layers shown, a
// caption), visited in order in presentation mode.
#pragma once

#include <string>

#include "app/model/model.hpp"

namespace app {

// By exact name, then by a part of the name ("全区", "Zhangcun"), then by its number
// (1-based). -1 when none matches.
int find_bookmark(const geo::Project& project, const std::string& name);
// Shows stop `index`: its view (animated or at once), its date (or the starting date:
// never the date the previous stop left) and its layers (or the project's own choice).
void go_to_bookmark(Model& m, size_t index, bool animate);
// The current view as a bookmark: extent, date, the visible layers.
geo::Bookmark bookmark_of_view(const Model& m, const std::string& name);
void add_bookmark(Model& m);                 // "视图 View N", made current
void update_bookmark(Model& m, size_t index);  // the current view into it, caption kept
void rename_bookmark(Model& m, size_t index, const std::string& name, const std::string& caption);
void move_bookmark(Model& m, size_t index, int delta);  // stays current at its new place
void delete_bookmark(Model& m, size_t index);
// The stop Page Down / Page Up go to from the current one (first and last stay put).
size_t next_bookmark(const Model& m);
size_t previous_bookmark(const Model& m);

}  // namespace app
