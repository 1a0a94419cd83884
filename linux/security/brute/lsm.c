// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Registration
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/init.h>
#include <linux/lsm_hooks.h>
#include <uapi/linux/lsm.h>

#include "common.h"
#include "params.h"

const struct lsm_id brute_lsmid = {
	.name = BRUTE_NAME,
	.id = LSM_ID_BRUTE,
};

static int __init brute_init(void)
{
	brute_init_sysctl();
	pr_info("fork brute force attack detection initialized\n");
	return 0;
}

DEFINE_LSM(brute) = {
	.name = BRUTE_NAME,
	.init = brute_init,
};
