// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Crash statistics and attack detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/limits.h>
#include <linux/math64.h>
#include <linux/minmax.h>

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
 * brute_decide() - Tell whether statistics reveal an attack
 * @stats: The statistics of a file.
 * @params: The tunables.
 *
 * Return: The kind of attack detected, or %BRUTE_NO_ATTACK.
 */
enum brute_verdict brute_decide(const struct brute_stats *stats,
				const struct brute_params *params)
{
	if (stats->faults >= params->max_faults)
		return BRUTE_SLOW_ATTACK;
	if (stats->faults >= params->min_faults &&
	    stats->ema <= params->crash_period_threshold)
		return BRUTE_FAST_ATTACK;
	return BRUTE_NO_ATTACK;
}

/**
 * brute_stats_crash() - Count a crash
 * @stats: The statistics of the file that crashed.
 * @now: The time of the crash, in seconds since the Epoch.
 * @params: The tunables.
 *
 * Context: Any context; the caller serialises updates of @stats.
 * Return: Whether the statistics, this crash included, reveal an attack.
 */
enum brute_verdict brute_stats_crash(struct brute_stats *stats, u64 now,
				     const struct brute_params *params)
{
	if (stats->faults) {
		u64 period = now > stats->last_crash ?
			     now - stats->last_crash : 0;

		stats->ema = brute_ema(stats->ema, period, params);
	}
	if (stats->faults < U32_MAX)
		stats->faults++;
	stats->last_crash = now;
	return brute_decide(stats, params);
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
 * A block applies to everyone, or to one user only: when the boundary
 * that the crashing task crossed is the setuid or setgid bits or the file
 * capabilities of its file, and its real user id is not root, only that
 * user's executions are refused (%BRUTE_RECORD_SCOPE_USER): a local user
 * must not be able to take a setuid program away from everyone else.  A
 * second user caught on the same file widens the block to everyone.
 *
 * With a non-zero block_duration, a block expires that many seconds after
 * it was set; a clock stepped back before that time keeps it in force.
 */

/**
 * brute_block_state() - Tell whether a file is blocked for a user
 * @stats: The statistics of the file.
 * @uid: The real user id of the caller, in the initial user namespace.
 * @now: The current time, in seconds since the Epoch.
 * @duration: The block_duration tunable; zero for blocks that never expire.
 *
 * Return: Whether @uid may run the file.
 */
enum brute_block brute_block_state(const struct brute_stats *stats, u32 uid,
				   u64 now, unsigned int duration)
{
	if (!(stats->flags & BRUTE_RECORD_NOT_ALLOWED))
		return BRUTE_ALLOWED;
	if ((stats->flags & BRUTE_RECORD_SCOPE_USER) && uid != stats->block_uid)
		return BRUTE_ALLOWED;
	if (duration && now >= stats->block_time &&
	    now - stats->block_time >= duration)
		return BRUTE_EXPIRED;
	return BRUTE_BLOCKED;
}

/**
 * brute_stats_expire() - Lift an expired block, keeping the statistics
 * @stats: The statistics of the file.
 */
void brute_stats_expire(struct brute_stats *stats)
{
	stats->flags &= ~(BRUTE_RECORD_NOT_ALLOWED | BRUTE_RECORD_SCOPE_USER);
	stats->flags |= BRUTE_RECORD_EXPIRED;
}

/**
 * brute_stats_block() - Block a file after a detection
 * @stats: The statistics of the file.
 * @now: The time of the detection, in seconds since the Epoch.
 * @scope_user: Whether the attack only warrants a block for @uid.
 * @uid: The real user id of the attacker, in the initial user namespace.
 *
 * A file that is not blocked gets a block for @uid or for everyone.  A
 * block for another user, or a block for @uid when the attack warrants a
 * block for everyone, widens to everyone.
 */
void brute_stats_block(struct brute_stats *stats, u64 now, bool scope_user,
		       u32 uid)
{
	if (stats->flags & BRUTE_RECORD_NOT_ALLOWED) {
		if (!(stats->flags & BRUTE_RECORD_SCOPE_USER) ||
		    (scope_user && uid == stats->block_uid))
			return;
		/* A second attacker, or a worse attack: block everyone. */
		stats->flags &= ~BRUTE_RECORD_SCOPE_USER;
		stats->block_uid = 0;
		stats->block_time = now;
		return;
	}
	stats->flags |= BRUTE_RECORD_NOT_ALLOWED;
	stats->flags &= ~(BRUTE_RECORD_EXPIRED | BRUTE_RECORD_SCOPE_USER);
	if (scope_user)
		stats->flags |= BRUTE_RECORD_SCOPE_USER;
	stats->block_uid = scope_user ? uid : 0;
	stats->block_time = now;
	stats->block_count++;
}
