// SPDX-License-Identifier: GPL-2.0 OR Apache-2.0
/* Shrike's kernel side: process exec, fork and exit, and shared libraries mapped in containers,
 * on raw tracepoints (no tracefs needed, no kprobes, fentry or LSM). At exec it reads what user space cannot read reliably later: argv, the
 * executed file's identity and overlayfs layer, and what fds 0-2 are (for inet sockets, both
 * endpoints). Records go to one BPF ring buffer without waking the reader: user space polls, so
 * an exec storm does not cost a wake-up per event. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "events.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define S_IFREG 0100000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define AF_INET 2
#define AF_INET6 10

/* Ring buffer size, set by user space before load. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 * 1024 * 1024);
} events SEC(".maps");

/* Records that did not fit in the ring buffer, by type: user space reports them as lost. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/* Ring-buffer flags: 0 wakes the reader on every record; BPF_RB_NO_WAKEUP leaves it to poll. */
const volatile __u64 submit_flags = BPF_RB_NO_WAKEUP;

/* The host's mount namespace (its inode number), set by user space before load: library loads
 * are reported only for processes in other mount namespaces (containers). 0 reports all. */
const volatile __u32 host_mnt_ns = 0;

static __always_inline void count_lost(__u32 type)
{
	__u64 *n = bpf_map_lookup_elem(&lost, &type);
	if (n)
		__sync_fetch_and_add(n, 1);
}

/* The open file behind descriptor `fd` of `task`, or NULL. */
static __always_inline struct file *fd_file(struct task_struct *task, unsigned int fd)
{
	struct files_struct *files = BPF_CORE_READ(task, files);
	struct fdtable *fdt = BPF_CORE_READ(files, fdt);
	unsigned int max_fds = BPF_CORE_READ(fdt, max_fds);
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;

	if (fd >= max_fds)
		return NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline void read_fd(struct task_struct *task, int fd, struct shrike_fd *out)
{
	struct file *f = fd_file(task, fd);
	if (!f) {
		out->kind = SHRIKE_FD_NONE;
		return;
	}
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	umode_t mode = BPF_CORE_READ(inode, i_mode);
	out->ino = BPF_CORE_READ(inode, i_ino);
	switch (mode & S_IFMT) {
	case S_IFREG:
		out->kind = SHRIKE_FD_FILE;
		return;
	case S_IFIFO:
		out->kind = SHRIKE_FD_PIPE;
		return;
	case S_IFCHR:
		out->rdev = BPF_CORE_READ(inode, i_rdev);
		out->kind = SHRIKE_FD_OTHER; /* user space tells ttys from other devices by rdev */
		return;
	case S_IFSOCK:
		break;
	default:
		out->kind = SHRIKE_FD_OTHER;
		return;
	}
	out->kind = SHRIKE_FD_SOCKET;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);
	out->family = family;
	out->sock_type = BPF_CORE_READ(sk, sk_type);
	out->protocol = BPF_CORE_READ(sk, sk_protocol);
	if (family != AF_INET && family != AF_INET6)
		return;
	out->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
	out->remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	if (family == AF_INET) {
		__u32 l = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 r = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(out->local_addr, &l, 4);
		__builtin_memcpy(out->remote_addr, &r, 4);
	} else {
		BPF_CORE_READ_INTO(&out->local_addr, sk, __sk_common.skc_v6_rcv_saddr.in6_u.u6_addr8);
		BPF_CORE_READ_INTO(&out->remote_addr, sk, __sk_common.skc_v6_daddr.in6_u.u6_addr8);
	}
}

/* Where the executed file lives. On overlayfs the inode is embedded in a struct ovl_inode:
 * an upper dentry means the file is in the container's writable layer, and an upper file that
 * still has a lower origin was copied up (an image file modified at run time). */
static __always_inline __u32 exe_layer(struct file *exe)
{
	struct inode *inode = BPF_CORE_READ(exe, f_inode);
	unsigned long magic = BPF_CORE_READ(inode, i_sb, s_magic);
	if (magic != OVERLAYFS_SUPER_MAGIC)
		return SHRIKE_LAYER_HOST;
	struct ovl_inode *oi = container_of(inode, struct ovl_inode, vfs_inode);
	struct dentry *upper = BPF_CORE_READ(oi, __upperdentry);
	if (!upper)
		return SHRIKE_LAYER_LOWER;
	struct ovl_entry *oe = BPF_CORE_READ(oi, oe);
	unsigned int numlower = oe ? BPF_CORE_READ(oe, __numlower) : 0;
	return numlower > 0 ? SHRIKE_LAYER_COPIED_UP : SHRIKE_LAYER_UPPER;
}

