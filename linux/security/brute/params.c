// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Tunables and their sysctl interface
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/mutex.h>
#include <linux/seqlock.h>
#include <linux/sysctl.h>

#include "compat.h"
#include "params.h"

/**
 * DOC: ema_weight_numerator
 *
 * ``/proc/sys/kernel/brute/ema_weight_numerator`` (default 7) is the
 * numerator of the weight that the last crash period has in the exponential
 * moving average (EMA) of the crash period.  It must be at least 1 and at
 * most ``ema_weight_denominator``.
 */

/**
 * DOC: ema_weight_denominator
 *
 * ``/proc/sys/kernel/brute/ema_weight_denominator`` (default 10) is the
 * denominator of that weight.  It must be at least
 * ``ema_weight_numerator`` and at most 1000.  With the defaults the last
 * period weighs 0.7 and the history 0.3.
 */

/**
 * DOC: max_faults
 *
 * ``/proc/sys/kernel/brute/max_faults`` (default 200) is the number of
 * crashes of a file that trips the slow attack detection, whatever the
 * crash period.  It must be at least ``min_faults``.
 */

/**
 * DOC: min_faults
 *
 * ``/proc/sys/kernel/brute/min_faults`` (default 5) is the number of
 * crashes a file needs before a fast attack can be detected.  It must be at
 * least 1 and at most ``max_faults``.
 */

/**
 * DOC: crash_period_threshold
 *
 * ``/proc/sys/kernel/brute/crash_period_threshold`` (default 30) is the
 * crash period EMA, in seconds, at or below which the crashes of a file are
 * a fast attack, once it has crashed ``min_faults`` times.  It must be at
 * least 1.
 */

/**
 * DOC: block_duration
 *
 * ``/proc/sys/kernel/brute/block_duration`` (default 900, 15 minutes) is
 * the number of seconds the first block of a file for a principal lasts.
 * Each new detection of the same file and principal after its block
 * expired doubles the length, up to ``block_duration_max``: with the
 * defaults 15 minutes, 30 minutes, an hour, ... and 30 days from the
 * thirteenth block on.  Once a block has expired the file runs again and
 * its record says so (``BRUTE_USER_EXPIRED``); its statistics are kept, so
 * a resumed attack is blocked again at its next crash.  Zero keeps every
 * block until an administrator lifts it.  It cannot exceed
 * ``block_duration_max``.  The length of a block is that of the tunables
 * when it is looked at: changing them moves the end of the blocks in
 * force.
 */

/**
 * DOC: block_duration_max
 *
 * ``/proc/sys/kernel/brute/block_duration_max`` (default 2592000, 30 days)
 * is the longest, in seconds, that a renewed block lasts.  It must be at
 * least 1, and at least ``block_duration``.
 */

const struct brute_params brute_default_params = {
	.ema_weight_numerator = 7,
	.ema_weight_denominator = 10,
	.max_faults = 200,
	.min_faults = 5,
	.crash_period_threshold = 30,
	.block_duration = 900,
	.block_duration_max = 30 * 24 * 3600,
};

/*
 * brute_params - The live tunables.
 *
 * Written under brute_params_seqlock (with writers serialised by the seqlock's
 * spinlock) by the sysctl handler, in process context.  Read through
 * brute_params_get(), from any context.
 */
static struct brute_params brute_params = brute_default_params;
static DEFINE_SEQLOCK(brute_params_seqlock);

/**
 * brute_params_check() - Check the invariants of a set of tunables
 * @params: The tunables to check.
 *
 * Return: 0 if @params is valid, -EINVAL otherwise.
 */
int brute_params_check(const struct brute_params *params)
{
	if (!params->ema_weight_numerator || !params->ema_weight_denominator ||
	    !params->max_faults || !params->min_faults ||
	    !params->crash_period_threshold || !params->block_duration_max)
		return -EINVAL;
	if (params->ema_weight_numerator > params->ema_weight_denominator)
		return -EINVAL;
	if (params->ema_weight_denominator > BRUTE_EMA_WEIGHT_MAX)
		return -EINVAL;
	if (params->min_faults > params->max_faults)
		return -EINVAL;
	if (params->max_faults > INT_MAX ||
	    params->crash_period_threshold > INT_MAX ||
	    params->block_duration_max > INT_MAX)
		return -EINVAL;
	if (params->block_duration > params->block_duration_max)
		return -EINVAL;
	return 0;
}

