// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Per-inode state, cached from the "security.brute" attribute
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/atomic.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/xattr.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "inode.h"
#include "params.h"
#include "record.h"
#include "task.h"

static struct brute_inode_security *brute_inode_sec(const struct inode *inode)
{
	return inode->i_security + brute_blob_sizes.lbs_inode;
}

/**
 * brute_inode_peek() - Get the state of an inode, if it has one
 * @inode: The inode.
 *
 * Context: Any context.
 * Return: The state, or NULL.
 */
struct brute_inode *brute_inode_peek(const struct inode *inode)
{
	if (!inode->i_security)
		return NULL;
	/* Pairs with the cmpxchg_release() of brute_inode_get(). */
	return smp_load_acquire(&brute_inode_sec(inode)->state);
}

/**
 * struct brute_inode_attrs - What the attributes of a file say
 * @record: The file has a record.
 * @fcaps: The file carries file capabilities.
 * @volatile_stats: The filesystem cannot store the record.
 * @stats: The decoded record.
 */
struct brute_inode_attrs {
	bool record;
	bool fcaps;
	bool volatile_stats;
	struct brute_stats stats;
};

/*
 * Reads the attributes of a file: the record and the presence of file
 * capabilities.  Does I/O; called without any lock held.
 */
static void brute_inode_read(struct dentry *dentry, struct inode *inode,
			     struct brute_inode_attrs *attrs)
{
	struct brute_record record;
	ssize_t len;

	memset(attrs, 0, sizeof(*attrs));
	len = __vfs_getxattr(dentry, inode, XATTR_NAME_BRUTE, &record,
			     sizeof(record));
	if (len >= 0 || len == -ERANGE) {
		attrs->record = true;
		/* A malformed record decodes as fresh statistics. */
		brute_record_decode(&record, len >= 0 ? len : 0, &attrs->stats);
	} else if (len == -EOPNOTSUPP) {
		attrs->volatile_stats = true;
	}
	len = __vfs_getxattr(dentry, inode, XATTR_NAME_CAPS, NULL, 0);
	attrs->fcaps = len > 0;
}

/**
 * brute_inode_get() - Get the state of an executable file, loading it
 * @dentry: The file.
 *
 * Reads the attributes of the file the first time only.  If they keep
 * changing under it, the state may stay unloaded, which callers treat as a
 * file without a record.
 *
 * Context: Process context, may sleep.
 * Return: The loaded state of the inode, or NULL if the file is not a
 * regular file or memory is short; Brute then leaves the file alone.
 */
struct brute_inode *brute_inode_get(struct dentry *dentry)
{
	struct inode *inode = d_backing_inode(dentry);
	struct brute_inode_security *sec;
	struct brute_inode *bi, *old;
	int tries;

	if (!inode || !S_ISREG(inode->i_mode) || !inode->i_security ||
	    IS_PRIVATE(inode))
		return NULL;

	sec = brute_inode_sec(inode);
	/* Pairs with the cmpxchg_release() below: bi is initialised. */
	bi = smp_load_acquire(&sec->state);
	if (!bi) {
		bi = kzalloc(sizeof(*bi), GFP_KERNEL);
		if (!bi)
			return NULL;
		spin_lock_init(&bi->lock);
		old = cmpxchg_release(&sec->state, NULL, bi);
		if (old) {
			kfree(bi);
			bi = old;
		}
	}

	/* The hot path: a loaded state, without a lock. */
	if (smp_load_acquire(&bi->loaded))
		return bi;

	for (tries = 0; tries < 3; tries++) {
		struct brute_inode_attrs attrs;
		unsigned long gen;
		bool loaded;

		spin_lock(&bi->lock);
		loaded = bi->loaded;
		gen = bi->gen;
		spin_unlock(&bi->lock);
		if (loaded)
			break;

		brute_inode_read(dentry, inode, &attrs);

		spin_lock(&bi->lock);
		/* An administrator's change made meanwhile: read again. */
		if (!bi->loaded && bi->gen == gen) {
			bi->record = attrs.record;
			bi->fcaps = attrs.fcaps;
			bi->volatile_stats = attrs.volatile_stats;
			bi->stats = attrs.stats;
			/* Pairs with the lockless smp_load_acquire() above. */
			smp_store_release(&bi->loaded, true);
		}
		spin_unlock(&bi->lock);
	}
	return bi;
}

