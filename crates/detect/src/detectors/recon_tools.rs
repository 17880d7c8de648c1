//! Local Reconnaissance Tool Execution: a known local enumeration or
//! privilege-escalation-hunting tool starts inside a container, recognised by name (executable,
//! `argv[0]`, or the script a shell or interpreter runs; case-insensitive, `.sh`/`.py`/`.pl`
//! removed). Renamed copies are caught by hash through a threat-intel feed instead; piped
//! scripts (`curl … | sh`) have no name to match.

use super::named_tool_detection;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// The tools, in lower case, without `.sh`/`.py`/`.pl` (see `NameList`).
pub const DEFAULT_RECON_TOOLS: &[&str] = &[
    "linpeas",
    "linenum",
    "lse",
    "les",
    "linux-exploit-suggester",
    "linux-exploit-suggester-2",
    "linuxprivchecker",
    "unix-privesc-check",
    "pspy",
    "pspy32",
    "pspy64",
    "pspy32s",
    "pspy64s",
];

/// [`DEFAULT_RECON_TOOLS`] with its screen.
pub(crate) static RECON_TOOLS: super::NameList = super::NameList::new(DEFAULT_RECON_TOOLS);

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReconToolDetector;

impl Detector for ReconToolDetector {
    fn name(&self) -> &'static str {
        "recon-tools"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::LocalReconnaissanceToolExecution]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        named_tool_detection(
            exec,
            ctx,
            &RECON_TOOLS,
            FindingType::LocalReconnaissanceToolExecution,
            "local reconnaissance tool",
        )
    }
}
