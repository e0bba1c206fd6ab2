// Two layers hold the same features: every array, bound and attribute, NaN equal to
// NaN. For tests that read the same rows two ways (columns or features, a database's
// COPY or GDAL's driver).
#pragma once

#include <catch2/catch.hpp>

#include "geo/layer.hpp"

namespace testdata {

inline void require_same(const geo::VectorLayer& a, const geo::VectorLayer& b) {
  REQUIRE(a.feature_count() == b.feature_count());
  CHECK(a.xy.size() == b.xy.size());
  bool xy_same = a.xy.size() == b.xy.size();
  for (size_t i = 0; xy_same && i < a.xy.size(); ++i)
    xy_same = a.xy[i] == b.xy[i] || (a.xy[i] != a.xy[i] && b.xy[i] != b.xy[i]);  // NaN = NaN
  CHECK(xy_same);
  CHECK(a.ring_offsets == b.ring_offsets);
  CHECK(a.part_offsets == b.part_offsets);
  CHECK(a.part_kinds == b.part_kinds);
  CHECK(a.feature_offsets == b.feature_offsets);
  CHECK(a.even_odd_parts == b.even_odd_parts);
  CHECK(a.fids == b.fids);
  CHECK(a.bounds.min_x == b.bounds.min_x);
  CHECK(a.bounds.max_y == b.bounds.max_y);
  REQUIRE(a.attributes.names() == b.attributes.names());
  for (size_t r = 0; r < a.feature_count(); ++r)
    for (size_t c = 0; c < a.attributes.column_count(); ++c) {
      INFO("row " << r << " column " << a.attributes.names()[c]);
      CHECK(a.attributes.is_null(r, c) == b.attributes.is_null(r, c));
      CHECK(a.attributes.get(r, c) == b.attributes.get(r, c));
    }
}

}  // namespace testdata
