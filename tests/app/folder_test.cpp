// The Open dialog's folder listing: GIS files or all, folders first, sorted by name,
// date or size.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/model/folder.hpp"
#include "geo/formats.hpp"

namespace fs = std::filesystem;

TEST_CASE("the Open dialog lists folders, then what GDAL opens, sorted as asked", "[app][open]") {
  CHECK(geo::looks_openable("parcels.GPKG"));
  CHECK(geo::looks_openable("roads.shp"));
  CHECK(geo::looks_openable("zones.geojson"));
  CHECK(geo::looks_openable("dem.tif"));
  CHECK(geo::looks_openable("bundle.zip"));
  CHECK_FALSE(geo::looks_openable("minutes.docx"));
  CHECK_FALSE(geo::looks_openable("README"));

  const fs::path dir = fs::temp_directory_path() / ("renewmap-folder-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "sub");
  fs::create_directories(dir / "Archive");
  auto write = [&](const char* name, size_t bytes, int age_hours) {
    std::ofstream(dir / name) << std::string(bytes, 'x');
    fs::last_write_time(dir / name, fs::file_time_type::clock::now() - std::chrono::hours(age_hours));
  };
  write("b.gpkg", 300, 5);
  write("a.shp", 100, 1);
  write("C.geojson", 200, 48);
  write("notes.docx", 1000, 2);
  write(".hidden.gpkg", 10, 1);

  auto names = [](const app::FolderListing& l) {
    std::vector<std::string> out;
    for (const auto& e : l.entries) out.push_back(e.name);
    return out;
  };
  app::FolderListing l = app::list_folder(dir.string(), app::FolderSort::Name, false, false);
  CHECK(l.error.empty());
  CHECK(l.dir == dir.string());
  CHECK(names(l) == std::vector<std::string>{"Archive", "sub", "a.shp", "b.gpkg", "C.geojson"});
  CHECK(l.hidden_files == 1);  // notes.docx; dot files are never listed
  CHECK(l.entries[0].dir);
  CHECK(l.entries[3].size == 300);
  CHECK(names(app::list_folder(dir.string(), app::FolderSort::Name, true, false)) ==
        std::vector<std::string>{"Archive", "sub", "C.geojson", "b.gpkg", "a.shp"});
  // Newest first, then oldest first; largest first.
  CHECK(names(app::list_folder(dir.string(), app::FolderSort::Date, false, false)) ==
        std::vector<std::string>{"Archive", "sub", "a.shp", "b.gpkg", "C.geojson"});
  CHECK(names(app::list_folder(dir.string(), app::FolderSort::Date, true, false)) ==
        std::vector<std::string>{"Archive", "sub", "C.geojson", "b.gpkg", "a.shp"});
  CHECK(names(app::list_folder(dir.string(), app::FolderSort::Size, false, false)) ==
        std::vector<std::string>{"Archive", "sub", "b.gpkg", "C.geojson", "a.shp"});
  // All files: the rest too, marked as not openable.
  l = app::list_folder(dir.string(), app::FolderSort::Size, false, true);
  CHECK(names(l) == std::vector<std::string>{"Archive", "sub", "notes.docx", "b.gpkg", "C.geojson", "a.shp"});
  CHECK_FALSE(l.entries[2].openable);
  CHECK(l.hidden_files == 0);
  // A folder that is not there: why, and nothing listed.
  l = app::list_folder((dir / "nope").string(), app::FolderSort::Name, false, false);
  CHECK(l.entries.empty());
  CHECK(l.error.find("nope") != std::string::npos);
  CHECK(app::format_size(1536) == "2 KB");
  CHECK(app::format_size(5 * 1024 * 1024 + 300 * 1024) == "5.3 MB");
  fs::remove_all(dir);
}
