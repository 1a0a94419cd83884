// SPDX-License-Identifier: GPL-2.0
/*
 * LD_PRELOAD=crash-preload.so PROGRAM: PROGRAM faults before main(), a real
 * SIGSEGV of the process itself (a user crashing their own instance of a
 * shared program, harness/debian/checks.sh).
 */
__attribute__((constructor)) static void crash(void)
{
	*(volatile int *)0 = 0;
}
