#!/usr/bin/env bash
# Installs what renewmap needs from Debian 12's packages. Idempotent and quiet: does
# nothing when everything is already there. Needs root (or sudo) only to install.
set -euo pipefail

PACKAGES=(
  cmake g++ make pkg-config
  libgdal-dev gdal-bin python3-gdal      # reading vector and raster data; the Laoshan generator
  libpq-dev                              # PostGIS tiles and counts through libpq (geo/pg_client.cpp)
  libgeos-dev                            # a time limit on GDAL's polygon repair (GEOS interrupts)
  libproj-dev proj-bin                   # coordinate transformation
  libimgui-dev libstb-dev libglfw3-dev python3-glad # UI, window, OpenGL loader (generated at configure time)
  libgl-dev libgl1-mesa-dri libglx-mesa0 # OpenGL (Mesa llvmpipe where there is no GPU)
  libegl-dev libegl-mesa0 libopengl-dev  # headless EGL context for the GPU benchmark (bench_render --egl; GLVND libOpenGL)
  libfreetype-dev libfontconfig-dev fonts-noto-cjk  # Chinese text
  nlohmann-json3-dev                     # project files
  libavcodec-dev libavformat-dev libavutil-dev libswscale-dev  # the walk-through video (--export-video)
  libcairo2-dev poppler-utils            # the per-area PDF report (--report); pdftotext/pdftoppm in its test
  catch2 xvfb xauth time zip xdotool     # tests (window tests under Xvfb, driven by xdotool; zip for the formats corpus); GNU time for the benchmark
  imagemagick                            # screenshots of the live window in the meeting script (import -window root)
  clang-14 libclang-rt-14-dev            # libFuzzer targets (scripts/fuzz.sh)
  postgresql-15 postgresql-15-postgis-3 postgresql-client-15  # PostGIS tests: a private server (tests/pg)
  dpkg-dev file help2man desktop-file-utils  # the .deb: dpkg-shlibdeps, the man page, checks (scripts/package-test.sh)
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
