// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Attribution of tasks to files, and privilege boundaries
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/binfmts.h>
#include <linux/brute.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mount.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "inode.h"
#include "task.h"

/*
 * Records that @file crossed the privilege boundaries @bits.  Writes the
 * record only when it gains a boundary: once per file and boundary.
 */
static void brute_file_boundary(struct file *file, u16 bits)
{
	struct brute_inode *bi;
	bool changed;

	bi = brute_inode_get(file->f_path.dentry);
	if (!bi)
		return;

	spin_lock(&bi->lock);
	changed = !bi->record || (bi->stats.boundaries & bits) != bits;
	if (changed) {
		bi->record = true;
		bi->stats.boundaries |= bits;
	}
	spin_unlock(&bi->lock);
	if (changed)
		brute_inode_store(bi, &file->f_path);
}

/**
 * brute_task_boundary() - Record that the current task crossed a boundary
 * @boundary: The boundary crossed, %BRUTE_BOUNDARY_*.
 *
 * The file the current task was started from gets a record.
 *
 * Context: Process context, may sleep.
 */
void brute_task_boundary(u16 boundary)
{
	struct file *exe = brute_task(current)->exe;

	if (exe)
		brute_file_boundary(exe, boundary);
}

/**
 * brute_task_kill() - Kill a process as part of the mitigation
 * @task: The leader of the process to kill.
 *
 * Marks it so that its parent learns why it died (CLD_BRUTE), then sends it
 * SIGKILL, unless Brute killed it already.
 *
 * Context: Any context but hard interrupts.
 * Return: True if this call killed the process, false if an earlier one did.
 */
bool brute_task_kill(struct task_struct *task)
{
	if (cmpxchg(&brute_task(task)->killed, 0, 1))
		return false;
	do_send_sig_info(SIGKILL, SEND_SIG_PRIV, task, PIDTYPE_TGID);
	return true;
}

/**
 * brute_task_killed() - Tell whether Brute's mitigation killed a process
 * @task: The leader of the process.
 *
 * Called by the signal code to report the death of @task to its parent.
 *
 * Context: Any context; @task is pinned by the caller.
 * Return: True if Brute killed the process.
 */
bool brute_task_killed(const struct task_struct *task)
{
	if (!brute_enabled)
		return false;
	return READ_ONCE(brute_task(task)->killed);
}

static int brute_task_alloc(struct task_struct *task,
			    unsigned long clone_flags)
{
	const struct brute_task *parent = brute_task(current);
	struct brute_task *child = brute_task(task);

	if (parent->exe)
		child->exe = get_file(parent->exe);
	child->exe_inode = parent->exe_inode;
	child->net = parent->net;
	child->setid = parent->setid;
	return 0;
}

static void brute_task_free(struct task_struct *task)
{
	struct brute_task *bt = brute_task(task);

	/* Atomic context: fput() defers the final release. */
	if (bt->exe)
		fput(bt->exe);
	if (bt->pending)
		fput(bt->pending);
	bt->exe = NULL;
	bt->pending = NULL;
}

static int brute_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	struct brute_task *bt = brute_task(current);

	/* bprm->file is still the file named by execve(), not its interpreter. */
	if (bt->pending)
		fput(bt->pending);
	bt->pending = get_file(bprm->file);
	return 0;
}

/* Refuses to execute a blocked file, be it a script or its interpreter. */
static int brute_bprm_check_security(struct linux_binprm *bprm)
{
	return brute_file_allowed(bprm->file);
}

/* The setuid and setgid bits of a file count where the kernel honours them. */
static bool brute_setid_bits(const struct file *file)
{
	return is_sxid(file_inode(file)->i_mode) &&
	       mnt_may_suid(file->f_path.mnt);
}

static void brute_bprm_committed_creds(const struct linux_binprm *bprm)
{
	struct brute_task *bt = brute_task(current);
	struct file *exe = bt->pending;
	struct brute_inode *bi;
	u16 bits = 0;

	if (WARN_ON_ONCE(!exe))
		return;
	bt->pending = NULL;
	if (bt->exe)
		fput(bt->exe);
	bt->exe = exe;
	WRITE_ONCE(bt->exe_inode, file_inode(exe));

	/* The binary that runs, which may be the interpreter of a script. */
	if (brute_setid_bits(bprm->file))
		bits |= BRUTE_BOUNDARY_SETID;
	bi = brute_inode_get(bprm->file->f_path.dentry);
	if (bi) {
		spin_lock(&bi->lock);
		if (bi->fcaps)
			bits |= BRUTE_BOUNDARY_FCAPS;
		spin_unlock(&bi->lock);
	}
	/* Its crashes warrant a block of the attacking user only. */
	bt->setid = bits & (BRUTE_BOUNDARY_SETID | BRUTE_BOUNDARY_FCAPS);
	if (bprm->secureexec)
		bits |= BRUTE_BOUNDARY_SECUREEXEC;
	if (bt->net)
		bits |= BRUTE_BOUNDARY_NETWORK;
	/* Only the program executed right after an accept() is network-facing. */
	bt->net = false;
	if (bits)
		brute_file_boundary(exe, bits);

	/*
	 * A detection may have blocked the file after bprm_check_security()
	 * let it through, and swept the processes of the file before this
	 * task was one: the attribution above is published, so either the
	 * sweep saw it, or this check sees the block.  See brute_sweep().
	 */
	bi = brute_inode_get(exe->f_path.dentry);
	if (bi && brute_inode_check(bi, current_uid(), false) == BRUTE_BLOCKED &&
	    brute_task_kill(current))
		pr_warn("offending process %d [%s] killed\n",
			task_tgid_nr(current), current->comm);
}

/* True when the real, effective or saved ids change; fs ids do not count. */
static bool brute_ids_changed(const struct cred *new, const struct cred *old,
			      int flags, bool gid)
{
	if (flags == LSM_SETID_FS)
		return false;
	if (gid)
		return !gid_eq(new->gid, old->gid) ||
		       !gid_eq(new->egid, old->egid) ||
		       !gid_eq(new->sgid, old->sgid);
	return !uid_eq(new->uid, old->uid) || !uid_eq(new->euid, old->euid) ||
	       !uid_eq(new->suid, old->suid);
}

static int brute_task_fix_setuid(struct cred *new, const struct cred *old,
				 int flags)
{
	if (brute_ids_changed(new, old, flags, false))
		brute_task_boundary(BRUTE_BOUNDARY_CREDS);
	return 0;
}

static int brute_task_fix_setgid(struct cred *new, const struct cred *old,
				 int flags)
{
	if (brute_ids_changed(new, old, flags, true))
		brute_task_boundary(BRUTE_BOUNDARY_CREDS);
	return 0;
}

static struct security_hook_list brute_task_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_alloc, brute_task_alloc),
	LSM_HOOK_INIT(task_free, brute_task_free),
	LSM_HOOK_INIT(bprm_creds_for_exec, brute_bprm_creds_for_exec),
	LSM_HOOK_INIT(bprm_check_security, brute_bprm_check_security),
	LSM_HOOK_INIT(bprm_committed_creds, brute_bprm_committed_creds),
	LSM_HOOK_INIT(task_fix_setuid, brute_task_fix_setuid),
	LSM_HOOK_INIT(task_fix_setgid, brute_task_fix_setgid),
};

/**
 * brute_add_task_hooks() - Register the task and exec hooks
 */
void __init brute_add_task_hooks(void)
{
	security_add_hooks(brute_task_hooks, ARRAY_SIZE(brute_task_hooks),
			   &brute_lsmid);
}
