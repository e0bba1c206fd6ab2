// Finding a feature by its name (Chinese, pinyin or English) or a configured search
// field, across layers.
#pragma once

#include <string>

#include "app/model/model.hpp"

namespace app {

// Fills forms.search.results (at most 50) for `text`; builds the index first when the
// layers changed since. In order:
//  1. features whose name matches (geo::SearchIndex ranking);
//  2. the same without a generic suffix (片区, 社区, 小区, 街道, 园区): "文张小区" finds
//     文张社区;
//  3. every feature of a status layer whose title matches ("张村河" lists the 张村河片区
//     社区 layer's communities);
//  4. for an area found (a polygon: a sub-district, a park, a zone), the status
//     features of other layers inside it ("中韩街道" lists the projects in it).
// Each row says the feature's status on the shown date and its layer.
void run_search(Model& m, const std::string& text);
// The query without its generic suffix ("张村河片区" → "张村河"); as given when it has
// none or is nothing but one.
std::string strip_place_suffix(const std::string& text);
// Flies to the feature with room around it, shows its layer and selects it alone.
void go_to_feature(Model& m, size_t layer, uint32_t feature);

}  // namespace app
