// Internal to geo/: small GDAL helpers shared by the reader and the image writer.
// Includes no GDAL header so it can sit in any geo/ source.
#pragma once

#include <string>

namespace geo::detail {

// Collects GDAL's error messages for the lifetime of the object on this thread
// (GDAL's handler stack is thread-local) instead of printing them.
class ScopedGdalErrors {
 public:
  ScopedGdalErrors();
  ~ScopedGdalErrors();
  ScopedGdalErrors(const ScopedGdalErrors&) = delete;
  ScopedGdalErrors& operator=(const ScopedGdalErrors&) = delete;
  // The messages of CE_Failure and worse, joined; empty when there were none.
  const std::string& failures() const { return failures_; }
  const std::string& warnings() const { return warnings_; }
  void add(int severity, const char* message);

 private:
  std::string failures_;
  std::string warnings_;
};

}  // namespace geo::detail
