# Shared settings for the harness scripts (sourced, not executed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build
CACHE=$BUILD/cache               # pristine sources, Debian image: kept by make clean

# base_line BASE: the line of harness/bases for BASE (base package version
# suite sha256); bases: every base, the upstream one first.
base_line() { awk -v b="$1" '!/^#/ && $1 == b' "$ROOT/harness/bases"; }
bases() { awk '!/^#/ && NF {print $1}' "$ROOT/harness/bases"; }

# The kernel base: each has its own folder under build/ and its own quilt
# set under patches/; Brute's files under linux/ serve every base.
BASE=${BASE:-$(bases | head -n 1)}
[ -n "$(base_line "$BASE")" ] || {
	echo "ERROR: unknown BASE=$BASE; harness/bases lists: $(bases | xargs)" >&2
	exit 1
}
UPSTREAM=$(bases | head -n 1)
PATCHES_DIR=$ROOT/patches/$BASE
BB=$BUILD/$BASE                 # this base's build folder
SRC=$BB/src/linux               # working tree: pristine + patches + linux/
OBJ=${KERNEL_OBJ:-$BB/obj}      # kernel objects (make O=); the bench has its own
LOGS=$BB/logs
KSFT=$BB/kselftest              # installed kselftests (KSFT_INSTALL_PATH)
INITRAMFS=${INITRAMFS:-$BB/initramfs.cpio.gz}
JOBS=${JOBS:-$(nproc)}
KMAKE=(make -C "$SRC" O="$OBJ" ARCH=x86_64)

mkdir -p "$LOGS"

step() { echo "==> [$(date +%T)] $*"; }
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

# apt_private SUITE: set APT_OPTS to a private apt configuration of SUITE
# (deb and deb-src) under build/cache/apt/, from the Debian mirror that this
# machine's own sources use (its security mirror for a -security suite), and
# update its lists. The machine's own sources stay as they are.
apt_private() {
	local suite=$1 want mirror dir=$CACHE/apt/$1
	case $suite in
	*-security) want='-security$' ;;
	*) want='^[a-z]+$' ;;
	esac
	mirror=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' |
		awk -v w="$want" '$2 ~ w {print $1; exit}')
	[ -n "$mirror" ] || die "no Debian mirror in this machine's apt sources for $suite"
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/sources.list.d"
	printf '%s [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s %s main\n' \
		deb "$mirror" "$suite" deb-src "$mirror" "$suite" >"$dir/sources.list"
	APT_OPTS=(-o Dir::Etc::SourceList="$dir/sources.list"
		  -o Dir::Etc::SourceParts="$dir/sources.list.d"
		  -o Dir::State::Lists="$dir/lists" -o Dir::Cache="$dir/cache"
		  -o Acquire::Check-Valid-Until=false -o APT::Sandbox::User=root)
	run_logged "$LOGS/apt.log" apt-get "${APT_OPTS[@]}" update
}

# test_config: the test config of this base: harness/test.config,
# harness/test-systemd.config (what the distribution boot needs), then
# harness/test-BASE.config (the symbols that only this base has), if any.
test_config() {
	cat "$ROOT/harness/test.config" "$ROOT/harness/test-systemd.config"
	[ ! -f "$ROOT/harness/test-$BASE.config" ] || cat "$ROOT/harness/test-$BASE.config"
}

# light_config: the test config without its debugging options (the lines
# of harness/test.config from "# debugging" on) and without what only the
# distribution boot needs (harness/test-systemd.config): what users run,
# and quicker to build.
light_config() {
	sed '/^# debugging/,$d' "$ROOT/harness/test.config"
	[ ! -f "$ROOT/harness/test-$BASE.config" ] || cat "$ROOT/harness/test-$BASE.config"
}

# lint_config: the light config without the filesystems and devices that
# only the tests use (ext4 on a loop device, FUSE, veth, the serial
# console): all that Brute's code and its config variants need, a quarter
# fewer objects for each of the builds of the lint (every patch, every
# variant), which are never booted.
lint_config() {
	light_config | awk '/^# filesystems/ { skip = 1 } /^$/ { skip = 0 } !skip' |
		grep -v -e '^CONFIG_VETH=' -e '^CONFIG_NETDEVICES=' \
			-e '^CONFIG_NET_CORE=' -e '^CONFIG_TTY=' -e '^CONFIG_SERIAL_8250'
}

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
