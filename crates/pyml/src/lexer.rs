//! A tolerant Python tokenizer shared by training and scoring.
//!
//! It never fails: unknown bytes become [`Kind::Op`] tokens, an unterminated string runs to the
//! end of its line (or of the input, for triple quotes), and Python 2 or broken code is
//! tokenized as far as it goes. Only what the features need is kept: names (dotted chains
//! joined, `os.path.join`), string literals with their escapes decoded, numbers and operators.
//! Comments are counted, not kept.

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

/// One token. Its text is a slice of the source, or (for decoded strings and names joined
/// across spaces) of the [`Arena`] it was tokenized with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    /// The kind.
    pub kind: Kind,
    /// The name, the string's decoded value, the number or the operator.
    pub text: &'a str,
    /// Byte offset of the token's first character in the source (`u32::MAX` past 4 GiB, far
    /// beyond what is scored at once).
    pub offset: u32,
    /// The newlines before the token's first character (its line, counted from 0).
    pub line: u32,
    /// For strings: the prefix had `b`, the literal is bytes.
    pub bytes: bool,
    /// For strings: `\xNN`, `\NNN` or `\uNNNN` escapes seen in the literal.
    pub escapes: u32,
    /// For names: the length of the first segment (`os` of `os.path.join`). Other tokens,
    /// and names whose first segment is too long for it, have [`UNKNOWN_SEGMENT`].
    head: u8,
    /// For names: where the last segment starts (`join` of `os.path.join`). Other tokens,
    /// and names whose last segment starts too far in for it, have [`UNKNOWN_SEGMENT`].
    tail: u8,
}

// Two tokens to a cache line: the walk visits tokens far apart, and each visit's first read
// of a token is a wait on memory.
const _: () = assert!(std::mem::size_of::<Token>() <= 32);

/// A segment bound too large for the [`Token`]'s `u8` fields: found by a search instead.
const UNKNOWN_SEGMENT: u8 = u8::MAX;

/// `n` as a segment bound, [`UNKNOWN_SEGMENT`] when it does not fit.
fn segment_bound(n: usize) -> u8 {
    u8::try_from(n).unwrap_or(UNKNOWN_SEGMENT)
}

/// `n` as a [`Token::offset`].
fn offset_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Token<'a> {
    /// The text's first dot-separated segment: `os` of `os.path.join` (the whole text when it
    /// has no dot). Kept by the lexer for names; searched for in other tokens.
    pub fn head(&self) -> &'a str {
        let text: &'a str = self.text;
        match text.get(..usize::from(self.head)) {
            Some(h) if self.head != UNKNOWN_SEGMENT => h,
            _ => first_segment(text),
        }
    }

    /// The text's last dot-separated segment: `join` of `os.path.join` (the whole text when
    /// it has no dot). Kept by the lexer for names; searched for in other tokens.
    pub fn tail(&self) -> &'a str {
        let text: &'a str = self.text;
        match text.get(usize::from(self.tail)..) {
            Some(t) if self.tail != UNKNOWN_SEGMENT => t,
            _ => last_segment(text),
        }
    }
}

/// `name`'s first dot-separated segment: `os` of `os.path.join` (all of it without a dot).
pub fn first_segment(name: &str) -> &str {
    match name.bytes().position(|c| c == b'.') {
        Some(dot) => &name[..dot],
        None => name,
    }
}

/// `name`'s last dot-separated segment: `join` of `os.path.join` (all of it without a dot).
pub fn last_segment(name: &str) -> &str {
    match name.bytes().rposition(|c| c == b'.') {
        Some(dot) => &name[dot + 1..],
        None => name,
    }
}

/// Holds the text of tokens that are not slices of the source (decoded string literals,
/// names joined across spaces). [`tokenize`] fills it; the tokens borrow it.
pub type Arena = String;

/// Whose reading of f-strings to follow where CPython's releases differ. They differ in one
/// place: a format spec's `{{` after a field of the spec's own (`f"{x:{w}{{}"`) opens a field
/// in 3.12 (which then fails to compile) and is a brace of text in 3.13 and later. Code
/// valid in one can be hidden from a reading that follows the other, so a source that has such
/// a place is scored both ways ([`Shape::readings_differ`]; `Model::score`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Grammar {
    /// CPython 3.12 (PEP 701), the reading trained on.
    #[default]
    Python312,
    /// CPython 3.13 and later.
    Python313,
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
    /// The source has a place that [`Grammar`]s read differently.
    pub readings_differ: bool,
}

/// The longest string literal kept whole; longer ones keep their first part (their length
/// still counts through [`Token::offset`] spans in the features).
pub const MAX_STRING: usize = 1 << 20;

/// Byte classes of the main loop.
const WS: u8 = 0;
const NL: u8 = 1;
const HASH: u8 = 2;
const QUOTE: u8 = 3;
const DIGIT: u8 = 4;
const DOT: u8 = 5;
const NAME: u8 = 6;
const OTHER: u8 = 7;

const fn classes() -> [u8; 256] {
    let mut t = [OTHER; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = match c as u8 {
            b'\n' => NL,
            b' ' | b'\t' | b'\r' | b'\x0c' | b'\\' => WS,
            b'#' => HASH,
            b'"' | b'\'' => QUOTE,
            b'0'..=b'9' => DIGIT,
            b'.' => DOT,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xff => NAME,
            _ => OTHER,
        };
        c += 1;
    }
    t
}

const fn continues(number: bool) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(c as u8, b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_')
            || (!number && c >= 0x80)
            || (number && c == b'.' as usize);
        c += 1;
    }
    t
}

/// The table of `bytes`: `true` at each of them.
const fn byte_table(bytes: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        t[bytes[k] as usize] = true;
        k += 1;
    }
    t
}

static CLASS: [u8; 256] = classes();
/// First bytes of the two-byte operators.
static TWO_START: [bool; 256] = byte_table(b"=!<>*/-+|&:");
/// Bytes that continue a name (`is_name_continue`).
static NAME_CONT: [bool; 256] = continues(false);
/// Bytes that continue a number starting with a digit.
static NUMBER_CONT: [bool; 256] = continues(true);

/// A token whose text lives in the arena, patched in once tokenizing is done.
struct Fixup {
    token: usize,
    start: usize,
    end: usize,
}

/// What is told each token as soon as it is final, in order, by [`tokenize_into`]: one
/// method per kind, called from where the lexer already knows the kind, so that work on each
/// token needs no branch on its kind of its own. A name is final once the token after it is
/// not a `.` it may be joined across (`os` . `path`), so it is told when the next token is
/// read; other tokens as they are read. The text given is the token's value (decoded strings
/// and names joined across spaces included).
pub trait Sink {
    /// The name at `index`.
    fn name(&mut self, index: usize, t: &Token<'_>);
    /// The string literal at `index`.
    fn string(&mut self, index: usize, t: &Token<'_>);
    /// The operator at `index`.
    fn op(&mut self, index: usize, t: &Token<'_>);
    /// The number at `index` (told nothing by default).
    fn number(&mut self, index: usize, t: &Token<'_>) {
        let _ = (index, t);
    }
}

/// A [`Sink`] told nothing.
impl Sink for () {
    fn name(&mut self, _: usize, _: &Token<'_>) {}
    fn string(&mut self, _: usize, _: &Token<'_>) {}
    fn op(&mut self, _: usize, _: &Token<'_>) {}
}

/// Tokenizes `src`; text that is not a slice of `src` goes to `arena` (cleared first).
pub fn tokenize<'a>(src: &'a str, arena: &'a mut Arena) -> (Vec<Token<'a>>, Shape) {
    tokenize_into(src, arena, &mut ())
}

/// [`tokenize`], telling `sink` each token once it is final.
pub fn tokenize_into<'a, S: Sink>(
    src: &'a str,
    arena: &'a mut Arena,
    sink: &mut S,
) -> (Vec<Token<'a>>, Shape) {
    tokenize_as(src, arena, sink, Grammar::default())
}

/// [`tokenize_into`], reading f-strings as `grammar` does.
pub fn tokenize_as<'a, S: Sink>(
    src: &'a str,
    arena: &'a mut Arena,
    sink: &mut S,
    grammar: Grammar,
) -> (Vec<Token<'a>>, Shape) {
    arena.clear();
    let b = src.as_bytes();
    let mut lx = Lexer::new(src, arena, sink, b.len() / 5);
    lx.grammar = grammar;
    let mut i = bom_len(b);
    let mut line_start = 0;
    let mut line_has_code = false;
    while i < b.len() {
        let c = b[i];
        match CLASS[c as usize] {
            NL => {
                end_line(&mut lx.shape, i - line_start);
                i += 1;
                line_start = i;
                line_has_code = false;
                i = skip_spaces(b, i);
            }
            WS => i = skip_spaces(b, i + 1),
            HASH => {
                if !line_has_code {
                    lx.shape.comment_lines += 1;
                }
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
            }
            QUOTE => {
                line_has_code = true;
                i = lx.string(i, i);
            }
            DIGIT => {
                line_has_code = true;
                let start = i;
                i = number_end(b, i);
                lx.number(start, i);
            }
            DOT if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                line_has_code = true;
                let start = i;
                i = fraction_end(b, i);
                lx.number(start, i);
            }
            NAME => {
                line_has_code = true;
                let start = i;
                i = name_end(b, i + 1);
                if is_string_prefix(b, start, i) {
                    i = lx.string(start, i);
                    continue;
                }
                lx.name(start, i);
            }
            _ => {
                // Operators: ASCII only (every byte from 0x80 starts a name).
                line_has_code = true;
                if c == b';' {
                    lx.shape.semicolons += 1;
                }
                let end = op_end(b, i);
                lx.op(i, end, c);
                i = end;
            }
        }
    }
    end_line(&mut lx.shape, b.len() - line_start);
    lx.flush();
    let Lexer {
        mut out,
        arena,
        fixups,
        shape,
        ..
    } = lx;
    let arena: &'a Arena = arena;
    for f in fixups {
        out[f.token].text = &arena[f.start..f.end];
    }
    (out, shape)
}

/// The end of the number that starts with a digit at `i`.
#[inline(always)]
fn number_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() && NUMBER_CONT[b[i] as usize] {
        i += 1;
    }
    i
}

/// The end of the number that starts with `.` and a digit at `i` (`.5`).
#[inline(always)]
fn fraction_end(b: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
        i += 1;
    }
    i
}

