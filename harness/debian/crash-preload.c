// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD=crash-preload.so PROGRAM: PROGRAM faults before main(), a real
 * SIGSEGV of the process itself (a user crashing their own instance of a
 * shared program, harness/debian/checks.sh).
 *
 * The pointer is volatile: a store through a constant NULL is undefined,
 * and GCC drops the whole constructor for it.
 */
static int *volatile nowhere;

__attribute__((constructor, used)) static void crash(void)
{
	*nowhere = 0;
}
