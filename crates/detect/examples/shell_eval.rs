//! Prints the held-out evaluation of the shell-script scoring method as Markdown (the tables of
//! docs/shell-script-scoring.md).
//!
//! `cargo run -p shrike-detect --example shell_eval -- [PACKAGED_DIR] [--side dev|held-out|all]`
//! (PACKAGED_DIR defaults to `target/shell-benign`, filled by `scripts/fetch-shell-benign.sh`).

#![allow(clippy::print_stdout, reason = "a report printer")]

use shrike_detect::shell_eval::{by_family, metrics, roc_auc, score_all, Side};
use shrike_detect::shell_score::THRESHOLD;
use std::path::{Path, PathBuf};

fn main() -> Result<(), String> {
    let mut packaged = PathBuf::from("target/shell-benign");
    let mut side = Some(Side::HeldOut);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--side" => {
                side = match args.next().as_deref() {
                    Some("dev") => Some(Side::Development),
                    Some("held-out") => Some(Side::HeldOut),
                    Some("all") => None,
                    other => return Err(format!("--side: dev, held-out or all, not {other:?}")),
                }
            }
            _ => packaged = PathBuf::from(a),
        }
    }
    let testdata = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let scored = score_all(&testdata, &packaged)?;
    let m = metrics(&scored, side, THRESHOLD);
    println!("side: {side:?}, threshold {THRESHOLD}\n");
    println!("| attack scripts | caught | recall | benign scripts | flagged | false-positive rate | precision | ROC-AUC |");
    println!("|---|---|---|---|---|---|---|---|");
    println!(
        "| {} | {} | {:.1}% | {} | {} | {:.3}% | {:.1}% | {:.4} |\n",
        m.attacks,
        m.caught,
        m.recall() * 100.0,
        m.benign,
        m.false_positives,
        m.false_positive_rate() * 100.0,
        m.precision() * 100.0,
        roc_auc(&scored, side)
    );
    println!("| set | scripts | flagged |");
    println!("|---|---|---|");
    for ((benign, family), (n, flagged)) in by_family(&scored, side, THRESHOLD) {
        let kind = if benign { "benign" } else { "attack" };
        println!("| {kind}: {family} | {n} | {flagged} |");
    }
    println!("\nMissed attack scripts and flagged benign scripts:\n");
    for s in scored
        .iter()
        .filter(|s| side.is_none_or(|side| s.side == side))
        .filter(|s| s.malicious != s.verdict.malicious(THRESHOLD))
    {
        println!(
            "- {} `{}`: score {:.3}; {}",
            if s.malicious { "missed" } else { "flagged" },
            s.path,
            s.verdict.score,
            if s.verdict.reasons.is_empty() {
                "no indicator".to_owned()
            } else {
                s.verdict.reasons.join("; ")
            }
        );
    }
    Ok(())
}
