// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the crash statistics and detection
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/string.h>

#include "stats.h"

#define DAY (24ULL * 3600)
/* Some time in 2026, in seconds since the Epoch. */
#define T0 1795000000ULL

/* The tunables with blocks of @d seconds, none renewed for longer. */
#define DURATION(d) (&(const struct brute_params){	\
	.block_duration = (d),				\
	.block_duration_max = INT_MAX,			\
})

/* The tunables with blocks that last until lifted. */
#define FOREVER DURATION(0)

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
	struct brute_user_stats s = { .faults = 1, .last_crash = T0 };
	const struct brute_params *p = &brute_default_params;
	u64 now = T0 + quiet;
	unsigned int n;

	if (brute_entry_crash(&s, now, p) != BRUTE_NO_ATTACK)
		return 0;
	for (n = 1; n < 1000; n++)
		if (brute_entry_crash(&s, ++now, p) == BRUTE_FAST_ATTACK)
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
		struct brute_user_stats s = { .faults = c->faults, .ema = c->ema };

		KUNIT_EXPECT_EQ_MSG(test, c->verdict,
				    brute_decide(&s, &brute_default_params),
				    "faults %u ema %llu", c->faults, c->ema);
	}
}

/* The decision follows the tunables. */
static void brute_stats_test_decide_params(struct kunit *test)
{
	struct brute_params p = brute_default_params;
	struct brute_user_stats s = { .faults = 3, .ema = 100 };

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
	struct brute_user_stats s = {};

	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK, brute_entry_crash(&s, T0, p));
	KUNIT_EXPECT_EQ(test, 1, s.faults);
	KUNIT_EXPECT_EQ(test, 0, s.ema);
	KUNIT_EXPECT_EQ(test, T0, s.last_crash);

	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK,
			brute_entry_crash(&s, T0 + 1000, p));
	KUNIT_EXPECT_EQ(test, 2, s.faults);
	KUNIT_EXPECT_EQ(test, 700, s.ema);
	KUNIT_EXPECT_EQ(test, T0 + 1000, s.last_crash);
}

/* A clock stepped backwards gives a period of zero, not a huge one. */
static void brute_stats_test_clock_backwards(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_user_stats s = { .faults = 3, .ema = 1000,
				 .last_crash = T0 };

	brute_entry_crash(&s, T0 - 3600, p);
	KUNIT_EXPECT_EQ(test, 300, s.ema);
	KUNIT_EXPECT_EQ(test, 4, s.faults);
	KUNIT_EXPECT_EQ(test, T0 - 3600, s.last_crash);
}

/* The fault count saturates instead of wrapping to zero. */
static void brute_stats_test_faults_saturate(struct kunit *test)
{
	struct brute_user_stats s = { .faults = U32_MAX, .last_crash = T0 };

	KUNIT_EXPECT_EQ(test, BRUTE_SLOW_ATTACK,
			brute_entry_crash(&s, T0, &brute_default_params));
	KUNIT_EXPECT_EQ(test, U32_MAX, s.faults);
}

#define UID_A 1000
#define UID_B 1001

/* Blocks @uid's entry of @s as a detection at @now would. */
static struct brute_user_stats *brute_test_block(struct brute_stats *s,
						 u32 uid, u64 now)
{
	struct brute_user_stats *e = brute_stats_entry(s, uid);

	e->faults = 5;
	brute_entry_block(e, now);
	return e;
}

/* A user's block is that user's only: not root's, not another user's. */
static void brute_stats_test_block_scope(struct kunit *test)
{
	struct brute_stats s = {};
	struct brute_user_stats *a;

	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, UID_A, T0, FOREVER));
	a = brute_test_block(&s, UID_A, T0);
	KUNIT_EXPECT_FALSE(test, brute_entry_everyone(a));
	KUNIT_EXPECT_EQ(test, UID_A, a->uid);
	KUNIT_EXPECT_EQ(test, T0, a->block_time);
	KUNIT_EXPECT_EQ(test, 1, a->block_count);
	KUNIT_EXPECT_TRUE(test, brute_stats_blocked(&s));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, UID_B, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 0, T0, FOREVER));

	/* A second attacker is blocked for himself: still not root. */
	brute_test_block(&s, UID_B, T0 + 10);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_B, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 0, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 1002, T0, FOREVER));
}

