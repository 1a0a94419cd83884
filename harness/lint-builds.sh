#!/bin/bash
# The build checks of `make lint` (see lint.sh), appended to
# build/logs/lint.results:
#   bisect-N    patch N of the series, applied with git am on top of the
#               ones before it to a full pristine tree, builds with the test
#               config (harness/test.config)
#   config-*    the whole series builds with Brute off, without
#               SECURITY_NETWORK, without IPV6 and without SYSCTL (the test
#               config without its debugging options, to keep it quick)
# Each build has its own object directory under build/lint, reused by the
# next run. When every build passed and neither the series nor the configs
# nor this script changed since, the next run reports those results again
# instead of building (the same input builds the same way).
source "$(dirname "$0")/common.sh"

OUT=$BUILD/series/out
LINT=$BUILD/lint
RESULTS=$LOGS/lint.results
LOG=$LOGS/lint.log
PRISTINE=$(cat "$BUILD/src/pristine.path")
TREE=$LINT/tree
mapfile -t PATCHES < <(find "$OUT" -name '0*.patch' ! -name '0000-*' | LC_ALL=C sort)

# What the builds depend on: the patches (without their commit ids and
# dates), the pristine tree, the configs and the build scripts.
KEY=$({
	grep -hv -e '^From [0-9a-f]\{40\} ' -e '^Date: ' "${PATCHES[@]}"
	echo "$PRISTINE"
	cat "$ROOT/harness/test.config" "$0" "$ROOT/harness/common.sh"
} | sha256sum | cut -d' ' -f1)
PASSED=$LINT/builds.passed
if [ "$(head -n 1 "$PASSED" 2>/dev/null)" = "$KEY" ]; then
	step "lint: builds: nothing changed since they all passed; their results:"
	tail -n +2 "$PASSED" | tee -a "$RESULTS" | sed 's/^/    /'
	exit 0
fi
rm -f "$PASSED"
START=$(wc -l <"$RESULTS")

# build NAME FRAGMENT: configure tinyconfig + FRAGMENT in build/lint/obj-NAME,
# check that the fragment took, build bzImage; returns 0 on success.
build() {
	local name=$1 fragment=$2 obj=$LINT/obj-$1 line
	local log=$LOGS/lint-build-$name.log
	mkdir -p "$obj"
	: >"$log"
	make -C "$TREE" O="$obj" ARCH=x86_64 tinyconfig >>"$log" 2>&1 &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >>"$log" 2>&1 &&
	make -C "$TREE" O="$obj" ARCH=x86_64 olddefconfig >>"$log" 2>&1 || return 1
	while IFS= read -r line; do
		case $line in
		"# CONFIG_"*" is not set")
			! grep -q "^${line:2:-11}=" "$obj/.config" || { echo "config: $line did not take" >>"$log"; return 1; } ;;
		esac
	done <"$fragment"
	make -C "$TREE" O="$obj" ARCH=x86_64 -j"$JOBS" bzImage >>"$log" 2>&1
}

step "lint: full pristine tree as a git repository (${TREE#$ROOT/})"
if [ "$(cat "$TREE.stamp" 2>/dev/null)" != "$PRISTINE" ]; then
	rm -rf "$TREE" "$TREE.stamp"
	cp -a "$PRISTINE" "$TREE"
	git -C "$TREE" init -q
	# Debian's tree ignores everything in its .gitignore: force.
	git -C "$TREE" add -A -f
	git -C "$TREE" -c user.name=lint -c user.email=lint@localhost commit -q -m pristine
	git -C "$TREE" tag pristine
	echo "$PRISTINE" >"$TREE.stamp"
fi
git -C "$TREE" checkout -q -f --detach pristine
git -C "$TREE" clean -fdxq
if ! out=$(git -C "$TREE" -c user.name=lint -c user.email=lint@localhost am -q "${PATCHES[@]}" 2>&1); then
	lint_result bisect 1 "git am on the full tree failed: $out"
	exit 0
fi
mapfile -t COMMITS < <(git -C "$TREE" rev-list --reverse pristine..HEAD)

# Every prefix of the series, with the test config.
for i in "${!COMMITS[@]}"; do
	n=$((i + 1))
	step "lint: building patch $n/${#COMMITS[@]} with the test config"
	git -C "$TREE" checkout -q -f "${COMMITS[$i]}"
	if build bisect "$ROOT/harness/test.config"; then
		lint_result "bisect-$n" 0
	else
		lint_result "bisect-$n" 1 "patch $n does not build: see ${LOGS#$ROOT/}/lint-build-bisect.log"
		cp "$LOGS/lint-build-bisect.log" "$LOGS/lint-build-bisect-$n.log"
	fi
done

# The whole series in the configurations that must build too.
LIGHT=$LINT/light.config
light_config >"$LIGHT"
variant() {  # variant NAME LINES...: LIGHT without the symbols of LINES, plus LINES
	local name=$1 f=$LINT/$1.config sym; shift
	cp "$LIGHT" "$f"
	for line in "$@"; do
		sym=$(sed -E 's/^(# )?(CONFIG_[A-Z0-9_]+).*/\2/' <<<"$line")
		sed -i -E "/^(# )?$sym[= ]/d" "$f"
		echo "$line" >>"$f"
	done
	step "lint: building the series with config-$name"
	if build "$name" "$f"; then
		lint_result "config-$name" 0
	else
		lint_result "config-$name" 1 "see ${LOGS#$ROOT/}/lint-build-$name.log"
	fi
}
variant brute-off "# CONFIG_SECURITY_FORK_BRUTE is not set" \
	"# CONFIG_SECURITY_FORK_BRUTE_KUNIT_TEST is not set"
variant no-security-network "# CONFIG_SECURITY_NETWORK is not set"
variant no-ipv6 "# CONFIG_IPV6 is not set"
variant no-sysctl "# CONFIG_SYSCTL is not set" "# CONFIG_PROC_SYSCTL is not set"

# Remember a run where every build passed.
if ! tail -n +$((START + 1)) "$RESULTS" | grep -qv '^PASS '; then
	{ echo "$KEY"; tail -n +$((START + 1)) "$RESULTS"; } >"$PASSED"
fi
