//! The versioned JSON-lines event codec.
//!
//! Each line is one JSON object whose first two keys are `"v"` (the model version, see
//! [`EVENT_VERSION`]) and `"kind"` (`exec`, `fork`, `exit` or `library`); the rest are the
//! fields of [`ExecEvent`], [`ForkEvent`], [`ExitEvent`] or [`LibraryEvent`]. Decoding reads the line twice: once for the
//! version and kind only (other values are skipped without being built), then straight into the
//! event's struct, so no intermediate tree is allocated and an error names the exact field path.
//! Unknown fields are ignored, so a newer v1 writer that adds optional fields stays readable.

use crate::event::{Event, ExecEvent, ExitEvent, ForkEvent, LibraryEvent, EVENT_VERSION};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// The longest event line accepted, in bytes. The sensor bounds argv, environment and script
/// captures well below this; a longer line is hostile or corrupt.
pub const MAX_LINE_BYTES: usize = 4 << 20;

/// Why an event line could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct DecodeError {
    /// 1-based line number in the stream (0 when decoding a lone line).
    pub line: usize,
    /// Path of the offending field (`stdio[0].socket.remote_port`), when one is to blame.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl DecodeError {
    /// The error without its line number: "field `pid`: invalid type …".
    pub fn detail(&self) -> String {
        match &self.field {
            Some(field) => format!("field `{field}`: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// The error located in a named file, compiler style: `events.jsonl:12: field `pid`: …`.
    pub fn in_file(&self, file: &str) -> String {
        format!("{file}:{}: {}", self.line, self.detail())
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.detail())
    }
}

#[derive(Deserialize)]
struct Header<'a> {
    v: Option<u32>,
    #[serde(borrow)]
    kind: Option<std::borrow::Cow<'a, str>>,
}

fn error(line: usize, field: Option<&str>, message: impl Into<String>) -> DecodeError {
    DecodeError {
        line,
        field: field.map(str::to_owned),
        message: message.into(),
    }
}

/// Decodes one event line. `line_no` is only used in errors.
pub fn decode_line(line: &str, line_no: usize) -> Result<Event, DecodeError> {
    if line.len() > MAX_LINE_BYTES {
        return Err(error(
            line_no,
            None,
            format!(
                "line is {} bytes, more than the {MAX_LINE_BYTES}-byte limit",
                line.len()
            ),
        ));
    }
    let header = match canonical_header(line) {
        Some(header) => header,
        None => serde_json::from_str(line).map_err(|e| {
            error(
                line_no,
                None,
                format!("not a JSON object: {}", strip_position(&e)),
            )
        })?,
    };
    match header.v {
        Some(EVENT_VERSION) => {}
        Some(v) => {
            return Err(error(
                line_no,
                Some("v"),
                format!("unsupported event version {v} (this build reads version {EVENT_VERSION})"),
            ))
        }
        None => return Err(error(line_no, Some("v"), "missing event version")),
    }
    let kind = header
        .kind
        .ok_or_else(|| error(line_no, Some("kind"), "missing event kind"))?;
    match kind.as_ref() {
        "exec" => decode_body::<ExecEvent>(line, line_no).map(|e| Event::Exec(Arc::new(e))),
        "fork" => decode_body::<ForkEvent>(line, line_no).map(Event::Fork),
        "exit" => decode_body::<ExitEvent>(line, line_no).map(Event::Exit),
        "library" => {
            decode_body::<LibraryEvent>(line, line_no).map(|e| Event::Library(Box::new(e)))
        }
        other => Err(error(
            line_no,
            Some("kind"),
            format!("unknown event kind {other:?} (expected exec, fork, exit or library)"),
        )),
    }
}

/// Reads `{"v":N,"kind":"K",` at the start of the line, as [`encode`] writes it, without
/// parsing the rest; any other layout goes through the general parser.
fn canonical_header(line: &str) -> Option<Header<'_>> {
    let rest = line.strip_prefix(r#"{"v":"#)?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let v: u32 = rest[..digits].parse().ok()?;
    let rest = rest[digits..].strip_prefix(r#","kind":""#)?;
    let end = rest.find('"')?;
    let kind = &rest[..end];
    if kind.contains('\\') {
        return None;
    }
    Some(Header {
        v: Some(v),
        kind: Some(std::borrow::Cow::Borrowed(kind)),
    })
}

fn decode_body<T: for<'de> Deserialize<'de>>(line: &str, line_no: usize) -> Result<T, DecodeError> {
    let mut de = serde_json::Deserializer::from_str(line);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = (path != "." && path != "?").then_some(path);
        DecodeError {
            line: line_no,
            field,
            message: strip_position(e.inner()),
        }
    })?;
    de.end().map_err(|e| {
        error(
            line_no,
            None,
            format!("trailing data: {}", strip_position(&e)),
        )
    })?;
    Ok(value)
}

