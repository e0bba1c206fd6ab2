#include "geo/info.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

#include "geo/classify.hpp"
#include "geo/raster.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"

namespace geo {
namespace {

// Degrees to 6 decimals (~0.1 m), metres to 0.1 m.
std::string format_extent(const Bbox& b) {
  const bool degrees = std::abs(b.max_x) <= 360 && std::abs(b.max_y) <= 90;
  std::ostringstream e;
  e << std::fixed << std::setprecision(degrees ? 6 : 1) << b.min_x << ", " << b.min_y << " – " << b.max_x << ", "
    << b.max_y;
  return e.str();
}

void describe_basemap(const BasemapConfig& basemap, InfoReport& report, std::ostream& out) {
  if (is_xyz_template(basemap.source)) {  // described, not fetched: --info never goes online
    ++report.rasters;
    out << basemap.source << "\n";
    out << "  XYZ tiles: drawn as a basemap under the vector layers when online (not contacted here)\n";
    return;
  }
  auto r = inspect_raster(basemap.source);
  if (!r) {
    out << "ERROR " << r.error().what() << "\n";
    ++report.failures;
    return;
  }
  ++report.rasters;
  out << basemap.source << "\n";
  out << "  raster: drawn as a basemap under the vector layers\n";
  out << "  driver: " << r->driver << "\n";
  out << "  size: " << r->width << " x " << r->height << " pixels, " << r->bands << (r->bands == 1 ? " band" : " bands")
      << "\n";
  out << "  CRS: " << (r->crs_label.empty() ? "(none: it cannot be placed)" : r->crs_label) << "\n";
  out << "  overviews: " << r->overviews << "\n";
  out << "  extent: " << (r->extent.empty() ? "(not georeferenced)" : format_extent(r->extent)) << "\n";
}

// Counts per status in legend order: " planned 20 relocation 15 … unknown 0".
void write_counts(std::ostream& out, const StatusCounts& counts) {
  for (int i : kLegendOrder) out << " " << status_code(static_cast<Status>(i)) << " " << counts[static_cast<size_t>(i)];
  out << "\n";
}

}  // namespace

InfoReport info_report(const std::vector<LayerConfig>& configs, const std::vector<BasemapConfig>& basemaps,
                       std::optional<int32_t> as_of, const SourceAccess& access) {
  InfoReport report;
  std::ostringstream out;
  StatusCounts total_on_day{};
  for (const LayerConfig& config : configs) {
    ReadOptions options;
    options.encoding = config.encoding;
    options.source_crs = config.crs;
    options.describe_only = true;  // a layer without a CRS is still described
    ReadOutcome read = access.read({config.source, config.layer}, options);
    for (const Error& e : read.errors) {
      out << "ERROR " << e.what() << "\n";
      ++report.failures;
    }
    for (const Error& w : read.warnings) out << "warning " << w.what() << "\n";
    for (const VectorLayer& l : read.layers) {
      ++report.layers;
      const Classification c = classify(l, config);
      out << l.source << "::" << l.name << "\n";
      if (l.crs.empty()) {  // described, but the viewer cannot place it: a failure for the exit status
        out << "  CRS: unknown (it cannot be drawn until its CRS is given; see the warning above)\n";
        ++report.failures;
      } else {
        out << "  CRS: " << l.crs_label << "\n";
      }
      // A project layer's attribute filter: the counts below are of the features it
      // lets through, as the legend's are. An invalid one is said and not applied.
      std::vector<uint8_t> pass;
      if (!config.filter.empty()) {
        auto mask = access.filter({config.source, l.name}, l, config.filter);
        if (mask) {
          pass = std::move(*mask);
          size_t n = 0;
          for (uint8_t p : pass) n += p;
          out << "  filter: " << config.filter << " → " << n << " of " << l.feature_count() << " features\n";
        } else {
          out << "  filter: " << config.filter << " → not applied: " << mask.error().reason << "\n";
        }
      }
      out << "  features: " << l.feature_count() << " (points " << l.count_features_with(PartKind::Point)
          << ", lines " << l.count_features_with(PartKind::Line) << ", polygons "
          << l.count_features_with(PartKind::Polygon) << ")\n";
      if (!l.bounds.empty()) out << "  extent: " << format_extent(l.bounds) << "\n";
      const auto& names = l.attributes.names();
      out << "  fields:";
      for (const std::string& n : names) out << " " << n;
      out << "\n";
      out << "  status field: " << (c.status_field >= 0 ? names[static_cast<size_t>(c.status_field)] : "(none)")
          << "\n";
      out << "  name field: " << (c.name_field >= 0 ? names[static_cast<size_t>(c.name_field)] : "(none)") << "\n";
      if (c.status_field >= 0) {
        out << "  statuses:";
        write_counts(out, count_statuses(c.status, pass));
        if (c.unmapped > 0) {
          out << "  unmapped status values (" << c.unmapped << " features):";
          for (const std::string& v : c.unmapped_values) out << " '" << v << "'";
          out << "\n";
        }
      }
      const Timeline t = build_timeline(l, c.status);
      if (t.has_dates)
        out << "  dates: " << format_date(t.min_day) << " – " << format_date(t.max_day)
            << (t.unparsed ? " (" + std::to_string(t.unparsed) + " values are not dates)" : std::string()) << "\n";
      if (as_of && c.status_field >= 0) {  // the viewer's statuses on that day (recorded where undated)
        std::vector<Status> on_day = c.status;
        if (t.has_dates) statuses_on(t, *as_of, on_day);
        const StatusCounts counts = count_statuses(on_day, pass);
        out << "  statuses as of " << format_date(*as_of) << ":";
        write_counts(out, counts);
        for (size_t i = 0; i < counts.size(); ++i) total_on_day[i] += counts[i];
      }
      out << "  text encoding: " << (l.encoding.empty() ? "UTF-8" : l.encoding) << "\n";
      if (c.name_field >= 0) {
        out << "  first names:";
        for (size_t f = 0; f < l.feature_count() && f < 5; ++f)
          out << (f ? ", " : " ") << l.attributes.get(f, static_cast<size_t>(c.name_field));
        out << "\n";
      }
    }
  }
  for (const BasemapConfig& b : basemaps) describe_basemap(b, report, out);
  if (as_of) {
    out << "all layers as of " << format_date(*as_of) << ":";
    write_counts(out, total_on_day);
  }
  report.text = out.str();
  return report;
}

}  // namespace geo
