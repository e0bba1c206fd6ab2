// Six vertices per point make a screen-aligned square of u_radius (+ outline) pixels;
// points are read from a buffer texture by gl_VertexID (x, y, feature id bits).
uniform samplerBuffer u_points;
const int kCorner[6] = int[6](0, 1, 2, 2, 1, 3);
uniform float u_radius;  // pixels, including the outline ring
out vec2 v_local;        // pixels from the centre
flat out vec4 v_color;
flat out float v_selected;
void main() {
  int base = (gl_VertexID / 6) * 3;
  vec2 a_pos = vec2(texelFetch(u_points, base).r, texelFetch(u_points, base + 1).r);
  uint a_fid = floatBitsToUint(texelFetch(u_points, base + 2).r);
  int k = kCorner[gl_VertexID % 6];
  uvec2 st = feature_state(a_fid);
  vec2 c = to_ndc(a_pos) * 0.5 * u_viewport;
  float r = u_radius + 1.0;
  vec2 corner = vec2((k & 1) != 0 ? r : -r, (k & 2) != 0 ? r : -r);
  gl_Position = (st.g & FLAG_VISIBLE) != 0u ? vec4((c + corner) / (0.5 * u_viewport), 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_local = corner;
  v_color = feature_colour(st);
  v_selected = (st.g & 2u) != 0u ? 1.0 : 0.0;
}
