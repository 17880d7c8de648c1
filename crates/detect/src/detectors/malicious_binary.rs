//! Built in / Added / Modified Malicious Binary Executed: the executed file's SHA-256 is in a
//! loaded threat-intel feed, or its contents match a loaded YARA rule (the sensor scans each
//! executable once per file identity; the event carries the matches, `exe.yara`). Where the
//! file lives picks the category:
//!
//! | layer | category |
//! |---|---|
//! | overlayfs lower (came with the image) | Built in |
//! | overlayfs upper only (written at run time), memfd | Added |
//! | overlayfs copied-up (image file modified at run time) | Modified |
//! | not on overlayfs, in a container (a mounted volume: not from the image) | Added |
//! | not on overlayfs, on the host; or layer unknown | Built in |

use super::{layer_name, with_image};
use shrike_core::event::{ExecEvent, Executable, Layer};
use shrike_core::finding::{Indicator, MemoryHashSignature, ProcessSignature, YaraRuleSignature};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};
use shrike_intel::IntelSet;
use std::sync::Arc;

/// The VirusTotal page for a file hash.
pub fn virustotal_file_uri(sha256: &str) -> String {
    format!("https://www.virustotal.com/gui/file/{sha256}")
}

/// See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct MaliciousBinaryDetector {
    intel: Arc<IntelSet>,
}

impl MaliciousBinaryDetector {
    /// A detector over the given feeds.
    pub fn new(intel: Arc<IntelSet>) -> Self {
        Self { intel }
    }

    /// The finding type for an executable in `layer`.
    pub fn finding_type(layer: Layer, in_container: bool) -> FindingType {
        BINARY.finding_type(layer, in_container)
    }
}

/// What a file matched on threat intelligence is to a detector: its finding types by layer and
/// the words and property names for it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FileKind {
    /// Came with the image.
    pub built_in: FindingType,
    /// Written at run time.
    pub added: FindingType,
    /// An image file modified at run time.
    pub modified: FindingType,
    /// Prefix of the source properties (`Binary`: `Binary_Layer`, `Binary_Sha256`).
    pub property: &'static str,
}

/// Executed binaries.
pub(crate) const BINARY: FileKind = FileKind {
    built_in: FindingType::BuiltInMaliciousBinaryExecuted,
    added: FindingType::AddedMaliciousBinaryExecuted,
    modified: FindingType::ModifiedMaliciousBinaryExecuted,
    property: "Binary",
};

impl FileKind {
    /// The finding type for a file in `layer`; see the module documentation.
    pub fn finding_type(&self, layer: Layer, in_container: bool) -> FindingType {
        match layer {
            Layer::Lower | Layer::Unknown => self.built_in,
            Layer::Upper | Layer::Memfd => self.added,
            Layer::CopiedUp => self.modified,
            Layer::Host if in_container => self.added,
            Layer::Host => self.built_in,
        }
    }
}

/// The detection for `file` when its hash is on a feed of `intel` or YARA rules matched it;
/// `None` otherwise. The caller adds the image.
pub(crate) fn intel_detection(
    intel: &IntelSet,
    kind: &FileKind,
    file: &Executable,
    in_container: bool,
) -> Option<Detection> {
    let hit = match file.sha256.as_deref() {
        Some(sha256) if !intel.is_empty() => intel.lookup_hex(sha256),
        _ => None,
    };
    let yara = &file.yara;
    if hit.is_none() && yara.is_empty() {
        return None;
    }
    let sha256 = file.sha256.as_deref().map(str::to_ascii_lowercase);
    let layer = file.layer;
    let finding_type = kind.finding_type(layer, in_container);
    let identity = match &sha256 {
        Some(sha) => format!("{} (sha256 {sha}, {} layer)", file.path, layer_name(layer)),
        None => format!("{} ({} layer)", file.path, layer_name(layer)),
    };
    let family = hit.as_ref().map(|hit| match hit.comment {
        Some(c) if !c.is_empty() => format!("{c} ({})", hit.source),
        _ => hit.source.to_owned(),
    });
    let rules: Vec<&str> = yara.iter().map(|m| m.rule.as_str()).collect();
    let summary = match (&family, rules.is_empty()) {
        (Some(family), true) => format!("{identity} is listed by {family}"),
        (Some(family), false) => format!(
            "{identity} is listed by {family} and matches YARA rule(s) {}",
            rules.join(", ")
        ),
        (None, _) => format!("{identity} matches YARA rule(s) {}", rules.join(", ")),
    };
    let mut detection = Detection::new(finding_type, summary)
        .with_property(&format!("{}_Layer", kind.property), layer_name(layer));
    if let Some(sha) = &sha256 {
        detection = detection.with_property(&format!("{}_Sha256", kind.property), sha.clone());
    }
    let mut signatures = Vec::new();
    if let (Some(hit), Some(family)) = (&hit, family) {
        detection = detection
            .with_property("Intel_Source", hit.source)
            .with_property("Intel_Comment", hit.comment.unwrap_or_default());
        signatures.push(ProcessSignature {
            memory_hash_signature: Some(MemoryHashSignature {
                binary_family: family,
            }),
            ..ProcessSignature::default()
        });
    }
    if !yara.is_empty() {
        let mut files: Vec<&str> = yara.iter().map(|m| m.file.as_str()).collect();
        files.dedup();
        detection = detection
            .with_property("Yara_Rules", rules.join(", "))
            .with_property("Yara_Rule_Files", files.join(", "));
        signatures.extend(yara.iter().map(|m| ProcessSignature {
            yara_rule_signature: Some(YaraRuleSignature {
                yara_rule: m.rule.clone(),
            }),
            ..ProcessSignature::default()
        }));
    }
    let uris = match &sha256 {
        Some(sha) => {
            let vt = virustotal_file_uri(sha);
            detection.external_uri = Some(vt.clone());
            vec![vt]
        }
        None => Vec::new(),
    };
    detection.indicator = Some(Indicator {
        uris,
        signatures,
        ..Indicator::default()
    });
    Some(detection)
}

impl Detector for MaliciousBinaryDetector {
    fn name(&self) -> &'static str {
        "malicious-binary"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[
            FindingType::BuiltInMaliciousBinaryExecuted,
            FindingType::AddedMaliciousBinaryExecuted,
            FindingType::ModifiedMaliciousBinaryExecuted,
        ]
    }

    fn on_exec(&self, exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        let detection = intel_detection(&self.intel, &BINARY, &exec.exe, exec.container.is_some())?;
        Some(with_image(detection, exec))
    }
}
