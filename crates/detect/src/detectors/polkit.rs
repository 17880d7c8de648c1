//! Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034, "PwnKit"), read from how
//! `pkexec` is started in a container:
//!
//! - with **no arguments at all** (`argc == 0`, not even `argv[0]`): pkexec 0.105–0.120 then
//!   reads its environment as arguments and writes back into it, which the public exploits use
//!   to smuggle `GCONV_PATH` past the loader's secure-execution filter. No shell or launcher
//!   starts a program with an empty argument list;
//! - or with **`GCONV_PATH` in its environment**, which makes glibc's `iconv` load a
//!   conversion module from an attacker's directory (the variants that set it directly), or a
//!   `PATH` entry shaped `GCONV_PATH=…` (the directory the empty-argv exploit relies on).
//!
//! The sensor keeps `GCONV_PATH`, `CHARSET` and `PATH` of every process (they hold no
//! secrets). The pattern means an exploitation attempt whether or not the polkit in the image is
//! vulnerable. An ordinary `pkexec COMMAND` or `pkexec --version` is not reported.

use super::with_image;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct PolkitDetector;

/// The exploit's traces in the environment: `GCONV_PATH` itself, or a `PATH` entry that is a
/// `GCONV_PATH=` assignment.
fn gconv_trace(exec: &ExecEvent) -> Option<(&'static str, &str)> {
    if let Some(v) = exec.env.get("GCONV_PATH") {
        return Some(("GCONV_PATH", v.as_str()));
    }
    exec.env
        .get("PATH")
        .filter(|p| p.split(':').any(|d| d.starts_with("GCONV_PATH=")))
        .map(|p| ("PATH", p.as_str()))
}

impl Detector for PolkitDetector {
    fn name(&self) -> &'static str {
        "polkit"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::PolkitLocalPrivilegeEscalationVulnerability]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        if !ctx.names.is("pkexec") {
            return None;
        }
        let container = exec.container.as_ref()?;
        let no_arguments = exec.argv.is_empty() && !exec.argv_truncated;
        let trace = gconv_trace(exec);
        let where_ = container.name.as_deref().unwrap_or(&container.id);
        let how = match (no_arguments, &trace) {
            (true, Some((var, _))) => format!("with no arguments and {var} set for a gconv module"),
            (true, None) => "with no arguments (argc 0)".to_owned(),
            (false, Some((var, _))) => format!("with {var} set for a gconv module"),
            (false, None) => return None,
        };
        let summary = format!(
            "{} started {how} in container {where_} (CVE-2021-4034)",
            exec.exe.path
        );
        let mut detection = Detection::new(
            FindingType::PolkitLocalPrivilegeEscalationVulnerability,
            summary,
        )
        .with_property("Cve", "CVE-2021-4034")
        .with_property("Pkexec_Argument_Count", exec.argv.len() as u64);
        if let Some((var, value)) = trace {
            detection = detection
                .with_property("Gconv_Variable", var)
                .with_property("Gconv_Value", super::quoted_argument(value));
        }
        if let Some(charset) = exec.env.get("CHARSET") {
            detection = detection.with_property("Charset", super::quoted_argument(charset));
        }
        Some(with_image(detection, exec))
    }
}
