// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - detection and mitigation of fork/exec brute force attacks
 *
 * Each test copies the crasher program to fresh files in a temporary
 * directory, makes them cross (or not) a privilege boundary, crashes them
 * as an attacker would, and checks the record (version 2, one entry per
 * user), the exit statuses, the errors of exec and the kernel log.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
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
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define USER_A BRUTE_USER_A
#define USER_B BRUTE_USER_B
#define AS_ROOT 0
/* The scope of a block of root's entry. */
#define EVERYONE BRUTE_UID_NONE
#define NOBODY BRUTE_NOBODY

/* The crasher program, next to this one. */
static char crasher[PATH_MAX];

static void __attribute__((constructor)) find_crasher(void)
{
	brute_sibling(crasher, sizeof(crasher), "crasher");
}

#define MAX_PIDS 64

FIXTURE(brute) {
	char dir[64];
	char prog[128];
	int kmsg;
	pid_t server;
	bool netns;
	pid_t pids[MAX_PIDS];
	int npids;
};

FIXTURE_SETUP(brute)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/brute.XXXXXX");
	ASSERT_EQ(0, brute_workdir(self->dir, self->prog, sizeof(self->prog),
				   crasher))
		TH_LOG("no working directory with %s: %m", crasher);
	self->kmsg = brute_kmsg_open();
	ASSERT_LE(0, self->kmsg);
	self->server = 0;
	self->netns = false;
	self->npids = 0;
}

FIXTURE_TEARDOWN(brute)
{
	int i;

	for (i = 0; i < self->npids; i++)
		brute_reap(self->pids[i]);
	brute_reap(self->server);
	if (self->netns)
		brute_netns_cleanup();
	close(self->kmsg);
	EXPECT_EQ(0, brute_workdir_remove(self->dir));
	EXPECT_EQ(0, brute_sysctl_reset());
}

/* Remembers a process started by a test, so that the teardown kills it. */
static pid_t track(FIXTURE_DATA(brute) *self, pid_t pid)
{
	if (pid > 0 && self->npids < MAX_PIDS)
		self->pids[self->npids++] = pid;
	return pid;
}

/* Starts @path as @uid in the background, for the rest of the test. */
#define START(path, uid, ...) (track(self, SPAWN(path, uid, __VA_ARGS__)))

/* Waits until the records of the crashes so far are written. */
static void settle(struct __test_metadata *_metadata, const char *dir)
{
	ASSERT_EQ(0, brute_settle(crasher, dir))
		TH_LOG("no record written for a counted crash");
}

#define SETTLE() settle(_metadata, self->dir)

static int detections(int kmsg)
{
	return brute_kmsg_count(kmsg, BRUTE_DETECTED, NULL);
}

/*
 * Checks everything a detection leaves behind for @path, attacked by @uid
 * with five crashes after crossing @boundary: the entry of @uid, the log,
 * the exec refused within @scope (a uid, or EVERYONE) and allowed outside
 * it, and the file running again once an administrator removed the record.
 */
static void expect_blocked(struct __test_metadata *_metadata, int kmsg,
			   const char *dir, const char *path, uid_t uid,
			   unsigned int boundary, __u32 scope)
{
	uid_t other = uid == USER_B ? USER_A : USER_B;
	struct brute_record record = {};
	struct brute_entry entry;

	ASSERT_EQ(0, brute_settle(crasher, dir));
	ASSERT_EQ(0, brute_read_record(path, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & boundary)
		TH_LOG("boundaries %#x", le16toh(record.boundaries));
	ASSERT_TRUE(brute_find_entry(&record, uid, &entry))
		TH_LOG("no entry for uid %u", uid);
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_FALSE(entry.flags & BRUTE_USER_EXPIRED);
	EXPECT_NE(0, entry.block_time);
	EXPECT_EQ(1, entry.block_count);
	EXPECT_EQ(1, brute_kmsg_detected(kmsg, path, uid, scope))
		TH_LOG("no detection of uid %u on %s, scope %d", uid, path,
		       (int)scope);

	/* The attacker's point of view. */
	EXPECT_TRUE(brute_refused(path, uid));

	/* The bystanders' point of view. */
	if (scope == EVERYONE) {
		EXPECT_TRUE(brute_refused(path, AS_ROOT));
		EXPECT_TRUE(brute_refused(path, other));
	} else {
		EXPECT_TRUE(brute_runs(path, AS_ROOT));
		EXPECT_TRUE(brute_runs(path, other));
	}

	/* An administrator removes the record: the file runs again. */
	ASSERT_EQ(0, removexattr(path, BRUTE_XATTR));
	EXPECT_TRUE(brute_runs(path, uid));
}

#define EXPECT_BLOCKED(path, uid, boundary, scope)			\
	expect_blocked(_metadata, self->kmsg, self->dir, path, uid,	\
		       boundary, scope)

/*
 * Crashes without a privilege boundary are none of Brute's business: no
 * record, no detection, no kill, and everyone still runs the file.
 */
static void expect_untouched(struct __test_metadata *_metadata, int kmsg,
			     const char *dir, const char *path)
{
	struct brute_record record = {};

	ASSERT_EQ(0, brute_settle(crasher, dir));
	EXPECT_EQ(-ENODATA, brute_read_record(path, &record));
	EXPECT_TRUE(brute_runs(path, AS_ROOT));
	EXPECT_TRUE(brute_runs(path, USER_A));
	EXPECT_TRUE(brute_runs(path, USER_B));
	EXPECT_EQ(0, detections(kmsg));
	EXPECT_FALSE(brute_kmsg_has(kmsg, "brute: offending process", NULL));
}

#define EXPECT_UNTOUCHED(path)						\
	expect_untouched(_metadata, self->kmsg, self->dir, path)

/* A user crashes a program that runs with nothing but the user's rights. */
TEST_F(brute, no_boundary_exec_kernel_signal)
{
	int err;

	EXPECT_EQ(10, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 10,
				   &err));
	EXPECT_EQ(0, err);
	EXPECT_UNTOUCHED(self->prog);
}

