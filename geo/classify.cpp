#include "geo/classify.hpp"

#include <algorithm>
#include <unordered_map>

namespace geo {

Classification classify(const VectorLayer& layer, const LayerConfig& config) {
  Classification c;
  const auto& names = layer.attributes.names();
  c.status.assign(layer.feature_count(), Status::Unknown);
  c.name_field = config.name_field.empty() ? detect_name_field(names)
                                            : layer.attributes.find(config.name_field);
  if (!config.name_field.empty() && c.name_field < 0)
    c.warning = "name field '" + config.name_field + "' not found";

  switch (config.status_mode) {
    case LayerConfig::StatusMode::None:
      c.status_field = -1;
      break;
    case LayerConfig::StatusMode::Field:
      c.status_field = layer.attributes.find(config.status_field);
      if (c.status_field < 0)
        c.warning = "status field '" + config.status_field + "' not found (fields: " +
                    [&] {
                      std::string s;
                      for (size_t i = 0; i < names.size() && i < 12; ++i) s += (i ? ", " : "") + names[i];
                      return s;
                    }() +
                    "); all features shown as unknown";
      break;
    case LayerConfig::StatusMode::Detect:
      c.status_field = detect_status_field(names);
      break;
  }
  if (c.status_field < 0) {
    c.counts[static_cast<size_t>(Status::Unknown)] = static_cast<uint32_t>(layer.feature_count());
    return c;
  }
  const auto col = static_cast<size_t>(c.status_field);
  // Status columns hold a handful of distinct words: map each once. The views point
  // into the layer's attribute storage, which outlives this call.
  std::unordered_map<std::string_view, Status> seen;
  // The project's own mapping first, then the vocabulary.
  auto map_value = [&](std::string_view v) {
    for (const auto& [value, st] : config.status_map)
      if (value == v) return st;
    return status_from_text(v);
  };
  for (size_t f = 0; f < layer.feature_count(); ++f) {
    const std::string_view v = layer.attributes.get(f, col);
    auto it = seen.find(v);
    if (it == seen.end() && seen.size() < 4096) it = seen.emplace(v, map_value(v)).first;
    const Status s = it != seen.end() ? it->second : map_value(v);
    c.status[f] = s;
    ++c.counts[static_cast<size_t>(s)];
    auto mapped_by_hand = [&] {
      return std::any_of(config.status_map.begin(), config.status_map.end(),
                         [&](const auto& m) { return m.first == v; });
    };
    if (s == Status::Unknown && !v.empty() && v != "unknown" && !mapped_by_hand()) {
      ++c.unmapped;
      // Examples for the message: at most 10, each cut to 60 bytes (a value may be huge).
      const std::string example(v.substr(0, 60));
      if (c.unmapped_values.size() < 10 &&
          std::find(c.unmapped_values.begin(), c.unmapped_values.end(), example) == c.unmapped_values.end())
        c.unmapped_values.push_back(example + (v.size() > 60 ? "…" : ""));
    }
  }
  return c;
}

}  // namespace geo
