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
#include <sys/user.h>
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
	EXPECT_TRUE(brute_runs(path, AS_ROOT));
	EXPECT_TRUE(brute_runs(path, USER_B));
	EXPECT_TRUE(brute_runs(path, uid));
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
	ASSERT_TRUE(brute_runs(dynamic, AS_ROOT));
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
	EXPECT_TRUE(brute_runs(dynamic, AS_ROOT));
	EXPECT_TRUE(brute_runs(dynamic, USER_B));
	EXPECT_TRUE(brute_runs(dynamic, USER_A));
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
	EXPECT_TRUE(brute_runs(dynamic, AS_ROOT));
	EXPECT_TRUE(brute_runs(dynamic, USER_A));
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
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	SETTLE();
	/* Only nobody's crash is in the record of the daemon's file. */
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, BRUTE_NOBODY, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_FALSE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_NOTHING(setuid_prog, USER_A);
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
		EXPECT_EQ(0, brute_kill_as(pid, sig, i % 2 ? AS_ROOT : USER_A));
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
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
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
	EXPECT_TRUE(brute_refused(script, USER_A));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));

	/* For user A only. */
	EXPECT_TRUE(brute_runs(script, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
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
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
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
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
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
 * A root server accepts a connection from another host, closes it, then
 * forks and executes a program for it (CGI: the connection reaches the
 * program through pipes, or not at all).  The program crossed the network
 * boundary: its crashes count, charged to root, and the fifth blocks it.
 * (The seed's v7 selftest, "Exec attack (kernel signals, network to
 * local)"; version 11 ended the crossing at that execve().)
 */
TEST_F_TIMEOUT(abuse, server_exec_after_accept_counted, 60)
{
	char server_path[128];
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t server, root_instance;
	int status;

	snprintf(server_path, sizeof(server_path), "%s/server", self->dir);
	ASSERT_EQ(0, copy_file(crasher, server_path, 0755));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	server = track(self, brute_spawn(server_path, AS_ROOT,
					 (const char *const[]){
						"accept-once-run", "7110", "20",
						self->prog, "segv", NULL },
					 BRUTE_NS_SERVER));
	ASSERT_LT(0, server);
	EXPECT_EQ(1, brute_connect_from_client(7110, 1));
	/* Five crashes, in v7's 20 rounds; the other executions are refused. */
	status = brute_wait_dead(server, 30000);
	EXPECT_TRUE(exited(status, 5)) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, AS_ROOT,
					 BRUTE_UID_NONE));
	status = brute_wait_dead(root_instance, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_TRUE(brute_refused(self->prog, AS_ROOT));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_NETWORK);
	ASSERT_TRUE(brute_find_entry(&record, AS_ROOT, &entry));
	EXPECT_EQ(5, entry.faults);
	/* The server never crashed: no record, and it still runs. */
	EXPECT_EQ(-ENODATA, brute_read_record(server_path, &record));
	EXPECT_TRUE(brute_runs(server_path, AS_ROOT));
}

/*
 * The same server, but its child takes a user's ids before it executes
 * the program, as sshd's child does before the user's shell: the network
 * crossing ends at that execve().  The user's crashes of a program that is
 * his own change nothing for anyone.
 */
TEST_F_TIMEOUT(abuse, server_exec_after_uid_change_not_counted, 60)
{
	char server_path[128], uid[16];
	pid_t server, root_instance;
	int status;

	snprintf(server_path, sizeof(server_path), "%s/server", self->dir);
	snprintf(uid, sizeof(uid), "%d", USER_A);
	ASSERT_EQ(0, copy_file(crasher, server_path, 0755));
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	server = track(self, brute_spawn(server_path, AS_ROOT,
					 (const char *const[]){
						"accept-once-become", "7112",
						"6", uid, self->prog, "segv",
						NULL },
					 BRUTE_NS_SERVER));
	ASSERT_LT(0, server);
	EXPECT_EQ(1, brute_connect_from_client(7112, 1));
	status = brute_wait_dead(server, 30000);
	EXPECT_TRUE(exited(status, 6)) TH_LOG("status %#x", status);

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);
	EXPECT_NOTHING(server_path, USER_A);
}

/* A worker of the master, and whether it still runs. */
static bool worker_running(pid_t pid)
{
	return pid > 0 && brute_proc_running(pid);
}

