// Features too small on screen for their geometry, each drawn as the pixel rectangle
// of its bounding box: the GPU counterpart of MapRenderer's CPU painter, pixel for
// pixel. Six vertices per box, read from a buffer texture by gl_VertexID (x0, y0, x1,
// y1 relative to the bucket origin, then the feature id bits with the top bit set for
// features made of points only). No attributes and no instancing, as for segments.
uniform samplerBuffer u_boxes;
uniform int u_first;          // rank of the box at vertex 0
uniform int u_geometry_rank;  // ranks below this draw as geometry (points excepted)
uniform int u_skip_points;    // 1: point features draw as discs, not here
uniform float u_grow;         // pixels a point's square reaches beyond its centre
flat out vec4 v_color;
const int kCorner[6] = int[6](0, 1, 2, 2, 1, 3);
void main() {
  int rank = u_first + gl_VertexID / 6;
  int base = rank * 5;
  vec4 box = vec4(texelFetch(u_boxes, base).r, texelFetch(u_boxes, base + 1).r, texelFetch(u_boxes, base + 2).r,
                  texelFetch(u_boxes, base + 3).r);
  uint bits = floatBitsToUint(texelFetch(u_boxes, base + 4).r);
  bool point = (bits & 0x80000000u) != 0u;
  uvec2 st = feature_state(bits & 0x7FFFFFFFu);
  bool drawn = (st.g & FLAG_VISIBLE) != 0u && !(point && u_skip_points != 0) && (point || rank >= u_geometry_rank);
  // Window pixels of the box corners (GL: y up).
  vec2 lo = (to_ndc(box.xy) * 0.5 + 0.5) * u_viewport;
  vec2 hi = (to_ndc(box.zw) * 0.5 + 0.5) * u_viewport;
  float grow = point ? u_grow : 0.0;
  // The painter fills columns floor(x0) … floor(x1) and, counting rows from the top,
  // floor(H - y1) … floor(H - y0): the same pixels as edges on whole numbers here.
  float h = u_viewport.y;
  vec2 a = vec2(floor(lo.x - grow), h - 1.0 - floor(h - lo.y + grow));
  vec2 b = vec2(floor(hi.x + grow) + 1.0, h - floor(h - hi.y - grow));
  int k = kCorner[gl_VertexID % 6];
  vec2 p = vec2((k & 1) != 0 ? b.x : a.x, (k & 2) != 0 ? b.y : a.y);
  gl_Position = drawn ? vec4(p / u_viewport * 2.0 - 1.0, 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_color = feature_colour(st);
}