/**
 * brute_inode_check() - Tell whether a user may run a file
 * @bi: The state of the file.
 * @uid: The real user id of the caller.
 * @expire: Lift an expired block in @bi; the caller then stores it.
 *
 * Context: Any context but hard interrupts; takes no sleeping lock.
 * Return: %BRUTE_BLOCKED if the file is blocked for @uid, %BRUTE_EXPIRED if
 * its block for @uid has expired, %BRUTE_ALLOWED otherwise.
 */
enum brute_block brute_inode_check(struct brute_inode *bi, kuid_t uid,
				   bool expire)
{
	struct brute_params params;
	enum brute_block state = BRUTE_ALLOWED;

	spin_lock(&bi->lock);
	/* Only a file with a record can be blocked. */
	if (bi->record) {
		brute_params_get(&params);
		state = brute_block_state(&bi->stats,
					  from_kuid(&init_user_ns, uid),
					  ktime_get_real_seconds(),
					  params.block_duration);
	}
	if (state == BRUTE_EXPIRED && expire)
		brute_stats_expire(&bi->stats);
	spin_unlock(&bi->lock);
	return state;
}

/* Limits the log lines of an attacker who keeps running a blocked file. */
static DEFINE_RATELIMIT_STATE(brute_deny_ratelimit, 5 * HZ, 100);

/**
 * brute_file_allowed() - Check that the current task may run a file
 * @file: The file to execute or to map executable.
 *
 * Lifts, logs and stores an expired block; logs a refusal.
 *
 * Context: Process context, may sleep; not under the mmap lock.
 * Return: 0 if the file may run, -EPERM if it is blocked for the caller.
 */
int brute_file_allowed(struct file *file)
{
	struct brute_inode *bi;
	char *buf;

	bi = brute_inode_get(file->f_path.dentry);
	if (!bi)
		return 0;

	switch (brute_inode_check(bi, current_uid(), true)) {
	case BRUTE_EXPIRED:
		pr_info("block of %s expired\n",
			brute_path(&file->f_path, &buf));
		kfree(buf);
		brute_inode_store(bi, &file->f_path);
		return 0;
	case BRUTE_BLOCKED:
		if (__ratelimit(&brute_deny_ratelimit)) {
			pr_warn("%s not allowed\n",
				brute_path(&file->f_path, &buf));
			kfree(buf);
		}
		return -EPERM;
	default:
		return 0;
	}
}

/* Refuses to map a blocked file executable, so ld.so cannot run it. */
static int brute_mmap_file(struct file *file, unsigned long reqprot,
			   unsigned long prot, unsigned long flags)
{
	if (!file || !(prot & PROT_EXEC))
		return 0;
	return brute_file_allowed(file);
}

/*
 * Refuses to make a mapping of a blocked file executable.  Runs under the
 * mmap lock: decides from the cached state only, without I/O, inode lock or
 * store (an expired block is lifted by the next execution or mmap).
 */
static int brute_file_mprotect(struct vm_area_struct *vma,
			       unsigned long reqprot, unsigned long prot)
{
	struct brute_inode *bi;

	if (!(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC) || !vma->vm_file)
		return 0;
	bi = brute_inode_peek(file_inode(vma->vm_file));
	if (bi && brute_inode_check(bi, current_uid(), false) == BRUTE_BLOCKED)
		return -EPERM;
	return 0;
}

/**
 * brute_inode_store() - Write the record of a file to its attribute
 * @bi: The state of the file.
 * @path: The file.
 *
 * Writes the latest statistics, taken under the inode lock, so that
 * concurrent writers never leave an older record behind.  If the filesystem
 * cannot store the attribute, the statistics stay in memory only.  Never
 * fails: the record is an optimisation of the state kept in memory.
 *
 * Context: Process context, may sleep; takes the inode lock.
 */
