//! Errors with their exit status.

/// An error and the exit status it maps to.
pub struct Failure {
    /// 1 for failures, 2 for bad usage or bad input.
    pub code: u8,
    /// What went wrong, with context.
    pub error: anyhow::Error,
}

/// Exit status for bad usage or bad input.
pub const BAD_INPUT: u8 = 2;
/// Exit status for any other failure.
pub const FAILURE: u8 = 1;

impl Failure {
    /// Bad usage or bad input (exit 2).
    pub fn bad_input(error: impl Into<anyhow::Error>) -> Self {
        Self {
            code: BAD_INPUT,
            error: error.into(),
        }
    }

    /// Any other failure (exit 1).
    pub fn other(error: impl Into<anyhow::Error>) -> Self {
        Self {
            code: FAILURE,
            error: error.into(),
        }
    }
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Self {
        Self::other(error)
    }
}
