// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Per-inode state, cached from the "security.brute" attribute
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/atomic.h>
#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/xattr.h>
#include <uapi/linux/brute.h>

#include "blocks.h"
#include "common.h"
#include "inode.h"
#include "log.h"
#include "params.h"
#include "record.h"
#include "task.h"

/*
 * Writes of records: unbound, so that a write waiting for its filesystem
 * never holds up another one.  brute_wq writes to filesystems that only
 * root mounts, which an unmount may wait for; brute_user_wq to those that
 * a user may mount and answer for (FUSE), which nothing ever waits for.
 */
static struct workqueue_struct *brute_wq __ro_after_init;
static struct workqueue_struct *brute_user_wq __ro_after_init;

/*
 * The states whose write is pending (@wb_file is set), so that an unmount
 * can have them written first.  brute_pending_lock is taken under the lock
 * of a state, never around it.
 */
static DEFINE_SPINLOCK(brute_pending_lock);
static LIST_HEAD(brute_pending);

static struct workqueue_struct *brute_wq_of(const struct super_block *sb)
{
	return sb->s_type->fs_flags & FS_USERNS_MOUNT ? brute_user_wq :
							brute_wq;
}

/*
 * Delay before a record is written: the crashes of a burst are written
 * together, in one write, and the write still follows them long before a
 * clean shutdown.
 */
#define BRUTE_WB_DELAY (HZ / 10)
/* Delay before a write to a frozen filesystem is tried again. */
#define BRUTE_WB_FROZEN_DELAY (HZ / 2)
/* Failed writes after which the worker lets go of the file for a while. */
#define BRUTE_WB_MAX_TRIES 4

/**
 * brute_inode_sec() - Get Brute's part of the security blob of an inode
 * @inode: The inode.
 *
 * Return: The blob.
 */
struct brute_inode_security *brute_inode_sec(const struct inode *inode)
{
	return inode->i_security + brute_blob_sizes.lbs_inode;
}

/**
 * brute_inode_peek() - Get the state of a regular file, if it has one
 * @inode: The inode.
 *
 * Context: Any context.
 * Return: The state, or NULL.
 */
struct brute_inode *brute_inode_peek(const struct inode *inode)
{
	if (!inode->i_security || !S_ISREG(inode->i_mode))
		return NULL;
	/* Pairs with the smp_store_release() of brute_blocked_install(). */
	return smp_load_acquire(&brute_inode_sec(inode)->state);
}

static void brute_inode_release(struct kref *ref)
{
	struct brute_inode *bi = container_of(ref, struct brute_inode, ref);

	brute_stats_free(bi->stats);
	kfree(bi->name);
	kfree(bi);
}

/**
 * brute_inode_put() - Drop a reference to an inode state
 * @bi: The state.
 *
 * Context: Any context.
 */
void brute_inode_put(struct brute_inode *bi)
{
	kref_put(&bi->ref, brute_inode_release);
}

static void brute_inode_writeback(struct work_struct *work);

static struct brute_inode *brute_inode_alloc(struct inode *inode)
{
	struct brute_inode *bi = kzalloc_obj(*bi, GFP_KERNEL_ACCOUNT);

	if (!bi)
		return NULL;
	spin_lock_init(&bi->lock);
	kref_init(&bi->ref);
	INIT_DELAYED_WORK(&bi->wb_work, brute_inode_writeback);
	INIT_LIST_HEAD(&bi->pending_node);
	INIT_LIST_HEAD(&bi->blocked_node);
	bi->attached = true;
	bi->inode = inode;
	bi->sb = inode->i_sb;
	bi->dev = inode->i_sb->s_dev;
	bi->ino = inode->i_ino;
	bi->igen = inode->i_generation;
	return bi;
}

/**
 * struct brute_inode_attrs - What the attributes of a file say
 * @stats: The decoded record, or NULL for no statistics.
 * @fcaps: The file carries file capabilities.
 * @volatile_stats: The filesystem cannot store the record.
 */
struct brute_inode_attrs {
	struct brute_stats *stats;
	bool fcaps;
	bool volatile_stats;
};

