//! `syslog:udp://HOST:PORT`, `syslog:tcp://HOST:PORT`, `syslog:unix:PATH`: each finding as an
//! RFC 5424 message whose MSG is its OCSF Detection Finding record (see [`crate::ocsf`]), for
//! SIEMs that collect through syslog.
//!
//! ```text
//! <PRI>1 TIMESTAMP HOSTNAME shrike PROCID MSGID - {"class_uid":2004,...}
//! ```
//!
//! PRI is the facility (default local0, `?facility=local3`) times 8 plus the finding's
//! severity (CRITICAL → crit, HIGH → err, MEDIUM → warning, LOW → notice). HOSTNAME is the
//! finding's host (or `?hostname=`), MSGID its module name. TCP frames use octet counting
//! (RFC 6587) and carry records whole; UDP and unix datagrams are bounded (8 KiB by default,
//! `?max_datagram=`) and a record too large for one is cut in marked steps
//! ([`fit_datagram`]).
//!
//! Delivery is checked as far as each transport allows: a failed write or connect is a
//! [`SinkError`](shrike_core::SinkError); TCP notices a receiver that closed the connection
//! before writing and connects again, and after a failed write it connects again on the next
//! delivery. UDP cannot confirm anything: a receiver that is not listening is reported (once
//! the kernel has heard so) on a later delivery.

mod config;
mod message;
mod sink;
#[cfg(test)]
mod tests;

pub use config::{
    SyslogSinkConfig, SyslogTransport, DEFAULT_FACILITY, DEFAULT_MAX_DATAGRAM, MAX_MAX_DATAGRAM,
    MIN_MAX_DATAGRAM,
};
pub use message::{ascii_json, fit_datagram, header, header_field, severity_code, timestamp};
pub use sink::SyslogSink;
