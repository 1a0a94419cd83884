#!/bin/bash
# The build checks of `make lint` (see lint.sh), appended to
# build/BASE/logs/lint.results:
#   bisect-N    the full pristine tree with patches 1..N of the series
#               builds with the test config without its debugging options
#               and the filesystems and devices only the tests use (the
#               lint config, common.sh; KUnit tests included): bzImage, and
#               brutectl and Brute's selftests once the series has added
#               them.  The last one is the whole series as users build it.
#   config-*    the whole series builds with the lint config and Brute off,
#               without SECURITY_NETWORK, and without IPV6 and SYSCTL
#
# The builds are incremental. The series is committed on top of the
# pristine tree (build/BASE/lint/tree, a git repository) without touching
# its files; checking a commit out rewrites only the files that differ, so
# make rebuilds only what they touch. The prefixes share one object
# directory. Each config variant has its own, copied from the prefixes' one
# the first time, so that it rebuilds only what its symbols touch.
#
# A build that passed is not run again while its input stays the same: the
# patches up to it (without their commit ids and dates), the pristine tree,
# the test config and these scripts. Editing Brute's code rebuilds patch 4
# onwards and the configs, not the patches before it.
source "$(dirname "$0")/common.sh"

OUT=$BB/series/out
LINT=$BB/lint
RESULTS=$LOGS/lint.results
LOG=$LOGS/lint.log
PRISTINE=$(cat "$BB/src/pristine.path")
TREE=$LINT/tree
PASSED=$LINT/passed   # an empty file NAME.KEY for each build that passed
GIT=(git -C "$TREE" -c user.name=lint -c user.email=lint@localhost)
mapfile -t PATCHES < <(find "$OUT" -name '0*.patch' ! -name '0000-*' | LC_ALL=C sort)
mkdir -p "$PASSED"

# key PATCH...: what a build of the tree with these patches depends on.
key() {
	{
		grep -hv -e '^From [0-9a-f]\{40\} ' -e '^Date: ' "$@"
		echo "$PRISTINE"
		lint_config
		cat "$0" "$ROOT/harness/common.sh"
	} | sha256sum | cut -d' ' -f1
}

# build NAME FRAGMENT OBJ: configure tinyconfig + FRAGMENT in OBJ, check
# that the fragment took (so that config-no-sysctl still has Brute), build
# bzImage, and brutectl and the selftests when the tree has them; returns 0
# on success.
build() {
	local name=$1 fragment=$2 obj=$3 line
	local log=$LOGS/lint-build-$name.log
	mkdir -p "$obj"
	: >"$log"
	make -C "$TREE" O="$obj" ARCH=x86_64 tinyconfig >>"$log" 2>&1 &&
	"$TREE/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" >>"$log" 2>&1 &&
	make -C "$TREE" O="$obj" ARCH=x86_64 olddefconfig >>"$log" 2>&1 || return 1
	# Every line of the fragment must take, but for the symbols that the
	# patches before Brute's do not have yet.
	while IFS= read -r line; do
		case $name:$line in
		bisect-*:CONFIG_*) ;;
		*:CONFIG_*=*)
			grep -qxF -- "$line" "$obj/.config" ||
				{ echo "config: $line did not take" >>"$log"; return 1; } ;;
		*:"# CONFIG_"*" is not set")
			! grep -q "^${line:2:-11}=" "$obj/.config" ||
				{ echo "config: $line did not take" >>"$log"; return 1; } ;;
		esac
	done <"$fragment"
	make -C "$TREE" O="$obj" ARCH=x86_64 -j"$JOBS" bzImage >>"$log" 2>&1 || return 1
	[ -d "$TREE/tools/brute" ] || [ -d "$TREE/tools/testing/selftests/brute" ] || return 0
	make -C "$TREE" O="$obj" ARCH=x86_64 headers >>"$log" 2>&1 || return 1
	if [ -d "$TREE/tools/brute" ]; then
		mkdir -p "$obj/tools/brute"
		make -C "$TREE/tools/brute" O="$obj/tools/brute" \
			UAPI_INCLUDE="$obj/usr/include" >>"$log" 2>&1 || return 1
	fi
	if [ -d "$TREE/tools/testing/selftests/brute" ]; then
		make -C "$TREE/tools/testing/selftests" O="$obj" TARGETS=brute \
			-j"$JOBS" >>"$log" 2>&1 || return 1
	fi
}

# passed NAME KEY: true, and NAME passes, when it passed with KEY before.
passed() {
	[ -e "$PASSED/$1.$2" ] || return 1
	echo "    $1: passed before, its input has not changed since"
	lint_result "$1" 0
}

# check NAME FRAGMENT OBJ KEY: the build NAME, remembered under KEY.
check() {
	local name=$1 fragment=$2 obj=$3 key=$4 start=$SECONDS
	rm -f "$PASSED/$name".*
	if build "$name" "$fragment" "$obj"; then
		lint_result "$name" 0
		touch "$PASSED/$name.$key"
	else
		lint_result "$name" 1 "see ${LOGS#$ROOT/}/lint-build-$name.log"
	fi
	echo "    $name: $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
}

