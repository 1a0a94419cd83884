// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - The blocks kept in memory, and their securityfs interface
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/capability.h>
#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/lsm_hooks.h>
#include <linux/security.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/xattr.h>
#include <uapi/linux/brute.h>

#include "blocks.h"
#include "common.h"
#include "inode.h"
#include "log.h"
#include "params.h"
#include "stats.h"
#include "task.h"

/*
 * brute_blocked_lock protects the list of blocked states, the number of
 * those whose inode was freed, and the @attached, @inode and @name fields of
 * every state.  Taken from process context, around the lock of a state at
 * most (never under it).
 */
static DEFINE_SPINLOCK(brute_blocked_lock);
static LIST_HEAD(brute_blocked);
static unsigned int brute_detached;

/**
 * brute_blocked_sync() - Put a state on the list of blocks, or take it off
 * @bi: The state, whose blocks may have changed.
 * @path: The file, to name it in the list; NULL to keep the name it has.
 *
 * Context: Process context, may sleep; takes no lock of the caller's.
 */
void brute_blocked_sync(struct brute_inode *bi, const struct path *path)
{
	char *name = path ? brute_path_escaped(path, GFP_KERNEL) : NULL;
	bool blocked, put = false;

	spin_lock(&brute_blocked_lock);
	spin_lock(&bi->lock);
	blocked = bi->stats && brute_stats_remembered(bi->stats);
	spin_unlock(&bi->lock);
	if (blocked && list_empty(&bi->blocked_node)) {
		kref_get(&bi->ref);
		list_add_tail(&bi->blocked_node, &brute_blocked);
	} else if (!blocked && !list_empty(&bi->blocked_node)) {
		list_del_init(&bi->blocked_node);
		if (!bi->attached)
			brute_detached--;
		put = true;
	}
	if (blocked && name)
		swap(bi->name, name);
	spin_unlock(&brute_blocked_lock);
	kfree(name);
	if (put)
		brute_inode_put(bi);
}

/**
 * brute_blocked_detach() - Drop the state of an inode that is freed
 * @bi: The state.
 * @deleted: The file was deleted: it can never run again.
 *
 * A blocked state whose block is in no record (the filesystem cannot store
 * it, or the block is that of a principal kept in memory beyond the
 * record) stays on the list, and in memory, until the block is lifted; so
 * does one whose block expired, so that the next block still doubles.  Any
 * other one is put.
 *
 * Context: Any context but interrupts.
 */
void brute_blocked_detach(struct brute_inode *bi, bool deleted)
{
	bool put_list = false, keep;

	spin_lock(&brute_blocked_lock);
	bi->attached = false;
	bi->inode = NULL;
	if (!list_empty(&bi->blocked_node)) {
		spin_lock(&bi->lock);
		keep = READ_ONCE(bi->volatile_stats) ||
		       (bi->stats && brute_stats_memory_remembered(bi->stats));
		spin_unlock(&bi->lock);
		if (keep && !deleted) {
			brute_detached++;
		} else {
			/* Its record says it all. */
			list_del_init(&bi->blocked_node);
			put_list = true;
		}
	}
	spin_unlock(&brute_blocked_lock);
	if (put_list)
		brute_inode_put(bi);
	brute_inode_put(bi);
}

/**
 * brute_blocked_install() - Give an inode its state
 * @inode: The inode.
 * @slot: Where the inode points to its state.
 * @new: A new state for it, or NULL if it could not be allocated.
 *
 * Under brute_blocked_lock, so that a state kept for the inode while it was
 * evicted and a new one never race: the kept state, if any, wins, then a
 * state installed meanwhile, then @new.  A @new that is not installed is
 * put.
 *
 * Context: Process context.
 * Return: The state of @inode, or NULL.
 */
struct brute_inode *brute_blocked_install(struct inode *inode,
					  struct brute_inode **slot,
					  struct brute_inode *new)
{
	struct brute_inode *bi = NULL, *kept;

