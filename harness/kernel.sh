#!/bin/bash
# Configure (tinyconfig + the test config of BASE: test_config in
# harness/common.sh, verified) and build bzImage.
source "$(dirname "$0")/common.sh"

if [ -z "${FRAGMENT:-}" ]; then
	FRAGMENT=$BB/test.config
	mkdir -p "$BB"
	test_config >"$FRAGMENT.new"
	cmp -s "$FRAGMENT.new" "$FRAGMENT" || mv "$FRAGMENT.new" "$FRAGMENT"
	rm -f "$FRAGMENT.new"
fi
FRAGMENT=$(realpath "$FRAGMENT")
LOG=$LOGS/${KERNEL_LOG:-kernel}.log

# Every CONFIG_X=value and "# CONFIG_X is not set" line of the fragment must
# be in .config exactly as written.
verify_config() {
	local bad=() line sym
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$OBJ/.config" || bad+=("$line")
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }; sym=${sym%% *}
			! grep -q "^$sym=" "$OBJ/.config" || bad+=("$line")
			;;
		esac
	done <"$FRAGMENT"
	if [ ${#bad[@]} -gt 0 ]; then
		echo "These options of ${FRAGMENT#$ROOT/} did not end up in ${OBJ#$ROOT/}/.config as requested:" >&2
		local l; for l in "${bad[@]}"; do
			sym=${l#\# }; sym=${sym%%[= ]*}
			echo "    wanted: $l    got: $(grep -E "^(# )?$sym[= ]" "$OBJ/.config" || echo 'absent')" >&2
		done
		rm -f "$OBJ/.config.stamp"
		die "kernel config verification failed"
	fi
}

# Regenerate the config when the fragment, the working tree stamp or any
# Kconfig file under linux/ changed.
CONFIG_STAMP=$({
	cat "$FRAGMENT" "$BB/src/linux.stamp"
	[ -d "$ROOT/linux" ] && find "$ROOT/linux" -name 'Kconfig*' -type f | LC_ALL=C sort | xargs -r cat
} | sha256sum | cut -d' ' -f1)

mkdir -p "$OBJ"
if [ ! -f "$OBJ/.config" ] || [ "$(cat "$OBJ/.config.stamp" 2>/dev/null)" != "$CONFIG_STAMP" ]; then
	step "configuring kernel: tinyconfig + ${FRAGMENT#$ROOT/} (log: ${LOG#$ROOT/})"
	: >"$LOG"
	run_logged "$LOG" "${KMAKE[@]}" tinyconfig
	run_logged "$LOG" env -C "$OBJ" "$SRC/scripts/kconfig/merge_config.sh" -m -O "$OBJ" "$OBJ/.config" "$FRAGMENT"
	run_logged "$LOG" "${KMAKE[@]}" olddefconfig
	verify_config
	echo "$CONFIG_STAMP" >"$OBJ/.config.stamp"
fi

step "building kernel with -j$JOBS (log: ${LOG#$ROOT/})"
run_logged "$LOG" "${KMAKE[@]}" -j"$JOBS" bzImage
verify_config   # Kconfig edits are picked up by the build's syncconfig too
echo "    $(du -h "$OBJ/arch/x86/boot/bzImage" | cut -f1) ${OBJ#$ROOT/}/arch/x86/boot/bzImage"
