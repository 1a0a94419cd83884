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
#include <linux/string.h>
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
 * A crash is a fault signal that the kernel raised (si_code > 0) because
 * of what the program did, or a fault signal or SIGABRT that the process
 * sent itself with kill() or tgkill() (abort(), raise()).  A SIGBUS that
 * the kernel raised counts only for a misaligned access (BUS_ADRALN): one
 * raised because the backing store of a mapping failed (a file truncated
 * under it, a full tmpfs: BUS_ADRERR, BUS_OBJERR) or because of a memory
 * error (BUS_MCEERR_*) says nothing about the layout of the program, and
 * another user can cause it.  A signal from another process never is,
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
		return brute_fault_signal(signo) &&
		       (signo != SIGBUS || siginfo->si_code == BUS_ADRALN);
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

/*
 * Kills every other process of the file of @inode; unless @everyone, only
 * those charged to @uid (brute_task_principal()), or charged so by the
 * credentials they hold now: the processes of a root master that serve
 * other tenants, and the master itself, keep running.
 *
 * The caller made the block visible (under the lock of the inode state)
 * before calling this.  Under tasklist_lock no process can fork: one that
 * forked before is in the list and is killed; one that forks after has
 * SIGKILL pending and copy_process() fails.  A process executing the file
 * concurrently publishes its attribution before it checks the block, in
 * brute_bprm_committed_creds(): either the loop below sees it, or it sees
 * the block and kills itself.  So does a process of the file that takes
 * the ids of @uid, in brute_task_fix_setuid().  A process whose leader has exited while
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
	rcu_read_lock();
	read_lock(&tasklist_lock);
	for_each_process(p) {
		bt = brute_task(p);
		if (same_thread_group(p, current) ||
		    READ_ONCE(bt->exe_inode) != inode)
			continue;
		/*
		 * Charged to @uid, or holding it now: a change of ids that
		 * another LSM refused after Brute saw it leaves no way out.
		 */
		if (!everyone && READ_ONCE(bt->charged) != uid &&
		    brute_task_principal(bt, __task_cred(p)) != uid)
			continue;
		/* Dead already: nothing runs the file any more. */
		if (p->exit_state && thread_group_empty(p))
			continue;
		if (brute_task_spared(p)) {
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
	rcu_read_unlock();

	while (victims) {
		p = victims;
		bt = brute_task(p);
		victims = bt->victim_next;
		if (brute_log_kill_ratelimit())
			pr_warn("offending process %d [%s] killed, uid %u, file %s\n",
				bt->victim_pid, brute_comm_escaped(comm, p),
				READ_ONCE(bt->charged), name);
		put_task_struct(p);
	}
	if (spared) {
		pr_warn("init process %d [%s] spared, uid %u, file %s\n",
			task_tgid_nr(spared), brute_comm_escaped(comm, spared),
			READ_ONCE(brute_task(spared)->charged), name);
		put_task_struct(spared);
	}
}

/*
 * Charges a crash to the entry of @uid in the statistics of @bi, under its
 * lock, giving the statistics more room first if a new principal needs it.
 * Fills in @entry with the entry after the crash.  Returns the verdict, or
 * -ENOMEM if the crash could not be counted.
 */
static int brute_charge(struct brute_inode *bi, u32 uid, unsigned long crossed,
			struct brute_user_stats *entry)
{
	struct brute_stats *new = NULL, *stats;
	struct brute_user_stats *e = NULL, *room = NULL;
	enum brute_verdict verdict;
	struct brute_params params;
	unsigned int size = 0;
	u64 now;

	brute_params_get(&params);
	now = ktime_get_real_seconds();
	for (;;) {
		if (!READ_ONCE(bi->stats) && !new)
			new = kzalloc_obj(*new, GFP_KERNEL_ACCOUNT);
		if (size && !room)
			room = kmalloc_array(size, sizeof(*room),
					     GFP_KERNEL_ACCOUNT);
		spin_lock(&bi->lock);
		if (!bi->stats && new) {
			WRITE_ONCE(bi->stats, new);
			new = NULL;
		}
		stats = bi->stats;
		if (!stats || (size && !room))
			break;
		room = brute_stats_grow(stats, room, size);
		e = brute_stats_charge(stats, uid, now);
		if (e)
			break;
		size = brute_stats_room(stats);
		spin_unlock(&bi->lock);
		kfree(room);
		room = NULL;
	}
	if (!stats || !e) {
		spin_unlock(&bi->lock);
		brute_stats_free(new);
		kfree(room);
		return -ENOMEM;
	}
	stats->boundaries |= crossed & BRUTE_BOUNDARY_MASK;
	brute_stats_expire(stats, uid, now, &params);
	/* Found again: the expiry changes no place. */
	verdict = brute_entry_crash(e, now, &params);
	if (verdict != BRUTE_NO_ATTACK)
		brute_entry_block(e, now);
	*entry = *e;
	spin_unlock(&bi->lock);
	brute_stats_free(new);
	kfree(room);
	return verdict;
}

/* Counts a crash of @exe charged to @uid, and stops an attack. */
static void brute_count_crash(struct file *exe, u32 uid, unsigned long crossed)
{
	char comm[BRUTE_COMM_ESC_LEN], until[32];
	struct brute_user_stats entry;
	struct brute_params params;
	struct brute_inode *bi;
	bool everyone;
	u64 length;
	int verdict;
	char *name;

	/* The state was allocated when the file was executed. */
	bi = brute_inode_peek(file_inode(exe));
	if (!bi)
		return;
	verdict = brute_charge(bi, uid, crossed, &entry);
	if (verdict < 0) {
		pr_warn_ratelimited("crash of inode %llu not counted: out of memory\n",
				    bi->ino);
		return;
	}

	/* Written later, by a worker: never here, in signal delivery. */
	brute_inode_dirty(bi, exe);
	if (verdict == BRUTE_NO_ATTACK)
		return;

	everyone = brute_entry_everyone(&entry);
	brute_params_get(&params);
	length = brute_block_length(entry.block_count, &params);
	if (length)
		snprintf(until, sizeof(until), "for %llus", length);
	else
		strscpy(until, "until lifted");
	name = brute_path_escaped(&exe->f_path, GFP_KERNEL);
	if (brute_log_ratelimit()) {
		if (everyone)
			pr_warn("fork brute force attack detected: pid %d [%s], uid %u, file %s, %s (faults %u, crash period EMA %llus, block %s), blocked for everyone\n",
				task_tgid_nr(current),
				brute_comm_escaped(comm, current), uid,
				name ?: "(unknown)", brute_verdict_str(verdict),
				entry.faults, entry.ema, until);
		else
			pr_warn("fork brute force attack detected: pid %d [%s], uid %u, file %s, %s (faults %u, crash period EMA %llus, block %s), blocked for uid %u\n",
				task_tgid_nr(current),
				brute_comm_escaped(comm, current), uid,
				name ?: "(unknown)", brute_verdict_str(verdict),
				entry.faults, entry.ema, until, uid);
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
	brute_count_crash(proc->exe, brute_task_principal(proc, current_cred()),
			  crossed);
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
