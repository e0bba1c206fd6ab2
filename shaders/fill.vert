layout(location = 0) in vec2 a_pos;
layout(location = 1) in uint a_fid;
flat out vec4 v_color;
void main() {
  uvec2 st = feature_state(a_fid);
  // Hidden features collapse to a point outside the clip volume: no re-upload.
  gl_Position = (st.g & FLAG_VISIBLE) != 0u ? vec4(to_ndc(a_pos), 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_color = feature_colour(st);
}
