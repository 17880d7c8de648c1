use std::fmt;
use std::path::PathBuf;

/// Where an OCSF sink writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OcsfSinkConfig {
    /// Standard output (`ocsf:-`).
    Stdout,
    /// A file, created if missing and appended to (`ocsf:PATH`).
    File(PathBuf),
}

impl OcsfSinkConfig {
    /// Parses the part after `ocsf:`.
    pub fn parse(path: &str) -> Result<Self, String> {
        match path {
            "" => Err("missing path (use ocsf:- for stdout)".into()),
            "-" => Ok(Self::Stdout),
            p => Ok(Self::File(PathBuf::from(p))),
        }
    }
}

impl fmt::Display for OcsfSinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Stdout => f.write_str("ocsf:-"),
            Self::File(p) => write!(f, "ocsf:{}", p.display()),
        }
    }
}
