//! Real containers for the live tests, started with runc and laid out the way Docker's cgroupfs
//! driver lays them out, so the product sees what it sees on a Docker host.
//!
//! A [`TestContainer`] is a detached runc container (runc root `/run/runc`, so its state is at
//! `/run/runc/<id>/state.json`) whose id is 64 lowercase hex and whose:
//!
//! * rootfs is an overlayfs: lower = the host's `/` (so every host tool is in the "image"),
//!   upper and work = directories on a tmpfs of its own (an upper on the host's root filesystem
//!   would overlap the lower, which overlayfs refuses);
//! * cgroup is `/docker/<id>` in every hierarchy, cgroup v2 included;
//! * network namespace is the host's (loopback reaches the test's listeners), pid, ipc, uts and
//!   mount namespaces are its own; no cgroup namespace, so `/proc/self/cgroup` inside shows the
//!   host path, as in Docker with cgroup v1;
//! * init process is `sleep infinity`, as root with Docker's default capability set, no seccomp;
//! * bundle `config.json` carries the annotations `io.shrike.container.name`,
//!   `io.shrike.container.image` and `io.shrike.container.image-id` (`sha256:` + the SHA-256 of
//!   the image name, so the same image always has the same id).
//!
//! Everything lives in a temp dir named `shrike-test-<first 12 hex of the id>.<random>`
//! (`config.json`, `layers/` = the tmpfs with `upper/` and `work/`, `rootfs/` = the overlay).
//! Dropping the container kills and deletes it, unmounts both mounts and removes the dir. A test
//! process that dies without dropping leaves them behind; the first [`TestContainer::start`] of
//! any later test process cleans up such leftovers whose owning process is gone.
//!
//! Needs root and the `runc`, `mount`, `umount` and `sha256sum` programs (Debian's `runc`).
//! Tests call [`require_root`] first:
//!
//! ```ignore
//! if !support::container::require_root() {
//!     return;
//! }
//! let c = TestContainer::start("web", "nginx:latest");
//! let out = c.exec(&["id", "-u"]);
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    dead_code,
    reason = "test support code: not every test binary uses every helper, and a broken fixture panics"
)]

use serde_json::{json, Value};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;
use std::time::{Duration, Instant};

/// runc's state root (its default when run as root).
pub const RUNC_ROOT: &str = "/run/runc";
/// The environment of the init process and of every `exec`.
pub const CONTAINER_PATH_ENV: &str =
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// Annotation holding the container name given to [`TestContainer::start`].
pub const ANNOTATION_NAME: &str = "io.shrike.container.name";
/// Annotation holding the image name given to [`TestContainer::start`].
pub const ANNOTATION_IMAGE: &str = "io.shrike.container.image";
/// Annotation holding [`image_id_of`] the image.
pub const ANNOTATION_IMAGE_ID: &str = "io.shrike.container.image-id";

/// Prefix of every test container's temp dir.
const DIR_PREFIX: &str = "shrike-test-";
/// File in the temp dir naming the owning test process and the container: `<pid> <id>`.
const OWNER_FILE: &str = "owner";
/// Docker's default capability set (moby `oci/caps/defaults.go`).
const DEFAULT_CAPS: &[&str] = &[
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_FSETID",
    "CAP_FOWNER",
    "CAP_MKNOD",
    "CAP_NET_RAW",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETFCAP",
    "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE",
    "CAP_SYS_CHROOT",
    "CAP_KILL",
    "CAP_AUDIT_WRITE",
];

static REAP_LEFTOVERS: Once = Once::new();

/// Whether a test that needs root (containers, eBPF) may go on.
///
/// As root: `true`. Otherwise it prints `<test>: skipped: needs root` straight to the terminal
/// (past the test harness's output capture) and returns `false`, unless the environment variable
/// `CI` is set to anything but "" — then it panics, so CI can never pass by skipping.
pub fn require_root() -> bool {
    if effective_uid() == Some(0) {
        return true;
    }
    let test = std::thread::current().name().unwrap_or("test").to_owned();
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{test}: needs root, and CI is set: run the test suite as root in CI");
    }
    // One write, so the line stays whole among the harness's own output.
    let _ = std::io::stderr().write_all(format!("{test}: skipped: needs root\n").as_bytes());
    false
}

