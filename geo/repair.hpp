// Internal to geo/: repairing a self-crossing polygon with GEOS (through GDAL's
// OGRGeometry::MakeValid) within a time limit. GEOS has no per-call limit, and a ring
// that zigzags across itself can keep its noding busy for minutes; a deadline on the
// calling thread interrupts it (GEOS's interrupt callback), and the caller fills the
// polygon by the even-odd rule instead. Includes no GDAL header.
#pragma once

#include <memory>

class OGRGeometry;

namespace geo::detail {

enum class RepairOutcome { Repaired, NotNeeded, Failed, OutOfTime };

// `g` checked (IsValid) and, when invalid, made valid, both within `seconds` of wall
// time on this thread. `fixed` gets the repair when the outcome is Repaired.
RepairOutcome repair_within(const OGRGeometry& g, double seconds, std::unique_ptr<OGRGeometry>& fixed);

}  // namespace geo::detail
