//! Evaluation: scores held-out documents and computes the metrics the model card reports and
//! the held-out test checks.

use crate::dataset::{Doc, Origin};
use crate::features::{self, F};
use std::collections::BTreeMap;

/// A scored document.
#[derive(Debug, Clone)]
pub struct Scored<'a> {
    /// The document.
    pub doc: &'a Doc,
    /// The model's score.
    pub score: f32,
    /// The rule baseline fired.
    pub rule: bool,
}

/// Metrics of one classifier (model at a threshold, or the rule baseline) on one side.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Metrics {
    /// Malicious files evaluated.
    pub malicious_files: usize,
    /// Benign files evaluated.
    pub benign_files: usize,
    /// Malicious families evaluated.
    pub malicious_families: usize,
    /// Malicious files flagged.
    pub true_positives: usize,
    /// Benign files flagged.
    pub false_positives: usize,
    /// Per file: flagged malicious / all flagged.
    pub precision: f64,
    /// Per file: flagged malicious / all malicious.
    pub recall: f64,
    /// Mean over malicious families of the share of their files flagged.
    pub family_recall: f64,
    /// Share of malicious families with at least half their files flagged.
    pub families_detected: f64,
    /// Benign files flagged / all benign.
    pub false_positive_rate: f64,
    /// ROC-AUC per file (the model only; 0 for the rule baseline).
    pub roc_auc: f64,
    /// ROC-AUC with each malicious family weighted equally (the model only).
    pub family_roc_auc: f64,
    /// Recall per origin (`runtime-attack`, `pypi-malware`, …).
    pub recall_by_origin: BTreeMap<String, f64>,
    /// False-positive rate per benign origin.
    pub fpr_by_origin: BTreeMap<String, f64>,
}

fn origin_name(o: Origin) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Metrics of the decision `flag` over `scored`; `scores` adds the ranking metrics.
pub fn metrics(scored: &[Scored<'_>], flag: impl Fn(&Scored<'_>) -> bool, ranked: bool) -> Metrics {
    let mut m = Metrics::default();
    let mut fam: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut by_origin: BTreeMap<Origin, (usize, usize)> = BTreeMap::new();
    for s in scored {
        let hit = flag(s);
        let o = by_origin.entry(s.doc.origin).or_default();
        o.0 += 1;
        o.1 += usize::from(hit);
        if s.doc.origin.malicious() {
            m.malicious_files += 1;
            m.true_positives += usize::from(hit);
            let f = fam.entry(&s.doc.family).or_default();
            f.0 += 1;
            f.1 += usize::from(hit);
        } else {
            m.benign_files += 1;
            m.false_positives += usize::from(hit);
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    m.malicious_families = fam.len();
    m.precision = ratio(m.true_positives, m.true_positives + m.false_positives);
    m.recall = ratio(m.true_positives, m.malicious_files);
    m.false_positive_rate = ratio(m.false_positives, m.benign_files);
    m.family_recall = if fam.is_empty() {
        0.0
    } else {
        fam.values().map(|(n, h)| ratio(*h, *n)).sum::<f64>() / fam.len() as f64
    };
    m.families_detected = ratio(fam.values().filter(|(n, h)| 2 * h >= *n).count(), fam.len());
    for (o, (n, h)) in by_origin {
        if o.malicious() {
            m.recall_by_origin.insert(origin_name(o), ratio(h, n));
        } else {
            m.fpr_by_origin.insert(origin_name(o), ratio(h, n));
        }
    }
    if ranked {
        m.roc_auc = auc(scored, |_| 1.0);
        let sizes: BTreeMap<&str, usize> = fam.iter().map(|(k, (n, _))| (*k, *n)).collect();
        m.family_roc_auc = auc(scored, |s| {
            if s.doc.origin.malicious() {
                1.0 / sizes.get(s.doc.family.as_str()).copied().unwrap_or(1) as f64
            } else {
                1.0
            }
        });
    }
    m
}

/// Weighted ROC-AUC (ties count half).
fn auc(scored: &[Scored<'_>], weight: impl Fn(&Scored<'_>) -> f64) -> f64 {
    let mut v: Vec<(f32, bool, f64)> = scored
        .iter()
        .map(|s| (s.score, s.doc.origin.malicious(), weight(s)))
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut neg_below, mut area, mut pos_total, mut neg_total) = (0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < v.len() {
        let mut j = i;
        let (mut pos, mut neg) = (0.0, 0.0);
        while j < v.len() && v[j].0 == v[i].0 {
            if v[j].1 {
                pos += v[j].2;
            } else {
                neg += v[j].2;
            }
            j += 1;
        }
        area += pos * (neg_below + neg / 2.0);
        neg_below += neg;
        pos_total += pos;
        neg_total += neg;
        i = j;
    }
    if pos_total == 0.0 || neg_total == 0.0 {
        0.0
    } else {
        area / (pos_total * neg_total)
    }
}

/// The smallest threshold at which at most `max_fp` of the benign documents score at or above
/// it (never below `floor`).
pub fn threshold_for(scored: &[Scored<'_>], max_fp: usize, floor: f32) -> f32 {
    let mut benign: Vec<f32> = scored
        .iter()
        .filter(|s| !s.doc.origin.malicious())
        .map(|s| s.score)
        .collect();
    benign.sort_by(|a, b| b.total_cmp(a));
    let t = match benign.get(max_fp) {
        // Just above the first benign score that must stay below the threshold.
        Some(&s) => next_up(s),
        None => floor,
    };
    t.max(floor)
}

fn next_up(x: f32) -> f32 {
    if x.is_nan() || x == f32::INFINITY {
        return x;
    }
    f32::from_bits(if x >= 0.0 {
        x.to_bits() + 1
    } else {
        x.to_bits() - 1
    })
}

/// True when a document shows any behaviour at all (used to set aside label noise: files of
/// malicious packages that are plain library code).
pub fn has_indicator(f: &features::Features) -> bool {
    const ANY: &[F] = &[
        F::Exec,
        F::DynImport,
        F::OsSystem,
        F::Subprocess,
        F::Execv,
        F::Socket,
        F::Connect,
        F::B64,
        F::Decompress,
        F::Marshal,
        F::HexDecode,
        F::Fetch,
        F::Post,
        F::EnvDump,
        F::Fingerprint,
        F::WinInject,
        F::WinSteal,
        F::SetupHook,
        F::ShellStr,
        F::DownloadCmd,
        F::DevTcp,
        F::Stratum,
        F::Sensitive,
        F::Metadata,
        F::Persist,
        F::ExfilService,
        F::ExeDrop,
        F::RawIpUrl,
        F::Hidden,
        F::LongB64,
        F::LongHex,
        F::Chmod,
        F::WriteFile,
    ];
    ANY.iter().any(|x| f.named[*x as usize] > 0.0)
}