	spin_lock(&brute_blocked_lock);
	if (!*slot && brute_detached) {
		list_for_each_entry(kept, &brute_blocked, blocked_node) {
			if (kept->attached || kept->sb != inode->i_sb ||
			    kept->ino != inode->i_ino ||
			    kept->igen != inode->i_generation)
				continue;
			kept->attached = true;
			kept->inode = inode;
			brute_detached--;
			kref_get(&kept->ref);
			bi = kept;
			break;
		}
	}
	if (*slot) {
		bi = *slot;
	} else {
		if (!bi) {
			bi = new;
			new = NULL;
		}
		if (bi)
			/* Pairs with the smp_load_acquire()s of the lookups. */
			smp_store_release(slot, bi);
	}
	spin_unlock(&brute_blocked_lock);
	if (new)
		brute_inode_put(new);
	return bi;
}

/* A filesystem goes away: so do the blocks of its files that were kept. */
static void brute_sb_free_security(struct super_block *sb)
{
	struct brute_inode *bi, *tmp;
	LIST_HEAD(gone);

	if (!READ_ONCE(brute_detached))
		return;
	spin_lock(&brute_blocked_lock);
	list_for_each_entry_safe(bi, tmp, &brute_blocked, blocked_node) {
		if (!bi->attached && bi->sb == sb) {
			list_move(&bi->blocked_node, &gone);
			brute_detached--;
		}
	}
	spin_unlock(&brute_blocked_lock);
	list_for_each_entry_safe(bi, tmp, &gone, blocked_node) {
		list_del_init(&bi->blocked_node);
		brute_inode_put(bi);
	}
}

/**
 * struct brute_block_snap - A blocked state, as the list file shows it
 * @bi: The state, referenced.
 * @name: A copy of its name, or NULL.
 */
struct brute_block_snap {
	struct brute_inode *bi;
	char *name;
};

