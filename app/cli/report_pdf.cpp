#include "app/cli/report_pdf.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "geo/project.hpp"
#include "geo/style.hpp"

namespace app {

namespace {

constexpr double kPageW = 842, kPageH = 595;  // A4 landscape, points
constexpr double kMargin = 36;
constexpr const char* kFont = "Noto Sans CJK SC";

struct Colour {
  double r, g, b;
};
constexpr Colour kInk{0.13, 0.16, 0.2}, kGrey{0.45, 0.48, 0.52}, kRule{0.8, 0.82, 0.85}, kNotice{0.62, 0.36, 0.1},
    kProjected{0.85, 0.45, 0.05};

Colour status_colour(geo::Status s) {
  const geo::Rgba c = geo::status_palette()[static_cast<size_t>(s)];
  return {c.r / 255.0, c.g / 255.0, c.b / 255.0};
}

std::string date_text(geo::Day d) { return d == geo::kNoDay ? "—" : geo::format_date(d); }

class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr) {}

  void colour(Colour c) { cairo_set_source_rgb(cr_, c.r, c.g, c.b); }
  void font(double size, bool bold = false) {
    cairo_select_font_face(cr_, kFont, CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr_, size);
    size_ = size;
    bold_ = bold;
  }
  double width_of(const std::string& s) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, s.c_str(), &e);
    return e.x_advance;
  }
  // Text with its baseline at y; `max_w` > 0 shrinks the font (down to 5 pt) to fit,
  // never cuts a word: the PDF must hold every name whole.
  void text(double x, double y, const std::string& s, double max_w = 0, bool right = false) {
    const double keep = size_;
    if (max_w > 0) {
      double w = width_of(s);
      if (w > max_w) {
        font(std::max(5.0, size_ * max_w / w), bold_);
        w = width_of(s);
      }
      if (right) x += max_w - w;
    }
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, s.c_str());
    if (size_ != keep) font(keep, bold_);
  }
  void rect(double x, double y, double w, double h, Colour c) {
    colour(c);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_fill(cr_);
  }
  void line(double x0, double y0, double x1, double y1, Colour c, double width) {
    colour(c);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y0);
    cairo_line_to(cr_, x1, y1);
    cairo_stroke(cr_);
  }
  cairo_t* cr() { return cr_; }

 private:
  cairo_t* cr_;
  double size_ = 10;
  bool bold_ = false;
};

// The map image fitted into (x, y, w, h), with a thin frame; returns its height.
double draw_map(Page& p, const ReportMap& map, double x, double y, double w, double h) {
  if (map.rgba.empty() || map.width <= 0) return 0;
  cairo_surface_t* img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, map.width, map.height);
  cairo_surface_flush(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  const int stride = cairo_image_surface_get_stride(img);
  for (int row = 0; row < map.height; ++row) {
    auto* out = reinterpret_cast<uint32_t*>(data + static_cast<size_t>(row) * stride);
    const uint8_t* in = map.rgba.data() + static_cast<size_t>(row) * map.width * 4;
    for (int c = 0; c < map.width; ++c)
      out[c] = static_cast<uint32_t>(in[4 * c]) << 16 | static_cast<uint32_t>(in[4 * c + 1]) << 8 | in[4 * c + 2];
  }
  cairo_surface_mark_dirty(img);
  const double s = std::min(w / map.width, h / map.height);
  cairo_t* cr = p.cr();
  cairo_save(cr);
  cairo_translate(cr, x, y);
  cairo_scale(cr, s, s);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);
  p.colour(kRule);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, x, y, map.width * s, map.height * s);
  cairo_stroke(cr);
  return map.height * s;
}

// The stacking order of the burn-up: finished work at the bottom.
constexpr geo::Status kStack[] = {geo::Status::Completed, geo::Status::UnderConstruction, geo::Status::Delayed,
                                  geo::Status::Relocation, geo::Status::Planned, geo::Status::Unknown};

