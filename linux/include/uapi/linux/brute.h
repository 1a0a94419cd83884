/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Brute LSM - the "security.brute" extended attribute
 *
 * Copyright (C) 2026 The Brute developers
 *
 * Brute keeps the crash statistics of every executable file that crossed a
 * privilege boundary in the "security.brute" extended attribute of that file.
 * This header describes its value so that userspace can decode it.
 *
 * Decoding rules, which the kernel follows too:
 *
 * - The value is exactly sizeof(struct brute_record) bytes long; any other
 *   size is malformed.
 * - All multi-byte fields are little-endian.
 * - @version must be %BRUTE_RECORD_VERSION; any other version is malformed.
 * - Flags and boundaries outside the defined bits, and an @ema above
 *   %BRUTE_PERIOD_MAX, are malformed.
 * - The kernel treats a malformed value as a fresh record: the file crossed
 *   a privilege boundary, but has no crash statistics and is not blocked.
 *   It overwrites the value with a valid record at the next update.
 *
 * Times are seconds since the Epoch (CLOCK_REALTIME), so that the statistics
 * survive reboots.  Writing and removing the attribute needs CAP_SYS_ADMIN;
 * removing it re-allows a blocked file and resets its statistics.
 */

#ifndef _UAPI_LINUX_BRUTE_H
#define _UAPI_LINUX_BRUTE_H

#include <linux/types.h>

/* The current, and only, version of the record. */
#define BRUTE_RECORD_VERSION 1

/* Flags of brute_record.flags. */
/* Executions of the file are refused, in the scope of the block. */
#define BRUTE_RECORD_NOT_ALLOWED	(1U << 0)
/* The block applies to brute_record.block_uid only, not to everyone. */
#define BRUTE_RECORD_SCOPE_USER		(1U << 1)
/* The block expired after block_duration; the statistics were kept. */
#define BRUTE_RECORD_EXPIRED		(1U << 2)
#define BRUTE_RECORD_FLAGS_MASK		((1U << 3) - 1)

/* Privilege boundaries the file crossed, in brute_record.boundaries. */
/* It was executed with its setuid or setgid bit set. */
#define BRUTE_BOUNDARY_SETID		(1U << 0)
/* It was executed with file capabilities. */
#define BRUTE_BOUNDARY_FCAPS		(1U << 1)
/* Its execution changed privileges (secure exec) for another reason. */
#define BRUTE_BOUNDARY_SECUREEXEC	(1U << 2)
/* A process running it changed its user or group ids. */
#define BRUTE_BOUNDARY_CREDS		(1U << 3)
/* A process running it accepted a connection from the network. */
#define BRUTE_BOUNDARY_NETWORK		(1U << 4)
#define BRUTE_BOUNDARY_MASK		((1U << 5) - 1)

/* The largest crash period and EMA, in seconds (about 136 years). */
#define BRUTE_PERIOD_MAX		0xffffffffULL

/**
 * struct brute_record - Value of the "security.brute" extended attribute
 * @version: Format version, %BRUTE_RECORD_VERSION.
 * @flags: %BRUTE_RECORD_NOT_ALLOWED, %BRUTE_RECORD_SCOPE_USER and
 *         %BRUTE_RECORD_EXPIRED.
 * @boundaries: The privilege boundaries crossed, %BRUTE_BOUNDARY_*.
 * @faults: Number of crashes counted.
 * @block_uid: With %BRUTE_RECORD_SCOPE_USER, the real user id whose
 *             executions are refused.
 * @block_count: How many times the file was blocked.
 * @last_crash: Time of the last counted crash, in seconds since the Epoch;
 *              zero if the file never crashed.
 * @ema: Exponential moving average of the period between crashes, in
 *       seconds.
 * @block_time: Time the file was blocked, in seconds since the Epoch; zero
 *              if it never was.
 */
struct brute_record {
	__u8 version;
	__u8 flags;
	__le16 boundaries;
	__le32 faults;
	__le32 block_uid;
	__le32 block_count;
	__le64 last_crash;
	__le64 ema;
	__le64 block_time;
};

#endif /* _UAPI_LINUX_BRUTE_H */