/*
 * A shared web host: root's master runs every tenant's code in workers
 * that take the tenant's ids.  Tenant A's script crashes itself five times
 * (posix_kill(posix_getpid(), SIGSEGV)).  Charged to tenant A, not to
 * root: A's other worker is killed, the master's next worker for A is
 * killed as it takes A's ids, and A is refused the file.  The master, the
 * worker of tenant B and a new one keep running, and root and B still
 * execute the file.  Version 11 charged root, killed the master and every
 * tenant's workers, and refused the file to everyone.
 */
TEST_F_TIMEOUT(abuse, master_tenant_crash_scoped, 60)
{
	int out, fields, crashes, last_tenant, last_other, status;
	pid_t master, other_worker, tenant_worker;
	char line[128], uid_a[16], uid_b[16];
	struct brute_record record = {};
	struct brute_entry entry;

	snprintf(uid_a, sizeof(uid_a), "%d", USER_A);
	snprintf(uid_b, sizeof(uid_b), "%d", USER_B);
	master = track(self, brute_spawn_out(self->prog, AS_ROOT,
					     (const char *const[]){
						"master", uid_b, uid_a, "5",
						NULL }, NULL, &out));
	ASSERT_LT(0, master);
	ASSERT_LT(0, brute_read_line(out, line, sizeof(line), 10000));
	fields = sscanf(line, "%d %d", &other_worker, &tenant_worker);
	ASSERT_EQ(2, fields);
	ASSERT_LT(0, brute_read_line(out, line, sizeof(line), 30000));
	close(out);
	fields = sscanf(line, "%d %d %d", &crashes, &last_tenant, &last_other);
	ASSERT_EQ(3, fields);

	/* The attacker's side: five crashes, then nothing more for A. */
	EXPECT_EQ(5, crashes);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));
	EXPECT_TRUE(WIFSIGNALED(last_tenant) &&
		    WTERMSIG(last_tenant) == SIGKILL)
		TH_LOG("status %#x", last_tenant);
	EXPECT_FALSE(worker_running(tenant_worker));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));

	/* The bystanders': the master, tenant B, root. */
	EXPECT_TRUE(brute_alive(master));
	EXPECT_TRUE(worker_running(other_worker));
	EXPECT_TRUE(exited(last_other, 0)) TH_LOG("status %#x", last_other);
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_FALSE(brute_kmsg_has(self->kmsg, BRUTE_DETECTED,
				    "blocked for everyone"));
	EXPECT_FALSE(brute_kmsg_has(self->kmsg, "brute: offending process",
				    "uid 0,"));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_FALSE(brute_find_entry(&record, AS_ROOT, &entry));

	/* An administrator lifts the block: the master serves A again. */
	ASSERT_EQ(0, removexattr(self->prog, BRUTE_XATTR));
	status = RUN(self->prog, AS_ROOT, NULL, "setuid-segv", uid_a);
	EXPECT_TRUE(crashed(status, SIGSEGV)) TH_LOG("status %#x", status);
}

/*
 * The same master, attacked from the network: each connection to pool A
 * is served by a worker that takes tenant A's ids, and crashes.  Only pool
 * A stops: its workers die, new ones are killed as they take A's ids, and
 * the master and pool B go on.  Version 11 killed the master with all its
 * pools.
 */
TEST_F_TIMEOUT(abuse, master_pool_network_attack_scoped, 60)
{
	struct brute_record record = {};
	pid_t master, other_worker, tenant_worker;
	char line[128], uid_a[16], uid_b[16];
	struct brute_entry entry;
	int out, fields;

	snprintf(uid_a, sizeof(uid_a), "%d", USER_A);
	snprintf(uid_b, sizeof(uid_b), "%d", USER_B);
	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	master = track(self, brute_spawn_out(self->prog, AS_ROOT,
					     (const char *const[]){
						"pool", "7113", uid_b, uid_a,
						NULL }, BRUTE_NS_SERVER,
					     &out));
	ASSERT_LT(0, master);
	ASSERT_LT(0, brute_read_line(out, line, sizeof(line), 10000));
	close(out);
	fields = sscanf(line, "%d %d", &other_worker, &tenant_worker);
	ASSERT_EQ(2, fields);

	EXPECT_EQ(8, brute_connect_from_client(7113, 8));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog, USER_A,
					 USER_A));
	EXPECT_TRUE(brute_alive(master));
	EXPECT_TRUE(worker_running(other_worker));
	EXPECT_FALSE(worker_running(tenant_worker));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_refused(self->prog, USER_A));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_NETWORK);
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	/* The workers after the block died as they took A's ids: no crash. */
	EXPECT_EQ(5, entry.faults);
	EXPECT_FALSE(brute_find_entry(&record, AS_ROOT, &entry));
}

