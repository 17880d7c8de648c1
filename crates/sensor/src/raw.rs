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
const REC_LIBRARY: u32 = 4;

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
    /// The path the exec asked for (a script, for `#!` files), lossily UTF-8.
    pub filename: String,
    /// [`RawExec::filename`]'s bytes as the kernel read them: files are opened by these, so a
    /// name that is not UTF-8 still opens.
    pub filename_bytes: Vec<u8>,
    /// The kernel's filename field was full, so the path may have been cut: it is not opened
    /// unless an argument holds it whole (see [`RawExec::requested_path`]).
    pub filename_truncated: bool,
    /// Arguments, lossily UTF-8 (an invalid byte becomes U+FFFD).
    pub argv: Vec<String>,
    /// The arguments' bytes, one entry per [`RawExec::argv`] entry.
    pub argv_bytes: Vec<Vec<u8>>,
    /// The executed file's path as read in the kernel, up to the root of its mount; `None` if
    /// no component was read. Lossily UTF-8.
    pub exe_path: Option<String>,
    /// [`RawExec::exe_path`]'s bytes (empty when it is `None`).
    pub exe_path_bytes: Vec<u8>,
}

impl RawExec {
    /// True when [`RawExec::exe_path`] is the whole path in the process's mount namespace.
    pub fn exe_path_complete(&self) -> bool {
        self.flags & EXEC_PATH_COMPLETE != 0 && self.exe_path.is_some()
    }

