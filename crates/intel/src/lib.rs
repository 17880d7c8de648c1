//! Threat-intel hash feeds for Shrike.
//!
//! Shrike hashes every executed file (SHA-256, see `shrike_core::event::Executable::sha256`)
//! and asks an [`IntelSet`] whether the digest is known to be malicious. An `IntelSet` is built
//! once at start-up from one or more *feeds* and is read-only afterwards, so lookups need no
//! locking and never allocate.
//!
//! # The model
//!
//! * A feed is one file (or one string) of hashes. Its format is detected from its content,
//!   per feed (see [`FeedFormat`]):
//!   - a **plain SHA-256 list**, one hash per line, `sha256sum` output included;
//!   - a **LOKI** / signature-base `hash-iocs.txt` file, `hash;comment` per line;
//!   - an **abuse.ch CSV export** (MalwareBazaar, or ThreatFox's `ioc_value`/`ioc_type` layout).
//! * Only SHA-256 hashes are kept: that is what the sensor computes. MD5 and SHA-1 entries, which
//!   older feeds still carry, are skipped and counted in [`FeedStats`], never an error.
//! * Everywhere, blank lines and lines starting with `#` are comments; a UTF-8 byte-order mark
//!   and `\r` line endings are accepted. Lines are limited to [`MAX_LINE_BYTES`].
//! * A malformed line fails the whole feed with a [`FeedError`] naming the feed, the line and,
//!   for CSV, the column; nothing of a failed load stays in the set.
//! * Each hash remembers the feed that named it *first* and that feed's comment (the malware
//!   family, a file name): load the most trusted or most descriptive feed first.
//!
//! Storage is one `HashMap` from the 32-byte digest to a 4-byte index into a table of
//! (feed, comment) pairs. Digests are uniformly distributed already, so the map's hasher just
//! takes their first 8 bytes instead of running SipHash. Feeds are configured by the operator and
//! trusted not to be crafted to collide: a hostile feed could slow down loading, never matching.
//! In front of the map sits a Bloom filter over the digests' first 8 bytes, sized at 16 bits per
//! hash and rebuilt after each load: a hex lookup decodes 16 digits and tests two bits (one
//! chosen by each half of those 8 bytes), and only the few hashes that pass (feed hashes, and
//! about one in 70 others) are decoded whole and looked up. Almost every executable is on no
//! feed, so this is the path every exec takes.
//!
//! ```
//! use shrike_intel::{FeedFormat, IntelSet};
//!
//! let feed = "# signature-base style hash IOCs\n\
//!     0b453bdca81dcfc1e8c256154dd85ab0eac7752641dbfc4fa6c970ad2e5126be;Test miner; dropped by cron\n\
//!     36b035ecda9e9f94b916e7b9e434b069;an MD5: skipped\n";
//! let mut intel = IntelSet::new();
//! let stats = intel.load_str("hash-iocs.txt", feed)?;
//! assert_eq!(stats.format, FeedFormat::Loki);
//! assert_eq!((stats.sha256_loaded, stats.md5_skipped), (1, 1));
//!
//! let hit = intel
//!     .lookup_hex("0B453BDCA81DCFC1E8C256154DD85AB0EAC7752641DBFC4FA6C970AD2E5126BE")
//!     .expect("the hash is listed");
//! assert_eq!(hit.source, "hash-iocs.txt");
//! assert_eq!(hit.comment, Some("Test miner; dropped by cron"));
//! assert!(intel.lookup(&[0; 32]).is_none());
//!
//! // Errors name the feed and the line.
//! let err = intel.load_str("bad.txt", "# ok\nnot-a-hash\n").unwrap_err();
//! assert!(err.to_string().starts_with("bad.txt:2: "));
//! # Ok::<(), shrike_intel::FeedError>(())
//! ```

use std::borrow::Cow;
use std::collections::hash_map::{Entry as MapEntry, HashMap};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};

/// The longest feed line accepted, in bytes (without the line ending). Real feed lines are a few
/// hundred bytes; a longer one is corrupt or hostile and is reported instead of being buffered.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// The longest excerpt of offending input quoted in an error message, in characters.
const MAX_QUOTE_CHARS: usize = 72;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// The format of one feed, detected from its content.
///
/// A feed is an abuse.ch CSV when a comment line before the first data line, or the first data
/// line itself, is a CSV header naming `sha256_hash` (or `ioc_value` and `ioc_type`), or when its
/// first data line starts with `"`; otherwise it is a LOKI file when its first data line has a `;` right after the hash;
/// otherwise it is a plain list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FeedFormat {
    /// One hash per line, optionally followed by white space and a file name as `sha256sum`
    /// prints it (`<hash>  <file>` or `<hash> *<file>`); the file name becomes the comment.
    PlainSha256,
    /// `hash;comment` per line, as LOKI and signature-base's `iocs/hash-iocs.txt` use. The
    /// comment is everything after the first `;` and may be empty.
    Loki,
    /// An abuse.ch CSV export: MalwareBazaar (`sha256_hash` column; the comment is built from
    /// `signature` and `file_name`) or ThreatFox (`ioc_value` where `ioc_type` is `sha256_hash`;
    /// the comment is `malware_printable`).
    AbuseChCsv,
}

