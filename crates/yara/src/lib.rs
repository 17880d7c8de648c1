//! YARA rules for Shrike, compiled and run by [yara-x](https://virustotal.github.io/yara-x/).
//!
//! Rules come from `.yar` / `.yara` files, or directories of them, named with `--intel` next to
//! the hash feeds. Each file is compiled on its own first, so that an error names the file, the
//! line and the column (`rules/x.yar:7:5: unknown pattern $y`) and nothing is loaded from a
//! file that has one; then all files are compiled together, each in a namespace of its own so
//! that two files may use the same rule name.
//!
//! Scanning is bounded: files over a size limit are not scanned (and say so), and a scan that
//! runs past its timeout stops with an error, within the second after it (yara-x counts whole
//! seconds).
//!
//! ```
//! let rules = shrike_yara::Rules::from_sources(&[(
//!     "example.yar",
//!     r#"rule marker : test { strings: $a = "SHRIKE-MARKER" condition: $a }"#,
//! )])
//! .unwrap();
//! let found = rules.scan(b"...SHRIKE-MARKER...", &shrike_yara::Limits::default()).unwrap();
//! assert_eq!(found[0].rule, "marker");
//! assert_eq!(found[0].tags, ["test"]);
//! ```

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use shrike_core::event::is_yara_rule_file as is_rule_file;

/// A rule file that does not compile, or cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct RuleError {
    /// The file.
    pub path: String,
    /// 1-based line and column of the error, when it has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters).
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl RuleError {
    fn render(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", self.path, self.message),
            (Some(l), None) => format!("{}:{l}: {}", self.path, self.message),
            _ => format!("{}: {}", self.path, self.message),
        }
    }
}

/// Why a scan gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScanError {
    /// The data is larger than [`Limits::max_bytes`].
    #[error("{size} bytes is over the YARA scan limit of {limit} bytes")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The scan ran past [`Limits::timeout`].
    #[error("YARA scan stopped after its timeout of {0:?}")]
    Timeout(Duration),
    /// Reading the file failed.
    #[error("reading for the YARA scan: {0}")]
    Read(String),
    /// yara-x refused.
    #[error("YARA scan failed: {0}")]
    Other(String),
}

/// Bounds on one scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Data over this many bytes is not scanned ([`ScanError::TooLarge`]).
    pub max_bytes: u64,
    /// A scan running this long stops ([`ScanError::Timeout`]), within the next second: yara-x
    /// counts whole seconds.
    pub timeout: Duration,
}

impl Default for Limits {
    /// 64 MiB and 1 s.
    fn default() -> Self {
        Self {
            max_bytes: 64 << 20,
            timeout: Duration::from_secs(1),
        }
    }
}

/// A rule that matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Match {
    /// The rule's name.
    pub rule: String,
    /// The file the rule came from, as given.
    pub file: String,
    /// The rule's tags.
    pub tags: Vec<String>,
}

/// Compiled rules. Cheap to share between threads (`Send + Sync`); each scan makes its own
/// scanner.
pub struct Rules {
    rules: yara_x::Rules,
    /// The file of each namespace, by namespace index.
    files: Vec<String>,
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rules")
            .field("files", &self.files)
            .field("rules", &self.rules.iter().len())
            .finish()
    }
}

/// The 1-based line and column of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

/// The namespace of the `i`th file.
fn namespace(i: usize) -> String {
    format!("file{i}")
}

impl Rules {
    /// Loads rule files and directories of them (the `.yar`/`.yara` files directly inside, in
    /// name order, hidden ones skipped). A directory without rule files is not an error.
    pub fn load(paths: &[PathBuf]) -> Result<Self, RuleError> {
        let mut sources = Vec::new();
        for path in paths {
            let name = path.display().to_string();
            let meta = std::fs::metadata(path).map_err(|e| RuleError {
                path: name.clone(),
                line: None,
                column: None,
                message: format!("cannot read: {e}"),
            })?;
            let files = if meta.is_dir() {
                rule_files(path).map_err(|e| RuleError {
                    path: name.clone(),
                    line: None,
                    column: None,
                    message: format!("cannot list: {e}"),
                })?
            } else {
                vec![path.clone()]
            };
            for file in files {
                let file_name = file.display().to_string();
                let mut text = String::new();
                std::fs::File::open(&file)
                    .and_then(|f| f.take(64 << 20).read_to_string(&mut text))
                    .map_err(|e| RuleError {
                        path: file_name.clone(),
                        line: None,
                        column: None,
                        message: format!("cannot read: {e}"),
                    })?;
                sources.push((file_name, text));
            }
        }
        let borrowed: Vec<(&str, &str)> = sources
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        Self::from_sources(&borrowed)
    }