/* Signals a process sends itself count only after a boundary. */
TEST_F(brute, no_boundary_exec_self_signals)
{
	int err;

	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "usersegv", SIGSEGV, 5,
				  &err));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "abort", SIGABRT, 5,
				  &err));
	EXPECT_EQ(0, err);
	EXPECT_UNTOUCHED(self->prog);
}

TEST_F(brute, no_boundary_fork_kernel_signal)
{
	char out[64];
	int err;

	EXPECT_TRUE(exited(run_as(self->prog, USER_A, &err, out, sizeof(out),
				  (const char *const[]){ "fork-segv", "10",
							 NULL }), 0));
	EXPECT_EQ(10, atoi(out));
	EXPECT_UNTOUCHED(self->prog);
}

TEST_F(brute, no_boundary_fork_user_signal)
{
	char out[64];
	int err;

	EXPECT_TRUE(exited(run_as(self->prog, USER_A, &err, out, sizeof(out),
				  (const char *const[]){ "fork-usersegv", "10",
							 NULL }), 0));
	EXPECT_EQ(10, atoi(out));
	EXPECT_UNTOUCHED(self->prog);
}

/* Changing the filesystem ids only is no privilege change. */
TEST_F(brute, no_boundary_fsuid)
{
	int err;

	EXPECT_EQ(6, brute_attack(self->prog, AS_ROOT, "fsuid-segv", SIGSEGV,
				  6, &err));
	EXPECT_EQ(0, err);
	EXPECT_UNTOUCHED(self->prog);
}

/*
 * A file with a record, made by the kernel: user B crashed it four times
 * while it was setuid.  Root then removed the setuid bit.  Processes that
 * cross nothing crash it again and again, B's included: nothing changes,
 * for anyone, although B's next counted crash would be a detection.
 */
TEST_F(brute, no_boundary_file_with_record)
{
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t sleeper;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(4, brute_attack(self->prog, USER_B, "segv", SIGSEGV, 4,
				  &err));
	ASSERT_EQ(0, chmod(self->prog, 0755));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_B, &entry));
	ASSERT_EQ(4, entry.faults);

	sleeper = START(self->prog, AS_ROOT, "sleep");
	ASSERT_LT(0, sleeper);
	EXPECT_EQ(10, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 10,
				   &err));
	EXPECT_EQ(10, brute_attack(self->prog, USER_B, "segv", SIGSEGV, 10,
				   &err));
	EXPECT_EQ(5, brute_attack(self->prog, USER_B, "abort", SIGABRT, 5,
				  &err));
	EXPECT_EQ(0, err);

	EXPECT_TRUE(brute_alive(sleeper));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_EQ(0, detections(self->kmsg));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_B, &entry));
	EXPECT_EQ(4, entry.faults);
	EXPECT_FALSE(brute_find_entry(&record, USER_A, &entry));
	brute_reap(sleeper);
}

/*
 * The same with a record that root wrote: user A is one crash away from a
 * detection, but A's crashes of the file cross nothing.
 */
TEST_F(brute, no_boundary_written_record)
{
	struct brute_record record, after = {};
	struct brute_entry entry;
	int err;

	brute_init_record(&record);
	record.boundaries = htole16(BRUTE_BOUNDARY_SETID);
	brute_set_entry(&record.users[0], USER_A, 4, time(NULL), 0,
			BRUTE_USER_USED);
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, &record,
			      sizeof(record), 0));

	EXPECT_EQ(10, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 10,
				   &err));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_EQ(0, detections(self->kmsg));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &after));
	EXPECT_EQ(1, brute_count_entries(&after));
	ASSERT_TRUE(brute_find_entry(&after, USER_A, &entry));
	EXPECT_EQ(4, entry.faults);
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
}

/*
 * A file gets a record at its first counted crash, not before: not when it
 * is executed setuid, when its process changes ids, or when its process
 * accepts a connection from the network or is executed holding one.
 */
TEST_F(brute, no_record_before_first_crash)
{
	char dropper[128], server[128], handler[128];
	struct brute_record record = {};
	struct brute_entry entry;
	time_t start = time(NULL);

	snprintf(dropper, sizeof(dropper), "%s/dropper", self->dir);
	snprintf(server, sizeof(server), "%s/server", self->dir);
	snprintf(handler, sizeof(handler), "%s/handler", self->dir);
	ASSERT_EQ(0, copy_file(crasher, dropper, 0755));
	ASSERT_EQ(0, copy_file(crasher, server, 0755));
	ASSERT_EQ(0, copy_file(crasher, handler, 0755));
	ASSERT_EQ(0, chmod(self->prog, 04755));

	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(exited(RUN(dropper, AS_ROOT, NULL, "drop-true"), 0));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	self->server = brute_spawn(server, AS_ROOT,
				   (const char *const[]){ "serve", "7006",
							  handler, "true",
							  NULL },
				   BRUTE_NS_SERVER);
	ASSERT_LT(0, self->server);
	EXPECT_EQ(3, brute_connect_from_client(7006, 3));

	SETTLE();
	EXPECT_EQ(-ENODATA, brute_read_record(self->prog, &record));
	EXPECT_EQ(-ENODATA, brute_read_record(dropper, &record));
	EXPECT_EQ(-ENODATA, brute_read_record(server, &record));
	EXPECT_EQ(-ENODATA, brute_read_record(handler, &record));

	/* The first counted crash creates it, with one entry. */
	EXPECT_TRUE(crashed(RUN(self->prog, USER_A, NULL, "segv"), SIGSEGV));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(BRUTE_RECORD_VERSION, record.version);
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_SETID);
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_EQ(0, entry.ema);
	EXPECT_EQ(BRUTE_USER_USED, entry.flags);
	EXPECT_LE(start, entry.last_crash);
	EXPECT_GE(time(NULL), entry.last_crash);
	EXPECT_EQ(0, entry.block_time);
}

