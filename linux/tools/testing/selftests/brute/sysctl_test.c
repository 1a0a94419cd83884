// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - registration and tunables
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

/* Brute is listed, as a whole name, among the active LSMs. */
TEST(lsm_listed)
{
	char buf[4096], *tok, *save;
	ssize_t len;
	int fd, found = 0;

	fd = open("/sys/kernel/security/lsm", O_RDONLY);
	ASSERT_LE(0, fd) TH_LOG("cannot open /sys/kernel/security/lsm: %s",
				strerror(errno));
	len = read(fd, buf, sizeof(buf) - 1);
	ASSERT_LT(0, len);
	close(fd);
	buf[len] = '\0';
	for (tok = strtok_r(buf, ",\n", &save); tok;
	     tok = strtok_r(NULL, ",\n", &save))
		found |= !strcmp(tok, "brute");
	EXPECT_TRUE(found) TH_LOG("brute not in the LSM list");
}

FIXTURE(sysctl) {};

FIXTURE_SETUP(sysctl)
{
	ASSERT_EQ(0, brute_sysctl_reset());
}

FIXTURE_TEARDOWN(sysctl)
{
	EXPECT_EQ(0, brute_sysctl_reset());
}

/* Every tunable exists with its documented default, and is root's. */
TEST_F(sysctl, defaults)
{
	unsigned int i;

	for (i = 0; i < BRUTE_NR_SYSCTLS; i++) {
		EXPECT_EQ(brute_sysctls[i].def,
			  brute_sysctl_read(brute_sysctls[i].name))
			TH_LOG("%s", brute_sysctls[i].name);
	}
}

/* Writes that would break an invariant, alone or across two tunables. */
static const struct {
	const char *name;
	const char *value;
} invalid_writes[] = {
	{ "ema_weight_numerator", "0\n" },
	{ "ema_weight_numerator", "-7\n" },
	{ "ema_weight_numerator", "11\n" },	/* above the denominator */
	{ "ema_weight_numerator", "seven\n" },
	{ "ema_weight_numerator", "\n" },
	{ "ema_weight_denominator", "0\n" },
	{ "ema_weight_denominator", "-10\n" },
	{ "ema_weight_denominator", "6\n" },	/* below the numerator */
	{ "ema_weight_denominator", "1001\n" },
	{ "ema_weight_denominator", "0x\n" },
	{ "max_faults", "0\n" },
	{ "max_faults", "-1\n" },
	{ "max_faults", "4\n" },		/* below min_faults */
	{ "max_faults", "2147483648\n" },
	{ "max_faults", "many\n" },
	{ "min_faults", "0\n" },
	{ "min_faults", "-5\n" },
	{ "min_faults", "201\n" },		/* above max_faults */
	{ "min_faults", "abc\n" },
	{ "crash_period_threshold", "0\n" },
	{ "crash_period_threshold", "-30\n" },
	{ "crash_period_threshold", "99999999999999999999\n" },
	{ "crash_period_threshold", "thirty\n" },
	{ "block_duration", "-1\n" },
	{ "block_duration", "2147483648\n" },
	{ "block_duration", "forever\n" },
	{ "block_duration", "2592001\n" },	/* above block_duration_max */
	{ "block_duration_max", "0\n" },
	{ "block_duration_max", "-1\n" },
	{ "block_duration_max", "899\n" },	/* below block_duration */
	{ "block_duration_max", "2147483648\n" },
	{ "block_duration_max", "month\n" },
};

/* Returns how many tunables differ from their defaults. */
static int changed_sysctls(void)
{
	unsigned int j;
	int changed = 0;

	for (j = 0; j < BRUTE_NR_SYSCTLS; j++)
		changed += brute_sysctl_read(brute_sysctls[j].name) !=
			   brute_sysctls[j].def;
	return changed;
}

/* Each invalid write fails with EINVAL and changes nothing at all. */
TEST_F(sysctl, invalid_writes_refused)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(invalid_writes); i++) {
		const char *name = invalid_writes[i].name;
		const char *value = invalid_writes[i].value;

		EXPECT_EQ(-EINVAL, brute_sysctl_write_str(name, value))
			TH_LOG("writing %s to %s", value, name);
		EXPECT_EQ(0, changed_sysctls())
			TH_LOG("a tunable changed after writing %s to %s",
			       value, name);
	}
}

/* Valid writes stick, including the edges of every range. */
TEST_F(sysctl, valid_writes_stick)
{
	static const struct {
		const char *name;
		long value;
	} writes[] = {
		{ "ema_weight_denominator", 1000 },
		{ "ema_weight_numerator", 1000 },
		{ "ema_weight_numerator", 1 },
		{ "ema_weight_denominator", 1 },
		{ "max_faults", 2147483647 },
		{ "min_faults", 2147483647 },
		{ "min_faults", 1 },
		{ "max_faults", 1 },
		{ "crash_period_threshold", 1 },
		{ "crash_period_threshold", 86400 },
		{ "block_duration_max", 2147483647 },
		{ "block_duration", 2147483647 },
		{ "block_duration", 5 },
		{ "block_duration_max", 5 },
		{ "block_duration", 0 },
		{ "block_duration_max", 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(writes); i++) {
		ASSERT_EQ(0, brute_sysctl_write(writes[i].name,
						writes[i].value))
			TH_LOG("writing %ld to %s", writes[i].value,
			       writes[i].name);
		EXPECT_EQ(writes[i].value, brute_sysctl_read(writes[i].name));
	}
}

/* An unprivileged user can read the tunables but not change them. */
TEST_F(sysctl, unprivileged_write_refused)
{
	pid_t pid;
	int status;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgid(65534) || setuid(65534))
			_exit(2);
		if (brute_sysctl_read("max_faults") != 200)
			_exit(3);
		if (brute_sysctl_write("max_faults", 300) != -EACCES)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(200, brute_sysctl_read("max_faults"));
}

TEST_HARNESS_MAIN
