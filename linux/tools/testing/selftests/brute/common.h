/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute selftests - common helpers
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SELFTESTS_BRUTE_COMMON_H
#define _SELFTESTS_BRUTE_COMMON_H

#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <linux/brute.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest.h"

#define BRUTE_SYSCTL_DIR "/proc/sys/kernel/brute/"

/* The tunables and their defaults, in the order of the documentation. */
static const struct {
	const char *name;
	long def;
} brute_sysctls[] = {
	{ "ema_weight_numerator", 7 },
	{ "ema_weight_denominator", 10 },
	{ "max_faults", 200 },
	{ "min_faults", 5 },
	{ "crash_period_threshold", 30 },
	{ "block_duration", 900 },
	{ "block_duration_max", 2592000 },
};

#define BRUTE_NR_SYSCTLS ARRAY_SIZE(brute_sysctls)

/* Returns the value of a tunable, or -errno. */
static inline long brute_sysctl_read(const char *name)
{
	char path[256], buf[64];
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), BRUTE_SYSCTL_DIR "%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = read(fd, buf, sizeof(buf) - 1);
	if (len < 0) {
		len = -errno;
		close(fd);
		return len;
	}
	close(fd);
	buf[len] = '\0';
	return strtol(buf, NULL, 10);
}

/* Writes a string to a tunable; returns 0 or -errno. */
static inline int brute_sysctl_write_str(const char *name, const char *value)
{
	char path[256];
	ssize_t len;
	int fd, err = 0;

	snprintf(path, sizeof(path), BRUTE_SYSCTL_DIR "%s", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = write(fd, value, strlen(value));
	if (len < 0)
		err = -errno;
	else if ((size_t)len != strlen(value))
		err = -EIO;
	close(fd);
	return err;
}

static inline int brute_sysctl_write(const char *name, long value)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld\n", value);
	return brute_sysctl_write_str(name, buf);
}

/* Puts every tunable back to its default, in an order that always works. */
static inline int brute_sysctl_reset(void)
{
	int err = 0;

	/* Widen first, so that no intermediate state breaks an invariant. */
	err |= brute_sysctl_write("ema_weight_denominator", 1000);
	err |= brute_sysctl_write("ema_weight_numerator", 7);
	err |= brute_sysctl_write("ema_weight_denominator", 10);
	err |= brute_sysctl_write("max_faults", 2147483647);
	err |= brute_sysctl_write("min_faults", 5);
	err |= brute_sysctl_write("max_faults", 200);
	err |= brute_sysctl_write("crash_period_threshold", 30);
	err |= brute_sysctl_write("block_duration_max", 2147483647);
	err |= brute_sysctl_write("block_duration", 900);
	err |= brute_sysctl_write("block_duration_max", 2592000);
	return err;
}

/* Paths of the programs installed next to the running test. */
static inline void brute_sibling(char *path, size_t size, const char *name)
{
	char self[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (len < 0)
		len = 0;
	self[len] = '\0';
	snprintf(path, size, "%s/%s", dirname(self), name);
}

/* Copies a program to a new file, then gives it @mode (setuid included). */
static inline int copy_file(const char *src, const char *dst, mode_t mode)
{
	char buf[65536];
	ssize_t len;
	int in, out, err = 0;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0700);
	if (out < 0) {
		err = -errno;
		close(in);
		return err;
	}
	while ((len = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, len) != len) {
			err = -EIO;
			break;
		}
	}
	if (len < 0)
		err = -errno;
	/* chmod last: writing a file clears its setuid bit. */
	if (!err && fchmod(out, mode))
		err = -errno;
	close(in);
	close(out);
	return err;
}

/*
 * The working directory of a test: resets the tunables, makes @dir (a
 * mkdtemp() template, under /tmp) with mode 0755 so that the users the
 * tests run programs as can reach it, and copies @crasher into it, as
 * @prog.  Returns 0, or non-zero with errno set.
 */
static inline int brute_workdir(char *dir, char *prog, size_t size,
				const char *crasher)
{
	int err;

	if (brute_sysctl_reset() || !mkdtemp(dir) || chmod(dir, 0755))
		return -1;
	snprintf(prog, size, "%s/prog", dir);
	err = copy_file(crasher, prog, 0755);
	if (err)
		errno = -err;
	return err;
}

/* Undoes brute_workdir(), with anything a test mounted on @dir/mnt. */
static inline int brute_workdir_remove(const char *dir)
{
	char cmd[PATH_MAX * 2 + 64];

	snprintf(cmd, sizeof(cmd), "umount %s/mnt 2>/dev/null; rm -rf %s",
		 dir, dir);
	if (system(cmd) == -1)
		return -1;
	return brute_sysctl_reset();
}

