// PNG files for screenshots and slide export, written through GDAL's PNG driver.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "geo/result.hpp"

namespace geo {

// `rgba`: width*height*4 bytes, top row first. Written atomically (temporary + rename).
Result<bool> write_png(const std::string& path, const uint8_t* rgba, int width, int height);

struct Image {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // top row first
  const uint8_t* at(int x, int y) const { return &rgba[(static_cast<size_t>(y) * width + x) * 4]; }
};
// Reads any image GDAL reads as 8-bit RGBA (grey and RGB are expanded).
Result<Image> read_image(const std::string& path);

}  // namespace geo
