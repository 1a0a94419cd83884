// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Encoding of the "security.brute" extended attribute
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <asm/byteorder.h>

#include "record.h"

static void brute_user_encode(const struct brute_user_stats *entry,
			      struct brute_user *user)
{
	user->uid = cpu_to_le32(entry->uid);
	user->faults = cpu_to_le32(entry->faults);
	user->last_crash = cpu_to_le64(entry->last_crash);
	user->ema = cpu_to_le64(entry->ema);
	user->block_time = cpu_to_le64(entry->block_time);
	user->block_count = cpu_to_le32(entry->block_count);
	user->flags = entry->flags & BRUTE_USER_FLAGS_MASK;
}

/**
 * brute_record_encode() - Encode statistics as an extended attribute value
 * @stats: The statistics to encode.
 * @record: The little-endian record to fill in, of the current version.
 *
 * The entries kept in memory only (@stats->extra) are not part of it.
 */
void brute_record_encode(const struct brute_stats *stats,
			 struct brute_record *record)
{
	int i;

	memset(record, 0, sizeof(*record));
	record->version = BRUTE_RECORD_VERSION;
	record->minor = BRUTE_RECORD_MINOR;
	record->boundaries = cpu_to_le16(stats->boundaries &
					 BRUTE_BOUNDARY_MASK);
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		if (stats->users[i].flags & BRUTE_USER_USED)
			brute_user_encode(&stats->users[i], &record->users[i]);
		else
			record->users[i].uid = cpu_to_le32(BRUTE_UID_NONE);
	}
}

static int brute_user_decode(const struct brute_user *user,
			     struct brute_user_stats *entry)
{
	memset(entry, 0, sizeof(*entry));
	if (user->flags & ~BRUTE_USER_FLAGS_MASK ||
	    le64_to_cpu(user->ema) > BRUTE_PERIOD_MAX)
		return -EINVAL;
	if (!(user->flags & BRUTE_USER_USED))
		return 0;
	entry->uid = le32_to_cpu(user->uid);
	entry->faults = le32_to_cpu(user->faults);
	entry->last_crash = le64_to_cpu(user->last_crash);
	entry->ema = le64_to_cpu(user->ema);
	entry->block_time = le64_to_cpu(user->block_time);
	entry->block_count = le32_to_cpu(user->block_count);
	entry->flags = user->flags;
	return 0;
}

static int brute_record_decode_v3(const struct brute_record *record,
				  size_t size, struct brute_stats *stats)
{
	int i, j;

	if (record->minor <= BRUTE_RECORD_MINOR ? size != sizeof(*record) :
						  size < sizeof(*record))
		return -EINVAL;
	if (le16_to_cpu(record->boundaries) & ~BRUTE_BOUNDARY_MASK)
		return -EINVAL;
	stats->boundaries = le16_to_cpu(record->boundaries);
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		if (brute_user_decode(&record->users[i], &stats->users[i]))
			return -EINVAL;
		if (!(stats->users[i].flags & BRUTE_USER_USED))
			continue;
		/* Two entries for one user: which one would count? */
		for (j = 0; j < i; j++)
			if (stats->users[j].flags & BRUTE_USER_USED &&
			    stats->users[j].uid == stats->users[i].uid)
				return -EINVAL;
	}
	return 0;
}

/**
 * brute_record_decode() - Decode an extended attribute value
 * @value: The value, as read from the file; any bytes at all.
 * @size: Its size.
 * @stats: The statistics to fill in.
 *
 * The rules are those of include/uapi/linux/brute.h: the current version,
 * possibly of a newer minor revision.  A malformed value decodes as no
 * statistics: all zero.
 *
 * Return: 0 if @value is a valid record, -EINVAL if it is malformed.
 */
int brute_record_decode(const void *value, size_t size,
			struct brute_stats *stats)
{
	struct brute_record record;
	int err = -EINVAL;

	memset(stats, 0, sizeof(*stats));
	if (!value || !size)
		return -EINVAL;
	memset(&record, 0, sizeof(record));
	memcpy(&record, value, min(size, sizeof(record)));
	if (record.version == BRUTE_RECORD_VERSION)
		err = brute_record_decode_v3(&record, size, stats);
	if (err)
		memset(stats, 0, sizeof(*stats));
	return err;
}
