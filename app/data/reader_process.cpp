#include "app/data/reader_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "app/data/reader_protocol.hpp"
#include "geo/raster.hpp"
#include "geo/wire.hpp"

extern char** environ;

namespace app::data {

namespace {

std::string seconds_text(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, s >= 10 ? "%.0f s" : "%.1f s", s);
  return buf;
}

}  // namespace

// Bytes from the child with a deadline and Cancel: every wait is a poll of at most
// 100 ms, so a child that stops answering is noticed within that.
class FrameReader {
 public:
  FrameReader(int fd, double timeout_seconds, const std::function<bool()>& cancelled)
      : fd_(fd), cancelled_(cancelled) {
    if (timeout_seconds > 0)
      deadline_ = std::chrono::steady_clock::now() + std::chrono::microseconds(static_cast<int64_t>(timeout_seconds * 1e6));
  }
  bool fill(void* dst, size_t n) {
    char* p = static_cast<char*>(dst);
    while (n > 0) {
      if (cancelled_ && cancelled_()) return cancelled = true, false;
      if (deadline_ && std::chrono::steady_clock::now() > *deadline_) return timed_out = true, false;
      pollfd pfd{fd_, POLLIN, 0};
      const int r = ::poll(&pfd, 1, 100);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return false;
      if (r == 0) continue;
      const ssize_t k = ::read(fd_, p, n);
      if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (k <= 0) return false;  // the child closed its end: it died
      p += k;
      n -= static_cast<size_t>(k);
    }
    return true;
  }
  geo::wire::Reader& wire() { return reader_; }
  bool cancelled = false;
  bool timed_out = false;

 private:
  int fd_;
  std::function<bool()> cancelled_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  geo::wire::Reader reader_{[this](void* p, size_t n) { return fill(p, n); }};
};

ReaderProcess::ReaderProcess(std::string executable) : executable_(std::move(executable)) {}
ReaderProcess::~ReaderProcess() { stop(true); }

bool ReaderProcess::start(std::string& why) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return why = std::strerror(errno), false;
  if (::pipe2(out, O_CLOEXEC) != 0) {
    why = std::strerror(errno);
    ::close(in[0]), ::close(in[1]);
    return false;
  }
  // Layers come back through this pipe (hundreds of MB for a million parcels): a 1 MiB
  // buffer instead of the default 64 KiB takes a tenth of the wake-ups. The size is a
  // request; the kernel's limit may refuse it, which costs speed only.
  (void)::fcntl(out[0], F_SETPIPE_SZ, 1 << 20);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], kAnswerFd);
  char arg0[] = "renewmap-reader", arg1[] = "--reader";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, executable_.c_str(), &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) {
    why = "cannot start the reader process '" + executable_ + "': " + std::strerror(rc);
    ::close(in[1]), ::close(out[0]);
    return false;
  }
  pid_ = pid;
  to_child_ = in[1];
  from_child_ = out[0];
  ::fcntl(from_child_, F_SETPIPE_SZ, 1 << 20);  // fewer wake-ups for large layers
  return true;
}