    /// The requested path's bytes, whole: [`RawExec::filename_bytes`], or when the kernel's
    /// field was full, the argument that starts with it (for a `#!` script the kernel puts the
    /// script's path into argv). `None` when the path may have been cut and no argument holds
    /// it: opening a prefix of the path could open another file.
    pub fn requested_path(&self) -> Option<&[u8]> {
        if !self.filename_truncated {
            return Some(&self.filename_bytes);
        }
        self.argv_bytes
            .iter()
            .find(|a| a.len() >= self.filename_bytes.len() && a.starts_with(&self.filename_bytes))
            .map(Vec::as_slice)
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

/// A library-load record: a file a process in a container mapped executable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RawLibrary {
    /// Process id.
    pub pid: u32,
    /// `SHRIKE_EXEC_DELETED`, `_MEMFD`, `_PATH_COMPLETE`.
    pub flags: u32,
    /// `enum shrike_layer`.
    pub layer: u32,
    /// `CLOCK_BOOTTIME` of the mapping.
    pub time_boot_ns: u64,
    /// Process start, `CLOCK_BOOTTIME`.
    pub start_boot_ns: u64,
    /// cgroup v2 id.
    pub cgroup_id: u64,
    /// The file's device (kernel encoding).
    pub dev: u64,
    /// Inode.
    pub ino: u64,
    /// Size.
    pub size: u64,
    /// Modification time.
    pub mtime_ns: u64,
    /// The file's path as read in the kernel, up to the root of its mount; `None` if no
    /// component was read. Lossily UTF-8.
    pub path: Option<String>,
    /// [`RawLibrary::path`]'s bytes (empty when it is `None`).
    pub path_bytes: Vec<u8>,
}

impl RawLibrary {
    /// True when [`RawLibrary::path`] is the whole path in the process's mount namespace.
    pub fn path_complete(&self) -> bool {
        self.flags & EXEC_PATH_COMPLETE != 0 && self.path.is_some()
    }
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
    /// A library load.
    Library(Box<RawLibrary>),
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
        String::from_utf8_lossy(self.cbytes(at, len)).into_owned()
    }
    /// The bytes of a NUL-terminated string in a fixed field.
    fn cbytes(&self, at: usize, len: usize) -> &[u8] {
        let field = &self.0[at..at + len];
        let end = field.iter().position(|&b| b == 0).unwrap_or(len);
        &field[..end]
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

/// Splits the kernel's argv block (NUL-separated) into arguments, lossily UTF-8.
pub fn split_argv(block: &[u8]) -> Vec<String> {
    split_argv_bytes(block)
        .iter()
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect()
}

/// Splits the kernel's argv block (NUL-separated) into the arguments' bytes.
pub fn split_argv_bytes(block: &[u8]) -> Vec<Vec<u8>> {
    let block = block.strip_suffix(&[0]).unwrap_or(block);
    if block.is_empty() {
        return Vec::new();
    }
    block.split(|&b| b == 0).map(<[u8]>::to_vec).collect()
}

/// Whether a fixed field of `len` bytes read with `bpf_probe_read_kernel_str` was full: the
/// string may have been cut, and a string of exactly `len - 1` bytes cannot be told from it.
fn field_full(bytes: &[u8], len: usize) -> bool {
    bytes.len() + 1 >= len
}

/// A path sent leaf first in `depth` fixed fields of `NAME_LEN` bytes at `at`: its bytes and
/// lossy text (`None` when no component was read), and whether every name fit its field (a
/// name that filled it may have been cut, so the path is not known whole).
fn leaf_first_path(b: &Bytes<'_>, at: usize, depth: u32) -> (Option<String>, Vec<u8>, bool) {
    use layout::{NAME_LEN, PATH_DEPTH};
    let depth = (depth as usize).min(PATH_DEPTH);
    let names: Vec<&[u8]> = (0..depth)
        .rev()
        .map(|i| b.cbytes(at + i * NAME_LEN, NAME_LEN))
        .collect();
    let whole = !names.iter().any(|n| field_full(n, NAME_LEN));
    let bytes: Vec<u8> = names.iter().flat_map(|n| [&b"/"[..], n].concat()).collect();
    let text = (!names.is_empty()).then(|| {
        let names: Vec<_> = names.iter().map(|n| String::from_utf8_lossy(n)).collect();
        format!("/{}", names.join("/"))
    });
    (text, bytes, whole)
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
            let argv_bytes = split_argv_bytes(&data[EXEC_ARGV..EXEC_ARGV + argv_len]);
            let filename_bytes = b.cbytes(EXEC_FILENAME, PATH_MAX).to_vec();
            let (exe_path, exe_path_bytes, whole) =
                leaf_first_path(&b, EXEC_EXE_NAMES, b.u32(EXEC_EXE_DEPTH));
            let mut flags = b.u32(20);
            // A name that filled its field may have been cut: the kernel's path is then not the
            // whole path, and user space completes it from the live process.
            if !whole {
                flags &= !EXEC_PATH_COMPLETE;
            }
            Ok(RawRecord::Exec(Box::new(RawExec {
                pid: b.u32(4),
                ppid: b.u32(8),
                uid: b.u32(12),
                gid: b.u32(16),
                flags,
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
                filename: String::from_utf8_lossy(&filename_bytes).into_owned(),
                filename_truncated: field_full(&filename_bytes, PATH_MAX),
                filename_bytes,
                argv: argv_bytes
                    .iter()
                    .map(|a| String::from_utf8_lossy(a).into_owned())
                    .collect(),
                argv_bytes,
                exe_path_bytes,
                exe_path,
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
        REC_LIBRARY => {
            need(REC_LIBRARY, data, LIBRARY_SIZE)?;
            let (path, path_bytes, whole) =
                leaf_first_path(&b, LIBRARY_NAMES, b.u32(LIBRARY_DEPTH));
            let mut flags = b.u32(8);
            if !whole {
                flags &= !EXEC_PATH_COMPLETE;
            }
            Ok(RawRecord::Library(Box::new(RawLibrary {
                pid: b.u32(4),
                flags,
                layer: b.u32(12),
                time_boot_ns: b.u64(LIBRARY_TIME),
                start_boot_ns: b.u64(LIBRARY_TIME + 8),
                cgroup_id: b.u64(LIBRARY_TIME + 16),
                dev: b.u64(LIBRARY_DEV),
                ino: b.u64(LIBRARY_DEV + 8),
                size: b.u64(LIBRARY_DEV + 16),
                mtime_ns: b.u64(LIBRARY_DEV + 24),
                path,
                path_bytes,
            })))
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
        assert_eq!(LIBRARY_TIME, 16);
        assert_eq!(LIBRARY_DEV, LIBRARY_TIME + 24);
        assert_eq!(LIBRARY_DEPTH, LIBRARY_DEV + 32);
        assert_eq!(LIBRARY_NAMES, LIBRARY_DEPTH + 8);
        assert_eq!(LIBRARY_SIZE, LIBRARY_NAMES + PATH_DEPTH * NAME_LEN);
    }

    #[test]
    fn parses_a_library_record() {
        let mut buf = vec![0u8; LIBRARY_SIZE];
        buf[0..4].copy_from_slice(&4u32.to_ne_bytes());
        buf[4..8].copy_from_slice(&77u32.to_ne_bytes());
        buf[8..12].copy_from_slice(&EXEC_PATH_COMPLETE.to_ne_bytes());
        buf[12..16].copy_from_slice(&2u32.to_ne_bytes());
        buf[LIBRARY_TIME..LIBRARY_TIME + 8].copy_from_slice(&5u64.to_ne_bytes());
        buf[LIBRARY_TIME + 8..LIBRARY_TIME + 16].copy_from_slice(&6u64.to_ne_bytes());
        buf[LIBRARY_TIME + 16..LIBRARY_TIME + 24].copy_from_slice(&7u64.to_ne_bytes());
        buf[LIBRARY_DEV + 8..LIBRARY_DEV + 16].copy_from_slice(&1234u64.to_ne_bytes());
        buf[LIBRARY_DEV + 16..LIBRARY_DEV + 24].copy_from_slice(&4096u64.to_ne_bytes());
        buf[LIBRARY_DEPTH..LIBRARY_DEPTH + 4].copy_from_slice(&2u32.to_ne_bytes());
        for (i, name) in ["libevil.so", "tmp"].iter().enumerate() {
            let at = LIBRARY_NAMES + i * NAME_LEN;
            buf[at..at + name.len()].copy_from_slice(name.as_bytes());
        }
        let RawRecord::Library(l) = parse(&buf).unwrap() else {
            panic!("not a library record")
        };
        assert_eq!((l.pid, l.layer, l.ino, l.size), (77, 2, 1234, 4096));
        assert_eq!((l.time_boot_ns, l.start_boot_ns, l.cgroup_id), (5, 6, 7));
        assert_eq!(l.path.as_deref(), Some("/tmp/libevil.so"));
        assert!(l.path_complete());
        // A name that fills its field may have been cut: the path is then not whole.
        let at = LIBRARY_NAMES;
        buf[at..at + NAME_LEN - 1].fill(b'x');
        let RawRecord::Library(l) = parse(&buf).unwrap() else {
            panic!("not a library record")
        };
        assert!(!l.path_complete());
        assert!(matches!(
            parse(&buf[..LIBRARY_SIZE - 1]),
            Err(RawError::Short { kind: 4, .. })
        ));
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
        assert!(matches!(
            parse(&[4, 0, 0, 0, 1]),
            Err(RawError::Short { kind: 4, .. })
        ));
        assert!(parse(&[]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_records_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..4096), kind in 0u32..6) {
            let mut bytes = bytes;
            if bytes.len() >= 4 {
                bytes[..4].copy_from_slice(&kind.to_ne_bytes());
            }
            let _ = parse(&bytes);
        }
    }

    fn exec_record(filename: &[u8], argv: &[u8], names: &[&[u8]]) -> Vec<u8> {
        let mut buf = vec![0u8; EXEC_SIZE];
        buf[0..4].copy_from_slice(&1u32.to_ne_bytes());
        buf[20..24].copy_from_slice(&EXEC_PATH_COMPLETE.to_ne_bytes());
        buf[28..32].copy_from_slice(&(argv.len() as u32).to_ne_bytes());
        buf[EXEC_FILENAME..EXEC_FILENAME + filename.len()].copy_from_slice(filename);
        buf[EXEC_ARGV..EXEC_ARGV + argv.len()].copy_from_slice(argv);
        buf[EXEC_EXE_DEPTH..EXEC_EXE_DEPTH + 4]
            .copy_from_slice(&(names.len() as u32).to_ne_bytes());
        for (i, name) in names.iter().enumerate() {
            let at = EXEC_EXE_NAMES + i * NAME_LEN;
            buf[at..at + name.len()].copy_from_slice(name);
        }
        buf
    }

    fn exec_of(buf: &[u8]) -> RawExec {
        match parse(buf).unwrap() {
            RawRecord::Exec(e) => *e,
            other => panic!("not an exec: {other:?}"),
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_replaced_in_text_and_kept_in_bytes() {
        let e = exec_of(&exec_record(
            b"/tmp/\xff\xfe.sh",
            b"sh\0/tmp/\xff\xfe.sh\0\xc3\0",
            &[b"\xff\xfe.sh", b"tmp"],
        ));
        assert_eq!(e.argv, vec!["sh", "/tmp/\u{fffd}\u{fffd}.sh", "\u{fffd}"]);
        assert_eq!(e.argv_bytes[1], b"/tmp/\xff\xfe.sh");
        assert_eq!(e.filename, "/tmp/\u{fffd}\u{fffd}.sh");
        assert_eq!(e.filename_bytes, b"/tmp/\xff\xfe.sh");
        assert_eq!(e.exe_path.as_deref(), Some("/tmp/\u{fffd}\u{fffd}.sh"));
        assert_eq!(e.exe_path_bytes, b"/tmp/\xff\xfe.sh");
        assert!(!e.filename_truncated);
        assert_eq!(e.requested_path(), Some(&b"/tmp/\xff\xfe.sh"[..]));
    }

    #[test]
    fn full_fields_are_treated_as_cut() {
        // A filename that fills its field may have been cut: it is opened only through an
        // argument that holds it whole.
        let long = format!("/{}", "a".repeat(PATH_MAX + 20));
        let cut = &long.as_bytes()[..PATH_MAX - 1];
        let argv = format!("sh\0{long}\0");
        let e = exec_of(&exec_record(cut, argv.as_bytes(), &[b"sh"]));
        assert!(e.filename_truncated);
        assert_eq!(e.requested_path(), Some(long.as_bytes()));
        let e = exec_of(&exec_record(cut, b"sh\0", &[b"sh"]));
        assert_eq!(e.requested_path(), None);
        let e = exec_of(&exec_record(b"/bin/sh", b"sh\0", &[b"sh", b"bin"]));
        assert!(!e.filename_truncated);
        assert!(e.exe_path_complete());
        // A path component that fills its field may have been cut: the path is not whole.
        let name = "n".repeat(NAME_LEN - 1);
        let e = exec_of(&exec_record(b"/x", b"x\0", &[name.as_bytes(), b"bin"]));
        assert!(!e.exe_path_complete());
        assert_eq!(e.exe_path, Some(format!("/bin/{name}")));
    }

    #[test]
    fn the_longest_argv_block_is_split_without_its_cut_tail_lost() {
        // The kernel sends at most ARGV_MAX bytes and flags the rest as cut; the last, cut
        // argument is kept as far as it goes.
        let mut block = Vec::new();
        while block.len() < ARGV_MAX {
            block.extend_from_slice(b"argument\0");
        }
        block.truncate(ARGV_MAX);
        let mut buf = exec_record(b"/bin/echo", &block, &[b"echo", b"bin"]);
        buf[20..24].copy_from_slice(&(EXEC_PATH_COMPLETE | EXEC_ARGV_TRUNCATED).to_ne_bytes());
        let e = exec_of(&buf);
        assert_eq!(e.flags & EXEC_ARGV_TRUNCATED, EXEC_ARGV_TRUNCATED);
        assert_eq!(e.argv.len(), ARGV_MAX / 9 + 1);
        assert_eq!(e.argv.last().unwrap(), &"argument"[..ARGV_MAX % 9]);
        // A length past the field is clamped to it, never read past.
        buf[28..32].copy_from_slice(&u32::MAX.to_ne_bytes());
        assert_eq!(exec_of(&buf).argv.len(), e.argv.len());
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
