// Reading vector data with GDAL: any vector driver, every layer of a dataset or the
// one named in "path::layer". Runs on any thread (each call opens its own handle).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo {

// "data.gpkg::roads" names layer "roads" of data.gpkg; "data.gpkg" means every layer.
// The separator is the last "::" (GDAL connection strings like "PG:..." use one colon).
struct SourceSpec {
  std::string path;
  std::string layer;  // empty: all layers
};
SourceSpec parse_source_spec(std::string_view spec);

// Registers GDAL's drivers once; safe from any thread.
void init_gdal();

struct ReadOptions {
  // Text encoding of the attributes ("GBK", "UTF-8", "ISO-8859-1" …); empty = GDAL's
  // own knowledge, or for a Shapefile that declares none (no .cpg), detection: UTF-8
  // when every value is valid UTF-8, else GB18030 (GBK) when it decodes to Chinese.
  std::string encoding;
  // CSV columns holding X/Y (or lon/lat) when the user chose them; empty = GDAL finds
  // WKT columns and the common X/Y names by itself.
  std::string csv_x, csv_y;
  // The CRS the coordinates are in, anything PROJ accepts ("EPSG:4549", WKT …), taken
  // east-first (x = easting/longitude). An explicit override wins: it replaces the CRS
  // the data declares, and places layers that declare none (CAD drawings, CSVs). Empty:
  // the data's own, or a .prj beside the file.
  std::string source_crs;
  // Part of a layer (a database table streamed by view, or what changed since the last
  // read). `box` keeps features whose bounding box meets it (layer CRS); `where` is an
  // attribute filter — OGR SQL for files, passed to the server for PostgreSQL (so
  // PostGIS functions work there); `limit` stops after that many features.
  std::optional<Bbox> box;
  std::string where;
  uint64_t limit = 0;  // 0: all
  // GDAL drivers allowed to open the source (short names, "KML"); empty: any. After
  // one driver crashed on a file, the viewer asks another (LIBKML → KML).
  std::vector<std::string> drivers;
  // For describing only (--info): a layer whose CRS cannot be told is still read (its
  // fields, counts, names), with crs empty, crs_label "unknown" and the hint as a
  // warning, instead of being refused. Nothing that draws sets it.
  bool describe_only = false;
  // Read through GDAL's column-oriented stream where the driver's own is faster than
  // feature by feature (GeoPackage); the layer is the same either way. Off: always
  // feature by feature (tests compare the two).
  bool columnar = true;
  std::function<bool()> cancelled;                          // polled between features
  std::function<void(uint64_t done, uint64_t total)> progress;  // total 0 when unknown
  // Called with the driver's short name as soon as the source is open (before any
  // feature is read), so a process that dies later can still be told which.
  std::function<void(const std::string& driver)> opened;
};

struct ReadOutcome {
  std::vector<VectorLayer> layers;  // layers that loaded, in the dataset's order
  std::vector<Error> errors;        // layers (or the whole source) that did not
  std::vector<Error> warnings;      // loaded, but the user should know (assumed CRS …)
  bool limited = false;             // ReadOptions::limit cut a layer short
};

// Reads geometry (points, lines, polygons with holes, multi-forms, collections;
// curves linearised, Z/M dropped) into flat arrays, and every attribute as text.
// Coordinates come out east-first in the layer's own CRS (ReadOptions::source_crs when
// given). A layer without a CRS, and no .prj beside it, is taken as EPSG:4326 with a
// warning when every coordinate is a plausible lon/lat, otherwise refused.
ReadOutcome read_vector(const SourceSpec& spec, const ReadOptions& options = {});

// Cheap look at a source without reading features: names, CRSs, extents.
struct LayerInfo {
  std::string name;
  std::string crs;        // as in VectorLayer::crs; empty when the layer has none
  std::string crs_label;
  bool projected = false;
  Bbox extent;            // in the layer's CRS; empty when the driver cannot tell cheaply
  int64_t feature_count = -1;
  bool has_geometry = true;          // false: a table (e.g. a CSV whose X/Y columns were not found)
  std::vector<std::string> fields;   // attribute names
  std::vector<AttributeTable::Type> field_types;  // beside them, as read_vector keeps each
  std::string geometry_column;       // where the driver names one (databases); else empty
  std::string fid_column;            // the key column, where there is one
  std::string driver;                // GDAL driver's short name
};
// `options`: only `drivers` and `opened` count here.
Result<std::vector<LayerInfo>> inspect_source(const SourceSpec& spec, const ReadOptions& options = {});

// The layer read_vector would give for `info` (of `source`) when no row passes: its name,
// source, driver, CRS and columns, without opening the source again. Only for a layer
// with a CRS (read_vector assumes one for a layer without).
VectorLayer empty_layer(const std::string& source, const LayerInfo& info);

// The GDAL driver that would open `path` as vector data (short name), without opening
// it; empty when none would (or for an archive). `drivers` as in ReadOptions.
std::string identify_driver(const std::string& path, const std::vector<std::string>& drivers = {});

}  // namespace geo

namespace geo {

// Which features of `layer` (as read by read_vector from `spec`) pass an attribute
// filter in OGR SQL WHERE syntax ("status = '在建' AND households > 100"): one byte per
// feature, 1 = passes. An invalid expression is an error carrying GDAL's message, so
// the UI can show it as the user types. Reads attributes only, not geometry.
Result<std::vector<uint8_t>> filter_features(const SourceSpec& spec, const VectorLayer& layer,
                                             const std::string& where);
// The same for features known by their ids (a copy the caller can hand to a thread);
// `encoding` is the layer's VectorLayer::encoding, the text encoding it was read with.
// `driver`: the layer's VectorLayer::driver (the one that read it), or empty for any.
Result<std::vector<uint8_t>> filter_features(const SourceSpec& spec, const std::string& layer_name,
                                             const std::vector<int64_t>& fids, const std::string& encoding,
                                             const std::string& where, const std::string& driver = {});

// Whether `where` is a valid OGR SQL filter over `layer`'s attribute columns, without
// reading the source: GDAL parses it against an empty in-memory layer with the same
// columns (a misspelt field is an error too). nullopt when valid, else GDAL's message.
// Under a millisecond, for checking as the user types. A database evaluates its own
// SQL, so for those this is only a hint.
std::optional<std::string> check_filter(const VectorLayer& layer, const std::string& where);

// The calls that open a user's source, as one replaceable set: geo functions that
// read through it (info_report) can then run in the viewer's reader process
// (app/data/reader_process.hpp). The default reads in this process.
struct SourceAccess {
  std::function<ReadOutcome(const SourceSpec&, const ReadOptions&)> read;
  std::function<Result<std::vector<uint8_t>>(const SourceSpec&, const VectorLayer&, const std::string& where)> filter;
};
SourceAccess in_process_access();

}  // namespace geo
