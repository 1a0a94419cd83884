/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Per-process state
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_TASK_H
#define _SECURITY_BRUTE_TASK_H

#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/types.h>
#include <linux/uidgid.h>

#include "common.h"

/**
 * struct brute_task - Task security blob
 *
 * The first fields describe the process: they are meaningful in the blob of
 * its thread group leader only (see brute_proc()), which lives as long as
 * any thread of the process.
 *
 * @exe: The file whose privilege the process holds, charged with its
 *       crashes: the file named in its last execve() (a script rather than
 *       its interpreter), or the interpreter that gave it its privilege.
 *       Inherited at fork.  Holds a reference, dropped with fput(), which is
 *       safe in the atomic context of task_free.  Written at execve(), when
 *       the process has a single thread, and in a new process before it
 *       runs.
 * @exe_inode: file_inode(@exe), as a cookie that other tasks compare with
 *             READ_ONCE() (the kill sweep, under tasklist_lock) and never
 *             dereference.  Written with WRITE_ONCE().
 * @uid: The principal that executed the program: brute_principal() of the
 *       credentials at execve() (the real user id, which a setuid bit does
 *       not change).  Written at execve(); inherited at fork.
 * @charged: The principal the process is charged as now,
 *           brute_task_principal(): @uid, or for a program that root
 *           executed, the real user id it took since.  Written by the
 *           process itself (execve(), and every change of its real uid,
 *           before the change is committed) with WRITE_ONCE(), read by the
 *           sweep with READ_ONCE().
 * @crossed: The privilege boundaries the process crossed since its last
 *           execve(), %BRUTE_BOUNDARY_* bits; zero if it crossed none.
 *           Set at execve(), and by any thread with an atomic or (a change
 *           of ids, an accept from the network, which may run in atomic
 *           context); inherited at fork.
 * @net_uid: The real, effective and saved user ids the process had when it
 *           crossed the network boundary, by an accept or by an execve()
 *           holding a connection: an execve() with the same ids keeps the
 *           crossing (a server executing a program for a connection).
 *           Written by the process itself, with WRITE_ONCE(); inherited at
 *           fork.
 * @tampered: Another process could have forged the crash of this one
 *            since its last execve(): it traced it, or wrote its memory,
 *            or changed its resource limits.  Set with WRITE_ONCE().
 * @crashed: The crash of this process death was counted.  Claimed once,
 *           with cmpxchg(), by the first thread that dies from a crash.
 * @killed: Brute's mitigation killed the process.  Claimed once, with
 *          cmpxchg(), by the sweep or the process itself that then sends
 *          the SIGKILL and logs it.
 *
 * The other fields belong to the task itself.
 *
 * @pending: The file named in execve(), between the bprm_creds_for_exec and
 *           bprm_committed_creds hooks of that execve().
 * @pending_priv: The interpreter that gave the process its privilege, when
 *                the privilege came from it, for the same span.
 * @pending_crossed: The boundaries crossed by that execve().
 * @storing: The task is writing or removing a record; the xattr hooks
 *           ignore that change.
 * @victim_next: The next process in the list of those that a sweep killed,
 *               kept from the kill under tasklist_lock to the log line
 *               written after it; owned by the sweeping task, which holds a
 *               reference on each process of its list.
 * @victim_pid: The pid of the process when the sweep killed it, for that
 *              log line; owned by the sweeping task.
 */
struct brute_task {
	struct file *exe;
	const struct inode *exe_inode;
	u32 uid;
	u32 charged;
	atomic_long_t crossed;
	kuid_t net_uid[3];
	bool tampered;
	unsigned int crashed;
	unsigned int killed;
	struct file *pending;
	struct file *pending_priv;
	unsigned long pending_crossed;
	bool storing;
	struct task_struct *victim_next;
	pid_t victim_pid;
};

static inline struct brute_task *brute_task(const struct task_struct *task)
{
	return task->security + brute_blob_sizes.lbs_task;
}

/**
 * brute_proc() - Get the state of the process of a task
 * @task: The task, current or pinned by the caller.
 *
 * Return: The blob of the thread group leader of @task.
 */
static inline struct brute_task *brute_proc(const struct task_struct *task)
{
	return brute_task(READ_ONCE(task->group_leader));
}

bool brute_ns_trusted(const struct user_namespace *ns);
u32 brute_principal(const struct cred *cred);
u32 brute_charged_principal(u32 exec_uid, u32 uid);
u32 brute_task_principal(const struct brute_task *proc,
			 const struct cred *cred);
bool brute_sweep_spares(bool global_init, bool kthread);
bool brute_task_spared(struct task_struct *task);
void brute_proc_cross(unsigned long boundary);
void brute_proc_cross_network(const struct cred *cred);
bool brute_task_kill(struct task_struct *task);
void __init brute_add_task_hooks(void);

#endif /* _SECURITY_BRUTE_TASK_H */
