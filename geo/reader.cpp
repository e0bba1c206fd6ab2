#include "geo/reader.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <atomic>
#include <chrono>
#include <thread>
#include <sys/stat.h>

#include "geo/dataset.hpp"
#include "geo/encoding.hpp"
#include "geo/gdal_util.hpp"
#include "geo/layer_srs.hpp"
#include "geo/pg.hpp"
#include "geo/appender.hpp"
#include "geo/columnar.hpp"

namespace geo {
namespace detail {

namespace {
void CPL_STDCALL collect(CPLErr severity, CPLErrorNum, const char* message) {
  auto* self = static_cast<ScopedGdalErrors*>(CPLGetErrorHandlerUserData());
  if (self) self->add(static_cast<int>(severity), message);
}
}  // namespace

ScopedGdalErrors::ScopedGdalErrors() { CPLPushErrorHandlerEx(collect, this); }
ScopedGdalErrors::~ScopedGdalErrors() { CPLPopErrorHandler(); }

void ScopedGdalErrors::add(int severity, const char* message) {
  std::string& out = severity >= CE_Failure ? failures_ : warnings_;
  if (out.size() > 2000) return;  // a broken file can emit thousands; the first say enough
  const std::string plain = plain_gdal_message(message ? message : "");
  if (plain.empty() || out.find(plain) != std::string::npos) return;  // said already
  if (!out.empty()) out += "; ";
  out += plain;
}

}  // namespace detail

namespace {

using detail::DatasetPtr;
using detail::lower_extension;
using detail::OpenRequest;
struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;

std::string iso_date(OGRFeature& f, int i, OGRFieldType type) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
  float s = 0;
  if (!f.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &s, &tz)) return f.GetFieldAsString(i);
  char buf[40];
  if (type == OFTDate)
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi,
                  static_cast<int>(s));
  return buf;
}

bool plausible_lon_lat(const Bbox& b) {
  return !b.empty() && b.min_x >= -180.0 && b.max_x <= 180.0 && b.min_y >= -90.0 && b.max_y <= 90.0;
}

