// libFuzzer target: bytes as a vector tile from the server (geo/mvt.cpp), decoded into
// a layer whose columns the tiles' tags name (and one they never do), then the layer's
// rows and geometry walked as the loader would. The decoder reads bytes from a network
// peer: any crash, sanitizer report or leak is a finding; a refused tile must leave
// the layer as it was.
#include <cstdint>
#include <cstdlib>

#include "geo/mvt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  geo::VectorLayer l;
  l.attributes.set_columns({"status", "n", "x", "never"},
                           {geo::AttributeTable::Type::Text, geo::AttributeTable::Type::Integer,
                            geo::AttributeTable::Type::Real, geo::AttributeTable::Type::Text});
  // Twice into the same layer: the second must append to (or, refused, keep) the first.
  for (int pass = 0; pass < 2; ++pass) {
    const size_t features = l.feature_count(), xy = l.xy.size();
    auto d = geo::decode_mvt(data, size, geo::Bbox{0, 0, 4096, 4096}, l);
    if (!d && (l.feature_count() != features || l.xy.size() != xy)) std::abort();
  }
  if (l.attributes.row_count() != l.feature_count() || l.fids.size() != l.feature_count()) std::abort();
  for (size_t f = 0; f < l.feature_count(); ++f) {
    (void)l.feature_bounds(f);
    for (size_t c = 0; c < l.attributes.column_count(); ++c) (void)l.attributes.get(f, c);
  }
  return 0;
}
