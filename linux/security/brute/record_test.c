// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - KUnit tests of the record encoding
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/string.h>

#include "record.h"

static const struct brute_stats brute_test_stats = {
	.faults = 0x01020304,
	.block_uid = 1000,
	.block_count = 2,
	.last_crash = 0x1122334455667788ULL,
	.ema = 0x89abcdef,
	.block_time = 0x0102030405060708ULL,
	.boundaries = BRUTE_BOUNDARY_SETID | BRUTE_BOUNDARY_NETWORK,
	.flags = BRUTE_RECORD_NOT_ALLOWED | BRUTE_RECORD_SCOPE_USER,
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

	KUNIT_EXPECT_EQ(test, 40, sizeof(record));
	brute_record_encode(&brute_test_stats, &record);
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_VERSION, b[0]);
	KUNIT_EXPECT_EQ(test, BRUTE_RECORD_NOT_ALLOWED |
			BRUTE_RECORD_SCOPE_USER, b[1]);
	KUNIT_EXPECT_EQ(test, BRUTE_BOUNDARY_SETID | BRUTE_BOUNDARY_NETWORK,
			b[2]);
	KUNIT_EXPECT_EQ(test, 0, b[3]);
	/* faults, least significant byte first */
	KUNIT_EXPECT_EQ(test, 0x04, b[4]);
	KUNIT_EXPECT_EQ(test, 0x01, b[7]);
	/* last_crash at offset 16 */
	KUNIT_EXPECT_EQ(test, 0x88, b[16]);
	KUNIT_EXPECT_EQ(test, 0x11, b[23]);
	/* ema at offset 24, block_time at offset 32 */
	KUNIT_EXPECT_EQ(test, 0xef, b[24]);
	KUNIT_EXPECT_EQ(test, 0x08, b[32]);
}

static void brute_record_expect_fresh(struct kunit *test,
				      const struct brute_stats *stats)
{
	static const struct brute_stats fresh = {};

	KUNIT_EXPECT_MEMEQ(test, stats, &fresh, sizeof(fresh));
}

/* Only the exact size is valid; a valid prefix or suffix does not help. */
static void brute_record_test_sizes(struct kunit *test)
{
	u8 buf[2 * sizeof(struct brute_record)];
	struct brute_stats stats;
	size_t size;

	for (size = 0; size <= sizeof(buf); size++) {
		memset(buf, 0, sizeof(buf));
		brute_record_encode(&brute_test_stats,
				    (struct brute_record *)buf);
		if (size == sizeof(struct brute_record)) {
			KUNIT_EXPECT_EQ(test, 0,
					brute_record_decode(buf, size, &stats));
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, -EINVAL,
				    brute_record_decode(buf, size, &stats),
				    "size %zu", size);
		brute_record_expect_fresh(test, &stats);
	}
	KUNIT_EXPECT_EQ(test, -EINVAL, brute_record_decode(NULL, 40, &stats));
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

/* Undefined bits and out of range values make a record malformed. */
static void brute_record_test_fields(struct kunit *test)
{
	struct brute_record record;
	struct brute_stats stats;

	brute_record_encode(&brute_test_stats, &record);
	record.flags |= ~BRUTE_RECORD_FLAGS_MASK & 0xff;
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);

	brute_record_encode(&brute_test_stats, &record);
	record.boundaries = cpu_to_le16(0x8000);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);

	brute_record_encode(&brute_test_stats, &record);
	record.ema = cpu_to_le64(BRUTE_PERIOD_MAX + 1);
	KUNIT_EXPECT_EQ(test, -EINVAL,
			brute_record_decode(&record, sizeof(record), &stats));
	brute_record_expect_fresh(test, &stats);
}

/* Random bytes, of the right size or not, are never a (blocking) record. */
static void brute_record_test_random(struct kunit *test)
{
	struct rnd_state rnd;
	u8 buf[2 * sizeof(struct brute_record)];
	struct brute_stats stats;
	unsigned int i;

	prandom_seed_state(&rnd, 0x627275746521ULL);
	for (i = 0; i < 10000; i++) {
		size_t size = prandom_u32_state(&rnd) % (sizeof(buf) + 1);

		if (i % 2)
			size = sizeof(struct brute_record);
		prandom_bytes_state(&rnd, buf, sizeof(buf));
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
	KUNIT_CASE(brute_record_test_random),
	{}
};

static struct kunit_suite brute_record_test_suite = {
	.name = "brute_record",
	.test_cases = brute_record_test_cases,
};

kunit_test_suite(brute_record_test_suite);
