use super::{to_ocsf, OcsfSinkConfig};
use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::io::{BufWriter, Write};

/// Writes each finding as one OCSF Detection Finding JSON object per line.
pub struct OcsfSink {
    name: String,
    out: BufWriter<Box<dyn Write + Send>>,
    file: Option<std::fs::File>,
}

impl OcsfSink {
    /// Opens the target: stdout, or a file in append mode (created if missing).
    pub fn open(config: &OcsfSinkConfig) -> std::io::Result<Self> {
        let (out, file): (Box<dyn Write + Send>, _) = match config {
            OcsfSinkConfig::Stdout => (Box::new(std::io::stdout()), None),
            OcsfSinkConfig::File(path) => {
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

impl Sink for OcsfSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        // One write of the whole line, so a failed write never leaves half a record followed
        // by the next one on the same line.
        let mut line =
            serde_json::to_vec(&to_ocsf(finding)).map_err(|e| self.io(std::io::Error::other(e)))?;
        line.push(b'\n');
        self.out.write_all(&line).map_err(|e| self.io(e))
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.out.flush().map_err(|e| self.io(e))?;
        if let Some(f) = &self.file {
            f.sync_data().map_err(|e| self.io(e))?;
        }
        Ok(())
    }
}