/// `sha256:` and the 64-hex SHA-256 of `image`: the image id [`TestContainer::start`] annotates.
pub fn image_id_of(image: &str) -> String {
    let mut child = Command::new("sha256sum")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("run sha256sum");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(image.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "sha256sum failed: {}", out.status);
    let hex: String = String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .take(64)
        .collect();
    assert!(is_hex64(&hex), "sha256sum printed {hex:?}");
    format!("sha256:{hex}")
}

/// A running runc container; see the module docs. Dropping it removes every trace of it.
pub struct TestContainer {
    id: String,
    name: String,
    image: String,
    image_id: String,
    init_pid: u32,
    /// `None` only while dropping, or when the dir is left behind because something is still
    /// mounted in it.
    dir: Option<tempfile::TempDir>,
    bundle: PathBuf,
    layers: PathBuf,
    upper: PathBuf,
    rootfs: PathBuf,
    layers_mounted: bool,
    rootfs_mounted: bool,
    created: bool,
    execs: AtomicU64,
}

impl TestContainer {
    /// Starts a detached container; see the module docs for its layout. Panics (after cleaning
    /// up what it had made) if any step fails.
    pub fn start(name: &str, image: &str) -> TestContainer {
        assert_eq!(
            effective_uid(),
            Some(0),
            "TestContainer::start needs root: call support::container::require_root() first"
        );
        REAP_LEFTOVERS.call_once(reap_leftovers);

        let id = random_id();
        let dir = tempfile::Builder::new()
            .prefix(&format!("{DIR_PREFIX}{}.", &id[..12]))
            .tempdir()
            .expect("temp dir for a test container");
        // The real path: /proc/self/mountinfo and runc's state show it, not a symlinked TMPDIR.
        let bundle = dir.path().canonicalize().unwrap();
        let bundle_str = bundle.to_str().expect("UTF-8 temp dir path");
        assert!(
            !bundle_str.contains([',', ':', ' ', '\\', '\n']),
            "temp dir {bundle_str:?} cannot go in overlayfs mount options"
        );
        let layers = bundle.join("layers");
        let mut c = TestContainer {
            name: name.to_owned(),
            image: image.to_owned(),
            image_id: image_id_of(image),
            init_pid: 0,
            dir: Some(dir),
            upper: layers.join("upper"),
            rootfs: bundle.join("rootfs"),
            layers,
            bundle,
            layers_mounted: false,
            rootfs_mounted: false,
            created: false,
            execs: AtomicU64::new(0),
            id,
        };
        // From here on a panic drops `c`, which undoes whatever was done.
        fs::write(
            c.bundle.join(OWNER_FILE),
            format!("{} {}\n", std::process::id(), c.id),
        )
        .unwrap();

        fs::create_dir(&c.layers).unwrap();
        run_checked(
            Command::new("mount")
                .args(["-t", "tmpfs", "-o", "mode=0755", "shrike-test"])
                .arg(&c.layers),
        );
        c.layers_mounted = true;
        let work = c.layers.join("work");
        fs::create_dir(&c.upper).unwrap();
        fs::create_dir(&work).unwrap();
        fs::create_dir(&c.rootfs).unwrap();
        let options = format!(
            "lowerdir=/,upperdir={},workdir={}",
            c.upper.display(),
            work.display()
        );
        run_checked(
            Command::new("mount")
                .args(["-t", "overlay", "-o", &options, "overlay"])
                .arg(&c.rootfs),
        );
        c.rootfs_mounted = true;

        run_checked(runc().arg("spec").arg("--bundle").arg(&c.bundle));
        let config_path = c.bundle.join("config.json");
        let mut config: Value = serde_json::from_str(&read_small(&config_path)).unwrap();
        c.edit_config(&mut config);
        fs::write(&config_path, serde_json::to_vec_pretty(&config).unwrap()).unwrap();

        // The init process inherits runc's stdio: a pipe would keep `output()` waiting forever,
        // so it gets /dev/null and a file.
        let out_path = c.bundle.join("init.out");
        let log_path = c.bundle.join("runc-run.log");
        let out = File::create(&out_path).unwrap();
        c.created = true; // a failed `runc run` can still leave state behind: always delete
        let status = runc()
            .arg("--log")
            .arg(&log_path)
            .args(["--log-format", "json", "run", "--detach", "--bundle"])
            .arg(&c.bundle)
            .arg(&c.id)
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .status()
            .expect("run runc (is Debian's runc installed?)");
        assert!(
            status.success(),
            "runc run {} failed ({status}):\n{}\nlog: {}",
            c.id,
            read_small(&out_path),
            read_small(&log_path)
        );

        let state: Value = serde_json::from_slice(&run_checked(runc().arg("state").arg(&c.id)))
            .expect("runc state prints JSON");
        assert_eq!(state["status"], "running", "runc state {}: {state}", c.id);
        c.init_pid = state["pid"]
            .as_u64()
            .and_then(|p| u32::try_from(p).ok())
            .filter(|&p| p > 0)
            .unwrap_or_else(|| panic!("runc state {}: no pid in {state}", c.id));
        // `runc run --detach` returns once it has told `runc init` to go on, which may be
        // before that process has exec'd the init command: wait for that, so tests see a
        // settled container.
        let cmdline = Path::new("/proc")
            .join(c.init_pid.to_string())
            .join("cmdline");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = read_small(&cmdline);
            if now == "sleep\0infinity\0" {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "init {} of {} never became `sleep infinity`: {now:?}",
                c.init_pid,
                c.id
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        c
    }

    /// The 64-hex runc container id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Host pid of the init process (`sleep infinity`), from `runc state`.
    pub fn init_pid(&self) -> u32 {
        self.init_pid
    }

    /// The overlay upper dir (host path): what the container added or changed.
    pub fn upper_dir(&self) -> &Path {
        &self.upper
    }

    /// The mounted overlay (host path): the container's root filesystem.
    pub fn rootfs(&self) -> &Path {
        &self.rootfs
    }

    /// The OCI bundle dir (host path), holding `config.json`.
    pub fn bundle(&self) -> &Path {
        &self.bundle
    }

    /// The name given to [`TestContainer::start`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The image given to [`TestContainer::start`].
    pub fn image(&self) -> &str {
        &self.image
    }

    /// The annotated image id: [`image_id_of`] the image.
    pub fn image_id(&self) -> &str {
        &self.image_id
    }

    /// `runc exec`s `argv` inside (as root, cwd `/`, env [`CONTAINER_PATH_ENV`], stdin
    /// /dev/null), waits for it and returns its output. Panics with runc's error if runc could
    /// not start the command (no such program, say); the command's own failure is in the
    /// returned status (a signal shows as 128 + its number, as runc reports it).
    pub fn exec(&self, argv: &[&str]) -> Output {
        self.try_exec(argv).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Like [`TestContainer::exec`], but runc failing to start the command is an `Err` with
    /// runc's error and stderr instead of a panic.
    pub fn try_exec(&self, argv: &[&str]) -> Result<Output, String> {
        let n = self.execs.fetch_add(1, Ordering::Relaxed);
        let log_path = self.bundle.join(format!("runc-exec-{n}.log"));
        let out = self
            .exec_command(argv, Some(&log_path))
            .stdin(Stdio::null())
            .output()
            .expect("run runc");
        let log = read_small(&log_path);
        let _ = fs::remove_file(&log_path);
        // runc logs its own failures; the command's stderr is never in the log.
        let errors: Vec<String> = log
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|e| matches!(e["level"].as_str(), Some("error" | "fatal" | "panic")))
            .map(|e| e["msg"].as_str().unwrap_or_default().to_owned())
            .collect();
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(format!(
                "runc exec {argv:?} in {} failed ({}): {}\nstderr: {}",
                self.id,
                out.status,
                errors.join("; "),
                String::from_utf8_lossy(&out.stderr).trim()
            ))
        }
    }

