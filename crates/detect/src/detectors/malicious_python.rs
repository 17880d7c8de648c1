//! Malicious Python executed: a Python interpreter runs code that the model scores as
//! malicious.
//!
//! This module knows interpreters (`python`, `python3`, `python3.12`, `pypy3`, …) and what
//! they are asked to run (a script file resolved against the working directory, a `-c`
//! literal, a `-m` module, or stdin), and takes the code from the command line or from the
//! sensor's script capture. The verdict is a [`ScriptClassifier`]'s; without one this detector
//! reports nothing, by design: there is no stand-in heuristic.

use shrike_core::event::{ExecEvent, FdKind};
use shrike_core::finding::File;
use shrike_core::{Detection, DetectionContext, Detector, FindingType, ScriptClassifier};
use std::sync::Arc;

pub use shrike_core::interp::{is_python_interpreter, parse_invocation, PythonInvocation};

/// See the module documentation.
#[derive(Clone, Default)]
pub struct MaliciousPythonDetector {
    classifier: Option<Arc<dyn ScriptClassifier>>,
}

impl std::fmt::Debug for MaliciousPythonDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MaliciousPythonDetector")
            .field(
                "classifier",
                &self.classifier.as_ref().map(|c| c.model_name().to_owned()),
            )
            .finish()
    }
}

impl MaliciousPythonDetector {
    /// A detector that asks `classifier`; `None` disables it.
    pub fn new(classifier: Option<Arc<dyn ScriptClassifier>>) -> Self {
        Self { classifier }
    }
}

/// A finding carries at most this many bytes of the script (`processes[].script.contents`);
/// `sha256` and `size` still describe the whole script as captured.
pub const FINDING_SCRIPT_BYTES: usize = 64 * 1024;

pub(crate) fn truncate_at_char(s: &mut String, max: usize) {
    if s.len() > max {
        let cut = (0..=max)
            .rev()
            .find(|&i| s.is_char_boundary(i))
            .unwrap_or(0);
        s.truncate(cut);
    }
}

fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

