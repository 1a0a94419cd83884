// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - a program that crashes on demand
 *
 * The tests copy this program to fresh files (setuid or not) and make it
 * crash in the ways an attacker would.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <alloca.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(100);
}

/* A fault raised by the kernel: SIGSEGV with si_code SEGV_ACCERR. */
static void segv(void)
{
	int *page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			 -1, 0);

	if (page == MAP_FAILED)
		die("mmap");
	*page = 1;
	exit(101);
}

static void become(const char *uid)
{
	uid_t id = strtoul(uid, NULL, 10);

	if (setresgid(id, id, id) || setresuid(id, id, id))
		die("setresuid");
}

/* The stack a request takes, and a limit too low for it. */
#define REQUEST_STACK (1024 * 1024)
#define LOW_STACK_LIMIT (256 * 1024)

/*
 * Uses @size bytes of stack, touching each page from the top down: under
 * a stack limit lower than that, the kernel refuses to grow the stack and
 * the process dies of SIGSEGV.  (A function that calls alloca() is never
 * inlined: the stack is given back at each return.)  The stores are
 * atomic so that the compiler keeps them.
 */
static void use_stack(size_t size)
{
	char *buf = alloca(size);
	size_t i;

	for (i = size; i >= 4096; i -= 4096)
		__atomic_store_n(&buf[i - 1], 1, __ATOMIC_RELAXED);
	__atomic_store_n(&buf[0], 1, __ATOMIC_RELAXED);
}

/* Requests received; SIGUSR1 is blocked but in sigsuspend(). */
static int requests;

static void on_request(int sig)
{
	__atomic_add_fetch(&requests, 1, __ATOMIC_SEQ_CST);
}

/*
 * A daemon's worker: started by root, it gives up root for @uid after its
 * execve() (a change of ids: it crossed, charged to root), makes itself
 * dumpable again as nginx workers do, and serves requests: each SIGUSR1
 * is one, which takes REQUEST_STACK bytes of stack.
 */
static void worker(const char *uid)
{
	struct sigaction sa = { .sa_handler = on_request };
	sigset_t mask, none;

	become(uid);
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0))
		die("prctl");
	sigemptyset(&none);
	sigemptyset(&mask);
	sigaddset(&mask, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) ||
	    sigaction(SIGUSR1, &sa, NULL))
		die("sigaction");
	printf("sleeping\n");
	fflush(stdout);
	for (;;) {
		sigsuspend(&none);
		while (__atomic_load_n(&requests, __ATOMIC_SEQ_CST)) {
			__atomic_sub_fetch(&requests, 1, __ATOMIC_SEQ_CST);
			use_stack(REQUEST_STACK);
		}
	}
}

/*
 * The same worker, which lowers its own stack limit, then serves a
 * request: the kernel refuses to grow its stack.
 */
static void own_limit_segv(const char *uid)
{
	struct rlimit lim;

	become(uid);
	if (getrlimit(RLIMIT_STACK, &lim))
		die("getrlimit");
	lim.rlim_cur = LOW_STACK_LIMIT;
	if (setrlimit(RLIMIT_STACK, &lim))
		die("setrlimit");
	use_stack(REQUEST_STACK);
	exit(101);
}

/* Forks @n children that crash, waiting for each; returns how many did. */
static int fork_crash(int n, int user_signal)
{
	int i, crashed = 0;

	for (i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			if (user_signal)
				kill(getpid(), SIGSEGV);
			segv();
		}
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		crashed += WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
	}
	return crashed;
}

/*
 * A TCP socket listening on @port, or on any free port for 0, whose number
 * goes to *@bound: on every IPv4 address, on the IPv4 loopback address
 * with @loopback, or on every IPv6 and IPv4 address with @ipv6.
 */
static int listen_on(int port, bool loopback, bool ipv6, int *bound)
{
	struct sockaddr_storage ss = {};
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	int one = 1, zero = 0, fd;
	socklen_t len;

	if (ipv6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = in6addr_any;
		len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(loopback ? INADDR_LOOPBACK :
						       INADDR_ANY);
		len = sizeof(*sin);
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ipv6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64))
		die("bind/listen");
	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		die("getsockname");
	if (bound)
		*bound = ntohs(ipv6 ? sin6->sin6_port : sin->sin_port);
	return fd;
}

