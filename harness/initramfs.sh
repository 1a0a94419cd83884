#!/bin/bash
# Build build/BASE/initramfs.cpio.gz: busybox, the real ip/setfattr/getfattr/mke2fs
# with their libraries, the installed kselftests, a setuid helper, /init and the
# demo.
# `initramfs.sh bench` builds the bench's instead (build/BASE/bench/initramfs.cpio.gz):
# busybox, ip and the benchmark, nothing else.
source "$(dirname "$0")/common.sh"

KIND=${1:-test}
STAGE=$BB/initramfs
if [ "$KIND" = bench ]; then
	STAGE=$BB/bench/initramfs
	INITRAMFS=$BB/bench/initramfs.cpio.gz
fi
step "building initramfs ${INITRAMFS#$ROOT/}"
[ "$KIND" = bench ] || [ -s "$KSFT/kselftest-list.txt" ] || die "no installed kselftests (run: make selftests)"
rm -rf "$STAGE"
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,lib,lib64,dev,proc,sys,tmp,etc,root,run}

# busybox and its applet links (the real tools below replace some links)
install -m 755 /bin/busybox "$STAGE/bin/busybox"
for applet in $(/bin/busybox --list-full); do
	[ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done

# copy_bin SRC DEST: copy a program and every shared library it needs
copy_libs() {
	local lib
	for lib in $(ldd "$1" 2>/dev/null | grep -o '/[^ ]*' || true); do
		[ -e "$STAGE$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$STAGE$lib"
	done
}
copy_bin() {
	rm -f "$STAGE$2"
	install -D -m 755 "$1" "$STAGE$2"
	copy_libs "$1"
}
copy_bin /sbin/ip /sbin/ip
copy_bin /sbin/ip /bin/ip
install -m 755 "$ROOT/harness/init" "$STAGE/init"

if [ "$KIND" = bench ]; then
	gcc -static -O2 -Wall -o "$STAGE/bin/brute-bench" "$ROOT/harness/bench/brute-bench.c"
else
	copy_bin /usr/bin/setfattr /usr/bin/setfattr
	copy_bin /usr/bin/getfattr /usr/bin/getfattr
	# fs_test makes ext4 images: busybox's mke2fs knows no ext4
	copy_bin /sbin/mke2fs /sbin/mke2fs

	# kselftests (and libraries of any dynamically linked test program)
	cp -a "$KSFT" "$STAGE/kselftest"
	while IFS= read -r -d '' f; do copy_libs "$f"; done < <(find "$STAGE/kselftest" -type f -perm -u+x -print0)
	# glibc loads libgcc_s at run time to unwind in pthread_exit()
	libgcc=$(gcc -print-file-name=libgcc_s.so.1)
	install -D -m 755 "$(readlink -f "$libgcc")" "$STAGE/lib/x86_64-linux-gnu/libgcc_s.so.1"

	# setuid-root helper for the ramfs boot test
	gcc -static -O2 -Wall -o "$STAGE/bin/suid-check" "$ROOT/harness/suid-check.c"
	chmod 4755 "$STAGE/bin/suid-check"

	install -m 755 "$ROOT/harness/demo.sh" "$STAGE/demo.sh"
	# the administration tool, for the demo and for administrators' eyes
	install -m 755 "$KSFT/brute/brutectl" "$STAGE/usr/sbin/brutectl"
	cat >"$STAGE/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
attacker:x:1000:1000:demo attacker:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
	printf 'root:x:0:\nattacker:x:1000:\nnogroup:x:65534:\n' >"$STAGE/etc/group"
fi
[ "$(id -u)" = 0 ] && mknod -m 600 "$STAGE/dev/console" c 5 1

(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$INITRAMFS.tmp"
mv "$INITRAMFS.tmp" "$INITRAMFS"
echo "    $(du -h "$INITRAMFS" | cut -f1) ${INITRAMFS#$ROOT/}"
