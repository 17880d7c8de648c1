//! The shell-script scoring method holds the metrics `docs/shell-script-scoring.md` documents,
//! on the held-out half of its data (see `shrike_detect::shell_eval`). The packaged benign
//! scripts come from `scripts/fetch-shell-benign.sh` (run by `scripts/test.sh`); the directory
//! is `SHRIKE_SHELL_BENIGN`, or `target/shell-benign` of the workspace.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "test code: a failed expectation is the report"
)]

use shrike_detect::shell_eval::{by_family, metrics, roc_auc, score_all, Side};
use shrike_detect::shell_score::THRESHOLD;
use std::path::{Path, PathBuf};

fn packaged() -> Option<PathBuf> {
    let dir = std::env::var_os("SHRIKE_SHELL_BENIGN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/shell-benign"));
    if dir.join("files").is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{}: the benign shell corpus is missing; run scripts/fetch-shell-benign.sh",
        dir.display()
    );
    eprintln!(
        "shell-script evaluation skipped: {} is missing (scripts/fetch-shell-benign.sh)",
        dir.display()
    );
    None
}

#[test]
fn the_scoring_method_holds_its_documented_held_out_metrics() {
    let Some(dir) = packaged() else {
        return;
    };
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let scored = score_all(&testdata, &dir).unwrap();
    let held = metrics(&scored, Some(Side::HeldOut), THRESHOLD);
    // The data sets are what the model card counts (the packaged set moves a little with
    // Debian's point releases and the host's own packages).
    assert_eq!(held.attacks, 54, "{held:?}");
    assert!(held.benign >= 1_500, "{held:?}");
    // docs/shell-script-scoring.md: recall 72.2% (39 of 54), false-positive rate 0.24% (4 of
    // 1,663), ROC-AUC 0.960 on the held-out half.
    assert!(held.caught >= 39, "held-out recall fell: {held:?}");
    assert!(
        held.false_positive_rate() <= 0.003,
        "held-out false-positive rate rose: {held:?}"
    );
    assert!(roc_auc(&scored, Some(Side::HeldOut)) >= 0.955);
    // Every reverse shell and miner of the held-out half is caught.
    let families = by_family(&scored, Some(Side::HeldOut), THRESHOLD);
    for family in ["reverse-shell", "miner"] {
        let (n, caught) = families[&(false, family.to_owned())];
        assert_eq!(caught, n, "{family}: {caught} of {n}");
    }
    // The development half, which the weights were set on: no benign script flagged.
    let dev = metrics(&scored, Some(Side::Development), THRESHOLD);
    assert_eq!(dev.false_positives, 0, "{dev:?}");
    assert!(dev.caught >= 47, "{dev:?}");
}
