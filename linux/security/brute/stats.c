// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Crash statistics and attack detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/kernel.h>

#include "stats.h"

/**
 * DOC: ema
 *
 * Brute measures how fast a file crashes with an exponential moving average
 * (EMA) of the period between two crashes, in seconds::
 *
 *   ema = (period * numerator + ema * (denominator - numerator)) / denominator
 *
 * With the default weight of 7/10, the last period counts for 70% and the
 * history for 30%: a burst of crashes drives the EMA down quickly, even
 * after a long quiet time, while a single slow crash pushes it back up.
 * The first crash of a file has no period and leaves the EMA at zero.
 *
 * Periods are capped at %BRUTE_PERIOD_MAX and the weight denominator at
 * 1000, so the sum above stays below 2^42 and cannot overflow 64 bits; a
 * clock that went backwards gives a period of zero, never a negative one.
 *
 * With the defaults, a file whose previous crash was a month, a year, or
 * ten years ago is caught after 10, 12 or 14 more crashes in quick
 * succession (the EMA falls below 30 seconds), and a slow attack after
 * max_faults (200) crashes whatever their pace.
 */

/**
 * brute_ema() - Fold a crash period into the crash period EMA
 * @ema: The current EMA, in seconds.
 * @period: The time since the previous crash, in seconds.
 * @params: The tunables giving the weight of @period.
 *
 * Return: The new EMA, never above %BRUTE_PERIOD_MAX.
 */
u64 brute_ema(u64 ema, u64 period, const struct brute_params *params)
{
	u64 num = params->ema_weight_numerator;
	u64 den = params->ema_weight_denominator;

	ema = min(ema, BRUTE_PERIOD_MAX);
	period = min(period, BRUTE_PERIOD_MAX);
	return div64_u64(period * num + ema * (den - num), den);
}

/**
 * brute_decide() - Tell whether the statistics of a user reveal an attack
 * @entry: The statistics of a user of a file.
 * @params: The tunables.
 *
 * Return: The kind of attack detected, or %BRUTE_NO_ATTACK.
 */
enum brute_verdict brute_decide(const struct brute_user_stats *entry,
				const struct brute_params *params)
{
	if (entry->faults >= params->max_faults)
		return BRUTE_SLOW_ATTACK;
	if (entry->faults >= params->min_faults &&
	    entry->ema <= params->crash_period_threshold)
		return BRUTE_FAST_ATTACK;
	return BRUTE_NO_ATTACK;
}

/**
 * brute_entry_crash() - Count a crash
 * @entry: The statistics of the user charged with the crash.
 * @now: The time of the crash, in seconds since the Epoch.
 * @params: The tunables.
 *
 * Context: Any context; the caller serialises updates of @entry.
 * Return: Whether the statistics, this crash included, reveal an attack.
 */
enum brute_verdict brute_entry_crash(struct brute_user_stats *entry, u64 now,
				     const struct brute_params *params)
{
	if (entry->faults) {
		u64 period = now > entry->last_crash ?
			     now - entry->last_crash : 0;

		entry->ema = brute_ema(entry->ema, period, params);
	}
	if (entry->faults < U32_MAX)
		entry->faults++;
	entry->last_crash = now;
	return brute_decide(entry, params);
}

/**
 * brute_verdict_str() - Describe which limit a verdict tripped
 * @verdict: The verdict.
 *
 * Return: A static string for the logs.
 */
const char *brute_verdict_str(enum brute_verdict verdict)
{
	switch (verdict) {
	case BRUTE_FAST_ATTACK:
		return "crash period EMA at or below crash_period_threshold";
	case BRUTE_SLOW_ATTACK:
		return "max_faults reached";
	default:
		return "none";
	}
}

/**
 * DOC: scope and expiry
 *
 * Statistics are kept per file and per user: the real user id that
 * executed the program, before any setuid bit took effect.  The first
 * %BRUTE_RECORD_USERS users charged with a crash of a file get an entry of
 * their own; the crashes of any further user go to one shared entry, so
 * that an attacker who controls more user ids does not get more attempts.
 *
 * A detection blocks the entry it was charged to.  The block of a user's
 * entry refuses the file to that user only, and the sweep kills only the
 * processes whose program that user executed: a local user who attacks a
 * setuid program takes it away from himself, never from root or another
 * user.  The block of root's entry (uid 0), whose programs were started by
 * the administrator or the system, and of the shared entry, refuses the
 * file to everyone and the sweep kills all its processes.
 *
 * With a non-zero block_duration, a block expires that many seconds after
 * it was set; a clock stepped back before that time keeps it in force.  The
 * statistics stay, so a resumed attack is caught again at its next crash.
 */

