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
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
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
 * Serves TCP connections on @port: for each one, a child either crashes
 * (a daemon that forks per connection) or executes @argv (one that executes
 * a program per connection, as inetd does).
 */
static void serve(int port, bool loopback, char **argv)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(loopback ? INADDR_LOOPBACK : INADDR_ANY),
	};
	int one = 1, fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || listen(fd, 64))
		die("bind/listen");
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
		if (pid == 0) {
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
		close(conn);
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
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
	/* serve PORT [PROGRAM ARGS...], on every address or on loopback */
	if (!strcmp(argv[1], "serve") && argc >= 3)
		serve(atoi(argv[2]), false, argv + 3);
	if (!strcmp(argv[1], "serve-lo") && argc >= 3)
		serve(atoi(argv[2]), true, argv + 3);
	return 2;
}