/* Takes references to the blocked states; returns how many, or -errno. */
static int brute_blocked_snapshot(struct brute_block_snap **snapp)
{
	struct brute_block_snap *snap;
	struct brute_inode *bi;
	int n = 0, cap;

	spin_lock(&brute_blocked_lock);
	list_for_each_entry(bi, &brute_blocked, blocked_node)
		n++;
	spin_unlock(&brute_blocked_lock);

	cap = n + 16;
	snap = kcalloc(cap, sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	n = 0;
	spin_lock(&brute_blocked_lock);
	list_for_each_entry(bi, &brute_blocked, blocked_node) {
		if (n == cap)
			break;
		kref_get(&bi->ref);
		snap[n].bi = bi;
		snap[n].name = bi->name ? kstrdup(bi->name, GFP_ATOMIC) : NULL;
		n++;
	}
	spin_unlock(&brute_blocked_lock);
	*snapp = snap;
	return n;
}

static void brute_blocks_show_entry(struct seq_file *m,
				    const struct brute_block_snap *s,
				    const struct brute_user_stats *entry,
				    u64 now, const struct brute_params *params)
{
	u64 end;

	if (!brute_entry_in_force(entry, now, params))
		return;
	seq_printf(m, "%u:%u %llu ", MAJOR(s->bi->dev), MINOR(s->bi->dev),
		   s->bi->ino);
	if (brute_entry_everyone(entry))
		seq_puts(m, "all");
	else
		seq_printf(m, "%u", entry->uid);
	seq_printf(m, " %llu ", entry->block_time);
	end = brute_entry_block_end(entry, params);
	if (end)
		seq_printf(m, "%llu", end);
	else
		seq_putc(m, '-');
	seq_printf(m, " %s\n", s->name ?: "(unknown)");
}

static int brute_blocks_show(struct seq_file *m, void *v)
{
	const struct brute_user_stats *entry;
	struct brute_block_snap *snap;
	struct brute_params params;
	int n, i;
	unsigned int j;
	u64 now;

	n = brute_blocked_snapshot(&snap);
	if (n < 0)
		return n;
	brute_params_get(&params);
	now = ktime_get_real_seconds();
	for (i = 0; i < n; i++) {
		struct brute_inode *bi = snap[i].bi;

		/* seq_printf() only fills the buffer: it never sleeps. */
		spin_lock(&bi->lock);
		for (j = 0; bi->stats && (entry = brute_stats_at(bi->stats, j));
		     j++)
			brute_blocks_show_entry(m, &snap[i], entry, now,
						&params);
		spin_unlock(&bi->lock);
		kfree(snap[i].name);
		brute_inode_put(bi);
	}
	kfree(snap);
	return 0;
}

static int brute_blocks_open(struct inode *inode, struct file *file)
{
	return single_open(file, brute_blocks_show, NULL);
}

/*
 * Lifts the blocks of a file for an administrator: in memory first, then
 * on disk, under the inode lock, so that no write of the old record can
 * come in between.  A read-only filesystem keeps its record: the block is
 * lifted until the next boot, and the log says so.
 */
static int brute_blocks_lift(struct brute_inode *bi, struct inode *inode)
{
	struct dentry *dentry;
	int err;

	if (!inode || READ_ONCE(bi->volatile_stats)) {
		brute_inode_lift(bi);
		return 0;
	}
	dentry = d_find_any_alias(inode);
	if (!dentry) {
		brute_inode_lift(bi);
		return 0;
	}
	if (!sb_rdonly(inode->i_sb) && !sb_start_write_trylock(inode->i_sb)) {
		dput(dentry);
		return -EBUSY;
	}
	inode_lock(inode);
	brute_inode_lift(bi);
	err = -EROFS;
	if (!sb_rdonly(inode->i_sb)) {
		brute_task(current)->storing = true;
		err = __vfs_removexattr(&nop_mnt_idmap, dentry,
					XATTR_NAME_BRUTE);
		brute_task(current)->storing = false;
	}
	inode_unlock(inode);
	if (!sb_rdonly(inode->i_sb))
		sb_end_write(inode->i_sb);
	dput(dentry);
	if (err == -EROFS)
		pr_warn("record of inode %llu kept on its read-only filesystem\n",
			(u64)inode->i_ino);
	return err == -ENODATA || err == -EOPNOTSUPP || err == -EROFS ? 0 : err;
}

/* "allow <major>:<minor> <inode>": lifts the blocks of that file. */
static ssize_t brute_blocks_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	unsigned int major, minor;
	struct brute_inode *bi, *found = NULL;
	struct inode *inode = NULL;
	u64 ino;
	char buf[80], end;
	int err = 0;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (*ppos || !count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (sscanf(strim(buf), "allow %u:%u %llu%c", &major, &minor, &ino,
		   &end) != 3)
		return -EINVAL;

	spin_lock(&brute_blocked_lock);
	list_for_each_entry(bi, &brute_blocked, blocked_node) {
		if (bi->dev != MKDEV(major, minor) || bi->ino != ino)
			continue;
		kref_get(&bi->ref);
		found = bi;
		if (bi->attached && bi->inode)
			inode = igrab(bi->inode);
		break;
	}
	spin_unlock(&brute_blocked_lock);
	if (!found)
		return -ENOENT;

	err = brute_blocks_lift(found, inode);
	if (!err) {
		brute_blocked_sync(found, NULL);
		pr_info("blocks of inode %llu on %u:%u lifted by an administrator\n",
			ino, major, minor);
	}
	if (inode)
		iput(inode);
	brute_inode_put(found);
	return err ?: count;
}

static const struct file_operations brute_blocks_fops = {
	.open = brute_blocks_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = brute_blocks_write,
};

static int __init brute_securityfs_init(void)
{
	struct dentry *dir, *file;

	if (!brute_enabled)
		return 0;
	dir = securityfs_create_dir(BRUTE_NAME, NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	file = securityfs_create_file("blocks", 0600, dir, NULL,
				      &brute_blocks_fops);
	if (IS_ERR(file)) {
		securityfs_remove(dir);
		return PTR_ERR(file);
	}
	return 0;
}
fs_initcall(brute_securityfs_init);

static struct security_hook_list brute_blocks_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sb_free_security, brute_sb_free_security),
};

/**
 * brute_add_blocks_hooks() - Register the superblock hook
 */
void __init brute_add_blocks_hooks(void)
{
	security_add_hooks(brute_blocks_hooks, ARRAY_SIZE(brute_blocks_hooks),
			   &brute_lsmid);
}
