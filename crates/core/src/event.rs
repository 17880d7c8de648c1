//! The enriched event model, version 1.
//!
//! A source (the live eBPF sensor, or a recording being replayed) produces these events after
//! enrichment: everything a detector needs is in the event itself, so a recording replays the
//! same way on any machine. The JSON form is documented in `docs/events.md`; the field names here
//! are the JSON names.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::Arc;

/// The event model version this crate reads and writes.
pub const EVENT_VERSION: u32 = 1;

/// One event from a source. Its JSON form is written and read by [`crate::codec`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A process replaced its image (`execve`/`execveat` succeeded). Shared, because the
    /// process table keeps it as the process's image for as long as the process lives.
    Exec(Arc<ExecEvent>),
    /// A new process (not a thread) was created.
    Fork(ForkEvent),
    /// A process (its last thread) exited.
    Exit(ExitEvent),
    /// A process in a container mapped a file executable: a shared library loaded by the
    /// dynamic loader, `dlopen` or `LD_PRELOAD`.
    Library(Box<LibraryEvent>),
}

impl Event {
    /// Wall-clock time of the event, nanoseconds since the Unix epoch.
    pub fn time_ns(&self) -> u64 {
        match self {
            Event::Exec(e) => e.time_ns,
            Event::Fork(e) => e.time_ns,
            Event::Exit(e) => e.time_ns,
            Event::Library(e) => e.time_ns,
        }
    }

    /// The process the event is about (the child, for a fork).
    pub fn pid(&self) -> u32 {
        match self {
            Event::Exec(e) => e.pid,
            Event::Fork(e) => e.pid,
            Event::Exit(e) => e.pid,
            Event::Library(e) => e.pid,
        }
    }
}

/// A successful exec, with everything read in kernel at that moment and the user-space
/// enrichment (hash, script capture, container metadata).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ExecEvent {
    /// Wall-clock time of the exec, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// Process id (thread group id) in the host's pid namespace.
    pub pid: u32,
    /// Parent's process id in the host's pid namespace.
    pub ppid: u32,
    /// Process start time (nanoseconds since boot); with `pid` it names a process uniquely
    /// across pid reuse. 0 when unknown.
    #[serde(default)]
    pub start_time_ns: u64,
    /// Real user id.
    pub uid: u32,
    /// Real group id.
    pub gid: u32,
    /// Kernel `comm` after the exec (at most 15 bytes).
    pub comm: String,
    /// The executed file.
    pub exe: Executable,
    /// Command line arguments, `argv[0]` first; bounded by the sensor.
    pub argv: Vec<String>,
    /// True when the sensor cut `argv` short (too many or too long arguments).
    #[serde(default)]
    pub argv_truncated: bool,
    /// Working directory at exec time, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cwd: Option<String>,
    /// Selected environment variables (the sensor keeps an allow-list, never secrets).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub env: BTreeMap<String, String>,
    /// True when environment variables were dropped.
    #[serde(default)]
    pub env_truncated: bool,
    /// What file descriptors 0, 1 and 2 were at exec time, in that order.
    pub stdio: [Stdio; 3],
    /// The process's cgroup (v2 id and path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cgroup: Option<Cgroup>,
    /// The container the process runs in, when it runs in one (shared by all its processes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Arc<ContainerInfo>>,
    /// Script captured for an interpreter (path and contents), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<Box<CapturedFile>>,
}

/// Multi-call binaries, which run the applet named by `argv[0]` (or by their first argument
/// when run by their own name).
pub const MULTI_CALL_BINARIES: &[&str] = &["busybox", "toybox"];

/// What [`ExecEvent::names`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProcessNames<'a> {
    /// The executable's basename.
    pub exe: &'a str,
    /// `argv[0]`'s basename, when it differs from `exe`.
    pub argv0: Option<&'a str>,
}

impl ProcessNames<'_> {
    /// True when either name is `name`.
    pub fn is(&self, name: &str) -> bool {
        self.exe == name || self.argv0 == Some(name)
    }
}

impl ExecEvent {
    /// The last path component of the executable, or of `argv[0]` if the path is empty.
    pub fn exe_name(&self) -> &str {
        let path = if self.exe.path.is_empty() {
            self.argv.first().map(String::as_str).unwrap_or("")
        } else {
            self.exe.path.as_str()
        };
        basename(path)
    }

