//! `webhook:https://HOST[:PORT]/PATH`: findings POSTed as JSON, one request each, at least
//! once, through a bounded on-disk [spool](crate::spool).
//!
//! The body is Security Command Center's notification message:
//! `{"notificationConfigName": "…", "finding": {…}, "resource": {…}}`. Each request carries
//! `Content-Type: application/json`, `User-Agent: shrike/VERSION` and
//! [`X-Shrike-Finding`](HEADER_FINDING) (the finding's name, which a receiver de-duplicates
//! on). With a signing secret it also carries [`X-Shrike-Timestamp`](HEADER_TIMESTAMP) (Unix
//! seconds at sending) and [`X-Shrike-Signature`](HEADER_SIGNATURE):
//! `sha256=` and the hex HMAC-SHA256, keyed by the secret, of `TIMESTAMP.BODY` (the
//! timestamp's decimal digits, a `.`, the body's exact bytes) — see [`sign`]. A receiver
//! recomputes it and refuses a timestamp too far from its clock, so a captured request cannot
//! be replayed later.
//!
//! A background thread posts the spooled findings in order, one at a time. 2xx: delivered.
//! 408, 429, 5xx, a timeout or no connection: the same finding is tried again after 200 ms,
//! doubling up to 30 s (or after `Retry-After` seconds, when given); findings behind it wait in
//! the spool. Any other status: the receiver refuses that payload for good; the finding is
//! appended to [`REJECTED_FILE`] in the spool directory with the status and the start of
//! the answer, logged at error level, counted, and the next finding goes on.
//!
//! `docs/webhooks.md` is the user-facing description.

mod config;
mod sink;
#[cfg(test)]
mod tests;

pub use config::{
    redact_spec, BasicAuth, HmacSecretSource, WebhookSinkConfig, DEFAULT_NOTIFICATION_CONFIG,
    DEFAULT_TIMEOUT,
};
pub use sink::WebhookSink;

/// The request header naming the finding.
pub const HEADER_FINDING: &str = "X-Shrike-Finding";
/// The request header holding the Unix time (seconds) the request was signed at.
pub const HEADER_TIMESTAMP: &str = "X-Shrike-Timestamp";
/// The request header holding `sha256=HEX`, see [`sign`].
pub const HEADER_SIGNATURE: &str = "X-Shrike-Signature";
/// Where findings the receiver refused are kept, in the sink's spool directory.
pub const REJECTED_FILE: &str = "rejected.jsonl";

/// The [`HEADER_SIGNATURE`] value for `body` sent at `timestamp`: `sha256=` followed by the
/// lower-case hex HMAC-SHA256 of `{timestamp}.{body}` keyed by `secret`.
pub fn sign(secret: &[u8], timestamp: u64, body: &[u8]) -> String {
    use hmac::Mac;
    // HMAC takes a key of any length.
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret) else {
        unreachable!("HMAC accepts keys of every length")
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}