/* Setuid file, executed again and again by a user until it crashes. */
TEST_F(brute, setuid_exec)
{
	char line[PATH_MAX + 32];
	pid_t sleeper, bystander;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	sleeper = START(self->prog, USER_A, "sleep");
	bystander = START(self->prog, USER_B, "sleep");
	ASSERT_LT(0, sleeper);
	ASSERT_LT(0, bystander);

	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);

	snprintf(line, sizeof(line), "brute: %s not allowed", self->prog);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg, line, NULL));

	/* The attacker's other process was killed, and it was logged. */
	status = brute_wait_dead(sleeper, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, sleeper, USER_A,
				       self->prog));
	/* Another user's process of the file was not. */
	EXPECT_TRUE(brute_alive(bystander));
	brute_reap(bystander);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

/* Root executing a setuid file crosses its boundary too: root's entry. */
TEST_F(brute, setuid_exec_by_root)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, AS_ROOT, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_BLOCKED(self->prog, AS_ROOT, BRUTE_BOUNDARY_SETID, EVERYONE);
}

/* Setuid file executed once, whose process forks crashing children. */
TEST_F(brute, setuid_fork)
{
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	status = RUN(self->prog, USER_A, &err, "fork-segv", "20");
	/* The parent is a process of the file too: the sweep kills it. */
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

/*
 * A root process gives up its privileges for nobody, then crashes, again
 * and again: charged to nobody, whose ids it held when it died.  After the
 * block, root's next run is killed as it takes nobody's ids; root itself
 * still runs the file.
 */
TEST_F(brute, privilege_change_exec)
{
	int i, status;

	for (i = 0; i < 5; i++)
		EXPECT_TRUE(crashed(RUN(self->prog, AS_ROOT, NULL, "drop-segv"),
				    SIGSEGV)) TH_LOG("run %d", i);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, NOBODY,
					 NOBODY));
	status = RUN(self->prog, AS_ROOT, NULL, "drop-segv");
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, detections(self->kmsg));
	EXPECT_BLOCKED(self->prog, NOBODY, BRUTE_BOUNDARY_CREDS, NOBODY);
}

/*
 * A process changes its privileges, then forks crashing children: the
 * parent holds nobody's ids too, and the sweep kills it.
 */
TEST_F(brute, privilege_change_fork)
{
	int err, status;

	status = RUN(self->prog, AS_ROOT, &err, "fork-segv", "20", "65534");
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_BLOCKED(self->prog, NOBODY, BRUTE_BOUNDARY_CREDS, NOBODY);
}

