/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute LSM - The network to local boundary
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SECURITY_BRUTE_NET_H
#define _SECURITY_BRUTE_NET_H

#include <linux/init.h>
#include <linux/types.h>

#ifdef CONFIG_SECURITY_NETWORK
bool brute_files_network(void);
void __init brute_add_net_hooks(void);
#else
static inline bool brute_files_network(void)
{
	return false;
}

static inline void brute_add_net_hooks(void) { }
#endif

#endif /* _SECURITY_BRUTE_NET_H */
