//! A tolerant Python tokenizer shared by training and scoring.
//!
//! It never fails: unknown bytes become [`Kind::Op`] tokens, an unterminated string runs to the
//! end of its line (or of the input, for triple quotes), and Python 2 or broken code is
//! tokenized as far as it goes. Only what the features need is kept: names (dotted chains
//! joined, `os.path.join`), string literals with their escapes decoded, numbers and operators.
//! Comments are counted, not kept.

use std::borrow::Cow;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier or keyword, or a dotted chain of them (`os.path.join`).
    Name,
    /// A string literal; [`Token::text`] is its decoded value.
    Str,
    /// A numeric literal.
    Number,
    /// An operator or punctuation (one or two characters).
    Op,
}

/// One token, borrowing from the source where it can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The kind.
    pub kind: Kind,
    /// The name, the string's decoded value, the number or the operator.
    pub text: Cow<'a, str>,
    /// Byte offset of the token's first character in the source.
    pub offset: usize,
    /// For strings: the prefix had `b`, the literal is bytes.
    pub bytes: bool,
    /// For strings: `\xNN`, `\NNN` or `\uNNNN` escapes seen in the literal.
    pub escapes: u32,
}

/// Counts gathered while tokenizing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// Lines in the source.
    pub lines: u32,
    /// Lines that hold only a comment.
    pub comment_lines: u32,
    /// The longest line, in bytes.
    pub max_line: u32,
    /// Statements separated by `;` on one line.
    pub semicolons: u32,
}

/// The longest string literal kept whole; longer ones keep their first part (their length
/// still counts through [`Token::offset`] spans in the features).
pub const MAX_STRING: usize = 1 << 20;

/// Tokenizes `src`.
pub fn tokenize(src: &str) -> (Vec<Token<'_>>, Shape) {
    let b = src.as_bytes();
    let mut out: Vec<Token> = Vec::with_capacity(b.len() / 4);
    let mut shape = Shape::default();
    let mut i = 0;
    let mut line_start = 0;
    let mut line_has_code = false;
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                end_line(&mut shape, i - line_start, line_has_code);
                i += 1;
                line_start = i;
                line_has_code = false;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' | b'\\' => i += 1,
            b'#' => {
                if !line_has_code {
                    shape.comment_lines += 1;
                }
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' | b'\'' => {
                line_has_code = true;
                let (tok, next, newlines) = string(src, i, i);
                shape.lines += newlines;
                out.push(tok);
                i = next;
            }
            b'0'..=b'9' => {
                line_has_code = true;
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'.')
                {
                    i += 1;
                }
                out.push(simple(Kind::Number, &src[start..i], start));
            }
            b'.' if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                line_has_code = true;
                let start = i;
                i += 1;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                out.push(simple(Kind::Number, &src[start..i], start));
            }
            _ if is_name_start(c) => {
                line_has_code = true;
                let start = i;
                while i < b.len() && is_name_continue(b[i]) {
                    i += 1;
                }
                // A string prefix: r, b, u, f and their pairs, directly before a quote.
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') && i - start <= 2 {
                    let prefix = src[start..i].to_ascii_lowercase();
                    if prefix.chars().all(|p| matches!(p, 'r' | 'b' | 'u' | 'f')) {
                        let (tok, next, newlines) = string(src, start, i);
                        shape.lines += newlines;
                        out.push(tok);
                        i = next;
                        continue;
                    }
                }
                let name = &src[start..i];
                // Join `a.b.c` (possibly with spaces around the dots) into one name.
                if let Some(prev) = out.last_mut() {
                    if prev.kind == Kind::Op && prev.text == "." {
                        let dot = out.pop().map(|t| t.offset).unwrap_or(start);
                        if let Some(base) = out.last_mut() {
                            if base.kind == Kind::Name && base.text.len() < 256 {
                                let contiguous = matches!(base.text, Cow::Borrowed(_))
                                    && base.offset + base.text.len() + 1 == start;
                                if contiguous {
                                    base.text = Cow::Borrowed(&src[base.offset..i]);
                                } else {
                                    let t = base.text.to_mut();
                                    t.push('.');
                                    t.push_str(name);
                                }
                                continue;
                            }
                        }
                        out.push(simple(Kind::Op, &src[dot..dot + 1], dot));
                    }
                }
                out.push(simple(Kind::Name, name, start));
            }
            _ => {
                line_has_code = true;
                if c == b';' {
                    shape.semicolons += 1;
                }
                let start = i;
                let two = b.get(i..i + 2);
                let len = match two {
                    Some(
                        b"==" | b"!=" | b"<=" | b">=" | b"**" | b"//" | b"->" | b"+=" | b"-="
                        | b"*=" | b"/=" | b"|=" | b"&=" | b"<<" | b">>" | b":=" | b"<>",
                    ) => 2,
                    _ => char_len(c),
                };
                let end = (i + len).min(b.len());
                // Keep to a char boundary.
                let end = (end..=b.len())
                    .find(|&e| src.is_char_boundary(e))
                    .unwrap_or(b.len());
                out.push(simple(Kind::Op, &src[start..end], start));
                i = end;
            }
        }
    }
    end_line(&mut shape, b.len() - line_start, line_has_code);
    (out, shape)
}

