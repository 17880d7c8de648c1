//! The kernel's records, parsed from ring-buffer bytes. No syscalls here: this is tested on any
//! machine, and a test holds the offsets to the C layout that build.rs measured.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Layout of `events.h`, measured by build.rs with the host C compiler.
#[allow(missing_docs, reason = "generated constants named after the C fields")]
pub mod layout {
    include!(concat!(env!("OUT_DIR"), "/layout.rs"));
}

/// Record type tags (`enum shrike_record_type`).
const REC_EXEC: u32 = 1;
const REC_FORK: u32 = 2;
const REC_EXIT: u32 = 3;

/// `SHRIKE_EXEC_*` flags.
pub const EXEC_ARGV_TRUNCATED: u32 = 1;
/// The executed file had no links left.
pub const EXEC_DELETED: u32 = 2;
/// The executed file is a memfd (`memfd_create`).
pub const EXEC_MEMFD: u32 = 4;
/// `exe_names` reaches the root of the process's mount namespace.
pub const EXEC_PATH_COMPLETE: u32 = 8;

/// A standard descriptor as the kernel saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawFd {
    /// `enum shrike_fd_kind`.
    pub kind: u8,
    /// `AF_*`.
    pub family: u8,
    /// `IPPROTO_*`.
    pub protocol: u8,
    /// `SOCK_*`.
    pub sock_type: u8,
    /// Local port, host order.
    pub local_port: u16,
    /// Remote port, host order.
    pub remote_port: u16,
    /// Device number of a character device.
    pub rdev: u32,
    /// Inode number.
    pub ino: u64,
    /// Local address (IPv4 in the first 4 bytes).
    pub local_addr: [u8; 16],
    /// Remote address.
    pub remote_addr: [u8; 16],
}

impl RawFd {
    /// The local and remote addresses for the socket's family.
    pub fn addrs(&self) -> Option<(IpAddr, IpAddr)> {
        match self.family {
            2 => Some((ipv4(&self.local_addr), ipv4(&self.remote_addr))),
            10 => Some((
                IpAddr::V6(Ipv6Addr::from(self.local_addr)),
                IpAddr::V6(Ipv6Addr::from(self.remote_addr)),
            )),
            _ => None,
        }
    }
}

fn ipv4(b: &[u8; 16]) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(b[0], b[1], b[2], b[3]))
}

/// An exec record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawExec {
    /// Process id.
    pub pid: u32,
    /// Parent's process id.
    pub ppid: u32,
    /// Real uid.
    pub uid: u32,
    /// Real gid.
    pub gid: u32,
    /// `SHRIKE_EXEC_*`.
    pub flags: u32,
    /// `enum shrike_layer`.
    pub layer: u32,
    /// `CLOCK_BOOTTIME` of the exec.
    pub time_boot_ns: u64,
    /// Process start, `CLOCK_BOOTTIME`.
    pub start_boot_ns: u64,
    /// cgroup v2 id.
    pub cgroup_id: u64,
    /// Executable's device.
    pub exe_dev: u64,
    /// Executable's inode.
    pub exe_ino: u64,
    /// Executable's size.
    pub exe_size: u64,
    /// Executable's mtime.
    pub exe_mtime_ns: u64,
    /// `comm`.
    pub comm: String,
    /// fds 0–2.
    pub fds: [RawFd; 3],
    /// The path the exec asked for (a script, for `#!` files).
    pub filename: String,
    /// Arguments.
    pub argv: Vec<String>,
    /// The executed file's path as read in the kernel, up to the root of its mount; `None` if
    /// no component was read.
    pub exe_path: Option<String>,
}

impl RawExec {
    /// True when [`RawExec::exe_path`] is the whole path in the process's mount namespace.
    pub fn exe_path_complete(&self) -> bool {
        self.flags & EXEC_PATH_COMPLETE != 0 && self.exe_path.is_some()
    }
}

/// A fork record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawFork {
    /// Child.
    pub pid: u32,
    /// Parent.
    pub ppid: u32,
    /// `CLOCK_BOOTTIME`.
    pub time_boot_ns: u64,
    /// Child's start.
    pub start_boot_ns: u64,
}

/// An exit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawExit {
    /// Process.
    pub pid: u32,
    /// `wait(2)` status.
    pub exit_code: i32,
    /// `CLOCK_BOOTTIME`.
    pub time_boot_ns: u64,
}

/// One record from the ring buffer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawRecord {
    /// Exec.
    Exec(Box<RawExec>),
    /// Fork.
    Fork(RawFork),
    /// Exit.
    Exit(RawExit),
}