static int listen_any(int port, int *bound)
{
	return listen_on(port, false, false, bound);
}

/*
 * Serves TCP connections on @port: for each one, a child either crashes
 * (a daemon that forks per connection) or executes @argv (one that executes
 * a program per connection, as inetd does).
 */
/*
 * In the child forked for connection @conn: reads its request (a byte),
 * then either crashes (a daemon that forks per connection, without @argv)
 * or executes @argv with the connection as standard input and output (one
 * that executes a program per connection, as inetd does).
 */
static void handle(int conn, char **argv)
{
	char c;

	if (read(conn, &c, 1) < 0)
		die("read");
	if (!argv[0])
		segv();
	dup2(conn, 0);
	dup2(conn, 1);
	execv(argv[0], argv);
	die("execv");
}

static void serve(int port, bool loopback, bool ipv6, char **argv)
{
	int fd = listen_on(port, loopback, ipv6, NULL);

	printf("listening\n");
	fflush(stdout);
	for (;;) {
		int conn = accept(fd, NULL, NULL);
		pid_t pid;

		if (conn < 0)
			die("accept");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0)
			handle(conn, argv);
		close(conn);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

/*
 * Accepts a connection that this process makes to itself through @ip, on a
 * socket listening on every address (IPv6 and IPv4 with @ipv6), then
 * crashes: a successful accept() whose peer is @ip.
 */
static void accept_segv(const char *ip, bool ipv6)
{
	struct sockaddr_storage ss = {};
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	int port, fd, client, conn;
	socklen_t len;

	fd = listen_on(0, false, ipv6, &port);
	if (inet_pton(AF_INET6, ip, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	} else if (inet_pton(AF_INET, ip, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	} else {
		exit(2);
	}
	client = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (client < 0 || connect(client, (struct sockaddr *)&ss, len))
		die("connect");
	conn = accept(fd, NULL, NULL);
	if (conn < 0)
		die("accept");
	segv();
}

/*
 * accept() fails twice, on a socket that does not listen and on one that
 * listens, without blocking, with no connection waiting; then a crash.
 */
static void accept_fail_segv(void)
{
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (accept(fd, NULL, NULL) >= 0 || errno != EINVAL)
		exit(103);
	close(fd);
	fd = listen_any(0, NULL);
	if (fcntl(fd, F_SETFL, O_NONBLOCK) ||
	    accept(fd, NULL, NULL) >= 0 || errno != EAGAIN)
		exit(103);
	segv();
}

/*
 * A supervisor that accepted a connection once (from the network) and runs
 * @argv @n times later, without the connection; exits with how many of
 * them died of SIGSEGV.
 */
static void accept_once_run(int port, int n, char **argv)
{
	int fd = listen_any(port, NULL), conn, i, crashes = 0;
	char c;

	printf("listening\n");
	fflush(stdout);
	conn = accept(fd, NULL, NULL);
	if (conn < 0)
		die("accept");
	if (read(conn, &c, 1) < 0)
		die("read");
	close(conn);
	close(fd);
	for (i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			execv(argv[0], argv);
			die("execv");
		}
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		crashes += WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
	}
	exit(crashes);
}

/*
 * accept-once-become PORT N UID PROGRAM ARGS...: as accept-once-run, but
 * each child takes the ids of UID before it executes PROGRAM, as sshd's
 * child does before it executes the user's shell.
 */
static void accept_once_become(int port, int n, const char *uid, char **argv)
{
	int fd = listen_any(port, NULL), conn, i, crashes = 0;
	char c;

	printf("listening\n");
	fflush(stdout);
	conn = accept(fd, NULL, NULL);
	if (conn < 0)
		die("accept");
	if (read(conn, &c, 1) < 0)
		die("read");
	close(conn);
	close(fd);
	for (i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0) {
			become(uid);
			execv(argv[0], argv);
			die("execv");
		}
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		crashes += WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
	}
	exit(crashes);
}

/* What a worker of master() does once it took its tenant's ids. */
enum worker_job {
	WORKER_SLEEP,	/* serves, until killed */
	WORKER_CRASH,	/* the tenant's code: posix_kill(getpid(), SIGSEGV) */
	WORKER_EXIT,	/* serves one request and exits */
};

/* Forks a worker that takes the ids of @uid and does @job. */
static pid_t fork_worker(const char *uid, enum worker_job job)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid)
		return pid;
	become(uid);
	switch (job) {
	case WORKER_SLEEP:
		for (;;)
			pause();
	case WORKER_CRASH:
		kill(getpid(), SIGSEGV);
		_exit(101);
	case WORKER_EXIT:
		_exit(0);
	}
	_exit(102);
}