impl fmt::Display for FeedFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FeedFormat::PlainSha256 => "plain SHA-256 list",
            FeedFormat::Loki => "LOKI hash;comment",
            FeedFormat::AbuseChCsv => "abuse.ch CSV",
        })
    }
}

/// What loading one feed did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FeedStats {
    /// The feed, as named to the loader (normally its path).
    pub source: String,
    /// The detected format.
    pub format: FeedFormat,
    /// SHA-256 hashes this feed added to the set. Over all feeds these add up to
    /// [`IntelSet::len`].
    pub sha256_loaded: usize,
    /// Valid SHA-256 entries that were already in the set (named by an earlier feed, or earlier
    /// in this one); the first entry's source and comment are kept.
    pub sha256_duplicates: usize,
    /// MD5 entries skipped (Shrike matches SHA-256 only).
    pub md5_skipped: usize,
    /// SHA-1 entries skipped (Shrike matches SHA-256 only).
    pub sha1_skipped: usize,
}

impl FeedStats {
    fn new(source: &str) -> Self {
        Self {
            source: source.to_owned(),
            format: FeedFormat::PlainSha256,
            sha256_loaded: 0,
            sha256_duplicates: 0,
            md5_skipped: 0,
            sha1_skipped: 0,
        }
    }
}

/// Why a feed could not be loaded.
///
/// Displays as `{source}:{line}: {message}`, followed by `` (field `X`)`` for a CSV column; the
/// `:{line}` part is left out when the error is about the whole feed (`line` is 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedError {
    /// The feed: its file path, or the source name given to [`IntelSet::load_str`].
    pub source: String,
    /// 1-based line number, or 0 when the error is not about one line (cannot open the file).
    pub line: usize,
    /// The CSV column to blame (`sha256_hash`), when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl FeedError {
    fn new(source: &str, line: usize, field: Option<String>, message: impl Into<String>) -> Self {
        Self {
            source: source.to_owned(),
            line,
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (field `{field}`)")?;
        }
        Ok(())
    }
}

// Written by hand: a field named `source` would be taken for the error's cause by a derive.
impl std::error::Error for FeedError {}

/// A known-bad hash: which feed named it first, and what that feed said about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntelMatch<'a> {
    /// The feed that named the hash first (its path, or the name given to
    /// [`IntelSet::load_str`]).
    pub source: &'a str,
    /// The feed's comment for the hash (malware family, file name), when it had one.
    pub comment: Option<&'a str>,
}

// ---------------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------------

/// A SHA-256 digest as a map key. It hashes as its first 8 bytes: digests are uniform already.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Digest([u8; 32]);

impl Digest {
    /// The first 8 bytes, little-endian.
    fn prefix(&self) -> u64 {
        let [a, b, c, d, e, f, g, h, ..] = self.0;
        u64::from_le_bytes([a, b, c, d, e, f, g, h])
    }
}

impl Hash for Digest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.prefix());
    }
}

/// The map's hasher: passes the 8 bytes [`Digest`] feeds it through unchanged.
#[derive(Default, Clone, Copy)]
struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached if something other than `Digest` is hashed; keep it correct anyway.
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// What is known about one hash.
struct Entry {
    /// Index into `IntelSet::sources`.
    source: u32,
    comment: Option<Box<str>>,
}

/// Each byte's value as a hex digit (either case), or 0xff.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        table[b'a' as usize + i] = 10 + i as u8;
        table[b'A' as usize + i] = 10 + i as u8;
        i += 1;
    }
    table
};

/// 64 hex digits (either case) as 32 bytes; `None` for anything else.
fn decode_sha256_hex(text: &str) -> Option<[u8; 32]> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    decode_hex(bytes)
}

/// The first `2 * N` bytes of `hex` as `N` bytes; `None` if there are fewer or one is not a hex
/// digit (either case). Every exec's hash goes through this, so it is a table lookup per digit
/// with one check at the end.
fn decode_hex<const N: usize>(hex: &[u8]) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut invalid = 0u8;
    for (byte, pair) in out.iter_mut().zip(hex.get(..2 * N)?.chunks_exact(2)) {
        let hi = HEX_DIGITS[usize::from(pair[0])];
        let lo = HEX_DIGITS[usize::from(pair[1])];
        invalid |= hi | lo;
        *byte = (hi << 4) | (lo & 0x0f);
    }
    (invalid & 0x80 == 0).then_some(out)
}

