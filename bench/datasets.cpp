#include "datasets.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <vector>

namespace bench {
namespace fs = std::filesystem;

namespace {
const char* kStatuses[] = {"规划", "征收拆迁", "在建", "竣工", "滞后", "planned", "under_construction", "completed"};

std::string name_of(Kind k) { return k == Kind::Parcels ? "parcels" : k == Kind::Lines ? "lines" : "points"; }
}  // namespace

std::string ensure_dataset(const std::string& cache_dir, Kind kind, long count) {
  fs::create_directories(cache_dir);
  const std::string path = cache_dir + "/" + name_of(kind) + "_" + std::to_string(count) + ".gpkg";
  if (fs::exists(path)) return path;
  GDALAllRegister();
  // Written under a temporary name the GPKG driver accepts, renamed when complete.
  const std::string tmp = cache_dir + "/" + name_of(kind) + "_" + std::to_string(count) + ".part.gpkg";
  fs::remove(tmp);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + tmp);
  OGRSpatialReference srs;
  srs.importFromEPSG(4549);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRwkbGeometryType type = kind == Kind::Parcels ? wkbPolygon : kind == Kind::Lines ? wkbLineString : wkbPoint;
  OGRLayer* layer = ds->CreateLayer(name_of(kind).c_str(), &srs, type, nullptr);
  OGRFieldDefn status("status", OFTString), name("name", OFTString);
  layer->CreateField(&status);
  layer->CreateField(&name);
  std::mt19937_64 rng(20231031);
  std::uniform_real_distribution<double> jitter(-0.15, 0.15);
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(count))));
  const double cell = 25.0, x0 = 530000.0, y0 = 3990000.0;  // Laoshan, EPSG:4549 metres
  ds->StartTransaction();
  for (long i = 0; i < count; ++i) {
    const double cx = x0 + (i % side + 0.5) * cell, cy = y0 + (i / side + 0.5) * cell;
    OGRFeature* f = OGRFeature::CreateFeature(layer->GetLayerDefn());
    f->SetField("status", kStatuses[rng() % 8]);
    f->SetField("name", ("地块 " + std::to_string(i)).c_str());
    if (kind == Kind::Parcels) {
      OGRLinearRing ring;
      for (int k = 0; k < 8; ++k) {
        const double a = k * M_PI / 4.0, r = cell * (0.42 + jitter(rng) * 0.3);
        ring.addPoint(cx + r * std::cos(a), cy + r * std::sin(a));
      }
      ring.closeRings();
      OGRPolygon poly;
      poly.addRing(&ring);
      f->SetGeometry(&poly);
    } else if (kind == Kind::Lines) {
      OGRLineString line;
      for (int k = 0; k < 5; ++k) line.addPoint(cx - cell * 0.4 + k * cell * 0.2, cy + jitter(rng) * cell);
      f->SetGeometry(&line);
    } else {
      OGRPoint p(cx + jitter(rng) * cell, cy + jitter(rng) * cell);
      f->SetGeometry(&p);
    }
    if (layer->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write " + tmp);
    OGRFeature::DestroyFeature(f);
  }
  ds->CommitTransaction();
  ds.reset();
  fs::rename(tmp, path);
  return path;
}

double gdal_read_floor(const std::string& path, long* features, long* vertices) {
  GDALAllRegister();
  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<GDALDataset> ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!ds) throw std::runtime_error("cannot open " + path);
  OGRLayer* layer = ds->GetLayer(0);
  std::vector<double> xy;
  std::string status;
  long n = 0;
  for (auto& f : *layer) {
    ++n;
    status = f->GetFieldAsString(0);
    const OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    switch (wkbFlatten(g->getGeometryType())) {
      case wkbPolygon: {
        const OGRLinearRing* r = g->toPolygon()->getExteriorRing();
        for (int i = 0; i < r->getNumPoints(); ++i) xy.insert(xy.end(), {r->getX(i), r->getY(i)});
        break;
      }
      case wkbLineString: {
        const OGRLineString* l = g->toLineString();
        for (int i = 0; i < l->getNumPoints(); ++i) xy.insert(xy.end(), {l->getX(i), l->getY(i)});
        break;
      }
      case wkbPoint:
        xy.insert(xy.end(), {g->toPoint()->getX(), g->toPoint()->getY()});
        break;
      default:
        break;
    }
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (features) *features = n;
  if (vertices) *vertices = static_cast<long>(xy.size() / 2);
  return s;
}

}  // namespace bench
