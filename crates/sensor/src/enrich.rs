//! From kernel records to enriched events: executable path and hash, captured script, cgroup
//! path, container metadata, environment allow-list, wall-clock times.
//!
//! Everything read from `/proc` is read through [`EnrichConfig::proc_root`] so tests can point it
//! elsewhere; every read is bounded.

use crate::metadata::{self, RuntimeState};
use crate::raw::{RawExec, RawExit, RawFd, RawFork, EXEC_ARGV_TRUNCATED, EXEC_DELETED, EXEC_MEMFD};
use rustc_hash::FxHashMap;
use sha2::{Digest, Sha256};
use shrike_core::container::ContainerIdentity;
use shrike_core::event::{
    CapturedFile, Cgroup, ContainerInfo, ExecEvent, Executable, ExitEvent, FdKind, ForkEvent,
    Layer, Protocol, SocketFamily, SocketInfo, Stdio,
};
use shrike_core::interp::{is_python_interpreter, parse_invocation, PythonInvocation};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
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
}

impl Default for EnrichConfig {
    fn default() -> Self {
        Self {
            proc_root: "/proc".into(),
            host_root: "/".into(),
            script_capture_bytes: 64 * 1024,
            max_hash_bytes: 256 << 20,
            hash_cache_entries: 1 << 16,
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
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct FileKey {
    dev: u64,
    ino: u64,
    size: u64,
    mtime_ns: u64,
}

/// Turns kernel records into events.
pub struct Enricher {
    config: EnrichConfig,
    /// Wall clock minus boot clock, in ns.
    clock_offset: i128,
    hashes: FxHashMap<FileKey, String>,
    cgroups: FxHashMap<u64, String>,
    containers: FxHashMap<String, Arc<RuntimeState>>,
    stats: EnrichStats,
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

/// Joins an absolute path under a root directory (`/proc/PID/root` + `/usr/bin/x`).
fn under(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

fn resolve(path: &str, cwd: Option<&str>) -> Option<String> {
    if path.starts_with('/') {
        return Some(path.to_owned());
    }
    cwd.map(|cwd| {
        format!(
            "{}/{}",
            cwd.trim_end_matches('/'),
            path.trim_start_matches("./")
        )
    })
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
        let cwd = std::fs::read_link(self.proc(pid, "cwd"))
            .ok()
            .map(|p| p.to_string_lossy().into_owned());
        let cgroup_path = self.cgroup_path(raw.cgroup_id, pid);
        let runtime = cgroup_path.as_deref().and_then(|p| self.container(p));
        let container: Option<Arc<ContainerInfo>> =
            runtime.as_ref().map(|r| Arc::new(r.info.clone()));
        let init_root = runtime
            .as_ref()
            .and_then(|r| r.init_pid)
            .map(|init| self.config.proc_root.join(init.to_string()).join("root"));

        let mut exe = Executable {
            dev: user_dev(raw.exe_dev),
            ino: raw.exe_ino,
            size: raw.exe_size,
            mtime_ns: raw.exe_mtime_ns,
            layer: match raw.layer {
                1 => Layer::Lower,
                2 => Layer::Upper,
                3 => Layer::CopiedUp,
                4 => Layer::Host,
                _ => Layer::Unknown,
            },
            deleted: raw.flags & EXEC_DELETED != 0,
            ..Executable::default()
        };
        // /proc/PID/exe is only the executed file if the process has not exec'd again since.
        let proc_exe = self.proc(pid, "exe");
        let exe_meta = std::fs::metadata(&proc_exe);
        let alive = exe_meta.is_ok_and(|m| m.ino() == raw.exe_ino);
        let live_path = alive
            .then(|| std::fs::read_link(&proc_exe).ok())
            .flatten()
            .map(|p| {
                p.to_string_lossy()
                    .trim_end_matches(" (deleted)")
                    .to_owned()
            });
        if let Some(p) = &live_path {
            if p.starts_with("/memfd:") {
                exe.memfd = true;
                exe.layer = Layer::Memfd;
            }
        }
        exe.path = match (&raw.exe_path, live_path) {
            (Some(kernel), _) if raw.exe_path_complete() && !exe.memfd => kernel.clone(),
            (_, Some(live)) => live,
            // The kernel saw the path below the file's mount; the requested path may be whole.
            (Some(kernel), None) if raw.filename.ends_with(kernel.as_str()) => raw.filename.clone(),
            (Some(kernel), None) => kernel.clone(),
            (None, None) => raw.filename.clone(),
        };
        if raw.flags & EXEC_MEMFD != 0 || exe.path.starts_with("/memfd:") {
            exe.memfd = true;
            exe.layer = Layer::Memfd;
        }
        self.hash_exe(raw, &mut exe, alive, init_root.as_deref());

        let argv = raw.argv.clone();
        let script = self.capture_script(raw, &exe, &argv, cwd.as_deref(), init_root.as_deref());
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
            env: self.env(pid),
            env_truncated: false,
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

    fn hash_exe(
        &mut self,
        raw: &RawExec,
        exe: &mut Executable,
        alive: bool,
        init_root: Option<&Path>,
    ) {
        let key = FileKey {
            dev: raw.exe_dev,
            ino: raw.exe_ino,
            size: raw.exe_size,
            mtime_ns: raw.exe_mtime_ns,
        };
        if let Some(hash) = self.hashes.get(&key) {
            self.stats.hash_cache_hits += 1;
            exe.sha256 = Some(hash.clone());
            return;
        }
        // The live process's own executable first; then, for a process already gone, the same
        // path through the container's root or the host's, if it is the very same inode.
        let mut candidates: Vec<(PathBuf, bool)> = Vec::new();
        if alive {
            candidates.push((self.proc(raw.pid, "exe"), false));
        }
        if exe.path.starts_with('/') && !exe.memfd {
            if let Some(root) = init_root {
                candidates.push((under(root, &exe.path), true));
            } else {
                candidates.push((under(&self.config.host_root, &exe.path), true));
            }
        }
        let mut last_error = String::from("process exited before its executable could be read");
        for (path, after_exit) in candidates {
            match self.hash_verified(&path, exe) {
                Ok(hash) => {
                    self.stats.hashed += 1;
                    if after_exit && !alive {
                        self.stats.hashed_after_exit += 1;
                    }
                    if self.hashes.len() >= self.config.hash_cache_entries {
                        self.hashes.clear();
                    }
                    self.hashes.insert(key, hash.clone());
                    exe.sha256 = Some(hash);
                    return;
                }
                Err(e) => last_error = e,
            }
        }
        self.stats.hash_failures += 1;
        tracing::debug!(pid = raw.pid, path = %exe.path, error = %last_error, "executable not hashed");
        exe.hash_error = Some(last_error);
    }

    fn hash_verified(&self, path: &Path, exe: &Executable) -> Result<String, String> {
        let mut file = open_regular(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let meta = file.metadata().map_err(|e| e.to_string())?;
        // On overlayfs, stat reports the real file's device (the layer's filesystem) while the
        // kernel saw the overlay's: there the inode number and size identify the file.
        let overlay = matches!(exe.layer, Layer::Lower | Layer::Upper | Layer::CopiedUp);
        let same_dev = overlay || exe.dev == 0 || meta.dev() == exe.dev;
        if meta.ino() != exe.ino || meta.len() != exe.size || !same_dev {
            return Err(format!("{} is no longer the executed file", path.display()));
        }
        sha256_file(&mut file, self.config.max_hash_bytes)
            .map(|(h, _)| h)
            .map_err(|e| e.to_string())
    }

    fn capture_script(
        &mut self,
        raw: &RawExec,
        exe: &Executable,
        argv: &[String],
        cwd: Option<&str>,
        init_root: Option<&Path>,
    ) -> Option<Box<CapturedFile>> {
        let requested = raw.filename.as_str();
        // A `#!` script: the kernel was asked for one file and ran another (its interpreter).
        let mut candidates: Vec<(String, bool)> = Vec::new();
        if !requested.is_empty()
            && requested != exe.path
            && !requested.starts_with("/dev/fd/")
            && !requested.starts_with("/proc/")
        {
            if let Some(p) = resolve(requested, cwd) {
                candidates.push((p, true));
            }
        }
        if is_python_interpreter(exe.path.rsplit('/').next().unwrap_or("")) {
            if let PythonInvocation::Script(p) =
                parse_invocation(argv.get(1..).unwrap_or_default(), cwd)
            {
                if p.starts_with('/') && !candidates.iter().any(|(c, _)| *c == p) {
                    candidates.push((p, false));
                }
            }
        }
        if candidates.is_empty() {
            return None;
        }
        let roots = [
            Some(self.proc(raw.pid, "root")),
            init_root.map(Path::to_path_buf),
            Some(self.config.host_root.clone()),
        ];
        let mut read_any = false;
        for (path, must_be_shebang) in candidates {
            for root in roots.iter().flatten() {
                let full = under(root, &path);
                let Ok(mut file) = open_regular(&full) else {
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
                let Ok((sha, size)) = sha256_file(&mut file, self.config.max_hash_bytes) else {
                    continue;
                };
                let Ok(head) = open_regular(&full).and_then(|f| {
                    let mut buf = Vec::new();
                    f.take(self.config.script_capture_bytes as u64)
                        .read_to_end(&mut buf)
                        .map(|_| buf)
                }) else {
                    continue;
                };
                self.stats.scripts_captured += 1;
                return Some(Box::new(CapturedFile {
                    path: Some(path),
                    contents: String::from_utf8_lossy(&head).into_owned(),
                    size,
                    sha256: Some(sha),
                    truncated: size > head.len() as u64,
                }));
            }
        }
        if !read_any {
            self.stats.script_failures += 1;
        }
        None
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
            if self.cgroups.len() >= 1 << 16 {
                self.cgroups.clear();
            }
            self.cgroups.insert(id, path.clone());
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
        if self.containers.len() >= 4096 {
            self.containers.clear();
        }
        self.containers.insert(identity.id, Arc::clone(&state));
        Some(state)
    }

    fn env(&self, pid: u32) -> BTreeMap<String, String> {
        let Ok(raw) = read_bounded(&self.proc(pid, "environ"), 256 * 1024) else {
            return BTreeMap::new();
        };
        raw.split(|&b| b == 0)
            .filter_map(|kv| {
                let kv = std::str::from_utf8(kv).ok()?;
                let (k, v) = kv.split_once('=')?;
                ENV_ALLOW_LIST
                    .contains(&k)
                    .then(|| (k.to_owned(), v.chars().take(1024).collect()))
            })
            .collect()
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
}
