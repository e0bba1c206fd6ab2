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

#include "geo/classify.hpp"
#include "geo/project.hpp"
#include "geo/reader.hpp"
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
      {"scenic_area", 1},               // 崂山风景名胜区, illustrative context
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

TEST_CASE("Every Laoshan project feature carries the attributes a planner reads",
          "[geo][laoshan]") {
  // Always required; then the layer-specific ones wherever the layer has the field.
  const std::vector<std::string> always = {"name",          "name_en",       "status",
                                           "planned_start", "planned_finish", "progress_pct",
                                           "investment_wan", "source",        "subdistrict"};
  const std::vector<std::string> where_present = {"households", "parking_spaces"};
  const auto layers = open_project_layers(load_project());
  int checked_layers = 0, with_households = 0, with_spaces = 0;
  for (const ProjectLayer& pl : layers) {
    if (!pl.has_status()) continue;
    ++checked_layers;
    OGRFeatureDefn* defn = pl.layer->GetLayerDefn();
    std::vector<std::string> required = always;
    for (const std::string& field : where_present)
      if (defn->GetFieldIndex(field.c_str()) >= 0) required.push_back(field);
    with_households += defn->GetFieldIndex("households") >= 0 ? 1 : 0;
    with_spaces += defn->GetFieldIndex("parking_spaces") >= 0 ? 1 : 0;
    for (const std::string& field : required) {
      INFO(pl.name() << "." << field);
      CHECK(defn->GetFieldIndex(field.c_str()) >= 0);
    }
    for (auto& f : *pl.layer) {
      INFO(pl.name() << " / " << text(*f, "name").value_or("?"));
      for (const std::string& field : required) {
        INFO("field " << field);
        CHECK(text(*f, field));
      }
    }
  }
  CHECK(checked_layers == 9);
  CHECK(with_households == 3);  // communities, resettlement areas, old compounds
  CHECK(with_spaces == 1);      // parking
}

TEST_CASE("Laoshan resettlement areas start the year their communities are relocated",
          "[geo][laoshan]") {
  // "按照“当年签、当年拆、当年建”的要求，同步启动安置区建设": signed, demolished and built
  // in the same year.
  DatasetPtr ds = open_dataset("laoshan.gpkg");
  REQUIRE(ds);
  OGRLayer* communities = ds->GetLayerByName("zhangcun_communities");
  OGRLayer* areas = ds->GetLayerByName("resettlement_areas");
  REQUIRE(communities != nullptr);
  REQUIRE(areas != nullptr);
  std::map<std::string, std::string> relocation_start;  // community -> actual_start
  for (auto& f : *communities)
    relocation_start[text(*f, "name").value_or("")] = text(*f, "actual_start").value_or("");
  std::set<std::string> served;
  for (auto& f : *areas) {
    const std::string area = text(*f, "name").value_or("?");
    const std::string start = text(*f, "actual_start").value_or("");
    const std::string planned = text(*f, "planned_start").value_or("");
    INFO(area << " starts " << start << " (planned " << planned << ")");
    REQUIRE(start.size() == 10);
    // "serves" lists the communities, separated by "、".
    std::string list = text(*f, "serves").value_or("");
    const std::string sep = "、";
    int n = 0;
    for (size_t at = 0; at <= list.size();) {
      const size_t next = std::min(list.find(sep, at), list.size());
      const std::string community = list.substr(at, next - at);
      at = next + sep.size();
      INFO("serves " << community);
      REQUIRE(relocation_start.count(community) == 1);
      const std::string relocated = relocation_start.at(community);
      CHECK(relocated.substr(0, 4) == start.substr(0, 4));
      CHECK(relocated.substr(0, 4) == planned.substr(0, 4));
      CHECK(relocated <= start);  // built once the land is being cleared, not before
      CHECK(served.insert(community).second);  // each community has one resettlement area
      ++n;
    }
    CHECK(n > 0);
  }
  CHECK(served.size() == relocation_start.size());  // every community is served
}

TEST_CASE("Laoshan neighbours include the four districts of the brief", "[geo][laoshan]") {
  DatasetPtr ds = open_dataset("laoshan.gpkg");
  REQUIRE(ds);
  OGRLayer* neighbours = ds->GetLayerByName("neighbours");
  REQUIRE(neighbours != nullptr);
  std::set<std::string> names, names_en;
  for (auto& f : *neighbours) {
    names.insert(text(*f, "name").value_or(""));
    names_en.insert(text(*f, "name_en").value_or(""));
  }
  for (const char* name : {"市南区", "市北区", "李沧区", "城阳区"}) {
    INFO(name);
    CHECK(names.count(name) == 1);
  }
  for (const char* name : {"Shinan District", "Shibei District", "Licang District", "Chengyang District"}) {
    INFO(name);
    CHECK(names_en.count(name) == 1);
  }
}

