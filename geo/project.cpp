#include "geo/project.hpp"

#include "geo/pg.hpp"
#include "geo/timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

namespace geo {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string resolve(const std::string& base_dir, const std::string& source) {
  if (source.empty()) return source;
  // Connection strings ("PG:…", "MYSQL:…"), URLs, GDAL virtual paths and inline XML
  // are taken as they are.
  const size_t colon = source.find(':');
  const bool connection = colon != std::string::npos && colon >= 2 && source.find('/') > colon;
  if (connection || source.rfind("/vsi", 0) == 0 || source.find("://") != std::string::npos ||
      source.find('<') != std::string::npos)
    return source;
  fs::path p(source);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (fs::path(base_dir) / p).lexically_normal().string();
}

// `source` relative to `base` when it is an absolute path there, else as it is.
std::string relative_to(const fs::path& base, const std::string& source) {
  if (base.empty() || !fs::path(source).is_absolute()) return source;
  const fs::path rel = fs::path(source).lexically_relative(base);
  return rel.empty() ? source : rel.string();
}

std::optional<std::string> read_text(const std::string& path, std::string& reason) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    reason = "is a directory, not a project file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reason = fs::exists(path, ec) ? "cannot be read (permissions?)" : "file not found";
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void parse_style(const json& j, LayerStyle& s, const std::string& where, std::vector<std::string>& warnings) {
  if (!j.is_object()) {
    warnings.push_back(where + ": \"style\" is not an object; defaults used");
    return;
  }
  for (const auto& item : j.items()) {
    // Named copies: lambdas may not capture structured bindings before C++20.
    const std::string& key = item.key();
    const json& v = item.value();
    auto colour = [&](std::optional<Rgba>& out) {
      if (v.is_string())
        if (auto c = parse_colour(v.get<std::string>())) {
          out = c;
          return;
        }
      warnings.push_back(where + ": style \"" + key + "\" is not a #RRGGBB colour");
    };
    auto number = [&](float& out, float lo, float hi) {
      if (v.is_number() && v.get<double>() >= lo && v.get<double>() <= hi)
        out = v.get<float>();
      else
        warnings.push_back(where + ": style \"" + key + "\" must be a number in [" +
                           std::to_string(lo) + ", " + std::to_string(hi) + "]");
    };
    if (key == "fill") {
      if (v.is_boolean()) s.fill = v.get<bool>();
      else warnings.push_back(where + ": style \"fill\" must be true or false");
    } else if (key == "color" || key == "colour") {
      colour(s.color);
    } else if (key == "outline") {
      std::optional<Rgba> c;
      colour(c);
      if (c) s.outline = *c;
    } else if (key == "line_width") {
      number(s.line_width, 0.0f, 64.0f);
    } else if (key == "point_size") {
      number(s.point_size, 0.0f, 128.0f);
    } else if (key == "opacity") {
      number(s.opacity, 0.0f, 1.0f);
    } else if (key == "fill_opacity") {
      number(s.fill_opacity, 0.0f, 1.0f);
    } else {
      warnings.push_back(where + ": unknown style key \"" + key + "\" ignored");
    }
  }
}

}  // namespace

namespace {
Result<Project> parse_project_json(std::string_view text, const std::string& path) {
  json root = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) {
    // Re-parse with exceptions only to get the position of the error.
    try {
      json again = json::parse(text.begin(), text.end());
      (void)again;
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e999
      return Error{path, {}, std::string("not valid JSON: ") + e.what()};
    }
    return Error{path, {}, "not valid JSON"};
  }
  if (!root.is_object()) return Error{path, {}, "a project file must be a JSON object"};
  Project p;
  p.path = path;
  const std::string base = fs::path(path).parent_path().string();
  if (!root.contains("version") || !root["version"].is_number_integer())
    return Error{path, {}, "missing integer \"version\" (this program writes version 1)"};
  p.version = root["version"].get<int>();
  if (p.version < 1 || p.version > kProjectVersion)
    return Error{path, {}, "project version " + std::to_string(p.version) +
                               " is not supported (this program reads version 1)"};
  if (!root.contains("layers") || !root["layers"].is_array())
    return Error{path, {}, "missing \"layers\" list"};

