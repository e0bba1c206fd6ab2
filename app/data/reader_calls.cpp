// The calls the viewer makes (read, inspect, filter, rasters): one reader process per
// thread, a crashed driver remembered and another tried, a file that timed out not
// tried again in the same run. The process itself: reader_process.cpp.
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "app/data/reader_process.hpp"
#include "geo/raster.hpp"

namespace app::data {

namespace {

std::mutex g_mutex;  // guards the two settings and the remembered drivers
std::string g_executable;
double g_timeout = 0;
bool g_allow_network = false;
// A file one driver crashed on: the drivers that read it instead, and what to tell.
struct Fallback {
  std::vector<std::string> drivers;
  std::string note;
};
std::map<std::string, Fallback> g_fallback;
// Runs with a time limit: files GDAL did not finish within it are not tried again
// (the display-CRS look and the read would each wait the whole limit).
std::map<std::string, std::string> g_gave_up;

std::string executable() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_executable;
}

}  // namespace

void set_reader_executable(std::string path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_executable = std::move(path);
}
void set_default_timeout(double seconds) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_timeout = seconds;
}
double default_timeout() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return g_timeout;
}
void set_allow_network(bool allowed) {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_allow_network = allowed;
}

namespace {

// The network for one request: when the user allowed it, or for a source that is a
// network address itself (given on the command line or in the Open dialog; a
// project's network sources are refused before they get here).
Limits with_network(Limits limits, const std::string& source) {
  std::lock_guard<std::mutex> lock(g_mutex);
  limits.allow_network = limits.allow_network || g_allow_network || geo::is_network_source(source);
  return limits;
}

ReaderProcess* this_thread_reader() {
  thread_local std::unique_ptr<ReaderProcess> reader;
  const std::string exe = executable();
  if (exe.empty()) return nullptr;
  if (!reader) reader = std::make_unique<ReaderProcess>(exe);
  return reader.get();
}

// Drivers that read the same files another way, to try when one crashed.
std::vector<std::string> alternatives(const std::string& driver) {
  if (driver == "LIBKML") return {"KML"};
  if (driver == "KML") return {"LIBKML"};
  if (driver == "GML") return {"NAS"};
  if (driver == "NAS") return {"GML"};
  if (driver == "GPKG") return {"SQLite"};
  return {};
}

Fallback remembered(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = g_fallback.find(path);
  return it == g_fallback.end() ? Fallback{} : it->second;
}

// "GDAL's LIBKML driver crashed on it (Segmentation fault); read with the KML driver instead"
Fallback remember(const std::string& path, const CallStatus& crash, const std::vector<std::string>& drivers) {
  Fallback f{drivers, "GDAL's " + crash.driver + " driver crashed on it (" + crash.detail + "); read with the " +
                          drivers.front() + " driver instead"};
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_fallback.size() < 10000) g_fallback[path] = f;
  return f;
}

// "GDAL crashed reading 'f.kml' (driver LIBKML: Segmentation fault)", and the like.
std::string failure_text(const CallStatus& s) {
  const std::string driver = s.driver.empty() ? "" : "driver " + s.driver + ": ";
  switch (s.kind) {
    case CallStatus::Kind::Crashed:
      return "GDAL crashed reading it (" + driver + s.detail + "); everything else stays loaded";
    case CallStatus::Kind::TimedOut:
      return s.detail + " reading it" + (s.driver.empty() ? "" : " (driver " + s.driver + ")") +
             "; gave up on this file (--read-timeout sets the limit)";
    case CallStatus::Kind::Cancelled:
      return "loading cancelled";
    default:
      return s.detail;
  }
}

std::optional<std::string> gave_up_on(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_mutex);
  auto it = g_gave_up.find(path);
  return it == g_gave_up.end() ? std::nullopt : std::optional<std::string>(it->second);
}

// Only a run's own limit counts (a shorter one of the window's is not a verdict).
void note_timeout(const std::string& path, const CallStatus& s, const Limits& limits) {
  if (s.kind != CallStatus::Kind::TimedOut) return;
  std::lock_guard<std::mutex> lock(g_mutex);
  if (g_timeout > 0 && (limits.timeout_seconds <= 0 || limits.timeout_seconds >= g_timeout) && g_gave_up.size() < 10000)
    g_gave_up[path] = failure_text(s);
}

bool retryable(const CallStatus& s, const std::vector<std::string>& asked) {
  return s.kind == CallStatus::Kind::Crashed && asked.empty() && !alternatives(s.driver).empty();
}

}  // namespace

