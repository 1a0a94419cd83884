#!/bin/bash
# Build and install Brute's kselftests from the working tree into build/BASE/kselftest.
# Objects go to build/BASE/obj/kselftest (O=), headers from build/BASE/obj/usr/include.
source "$(dirname "$0")/common.sh"

LOG=$LOGS/selftests.log
: >"$LOG"
[ -f "$SRC/tools/testing/selftests/brute/Makefile" ] ||
	die "no tools/testing/selftests/brute in the working tree (expected from linux/)"

step "installing kernel headers into ${OBJ#$ROOT/}/usr (log: ${LOG#$ROOT/})"
run_logged "$LOG" "${KMAKE[@]}" headers_install

step "building kselftests TARGETS=brute (log: ${LOG#$ROOT/})"
rm -rf "$KSFT"
run_logged "$LOG" make -C "$SRC/tools/testing/selftests" O="$OBJ" TARGETS=brute \
	KSFT_INSTALL_PATH="$KSFT" -j"$JOBS" install

LIST=$KSFT/kselftest-list.txt
[ -s "$LIST" ] || die "kselftest install produced no tests (${LIST#$ROOT/} is empty)"
while IFS=: read -r coll test; do
	[ -x "$KSFT/$coll/$test" ] || die "kselftest-list.txt names $coll:$test, which was not installed"
done <"$LIST"
echo "    $(wc -l <"$LIST") test programs: $(cut -d: -f2 "$LIST" | xargs)"
