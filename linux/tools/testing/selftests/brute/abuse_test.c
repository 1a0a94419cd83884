// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - no local user can turn Brute against anyone else
 *
 * Each test plays one way in which an unprivileged user could try to make
 * Brute kill or block a program for someone else, and checks it from both
 * sides: the attacker's (what is counted, what is refused) and the
 * bystanders' (root's running process of the same file survives, root and
 * another user still execute it, nothing is logged).  Where an attack on a
 * privileged program is real (a setuid interpreter, a threaded process, a
 * second user), the test checks that it is caught, for the attacker only.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <elf.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/brute.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define USER_A BRUTE_USER_A
#define USER_B BRUTE_USER_B
#define AS_ROOT 0

/* The crasher program, next to this one. */
static char crasher[PATH_MAX];

static void __attribute__((constructor)) find_crasher(void)
{
	brute_sibling(crasher, sizeof(crasher), "crasher");
}

#define MAX_PIDS 16

FIXTURE(abuse) {
	char dir[64];
	char prog[128];
	int kmsg;
	bool netns;
	pid_t pids[MAX_PIDS];
	int npids;
};

FIXTURE_SETUP(abuse)
{
	/* Short: the path of a loader copy replaces one in an ELF header. */
	snprintf(self->dir, sizeof(self->dir), "/tmp/abuse.XXXXXX");
	ASSERT_EQ(0, brute_workdir(self->dir, self->prog, sizeof(self->prog),
				   crasher))
		TH_LOG("no working directory with %s: %m", crasher);
	self->kmsg = brute_kmsg_open();
	ASSERT_LE(0, self->kmsg);
	self->netns = false;
	self->npids = 0;
}

FIXTURE_TEARDOWN(abuse)
{
	int i;

	for (i = 0; i < self->npids; i++)
		brute_reap(self->pids[i]);
	if (self->netns)
		brute_netns_cleanup();
	close(self->kmsg);
	EXPECT_EQ(0, brute_workdir_remove(self->dir));
}

/* Remembers a process started by a test, so that the teardown kills it. */
static pid_t track(FIXTURE_DATA(abuse) *self, pid_t pid)
{
	if (pid > 0 && self->npids < MAX_PIDS)
		self->pids[self->npids++] = pid;
	return pid;
}

/* Starts @path as @uid in the background, for the rest of the test. */
#define START(path, uid, ...) (track(self, SPAWN(path, uid, __VA_ARGS__)))

/* Root's process of the file, whose survival the bystander tests check. */
#define ROOT_INSTANCE(path) START(path, AS_ROOT, "sleep")

/* Waits until the records of the crashes so far are written. */
static void settle(struct __test_metadata *_metadata, const char *dir)
{
	ASSERT_EQ(0, brute_settle(crasher, dir))
		TH_LOG("no record written for a counted crash");
}

#define SETTLE() settle(_metadata, self->dir)

/* Runs @path "true" as @uid: true if it ran and exited normally. */
static bool runs(const char *path, uid_t uid)
{
	int err = 0, status = RUN(path, uid, &err, "true");

	return !err && exited(status, 0);
}

static bool refused(const char *path, uid_t uid)
{
	int err = 0, status = RUN(path, uid, &err, "true");

	return err == EPERM && exited(status, 127);
}

/* Runs @path with @args as @uid @n times; returns how many died of @sig. */
static int crash_n(const char *path, uid_t uid, int n, int sig,
		   const char *const *args)
{
	int i, err, crashes = 0;

	for (i = 0; i < n; i++) {
		int status = run_as(path, uid, &err, NULL, 0, args);

		crashes += !err && crashed(status, sig);
	}
	return crashes;
}

#define CRASH_N(path, uid, n, ...)					\
	crash_n(path, uid, n, SIGSEGV, (const char *const[]){ __VA_ARGS__, NULL })

/* The log says nothing happened: no detection, no kill, no refused exec. */
static void expect_quiet_log(struct __test_metadata *_metadata, int kmsg)
{
	EXPECT_EQ(0, brute_kmsg_count(kmsg, BRUTE_DETECTED, NULL));
	EXPECT_EQ(0, brute_kmsg_count(kmsg, "brute: offending process",
				      NULL));
	EXPECT_EQ(0, brute_kmsg_count(kmsg, "brute: init process", NULL));
	EXPECT_EQ(0, brute_kmsg_count(kmsg, "brute: ", "not allowed"));
}

