// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - detection and mitigation of fork/exec brute force attacks
 *
 * Each test copies the crasher program to fresh files in a temporary
 * directory, makes them cross (or not) a privilege boundary, crashes them
 * as an attacker would, and checks the record, the exit statuses, the
 * errors of exec and the kernel log.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <endian.h>
#include <linux/brute.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define XATTR_NAME_BRUTE "security.brute"
#define USER_A 1000
#define USER_B 1001
#define AS_ROOT 0
#define NS_SERVER "brute_srv"
#define NS_CLIENT "brute_cli"

/* The crasher program, next to this one. */
static char crasher[PATH_MAX];

static void __attribute__((constructor)) find_crasher(void)
{
	brute_sibling(crasher, sizeof(crasher), "crasher");
}

/*
 * Starts @path as @uid in the background and waits until it printed its
 * first line, so that it runs the file when this returns.
 */
static pid_t spawn_as(const char *path, uid_t uid, const char *const *args,
		      const char *netns)
{
	char *argv[16] = { (char *)path };
	int outpipe[2], i;
	char c;
	pid_t pid;

	for (i = 0; args && args[i] && i < 14; i++)
		argv[i + 1] = (char *)args[i];
	if (pipe(outpipe))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(outpipe[0]);
		dup2(outpipe[1], 1);
		if (netns) {
			char nspath[PATH_MAX];
			int fd;

			snprintf(nspath, sizeof(nspath), "/run/netns/%s",
				 netns);
			fd = open(nspath, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || setns(fd, CLONE_NEWNET))
				_exit(124);
		}
		become(uid);
		execv(path, argv);
		_exit(127);
	}
	close(outpipe[1]);
	if (read(outpipe[0], &c, 1) != 1) {
		close(outpipe[0]);
		return -1;
	}
	close(outpipe[0]);
	return pid;
}

static int read_record(const char *path, struct brute_record *record)
{
	ssize_t len = getxattr(path, XATTR_NAME_BRUTE, record,
			       sizeof(*record));

	if (len < 0)
		return -errno;
	return len == sizeof(*record) ? 0 : -EBADMSG;
}

/*
 * Crashes @path with @mode as @uid until execve() fails, at most @max
 * times.  Returns how many runs crashed with @sig, and stores the errno of
 * the refused execve() in *@err.
 */
static int attack(const char *path, uid_t uid, const char *mode, int sig,
		  int max, int *err)
{
	int i, status;

	*err = 0;
	for (i = 0; i < max; i++) {
		status = RUN(path, uid, err, mode);
		if (*err)
			return i;
		if (!crashed(status, sig))
			return -1000 - i;
	}
	return i;
}

/* The kernel log from the start of a test on. */
static int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/*
 * The messages read so far from the kernel log.  Each test runs in a
 * process of its own, so they start empty for each test.
 */
static char *kmsg_log;
static size_t kmsg_len;

/* How many messages logged since kmsg_open() contain both strings. */
static int kmsg_count(int fd, const char *what, const char *also)
{
	char rec[8192], *line, *save;
	ssize_t len;
	char *copy;
	int found = 0;

	for (;;) {
		len = read(fd, rec, sizeof(rec));
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (len <= 0)
			break;
		kmsg_log = realloc(kmsg_log, kmsg_len + len + 1);
		if (!kmsg_log)
			return false;
		memcpy(kmsg_log + kmsg_len, rec, len);
		kmsg_len += len;
		kmsg_log[kmsg_len] = '\0';
	}
	if (!kmsg_log)
		return 0;
	copy = strdup(kmsg_log);
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		found += strstr(line, what) && (!also || strstr(line, also));
	free(copy);
	return found;
}

/* True if a message logged since kmsg_open() contains both strings. */
static bool kmsg_has(int fd, const char *what, const char *also)
{
	return kmsg_count(fd, what, also) > 0;
}

FIXTURE(brute) {
	char dir[64];
	char prog[128];
	int kmsg;
	pid_t server;
};

