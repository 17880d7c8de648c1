use std::fmt;
use std::path::PathBuf;

/// Where a JSON-lines sink writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonlSinkConfig {
    /// Standard output (`jsonl:-`).
    Stdout,
    /// A file, created if missing and appended to (`jsonl:PATH`).
    File(PathBuf),
}

impl JsonlSinkConfig {
    /// Parses the part after `jsonl:`.
    pub fn parse(path: &str) -> Result<Self, String> {
        match path {
            "" => Err("missing path (use jsonl:- for stdout)".into()),
            "-" => Ok(Self::Stdout),
            p => Ok(Self::File(PathBuf::from(p))),
        }
    }
}

impl fmt::Display for JsonlSinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stdout => f.write_str("jsonl:-"),
            Self::File(p) => write!(f, "jsonl:{}", p.display()),
        }
    }
}
