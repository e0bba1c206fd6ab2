#include "geo/repair.hpp"

#include <cpl_error.h>
#include <geos_c.h>
#include <ogr_geometry.h>

#include <chrono>
#include <mutex>

namespace geo::detail {

namespace {

using Clock = std::chrono::steady_clock;

// This thread's deadline while it is inside a guarded GEOS call; none otherwise.
thread_local bool t_guarded = false;
thread_local bool t_expired = false;
thread_local Clock::time_point t_deadline;

GEOSInterruptCallback* g_previous = nullptr;

// GEOS calls this from its loops (noding, overlay, validity) on the thread doing the
// work; an interrupt requested here ends that thread's operation with an exception
// GEOS's C API turns into a null result.
void on_geos_check() {
  if (t_guarded && Clock::now() > t_deadline) {
    t_expired = true;
    GEOS_interruptRequest();
  }
  if (g_previous) g_previous();
}

void install_once() {
  static std::once_flag once;
  std::call_once(once, [] { g_previous = GEOS_interruptRegisterCallback(&on_geos_check); });
}

struct Guard {
  explicit Guard(double seconds) {
    install_once();
    t_guarded = true;
    t_expired = false;
    t_deadline = Clock::now() + std::chrono::microseconds(static_cast<long long>(seconds * 1e6));
  }
  ~Guard() {
    t_guarded = false;
    GEOS_interruptCancel();  // nothing requested survives this call
  }
};

}  // namespace

RepairOutcome repair_within(const OGRGeometry& g, double seconds, std::unique_ptr<OGRGeometry>& fixed) {
  Guard guard(seconds);
  // GDAL reports the interrupt ("InterruptedException") as an error of the read; it is
  // ours, and the caller says what it means.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  struct Pop {
    ~Pop() { CPLPopErrorHandler(); }
  } pop;
  if (g.IsValid()) return t_expired ? RepairOutcome::OutOfTime : RepairOutcome::NotNeeded;
  if (t_expired) return RepairOutcome::OutOfTime;
  fixed.reset(g.MakeValid());
  if (t_expired) {
    fixed.reset();
    return RepairOutcome::OutOfTime;
  }
  if (!fixed || fixed->IsEmpty()) {
    fixed.reset();
    return RepairOutcome::Failed;
  }
  return RepairOutcome::Repaired;
}

}  // namespace geo::detail