    /// Compiles rule texts, each named by its file (`(file, text)`).
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Self, RuleError> {
        // Each file alone first: an error names its own file and place, and a file with an
        // error contributes nothing (yara-x would keep the file's good rules).
        for (file, text) in sources {
            let mut compiler = yara_x::Compiler::new();
            compiler.enable_includes(false);
            if let Err(e) = compiler.add_source(yara_x::SourceCode::from(*text).with_origin(*file))
            {
                let place = e
                    .labels()
                    .find(|l| l.origin().is_none_or(|o| o == *file))
                    .map(|l| line_column(text, l.span().start()));
                return Err(RuleError {
                    path: (*file).to_owned(),
                    line: place.map(|p| p.0),
                    column: place.map(|p| p.1),
                    message: e.title().to_owned(),
                });
            }
        }
        let mut compiler = yara_x::Compiler::new();
        compiler.enable_includes(false);
        for (i, (file, text)) in sources.iter().enumerate() {
            compiler.new_namespace(&namespace(i));
            compiler
                .add_source(yara_x::SourceCode::from(*text).with_origin(*file))
                .map_err(|e| RuleError {
                    path: (*file).to_owned(),
                    line: None,
                    column: None,
                    message: e.title().to_owned(),
                })?;
        }
        Ok(Self {
            rules: compiler.build(),
            files: sources.iter().map(|(f, _)| (*f).to_owned()).collect(),
        })
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.iter().len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The files the rules came from.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// Scans `data`: the rules that match, in rule order.
    pub fn scan(&self, data: &[u8], limits: &Limits) -> Result<Vec<Match>, ScanError> {
        let size = data.len() as u64;
        if size > limits.max_bytes {
            return Err(ScanError::TooLarge {
                size,
                limit: limits.max_bytes,
            });
        }
        let mut scanner = yara_x::Scanner::new(&self.rules);
        // yara-x checks its deadline against a counter a global thread raises once a second, so
        // a timeout of N s stops a scan after anywhere between N - 1 and N s: with 1 s, any scan
        // that a tick happened to fall in would stop at once. One second more makes the bound a
        // floor: a scan runs at least `limits.timeout`, at most one second longer.
        scanner.set_timeout(limits.timeout + Duration::from_secs(1));
        let results = scanner.scan(data).map_err(|e| match e {
            yara_x::ScanError::Timeout => ScanError::Timeout(limits.timeout),
            other => ScanError::Other(other.to_string()),
        })?;
        Ok(results
            .matching_rules()
            .map(|r| Match {
                rule: r.identifier().to_owned(),
                file: r
                    .namespace()
                    .strip_prefix("file")
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| self.files.get(i))
                    .cloned()
                    .unwrap_or_default(),
                tags: r.tags().map(|t| t.identifier().to_owned()).collect(),
            })
            .collect())
    }

    /// Reads `file` (at most [`Limits::max_bytes`]; a larger file is not scanned) and scans it.
    pub fn scan_file(&self, file: &mut dyn Read, limits: &Limits) -> Result<Vec<Match>, ScanError> {
        let mut data = Vec::new();
        file.take(limits.max_bytes.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| ScanError::Read(e.to_string()))?;
        if data.len() as u64 > limits.max_bytes {
            return Err(ScanError::TooLarge {
                size: data.len() as u64,
                limit: limits.max_bytes,
            });
        }
        self.scan(&data, limits)
    }
}

/// Rules with the bounds of each scan: what the sensor scans executables with.
#[derive(Debug)]
pub struct BoundedRules {
    /// The rules.
    pub rules: Rules,
    /// The bounds of every scan.
    pub limits: Limits,
}

impl shrike_core::event::ContentScanner for BoundedRules {
    fn scan(&self, file: &mut dyn Read) -> Result<Vec<shrike_core::event::YaraMatch>, String> {
        self.rules
            .scan_file(file, &self.limits)
            .map(|found| {
                found
                    .into_iter()
                    .map(|m| shrike_core::event::YaraMatch {
                        rule: m.rule,
                        file: m.file,
                        tags: m.tags,
                    })
                    .collect()
            })
            .map_err(|e| e.to_string())
    }
}

/// The rule files directly inside `dir`, in name order; hidden files are skipped and symbolic
/// links followed.
fn rule_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().as_encoded_bytes().first() == Some(&b'.') {
            continue;
        }
        let path = entry.path();
        if is_rule_file(&path) && std::fs::metadata(&path)?.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use super::*;

    const MARKER: &str = r#"
