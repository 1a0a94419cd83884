#!/bin/bash
# Boot the test kernel + initramfs in QEMU:
#   run-vm.sh check|ramfs|demo|demo-off
#   run-vm.sh debian|debian-reboot|debian-off    Debian 12 from its disk
#                                   images (harness/debian.sh makes them)
#   run-vm.sh bench|bench-off BOOT    the bench kernel, instruction-counted
# Console goes to build/BASE/logs/console-MODE.log; the exit status of QEMU (124 on
# timeout) and the run time go to build/BASE/logs/vm-MODE.status for collect.py.
source "$(dirname "$0")/common.sh"

MODE=${1:?usage: run-vm.sh check|ramfs|demo|demo-off|debian|debian-reboot|debian-off|bench|bench-off [BOOT]}
TIMEOUT=${TIMEOUT:-1800}
MACHINE=(-m 2G -smp 2)
NAME=$MODE${2:+-$2}
if [ "${MODE%-off}" = bench ]; then
	# One CPU whose clock counts instructions (1 ns each): the guest's
	# times repeat from boot to boot. Room for the sweep's processes.
	OBJ=$BB/bench/obj
	INITRAMFS=$BB/bench/initramfs.cpio.gz
	MACHINE=(-m 4G -smp 1 -icount shift=0,sleep=off)
	KVM=0   # -icount needs TCG
fi
KERNEL=$OBJ/arch/x86/boot/bzImage
CONSOLE=$LOGS/console-$NAME.log
STATUS=$LOGS/vm-$NAME.status
BOOT=(-initrd "$INITRAMFS")
if [ "${MODE#debian}" != "$MODE" ]; then
	# The Debian root on a qcow2 overlay (debian-reboot: the overlay of the
	# first boot again), the test disk, and two NICs on one QEMU hub and
	# nothing else: no traffic leaves QEMU.
	W=$BB/debian
	OVERLAY=$W/overlay-brute.qcow2
	[ $MODE = debian-off ] && OVERLAY=$W/overlay-off.qcow2
	[ -f "$OVERLAY" ] || die "no $OVERLAY (run: make debian BASE=$BASE)"
	BOOT=(-drive "file=$OVERLAY,format=qcow2,if=virtio"
	      -drive "file=$W/testdisk.img,format=raw,if=virtio,readonly=on"
	      -netdev hubport,id=n1,hubid=0 -device virtio-net-pci,netdev=n1,mac=52:54:00:12:34:01
	      -netdev hubport,id=n2,hubid=0 -device virtio-net-pci,netdev=n2,mac=52:54:00:12:34:02)
	INITRAMFS=none
	TIMEOUT=${DEBIAN_TIMEOUT:-900}
fi
[ -f "$KERNEL" ] || die "no kernel (run: make kernel)"
[ "$INITRAMFS" = none ] || [ -f "$INITRAMFS" ] || die "no initramfs (run: make initramfs)"

APPEND="console=ttyS0 panic=-1 harness_mode=$MODE"
case $MODE in
check) ;;
ramfs) APPEND+=" root=/dev/sda kunit.enable=0" ;;   # no disk: rootfs is ramfs
demo)  APPEND+=" kunit.enable=0 quiet" ;;
# The same kernel, with an LSM list that leaves Brute out.
demo-off) APPEND="console=ttyS0 panic=-1 harness_mode=demo kunit.enable=0 quiet"
	APPEND+=" lsm=landlock,lockdown,yama" ;;
bench) APPEND+=" quiet harness_rounds=${BENCH_ROUNDS:-3}" ;;
# Debian with systemd as PID 1; harness_boot= tells its checks which boot.
debian|debian-reboot|debian-off)
	# pci=noacpi: under TCG, the ACPI interrupt links of the virtio
	# devices take seconds each, long enough for soft lockup reports.
	APPEND="console=ttyS0 panic=-1 root=/dev/vda rw kunit.enable=0 pci=noacpi"
	APPEND+=" systemd.show_status=error"
	APPEND+=" harness_boot=$(case $MODE in debian) echo brute ;; *) echo ${MODE#debian-} ;; esac)"
	[ $MODE != debian-off ] || APPEND+=" lsm=landlock,lockdown,yama"
	# The second boot: PID 1 without its BPF firewall accepts TCP
	# connections itself (harness/debian/init-nobpf.c, installed by the
	# checks of the first boot).
	[ $MODE != debian-reboot ] || APPEND+=" init=/usr/local/sbin/init-nobpf" ;;
bench-off) APPEND="console=ttyS0 panic=-1 harness_mode=bench quiet"
	APPEND+=" harness_rounds=${BENCH_ROUNDS:-3} lsm=landlock,lockdown,yama" ;;
*) die "unknown mode $MODE" ;;
esac
# Extra kernel parameters, e.g. KERNEL_ARGS=lsm=landlock to leave Brute out.
APPEND+=${KERNEL_ARGS:+ $KERNEL_ARGS}

# run_qemu ACCEL...: boot once, console into $CONSOLE (and the terminal for
# the demo); sets rc (124 on timeout, 125 when KVM failed at run time).
run_qemu() {
	local pid tailpid=
	step "booting VM, mode $MODE, $*, timeout ${TIMEOUT}s (console: ${CONSOLE#$ROOT/})"
	timeout "$TIMEOUT" qemu-system-x86_64 "$@" "${MACHINE[@]}" -nographic -no-reboot -nic none \
		-kernel "$KERNEL" "${BOOT[@]}" -append "$APPEND" </dev/null >"$CONSOLE" 2>&1 &
	pid=$!
	if [ "${MODE%-off}" = demo ]; then
		tail -n +1 -f --pid="$pid" "$CONSOLE" &
		tailpid=$!
	fi
	# KVM can start and then stop or stall the guest (as under some nested
	# virtualisation): QEMU then waits forever. A KVM guest prints its
	# banner within seconds; give up on KVM after 60s without it.
	local waited=0
	while [ "$1" = -accel ] && [ "$2" = kvm ] && kill -0 "$pid" 2>/dev/null; do
		if grep -q "KVM internal error" "$CONSOLE" ||
		   { [ $waited -ge 60 ] && ! grep -q "Linux version" "$CONSOLE"; }; then
			kill "$pid"; wait "$pid" || true
			[ -z "$tailpid" ] || wait "$tailpid" || true
			rc=125
			return
		fi
		sleep 1
		waited=$((waited + 1))
	done
	set +e; wait "$pid"; rc=$?; set -e
	[ -z "$tailpid" ] || wait "$tailpid" || true
}

rm -f "$STATUS"
start=$(date +%s)
if [ "${KVM:-0}" = 1 ]; then
	# QEMU itself falls back to TCG when KVM cannot start at all.
	run_qemu -accel kvm -accel tcg -cpu max
	if [ $rc = 125 ]; then
		cp "$CONSOLE" "$CONSOLE.kvm"
		echo "    KVM failed at run time (see ${CONSOLE#$ROOT/}.kvm); retrying with TCG"
		start=$(date +%s)
		run_qemu -accel tcg
	fi
else
	run_qemu -accel tcg
fi
secs=$(( $(date +%s) - start ))
echo "rc=$rc seconds=$secs timeout=$TIMEOUT" >"$STATUS"
if [ $rc = 124 ]; then
	echo "    VM TIMED OUT after ${secs}s"
else
	echo "    VM finished in ${secs}s (qemu exit status $rc)"
fi
# check/ramfs: collect.py judges the result; demo: fail on QEMU trouble.
[ "${MODE%-off}" != demo ] || exit $rc
