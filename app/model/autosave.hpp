// Autosave: the project's unsaved state written beside the user's files' backs, every
// few seconds after a change, so that a crash, a killed process or a power cut loses
// at most those seconds. One file per set of inputs (the same project opened again
// finds its own), in $XDG_STATE_HOME/renewmap/autosave (~/.local/state/…). The next
// start offers to restore it when it is newer than the project file. Pure file logic:
// no window, no GL; the shell (app/shell/autosave.cpp) decides when and asks the user.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace app::model {

// The autosave folder: $XDG_STATE_HOME/renewmap/autosave, else
// $HOME/.local/state/renewmap/autosave, else /tmp/renewmap-autosave.
std::string autosave_dir();

// The autosave file of a session opened with `inputs` (as given on the command line;
// made absolute here, so the same files from another folder are the same session).
// No inputs: the default project's path stands for them.
std::string autosave_file(const std::vector<std::string>& inputs, const std::string& dir);

struct Leftover {
  std::string path;      // the autosave file
  std::time_t saved_at;  // when it was written
};
// An autosave a session left without saving: it exists and is newer than every input
// that is a file (a project saved since makes it stale).
std::optional<Leftover> leftover_autosave(const std::vector<std::string>& inputs, const std::string& dir);

// Removes the autosave (after a save, or when the user discards the changes).
void discard_autosave(const std::string& path);

}  // namespace app::model