/* One user's crashes never move another user's statistics. */
static void brute_stats_test_per_user(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_stats s = {};
	int i;

	for (i = 0; i < 5; i++)
		brute_entry_crash(brute_stats_entry(&s, UID_A), T0 + i,
				  p);
	KUNIT_EXPECT_EQ(test, 5, brute_stats_find(&s, UID_A)->faults);
	KUNIT_EXPECT_NULL(test, brute_stats_find(&s, UID_B));
	/* The first crash of another user is no attack. */
	KUNIT_EXPECT_EQ(test, BRUTE_NO_ATTACK,
			brute_entry_crash(brute_stats_entry(&s, UID_B),
					  T0 + 5, p));
	KUNIT_EXPECT_EQ(test, 1, brute_stats_find(&s, UID_B)->faults);
	KUNIT_EXPECT_EQ(test, 5, brute_stats_find(&s, UID_A)->faults);
}

/*
 * The ninth user and beyond are counted each for himself, in memory: no
 * number of users can block a file for anyone but themselves.
 */
static void brute_stats_test_beyond_record(struct kunit *test)
{
	struct brute_user_stats room[4], big[8], *e, *old;
	struct brute_stats s = {};
	u32 uid;

	for (uid = 2000; uid < 2000 + BRUTE_RECORD_USERS; uid++) {
		e = brute_stats_entry(&s, uid);
		e->last_crash = T0;
		KUNIT_EXPECT_PTR_EQ(test, e, &s.users[uid - 2000]);
		KUNIT_EXPECT_PTR_EQ(test, e, brute_stats_find(&s, uid));
	}
	/* No room in memory yet: the caller is told how much to give. */
	KUNIT_EXPECT_NULL(test, brute_stats_entry(&s, 3000));
	KUNIT_EXPECT_NULL(test, brute_stats_charge(&s, 3000, T0));
	KUNIT_EXPECT_EQ(test, 4, brute_stats_room(&s));
	KUNIT_EXPECT_NULL(test, brute_stats_grow(&s, room, 4));
	KUNIT_EXPECT_EQ(test, 0, brute_stats_room(&s));
	/* Inserted in uid order, found by binary search. */
	brute_stats_entry(&s, 3002)->faults = 2;
	brute_stats_entry(&s, 3000)->faults = 1;
	brute_stats_charge(&s, 3003, T0)->faults = 3;
	KUNIT_EXPECT_EQ(test, 3, s.nr_extra);
	KUNIT_EXPECT_EQ(test, 3000, s.extra[0].uid);
	KUNIT_EXPECT_EQ(test, 3002, s.extra[1].uid);
	KUNIT_EXPECT_EQ(test, 3003, s.extra[2].uid);
	KUNIT_EXPECT_EQ(test, 2, brute_stats_find(&s, 3002)->faults);
	KUNIT_EXPECT_NULL(test, brute_stats_find(&s, 3001));
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_USERS + 3, brute_stats_count(&s));
	/* A larger array keeps them all; a smaller one is refused. */
	brute_stats_entry(&s, 2999);
	KUNIT_EXPECT_EQ(test, 8, brute_stats_room(&s));
	old = brute_stats_grow(&s, big, 8);
	KUNIT_EXPECT_PTR_EQ(test, old, &room[0]);
	KUNIT_EXPECT_PTR_EQ(test, brute_stats_grow(&s, room, 4), &room[0]);
	KUNIT_EXPECT_EQ(test, 2, brute_stats_find(&s, 3002)->faults);
	KUNIT_EXPECT_EQ(test, 2999,
			brute_stats_at(&s, BRUTE_RECORD_USERS)->uid);
	KUNIT_EXPECT_NULL(test, brute_stats_at(&s, BRUTE_RECORD_USERS + 4));

	/* A user beyond the record blocked: for himself, never for root. */
	e = brute_test_block(&s, 3002, T0);
	KUNIT_EXPECT_FALSE(test, brute_entry_everyone(e));
	KUNIT_EXPECT_TRUE(test, brute_stats_blocked(&s));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, 3002, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 0, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 2000, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 3003, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, 9999, T0, FOREVER));
}

/*
 * A user quiet for 30 days gives his place in the record to a new user, and
 * root always gets one; the user who gives it moves to memory, unchanged.
 */
