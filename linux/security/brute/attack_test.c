// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the crash classification
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/signal.h>

#include "attack.h"

/**
 * struct brute_crash_case - A fatal signal and whether it is a crash
 * @signo: The signal.
 * @code: Its si_code.
 * @crash: Whether Brute counts it.
 */
struct brute_crash_case {
	int signo;
	int code;
	bool crash;
};

static const struct brute_crash_case brute_crash_cases[] = {
	/* Faults raised by the kernel. */
	{ SIGSEGV, SEGV_MAPERR, true },
	{ SIGSEGV, SEGV_ACCERR, true },
	{ SIGBUS, BUS_ADRERR, true },
	{ SIGILL, ILL_ILLOPN, true },
	{ SIGFPE, FPE_INTDIV, true },
	{ SIGTRAP, TRAP_BRKPT, true },
	{ SIGSYS, SYS_SECCOMP, true },
	/* SIGABRT, from abort() or from anyone. */
	{ SIGABRT, SI_TKILL, true },
	{ SIGABRT, SI_USER, true },
	{ SIGABRT, SI_KERNEL, true },
	/* The same fault signals sent from userspace. */
	{ SIGSEGV, SI_USER, false },
	{ SIGSEGV, SI_TKILL, false },
	{ SIGSEGV, SI_QUEUE, false },
	{ SIGBUS, SI_USER, false },
	{ SIGILL, SI_TKILL, false },
	{ SIGFPE, SI_QUEUE, false },
	{ SIGTRAP, SI_USER, false },
	{ SIGSYS, SI_USER, false },
	/* Never a crash. */
	{ SIGKILL, SI_USER, false },
	{ SIGKILL, SI_KERNEL, false },
	{ SIGTERM, SI_USER, false },
	{ SIGQUIT, SI_USER, false },
	{ SIGXCPU, SI_KERNEL, false },
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
		KUNIT_EXPECT_EQ_MSG(test, c->crash, brute_is_crash(&info),
				    "signal %d code %d", c->signo, c->code);
	}
}

static struct kunit_case brute_attack_test_cases[] = {
	KUNIT_CASE(brute_attack_test_is_crash),
	{}
};

static struct kunit_suite brute_attack_test_suite = {
	.name = "brute_attack",
	.test_cases = brute_attack_test_cases,
};

kunit_test_suite(brute_attack_test_suite);
