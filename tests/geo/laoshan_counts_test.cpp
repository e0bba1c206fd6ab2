// Counts per status on several dates for the Laoshan layers, against the same rules
// evaluated independently here on the raw ISO date strings (ISO dates compare as text).
#include <catch2/catch.hpp>

#include "geo/classify.hpp"
#include "geo/reader.hpp"
#include "geo/timeline.hpp"

namespace {

geo::Status expected_on(const std::string& d, geo::Status recorded, const std::string& ps, const std::string& pf,
                        const std::string& as, const std::string& af, bool relocation) {
  if (ps.empty() && pf.empty() && as.empty() && af.empty()) return recorded;
  const std::string start = as.empty() ? ps : as;
  if (!af.empty() && d >= af) return geo::Status::Completed;
  if (!pf.empty() && d > pf) return geo::Status::Delayed;
  if (!start.empty() && d >= start) return relocation ? geo::Status::Relocation : geo::Status::UnderConstruction;
  return geo::Status::Planned;
}

}  // namespace

TEST_CASE("Laoshan counts per status on several dates match the rules on the raw data", "[geo][timeline][laoshan]") {
  const std::string dir = std::string(RENEWMAP_SOURCE_DIR) + "/assets/laoshan/";
  // Every project layer, relocation layers included (their dates span the relocation:
  // a relocation_batch column marks them), and the GeoJSON parking layer.
  const std::pair<std::string, std::string> layers[] = {
      {"laoshan.gpkg", "zhangcun_communities"}, {"laoshan.gpkg", "resettlement_areas"},
      {"laoshan.gpkg", "industrial_parks"},     {"laoshan.gpkg", "old_compounds"},
      {"laoshan.gpkg", "pocket_parks"},         {"laoshan.gpkg", "fushan_greenway"},
      {"laoshan.gpkg", "road_links"},           {"laoshan.gpkg", "low_efficiency_projects"},
      {"parking.geojson", ""}};
  size_t relocating_seen = 0;
  for (const auto& [file, layer_name] : layers) {
    auto read = geo::read_vector({dir + file, layer_name});
    REQUIRE(read.layers.size() == 1);
    const geo::VectorLayer& layer = read.layers[0];
    const geo::Classification cls = geo::classify(layer, geo::LayerConfig{});
    const geo::Timeline tl = geo::build_timeline(layer, cls.status);
    REQUIRE(tl.has_dates);
    const auto& a = layer.attributes;
    const int ps = a.find("planned_start"), pf = a.find("planned_finish"), as = a.find("actual_start"),
              af = a.find("actual_finish");
    REQUIRE(ps >= 0);
    // Independent of geo::has_relocation_marker: the column the generator writes.
    const bool relocation_layer = a.find("relocation_batch") >= 0;
    for (const char* day : {"2022-06-30", "2023-03-31", "2023-06-30", "2023-10-31", "2024-06-30"}) {
      std::vector<geo::Status> statuses;
      geo::statuses_on(tl, *geo::parse_date(day), statuses);
      const geo::StatusCounts got = geo::count_statuses(statuses);
      geo::StatusCounts want{};
      for (size_t f = 0; f < layer.feature_count(); ++f) {
        auto text = [&](int col) { return std::string(a.get(f, static_cast<size_t>(col))); };
        const bool relocation = relocation_layer || cls.status[f] == geo::Status::Relocation;
        ++want[static_cast<size_t>(expected_on(day, cls.status[f], text(ps), text(pf), text(as), text(af), relocation))];
      }
      INFO(file << "::" << layer_name << " on " << day);
      CHECK(got == want);
      relocating_seen += got[static_cast<size_t>(geo::Status::Relocation)];
    }
    // On the data's own date (data_as_of, 2023-10-31) every feature's derived status
    // is the status recorded in the file: the dates and the statuses tell one story.
    std::vector<geo::Status> snapshot;
    geo::statuses_on(tl, *geo::parse_date("2023-10-31"), snapshot);
    INFO(file << "::" << layer_name << " on the data date");
    CHECK(snapshot == cls.status);
  }
  CHECK(relocating_seen > 0);  // the relocation rule was exercised
}