static void brute_stats_test_record_place(struct kunit *test)
{
	struct brute_user_stats room[4], *e, *mem;
	struct brute_stats s = {};
	u32 uid;

	brute_stats_grow(&s, room, 4);
	for (uid = 2000; uid < 2000 + BRUTE_RECORD_USERS; uid++) {
		e = brute_stats_charge(&s, uid, T0 + uid);
		e->faults = 1;
		e->last_crash = T0 + uid;
	}
	/* Blocked: never moved for a user. */
	brute_stats_find(&s, 2000)->flags |= BRUTE_USER_BLOCKED;
	/* Nobody quiet long enough: memory. */
	e = brute_stats_charge(&s, 3000, T0 + 2001 + DAY);
	KUNIT_EXPECT_PTR_EQ(test, &s.extra[0], e);
	/* The oldest unblocked entry moves to memory, with its statistics. */
	e = brute_stats_charge(&s, 3001, T0 + 2001 + 30 * DAY);
	KUNIT_EXPECT_PTR_EQ(test, &s.users[1], e);
	KUNIT_EXPECT_EQ(test, 3001, e->uid);
	KUNIT_EXPECT_EQ(test, 0, e->faults);
	e->last_crash = T0 + 2001 + 30 * DAY;
	mem = brute_stats_find(&s, 2001);
	KUNIT_ASSERT_NOT_NULL(test, mem);
	KUNIT_EXPECT_EQ(test, 1, mem->faults);
	KUNIT_EXPECT_EQ(test, T0 + 2001, mem->last_crash);
	KUNIT_EXPECT_NOT_NULL(test, brute_stats_find(&s, 2000));
	/* An existing entry is always its user's. */
	KUNIT_EXPECT_PTR_EQ(test, brute_stats_find(&s, 2002),
			    brute_stats_charge(&s, 2002, T0 + 100 * DAY));
	/* Root takes the place of the user that crashed least recently. */
	e = brute_stats_charge(&s, 0, T0 + 2001 + DAY);
	KUNIT_EXPECT_PTR_EQ(test, &s.users[2], e);
	KUNIT_EXPECT_EQ(test, 0, e->uid);
	KUNIT_EXPECT_EQ(test, 1, brute_stats_find(&s, 2002)->faults);
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_USERS + 3, brute_stats_count(&s));
}

/*
 * An expired block is remembered: its entry keeps its place in the record
 * and the state its place in memory, so that the next block doubles.
 */
static void brute_stats_test_expired_kept(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_user_stats room[2], *e;
	struct brute_stats s = {};
	u32 uid;

	brute_stats_grow(&s, room, 2);
	for (uid = 2000; uid < 2000 + BRUTE_RECORD_USERS; uid++) {
		e = brute_stats_charge(&s, uid, T0);
		e->faults = 1;
		e->last_crash = T0;
	}
	KUNIT_EXPECT_FALSE(test, brute_stats_remembered(&s));
	brute_entry_block(brute_stats_find(&s, 2000), T0);
	KUNIT_EXPECT_TRUE(test, brute_stats_expire(&s, 2000, T0 + 900, p));
	KUNIT_EXPECT_FALSE(test, brute_stats_blocked(&s));
	KUNIT_EXPECT_TRUE(test, brute_stats_remembered(&s));

	/* All quiet for 31 days: the new user takes another one's place. */
	e = brute_stats_charge(&s, 3000, T0 + 31 * DAY);
	KUNIT_EXPECT_PTR_EQ(test, &s.users[1], e);
	KUNIT_EXPECT_PTR_EQ(test, &s.users[0], brute_stats_find(&s, 2000));
	KUNIT_EXPECT_FALSE(test, brute_stats_memory_remembered(&s));

	/* Blocked and expired in memory: remembered there too. */
	e = brute_stats_find(&s, 2001);
	KUNIT_ASSERT_PTR_EQ(test, &s.extra[0], e);
	brute_entry_block(e, T0 + 31 * DAY);
	KUNIT_EXPECT_TRUE(test, brute_stats_memory_remembered(&s));
	KUNIT_EXPECT_TRUE(test,
			  brute_stats_expire(&s, 2001, T0 + 32 * DAY, p));
	KUNIT_EXPECT_TRUE(test, brute_stats_memory_remembered(&s));
	KUNIT_EXPECT_EQ(test, BRUTE_RENEWED_ATTACK,
			brute_entry_crash(e, T0 + 40 * DAY, p));
}

