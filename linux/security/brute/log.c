// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Log lines
 *
 * Every line is ratelimited, and every name that a user chooses (a file
 * name, a command name) is escaped, so that no name can forge a line.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/dcache.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "log.h"

/**
 * brute_escape() - Escape a name for a log line or the list of blocks
 * @dst: The buffer to write to.
 * @size: Its size, at least one byte.
 * @src: The name.
 * @len: Its length.
 *
 * Every byte that is not printable ASCII, a space or a backslash is written
 * as a backslash and three octal digits.  The result is always terminated,
 * and truncated at a whole escape if @dst is too small.
 *
 * Return: The length written, without the terminating NUL.
 */
size_t brute_escape(char *dst, size_t size, const char *src, size_t len)
{
	size_t i, out = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = src[i];

		if (c > ' ' && c < 0x7f && c != '\\') {
			if (out + 1 >= size)
				break;
			dst[out++] = c;
		} else {
			if (out + 4 >= size)
				break;
			dst[out++] = '\\';
			dst[out++] = '0' + (c >> 6);
			dst[out++] = '0' + ((c >> 3) & 7);
			dst[out++] = '0' + (c & 7);
		}
	}
	dst[out] = '\0';
	return out;
}

/**
 * brute_path_escaped() - Get the escaped path of a file
 * @path: The file.
 * @gfp: How to allocate.
 *
 * The result is cut at %BRUTE_NAME_ESC_MAX bytes, which is enough to tell
 * a file in a log line, and bounds what a list of blocks keeps.
 *
 * Context: Any context that @gfp allows.
 * Return: The escaped path, to free with kfree(), or NULL.
 */
char *brute_path_escaped(const struct path *path, gfp_t gfp)
{
	char *buf, *name, *esc = NULL;
	size_t len, size;

	buf = kmalloc(PATH_MAX, gfp);
	if (!buf)
		return NULL;
	name = d_path(path, buf, PATH_MAX);
	if (!IS_ERR(name)) {
		len = strlen(name);
		size = min(4 * len + 1, BRUTE_NAME_ESC_MAX);
		esc = kmalloc(size, gfp);
		if (esc)
			brute_escape(esc, size, name, len);
	}
	kfree(buf);
	return esc;
}

/**
 * brute_comm_escaped() - Get the escaped command name of a task
 * @buf: A buffer of %BRUTE_COMM_ESC_LEN bytes.
 * @task: The task.
 *
 * Return: @buf.
 */
const char *brute_comm_escaped(char *buf, const struct task_struct *task)
{
	char comm[TASK_COMM_LEN];

	get_task_comm(comm, (struct task_struct *)task);
	brute_escape(buf, BRUTE_COMM_ESC_LEN, comm, strnlen(comm, sizeof(comm)));
	return buf;
}

/* The detections, which a user can only cause on his own files. */
static DEFINE_RATELIMIT_STATE(brute_attack_ratelimit, 5 * HZ, 50);
/* The kills of the sweeps: one detection may kill many processes. */
static DEFINE_RATELIMIT_STATE(brute_kill_ratelimit, 5 * HZ, 500);
/* Refused executions and expired blocks, which users can repeat at will. */
static DEFINE_RATELIMIT_STATE(brute_file_ratelimit, 5 * HZ, 100);

/**
 * brute_log_ratelimit() - Tell whether a line about an attack may be logged
 *
 * Return: True if the line may be logged.
 */
bool brute_log_ratelimit(void)
{
	return __ratelimit(&brute_attack_ratelimit);
}

/**
 * brute_log_kill_ratelimit() - Tell whether a line about a kill may be logged
 *
 * Return: True if the line may be logged.
 */
bool brute_log_kill_ratelimit(void)
{
	return __ratelimit(&brute_kill_ratelimit);
}

/**
 * brute_log_file_ratelimit() - Tell whether a line about a file may be logged
 *
 * Return: True if the line may be logged.
 */
bool brute_log_file_ratelimit(void)
{
	return __ratelimit(&brute_file_ratelimit);
}
