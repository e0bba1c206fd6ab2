// Finding a feature by its name (Chinese, pinyin or English) or a configured search
// field, across layers.
#pragma once

#include <string>

#include "app/model/model.hpp"

namespace app {

// Fills forms.search.results (at most 50, best first) for `text`; builds the index
// first when the layers changed since.
void run_search(Model& m, const std::string& text);
// Flies to the feature with room around it, shows its layer and selects it alone.
void go_to_feature(Model& m, size_t layer, uint32_t feature);

}  // namespace app
