// SPDX-License-Identifier: GPL-2.0
/*
 * brutectl - inspect and manage the crash statistics of the Brute LSM
 *
 * Brute keeps the crash statistics of every executable file that crossed a
 * privilege boundary in its "security.brute" extended attribute, a record
 * described in include/uapi/linux/brute.h.  This tool decodes that record,
 * finds the files that carry one, re-allows blocked files and shows the
 * tunables.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include <linux/brute.h>

#ifndef XATTR_NAME_BRUTE
#define XATTR_NAME_BRUTE "security.brute"
#endif

#define SYSCTL_DIR "/proc/sys/kernel/brute/"

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
};

static const char *const boundary_names[] = {
	"setid",	/* BRUTE_BOUNDARY_SETID */
	"fcaps",	/* BRUTE_BOUNDARY_FCAPS */
	"secureexec",	/* BRUTE_BOUNDARY_SECUREEXEC */
	"creds",	/* BRUTE_BOUNDARY_CREDS */
	"network",	/* BRUTE_BOUNDARY_NETWORK */
};

/* A decoded record, in host byte order. */
struct brute_info {
	unsigned int version;
	unsigned int flags;
	unsigned int boundaries;
	unsigned int faults;
	unsigned int block_uid;
	unsigned int block_count;
	unsigned long long last_crash;
	unsigned long long ema;
	unsigned long long block_time;
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
"	brutectl allow FILE...\n"
"	brutectl sysctl [--json]\n"
"	brutectl help | -h | --help\n"
"\n"
"DESCRIPTION\n"
"	Brute is a Linux Security Module that detects fork/exec brute\n"
"	force attacks.  It keeps the crash statistics of every executable\n"
"	that crossed a privilege boundary in the \"security.brute\" extended\n"
"	attribute of that file, and blocks the file (its execution fails\n"
"	with EPERM) once the crashes reveal an attack.  brutectl decodes\n"
"	these records, finds the files that carry one, re-allows blocked\n"
"	files and shows the tunables.  Times are shown in UTC.\n"
"\n"
"COMMANDS\n"
"	status [--json] FILE...\n"
"		Decode the record of each FILE: whether the file is\n"
"		allowed, blocked for one user or blocked for everyone (and\n"
"		until when, if block_duration is set), the faults counted,\n"
"		the time of the last crash, the crash period EMA, the\n"
"		privilege boundaries crossed (setid, fcaps, secureexec,\n"
"		creds, network), how many times it was blocked and when.\n"
"\n"
"	scan [--json] DIR...\n"
"		Walk each DIR recursively, without following symbolic\n"
"		links or crossing mount points, and list the regular files\n"
"		that carry a record, one a line: state, faults, path.\n"
"		Blocked files come first.\n"
"\n"
"	allow FILE...\n"
"		Remove the record of each FILE, which re-allows it and\n"
"		resets its statistics.  Needs root (CAP_SYS_ADMIN).\n"
"\n"
"	sysctl [--json]\n"
"		Print the tunables of " SYSCTL_DIR ".\n"
"\n"
"	help	Print this text.\n"
"\n"
"OPTIONS\n"
"	--json	Print one JSON value for scripts instead of text: for\n"
"		status and scan, an array of objects with the keys file,\n"
"		version, state, blocked, not_allowed, scope (\"user\",\n"
"		\"everyone\" or null), block_uid, expired, expires (null\n"
"		unless a block is in force and block_duration is set),\n"
"		faults, last_crash, ema, block_time, block_count and\n"
"		boundaries (an array of words); times are seconds since the\n"
"		Epoch, 0 meaning never.  A FILE that cannot be decoded\n"
"		gives an object with the keys file, error and exit_status.\n"
"		For sysctl, an object mapping each tunable to its value.\n"
"		Bytes of file names that are not UTF-8 are shown as U+FFFD.\n"
"\n"
"	-h, --help\n"
"		Print this text.\n"
"\n"
"EXIT STATUS\n"
"	0	Success.\n"
"	1	Usage error.\n"
"	2	A file was not found or could not be reached.\n"
"	3	A file carries no record (ENODATA).\n"
"	4	The filesystem of a file does not support extended\n"
"		attributes (EOPNOTSUPP).\n"
"	5	A record is malformed: wrong size, unknown version or\n"
"		undefined bits.\n"
"	6	Permission denied: allow run by a user other than root, or\n"
"		EPERM or EACCES from the system.\n"
"	7	Any other error.\n"
"\n"
"	With several files, brutectl processes all of them and exits with\n"
"	the first non-zero status it met.  Errors are reported on standard\n"
"	error as \"brutectl: FILE: message\".\n"
"\n"
"FILES\n"
"	security.brute\n"
"		The extended attribute holding the record of a file.\n"
"	" SYSCTL_DIR "\n"
"		The tunables: ema_weight_numerator, ema_weight_denominator,\n"
"		max_faults, min_faults, crash_period_threshold and\n"
"		block_duration.\n"
"\n"
"EXAMPLES\n"
"	brutectl status /usr/bin/sudo\n"
"	brutectl scan --json /usr/bin /usr/sbin\n"
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
 * Checks and decodes a record of @len bytes.  Returns 0, or
 * BRUTECTL_EXIT_MALFORMED with the reason in @why.
 */
static int decode_record(const void *value, size_t len,
			 struct brute_info *info, char *why, size_t why_len)
{
	struct brute_record rec;

