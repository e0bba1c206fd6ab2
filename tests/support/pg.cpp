#include "support/pg.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "geo/pg.hpp"

namespace testdata {

std::string pg_connection() {
  std::ifstream in(std::string(RENEWMAP_PG_DIR) + "/connection");
  std::string line;
  std::getline(in, line);
  if (line.empty())
    throw std::runtime_error("no test database: " RENEWMAP_PG_DIR "/connection is missing (the CTest fixture "
                             "'postgis server' starts it; run the tests through ctest)");
  return line;
}

namespace {
std::string sql_on(const std::string& connection, const std::string& statement) {
  auto r = geo::execute_sql(connection, statement);
  if (!r) throw std::runtime_error(r.error().what() + " in: " + statement);
  return *r;
}
}  // namespace

std::string sql(const std::string& statement) { return sql_on(pg_connection(), statement); }

void make_parcels(const std::string& name, int cols, int rows, const std::string& connection) {
  sql_on(connection.empty() ? pg_connection() : connection,
      "DROP TABLE IF EXISTS " + name + " CASCADE; "
      "CREATE TABLE " + name + " (fid integer PRIMARY KEY, name text, status text, "
      "updated_at timestamptz NOT NULL DEFAULT now(), geom geometry(Polygon, 4549)); "
      "INSERT INTO " + name + " (fid, name, status, geom) "
      "SELECT 1 + i + " + std::to_string(cols) + " * j, 'p' || i || '_' || j, "
      "CASE WHEN (i + j) % 2 = 0 THEN '在建' ELSE '竣工' END, "
      "ST_MakeEnvelope(540000 + 100 * i, 3990000 + 100 * j, 540080 + 100 * i, 3990080 + 100 * j, 4549) "
      "FROM generate_series(0, " + std::to_string(cols - 1) + ") i, generate_series(0, " +
      std::to_string(rows - 1) + ") j; "
      "CREATE INDEX ON " + name + " USING gist (geom); ANALYZE " + name);
}

Clusters::~Clusters() {
  for (auto d = dirs.rbegin(); d != dirs.rend(); ++d) {
    const std::string command =
        std::string(RENEWMAP_SOURCE_DIR) + "/tests/pg/cluster.sh stop '" + *d + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
      // Nothing more to do from a destructor: the next run starts on other ports.
    }
  }
}

}  // namespace testdata