/// The first 16 hex digits of `hex` as 8 bytes read little-endian (as [`Digest::prefix`]);
/// `None` if one of them is not a hex digit or there are fewer.
#[cfg(test)]
fn decode_hex_prefix(hex: &[u8]) -> Option<u64> {
    decode_hex(hex).map(u64::from_le_bytes)
}

/// What `decode_hex_prefix` gives for 16 hex digits (either case), eight digits at a time in
/// a word, without checking them: for other bytes the value is meaningless. Only the prefilter
/// uses it, and whatever passes the prefilter is decoded and checked in full.
fn prefix_unchecked(hex: &[u8; 16]) -> u64 {
    /// Eight digits (one per byte, first digit lowest) to four bytes, first pair lowest.
    fn half(digits: [u8; 8]) -> u64 {
        let x = u64::from_le_bytes(digits);
        // A digit's value: its low nibble, plus 9 for a letter (bit 6 set in 'a'-'f', 'A'-'F').
        let v = (x & 0x0f0f_0f0f_0f0f_0f0f) + ((x >> 6) & 0x0101_0101_0101_0101) * 9;
        // Byte 2k becomes (digit 2k << 4) | digit 2k+1; odd bytes are dropped, then the even
        // ones packed together.
        let pairs = ((v << 4) | (v >> 8)) & 0x00ff_00ff_00ff_00ff;
        let pairs = (pairs | (pairs >> 8)) & 0x0000_ffff_0000_ffff;
        (pairs | (pairs >> 16)) & 0xffff_ffff
    }
    let (lo, hi) = hex.split_at(8);
    let word = |s: &[u8]| <[u8; 8]>::try_from(s).unwrap_or_default();
    half(word(lo)) | (half(word(hi)) << 32)
}

/// A Bloom filter's two bits for a digest prefix: one from its low 32 bits, one from its high
/// 32 (a digest's bytes are uniform, so the halves are independent). With 16 bits per hash and
/// two bits each, about 1.4% of other digests pass, against 6% with one bit. `None` when the
/// filter is empty.
fn filter_bits(filter: &[u64], prefix: u64) -> Option<(u64, u64)> {
    let bits = filter.len() as u64 * 64;
    if bits == 0 {
        return None;
    }
    // At most 2^32 bits: each half of the prefix indexes all of them.
    let mask = bits.min(1 << 32) - 1;
    Some((prefix & mask, (prefix >> 32) & mask))
}

/// A set of known-bad SHA-256 hashes loaded from threat-intel feeds.
///
/// Build it with [`load_path`](Self::load_path), [`load_str`](Self::load_str) or
/// [`load_reader`](Self::load_reader), then query it with [`lookup`](Self::lookup) or
/// [`lookup_hex`](Self::lookup_hex). A load that fails leaves the set as it was before the call.
#[derive(Default)]
pub struct IntelSet {
    index: HashMap<Digest, u32, BuildHasherDefault<DigestHasher>>,
    entries: Vec<Entry>,
    sources: Vec<Box<str>>,
    /// A Bloom filter over the indexed digests' 8-byte prefixes, two bits per digest (see
    /// `filter_bits`); empty when the index is.
    prefilter: Vec<u64>,
}

impl fmt::Debug for IntelSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The hashes themselves would be far too many to print.
        f.debug_struct("IntelSet")
            .field("hashes", &self.len())
            .field("sources", &self.sources)
            .finish()
    }
}

/// The set's size before a load, to undo it.
#[derive(Clone, Copy)]
struct Mark {
    entries: usize,
    sources: usize,
}

enum Insert {
    Added,
    Duplicate,
}