/* A change of the supplementary groups is a privilege change too. */
TEST_F(brute, privilege_change_setgroups)
{
	int err;

	EXPECT_EQ(5, brute_attack(self->prog, AS_ROOT, "setgroups-segv",
				  SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_BLOCKED(self->prog, AS_ROOT, BRUTE_BOUNDARY_CREDS, EVERYONE);
}

/*
 * The crashes are charged to the real uid that executed the program, not
 * to the uid the process changed to afterwards.
 */
TEST_F(brute, uid_kept_across_changes)
{
	struct brute_record record = {};
	struct brute_entry entry;
	char uid_b[16];
	int i, err, status;

	snprintf(uid_b, sizeof(uid_b), "%d", USER_B);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 5; i++) {
		status = RUN(self->prog, USER_A, &err, "setuid-segv", uid_b);
		EXPECT_EQ(0, err);
		EXPECT_TRUE(crashed(status, SIGSEGV)) TH_LOG("status %#x",
							     status);
	}
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
}

/*
 * Setid bits that the kernel does not honour are no boundary: on a nosuid
 * mount, under no_new_privs, and a setgid bit without group execute.
 */
TEST_F_TIMEOUT(brute, setid_bits_ignored, 90)
{
	char mnt[128], nosuid[PATH_MAX], runner[128], sgid[128];
	int i, err, status;

	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	snprintf(nosuid, sizeof(nosuid), "%s/prog", mnt);
	snprintf(runner, sizeof(runner), "%s/runner", self->dir);
	snprintf(sgid, sizeof(sgid), "%s/sgid", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("brute", mnt, "tmpfs", MS_NOSUID, "mode=0755"));
	ASSERT_EQ(0, copy_file(crasher, nosuid, 04755));
	ASSERT_EQ(0, copy_file(crasher, runner, 0755));
	ASSERT_EQ(0, copy_file(crasher, sgid, 02745));
	ASSERT_EQ(0, chmod(self->prog, 04755));

	EXPECT_EQ(6, brute_attack(nosuid, USER_A, "segv", SIGSEGV, 6, &err));
	EXPECT_EQ(6, brute_attack(sgid, USER_A, "segv", SIGSEGV, 6, &err));
	for (i = 0; i < 6; i++) {
		status = RUN(runner, USER_A, &err, "nnp-exec", self->prog,
			     "segv");
		EXPECT_EQ(0, err);
		EXPECT_TRUE(crashed(status, SIGSEGV))
			TH_LOG("status %#x", status);
	}

	EXPECT_EQ(0, detections(self->kmsg));
	EXPECT_TRUE(brute_runs(nosuid, USER_A));
	EXPECT_TRUE(brute_runs(sgid, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_UNTOUCHED(nosuid);
	EXPECT_UNTOUCHED(sgid);
	EXPECT_UNTOUCHED(self->prog);
}

/*
 * A daemon that executes a program per connection (inetd style), the
 * connection as its stdin: the program is blocked, not the daemon.
 */
TEST_F(brute, network_exec)
{
	char server[128];
	struct brute_record record = {};
	pid_t sleeper;
	int status;

	snprintf(server, sizeof(server), "%s/server", self->dir);
	ASSERT_EQ(0, copy_file(crasher, server, 0755));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	sleeper = START(self->prog, AS_ROOT, "sleep");
	ASSERT_LT(0, sleeper);
	self->server = brute_spawn(server, AS_ROOT,
				   (const char *const[]){ "serve", "7001",
							  self->prog, "segv",
							  NULL },
				   BRUTE_NS_SERVER);
	ASSERT_LT(0, self->server);

	EXPECT_EQ(8, brute_connect_from_client(7001, 8));
	/* Root's entry: every process of the program is killed. */
	status = brute_wait_dead(sleeper, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_TRUE(brute_alive(self->server));
	EXPECT_BLOCKED(self->prog, AS_ROOT, BRUTE_BOUNDARY_NETWORK, EVERYONE);
	/* The daemon never crashed: it has no record. */
	EXPECT_EQ(-ENODATA, brute_read_record(server, &record));
	EXPECT_TRUE(brute_runs(server, AS_ROOT));
}

/* A daemon that forks per connection (apache style). */
TEST_F(brute, network_fork)
{
	int status;

	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	self->server = brute_spawn(self->prog, AS_ROOT,
				   (const char *const[]){ "serve", "7002",
							  NULL },
				   BRUTE_NS_SERVER);
	ASSERT_LT(0, self->server);

	/* The daemon may accept one connection more while it dies. */
	EXPECT_LE(5, brute_connect_from_client(7002, 8));
	/* The daemon is a process of the attacked file: it is killed. */
	status = brute_wait_dead(self->server, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, self->server, AS_ROOT,
				       self->prog));
	self->server = 0;
	EXPECT_BLOCKED(self->prog, AS_ROOT, BRUTE_BOUNDARY_NETWORK, EVERYONE);
}

/*
 * A user's daemon attacked from the network: the daemon's file is blocked
 * for that user only; root's process of the same file survives.
 */
TEST_F(brute, network_user_scope)
{
	pid_t sleeper;
	int status;

	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	sleeper = START(self->prog, AS_ROOT, "sleep");
	ASSERT_LT(0, sleeper);
	self->server = brute_spawn(self->prog, USER_A,
				   (const char *const[]){ "serve", "7003",
							  NULL },
				   BRUTE_NS_SERVER);
	ASSERT_LT(0, self->server);

	EXPECT_LE(5, brute_connect_from_client(7003, 8));
	status = brute_wait_dead(self->server, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	self->server = 0;
	EXPECT_TRUE(brute_alive(sleeper));
	brute_reap(sleeper);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_NETWORK, USER_A);
}

/* A daemon on IPv6 (and IPv4), forking per connection, attacked on IPv6. */
TEST_F(brute, network_ipv6)
{
	int status;

	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	self->server = brute_spawn(self->prog, AS_ROOT,
				   (const char *const[]){ "serve6", "7007",
							  NULL },
				   BRUTE_NS_SERVER);
	ASSERT_LT(0, self->server);
	EXPECT_LE(5, brute_connect_n(BRUTE_NS_CLIENT, BRUTE_SERVER_IP6, 7007,
				     8));
	status = brute_wait_dead(self->server, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	self->server = 0;
	EXPECT_BLOCKED(self->prog, AS_ROOT, BRUTE_BOUNDARY_NETWORK, EVERYONE);
}

/*
 * Daemons listening on every address, but whose connections all come
 * from a loopback address, crossed no boundary: on IPv4, and on IPv6 from
 * ::1 and from 127.0.0.1 (a v4-mapped address).
 */
TEST_F(brute, network_loopback_not_a_boundary)
{
	char prog6[128];
	pid_t server6;

	snprintf(prog6, sizeof(prog6), "%s/prog6", self->dir);
	ASSERT_EQ(0, copy_file(crasher, prog6, 0755));
	self->server = brute_spawn(self->prog, AS_ROOT,
				   (const char *const[]){ "serve", "7005",
							  NULL }, NULL);
	ASSERT_LT(0, self->server);
	server6 = START(prog6, AS_ROOT, "serve6", "7008");
	ASSERT_LT(0, server6);
	EXPECT_EQ(6, brute_connect_n(NULL, "127.0.0.1", 7005, 6));
	EXPECT_EQ(3, brute_connect_n(NULL, "::1", 7008, 3));
	EXPECT_EQ(3, brute_connect_n(NULL, "127.0.0.1", 7008, 3));
	EXPECT_TRUE(brute_alive(self->server));
	EXPECT_TRUE(brute_alive(server6));
	brute_reap(server6);
	EXPECT_UNTOUCHED(self->prog);
	EXPECT_UNTOUCHED(prog6);
}

/* Executing the file again from itself does not reset its statistics. */
TEST_F(brute, double_exec)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "reexec-segv", SIGSEGV,
				  20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

TEST_F(brute, sigkill_not_counted)
{
	struct brute_record record = {};
	int i;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 10; i++) {
		pid_t pid = START(self->prog, USER_A, "sleep");

		ASSERT_LT(0, pid);
		ASSERT_EQ(0, kill(pid, SIGKILL));
		EXPECT_EQ(0x0009, brute_wait_dead(pid, 5000));
	}
	SETTLE();
	EXPECT_EQ(-ENODATA, brute_read_record(self->prog, &record));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_EQ(0, detections(self->kmsg));
}

/* abort() sends SIGABRT to itself: a crash, after a boundary. */
TEST_F(brute, sigabrt_counted)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "abort", SIGABRT, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

/* A fault signal a process sends itself with kill() is a crash too. */
TEST_F(brute, self_sent_segv_counted)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "usersegv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

/*
 * A signal from another process is never a crash, whoever sends it: the
 * same user or root, SIGSEGV or SIGABRT.  Nor is a signal queued with
 * sigqueue(), which can say anything about its origin.
 */
TEST_F(brute, signals_from_others_not_counted)
{
	static const int sigs[] = { SIGSEGV, SIGABRT };
	static const uid_t senders[] = { AS_ROOT, USER_A };
	struct brute_record record = {};
	int i, err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 8; i++) {
		int sig = sigs[i % 2];
		pid_t pid = START(self->prog, USER_A, "sleep");

		ASSERT_LT(0, pid);
		EXPECT_EQ(0, brute_kill_as(pid, sig, senders[i / 2 % 2]));
		status = brute_wait_dead(pid, 5000);
		EXPECT_TRUE(crashed(status, sig)) TH_LOG("status %#x", status);
	}
	EXPECT_EQ(6, brute_attack(self->prog, USER_A, "queue-abrt", SIGABRT,
				  6, &err));
	EXPECT_EQ(0, err);

	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_EQ(0, detections(self->kmsg));
	SETTLE();
	EXPECT_EQ(-ENODATA, brute_read_record(self->prog, &record));
}

/* Two names of one inode share its statistics and its block. */
TEST_F(brute, hard_link_shares)
{
	char link2[128];
	struct brute_entry entry;
	int err;

	snprintf(link2, sizeof(link2), "%s/link", self->dir);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	ASSERT_EQ(0, link(self->prog, link2));
	EXPECT_EQ(3, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 3,
				  &err));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(link2, USER_A, &entry));
	EXPECT_EQ(3, entry.faults);
	EXPECT_EQ(2, brute_attack(link2, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_BLOCKED(link2, USER_A, BRUTE_BOUNDARY_SETID, USER_A);
}

/* A crash of a script's unprivileged interpreter is charged to the script. */
TEST_F(brute, script_charged)
{
	char interp[128], script[128], text[256];
	struct brute_record record = {};
	int fd, err;

	snprintf(interp, sizeof(interp), "%s/interp", self->dir);
	snprintf(script, sizeof(script), "%s/script", self->dir);
	ASSERT_EQ(0, rename(self->prog, interp));
	fd = open(script, O_WRONLY | O_CREAT | O_EXCL, 0755);
	ASSERT_LE(0, fd);
	snprintf(text, sizeof(text), "#!%s script\n", interp);
	ASSERT_EQ(strlen(text), write(fd, text, strlen(text)));
	close(fd);

	/* The interpreter gives up root for nobody: charged to nobody. */
	EXPECT_EQ(-1005, brute_attack(script, AS_ROOT, "segv", SIGSEGV, 20,
				      &err));
	EXPECT_EQ(0, err);
	EXPECT_BLOCKED(script, NOBODY, BRUTE_BOUNDARY_CREDS, NOBODY);
	/* The interpreter has no record and stays usable. */
	EXPECT_EQ(-ENODATA, brute_read_record(interp, &record));
	EXPECT_TRUE(brute_runs(interp, AS_ROOT));
	EXPECT_TRUE(brute_runs(interp, USER_A));
}

/*
 * Every process of the attacker on the attacked file dies, however many
 * there are; each kill is logged once at most (the log is ratelimited).
 */
TEST_F_TIMEOUT(brute, sweep_50, 120)
{
	pid_t sleepers[50];
	int i, err, status, killed = 0, logged = 0, n;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	for (i = 0; i < 50; i++) {
		sleepers[i] = START(self->prog, USER_A, "sleep");
		ASSERT_LT(0, sleepers[i]);
	}
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	for (i = 0; i < 50; i++) {
		status = brute_wait_dead(sleepers[i], 5000);
		killed += status == 0x0009;
		n = brute_kmsg_killed(self->kmsg, sleepers[i], USER_A,
				      self->prog);
		EXPECT_GE(1, n) TH_LOG("pid %d logged %d times", sleepers[i],
				       n);
		logged += n;
	}
	EXPECT_EQ(50, killed);
	EXPECT_LE(1, logged);
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
	struct brute_record record = {};
	int i, err;

	for (i = 0; i < 20; i++)
		EXPECT_TRUE(brute_runs(path, USER_A));
	EXPECT_EQ(xattr_err, brute_read_record(path, &record));
	EXPECT_EQ(5, brute_attack(path, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_EQ(1, brute_kmsg_detected(kmsg, path, USER_A, USER_A));
	EXPECT_TRUE(brute_runs(path, USER_B));
	EXPECT_TRUE(brute_runs(path, AS_ROOT));
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
	struct brute_entry entry;
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

			_exit(brute_attack(self->prog, USER_A, "segv", SIGSEGV,
					   50, &err));
		}
	}
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(workers[i], waitpid(workers[i], &status, 0));
		good += exited(status, 50);
	}
	EXPECT_EQ(8, good);
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_EQ(400, entry.faults);
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
}

/* A record that blocks user A, with something wrong with it. */
static size_t bad_record(unsigned char *value, int what)
{
	struct brute_record *record = (struct brute_record *)value;
	size_t size = sizeof(*record);

	memset(value, 0, sizeof(*record) + 16);
	brute_init_record(record);
	brute_set_entry(&record->users[0], USER_A, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	switch (what) {
	case 0:		/* one byte too many for minor 0 */
		size++;
		break;
	case 1:		/* user A twice */
		record->users[1] = record->users[0];
		break;
	case 2:		/* an undefined flag */
		record->users[0].flags |= 0x80;
		break;
	case 3:		/* an undefined boundary */
		record->boundaries = htole16(0x8000);
		break;
	case 4:		/* an EMA out of range */
		record->users[0].ema = htole64(BRUTE_PERIOD_MAX + 1);
		break;
	case 5:		/* the first byte of a record of another version */
		record->version = 0x42;
		break;
	}
	return size;
}

/*
 * Root writes garbage: the file has no statistics (it runs), then an
 * attack is still caught and the record replaced by a valid one.
 */
TEST_F(brute, malformed_record)
{
	static const unsigned char short_value[3] = { 2, 0, 0 };
	unsigned char value[sizeof(struct brute_record) + 16];
	struct brute_record *record = (struct brute_record *)value;
	struct brute_entry entry;
	size_t size;
	int i, err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, short_value,
			      sizeof(short_value), 0));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	for (i = 0; i <= 5; i++) {
		size = bad_record(value, i);
		ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value, size, 0));
		EXPECT_TRUE(brute_runs(self->prog, USER_A)) TH_LOG("case %d", i);
	}

	/* A newer minor revision may append fields: that one is valid. */
	bad_record(value, -1);
	record->minor = BRUTE_RECORD_MINOR + 1;
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value,
			      sizeof(value), 0));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));

	size = bad_record(value, 1);
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value, size, 0));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
}

