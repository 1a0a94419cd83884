// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - Crash accounting, attack detection and mitigation
 *
 * Copyright (C) 2026 The Brute developers
 */

#define pr_fmt(fmt) "brute: " fmt

#include <linux/cred.h>
#include <linux/lsm_hooks.h>
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
#include "params.h"
#include "stats.h"
#include "task.h"

/**
 * brute_is_crash() - Tell whether a fatal signal is a crash
 * @siginfo: The signal killing the task.
 *
 * A crash is a fault signal raised by the kernel, or SIGABRT from anyone
 * (abort() sends it to itself).  SIGKILL and the other signals sent from
 * userspace never are.
 *
 * Return: True if the signal counts as a crash.
 */
bool brute_is_crash(const kernel_siginfo_t *siginfo)
{
	switch (siginfo->si_signo) {
	case SIGABRT:
		return true;
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
	case SIGSYS:
		return SI_FROMKERNEL(siginfo);
	default:
		return false;
	}
}

/*
 * Kills every other process started from the file of @inode; with
 * @scope_user, only those of the real user @uid.
 *
 * The caller made the block visible (under the lock of the inode state)
 * before calling this.  Under tasklist_lock no process can fork: one that
 * forked before is in the list and is killed; one that forks after has
 * SIGKILL pending and copy_process() fails.  A process executing the file
 * concurrently publishes its attribution before it checks the block, in
 * brute_bprm_committed_creds(): either the loop below sees it, or it sees
 * the block and kills itself.
 *
 * The loop only compares and signals, in time linear in the number of
 * processes.  The processes it killed are logged after tasklist_lock is
 * released, so that a slow console does not hold up every fork and exit of
 * the system.
 */
static void brute_sweep(const struct inode *inode, bool scope_user, u32 uid)
{
	struct task_struct *p, *victims = NULL;
	struct brute_task *bt;

	read_lock(&tasklist_lock);
	rcu_read_lock();
	for_each_process(p) {
		bt = brute_task(p);
		if (same_thread_group(p, current) || p->exit_state ||
		    READ_ONCE(bt->exe_inode) != inode)
			continue;
		if (scope_user &&
		    from_kuid(&init_user_ns, task_uid(p)) != uid)
			continue;
		/* Killed already, and logged, by another sweep or itself. */
		if (!brute_task_kill(p))
			continue;
		get_task_struct(p);
		bt->victim_pid = task_tgid_nr(p);
		bt->victim_next = victims;
		victims = p;
	}
	rcu_read_unlock();
	read_unlock(&tasklist_lock);

	while (victims) {
		p = victims;
		bt = brute_task(p);
		victims = bt->victim_next;
		pr_warn("offending process %d [%s] killed\n", bt->victim_pid,
			p->comm);
		put_task_struct(p);
	}
}

/*
 * A block of the attacking user only is enough when the task crossed the
 * boundary through the setuid or setgid bits or the file capabilities of
 * its file, not from the network, and its real user is not root.
 */
static bool brute_scope_user(const struct brute_task *bt)
{
	return bt->setid && !bt->net && !uid_eq(current_uid(), GLOBAL_ROOT_UID);
}

static void brute_task_fatal_signal(const kernel_siginfo_t *siginfo)
{
	const struct brute_task *bt = brute_task(current);
	u32 uid = from_kuid(&init_user_ns, current_uid());
	struct file *exe = bt->exe;
	enum brute_verdict verdict;
	struct brute_params params;
	struct brute_inode *bi;
	struct brute_stats stats;
	char *buf;
	u64 now;

	if (!exe || !brute_is_crash(siginfo))
		return;
	bi = brute_inode_get(exe->f_path.dentry);
	if (!bi)
		return;

	brute_params_get(&params);
	now = ktime_get_real_seconds();
	spin_lock(&bi->lock);
	if (!bi->record) {
		/* No privilege boundary crossed: nothing to protect. */
		spin_unlock(&bi->lock);
		return;
	}
	if (brute_block_state(&bi->stats, uid, now, params.block_duration) ==
	    BRUTE_EXPIRED)
		brute_stats_expire(&bi->stats);
	verdict = brute_stats_crash(&bi->stats, now, &params);
	if (verdict != BRUTE_NO_ATTACK)
		brute_stats_block(&bi->stats, now, brute_scope_user(bt), uid);
	stats = bi->stats;
	spin_unlock(&bi->lock);

	if (verdict != BRUTE_NO_ATTACK) {
		bool scope_user = stats.flags & BRUTE_RECORD_SCOPE_USER;

		pr_warn("fork brute force attack detected: pid %d [%s], file %s, %s (faults %u, crash period EMA %llus), blocked for %s %u\n",
			task_tgid_nr(current), current->comm,
			brute_path(&exe->f_path, &buf),
			brute_verdict_str(verdict), stats.faults, stats.ema,
			scope_user ? "uid" : "everyone, attacker uid", uid);
		kfree(buf);
		brute_sweep(file_inode(exe), scope_user, stats.block_uid);
	}
	brute_inode_store(bi, &exe->f_path);
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