/// Why a record could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RawError {
    /// Too short for its type.
    #[error("record of type {kind} is {len} bytes, expected {expected}")]
    Short {
        /// Type tag.
        kind: u32,
        /// Bytes received.
        len: usize,
        /// Bytes needed.
        expected: usize,
    },
    /// Unknown type tag.
    #[error("unknown record type {0}")]
    UnknownType(u32),
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn u8(&self, at: usize) -> u8 {
        self.0[at]
    }
    fn u16(&self, at: usize) -> u16 {
        u16::from_ne_bytes([self.0[at], self.0[at + 1]])
    }
    fn u32(&self, at: usize) -> u32 {
        let mut b = [0; 4];
        b.copy_from_slice(&self.0[at..at + 4]);
        u32::from_ne_bytes(b)
    }
    fn u64(&self, at: usize) -> u64 {
        let mut b = [0; 8];
        b.copy_from_slice(&self.0[at..at + 8]);
        u64::from_ne_bytes(b)
    }
    fn arr16(&self, at: usize) -> [u8; 16] {
        let mut b = [0; 16];
        b.copy_from_slice(&self.0[at..at + 16]);
        b
    }
    /// A NUL-terminated string in a fixed field, lossily UTF-8.
    fn cstr(&self, at: usize, len: usize) -> String {
        let field = &self.0[at..at + len];
        let end = field.iter().position(|&b| b == 0).unwrap_or(len);
        String::from_utf8_lossy(&field[..end]).into_owned()
    }
}

fn need(kind: u32, data: &[u8], expected: usize) -> Result<(), RawError> {
    if data.len() < expected {
        return Err(RawError::Short {
            kind,
            len: data.len(),
            expected,
        });
    }
    Ok(())
}

