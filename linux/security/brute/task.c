// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Attribution of processes to files, and privilege boundaries
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/binfmts.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/lsm_hooks.h>
#include <linux/mount.h>
#include <linux/ptrace.h>
#include <linux/sched/signal.h>
#include <linux/security.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "compat.h"
#include "inode.h"
#include "log.h"
#include "net.h"
#include "task.h"

/**
 * DOC: crossing
 *
 * Only the crashes of a process that crossed a privilege boundary since its
 * last execve() count.  A process crosses one when:
 *
 * - its execve() went through the setuid or setgid bits or the file
 *   capabilities of a file where the kernel honoured them (root included,
 *   who gains nothing but for whom the file still is a boundary), or was a
 *   secure exec for another reason;
 * - it changes its real, effective or saved user or group ids, or its
 *   supplementary groups;
 * - it accepts a connection from a peer that is not a loopback address, or
 *   its execve() happens while it holds such a connection (the inetd and
 *   socket activation case).
 *
 * A forked child inherits what its parent crossed; an execve() that crosses
 * nothing ends it, with one exception: the network crossing survives an
 * execve() by a process whose real, effective and saved user ids are still
 * those it had when it crossed, so that the program a server executes for
 * a connection counts even when the connection reaches it through pipes or
 * was closed first (CGI).  It ends at an execve() after a change of user
 * ids (the shell of an ssh login).  The global init never crosses by
 * accepting, so it marks nothing it starts.  Nothing crosses inside a user namespace that a user
 * created without privilege: the ids and capabilities there are that
 * user's own, and its subordinate user ids would otherwise let one user
 * act as many.
 */

/**
 * brute_ns_trusted() - Tell whether a user namespace was set up by root
 * @ns: The user namespace.
 *
 * Return: True if @ns and every namespace above it are owned by root.
 */
bool brute_ns_trusted(const struct user_namespace *ns)
{
	for (; ns && ns != &init_user_ns; ns = ns->parent)
		if (!uid_eq(ns->owner, GLOBAL_ROOT_UID))
			return false;
	return true;
}

/**
 * brute_principal() - Get the user charged with the crashes of a program
 * @cred: The credentials of the process that executes it.
 *
 * The real user id, in the initial user namespace.  Inside a user
 * namespace, all its users are one: the root of the outermost namespace
 * below the initial one (its owner if it has no root), so that the many
 * user ids of a container never make many users.
 *
 * Return: The user id, in the initial user namespace.
 */
u32 brute_principal(const struct cred *cred)
{
	struct user_namespace *ns = cred->user_ns;
	kuid_t uid = cred->uid;

	if (ns != &init_user_ns) {
		while (ns->parent != &init_user_ns)
			ns = ns->parent;
		uid = make_kuid(ns, 0);
		if (!uid_valid(uid))
			uid = ns->owner;
	}
	return from_kuid(&init_user_ns, uid);
}

/**
 * brute_charged_principal() - Tell whom the crashes of a process count for
 * @exec_uid: The principal that executed its program.
 * @uid: The principal of its credentials now (brute_principal()).
 *
 * A crash is charged to the real user id the process holds when it dies,
 * so that the worker of a root master that took a tenant's ids is that
 * tenant, not root.  A program that a user executed stays charged to that
 * user whatever ids its privilege lets it take: a user who runs a setuid
 * program that makes root, or another user, its real uid never charges
 * them.
 *
 * Return: The principal, a user id in the initial user namespace.
 */
u32 brute_charged_principal(u32 exec_uid, u32 uid)
{
	return exec_uid ? exec_uid : uid;
}

/**
 * brute_task_principal() - Get the principal a process is charged as
 * @proc: The state of the process, brute_proc().
 * @cred: Its credentials, current or about to be.
 *
 * Return: brute_charged_principal() of the process with @cred.
 */
u32 brute_task_principal(const struct brute_task *proc,
			 const struct cred *cred)
{
	return brute_charged_principal(READ_ONCE(proc->uid),
				       brute_principal(cred));
}

/**
 * brute_sweep_spares() - Tell whether Brute must spare a process
 * @global_init: The process is the global init (PID 1).
 * @kthread: The process is a kernel thread.
 *
 * Return: True if Brute must never kill the process, nor refuse it an
 * execution or a mapping.
 */
bool brute_sweep_spares(bool global_init, bool kthread)
{
	return global_init || kthread;
}

/**
 * brute_task_spared() - Tell whether Brute must spare a task
 * @task: The task, current or pinned by the caller.
 *
 * Return: True for the global init and for kernel threads.
 */
