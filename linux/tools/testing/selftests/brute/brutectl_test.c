// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - the brutectl administration tool
 *
 * Each test works on copies of the crasher program in a fresh temporary
 * directory: it makes the kernel create, update and block their records,
 * or writes records of its own, then runs brutectl (built next to this
 * test) and checks its exit status and output, text and JSON.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <linux/brute.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define XATTR_NAME_BRUTE "security.brute"
#define USER_A 1000
#define AS_ROOT 0

/* The exit statuses of brutectl. */
enum {
	EXIT_USAGE = 1,
	EXIT_NOFILE = 2,
	EXIT_NORECORD = 3,
	EXIT_NOXATTR = 4,
	EXIT_MALFORMED = 5,
	EXIT_PERM = 6,
};

/* The crasher and brutectl programs, next to this one. */
static char crasher[PATH_MAX];
static char brutectl[PATH_MAX];

static void __attribute__((constructor)) find_programs(void)
{
	brute_sibling(crasher, sizeof(crasher), "crasher");
	brute_sibling(brutectl, sizeof(brutectl), "brutectl");
}

/* Crashes @path @n times as @uid; returns how many runs crashed. */
static int crash(const char *path, uid_t uid, int n)
{
	int i, err, done = 0;

	for (i = 0; i < n; i++)
		done += crashed(RUN(path, uid, &err, "segv"), SIGSEGV);
	return done;
}

/* The output of a brutectl run. */
struct output {
	char out[16384];
	char err[4096];
};

/* Appends what @fd has to @buf; returns false at the end of the file. */
static bool drain(int fd, char *buf, size_t size)
{
	size_t len = strlen(buf);
	char scratch[512];
	ssize_t n;

	if (len + 1 < size)
		n = read(fd, buf + len, size - len - 1);
	else
		n = read(fd, scratch, sizeof(scratch));	/* full: discard */
	if (n <= 0)
		return false;
	if (len + 1 < size)
		buf[len + n] = '\0';
	return true;
}

/*
 * Runs brutectl (@tool) with @args as @uid, capturing its standard output
 * and error in @o.  Returns its exit status, or -1 if it did not exit.
 */