/*
 * Nothing happened, seen from everywhere: nothing in the log; @path has
 * no record; root, user B and the attacker @uid all still execute it.
 */
static void expect_nothing(struct __test_metadata *_metadata,
			   FIXTURE_DATA(abuse) *self, const char *path,
			   uid_t uid)
{
	struct brute_record record = {};

	expect_quiet_log(_metadata, self->kmsg);
	EXPECT_TRUE(runs(path, AS_ROOT));
	EXPECT_TRUE(runs(path, USER_B));
	EXPECT_TRUE(runs(path, uid));
	ASSERT_EQ(0, brute_settle(crasher, self->dir));
	EXPECT_EQ(-ENODATA, brute_read_record(path, &record))
		TH_LOG("%s has a record", path);
}

#define EXPECT_NOTHING(path, uid) expect_nothing(_metadata, self, path, uid)

/*
 * A root-owned program that is not setuid (an interpreter, say), run by a
 * user as a small server on every address: one connection from localhost,
 * then the user crashes their own instances.  Earlier versions marked the
 * file "network" at the first accept, then blocked it for everyone and
 * killed root's instance.
 */
TEST_F(abuse, user_server_loopback_connection)
{
	pid_t root_instance, server;
	int err;

	root_instance = ROOT_INSTANCE(self->prog);
	server = START(self->prog, USER_A, "serve", "7101");
	ASSERT_LT(0, root_instance);
	ASSERT_LT(0, server);
	/* The server's child crashes on the connection. */
	EXPECT_EQ(1, brute_connect_n(NULL, "127.0.0.1", 7101, 1));
	EXPECT_EQ(6, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 6,
				  &err));
	EXPECT_EQ(0, err);

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(server));
	EXPECT_NOTHING(self->prog, USER_A);
}

/*
 * A failed accept() (on a socket that does not listen, and without
 * blocking on one with no connection) crosses nothing: earlier versions
 * marked the file before the accept was even tried.
 */
TEST_F(abuse, failed_accept)
{
	pid_t root_instance;
	int err;

	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	EXPECT_EQ(6, brute_attack(self->prog, USER_A, "accept-fail-segv",
				  SIGSEGV, 6, &err));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);
}

/* Reads the ELF header and program headers of the file open on @fd. */
static int read_phdrs(int fd, Elf64_Ehdr *ehdr, Elf64_Phdr *phdrs,
		      unsigned int max)
{
	size_t size;

	if (pread(fd, ehdr, sizeof(*ehdr), 0) != sizeof(*ehdr) ||
	    memcmp(ehdr->e_ident, ELFMAG, SELFMAG) ||
	    ehdr->e_ident[EI_CLASS] != ELFCLASS64 ||
	    ehdr->e_phentsize != sizeof(*phdrs) || ehdr->e_phnum > max)
		return -1;
	size = (size_t)ehdr->e_phnum * sizeof(*phdrs);
	if (pread(fd, phdrs, size, ehdr->e_phoff) != (ssize_t)size)
		return -1;
	return ehdr->e_phnum;
}

/* Makes the copy of a program at @path use the ELF interpreter @interp. */
static int set_interp(const char *path, const char *interp)
{
	Elf64_Phdr phdrs[32];
	Elf64_Ehdr ehdr;
	char buf[PATH_MAX] = {};
	int fd, n, i, err = -1;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read_phdrs(fd, &ehdr, phdrs, ARRAY_SIZE(phdrs));
	for (i = 0; i < n; i++) {
		if (phdrs[i].p_type != PT_INTERP)
			continue;
		if (strlen(interp) >= phdrs[i].p_filesz ||
		    phdrs[i].p_filesz > sizeof(buf))
			break;
		snprintf(buf, sizeof(buf), "%s", interp);
		if (pwrite(fd, buf, phdrs[i].p_filesz, phdrs[i].p_offset) ==
		    (ssize_t)phdrs[i].p_filesz)
			err = 0;
		break;
	}
	close(fd);
	return err;
}

