// Where a feature's label goes: a point inside what is visible of it. Pure geometry
// over the layer's flat arrays; no GDAL.
#pragma once

#include <cstddef>
#include <optional>

#include "geo/layer.hpp"

namespace geo {

struct LabelAnchor {
  double x = 0, y = 0;
  // Polygons: the width of the interior run through the anchor (map units), the room
  // a label has there. Lines: the visible length. Points: 0.
  double room = 0;
};

// The anchor of feature f's label within `clip` (the visible extent), in the layer's
// coordinates; nullopt when nothing of the feature is in `clip`.
//   - Polygons (a feature with any polygon part): a few horizontal scan lines across
//     the visible part of its box, the middle ones preferred; on each, the interior
//     runs by the even-odd rule over all its rings, clipped to `clip`; the midpoint
//     of the widest run. So the label of a U-shaped, ring-shaped or holed area lies
//     on the area, never in the hole or the bay where its box's centre falls, and a
//     sea or district larger than the view is labelled where it is on screen.
//   - Lines: the point halfway along the part of the line that is in `clip`, so a
//     ring road is labelled on the road, not in the park it encloses.
//   - Points: the first point in `clip`.
std::optional<LabelAnchor> label_anchor(const VectorLayer& layer, size_t f, const Bbox& clip);

}  // namespace geo
