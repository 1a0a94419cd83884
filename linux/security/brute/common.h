/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Common definitions
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_COMMON_H
#define _SECURITY_BRUTE_COMMON_H

#include <linux/lsm_hooks.h>

#define BRUTE_NAME "brute"

extern const struct lsm_id brute_lsmid;
extern struct lsm_blob_sizes brute_blob_sizes;
extern bool brute_enabled;

#endif /* _SECURITY_BRUTE_COMMON_H */
