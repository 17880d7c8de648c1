//! Fileless execution in containers:
//!
//! - **memfd**: the executable is an anonymous memory file (`memfd_create`; its path reads
//!   `/memfd:NAME (deleted)`): the program never touched the disk.
//! - **/dev/shm**: the executable lives in `/dev/shm` (or `/run/shm`), the world-writable
//!   shared-memory tmpfs, a favourite drop location that leaves nothing in the image layers.

use super::with_image;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// The name a memfd was created with, from its path (`/memfd:NAME (deleted)`).
pub fn memfd_name(path: &str) -> &str {
    let name = path.strip_prefix("/memfd:").unwrap_or(path);
    name.strip_suffix(" (deleted)").unwrap_or(name)
}

/// True for a path inside the shared-memory tmpfs.
pub fn in_shm(path: &str) -> bool {
    path.starts_with("/dev/shm/") || path.starts_with("/run/shm/")
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilelessDetector;

impl Detector for FilelessDetector {
    fn name(&self) -> &'static str {
        "fileless"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[
            FindingType::FilelessExecutionDetectionMemfd,
            FindingType::FilelessExecutionDetectionShm,
        ]
    }

    fn on_exec(&self, exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        let memfd = exec.exe.memfd || exec.exe.path.starts_with("/memfd:");
        if !memfd && !in_shm(&exec.exe.path) {
            return None;
        }
        let container = exec.container.as_ref()?;
        let where_ = container.name.as_deref().unwrap_or(&container.id);
        let sha = exec.exe.sha256.clone().unwrap_or_default();
        let detection = if memfd {
            let name = memfd_name(&exec.exe.path);
            Detection::new(
                FindingType::FilelessExecutionDetectionMemfd,
                format!("a program was executed from memfd {name:?} in container {where_}"),
            )
            .with_property("Memfd_Name", name)
        } else {
            Detection::new(
                FindingType::FilelessExecutionDetectionShm,
                format!(
                    "{} was executed from /dev/shm in container {where_}",
                    exec.exe.path
                ),
            )
            .with_property("Binary_Path", exec.exe.path.clone())
        };
        Some(with_image(
            detection.with_property("Binary_Sha256", sha),
            exec,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memfd_names_and_shm_paths() {
        assert_eq!(memfd_name("/memfd:payload (deleted)"), "payload");
        assert_eq!(memfd_name("/memfd: (deleted)"), "");
        assert_eq!(memfd_name("/memfd:kworker/0:1"), "kworker/0:1");
        assert!(in_shm("/dev/shm/.x/miner"));
        assert!(in_shm("/run/shm/a"));
        assert!(!in_shm("/dev/shmx/a"));
        assert!(!in_shm("/tmp/dev/shm/a"));
    }
}
