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

void brute_record_encode(const struct brute_stats *stats,
			 struct brute_record *record);
int brute_record_decode(const void *value, size_t size,
			struct brute_stats *stats);

#endif /* _SECURITY_BRUTE_RECORD_H */