FIXTURE_SETUP(brute)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/brute.XXXXXX");
	ASSERT_EQ(0, brute_workdir(self->dir, self->prog, sizeof(self->prog),
				   crasher))
		TH_LOG("no working directory with %s: %m", crasher);
	self->kmsg = kmsg_open();
	ASSERT_LE(0, self->kmsg);
	self->server = 0;
}

FIXTURE_TEARDOWN(brute)
{
	if (self->server > 0) {
		kill(self->server, SIGKILL);
		waitpid(self->server, NULL, 0);
	}
	close(self->kmsg);
	EXPECT_EQ(0, brute_workdir_remove(self->dir));
}

/* Checks everything a detection leaves behind for @path, attacked by @uid. */
static void expect_blocked(struct __test_metadata *_metadata, int kmsg,
			   const char *path, uid_t uid, unsigned int boundary)
{
	struct brute_record record;
	int err = 0, status;

	ASSERT_EQ(0, read_record(path, &record));
	EXPECT_EQ(BRUTE_RECORD_VERSION, record.version);
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(record.boundaries & boundary)
		TH_LOG("boundaries %#x", record.boundaries);
	EXPECT_EQ(5, record.faults);
	EXPECT_NE(0, record.block_time);
	EXPECT_TRUE(kmsg_has(kmsg, "brute: fork brute force attack detected",
			     path));

	status = RUN(path, uid, &err, "true");
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(exited(status, 127));
	EXPECT_TRUE(kmsg_has(kmsg, path, "not allowed"));

	/* An administrator removes the record: the file runs again. */
	ASSERT_EQ(0, removexattr(path, XATTR_NAME_BRUTE));
	status = RUN(path, uid, &err, "true");
	EXPECT_EQ(0, err);
	EXPECT_TRUE(exited(status, 0));
}

