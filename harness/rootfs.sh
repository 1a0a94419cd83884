#!/bin/bash
# Build the Debian 12 root filesystem of the distribution boot (make debian):
# mmdebstrap from the machine's Debian mirror (its apt sources, Debian
# entries only), the packages of harness/debian/packages, set up by
# harness/debian/customize.sh, on a raw ext4 image (mke2fs -d keeps the
# xattrs, such as ping's file capability).
#
# The image is cached as build/cache/debian-rootfs-HASH.img, HASH the sha256
# of the package list and of the setup scripts: a second run, on any base,
# does not rebuild it. Boots never write to it: each uses a qcow2 overlay
# (harness/debian.sh). Its path goes to build/BASE/debian/rootfs.path, its
# log to build/BASE/logs/rootfs.log.
source "$(dirname "$0")/common.sh"

D=$ROOT/harness/debian
HASH=$(cat "$D/packages" "$D/customize.sh" "$ROOT/harness/rootfs.sh" | sha256sum | cut -c1-16)
IMG=$CACHE/debian-rootfs-$HASH.img
LOG=$LOGS/rootfs.log
mkdir -p "$BB/debian"
echo "$IMG" >"$BB/debian/rootfs.path"
[ -f "$IMG" ] && exit 0

step "building the Debian 12 root filesystem (log: ${LOG#$ROOT/})"
[ "$(id -u)" = 0 ] || die "need root for mmdebstrap and mke2fs -d of a root filesystem"
start=$(date +%s)
mkdir -p "$CACHE"
rm -f "$CACHE"/debian-rootfs-*.img          # older keys
TMP=$BB/debian/rootfs.tmp
# a killed mmdebstrap may have left its mounts: never remove through them
! findmnt -rn -o TARGET | grep -q "^$TMP/" || die "$TMP has mounts left (umount them first)"
rm -rf --one-file-system "$TMP"; mkdir -p "$TMP"
: >"$LOG"

# The mirror: the Debian entries of the machine's apt sources, as they are.
SOURCES=$TMP/sources.list
{
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] && grep -hE '^deb .*debian' "$f" || true
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas whose URIs look like Debian's, turned into one-line form
		awk 'BEGIN{RS="";FS="\n"} {
			t=u=s=c=k=""
			for(i=1;i<=NF;i++){ split($i,kv,": "); v=substr($i,length(kv[1])+3)
				if(kv[1]=="Types")t=v; else if(kv[1]=="URIs")u=v; else if(kv[1]=="Suites")s=v
				else if(kv[1]=="Components")c=v; else if(kv[1]=="Signed-By")k=v }
			if(t!~/deb/ || u!~/debian/) next
			n=split(s,ss," "); for(j=1;j<=n;j++) print "deb" (k? " [signed-by=" k "]":"") " " u " " ss[j] " " c
		}' "$f"
	done
} | grep bookworm >"$SOURCES" || true
[ -s "$SOURCES" ] || die "no Debian bookworm entry in the machine's apt sources"
cat "$SOURCES" >>"$LOG"

PKGS=$(grep -v '^#' "$D/packages" | xargs | tr ' ' ,)
run_logged "$LOG" mmdebstrap --mode=root --variant=apt --format=directory \
	--aptopt='APT::Install-Recommends "false"' \
	--include="$PKGS" \
	--customize-hook="$D/customize.sh \"\$1\"" \
	bookworm "$TMP/root" "$SOURCES"

# ping's file capability must survive: it is one of the boundaries checked.
getcap "$TMP/root/usr/bin/ping" | grep -q cap_net_raw ||
	die "ping has no file capability in the root filesystem"

run_logged "$LOG" mke2fs -q -t ext4 -L debian-root -d "$TMP/root" "$TMP/rootfs.img" 1536M
# and mke2fs -d copied it
debugfs -R 'ea_list /usr/bin/ping' "$TMP/rootfs.img" 2>>"$LOG" | grep -q 'security.capability' ||
	die "mke2fs -d dropped ping's security.capability xattr"
mv "$TMP/rootfs.img" "$IMG"
rm -rf --one-file-system "$TMP"
echo "    ${IMG#$ROOT/} ($(du -h "$IMG" | cut -f1) used) in $(( $(date +%s) - start ))s"