void draw_burn_up(Page& p, const geo::BurnUp& whole, geo::Day day, geo::Day data_as_of, int days_behind, double x,
                  double y, double w, double h) {
  const geo::BurnUp b = geo::trimmed(whole, day, data_as_of);  // where things happen
  cairo_t* cr = p.cr();
  p.font(7.5);
  if (b.days() < 2 || b.features == 0) {
    p.colour(kGrey);
    p.text(x, y + 12, "无日期数据 No dated projects for a burn-up chart");
    return;
  }
  const double left = x + 26, right = x + w - 4, top = y + 14, bottom = y + h - 26;
  const double n = static_cast<double>(b.days() - 1);
  const double max_y = static_cast<double>(b.features);
  auto px = [&](size_t d) { return left + (right - left) * static_cast<double>(d) / n; };
  auto py = [&](double v) { return bottom - (bottom - top) * v / max_y; };
  // Stacked areas, one status at a time over the ones below it.
  std::vector<double> below(b.days(), 0.0);
  for (geo::Status s : kStack) {
    std::vector<double> above(below);
    for (size_t d = 0; d < b.days(); ++d) above[d] += b.by_status[d][static_cast<size_t>(s)];
    if (above == below) continue;
    p.colour(status_colour(s));
    cairo_move_to(cr, px(0), py(below[0]));
    for (size_t d = 0; d < b.days(); ++d) cairo_line_to(cr, px(d), py(above[d]));
    for (size_t d = b.days(); d-- > 0;) cairo_line_to(cr, px(d), py(below[d]));
    cairo_close_path(cr);
    cairo_fill(cr);
    below.swap(above);
  }
  // Planned (due by each day), dashed; actual (finished by each day), solid.
  auto series = [&](const std::vector<uint32_t>& v, Colour c, double width, bool dashed) {
    p.colour(c);
    cairo_set_line_width(cr, width);
    const double dash[] = {4, 2};
    cairo_set_dash(cr, dashed ? dash : nullptr, dashed ? 2 : 0, 0);
    cairo_move_to(cr, px(0), py(v[0]));
    for (size_t d = 1; d < v.size(); ++d) cairo_line_to(cr, px(d), py(v[d]));
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  };
  series(b.planned, {0.1, 0.25, 0.6}, 1.4, true);
  series(b.completed, {0, 0, 0}, 1.6, false);
  // Past the data's date the statuses are projected from the plan: veiled and said.
  if (data_as_of != geo::kNoDay && data_as_of < b.last) {
    const double tx = px(static_cast<size_t>(std::max(data_as_of, b.first) - b.first));
    cairo_set_source_rgba(cr, 1, 1, 1, 0.55);
    cairo_rectangle(cr, tx, top, right - tx, bottom - top);
    cairo_fill(cr);
    p.colour(kProjected);
    p.text(tx + 3, top + 9, "按计划推算 projected", std::max(10.0, right - tx - 6));
  }
  // Axes and ticks: a label every half year, year or more as the range asks; the count
  // at the top.
  p.line(left, bottom, right, bottom, kGrey, 0.6);
  p.line(left, top, left, bottom, kGrey, 0.6);
  p.colour(kGrey);
  p.text(x, py(max_y) + 3, std::to_string(b.features));
  p.text(x + 14, bottom + 2, "0");
  const double years = n / 365.25;
  const int step_months = (right - left) / std::max(years, 0.1) > 90 ? 6 : (right - left) / years > 45 ? 12 : 24;
  for (geo::Day d = b.first; d <= b.last; ++d) {
    const geo::CivilDate c = geo::civil_from_days(d);
    if (c.day != 1 || (c.month - 1) % std::min(step_months, 12) != 0 || (step_months == 24 && c.year % 2)) continue;
    const double tx = px(static_cast<size_t>(d - b.first));
    p.line(tx, bottom, tx, bottom + 3, kGrey, 0.6);
    char label[16];
    std::snprintf(label, sizeof label, "%04d-%02d", c.year, c.month);
    p.colour(kGrey);
    p.text(tx - 12, bottom + 11, label);
  }
  if (b.covers(day)) {
    const double tx = px(static_cast<size_t>(day - b.first));
    p.line(tx, top - 4, tx, bottom, {0.8, 0.1, 0.1}, 1.0);
    p.colour({0.8, 0.1, 0.1});
    p.text(std::min(tx + 2, right - 44), top - 6, geo::format_date(day));
  }
  // Legend and the verdict.
  const double ly = y + h - 6;
  p.line(x, ly - 3, x + 14, ly - 3, {0.1, 0.25, 0.6}, 1.4);
  p.colour(kInk);
  p.text(x + 17, ly, "计划完成 Due (plan)");
  p.line(x + 100, ly - 3, x + 114, ly - 3, {0, 0, 0}, 1.6);
  p.colour(kInk);
  p.text(x + 117, ly, "实际完成 Completed");
  p.font(8, true);
  if (days_behind > 0) {
    p.colour({0.75, 0.2, 0.1});
    p.text(x + w - 150, ly, "落后计划 " + std::to_string(days_behind) + " 天 / " + std::to_string(days_behind) +
                                " days behind plan", 150, true);
  } else {
    p.colour({0.1, 0.5, 0.3});
    p.text(x + w - 150, ly, "按计划 On plan", 150, true);
  }
}

