#include "geo/image.hpp"

#include <gdal_priv.h>

#include <cstdio>
#include <memory>
#include <unistd.h>

#include "geo/gdal_util.hpp"
#include "geo/reader.hpp"

namespace geo {

Result<bool> write_png(const std::string& path, const uint8_t* rgba, int width, int height) {
  init_gdal();
  detail::ScopedGdalErrors errors;
  if (width <= 0 || height <= 0) return Error{path, {}, "image has no pixels"};
  GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
  GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
  if (!mem || !png) return Error{path, {}, "GDAL was built without the PNG driver"};
  std::unique_ptr<GDALDataset> src(mem->Create("", width, height, 4, GDT_Byte, nullptr));
  if (!src) return Error{path, {}, "out of memory for a " + std::to_string(width) + "x" + std::to_string(height) + " image"};
  int band_map[4] = {1, 2, 3, 4};
  if (src->RasterIO(GF_Write, 0, 0, width, height, const_cast<uint8_t*>(rgba), width, height, GDT_Byte,
                    4, band_map, 4, static_cast<GSpacing>(width) * 4, 1, nullptr) != CE_None)
    return Error{path, {}, "could not fill the image: " + errors.failures()};
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + ".png";
  // Light compression: a 1600x900 map compresses about as well at level 2 as at the
  // default 6, in a fraction of the time (screenshots sit on the critical path).
  const char* options[] = {"ZLEVEL=2", nullptr};
  std::unique_ptr<GDALDataset> out(
      png->CreateCopy(tmp.c_str(), src.get(), FALSE, const_cast<char**>(options), nullptr, nullptr));
  if (!out) {
    std::remove(tmp.c_str());
    return Error{path, {}, "cannot write the PNG: " + (errors.failures().empty() ? std::string("folder missing or read-only?") : errors.failures())};
  }
  out.reset();  // flush and close before the rename
  std::remove((tmp + ".aux.xml").c_str());
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Error{path, {}, "cannot move the PNG into place (folder missing or read-only?)"};
  }
  return true;
}

Result<Image> read_image(const std::string& path) {
  init_gdal();
  detail::ScopedGdalErrors errors;
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(
      GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
  if (!ds) return Error{path, {}, "cannot open image: " + errors.failures()};
  Image img;
  img.width = ds->GetRasterXSize();
  img.height = ds->GetRasterYSize();
  img.rgba.assign(static_cast<size_t>(img.width) * img.height * 4, 255);
  const int bands = ds->GetRasterCount();
  for (int c = 0; c < 4; ++c) {
    int band = bands >= 3 ? c + 1 : 1;
    if (c == 3 && bands != 4 && bands != 2) continue;
    if (c == 3 && bands == 2) band = 2;
    if (band > bands) continue;
    if (ds->GetRasterBand(band)->RasterIO(GF_Read, 0, 0, img.width, img.height, img.rgba.data() + c,
                                          img.width, img.height, GDT_Byte, 4,
                                          static_cast<GSpacing>(img.width) * 4, nullptr) != CE_None)
      return Error{path, {}, "cannot read image pixels: " + errors.failures()};
  }
  return img;
}

}  // namespace geo
