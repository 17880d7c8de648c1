/* Fork+exec /bin/true N times, one after the other; prints the elapsed seconds. The workload of
 * the sensor overhead benchmark (scripts/bench-overhead.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	char *const args[] = {"/bin/true", NULL};
	char *const env[] = {NULL};
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			execve("/bin/true", args, env);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, NULL, 0) < 0) {
			perror("spawn");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.3f\n", (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
	return 0;
}
