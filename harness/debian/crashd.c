// SPDX-License-Identifier: GPL-2.0
/*
 * A network service that crashes on a magic input, for the distribution
 * boot's checks (harness/debian/checks.sh).
 *
 *   crashd                      inetd style: the connection on stdin/stdout
 *   crashd --listen ADDR PORT   a forking server: one child per connection
 *
 * It reads one line: "CRASH" makes it fault (a real SIGSEGV raised by the
 * kernel), anything else gets "OK <pid>" back.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void serve(int in, int out)
{
	char buf[64] = "";
	ssize_t n = read(in, buf, sizeof(buf) - 1);

	if (n > 0 && !strncmp(buf, "CRASH", 5))
		*(volatile int *)0 = 0;
	dprintf(out, "OK %d\n", getpid());
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int s, c, one = 1;

	if (argc < 2) {
		serve(0, 1);
		return 0;
	}
	if (argc != 4 || strcmp(argv[1], "--listen")) {
		fprintf(stderr, "usage: crashd [--listen ADDR PORT]\n");
		return 2;
	}
	signal(SIGCHLD, SIG_IGN);
	sa.sin_port = htons(atoi(argv[3]));
	if (inet_pton(AF_INET, argv[2], &sa.sin_addr) != 1)
		return 2;
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (void *)&sa, sizeof(sa)) || listen(s, 16)) {
		perror("crashd");
		return 1;
	}
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		if (fork() == 0) {
			close(s);
			serve(c, c);
			_exit(0);
		}
		close(c);
	}
}
