//! Self-test of the real-container test support (`tests/support/container.rs`): the containers
//! it starts look to the product like Docker's (cgroup `/docker/<id>`, overlayfs upper dir, runc
//! state and annotations), share the host's network, and leave nothing behind.
//!
//! Needs root: skipped with a message otherwise, and fails if `CI` is set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test support code"
)]

mod support;

use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};
use support::container::{
    image_id_of, require_root, runc_list, TestContainer, ANNOTATION_IMAGE, ANNOTATION_IMAGE_ID,
    ANNOTATION_NAME, CONTAINER_PATH_ENV, RUNC_ROOT,
};

/// Runs `argv` in `c`, asserts it succeeded, returns its stdout.
fn run_ok(c: &TestContainer, argv: &[&str]) -> String {
    let out = c.exec(argv);
    assert_success(argv, &out);
    String::from_utf8(out.stdout).unwrap()
}

fn assert_success(what: &[&str], out: &Output) {
    assert!(
        out.status.success(),
        "{what:?}: {}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Where the cgroup v2 hierarchy is mounted (`/sys/fs/cgroup/unified` on a hybrid host).
fn cgroup2_mount() -> PathBuf {
    std::fs::read_to_string("/proc/mounts")
        .unwrap()
        .lines()
        .map(|l| l.split(' ').collect::<Vec<_>>())
        .find(|f| f.len() > 2 && f[2] == "cgroup2")
        .map(|f| PathBuf::from(f[1]))
        .expect("a cgroup2 mount")
}

/// The `0::` line of a /proc/<pid>/cgroup.
fn v2_line(cgroup: &str) -> &str {
    cgroup
        .lines()
        .find(|l| l.starts_with("0::"))
        .unwrap_or_else(|| panic!("no 0:: line in {cgroup}"))
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn exec_runs_as_root_in_the_docker_cgroup() {
    if !require_root() {
        return;
    }
    let c = TestContainer::start("harness-cgroup", "shrike/harness:1");
    assert!(is_hex64(c.id()), "{}", c.id());
    let want = format!("/docker/{}", c.id());

    let inside = run_ok(&c, &["cat", "/proc/self/cgroup"]);
    assert!(v2_line(&inside).ends_with(&want), "{inside}");
    let host = std::fs::read_to_string(format!("/proc/{}/cgroup", c.init_pid())).unwrap();
    assert_eq!(v2_line(&host), format!("0::{want}"), "{host}");
    let procs =
        std::fs::read_to_string(cgroup2_mount().join(&want[1..]).join("cgroup.procs")).unwrap();
    assert!(
        procs.lines().any(|p| p == c.init_pid().to_string()),
        "init pid {} not in {want}: {procs}",
        c.init_pid()
    );

    assert_eq!(run_ok(&c, &["id", "-u"]), "0\n");
    assert_eq!(run_ok(&c, &["pwd"]), "/\n");
    let env = run_ok(&c, &["env"]);
    let paths: Vec<&str> = env.lines().filter(|l| l.starts_with("PATH=")).collect();
    assert_eq!(paths, [CONTAINER_PATH_ENV], "{env}");
    // Docker's default capabilities: CAP_CHOWN (bit 0) and CAP_NET_RAW (13), not
    // CAP_SYS_ADMIN (21).
    let status = run_ok(&c, &["cat", "/proc/self/status"]);
    let eff = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))
        .map(|h| u64::from_str_radix(h.trim(), 16).unwrap())
        .unwrap();
    assert_eq!(eff & 1, 1, "{status}");
    assert_eq!(eff >> 13 & 1, 1, "{status}");
    assert_eq!(eff >> 21 & 1, 0, "{status}");

    // Own pid namespace (pid 1 is the init), the host's network namespace.
    assert_eq!(run_ok(&c, &["cat", "/proc/1/cmdline"]), "sleep\0infinity\0");
    let ns = |n: &str| std::fs::read_link(format!("/proc/self/ns/{n}")).unwrap();
    let inside_ns = |n: &str| run_ok(&c, &["readlink", &format!("/proc/self/ns/{n}")]);
    assert_eq!(inside_ns("net").trim(), ns("net").to_str().unwrap());
    assert_ne!(inside_ns("pid").trim(), ns("pid").to_str().unwrap());
    assert_ne!(inside_ns("mnt").trim(), ns("mnt").to_str().unwrap());

    // The command's own exit status comes back; runc failing to start it is an error (a panic
    // in `exec`).
    assert_eq!(c.exec(&["sh", "-c", "exit 3"]).status.code(), Some(3));
    let err = c
        .try_exec(&["/no/such/program"])
        .expect_err("runc cannot start a missing program");
    assert!(
        err.contains("runc exec") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn writes_land_in_the_upper_dir_and_never_on_the_host() {
    if !require_root() {
        return;
    }
    for f in ["/etc/motd", "/etc/issue"] {
        assert!(Path::new(f).is_file(), "the test needs the host's {f}");
    }
    let motd = std::fs::read("/etc/motd").unwrap();
    let c = TestContainer::start("harness-overlay", "shrike/harness:1");
    let upper = c.upper_dir();
    assert!(upper.is_dir());
    assert!(
        std::fs::read_dir(upper).unwrap().next().is_none(),
        "fresh upper dir is empty"
    );

    run_ok(&c, &["sh", "-c", "echo hi > /tmp/added.txt"]);
    assert_eq!(
        std::fs::read_to_string(upper.join("tmp/added.txt")).unwrap(),
        "hi\n"
    );
    assert_eq!(
        std::fs::read_to_string(c.rootfs().join("tmp/added.txt")).unwrap(),
        "hi\n"
    );

    // Changing an image file copies it up; the host's stays as it was.
    run_ok(&c, &["sh", "-c", "echo x >> /etc/motd"]);
    let mut changed = motd.clone();
    changed.extend_from_slice(b"x\n");
    assert_eq!(std::fs::read(upper.join("etc/motd")).unwrap(), changed);
    assert_eq!(std::fs::read(c.rootfs().join("etc/motd")).unwrap(), changed);
    assert_eq!(std::fs::read("/etc/motd").unwrap(), motd);

    // Deleting one leaves a whiteout (a 0/0 character device) in the upper dir.
    run_ok(&c, &["rm", "/etc/issue"]);
    let whiteout = std::fs::symlink_metadata(upper.join("etc/issue")).unwrap();
    assert!(whiteout.file_type().is_char_device() && whiteout.rdev() == 0);
    assert!(!c.rootfs().join("etc/issue").exists());
    assert!(Path::new("/etc/issue").is_file());
    assert!(!c.exec(&["test", "-e", "/etc/issue"]).status.success());
}

#[test]
fn runc_state_and_bundle_carry_pid_and_annotations() {
    if !require_root() {
        return;
    }
    let image = "registry.example/shrike/app:2.1";
    let c = TestContainer::start("harness-state", image);
    let state: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(RUNC_ROOT).join(c.id()).join("state.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(state["init_process_pid"], u64::from(c.init_pid()));
    let bundle = state["config"]["labels"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|l| l.as_str()?.strip_prefix("bundle="))
        .expect("bundle label");
    assert_eq!(Path::new(bundle), c.bundle());

    let config: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(bundle).join("config.json")).unwrap(),
    )
    .unwrap();
    let annotations = config["annotations"].as_object().unwrap();
    assert_eq!(annotations.len(), 3, "{annotations:?}");
    assert_eq!(annotations[ANNOTATION_NAME], "harness-state");
    assert_eq!(annotations[ANNOTATION_IMAGE], image);
    let image_id = annotations[ANNOTATION_IMAGE_ID].as_str().unwrap();
    assert!(
        image_id.strip_prefix("sha256:").is_some_and(is_hex64),
        "{image_id}"
    );
    assert_eq!(image_id, image_id_of(image));
    assert_eq!(image_id, c.image_id());
    assert_ne!(image_id, image_id_of("another/image:1"));
    assert_eq!(
        config["linux"]["cgroupsPath"],
        format!("/docker/{}", c.id())
    );
    assert_eq!(config["root"]["path"], c.rootfs().to_str().unwrap());

    assert_eq!(
        std::fs::read(format!("/proc/{}/cmdline", c.init_pid())).unwrap(),
        b"sleep\0infinity\0"
    );
}

#[test]
fn drop_removes_container_mounts_and_dirs() {
    if !require_root() {
        return;
    }
    let t = Instant::now();
    let c = TestContainer::start("harness-drop", "shrike/harness:1");
    let started = t.elapsed();
    let id = c.id().to_owned();
    let bundle = c.bundle().to_owned();
    let rootfs = c.rootfs().to_owned();
    let init = c.init_pid();
    let cgroup = cgroup2_mount().join("docker").join(&id);
    assert!(cgroup.is_dir());
    let listed = runc_list();
    let entry = listed
        .iter()
        .find(|e| e["id"] == id.as_str())
        .unwrap_or_else(|| panic!("runc list lacks {id}: {listed:?}"));
    assert_eq!(entry["status"], "running");
    assert_eq!(entry["bundle"], bundle.to_str().unwrap());
    // A command still running at drop time must not get in the way.
    let mut child = c.spawn(&["sleep", "1000"]);
    wait_until("the spawned sleep runs", || {
        run_ok(&c, &["ps", "-e", "-o", "args"])
            .lines()
            .any(|l| l == "sleep 1000")
    });

    let t = Instant::now();
    drop(c);
    let stopped = t.elapsed();
    eprintln!("start {started:?}, drop {stopped:?}");

    assert!(
        !runc_list().iter().any(|c| c["id"] == id.as_str()),
        "runc list still shows {id}"
    );
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
    let bundle_str = bundle.to_str().unwrap();
    assert!(
        !mounts.lines().any(|l| l
            .split(' ')
            .nth(1)
            .is_some_and(|m| m.starts_with(bundle_str))),
        "still mounted under {bundle_str}: {mounts}"
    );
    assert!(!mounts.contains(rootfs.to_str().unwrap()));
    assert!(!bundle.exists());
    assert!(!Path::new(RUNC_ROOT).join(&id).exists());
    assert!(!cgroup.exists());
    wait_until("the init process is gone", || {
        std::fs::read_to_string(format!("/proc/{init}/stat"))
            .map_or(true, |s| s.rsplit(") ").next().unwrap().starts_with('Z'))
    });
    wait_until("the spawned runc exec exits", || {
        child.try_wait().unwrap().is_some()
    });
}

#[test]
fn two_containers_run_at_once() {
    if !require_root() {
        return;
    }
    let image = "shrike/harness:1";
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| TestContainer::start("harness-a", image));
        let b = s.spawn(|| TestContainer::start("harness-b", image));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_ne!(a.id(), b.id());
    assert_ne!(a.init_pid(), b.init_pid());
    assert_ne!(a.upper_dir(), b.upper_dir());
    assert_eq!(a.image_id(), b.image_id());

    run_ok(&a, &["sh", "-c", "echo a > /tmp/which"]);
    run_ok(&b, &["sh", "-c", "echo b > /tmp/which"]);
    assert_eq!(run_ok(&a, &["cat", "/tmp/which"]), "a\n");
    assert_eq!(run_ok(&b, &["cat", "/tmp/which"]), "b\n");
    for c in [&a, &b] {
        let cgroup = run_ok(c, &["cat", "/proc/self/cgroup"]);
        assert!(
            v2_line(&cgroup).ends_with(&format!("/docker/{}", c.id())),
            "{cgroup}"
        );
    }
}

#[test]
fn spawn_pipes_stdio_and_reaches_host_loopback() {
    if !require_root() {
        return;
    }
    let c = TestContainer::start("harness-spawn", "shrike/harness:1");

    let mut cat = c.spawn(&["cat"]);
    cat.stdin.take().unwrap().write_all(b"ping\n").unwrap();
    let out = cat.wait_with_output().unwrap();
    assert_success(&["cat"], &out);
    assert_eq!(out.stdout, b"ping\n");

    // A listener in the test process is reachable on 127.0.0.1 from inside.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let script = format!("echo hello-from-{} > /dev/tcp/127.0.0.1/{port}", c.id());
    let bash = c.spawn(&["bash", "-c", &script]);
    let mut got = String::new();
    wait_until("the container connects", || match listener.accept() {
        Ok((mut conn, _)) => {
            conn.set_nonblocking(false).unwrap();
            conn.read_to_string(&mut got).unwrap();
            true
        }
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => false,
        Err(e) => panic!("accept: {e}"),
    });
    assert_eq!(got, format!("hello-from-{}\n", c.id()));
    let out = bash.wait_with_output().unwrap();
    assert_success(&["bash", "-c", &script], &out);
}
