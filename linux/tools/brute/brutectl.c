// SPDX-License-Identifier: GPL-2.0
/*
 * brutectl - inspect and manage the crash statistics of the Brute LSM
 *
 * Brute keeps the crash statistics of every executable file whose
 * processes crashed after crossing a privilege boundary, per user, in the
 * "security.brute" extended attribute of that file, a record described in
 * include/uapi/linux/brute.h.  This tool decodes that record, finds the
 * files that carry one, lists the blocks the kernel keeps in memory,
 * re-allows blocked files and shows the tunables.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <linux/brute.h>

#ifndef XATTR_NAME_BRUTE
#define XATTR_NAME_BRUTE "security.brute"
#endif

#define SYSCTL_DIR "/proc/sys/kernel/brute/"
#define BLOCKS_FILE "/sys/kernel/security/brute/blocks"

/* The largest value of an extended attribute (XATTR_SIZE_MAX). */
#define RECORD_SIZE_MAX 65536

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define MALFORMED "malformed record: "

/* Exit statuses, documented in the help text. */
enum brutectl_exit {
	BRUTECTL_EXIT_OK = 0,		/* success */
	BRUTECTL_EXIT_USAGE = 1,	/* usage error */
	BRUTECTL_EXIT_NOFILE = 2,	/* file not found or not reachable */
	BRUTECTL_EXIT_NORECORD = 3,	/* no record on the file */
	BRUTECTL_EXIT_NOXATTR = 4,	/* no extended attributes there */
	BRUTECTL_EXIT_MALFORMED = 5,	/* malformed record */
	BRUTECTL_EXIT_PERM = 6,		/* permission denied */
	BRUTECTL_EXIT_ERROR = 7,	/* any other error */
};

static const char *const tunables[] = {
	"ema_weight_numerator",
	"ema_weight_denominator",
	"max_faults",
	"min_faults",
	"crash_period_threshold",
	"block_duration",
	"block_duration_max",
};

static const char *const boundary_names[] = {
	"setid",	/* BRUTE_BOUNDARY_SETID */
	"fcaps",	/* BRUTE_BOUNDARY_FCAPS */
	"secureexec",	/* BRUTE_BOUNDARY_SECUREEXEC */
	"creds",	/* BRUTE_BOUNDARY_CREDS */
	"network",	/* BRUTE_BOUNDARY_NETWORK */
};

/* One entry of a decoded record, in host byte order. */
struct brute_entry {
	unsigned int uid;
	unsigned int faults;
	unsigned int block_count;
	unsigned int flags;	/* BRUTE_USER_* */
	unsigned long long last_crash;
	unsigned long long ema;
	unsigned long long block_time;
};

/* A decoded record: the entries in use, by uid. */
struct brute_info {
	unsigned int version;	/* BRUTE_RECORD_VERSION */
	unsigned int minor;
	size_t extra;		/* bytes of a newer minor, not decoded */
	unsigned int boundaries;
	unsigned int nr_entries;
	struct brute_entry entries[BRUTE_RECORD_USERS];
};

/* A file found by the scan command. */
struct scan_entry {
	char *path;
	struct brute_info info;
};

