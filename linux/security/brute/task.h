/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Per-task state
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_TASK_H
#define _SECURITY_BRUTE_TASK_H

#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "common.h"

/**
 * struct brute_task - Task security blob
 * @exe: The file named in the last successful execve() of the task, the
 *       script rather than its interpreter; inherited at fork.  Crashes of
 *       the task are charged to it.  Holds a reference, dropped with fput()
 *       which is safe in the atomic context of task_free.  Written by the
 *       task itself at exec, read by the task itself, and set in a new
 *       task before it runs.
 * @exe_inode: file_inode(@exe), as a cookie that other tasks compare with
 *             READ_ONCE() (the kill sweep, under tasklist_lock) and never
 *             dereference.  Written with WRITE_ONCE() by the task itself.
 * @pending: The file being executed, between the bprm_creds_for_exec and
 *           bprm_committed_creds hooks of the same execve(); owned by the
 *           task.
 * @net: The task accepted a connection from the network, or descends from
 *       one that did without executing since: the next program it executes
 *       crossed the network to local boundary.  Owned by the task.
 * @setid: The task runs a program that it executed through its setuid or
 *         setgid bits or its file capabilities; inherited at fork.  Owned by
 *         the task.
 * @storing: The task is writing a record; the xattr hooks ignore that
 *           write.  Owned by the task.
 * @killed: Brute's mitigation killed the process whose leader this task
 *          is.  Set once, with cmpxchg(), by the one sweep (under
 *          tasklist_lock) or the task itself that then sends the SIGKILL;
 *          read with READ_ONCE() by brute_task_killed() when the parent is
 *          notified or reaps it.
 * @victim_next: The next process in the list of those that a sweep killed,
 *               kept from the kill under tasklist_lock to the log line
 *               written after it; owned by the sweeping task, which holds a
 *               reference on each process of its list.
 * @victim_pid: The pid of the process when the sweep killed it, for that
 *              log line; owned by the sweeping task.
 */
struct brute_task {
	struct file *exe;
	struct inode *exe_inode;
	struct file *pending;
	bool net;
	bool setid;
	bool storing;
	unsigned int killed;
	struct task_struct *victim_next;
	pid_t victim_pid;
};

static inline struct brute_task *brute_task(const struct task_struct *task)
{
	return task->security + brute_blob_sizes.lbs_task;
}

void brute_task_boundary(u16 boundary);
bool brute_task_kill(struct task_struct *task);
void __init brute_add_task_hooks(void);

#endif /* _SECURITY_BRUTE_TASK_H */