/* In a child: becomes @uid for good, or exits with 126. */
static inline void become(uid_t uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		_exit(126);
}

/*
 * Runs @path with @args (NULL terminated, after argv[0]) as @uid and
 * returns its wait status; *@exec_err gets the errno of a failed execve(),
 * or 0.  With @out, the first line the program prints is stored there.
 */
static inline int run_as(const char *path, uid_t uid, int *exec_err,
			 char *out, size_t out_len, const char *const *args)
{
	char *argv[16] = { (char *)path };
	int status, errpipe[2], outpipe[2], i, err = 0;
	pid_t pid;

	for (i = 0; args && args[i] && i < 14; i++)
		argv[i + 1] = (char *)args[i];
	if (pipe2(errpipe, O_CLOEXEC) || pipe(outpipe))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(errpipe[0]);
		close(outpipe[0]);
		dup2(outpipe[1], 1);
		become(uid);
		execv(path, argv);
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
	if (out && out_len) {
		ssize_t len = read(outpipe[0], out, out_len - 1);

		out[len > 0 ? len : 0] = '\0';
	}
	close(outpipe[0]);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (exec_err)
		*exec_err = err;
	return status;
}

#define RUN(path, uid, err, ...)					\
	run_as(path, uid, err, NULL, 0, (const char *const[]){ __VA_ARGS__, NULL })

static inline bool crashed(int status, int sig)
{
	return status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

static inline bool exited(int status, int code)
{
	return status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == code;
}

/* Runs @path "true" as @uid: true if it ran and exited normally. */
static inline bool brute_runs(const char *path, uid_t uid)
{
	int err = 0, status = RUN(path, uid, &err, "true");

	return !err && exited(status, 0);
}

/* True if execve() of @path as @uid fails with EPERM. */
static inline bool brute_refused(const char *path, uid_t uid)
{
	int err = 0, status = RUN(path, uid, &err, "true");

	return err == EPERM && exited(status, 127);
}

/* Sends @sig to @pid from a new process running as @uid; 0 or errno. */
static inline int brute_kill_as(pid_t pid, int sig, uid_t uid)
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

/* The users the tests run programs as, besides root. */
#define BRUTE_USER_A 1000
#define BRUTE_USER_B 1001
#define BRUTE_NOBODY 65534

#define BRUTE_XATTR "security.brute"

/* Milliseconds since an arbitrary point, for timeouts. */
static inline long long brute_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static inline void brute_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/*
 * Reads the record of @path into @record.  Returns 0, -errno of getxattr()
 * (-ENODATA: no record), or -EBADMSG for a value that is not a record of
 * the current version and of the right size.
 */
static inline int brute_read_record(const char *path,
				    struct brute_record *record)
{
	unsigned char value[4096];
	ssize_t len = getxattr(path, BRUTE_XATTR, value, sizeof(value));

	if (len < 0)
		return -errno;
	if ((size_t)len < sizeof(*record) || value[0] != BRUTE_RECORD_VERSION)
		return -EBADMSG;
	if (value[1] <= BRUTE_RECORD_MINOR && (size_t)len != sizeof(*record))
		return -EBADMSG;
	memcpy(record, value, sizeof(*record));
	return 0;
}

/* One entry of a record, decoded. */
struct brute_entry {
	__u32 uid;
	__u32 faults;
	__u64 last_crash;
	__u64 ema;
	__u64 block_time;
	__u32 block_count;
	unsigned int flags;
};

static inline void brute_decode_entry(const struct brute_user *user,
				      struct brute_entry *entry)
{
	entry->uid = le32toh(user->uid);
	entry->faults = le32toh(user->faults);
	entry->last_crash = le64toh(user->last_crash);
	entry->ema = le64toh(user->ema);
	entry->block_time = le64toh(user->block_time);
	entry->block_count = le32toh(user->block_count);
	entry->flags = user->flags;
}

/*
 * Finds the entry of @uid in @record.  Returns false, with a zeroed
 * *@entry, if @uid has no entry in the record (none, or one kept in memory
 * only).
 */
static inline bool brute_find_entry(const struct brute_record *record,
				    __u32 uid, struct brute_entry *entry)
{
	unsigned int i;

	memset(entry, 0, sizeof(*entry));
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		if (!(record->users[i].flags & BRUTE_USER_USED) ||
		    le32toh(record->users[i].uid) != uid)
			continue;
		brute_decode_entry(&record->users[i], entry);
		return true;
	}
	return false;
}