// Reads one OGR layer; fills `out` or returns an error.
// `columnar`: through GDAL's column-oriented stream (geo/columnar.hpp) when it can.
std::optional<Error> read_layer(OGRLayer& src, const std::string& path, const ReadOptions& options,
                                VectorLayer& out, std::vector<Error>& warnings, bool* limited = nullptr,
                                bool columnar = false) {
  out.source = path;
  out.name = src.GetName();
  OGRSpatialReference srs_storage;
  bool bad_override = false;
  const OGRSpatialReference* srs = detail::layer_srs(src, path, options.source_crs, srs_storage, &bad_override);
  if (bad_override)
    return Error{path, out.name, "the source CRS '" + options.source_crs +
                                     "' is not a coordinate reference system PROJ knows (try an EPSG code such as EPSG:4549)"};
  bool swap = false;
  if (srs) {
    detail::describe_srs(*srs, out.crs, out.crs_label);
    swap = detail::data_is_north_first(*srs);
  }

  OGRFeatureDefn* defn = src.GetLayerDefn();
  const int field_count = defn->GetFieldCount();
  std::vector<std::string> names;
  std::vector<AttributeTable::Type> types;
  std::vector<OGRFieldType> ogr_types;
  for (int i = 0; i < field_count; ++i) {
    OGRFieldDefn* fd = defn->GetFieldDefn(i);
    names.emplace_back(fd->GetNameRef());
    types.push_back(detail::field_type(fd->GetType()));
    ogr_types.push_back(fd->GetType());
  }
  out.attributes.set_columns(std::move(names), std::move(types));

  const GIntBig total = src.GetFeatureCount(FALSE);
  uint64_t done = 0;
  size_t empty_geometries = 0;
  detail::GeometryAppender appender(out, swap);
  bool read_by_columns = false, cancelled = false;
  if (columnar) {
    read_by_columns = detail::read_columnar(src, options, out, appender, empty_geometries, cancelled);
    if (cancelled) return Error{path, out.name, "loading cancelled"};
    done = out.feature_count();
    if (out.xy.size() / 2 > 0xF0000000ull)
      return Error{path, out.name, "more than 4 billion vertices: too large for one layer"};
  }
  if (!read_by_columns) src.ResetReading();
  while (!read_by_columns) {
    FeaturePtr f{src.GetNextFeature()};
    if (!f) break;
    if (options.limit > 0 && done >= options.limit) {  // a database cursor stops fetching here
      if (limited) *limited = true;
      break;
    }
    if ((done & 1023) == 0) {
      if (options.cancelled && options.cancelled()) return Error{path, out.name, "loading cancelled"};
      if (options.progress) options.progress(done, total > 0 ? static_cast<uint64_t>(total) : 0);
    }
    ++done;
    appender.append(f->GetGeometryRef());
    if (!appender.finish_feature()) ++empty_geometries;
    out.fids.push_back(f->GetFID());
    out.attributes.begin_row();
    for (int i = 0; i < field_count; ++i) {
      if (!f->IsFieldSetAndNotNull(i)) {
        out.attributes.push({}, true);
      } else if (ogr_types[i] == OFTDate || ogr_types[i] == OFTDateTime) {
        out.attributes.push(iso_date(*f, i, ogr_types[i]));
      } else {
        out.attributes.push(f->GetFieldAsString(i));
      }
    }
    if (out.xy.size() / 2 > 0xF0000000ull)
      return Error{path, out.name, "more than 4 billion vertices: too large for one layer"};
  }
  if (options.progress) options.progress(done, done);

  if (out.crs.empty()) {
    if (out.bounds.empty()) {
      out.crs = "EPSG:4326";
      out.crs_label = "EPSG:4326 (assumed)";
    } else if (plausible_lon_lat(out.bounds)) {
      out.crs = "EPSG:4326";
      out.crs_label = "EPSG:4326 (assumed)";
      warnings.push_back({path, out.name,
                          "no coordinate reference system; coordinates look like longitude/latitude, "
                          "so EPSG:4326 is assumed (add a .prj or set the CRS to be sure)"});
    } else {
      const std::string prj = std::filesystem::path(path).replace_extension(".prj").string();
      Error why = detail::vsi_exists(prj)
                      ? Error{path, out.name,
                              "its .prj file could not be understood as a coordinate reference system, and the "
                              "coordinates are not longitude/latitude; replace the .prj (e.g. with an EPSG code's), "
                              "or give the CRS: the layer's \"crs\" in a project, or --source-crs (e.g. EPSG:4549)"}
                      : Error{path, out.name,
                              "no coordinate reference system and the coordinates are not longitude/latitude; give "
                              "its CRS: the layer's \"crs\" in a project, or --source-crs on the command line (e.g. "
                              "--source-crs EPSG:4549), or add a .prj file beside it"};
      if (!options.describe_only) return why;
      out.crs_label = "unknown";  // described all the same; it cannot be drawn as it is
      warnings.push_back(std::move(why));
    }
  }
  if (empty_geometries > 0 && empty_geometries == out.feature_count()) {
    const bool csv = lower_extension(path) == ".csv";
    return Error{path, out.name,
                 "none of its " + std::to_string(out.feature_count()) + " features has a geometry: nothing to draw" +
                     (csv ? std::string("; choose its X/Y columns in the Open dialog (Ctrl+O), or name them in a "
                                        "project layer (\"csv_x\", \"csv_y\")")
                          : std::string())};
  }
  // No features at all is not a fault of the file (a layer not filled in yet): it
  // loads and is said. Features none of which can be placed is (above).
  if (out.feature_count() == 0 && !options.box && options.where.empty())
    warnings.push_back({path, out.name, "has no features: nothing to draw"});
  if (empty_geometries > 0)
    warnings.push_back({path, out.name,
                        std::to_string(empty_geometries) + " of " +
                            std::to_string(out.feature_count()) + " features have no geometry"});
  if (appender.repaired > 0)
    warnings.push_back({path, out.name,
                        std::to_string(appender.repaired) +
                            " self-crossing polygons repaired (GEOS MakeValid) to be drawn"});
  if (appender.unrepaired_count > 0) {
    std::string which;
    for (size_t f : appender.unrepaired)
      which += (which.empty() ? "" : ", ") + std::string("#") + std::to_string(out.fids[f]);
    warnings.push_back({path, out.name,
                        std::to_string(appender.unrepaired_count) +
                            " self-crossing polygons could not be repaired in time (feature " + which +
                            (appender.unrepaired_count > appender.unrepaired.size() ? ", …" : "") +
                            "); filled by the even-odd rule instead, as GDAL's rasterizer would"});
  }
  if (appender.far_away > 0)
    warnings.push_back({path, out.name,
                        std::to_string(appender.far_away) +
                            " vertices lie more than 100,000 km out (a wrong coordinate or unit?); the view "
                            "does not include them"});
  if (appender.nonfinite > 0)
    warnings.push_back({path, out.name,
                        std::to_string(appender.nonfinite) + " vertices have NaN or infinite coordinates and are left out"});
  return std::nullopt;
}