/*
 * master OTHER TENANT N: a root master that runs every tenant's code in
 * workers that take the tenant's ids (PHP-FPM pools, Apache mpm-itk, a
 * zygote).  It starts a worker for each of OTHER and TENANT and prints
 * their pids after a "+" (the byte brute_spawn() waits for), then runs N
 * workers of TENANT whose code crashes, then one more worker of TENANT
 * and one of OTHER that exit at once, prints how many of the N crashed and
 * the wait status of the last two, and sleeps.
 */
static void master(const char *other, const char *tenant, int n)
{
	pid_t other_worker, tenant_worker;
	int i, crashes = 0, status, last_tenant, last_other;

	other_worker = fork_worker(other, WORKER_SLEEP);
	tenant_worker = fork_worker(tenant, WORKER_SLEEP);
	printf("+%d %d\n", other_worker, tenant_worker);
	fflush(stdout);
	for (i = 0; i < n; i++) {
		if (waitpid(fork_worker(tenant, WORKER_CRASH), &status, 0) < 0)
			die("waitpid");
		crashes += WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
	}
	if (waitpid(fork_worker(tenant, WORKER_EXIT), &last_tenant, 0) < 0 ||
	    waitpid(fork_worker(other, WORKER_EXIT), &last_other, 0) < 0)
		die("waitpid");
	printf("%d %d %d\n", crashes, last_tenant, last_other);
	fflush(stdout);
	for (;;)
		pause();
}

/*
 * pool PORT OTHER TENANT: the same master, serving TCP connections on
 * PORT: it starts a worker of OTHER and one of TENANT and prints their
 * pids after a "+", then forks a worker of TENANT for each connection,
 * which reads the request and crashes.
 */
static void pool(int port, const char *other, const char *tenant)
{
	int fd = listen_any(port, NULL);
	pid_t other_worker, tenant_worker;

	other_worker = fork_worker(other, WORKER_SLEEP);
	tenant_worker = fork_worker(tenant, WORKER_SLEEP);
	printf("+%d %d\n", other_worker, tenant_worker);
	fflush(stdout);
	for (;;) {
		int conn = accept(fd, NULL, NULL);
		pid_t pid;
		char c;

		if (conn < 0)
			die("accept");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0) {
			become(tenant);
			if (read(conn, &c, 1) < 0)
				die("read");
			segv();
		}
		close(conn);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
}

/*
 * map-bus FILE: maps FILE shared and reads every page of it, again and
 * again, until it dies: of SIGBUS, once another process truncated FILE.
 */
static void map_bus(const char *path)
{
	int fd = open(path, O_RDONLY), i;
	char *map;

	if (fd < 0)
		die("open");
	map = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap");
	printf("mapped\n");
	fflush(stdout);
	for (i = 0; i < 60000; i++) {
		/* Atomic loads: the compiler keeps them. */
		__atomic_load_n(&map[0], __ATOMIC_RELAXED);
		__atomic_load_n(&map[4096], __ATOMIC_RELAXED);
		usleep(1000);
	}
	exit(103);
}

/* Sends the descriptor @fd over the UNIX socket @sock. */
static void send_fd(int sock, int fd)
{
	char data = 0, buf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = buf,
		.msg_controllen = sizeof(buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	if (sendmsg(sock, &msg, 0) != 1)
		die("sendmsg");
}

static int recv_fd(int sock)
{
	char data, buf[CMSG_SPACE(sizeof(int))] = {};
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = buf,
		.msg_controllen = sizeof(buf),
	};
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) != 1)
		die("recvmsg");
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		die("SCM_RIGHTS");
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

/*
 * Socket activation with Accept=yes, as systemd does it: for each of @n
 * connections, a helper forked from this supervisor accepts it, hands it
 * over through a UNIX socket and exits; the supervisor, which never
 * accepted anything, executes @argv with the connection as stdin and
 * stdout.  Exits with how many of them died of SIGSEGV.
 */
