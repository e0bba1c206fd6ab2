#include "geo/pg_client.hpp"

#include <cctype>
#include <map>

#include <libpq-fe.h>

#include "geo/pg.hpp"

namespace geo::pg {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits a keyword/value string into its "key=value" items (a quoted value kept whole).
std::vector<std::string> items(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i >= s.size()) break;
    std::string item;
    bool quoted = false;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '\\' && quoted && i + 1 < s.size()) {
        item += c, item += s[++i];
        continue;
      }
      if (c == '\'') quoted = !quoted;
      if (!quoted && std::isspace(static_cast<unsigned char>(c))) break;
      item += c;
    }
    out.push_back(item);
  }
  return out;
}

// libpq's message on one line, without its trailing newline.
std::string one_line(std::string e) {
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  for (char& ch : e)
    if (ch == '\n') ch = ' ';
  return e.empty() ? std::string("no answer") : e;
}

std::string error_text(const pg_conn* c) { return one_line(c ? PQerrorMessage(c) : "out of memory"); }

// Why a statement failed: the server's message for it, else the connection's.
std::string statement_error(const PGresult* res, const pg_conn* c) {
  return res && PQresultErrorMessage(res)[0] ? one_line(PQresultErrorMessage(res)) : error_text(c);
}

}  // namespace

std::string conninfo(std::string_view gdal_source) {
  std::string_view s = gdal_source;
  if (lower(s.substr(0, 3)) == "pg:") s.remove_prefix(3);
  std::string out;
  for (const std::string& item : items(s)) {
    const std::string key = lower(item.substr(0, item.find('=')));
    if (key == "schemas" || key == "active_schema" || key == "tables" || key == "list_all_tables") continue;
    out += (out.empty() ? "" : " ") + item;
  }
  return with_connect_timeout("PG:" + out).substr(3);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& info, const std::string& label) {
  pg_conn* c = PQconnectdb(info.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    const std::string why = error_text(c);
    if (c) PQfinish(c);
    return Error{label, {}, "cannot connect: " + why};
  }
  // Our statements are many and short, and each viewer runs its own few at once: no
  // JIT compiling (tens of ms a statement) and no parallel workers per statement. A
  // server without these settings (before PostgreSQL 11) refuses them, harmlessly.
  for (const char* setting : {"SET jit = off", "SET max_parallel_workers_per_gather = 0"})
    if (PGresult* r = PQexec(c, setting)) PQclear(r);
  return std::unique_ptr<Connection>(new Connection(c, label));
}

Connection::~Connection() { PQfinish(c_); }

bool Connection::ok() const { return PQstatus(c_) == CONNECTION_OK; }

Result<Rows> Connection::query(const std::string& sql, const std::vector<std::string>& params, bool binary) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  PGresult* res = PQexecParams(c_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.empty() ? nullptr : values.data(), nullptr, nullptr, binary ? 1 : 0);
  const ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
    const std::string why = statement_error(res, c_);
    if (res) PQclear(res);
    return Error{label_, {}, "SQL failed: " + why};
  }
  Rows rows;
  const int n = PQntuples(res), m = PQnfields(res);
  rows.cells.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    auto& row = rows.cells[static_cast<size_t>(i)];
    row.resize(static_cast<size_t>(m));
    for (int j = 0; j < m; ++j)
      if (!PQgetisnull(res, i, j)) row[static_cast<size_t>(j)] = std::string(PQgetvalue(res, i, j), static_cast<size_t>(PQgetlength(res, i, j)));
  }
  PQclear(res);
  return rows;
}

Result<size_t> Connection::copy_out(const std::string& sql, const CopySink& data) {
  auto failed = [&](const PGresult* res) { return Error{label_, {}, "SQL failed: " + statement_error(res, c_)}; };
  PGresult* res = PQexec(c_, sql.c_str());
  if (!res || PQresultStatus(res) != PGRES_COPY_OUT) {
    Error e = failed(res);
    if (res) PQclear(res);
    // A statement that was not a COPY may have left results behind.
    while (PGresult* more = PQgetResult(c_)) PQclear(more);
    return e;
  }
  PQclear(res);
  size_t bytes = 0;
  bool refused = false;
  while (true) {
    char* buf = nullptr;
    const int n = PQgetCopyData(c_, &buf, 0);
    if (n > 0) {
      bytes += static_cast<size_t>(n);
      if (!refused && !data(buf, static_cast<size_t>(n))) {
        refused = true;  // drain what is on its way, after asking the server to stop
        if (PGcancel* cancel = PQgetCancel(c_)) {
          char err[256];
          PQcancel(cancel, err, sizeof err);
          PQfreeCancel(cancel);
        }
      }
      PQfreemem(buf);
      continue;
    }
    if (buf) PQfreemem(buf);
    break;  // -1: done (the result follows); -2: the connection failed
  }
  std::optional<Error> error;
  while (PGresult* r = PQgetResult(c_)) {
    if (!error && PQresultStatus(r) != PGRES_COMMAND_OK) error = failed(r);
    PQclear(r);
  }
  if (refused) return Error{label_, {}, "copy stopped"};
  if (error) return *error;
  return bytes;
}

Pool::Pool(std::string info, std::string label, int size)
    : conninfo_(std::move(info)), label_(std::move(label)), size_(size < 1 ? 1 : size) {}

Pool::Lease::~Lease() {
  if (pool_ && c_) pool_->give_back(std::move(c_));
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (c->ok()) idle_.push_back(std::move(c));
  else --open_;  // broken: the next lease opens a new one
  free_cv_.notify_one();
}

int Pool::opened() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return open_;
}

Result<Pool::Lease> Pool::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  free_cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  ++open_;
  lock.unlock();
  auto c = Connection::open(conninfo_, label_);
  if (!c) {
    lock.lock();
    --open_;
    free_cv_.notify_one();
    return c.error();
  }
  return Lease(this, std::move(*c));
}

Result<Rows> Pool::query(const std::string& sql, const std::vector<std::string>& params, bool binary) {
  for (int attempt = 0;; ++attempt) {
    auto lease = acquire();
    if (!lease) return lease.error();
    auto rows = (*lease)->query(sql, params, binary);
    if (rows || (*lease)->ok() || attempt > 0) return rows;
  }
}

Result<size_t> Pool::copy_out(const std::string& sql, const Connection::CopySink& data) {
  for (int attempt = 0;; ++attempt) {
    auto lease = acquire();
    if (!lease) return lease.error();
    bool any = false;
    auto bytes = (*lease)->copy_out(sql, [&](const char* b, size_t n) {
      any = true;
      return data(b, n);
    });
    if (bytes || (*lease)->ok() || any || attempt > 0) return bytes;
  }
}

std::shared_ptr<Pool> pool_for(const std::string& gdal_source, int size) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<Pool>> pools;
  const std::string info = conninfo(gdal_source);
  std::lock_guard<std::mutex> lock(mutex);
  std::shared_ptr<Pool>& p = pools[info];
  if (!p) p = std::make_shared<Pool>(info, without_password("PG:" + info), size);
  return p;
}

}  // namespace geo::pg
