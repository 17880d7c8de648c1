//! The model file: a logistic regression over the named features and the hashed n-grams.
//!
//! Format (version 4): a UTF-8 header of `key value` lines —
//! `shrike-pyml 4`, `name …`, `threshold …`, `hash_bits …`, `bias …`, then one
//! `feature NAME WEIGHT` line per named feature in model order — ended by a `hashed N` line,
//! followed by `N` little-endian `f32` weights, one per n-gram bucket. Each bucket present in
//! a source adds its weight times [`features::gram_value`] of the source's bucket count, and
//! the sum is capped by [`features::gram_term`]. Older versions are refused: version 1 added
//! the bare weights, so long files piled up n-gram evidence; version 2 had no cap; version 3
//! weighed n-grams for up to 2,048 buckets at full value (version 4: 1,024).

use crate::features::{self, Gram, NAMES, N_NAMED, WORDS};
use crate::lexer::Grammar;
use std::fmt::Write as _;

/// The least score of a source that shows a [`features::CERTAIN`] behaviour.
pub const CERTAIN_SCORE: f32 = 0.999;

/// The model file format this build reads and writes.
pub const FORMAT: u32 = 4;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{source_name}: line {line}: {message}")]
pub struct ModelError {
    /// The file (or `embedded model`).
    pub source_name: String,
    /// 1-based header line (0 for the weight block).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// The bytes of the model file at `path`, at most 64 MiB of them: a model file is ~130 KB, so
/// a file far larger is not one, and is not read whole. [`Model::from_bytes`] parses them.
pub fn read_model_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| {
        std::io::Read::read_to_end(&mut std::io::Read::take(f, 64 << 20), &mut bytes)
    })?;
    Ok(bytes)
}

/// A trained model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Name and version, reported in findings (`shrike-pyml-2`).
    pub name: String,
    /// Scores at or above this are malicious.
    pub threshold: f32,
    /// The intercept.
    pub bias: f32,
    /// One weight per named feature ([`features::NAMES`] order).
    pub named: Vec<f32>,
    /// One weight per n-gram bucket.
    pub hashed: Vec<f32>,
}

/// One reason a score is high.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    /// Feature name (`reverse_shell`) or `code` for an n-gram.
    pub feature: String,
    /// In words (`socket connect + dup2 to stdio + shell/pty`, or the n-gram in quotes).
    pub words: String,
    /// Its share of the log-odds.
    pub contribution: f32,
}