/* The cache follows a record that root writes or removes. */
TEST_F(brute, root_sets_record)
{
	struct brute_record record = {};

	EXPECT_TRUE(brute_runs(self->prog, USER_A));

	/* A block of user A's entry: for user A only. */
	brute_init_record(&record);
	brute_set_entry(&record.users[3], USER_A, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, &record,
			      sizeof(record), 0));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));

	/* A block of root's entry: for everyone. */
	brute_init_record(&record);
	brute_set_entry(&record.users[0], AS_ROOT, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, &record,
			      sizeof(record), 0));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_TRUE(brute_refused(self->prog, USER_B));
	EXPECT_TRUE(brute_refused(self->prog, AS_ROOT));

	ASSERT_EQ(0, removexattr(self->prog, BRUTE_XATTR));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
}

/*
 * Records of versions 1 and 2, which only development versions of Brute
 * wrote, are malformed: a block in them blocks nobody, and the next
 * counted crash replaces them.  Version 2's ninth, shared entry blocked
 * everyone.
 */
TEST_F(brute, old_record_versions_malformed)
{
	unsigned char value[sizeof(struct brute_record) +
			    sizeof(struct brute_user)] = {};
	struct brute_record *record = (struct brute_record *)value;
	struct brute_record now = {};
	struct brute_user *shared = (struct brute_user *)(record + 1);
	struct brute_entry entry;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	brute_init_record(record);
	record->version = 2;
	brute_set_entry(&record->users[0], USER_A, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	brute_set_entry(shared, BRUTE_UID_NONE, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value, sizeof(value),
			      0));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));

	/* Version 1: 40 bytes, "not allowed" in its flags. */
	memset(value, 0, sizeof(value));
	value[0] = 1;
	value[1] = 1;
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value, 40, 0));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));

	/* The next counted crash writes the current version. */
	EXPECT_TRUE(crashed(RUN(self->prog, USER_B, NULL, "segv"), SIGSEGV));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &now));
	EXPECT_EQ(BRUTE_RECORD_VERSION, now.version);
	EXPECT_EQ(1, brute_count_entries(&now));
	ASSERT_TRUE(brute_find_entry(&now, USER_B, &entry));
	EXPECT_EQ(1, entry.faults);
}

