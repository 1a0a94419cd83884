/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - What differs between the kernels Brute is built on
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_COMPAT_H
#define _SECURITY_BRUTE_COMPAT_H

#include <linux/binfmts.h>
#include <linux/lsm_hooks.h>
#include <linux/sysctl.h>
#include <linux/types.h>
#include <linux/version.h>

/**
 * DOC: compat
 *
 * Brute's files are one source for two kernel bases: mainline (7.3, the
 * base the series is submitted against) and 6.12 LTS (the backport).  All
 * that depends on the base is in this header, and only here:
 *
 * - struct lsm_info points to the struct lsm_id on mainline, and takes
 *   the LSM's name on 6.12;
 * - the clone flags of the task_alloc hook: u64 on mainline, unsigned
 *   long on 6.12;
 * - register_sysctl_sz() takes a const table on mainline, a writable one
 *   on 6.12 (which never writes it);
 * - execveat(AT_EXECVE_CHECK): mainline stops such an execution right
 *   after the bprm_creds_for_exec hook (bprm->is_check); 6.12 has no such
 *   flag.
 *
 * Brute supports these two bases; kernels between them are neither.  The
 * series for mainline carries the mainline half of this header only.
 */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(7, 0, 0) /* mainline */

/* The clone flags of the task_alloc hook. */
#define brute_clone_flags_t u64

/* How Brute's struct lsm_info names the LSM. */
#define BRUTE_LSM_INFO_ID .id = &brute_lsmid

static inline struct ctl_table_header *
brute_register_sysctl(const char *path, const struct ctl_table *table,
		      size_t size)
{
	return register_sysctl_sz(path, table, size);
}

/* True when execveat(AT_EXECVE_CHECK) only asks whether @bprm may run. */
static inline bool brute_bprm_is_check(const struct linux_binprm *bprm)
{
	return bprm->is_check;
}

#else /* 6.12 LTS */

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#error "Brute builds on Linux 6.12 LTS and on mainline 7.0 and later only"
#endif

#define brute_clone_flags_t unsigned long

#define BRUTE_LSM_INFO_ID .name = BRUTE_NAME

static inline struct ctl_table_header *
brute_register_sysctl(const char *path, const struct ctl_table *table,
		      size_t size)
{
	return register_sysctl_sz(path, (struct ctl_table *)table, size);
}

static inline bool brute_bprm_is_check(const struct linux_binprm *bprm)
{
	return false;
}

#endif /* 6.12 LTS */

#endif /* _SECURITY_BRUTE_COMPAT_H */
