// Internal to geo/: reads a whole layer through GDAL's column-oriented stream (RFC 86,
// OGR_L_GetArrowStream, GDAL >= 3.6) instead of feature by feature. Where a driver
// has a stream of its own it is several times faster: 1M GeoPackage parcels in about
// 0.2 s against 0.8 s for a GetNextFeature loop on the build machine. The layer it
// gives equals the feature loop's, value for value (tests/reader_columnar_test.cpp).
#pragma once

#include <cstddef>
#include <string>

class OGRLayer;

namespace geo {
struct ReadOptions;
struct VectorLayer;
}  // namespace geo

namespace geo::detail {

class GeometryAppender;

// How many layers this process has read through the stream (for tests: a read that
// silently fell back to features would otherwise pass for one by columns).
size_t columnar_layers_read();

// Drivers whose own stream measured faster than the feature loop. Others get GDAL's
// generic stream, built from features: no gain.
bool columnar_faster(const std::string& driver);

// Reads every feature of `src` into `out` (fids, attributes as the text
// GetFieldAsString gives, geometry through `appender`), counting features without a
// geometry. Returns false, with `out` untouched, when GDAL gives no stream or a column
// has a type this does not convert (date-times, lists, dictionaries): the caller then
// reads feature by feature. An error inside the stream ends the read where it stands,
// as a failed GetNextFeature does (GDAL's message is collected by the caller).
// Honours options.progress and options.cancelled (between batches); `cancelled` is
// set when the read stopped for that.
bool read_columnar(OGRLayer& src, const ReadOptions& options, VectorLayer& out, GeometryAppender& appender,
                   size_t& empty_geometries, bool& cancelled);

}  // namespace geo::detail