/*
 * Two users attack a setuid file: each is blocked for themselves only,
 * and only each one's processes die.  Root's never do.
 */
TEST_F_TIMEOUT(brute, per_user_scope, 60)
{
	pid_t sleeper_a, sleeper_b, sleeper_root;
	struct brute_record record = {};
	struct brute_entry entry;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	sleeper_a = START(self->prog, USER_A, "sleep");
	sleeper_b = START(self->prog, USER_B, "sleep");
	sleeper_root = START(self->prog, AS_ROOT, "sleep");
	ASSERT_LT(0, sleeper_a);
	ASSERT_LT(0, sleeper_b);
	ASSERT_LT(0, sleeper_root);

	/* User A's point of view: blocked, and its other process killed. */
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	status = brute_wait_dead(sleeper_a, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));

	/* User B's and root's point of view: the file still runs. */
	EXPECT_TRUE(brute_alive(sleeper_b));
	EXPECT_TRUE(brute_alive(sleeper_root));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));

	/* User B attacks too: B is blocked, for B only. */
	EXPECT_EQ(5, brute_attack(self->prog, USER_B, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	status = brute_wait_dead(sleeper_b, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_B,
					 USER_B));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_TRUE(brute_refused(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_alive(sleeper_root));
	EXPECT_FALSE(brute_kmsg_has(self->kmsg, BRUTE_DETECTED,
				    "blocked for everyone"));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(2, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	ASSERT_TRUE(brute_find_entry(&record, USER_B, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_FALSE(brute_find_entry(&record, AS_ROOT, &entry));
	brute_reap(sleeper_root);
}

/*
 * Thirteen users crash a setuid file once each; the thirteenth goes on.
 * Each is counted for himself: the first eight in the record, the others
 * in memory, and the thirteenth's fifth crash blocks the file for him
 * only.  Version 11 shared one entry among the users beyond the eighth,
 * and its block was everyone's: nine users took a setuid program from
 * root.
 */
TEST_F_TIMEOUT(brute, users_beyond_record_each_alone, 90)
{
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t sleeper_13, sleeper_12;
	char line[256];
	uid_t uid;
	int err, status, i;
	FILE *blocks;
	bool listed = false;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	sleeper_13 = START(self->prog, 2013, "sleep");
	sleeper_12 = START(self->prog, 2012, "sleep");
	ASSERT_LT(0, sleeper_13);
	ASSERT_LT(0, sleeper_12);
	for (uid = 2001; uid <= 2013; uid++) {
		status = RUN(self->prog, uid, &err, "segv");
		EXPECT_EQ(0, err) TH_LOG("uid %u", uid);
		EXPECT_TRUE(crashed(status, SIGSEGV)) TH_LOG("uid %u", uid);
	}
	EXPECT_EQ(0, detections(self->kmsg));
	for (i = 0; i < 4; i++)
		EXPECT_TRUE(crashed(RUN(self->prog, 2013, NULL, "segv"),
				    SIGSEGV));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, 2013, 2013));
	EXPECT_EQ(1, detections(self->kmsg));

	/* The attacker's side. */
	EXPECT_TRUE(brute_refused(self->prog, 2013));
	status = brute_wait_dead(sleeper_13, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	/* Everyone else's, in the record or not. */
	EXPECT_TRUE(brute_alive(sleeper_12));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, 2001));
	EXPECT_TRUE(brute_runs(self->prog, 2012));
	EXPECT_TRUE(brute_runs(self->prog, 2014));
	/* The block kept in memory is listed, for 2013 alone. */
	blocks = fopen("/sys/kernel/security/brute/blocks", "r");
	ASSERT_NE(NULL, blocks);
	while (fgets(line, sizeof(line), blocks)) {
		if (!strstr(line, self->prog))
			continue;
		EXPECT_EQ(NULL, strstr(line, " all ")) TH_LOG("%s", line);
		if (strstr(line, " 2013 "))
			listed = true;
	}
	fclose(blocks);
	EXPECT_TRUE(listed);

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(BRUTE_RECORD_USERS, brute_count_entries(&record));
	for (uid = 2001; uid <= 2008; uid++) {
		EXPECT_TRUE(brute_find_entry(&record, uid, &entry));
		EXPECT_EQ(1, entry.faults);
		EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
	}
	EXPECT_FALSE(brute_find_entry(&record, 2013, &entry));
	brute_reap(sleeper_12);
}

/* File capabilities are a privilege boundary too, scoped to the user. */
TEST_F(brute, file_capabilities)
{
	struct vfs_cap_data caps = {
		.magic_etc = htole32(VFS_CAP_REVISION_2 |
				     VFS_CAP_FLAGS_EFFECTIVE),
		.data[0].permitted = htole32(1 << CAP_NET_RAW),
	};
	struct brute_record record = {};
	int err;

	ASSERT_EQ(0, setxattr(self->prog, "security.capability", &caps,
			      XATTR_CAPS_SZ_2, 0));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_FALSE(le16toh(record.boundaries) & BRUTE_BOUNDARY_SETID);
	EXPECT_BLOCKED(self->prog, USER_A, BRUTE_BOUNDARY_FCAPS, USER_A);
}

/*
 * A block expires after block_duration; the next crash blocks again, for
 * twice as long.
 */
TEST_F(brute, block_expiry)
{
	struct brute_entry entry;
	char line[PATH_MAX + 32];
	int err;

	ASSERT_EQ(0, brute_sysctl_write("block_duration", 3));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg,
				   "block for 3s), blocked for uid 1000", NULL));
	sleep(4);
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	snprintf(line, sizeof(line), "brute: block of %s expired", self->prog);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg, line, NULL));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_TRUE(entry.flags & BRUTE_USER_EXPIRED);
	EXPECT_EQ(5, entry.faults);
	EXPECT_EQ(1, entry.block_count);

	/* The statistics stayed: one more fast crash is an attack again. */
	EXPECT_EQ(1, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg,
				   "block for 6s), blocked for uid 1000", NULL));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_FALSE(entry.flags & BRUTE_USER_EXPIRED);
	EXPECT_EQ(6, entry.faults);
	EXPECT_EQ(2, entry.block_count);
}

