//! `shrike classify`: scores Python files with the malicious-Python model, through the same
//! [`shrike_pyml::Classifier`] the detector uses.

use crate::commands::{classifier, ClassifyArgs};
use crate::exit::Failure;
use anyhow::anyhow;
use shrike_core::event::{PYTHON_SCORED_BYTES, PYTHON_SCORED_MAX};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// What is read of a file: as the sensor scores a long Python script, its first
/// [`PYTHON_SCORED_MAX`] bytes and, for a larger file, its last [`PYTHON_SCORED_BYTES`].
struct Text {
    head: Vec<u8>,
    /// The end, for a file larger than [`PYTHON_SCORED_MAX`].
    tail: Option<Vec<u8>>,
    /// The file's size.
    size: u64,
}

/// A table row: path, score, verdict, reasons, and what part of the file the verdict is on
/// when it is not all of it in one piece.
type Row = (String, f32, bool, String, Option<String>);

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
    let max = PYTHON_SCORED_MAX as u64;
    let mut head = Vec::new();
    (&mut f)
        .take(max)
        .read_to_end(&mut head)
        .map_err(|e| e.to_string())?;
    let tail = if meta.len() > max {
        use std::io::Seek as _;
        let from = meta.len() - PYTHON_SCORED_BYTES as u64;
        f.seek(std::io::SeekFrom::Start(from))
            .map_err(|e| e.to_string())?;
        let mut end = Vec::new();
        f.take(PYTHON_SCORED_BYTES as u64)
            .read_to_end(&mut end)
            .map_err(|e| e.to_string())?;
        // A file that shrank since its size was read may have no end left to score.
        (!end.is_empty()).then_some(end)
    } else {
        None
    };
    Ok(Text {
        size: meta.len().max(head.len() as u64),
        head,
        tail,
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
                // Long files in windows, each on its own, as the sensor scores them; the
                // window that scores highest is explained (three times the work of a score).
                let scored = shrike_core::event::score_python_windows(
                    &text.head,
                    text.tail.as_deref(),
                    text.size,
                    &c,
                );
                let v = c.explain_interpreted(&scored.best);
                let recorded = scored.recorded(String::new(), String::new());
                let part = recorded.scored_part(text.size);
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
                    if scored.windows > 1 {
                        // As before windows: present, and true, only when some went unscored.
                        if recorded.scored_bytes + recorded.scored_tail_bytes < text.size {
                            line["truncated"] = serde_json::json!(true);
                        }
                        line["size"] = serde_json::json!(text.size);
                        line["scored_bytes"] = serde_json::json!(recorded.scored_bytes);
                        line["scored_tail_bytes"] = serde_json::json!(recorded.scored_tail_bytes);
                        line["windows"] = serde_json::json!(scored.windows);
                    }
                    writeln!(out, "{line}")?;
                } else {
                    rows.push((shown, v.score, malicious, reasons, part));
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
            // A file scored in part, or in windows, says so whatever its verdict.
            let part = parts.as_ref().map(|p| format!("scored {p}"));
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