// Swatches with counts: "■ 规划 Planned 20  ■ …".
double draw_counts(Page& p, const geo::StatusCounts& c, double x, double y, double max_w) {
  p.font(8);
  double cx = x;
  for (int i : geo::kLegendOrder) {
    const auto s = static_cast<geo::Status>(i);
    if (c[static_cast<size_t>(i)] == 0 && s == geo::Status::Unknown) continue;
    const std::string label = std::string(geo::status_label(s)) + " " + std::to_string(c[static_cast<size_t>(i)]);
    const double w = p.width_of(label) + 16;
    if (cx + w > x + max_w) {
      cx = x;
      y += 12;
    }
    p.rect(cx, y - 7, 8, 8, status_colour(s));
    p.colour(kInk);
    p.text(cx + 11, y, label);
    cx += w;
  }
  return y;
}

void draw_header(Page& p, const Report& r, const std::string& title, const std::string& subtitle) {
  p.colour(kInk);
  p.font(18, true);
  p.text(kMargin, kMargin + 14, title, kPageW - 2 * kMargin);
  p.font(9);
  p.colour(kGrey);
  std::string dates = "截至 As of " + date_text(r.day) + "    数据截至 Data as of " + date_text(r.data_as_of);
  if (!subtitle.empty()) dates = subtitle + "    " + dates;
  p.text(kMargin, kMargin + 30, dates, kPageW - 2 * kMargin);
  double y = kMargin + 42;
  if (r.projected) {
    p.colour(kProjected);
    p.text(kMargin, y, std::string(kProjectedNote) + ": statuses after " + date_text(r.data_as_of) +
                           " follow the planned dates, not reports");
    y += 11;
  }
  if (!r.notice.empty()) {
    p.colour(kNotice);
    p.text(kMargin, y, r.notice, kPageW - 2 * kMargin);
  }
  p.line(kMargin, kMargin + 58, kPageW - kMargin, kMargin + 58, kRule, 0.6);
}

void draw_footer(Page& p, const Report& r, int page) {
  p.font(7);
  p.colour(kGrey);
  p.text(kMargin, kPageH - 18, r.title + " · renewmap " RENEWMAP_VERSION, kPageW / 2);
  p.text(kPageW - kMargin - 40, kPageH - 18, std::to_string(page), 40, true);
}

struct Column {
  const char* title;
  double width;
  bool right;
};
constexpr Column kColumns[] = {{"项目 Project", 0, false},
                               {"图层 Layer", 58, false},
                               {"状态 Status", 84, false},
                               {"计划 Planned", 48, false},
                               {"实际 Actual", 48, false},
                               {"滞后 Late", 34, true}};

// A layer's title up to its first space: "老旧小区改造 Old compounds (64)" → "老旧小区改造".
std::string short_title(const std::string& title) {
  const size_t space = title.find(' ');
  return space == std::string::npos || space == 0 ? title : title.substr(0, space);
}