/*
 * However slowly the attacker comes back after an expiry, his next crash
 * is detected: here ten seconds later, an EMA the fast limit never sees.
 */
TEST_F_TIMEOUT(brute, crash_after_expiry_detected_at_once, 60)
{
	struct brute_entry entry;
	int err;

	ASSERT_EQ(0, brute_sysctl_write("block_duration", 5));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	/* From now on only the expiry can make a crash an attack. */
	ASSERT_EQ(0, brute_sysctl_write("crash_period_threshold", 1));
	sleep(10);
	EXPECT_EQ(1, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg, "crash after an expired block",
				   NULL));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_LT(1, entry.ema);
	EXPECT_EQ(2, entry.block_count);
	/* Others are not concerned. */
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
}

/* With block_duration 0, a block lasts until an administrator lifts it. */
TEST_F(brute, block_until_lifted)
{
	struct brute_entry entry;
	int err;

	ASSERT_EQ(0, brute_sysctl_write("block_duration", 0));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(brute_kmsg_has(self->kmsg,
				   "block until lifted), blocked for uid 1000",
				   NULL));
	/* Whatever the cap, and however long. */
	ASSERT_EQ(0, brute_sysctl_write("block_duration_max", 1));
	sleep(3);
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_EQ(0, removexattr(self->prog, "security.brute"));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
}

/* The dynamic loader cannot run a blocked file either, for the attacker. */
TEST_F(brute, ldso_refused)
{
	const char *ldso = brute_find_ldso();
	int err;

	ASSERT_NE(NULL, ldso);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_TRUE(exited(RUN(ldso, USER_A, &err, self->prog, "true"), 0));
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	/* ld.so fails to map the file and exits with an error. */
	EXPECT_TRUE(exited(RUN(ldso, USER_A, &err, self->prog, "true"), 127));
	EXPECT_EQ(0, err);
	/* Other users still can. */
	EXPECT_TRUE(exited(RUN(ldso, USER_B, &err, self->prog, "true"), 0));
	EXPECT_TRUE(exited(RUN(ldso, AS_ROOT, &err, self->prog, "true"), 0));
}

