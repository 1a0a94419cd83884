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

/*
 * BRUTE_ENTRY_STALE - Seconds without a crash after which the entry of a
 * user may go to another user, when every entry is taken (30 days)
 */
#define BRUTE_ENTRY_STALE (30ULL * 24 * 3600)

/**
 * struct brute_user_stats - Crash statistics of one user of a file
 * @uid: The real user id that executed the program, in the initial user
 *       namespace; %BRUTE_UID_NONE for the shared entry.
 * @faults: Number of crashes counted.
 * @block_count: How many times the entry was blocked.
 * @flags: %BRUTE_USER_USED, %BRUTE_USER_BLOCKED and %BRUTE_USER_EXPIRED.
 * @last_crash: Time of the last counted crash, in seconds since the Epoch.
 * @ema: Exponential moving average of the crash period, in seconds; never
 *       above %BRUTE_PERIOD_MAX.
 * @block_time: Time of the last block, in seconds since the Epoch.
 *
 * The decoded form of &struct brute_user.
 */
struct brute_user_stats {
	u32 uid;
	u32 faults;
	u32 block_count;
	u8 flags;
	u64 last_crash;
	u64 ema;
	u64 block_time;
};

/**
 * struct brute_stats - Crash statistics of a file, per user
 * @boundaries: The privilege boundaries crossed by the processes whose
 *              crashes counted, %BRUTE_BOUNDARY_*.
 * @users: The entries of the first %BRUTE_RECORD_USERS users.
 * @shared: The entry of every further user.
 *
 * The decoded form of &struct brute_record.  The functions below work on a
 * private copy, or under the lock of the inode state that holds it.
 */
struct brute_stats {
	u16 boundaries;
	struct brute_user_stats users[BRUTE_RECORD_USERS];
	struct brute_user_stats shared;
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
 * @BRUTE_EXPIRED: A block that applied to the user has lasted
 *                 block_duration: it is to be lifted.
 */
enum brute_block {
	BRUTE_ALLOWED,
	BRUTE_BLOCKED,
	BRUTE_EXPIRED,
};

u64 brute_ema(u64 ema, u64 period, const struct brute_params *params);
enum brute_verdict brute_decide(const struct brute_user_stats *entry,
				const struct brute_params *params);
enum brute_verdict brute_entry_crash(struct brute_user_stats *entry, u64 now,
				     const struct brute_params *params);
const char *brute_verdict_str(enum brute_verdict verdict);
struct brute_user_stats *brute_stats_entry(struct brute_stats *stats,
					   u32 uid, bool create);
struct brute_user_stats *brute_stats_charge(struct brute_stats *stats,
					    u32 uid, u64 now);
bool brute_entry_everyone(const struct brute_stats *stats,
			  const struct brute_user_stats *entry);
void brute_entry_block(struct brute_user_stats *entry, u64 now);
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, unsigned int duration);
bool brute_stats_expire(struct brute_stats *stats, u32 uid, u64 now,
			unsigned int duration);
bool brute_stats_blocked(const struct brute_stats *stats);
void brute_stats_merge(struct brute_stats *dst,
		       const struct brute_stats *src);

#endif /* _SECURITY_BRUTE_STATS_H */
