/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Brute LSM - the "security.brute" extended attribute
 *
 * Copyright (C) 2026 The Brute developers
 *
 * Brute keeps the crash statistics of every executable file whose
 * processes crashed after crossing a privilege boundary in the
 * "security.brute" extended attribute of that file, per user.  This header
 * describes its value so that userspace can decode it.
 *
 * Decoding rules, which the kernel follows too:
 *
 * - All multi-byte fields are little-endian.
 * - The first byte is the version, %BRUTE_RECORD_VERSION: &struct
 *   brute_record.  With a @minor up to %BRUTE_RECORD_MINOR its size is
 *   exactly sizeof(struct brute_record); a value with a larger @minor may
 *   be longer, and the bytes after sizeof(struct brute_record) are ignored
 *   (a minor revision only appends fields).
 * - The kernel reads at most 1024 bytes; a longer value is malformed.
 * - Any other version or size, a flag or boundary outside the defined bits,
 *   an @ema above %BRUTE_PERIOD_MAX, or a uid used by two entries, is
 *   malformed.  The kernel treats a malformed value as a file without
 *   statistics: never as a crash, a warning or a block.  It replaces it
 *   with a valid record at the next counted crash.  (Versions 1 and 2 were
 *   written only by development versions of Brute, never by a released
 *   kernel, and are malformed too.)
 *
 * Statistics are kept per file and per principal: the real user id, in the
 * initial user namespace, that the crashing process held when it died (for
 * a setuid program, the user who ran it; for the worker of a root master
 * that took a tenant's ids, that tenant), and one principal per container
 * whose user namespace root set up.  The record has room for
 * %BRUTE_RECORD_USERS principals; the kernel keeps the statistics of
 * further ones in memory only, each for itself.  A block of a user's entry
 * refuses the file to that user only; a block of the entry of root (uid 0)
 * refuses it to everyone.
 *
 * Times are seconds since the Epoch (CLOCK_REALTIME), so that the
 * statistics survive reboots.  Writing and removing the attribute needs
 * CAP_SYS_ADMIN; removing it re-allows a blocked file and resets its
 * statistics.
 */

#ifndef _UAPI_LINUX_BRUTE_H
#define _UAPI_LINUX_BRUTE_H

#include <linux/types.h>

/* The version the kernel writes, and its minor revision. */
#define BRUTE_RECORD_VERSION		3
#define BRUTE_RECORD_MINOR		0

/* Number of users with an entry of their own. */
#define BRUTE_RECORD_USERS		8

/* The uid field of unused entries. */
#define BRUTE_UID_NONE			0xffffffffU

/* Flags of brute_user.flags. */
/* The entry is in use: it holds the statistics of brute_user.uid. */
#define BRUTE_USER_USED			(1U << 0)
/* Executions are refused: to brute_user.uid, or to everyone for root's
 * entry.
 */
#define BRUTE_USER_BLOCKED		(1U << 1)
/* The last block expired; the statistics were kept, and the next crash
 * blocks the file again, for twice as long.
 */
#define BRUTE_USER_EXPIRED		(1U << 2)
#define BRUTE_USER_FLAGS_MASK		((1U << 3) - 1)

/* Privilege boundaries crossed by the processes whose crashes counted. */
/* Executed through its setuid or setgid bits. */
#define BRUTE_BOUNDARY_SETID		(1U << 0)
/* Executed through its file capabilities. */
#define BRUTE_BOUNDARY_FCAPS		(1U << 1)
/* Its execution was a secure exec for another reason. */
#define BRUTE_BOUNDARY_SECUREEXEC	(1U << 2)
/* The process changed its user or group ids. */
#define BRUTE_BOUNDARY_CREDS		(1U << 3)
/* The process accepted, or was executed holding, a network connection. */
#define BRUTE_BOUNDARY_NETWORK		(1U << 4)
#define BRUTE_BOUNDARY_MASK		((1U << 5) - 1)

/* The largest crash period and EMA, in seconds (about 136 years). */
#define BRUTE_PERIOD_MAX		0xffffffffULL

/**
 * struct brute_user - Crash statistics of one principal
 * @uid: The real user id, in the initial user namespace, charged with the
 *       crashes; %BRUTE_UID_NONE for unused entries.
 * @faults: Number of crashes counted.
 * @last_crash: Time of the last counted crash, in seconds since the Epoch.
 * @ema: Exponential moving average of the period between crashes, in
 *       seconds.
 * @block_time: Time of the last block, in seconds since the Epoch; zero if
 *              the entry was never blocked.
 * @block_count: How many times the entry was blocked: the n-th block lasts
 *               block_duration * 2^(n - 1) seconds, at most
 *               block_duration_max (the sysctls of Brute.rst).
 * @flags: %BRUTE_USER_USED, %BRUTE_USER_BLOCKED and %BRUTE_USER_EXPIRED.
 * @reserved: Zero.
 */
struct brute_user {
	__le32 uid;
	__le32 faults;
	__le64 last_crash;
	__le64 ema;
	__le64 block_time;
	__le32 block_count;
	__u8 flags;
	__u8 reserved[3];
};

/**
 * struct brute_record - Value of the "security.brute" extended attribute
 * @version: %BRUTE_RECORD_VERSION.
 * @minor: %BRUTE_RECORD_MINOR; a larger value only appends fields.
 * @boundaries: The privilege boundaries crossed, %BRUTE_BOUNDARY_*.
 * @reserved: Zero.
 * @users: One entry per principal, in no particular order; an entry
 *         without %BRUTE_USER_USED is unused.
 */
struct brute_record {
	__u8 version;
	__u8 minor;
	__le16 boundaries;
	__le32 reserved;
	struct brute_user users[BRUTE_RECORD_USERS];
};

/*
 * The securityfs file /sys/kernel/security/brute/blocks lists the files
 * that are blocked now, including those whose filesystem cannot store the
 * attribute, one line per blocked entry:
 *
 *   <major>:<minor> <inode> <uid|all> <block time> <end|-> <path>
 *
 * <uid|all> is the user whose executions are refused, or "all" for the
 * entry of root.  <end> is the time the block ends, in seconds since the
 * Epoch, or "-" for a block that lasts until it is lifted.  A block that
 * has ended is not listed.  The list includes the principals whose
 * statistics are kept in memory only.  The path is the one the file had
 * when it was blocked, cut at 1023 bytes, with every byte that is not
 * printable ASCII, a space or a backslash written as \ooo (octal).
 * Writing "allow <major>:<minor> <inode>" to it, with CAP_SYS_ADMIN, lifts
 * the blocks of that file and resets its statistics, as removing the
 * attribute does.
 */

#endif /* _UAPI_LINUX_BRUTE_H */