/* How many entries of @record are in use. */
static inline int brute_count_entries(const struct brute_record *record)
{
	unsigned int i;
	int used = 0;

	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		used += !!(record->users[i].flags & BRUTE_USER_USED);
	return used;
}

/*
 * Reads the entry of @uid in the record of @path.  Returns 0, -ENOENT if
 * the record has no entry for @uid, or an error of brute_read_record().
 */
static inline int brute_read_entry(const char *path, __u32 uid,
				   struct brute_entry *entry)
{
	struct brute_record record;
	int err = brute_read_record(path, &record);

	memset(entry, 0, sizeof(*entry));
	if (err)
		return err;
	return brute_find_entry(&record, uid, entry) ? 0 : -ENOENT;
}

/* Fills an entry of a record, for the records that tests write. */
static inline void brute_set_entry(struct brute_user *user, __u32 uid,
				   __u32 faults, __u64 last_crash,
				   __u64 ema, unsigned int flags)
{
	memset(user, 0, sizeof(*user));
	user->uid = htole32(uid);
	user->faults = htole32(faults);
	user->last_crash = htole64(last_crash);
	user->ema = htole64(ema);
	if (flags & BRUTE_USER_BLOCKED) {
		user->block_time = htole64(time(NULL));
		user->block_count = htole32(1);
	}
	user->flags = flags;
}

/* An empty record of the current version: no entry in use. */
static inline void brute_init_record(struct brute_record *record)
{
	unsigned int i;

	memset(record, 0, sizeof(*record));
	record->version = BRUTE_RECORD_VERSION;
	record->minor = BRUTE_RECORD_MINOR;
	for (i = 0; i < BRUTE_RECORD_USERS; i++)
		record->users[i].uid = htole32(BRUTE_UID_NONE);
}

/*
 * Starts @path as @uid in the background, in the network namespace @netns
 * when not NULL, and waits until it printed its first byte, so that it
 * runs the file when this returns.  Returns its pid, or -1.
 */
static inline pid_t brute_spawn_out(const char *path, uid_t uid,
				    const char *const *args, const char *netns,
				    int *out)
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
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -1;
	}
	if (out)
		*out = outpipe[0];
	else
		close(outpipe[0]);
	return pid;
}

static inline pid_t brute_spawn(const char *path, uid_t uid,
				const char *const *args, const char *netns)
{
	return brute_spawn_out(path, uid, args, netns, NULL);
}

/*
 * Reads what the process started by brute_spawn_out() prints on @fd up to
 * the end of a line, within @ms milliseconds, into @buf (without the
 * newline; the first byte, which brute_spawn_out() read, is not in it).
 * Returns the length, or -1.
 */
static inline int brute_read_line(int fd, char *buf, size_t size, long ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	size_t len = 0;
	char c;

	while (len + 1 < size) {
		if (poll(&pfd, 1, ms) != 1 || read(fd, &c, 1) != 1)
			return -1;
		if (c == '\n') {
			buf[len] = '\0';
			return len;
		}
		buf[len++] = c;
	}
	return -1;
}

/*
 * True if @pid runs: it exists and is not a zombie.  For processes that are
 * not children of the test, whose zombies stay until their parent reaps
 * them.
 */
static inline bool brute_proc_running(pid_t pid)
{
	char path[64], buf[512], *state;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return false;
	buf[len] = '\0';
	state = strrchr(buf, ')');
	return state && state[1] == ' ' && state[2] != 'Z' && state[2] != 'X';
}

#define SPAWN(path, uid, ...)						\
	brute_spawn(path, uid, (const char *const[]){ __VA_ARGS__, NULL }, NULL)

/* True if the child @pid still runs; it is not reaped. */
static inline bool brute_alive(pid_t pid)
{
	siginfo_t info = {};

	return !waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) &&
	       info.si_pid == 0;
}

/*
 * Waits at most @ms milliseconds for the child @pid to end, and reaps it.
 * Returns its wait status, or -1 if it still runs (it is then killed and
 * reaped, so that no test leaves it behind).
 */