static const char help_text[] =
"NAME\n"
"	brutectl - inspect and manage the Brute LSM's crash statistics\n"
"\n"
"SYNOPSIS\n"
"	brutectl status [--json] FILE...\n"
"	brutectl scan [--json] DIR...\n"
"	brutectl blocks [--json]\n"
"	brutectl allow FILE...\n"
"	brutectl sysctl [--json]\n"
"	brutectl help | -h | --help\n"
"\n"
"DESCRIPTION\n"
"	Brute is a Linux Security Module that detects fork/exec brute\n"
"	force attacks.  It counts the crashes of the processes that\n"
"	crossed a privilege boundary (setuid/setgid bits or file\n"
"	capabilities, a change of uids or gids, a network connection),\n"
"	per executable file and per user, in the \"security.brute\"\n"
"	extended attribute of the file, which a file gets at its first\n"
"	counted crash.  A crash counts for the real uid the process held\n"
"	when it died.  Once the crashes of a user reveal an attack, Brute\n"
"	blocks the file (its execution fails with EPERM) for that user;\n"
"	for everyone if that user is root.  The record has room for eight\n"
"	users: the statistics and blocks of further users, and those of\n"
"	every user on a filesystem that cannot store the attribute\n"
"	(ramfs, read-only mounts), are kept in memory only.  brutectl\n"
"	decodes the records, finds the files that carry one, lists the\n"
"	blocks the kernel keeps in memory, re-allows blocked files and\n"
"	shows the tunables.  Times are shown in UTC.\n"
"\n"
"COMMANDS\n"
"	status [--json] FILE...\n"
"		Decode the record of each FILE: its version, the state of\n"
"		the file (allowed, blocked for uid A, B, blocked for\n"
"		everyone when root's entry is blocked, or allowed, block\n"
"		expired), the privilege boundaries crossed (setid, fcaps,\n"
"		secureexec, creds, network), then the entry of each user\n"
"		in the record: its state (and until when a block holds, or\n"
"		\"until lifted\"), the faults counted, the time of\n"
"		the last crash, the crash period EMA, how many times it\n"
"		was blocked and when.  The users beyond the eight of the\n"
"		record are in memory only: see blocks.\n"
"\n"
"	scan [--json] DIR...\n"
"		Walk each DIR recursively, without following symbolic\n"
"		links or crossing mount points, and list the regular files\n"
"		that carry a record, one a line: state, faults of all the\n"
"		users in the record, path.  Blocked files come first.\n"
"\n"
"	blocks [--json]\n"
"		List the blocks the kernel keeps in memory, read from the\n"
"		blocks file (see FILES), one a line: scope, block time,\n"
"		end of the block (or \"until lifted\"), device, inode and\n"
"		path (the one the file had when it was blocked).  The\n"
"		blocks of files whose filesystem cannot store the\n"
"		attribute, and those of the users beyond the eight of a\n"
"		record, are listed there only.  Needs root.\n"
"\n"
"	allow FILE...\n"
"		Re-allow each FILE and reset its statistics: remove its\n"
"		record, then write \"allow MAJOR:MINOR INODE\" (the file's\n"
"		device and inode) to the blocks file, so that the kernel\n"
"		lifts the blocks it keeps in memory, those of files on\n"
"		ramfs or read-only mounts included.  Says what was done.\n"
"		Needs root (CAP_SYS_ADMIN).\n"
"\n"
"	sysctl [--json]\n"
"		Print the tunables of " SYSCTL_DIR ".\n"
"\n"
"	help	Print this text.\n"
"\n"
"OPTIONS\n"
"	--json	Print one JSON value for scripts instead of text.  For\n"
"		status and scan, an array with an object per file, with\n"
"		the keys file, version, minor, state, blocked, scope\n"
"		(\"everyone\", \"user\" or null), blocked_uids (an array),\n"
"		expired, faults (of all the users in the record),\n"
"		boundaries (an array of words) and users, an array with\n"
"		an object per entry: uid, state, blocked, not_allowed\n"
"		(the block flag, even if the block expired since), scope\n"
"		(\"everyone\" for root's entry), expired, expires (null\n"
"		unless a block is in force and ends by itself),\n"
"		faults, last_crash, ema, block_time and block_count; times\n"
"		are seconds since the Epoch, 0 meaning never.  A FILE that\n"
"		cannot be decoded gives an object with the keys file,\n"
"		error and exit_status.\n"
"		For blocks, an array with an object per block, with the\n"
"		keys device (\"MAJOR:MINOR\"), major, minor, inode, uid\n"
"		(null for \"all\", root's entry), scope, block_time,\n"
"		expires (null for a block until lifted) and file.  For\n"
"		sysctl, an object mapping each tunable to its value.\n"
"		Bytes of file names that are not UTF-8 are shown as U+FFFD.\n"
"\n"
"	-h, --help\n"
"		Print this text.\n"
"\n"
"EXIT STATUS\n"
"	0	Success; for allow, the files are allowed now.\n"
"	1	Usage error.\n"
"	2	A file was not found or could not be reached.\n"
"	3	A file carries no record (ENODATA).\n"
"	4	The filesystem of a file does not support extended\n"
"		attributes (EOPNOTSUPP).\n"
"	5	A record is malformed: wrong size, unknown version,\n"
"		undefined bits, a crash period EMA out of range or a uid\n"
"		with two entries.\n"
"	6	Permission denied: allow or blocks run by a user other\n"
"		than root, or EPERM or EACCES from the system.\n"
"	7	Any other error, among them a missing blocks file (Brute\n"
"		not enabled, or securityfs not mounted).\n"
"\n"
"	With several files, brutectl processes all of them and exits with\n"
"	the first non-zero status it met.  Errors are reported on standard\n"
"	error as \"brutectl: FILE: message\".\n"
"\n"
"FILES\n"
"	security.brute\n"
"		The extended attribute holding the record of a file.\n"
"	" BLOCKS_FILE "\n"
"		The blocks in the kernel's memory; writing \"allow\n"
"		MAJOR:MINOR INODE\" to it lifts those of a file.\n"
"	" SYSCTL_DIR "\n"
"		The tunables: ema_weight_numerator, ema_weight_denominator,\n"
"		max_faults, min_faults, crash_period_threshold,\n"
"		block_duration and block_duration_max.\n"
"\n"
"EXAMPLES\n"
"	brutectl status /usr/bin/sudo\n"
"	brutectl scan --json /usr/bin /usr/sbin\n"
"	brutectl blocks\n"
"	brutectl allow /usr/local/bin/daemon\n"
"	brutectl sysctl\n"
"\n"
"SEE ALSO\n"
"	Documentation/admin-guide/LSM/Brute.rst, setfattr(1), getfattr(1)\n";

/* Reports a usage error: @what, followed by '@arg' if not NULL, and exits. */
static void usage_error(const char *what, const char *arg)
{
	fprintf(stderr, "brutectl: %s", what);
	if (arg)
		fprintf(stderr, " '%s'", arg);
	fputs("\nTry 'brutectl --help' for more information.\n", stderr);
	exit(BRUTECTL_EXIT_USAGE);
}

/* Keeps the first non-zero exit status. */
static void keep_status(int *status, int code)
{
	if (!*status)
		*status = code;
}

static int errno_status(int err)
{
	switch (err) {
	case 0:
		return BRUTECTL_EXIT_OK;
	case ENOENT:
	case ENOTDIR:
	case ELOOP:
	case ENAMETOOLONG:
		return BRUTECTL_EXIT_NOFILE;
	case ENODATA:
		return BRUTECTL_EXIT_NORECORD;
	case EOPNOTSUPP:
#if ENOTSUP != EOPNOTSUPP
	case ENOTSUP:
#endif
		return BRUTECTL_EXIT_NOXATTR;
	case EPERM:
	case EACCES:
		return BRUTECTL_EXIT_PERM;
	default:
		return BRUTECTL_EXIT_ERROR;
	}
}

static const char *errno_message(int err)
{
	switch (err) {
	case ENODATA:
		return "no Brute record (no security.brute attribute)";
	case EOPNOTSUPP:
#if ENOTSUP != EOPNOTSUPP
	case ENOTSUP:
#endif
		return "the filesystem does not support extended attributes";
	default:
		return strerror(err);
	}
}

/* Reports a failed system call on @path; returns the exit status. */
static int report_errno(const char *path, int err)
{
	fprintf(stderr, "brutectl: %s: %s\n", path, errno_message(err));
	return errno_status(err);
}