/// serde_json appends "at line 1 column N"; within a JSON line only the column is useful.
fn strip_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) if e.column() > 0 => format!("{} (column {})", &text[..at], e.column()),
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[derive(Serialize)]
struct Line<'a, T> {
    v: u32,
    kind: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

/// Encodes one event as a JSON line (without the trailing newline).
pub fn encode(event: &Event) -> String {
    fn line<T: Serialize>(kind: &'static str, body: &T) -> String {
        let line = Line {
            v: EVENT_VERSION,
            kind,
            body,
        };
        // Serializing these plain structs (string keys, no maps with non-string keys) cannot fail.
        serde_json::to_string(&line).unwrap_or_else(|e| unreachable!("event encoding failed: {e}"))
    }
    match event {
        Event::Exec(e) => line("exec", &**e),
        Event::Fork(e) => line("fork", e),
        Event::Exit(e) => line("exit", e),
        Event::Library(e) => line("library", &**e),
    }
}

/// Reads events from a JSON-lines stream, numbering lines from 1 and skipping blank lines.
///
/// Lines longer than [`MAX_LINE_BYTES`] are reported as errors without being held in memory
/// whole.
pub struct EventReader<R> {
    reader: R,
    line_no: usize,
    buf: Vec<u8>,
}

impl<R: std::io::BufRead> EventReader<R> {
    /// Wraps a buffered reader.
    pub fn new(reader: R) -> Self {
        Self {
            reader,
            line_no: 0,
            buf: Vec::with_capacity(4096),
        }
    }

    /// The number of the last line read.
    pub fn line_no(&self) -> usize {
        self.line_no
    }

    /// The next event, `None` at the end of the stream. I/O errors end the stream with an
    /// error naming the line.
    pub fn next_event(&mut self) -> Option<Result<Event, DecodeError>> {
        loop {
            self.buf.clear();
            self.line_no += 1;
            let mut too_long = false;
            // Read the line in bounded pieces so a hostile, endless line cannot exhaust memory.
            loop {
                let chunk = match self.reader.fill_buf() {
                    Ok(c) => c,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        return Some(Err(error(self.line_no, None, format!("read failed: {e}"))))
                    }
                };
                if chunk.is_empty() {
                    break;
                }
                let (piece, done) = match chunk.iter().position(|&b| b == b'\n') {
                    Some(i) => (&chunk[..=i], true),
                    None => (chunk, false),
                };
                let n = piece.len();
                if self.buf.len() + n <= MAX_LINE_BYTES + 1 {
                    self.buf.extend_from_slice(piece);
                } else {
                    too_long = true;
                }
                self.reader.consume(n);
                if done {
                    break;
                }
            }
            if self.buf.is_empty() && !too_long {
                return None;
            }
            if too_long {
                return Some(Err(error(
                    self.line_no,
                    None,
                    format!("line is longer than the {MAX_LINE_BYTES}-byte limit"),
                )));
            }
            let text = match std::str::from_utf8(&self.buf) {
                Ok(t) => t.trim_end_matches(['\n', '\r']),
                Err(e) => {
                    return Some(Err(error(
                        self.line_no,
                        None,
                        format!("not valid UTF-8 at byte {}", e.valid_up_to()),
                    )))
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            return Some(decode_line(text, self.line_no));
        }
    }
}

impl<R: std::io::BufRead> Iterator for EventReader<R> {
    type Item = Result<Event, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_event()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Executable, FdKind, Protocol, SocketFamily, SocketInfo, Stdio};

    fn exec_line() -> String {
        let exec = ExecEvent {
            time_ns: 1_795_456_575_000_000_000,
            pid: 42,
            ppid: 1,
            comm: "bash".into(),
            exe: Executable {
                path: "/bin/bash".into(),
                sha256: Some("ab".repeat(32)),
                ..Default::default()
            },
            argv: vec!["bash".into(), "-i".into()],
            stdio: [
                Stdio {
                    kind: FdKind::Socket,
                    socket: Some(Box::new(SocketInfo {
                        family: SocketFamily::Inet6,
                        protocol: Protocol::Udp,
                        local_ip: "::1".parse().ok(),
                        local_port: 5,
                        remote_ip: "::1".parse().ok(),
                        remote_port: 6,
                    })),
                    ..Default::default()
                },
                Stdio::default(),
                Stdio::default(),
            ],
            ..Default::default()
        };
        encode(&Event::Exec(Arc::new(exec)))
    }

