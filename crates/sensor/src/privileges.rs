//! Giving up what the sensor no longer needs once its programs are attached.
//!
//! Loading needs `CAP_BPF` and `CAP_PERFMON` (and whatever else root has); once the programs
//! are attached and the ring buffer mapped, reading it and the loss counters goes through file
//! descriptors the process already holds, which needs no capability on the 6.7+ kernels the
//! sensor supports (since 6.5 `bpf()` checks privilege when an object is created, not on every
//! call). What enrichment still does for the rest of the process's life is read other users'
//! processes: `/proc/PID/exe`, `fd/*`, `environ`, `cwd`, `root/…` are behind the kernel's
//! ptrace read check, which needs `CAP_SYS_PTRACE` for processes of other users and for root
//! processes with capabilities this one no longer has; `/proc/PID/environ` is also a file of
//! mode 0400 owned by the process's user, and executables and scripts may be unreadable to root
//! without a DAC override (an execute-only binary of another user): opening those needs
//! `CAP_DAC_READ_SEARCH`. Measured with `tests/privileges.rs` on Linux 6.18, for an
//! execute-only binary run by `nobody`: keeping neither, it is not hashed and its working
//! directory and environment are not read; `CAP_SYS_PTRACE` alone gives the working directory
//! only; `CAP_DAC_READ_SEARCH` alone hashes it through its host path only; both give all three.
//! Those two are [`KEPT`]; every other capability leaves the effective, permitted, inheritable
//! and ambient sets and, when the process holds `CAP_SETPCAP`, the bounding set, and
//! `PR_SET_NO_NEW_PRIVS` makes sure no `execve` can bring any back. Writing needs no override
//! as long as the data directory and the sinks' files are root's own (`CAP_DAC_OVERRIDE` is
//! gone: a file or directory of another user's is no longer writable).
//!
//! Capabilities belong to threads: [`drop_after_attach`] changes the calling thread's, which
//! threads created afterwards inherit, so it must run while the process has no other thread.
//! It checks that afterwards in `/proc/self/task` and reports any thread that kept more.

use caps::{CapSet, Capability, CapsHashSet};
use std::fmt;
use std::io::Read;

/// The capabilities the sensor keeps after attach, and why.
pub const KEPT: [(&str, &str); 2] = [
    (
        "CAP_DAC_READ_SEARCH",
        "open executables, scripts and /proc/PID/environ whatever their owner and mode",
    ),
    (
        "CAP_SYS_PTRACE",
        "pass the ptrace read check on /proc/PID/exe, fd, environ, cwd and root of any process",
    ),
];

const KEPT_CAPS: [Capability; 2] = [Capability::CAP_DAC_READ_SEARCH, Capability::CAP_SYS_PTRACE];

/// Why privileges could not be dropped as intended. The process keeps running with what it has;
/// the caller logs this.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PrivilegeError {
    /// A `prctl` or `capset` call failed.
    #[error("dropping capabilities after attach failed at {step}: {message}")]
    Syscall {
        /// What was being done.
        step: &'static str,
        /// The system's error.
        message: String,
    },
    /// Threads created before the drop still hold capabilities the calling thread gave up.
    #[error(
        "threads {tids:?} were started before capabilities were dropped and still hold {effective}"
    )]
    OtherThreads {
        /// Their thread ids.
        tids: Vec<u32>,
        /// The first such thread's effective set, as in `/proc/PID/status`.
        effective: String,
    },
}

/// What the process holds after [`drop_after_attach`], for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetainedCaps {
    /// The effective (and permitted) set, sorted by name.
    pub effective: Vec<String>,
    /// The bounding set, sorted by name; `KEPT` unless `CAP_SETPCAP` was missing.
    pub bounding: Vec<String>,
    /// Whether `PR_SET_NO_NEW_PRIVS` is set.
    pub no_new_privs: bool,
    /// False when the bounding set could not be narrowed (no `CAP_SETPCAP`, as under a
    /// systemd `CapabilityBoundingSet=` without it); `no_new_privs` still stops an `execve`
    /// from gaining anything in it.
    pub bounding_narrowed: bool,
}

impl fmt::Display for RetainedCaps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_owned()
            } else {
                v.join(", ")
            }
        };
        write!(f, "capabilities kept: {}", list(&self.effective))?;
        if self.bounding != self.effective {
            write!(f, "; bounding set: {}", list(&self.bounding))?;
            if !self.bounding_narrowed {
                f.write_str(" (no CAP_SETPCAP to narrow it)")?;
            }
        }
        write!(
            f,
            "; no_new_privs {}",
            if self.no_new_privs { "set" } else { "NOT set" }
        )
    }
}

fn syscall(step: &'static str) -> impl Fn(caps::errors::CapsError) -> PrivilegeError {
    move |e| PrivilegeError::Syscall {
        step,
        message: e.to_string(),
    }
}

fn names(set: &CapsHashSet) -> Vec<String> {
    let mut v: Vec<String> = set.iter().map(ToString::to_string).collect();
    v.sort();
    v
}

