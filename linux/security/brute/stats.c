// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Crash statistics and attack detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/slab.h>
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
	/* Its statistics stayed when its block expired: caught at once. */
	if (entry->flags & BRUTE_USER_EXPIRED)
		return BRUTE_RENEWED_ATTACK;
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
	case BRUTE_RENEWED_ATTACK:
		return "crash after an expired block";
	default:
		return "none";
	}
}

/**
 * DOC: scope and expiry
 *
 * Statistics are kept per file and per principal: the real user id that
 * the crashing process held when it died (brute_task_principal()).  The
 * record of a file has room for %BRUTE_RECORD_USERS principals; the
 * statistics of any further one are kept in memory only, each for itself,
 * in an array sorted by uid: no number of users shares an entry, so that
 * none can block a file for another.
 *
 * A detection blocks the entry it was charged to.  The block of a user's
 * entry refuses the file to that user only, and the sweep kills only the
 * processes of the file charged to that user: a local user who attacks a
 * setuid program, or a tenant whose worker crashes in a root master, takes
 * it away from himself, never from root, the master or another user.  Only
 * the block of root's entry (uid 0), whose crashes are those of programs
 * the administrator or the system runs, refuses the file to everyone, and
 * its sweep kills all the processes of the file.
 *
 * Root's entry is always kept in the record, so that a block of a daemon
 * survives a reboot: when the record is full, the user entry that crashed
 * least recently (one that is not blocked, if any) moves to memory.  A
 * user who has not crashed the file for %BRUTE_ENTRY_STALE seconds and is
 * not blocked gives his place in the record to a new user the same way.
 *
 * A block expires by itself (brute_block_length()), once the time it was
 * set plus its length has passed; a clock stepped back before that time
 * keeps it in force.  Nothing watches the clock: a block is seen to have
 * expired when it is next looked at, by an execution, a mapping, a crash
 * or the blocks file.  The statistics stay, and the entry is marked
 * %BRUTE_USER_EXPIRED, so a resumed attack is caught at its next crash,
 * and blocked for twice as long as the time before.
 */

/**
 * DOC: expiry
 *
 * The n-th block of an entry (its ``block_count``) lasts::
 *
 *   length(n) = min(block_duration * 2^(n - 1), block_duration_max)
 *
 * and forever when ``block_duration`` is zero.  An attacker who crashes a
 * file again as soon as each block ends gets ``min_faults`` crashes for the
 * first detection, then one crash per block: over a time T, as many as
 * there are blocks that start before T.  With the defaults (5 crashes, 15
 * minutes, 30 days), the blocks start at 0, 15 minutes, 45 minutes, ...;
 * the twelfth lasts 21.3 days and ends 42.7 days after the first detection,
 * and every block from the thirteenth on lasts 30 days:
 *
 * =========  ===========  ==========  =========  ==========
 * over       Brute        grsecurity  Segvguard  version 7
 * =========  ===========  ==========  =========  ==========
 * a day      5 + 6 = 11   96          600        5
 * a month    5 + 11 = 16  2,880       18,000     5
 * a year     5 + 22 = 27  35,040      219,000    5
 * =========  ===========  ==========  =========  ==========
 *
 * A month is 30 days.  grsecurity bans the user from setuid programs for
 * 15 minutes after each crash (one crash per 15 minutes); Segvguard
 * suspends a program for 10 minutes after 5 crashes within 2 minutes (5
 * crashes per 12 minutes at best); version 7's block lasts until lifted.
 * The cost is downtime: a block refuses the file to its principal, for a
 * daemon to everyone, while it lasts.  One attack costs Brute's first
 * block, 15 minutes; an attacker who keeps coming back keeps the service
 * down almost all the time, as with Segvguard (10 minutes of every 12) and
 * version 7 (for good), while each of his attempts costs him twice the
 * time of the one before.  brute_stats_test_budget() replays such an
 * attack over simulated time.
 */

/* A block in force, or one that expired and doubles at the next crash. */
static bool brute_entry_remembered(const struct brute_user_stats *entry)
{
	return entry->flags & (BRUTE_USER_BLOCKED | BRUTE_USER_EXPIRED);
}

static bool brute_entry_used(const struct brute_user_stats *entry)
{
	return entry->flags & BRUTE_USER_USED;
}

static void brute_entry_init(struct brute_user_stats *entry, u32 uid)
{
	memset(entry, 0, sizeof(*entry));
	entry->uid = uid;
	entry->flags = BRUTE_USER_USED;
}

