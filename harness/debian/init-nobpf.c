// SPDX-License-Identifier: GPL-2.0
/*
 * init= of the distribution boot's second boot (harness/run-vm.sh
 * debian-reboot): systemd as PID 1 on a system where bpf() fails with
 * ENOSYS, as on a kernel built without CONFIG_BPF_SYSCALL.
 *
 * With its BPF firewall, systemd 252 accepts the connections of an
 * Accept=yes TCP socket in a helper it forks into the socket unit's cgroup;
 * without it, PID 1 accepts them itself (socket_accept_in_cgroup() in
 * systemd's src/core/socket.c). The first boot has the firewall; this one
 * shows the other path on the same kernel.
 *
 * A seccomp filter, inherited by every process of the boot, then
 * systemd. PID 1 holds CAP_SYS_ADMIN: no no_new_privs, which would take
 * setuid away from the whole system. Should the filter fail, systemd
 * still starts, and the checks see the firewall still there.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sock_filter insns[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 3),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_bpf, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
		.len = sizeof(insns) / sizeof(insns[0]),
		.filter = insns,
	};

	(void)argc;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
		perror("init-nobpf: seccomp");
	argv[0] = "/lib/systemd/systemd";
	execv(argv[0], argv);
	perror("init-nobpf: /lib/systemd/systemd");
	return 1;
}
