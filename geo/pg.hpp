// PostGIS sources: what the viewer adds to GDAL's PostgreSQL driver to stream a table
// by view and to refresh it by what changed. Sources are GDAL connection strings
// ("PG:host=… port=… dbname=… user=…", a layer picked with "::schema.table");
// passwords come from PGPASSWORD or ~/.pgpass and are never written to a project.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "geo/layer.hpp"
#include "geo/result.hpp"

namespace geo {

// "PG:…" (any case): a PostgreSQL/PostGIS connection rather than a file.
bool is_database_source(std::string_view source);

// The connection string with libpq's connect_timeout set (when it has none), so that a
// server that went away answers in seconds rather than after TCP's minutes.
std::string with_connect_timeout(std::string_view source, int seconds = 5);

// The connection string without its password=… (what a project file may keep).
std::string without_password(std::string_view source);

// "ST_MakeEnvelope(x0, y0, x1, y1, srid)": the box as SQL, every digit kept.
std::string envelope_sql(int srid, const Bbox& box);

// A WHERE clause for GDAL's attribute filter on a PostGIS layer: rows whose geometry
// intersects `box` (in the table's CRS, `srid`). ST_Intersects uses the GiST index.
std::string intersects_clause(const std::string& geometry_column, int srid, const Bbox& box);

// Rows changed at or after `since` (server time, as server_time() gives it).
std::string changed_since_clause(const std::string& column, const std::string& since);

// The column that says when a row last changed ("updated_at", "last_modified",
// "modified", "last_edited_date"), or -1: then a refresh reads the rows again.
int change_column(const std::vector<std::string>& fields);

// The EPSG code in "EPSG:n", or 0.
int srid_of(const std::string& crs);

// Runs one SQL statement over `source`'s connection; the first column of the first
// row as text (empty when the statement returns no rows).
Result<std::string> execute_sql(const std::string& source, const std::string& sql);

// The server's clock, as text PostgreSQL reads back as a timestamp.
Result<std::string> server_time(const std::string& source);

// Quotes an SQL identifier ("schema.table" → "schema"."table").
std::string quote_identifier(std::string_view name);

}  // namespace geo
