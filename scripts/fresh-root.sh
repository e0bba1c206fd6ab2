#!/usr/bin/env bash
# Runs COMMAND as root in a freshly made, bare Debian 12 (bookworm) root: debootstrap
# --variant=minbase plus git and ca-certificates, nothing else. It proves that a
# command works on a new machine, e.g. the README's test command:
#
#   scripts/fresh-root.sh ./scripts/test.sh
#
# usage: fresh-root.sh [--keep] [--no-src] [--share DIR] COMMAND...
#   (default)    /src is a git clone of this checkout's HEAD (committed files only)
#                and the working directory
#   --no-src     no clone; the working directory is /root
#   --share DIR  bind-mounts the directory DIR (read-write) at /share in the root
#   --keep       leave the root mounted and in place on exit (its path is printed)
# Exits with COMMAND's status (125 when the root could not be made).
#
# The bare root is made once and cached as a tarball in $RENEWMAP_CI_CACHE (default
# /var/cache/renewmap-ci); later runs unpack it. Downloaded .deb files are kept in
# $RENEWMAP_CI_CACHE/debs, which is the root's /var/cache/apt/archives, so each
# package is downloaded once across runs; apt-get still installs inside the root
# every time. The cache is also mounted at the same path inside the root, so a
# fresh-root.sh run inside the root (scripts/package-test.sh) reuses it.
# The mirror and the security suite come from this machine's apt sources at run time.
# Needs root (mount, chroot). Runs without stdin (CI).
set -euo pipefail

keep=0 src=1 share=""
while [ $# -gt 0 ]; do
  case $1 in
    --keep) keep=1; shift ;;
    --no-src) src=0; shift ;;
    --share) share=$(cd "${2:?--share needs a directory}" && pwd); shift 2 ;;
    --) shift; break ;;
    -*) echo "fresh-root: unknown option $1" >&2; exit 125 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: fresh-root.sh [--keep] [--no-src] [--share DIR] COMMAND..." >&2; exit 125; }
[ "$(id -u)" -eq 0 ] || { echo "fresh-root: needs root (mount, chroot)" >&2; exit 125; }

repo=$(cd "$(dirname "$0")/.." && pwd)
suite=bookworm
cache=${RENEWMAP_CI_CACHE:-/var/cache/renewmap-ci}
debs=$cache/debs
mkdir -p "$debs/partial"
log=$(mktemp "${TMPDIR:-/tmp}/fresh-root.XXXXXX.log")
root=""

say() { echo "fresh-root: $*" >&2; }
fail() {
  say "FAILED: $*"
  [ -s "$log" ] && { say "log ($log):"; cat "$log" >&2; }
  exit 125
}

# --- this machine's apt sources: "URI SUITE COMPONENTS..." for each deb source -------
host_sources() {
  {
    for f in /etc/apt/sources.list.d/*.sources; do
      [ -f "$f" ] || continue
      # deb822: blank-line separated stanzas of "Field: value"; "#" lines are comments.
      awk '
        function flush() {
          if (types ~ /(^| )deb( |$)/ && enabled !~ /^no$/) {
            n = split(uris, u, " "); m = split(suites, s, " ")
            for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print u[i], s[j], comps
          }
          types = uris = suites = comps = enabled = ""
        }
        /^[ \t]*#/ { next }
        /^[ \t]*$/ { flush(); next }
        {
          key = tolower($1); sub(/:$/, "", key)
          val = $0; sub(/^[^:]*:[ \t]*/, "", val)
          if (key == "types") types = val
          else if (key == "uris") uris = val
          else if (key == "suites") suites = val
          else if (key == "components") comps = val
          else if (key == "enabled") enabled = tolower(val)
        }
        END { flush() }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      # one-line form: deb [options] URI SUITE COMPONENTS...
      sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$f" | awk '$1 == "deb" && NF >= 3 { $1 = ""; sub(/^ /, ""); print }'
    done
  } | awk -v s="$suite" '$2 == s || $2 == s "-updates" || $2 == s "-security" || $2 == s "/updates"'
}