/// A score with its reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// 0..=1.
    pub score: f32,
    /// The strongest positive contributions, strongest first (at most five).
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The reasons joined for a finding: `socket connect + dup2 to stdio + shell/pty; code "pty.spawn"`.
    pub fn reasons_text(&self) -> String {
        self.reasons
            .iter()
            .map(|r| r.words.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

impl Model {
    /// An untrained model (all weights zero).
    pub fn zeros(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            threshold: 0.5,
            bias: 0.0,
            named: vec![0.0; N_NAMED],
            hashed: vec![0.0; 1 << features::HASH_BITS],
        }
    }

    /// The log-odds of extracted features.
    pub fn logit(&self, f: &features::Features) -> f32 {
        let mut z = self.bias;
        for (w, x) in self.named.iter().zip(&f.named) {
            z += w * x;
        }
        let x = features::gram_value(f.hashed.len());
        let mut grams = 0.0;
        for &b in &f.hashed {
            grams += self.hashed.get(b as usize).copied().unwrap_or(0.0);
        }
        z + features::gram_term(grams * x)
    }

    /// The score (0..=1) of extracted features.
    ///
    /// A source that shows one of the [`features::CERTAIN`] behaviours scores at least
    /// [`CERTAIN_SCORE`] whatever the regression says: none of the ~19,000 benign training
    /// files shows one, and the regression, which adds up evidence, can talk itself out of
    /// them when the rest of a file looks ordinary.
    pub fn probability(&self, f: &features::Features) -> f32 {
        let p = sigmoid(self.logit(f));
        if features::certain(f).is_some() {
            p.max(CERTAIN_SCORE)
        } else {
            p
        }
    }

    /// Scores `src` in 0..=1. A source that CPython's releases read differently
    /// ([`Grammar`]) is scored both ways, and the higher score counts.
    pub fn score(&self, src: &str) -> f32 {
        let (f, differ) = features::extract_as(src, None, Grammar::default());
        let p = self.probability(&f);
        if differ {
            let (other, _) = features::extract_as(src, None, Grammar::Python313);
            p.max(self.probability(&other))
        } else {
            p
        }
    }

    /// Scores `src` and says why; read both ways when CPython's releases read it differently,
    /// as [`Model::score`] does, with the reasons of the higher score.
    pub fn explain(&self, src: &str) -> Verdict {
        let (v, differ) = self.explain_as(src, Grammar::default());
        if differ {
            let (other, _) = self.explain_as(src, Grammar::Python313);
            if other.score > v.score {
                return other;
            }
        }
        v
    }

    /// [`Model::explain`] with f-strings read as `grammar` does, and whether the readings
    /// differ for `src`.
    fn explain_as(&self, src: &str, grammar: Grammar) -> (Verdict, bool) {
        let mut grams: Vec<Gram> = Vec::new();
        let (f, differ) = features::extract_as(src, Some(&mut grams), grammar);
        let score = self.probability(&f);
        let mut reasons: Vec<Reason> = f
            .named
            .iter()
            .enumerate()
            .filter(|(_, x)| **x > 0.0)
            .map(|(i, x)| Reason {
                feature: NAMES[i].to_owned(),
                words: WORDS[i].to_owned(),
                contribution: self.named[i] * x,
            })
            .collect();
        grams.sort_by_key(|g| g.bucket);
        grams.dedup_by(|a, b| a.bucket == b.bucket);
        let x = features::gram_value(f.hashed.len());
        // Each n-gram's share of the capped n-gram term.
        let sum: f32 = f
            .hashed
            .iter()
            .map(|&b| self.hashed.get(b as usize).copied().unwrap_or(0.0))
            .sum::<f32>()
            * x;
        let x = if sum.abs() > 1e-6 {
            x * features::gram_term(sum) / sum
        } else {
            x
        };
        let mut code: Vec<Reason> = grams
            .into_iter()
            .map(|g| {
                let w = self.hashed.get(g.bucket as usize).copied().unwrap_or(0.0) * x;
                Reason {
                    feature: "code".to_owned(),
                    words: format!("code \"{}\"", g.text),
                    contribution: w,
                }
            })
            .filter(|r| r.contribution > 0.0)
            .collect();
        code.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
        code.truncate(2);
        reasons.extend(code);
        reasons.retain(|r| r.contribution > 0.05);
        reasons.sort_by(|a, b| b.contribution.total_cmp(&a.contribution));
        // A behaviour that decides the verdict on its own is named first, whatever its weight.
        if let Some(c) = features::certain(&f) {
            let name = NAMES[c as usize];
            match reasons.iter().position(|r| r.feature == name) {
                Some(k) => reasons[..=k].rotate_right(1),
                None => reasons.insert(
                    0,
                    Reason {
                        feature: name.to_owned(),
                        words: WORDS[c as usize].to_owned(),
                        contribution: self.named[c as usize],
                    },
                ),
            }
        }
        reasons.truncate(5);
        (Verdict { score, reasons }, differ)
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut h = String::new();
        let _ = writeln!(h, "shrike-pyml {FORMAT}");
        let _ = writeln!(h, "name {}", self.name);
        let _ = writeln!(h, "threshold {}", self.threshold);
        let _ = writeln!(h, "hash_bits {}", features::HASH_BITS);
        let _ = writeln!(h, "bias {}", self.bias);
        for (n, w) in NAMES.iter().zip(&self.named) {
            let _ = writeln!(h, "feature {n} {w}");
        }
        let _ = writeln!(h, "hashed {}", self.hashed.len());
        let mut out = h.into_bytes();
        for w in &self.hashed {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a model file; `source_name` names it in errors.
    pub fn from_bytes(source_name: &str, bytes: &[u8]) -> Result<Self, ModelError> {
        let fail = |line: usize, message: String| ModelError {
            source_name: source_name.to_owned(),
            line,
            message,
        };
        let mut m = Model::zeros("");
        m.named.clear();
        let mut pos = 0;
        let mut line_no = 0;
        let mut seen_names: Vec<String> = Vec::new();
        loop {
            let Some(nl) = bytes[pos..].iter().position(|&c| c == b'\n') else {
                return Err(fail(
                    line_no + 1,
                    "header ends before the `hashed` line".into(),
                ));
            };
            line_no += 1;
            let line = std::str::from_utf8(&bytes[pos..pos + nl])
                .map_err(|_| fail(line_no, "header is not UTF-8".into()))?;
            pos += nl + 1;
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            let num = |v: &str| -> Result<f32, ModelError> {
                v.parse::<f32>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| fail(line_no, format!("`{key}`: `{v}` is not a finite number")))
            };
            match key {
                "shrike-pyml" if line_no == 1 => {
                    if value != FORMAT.to_string() {
                        return Err(fail(
                            line_no,
                            format!(
                                "format version {value} is not supported (this build reads {FORMAT})"
                            ),
                        ));
                    }
                }
                _ if line_no == 1 => {
                    return Err(fail(
                        1,
                        format!(
                            "not a shrike-pyml model (first line must be `shrike-pyml {FORMAT}`)"
                        ),
                    ));
                }
                "name" => m.name = value.to_owned(),
                "threshold" => m.threshold = num(value)?,
                "bias" => m.bias = num(value)?,
                "hash_bits" => {
                    if value != features::HASH_BITS.to_string() {
                        return Err(fail(
                            line_no,
                            format!(
                                "hash_bits {value}, this build hashes into {} bits",
                                features::HASH_BITS
                            ),
                        ));
                    }
                }
                "feature" => {
                    let (n, w) = value.split_once(' ').ok_or_else(|| {
                        fail(line_no, "`feature` needs a name and a weight".into())
                    })?;
                    seen_names.push(n.to_owned());
                    m.named.push(num(w)?);
                }
                "hashed" => {
                    let n: usize = value.parse().map_err(|_| {
                        fail(line_no, format!("`hashed`: `{value}` is not a count"))
                    })?;
                    if n != 1 << features::HASH_BITS {
                        return Err(fail(
                            line_no,
                            format!(
                                "{n} hashed weights, expected {}",
                                1u32 << features::HASH_BITS
                            ),
                        ));
                    }
                    let block = &bytes[pos..];
                    if block.len() != n * 4 {
                        return Err(fail(
                            0,
                            format!("weight block is {} bytes, expected {}", block.len(), n * 4),
                        ));
                    }
                    m.hashed = block
                        .chunks_exact(4)
                        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                        .collect();
                    if let Some(i) = m.hashed.iter().position(|w| !w.is_finite()) {
                        return Err(fail(0, format!("hashed weight {i} is not finite")));
                    }
                    break;
                }
                _ => return Err(fail(line_no, format!("unknown header key `{key}`"))),
            }
        }
        if seen_names
            .iter()
            .map(String::as_str)
            .ne(NAMES.iter().copied())
        {
            let first = NAMES
                .iter()
                .zip(
                    seen_names
                        .iter()
                        .map(String::as_str)
                        .chain(std::iter::repeat("(missing)")),
                )
                .find(|(a, b)| a != &b)
                .map(|(a, b)| format!("expected feature `{a}`, found `{b}`"))
                .unwrap_or_else(|| {
                    format!(
                        "{} features, this build has {}",
                        seen_names.len(),
                        NAMES.len()
                    )
                });
            return Err(fail(
                0,
                format!("the model's features do not match this build: {first}"),
            ));
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `bytes` with `from` replaced by `to` once in the text header (the weights after it are
    /// binary).
    fn edit_header(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
        let at = bytes.windows(7).position(|w| w == b"hashed ").unwrap();
        let end = at + bytes[at..].iter().position(|&c| c == b'\n').unwrap() + 1;
        let header = std::str::from_utf8(&bytes[..end])
            .unwrap()
            .replacen(from, to, 1);
        let mut out = header.into_bytes();
        out.extend_from_slice(&bytes[end..]);
        out
    }

    #[test]
    fn a_model_file_round_trips_and_older_or_foreign_files_are_refused() {
        let m = crate::embedded_model().unwrap();
        let bytes = m.to_bytes();
        assert_eq!(Model::from_bytes("m", &bytes).unwrap(), m);
        // Version 3 normalised n-grams differently: refused, with the version named.
        let old = edit_header(&bytes, "shrike-pyml 4", "shrike-pyml 3");
        let e = Model::from_bytes("old.model", &old).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(
            e.to_string().contains("format version 3 is not supported"),
            "{e}"
        );
        // A feature list that does not match the build names the first difference.
        let first = format!("feature {} ", NAMES[0]);
        let renamed = edit_header(&bytes, &first, "feature renamed ");
        let e = Model::from_bytes("m", &renamed).unwrap_err();
        assert!(
            e.to_string()
                .contains(&format!("expected feature `{}`", NAMES[0])),
            "{e}"
        );
        // A cut weight block.
        let e = Model::from_bytes("m", &bytes[..bytes.len() - 3]).unwrap_err();
        assert!(e.to_string().contains("weight block"), "{e}");
    }
}