/*
 * Reports that BLOCKS_FILE could not be opened; returns the exit status,
 * BRUTECTL_EXIT_ERROR if it does not exist.
 */
static int report_blocks_file(int err)
{
	if (err == ENOENT) {
		fprintf(stderr, "brutectl: %s: %s %s\n", BLOCKS_FILE,
			strerror(err),
			"(is Brute enabled and securityfs mounted?)");
		return BRUTECTL_EXIT_ERROR;
	}
	if (err == EACCES || err == EPERM) {
		fprintf(stderr, "brutectl: %s: %s\n", BLOCKS_FILE,
			"permission denied (only root can use it)");
		return BRUTECTL_EXIT_PERM;
	}
	return report_errno(BLOCKS_FILE, err);
}

/* Whether the blocks of @e refuse the file to everyone: root's entry. */
static bool for_everyone(const struct brute_entry *e)
{
	return e->uid == 0;
}

/* Converts an entry of a record to host byte order. */
static void decode_user(const struct brute_user *u, struct brute_entry *e)
{
	e->uid = le32toh(u->uid);
	e->faults = le32toh(u->faults);
	e->block_count = le32toh(u->block_count);
	e->flags = u->flags;
	e->last_crash = le64toh(u->last_crash);
	e->ema = le64toh(u->ema);
	e->block_time = le64toh(u->block_time);
}

/* Checks the fields of an entry; returns 0 or BRUTECTL_EXIT_MALFORMED. */
static int check_entry(const struct brute_entry *e, char *why, size_t why_len)
{
	if (e->flags & ~BRUTE_USER_FLAGS_MASK) {
		snprintf(why, why_len, MALFORMED "undefined flag bits %#x",
			 e->flags & ~BRUTE_USER_FLAGS_MASK);
		return BRUTECTL_EXIT_MALFORMED;
	}
	if (e->ema > BRUTE_PERIOD_MAX) {
		snprintf(why, why_len,
			 MALFORMED "crash period EMA %llu above %llu",
			 e->ema, (unsigned long long)BRUTE_PERIOD_MAX);
		return BRUTECTL_EXIT_MALFORMED;
	}
	return 0;
}

static int check_boundaries(unsigned int boundaries, char *why,
			    size_t why_len)
{
	if (boundaries & ~BRUTE_BOUNDARY_MASK) {
		snprintf(why, why_len, MALFORMED "undefined boundary bits %#x",
			 boundaries & ~BRUTE_BOUNDARY_MASK);
		return BRUTECTL_EXIT_MALFORMED;
	}
	return 0;
}

