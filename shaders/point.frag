in vec2 v_local;
flat in vec4 v_color;
uniform float u_radius;
uniform float u_ring;        // outline ring width, pixels
uniform vec4 u_line_colour;  // ring colour
out vec4 frag;
void main() {
  float d = length(v_local);
  float coverage = clamp(u_radius - d + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  float ring = clamp(d - (u_radius - u_ring) + 0.5, 0.0, 1.0);
  vec4 c = mix(v_color, vec4(u_line_colour.rgb, v_color.a), ring);
  frag = vec4(c.rgb, c.a * coverage);
}