    /// Like [`TestContainer::exec`] but returns at once with the `runc exec` child, its stdin,
    /// stdout and stderr piped. If runc cannot start the command, the child exits 255 with
    /// runc's error on its stderr. The command runs inside the container; the child is runc,
    /// which passes signals other than SIGKILL on to it. Dropping the container kills it.
    pub fn spawn(&self, argv: &[&str]) -> Child {
        self.exec_command(argv, None)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run runc")
    }

    fn exec_command(&self, argv: &[&str], log: Option<&Path>) -> Command {
        assert!(!argv.is_empty(), "exec needs a command");
        let mut cmd = runc();
        if let Some(log) = log {
            cmd.arg("--log").arg(log).args(["--log-format", "json"]);
        }
        // The env comes from config.json's process (exactly CONTAINER_PATH_ENV): `--env` would
        // add a second PATH.
        cmd.args(["exec", "--user", "0:0", "--cwd", "/", &self.id])
            .args(argv);
        cmd
    }

    fn edit_config(&self, config: &mut Value) {
        let caps = json!(DEFAULT_CAPS);
        let process = &mut config["process"];
        process["terminal"] = json!(false);
        process["args"] = json!(["sleep", "infinity"]);
        process["env"] = json!([CONTAINER_PATH_ENV]);
        process["cwd"] = json!("/");
        process["user"] = json!({ "uid": 0, "gid": 0 });
        process["capabilities"] = json!({ "bounding": caps, "effective": caps, "permitted": caps });
        process["noNewPrivileges"] = json!(false);
        config["root"] = json!({ "path": self.rootfs, "readonly": false });
        // /dev/shm without `noexec`, as a Kubernetes `emptyDir` of medium `Memory` mounted there
        // is (runc's default spec has `noexec`), so that executing from it can be tested.
        if let Some(mounts) = config["mounts"].as_array_mut() {
            for m in mounts.iter_mut().filter(|m| m["destination"] == "/dev/shm") {
                if let Some(options) = m["options"].as_array_mut() {
                    options.retain(|o| o != "noexec");
                }
            }
        }
        config["hostname"] = json!(&self.id[..12]);
        let linux = &mut config["linux"];
        linux["namespaces"]
            .as_array_mut()
            .expect("runc spec has linux.namespaces")
            .retain(|ns| ns["type"] != "network");
        linux["cgroupsPath"] = json!(format!("/docker/{}", self.id));
        config["annotations"] = json!({
            ANNOTATION_NAME: self.name,
            ANNOTATION_IMAGE: self.image,
            ANNOTATION_IMAGE_ID: self.image_id,
        });
    }
}

