// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the tunables
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/limits.h>

#include "params.h"

static void brute_params_test_defaults(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;

	KUNIT_EXPECT_EQ(test, 0, brute_params_check(p));
	KUNIT_EXPECT_EQ(test, 7, p->ema_weight_numerator);
	KUNIT_EXPECT_EQ(test, 10, p->ema_weight_denominator);
	KUNIT_EXPECT_EQ(test, 200, p->max_faults);
	KUNIT_EXPECT_EQ(test, 5, p->min_faults);
	KUNIT_EXPECT_EQ(test, 30, p->crash_period_threshold);
	KUNIT_EXPECT_EQ(test, 900, p->block_duration);
	KUNIT_EXPECT_EQ(test, 2592000, p->block_duration_max);
}

/**
 * struct brute_params_case - One write to one tunable of the default set
 * @which: The tunable written.
 * @value: The value written.
 * @ret: The expected result of brute_params_set().
 */
struct brute_params_case {
	enum brute_param which;
	long value;
	int ret;
};

static const struct brute_params_case brute_params_cases[] = {
	/* Zero, negative and too large values are refused everywhere. */
	{ BRUTE_PARAM_EMA_WEIGHT_NUMERATOR, 0, -EINVAL },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, 0, -EINVAL },
	{ BRUTE_PARAM_MAX_FAULTS, 0, -EINVAL },
	{ BRUTE_PARAM_MIN_FAULTS, 0, -EINVAL },
	{ BRUTE_PARAM_CRASH_PERIOD_THRESHOLD, 0, -EINVAL },
	{ BRUTE_PARAM_EMA_WEIGHT_NUMERATOR, -1, -EINVAL },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, -10, -EINVAL },
	{ BRUTE_PARAM_MAX_FAULTS, -200, -EINVAL },
	{ BRUTE_PARAM_MIN_FAULTS, -5, -EINVAL },
	{ BRUTE_PARAM_CRASH_PERIOD_THRESHOLD, -30, -EINVAL },
	{ BRUTE_PARAM_MAX_FAULTS, (long)INT_MAX + 1, -EINVAL },
	{ BRUTE_PARAM_CRASH_PERIOD_THRESHOLD, LONG_MAX, -EINVAL },
	/* The weight is a fraction of at most one, with a bounded divisor. */
	{ BRUTE_PARAM_EMA_WEIGHT_NUMERATOR, 11, -EINVAL },
	{ BRUTE_PARAM_EMA_WEIGHT_NUMERATOR, 10, 0 },
	{ BRUTE_PARAM_EMA_WEIGHT_NUMERATOR, 1, 0 },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, 6, -EINVAL },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, 7, 0 },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, BRUTE_EMA_WEIGHT_MAX, 0 },
	{ BRUTE_PARAM_EMA_WEIGHT_DENOMINATOR, BRUTE_EMA_WEIGHT_MAX + 1,
	  -EINVAL },
	/* The fault limits stay ordered. */
	{ BRUTE_PARAM_MIN_FAULTS, 201, -EINVAL },
	{ BRUTE_PARAM_MIN_FAULTS, 200, 0 },
	{ BRUTE_PARAM_MIN_FAULTS, 1, 0 },
	{ BRUTE_PARAM_MAX_FAULTS, 4, -EINVAL },
	{ BRUTE_PARAM_MAX_FAULTS, 5, 0 },
	{ BRUTE_PARAM_MAX_FAULTS, INT_MAX, 0 },
	{ BRUTE_PARAM_CRASH_PERIOD_THRESHOLD, 1, 0 },
	{ BRUTE_PARAM_CRASH_PERIOD_THRESHOLD, INT_MAX, 0 },
	/*
	 * Zero disables expiry; negative durations do not exist; the first
	 * block is never longer than a renewed one may be.
	 */
	{ BRUTE_PARAM_BLOCK_DURATION, 0, 0 },
	{ BRUTE_PARAM_BLOCK_DURATION, 1, 0 },
	{ BRUTE_PARAM_BLOCK_DURATION, 2592000, 0 },
	{ BRUTE_PARAM_BLOCK_DURATION, 2592001, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION, INT_MAX, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION, -1, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION, (long)INT_MAX + 1, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, 0, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, 899, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, 900, 0 },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, INT_MAX, 0 },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, -1, -EINVAL },
	{ BRUTE_PARAM_BLOCK_DURATION_MAX, (long)INT_MAX + 1, -EINVAL },
	/* Unknown tunables do not exist. */
	{ BRUTE_NR_PARAMS, 1, -EINVAL },
};

static void brute_params_test_set(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(brute_params_cases); i++) {
		const struct brute_params_case *c = &brute_params_cases[i];
		struct brute_params p = brute_default_params;
		int ret;

		ret = brute_params_set(&p, c->which, c->value);
		KUNIT_EXPECT_EQ_MSG(test, c->ret, ret, "case %u: param %d = %ld",
				    i, c->which, c->value);
		if (ret) {
			KUNIT_EXPECT_MEMEQ_MSG(test, &p, &brute_default_params,
					       sizeof(p), "case %u changed", i);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, (long)brute_params_value(&p, c->which),
					    c->value, "case %u", i);
			KUNIT_EXPECT_EQ(test, 0, brute_params_check(&p));
		}
	}
}

static void brute_params_test_check(struct kunit *test)
{
	struct brute_params p = brute_default_params;

	p.ema_weight_numerator = 11;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_params_check(&p));
	p = brute_default_params;
	p.min_faults = p.max_faults + 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_params_check(&p));
	p = brute_default_params;
	p.crash_period_threshold = 0;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_params_check(&p));
	p = brute_default_params;
	p.ema_weight_denominator = BRUTE_EMA_WEIGHT_MAX + 1;
	p.ema_weight_numerator = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_params_check(&p));
}

/* A sequence of writes that is only valid in the right order. */
static void brute_params_test_cross_field(struct kunit *test)
{
	struct brute_params p = brute_default_params;

	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_params_set(&p, BRUTE_PARAM_MIN_FAULTS, 300));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_MAX_FAULTS, 400));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_MIN_FAULTS, 300));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_params_set(&p, BRUTE_PARAM_MAX_FAULTS, 299));
	KUNIT_EXPECT_EQ(test, 400, p.max_faults);
	KUNIT_EXPECT_EQ(test, 300, p.min_faults);

	/* Short blocks for a test: the first length, then the cap. */
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION_MAX, 6));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION, 2));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION_MAX, 6));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION, 900));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION, 0));
	KUNIT_EXPECT_EQ(test, 0,
			brute_params_set(&p, BRUTE_PARAM_BLOCK_DURATION_MAX, 1));
	KUNIT_EXPECT_EQ(test, 0, p.block_duration);
	KUNIT_EXPECT_EQ(test, 1, p.block_duration_max);
}

static void brute_params_test_get(struct kunit *test)
{
	struct brute_params p;

	brute_params_get(&p);
	KUNIT_EXPECT_EQ(test, 0, brute_params_check(&p));
}

static struct kunit_case brute_params_test_cases[] = {
	KUNIT_CASE(brute_params_test_defaults),
	KUNIT_CASE(brute_params_test_set),
	KUNIT_CASE(brute_params_test_check),
	KUNIT_CASE(brute_params_test_cross_field),
	KUNIT_CASE(brute_params_test_get),
	{}
};

static struct kunit_suite brute_params_test_suite = {
	.name = "brute_params",
	.test_cases = brute_params_test_cases,
};

kunit_test_suite(brute_params_test_suite);
