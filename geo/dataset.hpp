// Internal to geo/: opening a vector source with GDAL the way the viewer does (CSV
// column guesses, a Shapefile's text encoding, the drivers allowed, archives, the
// database connection timeout), and the reason a planner reads when it cannot be
// opened. Includes GDAL: only for geo/ sources that already talk to GDAL.
#pragma once

#include <gdal_priv.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo::detail {

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct OpenRequest {
  // For a Shapefile: the encoding GDAL decodes its text from (open option ENCODING);
  // "" = the bytes as stored (the reader detects or applies the encoding itself);
  // unset = GDAL's own choice.
  std::optional<std::string> text_encoding;
  std::string csv_x, csv_y;          // CSV columns the user chose for X/Y
  std::vector<std::string> drivers;  // allowed drivers (short names); empty = any
};

// Opens `path` (a GDAL path: a file, /vsizip/…, PG:…) for reading vector data. On
// failure returns null with `error` set: the file named, the reason in a planner's
// words. `failures` gets GDAL's own messages of the attempt when not null.
DatasetPtr open_vector(const std::string& path, const OpenRequest& request, Error& error,
                       std::string* failures = nullptr);

// ".csv" for "/data/Points.CSV": the last extension, lower-case ASCII.
std::string lower_extension(const std::string& path);
// A Shapefile's .shp or .dbf (by extension).
bool is_shapefile(const std::string& path);

// Archives a bureau mails (.zip, .tar, .tar.gz/.tgz, .gz; .kmz is KML and opens as
// it is): the GDAL paths of the datasets inside, through /vsizip/, /vsitar/ or
// /vsigzip/: each data file in it (a Shapefile by its .shp, a File Geodatabase by its
// folder), in the archive's order. Not an archive: {path}. An archive with
// nothing GDAL can read: an error naming the archive.
bool is_archive(const std::string& path);
// Any path GDAL reads (plain or /vsi…): whether it exists, and its first bytes.
bool vsi_exists(const std::string& path);
std::string vsi_head(const std::string& path, size_t bytes);
Result<std::vector<std::string>> archive_datasets(const std::string& path);

// GDAL's message made fit for a person: no source file names or line numbers of
// GDAL's own code, and the few GDAL phrases that mean something else to a user
// said plainly ("Unable to initialize ODBC connection" → this GDAL has no Access
// database support).
std::string plain_gdal_message(std::string message);

// How the reader keeps a column of this OGR type (dates as ISO text).
AttributeTable::Type field_type(OGRFieldType t);

}  // namespace geo::detail
