// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the record encoding
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "record.h"

static const struct brute_stats brute_test_stats = {
	.boundaries = BRUTE_BOUNDARY_SETID | BRUTE_BOUNDARY_NETWORK,
	.users = {
		[0] = {
			.uid = 1000,
			.faults = 0x01020304,
			.block_count = 2,
			.flags = BRUTE_USER_USED | BRUTE_USER_BLOCKED,
			.last_crash = 0x1122334455667788ULL,
			.ema = 0x89abcdef,
			.block_time = 0x0102030405060708ULL,
		},
		[3] = {
			.uid = 0,
			.faults = 1,
			.flags = BRUTE_USER_USED | BRUTE_USER_EXPIRED,
			.last_crash = 1795000000,
		},
	},
};

static void brute_record_test_roundtrip(struct kunit *test)
{
	struct brute_record record;
	struct brute_stats stats;

	brute_record_encode(&brute_test_stats, &record);
	KUNIT_ASSERT_EQ(test, 0,
			brute_record_decode(&record, sizeof(record), &stats));
	KUNIT_EXPECT_MEMEQ(test, &stats, &brute_test_stats, sizeof(stats));
}

/* The layout userspace relies on: fixed offsets, little-endian. */
static void brute_record_test_layout(struct kunit *test)
{
	struct brute_record record;
	const u8 *b = (const u8 *)&record;

	KUNIT_EXPECT_EQ(test, 40, sizeof(struct brute_user));
	KUNIT_EXPECT_EQ(test, 8 + 8 * 40, sizeof(record));
	brute_record_encode(&brute_test_stats, &record);
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_VERSION, b[0]);
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_MINOR, b[1]);
	KUNIT_EXPECT_EQ(test, BRUTE_BOUNDARY_SETID | BRUTE_BOUNDARY_NETWORK,
			b[2]);
	/* users[0]: uid at 8, faults at 12, least significant byte first */
	KUNIT_EXPECT_EQ(test, 0xe8, b[8]);
	KUNIT_EXPECT_EQ(test, 0x03, b[9]);
	KUNIT_EXPECT_EQ(test, 0x04, b[12]);
	KUNIT_EXPECT_EQ(test, 0x01, b[15]);
	/* last_crash at 16, ema at 24, block_time at 32, flags at 44 */
	KUNIT_EXPECT_EQ(test, 0x88, b[16]);
	KUNIT_EXPECT_EQ(test, 0xef, b[24]);
	KUNIT_EXPECT_EQ(test, 0x08, b[32]);
	KUNIT_EXPECT_EQ(test, 2, b[40]);
	KUNIT_EXPECT_EQ(test, BRUTE_USER_USED | BRUTE_USER_BLOCKED, b[44]);
	/* an unused entry has no uid */
	KUNIT_EXPECT_EQ(test, 0xff, b[8 + 40]);
	/* users[3]: root's, flags at 8 + 3 * 40 + 36 */
	KUNIT_EXPECT_EQ(test, 0, b[8 + 3 * 40]);
	KUNIT_EXPECT_EQ(test, BRUTE_USER_USED | BRUTE_USER_EXPIRED,
			b[8 + 3 * 40 + 36]);
}

static void brute_record_expect_fresh(struct kunit *test,
				      const struct brute_stats *stats)
{
	static const struct brute_stats fresh = {};

	KUNIT_EXPECT_MEMEQ(test, stats, &fresh, sizeof(fresh));
}

/* The exact size, or more for a newer minor revision only. */
static void brute_record_test_sizes(struct kunit *test)
{
	size_t max = 2 * sizeof(struct brute_record), size;
	struct brute_stats stats;
	struct brute_record *r;
	u8 *buf;

	buf = kunit_kzalloc(test, max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	r = (struct brute_record *)buf;
	for (size = 0; size <= max; size++) {
		memset(buf, 0, max);
		brute_record_encode(&brute_test_stats, r);
		if (size == sizeof(*r)) {
			KUNIT_EXPECT_EQ(test, 0,
					brute_record_decode(buf, size, &stats));
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    brute_record_decode(buf, size, &stats),
				    "size %zu", size);
		brute_record_expect_fresh(test, &stats);
	}
	/* A newer minor revision appends fields: they are ignored. */
	for (size = sizeof(*r); size <= max; size++) {
		brute_record_encode(&brute_test_stats, r);
		r->minor = BRUTE_RECORD_MINOR + 1;
		memset(buf + sizeof(*r), 0xa5, max - sizeof(*r));
		KUNIT_EXPECT_EQ_MSG(test, 0,
				    brute_record_decode(buf, size, &stats),
				    "minor + 1, size %zu", size);
		KUNIT_EXPECT_MEMEQ(test, &stats, &brute_test_stats,
				   sizeof(stats));
	}
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(buf, sizeof(*r) - 1, &stats));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(NULL, sizeof(*r), &stats));
	brute_record_expect_fresh(test, &stats);
}

