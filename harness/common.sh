# Shared settings for the harness scripts (sourced, not executed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
CACHE=$BUILD/cache
SRC=$BUILD/src/linux            # working tree: pristine + patches + linux/
OBJ=${KERNEL_OBJ:-$BUILD/obj}   # kernel objects (make O=); the bench has its own
LOGS=$BUILD/logs
KSFT=$BUILD/kselftest           # installed kselftests (KSFT_INSTALL_PATH)
INITRAMFS=${INITRAMFS:-$BUILD/initramfs.cpio.gz}
JOBS=${JOBS:-$(nproc)}
KMAKE=(make -C "$SRC" O="$OBJ" ARCH=x86_64)

mkdir -p "$LOGS"

step() { echo "==> $*"; }
die()  { echo "ERROR: $*" >&2; exit 1; }

# run_logged LOG CMD...: run CMD with its output in LOG; on failure show the tail.
run_logged() {
	local log=$1; shift
	if ! "$@" >>"$log" 2>&1; then
		echo "---- errors in ${log#$ROOT/} ----" >&2
		grep -E -m 40 -A 3 '(error|Error [0-9]+|undefined reference|No such file)' "$log" >&2 || true
		echo "---- last 30 lines of ${log#$ROOT/} ----" >&2
		tail -n 30 "$log" >&2
		die "command failed: $* (full log: ${log#$ROOT/})"
	fi
}

# light_config: the test config without its debugging options (the lines
# of harness/test.config from "# debugging" on): what users run, and quicker
# to build.
light_config() { sed '/^# debugging/,$d' "$ROOT/harness/test.config"; }

# lint_result NAME STATUS [DETAILS...]: record a lint check in $RESULTS
# (PASS when STATUS is 0), with its details in $LOG when it failed.
lint_result() {
	local name=$1 status=$2; shift 2
	if [ "$status" = 0 ]; then
		echo "PASS lint:$name" >>"$RESULTS"
	else
		echo "FAIL lint:$name ${*:-see ${LOG#$ROOT/}}" >>"$RESULTS"
		{ echo "---- lint:$name"; printf '%s\n' "$@"; } >>"$LOG"
	fi
}