/// The length of a UTF-8 byte order mark at the start of `b`, which CPython drops as it
/// decodes a file (0 without one). The lexer reads from after it: read as the first bytes of a
/// name, it made a string prefix right after it (`\u{feff}f"…"`) a name, and the string
/// plain.
fn bom_len(b: &[u8]) -> usize {
    if b.starts_with("\u{feff}".as_bytes()) {
        3
    } else {
        0
    }
}

/// Whether the name `b[start..end]` is a string prefix: r, b, u, f, t and their pairs,
/// directly before a quote. (`t` is Python 3.14's template string, PEP 750: a name directly
/// before a string is a syntax error before 3.14, so reading it as a prefix changes the
/// reading of no code that ran before.)
#[inline(always)]
fn is_string_prefix(b: &[u8], start: usize, end: usize) -> bool {
    end < b.len()
        && (b[end] == b'"' || b[end] == b'\'')
        && end - start <= 2
        && b[start..end].iter().all(|p| {
            matches!(
                p,
                b'r' | b'b' | b'u' | b'f' | b't' | b'R' | b'B' | b'U' | b'F' | b'T'
            )
        })
}

/// Whether a string with `prefix` has replacement fields: an f-string, or a template string
/// (`t"…"`, Python 3.14), whose fields are read alike.
fn has_fields(prefix: &[u8]) -> bool {
    prefix.iter().any(|&p| matches!(p | 0x20, b'f' | b't'))
        && !prefix.iter().any(|&p| p | 0x20 == b'b')
}

/// The end of the operator at `i`: one byte, or two for the two-byte operators.
#[inline(always)]
fn op_end(b: &[u8], i: usize) -> usize {
    let c = b[i];
    let two = TWO_START[c as usize]
        && b.get(i + 1).is_some_and(|&d| {
            matches!(
                [c, d],
                [b'=', b'=']
                    | [b'!', b'=']
                    | [b'<', b'=']
                    | [b'>', b'=']
                    | [b'*', b'*']
                    | [b'/', b'/']
                    | [b'-', b'>']
                    | [b'+', b'=']
                    | [b'-', b'=']
                    | [b'*', b'=']
                    | [b'/', b'=']
                    | [b'|', b'=']
                    | [b'&', b'=']
                    | [b'<', b'<']
                    | [b'>', b'>']
                    | [b':', b'=']
                    | [b'<', b'>']
            )
        });
    i + if two { 2 } else { 1 }
}

/// Where a reading of `src` from its start, as [`tokenize`] reads it, stands outside any
/// string literal, at or after each of `from` (ascending): the first line start it reaches
/// outside a string, and the first place between tokens (the spaces or comment before a
/// token included). [`tokenize`] of `src` from such a place reads the same string literals,
/// numbers and operators as the reading from the start does past it (names may differ only
/// in a dotted name joined across it). A long script's windows start at these places, so that
/// none reads a multi-line string's text as code and its code as a string. A place where a
/// U+FEFF stands, past the text's start, is not one: a reading from there skips it as a byte
/// order mark (CPython refuses the character in code there).
///
/// Only quotes and `#` change whether the reading is inside a string or a comment, so the
/// pass jumps from one to the next: a string literal is read by the same code as in
/// [`tokenize`] (its prefix found by `string_start`), a comment runs to its line's end, and
/// the reading's steps between tokens are retraced only around the places asked for
/// (`position_at`). The tests hold it to a reading that steps through every token.
pub fn resume_points(src: &str, from: &[usize]) -> Vec<shrike_core::event::ResumePoint> {
    let b = src.as_bytes();
    let n = from.len();
    let mut points = vec![shrike_core::event::ResumePoint::default(); n];
    // The next place asked for whose line start, and whose place between tokens, is not found.
    let (mut line_of, mut token_of) = (0, 0);
    let (mut arena, mut sink) = (Arena::new(), ());
    let mut lx = Lexer::new(src, &mut arena, &mut sink, 0);
    while line_of < n && from[line_of] == 0 {
        points[line_of].line = Some(0);
        line_of += 1;
    }
    // Where the reading stands, outside any string or comment.
    let mut i = bom_len(b);
    // The text's start is before the byte order mark the reading skips.
    while i > 0 && token_of < n && from[token_of] == 0 {
        points[token_of].token = Some(0);
        token_of += 1;
    }
    while i < b.len() && (token_of < n || line_of < n) {
        // The next string or comment, and where its token starts (a string's prefix).
        let q = memchr::memchr3(b'"', b'\'', b'#', &b[i..]).map_or(b.len(), |k| i + k);
        let start = if q < b.len() && b[q] != b'#' {
            string_start(b, i, q)
        } else {
            q
        };
        // Places asked for up to it: the reading steps between tokens there.
        while token_of < n && from[token_of] <= start {
            points[token_of].token = position_at(b, i, from[token_of]);
            token_of += 1;
        }
        // Line starts up to it are outside strings.
        while line_of < n {
            let f = from[line_of];
            let near = i.max(f.saturating_sub(1));
            let Some(k) = b.get(near..start).and_then(|s| memchr::memchr(b'\n', s)) else {
                break;
            };
            points[line_of].line = Some(near + k + 1);
            line_of += 1;
        }
        i = if q == b.len() {
            q
        } else if b[q] == b'#' {
            memchr::memchr(b'\n', &b[q..]).map_or(b.len(), |k| q + k)
        } else {
            lx.skip_string(start, q)
        };
    }
    // Places asked for that the reading did not reach before the text's end stay `None`:
    // a string literal, a comment or spaces run from before them to the end.
    drop_byte_order_marks(b, &mut points);
    points
}

/// Drops the places found where a U+FEFF stands past the text's start: a reading from there
/// skips it as a byte order mark, where the reading of the whole text reads it as part of a
/// name, and a string prefix after it differently. (In code, outside strings and comments,
/// CPython refuses the character there: no code that runs is read otherwise.)
fn drop_byte_order_marks(b: &[u8], points: &mut [shrike_core::event::ResumePoint]) {
    for p in points {
        for place in [&mut p.line, &mut p.token] {
            if place.is_some_and(|at| at > 0 && bom_len(&b[at..]) > 0) {
                *place = None;
            }
        }
    }
}

/// Where the string literal whose token starts at `start` (its prefix, as [`Token::offset`]
/// gives it) ends, as [`tokenize`] reads it: the fields of an f-string are inside it, though
/// their tokens are read as code. `start` past the text's end, or at no string, gives `start`.
pub fn string_end(src: &str, start: usize) -> usize {
    let b = src.as_bytes();
    let Some(quote) = b
        .get(start..)
        .and_then(|rest| rest.iter().take(3).position(|&c| c == b'"' || c == b'\''))
    else {
        return start;
    };
    let (mut arena, mut sink) = (Arena::new(), ());
    Lexer::new(src, &mut arena, &mut sink, 0).skip_string(start, start + quote)
}

/// Where the string literal whose quote is at `q` starts: at its prefix (`rb'…'`) when the
/// quote follows one, else at the quote. `i` is where the reading stands before it, with no
/// quote or `#` in between.
fn string_start(b: &[u8], i: usize, q: usize) -> usize {
    let mut s = q;
    while s > i && q - s < 3 && NAME_CONT[b[s - 1] as usize] {
        s -= 1;
    }
    if s == q || !is_string_prefix(b, s, q) || s > i && NAME_CONT[b[s - 1] as usize] {
        return q;
    }
    // After a `.`, a number may have run on into the letters (`1.rb''`); the reading's
    // steps say whether a token starts at `s`.
    if s > i && b[s - 1] == b'.' && position_at(b, i, s) != Some(s) {
        return q;
    }
    s
}