  auto str = [&](const json& obj, const char* key, std::string& out, const std::string& where) {
    if (!obj.contains(key)) return;
    if (obj[key].is_string()) out = obj[key].get<std::string>();
    else if (!obj[key].is_null()) p.warnings.push_back(where + ": \"" + key + "\" must be a string");
  };
  // ["planned", "completed"] → a mask of those statuses.
  auto statuses = [&](const json& v, uint8_t& mask, const std::string& where) {
    if (!v.is_array()) {
      p.warnings.push_back(where + ": \"hide_statuses\" must be a list of status codes");
      return;
    }
    for (const json& code : v) {
      const auto st = code.is_string() ? status_from_code(code.get<std::string>()) : std::nullopt;
      if (st) mask = static_cast<uint8_t>(mask | (1u << static_cast<unsigned>(*st)));
      else p.warnings.push_back(where + ": hide_statuses needs status codes (planned, relocation, "
                                        "under_construction, completed, delayed, unknown)");
    }
  };
  for (const auto& [key, v] : root.items()) {
    if (key == "version" || key == "layers") continue;
    if (key == "title") str(root, "title", p.title, "project");
    else if (key == "notice") str(root, "notice", p.notice, "project");
    else if (key == "crs") str(root, "crs", p.crs, "project");
    else if (key == "data_as_of") str(root, "data_as_of", p.data_as_of, "project");
    else if (key == "hide_statuses") statuses(v, p.hidden_statuses, "project");
    else if (key == "extent") {
      if (v.is_array() && v.size() == 4 && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_number(); })) {
        Bbox b;
        b.add(v[0].get<double>(), v[1].get<double>());
        b.add(v[2].get<double>(), v[3].get<double>());
        if (!b.empty() && b.width() > 0 && b.height() > 0) p.extent = b;
        else p.warnings.push_back("project: \"extent\" is empty; the view fits the data instead");
      } else {
        p.warnings.push_back("project: \"extent\" must be [xmin, ymin, xmax, ymax]");
      }
    } else if (key == "basemaps") {
      if (!v.is_array()) {
        p.warnings.push_back("project: \"basemaps\" must be a list");
        continue;
      }
      for (const json& jb : v) {
        if (!jb.is_object() || !jb.contains("source") || !jb["source"].is_string()) {
          p.warnings.push_back("basemap: needs a \"source\"; skipped");
          continue;
        }
        BasemapConfig b;
        b.source = resolve(base, jb["source"].get<std::string>());
        if (jb.contains("name") && jb["name"].is_string()) b.title = jb["name"].get<std::string>();
        if (jb.contains("opacity") && jb["opacity"].is_number())
          b.opacity = std::clamp(jb["opacity"].get<float>(), 0.0f, 1.0f);
        if (jb.contains("visible") && jb["visible"].is_boolean()) b.visible = jb["visible"].get<bool>();
        p.basemaps.push_back(b);
      }
    } else if (key == "bookmarks") {
      if (!v.is_array()) {
        p.warnings.push_back("project: \"bookmarks\" must be a list");
        continue;
      }
      int n = 0;
      for (const json& jb : v) {
        ++n;
        const std::string where = "bookmark " + std::to_string(n);
        Bookmark b;
        const json* ext = jb.is_object() && jb.contains("extent") ? &jb["extent"] : nullptr;
        if (!ext || !ext->is_array() || ext->size() != 4 ||
            !std::all_of(ext->begin(), ext->end(), [](const json& x) { return x.is_number(); })) {
          p.warnings.push_back(where + ": needs \"extent\": [xmin, ymin, xmax, ymax]; skipped");
          continue;
        }
        b.extent.add((*ext)[0].get<double>(), (*ext)[1].get<double>());
        b.extent.add((*ext)[2].get<double>(), (*ext)[3].get<double>());
        if (b.extent.width() <= 0 || b.extent.height() <= 0) {
          p.warnings.push_back(where + ": empty extent; skipped");
          continue;
        }
        for (const auto& [bk, bv] : jb.items()) {
          if (bk == "extent") continue;
          if (bk == "name") str(jb, "name", b.name, where);
          else if (bk == "caption") str(jb, "caption", b.caption, where);
          else if (bk == "as_of") str(jb, "as_of", b.as_of, where);
          else if (bk == "chart") str(jb, "chart", b.chart, where);
          else if (bk == "dwell") {
            if (bv.is_number() && bv.get<double>() > 0 && bv.get<double>() <= 600) b.dwell = bv.get<double>();
            else p.warnings.push_back(where + ": \"dwell\" must be seconds between 0 and 600; the default (4 s) is used");
          } else if (bk == "swipe" || bk == "sweep") {
            // Two ISO dates: before/after, or the film's sweep at this stop.
            std::string& from = bk == "swipe" ? b.swipe_from : b.sweep_from;
            std::string& to = bk == "swipe" ? b.swipe_to : b.sweep_to;
            if (bv.is_array() && bv.size() == 2 && bv[0].is_string() && bv[1].is_string() &&
                parse_date(bv[0].get<std::string>()) && parse_date(bv[1].get<std::string>())) {
              from = bv[0].get<std::string>();
              to = bv[1].get<std::string>();
            } else {
              p.warnings.push_back(where + ": \"" + bk + "\" must be [\"YYYY-MM-DD\", \"YYYY-MM-DD\"]; no " + bk);
            }
          } else if (bk == "layers") {
            if (bv.is_array() && std::all_of(bv.begin(), bv.end(), [](const json& x) { return x.is_string(); })) {
              b.has_layers = true;
              for (const json& x : bv) b.layers.push_back(x.get<std::string>());
            } else {
              p.warnings.push_back(where + ": \"layers\" must be a list of layer names");
            }
          } else {
            p.warnings.push_back(where + ": unknown key \"" + bk + "\" ignored");
          }
        }
        if (b.name.empty()) b.name = "View " + std::to_string(n);
        p.bookmarks.push_back(std::move(b));
      }
    } else {
      p.warnings.push_back("project: unknown key \"" + key + "\" ignored");
    }
  }

  int index = 0;
  for (const json& jl : root["layers"]) {
    ++index;
    const std::string where = "layer " + std::to_string(index);
    if (!jl.is_object() || !jl.contains("source") || !jl["source"].is_string() ||
        jl["source"].get<std::string>().empty()) {
      p.warnings.push_back(where + ": needs a \"source\" path; skipped");
      continue;
    }
    LayerConfig lc;
    for (const auto& [key, v] : jl.items()) {
      if (key == "source") lc.source = resolve(base, v.get<std::string>());
      else if (key == "name" || key == "title") str(jl, key.c_str(), lc.title, where);
      else if (key == "layer") str(jl, "layer", lc.layer, where);
      else if (key == "name_field") str(jl, "name_field", lc.name_field, where);
      else if (key == "encoding") str(jl, "encoding", lc.encoding, where);
      else if (key == "filter") str(jl, "filter", lc.filter, where);
      else if (key == "csv_x") str(jl, "csv_x", lc.csv_x, where);
      else if (key == "csv_y") str(jl, "csv_y", lc.csv_y, where);
      else if (key == "crs") str(jl, "crs", lc.crs, where);
      else if (key == "hide_statuses") statuses(v, lc.hidden_statuses, where);
      else if (key == "search_fields") {
        if (v.is_array() && std::all_of(v.begin(), v.end(), [](const json& x) { return x.is_string(); }))
          for (const json& x : v) lc.search_fields.push_back(x.get<std::string>());
        else
          p.warnings.push_back(where + ": \"search_fields\" must be a list of field names");
      }
      else if (key == "status_map") {
        if (!v.is_object()) {
          p.warnings.push_back(where + ": \"status_map\" must map values to status codes");
          continue;
        }
        for (const auto& [value, code] : v.items()) {
          const auto st = code.is_string() ? status_from_code(code.get<std::string>()) : std::nullopt;
          if (st) lc.status_map.emplace_back(value, *st);
          else p.warnings.push_back(where + ": status_map '" + value + "' needs one of planned, relocation, "
                                             "under_construction, completed, delayed, unknown");
        }
      }
      else if (key == "status_field") {
        if (v.is_null() || v == false) lc.status_mode = LayerConfig::StatusMode::None;
        else if (v.is_string() && !v.get<std::string>().empty()) {
          lc.status_mode = LayerConfig::StatusMode::Field;
          lc.status_field = v.get<std::string>();
        } else p.warnings.push_back(where + ": \"status_field\" must be a field name or null");
      } else if (key == "visible") {
        if (v.is_boolean()) lc.visible = v.get<bool>();
        else p.warnings.push_back(where + ": \"visible\" must be true or false");
      } else if (key == "refresh_seconds") {
        if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 86400) lc.refresh_seconds = v.get<double>();
        else p.warnings.push_back(where + ": \"refresh_seconds\" must be a number of seconds (0 to 86400)");
      } else if (key == "stream_limit") {
        if (v.is_number_integer() && v.get<int64_t>() >= 100 && v.get<int64_t>() <= 100000000)
          lc.stream_limit = v.get<uint64_t>();
        else p.warnings.push_back(where + ": \"stream_limit\" must be a whole number of rows (100 to 100000000)");
      } else if (key == "stream") {
        if (v.is_boolean()) lc.stream = v.get<bool>();
        else if (!v.is_null()) p.warnings.push_back(where + ": \"stream\" must be true, false or null");
      } else if (key == "style") {
        parse_style(v, lc.style, where, p.warnings);
      } else {
        p.warnings.push_back(where + ": unknown key \"" + key + "\" ignored");
      }
    }
    p.layers.push_back(std::move(lc));
  }
  return p;
}

}  // namespace

