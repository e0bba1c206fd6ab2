#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <csignal>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "geo/classify.hpp"
#include "geo/project.hpp"
#include "support/datagen.hpp"

namespace {
const char* kProject = R"({
  "version": 1,
  "title": "崂山区城市更新 2023",
  "notice": "示意几何",
  "crs": "EPSG:4549",
  "data_as_of": "2023-10-31",
  "extent": [534882, 3990563, 565584, 4024406],
  "layers": [
    {"name": "海域 Sea", "source": "context.geojson", "layer": "sea", "status_field": null,
     "style": {"fill": true, "color": "#cfe3ee", "outline": "#9fbfd3", "line_width": 1.0, "opacity": 1.0}},
    {"name": "Compounds", "source": "sub/laoshan.gpkg", "layer": "old_compounds", "status_field": "status",
     "name_field": "name", "visible": false, "style": {"opacity": 0.5, "point_size": 9}, "crs": "EPSG:4549"}
  ],
  "bookmarks": [
    {"name": "全区", "caption": "all of it", "extent": [1, 2, 3, 4], "as_of": "2023-06-30"},
    {"name": "Two", "extent": [5, 6, 7, 9], "layers": ["海域 Sea"]}
  ]
})";
}  // namespace

TEST_CASE("project files parse, resolve paths and round-trip with bookmarks", "[geo][project]") {
  const std::string dir = testdata::temp_dir("project");
  const std::string path = dir + "/a.project.json";
  auto p = geo::parse_project(kProject, path);
  REQUIRE(p.ok());
  CHECK(p->warnings.empty());
  REQUIRE(p->layers.size() == 2);
  CHECK(p->layers[0].source == dir + "/context.geojson");  // relative to the project file
  CHECK(p->layers[0].status_mode == geo::LayerConfig::StatusMode::None);
  CHECK(p->layers[1].status_mode == geo::LayerConfig::StatusMode::Field);
  CHECK_FALSE(p->layers[1].visible);
  CHECK(p->layers[1].style.opacity == 0.5f);
  CHECK(p->layers[0].crs.empty());  // omitted: the data's own
  CHECK(p->layers[1].crs == "EPSG:4549");
  REQUIRE(p->bookmarks.size() == 2);
  CHECK(p->bookmarks[0].as_of == "2023-06-30");
  CHECK(p->bookmarks[1].has_layers);
  CHECK(p->bookmarks[1].extent.max_y == 9);

  auto again = geo::parse_project(geo::project_to_json(*p), path);
  REQUIRE(again.ok());
  CHECK(again->warnings.empty());
  CHECK(again->title == p->title);
  CHECK(again->crs == p->crs);
  CHECK(again->data_as_of == p->data_as_of);
  REQUIRE(again->extent);
  CHECK(again->extent->min_x == p->extent->min_x);
  REQUIRE(again->layers.size() == 2);
  for (size_t i = 0; i < 2; ++i) {
    CHECK(again->layers[i].source == p->layers[i].source);
    CHECK(again->layers[i].layer == p->layers[i].layer);
    CHECK(again->layers[i].title == p->layers[i].title);
    CHECK(again->layers[i].status_mode == p->layers[i].status_mode);
    CHECK(again->layers[i].visible == p->layers[i].visible);
    CHECK(again->layers[i].style.opacity == p->layers[i].style.opacity);
    CHECK(again->layers[i].style.color == p->layers[i].style.color);
    CHECK(again->layers[i].crs == p->layers[i].crs);
  }
  REQUIRE(again->bookmarks.size() == 2);
  CHECK(again->bookmarks[0].name == "全区");
  CHECK(again->bookmarks[0].caption == "all of it");
  CHECK(again->bookmarks[1].layers == std::vector<std::string>{"海域 Sea"});
}

