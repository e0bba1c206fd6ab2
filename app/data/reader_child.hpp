// The reader process's side (`renewmap --reader`, started by reader_process.cpp): reads
// requests from stdin until it closes, answers each on fd 3, and dies with its parent.
// Runs GDAL only; no window, no GL.
#pragma once

namespace app::data {

int run_reader_child();

}  // namespace app::data
