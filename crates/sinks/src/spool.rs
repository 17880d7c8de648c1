//! A bounded, on-disk, append-only queue between the detection loop and a remote sink.
//!
//! The loop appends each finding as one line ([`Spool::append`], one `write` call: the delivery
//! thread sees it at once) and makes the appended lines durable with [`Spool::sync`]; a
//! delivery thread reads them with a
//! [`SpoolReader`] and, once the remote end has acknowledged a batch, [`Spool::commit`]s the
//! position after it. What is not committed is delivered again after a failure or a restart, so
//! delivery is at-least-once; the remote ends de-duplicate by finding name.
//!
//! On disk a spool is a directory of segment files (`00000000000000000001.seg`, …) holding
//! newline-terminated records, and a `cursor` file naming the first record not yet
//! acknowledged. A process always appends to a fresh segment, so a record torn by a crash can
//! only be the tail of an older segment; the reader skips it and counts it. Only one process may
//! use a spool directory at a time (a lock file enforces it).
//!
//! The spool is bounded by bytes: an append that would take it over the bound is refused and
//! counted ([`SpoolStats::dropped`]), and the caller reports it.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Duration;

/// A segment is closed and a new one started once it reaches this size.
pub const DEFAULT_SEGMENT_BYTES: u64 = 16 << 20;
/// The default bound on a spool's unacknowledged bytes.
pub const DEFAULT_MAX_BYTES: u64 = 512 << 20;
/// The longest record a spool accepts (a finding with its captured script is far smaller).
pub const MAX_RECORD_BYTES: usize = 16 << 20;

const CURSOR_FILE: &str = "cursor";
const LOCK_FILE: &str = "lock";

/// Where a record sits: a segment number and a byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// The segment number.
    pub segment: u64,
    /// The byte offset in the segment.
    pub offset: u64,
}

/// A record read from the spool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The record's bytes, without the newline.
    pub data: Vec<u8>,
    /// The position just after it: commit this once the record is delivered.
    pub end: Position,
}

/// What became of an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[must_use]
pub enum Appended {
    /// Written to the spool.
    Spooled,
    /// Refused: the spool is at its bound.
    Dropped,
}

/// A spool's counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SpoolStats {
    /// Records waiting for delivery.
    pub records: u64,
    /// Bytes waiting for delivery.
    pub bytes: u64,
    /// Records refused because the spool was full, since it was opened.
    pub dropped: u64,
    /// Torn records (a crash mid-write) skipped, since it was opened.
    pub torn: u64,
}

/// Spool settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolConfig {
    /// The directory (created if missing).
    pub dir: PathBuf,
    /// The bound on unacknowledged bytes.
    pub max_bytes: u64,
    /// The size at which a segment is closed.
    pub segment_bytes: u64,
}

impl SpoolConfig {
    /// A spool in `dir` with the default bounds.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            max_bytes: DEFAULT_MAX_BYTES,
            segment_bytes: DEFAULT_SEGMENT_BYTES,
        }
    }
}

struct Inner {
    writer: File,
    /// The record being appended, with its newline.
    line: Vec<u8>,
    /// The segment being appended to, and the bytes written to it: the reader does not go
    /// past it.
    visible: Position,
    /// The first unacknowledged record.
    cursor: Position,
    /// Sizes of the segments on disk, including the one being written.
    segments: BTreeMap<u64, u64>,
    /// Unacknowledged records and bytes.
    records: u64,
    bytes: u64,
    dropped: u64,
    torn: u64,
    closed: bool,
}

/// The queue; share it between the appending side and the delivering thread with an `Arc`.
pub struct Spool {
    config: SpoolConfig,
    inner: Mutex<Inner>,
    ready: Condvar,
    _lock: File,
}

fn segment_path(dir: &Path, segment: u64) -> PathBuf {
    dir.join(format!("{segment:020}.seg"))
}

fn bad_data(path: &Path, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {what}", path.display()),
    )
}

