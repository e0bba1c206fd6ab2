// A textured rectangle: u_rect is x0, y0, x1, y1 in NDC; the texture's first row is
// its top (images are filled top row first).
uniform vec4 u_rect;
uniform int u_flip_y;  // 1: the first row is the top (CPU images); 0: GL order (FBOs)
out vec2 v_uv;
void main() {
  vec2 corner = vec2((gl_VertexID & 1) != 0 ? 1.0 : 0.0, (gl_VertexID & 2) != 0 ? 1.0 : 0.0);
  gl_Position = vec4(mix(u_rect.xy, u_rect.zw, corner), 0.0, 1.0);
  v_uv = vec2(corner.x, u_flip_y != 0 ? 1.0 - corner.y : corner.y);
}
