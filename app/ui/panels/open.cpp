// "Open data": a path field; the folder (its path editable, GIS files or all files,
// sortable by name, date and size); a PostGIS connection; the layers of the chosen
// dataset to tick (and a CSV's coordinate columns when GDAL found none); and recent
// files. GDAL is reached only through commands (cmd::InspectPath, AddLayers).
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

// The folder: its path (editable; Enter lists it), a switch between what GDAL can
// open and all files, and a table of folders then files, sorted by a click on Name,
// Modified or Size. A click on a folder opens it, on a file inspects it.
void draw_browser(const UiView& v, OpenForm& form, std::vector<Command>& out) {
  const FolderListing& folder = form.folder;
  auto browse = [&](const std::string& dir) {
    out.push_back(cmd::Browse{dir, form.sort, form.descending, form.all_files});
  };
  if (ImGui::ArrowButton("##up", ImGuiDir_Up) && !folder.dir.empty())
    browse(fs::path(folder.dir).parent_path().string());
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("上一级 parent folder");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-230.0f * v.ui_scale);
  if (ImGui::InputText("##folder", &form.folder_typed, ImGuiInputTextFlags_EnterReturnsTrue)) browse(form.folder_typed);
  ImGui::SameLine();
  bool all = form.all_files;
  if (ImGui::Checkbox("所有文件 all files", &all)) out.push_back(cmd::Browse{"", form.sort, form.descending, all});
  if (!folder.error.empty()) ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.05f, 1), "%s", folder.error.c_str());

  // Enough rows to work with: what is left of the window above the layer list.
  const float rows_height = std::max(ImGui::GetContentRegionAvail().y * 0.62f, 8.0f * ImGui::GetTextLineHeightWithSpacing());
  const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                                ImGuiTableFlags_BordersOuter | ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("##files", 3, flags, ImVec2(0, rows_height))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("名称 Name", ImGuiTableColumnFlags_WidthStretch | ImGuiTableColumnFlags_DefaultSort);
    // Dates and sizes sort newest and largest first on the first click (the arrow
    // then points down).
    ImGui::TableSetupColumn("修改 Modified", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            140.0f * v.ui_scale);
    ImGui::TableSetupColumn("大小 Size", ImGuiTableColumnFlags_WidthFixed | ImGuiTableColumnFlags_PreferSortDescending,
                            80.0f * v.ui_scale);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
      const ImGuiTableColumnSortSpecs& s = specs->Specs[0];
      const FolderSort sort = s.ColumnIndex == 1 ? FolderSort::Date : s.ColumnIndex == 2 ? FolderSort::Size : FolderSort::Name;
      // Name ascending is A→Z; Modified and Size descending (their first click) are
      // newest and largest first, the list's own order.
      const bool reversed = sort == FolderSort::Name ? s.SortDirection == ImGuiSortDirection_Descending
                                                     : s.SortDirection == ImGuiSortDirection_Ascending;
      if (sort != form.sort || reversed != form.descending)
        out.push_back(cmd::Browse{"", sort, reversed, form.all_files});
      specs->SpecsDirty = false;
    }
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(folder.entries.size()));
    while (clipper.Step())
      for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
        const FolderEntry& e = folder.entries[static_cast<size_t>(i)];
        const std::string full = (fs::path(folder.dir) / e.name).string();
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(i);
        if (!e.dir && !e.openable) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        const std::string label = e.dir ? "[" + e.name + "]" : e.name;
        if (ImGui::Selectable(label.c_str(), form.path == full, ImGuiSelectableFlags_SpanAllColumns)) {
          if (e.dir && !e.openable) {
            browse(full);
          } else {
            form.path = full;
            out.push_back(cmd::InspectPath{full});
          }
        }
        if (!e.dir && !e.openable) ImGui::PopStyleColor();
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%s", format_time(e.modified).c_str());
        ImGui::TableNextColumn();
        if (!e.dir) ImGui::TextDisabled("%s", format_size(e.size).c_str());
      }
    ImGui::EndTable();
  }
  if (folder.hidden_files > 0 || folder.truncated)
    ImGui::TextDisabled("%zu 个其他文件未显示 other files not shown (GIS files only)%s", folder.hidden_files,
                        folder.truncated ? "; the first 5000 entries" : "");
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
  ImGui::SetNextWindowSize(ImVec2(std::min(vp->Size.x * 0.9f, 860.0f * v.ui_scale),
                                  std::min(vp->Size.y * 0.85f, 720.0f * v.ui_scale)),
                           ImGuiCond_Appearing);
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
