//! Malicious Script Executed: the script a process runs (a `#!` file, or a Python interpreter's
//! script file, as the sensor captured it) matches a YARA rule loaded with `--intel`.
//!
//! The sensor scans each captured script whole with the rules and records the matches in the
//! event (`script.yara`); this detector reports them, naming every rule. A process whose script
//! was not scanned (too large, timed out) carries `script.yara_error` instead and is not
//! reported.

use super::{layer_name, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::finding::{Indicator, ProcessSignature, YaraRuleSignature};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct MaliciousScriptDetector;

impl Detector for MaliciousScriptDetector {
    fn name(&self) -> &'static str {
        "malicious-script"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::MaliciousScriptExecuted]
    }

    fn on_exec(&self, exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        let script = exec.script.as_deref()?;
        if script.yara.is_empty() {
            return None;
        }
        let rules: Vec<&str> = script.yara.iter().map(|m| m.rule.as_str()).collect();
        let mut files: Vec<&str> = script.yara.iter().map(|m| m.file.as_str()).collect();
        files.dedup();
        let path = script.path.as_deref().unwrap_or("a script");
        let summary = format!(
            "{} ran {path} ({} bytes), which matches YARA rule(s) {}",
            exec.exe.path,
            script.size,
            rules.join(", ")
        );
        let mut detection = Detection::new(FindingType::MaliciousScriptExecuted, summary)
            .with_property("Script_Path", path)
            .with_property("Interpreter", exec.exe.path.as_str())
            .with_property("Interpreter_Layer", layer_name(exec.exe.layer))
            .with_property("Yara_Rules", rules.join(", "))
            .with_property("Yara_Rule_Files", files.join(", "));
        if let Some(sha) = &script.sha256 {
            detection = detection.with_property("Script_Sha256", sha.as_str());
            let vt = super::malicious_binary::virustotal_file_uri(sha);
            detection.external_uri = Some(vt);
        }
        detection.indicator = Some(Indicator {
            uris: detection.external_uri.iter().cloned().collect(),
            signatures: script
                .yara
                .iter()
                .map(|m| ProcessSignature {
                    yara_rule_signature: Some(YaraRuleSignature {
                        yara_rule: m.rule.clone(),
                    }),
                    ..ProcessSignature::default()
                })
                .collect(),
            ..Indicator::default()
        });
        // The finding's process carries the captured script (path, hash, contents up to
        // FINDING_SCRIPT_BYTES), as for every finding on a process with one.
        Some(with_image(detection, exec))
    }
}