/*
 * A root daemon maps a file that user B owns, and user B truncates it:
 * the daemon dies of SIGBUS (BUS_ADRERR), a fault another user caused,
 * which says nothing of the daemon's layout.  Six times: nothing counts.
 * Version 11 detected an attack "by uid 0" and blocked the daemon for
 * everyone.  The control: the same daemon raising SIGBUS itself counts.
 */
TEST_F_TIMEOUT(abuse, sigbus_from_truncation_not_counted, 90)
{
	struct brute_record record = {};
	struct brute_entry entry;
	char shared[128];
	pid_t root_instance;
	int i, status;

	snprintf(shared, sizeof(shared), "%s/shared", self->dir);
	ASSERT_EQ(0, chmod(self->prog, 04755));
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	for (i = 0; i < 6; i++) {
		pid_t daemon, truncater;
		int fd;

		fd = open(shared, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		ASSERT_LE(0, fd);
		ASSERT_EQ(0, ftruncate(fd, 2 * 4096));
		ASSERT_EQ(0, fchown(fd, USER_B, USER_B));
		close(fd);
		daemon = SPAWN(self->prog, AS_ROOT, "map-bus", shared);
		ASSERT_LT(0, daemon);
		truncater = fork();
		ASSERT_LE(0, truncater);
		if (truncater == 0) {
			become(USER_B);
			_exit(truncate(shared, 0) ? 1 : 0);
		}
		ASSERT_EQ(truncater, waitpid(truncater, &status, 0));
		EXPECT_TRUE(exited(status, 0));
		status = brute_wait_dead(daemon, 10000);
		EXPECT_TRUE(crashed(status, SIGBUS)) TH_LOG("status %#x",
							    status);
	}
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_B);

	/* A SIGBUS the daemon raised itself is a crash, charged to root. */
	EXPECT_TRUE(crashed(RUN(self->prog, AS_ROOT, NULL, "raise-bus"),
			    SIGBUS));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	ASSERT_TRUE(brute_find_entry(&record, AS_ROOT, &entry));
	EXPECT_EQ(1, entry.faults);
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
	EXPECT_TRUE(brute_refused(self->prog, AS_ROOT));

	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_NETWORK);
	ASSERT_TRUE(brute_find_entry(&record, AS_ROOT, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_EQ(-ENODATA, brute_read_record(supervisor, &record));
	EXPECT_TRUE(brute_runs(supervisor, AS_ROOT));
}

/* The ways another process makes a daemon's worker die. */
enum tamper {
	FORGE_SIGINFO,	/* PTRACE_SETSIGINFO, then PTRACE_DETACH with it */
	BAD_IP,		/* instruction pointer 0, then PTRACE_DETACH */
	STACK_LIMIT,	/* prlimit(RLIMIT_STACK), then a request */
};

/* In the tracer: attaches to @pid and waits for its stop; 0 or -1. */
static int attach_stopped(pid_t pid)
{
	int status;

	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL))
		return -1;
	if (waitpid(pid, &status, __WALL) != pid || !WIFSTOPPED(status))
		return -1;
	return 0;
}

/*
 * From a new process running as @uid, makes the worker @pid die in the
 * way @how.  Returns 0 once that was done, or the step that failed.
 */