static bool brute_entry_used(const struct brute_user_stats *entry)
{
	return entry->flags & BRUTE_USER_USED;
}

/* The index of the entry of @uid, or -1. */
static int brute_stats_find(const struct brute_stats *stats, u32 uid)
{
	int i;

	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		if (brute_entry_used(&stats->users[i]) &&
		    stats->users[i].uid == uid)
			return i;
	return -1;
}

/**
 * brute_stats_entry() - Find the entry of a user
 * @stats: The statistics of a file.
 * @uid: The user id, in the initial user namespace.
 * @create: Give @uid a free entry, or the shared entry, if it has none.
 *
 * Return: The entry of @uid, the shared entry if @uid has none and every
 * entry is taken, or NULL if @uid has none and @create is false.
 */
struct brute_user_stats *brute_stats_entry(struct brute_stats *stats,
					   u32 uid, bool create)
{
	int i = brute_stats_find(stats, uid);

	if (i >= 0)
		return &stats->users[i];
	if (!create)
		return NULL;
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		struct brute_user_stats *entry = &stats->users[i];

		if (!brute_entry_used(entry)) {
			memset(entry, 0, sizeof(*entry));
			entry->uid = uid;
			entry->flags = BRUTE_USER_USED;
			return entry;
		}
	}
	stats->shared.flags |= BRUTE_USER_USED;
	stats->shared.uid = BRUTE_UID_NONE;
	return &stats->shared;
}

/**
 * brute_stats_charge() - Find the entry to charge a crash of a user to
 * @stats: The statistics of a file.
 * @uid: The user id, in the initial user namespace.
 * @now: The time of the crash, in seconds since the Epoch.
 *
 * Like brute_stats_entry(), but when every entry is taken, the entry of a
 * user who has not crashed the file for %BRUTE_ENTRY_STALE seconds and is
 * not blocked is given to @uid before the shared entry is: a few crashes
 * long ago must not leave the users of today to the shared entry, whose
 * block is everyone's.  Such an entry gives its user no attempt back that
 * the crash period EMA had not given back already.
 *
 * Return: The entry to charge.
 */
struct brute_user_stats *brute_stats_charge(struct brute_stats *stats,
					    u32 uid, u64 now)
{
	struct brute_user_stats *entry, *stale = NULL;
	int i;

	if (brute_stats_find(stats, uid) >= 0)
		return brute_stats_entry(stats, uid, false);
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		entry = &stats->users[i];
		if (!brute_entry_used(entry))
			return brute_stats_entry(stats, uid, true);
		if (entry->flags & BRUTE_USER_BLOCKED || entry->uid == 0 ||
		    now < entry->last_crash ||
		    now - entry->last_crash < BRUTE_ENTRY_STALE)
			continue;
		if (!stale || entry->last_crash < stale->last_crash)
			stale = entry;
	}
	if (!stale)
		return brute_stats_entry(stats, uid, true);
	memset(stale, 0, sizeof(*stale));
	stale->uid = uid;
	stale->flags = BRUTE_USER_USED;
	return stale;
}

/**
 * brute_entry_everyone() - Tell whether a block of an entry is for everyone
 * @stats: The statistics of a file.
 * @entry: One of its entries.
 *
 * Return: True for the entry of root and for the shared entry.
 */
bool brute_entry_everyone(const struct brute_stats *stats,
			  const struct brute_user_stats *entry)
{
	return entry == &stats->shared || entry->uid == 0;
}

/**
 * brute_entry_block() - Block an entry after a detection
 * @entry: The entry charged with the attack.
 * @now: The time of the detection, in seconds since the Epoch.
 */
void brute_entry_block(struct brute_user_stats *entry, u64 now)
{
	if (!(entry->flags & BRUTE_USER_BLOCKED) && entry->block_count < U32_MAX)
		entry->block_count++;
	entry->flags |= BRUTE_USER_BLOCKED;
	entry->flags &= ~BRUTE_USER_EXPIRED;
	entry->block_time = now;
}

static enum brute_block brute_entry_state(const struct brute_user_stats *entry,
					  u64 now, unsigned int duration)
{
	if (!entry || !(entry->flags & BRUTE_USER_BLOCKED))
		return BRUTE_ALLOWED;
	if (duration && now >= entry->block_time &&
	    now - entry->block_time >= duration)
		return BRUTE_EXPIRED;
	return BRUTE_BLOCKED;
}

/*
 * The entries whose block applies to @uid: its own, root's and the shared
 * entry, as indexes in @idx (%BRUTE_RECORD_USERS for the shared entry).
 * Returns how many there are.
 */
