//! The held-out evaluation of the shell-script scoring method ([`crate::shell_score`]): the
//! data sets, the split, and the metrics `docs/shell-script-scoring.md` reports and the test
//! `tests/shell_score.rs` holds the method to.
//!
//! * Attack scripts: `testdata/shell-attacks/<family>/*.sh`, written for this evaluation.
//! * Benign runtime scripts: `testdata/shell-benign-runtime/*.sh`, container scripts that look a
//!   little like attacks (entrypoints, health checks, installers), written for it too.
//! * Benign packaged scripts: the shell scripts of the Debian packages listed in
//!   `scripts/shell-benign-packages.txt`, fetched by `scripts/fetch-shell-benign.sh`.
//!
//! Every file falls on one side by its contents' SHA-256 (first byte even: development, odd:
//! held out), so the same script never sits on both sides and the split does not depend on
//! file names. Weights and the threshold were set looking at the development side only.

use crate::shell_score::{score, ShellVerdict};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which half of the data a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Weights and threshold were chosen looking at these.
    Development,
    /// Reported.
    HeldOut,
}

/// One scored file.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Where it came from, relative to its data set.
    pub path: String,
    /// Attack family, or `benign-runtime` / `benign-packaged`.
    pub family: String,
    /// True for attack scripts.
    pub malicious: bool,
    /// Its half.
    pub side: Side,
    /// The verdict.
    pub verdict: ShellVerdict,
}

/// The side of a file with these contents.
pub fn side_of(bytes: &[u8]) -> Side {
    if Sha256::digest(bytes)[0] % 2 == 0 {
        Side::Development
    } else {
        Side::HeldOut
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            files_under(&path, out)?;
        } else if entry.file_type()?.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

fn score_dir(
    dir: &Path,
    malicious: bool,
    family_of: impl Fn(&Path) -> String,
    out: &mut Vec<Scored>,
) -> Result<(), String> {
    let mut files = Vec::new();
    files_under(dir, &mut files).map_err(|e| format!("{}: {e}", dir.display()))?;
    files.sort();
    for path in files {
        if path.extension().is_some_and(|e| e == "md") || path.ends_with("MANIFEST") {
            continue;
        }
        // The data sets' files are at most 1 MiB (the fetch script's bound); read a little past
        // the part the method scores.
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|f| {
                std::io::Read::read_to_end(&mut std::io::Read::take(f, 2 << 20), &mut bytes)
            })
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        out.push(Scored {
            path: rel.display().to_string(),
            family: family_of(rel),
            malicious,
            side: side_of(&bytes),
            verdict: score(&text),
        });
    }
    Ok(())
}

/// Scores every file of the three data sets: `testdata` is the crate's `testdata/`, `packaged`
/// the directory `scripts/fetch-shell-benign.sh` filled (its `files/`).
pub fn score_all(testdata: &Path, packaged: &Path) -> Result<Vec<Scored>, String> {
    let mut out = Vec::new();
    score_dir(
        &testdata.join("shell-attacks"),
        true,
        |rel| {
            rel.components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .unwrap_or_default()
        },
        &mut out,
    )?;
    score_dir(
        &testdata.join("shell-benign-runtime"),
        false,
        |_| "benign-runtime".into(),
        &mut out,
    )?;
    let files = packaged.join("files");
    if !files.is_dir() {
        return Err(format!(
            "{} is missing: run scripts/fetch-shell-benign.sh {}",
            files.display(),
            packaged.display()
        ));
    }
    score_dir(&files, false, |_| "benign-packaged".into(), &mut out)?;
    Ok(out)
}

/// Counts on one side at one threshold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// Attack scripts.
    pub attacks: usize,
    /// Of those, scored at or above the threshold.
    pub caught: usize,
    /// Benign scripts.
    pub benign: usize,
    /// Of those, scored at or above the threshold.
    pub false_positives: usize,
}

impl Metrics {
    /// Caught / attacks.
    pub fn recall(&self) -> f64 {
        ratio(self.caught, self.attacks)
    }
    /// False positives / benign.
    pub fn false_positive_rate(&self) -> f64 {
        ratio(self.false_positives, self.benign)
    }
    /// Caught / everything flagged.
    pub fn precision(&self) -> f64 {
        ratio(self.caught, self.caught + self.false_positives)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The metrics of `scored` on `side` (all of it with `None`) at `threshold`.
pub fn metrics(scored: &[Scored], side: Option<Side>, threshold: f32) -> Metrics {
    let mut m = Metrics::default();
    for s in scored
        .iter()
        .filter(|s| side.is_none_or(|side| s.side == side))
    {
        let flagged = s.verdict.malicious(threshold);
        if s.malicious {
            m.attacks += 1;
            m.caught += usize::from(flagged);
        } else {
            m.benign += 1;
            m.false_positives += usize::from(flagged);
        }
    }
    m
}

/// Per family (attack families, then the benign sets): (scripts, flagged), on `side`.
pub fn by_family(
    scored: &[Scored],
    side: Option<Side>,
    threshold: f32,
) -> BTreeMap<(bool, String), (usize, usize)> {
    let mut out: BTreeMap<(bool, String), (usize, usize)> = BTreeMap::new();
    for s in scored
        .iter()
        .filter(|s| side.is_none_or(|side| s.side == side))
    {
        let e = out.entry((!s.malicious, s.family.clone())).or_default();
        e.0 += 1;
        e.1 += usize::from(s.verdict.malicious(threshold));
    }
    out
}

/// ROC-AUC of the scores on `side`: the chance an attack script scores above a benign one (ties
/// count half).
pub fn roc_auc(scored: &[Scored], side: Option<Side>) -> f64 {
    let on_side = |s: &&Scored| side.is_none_or(|side| s.side == side);
    let mut benign: Vec<f32> = scored
        .iter()
        .filter(on_side)
        .filter(|s| !s.malicious)
        .map(|s| s.verdict.score)
        .collect();
    benign.sort_by(f32::total_cmp);
    let mut total = 0.0f64;
    let mut n = 0usize;
    for a in scored.iter().filter(on_side).filter(|s| s.malicious) {
        let below = benign.partition_point(|&b| b < a.verdict.score);
        let equal = benign[below..].partition_point(|&b| b <= a.verdict.score);
        total += below as f64 + equal as f64 / 2.0;
        n += 1;
    }
    total / (n.max(1) as f64 * benign.len().max(1) as f64)
}
