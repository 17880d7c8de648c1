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
    /// a Python interpreter's script that is longer than the capture, in windows
    /// ([`python_windows`]), so code past the capture is not out of the model's sight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub python: Option<RecordedScore>,
}

/// The most of a Python script the model scores in one piece: the size its scoring bound is
/// set for (`docs/benchmarks.md`). A longer script is scored in windows of this size
/// ([`python_windows`]), each on its own, and the highest score is the verdict.
pub const PYTHON_SCORED_BYTES: usize = 1 << 20;

/// How far consecutive windows of a long script reach into each other. A window starts at the
/// start of a line when one begins within [`PYTHON_WINDOW_SNAP`] of where it would start, so
/// any stretch of `PYTHON_WINDOW_OVERLAP - PYTHON_WINDOW_SNAP` bytes (48 KiB) lies whole in
/// some window: code is not cut in two by a window's edge.
pub const PYTHON_WINDOW_OVERLAP: usize = 64 << 10;

/// How far a window's start moves forward to reach the start of a line.
pub const PYTHON_WINDOW_SNAP: usize = 16 << 10;

/// How much of a long Python script the sensor keeps, from its start, to score in windows. It
/// keeps the last [`PYTHON_SCORED_BYTES`] of a longer one too: a script of up to 9 MiB is then
/// whole and scored whole in windows; a longer one has its first `PYTHON_SCORED_MAX` bytes
/// scored in windows and its end as one window more, the bytes in between are not scored, and
/// the finding says which were.
pub const PYTHON_SCORED_MAX: usize = 8 << 20;

/// Where a window of a long Python script can start, at or after a place asked for
/// ([`crate::ScriptClassifier::resume_points`]): where a reading of the whole script stands
/// outside any string literal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResumePoint {
    /// The first line start at or after the place asked for that the reading reaches outside
    /// any string literal, if it is known.
    pub line: Option<usize>,
    /// The first place at or after the place asked for where the reading stands between
    /// tokens, outside any string literal (the end of a string literal that runs across the
    /// place asked for, or the place itself). `None` when the reading finds none: the rest of
    /// the text is one string literal.
    pub token: Option<usize>,
}

/// [`ResumePoint`]s known without reading the text as code: the start of the first line that
/// begins within [`PYTHON_WINDOW_SNAP`] of each of `from`, and the place itself (moved
/// forward to a character's start). A window started there may start inside a multi-line
/// string literal.
pub fn line_resume_points(text: &str, from: &[usize]) -> Vec<ResumePoint> {
    let b = text.as_bytes();
    from.iter()
        .map(|&f| {
            let f = f.min(b.len());
            let at_line = f == 0 || b[f - 1] == b'\n';
            let k = line_start(&b[f..], at_line);
            ResumePoint {
                line: (at_line || k > 0).then_some(f + k),
                token: Some(char_start_from(text, f)),
            }
        })
        .collect()
}

/// The first character's start at or after `at` in `text` (its length past the end).
fn char_start_from(text: &str, at: usize) -> usize {
    (at..text.len())
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(text.len())
}

/// The last character's start at or before `at` in `text`.
fn char_start_before(text: &str, at: usize) -> usize {
    (0..=at.min(text.len()))
        .rev()
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(0)
}

