/* Prints the layout of the records in events.h as Rust constants (see build.rs). */
#include <stddef.h>
#include <stdio.h>
#include <linux/types.h>
#include "events.h"

#define P(name, value) printf("pub const %s: usize = %zu;\n", name, (size_t)(value))

int main(void)
{
	P("EXEC_SIZE", sizeof(struct shrike_exec));
	P("EXEC_TIME", offsetof(struct shrike_exec, time_boot_ns));
	P("EXEC_CGROUP", offsetof(struct shrike_exec, cgroup_id));
	P("EXEC_EXE_DEV", offsetof(struct shrike_exec, exe_dev));
	P("EXEC_COMM", offsetof(struct shrike_exec, comm));
	P("EXEC_FDS", offsetof(struct shrike_exec, fds));
	P("EXEC_FILENAME", offsetof(struct shrike_exec, filename));
	P("EXEC_ARGV", offsetof(struct shrike_exec, argv));
	P("FD_SIZE", sizeof(struct shrike_fd));
	P("FD_INO", offsetof(struct shrike_fd, ino));
	P("FD_LOCAL_ADDR", offsetof(struct shrike_fd, local_addr));
	P("FD_REMOTE_ADDR", offsetof(struct shrike_fd, remote_addr));
	P("FORK_SIZE", sizeof(struct shrike_fork));
	P("FORK_START", offsetof(struct shrike_fork, start_boot_ns));
	P("EXIT_SIZE", sizeof(struct shrike_exit));
	P("EXIT_TIME", offsetof(struct shrike_exit, time_boot_ns));
	P("EXEC_EXE_DEPTH", offsetof(struct shrike_exec, exe_depth));
	P("EXEC_EXE_NAMES", offsetof(struct shrike_exec, exe_names));
	P("LIBRARY_SIZE", sizeof(struct shrike_library));
	P("LIBRARY_TIME", offsetof(struct shrike_library, time_boot_ns));
	P("LIBRARY_DEV", offsetof(struct shrike_library, dev));
	P("LIBRARY_DEPTH", offsetof(struct shrike_library, depth));
	P("LIBRARY_NAMES", offsetof(struct shrike_library, names));
	P("PATH_DEPTH", SHRIKE_PATH_DEPTH);
	P("NAME_LEN", SHRIKE_NAME_LEN);
	P("ARGV_MAX", SHRIKE_ARGV_MAX);
	P("PATH_MAX", SHRIKE_PATH_MAX);
	return 0;
}
