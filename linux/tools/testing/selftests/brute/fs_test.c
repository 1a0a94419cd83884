// SPDX-License-Identifier: GPL-2.0
/*
 * Brute selftests - records on real filesystems, and where they cannot be
 *
 * A setuid-root copy of the crasher program is attacked by a user on an
 * ext4 filesystem on a loop device (frozen, unmounted and mounted again,
 * mounted read-only), on a FUSE filesystem whose getxattr() always fails,
 * on ramfs, and under a name made to forge a kernel log line.  The tests
 * check that executions and crashes never wait for a filesystem, that a
 * block works from memory and reaches the disk when it can, that a record
 * that could not be read is never written over, and that the blocks kept
 * in memory only are listed and lifted in securityfs.
 *
 * Copyright (C) 2026 The Brute developers
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/brute.h>
#include <linux/capability.h>
#include <linux/fuse.h>
#include <linux/loop.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "common.h"

/* From <linux/fs.h>, which conflicts with <sys/mount.h>. */
#ifndef FIFREEZE
#define FIFREEZE	_IOWR('X', 119, int)
#define FITHAW		_IOWR('X', 120, int)
#endif

#define BLOCKS_FILE		"/sys/kernel/security/brute/blocks"
#define AS_ROOT			0

/* The ext4 image, made by the real mke2fs (not busybox's). */
#define IMAGE_SIZE		(16 << 20)
/* The longest a run may take on a frozen filesystem, in milliseconds. */
#define RUN_LIMIT		5000
/* How long the record may take to reach the disk after a thaw. */
#define WRITE_LIMIT		10
/* Every test is meant to take less than 20 s, even under emulation. */
#define FS_TIMEOUT		60

/* The crasher program, next to this one. */
static char crasher[PATH_MAX];

static void __attribute__((constructor)) find_crasher(void)
{
	brute_sibling(crasher, sizeof(crasher), "crasher");
}

/*
 * Waits up to @secs seconds for the record of @path to hold a block of
 * @uid after @faults crashes at least.  Returns 0, or the last error of
 * brute_read_entry(), or -EAGAIN if the entry is there but not blocked.
 */
static int wait_blocked_record(const char *path, uid_t uid,
			       unsigned int faults, int secs,
			       struct brute_entry *entry)
{
	long long end = brute_now_ms() + secs * 1000LL;
	int err;

	for (;;) {
		err = brute_read_entry(path, uid, entry);
		if (!err && (entry->flags & BRUTE_USER_BLOCKED) &&
		    entry->faults >= faults)
			return 0;
		if (brute_now_ms() > end)
			return err ? err : -EAGAIN;
		brute_sleep_ms(100);
	}
}

/* Evicts every unused dentry and inode, and the page cache. */
static int evict_caches(void)
{
	int fd, err = 0;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, "3\n", 2) != 2)
		err = -errno;
	close(fd);
	return err;
}

/*
 * Reads the messages logged since brute_kmsg_open() into @buf, each
 * terminated by a NUL, with the escapes of /dev/kmsg (\xHH) undone: each
 * message as the console and syslog show it, newlines included.  Returns
 * the length.
 */
static size_t kmsg_messages(int fd, char *buf, size_t size)
{
	char rec[8192], *p, *end;
	size_t used = 0;
	ssize_t len;

	while (used + 2 < size) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip them */
		if (len <= 0)
			break;
		rec[len] = '\0';
		p = strchr(rec, ';');
		if (!p)
			continue;
		/* The text ends at a newline; key=value lines follow. */
		end = strchrnul(++p, '\n');
		while (p < end && used + 2 < size) {
			if (p[0] == '\\' && p[1] == 'x' && isxdigit(p[2]) &&
			    isxdigit(p[3])) {
				char hex[3] = { p[2], p[3], '\0' };

				buf[used++] = strtoul(hex, NULL, 16);
				p += 4;
			} else {
				buf[used++] = *p++;
			}
		}
		buf[used++] = '\0';
	}
	return used;
}

/*
 * Writes @src as the list of blocks shows a path: every byte that is not
 * printable ASCII, a space or a backslash as \ooo (see <linux/brute.h>).
 */
static void escape_path(char *dst, size_t size, const char *src)
{
	size_t out = 0;

	for (; *src && out + 5 < size; src++) {
		unsigned char c = *src;

		if (c > ' ' && c < 0x7f && c != '\\')
			dst[out++] = c;
		else
			out += snprintf(dst + out, size - out, "\\%03o", c);
	}
	dst[out] = '\0';
}

/* Reads the list of blocks into @buf; returns its length or -errno. */
static ssize_t blocks_read(char *buf, size_t size)
{
	ssize_t used = 0, len = 0;
	int fd;

	fd = open(BLOCKS_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)used + 1 < size &&
	       (len = read(fd, buf + used, size - used - 1)) > 0)
		used += len;
	buf[used] = '\0';
	if (len < 0)
		used = -errno;
	close(fd);
	return used;
}

/*
 * Finds the line of the list of blocks for the file @st and @who (a uid,
 * or "all"), and stores its block time, the end of its block (0 for
 * "until lifted") and path.  Returns 1 if found, 0 if not, or -errno.
 */
static int blocks_find_end(const struct stat *st, const char *who,
			   unsigned long long *time, unsigned long long *end,
			   char *path, size_t size)
{
	static char buf[65536];
	unsigned long long ino;
	unsigned int maj, min;
	char uid[16], until[24], *line, *save;
	ssize_t len;
	int pos, fields;

	len = blocks_read(buf, sizeof(buf));
	if (len < 0)
		return len;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		pos = 0;
		fields = sscanf(line, "%u:%u %llu %15s %llu %23s %n", &maj, &min,
				&ino, uid, time, until, &pos);
		if (fields != 6 || !pos)
			continue;
		if (maj == major(st->st_dev) && min == minor(st->st_dev) &&
		    ino == st->st_ino && !strcmp(uid, who)) {
			*end = strcmp(until, "-") ? strtoull(until, NULL, 10) :
			       0;
			snprintf(path, size, "%s", line + pos);
			return 1;
		}
	}
	return 0;
}

static int blocks_find(const struct stat *st, const char *who,
		       unsigned long long *time, char *path, size_t size)
{
	unsigned long long end;

	return blocks_find_end(st, who, time, &end, path, size);
}

