// Attribute filters (OGR SQL WHERE): evaluated by the source's own driver, over the
// rows the layer holds. A file answers at once (in the reader process); a database on
// a worker, applied when the server answers.
#include <algorithm>
#include <chrono>

#include "app/data/reader_process.hpp"
#include "app/data/services.hpp"
#include "app/model/visibility.hpp"

namespace app {

void DataServices::apply_filter(MapLayer& l, const std::string& where) {
  const geo::SourceSpec spec{l.config.source, l.data.name};
  if (!l.database || offscreen_) {
    take_filter(l, where, data::filter_source(spec, l.data.fids, l.data.encoding, where, l.data.driver));
    return;
  }
  // One question per layer: a newer filter replaces the one still asked.
  filters_.erase(std::remove_if(filters_.begin(), filters_.end(),
                                [&](const PendingFilter& p) { return p.layer_id == l.id; }),
                 filters_.end());
  PendingFilter p;
  p.layer_id = l.id;
  p.where = where;
  p.fids = l.data.fids;
  p.answer = std::async(std::launch::async, [spec, where, fids = p.fids, enc = l.data.encoding] {
    return geo::filter_features(spec, spec.layer, fids, enc, where);  // a database: no reader process
  });
  filters_.push_back(std::move(p));
  l.filtering = true;
}

void DataServices::take_filter(MapLayer& l, const std::string& where, geo::Result<std::vector<uint8_t>> mask) {
  if (!mask) {
    l.filter_error = mask.error().reason;
    return;
  }
  l.filter = where;
  l.config.filter = where;
  l.filter_error.clear();
  l.filter_pass = std::move(*mask);
  recount(l);
  l.state_dirty = true;
  m_.map_changed = true;
}

void DataServices::poll_filters() {
  for (size_t i = 0; i < filters_.size();) {
    PendingFilter& p = filters_[i];
    if (p.answer.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
      ++i;
      continue;
    }
    PendingFilter done = std::move(p);
    filters_.erase(filters_.begin() + static_cast<long>(i));
    MapLayer* l = m_.layer_by_id(done.layer_id);
    if (!l) continue;  // the layer is gone
    l->filtering = false;
    if (done.fids != l->data.fids) {  // the rows changed meanwhile: ask again
      apply_filter(*l, done.where);
      continue;
    }
    take_filter(*l, done.where, done.answer.get());
  }
}

}  // namespace app
