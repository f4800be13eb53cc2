#!/usr/bin/env bash
# Makes a JRE 17 base image as a tarball for `docker import`, without any container registry: a
# root file system made of this machine's own installed Debian packages — Debian's
# openjdk-17-jre-headless and the userland the Dockerfile and the agent need, with everything they
# depend on — copied file by file from what dpkg says each package installed.
#
#   build-jre-base.sh            prints the path of the tarball, building it only if it is not cached
#
# Why the host's packages and not debootstrap + apt in a chroot: the build and the tests already run
# on Debian's openjdk-17 (.ci/run installs it), so the image gets the very JRE the tests use, and a
# cold build is a file copy (seconds) instead of downloading and unpacking a Debian system (minutes
# on a loaded 2-core machine). Nothing is downloaded, so no package archive needs to be reachable.
#
# What the image must have (src/main/docker/Dockerfile.jvm and the agent): `java` on PATH, sh, bash
# (the health check), groupadd/useradd, setsid and kill (the process launcher), du (disk isolator),
# and the usual coreutils. Maintainer scripts do not run: what they would have made (/etc/passwd,
# the `java` alternative, the Java trust store, the linker cache) is made below.
#
# The tarball is cached in $MEZZO_CI_CACHE (default /var/cache/mezzo-ci), named by a hash of this
# script and of the versions of the packages copied, so a change to either builds a fresh one and
# older ones are removed. Cold it takes seconds (a copy and a tar of ~250 MB); warm, none.
set -euo pipefail

PACKAGES=(
  base-files base-passwd libc6 libc-bin # the file system layout, users, the C library and ldconfig
  dash bash coreutils                   # /bin/sh, the health check's bash, the usual commands
  util-linux procps                     # setsid and kill for the process launcher
  passwd login                          # groupadd/useradd and their /etc/login.defs
  openjdk-17-jre-headless               # the JRE
)
JAVA_HOME_DIR=/usr/lib/jvm/java-17-openjdk-amd64
CACHE=${MEZZO_CI_CACHE:-/var/cache/mezzo-ci}

log() { echo "build-jre-base: $*" >&2; }