// Large GeoPackage layers are read on two threads, each over half of the FID range
// through its own connection, then joined in FID order: the read is most of the
// time to the first frame, and SQLite serves both halves independently.
constexpr GIntBig kParallelReadFeatures = 200000;

bool parallel_read_possible(GDALDataset& ds, OGRLayer& l, const ReadOptions& options) {
  return !options.box && options.where.empty() && options.limit == 0 && std::thread::hardware_concurrency() >= 2 && ds.GetDriver() &&
         std::string(ds.GetDriver()->GetDescription()) == "GPKG" && l.GetFIDColumn() && *l.GetFIDColumn() &&
         l.GetFeatureCount(FALSE) >= kParallelReadFeatures;
}

std::optional<Error> read_layer_parallel(GDALDataset& ds, OGRLayer& l, const std::string& path,
                                         const ReadOptions& options, VectorLayer& out, std::vector<Error>& warnings) {
  const std::string fid = l.GetFIDColumn();
  const std::string sql = "SELECT MIN(\"" + fid + "\"), MAX(\"" + fid + "\") FROM \"" + l.GetName() + "\"";
  OGRLayer* range = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  GIntBig lo = 0, hi = -1;
  if (range) {
    if (FeaturePtr f{range->GetNextFeature()}) {
      lo = f->GetFieldAsInteger64(0);
      hi = f->GetFieldAsInteger64(1);
    }
    ds.ReleaseResultSet(range);
  }
  if (hi <= lo) return read_layer(l, path, options, out, warnings);
  const GIntBig mid = lo + (hi - lo) / 2;
  const std::string upper = "\"" + fid + "\" > " + std::to_string(mid);
  const std::string lower = "\"" + fid + "\" <= " + std::to_string(mid);

  // Progress: both halves add to one counter; only this thread reports it.
  std::atomic<uint64_t> done{0};
  const uint64_t total = static_cast<uint64_t>(std::max<GIntBig>(0, l.GetFeatureCount(FALSE)));
  auto half_options = [&](bool reporter) {
    ReadOptions o;
    o.source_crs = options.source_crs;
    o.cancelled = options.cancelled;
    auto last = std::make_shared<uint64_t>(0);
    o.progress = [&, reporter, last](uint64_t n, uint64_t) {
      done += n - *last;
      *last = n;
      if (reporter && options.progress) options.progress(done.load(), total);
    };
    return o;
  };
  VectorLayer second;
  std::vector<Error> second_warnings;
  std::optional<Error> second_error;
  std::thread worker([&] {
    detail::ScopedGdalErrors errors;  // this thread's GDAL messages
    Error open_error;
    DatasetPtr ds2 = detail::open_vector(path, OpenRequest{{}, {}, {}, {"GPKG"}}, open_error);
    OGRLayer* l2 = ds2 ? ds2->GetLayerByName(l.GetName()) : nullptr;
    if (!l2 || l2->SetAttributeFilter(upper.c_str()) != OGRERR_NONE) {
      second_error = Error{path, l.GetName(), "could not open a second reader: " + open_error.reason};
      return;
    }
    second_error = read_layer(*l2, path, half_options(false), second, second_warnings);
  });
  std::optional<Error> first_error;
  if (l.SetAttributeFilter(lower.c_str()) != OGRERR_NONE)
    first_error = Error{path, l.GetName(), "could not filter by " + fid};
  else
    first_error = read_layer(l, path, half_options(true), out, warnings);
  l.SetAttributeFilter(nullptr);
  worker.join();
  if (first_error) return first_error;
  if (second_error) return second_error;
  warnings.insert(warnings.end(), second_warnings.begin(), second_warnings.end());
  out.append(std::move(second));
  if (options.progress) options.progress(done.load(), done.load());
  return std::nullopt;
}


}  // namespace

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Let Shapefiles without .cpg be read as-is rather than guessed wrong; the
    // planner's tools issue adds GBK detection.
  });
}

