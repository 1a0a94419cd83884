#!/bin/bash
# The distribution boot (make debian, and make check on the upstream base):
# Debian 12 with systemd as PID 1 on the test kernel of BASE.
#   1. the root filesystem image (harness/rootfs.sh, cached in build/cache/
#      for every base);
#   2. the test disk: harness/debian/checks.sh, its units and helpers
#      (built here, static), the brutectl of BASE; an ext4 image labelled
#      HARNESS that the image's harness.service mounts and runs;
#   3. three boots, each on a qcow2 overlay of the cached image:
#      debian (Brute), debian-reboot (the same overlay again, PID 1
#      without bpf(): init-nobpf), debian-off (a fresh overlay, lsm=
#      without Brute).
# Test disk and overlays: build/BASE/debian/. Consoles:
# build/BASE/logs/console-debian{,-reboot,-off}.log (harness/collect.py).
# DEBIAN_BOOTS="debian ..." runs only those boots (when working on a check).
source "$(dirname "$0")/common.sh"

D=$ROOT/harness/debian
W=$BB/debian
BRUTECTL=$KSFT/brute/brutectl

# One run at a time: a run interrupted in make check may still be booting
# (its boots run in the background there); wait for it to end.
mkdir -p "$W"
exec 9>"$W/lock"
flock 9
# No result of an earlier run may pass for this one.
rm -f "$LOGS"/console-debian*.log "$LOGS"/vm-debian*.status
[ -x "$BRUTECTL" ] || die "no $BRUTECTL (run: make selftests)"
"$ROOT/harness/rootfs.sh"
IMG=$(cat "$W/rootfs.path")

step "building the test disk of the distribution boot"
rm -rf "$W/disk" && mkdir -p "$W/disk/bin" "$W/disk/units"
gcc -static -O2 -Wall -o "$W/disk/bin/crashd" "$D/crashd.c"
gcc -shared -fPIC -O2 -Wall -o "$W/disk/bin/crash-preload.so" "$D/crash-preload.c"
gcc -static -O2 -Wall -o "$W/disk/bin/init-nobpf" "$D/init-nobpf.c"
cp "$BRUTECTL" "$W/disk/bin/"
cp "$D"/units/* "$W/disk/units/"
cp "$D/checks.sh" "$W/disk/checks.sh"
printf '#!/bin/sh\nexec /bin/bash /harness/checks.sh\n' >"$W/disk/run.sh"
rm -f "$W/testdisk.img"
mke2fs -q -t ext4 -O ^has_journal -L HARNESS -d "$W/disk" "$W/testdisk.img" 32M

rm -f "$W"/overlay-*.qcow2
for o in brute off; do
	qemu-img create -q -f qcow2 -b "$IMG" -F raw "$W/overlay-$o.qcow2"
done
status=0
for mode in ${DEBIAN_BOOTS:-debian debian-reboot debian-off}; do
	"$ROOT/harness/run-vm.sh" $mode || status=1
done
exit $status
