#!/bin/bash
# Print the path of a sparse that the tree of $BASE accepts: Debian 12's
# (/usr/bin/sparse) when its scripts/checker-valid.sh takes it, else
# sparse 0.6.5~rc1 built once from Debian's source package (mainline's
# headers use __typeof_unqual__, which Debian 12's sparse 0.6.4 does not
# know). The source comes through a private apt configuration (apt_private
# in common.sh), pinned by version and SHA256; the build goes to
# build/cache/sparse-VERSION/ and takes seconds.
source "$(dirname "$0")/common.sh"

VERSION=0.6.5~rc1-2
SUITE=forky
ORIG=sparse_0.6.5~rc1.orig.tar.gz
SHA=3ac8855ec7f3ab92f325be0f64347ccc2b10f8b4d7c2906783ee8e2bdab3f0de

# (6.12 has no scripts/checker-valid.sh: any sparse will do there)
valid() {
	[ ! -f "$SRC/scripts/checker-valid.sh" ] ||
		[ "$(sh "$SRC/scripts/checker-valid.sh" "$1" -m64 2>/dev/null)" = 1 ]
}

if valid /usr/bin/sparse; then
	echo /usr/bin/sparse
	exit 0
fi
DIR=$CACHE/sparse-${VERSION//\~/_}
if [ ! -x "$DIR/sparse" ]; then
	step "building sparse $VERSION from Debian's source package (log: ${LOGS#$ROOT/}/sparse.log)" >&2
	apt_private "$SUITE"
	rm -rf "$DIR" "$DIR.tmp"
	mkdir -p "$DIR.tmp"
	(cd "$DIR.tmp" && run_logged "$LOGS/sparse.log" \
		apt-get "${APT_OPTS[@]}" source --download-only "sparse=$VERSION")
	echo "$SHA  $DIR.tmp/$ORIG" | sha256sum -c --quiet >&2 ||
		die "$ORIG is not the pinned source (SHA256 differs)"
	tar -xzf "$DIR.tmp/$ORIG" -C "$DIR.tmp"
	run_logged "$LOGS/sparse.log" make -C "$DIR.tmp"/sparse-*/ -j"$JOBS" sparse
	install -D -m 755 "$DIR.tmp"/sparse-*/sparse "$DIR/sparse"
	rm -rf "$DIR.tmp"
fi
valid "$DIR/sparse" || die "$DIR/sparse does not pass the checker test of ${SRC#$ROOT/}"
echo "$DIR/sparse"