SourceSpec parse_source_spec(std::string_view spec) {
  const size_t pos = spec.rfind("::");
  if (pos == std::string_view::npos || pos == 0 || pos + 2 >= spec.size())
    return {std::string(spec), {}};
  return {std::string(spec.substr(0, pos)), std::string(spec.substr(pos + 2))};
}

namespace {

// Every member of an archive (archive_datasets), read as if it were a file of its own;
// what comes back names the archive, which is what the user opened (and what a
// reload watches and a filter opens again).
ReadOutcome read_archive(const SourceSpec& spec, const ReadOptions& options) {
  ReadOutcome outcome;
  auto members = detail::archive_datasets(spec.path);
  if (!members) {
    outcome.errors.push_back(members.error());
    return outcome;
  }
  bool layer_found = spec.layer.empty();
  for (const std::string& member : *members) {
    SourceSpec inner{member, {}};
    if (!spec.layer.empty()) {
      auto infos = inspect_source(inner, options);
      if (!infos || std::none_of(infos->begin(), infos->end(), [&](const LayerInfo& i) { return i.name == spec.layer; }))
        continue;
      inner.layer = spec.layer;
      layer_found = true;
    }
    ReadOutcome one = read_vector(inner, options);
    for (VectorLayer& l : one.layers) {
      l.source = spec.path;
      outcome.layers.push_back(std::move(l));
    }
    for (Error& e : one.errors) outcome.errors.push_back({spec.path, e.layer, e.reason});
    for (Error& e : one.warnings) outcome.warnings.push_back({spec.path, e.layer, e.reason});
    outcome.limited = outcome.limited || one.limited;
  }
  if (!layer_found) outcome.errors.push_back({spec.path, spec.layer, "no such layer in the archive"});
  return outcome;
}

}  // namespace

