#!/bin/bash
# make lint: check the exported series of BASE (build/BASE/series/out) as a
# maintainer would, with the tools of that base's tree, writing one result
# line per check to build/BASE/logs/lint.results:
#   git-am      the series applies with git am to the pristine files
#   checkpatch  scripts/checkpatch.pl --strict is clean on every patch, but
#               for the exceptions of harness/series/checkpatch.exceptions
#   kernel-doc  scripts/kernel-doc -none -Wall is clean on Brute's files and
#               on the hook's kernel-doc; the admin guide's directives resolve
#   uapi        include/uapi/linux/brute.h compiles alone in userspace (C90)
#   sparse-w1   C=1 and W=1 report nothing for security/brute/
#   core-abi    no patch changes the si_codes of SIGCHLD (CLD_*, NSIGCHLD)
#               or makes a core kernel file call into Brute
# With LINT_BUILDS=1 (make lint, and make check unless LINT_BUILDS=0;
# harness/lint-builds.sh, under 40 minutes on 2 cores from scratch, only
# what a change touches afterwards):
#   bisect-N    every patch of the series, applied in order, builds
#   config-*    the kernel builds without the debugging options, with Brute
#               off, without SECURITY_NETWORK, IPV6 or SYSCTL
source "$(dirname "$0")/common.sh"