static unsigned int *brute_params_field(struct brute_params *params,
					enum brute_param which)
{
	switch (which) {
	case BRUTE_PARAM_EMA_WEIGHT_NUMERATOR:
		return &params->ema_weight_numerator;
	case BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR:
		return &params->ema_weight_denominator;
	case BRUTE_PARAM_MAX_FAULTS:
		return &params->max_faults;
	case BRUTE_PARAM_MIN_FAULTS:
		return &params->min_faults;
	case BRUTE_PARAM_CRASH_PERIOD_THRESHOLD:
		return &params->crash_period_threshold;
	case BRUTE_PARAM_BLOCK_DURATION:
		return &params->block_duration;
	case BRUTE_PARAM_BLOCK_DURATION_MAX:
		return &params->block_duration_max;
	default:
		return NULL;
	}
}

/**
 * brute_params_value() - Read one tunable of a set
 * @params: The set of tunables.
 * @which: The tunable to read.
 *
 * Return: The value of the tunable, or 0 for an unknown one.
 */
unsigned int brute_params_value(const struct brute_params *params,
				enum brute_param which)
{
	struct brute_params copy = *params;
	unsigned int *field = brute_params_field(&copy, which);

	return field ? *field : 0;
}

/**
 * brute_params_set() - Change one tunable of a set, keeping it valid
 * @params: The set of tunables to change.
 * @which: The tunable to change.
 * @value: Its new value.
 *
 * The change is made only if the resulting set passes brute_params_check().
 *
 * Return: 0 on success, -EINVAL if @which is unknown or if @value is out of
 * range or breaks an invariant, in which case @params is left unchanged.
 */
int brute_params_set(struct brute_params *params, enum brute_param which,
		     long value)
{
	struct brute_params new = *params;
	unsigned int *field;

	field = brute_params_field(&new, which);
	if (!field || value < 0 || value > INT_MAX)
		return -EINVAL;
	*field = value;
	if (brute_params_check(&new))
		return -EINVAL;
	*params = new;
	return 0;
}

/**
 * brute_params_get() - Take a consistent snapshot of the live tunables
 * @params: Where to store the snapshot.
 *
 * Context: Any context.
 */
void brute_params_get(struct brute_params *params)
{
	unsigned int seq;

	do {
		seq = read_seqbegin(&brute_params_seqlock);
		*params = brute_params;
	} while (read_seqretry(&brute_params_seqlock, seq));
}

#ifdef CONFIG_SYSCTL

/* Serialises the read-modify-write cycles of the sysctl handler. */
static DEFINE_MUTEX(brute_sysctl_mutex);

static int brute_sysctl_handler(const struct ctl_table *table, int write,
				void *buffer, size_t *lenp, loff_t *ppos)
{
	enum brute_param which = (uintptr_t)table->extra1;
	struct brute_params params;
	int value;
	const struct ctl_table tmp = {
		.procname = table->procname,
		.data = &value,
		.maxlen = sizeof(value),
		.mode = table->mode,
	};
	int ret;

	mutex_lock(&brute_sysctl_mutex);
	brute_params_get(&params);
	value = brute_params_value(&params, which);
	ret = proc_dointvec(&tmp, write, buffer, lenp, ppos);
	if (ret || !write)
		goto out;

	ret = brute_params_set(&params, which, value);
	if (ret)
		goto out;

	write_seqlock(&brute_params_seqlock);
	brute_params = params;
	write_sequnlock(&brute_params_seqlock);
out:
	mutex_unlock(&brute_sysctl_mutex);
	return ret;
}

#define BRUTE_SYSCTL(name, id)					\
	{							\
		.procname = #name,				\
		.maxlen = sizeof(int),				\
		.mode = 0644,					\
		.proc_handler = brute_sysctl_handler,		\
		.extra1 = (void *)(uintptr_t)(id),		\
	}

static const struct ctl_table brute_sysctl_table[] = {
	BRUTE_SYSCTL(ema_weight_numerator, BRUTE_PARAM_EMA_WEIGHT_NUMERATOR),
	BRUTE_SYSCTL(ema_weight_denominator,
		     BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR),
	BRUTE_SYSCTL(max_faults, BRUTE_PARAM_MAX_FAULTS),
	BRUTE_SYSCTL(min_faults, BRUTE_PARAM_MIN_FAULTS),
	BRUTE_SYSCTL(crash_period_threshold,
		     BRUTE_PARAM_CRASH_PERIOD_THRESHOLD),
	BRUTE_SYSCTL(block_duration, BRUTE_PARAM_BLOCK_DURATION),
	BRUTE_SYSCTL(block_duration_max, BRUTE_PARAM_BLOCK_DURATION_MAX),
};

/**
 * brute_init_sysctl() - Register the tunables under /proc/sys/kernel/brute
 */
void __init brute_init_sysctl(void)
{
	if (!brute_register_sysctl("kernel/brute", brute_sysctl_table,
				   ARRAY_SIZE(brute_sysctl_table)))
		panic("brute: sysctl registration failed\n");
}

#endif /* CONFIG_SYSCTL */
