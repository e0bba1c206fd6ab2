#!/usr/bin/env bash
# The renderer's figures on a machine with an NVIDIA GPU that cannot install
# packages (the device tool: EGL headless, no X, no apt). Two halves:
#
#   bench/gpu.sh bundle            on this machine, after a build: bench_render and
#                                  every shared library it needs that a bare GPU
#                                  machine may lack, packed into build/gpu-bundle.tar.xz
#                                  (checked to be under the 64 MiB a device call carries)
#   bench/gpu.sh run [SIZES]       on the GPU machine, from the repository root: unpacks
#                                  the bundle, generates the datasets there (all cores)
#                                  and prints the table of bench_render --egl. SIZES as
#                                  bench_render takes them; default 10k,100k,1m (within
#                                  5 minutes on an H100/H200 machine), 10m opt-in.
#
# The GL and EGL libraries are the machine's own (its NVIDIA driver); GLVND's
# dispatchers travel in the bundle for a machine whose driver came without them.
#
#   device call:  run(command="bench/gpu.sh run 10k,100k,1m", carry=["build/gpu-bundle.tar.xz"])
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=build/gpu-bundle.tar.xz

case ${1:-} in
  bundle)
    bin=build/bench/bench_render
    [ -x "$bin" ] || { echo "gpu.sh: build first (cmake --build build -j2 --target bench_render)" >&2; exit 1; }
    stage=$(mktemp -d)
    trap 'rm -rf "$stage"' EXIT
    mkdir -p "$stage/gpu-bundle/lib" "$stage/gpu-bundle/glvnd"
    cp "$bin" "$stage/gpu-bundle/"
    # What ldd resolves, less the C library and the GL stack (the driver's own).
    ldd "$bin" | awk '/=> \// {print $1, $3}' | while read -r name path; do
      case $name in
        libc.so*|libm.so*|libpthread.so*|libdl.so*|librt.so*|ld-linux*|libresolv.so*) ;;
        libEGL.so*|libOpenGL.so*|libGLdispatch.so*|libGLX.so*|libGL.so*) cp -L "$path" "$stage/gpu-bundle/glvnd/$name" ;;
        libEGL_mesa*|libGLX_mesa*|libgbm*|libdrm*|libglapi*) ;;
        *) cp -L "$path" "$stage/gpu-bundle/lib/$name" ;;
      esac
    done
    # PROJ's database and GDAL's data, which the libraries look for at run time.
    mkdir -p "$stage/gpu-bundle/share"
    cp -r /usr/share/proj "$stage/gpu-bundle/share/proj"
    cp -r /usr/share/gdal "$stage/gpu-bundle/share/gdal"
    strip --strip-unneeded "$stage/gpu-bundle/bench_render" "$stage/gpu-bundle/lib/"* 2>/dev/null || true
    tar -C "$stage" -cf - gpu-bundle | xz -T2 -6 > "$bundle.part"
    mv "$bundle.part" "$bundle"
    size=$(stat -c %s "$bundle")
    echo "gpu.sh: $bundle: $((size / 1048576)) MiB ($(ls "$stage/gpu-bundle/lib" | wc -l) libraries)"
    [ "$size" -lt $((64 * 1048576)) ] || { echo "gpu.sh: over the 64 MiB a device call carries" >&2; exit 1; }
    ;;
  run)
    sizes=${2:-10k,100k,1m}
    [ -f "$bundle" ] || { echo "gpu.sh: no $bundle (run 'bench/gpu.sh bundle' on the build machine and carry it)" >&2; exit 1; }
    work=${TMPDIR:-/tmp}/renewmap-gpu
    rm -rf "$work/gpu-bundle"
    mkdir -p "$work/cache"
    xz -dc "$bundle" | tar -C "$work" -xf -
    b=$work/gpu-bundle
    libs=$b/lib
    # GLVND's dispatchers only where the machine has none of its own.
    /sbin/ldconfig -p 2>/dev/null | grep -q 'libEGL.so.1 ' || libs=$libs:$b/glvnd
    export LD_LIBRARY_PATH=$libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export PROJ_DATA=$b/share/proj PROJ_LIB=$b/share/proj GDAL_DATA=$b/share/gdal
    echo "gpu.sh: $(nproc) cores; $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo 'nvidia-smi absent')"
    start=$(date +%s)
    "$b/bench_render" --egl --datasets-only --sizes "$sizes" --no-extra --cache "$work/cache" >/dev/null
    echo "gpu.sh: datasets ready after $(( $(date +%s) - start )) s"
    "$b/bench_render" --egl --sizes "$sizes" --no-extra --cache "$work/cache" --markdown "$work/table.md" >/dev/null
    cat "$work/table.md"
    # The same frames with the CPU painter for small features, to show the choice.
    RENEWMAP_SMALL_FEATURES=cpu "$b/bench_render" --egl --sizes "$sizes" --no-extra --cache "$work/cache" \
      --markdown "$work/table-cpu-painter.md" >/dev/null
    echo; echo "With the CPU painter (RENEWMAP_SMALL_FEATURES=cpu):"; grep '^|' "$work/table-cpu-painter.md"
    echo "gpu.sh: done after $(( $(date +%s) - start )) s"
    if [ -n "${OUT:-}" ]; then cp "$work/table.md" "$work/table-cpu-painter.md" "$OUT/"; fi
    ;;
  *)
    echo "usage: bench/gpu.sh bundle | bench/gpu.sh run [SIZES]" >&2
    exit 64
    ;;
esac
