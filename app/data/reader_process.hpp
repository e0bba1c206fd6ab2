// Reading a user's files in a child process. GDAL has bugs that crash or spin on some
// files (in 3.6.2 a KML gx:Track without <when> crashes LIBKML; a "billion laughs"
// XML keeps the NAS driver busy for minutes), and a planner opens whatever a
// colleague mailed. A ReaderProcess runs this same binary in its reader mode
// (`renewmap --reader`, reader_child.cpp), sends it one request at a time and takes
// back the flat arrays (geo/wire.hpp). When the child dies, runs past its limit or
// is cancelled, the caller gets an error that names the file and the driver, the
// child is started afresh for the next request, and nothing else the viewer holds
// is touched.
//
// One ReaderProcess serves one thread at a time. The free functions below keep one
// per calling thread, and read in-process when no reader executable was set (tests
// and tools that link the app's code without being the program).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geo/image.hpp"
#include "geo/reader.hpp"
#include "geo/result.hpp"

namespace app::data {

// Bounds on one request.
struct Limits {
  double timeout_seconds = 0;       // 0: none (the window offers Cancel instead)
  std::function<bool()> cancelled;  // polled about ten times a second
  std::function<void(uint64_t done, uint64_t total)> progress;  // features read (total 0: unknown)
  bool allow_network = false;       // GDAL may go online for this request
};

// The program's own path, set once at start by main (before any thread); empty: the
// free functions read in-process. `timeout_seconds` is the default limit of every
// request (offscreen modes: --read-timeout), 0 for none.
void set_reader_executable(std::string path);
void set_default_timeout(double seconds);
double default_timeout();
// --allow-network: requests may go online (else only sources that are network
// addresses themselves may).
void set_allow_network(bool allowed);

// What happened to one request, beside its answer.
struct CallStatus {
  enum class Kind { Ok, Crashed, TimedOut, Cancelled, Broken } kind = Kind::Ok;
  std::string driver;  // the GDAL driver that had the file when it ended, when known
  std::string detail;  // "Segmentation fault", "no answer in 60 s" …
};

class ReaderProcess {
 public:
  explicit ReaderProcess(std::string executable);
  ~ReaderProcess();
  ReaderProcess(const ReaderProcess&) = delete;
  ReaderProcess& operator=(const ReaderProcess&) = delete;

  geo::ReadOutcome read(const geo::SourceSpec& spec, const geo::ReadOptions& options, const Limits& limits,
                        CallStatus& status);
  geo::Result<std::vector<geo::LayerInfo>> inspect(const geo::SourceSpec& spec, const geo::ReadOptions& options,
                                                   const Limits& limits, CallStatus& status);
  geo::Result<std::vector<uint8_t>> filter(const geo::SourceSpec& spec, const std::vector<int64_t>& fids,
                                           const std::string& encoding, const std::string& where,
                                           const std::string& driver, const Limits& limits, CallStatus& status);
  // Rasters (basemaps): whether GDAL reads `path` as a raster with no vector layers;
  // its extent in a display CRS; one view warped into it.
  bool basemap_only(const std::string& path, const Limits& limits, CallStatus& status);
  geo::Result<geo::Bbox> raster_extent(const std::string& path, const std::string& display_crs, const Limits& limits,
                                       CallStatus& status);
  geo::Result<geo::Image> warp(const std::string& path, const std::string& display_crs, const geo::Bbox& extent,
                               int width, int height, const Limits& limits, CallStatus& status);

  pid_t pid() const { return pid_; }  // 0 when no child runs (tests)

 private:
  struct Call;
  bool start(std::string& why);
  void stop(bool kill_first);
  // Sends `request`, then reads frames until the answer; `answer` parses its body.
  // On a dead child, a limit or Cancel the status says which and false is returned.
  bool exchange(const std::string& request, const Limits& limits, CallStatus& status,
                const std::function<bool(class FrameReader&)>& answer);

  std::string executable_;
  pid_t pid_ = 0;
  int to_child_ = -1, from_child_ = -1;
};

// The calls the viewer makes on a user's source, each in this thread's reader process
// (started when first needed). A crash of one GDAL driver is retried once with the
// driver that reads the same format another way (LIBKML ↔ KML, GML ↔ NAS, GPKG →
// SQLite), said in a warning; the driver that worked is used for that file from then
// on. Limits::timeout_seconds 0 takes default_timeout().
geo::ReadOutcome read_source(const geo::SourceSpec& spec, const geo::ReadOptions& options, Limits limits = {});
geo::Result<std::vector<geo::LayerInfo>> inspect_source(const geo::SourceSpec& spec, Limits limits = {});
geo::Result<std::vector<uint8_t>> filter_source(const geo::SourceSpec& spec, const std::vector<int64_t>& fids,
                                                const std::string& encoding, const std::string& where,
                                                const std::string& driver, Limits limits = {});
bool basemap_only(const std::string& path, Limits limits = {});
geo::Result<geo::Bbox> raster_extent(const std::string& path, const std::string& display_crs, Limits limits = {});
geo::Result<geo::Image> warp_raster(const std::string& path, const std::string& display_crs, const geo::Bbox& extent,
                                    int width, int height, Limits limits = {});

// For calls the window's main thread waits on (the display CRS from the first layer, a
// dropped file's kind, a raster's extent): at most kQuickSeconds, so a file GDAL
// spins on cannot freeze it for long (a 500 MB GeoJSON takes ~10 s to look at). Runs
// without a window keep their own limit (--read-timeout).
inline constexpr double kQuickSeconds = 20.0;
Limits quick_limits();

// The same calls as a geo::SourceAccess, for geo functions that read (--info).
geo::SourceAccess isolated_access(Limits limits = {});

}  // namespace app::data