impl IntelSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads a feed file, or every regular file in a directory.
    ///
    /// A directory's files are loaded in the order of their names; hidden files (names starting
    /// with `.`) and subdirectories are skipped. Each file's path is its source name. Returns one
    /// [`FeedStats`] per file; on error nothing from this call stays loaded.
    pub fn load_path(&mut self, path: &Path) -> Result<Vec<FeedStats>, FeedError> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path)
            .map_err(|e| FeedError::new(&name, 0, None, format!("cannot read: {e}")))?;
        if !meta.is_dir() {
            let result = self.load_file(path, &name).map(|stats| vec![stats]);
            self.rebuild_prefilter();
            return result;
        }
        let files = feed_files(path, &name)?;
        let mark = self.mark();
        let mut all = Vec::with_capacity(files.len());
        for file in files {
            let file_name = file.display().to_string();
            match self.load_file(&file, &file_name) {
                Ok(stats) => all.push(stats),
                Err(e) => {
                    self.rollback(mark);
                    self.rebuild_prefilter();
                    return Err(e);
                }
            }
        }
        self.rebuild_prefilter();
        Ok(all)
    }

    /// Loads feed text; `source` names it in errors and matches (normally the file path).
    ///
    /// The format is detected from the text (see [`FeedFormat`]). On error nothing from this
    /// feed stays loaded.
    pub fn load_str(&mut self, source: &str, text: &str) -> Result<FeedStats, FeedError> {
        self.load_reader(source, text.as_bytes())
    }

    /// Loads a feed from a reader; `source` names it in errors and matches.
    ///
    /// Lines are read one at a time and bounded to [`MAX_LINE_BYTES`]: a longer line is an error
    /// naming the line. Invalid UTF-8 is replaced (it can only occur in comments of a valid
    /// feed). On error nothing from this feed stays loaded.
    pub fn load_reader<R: BufRead>(
        &mut self,
        source: &str,
        reader: R,
    ) -> Result<FeedStats, FeedError> {
        let result = self.load_or_roll_back(source, reader);
        self.rebuild_prefilter();
        result
    }

    /// [`Self::load_reader`] without rebuilding the prefilter (a directory's files rebuild it
    /// once, after the last).
    fn load_or_roll_back<R: BufRead>(
        &mut self,
        source: &str,
        reader: R,
    ) -> Result<FeedStats, FeedError> {
        let mark = self.mark();
        let result = self.load_unchecked(source, reader);
        if result.is_err() {
            self.rollback(mark);
        }
        result
    }

    /// The feed entry for a SHA-256 digest, if a feed named it.
    pub fn lookup(&self, sha256: &[u8; 32]) -> Option<IntelMatch<'_>> {
        let &index = self.index.get(&Digest(*sha256))?;
        let entry = self.entries.get(index as usize)?;
        let source = self.sources.get(entry.source as usize)?;
        Some(IntelMatch {
            source,
            comment: entry.comment.as_deref(),
        })
    }

    /// The feed entry for a hex SHA-256 digest (any case). `None` if the text is not exactly 64
    /// hex digits, or no feed named it.
    pub fn lookup_hex(&self, sha256_hex: &str) -> Option<IntelMatch<'_>> {
        let bytes = sha256_hex.as_bytes();
        let first = bytes.first_chunk::<16>().filter(|_| bytes.len() == 64)?;
        if !self.may_hold(prefix_unchecked(first)) {
            return None;
        }
        self.lookup(&decode_sha256_hex(sha256_hex)?)
    }

    /// False when no digest in the set starts with these 8 bytes (little-endian); true for
    /// every digest in it and for about one in 70 others.
    fn may_hold(&self, prefix: u64) -> bool {
        let Some((a, b)) = filter_bits(&self.prefilter, prefix) else {
            return false;
        };
        let set = |bit: u64| {
            self.prefilter
                .get((bit / 64) as usize)
                .is_some_and(|word| word & (1 << (bit % 64)) != 0)
        };
        set(a) && set(b)
    }

    /// Sets the prefilter from the index: 16 bits per hash, a power of two, at least 64.
    fn rebuild_prefilter(&mut self) {
        self.prefilter.clear();
        if self.index.is_empty() {
            return;
        }
        let bits = (self.index.len() * 16).next_power_of_two().max(64) as u64;
        self.prefilter.resize((bits / 64) as usize, 0);
        for digest in self.index.keys() {
            if let Some((a, b)) = filter_bits(&self.prefilter, digest.prefix()) {
                for bit in [a, b] {
                    if let Some(word) = self.prefilter.get_mut((bit / 64) as usize) {
                        *word |= 1 << (bit % 64);
                    }
                }
            }
        }
    }

    /// The number of distinct SHA-256 hashes in the set.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when no hash is loaded.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn load_file(&mut self, path: &Path, name: &str) -> Result<FeedStats, FeedError> {
        let file = std::fs::File::open(path)
            .map_err(|e| FeedError::new(name, 0, None, format!("cannot open: {e}")))?;
        self.load_or_roll_back(name, io::BufReader::with_capacity(64 * 1024, file))
    }

    fn mark(&self) -> Mark {
        Mark {
            entries: self.entries.len(),
            sources: self.sources.len(),
        }
    }

    fn rollback(&mut self, mark: Mark) {
        if self.entries.len() > mark.entries {
            self.index
                .retain(|_, index| (*index as usize) < mark.entries);
            self.entries.truncate(mark.entries);
        }
        self.sources.truncate(mark.sources);
    }

    /// Adds `digest` unless it is known; `comment` is only built for a new hash.
    fn insert(
        &mut self,
        source: u32,
        digest: [u8; 32],
        comment: impl FnOnce() -> Option<Box<str>>,
    ) -> Result<Insert, String> {
        let next = u32::try_from(self.entries.len())
            .map_err(|_| format!("too many hashes (at most {})", u32::MAX))?;
        match self.index.entry(Digest(digest)) {
            MapEntry::Occupied(_) => Ok(Insert::Duplicate),
            MapEntry::Vacant(slot) => {
                slot.insert(next);
                self.entries.push(Entry {
                    source,
                    comment: comment(),
                });
                Ok(Insert::Added)
            }
        }
    }

    /// Loads a feed without undoing a partial load on error (the callers do).
    fn load_unchecked<R: BufRead>(
        &mut self,
        source: &str,
        mut reader: R,
    ) -> Result<FeedStats, FeedError> {
        let source_index = u32::try_from(self.sources.len())
            .map_err(|_| FeedError::new(source, 0, None, "too many feeds"))?;
        self.sources.push(source.into());

        let mut stats = FeedStats::new(source);
        let mut header: Option<CsvLayout> = None;
        let mut format: Option<Format> = None;
        let mut buf = Vec::with_capacity(256);
        let mut spans = Vec::with_capacity(16);
        let mut line_no = 0usize;
        loop {
            line_no += 1;
            match read_bounded_line(&mut reader, &mut buf, MAX_LINE_BYTES) {
                Ok(ReadLine::Eof) => break,
                Ok(ReadLine::Line) => {}
                Ok(ReadLine::TooLong) => {
                    return Err(FeedError::new(
                        source,
                        line_no,
                        None,
                        format!("line is longer than {MAX_LINE_BYTES} bytes"),
                    ))
                }
                Err(e) => {
                    return Err(FeedError::new(
                        source,
                        line_no,
                        None,
                        format!("read failed: {e}"),
                    ))
                }
            }
            let text = String::from_utf8_lossy(&buf);
            let mut line: &str = &text;
            if line_no == 1 {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(comment) = line.strip_prefix('#') {
                if format.is_none() {
                    if let Some(layout) = CsvLayout::from_header(comment) {
                        header = Some(layout);
                    }
                }
                continue;
            }
            if format.is_none() && header.is_none() {
                // Some exports carry their CSV header as a plain first row.
                if let Some(layout) = CsvLayout::from_header(line) {
                    format = Some(Format::Csv(layout));
                    continue;
                }
            }
            let format = format.get_or_insert_with(|| detect(line, header.take()));
            let ctx = LineCtx {
                source,
                source_index,
                line_no,
            };
            match format {
                Format::Plain => self.plain_line(&ctx, line, &mut stats)?,
                Format::Loki => self.loki_line(&ctx, line, &mut stats)?,
                Format::Csv(layout) => self.csv_line(&ctx, layout, line, &mut spans, &mut stats)?,
            }
        }
        stats.format = match format {
            None => header.map_or(FeedFormat::PlainSha256, |_| FeedFormat::AbuseChCsv),
            Some(Format::Plain) => FeedFormat::PlainSha256,
            Some(Format::Loki) => FeedFormat::Loki,
            Some(Format::Csv(_)) => FeedFormat::AbuseChCsv,
        };
        Ok(stats)
    }

    /// Records one hash token from a plain or LOKI line.
    fn hash_token(
        &mut self,
        ctx: &LineCtx<'_>,
        token: &str,
        comment: impl FnOnce() -> Option<Box<str>>,
        stats: &mut FeedStats,
    ) -> Result<(), FeedError> {
        match classify(token) {
            Token::Sha256(digest) => self.add(ctx, digest, comment, None, stats),
            Token::Sha1 => {
                stats.sha1_skipped += 1;
                Ok(())
            }
            Token::Md5 => {
                stats.md5_skipped += 1;
                Ok(())
            }
            Token::Invalid => Err(ctx.error(
                None,
                format!(
                    "{} is not a SHA-256, SHA-1 or MD5 hash (expected 64, 40 or 32 hex digits)",
                    quote(token)
                ),
            )),
        }
    }

    fn add(
        &mut self,
        ctx: &LineCtx<'_>,
        digest: [u8; 32],
        comment: impl FnOnce() -> Option<Box<str>>,
        field: Option<&str>,
        stats: &mut FeedStats,
    ) -> Result<(), FeedError> {
        match self.insert(ctx.source_index, digest, comment) {
            Ok(Insert::Added) => stats.sha256_loaded += 1,
            Ok(Insert::Duplicate) => stats.sha256_duplicates += 1,
            Err(message) => return Err(ctx.error(field, message)),
        }
        Ok(())
    }

    fn plain_line(
        &mut self,
        ctx: &LineCtx<'_>,
        line: &str,
        stats: &mut FeedStats,
    ) -> Result<(), FeedError> {
        let (token, rest) = line
            .split_once(|c: char| c.is_whitespace())
            .unwrap_or((line, ""));
        // `sha256sum` marks a line whose file name it escaped with a leading backslash.
        let (token, escaped) = match token.strip_prefix('\\') {
            Some(t) => (t, true),
            None => (token, false),
        };
        let rest = rest.trim_start();
        // `*` marks binary mode in `sha256sum` output.
        let file = rest.strip_prefix('*').unwrap_or(rest);
        self.hash_token(
            ctx,
            token,
            || {
                if file.is_empty() {
                    None
                } else if escaped {
                    Some(unescape_sha256sum(file).into_boxed_str())
                } else {
                    Some(file.into())
                }
            },
            stats,
        )
    }

    fn loki_line(
        &mut self,
        ctx: &LineCtx<'_>,
        line: &str,
        stats: &mut FeedStats,
    ) -> Result<(), FeedError> {
        let (token, comment) = line.split_once(';').unwrap_or((line, ""));
        let comment = comment.trim();
        self.hash_token(
            ctx,
            token.trim(),
            || (!comment.is_empty()).then(|| comment.into()),
            stats,
        )
    }

    fn csv_line(
        &mut self,
        ctx: &LineCtx<'_>,
        layout: &CsvLayout,
        line: &str,
        spans: &mut Vec<Span>,
        stats: &mut FeedStats,
    ) -> Result<(), FeedError> {
        split_csv(line, spans).map_err(|e| {
            ctx.error(
                Some(&layout.column_name(e.column)),
                e.kind.message().to_owned(),
            )
        })?;
        if spans.len() < layout.min_columns {
            let missing = layout
                .used_columns()
                .filter(|&c| c >= spans.len())
                .min()
                .unwrap_or(spans.len());
            return Err(ctx.error(
                Some(&layout.column_name(missing)),
                format!(
                    "row has {} columns, expected at least {}",
                    spans.len(),
                    layout.min_columns
                ),
            ));
        }
        let spans = &spans[..];
        let text = |column: usize| field_text(line, spans, column);
        match layout.kind {
            CsvKind::Bazaar {
                sha256,
                signature,
                file_name,
            } => {
                let value = text(sha256);
                let digest = csv_sha256(ctx, layout, sha256, value.trim())?;
                let comment = || {
                    let signature = signature.map(&text);
                    let file_name = file_name.map(&text);
                    let signature = signature.as_deref().and_then(meaningful);
                    let file_name = file_name.as_deref().and_then(meaningful);
                    match (signature, file_name) {
                        (Some(s), Some(f)) => Some(format!("{s} ({f})").into_boxed_str()),
                        (Some(s), None) => Some(s.into()),
                        (None, Some(f)) => Some(f.into()),
                        (None, None) => None,
                    }
                };
                let field = layout.column_name(sha256);
                self.add(ctx, digest, comment, Some(&field), stats)
            }
            CsvKind::ThreatFox {
                value,
                ioc_type,
                printable,
            } => {
                let kind = text(ioc_type);
                match kind.trim() {
                    "sha256_hash" => {
                        let ioc = text(value);
                        let digest = csv_sha256(ctx, layout, value, ioc.trim())?;
                        let comment = || {
                            let name = printable.map(&text);
                            name.as_deref().and_then(meaningful).map(Box::from)
                        };
                        let field = layout.column_name(value);
                        self.add(ctx, digest, comment, Some(&field), stats)
                    }
                    "md5_hash" => {
                        stats.md5_skipped += 1;
                        Ok(())
                    }
                    "sha1_hash" => {
                        stats.sha1_skipped += 1;
                        Ok(())
                    }
                    // URLs, domains, ip:port: not for Shrike.
                    _ => Ok(()),
                }
            }
        }
    }
}

