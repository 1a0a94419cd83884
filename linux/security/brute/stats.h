/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Crash statistics and attack detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_STATS_H
#define _SECURITY_BRUTE_STATS_H

#include <linux/types.h>
#include <uapi/linux/brute.h>

#include "params.h"

/**
 * struct brute_stats - Crash statistics of a file, in CPU byte order
 * @faults: Number of crashes counted.
 * @block_uid: With %BRUTE_RECORD_SCOPE_USER, the user whose executions are
 *             refused, in the initial user namespace.
 * @block_count: How many times the file was blocked.
 * @last_crash: Time of the last counted crash, in seconds since the Epoch.
 * @ema: Exponential moving average of the crash period, in seconds; never
 *       above %BRUTE_PERIOD_MAX.
 * @block_time: Time the file was last blocked, in seconds since the Epoch.
 * @boundaries: The privilege boundaries crossed, %BRUTE_BOUNDARY_*.
 * @flags: %BRUTE_RECORD_NOT_ALLOWED, %BRUTE_RECORD_SCOPE_USER and
 *         %BRUTE_RECORD_EXPIRED.
 *
 * This is the decoded form of &struct brute_record.  The functions below
 * work on a private copy or under the lock of the inode state that holds it.
 */
struct brute_stats {
	u32 faults;
	u32 block_uid;
	u32 block_count;
	u64 last_crash;
	u64 ema;
	u64 block_time;
	u16 boundaries;
	u8 flags;
};

/**
 * enum brute_verdict - Outcome of a counted crash
 * @BRUTE_NO_ATTACK: The crash does not reveal an attack.
 * @BRUTE_FAST_ATTACK: At least min_faults crashes, with a crash period EMA
 *                     at or below crash_period_threshold.
 * @BRUTE_SLOW_ATTACK: At least max_faults crashes.
 */
enum brute_verdict {
	BRUTE_NO_ATTACK,
	BRUTE_FAST_ATTACK,
	BRUTE_SLOW_ATTACK,
};

/**
 * enum brute_block - Whether a file may run for a user
 * @BRUTE_ALLOWED: The file is not blocked for the user.
 * @BRUTE_BLOCKED: The file is blocked for the user.
 * @BRUTE_EXPIRED: The file was blocked for the user, but the block has
 *                 lasted block_duration: it is lifted.
 */
enum brute_block {
	BRUTE_ALLOWED,
	BRUTE_BLOCKED,
	BRUTE_EXPIRED,
};

u64 brute_ema(u64 ema, u64 period, const struct brute_params *params);
enum brute_verdict brute_decide(const struct brute_stats *stats,
				const struct brute_params *params);
enum brute_verdict brute_stats_crash(struct brute_stats *stats, u64 now,
				     const struct brute_params *params);
const char *brute_verdict_str(enum brute_verdict verdict);
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, unsigned int duration);
void brute_stats_expire(struct brute_stats *stats);
void brute_stats_block(struct brute_stats *stats, u64 now, bool scope_user,
		       u32 uid);

#endif /* _SECURITY_BRUTE_STATS_H */