static int tamper_as(pid_t pid, uid_t uid, enum tamper how)
{
	int status;
	pid_t attacker = fork();

	if (attacker < 0)
		return -1;
	if (attacker == 0) {
		siginfo_t info;
		struct rlimit lim;

		become(uid);
		switch (how) {
		case FORGE_SIGINFO:
			/* What the kernel gives a fault at address 0. */
			memset(&info, 0, sizeof(info));
			info.si_signo = SIGSEGV;
			info.si_code = SEGV_MAPERR;
			if (attach_stopped(pid))
				_exit(10);
			if (ptrace(PTRACE_SETSIGINFO, pid, NULL, &info))
				_exit(11);
			if (ptrace(PTRACE_DETACH, pid, NULL,
				   (void *)(long)SIGSEGV))
				_exit(12);
			break;
		case BAD_IP:
#if defined(__x86_64__)
		{
			struct user_regs_struct regs;

			if (attach_stopped(pid))
				_exit(20);
			if (ptrace(PTRACE_GETREGS, pid, NULL, &regs))
				_exit(21);
			/* No restart of the interrupted system call. */
			regs.orig_rax = -1;
			regs.rip = 0;
			if (ptrace(PTRACE_SETREGS, pid, NULL, &regs))
				_exit(22);
			if (ptrace(PTRACE_DETACH, pid, NULL, NULL))
				_exit(23);
			break;
		}
#else
			/* Not ported: the test fails, it never skips. */
			_exit(29);
#endif
		case STACK_LIMIT:
			if (prlimit(pid, RLIMIT_STACK, NULL, &lim))
				_exit(30);
			lim.rlim_cur = 256 << 10;
			if (prlimit(pid, RLIMIT_STACK, &lim, NULL))
				_exit(31);
			/* A request, as the user's client would send it. */
			if (kill(pid, SIGUSR1))
				_exit(32);
			break;
		}
		_exit(0);
	}
	if (waitpid(attacker, &status, 0) != attacker || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * Root starts @n workers of @path that change their ids to user A after
 * execve() (they crossed: their crashes would be charged to user A), and
 * user A makes each one die in the way @how.  Returns how many died of SIGSEGV.
 */
static int tamper_workers(struct __test_metadata *_metadata,
			  const char *path, int n, enum tamper how)
{
	int i, status, killed = 0;

	for (i = 0; i < n; i++) {
		pid_t worker = SPAWN(path, AS_ROOT, "worker", "1000");

		EXPECT_LT(0, worker) TH_LOG("worker %d", i);
		if (worker <= 0)
			continue;
		EXPECT_EQ(0, tamper_as(worker, USER_A, how))
			TH_LOG("worker %d", i);
		status = brute_wait_dead(worker, 5000);
		EXPECT_TRUE(crashed(status, SIGSEGV))
			TH_LOG("worker %d: status %#x", i, status);
		killed += crashed(status, SIGSEGV);
	}
	return killed;
}

/*
 * The workers died detached, and nothing was counted: no detection, root's
 * other process of the file survives, everyone still executes the file, it
 * has no record.  Then the control: one such worker that faults by itself
 * is counted, to the entry of the user whose ids it took.
 */
static void expect_tamper_not_counted(struct __test_metadata *_metadata,
				      FIXTURE_DATA(abuse) *self,
				      pid_t root_instance)
{
	struct brute_record record = {};
	struct brute_entry entry;

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);

	EXPECT_TRUE(crashed(RUN(self->prog, AS_ROOT, NULL, "setuid-segv",
				"1000"), SIGSEGV));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_CREDS);
}

/*
 * A daemon's worker, started by root, runs as user A after changing ids
 * and is dumpable, so that user A may trace it.  User A attaches, sets the
 * siginfo of the stop to a SIGSEGV the kernel would raise (SEGV_MAPERR)
 * and detaches with SIGSEGV: the worker dies untraced, of a "fault" that
 * looks real.  Six times: version 10 charged them to root's entry, blocked
 * the file for everyone and killed root's processes of it.  A tampered
 * death counts for nobody, not even user A: it says nothing of the layout.
 */
TEST_F_TIMEOUT(abuse, ptrace_setsiginfo_detach, 60)
{
	pid_t root_instance = ROOT_INSTANCE(self->prog);

	ASSERT_LT(0, root_instance);
	EXPECT_EQ(6, tamper_workers(_metadata, self->prog, 6, FORGE_SIGINFO));
	expect_tamper_not_counted(_metadata, self, root_instance);
}

/*
 * The same, but the tracer only sets the instruction pointer of the worker
 * to 0 and detaches: the kernel itself raises the SIGSEGV, a real fault of
 * a process that the tracer made fault.
 */
TEST_F_TIMEOUT(abuse, ptrace_bad_ip_detach, 60)
{
	pid_t root_instance = ROOT_INSTANCE(self->prog);

	ASSERT_LT(0, root_instance);
	EXPECT_EQ(6, tamper_workers(_metadata, self->prog, 6, BAD_IP));
	expect_tamper_not_counted(_metadata, self, root_instance);
}