static int compare_uids(const void *a, const void *b)
{
	const struct brute_entry *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* Decodes a record of BRUTE_RECORD_VERSION, of any minor revision. */
static int decode_current(const void *value, size_t len,
			  struct brute_info *info, char *why, size_t why_len)
{
	struct brute_record rec;
	struct brute_entry e;
	unsigned int i, j, n = 0;
	int code;

	if (len < sizeof(rec)) {
		snprintf(why, why_len,
			 MALFORMED "record of %zu bytes, expected %zu",
			 len, sizeof(rec));
		return BRUTECTL_EXIT_MALFORMED;
	}
	memcpy(&rec, value, sizeof(rec));
	/* Only a newer minor revision may append fields. */
	if (rec.minor <= BRUTE_RECORD_MINOR && len != sizeof(rec)) {
		snprintf(why, why_len,
			 MALFORMED "record of %zu bytes, expected %zu for minor %u",
			 len, sizeof(rec), rec.minor);
		return BRUTECTL_EXIT_MALFORMED;
	}
	code = check_boundaries(le16toh(rec.boundaries), why, why_len);
	if (code)
		return code;
	for (i = 0; i < BRUTE_RECORD_USERS; i++) {
		decode_user(&rec.users[i], &e);
		code = check_entry(&e, why, why_len);
		if (code)
			return code;
		if (!(e.flags & BRUTE_USER_USED))
			continue;
		for (j = 0; j < n; j++) {
			if (info->entries[j].uid == e.uid) {
				snprintf(why, why_len,
					 MALFORMED "two entries for uid %u",
					 e.uid);
				return BRUTECTL_EXIT_MALFORMED;
			}
		}
		info->entries[n++] = e;
	}
	qsort(info->entries, n, sizeof(info->entries[0]), compare_uids);
	info->nr_entries = n;
	info->version = rec.version;
	info->minor = rec.minor;
	info->extra = len - sizeof(rec);
	info->boundaries = le16toh(rec.boundaries);
	return 0;
}

/*
 * Checks and decodes a record of @len bytes.  Returns 0, or
 * BRUTECTL_EXIT_MALFORMED with the reason in @why.
 */
static int decode_record(const void *value, size_t len,
			 struct brute_info *info, char *why, size_t why_len)
{
	unsigned int version = len ? *(const unsigned char *)value : 0;

	if (!len) {
		snprintf(why, why_len, MALFORMED "empty record");
		return BRUTECTL_EXIT_MALFORMED;
	}
	/* Versions 1 and 2 were never written by a released kernel. */
	if (version == BRUTE_RECORD_VERSION)
		return decode_current(value, len, info, why, why_len);
	snprintf(why, why_len,
		 MALFORMED "unknown record version %u (brutectl knows %u)",
		 version, BRUTE_RECORD_VERSION);
	return BRUTECTL_EXIT_MALFORMED;
}

/*
 * Reads and decodes the record of @path, following symbolic links unless
 * @nofollow.  Returns 0 or an exit status; on error, @why gets a message.
 */
static int read_record(const char *path, bool nofollow,
		       struct brute_info *info, char *why, size_t why_len)
{
	static unsigned char value[RECORD_SIZE_MAX];
	ssize_t len;
	int err;

	if (nofollow)
		len = lgetxattr(path, XATTR_NAME_BRUTE, value, sizeof(value));
	else
		len = getxattr(path, XATTR_NAME_BRUTE, value, sizeof(value));
	if (len < 0) {
		err = errno;
		snprintf(why, why_len, "%s", errno_message(err));
		return errno_status(err);
	}
	return decode_record(value, len, info, why, why_len);
}

/* Reads a tunable; returns 0 or -errno (-EINVAL if it is not a number). */
static int read_tunable(const char *name, long long *value)
{
	char path[128], buf[64], *end;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), SYSCTL_DIR "%s", name);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	len = fread(buf, 1, sizeof(buf) - 1, f);
	if (ferror(f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	buf[len] = '\0';
	errno = 0;
	*value = strtoll(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n'))
		return -EINVAL;
	return 0;
}

/* The tunable @name, or -1 if it cannot be read; read once. */
static long long cached_tunable(const char *name, long long *cache)
{
	if (*cache == -2 && read_tunable(name, cache))
		*cache = -1;
	return *cache;
}

/* The block_duration tunable, or -1 if it cannot be read. */
static long long block_duration(void)
{
	static long long duration = -2;

	return cached_tunable("block_duration", &duration);
}

/* The block_duration_max tunable, or -1 if it cannot be read. */
static long long block_duration_max(void)
{
	static long long duration_max = -2;

	return cached_tunable("block_duration_max", &duration_max);
}

/*
 * The length of the block of @e, as the kernel computes it: the n-th block
 * of an entry lasts block_duration * 2^(n - 1) seconds, at most
 * block_duration_max; 0 if it lasts until lifted, -1 if unknown.
 */
static long long block_length(const struct brute_entry *e)
{
	long long length = block_duration(), cap = block_duration_max();
	unsigned int doublings = e->block_count ? e->block_count - 1 : 0;

	if (length <= 0)
		return length;
	if (cap < length)
		cap = length;
	if (doublings > 31)
		return cap;
	length <<= doublings;
	return length < cap ? length : cap;
}

/*
 * Tells when the block of @e ends: 0 if it is not blocked or its block
 * does not expire, else the time (which may be in the past: the kernel
 * lifts the block at the next execution).
 */
static unsigned long long block_expiry(const struct brute_entry *e)
{
	long long length = block_length(e);

	if (!(e->flags & BRUTE_USER_BLOCKED) || length <= 0)
		return 0;
	if (e->block_time > ULLONG_MAX - length)
		return ULLONG_MAX;
	return e->block_time + length;
}

/* Whether the block of @e is in force (for the uids in its scope). */
static bool is_blocked(const struct brute_entry *e)
{
	unsigned long long expiry = block_expiry(e);
	time_t now = time(NULL);

	if (!(e->flags & BRUTE_USER_BLOCKED))
		return false;
	/* As the kernel does, a clock stepped back keeps the block. */
	if (!expiry || now < 0)
		return true;
	return (unsigned long long)now < e->block_time ||
	       (unsigned long long)now < expiry;
}

/* Whether @e was blocked, and its block expired. */
static bool is_expired(const struct brute_entry *e)
{
	if (e->flags & BRUTE_USER_BLOCKED)
		return !is_blocked(e);
	return e->flags & BRUTE_USER_EXPIRED;
}

/* Whether a block of @info refuses the file to everyone. */
static bool blocked_for_everyone(const struct brute_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_entries; i++)
		if (for_everyone(&info->entries[i]) &&
		    is_blocked(&info->entries[i]))
			return true;
	return false;
}

/* Whether a block of @info is in force, for anyone. */
static bool file_blocked(const struct brute_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_entries; i++)
		if (is_blocked(&info->entries[i]))
			return true;
	return false;
}

static bool file_expired(const struct brute_info *info)
{
	unsigned int i;

	for (i = 0; i < info->nr_entries; i++)
		if (is_expired(&info->entries[i]))
			return true;
	return false;
}

/* The faults of all users. */
static unsigned long long file_faults(const struct brute_info *info)
{
	unsigned long long faults = 0;
	unsigned int i;

	for (i = 0; i < info->nr_entries; i++)
		faults += info->entries[i].faults;
	return faults;
}

static const char *format_time(unsigned long long t, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!t)
		return "never";
	if ((unsigned long long)tt != t || tt < 0 || !gmtime_r(&tt, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S UTC", &tm))
		snprintf(buf, len, "%llu s after the Epoch", t);
	return buf;
}

static const char *format_period(unsigned long long s, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%llu s", s);

	if (s >= 60 && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n,
			 " (%llud %lluh %llum %llus)",
			 s / 86400, s / 3600 % 24, s / 60 % 60, s % 60);
	return buf;
}

/* Describes the state of @e; with @verbose, says until when it holds. */
static const char *format_entry_state(const struct brute_entry *e,
				      bool verbose, char *buf, size_t len)
{
	char when[64];
	int n;

	if (is_expired(e))
		return "allowed, block expired";
	if (!is_blocked(e))
		return "allowed";
	if (for_everyone(e))
		n = snprintf(buf, len, "blocked for everyone");
	else
		n = snprintf(buf, len, "blocked for uid %u", e->uid);
	if (!verbose || n < 0 || (size_t)n >= len)
		return buf;
	if (block_expiry(e))
		snprintf(buf + n, len - n, " until %s",
			 format_time(block_expiry(e), when, sizeof(when)));
	else if (!block_length(e))
		snprintf(buf + n, len - n, " until lifted");
	return buf;
}

/*
 * Describes the state of the file of @info: blocked for everyone, blocked
 * for the uids of the blocked entries, or allowed.
 */
static const char *format_state(const struct brute_info *info, char *buf,
				size_t len)
{
	const struct brute_entry *e;
	size_t used = 0;
	unsigned int i;

	if (blocked_for_everyone(info))
		return "blocked for everyone";
	for (i = 0; i < info->nr_entries && used < len; i++) {
		e = &info->entries[i];
		if (!is_blocked(e))
			continue;
		used += snprintf(buf + used, len - used, "%s%u",
				 used ? ", " : "blocked for uid ", e->uid);
	}
	if (used)
		return buf;
	if (file_expired(info))
		return "allowed, block expired";
	return "allowed";
}

static const char *format_version(const struct brute_info *info, char *buf,
				  size_t len)
{
	if (info->extra)
		snprintf(buf, len, "%u.%u (%zu more bytes, not decoded)",
			 info->version, info->minor, info->extra);
	else if (info->minor)
		snprintf(buf, len, "%u.%u", info->version, info->minor);
	else
		snprintf(buf, len, "%u", info->version);
	return buf;
}

static const char *format_boundaries(unsigned int boundaries, char *buf,
				     size_t len)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(boundary_names); i++) {
		if (!(boundaries & (1U << i)))
			continue;
		used += snprintf(buf + used, len - used, "%s%s",
				 used ? ", " : "", boundary_names[i]);
		if (used >= len)
			break;
	}
	return used ? buf : "none";
}

