//! Python source as the interpreter reads it.
//!
//! PEP 263 lets a file declare its encoding in a comment on its first or second line, and
//! CPython honours codecs that make code unreadable to anything that does not decode it:
//! `utf-7` (`+AGk-mport os` is `import os`), `unicode_escape` and `raw_unicode_escape`
//! (`\u0069mport os`). Malware uses them to hide code from scanners. [`as_interpreted`] decodes
//! a source that declares one of those, so the model scores the code CPython runs; any other
//! source is scored as it is (latin-1 and the other ASCII-compatible codecs keep code readable,
//! and CPython refuses UTF-16 and UTF-32 declarations). Decoding never makes text longer, and
//! takes one pass. A carriage return that no line feed follows ends a line for CPython, as a
//! newline does, and is read as one ([`lone_returns_as_newlines`]).

use std::borrow::Cow;

/// A codec that hides code, as CPython would decode a source declaring it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HidingCodec {
    /// `utf-7`: runs of UTF-16 in modified base64 between `+` and `-`.
    Utf7,
    /// `unicode_escape`: Python string escapes (`\x69`, `\u0069`, `\151`) anywhere.
    UnicodeEscape,
    /// `raw_unicode_escape`: `\u` and `\U` escapes anywhere.
    RawUnicodeEscape,
}

/// The encoding a PEP 263 declaration names (`# -*- coding: latin-1 -*-`, `# vim: set
/// fileencoding=utf-7 :`), as written, if line 1 has one, or line 2 when line 1 is a comment or
/// blank (CPython looks no further).
pub fn declared_encoding(src: &str) -> Option<&str> {
    let mut lines = src.lines();
    let first = lines.next()?;
    if let Some(name) = cookie(first) {
        return Some(name);
    }
    let first = first.trim_start_matches([' ', '\t', '\x0c']);
    if first.is_empty() || first.starts_with('#') {
        return lines.next().and_then(cookie);
    }
    None
}

/// `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`, PEP 263's expression.
fn cookie(line: &str) -> Option<&str> {
    let line = line.trim_start_matches([' ', '\t', '\x0c']);
    let comment = line.strip_prefix('#')?;
    let at = comment
        .match_indices("coding")
        .map(|(i, _)| i + "coding".len())
        .find(|&i| matches!(comment.as_bytes().get(i), Some(b':' | b'=')))?;
    let name = comment[at + 1..].trim_start_matches([' ', '\t']);
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// The hiding codec `name` is, by CPython's normalisation (case, `-` and ` ` as `_`) and
/// aliases.
pub fn hiding_codec(name: &str) -> Option<HidingCodec> {
    let name = name.to_ascii_lowercase().replace(['-', ' '], "_");
    match name.as_str() {
        "utf_7" | "utf7" | "u7" | "unicode_1_1_utf_7" | "csunicode11utf7" => {
            Some(HidingCodec::Utf7)
        }
        "unicode_escape" => Some(HidingCodec::UnicodeEscape),
        "raw_unicode_escape" => Some(HidingCodec::RawUnicodeEscape),
        _ => None,
    }
}

/// `src` as CPython decodes it when it declares a codec that hides code; otherwise `src`
/// itself. What cannot be decoded becomes U+FFFD, as in the sensor's capture.
pub fn as_interpreted(src: &str) -> Cow<'_, str> {
    part_as_interpreted(src, src)
}

/// `part` of a source whose start is `head` as CPython decodes it when `head` declares a codec
/// that hides code; otherwise `part` itself. A later part is decoded on its own: a `utf-7` run
/// cut at its start reads as something else until the next run.
pub fn part_as_interpreted<'p>(head: &str, part: &'p str) -> Cow<'p, str> {
    // Lines end at a lone `\r` for the declaration's lines too (`\r# coding: utf-7\r…`).
    let codec = declared_encoding(&lone_returns_as_newlines(head)).and_then(hiding_codec);
    let Some(codec) = codec else {
        return lone_returns_as_newlines(part);
    };
    let part = lone_returns_as_newlines(part);
    let decoded = match codec {
        HidingCodec::Utf7 => decode_utf7(&part),
        HidingCodec::UnicodeEscape => decode_escapes(&part, false),
        HidingCodec::RawUnicodeEscape => decode_escapes(&part, true),
    };
    // What was decoded may hold lone `\r`s of its own.
    Cow::Owned(lone_returns_as_newlines(&decoded).into_owned())
}

