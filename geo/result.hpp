// Result-or-error for everything that touches files and CRSs. No exception crosses
// out of geo/: callers get a message a planner can act on.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace geo {

struct Error {
  std::string source;  // file path, connection or project the error is about
  std::string layer;   // layer name within it, empty when the whole source failed
  std::string reason;  // what went wrong and, where known, what to try

  // "'roads.shp' layer 'roads': reason" — the form used in the UI and on stderr.
  std::string what() const {
    std::string s = "'" + source + "'";
    if (!layer.empty()) s += " layer '" + layer + "'";
    return s + ": " + reason;
  }
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}    // NOLINT
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const T& operator*() const { return value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace geo
