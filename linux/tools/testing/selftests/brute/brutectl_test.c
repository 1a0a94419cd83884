// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - the brutectl administration tool
 *
 * Each test works on copies of the crasher program in a fresh temporary
 * directory: it makes the kernel create, update and block their records,
 * or writes records of its own, then runs brutectl (built next to this
 * test) and checks its exit status and output, text and JSON.
 *
 * A file gets a record at its first counted crash: a crash of a setuid
 * root copy run by an unprivileged user.  The kernel writes records from a
 * workqueue, so the tests wait for them before they run brutectl.  A file
 * on ramfs cannot store one: its block is listed by "brutectl blocks" and
 * lifted by "brutectl allow" through securityfs.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <endian.h>
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
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

#define USER_A BRUTE_USER_A
#define USER_B BRUTE_USER_B
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

/* Whether the field @label of @text starts with @prefix. */
static bool field_starts(const char *text, const char *label,
			 const char *prefix)
{
	char buf[256];

	return !strncmp(field_text(text, label, buf, sizeof(buf)), prefix,
			strlen(prefix));
}

static ssize_t record_size(const char *path)
{
	ssize_t len = getxattr(path, BRUTE_XATTR, NULL, 0);

	return len < 0 ? -errno : len;
}

/*
 * Waits until the record of @path, which the kernel writes from a
 * workqueue, has @faults crashes of @uid and the @flags in its entry;
 * returns whether it did within ten seconds.
 */
static bool wait_entry(const char *path, uid_t uid, unsigned int faults,
		       unsigned int flags)
{
	long long end = brute_now_ms() + 10000;
	struct brute_entry entry;

	do {
		if (!brute_read_entry(path, uid, &entry) &&
		    entry.faults == faults && (entry.flags & flags) == flags)
			return true;
		brute_sleep_ms(10);
	} while (brute_now_ms() < end);
	return false;
}

/* Makes @u the entry of @uid, in use, with @faults and @flags. */
static void set_user(struct brute_user *u, uid_t uid, unsigned int faults,
		     unsigned int flags)
{
	brute_set_entry(u, uid, faults, time(NULL), 2,
			BRUTE_USER_USED | flags);
}

/*
 * The text output of status from the header line of an entry on ("uid
 * 1000:"), so that field() reads that entry; or NULL.
 */
static const char *text_entry(const char *text, const char *header)
{
	char key[64];

	snprintf(key, sizeof(key), "\n  %s", header);
	return strstr(text, key);
}

/*
 * The JSON output of status from the "uid" member of the entry of @uid on,
 * or NULL.  "uid" is the first member of
 * an entry, so json_has() then reads that entry.
 */
static const char *json_entry(const char *text, const char *uid)
{
	size_t len = strlen(uid);
	const char *p, *q;

	for (p = strstr(text, "\"uid\""); p; p = strstr(p + 1, "\"uid\"")) {
		q = p + strlen("\"uid\"");
		json_ws(&q);
		if (*q++ != ':')
			continue;
		json_ws(&q);
		if (!strncmp(q, uid, len) && !isalnum((unsigned char)q[len]))
			return p;
	}
	return NULL;
}

/* Copies the line of @text that contains @what to @buf, or "" if none. */
static const char *line_with(const char *text, const char *what, char *buf,
			     size_t size)
{
	const char *p = strstr(text, what), *start, *end;
	size_t len;

	buf[0] = '\0';
	if (!p)
		return buf;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	end = strchrnul(p, '\n');
	len = end - start < (ptrdiff_t)size ? (size_t)(end - start) : size - 1;
	memcpy(buf, start, len);
	buf[len] = '\0';
	return buf;
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
	EXPECT_EQ(0, brute_sysctl_reset());
}

/*
 * Crashes the setuid program as @uid until it crashed five times in all,
 * @done of them already, so that its sixth execution by @uid fails.
 */
static void block_prog_as(struct __test_metadata *_metadata,
			  const char *prog, uid_t uid, int done)
{
	int err;

	EXPECT_EQ(5 - done, crash(prog, uid, 5 - done));
	RUN(prog, uid, &err, "true");
	ASSERT_EQ(EPERM, err);
}