static int brute_scope(const struct brute_stats *stats, u32 uid, int idx[3])
{
	int n = 0, i;

	i = brute_stats_find(stats, uid);
	if (i >= 0)
		idx[n++] = i;
	i = uid ? brute_stats_find(stats, 0) : -1;
	if (i >= 0)
		idx[n++] = i;
	if (brute_entry_used(&stats->shared))
		idx[n++] = BRUTE_RECORD_USERS;
	return n;
}

static const struct brute_user_stats *
brute_entry_at(const struct brute_stats *stats, int i)
{
	return i < BRUTE_RECORD_USERS ? &stats->users[i] : &stats->shared;
}

/**
 * brute_block_state() - Tell whether a file is blocked for a user
 * @stats: The statistics of the file.
 * @uid: The real user id of the caller, in the initial user namespace.
 * @now: The current time, in seconds since the Epoch.
 * @duration: The block_duration tunable; zero for blocks that never expire.
 *
 * The blocks that apply to @uid are those of its own entry, of root's entry
 * and of the shared entry.
 *
 * Return: %BRUTE_BLOCKED if one of them is in force, %BRUTE_EXPIRED if one
 * has expired and none is in force, %BRUTE_ALLOWED otherwise.
 */
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, unsigned int duration)
{
	enum brute_block state = BRUTE_ALLOWED, s;
	int idx[3], n, i;

	n = brute_scope(stats, uid, idx);
	for (i = 0; i < n; i++) {
		s = brute_entry_state(brute_entry_at(stats, idx[i]), now,
				      duration);
		if (s == BRUTE_BLOCKED)
			return s;
		if (s == BRUTE_EXPIRED)
			state = s;
	}
	return state;
}

/**
 * brute_stats_expire() - Lift the expired blocks that apply to a user
 * @stats: The statistics of the file.
 * @uid: The real user id of the caller, in the initial user namespace.
 * @now: The current time, in seconds since the Epoch.
 * @duration: The block_duration tunable.
 *
 * The statistics of the entries are kept.
 *
 * Return: True if a block was lifted.
 */
bool brute_stats_expire(struct brute_stats *stats, u32 uid, u64 now,
			unsigned int duration)
{
	struct brute_user_stats *entry;
	bool lifted = false;
	int idx[3], n, i;

	n = brute_scope(stats, uid, idx);
	for (i = 0; i < n; i++) {
		entry = idx[i] < BRUTE_RECORD_USERS ? &stats->users[idx[i]] :
						      &stats->shared;
		if (brute_entry_state(entry, now, duration) != BRUTE_EXPIRED)
			continue;
		entry->flags &= ~BRUTE_USER_BLOCKED;
		entry->flags |= BRUTE_USER_EXPIRED;
		lifted = true;
	}
	return lifted;
}

/**
 * brute_stats_blocked() - Tell whether any entry of a file is blocked
 * @stats: The statistics of the file.
 *
 * Return: True if an entry is blocked, expired or not.
 */
bool brute_stats_blocked(const struct brute_stats *stats)
{
	int i;

	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		if (stats->users[i].flags & BRUTE_USER_BLOCKED)
			return true;
	return stats->shared.flags & BRUTE_USER_BLOCKED;
}

static void brute_entry_merge(struct brute_user_stats *dst,
			      const struct brute_user_stats *src)
{
	if (!dst->faults || (src->faults && src->ema < dst->ema))
		dst->ema = src->ema;
	dst->faults = dst->faults > U32_MAX - src->faults ?
		      U32_MAX : dst->faults + src->faults;
	dst->last_crash = max(dst->last_crash, src->last_crash);
	if (src->flags & BRUTE_USER_BLOCKED) {
		dst->flags |= BRUTE_USER_BLOCKED;
		dst->flags &= ~BRUTE_USER_EXPIRED;
		dst->block_time = max(dst->block_time, src->block_time);
	}
	dst->block_count = dst->block_count > U32_MAX - src->block_count ?
			   U32_MAX : dst->block_count + src->block_count;
}

/**
 * brute_stats_merge() - Add statistics counted in memory to a record
 * @dst: The statistics read from the record of a file.
 * @src: Crashes counted while the record could not be read.
 *
 * Nothing counted is lost: faults add up, the lower EMA and the later
 * times win, and a block stays a block.
 */
void brute_stats_merge(struct brute_stats *dst, const struct brute_stats *src)
{
	int i;

	dst->boundaries |= src->boundaries;
	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		if (brute_entry_used(&src->users[i]))
			brute_entry_merge(brute_stats_entry(dst,
							    src->users[i].uid,
							    true),
					  &src->users[i]);
	if (brute_entry_used(&src->shared)) {
		dst->shared.flags |= BRUTE_USER_USED;
		dst->shared.uid = BRUTE_UID_NONE;
		brute_entry_merge(&dst->shared, &src->shared);
	}
}
