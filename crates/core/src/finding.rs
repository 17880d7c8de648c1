//! Findings in the shape of Security Command Center threat findings (SPEC.md §2).
//!
//! A finding travels as a [`FindingEnvelope`], SCC's notification shape:
//! `{"finding": {...}, "resource": {...}}`, with SCC's lowerCamelCase names and enum values.

use crate::catalogue::{Severity, Tactic, Technique};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The envelope every sink receives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindingEnvelope {
    /// The finding.
    pub finding: Finding,
    /// The affected resource.
    pub resource: Resource,
}

/// Finding state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum State {
    /// Needs attention.
    #[default]
    Active,
    /// Handled or dismissed.
    Inactive,
}

impl State {
    /// The SCC enum name (`ACTIVE`), as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Active => "ACTIVE",
            State::Inactive => "INACTIVE",
        }
    }
}

/// Mute state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mute {
    /// Never muted or unmuted.
    #[default]
    Undefined,
    /// Muted.
    Muted,
    /// Unmuted.
    Unmuted,
}

impl Mute {
    /// The SCC enum name (`MUTED`), as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Mute::Undefined => "UNDEFINED",
            Mute::Muted => "MUTED",
            Mute::Unmuted => "UNMUTED",
        }
    }
}

/// Finding class; Shrike only emits threats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingClass {
    /// A threat finding.
    #[default]
    Threat,
}

/// An SCC threat finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// `projects/{project}/sources/{source}/findings/{id}`.
    pub name: String,
    /// `projects/{project}/sources/{source}`.
    pub parent: String,
    /// Full name of the affected resource.
    pub resource_name: String,
    /// ACTIVE or INACTIVE.
    pub state: State,
    /// Catalogue category.
    pub category: String,
    /// Detector module name.
    pub module_name: String,
    /// What happened, in one paragraph.
    pub description: String,
    /// A link for more context (VirusTotal when a hash is known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_uri: Option<String>,
    /// Detector-specific properties.
    #[serde(default)]
    pub source_properties: BTreeMap<String, serde_json::Value>,
    /// When the detected activity happened (RFC 3339, nanoseconds).
    pub event_time: String,
    /// When the finding was created (RFC 3339, nanoseconds).
    pub create_time: String,
    /// Severity.
    pub severity: Severity,
    /// Always THREAT.
    pub finding_class: FindingClass,
    /// Mute state.
    #[serde(default)]
    pub mute: Mute,
    /// Indicators of compromise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<Indicator>,
    /// MITRE ATT&CK mapping.
    pub mitre_attack: MitreAttack,
    /// The offending process first, then its ancestors, nearest first.
    #[serde(default)]
    pub processes: Vec<Process>,
    /// The containers involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<Container>,
    /// Kubernetes context, when the container belongs to a pod.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kubernetes: Option<Kubernetes>,
}

/// Indicators of compromise.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicator {
    /// IP addresses involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<String>,
    /// Domains involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// URIs (VirusTotal links for matched hashes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uris: Vec<String>,
    /// Matched signatures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signatures: Vec<ProcessSignature>,
}

/// A signature that matched.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProcessSignature {
    /// A YARA rule match.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yara_rule_signature: Option<YaraRuleSignature>,
    /// A memory hash match (feed entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_hash_signature: Option<MemoryHashSignature>,
}

/// A YARA rule that matched.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct YaraRuleSignature {
    /// Rule name.
    pub yara_rule: String,
}

/// A hash-feed match, in SCC's memory-hash signature shape.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MemoryHashSignature {
    /// The feed (file) that named the hash, with its comment.
    pub binary_family: String,
}

/// MITRE ATT&CK mapping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MitreAttack {
    /// Primary tactic.
    pub primary_tactic: Tactic,
    /// Primary techniques, most specific first.
    pub primary_techniques: Vec<Technique>,
    /// Other techniques.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_techniques: Vec<Technique>,
    /// ATT&CK version the mapping follows.
    pub version: String,
}

/// A file (binary or script) as SCC describes it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct File {
    /// Absolute path.
    pub path: String,
    /// Size in bytes.
    #[serde(default)]
    pub size: u64,
    /// Lowercase hex SHA-256, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// How many bytes were hashed.
    #[serde(default)]
    pub hashed_size: u64,
    /// True when only part of the file was hashed.
    #[serde(default)]
    pub partially_hashed: bool,
    /// Contents (scripts), possibly truncated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contents: Option<String>,
}

/// An environment variable.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EnvVariable {
    /// Name.
    pub name: String,
    /// Value.
    pub val: String,
}

/// A process in a finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Process {
    /// Process name (`comm`).
    pub name: String,
    /// The executed binary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary: Option<File>,
    /// The script an interpreter ran, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<File>,
    /// Shared libraries the process loaded that the finding is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub libraries: Vec<File>,
    /// Arguments, `argv[0]` first.
    #[serde(default)]
    pub args: Vec<String>,
    /// True when the arguments were cut short.
    #[serde(default)]
    pub arguments_truncated: bool,
    /// Selected environment variables.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env_variables: Vec<EnvVariable>,
    /// True when environment variables were dropped.
    #[serde(default)]
    pub env_variables_truncated: bool,
    /// Process id.
    pub pid: u32,
    /// Parent process id.
    pub parent_pid: u32,
}

/// A label.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Label {
    /// Key.
    pub name: String,
    /// Value.
    pub value: String,
}

/// A container in a finding.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    /// Container name (the id when the name is unknown).
    pub name: String,
    /// Image reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Image id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_id: Option<String>,
    /// Labels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Label>,
}

/// Kubernetes context.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kubernetes {
    /// Pods involved.
    #[serde(default)]
    pub pods: Vec<Pod>,
}

/// A Kubernetes pod.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    /// Namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ns: Option<String>,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Containers of the pod involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub containers: Vec<Container>,
}

/// The resource a finding is about.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// Full resource name.
    pub name: String,
    /// Short human name.
    pub display_name: String,
    /// Resource type (`shrike.Container` or `shrike.Host`).
    #[serde(rename = "type")]
    pub resource_type: String,
    /// Project the resource belongs to.
    pub project_display_name: String,
    /// Host the resource runs on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Severity;

    #[test]
    fn as_str_is_the_serialized_name() {
        let name = |v: serde_json::Value| v.as_str().map(str::to_owned).unwrap_or_default();
        for s in [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ] {
            assert_eq!(s.as_str(), name(serde_json::to_value(s).unwrap()));
        }
        for s in [State::Active, State::Inactive] {
            assert_eq!(s.as_str(), name(serde_json::to_value(s).unwrap()));
        }
        for m in [Mute::Undefined, Mute::Muted, Mute::Unmuted] {
            assert_eq!(m.as_str(), name(serde_json::to_value(m).unwrap()));
        }
    }
}
