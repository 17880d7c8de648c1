//! Shrike's detection engine.
//!
//! The [`Engine`] drives detection: each event updates the process table, each exec is shown
//! to every enabled detector (one module per finding type under [`detectors`]), and each
//! detection becomes an SCC-shaped finding with the process's ancestry, its container and a
//! stable name. The same detector reports a process at most once.
//!
//! ```
//! use shrike_core::codec::decode_line;
//! use shrike_detect::{Engine, EngineConfig};
//! use std::sync::Arc;
//!
//! let mut engine = Engine::new(EngineConfig::default(), Arc::default(), None);
//! let line = r#"{"v":1,"kind":"exec","time_ns":1795456575000000000,"pid":4242,"ppid":1,
//!   "uid":0,"gid":0,"comm":"bash","exe":{"path":"/usr/bin/bash"},"argv":["bash","-i"],
//!   "stdio":[{"kind":"socket","socket":{"family":"inet","protocol":"tcp",
//!     "local_ip":"10.0.0.5","local_port":51000,"remote_ip":"203.0.113.7","remote_port":4444}},
//!     {"kind":"tty"},{"kind":"tty"}]}"#.replace('\n', "");
//! let mut findings = Vec::new();
//! engine.process(decode_line(&line, 1).unwrap(), &mut findings);
//! assert_eq!(findings[0].finding.category, "Reverse Shell");
//! ```

pub mod config;
pub mod detectors;
pub mod engine;
pub mod shell_eval;
pub mod shell_score;

pub use config::{check_name, CreateTime, EngineConfig, NameList};
pub use engine::{Engine, EngineStats, DETECTOR_NAMES};