/* Writes @text to the list of blocks; returns 0 or -errno. */
static int blocks_write(const char *text)
{
	ssize_t len;
	int fd, err = 0;

	fd = open(BLOCKS_FILE, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	len = write(fd, text, strlen(text));
	if (len < 0)
		err = -errno;
	else if ((size_t)len != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}

/* Lifts the blocks of the file @st through the list of blocks. */
static int blocks_allow(const struct stat *st)
{
	char line[80];

	snprintf(line, sizeof(line), "allow %u:%u %llu\n", major(st->st_dev),
		 minor(st->st_dev), (unsigned long long)st->st_ino);
	return blocks_write(line);
}

/*
 * In a child without the power to lift blocks: as @uid, or as root without
 * CAP_SYS_ADMIN for @uid 0, opens the list of blocks with @flags and, for
 * writing, writes @text to it.  Returns the errno of the first call that
 * failed, 0 if none did, or -1.
 */
static int blocks_try(uid_t uid, int flags, const char *text)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct caps[2];
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (uid) {
			become(uid);
		} else {
			if (syscall(SYS_capget, &hdr, caps))
				_exit(125);
			caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &=
				~CAP_TO_MASK(CAP_SYS_ADMIN);
			caps[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted &=
				~CAP_TO_MASK(CAP_SYS_ADMIN);
			if (syscall(SYS_capset, &hdr, caps))
				_exit(125);
		}
		fd = open(BLOCKS_FILE, flags | O_CLOEXEC);
		if (fd < 0)
			_exit(errno);
		if (flags != O_RDONLY && write(fd, text, strlen(text)) < 0)
			_exit(errno);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static bool denied(int err)
{
	return err == EACCES || err == EPERM;
}

/*
 * Checks that @uid runs @path, and as root: the setuid bit is honoured, so
 * that the program can give up root (it exits with 100 if it cannot).
 */
static void expect_setuid_runs(struct __test_metadata *_metadata,
			       const char *path, uid_t uid)
{
	int err, status;

	status = RUN(path, uid, &err, "drop-true");
	EXPECT_EQ(0, err);
	EXPECT_TRUE(exited(status, 0))
		TH_LOG("%s as uid %d: status %#x", path, uid, status);
}

/*
 * Attaches @image to a free loop device, detached again when nothing uses
 * it any more.  Returns an open file of the device, its path in @dev.
 */
static int loop_attach(const char *image, char *dev, size_t size)
{
	struct loop_config config = {
		.info.lo_flags = LO_FLAGS_AUTOCLEAR,
	};
	int ctl, nr, fd = -1, tries, backing;

	backing = open(image, O_RDWR | O_CLOEXEC);
	if (backing < 0)
		return -1;
	config.fd = backing;
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	for (tries = 0; ctl >= 0 && tries < 10; tries++) {
		nr = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (nr < 0)
			break;
		snprintf(dev, size, "/dev/loop%d", nr);
		fd = open(dev, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			break;
		if (!ioctl(fd, LOOP_CONFIGURE, &config))
			break;
		close(fd);
		fd = -1;
		/* Another process took it first. */
		if (errno != EBUSY)
			break;
	}
	if (ctl >= 0)
		close(ctl);
	close(backing);
	return fd;
}

/* Unmounts @mnt, waiting a little for its last users to go away. */
static int unmount(const char *mnt)
{
	int i;

	for (i = 0; i < 50; i++) {
		if (!umount(mnt))
			return 0;
		if (errno != EBUSY)
			return -1;
		brute_sleep_ms(100);
	}
	return -1;
}

/*
 * Tasks in uninterruptible sleep: every thread of every process, kernel
 * threads included, over @samples scans 250 ms apart.  Stores in @tids the
 * threads that were in D state in every scan (a passing I/O wait is not a
 * hang), up to @max, and returns how many.
 */
static int stuck_tasks(pid_t *tids, int max, int samples)
{
	char path[64], buf[512], *state;
	struct dirent *proc, *task;
	DIR *procdir, *taskdir;
	pid_t seen[256], pid, tid;
	int i, j, n, nseen, count = 0;
	ssize_t len;
	int fd;

	for (i = 0; i < samples; i++) {
		if (i)
			brute_sleep_ms(250);
		nseen = 0;
		procdir = opendir("/proc");
		if (!procdir)
			return -1;
		while ((proc = readdir(procdir))) {
			if (!isdigit(proc->d_name[0]))
				continue;
			pid = atoi(proc->d_name);
			snprintf(path, sizeof(path), "/proc/%d/task", pid);
			taskdir = opendir(path);
			if (!taskdir)
				continue;	/* exited meanwhile */
			while ((task = readdir(taskdir))) {
				if (!isdigit(task->d_name[0]))
					continue;
				tid = atoi(task->d_name);
				snprintf(path, sizeof(path),
					 "/proc/%d/task/%d/stat", pid, tid);
				fd = open(path, O_RDONLY | O_CLOEXEC);
				if (fd < 0)
					continue;
				len = read(fd, buf, sizeof(buf) - 1);
				close(fd);
				if (len <= 0)
					continue;
				buf[len] = '\0';
				/* The command name may hold ") ". */
				state = strrchr(buf, ')');
				if (state && state[1] == ' ' &&
				    state[2] == 'D' &&
				    nseen < (int)ARRAY_SIZE(seen))
					seen[nseen++] = tid;
			}
			closedir(taskdir);
		}
		closedir(procdir);
		if (!i) {
			count = nseen < max ? nseen : max;
			memcpy(tids, seen, count * sizeof(*tids));
			continue;
		}
		/* Keep those still in D state. */
		for (j = n = 0; j < count; j++) {
			int k;

			for (k = 0; k < nseen; k++)
				if (seen[k] == tids[j])
					break;
			if (k < nseen)
				tids[n++] = tids[j];
		}
		count = n;
	}
	return count;
}

/* Logs the name and wait channel of a task. */
static void describe_task(struct __test_metadata *_metadata, pid_t tid)
{
	char path[64], comm[64] = "?", wchan[64] = "?";
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/comm", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, comm, sizeof(comm) - 1);
		comm[len > 0 ? len - 1 : 0] = '\0';
		close(fd);
	}
	snprintf(path, sizeof(path), "/proc/%d/wchan", tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		len = read(fd, wchan, sizeof(wchan) - 1);
		wchan[len > 0 ? len : 0] = '\0';
		close(fd);
	}
	TH_LOG("task %d [%s] in D state, waiting in %s", tid, comm, wchan);
}

/*
 * A minimal FUSE server, on the raw /dev/fuse protocol: a root directory
 * with one regular file, "prog", mode 04755 and owned by root, holding the
 * bytes of the crasher.  Its getxattr() of "security.brute" always fails
 * with EIO; other attributes do not exist.
 */
#define FUSE_PROG_INO		2
#define FUSE_PROG_NAME		"prog"
#define FUSE_BUF_SIZE		(64 * 1024)
#define FUSE_VALID		3600

/* What the server reports when its filesystem is unmounted. */
struct fuse_report {
	int requests;
	/* Requests about "security.brute". */
	int getxattr;
	int setxattr;
	int removexattr;
};

struct fuse_server {
	int fd;
	const char *data;
	size_t size;
	time_t time;
	struct fuse_report report;
};

static void fuse_reply(struct fuse_server *srv, uint64_t unique, int error,
		       const void *data, size_t size)
{
	struct fuse_out_header out = {
		.len = sizeof(out) + (error ? 0 : size),
		.error = error,
		.unique = unique,
	};
	struct iovec iov[2] = {
		{ .iov_base = &out, .iov_len = sizeof(out) },
		{ .iov_base = (void *)data, .iov_len = error ? 0 : size },
	};

	/* ENOENT: the request was interrupted meanwhile. */
	if (writev(srv->fd, iov, 2) < 0 && errno != ENOENT)
		perror("fuse reply");
}

static bool fuse_fill_attr(struct fuse_server *srv, uint64_t ino,
			   struct fuse_attr *attr)
{
	memset(attr, 0, sizeof(*attr));
	attr->ino = ino;
	attr->atime = srv->time;
	attr->mtime = srv->time;
	attr->ctime = srv->time;
	attr->blksize = 4096;
	if (ino == FUSE_ROOT_ID) {
		attr->mode = S_IFDIR | 0755;
		attr->nlink = 2;
		return true;
	}
	if (ino != FUSE_PROG_INO)
		return false;
	attr->mode = S_IFREG | 04755;
	attr->nlink = 1;
	attr->size = srv->size;
	attr->blocks = (srv->size + 511) / 512;
	return true;
}

static void fuse_serve_lookup(struct fuse_server *srv,
			      const struct fuse_in_header *in,
			      const char *name)
{
	struct fuse_entry_out out = {
		.nodeid = FUSE_PROG_INO,
		.entry_valid = FUSE_VALID,
		.attr_valid = FUSE_VALID,
	};

	if (in->nodeid != FUSE_ROOT_ID || strcmp(name, FUSE_PROG_NAME)) {
		fuse_reply(srv, in->unique, -ENOENT, NULL, 0);
		return;
	}
	fuse_fill_attr(srv, FUSE_PROG_INO, &out.attr);
	fuse_reply(srv, in->unique, 0, &out, sizeof(out));
}

static void fuse_serve_getattr(struct fuse_server *srv,
			       const struct fuse_in_header *in)
{
	struct fuse_attr_out out = { .attr_valid = FUSE_VALID };

	if (fuse_fill_attr(srv, in->nodeid, &out.attr))
		fuse_reply(srv, in->unique, 0, &out, sizeof(out));
	else
		fuse_reply(srv, in->unique, -ENOENT, NULL, 0);
}

static void fuse_serve_read(struct fuse_server *srv,
			    const struct fuse_in_header *in,
			    const struct fuse_read_in *arg)
{
	size_t size;

	if (in->nodeid != FUSE_PROG_INO) {
		fuse_reply(srv, in->unique, -EBADF, NULL, 0);
		return;
	}
	if (arg->offset >= srv->size) {
		fuse_reply(srv, in->unique, 0, NULL, 0);
		return;
	}
	size = srv->size - arg->offset;
	if (size > arg->size)
		size = arg->size;
	fuse_reply(srv, in->unique, 0, srv->data + arg->offset, size);
}

static void fuse_serve_readdir(struct fuse_server *srv,
			       const struct fuse_in_header *in,
			       const struct fuse_read_in *arg)
{
	char buf[FUSE_DIRENT_ALIGN(FUSE_NAME_OFFSET + sizeof(FUSE_PROG_NAME))];
	struct fuse_dirent *dirent = (struct fuse_dirent *)buf;
	size_t size;

	memset(buf, 0, sizeof(buf));
	dirent->ino = FUSE_PROG_INO;
	dirent->off = 1;
	dirent->namelen = strlen(FUSE_PROG_NAME);
	dirent->type = DT_REG;
	memcpy(dirent->name, FUSE_PROG_NAME, dirent->namelen);
	size = FUSE_DIRENT_SIZE(dirent);
	/* One entry, then the end of the directory. */
	if (arg->offset || arg->size < size)
		size = 0;
	fuse_reply(srv, in->unique, 0, buf, size);
}

static void fuse_serve_xattr(struct fuse_server *srv,
			     const struct fuse_in_header *in, const char *name,
			     int *count, int error)
{
	if (!strcmp(name, BRUTE_XATTR))
		(*count)++;
	fuse_reply(srv, in->unique, error, NULL, 0);
}

/* Serves requests until the filesystem is unmounted, then reports. */
static void fuse_serve(struct fuse_server *srv, int report)
{
	char *buf = malloc(FUSE_BUF_SIZE);
	const struct fuse_in_header *in = (void *)buf;
	const void *arg = buf + sizeof(*in);
	ssize_t len;

	if (!buf)
		return;
	for (;;) {
		len = read(srv->fd, buf, FUSE_BUF_SIZE);
		if (len < 0 && (errno == EINTR || errno == EAGAIN ||
				errno == ENOENT))
			continue;
		if (len < 0)
			break;	/* ENODEV: unmounted */
		if ((size_t)len < sizeof(*in))
			continue;
		buf[len < FUSE_BUF_SIZE ? len : FUSE_BUF_SIZE - 1] = '\0';
		srv->report.requests++;
		switch (in->opcode) {
		case FUSE_INIT: {
			const struct fuse_init_in *init = arg;
			struct fuse_init_out out = {
				.major = FUSE_KERNEL_VERSION,
				.minor = FUSE_KERNEL_MINOR_VERSION,
				.max_readahead = init->max_readahead,
				.max_background = 16,
				.congestion_threshold = 12,
				.max_write = 4096,
				.time_gran = 1,
			};

			fuse_reply(srv, in->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_LOOKUP:
			fuse_serve_lookup(srv, in, arg);
			break;
		case FUSE_GETATTR:
			fuse_serve_getattr(srv, in);
			break;
		case FUSE_OPEN:
		case FUSE_OPENDIR: {
			struct fuse_open_out out = {
				.fh = 1,
				.open_flags = FOPEN_KEEP_CACHE,
			};

			fuse_reply(srv, in->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_READ:
			fuse_serve_read(srv, in, arg);
			break;
		case FUSE_READDIR:
			fuse_serve_readdir(srv, in, arg);
			break;
		case FUSE_RELEASE:
		case FUSE_RELEASEDIR:
		case FUSE_FLUSH:
		case FUSE_ACCESS:
		case FUSE_DESTROY:
			fuse_reply(srv, in->unique, 0, NULL, 0);
			break;
		case FUSE_GETXATTR:
			/* The record cannot be read, nothing else exists. */
			if (!strcmp((const char *)arg +
				    sizeof(struct fuse_getxattr_in),
				    BRUTE_XATTR))
				fuse_serve_xattr(srv, in, BRUTE_XATTR,
						 &srv->report.getxattr, -EIO);
			else
				fuse_reply(srv, in->unique, -ENODATA, NULL, 0);
			break;
		case FUSE_LISTXATTR: {
			const struct fuse_getxattr_in *get = arg;
			struct fuse_getxattr_out out = {};

			if (get->size)
				fuse_reply(srv, in->unique, 0, NULL, 0);
			else
				fuse_reply(srv, in->unique, 0, &out,
					   sizeof(out));
			break;
		}
		case FUSE_SETXATTR:
			/* No FUSE_SETXATTR_EXT: the short fuse_setxattr_in. */
			fuse_serve_xattr(srv, in, (const char *)arg +
					 FUSE_COMPAT_SETXATTR_IN_SIZE,
					 &srv->report.setxattr, 0);
			break;
		case FUSE_REMOVEXATTR:
			fuse_serve_xattr(srv, in, arg,
					 &srv->report.removexattr, 0);
			break;
		case FUSE_STATFS: {
			struct fuse_statfs_out out = {
				.st.blocks = 1024,
				.st.files = 2,
				.st.bsize = 4096,
				.st.frsize = 4096,
				.st.namelen = 255,
			};

			fuse_reply(srv, in->unique, 0, &out, sizeof(out));
			break;
		}
		case FUSE_FORGET:
		case FUSE_BATCH_FORGET:
		case FUSE_INTERRUPT:
			break;	/* no reply */
		default:
			/* Not implemented: any error will do. */
			fuse_reply(srv, in->unique, -EOPNOTSUPP, NULL, 0);
			break;
		}
	}
	free(buf);
	if (write(report, &srv->report, sizeof(srv->report)) < 0)
		perror("fuse report");
}

/* Reads a whole file into memory; returns its length or -1. */
static ssize_t slurp(const char *path, char **data)
{
	struct stat st;
	ssize_t len = -1;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!fstat(fd, &st)) {
		*data = malloc(st.st_size);
		if (*data)
			len = read(fd, *data, st.st_size);
		if (len != st.st_size)
			len = -1;
	}
	close(fd);
	return len;
}

/*
 * The teardown runs in the parent of the test process (whose *self is
 * shared), so that it runs even after a failed assertion: the file
 * descriptors here are the test process's, and die with it.  The loop
 * device detaches itself once unmounted and closed.
 */
FIXTURE(fs) {
	char dir[64];
	char prog[128];		/* the tmpfs copy of brute_workdir() */
	char mnt[128];
	char mprog[160];	/* the setuid copy on the mount */
	char image[128];
	char loopdev[32];
	int loop_fd;
	int kmsg;
	bool mounted;
	/* The frozen filesystem, and the process that thaws it for sure. */
	bool frozen;
	int frozen_fd;
	pid_t watchdog;
	int watchdog_pipe;
	/* The FUSE server, and the pipe of its report. */
	pid_t server;
	int report;
};

FIXTURE_SETUP(fs)
{
	self->loop_fd = -1;
	self->frozen_fd = -1;
	self->watchdog_pipe = -1;
	self->report = -1;
	snprintf(self->dir, sizeof(self->dir), "/tmp/brute.XXXXXX");
	ASSERT_EQ(0, brute_workdir(self->dir, self->prog, sizeof(self->prog),
				   crasher))
		TH_LOG("no working directory with %s: %m", crasher);
	snprintf(self->mnt, sizeof(self->mnt), "%s/mnt", self->dir);
	snprintf(self->mprog, sizeof(self->mprog), "%s/prog", self->mnt);
	snprintf(self->image, sizeof(self->image), "%s/ext4.img", self->dir);
	ASSERT_EQ(0, mkdir(self->mnt, 0755));
	self->kmsg = brute_kmsg_open();
	ASSERT_LE(0, self->kmsg);
}

/* In the test process: thaws the frozen filesystem, stops the watchdog. */
static int thaw(struct _test_data_fs *self)
{
	int err = 0;

	if (self->frozen_fd >= 0) {
		err = ioctl(self->frozen_fd, FITHAW, 0) ? -errno : 0;
		close(self->frozen_fd);
		self->frozen_fd = -1;
		self->frozen = false;
	}
	if (self->watchdog > 0) {
		close(self->watchdog_pipe);
		self->watchdog_pipe = -1;
		waitpid(self->watchdog, NULL, 0);
		self->watchdog = 0;
	}
	return err;
}

/* Kills a process the test left behind, and reaps it if it can. */
static void stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

FIXTURE_TEARDOWN_PARENT(fs)
{
	int fd;

	/* Thaw first: nothing else can go on with a frozen filesystem. */
	if (self->frozen) {
		fd = open(self->mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		EXPECT_LE(0, fd);
		EXPECT_EQ(0, ioctl(fd, FITHAW, 0));
		close(fd);
	}
	stop(self->watchdog);
	stop(self->server);
	if (self->mounted && unmount(self->mnt)) {
		TH_LOG("cannot unmount %s: %m", self->mnt);
		umount2(self->mnt, MNT_DETACH);
	}
	EXPECT_EQ(0, brute_workdir_remove(self->dir));
	EXPECT_EQ(0, brute_sysctl_reset());
}

static const char *find_mke2fs(void)
{
	static const char *const paths[] = {
		"/sbin/mke2fs",
		"/usr/sbin/mke2fs",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(paths); i++)
		if (!access(paths[i], X_OK))
			return paths[i];
	return NULL;
}

/*
 * Makes a 16 MiB ext4 filesystem on a loop device and mounts it on the
 * mount point of the test, with @flags; then copies the crasher to it, as
 * a setuid-root file.
 */
static void ext4_setup(struct __test_metadata *_metadata,
		       struct _test_data_fs *self, unsigned long flags)
{
	const char *mke2fs = find_mke2fs();
	char cmd[PATH_MAX];
	struct statvfs sv;
	int fd;

	ASSERT_NE(NULL, mke2fs);
	fd = open(self->image, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, IMAGE_SIZE));
	close(fd);
	/* Every inode table written now: no lazy init thread later. */
	snprintf(cmd, sizeof(cmd),
		 "%s -q -F -t ext4 -I 256 -E lazy_itable_init=0,lazy_journal_init=0 %s",
		 mke2fs, self->image);
	ASSERT_EQ(0, system(cmd)) TH_LOG("%s failed", cmd);
	self->loop_fd = loop_attach(self->image, self->loopdev,
				    sizeof(self->loopdev));
	ASSERT_LE(0, self->loop_fd) TH_LOG("no loop device: %m");
	ASSERT_EQ(0, mount(self->loopdev, self->mnt, "ext4", 0, NULL))
		TH_LOG("cannot mount %s: %m", self->loopdev);
	self->mounted = true;
	ASSERT_EQ(0, copy_file(crasher, self->mprog, 04755));
	if (flags) {
		ASSERT_EQ(0, unmount(self->mnt));
		self->mounted = false;
		ASSERT_EQ(0, mount(self->loopdev, self->mnt, "ext4", flags,
				   NULL));
		self->mounted = true;
	}
	ASSERT_EQ(0, statvfs(self->mnt, &sv));
	ASSERT_FALSE(sv.f_flag & ST_NOSUID);
}

/*
 * Freezes the filesystem of the test.  A watchdog in a session of its own
 * thaws it if this process dies first (killed by the test timeout, which
 * kills the process group): when the pipe it reads is closed, or after
 * @limit seconds, whichever comes first.
 */
static int freeze(struct _test_data_fs *self, int limit)
{
	struct pollfd pfd = { .events = POLLIN };
	int fds[2];

	self->frozen_fd = open(self->mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (self->frozen_fd < 0 || pipe2(fds, O_CLOEXEC))
		return -1;
	self->watchdog = fork();
	if (self->watchdog < 0)
		return -1;
	if (self->watchdog == 0) {
		close(fds[1]);
		setsid();
		pfd.fd = fds[0];
		poll(&pfd, 1, limit * 1000);
		ioctl(self->frozen_fd, FITHAW, 0);
		_exit(0);
	}
	close(fds[0]);
	self->watchdog_pipe = fds[1];
	if (ioctl(self->frozen_fd, FIFREEZE, 0))
		return -1;
	self->frozen = true;
	return 0;
}

/* The runs on the frozen filesystem, shared with the process doing them. */
#define FROZEN_CRASHES	5
#define FROZEN_RUNS	(FROZEN_CRASHES + 2)

struct frozen_runs {
	int status[FROZEN_RUNS];
	int err[FROZEN_RUNS];
	long long time[FROZEN_RUNS];	/* in milliseconds */
	long long started;		/* of the current run */
	int done;
};

/*
 * With its filesystem frozen, a user attacks a setuid file: the crashes
 * and executions complete at once, no task waits in D state, the block
 * works from memory; the record reaches the disk after the thaw.
 */
TEST_F_TIMEOUT(fs, frozen_filesystem, FS_TIMEOUT)
{
	struct frozen_runs *runs;
	struct brute_entry entry;
	pid_t worker, tids[16];
	bool reaped = false;
	int i, stuck, status, err;

	ext4_setup(_metadata, self, 0);
	/* No record before the attack: the one after the thaw is new. */
	ASSERT_EQ(-ENODATA,
		  brute_read_entry(self->mprog, BRUTE_USER_A, &entry));
	expect_setuid_runs(_metadata, self->mprog, BRUTE_USER_A);
	runs = mmap(NULL, sizeof(*runs), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, runs);

	ASSERT_EQ(0, freeze(self, FS_TIMEOUT - 10))
		TH_LOG("cannot freeze %s: %m", self->mnt);
	runs->started = brute_now_ms();
	worker = fork();
	ASSERT_LE(0, worker);
	if (worker == 0) {
		/* The watchdog must see the pipe closed if the test dies. */
		close(self->watchdog_pipe);
		for (i = 0; i < FROZEN_RUNS; i++) {
			/* 5 crashes and an execution by the user, then root. */
			const char *mode = i < FROZEN_CRASHES ? "segv" : "true";
			uid_t uid = BRUTE_USER_A;

			if (i == FROZEN_RUNS - 1)
				uid = AS_ROOT;

			runs->started = brute_now_ms();
			__sync_synchronize();
			runs->status[i] = RUN(self->mprog, uid, &runs->err[i],
					      mode);
			runs->time[i] = brute_now_ms() - runs->started;
			__sync_synchronize();
			runs->done = i + 1;
		}
		_exit(0);
	}
	/* Wait for the runs, but thaw as soon as one of them hangs. */
	for (;;) {
		if (waitpid(worker, &status, WNOHANG) == worker) {
			reaped = true;
			break;
		}
		if (runs->done < FROZEN_RUNS &&
		    brute_now_ms() - runs->started > RUN_LIMIT + 1000)
			break;
		brute_sleep_ms(20);
	}
	/* Whatever happened, look for hung tasks while still frozen. */
	stuck = stuck_tasks(tids, ARRAY_SIZE(tids), 4);
	for (i = 0; i < stuck; i++)
		describe_task(_metadata, tids[i]);
	EXPECT_EQ(0, thaw(self));
	if (!reaped)
		brute_wait_dead(worker, 10000);

	EXPECT_EQ(0, stuck) TH_LOG("tasks hung on the frozen filesystem");
	EXPECT_EQ(FROZEN_RUNS, runs->done)
		TH_LOG("run %d did not complete within %d ms while frozen",
		       runs->done + 1, RUN_LIMIT);
	for (i = 0; i < runs->done; i++) {
		EXPECT_GT(RUN_LIMIT, runs->time[i])
			TH_LOG("run %d took %lld ms while frozen", i + 1,
			       runs->time[i]);
		if (i < FROZEN_CRASHES) {
			EXPECT_EQ(0, runs->err[i]);
			EXPECT_TRUE(crashed(runs->status[i], SIGSEGV))
				TH_LOG("run %d: status %#x", i + 1,
				       runs->status[i]);
		} else if (i == FROZEN_CRASHES) {
			/* The block works from memory. */
			EXPECT_EQ(EPERM, runs->err[i]);
		} else {
			/* Root is not blocked. */
			EXPECT_EQ(0, runs->err[i]);
			EXPECT_TRUE(exited(runs->status[i], 0));
		}
	}
	munmap(runs, sizeof(*runs));

	/* After the thaw, the record reaches the disk. */
	err = wait_blocked_record(self->mprog, BRUTE_USER_A, FROZEN_CRASHES,
				  WRITE_LIMIT, &entry);
	EXPECT_EQ(0, err) TH_LOG("no block of uid %d in the record after %d s",
				 BRUTE_USER_A, WRITE_LIMIT);
	if (!err)
		EXPECT_LE(FROZEN_CRASHES, entry.faults);
	RUN(self->mprog, BRUTE_USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
}

/*
 * A block is on the disk: unmounted right after the attack (a write still
 * pending is not lost) and mounted again, the file is still blocked for
 * the user who attacked it, and only for that user.
 */
TEST_F_TIMEOUT(fs, record_persists_remount, FS_TIMEOUT)
{
	struct brute_entry entry;
	int err;

	ext4_setup(_metadata, self, 0);
	expect_setuid_runs(_metadata, self->mprog, BRUTE_USER_A);
	EXPECT_EQ(5, brute_attack(self->mprog, BRUTE_USER_A, "segv", SIGSEGV,
				  20, &err));
	EXPECT_EQ(EPERM, err);

	ASSERT_EQ(0, unmount(self->mnt)) TH_LOG("cannot unmount: %m");
	self->mounted = false;
	ASSERT_EQ(0, mount(self->loopdev, self->mnt, "ext4", 0, NULL));
	self->mounted = true;

	ASSERT_EQ(0, brute_read_entry(self->mprog, BRUTE_USER_A, &entry));
	EXPECT_TRUE(entry.flags & BRUTE_USER_BLOCKED);
	EXPECT_LE(5, entry.faults);
	EXPECT_TRUE(exited(RUN(self->mprog, BRUTE_USER_A, &err, "true"), 127));
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(exited(RUN(self->mprog, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(exited(RUN(self->mprog, BRUTE_USER_B, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

/*
 * A filesystem whose getxattr() of the record fails with EIO: the file
 * still executes, an attack is still detected and blocked from memory,
 * and the record that could not be read is never written over.
 */
TEST_F_TIMEOUT(fs, read_error, FS_TIMEOUT)
{
	struct fuse_server srv = { .time = time(NULL) };
	struct fuse_report report;
	struct pollfd pfd = { .events = POLLIN };
	char opts[128], *data = NULL;
	struct statvfs sv;
	struct stat st;
	ssize_t size;
	int fds[2], err;

	size = slurp(crasher, &data);
	ASSERT_LT(0, size);
	srv.data = data;
	srv.size = size;
	srv.fd = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, srv.fd) TH_LOG("no /dev/fuse: %m");
	snprintf(opts, sizeof(opts),
		 "fd=%d,rootmode=40000,user_id=0,group_id=0,allow_other,default_permissions",
		 srv.fd);
	/* No MS_NOSUID: the setuid bit is honoured, as for any root mount. */
	ASSERT_EQ(0, mount("brute", self->mnt, "fuse", 0, opts))
		TH_LOG("cannot mount fuse: %m");
	self->mounted = true;
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	self->server = fork();
	ASSERT_LE(0, self->server);
	if (self->server == 0) {
		close(fds[0]);
		fuse_serve(&srv, fds[1]);
		_exit(0);
	}
	close(fds[1]);
	close(srv.fd);
	self->report = fds[0];

	ASSERT_EQ(0, statvfs(self->mnt, &sv));
	ASSERT_FALSE(sv.f_flag & ST_NOSUID);
	ASSERT_EQ(0, stat(self->mprog, &st));
	ASSERT_EQ(S_IFREG | 04755, st.st_mode);
	ASSERT_EQ(0, st.st_uid);

	/* A read error alone never refuses an execution. */
	expect_setuid_runs(_metadata, self->mprog, BRUTE_USER_A);
	EXPECT_TRUE(exited(RUN(self->mprog, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);

	/* An attack is detected and blocked all the same, in memory. */
	EXPECT_EQ(5, brute_attack(self->mprog, BRUTE_USER_A, "segv", SIGSEGV,
				  20, &err));
	EXPECT_EQ(EPERM, err);
	RUN(self->mprog, BRUTE_USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
	EXPECT_TRUE(exited(RUN(self->mprog, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);
	EXPECT_TRUE(exited(RUN(self->mprog, BRUTE_USER_B, &err, "true"), 0));
	EXPECT_EQ(0, err);

	/*
	 * Give deferred writes time to happen, then unmount (which would
	 * flush any still pending): the server reports what it was asked.
	 */
	sleep(2);
	ASSERT_EQ(0, unmount(self->mnt)) TH_LOG("cannot unmount: %m");
	self->mounted = false;
	pfd.fd = self->report;
	ASSERT_EQ(1, poll(&pfd, 1, 10000)) TH_LOG("no report from the server");
	ASSERT_EQ(sizeof(report), read(self->report, &report, sizeof(report)));
	waitpid(self->server, NULL, 0);
	self->server = 0;
	free(data);

	TH_LOG("the server got %d requests, %d getxattr of %s",
	       report.requests, report.getxattr, BRUTE_XATTR);
	/* The record was asked for, and never written over or removed. */
	EXPECT_LE(1, report.getxattr);
	EXPECT_EQ(0, report.setxattr);
	EXPECT_EQ(0, report.removexattr);
}

/*
 * Checks that the list of blocks shows a block of @who for @st, named
 * @path, blocked at @since or later.
 */
static void expect_listed(struct __test_metadata *_metadata,
			  const struct stat *st, const char *who,
			  const char *path, time_t since)
{
	char listed[PATH_MAX * 4], escaped[PATH_MAX * 4];
	unsigned long long block_time;

	escape_path(escaped, sizeof(escaped), path);
	ASSERT_EQ(1, blocks_find(st, who, &block_time, listed,
				 sizeof(listed)))
		TH_LOG("no line \"%u:%u %llu %s ...\" in %s",
		       major(st->st_dev), minor(st->st_dev),
		       (unsigned long long)st->st_ino, who, BLOCKS_FILE);
	EXPECT_STREQ(escaped, listed);
	EXPECT_LE(since - 1, (time_t)block_time);
	EXPECT_GE(time(NULL) + 1, (time_t)block_time);
}

/*
 * Checks who may lift the block of @st: not @BRUTE_USER_A, who can neither read
 * nor write the list of blocks, nor root without CAP_SYS_ADMIN; then root
 * does.  Blocks are also kept across cache evictions.
 */
static void expect_liftable(struct __test_metadata *_metadata,
			    const struct stat *st, const char *path,
			    time_t since)
{
	unsigned long long block_time;
	char line[PATH_MAX * 4];
	int err;

	snprintf(line, sizeof(line), "allow %u:%u %llu\n", major(st->st_dev),
		 minor(st->st_dev), (unsigned long long)st->st_ino);
	err = blocks_try(BRUTE_USER_A, O_WRONLY, line);
	EXPECT_TRUE(denied(err))
		TH_LOG("uid %d writing: %d", BRUTE_USER_A, err);
	err = blocks_try(BRUTE_USER_A, O_RDONLY, NULL);
	EXPECT_TRUE(denied(err))
		TH_LOG("uid %d reading: %d", BRUTE_USER_A, err);
	err = blocks_try(AS_ROOT, O_WRONLY, line);
	EXPECT_TRUE(denied(err))
		TH_LOG("root without CAP_SYS_ADMIN writing: %d", err);

	/* No eviction lifts a block that lives in memory only. */
	ASSERT_EQ(0, evict_caches());
	RUN(path, BRUTE_USER_A, &err, "true");
	EXPECT_EQ(EPERM, err);
	expect_listed(_metadata, st, "1000", path, since);
	EXPECT_TRUE(exited(RUN(path, AS_ROOT, &err, "true"), 0));
	EXPECT_EQ(0, err);

	EXPECT_EQ(-EINVAL, blocks_write("allow nonsense\n"));
	EXPECT_EQ(-ENOENT, blocks_write("allow 0:0 1\n"));

	/* Root lifts the block, and the statistics start again. */
	ASSERT_EQ(0, blocks_allow(st));
	expect_setuid_runs(_metadata, path, BRUTE_USER_A);
	EXPECT_EQ(0, blocks_find(st, "1000", &block_time, line,
				 sizeof(line)));
	EXPECT_TRUE(crashed(RUN(path, BRUTE_USER_A, &err, "segv"), SIGSEGV));
	EXPECT_TRUE(exited(RUN(path, BRUTE_USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err);
}

/*
 * User A blocks the setuid-root program @prog, on a filesystem that cannot
 * store its record: the block is listed, user B still runs it, and only an
 * administrator lifts it.
 */
static void expect_block_kept(struct __test_metadata *_metadata,
			      const char *prog)
{
	time_t since = time(NULL);
	struct stat st;
	int err;

	ASSERT_EQ(0, stat(prog, &st));
	expect_setuid_runs(_metadata, prog, BRUTE_USER_A);

	EXPECT_EQ(5, brute_attack(prog, BRUTE_USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	expect_listed(_metadata, &st, "1000", prog, since);
	EXPECT_TRUE(exited(RUN(prog, BRUTE_USER_B, &err, "true"), 0));
	EXPECT_EQ(0, err);
	expect_liftable(_metadata, &st, prog, since);
}

/*
 * On ramfs, which cannot store the record: a block lives in memory, is
 * listed in securityfs, and only an administrator lifts it there.
 */
TEST_F_TIMEOUT(fs, ramfs_block_listed, FS_TIMEOUT)
{
	ASSERT_EQ(0, mount("brute", self->mnt, "ramfs", 0, "mode=0755"));
	self->mounted = true;
	ASSERT_EQ(0, copy_file(crasher, self->mprog, 04755));
	expect_block_kept(_metadata, self->mprog);
}

/*
 * On a read-only ext4 mount, where the record cannot be written: the
 * inode of a blocked file is evicted, and read again from the disk without
 * a record; the block holds, and is listed and lifted as on ramfs.
 */
TEST_F_TIMEOUT(fs, readonly_block_survives_eviction, FS_TIMEOUT)
{
	ext4_setup(_metadata, self, MS_RDONLY);
	expect_block_kept(_metadata, self->mprog);
}

/*
 * On a writable ext4 mount, eight users fill the record of a setuid file;
 * user A, the ninth, blocks it for himself, in memory only.  The inode is
 * evicted and read again: the block holds, for user A alone, and is listed
 * and lifted as on ramfs, while the record on disk never had user A.
 */
TEST_F_TIMEOUT(fs, beyond_record_block_survives_eviction, FS_TIMEOUT)
{
	struct brute_record record = {};
	struct brute_entry entry;
	time_t since = time(NULL);
	struct stat st;
	uid_t uid;
	int err;

	ext4_setup(_metadata, self, 0);
	ASSERT_EQ(0, stat(self->mprog, &st));
	for (uid = 2001; uid <= 2008; uid++)
		EXPECT_TRUE(crashed(RUN(self->mprog, uid, &err, "segv"),
				    SIGSEGV)) TH_LOG("uid %u", uid);
	EXPECT_EQ(5, brute_attack(self->mprog, BRUTE_USER_A, "segv", SIGSEGV,
				  20, &err));
	EXPECT_EQ(EPERM, err);
	ASSERT_EQ(0, brute_settle(crasher, self->dir));
	ASSERT_EQ(0, brute_read_record(self->mprog, &record));
	EXPECT_EQ(BRUTE_RECORD_USERS, brute_count_entries(&record));
	EXPECT_FALSE(brute_find_entry(&record, BRUTE_USER_A, &entry));
	expect_listed(_metadata, &st, "1000", self->mprog, since);
	EXPECT_TRUE(exited(RUN(self->mprog, 2001, &err, "true"), 0));
	EXPECT_TRUE(exited(RUN(self->mprog, BRUTE_USER_B, &err, "true"), 0));
	expect_liftable(_metadata, &st, self->mprog, since);
}

/*
 * Checks that the listed block of @st for user A lasts @length seconds:
 * its end is listed, user A is refused the file two seconds before it
 * ends (times are whole seconds) and runs it once it ended, when the block
 * is no longer listed.
 */
static void expect_block_lasts(struct __test_metadata *_metadata,
			       const struct stat *st, const char *prog,
			       unsigned int length)
{
	unsigned long long block_time, end;
	char listed[PATH_MAX * 4];
	int err;

	ASSERT_EQ(1, blocks_find_end(st, "1000", &block_time, &end, listed,
				     sizeof(listed)));
	EXPECT_EQ(block_time + length, end);
	while ((unsigned long long)time(NULL) < end - 2)
		brute_sleep_ms(20);
	EXPECT_TRUE(exited(RUN(prog, BRUTE_USER_A, &err, "true"), 127));
	EXPECT_EQ(EPERM, err) TH_LOG("not refused before the end");
	while ((unsigned long long)time(NULL) < end)
		brute_sleep_ms(20);
	EXPECT_EQ(0, blocks_find(st, "1000", &block_time, listed,
				 sizeof(listed)));
	EXPECT_TRUE(exited(RUN(prog, BRUTE_USER_A, &err, "true"), 0));
	EXPECT_EQ(0, err) TH_LOG("still refused once the block ended");
}

/*
 * User A attacks @prog again each time its block ends: every block lasts
 * twice the one before, up to block_duration_max, and one crash after an
 * expiry is enough.  With @evict, the inode is evicted after each expiry,
 * so that the next crash finds the expiry in the record read back from
 * the disk.  Lifting the block through the list ends the doubling.
 */
static void expect_renewals(struct __test_metadata *_metadata,
			    const char *prog, const char *dir, bool evict)
{
	static const unsigned int lengths[] = { 5, 10, 14 };
	struct stat st;
	unsigned int i;
	int err;

	ASSERT_EQ(0, brute_sysctl_write("block_duration", 5));
	ASSERT_EQ(0, brute_sysctl_write("block_duration_max", 14));
	ASSERT_EQ(0, stat(prog, &st));
	EXPECT_EQ(5, brute_attack(prog, BRUTE_USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	/* From now on only the expiry can make a crash an attack. */
	ASSERT_EQ(0, brute_sysctl_write("crash_period_threshold", 1));
	for (i = 0; i < ARRAY_SIZE(lengths); i++) {
		expect_block_lasts(_metadata, &st, prog, lengths[i]);
		if (evict) {
			ASSERT_EQ(0, brute_settle(crasher, dir));
			ASSERT_EQ(0, evict_caches());
		}
		EXPECT_EQ(1, brute_attack(prog, BRUTE_USER_A, "segv", SIGSEGV,
					  20, &err)) TH_LOG("block %u", i + 2);
		EXPECT_EQ(EPERM, err);
	}

	/* Lifted: the statistics and the doubling start again. */
	ASSERT_EQ(0, brute_sysctl_write("crash_period_threshold", 30));
	ASSERT_EQ(0, blocks_allow(&st));
	EXPECT_EQ(5, brute_attack(prog, BRUTE_USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);
	expect_block_lasts(_metadata, &st, prog, 5);
	EXPECT_EQ(0, brute_sysctl_reset());
}

/* On ramfs: the renewals of a block that lives in memory only. */
TEST_F_TIMEOUT(fs, ramfs_block_renewals, FS_TIMEOUT * 2)
{
	ASSERT_EQ(0, mount("brute", self->mnt, "ramfs", 0, "mode=0755"));
	self->mounted = true;
	ASSERT_EQ(0, copy_file(crasher, self->mprog, 04755));
	expect_renewals(_metadata, self->mprog, self->dir, false);
}

/* On ext4: the renewals of a block read back from the record on disk. */
TEST_F_TIMEOUT(fs, record_block_renewals, FS_TIMEOUT * 2)
{
	struct brute_entry entry;

	ext4_setup(_metadata, self, 0);
	expect_renewals(_metadata, self->mprog, self->dir, true);
	ASSERT_EQ(0, brute_settle(crasher, self->dir));
	/* The first block since the lift, expired: the doubling restarted. */
	ASSERT_EQ(0, brute_read_entry(self->mprog, BRUTE_USER_A, &entry));
	EXPECT_EQ(1, entry.block_count);
	EXPECT_EQ(5, entry.faults);
	EXPECT_TRUE(entry.flags & BRUTE_USER_EXPIRED);
	EXPECT_FALSE(entry.flags & BRUTE_USER_BLOCKED);
}

/* A file name made to forge a log line of Brute. */
#define FORGED_LINE	"brute: offending process 1 [init] killed"
#define FORGED_NAME	"x\n" FORGED_LINE

/*
 * A file whose name holds a newline and a fake log line is attacked: its
 * name and the command name are escaped in the log and in the list of
 * blocks, so that no line is forged.
 */
TEST_F_TIMEOUT(fs, escaped_names, FS_TIMEOUT)
{
	char path[PATH_MAX], escaped[PATH_MAX * 4], *msg, *line, *log;
	int err, forged = 0, unescaped = 0, detected = 0;
	time_t since = time(NULL);
	size_t len, size = 1 << 20;
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", self->dir, FORGED_NAME);
	ASSERT_EQ(0, copy_file(crasher, path, 04755));
	ASSERT_EQ(0, stat(path, &st));
	expect_setuid_runs(_metadata, path, BRUTE_USER_A);
	EXPECT_EQ(5, brute_attack(path, BRUTE_USER_A, "segv", SIGSEGV, 20,
				  &err));
	EXPECT_EQ(EPERM, err);

	log = malloc(size);
	ASSERT_NE(NULL, log);
	len = kmsg_messages(self->kmsg, log, size);
	/* The escaped file name, and the command name. */
	snprintf(escaped, sizeof(escaped), "%s/x\\012brute:", self->dir);
	/*
	 * Brute's messages only: the kernel's own report of a segfault
	 * (exception-trace) names the file unescaped.
	 */
	for (msg = log; msg < log + len; msg += strlen(msg) + 1) {
		if (strncmp(msg, "brute: ", strlen("brute: ")))
			continue;
		/* Every line, as the console shows it. */
		for (line = msg; line; line = strchr(line, '\n')) {
			line += *line == '\n';
			forged += !strncmp(line, FORGED_LINE,
					   strlen(FORGED_LINE));
		}
		if (strchr(msg, '\n')) {
			unescaped++;
			TH_LOG("unescaped: %s", msg);
		}
		detected += strstr(msg, BRUTE_DETECTED) &&
			    strstr(msg, escaped) &&
			    strstr(msg, "[x\\012brute:");
	}
	free(log);
	EXPECT_EQ(0, forged);
	EXPECT_EQ(0, unescaped);
	EXPECT_EQ(1, detected)
		TH_LOG("no detection line naming %s and its command escaped",
		       escaped);
	expect_listed(_metadata, &st, "1000", path, since);
}

TEST_HARNESS_MAIN
