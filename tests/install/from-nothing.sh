#!/usr/bin/env bash
# A clean install from nothing, by hand (not part of make test: it downloads a system and takes
# about 10 minutes): a fresh Debian bookworm minbase chroot with only build-essential and git, the
# kit's committed files copied in, then `make demo </dev/null` and `make test` run there as a new
# user would, first try. Needs root and debootstrap (apt-get install debootstrap), and the mirror.
#   tests/install/from-nothing.sh [MIRROR]      (default http://deb.debian.org/debian)
set -euo pipefail
mirror=${1:-http://deb.debian.org/debian}
cd "$(dirname "$0")/../.."
[ "$(id -u)" -eq 0 ] || { echo "from-nothing.sh: needs root (debootstrap, chroot, mounts)"; exit 1; }
command -v debootstrap >/dev/null || { echo "from-nothing.sh: debootstrap is not installed (apt-get install debootstrap)"; exit 1; }
root=$(mktemp -d /var/tmp/kit-fresh-bookworm.XXXXXX)
chmod 755 "$root"  # it becomes /: every user (apt's _apt, the tests' nobody) must be able to enter it
cleanup() {
    for m in sys dev proc; do umount -R "$root/$m" 2>/dev/null || true; done
    rm -rf --one-file-system "$root"
}
trap cleanup EXIT
echo "== debootstrap --variant=minbase bookworm $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail "$root.log"; exit 1; }
rm -f "$root.log"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount --rbind /dev "$root/dev" && mount --make-rslave "$root/dev"
mount -t sysfs sys "$root/sys"
echo "== apt-get install build-essential git"
chroot "$root" bash -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends build-essential git >/dev/null'
mkdir -p "$root/root/ipcviz"
git archive HEAD | tar -C "$root/root/ipcviz" -xf -
echo "== make demo </dev/null (installs the packages, builds, the demo as text)"
chroot "$root" bash -c 'cd /root/ipcviz && make demo </dev/null' | tail -n 15
echo "== make test"
chroot "$root" bash -c 'cd /root/ipcviz && make test'