fn read_cursor(dir: &Path) -> io::Result<Option<Position>> {
    let path = dir.join(CURSOR_FILE);
    let mut text = String::new();
    match File::open(&path) {
        Ok(f) => {
            f.take(256).read_to_string(&mut text)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    }
    let mut parts = text.split_whitespace().map(str::parse::<u64>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(segment)), Some(Ok(offset)), None) => Ok(Some(Position { segment, offset })),
        _ => Err(bad_data(
            &path,
            format!("line 1: expected `SEGMENT OFFSET`, found {text:?}"),
        )),
    }
}

fn write_cursor(dir: &Path, pos: Position) -> io::Result<()> {
    let tmp = dir.join("cursor.tmp");
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .mode(0o600)
            .open(&tmp)?;
        writeln!(f, "{} {}", pos.segment, pos.offset)?;
    }
    std::fs::rename(&tmp, dir.join(CURSOR_FILE))
}

fn count_records(path: &Path, from: u64) -> io::Result<u64> {
    let mut f = File::open(path)?;
    f.seek(SeekFrom::Start(from))?;
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        let got = f.read(&mut buf)?;
        if got == 0 {
            return Ok(n);
        }
        n += buf[..got].iter().filter(|&&b| b == b'\n').count() as u64;
    }
}

fn create_dir_private(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

fn open_segment(dir: &Path, segment: u64) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .create_new(true)
        .append(true)
        .mode(0o600)
        .open(segment_path(dir, segment))
}