    /// The names the process goes by: its executable's basename, and `argv[0]`'s basename
    /// (without a login shell's leading `-`) when that differs. Multi-call binaries (busybox) run
    /// the applet named by `argv[0]`, so both names are needed.
    ///
    /// A multi-call binary run by its own name with the applet as first argument
    /// (`busybox nc …`) goes by the applet's name there.
    pub fn names(&self) -> ProcessNames<'_> {
        let exe = self.exe_name();
        let mut argv0 = self
            .argv
            .first()
            .map(|a| basename(a).trim_start_matches('-'))
            .filter(|a| !a.is_empty() && *a != exe);
        if argv0.is_none() && MULTI_CALL_BINARIES.contains(&exe) {
            argv0 = self.argv.get(1).map(|a| basename(a)).filter(|a| {
                !a.is_empty() && !a.starts_with('-') && !MULTI_CALL_BINARIES.contains(a)
            });
        }
        ProcessNames { exe, argv0 }
    }

    /// The inet socket on fd 0, 1 or 2, if any, with its fd number (stdin first).
    pub fn stdio_inet_socket(&self) -> Option<(u8, &SocketInfo)> {
        self.stdio
            .iter()
            .enumerate()
            .find_map(|(fd, s)| s.inet_socket().map(|sock| (fd as u8, sock)))
    }
}

/// The last component of a `/`-separated path.
pub fn basename(path: &str) -> &str {
    // This runs several times per exec: memrchr scans a word at a time, with no searcher to
    // set up.
    match memchr::memrchr(b'/', path.as_bytes()) {
        Some(slash) => &path[slash + 1..],
        None => path,
    }
}

/// The executed file's identity, its place in the container's filesystem and its hash.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Executable {
    /// Resolved absolute path of the executed file (not the path as requested).
    pub path: String,
    /// Device number of the file's filesystem.
    #[serde(default)]
    pub dev: u64,
    /// Inode number.
    #[serde(default)]
    pub ino: u64,
    /// File size in bytes.
    #[serde(default)]
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    #[serde(default)]
    pub mtime_ns: u64,
    /// Where the file lives relative to the container image.
    #[serde(default)]
    pub layer: Layer,
    /// The file is a memfd (`memfd_create`), i.e. never existed on disk.
    #[serde(default)]
    pub memfd: bool,
    /// The file was unlinked when it was executed.
    #[serde(default)]
    pub deleted: bool,
    /// Lowercase hex SHA-256 of the file's contents, when user space could hash it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Why hashing failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash_error: Option<String>,
    /// YARA rules (loaded with `--intel`) that match the file's contents; scanned once per
    /// file identity, like the hash.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub yara: Vec<YaraMatch>,
    /// Why the file was not scanned with the YARA rules (too large, timed out, unreadable),
    /// when rules are loaded and it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yara_error: Option<String>,
}

/// Whether `path` names a YARA rule file (`.yar` or `.yara`, any case). `--intel` gives such
/// files, alone or in a directory, to the YARA loader (`shrike-yara`) and every other file to
/// the hash-feed loader (`shrike-intel`); both ask here, so they never disagree.
pub fn is_yara_rule_file(path: &std::path::Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yar") || e.eq_ignore_ascii_case("yara"))
}

/// Scans a file's contents for known-bad patterns (the YARA rules of `--intel`; see the
/// `shrike-yara` crate). The sensor calls it once per executable identity, as it hashes.
pub trait ContentScanner: Send + Sync + std::fmt::Debug {
    /// The rules that match `file`'s contents, or why it could not be scanned (too large, timed
    /// out, unreadable).
    fn scan(&self, file: &mut dyn std::io::Read) -> Result<Vec<YaraMatch>, String>;
}

/// A YARA rule that matched a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct YaraMatch {
    /// The rule's name.
    pub rule: String,
    /// The rule file it came from.
    pub file: String,
    /// The rule's tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where an executed file comes from, as overlayfs tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Not known (older recording, or the sensor could not tell).
    #[default]
    Unknown,
    /// On overlayfs, only in a lower layer: the file came with the container image.
    Lower,
    /// On overlayfs, only in the writable upper layer: added at run time.
    Upper,
    /// On overlayfs, an image file copied up to the upper layer: modified at run time.
    CopiedUp,
    /// Not on overlayfs (the host, or a volume mounted into a container).
    Host,
    /// An anonymous memory file (`memfd_create`).
    Memfd,
}

/// What one of the standard file descriptors is.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Stdio {
    /// The kind of file.
    pub kind: FdKind,
    /// Path, for regular files and ttys, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Inode number (identifies a pipe or socket), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ino: Option<u64>,
    /// Socket details, for sockets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket: Option<Box<SocketInfo>>,
}

