//! Shrike's shared model.
//!
//! Everything in Shrike flows one way: a *source* (the live eBPF sensor, or a recording being
//! replayed) produces enriched [`Event`]s; the process table ([`ProcessTable`]) keeps each
//! process's image and ancestry; *detectors* ([`Detector`]) look at each exec with that state and
//! report [`Detection`]s; the engine (in `shrike-detect`) turns detections into SCC-shaped
//! [`FindingEnvelope`]s; *sinks* ([`Sink`]) deliver them. This crate holds the types all stages
//! share and nothing that needs the kernel, so every stage after the source is testable from
//! JSON fixtures on any machine.
//!
//! The process table and container resolver live here rather than in the sensor because replay
//! must rebuild ancestry and container identity without it.
//!
//! ```
//! use shrike_core::codec::{decode_line, encode};
//! use shrike_core::Event;
//!
//! let line = r#"{"v":1,"kind":"fork","time_ns":1,"pid":42,"ppid":1}"#;
//! let event = decode_line(line, 1).unwrap();
//! assert_eq!(event.pid(), 42);
//! assert!(matches!(event, Event::Fork(_)));
//! assert_eq!(decode_line(&encode(&event), 1).unwrap(), event);
//! ```

pub mod catalogue;
pub mod codec;
pub mod container;
pub mod event;
pub mod finding;
pub mod interp;
pub mod metrics;
pub mod process_table;
pub mod time;

pub use catalogue::{FindingType, Severity};
pub use event::{Event, ExecEvent, ExitEvent, ForkEvent, LibraryEvent};
pub use finding::{Finding, FindingEnvelope};
pub use process_table::ProcessTable;

use std::collections::BTreeMap;

/// What a detector reports about one exec; the engine adds the process ancestry, containers,
/// names and times to make it a finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Detection {
    /// Which finding type fired.
    pub finding_type: FindingType,
    /// Detector-specific `sourceProperties`.
    pub source_properties: BTreeMap<String, serde_json::Value>,
    /// Indicators (IPs, URIs, signatures).
    pub indicator: Option<finding::Indicator>,
    /// `externalUri` (VirusTotal for a known hash).
    pub external_uri: Option<String>,
    /// The script the process ran, when the detection is about it.
    pub script: Option<finding::File>,
    /// One line for a human: why this fired.
    pub summary: String,
}

impl Detection {
    /// A detection with no properties yet.
    pub fn new(finding_type: FindingType, summary: impl Into<String>) -> Self {
        Self {
            finding_type,
            source_properties: BTreeMap::new(),
            indicator: None,
            external_uri: None,
            script: None,
            summary: summary.into(),
        }
    }

    /// Adds a `sourceProperties` entry.
    pub fn with_property(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.source_properties.insert(key.to_owned(), value.into());
        self
    }
}

/// The state a detector may read when it looks at an exec.
pub struct DetectionContext<'a> {
    /// The process table, already updated with the exec.
    pub table: &'a ProcessTable,
    /// The exec's names ([`ExecEvent::names`]), worked out once for every detector.
    pub names: crate::event::ProcessNames<'a>,
    exec: &'a ExecEvent,
    container_ancestors: std::cell::OnceCell<Vec<ContainerAncestor<'a>>>,
}

/// An ancestor that exec'd its own image in the same container as the exec being looked at.
#[derive(Debug, Clone, Copy)]
pub struct ContainerAncestor<'a> {
    /// Its image.
    pub exec: &'a ExecEvent,
    /// Its names ([`ExecEvent::names`]).
    pub names: crate::event::ProcessNames<'a>,
}

/// How far up [`DetectionContext::container_ancestors`] looks.
pub const CONTAINER_ANCESTRY: usize = 8;

impl<'a> DetectionContext<'a> {
    /// The context for looking at `exec`, which `table` already holds.
    pub fn new(table: &'a ProcessTable, exec: &'a ExecEvent) -> Self {
        Self {
            table,
            names: exec.names(),
            exec,
            container_ancestors: std::cell::OnceCell::new(),
        }
    }

    /// The exec's ancestors within [`CONTAINER_ANCESTRY`] levels, nearest first, that exec'd
    /// their own image (not one inherited at fork) in the exec's container; none for an exec
    /// outside containers. Worked out (names included) once, for every detector that asks.
    pub fn container_ancestors(&self) -> &[ContainerAncestor<'a>] {
        self.container_ancestors.get_or_init(|| {
            let Some(container) = self.exec.container.as_ref() else {
                return Vec::new();
            };
            self.table
                .ancestors(self.exec.pid)
                .take(CONTAINER_ANCESTRY)
                .filter(|entry| entry.exec_is_own)
                .filter_map(|entry| entry.exec.as_deref())
                .filter(|a| a.container.as_ref().is_some_and(|c| c.id == container.id))
                .map(|a| ContainerAncestor {
                    exec: a,
                    names: a.names(),
                })
                .collect()
        })
    }

