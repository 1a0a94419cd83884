// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the crash statistics and detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/limits.h>

#include "stats.h"

#define DAY (24ULL * 3600)
/* Some time in 2026, in seconds since the Epoch. */
#define T0 1795000000ULL

static void brute_stats_test_ema(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;

	KUNIT_EXPECT_EQ(test, 0, brute_ema(0, 0, p));
	KUNIT_EXPECT_EQ(test, 70, brute_ema(0, 100, p));
	KUNIT_EXPECT_EQ(test, 30, brute_ema(100, 0, p));
	KUNIT_EXPECT_EQ(test, 100, brute_ema(100, 100, p));
	/* Integer arithmetic truncates: (7 * 1 + 3 * 1) / 10. */
	KUNIT_EXPECT_EQ(test, 1, brute_ema(1, 1, p));
	KUNIT_EXPECT_EQ(test, 0, brute_ema(1, 0, p));
	KUNIT_EXPECT_EQ(test, 7 * DAY * 30 / 10, brute_ema(0, 30 * DAY, p));
}

/* The largest inputs and weights neither overflow nor exceed the cap. */
static void brute_stats_test_ema_overflow(struct kunit *test)
{
	static const unsigned int weights[][2] = {
		{ 1, 1 }, { 1, BRUTE_EMA_WEIGHT_MAX },
		{ BRUTE_EMA_WEIGHT_MAX, BRUTE_EMA_WEIGHT_MAX },
		{ BRUTE_EMA_WEIGHT_MAX - 1, BRUTE_EMA_WEIGHT_MAX }, { 7, 10 },
	};
	struct brute_params p = brute_default_params;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(weights); i++) {
		p.ema_weight_numerator = weights[i][0];
		p.ema_weight_denominator = weights[i][1];
		KUNIT_EXPECT_EQ(test, BRUTE_PERIOD_MAX,
				brute_ema(U64_MAX, U64_MAX, &p));
		KUNIT_EXPECT_EQ(test, BRUTE_PERIOD_MAX,
				brute_ema(BRUTE_PERIOD_MAX, BRUTE_PERIOD_MAX,
					  &p));
		KUNIT_EXPECT_LE(test, brute_ema(U64_MAX, 0, &p),
				BRUTE_PERIOD_MAX);
		KUNIT_EXPECT_LE(test, brute_ema(0, U64_MAX, &p),
				BRUTE_PERIOD_MAX);
	}
}

/*
 * Crashes a file whose previous crash was @quiet seconds ago, then once a
 * second, and returns how many of the fast crashes it takes to detect the
 * attack.
 */
static unsigned int brute_fast_crashes_to_detect(u64 quiet)
{
	struct brute_stats s = { .faults = 1, .last_crash = T0 };
	const struct brute_params *p = &brute_default_params;
	u64 now = T0 + quiet;
	unsigned int n;

	if (brute_stats_crash(&s, now, p) != BRUTE_NO_ATTACK)
		return 0;
	for (n = 1; n < 1000; n++)
		if (brute_stats_crash(&s, ++now, p) == BRUTE_FAST_ATTACK)
			return n;
	return 0;
}

/* The table of Documentation/admin-guide/LSM/Brute.rst. */
static void brute_stats_test_ema_table(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, 10, brute_fast_crashes_to_detect(30 * DAY));
	KUNIT_EXPECT_EQ(test, 12, brute_fast_crashes_to_detect(365 * DAY));
	KUNIT_EXPECT_EQ(test, 14, brute_fast_crashes_to_detect(3650 * DAY));
	/* A file that crashes fast from the start: caught at min_faults. */
	KUNIT_EXPECT_EQ(test, 3, brute_fast_crashes_to_detect(1));
}

/**
 * struct brute_decide_case - One line of the detection decision table
 * @faults: Crashes counted.
 * @ema: Crash period EMA, in seconds.
 * @verdict: Expected decision with the default tunables.
 */
struct brute_decide_case {
	u32 faults;
	u64 ema;
	enum brute_verdict verdict;
};