/* Mapping a blocked file executable fails; reading it does not. */
TEST_F(brute, mmap_exec_refused)
{
	char other[128];
	void *map;
	int fd, err;

	snprintf(other, sizeof(other), "%s/other", self->dir);
	ASSERT_EQ(0, copy_file(crasher, other, 0755));
	/* Root's crashes: blocked for everyone, root included. */
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(5, brute_attack(self->prog, AS_ROOT, "segv", SIGSEGV, 20,
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

#ifndef AT_EXECVE_CHECK
#define AT_EXECVE_CHECK 0x10000
#endif

/* True on kernels that have execveat(AT_EXECVE_CHECK): 6.14 and later. */
static bool have_execve_check(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return false;
	return major > 6 || (major == 6 && minor >= 14);
}

/* execveat(AT_EXECVE_CHECK) of @path: 0 or an errno. */
static int execve_check(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	char *const envp[] = { NULL };

	if (syscall(SYS_execveat, AT_FDCWD, path, argv, envp, AT_EXECVE_CHECK))
		return errno;
	return 0;
}

/* The same, as @uid, in a child: 0 or an errno (126: could not become @uid). */
static int execve_check_as(const char *path, uid_t uid)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		become(uid);
		_exit(execve_check(path));
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Unmounts @mnt, trying for up to two seconds while it is busy. */
static int umount_soon(const char *mnt)
{
	long long end = brute_now_ms() + 2000;
	int ret;

	while ((ret = umount2(mnt, 0)) && errno == EBUSY &&
	       brute_now_ms() < end)
		brute_sleep_ms(20);
	return ret;
}

/*
 * A script interpreter asks with execveat(AT_EXECVE_CHECK) whether a file
 * may run: the answer is the execution's, EPERM for the attacker of a
 * blocked file and 0 for the others, and the check keeps no reference to
 * the file (its filesystem unmounts right after).  Kernels before 6.14
 * refuse the flag itself, for every file.
 */
TEST_F(brute, execve_check)
{
	char mnt[96], path[128];
	int err;

	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	snprintf(path, sizeof(path), "%s/prog", mnt);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("brute", mnt, "tmpfs", 0, "mode=0755"));
	ASSERT_EQ(0, copy_file(crasher, path, 04755));
	if (!have_execve_check()) {
		EXPECT_EQ(EINVAL, execve_check_as(path, USER_A));
		EXPECT_EQ(0, umount2(mnt, 0));
		return;
	}
	EXPECT_EQ(0, execve_check_as(path, USER_A));
	EXPECT_EQ(5, brute_attack(path, USER_A, "segv", SIGSEGV, 20, &err));
	EXPECT_EQ(EPERM, err);

	/* The attacker's check is refused, as the execution is. */
	EXPECT_EQ(EPERM, execve_check_as(path, USER_A));
	EXPECT_TRUE(brute_refused(path, USER_A));
	/* Other users', and root's, pass, and they still run the file. */
	EXPECT_EQ(0, execve_check_as(path, USER_B));
	EXPECT_TRUE(brute_runs(path, USER_B));

	/*
	 * This process checks the file, and then holds nothing of it: the
	 * filesystem unmounts.  (Brute lets go of the programs of reaped
	 * processes when their tasks are freed, moments later, and writes
	 * the records of the crashes a tenth of a second after them: what
	 * the check would keep, it would keep for as long as this process
	 * lives.)
	 */
	EXPECT_EQ(0, execve_check(path));
	EXPECT_EQ(0, umount_soon(mnt)) TH_LOG("umount after a check: %m");
}

/* What a supervisor learnt of the death of its child. */
struct child_report {
	int sigchld_code;
	int sigchld_status;
	int waitid_code;
	int waitid_status;
};

/* The supervisor's SIGCHLD handler writes what it got to this pipe. */
static int sigchld_pipe[2];

static void on_sigchld(int sig, siginfo_t *info, void *ctx)
{
	int got[2] = { info->si_code, info->si_status };

	if (write(sigchld_pipe[1], got, sizeof(got)) != sizeof(got))
		_exit(252);
}

/*
 * Forks a supervisor that runs @path as @uid and reports how its child
 * died, through SIGCHLD and waitid(), to the pipe *@report.  The
 * supervisor has a single child, so no SIGCHLD is merged with another.
 * Returns its pid once the child runs, and the child's in *@child.
 */
static pid_t supervise(const char *path, uid_t uid, pid_t *child,
		       int *report)
{
	struct sigaction sa = {
		.sa_sigaction = on_sigchld,
		.sa_flags = SA_SIGINFO | SA_RESTART,
	};
	int ready[2], results[2];
	pid_t pid;

	if (pipe(ready) || pipe(results))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct child_report r = {};
		siginfo_t info = {};
		pid_t victim;
		int got[2];

		close(results[0]);
		if (pipe(sigchld_pipe) || sigaction(SIGCHLD, &sa, NULL))
			_exit(255);
		victim = SPAWN(path, uid, "sleep");
		if (victim <= 0 ||
		    write(ready[1], &victim, sizeof(victim)) != sizeof(victim))
			_exit(254);
		if (read(sigchld_pipe[0], got, sizeof(got)) != sizeof(got))
			_exit(251);
		if (waitid(P_PID, victim, &info, WEXITED) ||
		    info.si_pid != victim)
			_exit(253);
		r.sigchld_code = got[0];
		r.sigchld_status = got[1];
		r.waitid_code = info.si_code;
		r.waitid_status = info.si_status;
		if (write(results[1], &r, sizeof(r)) != sizeof(r))
			_exit(250);
		_exit(0);
	}
	close(ready[1]);
	close(results[1]);
	if (read(ready[0], child, sizeof(*child)) != sizeof(*child))
		pid = -1;
	close(ready[0]);
	*report = results[0];
	return pid;
}

static void expect_sigkill_report(struct __test_metadata *_metadata,
				  pid_t sup, int report)
{
	struct child_report r = {};
	int status;

	ASSERT_EQ(sizeof(r), read(report, &r, sizeof(r)));
	close(report);
	ASSERT_EQ(sup, waitpid(sup, &status, 0));
	EXPECT_TRUE(exited(status, 0)) TH_LOG("supervisor status %#x", status);
	EXPECT_EQ(CLD_KILLED, r.sigchld_code);
	EXPECT_EQ(SIGKILL, r.sigchld_status);
	EXPECT_EQ(CLD_KILLED, r.waitid_code);
	EXPECT_EQ(SIGKILL, r.waitid_status);
	/* No new si_code, such as the 7 of earlier versions. */
	EXPECT_NE(7, r.sigchld_code);
	EXPECT_NE(7, r.waitid_code);
}

/*
 * A supervisor sees a child killed by Brute exactly as one killed with
 * kill -9: CLD_KILLED and SIGKILL to waitid() and in SIGCHLD, 0x0009 to
 * waitpid().  The reason is in the log.
 */
TEST_F(brute, killed_child_is_sigkill)
{
	pid_t victim_sup, plain_sup, victim, plain, direct;
	int err, status, victim_report, plain_report;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	victim_sup = track(self, supervise(self->prog, USER_A, &victim,
					   &victim_report));
	plain_sup = track(self, supervise(self->prog, USER_B, &plain,
					  &plain_report));
	direct = START(self->prog, USER_A, "sleep");
	ASSERT_LT(0, victim_sup);
	ASSERT_LT(0, plain_sup);
	ASSERT_LT(0, direct);

	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	expect_sigkill_report(_metadata, victim_sup, victim_report);
	status = brute_wait_dead(direct, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, victim, USER_A,
				       self->prog));
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, direct, USER_A,
				       self->prog));

	/* User B was not attacking: a plain kill -9 looks the same. */
	ASSERT_EQ(0, kill(plain, SIGKILL));
	expect_sigkill_report(_metadata, plain_sup, plain_report);
}

TEST_HARNESS_MAIN
