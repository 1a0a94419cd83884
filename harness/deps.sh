#!/bin/bash
# Install the Debian packages the harness needs; skip those already present.
source "$(dirname "$0")/common.sh"

PKGS=(qemu-system-x86 busybox-static attr iproute2
      e2fsprogs flex bison bc libelf-dev libssl-dev cpio sparse python3
      xz-utils rsync gcc make libc6-dev patch git perl
      mmdebstrap qemu-utils libcap2-bin)

missing=()
for p in "${PKGS[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

step "installing Debian packages: ${missing[*]}"
[ "$(id -u)" = 0 ] || die "need root to install: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
run_logged "$LOGS/deps.log" apt-get update
run_logged "$LOGS/deps.log" apt-get install -y --no-install-recommends "${missing[@]}"