bool brute_task_spared(struct task_struct *task)
{
	return brute_sweep_spares(is_global_init(task),
				  task->flags & PF_KTHREAD);
}

/**
 * brute_proc_cross() - Record that the current process crossed a boundary
 * @boundary: The boundary crossed, a %BRUTE_BOUNDARY_* bit.
 *
 * Context: Any context but interrupts; takes no lock.
 */
void brute_proc_cross(unsigned long boundary)
{
	if (brute_ns_trusted(current_user_ns()))
		atomic_long_or(boundary, &brute_proc(current)->crossed);
}

/**
 * brute_task_kill() - Kill a process as part of the mitigation
 * @task: The leader of the process to kill.
 *
 * Sends it SIGKILL, as kill -9 would, unless Brute killed it already.
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
 * brute_proc_cross_network() - Record that the current process crossed the
 *                              network boundary
 * @cred: Its credentials: the user ids that keep the crossing across an
 *        execve().
 *
 * Context: Any context but interrupts; takes no lock.
 */
void brute_proc_cross_network(const struct cred *cred)
{
	struct brute_task *proc = brute_proc(current);

	if (!brute_ns_trusted(current_user_ns()))
		return;
	WRITE_ONCE(proc->net_uid[0], cred->uid);
	WRITE_ONCE(proc->net_uid[1], cred->euid);
	WRITE_ONCE(proc->net_uid[2], cred->suid);
	atomic_long_or(BRUTE_BOUNDARY_NETWORK, &proc->crossed);
}

/* True if the network crossing of @proc survives an execve() with @cred. */
static bool brute_network_kept(struct brute_task *proc,
			       const struct cred *cred)
{
	return (atomic_long_read(&proc->crossed) & BRUTE_BOUNDARY_NETWORK) &&
	       uid_eq(READ_ONCE(proc->net_uid[0]), cred->uid) &&
	       uid_eq(READ_ONCE(proc->net_uid[1]), cred->euid) &&
	       uid_eq(READ_ONCE(proc->net_uid[2]), cred->suid);
}

/*
 * Stops the current process, which runs @exe as @uid while the file is
 * blocked for @uid: kills it, unless it is the global init or a kernel
 * thread, and logs what it did.
 */
static void brute_task_stop(struct file *exe, u32 uid)
{
	struct task_struct *leader = current->group_leader;
	char comm[BRUTE_COMM_ESC_LEN];
	bool spared = brute_task_spared(current);
	char *name;

	if (!spared && !brute_task_kill(leader))
		return;
	if (!brute_log_kill_ratelimit())
		return;
	name = brute_path_escaped(&exe->f_path, GFP_KERNEL);
	pr_warn("%s process %d [%s] %s, uid %u, file %s\n",
		spared ? "init" : "offending", task_tgid_nr(current),
		brute_comm_escaped(comm, current),
		spared ? "spared" : "killed", uid, name ?: "(unknown)");
	kfree(name);
}

static int brute_task_alloc(struct task_struct *task,
			    brute_clone_flags_t clone_flags)
{
	const struct brute_task *parent;
	struct brute_task *child = brute_task(task);

	/* A thread shares the state of its process. */
	if (clone_flags & CLONE_THREAD)
		return 0;
	parent = brute_proc(current);
	if (parent->exe)
		child->exe = get_file(parent->exe);
	child->exe_inode = parent->exe_inode;
	child->uid = READ_ONCE(parent->uid);
	child->charged = READ_ONCE(parent->charged);
	memcpy(child->net_uid, parent->net_uid, sizeof(child->net_uid));
	child->tampered = READ_ONCE(parent->tampered);
	atomic_long_set(&child->crossed, atomic_long_read(&parent->crossed));
	return 0;
}

static void brute_task_drop_pending(struct brute_task *bt)
{
	if (bt->pending)
		fput(bt->pending);
	if (bt->pending_priv)
		fput(bt->pending_priv);
	bt->pending = NULL;
	bt->pending_priv = NULL;
}

static void brute_task_free(struct task_struct *task)
{
	struct brute_task *bt = brute_task(task);

	/* Atomic context: fput() defers the final release. */
	if (bt->exe)
		fput(bt->exe);
	bt->exe = NULL;
	brute_task_drop_pending(bt);
}

