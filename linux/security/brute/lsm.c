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

#include "attack.h"
#include "blocks.h"
#include "common.h"
#include "compat.h"
#include "inode.h"
#include "net.h"
#include "params.h"
#include "task.h"

const struct lsm_id brute_lsmid = {
	.name = BRUTE_NAME,
	.id = LSM_ID_BRUTE,
};

struct lsm_blob_sizes brute_blob_sizes __ro_after_init = {
	.lbs_inode = sizeof(struct brute_inode_security),
	.lbs_task = sizeof(struct brute_task),
};

/* Brute was initialised: its blobs exist.  Written once, at boot. */
bool brute_enabled __ro_after_init;

static int __init brute_init(void)
{
	int err = brute_add_inode_hooks();

	if (err)
		return err;
	brute_enabled = true;
	brute_add_task_hooks();
	brute_add_attack_hooks();
	brute_add_net_hooks();
	brute_add_blocks_hooks();
	brute_init_sysctl();
	pr_info("fork brute force attack detection initialized\n");
	return 0;
}

DEFINE_LSM(brute) = {
	BRUTE_LSM_INFO_ID,
	.init = brute_init,
	.blobs = &brute_blob_sizes,
};
