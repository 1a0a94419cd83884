/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Encoding of the "security.brute" extended attribute
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_RECORD_H
#define _SECURITY_BRUTE_RECORD_H

#include <linux/types.h>
#include <uapi/linux/brute.h>

#include "stats.h"

/*
 * BRUTE_RECORD_READ_MAX - Size of the buffer a record is read into
 *
 * Larger than any record the kernel writes, so that a newer minor revision
 * that appends fields is still read; a larger value is malformed.
 */
#define BRUTE_RECORD_READ_MAX 1024

void brute_record_encode(const struct brute_stats *stats,
			 struct brute_record *record);
int brute_record_decode(const void *value, size_t size,
			struct brute_stats *stats);

#endif /* _SECURITY_BRUTE_RECORD_H */
