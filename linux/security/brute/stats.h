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
 * BRUTE_ENTRY_STALE - Seconds without a crash after which a user gives his
 * place in a full record to a new user, and moves to memory (30 days)
 */
#define BRUTE_ENTRY_STALE (30ULL * 24 * 3600)

/**
 * struct brute_user_stats - Crash statistics of one principal of a file
 * @uid: The principal: the real user id the crashing processes held when
 *       they died, in the initial user namespace.
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
 * struct brute_stats - Crash statistics of a file, per principal
 * @boundaries: The privilege boundaries crossed by the processes whose
 *              crashes counted, %BRUTE_BOUNDARY_*.
 * @users: The entries of the record, %BRUTE_RECORD_USERS principals.
 * @extra: The entries of further principals, kept in memory only, sorted
 *         by uid; an array of @extra_size, allocated with kmalloc().
 * @nr_extra: How many of them are used.
 * @extra_size: How many there is room for.
 *
 * @users is the decoded form of &struct brute_record.  The functions below
 * work on a private copy, or under the lock of the inode state that holds
 * it; an entry they return is valid until the statistics change.
 */
struct brute_stats {
	u16 boundaries;
	struct brute_user_stats users[BRUTE_RECORD_USERS];
	struct brute_user_stats *extra;
	unsigned int nr_extra;
	unsigned int extra_size;
};

/**
 * enum brute_verdict - Outcome of a counted crash
 * @BRUTE_NO_ATTACK: The crash does not reveal an attack.
 * @BRUTE_FAST_ATTACK: At least min_faults crashes, with a crash period EMA
 *                     at or below crash_period_threshold.
 * @BRUTE_SLOW_ATTACK: At least max_faults crashes.
 * @BRUTE_RENEWED_ATTACK: A crash after a block of the same entry expired.
 */
enum brute_verdict {
	BRUTE_NO_ATTACK,
	BRUTE_FAST_ATTACK,
	BRUTE_SLOW_ATTACK,
	BRUTE_RENEWED_ATTACK,
};

/**
 * enum brute_block - Whether a file may run for a user
 * @BRUTE_ALLOWED: The file is not blocked for the user.
 * @BRUTE_BLOCKED: The file is blocked for the user.
 * @BRUTE_EXPIRED: A block that applied to the user has lasted its length
 *                 (brute_block_length()): it is to be lifted.
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
struct brute_user_stats *brute_stats_find(const struct brute_stats *stats,
					  u32 uid);
struct brute_user_stats *brute_stats_entry(struct brute_stats *stats,
					   u32 uid);
struct brute_user_stats *brute_stats_charge(struct brute_stats *stats,
					    u32 uid, u64 now);
unsigned int brute_stats_room(const struct brute_stats *stats);
struct brute_user_stats *brute_stats_grow(struct brute_stats *stats,
					  struct brute_user_stats *array,
					  unsigned int size);
void brute_stats_free(struct brute_stats *stats);
unsigned int brute_stats_count(const struct brute_stats *stats);
struct brute_user_stats *brute_stats_at(const struct brute_stats *stats,
					unsigned int i);
bool brute_entry_everyone(const struct brute_user_stats *entry);
void brute_entry_block(struct brute_user_stats *entry, u64 now);
u64 brute_block_length(u32 block_count, const struct brute_params *params);
u64 brute_entry_block_end(const struct brute_user_stats *entry,
			  const struct brute_params *params);
bool brute_entry_in_force(const struct brute_user_stats *entry, u64 now,
			  const struct brute_params *params);
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, const struct brute_params *params);
bool brute_stats_expire(struct brute_stats *stats, u32 uid, u64 now,
			const struct brute_params *params);
bool brute_stats_blocked(const struct brute_stats *stats);
bool brute_stats_remembered(const struct brute_stats *stats);
bool brute_stats_memory_remembered(const struct brute_stats *stats);
int brute_stats_merge(struct brute_stats *dst, const struct brute_stats *src);

#endif /* _SECURITY_BRUTE_STATS_H */
