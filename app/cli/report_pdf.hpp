// The per-area progress report as a PDF (cairo's PDF surface): real text in Noto Sans
// CJK through fontconfig, so it is searchable and prints sharp. A cover with the
// programme's burn-up and the data's date, then a page (or more) per area: its map,
// its burn-up, its projects latest first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/model/report.hpp"

namespace app {

struct ReportMap {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;  // top row first; empty: no map
};

// `maps[0]` is the programme's map, `maps[1 + k]` area k's. Written atomically: a
// failure leaves no file (and any old one) under `path`. False with `error` naming
// the file and the reason.
bool write_report_pdf(const Report& report, const std::vector<ReportMap>& maps, const std::string& path,
                      std::string& error);

}  // namespace app
