#include "geo/dataset.hpp"

#include <cpl_vsi.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <regex>

#include "geo/gdal_util.hpp"
#include "geo/pg.hpp"
#include "geo/reader.hpp"

namespace geo::detail {

AttributeTable::Type field_type(OGRFieldType t) {
  switch (t) {
    case OFTString: return AttributeTable::Type::Text;
    case OFTInteger:
    case OFTInteger64: return AttributeTable::Type::Integer;
    case OFTReal: return AttributeTable::Type::Real;
    case OFTDate:
    case OFTDateTime: return AttributeTable::Type::Date;
    default: return AttributeTable::Type::Other;
  }
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

bool is_shapefile(const std::string& path) {
  const std::string ext = lower_extension(path);
  return ext == ".shp" || ext == ".dbf";
}

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool ends_with(const std::string& s, const char* suffix) {
  const size_t n = std::char_traits<char>::length(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

// The /vsi prefix that reads into an archive, or "" when `path` is not one.
std::string archive_prefix(const std::string& path) {
  const std::string l = lower(path);
  if (l.rfind("/vsi", 0) == 0) return "";  // already a GDAL virtual path
  if (ends_with(l, ".zip")) return "/vsizip/";
  if (ends_with(l, ".tar") || ends_with(l, ".tar.gz") || ends_with(l, ".tgz")) return "/vsitar/";
  if (ends_with(l, ".gz")) return "/vsigzip/";
  return "";
}

// Files in an archive that are parts of another dataset, never one of their own.
bool sidecar(const std::string& name) {
  static const char* const parts[] = {".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qmd", ".xml",
                                      ".id",  ".dat", ".map", ".ind", ".txt", ".md",  ".pdf", ".html"};
  const std::string ext = lower_extension(name);
  return std::find(std::begin(parts), std::end(parts), ext) != std::end(parts);
}

}  // namespace

bool is_archive(const std::string& path) { return !archive_prefix(path).empty(); }

bool vsi_exists(const std::string& path) {
  VSIStatBufL st;
  return VSIStatExL(path.c_str(), &st, VSI_STAT_EXISTS_FLAG) == 0;
}

std::string vsi_head(const std::string& path, size_t bytes) {
  VSILFILE* f = VSIFOpenL(path.c_str(), "rb");
  if (!f) return {};
  std::string out(bytes, '\0');
  out.resize(VSIFReadL(out.data(), 1, bytes, f));
  VSIFCloseL(f);
  return out;
}

Result<std::vector<std::string>> archive_datasets(const std::string& path) {
  const std::string prefix = archive_prefix(path);
  if (prefix.empty()) return std::vector<std::string>{path};
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{path, {}, "file not found"};
  const std::string root = prefix + path;
  if (prefix == "/vsigzip/") return std::vector<std::string>{root};  // one compressed file
  init_gdal();
  ScopedGdalErrors errors;
  char** entries = VSIReadDirRecursive(root.c_str());
  if (!entries) return Error{path, {}, "the archive cannot be read (damaged, or not a " + prefix.substr(4, 3) + " archive)"};
  std::vector<std::string> found;
  for (char** e = entries; *e && found.size() < 1000; ++e) {
    std::string name = *e;
    std::string member = root + "/" + name;
    if (!name.empty() && name.back() == '/') {  // a folder: only a File Geodatabase is a dataset
      name.pop_back();
      member.pop_back();
      if (lower_extension(name) != ".gdb") continue;
    } else if (sidecar(name) || name.find(".gdb/") != std::string::npos) {
      continue;
    }
    if (GDALIdentifyDriverEx(member.c_str(), GDAL_OF_VECTOR, nullptr, nullptr)) found.push_back(member);
  }
  CSLDestroy(entries);
  if (found.empty())
    return Error{path, {}, "the archive holds no file GDAL reads as vector data (it lists no Shapefile, GeoPackage, "
                           "GeoJSON, KML … inside)"};
  return found;
}

std::string plain_gdal_message(std::string m) {
  // Where in GDAL's own sources a message was raised means nothing to a planner.
  static const std::regex source_file(
      R"((In file [^ ,]*\.(c|cc|cpp|cxx|h|hpp), at line \d+,? ?)|)"
      R"(( ?in file `[^']*\.(c|cc|cpp|cxx|h|hpp)', line \d+)|)"
      R"(( ?\(?[^ ()]*\.(c|cc|cpp|cxx|h|hpp)(:\d+)+\)?)|)"
      R"(( ?\(?[^ ()]*/[A-Za-z0-9_.-]+\.(c|cc|cpp|cxx|h|hpp)\b(,? line \d+)?\)?))");
  m = std::regex_replace(m, source_file, "");
  static const std::regex internal(R"((Should not|Shouldn't) happen( happened)? at line \d+)");
  m = std::regex_replace(m, internal, "an internal error in GDAL");
  // What some GDAL phrases mean for the user.
  if (m.find("Unable to initialize ODBC connection") != std::string::npos)
    return "Access databases (.mdb, .accdb) need GDAL's ODBC driver with an Access ODBC driver, which this GDAL "
           "lacks; export the tables to a GeoPackage or Shapefile (e.g. from Access or QGIS on Windows)";
  // Tidy what the cuts left.
  static const std::regex spaces(R"(\s{2,})");
  m = std::regex_replace(m, spaces, " ");
  while (!m.empty() && (m.back() == ' ' || m.back() == ',' || m.back() == ':')) m.pop_back();
  while (!m.empty() && (m.front() == ' ' || m.front() == ':' || m.front() == ',')) m.erase(m.begin());
  return m;
}

DatasetPtr open_vector(const std::string& path, const OpenRequest& request, Error& error, std::string* failures) {
  init_gdal();
  ScopedGdalErrors errors;
  const std::string ext = lower_extension(path);
  const std::string encoding_option = "ENCODING=" + request.text_encoding.value_or("");
  // CSV: points from X/Y columns under their common names (GDAL finds WKT columns by
  // itself); Chinese headers included. Columns the user picked replace the guesses.
  const bool chosen = ext == ".csv" && !request.csv_x.empty() && !request.csv_y.empty();
  const std::string x_names = "X_POSSIBLE_NAMES=" + (chosen ? request.csv_x
                                                           : "x,lon,lng,long,longitude,easting,east,经度,东经,东坐标,X坐标,x_coord");
  const std::string y_names = "Y_POSSIBLE_NAMES=" + (chosen ? request.csv_y
                                                           : "y,lat,latitude,northing,north,纬度,北纬,北坐标,Y坐标,y_coord");
  std::vector<const char*> open_options;
  if (request.text_encoding) {
    open_options.push_back(encoding_option.c_str());
  } else if (ext == ".csv") {
    open_options = {x_names.c_str(), y_names.c_str(), "KEEP_GEOM_COLUMNS=YES", "AUTODETECT_TYPE=YES"};
  }
  open_options.push_back(nullptr);
  std::vector<const char*> drivers;
  for (const std::string& d : request.drivers) drivers.push_back(d.c_str());
  drivers.push_back(nullptr);
  const std::string open_path = with_connect_timeout(path);
  DatasetPtr ds(static_cast<GDALDataset*>(GDALOpenEx(
      open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
      request.drivers.empty() ? nullptr : drivers.data(), open_options.data(), nullptr)));
  if (failures) *failures = errors.failures();
  if (ds) return ds;
  error.source = is_database_source(path) ? without_password(path) : path;
  struct stat st {};
  const bool is_connection = is_database_source(path) || path.rfind("/vsi", 0) == 0;
  if (!is_connection && ::stat(path.c_str(), &st) != 0) {
    error.reason = "file not found";
  } else if (!is_connection && S_ISDIR(st.st_mode)) {
    error.reason = "is a directory with no data GDAL recognises (name a file in it)";
  } else if (!errors.failures().empty()) {
    const std::string said = errors.failures();
    error.reason = said.rfind("Access databases", 0) == 0 ? said : "GDAL cannot read it as vector data: " + said;
  } else if (!request.drivers.empty()) {
    std::string names;
    for (const std::string& d : request.drivers) names += (names.empty() ? "" : ", ") + d;
    error.reason = "the " + names + " driver cannot read it either";
  } else {
    error.reason = "not a vector format GDAL recognises (empty, damaged, a raster, or a sidecar "
                   "file such as .shx/.dbf missing?)";
  }
  return nullptr;
}

}  // namespace geo::detail
