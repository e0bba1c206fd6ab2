// The one place commands change the model: one call per command, between frames.
// What a command needs from outside the model (the window, the data services, the
// image export) it asks of an Effects, which the shell implements and tests fake.
#pragma once

#include <string>

#include "app/commands/commands.hpp"
#include "app/model/model.hpp"

namespace app {

class Effects {
 public:
  virtual ~Effects() = default;
  // Data services (app/data).
  virtual void inspect(const std::string& path) = 0;  // answers with cmd::Inspected later
  virtual std::string add_layers(const cmd::AddLayers& what) = 0;  // returns the path as opened
  virtual void cancel_loading(size_t slot) = 0;
  virtual void apply_filter(MapLayer& layer, const std::string& where) = 0;
  virtual void refresh_layer(MapLayer& layer) = 0;  // a database layer: fetch again now
  virtual void reread_layer(MapLayer& layer) = 0;   // read the source again (a new encoding)
  // The window, the renderer and the session.
  virtual void presenting_changed() = 0;            // fullscreen, text size
  virtual void set_ui_scale(float scale) = 0;       // the user's setting (clamped), remembered
  virtual void close_window() = 0;                  // the person confirmed: close now
  virtual void request_close() = 0;                 // close, asking first about unsaved changes
  virtual void copy_text(const std::string& text) = 0;
  virtual bool export_view(const std::string& path, int width, int height) = 0;
  virtual void start_video(const cmd::ExportVideo& what) = 0;   // recorded a slice per frame
  virtual void cancel_video() = 0;
  virtual void export_report(const cmd::ExportReport& what) = 0;
  virtual void project_saved() = 0;                 // nothing to restore any more (autosave)
  virtual void discard_autosave() = 0;
  virtual void save_settings() = 0;                 // recent files, UI scale
};

// Applies `c` to the model; the map is marked for redrawing. Commands naming a layer,
// bookmark or basemap that does not exist (any more) change nothing.
void dispatch(Model& m, Effects& effects, const Command& c);

}  // namespace app
