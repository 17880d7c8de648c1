use super::{category_subject, stream_config, NatsSinkConfig};
use crate::spool::{Appended, Record, Spool, SpoolConfig, DEFAULT_MAX_BYTES};
use crate::Delivery;
use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Records published per round trip; each is acknowledged by JetStream before the batch is
/// committed in the spool.
const BATCH: usize = 512;
const BATCH_BYTES: usize = 8 << 20;
/// How long a publish waits for JetStream's acknowledgement.
const ACK_TIMEOUT: Duration = Duration::from_secs(5);
/// Backoff between failed rounds.
const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);
/// How long dropping the sink waits for the spool to drain.
const DRAIN: Duration = Duration::from_secs(5);

/// Publishes findings to JetStream from a background thread; `deliver` only appends to the
/// spool, so a slow or absent broker never holds up detection.
pub struct NatsSink {
    name: String,
    spool: Arc<Spool>,
    delivery: Arc<Delivery>,
    stop: Arc<AtomicBool>,
    worker: Option<std::thread::JoinHandle<()>>,
}

/// The spool directory for a sink: one per server and subject under `root`.
fn spool_dir(root: &Path, config: &NatsSinkConfig) -> std::path::PathBuf {
    let key: String = format!("nats-{}-{}", config.server_redacted(), config.subject)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    root.join(key)
}

impl NatsSink {
    /// Opens the spool under `spool_root` and starts the publishing thread. Findings spooled
    /// by an earlier run are published first.
    pub fn open(config: &NatsSinkConfig, spool_root: &Path) -> std::io::Result<Self> {
        let name = config.to_string();
        let mut spool_config = SpoolConfig::new(spool_dir(spool_root, config));
        spool_config.max_bytes = config.spool_max_bytes.unwrap_or(DEFAULT_MAX_BYTES);
        let spool = Arc::new(Spool::open(spool_config)?);
        let waiting = spool.stats().records;
        if waiting > 0 {
            tracing::info!(sink = %name, findings = waiting, spool = %spool.dir().display(), "publishing findings spooled by an earlier run");
        }
        let delivery = Delivery::register(&name, &spool);
        let stop = Arc::new(AtomicBool::new(false));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("shrike-nats")
            .enable_all()
            .build()?;
        let worker = {
            let (config, spool, stop, delivery, name) = (
                config.clone(),
                Arc::clone(&spool),
                Arc::clone(&stop),
                Arc::clone(&delivery),
                name.clone(),
            );
            std::thread::Builder::new()
                .name("shrike-nats-publish".into())
                .spawn(move || {
                    runtime.block_on(publish_loop(config, name, spool, stop, delivery));
                })?
        };
        Ok(Self {
            name,
            spool,
            delivery,
            stop,
            worker: Some(worker),
        })
    }
}

impl Sink for NatsSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        let line = serde_json::to_vec(finding).map_err(|e| self.io(std::io::Error::other(e)))?;
        match self.spool.append(&line).map_err(|e| self.io(e))? {
            Appended::Spooled => {}
            Appended::Dropped => self.delivery.dropped(&self.name, &self.spool),
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.spool.sync().map_err(|e| self.io(e))
    }
}

impl NatsSink {
    /// How deliveries are going.
    pub fn delivery(&self) -> &Delivery {
        &self.delivery
    }

    fn io(&self, source: std::io::Error) -> SinkError {
        SinkError::Io {
            sink: self.name.clone(),
            source,
        }
    }
}

impl Drop for NatsSink {
    fn drop(&mut self) {
        if let Err(e) = self.spool.sync() {
            tracing::error!(sink = %self.name, error = %e, "cannot sync the spool at shutdown");
        }
        let deadline = Instant::now() + DRAIN;
        while self.spool.stats().records > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop.store(true, Ordering::SeqCst);
        self.spool.close();
        let left = self.spool.stats().records;
        if left > 0 {
            tracing::warn!(sink = %self.name, findings = left, spool = %self.spool.dir().display(), "findings not yet acknowledged by JetStream stay spooled and are published at the next start");
            eprintln!(
                "shrike: {}: {left} finding(s) not yet acknowledged stay spooled in {} and are published at the next start",
                self.name,
                self.spool.dir().display()
            );
        }
        if let Some(worker) = self.worker.take() {
            // The thread ends within one acknowledgement timeout.
            let _ = worker.join();
        }
    }
}

#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    finding: HeadFinding<'a>,
}

#[derive(serde::Deserialize)]
struct HeadFinding<'a> {
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    category: std::borrow::Cow<'a, str>,
}