/* Crashes without a privilege boundary are none of Brute's business. */
static void expect_untouched(struct __test_metadata *_metadata, int kmsg,
			     const char *path)
{
	struct brute_record record;
	int err = 0;

	EXPECT_EQ(-ENODATA, read_record(path, &record));
	EXPECT_TRUE(exited(RUN(path, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_FALSE(kmsg_has(kmsg, "brute: fork brute force attack detected",
			      NULL));
}

TEST_F(brute, no_boundary_exec_kernel_signal)
{
	int err;

	EXPECT_EQ(10, attack(self->prog, AS_ROOT, "segv", SIGSEGV, 10, &err));
	EXPECT_EQ(0, err);
	expect_untouched(_metadata, self->kmsg, self->prog);
}

TEST_F(brute, no_boundary_exec_user_signal)
{
	int err;

	EXPECT_EQ(10, attack(self->prog, AS_ROOT, "usersegv", SIGSEGV, 10,
			     &err));
	EXPECT_EQ(0, err);
	expect_untouched(_metadata, self->kmsg, self->prog);
}

TEST_F(brute, no_boundary_fork_kernel_signal)
{
	char out[64];
	int err;

	EXPECT_TRUE(exited(run_as(self->prog, AS_ROOT, &err, out, sizeof(out),
				  (const char *const[]){ "fork-segv", "10",
							 NULL }), 0));
	EXPECT_EQ(10, atoi(out));
	expect_untouched(_metadata, self->kmsg, self->prog);
}

TEST_F(brute, no_boundary_fork_user_signal)
{
	char out[64];
	int err;

	EXPECT_TRUE(exited(run_as(self->prog, AS_ROOT, &err, out, sizeof(out),
				  (const char *const[]){ "fork-usersegv", "10",
							 NULL }), 0));
	EXPECT_EQ(10, atoi(out));
	expect_untouched(_metadata, self->kmsg, self->prog);
}

/* Setuid file, executed again and again by a user until it crashes. */
TEST_F(brute, setuid_exec)
{
	struct brute_record record;
	char pidstr[32];
	pid_t sleeper;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	sleeper = spawn_as(self->prog, USER_A,
			   (const char *const[]){ "sleep", NULL }, NULL);
	ASSERT_LT(0, sleeper);
	/* Executing a setuid file is enough to create a fresh record. */
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_EQ(0, record.faults);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(record.boundaries & BRUTE_BOUNDARY_SETID);

	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);

	/* The other process of the file was killed, and it was logged. */
	ASSERT_EQ(sleeper, waitpid(sleeper, &status, 0));
	EXPECT_TRUE(crashed(status, SIGKILL));
	snprintf(pidstr, sizeof(pidstr), "offending process %d [", sleeper);
	EXPECT_TRUE(kmsg_has(self->kmsg, "brute: ", pidstr));
	expect_blocked(_metadata, self->kmsg, self->prog, USER_A,
		       BRUTE_BOUNDARY_SETID);
}

/* Setuid file executed once, whose process forks crashing children. */
TEST_F(brute, setuid_fork)
{
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	status = RUN(self->prog, USER_A, &err, "fork-segv", "20");
	/* The parent is a process of the file too: the sweep kills it. */
	EXPECT_TRUE(crashed(status, SIGKILL)) TH_LOG("status %#x", status);
	expect_blocked(_metadata, self->kmsg, self->prog, USER_A,
		       BRUTE_BOUNDARY_SETID);
}

/* A root process gives up its privileges, then crashes, again and again. */
TEST_F(brute, privilege_change_exec)
{
	int err;

	EXPECT_EQ(5, attack(self->prog, AS_ROOT, "drop-segv", SIGSEGV, 20,
			    &err));
	EXPECT_EQ(EPERM, err);
	expect_blocked(_metadata, self->kmsg, self->prog, AS_ROOT,
		       BRUTE_BOUNDARY_CREDS);
}

/* A process changes its privileges, then forks crashing children. */
TEST_F(brute, privilege_change_fork)
{
	int err, status;

	status = RUN(self->prog, AS_ROOT, &err, "fork-segv", "20", "65534");
	EXPECT_TRUE(crashed(status, SIGKILL)) TH_LOG("status %#x", status);
	expect_blocked(_metadata, self->kmsg, self->prog, AS_ROOT,
		       BRUTE_BOUNDARY_CREDS);
}

/* Two network namespaces joined by a veth pair: a server and a client. */
static const char *const netns_commands[] = {
	"netns add " NS_SERVER,
	"netns add " NS_CLIENT,
	"link add brute0 netns " NS_SERVER " type veth peer name brute1 netns " NS_CLIENT,
	"-n " NS_SERVER " addr add 10.199.0.1/24 dev brute0",
	"-n " NS_CLIENT " addr add 10.199.0.2/24 dev brute1",
	"-n " NS_SERVER " link set brute0 up",
	"-n " NS_CLIENT " link set brute1 up",
	"-n " NS_SERVER " link set lo up",
	"-n " NS_CLIENT " link set lo up",
};

static void netns_cleanup(void)
{
	/* Busybox would run its own ip applet: name the real one. */
	if (system("/sbin/ip netns del " NS_SERVER " 2>/dev/null; "
		   "/sbin/ip netns del " NS_CLIENT " 2>/dev/null") == -1)
		perror("system");
}

static int netns_setup(void)
{
	char cmd[256];
	unsigned int i;

	mkdir("/run", 0755);
	netns_cleanup();
	for (i = 0; i < ARRAY_SIZE(netns_commands); i++) {
		snprintf(cmd, sizeof(cmd), "/sbin/ip %s", netns_commands[i]);
		if (system(cmd))
			return -1;
	}
	return 0;
}

/*
 * Connects @n times to @ip:@port from the network namespace @netns (or
 * from this one), sending one byte and waiting for the server side to close
 * each connection.  Returns how many connections were served, or -1.
 */
static int connect_n(const char *netns, const char *ip, int port, int n)
{
	int status, served = 0, i;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sockaddr_in addr = {
			.sin_family = AF_INET,
			.sin_port = htons(port),
		};

		if (netns) {
			char path[128];
			int nsfd;

			snprintf(path, sizeof(path), "/run/netns/%s", netns);
			nsfd = open(path, O_RDONLY | O_CLOEXEC);
			if (nsfd < 0 || setns(nsfd, CLONE_NEWNET))
				_exit(255);
		}
		inet_pton(AF_INET, ip, &addr.sin_addr);
		for (i = 0; i < n; i++) {
			int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
			char c;

			if (fd < 0 || connect(fd, (struct sockaddr *)&addr,
					      sizeof(addr)))
				break;
			if (write(fd, "x", 1) != 1)
				break;
			while (read(fd, &c, 1) > 0)
				;
			close(fd);
			served++;
		}
		_exit(served);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int connect_from_client(int port, int n)
{
	return connect_n(NS_CLIENT, "10.199.0.1", port, n);
}

/* A daemon that executes a program per connection (inetd style). */
TEST_F(brute, network_exec)
{
	char server[128];
	struct brute_record record;
	pid_t sleeper;
	int err, status;

	snprintf(server, sizeof(server), "%s/server", self->dir);
	ASSERT_EQ(0, copy_file(crasher, server, 0755));
	ASSERT_EQ(0, netns_setup());
	sleeper = spawn_as(self->prog, AS_ROOT,
			   (const char *const[]){ "sleep", NULL }, NULL);
	ASSERT_LT(0, sleeper);
	self->server = spawn_as(server, AS_ROOT,
				(const char *const[]){ "serve", "7001",
						       self->prog, "segv",
						       NULL },
				NS_SERVER);
	ASSERT_LT(0, self->server);

	EXPECT_EQ(8, connect_from_client(7001, 8));
	/* The program executed per connection is blocked, not the daemon. */
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_EQ(5, record.faults);
	ASSERT_EQ(sleeper, waitpid(sleeper, &status, 0));
	EXPECT_TRUE(crashed(status, SIGKILL));
	EXPECT_EQ(0, waitpid(self->server, &status, WNOHANG));
	netns_cleanup();
	expect_blocked(_metadata, self->kmsg, self->prog, AS_ROOT,
		       BRUTE_BOUNDARY_NETWORK);
	err = read_record(server, &record);
	EXPECT_EQ(0, err);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
}

/* A daemon that forks per connection (apache style). */
TEST_F(brute, network_fork)
{
	int status;

	ASSERT_EQ(0, netns_setup());
	self->server = spawn_as(self->prog, AS_ROOT,
				(const char *const[]){ "serve", "7002", NULL },
				NS_SERVER);
	ASSERT_LT(0, self->server);

	/* The daemon may accept one connection more while it dies. */
	EXPECT_LE(5, connect_from_client(7002, 8));
	/* The daemon is a process of the attacked file: it is killed. */
	ASSERT_EQ(self->server, waitpid(self->server, &status, 0));
	EXPECT_TRUE(crashed(status, SIGKILL));
	self->server = 0;
	netns_cleanup();
	expect_blocked(_metadata, self->kmsg, self->prog, AS_ROOT,
		       BRUTE_BOUNDARY_NETWORK);
}

/* Connections accepted on a loopback address cross no boundary. */
TEST_F(brute, network_loopback_not_a_boundary)
{
	int status;

	self->server = spawn_as(self->prog, AS_ROOT,
				(const char *const[]){ "serve-lo", "7005",
						       NULL }, NULL);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(8, connect_n(NULL, "127.0.0.1", 7005, 8));
	EXPECT_EQ(0, waitpid(self->server, &status, WNOHANG));
	expect_untouched(_metadata, self->kmsg, self->prog);
}

/* Executing the file again from itself does not reset its statistics. */
TEST_F(brute, double_exec)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, attack(self->prog, USER_A, "reexec-segv", SIGSEGV, 20,
			    &err));
	EXPECT_EQ(EPERM, err);
	expect_blocked(_metadata, self->kmsg, self->prog, USER_A,
		       BRUTE_BOUNDARY_SETID);
}

TEST_F(brute, sigkill_not_counted)
{
	struct brute_record record;
	int i, status, err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 10; i++) {
		pid_t pid = spawn_as(self->prog, USER_A,
				     (const char *const[]){ "sleep", NULL },
				     NULL);

		ASSERT_LT(0, pid);
		ASSERT_EQ(0, kill(pid, SIGKILL));
		ASSERT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(crashed(status, SIGKILL));
	}
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_EQ(0, record.faults);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

TEST_F(brute, sigabrt_counted)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, attack(self->prog, USER_A, "abort", SIGABRT, 20, &err));
	EXPECT_EQ(EPERM, err);
	expect_blocked(_metadata, self->kmsg, self->prog, USER_A,
		       BRUTE_BOUNDARY_SETID);
}