/*
 * The dynamic loader, run as a program: a user runs "ld.so PROGRAM", whose
 * process accepts a connection from localhost, or fails to accept one,
 * and crashes.  Earlier versions charged that to ld.so and blocked it for
 * everyone: every dynamically linked program died after its point of no
 * return, root's and PID 1's included.  The test works on a copy of the
 * loader, and on a copy of a program that names the copy as its ELF
 * interpreter, so that a failure breaks nothing else.
 */
TEST_F_TIMEOUT(abuse, ldso, 60)
{
	const char *ldso = brute_find_ldso();
	char loader[128], dynamic[128];
	struct brute_record record = {};
	pid_t root_instance;
	int i, err, status, crashes = 0;

	ASSERT_NE(NULL, ldso);
	snprintf(loader, sizeof(loader), "%s/ld.so", self->dir);
	snprintf(dynamic, sizeof(dynamic), "%s/dynamic", self->dir);
	ASSERT_EQ(0, copy_file(ldso, loader, 0755));
	ASSERT_EQ(0, copy_file(crasher, dynamic, 0755));
	ASSERT_EQ(0, set_interp(dynamic, loader))
		TH_LOG("cannot make %s the interpreter of %s", loader, dynamic);
	ASSERT_TRUE(runs(dynamic, AS_ROOT));
	root_instance = START(loader, AS_ROOT, self->prog, "sleep");
	ASSERT_LT(0, root_instance);

	for (i = 0; i < 6; i++) {
		if (i % 2)
			status = RUN(loader, USER_A, &err, self->prog,
				     "accept-segv", "127.0.0.1");
		else
			status = RUN(loader, USER_A, &err, self->prog,
				     "accept-fail-segv");
		EXPECT_EQ(0, err) TH_LOG("run %d", i);
		crashes += crashed(status, SIGSEGV);
	}
	EXPECT_EQ(6, crashes);

	/* Root's loader process, and dynamically linked programs, live. */
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(runs(dynamic, AS_ROOT));
	EXPECT_TRUE(runs(dynamic, USER_B));
	EXPECT_TRUE(runs(dynamic, USER_A));
	for (i = 0; i < 3; i++) {
		uid_t uid = i == 0 ? AS_ROOT : i == 1 ? USER_B : USER_A;

		status = RUN(loader, uid, &err, self->prog, "true");
		EXPECT_EQ(0, err);
		EXPECT_TRUE(exited(status, 0)) TH_LOG("uid %u", uid);
	}
	EXPECT_NOTHING(self->prog, USER_A);
	EXPECT_EQ(-ENODATA, brute_read_record(loader, &record))
		TH_LOG("the loader has a record");

	/*
	 * Even a loader blocked for everyone is mapped by the kernel as
	 * the interpreter of the programs that name it: a block never kills
	 * an exec past its point of no return.  Only executing the loader,
	 * and mapping it from userspace, are refused.
	 */
	brute_init_record(&record);
	brute_set_entry(&record.users[0], AS_ROOT, 5, time(NULL), 0,
			BRUTE_USER_USED | BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(loader, BRUTE_XATTR, &record, sizeof(record),
			      0));
	RUN(loader, AS_ROOT, &err, self->prog, "true");
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(runs(dynamic, AS_ROOT));
	EXPECT_TRUE(runs(dynamic, USER_A));
}

/*
 * Runs @path as @uid @n times under PTRACE_TRACEME, turning each stop
 * after the exec into SIGABRT, as a debugger could.  Returns how many runs
 * died of SIGABRT, or -1.
 */
