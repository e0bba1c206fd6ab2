// The project as the user has it now: what Save writes, what the unsaved-changes check
// compares, what the autosave holds.
#pragma once

#include <string>

#include "app/model/model.hpp"

namespace app {

// The project with the layers in their current order (visibility, opacity, filter,
// style), the basemaps, the legend's checkboxes, the bookmarks and the view, to be
// written at `path`. A layer that did not load (a file missing today, a server down)
// stays as it was given, after the loaded layer that preceded it: saving never loses
// a layer the user did not remove. `kept` counts those.
geo::Project project_snapshot(const Model& m, const std::string& path, size_t* kept = nullptr);
// What "unsaved changes" compares: the snapshot without the view (panning is not an edit).
std::string unsaved_key(const Model& m);
// The model's project is now what was saved (or loaded): nothing unsaved.
void mark_saved(Model& m);
// After a change: does the project differ from what was last saved? (Before the
// baseline is taken — while loading — nothing counts as unsaved.)
void check_unsaved(Model& m);
// Writes the snapshot atomically to `path` (empty: where the project came from, else
// ./renewmap.project.json); reports what happened. False when it could not be written.
bool save_project(Model& m, const std::string& path);

}  // namespace app