impl Detector for MaliciousPythonDetector {
    fn name(&self) -> &'static str {
        "malicious-python"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::MaliciousPythonExecuted]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let classifier = self.classifier.as_ref()?;
        if !is_python_interpreter(ctx.names.exe) {
            return None;
        }
        let mut invocation =
            parse_invocation(exec.argv.get(1..).unwrap_or_default(), exec.cwd.as_deref());
        // `python3` with no script reads its program from stdin unless stdin is a terminal
        // (`curl … | python3`); the sensor captures it when it can.
        if invocation == PythonInvocation::Interactive
            && exec.stdio[0].kind != FdKind::Tty
            && exec.script.is_some()
            && !exec
                .argv
                .iter()
                .skip(1)
                .any(|a| matches!(a.as_str(), "-h" | "--help" | "-V" | "--version"))
        {
            invocation = PythonInvocation::Stdin;
        }
        let (how, file) = match &invocation {
            PythonInvocation::Command(code) => (
                "-c",
                File {
                    path: String::new(),
                    size: code.len() as u64,
                    sha256: Some(sha256_hex(code.as_bytes())),
                    hashed_size: code.len() as u64,
                    partially_hashed: exec.argv_truncated,
                    contents: Some(code.clone()),
                },
            ),
            PythonInvocation::Script(_) | PythonInvocation::Module(_) | PythonInvocation::Stdin => {
                let captured = exec.script.as_ref()?;
                let path = match (&invocation, &captured.path) {
                    (_, Some(p)) => p.clone(),
                    (PythonInvocation::Script(p), None) => p.clone(),
                    _ => String::new(),
                };
                let how = match invocation {
                    PythonInvocation::Script(_) => "script",
                    PythonInvocation::Module(_) => "-m",
                    _ => "stdin",
                };
                (
                    how,
                    File {
                        path,
                        size: captured.size,
                        sha256: captured.sha256.clone(),
                        hashed_size: if captured.sha256.is_some() {
                            captured.size
                        } else {
                            0
                        },
                        partially_hashed: false,
                        contents: Some(captured.contents.clone()),
                    },
                )
            }
            PythonInvocation::Interactive => return None,
        };
        let code = file.contents.as_deref().unwrap_or_default();
        // A script longer than its capture was scored further by the sensor, with the same
        // model (a recording made with another model, or a score out of range, is not used).
        // The model is not monotone in length, so a benign verdict on the longer text does not
        // clear the capture: code followed by much ordinary code is judged on both.
        let recorded = match invocation {
            PythonInvocation::Command(_) => None,
            _ => exec
                .script
                .as_ref()
                .and_then(|c| c.python.as_ref())
                .filter(|r| r.model == classifier.model_name() && (0.0..=1.0).contains(&r.score)),
        };
        let (verdict, part) = match recorded {
            Some(r) if r.score >= classifier.threshold() => {
                let verdict = shrike_core::ScriptVerdict {
                    score: r.score,
                    reasons: r.reasons.clone(),
                };
                let part = r.scored_part(file.size);
                (verdict, part)
            }
            _ => {
                // Score every execution; explain (three times the work) only what becomes a
                // finding.
                if classifier.score(code) < classifier.threshold() {
                    return None;
                }
                let part = match invocation {
                    PythonInvocation::Command(_) => exec
                        .argv_truncated
                        .then(|| "the captured start of the command line".to_owned()),
                    _ => exec
                        .script
                        .as_ref()
                        .is_some_and(|c| c.truncated)
                        .then(|| format!("the captured start of {} bytes", file.size)),
                };
                (classifier.explain(code), part)
            }
        };
        let score = verdict.score;
        let what = if file.path.is_empty() {
            how.to_owned()
        } else {
            file.path.clone()
        };
        let because = if verdict.reasons.is_empty() {
            String::new()
        } else {
            format!(": {}", verdict.reasons)
        };
        let summary = format!(
            "{} ran Python ({what}) that {} scored {score:.3} (threshold {:.3}){because}",
            exec.exe.path,
            classifier.model_name(),
            classifier.threshold()
        );
        let mut detection = Detection::new(FindingType::MaliciousPythonExecuted, summary)
            .with_property("Python_Invocation", how)
            .with_property("Python_Model", classifier.model_name())
            .with_property("Python_Score", f64::from(score))
            .with_property("Python_Threshold", f64::from(classifier.threshold()));
        if !verdict.reasons.is_empty() {
            detection = detection.with_property("Python_Reasons", verdict.reasons.as_str());
        }
        if let Some(part) = part {
            detection = detection.with_property("Python_Scored_Part", part);
        }
        if let Some(sha) = &file.sha256 {
            detection.external_uri = Some(super::malicious_binary::virustotal_file_uri(sha));
        }
        detection = super::with_image(detection, exec);
        let mut file = file;
        if let Some(contents) = file.contents.as_mut() {
            truncate_at_char(contents, FINDING_SCRIPT_BYTES);
        }
        detection.script = Some(file);
        Some(detection)
    }
}

#[cfg(test)]
mod classifier_tests {
    use super::*;
    use shrike_core::event::{CapturedFile, Stdio};
    use shrike_core::ProcessTable;

    /// A stand-in model for exercising the plumbing only: it flags code containing a marker.
    struct MarkerModel;

    impl ScriptClassifier for MarkerModel {
        fn model_name(&self) -> &str {
            "marker-test-model"
        }
        fn score(&self, source: &str) -> f32 {
            if source.contains("MARKER") {
                0.99
            } else {
                0.01
            }
        }
        fn threshold(&self) -> f32 {
            0.5
        }
    }

