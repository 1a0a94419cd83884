#!/bin/bash
# make bench: build the bench kernel (the test config without its debugging
# options and KUnit, with Landlock and Yama as a distribution has them), boot
# it BENCH_BOOTS times with Brute and as many times with an lsm= list that
# leaves it out, under QEMU's -icount, and print the table of
# harness/bench.py. Each boot runs BENCH_ROUNDS rounds of
# harness/bench/brute-bench.c.
source "$(dirname "$0")/common.sh"

BENCH=$BB/bench
BOOTS=${BENCH_BOOTS:-2}
export BENCH_ROUNDS=${BENCH_ROUNDS:-3}
mkdir -p "$BENCH"

{
	light_config | grep -v KUNIT
	echo "# CONFIG_KUNIT is not set"
	echo "CONFIG_SECURITY_LANDLOCK=y"
	echo "CONFIG_SECURITY_YAMA=y"
} >"$BENCH/bench.config.new"
cmp -s "$BENCH/bench.config.new" "$BENCH/bench.config" ||
	mv "$BENCH/bench.config.new" "$BENCH/bench.config"
rm -f "$BENCH/bench.config.new"

KERNEL_OBJ=$BENCH/obj KERNEL_LOG=kernel-bench FRAGMENT=$BENCH/bench.config \
	"$ROOT/harness/kernel.sh"
"$ROOT/harness/initramfs.sh" bench

consoles=()
for boot in $(seq "$BOOTS"); do
	for mode in bench bench-off; do
		"$ROOT/harness/run-vm.sh" "$mode" "$boot"
		consoles+=("$LOGS/console-$mode-$boot.log")
	done
done
step "results (${BOOTS} boots each, ${BENCH_ROUNDS} rounds per boot)"
python3 "$ROOT/harness/bench.py" --out "$BENCH/results.md" "${consoles[@]}"