/* Root's entry is everyone's: programs the system started. */
static void brute_stats_test_root_entry(struct kunit *test)
{
	struct brute_stats s = {};
	struct brute_user_stats *e = brute_test_block(&s, 0, T0);

	KUNIT_EXPECT_TRUE(test, brute_entry_everyone(e));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, 0, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0, FOREVER));
}

/* Expiry: before, exactly at and after block_duration; clock edge cases. */
static void brute_stats_test_expiry(struct kunit *test)
{
	struct brute_stats s = {};
	struct brute_user_stats *e = brute_test_block(&s, UID_A, T0);
	const struct brute_params *minute = DURATION(60);

	/* Zero means forever. */
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 100 * 365 * DAY,
					  FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 59, minute));
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, T0 + 60, minute));
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, T0 + 61, minute));
	/* A clock stepped back before the block keeps it in force. */
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 - 3600, minute));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, 0, minute));
	/* The largest duration does not overflow. */
	KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
			brute_block_state(&s, UID_A, U64_MAX,
					  DURATION(INT_MAX)));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + INT_MAX - 1,
					  DURATION(INT_MAX)));
	/* Another user's expiry lifts nothing of UID_A's. */
	KUNIT_EXPECT_FALSE(test,
			   brute_stats_expire(&s, UID_B, T0 + 61, minute));
	KUNIT_EXPECT_TRUE(test,
			  brute_stats_expire(&s, UID_A, T0 + 61, minute));
	KUNIT_EXPECT_FALSE(test, e->flags & BRUTE_USER_BLOCKED);
	KUNIT_EXPECT_TRUE(test, e->flags & BRUTE_USER_EXPIRED);
	KUNIT_EXPECT_EQ(test, 5, e->faults);
	KUNIT_EXPECT_FALSE(test, brute_stats_blocked(&s));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&s, UID_A, T0 + 61, minute));

	/* The statistics stay: the next crash blocks the file again. */
	e->ema = 0;
	e->last_crash = T0 + 61;
	KUNIT_EXPECT_EQ(test, BRUTE_FAST_ATTACK,
			brute_entry_crash(e, T0 + 62, &brute_default_params));
	brute_entry_block(e, T0 + 62);
	KUNIT_EXPECT_FALSE(test, e->flags & BRUTE_USER_EXPIRED);
	KUNIT_EXPECT_EQ(test, 2, e->block_count);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 62, minute));

	/* Renewed for twice as long. */
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&s, UID_A, T0 + 62 + 119, minute));
	KUNIT_EXPECT_TRUE(test,
			  brute_stats_expire(&s, UID_A, T0 + 62 + 120, minute));

	/* However long after, the next crash is an attack again. */
	KUNIT_EXPECT_EQ(test, BRUTE_RENEWED_ATTACK,
			brute_entry_crash(e, T0 + 10 * 365 * DAY,
					  &brute_default_params));
	KUNIT_EXPECT_STREQ(test, "crash after an expired block",
			   brute_verdict_str(BRUTE_RENEWED_ATTACK));
}