void ReaderProcess::stop(bool kill_first) {
  if (to_child_ >= 0) ::close(to_child_);
  if (from_child_ >= 0) ::close(from_child_);
  to_child_ = from_child_ = -1;
  if (pid_ > 0) {
    if (kill_first) ::kill(pid_, SIGKILL);
    int st = 0;
    while (::waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
  }
  pid_ = 0;
}

bool ReaderProcess::exchange(const std::string& request, const Limits& limits, CallStatus& status,
                             const std::function<bool(FrameReader&)>& answer) {
  status = CallStatus{};
  for (int attempt = 0;; ++attempt) {
    if (pid_ == 0) {
      std::string why;
      if (!start(why)) {
        status = {CallStatus::Kind::Broken, {}, why};
        return false;
      }
    }
    if (geo::wire::write_all(to_child_, request.data(), request.size())) break;
    stop(true);  // it died since its last answer: once more with a fresh one
    if (attempt == 1) {
      status = {CallStatus::Kind::Broken, {}, "the reader process does not take requests"};
      return false;
    }
  }
  const double timeout = limits.timeout_seconds > 0 ? limits.timeout_seconds : default_timeout();
  FrameReader in(from_child_, timeout, limits.cancelled);
  geo::wire::Reader& w = in.wire();
  for (;;) {
    uint8_t kind = 0;
    uint64_t length = 0;
    if (!w.u8(kind) || !w.u64(length)) break;
    if (kind == static_cast<uint8_t>(Frame::Driver)) {
      if (!w.str(status.driver, 256)) break;
    } else if (kind == static_cast<uint8_t>(Frame::Progress)) {
      uint64_t done = 0, total = 0;
      if (!w.u64(done) || !w.u64(total)) break;
      if (limits.progress) limits.progress(done, total);
    } else if (kind == static_cast<uint8_t>(Frame::Answer)) {
      w.expect(length);
      if (answer(in)) return true;
      break;
    } else {
      break;
    }
  }
  // No answer: Cancel, the time limit, or the child died (a crash inside GDAL).
  if (in.cancelled) {
    stop(true);
    status.kind = CallStatus::Kind::Cancelled;
    status.detail = "cancelled";
    return false;
  }
  if (in.timed_out) {
    stop(true);
    status.kind = CallStatus::Kind::TimedOut;
    status.detail = "GDAL gave no answer within " + seconds_text(timeout);
    return false;
  }
  ::close(to_child_), ::close(from_child_);
  to_child_ = from_child_ = -1;
  int st = 0;
  pid_t got = 0;
  // It closed its end; give it a moment to finish dying, then make sure.
  for (int i = 0; i < 50 && (got = ::waitpid(pid_, &st, WNOHANG)) == 0; ++i) ::usleep(10000);
  if (got == 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &st, 0);
  }
  pid_ = 0;
  status.kind = CallStatus::Kind::Crashed;
  if (WIFSIGNALED(st)) {
    const int sig = WTERMSIG(st);
    status.detail = sig == SIGKILL ? "killed (out of memory?)" : strsignal(sig);
  } else if (WIFEXITED(st)) {
    status.detail = "the reader ended with status " + std::to_string(WEXITSTATUS(st));
  } else {
    status.detail = "the reader process broke its answer off";
    status.kind = CallStatus::Kind::Broken;
  }
  return false;
}

namespace {

using geo::wire::put;

template <class F>
std::string request(Op op, F&& fields) {
  geo::wire::Writer w;
  w.u8(static_cast<uint8_t>(op));
  fields(w);
  return w.buffer();
}

}  // namespace

geo::ReadOutcome ReaderProcess::read(const geo::SourceSpec& spec, const geo::ReadOptions& options,
                                     const Limits& limits, CallStatus& status) {
  geo::ReadOutcome out;
  const std::string req = request(Op::Read, [&](geo::wire::Writer& w) {
    put(w, spec);
    put(w, options);
    w.u8(limits.allow_network ? 1 : 0);
  });
  exchange(req, limits, status, [&](FrameReader& in) { return geo::wire::get(in.wire(), out); });
  return out;
}

namespace {
// Answers of the form u8 ok, then the value or an Error.
template <class T, class Get>
bool result_answer(geo::wire::Reader& r, std::optional<geo::Result<T>>& out, Get&& get_value) {
  uint8_t ok = 0;
  if (!r.u8(ok)) return false;
  if (ok) {
    T value{};
    if (!get_value(r, value)) return false;
    out.emplace(std::move(value));
  } else {
    geo::Error e;
    if (!geo::wire::get(r, e)) return false;
    out.emplace(std::move(e));
  }
  return true;
}

template <class T>
geo::Result<T> or_failure(std::optional<geo::Result<T>>& answer, const std::string& source, const CallStatus& status) {
  if (answer) return std::move(*answer);
  return geo::Error{source, {}, status.detail};
}
}  // namespace

