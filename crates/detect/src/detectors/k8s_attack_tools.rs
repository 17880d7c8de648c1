//! Kubernetes Attack Tool Execution: a known Kubernetes attack or exploitation tool starts inside
//! a container, recognised by name like the reconnaissance tools (executable, `argv[0]`, or the
//! script an interpreter runs). Defensive scanners (kube-bench) are not listed.

use super::named_tool_detection;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// The tools, in lower case, without `.sh`/`.py`/`.pl` (see `NameList`).
pub const DEFAULT_K8S_ATTACK_TOOLS: &[&str] = &[
    "kube-hunter",
    "peirates",
    "kubeletctl",
    "kdigger",
    "kubesploit",
    "kubiscan",
    "kubestrike",
    "kubestroyer",
];

/// [`DEFAULT_K8S_ATTACK_TOOLS`] with its screen.
pub(crate) static K8S_ATTACK_TOOLS: super::NameList =
    super::NameList::new(DEFAULT_K8S_ATTACK_TOOLS);

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct K8sAttackToolDetector;

impl Detector for K8sAttackToolDetector {
    fn name(&self) -> &'static str {
        "k8s-attack-tools"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::KubernetesAttackToolExecution]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        named_tool_detection(
            exec,
            ctx,
            &K8S_ATTACK_TOOLS,
            FindingType::KubernetesAttackToolExecution,
            "Kubernetes attack tool",
        )
    }
}
