//! `ocsf:PATH`: each finding as an OCSF Detection Finding (class 2004), one JSON object per
//! line, appended to a file or written to stdout (`ocsf:-`), for SIEMs and data lakes that
//! ingest OCSF.
//!
//! [`to_ocsf`] is the mapping; the syslog sink sends the same records. `docs/siem.md` lists
//! the mapping field by field.
//!
//! ```
//! use shrike_sinks::ocsf::to_ocsf;
//! # use std::io::Read;
//! # let mut line = String::new();
//! # std::fs::File::open(concat!(env!("CARGO_MANIFEST_DIR"),
//! #     "/../detect/testdata/reverse-shell/002.out")).unwrap()
//! #     .take(1 << 20).read_to_string(&mut line).unwrap();
//! let finding: shrike_core::FindingEnvelope =
//!     serde_json::from_str(line.lines().next().unwrap()).unwrap();
//! let record = to_ocsf(&finding);
//! assert_eq!(record["class_uid"], 2004);
//! assert_eq!(record["severity"], "Critical");
//! assert_eq!(record["finding_info"]["analytic"]["name"], "REVERSE_SHELL");
//! ```

mod config;
mod map;
mod sink;
#[cfg(test)]
pub(crate) mod tests;

pub use config::OcsfSinkConfig;
pub use map::{rfc3339_to_unix_ms, severity_id, to_ocsf, CATEGORY_UID, CLASS_UID, OCSF_VERSION};
pub use sink::OcsfSink;
