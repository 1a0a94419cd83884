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
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/path.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "stats.h"

/**
 * struct brute_inode - Brute's state of an executed inode
 * @lock: Protects the fields from @loaded to @wb_tries.  Taken from process
 *        context only (the worker included), for short sections that never
 *        sleep; nothing but brute_blocked_lock is ever held around it, and
 *        only brute_pending_lock is taken under it.
 * @ref: One reference for the inode that points to the state, one for the
 *       list of blocked states while the state is on it.
 * @loaded: The attributes of the file were read (or it cannot store them).
 *          Set once, under @lock, with a release store; read without the
 *          lock with an acquire load, so that the hot paths never take
 *          @lock to find the state loaded.
 * @fcaps: The file carries file capabilities (security.capability).
 * @volatile_stats: The filesystem cannot store the record; the statistics
 *                  live in memory only.
 * @dirty: @stats changed since the record was last written.
 * @remove: An administrator lifted the record through securityfs: the
 *          attribute is to be removed.
 * @gen: Bumped by every change made by an administrator, so that a
 *       concurrent load of the attribute does not overwrite it with a stale
 *       value.
 * @stats: The statistics, or NULL for a file without a record.  Written
 *         under @lock; a lockless READ_ONCE() tells a file that never had
 *         a record apart, which is all the hot paths need for most files.
 *         While @loaded is false (the record could not be read yet), only
 *         the crashes counted since, merged into the record once it is
 *         read; nothing is written before.
 * @wb_file: While a write of the record is pending: the file to write it
 *           to, whose reference keeps the inode, and so this state, alive.
 * @wb_tries: Failed writes since the last one that succeeded.
 * @wb_work: Writes the record, in process context, outside every hot path.
 * @pending_node: In the list of pending writes while @wb_file is set, under
 *                brute_pending_lock.
 * @blocked_node: In the list of blocked states, under brute_blocked_lock;
 *                empty when the state is not on it.
 * @attached: An inode points to the state; under brute_blocked_lock.
 * @inode: That inode, as long as it does; under brute_blocked_lock.
 * @name: The path of the file when it was blocked, escaped, for the list
 *        of blocks; under brute_blocked_lock.
 * @sb: The superblock of the inode, as a cookie, never dereferenced once
 *      the inode is gone.
 * @dev: Its device number, for the list of blocks.
 * @ino: The inode number.
 * @igen: The inode generation.
 *
 * The state is allocated on the first execution or mapping of the inode and
 * put when the inode is freed.  A blocked state is also on the list of
 * blocked states: one that the filesystem cannot store stays there, and in
 * memory, after its inode is evicted, and is found again when the inode is
 * read back, so that no eviction lifts a block.
 */
struct brute_inode {
	spinlock_t lock; /* see above */
	struct kref ref;
	bool loaded;
	bool fcaps;
	bool volatile_stats;
	bool dirty;
	bool remove;
	unsigned long gen;
	struct brute_stats *stats;
	struct file *wb_file;
	unsigned int wb_tries;
	struct delayed_work wb_work;
	struct list_head pending_node;
	struct list_head blocked_node;
	bool attached;
	struct inode *inode;
	char *name;
	const struct super_block *sb;
	dev_t dev;
	u64 ino;
	u32 igen;
};

/**
 * struct brute_inode_security - Inode security blob
 * @state: For a regular file: its state, allocated on first use.  Installed
 *         once, under brute_blocked_lock, with a release store; read with
 *         acquire loads, and put when the inode is freed.
 * @sock_flags: For a socket: %BRUTE_SOCK_NETWORK once it is a connection
 *              accepted from the network.  Written once from the accept
 *              path, read with READ_ONCE() at execve().
 *
 * An inode is a socket or not for its whole life, so the two never mix.
 */
struct brute_inode_security {
	union {
		struct brute_inode *state;
		unsigned long sock_flags;
	};
};

/* The socket is a connection accepted from a peer that is not loopback. */
#define BRUTE_SOCK_NETWORK 1UL

struct brute_inode_security *brute_inode_sec(const struct inode *inode);
struct brute_inode *brute_inode_get(struct file *file);
struct brute_inode *brute_inode_peek(const struct inode *inode);
bool brute_inode_has_fcaps(struct file *file);
enum brute_block brute_inode_check(struct brute_inode *bi, u32 uid);
int brute_file_allowed(struct file *file);
void brute_inode_dirty(struct brute_inode *bi, struct file *file);
void brute_blocked_sync(struct brute_inode *bi, const struct path *path);
void brute_inode_lift(struct brute_inode *bi);
void brute_inode_put(struct brute_inode *bi);
int __init brute_add_inode_hooks(void);

#endif /* _SECURITY_BRUTE_INODE_H */
