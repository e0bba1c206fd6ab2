#include "app/commands/dispatch.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "app/model/clock.hpp"
#include "app/model/identify.hpp"
#include "app/model/project_io.hpp"
#include "app/model/search.hpp"
#include "app/model/visibility.hpp"
#include "app/model/walkthrough.hpp"
#include "geo/reader.hpp"
#include "geo/pg.hpp"
#include "geo/transform.hpp"

namespace app {

namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// The person moved the view: stop any animation, stop auto-fitting.
void moved_by_user(Model& m) {
  m.view.fly.reset();
  m.view.framed.reset();
  m.view.set_by_user = true;
  m.view.last_change = seconds_since_start();
}

// A fingertip's worth of pixels around a click, in map units.
double pick_tolerance(const Model& m) { return 4.0 * m.view.ui_scale * m.view.camera.resolution(); }

bool geographic(const std::string& crs) {
  auto info = geo::describe_crs(crs);
  return info && info->geographic;
}

void go_to_coordinate(Model& m, const std::string& text) {
  double a = 0, b = 0;
  char sep = 0;
  std::istringstream in(text);
  if (!(in >> a) || !(in >> std::ws) || (in.peek() == ',' && !(in >> sep)) || !(in >> b)) {
    m.report(Message::Level::Warning, "go to: '" + text + "' is not two numbers");
    return;
  }
  // Plausible lon/lat is taken as CGCS2000; anything else as display-CRS units.
  if (std::abs(a) <= 180 && std::abs(b) <= 90 && !geographic(m.display_crs)) {
    auto t = geo::Transformer::create("EPSG:4490", m.display_crs);
    if (!t || !t->transform_point(a, b)) {
      m.report(Message::Level::Warning, "go to: cannot place " + text + " in " + m.display_crs);
      return;
    }
  }
  Camera target = m.view.camera;
  target.set(a, b, std::min(m.view.camera.resolution(), 2.0));
  fly_to(m, target);
  m.view.set_by_user = true;
}

void set_layer_config(Model& m, Effects& effects, MapLayer& l, const geo::LayerConfig& config) {
  const bool reread = config.encoding != l.config.encoding;
  l.config = config;
  l.opacity = config.style.opacity;
  if (reread) effects.reread_layer(l);  // a new text encoding means reading the file again
  // Reclassify from the attributes in memory; the geometry stays on the GPU.
  l.classes = geo::classify(l.data, l.config);
  l.timeline = geo::build_timeline(l.data, l.classes.status);
  l.dates_dirty = true;
  l.state_dirty = true;  // the recorded statuses may have changed too
  recompute_status(l, m.clock.as_of);
  update_day_range(m);
  m.search_stale = true;
  if (l.classes.name_field >= 0 && l.boxes.empty() && l.data.feature_count() <= kLabelFeatures) {
    l.boxes.resize(l.data.feature_count());
    for (size_t f = 0; f < l.boxes.size(); ++f) l.boxes[f] = l.data.feature_bounds(f);
  }
  if (l.classes.name_field >= 0)
    for (size_t f = 0; f < l.data.feature_count() && f < kLabelFeatures; ++f)
      m.need_text(std::string(l.data.attributes.get(f, static_cast<size_t>(l.classes.name_field))));
}

void inspected(Model& m, const cmd::Inspected& x) {
  OpenForm& form = m.forms.open;
  if (x.path != form.inspected) return;  // an answer about a path no longer asked about
  form.busy = false;
  if (!x.layers) {
    form.error = x.layers.error().what();
    return;
  }
  for (const geo::LayerInfo& i : *x.layers) {
    form.layers.push_back(i.name);
    form.chosen.push_back(1);
    m.need_text(i.name);
    if (!i.has_geometry && x.layers->size() == 1) {
      form.needs_columns = true;
      form.fields = i.fields;
      for (const auto& f : i.fields) m.need_text(f);
    }
  }
}

void remember_recent(Model& m, const std::string& path) {
  auto& recent = m.forms.open.recent;  // kept in the settings file: never a password
  const std::string remembered = geo::is_database_source(path) ? geo::without_password(path) : path;
  recent.erase(std::remove(recent.begin(), recent.end(), remembered), recent.end());
  recent.insert(recent.begin(), remembered);
  if (recent.size() > 10) recent.resize(10);
}

void measure_point(Model& m, double x, double y, int clicks) {
  Measure& ms = m.measure;
  // The release of a double click belongs to finishing the path (its first click
  // placed the last vertex): it must not start a new one, which would erase it.
  if (!ms.on || clicks >= 2) return;
  if (ms.done) ms.xy.clear(), ms.done = false;  // the next click after a double click starts anew
  const MapPoint p = m.view.camera.screen_to_map({x, y});
  ms.xy.insert(ms.xy.end(), {p.x, p.y});
}

}  // namespace

