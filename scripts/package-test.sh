#!/usr/bin/env bash
# Builds renewmap's Debian package (cpack, cmake/packaging.cmake) and proves it installs
# and runs like any Debian program: in a second bare Debian 12 root
# (scripts/fresh-root.sh --no-src) it installs the .deb and xvfb/xauth only, checks
# `renewmap --version` and the man page, and renders the default Laoshan project from
# the installed files; here it checks the package's contents and dependencies, the
# .desktop entry (desktop-file-validate) and that the rendered PNG is a map, not blank.
#
# usage: package-test.sh [BUILD_DIR]   (default build/, as ./scripts/test.sh leaves it)
# The package, the screenshot and the logs are left in BUILD_DIR/package/.
# Needs root (the fresh root). CI runs it inside the fresh root of the test command:
#   scripts/fresh-root.sh sh -c './scripts/test.sh && ./scripts/package-test.sh'
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
say() { echo "package-test: $*" >&2; }
die() { say "FAILED: $*"; exit 1; }

scripts/setup.sh
[ -f "$build/CMakeCache.txt" ] || BUILD_DIR=$build scripts/build.sh
cmake --build "$build" -j"${JOBS:-2}" >"$build/package-build.log" 2>&1 ||
  { cat "$build/package-build.log" >&2; die "build"; }
out=$(cd "$build" && pwd)/package
rm -rf "$out" && mkdir -p "$out/share" && chmod 755 "$out" "$out/share"
(cd "$build" && cpack -G DEB -B "$out") >"$out/cpack.log" 2>&1 || { cat "$out/cpack.log" >&2; die "cpack"; }
debs=("$out"/renewmap_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || die "cpack made no renewmap_*.deb (see $out/cpack.log)"
deb=${debs[0]}
say "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"

# --- the package as built ------------------------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
say "Depends: $depends"
for d in libgdal libproj libglfw fonts-noto-cjk proj-data gdal-data libgl1-mesa-dri; do
  grep -q "$d" <<<"$depends" || die "Depends lacks $d"
done
files=$(dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')
for f in /usr/bin/renewmap /usr/share/renewmap/assets/laoshan/laoshan.project.json \
    /usr/share/renewmap/assets/laoshan/laoshan.gpkg /usr/share/renewmap/assets/laoshan/context.geojson \
    /usr/share/applications/renewmap.desktop /usr/share/icons/hicolor/scalable/apps/renewmap.svg \
    /usr/share/mime/packages/renewmap.xml /usr/share/man/man1/renewmap.1.gz; do
  grep -qx "$f" <<<"$files" || die "the package lacks $f"
done
[ "$(grep -c '^/usr/bin/.' <<<"$files")" -eq 1 ] || die "more than renewmap in /usr/bin: $(grep '^/usr/bin/.' <<<"$files")"
! grep -Ei '(test|bench|fuzz)[^/]*$' <<<"$files" | grep -v '/$' || die "tests or benchmarks in the package"
x=$out/contents && rm -rf "$x" && dpkg-deb -x "$deb" "$x"
desktop-file-validate "$x/usr/share/applications/renewmap.desktop" || die "desktop-file-validate"
/usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$x/usr/share/mime/packages/renewmap.xml" ||
  die "the MIME XML is not well-formed"
zcat "$x/usr/share/man/man1/renewmap.1.gz" | grep -q 'screenshot' || die "the man page lacks the options"

# --- installed on a bare Debian 12 ---------------------------------------------------
cp "$deb" "$out/share/" && chmod 644 "$out/share/"*.deb
say "installing it in a bare Debian 12 root, with xvfb and xauth only"
scripts/fresh-root.sh --no-src --share "$out/share" sh -ec '
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends /share/renewmap_*.deb xvfb xauth; } \
    >/share/apt.log 2>&1 || { cat /share/apt.log; exit 1; }
  renewmap --version | tee /share/version.txt
  renewmap --help | grep -q -- --screenshot
  test -f /usr/share/man/man1/renewmap.1.gz
  if command -v man >/dev/null; then man -w renewmap; fi
  cd /tmp  # nowhere near a source tree: the default project must come from /usr/share
  rc=0
  xvfb-run -a -s "-screen 0 1600x900x24" renewmap --screenshot /tmp/x.png 2>/share/screenshot.log || rc=$?
  cat /share/screenshot.log >&2
  cp /tmp/x.png /share/screenshot.png 2>/dev/null || true
  exit $rc' || die "installing or running the package in a bare root (exit $?)"
grep -qx "renewmap $(dpkg-deb -f "$deb" Version)" "$out/share/version.txt" || die "renewmap --version: $(cat "$out/share/version.txt")"

# The PNG: the Laoshan map, not a blank frame (many distinct colours, no colour covering
# nearly everything). GDAL's Python bindings come with scripts/setup.sh (Debian's
# python3, not whichever python3 is first on PATH).
cp "$out/share/screenshot.png" "$out/screenshot.png"
/usr/bin/python3 - "$out/screenshot.png" <<'EOF' || die "the screenshot is not a map"
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
assert ds and ds.RasterCount >= 3, "not an RGB image"
r, g, b = (ds.GetRasterBand(i).ReadRaster() for i in (1, 2, 3))
counts = {}
for c in zip(r, g, b):
    counts[c] = counts.get(c, 0) + 1
n = ds.RasterXSize * ds.RasterYSize
top = max(counts.values()) / n
print(f"package-test: screenshot {ds.RasterXSize}x{ds.RasterYSize}, {len(counts)} colours, "
      f"the commonest on {top:.0%} of it", file=sys.stderr)
assert len(counts) >= 100 and top < 0.9, "blank or nearly blank"
EOF
say "OK: $(basename "$deb") installs and runs on a bare Debian 12; screenshot in $out/screenshot.png"
