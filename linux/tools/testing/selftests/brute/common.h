/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute selftests - common helpers
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SELFTESTS_BRUTE_COMMON_H
#define _SELFTESTS_BRUTE_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest.h"

#define BRUTE_SYSCTL_DIR "/proc/sys/kernel/brute/"

/* The tunables and their defaults, in the order of the documentation. */
static const struct {
	const char *name;
	long def;
} brute_sysctls[] = {
	{ "ema_weight_numerator", 7 },
	{ "ema_weight_denominator", 10 },
	{ "max_faults", 200 },
	{ "min_faults", 5 },
	{ "crash_period_threshold", 30 },
	{ "block_duration", 0 },
};

#define BRUTE_NR_SYSCTLS ARRAY_SIZE(brute_sysctls)

/* Returns the value of a tunable, or -errno. */
static inline long brute_sysctl_read(const char *name)
{
	char path[256], buf[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), BRUTE_SYSCTL_DIR "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	if (len < 0) {
		len = -errno;
		close(fd);
		return len;
	}
	close(fd);
	buf[len] = '\0';
	return strtol(buf, NULL, 10);
}

/* Writes a string to a tunable; returns 0 or -errno. */
static inline int brute_sysctl_write_str(const char *name, const char *value)
{
	char path[256];
	ssize_t len;
	int fd, err = 0;

	snprintf(path, sizeof(path), BRUTE_SYSCTL_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = write(fd, value, strlen(value));
	if (len < 0)
		err = -errno;
	else if ((size_t)len != strlen(value))
		err = -EIO;
	close(fd);
	return err;
}

static inline int brute_sysctl_write(const char *name, long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", value);
	return brute_sysctl_write_str(name, buf);
}

/* Puts every tunable back to its default, in an order that always works. */
static inline int brute_sysctl_reset(void)
{
	int err = 0;

	/* Widen first, so that no intermediate state breaks an invariant. */
	err |= brute_sysctl_write("ema_weight_denominator", 1000);
	err |= brute_sysctl_write("ema_weight_numerator", 7);
	err |= brute_sysctl_write("ema_weight_denominator", 10);
	err |= brute_sysctl_write("max_faults", 2147483647);
	err |= brute_sysctl_write("min_faults", 5);
	err |= brute_sysctl_write("max_faults", 200);
	err |= brute_sysctl_write("crash_period_threshold", 30);
	err |= brute_sysctl_write("block_duration", 0);
	return err;
}

#endif /* _SELFTESTS_BRUTE_COMMON_H */