impl Spool {
    /// Opens (or creates) the spool in `config.dir`, taking its lock. Records left by an earlier
    /// run are delivered first.
    pub fn open(config: SpoolConfig) -> io::Result<Self> {
        let dir = config.dir.clone();
        create_dir_private(&dir)?;
        use std::os::unix::fs::OpenOptionsExt;
        let lock = OpenOptions::new()
            .mode(0o600)
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "spool {} is in use by another process (one spool per sink and process)",
                        dir.display()
                    ),
                ))
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        let mut segments = BTreeMap::new();
        for entry in std::fs::read_dir(&dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let Some(num) = name.to_str().and_then(|n| n.strip_suffix(".seg")) else {
                continue;
            };
            let Ok(num) = num.parse::<u64>() else {
                continue;
            };
            segments.insert(num, entry.metadata()?.len());
        }
        let first = segments.keys().next().copied().unwrap_or(1);
        let mut cursor = read_cursor(&dir)?.unwrap_or(Position {
            segment: first,
            offset: 0,
        });
        // Segments before the cursor were delivered; a cursor before the first segment means
        // the segments it named were delivered and removed.
        if cursor.segment < first {
            cursor = Position {
                segment: first,
                offset: 0,
            };
        }
        let stale: Vec<u64> = segments.range(..cursor.segment).map(|(&n, _)| n).collect();
        for n in stale {
            std::fs::remove_file(segment_path(&dir, n))?;
            segments.remove(&n);
        }
        let mut records = 0;
        let mut bytes = 0;
        for (&n, &len) in &segments {
            let from = if n == cursor.segment {
                cursor.offset.min(len)
            } else {
                0
            };
            bytes += len - from;
            records += count_records(&segment_path(&dir, n), from)?;
        }
        let next = segments.keys().next_back().map_or(first, |&n| n + 1);
        let writer = open_segment(&dir, next)?;
        segments.insert(next, 0);
        let visible = Position {
            segment: next,
            offset: 0,
        };
        Ok(Self {
            config,
            inner: Mutex::new(Inner {
                writer,
                line: Vec::new(),
                visible,
                cursor,
                segments,
                records,
                bytes,
                dropped: 0,
                torn: 0,
                closed: false,
            }),
            ready: Condvar::new(),
            _lock: lock,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent counters (every update is a few
        // plain assignments), so a poisoned lock is still usable.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The spool's directory.
    pub fn dir(&self) -> &Path {
        &self.config.dir
    }

    /// Appends one record (`data` must not contain a newline; JSON text never does). The reader
    /// sees it at once; it is on disk after the next [`sync`](Self::sync).
    pub fn append(&self, data: &[u8]) -> io::Result<Appended> {
        if data.contains(&b'\n') {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a spool record cannot contain a newline",
            ));
        }
        if data.len() > MAX_RECORD_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "a spool record of {} bytes is over the {MAX_RECORD_BYTES}-byte bound",
                    data.len()
                ),
            ));
        }
        let len = data.len() as u64 + 1;
        let mut inner = self.lock();
        if inner.bytes + len > self.config.max_bytes {
            inner.dropped += 1;
            return Ok(Appended::Dropped);
        }
        if inner.visible.offset > 0 && inner.visible.offset + len > self.config.segment_bytes {
            self.roll(&mut inner)?;
        }
        let Inner { writer, line, .. } = &mut *inner;
        line.clear();
        line.extend_from_slice(data);
        line.push(b'\n');
        writer.write_all(line)?;
        inner.visible.offset += len;
        let seg = inner.visible.segment;
        *inner.segments.entry(seg).or_insert(0) += len;
        inner.records += 1;
        inner.bytes += len;
        drop(inner);
        self.ready.notify_all();
        Ok(Appended::Spooled)
    }

    /// Closes the current segment and starts the next one.
    fn roll(&self, inner: &mut Inner) -> io::Result<()> {
        inner.writer.sync_data()?;
        let next = inner.visible.segment + 1;
        inner.writer = open_segment(&self.config.dir, next)?;
        inner.segments.insert(next, 0);
        inner.visible = Position {
            segment: next,
            offset: 0,
        };
        Ok(())
    }

    /// Puts everything appended on disk.
    pub fn sync(&self) -> io::Result<()> {
        self.lock().writer.sync_data()
    }

    /// Acknowledges every record before `pos`: they are gone from the spool.
    pub fn commit(&self, pos: Position) -> io::Result<()> {
        let mut inner = self.lock();
        if pos <= inner.cursor {
            return Ok(());
        }
        // Count what the commit removes.
        let mut bytes = 0;
        for (&n, &len) in inner.segments.range(inner.cursor.segment..=pos.segment) {
            let from = if n == inner.cursor.segment {
                inner.cursor.offset
            } else {
                0
            };
            let to = if n == pos.segment { pos.offset } else { len };
            bytes += to.saturating_sub(from);
        }
        write_cursor(&self.config.dir, pos)?;
        let done: Vec<u64> = inner
            .segments
            .range(..pos.segment)
            .map(|(&n, _)| n)
            .collect();
        for n in done {
            std::fs::remove_file(segment_path(&self.config.dir, n))?;
            inner.segments.remove(&n);
        }
        inner.cursor = pos;
        inner.bytes = inner.bytes.saturating_sub(bytes);
        Ok(())
    }

    /// Notes that `n` records were acknowledged (kept apart from [`commit`](Self::commit) so
    /// that the count needs no second read of the data).
    fn acknowledged(&self, n: u64) {
        let mut inner = self.lock();
        inner.records = inner.records.saturating_sub(n);
    }

    /// Wakes a reader waiting in [`SpoolReader::next_batch`] for good: it returns what is left,
    /// then empty batches.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    /// The counters.
    pub fn stats(&self) -> SpoolStats {
        let inner = self.lock();
        SpoolStats {
            records: inner.records,
            bytes: inner.bytes,
            dropped: inner.dropped,
            torn: inner.torn,
        }
    }

    /// A reader starting at the first unacknowledged record.
    pub fn reader(&self) -> SpoolReader<'_> {
        let cursor = self.lock().cursor;
        SpoolReader {
            spool: self,
            pos: cursor,
            file: None,
            buf: Vec::new(),
        }
    }
}

/// The delivering side of a [`Spool`]: reads records ahead of the cursor.
pub struct SpoolReader<'a> {
    spool: &'a Spool,
    pos: Position,
    file: Option<(u64, File)>,
    buf: Vec<u8>,
}