/* The length of the n-th block, and when it ends, without overflow. */
static void brute_stats_test_block_length(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_params q = brute_default_params;
	struct brute_user_stats e = {};

	KUNIT_EXPECT_EQ(test, 900, brute_block_length(0, p));
	KUNIT_EXPECT_EQ(test, 900, brute_block_length(1, p));
	KUNIT_EXPECT_EQ(test, 1800, brute_block_length(2, p));
	KUNIT_EXPECT_EQ(test, 3600, brute_block_length(3, p));
	KUNIT_EXPECT_EQ(test, 900 << 11, brute_block_length(12, p));
	KUNIT_EXPECT_EQ(test, 2592000, brute_block_length(13, p));
	KUNIT_EXPECT_EQ(test, 2592000, brute_block_length(32, p));
	KUNIT_EXPECT_EQ(test, 2592000, brute_block_length(33, p));
	KUNIT_EXPECT_EQ(test, 2592000, brute_block_length(U32_MAX, p));
	KUNIT_EXPECT_EQ(test, 0, brute_block_length(1, FOREVER));
	KUNIT_EXPECT_EQ(test, 0, brute_block_length(U32_MAX, FOREVER));

	/* The largest tunables: 31 doublings fit, the cap holds. */
	q.block_duration = 1;
	q.block_duration_max = INT_MAX;
	KUNIT_EXPECT_EQ(test, 1U << 30, brute_block_length(31, &q));
	KUNIT_EXPECT_EQ(test, INT_MAX, brute_block_length(32, &q));
	q.block_duration = INT_MAX;
	KUNIT_EXPECT_EQ(test, INT_MAX, brute_block_length(1, &q));
	KUNIT_EXPECT_EQ(test, INT_MAX, brute_block_length(U32_MAX, &q));
	/* A cap below the first length (never valid) does not shorten it. */
	q.block_duration = 900;
	q.block_duration_max = 60;
	KUNIT_EXPECT_EQ(test, 900, brute_block_length(5, &q));

	/* Only a block ends; a block set at the end of time ends there. */
	e.flags = BRUTE_USER_USED;
	e.block_time = T0;
	e.block_count = 2;
	KUNIT_EXPECT_EQ(test, 0, brute_entry_block_end(&e, p));
	e.flags |= BRUTE_USER_BLOCKED;
	KUNIT_EXPECT_EQ(test, T0 + 1800, brute_entry_block_end(&e, p));
	KUNIT_EXPECT_EQ(test, 0, brute_entry_block_end(&e, FOREVER));
	e.block_time = U64_MAX - 100;
	KUNIT_EXPECT_EQ(test, U64_MAX, brute_entry_block_end(&e, p));
	KUNIT_EXPECT_TRUE(test, brute_entry_in_force(&e, U64_MAX - 1, p));
	KUNIT_EXPECT_FALSE(test, brute_entry_in_force(&e, U64_MAX, p));
}

/**
 * struct brute_budget - The attacker's crashes over a time, by defense
 * @over: The time, in seconds from the first crash.
 * @brute: With Brute's defaults (the DOC "expiry" of stats.c).
 * @grsecurity: With a 15-minute ban after each crash.
 * @segvguard: With a 10-minute suspension after 5 crashes in 2 minutes.
 */
struct brute_budget {
	u64 over;
	unsigned int brute;
	unsigned int grsecurity;
	unsigned int segvguard;
};

static const struct brute_budget brute_budget_table[] = {
	{ DAY, 11, 96, 600 },
	{ 30 * DAY, 16, 2880, 18000 },
	{ 365 * DAY, 27, 35040, 219000 },
};

/*
 * The table of the documentation: an attacker who crashes the file again
 * the moment each block ends, replayed over a simulated year with the
 * default tunables.  Each block lasts twice the one before, up to 30 days,
 * and every crash after an expiry is detected at once, however slow.
 */
static void brute_stats_test_budget(struct kunit *test)
{
	const struct brute_params *p = &brute_default_params;
	struct brute_stats s = {};
	struct brute_user_stats *e = brute_stats_entry(&s, UID_A);
	unsigned int crashes = 0, i = 0;
	u64 now = T0, end, length, last = 0;
	enum brute_verdict v;

	/* The first detection: crashes a second apart. */
	while ((v = brute_entry_crash(e, now, p)) == BRUTE_NO_ATTACK) {
		crashes++;
		now++;
	}
	crashes++;
	KUNIT_EXPECT_EQ(test, BRUTE_FAST_ATTACK, v);
	KUNIT_EXPECT_EQ(test, p->min_faults, crashes);
	brute_entry_block(e, now);

	while (i < ARRAY_SIZE(brute_budget_table)) {
		end = brute_entry_block_end(e, p);
		length = end - e->block_time;
		KUNIT_EXPECT_EQ(test, length,
				last ? min_t(u64, 2 * last, p->block_duration_max) :
				p->block_duration);
		KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
				brute_block_state(&s, UID_A, end - 1, p));
		KUNIT_EXPECT_EQ(test, BRUTE_EXPIRED,
				brute_block_state(&s, UID_A, end, p));
		/* Every crash so far was before @end. */
		while (i < ARRAY_SIZE(brute_budget_table) &&
		       end >= T0 + brute_budget_table[i].over) {
			KUNIT_EXPECT_EQ_MSG(test, brute_budget_table[i].brute,
					    crashes, "over %llu days",
					    brute_budget_table[i].over / DAY);
			i++;
		}
		/* The attacker crashes it again the moment it runs. */
		KUNIT_EXPECT_TRUE(test, brute_stats_expire(&s, UID_A, end, p));
		v = brute_entry_crash(e, end, p);
		crashes++;
		KUNIT_EXPECT_NE(test, BRUTE_NO_ATTACK, v);
		brute_entry_block(e, end);
		last = length;
	}

	/* The other columns: one crash per ban, 5 per 12 minutes. */
	for (i = 0; i < ARRAY_SIZE(brute_budget_table); i++) {
		const struct brute_budget *b = &brute_budget_table[i];

		KUNIT_EXPECT_EQ(test, b->grsecurity, b->over / (15 * 60));
		KUNIT_EXPECT_EQ(test, b->segvguard, 5 * b->over / (12 * 60));
	}
}

