/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Tunables
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_PARAMS_H
#define _SECURITY_BRUTE_PARAMS_H

#include <linux/init.h>

/*
 * BRUTE_EMA_WEIGHT_MAX - Largest accepted EMA weight denominator
 *
 * Bounding the weight keeps the EMA arithmetic within 64 bits: a period of
 * at most U32_MAX seconds times a weight of at most this value cannot
 * overflow.
 */
#define BRUTE_EMA_WEIGHT_MAX 1000

/**
 * struct brute_params - Brute's tunables
 * @ema_weight_numerator: Numerator of the weight of the last crash period
 *                        in the exponential moving average.
 * @ema_weight_denominator: Denominator of that weight.
 * @max_faults: Number of crashes that trips the slow attack detection.
 * @min_faults: Number of crashes below which no fast attack is detected.
 * @crash_period_threshold: Largest crash period EMA, in seconds, that is a
 *                          fast attack.
 * @block_duration: Seconds the first block of a file and principal lasts;
 *                  zero for blocks that last until lifted.
 * @block_duration_max: Seconds a renewed block lasts at most.
 *
 * Invariants, checked by brute_params_check() before any change is made
 * visible: every field but @block_duration is at least one, and none is
 * above %INT_MAX; the numerator does not exceed the
 * denominator, the denominator does not exceed %BRUTE_EMA_WEIGHT_MAX,
 * @min_faults does not exceed @max_faults, and @block_duration does not
 * exceed @block_duration_max.
 *
 * The live copy is written only by the sysctl handler, under a seqlock, and
 * read through brute_params_get() from any context, so that a reader never
 * sees a mix of old and new fields that breaks an invariant.
 */
struct brute_params {
	unsigned int ema_weight_numerator;
	unsigned int ema_weight_denominator;
	unsigned int max_faults;
	unsigned int min_faults;
	unsigned int crash_period_threshold;
	unsigned int block_duration;
	unsigned int block_duration_max;
};

/**
 * enum brute_param - Identifiers of the tunables
 * @BRUTE_PARAM_EMA_WEIGHT_NUMERATOR: &brute_params.ema_weight_numerator
 * @BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR: &brute_params.ema_weight_denominator
 * @BRUTE_PARAM_MAX_FAULTS: &brute_params.max_faults
 * @BRUTE_PARAM_MIN_FAULTS: &brute_params.min_faults
 * @BRUTE_PARAM_CRASH_PERIOD_THRESHOLD: &brute_params.crash_period_threshold
 * @BRUTE_PARAM_BLOCK_DURATION: &brute_params.block_duration
 * @BRUTE_PARAM_BLOCK_DURATION_MAX: &brute_params.block_duration_max
 * @BRUTE_NR_PARAMS: Number of tunables.
 */
enum brute_param {
	BRUTE_PARAM_EMA_WEIGHT_NUMERATOR,
	BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR,
	BRUTE_PARAM_MAX_FAULTS,
	BRUTE_PARAM_MIN_FAULTS,
	BRUTE_PARAM_CRASH_PERIOD_THRESHOLD,
	BRUTE_PARAM_BLOCK_DURATION,
	BRUTE_PARAM_BLOCK_DURATION_MAX,
	BRUTE_NR_PARAMS
};

extern const struct brute_params brute_default_params;

int brute_params_check(const struct brute_params *params);
int brute_params_set(struct brute_params *params, enum brute_param which,
		     long value);
unsigned int brute_params_value(const struct brute_params *params,
				enum brute_param which);
void brute_params_get(struct brute_params *params);

#ifdef CONFIG_SYSCTL
void __init brute_init_sysctl(void);
#else
static inline void brute_init_sysctl(void) { }
#endif

#endif /* _SECURITY_BRUTE_PARAMS_H */
