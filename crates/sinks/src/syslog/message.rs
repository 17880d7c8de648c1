//! RFC 5424 messages carrying an OCSF record.
//!
//! `<PRI>1 TIMESTAMP HOSTNAME shrike PROCID MSGID - MSG`: no structured data, MSG the OCSF
//! JSON on one line. Everything in a finding is attacker-influenced (argv, paths, container
//! names), so the header fields are reduced to what RFC 5424 allows (printable US-ASCII, no
//! spaces, bounded length) and the JSON is written in pure ASCII: control characters, DEL and
//! every non-ASCII character are `\u` escapes. No byte of a message can then end a line,
//! split a frame, or need the BOM that marks UTF-8 MSG text.

use serde_json::{json, Value};
use shrike_core::catalogue::Severity;

/// RFC 5424 length limits.
pub const HOSTNAME_MAX: usize = 255;
/// APP-NAME limit.
pub const APP_NAME_MAX: usize = 48;
/// PROCID limit.
pub const PROCID_MAX: usize = 128;
/// MSGID limit.
pub const MSGID_MAX: usize = 32;

/// Syslog severity for a finding: CRITICAL → 2 (crit), HIGH → 3 (err), MEDIUM → 4 (warning),
/// LOW → 5 (notice).
pub fn severity_code(severity: Severity) -> u8 {
    match severity {
        Severity::Critical => 2,
        Severity::High => 3,
        Severity::Medium => 4,
        Severity::Low => 5,
    }
}

/// A header field as RFC 5424 allows it: printable US-ASCII (33–126) only, anything else
/// replaced by `_`, cut to `max` bytes; `-` (the nil value) when nothing is left.
pub fn header_field(value: &str, max: usize) -> String {
    let mut out: String = value
        .chars()
        .map(|c| if c.is_ascii_graphic() { c } else { '_' })
        .take(max)
        .collect();
    if out.is_empty() {
        out.push('-');
    }
    out
}

/// RFC 5424 TIMESTAMP (microseconds, UTC) from nanoseconds since the epoch. TIME-SECFRAC
/// allows six digits at most.
pub fn timestamp(ns: u64) -> String {
    let full = shrike_core::time::rfc3339_nanos(ns); // YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ
    format!("{}Z", &full[..26])
}

/// A JSON value as one line of printable ASCII. serde_json already escapes quotes,
/// backslashes and C0 controls; what it leaves raw and is not printable ASCII (DEL and every
/// non-ASCII character) can only sit inside a string, where a `\u` escape means the same.
pub fn ascii_json(value: &Value) -> Vec<u8> {
    let text = value.to_string();
    let mut out = Vec::with_capacity(text.len() + 64);
    for c in text.chars() {
        if c.is_ascii() && c != '\x7f' {
            out.push(c as u8);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.extend_from_slice(format!("\\u{unit:04x}").as_bytes());
            }
        }
    }
    out
}

/// Cuts every string longer than `limit` bytes (except identifiers: `uid` values) to `limit`
/// bytes followed by `...`. Returns whether anything was cut.
fn cut_long_strings(value: &mut Value, limit: usize) -> bool {
    match value {
        Value::String(s) if s.len() > limit => {
            let mut end = limit;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
            s.push_str("...");
            true
        }
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |cut, v| cut_long_strings(v, limit) | cut),
        Value::Object(map) => map
            .iter_mut()
            .filter(|(k, _)| k.as_str() != "uid")
            .fold(false, |cut, (_, v)| cut_long_strings(v, limit) | cut),
        _ => false,
    }
}

/// The record reduced to what identifies the finding: the class, time, severity, status,
/// metadata, the finding's id, title and analytic, the message and the resource id.
fn minimal(record: &Value) -> Value {
    let mut m = json!({});
    for key in [
        "class_uid",
        "class_name",
        "category_uid",
        "category_name",
        "activity_id",
        "activity_name",
        "type_uid",
        "type_name",
        "time",
        "severity_id",
        "severity",
        "status_id",
        "status",
        "message",
        "metadata",
    ] {
        if let Some(v) = record.get(key) {
            m[key] = v.clone();
        }
    }
    let info = &record["finding_info"];
    m["finding_info"] = json!({});
    for key in [
        "uid",
        "title",
        "analytic",
        "created_time",
        "first_seen_time",
    ] {
        if let Some(v) = info.get(key) {
            m["finding_info"][key] = v.clone();
        }
    }
    if let Some(uid) = record["resources"][0].get("uid") {
        m["resources"] = json!([{ "uid": uid }]);
    }
    m
}

