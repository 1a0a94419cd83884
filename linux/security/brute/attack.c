// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Crash accounting, attack detection and mitigation
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/cred.h>
#include <linux/lsm_hooks.h>
#include <linux/mm_types.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <uapi/linux/brute.h>

#include "attack.h"
#include "common.h"
#include "inode.h"
#include "log.h"
#include "params.h"
#include "stats.h"
#include "task.h"

static bool brute_fault_signal(int signo)
{
	switch (signo) {
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
	case SIGSYS:
		return true;
	default:
		return false;
	}
}

/**
 * brute_is_crash() - Tell whether a fatal signal is a crash
 * @siginfo: The signal killing the task.
 * @self: The thread group id of the dying task, in its pid namespace.
 *
 * A crash is a fault signal that the kernel raised (si_code > 0), or a
 * fault signal or SIGABRT that the process sent itself with kill() or
 * tgkill() (abort(), raise()).  A signal from another process never is,
 * whoever sends it: kill() and tgkill() record the sender, and sigqueue()
 * lets any sender claim any pid, so it never counts.  SIGKILL never is.
 *
 * Return: True if the signal counts as a crash.
 */
bool brute_is_crash(const kernel_siginfo_t *siginfo, pid_t self)
{
	int signo = siginfo->si_signo;

	if (!brute_fault_signal(signo) && signo != SIGABRT)
		return false;
	if (siginfo->si_code > 0)
		return brute_fault_signal(signo);
	if (siginfo->si_code == SI_USER || siginfo->si_code == SI_TKILL)
		return siginfo->si_pid == self;
	return false;
}

/*
 * An execve() that failed after its point of no return kills the task
 * with force_fatal_sig(SIGSEGV) before the new program ran: its stack was
 * never set up, so its environment has no end yet.  Such a death says
 * nothing about the program.
 */
static bool brute_exec_failed(const kernel_siginfo_t *siginfo)
{
	return siginfo->si_signo == SIGSEGV && siginfo->si_code == SI_KERNEL &&
	       current->mm && !READ_ONCE(current->mm->env_end);
}

/**
 * brute_sweep_spares() - Tell whether the sweep spares a process
 * @global_init: The process is the global init (PID 1).
 * @kthread: The process is a kernel thread.
 *
 * Return: True if the sweep must not kill the process.
 */
bool brute_sweep_spares(bool global_init, bool kthread)
{
	return global_init || kthread;
}

/*
 * Kills every other process of the file of @inode; unless @everyone, only
 * those whose program @uid executed.
 *
 * The caller made the block visible (under the lock of the inode state)
 * before calling this.  Under tasklist_lock no process can fork: one that
 * forked before is in the list and is killed; one that forks after has
 * SIGKILL pending and copy_process() fails.  A process executing the file
 * concurrently publishes its attribution before it checks the block, in
 * brute_bprm_committed_creds(): either the loop below sees it, or it sees
 * the block and kills itself.  A process whose leader has exited while
 * other threads run is still in the list, through its zombie leader, and
 * is killed too.
 *
 * The loop only compares and signals, in time linear in the number of
 * processes.  The processes it killed are logged after tasklist_lock is
 * released, so that a slow console does not hold up every fork and exit of
 * the system.
 */
static void brute_sweep(const struct inode *inode, bool everyone, u32 uid,
			const char *name)
{
	struct task_struct *p, *victims = NULL, *spared = NULL;
	char comm[BRUTE_COMM_ESC_LEN];
	struct brute_task *bt;

	/*
	 * The block is visible before any attribution is read: pairs with
	 * the smp_mb() of brute_bprm_committed_creds().
	 */
	smp_mb();
	read_lock(&tasklist_lock);
	for_each_process(p) {
		bt = brute_task(p);
		if (same_thread_group(p, current) ||
		    READ_ONCE(bt->exe_inode) != inode)
			continue;
		if (!everyone && READ_ONCE(bt->uid) != uid)
			continue;
		/* Dead already: nothing runs the file any more. */
		if (p->exit_state && thread_group_empty(p))
			continue;
		if (brute_sweep_spares(is_global_init(p),
				       p->flags & PF_KTHREAD)) {
			if (!spared && is_global_init(p))
				spared = get_task_struct(p);
			continue;
		}
		/* Killed already, and logged, by another sweep or itself. */
		if (!brute_task_kill(p))
			continue;
		get_task_struct(p);
		bt->victim_pid = task_tgid_nr(p);
		bt->victim_next = victims;
		victims = p;
	}
	read_unlock(&tasklist_lock);

	while (victims) {
		p = victims;
		bt = brute_task(p);
		victims = bt->victim_next;
		if (brute_log_kill_ratelimit())
			pr_warn("offending process %d [%s] killed, uid %u, file %s\n",
				bt->victim_pid, brute_comm_escaped(comm, p),
				READ_ONCE(bt->uid), name);
		put_task_struct(p);
	}
	if (spared) {
		pr_warn("init process %d [%s] spared, uid %u, file %s\n",
			task_tgid_nr(spared), brute_comm_escaped(comm, spared),
			READ_ONCE(brute_task(spared)->uid), name);
		put_task_struct(spared);
	}
}