/* The executed file's path, leaf first: dentry names up to the root of the file's mount. When
 * that mount is the root of the process's mount namespace (the host's root filesystem, or a
 * container's overlay root) the names are the whole path; otherwise user space completes it.
 * Crossing mounts in the kernel made the verifier's state count explode, so it stays here. */
static __always_inline void file_path(struct file *exe, char names[SHRIKE_PATH_DEPTH][SHRIKE_NAME_LEN],
				      __u32 *depth, __u32 *flags)
{
	struct dentry *d = BPF_CORE_READ(exe, f_path.dentry);
	struct vfsmount *vm = BPF_CORE_READ(exe, f_path.mnt);
	struct mount *m = container_of(vm, struct mount, mnt);
	struct dentry *root = BPF_CORE_READ(vm, mnt_root);
	__u32 n = 0;

	for (n = 0; n < SHRIKE_PATH_DEPTH; n++) {
		struct dentry *parent = BPF_CORE_READ(d, d_parent);
		if (d == root || d == parent)
			break;
		const unsigned char *name = BPF_CORE_READ(d, d_name.name);
		bpf_probe_read_kernel_str(names[n], SHRIKE_NAME_LEN, name);
		d = parent;
	}
	/* A disconnected dentry (memfd_create's files, other pseudo files) is its own parent: its
	 * name alone is the path, as d_path prints it ("/memfd:NAME"). Without this a memfd
	 * program that exits before user space reads /proc/PID/exe was not seen as one. */
	if (n == 0 && d != root) {
		const unsigned char *name = BPF_CORE_READ(d, d_name.name);
		bpf_probe_read_kernel_str(names[0], SHRIKE_NAME_LEN, name);
		n = 1;
	}
	*depth = n;
	/* memfd_create files are named "memfd:<name>" on the kernel's internal shm mount. */
	if (n > 0 && names[0][0] == 'm' && names[0][1] == 'e' && names[0][2] == 'm' &&
	    names[0][3] == 'f' && names[0][4] == 'd' && names[0][5] == ':')
		*flags |= SHRIKE_EXEC_MEMFD;
	if ((d == root || d == BPF_CORE_READ(d, d_parent)) && BPF_CORE_READ(m, mnt_parent) == m)
		*flags |= SHRIKE_EXEC_PATH_COMPLETE;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(shrike_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct shrike_exec *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(SHRIKE_REC_EXEC);
		return 0;
	}
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	__u64 uid_gid = bpf_get_current_uid_gid();

	e->type = SHRIKE_REC_EXEC;
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->uid = (__u32)uid_gid;
	e->gid = uid_gid >> 32;
	e->flags = 0;
	e->time_boot_ns = bpf_ktime_get_boot_ns();
	e->start_boot_ns = BPF_CORE_READ(task, start_boottime);
	e->cgroup_id = bpf_get_current_cgroup_id();
	bpf_get_current_comm(e->comm, sizeof(e->comm));

	struct file *exe = BPF_CORE_READ(task, mm, exe_file);
	struct inode *inode = BPF_CORE_READ(exe, f_inode);
	e->exe_dev = BPF_CORE_READ(inode, i_sb, s_dev);
	e->exe_ino = BPF_CORE_READ(inode, i_ino);
	e->exe_size = BPF_CORE_READ(inode, i_size);
	/* i_mtime_sec/i_mtime_nsec: kernel 6.7 and later. */
	e->exe_mtime_ns = BPF_CORE_READ(inode, i_mtime_sec) * 1000000000ull +
			  BPF_CORE_READ(inode, i_mtime_nsec);
	if (BPF_CORE_READ(inode, i_nlink) == 0)
		e->flags |= SHRIKE_EXEC_DELETED;
	e->layer = exe_layer(exe);
	file_path(exe, e->exe_names, &e->exe_depth, &e->flags);

	const char *filename = BPF_CORE_READ(bprm, filename);
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), filename);

	unsigned long arg_start = BPF_CORE_READ(task, mm, arg_start);
	unsigned long arg_end = BPF_CORE_READ(task, mm, arg_end);
	unsigned long len = arg_end - arg_start;
	if (len > SHRIKE_ARGV_MAX) {
		len = SHRIKE_ARGV_MAX;
		e->flags |= SHRIKE_EXEC_ARGV_TRUNCATED;
	}
	e->argv_len = 0;
	if (len > 0 && bpf_probe_read_user(e->argv, len & (SHRIKE_ARGV_MAX - 1) ?: SHRIKE_ARGV_MAX, (void *)arg_start) == 0)
		e->argv_len = len;

	for (int i = 0; i < 3; i++) {
		__builtin_memset(&e->fds[i], 0, sizeof(e->fds[i]));
		read_fd(task, i, &e->fds[i]);
	}
	bpf_ringbuf_submit(e, submit_flags);
	return 0;
}

