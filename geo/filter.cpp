// A layer's attribute filter: checked for its syntax, and evaluated by GDAL on the
// source (OGR SQL) against the features the viewer holds.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <unordered_map>

#include "geo/dataset.hpp"
#include "geo/encoding.hpp"
#include "geo/gdal_util.hpp"
#include "geo/reader.hpp"

namespace geo {

using detail::DatasetPtr;
using detail::OpenRequest;

namespace {
struct FeatureDeleter {
  void operator()(OGRFeature* f) const { OGRFeature::DestroyFeature(f); }
};
using FeaturePtr = std::unique_ptr<OGRFeature, FeatureDeleter>;
}  // namespace

Result<std::vector<uint8_t>> filter_features(const SourceSpec& spec, const VectorLayer& layer,
                                             const std::string& where) {
  return filter_features(spec, layer.name, layer.fids, layer.encoding, where, layer.driver);
}

Result<std::vector<uint8_t>> filter_features(const SourceSpec& spec, const std::string& layer_name,
                                             const std::vector<int64_t>& fids, const std::string& encoding,
                                             const std::string& where, const std::string& driver) {
  std::vector<uint8_t> pass(fids.size(), 1);
  if (where.find_first_not_of(" \t\r\n") == std::string::npos) return pass;  // no filter: everything
  if (detail::is_archive(spec.path)) {  // the member that holds the layer
    auto members = detail::archive_datasets(spec.path);
    if (!members) return members.error();
    ReadOptions only;
    if (!driver.empty()) only.drivers = {driver};
    for (const std::string& member : *members) {
      auto infos = inspect_source({member, layer_name}, only);
      if (infos) return filter_features({member, layer_name}, layer_name, fids, encoding, where, driver);
    }
    return Error{spec.path, layer_name, "the layer is no longer in the archive"};
  }
  // A Shapefile that read_vector took as raw bytes is opened with the encoding they
  // were decoded from (empty there means UTF-8), so GDAL compares the UTF-8 literals
  // of `where` with the same text the viewer shows; otherwise GDAL would decode GBK
  // bytes as a Western code page and '北村' would match nothing.
  std::optional<std::string> text_encoding;
  if (detail::is_shapefile(spec.path) && (!encoding.empty() || !shapefile_declares_encoding(spec.path)))
    text_encoding = encoding.empty() ? "UTF-8" : encoding;
  Error open_error;
  OpenRequest request;
  request.text_encoding = text_encoding;
  if (!driver.empty()) request.drivers = {driver};  // the one that read it (another may have crashed)
  DatasetPtr ds = detail::open_vector(spec.path, request, open_error);
  if (!ds) return open_error;
  OGRLayer* l = ds->GetLayerByName(layer_name.c_str());
  if (!l) return Error{spec.path, layer_name, "the layer is no longer in the file"};
  detail::ScopedGdalErrors errors;
  if (l->SetAttributeFilter(where.c_str()) != OGRERR_NONE)
    return Error{spec.path, layer_name,
                 "invalid filter: " + (errors.failures().empty() ? std::string("syntax error") : errors.failures())};
  // Attributes decide; geometry is not even parsed.
  const char* ignored[] = {"OGR_GEOMETRY", nullptr};
  l->SetIgnoredFields(ignored);
  std::unordered_map<int64_t, uint32_t> row_of;
  row_of.reserve(fids.size());
  for (size_t f = 0; f < fids.size(); ++f) row_of.emplace(fids[f], static_cast<uint32_t>(f));
  std::fill(pass.begin(), pass.end(), 0);
  l->ResetReading();
  while (FeaturePtr f{l->GetNextFeature()}) {
    auto it = row_of.find(f->GetFID());
    if (it != row_of.end()) pass[it->second] = 1;
  }
  if (!errors.failures().empty())
    return Error{spec.path, layer_name, "invalid filter: " + errors.failures()};
  return pass;
}

std::optional<std::string> check_filter(const VectorLayer& layer, const std::string& where) {
  if (where.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("Memory");
  if (!mem) return std::string("GDAL has no Memory driver to check the filter with");
  DatasetPtr ds{mem->Create("", 0, 0, 0, GDT_Unknown, nullptr)};
  if (!ds) return std::string("could not make a layer to check the filter with");
  OGRLayer* l = ds->CreateLayer("check", nullptr, wkbUnknown, nullptr);
  if (!l) return std::string("could not make a layer to check the filter with");
  const AttributeTable& a = layer.attributes;
  for (size_t c = 0; c < a.column_count(); ++c) {
    OGRFieldType type = OFTString;
    switch (a.type(c)) {
      case AttributeTable::Type::Integer: type = OFTInteger64; break;
      case AttributeTable::Type::Real: type = OFTReal; break;
      case AttributeTable::Type::Date: type = OFTDate; break;
      default: type = OFTString; break;
    }
    OGRFieldDefn field(a.names()[c].c_str(), type);
    l->CreateField(&field);
  }
  detail::ScopedGdalErrors errors;
  if (l->SetAttributeFilter(where.c_str()) != OGRERR_NONE || !errors.failures().empty())
    return errors.failures().empty() ? std::string("syntax error") : errors.failures();
  return std::nullopt;
}

}  // namespace geo