static int run_tool(const char *tool, uid_t uid, struct output *o,
		    const char *const *args)
{
	char *argv[16] = { (char *)tool };
	int outpipe[2], errpipe[2], i, status;
	struct pollfd fds[2];
	pid_t pid;

	o->out[0] = '\0';
	o->err[0] = '\0';
	for (i = 0; args && args[i] && i < 14; i++)
		argv[i + 1] = (char *)args[i];
	if (pipe2(outpipe, O_CLOEXEC) || pipe2(errpipe, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(outpipe[1], 1);
		dup2(errpipe[1], 2);
		if (uid != AS_ROOT)
			become(uid);
		execv(tool, argv);
		_exit(127);
	}
	close(outpipe[1]);
	close(errpipe[1]);
	fds[0] = (struct pollfd){ .fd = outpipe[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = errpipe[0], .events = POLLIN };
	while (fds[0].fd >= 0 || fds[1].fd >= 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !fds[i].revents)
				continue;
			if (!drain(fds[i].fd, i ? o->err : o->out,
				   i ? sizeof(o->err) : sizeof(o->out))) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	if (fds[0].fd >= 0)
		close(fds[0].fd);
	if (fds[1].fd >= 0)
		close(fds[1].fd);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define TOOL(tool, uid, o, ...)						\
	run_tool(tool, uid, o, (const char *const[]){ __VA_ARGS__, NULL })

/*
 * A strict JSON syntax checker (RFC 8259), by recursive descent.  Each
 * function advances *@p past what it accepted and returns whether it did.
 */
static bool json_value(const char **p, int depth);

static void json_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

static bool json_literal(const char **p, const char *word)
{
	size_t len = strlen(word);

	if (strncmp(*p, word, len))
		return false;
	*p += len;
	return true;
}

static bool json_string(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	int i;

	if (*s++ != '"')
		return false;
	for (;;) {
		if (*s == '"')
			break;
		if (*s < 0x20)		/* control characters, and the end */
			return false;
		if (*s++ != '\\')
			continue;
		if (*s == 'u') {
			for (i = 1; i <= 4; i++)
				if (!isxdigit(s[i]))
					return false;
			s += 5;
		} else if (*s && strchr("\"\\/bfnrt", *s)) {
			s++;
		} else {
			return false;
		}
	}
	*p = (const char *)s + 1;
	return true;
}

static bool json_digits(const char **p)
{
	if (!isdigit((unsigned char)**p))
		return false;
	while (isdigit((unsigned char)**p))
		(*p)++;
	return true;
}

static bool json_number(const char **p)
{
	if (**p == '-')
		(*p)++;
	if (**p == '0')
		(*p)++;
	else if (!json_digits(p))
		return false;
	if (**p == '.') {
		(*p)++;
		if (!json_digits(p))
			return false;
	}
	if (**p == 'e' || **p == 'E') {
		(*p)++;
		if (**p == '+' || **p == '-')
			(*p)++;
		if (!json_digits(p))
			return false;
	}
	return true;
}

/* An array, or with @object, an object: members are "string": value. */
static bool json_container(const char **p, int depth, bool object)
{
	char close = object ? '}' : ']';

	(*p)++;
	json_ws(p);
	if (**p == close) {
		(*p)++;
		return true;
	}
	for (;;) {
		if (object) {
			if (!json_string(p))
				return false;
			json_ws(p);
			if (**p != ':')
				return false;
			(*p)++;
		}
		if (!json_value(p, depth + 1))
			return false;
		json_ws(p);
		if (**p == close) {
			(*p)++;
			return true;
		}
		if (**p != ',')
			return false;
		(*p)++;
		json_ws(p);
	}
}

static bool json_value(const char **p, int depth)
{
	if (depth > 64)
		return false;
	json_ws(p);
	switch (**p) {
	case '{':
		return json_container(p, depth, true);
	case '[':
		return json_container(p, depth, false);
	case '"':
		return json_string(p);
	case 't':
		return json_literal(p, "true");
	case 'f':
		return json_literal(p, "false");
	case 'n':
		return json_literal(p, "null");
	default:
		return json_number(p);
	}
}

static bool json_valid(const char *text)
{
	const char *p = text;

	if (!json_value(&p, 0))
		return false;
	json_ws(&p);
	return *p == '\0';
}

/*
 * Whether the first member named @key in @text has the value @value,
 * written as JSON (a number, a literal or a quoted string).
 */
static bool json_has(const char *text, const char *key, const char *value)
{
	char quoted[64];
	const char *p;
	size_t len = strlen(value);

	snprintf(quoted, sizeof(quoted), "\"%s\"", key);
	p = strstr(text, quoted);
	if (!p)
		return false;
	p += strlen(quoted);
	json_ws(&p);
	if (*p++ != ':')
		return false;
	json_ws(&p);
	return !strncmp(p, value, len) && !isalnum((unsigned char)p[len]);
}

/* The number after "@label:" in the text output of status, or -1. */
static long field(const char *text, const char *label)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), "%s:", label);
	p = strstr(text, key);
	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	return strtol(p, NULL, 10);
}

/*
 * Copies the value after "@label:" in the text output of status, up to the
 * end of its line, to @buf; returns @buf, or "" if there is no such line.
 */
static const char *field_text(const char *text, const char *label, char *buf,
			      size_t size)
{
	char key[64];
	const char *p;
	size_t len;

	buf[0] = '\0';
	snprintf(key, sizeof(key), "%s:", label);
	p = strstr(text, key);
	if (!p)
		return buf;
	p += strlen(key);
	while (*p == ' ')
		p++;
	len = strcspn(p, "\n");
	if (len >= size)
		len = size - 1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

static bool field_is(const char *text, const char *label, const char *value)
{
	char buf[256];

	return !strcmp(field_text(text, label, buf, sizeof(buf)), value);
}

static ssize_t record_size(const char *path)
{
	ssize_t len = getxattr(path, XATTR_NAME_BRUTE, NULL, 0);

	return len < 0 ? -errno : len;
}

FIXTURE(brutectl) {
	char dir[64];
	char prog[128];
	char tool[128];
	struct output o;
};

FIXTURE_SETUP(brutectl)
{
	ASSERT_EQ(0, access(brutectl, X_OK))
		TH_LOG("no brutectl next to the test: %s", brutectl);
	snprintf(self->dir, sizeof(self->dir), "/tmp/brutectl.XXXXXX");
	ASSERT_EQ(0, brute_workdir(self->dir, self->prog, sizeof(self->prog),
				   crasher))
		TH_LOG("no working directory with %s: %m", crasher);
	/* A copy that any user can run, wherever the tests are installed. */
	snprintf(self->tool, sizeof(self->tool), "%s/brutectl", self->dir);
	ASSERT_EQ(0, copy_file(brutectl, self->tool, 0755));
}

FIXTURE_TEARDOWN(brutectl)
{
	EXPECT_EQ(0, brute_workdir_remove(self->dir));
}

/*
 * Crashes the setuid program as USER_A until it crashed five times in all,
 * @done of them already, so that its sixth execution fails.
 */
static void block_prog(struct __test_metadata *_metadata, const char *prog,
		       int done)
{
	int err;

	EXPECT_EQ(5 - done, crash(prog, USER_A, 5 - done));
	RUN(prog, USER_A, &err, "true");
	ASSERT_EQ(EPERM, err);
}

TEST_F(brutectl, usage)
{
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "--help"));
	EXPECT_NE(NULL, strstr(self->o.out, "EXIT STATUS"));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "help"));
	EXPECT_NE(NULL, strstr(self->o.out, "SYNOPSIS"));
	EXPECT_EQ(EXIT_USAGE, run_tool(self->tool, AS_ROOT, &self->o, NULL));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "frob"));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "status"));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "status",
				   "--frob", self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "brutectl: "));
}