/*
 * Decodes a value of the attribute into new statistics.  A malformed value
 * or one without any entry is no statistics.  Returns 0, or -ENOMEM; *@out
 * is the statistics, or NULL.
 */
static int brute_stats_decode_new(const void *value, size_t size,
				  struct brute_stats **out)
{
	struct brute_stats *stats = kmalloc_obj(*stats, GFP_KERNEL_ACCOUNT);

	*out = NULL;
	if (!stats)
		return -ENOMEM;
	if (brute_record_decode(value, size, stats) ||
	    !brute_stats_count(stats))
		kfree(stats);
	else
		*out = stats;
	return 0;
}

/*
 * Reads the attributes of a file: the record and the presence of file
 * capabilities.  Does I/O; called without any lock held, from an exec or a
 * mapping of the file (which read the file anyway) or from the writer.
 *
 * Only a missing attribute means "no record", and a filesystem without
 * extended attributes "statistics in memory"; any other error is returned,
 * and the state stays unknown.
 */
static int brute_inode_read(struct dentry *dentry, struct inode *inode,
			    struct brute_inode_attrs *attrs)
{
	void *buf;
	ssize_t len;

	memset(attrs, 0, sizeof(*attrs));
	buf = kmalloc(BRUTE_RECORD_READ_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = __vfs_getxattr(dentry, inode, XATTR_NAME_BRUTE, buf,
			     BRUTE_RECORD_READ_MAX);
	if (len >= 0 || len == -ERANGE) {
		/* Longer than any record: malformed, no statistics. */
		if (brute_stats_decode_new(buf, len >= 0 ? len : 0,
					   &attrs->stats)) {
			kfree(buf);
			return -ENOMEM;
		}
	} else if (len == -EOPNOTSUPP) {
		attrs->volatile_stats = true;
	} else if (len != -ENODATA) {
		kfree(buf);
		return len;
	}
	kfree(buf);
	len = __vfs_getxattr(dentry, inode, XATTR_NAME_CAPS, NULL, 0);
	attrs->fcaps = len > 0;
	return 0;
}

/*
 * Loads the state of @file from its attributes, unless it is loaded.  The
 * crashes counted while the record could not be read are merged into it.
 * Returns 0 once the state is loaded, or the error of the read.
 */
static int brute_inode_load(struct brute_inode *bi, struct file *file)
{
	struct inode *inode = file_inode(file);
	int tries, err = 0;

	for (tries = 0; tries < 3; tries++) {
		struct brute_stats *old = NULL;
		struct brute_user_stats *room = NULL;
		struct brute_inode_attrs attrs;
		unsigned int need = 0;
		unsigned long gen;
		bool loaded, dirty = false, blocked = false;

		spin_lock(&bi->lock);
		loaded = bi->loaded;
		gen = bi->gen;
		if (bi->stats)
			need = brute_stats_count(bi->stats);
		spin_unlock(&bi->lock);
		if (loaded)
			return 0;

		err = brute_inode_read(file->f_path.dentry, inode, &attrs);
		if (err)
			return err;
		/* Room in memory for the crashes counted meanwhile. */
		if (attrs.stats && need) {
			room = kmalloc_array(need, sizeof(*room),
					     GFP_KERNEL_ACCOUNT);
			room = brute_stats_grow(attrs.stats, room, need);
		}

		spin_lock(&bi->lock);
		/* An administrator's change made meanwhile: read again. */
		if (!bi->loaded && bi->gen == gen) {
			if (bi->stats) {
				/* Crashes counted while the state was unknown. */
				if (attrs.stats &&
				    brute_stats_merge(attrs.stats, bi->stats)) {
					/* More of them since: read again. */
					err = -ENOMEM;
					spin_unlock(&bi->lock);
					brute_stats_free(attrs.stats);
					kfree(room);
					continue;
				}
				if (attrs.stats)
					old = bi->stats;
				else
					attrs.stats = bi->stats;
				dirty = true;
			}
			WRITE_ONCE(bi->stats, attrs.stats);
			attrs.stats = NULL;
			WRITE_ONCE(bi->fcaps, attrs.fcaps);
			WRITE_ONCE(bi->volatile_stats, attrs.volatile_stats);
			blocked = bi->stats &&
				  brute_stats_remembered(bi->stats);
			/* Pairs with the lockless smp_load_acquire()s. */
			smp_store_release(&bi->loaded, true);
		}
		spin_unlock(&bi->lock);
		brute_stats_free(attrs.stats);
		brute_stats_free(old);
		kfree(room);
		if (dirty)
			brute_inode_dirty(bi, file);
		if (blocked)
			brute_blocked_sync(bi, &file->f_path);
	}
	return err;
}

/**
 * brute_inode_get() - Get the state of an executable file, loading it
 * @file: The file, executed or mapped.
 *
 * Reads the attributes of the file until it succeeds: a read error leaves
 * the state unknown, and the next call reads again.
 *
 * Context: Process context, may sleep.
 * Return: The state of the inode, loaded or unknown, or NULL if the file is
 * not a regular file or memory is short; Brute then leaves the file alone.
 */
struct brute_inode *brute_inode_get(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct brute_inode_security *sec;
	struct brute_inode *bi;

	if (!S_ISREG(inode->i_mode) || !inode->i_security || IS_PRIVATE(inode))
		return NULL;

	sec = brute_inode_sec(inode);
	/* Pairs with the smp_store_release() of brute_blocked_install(). */
	bi = smp_load_acquire(&sec->state);
	if (!bi) {
		/* A block kept while the inode was evicted, or a new state. */
		bi = brute_blocked_install(inode, &sec->state,
					   brute_inode_alloc(inode));
		if (!bi)
			return NULL;
	}

	/* The hot path: a loaded state, without a lock. */
	if (likely(smp_load_acquire(&bi->loaded))) {
		/* A write that was given up on: try again. */
		if (unlikely(READ_ONCE(bi->dirty) && !READ_ONCE(bi->wb_file)))
			brute_inode_dirty(bi, file);
		return bi;
	}
	/* A read error leaves it unloaded: the next call reads again. */
	brute_inode_load(bi, file);
	return bi;
}

/**
 * brute_inode_has_fcaps() - Tell whether a file carries file capabilities
 * @file: The file.
 *
 * Context: Process context; no I/O once the state of the file is loaded.
 * Return: True if it has a security.capability attribute.
 */
bool brute_inode_has_fcaps(struct file *file)
{
	struct brute_inode *bi = brute_inode_peek(file_inode(file));

	/* Pairs with the smp_store_release() of brute_inode_load(). */
	return bi && smp_load_acquire(&bi->loaded) && READ_ONCE(bi->fcaps);
}

/**
 * brute_inode_check() - Tell whether a user may run a file
 * @bi: The state of the file.
 * @uid: The user the caller is charged as, brute_principal() of its
 *       credentials.
 *
 * Context: Any context but hard interrupts; takes no sleeping lock.
 * Return: %BRUTE_BLOCKED if the file is blocked for @uid, %BRUTE_EXPIRED if
 * its block for @uid has expired, %BRUTE_ALLOWED otherwise.
 */
enum brute_block brute_inode_check(struct brute_inode *bi, u32 uid)
{
	struct brute_params params;
	enum brute_block state = BRUTE_ALLOWED;