/// `text` with each carriage return that no line feed follows read as a newline, as CPython
/// reads source (universal newlines): a lone `\r` ends a line, and a comment with it, so
/// `# note\rimport os` runs `import os`. `\r\n` stays as it is (the lexer reads it as one
/// line break already), and the text keeps its length.
pub fn lone_returns_as_newlines(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let lone = |i: &usize| b.get(i + 1) != Some(&b'\n');
    let mut returns = memchr::memchr_iter(b'\r', b).filter(lone).peekable();
    if returns.peek().is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for i in returns {
        // `\r` is ASCII: `i` and `i + 1` are character starts.
        out.push_str(&text[from..i]);
        out.push('\n');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

fn base64_value(c: char) -> Option<u32> {
    Some(match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '+' => 62,
        '/' => 63,
        _ => return None,
    })
}

/// RFC 2152: `+` starts modified base64 of UTF-16BE, ended by any other character (a `-` is
/// dropped); `+-` is `+`.
fn decode_utf7(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '+' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'-') {
            chars.next();
            out.push('+');
            continue;
        }
        let (mut bits, mut nbits) = (0u32, 0u32);
        let mut units: Vec<u16> = Vec::new();
        while let Some(v) = chars.peek().copied().and_then(base64_value) {
            chars.next();
            bits = (bits << 6 | v) & 0x3f_ffff;
            nbits += 6;
            if nbits >= 16 {
                nbits -= 16;
                units.push((bits >> nbits) as u16);
            }
        }
        out.extend(char::decode_utf16(units).map(|r| r.unwrap_or('\u{fffd}')));
        if chars.peek() == Some(&'-') {
            chars.next();
        }
    }
    out
}