OUT=$BB/series/out
LINT=$BB/lint
RESULTS=$LOGS/lint.results
LOG=$LOGS/lint.log
PRISTINE=$(cat "$BB/src/pristine.path" 2>/dev/null) || die "no pristine tree (run: make tree)"
mapfile -t PATCHES < <(find "$OUT" -name '0*.patch' ! -name '0000-*' | LC_ALL=C sort)
[ ${#PATCHES[@]} -gt 0 ] || die "no exported series (run: make series)"
mkdir -p "$LINT"
: >"$RESULTS"
: >"$LOG"

# --- git am ------------------------------------------------------------------
step "lint: git am of ${#PATCHES[@]} patches onto the pristine files"
AM=$LINT/am
rm -rf "$AM"
mkdir -p "$AM"
for p in "${PATCHES[@]}"; do
	{ grep -E '^--- a/' "$p" || true; } | sed 's|^--- a/||' | while read -r f; do
		[ -e "$AM/$f" ] || install -D -m 644 "$PRISTINE/$f" "$AM/$f"
	done
done
git -C "$AM" init -q
git -C "$AM" add -A
git -C "$AM" -c user.name=lint -c user.email=lint@localhost commit -q -m base
if out=$(git -C "$AM" -c user.name=lint -c user.email=lint@localhost am -q "${PATCHES[@]}" 2>&1); then
	lint_result git-am 0
else
	lint_result git-am 1 "$out"
fi

# --- checkpatch --------------------------------------------------------------
step "lint: checkpatch --strict"
# The exceptions of every base, then those of this base alone.
EXC=$LINT/checkpatch.exceptions
cat "$ROOT/harness/series/checkpatch.exceptions" >"$EXC"
[ ! -f "$ROOT/harness/series/checkpatch.exceptions.$BASE" ] ||
	cat "$ROOT/harness/series/checkpatch.exceptions.$BASE" >>"$EXC"
bad=()
for p in "${PATCHES[@]}"; do
	while IFS= read -r line; do
		type=$(sed -n 's/^[^ ]*: \(WARNING\|ERROR\|CHECK\):\([A-Z_0-9]*\):.*/\2/p' <<<"$line")
		[ -n "$type" ] || continue
		allowed=0
		while read -r etype glob _; do
			[ -n "$etype" ] && [ "${etype:0:1}" != "#" ] || continue
			# shellcheck disable=SC2053
			if [ "$etype" = "$type" ] && [[ $(basename "$p") == $glob ]]; then
				allowed=1
			fi
		done <"$EXC"
		[ $allowed = 1 ] || bad+=("$(basename "$p"): ${line#*: }")
	done < <(cd "$SRC" && scripts/checkpatch.pl --strict --terse --show-types "$p" 2>&1)
done
lint_result checkpatch ${#bad[@]} "${bad[@]}"

# --- kernel-doc --------------------------------------------------------------
step "lint: kernel-doc"
bad=()
mapfile -t files < <(cd "$SRC" && ls security/brute/*.[ch] include/uapi/linux/brute.h)
out=$(cd "$SRC" && scripts/kernel-doc -none -Wall "${files[@]}" 2>&1)
[ -z "$out" ] || bad+=("$out")
out=$(cd "$SRC" && scripts/kernel-doc -none -Wall -function security_task_fatal_signal \
	security/security.c 2>&1 | grep security_task_fatal_signal) && bad+=("$out")
# Every kernel-doc directive of the admin guide must find what it names.
RST=Documentation/admin-guide/LSM/Brute.rst
while read -r file doc; do
	if [ -n "$doc" ]; then
		out=$(cd "$SRC" && scripts/kernel-doc -rst -function "$doc" "$file" 2>/dev/null)
	else
		out=$(cd "$SRC" && scripts/kernel-doc -rst "$file" 2>/dev/null)
	fi
	[ -n "$out" ] || bad+=("$RST: kernel-doc:: $file ${doc:+:doc: $doc} finds nothing")
done < <(awk '/^\.\. kernel-doc::/ {f=$3; getline; d=""; if ($1 == ":doc:") {sub(/^ *:doc: */, ""); d=$0}; print f, d}' "$SRC/$RST")
lint_result kernel-doc ${#bad[@]} "${bad[@]}"

# --- no new behaviour of the core kernel -------------------------------------
# A process Brute kills is reported as kill -9 reports it: no patch adds a
# si_code or calls Brute from outside security/brute/.
step "lint: no new si_code, no core kernel call into Brute"
bad=()
for p in "${PATCHES[@]}"; do
	out=$(awk '/^\+\+\+ b\// {f=$2} /^[-+][^-+]/ && f !~ /^b\/(Documentation|security\/brute|tools)\// &&
		/NSIGCHLD|CLD_[A-Z]+|brute_[a-z_]+\(/ {print FILENAME ": " f ": " $0}' "$p")
	[ -z "$out" ] || bad+=("$out")
done
# Nor does any patch, or the cover letter, bring back the dropped si_code.
for p in "$OUT"/*.patch; do
	! grep -q 'CLD_BRUTE' "$p" || bad+=("$(basename "$p"): mentions CLD_BRUTE")
done
lint_result core-abi ${#bad[@]} "${bad[@]}"

# --- uapi header -------------------------------------------------------------
step "lint: uapi header alone in userspace"
out=$(echo '#include <linux/brute.h>' | gcc -std=c90 -Wall -Wextra -Werror -pedantic \
	-isystem "$OBJ/usr/include" -fsyntax-only -x c - 2>&1)
lint_result uapi $? "$out"

# --- sparse and W=1 ----------------------------------------------------------
step "lint: sparse (C=2) and W=1 on security/brute"
CHECK=$("$ROOT/harness/sparse.sh")
# In a copy of the test kernel's object directory (made again when its
# config changes): W=1 objects in build/BASE/obj would make the next build
# of the test kernel compile every file of Brute again. Every file of Brute
# is compiled here each time, so that its W=1 warnings are all seen.
W1=$LINT/obj-w1
if ! cmp -s "$OBJ/.config" "$W1/.config"; then
	rm -rf "$W1"
	cp -a "$OBJ" "$W1"
fi
rm -f "$W1"/security/brute/*.o
out=$(make -C "$SRC" O="$W1" ARCH=x86_64 -s C=2 CHECK="$CHECK" W=1 security/brute/ 2>&1 | grep -v '^  [A-Z]' || true)
lint_result sparse-w1 $([ -z "$out" ]; echo $?) "$out"

[ "${LINT_BUILDS:-0}" = 1 ] || exit 0
exec "$ROOT/harness/lint-builds.sh"
