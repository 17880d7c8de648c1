//! Central ingestion: `shrike serve --ingest nats://HOST:PORT/SUBJECT` consumes the findings
//! that `shrike watch --sink nats://…` publishes, with a durable JetStream consumer, and
//! acknowledges each message only after its finding is committed to the store. A crash
//! between the two re-delivers the message and the store's idempotence (by finding name)
//! keeps the finding single.

use futures_util::{FutureExt, StreamExt};
use shrike_core::finding::FindingEnvelope;
use shrike_core::metrics::{self, names, Counter, Histogram};
use shrike_sinks::nats::{stream_config, NatsSinkConfig};
use shrike_store::FindingStore;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The durable consumer's name unless `?durable=NAME` says otherwise.
pub const DEFAULT_DURABLE: &str = "shrike-ingest";
/// Store connections committing side by side unless `?writers=N` says otherwise.
pub const DEFAULT_WRITERS: usize = 2;
/// Messages committed to the store per transaction, at most.
const BATCH: usize = 1000;
/// How long a batch waits for more messages after its first.
const GATHER: Duration = Duration::from_millis(5);
const BACKOFF_MIN: Duration = Duration::from_millis(100);
const BACKOFF_MAX: Duration = Duration::from_secs(5);

/// What `--ingest` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestConfig {
    /// Server and subject, as a sink would publish them.
    pub nats: NatsSinkConfig,
    /// The durable consumer (several servers sharing one name share the work).
    pub durable: String,
    /// How long JetStream waits for an acknowledgement before delivering a message again.
    pub ack_wait: Duration,
    /// Store connections committing batches side by side (PostgreSQL spreads them over cores;
    /// SQLite has one writer at a time, so one is right for it).
    pub writers: usize,
}

impl IngestConfig {
    /// Parses `nats://[USER:PASS@]HOST:PORT/SUBJECT[?durable=NAME&ack_wait_secs=N&writers=N]`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (base, query) = match spec.split_once('?') {
            Some((b, q)) => (b, Some(q)),
            None => (spec, None),
        };
        let nats = NatsSinkConfig::parse(base)?;
        let mut durable = DEFAULT_DURABLE.to_owned();
        let mut ack_wait = Duration::from_secs(30);
        let mut writers = DEFAULT_WRITERS;
        for pair in query.into_iter().flat_map(|q| q.split('&')) {
            match pair.split_once('=') {
                Some(("durable", v))
                    if !v.is_empty()
                        && v.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    durable = v.to_owned();
                }
                Some(("durable", v)) => {
                    return Err(format!(
                        "durable={v}: a consumer name is letters, digits, `-` and `_`"
                    ))
                }
                Some(("writers", v)) => {
                    writers = v
                        .parse()
                        .ok()
                        .filter(|&n| (1..=16).contains(&n))
                        .ok_or_else(|| {
                            format!("writers={v}: expected a whole number from 1 to 16")
                        })?;
                }
                Some(("ack_wait_secs", v)) => {
                    let secs: u64 = v.parse().ok().filter(|&s| s > 0).ok_or_else(|| {
                        format!("ack_wait_secs={v}: expected a whole number of seconds above 0")
                    })?;
                    ack_wait = Duration::from_secs(secs);
                }
                _ => {
                    return Err(format!(
                        "unknown option {pair:?} (known: durable=NAME, ack_wait_secs=N, writers=N)"
                    ))
                }
            }
        }
        Ok(Self {
            nats,
            durable,
            ack_wait,
            writers,
        })
    }
}

/// Counters of an ingester (also in the process's metrics: `shrike_ingest_messages_total`
/// by outcome, and `shrike_ingest_latency_seconds` from a finding's event time to its commit).
#[derive(Debug, Default)]
pub struct IngestStats {
    /// Findings committed (new or already stored) and acknowledged.
    pub stored: AtomicU64,
    /// Of those, findings the store already had (re-deliveries).
    pub duplicates: AtomicU64,
    /// Messages that are not findings, terminated so they are not delivered again.
    pub rejected: AtomicU64,
    /// Store failures (the batch is delivered again).
    pub store_failures: AtomicU64,
}