TEST_CASE("bad project files are errors or warnings, never crashes", "[geo][project]") {
  CHECK_FALSE(geo::parse_project("{ not json", "x.json").ok());
  CHECK(geo::parse_project("{ not json", "x.json").error().reason.find("not valid JSON") != std::string::npos);
  CHECK_FALSE(geo::parse_project("[]", "x.json").ok());
  CHECK_FALSE(geo::parse_project(R"({"version": 99, "layers": []})", "x.json").ok());
  CHECK_FALSE(geo::parse_project(R"({"layers": []})", "x.json").ok());
  auto odd = geo::parse_project(
      R"({"version": 1, "surprise": 1, "layers": [{"source": "a.gpkg", "style": {"opacity": 7, "colour": "red"}}, {"nosource": 1}],
          "bookmarks": [{"name": "no extent"}]})",
      "x.json");
  REQUIRE(odd.ok());
  CHECK(odd->layers.size() == 1);
  CHECK(odd->bookmarks.empty());
  CHECK(odd->warnings.size() == 5);  // unknown key, opacity range, colour, missing source, bookmark extent
  CHECK_FALSE(geo::load_project("/nonexistent/p.json").ok());
  CHECK(geo::load_project("/tmp").error().reason.find("directory") != std::string::npos);
}

TEST_CASE("atomic save replaces the file, or leaves the old one intact", "[geo][project]") {
  const std::string dir = testdata::temp_dir("atomic");
  const std::string path = dir + "/p.json";
  std::ofstream(path) << "old";
  REQUIRE(geo::write_file_atomic(path, "new contents").ok());
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text == "new contents");
  // A write that fails part-way (the disk "fills" at 100 bytes: a file-size limit in
  // a child process, which binds root too): an error, and the old file untouched.
  std::ofstream(path) << "keep me";
  const pid_t pid = fork();
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{100, 100};
    setrlimit(RLIMIT_FSIZE, &limit);
    auto r = geo::write_file_atomic(path, std::string(100000, 'x'));
    _exit(!r.ok() && r.error().reason.find("unchanged") != std::string::npos ? 0 : 1);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::ifstream kept(path);
  std::string k((std::istreambuf_iterator<char>(kept)), std::istreambuf_iterator<char>());
  CHECK(k == "keep me");
  // No temporary file is left behind.
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
  CHECK(files == 1);
}

TEST_CASE("a layer's status_map maps values the vocabulary does not know, and round-trips", "[geo][project][status]") {
  auto p = geo::parse_project(R"({"version": 1, "layers": [{"source": "a.gpkg",
      "status_map": {"已批复": "planned", "在建": "delayed", "odd": "nonsense"}}]})", "/tmp/x.json");
  REQUIRE(p.ok());
  REQUIRE(p->layers.size() == 1);
  CHECK(p->layers[0].status_map.size() == 2);
  CHECK(p->warnings.size() == 1);  // 'odd' → nonsense
  geo::VectorLayer l;
  l.attributes.set_columns({"status"}, {geo::AttributeTable::Type::Text});
  for (const char* v : {"已批复", "在建", "竣工", "神秘"}) {
    l.attributes.begin_row();
    l.attributes.push(v);
    l.feature_offsets.push_back(0);
  }
  const geo::Classification c = geo::classify(l, p->layers[0]);
  CHECK(c.status == std::vector<geo::Status>{geo::Status::Planned, geo::Status::Delayed, geo::Status::Completed,
                                              geo::Status::Unknown});
  CHECK(c.unmapped == 1);  // only 神秘: the hand-mapped value is not "unknown to the vocabulary"
  auto again = geo::parse_project(geo::project_to_json(*p), "/tmp/x.json");
  REQUIRE(again.ok());
  CHECK(again->layers[0].status_map == p->layers[0].status_map);
}

TEST_CASE("hidden statuses and search fields are kept in the project file", "[geo][project]") {
  auto p = geo::parse_project(R"({"version": 1, "hide_statuses": ["planned"], "layers": [
      {"source": "a.gpkg", "hide_statuses": ["completed", "delayed"], "search_fields": ["address", "项目编号"]},
      {"source": "b.gpkg", "hide_statuses": ["soon"], "search_fields": "address"}]})", "/tmp/x.json");
  REQUIRE(p.ok());
  using S = geo::Status;
  auto bit = [](S s) { return static_cast<uint8_t>(1u << static_cast<unsigned>(s)); };
  CHECK(p->hidden_statuses == bit(S::Planned));
  CHECK(p->layers[0].hidden_statuses == (bit(S::Completed) | bit(S::Delayed)));
  CHECK(p->layers[0].search_fields == std::vector<std::string>{"address", "项目编号"});
  CHECK(p->layers[1].hidden_statuses == 0);
  CHECK(p->layers[1].search_fields.empty());
  CHECK(p->warnings.size() == 2);  // 'soon' is no status; search_fields must be a list
  auto again = geo::parse_project(geo::project_to_json(*p), "/tmp/x.json");
  REQUIRE(again.ok());
  CHECK(again->warnings.empty());
  CHECK(again->hidden_statuses == p->hidden_statuses);
  CHECK(again->layers[0].hidden_statuses == p->layers[0].hidden_statuses);
  CHECK(again->layers[0].search_fields == p->layers[0].search_fields);
}