step "lint: full pristine tree as a git repository (${TREE#$ROOT/})"
if [ "$(cat "$TREE.stamp" 2>/dev/null)" != "$PRISTINE" ]; then
	rm -rf "$TREE" "$TREE.stamp" "$LINT"/obj-* "$PASSED"/*
	cp -a "$PRISTINE" "$TREE"
	git -C "$TREE" init -q
	# Debian's tree ignores everything in its .gitignore: force.
	git -C "$TREE" add -A -f
	"${GIT[@]}" commit -q -m pristine
	git -C "$TREE" tag pristine
	echo "$PRISTINE" >"$TREE.stamp"
fi

# The series as commits, applied with a separate index (lint.sh checks that
# it applies with git am).
COMMITS=()
commit=$(git -C "$TREE" rev-parse pristine)
export GIT_INDEX_FILE=$LINT/series.index
git -C "$TREE" read-tree pristine
for p in "${PATCHES[@]}"; do
	if ! out=$(git -C "$TREE" apply --cached "$p" 2>&1); then
		lint_result "bisect-$((${#COMMITS[@]} + 1))" 1 "$(basename "$p") does not apply: $out"
		exit 0
	fi
	commit=$("${GIT[@]}" commit-tree "$(git -C "$TREE" write-tree)" -p "$commit" \
		-m "$(basename "$p")")
	COMMITS+=("$commit")
done
unset GIT_INDEX_FILE
rm -f "$LINT/series.index"

# Every build happens in build/BASE/lint/obj-config, each keeping its
# objects in obj-config-NAME between runs: objtool is built with the
# absolute path of its object directory, and every object depends on it.
LIGHT=$LINT/light.config
lint_config >"$LIGHT"
OBJ_BUILD=$LINT/obj-config
in_obj() {  # in_obj NAME SEED CHECK-ARGS...: check with NAME's objects
	local keep=$OBJ_BUILD-$1 seed=$2; shift 2
	if [ ! -d "$keep" ] && [ -d "$seed" ]; then
		cp -a "$seed" "$keep"
	fi
	rm -rf "$OBJ_BUILD"
	[ ! -d "$keep" ] || mv "$keep" "$OBJ_BUILD"
	check "$@"
	mv "$OBJ_BUILD" "$keep"
}

# Every prefix of the series, with the lint config. A prefix that is not
# built is not checked out either: rewriting its files would make the next
# build rebuild what they touch.
for i in "${!COMMITS[@]}"; do
	n=$((i + 1))
	k=$(key "${PATCHES[@]:0:n}")
	step "lint: patch $n/${#COMMITS[@]} with the lint config"
	passed "bisect-$n" "$k" && continue
	"${GIT[@]}" checkout -q -f "${COMMITS[$i]}"
	git -C "$TREE" clean -fdxq
	in_obj bisect "" "bisect-$n" "$LIGHT" "$OBJ_BUILD" "$k"
done

# The whole series in the configurations that must build too: the light
# config without some symbols, each starting from the objects of the
# prefixes (the whole series, once its last prefix was built).
"${GIT[@]}" checkout -q -f "${COMMITS[-1]}"
git -C "$TREE" clean -fdxq
ALL=$(key "${PATCHES[@]}")
variant() {  # variant NAME LINES...: LIGHT without the symbols of LINES, plus LINES
	local name=$1 f=$LINT/config-$1.config sym; shift
	cp "$LIGHT" "$f"
	for line in "$@"; do
		sym=$(sed -E 's/^(# )?(CONFIG_[A-Z0-9_]+).*/\2/' <<<"$line")
		sed -i -E "/^(# )?$sym[= ]/d" "$f"
		echo "$line" >>"$f"
	done
	step "lint: the series with config-$name"
	passed "config-$name" "$ALL" && return
	in_obj "$name" "$OBJ_BUILD-bisect" "config-$name" "$f" "$OBJ_BUILD" "$ALL"
}
variant brute-off "# CONFIG_SECURITY_FORK_BRUTE is not set" \
	"# CONFIG_SECURITY_FORK_BRUTE_KUNIT_TEST is not set"
variant no-security-network "# CONFIG_SECURITY_NETWORK is not set"
# IPV6 and SYSCTL in one build: Brute's code for each (net.c, params.c) is
# apart from the other's, and each of them rebuilds much of the kernel.
# (6.12 has a separate PROC_SYSCTL, mainline not)
if grep -q '^CONFIG_PROC_SYSCTL=' "$LIGHT"; then
	variant no-ipv6-no-sysctl "# CONFIG_IPV6 is not set" \
		"# CONFIG_SYSCTL is not set" "# CONFIG_PROC_SYSCTL is not set"
else
	variant no-ipv6-no-sysctl "# CONFIG_IPV6 is not set" \
		"# CONFIG_SYSCTL is not set"
fi
