// What a source holds, without reading its features: its layers (name, CRS, extent,
// rows, columns, key and geometry column) and the driver that opens it.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>

#include "geo/dataset.hpp"
#include "geo/gdal_util.hpp"
#include "geo/layer_srs.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/reader.hpp"

namespace geo {

using detail::DatasetPtr;
using detail::OpenRequest;

Result<std::vector<LayerInfo>> inspect_source(const SourceSpec& spec, const ReadOptions& options) {
  if (detail::is_archive(spec.path)) {  // the layers of every member, as one source
    auto members = detail::archive_datasets(spec.path);
    if (!members) return members.error();
    std::vector<LayerInfo> all;
    std::optional<Error> first_error;
    for (const std::string& member : *members) {
      auto infos = inspect_source({member, spec.layer}, options);
      if (infos) all.insert(all.end(), infos->begin(), infos->end());
      else if (!first_error) first_error = Error{spec.path, spec.layer, infos.error().reason};
    }
    if (all.empty()) return first_error ? *first_error : Error{spec.path, spec.layer, "no such layer in the archive"};
    return all;
  }
  Error open_error;
  std::string open_failures;
  OpenRequest request;
  request.drivers = options.drivers;
  DatasetPtr ds = detail::open_vector(spec.path, request, open_error, &open_failures);
  // A CRS GDAL could not find stands in as EPSG:4326: report no CRS instead.
  const bool crs_unknown = open_failures.find("crs not found") != std::string::npos;
  if (!ds) return open_error;
  const std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
  if (options.opened) options.opened(driver);
  detail::ScopedGdalErrors errors;
  std::vector<LayerInfo> infos;
  for (int i = 0; i < ds->GetLayerCount(); ++i) {
    OGRLayer* l = ds->GetLayer(i);
    if (!spec.layer.empty() && spec.layer != l->GetName()) continue;
    LayerInfo info;
    info.name = l->GetName();
    info.driver = driver;
    OGRSpatialReference srs_storage;
    if (const OGRSpatialReference* srs = detail::layer_srs(*l, spec.path, {}, srs_storage); srs && !crs_unknown) {
      detail::describe_srs(*srs, info.crs, info.crs_label);
      info.projected = srs->IsProjected();
    }
    OGREnvelope env;
    // Cheap extents (GeoPackage keeps one); small layers may be scanned for it. A
    // database table's rows are counted by its server, every row, unless its own
    // statistics say it is large: then their estimate does (a table of ten million
    // rows takes a second to count; its exact counts come grouped by status later).
    GIntBig count = -1;
    if (driver == "PostgreSQL")
      if (auto e = pg::estimated_rows(spec.path, l->GetName()); e && *e >= 200000) count = *e;
    if (count < 0) count = l->GetFeatureCount(FALSE);
    const int force = count >= 0 && count < 200000 ? TRUE : FALSE;
    if (l->GetExtent(&env, force) == OGRERR_NONE) {
      const bool swap = l->GetSpatialRef() && detail::data_is_north_first(*l->GetSpatialRef());
      info.extent.add(swap ? env.MinY : env.MinX, swap ? env.MinX : env.MinY);
      info.extent.add(swap ? env.MaxY : env.MaxX, swap ? env.MaxX : env.MaxY);
    }
    info.feature_count = count;  // (counted once: a database counts every row for it)
    info.has_geometry = l->GetLayerDefn()->GetGeomFieldCount() > 0;
    if (const char* g = l->GetGeometryColumn(); g && *g) info.geometry_column = g;
    if (const char* k = l->GetFIDColumn(); k && *k) info.fid_column = k;
    for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i) {
      info.fields.emplace_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
      info.field_types.push_back(detail::field_type(l->GetLayerDefn()->GetFieldDefn(i)->GetType()));
    }
    infos.push_back(std::move(info));
  }
  if (infos.empty())
    return Error{spec.path, spec.layer, spec.layer.empty() ? "the dataset has no vector layers" : "no such layer"};
  return infos;
}

VectorLayer empty_layer(const std::string& source, const LayerInfo& info) {
  VectorLayer l;
  l.source = source, l.name = info.name, l.driver = info.driver;
  l.crs = info.crs, l.crs_label = info.crs_label;
  std::vector<AttributeTable::Type> types = info.field_types;
  types.resize(info.fields.size(), AttributeTable::Type::Other);
  l.attributes.set_columns(info.fields, std::move(types));
  return l;
}

std::string identify_driver(const std::string& path, const std::vector<std::string>& drivers) {
  if (detail::is_archive(path)) return {};
  init_gdal();
  detail::ScopedGdalErrors quiet;
  std::vector<const char*> allowed;
  for (const std::string& d : drivers) allowed.push_back(d.c_str());
  allowed.push_back(nullptr);
  GDALDriverH d = GDALIdentifyDriverEx(path.c_str(), GDAL_OF_VECTOR, drivers.empty() ? nullptr : allowed.data(), nullptr);
  return d ? GDALGetDriverShortName(d) : "";
}

}  // namespace geo
