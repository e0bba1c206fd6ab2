// "Open data": a path field with folder browsing, a PostGIS connection, the layers of
// the chosen dataset to tick (and a CSV's coordinate columns when GDAL found none),
// and recent files. GDAL is reached only through commands (cmd::InspectPath, AddLayers).
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>

#include "app/ui/panels/panels.hpp"

namespace app::ui {
namespace fs = std::filesystem;

namespace {

// The folder of what is typed, to click through.
void draw_browser(const UiView& v, OpenForm& form, std::vector<Command>& out) {
  std::error_code ec;
  fs::path dir = fs::is_directory(form.path, ec) ? fs::path(form.path) : fs::path(form.path).parent_path();
  if (dir.empty()) dir = fs::current_path(ec);
  ImGui::BeginChild("##browse", ImVec2(0, 170.0f * v.ui_scale), true);
  if (ImGui::Selectable("..")) form.path = dir.parent_path().string() + "/";
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
       it.increment(ec))
    if (entries.size() < 2000) entries.push_back(*it);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    if (a.is_directory() != b.is_directory()) return a.is_directory();
    return a.path().filename() < b.path().filename();
  });
  for (const auto& e : entries) {
    const std::string name = e.path().filename().string();
    if (!name.empty() && name[0] == '.') continue;
    const bool is_dir = e.is_directory(ec);
    if (ImGui::Selectable(((is_dir ? "[" + name + "]" : name)).c_str(), form.path == e.path().string(),
                          ImGuiSelectableFlags_AllowDoubleClick)) {
      form.path = e.path().string() + (is_dir ? "/" : "");
      if (!is_dir) out.push_back(cmd::InspectPath{form.path});
    }
  }
  ImGui::EndChild();
}

}  // namespace

std::string connection_string(const OpenForm& form) {
  std::string s = "PG:";
  auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    std::string quoted;  // libpq quoting: single quotes, backslash escapes
    const bool plain = value.find_first_of(" '\\") == std::string::npos;
    for (char c : value) quoted += (c == '\'' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    s += (s.size() > 3 ? " " : "") + std::string(key) + "=" + (plain ? value : "'" + quoted + "'");
  };
  add("host", form.db_host);
  add("port", form.db_port);
  add("dbname", form.db_name);
  add("user", form.db_user);
  return s;
}

void draw_open_panel(const UiView& v, OpenForm& form, std::vector<Command>& out) {
  if (!form.visible) return;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(ImVec2(vp->Pos.x + vp->Size.x * 0.5f, vp->Pos.y + vp->Size.y * 0.3f), ImGuiCond_Appearing,
                          ImVec2(0.5f, 0.3f));
  ImGui::SetNextWindowSize(ImVec2(620.0f * v.ui_scale, 460.0f * v.ui_scale), ImGuiCond_Appearing);
  if (!ImGui::Begin("打开数据 Open data", &form.visible, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  ImGui::TextDisabled("Any vector format GDAL reads: GeoPackage, Shapefile, GeoJSON, KML, DXF, CSV …  "
                      "(or drop files onto the window)");
  ImGui::SetNextItemWidth(-90.0f * v.ui_scale);
  const bool enter = ImGui::InputText("##path", &form.path, ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if (ImGui::Button("查看 Inspect") || enter) out.push_back(cmd::InspectPath{form.path});

  // A database instead of a file: its tables and views are listed like a file's layers.
  if (ImGui::CollapsingHeader("数据库 PostGIS database")) {
    const float w = 150.0f * v.ui_scale;
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("主机 host", &form.db_host);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(70.0f * v.ui_scale);
    ImGui::InputText("端口 port", &form.db_port);
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("数据库 database", &form.db_name);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    ImGui::InputText("用户 user", &form.db_user);
    ImGui::TextDisabled("Password: from PGPASSWORD or ~/.pgpass (never stored in a project)");
    if (ImGui::Button("连接 Connect") && !form.db_name.empty()) {
      form.path = connection_string(form);
      out.push_back(cmd::InspectPath{form.path});
    }
  }

  // Folder browsing (nothing to browse for a connection).
  if (form.path.rfind("PG:", 0) != 0) draw_browser(v, form, out);

  if (form.busy) ImGui::TextDisabled("正在读取 looking at %s …", form.inspected.c_str());
  if (!form.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "%s", form.error.c_str());
  if (!form.layers.empty()) {
    ImGui::TextUnformatted("图层 Layers:");
    for (size_t i = 0; i < form.layers.size(); ++i) {
      bool chosen = form.chosen[i] != 0;
      if (ImGui::Checkbox(form.layers[i].c_str(), &chosen)) form.chosen[i] = chosen ? 1 : 0;
    }
    if (form.needs_columns) {
      // GDAL found no geometry: ask which columns hold the coordinates.
      ImGui::TextColored(ImVec4(0.6f, 0.4f, 0.0f, 1), "没有找到坐标列 No coordinate columns found: which are X and Y?");
      auto combo = [&](const char* label, int& index) {
        const char* preview = index >= 0 ? form.fields[static_cast<size_t>(index)].c_str() : "—";
        if (ImGui::BeginCombo(label, preview)) {
          for (int i = 0; i < static_cast<int>(form.fields.size()); ++i)
            if (ImGui::Selectable(form.fields[static_cast<size_t>(i)].c_str(), i == index)) index = i;
          ImGui::EndCombo();
        }
      };
      ImGui::SetNextItemWidth(200.0f * v.ui_scale);
      combo("X / 经度 lon", form.x_column);
      ImGui::SetNextItemWidth(200.0f * v.ui_scale);
      combo("Y / 纬度 lat", form.y_column);
    }
    const bool ready = !form.needs_columns || (form.x_column >= 0 && form.y_column >= 0);
    if (ready && ImGui::Button("添加 Add")) {
      std::vector<std::string> names;
      for (size_t i = 0; i < form.layers.size(); ++i)
        if (form.chosen[i]) names.push_back(form.layers[i]);
      cmd::AddLayers add{form.inspected, names, {}, {}};
      if (form.needs_columns) {
        add.csv_x = form.fields[static_cast<size_t>(form.x_column)];
        add.csv_y = form.fields[static_cast<size_t>(form.y_column)];
      }
      out.push_back(add);
    }
  }
  if (!form.recent.empty()) {
    ImGui::Separator();
    ImGui::TextDisabled("最近 Recent");
    for (const std::string& r : form.recent)
      if (ImGui::Selectable(r.c_str())) {
        form.path = r;
        out.push_back(cmd::InspectPath{r});
      }
  }
  ImGui::End();
}

}  // namespace app::ui