impl Drop for TestContainer {
    fn drop(&mut self) {
        let mut problems = Vec::new();
        if self.created && !delete_container(&self.id) {
            problems.push(format!("runc delete -f {} did not remove it", self.id));
        }
        for (mounted, path) in [
            (self.rootfs_mounted, &self.rootfs),
            (self.layers_mounted, &self.layers),
        ] {
            if mounted && !unmount(path) {
                problems.push(format!("cannot unmount {}", path.display()));
            }
        }
        if let Some(dir) = self.dir.take() {
            if mounts_under(&self.bundle).is_empty() {
                let _ = dir.close();
            } else {
                // Never remove_dir_all through a mount.
                let _ = dir.keep();
                problems.push(format!(
                    "left {} behind: still mounted",
                    self.bundle.display()
                ));
            }
        }
        if !problems.is_empty() {
            let _ = writeln!(
                std::io::stderr(),
                "TestContainer {} cleanup: {}",
                self.id,
                problems.join("; ")
            );
        }
    }
}

/// `runc --root /run/runc`.
fn runc() -> Command {
    let mut cmd = Command::new("runc");
    cmd.arg("--root").arg(RUNC_ROOT);
    cmd
}

/// `runc list --format json`: one object per container (`id`, `pid`, `status`, `bundle`, ...).
/// Retries, as runc fails a listing when a container goes away while it lists.
pub fn runc_list() -> Vec<Value> {
    let mut last = String::new();
    for _ in 0..50 {
        let out = runc()
            .args(["list", "--format", "json"])
            .stdin(Stdio::null())
            .output()
            .expect("run runc");
        if out.status.success() {
            // An empty list prints `null`.
            return match serde_json::from_slice(&out.stdout) {
                Ok(Value::Array(list)) => list,
                Ok(Value::Null) => Vec::new(),
                other => panic!("runc list printed {other:?}"),
            };
        }
        last = String::from_utf8_lossy(&out.stderr).into_owned();
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("runc list keeps failing: {last}");
}

/// Runs `cmd` with stdin /dev/null, panicking with its stderr unless it succeeds; its stdout.
fn run_checked(cmd: &mut Command) -> Vec<u8> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    out.stdout
}

