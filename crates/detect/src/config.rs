//! Engine configuration.

use shrike_core::process_table::ProcessTableLimits;

/// Where `createTime` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreateTime {
    /// The event's own time: replays are byte-for-byte deterministic.
    #[default]
    EventTime,
    /// The wall clock when the finding is built (live sensing).
    Now,
}

/// How findings are named and which detectors run.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// `projects/{project}/…` in finding names.
    pub project: String,
    /// `…/sources/{source}/…` in finding names.
    pub source: String,
    /// The host the events come from (part of resource names and finding ids).
    pub host: String,
    /// Where `createTime` comes from.
    pub create_time: CreateTime,
    /// Replaces the Possible Remote Command Execution command list.
    pub remote_commands: Option<Vec<String>>,
    /// Replaces the compiler tool list.
    pub compiler_tools: Option<Vec<String>>,
    /// Replaces the Unexpected Child Shell parent list.
    pub shell_parents: Option<Vec<String>>,
    /// Detector names (see [`crate::DETECTOR_NAMES`]) not to run.
    pub disabled: Vec<String>,
    /// Process table bounds.
    pub table_limits: ProcessTableLimits,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            project: "local".into(),
            source: "shrike".into(),
            host: "localhost".into(),
            create_time: CreateTime::EventTime,
            remote_commands: None,
            compiler_tools: None,
            shell_parents: None,
            disabled: Vec::new(),
            table_limits: ProcessTableLimits::default(),
        }
    }
}
