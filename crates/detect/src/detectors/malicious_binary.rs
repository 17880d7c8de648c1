//! Built in / Added / Modified Malicious Binary Executed: the executed file's SHA-256 is in a
//! loaded threat-intel feed. Where the file lives picks the category:
//!
//! | layer | category |
//! |---|---|
//! | overlayfs lower (came with the image) | Built in |
//! | overlayfs upper only (written at run time), memfd | Added |
//! | overlayfs copied-up (image file modified at run time) | Modified |
//! | not on overlayfs, in a container (a mounted volume: not from the image) | Added |
//! | not on overlayfs, on the host; or layer unknown | Built in |

use super::{layer_name, with_image};
use shrike_core::event::{ExecEvent, Layer};
use shrike_core::finding::{Indicator, MemoryHashSignature, ProcessSignature};
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
        match layer {
            Layer::Lower | Layer::Unknown => FindingType::BuiltInMaliciousBinaryExecuted,
            Layer::Upper | Layer::Memfd => FindingType::AddedMaliciousBinaryExecuted,
            Layer::CopiedUp => FindingType::ModifiedMaliciousBinaryExecuted,
            Layer::Host if in_container => FindingType::AddedMaliciousBinaryExecuted,
            Layer::Host => FindingType::BuiltInMaliciousBinaryExecuted,
        }
    }
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
        if self.intel.is_empty() {
            return None;
        }
        let sha256 = exec.exe.sha256.as_deref()?;
        let hit = self.intel.lookup_hex(sha256)?;
        let sha256 = sha256.to_ascii_lowercase();
        let layer = exec.exe.layer;
        let finding_type = Self::finding_type(layer, exec.container.is_some());
        let family = match hit.comment {
            Some(c) if !c.is_empty() => format!("{c} ({})", hit.source),
            _ => hit.source.to_owned(),
        };
        let summary = format!(
            "{} (sha256 {sha256}, {} layer) is listed by {family}",
            exec.exe.path,
            layer_name(layer)
        );
        let vt = virustotal_file_uri(&sha256);
        let mut detection = Detection::new(finding_type, summary)
            .with_property("Binary_Sha256", sha256)
            .with_property("Binary_Layer", layer_name(layer))
            .with_property("Intel_Source", hit.source)
            .with_property("Intel_Comment", hit.comment.unwrap_or_default());
        detection = with_image(detection, exec);
        detection.external_uri = Some(vt.clone());
        detection.indicator = Some(Indicator {
            uris: vec![vt],
            signatures: vec![ProcessSignature {
                memory_hash_signature: Some(MemoryHashSignature {
                    binary_family: family,
                }),
                ..ProcessSignature::default()
            }],
            ..Indicator::default()
        });
        Some(detection)
    }
}
