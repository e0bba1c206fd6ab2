// Coordinate transformation with PROJ over flat coordinate arrays. Every CRS is
// used in "visualization" axis order (proj_normalize_for_visualization): x = east /
// longitude, y = north / latitude, whatever the authority's order (EPSG:4326 and
// 4490 are lat-first, EPSG:4549 northing-first by definition).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo {

// Facts about one CRS definition ("EPSG:4549", WKT, PROJJSON, "+proj=…").
struct CrsInfo {
  std::string definition;  // as given
  std::string name;        // "CGCS2000 / 3-degree Gauss-Kruger CM 120E"
  std::string label;       // "EPSG:4549" when identified, else the name
  bool geographic = false;
  std::string unit = "m";  // "m", "degree", "ft" …
};
Result<CrsInfo> describe_crs(const std::string& definition);

// PROJ's process-wide start (its database found and opened once), on the main thread
// before workers create contexts of their own.
void init_proj();

// True when a and b denote the same CRS (axis order aside): no transform needed.
bool same_crs(const std::string& a, const std::string& b);

// One source → target transformation. Owns its PROJ context, so one object must be
// used by one thread at a time; copy-construct a new one for another thread.
class Transformer {
 public:
  static Result<Transformer> create(const std::string& source, const std::string& target);
  Transformer(Transformer&&) noexcept;
  Transformer& operator=(Transformer&&) noexcept;
  ~Transformer();

  bool identity() const;
  // Transforms `count` x,y pairs in place. Points PROJ cannot transform become NaN;
  // returns how many did.
  size_t transform(double* xy, size_t count) const;
  // Inverse direction (target → source), same contract.
  size_t inverse(double* xy, size_t count) const;
  // Convenience for one point; false when it failed.
  bool transform_point(double& x, double& y) const;
  // The box holding `box`'s edges transformed, each edge sampled at `steps` + 1 points
  // (a curved edge bulges past its corners); empty when no point transformed.
  Bbox transform_box(const Bbox& box, int steps = 8) const;

 private:
  struct Impl;
  explicit Transformer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Reprojects a layer in place to `target`, on `threads` threads (each with its own
// PROJ context). Does nothing when the CRSs are the same. Vertices that fail become
// NaN and are counted in `failed`; bounds are recomputed.
Result<bool> reproject(VectorLayer& layer, const std::string& target, int threads, size_t* failed = nullptr);

// The display CRS for data in `crs` covering `lon_lat_bounds`: the data's own CRS when
// it is projected; for geographic data in China a CGCS2000 3° Gauss-Krüger zone
// (EPSG:4534–4554, as Chinese bureaus use), elsewhere the WGS 84 UTM zone.
std::string suggest_display_crs(const std::string& crs, const Bbox& lon_lat_bounds);

}  // namespace geo