rule marker : dropper linux {
    meta:
        description = "test marker"
    strings:
        $a = "SHRIKE-YARA-MARKER"
    condition:
        $a
}
"#;

    #[test]
    fn a_rule_matches_with_its_name_file_and_tags() {
        let rules = Rules::from_sources(&[("a.yar", MARKER)]).unwrap();
        assert_eq!(rules.len(), 1);
        let found = rules
            .scan(b"\x7fELF....SHRIKE-YARA-MARKER....", &Limits::default())
            .unwrap();
        assert_eq!(
            found,
            [Match {
                rule: "marker".into(),
                file: "a.yar".into(),
                tags: vec!["dropper".into(), "linux".into()],
            }]
        );
        assert!(rules
            .scan(b"SHRIKE-YARA-MARKEr", &Limits::default())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn two_files_may_use_the_same_rule_name() {
        let other = MARKER.replace("SHRIKE-YARA-MARKER", "OTHER-MARKER");
        let rules = Rules::from_sources(&[("a.yar", MARKER), ("b.yar", &other)]).unwrap();
        let found = rules
            .scan(b"OTHER-MARKER SHRIKE-YARA-MARKER", &Limits::default())
            .unwrap();
        let files: Vec<&str> = found.iter().map(|m| m.file.as_str()).collect();
        assert_eq!(files, ["a.yar", "b.yar"]);
    }

    #[test]
    fn compile_errors_name_the_file_line_and_column() {
        let bad = "rule ok { condition: true }\n\nrule broken {\n  strings:\n    $a = \"x\"\n  condition:\n    $b\n}\n";
        let err = Rules::from_sources(&[("good.yar", MARKER), ("rules/bad.yar", bad)]).unwrap_err();
        assert_eq!(err.path, "rules/bad.yar");
        assert_eq!((err.line, err.column), (Some(7), Some(5)), "{err}");
        assert!(err.to_string().starts_with("rules/bad.yar:7:5: "), "{err}");
        let err = Rules::from_sources(&[("x.yar", "rule {")]).unwrap_err();
        assert_eq!(err.line, Some(1), "{err}");
    }

    #[test]
    fn scans_are_bounded_in_size_and_time() {
        let rules = Rules::from_sources(&[("a.yar", MARKER)]).unwrap();
        let small = Limits {
            max_bytes: 8,
            ..Limits::default()
        };
        assert_eq!(
            rules.scan(b"123456789", &small),
            Err(ScanError::TooLarge { size: 9, limit: 8 })
        );
        assert!(matches!(
            rules.scan_file(&mut &b"123456789"[..], &small),
            Err(ScanError::TooLarge { .. })
        ));
        // A condition that loops for minutes stops at the timeout (yara-x counts whole seconds).
        let slow = Rules::from_sources(&[(
            "slow.yar",
            "rule slow { condition: for all i in (0..10000000000) : (i >= 0) }",
        )])
        .unwrap();
        let started = std::time::Instant::now();
        let result = slow.scan(b"x", &Limits::default());
        assert_eq!(result, Err(ScanError::Timeout(Duration::from_secs(1))));
        let took = started.elapsed();
        assert!(
            took >= Duration::from_secs(1) && took < Duration::from_secs(10),
            "{took:?}"
        );
        // Quick scans never time out, whenever yara-x's once-a-second tick falls: 3 s of
        // back-to-back scans cross three ticks.
        let data = vec![b'A'; 4 << 20];
        let until = std::time::Instant::now() + Duration::from_secs(3);
        let mut scans = 0;
        while std::time::Instant::now() < until {
            rules.scan(&data, &Limits::default()).unwrap();
            scans += 1;
        }
        assert!(scans > 3, "{scans}");
    }

    #[test]
    fn directories_load_their_rule_files_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.yara"), MARKER).unwrap();
        std::fs::write(
            dir.path().join("a.yar"),
            "rule first { condition: filesize > 0 }",
        )
        .unwrap();
        std::fs::write(dir.path().join("feed.txt"), "not a rule").unwrap();
        std::fs::write(dir.path().join(".hidden.yar"), "not a rule").unwrap();
        let rules = Rules::load(&[dir.path().to_owned()]).unwrap();
        assert_eq!(rules.len(), 2);
        assert!(rules.files()[0].ends_with("a.yar"));
        let err = Rules::load(&[dir.path().join("missing.yar")]).unwrap_err();
        assert!(
            err.to_string().contains("missing.yar: cannot read"),
            "{err}"
        );
    }
}
