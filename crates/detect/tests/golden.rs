//! Golden-file tests: `testdata/<detector>/NNN.in` (recorded events) → `NNN.out` (findings as
//! JSON lines, exactly what `shrike replay` writes). Every intel feed in the folder
//! (`*.loki`, `*.txt`, `*.csv`) is loaded for its cases. Regenerate with `SHRIKE_BLESS=1`.

use shrike_core::codec::EventReader;
use shrike_detect::{Engine, EngineConfig};
use shrike_intel::IntelSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata")
}

pub fn golden_config() -> EngineConfig {
    EngineConfig {
        project: "golden".into(),
        source: "shrike".into(),
        host: "golden-host".into(),
        ..EngineConfig::default()
    }
}

fn run_case(input: &Path, intel: Arc<IntelSet>) -> String {
    let file = std::fs::File::open(input).unwrap();
    let mut engine = Engine::new(golden_config(), intel, None);
    let mut findings = Vec::new();
    for event in EventReader::new(std::io::BufReader::new(file)) {
        let event = event.unwrap_or_else(|e| panic!("{}:{e}", input.display()));
        engine.process(event, &mut findings);
    }
    findings.iter().map(|f| serde_json::to_string(f).unwrap() + "\n").collect()
}

fn check_dir(detector: &str) -> usize {
    let dir = testdata().join(detector);
    let mut intel = IntelSet::new();
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("in") => cases.push(path),
            Some("loki" | "txt" | "csv") => {
                intel.load_path(&path).unwrap();
            }
            _ => {}
        }
    }
    cases.sort();
    let intel = Arc::new(intel);
    let bless = std::env::var_os("SHRIKE_BLESS").is_some();
    for input in &cases {
        let got = run_case(input, Arc::clone(&intel));
        let expected_path = input.with_extension("out");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} missing: run with SHRIKE_BLESS=1", expected_path.display()));
        assert!(
            got == expected,
            "{} differs from {}\n--- got ---\n{got}",
            input.display(),
            expected_path.display()
        );
    }
    cases.len()
}

#[test]
fn reverse_shell() {
    assert!(check_dir("reverse-shell") >= 4);
}

#[test]
fn remote_command() {
    assert!(check_dir("remote-command") >= 3);
}

#[test]
fn compiler() {
    assert!(check_dir("compiler") >= 3);
}

#[test]
fn malicious_binary() {
    assert!(check_dir("malicious-binary") >= 3);
}

#[test]
fn malicious_python() {
    assert!(check_dir("malicious-python") >= 1);
}
