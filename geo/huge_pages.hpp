// Large arrays in transparent huge pages. A million parcels are about 200 MB of
// arrays; faulted in 4 KiB at a time that is ~50,000 page faults per copy, a fifth of
// the time to the first frame on the build machine. Linux gives 2 MiB pages to ranges
// marked with madvise(MADV_HUGEPAGE) where THP is in its default "madvise" mode (glibc
// marks none of its own unless GLIBC_TUNABLES asks, which only works at start-up).
// Elsewhere, or when the kernel says no, these are plain reserves.
#pragma once

#include <cstddef>
#include <iterator>
#include <vector>

namespace geo {

// Marks the whole 2 MiB pages inside [p, p + bytes) for huge pages; nothing smaller.
void advise_huge_pages(const void* p, size_t bytes);

// reserve(n), with the advice for the new storage before anything touches it: a
// vector that has elements gets them copied into the advised storage (a reserve would
// copy them first, into 4 KiB pages).
template <class T>
void reserve_huge(std::vector<T>& v, size_t n) {
  if (n <= v.capacity()) return;
  std::vector<T> fresh;
  fresh.reserve(n);
  advise_huge_pages(fresh.data(), fresh.capacity() * sizeof(T));
  fresh.insert(fresh.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
  v.swap(fresh);
}

}  // namespace geo