/// The regular, non-hidden files of a feed directory, sorted by name.
fn feed_files(dir: &Path, name: &str) -> Result<Vec<PathBuf>, FeedError> {
    let list_error = |e: io::Error| FeedError::new(name, 0, None, format!("cannot list: {e}"));
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(list_error)? {
        let entry = entry.map_err(list_error)?;
        let file_name = entry.file_name();
        if file_name.as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = entry.path();
        // YARA rule files beside the feeds are the YARA loader's (shrike-yara).
        if shrike_core::event::is_yara_rule_file(&path) {
            continue;
        }
        // Follows symbolic links: a link to a feed file is a feed file.
        let meta = std::fs::metadata(&path).map_err(|e| {
            FeedError::new(
                &path.display().to_string(),
                0,
                None,
                format!("cannot read: {e}"),
            )
        })?;
        if meta.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

// ---------------------------------------------------------------------------------------------
// Line reading
// ---------------------------------------------------------------------------------------------

enum ReadLine {
    Eof,
    Line,
    TooLong,
}

/// Reads one line (without its `\n`) into `buf`, holding at most `limit` bytes of it.
fn read_bounded_line<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    limit: usize,
) -> io::Result<ReadLine> {
    buf.clear();
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok(if buf.is_empty() {
                ReadLine::Eof
            } else {
                ReadLine::Line
            });
        }
        let (piece, newline) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (&chunk[..i], true),
            None => (chunk, false),
        };
        if buf.len() + piece.len() > limit {
            return Ok(ReadLine::TooLong);
        }
        buf.extend_from_slice(piece);
        let used = piece.len() + usize::from(newline);
        reader.consume(used);
        if newline {
            return Ok(ReadLine::Line);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Format detection and hash tokens
// ---------------------------------------------------------------------------------------------

enum Format {
    Plain,
    Loki,
    Csv(CsvLayout),
}

/// Chooses the format from the first data line and the CSV header seen before it, if any.
fn detect(first_line: &str, header: Option<CsvLayout>) -> Format {
    if let Some(layout) = header {
        return Format::Csv(layout);
    }
    if first_line.starts_with('"') {
        return Format::Csv(CsvLayout::headerless());
    }
    // `hash;comment`, but not `hash  file;name` from `sha256sum`.
    match first_line.split_once(';') {
        Some((hash, _)) if !hash.trim().contains(char::is_whitespace) => Format::Loki,
        _ => Format::Plain,
    }
}

enum Token {
    Sha256([u8; 32]),
    Sha1,
    Md5,
    Invalid,
}

fn classify(token: &str) -> Token {
    let hex_len = |len: usize| token.len() == len && token.bytes().all(|b| b.is_ascii_hexdigit());
    if hex_len(64) {
        let mut digest = [0u8; 32];
        match hex::decode_to_slice(token, &mut digest) {
            Ok(()) => Token::Sha256(digest),
            Err(_) => Token::Invalid,
        }
    } else if hex_len(40) {
        Token::Sha1
    } else if hex_len(32) {
        Token::Md5
    } else {
        Token::Invalid
    }
}

/// Quotes (at most [`MAX_QUOTE_CHARS`] characters of) offending input for an error message.
fn quote(text: &str) -> String {
    match text.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

/// Undoes `sha256sum`'s escaping of a file name (`\\` and `\n`).
fn unescape_sha256sum(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A CSV value worth keeping as a comment: not empty and not `n/a`.
fn meaningful(value: &str) -> Option<&str> {
    let value = value.trim();
    (!value.is_empty() && !value.eq_ignore_ascii_case("n/a")).then_some(value)
}

/// The feed and line being parsed, for errors and inserts.
struct LineCtx<'s> {
    source: &'s str,
    source_index: u32,
    line_no: usize,
}

impl LineCtx<'_> {
    fn error(&self, field: Option<&str>, message: impl Into<String>) -> FeedError {
        FeedError::new(self.source, self.line_no, field.map(str::to_owned), message)
    }
}

/// The SHA-256 in a CSV column that must hold one.
fn csv_sha256(
    ctx: &LineCtx<'_>,
    layout: &CsvLayout,
    column: usize,
    value: &str,
) -> Result<[u8; 32], FeedError> {
    match classify(value) {
        Token::Sha256(digest) => Ok(digest),
        _ => Err(ctx.error(
            Some(&layout.column_name(column)),
            format!("{} is not a SHA-256 hash (64 hex digits)", quote(value)),
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------------

/// Which columns of an abuse.ch CSV hold what Shrike needs.
struct CsvLayout {
    kind: CsvKind,
    /// Header names, for errors (empty without a header).
    names: Vec<String>,
    /// Rows must have at least this many columns.
    min_columns: usize,
}

#[derive(Clone, Copy)]
enum CsvKind {
    /// MalwareBazaar: a `sha256_hash` column on every row.
    Bazaar {
        sha256: usize,
        signature: Option<usize>,
        file_name: Option<usize>,
    },
    /// ThreatFox: `ioc_value` is a SHA-256 where `ioc_type` is `sha256_hash`.
    ThreatFox {
        value: usize,
        ioc_type: usize,
        printable: Option<usize>,
    },
}

impl CsvLayout {
    /// The MalwareBazaar layout assumed without a header: the SHA-256 in the second column.
    fn headerless() -> Self {
        Self::new(
            CsvKind::Bazaar {
                sha256: 1,
                signature: None,
                file_name: None,
            },
            Vec::new(),
        )
    }

    fn new(kind: CsvKind, names: Vec<String>) -> Self {
        let mut layout = Self {
            kind,
            names,
            min_columns: 0,
        };
        layout.min_columns = layout.used_columns().max().map_or(0, |c| c + 1);
        layout
    }

    /// Parses a comment line (without its `#`) as a CSV header, if it is one.
    fn from_header(comment: &str) -> Option<Self> {
        if !comment.contains("sha256_hash") && !comment.contains("ioc_value") {
            return None;
        }
        let comment = comment.trim();
        let mut spans = Vec::new();
        split_csv(comment, &mut spans).ok()?;
        let names: Vec<String> = spans
            .iter()
            .map(|s| s.text(comment).trim().to_owned())
            .collect();
        let find = |name: &str| names.iter().position(|n| n.eq_ignore_ascii_case(name));
        let kind = if let Some(sha256) = find("sha256_hash") {
            CsvKind::Bazaar {
                sha256,
                signature: find("signature"),
                file_name: find("file_name"),
            }
        } else {
            CsvKind::ThreatFox {
                value: find("ioc_value")?,
                ioc_type: find("ioc_type")?,
                printable: find("malware_printable"),
            }
        };
        Some(Self::new(kind, names))
    }

    fn used_columns(&self) -> impl Iterator<Item = usize> {
        let (a, b, c) = match self.kind {
            CsvKind::Bazaar {
                sha256,
                signature,
                file_name,
            } => (Some(sha256), signature, file_name),
            CsvKind::ThreatFox {
                value,
                ioc_type,
                printable,
            } => (Some(value), Some(ioc_type), printable),
        };
        [a, b, c].into_iter().flatten()
    }

    /// The header name of a column, or what it is assumed to be without a header.
    fn column_name(&self, column: usize) -> String {
        if let Some(name) = self.names.get(column).filter(|n| !n.is_empty()) {
            return name.clone();
        }
        match self.kind {
            CsvKind::Bazaar { sha256, .. } if sha256 == column => "sha256_hash".to_owned(),
            _ => format!("column {}", column + 1),
        }
    }
}

/// The text of field `column` of a split CSV line (empty if there is no such field).
fn field_text<'l>(line: &'l str, spans: &[Span], column: usize) -> Cow<'l, str> {
    spans
        .get(column)
        .map_or(Cow::Borrowed(""), |span| span.text(line))
}

/// One field of a CSV line, as a byte range of the line.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    /// Quoted and containing `""`, which stands for `"`.
    escaped: bool,
}

impl Span {
    fn text<'l>(&self, line: &'l str) -> Cow<'l, str> {
        let raw = line.get(self.start..self.end).unwrap_or("");
        if self.escaped {
            Cow::Owned(raw.replace("\"\"", "\""))
        } else {
            Cow::Borrowed(raw)
        }
    }
}

