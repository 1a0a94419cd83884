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
