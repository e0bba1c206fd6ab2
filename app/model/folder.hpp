// The Open dialog's folder: what is in it, the way a file dialog shows it (folders
// first, then the files GDAL can open, or all files), sorted by name, date or size.
// Plain std::filesystem; the dispatcher lists a folder only when asked
// (cmd::Browse), never per frame.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace app {

struct FolderEntry {
  std::string name;
  bool dir = false;
  uint64_t size = 0;      // bytes (files)
  int64_t modified = 0;   // seconds since 1970 (UTC)
  bool openable = false;  // a file whose extension a GDAL driver declares (geo/formats.hpp)
};

enum class FolderSort { Name, Date, Size };

struct FolderListing {
  std::string dir;                   // absolute, as listed
  std::vector<FolderEntry> entries;  // folders first, then files, each group sorted
  size_t hidden_files = 0;           // files left out: not openable (all_files off)
  bool truncated = false;            // more than the limit: the first `limit` kept
  std::string error;                 // the folder cannot be read: why
};

// Lists `dir` ("" = the current directory). Names starting with '.' are skipped. Name
// sorts case-insensitively A→Z, Date newest first, Size largest first; `descending`
// reverses that. Folders are always listed first and always by name.
FolderListing list_folder(const std::string& dir, FolderSort sort, bool descending, bool all_files,
                          size_t limit = 5000);
// "12.3 MB", "640 KB", "17 B".
std::string format_size(uint64_t bytes);
// "2026-12-06 14:05" (local time).
std::string format_time(int64_t seconds);

}  // namespace app