/*
 * User A lowers the stack limit of root's worker running as user A
 * (prlimit() needs no more than the same ids), then sends it a request
 * that needs more stack: the kernel refuses to grow the stack and kills
 * the worker with SIGSEGV.  Six times: nothing is counted.  A worker that
 * lowers its own limit still has its crashes counted: five of them are a
 * detection.
 */
TEST_F_TIMEOUT(abuse, prlimit_tamper, 60)
{
	struct brute_record record = {};
	struct brute_entry entry;
	char own[128];
	pid_t root_instance, worker;

	snprintf(own, sizeof(own), "%s/own", self->dir);
	ASSERT_EQ(0, copy_file(crasher, own, 0755));
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);

	/* Without a lower limit, a request is served. */
	worker = START(self->prog, AS_ROOT, "worker", "1000");
	ASSERT_LT(0, worker);
	EXPECT_EQ(0, brute_kill_as(worker, SIGUSR1, USER_A));
	brute_sleep_ms(300);
	EXPECT_TRUE(brute_alive(worker));

	EXPECT_EQ(6, tamper_workers(_metadata, self->prog, 6, STACK_LIMIT));
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(worker));
	EXPECT_NOTHING(self->prog, USER_A);

	/*
	 * Its own limit: counted, and detected, for the entry of user A,
	 * whose ids it took; root still runs the file.
	 */
	EXPECT_EQ(5, CRASH_N(own, AS_ROOT, 5, "own-limit-segv", "1000"));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, own, USER_A, USER_A));
	EXPECT_TRUE(brute_refused(own, USER_A));
	EXPECT_TRUE(brute_runs(own, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(own, &record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
}

/*
 * From a new process running as @uid in the network namespace @netns,
 * connects @n times to @ip:@port.  Returns how many connections were
 * served, or -1.
 */
static int connect_as(uid_t uid, const char *netns, const char *ip, int port,
		      int n)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		char path[128];
		int fd;

		snprintf(path, sizeof(path), "/run/netns/%s", netns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWNET))
			_exit(255);
		become(uid);
		_exit(brute_connect_n(NULL, ip, port, n) & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 255)
		return -1;
	return WEXITSTATUS(status);
}

/*
 * User A runs their own servers (a root-owned program, not setuid) on
 * every address of a network namespace whose veth has a LAN address, and
 * connects to that address (IPv4, IPv4 mapped in IPv6, and IPv6) from the
 * same namespace: the peer is an address of this host, no more remote than
 * loopback.  The servers' children crash on each connection: nothing is
 * counted.  Earlier versions took the peer for the network and blocked the
 * file.  The contrast: one connection from a peer in another namespace,
 * over the veth, does cross (as detect_test's network_* tests show at
 * length): its crash is counted, to user A.
 */
TEST_F_TIMEOUT(abuse, local_lan_address_not_remote, 60)
{
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t root_instance, server, server6;

	ASSERT_EQ(0, brute_netns_setup());
	self->netns = true;
	root_instance = ROOT_INSTANCE(self->prog);
	ASSERT_LT(0, root_instance);
	server = track(self, brute_spawn(self->prog, USER_A,
					 (const char *const[]){
						"serve", "7120", NULL },
					 BRUTE_NS_SERVER));
	server6 = track(self, brute_spawn(self->prog, USER_A,
					  (const char *const[]){
						"serve6", "7121", NULL },
					  BRUTE_NS_SERVER));
	ASSERT_LT(0, server);
	ASSERT_LT(0, server6);

	EXPECT_EQ(6, connect_as(USER_A, BRUTE_NS_SERVER, BRUTE_SERVER_IP,
				7120, 6));
	EXPECT_EQ(3, connect_as(USER_A, BRUTE_NS_SERVER, BRUTE_SERVER_IP,
				7121, 3));
	EXPECT_EQ(3, connect_as(USER_A, BRUTE_NS_SERVER, BRUTE_SERVER_IP6,
				7121, 3));

	EXPECT_TRUE(brute_alive(server));
	EXPECT_TRUE(brute_alive(server6));
	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_NOTHING(self->prog, USER_A);

	/* From the other end of the veth: the network, counted. */
	EXPECT_EQ(1, brute_connect_from_client(7120, 1));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, USER_A, &entry));
	EXPECT_EQ(1, entry.faults);
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_NETWORK);
	EXPECT_TRUE(brute_alive(server));
	EXPECT_TRUE(brute_alive(root_instance));
}

