use super::JsonlSinkConfig;
use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::io::{BufWriter, Write};

/// Writes findings as JSON lines.
pub struct JsonlSink {
    name: String,
    out: BufWriter<Box<dyn Write + Send>>,
    file: Option<std::fs::File>,
}

impl JsonlSink {
    /// Opens the target: stdout, or a file in append mode (created if missing).
    pub fn open(config: &JsonlSinkConfig) -> std::io::Result<Self> {
        let (out, file): (Box<dyn Write + Send>, _) = match config {
            JsonlSinkConfig::Stdout => (Box::new(std::io::stdout()), None),
            JsonlSinkConfig::File(path) => {
                // Owner writes, its group (a log shipper) may read, others nothing, whatever
                // the umask; an existing file keeps its mode.
                use std::os::unix::fs::OpenOptionsExt;
                let f = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .mode(0o640)
                    .open(path)?;
                let sync = f.try_clone()?;
                (Box::new(f), Some(sync))
            }
        };
        Ok(Self {
            name: config.to_string(),
            out: BufWriter::with_capacity(64 * 1024, out),
            file,
        })
    }

    fn io(&self, source: std::io::Error) -> SinkError {
        SinkError::Io {
            sink: self.name.clone(),
            source,
        }
    }
}

impl Sink for JsonlSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        serde_json::to_writer(&mut self.out, finding)
            .map_err(|e| self.io(std::io::Error::other(e)))?;
        self.out.write_all(b"\n").map_err(|e| self.io(e))
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|e| self.io(e))?;
        if let Some(f) = &self.file {
            f.sync_data().map_err(|e| self.io(e))?;
        }
        Ok(())
    }
}
