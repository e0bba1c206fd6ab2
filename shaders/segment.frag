in vec2 v_local;
flat in float v_length;
flat in vec4 v_color;
uniform float u_half_width;
out vec4 frag;
void main() {
  // Distance from this pixel to the segment [0, length] on the local x axis.
  float dx = max(max(-v_local.x, v_local.x - v_length), 0.0);
  float dist = length(vec2(dx, v_local.y));
  float coverage = clamp(u_half_width - dist + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  frag = vec4(v_color.rgb, v_color.a * coverage);
}