void brute_inode_store(struct brute_inode *bi, const struct path *path)
{
	struct dentry *dentry = path->dentry;
	struct inode *inode = d_backing_inode(dentry);
	struct brute_task *task = brute_task(current);
	struct brute_record record;
	bool write;
	int err;

	spin_lock(&bi->lock);
	write = bi->record && !bi->volatile_stats;
	spin_unlock(&bi->lock);
	if (!write || mnt_want_write(path->mnt))
		return;

	inode_lock(inode);
	spin_lock(&bi->lock);
	/* The record may have been removed by an administrator meanwhile. */
	write = bi->record && !bi->volatile_stats;
	brute_record_encode(&bi->stats, &record);
	spin_unlock(&bi->lock);
	if (write) {
		task->storing = true;
		err = __vfs_setxattr_noperm(mnt_idmap(path->mnt), dentry,
					    XATTR_NAME_BRUTE, &record,
					    sizeof(record), 0);
		task->storing = false;
		if (err == -EOPNOTSUPP) {
			spin_lock(&bi->lock);
			bi->volatile_stats = true;
			spin_unlock(&bi->lock);
		}
	}
	inode_unlock(inode);
	mnt_drop_write(path->mnt);
}

/**
 * brute_path() - Get the path of a file for the logs
 * @path: The file.
 * @bufp: Where to store the buffer to free with kfree() after use.
 *
 * Context: Process context, may sleep.
 * Return: The path name, or a placeholder.
 */
char *brute_path(const struct path *path, char **bufp)
{
	char *name;

	*bufp = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!*bufp)
		return "(unknown)";
	name = d_path(path, *bufp, PATH_MAX);
	return IS_ERR(name) ? "(unknown)" : name;
}

static void brute_inode_free_security(struct inode *inode)
{
	struct brute_inode_security *sec = brute_inode_sec(inode);

	kfree(sec->state);
	sec->state = NULL;
}

/*
 * Keeps the cached state coherent with the attributes when an administrator
 * sets, replaces or removes them.  Called with the inode locked.
 */
static void brute_inode_changed(struct dentry *dentry, const char *name,
				const void *value, size_t size, bool removed)
{
	struct brute_inode *bi;

	if (brute_task(current)->storing)
		return;
	bi = brute_inode_peek(d_backing_inode(dentry));
	if (!bi)
		return;

	if (!strcmp(name, XATTR_NAME_BRUTE)) {
		struct brute_stats stats;

		brute_record_decode(value, size, &stats);
		spin_lock(&bi->lock);
		/* An unloaded state reads the new value when it loads. */
		if (bi->loaded) {
			bi->record = !removed;
			bi->stats = stats;
		}
		bi->gen++;
		spin_unlock(&bi->lock);
	} else if (!strcmp(name, XATTR_NAME_CAPS)) {
		spin_lock(&bi->lock);
		if (bi->loaded)
			bi->fcaps = !removed;
		bi->gen++;
		spin_unlock(&bi->lock);
	}
}

static void brute_inode_post_setxattr(struct dentry *dentry, const char *name,
				      const void *value, size_t size,
				      int flags)
{
	brute_inode_changed(dentry, name, value, size, false);
}

static void brute_inode_post_removexattr(struct dentry *dentry,
					 const char *name)
{
	brute_inode_changed(dentry, name, NULL, 0, true);
}

static struct security_hook_list brute_inode_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(inode_free_security, brute_inode_free_security),
	LSM_HOOK_INIT(inode_post_setxattr, brute_inode_post_setxattr),
	LSM_HOOK_INIT(inode_post_removexattr, brute_inode_post_removexattr),
	LSM_HOOK_INIT(mmap_file, brute_mmap_file),
	LSM_HOOK_INIT(file_mprotect, brute_file_mprotect),
};

/**
 * brute_add_inode_hooks() - Register the inode and mapping hooks
 */
void __init brute_add_inode_hooks(void)
{
	security_add_hooks(brute_inode_hooks, ARRAY_SIZE(brute_inode_hooks),
			   &brute_lsmid);
}