Result<Project> parse_project(std::string_view text, const std::string& path) {
  // The checks above should leave nothing for the JSON library to throw on; should one
  // be missed, a bad file is still a message and not the end of the program.
  try {
    return parse_project_json(text, path);
  } catch (const json::exception& e) {
    return Error{path, {}, std::string("not a valid project file: ") + e.what()};
  }
}

Result<Project> load_project(const std::string& path) {
  std::string reason;
  auto text = read_text(path, reason);
  if (!text) return Error{path, {}, reason};
  return parse_project(*text, path);
}

namespace {
json status_codes(uint8_t mask) {
  json out = json::array();
  for (int i = 0; i < kStatusCount; ++i)
    if (mask & (1u << i)) out.push_back(std::string(status_code(static_cast<Status>(i))));
  return out;
}
}  // namespace

std::string project_to_json(const Project& p) {
  const fs::path base = fs::path(p.path).parent_path();
  json root;
  root["version"] = kProjectVersion;
  if (!p.title.empty()) root["title"] = p.title;
  if (!p.notice.empty()) root["notice"] = p.notice;
  if (!p.crs.empty()) root["crs"] = p.crs;
  if (!p.data_as_of.empty()) root["data_as_of"] = p.data_as_of;
  if (p.hidden_statuses) root["hide_statuses"] = status_codes(p.hidden_statuses);
  if (p.extent) root["extent"] = {p.extent->min_x, p.extent->min_y, p.extent->max_x, p.extent->max_y};
  json layers = json::array();
  for (const LayerConfig& l : p.layers) {
    json jl;
    if (!l.title.empty()) jl["name"] = l.title;
    // A database password never goes into a file others may read: libpq takes it from
    // PGPASSWORD or ~/.pgpass.
    jl["source"] = is_database_source(l.source) ? without_password(l.source) : relative_to(base, l.source);
    if (!l.layer.empty()) jl["layer"] = l.layer;
    if (l.status_mode == LayerConfig::StatusMode::None) jl["status_field"] = nullptr;
    if (l.status_mode == LayerConfig::StatusMode::Field) jl["status_field"] = l.status_field;
    if (!l.name_field.empty()) jl["name_field"] = l.name_field;
    if (!l.encoding.empty()) jl["encoding"] = l.encoding;
    if (!l.filter.empty()) jl["filter"] = l.filter;
    if (!l.csv_x.empty()) jl["csv_x"] = l.csv_x;
    if (!l.csv_y.empty()) jl["csv_y"] = l.csv_y;
    if (!l.crs.empty()) jl["crs"] = l.crs;
    if (l.hidden_statuses) jl["hide_statuses"] = status_codes(l.hidden_statuses);
    if (!l.search_fields.empty()) jl["search_fields"] = l.search_fields;
    if (!l.status_map.empty()) {
      json m = json::object();
      for (const auto& [value, st] : l.status_map) m[value] = std::string(status_code(st));
      jl["status_map"] = m;
    }
    if (!l.visible) jl["visible"] = false;
    if (l.refresh_seconds > 0) jl["refresh_seconds"] = l.refresh_seconds;
    if (l.stream) jl["stream"] = *l.stream;
    if (l.stream_limit > 0) jl["stream_limit"] = l.stream_limit;
    json s;
    s["fill"] = l.style.fill;
    if (l.style.color) s["color"] = format_colour(*l.style.color);
    s["outline"] = format_colour(l.style.outline);
    if (l.style.line_width > 0) s["line_width"] = l.style.line_width;
    if (l.style.point_size > 0) s["point_size"] = l.style.point_size;
    s["opacity"] = l.style.opacity;
    if (l.style.fill_opacity < 1.0f) s["fill_opacity"] = l.style.fill_opacity;
    jl["style"] = s;
    layers.push_back(jl);
  }
  root["layers"] = layers;
  if (!p.basemaps.empty()) {
    json basemaps = json::array();
    for (const BasemapConfig& b : p.basemaps) {
      json jb;
      if (!b.title.empty()) jb["name"] = b.title;
      jb["source"] = relative_to(base, b.source);
      jb["opacity"] = b.opacity;
      if (!b.visible) jb["visible"] = false;
      basemaps.push_back(jb);
    }
    root["basemaps"] = basemaps;
  }
  if (!p.bookmarks.empty()) {
    json bookmarks = json::array();
    for (const Bookmark& b : p.bookmarks) {
      json jb;
      jb["name"] = b.name;
      if (!b.caption.empty()) jb["caption"] = b.caption;
      jb["extent"] = {b.extent.min_x, b.extent.min_y, b.extent.max_x, b.extent.max_y};
      if (!b.as_of.empty()) jb["as_of"] = b.as_of;
      if (b.has_layers) jb["layers"] = b.layers;
      if (b.dwell > 0) jb["dwell"] = b.dwell;
      if (!b.chart.empty()) jb["chart"] = b.chart;
      if (!b.swipe_from.empty() && !b.swipe_to.empty()) jb["swipe"] = {b.swipe_from, b.swipe_to};
      if (!b.sweep_from.empty() && !b.sweep_to.empty()) jb["sweep"] = {b.sweep_from, b.sweep_to};
      bookmarks.push_back(jb);
    }
    root["bookmarks"] = bookmarks;
  }
  return root.dump(2) + "\n";
}