    fn python(argv: &[&str], script: Option<&str>) -> ExecEvent {
        ExecEvent {
            pid: 7,
            exe: shrike_core::event::Executable {
                path: "/usr/bin/python3.12".into(),
                ..Default::default()
            },
            argv: argv.iter().map(|s| s.to_string()).collect(),
            cwd: Some("/srv".into()),
            stdio: [
                Stdio {
                    kind: FdKind::Pipe,
                    ..Default::default()
                },
                Stdio::default(),
                Stdio::default(),
            ],
            script: script.map(|c| {
                Box::new(CapturedFile {
                    path: Some("/srv/job.py".into()),
                    contents: c.into(),
                    size: c.len() as u64,
                    ..Default::default()
                })
            }),
            ..Default::default()
        }
    }

    fn run(detector: &MaliciousPythonDetector, exec: &ExecEvent) -> Option<Detection> {
        let table = ProcessTable::new();
        detector.on_exec(exec, &DetectionContext::new(&table, exec))
    }

    #[test]
    fn without_a_model_nothing_fires() {
        let d = MaliciousPythonDetector::new(None);
        assert!(run(&d, &python(&["python3", "-c", "MARKER"], None)).is_none());
    }

    #[test]
    fn scores_the_c_literal_the_script_and_stdin() {
        let d = MaliciousPythonDetector::new(Some(Arc::new(MarkerModel)));
        let hit = run(&d, &python(&["python3", "-c", "MARKER"], None)).unwrap();
        assert_eq!(hit.source_properties["Python_Invocation"], "-c");
        assert_eq!(hit.script.unwrap().contents.as_deref(), Some("MARKER"));
        assert!(run(&d, &python(&["python3", "-c", "print(1)"], None)).is_none());

        let hit = run(&d, &python(&["python3", "job.py"], Some("x = 'MARKER'"))).unwrap();
        assert_eq!(hit.script.unwrap().path, "/srv/job.py");
        assert!(run(&d, &python(&["python3", "job.py"], Some("print(1)"))).is_none());
        // A script that was not captured cannot be scored.
        assert!(run(&d, &python(&["python3", "job.py"], None)).is_none());

        let hit = run(&d, &python(&["python3"], Some("MARKER"))).unwrap();
        assert_eq!(hit.source_properties["Python_Invocation"], "stdin");
    }

    #[test]
    fn finding_contents_are_bounded_and_hash_the_whole_script() {
        let d = MaliciousPythonDetector::new(Some(Arc::new(MarkerModel)));
        let big = format!("# MARKER\n{}", "é".repeat(60_000));
        let mut exec = python(&["python3", "job.py"], Some(&big));
        if let Some(s) = exec.script.as_mut() {
            s.sha256 = Some(sha256_hex(big.as_bytes()));
        }
        let script = run(&d, &exec).unwrap().script.unwrap();
        let contents = script.contents.unwrap();
        assert!(
            contents.len() <= FINDING_SCRIPT_BYTES && contents.len() > FINDING_SCRIPT_BYTES - 4
        );
        assert!(big.starts_with(&contents));
        assert_eq!(script.size, big.len() as u64);
        assert_eq!(script.sha256, Some(sha256_hex(big.as_bytes())));
    }