TEST_F(brutectl, status_missing_file)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/missing", self->dir);
	EXPECT_EQ(EXIT_NOFILE, TOOL(self->tool, AS_ROOT, &self->o, "status",
				    path));
	EXPECT_NE(NULL, strstr(self->o.err, path)) TH_LOG("%s", self->o.err);
}

TEST_F(brutectl, status_no_record)
{
	EXPECT_EQ(EXIT_NORECORD, TOOL(self->tool, AS_ROOT, &self->o,
				      "status", self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, self->prog));
}

TEST_F(brutectl, status_no_xattr_support)
{
	char mnt[128], path[PATH_MAX];

	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("brute", mnt, "ramfs", 0, "mode=0755"));
	snprintf(path, sizeof(path), "%s/prog", mnt);
	ASSERT_EQ(0, copy_file(crasher, path, 0755));
	EXPECT_EQ(EXIT_NOXATTR, TOOL(self->tool, AS_ROOT, &self->o, "status",
				     path));
	EXPECT_NE(NULL, strstr(self->o.err, path));
}

/* Executing a setuid file creates a zeroed record. */
TEST_F(brutectl, fresh_record)
{
	char line[256];
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	ASSERT_EQ(sizeof(struct brute_record), record_size(self->prog));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_EQ(0, field(self->o.out, "faults")) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed"));
	EXPECT_TRUE(field_is(self->o.out, "last crash", "never"));
	/* Setuid, and maybe more: executing it is a secure exec too. */
	EXPECT_NE(NULL, strstr(field_text(self->o.out, "boundaries", line,
					  sizeof(line)), "setid"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "faults", "0"));
	EXPECT_TRUE(json_has(self->o.out, "not_allowed", "false"));
	EXPECT_TRUE(json_has(self->o.out, "scope", "null"));
}

/* Crashes are counted, below the limits. */
TEST_F(brutectl, counting)
{
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(3, crash(self->prog, USER_A, 3));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_EQ(3, field(self->o.out, "faults")) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed"));
	EXPECT_FALSE(field_is(self->o.out, "last crash", "never"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "faults", "3"));
	EXPECT_TRUE(json_has(self->o.out, "not_allowed", "false"));
}

/* A user's attack on a setuid file blocks it for that user. */
TEST_F(brutectl, blocked)
{
	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(3, crash(self->prog, USER_A, 3));
	block_prog(_metadata, self->prog, 3);

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_TRUE(field_is(self->o.out, "state", "blocked for uid 1000"))
		TH_LOG("%s", self->o.out);
	EXPECT_EQ(5, field(self->o.out, "faults"));
	EXPECT_EQ(1, field(self->o.out, "block count"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "not_allowed", "true"));
	EXPECT_TRUE(json_has(self->o.out, "scope", "\"user\""));
	EXPECT_TRUE(json_has(self->o.out, "block_uid", "1000"));
	EXPECT_TRUE(json_has(self->o.out, "faults", "5"));
}

