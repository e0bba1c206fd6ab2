// Mapbox Vector Tiles (protobuf, spec 2.1) decoded straight into a VectorLayer: the
// tile's integer coordinates become map coordinates of the tile's box, each feature's
// id its fid, its tags the layer's attribute columns (by name; text as the database
// gives it). Hand-written because it writes our flat arrays directly, with no feature
// object in between; measured against GDAL's MVT driver in bench/postgis_bench.sh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo {

// A tile layer of this name holds each row as the two corners of its box (a
// MULTIPOINT): rows under a pixel, sent as their boxes, decode as rectangles.
inline constexpr std::string_view kMvtBoxLayer = "boxes";

struct MvtDecoded {
  size_t features = 0;  // appended to the layer
  size_t skipped = 0;   // without an id, or with no usable geometry
};

// Appends the features of every layer of the tile to `out`, whose columns are set.
// `box` is the tile's extent in `out`'s CRS (tile y grows down, map y up). Tags
// naming no column are ignored; a column without a tag is null. Malformed bytes give
// an error and leave `out` as it was.
Result<MvtDecoded> decode_mvt(const uint8_t* data, size_t size, const Bbox& box, VectorLayer& out);

}  // namespace geo
