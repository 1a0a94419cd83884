// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the crash classification, the sweep and the logs
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/signal.h>
#include <linux/string.h>

#include "attack.h"
#include "log.h"
#include "task.h"

/* The pid of the dying process, and of another one. */
#define SELF 1234
#define OTHER 4321

/**
 * struct brute_crash_case - A fatal signal and whether it is a crash
 * @signo: The signal.
 * @code: Its si_code.
 * @pid: Its si_pid: %SELF, %OTHER or 0.
 * @crash: Whether Brute counts it.
 */
struct brute_crash_case {
	int signo;
	int code;
	pid_t pid;
	bool crash;
};

static const struct brute_crash_case brute_crash_cases[] = {
	/* Faults raised by the kernel. */
	{ SIGSEGV, SEGV_MAPERR, 0, true },
	{ SIGSEGV, SEGV_ACCERR, 0, true },
	{ SIGSEGV, SI_KERNEL, 0, true },
	{ SIGBUS, BUS_ADRALN, 0, true },
	{ SIGILL, ILL_ILLOPN, 0, true },
	{ SIGFPE, FPE_INTDIV, 0, true },
	{ SIGTRAP, TRAP_BRKPT, 0, true },
	{ SIGSYS, SYS_SECCOMP, 0, true },
	/*
	 * The backing store of a mapping failed (a truncated file, a full
	 * tmpfs) or the memory did: another user may have caused it.
	 */
	{ SIGBUS, BUS_ADRERR, 0, false },
	{ SIGBUS, BUS_OBJERR, 0, false },
	{ SIGBUS, BUS_MCEERR_AR, 0, false },
	{ SIGBUS, BUS_MCEERR_AO, 0, false },
	/* abort() and raise(): sent by the process to itself. */
	{ SIGABRT, SI_TKILL, SELF, true },
	{ SIGABRT, SI_USER, SELF, true },
	{ SIGSEGV, SI_TKILL, SELF, true },
	{ SIGSEGV, SI_USER, SELF, true },
	{ SIGBUS, SI_USER, SELF, true },
	/* Sent by another process, whoever it is: never. */
	{ SIGABRT, SI_USER, OTHER, false },
	{ SIGABRT, SI_TKILL, OTHER, false },
	{ SIGABRT, SI_USER, 0, false },
	{ SIGSEGV, SI_USER, OTHER, false },
	{ SIGSEGV, SI_TKILL, OTHER, false },
	{ SIGBUS, SI_USER, OTHER, false },
	{ SIGILL, SI_TKILL, OTHER, false },
	{ SIGTRAP, SI_USER, OTHER, false },
	{ SIGSYS, SI_USER, OTHER, false },
	/* sigqueue() lets the sender claim any pid: never. */
	{ SIGSEGV, SI_QUEUE, SELF, false },
	{ SIGABRT, SI_QUEUE, SELF, false },
	{ SIGFPE, SI_QUEUE, OTHER, false },
	{ SIGSEGV, SI_TIMER, SELF, false },
	{ SIGSEGV, SI_MESGQ, SELF, false },
	{ SIGSEGV, SI_ASYNCIO, SELF, false },
	{ SIGSEGV, SI_SIGIO, SELF, false },
	/* SIGABRT is never raised by the kernel. */
	{ SIGABRT, SI_KERNEL, 0, false },
	/* Never a crash. */
	{ SIGKILL, SI_USER, SELF, false },
	{ SIGKILL, SI_KERNEL, 0, false },
	{ SIGTERM, SI_USER, SELF, false },
	{ SIGQUIT, SI_USER, SELF, false },
	{ SIGXCPU, SI_KERNEL, 0, false },
};

static void brute_attack_test_is_crash(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(brute_crash_cases); i++) {
		const struct brute_crash_case *c = &brute_crash_cases[i];
		kernel_siginfo_t info;

		clear_siginfo(&info);
		info.si_signo = c->signo;
		info.si_code = c->code;
		info.si_pid = c->pid;
		KUNIT_EXPECT_EQ_MSG(test, c->crash, brute_is_crash(&info, SELF),
				    "signal %d code %d pid %d", c->signo,
				    c->code, c->pid);
	}
}

/* The sweep never kills the global init or a kernel thread. */
static void brute_attack_test_sweep_spares(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, brute_sweep_spares(true, false));
	KUNIT_EXPECT_TRUE(test, brute_sweep_spares(false, true));
	KUNIT_EXPECT_FALSE(test, brute_sweep_spares(false, false));
}

/*
 * The principal of a crash: the real uid held at death for a program root
 * executed (a master's worker that took a tenant's ids is that tenant), the
 * user who executed it otherwise, whatever ids a setuid bit let it take.
 */
static void brute_attack_test_principal(struct kunit *test)
{
	/* A root master, and its workers for tenants 1001 and 1002. */
	KUNIT_EXPECT_EQ(test, 0, brute_charged_principal(0, 0));
	KUNIT_EXPECT_EQ(test, 1001, brute_charged_principal(0, 1001));
	KUNIT_EXPECT_EQ(test, 1002, brute_charged_principal(0, 1002));
	/* A user's setuid program that made root, or bob, its real uid. */
	KUNIT_EXPECT_EQ(test, 1000, brute_charged_principal(1000, 0));
	KUNIT_EXPECT_EQ(test, 1000, brute_charged_principal(1000, 1001));
	/* A setuid program run by a user, which kept the user's real uid. */
	KUNIT_EXPECT_EQ(test, 1000, brute_charged_principal(1000, 1000));
	/* A root daemon that dropped to nobody. */
	KUNIT_EXPECT_EQ(test, 65534, brute_charged_principal(0, 65534));
}

/* No name can forge a log line: controls, spaces and backslashes escape. */
static void brute_attack_test_escape(struct kunit *test)
{
	static const char forged[] = "x\nbrute: offending process 1 [init] killed";
	char buf[64];

	KUNIT_EXPECT_EQ(test, 9, brute_escape(buf, sizeof(buf), "/bin/true", 9));
	KUNIT_EXPECT_STREQ(test, "/bin/true", buf);
	brute_escape(buf, sizeof(buf), "a\nb c\\d\x7f\xff", 9);
	KUNIT_EXPECT_STREQ(test, "a\\012b\\040c\\134d\\177\\377", buf);
	brute_escape(buf, sizeof(buf), forged, sizeof(forged) - 1);
	KUNIT_EXPECT_NULL(test, strchr(buf, '\n'));
	/* Truncated at a whole escape, and always terminated. */
	KUNIT_EXPECT_EQ(test, 1, brute_escape(buf, 5, "a\nb", 3));
	KUNIT_EXPECT_STREQ(test, "a", buf);
	KUNIT_EXPECT_EQ(test, 0, brute_escape(buf, 1, "abc", 3));
	KUNIT_EXPECT_STREQ(test, "", buf);
}

static struct kunit_case brute_attack_test_cases[] = {
	KUNIT_CASE(brute_attack_test_is_crash),
	KUNIT_CASE(brute_attack_test_sweep_spares),
	KUNIT_CASE(brute_attack_test_principal),
	KUNIT_CASE(brute_attack_test_escape),
	{}
};

static struct kunit_suite brute_attack_test_suite = {
	.name = "brute_attack",
	.test_cases = brute_attack_test_cases,
};

kunit_test_suite(brute_attack_test_suite);
