// Internal to geo/: owners for PROJ objects and the context settings every PROJ user
// here shares. Includes proj.h, so only geo/ sources that talk to PROJ include it.
#pragma once

#include <proj.h>

#include <memory>
#include <string>

namespace geo::detail {

struct ProjContextDeleter {
  void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
  void operator()(PJ* p) const { proj_destroy(p); }
};
using ProjContextPtr = std::unique_ptr<PJ_CONTEXT, ProjContextDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

// A context with network grids off (the machine may be offline and a meeting room
// surely is) and PROJ's own logging silenced (errors reach the user through ours).
inline ProjContextPtr make_proj_context() {
  ProjContextPtr ctx(proj_context_create());
  proj_context_set_enable_network(ctx.get(), 0);
  proj_log_level(ctx.get(), PJ_LOG_NONE);
  return ctx;
}

// PROJ's message for the context's last error, or a plain default.
inline std::string proj_last_error(PJ_CONTEXT* ctx) {
  const int code = proj_context_errno(ctx);
  const char* msg = code ? proj_context_errno_string(ctx, code) : nullptr;
  return msg ? msg : "PROJ does not recognise it";
}

}  // namespace geo::detail
