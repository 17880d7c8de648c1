//! Where findings go.
//!
//! Each sink lives in a folder of its own with the same files (`config.rs` parses the
//! `--sink` spec, `sink.rs` delivers, `tests.rs` exercises it) and the same type names
//! (`JsonlSinkConfig`, `JsonlSink`). [`SinkSpec::parse`] reads a `--sink` value and
//! [`SinkSpec::build`] opens the sink.

mod delivery;
pub mod human;
pub mod jsonl;
pub mod nats;
pub mod ocsf;
pub mod spool;
pub mod syslog;
pub mod webhook;

pub use delivery::Delivery;

use shrike_core::Sink;
use std::fmt;
use std::path::PathBuf;

/// A parsed `--sink` value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SinkSpec {
    /// `jsonl:PATH`, `jsonl:-` for stdout.
    Jsonl(jsonl::JsonlSinkConfig),
    /// `stderr`: one human-readable line per finding.
    Human,
    /// `nats://HOST:PORT/SUBJECT`: JetStream, through an on-disk spool.
    Nats(nats::NatsSinkConfig),
    /// `ocsf:PATH`, `ocsf:-` for stdout: OCSF Detection Finding JSON lines.
    Ocsf(ocsf::OcsfSinkConfig),
    /// `syslog:udp://HOST:PORT`, `syslog:tcp://HOST:PORT`, `syslog:unix:PATH`: RFC 5424
    /// messages carrying OCSF records.
    Syslog(syslog::SyslogSinkConfig),
    /// `webhook:https://HOST[:PORT]/PATH[#OPTIONS]` (`http://` to loopback only): SCC
    /// notification JSON POSTed through an on-disk spool.
    Webhook(webhook::WebhookSinkConfig),
}

/// What opening a sink needs beyond its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkContext {
    /// Where spooled sinks (NATS, webhooks) keep their spools, one directory each.
    pub spool_dir: PathBuf,
}

/// A `--sink` value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SinkSpecError {
    /// The scheme is not one Shrike knows.
    #[error("unknown sink {spec:?}: expected jsonl:PATH, jsonl:-, ocsf:PATH, ocsf:-, syslog:udp://HOST:PORT, syslog:tcp://HOST:PORT, syslog:unix:PATH, stderr, sqlite:PATH, postgres://…, nats://HOST:PORT/SUBJECT or webhook:URL")]
    Unknown {
        /// The value given.
        spec: String,
    },
    /// The scheme is known but its sink is not built yet.
    #[error(
        "sink {spec:?} is not yet available in this build ({scheme} sinks land with the {feature})"
    )]
    NotYetAvailable {
        /// The value given.
        spec: String,
        /// The scheme.
        scheme: &'static str,
        /// Where it lands.
        feature: &'static str,
    },
    /// The value is malformed.
    #[error("bad sink {spec:?}: {reason}")]
    Invalid {
        /// The value given.
        spec: String,
        /// What is wrong.
        reason: String,
    },
}

impl SinkSpec {
    /// Parses a `--sink` value.
    pub fn parse(spec: &str) -> Result<Self, SinkSpecError> {
        if let Some(path) = spec.strip_prefix("jsonl:") {
            return jsonl::JsonlSinkConfig::parse(path)
                .map(SinkSpec::Jsonl)
                .map_err(|reason| SinkSpecError::Invalid {
                    spec: spec.into(),
                    reason,
                });
        }
        if spec == "stderr" {
            return Ok(SinkSpec::Human);
        }
        let invalid = |reason| SinkSpecError::Invalid {
            spec: spec.into(),
            reason,
        };
        if let Some(path) = spec.strip_prefix("ocsf:") {
            return ocsf::OcsfSinkConfig::parse(path)
                .map(SinkSpec::Ocsf)
                .map_err(invalid);
        }
        if let Some(target) = spec.strip_prefix("syslog:") {
            return syslog::SyslogSinkConfig::parse(target)
                .map(SinkSpec::Syslog)
                .map_err(invalid);
        }
        // `sqlite:` and `postgres://` stores are opened by the binary through `shrike-store`.
        if spec.starts_with("nats://") {
            // The error shows the spec without the server's password.
            return nats::NatsSinkConfig::parse(spec)
                .map(SinkSpec::Nats)
                .map_err(|reason| SinkSpecError::Invalid {
                    spec: webhook::redact_spec(spec),
                    reason,
                });
        }
        if let Some(target) = spec.strip_prefix("webhook:") {
            // The error shows the spec without the URL's password.
            return webhook::WebhookSinkConfig::parse(target)
                .map(SinkSpec::Webhook)
                .map_err(|reason| SinkSpecError::Invalid {
                    spec: webhook::redact_spec(spec),
                    reason,
                });
        }
        // A mistyped scheme may still carry a password (`nat://user:pass@…`).
        Err(SinkSpecError::Unknown {
            spec: webhook::redact_spec(spec),
        })
    }

    /// Opens the sink.
    pub fn build(&self, context: &SinkContext) -> std::io::Result<Box<dyn Sink>> {
        Ok(match self {
            SinkSpec::Nats(cfg) => Box::new(nats::NatsSink::open(cfg, &context.spool_dir)?),
            SinkSpec::Jsonl(cfg) => Box::new(jsonl::JsonlSink::open(cfg)?),
            SinkSpec::Human => Box::new(human::HumanSink::stderr()),
            SinkSpec::Ocsf(cfg) => Box::new(ocsf::OcsfSink::open(cfg)?),
            SinkSpec::Syslog(cfg) => Box::new(syslog::SyslogSink::open(cfg)?),
            SinkSpec::Webhook(cfg) => {
                Box::new(webhook::WebhookSink::open(cfg, &context.spool_dir)?)
            }
        })
    }
}

impl fmt::Display for SinkSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SinkSpec::Jsonl(cfg) => write!(f, "{cfg}"),
            SinkSpec::Human => f.write_str("stderr"),
            SinkSpec::Ocsf(cfg) => write!(f, "{cfg}"),
            SinkSpec::Syslog(cfg) => write!(f, "{cfg}"),
            SinkSpec::Nats(cfg) => write!(f, "{cfg}"),
            SinkSpec::Webhook(cfg) => write!(f, "{cfg}"),
        }
    }
}

#[cfg(test)]
mod spec_tests {
    use super::*;

    /// Malformed and unknown specs are named in errors without their passwords.
    #[test]
    fn spec_errors_never_show_a_password() {
        for spec in [
            "nats://shrike:s3cret@nats:4222",
            "nats://shrike:s3cret@nats:4222/bad subject",
            "nats://shrike:s3cret@nats:4222/x?spool_max_mb=0",
            "nat://shrike:s3cret@nats:4222/x",
            "webhook:https://shrike:s3cret@siem.example/hook?x=1#timeout_secs=0",
            "kafka://shrike:s3cret@broker:9092/topic",
        ] {
            let Err(e) = SinkSpec::parse(spec) else {
                panic!("{spec} parsed");
            };
            let message = e.to_string();
            assert!(!message.contains("s3cret"), "{message}");
            assert!(message.contains("shrike:<redacted>@"), "{message}");
        }
    }
}