/* The index in @stats->extra where @uid is, or would be inserted. */
static unsigned int brute_extra_index(const struct brute_stats *stats,
				      u32 uid)
{
	unsigned int lo = 0, hi = stats->nr_extra;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (stats->extra[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Inserts a copy of @entry in the sorted extra entries; the caller checked
 * that there is room and that its uid has no entry yet.
 */
static struct brute_user_stats *
brute_extra_insert(struct brute_stats *stats,
		   const struct brute_user_stats *entry)
{
	unsigned int i = brute_extra_index(stats, entry->uid);

	memmove(&stats->extra[i + 1], &stats->extra[i],
		(stats->nr_extra - i) * sizeof(stats->extra[0]));
	stats->extra[i] = *entry;
	stats->nr_extra++;
	return &stats->extra[i];
}

/**
 * brute_stats_find() - Find the entry of a principal
 * @stats: The statistics of a file.
 * @uid: The principal, a user id in the initial user namespace.
 *
 * Looks in the record's entries, then, by binary search, in those kept in
 * memory only.
 *
 * Return: The entry of @uid, or NULL if it has none.
 */
struct brute_user_stats *brute_stats_find(const struct brute_stats *stats,
					  u32 uid)
{
	unsigned int i;

	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		if (brute_entry_used(&stats->users[i]) &&
		    stats->users[i].uid == uid)
			return (struct brute_user_stats *)&stats->users[i];
	i = brute_extra_index(stats, uid);
	if (i < stats->nr_extra && stats->extra[i].uid == uid)
		return &stats->extra[i];
	return NULL;
}

/**
 * brute_stats_entry() - Find or create the entry of a principal
 * @stats: The statistics of a file.
 * @uid: The principal, a user id in the initial user namespace.
 *
 * A new entry takes a free entry of the record, or goes to memory.
 *
 * Return: The entry of @uid, or NULL if it has none and there is no room
 * for it: the caller gives the statistics more room (brute_stats_grow())
 * and tries again.
 */
struct brute_user_stats *brute_stats_entry(struct brute_stats *stats,
					   u32 uid)
{
	struct brute_user_stats *entry = brute_stats_find(stats, uid), new;
	int i;

	if (entry)
		return entry;
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		if (!brute_entry_used(&stats->users[i])) {
			brute_entry_init(&stats->users[i], uid);
			return &stats->users[i];
		}
	}
	if (stats->nr_extra >= stats->extra_size)
		return NULL;
	brute_entry_init(&new, uid);
	return brute_extra_insert(stats, &new);
}

/*
 * The record entry that gives its place to @uid, or NULL: for root, the
 * user that crashed least recently, preferably one that is not blocked;
 * for a user, one that has been quiet for BRUTE_ENTRY_STALE seconds and is
 * not blocked.
 */
static struct brute_user_stats *brute_stats_victim(struct brute_stats *stats,
						   u32 uid, u64 now)
{
	struct brute_user_stats *entry, *victim = NULL;
	bool blocked, victim_blocked = false;
	int i;

	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		entry = &stats->users[i];
		/* An expired block doubles at the next crash: keep it too. */
		blocked = brute_entry_remembered(entry);
		if (entry->uid == 0)
			continue;
		if (uid && (blocked || now < entry->last_crash ||
			    now - entry->last_crash < BRUTE_ENTRY_STALE))
			continue;
		if (!victim || victim_blocked > blocked ||
		    (victim_blocked == blocked &&
		     entry->last_crash < victim->last_crash)) {
			victim = entry;
			victim_blocked = blocked;
		}
	}
	return victim;
}

/**
 * brute_stats_charge() - Find the entry to charge a crash of a principal to
 * @stats: The statistics of a file.
 * @uid: The principal, a user id in the initial user namespace.
 * @now: The time of the crash, in seconds since the Epoch.
 *
 * Like brute_stats_entry(), but when the record is full, root takes the
 * place of the user that crashed least recently, and any other principal
 * that of a user who has been quiet for %BRUTE_ENTRY_STALE seconds; the
 * statistics of the user who gave his place move to memory, unchanged.
 *
 * Return: The entry to charge, or NULL if the statistics need more room.
 */
struct brute_user_stats *brute_stats_charge(struct brute_stats *stats,
					    u32 uid, u64 now)
{
	struct brute_user_stats *entry = brute_stats_find(stats, uid), *victim;
	int i;

	if (entry)
		return entry;
	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		if (!brute_entry_used(&stats->users[i]))
			return brute_stats_entry(stats, uid);
	if (stats->nr_extra >= stats->extra_size)
		return NULL;
	victim = brute_stats_victim(stats, uid, now);
	if (!victim)
		return brute_stats_entry(stats, uid);
	brute_extra_insert(stats, victim);
	brute_entry_init(victim, uid);
	return victim;
}

/**
 * brute_stats_room() - Tell how much room a charge may need
 * @stats: The statistics of a file.
 *
 * Return: The size of the array of entries kept in memory that
 * brute_stats_grow() is to be given, or zero if there is room for one more
 * principal.
 */
unsigned int brute_stats_room(const struct brute_stats *stats)
{
	if (stats->nr_extra < stats->extra_size)
		return 0;
	return max(2 * stats->extra_size, 4U);
}

/**
 * brute_stats_grow() - Give the entries kept in memory a larger array
 * @stats: The statistics of a file.
 * @array: An array of @size entries, or NULL.
 * @size: Its size.
 *
 * The entries are copied to @array if it is larger than the current one.
 *
 * Return: The array that is no longer used, to be freed by the caller:
 * the old one, or @array.
 */
struct brute_user_stats *brute_stats_grow(struct brute_stats *stats,
					  struct brute_user_stats *array,
					  unsigned int size)
{
	struct brute_user_stats *old = stats->extra;

	if (!array || size <= stats->extra_size)
		return array;
	if (stats->nr_extra)
		memcpy(array, old, stats->nr_extra * sizeof(*array));
	stats->extra = array;
	stats->extra_size = size;
	return old;
}

/**
 * brute_stats_free() - Free statistics and the entries kept in memory
 * @stats: The statistics, or NULL.
 */
void brute_stats_free(struct brute_stats *stats)
{
	if (!stats)
		return;
	kfree(stats->extra);
	kfree(stats);
}

/**
 * brute_stats_count() - Count the principals of a file
 * @stats: The statistics of the file.
 *
 * Return: The number of entries in use, in the record and in memory.
 */
unsigned int brute_stats_count(const struct brute_stats *stats)
{
	unsigned int n = stats->nr_extra;
	int i;

	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		n += brute_entry_used(&stats->users[i]);
	return n;
}

/**
 * brute_stats_at() - Get an entry by its position
 * @stats: The statistics of a file.
 * @i: The position: the record's entries first, then those in memory.
 *
 * Return: The entry, used or not, or NULL past the last one.
 */
struct brute_user_stats *brute_stats_at(const struct brute_stats *stats,
					unsigned int i)
{
	if (i < BRUTE_RECORD_USERS)
		return (struct brute_user_stats *)&stats->users[i];
	i -= BRUTE_RECORD_USERS;
	return i < stats->nr_extra ? &stats->extra[i] : NULL;
}

/**
 * brute_entry_everyone() - Tell whether a block of an entry is for everyone
 * @entry: An entry in use.
 *
 * Return: True for the entry of root.
 */
bool brute_entry_everyone(const struct brute_user_stats *entry)
{
	return entry->uid == 0;
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

/**
 * brute_block_length() - The length of a block
 * @block_count: How many times the entry was blocked, this block included.
 * @params: The tunables.
 *
 * Return: The length in seconds of the @block_count-th block of an entry
 * (see "expiry"), or 0 for a block that lasts until it is lifted.
 */
u64 brute_block_length(u32 block_count, const struct brute_params *params)
{
	u64 length = params->block_duration;
	u64 cap = params->block_duration_max;
	u32 doublings = block_count ? block_count - 1 : 0;

	if (!length)
		return 0;
	cap = max(cap, length);
	/* Both are below 2^31: 31 doublings fit in 64 bits. */
	if (doublings > 31)
		return cap;
	return min(length << doublings, cap);
}

/**
 * brute_entry_block_end() - Tell when the block of an entry ends
 * @entry: An entry.
 * @params: The tunables.
 *
 * Return: The time the block of @entry ends, in seconds since the Epoch, or
 * 0 if @entry is not blocked or its block lasts until it is lifted.
 */
u64 brute_entry_block_end(const struct brute_user_stats *entry,
			  const struct brute_params *params)
{
	u64 length;

	if (!(entry->flags & BRUTE_USER_BLOCKED))
		return 0;
	length = brute_block_length(entry->block_count, params);
	if (!length)
		return 0;
	return entry->block_time > U64_MAX - length ? U64_MAX :
	       entry->block_time + length;
}

static enum brute_block brute_entry_state(const struct brute_user_stats *entry,
					  u64 now,
					  const struct brute_params *params)
{
	u64 end;

	if (!entry || !(entry->flags & BRUTE_USER_BLOCKED))
		return BRUTE_ALLOWED;
	/* One definition of the end: the one the blocks file shows. */
	end = brute_entry_block_end(entry, params);
	if (end && now >= entry->block_time && now >= end)
		return BRUTE_EXPIRED;
	return BRUTE_BLOCKED;
}

/**
 * brute_entry_in_force() - Tell whether the block of an entry is in force
 * @entry: An entry.
 * @now: The current time, in seconds since the Epoch.
 * @params: The tunables, which give the length of each block.
 *
 * Return: True if @entry is blocked and its block has not expired.
 */
bool brute_entry_in_force(const struct brute_user_stats *entry, u64 now,
			  const struct brute_params *params)
{
	return brute_entry_state(entry, now, params) == BRUTE_BLOCKED;
}

/*
 * The entries whose block applies to @uid: its own and root's.  Returns
 * how many there are, in @scope.
 */
static int brute_scope(const struct brute_stats *stats, u32 uid,
		       struct brute_user_stats *scope[2])
{
	int n = 0;

	scope[n] = brute_stats_find(stats, uid);
	if (scope[n])
		n++;
	scope[n] = uid ? brute_stats_find(stats, 0) : NULL;
	if (scope[n])
		n++;
	return n;
}

/**
 * brute_block_state() - Tell whether a file is blocked for a principal
 * @stats: The statistics of the file.
 * @uid: The principal, a user id in the initial user namespace.
 * @now: The current time, in seconds since the Epoch.
 * @params: The tunables, which give the length of each block.
 *
 * The blocks that apply to @uid are those of its own entry and of root's.
 *
 * Return: %BRUTE_BLOCKED if one of them is in force, %BRUTE_EXPIRED if one
 * has expired and none is in force, %BRUTE_ALLOWED otherwise.
 */
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, const struct brute_params *params)
{
	enum brute_block state = BRUTE_ALLOWED, s;
	struct brute_user_stats *scope[2];
	int n, i;

	n = brute_scope(stats, uid, scope);
	for (i = 0; i < n; i++) {
		s = brute_entry_state(scope[i], now, params);
		if (s == BRUTE_BLOCKED)
			return s;
		if (s == BRUTE_EXPIRED)
			state = s;
	}
	return state;
}

/**
 * brute_stats_expire() - Lift the expired blocks that apply to a principal
 * @stats: The statistics of the file.
 * @uid: The principal, a user id in the initial user namespace.
 * @now: The current time, in seconds since the Epoch.
 * @params: The tunables, which give the length of each block.
 *
 * The statistics of the entries are kept, and the entries marked
 * %BRUTE_USER_EXPIRED: their next crash is an attack again.
 *
 * Return: True if a block was lifted.
 */
bool brute_stats_expire(struct brute_stats *stats, u32 uid, u64 now,
			const struct brute_params *params)
{
	struct brute_user_stats *scope[2];
	bool lifted = false;
	int n, i;

	n = brute_scope(stats, uid, scope);
	for (i = 0; i < n; i++) {
		if (brute_entry_state(scope[i], now, params) != BRUTE_EXPIRED)
			continue;
		scope[i]->flags &= ~BRUTE_USER_BLOCKED;
		scope[i]->flags |= BRUTE_USER_EXPIRED;
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
	const struct brute_user_stats *entry;
	unsigned int i;

	for (i = 0; (entry = brute_stats_at(stats, i)); i++)
		if (entry->flags & BRUTE_USER_BLOCKED)
			return true;
	return false;
}

/**
 * brute_stats_remembered() - Tell whether a file has a block to remember
 * @stats: The statistics of the file.
 *
 * Return: True if an entry is blocked, or was and its block expired: its
 * next crash renews the block, for twice as long.
 */
bool brute_stats_remembered(const struct brute_stats *stats)
{
	const struct brute_user_stats *entry;
	unsigned int i;

	for (i = 0; (entry = brute_stats_at(stats, i)); i++)
		if (brute_entry_remembered(entry))
			return true;
	return false;
}

/**
 * brute_stats_memory_remembered() - Tell whether a block lives in memory only
 * @stats: The statistics of the file.
 *
 * Return: True if an entry kept in memory beyond the record is blocked, or
 * was and its block expired: that is in no record, and would be lost with
 * the statistics, the doubling of the next block with it.
 */
bool brute_stats_memory_remembered(const struct brute_stats *stats)
{
	unsigned int i;

	for (i = 0; i < stats->nr_extra; i++)
		if (brute_entry_remembered(&stats->extra[i]))
			return true;
	return false;
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
 * times win, and a block stays a block.  Either everything is merged, or
 * nothing is.
 *
 * Return: 0, or -ENOSPC if @dst has less room in memory than @src has
 * entries (brute_stats_count()): give it more with brute_stats_grow().
 */
int brute_stats_merge(struct brute_stats *dst, const struct brute_stats *src)
{
	const struct brute_user_stats *entry;
	unsigned int i;

	if (dst->extra_size - dst->nr_extra < brute_stats_count(src))
		return -ENOSPC;
	dst->boundaries |= src->boundaries;
	for (i = 0; (entry = brute_stats_at(src, i)); i++)
		if (brute_entry_used(entry))
			brute_entry_merge(brute_stats_entry(dst, entry->uid),
					  entry);
	return 0;
}
