// The vector-tile decoder (geo/mvt.cpp) against its anchor, GDAL's MVT driver, on the
// tiles PostGIS makes for a table's full extent: the same bytes decoded both ways.
//
//   bench_mvt 'PG:host=… dbname=…' TABLE [PIXEL]
//
// Prints rows, bytes and the seconds of each decoder; GDAL's figure is for opening
// each tile from /vsimem/ and reading every feature's geometry and fields.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "geo/mvt.hpp"
#include "geo/pg.hpp"
#include "geo/pg_client.hpp"
#include "geo/pg_tiles.hpp"
#include "geo/reader.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_mvt 'PG:…' TABLE [PIXEL]\n");
    return 2;
  }
  const std::string source = argv[1], name = argv[2];
  geo::init_gdal();
  auto infos = geo::inspect_source({source, name});
  if (!infos || infos->empty()) {
    std::fprintf(stderr, "bench_mvt: %s\n", infos ? "no such table" : infos.error().what().c_str());
    return 1;
  }
  const geo::LayerInfo& info = infos->front();
  geo::ReadOptions none;
  none.where = "FALSE";
  auto shape = geo::read_vector({source, name}, none);
  if (shape.layers.size() != 1) return 1;
  geo::pg::Table t{source, info.name, info.geometry_column, info.fid_column, geo::srid_of(info.crs), info.extent, {}};
  const double pixel = argc > 3 ? std::atof(argv[3]) : std::max(info.extent.width() / 1600, info.extent.height() / 900);
  const geo::pg::Grid grid = geo::pg::grid_for(t.extent, info.extent, pixel);
  const int status = shape.layers[0].attributes.find("status");
  const double area = info.extent.width() * info.extent.height();
  const bool boxes = static_cast<double>(info.feature_count) / area * pixel * pixel * 16 > 1;
  const std::string sql = geo::pg::tile_sql(t, grid, shape.layers[0].attributes,
                                            boxes ? std::vector<int>{status} : std::vector<int>{}, boxes, "");
  auto pool = geo::pg::pool_for(source, 1);
  std::vector<std::pair<geo::pg::TileId, std::string>> tiles;
  size_t bytes = 0;
  for (const geo::pg::TileId& id : grid.covering(info.extent)) {
    auto rows = pool->query(sql, {std::to_string(id.z), std::to_string(id.x), std::to_string(id.y)}, true);
    if (!rows) {
      std::fprintf(stderr, "bench_mvt: %s\n", rows.error().what().c_str());
      return 1;
    }
    if (rows->cells[0][0]) tiles.emplace_back(id, *rows->cells[0][0]), bytes += rows->cells[0][0]->size();
  }
  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  size_t ours = 0;
  for (const auto& [id, b] : tiles) {
    geo::VectorLayer l;
    l.attributes = shape.layers[0].attributes;
    auto d = geo::decode_mvt(reinterpret_cast<const uint8_t*>(b.data()), b.size(), grid.tile_box(id), l);
    if (d) ours += d->features;
  }
  const double ours_s = std::chrono::duration<double>(clock::now() - t0).count();
  t0 = clock::now();
  size_t theirs = 0;
  for (const auto& [id, b] : tiles) {
    const std::string path = "/vsimem/bench_" + std::to_string(id.x) + "_" + std::to_string(id.y) + ".mvt";
    VSIFCloseL(VSIFileFromMemBuffer(path.c_str(), reinterpret_cast<GByte*>(const_cast<char*>(b.data())), b.size(), FALSE));
    const char* drivers[] = {"MVT", nullptr};
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, drivers, nullptr, nullptr)));
    if (ds)
      for (OGRLayer* layer : ds->GetLayers())
        for (auto& f : *layer) {
          (void)f->GetGeometryRef();
          for (int i = 0; i < f->GetFieldCount(); ++i) (void)f->GetFieldAsString(i);
          ++theirs;
        }
    VSIUnlink(path.c_str());
  }
  const double theirs_s = std::chrono::duration<double>(clock::now() - t0).count();
  std::printf("| decoder | tiles | rows | MB | seconds | rows a second |\n| --- | --- | --- | --- | --- | --- |\n");
  std::printf("| geo::decode_mvt | %zu | %zu | %.1f | %.3f | %.0f |\n", tiles.size(), ours, bytes / 1e6, ours_s,
              ours / ours_s);
  std::printf("| GDAL MVT driver (anchor) | %zu | %zu | %.1f | %.3f | %.0f |\n", tiles.size(), theirs, bytes / 1e6,
              theirs_s, theirs / theirs_s);
  return 0;
}