#define PROT_EXEC 0x4
#define MAP_ANONYMOUS 0x20
#define NR_MMAP 9 /* x86_64 */
#define MAX_ERRNO 4095

/* A file mapped executable: a shared library (the dynamic loader's segments, dlopen,
 * LD_PRELOAD). Kernels without kprobes (CONFIG_KPROBES off) have no hook on
 * security_mmap_file, so this is the exit of every system call, filtered at once to a
 * successful mmap(2) with PROT_EXEC of a file; the file is the mapped descriptor's. The kernel's
 * own mappings at exec (the executable and its ELF interpreter) are no system call and belong
 * to the exec record. Processes in the host's mount namespace are skipped. x86_64 numbering;
 * mprotect(2) adding PROT_EXEC to a file mapping is not seen. */
SEC("tp_btf/sys_exit")
int BPF_PROG(shrike_library, struct pt_regs *regs, long ret)
{
	if (regs->orig_ax != NR_MMAP || (unsigned long)ret >= (unsigned long)-MAX_ERRNO)
		return 0;
	if (!(regs->dx & PROT_EXEC) || (regs->r10 & MAP_ANONYMOUS))
		return 0;
	unsigned int fd = (unsigned int)regs->r8;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task_btf();
	if (host_mnt_ns && BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum) == host_mnt_ns)
		return 0;
	struct file *file = fd_file(task, fd);
	if (!file)
		return 0;
	struct inode *inode = BPF_CORE_READ(file, f_inode);
	umode_t mode = BPF_CORE_READ(inode, i_mode);
	if ((mode & S_IFMT) != S_IFREG)
		return 0;
	struct shrike_library *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(SHRIKE_REC_LIBRARY);
		return 0;
	}
	e->type = SHRIKE_REC_LIBRARY;
	e->pid = BPF_CORE_READ(task, tgid);
	e->flags = 0;
	e->time_boot_ns = bpf_ktime_get_boot_ns();
	e->start_boot_ns = BPF_CORE_READ(task, group_leader, start_boottime);
	e->cgroup_id = bpf_get_current_cgroup_id();
	e->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	e->ino = BPF_CORE_READ(inode, i_ino);
	e->size = BPF_CORE_READ(inode, i_size);
	e->mtime_ns = BPF_CORE_READ(inode, i_mtime_sec) * 1000000000ull + BPF_CORE_READ(inode, i_mtime_nsec);
	if (BPF_CORE_READ(inode, i_nlink) == 0)
		e->flags |= SHRIKE_EXEC_DELETED;
	e->layer = exe_layer(file);
	e->_pad = 0;
	file_path(file, e->names, &e->depth, &e->flags);
	bpf_ringbuf_submit(e, submit_flags);
	return 0;
}

SEC("raw_tp/sched_process_fork")
int BPF_PROG(shrike_fork, struct task_struct *parent, struct task_struct *child)
{
	/* Threads are not processes. */
	if (BPF_CORE_READ(child, pid) != BPF_CORE_READ(child, tgid))
		return 0;
	struct shrike_fork *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(SHRIKE_REC_FORK);
		return 0;
	}
	e->type = SHRIKE_REC_FORK;
	e->pid = BPF_CORE_READ(child, tgid);
	e->ppid = BPF_CORE_READ(parent, tgid);
	e->_pad = 0;
	e->time_boot_ns = bpf_ktime_get_boot_ns();
	e->start_boot_ns = BPF_CORE_READ(child, start_boottime);
	bpf_ringbuf_submit(e, submit_flags);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int BPF_PROG(shrike_exit, struct task_struct *p)
{
	/* Only the whole process: the thread group leader's exit. */
	if (BPF_CORE_READ(p, pid) != BPF_CORE_READ(p, tgid))
		return 0;
	struct shrike_exit *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		count_lost(SHRIKE_REC_EXIT);
		return 0;
	}
	e->type = SHRIKE_REC_EXIT;
	e->pid = BPF_CORE_READ(p, tgid);
	e->exit_code = BPF_CORE_READ(p, exit_code);
	e->_pad = 0;
	e->time_boot_ns = bpf_ktime_get_boot_ns();
	bpf_ringbuf_submit(e, submit_flags);
	return 0;
}