impl Stdio {
    /// The socket, if this descriptor is an IPv4 or IPv6 socket.
    pub fn inet_socket(&self) -> Option<&SocketInfo> {
        match (&self.kind, &self.socket) {
            (FdKind::Socket, Some(s)) if s.is_inet() => Some(&**s),
            _ => None,
        }
    }
}

/// The kind of file behind a descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FdKind {
    /// Not known.
    #[default]
    Unknown,
    /// The descriptor is closed.
    None,
    /// A regular file or directory.
    File,
    /// A pipe or FIFO.
    Pipe,
    /// A terminal (pty or console).
    Tty,
    /// A socket of any family.
    Socket,
    /// Anything else (character device, anon inode, …).
    Other,
}

/// A socket on a standard descriptor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketInfo {
    /// Address family.
    pub family: SocketFamily,
    /// Transport protocol (inet families).
    #[serde(default)]
    pub protocol: Protocol,
    /// Local address (inet families).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_ip: Option<IpAddr>,
    /// Local port (inet families).
    #[serde(default)]
    pub local_port: u16,
    /// Remote address, when the socket is connected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote_ip: Option<IpAddr>,
    /// Remote port, when the socket is connected.
    #[serde(default)]
    pub remote_port: u16,
}

impl SocketInfo {
    /// True for IPv4 and IPv6 sockets.
    pub fn is_inet(&self) -> bool {
        matches!(self.family, SocketFamily::Inet | SocketFamily::Inet6)
    }

    /// True when the socket has a remote peer: an unspecified address or port 0 means a
    /// listening or unconnected socket.
    pub fn is_connected(&self) -> bool {
        match self.remote_ip {
            Some(ip) => !ip.is_unspecified() && self.remote_port != 0,
            None => false,
        }
    }
}

/// Socket address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SocketFamily {
    /// `AF_INET`.
    Inet,
    /// `AF_INET6`.
    Inet6,
    /// `AF_UNIX`.
    Unix,
    /// `AF_NETLINK`.
    Netlink,
    /// Any other family.
    Other,
}

/// Transport protocol of an inet socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// TCP.
    Tcp,
    /// UDP.
    Udp,
    /// Anything else (raw, SCTP, …) or unknown.
    #[default]
    Other,
}

impl Protocol {
    /// Upper-case name as findings show it.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Other => "OTHER",
        }
    }
}

/// The process's cgroup v2 membership.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Cgroup {
    /// cgroup v2 id (the cgroup directory's inode number).
    #[serde(default)]
    pub id: u64,
    /// cgroup v2 path relative to the cgroup root, as `/proc/PID/cgroup` shows it.
    #[serde(default)]
    pub path: String,
}

/// What is known about the container a process runs in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContainerInfo {
    /// Full container id (64 hex digits for most runtimes).
    pub id: String,
    /// The runtime that owns it, as read from the cgroup layout.
    #[serde(default)]
    pub runtime: crate::container::Runtime,
    /// Container name, when the runtime's state tells it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Image reference (`registry/repo:tag`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Image id (`sha256:…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Container labels or OCI annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
    /// The Kubernetes pod, when the container belongs to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pod: Option<PodInfo>,
}

/// A Kubernetes pod.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PodInfo {
    /// Pod UID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uid: Option<String>,
    /// Pod name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Pod namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
}

/// A file (script) captured by user space when it was executed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CapturedFile {
    /// Absolute path as seen inside the process's mount namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Contents (UTF-8, lossily converted), at most the capture limit.
    #[serde(default)]
    pub contents: String,
    /// Size of the whole file in bytes.
    #[serde(default)]
    pub size: u64,
    /// Lowercase hex SHA-256 of the whole file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// True when `contents` holds only the first part of the file.
    #[serde(default)]
    pub truncated: bool,
    /// YARA rules (loaded with `--intel`) that match the whole file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub yara: Vec<YaraMatch>,
    /// Why the file was not scanned with the loaded YARA rules, when it was not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yara_error: Option<String>,
    /// The Python model's verdict on more of the file than `contents` holds: the sensor scores
    /// a Python interpreter's script that is longer than the capture (up to
    /// [`PYTHON_SCORED_BYTES`]), so code past the capture is not out of the model's sight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<RecordedScore>,
}

