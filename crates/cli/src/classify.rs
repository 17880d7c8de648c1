//! `shrike classify`: scores Python files with the malicious-Python model, through the same
//! [`shrike_pyml::Classifier`] the detector uses.

use crate::commands::{classifier, ClassifyArgs};
use crate::exit::Failure;
use anyhow::anyhow;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// Files larger than this are scored in part (the sensor captures less): their first
/// `MAX_BYTES - TAIL_BYTES` bytes and, on their own, their last [`TAIL_BYTES`], so that code
/// appended after padding is scored too. The verdict is the part that scores higher.
const MAX_BYTES: u64 = 8 << 20;
/// How much of the end of a file larger than [`MAX_BYTES`] is scored.
const TAIL_BYTES: u64 = 1 << 20;

/// What is scored of a file: all of it, or its start and its end.
struct Text {
    head: String,
    /// The end, for a file larger than [`MAX_BYTES`].
    tail: Option<String>,
    /// The bytes read for each (before decoding).
    read: (usize, usize),
}

/// A table row: path, score, verdict, reasons, and the bytes scored from the start and from
/// the end when the file was scored in part.
type Row = (String, f32, bool, String, Option<(usize, usize)>);

/// One input: a file to score, or why it could not be read.
enum Input {
    File(PathBuf),
    Unreadable(PathBuf, String),
}

/// Expands directories into their `.py` files (sorted, symlinks not followed).
fn inputs(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        match std::fs::symlink_metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out),
            Ok(_) => out.push(Input::File(p.clone())),
            Err(e) => out.push(Input::Unreadable(p.clone(), e.to_string())),
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<Input>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            out.push(Input::Unreadable(dir.to_path_buf(), e.to_string()));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for e in entries {
        match e {
            Ok(e) => paths.push(e.path()),
            Err(e) => out.push(Input::Unreadable(dir.to_path_buf(), e.to_string())),
        }
    }
    paths.sort();
    for p in paths {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, out),
            Ok(m) if m.is_file() && p.extension().is_some_and(|x| x == "py") => {
                out.push(Input::File(p));
            }
            Ok(_) => {}
            Err(e) => out.push(Input::Unreadable(p, e.to_string())),
        }
    }
}

fn read(path: &Path) -> Result<Text, String> {
    // Checked before opening: opening a FIFO named on the command line would wait forever for
    // a writer.
    if !std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .is_file()
    {
        return Err("not a regular file".into());
    }
    let mut f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let whole = meta.len() <= MAX_BYTES;
    let head_bytes = if whole {
        MAX_BYTES
    } else {
        MAX_BYTES - TAIL_BYTES
    };
    let mut buf = Vec::new();
    (&mut f)
        .take(head_bytes)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    let mut tail_read = 0;
    let tail = if whole {
        None
    } else {
        use std::io::Seek as _;
        f.seek(std::io::SeekFrom::Start(meta.len() - TAIL_BYTES))
            .map_err(|e| e.to_string())?;
        let mut end = Vec::new();
        f.take(TAIL_BYTES)
            .read_to_end(&mut end)
            .map_err(|e| e.to_string())?;
        tail_read = end.len();
        // A file that shrank since its size was read may have no end left to score.
        (!end.is_empty()).then(|| String::from_utf8_lossy(&end).into_owned())
    };
    Ok(Text {
        head: String::from_utf8_lossy(&buf).into_owned(),
        tail,
        read: (buf.len(), tail_read),
    })
}

/// Runs `shrike classify`.
pub fn run(args: ClassifyArgs) -> Result<(), Failure> {
    let c = classifier(&args.pyml)?;
    let threshold = shrike_core::ScriptClassifier::threshold(&c);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut unreadable = 0usize;
    let mut flagged = 0usize;
    let mut rows: Vec<Row> = Vec::new();
    for input in inputs(&args.files) {
        let (path, result) = match input {
            Input::File(p) => {
                let r = read(&p);
                (p, r)
            }
            Input::Unreadable(p, e) => (p, Err(e)),
        };
        let shown = path.display().to_string();
        match result {
            Ok(text) => {
                let truncated = text.tail.is_some();
                let mut v = c.explain(&text.head);
                // The end is explained (three times the work of a score) only when it scores
                // higher.
                if let Some(tail) = &text.tail {
                    if shrike_core::ScriptClassifier::score(&c, tail) > v.score {
                        v = c.explain(tail);
                    }
                }
                let malicious = v.score >= threshold;
                flagged += usize::from(malicious);
                let reasons = v.reasons_text();
                if args.json {
                    let mut line = serde_json::json!({
                        "path": shown,
                        "score": v.score,
                        "malicious": malicious,
                        "reasons": v.reasons.iter().map(|r| r.words.clone()).collect::<Vec<_>>(),
                    });
                    if truncated {
                        line["truncated"] = serde_json::json!(true);
                        line["scored_bytes"] = serde_json::json!(text.read.0);
                        line["scored_tail_bytes"] = serde_json::json!(text.read.1);
                    }
                    writeln!(out, "{line}")?;
                } else {
                    rows.push((
                        shown,
                        v.score,
                        malicious,
                        reasons,
                        truncated.then_some(text.read),
                    ));
                }
            }
            Err(e) => {
                unreadable += 1;
                if args.json {
                    writeln!(out, "{}", serde_json::json!({"path": shown, "error": e}))?;
                } else {
                    eprintln!("shrike classify: {shown}: {e}");
                }
            }
        }
    }
    if !args.json {
        let width = rows
            .iter()
            .map(|r| r.0.len())
            .max()
            .unwrap_or(4)
            .clamp(4, 80);
        writeln!(
            out,
            "{:<width$}  {:>6}  {:<9}  WHY",
            "FILE", "SCORE", "VERDICT"
        )?;
        for (path, score, malicious, reasons, parts) in &rows {
            let verdict = if *malicious { "malicious" } else { "benign" };
            // A file scored in part says so whatever its verdict.
            let part = parts.map(|(head, tail)| {
                format!("scored the first {head} and the last {tail} bytes, each on its own")
            });
            let why = match (*malicious, part) {
                (true, Some(part)) => format!("{part}; {reasons}"),
                (true, None) => reasons.clone(),
                (false, Some(part)) => part,
                (false, None) => String::new(),
            };
            writeln!(out, "{path:<width$}  {score:>6.3}  {verdict:<9}  {why}")?;
        }
        writeln!(
            out,
            "{} scored, {flagged} malicious at threshold {threshold:.3} ({}){}",
            rows.len(),
            c.model().name,
            if unreadable > 0 {
                format!(", {unreadable} unreadable")
            } else {
                String::new()
            }
        )?;
    }
    out.flush()?;
    if unreadable > 0 {
        return Err(Failure::other(anyhow!(
            "{unreadable} input(s) could not be read (listed above)"
        )));
    }
    Ok(())
}