/// The first place at or after `f` where the reading stands, stepping between tokens from
/// `i`, where it stands, outside strings and comments up to `f` and past it to the next
/// token's start (`None` past the text's end, as the reading stops there).
fn position_at(b: &[u8], i: usize, f: usize) -> Option<usize> {
    // From the last line's start before `f` (the reading stands there), or from `i`.
    let (mut p, line) = match memchr::memrchr(b'\n', b.get(i..f).unwrap_or_default()) {
        Some(k) => (i + k + 1, true),
        None => (i, false),
    };
    if p >= f {
        return (p < b.len() || line).then_some(p);
    }
    if line {
        p = skip_spaces(b, p);
    }
    while p < f && p < b.len() {
        p = match CLASS[b[p] as usize] {
            WS => skip_spaces(b, p + 1),
            DIGIT => number_end(b, p),
            DOT if b.get(p + 1).is_some_and(u8::is_ascii_digit) => fraction_end(b, p),
            NAME => name_end(b, p + 1),
            // Operators; no newline, quote or `#` lies before `f` by the callers' choice of
            // `i` and `f`, and one byte is stepped if one did.
            _ => op_end(b, p),
        };
    }
    (p < b.len()).then_some(p)
}

struct Lexer<'a, 'r, 's, S> {
    src: &'a str,
    out: Vec<Token<'a>>,
    arena: &'r mut Arena,
    fixups: Vec<Fixup>,
    shape: Shape,
    sink: &'s mut S,
    /// The last name, not yet told to the sink: the next token may join onto it (a `.` after
    /// it, which is then not told either, and a name after that).
    pending: Option<usize>,
    /// What [`Lexer::fstring`] keeps while it reads, kept for the next f-string.
    fscratch: FScratch,
    /// Whose reading of f-strings to follow.
    grammar: Grammar,
}

fn end_line(shape: &mut Shape, len: usize) {
    shape.lines += 1;
    shape.max_line = shape.max_line.max(u32::try_from(len).unwrap_or(u32::MAX));
}

/// The token at `index` of `out` with its final text (from the arena when it is there).
fn told<'t>(out: &[Token<'t>], fixups: &[Fixup], arena: &'t Arena, index: usize) -> Token<'t> {
    let mut t = out[index];
    if let Some(f) = fixups.last().filter(|f| f.token == index) {
        t.text = &arena[f.start..f.end];
    }
    t
}

impl<'a, 'r, 's, S: Sink> Lexer<'a, 'r, 's, S> {
    /// A lexer over `src`, its decoded text in `arena`, telling `sink`, with room for
    /// `tokens` tokens.
    fn new(src: &'a str, arena: &'r mut Arena, sink: &'s mut S, tokens: usize) -> Self {
        Lexer {
            src,
            out: Vec::with_capacity(tokens),
            arena,
            fixups: Vec::new(),
            shape: Shape::default(),
            sink,
            pending: None,
            fscratch: FScratch::default(),
            grammar: Grammar::default(),
        }
    }

    /// Reads the string literal as [`Lexer::string`] does and drops its token: for readings
    /// that need only where strings end ([`resume_points`]). Returns the offset after it.
    fn skip_string(&mut self, start: usize, quote: usize) -> usize {
        let end = self.string(start, quote);
        self.out.clear();
        self.fixups.clear();
        self.arena.clear();
        end
    }

    /// Tells the sink the pending name (and the `.` after it, when there is one): the token
    /// about to be read cannot join onto it.
    #[inline(always)]
    fn flush(&mut self) {
        if let Some(p) = self.pending.take() {
            let t = told(&self.out, &self.fixups, self.arena, p);
            self.sink.name(p, &t);
            if let Some(dot) = self.out.get(p + 1).copied() {
                self.sink.op(p + 1, &dot);
            }
        }
    }

    /// The operator `src[start..end]`, whose first byte is `first`: a `.` directly after the
    /// pending name waits with it.
    #[inline(always)]
    fn op(&mut self, start: usize, end: usize, first: u8) {
        let after_name = self.pending.is_some_and(|p| p + 1 == self.out.len());
        debug_assert_eq!(
            self.src.as_bytes()[start],
            first,
            "the operator's first byte"
        );
        if first == b'.' && end - start == 1 && after_name {
            self.push(Kind::Op, start, end);
            return;
        }
        self.flush();
        self.push(Kind::Op, start, end);
        let at = self.out.len() - 1;
        let t = self.out[at];
        self.sink.op(at, &t);
    }

    /// The number `src[start..end]`: nothing joins onto it.
    #[inline(always)]
    fn number(&mut self, start: usize, end: usize) {
        self.flush();
        self.push(Kind::Number, start, end);
        let at = self.out.len() - 1;
        let t = self.out[at];
        self.sink.number(at, &t);
    }

    #[inline(always)]
    fn push(&mut self, kind: Kind, start: usize, end: usize) {
        self.out.push(Token {
            kind,
            text: &self.src[start..end],
            offset: offset_of(start),
            line: self.shape.lines,
            bytes: false,
            escapes: 0,
            // Only names keep their segment bounds; other tokens search when asked.
            head: if kind == Kind::Name {
                segment_bound(end - start)
            } else {
                UNKNOWN_SEGMENT
            },
            tail: if kind == Kind::Name {
                0
            } else {
                UNKNOWN_SEGMENT
            },
        });
    }

    /// The fixup of the last token, when its text is in the arena.
    fn last_fixup(&self) -> Option<&Fixup> {
        self.fixups.last().filter(|f| f.token + 1 == self.out.len())
    }

    /// The name `src[start..end]`: joined onto `a.` before it (`a.b.c`, possibly with spaces
    /// around the dots), or a new token.
    fn name(&mut self, start: usize, end: usize) {
        // A name joins onto the name before only while that one is pending, with the `.` after
        // it waiting too ([`Lexer::op`]); nothing else is pushed while a name is pending. A
        // name already told stays as it was told: in an f-string's field cut short by `!`
        // before a `.` (`f"{a!.b}"`), or whose one-line format spec a line end cuts
        // (`f"{a:\n.b}"`), the `.` and the name after it are tokens of their own.
        let joins = self.pending.is_some_and(|p| p + 2 == self.out.len());
        debug_assert!(
            !joins
                || matches!(self.out.as_slice(), [.., base, dot]
                    if dot.kind == Kind::Op && dot.text == "." && base.kind == Kind::Name),
            "a pending name is followed by nothing but its dot"
        );
        if joins {
            if let [.., base, dot] = self.out.as_slice() {
                let name = &self.src[start..end];
                let (base, dot) = (*base, *dot);
                self.out.pop();
                let in_arena = self.last_fixup().map(|f| (f.start, f.end));
                let base_len = in_arena.map_or(base.text.len(), |(s, e)| e - s);
                if base_len < 256 {
                    // The joined name is `base.name`: its last segment starts after the dot.
                    if let Some(t) = self.out.last_mut() {
                        t.tail = segment_bound(base_len + 1);
                    }
                    if let Some((_, e)) = in_arena {
                        debug_assert_eq!(e, self.arena.len(), "a joined name ends the arena");
                        self.arena.push('.');
                        self.arena.push_str(name);
                        let len = self.arena.len();
                        if let Some(f) = self.fixups.last_mut() {
                            f.end = len;
                        }
                    } else if base.offset as usize + base.text.len() + 1 == start {
                        if let Some(t) = self.out.last_mut() {
                            t.text = &self.src[base.offset as usize..end];
                        }
                    } else {
                        let s = self.arena.len();
                        self.arena.push_str(base.text);
                        self.arena.push('.');
                        self.arena.push_str(name);
                        self.fixups.push(Fixup {
                            token: self.out.len() - 1,
                            start: s,
                            end: self.arena.len(),
                        });
                        if let Some(t) = self.out.last_mut() {
                            t.text = "";
                        }
                    }
                    return;
                }
                self.out.push(dot);
            }
        }
        self.flush();
        self.push(Kind::Name, start, end);
        self.pending = Some(self.out.len() - 1);
    }