[[ $(id -u) == 0 ]] || { log "needs root (the copied files keep their owners; chroot)"; exit 2; }
missing=()
for p in "${PACKAGES[@]}"; do
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || missing+=("$p")
done
if ((${#missing[@]})); then
  log "needs these Debian packages installed on this machine: ${missing[*]} (.ci/run installs them)"
  exit 2
fi

# The packages and everything they depend on, as apt would have installed them: the closure of
# Pre-Depends and Depends over the installed packages (first installed alternative, or the installed
# provider of a virtual package). One dpkg-query, no per-file work: a loaded machine stays fast.
closure() {
  dpkg-query -W -f='${Package}\t${db:Status-Status}\t${Pre-Depends}, ${Depends}\t${Provides}\n' \
    | awk -F'\t' -v roots="$*" '
      $2 != "installed" { next }
      {
        p = $1; sub(/:.*/, "", p); installed[p] = 1; deps[p] = $3
        n = split($4, pv, / *, */)
        for (i = 1; i <= n; i++) { v = pv[i]; sub(/ .*/, "", v); if (v != "" && !(v in by)) by[v] = p }
      }
      END {
        n = split(roots, queue, " ")
        for (i = 1; i <= n; i++) want[queue[i]] = 1
        for (head = 1; head <= n; head++) {
          m = split(deps[queue[head]], d, / *, */)
          for (j = 1; j <= m; j++) {
            k = split(d[j], alt, / *[|] */)
            pick = ""
            for (a = 1; a <= k && pick == ""; a++) {
              name = alt[a]; sub(/[ :(].*/, "", name)
              if (name in installed) pick = name; else if (name in by) pick = by[name]
            }
            if (pick != "" && !(pick in want)) { want[pick] = 1; queue[++n] = pick }
          }
        }
        for (p in want) print p
      }' | sort
}
# Debian's Essential packages are in every Debian system (debootstrap's minbase too) and nothing
# declares a dependency on them, so they are roots as well.
mapfile -t essential < <(dpkg-query -W -f='${Package} ${Essential} ${db:Status-Status}\n' \
  | awk '$2 == "yes" && $3 == "installed" {print $1}')
mapfile -t closure < <(closure "${PACKAGES[@]}" "${essential[@]}")

self=$(readlink -f "${BASH_SOURCE[0]}")
# Keyed by the versions of the packages copied, so an upgrade of any of them builds afresh.
key=$({ cat "$self"; dpkg-query -W -f='${Package} ${Version}\n' "${closure[@]}"; } \
  | sha256sum | cut -c1-16)
tarball=$CACHE/jre17-host-$key.tar

mkdir -p "$CACHE"
# One builder at a time per cache; a second caller waits and then finds the tarball.
exec 9>"$CACHE/.lock"
flock 9

if [[ -s $tarball ]]; then
  log "cached $tarball"
  echo "$tarball"
  exit 0
fi

root=$(mktemp -d "$CACHE/root.XXXXXX")
chmod 755 "$root"
list=$(mktemp)
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$root" "$tarball.partial" "$list" "$list".*
}
trap cleanup EXIT

started=$(date +%s)
log "copying ${#closure[@]} installed packages: ${closure[*]}"
# Debian's merged /usr, as debootstrap and the official images lay it out.
mkdir -p "$root"/usr/{bin,sbin,lib,lib64}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done

# Every file those packages installed that still exists here (a machine may have dropped docs),
# minus what a container never reads. Directories are listed too, so they keep their modes.
dpkg -L "${closure[@]}" | grep -v -E '^/\.?$|^/usr/share/(doc|man|info|lintian)(/|$)' \
  | sort -u >"$list.pkg"
while IFS= read -r f; do
  if [[ -e $f || -L $f ]]; then echo "$f"; fi
done <"$list.pkg" >"$list"

# Paths as the packages name them (/bin/bash); the merged-/usr symlinks above take them to /usr.
tar -C / --no-recursion --numeric-owner -cf - --verbatim-files-from -T <(sed 's|^/||' "$list") \
  | tar -C "$root" --keep-directory-symlink --numeric-owner -xpf -

# What the packages' maintainer scripts would have made.
cp /usr/share/base-passwd/passwd.master "$root/etc/passwd"
cp /usr/share/base-passwd/group.master "$root/etc/group"
awk -F: '{print $1 ":*:19000:0:99999:7:::"}' "$root/etc/passwd" >"$root/etc/shadow"
awk -F: '{print $1 ":*::"}' "$root/etc/group" >"$root/etc/gshadow"
chmod 640 "$root/etc/shadow" "$root/etc/gshadow"
chgrp 42 "$root/etc/shadow" "$root/etc/gshadow" # shadow, as base-passwd numbers it
printf '%s\n' 'passwd: files' 'group: files' 'shadow: files' 'hosts: files dns' \
  >"$root/etc/nsswitch.conf"
ln -sfn ../usr/lib/os-release "$root/etc/os-release"
# Alternatives (awk, which, pager, keytool…): the host's links whose targets were copied.
mkdir -p "$root/etc/alternatives" "$root/etc/ssl/certs/java"
declare -A chosen
while read -r name target; do
  chosen[$name]=$target
done < <(find /etc/alternatives -maxdepth 1 -type l -printf '%f %l\n')
while read -r link alt; do
  target=${chosen[${alt##*/}]:-}
  if [[ -n $target && (-e $root$target || -L $root$target) ]]; then
    ln -sfn "$target" "$root$alt"
    ln -sfn "$alt" "$root$link"
  fi
done < <(find /usr/bin /usr/sbin -maxdepth 1 -lname '/etc/alternatives/*' -printf '%p %l\n')
# `java` is this JRE whatever the host's alternative chose (it may be another JDK).
ln -sfn "$JAVA_HOME_DIR/bin/java" "$root/etc/alternatives/java"
ln -sfn /etc/alternatives/java "$root/usr/bin/java"
# The trust store ca-certificates-java generates; lib/security/cacerts points at it.
[[ -f /etc/ssl/certs/java/cacerts ]] && cp /etc/ssl/certs/java/cacerts "$root/etc/ssl/certs/java/"
mkdir -p "$root"/{proc,sys,dev,run,var/tmp,root}
chmod 1777 "$root/tmp" "$root/var/tmp"
chroot "$root" /sbin/ldconfig

# Prove the root works before caching it: the JRE starts and the commands the image needs exist.
mount -t proc proc "$root/proc"
chroot "$root" java -version >&2
chroot "$root" /bin/sh -c 'for c in sh bash awk setsid kill du id groupadd useradd; do
  command -v "$c" >/dev/null || { echo "no $c in the JRE base" >&2; exit 1; }; done'
umount "$root/proc"

tar -C "$root" --numeric-owner -cf "$tarball.partial" .
mv "$tarball.partial" "$tarball"
find "$CACHE" -maxdepth 1 -name 'jre17-host-*.tar' ! -name "$(basename "$tarball")" -delete
log "built $tarball ($(du -m "$tarball" | cut -f1) MB, $(wc -l <"$list") paths) in" \
  "$(($(date +%s) - started)) s"
echo "$tarball"