/* Crashes counted while the record was unreadable are never lost. */
static void brute_stats_test_merge(struct kunit *test)
{
	struct brute_user_stats room[4], mem_room[4], big[12], *d, *m;
	struct brute_stats disk = {}, mem = {};
	u32 uid;

	d = brute_stats_entry(&disk, UID_A);
	d->faults = 3;
	d->ema = 100;
	d->last_crash = T0;
	brute_test_block(&disk, UID_B, T0 - 10);
	m = brute_stats_entry(&mem, UID_A);
	m->faults = 2;
	m->ema = 1;
	m->last_crash = T0 + 5;
	brute_test_block(&mem, 0, T0 + 5);
	mem.boundaries = BRUTE_BOUNDARY_NETWORK;

	/* Room for every entry of @mem, or nothing is merged. */
	KUNIT_EXPECT_EQ(test, -ENOSPC, brute_stats_merge(&disk, &mem));
	KUNIT_EXPECT_EQ(test, 3, brute_stats_find(&disk, UID_A)->faults);
	brute_stats_grow(&disk, room, 4);
	KUNIT_EXPECT_EQ(test, 0, brute_stats_merge(&disk, &mem));
	d = brute_stats_find(&disk, UID_A);
	KUNIT_EXPECT_EQ(test, 5, d->faults);
	KUNIT_EXPECT_EQ(test, 1, d->ema);
	KUNIT_EXPECT_EQ(test, T0 + 5, d->last_crash);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&disk, UID_B, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&disk, UID_A, T0, FOREVER));
	KUNIT_EXPECT_TRUE(test, disk.boundaries & BRUTE_BOUNDARY_NETWORK);

	/* Users counted in memory only are merged too, each for himself. */
	memset(&disk, 0, sizeof(disk));
	memset(&mem, 0, sizeof(mem));
	brute_stats_grow(&mem, mem_room, 4);
	for (uid = 2000; uid < 2000 + BRUTE_RECORD_USERS + 2; uid++)
		brute_stats_entry(&mem, uid)->faults = uid - 1999;
	brute_test_block(&disk, UID_A, T0);
	brute_stats_grow(&disk, room, 4);
	KUNIT_EXPECT_EQ(test, -ENOSPC, brute_stats_merge(&disk, &mem));
	brute_stats_grow(&disk, big, 12);
	KUNIT_EXPECT_EQ(test, 0, brute_stats_merge(&disk, &mem));
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_USERS + 3, brute_stats_count(&disk));
	KUNIT_EXPECT_EQ(test, 10, brute_stats_find(&disk, 2009)->faults);
	KUNIT_EXPECT_EQ(test, BRUTE_BLOCKED,
			brute_block_state(&disk, UID_A, T0, FOREVER));
	KUNIT_EXPECT_EQ(test, BRUTE_ALLOWED,
			brute_block_state(&disk, 2009, T0, FOREVER));
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
	KUNIT_CASE(brute_stats_test_per_user),
	KUNIT_CASE(brute_stats_test_beyond_record),
	KUNIT_CASE(brute_stats_test_record_place),
	KUNIT_CASE(brute_stats_test_expired_kept),
	KUNIT_CASE(brute_stats_test_root_entry),
	KUNIT_CASE(brute_stats_test_expiry),
	KUNIT_CASE(brute_stats_test_block_length),
	KUNIT_CASE(brute_stats_test_budget),
	KUNIT_CASE(brute_stats_test_merge),
	{}
};

static struct kunit_suite brute_stats_test_suite = {
	.name = "brute_stats",
	.test_cases = brute_stats_test_cases,
};

kunit_test_suite(brute_stats_test_suite);
