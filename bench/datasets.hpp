// Benchmark datasets: parcels, lines and points in EPSG:4549 GeoPackages with fields
// `status` and `name`, generated deterministically and cached between runs.
#pragma once

#include <string>

namespace bench {

enum class Kind { Parcels, Lines, Points };

// Returns the path of the dataset, generating it into `cache_dir` when missing.
// Written on every core (a part per core, then merged in SQLite), without a spatial
// index. Parcels are 8-sided, 9-vertex closed rings on a square grid (about 25 m apart);
// lines are 5-vertex polylines; points are single points.
std::string ensure_dataset(const std::string& cache_dir, Kind kind, long count);

// Reads every feature the way a minimal GDAL client would (iterate, copy vertices,
// read `status`): the floor no viewer can go below. Returns seconds.
double gdal_read_floor(const std::string& path, long* features = nullptr, long* vertices = nullptr);

}  // namespace bench
