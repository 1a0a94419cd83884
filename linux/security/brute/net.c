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
#include <net/addrconf.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/sock.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "inode.h"
#include "net.h"
#include "task.h"

/*
 * Set once a connection from the network was accepted: until then, an
 * execve() has no descriptor to look for.
 */
static bool brute_net_seen;

/*
 * True if the peer of a connected inet or inet6 socket is on another host:
 * not a loopback address, and not an address of this network namespace (a
 * local user connecting to the host's own LAN address is no more remote
 * than through loopback).  Runs in atomic context; the lookups use RCU.
 */
static bool brute_peer_remote(const struct sock *sk)
{
	struct net *net = sock_net(sk);

	switch (sk->sk_family) {
#if IS_ENABLED(CONFIG_INET)
	case AF_INET:
		return !ipv4_is_loopback(sk->sk_daddr) &&
		       inet_addr_type(net, sk->sk_daddr) != RTN_LOCAL;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		if (ipv6_addr_v4mapped(&sk->sk_v6_daddr))
			return !ipv4_is_loopback(sk->sk_v6_daddr.s6_addr32[3]) &&
			       inet_addr_type(net, sk->sk_v6_daddr.s6_addr32[3]) !=
			       RTN_LOCAL;
		if (ipv6_addr_loopback(&sk->sk_v6_daddr) ||
		    ipv6_addr_equal(&sk->sk_v6_daddr, &sk->sk_v6_rcv_saddr))
			return false;
#if IS_BUILTIN(CONFIG_IPV6)
		return !ipv6_chk_addr(net, &sk->sk_v6_daddr, NULL, 0);
#else
		return true;
#endif
#endif
#endif
	default:
		return false;
	}
}

/*
 * Called when accept() has a new connection, and only then: a failed
 * accept() crosses nothing.  Runs under the callback lock of the socket:
 * marks the socket, for the programs executed while they hold it, and the
 * accepting process, with the ids that keep the crossing across its
 * execve()s.  The global init only hands its connections over: it is never
 * marked, or every process it forks would be.
 */
static void brute_sock_graft(struct sock *sk, struct socket *parent)
{
	if (!brute_peer_remote(sk))
		return;
	WRITE_ONCE(brute_inode_sec(SOCK_INODE(parent))->sock_flags,
		   BRUTE_SOCK_NETWORK);
	if (!READ_ONCE(brute_net_seen))
		WRITE_ONCE(brute_net_seen, true);
	if (!brute_task_spared(current))
		brute_proc_cross_network(current_cred());
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
	return READ_ONCE(brute_net_seen) && current->files &&
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
