#include "geo/network.hpp"

#include <cpl_conv.h>
#include <cpl_http.h>
#include <cpl_string.h>

#include <algorithm>

namespace geo {

namespace {

// Every CPLHTTPFetch on a guarded thread comes here instead of the network.
CPLHTTPResult* refuse_fetch(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*,
                            void* user) {
  auto* guard = static_cast<NetworkGuard*>(user);
  if (guard && url) guard->refuse(url);
  auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
  r->nStatus = 1;  // any non-zero status is a failed request
  r->pszErrBuf = CPLStrdup("network access refused by renewmap (run with --allow-network)");
  return r;
}

// Curl requests that do not go through CPLHTTPFetch (/vsicurl/ and its friends) meet
// a proxy nobody listens on, and /vsicurl/ takes no file extension at all.
constexpr const char* kDeadProxy = "127.0.0.1:9";
constexpr const char* kOptions[][2] = {{"GDAL_HTTP_PROXY", kDeadProxy},
                                       {"GDAL_HTTPS_PROXY", kDeadProxy},
                                       {"CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".renewmap-no-network"},
                                       {"GDAL_HTTP_MAX_RETRY", "0"},
                                       {"GDAL_HTTP_CONNECTTIMEOUT", "1"}};

}  // namespace

NetworkGuard::NetworkGuard(bool allowed) : allowed_(allowed) {
  if (allowed_) return;
  CPLHTTPPushFetchCallback(refuse_fetch, this);
  for (const auto& o : kOptions) CPLSetThreadLocalConfigOption(o[0], o[1]);
}

NetworkGuard::~NetworkGuard() {
  if (allowed_) return;
  CPLHTTPPopFetchCallback();
  for (const auto& o : kOptions) CPLSetThreadLocalConfigOption(o[0], nullptr);
}

void NetworkGuard::refuse(const std::string& url) {
  const std::string host = url_host(url);
  if (std::find(refused_.begin(), refused_.end(), host) == refused_.end() && refused_.size() < 8)
    refused_.push_back(host);
}

std::string NetworkGuard::reason() const {
  if (refused_.empty()) return {};
  std::string hosts;
  for (const std::string& h : refused_) hosts += (hosts.empty() ? "" : ", ") + h;
  return "it asks GDAL to reach " + hosts +
         " over the network; nothing was fetched (the viewer goes online only when asked: run with "
         "--allow-network to let it)";
}

std::string url_host(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  if (const size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);  // no user:password
  return host;
}

}  // namespace geo
