// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Encoding of the "security.brute" extended attribute
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/errno.h>
#include <linux/string.h>
#include <asm/byteorder.h>

#include "record.h"

/**
 * brute_record_encode() - Encode statistics as an extended attribute value
 * @stats: The statistics to encode.
 * @record: The little-endian record to fill in.
 */
void brute_record_encode(const struct brute_stats *stats,
			 struct brute_record *record)
{
	memset(record, 0, sizeof(*record));
	record->version = BRUTE_RECORD_VERSION;
	record->flags = stats->flags & BRUTE_RECORD_FLAGS_MASK;
	record->boundaries = cpu_to_le16(stats->boundaries &
					 BRUTE_BOUNDARY_MASK);
	record->faults = cpu_to_le32(stats->faults);
	record->block_uid = cpu_to_le32(stats->block_uid);
	record->block_count = cpu_to_le32(stats->block_count);
	record->last_crash = cpu_to_le64(stats->last_crash);
	record->ema = cpu_to_le64(stats->ema);
	record->block_time = cpu_to_le64(stats->block_time);
}

/**
 * brute_record_decode() - Decode an extended attribute value
 * @value: The value, as read from the file; any bytes at all.
 * @size: Its size.
 * @stats: The statistics to fill in.
 *
 * The rules are those of include/uapi/linux/brute.h.  A malformed value
 * decodes as fresh statistics: all zero.
 *
 * Return: 0 if @value is a valid record, -EINVAL if it is malformed.
 */
int brute_record_decode(const void *value, size_t size,
			struct brute_stats *stats)
{
	struct brute_record record;

	memset(stats, 0, sizeof(*stats));
	if (!value || size != sizeof(record))
		return -EINVAL;
	memcpy(&record, value, sizeof(record));
	if (record.version != BRUTE_RECORD_VERSION ||
	    record.flags & ~BRUTE_RECORD_FLAGS_MASK ||
	    le16_to_cpu(record.boundaries) & ~BRUTE_BOUNDARY_MASK ||
	    le64_to_cpu(record.ema) > BRUTE_PERIOD_MAX)
		return -EINVAL;

	stats->flags = record.flags;
	stats->boundaries = le16_to_cpu(record.boundaries);
	stats->faults = le32_to_cpu(record.faults);
	stats->block_uid = le32_to_cpu(record.block_uid);
	stats->block_count = le32_to_cpu(record.block_count);
	stats->last_crash = le64_to_cpu(record.last_crash);
	stats->ema = le64_to_cpu(record.ema);
	stats->block_time = le64_to_cpu(record.block_time);
	return 0;
}
