// SPDX-License-Identifier: GPL-2.0
/*
 * Setuid-root helper for the ramfs boot test (installed mode 4755).
 *   suid-check        print the ids; succeed when the effective uid is root
 *   suid-check drop   become nobody, then exec suid-check again, so that the
 *                     exec crosses the setuid boundary (secureexec)
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "drop")) {
		if (setgid(65534) || setuid(65534)) {
			perror("suid-check: drop privileges");
			return 2;
		}
		execl(argv[0], argv[0], (char *)NULL);
		perror("suid-check: exec");
		return 3;
	}
	printf("suid-check: ruid=%d euid=%d\n", (int)getuid(), (int)geteuid());
	return geteuid() == 0 ? 0 : 1;
}
