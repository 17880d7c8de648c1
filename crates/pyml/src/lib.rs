//! Shrike's malicious-Python model.
//!
//! [`lexer`] tokenizes any input (broken or Python 2 code included), [`features`] turns the
//! tokens into named behavioural features and hashed n-grams, and [`model::Model`] is a
//! logistic regression over them, trained by [`train`] (`scripts/train-pyml.sh`) and loaded
//! from the committed model file. [`Classifier`] plugs the model into the Malicious Python
//! detector and into `shrike classify`, so both score through the same code. [`rules`] is the
//! simple pattern baseline the evaluation compares against. See `docs/pyml-model.md`.

pub mod dataset;
pub mod eval;
pub mod features;
pub mod lexer;
pub mod model;
pub mod rules;
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

    /// Scores and explains `src`.
    pub fn explain(&self, src: &str) -> Verdict {
        self.model.explain(src)
    }
}

impl shrike_core::ScriptClassifier for Classifier {
    fn model_name(&self) -> &str {
        &self.model.name
    }

    fn score(&self, source: &str) -> f32 {
        self.model.score(source)
    }

    fn threshold(&self) -> f32 {
        self.threshold
    }

    fn explain(&self, source: &str) -> shrike_core::ScriptVerdict {
        let v = self.model.explain(source);
        shrike_core::ScriptVerdict {
            score: v.score,
            reasons: v.reasons_text(),
        }
    }
}
