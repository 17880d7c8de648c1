#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use std::sync::Arc;

const NOW: Duration = Duration::ZERO;

fn small(dir: &Path) -> SpoolConfig {
    SpoolConfig {
        dir: dir.to_path_buf(),
        max_bytes: 1 << 20,
        segment_bytes: 100,
    }
}

fn texts(batch: &[Record]) -> Vec<String> {
    batch
        .iter()
        .map(|r| String::from_utf8(r.data.clone()).unwrap())
        .collect()
}

fn drain(spool: &Spool) -> Vec<String> {
    let mut reader = spool.reader();
    let mut out = Vec::new();
    loop {
        let batch = reader.next_batch(7, 1 << 20, NOW).unwrap();
        if batch.is_empty() {
            return out;
        }
        out.extend(texts(&batch));
        reader.commit(&batch).unwrap();
    }
}

#[test]
fn records_are_read_in_order_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(small(dir.path())).unwrap();
    for i in 0..50 {
        assert_eq!(
            spool.append(format!("record {i}").as_bytes()).unwrap(),
            Appended::Spooled
        );
    }
    spool.sync().unwrap();
    let got = drain(&spool);
    let want: Vec<String> = (0..50).map(|i| format!("record {i}")).collect();
    assert_eq!(got, want);
    let stats = spool.stats();
    assert_eq!((stats.records, stats.bytes), (0, 0));
    // Delivered segments are removed; the one being written stays.
    let segs = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "seg")
        })
        .count();
    assert_eq!(segs, 1);
}

#[test]
fn unacknowledged_records_survive_a_restart_and_acknowledged_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    {
        let spool = Spool::open(small(dir.path())).unwrap();
        for i in 0..30 {
            let _ = spool.append(format!("r{i}").as_bytes()).unwrap();
        }
        spool.sync().unwrap();
        let mut reader = spool.reader();
        let batch = reader.next_batch(10, 1 << 20, NOW).unwrap();
        assert_eq!(texts(&batch)[0], "r0");
        reader.commit(&batch).unwrap();
        // Read but never acknowledged: must come back.
        let _ = reader.next_batch(10, 1 << 20, NOW).unwrap();
    }
    let spool = Spool::open(small(dir.path())).unwrap();
    assert_eq!(spool.stats().records, 20);
    let got = drain(&spool);
    assert_eq!(got, (10..30).map(|i| format!("r{i}")).collect::<Vec<_>>());
}

#[test]
fn rewind_delivers_a_failed_batch_again() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(small(dir.path())).unwrap();
    for i in 0..5 {
        let _ = spool.append(format!("r{i}").as_bytes()).unwrap();
    }
    spool.sync().unwrap();
    let mut reader = spool.reader();
    let first = reader.next_batch(3, 1 << 20, NOW).unwrap();
    reader.rewind();
    let again = reader.next_batch(3, 1 << 20, NOW).unwrap();
    assert_eq!(first, again);
}

#[test]
fn a_full_spool_refuses_and_counts_and_accepts_again_once_drained() {
    let dir = tempfile::tempdir().unwrap();
    let config = SpoolConfig {
        max_bytes: 50,
        ..small(dir.path())
    };
    let spool = Spool::open(config).unwrap();
    let mut spooled = 0;
    for _ in 0..10 {
        if spool.append(b"0123456789").unwrap() == Appended::Spooled {
            spooled += 1;
        }
    }
    assert_eq!(spooled, 4, "11 bytes a record under a 50-byte bound");
    assert_eq!(spool.stats().dropped, 6);
    spool.sync().unwrap();
    assert_eq!(drain(&spool).len(), 4);
    assert_eq!(spool.append(b"0123456789").unwrap(), Appended::Spooled);
}

#[test]
fn a_record_torn_by_a_crash_is_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    {
        let spool = Spool::open(small(dir.path())).unwrap();
        let _ = spool.append(b"whole").unwrap();
        spool.sync().unwrap();
    }
    // A crash in the middle of the next append.
    let seg = segment_path(dir.path(), 1);
    let mut f = OpenOptions::new().append(true).open(&seg).unwrap();
    f.write_all(b"{\"torn").unwrap();
    drop(f);
    let spool = Spool::open(small(dir.path())).unwrap();
    let _ = spool.append(b"after").unwrap();
    spool.sync().unwrap();
    assert_eq!(drain(&spool), vec!["whole", "after"]);
    assert_eq!(spool.stats().torn, 1);
    assert_eq!(spool.stats().bytes, 0);
}

#[test]
fn a_spool_is_used_by_one_process_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    let _first = Spool::open(small(dir.path())).unwrap();
    let err = Spool::open(small(dir.path())).err().unwrap();
    assert!(
        err.to_string().contains("in use by another process"),
        "{err}"
    );
}

#[test]
fn bad_records_and_a_bad_cursor_are_errors_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    {
        let spool = Spool::open(small(dir.path())).unwrap();
        assert!(spool.append(b"two\nlines").is_err());
    }
    std::fs::write(dir.path().join("cursor"), "x y\n").unwrap();
    let err = Spool::open(small(dir.path())).err().unwrap();
    assert!(err.to_string().contains("cursor: line 1"), "{err}");
}

#[test]
fn a_waiting_reader_wakes_on_sync_and_on_close() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Arc::new(Spool::open(small(dir.path())).unwrap());
    let writer = {
        let spool = Arc::clone(&spool);
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            let _ = spool.append(b"late").unwrap();
            spool.sync().unwrap();
            std::thread::sleep(Duration::from_millis(50));
            spool.close();
        })
    };
    let mut reader = spool.reader();
    let batch = reader
        .next_batch(10, 1 << 20, Duration::from_secs(10))
        .unwrap();
    assert_eq!(texts(&batch), vec!["late"]);
    reader.commit(&batch).unwrap();
    let started = std::time::Instant::now();
    assert!(reader
        .next_batch(10, 1 << 20, Duration::from_secs(10))
        .unwrap()
        .is_empty());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "close wakes the reader"
    );
    writer.join().unwrap();
}

#[test]
fn a_record_longer_than_the_batch_byte_bound_is_still_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let spool = Spool::open(SpoolConfig::new(dir.path())).unwrap();
    let big = vec![b'x'; 300_000];
    let _ = spool.append(&big).unwrap();
    let _ = spool.append(b"next").unwrap();
    spool.sync().unwrap();
    let mut reader = spool.reader();
    let batch = reader.next_batch(10, 1024, NOW).unwrap();
    assert_eq!(batch.len(), 1);
    assert_eq!(batch[0].data.len(), 300_000);
    reader.commit(&batch).unwrap();
    assert_eq!(
        texts(&reader.next_batch(10, 1024, NOW).unwrap()),
        vec!["next"]
    );
}