/* Two names of one inode share its statistics and its block. */
TEST_F(brute, hard_link_shares)
{
	char link2[128];
	struct brute_record record;
	int err;

	snprintf(link2, sizeof(link2), "%s/link", self->dir);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	ASSERT_EQ(0, link(self->prog, link2));
	EXPECT_EQ(3, attack(self->prog, USER_A, "segv", SIGSEGV, 3, &err));
	ASSERT_EQ(0, read_record(link2, &record));
	EXPECT_EQ(3, record.faults);
	EXPECT_EQ(2, attack(link2, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 127));
	EXPECT_EQ(EPERM, err);
	expect_blocked(_metadata, self->kmsg, link2, USER_A,
		       BRUTE_BOUNDARY_SETID);
}

/* A crash of a script's interpreter is charged to the script. */
TEST_F(brute, script_charged)
{
	char interp[128], script[128], text[256];
	struct brute_record record;
	int fd, err;

	snprintf(interp, sizeof(interp), "%s/interp", self->dir);
	snprintf(script, sizeof(script), "%s/script", self->dir);
	ASSERT_EQ(0, rename(self->prog, interp));
	fd = open(script, O_WRONLY | O_CREAT | O_EXCL, 0755);
	ASSERT_LE(0, fd);
	snprintf(text, sizeof(text), "#!%s script\n", interp);
	ASSERT_EQ(strlen(text), write(fd, text, strlen(text)));
	close(fd);

	EXPECT_EQ(5, attack(script, AS_ROOT, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	/* The interpreter has no record and stays usable. */
	EXPECT_EQ(-ENODATA, read_record(interp, &record));
	EXPECT_TRUE(exited(RUN(interp, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);
	expect_blocked(_metadata, self->kmsg, script, AS_ROOT,
		       BRUTE_BOUNDARY_CREDS);
}

/*
 * Every process of the attacked file dies, however many there are, and
 * each kill is logged once.
 */
TEST_F_TIMEOUT(brute, sweep_50, 120)
{
	pid_t sleepers[50];
	int i, err, status, killed = 0;
	char pidstr[32];

	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 50; i++) {
		sleepers[i] = spawn_as(self->prog, USER_A,
				       (const char *const[]){ "sleep", NULL },
				       NULL);
		ASSERT_LT(0, sleepers[i]);
	}
	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(sleepers[i], waitpid(sleepers[i], &status, 0));
		killed += crashed(status, SIGKILL);
		snprintf(pidstr, sizeof(pidstr), "offending process %d [",
			 sleepers[i]);
		EXPECT_EQ(1, kmsg_count(self->kmsg, "brute: ", pidstr))
			TH_LOG("pid %d", sleepers[i]);
	}
	EXPECT_EQ(50, killed);
}

static void mount_and_copy(struct __test_metadata *_metadata,
			   const char *dir, const char *fstype, char *path)
{
	char mnt[128];

	snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("brute", mnt, fstype, 0, "mode=0755"));
	snprintf(path, PATH_MAX, "%s/prog", mnt);
	ASSERT_EQ(0, copy_file(crasher, path, 04755));
}

/* Statistics that cannot be stored live in memory; exec never fails. */
static void expect_volatile(struct __test_metadata *_metadata, int kmsg,
			    const char *path, int xattr_err)
{
	struct brute_record record;
	int i, err;

	for (i = 0; i < 20; i++) {
		EXPECT_TRUE(exited(RUN(path, USER_A, &err, "true"), 0));
		EXPECT_EQ(0, err);
	}
	EXPECT_EQ(xattr_err, read_record(path, &record));
	EXPECT_EQ(5, attack(path, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(kmsg_has(kmsg, "brute: fork brute force attack detected",
			     path));
}

TEST_F(brute, ramfs)
{
	char path[PATH_MAX];

	mount_and_copy(_metadata, self->dir, "ramfs", path);
	expect_volatile(_metadata, self->kmsg, path, -EOPNOTSUPP);
}

TEST_F(brute, read_only_mount)
{
	char path[PATH_MAX], mnt[128];

	mount_and_copy(_metadata, self->dir, "tmpfs", path);
	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	ASSERT_EQ(0, mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL));
	expect_volatile(_metadata, self->kmsg, path, -ENODATA);
}

/* Concurrent crashes are each counted once, and none is lost. */
TEST_F_TIMEOUT(brute, concurrent_crashes, 300)
{
	struct brute_record record;
	pid_t workers[8];
	int i, status, good = 0;

	/* Push detection out of reach. */
	ASSERT_EQ(0, brute_sysctl_write("max_faults", 2147483647));
	ASSERT_EQ(0, brute_sysctl_write("min_faults", 2147483647));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 8; i++) {
		workers[i] = fork();
		ASSERT_LE(0, workers[i]);
		if (workers[i] == 0) {
			int err;

			_exit(attack(self->prog, USER_A, "segv", SIGSEGV, 50,
				     &err));
		}
	}
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(workers[i], waitpid(workers[i], &status, 0));
		good += exited(status, 50);
	}
	EXPECT_EQ(8, good);
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_EQ(400, record.faults);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
}

