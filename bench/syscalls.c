/* N getppid(2) system calls, one after another; prints the elapsed seconds. The workload of the
 * system-call overhead benchmark (scripts/bench-syscalls.sh): the cheapest real system call, so
 * whatever a hook on every system call's exit costs shows at its largest. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000000;
	struct timespec a, b;
	long sum = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		sum += syscall(SYS_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (sum == 42) /* keeps the loop */
		fputs("", stderr);
	printf("%.4f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