/// The OCSF record as ASCII JSON of at most `budget` bytes, for a datagram.
///
/// A record that fits is sent whole. One that does not is reduced in steps until it fits,
/// each step recorded in `unmapped.syslog_truncation` (`original_length`, `limit`, `steps`)
/// so a reader knows the record is not complete:
/// 1. `script_contents`: the script's text (`evidences[].data.script.contents`) is dropped
///    and `evidences[].data.script.truncated` set to true;
/// 2. `evidence_data`: the exact argv and environment in `evidences[].data` are dropped (the
///    command line stays in `process.cmd_line`);
/// 3. `observables`: dropped (each repeats a value found elsewhere in the record);
/// 4. `long_strings_N`: strings longer than N bytes (1024, then 256, then 64) are cut to N
///    bytes followed by `...`; identifiers (`uid`) are never cut;
/// 5. `minimal`: only the class, time, severity, status, metadata, the finding's id, title
///    and analytic, the message and the resource id are kept.
///
/// The full record is always available from the `ocsf:PATH` sink or over TCP.
pub fn fit_datagram(record: &Value, budget: usize) -> Vec<u8> {
    let whole = ascii_json(record);
    if whole.len() <= budget {
        return whole;
    }
    let mut r = record.clone();
    let mut steps: Vec<String> = Vec::new();
    let marked = |r: &mut Value, steps: &[String]| {
        r["unmapped"]["syslog_truncation"] = json!({
            "original_length": whole.len(),
            "limit": budget,
            "steps": steps,
        });
        ascii_json(r)
    };

    let mut cut_script = false;
    let mut dropped_data = false;
    if let Some(evidences) = r.get_mut("evidences").and_then(Value::as_array_mut) {
        for e in evidences.iter_mut() {
            if let Some(script) = e
                .get_mut("data")
                .and_then(|d| d.get_mut("script"))
                .and_then(Value::as_object_mut)
            {
                if script.remove("contents").is_some() {
                    script.insert("truncated".into(), true.into());
                    cut_script = true;
                }
            }
        }
    }
    if cut_script {
        steps.push("script_contents".into());
        let out = marked(&mut r, &steps);
        if out.len() <= budget {
            return out;
        }
    }

    if let Some(evidences) = r.get_mut("evidences").and_then(Value::as_array_mut) {
        for e in evidences.iter_mut() {
            if let Some(data) = e.get_mut("data").and_then(Value::as_object_mut) {
                for key in ["args", "env_variables"] {
                    dropped_data |= data.remove(key).is_some();
                }
            }
        }
    }
    if dropped_data {
        steps.push("evidence_data".into());
        let out = marked(&mut r, &steps);
        if out.len() <= budget {
            return out;
        }
    }

    if r.as_object_mut()
        .and_then(|o| o.remove("observables"))
        .is_some()
    {
        steps.push("observables".into());
        let out = marked(&mut r, &steps);
        if out.len() <= budget {
            return out;
        }
    }

    for limit in [1024, 256, 64] {
        if cut_long_strings(&mut r, limit) {
            steps.push(format!("long_strings_{limit}"));
            let out = marked(&mut r, &steps);
            if out.len() <= budget {
                return out;
            }
        }
    }

    let mut m = minimal(&r);
    steps.push("minimal".into());
    marked(&mut m, &steps)
}

/// The RFC 5424 header up to and including MSGID and the nil STRUCTURED-DATA, ending in the
/// space before MSG.
pub fn header(
    facility: u8,
    severity: Severity,
    timestamp: &str,
    hostname: &str,
    procid: u32,
    msgid: &str,
) -> String {
    let pri = u16::from(facility) * 8 + u16::from(severity_code(severity));
    format!(
        "<{pri}>1 {timestamp} {} {} {} {} - ",
        header_field(hostname, HOSTNAME_MAX),
        header_field("shrike", APP_NAME_MAX),
        header_field(&procid.to_string(), PROCID_MAX),
        header_field(msgid, MSGID_MAX),
    )
}
