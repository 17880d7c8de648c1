//! Shrike's malicious-Python model.
//!
//! [`lexer`] tokenizes any input (broken or Python 2 code included), [`features`] turns the
//! tokens into named behavioural features and hashed n-grams, and [`model::Model`] is a
//! logistic regression over them, trained by [`train`] (`scripts/train-pyml.sh`) and loaded
//! from the committed model file. [`Classifier`] plugs the model into the Malicious Python
//! detector and into `shrike classify`, so both score through the same code, and both score a
//! source the way CPython reads it ([`source::as_interpreted`]: code hidden behind a `utf-7` or
//! `unicode_escape` encoding declaration is decoded first). [`rules`] is the simple pattern
//! baseline the evaluation compares against. See `docs/pyml-model.md`.

pub mod dataset;
pub mod eval;
pub mod features;
pub mod lexer;
pub mod model;
pub mod rules;
pub mod source;
pub mod train;

pub use model::{Model, ModelError, Reason, Verdict};
use std::sync::Arc;

/// The committed model, built into the binary.
pub const EMBEDDED_MODEL: &[u8] = include_bytes!("../model/shrike-pyml.model");

/// Loads the committed model.
pub fn embedded_model() -> Result<Model, ModelError> {
    Model::from_bytes("embedded model", EMBEDDED_MODEL)
}

/// A model with a threshold, as the detector and `shrike classify` use it.
#[derive(Debug, Clone)]
pub struct Classifier {
    model: Arc<Model>,
    threshold: f32,
}

impl Classifier {
    /// Uses `model` at its own threshold, or at `threshold` when given.
    pub fn new(model: Model, threshold: Option<f32>) -> Self {
        let threshold = threshold.unwrap_or(model.threshold);
        Self {
            model: Arc::new(model),
            threshold,
        }
    }

    /// The embedded model at its own threshold, or at `threshold`.
    pub fn embedded(threshold: Option<f32>) -> Result<Self, ModelError> {
        Ok(Self::new(embedded_model()?, threshold))
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Scores and explains `src`, as CPython reads it.
    pub fn explain(&self, src: &str) -> Verdict {
        self.model.explain(&source::as_interpreted(src))
    }
}

impl shrike_core::ScriptClassifier for Classifier {
    fn model_name(&self) -> &str {
        &self.model.name
    }

    fn score(&self, source: &str) -> f32 {
        self.model.score(&source::as_interpreted(source))
    }

    fn threshold(&self) -> f32 {
        self.threshold
    }

    fn explain(&self, source: &str) -> shrike_core::ScriptVerdict {
        let v = self.model.explain(&source::as_interpreted(source));
        shrike_core::ScriptVerdict {
            score: v.score,
            reasons: v.reasons_text(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shrike_core::ScriptClassifier as _;

    /// Every character of `code` in one UTF-7 run: nothing of it readable as written.
    fn utf7(code: &str) -> String {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let bytes: Vec<u8> = code.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut run = String::from("+");
        for chunk in bytes.chunks(3) {
            let n =
                chunk.iter().fold(0u32, |n, &b| n << 8 | u32::from(b)) << (8 * (3 - chunk.len()));
            for i in 0..=chunk.len() {
                run.push(B64[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        run + "-"
    }

    #[test]
    fn code_hidden_behind_an_encoding_declaration_is_scored_as_run() {
        let c = Classifier::embedded(None).unwrap();
        let code = format!(
            "import base64,os;exec(base64.b64decode('{}'))\n",
            "aW1wb3J0IG9zO29zLnN5c3RlbSgnaWQnKQ".repeat(40)
        );
        assert!(
            c.score(&code) >= c.threshold(),
            "the plain payload is flagged"
        );
        let hidden = format!("# -*- coding: utf-7 -*-\n{}\n", utf7(&code));
        assert_eq!(
            source::as_interpreted(&hidden),
            format!("# -*- coding: utf-7 -*-\n{code}\n")
        );
        assert!(
            c.model().score(&hidden) < c.threshold(),
            "the model alone is blind to it"
        );
        assert!(c.score(&hidden) >= c.threshold());
        assert!(c.explain(&hidden).score >= c.threshold());
        let escaped: String = code
            .chars()
            .map(|ch| format!("\\x{:02x}", ch as u32))
            .collect();
        let hidden = format!("# coding: unicode_escape\n{escaped}\n");
        assert!(c.score(&hidden) >= c.threshold());
    }
}
