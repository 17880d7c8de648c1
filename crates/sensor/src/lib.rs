//! Shrike's live sensor.
//!
//! Three CO-RE programs on raw tracepoints (`sched_process_exec`, `sched_process_fork`,
//! `sched_process_exit`; no tracefs, fentry or BPF-LSM needed) write records into one BPF ring
//! buffer without waking the reader; user space drains it every few milliseconds
//! ([`loader::Sensor`]), parses the records ([`raw`], no syscalls), and enriches execs
//! ([`enrich::Enricher`]): the executable's path, SHA-256 (cached by device, inode, size and
//! mtime), the captured script of an interpreter, cgroup path and container metadata. The result
//! is the same [`shrike_core::Event`] stream a recording holds, so live and replay share
//! everything after the source.
//!
//! The loader is libbpf-rs with a libbpf-cargo skeleton: the C is compiled by Debian's clang at
//! build time against a vendored `vmlinux.h`, and libbpf does the CO-RE relocations at load
//! time. aya would avoid the C toolchain, but its releases that build on this stable rustc lag
//! behind; libbpf is what the kernel's own tools use. Kernel requirements: BTF
//! (`/sys/kernel/btf/vmlinux`), BPF ring buffers (5.8), `start_boottime` (5.5), and the
//! `i_mtime_sec` inode layout (6.7).
//!
//! Short-lived processes: the kernel record carries the executable's identity (device, inode,
//! size, mtime), layer and requested path. User space hashes through `/proc/PID/exe` while the
//! process lives; when it has already exited, it opens the same path through the container's
//! root (its init process's `/proc/PID/root`, from the runtime's state) or the host root, and
//! accepts the file only if its device and inode are the ones the kernel saw. Scripts are read
//! the same way. What still cannot be read is counted as a hashing failure and named in the
//! event (`exe.hash_error`).

pub mod enrich;
pub mod live;
pub mod loader;
pub mod metadata;
pub mod privileges;
pub mod procfs;
pub mod raw;
