// Writes frames to a video file with Debian's libavcodec/libavformat: H.264 (yuv420p,
// plays in PowerPoint and every browser) when the encoder is there, else MPEG-4 Part 2;
// an animated GIF (a palette per frame) for a .gif name. The file appears under its
// name only when finished: until then it is a hidden partial file beside it, removed
// on failure or when the writer is dropped unfinished. libav's headers stay in the .cpp.
// RENEWMAP_VIDEO_ENCODER=mpeg4 in the environment takes the MPEG-4 fallback (tests).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace app::platform {

class VideoWriter {
 public:
  // Frames of width x height (even, for H.264 and MPEG-4) at `fps` frames a second,
  // the container from the name's extension (.mp4, .mov, .mkv, .gif). Null with
  // `error` set (naming the file and the reason) when it cannot be written.
  static std::unique_ptr<VideoWriter> open(const std::string& path, int width, int height, int fps,
                                           std::string& error);
  ~VideoWriter();
  VideoWriter(const VideoWriter&) = delete;
  VideoWriter& operator=(const VideoWriter&) = delete;

  // One frame, RGBA, top row first, width * height * 4 bytes.
  bool add(const uint8_t* rgba, std::string& error);
  // Flushes the encoder, writes the trailer, syncs and renames into place.
  bool finish(std::string& error);

  // "H.264 (libx264)", "MPEG-4 Part 2 (mpeg4)", "GIF (gif)".
  const std::string& codec() const;
  size_t frames() const;

  struct Impl;

 private:
  explicit VideoWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace app::platform