static void block_prog(struct __test_metadata *_metadata, const char *prog,
		       int done)
{
	block_prog_as(_metadata, prog, USER_A, done);
}

TEST_F(brutectl, usage)
{
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "--help"));
	EXPECT_NE(NULL, strstr(self->o.out, "EXIT STATUS"));
	EXPECT_NE(NULL, strstr(self->o.out, "blocks [--json]"));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "help"));
	EXPECT_NE(NULL, strstr(self->o.out, "SYNOPSIS"));
	EXPECT_EQ(EXIT_USAGE, run_tool(self->tool, AS_ROOT, &self->o, NULL));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "frob"));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "status"));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "status",
				   "--frob", self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "brutectl: "));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "blocks",
				   self->prog));
	EXPECT_EQ(EXIT_USAGE, TOOL(self->tool, AS_ROOT, &self->o, "allow"));
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

/*
 * Executing a setuid file writes nothing; its first counted crash creates
 * its record, with an entry for the user.
 */
TEST_F(brutectl, first_crash_record)
{
	const char *entry;
	char line[256];
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_TRUE(exited(RUN(self->prog, AS_ROOT, &err, "true"), 0));
	/* Once the writes queued so far are done, still no record. */
	ASSERT_EQ(0, brute_settle(crasher, self->dir));
	EXPECT_EQ(-ENODATA, record_size(self->prog));
	EXPECT_EQ(EXIT_NORECORD, TOOL(self->tool, AS_ROOT, &self->o,
				      "status", self->prog));

	EXPECT_EQ(1, crash(self->prog, USER_A, 1));
	ASSERT_TRUE(wait_entry(self->prog, USER_A, 1, 0))
		TH_LOG("no record with one crash of uid %d", USER_A);
	EXPECT_EQ(sizeof(struct brute_record), record_size(self->prog));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog)) TH_LOG("%s", self->o.err);
	EXPECT_TRUE(field_is(self->o.out, "version", "3"))
		TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed"));
	/* Setuid, and maybe more: executing it is a secure exec too. */
	EXPECT_NE(NULL, strstr(field_text(self->o.out, "boundaries", line,
					  sizeof(line)), "setid"));
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(entry, "state", "allowed"));
	EXPECT_EQ(1, field(entry, "faults"));
	EXPECT_FALSE(field_is(entry, "last crash", "never"));
	EXPECT_TRUE(field_is(entry, "block time", "never"));
	/* Root's executions counted nothing: no entry. */
	EXPECT_EQ(NULL, text_entry(self->o.out, "uid 0:"));
	EXPECT_EQ(NULL, strstr(self->o.out, "shared"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "version", "3"));
	EXPECT_TRUE(json_has(self->o.out, "blocked", "false"));
	EXPECT_TRUE(json_has(self->o.out, "scope", "null"));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "faults", "1"));
	EXPECT_TRUE(json_has(entry, "blocked", "false"));
	EXPECT_EQ(NULL, json_entry(self->o.out, "null"));
}

/* Crashes are counted, below the limits. */
TEST_F(brutectl, counting)
{
	const char *entry;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(3, crash(self->prog, USER_A, 3));
	ASSERT_TRUE(wait_entry(self->prog, USER_A, 3, 0));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_EQ(3, field(entry, "faults"));
	EXPECT_TRUE(field_is(entry, "state", "allowed"));
	EXPECT_FALSE(field_is(entry, "last crash", "never"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "faults", "3"));
	EXPECT_TRUE(json_has(entry, "not_allowed", "false"));
}

/*
 * A user's attack on a setuid file blocks it for that user only, and
 * another user's crashes have an entry of their own.
 */
