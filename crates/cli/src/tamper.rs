//! Tamper evidence for the live sensor: whoever stops it, or blinds it, leaves a loud record.
//!
//! - A stop by signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) is logged at error level with the
//!   signal's name: from then on this host's executions are not watched.
//! - `shrike watch` keeps a heartbeat file in its data directory. A run that ends without a
//!   clean stop (SIGKILL, a crash, the machine going down) leaves it marked running; the next
//!   run says so, with how long the host went unwatched.
//! - Every report interval the sensor's event count is compared with the kernel's count of
//!   processes created (`processes` in `/proc/stat`): processes being created while no event
//!   arrives means the programs were detached or blocked, and is logged at error level.

use crate::exit::Failure;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use shrike_core::time::now_ns;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The signals that stop the sensor cleanly (each is logged).
const STOP_SIGNALS: &[(i32, &str)] = &[
    (signal_hook::consts::SIGINT, "SIGINT"),
    (signal_hook::consts::SIGTERM, "SIGTERM"),
    (signal_hook::consts::SIGHUP, "SIGHUP"),
    (signal_hook::consts::SIGQUIT, "SIGQUIT"),
];

/// Processes the kernel may create in one report interval, with no event reaching us, before
/// the sensor is called blind (a few can fall between two reads of the counters).
const BLIND_AFTER: u64 = 20;

/// The signal that asked the sensor to stop (0 while running).
#[derive(Clone)]
pub(crate) struct StopSignal(Arc<AtomicUsize>);

impl StopSignal {
    /// Installs the handlers.
    pub(crate) fn install() -> Result<Self, Failure> {
        let signal = Arc::new(AtomicUsize::new(0));
        for (number, _) in STOP_SIGNALS {
            signal_hook::flag::register_usize(*number, Arc::clone(&signal), *number as usize)
                .context("installing signal handlers")?;
        }
        Ok(Self(signal))
    }

    /// Whether a stop signal arrived.
    pub(crate) fn stopping(&self) -> bool {
        self.0.load(Ordering::Relaxed) != 0
    }

    /// The name of the signal that arrived, if one did.
    pub(crate) fn name(&self) -> Option<&'static str> {
        let got = self.0.load(Ordering::Relaxed);
        STOP_SIGNALS
            .iter()
            .find(|(n, _)| *n as usize == got)
            .map(|(_, name)| *name)
    }

    /// Logs the stop loudly (`what` is the command: `shrike watch`).
    pub(crate) fn log_stop(&self, what: &str) {
        if let Some(name) = self.name() {
            tracing::error!(
                signal = name,
                "{what} is stopping on {name}: process executions on this host are not watched until it runs again"
            );
        }
    }
}

/// What the heartbeat file holds.
#[derive(Debug, Serialize, Deserialize)]
struct State {
    pid: u32,
    started_ns: u64,
    heartbeat_ns: u64,
    clean: bool,
}

/// `shrike watch`'s heartbeat file (`DATA_DIR/shrike-watch.state`, mode 0600).
pub(crate) struct Heartbeat {
    path: PathBuf,
    state: State,
}

impl Heartbeat {
    /// Reads what the previous run left (logging an unclean end) and marks this run running.
    pub(crate) fn start(data_dir: &Path) -> Result<Self, Failure> {
        let path = data_dir.join("shrike-watch.state");
        if let Some(previous) = read_state(&path) {
            if !previous.clean {
                let now = now_ns();
                let gap = now.saturating_sub(previous.heartbeat_ns) / 1_000_000_000;
                tracing::error!(
                    previous_pid = previous.pid,
                    last_heartbeat = %shrike_core::time::rfc3339_nanos(previous.heartbeat_ns),
                    "the previous shrike watch (pid {}) ended without a clean stop (killed, crashed or the host went down); \
                     its last heartbeat was {gap} s ago: executions since then were not watched",
                    previous.pid
                );
            }
        }
        let now = now_ns();
        let mut beat = Self {
            path,
            state: State {
                pid: std::process::id(),
                started_ns: now,
                heartbeat_ns: now,
                clean: false,
            },
        };
        beat.write()?;
        Ok(beat)
    }

    /// Records that the sensor is alive.
    pub(crate) fn beat(&mut self) -> Result<(), Failure> {
        self.state.heartbeat_ns = now_ns();
        self.write()
    }

    /// Marks a clean stop.
    pub(crate) fn stop(mut self) -> Result<(), Failure> {
        self.state.heartbeat_ns = now_ns();
        self.state.clean = true;
        self.write()
    }

