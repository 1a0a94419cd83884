// SPDX-License-Identifier: GPL-2.0
/*
 * Brute LSM - The network to local boundary
 *
 * Copyright (C) 2026 The Brute developers
 */

#include <linux/in.h>
#include <linux/lsm_hooks.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/brute.h>

#include "common.h"
#include "net.h"
#include "task.h"

/*
 * True if connections accepted on @sock come from the network: any socket
 * but AF_UNIX and AF_NETLINK ones, unless bound to a loopback address.
 */
static bool brute_sock_from_network(const struct socket *sock)
{
	const struct sock *sk = sock->sk;

	if (!sk)
		return false;
	switch (sk->sk_family) {
	case AF_UNIX:
	case AF_NETLINK:
		return false;
	case AF_INET:
		return !ipv4_is_loopback(inet_sk(sk)->inet_rcv_saddr);
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		if (ipv6_addr_v4mapped(&sk->sk_v6_rcv_saddr))
			return !ipv4_is_loopback(sk->sk_v6_rcv_saddr.s6_addr32[3]);
		return !ipv6_addr_loopback(&sk->sk_v6_rcv_saddr);
#endif
	default:
		return true;
	}
}

static int brute_socket_accept(struct socket *sock, struct socket *newsock)
{
	if (brute_sock_from_network(sock)) {
		/* This program, and the next one its children execute. */
		brute_task(current)->net = true;
		brute_task_boundary(BRUTE_BOUNDARY_NETWORK);
	}
	return 0;
}

static struct security_hook_list brute_net_hooks[] __ro_after_init = {
	LSM_HOOK_INIT(socket_accept, brute_socket_accept),
};

/**
 * brute_add_net_hooks() - Register the network hooks
 */
void __init brute_add_net_hooks(void)
{
	security_add_hooks(brute_net_hooks, ARRAY_SIZE(brute_net_hooks),
			   &brute_lsmid);
}