	if (len != sizeof(rec)) {
		snprintf(why, why_len,
			 MALFORMED "record of %zu bytes, expected %zu",
			 len, sizeof(rec));
		return BRUTECTL_EXIT_MALFORMED;
	}
	memcpy(&rec, value, sizeof(rec));
	if (rec.version != BRUTE_RECORD_VERSION) {
		snprintf(why, why_len,
			 MALFORMED "unknown record version %u (brutectl knows %u)",
			 rec.version, BRUTE_RECORD_VERSION);
		return BRUTECTL_EXIT_MALFORMED;
	}
	info->version = rec.version;
	info->flags = rec.flags;
	info->boundaries = le16toh(rec.boundaries);
	info->faults = le32toh(rec.faults);
	info->block_uid = le32toh(rec.block_uid);
	info->block_count = le32toh(rec.block_count);
	info->last_crash = le64toh(rec.last_crash);
	info->ema = le64toh(rec.ema);
	info->block_time = le64toh(rec.block_time);
	if (info->flags & ~BRUTE_RECORD_FLAGS_MASK) {
		snprintf(why, why_len, MALFORMED "undefined flag bits %#x",
			 info->flags & ~BRUTE_RECORD_FLAGS_MASK);
		return BRUTECTL_EXIT_MALFORMED;
	}
	if (info->boundaries & ~BRUTE_BOUNDARY_MASK) {
		snprintf(why, why_len, MALFORMED "undefined boundary bits %#x",
			 info->boundaries & ~BRUTE_BOUNDARY_MASK);
		return BRUTECTL_EXIT_MALFORMED;
	}
	if (info->ema > BRUTE_PERIOD_MAX) {
		snprintf(why, why_len,
			 MALFORMED "crash period EMA %llu above %llu",
			 info->ema, (unsigned long long)BRUTE_PERIOD_MAX);
		return BRUTECTL_EXIT_MALFORMED;
	}
	return 0;
}

/*
 * Reads and decodes the record of @path, following symbolic links unless
 * @nofollow.  Returns 0 or an exit status; on error, @why gets a message.
 */
static int read_record(const char *path, bool nofollow,
		       struct brute_info *info, char *why, size_t why_len)
{
	unsigned char value[sizeof(struct brute_record) + 64];
	ssize_t len;
	int err;