TEST_F(brutectl, blocked)
{
	const char *entry;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	EXPECT_EQ(2, crash(self->prog, USER_B, 2));
	block_prog(_metadata, self->prog, 0);
	EXPECT_TRUE(exited(RUN(self->prog, USER_B, &err, "true"), 0));
	ASSERT_TRUE(wait_entry(self->prog, USER_A, 5, BRUTE_USER_BLOCKED));
	ASSERT_TRUE(wait_entry(self->prog, USER_B, 2, 0));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_TRUE(field_is(self->o.out, "state", "blocked for uid 1000"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	/* The first block lasts block_duration (900 s), then ends. */
	EXPECT_TRUE(field_starts(entry, "state", "blocked for uid 1000 until "))
		TH_LOG("%s", entry);
	EXPECT_EQ(5, field(entry, "faults"));
	EXPECT_EQ(1, field(entry, "block count"));
	EXPECT_FALSE(field_is(entry, "block time", "never"));
	entry = text_entry(self->o.out, "uid 1001:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(entry, "state", "allowed"));
	EXPECT_EQ(2, field(entry, "faults"));
	EXPECT_EQ(0, field(entry, "block count"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "blocked", "true"));
	EXPECT_TRUE(json_has(self->o.out, "scope", "\"user\""));
	EXPECT_TRUE(json_has(self->o.out, "blocked_uids", "[1000]"));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "blocked", "true"));
	EXPECT_TRUE(json_has(entry, "scope", "\"user\""));
	EXPECT_TRUE(json_has(entry, "faults", "5"));
	EXPECT_TRUE(json_has(entry, "block_count", "1"));
	entry = json_entry(self->o.out, "1001");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "blocked", "false"));
	EXPECT_TRUE(json_has(entry, "faults", "2"));
}

/*
 * Root's attack blocks the file for everyone: root's entry is the only one
 * whose block is everyone's.
 */
TEST_F(brutectl, blocked_for_everyone)
{
	char path[PATH_MAX], line[PATH_MAX + 128];
	struct brute_record rec;
	const char *entry;
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	block_prog_as(_metadata, self->prog, AS_ROOT, 0);
	RUN(self->prog, USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
	ASSERT_TRUE(wait_entry(self->prog, 0, 5, BRUTE_USER_BLOCKED));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog));
	EXPECT_TRUE(field_is(self->o.out, "state", "blocked for everyone"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 0:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_starts(entry, "state", "blocked for everyone until "));
	EXPECT_EQ(5, field(entry, "faults"));
	/* User A's refused execution did not crash: no entry. */
	EXPECT_EQ(NULL, text_entry(self->o.out, "uid 1000:"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "scope", "\"everyone\""));
	EXPECT_TRUE(json_has(self->o.out, "blocked_uids", "[0]"));
	entry = json_entry(self->o.out, "0");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "scope", "\"everyone\""));

	/* The kernel lists root's block as everyone's ("all"). */
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks"))
		TH_LOG("%s", self->o.err);
	line_with(self->o.out, self->prog, line, sizeof(line));
	EXPECT_NE(NULL, strstr(line, "blocked for everyone"))
		TH_LOG("no block of %s in:\n%s", self->prog, self->o.out);

	/*
	 * In a record written here: with root's entry in use but not
	 * blocked, a user's block is that user's only; once root's entry is
	 * blocked too, the file is blocked for everyone.
	 */
	snprintf(path, sizeof(path), "%s/written", self->dir);
	ASSERT_EQ(0, copy_file(crasher, path, 0755));
	brute_init_record(&rec);
	set_user(&rec.users[0], 0, 2, 0);
	set_user(&rec.users[1], USER_A, 5, BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(path, BRUTE_XATTR, &rec, sizeof(rec), 0));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", path))
		TH_LOG("%s", self->o.err);
	EXPECT_TRUE(field_is(self->o.out, "state", "blocked for uid 1000"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 0:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(entry, "state", "allowed"));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  path));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "scope", "\"user\""));
	EXPECT_TRUE(json_has(self->o.out, "blocked_uids", "[1000]"));

	set_user(&rec.users[0], 0, 5, BRUTE_USER_BLOCKED);
	ASSERT_EQ(0, setxattr(path, BRUTE_XATTR, &rec, sizeof(rec), 0));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", path))
		TH_LOG("%s", self->o.err);
	EXPECT_TRUE(field_is(self->o.out, "state", "blocked for everyone"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_starts(entry, "state", "blocked for uid 1000 until "));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  path));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "scope", "\"everyone\""));
	EXPECT_TRUE(json_has(self->o.out, "blocked_uids", "[0, 1000]"));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "scope", "\"user\""));
}