/// Python's `unicode_escape` (`raw` = false) or `raw_unicode_escape` (only `\u` and `\U`).
fn decode_escapes(src: &str, raw: bool) -> String {
    let mut out = String::with_capacity(src.len());
    let mut chars = src.chars().peekable();
    let hex = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>, n: usize| -> Option<char> {
        let mut v = 0u32;
        for _ in 0..n {
            v = v * 16 + chars.peek()?.to_digit(16)?;
            chars.next();
        }
        Some(char::from_u32(v).unwrap_or('\u{fffd}'))
    };
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(&next) = chars.peek() else {
            out.push('\\');
            break;
        };
        let width = match next {
            'u' => Some(4),
            'U' => Some(8),
            'x' if !raw => Some(2),
            _ => None,
        };
        if let Some(n) = width {
            chars.next();
            match hex(&mut chars, n) {
                Some(ch) => out.push(ch),
                None => out.push('\u{fffd}'),
            }
            continue;
        }
        if raw {
            out.push('\\');
            continue;
        }
        chars.next();
        match next {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            '0'..='7' => {
                let mut v = next as u32 - '0' as u32;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            // `\N{NAME}` and unknown escapes stay as written.
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_on_line_one_or_two_only() {
        assert_eq!(
            declared_encoding("# -*- coding: utf-7 -*-\n"),
            Some("utf-7")
        );
        assert_eq!(
            declared_encoding("#!/usr/bin/python3\n# vim: set fileencoding=latin-1 :\n"),
            Some("latin-1")
        );
        assert_eq!(declared_encoding("\n#coding=UTF_7\nx"), Some("UTF_7"));
        // Line 2 counts only after a comment or a blank line; line 3 never.
        assert_eq!(declared_encoding("x = 1\n# coding: utf-7\n"), None);
        assert_eq!(declared_encoding("#\n#\n# coding: utf-7\n"), None);
        assert_eq!(declared_encoding("x = '# coding: utf-7'\n"), None);
        assert_eq!(declared_encoding("# coding utf-7\n"), None);
        assert_eq!(declared_encoding(""), None);
    }

    #[test]
    fn hiding_codecs_by_any_spelling() {
        for name in ["utf-7", "UTF7", "u7", "unicode-1-1-utf-7", "utf_7"] {
            assert_eq!(hiding_codec(name), Some(HidingCodec::Utf7), "{name}");
        }
        assert_eq!(
            hiding_codec("Unicode-Escape"),
            Some(HidingCodec::UnicodeEscape)
        );
        assert_eq!(
            hiding_codec("raw_unicode_escape"),
            Some(HidingCodec::RawUnicodeEscape)
        );
        for name in ["utf-8", "latin-1", "cp1252", "utf-16", "ascii"] {
            assert_eq!(hiding_codec(name), None, "{name}");
        }
    }

    #[test]
    fn utf7_sources_decode_as_cpython_runs_them() {
        // Checked against CPython 3.11: `python3 -c "print(open(f, encoding='utf-7').read())"`.
        let src = "# coding: utf-7\n+AGk-mport os\nos.system(+ACI-id+ACI-) +- 1\n";
        assert_eq!(
            as_interpreted(src),
            "# coding: utf-7\nimport os\nos.system(\"id\") + 1\n"
        );
        // A whole line in one run, surrogate pairs, a run ended by another character.
        assert_eq!(decode_utf7("+AGkAbQBwAG8AcgB0-"), "import");
        assert_eq!(decode_utf7("+2D3eAA-"), "\u{1f600}");
        assert_eq!(decode_utf7("+AGk mport"), "i mport");
        // A lone surrogate and a truncated run are replaced, never a panic.
        assert_eq!(decode_utf7("+2D0-"), "\u{fffd}");
        assert_eq!(decode_utf7("+A"), "");
    }

    #[test]
    fn escape_sources_decode_as_cpython_runs_them() {
        let src = "# coding: unicode_escape\n\\x69mport os; os.system('\\151\\144')\\n\n";
        assert_eq!(
            as_interpreted(src),
            "# coding: unicode_escape\nimport os; os.system('id')\n\n"
        );
        let raw = "# coding: raw_unicode_escape\n\\u0069mport os\\n\n";
        assert_eq!(
            as_interpreted(raw),
            "# coding: raw_unicode_escape\nimport os\\n\n"
        );
        assert_eq!(
            decode_escapes("\\U0001F600 \\N{DASH} \\q \\", false),
            "\u{1f600} \\N{DASH} \\q \\"
        );
        assert_eq!(decode_escapes("\\x6", false), "\u{fffd}");
        assert_eq!(decode_escapes("\\UFFFFFFFF", false), "\u{fffd}");
    }

    #[test]
    fn other_sources_are_not_copied() {
        for src in [
            "print(1)\n",
            "# -*- coding: latin-1 -*-\nprint('caf\u{fffd}')\n",
            "",
        ] {
            assert!(matches!(as_interpreted(src), Cow::Borrowed(_)), "{src}");
        }
    }

    #[test]
    fn decoding_never_grows_the_text_and_never_panics() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let alphabet: Vec<char> = "+-\\xuU0123456789abcdefAGk/\n\u{e9}\u{1f600}"
            .chars()
            .collect();
        for len in 0..400 {
            let text: String = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    alphabet[(state % alphabet.len() as u64) as usize]
                })
                .collect();
            for decoded in [
                decode_utf7(&text),
                decode_escapes(&text, false),
                decode_escapes(&text, true),
            ] {
                assert!(decoded.chars().count() <= text.chars().count(), "{text:?}");
            }
        }
    }
}