struct CsvError {
    /// 0-based column of the bad field.
    column: usize,
    kind: CsvErrorKind,
}

enum CsvErrorKind {
    Unterminated,
    AfterQuote,
}

impl CsvErrorKind {
    fn message(&self) -> &'static str {
        match self {
            CsvErrorKind::Unterminated => "unterminated quoted field",
            CsvErrorKind::AfterQuote => "unexpected text after a quoted field's closing quote",
        }
    }
}

/// Splits a CSV line into fields: separated by `,` and optional spaces or tabs, each either
/// double-quoted (`""` inside is a quote; commas are data) or bare (up to the next comma, trailing
/// spaces trimmed). Fields are byte ranges of `line` so a row costs no allocation.
fn split_csv(line: &str, spans: &mut Vec<Span>) -> Result<(), CsvError> {
    spans.clear();
    let bytes = line.as_bytes();
    let skip_blanks = |mut pos: usize| {
        while matches!(bytes.get(pos), Some(b' ' | b'\t')) {
            pos += 1;
        }
        pos
    };
    let mut pos = 0;
    loop {
        pos = skip_blanks(pos);
        let column = spans.len();
        if bytes.get(pos) == Some(&b'"') {
            let start = pos + 1;
            let mut at = start;
            let mut escaped = false;
            let end = loop {
                let quote = bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&b| b == b'"'))
                    .map(|i| at + i)
                    .ok_or(CsvError {
                        column,
                        kind: CsvErrorKind::Unterminated,
                    })?;
                if bytes.get(quote + 1) == Some(&b'"') {
                    escaped = true;
                    at = quote + 2;
                } else {
                    break quote;
                }
            };
            spans.push(Span {
                start,
                end,
                escaped,
            });
            pos = skip_blanks(end + 1);
            match bytes.get(pos) {
                None => return Ok(()),
                Some(b',') => pos += 1,
                Some(_) => {
                    return Err(CsvError {
                        column,
                        kind: CsvErrorKind::AfterQuote,
                    })
                }
            }
        } else {
            let end = bytes
                .get(pos..)
                .and_then(|rest| rest.iter().position(|&b| b == b','))
                .map_or(bytes.len(), |i| pos + i);
            let mut trimmed = end;
            while trimmed > pos && matches!(bytes.get(trimmed - 1), Some(b' ' | b'\t')) {
                trimmed -= 1;
            }
            spans.push(Span {
                start: pos,
                end: trimmed,
                escaped: false,
            });
            if end == bytes.len() {
                return Ok(());
            }
            pos = end + 1;
        }
    }
}

#[cfg(test)]
mod tests;
