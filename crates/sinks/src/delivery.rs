//! Counters shared by a spooled sink and its delivery thread.

use crate::spool::Spool;
use shrike_core::metrics::{self, names, Counter};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How a spooled sink's deliveries are going; mirrored in the process's metrics
/// (`shrike_sink_*{sink}`).
#[derive(Debug)]
pub struct Delivery {
    delivered: Arc<Counter>,
    failed: Arc<Counter>,
    dropped: AtomicU64,
    dropped_metric: Arc<Counter>,
    rejected: Arc<Counter>,
}

/// A drop is logged the first time and then once per this many.
const DROP_LOG_EVERY: u64 = 1000;

impl Delivery {
    /// Counters for the sink `name` over `spool`.
    pub(crate) fn register(name: &str, spool: &Arc<Spool>) -> Arc<Self> {
        let registry = metrics::global();
        let labels = [("sink", name)];
        let depth = |read: fn(&Spool) -> f64| -> metrics::Callback {
            let spool = Arc::downgrade(spool);
            Box::new(move || spool.upgrade().map_or(0.0, |s| read(&s)))
        };
        registry.gauge_fn(
            names::SINK_SPOOL_BYTES,
            names::SINK_SPOOL_BYTES_HELP,
            &labels,
            depth(|s| s.stats().bytes as f64),
        );
        registry.gauge_fn(
            names::SINK_SPOOL_RECORDS,
            names::SINK_SPOOL_RECORDS_HELP,
            &labels,
            depth(|s| s.stats().records as f64),
        );
        Arc::new(Self {
            delivered: registry.counter(
                names::SINK_DELIVERIES_TOTAL,
                names::SINK_DELIVERIES_TOTAL_HELP,
                &labels,
            ),
            failed: registry.counter(
                names::SINK_FAILURES_TOTAL,
                names::SINK_FAILURES_TOTAL_HELP,
                &labels,
            ),
            dropped: AtomicU64::new(0),
            dropped_metric: registry.counter(
                names::SINK_SPOOL_DROPPED_TOTAL,
                names::SINK_SPOOL_DROPPED_TOTAL_HELP,
                &labels,
            ),
            rejected: registry.counter(
                names::SINK_REJECTED_TOTAL,
                names::SINK_REJECTED_TOTAL_HELP,
                &labels,
            ),
        })
    }

    /// `n` findings were acknowledged by the remote end.
    pub(crate) fn delivered(&self, n: u64) {
        self.delivered.add(n);
    }

    /// The receiver refused a finding for good (the sink kept it aside).
    pub(crate) fn rejected(&self) {
        self.rejected.inc();
    }

    /// A delivery round failed (it is retried).
    pub(crate) fn failed(&self) {
        self.failed.inc();
    }

    /// A finding was refused because the spool is full: counted, and reported loudly.
    pub(crate) fn dropped(&self, name: &str, spool: &Spool) {
        self.dropped_metric.inc();
        let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
        if n == 1 || n.is_multiple_of(DROP_LOG_EVERY) {
            let stats = spool.stats();
            tracing::error!(
                sink = %name,
                dropped = n,
                spooled_bytes = stats.bytes,
                spool = %spool.dir().display(),
                "spool full: findings are being dropped (the remote end has been unreachable too long; raise spool_max_mb or fix the remote end)"
            );
        }
    }

    /// Findings acknowledged so far.
    pub fn delivered_total(&self) -> u64 {
        self.delivered.get()
    }

    /// Failed delivery rounds so far.
    pub fn failed_total(&self) -> u64 {
        self.failed.get()
    }

    /// Findings dropped on a full spool so far.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}