fn end_line(shape: &mut Shape, len: usize, _code: bool) {
    shape.lines += 1;
    shape.max_line = shape.max_line.max(u32::try_from(len).unwrap_or(u32::MAX));
}

fn simple(kind: Kind, text: &str, offset: usize) -> Token<'_> {
    Token {
        kind,
        text: Cow::Borrowed(text),
        offset,
        bytes: false,
        escapes: 0,
    }
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_name_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80
}

fn char_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Reads the string literal whose prefix starts at `start` and whose quote is at `quote`.
/// Returns the token, the offset after it, and the newlines it spans.
fn string(src: &str, start: usize, quote: usize) -> (Token<'_>, usize, u32) {
    let b = src.as_bytes();
    let prefix = src[start..quote].to_ascii_lowercase();
    let raw = prefix.contains('r');
    let q = b[quote];
    let triple = b.get(quote..quote + 3) == Some(&[q, q, q][..]);
    let body = quote + if triple { 3 } else { 1 };
    // Fast path: no backslash before the end of the literal, so its value is a slice of the
    // source (borrowed, no copy).
    let mut j = body;
    let mut nl = 0u32;
    let plain = loop {
        let Some(&c) = b.get(j) else {
            break Some((b.len(), b.len()));
        };
        if c == b'\\' {
            break None;
        }
        if c == q && (!triple || b.get(j..j + 3) == Some(&[q, q, q][..])) {
            break Some((j, j + if triple { 3 } else { 1 }));
        }
        if c == b'\n' {
            if !triple {
                break Some((j, j));
            }
            nl += 1;
        }
        j += 1;
    };
    if let Some((end, next)) = plain {
        if end - body <= MAX_STRING {
            let tok = Token {
                kind: Kind::Str,
                text: Cow::Borrowed(&src[body..end]),
                offset: start,
                bytes: prefix.contains('b'),
                escapes: 0,
            };
            return (tok, next, nl);
        }
    }
    let mut i = body;
    let mut value = String::new();
    let mut escapes = 0u32;
    let mut newlines = 0u32;
    let mut seg = i;
    let flush = |value: &mut String, from: usize, to: usize| {
        if value.len() < MAX_STRING {
            let room = MAX_STRING - value.len();
            let piece = &src[from..to];
            if piece.len() <= room {
                value.push_str(piece);
            } else {
                let cut = (0..=room)
                    .rev()
                    .find(|&k| piece.is_char_boundary(k))
                    .unwrap_or(0);
                value.push_str(&piece[..cut]);
            }
        }
    };
    loop {
        if i >= b.len() {
            flush(&mut value, seg, b.len());
            break;
        }
        let c = b[i];
        if c == q && (!triple || b.get(i..i + 3) == Some(&[q, q, q][..])) {
            flush(&mut value, seg, i);
            i += if triple { 3 } else { 1 };
            break;
        }
        if c == b'\n' {
            if !triple {
                // Unterminated: the literal ends with the line.
                flush(&mut value, seg, i);
                break;
            }
            newlines += 1;
            i += 1;
            continue;
        }
        if c == b'\\' && i + 1 < b.len() {
            flush(&mut value, seg, i);
            let e = b[i + 1];
            if raw {
                // Raw strings keep the backslash; an escaped quote does not end them.
                value.push('\\');
                i += 1;
                seg = i;
                if e == q || e == b'\\' {
                    i += 1;
                }
                continue;
            }
            let (decoded, used) = escape(&b[i + 1..]);
            if used > 1 || matches!(e, b'0'..=b'7') {
                escapes += 1;
            }
            if let Some(ch) = decoded {
                if value.len() < MAX_STRING {
                    value.push(ch);
                }
            }
            if e == b'\n' {
                newlines += 1;
            }
            i += 1 + used;
            while i < b.len() && !src.is_char_boundary(i) {
                i += 1;
            }
            seg = i;
            continue;
        }
        i += 1;
    }
    let text = Cow::Owned(value);
    let tok = Token {
        kind: Kind::Str,
        text,
        offset: start,
        bytes: prefix.contains('b'),
        escapes,
    };
    (tok, i.min(b.len()), newlines)
}