    #[test]
    fn round_trips_every_kind() {
        let line = exec_line();
        assert!(line.starts_with(r#"{"v":1,"kind":"exec","#), "{line}");
        let event = decode_line(&line, 1).unwrap();
        assert_eq!(encode(&event), line);
        for line in [
            r#"{"v":1,"kind":"fork","time_ns":5,"pid":2,"ppid":1,"start_time_ns":9}"#,
            r#"{"v":1,"kind":"exit","time_ns":5,"pid":2,"exit_code":256}"#,
            r#"{"v":1,"kind":"library","time_ns":5,"pid":2,"start_time_ns":9,"library":{"path":"/tmp/libx.so","dev":0,"ino":7,"size":100,"mtime_ns":0,"layer":"upper","memfd":false,"deleted":false,"sha256":"ab"},"cgroup":{"id":3,"path":"/c"}}"#,
        ] {
            assert_eq!(encode(&decode_line(line, 1).unwrap()), line);
        }
    }

    #[test]
    fn key_order_and_unknown_fields_do_not_matter() {
        let a = decode_line(
            r#"{"kind":"fork","pid":2,"ppid":1,"time_ns":5,"future_field":[1,2],"v":1}"#,
            1,
        );
        let b = decode_line(r#"{"v":1,"kind":"fork","time_ns":5,"pid":2,"ppid":1}"#, 1);
        assert_eq!(a.unwrap(), b.unwrap());
    }

    #[test]
    fn errors_name_the_line_and_field() {
        let cases: &[(&str, Option<&str>, &str)] = &[
            (
                r#"{"v":2,"kind":"exec"}"#,
                Some("v"),
                "unsupported event version 2",
            ),
            (r#"{"kind":"exec"}"#, Some("v"), "missing event version"),
            (r#"{"v":1}"#, Some("kind"), "missing event kind"),
            (
                r#"{"v":1,"kind":"open"}"#,
                Some("kind"),
                "unknown event kind",
            ),
            (
                r#"{"v":1,"kind":"fork","time_ns":1,"pid":-3,"ppid":1}"#,
                Some("pid"),
                "invalid value",
            ),
            (
                r#"{"v":1,"kind":"fork","time_ns":1,"ppid":1}"#,
                None,
                "missing field `pid`",
            ),
            (
                r#"{"v":1,"kind":"fork","time_ns":1,"pid":1,"ppid":1} trailing"#,
                None,
                "trailing",
            ),
            ("not json", None, "not a JSON object"),
            (r#"{"v":1,"kind":"fork""#, None, "EOF"),
        ];
        for (line, field, message) in cases {
            let err = decode_line(line, 7).unwrap_err();
            assert_eq!(err.line, 7);
            assert_eq!(err.field.as_deref(), *field, "{line}: {err}");
            assert!(err.message.contains(message), "{line}: {err}");
        }
        let err = decode_line(
            &exec_line().replace(r#""remote_port":6"#, r#""remote_port":"x""#),
            3,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("stdio[0].socket.remote_port"));
        assert_eq!(
            err.in_file("rec.jsonl").split(": ").next(),
            Some("rec.jsonl:3")
        );
    }

    #[test]
    fn reader_numbers_lines_skips_blanks_and_bounds_line_length() {
        let text = format!(
            "{}\n\n{}\r\n{}\n",
            r#"{"v":1,"kind":"exit","time_ns":1,"pid":1}"#,
            r#"{"v":1,"kind":"exit","time_ns":1,"pid":2}"#,
            "x".repeat(MAX_LINE_BYTES + 10)
        );
        let mut reader = EventReader::new(std::io::BufReader::with_capacity(1024, text.as_bytes()));
        assert_eq!(reader.next_event().unwrap().unwrap().pid(), 1);
        assert_eq!(reader.next_event().unwrap().unwrap().pid(), 2);
        assert_eq!(reader.line_no(), 3);
        let err = reader.next_event().unwrap().unwrap_err();
        assert_eq!(err.line, 4);
        assert!(err.message.contains("longer than"));
        assert!(reader.next_event().is_none());
    }

    #[test]
    fn invalid_utf8_is_an_error_not_a_panic() {
        let bytes: &[u8] = b"{\"v\":1,\"kind\":\"exit\",\"pid\":\xff}\n";
        let err = EventReader::new(bytes).next_event().unwrap().unwrap_err();
        assert!(err.message.contains("UTF-8"));
    }

    proptest::proptest! {
        #[test]
        fn decoding_arbitrary_text_never_panics(s in ".{0,300}") {
            let _ = decode_line(&s, 1);
        }

        #[test]
        fn canonical_prefix_with_garbage_never_panics(tail in ".{0,200}") {
            let _ = decode_line(&format!(r#"{{"v":1,"kind":"exec",{tail}"#), 1);
        }
    }
}
