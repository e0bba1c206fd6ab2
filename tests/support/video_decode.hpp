// Reads a video back with libavformat/libavcodec, for tests of --export-video: what
// the container says, every frame counted, chosen frames as RGBA.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace testdata {

struct DecodedVideo {
  std::string error;          // empty: read
  std::string codec;          // libavcodec's name: "h264", "mpeg4", "gif"
  std::string format;         // libavformat's: "mov,mp4,m4a,3gp,3g2,mj2", "gif"
  int width = 0, height = 0;
  double fps = 0;             // the stream's average frame rate
  double duration = 0;        // seconds, from the container
  size_t frames = 0;          // decoded, counted one by one
  std::map<size_t, std::vector<uint8_t>> rgba;  // the frames asked for, RGBA top row first
};

DecodedVideo decode_video(const std::string& path, const std::vector<size_t>& keep);

}  // namespace testdata
