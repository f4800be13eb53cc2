#!/usr/bin/env bash
# Makes a JRE 17 base image as a tarball for `docker import`, without any container registry:
# a Debian bookworm minbase root (debootstrap) with Debian's openjdk-17-jre-headless in it.
#
#   build-jre-base.sh            prints the path of the tarball, building it only if it is not cached
#
# The tarball is cached in $MEZZO_CI_CACHE (default /var/cache/mezzo-ci), named by a hash of this
# script, so a change here builds a fresh one and older ones are removed. CI runs on the machine the
# developers use, so a warm cache makes the image IT take seconds instead of a minute. A cold build
# takes about 40 s on a 2-core machine and needs root, debootstrap and Debian's package archive.
#
# Packages come from the archive this machine's apt uses (read from its sources), so the script names
# no host of its own.
set -euo pipefail

SUITE=bookworm
PACKAGES=(openjdk-17-jre-headless)
CACHE=${MEZZO_CI_CACHE:-/var/cache/mezzo-ci}

self=$(readlink -f "${BASH_SOURCE[0]}")
key=$(sha256sum "$self" | cut -c1-16)
tarball=$CACHE/jre17-$SUITE-$key.tar

log() { echo "build-jre-base: $*" >&2; }

mkdir -p "$CACHE"
# One builder at a time per cache; a second caller waits and then finds the tarball.
exec 9>"$CACHE/.lock"
flock 9

if [[ -s $tarball ]]; then
  log "cached $tarball"
  echo "$tarball"
  exit 0
fi

[[ $(id -u) == 0 ]] || { log "needs root (debootstrap, chroot)"; exit 2; }
command -v debootstrap >/dev/null || { log "needs debootstrap (apt-get install debootstrap)"; exit 2; }

# The Debian archive this machine's apt already uses: first URI of a deb822 source, else of a
# one-line source for the main archive. Empty means debootstrap's own default.
mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    uri=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$f")
    [[ -n $uri ]] && { echo "$uri"; return; }
  done
  if [[ -f /etc/apt/sources.list ]]; then
    awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list
  fi
}

root=$(mktemp -d "$CACHE/root.XXXXXX")
# mktemp makes it 0700; apt inside the chroot downloads as the unprivileged _apt user.
chmod 755 "$root"
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf --one-file-system "$root" "$tarball.partial"
}
trap cleanup EXIT

started=$(date +%s)
log "debootstrap --variant=minbase $SUITE into $root (mirror: $(mirror || true))"
debootstrap --variant=minbase "$SUITE" "$root" $(mirror || true) >&2

cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
log "installing ${PACKAGES[*]}"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  "${PACKAGES[@]}" </dev/null >&2
chroot "$root" java -version >&2
chroot "$root" apt-get clean
umount "$root/proc"

# Nothing a container needs: package lists, docs, man pages, the build host's resolver.
rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/info/* "$root"/var/cache/debconf/*-old "$root"/var/log/*.log
: >"$root/etc/resolv.conf"

tar -C "$root" --numeric-owner --exclude=./proc/* --exclude=./sys/* --exclude=./dev/* \
  -cf "$tarball.partial" .
mv "$tarball.partial" "$tarball"
find "$CACHE" -maxdepth 1 -name 'jre17-*.tar' ! -name "$(basename "$tarball")" -delete
log "built $tarball ($(du -m "$tarball" | cut -f1) MB) in $(($(date +%s) - started)) s"
echo "$tarball"
