// libFuzzer target: bytes as a binary COPY from the server (geo/pg_rows.cpp), fed to
// the decoder in pieces of the size the first byte gives, into a layer of three
// columns sent and one not, then kept as boxes, the rows and geometry walked as the
// loader would. The decoder reads bytes from a network peer: any crash, sanitizer
// report or leak is a finding, and every row it keeps must be whole.
#include <cstdint>
#include <cstdlib>

#include "geo/pg_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t piece = 1 + data[0] % 64u;
  geo::VectorLayer l;
  l.attributes.set_columns({"status", "n", "x", "never"},
                           {geo::AttributeTable::Type::Text, geo::AttributeTable::Type::Integer,
                            geo::AttributeTable::Type::Real, geo::AttributeTable::Type::Text});
  {
    geo::pg::CopyDecoder d(l, {0, 1, 2});
    for (size_t at = 1; at < size; at += piece)
      if (!d.feed(reinterpret_cast<const char*>(data) + at, std::min(piece, size - at))) break;
    if (d.rows() != l.feature_count()) std::abort();
  }
  auto walk = [&] {
    if (l.attributes.row_count() != l.feature_count() || l.fids.size() != l.feature_count()) std::abort();
    for (size_t f = 0; f < l.feature_count(); ++f) {
      (void)l.feature_bounds(f);
      for (size_t c = 0; c < l.attributes.column_count(); ++c) (void)l.attributes.get(f, c);
    }
  };
  walk();
  geo::pg::keep_boxes(l);
  walk();
  return 0;
}