/* Length of the valid UTF-8 sequence at @p, or 0. */
static size_t utf8_length(const unsigned char *p)
{
	unsigned int cp;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		cp = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		cp = p[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if (n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		return 0;
	if (n == 4 && (cp < 0x10000 || cp > 0x10ffff))
		return 0;
	return n;
}

/* Prints @s as a JSON string; invalid UTF-8 becomes U+FFFD. */
static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	putchar('"');
	while (*p) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		default:
			if (*p < 0x20) {
				printf("\\u%04x", *p);
			} else if (*p < 0x80) {
				putchar(*p);
			} else {
				n = utf8_length(p);
				if (!n) {
					fputs("\\ufffd", stdout);
					break;
				}
				fwrite(p, 1, n, stdout);
				p += n;
				continue;
			}
		}
		p++;
	}
	putchar('"');
}

static const char *json_bool(bool b)
{
	return b ? "true" : "false";
}

/* Prints the entry @e, as an element of the "users" array. */
static void json_entry(const struct brute_entry *e)
{
	unsigned long long expiry = is_blocked(e) ? block_expiry(e) : 0;
	char state[128];

	printf("      {\n        \"uid\": %u", e->uid);
	fputs(",\n        \"state\": ", stdout);
	json_string(format_entry_state(e, false, state, sizeof(state)));
	printf(",\n        \"blocked\": %s", json_bool(is_blocked(e)));
	printf(",\n        \"not_allowed\": %s",
	       json_bool(e->flags & BRUTE_USER_BLOCKED));
	if (!(e->flags & BRUTE_USER_BLOCKED))
		fputs(",\n        \"scope\": null", stdout);
	else if (for_everyone(e))
		fputs(",\n        \"scope\": \"everyone\"", stdout);
	else
		fputs(",\n        \"scope\": \"user\"", stdout);
	printf(",\n        \"expired\": %s", json_bool(is_expired(e)));
	if (expiry)
		printf(",\n        \"expires\": %llu", expiry);
	else
		fputs(",\n        \"expires\": null", stdout);
	printf(",\n        \"faults\": %u", e->faults);
	printf(",\n        \"last_crash\": %llu", e->last_crash);
	printf(",\n        \"ema\": %llu", e->ema);
	printf(",\n        \"block_time\": %llu", e->block_time);
	printf(",\n        \"block_count\": %u", e->block_count);
	fputs("\n      }", stdout);
}

static void json_record(const char *path, const struct brute_info *info)
{
	char state[160];
	bool first = true;
	unsigned int i;

	fputs("  {\n    \"file\": ", stdout);
	json_string(path);
	printf(",\n    \"version\": %u", info->version);
	printf(",\n    \"minor\": %u", info->minor);
	fputs(",\n    \"state\": ", stdout);
	json_string(format_state(info, state, sizeof(state)));
	printf(",\n    \"blocked\": %s", json_bool(file_blocked(info)));
	if (blocked_for_everyone(info))
		fputs(",\n    \"scope\": \"everyone\"", stdout);
	else if (file_blocked(info))
		fputs(",\n    \"scope\": \"user\"", stdout);
	else
		fputs(",\n    \"scope\": null", stdout);
	fputs(",\n    \"blocked_uids\": [", stdout);
	for (i = 0; i < info->nr_entries; i++) {
		const struct brute_entry *e = &info->entries[i];

		if (!is_blocked(e))
			continue;
		printf("%s%u", first ? "" : ", ", e->uid);
		first = false;
	}
	printf("],\n    \"expired\": %s", json_bool(file_expired(info)));
	printf(",\n    \"faults\": %llu", file_faults(info));
	fputs(",\n    \"boundaries\": [", stdout);
	first = true;
	for (i = 0; i < ARRAY_SIZE(boundary_names); i++) {
		if (!(info->boundaries & (1U << i)))
			continue;
		printf("%s\"%s\"", first ? "" : ", ", boundary_names[i]);
		first = false;
	}
	fputs("],\n    \"users\": [\n", stdout);
	for (i = 0; i < info->nr_entries; i++) {
		if (i)
			fputs(",\n", stdout);
		json_entry(&info->entries[i]);
	}
	fputs("\n    ]\n  }", stdout);
}

static void json_error(const char *path, const char *why, int status)
{
	fputs("  {\n    \"file\": ", stdout);
	json_string(path);
	fputs(",\n    \"error\": ", stdout);
	json_string(why);
	printf(",\n    \"exit_status\": %d\n  }", status);
}

static void print_entry(const struct brute_entry *e)
{
	char buf[128];

	printf("  uid %u:\n", e->uid);
	printf("    state:            %s\n",
	       format_entry_state(e, true, buf, sizeof(buf)));
	printf("    faults:           %u\n", e->faults);
	printf("    last crash:       %s\n",
	       format_time(e->last_crash, buf, sizeof(buf)));
	printf("    crash period EMA: %s\n",
	       format_period(e->ema, buf, sizeof(buf)));
	printf("    block count:      %u\n", e->block_count);
	printf("    block time:       %s\n",
	       format_time(e->block_time, buf, sizeof(buf)));
}

