// Shared by every map shader (prepended to each stage by the renderer).
// Positions are float offsets from a bucket origin; u_offset = origin - camera centre,
// computed in double on the CPU, so that precision is spent near the view.
uniform vec2 u_offset;     // display-CRS units
uniform vec2 u_scale;      // NDC per display-CRS unit (x, y)
uniform vec2 u_viewport;   // framebuffer pixels
uniform usampler2D u_state;  // per feature: r = status (palette index), g = flags
uniform vec4 u_palette[8];   // status colours, premultiplied later
uniform vec4 u_color;        // single colour when u_use_status == 0
uniform int u_use_status;
uniform float u_opacity;

const uint FLAG_VISIBLE = 1u;

uvec2 feature_state(uint fid) {
  return texelFetch(u_state, ivec2(int(fid & 4095u), int(fid >> 12u)), 0).rg;
}
vec4 feature_colour(uvec2 state) {
  vec4 c = u_use_status != 0 ? u_palette[min(state.r, 7u)] : u_color;
  return vec4(c.rgb, c.a * u_opacity);
}
vec2 to_ndc(vec2 pos) { return (pos + u_offset) * u_scale; }
