//! RFC 3339 timestamps: the parser and formatter live in `shrike_core::time`.

pub(crate) use shrike_core::time::{format_rfc3339 as format, parse_rfc3339 as parse};