static void print_record(const char *path, const struct brute_info *info)
{
	char buf[160];
	unsigned int i;

	printf("%s\n", path);
	printf("  version:            %s\n",
	       format_version(info, buf, sizeof(buf)));
	printf("  state:              %s\n",
	       format_state(info, buf, sizeof(buf)));
	printf("  boundaries:         %s\n",
	       format_boundaries(info->boundaries, buf, sizeof(buf)));
	for (i = 0; i < info->nr_entries; i++)
		print_entry(&info->entries[i]);
}

static int cmd_status(char **files, int nfiles, bool json)
{
	struct brute_info info;
	char why[160];
	int i, code, status = 0;
	bool printed = false;

	if (json)
		putchar('[');
	for (i = 0; i < nfiles; i++) {
		code = read_record(files[i], false, &info, why, sizeof(why));
		if (code == BRUTECTL_EXIT_NOXATTR)
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
				 " (statistics in memory only; see brutectl blocks)");
		if (json)
			fputs(i ? ",\n" : "\n", stdout);
		else if (printed && !code)
			putchar('\n');
		if (code) {
			fprintf(stderr, "brutectl: %s: %s\n", files[i], why);
			keep_status(&status, code);
			if (json)
				json_error(files[i], why, code);
			continue;
		}
		if (json)
			json_record(files[i], &info);
		else
			print_record(files[i], &info);
		printed = true;
	}
	if (json)
		puts(nfiles ? "\n]" : "]");
	return status;
}

/* State of the scan command, which nftw() cannot pass to its callback. */
static struct scan_entry *scan_entries;
static size_t scan_count, scan_size;
static int scan_status;
static bool scan_failed;

static int scan_one(const char *path, const struct stat *st, int type,
		    struct FTW *ftw)
{
	struct scan_entry *entry;
	struct brute_info info;
	char why[160];
	int code;

	(void)ftw;
	if (type == FTW_DNR || type == FTW_NS) {
		keep_status(&scan_status, report_errno(path, errno ? errno :
						       EACCES));
		return 0;
	}
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return 0;
	code = read_record(path, true, &info, why, sizeof(why));
	if (code == BRUTECTL_EXIT_NORECORD || code == BRUTECTL_EXIT_NOXATTR ||
	    code == BRUTECTL_EXIT_NOFILE)
		return 0;	/* no record, or the file went away */
	if (code) {
		fprintf(stderr, "brutectl: %s: %s\n", path, why);
		keep_status(&scan_status, code);
		return 0;
	}
	if (scan_count == scan_size) {
		size_t size = scan_size ? 2 * scan_size : 64;

		entry = realloc(scan_entries, size * sizeof(*entry));
		if (!entry) {
			fprintf(stderr, "brutectl: %s\n", strerror(ENOMEM));
			scan_failed = true;
			return -1;
		}
		scan_entries = entry;
		scan_size = size;
	}
	entry = &scan_entries[scan_count];
	entry->path = strdup(path);
	if (!entry->path) {
		fprintf(stderr, "brutectl: %s\n", strerror(ENOMEM));
		scan_failed = true;
		return -1;
	}
	entry->info = info;
	scan_count++;
	return 0;
}