static int brute_bprm_creds_for_exec(struct linux_binprm *bprm)
{
	struct brute_task *bt = brute_task(current);

	/*
	 * execveat(AT_EXECVE_CHECK) stops after this hook: answer as the
	 * execution would, and keep nothing of it.
	 */
	if (brute_bprm_is_check(bprm))
		return brute_file_allowed(bprm->file);
	/* bprm->file is still the file named by execve(), not its interpreter. */
	brute_task_drop_pending(bt);
	bt->pending = get_file(bprm->file);
	return 0;
}

/* Refuses to execute a blocked file, be it a script or its interpreter. */
static int brute_bprm_check_security(struct linux_binprm *bprm)
{
	return brute_file_allowed(bprm->file);
}

/*
 * The boundaries crossed through the setuid and setgid bits and the file
 * capabilities of @file, the file the new credentials come from.  They
 * count where the kernel honoured them: the execution is secure (the ids or
 * the capabilities changed), or root ran the file, for whom nothing changes
 * but the file still is a boundary for everyone else.  Bits that the kernel
 * ignored (nosuid, no_new_privs, a ptrace that stripped them, an owner
 * without a mapping, a setgid bit without group execute) do not count.
 */
static unsigned long brute_exec_privilege(const struct linux_binprm *bprm,
					  struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;
	unsigned long bits = 0;

	if (!mnt_may_suid(file->f_path.mnt) || task_no_new_privs(current))
		return 0;
	/* A setgid bit without group execute (0010) is a mandatory lock. */
	if ((mode & S_ISUID) || ((mode & S_ISGID) && (mode & 0010)))
		bits |= BRUTE_BOUNDARY_SETID;
	if (brute_inode_has_fcaps(file))
		bits |= BRUTE_BOUNDARY_FCAPS;
	if (!bits)
		return 0;
	if (bprm->secureexec)
		return bits;
	if (uid_eq(current_euid(), GLOBAL_ROOT_UID) && !bprm->unsafe)
		return bits;
	return 0;
}

static void brute_bprm_committing_creds(const struct linux_binprm *bprm)
{
	struct brute_task *bt = brute_task(current);
	struct file *file = bprm->execfd_creds ? bprm->executable : bprm->file;
	unsigned long bits, priv;

	bt->pending_crossed = 0;
	if (!brute_ns_trusted(bprm->cred->user_ns))
		return;
	priv = brute_exec_privilege(bprm, file);
	bits = priv;
	if (bprm->secureexec)
		bits |= BRUTE_BOUNDARY_SECUREEXEC;
	/*
	 * Close-on-exec descriptors are closed by now.  The ids compared are
	 * those of the caller of execve(), before a setuid bit changes them.
	 */
	if (brute_network_kept(bt, current_cred()) || brute_files_network())
		bits |= BRUTE_BOUNDARY_NETWORK;
	bt->pending_crossed = bits;
	/* The privilege came from the interpreter: charge it. */
	if (priv && file != bt->pending && !bt->pending_priv)
		bt->pending_priv = get_file(file);
}

static void brute_bprm_committed_creds(const struct linux_binprm *bprm)
{
	struct brute_task *bt = brute_task(current);
	struct brute_inode *bi;
	struct file *exe, *old;

	if (WARN_ON_ONCE(!bt->pending))
		return;
	/* After de_thread(): this task leads its process, alone. */
	if (bt->pending_priv) {
		exe = bt->pending_priv;
		fput(bt->pending);
	} else {
		exe = bt->pending;
	}
	bt->pending = NULL;
	bt->pending_priv = NULL;
	old = bt->exe;
	bt->exe = exe;
	WRITE_ONCE(bt->exe_inode, file_inode(exe));
	WRITE_ONCE(bt->uid, brute_principal(current_cred()));
	WRITE_ONCE(bt->charged, bt->uid);
	atomic_long_set(&bt->crossed, bt->pending_crossed);
	if (bt->pending_crossed & BRUTE_BOUNDARY_NETWORK)
		brute_proc_cross_network(current_cred());
	/* A tracer that stays attached across the execve() can still forge. */
	WRITE_ONCE(bt->tampered, !!current->ptrace);
	bt->crashed = 0;
	if (old)
		fput(old);

	/*
	 * A detection may have blocked the file after bprm_check_security()
	 * let it through, and swept the processes of the file before this
	 * one was one.  The attribution above is published before the block
	 * is checked, and the sweep reads it after the block is set: either
	 * the sweep saw this process, or this check sees the block.  See
	 * brute_sweep().
	 */
	smp_mb();
	bi = brute_inode_peek(file_inode(exe));
	if (bi && brute_inode_check(bi, bt->charged) == BRUTE_BLOCKED)
		brute_task_stop(exe, bt->charged);
}

