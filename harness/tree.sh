#!/bin/bash
# Prepare build/src/linux = pristine 6.12 tree + patches/series + linux/.
#
# The pristine tree is Debian's linux-source-6.12, unpacked once per package
# version under build/cache/ (or $KERNEL_SRC when set). The working tree is
# recreated only when the stamp (pristine identity, series, patch contents,
# list of files under linux/) changes; otherwise only linux/ files whose
# content differs are copied. Either way, files whose content did not change
# keep their mtime, so the O= kernel build stays incremental.
source "$(dirname "$0")/common.sh"

# --- pristine tree -----------------------------------------------------------
if [ -n "${KERNEL_SRC:-}" ]; then
	PRISTINE=$(realpath "$KERNEL_SRC")
	[ -f "$PRISTINE/Makefile" ] || die "KERNEL_SRC=$KERNEL_SRC is not a kernel tree"
	IDENT="path:$PRISTINE $(git -C "$PRISTINE" rev-parse HEAD 2>/dev/null || true)"
else
	VERSION=$(dpkg-query -W -f='${Version}' linux-source-6.12) ||
		die "linux-source-6.12 is not installed (run: make deps)"
	KEY=$(printf %s "$VERSION" | tr -c 'A-Za-z0-9.+-' '_')
	PRISTINE=$CACHE/linux-source-$KEY
	IDENT="debian:linux-source-6.12=$VERSION"
	if [ ! -f "$PRISTINE.unpacked" ]; then
		step "unpacking linux-source-6.12 $VERSION into ${PRISTINE#$ROOT/}"
		rm -rf "$CACHE"/linux-source-* "$CACHE/unpack.tmp"
		mkdir -p "$CACHE/unpack.tmp"
		tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$CACHE/unpack.tmp"
		mv "$CACHE/unpack.tmp/linux-source-6.12" "$PRISTINE"
		rmdir "$CACHE/unpack.tmp"
		echo "$IDENT" >"$PRISTINE.unpacked"
	fi
fi

# --- stamp -------------------------------------------------------------------
SERIES=()
if [ -f "$ROOT/patches/series" ]; then
	while read -r name _; do
		[ -n "$name" ] && [ "${name:0:1}" != "#" ] && SERIES+=("$name")
	done <"$ROOT/patches/series"
fi
for p in "${SERIES[@]}"; do
	[ -f "$ROOT/patches/$p" ] || die "patches/series lists $p, which does not exist"
done

list_linux_files() {
	[ -d "$ROOT/linux" ] || return 0
	(cd "$ROOT/linux" && find . \( -type f -o -type l \) -printf '%P\n' | LC_ALL=C sort)
}

STAMP=$({
	echo "tree v1"
	echo "$IDENT"
	for p in "${SERIES[@]}"; do echo "== patch $p"; cat "$ROOT/patches/$p"; done
	echo "== linux/ files"
	list_linux_files
} | sha256sum | cut -d' ' -f1)

STAMPFILE=$BUILD/src/linux.stamp
CHANGED=$BUILD/src/linux.changed   # files that differ from pristine

sync_linux_dir() {  # copy linux/ files whose content differs; new mtime for them
	[ -d "$ROOT/linux" ] || return 0
	rsync -rlcE --out-format='    updated %n' "$ROOT/linux/" "$1/"
}

# make series and make lint start from the same pristine tree.
mkdir -p "$BUILD/src"
echo "$PRISTINE" >"$BUILD/src/pristine.path"

if [ -d "$SRC" ] && [ -f "$STAMPFILE" ] && [ "$(cat "$STAMPFILE")" = "$STAMP" ]; then
	sync_linux_dir "$SRC" | grep -v '/$' || true
	exit 0
fi

# --- recreate ----------------------------------------------------------------
step "preparing working tree ${SRC#$ROOT/} (${#SERIES[@]} patches)"
NEW=$SRC.new
rm -rf "$NEW"
mkdir -p "$BUILD/src"
cp -a "$PRISTINE" "$NEW"
rm -f "$NEW.changed"
for p in "${SERIES[@]}"; do
	if ! out=$(cd "$NEW" && patch -p1 --forward --batch --no-backup-if-mismatch \
			<"$ROOT/patches/$p" 2>&1); then
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