/* Prints @path on one line: control characters and '\\' are escaped. */
static void print_path_line(const char *path)
{
	const unsigned char *p = (const unsigned char *)path;

	for (; *p; p++) {
		if (*p == '\\')
			fputs("\\\\", stdout);
		else if (*p == '\n')
			fputs("\\n", stdout);
		else if (*p == '\t')
			fputs("\\t", stdout);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
	putchar('\n');
}

/* Blocked files first, then by path. */
static int scan_compare(const void *a, const void *b)
{
	const struct scan_entry *x = a, *y = b;
	bool bx = file_blocked(&x->info), by = file_blocked(&y->info);

	if (bx != by)
		return bx ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int cmd_scan(char **dirs, int ndirs, bool json)
{
	char state[160];
	size_t j;
	int i;

	for (i = 0; i < ndirs; i++) {
		if (nftw(dirs[i], scan_one, 32, FTW_PHYS | FTW_MOUNT)) {
			if (scan_failed)	/* out of memory, reported */
				return BRUTECTL_EXIT_ERROR;
			keep_status(&scan_status, report_errno(dirs[i], errno));
		}
	}
	qsort(scan_entries, scan_count, sizeof(*scan_entries), scan_compare);
	if (json)
		putchar('[');
	for (j = 0; j < scan_count; j++) {
		struct scan_entry *entry = &scan_entries[j];

		if (json) {
			fputs(j ? ",\n" : "\n", stdout);
			json_record(entry->path, &entry->info);
		} else {
			printf("%-26s %10llu  ",
			       format_state(&entry->info, state, sizeof(state)),
			       file_faults(&entry->info));
			print_path_line(entry->path);
		}
		free(entry->path);
	}
	if (json)
		puts(scan_count ? "\n]" : "]");
	free(scan_entries);
	return scan_status;
}

/* A line of BLOCKS_FILE: one blocked entry of a file. */
struct block {
	unsigned int major;
	unsigned int minor;
	unsigned long long inode;
	bool all;		/* "all": root's entry, blocked for everyone */
	unsigned int uid;	/* without @all */
	unsigned long long time;
	unsigned long long end;	/* 0: until lifted */
	char *path;		/* unescaped, in the line */
};

/* Undoes, in place, the \ooo escapes of the paths of BLOCKS_FILE. */
static void unescape(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 |
				 (s[3] - '0');
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/*
 * Parses @line, "<major>:<minor> <inode> <uid|all> <block time> <end|->
 * <path>", into @b; returns whether it could.
 */
static bool parse_block(char *line, struct block *b)
{
	char who[16], end[24], *stop;
	unsigned long long value;
	unsigned long uid;
	int pos = -1;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "%u:%u %llu %15s %llu %23s %n", &b->major, &b->minor,
		   &b->inode, who, &b->time, end, &pos) != 6 || pos < 0 ||
	    !line[pos])
		return false;
	b->all = !strcmp(who, "all");
	b->uid = 0;
	if (!b->all) {
		errno = 0;
		uid = strtoul(who, &stop, 10);
		if (errno || *stop || stop == who || uid > UINT_MAX)
			return false;
		b->uid = uid;
	}
	b->end = 0;
	if (strcmp(end, "-")) {
		errno = 0;
		value = strtoull(end, &stop, 10);
		if (errno || *stop || stop == end || !value)
			return false;
		b->end = value;
	}
	b->path = line + pos;
	unescape(b->path);
	return true;
}

static void print_block(const struct block *b)
{
	char state[64], when[64], until[64], device[32];

	if (b->all || b->uid == 0)
		snprintf(state, sizeof(state), "blocked for everyone");
	else
		snprintf(state, sizeof(state), "blocked for uid %u", b->uid);
	snprintf(device, sizeof(device), "%u:%u", b->major, b->minor);
	if (b->end)
		format_time(b->end, until, sizeof(until));
	else
		snprintf(until, sizeof(until), "until lifted");
	printf("%-22s %-23s  %-23s  %-7s %-10llu  ", state,
	       format_time(b->time, when, sizeof(when)), until, device,
	       b->inode);
	print_path_line(b->path);
}

static void json_block(const struct block *b)
{
	printf("  {\n    \"device\": \"%u:%u\"", b->major, b->minor);
	printf(",\n    \"major\": %u", b->major);
	printf(",\n    \"minor\": %u", b->minor);
	printf(",\n    \"inode\": %llu", b->inode);
	if (b->all)
		fputs(",\n    \"uid\": null", stdout);
	else
		printf(",\n    \"uid\": %u", b->uid);
	printf(",\n    \"scope\": \"%s\"",
	       b->all || b->uid == 0 ? "everyone" : "user");
	printf(",\n    \"block_time\": %llu", b->time);
	if (b->end)
		printf(",\n    \"expires\": %llu", b->end);
	else
		fputs(",\n    \"expires\": null", stdout);
	fputs(",\n    \"file\": ", stdout);
	json_string(b->path);
	fputs("\n  }", stdout);
}

static int cmd_blocks(bool json)
{
	unsigned int lineno = 0, count = 0;
	size_t size = 0;
	char *line = NULL;
	int status = 0, err;
	struct block b;
	FILE *f;

	f = fopen(BLOCKS_FILE, "re");
	if (!f)
		return report_blocks_file(errno);
	if (json)
		putchar('[');
	while (getline(&line, &size, f) >= 0) {
		lineno++;
		if (!parse_block(line, &b)) {
			fprintf(stderr, "brutectl: %s: line %u: %s\n",
				BLOCKS_FILE, lineno, "unexpected format");
			keep_status(&status, BRUTECTL_EXIT_ERROR);
			continue;
		}
		if (json) {
			fputs(count ? ",\n" : "\n", stdout);
			json_block(&b);
		} else {
			print_block(&b);
		}
		count++;
	}
	err = ferror(f) ? errno : 0;
	if (err)
		keep_status(&status, report_errno(BLOCKS_FILE, err));
	if (json)
		puts(count ? "\n]" : "]");
	free(line);
	fclose(f);
	return status;
}

/*
 * Asks the kernel to lift the blocks it keeps in memory of the file @st
 * describes, and to reset its statistics, by writing to BLOCKS_FILE.
 * Returns 0 or an errno: ENOENT if the kernel keeps nothing of that file,
 * or if BLOCKS_FILE does not exist, which *@missing then tells.
 */
static int kernel_allow(const struct stat *st, bool *missing)
{
	char line[80];
	int fd, len, err = 0;
	ssize_t n;

	*missing = false;
	fd = open(BLOCKS_FILE, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		*missing = err == ENOENT;
		return err;
	}
	len = snprintf(line, sizeof(line), "allow %u:%u %llu\n",
		       major(st->st_dev), minor(st->st_dev),
		       (unsigned long long)st->st_ino);
	n = write(fd, line, len);
	if (n < 0)
		err = errno;
	else if (n != len)
		err = EIO;
	close(fd);
	return err;
}

/* Whether the record of @path blocks it, for anyone. */
static bool record_blocks(const char *path)
{
	struct brute_info info;
	char why[160];

	return !read_record(path, false, &info, why, sizeof(why)) &&
	       file_blocked(&info);
}

/*
 * Re-allows @path: removes its record, then lifts the blocks the kernel
 * keeps in memory, which are the only ones of a file whose filesystem
 * cannot store the record.  Returns 0 if the file is allowed now, else an
 * exit status.
 */
static int allow_one(const char *path)
{
	const char *xattr_done, *kernel_done;
	int xattr_err = 0, err;
	bool missing;
	struct stat st;

	if (stat(path, &st))
		return report_errno(path, errno);
	if (removexattr(path, XATTR_NAME_BRUTE))
		xattr_err = errno;
	switch (xattr_err) {
	case 0:
		xattr_done = "record removed";
		break;
	case ENODATA:
		xattr_done = "no record";
		break;
	case EOPNOTSUPP:
#if ENOTSUP != EOPNOTSUPP
	case ENOTSUP:
#endif
		xattr_done = "no record (no extended attributes there)";
		break;
	case EROFS:
		xattr_done = "record not removed (read-only filesystem)";
		break;
	case EPERM:
		fprintf(stderr, "brutectl: %s: %s\n", path,
			"permission denied (no CAP_SYS_ADMIN)");
		return BRUTECTL_EXIT_PERM;
	default:
		return report_errno(path, xattr_err);
	}

	err = kernel_allow(&st, &missing);
	if (!err) {
		kernel_done = "blocks in memory lifted";
	} else if (missing) {
		/* Without Brute or securityfs, only the record counts. */
		if (xattr_err && xattr_err != ENODATA) {
			fprintf(stderr, "brutectl: %s: %s, and no %s %s\n",
				path, errno_message(xattr_err), BLOCKS_FILE,
				"(is Brute enabled and securityfs mounted?)");
			return errno_status(xattr_err);
		}
		kernel_done = "blocks in memory not checked (no " BLOCKS_FILE
			      ")";
	} else if (err == ENOENT) {
		kernel_done = "no block left in memory";
		if (xattr_err == EROFS && record_blocks(path)) {
			fprintf(stderr, "brutectl: %s: %s, %s\n", path,
				xattr_done,
				"which still blocks the file");
			return BRUTECTL_EXIT_ERROR;
		}
	} else {
		fprintf(stderr, "brutectl: %s: %s; %s: %s\n", path, xattr_done,
			BLOCKS_FILE, err == EPERM || err == EACCES ?
			"permission denied (no CAP_SYS_ADMIN)" :
			strerror(err));
		return errno_status(err);
	}
	printf("%s: %s, %s: the file is allowed\n", path, xattr_done,
	       kernel_done);
	return 0;
}

static int cmd_allow(char **files, int nfiles)
{
	int i, status = 0;

	if (geteuid() != 0) {
		for (i = 0; i < nfiles; i++)
			fprintf(stderr, "brutectl: %s: %s\n", files[i],
				"permission denied (only root can allow)");
		return BRUTECTL_EXIT_PERM;
	}
	for (i = 0; i < nfiles; i++)
		keep_status(&status, allow_one(files[i]));
	return status;
}

static int cmd_sysctl(bool json)
{
	int status = 0, err = 0;
	bool missing = false;
	char path[128];
	long long value = 0;
	size_t i;

	/* Without Brute, say so once rather than for every tunable. */
	if (access(SYSCTL_DIR, F_OK)) {
		err = errno;
		fprintf(stderr, "brutectl: %s: %s%s\n", SYSCTL_DIR,
			errno_message(err),
			err == ENOENT ? " (is Brute enabled?)" : "");
		status = errno_status(err);
		missing = true;
	}
	if (json)
		putchar('{');
	for (i = 0; i < ARRAY_SIZE(tunables); i++) {
		if (!missing) {
			err = -read_tunable(tunables[i], &value);
			snprintf(path, sizeof(path), SYSCTL_DIR "%s",
				 tunables[i]);
			if (err == EINVAL) {
				fprintf(stderr, "brutectl: %s: not a number\n",
					path);
				keep_status(&status, BRUTECTL_EXIT_ERROR);
			} else if (err) {
				keep_status(&status, report_errno(path, err));
			}
		}
		if (json) {
			printf("%s\n  \"%s\": ", i ? "," : "", tunables[i]);
			if (err)
				fputs("null", stdout);
			else
				printf("%lld", value);
		} else if (!err) {
			printf("kernel.brute.%s = %lld\n", tunables[i], value);
		}
	}
	if (json)
		puts("\n}");
	return status;
}

static bool is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help") ||
	       !strcmp(arg, "help");
}