geo::ReadOutcome read_source(const geo::SourceSpec& spec, const geo::ReadOptions& options, Limits limits) {
  limits = with_network(std::move(limits), spec.path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::read_vector(spec, options);
  if (auto why = gave_up_on(spec.path)) {
    geo::ReadOutcome out;
    out.errors.push_back({spec.path, spec.layer, *why});
    return out;
  }
  geo::ReadOptions o = options;
  const Fallback fallback = options.drivers.empty() ? remembered(spec.path) : Fallback{};
  if (o.drivers.empty()) o.drivers = fallback.drivers;
  if (o.progress && !limits.progress) limits.progress = o.progress;
  if (o.cancelled && !limits.cancelled) limits.cancelled = o.cancelled;
  CallStatus status;
  geo::ReadOutcome out = reader->read(spec, o, limits, status);
  if (status.kind == CallStatus::Kind::Ok) {
    if (!fallback.note.empty() && !out.layers.empty()) out.warnings.insert(out.warnings.begin(), {spec.path, spec.layer, fallback.note});
    return out;
  }
  note_timeout(spec.path, status, limits);
  const std::string first = failure_text(status);
  if (retryable(status, o.drivers)) {
    geo::ReadOptions again = o;
    again.drivers = alternatives(status.driver);
    CallStatus second;
    geo::ReadOutcome other = reader->read(spec, again, limits, second);
    if (second.kind == CallStatus::Kind::Ok && !other.layers.empty()) {
      other.warnings.insert(other.warnings.begin(), {spec.path, spec.layer, remember(spec.path, status, again.drivers).note});
      return other;
    }
    std::string why = second.kind == CallStatus::Kind::Ok
                          ? (other.errors.empty() ? std::string("it found no layers") : other.errors.front().reason)
                          : failure_text(second);
    out = geo::ReadOutcome{};
    out.errors.push_back({spec.path, spec.layer, first + "; the " + again.drivers.front() + " driver could not read it either: " + why});
    return out;
  }
  out = geo::ReadOutcome{};
  out.errors.push_back({spec.path, spec.layer, first});
  return out;
}

geo::Result<std::vector<geo::LayerInfo>> inspect_source(const geo::SourceSpec& spec, Limits limits) {
  limits = with_network(std::move(limits), spec.path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::inspect_source(spec);
  if (auto why = gave_up_on(spec.path)) return geo::Error{spec.path, spec.layer, *why};
  geo::ReadOptions o;
  o.drivers = remembered(spec.path).drivers;
  CallStatus status;
  auto out = reader->inspect(spec, o, limits, status);
  if (status.kind == CallStatus::Kind::Ok) return out;
  note_timeout(spec.path, status, limits);
  const std::string first = failure_text(status);
  if (retryable(status, o.drivers)) {
    o.drivers = alternatives(status.driver);
    CallStatus second;
    auto other = reader->inspect(spec, o, limits, second);
    if (second.kind == CallStatus::Kind::Ok && other) {
      remember(spec.path, status, o.drivers);
      return other;
    }
  }
  return geo::Error{spec.path, spec.layer, first};
}

geo::Result<std::vector<uint8_t>> filter_source(const geo::SourceSpec& spec, const std::vector<int64_t>& fids,
                                                const std::string& encoding, const std::string& where,
                                                const std::string& driver, Limits limits) {
  limits = with_network(std::move(limits), spec.path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::filter_features(spec, spec.layer, fids, encoding, where, driver);
  CallStatus status;
  auto out = reader->filter(spec, fids, encoding, where, driver, limits, status);
  if (status.kind == CallStatus::Kind::Ok) return out;
  return geo::Error{spec.path, spec.layer, failure_text(status)};
}

bool basemap_only(const std::string& path, Limits limits) {
  limits = with_network(std::move(limits), path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::is_raster(path) && !geo::inspect_source(geo::parse_source_spec(path));
  CallStatus status;
  return reader->basemap_only(path, limits, status) && status.kind == CallStatus::Kind::Ok;
}

geo::Result<geo::Bbox> raster_extent(const std::string& path, const std::string& display_crs, Limits limits) {
  limits = with_network(std::move(limits), path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::raster_extent(path, display_crs);
  CallStatus status;
  auto out = reader->raster_extent(path, display_crs, limits, status);
  if (status.kind == CallStatus::Kind::Ok) return out;
  return geo::Error{path, {}, failure_text(status)};
}

geo::Result<geo::Image> warp_raster(const std::string& path, const std::string& display_crs, const geo::Bbox& extent,
                                    int width, int height, Limits limits) {
  limits = with_network(std::move(limits), path);
  ReaderProcess* reader = this_thread_reader();
  if (!reader) return geo::warp_raster(path, display_crs, extent, width, height);
  CallStatus status;
  auto out = reader->warp(path, display_crs, extent, width, height, limits, status);
  if (status.kind == CallStatus::Kind::Ok) return out;
  return geo::Error{path, {}, failure_text(status)};
}

Limits quick_limits() {
  Limits l;
  const double d = default_timeout();
  l.timeout_seconds = d > 0 ? d : kQuickSeconds;
  return l;
}

geo::SourceAccess isolated_access(Limits limits) {
  geo::SourceAccess a;
  a.read = [limits](const geo::SourceSpec& spec, const geo::ReadOptions& options) {
    return read_source(spec, options, limits);
  };
  a.filter = [limits](const geo::SourceSpec& spec, const geo::VectorLayer& layer, const std::string& where) {
    return filter_source({spec.path, layer.name}, layer.fids, layer.encoding, where, layer.driver, limits);
  };
  return a;
}

}  // namespace app::data
