// The per-area PDF report through the real binary: its text read back with pdftotext
// and checked against the data as GDAL reads it (names, counts, areas).
#include <catch2/catch.hpp>

#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "support/frame.hpp"

namespace {
namespace fs = std::filesystem;

const std::string kAssets = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/";

// The PDF's pages as text.
std::vector<std::string> pdf_pages(const std::string& pdf) {
  std::string text;
  REQUIRE(testdata::run_command("pdftotext -layout '" + pdf + "' -", text) == 0);
  std::vector<std::string> pages;
  size_t at = 0;
  for (size_t ff; (ff = text.find('\f', at)) != std::string::npos; at = ff + 1) pages.push_back(text.substr(at, ff - at));
  return pages;
}

struct Project {
  std::string name;
  std::unique_ptr<OGRGeometry> geometry;  // EPSG:4549
};

// Every feature of the Laoshan project's status layers, as GDAL reads them, in the
// sub-districts' CRS.
std::vector<Project> laoshan_projects() {
  GDALAllRegister();
  std::ifstream in(kAssets + "laoshan.project.json");
  const nlohmann::json project = nlohmann::json::parse(in);
  OGRSpatialReference target;
  target.importFromEPSG(4549);
  target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::vector<Project> out;
  for (const auto& l : project["layers"]) {
    if (!l.contains("status_field") || l["status_field"].is_null()) continue;
    auto ds = std::unique_ptr<GDALDataset>(
        GDALDataset::Open((kAssets + l["source"].get<std::string>()).c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    REQUIRE(ds);
    OGRLayer* layer = l.contains("layer") ? ds->GetLayerByName(l["layer"].get<std::string>().c_str()) : ds->GetLayer(0);
    REQUIRE(layer);
    for (auto& f : *layer) {
      Project p;
      p.name = f->GetFieldAsString("name");
      p.geometry.reset(f->GetGeometryRef()->clone());
      OGRSpatialReference source(*layer->GetSpatialRef());
      source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      p.geometry->assignSpatialReference(&source);
      REQUIRE(p.geometry->transformTo(&target) == OGRERR_NONE);
      out.push_back(std::move(p));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("the per-area report lists every project of an area on its pages, with the data's counts",
          "[report][binary]") {
  const std::string dir = testdata::temp_dir("report");
  const std::string pdf = dir + "/laoshan report.pdf";
  std::string log;
  const int rc = testdata::run_renewmap("--report 街道 --out '" + pdf + "' --as-of 2023-10-31", log);
  INFO(log);
  REQUIRE(rc == 0);
  const std::vector<std::string> pages = pdf_pages(pdf);
  REQUIRE(pages.size() >= 6);  // the cover and five sub-districts

  // The cover: every status layer's counts on that day, as --info gives them.
  std::string info;
  REQUIRE(testdata::run_renewmap("--info --as-of 2023-10-31", info) == 0);
  std::map<std::string, long> expected;
  const std::regex counts(R"(statuses as of 2023-10-31: planned (\d+) relocation (\d+) under_construction (\d+) completed (\d+) delayed (\d+))");
  long total = 0;
  for (auto it = std::sregex_iterator(info.begin(), info.end(), counts); it != std::sregex_iterator(); ++it) {
    const char* names[] = {"规划 Planned", "征收拆迁 Relocation", "在建 Under construction", "竣工 Completed",
                           "滞后 Delayed"};
    for (int s = 0; s < 5; ++s) {
      expected[names[s]] += std::stol((*it)[s + 1]);
      total += std::stol((*it)[s + 1]);
    }
  }
  const std::vector<Project> projects = laoshan_projects();
  CHECK(total == static_cast<long>(projects.size()));
  CHECK(pages[0].find("All projects: " + std::to_string(total)) != std::string::npos);
  for (const auto& [label, n] : expected) {
    INFO(label);
    CHECK(pages[0].find(label + " " + std::to_string(n)) != std::string::npos);
  }

  // Each sub-district: its pages (the first line is its name) hold the name of every
  // project GDAL finds wholly inside it, and its count lies between those wholly
  // inside and those touching it.
  auto ds = std::unique_ptr<GDALDataset>(
      GDALDataset::Open((kAssets + "laoshan.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  REQUIRE(ds);
  OGRLayer* areas = ds->GetLayerByName("subdistricts");
  REQUIRE(areas);
  size_t checked = 0;
  long listed = 0;
  for (auto& area : *areas) {
    const std::string name = area->GetFieldAsString("name");
    const OGRGeometry* shape = area->GetGeometryRef();
    std::string text;
    for (const std::string& page : pages)
      if (page.rfind(name, 0) == 0) text += page;
    INFO(name);
    REQUIRE_FALSE(text.empty());
    size_t within = 0, touching = 0;
    for (const Project& p : projects) {
      if (p.geometry->Within(shape)) {
        ++within;
        ++checked;
        INFO(p.name);
        CHECK(text.find(p.name) != std::string::npos);
      }
      touching += p.geometry->Intersects(shape);
    }
    std::smatch m;
    REQUIRE(std::regex_search(text, m, std::regex(R"(Projects: (\d+))")));
    const size_t n = std::stoul(m[1]);
    CHECK(n >= within);
    CHECK(n <= touching);
    listed += static_cast<long>(n);
  }
  CHECK(checked > 150);  // most of the 209 lie wholly inside one sub-district
  CHECK(listed <= total);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) == 1);  // no partial file left
}

TEST_CASE("a report asked of a layer that is not there, or has no areas, says so and writes nothing",
          "[report][binary]") {
  const std::string dir = testdata::temp_dir("report-bad");
  std::string log;
  CHECK(testdata::run_renewmap("--report 'No such layer' --out " + dir + "/r.pdf", log) == 1);
  CHECK(log.find("no layer 'No such layer'") != std::string::npos);
  CHECK(log.find("街道 Sub-districts") != std::string::npos);  // the layers it could have been
  CHECK(testdata::run_renewmap("--report 停车场 --out " + dir + "/r.pdf", log) == 1);  // points
  CHECK(log.find("has no polygons") != std::string::npos);
  CHECK(testdata::run_renewmap("--report 街道 --out " + dir + "/no/such/r.pdf", log) == 1);
  CHECK(log.find(dir + "/no/such/r.pdf") != std::string::npos);
  CHECK(testdata::run_renewmap("--report 街道", log) == 1);
  CHECK(log.find("--report needs --out") != std::string::npos);
  CHECK(fs::is_empty(dir));
}