Result<bool> write_file_atomic(const std::string& path, std::string_view bytes) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) return Error{path, {}, "cannot write beside it (permissions? read-only folder?)"};
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool flushed = std::fflush(f) == 0 && ::fsync(fileno(f)) == 0;
  const bool closed = std::fclose(f) == 0;
  if (!written || !flushed || !closed) {
    std::remove(tmp.c_str());
    return Error{path, {}, "writing failed (disk full?); the previous file is unchanged"};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Error{path, {}, "could not replace the file; the previous file is unchanged"};
  }
  return true;
}

bool looks_like_project(const std::string& path) {
  const fs::path p(path);
  if (p.filename().string().find(".project.json") != std::string::npos) return true;
  std::string ext = p.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".json") return false;
  // Peek at the head only: a GeoJSON file can be hundreds of megabytes.
  std::ifstream in(path, std::ios::binary);
  std::string head(65536, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  // Other JSON that has "layers" too, or is data: GeoJSON, TopoJSON, ESRI JSON, a
  // TileJSON, a map style (Mapbox/MapLibre GL: "sources"), an ArcGIS service
  // description ("currentVersion"). Those go to GDAL.
  for (const char* other : {"\"FeatureCollection\"", "\"Feature\"", "\"Topology\"", "\"tilejson\"",
                            "\"sources\"", "\"currentVersion\"", "\"geometryType\"", "\"spatialReference\""})
    if (head.find(other) != std::string::npos) return false;
  if (head.find("\"layers\"") == std::string::npos) return false;
  // A whole small file that parses: a project has "layers" as an array of objects.
  // (One that does not parse is still taken as a project: its error says why.)
  if (head.size() < 65536) {
    const nlohmann::json j = nlohmann::json::parse(head, nullptr, false);
    if (!j.is_discarded()) {
      if (!j.is_object() || !j.contains("layers") || !j["layers"].is_array()) return false;
      for (const auto& l : j["layers"])
        if (!l.is_object()) return false;
    }
  }
  return true;
}

}  // namespace geo