static inline int brute_wait_dead(pid_t pid, long ms)
{
	long long end = brute_now_ms() + ms;
	int status;

	do {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return status;
		brute_sleep_ms(10);
	} while (brute_now_ms() < end);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/*
 * Kills and reaps a child started by brute_spawn(), unless it was reaped
 * already (its pid may belong to another process by now).
 */
static inline void brute_reap(pid_t pid)
{
	siginfo_t info = {};

	if (pid <= 0 ||
	    waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT))
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/*
 * Crashes @path with @mode as @uid until execve() fails, at most @max
 * times.  Returns how many runs died of @sig (all of them, or -1000 - the
 * number of the first run that did not), and stores the errno of the
 * refused execve() in *@err.
 */
static inline int brute_attack(const char *path, uid_t uid, const char *mode,
			       int sig, int max, int *err)
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

/*
 * Waits until the records of the crashes made so far are on disk.  The
 * kernel writes records from a workqueue, after the crash: a copy of
 * @crasher in @dir, setuid root, crashes once as nobody (a counted crash),
 * and its record appears once the writes queued before it were done.
 * Returns 0, or -1 if the copy still had no record after 10 s.
 */
static inline int brute_settle(const char *crasher, const char *dir)
{
	static int calls;
	char path[PATH_MAX];
	long long end;
	int err = -1, status;

	snprintf(path, sizeof(path), "%s/settle.%d", dir, calls++);
	if (copy_file(crasher, path, 04755))
		return -1;
	status = RUN(path, BRUTE_NOBODY, NULL, "segv");
	if (!crashed(status, SIGSEGV))
		goto out;
	end = brute_now_ms() + 10000;
	do {
		if (getxattr(path, BRUTE_XATTR, NULL, 0) > 0) {
			err = 0;
			break;
		}
		brute_sleep_ms(10);
	} while (brute_now_ms() < end);
out:
	unlink(path);
	return err;
}

/*
 * The kernel log.  Messages are read from a descriptor opened by
 * brute_kmsg_open() at the start of a test and kept in memory, so that
 * each test sees the messages logged since it started.
 */
static inline int brute_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Reads the new messages of @fd; returns all of them read so far. */
static inline const char *brute_kmsg_read(int fd)
{
	static char *log;
	static size_t log_len;
	char rec[8192];
	ssize_t len;

	for (;;) {
		len = read(fd, rec, sizeof(rec));
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (len <= 0)
			break;
		log = realloc(log, log_len + len + 1);
		if (!log)
			return "";
		memcpy(log + log_len, rec, len);
		log_len += len;
		log[log_len] = '\0';
	}
	return log ? log : "";
}

/*
 * How many messages logged since brute_kmsg_open() contain every string
 * of @strs (NULL terminated); with @suffix, the last one ends the message.
 */
static inline int brute_kmsg_match(int fd, const char *const *strs,
				   bool suffix)
{
	char *copy = strdup(brute_kmsg_read(fd)), *line, *save;
	int found = 0, i;

	if (!copy)
		return 0;
	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line), last = 0;
		bool all = true;

		for (i = 0; strs[i] && all; i++) {
			all = strstr(line, strs[i]);
			last = strlen(strs[i]);
		}
		if (all && suffix && i > 0 &&
		    (len < last || strcmp(line + len - last, strs[i - 1])))
			all = false;
		found += all;
	}
	free(copy);
	return found;
}

/* How many messages logged since brute_kmsg_open() contain both strings. */
static inline int brute_kmsg_count(int fd, const char *what,
				   const char *also)
{
	return brute_kmsg_match(fd, (const char *const[]){ what, also, NULL },
				false);
}

static inline bool brute_kmsg_has(int fd, const char *what, const char *also)
{
	return brute_kmsg_count(fd, what, also) > 0;
}

#define BRUTE_DETECTED "brute: fork brute force attack detected"

/*
 * How many detection messages name @path and the attacker @uid, and end
 * with the scope of the block: "blocked for uid @scope", or "blocked for
 * everyone" when @scope is %BRUTE_UID_NONE.
 */
static inline int brute_kmsg_detected(int fd, const char *path, __u32 uid,
				      __u32 scope)
{
	char file[PATH_MAX + 64], blocked[64];

	snprintf(file, sizeof(file), ", uid %u, file %s, ", uid, path);
	if (scope == BRUTE_UID_NONE)
		snprintf(blocked, sizeof(blocked), ", blocked for everyone");
	else
		snprintf(blocked, sizeof(blocked), ", blocked for uid %u",
			 scope);
	return brute_kmsg_match(fd, (const char *const[]){
					BRUTE_DETECTED ": pid ", file,
					blocked, NULL }, true);
}

