//! Fuzzes every detector on attacker-written command lines: the input, split on NUL bytes and
//! read lossily as UTF-8, becomes the argv (and, from its first word, the executable) of an exec
//! inside a container, run under a shell that has the same command line; the engine with every
//! detector (the embedded malicious-Python model included) must not panic, and every finding it
//! makes must belong to the catalogue, say why it fired and serialise. The process then loads a
//! library whose path is its last argument, for the library detectors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_core::catalogue::ALL_FINDING_TYPES;
use shrike_core::codec::decode_line;
use shrike_core::event::{Event, ExecEvent, Executable, Layer, LibraryEvent};
use shrike_detect::{Engine, EngineConfig};
use shrike_intel::IntelSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

fn classifier() -> Arc<dyn shrike_core::ScriptClassifier> {
    static C: OnceLock<Arc<dyn shrike_core::ScriptClassifier>> = OnceLock::new();
    Arc::clone(C.get_or_init(|| {
        Arc::new(shrike_pyml::Classifier::embedded(None).expect("the embedded model loads"))
    }))
}

fn exec_json(pid: u32, ppid: u32, exe: &str, argv: &[String]) -> String {
    serde_json::json!({
        "v": 1, "kind": "exec", "time_ns": 1_795_456_575_000_000_000u64 + u64::from(pid),
        "pid": pid, "ppid": ppid, "start_time_ns": 5_000_000_000u64 + u64::from(pid),
        "uid": 1000, "gid": 1000, "comm": "fuzz",
        "exe": {"path": exe, "dev": 2049, "ino": pid, "size": 1, "mtime_ns": 1, "layer": "upper",
                "memfd": false, "deleted": false},
        "argv": argv, "argv_truncated": false, "cwd": "/", "env": {}, "env_truncated": false,
        "stdio": [{"kind": "pipe"}, {"kind": "pipe"}, {"kind": "pipe"}],
        "cgroup": {"id": 7, "path": "/kubepods.slice/cri-containerd-aa.scope"},
        "container": {"id": "aa", "runtime": "containerd", "name": "fuzz", "image": "fuzz:1"}
    })
    .to_string()
}

/// The exec of `exe` with `argv` by process `pid`, child of `ppid`, in the container: the event
/// `decode_line` makes of [`exec_json`]'s line. The line is decoded once, for a template, and each
/// input's event is the template with its own pid, parent, executable and argv (the fields
/// `exec_json` fills in): encoding and decoding two JSON lines per input took 40% of the time, and
/// the decoder has a target of its own (`event_decoder`).
fn exec(pid: u32, ppid: u32, exe: &str, argv: &[String]) -> Event {
    static TEMPLATE: OnceLock<ExecEvent> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| match decode_line(&exec_json(0, 0, "", &[]), 1) {
        Ok(Event::Exec(e)) => ExecEvent::clone(&e),
        other => panic!("the template is not an exec: {other:?}"),
    });
    let mut e = template.clone();
    e.time_ns += u64::from(pid);
    e.pid = pid;
    e.ppid = ppid;
    e.start_time_ns += u64::from(pid);
    e.exe.path = exe.to_owned();
    e.exe.ino = u64::from(pid);
    e.argv = argv.to_vec();
    Event::Exec(Arc::new(e))
}

/// The first inputs are also checked the slow way: the template-built event equals what
/// `decode_line` makes of the JSON line.
fn check_template(pid: u32, ppid: u32, exe: &str, argv: &[String], event: &Event) {
    static CHECKED: AtomicUsize = AtomicUsize::new(0);
    if CHECKED.fetch_add(1, Ordering::Relaxed) < 10_000 {
        let line = exec_json(pid, ppid, exe, argv);
        let decoded = decode_line(&line, 1).expect("the events built here decode");
        assert_eq!(&decoded, event, "the template differs from {line}");
    }
}

fuzz_target!(|data: &[u8]| {
    let argv: Vec<String> = data
        .split(|&b| b == 0)
        .take(256)
        .map(|a| String::from_utf8_lossy(a).into_owned())
        .collect();
    let first = argv.first().map(String::as_str).unwrap_or("");
    let exe = if first.starts_with('/') {
        first.to_owned()
    } else {
        format!("/usr/bin/{}", first.rsplit('/').next().unwrap_or(""))
    };
    let mut engine = Engine::new(
        EngineConfig::default(),
        Arc::new(IntelSet::new()),
        Some(classifier()),
    );
    let shell: Vec<String> = ["sh".to_owned(), "-c".to_owned(), argv.join(" ")].into();
    let mut findings = Vec::new();
    for (pid, ppid, exe, argv) in [(100, 1, "/bin/sh", &shell), (101, 100, exe.as_str(), &argv)] {
        let event = exec(pid, ppid, exe, argv);
        check_template(pid, ppid, exe, argv, &event);
        engine.process(event, &mut findings);
    }
    // The process then loads a library named by its last argument, from the writable layer:
    // the library detectors see an attacker-written path too.
    let library = LibraryEvent {
        time_ns: 1_795_456_576_000_000_000,
        pid: 101,
        start_time_ns: 5_000_000_101,
        library: Executable {
            path: argv.last().cloned().unwrap_or_default(),
            layer: Layer::Upper,
            ..Executable::default()
        },
        ..LibraryEvent::default()
    };
    engine.process(Event::Library(Box::new(library)), &mut findings);
    for f in &findings {
        let module = f.finding.module_name.as_str();
        assert!(
            ALL_FINDING_TYPES.iter().any(|t| t.module_name() == module),
            "{module} is not in the catalogue"
        );
        let summary = f.finding.source_properties.get("Detection_Summary");
        assert!(
            summary
                .and_then(|s| s.as_str())
                .is_some_and(|s| !s.is_empty()),
            "{module} without a summary"
        );
        serde_json::to_string(f).expect("findings serialise");
    }
});