static int traced_aborts(const char *path, uid_t uid, int n)
{
	int status;
	pid_t tracer = fork();

	if (tracer < 0)
		return -1;
	if (tracer == 0) {
		const struct rlimit nocore = {};
		int i, aborted = 0;

		setrlimit(RLIMIT_CORE, &nocore);
		become(uid);
		for (i = 0; i < n; i++) {
			pid_t pid = fork();

			if (pid < 0)
				_exit(200);
			if (pid == 0) {
				if (ptrace(PTRACE_TRACEME, 0, NULL, NULL))
					_exit(201);
				execl(path, path, "sleep", (char *)NULL);
				_exit(202);
			}
			if (waitpid(pid, &status, 0) != pid)
				_exit(203);
			if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
				continue;
			}
			if (ptrace(PTRACE_CONT, pid, NULL,
				   (void *)(long)SIGABRT))
				_exit(204);
			if (waitpid(pid, &status, 0) != pid)
				_exit(205);
			aborted += WIFSIGNALED(status) &&
				   WTERMSIG(status) == SIGABRT;
		}
		_exit(aborted);
	}
	if (waitpid(tracer, &status, 0) != tracer || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * A user runs a program that has a record (it crashed once after root's
 * process changed ids, as a daemon's children do), and a setuid-root
 * program, under PTRACE_TRACEME, and turns the stop after each exec into
 * SIGABRT.  A traced process is never counted, and the kernel ran the
 * setuid program without its privileges: nothing changes.  Earlier
 * versions detected an attack "by uid 1000" on the daemon's file, blocked
 * it for everyone and signalled its processes, PID 1 included.
 */
TEST_F_TIMEOUT(abuse, ptrace_sigabrt, 60)
{
	char setuid_prog[128];
	struct brute_entry entry;
	struct brute_record record = {};
	pid_t root_instance, root_setuid;

	snprintf(setuid_prog, sizeof(setuid_prog), "%s/setuid", self->dir);
	ASSERT_EQ(0, copy_file(crasher, setuid_prog, 04755));
	EXPECT_TRUE(crashed(RUN(self->prog, AS_ROOT, NULL, "drop-segv"),
			    SIGSEGV));
	root_instance = ROOT_INSTANCE(self->prog);
	root_setuid = ROOT_INSTANCE(setuid_prog);
	ASSERT_LT(0, root_instance);
	ASSERT_LT(0, root_setuid);

	EXPECT_EQ(6, traced_aborts(self->prog, USER_A, 6));
	EXPECT_EQ(6, traced_aborts(setuid_prog, USER_A, 6));

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(root_setuid));
	expect_quiet_log(_metadata, self->kmsg);
	EXPECT_TRUE(runs(self->prog, AS_ROOT));
	EXPECT_TRUE(runs(self->prog, USER_B));
	EXPECT_TRUE(runs(self->prog, USER_A));
	SETTLE();
	/* Only root's crash is in the record of the daemon's file. */
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, AS_ROOT, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_FALSE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_NOTHING(setuid_prog, USER_A);
}

/* Sends @sig to @pid from a new process running as @uid; 0 or errno. */
static int kill_as(pid_t pid, int sig, uid_t uid)
{
	int status;
	pid_t sender = fork();

	if (sender < 0)
		return errno;
	if (sender == 0) {
		become(uid);
		_exit(kill(pid, sig) ? errno : 0);
	}
	if (waitpid(sender, &status, 0) != sender || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * kill -ABRT and kill -SEGV, by the user and by root, of the user's own
 * processes of a setuid-root program: signals from another process are no
 * crash.  Earlier versions counted SIGABRT from anyone.
 */
TEST_F(abuse, kill_abrt_segv)
{
	pid_t root_instance, bystander;
	int i, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	root_instance = ROOT_INSTANCE(self->prog);
	bystander = START(self->prog, USER_B, "sleep");
	ASSERT_LT(0, root_instance);
	ASSERT_LT(0, bystander);
	for (i = 0; i < 10; i++) {
		int sig = (i / 2) % 2 ? SIGSEGV : SIGABRT;
		pid_t pid = SPAWN(self->prog, USER_A, "sleep");

		EXPECT_LT(0, pid) TH_LOG("run %d", i);
		if (pid < 0)
			continue;
		EXPECT_EQ(0, kill_as(pid, sig, i % 2 ? AS_ROOT : USER_A));
		status = brute_wait_dead(pid, 5000);
		EXPECT_TRUE(crashed(status, sig)) TH_LOG("status %#x", status);
	}
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(bystander));
	EXPECT_NOTHING(self->prog, USER_A);
}

/*
 * User A is blocked on a setuid-root program; user B's first crash right
 * after is B's first, not a sixth fast one: statistics are per user.
 * Earlier versions shared them, and B's crash blocked everyone.
 */
TEST_F(abuse, second_user_first_crash)
{
	pid_t root_instance, bystander;
	struct brute_record record = {};
	struct brute_entry entry;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	root_instance = ROOT_INSTANCE(self->prog);
	bystander = START(self->prog, USER_B, "sleep");
	ASSERT_LT(0, root_instance);
	ASSERT_LT(0, bystander);
	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));

	EXPECT_TRUE(crashed(RUN(self->prog, USER_B, &err, "segv"), SIGSEGV));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(runs(self->prog, USER_B));
	EXPECT_TRUE(runs(self->prog, AS_ROOT));
	EXPECT_TRUE(refused(self->prog, USER_A));
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(bystander));
	EXPECT_EQ(1, brute_kmsg_count(self->kmsg, BRUTE_DETECTED, NULL));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	ASSERT_TRUE(brute_find_entry(&record, USER_B, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_EQ(0, entry.ema);
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
}

/* Writes a new script @path that runs "#!@interp script". */
static int write_script(const char *path, const char *interp)
{
	char text[256];
	int fd, len, err = 0;

	len = snprintf(text, sizeof(text), "#!%s script\n", interp);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
	if (fd < 0)
		return -1;
	if (write(fd, text, len) != len)
		err = -1;
	close(fd);
	return err;
}

/*
 * "#!/usr/bin/passwd" scripts: the privilege comes from the setuid
 * interpreter, so its crashes are charged to the interpreter, however many
 * fresh scripts the attacker writes.  Earlier versions charged the
 * scripts: a new one every four crashes gave unlimited attempts.
 */
TEST_F(abuse, setuid_interpreter_charged)
{
	char script[128];
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t root_instance;
	int i, err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	for (i = 0; i < 5; i++) {
		snprintf(script, sizeof(script), "%s/script%d", self->dir,
			 i / 2);
		if (i % 2 == 0)
			ASSERT_EQ(0, write_script(script, self->prog));
		status = RUN(script, USER_A, &err, "segv");
		EXPECT_EQ(0, err) TH_LOG("crash %d", i);
		EXPECT_TRUE(crashed(status, SIGSEGV)) TH_LOG("crash %d", i);
	}
	/* A fresh script does not help: its interpreter is refused. */
	snprintf(script, sizeof(script), "%s/script3", self->dir);
	ASSERT_EQ(0, write_script(script, self->prog));
	EXPECT_TRUE(refused(script, USER_A));
	EXPECT_TRUE(refused(self->prog, USER_A));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));

	/* For user A only. */
	EXPECT_TRUE(runs(script, USER_B));
	EXPECT_TRUE(runs(self->prog, USER_B));
	EXPECT_TRUE(runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_alive(root_instance));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_SETID);
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	for (i = 0; i <= 3; i++) {
		snprintf(script, sizeof(script), "%s/script%d", self->dir, i);
		EXPECT_EQ(-ENODATA, brute_read_record(script, &record))
			TH_LOG("%s has a record", script);
	}
}