/* A container's ids: 65536 of them, from host uid 100000 (its root). */
#define CONTAINER_ROOT 100000
#define CONTAINER_MAP "0 100000 65536\n"

/*
 * Makes a user namespace, as root does for a container, with the map
 * CONTAINER_MAP for its users and groups.  Returns a descriptor of it, or
 * -1.
 */
static int container_userns(void)
{
	int ready[2], go[2], fd = -1;
	char path[64], c;
	pid_t holder;

	if (pipe2(ready, O_CLOEXEC))
		return -1;
	if (pipe2(go, O_CLOEXEC)) {
		close(ready[0]);
		close(ready[1]);
		return -1;
	}
	holder = fork();
	if (holder < 0)
		return -1;
	if (holder == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare(CLONE_NEWUSER))
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		/* Until the parent has the namespace. */
		if (read(go[0], &c, 1) < 0)
			_exit(3);
		_exit(0);
	}
	close(ready[1]);
	close(go[0]);
	snprintf(path, sizeof(path), "/proc/%d/ns/user", holder);
	if (read(ready[0], &c, 1) == 1 &&
	    !write_map(holder, "uid_map", CONTAINER_MAP) &&
	    !write_map(holder, "gid_map", CONTAINER_MAP))
		fd = open(path, O_RDONLY | O_CLOEXEC);
	close(ready[0]);
	close(go[1]);
	waitpid(holder, NULL, 0);
	return fd;
}

/*
 * Runs @path @mode as the user @uid of the user namespace @nsfd: as a
 * container's processes get there, from its root.  In the background
 * (returning its pid once it printed a byte) with @background, else
 * returning its wait status, with the errno of a failed execve() in
 * *@exec_err.
 */