static const struct brute_decide_case brute_decide_cases[] = {
	{ 0, 0, BRUTE_NO_ATTACK },
	{ 1, 0, BRUTE_NO_ATTACK },
	{ 4, 0, BRUTE_NO_ATTACK },		/* below min_faults */
	{ 5, 0, BRUTE_FAST_ATTACK },
	{ 5, 30, BRUTE_FAST_ATTACK },		/* at the threshold */
	{ 5, 31, BRUTE_NO_ATTACK },
	{ 199, 31, BRUTE_NO_ATTACK },
	{ 199, 30, BRUTE_FAST_ATTACK },
	{ 200, BRUTE_PERIOD_MAX, BRUTE_SLOW_ATTACK },	/* max_faults */
	{ 200, 0, BRUTE_SLOW_ATTACK },
	{ U32_MAX, 1000, BRUTE_SLOW_ATTACK },
};

static void brute_stats_test_decide(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(brute_decide_cases); i++) {
		const struct brute_decide_case *c = &brute_decide_cases[i];
		struct brute_stats s = { .faults = c->faults, .ema = c->ema };

		KUNIT_EXPECT_EQ_MSG(test, c->verdict,
				    brute_decide(&s, &brute_default_params),
				    "faults %u ema %llu", c->faults, c->ema);
	}
}

/* The decision follows the tunables. */
static void brute_stats_test_decide_params(struct kunit *test)
{
	struct brute_params p = brute_default_params;
	struct brute_stats s = { .faults = 3, .ema = 100 };

	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK, brute_decide(&s, &p));
	p.min_faults = 3;
	p.crash_period_threshold = 100;
	KUNIT_EXPECT_EQ(test, BRUTE_FAST_ATTACK, brute_decide(&s, &p));
	p.max_faults = 3;
	KUNIT_EXPECT_EQ(test, BRUTE_SLOW_ATTACK, brute_decide(&s, &p));
}

/* The first crash has no period; later ones fold theirs into the EMA. */
static void brute_stats_test_crash(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_stats s = {};

	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK, brute_stats_crash(&s, T0, p));
	KUNIT_EXPECT_EQ(test, 1, s.faults);
	KUNIT_EXPECT_EQ(test, 0, s.ema);
	KUNIT_EXPECT_EQ(test, T0, s.last_crash);

	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK,
			brute_stats_crash(&s, T0 + 1000, p));
	KUNIT_EXPECT_EQ(test, 2, s.faults);
	KUNIT_EXPECT_EQ(test, 700, s.ema);
	KUNIT_EXPECT_EQ(test, T0 + 1000, s.last_crash);
}

/* A clock stepped backwards gives a period of zero, not a huge one. */
static void brute_stats_test_clock_backwards(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_stats s = { .faults = 3, .ema = 1000,
				 .last_crash = T0 };

	brute_stats_crash(&s, T0 - 3600, p);
	KUNIT_EXPECT_EQ(test, 300, s.ema);
	KUNIT_EXPECT_EQ(test, 4, s.faults);
	KUNIT_EXPECT_EQ(test, T0 - 3600, s.last_crash);
}

/* The fault count saturates instead of wrapping to zero. */
static void brute_stats_test_faults_saturate(struct kunit *test)
{
	struct brute_stats s = { .faults = U32_MAX, .last_crash = T0 };

	KUNIT_EXPECT_EQ(test, BRUTE_SLOW_ATTACK,
			brute_stats_crash(&s, T0, &brute_default_params));
	KUNIT_EXPECT_EQ(test, U32_MAX, s.faults);
}

#define UID_A 1000
#define UID_B 1001

/* A block for one user leaves the others alone; a block for all does not. */
static void brute_stats_test_block_scope(struct kunit *test)
{
	struct brute_stats s = { .faults = 5 };

	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED, brute_block_state(&s, UID_A, T0, 0));
	brute_stats_block(&s, T0, true, UID_A);
	KUNIT_EXPECT_TRUE(test, s.flags & BRUTE_RECORD_NOT_ALLOWED);
	KUNIT_EXPECT_TRUE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, UID_A, s.block_uid);
	KUNIT_EXPECT_EQ(test, T0, s.block_time);
	KUNIT_EXPECT_EQ(test, 1, s.block_count);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, UID_A, T0, 0));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED, brute_block_state(&s, UID_B, T0, 0));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED, brute_block_state(&s, 0, T0, 0));

	/* The same attacker again changes nothing. */
	brute_stats_block(&s, T0 + 5, true, UID_A);
	KUNIT_EXPECT_TRUE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, T0, s.block_time);
	KUNIT_EXPECT_EQ(test, 1, s.block_count);

	/* A second attacker widens the block to everyone. */
	brute_stats_block(&s, T0 + 10, true, UID_B);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, T0 + 10, s.block_time);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, UID_A, T0, 0));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, UID_B, T0, 0));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, 0, T0, 0));

	/* A block for everyone never narrows. */
	brute_stats_block(&s, T0 + 20, true, UID_A);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, 1, s.block_count);
}

