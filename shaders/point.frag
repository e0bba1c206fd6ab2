in vec2 v_local;
flat in vec4 v_color;
flat in float v_selected;
flat in float v_alert;       // delayed: a thick ring in u_alert_colour
flat in float v_radius;      // disc radius, pixels (larger when alerting)
uniform float u_ring;        // outline ring width, pixels
uniform vec4 u_line_colour;  // ring colour
uniform vec4 u_alert_colour;
out vec4 frag;
void main() {
  float d = length(v_local);
  float coverage = clamp(v_radius - d + 0.5, 0.0, 1.0);
  if (coverage <= 0.0) discard;
  float ring_width = v_selected > 0.5 ? u_ring * 2.5 : v_alert > 0.5 ? u_ring * 2.0 : u_ring;
  float ring = clamp(d - (v_radius - ring_width) + 0.5, 0.0, 1.0);
  vec3 ring_colour = v_selected > 0.5 ? vec3(0.0, 0.9, 1.0) : v_alert > 0.5 ? u_alert_colour.rgb : u_line_colour.rgb;
  vec4 c = mix(v_color, vec4(ring_colour, v_color.a), ring);
  frag = vec4(c.rgb, c.a * coverage);
}