/// A running ingester; stops when dropped (after the batch in hand).
pub struct Ingester {
    stop: Arc<AtomicBool>,
    stats: Arc<IngestStats>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Ingester {
    /// Starts consuming on a thread of its own, committing through `stores` (one connection
    /// per writer, see [`IngestConfig::writers`]; at least one).
    pub fn spawn(
        config: IngestConfig,
        stores: Vec<Box<dyn FindingStore>>,
    ) -> std::io::Result<Self> {
        if stores.is_empty() {
            return Err(std::io::Error::other("the ingester needs a store"));
        }
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(IngestStats::default());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("shrike-ingest-rt")
            .enable_all()
            .build()?;
        let thread = {
            let (stop, stats) = (Arc::clone(&stop), Arc::clone(&stats));
            std::thread::Builder::new()
                .name("shrike-ingest".into())
                .spawn(move || {
                    let stores = runtime.block_on(run(config, stores, stop, stats));
                    // Outside the runtime: a PostgreSQL client blocks to close.
                    drop(stores);
                })?
        };
        Ok(Self {
            stop,
            stats,
            thread: Some(thread),
        })
    }

    /// The counters.
    pub fn stats(&self) -> &IngestStats {
        &self.stats
    }
}

impl Drop for Ingester {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type Messages = async_nats::jetstream::consumer::pull::Stream;

async fn subscribe(config: &IngestConfig, stop: &AtomicBool) -> Option<Messages> {
    let mut backoff = BACKOFF_MIN;
    let mut warned = false;
    let name = config.nats.to_string();
    loop {
        if stop.load(Ordering::SeqCst) {
            return None;
        }
        let attempt = async {
            let client = async_nats::ConnectOptions::new()
                .name("shrike-serve")
                .retry_on_initial_connect()
                .max_reconnects(None)
                .connect(config.nats.server.as_str())
                .await
                .map_err(|e| e.to_string())?;
            let js = async_nats::jetstream::new(client);
            let stream = js
                .get_or_create_stream(stream_config(&config.nats.subject))
                .await
                .map_err(|e| format!("stream: {e}"))?;
            let consumer = stream
                .get_or_create_consumer(
                    &config.durable,
                    async_nats::jetstream::consumer::pull::Config {
                        durable_name: Some(config.durable.clone()),
                        description: Some("Shrike central ingestion".into()),
                        ack_policy: async_nats::jetstream::consumer::AckPolicy::Explicit,
                        ack_wait: config.ack_wait,
                        max_ack_pending: 20_000,
                        ..Default::default()
                    },
                )
                .await
                .map_err(|e| format!("consumer {}: {e}", config.durable))?;
            consumer
                .stream()
                .max_messages_per_batch(BATCH)
                .heartbeat(Duration::from_secs(5))
                .expires(Duration::from_secs(30))
                .messages()
                .await
                .map_err(|e| format!("pulling: {e}"))
        };
        match tokio::time::timeout(Duration::from_secs(15), attempt).await {
            Ok(Ok(messages)) => {
                tracing::info!(ingest = %name, durable = %config.durable, "consuming findings from JetStream");
                return Some(messages);
            }
            Ok(Err(e)) if !warned => {
                warned = true;
                tracing::warn!(ingest = %name, error = %e, "cannot consume from JetStream yet; retrying");
            }
            Err(_) if !warned => {
                warned = true;
                tracing::warn!(ingest = %name, "cannot consume from JetStream yet (timed out); retrying");
            }
            _ => {}
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(BACKOFF_MAX);
    }
}

/// Waits for the next message (or a stop), then takes whatever else is ready, up to a batch.
async fn next_batch(
    messages: &mut Messages,
    stop: &AtomicBool,
    batch: &mut Vec<async_nats::jetstream::Message>,
) -> Result<bool, String> {
    let first = loop {
        if stop.load(Ordering::SeqCst) {
            return Ok(false);
        }
        match tokio::time::timeout(Duration::from_millis(200), messages.next()).await {
            Err(_) => continue,
            Ok(None) => return Err("the consumer's message stream ended".into()),
            Ok(Some(Err(e))) => return Err(e.to_string()),
            Ok(Some(Ok(m))) => break m,
        }
    };
    batch.push(first);
    // Under load more messages follow within microseconds: gather them for a few
    // milliseconds, so that one transaction carries many findings.
    let gather_until = tokio::time::Instant::now() + GATHER;
    while batch.len() < BATCH {
        let next = match messages.next().now_or_never() {
            Some(next) => next,
            None => match tokio::time::timeout_at(gather_until, messages.next()).await {
                Ok(next) => next,
                Err(_) => break,
            },
        };
        match next {
            Some(Ok(m)) => batch.push(m),
            Some(Err(e)) => {
                tracing::warn!(error = %e, "JetStream pull error");
                break;
            }
            None => break,
        }
    }
    Ok(true)
}

struct Metrics {
    stored: Arc<Counter>,
    duplicate: Arc<Counter>,
    undecodable: Arc<Counter>,
    store_failed: Arc<Counter>,
    latency: Arc<Histogram>,
}

impl Metrics {
    fn register() -> Self {
        let r = metrics::global();
        let outcome = |o: &str| {
            r.counter(
                names::INGEST_MESSAGES_TOTAL,
                names::INGEST_MESSAGES_TOTAL_HELP,
                &[("outcome", o)],
            )
        };
        Self {
            stored: outcome(names::INGEST_STORED),
            duplicate: outcome(names::INGEST_DUPLICATE),
            undecodable: outcome(names::INGEST_UNDECODABLE),
            store_failed: outcome(names::INGEST_STORE_FAILED),
            latency: r.histogram(
                names::INGEST_LATENCY_SECONDS,
                names::INGEST_LATENCY_SECONDS_HELP,
                &[],
                metrics::DEFAULT_LATENCY_BUCKETS,
            ),
        }
    }
}

/// A parsed batch on its way to the store, with the messages to acknowledge after the commit.
struct Parsed {
    findings: Vec<FindingEnvelope>,
    messages: Vec<async_nats::jetstream::Message>,
}

/// Receives batches, parses them, and hands them to the [`commit_loop`]s (one per writer)
/// through a channel: the next batches are received and parsed while earlier ones commit.
async fn run(
    config: IngestConfig,
    stores: Vec<Box<dyn FindingStore>>,
    stop: Arc<AtomicBool>,
    stats: Arc<IngestStats>,
) -> Vec<Box<dyn FindingStore>> {
    let name = config.nats.to_string();
    let metrics = Arc::new(Metrics::register());
    let (tx, rx) = tokio::sync::mpsc::channel::<Parsed>(stores.len());
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let committers: Vec<_> = stores
        .into_iter()
        .map(|store| {
            tokio::spawn(commit_loop(
                name.clone(),
                store,
                Arc::clone(&rx),
                Arc::clone(&stats),
                Arc::clone(&metrics),
            ))
        })
        .collect();
    let mut batch = Vec::with_capacity(BATCH);
    'connect: loop {
        let Some(mut messages) = subscribe(&config, &stop).await else {
            break;
        };
        loop {
            batch.clear();
            match next_batch(&mut messages, &stop, &mut batch).await {
                Ok(true) => {}
                Ok(false) => break 'connect,
                Err(e) => {
                    tracing::warn!(ingest = %name, error = %e, "lost the JetStream consumer; subscribing again");
                    tokio::time::sleep(BACKOFF_MIN).await;
                    continue 'connect;
                }
            }
            let mut parsed = Parsed {
                findings: Vec::with_capacity(batch.len()),
                messages: Vec::with_capacity(batch.len()),
            };
            for message in batch.drain(..) {
                match serde_json::from_slice::<FindingEnvelope>(&message.payload) {
                    Ok(f) => {
                        parsed.findings.push(f);
                        parsed.messages.push(message);
                    }
                    Err(e) => {
                        let seq = message.info().map(|i| i.stream_sequence).unwrap_or(0);
                        tracing::error!(ingest = %name, subject = %message.subject, stream_sequence = seq, error = %e, "rejecting a message that is not a finding (terminated: it will not be delivered again)");
                        stats.rejected.fetch_add(1, Ordering::Relaxed);
                        metrics.undecodable.inc();
                        if let Err(e) = message.ack_with(async_nats::jetstream::AckKind::Term).await
                        {
                            tracing::warn!(ingest = %name, error = %e, "cannot terminate a rejected message");
                        }
                    }
                }
            }
            if parsed.findings.is_empty() {
                continue;
            }
            if tx.send(parsed).await.is_err() {
                // The committer stopped (the store panicked); it said why.
                break 'connect;
            }
        }
    }
    drop(tx);
    let mut stores = Vec::new();
    for committer in committers {
        stores.extend(committer.await.ok().flatten());
    }
    stores
}

/// Commits each batch and then acknowledges its messages; a failed commit is negatively
/// acknowledged, so JetStream delivers the batch again after a back-off.
async fn commit_loop(
    name: String,
    mut store: Box<dyn FindingStore>,
    rx: Arc<tokio::sync::Mutex<tokio::sync::mpsc::Receiver<Parsed>>>,
    stats: Arc<IngestStats>,
    metrics: Arc<Metrics>,
) -> Option<Box<dyn FindingStore>> {
    let mut backoff = BACKOFF_MIN;
    loop {
        // One committer waits on the channel at a time; it lets go as soon as it has a batch.
        let next = rx.lock().await.recv().await;
        let Some(Parsed { findings, messages }) = next else {
            break;
        };
        let started = Instant::now();
        // The store blocks (a PostgreSQL client runs its own runtime): it works on the
        // blocking pool, and comes back with the findings and the result.
        let (back, findings, inserted) = match tokio::task::spawn_blocking(move || {
            let inserted = store.insert(&findings);
            (store, findings, inserted)
        })
        .await
        {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(ingest = %name, error = %e, "the store panicked; stopping ingestion");
                return None;
            }
        };
        store = back;
        match inserted {
            Ok(new) => {
                backoff = BACKOFF_MIN;
                let n = findings.len() as u64;
                stats.stored.fetch_add(n, Ordering::Relaxed);
                stats
                    .duplicates
                    .fetch_add(n - new as u64, Ordering::Relaxed);
                metrics.stored.add(new as u64);
                metrics.duplicate.add(n - new as u64);
                for f in &findings {
                    if let Some(ns) = shrike_store::event_ns(f) {
                        metrics
                            .latency
                            .observe_since_ns(u64::try_from(ns).unwrap_or(0));
                    }
                }
                tracing::debug!(ingest = %name, findings = n, new, elapsed_ms = started.elapsed().as_millis() as u64, "committed");
                for message in &messages {
                    if let Err(e) = message.ack().await {
                        // Delivered again after the ack wait; the store keeps it single.
                        tracing::warn!(ingest = %name, error = %e, "cannot acknowledge a stored finding");
                    }
                }
            }
            Err(e) => {
                stats.store_failures.fetch_add(1, Ordering::Relaxed);
                metrics.store_failed.add(findings.len() as u64);
                tracing::error!(ingest = %name, error = %e, findings = findings.len(), "cannot commit findings to the store; they are delivered again");
                for message in &messages {
                    let _ = message
                        .ack_with(async_nats::jetstream::AckKind::Nak(Some(backoff)))
                        .await;
                }
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(BACKOFF_MAX);
            }
        }
    }
    Some(store)
}
