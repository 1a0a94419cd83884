/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Per-inode state
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_INODE_H
#define _SECURITY_BRUTE_INODE_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "stats.h"

/**
 * struct brute_inode - Brute's state of an executed inode
 * @lock: Protects every field below.  Taken from process context only, for
 *        short sections that never sleep; nothing else is taken under it.
 * @loaded: The fields below reflect the extended attribute (or, for a
 *          file that cannot store it, the statistics kept in memory).  Set
 *          once, under @lock, with a release store; brute_inode_get() reads
 *          it without the lock with an acquire load, so that the hot paths
 *          take @lock once per check and never to find the state loaded.
 * @record: The file has a record: it crossed a privilege boundary.
 * @fcaps: The file carries file capabilities (security.capability).
 * @volatile_stats: The filesystem cannot store the record; the statistics
 *                  live in memory until the inode is evicted.
 * @gen: Bumped by every change made by an administrator, so that a
 *       concurrent load of the attribute does not overwrite it with a stale
 *       value.
 * @stats: The decoded record.
 *
 * The state is allocated on the first execution or mapping of the inode and
 * freed with the inode; it is never freed while a task, a file or a dentry
 * of the inode is in use.  The attribute is only read when the state is
 * loaded, and only written, under the inode lock, when the record changes:
 * execution, fork and accept of a file whose record is up to date do no I/O
 * and take no inode lock.
 */
struct brute_inode {
	spinlock_t lock; /* see above */
	bool loaded;
	bool record;
	bool fcaps;
	bool volatile_stats;
	unsigned long gen;
	struct brute_stats stats;
};

/**
 * struct brute_inode_security - Inode security blob
 * @state: The state of the inode, allocated on first use.  Installed once
 *         with a release compare-and-exchange, read with acquire loads, and
 *         freed when the inode is destroyed.
 */
struct brute_inode_security {
	struct brute_inode *state;
};

struct brute_inode *brute_inode_get(struct dentry *dentry);
struct brute_inode *brute_inode_peek(const struct inode *inode);
enum brute_block brute_inode_check(struct brute_inode *bi, kuid_t uid,
				   bool expire);
int brute_file_allowed(struct file *file);
void brute_inode_store(struct brute_inode *bi, const struct path *path);
char *brute_path(const struct path *path, char **bufp);
void __init brute_add_inode_hooks(void);

#endif /* _SECURITY_BRUTE_INODE_H */
