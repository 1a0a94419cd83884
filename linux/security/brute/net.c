// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - The network to local boundary
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/fdtable.h>
#include <linux/in.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/sched.h>
#include <linux/socket.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "inode.h"
#include "net.h"
#include "task.h"

/* True if the peer of a connected inet or inet6 socket is not loopback. */
static bool brute_peer_remote(const struct sock *sk)
{
	switch (sk->sk_family) {
	case AF_INET:
		return !ipv4_is_loopback(sk->sk_daddr);
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		if (ipv6_addr_v4mapped(&sk->sk_v6_daddr))
			return !ipv4_is_loopback(sk->sk_v6_daddr.s6_addr32[3]);
		return !ipv6_addr_loopback(&sk->sk_v6_daddr);
#endif
	default:
		return false;
	}
}

/*
 * Called when accept() has a new connection, and only then: a failed
 * accept() crosses nothing.  Runs under the callback lock of the socket:
 * marks the socket, for the programs executed while they hold it, and the
 * accepting process.
 */
static void brute_sock_graft(struct sock *sk, struct socket *parent)
{
	if (!brute_peer_remote(sk))
		return;
	WRITE_ONCE(brute_inode_sec(SOCK_INODE(parent))->sock_flags,
		   BRUTE_SOCK_NETWORK);
	if (!(current->flags & PF_KTHREAD))
		brute_proc_cross(BRUTE_BOUNDARY_NETWORK);
}

static int brute_fd_network(const void *unused, struct file *file,
			    unsigned int fd)
{
	const struct inode *inode = file_inode(file);

	if (!S_ISSOCK(inode->i_mode) || !inode->i_security)
		return 0;
	return READ_ONCE(brute_inode_sec(inode)->sock_flags) &
	       BRUTE_SOCK_NETWORK;
}

/**
 * brute_files_network() - Tell whether the current task holds a connection
 *                         accepted from the network
 *
 * Context: Process context; takes the file table lock.
 * Return: True if one of its descriptors is such a connection.
 */
bool brute_files_network(void)
{
	return current->files &&
	       iterate_fd(current->files, 0, brute_fd_network, NULL);
}

static struct security_hook_list brute_net_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(sock_graft, brute_sock_graft),
};

/**
 * brute_add_net_hooks() - Register the network hooks
 */
void __init brute_add_net_hooks(void)
{
	security_add_hooks(brute_net_hooks, ARRAY_SIZE(brute_net_hooks),
			   &brute_lsmid);
}
