//! The training and evaluation data: where each document comes from, its family, its label,
//! and which side of the split its family falls on. Shared by `pyml-train` and the held-out
//! metrics test, so both see the same split.

use std::path::{Path, PathBuf};

/// Where a document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A malicious PyPI package's payload carrier (`../shared/data/pyml`).
    PypiMalware,
    /// A malicious runtime script written by the Shrike team (`corpus/runtime-malicious`).
    RuntimeAttack,
    /// A malicious `python -c` one-liner (`corpus/runtime-malicious-oneliners.txt`).
    RuntimeOneLiner,
    /// The CPython standard library and its test suite (Debian's `/usr/lib/python3.11`).
    Stdlib,
    /// A pinned PyPI package's sources (`scripts/pyml-benign-packages.txt`).
    PypiBenign,
    /// A short benign container script (`corpus/benign-short`).
    BenignShort,
    /// A benign `python -c` one-liner (`corpus/benign-oneliners.txt`).
    BenignOneLiner,
}

impl Origin {
    /// Malicious origins.
    pub fn malicious(self) -> bool {
        matches!(
            self,
            Origin::PypiMalware | Origin::RuntimeAttack | Origin::RuntimeOneLiner
        )
    }
}

/// One document.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Path, or `file:line` for a one-liner.
    pub id: String,
    /// The family: documents of one family are always on one side of the split.
    pub family: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The text (lossily UTF-8; at most [`MAX_BYTES`]).
    pub text: String,
}

/// Documents are read up to this size (the sensor captures less).
pub const MAX_BYTES: usize = 2 << 20;

/// Which side of the split a family is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// Fitted on (70% of families).
    Train,
    /// Chooses the threshold (10%), then joins the final fit.
    Validation,
    /// Held out: only evaluated (20%).
    Test,
}

/// The side of `family`: a stable hash of its name, 2 in 10 held out, 1 in 10 validation.
pub fn side(family: &str) -> Side {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in family.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    match h % 10 {
        0 | 1 => Side::Test,
        2 => Side::Validation,
        _ => Side::Train,
    }
}

/// The cross-validation fold (`0..folds`) of `family`, from a hash independent of [`side`].
pub fn fold(family: &str, folds: u64) -> u64 {
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
    for b in family.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h % folds.max(1)
}

/// Where the data is.
#[derive(Debug, Clone)]
pub struct Paths {
    /// The extracted malicious corpus (`train/` and `train-index.json`).
    pub malicious: PathBuf,
    /// The standard library (`/usr/lib/python3.11`).
    pub stdlib: PathBuf,
    /// Extracted PyPI sdists, one directory per package (`target/pyml-benign/src`).
    pub pypi: PathBuf,
    /// The team's corpus (`crates/pyml/corpus`).
    pub corpus: PathBuf,
}

fn read(path: &Path) -> Result<String, String> {
    use std::io::Read as _;
    let f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut buf = Vec::new();
    f.take(MAX_BYTES as u64)
        .read_to_end(&mut buf)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// `.py` files under `dir`, sorted, following no symlinks.
pub fn python_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("{}: {e}", d.display()))?;
        for e in entries {
            let e = e.map_err(|e| format!("{}: {e}", d.display()))?;
            let p = e.path();
            let t = e
                .file_type()
                .map_err(|err| format!("{}: {err}", p.display()))?;
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() && p.extension().is_some_and(|x| x == "py") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[derive(serde::Deserialize)]
struct IndexEntry {
    sha256: String,
    group: String,
}

/// Loads every document.
pub fn load(paths: &Paths) -> Result<Vec<Doc>, String> {
    let mut docs = Vec::new();
    // Malicious PyPI payloads, family = template group.
    let index_path = paths.malicious.join("train-index.json");
    let index: Vec<IndexEntry> = serde_json::from_str(&read(&index_path)?)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    for e in index {
        let p = paths
            .malicious
            .join("train")
            .join(format!("{}.py", e.sha256));
        docs.push(Doc {
            id: p.display().to_string(),
            family: format!("mal:{}", e.group),
            origin: Origin::PypiMalware,
            text: read(&p)?,
        });
    }
    // The standard library: family = top-level module (or test module).
    for p in python_files(&paths.stdlib)? {
        let rel = p.strip_prefix(&paths.stdlib).unwrap_or(&p);
        if rel.starts_with("site-packages") || rel.starts_with("dist-packages") {
            continue;
        }
        let parts: Vec<String> = rel
            .iter()
            .map(|c| c.to_string_lossy().into_owned())
            .collect();
        let family = match parts.as_slice() {
            [first, second, ..] if first == "test" => format!("stdlib:test/{second}"),
            [first, ..] => format!("stdlib:{first}"),
            [] => "stdlib:".to_owned(),
        };
        docs.push(Doc {
            id: p.display().to_string(),
            family,
            origin: Origin::Stdlib,
            text: read(&p)?,
        });
    }
    // PyPI packages: family = the package.
    let mut packages: Vec<PathBuf> = std::fs::read_dir(&paths.pypi)
        .map_err(|e| {
            format!(
                "{}: {e} (run scripts/fetch-pyml-benign.sh)",
                paths.pypi.display()
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    packages.sort();
    for pkg in packages {
        let name = pkg
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = name
            .rsplit_once('-')
            .map(|(n, _)| n.to_owned())
            .unwrap_or(name);
        for p in python_files(&pkg)? {
            docs.push(Doc {
                id: p.display().to_string(),
                family: format!("pypi:{name}"),
                origin: Origin::PypiBenign,
                text: read(&p)?,
            });
        }
    }
    // The team's corpus.
    for (dir, origin, tag) in [
        ("runtime-malicious", Origin::RuntimeAttack, "rt"),
        ("benign-short", Origin::BenignShort, "bs"),
    ] {
        for p in python_files(&paths.corpus.join(dir))? {
            let stem = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let family = stem.split("__").next().unwrap_or(&stem).to_owned();
            docs.push(Doc {
                id: p.display().to_string(),
                family: format!("{tag}:{family}"),
                origin,
                text: read(&p)?,
            });
        }
    }
    for (file, origin, tag) in [
        (
            "runtime-malicious-oneliners.txt",
            Origin::RuntimeOneLiner,
            "rt1",
        ),
        ("benign-oneliners.txt", Origin::BenignOneLiner, "b1"),
    ] {
        let p = paths.corpus.join(file);
        for (n, line) in read(&p)?.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            docs.push(Doc {
                id: format!("{}:{}", p.display(), n + 1),
                // Neighbouring lines are often variations: keep groups of four together.
                family: format!("{tag}:{}", n / 4),
                origin,
                text: line.to_owned(),
            });
        }
    }
    Ok(docs)
}