impl SpoolReader<'_> {
    /// Goes back to the first unacknowledged record (after a failed delivery).
    pub fn rewind(&mut self) {
        self.pos = self.spool.lock().cursor;
    }

    /// Acknowledges the records of a delivered batch: commits the position after its last.
    pub fn commit(&mut self, batch: &[Record]) -> io::Result<()> {
        if let Some(last) = batch.last() {
            self.spool.commit(last.end)?;
            self.spool.acknowledged(batch.len() as u64);
        }
        Ok(())
    }

    /// Up to `max` records after the reader's position, waiting up to `wait` for the first.
    /// Returns an empty batch when nothing arrived in time or the spool is closed and drained.
    pub fn next_batch(
        &mut self,
        max: usize,
        max_bytes: usize,
        wait: Duration,
    ) -> io::Result<Vec<Record>> {
        let deadline = std::time::Instant::now() + wait;
        loop {
            let (limit, last_segment, closed) = {
                let mut inner = self.spool.lock();
                loop {
                    let limit = if self.pos.segment == inner.visible.segment {
                        inner.visible.offset
                    } else {
                        inner.segments.get(&self.pos.segment).copied().unwrap_or(0)
                    };
                    let more_segments = self.pos.segment < inner.visible.segment;
                    if self.pos.offset < limit || more_segments || inner.closed {
                        break (limit, !more_segments, inner.closed);
                    }
                    let now = std::time::Instant::now();
                    if now >= deadline {
                        return Ok(Vec::new());
                    }
                    inner = self
                        .spool
                        .ready
                        .wait_timeout(inner, deadline - now)
                        .map(|(g, _)| g)
                        .unwrap_or_else(|p| p.into_inner().0);
                }
            };
            if self.pos.offset >= limit {
                if last_segment {
                    // Closed and drained.
                    debug_assert!(closed);
                    return Ok(Vec::new());
                }
                self.next_segment();
                continue;
            }
            let batch = self.read(limit, max, max_bytes, last_segment)?;
            if !batch.is_empty() {
                return Ok(batch);
            }
        }
    }

    fn next_segment(&mut self) {
        let inner = self.spool.lock();
        let next = inner
            .segments
            .range(self.pos.segment + 1..)
            .next()
            .map_or(self.pos.segment + 1, |(&n, _)| n);
        self.pos = Position {
            segment: next,
            offset: 0,
        };
        self.file = None;
    }

    /// Reads whole records between the position and `limit` in the current segment.
    fn read(
        &mut self,
        limit: u64,
        max: usize,
        max_bytes: usize,
        last_segment: bool,
    ) -> io::Result<Vec<Record>> {
        let segment = self.pos.segment;
        let path = segment_path(&self.spool.config.dir, segment);
        if self.file.as_ref().map(|(n, _)| *n) != Some(segment) {
            self.file = Some((segment, File::open(&path)?));
        }
        let Some((_, file)) = self.file.as_mut() else {
            return Ok(Vec::new());
        };
        let available = (limit - self.pos.offset) as usize;
        // Enough for `max_bytes` of records, or for one whole record if it is longer.
        let mut want = available.min(max_bytes.max(1));
        loop {
            self.buf.resize(want, 0);
            file.seek(SeekFrom::Start(self.pos.offset))?;
            file.read_exact(&mut self.buf[..want])?;
            if want == available || self.buf[..want].contains(&b'\n') {
                break;
            }
            want = available.min(MAX_RECORD_BYTES + 1);
        }
        let mut batch = Vec::new();
        let mut start = 0;
        let mut used = 0;
        while batch.len() < max && used < max_bytes {
            let Some(nl) = self.buf[start..want].iter().position(|&b| b == b'\n') else {
                break;
            };
            let data = self.buf[start..start + nl].to_vec();
            start += nl + 1;
            used += nl + 1;
            batch.push(Record {
                data,
                end: Position {
                    segment,
                    offset: self.pos.offset + start as u64,
                },
            });
        }
        if batch.is_empty() && start == 0 && want == available && !last_segment {
            // The tail of an older segment without a newline: a record torn by a crash.
            // Its bytes leave the count when the cursor passes them.
            self.spool.lock().torn += 1;
            tracing::warn!(
                spool = %self.spool.config.dir.display(),
                segment,
                bytes = available,
                "skipping a torn record at the end of a spool segment (the process died mid-write)"
            );
            self.pos.offset = limit;
            return Ok(Vec::new());
        }
        if batch.is_empty() && start == 0 {
            return Err(bad_data(
                &path,
                format!(
                    "offset {}: no record end within {want} bytes",
                    self.pos.offset
                ),
            ));
        }
        self.pos.offset += start as u64;
        Ok(batch)
    }
}

#[cfg(test)]
#[path = "spool_tests.rs"]
mod tests;