/* An attack that warrants a block for all widens a block for one user. */
static void brute_stats_test_block_widen(struct kunit *test)
{
	struct brute_stats s = { .faults = 5 };

	brute_stats_block(&s, T0, true, UID_A);
	brute_stats_block(&s, T0 + 1, false, UID_A);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, UID_B, T0, 0));

	s = (struct brute_stats){ .faults = 5 };
	brute_stats_block(&s, T0, false, UID_A);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
	KUNIT_EXPECT_EQ(test, 0, s.block_uid);
}

/* Expiry: before, exactly at and after block_duration; clock edge cases. */
static void brute_stats_test_expiry(struct kunit *test)
{
	struct brute_stats s = { .faults = 5 };

	brute_stats_block(&s, T0, false, UID_A);
	/* Zero means forever. */
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 100 * 365 * DAY, 0));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 59, 60));
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, T0 + 60, 60));
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, T0 + 61, 60));
	/* A clock stepped back before the block keeps it in force. */
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 - 3600, 60));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED, brute_block_state(&s, UID_A, 0, 60));
	/* The largest duration does not overflow. */
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, U64_MAX, INT_MAX));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + INT_MAX - 1,
					  INT_MAX));

	brute_stats_expire(&s);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_NOT_ALLOWED);
	KUNIT_EXPECT_TRUE(test, s.flags & BRUTE_RECORD_EXPIRED);
	KUNIT_EXPECT_EQ(test, 5, s.faults);
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, UID_A, T0 + 61, 60));

	/* The statistics stay: the next crash blocks the file again. */
	s.ema = 0;
	s.last_crash = T0 + 61;
	KUNIT_EXPECT_EQ(test, BRUTE_FAST_ATTACK,
			brute_stats_crash(&s, T0 + 62, &brute_default_params));
	brute_stats_block(&s, T0 + 62, false, UID_A);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_EXPIRED);
	KUNIT_EXPECT_EQ(test, 2, s.block_count);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 62, 60));
}

/* A scoped block expires for its user; other users never see it. */
static void brute_stats_test_expiry_scope(struct kunit *test)
{
	struct brute_stats s = { .faults = 5 };

	brute_stats_block(&s, T0, true, UID_A);
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, UID_B, T0 + 1, 60));
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, T0 + 60, 60));
	brute_stats_expire(&s);
	KUNIT_EXPECT_FALSE(test, s.flags & BRUTE_RECORD_SCOPE_USER);
}

static struct kunit_case brute_stats_test_cases[] = {
	KUNIT_CASE(brute_stats_test_ema),
	KUNIT_CASE(brute_stats_test_ema_overflow),
	KUNIT_CASE(brute_stats_test_ema_table),
	KUNIT_CASE(brute_stats_test_decide),
	KUNIT_CASE(brute_stats_test_decide_params),
	KUNIT_CASE(brute_stats_test_crash),
	KUNIT_CASE(brute_stats_test_clock_backwards),
	KUNIT_CASE(brute_stats_test_faults_saturate),
	KUNIT_CASE(brute_stats_test_block_scope),
	KUNIT_CASE(brute_stats_test_block_widen),
	KUNIT_CASE(brute_stats_test_expiry),
	KUNIT_CASE(brute_stats_test_expiry_scope),
	{}
};

static struct kunit_suite brute_stats_test_suite = {
	.name = "brute_stats",
	.test_cases = brute_stats_test_cases,
};

kunit_test_suite(brute_stats_test_suite);
