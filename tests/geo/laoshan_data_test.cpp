// Checks the embedded Laoshan demo dataset (assets/laoshan/, built by
// assets/laoshan/generate.py) against the article's figures and against the rules the
// viewer relies on: every layer the project file names opens with a CRS, statuses map
// onto the vocabulary, dates tell one consistent story as of `data_as_of`, geometry is
// valid and every project feature lies inside the district.
#include <catch2/catch.hpp>

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "geo/status.hpp"

namespace {

using nlohmann::json;

const std::string kAssetDir = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/";
// "确保133个新建项目三季度前全部开工": every new 2023 project starts before Q3.
const std::string kNewProjectsStartBy = "2023-06-30";

struct DatasetCloser {
  void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

struct TransformDeleter {
  void operator()(OGRCoordinateTransformation* ct) const {
    OGRCoordinateTransformation::DestroyCT(ct);
  }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;

json load_project() {
  std::ifstream in(kAssetDir + "laoshan.project.json");
  REQUIRE(in.good());
  return json::parse(in);
}

DatasetPtr open_dataset(const std::string& source) {
  GDALAllRegister();
  return DatasetPtr(GDALDataset::Open((kAssetDir + source).c_str(),
                                      GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

// One layer of the project file, opened.
struct ProjectLayer {
  json entry;
  DatasetPtr ds;
  OGRLayer* layer = nullptr;

  std::string name() const { return layer->GetName(); }
  bool has_status() const { return !entry.at("status_field").is_null(); }
  std::string status_field() const { return entry.at("status_field").get<std::string>(); }
};

// Opens every layer the project file names; REQUIREs that each one opens.
std::vector<ProjectLayer> open_project_layers(const json& project) {
  std::vector<ProjectLayer> out;
  for (const json& entry : project.at("layers")) {
    ProjectLayer pl;
    pl.entry = entry;
    const std::string source = entry.at("source").get<std::string>();
    INFO("source " << source);
    pl.ds = open_dataset(source);
    REQUIRE(pl.ds);
    if (entry.contains("layer")) {
      pl.layer = pl.ds->GetLayerByName(entry.at("layer").get<std::string>().c_str());
    } else {
      REQUIRE(pl.ds->GetLayerCount() == 1);  // "layer" may be left out only then
      pl.layer = pl.ds->GetLayer(0);
    }
    REQUIRE(pl.layer != nullptr);
    out.push_back(std::move(pl));
  }
  return out;
}

// A field as text; dates as ISO YYYY-MM-DD whatever the field type (GDAL's GeoJSON
// reader types ISO date strings as OFTDate, whose GetFieldAsString is YYYY/MM/DD).
// nullopt when the field is missing, null or empty.
std::optional<std::string> text(OGRFeature& f, const std::string& field) {
  const int i = f.GetFieldIndex(field.c_str());
  if (i < 0 || !f.IsFieldSetAndNotNull(i)) return std::nullopt;
  const OGRFieldType type = f.GetFieldDefnRef(i)->GetType();
  if (type == OFTDate || type == OFTDateTime) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0;
    f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return std::string(buf);
  }
  std::string s = f.GetFieldAsString(i);
  if (s.empty()) return std::nullopt;
  return s;
}

// YYYY-MM-DD naming a real calendar day. Valid ISO dates compare as strings.
bool is_iso_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)),
            d = std::stoi(s.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// EPSG:4549 (the display CRS) with x = easting, y = northing.
OGRSpatialReference display_crs() {
  OGRSpatialReference srs;
  REQUIRE(srs.importFromEPSG(4549) == OGRERR_NONE);
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

TransformPtr transform_to_display(OGRLayer* layer) {
  const OGRSpatialReference* layer_srs = layer->GetSpatialRef();
  REQUIRE(layer_srs != nullptr);
  OGRSpatialReference source(*layer_srs);
  source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference target = display_crs();
  TransformPtr ct(OGRCreateCoordinateTransformation(&source, &target));
  REQUIRE(ct);
  return ct;
}

// The Laoshan district outline in the display CRS.
std::unique_ptr<OGRGeometry> district_outline() {
  DatasetPtr ds = open_dataset("laoshan.gpkg");
  REQUIRE(ds);
  OGRLayer* layer = ds->GetLayerByName("district");
  REQUIRE(layer != nullptr);
  REQUIRE(layer->GetFeatureCount() == 1);
  TransformPtr ct = transform_to_display(layer);
  layer->ResetReading();
  OGRFeatureUniquePtr f(layer->GetNextFeature());
  REQUIRE(f);
  std::unique_ptr<OGRGeometry> g(f->GetGeometryRef()->clone());
  REQUIRE(g->transform(ct.get()) == OGRERR_NONE);
  return g;
}

int epsg_of(OGRLayer* layer) {
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) return 0;
  const char* code = srs->GetAuthorityCode(nullptr);
  return code ? std::stoi(code) : 0;
}

}  // namespace

TEST_CASE("Laoshan project file parses and every layer it names opens with a CRS",
          "[geo][laoshan]") {
  const json project = load_project();
  CHECK(project.at("version") == 1);
  CHECK(!project.at("title").get<std::string>().empty());
  CHECK(!project.at("notice").get<std::string>().empty());
  CHECK(project.at("crs") == "EPSG:4549");
  CHECK(is_iso_date(project.at("data_as_of").get<std::string>()));

  const json& extent = project.at("extent");
  REQUIRE(extent.size() == 4);
  CHECK(extent[0].get<double>() < extent[2].get<double>());
  CHECK(extent[1].get<double>() < extent[3].get<double>());

  const auto layers = open_project_layers(project);
  REQUIRE(!layers.empty());
  std::set<std::string> drivers;
  std::set<int> crs_codes;
  for (const ProjectLayer& pl : layers) {
    INFO("layer " << pl.entry.at("name").get<std::string>());
    CHECK(!pl.entry.at("name").get<std::string>().empty());
    CHECK(pl.entry.at("style").is_object());
    const int epsg = epsg_of(pl.layer);
    CHECK(epsg != 0);
    crs_codes.insert(epsg);
    drivers.insert(pl.ds->GetDriverName());
    OGRFeatureDefn* defn = pl.layer->GetLayerDefn();
    if (pl.has_status()) {
      CHECK(defn->GetFieldIndex(pl.status_field().c_str()) >= 0);
      CHECK(defn->GetFieldIndex(pl.entry.at("name_field").get<std::string>().c_str()) >= 0);
    }
  }
  // Real bureau data arrives in several formats and CRSs; so does the demo.
  CHECK(drivers.count("GPKG") == 1);
  CHECK(drivers.count("GeoJSON") == 1);
  CHECK(crs_codes.count(4549) == 1);
  CHECK(crs_codes.count(4490) == 1);
  CHECK(crs_codes.count(4326) == 1);

  // The initial view frames the whole district.
  OGREnvelope env;
  district_outline()->getEnvelope(&env);
  CHECK(extent[0].get<double>() <= env.MinX);
  CHECK(extent[1].get<double>() <= env.MinY);
  CHECK(extent[2].get<double>() >= env.MaxX);
  CHECK(extent[3].get<double>() >= env.MaxY);
}

TEST_CASE("Laoshan layer feature counts match the article", "[geo][laoshan]") {
  const std::map<std::string, GIntBig> expected = {
      {"zhangcun_communities", 13},     // 12 of the article + 王家村 (in_zhangcun_12 = 0)
      {"resettlement_areas", 3},        // one per relocation campaign
      {"old_compounds", 64},            // "64个老旧小区改造"
      {"road_links", 9},                // "9条未贯通道路"
      {"parking", 11},                  // "11处停车场建设"
      {"pocket_parks", 6},              // "6处口袋公园"
      {"fushan_greenway", 1},           // "浮山绿道"
      {"industrial_parks", 4},          // "四大专业化园区"
      {"low_efficiency_projects", 98},  // "98个低效片区重点项目"
      {"district", 1},
      {"neighbours", 5},
      {"zhangcun_river", 1},
      {"fushan", 1},
      {"sea", 1},
  };
  const auto layers = open_project_layers(load_project());
  std::map<std::string, GIntBig> counts;
  for (const ProjectLayer& pl : layers) counts[pl.name()] = pl.layer->GetFeatureCount(TRUE);
  for (const auto& [name, count] : expected) {
    INFO("layer " << name);
    REQUIRE(counts.count(name) == 1);
    CHECK(counts.at(name) == count);
  }

  // 张村河片区: "共有12个社区尚未实施改造…完成8个社区改造搬迁", then "上半年全力推进文张、
  // 张村、枯桃、中韩4个社区和王家村社区的改造拆迁".
  DatasetPtr ds = open_dataset("laoshan.gpkg");
  REQUIRE(ds);
  OGRLayer* communities = ds->GetLayerByName("zhangcun_communities");
  REQUIRE(communities != nullptr);
  int in_twelve = 0, done_2022 = 0;
  std::set<std::string> done_h1_2023;
  for (auto& f : *communities) {
    const std::string name = text(*f, "name").value_or("");
    const std::string finish = text(*f, "actual_finish").value_or("");
    INFO("community " << name);
    const bool in12 = f->GetFieldAsInteger("in_zhangcun_12") == 1;
    in_twelve += in12 ? 1 : 0;
    if (!in12) CHECK(name == "王家村社区");
    if (finish.rfind("2022-", 0) == 0) ++done_2022;
    if (finish >= "2023-01-01" && finish <= "2023-06-30") done_h1_2023.insert(name);
  }
  CHECK(in_twelve == 12);
  CHECK(done_2022 == 8);
  CHECK(done_h1_2023 ==
        std::set<std::string>{"文张社区", "张村社区", "枯桃社区", "中韩社区", "王家村社区"});

  // 青岛市虚拟现实产业园: "2022年1月份签约、5月份开工、8月份首栋建筑封顶", phase 1
  // "将于9月底前竣工投用".
  OGRLayer* parks = ds->GetLayerByName("industrial_parks");
  REQUIRE(parks != nullptr);
  bool found_vr = false, found_ai = false;
  for (auto& f : *parks) {
    const std::string name = text(*f, "name").value_or("");
    if (name == "青岛市人工智能产业园") found_ai = true;
    if (name != "青岛市虚拟现实产业园") continue;
    found_vr = true;
    CHECK(text(*f, "signed_date").value_or("").rfind("2022-01-", 0) == 0);
    CHECK(text(*f, "actual_start").value_or("").rfind("2022-05-", 0) == 0);
    CHECK(text(*f, "topped_out_date").value_or("").rfind("2022-08-", 0) == 0);
    CHECK(text(*f, "actual_finish").value_or("").rfind("2023-09-", 0) == 0);
    CHECK(geo::status_from_text(text(*f, "status").value_or("")) == geo::Status::Completed);
  }
  CHECK(found_vr);
  CHECK(found_ai);
}

TEST_CASE("Every Laoshan project feature has a known status and all five occur",
          "[geo][laoshan]") {
  const auto layers = open_project_layers(load_project());
  std::set<geo::Status> seen;
  int status_layers = 0;
  for (const ProjectLayer& pl : layers) {
    if (!pl.has_status()) continue;
    ++status_layers;
    for (auto& f : *pl.layer) {
      const std::string value = text(*f, pl.status_field()).value_or("");
      INFO(pl.name() << " / " << text(*f, "name").value_or("?") << ": status '" << value << "'");
      const geo::Status s = geo::status_from_text(value);
      CHECK(s != geo::Status::Unknown);
      seen.insert(s);
    }
  }
  CHECK(status_layers >= 9);
  CHECK(seen == std::set<geo::Status>{geo::Status::Planned, geo::Status::Relocation,
                                      geo::Status::UnderConstruction, geo::Status::Completed,
                                      geo::Status::Delayed});
}

TEST_CASE("Laoshan project dates are ISO and agree with status as of data_as_of",
          "[geo][laoshan]") {
  const json project = load_project();
  const std::string as_of = project.at("data_as_of").get<std::string>();
  const auto layers = open_project_layers(project);
  int new_projects = 0, plan_projects = 0;
  for (const ProjectLayer& pl : layers) {
    if (!pl.has_status()) continue;
    for (auto& f : *pl.layer) {
      INFO(pl.name() << " / " << text(*f, "name").value_or("?"));
      std::map<std::string, std::optional<std::string>> d;
      for (const char* field : {"planned_start", "planned_finish", "actual_start", "actual_finish"}) {
        d[field] = text(*f, field);
        INFO(field << " = " << d[field].value_or("(none)"));
        if (d[field]) CHECK(is_iso_date(*d[field]));
      }
      REQUIRE(d["planned_start"]);
      REQUIRE(d["planned_finish"]);
      CHECK(*d["planned_start"] <= *d["planned_finish"]);
      if (d["actual_start"] && d["actual_finish"]) CHECK(*d["actual_start"] <= *d["actual_finish"]);
      if (d["actual_finish"]) CHECK(d["actual_start"]);
      // Nothing has actually happened after the snapshot.
      if (d["actual_start"]) CHECK(*d["actual_start"] <= as_of);
      if (d["actual_finish"]) CHECK(*d["actual_finish"] <= as_of);

      const double progress = f->GetFieldAsDouble("progress_pct");
      CHECK(progress >= 0.0);
      CHECK(progress <= 100.0);
      switch (geo::status_from_text(text(*f, pl.status_field()).value_or(""))) {
        case geo::Status::Completed:
          CHECK(d["actual_finish"]);
          CHECK(progress == 100.0);
          break;
        case geo::Status::Delayed:  // a milestone passed before the stage due was reached
          CHECK(*d["planned_finish"] < as_of);
          CHECK(!d["actual_finish"]);
          CHECK(progress < 100.0);
          break;
        case geo::Status::Planned:
          CHECK(!d["actual_start"]);
          CHECK(*d["planned_start"] > as_of);
          break;
        case geo::Status::Relocation:
        case geo::Status::UnderConstruction:
          CHECK(d["actual_start"]);
          CHECK(!d["actual_finish"]);
          CHECK(*d["planned_finish"] >= as_of);  // otherwise it would be delayed
          CHECK(progress < 100.0);
          break;
        case geo::Status::Unknown:
          FAIL_CHECK("unknown status");
      }

      // 196 projects of the 2023 plan, 133 of them new and all started before Q3.
      const std::string plan = text(*f, "plan_2023").value_or("");
      CHECK((plan == "new" || plan == "continuing" || plan == "unassigned"));
      if (plan == "new" || plan == "continuing") ++plan_projects;
      if (plan == "new") {
        ++new_projects;
        REQUIRE(d["actual_start"]);
        CHECK(*d["actual_start"] <= kNewProjectsStartBy);
      }
    }
  }
  CHECK(new_projects > 0);
  CHECK(new_projects <= 133);
  CHECK(plan_projects <= 196);
}

TEST_CASE("Laoshan geometries are valid and project features lie inside the district",
          "[geo][laoshan]") {
  const std::unique_ptr<OGRGeometry> district = district_outline();
  REQUIRE(district->IsValid());
  const auto layers = open_project_layers(load_project());
  for (const ProjectLayer& pl : layers) {
    TransformPtr ct = transform_to_display(pl.layer);
    for (auto& f : *pl.layer) {
      INFO(pl.name() << " / " << text(*f, "name").value_or("?"));
      const OGRGeometry* geom = f->GetGeometryRef();
      REQUIRE(geom != nullptr);
      CHECK(!geom->IsEmpty());
      CHECK(geom->IsValid());
      if (!pl.has_status()) continue;  // context layers reach beyond the district
      std::unique_ptr<OGRGeometry> g(geom->clone());
      REQUIRE(g->transform(ct.get()) == OGRERR_NONE);
      CHECK(g->IsValid());
      CHECK(g->Within(district.get()));
    }
  }
}

TEST_CASE("Every Laoshan feature names its source as illustrative", "[geo][laoshan]") {
  const auto layers = open_project_layers(load_project());
  for (const ProjectLayer& pl : layers) {
    for (auto& f : *pl.layer) {
      INFO(pl.name() << " / " << text(*f, "name").value_or("?"));
      const std::string source = text(*f, "source").value_or("");
      CHECK(!source.empty());
      CHECK(source.find("illustrative") != std::string::npos);
    }
  }
}
