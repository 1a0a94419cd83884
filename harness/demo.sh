#!/bin/sh
# `make demo`: an attack on a setuid program, narrated, inside the VM
# (busybox sh). Booted twice by `make demo`: with Brute, then with an lsm=
# list that leaves it out, where the same attack goes on unhindered.

say() { printf '\n\033[1m# %s\033[0m\n' "$*"; }
run() { echo "\$ $*"; sh -c "$*" 2>&1; }
as() { user=$1; shift; echo "$user\$ $*"; su -s /bin/sh "$user" -c "$*" 2>&1; }

VULN=/opt/vuln
KSFT=/kselftest/brute

if grep -qw brute /sys/kernel/security/lsm; then
	brute=1
	say "Brute is active: it is listed among the LSMs"
else
	brute=0
	say "This boot leaves Brute out (lsm= without brute)"
fi
run cat /sys/kernel/security/lsm; echo

say "A setuid-root program with a memory corruption bug: $VULN"
mkdir -p /opt
cp "$KSFT/crasher" "$VULN"
chmod 4755 "$VULN"
run ls -l "$VULN"

say "An unprivileged attacker (uid 1000) starts one instance that stays up"
su -s /bin/sh attacker -c "exec $VULN sleep" >/dev/null 2>&1 &
sleeper=$!
sleep 1
run "ps | grep '[v]uln sleep'"

if [ $brute = 1 ]; then
	say "The attacker crashes the program again and again, probing its layout"
else
	say "The same attack, without Brute"
fi
n=0
while [ $n -lt 12 ]; do
	n=$((n + 1))
	printf 'try %2d: ' "$n"
	su -s /bin/sh attacker -c "$VULN segv" >/tmp/out 2>&1
	rc=$?
	if grep -q 'not permitted' /tmp/out; then
		echo "exec refused: Operation not permitted (EPERM)"
		break
	fi
	case $rc in
	139) echo "crashed (SIGSEGV)" ;;
	*) echo "exit status $rc: $(cat /tmp/out)" ;;
	esac
done

if [ $brute = 0 ]; then
	say "Nothing stopped the attacker: $n crashes, and the program still runs"
	as attacker "$VULN true && echo 'vuln still runs for the attacker'"
	kill -9 $sleeper 2>/dev/null
	say "Done: without Brute the attacker can crash the program forever"
	exit 0
fi

say "What Brute logged"
dmesg | grep 'brute:' | grep -v initialized | sed 's/^/  /'

say "The attacker's other instance was killed"
wait $sleeper
echo "the sleeping instance exited with status $? (128 + SIGKILL)"

say "The attacker can no longer execute the program"
as attacker "$VULN true"

say "Other users, and root, still can: the block is for the attacking user only"
as nobody "$VULN true && echo 'nobody: vuln runs'"
run "$VULN true && echo 'root: vuln runs'"

say "The record in the security.brute attribute, as brutectl decodes it"
run "brutectl status $VULN"

say "The administrator re-allows the program after dealing with the attacker"
run "brutectl allow $VULN"
as attacker "$VULN true && echo 'attacker: vuln runs again'"

say "Done"
