#include "geo/columnar.hpp"

#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cstring>
#include <memory>
#include <vector>

#include "geo/appender.hpp"
#include "geo/huge_pages.hpp"
#include "geo/layer.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"

namespace geo::detail {

namespace {

// What one column of the stream is for, and how its values become text.
enum class Role { Skip, Fid, Geometry, Field };
enum class Kind { Utf8, LargeUtf8, Bool, Int8, Int16, Int32, Int64, Float64, Date32, Binary, LargeBinary };

bool kind_of(const char* format, Kind& k) {
  static const struct {
    const char* format;
    Kind kind;
  } kKinds[] = {{"u", Kind::Utf8},   {"U", Kind::LargeUtf8}, {"b", Kind::Bool},      {"c", Kind::Int8},
                {"s", Kind::Int16},  {"i", Kind::Int32},     {"l", Kind::Int64},     {"g", Kind::Float64},
                {"tdD", Kind::Date32}, {"z", Kind::Binary},  {"Z", Kind::LargeBinary}};
  for (const auto& e : kKinds)
    if (std::strcmp(format, e.format) == 0) return k = e.kind, true;
  return false;
}

struct Column {
  Role role = Role::Skip;
  Kind kind = Kind::Utf8;
  int field = -1;  // OGR field index (Role::Field)
};

bool valid(const ArrowArray& a, int64_t i) {
  if (a.null_count == 0 || !a.buffers[0]) return true;
  const auto* bits = static_cast<const uint8_t*>(a.buffers[0]);
  return (bits[i >> 3] >> (i & 7)) & 1;
}

template <class T>
T value(const ArrowArray& a, int64_t i) {
  T v;
  std::memcpy(&v, static_cast<const uint8_t*>(a.buffers[1]) + i * static_cast<int64_t>(sizeof(T)), sizeof(T));
  return v;
}

// Bytes [begin, end) of a variable-length value (utf8 or binary).
template <class Offset>
std::pair<const uint8_t*, size_t> span(const ArrowArray& a, int64_t i) {
  const auto* offsets = static_cast<const Offset*>(a.buffers[1]);
  const auto* data = static_cast<const uint8_t*>(a.buffers[2]);
  return {data + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i])};
}

struct StreamGuard {
  ArrowArrayStream s{};
  ~StreamGuard() {
    if (s.release) s.release(&s);
  }
};
struct SchemaGuard {
  ArrowSchema s{};
  ~SchemaGuard() {
    if (s.release) s.release(&s);
  }
};
struct ArrayGuard {
  ArrowArray a{};
  ~ArrayGuard() {
    if (a.release) a.release(&a);
  }
};

std::atomic<size_t> g_layers_read{0};

}  // namespace

size_t columnar_layers_read() { return g_layers_read.load(); }

bool columnar_faster(const std::string& driver) { return driver == "GPKG"; }

bool read_columnar(OGRLayer& src, const ReadOptions& options, VectorLayer& out, GeometryAppender& appender,
                   size_t& empty_geometries, bool& cancelled) {
  OGRFeatureDefn* defn = src.GetLayerDefn();
  const int field_count = defn->GetFieldCount();
  // Only types whose text this gives exactly as GetFieldAsString does.
  for (int i = 0; i < field_count; ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    switch (fd->GetType()) {
      case OFTString: break;  // JSON and UUID strings too
      case OFTInteger:
      case OFTInteger64:
      case OFTReal:
      case OFTDate:
        // Booleans: GDAL 3.6's GeoPackage stream packs their bits wrongly (0x01 0x02
        // for 0 1 0 1 …). Float32 formats with fewer digits.
        if (fd->GetSubType() != OFSTNone && fd->GetSubType() != OFSTInt16) return false;
        break;
      default: return false;  // date-times (time zones), lists, binary
    }
  }
  StreamGuard stream;
  if (!src.GetArrowStream(&stream.s, nullptr)) return false;
  SchemaGuard schema;
  if (stream.s.get_schema(&stream.s, &schema.s) != 0 || std::strcmp(schema.s.format, "+s") != 0) return false;

  const char* fid_name = src.GetFIDColumn();
  const std::string fid_column = fid_name && *fid_name ? fid_name : "OGC_FID";
  std::vector<Column> columns(static_cast<size_t>(schema.s.n_children));
  std::vector<int> column_of_field(static_cast<size_t>(field_count), -1);
  int fid_col = -1, geom_col = -1;
  for (int64_t c = 0; c < schema.s.n_children; ++c) {
    const ArrowSchema* child = schema.s.children[c];
    Column& col = columns[static_cast<size_t>(c)];
    if (child->dictionary || !kind_of(child->format, col.kind)) return false;
    const std::string name = child->name ? child->name : "";
    const int field = defn->GetFieldIndex(name.c_str());
    if (field >= 0 && column_of_field[static_cast<size_t>(field)] < 0) {
      col.role = Role::Field;
      col.field = field;
      column_of_field[static_cast<size_t>(field)] = static_cast<int>(c);
    } else if (fid_col < 0 && name == fid_column && col.kind == Kind::Int64) {
      col.role = Role::Fid;
      fid_col = static_cast<int>(c);
    } else if (geom_col < 0 && (col.kind == Kind::Binary || col.kind == Kind::LargeBinary)) {
      col.role = Role::Geometry;
      geom_col = static_cast<int>(c);
    }
  }
  for (int f = 0; f < field_count; ++f)
    if (column_of_field[static_cast<size_t>(f)] < 0) return false;

  // Numbers become text through a feature of the layer's own definition, so that
  // widths and precisions format as GDAL formats them.
  std::unique_ptr<OGRFeature> scratch(new OGRFeature(defn));
  const GIntBig total = src.GetFeatureCount(FALSE);
  uint64_t done = 0;
  bool reserved = false;
  while (true) {
    if (options.cancelled && options.cancelled()) return cancelled = true, true;
    ArrayGuard batch;
    if (stream.s.get_next(&stream.s, &batch.a) != 0 || !batch.a.release) break;  // end, or an error (collected)
    const ArrowArray& top = batch.a;
    // GDAL 3.6 never hands out an empty batch before the end, except on a damaged
    // GeoPackage ("database disk image is malformed"), where it hands out empty ones
    // for ever: the reader spun until killed (a fuzzing finding). The errors are
    // collected and reported like any other.
    if (top.length == 0 || top.n_children != schema.s.n_children) break;
    for (int64_t r = 0; r < top.length; ++r) {
      const int64_t row = top.offset + r;
      if (geom_col >= 0) {
        const ArrowArray& g = *top.children[geom_col];
        const int64_t i = row + g.offset;
        if (valid(g, i)) {
          const auto [p, n] = columns[static_cast<size_t>(geom_col)].kind == Kind::Binary ? span<int32_t>(g, i)
                                                                                             : span<int64_t>(g, i);
          appender.append_wkb(p, n);
        }
      }
      if (!appender.finish_feature()) ++empty_geometries;
      if (fid_col >= 0) {
        const ArrowArray& f = *top.children[fid_col];
        out.fids.push_back(value<int64_t>(f, row + f.offset));
      } else {
        out.fids.push_back(static_cast<int64_t>(done));
      }
      out.attributes.begin_row();
      for (int field = 0; field < field_count; ++field) {
        const int c = column_of_field[static_cast<size_t>(field)];
        const ArrowArray& a = *top.children[c];
        const int64_t i = row + a.offset;
        if (!valid(a, i)) {
          out.attributes.push({}, true);
          continue;
        }
        switch (columns[static_cast<size_t>(c)].kind) {
          case Kind::Utf8:
          case Kind::LargeUtf8: {
            const auto [p, n] = columns[static_cast<size_t>(c)].kind == Kind::Utf8 ? span<int32_t>(a, i)
                                                                                   : span<int64_t>(a, i);
            const char* s = reinterpret_cast<const char*>(p);
            out.attributes.push(std::string_view(s, strnlen(s, n)));  // GDAL's text ends at a NUL
            break;
          }
          case Kind::Bool: {
            const auto* bits = static_cast<const uint8_t*>(a.buffers[1]);
            out.attributes.push((bits[i >> 3] >> (i & 7)) & 1 ? "1" : "0");
            break;
          }
          case Kind::Int8: out.attributes.push(std::to_string(value<int8_t>(a, i))); break;
          case Kind::Int16: out.attributes.push(std::to_string(value<int16_t>(a, i))); break;
          case Kind::Int32: out.attributes.push(std::to_string(value<int32_t>(a, i))); break;
          case Kind::Int64: out.attributes.push(std::to_string(value<int64_t>(a, i))); break;
          case Kind::Float64:
            scratch->SetField(field, value<double>(a, i));
            out.attributes.push(scratch->GetFieldAsString(field));
            break;
          case Kind::Date32: out.attributes.push(format_date(value<int32_t>(a, i))); break;
          default: out.attributes.push({}, true); break;
        }
      }
      ++done;
    }
    if (options.progress) options.progress(done, total > 0 ? static_cast<uint64_t>(total) : 0);
    if (!reserved && done > 0 && total > static_cast<GIntBig>(done)) {
      // The first batch tells the size of the rest: allocate once, in huge pages.
      reserved = true;
      const double grow = static_cast<double>(total) / static_cast<double>(done) * 1.02;
      auto whole = [&](auto& v) { reserve_huge(v, static_cast<size_t>(static_cast<double>(v.size()) * grow) + 16); };
      whole(out.xy), whole(out.ring_offsets), whole(out.part_offsets), whole(out.part_kinds);
      whole(out.feature_offsets), whole(out.fids);
    }
  }
  ++g_layers_read;
  return true;
}

}  // namespace geo::detail
