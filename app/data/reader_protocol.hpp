// The reader process's protocol (reader_process.cpp is the parent, reader_child.cpp the
// child). Requests go to the child's stdin: an Op byte, then its fields in geo/wire
// form. Answers come back on the child's fd 3 as frames: a Frame byte, the body's
// length (u64), the body. Driver and Progress frames may come before the one Answer.
#pragma once

#include <cstdint>

namespace app::data {

enum class Op : uint8_t {
  Read = 1,          // SourceSpec, ReadOptions, u8 allow_network → ReadOutcome
  Inspect = 2,       // SourceSpec, ReadOptions (drivers), u8 allow_network → u8 ok, [LayerInfo] | Error
  Filter = 3,        // SourceSpec, fids, encoding, where, driver → u8 ok, mask | Error
  BasemapOnly = 4,   // path, u8 allow_network → u8
  RasterExtent = 5,  // path, display CRS, u8 allow_network → u8 ok, Bbox | Error
  Warp = 6,          // path, display CRS, Bbox, u32 width, u32 height, u8 allow_network → u8 ok, Image | Error
};

enum class Frame : uint8_t {
  Driver = 1,    // str: the GDAL driver that has the file now
  Progress = 2,  // u64 done, u64 total
  Answer = 3,    // the op's answer
};

// The file descriptor the child writes its frames to (stdout stays free for whatever
// a library prints).
inline constexpr int kAnswerFd = 3;

}  // namespace app::data