/// Drops every capability but [`KEPT`] from the calling thread (effective, permitted,
/// inheritable, ambient and, with `CAP_SETPCAP`, bounding) and sets `PR_SET_NO_NEW_PRIVS`.
/// Call it after the sensor is attached and before any other thread is started. Returns what
/// remains; an error means the process may hold more than that (it has then done as much of the
/// drop as it could).
pub fn drop_after_attach() -> Result<RetainedCaps, PrivilegeError> {
    nix::sys::prctl::set_no_new_privs().map_err(|e| PrivilegeError::Syscall {
        step: "PR_SET_NO_NEW_PRIVS",
        message: e.to_string(),
    })?;
    let keep: CapsHashSet = KEPT_CAPS.into_iter().collect();
    // The bounding set first: narrowing it needs CAP_SETPCAP, which goes with the rest below.
    let setpcap = caps::has_cap(None, CapSet::Effective, Capability::CAP_SETPCAP)
        .map_err(syscall("reading the effective set"))?;
    let bounding =
        caps::read(None, CapSet::Bounding).map_err(syscall("reading the bounding set"))?;
    if setpcap {
        for cap in bounding.difference(&keep) {
            caps::drop(None, CapSet::Bounding, *cap).map_err(syscall("PR_CAPBSET_DROP"))?;
        }
    }
    caps::clear(None, CapSet::Ambient).map_err(syscall("clearing the ambient set"))?;
    caps::clear(None, CapSet::Inheritable).map_err(syscall("clearing the inheritable set"))?;
    let permitted =
        caps::read(None, CapSet::Permitted).map_err(syscall("reading the permitted set"))?;
    let kept: CapsHashSet = permitted.intersection(&keep).copied().collect();
    // Effective first: it must stay a subset of permitted at every step.
    caps::set(None, CapSet::Effective, &kept).map_err(syscall("setting the effective set"))?;
    caps::set(None, CapSet::Permitted, &kept).map_err(syscall("setting the permitted set"))?;

    let effective =
        caps::read(None, CapSet::Effective).map_err(syscall("reading the effective set"))?;
    let bounding =
        caps::read(None, CapSet::Bounding).map_err(syscall("reading the bounding set"))?;
    let no_new_privs = nix::sys::prctl::get_no_new_privs().unwrap_or(false);
    check_other_threads(mask(&effective))?;
    Ok(RetainedCaps {
        effective: names(&effective),
        bounding_narrowed: bounding.is_subset(&keep),
        bounding: names(&bounding),
        no_new_privs,
    })
}

fn mask(set: &CapsHashSet) -> u64 {
    set.iter().fold(0, |m, c| m | c.bitmask())
}

/// The `CapEff:` mask of a `/proc/…/status` text.
pub fn status_mask(status: &str, field: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
}

/// Every thread of this process must hold no more than `effective`.
fn check_other_threads(effective: u64) -> Result<(), PrivilegeError> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Ok(());
    };
    let mut tids = Vec::new();
    let mut first = None;
    for entry in tasks.flatten() {
        let mut text = Vec::new();
        let read = std::fs::File::open(entry.path().join("status"))
            .and_then(|f| f.take(64 * 1024).read_to_end(&mut text));
        if read.is_err() {
            continue; // the thread ended meanwhile
        }
        let text = String::from_utf8_lossy(&text);
        let Some(eff) = status_mask(&text, "CapEff") else {
            continue;
        };
        if eff & !effective != 0 {
            tids.extend(
                entry
                    .file_name()
                    .to_str()
                    .and_then(|s| s.parse::<u32>().ok()),
            );
            first.get_or_insert(eff);
        }
    }
    match first {
        None => Ok(()),
        Some(eff) => Err(PrivilegeError::OtherThreads {
            tids,
            effective: format!("{eff:016x}"),
        }),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn kept_names_match_the_capabilities() {
        let names: Vec<String> = KEPT_CAPS.iter().map(ToString::to_string).collect();
        let documented: Vec<&str> = KEPT.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, documented);
    }

    #[test]
    fn status_masks_are_read_by_field() {
        let status =
            "Name:\tshrike\nCapInh:\t0000000000000000\nCapEff:\t0000000000080004\nNoNewPrivs:\t1\n";
        assert_eq!(status_mask(status, "CapEff"), Some(0x80004));
        assert_eq!(status_mask(status, "CapInh"), Some(0));
        assert_eq!(status_mask(status, "CapBnd"), None);
        assert_eq!(
            mask(&KEPT_CAPS.into_iter().collect()),
            0x80004,
            "CAP_DAC_READ_SEARCH is bit 2, CAP_SYS_PTRACE bit 19"
        );
    }

    #[test]
    fn the_log_line_says_what_remains() {
        let kept = RetainedCaps {
            effective: vec!["CAP_DAC_READ_SEARCH".into(), "CAP_SYS_PTRACE".into()],
            bounding: vec!["CAP_DAC_READ_SEARCH".into(), "CAP_SYS_PTRACE".into()],
            no_new_privs: true,
            bounding_narrowed: true,
        };
        assert_eq!(
            kept.to_string(),
            "capabilities kept: CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE; no_new_privs set"
        );
        let partial = RetainedCaps {
            bounding: vec![
                "CAP_BPF".into(),
                "CAP_DAC_READ_SEARCH".into(),
                "CAP_PERFMON".into(),
                "CAP_SYS_PTRACE".into(),
            ],
            bounding_narrowed: false,
            ..kept
        };
        assert_eq!(
            partial.to_string(),
            "capabilities kept: CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE; bounding set: CAP_BPF, CAP_DAC_READ_SEARCH, CAP_PERFMON, CAP_SYS_PTRACE (no CAP_SETPCAP to narrow it); no_new_privs set"
        );
    }
}
