// Per-layer style editing: which field holds the status and which the name, the
// value → status table for values the vocabulary does not know, colours, widths,
// text encoding, point size, opacity and fill. Every change is sent as
// cmd::SetLayerConfig, which reclassifies and recolours (geometry is not rebuilt).
#include <imgui.h>

#include <algorithm>
#include <string>

#include "app/ui/panels/panels.hpp"
#include "geo/style.hpp"

namespace app::ui {

namespace {

bool colour_edit(const char* label, geo::Rgba& c) {
  float f[3] = {c.r / 255.0f, c.g / 255.0f, c.b / 255.0f};
  if (!ImGui::ColorEdit3(label, f, ImGuiColorEditFlags_NoInputs)) return false;
  c = geo::Rgba{static_cast<uint8_t>(f[0] * 255.0f + 0.5f), static_cast<uint8_t>(f[1] * 255.0f + 0.5f),
                static_cast<uint8_t>(f[2] * 255.0f + 0.5f), 255};
  return true;
}

bool field_combo(const char* label, const std::vector<std::string>& names, int& index, const char* none) {
  bool changed = false;
  const char* preview = index >= 0 && index < static_cast<int>(names.size()) ? names[static_cast<size_t>(index)].c_str() : none;
  if (ImGui::BeginCombo(label, preview)) {
    if (ImGui::Selectable(none, index < 0)) index = -1, changed = true;
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
      if (ImGui::Selectable(names[static_cast<size_t>(i)].c_str(), i == index)) index = i, changed = true;
    ImGui::EndCombo();
  }
  return changed;
}

}  // namespace

void draw_style_panel(const UiView& v, StyleForm& form, std::vector<Command>& out) {
  if (!form.visible || form.layer >= v.layers.size()) return;
  const MapLayer& l = v.layers[form.layer];
  ImGui::SetNextWindowSize(ImVec2(440.0f * v.ui_scale, 0), ImGuiCond_Appearing);
  const std::string title = "样式 Style: " + l.title + "###style";
  if (!ImGui::Begin(title.c_str(), &form.visible, ImGuiWindowFlags_NoSavedSettings)) {
    ImGui::End();
    return;
  }
  geo::LayerConfig& c = form.config;
  bool changed = false;
  const auto& names = l.data.attributes.names();

  int status_field = c.status_mode == geo::LayerConfig::StatusMode::None ? -1 : l.classes.status_field;
  if (field_combo("状态字段 status field", names, status_field, "(none: one colour)")) {
    c.status_mode = status_field < 0 ? geo::LayerConfig::StatusMode::None : geo::LayerConfig::StatusMode::Field;
    c.status_field = status_field < 0 ? std::string() : names[static_cast<size_t>(status_field)];
    changed = true;
  }
  int name_field = l.classes.name_field;
  if (field_combo("名称字段 name field", names, name_field, "(none)")) {
    c.name_field = name_field < 0 ? std::string() : names[static_cast<size_t>(name_field)];
    changed = true;
  }

  // Distinct values of the status field and what each maps to.
  if (status_field >= 0) {
    if (form.values_field != status_field) {
      form.values.clear();
      for (size_t f = 0; f < l.data.feature_count() && form.values.size() < 60; ++f) {
        const std::string value(l.data.attributes.get(f, static_cast<size_t>(status_field)));
        if (std::find(form.values.begin(), form.values.end(), value) == form.values.end()) form.values.push_back(value);
      }
      form.values_field = status_field;
    }
    ImGui::TextDisabled("值 → 状态 value → status (blank = the vocabulary's reading)");
    const char* codes[] = {"(vocabulary)", "unknown", "planned", "relocation", "under_construction", "completed", "delayed"};
    for (const std::string& value : form.values) {
      auto it = std::find_if(c.status_map.begin(), c.status_map.end(), [&](const auto& m) { return m.first == value; });
      int choice = it == c.status_map.end() ? 0 : 1 + static_cast<int>(it->second);
      const geo::Status reading = geo::status_from_text(value);
      ImGui::PushID(value.c_str());
      ImGui::SetNextItemWidth(170.0f * v.ui_scale);
      if (ImGui::Combo("##map", &choice, codes, 7)) {
        if (it != c.status_map.end()) c.status_map.erase(it);
        if (choice > 0) c.status_map.emplace_back(value, static_cast<geo::Status>(choice - 1));
        changed = true;
      }
      ImGui::SameLine();
      ImGui::Text("%s", value.empty() ? "(empty)" : value.c_str());
      if (choice == 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("→ %s", std::string(geo::status_code(reading)).c_str());
      }
      ImGui::PopID();
    }
  }
  // Text encoding (Shapefiles without .cpg): auto-detected unless set here.
  {
    // GBK text decodes as GB18030 (its superset), so one entry serves both names.
    const char* labels[] = {"auto", "UTF-8", "GBK / GB18030", "ISO-8859-1"};
    const char* names[] = {"", "UTF-8", "GB18030", "ISO-8859-1"};
    int current = 0;
    for (int i = 1; i < 4; ++i)
      if (c.encoding == names[i]) current = i;
    if (c.encoding == "GBK" || c.encoding == "gbk" || c.encoding == "CP936") current = 2;
    ImGui::SetNextItemWidth(170.0f * v.ui_scale);
    if (ImGui::Combo("文字编码 text encoding", &current, labels, 4)) {
      c.encoding = names[current];
      changed = true;
    }
    if (!l.data.encoding.empty()) {
      ImGui::SameLine();
      ImGui::TextDisabled("(read as %s)", l.data.encoding.c_str());
    }
  }
  ImGui::Separator();
  geo::LayerStyle& s = c.style;
  changed |= ImGui::Checkbox("填充 fill polygons", &s.fill);
  if (status_field < 0) {
    geo::Rgba colour = s.color.value_or(geo::Rgba{120, 120, 120, 255});
    if (colour_edit("颜色 colour", colour)) s.color = colour, changed = true;
  }
  changed |= colour_edit("轮廓 outline", s.outline);
  float width = s.line_width_px(), point = s.point_size_px();
  if (ImGui::SliderFloat("线宽 line width px", &width, 0.5f, 16.0f, "%.1f")) s.line_width = width, changed = true;
  if (ImGui::SliderFloat("点大小 point size px", &point, 2.0f, 40.0f, "%.0f")) s.point_size = point, changed = true;
  changed |= ImGui::SliderFloat("不透明度 opacity", &s.opacity, 0.0f, 1.0f, "%.2f");
  if (s.fill) changed |= ImGui::SliderFloat("填充不透明度 fill opacity", &s.fill_opacity, 0.0f, 1.0f, "%.2f");
  if (changed) out.push_back(cmd::SetLayerConfig{form.layer, c});
  ImGui::End();
}

}  // namespace app::ui