// A TileJSON, a map style or an ArcGIS service description also have "layers" (or
// "version"): they go to GDAL, not to the project reader.
TEST_CASE("only project files are taken for projects, other JSON goes to GDAL", "[geo][project]") {
  const std::string dir = testdata::temp_dir("looks-like");
  auto file = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  CHECK(geo::looks_like_project(file("p.json", "{\"version\": 1, \"layers\": [{\"source\": \"a.gpkg\"}]}")));
  CHECK(geo::looks_like_project(file("q.json", "{\"version\": 1, \"layers\": []}")));
  CHECK(geo::looks_like_project(file("broken.json", "{\"version\": 1, \"layers\": [")));  // its error says why
  CHECK(geo::looks_like_project(file("x.project.json", "not json at all")));
  CHECK_FALSE(geo::looks_like_project(file("tile.json", "{\"tilejson\": \"2.2.0\", \"tiles\": [\"http://h/{z}/{x}/{y}.pbf\"], "
                                                        "\"vector_layers\": [{\"id\": \"roads\"}]}")));
  CHECK_FALSE(geo::looks_like_project(file("style.json", "{\"version\": 8, \"sources\": {\"osm\": {}}, "
                                                         "\"layers\": [{\"id\": \"bg\", \"type\": \"background\"}]}")));
  CHECK_FALSE(geo::looks_like_project(file("service.json", "{\"currentVersion\": 10.81, \"layers\": [{\"id\": 0, "
                                                           "\"name\": \"parcels\"}]}")));
  CHECK_FALSE(geo::looks_like_project(file("topo.json", "{\"type\": \"Topology\", \"objects\": {\"layers\": {}}}")));
  CHECK_FALSE(geo::looks_like_project(file("fc.json", "{\"type\": \"FeatureCollection\", \"features\": []}")));
  CHECK_FALSE(geo::looks_like_project(file("list.json", "{\"layers\": [\"a\", \"b\"]}")));
  CHECK_FALSE(geo::looks_like_project(file("other.geojson", "{\"version\": 1, \"layers\": []}")));
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_CASE("a bookmark's film dwell and date sweep are read, checked and kept", "[geo][project][video]") {
  auto p = geo::parse_project(R"({"version": 1, "layers": [{"source": "a.gpkg"}], "bookmarks": [
      {"name": "a", "extent": [0, 0, 10, 10], "dwell": 6.5, "sweep": ["2022-01-01", "2023-04-15"]},
      {"name": "b", "extent": [0, 0, 10, 10], "dwell": -1, "sweep": ["2022-01-01"]},
      {"name": "c", "extent": [0, 0, 10, 10], "dwell": "long", "sweep": ["2022-13-01", "2023-01-01"]}]})",
                              "/tmp/x.json");
  REQUIRE(p);
  REQUIRE(p->bookmarks.size() == 3);
  CHECK(p->bookmarks[0].dwell == 6.5);
  CHECK(p->bookmarks[0].sweep_from == "2022-01-01");
  CHECK(p->bookmarks[0].sweep_to == "2023-04-15");
  for (size_t i : {1u, 2u}) {
    CHECK(p->bookmarks[i].dwell == 0.0);  // the default
    CHECK(p->bookmarks[i].sweep_from.empty());
  }
  size_t dwell_warnings = 0, sweep_warnings = 0;
  for (const std::string& w : p->warnings) {
    dwell_warnings += w.find("\"dwell\"") != std::string::npos;
    sweep_warnings += w.find("\"sweep\"") != std::string::npos;
  }
  CHECK(dwell_warnings == 2);
  CHECK(sweep_warnings == 2);
  auto again = geo::parse_project(geo::project_to_json(*p), "/tmp/x.json");
  REQUIRE(again);
  CHECK(again->bookmarks[0].dwell == 6.5);
  CHECK(again->bookmarks[0].sweep_to == "2023-04-15");
  CHECK(again->bookmarks[1].dwell == 0.0);
  CHECK(again->warnings.empty());
}