/* Root writes garbage: fresh statistics, then an attack is still caught. */
TEST_F(brute, malformed_record)
{
	static const unsigned char short_value[3] = { 1, 1, 0 };
	unsigned char value[sizeof(struct brute_record)];
	struct brute_record record;
	unsigned int i;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	ASSERT_EQ(0, setxattr(self->prog, XATTR_NAME_BRUTE, short_value,
			      sizeof(short_value), 0));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	/* Right size, unknown version, every flag set. */
	for (i = 0; i < sizeof(value); i++)
		value[i] = 0xff;
	value[0] = 0x42;
	ASSERT_EQ(0, setxattr(self->prog, XATTR_NAME_BRUTE, value,
			      sizeof(value), 0));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);

	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_EQ(BRUTE_RECORD_VERSION, record.version);
	EXPECT_EQ(5, record.faults);
}

/* The cache follows a record that root writes or removes. */
TEST_F(brute, root_sets_record)
{
	struct brute_record record = {
		.version = BRUTE_RECORD_VERSION,
		.flags = BRUTE_RECORD_NOT_ALLOWED,
	};
	int err;

	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	ASSERT_EQ(0, setxattr(self->prog, XATTR_NAME_BRUTE, &record,
			      sizeof(record), 0));
	RUN(self->prog, USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(0, removexattr(self->prog, XATTR_NAME_BRUTE));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

/*
 * A user attacks a setuid file: only that user's processes die and only
 * that user's executions fail.  A second user attacking it blocks it for
 * everyone.
 */
TEST_F(brute, per_user_scope)
{
	struct brute_record record;
	pid_t sleeper_a, sleeper_b;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	sleeper_a = spawn_as(self->prog, USER_A,
			     (const char *const[]){ "sleep", NULL }, NULL);
	sleeper_b = spawn_as(self->prog, USER_B,
			     (const char *const[]){ "sleep", NULL }, NULL);
	ASSERT_LT(0, sleeper_a);
	ASSERT_LT(0, sleeper_b);

	/* User A's point of view: blocked, and its other process killed. */
	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(sleeper_a, waitpid(sleeper_a, &status, 0));
	EXPECT_TRUE(crashed(status, SIGKILL));
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(record.flags & BRUTE_RECORD_SCOPE_USER);
	EXPECT_EQ(USER_A, record.block_uid);

	/* User B's and root's point of view: the file still runs. */
	EXPECT_EQ(0, waitpid(sleeper_b, &status, WNOHANG));
	EXPECT_TRUE(exited(RUN(self->prog, USER_B, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(exited(RUN(self->prog, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);

	/* User B attacks too: the file is blocked for everyone. */
	EXPECT_EQ(1, attack(self->prog, USER_B, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(sleeper_b, waitpid(sleeper_b, &status, 0));
	EXPECT_TRUE(crashed(status, SIGKILL));
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_SCOPE_USER);
	RUN(self->prog, AS_ROOT, &err, "true");
	EXPECT_EQ(EPERM, err);
	RUN(self->prog, USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
}

/* File capabilities are a privilege boundary too, scoped to the user. */
TEST_F(brute, file_capabilities)
{
	struct vfs_cap_data caps = {
		.magic_etc = htole32(VFS_CAP_REVISION_2 |
				     VFS_CAP_FLAGS_EFFECTIVE),
		.data[0].permitted = htole32(1 << CAP_NET_RAW),
	};
	struct brute_record record;
	int err;

	ASSERT_EQ(0, setxattr(self->prog, "security.capability", &caps,
			      XATTR_CAPS_SZ_2, 0));
	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_TRUE(record.boundaries & BRUTE_BOUNDARY_FCAPS)
		TH_LOG("boundaries %#x", record.boundaries);
	EXPECT_FALSE(record.boundaries & BRUTE_BOUNDARY_SETID);
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(record.flags & BRUTE_RECORD_SCOPE_USER);
	EXPECT_EQ(USER_A, record.block_uid);
	EXPECT_TRUE(exited(RUN(self->prog, USER_B, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

/* An attack from the network blocks the file for every user. */
TEST_F(brute, network_blocks_everyone)
{
	struct brute_record record;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	ASSERT_EQ(0, netns_setup());
	self->server = spawn_as(self->prog, USER_A,
				(const char *const[]){ "serve", "7003", NULL },
				NS_SERVER);
	ASSERT_LT(0, self->server);
	EXPECT_LE(5, connect_from_client(7003, 8));
	netns_cleanup();
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_SCOPE_USER);
	RUN(self->prog, USER_B, &err, "true");
	EXPECT_EQ(EPERM, err);
	RUN(self->prog, AS_ROOT, &err, "true");
	EXPECT_EQ(EPERM, err);
}

/* A block expires after block_duration; the next crash blocks again. */
TEST_F(brute, block_expiry)
{
	struct brute_record record;
	int err;

	ASSERT_EQ(0, brute_sysctl_write("block_duration", 3));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	sleep(4);
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(kmsg_has(self->kmsg, "brute: block of ", "expired"));
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_FALSE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_TRUE(record.flags & BRUTE_RECORD_EXPIRED);
	EXPECT_EQ(5, record.faults);
	EXPECT_EQ(1, record.block_count);

	/* The statistics stayed: one more fast crash is an attack again. */
	EXPECT_EQ(1, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(0, read_record(self->prog, &record));
	EXPECT_TRUE(record.flags & BRUTE_RECORD_NOT_ALLOWED);
	EXPECT_FALSE(record.flags & BRUTE_RECORD_EXPIRED);
	EXPECT_EQ(2, record.block_count);
}

static const char *find_ldso(void)
{
	static const char *const paths[] = {
		"/lib64/ld-linux-x86-64.so.2",
		"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(paths); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

/* The dynamic loader cannot run a blocked file either. */
TEST_F(brute, ldso_refused)
{
	const char *ldso = find_ldso();
	int err;

	ASSERT_NE(NULL, ldso);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_TRUE(exited(RUN(ldso, USER_A, &err, self->prog, "true"), 0));
	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	/* ld.so fails to map the file and exits with an error. */
	EXPECT_TRUE(exited(RUN(ldso, USER_A, &err, self->prog, "true"), 127));
	EXPECT_EQ(0, err);
	/* Other users still can. */
	EXPECT_TRUE(exited(RUN(ldso, USER_B, &err, self->prog, "true"), 0));
}

/* Mapping a blocked file executable fails; reading it does not. */
TEST_F(brute, mmap_exec_refused)
{
	char other[128];
	void *map;
	int fd, err;

	snprintf(other, sizeof(other), "%s/other", self->dir);
	ASSERT_EQ(0, copy_file(crasher, other, 0755));
	EXPECT_EQ(5, attack(self->prog, AS_ROOT, "drop-segv", SIGSEGV, 20,
			    &err));
	EXPECT_EQ(EPERM, err);

	fd = open(self->prog, O_RDONLY);
	ASSERT_LE(0, fd);
	map = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	EXPECT_EQ(MAP_FAILED, map);
	EXPECT_EQ(EPERM, errno);
	map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(-1, mprotect(map, 4096, PROT_READ | PROT_EXEC));
	EXPECT_EQ(EPERM, errno);
	munmap(map, 4096);
	close(fd);

	/* A file that is not blocked maps fine. */
	fd = open(other, O_RDONLY);
	ASSERT_LE(0, fd);
	map = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	EXPECT_NE(MAP_FAILED, map);
	munmap(map, 4096);
	map = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, map);
	EXPECT_EQ(0, mprotect(map, 4096, PROT_READ | PROT_EXEC));
	munmap(map, 4096);
	close(fd);
}

#ifndef CLD_BRUTE
#define CLD_BRUTE 7
#endif

/* The supervisor's SIGCHLD handler writes the si_code it got to this pipe. */
static int sigchld_pipe[2];

static void on_sigchld(int sig, siginfo_t *info, void *ctx)
{
	int code = info->si_code;

	if (write(sigchld_pipe[1], &code, sizeof(code)) != sizeof(code))
		_exit(252);
}

/*
 * Forks a supervisor that runs @path as @uid and reports how its child
 * died, as an exit status of (SIGCHLD si_code << 4 | waitid si_code).
 * The supervisor has a single child, so no SIGCHLD is merged with another.
 * Returns its pid once the child runs, and the child's in *@child.
 */
static pid_t supervise(const char *path, uid_t uid, pid_t *child)
{
	struct sigaction sa = {
		.sa_sigaction = on_sigchld,
		.sa_flags = SA_SIGINFO | SA_RESTART,
	};
	int ready[2];
	pid_t pid;

	if (pipe(ready))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		siginfo_t info = {};
		pid_t victim;
		int code;

		if (pipe(sigchld_pipe) || sigaction(SIGCHLD, &sa, NULL))
			_exit(255);
		victim = spawn_as(path, uid,
				  (const char *const[]){ "sleep", NULL },
				  NULL);
		if (victim <= 0 ||
		    write(ready[1], &victim, sizeof(victim)) != sizeof(victim))
			_exit(254);
		if (read(sigchld_pipe[0], &code, sizeof(code)) != sizeof(code))
			_exit(251);
		if (waitid(P_PID, victim, &info, WEXITED) ||
		    info.si_pid != victim || info.si_status != SIGKILL)
			_exit(253);
		_exit(code << 4 | info.si_code);
	}
	close(ready[1]);
	if (read(ready[0], child, sizeof(*child)) != sizeof(*child))
		pid = -1;
	close(ready[0]);
	return pid;
}

/*
 * A supervisor tells a child killed by Brute (CLD_BRUTE) from one killed
 * with kill -9 (CLD_KILLED), through waitid() and SIGCHLD alike.
 */
TEST_F(brute, cld_brute)
{
	pid_t victim_sup, plain_sup, victim, plain;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	victim_sup = supervise(self->prog, USER_A, &victim);
	plain_sup = supervise(self->prog, USER_B, &plain);
	ASSERT_LT(0, victim_sup);
	ASSERT_LT(0, plain_sup);

	EXPECT_EQ(5, attack(self->prog, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(victim_sup, waitpid(victim_sup, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(CLD_BRUTE << 4 | CLD_BRUTE, WEXITSTATUS(status))
		TH_LOG("SIGCHLD si_code %d, waitid si_code %d",
		       WEXITSTATUS(status) >> 4, WEXITSTATUS(status) & 15);

	/* User B was not attacking: a plain kill -9 is CLD_KILLED. */
	ASSERT_EQ(0, kill(plain, SIGKILL));
	ASSERT_EQ(plain_sup, waitpid(plain_sup, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(CLD_KILLED << 4 | CLD_KILLED, WEXITSTATUS(status))
		TH_LOG("SIGCHLD si_code %d, waitid si_code %d",
		       WEXITSTATUS(status) >> 4, WEXITSTATUS(status) & 15);
}

TEST_HARNESS_MAIN