/*
 * Several threads of a process that crossed fault at once: one death is
 * one crash.  Earlier versions could count each faulting thread.
 */
TEST_F_TIMEOUT(abuse, threads_one_death_one_crash, 60)
{
	struct brute_entry entry;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	/* Four deaths, with detection out of reach: four crashes. */
	ASSERT_EQ(0, brute_sysctl_write("max_faults", 1000));
	ASSERT_EQ(0, brute_sysctl_write("min_faults", 1000));
	EXPECT_EQ(4, CRASH_N(self->prog, USER_A, 4, "threads-segv", "8"));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_EQ(4, entry.faults);

	/* With the defaults back, the fifth death is the detection. */
	ASSERT_EQ(0, brute_sysctl_reset());
	status = RUN(self->prog, USER_A, &err, "threads-segv", "8");
	EXPECT_EQ(0, err);
	EXPECT_TRUE(crashed(status, SIGSEGV));
	EXPECT_TRUE(refused(self->prog, USER_A));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));
	EXPECT_TRUE(runs(self->prog, USER_B));
	EXPECT_TRUE(runs(self->prog, AS_ROOT));
	SETTLE();
	ASSERT_EQ(0, brute_read_entry(self->prog, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
}

/*
 * A process whose main thread exited while another thread runs is a
 * process of the file like any other: the sweep kills it when its user is
 * detected.  Root's process of the same kind survives.
 */
TEST_F(abuse, leader_exited_process_swept)
{
	pid_t attacker, root_instance;
	int err, status;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	attacker = START(self->prog, USER_A, "leader-exit");
	root_instance = START(self->prog, AS_ROOT, "leader-exit");
	ASSERT_LT(0, attacker);
	ASSERT_LT(0, root_instance);

	EXPECT_EQ(5, brute_attack(self->prog, USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	status = brute_wait_dead(attacker, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, attacker, USER_A,
				       self->prog));
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(runs(self->prog, AS_ROOT));
}

/*
 * Makes the exec of the copy of a program at @path fail after its point
 * of no return: the last loadable segment gets a file offset that cannot
 * be mapped (not congruent with its address modulo the page size), which
 * load_elf_binary() only finds when it maps the segment.
 */
static int break_last_segment(const char *path)
{
	Elf64_Phdr phdrs[32];
	Elf64_Ehdr ehdr;
	int fd, n, i, last = -1, err = -1;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read_phdrs(fd, &ehdr, phdrs, ARRAY_SIZE(phdrs));
	for (i = 0; i < n; i++)
		if (phdrs[i].p_type == PT_LOAD && phdrs[i].p_filesz)
			last = i;
	if (last > 0) {
		phdrs[last].p_offset++;
		if (pwrite(fd, &phdrs[last], sizeof(phdrs[last]),
			   ehdr.e_phoff + last * sizeof(phdrs[last])) ==
		    sizeof(phdrs[last]))
			err = 0;
	}
	close(fd);
	return err;
}

/*
 * An execve() of a setuid program that fails after its point of no return
 * kills the process with SIGSEGV: no crash of the program.  Earlier
 * versions counted it, against the file that never ran.
 */
TEST_F(abuse, failed_exec_not_a_crash)
{
	char broken[128];
	struct brute_record record = {};
	int i, err, status, crashes = 0;

	snprintf(broken, sizeof(broken), "%s/broken", self->dir);
	ASSERT_EQ(0, copy_file(crasher, broken, 0755));
	ASSERT_EQ(0, break_last_segment(broken));
	ASSERT_EQ(0, chmod(broken, 04755));

	for (i = 0; i < 7; i++) {
		status = RUN(broken, USER_A, &err, "true");
		/* The failure came after the point of no return. */
		EXPECT_EQ(0, err) TH_LOG("run %d: errno %d", i, err);
		crashes += crashed(status, SIGSEGV);
	}
	EXPECT_EQ(7, crashes);
	expect_quiet_log(_metadata, self->kmsg);
	SETTLE();
	EXPECT_EQ(-ENODATA, brute_read_record(broken, &record));
}

/* In a child: brings lo up and gives it @ip too; 0 or -1. */
static int lo_up_with(const char *ip)
{
	struct sockaddr_in *sin;
	struct ifreq ifr = {};
	int fd, err = -1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		goto out;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(fd, SIOCSIFFLAGS, &ifr))
		goto out;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo:1");
	sin = (struct sockaddr_in *)&ifr.ifr_addr;
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, ip, &sin->sin_addr) != 1 ||
	    ioctl(fd, SIOCSIFADDR, &ifr))
		goto out;
	err = 0;
