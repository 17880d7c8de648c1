//! Counters shared by a spooled sink and its delivery thread.

use crate::spool::Spool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How a spooled sink's deliveries are going.
#[derive(Debug, Default)]
pub struct Delivery {
    delivered: AtomicU64,
    failed: AtomicU64,
    dropped: AtomicU64,
}

/// A drop is logged the first time and then once per this many.
const DROP_LOG_EVERY: u64 = 1000;

impl Delivery {
    /// Counters for the sink `name` over `spool`.
    pub(crate) fn register(_name: &str, _spool: &Arc<Spool>) -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// `n` findings were acknowledged by the remote end.
    pub(crate) fn delivered(&self, n: u64) {
        self.delivered.fetch_add(n, Ordering::Relaxed);
    }

    /// A delivery round failed (it is retried).
    pub(crate) fn failed(&self) {
        self.failed.fetch_add(1, Ordering::Relaxed);
    }

    /// A finding was refused because the spool is full: counted, and reported loudly.
    pub(crate) fn dropped(&self, name: &str, spool: &Spool) {
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
        self.delivered.load(Ordering::Relaxed)
    }

    /// Failed delivery rounds so far.
    pub fn failed_total(&self) -> u64 {
        self.failed.load(Ordering::Relaxed)
    }

    /// Findings dropped on a full spool so far.
    pub fn dropped_total(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
}
