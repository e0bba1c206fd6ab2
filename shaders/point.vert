// One instance per point: a screen-aligned square of u_radius (+ outline) pixels.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_fid;
uniform float u_radius;  // pixels, including the outline ring
out vec2 v_local;        // pixels from the centre
flat out vec4 v_color;
void main() {
  uvec2 st = feature_state(a_fid);
  vec2 c = to_ndc(a_pos) * 0.5 * u_viewport;
  float r = u_radius + 1.0;
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? r : -r, (gl_VertexID & 2) != 0 ? r : -r);
  gl_Position = (st.g & FLAG_VISIBLE) != 0u ? vec4((c + corner) / (0.5 * u_viewport), 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_local = corner;
  v_color = feature_colour(st);
}