static void activate(int port, int n, char **argv)
{
	int fd = listen_any(port, NULL), i, crashes = 0;

	printf("listening\n");
	fflush(stdout);
	for (i = 0; i < n; i++) {
		int pair[2], conn, status;
		pid_t helper, pid;

		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, pair))
			die("socketpair");
		helper = fork();
		if (helper < 0)
			die("fork");
		if (helper == 0) {
			conn = accept(fd, NULL, NULL);
			if (conn < 0)
				die("accept");
			send_fd(pair[1], conn);
			_exit(0);
		}
		conn = recv_fd(pair[0]);
		close(pair[0]);
		close(pair[1]);
		if (waitpid(helper, &status, 0) != helper)
			die("waitpid");
		pid = fork();
		if (pid < 0)
			die("fork");
		if (pid == 0)
			handle(conn, argv);
		close(conn);
		if (waitpid(pid, &status, 0) != pid)
			die("waitpid");
		crashes += WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
	}
	exit(crashes);
}

static int fault_threads, fault_arrived;
static int *fault_page;

/*
 * Waits until every thread arrived, then faults: the threads that run at
 * that moment, one per CPU, fault at the same time.
 */
static void *fault_thread(void *arg)
{
	__atomic_add_fetch(&fault_arrived, 1, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&fault_arrived, __ATOMIC_SEQ_CST) <
	       fault_threads)
		sched_yield();
	*fault_page = 1;
	return NULL;
}

/* @n threads, this one included, fault at the same time. */
static void threads_segv(int n)
{
	pthread_t thread;
	int i;

	if (n < 1 || n > 64)
		exit(2);
	fault_page = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
			  -1, 0);
	if (fault_page == MAP_FAILED)
		die("mmap");
	fault_threads = n;
	for (i = 1; i < n; i++)
		if (pthread_create(&thread, NULL, fault_thread, NULL))
			die("pthread_create");
	fault_thread(NULL);
	exit(101);
}

static void *sleep_thread(void *arg)
{
	printf("sleeping\n");
	fflush(stdout);
	sleep(600);
	exit(0);
}

/*
 * The main thread exits; another thread goes on, sleeping.  The main
 * thread exits with the system call: pthread_exit() would need libgcc_s,
 * which a minimal test system may not have.
 */
static void leader_exit(void)
{
	pthread_t thread;

	if (pthread_create(&thread, NULL, sleep_thread, NULL))
		die("pthread_create");
	syscall(SYS_exit, 0);
	exit(101);
}