/// Splits the kernel's argv block (NUL-separated) into arguments.
pub fn split_argv(block: &[u8]) -> Vec<String> {
    let block = block.strip_suffix(&[0]).unwrap_or(block);
    if block.is_empty() {
        return Vec::new();
    }
    block
        .split(|&b| b == 0)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// Parses one ring-buffer record.
pub fn parse(data: &[u8]) -> Result<RawRecord, RawError> {
    use layout::*;
    need(0, data, 4)?;
    let b = Bytes(data);
    match b.u32(0) {
        REC_EXEC => {
            need(REC_EXEC, data, EXEC_SIZE)?;
            let mut fds: [RawFd; 3] = Default::default();
            for (i, fd) in fds.iter_mut().enumerate() {
                let at = EXEC_FDS + i * FD_SIZE;
                *fd = RawFd {
                    kind: b.u8(at),
                    family: b.u8(at + 1),
                    protocol: b.u8(at + 2),
                    sock_type: b.u8(at + 3),
                    local_port: b.u16(at + 4),
                    remote_port: b.u16(at + 6),
                    rdev: b.u32(at + 8),
                    ino: b.u64(at + FD_INO),
                    local_addr: b.arr16(at + FD_LOCAL_ADDR),
                    remote_addr: b.arr16(at + FD_REMOTE_ADDR),
                };
            }
            let argv_len = (b.u32(28) as usize).min(ARGV_MAX);
            Ok(RawRecord::Exec(Box::new(RawExec {
                pid: b.u32(4),
                ppid: b.u32(8),
                uid: b.u32(12),
                gid: b.u32(16),
                flags: b.u32(20),
                layer: b.u32(24),
                time_boot_ns: b.u64(EXEC_TIME),
                start_boot_ns: b.u64(EXEC_TIME + 8),
                cgroup_id: b.u64(EXEC_CGROUP),
                exe_dev: b.u64(EXEC_EXE_DEV),
                exe_ino: b.u64(EXEC_EXE_DEV + 8),
                exe_size: b.u64(EXEC_EXE_DEV + 16),
                exe_mtime_ns: b.u64(EXEC_EXE_DEV + 24),
                comm: b.cstr(EXEC_COMM, 16),
                fds,
                filename: b.cstr(EXEC_FILENAME, PATH_MAX),
                argv: split_argv(&data[EXEC_ARGV..EXEC_ARGV + argv_len]),
                exe_path: {
                    let depth = (b.u32(EXEC_EXE_DEPTH) as usize).min(PATH_DEPTH);
                    let names: Vec<String> = (0..depth)
                        .rev()
                        .map(|i| b.cstr(EXEC_EXE_NAMES + i * NAME_LEN, NAME_LEN))
                        .collect();
                    (!names.is_empty()).then(|| format!("/{}", names.join("/")))
                },
            })))
        }
        REC_FORK => {
            need(REC_FORK, data, FORK_SIZE)?;
            Ok(RawRecord::Fork(RawFork {
                pid: b.u32(4),
                ppid: b.u32(8),
                time_boot_ns: b.u64(16),
                start_boot_ns: b.u64(FORK_START),
            }))
        }
        REC_EXIT => {
            need(REC_EXIT, data, EXIT_SIZE)?;
            Ok(RawRecord::Exit(RawExit {
                pid: b.u32(4),
                exit_code: b.u32(8) as i32,
                time_boot_ns: b.u64(EXIT_TIME),
            }))
        }
        other => Err(RawError::UnknownType(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::layout::*;
    use super::*;

    #[test]
    fn rust_offsets_match_the_c_layout() {
        // The parser reads these fields at fixed offsets; build.rs measured the C struct.
        assert_eq!(EXEC_TIME, 32);
        assert_eq!(EXEC_CGROUP, 48);
        assert_eq!(EXEC_EXE_DEV, 56);
        assert_eq!(EXEC_COMM, 88);
        assert_eq!(FD_INO, 16);
        assert_eq!(FORK_START, 24);
        assert_eq!(EXIT_TIME, 16);
        assert_eq!(EXEC_EXE_DEPTH, EXEC_ARGV + ARGV_MAX);
        assert_eq!(EXEC_EXE_NAMES, EXEC_EXE_DEPTH + 8);
        assert_eq!(EXEC_SIZE, EXEC_EXE_NAMES + PATH_DEPTH * NAME_LEN);
        assert_eq!(EXEC_FILENAME, EXEC_FDS + 3 * FD_SIZE);
    }

    #[test]
    fn parses_an_exec_record() {
        let mut buf = vec![0u8; EXEC_SIZE];
        buf[0..4].copy_from_slice(&1u32.to_ne_bytes());
        buf[4..8].copy_from_slice(&42u32.to_ne_bytes());
        buf[8..12].copy_from_slice(&1u32.to_ne_bytes());
        buf[28..32].copy_from_slice(&9u32.to_ne_bytes());
        buf[EXEC_COMM..EXEC_COMM + 4].copy_from_slice(b"bash");
        let fd0 = EXEC_FDS;
        buf[fd0] = 5;
        buf[fd0 + 1] = 2;
        buf[fd0 + 2] = 6;
        buf[fd0 + 4..fd0 + 6].copy_from_slice(&5555u16.to_ne_bytes());
        buf[fd0 + 6..fd0 + 8].copy_from_slice(&4444u16.to_ne_bytes());
        buf[fd0 + FD_LOCAL_ADDR..fd0 + FD_LOCAL_ADDR + 4].copy_from_slice(&[127, 0, 0, 1]);
        buf[fd0 + FD_REMOTE_ADDR..fd0 + FD_REMOTE_ADDR + 4].copy_from_slice(&[10, 1, 2, 3]);
        buf[EXEC_FILENAME..EXEC_FILENAME + 9].copy_from_slice(b"/bin/bash");
        buf[EXEC_ARGV..EXEC_ARGV + 9].copy_from_slice(b"bash\0-i\0\0");
        buf[EXEC_EXE_DEPTH..EXEC_EXE_DEPTH + 4].copy_from_slice(&3u32.to_ne_bytes());
        for (i, name) in ["bash", "bin", "usr"].iter().enumerate() {
            let at = EXEC_EXE_NAMES + i * NAME_LEN;
            buf[at..at + name.len()].copy_from_slice(name.as_bytes());
        }
        buf[20..24].copy_from_slice(&EXEC_PATH_COMPLETE.to_ne_bytes());
        let RawRecord::Exec(e) = parse(&buf).unwrap() else {
            panic!("not an exec")
        };
        assert_eq!((e.pid, e.ppid), (42, 1));
        assert_eq!(e.comm, "bash");
        assert_eq!(e.filename, "/bin/bash");
        assert_eq!(e.argv, vec!["bash", "-i", ""]);
        assert_eq!(e.exe_path.as_deref(), Some("/usr/bin/bash"));
        assert!(e.exe_path_complete());
        let (l, r) = e.fds[0].addrs().unwrap();
        assert_eq!(
            (l.to_string(), r.to_string()),
            ("127.0.0.1".into(), "10.1.2.3".into())
        );
        assert_eq!((e.fds[0].local_port, e.fds[0].remote_port), (5555, 4444));
    }

    #[test]
    fn short_and_unknown_records_are_errors() {
        assert!(matches!(
            parse(&[1, 0, 0, 0, 9]),
            Err(RawError::Short { kind: 1, .. })
        ));
        assert_eq!(parse(&[9, 0, 0, 0]), Err(RawError::UnknownType(9)));
        assert!(parse(&[]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_records_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096), kind in 0u32..5) {
            let mut bytes = bytes;
            if bytes.len() >= 4 {
                bytes[..4].copy_from_slice(&kind.to_ne_bytes());
            }
            let _ = parse(&bytes);
        }
    }

    #[test]
    fn argv_block_splitting() {
        assert_eq!(
            split_argv(b"python3\0-c\0print(1)\0"),
            vec!["python3", "-c", "print(1)"]
        );
        assert!(split_argv(b"").is_empty());
    }
}
