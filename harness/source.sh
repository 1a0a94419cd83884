#!/bin/bash
# Fetch and unpack the pristine kernel source of $BASE, as pinned in
# harness/bases: Debian's linux-source-X package, exact version, checked
# against its SHA256, unpacked once under build/cache/linux-source-VERSION/.
# Prints the path of the pristine tree.
#
# The package is downloaded, never installed: the machine's own packages and
# apt sources stay as they are. A suite the machine does not use (trixie-
# backports on Debian 12) is reached through a private apt configuration
# (apt_private in common.sh).
source "$(dirname "$0")/common.sh"

read -r _ PKG VERSION SUITE SHA < <(base_line "$BASE")
KEY=$(printf %s "$VERSION" | tr -c 'A-Za-z0-9.+-' '_')
PRISTINE=$CACHE/$PKG-$KEY
WANT="debian:$PKG=$VERSION sha256:$SHA"
if [ "$(cat "$PRISTINE.unpacked" 2>/dev/null)" = "$WANT" ]; then
	echo "$PRISTINE"
	exit 0
fi

# --- download ----------------------------------------------------------------
DEBS=$CACHE/debs
DEB=$DEBS/${PKG}_${KEY}_all.deb
mkdir -p "$DEBS"
if [ ! -f "$DEB" ] || ! echo "$SHA  $DEB" | sha256sum -c --quiet >/dev/null 2>&1; then
	apt_private "$SUITE"
	step "downloading $PKG $VERSION from $SUITE" >&2
	rm -rf "$DEBS/tmp"
	mkdir -p "$DEBS/tmp"
	(cd "$DEBS/tmp" && run_logged "$LOGS/source.log" apt-get "${APT_OPTS[@]}" download "$PKG=$VERSION")
	# apt names it PKG_VERSION_all.deb, the version URL-encoded (~, :)
	got=("$DEBS"/tmp/"${PKG}"_*_all.deb)
	[ ${#got[@]} = 1 ] && [ -f "${got[0]}" ] || die "apt-get download of $PKG=$VERSION left no .deb"
	mv "${got[0]}" "$DEB"
	rmdir "$DEBS/tmp"
	echo "$SHA  $DEB" | sha256sum -c --quiet >&2 ||
		die "$DEB is not the pinned package (SHA256 differs from harness/bases)"
fi

# --- unpack ------------------------------------------------------------------
step "unpacking $PKG $VERSION into ${PRISTINE#$ROOT/}" >&2
TMP=$CACHE/unpack.$BASE
rm -rf "$TMP" "$PRISTINE"
mkdir -p "$TMP"
dpkg-deb --fsys-tarfile "$DEB" | tar -x -C "$TMP" "./usr/src/$PKG.tar.xz"
tar -xJf "$TMP/usr/src/$PKG.tar.xz" -C "$TMP"
grep -q "^VERSION = ${BASE%%.*}\$" "$TMP/$PKG/Makefile" &&
	grep -q "^PATCHLEVEL = ${BASE#*.}\$" "$TMP/$PKG/Makefile" ||
	die "$PKG $VERSION does not unpack a Linux $BASE tree"
mv "$TMP/$PKG" "$PRISTINE"
rm -rf "$TMP"
echo "$WANT" >"$PRISTINE.unpacked"
echo "$PRISTINE"
