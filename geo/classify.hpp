// Per-feature status (and name) from a layer's attributes and its configuration.
#pragma once

#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/project.hpp"
#include "geo/status.hpp"

namespace geo {

struct Classification {
  int status_field = -1;             // column index; -1: not a status layer
  int name_field = -1;               // column index; -1: none found
  std::vector<Status> status;        // one per feature (all Unknown when no field)
  StatusCounts counts{};             // per status over all features
  size_t unmapped = 0;               // features whose non-empty value mapped to nothing
  std::vector<std::string> unmapped_values;  // distinct examples, at most 10
  std::string warning;               // e.g. configured field missing; empty when fine
};

// Applies the layer's status mode: a configured field, detection from common names,
// or none (single-colour context layer).
Classification classify(const VectorLayer& layer, const LayerConfig& config);

}  // namespace geo