	if (nofollow)
		len = lgetxattr(path, XATTR_NAME_BRUTE, value, sizeof(value));
	else
		len = getxattr(path, XATTR_NAME_BRUTE, value, sizeof(value));
	if (len < 0 && errno == ERANGE) {
		/* Much too long: only its size matters. */
		if (nofollow)
			len = lgetxattr(path, XATTR_NAME_BRUTE, NULL, 0);
		else
			len = getxattr(path, XATTR_NAME_BRUTE, NULL, 0);
		if (len >= 0) {
			snprintf(why, why_len,
				 MALFORMED "record of %zd bytes, expected %zu",
				 len, sizeof(struct brute_record));
			return BRUTECTL_EXIT_MALFORMED;
		}
	}
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

/* The block_duration tunable, or -1 if it cannot be read. */
static long long block_duration(void)
{
	static long long duration = -2;

	if (duration == -2 && read_tunable("block_duration", &duration))
		duration = -1;
	return duration;
}

/*
 * Tells when the block of @info ends: 0 if it is not blocked or its block
 * does not expire, else the time (which may be in the past: the kernel
 * lifts the block at the next execution).
 */
static unsigned long long block_expiry(const struct brute_info *info)
{
	long long duration = block_duration();

	if (!(info->flags & BRUTE_RECORD_NOT_ALLOWED) || duration <= 0)
		return 0;
	if (info->block_time > ULLONG_MAX - duration)
		return ULLONG_MAX;
	return info->block_time + duration;
}

/* Whether the block of @info is in force (for the uids in its scope). */
static bool is_blocked(const struct brute_info *info)
{
	unsigned long long expiry = block_expiry(info);
	time_t now = time(NULL);

	if (!(info->flags & BRUTE_RECORD_NOT_ALLOWED))
		return false;
	/* As the kernel does, a clock stepped back keeps the block. */
	if (!expiry || now < 0)
		return true;
	return (unsigned long long)now < info->block_time ||
	       (unsigned long long)now < expiry;
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

/* Describes the state of @info; with @verbose, says until when it holds. */
static const char *format_state(const struct brute_info *info, bool verbose,
				char *buf, size_t len)
{
	char when[64];
	int n;

	if (!(info->flags & BRUTE_RECORD_NOT_ALLOWED)) {
		if (info->flags & BRUTE_RECORD_EXPIRED)
			return "allowed, block expired";
		return "allowed";
	}
	if (!is_blocked(info))
		return "allowed, block expired";
	if (info->flags & BRUTE_RECORD_SCOPE_USER)
		n = snprintf(buf, len, "blocked for uid %u",
			     info->block_uid);
	else
		n = snprintf(buf, len, "blocked for everyone");
	if (verbose && block_expiry(info) && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " until %s",
			 format_time(block_expiry(info), when, sizeof(when)));
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

static void json_record(const char *path, const struct brute_info *info)
{
	unsigned long long expiry = is_blocked(info) ? block_expiry(info) : 0;
	char state[128];
	bool first = true;
	size_t i;

	fputs("  {\n    \"file\": ", stdout);
	json_string(path);
	printf(",\n    \"version\": %u", info->version);
	fputs(",\n    \"state\": ", stdout);
	json_string(format_state(info, false, state, sizeof(state)));
	printf(",\n    \"blocked\": %s", json_bool(is_blocked(info)));
	printf(",\n    \"not_allowed\": %s",
	       json_bool(info->flags & BRUTE_RECORD_NOT_ALLOWED));
	if (!(info->flags & BRUTE_RECORD_NOT_ALLOWED))
		fputs(",\n    \"scope\": null", stdout);
	else if (info->flags & BRUTE_RECORD_SCOPE_USER)
		fputs(",\n    \"scope\": \"user\"", stdout);
	else
		fputs(",\n    \"scope\": \"everyone\"", stdout);
	printf(",\n    \"block_uid\": %u", info->block_uid);
	printf(",\n    \"expired\": %s",
	       json_bool(info->flags & BRUTE_RECORD_EXPIRED));
	if (expiry)
		printf(",\n    \"expires\": %llu", expiry);
	else
		fputs(",\n    \"expires\": null", stdout);
	printf(",\n    \"faults\": %u", info->faults);
	printf(",\n    \"last_crash\": %llu", info->last_crash);
	printf(",\n    \"ema\": %llu", info->ema);
	printf(",\n    \"block_time\": %llu", info->block_time);
	printf(",\n    \"block_count\": %u", info->block_count);
	fputs(",\n    \"boundaries\": [", stdout);
	for (i = 0; i < ARRAY_SIZE(boundary_names); i++) {
		if (!(info->boundaries & (1U << i)))
			continue;
		printf("%s\"%s\"", first ? "" : ", ", boundary_names[i]);
		first = false;
	}
	fputs("]\n  }", stdout);
}

static void json_error(const char *path, const char *why, int status)
{
	fputs("  {\n    \"file\": ", stdout);
	json_string(path);
	fputs(",\n    \"error\": ", stdout);
	json_string(why);
	printf(",\n    \"exit_status\": %d\n  }", status);
}

static void print_record(const char *path, const struct brute_info *info)
{
	char buf[128];

	printf("%s\n", path);
	printf("  state:             %s\n",
	       format_state(info, true, buf, sizeof(buf)));
	printf("  faults:            %u\n", info->faults);
	printf("  last crash:        %s\n",
	       format_time(info->last_crash, buf, sizeof(buf)));
	printf("  crash period EMA:  %s\n",
	       format_period(info->ema, buf, sizeof(buf)));
	printf("  boundaries:        %s\n",
	       format_boundaries(info->boundaries, buf, sizeof(buf)));
	printf("  block count:       %u\n", info->block_count);
	printf("  block time:        %s\n",
	       format_time(info->block_time, buf, sizeof(buf)));
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
	bool bx = is_blocked(&x->info), by = is_blocked(&y->info);

	if (bx != by)
		return bx ? -1 : 1;
	return strcmp(x->path, y->path);
}

static int cmd_scan(char **dirs, int ndirs, bool json)
{
	char state[128];
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
			printf("%-26s %10u  ",
			       format_state(&entry->info, false, state,
					    sizeof(state)),
			       entry->info.faults);
			print_path_line(entry->path);
		}
		free(entry->path);
	}
	if (json)
		puts(scan_count ? "\n]" : "]");
	free(scan_entries);
	return scan_status;
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
	for (i = 0; i < nfiles; i++) {
		if (removexattr(files[i], XATTR_NAME_BRUTE)) {
			int err = errno;

			if (err == EPERM)
				fprintf(stderr, "brutectl: %s: %s\n", files[i],
					"permission denied (no CAP_SYS_ADMIN)");
			else
				report_errno(files[i], err);
			keep_status(&status, errno_status(err));
			continue;
		}
		printf("%s: record removed, the file is allowed\n", files[i]);
	}
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
	} else if (!strcmp(cmd, "sysctl")) {
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