static void brute_record_test_versions(struct kunit *test)
{
	struct brute_record record;
	struct brute_stats stats;
	unsigned int version;

	for (version = 0; version < 256; version++) {
		brute_record_encode(&brute_test_stats, &record);
		record.version = version;
		if (version == BRUTE_RECORD_VERSION)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    brute_record_decode(&record,
							sizeof(record),
							&stats),
				    "version %u", version);
		brute_record_expect_fresh(test, &stats);
	}
}

/* Undefined bits, out of range values, a uid twice: malformed. */
static void brute_record_test_fields(struct kunit *test)
{
	struct brute_record record;
	struct brute_stats stats;

	brute_record_encode(&brute_test_stats, &record);
	record.users[2].flags = ~BRUTE_USER_FLAGS_MASK & 0xff;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);

	brute_record_encode(&brute_test_stats, &record);
	record.boundaries = cpu_to_le16(0x8000);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);

	brute_record_encode(&brute_test_stats, &record);
	record.users[7].ema = cpu_to_le64(BRUTE_PERIOD_MAX + 1);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);

	brute_record_encode(&brute_test_stats, &record);
	record.users[5] = record.users[0];
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);
}

/*
 * Versions 1 and 2 were written by development versions of Brute only:
 * malformed, never a block.  Version 2 had a ninth, shared entry whose
 * block was everyone's.
 */
static void brute_record_test_old_versions(struct kunit *test)
{
	size_t v2_size = sizeof(struct brute_record) + sizeof(struct brute_user);
	struct brute_stats stats;
	u8 *buf;

	buf = kunit_kzalloc(test, v2_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	brute_record_encode(&brute_test_stats, (struct brute_record *)buf);
	buf[0] = 2;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_record_decode(buf, v2_size, &stats));
	brute_record_expect_fresh(test, &stats);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(buf, sizeof(struct brute_record),
					    &stats));
	brute_record_expect_fresh(test, &stats);
	/* The current version with the size of version 2. */
	buf[0] = BRUTE_RECORD_VERSION;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_record_decode(buf, v2_size, &stats));
	brute_record_expect_fresh(test, &stats);
	/* Version 1: 40 bytes, a block in its first flags byte. */
	memset(buf, 0, v2_size);
	buf[0] = 1;
	buf[1] = 1;
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_record_decode(buf, 40, &stats));
	brute_record_expect_fresh(test, &stats);
}

/* Random bytes, of the right size or not, are never a (blocking) record. */
static void brute_record_test_random(struct kunit *test)
{
	size_t max = 2 * sizeof(struct brute_record);
	struct brute_stats stats;
	struct rnd_state rnd;
	unsigned int i;
	u8 *buf;

	buf = kunit_kzalloc(test, max, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	prandom_seed_state(&rnd, 0x627275746521ULL);
	for (i = 0; i < 10000; i++) {
		size_t size = prandom_u32_state(&rnd) % (max + 1);

		if (i % 3 == 1)
			size = sizeof(struct brute_record);
		if (i % 3 == 2)
			size = sizeof(struct brute_record) +
			       sizeof(struct brute_user);
		prandom_bytes_state(&rnd, buf, max);
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    brute_record_decode(buf, size, &stats),
				    "iteration %u", i);
		brute_record_expect_fresh(test, &stats);
	}
}

static struct kunit_case brute_record_test_cases[] = {
	KUNIT_CASE(brute_record_test_roundtrip),
	KUNIT_CASE(brute_record_test_layout),
	KUNIT_CASE(brute_record_test_sizes),
	KUNIT_CASE(brute_record_test_versions),
	KUNIT_CASE(brute_record_test_fields),
	KUNIT_CASE(brute_record_test_old_versions),
	KUNIT_CASE(brute_record_test_random),
	{}
};

static struct kunit_suite brute_record_test_suite = {
	.name = "brute_record",
	.test_cases = brute_record_test_cases,
};

kunit_test_suite(brute_record_test_suite);