int main(int argc, char **argv)
{
	const struct rlimit nocore = {};

	/* Crashes must not fill the test filesystem with core files. */
	setrlimit(RLIMIT_CORE, &nocore);
	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "true"))
		return 0;
	if (!strcmp(argv[1], "segv"))
		segv();
	if (!strcmp(argv[1], "abort"))
		abort();
	if (!strcmp(argv[1], "usersegv")) {
		kill(getpid(), SIGSEGV);
		return 102;
	}
	if (!strcmp(argv[1], "sleep")) {
		printf("sleeping\n");
		fflush(stdout);
		sleep(600);
		return 0;
	}
	/* drop-segv [ARGS...]: give up root for nobody, then crash. */
	if (!strcmp(argv[1], "drop-segv")) {
		become("65534");
		segv();
	}
	if (!strcmp(argv[1], "setuid-segv") && argc == 3) {
		become(argv[2]);
		segv();
	}
	/*
	 * worker UID: change ids to UID, serve requests (SIGUSR1);
	 * own-limit-segv UID: change ids, lower its own stack limit, crash.
	 */
	if (!strcmp(argv[1], "worker") && argc == 3)
		worker(argv[2]);
	if (!strcmp(argv[1], "own-limit-segv") && argc == 3)
		own_limit_segv(argv[2]);
	/* fork-segv N [UID]: optionally change uids, then fork N crashers. */
	if (!strcmp(argv[1], "fork-segv") && argc >= 3) {
		if (argc == 4)
			become(argv[3]);
		printf("%d\n", fork_crash(atoi(argv[2]), 0));
		return 0;
	}
	if (!strcmp(argv[1], "fork-usersegv") && argc == 3) {
		printf("%d\n", fork_crash(atoi(argv[2]), 1));
		return 0;
	}
	/* reexec-segv: execute this file again, which then crashes. */
	if (!strcmp(argv[1], "reexec-segv")) {
		execl("/proc/self/exe", argv[0], "segv", (char *)NULL);
		die("execl");
	}
	/*
	 * As the interpreter of a "#!INTERP script" line, with the script's
	 * own arguments after its path: exit for "true", else give up root
	 * and crash.
	 */
	if (!strcmp(argv[1], "script")) {
		if (argc >= 4 && !strcmp(argv[3], "true"))
			return 0;
		become("65534");
		segv();
	}
	/* queue-abrt: SIGABRT to itself, with sigqueue() (SI_QUEUE). */
	if (!strcmp(argv[1], "queue-abrt")) {
		union sigval value = {};

		sigqueue(getpid(), SIGABRT, value);
		return 102;
	}
	/* drop-true: give up root for nobody, then exit normally. */
	if (!strcmp(argv[1], "drop-true")) {
		become("65534");
		return 0;
	}
	/* setgroups-segv: change the supplementary groups, then crash. */
	if (!strcmp(argv[1], "setgroups-segv")) {
		gid_t groups[] = { 65534 };

		if (setgroups(1, groups))
			die("setgroups");
		segv();
	}
	/* fsuid-segv: change the filesystem ids only, then crash. */
	if (!strcmp(argv[1], "fsuid-segv")) {
		setfsgid(65534);
		setfsuid(65534);
		if (setfsuid(-1) != 65534)
			return 103;
		segv();
	}
	/* nnp-exec PROGRAM ARGS...: set no_new_privs, execute PROGRAM. */
	if (!strcmp(argv[1], "nnp-exec") && argc >= 3) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
			die("prctl");
		execv(argv[2], argv + 2);
		die("execv");
	}
	/*
	 * accept-segv IP, accept6-segv IP: accept a connection from IP, on
	 * IPv4 or on IPv6 and IPv4, then crash.
	 */
	if (!strcmp(argv[1], "accept-segv") && argc == 3)
		accept_segv(argv[2], false);
	if (!strcmp(argv[1], "accept6-segv") && argc == 3)
		accept_segv(argv[2], true);
	if (!strcmp(argv[1], "accept-fail-segv"))
		accept_fail_segv();
	/* accept-once-run PORT N PROGRAM ARGS... */
	if (!strcmp(argv[1], "accept-once-run") && argc >= 5)
		accept_once_run(atoi(argv[2]), atoi(argv[3]), argv + 4);
	/* accept-once-become PORT N UID PROGRAM ARGS... */
	if (!strcmp(argv[1], "accept-once-become") && argc >= 6)
		accept_once_become(atoi(argv[2]), atoi(argv[3]), argv[4],
				   argv + 5);
	/* master OTHER TENANT N; pool PORT OTHER TENANT */
	if (!strcmp(argv[1], "master") && argc == 5)
		master(argv[2], argv[3], atoi(argv[4]));
	if (!strcmp(argv[1], "pool") && argc == 5)
		pool(atoi(argv[2]), argv[3], argv[4]);
	/* map-bus FILE; raise-bus: SIGBUS to itself */
	if (!strcmp(argv[1], "map-bus") && argc == 3)
		map_bus(argv[2]);
	if (!strcmp(argv[1], "raise-bus")) {
		raise(SIGBUS);
		return 102;
	}
	/* activate PORT N PROGRAM ARGS... */
	if (!strcmp(argv[1], "activate") && argc >= 5)
		activate(atoi(argv[2]), atoi(argv[3]), argv + 4);
	/* threads-segv N: N threads fault at once. */
	if (!strcmp(argv[1], "threads-segv") && argc == 3)
		threads_segv(atoi(argv[2]));
	/* leader-exit: the main thread exits, another one sleeps. */
	if (!strcmp(argv[1], "leader-exit"))
		leader_exit();
	/*
	 * serve PORT [PROGRAM ARGS...], on every IPv4 address, on the IPv4
	 * loopback address, or on every IPv6 and IPv4 address
	 */
	if (!strcmp(argv[1], "serve") && argc >= 3)
		serve(atoi(argv[2]), false, false, argv + 3);
	if (!strcmp(argv[1], "serve-lo") && argc >= 3)
		serve(atoi(argv[2]), true, false, argv + 3);
	if (!strcmp(argv[1], "serve6") && argc >= 3)
		serve(atoi(argv[2]), false, true, argv + 3);
	return 2;
}
