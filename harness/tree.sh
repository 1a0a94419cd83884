#!/bin/bash
# Prepare build/BASE/src/linux = pristine BASE tree + patches/BASE/series +
# linux/.
#
# The pristine tree is Debian's linux-source package pinned in harness/bases,
# unpacked once under build/cache/ by source.sh (or $KERNEL_SRC when set). The working tree is
# recreated only when the stamp (pristine identity, series, patch contents,
# list of files under linux/) changes; otherwise only linux/ files whose
# content differs are copied. Either way, files whose content did not change
# keep their mtime, so the O= kernel build stays incremental.
source "$(dirname "$0")/common.sh"

# --- pristine tree -----------------------------------------------------------
if [ -n "${KERNEL_SRC:-}" ]; then
	PRISTINE=$(realpath "$KERNEL_SRC")
	[ -f "$PRISTINE/Makefile" ] || die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
	grep -q "^VERSION = ${BASE%%.*}\$" "$PRISTINE/Makefile" &&
		grep -q "^PATCHLEVEL = ${BASE#*.}\$" "$PRISTINE/Makefile" ||
		die "KERNEL_SRC=$KERNEL_SRC is not a Linux $BASE tree (BASE=$BASE)"
	IDENT="path:$PRISTINE $(git -C "$PRISTINE" rev-parse HEAD 2>/dev/null || true)"
else
	PRISTINE=$("$ROOT/harness/source.sh")
	IDENT=$(cat "$PRISTINE.unpacked")
fi

# --- stamp -------------------------------------------------------------------
SERIES=()
[ -f "$PATCHES_DIR/series" ] || die "no quilt set for BASE=$BASE: ${PATCHES_DIR#$ROOT/}/series"
while read -r name _; do
	[ -n "$name" ] && [ "${name:0:1}" != "#" ] && SERIES+=("$name")
done <"$PATCHES_DIR/series"
for p in "${SERIES[@]}"; do
	[ -f "$PATCHES_DIR/$p" ] || die "${PATCHES_DIR#$ROOT/}/series lists $p, which does not exist"
done

list_linux_files() {
	[ -d "$ROOT/linux" ] || return 0
	(cd "$ROOT/linux" && find . \( -type f -o -type l \) -printf '%P\n' | LC_ALL=C sort)
}

STAMP=$({
	echo "tree v2 $BASE"
	echo "$IDENT"
	for p in "${SERIES[@]}"; do echo "== patch $p"; cat "$PATCHES_DIR/$p"; done
	echo "== linux/ files"
	list_linux_files
} | sha256sum | cut -d' ' -f1)

STAMPFILE=$BB/src/linux.stamp
CHANGED=$BB/src/linux.changed   # files that differ from pristine

sync_linux_dir() {  # copy linux/ files whose content differs; new mtime for them
	[ -d "$ROOT/linux" ] || return 0
	rsync -rlcE --out-format='    updated %n' "$ROOT/linux/" "$1/"
}

# make series and make lint start from the same pristine tree.
mkdir -p "$BB/src"
echo "$PRISTINE" >"$BB/src/pristine.path"

if [ -d "$SRC" ] && [ -f "$STAMPFILE" ] && [ "$(cat "$STAMPFILE")" = "$STAMP" ]; then
	sync_linux_dir "$SRC" | grep -v '/$' || true
	exit 0
fi

# --- recreate ----------------------------------------------------------------
step "preparing working tree ${SRC#$ROOT/} (${#SERIES[@]} patches)"
NEW=$SRC.new
rm -rf "$NEW"
mkdir -p "$BB/src"
cp -a "$PRISTINE" "$NEW"
rm -f "$NEW.changed"
for p in "${SERIES[@]}"; do
	if ! out=$(cd "$NEW" && patch -p1 --forward --batch --no-backup-if-mismatch \
			<"$PATCHES_DIR/$p" 2>&1); then
		echo "$out" >&2
		die "patch $p does not apply"
	fi
	sed -n "s/^patching file '\{0,1\}\([^']*\)'\{0,1\}$/\1/p" <<<"$out" >>"$NEW.changed"
done
sync_linux_dir "$NEW" >/dev/null
list_linux_files >>"$NEW.changed"

# Files changed now or in the previous tree: keep the old mtime when the
# content is the same as before, otherwise make them newer than any object.
if [ -d "$SRC" ]; then
	sort -u "$NEW.changed" "$CHANGED" 2>/dev/null | while read -r f; do
		if [ -f "$SRC/$f" ] && [ -f "$NEW/$f" ] && cmp -s "$SRC/$f" "$NEW/$f"; then
			touch -h -r "$SRC/$f" "$NEW/$f"
		elif [ -e "$NEW/$f" ]; then
			touch -h "$NEW/$f"
		fi
	done
fi
# Remember every file that ever differed, so that a file the series stops
# changing keeps the new mtime it got here through later recreations.
sort -u "$NEW.changed" "$CHANGED" 2>/dev/null >"$NEW.changed.all" || true
mv "$NEW.changed.all" "$NEW.changed"

rm -rf "$SRC" "$STAMPFILE"
mv "$NEW" "$SRC"
mv "$NEW.changed" "$CHANGED"
echo "$STAMP" >"$STAMPFILE"