/// The windows a Python text is scored in: all of it when it is at most
/// [`PYTHON_SCORED_BYTES`] long. Otherwise windows of at most that size: the first at the
/// start, then one for every `PYTHON_SCORED_BYTES - PYTHON_WINDOW_OVERLAP` bytes and one for
/// the last `PYTHON_SCORED_BYTES`, each starting where `resume` (a classifier's
/// [`crate::ScriptClassifier::resume_points`]) says a window can start at or after that
/// place: at its line start when that is within [`PYTHON_WINDOW_SNAP`], otherwise at its
/// place between tokens (after a string literal that runs across it).
///
/// When that reading finds no such place, or finds it more than
/// `PYTHON_WINDOW_OVERLAP - PYTHON_WINDOW_SNAP` bytes on (a string literal longer than that
/// across the place, or one that runs to the text's end), a window is also cut where a line
/// starts near the place ([`line_resume_points`]): a classifier's reading can be wrong about a
/// string (Python's grammar changes: 3.12 let f-strings nest their own quotes), and one misread
/// quote must not take the rest of a long script out of sight. Windows are in order of their
/// starts, none cut twice, and none after one that starts where the classifier's reading says
/// and reaches the text's end. Windows start and end at character starts.
pub fn python_windows(
    text: &str,
    resume: impl FnOnce(&str, &[usize]) -> Vec<ResumePoint>,
) -> Vec<std::ops::Range<usize>> {
    let len = text.len();
    if len <= PYTHON_SCORED_BYTES {
        return std::iter::once(0..len).collect();
    }
    let stride = PYTHON_SCORED_BYTES - PYTHON_WINDOW_OVERLAP;
    let mut asked: Vec<usize> = (1..)
        .map(|k| k * stride)
        .take_while(|&at| at + PYTHON_SCORED_BYTES < len)
        .collect();
    asked.push(len - PYTHON_SCORED_BYTES);
    let points = resume(text, &asked);
    let window =
        |start: usize| start..char_start_before(text, (start + PYTHON_SCORED_BYTES).min(len));
    let mut out = Vec::with_capacity(asked.len() + 1);
    out.push(window(0));
    let far = PYTHON_WINDOW_OVERLAP - PYTHON_WINDOW_SNAP;
    for (&at, point) in asked.iter().zip(points) {
        let read = match point {
            ResumePoint {
                line: Some(line), ..
            } if line >= at && line - at <= PYTHON_WINDOW_SNAP => Some(line),
            ResumePoint { token, .. } => token,
        }
        .map(|start| char_start_from(text, start.max(at)));
        if read.is_none_or(|start| start - at > far) {
            let line = match line_resume_points(text, &[at])[0] {
                ResumePoint {
                    line: Some(line), ..
                } if line - at <= PYTHON_WINDOW_SNAP => line,
                _ => char_start_from(text, at),
            };
            if line < len {
                out.push(window(line));
            }
        }
        if let Some(start) = read.filter(|&start| start < len) {
            out.push(window(start));
            if out.last().is_some_and(|w| w.end == len) {
                break;
            }
        }
    }
    out.sort_by_key(|w| w.start);
    out.dedup_by_key(|w| w.start);
    out
}

/// Where a window over `from` starts: 0 when `from` starts a line (`at_line`), otherwise just
/// past its first newline when one is within [`PYTHON_WINDOW_SNAP`] (0 when none is).
fn line_start(from: &[u8], at_line: bool) -> usize {
    let near = &from[..from.len().min(PYTHON_WINDOW_SNAP)];
    match near.iter().position(|&c| c == b'\n') {
        Some(k) if !at_line => k + 1,
        _ => 0,
    }
}

/// A long Python script scored in windows ([`score_python_windows`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredWindows {
    /// The highest of the windows' scores.
    pub score: f32,
    /// The window that scored it, for its reasons.
    pub best: String,
    /// How many windows were scored, the end's counted.
    pub windows: usize,
    /// The bytes scored from the script's start: all of it when its start and its end together
    /// held the whole script.
    pub head_bytes: usize,
    /// The bytes of the end scored apart from the start (0 without such an end).
    pub tail_bytes: usize,
}

impl ScoredWindows {
    /// The verdict as recorded with an event: `model`'s score, with `reasons` (worked out by
    /// the caller from [`ScoredWindows::best`]), and what was scored (`windows` is 0 for one
    /// piece).
    pub fn recorded(&self, model: String, reasons: String) -> RecordedScore {
        RecordedScore {
            model,
            score: self.score,
            reasons,
            scored_bytes: self.head_bytes as u64,
            scored_tail_bytes: self.tail_bytes as u64,
            windows: match self.windows {
                1 => 0,
                n => u32::try_from(n).unwrap_or(u32::MAX),
            },
        }
    }
}

