use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::io::Write;

/// Writes one human-readable line per finding.
pub struct HumanSink {
    out: Box<dyn Write + Send>,
}

impl HumanSink {
    /// A sink writing to stderr.
    pub fn stderr() -> Self {
        Self {
            out: Box::new(std::io::stderr()),
        }
    }

    /// A sink writing to any writer (tests).
    pub fn to_writer(out: Box<dyn Write + Send>) -> Self {
        Self { out }
    }
}

/// `SEVERITY category | where | pid N binary args… | summary | name`.
pub fn format_line(f: &FindingEnvelope) -> String {
    let finding = &f.finding;
    let severity = finding.severity.as_str();
    let place = match finding.containers.first() {
        Some(c) => format!(
            "container {}{}",
            c.name,
            c.uri
                .as_deref()
                .map(|u| format!(" ({u})"))
                .unwrap_or_default()
        ),
        None => format!("host {}", f.resource.display_name),
    };
    let process = finding.processes.first().map(|p| {
        let path = p
            .binary
            .as_ref()
            .map(|b| b.path.as_str())
            .unwrap_or(&p.name);
        let mut args = p
            .args
            .iter()
            .skip(1)
            .map(|a| a.escape_debug().to_string())
            .collect::<Vec<_>>()
            .join(" ");
        if args.len() > 120 {
            let cut = (0..=120)
                .rev()
                .find(|&i| args.is_char_boundary(i))
                .unwrap_or(0);
            args.truncate(cut);
            args.push('…');
        }
        format!("pid {} {path} {args}", p.pid).trim_end().to_owned()
    });
    let summary = finding
        .source_properties
        .get("Detection_Summary")
        .and_then(|v| v.as_str())
        .unwrap_or(&finding.description);
    let line = format!(
        "{severity} {} | {place} | {} | {summary} | {}",
        finding.category,
        process.unwrap_or_default(),
        finding.name
    );
    // Paths, names and arguments are attacker-chosen: never let them drive the terminal.
    if line.chars().any(char::is_control) {
        line.chars()
            .flat_map(|c| {
                if c.is_control() {
                    c.escape_default().collect::<Vec<_>>()
                } else {
                    vec![c]
                }
            })
            .collect()
    } else {
        line
    }
}

impl Sink for HumanSink {
    fn name(&self) -> &str {
        "stderr"
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        writeln!(self.out, "{}", format_line(finding)).map_err(|source| SinkError::Io {
            sink: "stderr".into(),
            source,
        })
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|source| SinkError::Io {
            sink: "stderr".into(),
            source,
        })
    }
}