sources=$(host_sources)
mirror=$(awk -v s="$suite" '$2 == s { print $1; exit }' <<<"$sources")
[ -n "$mirror" ] || fail "no '$suite' suite in this machine's apt sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"
grep -q -- "-security" <<<"$sources" || say "note: no $suite-security suite in this machine's apt sources"

# --- removing a root: stop what runs in it, unmount (deepest first), delete ------------
mounted_under() { awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo; }
remove_tree() {
  local dir=$1 p m pids=() names=()
  # Processes left behind inside it (a server a failed test did not stop). One may end
  # between the two reads of /proc (a reader process exiting after its viewer): its
  # name is then "gone", not a failed command that set -e turns into this script's
  # exit status (a run that had passed once exited 1 here, saying nothing).
  for p in /proc/[0-9]*; do
    case $(readlink "$p/root" 2>/dev/null || true) in
      "$dir" | "$dir"/*) pids+=("${p#/proc/}"); names+=("${p#/proc/} ($(cat "$p/comm" 2>/dev/null || echo gone))") ;;
    esac
  done
  if [ ${#pids[@]} -gt 0 ]; then
    say "stopping processes left in the root: ${names[*]}"
    kill "${pids[@]}" 2>/dev/null || true; sleep 2; kill -9 "${pids[@]}" 2>/dev/null || true
  fi
  # Every mount at or under it, ours and any the command made, deepest first.
  mounted_under "$dir" | sort -r | while read -r m; do umount "$m" 2>/dev/null || umount -l "$m" || true; done
  if [ -n "$(mounted_under "$dir")" ]; then
    say "WARNING: something is still mounted under $dir; left in place"
  else
    rm -rf --one-file-system "$dir"
  fi
}
cleanup() {
  local rc=$?
  if [ -n "$root" ] && [ -d "$root" ]; then
    if [ $keep -eq 1 ]; then
      say "kept the root at $root (mounted; to remove it: umount the mounts under it, then rm -rf)"
    else
      remove_tree "$root"
    fi
  fi
  rm -f "$log"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# --- the bare root, made once -----------------------------------------------------
include=git,ca-certificates
tarball=$cache/$suite-minbase.tar.gz
stamp="$suite minbase $include $mirror"
make_tarball() {
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap on this machine"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$log" 2>&1 </dev/null || fail "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap \
      >>"$log" 2>&1 </dev/null || fail "apt-get install debootstrap"
  fi
  local build
  build=$(mktemp -d "$cache/build.XXXXXX")
  say "making the bare $suite root (debootstrap --variant=minbase, once; a few minutes)"
  if ! debootstrap --variant=minbase --include="$include" --cache-dir="$debs" \
      "$suite" "$build" "$mirror" >>"$log" 2>&1 </dev/null; then
    remove_tree "$build"
    fail "debootstrap"
  fi
  rm -f "$build"/var/cache/apt/archives/*.deb "$build"/var/lib/apt/lists/*_Packages \
    "$build"/var/lib/apt/lists/*_Release "$build"/var/lib/apt/lists/*_InRelease
  chmod 755 "$build"  # it becomes the root's /
  tar -C "$build" --numeric-owner -czf "$tarball.tmp" . >>"$log" 2>&1 || fail "tar"
  rm -rf --one-file-system "$build"
  echo "$stamp" >"$tarball.stamp.tmp"
  mv "$tarball.tmp" "$tarball" && mv "$tarball.stamp.tmp" "$tarball.stamp"
}
(
  flock 9
  if [ ! -f "$tarball" ] || [ "$(cat "$tarball.stamp" 2>/dev/null)" != "$stamp" ]; then make_tarball; fi
) 9>"$cache/lock"

root=$(mktemp -d "${RENEWMAP_ROOT_PARENT:-/var/tmp}/fresh-root.XXXXXX")
say "unpacking the bare $suite root into $root"
tar -C "$root" --numeric-owner -xzf "$tarball" >>"$log" 2>&1 || fail "unpacking $tarball"
chmod 755 "$root"  # mktemp's 0700 would keep every other user (postgres) out of /

# --- apt inside the root: this machine's mirror, keep downloaded packages ------------
rm -f "$root/etc/apt/sources.list.d/"*
awk '{ print "deb", $0 }' <<<"$sources" >"$root/etc/apt/sources.list"
# Settings this machine's apt needs to reach its mirror (a snapshot's expired
# Valid-Until, a proxy) are copied as they are.
for f in /etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -qiE 'Check-Valid-Until|Check-Date|::Proxy' "$f" && cp "$f" "$root/etc/apt/apt.conf.d/"
done
# Anything that would empty /var/cache/apt/archives after an install (docker-clean
# style) goes; the archive is shared across runs.
for f in "$root"/etc/apt/apt.conf.d/*; do
  [ -f "$f" ] && grep -qE 'archives|Keep-Downloaded-Packages' "$f" && rm -f "$f"
done
cat >"$root/etc/apt/apt.conf.d/99fresh-root" <<'EOF'
// scripts/fresh-root.sh: /var/cache/apt/archives is a cache shared across runs
APT::Keep-Downloaded-Packages "true";
Binary::apt::APT::Keep-Downloaded-Packages "true";
EOF
# No daemons start from package scripts (a chroot has no init to own them).
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
cp /etc/hosts "$root/etc/hosts" 2>/dev/null || true

# --- the source --------------------------------------------------------------------
cwd=/root
if [ $src -eq 1 ]; then
  head=$(git -C "$repo" rev-parse HEAD) || fail "$repo is not a git checkout"
  say "cloning HEAD ${head:0:12} into /src"
  git clone -q --no-checkout "$repo" "$root/src" >>"$log" 2>&1 || fail "git clone"
  git -C "$root/src" checkout -q --detach "$head" >>"$log" 2>&1 || fail "git checkout $head"
  cwd=/src
fi

# --- mounts ------------------------------------------------------------------------
mnt() {  # mnt TARGET MOUNT-ARGS...
  local target=$root$1; shift
  mkdir -p "$target"
  mount "$@" "$target" >>"$log" 2>&1 || fail "mount $* $target"
  # A bind mount of a shared mount would pass mounts made under it back to the
  # original (systemd makes / shared): keep it private.
  [ "$1" != --bind ] || mount --make-private "$target" >>"$log" 2>&1 || fail "mount --make-private $target"
}
mnt /proc -t proc proc
mnt /sys -t sysfs sysfs
mnt /dev --bind /dev
mnt /dev/pts --bind /dev/pts
mnt /dev/shm -t tmpfs -o mode=1777,nosuid,nodev tmpfs
mnt /tmp -t tmpfs -o mode=1777,nosuid,nodev tmpfs
mnt /var/cache/apt/archives --bind "$debs"
mnt "$cache" --bind "$cache"
[ -n "$share" ] && mnt /share --bind "$share"

# --- run -------------------------------------------------------------------------
cmdline=$(tr '\n' ' ' <<<"$*" | tr -s ' ')
[ ${#cmdline} -le 100 ] || cmdline="${cmdline:0:97}..."
say "running: $cmdline"
envs=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
      LANG=C.UTF-8 RENEWMAP_CI_CACHE="$cache")
for v in CI JOBS TERM; do [ -n "${!v:-}" ] && envs+=("$v=${!v}"); done
rc=0
if [ -t 0 ]; then
  chroot "$root" /usr/bin/env -i "${envs[@]}" sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@" || rc=$?
else
  chroot "$root" /usr/bin/env -i "${envs[@]}" sh -c 'cd "$1" && shift && exec "$@"' sh "$cwd" "$@" </dev/null || rc=$?
fi
say "exit status $rc"
exit $rc