/// Scores a Python script of `size` bytes from `head`, its first bytes, and `tail`, its last
/// bytes when `head` is not all of it, with `classifier`: read as the interpreter reads it
/// ([`crate::ScriptClassifier::interpret`], lossily decoded first), cut into
/// [`python_windows`] where the classifier's reading says a window can start, and each window
/// scored on its own. The sensor and `shrike classify` both score scripts this way.
///
/// When `head` and `tail` together hold the whole script, they are joined and the whole of it
/// is read and cut into windows. Otherwise `head` is, and `tail` is one window more, from its
/// first line's start when one begins within [`PYTHON_WINDOW_SNAP`] (the bytes before it are
/// not known, so its first line is taken as cut, and it is read as a part of the script that
/// `head` starts); an end that this leaves empty is not scored.
pub fn score_python_windows<C: crate::ScriptClassifier + ?Sized>(
    head: &[u8],
    tail: Option<&[u8]>,
    size: u64,
    classifier: &C,
) -> ScoredWindows {
    let missing = usize::try_from(size).map_or(usize::MAX, |s| s.saturating_sub(head.len()));
    let joined: Vec<u8>;
    let (raw, tail) = match tail {
        Some(t) if missing > 0 && missing <= t.len() => {
            joined = [head, &t[t.len() - missing..]].concat();
            (&joined[..], None)
        }
        Some(t) if missing > 0 => {
            let from = line_start(t, false);
            (head, Some(&t[from..]).filter(|t| !t.is_empty()))
        }
        _ => (head, None),
    };
    let text = String::from_utf8_lossy(raw);
    let read = classifier.interpret(&text, &text);
    let tail_text = tail.map(String::from_utf8_lossy);
    let tail_read = tail_text.as_deref().map(|t| classifier.interpret(&text, t));
    let pieces: Vec<&str> = python_windows(&read, |t, from| classifier.resume_points(t, from))
        .into_iter()
        .map(|r| &read[r])
        .chain(tail_read.as_deref())
        .collect();
    let mut best = (f32::NEG_INFINITY, 0);
    for (k, piece) in pieces.iter().enumerate() {
        let s = classifier.score_interpreted(piece);
        if s > best.0 {
            best = (s, k);
        }
    }
    ScoredWindows {
        score: best.0,
        best: pieces[best.1].to_owned(),
        windows: pieces.len(),
        head_bytes: raw.len(),
        tail_bytes: tail.map_or(0, <[u8]>::len),
    }
}

/// A script classifier's verdict recorded with the event, so that a replay needs neither the
/// file nor the time to score it again.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordedScore {
    /// The classifier's model name and version ([`crate::ScriptClassifier::model_name`]); a
    /// detector with another model scores the captured text itself.
    pub model: String,
    /// The score, 0..=1: the highest of the windows' scores.
    pub score: f32,
    /// The strongest contributions, in words ([`crate::ScriptVerdict::reasons`]), of the
    /// window that scored highest.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reasons: String,
    /// The bytes of the file that were scored from its start (all of them unless the file is
    /// longer than [`PYTHON_SCORED_MAX`]).
    pub scored_bytes: u64,
    /// The bytes scored at the file's end, apart from the start's, when the file is longer than
    /// what was scored from its start (0 otherwise, and for a file too large to hash whose end
    /// could not be read).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub scored_tail_bytes: u64,
    /// The windows the scored bytes were cut into, each scored on its own, the end's counted
    /// ([`python_windows`]); 0 for one piece, and in recordings made before windows (which
    /// scored the start and the end, two pieces, when `scored_tail_bytes` is set).
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub windows: u32,
}

impl RecordedScore {
    /// What part of a file of `size` bytes the verdict is on, in words, when it is not simply
    /// the whole file in one piece: "all 3000213 bytes, in 3 windows scored each on its own",
    /// "the first 8388608 and the last 1048560 of 20971520 bytes, in 10 windows scored each on
    /// its own".
    pub fn scored_part(&self, size: u64) -> Option<String> {
        let pieces = if self.windows > 0 {
            self.windows
        } else if self.scored_tail_bytes > 0 {
            2
        } else {
            1
        };
        let each = match pieces {
            1 => String::new(),
            2 if self.windows == 0 => ", each on its own".to_owned(),
            n => format!(", in {n} windows scored each on its own"),
        };
        let scored = self.scored_bytes.saturating_add(self.scored_tail_bytes);
        if self.scored_tail_bytes > 0 && scored < size {
            Some(format!(
                "the first {} and the last {} of {size} bytes{each}",
                self.scored_bytes, self.scored_tail_bytes
            ))
        } else if scored < size {
            Some(format!(
                "the first {} of {size} bytes{each}",
                self.scored_bytes
            ))
        } else if self.windows > 1 {
            Some(format!("all {size} bytes{each}"))
        } else {
            None
        }
    }
}

