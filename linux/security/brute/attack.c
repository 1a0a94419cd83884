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
 * Kills every other process started from the file of @inode.
 *
 * The caller made the block visible (under the lock of the inode state)
 * before calling this.  Under tasklist_lock no process can fork: one that
 * forked before is in the list and is killed; one that forks after has
 * SIGKILL pending and copy_process() fails.  A process executing the file
 * concurrently publishes its attribution before it checks the block, in
 * brute_bprm_committed_creds(): either the loop below sees it, or it sees
 * the block and kills itself.
 */
static void brute_sweep(const struct inode *inode)
{
	struct task_struct *p;

	read_lock(&tasklist_lock);
	for_each_process(p) {
		if (same_thread_group(p, current) || p->exit_state ||
		    READ_ONCE(brute_task(p)->exe_inode) != inode)
			continue;
		pr_warn("offending process %d [%s] killed\n", task_tgid_nr(p),
			p->comm);
		do_send_sig_info(SIGKILL, SEND_SIG_PRIV, p, PIDTYPE_TGID);
	}
	read_unlock(&tasklist_lock);
}

static void brute_task_fatal_signal(const kernel_siginfo_t *siginfo)
{
	struct file *exe = brute_task(current)->exe;
	enum brute_verdict verdict;
	struct brute_params params;
	struct brute_inode *bi;
	struct brute_stats stats;
	char *buf;

	if (!exe || !brute_is_crash(siginfo))
		return;
	bi = brute_inode_get(exe->f_path.dentry);
	if (!bi)
		return;

	brute_params_get(&params);
	spin_lock(&bi->lock);
	if (!bi->record) {
		/* No privilege boundary crossed: nothing to protect. */
		spin_unlock(&bi->lock);
		return;
	}
	verdict = brute_stats_crash(&bi->stats, ktime_get_real_seconds(),
				    &params);
	if (verdict != BRUTE_NO_ATTACK &&
	    !(bi->stats.flags & BRUTE_RECORD_NOT_ALLOWED)) {
		bi->stats.flags |= BRUTE_RECORD_NOT_ALLOWED;
		bi->stats.flags &= ~BRUTE_RECORD_EXPIRED;
		bi->stats.block_time = bi->stats.last_crash;
		bi->stats.block_count++;
	}
	stats = bi->stats;
	spin_unlock(&bi->lock);

	if (verdict != BRUTE_NO_ATTACK) {
		pr_warn("fork brute force attack detected: pid %d [%s], file %s, %s (faults %u, crash period EMA %llus)\n",
			task_tgid_nr(current), current->comm,
			brute_path(&exe->f_path, &buf),
			brute_verdict_str(verdict), stats.faults, stats.ema);
		kfree(buf);
		brute_sweep(file_inode(exe));
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
