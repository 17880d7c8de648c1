//! Built in / Added / Modified Malicious Library Loaded: a shared library a process in a
//! container loaded (the sensor's library events: the dynamic loader's, `dlopen`'s and
//! `LD_PRELOAD`'s executable mappings) has a SHA-256 on a loaded threat-intel feed, or its
//! contents match a loaded YARA rule. The sensor hashes and scans each library once per file
//! identity, as it does executables. Where the file lives picks the category, as for binaries:
//!
//! | layer | category |
//! |---|---|
//! | overlayfs lower (came with the image) | Built in |
//! | overlayfs upper only (written at run time), memfd | Added |
//! | overlayfs copied-up (image file modified at run time) | Modified |
//! | not on overlayfs, in a container (a mounted volume: not from the image) | Added |
//! | not on overlayfs, on the host; or layer unknown | Built in |

use super::malicious_binary::{intel_detection, FileKind};
use super::with_image;
use shrike_core::event::{ExecEvent, LibraryEvent};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};
use shrike_intel::IntelSet;
use std::sync::Arc;

/// Loaded libraries.
const LIBRARY: FileKind = FileKind {
    built_in: FindingType::BuiltInMaliciousLibraryLoaded,
    added: FindingType::AddedMaliciousLibraryLoaded,
    modified: FindingType::ModifiedMaliciousLibraryLoaded,
    property: "Library",
};

/// See the module documentation.
#[derive(Debug, Clone, Default)]
pub struct MaliciousLibraryDetector {
    intel: Arc<IntelSet>,
}

impl MaliciousLibraryDetector {
    /// A detector over the given feeds.
    pub fn new(intel: Arc<IntelSet>) -> Self {
        Self { intel }
    }
}

impl Detector for MaliciousLibraryDetector {
    fn name(&self) -> &'static str {
        "malicious-library"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[
            FindingType::BuiltInMaliciousLibraryLoaded,
            FindingType::AddedMaliciousLibraryLoaded,
            FindingType::ModifiedMaliciousLibraryLoaded,
        ]
    }

    fn on_exec(&self, _exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        None
    }

    fn on_library(
        &self,
        library: &LibraryEvent,
        exec: &ExecEvent,
        _ctx: &DetectionContext<'_>,
    ) -> Option<Detection> {
        let in_container = library.container.is_some() || exec.container.is_some();
        let detection = intel_detection(&self.intel, &LIBRARY, &library.library, in_container)?
            .with_property("Library_Path", library.library.path.clone());
        let mut detection = with_image(detection, exec);
        detection.summary = format!("{} loaded {}", process_name(exec), detection.summary);
        Some(detection)
    }
}

/// How a finding names the process that loaded a library: its executable, or its pid when the
/// sensor never saw it start.
pub(crate) fn process_name(exec: &ExecEvent) -> String {
    if exec.exe.path.is_empty() {
        format!("process {}", exec.pid)
    } else {
        format!("{} (pid {})", exec.exe.path, exec.pid)
    }
}