fn is_zero_u32(n: &u32) -> bool {
    *n == 0
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
    fn long_python_texts_are_cut_into_overlapping_windows_that_cover_them() {
        let w = PYTHON_SCORED_BYTES;
        // Up to one window: all of it in one piece.
        for len in [0, 1, w] {
            let text = "x".repeat(len);
            assert_eq!(python_windows(&text, line_resume_points), vec![0..len]);
        }
        // Lines of assorted lengths (one longer than the snap, where a start cannot move to
        // a line's start), and text without a newline at all.
        let mut lines = Vec::new();
        let mut k = 0usize;
        while lines.len() < 5 * w + 12_345 {
            let n = if k.is_multiple_of(97) {
                20_000
            } else {
                10 + k * 37 % 300
            };
            lines.extend(std::iter::repeat_n(b'a', n));
            lines.push(b'\n');
            k += 1;
        }
        let flat = vec![b'y'; 3 * w + 1];
        let whole = PYTHON_WINDOW_OVERLAP - PYTHON_WINDOW_SNAP;
        for text in [&lines[..w + 1], &lines[..2 * w], &lines[..], &flat[..]] {
            let windows = python_windows(std::str::from_utf8(text).unwrap(), line_resume_points);
            let len = text.len();
            assert!(windows.len() >= 2);
            assert_eq!(windows[0].start, 0);
            assert_eq!(windows.last().unwrap().end, len);
            for (i, r) in windows.iter().enumerate() {
                assert!(r.start < r.end && r.end - r.start <= w, "{i}: {r:?}");
                // A line's start, unless none begins within the snap after it.
                let at_line = r.start == 0 || text[r.start - 1] == b'\n';
                let none_near =
                    !text[r.start..(r.start + PYTHON_WINDOW_SNAP).min(len)].contains(&b'\n');
                assert!(at_line || none_near, "{i}: {r:?}");
            }
            // Each stretch of `whole` bytes lies in one window (so every byte is scored).
            for start in (0..len.saturating_sub(whole)).step_by(997) {
                let end = start + whole;
                assert!(
                    windows.iter().any(|r| r.start <= start && end <= r.end),
                    "{start}..{end} of {len}: {windows:?}"
                );
            }
            // No more windows than the stride needs (one less when a window before the last
            // already reaches the end).
            let stride = w - PYTHON_WINDOW_OVERLAP;
            let n = (len - w).div_ceil(stride) + 1;
            assert!(windows.len() == n || windows.len() + 1 == n, "{len}");
        }
    }

    #[test]
    fn windows_also_start_at_lines_where_the_reading_finds_no_place_near() {
        let w = PYTHON_SCORED_BYTES;
        let stride = w - PYTHON_WINDOW_OVERLAP;
        let text = "abcdefghi\n".repeat(3 * w / 10);
        let lines = python_windows(&text, line_resume_points);
        // The reading says the rest is a string after the first place asked: the later windows
        // start at lines all the same.
        let none = python_windows(&text, |_, from| vec![ResumePoint::default(); from.len()]);
        assert_eq!(none, lines);
        // The reading finds each place far on (past a long string): a window there, and one at
        // the line near the place asked.
        let far = 100_000;
        let moved = python_windows(&text, |t, from| {
            from.iter()
                .map(|&f| ResumePoint {
                    line: None,
                    token: Some((f + far).min(t.len() - 1)),
                })
                .collect()
        });
        assert!(
            moved.windows(2).all(|p| p[0].start < p[1].start),
            "{moved:?}"
        );
        for r in &lines[1..] {
            assert!(moved.contains(r), "{r:?} in {moved:?}");
        }
        assert!(moved.iter().any(|r| r.start == stride + far), "{moved:?}");
        assert!(moved
            .iter()
            .all(|r| r.end - r.start <= w && r.end <= text.len()));
        // Near places, as the line reading gives them: no more windows.
        let near = python_windows(&text, |t, from| {
            line_resume_points(t, from)
                .into_iter()
                .map(|p| ResumePoint { token: p.line, ..p })
                .collect()
        });
        assert_eq!(near, lines);
    }

    /// A classifier that scores with `score` and reads text as it is.
    struct Scoring<F>(F);

    impl<F: Fn(&str) -> f32 + Send + Sync> crate::ScriptClassifier for Scoring<F> {
        fn model_name(&self) -> &str {
            "test"
        }
        fn score(&self, source: &str) -> f32 {
            (self.0)(source)
        }
        fn threshold(&self) -> f32 {
            0.5
        }
    }

    #[test]
    fn a_long_script_is_scored_whole_when_its_start_and_end_hold_it() {
        let w = PYTHON_SCORED_BYTES;
        let max = PYTHON_SCORED_MAX;
        // Lines of 100 bytes, and a 50-byte marker line where it is asked for.
        const MARKER: &str = "MARKER_qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq_END";
        let script = |size: usize, marker_at: usize| {
            let mut text = Vec::with_capacity(size);
            let mut marked = false;
            while text.len() < size {
                if !marked && text.len() + 100 > marker_at {
                    text.extend_from_slice(MARKER.as_bytes());
                    text.push(b'\n');
                    marked = true;
                } else {
                    text.extend_from_slice(&[b'x'; 99]);
                    text.push(b'\n');
                }
            }
            text.truncate(size);
            text
        };
        let found = &Scoring(|t: &str| if t.contains(MARKER) { 1.0 } else { 0.0 });
        let windows =
            |t: &[u8]| python_windows(std::str::from_utf8(t).unwrap(), line_resume_points).len();
        // Up to 9 MiB: all of it in windows, so the line across the 8 MiB mark, cut by the
        // start's end and (for 9 MiB exactly) dropped from an end scored apart, is whole in one.
        for size in [9 * w, 9 * w - 8192, max + 300_000] {
            let text = script(size, max + 10);
            assert!(!String::from_utf8_lossy(&text[..max]).contains(MARKER));
            let (head, tail) = (&text[..max], &text[size - w..]);
            let scored = score_python_windows(head, Some(tail), size as u64, found);
            assert_eq!(scored.score, 1.0, "{size}");
            assert_eq!((scored.head_bytes, scored.tail_bytes), (size, 0));
            assert_eq!(scored.windows, windows(&text));
        }
        // Past 9 MiB: the start in windows and the end from its first line's start.
        let size = 9 * w + 4096;
        let text = script(size, size - w + 50);
        let (head, tail) = (&text[..max], &text[size - w..]);
        let scored = score_python_windows(head, Some(tail), size as u64, found);
        assert_eq!(scored.head_bytes, max);
        let skipped = w - scored.tail_bytes;
        assert!(skipped > 0 && skipped <= 100, "{skipped}");
        assert_eq!(text[size - scored.tail_bytes - 1], b'\n');
        assert_eq!(scored.windows, windows(head) + 1);
        // The marker's line began before the end's first newline: cut, not scored whole.
        assert_eq!(scored.score, 0.0);
        // An end that holds nothing past its first newline is not scored.
        let mut text = vec![b'y'; max];
        text.extend_from_slice(&[b'z'; 2 * PYTHON_SCORED_BYTES]);
        let end = [b'a', b'\n'];
        let half = &Scoring(|_: &str| 0.5);
        let scored = score_python_windows(&text[..max], Some(&end), 30 << 20, half);
        assert_eq!(
            (scored.tail_bytes, scored.windows),
            (0, windows(&text[..max]))
        );
        // A start that is all of it (the end asked for, but none missing).
        let quarter = &Scoring(|_: &str| 0.25);
        let scored = score_python_windows(b"print(1)\n", Some(b"x"), 9, quarter);
        assert_eq!(
            (scored.score, scored.windows, scored.head_bytes),
            (0.25, 1, 9)
        );
        assert_eq!(scored.best, "print(1)\n");
    }

    #[test]
    fn a_recorded_score_says_which_part_of_the_file_it_is_on() {
        let r = |head: u64, tail: u64, windows: u32| RecordedScore {
            scored_bytes: head,
            scored_tail_bytes: tail,
            windows,
            ..RecordedScore::default()
        };
        assert_eq!(r(1000, 0, 0).scored_part(1000), None);
        assert_eq!(
            r(3_000_000, 0, 4).scored_part(3_000_000).as_deref(),
            Some("all 3000000 bytes, in 4 windows scored each on its own")
        );
        assert_eq!(
            r(8 << 20, 1 << 20, 10).scored_part(20 << 20).as_deref(),
            Some("the first 8388608 and the last 1048576 of 20971520 bytes, in 10 windows scored each on its own")
        );
        // Made before windows: the start and the end.
        assert_eq!(
            r(786_432, 262_144, 0).scored_part(2_000_000).as_deref(),
            Some("the first 786432 and the last 262144 of 2000000 bytes, each on its own")
        );
        assert_eq!(
            r(1 << 20, 0, 0).scored_part(2_000_000).as_deref(),
            Some("the first 1048576 of 2000000 bytes")
        );
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
