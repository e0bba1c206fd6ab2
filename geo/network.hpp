// Whether GDAL may reach the network. A local file can make GDAL fetch on its own (a
// WFS or WMS description, a GML naming a remote schema, a VRT over /vsicurl/); the
// viewer lets it only when the user asked (--allow-network, or the source given on
// the command line). Scoped to the calling thread (GDAL's fetch callbacks and
// thread-local config options), so one thread's permission is not another's.
#pragma once

#include <string>
#include <vector>

namespace geo {

class NetworkGuard {
 public:
  // `allowed` false: every HTTP request GDAL makes on this thread fails at once
  // (nothing leaves the machine) and its URL is recorded.
  explicit NetworkGuard(bool allowed);
  ~NetworkGuard();
  NetworkGuard(const NetworkGuard&) = delete;
  NetworkGuard& operator=(const NetworkGuard&) = delete;

  // The hosts GDAL tried to reach meanwhile, each once, in order.
  const std::vector<std::string>& refused_hosts() const { return refused_; }
  // "asks GDAL to reach example.com over the network; nothing was fetched (…
  // --allow-network …)", to follow the source's name; empty when nothing was refused.
  std::string reason() const;

  void refuse(const std::string& url);  // internal: the fetch callback's record

 private:
  bool allowed_;
  std::vector<std::string> refused_;
};

// The host of "https://host:port/path" ("host"), or the text up to the first '/'.
std::string url_host(const std::string& url);

}  // namespace geo