out:
	close(fd);
	return err;
}

/* Writes @map to /proc/@pid/@file. */
static int write_map(pid_t pid, const char *file, const char *map)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (write(fd, map, strlen(map)) != (ssize_t)strlen(map))
		err = -1;
	close(fd);
	return err;
}

/* In a child: runs @path with @args, returns how it died. */
static int run_here(const char *path, const char *const *args)
{
	char *argv[8] = { (char *)path };
	int i, status;
	pid_t pid;

	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = (char *)args[i];
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execv(path, argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

#define NS_IP "10.1.2.3"

/*
 * User A in a user namespace of their own, with subordinate ids mapped as
 * newuidmap would, and a network namespace: each process changes its ids
 * (to a subordinate uid), accepts a connection from a non-loopback address
 * of the namespace, or executes a setuid-root program (whose owner is not
 * mapped), then crashes.  Nothing in a user's own namespace crosses a
 * boundary: nothing is counted.  Earlier versions counted all of it.
 */
TEST_F_TIMEOUT(abuse, user_namespace, 90)
{
	char setuid_prog[128];
	int ready[2], go[2], status;
	pid_t child, root_instance;
	char c;

	snprintf(setuid_prog, sizeof(setuid_prog), "%s/setuid", self->dir);
	ASSERT_EQ(0, copy_file(crasher, setuid_prog, 04755));
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	ASSERT_EQ(0, pipe2(ready, O_CLOEXEC));
	ASSERT_EQ(0, pipe2(go, O_CLOEXEC));

	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		int i, crashes = 0;

		close(ready[0]);
		close(go[1]);
		become(USER_A);
		if (unshare(CLONE_NEWUSER | CLONE_NEWNET))
			_exit(200);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(201);
		if (getuid() != 0 || lo_up_with(NS_IP))
			_exit(202);
		for (i = 0; i < 6; i++) {
			const char *const ids[] = { "setuid-segv", "1", NULL };
			const char *const net[] = { "accept-segv", NS_IP, NULL };
			const char *const segv[] = { "segv", NULL };

			crashes += crashed(run_here(self->prog,
						    i % 2 ? net : ids),
					   SIGSEGV);
			crashes += crashed(run_here(setuid_prog, segv),
					   SIGSEGV);
		}
		_exit(crashes);
	}
	close(ready[1]);
	close(go[0]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	/* As newuidmap and newgidmap do, from /etc/sub[ug]id. */
	EXPECT_EQ(0, write_map(child, "uid_map", "0 1000 1\n1 200000 100\n"));
	EXPECT_EQ(0, write_map(child, "gid_map", "0 1000 1\n1 200000 100\n"));
	ASSERT_EQ(1, write(go[1], "g", 1));
	status = brute_wait_dead(child, 60000);
	EXPECT_TRUE(exited(status, 12)) TH_LOG("status %#x", status);

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);
	EXPECT_NOTHING(setuid_prog, USER_A);
}

/*
 * A supervisor that accepted a connection from the network once starts
 * other programs later, without the connection: they crossed nothing.
 * Earlier versions marked the next program any child of the supervisor
 * executed (under systemd, every program PID 1 started after an accept).
 */
TEST_F_TIMEOUT(abuse, supervisor_accept_marks_nothing_later, 60)
{
	char supervisor[128];
	struct brute_record record = {};
	pid_t server, root_instance;
	int status;

	snprintf(supervisor, sizeof(supervisor), "%s/supervisor", self->dir);
	ASSERT_EQ(0, copy_file(crasher, supervisor, 0755));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	server = track(self, brute_spawn(supervisor, AS_ROOT,
					 (const char *const[]){
						"accept-once-run", "7110", "6",
						self->prog, "segv", NULL },
					 BRUTE_NS_SERVER));
	ASSERT_LT(0, server);
	EXPECT_EQ(1, brute_connect_from_client(7110, 1));
	status = brute_wait_dead(server, 30000);
	EXPECT_TRUE(exited(status, 6)) TH_LOG("status %#x", status);

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);
	EXPECT_EQ(-ENODATA, brute_read_record(supervisor, &record));
}