TEST_F(brutectl, malformed)
{
	static const unsigned char short_value[3] = { 1, 1, 0 };
	unsigned char value[sizeof(struct brute_record)] = { 66 };

	ASSERT_EQ(0, setxattr(self->prog, XATTR_NAME_BRUTE, short_value,
			      sizeof(short_value), 0));
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "3 bytes")) TH_LOG("%s",
							       self->o.err);

	ASSERT_EQ(0, setxattr(self->prog, XATTR_NAME_BRUTE, value,
			      sizeof(value), 0));
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "version 66")) TH_LOG("%s",
								  self->o.err);
	/* The JSON output still parses, and says what went wrong. */
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", "--json", self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "exit_status", "5"));
}

TEST_F(brutectl, allow)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	block_prog(_metadata, self->prog, 0);

	/* A user cannot. */
	EXPECT_EQ(EXIT_PERM, TOOL(self->tool, USER_A, &self->o, "allow",
				  self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "permission denied"))
		TH_LOG("%s", self->o.err);
	EXPECT_EQ(sizeof(struct brute_record), record_size(self->prog));

	/* Root can: the record is gone and the file runs again. */
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "allow",
			  self->prog)) TH_LOG("%s", self->o.err);
	EXPECT_EQ(-ENODATA, record_size(self->prog));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

TEST_F(brutectl, sysctl)
{
	char line[128], value[32];
	unsigned int i;

	/* Not the default, so that the value shown is the current one. */
	ASSERT_EQ(0, brute_sysctl_write("block_duration", 1234));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "sysctl"));
	for (i = 0; i < BRUTE_NR_SYSCTLS; i++) {
		long v = brute_sysctl_read(brute_sysctls[i].name);

		snprintf(line, sizeof(line), "%s = %ld\n",
			 brute_sysctls[i].name, v);
		EXPECT_NE(NULL, strstr(self->o.out, line))
			TH_LOG("no '%s' in:\n%s", line, self->o.out);
	}
	EXPECT_NE(NULL, strstr(self->o.out, "block_duration = 1234\n"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "sysctl", "--json"));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	for (i = 0; i < BRUTE_NR_SYSCTLS; i++) {
		snprintf(value, sizeof(value), "%ld",
			 brute_sysctl_read(brute_sysctls[i].name));
		EXPECT_TRUE(json_has(self->o.out, brute_sysctls[i].name,
				     value));
	}
}

/* Only files with a record are listed, blocked ones first. */
TEST_F(brutectl, scan)
{
	char sub[128], blocked[160], counting[160], plain[160];
	char *second;
	int err;

	snprintf(sub, sizeof(sub), "%s/tree", self->dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	/* Names that sort before "blocked": the order is not by name. */
	snprintf(counting, sizeof(counting), "%s/a_counting", sub);
	snprintf(plain, sizeof(plain), "%s/a_plain", sub);
	snprintf(blocked, sizeof(blocked), "%s/blocked", sub);
	ASSERT_EQ(0, copy_file(crasher, counting, 04755));
	ASSERT_EQ(0, copy_file(crasher, plain, 0755));
	ASSERT_EQ(0, copy_file(crasher, blocked, 04755));
	EXPECT_EQ(2, crash(counting, USER_A, 2));
	block_prog(_metadata, blocked, 0);
	EXPECT_TRUE(exited(RUN(plain, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(-ENODATA, record_size(plain));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "scan", sub))
		TH_LOG("%s", self->o.err);
	second = strchr(self->o.out, '\n');
	ASSERT_NE(NULL, second) TH_LOG("%s", self->o.out);
	*second++ = '\0';
	/* Two lines: the blocked file, then the counting one. */
	EXPECT_NE(NULL, strstr(self->o.out, blocked));
	EXPECT_NE(NULL, strstr(self->o.out, "blocked for uid 1000"));
	EXPECT_NE(NULL, strstr(second, counting)) TH_LOG("%s", second);
	EXPECT_NE(NULL, strstr(second, "allowed"));
	EXPECT_EQ(0, strcmp(strchr(second, '\n') ?: "", "\n"))
		TH_LOG("more than two lines: %s", second);
	EXPECT_EQ(NULL, strstr(second, plain));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "scan", "--json",
			  sub));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(strstr(self->o.out, blocked) &&
		    strstr(self->o.out, counting) &&
		    strstr(self->o.out, blocked) <
		    strstr(self->o.out, counting));
	EXPECT_EQ(NULL, strstr(self->o.out, plain));
}

TEST_HARNESS_MAIN