async fn connect(
    config: &NatsSinkConfig,
    name: &str,
    stop: &AtomicBool,
) -> Option<async_nats::jetstream::Context> {
    let mut backoff = BACKOFF_MIN;
    let mut warned = false;
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        let attempt = async {
            let client = async_nats::ConnectOptions::new()
                .name("shrike")
                .retry_on_initial_connect()
                .max_reconnects(None)
                .connection_timeout(Duration::from_secs(5))
                .connect(config.server.as_str())
                .await
                .map_err(|e| e.to_string())?;
            let js = async_nats::jetstream::ContextBuilder::new()
                .timeout(ACK_TIMEOUT)
                .build(client);
            js.get_or_create_stream(stream_config(&config.subject))
                .await
                .map_err(|e| e.to_string())?;
            Ok::<_, String>(js)
        };
        match tokio::time::timeout(Duration::from_secs(10), attempt).await {
            Ok(Ok(js)) => {
                tracing::info!(sink = %name, "connected to JetStream");
                return Some(js);
            }
            Ok(Err(e)) if !warned => {
                warned = true;
                tracing::warn!(sink = %name, error = %e, "cannot reach JetStream yet; findings are spooled meanwhile");
            }
            Err(_) if !warned => {
                warned = true;
                tracing::warn!(sink = %name, "cannot reach JetStream yet (timed out); findings are spooled meanwhile");
            }
            _ => {}
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

async fn publish_batch(
    js: &async_nats::jetstream::Context,
    subject: &str,
    batch: &[Record],
) -> Result<(), String> {
    let mut acks = Vec::with_capacity(batch.len());
    for record in batch {
        let head: Head<'_> = match serde_json::from_slice(&record.data) {
            Ok(h) => h,
            Err(e) => {
                // Only this process writes the spool; a record it cannot read is reported
                // and skipped rather than blocking every finding behind it.
                tracing::error!(error = %e, "skipping an unreadable spooled finding");
                continue;
            }
        };
        let mut headers = async_nats::HeaderMap::new();
        headers.insert(
            async_nats::header::NATS_MESSAGE_ID,
            head.finding.name.as_ref(),
        );
        let ack = js
            .publish_with_headers(
                category_subject(subject, &head.finding.category),
                headers,
                record.data.clone().into(),
            )
            .await
            .map_err(|e| format!("publishing {}: {e}", head.finding.name))?;
        acks.push(ack);
    }
    for ack in acks {
        ack.await
            .map_err(|e| format!("waiting for JetStream: {e}"))?;
    }
    Ok(())
}

async fn publish_loop(
    config: NatsSinkConfig,
    name: String,
    spool: Arc<Spool>,
    stop: Arc<AtomicBool>,
    delivery: Arc<Delivery>,
) {
    let Some(js) = connect(&config, &name, &stop).await else {
        return;
    };
    let mut reader = spool.reader();
    let mut backoff = BACKOFF_MIN;
    let mut failing_since: Option<Instant> = None;
    let mut last_warning = Instant::now();
    loop {
        let batch = tokio::task::block_in_place(|| {
            reader.next_batch(BATCH, BATCH_BYTES, Duration::from_millis(200))
        });
        let batch = match batch {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(sink = %name, error = %e, "cannot read the spool");
                tokio::time::sleep(BACKOFF_MAX).await;
                reader.rewind();
                continue;
            }
        };
        if batch.is_empty() {
            if stop.load(Ordering::SeqCst) {
                return;
            }
            continue;
        }
        match publish_batch(&js, &config.subject, &batch).await {
            Ok(()) => {
                if let Err(e) = reader.commit(&batch) {
                    tracing::error!(sink = %name, error = %e, "cannot record delivery in the spool; the batch will be sent again");
                }
                delivery.delivered(batch.len() as u64);
                if let Some(since) = failing_since.take() {
                    tracing::warn!(sink = %name, outage_secs = since.elapsed().as_secs(), "JetStream reachable again; spooled findings delivered");
                }
                backoff = BACKOFF_MIN;
            }
            Err(e) => {
                delivery.failed();
                reader.rewind();
                let now = Instant::now();
                if failing_since.is_none()
                    || now.duration_since(last_warning) >= Duration::from_secs(30)
                {
                    tracing::warn!(sink = %name, error = %e, spooled = spool.stats().records, "cannot publish to JetStream; findings stay spooled and are retried");
                    last_warning = now;
                }
                failing_since.get_or_insert(now);
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
}
