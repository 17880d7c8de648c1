//! Malicious Script Executed: the script a process runs (a `#!` file, a shell's or a Python
//! interpreter's script file, as the sensor captured it) matches a YARA rule loaded with
//! `--intel`, or, for a shell script, scores at or above the threshold of the shell-script
//! scoring method ([`crate::shell_score`], evaluated in `docs/shell-script-scoring.md`).
//!
//! The sensor scans each captured script whole with the rules and records the matches in the
//! event (`script.yara`); this detector reports them, naming every rule. A process whose script
//! was not scanned (too large, timed out) carries `script.yara_error` instead and is not
//! reported.

use super::{is_shell, layer_name, with_image};
use crate::shell_score::{self, is_shell_source, ShellVerdict, THRESHOLD};
use rustc_hash::FxHashMap;
use shrike_core::event::CapturedFile;
use shrike_core::event::ExecEvent;
use shrike_core::finding::{Indicator, ProcessSignature, YaraRuleSignature};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};
use std::sync::Mutex;

/// How many shell-script verdicts are kept, by the script's SHA-256, before the cache starts
/// over. Scoring a 10 KiB script costs about 0.4 ms (docs/benchmarks.md); an entrypoint or a
/// cron job that runs the same script again is scored once.
const VERDICT_CACHE_ENTRIES: usize = 4096;

/// See the module documentation.
#[derive(Debug, Default)]
pub struct MaliciousScriptDetector {
    /// Shell-script verdicts by the script's SHA-256 (a pure function of the text, so the cache
    /// changes no decision).
    verdicts: Mutex<FxHashMap<String, ShellVerdict>>,
}

impl MaliciousScriptDetector {
    /// The verdict on `script`'s text, from the cache when its hash was scored before.
    fn verdict(&self, script: &CapturedFile) -> ShellVerdict {
        let Some(sha) = script.sha256.as_deref().filter(|_| !script.truncated) else {
            return shell_score::score(&script.contents);
        };
        if let Some(known) = self
            .verdicts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(sha)
        {
            return known.clone();
        }
        let verdict = shell_score::score(&script.contents);
        let mut cache = self.verdicts.lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() >= VERDICT_CACHE_ENTRIES {
            cache.clear();
        }
        cache.insert(sha.to_owned(), verdict.clone());
        verdict
    }
}

impl Detector for MaliciousScriptDetector {
    fn name(&self) -> &'static str {
        "malicious-script"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::MaliciousScriptExecuted]
    }

    fn on_exec(&self, exec: &ExecEvent, _ctx: &DetectionContext<'_>) -> Option<Detection> {
        let script = exec.script.as_deref()?;
        // A shell's script is also scored; a verdict below the threshold is no evidence.
        let scored = (is_shell(exec) && is_shell_source(&script.contents))
            .then(|| self.verdict(script))
            .filter(|v| v.malicious(THRESHOLD));
        if script.yara.is_empty() && scored.is_none() {
            return None;
        }
        let rules: Vec<&str> = script.yara.iter().map(|m| m.rule.as_str()).collect();
        let mut files: Vec<&str> = script.yara.iter().map(|m| m.file.as_str()).collect();
        files.dedup();
        let path = script.path.as_deref().unwrap_or("a script");
        let mut why = Vec::new();
        if !rules.is_empty() {
            why.push(format!("matches YARA rule(s) {}", rules.join(", ")));
        }
        if let Some(v) = &scored {
            why.push(format!(
                "scores {:.2} as a malicious shell script: {}",
                v.score,
                v.reasons.join("; ")
            ));
        }
        let summary = format!(
            "{} ran {path} ({} bytes), which {}",
            exec.exe.path,
            script.size,
            why.join(", and ")
        );
        let mut detection = Detection::new(FindingType::MaliciousScriptExecuted, summary)
            .with_property("Script_Path", path)
            .with_property("Interpreter", exec.exe.path.as_str())
            .with_property("Interpreter_Layer", layer_name(exec.exe.layer));
        if !rules.is_empty() {
            detection = detection
                .with_property("Yara_Rules", rules.join(", "))
                .with_property("Yara_Rule_Files", files.join(", "));
        }
        if let Some(v) = &scored {
            // Rounded as the summary shows it, so the two agree.
            let score = (f64::from(v.score) * 1000.0).round() / 1000.0;
            detection = detection
                .with_property("Shell_Script_Score", score)
                .with_property(
                    "Shell_Script_Threshold",
                    (f64::from(THRESHOLD) * 1000.0).round() / 1000.0,
                )
                .with_property("Shell_Script_Indicators", v.reasons.join("; "));
            if script.truncated {
                detection = detection.with_property(
                    "Shell_Script_Scored_Part",
                    "the captured start of the script",
                );
            }
        }
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