/*
 * The current process is about to take the real uid of @new: from now on
 * it is charged as brute_task_principal() of @new.  If its file is blocked
 * for that principal, it is killed on the spot, never made to fail with
 * an error: a program that ignores the result of setuid() would go on with
 * the ids it had.  So a root master cannot start a worker for a tenant
 * whose pool was attacked, while its other workers go on.
 */
static void brute_task_take_ids(const struct cred *new)
{
	struct brute_task *proc = brute_proc(current);
	u32 uid = brute_task_principal(proc, new);
	struct brute_inode *bi;

	if (uid == READ_ONCE(proc->charged))
		return;
	WRITE_ONCE(proc->charged, uid);
	/*
	 * Pairs with the smp_mb() of brute_sweep(): either the sweep sees
	 * the new principal, or this check sees the block.
	 */
	smp_mb();
	if (!proc->exe)
		return;
	bi = brute_inode_peek(file_inode(proc->exe));
	if (bi && brute_inode_check(bi, uid) == BRUTE_BLOCKED)
		brute_task_stop(proc->exe, uid);
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
	if (brute_ids_changed(new, old, flags, false) &&
	    brute_ns_trusted(old->user_ns))
		brute_proc_cross(BRUTE_BOUNDARY_CREDS);
	if (flags != LSM_SETID_FS)
		brute_task_take_ids(new);
	return 0;
}

static int brute_task_fix_setgid(struct cred *new, const struct cred *old,
				 int flags)
{
	if (brute_ids_changed(new, old, flags, true) &&
	    brute_ns_trusted(old->user_ns))
		brute_proc_cross(BRUTE_BOUNDARY_CREDS);
	return 0;
}

static int brute_task_fix_setgroups(struct cred *new, const struct cred *old)
{
	const struct group_info *a = new->group_info, *b = old->group_info;
	bool changed = a->ngroups != b->ngroups;
	int i;

	for (i = 0; !changed && i < a->ngroups; i++)
		changed = !gid_eq(a->gid[i], b->gid[i]);
	if (changed && brute_ns_trusted(old->user_ns))
		brute_proc_cross(BRUTE_BOUNDARY_CREDS);
	return 0;
}

/*
 * A tracer, or a process that writes the memory of another one, can make
 * it die of any signal with any siginfo, and detach before it dies: its
 * crashes say nothing about the program any more.
 */
static int brute_ptrace_access_check(struct task_struct *child,
				     unsigned int mode)
{
	if (mode & PTRACE_MODE_ATTACH)
		WRITE_ONCE(brute_proc(child)->tampered, true);
	return 0;
}

static int brute_ptrace_traceme(struct task_struct *parent)
{
	WRITE_ONCE(brute_proc(current)->tampered, true);
	return 0;
}

/* Limits set by another process can make this one fault at will. */
static int brute_task_setrlimit(struct task_struct *p, unsigned int resource,
				struct rlimit *new_rlim)
{
	if (!same_thread_group(p, current))
		WRITE_ONCE(brute_proc(p)->tampered, true);
	return 0;
}

static struct security_hook_list brute_task_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(ptrace_access_check, brute_ptrace_access_check),
	LSM_HOOK_INIT(ptrace_traceme, brute_ptrace_traceme),
	LSM_HOOK_INIT(task_setrlimit, brute_task_setrlimit),
	LSM_HOOK_INIT(task_alloc, brute_task_alloc),
	LSM_HOOK_INIT(task_free, brute_task_free),
	LSM_HOOK_INIT(bprm_creds_for_exec, brute_bprm_creds_for_exec),
	LSM_HOOK_INIT(bprm_check_security, brute_bprm_check_security),
	LSM_HOOK_INIT(bprm_committing_creds, brute_bprm_committing_creds),
	LSM_HOOK_INIT(bprm_committed_creds, brute_bprm_committed_creds),
	LSM_HOOK_INIT(task_fix_setuid, brute_task_fix_setuid),
	LSM_HOOK_INIT(task_fix_setgid, brute_task_fix_setgid),
	LSM_HOOK_INIT(task_fix_setgroups, brute_task_fix_setgroups),
};

/**
 * brute_add_task_hooks() - Register the task and exec hooks
 */
void __init brute_add_task_hooks(void)
{
	security_add_hooks(brute_task_hooks, ARRAY_SIZE(brute_task_hooks),
			   &brute_lsmid);
}