/* Counts a crash of @exe charged to @uid, and stops an attack. */
static void brute_count_crash(struct file *exe, u32 uid, unsigned long crossed)
{
	struct brute_stats *new = NULL, *stats;
	struct brute_user_stats *entry;
	enum brute_verdict verdict;
	struct brute_params params;
	char comm[BRUTE_COMM_ESC_LEN];
	struct brute_inode *bi;
	bool everyone;
	u32 faults;
	u64 now, ema;
	char *name;

	/* The state was allocated when the file was executed. */
	bi = brute_inode_peek(file_inode(exe));
	if (!bi)
		return;
	if (!READ_ONCE(bi->stats))
		new = kzalloc_obj(*new, GFP_KERNEL_ACCOUNT);

	brute_params_get(&params);
	now = ktime_get_real_seconds();
	spin_lock(&bi->lock);
	if (!bi->stats) {
		if (!new) {
			spin_unlock(&bi->lock);
			pr_warn_ratelimited("crash of inode %llu not counted: out of memory\n",
					    bi->ino);
			return;
		}
		WRITE_ONCE(bi->stats, new);
		new = NULL;
	}
	stats = bi->stats;
	stats->boundaries |= crossed & BRUTE_BOUNDARY_MASK;
	brute_stats_expire(stats, uid, now, params.block_duration);
	entry = brute_stats_charge(stats, uid, now);
	verdict = brute_entry_crash(entry, now, &params);
	if (verdict != BRUTE_NO_ATTACK)
		brute_entry_block(entry, now);
	everyone = brute_entry_everyone(stats, entry);
	faults = entry->faults;
	ema = entry->ema;
	spin_unlock(&bi->lock);
	kfree(new);

	/* Written later, by a worker: never here, in signal delivery. */
	brute_inode_dirty(bi, exe);
	if (verdict == BRUTE_NO_ATTACK)
		return;

	name = brute_path_escaped(&exe->f_path, GFP_KERNEL);
	if (brute_log_ratelimit()) {
		if (everyone)
			pr_warn("fork brute force attack detected: pid %d [%s], uid %u, file %s, %s (faults %u, crash period EMA %llus), blocked for everyone\n",
				task_tgid_nr(current),
				brute_comm_escaped(comm, current), uid,
				name ?: "(unknown)", brute_verdict_str(verdict),
				faults, ema);
		else
			pr_warn("fork brute force attack detected: pid %d [%s], uid %u, file %s, %s (faults %u, crash period EMA %llus), blocked for uid %u\n",
				task_tgid_nr(current),
				brute_comm_escaped(comm, current), uid,
				name ?: "(unknown)", brute_verdict_str(verdict),
				faults, ema, uid);
	}
	brute_sweep(file_inode(exe), everyone, uid, name ?: "(unknown)");
	kfree(name);
	brute_blocked_sync(bi, &exe->f_path);
}

static void brute_task_fatal_signal(const kernel_siginfo_t *siginfo)
{
	struct brute_task *proc = brute_proc(current);
	unsigned long crossed = atomic_long_read(&proc->crossed);

	/* A process that crossed nothing risks nobody else's privilege. */
	if (!crossed || !proc->exe)
		return;
	if (!brute_is_crash(siginfo, task_tgid_vnr(current)))
		return;
	/* A tracer can forge the siginfo of the signals it delivers. */
	if (current->ptrace || READ_ONCE(proc->tampered) ||
	    brute_exec_failed(siginfo))
		return;
	/* One process death is one crash, however many threads fault. */
	if (cmpxchg(&proc->crashed, 0, 1))
		return;
	brute_count_crash(proc->exe, READ_ONCE(proc->uid), crossed);
}

static struct security_hook_list brute_attack_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(task_fatal_signal, brute_task_fatal_signal),
};

/**
 * brute_add_attack_hooks() - Register the crash hook
 */
void __init brute_add_attack_hooks(void)
{
	security_add_hooks(brute_attack_hooks, ARRAY_SIZE(brute_attack_hooks),
			   &brute_lsmid);
}