ReadOutcome read_vector(const SourceSpec& spec, const ReadOptions& options) {
  if (detail::is_archive(spec.path)) return read_archive(spec, options);
  ReadOutcome outcome;
  // What messages name: a connection string without its password.
  const std::string shown = is_database_source(spec.path) ? without_password(spec.path) : spec.path;
  Error open_error;
  // Shapefiles that do not declare their encoding (and any the user overrides) are
  // read as raw bytes and decoded here; GDAL would take them as ISO-8859-1.
  const bool raw_text =
      detail::is_shapefile(spec.path) && (!options.encoding.empty() || !shapefile_declares_encoding(spec.path));
  std::string open_failures;
  OpenRequest request{raw_text ? std::optional<std::string>("") : std::nullopt, options.csv_x, options.csv_y,
                      options.drivers};
  DatasetPtr ds = detail::open_vector(spec.path, request, open_error, &open_failures);
  if (!ds) {
    outcome.errors.push_back(open_error);
    return outcome;
  }
  const std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  if (options.opened) options.opened(driver);
  std::vector<OGRLayer*> layers;
  if (!spec.layer.empty()) {
    OGRLayer* l = ds->GetLayerByName(spec.layer.c_str());
    if (!l) {
      std::string available;
      for (int i = 0; i < ds->GetLayerCount() && i < 20; ++i)
        available += (i ? ", " : "") + std::string(ds->GetLayer(i)->GetName());
      outcome.errors.push_back({spec.path, spec.layer, "no such layer (available: " + available + ")"});
      return outcome;
    }
    layers.push_back(l);
  } else {
    for (int i = 0; i < ds->GetLayerCount(); ++i) layers.push_back(ds->GetLayer(i));
    if (layers.empty()) outcome.errors.push_back({spec.path, {}, "the dataset has no vector layers"});
  }
  // GDAL reads a CRS it cannot find as EPSG:4326 (GeoJSON): refuse to guess.
  if (open_failures.find("crs not found") != std::string::npos) {
    std::string declared;
    std::ifstream in(spec.path);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    const size_t crs = head.find("\"crs\"");
    const size_t props = crs == std::string::npos ? crs : head.find("\"properties\"", crs + 5);
    const size_t name = props == std::string::npos ? props : head.find("\"name\"", props + 12);
    const size_t q1 = name == std::string::npos ? name : head.find('"', head.find(':', name + 6) + 1);
    const size_t q2 = q1 == std::string::npos ? q1 : head.find('"', q1 + 1);
    if (q2 != std::string::npos && q2 - q1 < 200) declared = head.substr(q1 + 1, q2 - q1 - 1);
    for (OGRLayer* l : layers)
      outcome.errors.push_back({spec.path, l->GetName(),
                                "its coordinate reference system " + (declared.empty() ? "" : "'" + declared + "' ") +
                                    "is not known to PROJ (" + open_failures +
                                    "); it cannot be placed on the map"});
    return outcome;
  }
  for (OGRLayer* l : layers) {
    detail::ScopedGdalErrors errors;
    VectorLayer layer;
    if (options.box)
      l->SetSpatialFilterRect(options.box->min_x, options.box->min_y, options.box->max_x, options.box->max_y);
    if (!options.where.empty() && l->SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
      outcome.errors.push_back({shown, l->GetName(), "the filter '" + options.where + "' was refused: " +
                                                         (errors.failures().empty() ? "invalid" : errors.failures())});
      continue;
    }
    bool limited = false;
    // A whole layer from a driver with a fast column-oriented stream is read through
    // it, on one thread (faster than two feature loops); else large GeoPackages read
    // on two threads.
    const bool columnar = options.columnar && !options.box && options.where.empty() && options.limit == 0 &&
                          detail::columnar_faster(driver);
    auto err = !columnar && parallel_read_possible(*ds, *l, options)
                   ? read_layer_parallel(*ds, *l, spec.path, options, layer, outcome.warnings)
                   : read_layer(*l, spec.path, options, layer, outcome.warnings, &limited, columnar);
    outcome.limited = outcome.limited || limited;
    if (err) {
      outcome.errors.push_back(*err);
      continue;
    }
    if (!errors.failures().empty() && layer.feature_count() == 0) {
      outcome.errors.push_back({spec.path, layer.name, "GDAL could not read it: " + errors.failures()});
      continue;
    }
    if (!errors.failures().empty())
      outcome.warnings.push_back({spec.path, layer.name, "read with errors: " + errors.failures()});
    if (detail::is_shapefile(spec.path) && layer.attributes.column_count() == 0) {
      if (!detail::vsi_exists(std::filesystem::path(spec.path).replace_extension(".dbf").string()))
        outcome.warnings.push_back({spec.path, layer.name,
                                    "no .dbf file beside it: the features have no attributes (no status, no names)"});
    }
    if (raw_text) {
      if (auto enc_error = settle_layer_encoding(layer, options.encoding)) {
        outcome.errors.push_back(*enc_error);
        continue;
      }
      if (!layer.encoding.empty() && options.encoding.empty())
        outcome.warnings.push_back({spec.path, layer.name,
                                    "no .cpg file: text read as " + layer.encoding +
                                        " (detected; set the layer's encoding if that is wrong)"});
    }
    layer.driver = driver;
    outcome.layers.push_back(std::move(layer));
  }
  if (shown != spec.path) {
    for (Error& e : outcome.errors) e.source = shown;
    for (Error& e : outcome.warnings) e.source = shown;
  }
  return outcome;
}

SourceAccess in_process_access() {
  SourceAccess a;
  a.read = [](const SourceSpec& spec, const ReadOptions& options) { return read_vector(spec, options); };
  a.filter = [](const SourceSpec& spec, const VectorLayer& layer, const std::string& where) {
    return filter_features(spec, layer, where);
  };
  return a;
}

}  // namespace geo
