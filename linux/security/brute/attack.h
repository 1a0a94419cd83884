/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - Crash accounting, attack detection and mitigation
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_ATTACK_H
#define _SECURITY_BRUTE_ATTACK_H

#include <linux/init.h>
#include <linux/signal_types.h>
#include <linux/types.h>

bool brute_is_crash(const kernel_siginfo_t *siginfo, pid_t self);
void __init brute_add_attack_hooks(void);

#endif /* _SECURITY_BRUTE_ATTACK_H */