// Rows [from, …) of the project table in (x, y, w, bottom); returns the next row.
size_t draw_table(Page& p, const std::vector<ReportProject>& rows, size_t from, double x, double y, double w,
                  double bottom) {
  constexpr double kRow = 11.5;
  double fixed = 0;
  for (const Column& c : kColumns) fixed += c.width;
  const double name_w = w - fixed;
  p.font(7, true);
  p.colour(kGrey);
  double cx = x;
  for (const Column& c : kColumns) {
    const double cw = c.width > 0 ? c.width : name_w;
    p.text(cx, y, c.title, cw - 4, c.right);
    cx += cw;
  }
  p.line(x, y + 3, x + w, y + 3, kRule, 0.6);
  y += kRow + 2;
  p.font(7.5);
  size_t i = from;
  for (; i < rows.size() && y < bottom; ++i, y += kRow) {
    const ReportProject& r = rows[i];
    if ((i - from) % 2 == 1) p.rect(x, y - 8.5, w, kRow, {0.96, 0.97, 0.98});
    p.colour(kInk);
    p.text(x, y, r.name, name_w - 4);
    cx = x + name_w;
    p.colour(kGrey);
    p.text(cx, y, short_title(r.layer), kColumns[1].width - 4);
    cx += kColumns[1].width;
    p.rect(cx, y - 6.5, 6.5, 6.5, status_colour(r.status));
    p.colour(kInk);
    p.text(cx + 9, y, std::string(geo::status_label(r.status)), kColumns[2].width - 12);
    cx += kColumns[2].width;
    p.text(cx, y, date_text(r.dates.planned_finish), kColumns[3].width - 4);
    cx += kColumns[3].width;
    p.text(cx, y, date_text(r.dates.actual_finish), kColumns[4].width - 4);
    cx += kColumns[4].width;
    if (r.days_late > 0) p.colour({0.75, 0.2, 0.1});
    p.text(cx, y, r.days_late > 0 ? std::to_string(r.days_late) : "—", kColumns[5].width - 4, true);
  }
  return i;
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

bool write_report_pdf(const Report& r, const std::vector<ReportMap>& maps, const std::string& path,
                      std::string& error) {
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &bytes, kPageW, kPageH);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, (r.title + " — 进度报告 Progress report").c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "renewmap " RENEWMAP_VERSION);
  cairo_t* cr = cairo_create(surface);
  Page p(cr);
  int page = 1;
  const double col_w = 370, right_x = kMargin + col_w + 18, right_w = kPageW - kMargin - right_x;
  const double body_top = kMargin + 72, body_bottom = kPageH - 34;

  // The cover: the programme.
  draw_header(p, r, r.title, "进度报告 Progress report · " + r.area_layer);
  const double cover_map = maps.empty() ? 0 : draw_map(p, maps[0], kMargin, body_top, col_w, 250);
  const double counts_y = draw_counts(p, r.programme.counts, kMargin, body_top + cover_map + 16, col_w);
  if (!r.server_counted.empty()) {
    std::string titles;
    for (const std::string& t : r.server_counted) titles += (titles.empty() ? "" : ", ") + t;
    p.font(7);
    p.colour(kGrey);
    p.text(kMargin, counts_y + 12,
           "数据库全表计数 Counted by the database, every row: " + titles + "; the areas' pages: their rows, fetched whole",
           col_w);
  }
  p.font(9, true);
  p.colour(kInk);
  p.text(right_x, body_top + 4, "全部项目 All projects: " + std::to_string(r.programme.total));
  draw_burn_up(p, r.programme.burn_up, r.day, r.data_as_of, r.programme.days_behind, right_x, body_top + 10, right_w, 190);
  // The areas at a glance.
  double y = body_top + 226;
  p.font(7, true);
  p.colour(kGrey);
  p.text(right_x, y, r.area_layer, right_w - 140);
  p.text(right_x + right_w - 140, y, "项目 Projects", 44, true);
  p.text(right_x + right_w - 92, y, "竣工 Done", 40, true);
  p.text(right_x + right_w - 46, y, "落后 Behind", 46, true);
  p.line(right_x, y + 3, right_x + right_w, y + 3, kRule, 0.6);
  y += 13;
  p.font(8);
  for (const ReportSection& s : r.areas) {
    if (y > body_bottom) break;
    p.colour(kInk);
    p.text(right_x, y, s.name, right_w - 140);
    p.text(right_x + right_w - 140, y, std::to_string(s.total), 44, true);
    p.text(right_x + right_w - 92, y, std::to_string(s.counts[static_cast<size_t>(geo::Status::Completed)]), 40,
           true);
    p.text(right_x + right_w - 46, y, s.days_behind > 0 ? std::to_string(s.days_behind) + " d" : "—", 46, true);
    y += 12;
  }
  if (r.outside > 0 && y <= body_bottom) {
    p.colour(kGrey);
    p.text(right_x, y, "不在任何片区 In no area: " + std::to_string(r.outside), right_w);
  }
  draw_footer(p, r, page);
  cairo_show_page(cr);

  // A page per area (more when its table is long).
  for (size_t k = 0; k < r.areas.size(); ++k) {
    const ReportSection& s = r.areas[k];
    ++page;
    draw_header(p, r, s.name, r.area_layer);
    const double map_h = k + 1 < maps.size() ? draw_map(p, maps[k + 1], kMargin, body_top, col_w, 260) : 0;
    double cy = draw_counts(p, s.counts, kMargin, body_top + map_h + 16, col_w);
    draw_burn_up(p, s.burn_up, r.day, r.data_as_of, s.days_behind, kMargin, cy + 8, col_w, std::min(200.0, std::max(100.0, body_bottom - cy - 8)));
    p.font(9, true);
    p.colour(kInk);
    p.text(right_x, body_top + 4, "项目 Projects: " + std::to_string(s.total));
    size_t next = 0;
    if (s.projects.empty()) {
      p.font(8);
      p.colour(kGrey);
      p.text(right_x, body_top + 22, "此片区无项目 No projects in this area");
    } else {
      next = draw_table(p, s.projects, 0, right_x, body_top + 20, right_w, body_bottom);
    }
    draw_footer(p, r, page);
    cairo_show_page(cr);
    while (next < s.projects.size()) {  // continued, the whole width
      ++page;
      draw_header(p, r, s.name + " (续 continued)", r.area_layer);
      next = draw_table(p, s.projects, next, kMargin, body_top, kPageW - 2 * kMargin, body_bottom);
      draw_footer(p, r, page);
      cairo_show_page(cr);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    error = "'" + path + "': cannot make the PDF: " + cairo_status_to_string(status);
    return false;
  }
  if (auto ok = geo::write_file_atomic(path, bytes); !ok) {
    error = ok.error().what();
    return false;
  }
  return true;
}

}  // namespace app