    /// Reads the string literal whose prefix starts at `start` and whose quote is at `quote`,
    /// pushes its token and returns the offset after it.
    fn string(&mut self, start: usize, quote: usize) -> usize {
        self.flush();
        let src = self.src;
        let b = src.as_bytes();
        let prefix = &b[start..quote];
        let raw = prefix.iter().any(|&p| p | 0x20 == b'r');
        let bytes = prefix.iter().any(|&p| p | 0x20 == b'b');
        if has_fields(prefix) {
            return self.fstring_told(start, quote);
        }
        let q = b[quote];
        let line = self.shape.lines;
        let triple = b.get(quote..quote + 3) == Some(&[q, q, q][..]);
        let body = quote + if triple { 3 } else { 1 };
        // Fast path: no backslash before the end of the literal, so its value is a slice of
        // the source.
        let plain = if triple {
            let mut j = body;
            loop {
                match memchr::memchr2(q, b'\\', &b[j..]) {
                    None => break Some((b.len(), b.len())),
                    Some(k) => {
                        let p = j + k;
                        if b[p] == b'\\' {
                            break None;
                        }
                        if b.get(p..p + 3) == Some(&[q, q, q][..]) {
                            break Some((p, p + 3));
                        }
                        j = p + 1;
                    }
                }
            }
        } else {
            match memchr::memchr3(q, b'\\', b'\n', &b[body..]) {
                None => Some((b.len(), b.len())),
                Some(k) => {
                    let p = body + k;
                    match b[p] {
                        b'\\' => None,
                        b'\n' => Some((p, p)),
                        _ => Some((p, p + 1)),
                    }
                }
            }
        };
        if let Some((end, next)) = plain {
            if end - body <= MAX_STRING {
                if triple {
                    self.shape.lines += count_newlines(&b[body..end]);
                }
                self.out.push(Token {
                    kind: Kind::Str,
                    text: &src[body..end],
                    offset: offset_of(start),
                    line,
                    bytes,
                    escapes: 0,
                    head: UNKNOWN_SEGMENT,
                    tail: UNKNOWN_SEGMENT,
                });
                let at = self.out.len() - 1;
                let t = self.out[at];
                self.sink.string(at, &t);
                return next;
            }
        }
        let arena = &mut *self.arena;
        let base = arena.len();
        let mut i = body;
        let mut escapes = 0u32;
        let mut newlines = 0u32;
        let mut seg = i;
        let flush = |arena: &mut Arena, from: usize, to: usize| {
            let len = arena.len() - base;
            if len < MAX_STRING {
                let room = MAX_STRING - len;
                let piece = &src[from..to];
                if piece.len() <= room {
                    arena.push_str(piece);
                } else {
                    let cut = (0..=room)
                        .rev()
                        .find(|&k| piece.is_char_boundary(k))
                        .unwrap_or(0);
                    arena.push_str(&piece[..cut]);
                }
            }
        };
        loop {
            if i >= b.len() {
                flush(arena, seg, b.len());
                break;
            }
            let c = b[i];
            if c == q && (!triple || b.get(i..i + 3) == Some(&[q, q, q][..])) {
                flush(arena, seg, i);
                i += if triple { 3 } else { 1 };
                break;
            }
            if c == b'\n' {
                if !triple {
                    // Unterminated: the literal ends with the line.
                    flush(arena, seg, i);
                    break;
                }
                newlines += 1;
                i += 1;
                continue;
            }
            if c == b'\\' && i + 1 < b.len() {
                flush(arena, seg, i);
                let e = b[i + 1];
                if raw {
                    // Raw strings keep the backslash; an escaped quote does not end them, nor
                    // does an escaped line end, `\n` or `\r\n` (Python keeps both, and reads
                    // on).
                    arena.push('\\');
                    i += 1;
                    seg = i;
                    if e == q || e == b'\\' || e == b'\n' {
                        newlines += u32::from(e == b'\n');
                        i += 1;
                    } else if e == b'\r' && b.get(i + 1) == Some(&b'\n') {
                        newlines += 1;
                        i += 2;
                    }
                    continue;
                }
                let (decoded, used) = escape(&b[i + 1..]);
                // A continued line (`\\\r\n`) is no escape of a character.
                let continued = e == b'\n' || e == b'\r' && used == 2;
                if used > 1 && !continued || matches!(e, b'0'..=b'7') {
                    escapes += 1;
                }
                if let Some(ch) = decoded {
                    if arena.len() - base < MAX_STRING {
                        arena.push(ch);
                    }
                }
                if continued {
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
        self.shape.lines += newlines;
        self.fixups.push(Fixup {
            token: self.out.len(),
            start: base,
            end: arena.len(),
        });
        self.out.push(Token {
            kind: Kind::Str,
            text: "",
            offset: offset_of(start),
            line,
            bytes,
            escapes,
            head: UNKNOWN_SEGMENT,
            tail: UNKNOWN_SEGMENT,
        });
        let at = self.out.len() - 1;
        let t = told(&self.out, &self.fixups, self.arena, at);
        self.sink.string(at, &t);
        i.min(b.len())
    }

    /// Reads the f-string whose prefix starts at `start` and whose quote is at `quote` with
    /// [`Lexer::fstring`], then tells the sink its tokens in order: its string token first,
    /// then the code of its fields. The reading itself tells nothing (an f-string's text is
    /// final only at its end, after its fields' tokens), so it runs on a lexer with a quiet
    /// sink, which takes over this one's tokens, arena and counts for the while.
    fn fstring_told(&mut self, start: usize, quote: usize) -> usize {
        let (first, first_fixup) = (self.out.len(), self.fixups.len());
        let mut unit = ();
        let mut quiet = Lexer {
            src: self.src,
            out: std::mem::take(&mut self.out),
            arena: &mut *self.arena,
            fixups: std::mem::take(&mut self.fixups),
            shape: std::mem::take(&mut self.shape),
            sink: &mut unit,
            pending: None,
            fscratch: std::mem::take(&mut self.fscratch),
            grammar: self.grammar,
        };
        let end = quiet.fstring(start, quote);
        quiet.flush();
        (self.out, self.fixups, self.shape, self.fscratch) =
            (quiet.out, quiet.fixups, quiet.shape, quiet.fscratch);
        // An f-string's text goes to the arena when it ends, after its fields' texts: put the
        // fixups back in token order.
        if !self.fixups[first_fixup..].is_sorted_by_key(|f| f.token) {
            self.fixups[first_fixup..].sort_unstable_by_key(|f| f.token);
        }
        let mut fixups = self.fixups[first_fixup..].iter().peekable();
        for at in first..self.out.len() {
            let mut t: Token<'_> = self.out[at];
            if let Some(f) = fixups.next_if(|f| f.token == at) {
                t.text = &self.arena[f.start..f.end];
            }
            match t.kind {
                Kind::Name => self.sink.name(at, &t),
                Kind::Str => self.sink.string(at, &t),
                Kind::Op => self.sink.op(at, &t),
                Kind::Number => self.sink.number(at, &t),
            }
        }
        end
    }

    /// Reads an f-string as CPython 3.12 does (PEP 701), from its prefix at `start` and its
    /// quote at `quote`; returns the offset after it. Its literal text, escapes decoded, is one
    /// string token, with `{}` where each replacement field stands. The fields are code, read
    /// as code after that token, each between `{` and `}` operators: strings in them, the
    /// f-string's own quote included (`f"{"a" + x}"`), nested f-strings, comments and line
    /// ends. A field ends at its `}`, or at the `:` of a format spec, the `!` of a conversion
    /// or the `=` of `f"{x=}"` outside brackets; a format spec is text again, and may hold
    /// fields of its own (`f"{x:>{width}}"`). The spec, the conversion and the `=` are not
    /// kept.
    ///
    /// Code hidden in fields (`f"{__import__('os').system(cmd)}"`) is thus read as code. An
    /// f-string that CPython 3.11 reads (no own quote, backslash, comment or line end in a
    /// field) ends where 3.11 ends it too. Every byte is read once, nested f-strings included
    /// (they are kept on a stack, not read by recursion), and an f-string left open reads as
    /// far as the input goes: its fields' code stays code, and its text ends, as any string's
    /// does, at its line's end unless triple-quoted.
    fn fstring(&mut self, start: usize, quote: usize) -> usize {
        let src = self.src;
        let b = src.as_bytes();
        let mut fs = std::mem::take(&mut self.fscratch);
        let mut i = self.open_fstring(start, quote, &mut fs);
        while let Some(&part) = fs.parts.last() {
            if i >= b.len() {
                break;
            }
            let FPart::Field { depth } = part else {
                // Literal text or a format spec, of the innermost f-string.
                let spec = matches!(part, FPart::Spec { .. });
                // After a field of its own, a spec's `{{` is a brace of text from CPython 3.13
                // on, and a field holding a `{` in 3.12.
                let after_field = matches!(part, FPart::Spec { after_field: true });
                let FScratch {
                    strings,
                    parts,
                    text,
                    spec_text,
                } = &mut fs;
                let Some(f) = strings.last_mut() else {
                    break;
                };
                // A spec's text is read and dropped.
                let text = if spec {
                    spec_text.clear();
                    spec_text
                } else {
                    text
                };
                let run = b[i..]
                    .iter()
                    .position(|&c| FSTRING_STOP[c as usize])
                    .map_or(b.len(), |k| i + k);
                text.push_str(&src[i..run]);
                i = run;
                let Some(&c) = b.get(i) else {
                    break;
                };
                match c {
                    b'\n' if f.triple => {
                        text.push('\n');
                        self.shape.lines += 1;
                        i += 1;
                    }
                    // A line end in a one-line f-string's spec goes back to the field's code,
                    // as CPython's tokenizer reads it (compiling it fails).
                    b'\n' if spec => {
                        parts.pop();
                    }
                    // Unterminated: the f-string ends with the line.
                    b'\n' => self.close_fstring(&mut fs, i),
                    b'\\' => {
                        let lines;
                        (i, lines) = fstring_escape(src, i, f.quote, f.raw, text, &mut f.escapes);
                        self.shape.lines += lines;
                    }
                    b'{' if !spec && b.get(i + 1) == Some(&b'{') => {
                        text.push('{');
                        i += 2;
                    }
                    b'{' if after_field && b.get(i + 1) == Some(&b'{') && {
                        self.shape.readings_differ = true;
                        self.grammar == Grammar::Python313
                    } =>
                    {
                        i += 2;
                    }
                    b'{' => {
                        text.push_str(if spec { "" } else { "{}" });
                        self.op(i, i + 1, b'{');
                        parts.push(FPart::Field { depth: 0 });
                        i += 1;
                    }
                    // The end of a spec is its field's end.
                    b'}' if spec => {
                        end_field(parts);
                        self.op(i, i + 1, b'}');
                        i += 1;
                    }
                    b'}' => {
                        text.push('}');
                        i += if b.get(i + 1) == Some(&b'}') { 2 } else { 1 };
                    }
                    _ if c == f.quote && (!f.triple || b.get(i..i + 3) == Some(&[c, c, c][..])) => {
                        let end = i + if f.triple { 3 } else { 1 };
                        self.close_fstring(&mut fs, i);
                        i = end;
                    }
                    // The other quote.
                    _ => {
                        text.push(char::from(c));
                        i += 1;
                    }
                }
                continue;
            };
            // A field's code, `depth` brackets deep.
            let c = b[i];
            match CLASS[c as usize] {
                NL => {
                    self.shape.lines += 1;
                    i = skip_spaces(b, i + 1);
                }
                WS => i = skip_spaces(b, i + 1),
                HASH => i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k),
                QUOTE => i = self.string(i, i),
                DIGIT => {
                    let s = i;
                    i = number_end(b, i);
                    self.number(s, i);
                }
                DOT if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    let s = i;
                    i = fraction_end(b, i);
                    self.number(s, i);
                }
                NAME => {
                    let s = i;
                    i = name_end(b, i + 1);
                    if is_string_prefix(b, s, i) {
                        i = if has_fields(&b[s..i]) {
                            self.open_fstring(s, i, &mut fs)
                        } else {
                            self.string(s, i)
                        };
                    } else {
                        self.name(s, i);
                    }
                }
                _ => {
                    let next = b.get(i + 1).copied();
                    if depth == 0 && c == b'}' {
                        end_field(&mut fs.parts);
                        self.op(i, i + 1, c);
                        i += 1;
                    } else if depth == 0 && c == b':' {
                        self.flush();
                        fs.parts.push(FPart::Spec { after_field: false });
                        i += 1;
                    } else if depth == 0 && c == b'!' && next != Some(b'=') {
                        // A conversion, `!r`.
                        self.flush();
                        i = name_end(b, i + 1);
                    } else if depth == 0
                        && c == b'='
                        && next != Some(b'=')
                        && matches!(b.get(skip_spaces(b, i + 1)), Some(b'}' | b'!' | b':'))
                    {
                        // `f"{x=}"` writes out the code too.
                        self.flush();
                        i += 1;
                    } else {
                        let end = op_end(b, i);
                        self.op(i, end, c);
                        if let Some(FPart::Field { depth }) = fs.parts.last_mut() {
                            match c {
                                b'(' | b'[' | b'{' => *depth += 1,
                                b')' | b']' | b'}' => *depth = depth.saturating_sub(1),
                                _ => {}
                            }
                        }
                        i = end;
                    }
                }
            }
        }
        // The input's end: what is open ends there.
        while !fs.strings.is_empty() {
            self.close_fstring(&mut fs, i.min(b.len()));
        }
        self.fscratch = fs;
        i.min(b.len())
    }

    /// Pushes the string token of the f-string whose prefix starts at `start` and whose quote
    /// is at `quote` (its text comes when it ends) and starts reading its text; returns the
    /// offset of its text.
    fn open_fstring(&mut self, start: usize, quote: usize, fs: &mut FScratch) -> usize {
        let b = self.src.as_bytes();
        let q = b[quote];
        let triple = b.get(quote..quote + 3) == Some(&[q, q, q][..]);
        self.flush();
        self.out.push(Token {
            kind: Kind::Str,
            text: "",
            offset: offset_of(start),
            line: self.shape.lines,
            bytes: false,
            escapes: 0,
            head: UNKNOWN_SEGMENT,
            tail: UNKNOWN_SEGMENT,
        });
        fs.strings.push(FString {
            quote: q,
            triple,
            raw: b[start..quote].iter().any(|&p| p | 0x20 == b'r'),
            token: self.out.len() - 1,
            text: fs.text.len(),
            escapes: 0,
        });
        fs.parts.push(FPart::Literal);
        quote + if triple { 3 } else { 1 }
    }

    /// Ends the innermost f-string being read, at `at`: its text goes to the arena (its first
    /// [`MAX_STRING`] bytes), and what was open in it (a field, a spec) ends with it. A field
    /// left open (`f"{a.:"` …, broken code) gets its `}` there, so that nothing after the
    /// f-string joins onto a name in it.
    fn close_fstring(&mut self, fs: &mut FScratch, at: usize) {
        while let Some(p) = fs.parts.pop() {
            match p {
                FPart::Literal => break,
                FPart::Field { .. } => {
                    self.flush();
                    self.out.push(Token {
                        kind: Kind::Op,
                        text: "}",
                        offset: offset_of(at),
                        line: self.shape.lines,
                        bytes: false,
                        escapes: 0,
                        head: UNKNOWN_SEGMENT,
                        tail: UNKNOWN_SEGMENT,
                    });
                }
                FPart::Spec { .. } => {}
            }
        }
        let Some(f) = fs.strings.pop() else {
            return;
        };
        // The innermost f-string's text ends the scratch text.
        let text = &fs.text[f.text..];
        let mut keep = text.len().min(MAX_STRING);
        while !text.is_char_boundary(keep) {
            keep -= 1;
        }
        let s = self.arena.len();
        self.arena.push_str(&text[..keep]);
        fs.text.truncate(f.text);
        self.fixups.push(Fixup {
            token: f.token,
            start: s,
            end: self.arena.len(),
        });
        if let Some(t) = self.out.get_mut(f.token) {
            t.escapes = f.escapes;
        }
    }
}

/// Where an f-string reading stands ([`Lexer::fstring`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FPart {
    /// The literal text of the innermost f-string.
    Literal,
    /// A replacement field's code, `depth` brackets deep.
    Field { depth: u32 },
    /// A format spec (after a field's `:`): text, which may hold fields of its own;
    /// `after_field` once one of them has ended.
    Spec { after_field: bool },
}

