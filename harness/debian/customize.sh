#!/bin/sh
# mmdebstrap --customize-hook: set up the image of the distribution boot.
# $1 is the root directory. Runs on the host, as root.
set -eu
R=${1:?usage: customize.sh ROOT}
case $R in /|"") echo "customize.sh: refusing root directory '$R'" >&2; exit 1 ;; esac

echo brute-debian >"$R/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tbrute-debian\n192.0.2.1\tguest\n192.0.2.2\tpeer\n' >"$R/etc/hosts"
printf '/dev/vda\t/\text4\trw,errors=remount-ro\t0\t1\n' >"$R/etc/fstab"

# Users: alice (sudo without password), bob (a bystander); root's password
# is empty (serial console only, no network leaves the VM).
chroot "$R" useradd -m -s /bin/bash -u 1000 alice
chroot "$R" useradd -m -s /bin/bash -u 1001 bob
chroot "$R" usermod -aG sudo alice
echo 'alice ALL=(ALL) NOPASSWD: ALL' >"$R/etc/sudoers.d/alice"
chmod 0440 "$R/etc/sudoers.d/alice"
chroot "$R" passwd -d root >/dev/null
# su root from a user without a password: pam_wheel trust for group sudo.
sed -i '1a auth sufficient pam_wheel.so trust group=sudo' "$R/etc/pam.d/su"

# sshd: keys only, no DNS
printf 'UseDNS no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n' \
	>"$R/etc/ssh/sshd_config.d/harness.conf"

# The harness unit: mounts the test disk (label HARNESS) and runs its
# run.sh once the system is up, then powers off. The checks themselves
# live on that disk, not in this image. Type=simple: its job ends when
# run.sh starts, so that the boot can finish ("running") under it.
cat >"$R/etc/systemd/system/harness.service" <<'UNIT'
[Unit]
Description=Brute harness checks (test disk /dev/disk/by-label/HARNESS)
After=multi-user.target
Requires=dev-disk-by\x2dlabel-HARNESS.device
After=dev-disk-by\x2dlabel-HARNESS.device

[Service]
Type=simple
ExecStartPre=/bin/mkdir -p /harness
ExecStartPre=/bin/mount -o ro /dev/disk/by-label/HARNESS /harness
ExecStart=/bin/sh /harness/run.sh
StandardOutput=tty
StandardError=tty
TTYPath=/dev/ttyS0
TimeoutStartSec=infinity
ExecStopPost=/bin/systemctl --no-block poweroff

[Install]
WantedBy=multi-user.target
UNIT
ln -sf /etc/systemd/system/harness.service \
	"$R/etc/systemd/system/multi-user.target.wants/harness.service"
# The console belongs to the harness: no getty on it.
ln -sf /dev/null "$R/etc/systemd/system/serial-getty@ttyS0.service"
ln -sf /dev/null "$R/etc/systemd/system/getty@tty1.service"
# Nothing that reaches out or runs on a timer during the checks.
for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	 e2scrub_reap.service fstrim.timer man-db.timer dpkg-db-backup.timer; do
	ln -sf /dev/null "$R/etc/systemd/system/$u"
done
# The journal keeps to memory: the image stays small and the boot quick.
mkdir -p "$R/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\n' >"$R/etc/systemd/journald.conf.d/harness.conf"
# No apt lists or caches in the image.
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin
