// Passing what the reader produces between processes. The viewer reads files GDAL
// might crash on in a child process (app/data/reader_process.hpp), which sends the
// layers back through a pipe in this binary form. Both ends are the same build, so
// the form need not last between versions; the receiver still checks every count,
// length and offset, since a child that dies mid-write leaves a short stream.
// Little-endian host order; no thread of its own.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "geo/huge_pages.hpp"
#include "geo/image.hpp"
#include "geo/layer.hpp"
#include "geo/reader.hpp"
#include "geo/result.hpp"

namespace geo::wire {

// Whole writes and reads on a file descriptor (pipes), retried on EINTR and short
// counts; false when the other end is gone or an error occurs.
bool write_all(int fd, const void* data, size_t n);
bool read_exact(int fd, void* data, size_t n);

// Where bytes go: a growing buffer (fd -1), a file descriptor (buffered, with large
// arrays written straight through), or nowhere but a count (kCount: how long a
// message will be, before it is sent).
class Writer {
 public:
  static constexpr int kCount = -2;
  explicit Writer(int fd = -1) : fd_(fd) {}
  ~Writer() { flush(); }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void bytes(const void* p, size_t n);
  void u8(uint8_t v) { bytes(&v, 1); }
  void u32(uint32_t v) { bytes(&v, 4); }
  void u64(uint64_t v) { bytes(&v, 8); }
  void i64(int64_t v) { bytes(&v, 8); }
  void f64(double v) { bytes(&v, 8); }
  void str(std::string_view s) {
    u64(s.size());
    bytes(s.data(), s.size());
  }
  template <class T>
  void array(const std::vector<T>& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    u64(v.size());
    bytes(v.data(), v.size() * sizeof(T));
  }
  // Writes what is buffered to the fd; false once any write has failed.
  bool flush();
  bool failed() const { return failed_; }
  uint64_t written() const { return total_; }  // bytes given to bytes() so far
  const std::string& buffer() const { return buffer_; }  // fd -1: everything written

 private:
  int fd_;
  std::string buffer_;
  bool failed_ = false;
  uint64_t total_ = 0;
};

// Where bytes come from: a block of memory, or `fill`, which must deliver exactly n
// bytes or say false (a pipe with a deadline). Once a read fails every later one does.
class Reader {
 public:
  explicit Reader(std::string_view memory) : memory_(memory), from_memory_(true) {}
  explicit Reader(std::function<bool(void*, size_t)> fill) : fill_(std::move(fill)) {}

  bool bytes(void* p, size_t n);
  bool u8(uint8_t& v) { return bytes(&v, 1); }
  bool u32(uint32_t& v) { return bytes(&v, 4); }
  bool u64(uint64_t& v) { return bytes(&v, 8); }
  bool i64(int64_t& v) { return bytes(&v, 8); }
  bool f64(double& v) { return bytes(&v, 8); }
  bool str(std::string& s, uint64_t max = uint64_t{1} << 32);
  // The message ahead is `n` bytes long (a frame's length): arrays that fit in it are
  // allocated whole, in huge pages, instead of grown chunk by chunk.
  void expect(uint64_t n) { remaining_ = n; }
  // Grows the vector as bytes arrive, so a damaged count fails at the end of the
  // stream instead of allocating what it claims; within an expected length, whole.
  template <class T>
  bool array(std::vector<T>& v, uint64_t max_count = uint64_t{1} << 36) {
    static_assert(std::is_trivially_copyable_v<T>);
    uint64_t n = 0;
    if (!u64(n) || n > max_count) return fail();
    v.clear();
    if (n > 0 && n <= remaining_ / sizeof(T)) {
      try {
        reserve_huge(v, static_cast<size_t>(n));
      } catch (const std::bad_alloc&) {
        return fail();
      }
      v.resize(static_cast<size_t>(n));
      return bytes(v.data(), static_cast<size_t>(n) * sizeof(T));
    }
    constexpr uint64_t kChunk = (uint64_t{64} << 20) / sizeof(T);
    while (v.size() < n) {
      const size_t at = v.size();
      const size_t more = static_cast<size_t>(std::min<uint64_t>(kChunk, n - at));
      v.resize(at + more);
      if (!bytes(v.data() + at, more * sizeof(T))) return false;
    }
    return true;
  }
  bool ok() const { return ok_; }
  bool fail() { return ok_ = false; }

 private:
  std::string_view memory_;
  bool from_memory_ = false;
  std::function<bool(void*, size_t)> fill_;
  bool ok_ = true;
  uint64_t remaining_ = 0;  // of the expected message; 0 when none is expected
};

void put(Writer& w, const Error& e);
bool get(Reader& r, Error& e);
void put(Writer& w, const std::vector<Error>& v);
bool get(Reader& r, std::vector<Error>& v);
void put(Writer& w, const Bbox& b);
bool get(Reader& r, Bbox& b);
void put(Writer& w, const SourceSpec& s);
bool get(Reader& r, SourceSpec& s);
// The data of the options; the callbacks stay with the caller.
void put(Writer& w, const ReadOptions& o);
bool get(Reader& r, ReadOptions& o);
void put(Writer& w, const AttributeTable& a);
bool get(Reader& r, AttributeTable& a);
// get() checks that every offset array is monotonic and inside the next one.
void put(Writer& w, const VectorLayer& l);
bool get(Reader& r, VectorLayer& l);
void put(Writer& w, const ReadOutcome& o);
bool get(Reader& r, ReadOutcome& o);
void put(Writer& w, const LayerInfo& i);
bool get(Reader& r, LayerInfo& i);
void put(Writer& w, const Image& img);
bool get(Reader& r, Image& img);

}  // namespace geo::wire