/* A newer minor revision may append fields; they are ignored. */
TEST_F(brutectl, newer_minor)
{
	unsigned char value[sizeof(struct brute_record) + 16];
	struct brute_record rec;
	const char *entry;

	brute_init_record(&rec);
	rec.minor = BRUTE_RECORD_MINOR + 1;
	set_user(&rec.users[3], USER_A, 3, 0);
	memcpy(value, &rec, sizeof(rec));
	memset(value + sizeof(rec), 0xa5, sizeof(value) - sizeof(rec));
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value,
			      sizeof(value), 0));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status",
			  self->prog)) TH_LOG("%s", self->o.err);
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed"))
		TH_LOG("%s", self->o.out);
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_EQ(3, field(entry, "faults"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "minor", "1"));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(entry, "faults", "3"));

	/* With the current minor, the size is exact. */
	rec.minor = BRUTE_RECORD_MINOR;
	memcpy(value, &rec, sizeof(rec));
	ASSERT_EQ(0, setxattr(self->prog, BRUTE_XATTR, value,
			      sizeof(value), 0));
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", self->prog));
}

/*
 * Gives @prog a malformed record, and expects brutectl (@tool) to say so,
 * with @why in its message.
 */
static void expect_malformed(struct __test_metadata *_metadata,
			     const char *tool, const char *prog,
			     struct output *o, const void *value, size_t size,
			     const char *why)
{
	ASSERT_EQ(0, setxattr(prog, BRUTE_XATTR, value, size, 0));
	EXPECT_EQ(EXIT_MALFORMED, TOOL(tool, AS_ROOT, o, "status", prog))
		TH_LOG("%s: %s", why, o->out);
	EXPECT_NE(NULL, strstr(o->err, why)) TH_LOG("%s", o->err);
}

#define MALFORMED(value, size, why)					\
	expect_malformed(_metadata, self->tool, self->prog, &self->o,	\
			 value, size, why)

/*
 * Wrong sizes, unknown versions (1 and 2 among them: only development
 * versions of Brute wrote them), undefined flags, an EMA out of range and
 * a uid with two entries are malformed.
 */
TEST_F(brutectl, malformed)
{
	static const unsigned char short_value[3] = { BRUTE_RECORD_VERSION };
	unsigned char value[sizeof(struct brute_record)] = { 66 };
	unsigned char v2[sizeof(struct brute_record) +
			 sizeof(struct brute_user)] = { 2 };
	unsigned char v1[40] = { 1, 1 };
	struct brute_record rec;

	MALFORMED(short_value, sizeof(short_value), "3 bytes");
	MALFORMED(value, sizeof(value), "version 66");
	/* The JSON output still parses, and says what went wrong. */
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", "--json", self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "exit_status", "5"));

	brute_init_record(&rec);
	MALFORMED(&rec, sizeof(rec) - 1, "bytes");
	set_user(&rec.users[0], USER_A, 1, 0x80);
	MALFORMED(&rec, sizeof(rec), "flag");
	set_user(&rec.users[0], USER_A, 1, 0);
	rec.users[0].ema = htole64(BRUTE_PERIOD_MAX + 1);
	MALFORMED(&rec, sizeof(rec), "EMA");
	set_user(&rec.users[0], USER_A, 1, 0);
	set_user(&rec.users[5], USER_A, 2, 0);
	MALFORMED(&rec, sizeof(rec), "uid 1000");
	EXPECT_EQ(EXIT_MALFORMED, TOOL(self->tool, AS_ROOT, &self->o,
				       "status", "--json", self->prog));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(json_has(self->o.out, "exit_status", "5"));

	MALFORMED(v1, sizeof(v1), "version 1");
	MALFORMED(v2, sizeof(v2), "version 2");
	/* The current version at the size of version 2. */
	brute_init_record(&rec);
	memcpy(v2, &rec, sizeof(rec));
	MALFORMED(v2, sizeof(v2), "bytes");
}

