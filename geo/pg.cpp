#include "geo/pg.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geo/reader.hpp"
#include "geo/gdal_util.hpp"
#include "geo/pg_client.hpp"

namespace geo {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Position of key=… in a libpq keyword/value string, or npos.
size_t find_key(std::string_view s, std::string_view key) {
  const std::string l = lower(s);
  size_t pos = 0;
  while ((pos = l.find(std::string(key) + "=", pos)) != std::string::npos) {
    if (pos == 0 || l[pos - 1] == ' ' || l[pos - 1] == ':') return pos;
    ++pos;
  }
  return std::string::npos;
}

}  // namespace

bool is_database_source(std::string_view source) { return lower(source.substr(0, 3)) == "pg:"; }

std::string with_connect_timeout(std::string_view source, int seconds) {
  std::string s(source);
  if (!is_database_source(s) || find_key(s, "connect_timeout") != std::string::npos) return s;
  return s + (s.size() > 3 && s.back() != ' ' ? " " : "") + "connect_timeout=" + std::to_string(seconds);
}

std::string without_password(std::string_view source) {
  std::string s(source);
  const size_t at = find_key(s, "password");
  if (at == std::string::npos) return s;
  size_t end = at + 9;
  if (end < s.size() && s[end] == '\'') {  // quoted value: up to the closing quote
    ++end;
    while (end < s.size() && s[end] != '\'') end += s[end] == '\\' ? 2 : 1;
    end = std::min(s.size(), end + 1);
  } else {
    while (end < s.size() && s[end] != ' ') ++end;
  }
  while (end < s.size() && s[end] == ' ') ++end;
  s.erase(at, end - at);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string quote_identifier(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    const std::string_view part = name.substr(start, dot == std::string_view::npos ? dot : dot - start);
    out += '"';
    for (char c : part) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
    if (dot == std::string_view::npos) break;
    out += '.';
    start = dot + 1;
  }
  return out;
}

std::string envelope_sql(int srid, const Bbox& box) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "ST_MakeEnvelope(%.17g, %.17g, %.17g, %.17g, %d)", box.min_x, box.min_y, box.max_x,
                box.max_y, srid);
  return buf;
}

std::string intersects_clause(const std::string& geometry_column, int srid, const Bbox& box) {
  return "ST_Intersects(" + quote_identifier(geometry_column) + ", " + envelope_sql(srid, box) + ")";
}

std::string changed_since_clause(const std::string& column, const std::string& since) {
  std::string literal;
  for (char c : since) literal += c == '\'' ? std::string("''") : std::string(1, c);
  return quote_identifier(column) + " >= '" + literal + "'";
}

int change_column(const std::vector<std::string>& fields) {
  for (const char* name : {"updated_at", "last_modified", "modified", "last_edited_date", "updated"})
    for (size_t i = 0; i < fields.size(); ++i)
      if (lower(fields[i]) == name) return static_cast<int>(i);
  return -1;
}

int srid_of(const std::string& crs) {
  if (lower(crs.substr(0, 5)) != "epsg:") return 0;
  return std::atoi(crs.c_str() + 5);
}

Result<std::string> execute_sql(const std::string& source, const std::string& sql) {
  init_gdal();
  detail::ScopedGdalErrors errors;
  const std::string connection = with_connect_timeout(source);
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(
      GDALOpenEx(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)));
  if (!ds)
    return Error{without_password(source), {},
                 "cannot connect: " + (errors.failures().empty() ? std::string("no answer") : errors.failures())};
  OGRLayer* result = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
  std::string value;
  if (result) {
    std::unique_ptr<OGRFeature> f(result->GetNextFeature());
    if (f && f->GetFieldCount() > 0 && f->IsFieldSetAndNotNull(0)) value = f->GetFieldAsString(0);
    ds->ReleaseResultSet(result);
  }
  if (!errors.failures().empty()) return Error{without_password(source), {}, "SQL failed: " + errors.failures()};
  return value;
}

Result<std::string> server_time(const std::string& source) {
  // On the source's pool of connections (opened once, then reused by the fetches that
  // follow), not a GDAL dataset of its own: opening one read the whole catalogue, about
  // 100 ms before every fetch. ISO text with its offset, whatever the DateStyle.
  auto rows = pg::pool_for(source)->query("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.USOF')");
  if (!rows) return Error{without_password(source), {}, rows.error().reason};
  if (rows->size() != 1 || rows->cells[0].empty() || !rows->cells[0][0])
    return Error{without_password(source), {}, "SQL failed: the server's clock did not come back"};
  return *rows->cells[0][0];
}

}  // namespace geo