    /// Writes the state to a temporary file (0600) and renames it over the old one.
    fn write(&mut self) -> Result<(), Failure> {
        use std::os::unix::fs::OpenOptionsExt as _;
        let tmp = self.path.with_extension("state.tmp");
        let json = serde_json::to_vec(&self.state).context("encoding the heartbeat")?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)
            .with_context(|| format!("writing {}", tmp.display()))?;
        file.write_all(&json)
            .and_then(|()| file.sync_data())
            .with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("replacing {}", self.path.display()))?;
        Ok(())
    }
}

/// The previous state, if the file exists and parses (a damaged file is logged and ignored).
fn read_state(path: &Path) -> Option<State> {
    use std::io::Read as _;
    let file = std::fs::File::open(path).ok()?;
    let mut text = String::new();
    if let Err(e) = file.take(64 * 1024).read_to_string(&mut text) {
        tracing::warn!(path = %path.display(), error = %e, "cannot read the heartbeat file");
        return None;
    }
    match serde_json::from_str(&text) {
        Ok(state) => Some(state),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "the heartbeat file is damaged; ignoring it");
            None
        }
    }
}

/// The kernel's count of processes created since boot (`processes` in `/proc/stat`).
fn processes_created() -> Option<u64> {
    use std::io::Read as _;
    let mut text = String::new();
    std::fs::File::open("/proc/stat")
        .ok()?
        .take(1 << 20)
        .read_to_string(&mut text)
        .ok()?;
    parse_processes(&text)
}

fn parse_processes(stat: &str) -> Option<u64> {
    stat.lines()
        .find_map(|l| l.strip_prefix("processes "))
        .and_then(|n| n.trim().parse().ok())
}

/// Compares the events the sensor delivers with the processes the kernel creates.
pub(crate) struct BlindCheck {
    processes: Option<u64>,
    events: u64,
    blind: bool,
}

impl BlindCheck {
    /// Starts counting from now.
    pub(crate) fn new(events: u64) -> Self {
        Self {
            processes: processes_created(),
            events,
            blind: false,
        }
    }

    /// Called each report interval with the sensor's event total; logs when the sensor went
    /// blind and when it sees again.
    pub(crate) fn check(&mut self, events: u64) {
        let processes = processes_created();
        if let (Some(before), Some(now)) = (self.processes, processes) {
            let created = now.saturating_sub(before);
            let seen = events.saturating_sub(self.events);
            match (is_blind(created, seen), self.blind) {
                (true, false) => {
                    tracing::error!(
                        created,
                        "the kernel created {created} processes and the sensor reported none: its programs were detached or blocked; executions are not being watched"
                    );
                    self.blind = true;
                }
                (false, true) if seen > 0 => {
                    tracing::warn!("the sensor reports events again");
                    self.blind = false;
                }
                _ => {}
            }
        }
        self.processes = processes;
        self.events = events;
    }
}

/// True when `created` processes appeared and not one event did.
fn is_blind(created: u64, seen: u64) -> bool {
    created >= BLIND_AFTER && seen == 0
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "test code: a failure is the report")]
mod tests {
    use super::*;

    #[test]
    fn reads_the_process_counter() {
        let stat = "cpu  1 2 3\nintr 5\nctxt 99\nbtime 1\nprocesses 123456\nprocs_running 2\n";
        assert_eq!(parse_processes(stat), Some(123_456));
        assert_eq!(parse_processes("cpu 1\n"), None);
        assert!(processes_created().is_some(), "this kernel has /proc/stat");
    }

    #[test]
    fn blind_only_when_processes_appear_without_events() {
        assert!(is_blind(50, 0));
        assert!(!is_blind(50, 1));
        assert!(
            !is_blind(3, 0),
            "a few processes can fall between two reads"
        );
    }

    #[test]
    fn heartbeat_marks_running_then_clean_and_is_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let beat = Heartbeat::start(dir.path()).ok().unwrap();
        let path = dir.path().join("shrike-watch.state");
        let state = read_state(&path).unwrap();
        assert!(!state.clean);
        assert_eq!(state.pid, std::process::id());
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(beat.stop().is_ok());
        assert!(read_state(&path).unwrap().clean);
        // A damaged file is ignored, not fatal.
        std::fs::write(&path, b"{not json").unwrap();
        assert!(read_state(&path).is_none());
        assert!(Heartbeat::start(dir.path()).is_ok());
    }
}
