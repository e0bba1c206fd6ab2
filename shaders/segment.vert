// Six vertices (two triangles) per segment make a quad around it, widened to
// u_half_width pixels plus a pixel for antialiasing and extended by the half width at
// both ends so that joins and caps come out round. Segments are read from a buffer
// texture by gl_VertexID (5 floats each: x0, y0, x1, y1, feature id bits): no vertex
// attributes and no instancing, which software rasterisers run one instance at a time.
uniform samplerBuffer u_segments;
uniform float u_half_width;  // pixels
uniform int u_status_colour; // 1: status/layer colour, 0: u_line_colour (outline, casing)
uniform vec4 u_line_colour;
uniform int u_only_status;   // >= 0: draw only features in this status (delayed highlight)
uniform uint u_only_flags;   // != 0: draw only features with one of these flags (selection)
out vec2 v_local;            // pixels: x along the segment from p0, y across
flat out float v_length;
flat out vec4 v_color;
const int kCorner[6] = int[6](0, 1, 2, 2, 1, 3);
void main() {
  int base = (gl_VertexID / 6) * 5;
  vec4 a_seg = vec4(texelFetch(u_segments, base).r, texelFetch(u_segments, base + 1).r,
                    texelFetch(u_segments, base + 2).r, texelFetch(u_segments, base + 3).r);
  uint a_fid = floatBitsToUint(texelFetch(u_segments, base + 4).r);
  uvec2 st = feature_state(a_fid);
  vec2 p0 = to_ndc(a_seg.xy) * 0.5 * u_viewport;
  vec2 p1 = to_ndc(a_seg.zw) * 0.5 * u_viewport;
  vec2 d = p1 - p0;
  float len = length(d);
  vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
  vec2 nrm = vec2(-dir.y, dir.x);
  float r = u_half_width + 1.0;
  int corner = kCorner[gl_VertexID % 6];
  float along = (corner == 0 || corner == 1) ? -r : len + r;
  float across = (corner == 0 || corner == 2) ? -r : r;
  vec2 p = p0 + dir * along + nrm * across;
  bool shown = (st.g & FLAG_VISIBLE) != 0u && (u_only_status < 0 || int(st.r) == u_only_status) &&
               (u_only_flags == 0u || (st.g & u_only_flags) != 0u);
  gl_Position = shown ? vec4(p / (0.5 * u_viewport), 0.0, 1.0) : vec4(2.0, 2.0, 2.0, 1.0);
  v_local = vec2(along, across);
  v_length = len;
  v_color = u_status_colour != 0 ? feature_colour(st) : vec4(u_line_colour.rgb, u_line_colour.a * u_opacity);
}
