// SPDX-License-Identifier: GPL-2.0
/*
 * The workload of `make bench`, run as root by /init in the bench VM.
 *
 *   brute-bench run ROUNDS     time every operation ROUNDS times; prints
 *                              "BENCH <op> <round> <ns per op> <count>"
 *
 * The other modes are the programs that the workload executes (copies of
 * this binary, static, so that an exec costs the same every time):
 *
 *   brute-bench chain N          execute itself N more times, then exit
 *   brute-bench crash            die of SIGSEGV
 *   brute-bench sleep FD         report on FD, then sleep until killed;
 *   brute-bench trigger FD       the same, but crash on SIGUSR1
 *
 * Times come from CLOCK_MONOTONIC: under QEMU's -icount the guest clock
 * counts instructions, so runs of the same kernel repeat.  Without Brute,
 * the processes that its sweep would kill are killed from userspace, and
 * there is no refusal of a blocked exec to time.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIR "/tmp/bench"
#define SYSCTL "/proc/sys/kernel/brute/"
#define USER 1000
#define PORT 7070

static char self[256];

static void die(const char *what)
{
	fprintf(stderr, "brute-bench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void report(const char *op, int round, long long ns, long count)
{
	printf("BENCH %s %d %lld %ld\n", op, round, ns / count, count);
	fflush(stdout);
}

static void write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || write(fd, value, strlen(value)) < 0)
		die(path);
	close(fd);
}

/* Installs a copy of this program as PATH with MODE. */
static void install(const char *path, mode_t mode)
{
	char buf[65536];
	int in, out;
	ssize_t n;

	unlink(path);
	in = open(self, O_RDONLY);
	out = open(path, O_WRONLY | O_CREAT | O_EXCL, 0700);
	if (in < 0 || out < 0)
		die(path);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			die(path);
	close(in);
	if (fchmod(out, mode))
		die(path);
	close(out);
}

static pid_t spawn(const char *path, const char *mode, const char *arg,
		   uid_t uid)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (uid && (setgid(uid) || setuid(uid)))
			die("setuid");
		execl(path, path, mode, arg, (char *)NULL);
		die(path);
	}
	return pid;
}

static int reap(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	return status;
}

/* N executions of PATH, one after the other in the same process. */
static void bench_exec(const char *op, const char *path, int round, int n)
{
	char arg[16];
	long long t;
	int status;

	snprintf(arg, sizeof(arg), "%d", n - 1);
	t = now_ns();
	status = reap(spawn(path, "chain", arg, USER));
	t = now_ns() - t;
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fprintf(stderr, "brute-bench: %s failed: %#x\n", op, status);
	else if (round >= 0)
		report(op, round, t, n);
}

static void bench_fork(int round, int n)
{
	long long t = now_ns();
	int i;

	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid < 0)
			die("fork");
		if (pid == 0)
			_exit(0);
		reap(pid);
	}
	t = now_ns() - t;
	if (round >= 0)
		report("fork", round, t, n);
}

static void enter_netns(const char *name)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	close(fd);
}

/*
 * N connections from the client namespace to a server in the server
 * namespace, which accepts and closes them.  The server is a child of its
 * own: after an accept, Brute marks the next program a task executes as
 * network-facing, which must not be the files of the other benchmarks.
 */
static void bench_accept(int round, int n)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_port = htons(PORT),
	};
	int one = 1, srv, i;
	pid_t server, client;
	long long t;

	server = fork();
	if (server < 0)
		die("fork");
	if (server) {
		if (reap(server))
			exit(1);
		return;
	}

	enter_netns("brute_srv");
	inet_pton(AF_INET, "10.199.0.1", &addr.sin_addr);
	srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (srv < 0 ||
	    setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(srv, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(srv, 64))
		die("server socket");

	t = now_ns();
	client = fork();
	if (client < 0)
		die("fork");
	if (client == 0) {
		enter_netns("brute_cli");
		for (i = 0; i < n; i++) {
			int fd = socket(AF_INET, SOCK_STREAM, 0);
			char c;

			if (fd < 0 || connect(fd, (struct sockaddr *)&addr,
					      sizeof(addr)))
				die("connect");
			while (read(fd, &c, 1) > 0)
				;
			close(fd);
		}
		_exit(0);
	}
	for (i = 0; i < n; i++) {
		int fd = accept(srv, NULL, NULL);

		if (fd < 0)
			die("accept");
		close(fd);
	}
	if (reap(client))
		die("client");
	t = now_ns() - t;
	if (round >= 0)
		report("accept", round, t, n);
	_exit(0);
}

/* N crashes of PATH, each in a new process that executes it. */
static void bench_crash(const char *path, int round, int n)
{
	long long t = now_ns();
	int i, status;

	for (i = 0; i < n; i++) {
		status = reap(spawn(path, "crash", NULL, 0));
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV) {
			fprintf(stderr, "brute-bench: crash: status %#x\n",
				status);
			return;
		}
	}
	t = now_ns() - t;
	if (round >= 0)
		report("crash", round, t, n);
}

