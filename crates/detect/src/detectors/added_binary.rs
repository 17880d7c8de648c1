//! Added Binary Executed: a process in a container runs an executable that is not part of the
//! container's image — only in the writable (upper) overlayfs layer, or an image file modified at
//! run time (copied up). Image files, volumes (`host` layer) and memfd executions (Fileless
//! Execution) are not reported. A hash on a threat-intel feed also makes the malicious-binary
//! detector report it.

use super::{layer_name, with_image};
use shrike_core::event::{ExecEvent, Layer};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddedBinaryDetector;

impl Detector for AddedBinaryDetector {
    fn name(&self) -> &'static str {
        "added-binary"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::AddedBinaryExecuted]
    }

    fn on_exec(&self, exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        if !matches!(exec.exe.layer, Layer::Upper | Layer::CopiedUp) || exec.exe.memfd {
            return None;
        }
        let container = exec.container.as_ref()?;
        let how = if exec.exe.layer == Layer::Upper {
            "added to"
        } else {
            "modified in"
        };
        let summary = format!(
            "{} was {how} container {} at run time and executed",
            exec.exe.path,
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::AddedBinaryExecuted, summary)
            .with_property("Binary_Layer", layer_name(exec.exe.layer))
            .with_property("Binary_Sha256", exec.exe.sha256.clone().unwrap_or_default());
        Some(with_image(detection, exec))
    }
}
