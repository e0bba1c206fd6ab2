#include "datasets.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

namespace bench {
namespace fs = std::filesystem;

namespace {
const char* kStatuses[] = {"规划", "征收拆迁", "在建", "竣工", "滞后", "planned", "under_construction", "completed"};

std::string name_of(Kind k) { return k == Kind::Parcels ? "parcels" : k == Kind::Lines ? "lines" : "points"; }
}  // namespace

namespace {

// Writes features [begin, end) of the dataset into a new GeoPackage at `path`, in one
// transaction. Each feature's jitter comes from its own index, so the data is the same
// however the range is split.
void write_part(const std::string& path, Kind kind, long count, long begin, long end) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  std::unique_ptr<GDALDataset> ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path);
  OGRSpatialReference srs;
  srs.importFromEPSG(4549);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  const OGRwkbGeometryType type = kind == Kind::Parcels ? wkbPolygon : kind == Kind::Lines ? wkbLineString : wkbPoint;
  // No spatial index: nothing in the bench reads by area, and building one for 1M
  // features takes GDAL 18 s (longer than writing them).
  const char* no_index[] = {"SPATIAL_INDEX=NO", nullptr};
  OGRLayer* layer = ds->CreateLayer(name_of(kind).c_str(), &srs, type, const_cast<char**>(no_index));
  OGRFieldDefn status("status", OFTString), name("name", OFTString);
  layer->CreateField(&status);
  layer->CreateField(&name);
  std::uniform_real_distribution<double> jitter(-0.15, 0.15);
  const long side = static_cast<long>(std::ceil(std::sqrt(static_cast<double>(count))));
  const double cell = 25.0, x0 = 530000.0, y0 = 3990000.0;  // Laoshan, EPSG:4549 metres
  ds->StartTransaction();
  for (long i = begin; i < end; ++i) {
    std::mt19937_64 rng(20231031ull * 0x9E3779B97F4A7C15ull + static_cast<uint64_t>(i));
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
    if (layer->CreateFeature(f) != OGRERR_NONE) throw std::runtime_error("cannot write " + path);
    OGRFeature::DestroyFeature(f);
  }
  ds->CommitTransaction();
}

}  // namespace

std::string ensure_dataset(const std::string& cache_dir, Kind kind, long count) {
  fs::create_directories(cache_dir);
  const std::string stem = cache_dir + "/" + name_of(kind) + "_" + std::to_string(count);
  const std::string path = stem + ".gpkg";
  if (fs::exists(path)) return path;
  GDALAllRegister();
  // Parts of at least 250k features, one per core, written at once (GDAL's
  // CreateFeature is most of the time: 17.5 of 19 s at 1M on one core), then copied
  // into the first in SQLite's own bulk INSERT … SELECT. Written under temporary
  // names the GPKG driver accepts, renamed when complete.
  const long parts = std::max(1L, std::min<long>(std::max(1u, std::thread::hardware_concurrency()), count / 250000));
  std::vector<std::string> files;
  for (long k = 0; k < parts; ++k) files.push_back(stem + ".part" + std::to_string(k) + ".gpkg");
  for (const std::string& f : files) fs::remove(f);
  std::vector<std::thread> workers;
  std::vector<std::string> errors(static_cast<size_t>(parts));
  for (long k = 0; k < parts; ++k)
    workers.emplace_back([&, k] {
      try {
        write_part(files[static_cast<size_t>(k)], kind, count, count * k / parts, count * (k + 1) / parts);
      } catch (const std::exception& e) {
        errors[static_cast<size_t>(k)] = e.what();
      }
    });
  for (std::thread& w : workers) w.join();
  for (const std::string& e : errors)
    if (!e.empty()) throw std::runtime_error(e);
  {
    std::unique_ptr<GDALDataset> ds(
        static_cast<GDALDataset*>(GDALOpenEx(files[0].c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr)));
    if (!ds) throw std::runtime_error("cannot open " + files[0]);
    const std::string table = name_of(kind);
    auto sql = [&](const std::string& statement) {
      OGRLayer* r = ds->ExecuteSQL(statement.c_str(), nullptr, nullptr);
      if (r) ds->ReleaseResultSet(r);
    };
    for (size_t k = 1; k < files.size(); ++k) {
      sql("ATTACH DATABASE '" + files[k] + "' AS part");
      sql("INSERT INTO \"" + table + "\" (geom, status, name) SELECT geom, status, name FROM part.\"" + table +
          "\" ORDER BY fid");
      // The extent both cover (each part's, as GDAL wrote it).
      sql("UPDATE main.gpkg_contents SET min_x = MIN(gpkg_contents.min_x, p.x0), min_y = MIN(gpkg_contents.min_y, "
          "p.y0), max_x = MAX(gpkg_contents.max_x, p.x1), max_y = MAX(gpkg_contents.max_y, p.y1) FROM (SELECT min_x AS "
          "x0, min_y AS y0, max_x AS x1, max_y AS y1 FROM part.gpkg_contents WHERE table_name = '" + table +
          "') AS p WHERE gpkg_contents.table_name = '" + table + "'");
      sql("DETACH DATABASE part");
    }
  }
  for (size_t k = 1; k < files.size(); ++k) fs::remove(files[k]);
  fs::rename(files[0], path);
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