/// Ends the innermost field of `parts` (and its spec, when it is in one). A spec that held
/// the field is after a field from then on: CPython's releases read a `{{` there differently
/// ([`Grammar`]).
fn end_field(parts: &mut Vec<FPart>) {
    while let Some(p) = parts.pop() {
        if matches!(p, FPart::Field { .. }) {
            break;
        }
    }
    if let Some(FPart::Spec { after_field }) = parts.last_mut() {
        *after_field = true;
    }
}

/// An f-string being read ([`Lexer::fstring`]).
struct FString {
    quote: u8,
    triple: bool,
    raw: bool,
    /// Its string token in the lexer's output.
    token: usize,
    /// Where its literal text (escapes decoded, `{}` where each field stands) starts in
    /// [`FScratch::text`]: the innermost f-string's text ends it.
    text: usize,
    /// `\xNN`-style escapes in its text.
    escapes: u32,
}

/// What [`Lexer::fstring`] reads with, kept by the lexer so that each f-string does not
/// allocate its own.
#[derive(Default)]
struct FScratch {
    /// The f-strings being read, the innermost last.
    strings: Vec<FString>,
    /// Where the reading stands in them, the innermost last.
    parts: Vec<FPart>,
    /// Their texts so far, one after the other.
    text: String,
    /// A format spec's text, read and dropped.
    spec_text: String,
}

/// Bytes that end a run of an f-string's text: quotes, backslash, braces, line end.
static FSTRING_STOP: [bool; 256] = byte_table(b"\"'\\{}\n");

/// Reads the escape at `b[i] == '\\'` in an f-string's text (or spec) into `text`, as
/// [`Lexer::string`] reads escapes, and returns the offset after it and the line ends it
/// holds. A brace after the backslash is not part of it (`f"\\{x}"` is a backslash and a
/// field; CPython warns), except in a named character, `\\N{DASH}`, outside raw f-strings.
fn fstring_escape(
    src: &str,
    i: usize,
    quote: u8,
    raw: bool,
    text: &mut String,
    escapes: &mut u32,
) -> (usize, u32) {
    let b = src.as_bytes();
    let Some(&e) = b.get(i + 1) else {
        text.push('\\');
        return (i + 1, 0);
    };
    if raw {
        // The backslash stays; an escaped quote, backslash or line end is kept with it.
        text.push('\\');
        return match e {
            b'\n' => {
                text.push('\n');
                (i + 2, 1)
            }
            b'\r' if b.get(i + 2) == Some(&b'\n') => {
                text.push_str("\r\n");
                (i + 3, 1)
            }
            _ if e == quote || e == b'\\' => {
                text.push(char::from(e));
                (i + 2, 0)
            }
            _ => (i + 1, 0),
        };
    }
    if e == b'{' || e == b'}' {
        text.push('\\');
        return (i + 1, 0);
    }
    if e == b'N' && b.get(i + 2) == Some(&b'{') {
        // A character's name: letters, digits, spaces and hyphens up to `}`.
        let name = b[i + 3..]
            .iter()
            .take(128)
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b' ' || c == b'-'));
        if let Some(k) = name.filter(|&k| b[i + 3 + k] == b'}') {
            // Kept as `N{NAME}`, as in other strings.
            text.push_str(&src[i + 1..i + 4 + k]);
            return (i + 4 + k, 0);
        }
        text.push('N');
        return (i + 2, 0);
    }
    let (decoded, used) = escape(&b[i + 1..]);
    // A continued line (`\\\r\n`) is no escape of a character.
    let continued = e == b'\n' || e == b'\r' && used == 2;
    if used > 1 && !continued || e.is_ascii_digit() && e < b'8' {
        *escapes += 1;
    }
    if let Some(ch) = decoded {
        text.push(ch);
    }
    let mut next = i + 1 + used;
    while next < b.len() && !src.is_char_boundary(next) {
        next += 1;
    }
    (next, u32::from(continued))
}