/// Decodes the escape after a backslash: the character (if any) and the bytes used.
fn escape(rest: &[u8]) -> (Option<char>, usize) {
    let hex = |s: &[u8]| -> Option<u32> {
        std::str::from_utf8(s)
            .ok()
            .and_then(|t| u32::from_str_radix(t, 16).ok())
    };
    match rest.first().copied() {
        Some(b'n') => (Some('\n'), 1),
        Some(b't') => (Some('\t'), 1),
        Some(b'r') => (Some('\r'), 1),
        Some(b'0'..=b'7') => {
            let n = rest
                .iter()
                .take(3)
                .take_while(|c| matches!(c, b'0'..=b'7'))
                .count();
            let v = std::str::from_utf8(&rest[..n])
                .ok()
                .and_then(|t| u32::from_str_radix(t, 8).ok())
                .and_then(char::from_u32);
            (v, n)
        }
        Some(b'x') if rest.len() >= 3 => match hex(&rest[1..3]) {
            Some(v) => (char::from_u32(v), 3),
            None => (Some('x'), 1),
        },
        Some(b'u') if rest.len() >= 5 => match hex(&rest[1..5]) {
            Some(v) => (char::from_u32(v), 5),
            None => (Some('u'), 1),
        },
        Some(b'U') if rest.len() >= 9 => match hex(&rest[1..9]) {
            Some(v) => (char::from_u32(v), 9),
            None => (Some('U'), 1),
        },
        Some(b'\n') => (None, 1),
        Some(c) if c.is_ascii() => (Some(c as char), 1),
        // A backslash before a multi-byte character: keep the backslash, let the caller
        // copy the character.
        Some(_) => (Some('\\'), 0),
        None => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    fn texts(src: &str) -> Vec<(Kind, String)> {
        tokenize(src)
            .0
            .into_iter()
            .map(|t| (t.kind, t.text.into_owned()))
            .collect()
    }

    #[test]
    fn joins_dotted_names_and_decodes_strings() {
        let t = texts("import os; os.dup2 (s.fileno(), 0)\nexec(b'\\x70\\x72int')");
        assert!(t.contains(&(Kind::Name, "os.dup2".into())));
        assert!(t.contains(&(Kind::Name, "s.fileno".into())));
        assert!(t.contains(&(Kind::Str, "print".into())));
        let (toks, shape) = tokenize("x = '\\x41\\x42'\n# c\n");
        assert_eq!(toks[2].escapes, 2);
        assert_eq!(shape.comment_lines, 1);
        assert_eq!(shape.semicolons, 0);
    }

    #[test]
    fn prefixes_triple_quotes_and_raw() {
        let t = texts("a = rb'\\d+' + f\"{x}\" + '''one\ntwo''' + u'\\u00e9'");
        assert!(t.contains(&(Kind::Str, "\\d+".into())));
        assert!(t.contains(&(Kind::Str, "{x}".into())));
        assert!(t.contains(&(Kind::Str, "one\ntwo".into())));
        assert!(t.contains(&(Kind::Str, "é".into())));
    }

    #[test]
    fn broken_and_python2_code_tokenizes() {
        for src in [
            "print 'hi'\nexec 'x'",
            "x = '''never closed",
            "y = 'no end\nz = 1",
            "`backticks` <> 0777L",
            "\\",
            "'\\",
            "b'\\x4'",
            "é = 'ü'; ∑ = \"\\é\"",
            "\u{0}\u{7f}\u{ffff}",
        ] {
            let _ = tokenize(src);
        }
        let t = texts("y = 'no end\nz = 1");
        assert!(t.contains(&(Kind::Name, "z".into())));
    }
}