TEST_F(brutectl, allow)
{
	int err;

	ASSERT_EQ(0, chmod(self->prog, 04755));
	block_prog(_metadata, self->prog, 0);
	ASSERT_TRUE(wait_entry(self->prog, USER_A, 5, BRUTE_USER_BLOCKED));
	/* The kernel lists the block it keeps. */
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks"))
		TH_LOG("%s", self->o.err);
	EXPECT_NE(NULL, strstr(self->o.out, self->prog))
		TH_LOG("%s", self->o.out);

	/* A user cannot. */
	EXPECT_EQ(EXIT_PERM, TOOL(self->tool, USER_A, &self->o, "allow",
				  self->prog));
	EXPECT_NE(NULL, strstr(self->o.err, "permission denied"))
		TH_LOG("%s", self->o.err);
	EXPECT_EQ(sizeof(struct brute_record), record_size(self->prog));

	/* Root can: the record is gone and the file runs again. */
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "allow",
			  self->prog)) TH_LOG("%s", self->o.err);
	EXPECT_NE(NULL, strstr(self->o.out, "allowed"))
		TH_LOG("%s", self->o.out);
	EXPECT_EQ(-ENODATA, record_size(self->prog));
	EXPECT_TRUE(exited(RUN(self->prog, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks"));
	EXPECT_EQ(NULL, strstr(self->o.out, self->prog))
		TH_LOG("%s", self->o.out);
}

/*
 * A file on ramfs cannot store a record: its block is in memory only,
 * where brutectl lists and lifts it.
 */
TEST_F(brutectl, blocks_ramfs)
{
	char mnt[128], path[PATH_MAX], want[128], line[PATH_MAX + 128];
	struct stat st;
	int err;

	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("brute", mnt, "ramfs", 0, "mode=0755"));
	snprintf(path, sizeof(path), "%s/prog", mnt);
	ASSERT_EQ(0, copy_file(crasher, path, 04755));
	ASSERT_EQ(0, stat(path, &st));
	block_prog(_metadata, path, 0);
	EXPECT_EQ(-EOPNOTSUPP, record_size(path));

	/* Root only. */
	EXPECT_EQ(EXIT_PERM, TOOL(self->tool, USER_A, &self->o, "blocks"));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks"))
		TH_LOG("%s", self->o.err);
	line_with(self->o.out, path, line, sizeof(line));
	EXPECT_NE(NULL, strstr(line, "blocked for uid 1000"))
		TH_LOG("no block of %s in:\n%s", path, self->o.out);
	snprintf(want, sizeof(want), " %u:%u ", major(st.st_dev),
		 minor(st.st_dev));
	EXPECT_NE(NULL, strstr(line, want)) TH_LOG("%s", line);
	snprintf(want, sizeof(want), " %llu ",
		 (unsigned long long)st.st_ino);
	EXPECT_NE(NULL, strstr(line, want)) TH_LOG("%s", line);

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks", "--json"));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	snprintf(want, sizeof(want), "\"inode\": %llu",
		 (unsigned long long)st.st_ino);
	EXPECT_NE(NULL, strstr(self->o.out, want)) TH_LOG("%s", self->o.out);
	snprintf(line, sizeof(line), "\"%s\"", path);
	EXPECT_NE(NULL, strstr(self->o.out, line));

	/* allow lifts it through securityfs. */
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "allow", path))
		TH_LOG("%s", self->o.err);
	EXPECT_NE(NULL, strstr(self->o.out, "allowed"))
		TH_LOG("%s", self->o.out);
	EXPECT_TRUE(exited(RUN(path, USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "blocks"));
	EXPECT_EQ(NULL, strstr(self->o.out, path)) TH_LOG("%s", self->o.out);
}

/*
 * status says when each block ends, as the kernel computes it: the n-th
 * block lasts block_duration * 2^(n - 1), at most block_duration_max;
 * "until lifted" with block_duration 0; an ended block is expired.
 */
