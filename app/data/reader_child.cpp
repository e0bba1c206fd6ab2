#include "app/data/reader_child.hpp"

#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <chrono>
#include <string>

#include "app/data/reader_protocol.hpp"
#include "geo/network.hpp"
#include "geo/raster.hpp"
#include "geo/reader.hpp"
#include "geo/wire.hpp"

namespace app::data {

namespace {

// One frame: its body is written twice, once to count its bytes, once to fd 3.
template <class F>
bool send(Frame kind, F&& body) {
  uint64_t length = 0;
  {
    geo::wire::Writer count(geo::wire::Writer::kCount);
    body(count);
    length = count.written();
  }
  geo::wire::Writer out(kAnswerFd);
  out.u8(static_cast<uint8_t>(kind));
  out.u64(length);
  body(out);
  return out.flush();
}

void send_driver(const std::string& driver) {
  if (!driver.empty()) send(Frame::Driver, [&](geo::wire::Writer& w) { w.str(driver); });
}

// Progress at most ten times a second: a frame per 1024 features would be noise.
struct Progress {
  std::chrono::steady_clock::time_point last{};
  void operator()(uint64_t done, uint64_t total) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::milliseconds(100) && done != total) return;
    last = now;
    send(Frame::Progress, [&](geo::wire::Writer& w) {
      w.u64(done);
      w.u64(total);
    });
  }
};

template <class T, class Put>
void send_result(const geo::Result<T>& r, Put&& put_value) {
  send(Frame::Answer, [&](geo::wire::Writer& w) {
    w.u8(r ? 1 : 0);
    if (r) put_value(w, r.value());
    else geo::wire::put(w, r.error());
  });
}

// A refused network request said the way the user can act on: the file names the
// host and the switch.
template <class T>
geo::Result<T> with_refusal(geo::Result<T> r, const geo::NetworkGuard& guard, const std::string& source) {
  if (r || guard.refused_hosts().empty()) return r;
  return geo::Error{source, r.error().layer, guard.reason()};
}

// Tests stand in for a GDAL crash: RENEWMAP_TEST_READER_CRASH=TEXT makes the reader
// die of SIGSEGV on a source whose path holds TEXT, once the driver is known.
void crash_if_asked(const std::string& path) {
  const char* text = std::getenv("RENEWMAP_TEST_READER_CRASH");
  if (text && *text && path.find(text) != std::string::npos) {
    std::signal(SIGSEGV, SIG_DFL);
    std::raise(SIGSEGV);
  }
}

// A Read or Inspect request's fields; the driver that will open the source is sent
// before GDAL touches it (and again if another opens it), so a crash can be named.
bool open_request(geo::wire::Reader& in, geo::SourceSpec& spec, geo::ReadOptions& options, uint8_t& allow) {
  if (!geo::wire::get(in, spec) || !geo::wire::get(in, options) || !in.u8(allow)) return false;
  send_driver(geo::identify_driver(spec.path, options.drivers));
  crash_if_asked(spec.path);
  options.opened = send_driver;
  return true;
}

bool serve(geo::wire::Reader& in, Op op) {
  using geo::wire::get;
  using geo::wire::put;
  uint8_t allow = 0;
  switch (op) {
    case Op::Read: {
      geo::SourceSpec spec;
      geo::ReadOptions options;
      if (!open_request(in, spec, options, allow)) return false;
      options.progress = Progress{};
      geo::NetworkGuard guard(allow != 0);
      geo::ReadOutcome out = geo::read_vector(spec, options);
      if (const std::string why = guard.reason(); !why.empty()) {
        if (out.layers.empty()) out.errors = {geo::Error{spec.path, spec.layer, why}};
        else out.warnings.push_back({spec.path, spec.layer, why});
      }
      return send(Frame::Answer, [&](geo::wire::Writer& w) { put(w, out); });
    }
    case Op::Inspect: {
      geo::SourceSpec spec;
      geo::ReadOptions options;
      if (!open_request(in, spec, options, allow)) return false;
      geo::NetworkGuard guard(allow != 0);
      auto r = with_refusal(geo::inspect_source(spec, options), guard, spec.path);
      send_result(r, [](geo::wire::Writer& w, const std::vector<geo::LayerInfo>& v) {
        w.u64(v.size());
        for (const geo::LayerInfo& i : v) put(w, i);
      });
      return true;
    }
    case Op::Filter: {
      geo::SourceSpec spec;
      std::vector<int64_t> fids;
      std::string encoding, where, driver;
      if (!get(in, spec) || !in.array(fids) || !in.str(encoding) || !in.str(where) || !in.str(driver)) return false;
      send_driver(driver);
      geo::NetworkGuard guard(false);
      auto r = geo::filter_features(spec, spec.layer, fids, encoding, where, driver);
      send_result(r, [](geo::wire::Writer& w, const std::vector<uint8_t>& mask) { w.array(mask); });
      return true;
    }
    case Op::BasemapOnly: {
      std::string path;
      if (!in.str(path) || !in.u8(allow)) return false;
      geo::NetworkGuard guard(allow != 0);
      const bool yes = geo::is_raster(path) && !geo::inspect_source(geo::parse_source_spec(path));
      return send(Frame::Answer, [&](geo::wire::Writer& w) { w.u8(yes ? 1 : 0); });
    }
    case Op::RasterExtent: {
      std::string path, crs;
      if (!in.str(path) || !in.str(crs) || !in.u8(allow)) return false;
      geo::NetworkGuard guard(allow != 0);
      auto r = with_refusal(geo::raster_extent(path, crs), guard, path);
      send_result(r, [](geo::wire::Writer& w, const geo::Bbox& b) { put(w, b); });
      return true;
    }
    case Op::Warp: {
      std::string path, crs;
      geo::Bbox extent;
      uint32_t width = 0, height = 0;
      if (!in.str(path) || !in.str(crs) || !get(in, extent) || !in.u32(width) || !in.u32(height) || !in.u8(allow))
        return false;
      geo::NetworkGuard guard(allow != 0);
      auto r = with_refusal(geo::warp_raster(path, crs, extent, static_cast<int>(width), static_cast<int>(height)),
                            guard, path);
      send_result(r, [](geo::wire::Writer& w, const geo::Image& img) { put(w, img); });
      return true;
    }
  }
  return false;
}

}  // namespace

int run_reader_child() {
  // Dies with the viewer, whatever way the viewer goes.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() == 1) return 0;
  geo::init_gdal();
  geo::wire::Reader in([](void* p, size_t n) { return geo::wire::read_exact(0, p, n); });
  for (;;) {
    uint8_t op = 0;
    if (!in.u8(op)) return 0;  // the viewer closed the pipe: done
    if (!serve(in, static_cast<Op>(op))) return 3;  // a request this build does not know
    ::malloc_trim(0);  // a large layer's memory goes back before the next request
  }
}

}  // namespace app::data
