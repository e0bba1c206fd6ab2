// Six vertices per point make a screen-aligned square of u_radius (+ outline) pixels;
// points are read from a buffer texture by gl_VertexID (x, y, feature id bits).
uniform samplerBuffer u_points;
const int kCorner[6] = int[6](0, 1, 2, 2, 1, 3);
uniform float u_radius;  // pixels, including the outline ring
uniform float u_ring;    // outline ring width, pixels
uniform int u_alert_status;  // points in this status (delayed) get a larger disc and a thick ring; -1: none
out vec2 v_local;        // pixels from the centre
flat out vec4 v_color;
flat out float v_selected;
flat out float v_alert;
flat out float v_radius;
void main() {
  int base = (gl_VertexID / 6) * 3;
  vec2 a_pos = vec2(texelFetch(u_points, base).r, texelFetch(u_points, base + 1).r);
  uint a_fid = floatBitsToUint(texelFetch(u_points, base + 2).r);
  int k = kCorner[gl_VertexID % 6];
  uvec2 st = feature_state(a_fid);
  vec2 c = to_ndc(a_pos) * 0.5 * u_viewport;
  bool alert = u_use_status != 0 && int(st.r) == u_alert_status;
  float radius = alert ? u_radius + u_ring : u_radius;
  float r = radius + 1.0;
  vec2 corner = vec2((k & 1) != 0 ? r : -r, (k & 2) != 0 ? r : -r);
  gl_Position = (st.g & FLAG_VISIBLE) != 0u ? vec4((c + corner) / (0.5 * u_viewport), 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_local = corner;
  v_color = feature_colour(st);
  v_selected = (st.g & FLAG_SELECTED) != 0u ? 1.0 : 0.0;
  v_alert = alert ? 1.0 : 0.0;
  v_radius = radius;
}