/*
 * N processes of a new setuid-root file sleep; one more crashes on
 * SIGUSR1.  With Brute, that crash is detected as an attack (the first
 * crash of a file is enough, see run()): times the crash, the detection,
 * the sweep and the death (reaped) of all of them, then the refusal to
 * execute the now blocked file.  Without Brute, times the same deaths
 * caused by a kill(2) of each process from userspace instead.
 */
static void bench_sweep(bool brute, int round, int n)
{
	char path[64], fdarg[16], op[32], c;
	pid_t *pids, pid;
	int p[2], i, status;
	long long t;

	pids = calloc(n + 1, sizeof(*pids));
	if (!pids)
		die("calloc");
	snprintf(path, sizeof(path), DIR "/sweep-%d-%d", n, round);
	install(path, 04755);
	if (pipe(p))
		die("pipe");
	snprintf(fdarg, sizeof(fdarg), "%d", p[1]);
	for (i = 0; i < n; i++)
		pids[i] = spawn(path, "sleep", fdarg, 0);
	pids[n] = spawn(path, "trigger", fdarg, 0);
	close(p[1]);
	for (i = 0; i < n + 1; i++)
		if (read(p[0], &c, 1) != 1)
			die("sleepers");
	close(p[0]);

	t = now_ns();
	if (brute)
		kill(pids[n], SIGUSR1);
	else
		for (i = 0; i < n + 1; i++)
			kill(pids[i], SIGKILL);
	for (i = 0; i < n + 1; i++) {
		if (wait(&status) < 0)
			die("wait");
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "brute-bench: sweep: status %#x\n",
				status);
			exit(1);
		}
	}
	t = now_ns() - t;
	snprintf(op, sizeof(op), "sweep-%d", n);
	report(op, round, t, 1);
	free(pids);
	if (!brute || n != 100)
		goto out;

	/* The file is blocked for everyone now: time the refusals. */
	t = now_ns();
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		for (i = 0; i < 1000; i++) {
			execl(path, path, "crash", (char *)NULL);
			if (errno != EPERM)
				die("exec of a blocked file");
		}
		_exit(0);
	}
	status = reap(pid);
	t = now_ns() - t;
	if (status)
		fprintf(stderr, "brute-bench: blocked exec: status %#x\n",
			status);
	else
		report("exec-blocked", round, t, 1000);
out:
	unlink(path);
}

static void brute_sysctl(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), SYSCTL "%s", name);
	write_file(path, value);
}

static int run(int rounds)
{
	bool brute = access(SYSCTL "min_faults", F_OK) == 0;
	int r;

	printf("BENCH-INFO brute %s\n", brute ? "on" : "off");
	if (mkdir(DIR, 0755) && errno != EEXIST)
		die(DIR);
	install(DIR "/plain", 0755);
	install(DIR "/suid", 04755);
	install(DIR "/crashy", 04755);
	/* No detection while crashes are timed. */
	if (brute) {
		brute_sysctl("max_faults", "2147483647");
		brute_sysctl("min_faults", "2147483647");
	}

	/* A round -1 warms up: it creates the records, then only reads. */
	for (r = -1; r < rounds; r++) {
		bench_exec("exec", DIR "/plain", r, 200);
		bench_exec("exec-setuid", DIR "/suid", r, 200);
		bench_fork(r, 500);
		bench_accept(r, 200);
		bench_crash(DIR "/crashy", r, 100);
	}

	/* Detection on the first crash of a file. */
	if (brute) {
		brute_sysctl("min_faults", "1");
		brute_sysctl("max_faults", "200");
	}
	for (r = 0; r < rounds; r++) {
		bench_sweep(brute, r, 100);
		bench_sweep(brute, r, 1000);
		bench_sweep(brute, r, 5000);
	}
	return 0;
}

static void crash_now(int sig)
{
	*(volatile int *)0 = sig;
}

static void sleeper(const char *fdarg, int trigger)
{
	int fd = atoi(fdarg);

	if (trigger)
		signal(SIGUSR1, crash_now);
	if (write(fd, "x", 1) != 1)
		_exit(3);
	close(fd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		die("/proc/self/exe");
	self[len] = '\0';
	if (argc == 3 && !strcmp(argv[1], "run"))
		return run(atoi(argv[2]));
	if (argc == 3 && !strcmp(argv[1], "chain")) {
		int n = atoi(argv[2]);
		char arg[16];

		if (n <= 0)
			return 0;
		snprintf(arg, sizeof(arg), "%d", n - 1);
		execl(argv[0], argv[0], "chain", arg, (char *)NULL);
		die(argv[0]);
	}
	if (argc == 2 && !strcmp(argv[1], "crash"))
		crash_now(0);
	if (argc == 3 && !strcmp(argv[1], "sleep"))
		sleeper(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "trigger"))
		sleeper(argv[2], 1);
	fprintf(stderr, "usage: brute-bench run ROUNDS\n");
	return 2;
}