geo::Result<std::vector<geo::LayerInfo>> ReaderProcess::inspect(const geo::SourceSpec& spec,
                                                                const geo::ReadOptions& options, const Limits& limits,
                                                                CallStatus& status) {
  std::optional<geo::Result<std::vector<geo::LayerInfo>>> answer;
  const std::string req = request(Op::Inspect, [&](geo::wire::Writer& w) {
    put(w, spec);
    put(w, options);
    w.u8(limits.allow_network ? 1 : 0);
  });
  exchange(req, limits, status, [&](FrameReader& in) {
    return result_answer(in.wire(), answer, [](geo::wire::Reader& r, std::vector<geo::LayerInfo>& v) {
      uint64_t n = 0;
      if (!r.u64(n) || n > 100000) return r.fail();
      v.assign(static_cast<size_t>(n), geo::LayerInfo{});
      for (geo::LayerInfo& i : v)
        if (!geo::wire::get(r, i)) return false;
      return true;
    });
  });
  return or_failure(answer, spec.path, status);
}

geo::Result<std::vector<uint8_t>> ReaderProcess::filter(const geo::SourceSpec& spec, const std::vector<int64_t>& fids,
                                                        const std::string& encoding, const std::string& where,
                                                        const std::string& driver, const Limits& limits,
                                                        CallStatus& status) {
  std::optional<geo::Result<std::vector<uint8_t>>> answer;
  const std::string req = request(Op::Filter, [&](geo::wire::Writer& w) {
    put(w, spec);
    w.array(fids);
    w.str(encoding);
    w.str(where);
    w.str(driver);
  });
  exchange(req, limits, status, [&](FrameReader& in) {
    return result_answer(in.wire(), answer, [&](geo::wire::Reader& r, std::vector<uint8_t>& mask) {
      return r.array(mask) && mask.size() == fids.size();
    });
  });
  return or_failure(answer, spec.path, status);
}

bool ReaderProcess::basemap_only(const std::string& path, const Limits& limits, CallStatus& status) {
  uint8_t yes = 0;
  const std::string req = request(Op::BasemapOnly, [&](geo::wire::Writer& w) {
    w.str(path);
    w.u8(limits.allow_network ? 1 : 0);
  });
  exchange(req, limits, status, [&](FrameReader& in) { return in.wire().u8(yes); });
  return yes != 0;
}

geo::Result<geo::Bbox> ReaderProcess::raster_extent(const std::string& path, const std::string& display_crs,
                                                    const Limits& limits, CallStatus& status) {
  std::optional<geo::Result<geo::Bbox>> answer;
  const std::string req = request(Op::RasterExtent, [&](geo::wire::Writer& w) {
    w.str(path);
    w.str(display_crs);
    w.u8(limits.allow_network ? 1 : 0);
  });
  exchange(req, limits, status, [&](FrameReader& in) {
    return result_answer(in.wire(), answer, [](geo::wire::Reader& r, geo::Bbox& b) { return geo::wire::get(r, b); });
  });
  return or_failure(answer, path, status);
}

geo::Result<geo::Image> ReaderProcess::warp(const std::string& path, const std::string& display_crs,
                                            const geo::Bbox& extent, int width, int height, const Limits& limits,
                                            CallStatus& status) {
  std::optional<geo::Result<geo::Image>> answer;
  const std::string req = request(Op::Warp, [&](geo::wire::Writer& w) {
    w.str(path);
    w.str(display_crs);
    put(w, extent);
    w.u32(static_cast<uint32_t>(width));
    w.u32(static_cast<uint32_t>(height));
    w.u8(limits.allow_network ? 1 : 0);
  });
  exchange(req, limits, status, [&](FrameReader& in) {
    return result_answer(in.wire(), answer, [](geo::wire::Reader& r, geo::Image& img) { return geo::wire::get(r, img); });
  });
  return or_failure(answer, path, status);
}

}  // namespace app::data