int main(int argc, char **argv)
{
	bool json = false, takes_json = false, takes_operands = false;
	bool options = true;
	const char *cmd;
	char **operands;
	int i, n = 0, status;

	if (argc < 2)
		usage_error("missing command", NULL);
	cmd = argv[1];
	if (is_help(cmd)) {
		fputs(help_text, stdout);
		return BRUTECTL_EXIT_OK;
	}
	if (!strcmp(cmd, "status") || !strcmp(cmd, "scan")) {
		takes_json = true;
		takes_operands = true;
	} else if (!strcmp(cmd, "allow")) {
		takes_operands = true;
	} else if (!strcmp(cmd, "sysctl") || !strcmp(cmd, "blocks")) {
		takes_json = true;
	} else {
		usage_error("unknown command", cmd);
	}

	operands = calloc(argc, sizeof(*operands));
	if (!operands) {
		fprintf(stderr, "brutectl: %s\n", strerror(ENOMEM));
		return BRUTECTL_EXIT_ERROR;
	}
	for (i = 2; i < argc; i++) {
		const char *arg = argv[i];

		if (options && !strcmp(arg, "--")) {
			options = false;
		} else if (options && (!strcmp(arg, "-h") ||
				       !strcmp(arg, "--help"))) {
			fputs(help_text, stdout);
			return BRUTECTL_EXIT_OK;
		} else if (options && takes_json && !strcmp(arg, "--json")) {
			json = true;
		} else if (options && arg[0] == '-' && arg[1]) {
			usage_error("unknown option", arg);
		} else if (!takes_operands) {
			usage_error("unexpected argument", arg);
		} else {
			operands[n++] = argv[i];
		}
	}
	if (takes_operands && !n)
		usage_error(strcmp(cmd, "scan") ? "missing FILE operand" :
			    "missing DIR operand", NULL);

	if (!strcmp(cmd, "status"))
		status = cmd_status(operands, n, json);
	else if (!strcmp(cmd, "scan"))
		status = cmd_scan(operands, n, json);
	else if (!strcmp(cmd, "blocks"))
		status = cmd_blocks(json);
	else if (!strcmp(cmd, "allow"))
		status = cmd_allow(operands, n);
	else
		status = cmd_sysctl(json);
	free(operands);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "brutectl: standard output: %s\n",
			strerror(errno));
		keep_status(&status, BRUTECTL_EXIT_ERROR);
	}
	return status;
}
