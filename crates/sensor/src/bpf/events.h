/* SPDX-License-Identifier: Apache-2.0 */
/* The records the kernel programs send to user space. Defined once here; the Rust view in
 * src/raw.rs mirrors it and a test checks sizes and offsets against this header's layout. */
#ifndef SHRIKE_EVENTS_H
#define SHRIKE_EVENTS_H

#define SHRIKE_ARGV_MAX 2048
#define SHRIKE_PATH_MAX 256
#define SHRIKE_COMM_LEN 16
#define SHRIKE_PATH_DEPTH 16
#define SHRIKE_NAME_LEN 64

enum shrike_record_type {
	SHRIKE_REC_EXEC = 1,
	SHRIKE_REC_FORK = 2,
	SHRIKE_REC_EXIT = 3,
	SHRIKE_REC_LIBRARY = 4,
};

enum shrike_fd_kind {
	SHRIKE_FD_UNKNOWN = 0,
	SHRIKE_FD_NONE = 1,
	SHRIKE_FD_FILE = 2,
	SHRIKE_FD_PIPE = 3,
	SHRIKE_FD_TTY = 4,
	SHRIKE_FD_SOCKET = 5,
	SHRIKE_FD_OTHER = 6,
};

enum shrike_layer {
	SHRIKE_LAYER_UNKNOWN = 0,
	SHRIKE_LAYER_LOWER = 1,
	SHRIKE_LAYER_UPPER = 2,
	SHRIKE_LAYER_COPIED_UP = 3,
	SHRIKE_LAYER_HOST = 4,
	SHRIKE_LAYER_MEMFD = 5,
};

#define SHRIKE_EXEC_ARGV_TRUNCATED (1u << 0)
#define SHRIKE_EXEC_DELETED (1u << 1)
#define SHRIKE_EXEC_MEMFD (1u << 2)
/* exe_names holds the whole path, up to the root of the process's mount namespace. */
#define SHRIKE_EXEC_PATH_COMPLETE (1u << 3)

struct shrike_fd {
	__u8 kind;      /* enum shrike_fd_kind */
	__u8 family;    /* AF_* for sockets */
	__u8 protocol;  /* IPPROTO_* for inet sockets */
	__u8 sock_type; /* SOCK_* */
	__u16 local_port;  /* host order */
	__u16 remote_port; /* host order */
	__u32 rdev;     /* device number of a character device (ttys) */
	__u32 _pad;
	__u64 ino;
	__u8 local_addr[16];  /* IPv4 in the first 4 bytes */
	__u8 remote_addr[16];
};

struct shrike_exec {
	__u32 type; /* SHRIKE_REC_EXEC */
	__u32 pid;
	__u32 ppid;
	__u32 uid;
	__u32 gid;
	__u32 flags;
	__u32 layer; /* enum shrike_layer */
	__u32 argv_len;
	__u64 time_boot_ns;
	__u64 start_boot_ns;
	__u64 cgroup_id;
	__u64 exe_dev;
	__u64 exe_ino;
	__u64 exe_size;
	__u64 exe_mtime_ns;
	char comm[SHRIKE_COMM_LEN];
	struct shrike_fd fds[3];
	char filename[SHRIKE_PATH_MAX];
	char argv[SHRIKE_ARGV_MAX];
	/* The executed file's path, leaf first: one name per component. */
	__u32 exe_depth;
	__u32 _pad2;
	char exe_names[SHRIKE_PATH_DEPTH][SHRIKE_NAME_LEN];
};

/* A file mapped executable (mmap with PROT_EXEC) by a process in a container, outside exec:
 * a shared library. Flags are SHRIKE_EXEC_DELETED, _MEMFD and _PATH_COMPLETE. */
struct shrike_library {
	__u32 type; /* SHRIKE_REC_LIBRARY */
	__u32 pid;
	__u32 flags;
	__u32 layer; /* enum shrike_layer */
	__u64 time_boot_ns;
	__u64 start_boot_ns;
	__u64 cgroup_id;
	__u64 dev;
	__u64 ino;
	__u64 size;
	__u64 mtime_ns;
	/* The file's path, leaf first, as for an exec. */
	__u32 depth;
	__u32 _pad;
	char names[SHRIKE_PATH_DEPTH][SHRIKE_NAME_LEN];
};

struct shrike_fork {
	__u32 type; /* SHRIKE_REC_FORK */
	__u32 pid;
	__u32 ppid;
	__u32 _pad;
	__u64 time_boot_ns;
	__u64 start_boot_ns;
};

struct shrike_exit {
	__u32 type; /* SHRIKE_REC_EXIT */
	__u32 pid;
	__s32 exit_code;
	__u32 _pad;
	__u64 time_boot_ns;
};

#endif
