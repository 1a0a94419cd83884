/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Brute selftests - common helpers
 *
 * Copyright (C) 2026 The Brute developers
 */

#ifndef _SELFTESTS_BRUTE_COMMON_H
#define _SELFTESTS_BRUTE_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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
	{ "block_duration", 0 },
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
	err |= brute_sysctl_write("block_duration", 0);
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

#endif /* _SELFTESTS_BRUTE_COMMON_H */
