/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Interface with the signal code
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _LINUX_BRUTE_H
#define _LINUX_BRUTE_H

#include <linux/types.h>

struct task_struct;

#ifdef CONFIG_SECURITY_FORK_BRUTE
bool brute_task_killed(const struct task_struct *task);
#else
static inline bool brute_task_killed(const struct task_struct *task)
{
	return false;
}
#endif

#endif /* _LINUX_BRUTE_H */