void dispatch(Model& m, Effects& effects, const Command& c) {
  m.map_changed = true;
  auto layer = [&](size_t i) -> MapLayer* { return i < m.layers.size() ? &m.layers[i] : nullptr; };
  std::visit(
      Overloaded{
          [&](const cmd::SetVisible& x) {
            if (MapLayer* l = layer(x.layer)) l->visible = x.visible;
          },
          [&](const cmd::SetOpacity& x) {
            if (MapLayer* l = layer(x.layer)) l->opacity = std::clamp(x.opacity, 0.0f, 1.0f);
          },
          [&](const cmd::MoveLayer& x) {
            const long to = static_cast<long>(x.layer) + x.delta;
            if (x.layer < m.layers.size() && to >= 0 && to < static_cast<long>(m.layers.size())) {
              std::swap(m.layers[x.layer], m.layers[static_cast<size_t>(to)]);
              m.search_stale = true;  // results name layers by position
            }
          },
          [&](const cmd::ZoomToLayer& x) {
            MapLayer* l = layer(x.layer);
            if (!l || l->data.bounds.empty()) return;
            moved_by_user(m);
            frame_extent(m, l->data.bounds, 0.05, false);
          },
          [&](const cmd::SetFilter& x) {
            if (MapLayer* l = layer(x.layer)) effects.apply_filter(*l, x.where);
          },
          [&](const cmd::EditFilter& x) {
            MapLayer* l = layer(x.layer);
            if (!l) return;
            l->filter_draft = x.where;
            // Checked against the layer's columns as typed; a database checks its own
            // SQL when the filter is applied.
            l->filter_draft_error = l->database ? std::string() : geo::check_filter(l->data, x.where).value_or("");
          },
          [&](const cmd::ToggleLayerStatus& x) {
            MapLayer* l = layer(x.layer);
            if (!l || x.status < 0 || x.status >= geo::kStatusCount) return;
            l->config.hidden_statuses = static_cast<uint8_t>(l->config.hidden_statuses ^ (1u << x.status));
            l->state_dirty = true;
          },
          [&](const cmd::ToggleStatus& x) {
            if (x.status < 0 || x.status >= geo::kStatusCount) return;
            m.hidden_statuses ^= 1u << x.status;
            for (MapLayer& l : m.layers) l.state_dirty = true;
          },
          [&](const cmd::SetStatsInView& x) {
            m.stats_in_view = x.on;
            for (MapLayer& l : m.layers) l.view_counted_box = geo::Bbox{};  // counted afresh when shown
          },
          [&](const cmd::SetLayerConfig& x) {
            if (MapLayer* l = layer(x.layer)) set_layer_config(m, effects, *l, x.config);
          },
          [&](const cmd::EditStyle& x) {
            MapLayer* l = layer(x.layer);
            if (!l) return;
            m.forms.style = StyleForm{};
            m.forms.style.visible = true;
            m.forms.style.layer = x.layer;
            m.forms.style.config = l->config;
          },
          [&](const cmd::RefreshLayer& x) {
            if (MapLayer* l = layer(x.layer); l && l->database) effects.refresh_layer(*l);
          },
          [&](const cmd::SetBasemap& x) {
            if (x.index >= m.basemaps.size()) return;
            m.basemaps[x.index].config.visible = x.visible;
            m.basemaps[x.index].config.opacity = std::clamp(x.opacity, 0.0f, 1.0f);
          },
          [&](const cmd::ZoomAll&) {
            moved_by_user(m);
            frame_extent(m, home_bounds(m), 0.03, false);
          },
          [&](const cmd::PanPixels& x) {
            m.view.camera.pan_pixels(x.dx, x.dy);
            moved_by_user(m);
          },
          [&](const cmd::ZoomAbout& x) {
            m.view.camera.zoom_about({x.x, x.y}, x.factor);
            moved_by_user(m);
          },
          [&](const cmd::GoToCoordinate& x) { go_to_coordinate(m, x.text); },
          [&](const cmd::GoToFeature& x) { go_to_feature(m, x.layer, x.feature); },
          [&](const cmd::IdentifyAt& x) {
            identify_at(m, m.view.camera.screen_to_map({x.x, x.y}), pick_tolerance(m));
          },
          [&](const cmd::ClearSelection&) { clear_selection(m.layers); },
          [&](const cmd::Search& x) { run_search(m, x.text); },
          [&](const cmd::ShowSearch& x) {
            m.forms.search.visible = x.visible;
            if (x.visible) ++m.forms.search.focus_requests;  // Ctrl+F again: back to the field
          },
          [&](const cmd::SetMeasuring& x) {
            m.measure.on = x.on;
            m.measure.xy.clear();
            m.measure.done = false;
            if (m.measure.on && !m.measure.measurer) {
              auto made = geo::Measurer::create(m.display_crs);
              if (made) m.measure.measurer.emplace(std::move(*made));
              else m.report(Message::Level::Error, made.error().what());
            }
          },
          [&](const cmd::AddMeasurePoint& x) { measure_point(m, x.x, x.y, x.clicks); },
          [&](const cmd::FinishMeasure&) {
            if (m.measure.on) m.measure.done = true;
          },
          [&](const cmd::UndoMeasurePoint&) {
            if (m.measure.on && m.measure.xy.size() >= 2) m.measure.xy.resize(m.measure.xy.size() - 2);
          },
          [&](const cmd::SetAsOf& x) {
            m.clock.playing = false;
            set_as_of(m, x.day);
          },
          [&](const cmd::SetPlaying& x) { set_playing(m, x.playing); },
          [&](const cmd::SetPlayProjection& x) { m.clock.play_projection = x.on; },
          [&](const cmd::StepMonth& x) {
            const Clock& c = m.clock;
            if (c.min_day == geo::kNoDay || x.months == 0) return;
            m.clock.playing = false;
            const geo::Day from = c.as_of == geo::kNoDay ? (c.data_as_of != geo::kNoDay ? c.data_as_of : c.max_day)
                                                         : c.as_of;
            set_as_of(m, std::clamp(add_months(from, x.months), c.min_day, c.max_day));
          },
          [&](const cmd::SetSpeed& x) { m.clock.days_per_second = std::clamp(x.days_per_second, 1.0, 365.0); },
          [&](const cmd::GoToBookmark& x) { go_to_bookmark(m, x.index, true); },
          [&](const cmd::StepBookmark& x) {
            // From the stop the last step chose, even while the camera is still flying
            // there: the flight is retargeted, no press is lost.
            if (x.delta != 0 && !m.project.bookmarks.empty())
              go_to_bookmark(m, x.delta > 0 ? next_bookmark(m) : previous_bookmark(m), true);
          },
          [&](const cmd::AddBookmark&) { add_bookmark(m); },
          [&](const cmd::UpdateBookmark& x) { update_bookmark(m, x.index); },
          [&](const cmd::RenameBookmark& x) { rename_bookmark(m, x.index, x.name, x.caption); },
          [&](const cmd::MoveBookmark& x) { move_bookmark(m, x.index, x.delta); },
          [&](const cmd::DeleteBookmark& x) { delete_bookmark(m, x.index); },
          [&](const cmd::SaveProject& x) {
            if (save_project(m, x.path)) effects.project_saved();
          },
          [&](const cmd::Quit& x) {
            if (x.save) {
              if (!save_project(m, {})) return;  // the error is shown; stay
              effects.project_saved();
            } else {
              effects.discard_autosave();  // the person chose to drop the changes
            }
            effects.close_window();
          },
          [&](const cmd::RequestClose&) { effects.request_close(); },
          [&](const cmd::SetPresenting& x) {
            m.presenting = x.on;
            effects.presenting_changed();
          },
          [&](const cmd::SetUiScale& x) { effects.set_ui_scale(std::clamp(x.scale, 0.75f, 3.0f)); },
          [&](const cmd::ExportView& x) {
            if (effects.export_view(x.path, x.width, x.height)) {
              std::error_code ec;
              const std::string full = std::filesystem::absolute(x.path, ec).string();
              m.report(Message::Level::Info, "已导出 exported " + (ec ? x.path : full) + " (" + std::to_string(x.width) +
                                                 "×" + std::to_string(x.height) + ")");
            }
          },
          [&](const cmd::ExportVideo& x) { effects.start_video(x); },
          [&](const cmd::CancelVideo&) { effects.cancel_video(); },
          [&](const cmd::ExportReport& x) { effects.export_report(x); },
          [&](const cmd::CopyText& x) {
            effects.copy_text(x.text);
            m.report(Message::Level::Info, "已复制 copied " + x.text);  // the toast: the press was taken
          },
          [&](const cmd::ClearMessages&) { m.messages.clear(); },
          [&](const cmd::ShowMessages& x) { m.forms.messages_open = x.visible; },
          [&](const cmd::ShowChart& x) { m.chart.visible = x.visible; },
          [&](const cmd::SetSwipe& x) { set_swipe(m, x.on, x.left, x.right); },
          [&](const cmd::SetSwipeLeft& x) {
            m.swipe.left = x.day;
            m.swipe.key = 0;
            m.map_changed = true;
          },
          [&](const cmd::SetDivider& x) { set_divider(m, x.fraction); },
          [&](const cmd::SetChartScope& x) {
            m.chart.scope = x.scope;
            m.chart.stop_scope.clear();  // the presenter's choice wins over the stop's until the next stop
          },
          [&](const cmd::ShowOpen& x) {
            OpenForm& f = m.forms.open;
            f.visible = x.visible;
            if (!x.visible) return;
            // The folder of what was typed or opened last, else the current one.
            std::error_code ec;
            std::string dir = f.folder.dir;
            if (dir.empty() && !f.path.empty() && f.path.rfind("PG:", 0) != 0)
              dir = std::filesystem::is_directory(f.path, ec) ? f.path : std::filesystem::path(f.path).parent_path().string();
            f.folder = list_folder(dir, f.sort, f.descending, f.all_files);
            f.folder_typed = f.folder.dir;
            for (const FolderEntry& e : f.folder.entries) m.need_text(e.name);
          },
          [&](const cmd::Browse& x) {
            OpenForm& f = m.forms.open;
            f.sort = x.sort;
            f.descending = x.descending;
            f.all_files = x.all_files;
            FolderListing listed = list_folder(x.folder.empty() ? f.folder.dir : x.folder, f.sort, f.descending,
                                               f.all_files);
            if (!listed.error.empty()) {
              m.report(Message::Level::Warning, "open: " + listed.error);
              f.folder_typed = f.folder.dir;  // the folder shown stays
              return;
            }
            f.folder = std::move(listed);
            f.folder_typed = f.folder.dir;
            for (const FolderEntry& e : f.folder.entries) m.need_text(e.name);
            m.need_text(f.folder.dir);
          },
          [&](const cmd::InspectPath& x) {
            // Answered later by cmd::Inspected (a database may take its connect timeout).
            OpenForm& form = m.forms.open;
            form.layers.clear();
            form.chosen.clear();
            form.error.clear();
            form.needs_columns = false;
            form.fields.clear();
            form.x_column = form.y_column = -1;
            form.path = x.path;  // a dropped file or a recent one shows in the path field
            form.inspected = x.path;
            form.busy = true;
            effects.inspect(x.path);
          },
          [&](const cmd::Inspected& x) { inspected(m, x); },
          [&](const cmd::AddLayers& x) {
            remember_recent(m, effects.add_layers(x));
            m.forms.open.visible = false;
            effects.save_settings();
          },
          [&](const cmd::CancelLoading& x) { effects.cancel_loading(x.slot); },
      },
      c);
}

}  // namespace app