TEST_CASE("None of the 98 low-efficiency projects finished before 2023", "[geo][laoshan]") {
  // "加快98个低效片区重点项目建设" is this year's work: a finished one finished in 2023.
  DatasetPtr ds = open_dataset("laoshan.gpkg");
  REQUIRE(ds);
  OGRLayer* projects = ds->GetLayerByName("low_efficiency_projects");
  REQUIRE(projects != nullptr);
  int finished = 0;
  for (auto& f : *projects) {
    const auto finish = text(*f, "actual_finish");
    if (!finish) continue;
    ++finished;
    INFO(text(*f, "name").value_or("?") << " finished " << *finish);
    CHECK(*finish >= "2023-01-01");
  }
  CHECK(finished > 0);
}

TEST_CASE("The viewer's own project loader reads the Laoshan project and every layer opens",
          "[geo][laoshan][project]") {
  auto project = geo::load_project(kAssetDir + "laoshan.project.json");
  INFO((project ? std::string() : project.error().what()));
  REQUIRE(project.ok());
  CHECK(project->warnings.empty());
  CHECK(project->crs == "EPSG:4549");
  CHECK(project->data_as_of == "2023-10-31");
  REQUIRE(project->extent);
  REQUIRE(project->layers.size() == 17);
  int status_layers = 0;
  for (const geo::LayerConfig& config : project->layers) {
    INFO("layer " << config.title);
    const geo::ReadOutcome read = geo::read_vector({config.source, config.layer});
    for (const geo::Error& e : read.errors) UNSCOPED_INFO(e.what());
    REQUIRE(read.errors.empty());
    REQUIRE(read.layers.size() == 1);
    const geo::VectorLayer& layer = read.layers[0];
    CHECK(layer.feature_count() > 0);
    const geo::Classification cls = geo::classify(layer, config);
    CHECK(cls.warning.empty());
    if (config.status_mode == geo::LayerConfig::StatusMode::Field) {
      ++status_layers;
      CHECK(config.status_field == "status");
      CHECK(config.name_field == "name");
      CHECK(cls.status_field == layer.attributes.find("status"));
      CHECK(cls.status_field >= 0);
      CHECK(cls.unmapped == 0);
    } else {
      CHECK(config.status_mode == geo::LayerConfig::StatusMode::None);
      CHECK(cls.status_field < 0);
    }
    CHECK(cls.name_field >= 0);
    if (cls.name_field >= 0) CHECK(cls.name_field == layer.attributes.find("name"));
  }
  CHECK(status_layers == 9);
}

TEST_CASE("Every Laoshan walk-through stop names its date and frames what it speaks of",
          "[geo][laoshan][project]") {
  auto project = geo::load_project(kAssetDir + "laoshan.project.json");
  REQUIRE(project.ok());
  REQUIRE(project->bookmarks.size() == 5);
  std::set<std::string> titles;
  for (const geo::LayerConfig& config : project->layers) titles.insert(config.title);
  for (const geo::Bookmark& b : project->bookmarks) {
    INFO("stop " << b.name);
    // An empty as_of keeps whatever date the previous stop left.
    CHECK(is_iso_date(b.as_of));
    CHECK(!b.caption.empty());
    CHECK(!b.extent.empty());
    for (const std::string& shown : b.layers) {
      INFO("shows " << shown);
      CHECK(titles.count(shown) == 1);
    }
  }
  // The Fushan stop says "浮山绿道与6处口袋公园": the greenway and all six parks are in view.
  const geo::Bookmark& fushan = project->bookmarks[3];
  REQUIRE(fushan.name.rfind("浮山绿道", 0) == 0);
  for (const char* layer_name : {"pocket_parks", "fushan_greenway"}) {
    const geo::ReadOutcome read = geo::read_vector({kAssetDir + "laoshan.gpkg", layer_name});
    REQUIRE(read.layers.size() == 1);
    const geo::VectorLayer& layer = read.layers[0];
    if (std::string(layer_name) == "pocket_parks") CHECK(layer.feature_count() == 6);
    for (size_t f = 0; f < layer.feature_count(); ++f) {
      const geo::Bbox b = layer.feature_bounds(f);
      INFO(layer_name << " #" << f);
      CHECK(fushan.extent.min_x <= b.min_x);
      CHECK(fushan.extent.min_y <= b.min_y);
      CHECK(b.max_x <= fushan.extent.max_x);
      CHECK(b.max_y <= fushan.extent.max_y);
    }
  }
}