/* How many messages say that the sweep killed @pid, of @uid, running @path. */
static inline int brute_kmsg_killed(int fd, pid_t pid, __u32 uid,
				    const char *path)
{
	char head[64], tail[PATH_MAX + 64];

	snprintf(head, sizeof(head), "brute: offending process %d [", pid);
	snprintf(tail, sizeof(tail), "] killed, uid %u, file %s", uid, path);
	return brute_kmsg_match(fd, (const char *const[]){ head, tail, NULL },
				true);
}

/* Two network namespaces joined by a veth pair: a server and a client. */
#define BRUTE_NS_SERVER "brute_srv"
#define BRUTE_NS_CLIENT "brute_cli"
#define BRUTE_SERVER_IP "10.199.0.1"
#define BRUTE_SERVER_IP6 "fd00:199::1"

static inline void brute_netns_cleanup(void)
{
	/* Busybox would run its own ip applet: name the real one. */
	if (system("/sbin/ip netns del " BRUTE_NS_SERVER " 2>/dev/null; "
		   "/sbin/ip netns del " BRUTE_NS_CLIENT " 2>/dev/null") == -1)
		perror("system");
}

static inline int brute_netns_setup(void)
{
	static const char *const commands[] = {
		"netns add " BRUTE_NS_SERVER,
		"netns add " BRUTE_NS_CLIENT,
		"link add brute0 netns " BRUTE_NS_SERVER
		" type veth peer name brute1 netns " BRUTE_NS_CLIENT,
		"-n " BRUTE_NS_SERVER " addr add " BRUTE_SERVER_IP
		"/24 dev brute0",
		"-n " BRUTE_NS_CLIENT " addr add 10.199.0.2/24 dev brute1",
		"-n " BRUTE_NS_SERVER " addr add " BRUTE_SERVER_IP6
		"/64 dev brute0 nodad",
		"-n " BRUTE_NS_CLIENT " addr add fd00:199::2/64 dev brute1 nodad",
		"-n " BRUTE_NS_SERVER " link set brute0 up",
		"-n " BRUTE_NS_CLIENT " link set brute1 up",
		"-n " BRUTE_NS_SERVER " link set lo up",
		"-n " BRUTE_NS_CLIENT " link set lo up",
	};
	char cmd[256];
	unsigned int i;

	mkdir("/run", 0755);
	brute_netns_cleanup();
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		snprintf(cmd, sizeof(cmd), "/sbin/ip %s", commands[i]);
		if (system(cmd))
			return -1;
	}
	return 0;
}

/*
 * Connects @n times to @ip:@port (IPv4 or IPv6) from the network namespace
 * @netns (or from this one), sending one byte and waiting for the server
 * side to close each connection.  Returns how many connections were
 * served, or -1.
 */
static inline int brute_connect_n(const char *netns, const char *ip, int port,
				  int n)
{
	int status, served = 0, i;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		struct sockaddr_in6 addr6 = {
			.sin6_family = AF_INET6,
			.sin6_port = htons(port),
		};
		struct sockaddr_in addr = {
			.sin_family = AF_INET,
			.sin_port = htons(port),
		};
		struct sockaddr *sa = (struct sockaddr *)&addr;
		socklen_t len = sizeof(addr);

		if (inet_pton(AF_INET6, ip, &addr6.sin6_addr) == 1) {
			sa = (struct sockaddr *)&addr6;
			len = sizeof(addr6);
		} else if (inet_pton(AF_INET, ip, &addr.sin_addr) != 1) {
			_exit(255);
		}
		if (netns) {
			char path[128];
			int nsfd;

			snprintf(path, sizeof(path), "/run/netns/%s", netns);
			nsfd = open(path, O_RDONLY | O_CLOEXEC);
			if (nsfd < 0 || setns(nsfd, CLONE_NEWNET))
				_exit(255);
		}
		for (i = 0; i < n; i++) {
			int fd = socket(sa->sa_family,
					SOCK_STREAM | SOCK_CLOEXEC, 0);
			char c;

			if (fd < 0 || connect(fd, sa, len))
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

/* Connects from the client namespace to the server one, through veth. */
static inline int brute_connect_from_client(int port, int n)
{
	return brute_connect_n(BRUTE_NS_CLIENT, BRUTE_SERVER_IP, port, n);
}

/* The dynamic loader of this system, or NULL. */
static inline const char *brute_find_ldso(void)
{
	static const char *const paths[] = {
		"/lib64/ld-linux-x86-64.so.2",
		"/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
		"/lib/ld-linux-aarch64.so.1",
		"/lib/ld-linux.so.2",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(paths); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

#endif /* _SELFTESTS_BRUTE_COMMON_H */