/// The offset of the first byte from `i` that does not continue a name ([`NAME_CONT`]):
/// eight bytes at a time, classified with word arithmetic, since most names end within the
/// first eight.
fn name_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let stops = name_stops(u64::from_le_bytes(w));
        if stops != 0 {
            return i + (stops.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && NAME_CONT[b[i] as usize] {
        i += 1;
    }
    i
}

/// The top bit of each byte (little-endian) of `word` that does not continue a name: not an
/// ASCII letter, digit or `_`, and below 0x80. Exact per byte: every sum below stays under
/// 0x100 within its byte, so no carry crosses into the next.
fn name_stops(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let x = word & !HIGH;
    // A letter, either case: `x | 0x20` in `a..=z`.
    let lower = x | (ONES * 0x20);
    let letter =
        (lower + ONES * (0x80 - u64::from(b'a'))) & !(lower + ONES * (0x7f - u64::from(b'z')));
    let digit = (x + ONES * (0x80 - u64::from(b'0'))) & !(x + ONES * (0x7f - u64::from(b'9')));
    let underscore = !((x ^ (ONES * u64::from(b'_'))) + ONES * 0x7f);
    !(word | letter | digit | underscore) & HIGH
}

/// The offset of the first byte from `i` that is not a space.
fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let x = u64::from_le_bytes(w) ^ 0x2020_2020_2020_2020;
        if x != 0 {
            return i + (x.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    i
}

fn count_newlines(b: &[u8]) -> u32 {
    // `memchr`'s count runs a vector at a time; the byte loop it replaced took 4 instructions a
    // byte of every triple-quoted string (2% of the instructions of scoring library code).
    u32::try_from(memchr::memchr_iter(b'\n', b).count()).unwrap_or(u32::MAX)
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
        // A line continued in a file with CRLF line ends.
        Some(b'\r') if rest.get(1) == Some(&b'\n') => (None, 2),
        Some(c) if c.is_ascii() => (Some(c as char), 1),
        // A backslash before a multi-byte character: keep the backslash, let the caller
        // copy the character.
        Some(_) => (Some('\\'), 0),
        None => (None, 0),
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::disallowed_methods,
        reason = "tests, reading our own corpus"
    )]
    use super::*;

    fn texts(src: &str) -> Vec<(Kind, String)> {
        let mut arena = Arena::new();
        tokenize(src, &mut arena)
            .0
            .into_iter()
            .map(|t| (t.kind, t.text.to_owned()))
            .collect()
    }

    #[test]
    fn joins_dotted_names_and_decodes_strings() {
        let t = texts("import os; os.dup2 (s.fileno(), 0)\nexec(b'\\x70\\x72int')");
        assert!(t.contains(&(Kind::Name, "os.dup2".into())));
        assert!(t.contains(&(Kind::Name, "s.fileno".into())));
        assert!(t.contains(&(Kind::Str, "print".into())));
        let mut arena = Arena::new();
        let (toks, shape) = tokenize("x = '\\x41\\x42'\n# c\n", &mut arena);
        assert_eq!(toks[2].escapes, 2);
        assert_eq!(shape.comment_lines, 1);
        assert_eq!(shape.semicolons, 0);
    }

    #[test]
    fn prefixes_triple_quotes_and_raw() {
        let t = texts("a = rb'\\d+' + f\"{x}\" + '''one\ntwo''' + u'\\u00e9'");
        assert!(t.contains(&(Kind::Str, "\\d+".into())));
        assert!(t.contains(&(Kind::Str, "{}".into())));
        assert!(t.contains(&(Kind::Str, "one\ntwo".into())));
        assert!(t.contains(&(Kind::Str, "é".into())));
    }

    /// The tokens of `src` on one line: names, numbers and operators as written, strings
    /// quoted (`{:?}`).
    fn shown(src: &str) -> String {
        let mut arena = Arena::new();
        let (tokens, _) = tokenize(src, &mut arena);
        let shown: Vec<String> = tokens
            .iter()
            .map(|t| match t.kind {
                Kind::Str => format!("{:?}", t.text),
                _ => t.text.to_owned(),
            })
            .collect();
        shown.join(" ")
    }

    /// F-strings as CPython 3.12's tokenizer reads them (`tokenize.generate_tokens`): the
    /// fields' code is code, and the text is one string with `{}` where each field stands.
    #[test]
    fn fstring_fields_are_code() {
        for (src, want) in [
            (r#"f"{x}""#, r#""{}" { x }"#),
            // A conversion, and a spec with a field of its own, then text.
            (r#"f"a{b!r:>{w}}c""#, r#""a{}c" { b { w } }"#),
            // A quote in a spec is text (valid in 3.11 too).
            (r#"f"{x:'<5}" + y"#, r#""{}" { x } + y"#),
            // The f-string's own quote in a field (3.12): a string, not the end.
            (r#"f"{"'''"}" + exec(z)"#, r#""{}" { "'''" } + exec ( z )"#),
            (r#"f"{x=}" f"{a!=b}""#, r#""{}" { x } "{}" { a != b }"#),
            // A `:` in brackets is no spec; a dict's braces are brackets.
            (r#"f"{ {1: 2}[k] }""#, r#""{}" { { 1 : 2 } [ k ] }"#),
            (r#"f"{{x}} {y}""#, r#""{x} {}" { y }"#),
            (r#"f"\N{DASH} {x}\x41""#, r#""N{DASH} {}A" { x }"#),
            // Raw: the backslashes stay, and the one before a brace is no escape.
            (r#"rf"\{x}\"" + y"#, r#""\\{}\\\"" { x } + y"#),
            // A comment in a field runs to the line's end, quotes and braces included.
            ("f'''{x # c ''' }\n+ y}''' ; z", r#""{}" { x + y } ; z"#),
            (r#"f"{f"{f"{1}"}"}""#, r#""{}" { "{}" { "{}" { 1 } } }"#),
            // A field may go on over lines (3.12); the text may not.
            ("f\"{a +\nb}\" ; c", r#""{}" { a + b } ; c"#),
            ("f\"{x}\nimport os", r#""{}" { x } import os"#),
            // A line end in a one-line spec: back to the field's code, as the tokenizer
            // reads it.
            ("f\"{x:ab\ncd}\"", r#""{}" { x cd }"#),
            // Open at the input's end: the field's code is still code, and gets its `}`.
            (r#"x = f"{exec(y)"#, r#"x = "{}" { exec ( y ) }"#),
            // Ended by its quote in a spec (broken code): nothing after it joins onto a name
            // in the field.
            (r#"f"{a.:"b"#, r#""{}" { a . } b"#),
            (r#"f"{a . c . :"b"#, r#""{}" { a.c . } b"#),
            // A template string (Python 3.14) is read as an f-string.
            (
                r#"t"{__import__('os')}""#,
                r#""{}" { __import__ ( "os" ) }"#,
            ),
            // A byte order mark is no part of a name (nor of a string's prefix).
            ("\u{feff}f\"{x}\"", r#""{}" { x }"#),
            // Nothing joins onto a name in a field from outside it.
            (r#"f"{a}".join(b)"#, r#""{}" { a } . join ( b )"#),
            (
                r#"f"{__import__('os').system(c)}""#,
                r#""{}" { __import__ ( "os" ) . system ( c ) }"#,
            ),
            // Bytes are never f-strings.
            (r#"bf"{x}""#, r#""{x}""#),
        ] {
            assert_eq!(shown(src), want, "{src:?}");
        }
    }

    /// The one place CPython 3.12 and 3.13 read differently (their `tokenize` output): a
    /// spec's `{{` after a field of its own.
    #[test]
    fn grammars_differ_on_a_spec_brace_after_a_field() {
        let read = |src: &str, grammar| {
            let mut arena = Arena::new();
            let (tokens, shape) = tokenize_as(src, &mut arena, &mut (), grammar);
            let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
            (texts.join(" "), shape.readings_differ)
        };
        for (src, py312, py313) in [
            (
                r#"f"{x:{y}{{z}}}""#,
                "{} { x { y } { { z } } }",
                "{}} { x { y } }",
            ),
            (
                r#"f"{x:{y}ab{{c}""#,
                "{} { x { y } { { c }  } }",
                "{} { x { y } }",
            ),
            (
                "f\"\"\"{_:{_}{{}\"\"\"\nimport os",
                "{} { _ { _ } { { } \nimport os } }",
                "{} { _ { _ } } import os",
            ),
        ] {
            assert_eq!(
                read(src, Grammar::Python312),
                (py312.into(), true),
                "{src:?}"
            );
            assert_eq!(
                read(src, Grammar::Python313),
                (py313.into(), true),
                "{src:?}"
            );
        }
        // A field of the spec's that ends at a spec of its own, or after a conversion.
        for src in [
            "f\"\"\"{_:{_:1}{{}\"\"\"\nimport os",
            "f\"\"\"{_:{_!r:>1}{{}\"\"\"\nimport os",
        ] {
            let (py312, differ) = read(src, Grammar::Python312);
            assert!(
                differ && py312.ends_with("\nimport os } }"),
                "{src:?}: {py312}"
            );
            let (py313, _) = read(src, Grammar::Python313);
            assert!(py313.ends_with("} } import os"), "{src:?}: {py313}");
        }
        // Elsewhere they agree, and say so.
        for src in [r#"f"{x:{y}}{{z}}""#, r#"f"{x:{{}""#, r#"f"{ {1} }""#] {
            let (a, differ) = read(src, Grammar::Python312);
            assert!(!differ, "{src:?}");
            assert_eq!((a, false), read(src, Grammar::Python313), "{src:?}");
        }
    }

    #[test]
    fn fstring_tokens_carry_their_lines_and_escapes() {
        let src = "a = f\"\"\"x\n{b}\n{c +\nd}\"\"\" + f'\\x41{e}\\101'\ng\n";
        let mut arena = Arena::new();
        let (tokens, shape) = tokenize(src, &mut arena);
        let line = |text: &str| tokens.iter().find(|t| t.text == text).map(|t| t.line);
        assert_eq!(line("a"), Some(0));
        assert_eq!(line("x\n{}\n{}"), Some(0));
        assert_eq!(line("b"), Some(1));
        assert_eq!(line("c"), Some(2));
        assert_eq!(line("d"), Some(3));
        assert_eq!(line("A{}A"), Some(3));
        assert_eq!(line("g"), Some(4));
        assert_eq!(shape.lines, 6);
        let escaped = tokens.iter().find(|t| t.text == "A{}A").unwrap();
        assert_eq!(escaped.escapes, 2);
        assert_lines(src);
        assert_told(src);
        // Broken code that ends an f-string inside a field: the sink is told what the token
        // list holds (a name in the field once joined onto what followed it).
        for src in [
            "f\"{a.:\"b",
            "f\"{a . c . :\"b",
            "f\"{f'{a . c . :'b} {'\\x41'}\"",
            "\u{feff}rb'x' + f'{y}'",
        ] {
            assert_lines(src);
            assert_told(src);
        }
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
            let _ = tokenize(src, &mut Arena::new());
        }
        let t = texts("y = 'no end\nz = 1");
        assert!(t.contains(&(Kind::Name, "z".into())));
    }

    /// Every token's line is the count of newlines before its first character, tokens come in
    /// source order, and a name's first and last segments are its text's.
    fn assert_lines(src: &str) {
        let mut arena = Arena::new();
        let (toks, _) = tokenize(src, &mut arena);
        let mut upto = 0;
        for t in &toks {
            let offset = t.offset as usize;
            assert!(offset >= upto, "{src:?}: out of order at {offset}");
            upto = offset;
            let want = src.as_bytes()[..offset]
                .iter()
                .filter(|&&c| c == b'\n')
                .count() as u32;
            assert_eq!(t.line, want, "{src:?}: {t:?}");
            if t.kind == Kind::Name {
                assert_eq!(Some(t.head()), t.text.split('.').next(), "{src:?}: {t:?}");
                assert_eq!(Some(t.tail()), t.text.rsplit('.').next(), "{src:?}: {t:?}");
            }
        }
    }

    /// Records what a [`Sink`] is told.
    #[derive(Default)]
    struct Told(Vec<(usize, Kind, String, (String, String))>);

    impl Sink for Told {
        fn name(&mut self, i: usize, t: &Token<'_>) {
            let bounds = (t.head().to_owned(), t.tail().to_owned());
            self.0.push((i, Kind::Name, t.text.to_owned(), bounds));
        }
        fn string(&mut self, i: usize, t: &Token<'_>) {
            self.0
                .push((i, Kind::Str, t.text.to_owned(), Default::default()));
        }
        fn op(&mut self, i: usize, t: &Token<'_>) {
            self.0
                .push((i, Kind::Op, t.text.to_owned(), Default::default()));
        }
        fn number(&mut self, i: usize, t: &Token<'_>) {
            self.0
                .push((i, Kind::Number, t.text.to_owned(), Default::default()));
        }
    }

    /// The sink is told every token once, in order, with the text and segments the finished
    /// token list has: a name only once nothing more can join onto it.
    fn assert_told(src: &str) {
        let mut told = Told::default();
        let mut arena = Arena::new();
        let (toks, _) = tokenize_into(src, &mut arena, &mut told);
        let want: Vec<_> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let bounds = if t.kind == Kind::Name {
                    (t.head().to_owned(), t.tail().to_owned())
                } else {
                    Default::default()
                };
                (i, t.kind, t.text.to_owned(), bounds)
            })
            .collect();
        assert_eq!(told.0, want, "{src:?}");
    }

    #[test]
    fn the_sink_is_told_each_token_once_when_final() {
        for src in [
            "os.path.join(x)\nsubprocess . run\n'a.b'",
            "a.b.c.d = e . f ( g.h ) . i",
            "x. 'y' . z .5 a..b a. . b a.(1) a.\n",
            "a . b",
            "a.",
            ".",
            "x = '\\x41\\x42' + b'\\n' . c",
            "import os as o; from a.b import (c as d, e)",
            "é.ü = 1",
            // Numbers are told too, in f-string fields as elsewhere.
            "f\"{a[1:2]}\" x[0] f'{x:{1}}' f'{f\"{2}\"[1]}' 3.5 .5 0x1f",
            "",
        ] {
            assert_told(src);
        }
        // A name already told is not joined onto (CPython refuses all of these; each once read
        // `a.b` after telling `a`): a field cut short by `!` before a `.` (found by fuzzing),
        // and a one-line f-string's format spec cut by a line end, after which the field's code
        // reads on (found by review).
        for src in [
            "f\"{D!.s}\"",
            "f\"{D!.s",
            "f'{a!.b.c}' . d",
            "f'{a!r.b}'",
            "f\"{a:\n.b}\"",
            "f\"{a=:\n.b}\"",
            "x = f\"{os:\n.system}\"",
            "f'''{f\"{a:\n.b}\"}'''",
        ] {
            assert_told(src);
        }
        for (src, want) in [
            ("f\"{D!.s}\"", ["{}", "{", "D", ".", "s", "}"]),
            ("f\"{a:\n.b}\"", ["{}", "{", "a", ".", "b", "}"]),
        ] {
            let mut arena = Arena::new();
            let (toks, _) = tokenize(src, &mut arena);
            let texts: Vec<_> = toks.iter().map(|t| t.text).collect();
            assert_eq!(texts, want, "{src:?}");
        }
        // A name longer than a joined one's bounds can say: not joined.
        let long = format!("{}.b.c", "a".repeat(300));
        assert_told(&long);
        assert_told(&format!("x = {long} . d"));
        // The committed corpus.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        for sub in [
            "benign-short",
            "blind-benign",
            "blind-malicious",
            "runtime-malicious",
        ] {
            for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
                let bytes = std::fs::read(e.unwrap().path()).unwrap();
                assert_told(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    /// [`resume_points`] as the reading steps through every token: the main loop of
    /// [`tokenize_into`] without its tokens.
    fn resume_points_stepped(src: &str, from: &[usize]) -> Vec<shrike_core::event::ResumePoint> {
        let b = src.as_bytes();
        let mut points = vec![shrike_core::event::ResumePoint::default(); from.len()];
        // The next place asked for whose line start, and whose place between tokens, is not found.
        let (mut line_of, mut token_of) = (0, 0);
        let (mut arena, mut sink) = (Arena::new(), ());
        let mut lx = Lexer::new(src, &mut arena, &mut sink, 0);
        let mut i = bom_len(b);
        while line_of < from.len() && from[line_of] == 0 {
            points[line_of].line = Some(0);
            line_of += 1;
        }
        // The text's start is before the byte order mark the reading skips.
        while i > 0 && token_of < from.len() && from[token_of] == 0 {
            points[token_of].token = Some(0);
            token_of += 1;
        }
        while i < b.len() {
            while token_of < from.len() && from[token_of] <= i {
                points[token_of].token = Some(i);
                token_of += 1;
            }
            if token_of == from.len() && line_of == from.len() {
                break;
            }
            let c = b[i];
            match CLASS[c as usize] {
                NL => {
                    i += 1;
                    while line_of < from.len() && from[line_of] <= i {
                        points[line_of].line = Some(i);
                        line_of += 1;
                    }
                    while token_of < from.len() && from[token_of] <= i {
                        points[token_of].token = Some(i);
                        token_of += 1;
                    }
                    i = skip_spaces(b, i);
                }
                WS => i = skip_spaces(b, i + 1),
                HASH => i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k),
                QUOTE => i = lx.skip_string(i, i),
                DIGIT => i = number_end(b, i),
                DOT if b.get(i + 1).is_some_and(u8::is_ascii_digit) => i = fraction_end(b, i),
                NAME => {
                    let start = i;
                    i = name_end(b, i + 1);
                    if is_string_prefix(b, start, i) {
                        i = lx.skip_string(start, i);
                    }
                }
                _ => i = op_end(b, i),
            }
        }
        // Places asked for that the reading did not reach before the text's end stay `None`:
        // a string literal, a comment or spaces run from before them to the end.
        drop_byte_order_marks(b, &mut points);
        points
    }

    /// The tokens of `whole`, the reading of `src`, that start outside every string literal:
    /// all but those in an f-string's fields.
    fn outside_strings<'t, 'a>(src: &str, whole: &'t [Token<'a>]) -> Vec<&'t Token<'a>> {
        let mut until = 0;
        whole
            .iter()
            .filter(|t| {
                let offset = t.offset as usize;
                if offset < until {
                    return false;
                }
                if t.kind == Kind::Str {
                    until = string_end(src, offset);
                }
                true
            })
            .collect()
    }

    /// Checks [`resume_points`] of `src` at `from`: each place is at or after the one asked
    /// for, no token of the whole reading starts between the two, a line's start is one, and
    /// a reading from either place reads the strings, numbers and operators the whole reading
    /// does past it (a `.` aside, which the whole reading may have joined onto a name before
    /// the place).
    fn assert_resumes(src: &str, from: &[usize]) {
        let points = resume_points(src, from);
        assert_eq!(
            points,
            resume_points_stepped(src, from),
            "as the stepped reading"
        );
        let mut arena = Arena::new();
        let (whole, _) = tokenize(src, &mut arena);
        let kept = |t: &&Token<'_>| t.kind != Kind::Name && t.text != ".";
        let outside = outside_strings(src, &whole);
        for (&f, p) in from.iter().zip(&points) {
            if let Some(token) = p.token {
                assert!(token >= f, "{f}: {p:?}");
                assert!(
                    !outside
                        .iter()
                        .any(|t| (f..token).contains(&(t.offset as usize))),
                    "{f}: a token starts before {p:?}"
                );
            }
            if let Some(line) = p.line {
                assert!(line >= f && (line == 0 || src.as_bytes()[line - 1] == b'\n'));
                assert!(p.token.is_none_or(|t| t <= line), "{f}: {p:?}");
            }
            for at in [p.line, p.token].into_iter().flatten() {
                let mut arena = Arena::new();
                let (part, _) = tokenize(&src[at..], &mut arena);
                let got: Vec<_> = part
                    .iter()
                    .filter(kept)
                    .map(|t| (t.offset as usize + at, t.kind, t.text))
                    .collect();
                let want: Vec<_> = whole
                    .iter()
                    .filter(|t| t.offset as usize >= at)
                    .filter(kept)
                    .map(|t| (t.offset as usize, t.kind, t.text))
                    .collect();
                assert_eq!(got, want, "read from {at} (asked {f})");
            }
        }
    }

    #[test]
    fn resume_points_stand_outside_strings() {
        // A triple-quoted string across the place asked for: the places are after it.
        let src = "x = 1\ndoc = \"\"\"\nimport socket\nos.dup2(s, 0)\n\"\"\"; y = 2\nz = 3\n";
        let inside = src.find("import").unwrap();
        let closed = src.find("; y").unwrap();
        let p = resume_points(src, &[inside])[0];
        assert_eq!(p.token, Some(closed));
        assert_eq!(p.line, Some(src.find("z = 3").unwrap()));
        // Outside strings, the place asked for itself, and the next line's start.
        let p = resume_points(src, &[2])[0];
        assert_eq!((p.token, p.line), (Some(2), Some(6)));
        // A string that runs to the end: nothing to resume at.
        let open = "a = 1\nb = '''\nnot code\n";
        let p = resume_points(open, &[open.len() - 3])[0];
        assert_eq!((p.token, p.line), (None, None));
        // Quotes in comments, escaped quotes, raw strings, prefixes, unterminated one-line
        // strings, strings with escaped newlines, and f-strings with quotes, comments and line
        // ends in their fields.
        let edge = concat!(
            "# a comment's ''' opens nothing\n",
            "s = 'it\\'s' + \"say \\\"hi\\\"\"\n",
            "r = r'\\' + rb'''x\\'''' + Rb\"\"\"\n\"\"\"\n",
            "u = u'unterminated\n",
            "f = f\"{x!r}\" + 'a\\\nb' + \"\"\"\\\"\"\"\"\n",
            "t = '''one\n'two'\n\"three\"\n''' # done\n",
            "g = f\"{\"'''\"}\" + f'''{x # '''\n:{w}}''' + f\"{a:'}\" + f'{b\n+c}'\n",
            "ok = 1\n",
        );
        let every: Vec<usize> = (0..=edge.len()).collect();
        assert_resumes(edge, &every);
        // The committed corpus, one long text, at every 997th byte.
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut corpus = String::new();
        for sub in [
            "benign-short",
            "blind-benign",
            "blind-malicious",
            "runtime-malicious",
        ] {
            for e in std::fs::read_dir(format!("{dir}/{sub}")).unwrap() {
                let bytes = std::fs::read(e.unwrap().path()).unwrap();
                corpus.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
        let from: Vec<usize> = (0..corpus.len()).step_by(997).collect();
        assert_resumes(&corpus, &from);
    }

    #[test]
    fn resume_points_jump_to_what_a_stepped_reading_finds() {
        // Texts strung from the pieces where jumping from quote to quote could go wrong:
        // prefixes and names or numbers just before quotes, dots, escapes, comments, newlines,
        // and f-strings' fields, specs and conversions.
        const PIECES: &[&str] = &[
            "'", "\"", "'''", "\"\"\"", "r", "b", "rb", "f", "u", "x", "Rb", "br", "1", "0", ".",
            "1.", ".5", "e", "_", "é", "\\", "\n", " ", "#", "# '\n", "(", "=", "==", "+", "\t",
            "a.", "\\\n", "x\\'", "'a'", "\"\"", "{", "}", ":", "!", "f'{", "f\"{", "rf'", "t'{",
            "\u{feff}",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            // One text in eight starts with a byte order mark, which the reading skips there.
            let bom = if next() % 8 == 0 { "\u{feff}" } else { "" };
            let text: String = std::iter::once(bom)
                .chain((0..len).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]))
                .collect();
            let every: Vec<usize> = (0..=text.len()).collect();
            assert_resumes(&text, &every);
        }
    }

    #[test]
    fn name_stops_is_the_name_table() {
        for c in 0..=255u8 {
            for k in 0..8 {
                // `c` at byte `k`, name bytes elsewhere (`a`), and every other byte a stop.
                let mut w = [b'a'; 8];
                w[k] = c;
                let want = if NAME_CONT[usize::from(c)] {
                    0
                } else {
                    0x80 << (8 * k)
                };
                assert_eq!(name_stops(u64::from_le_bytes(w)), want, "{c:#x} at {k}");
                let mut w = [b' '; 8];
                w[k] = c;
                let want = 0x8080_8080_8080_8080 & !(0x80 << (8 * k))
                    | if NAME_CONT[usize::from(c)] {
                        0
                    } else {
                        0x80 << (8 * k)
                    };
                assert_eq!(
                    name_stops(u64::from_le_bytes(w)),
                    want,
                    "{c:#x} at {k} among stops"
                );
            }
        }
        // Bytes from 0x80 continue a name (UTF-8 letters); the eight-byte path and the tail.
        let src = b"os.path_join9\xff\xfe(x)";
        assert_eq!(name_end(src, 0), 2);
        assert_eq!(name_end(src, 3), 15);
        assert_eq!(name_end(b"abc", 0), 3);
        assert_eq!(name_end(b"abcdefghij", 1), 10);
    }

    #[test]
    fn names_keep_their_segment_bounds() {
        // The bounds are stored, not searched for (a search gives the same text, only slower).
        let mut arena = Arena::new();
        let (toks, _) = tokenize("os.path.join(x)\nsubprocess . run\n'a.b'", &mut arena);
        let bounds: Vec<_> = toks.iter().map(|t| (t.kind, t.head, t.tail)).collect();
        assert_eq!(bounds[0], (Kind::Name, 2, 8));
        assert_eq!(bounds[4], (Kind::Name, 10, 11));
        assert_eq!(bounds[5], (Kind::Str, UNKNOWN_SEGMENT, UNKNOWN_SEGMENT));
        assert_eq!((toks[5].head(), toks[5].tail()), ("a", "b"));
        assert_eq!((toks[1].head(), toks[1].tail()), ("(", "("));
    }

    #[test]
    fn tokens_carry_their_line_and_segments() {
        let long = "a".repeat(300);
        let huge = "b".repeat(70_000);
        // Segments on both sides of what a token's `u8` bounds hold.
        let edge: String = (252..258)
            .map(|n| format!("{a}.x + y.{a}.z + {a} . w\n", a = "c".repeat(n)))
            .collect();
        for src in [
            &edge,
            "import os\nos.system('id')\n",
            "x = '''one\ntwo\nthree''' + y\nz",
            "x = \"\"\"never\nclosed",
            "s = 'a\\\nb'\nt = 1",
            "s = r'a\\\nb'\nt = 1",
            "s = r'''a\\\nb\n''' ; t",
            "y = 'no end\nz = 1",
            "os.\\\npath.join(a,\n b)",
            &format!("{long}.\\\n{long}\nq"),
            &format!("{huge}.x + x.{huge}.y + x . {huge} . z\n{huge}"),
            "a . b .c. d\n  e.\\\n  f(g.h)",
            "# comment\n\n  # another\nx = 1 # tail\ny",
            "a\r\nb\r\n'c\\\r\nd'\ne",
            "b'\\x4\n' + u'\\N{DASH}'\nx",
            "é = 'ü'\n∑ = \"\\é\n\"\nw",
        ] {
            assert_lines(src);
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut checked = 0;
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            } else if let Ok(src) = std::fs::read_to_string(&p) {
                assert_lines(&src);
                checked += 1;
            }
        }
        assert!(checked > 100, "the corpus was read: {checked} files");
    }
}