TEST_F(brutectl, block_end)
{
	char path[PATH_MAX], want[64];
	struct brute_record rec;
	const char *entry;
	time_t now = time(NULL);

	snprintf(path, sizeof(path), "%s/written", self->dir);
	ASSERT_EQ(0, copy_file(crasher, path, 0755));
	brute_init_record(&rec);
	set_user(&rec.users[0], USER_A, 7, BRUTE_USER_BLOCKED);
	rec.users[0].block_time = htole64(now);
	rec.users[0].block_count = htole32(3);
	ASSERT_EQ(0, setxattr(path, BRUTE_XATTR, &rec, sizeof(rec), 0));

	/* The third block: 10 * 4 seconds, capped at 25. */
	ASSERT_EQ(0, brute_sysctl_write("block_duration", 10));
	ASSERT_EQ(0, brute_sysctl_write("block_duration_max", 25));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  path));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	snprintf(want, sizeof(want), "%llu", (unsigned long long)now + 25);
	EXPECT_TRUE(json_has(entry, "expires", want)) TH_LOG("%s", entry);
	ASSERT_EQ(0, brute_sysctl_write("block_duration_max", 100));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", "--json",
			  path));
	entry = json_entry(self->o.out, "1000");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	snprintf(want, sizeof(want), "%llu", (unsigned long long)now + 40);
	EXPECT_TRUE(json_has(entry, "expires", want)) TH_LOG("%s", entry);
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", path));
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_starts(entry, "state", "blocked for uid 1000 until 2"))
		TH_LOG("%s", entry);

	/* Until lifted. */
	ASSERT_EQ(0, brute_sysctl_write("block_duration", 0));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", path));
	entry = text_entry(self->o.out, "uid 1000:");
	ASSERT_NE(NULL, entry) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(field_is(entry, "state", "blocked for uid 1000 until lifted"))
		TH_LOG("%s", entry);

	/* Set 50 seconds ago: ended, whatever the kernel has not seen yet. */
	ASSERT_EQ(0, brute_sysctl_write("block_duration", 10));
	rec.users[0].block_time = htole64(now - 50);
	ASSERT_EQ(0, setxattr(path, BRUTE_XATTR, &rec, sizeof(rec), 0));
	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "status", path));
	EXPECT_TRUE(field_is(self->o.out, "state", "allowed, block expired"))
		TH_LOG("%s", self->o.out);
	EXPECT_EQ(0, brute_sysctl_reset());
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
	char sub[128], blocked[160], counting[160], plain[160], setuid[160];
	char *second;
	int err;

	snprintf(sub, sizeof(sub), "%s/tree", self->dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	/* Names that sort before "blocked": the order is not by name. */
	snprintf(counting, sizeof(counting), "%s/a_counting", sub);
	snprintf(plain, sizeof(plain), "%s/a_plain", sub);
	snprintf(setuid, sizeof(setuid), "%s/a_setuid", sub);
	snprintf(blocked, sizeof(blocked), "%s/blocked", sub);
	ASSERT_EQ(0, copy_file(crasher, counting, 04755));
	ASSERT_EQ(0, copy_file(crasher, plain, 0755));
	ASSERT_EQ(0, copy_file(crasher, setuid, 04755));
	ASSERT_EQ(0, copy_file(crasher, blocked, 04755));
	EXPECT_EQ(2, crash(counting, USER_A, 2));
	block_prog(_metadata, blocked, 0);
	EXPECT_TRUE(exited(RUN(plain, AS_ROOT, &err, "true"), 0));
	EXPECT_TRUE(exited(RUN(setuid, USER_A, &err, "true"), 0));
	ASSERT_TRUE(wait_entry(counting, USER_A, 2, 0));
	ASSERT_TRUE(wait_entry(blocked, USER_A, 5, BRUTE_USER_BLOCKED));
	EXPECT_EQ(-ENODATA, record_size(plain));
	EXPECT_EQ(-ENODATA, record_size(setuid));

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
	EXPECT_EQ(NULL, strstr(second, setuid));

	EXPECT_EQ(0, TOOL(self->tool, AS_ROOT, &self->o, "scan", "--json",
			  sub));
	EXPECT_TRUE(json_valid(self->o.out)) TH_LOG("%s", self->o.out);
	EXPECT_TRUE(strstr(self->o.out, blocked) &&
		    strstr(self->o.out, counting) &&
		    strstr(self->o.out, blocked) <
		    strstr(self->o.out, counting));
	EXPECT_EQ(NULL, strstr(self->o.out, plain));
	EXPECT_EQ(NULL, strstr(self->o.out, setuid));
}

TEST_HARNESS_MAIN