/// How much of a Python script the sensor scores when the script is longer than its capture:
/// the size the model's scoring bound is set for (`docs/benchmarks.md`). A longer script is
/// scored on its first `PYTHON_SCORED_BYTES - PYTHON_SCORED_TAIL` bytes and, on their own, its
/// last [`PYTHON_SCORED_TAIL`], and the finding says so: code appended after a long run of
/// padding is not out of the model's sight.
pub const PYTHON_SCORED_BYTES: usize = 1 << 20;

/// How much of the end of a script longer than [`PYTHON_SCORED_BYTES`] the sensor scores.
pub const PYTHON_SCORED_TAIL: usize = 256 << 10;

/// A script classifier's verdict recorded with the event, so that a replay needs neither the
/// file nor the time to score it again.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordedScore {
    /// The classifier's model name and version ([`crate::ScriptClassifier::model_name`]); a
    /// detector with another model scores the captured text itself.
    pub model: String,
    /// The score, 0..=1.
    pub score: f32,
    /// The strongest contributions, in words ([`crate::ScriptVerdict::reasons`]).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasons: String,
    /// The bytes of the file that were scored (from its start).
    pub scored_bytes: u64,
    /// The bytes scored from the file's end, on their own, when the file is longer than
    /// [`PYTHON_SCORED_BYTES`] (0 otherwise, and for a file too large to hash whose end could
    /// not be read): the score and reasons are those of whichever part scored higher.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub scored_tail_bytes: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// A file mapped executable by a process that runs in a container (`mmap` with `PROT_EXEC`
/// of a file): a shared library. The sensor reports the mappings a process makes itself (the
/// dynamic loader's, `dlopen`'s); the executable and its loader, which the kernel maps during
/// the exec, are the exec's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct LibraryEvent {
    /// Wall-clock time of the mapping, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// The process that mapped the file (host pid namespace).
    pub pid: u32,
    /// The process's start time (nanoseconds since boot), 0 when unknown.
    #[serde(default)]
    pub start_time_ns: u64,
    /// The mapped file: identity, layer, hash and YARA matches, as for an executable.
    pub library: Executable,
    /// The process's cgroup.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cgroup: Option<Cgroup>,
    /// The container the process runs in, when it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container: Option<Arc<ContainerInfo>>,
}

/// A new process.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ForkEvent {
    /// Wall-clock time, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// The new process's id.
    pub pid: u32,
    /// The parent's process id.
    pub ppid: u32,
    /// The new process's start time (nanoseconds since boot), 0 when unknown.
    #[serde(default)]
    pub start_time_ns: u64,
}

/// A process exit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ExitEvent {
    /// Wall-clock time, nanoseconds since the Unix epoch.
    pub time_ns: u64,
    /// The exiting process's id.
    pub pid: u32,
    /// Exit status as `wait(2)` encodes it, when known.
    #[serde(default)]
    pub exit_code: i32,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_of(exe: &str, argv: &[&str]) -> (String, Option<String>) {
        let mut e = ExecEvent::default();
        e.exe.path = exe.to_owned();
        e.argv = argv.iter().map(|s| (*s).to_owned()).collect();
        let n = e.names();
        (n.exe.to_owned(), n.argv0.map(str::to_owned))
    }

    #[test]
    fn yara_rule_files_are_told_by_extension_in_any_case() {
        use std::path::Path;
        for yes in ["rules/x.yar", "X.YARA", "a.b.Yar"] {
            assert!(is_yara_rule_file(Path::new(yes)), "{yes}");
        }
        for no in ["feed.txt", "yar", "rules/.yar", "x.yarn", "x.yar.txt", "x"] {
            assert!(!is_yara_rule_file(Path::new(no)), "{no}");
        }
    }

    #[test]
    fn names_of_plain_login_and_multi_call_processes() {
        let n = |exe: &str, argv: &[&str]| names_of(exe, argv);
        assert_eq!(n("/usr/bin/id", &["id"]), ("id".into(), None));
        assert_eq!(n("/bin/bash", &["-bash"]), ("bash".into(), None));
        assert_eq!(
            n("/bin/dash", &["sh", "-c", "x"]),
            ("dash".into(), Some("sh".into()))
        );
        assert_eq!(
            n("/bin/busybox", &["/bin/nc", "-e", "sh"]),
            ("busybox".into(), Some("nc".into()))
        );
        assert_eq!(
            n("/bin/busybox", &["busybox", "nc", "h", "1"]),
            ("busybox".into(), Some("nc".into()))
        );
        assert_eq!(
            n("/bin/busybox", &["busybox", "--help"]),
            ("busybox".into(), None)
        );
        assert_eq!(n("/bin/busybox", &["busybox"]), ("busybox".into(), None));
    }
}