/// Kills every process of container `id` and deletes it; whether its state is gone.
fn delete_container(id: &str) -> bool {
    let quiet = |cmd: &mut Command| {
        let _ = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    };
    quiet(runc().args(["kill", "-a", id, "KILL"]));
    let state = Path::new(RUNC_ROOT).join(id);
    for _ in 0..50 {
        quiet(runc().args(["delete", "-f", id]));
        if !state.exists() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Unmounts `path` (lazily if it is busy); whether nothing is mounted there any more.
fn unmount(path: &Path) -> bool {
    for lazy in [false, true] {
        if !is_mount_point(path) {
            return true;
        }
        let mut cmd = Command::new("umount");
        if lazy {
            cmd.arg("-l");
        }
        let _ = cmd
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    !is_mount_point(path)
}

/// Mount points of this mount namespace, from /proc/self/mountinfo.
fn mount_points() -> Vec<PathBuf> {
    read_small(Path::new("/proc/self/mountinfo"))
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .map(|p| PathBuf::from(unescape_mountinfo(p)))
        .collect()
}

fn is_mount_point(path: &Path) -> bool {
    mount_points().iter().any(|m| m == path)
}

/// Mount points at or under `dir`.
fn mounts_under(dir: &Path) -> Vec<PathBuf> {
    mount_points()
        .into_iter()
        .filter(|m| m.starts_with(dir))
        .collect()
}

/// Undoes mountinfo's octal escapes (`\040` for a space, ...).
fn unescape_mountinfo(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 4 <= b.len() && b[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
            let v = b[i + 1..i + 4]
                .iter()
                .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
            out.push(u8::try_from(v).unwrap_or(b'?'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Removes what earlier test processes that died without dropping their containers left:
/// containers, mounts and temp dirs whose owner file names a process that is gone.
fn reap_leftovers() {
    let mut dirs: Vec<PathBuf> = mount_points()
        .into_iter()
        .filter_map(|m| m.parent().map(Path::to_path_buf))
        .collect();
    dirs.extend(
        runc_list()
            .iter()
            .filter_map(|c| c["bundle"].as_str())
            .map(PathBuf::from),
    );
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        let ours = dir
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(DIR_PREFIX));
        if !ours {
            continue;
        }
        let owner = read_small(&dir.join(OWNER_FILE));
        let mut fields = owner.split_whitespace();
        let (Some(pid), Some(id)) = (fields.next(), fields.next()) else {
            continue;
        };
        if pid.parse::<u32>().is_err() || !is_hex64(id) || Path::new("/proc").join(pid).exists() {
            continue;
        }
        delete_container(id);
        let rootfs_gone = unmount(&dir.join("rootfs"));
        let layers_gone = unmount(&dir.join("layers"));
        if rootfs_gone && layers_gone && mounts_under(&dir).is_empty() {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

/// 64 lowercase hex from /dev/urandom.
fn random_id() -> String {
    let mut bytes = [0u8; 32];
    File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("read /dev/urandom");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The effective uid, from /proc/self/status.
fn effective_uid() -> Option<u32> {
    read_small(Path::new("/proc/self/status"))
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .and_then(|euid| euid.parse().ok())
}

/// Up to 1 MiB of a text file; "" if it cannot be read.
fn read_small(path: &Path) -> String {
    let mut s = String::new();
    if let Ok(f) = File::open(path) {
        let _ = f.take(1 << 20).read_to_string(&mut s);
    }
    s
}
