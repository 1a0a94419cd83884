/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - The blocks kept in memory, and their securityfs interface
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_BLOCKS_H
#define _SECURITY_BRUTE_BLOCKS_H

#include <linux/fs.h>
#include <linux/init.h>
#include <linux/path.h>

struct brute_inode;

struct brute_inode *brute_blocked_install(struct inode *inode,
					  struct brute_inode **slot,
					  struct brute_inode *new);
void brute_blocked_detach(struct brute_inode *bi, bool deleted);
void __init brute_add_blocks_hooks(void);

#endif /* _SECURITY_BRUTE_BLOCKS_H */