/*
 * Socket activation with Accept=yes: a helper forked from the supervisor
 * accepts each connection and hands it over; the supervisor executes the
 * service with it as stdin.  The service crossed the network boundary, and
 * is caught; the supervisor, which never ran the attacked program, is
 * neither marked nor killed.  Earlier versions marked the supervisor's
 * file and never the service.
 */
TEST_F_TIMEOUT(abuse, socket_activation_handover, 60)
{
	char supervisor[128];
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t server;
	int status;

	snprintf(supervisor, sizeof(supervisor), "%s/supervisor", self->dir);
	ASSERT_EQ(0, copy_file(crasher, supervisor, 0755));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	server = track(self, brute_spawn(supervisor, AS_ROOT,
					 (const char *const[]){
						"activate", "7111", "7",
						self->prog, "segv", NULL },
					 BRUTE_NS_SERVER));
	ASSERT_LT(0, server);
	EXPECT_EQ(7, brute_connect_from_client(7111, 7));
	/* Five crashes; the sixth and seventh executions are refused. */
	status = brute_wait_dead(server, 30000);
	EXPECT_TRUE(exited(status, 5)) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, AS_ROOT,
					 BRUTE_UID_NONE));
	EXPECT_TRUE(refused(self->prog, AS_ROOT));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_NETWORK);
	ASSERT_TRUE(brute_find_entry(&record, AS_ROOT, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_EQ(-ENODATA, brute_read_record(supervisor, &record));
	EXPECT_TRUE(runs(supervisor, AS_ROOT));
}

TEST_HARNESS_MAIN