    #[test]
    fn a_verdict_the_sensor_recorded_on_more_than_the_capture_stands_for_the_script() {
        let d = MaliciousPythonDetector::new(Some(Arc::new(MarkerModel)));
        let long_in_parts = |head: &str, model: &str, score: f32, scored: (u64, u64, u32)| {
            let mut exec = python(&["python3", "job.py"], Some(head));
            if let Some(s) = exec.script.as_mut() {
                s.size = 200_000;
                s.truncated = true;
                s.python = Some(shrike_core::event::RecordedScore {
                    model: model.into(),
                    score,
                    reasons: "socket connect + dup2 to stdio".into(),
                    scored_bytes: scored.0,
                    scored_tail_bytes: scored.1,
                    windows: scored.2,
                });
            }
            exec
        };
        let long = |head: &str, model: &str, score: f32, scored_bytes: u64| {
            long_in_parts(head, model, score, (scored_bytes, 0, 0))
        };
        // The capture looks benign; the sensor's score of the whole script does not.
        let hit = run(&d, &long("print(1)", "marker-test-model", 0.97, 200_000)).unwrap();
        assert_eq!(hit.source_properties["Python_Score"], 0.97f32 as f64);
        assert_eq!(
            hit.source_properties["Python_Reasons"],
            "socket connect + dup2 to stdio"
        );
        assert!(!hit.source_properties.contains_key("Python_Scored_Part"));
        assert_eq!(hit.script.unwrap().contents.as_deref(), Some("print(1)"));
        // Scored in part: the finding says how much.
        let hit = run(&d, &long("print(1)", "marker-test-model", 0.97, 100_000)).unwrap();
        assert_eq!(
            hit.source_properties["Python_Scored_Part"],
            "the first 100000 of 200000 bytes"
        );
        // Its start and its end, each on its own (recorded before windows): the finding says
        // both; when the two cover the script, nothing.
        let parts = long_in_parts("print(1)", "marker-test-model", 0.97, (100_000, 50_000, 0));
        assert_eq!(
            run(&d, &parts).unwrap().source_properties["Python_Scored_Part"],
            "the first 100000 and the last 50000 of 200000 bytes, each on its own"
        );
        let parts = long_in_parts("print(1)", "marker-test-model", 0.97, (150_000, 50_000, 0));
        assert!(!run(&d, &parts)
            .unwrap()
            .source_properties
            .contains_key("Python_Scored_Part"));
        // In windows, each on its own: the finding says how many, over all of the script or
        // over its start and its end.
        let parts = long_in_parts("print(1)", "marker-test-model", 0.97, (200_000, 0, 3));
        assert_eq!(
            run(&d, &parts).unwrap().source_properties["Python_Scored_Part"],
            "all 200000 bytes, in 3 windows scored each on its own"
        );
        let parts = long_in_parts("print(1)", "marker-test-model", 0.97, (100_000, 50_000, 4));
        assert_eq!(
            run(&d, &parts).unwrap().source_properties["Python_Scored_Part"],
            "the first 100000 and the last 50000 of 200000 bytes, in 4 windows scored each on its own"
        );
        // A benign verdict on the longer text does not clear the capture (the model is not
        // monotone in length: a payload followed by much ordinary code); nor does another
        // model's verdict, or a score out of range. The capture is scored, and the finding
        // says it was only the capture.
        for (model, score) in [
            ("marker-test-model", 0.2),
            ("another-model", 0.99),
            ("marker-test-model", 1.5),
        ] {
            let hit = run(&d, &long("MARKER", model, score, 200_000)).unwrap();
            assert_eq!(hit.source_properties["Python_Score"], 0.99f32 as f64);
            assert_eq!(
                hit.source_properties["Python_Scored_Part"],
                "the captured start of 200000 bytes"
            );
        }
        for (model, score) in [("another-model", 0.99), ("marker-test-model", 1.5)] {
            assert!(run(&d, &long("print(1)", model, score, 200_000)).is_none());
        }
        // Whole scripts, and `-c` code, say nothing of parts; a cut command line does.
        let hit = run(&d, &python(&["python3", "job.py"], Some("x = 'MARKER'"))).unwrap();
        assert!(!hit.source_properties.contains_key("Python_Scored_Part"));
        let mut cut = python(&["python3", "-c", "MARKER"], None);
        assert!(!run(&d, &cut)
            .unwrap()
            .source_properties
            .contains_key("Python_Scored_Part"));
        cut.argv_truncated = true;
        assert_eq!(
            run(&d, &cut).unwrap().source_properties["Python_Scored_Part"],
            "the captured start of the command line"
        );
    }

    #[test]
    fn non_python_is_ignored() {
        let d = MaliciousPythonDetector::new(Some(Arc::new(MarkerModel)));
        let mut exec = python(&["perl", "-e", "MARKER"], None);
        exec.exe.path = "/usr/bin/perl".into();
        assert!(run(&d, &exec).is_none());
    }
}