    /// The images of `pid`'s ancestors, nearest first (ancestors whose image is unknown are
    /// skipped).
    pub fn ancestor_execs(&self, pid: u32) -> impl Iterator<Item = &'a ExecEvent> + 'a {
        self.table.ancestors(pid).filter_map(|e| e.exec.as_deref())
    }
}

/// A detector: a pure function of one exec event and the process table.
pub trait Detector: Send + Sync {
    /// A short name (`reverse-shell`) for logs and `--disable`.
    fn name(&self) -> &'static str;

    /// The finding types this detector can report.
    fn finding_types(&self) -> &'static [FindingType];

    /// Looks at one exec.
    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection>;

    /// Looks at a library the process `exec` (its current image, as the process table holds
    /// it) loaded. Most detectors look at execs only.
    fn on_library(
        &self,
        _library: &LibraryEvent,
        _exec: &ExecEvent,
        _ctx: &DetectionContext<'_>,
    ) -> Option<Detection> {
        None
    }
}

/// Scores Python source as malicious or not. Implemented by the model in `shrike-pyml`; the
/// Malicious Python detector reports nothing without one.
pub trait ScriptClassifier: Send + Sync {
    /// Model name and version, reported in findings.
    fn model_name(&self) -> &str;

    /// Score in 0..=1, higher is more likely malicious.
    fn score(&self, source: &str) -> f32;

    /// Scores at or above this are malicious.
    fn threshold(&self) -> f32;

    /// Scores `source` and says why, in words for a finding (`socket connect + dup2 to stdio
    /// + shell/pty; code "pty.spawn"`). The default gives the score without reasons.
    fn explain(&self, source: &str) -> ScriptVerdict {
        ScriptVerdict {
            score: self.score(source),
            reasons: String::new(),
        }
    }

    /// `part` of a script as the interpreter reads it, the script's first bytes being `head`
    /// (`part` may be `head` itself): decoded when `head` declares an encoding that changes
    /// what the bytes say. [`event::score_python_windows`] cuts a long script's windows from
    /// this reading of the whole script, so that the declaration in its first line counts
    /// for all of it. A classifier that overrides this overrides
    /// [`ScriptClassifier::score_interpreted`] and [`ScriptClassifier::explain_interpreted`]
    /// too. By default, `part` as it is.
    fn interpret<'s>(&self, head: &str, part: &'s str) -> std::borrow::Cow<'s, str> {
        let _ = head;
        std::borrow::Cow::Borrowed(part)
    }

    /// [`ScriptClassifier::score`] of text that [`ScriptClassifier::interpret`] has read: not
    /// decoded again. (A window from the middle of a script may start with what looks like an
    /// encoding declaration; the interpreter did not read it as one.)
    fn score_interpreted(&self, text: &str) -> f32 {
        self.score(text)
    }

    /// [`ScriptClassifier::explain`] of text that [`ScriptClassifier::interpret`] has read.
    fn explain_interpreted(&self, text: &str) -> ScriptVerdict {
        self.explain(text)
    }

    /// Where windows of `text` (read by [`ScriptClassifier::interpret`]) can start, at or
    /// after each of `from` (ascending): places where the classifier's reading of the whole
    /// of `text` stands outside any string literal, so that a window read afresh from there
    /// reads the code after it as the whole text's reading does. By default only line starts
    /// are known ([`event::line_resume_points`]), and a window that starts inside a
    /// multi-line string literal reads its code and its strings swapped.
    fn resume_points(&self, text: &str, from: &[usize]) -> Vec<event::ResumePoint> {
        event::line_resume_points(text, from)
    }
}

/// A [`ScriptClassifier`]'s score with the reasons for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScriptVerdict {
    /// 0..=1, higher is more likely malicious.
    pub score: f32,
    /// The strongest contributions in words, `; `-separated (empty when the model gives none).
    pub reasons: String,
}

/// Why a sink could not deliver.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SinkError {
    /// Writing failed.
    #[error("{sink}: {source}")]
    Io {
        /// The sink, as configured (`jsonl:/var/log/shrike.jsonl`).
        sink: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

/// Where findings go. Sinks are driven by the engine: `deliver` for each finding, `flush` at
/// shutdown (and whenever the caller wants durability).
pub trait Sink: Send {
    /// The sink as configured, for messages.
    fn name(&self) -> &str;

    /// Delivers one finding.
    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError>;

    /// Makes everything delivered so far durable (or at least handed off).
    fn flush(&mut self) -> Result<(), SinkError>;
}

/// A source of events (a recording, or the live sensor).
pub trait Source {
    /// The error a source reports (bad line, lost events, …).
    type Error: std::error::Error;

    /// The next event, `None` when the source is exhausted.
    fn next_event(&mut self) -> Option<Result<Event, Self::Error>>;
}

impl<R: std::io::BufRead> Source for codec::EventReader<R> {
    type Error = codec::DecodeError;

    fn next_event(&mut self) -> Option<Result<Event, Self::Error>> {
        codec::EventReader::next_event(self)
    }
}