	/* A file that never had a record: the common case, without a lock. */
	if (!READ_ONCE(bi->stats))
		return BRUTE_ALLOWED;

	brute_params_get(&params);
	spin_lock(&bi->lock);
	if (bi->stats)
		state = brute_block_state(bi->stats, uid,
					  ktime_get_real_seconds(),
					  &params);
	spin_unlock(&bi->lock);
	return state;
}

/* Lifts the expired blocks of @file for the current user. */
static void brute_inode_expire(struct brute_inode *bi, struct file *file)
{
	struct brute_params params;
	bool lifted = false;

	brute_params_get(&params);
	spin_lock(&bi->lock);
	if (bi->stats)
		lifted = brute_stats_expire(bi->stats,
					    brute_principal(current_cred()),
					    ktime_get_real_seconds(),
					    &params);
	spin_unlock(&bi->lock);
	if (!lifted)
		return;
	brute_log_file("block of %s expired\n", &file->f_path);
	brute_inode_dirty(bi, file);
	brute_blocked_sync(bi, NULL);
}

/**
 * brute_file_allowed() - Check that the current task may run a file
 * @file: The file to execute or to map executable.
 *
 * Lifts an expired block, and logs a refusal.  Record writes are deferred.
 * The global init and kernel threads are never refused.
 *
 * Context: Process context, may sleep; not under the mmap lock.
 * Return: 0 if the file may run, -EPERM if it is blocked for the caller.
 */
int brute_file_allowed(struct file *file)
{
	struct brute_inode *bi = brute_inode_get(file);

	if (!bi)
		return 0;
	switch (brute_inode_check(bi, brute_principal(current_cred()))) {
	case BRUTE_EXPIRED:
		brute_inode_expire(bi, file);
		return 0;
	case BRUTE_BLOCKED:
		/* systemctl daemon-reexec, the kernel's exec of /sbin/init. */
		if (brute_task_spared(current)) {
			brute_log_file("%s blocked, but run by init or a kernel thread\n",
				       &file->f_path);
			return 0;
		}
		brute_log_file("%s not allowed\n", &file->f_path);
		return -EPERM;
	default:
		return 0;
	}
}

/*
 * Refuses to map a blocked file executable, so that ld.so cannot run it.
 * The mappings the kernel makes while it loads a program (the program and
 * its ELF interpreter) are never refused: the execution was allowed before
 * its point of no return, and a refusal now would only kill it.
 */
static int brute_mmap_file(struct file *file, unsigned long reqprot,
			   unsigned long prot, unsigned long flags)
{
	if (!file || !(prot & PROT_EXEC) || current->in_execve)
		return 0;
	return brute_file_allowed(file);
}

/*
 * Refuses to make a mapping of a blocked file executable.  Runs under the
 * mmap lock: decides from the cached state only, without I/O or store (an
 * expired block is lifted by the next execution or mmap).
 */
static int brute_file_mprotect(struct vm_area_struct *vma,
			       unsigned long reqprot, unsigned long prot)
{
	struct brute_inode *bi;

	if (!(prot & PROT_EXEC) || (vma->vm_flags & VM_EXEC) || !vma->vm_file)
		return 0;
	bi = brute_inode_peek(file_inode(vma->vm_file));
	if (bi && !brute_task_spared(current) &&
	    brute_inode_check(bi, brute_principal(current_cred())) ==
	    BRUTE_BLOCKED)
		return -EPERM;
	return 0;
}

/**
 * brute_inode_dirty() - Have the record of a file written
 * @bi: The state of the file, whose statistics changed.
 * @file: The file, of the same inode.
 *
 * Queues a write of the record, unless one is pending: the statistics in
 * memory are always current, and the write takes the latest of them.  The
 * caller does no I/O and never waits for the filesystem.
 *
 * Context: Any context but hard interrupts; takes @bi->lock.
 */
void brute_inode_dirty(struct brute_inode *bi, struct file *file)
{
	spin_lock(&bi->lock);
	if (!bi->volatile_stats) {
		WRITE_ONCE(bi->dirty, true);
		if (!bi->wb_file) {
			WRITE_ONCE(bi->wb_file, get_file(file));
			bi->wb_tries = 0;
			spin_lock(&brute_pending_lock);
			list_add_tail(&bi->pending_node, &brute_pending);
			spin_unlock(&brute_pending_lock);
			queue_delayed_work(brute_wq_of(bi->sb), &bi->wb_work,
					   BRUTE_WB_DELAY);
		}
	}
	spin_unlock(&bi->lock);
}

/* Writes or removes the record; returns 0 or the error of the write. */
static int brute_inode_write(struct brute_inode *bi, struct file *file)
{
	struct dentry *dentry = file->f_path.dentry;
	struct inode *inode = file_inode(file);
	struct super_block *sb = inode->i_sb;
	struct brute_record *record;
	bool write, remove;
	int err = 0;

	/*
	 * The record is the kernel's own metadata, like security.ima: it is
	 * written through a read-only mount of a writable filesystem too.  A
	 * frozen filesystem: try again later, never wait for the thaw.
	 */
	if (sb_rdonly(sb))
		return -EROFS;
	record = kmalloc_obj(*record, GFP_KERNEL);
	if (!record)
		return -ENOMEM;
	if (!sb_start_write_trylock(sb)) {
		kfree(record);
		return -EBUSY;
	}

	inode_lock(inode);
	spin_lock(&bi->lock);
	bi->dirty = false;
	write = bi->stats && !bi->volatile_stats;
	remove = !bi->stats && bi->remove;
	bi->remove = false;
	if (write)
		brute_record_encode(bi->stats, record);
	spin_unlock(&bi->lock);
	brute_task(current)->storing = true;
	if (write)
		err = __vfs_setxattr_noperm(mnt_idmap(file->f_path.mnt),
					    dentry, XATTR_NAME_BRUTE, record,
					    sizeof(*record), 0);
	else if (remove)
		err = __vfs_removexattr(mnt_idmap(file->f_path.mnt), dentry,
					XATTR_NAME_BRUTE);
	brute_task(current)->storing = false;
	if (err == -ENODATA)
		err = 0;
	inode_unlock(inode);
	sb_end_write(sb);
	kfree(record);
	return err;
}

/*
 * The write of a record, in a worker.  A state that could not be read is
 * read first, never written over.  A frozen filesystem is tried again later,
 * for as long as it stays frozen.  Any other failure is tried again a few
 * times; then the worker lets go of the file, so that it keeps no
 * filesystem busy, and the next crash or execution of the file tries again.
 * The statistics stay current in memory all along.
 */
static void brute_inode_writeback(struct work_struct *work)
{
	struct brute_inode *bi = container_of(to_delayed_work(work),
					      struct brute_inode, wb_work);
	unsigned long delay = BRUTE_WB_DELAY;
	struct file *file;
	int err;

	spin_lock(&bi->lock);
	file = bi->wb_file;
	spin_unlock(&bi->lock);
	if (!file)
		return;

	err = brute_inode_load(bi, file);
	if (!err)
		err = brute_inode_write(bi, file);

	spin_lock(&bi->lock);
	if (err == -EOPNOTSUPP || err == -EROFS) {
		/* This filesystem cannot store it: memory only. */
		WRITE_ONCE(bi->volatile_stats, true);
		WRITE_ONCE(bi->dirty, false);
	} else if (err == -EBUSY) {
		bi->dirty = true;
		delay = BRUTE_WB_FROZEN_DELAY;
	} else if (err && ++bi->wb_tries < BRUTE_WB_MAX_TRIES) {
		bi->dirty = true;
		delay = (HZ / 10) << bi->wb_tries;
	} else if (err) {
		bi->dirty = true;
		pr_warn_ratelimited("record of inode %llu not written yet, error %d\n",
				    bi->ino, err);
		goto release;
	}
	if (bi->dirty) {
		queue_delayed_work(brute_wq_of(bi->sb), &bi->wb_work, delay);
		spin_unlock(&bi->lock);
		return;
	}
	bi->wb_tries = 0;
release:
	WRITE_ONCE(bi->wb_file, NULL);
	spin_lock(&brute_pending_lock);
	list_del_init(&bi->pending_node);
	spin_unlock(&brute_pending_lock);
	/* An unmount may have queued this work again meanwhile: not now. */
	cancel_delayed_work(&bi->wb_work);
	spin_unlock(&bi->lock);
	/* The last reference may free the inode, and this state with it. */
	fput(file);
}

/**
 * brute_inode_lift() - Lift every block of a file and reset its statistics
 * @bi: The state of the file.
 *
 * The caller removes the record; a write still pending removes it too.
 *
 * Context: Process context.
 */
void brute_inode_lift(struct brute_inode *bi)
{
	struct brute_stats *stats;

	spin_lock(&bi->lock);
	stats = bi->stats;
	WRITE_ONCE(bi->stats, NULL);
	bi->remove = true;
	bi->gen++;
	spin_unlock(&bi->lock);
	brute_stats_free(stats);
}

static void brute_inode_free_security(struct inode *inode)
{
	struct brute_inode_security *sec = brute_inode_sec(inode);
	struct brute_inode *bi;

	if (!S_ISREG(inode->i_mode))
		return;
	bi = sec->state;
	sec->state = NULL;
	if (bi)
		brute_blocked_detach(bi, !inode->i_nlink);
}

/*
 * Keeps the cached state coherent with the attributes when an administrator
 * sets, replaces or removes them.  Called with the inode locked.
 */
static void brute_inode_changed(struct dentry *dentry, const char *name,
				const void *value, size_t size, bool removed)
{
	struct brute_stats *stats = NULL, *old = NULL;
	struct brute_inode *bi;

	if (brute_task(current)->storing)
		return;
	bi = brute_inode_peek(d_backing_inode(dentry));
	if (!bi)
		return;

	if (!strcmp(name, XATTR_NAME_BRUTE)) {
		if (!removed)
			brute_stats_decode_new(value, size, &stats);
		spin_lock(&bi->lock);
		/*
		 * An unloaded state reads the new value when it loads, and
		 * the crashes it counted meanwhile go: the administrator has
		 * decided what the statistics are.
		 */
		old = bi->stats;
		WRITE_ONCE(bi->stats, bi->loaded ? stats : NULL);
		if (bi->loaded)
			stats = NULL;
		WRITE_ONCE(bi->dirty, false);
		bi->remove = false;
		bi->gen++;
		spin_unlock(&bi->lock);
		brute_stats_free(old);
		kfree(stats);
		brute_blocked_sync(bi, NULL);
	} else if (!strcmp(name, XATTR_NAME_CAPS)) {
		spin_lock(&bi->lock);
		if (bi->loaded)
			WRITE_ONCE(bi->fcaps, !removed);
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

/*
 * A filesystem that only root mounts is about to be unmounted: the records
 * pending for it are written now, and the references of their writes are
 * gone, so that they neither keep it busy nor get lost with a clean
 * shutdown.  Only its own writes and those of other such filesystems are
 * waited for, never those of a filesystem a user answers for.
 */
static int brute_sb_umount(struct vfsmount *mnt, int flags)
{
	struct super_block *sb = mnt->mnt_sb;
	struct brute_inode *bi;
	bool pending = false;

	if (brute_wq_of(sb) != brute_wq)
		return 0;
	spin_lock(&brute_pending_lock);
	list_for_each_entry(bi, &brute_pending, pending_node) {
		if (bi->sb != sb)
			continue;
		/* Listed: the work has not let go of its file yet. */
		mod_delayed_work(brute_wq, &bi->wb_work, 0);
		pending = true;
	}
	spin_unlock(&brute_pending_lock);
	if (pending) {
		flush_workqueue(brute_wq);
		flush_delayed_fput();
	}
	return 0;
}

static struct security_hook_list brute_inode_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_umount, brute_sb_umount),
	LSM_HOOK_INIT(inode_free_security, brute_inode_free_security),
	LSM_HOOK_INIT(inode_post_setxattr, brute_inode_post_setxattr),
	LSM_HOOK_INIT(inode_post_removexattr, brute_inode_post_removexattr),
	LSM_HOOK_INIT(mmap_file, brute_mmap_file),
	LSM_HOOK_INIT(file_mprotect, brute_file_mprotect),
};

/**
 * brute_add_inode_hooks() - Register the inode and mapping hooks
 *
 * Return: 0, or -ENOMEM if the workqueue of the writes cannot be allocated.
 */
int __init brute_add_inode_hooks(void)
{
	brute_wq = alloc_workqueue("brute", WQ_UNBOUND, 0);
	brute_user_wq = alloc_workqueue("brute_user", WQ_UNBOUND, 0);
	if (!brute_wq || !brute_user_wq)
		return -ENOMEM;
	security_add_hooks(brute_inode_hooks, ARRAY_SIZE(brute_inode_hooks),
			   &brute_lsmid);
	return 0;
}
