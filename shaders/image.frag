in vec2 v_uv;
uniform sampler2D u_image;
out vec4 frag;
void main() { frag = texture(u_image, v_uv); }
