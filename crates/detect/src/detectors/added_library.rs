//! Added Library Loaded: a process in a container loaded a shared library that is not part of
//! the container's image: only in the writable (upper) overlayfs layer, an image file modified
//! at run time (copied up), an anonymous memory file (memfd), or a file under `/dev/shm`. The
//! dynamic loader's, `dlopen`'s and `LD_PRELOAD`'s mappings count; libraries from the image and
//! from mounted volumes do not. A hash on a threat-intel feed or a YARA match also makes the
//! malicious-library detector report it.

use super::malicious_library::process_name;
use super::{layer_name, with_image};
use shrike_core::event::{ExecEvent, Layer, LibraryEvent};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct AddedLibraryDetector;

impl Detector for AddedLibraryDetector {
    fn name(&self) -> &'static str {
        "added-library"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::AddedLibraryLoaded]
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
        let file = &library.library;
        let how = match file.layer {
            Layer::Upper => "added to",
            Layer::CopiedUp => "modified in",
            Layer::Memfd => "created in memory (memfd) in",
            Layer::Host if file.path.starts_with("/dev/shm/") => "dropped in /dev/shm of",
            _ => return None,
        };
        let container = library.container.as_ref().or(exec.container.as_ref())?;
        let summary = format!(
            "{} loaded {}, which was {how} container {} at run time",
            process_name(exec),
            file.path,
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::AddedLibraryLoaded, summary)
            .with_property("Library_Path", file.path.clone())
            .with_property("Library_Layer", layer_name(file.layer))
            .with_property("Library_Sha256", file.sha256.clone().unwrap_or_default());
        Some(with_image(detection, exec))
    }
}