static int run_in_userns(int nsfd, uid_t uid, const char *path,
			 const char *mode, bool background, int *exec_err)
{
	int errpipe[2], outpipe[2], status, err = 0;
	pid_t pid;
	char c;

	if (pipe2(errpipe, O_CLOEXEC))
		return -1;
	if (pipe(outpipe)) {
		close(errpipe[0]);
		close(errpipe[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(errpipe[0]);
		close(outpipe[0]);
		dup2(outpipe[1], 1);
		if (setns(nsfd, CLONE_NEWUSER) || setgroups(0, NULL) ||
		    setresgid(uid, uid, uid) || setresuid(0, 0, 0) ||
		    setresuid(uid, uid, uid))
			_exit(126);
		execl(path, path, mode, (char *)NULL);
		err = errno;
		if (write(errpipe[1], &err, sizeof(err)) < 0)
			_exit(125);
		_exit(127);
	}
	close(errpipe[1]);
	close(outpipe[1]);
	if (read(errpipe[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(errpipe[0]);
	if (exec_err)
		*exec_err = err;
	if (background) {
		if (!err && read(outpipe[0], &c, 1) == 1) {
			close(outpipe[0]);
			return pid;
		}
		close(outpipe[0]);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	close(outpipe[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* The container's user @uid crashes @path: true if it died of SIGSEGV. */
static bool container_crash(int nsfd, uid_t uid, const char *path)
{
	int err = 0, status = run_in_userns(nsfd, uid, path, "segv", false,
					    &err);

	return !err && crashed(status, SIGSEGV);
}

/* The container's user @uid is refused @path. */
static bool container_refused(int nsfd, uid_t uid, const char *path)
{
	int err = 0, status = run_in_userns(nsfd, uid, path, "true", false,
					    &err);

	return err == EPERM && exited(status, 127);
}

/*
 * A container, in a user namespace that root made, mapping 65536 ids from
 * host uid 100000; its file is setuid to its root.  Nine of its users
 * crash it once each (detection out of reach): the record has one entry,
 * for host uid 100000, the container's root, with the nine crashes.
 * Earlier versions charged nine host uids: the container filled the eight
 * entries of the record and reached the shared one, whose block was
 * everyone's.  With the defaults back, the next crash is a
 * detection for uid 100000 only: the container's process of the file is
 * killed, root's and user B's survive, and the file still runs for root
 * and the users of the host.
 */
TEST_F_TIMEOUT(abuse, root_userns_one_principal, 60)
{
	struct brute_record record = {};
	struct brute_entry entry;
	pid_t root_instance, bystander, inside;
	int nsfd, uid, err, status;

	ASSERT_EQ(0, chown(self->prog, CONTAINER_ROOT, CONTAINER_ROOT));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	nsfd = container_userns();
	ASSERT_LE(0, nsfd) TH_LOG("no user namespace: %m");
	root_instance = ROOT_INSTANCE(self->prog);
	bystander = START(self->prog, USER_B, "sleep");
	inside = track(self, run_in_userns(nsfd, 7, self->prog, "sleep",
					   true, &err));
	ASSERT_LT(0, root_instance);
	ASSERT_LT(0, bystander);
	ASSERT_LT(0, inside) TH_LOG("errno %d", err);

	ASSERT_EQ(0, brute_sysctl_write("max_faults", 1000));
	ASSERT_EQ(0, brute_sysctl_write("min_faults", 1000));
	for (uid = 1; uid <= 9; uid++)
		EXPECT_TRUE(container_crash(nsfd, uid, self->prog))
			TH_LOG("container uid %d", uid);
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	EXPECT_TRUE(le16toh(record.boundaries) & BRUTE_BOUNDARY_SETID);
	ASSERT_TRUE(brute_find_entry(&record, CONTAINER_ROOT, &entry));
	EXPECT_EQ(9, entry.faults);
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
	expect_quiet_log(_metadata, self->kmsg);

	/* The tenth crash, with the defaults: a detection, for 100000. */
	ASSERT_EQ(0, brute_sysctl_reset());
	EXPECT_TRUE(container_crash(nsfd, 1, self->prog));
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog,
					 CONTAINER_ROOT, CONTAINER_ROOT));
	EXPECT_EQ(1, brute_kmsg_count(self->kmsg, BRUTE_DETECTED, NULL));
	status = brute_wait_dead(inside, 5000);
	EXPECT_EQ(0x0009, status) TH_LOG("status %#x", status);
	EXPECT_EQ(1, brute_kmsg_killed(self->kmsg, inside, CONTAINER_ROOT,
				       self->prog));
	EXPECT_TRUE(container_refused(nsfd, 0, self->prog));

	EXPECT_TRUE(brute_alive(root_instance));
	EXPECT_TRUE(brute_alive(bystander));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_B));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	SETTLE();
	ASSERT_EQ(0, brute_read_record(self->prog, &record));
	EXPECT_EQ(1, brute_count_entries(&record));
	ASSERT_TRUE(brute_find_entry(&record, CONTAINER_ROOT, &entry));
	EXPECT_EQ(10, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	close(nsfd);
}

/*
 * The block of a container's principal is the block of all its users:
 * after five crashes by five of them, the others are refused the file too,
 * or they would have every attempt they want, uid after uid.  Root and the
 * users of the host still run it.
 */
TEST_F_TIMEOUT(abuse, root_userns_block_for_all_its_users, 60)
{
	int nsfd, uid;

	ASSERT_EQ(0, chown(self->prog, CONTAINER_ROOT, CONTAINER_ROOT));
	ASSERT_EQ(0, chmod(self->prog, 04755));
	nsfd = container_userns();
	ASSERT_LE(0, nsfd) TH_LOG("no user namespace: %m");
	for (uid = 1; uid <= 5; uid++)
		EXPECT_TRUE(container_crash(nsfd, uid, self->prog))
			TH_LOG("container uid %d", uid);
	EXPECT_EQ(1, brute_kmsg_detected(self->kmsg, self->prog,
					 CONTAINER_ROOT, CONTAINER_ROOT));
	EXPECT_TRUE(container_refused(nsfd, 0, self->prog));
	EXPECT_TRUE(container_refused(nsfd, 1, self->prog));
	EXPECT_TRUE(container_refused(nsfd, 6, self->prog));
	EXPECT_TRUE(container_refused(nsfd, 1000, self->prog));
	EXPECT_TRUE(container_refused(nsfd, 65535, self->prog));
	EXPECT_TRUE(brute_runs(self->prog, AS_ROOT));
	EXPECT_TRUE(brute_runs(self->prog, USER_A));
	close(nsfd);
}

TEST_HARNESS_MAIN
