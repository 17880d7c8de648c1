//! `shrike classify`: scores Python files with the malicious-Python model, through the same
//! [`shrike_pyml::Classifier`] the detector uses.

use crate::commands::{classifier, ClassifyArgs};
use crate::exit::Failure;
use anyhow::anyhow;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// Files larger than this are scored on their first part (the sensor captures less).
const MAX_BYTES: u64 = 8 << 20;

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

fn read(path: &Path) -> Result<(String, bool), String> {
    // Checked before opening: opening a FIFO named on the command line would wait forever for
    // a writer.
    if !std::fs::metadata(path)
        .map_err(|e| e.to_string())?
        .is_file()
    {
        return Err("not a regular file".into());
    }
    let f = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let meta = f.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    let mut buf = Vec::new();
    f.take(MAX_BYTES)
        .read_to_end(&mut buf)
        .map_err(|e| e.to_string())?;
    Ok((
        String::from_utf8_lossy(&buf).into_owned(),
        meta.len() > MAX_BYTES,
    ))
}

/// Runs `shrike classify`.
pub fn run(args: ClassifyArgs) -> Result<(), Failure> {
    let c = classifier(&args.pyml)?;
    let threshold = shrike_core::ScriptClassifier::threshold(&c);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut unreadable = 0usize;
    let mut flagged = 0usize;
    let mut rows: Vec<(String, f32, bool, String, bool)> = Vec::new();
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
            Ok((src, truncated)) => {
                let v = c.explain(&src);
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
                        line["scored_bytes"] = serde_json::json!(MAX_BYTES);
                    }
                    writeln!(out, "{line}")?;
                } else {
                    rows.push((shown, v.score, malicious, reasons, truncated));
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
        for (path, score, malicious, reasons, truncated) in &rows {
            let verdict = if *malicious { "malicious" } else { "benign" };
            // A file scored in part says so whatever its verdict.
            let why = match (*malicious, *truncated) {
                (true, true) => format!("scored the first {MAX_BYTES} bytes; {reasons}"),
                (true, false) => reasons.clone(),
                (false, true) => format!("scored the first {MAX_BYTES} bytes"),
                (false, false) => String::new(),
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
