//! `nats://HOST:PORT/SUBJECT`: findings published to NATS JetStream, at least once, through a
//! bounded on-disk [spool](crate::spool).
//!
//! Each finding is published on `SUBJECT.<category>` (the category in lower snake case, e.g.
//! `shrike.findings.reverse_shell`) with the `Nats-Msg-Id` header set to the finding's name,
//! so JetStream drops a re-sent finding inside its duplicate window and the central store's
//! idempotence drops it after. The stream (`SHRIKE_FINDINGS` for `shrike.findings`) is created
//! on first use by whichever side connects first, with [`stream_config`].

mod config;
mod sink;
#[cfg(test)]
mod tests;

pub use config::NatsSinkConfig;
pub use sink::NatsSink;

use std::time::Duration;

/// How long JetStream remembers message ids to drop duplicates.
pub const DUPLICATE_WINDOW: Duration = Duration::from_secs(20 * 60);

/// The JetStream stream that holds `subject`'s findings: the subject upper-cased, with every
/// character other than a letter, digit, `-` or `_` replaced by `_`.
pub fn stream_name(subject: &str) -> String {
    subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The subject a finding of `category` is published on.
pub fn category_subject(subject: &str, category: &str) -> String {
    let mut out = String::with_capacity(subject.len() + category.len() + 1);
    out.push_str(subject);
    out.push('.');
    let mut last_sep = true;
    for c in category.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            last_sep = false;
        } else if !last_sep {
            out.push('_');
            last_sep = true;
        }
    }
    if last_sep {
        out.pop();
    }
    if out.len() == subject.len() {
        out.push_str(".uncategorized");
    }
    out
}

/// The stream both the publishers and the ingester use: file storage, every subject under
/// `subject`, and de-duplication by message id over [`DUPLICATE_WINDOW`].
pub fn stream_config(subject: &str) -> async_nats::jetstream::stream::Config {
    async_nats::jetstream::stream::Config {
        name: stream_name(subject),
        subjects: vec![format!("{subject}.>")],
        storage: async_nats::jetstream::stream::StorageType::File,
        duplicate_window: DUPLICATE_WINDOW,
        description: Some("Shrike findings".into()),
        ..Default::default()
    }
}
