// PostgreSQL through libpq itself, for what GDAL's driver does not do: binary results
// (vector tiles), grouped counts, and a small pool of connections per server shared by
// every fetch of the process. libpq takes the connection as GDAL's "PG:" string gives
// it, several hosts included ("host=a,b port=5432,5433
// target_session_attrs=prefer-standby"): the viewer only reads, so a standby serves.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "geo/result.hpp"

struct pg_conn;

namespace geo::pg {

// libpq's conninfo for a GDAL source: "PG:" dropped, and the keys only GDAL knows
// (schemas=, active_schema=, tables=, list_all_tables=) left out; connect_timeout
// added when absent.
std::string conninfo(std::string_view gdal_source);

// One result: rows × columns of text (nullopt = NULL), or of raw bytes when asked
// for binary.
struct Rows {
  std::vector<std::vector<std::optional<std::string>>> cells;
  size_t size() const { return cells.size(); }
};

class Connection {
 public:
  // Connects (blocking, bounded by connect_timeout); the reason names the server.
  static Result<std::unique_ptr<Connection>> open(const std::string& conninfo, const std::string& label);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` with text parameters $1…; `binary`: results in binary form (bytea as
  // its bytes). Errors carry the server's message.
  Result<Rows> query(const std::string& sql, const std::vector<std::string>& params = {}, bool binary = false);
  // Runs `COPY (…) TO STDOUT`, handing `data` each message as it arrives (a row of the
  // copy format); `data` returning false cancels the copy, which ends as an error.
  // Returns the bytes received.
  using CopySink = std::function<bool(const char* bytes, size_t size)>;
  Result<size_t> copy_out(const std::string& sql, const CopySink& data);
  bool ok() const;  // still connected

 private:
  Connection(pg_conn* c, std::string label) : c_(c), label_(std::move(label)) {}
  pg_conn* c_;
  std::string label_;
};

// At most `size` connections to one server, opened on demand and reused; a broken one
// is dropped and reopened by the next lease.
class Pool {
 public:
  Pool(std::string conninfo, std::string label, int size);
  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Connection* operator->() { return c_.get(); }
   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };
  // Waits for a free connection (or opens one while fewer than `size` exist).
  Result<Lease> acquire();
  int size() const { return size_; }
  int opened() const;  // connections open now
  // Runs one statement on a pooled connection. A connection found broken (its server
  // stopped, a standby promoted or gone) is dropped and the statement tried once more on
  // a new one: with several hosts, libpq then reaches whichever answers.
  Result<Rows> query(const std::string& sql, const std::vector<std::string>& params = {}, bool binary = false);
  // The same for a COPY; tried again only when its first connection broke before any
  // byte came (`data` is never handed the same rows twice).
  Result<size_t> copy_out(const std::string& sql, const Connection::CopySink& data);

 private:
  friend class Lease;
  void give_back(std::unique_ptr<Connection> c);
  std::string conninfo_, label_;
  int size_;
  mutable std::mutex mutex_;
  std::condition_variable free_cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased
};

// The process's pool for a GDAL source (keyed by its conninfo); `size` applies when
// it is first made. Pools live until the process ends.
std::shared_ptr<Pool> pool_for(const std::string& gdal_source, int size = 2);

}  // namespace geo::pg
