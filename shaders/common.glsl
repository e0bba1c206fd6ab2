// Shared by every map shader (prepended to each stage by the renderer).
// Positions are float offsets from a bucket origin; u_offset = origin - camera centre,
// computed in double on the CPU, so that precision is spent near the view.
uniform vec2 u_offset;     // display-CRS units
uniform vec2 u_scale;      // NDC per display-CRS unit (x, y)
uniform vec2 u_viewport;   // framebuffer pixels
uniform usampler2D u_state;  // per feature: r = recorded status, g = flags (filter pass, selected)
uniform isampler2D u_dates;  // per feature: start, planned finish, actual finish, recorded | relocation << 8
uniform int u_day;           // the shown date, days since 1970-01-01
uniform int u_dated;         // 1: statuses from the dates on u_day; 0: the recorded ones
uniform uint u_hidden;       // statuses hidden by the legend or the layer (bit per status)
uniform vec4 u_palette[8];   // status colours, premultiplied later
uniform vec4 u_color;        // single colour when u_use_status == 0
uniform int u_use_status;
uniform float u_opacity;

const uint FLAG_VISIBLE = 1u;
const uint FLAG_SELECTED = 2u;
const int NO_DAY = int(0x80000000u);

ivec2 feature_texel(uint fid) { return ivec2(int(fid & 4095u), int(fid >> 12u)); }

// geo/timeline.hpp's rules for feature fid on u_day, in the same order (a test
// compares the two for every Laoshan feature at ten dates):
//   no date at all -> recorded; finished -> completed; past the planned finish ->
//   delayed; started -> relocation or under construction; else planned.
uint dated_status(uint fid) {
  ivec4 d = texelFetch(u_dates, feature_texel(fid), 0);
  bool has_start = d.x != NO_DAY, has_due = d.y != NO_DAY, has_finish = d.z != NO_DAY;
  if (!(has_start || has_due || has_finish)) return uint(d.w & 255);
  if (has_finish && u_day >= d.z) return 4u;                // completed
  if (has_due && u_day > d.y) return 5u;                    // delayed
  if (has_start && u_day >= d.x) return (d.w >> 8) != 0 ? 2u : 3u;  // relocation / under construction
  return 1u;                                                // planned
}

// (status, flags) of a feature as drawn now: its status on the shown date, and
// neither visible nor selected when that status is hidden. DATED_STATUS is defined
// where the GPU derives statuses (MapRenderer::small_features_on_gpu); elsewhere the
// state bytes carry them, and a software rasteriser is spared the dates lookup,
// which it would make for every vertex whatever u_dated says.
uvec2 feature_state(uint fid) {
  uvec2 st = texelFetch(u_state, feature_texel(fid), 0).rg;
#ifdef DATED_STATUS
  uint status = st.r;
  if (u_dated != 0) status = dated_status(fid);
#else
  uint status = st.r;
#endif
  uint flags = ((u_hidden >> status) & 1u) != 0u ? 0u : st.g;
  return uvec2(status, flags);
}
vec4 feature_colour(uvec2 state) {
  vec4 c = u_use_status != 0 ? u_palette[min(state.r, 7u)] : u_color;
  return vec4(c.rgb, c.a * u_opacity);
}
vec2 to_ndc(vec2 pos) { return (pos + u_offset) * u_scale; }
