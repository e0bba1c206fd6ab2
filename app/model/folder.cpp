#include "app/model/folder.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "geo/formats.hpp"

namespace app {
namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

int64_t to_unix(fs::file_time_type t) {
  // file_time_type's clock is not system_clock in C++17: go through the present.
  const auto now_file = fs::file_time_type::clock::now();
  const auto now_sys = std::chrono::system_clock::now();
  const auto sys = now_sys + std::chrono::duration_cast<std::chrono::system_clock::duration>(t - now_file);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

}  // namespace

FolderListing list_folder(const std::string& dir_in, FolderSort sort, bool descending, bool all_files, size_t limit) {
  FolderListing out;
  std::error_code ec;
  fs::path dir = dir_in.empty() ? fs::current_path(ec) : fs::path(dir_in);
  dir = fs::absolute(dir, ec).lexically_normal();
  out.dir = dir.string();
  fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    out.error = "'" + out.dir + "': " + ec.message();
    return out;
  }
  std::vector<FolderEntry> dirs, files;
  for (fs::directory_iterator end; it != end; it.increment(ec)) {
    if (ec) break;
    FolderEntry e;
    e.name = it->path().filename().string();
    if (e.name.empty() || e.name[0] == '.') continue;
    std::error_code entry_ec;
    e.dir = it->is_directory(entry_ec);
    const auto time = it->last_write_time(entry_ec);
    if (!entry_ec) e.modified = to_unix(time);
    if (e.dir) {
      // A File Geodatabase is a folder GDAL opens.
      e.openable = lower(it->path().extension().string()) == ".gdb";
      dirs.push_back(std::move(e));
      continue;
    }
    e.size = it->file_size(entry_ec);
    e.openable = geo::looks_openable(e.name);
    if (!e.openable && !all_files) {
      ++out.hidden_files;
      continue;
    }
    files.push_back(std::move(e));
  }
  auto by_name = [](const FolderEntry& a, const FolderEntry& b) {
    const std::string la = lower(a.name), lb = lower(b.name);
    return la != lb ? la < lb : a.name < b.name;
  };
  std::sort(dirs.begin(), dirs.end(), by_name);
  std::sort(files.begin(), files.end(), [&](const FolderEntry& a, const FolderEntry& b) {
    bool before = false;
    switch (sort) {
      case FolderSort::Name: return descending ? by_name(b, a) : by_name(a, b);
      case FolderSort::Date:
        if (a.modified == b.modified) return by_name(a, b);
        before = a.modified > b.modified;
        break;
      case FolderSort::Size:
        if (a.size == b.size) return by_name(a, b);
        before = a.size > b.size;
        break;
    }
    return descending ? !before : before;
  });
  out.entries = std::move(dirs);
  out.entries.insert(out.entries.end(), std::make_move_iterator(files.begin()), std::make_move_iterator(files.end()));
  if (out.entries.size() > limit) {
    out.entries.resize(limit);
    out.truncated = true;
  }
  return out;
}

std::string format_size(uint64_t bytes) {
  char buf[32];
  if (bytes >= 1024ull * 1024 * 1024)
    std::snprintf(buf, sizeof buf, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  else if (bytes >= 1024ull * 1024)
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024.0 * 1024));
  else if (bytes >= 1024)
    std::snprintf(buf, sizeof buf, "%.0f KB", bytes / 1024.0);
  else
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  return buf;
}

std::string format_time(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

}  // namespace app
