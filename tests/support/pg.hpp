// The private PostGIS server of the database tests (tests/pg/cluster.sh, started by a
// CTest fixture) and small helpers to fill it.
#pragma once

#include <string>
#include <vector>

namespace testdata {

// The GDAL connection string of the test server ("PG:host=127.0.0.1 port=…").
std::string pg_connection();

// Runs SQL on the test server; the first column of the first row. Fails the test
// (throws) when the server refuses it.
std::string sql(const std::string& statement);

// A table `name` of cols × rows square parcels in EPSG:4549: parcel (i, j) is the
// 80 m square at (540000 + 100 i, 3990000 + 100 j), fid = 1 + i + cols·j, status
// alternating 在建 / 竣工 ((i + j) even: 在建), with name and updated_at; GiST index.
void make_parcels(const std::string& name, int cols, int rows, const std::string& connection = {});

// Servers a test starts itself (tests/pg/cluster.sh start DIR), stopped when it ends,
// however it ends: a failed REQUIRE leaves no server behind.
struct Clusters {
  std::vector<std::string> dirs;
  Clusters() = default;
  Clusters(const Clusters&) = delete;
  Clusters& operator=(const Clusters&) = delete;
  ~Clusters();
};

}  // namespace testdata
