/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Log lines
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_LOG_H
#define _SECURITY_BRUTE_LOG_H

#include <linux/path.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/sched.h>
#include <linux/types.h>

/* The longest escaped path kept or logged, terminating NUL included. */
#define BRUTE_NAME_ESC_MAX 1024UL

/* Room for an escaped command name: every byte may take four. */
#define BRUTE_COMM_ESC_LEN (4 * TASK_COMM_LEN)

size_t brute_escape(char *dst, size_t size, const char *src, size_t len);
char *brute_path_escaped(const struct path *path, gfp_t gfp);
const char *brute_comm_escaped(char *buf, const struct task_struct *task);
bool brute_log_ratelimit(void);
bool brute_log_kill_ratelimit(void);
bool brute_log_file_ratelimit(void);

/*
 * brute_log_file - Log a line about a file, ratelimited, with its escaped
 * path for the one %s of @fmt.  Process context, may sleep.
 */
#define brute_log_file(fmt, path)					\
	do {								\
		char *__name;						\
									\
		if (brute_log_file_ratelimit()) {			\
			__name = brute_path_escaped(path, GFP_KERNEL);	\
			pr_warn(fmt, __name ?: "(unknown)");		\
			kfree(__name);					\
		}							\
	} while (0)

#endif /* _SECURITY_BRUTE_LOG_H */
