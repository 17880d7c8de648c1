//! Prometheus metrics: a registry of counters, gauges and histograms, rendered in the text
//! exposition format 0.0.4 (`shrike-server` serves [`global`]'s rendering at `GET /metrics`).
//!
//! A *family* is a metric name with one help text and one type; a *series* is a family with one
//! set of label values. Registering a series returns an `Arc` handle; asking again for the same
//! name and labels returns the same handle. Hot paths look a series up once (at start, or the
//! first time a label value appears) and keep the handle: an increment or an observation is then
//! a few relaxed atomic operations and never takes the registry's lock. Values that are cheaper
//! to read than to track (a spool's depth, the hash cache's hit ratio) are *callback* series
//! ([`Registry::gauge_fn`], [`Registry::counter_fn`]) that [`Registry::render`] calls at scrape
//! time, outside the registry's lock.
//!
//! The metric names the project exposes, with their help texts and label values, are constants
//! in [`names`] (and listed in `docs/metrics.md`); wiring code uses them rather than literals.
//!
//! ```
//! use shrike_core::metrics::{names, Registry, DEFAULT_LATENCY_BUCKETS};
//!
//! let registry = Registry::new(); // the process's own is `shrike_core::metrics::global()`
//! let execs = registry.counter(names::EVENTS_TOTAL, names::EVENTS_TOTAL_HELP, &[("kind", "exec")]);
//! execs.inc();
//! let latency = registry.histogram(
//!     names::STAGE_LATENCY_SECONDS,
//!     names::STAGE_LATENCY_SECONDS_HELP,
//!     &[("stage", names::STAGE_EXEC_TO_DETECT)],
//!     DEFAULT_LATENCY_BUCKETS,
//! );
//! latency.observe(0.003);
//! registry.gauge_fn(names::HASH_CACHE_HIT_RATIO, names::HASH_CACHE_HIT_RATIO_HELP, &[], Box::new(|| 0.75));
//!
//! let text = registry.render();
//! assert!(text.contains("# TYPE shrike_events_total counter\n"));
//! assert!(text.contains("shrike_events_total{kind=\"exec\"} 1\n"));
//! assert!(text.contains("shrike_stage_latency_seconds_bucket{stage=\"exec_to_detect\",le=\"0.005\"} 1\n"));
//! assert!(text.contains("shrike_hash_cache_hit_ratio 0.75\n"));
//! ```
//!
//! # Registration mistakes
//!
//! Registering never panics. A registration the registry cannot honour — a name or label name
//! that is not valid Prometheus (or a histogram labelled `le`), histogram bounds that are not
//! finite and strictly increasing, a name already registered with another type (or, for a
//! histogram, other bucket bounds), a plain series where a callback series of the same labels
//! exists or the reverse, or a family already holding [`MAX_SERIES_PER_FAMILY`] series — returns
//! a *detached* handle: it counts as usual but is never rendered. Each such refusal is counted
//! in `shrike_metrics_rejected_registrations_total{metric, reason}`, so a wiring mistake is
//! visible on the same page rather than lost. A family's help text is set by its first
//! registration; later registrations' help texts are ignored.
//!
//! Label values may come from an attacker (a finding's category, a sink's configured name):
//! rendering escapes them, so no value can break the format. Label *names* come from code.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// The content type of [`Registry::render`]'s output.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Bucket upper bounds, in seconds, for latencies from 100 µs to 60 s.
pub const DEFAULT_LATENCY_BUCKETS: &[f64] = &[
    0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0, 60.0,
];

/// The most series one family may hold; registrations beyond it get detached handles (and are
/// counted), so a label fed from unbounded input cannot grow the registry without bound.
pub const MAX_SERIES_PER_FAMILY: usize = 2_000;

/// The metric names Shrike exposes, their help texts and their label values.
///
/// Label names are given in each constant's documentation; `docs/metrics.md` describes what
/// each one measures and where it is counted.
pub mod names {
    /// Events read from the sensor. Label `kind`: `exec`, `fork`, `exit`.
    pub const EVENTS_TOTAL: &str = "shrike_events_total";
    /// Help text of [`EVENTS_TOTAL`].
    pub const EVENTS_TOTAL_HELP: &str =
        "Events read from the sensor, by kind (exec, fork, exit, library)";

    /// Events lost before detection. Label `reason`: one of the `LOST_*` constants.
    pub const EVENTS_LOST_TOTAL: &str = "shrike_events_lost_total";
    /// Help text of [`EVENTS_LOST_TOTAL`].
    pub const EVENTS_LOST_TOTAL_HELP: &str =
        "Events lost before detection, by reason (kernel ring buffer full per kind, undecodable)";
    /// `reason` of [`EVENTS_LOST_TOTAL`]: an exec the kernel could not queue.
    pub const LOST_RING_BUFFER_FULL_EXEC: &str = "ring_buffer_full_exec";
    /// `reason` of [`EVENTS_LOST_TOTAL`]: a fork the kernel could not queue.
    pub const LOST_RING_BUFFER_FULL_FORK: &str = "ring_buffer_full_fork";
    /// `reason` of [`EVENTS_LOST_TOTAL`]: an exit the kernel could not queue.
    pub const LOST_RING_BUFFER_FULL_EXIT: &str = "ring_buffer_full_exit";
    /// `reason` of [`EVENTS_LOST_TOTAL`]: a library load the kernel could not queue.
    pub const LOST_RING_BUFFER_FULL_LIBRARY: &str = "ring_buffer_full_library";
    /// `reason` of [`EVENTS_LOST_TOTAL`]: a record user space could not decode.
    pub const LOST_UNDECODABLE: &str = "undecodable";

    /// Findings created. Label `category`: the finding's SCC category.
    pub const FINDINGS_TOTAL: &str = "shrike_findings_total";
    /// Help text of [`FINDINGS_TOTAL`].
    pub const FINDINGS_TOTAL_HELP: &str = "Findings created, by category";

    /// Findings a sink delivered. Label `sink`: the sink's name.
    pub const SINK_DELIVERIES_TOTAL: &str = "shrike_sink_deliveries_total";
    /// Help text of [`SINK_DELIVERIES_TOTAL`].
    pub const SINK_DELIVERIES_TOTAL_HELP: &str = "Findings a sink delivered, by sink";
    /// Failed delivery attempts. Label `sink`.
    pub const SINK_FAILURES_TOTAL: &str = "shrike_sink_failures_total";
    /// Help text of [`SINK_FAILURES_TOTAL`].
    pub const SINK_FAILURES_TOTAL_HELP: &str =
        "Failed delivery attempts, by sink (the findings stay spooled and are retried)";
    /// Bytes waiting in a sink's spool (a callback gauge). Label `sink`.
    pub const SINK_SPOOL_BYTES: &str = "shrike_sink_spool_bytes";
    /// Help text of [`SINK_SPOOL_BYTES`].
    pub const SINK_SPOOL_BYTES_HELP: &str = "Bytes spooled and not yet acknowledged, by sink";
    /// Records waiting in a sink's spool (a callback gauge). Label `sink`.
    pub const SINK_SPOOL_RECORDS: &str = "shrike_sink_spool_records";
    /// Help text of [`SINK_SPOOL_RECORDS`].
    pub const SINK_SPOOL_RECORDS_HELP: &str = "Findings spooled and not yet acknowledged, by sink";
    /// Findings a full spool refused. Label `sink`.
    pub const SINK_SPOOL_DROPPED_TOTAL: &str = "shrike_sink_spool_dropped_total";
    /// Help text of [`SINK_SPOOL_DROPPED_TOTAL`].
    pub const SINK_SPOOL_DROPPED_TOTAL_HELP: &str =
        "Findings refused because the sink's spool was at its bound, by sink";
    /// Findings the receiving end refused for good (a webhook's 4xx). Label `sink`.
    pub const SINK_REJECTED_TOTAL: &str = "shrike_sink_rejected_total";
    /// Help text of [`SINK_REJECTED_TOTAL`].
    pub const SINK_REJECTED_TOTAL_HELP: &str =
        "Findings the receiver refused for good (kept in the spool's rejected.jsonl), by sink";

    /// Hash cache hits over lookups since start (a callback gauge). No labels.
    pub const HASH_CACHE_HIT_RATIO: &str = "shrike_hash_cache_hit_ratio";
    /// Help text of [`HASH_CACHE_HIT_RATIO`].
    pub const HASH_CACHE_HIT_RATIO_HELP: &str =
        "Executable hash cache hits divided by lookups since start (NaN before the first lookup)";
    /// Executables hashed (cache misses that were read and hashed). No labels.
    pub const EXECUTABLES_HASHED_TOTAL: &str = "shrike_executables_hashed_total";
    /// Help text of [`EXECUTABLES_HASHED_TOTAL`].
    pub const EXECUTABLES_HASHED_TOTAL_HELP: &str = "Executables read and hashed";
    /// Hash lookups answered by the cache. No labels.
    pub const HASH_CACHE_HITS_TOTAL: &str = "shrike_hash_cache_hits_total";
    /// Help text of [`HASH_CACHE_HITS_TOTAL`].
    pub const HASH_CACHE_HITS_TOTAL_HELP: &str =
        "Executable hashes answered by the cache without reading the file";

    /// Executables scanned with the YARA rules, by outcome (once per file identity). Label
    /// `outcome`: a `YARA_*` constant.
    pub const YARA_SCANS_TOTAL: &str = "shrike_yara_scans_total";
    /// Help text of [`YARA_SCANS_TOTAL`].
    pub const YARA_SCANS_TOTAL_HELP: &str =
        "Executables scanned with the loaded YARA rules, by outcome";
    /// `outcome` of [`YARA_SCANS_TOTAL`]: scanned, and a rule matched.
    pub const YARA_MATCHED: &str = "matched";
    /// `outcome` of [`YARA_SCANS_TOTAL`]: scanned, no rule matched.
    pub const YARA_CLEAN: &str = "clean";
    /// `outcome` of [`YARA_SCANS_TOTAL`]: not scanned (over the size limit, timed out, or
    /// unreadable); the exec event says why.
    pub const YARA_FAILED: &str = "failed";

    /// Latency of a pipeline stage (histogram, seconds). Label `stage`: a `STAGE_*` constant.
    pub const STAGE_LATENCY_SECONDS: &str = "shrike_stage_latency_seconds";
    /// Help text of [`STAGE_LATENCY_SECONDS`].
    pub const STAGE_LATENCY_SECONDS_HELP: &str =
        "Seconds from the exec's kernel timestamp to a pipeline stage, by stage";
    /// `stage` of [`STAGE_LATENCY_SECONDS`]: kernel exec time to the finding created.
    pub const STAGE_EXEC_TO_DETECT: &str = "exec_to_detect";
    /// `stage` of [`STAGE_LATENCY_SECONDS`]: kernel exec time to the finding committed to the
    /// store.
    pub const STAGE_EXEC_TO_STORED: &str = "exec_to_stored";

    /// Messages the central ingester handled. Label `outcome`: an `INGEST_*` constant.
    pub const INGEST_MESSAGES_TOTAL: &str = "shrike_ingest_messages_total";
    /// Help text of [`INGEST_MESSAGES_TOTAL`].
    pub const INGEST_MESSAGES_TOTAL_HELP: &str =
        "Messages the central ingester handled, by outcome";
    /// `outcome` of [`INGEST_MESSAGES_TOTAL`]: the finding was committed to the store.
    pub const INGEST_STORED: &str = "stored";
    /// `outcome` of [`INGEST_MESSAGES_TOTAL`]: the store already held a finding of that name.
    pub const INGEST_DUPLICATE: &str = "duplicate";
    /// `outcome` of [`INGEST_MESSAGES_TOTAL`]: the message was not a valid finding.
    pub const INGEST_UNDECODABLE: &str = "undecodable";
    /// `outcome` of [`INGEST_MESSAGES_TOTAL`]: the store refused or failed the write.
    pub const INGEST_STORE_FAILED: &str = "store_failed";
    /// Seconds from receiving a message to committing its finding (histogram). No labels.
    pub const INGEST_LATENCY_SECONDS: &str = "shrike_ingest_latency_seconds";
    /// Help text of [`INGEST_LATENCY_SECONDS`].
    pub const INGEST_LATENCY_SECONDS_HELP: &str =
        "Seconds from the ingester receiving a message to its finding committed to the store";

    /// HTTP requests the API server answered. Labels `route` (the route's path template, or
    /// `unmatched`) and `status` (the numeric status code).
    pub const HTTP_REQUESTS_TOTAL: &str = "shrike_http_requests_total";
    /// Help text of [`HTTP_REQUESTS_TOTAL`].
    pub const HTTP_REQUESTS_TOTAL_HELP: &str =
        "HTTP requests the API server answered, by route template and status code";

    /// Registrations the registry refused (the registry's own; see the module documentation).
    /// Labels `metric` and `reason`.
    pub const METRICS_REJECTED_REGISTRATIONS_TOTAL: &str =
        "shrike_metrics_rejected_registrations_total";
    /// Help text of [`METRICS_REJECTED_REGISTRATIONS_TOTAL`].
    pub const METRICS_REJECTED_REGISTRATIONS_TOTAL_HELP: &str =
        "Metric registrations refused because of a programming error, by metric and reason";

    /// Every family above: name, type (`counter`, `gauge`, `histogram`) and label names.
    pub const ALL: &[(&str, &str, &[&str])] = &[
        (EVENTS_TOTAL, "counter", &["kind"]),
        (EVENTS_LOST_TOTAL, "counter", &["reason"]),
        (FINDINGS_TOTAL, "counter", &["category"]),
        (SINK_DELIVERIES_TOTAL, "counter", &["sink"]),
        (SINK_FAILURES_TOTAL, "counter", &["sink"]),
        (SINK_SPOOL_BYTES, "gauge", &["sink"]),
        (SINK_SPOOL_RECORDS, "gauge", &["sink"]),
        (SINK_SPOOL_DROPPED_TOTAL, "counter", &["sink"]),
        (SINK_REJECTED_TOTAL, "counter", &["sink"]),
        (HASH_CACHE_HIT_RATIO, "gauge", &[]),
        (EXECUTABLES_HASHED_TOTAL, "counter", &[]),
        (HASH_CACHE_HITS_TOTAL, "counter", &[]),
        (YARA_SCANS_TOTAL, "counter", &["outcome"]),
        (STAGE_LATENCY_SECONDS, "histogram", &["stage"]),
        (INGEST_MESSAGES_TOTAL, "counter", &["outcome"]),
        (INGEST_LATENCY_SECONDS, "histogram", &[]),
        (HTTP_REQUESTS_TOTAL, "counter", &["route", "status"]),
        (
            METRICS_REJECTED_REGISTRATIONS_TOTAL,
            "counter",
            &["metric", "reason"],
        ),
    ];
}

/// The process-global registry, the one `GET /metrics` renders.
pub fn global() -> &'static Registry {
    static GLOBAL: Registry = Registry::new();
    &GLOBAL
}

/// A monotonically increasing count.
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// A counter at zero, not in any registry (a detached handle).
    pub const fn new() -> Self {
        Self(AtomicU64::new(0))
    }

    /// Adds one.
    pub fn inc(&self) {
        self.add(1);
    }

    /// Adds `n`.
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// The current count.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// A value that goes up and down (an `f64`; integers up to 2^53 are exact).
#[derive(Debug)]
pub struct Gauge(AtomicU64);

impl Default for Gauge {
    fn default() -> Self {
        Self::new()
    }
}

impl Gauge {
    /// A gauge at zero, not in any registry (a detached handle).
    pub const fn new() -> Self {
        // 0.0f64's bit pattern is all zeroes.
        Self(AtomicU64::new(0))
    }

    /// Sets the value.
    pub fn set(&self, v: f64) {
        self.0.store(v.to_bits(), Ordering::Relaxed);
    }

    /// Adds `delta` (negative to subtract).
    pub fn add(&self, delta: f64) {
        add_f64(&self.0, delta);
    }

    /// Adds one.
    pub fn inc(&self) {
        self.add(1.0);
    }

    /// Subtracts one.
    pub fn dec(&self) {
        self.add(-1.0);
    }

    /// The current value.
    pub fn get(&self) -> f64 {
        f64::from_bits(self.0.load(Ordering::Relaxed))
    }
}

fn add_f64(cell: &AtomicU64, delta: f64) {
    // `fetch_update` retries on contention; the closure never returns None.
    let _ = cell.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |bits| {
        Some((f64::from_bits(bits) + delta).to_bits())
    });
}

/// A distribution of observations (in seconds, for latencies) over fixed buckets.
///
/// Each observation is counted in the first bucket whose upper bound is at least the value
/// (the `+Inf` bucket past the last bound) and added to the sum. Rendering makes the buckets
/// cumulative; the `_count` is the `+Inf` bucket, so the two always agree.
#[derive(Debug)]
pub struct Histogram {
    bounds: Box<[f64]>,
    /// One count per bound, then the `+Inf` bucket; not cumulative.
    counts: Box<[AtomicU64]>,
    sum: AtomicU64,
}

impl Histogram {
    /// An empty histogram over `bounds`, not in any registry (a detached handle). Bounds that
    /// are not finite and strictly increasing are dropped, so the histogram stays valid.
    pub fn new(bounds: &[f64]) -> Self {
        let mut kept: Vec<f64> = Vec::with_capacity(bounds.len());
        for &b in bounds {
            if b.is_finite() && kept.last().is_none_or(|&last| b > last) {
                kept.push(b);
            }
        }
        let counts = (0..=kept.len()).map(|_| AtomicU64::new(0)).collect();
        Self {
            bounds: kept.into_boxed_slice(),
            counts,
            sum: AtomicU64::new(0),
        }
    }

    /// Records one observation. A NaN is counted in the `+Inf` bucket (so it is not lost) and
    /// left out of the sum (so the sum stays usable).
    pub fn observe(&self, value: f64) {
        let index = if value.is_nan() {
            self.bounds.len()
        } else {
            self.bounds.partition_point(|&b| b < value)
        };
        if let Some(c) = self.counts.get(index) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        if !value.is_nan() {
            add_f64(&self.sum, value);
        }
    }

    /// Records a duration, in seconds.
    pub fn observe_duration(&self, d: Duration) {
        self.observe(d.as_secs_f64());
    }

    /// Records the seconds from `start_ns` (wall clock, nanoseconds since the Unix epoch, as in
    /// an event's `time_ns`) to now. A start in the future (the clock stepped back) counts as 0.
    pub fn observe_since_ns(&self, start_ns: u64) {
        let elapsed = crate::time::now_ns().saturating_sub(start_ns);
        self.observe(elapsed as f64 / 1e9);
    }

    /// The bucket upper bounds (without `+Inf`).
    pub fn bounds(&self) -> &[f64] {
        &self.bounds
    }

    /// How many observations were recorded.
    pub fn count(&self) -> u64 {
        self.counts.iter().map(|c| c.load(Ordering::Relaxed)).sum()
    }

    /// The sum of the (non-NaN) observations.
    pub fn sum(&self) -> f64 {
        f64::from_bits(self.sum.load(Ordering::Relaxed))
    }

    /// Cumulative counts per bound, then the `+Inf` bucket (equal to [`Histogram::count`]).
    pub fn cumulative_counts(&self) -> Vec<u64> {
        let mut total = 0u64;
        self.counts
            .iter()
            .map(|c| {
                total = total.saturating_add(c.load(Ordering::Relaxed));
                total
            })
            .collect()
    }
}

/// A value read at scrape time.
pub type Callback = Box<dyn Fn() -> f64 + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Counter => "counter",
            Kind::Gauge => "gauge",
            Kind::Histogram => "histogram",
        }
    }
}

#[derive(Clone)]
enum Series {
    Counter(Arc<Counter>),
    Gauge(Arc<Gauge>),
    Histogram(Arc<Histogram>),
    Callback(Arc<Callback>),
}

/// Label pairs sorted by label name: a series' identity within its family.
type LabelSet = Vec<(String, String)>;

#[derive(Clone)]
struct Family {
    help: String,
    kind: Kind,
    /// Histograms only: the bucket bounds every series of the family shares.
    bounds: Option<Box<[f64]>>,
    series: BTreeMap<LabelSet, Series>,
}

/// Why a registration was refused (the `reason` label of the rejection counter).
#[derive(Debug, Clone, Copy)]
enum Rejection {
    InvalidName,
    InvalidLabel,
    InvalidBuckets,
    TypeConflict,
    BucketMismatch,
    CallbackConflict,
    TooManySeries,
}

impl Rejection {
    fn as_str(self) -> &'static str {
        match self {
            Rejection::InvalidName => "invalid_name",
            Rejection::InvalidLabel => "invalid_label",
            Rejection::InvalidBuckets => "invalid_buckets",
            Rejection::TypeConflict => "type_conflict",
            Rejection::BucketMismatch => "bucket_mismatch",
            Rejection::CallbackConflict => "callback_conflict",
            Rejection::TooManySeries => "too_many_series",
        }
    }
}

/// A set of metric families; see the [module documentation](self).
pub struct Registry {
    families: Mutex<BTreeMap<String, Family>>,
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let families = self.lock();
        f.debug_struct("Registry")
            .field("families", &families.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Registry {
    /// An empty registry (tests use their own; the process uses [`global`]).
    pub const fn new() -> Self {
        Self {
            families: Mutex::new(BTreeMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Family>> {
        // Nothing panics while holding the lock; if something did, the map is still whole.
        self.families.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The counter `name{labels}`, registered on first use. See the module documentation for
    /// what a refused registration returns.
    pub fn counter(&self, name: &str, help: &str, labels: &[(&str, &str)]) -> Arc<Counter> {
        let found = self.register(name, help, Kind::Counter, None, labels, || {
            Series::Counter(Arc::new(Counter::new()))
        });
        match found {
            Some(Series::Counter(c)) => c,
            _ => Arc::new(Counter::new()),
        }
    }

    /// The gauge `name{labels}`, registered on first use.
    pub fn gauge(&self, name: &str, help: &str, labels: &[(&str, &str)]) -> Arc<Gauge> {
        let found = self.register(name, help, Kind::Gauge, None, labels, || {
            Series::Gauge(Arc::new(Gauge::new()))
        });
        match found {
            Some(Series::Gauge(g)) => g,
            _ => Arc::new(Gauge::new()),
        }
    }

    /// The histogram `name{labels}` over `bounds` (seconds; usually
    /// [`DEFAULT_LATENCY_BUCKETS`]), registered on first use. Every series of a family shares
    /// the bounds of its first registration; asking for other bounds is refused.
    pub fn histogram(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
        bounds: &[f64],
    ) -> Arc<Histogram> {
        let proto = Histogram::new(bounds);
        let valid = proto.bounds().len() == bounds.len();
        let found = if valid {
            let wanted: Box<[f64]> = proto.bounds().into();
            self.register(name, help, Kind::Histogram, Some(wanted), labels, || {
                Series::Histogram(Arc::new(Histogram::new(bounds)))
            })
        } else {
            self.reject(name, Rejection::InvalidBuckets);
            None
        };
        match found {
            Some(Series::Histogram(h)) => h,
            _ => Arc::new(proto),
        }
    }

    /// A gauge whose value `read` returns at each scrape (a spool's depth, a cache's hit ratio).
    /// Registering the same name and labels again replaces the callback (a sink started again
    /// reports its new spool). `read` runs on every scrape, outside the registry's lock, so it
    /// may itself use the registry; keep it cheap (a `stat`, an atomic load; `shrike-server`
    /// renders on a blocking thread). If it panics, the sample renders as NaN.
    ///
    /// The registry keeps `read` for the life of the process (or until [`Registry::remove`]):
    /// capture a `Weak` to anything that should be allowed to go away, and return NaN once it
    /// has. Returns whether the callback was registered.
    pub fn gauge_fn(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
        read: Callback,
    ) -> bool {
        self.register_callback(name, help, Kind::Gauge, labels, read)
    }

    /// A counter whose value `read` returns at each scrape (a count already kept elsewhere);
    /// otherwise as [`Registry::gauge_fn`]. The value must never go down.
    pub fn counter_fn(
        &self,
        name: &str,
        help: &str,
        labels: &[(&str, &str)],
        read: Callback,
    ) -> bool {
        self.register_callback(name, help, Kind::Counter, labels, read)
    }

    /// Removes the series `name{labels}` (of any type); the family goes when its last series
    /// does. Handles already given out keep working but are no longer rendered. Returns whether
    /// there was such a series.
    pub fn remove(&self, name: &str, labels: &[(&str, &str)]) -> bool {
        let Some(key) = label_key(labels) else {
            return false;
        };
        let mut families = self.lock();
        let Some(family) = families.get_mut(name) else {
            return false;
        };
        let removed = family.series.remove(&key).is_some();
        if family.series.is_empty() {
            families.remove(name);
        }
        removed
    }

    fn register_callback(
        &self,
        name: &str,
        help: &str,
        kind: Kind,
        labels: &[(&str, &str)],
        read: Callback,
    ) -> bool {
        let read = Series::Callback(Arc::new(read));
        let found = self.register_with(name, help, kind, None, labels, |existing| match existing {
            None | Some(Series::Callback(_)) => Ok(read),
            Some(_) => Err(Rejection::CallbackConflict),
        });
        found.is_some()
    }

    /// Finds or creates a plain (non-callback) series.
    fn register(
        &self,
        name: &str,
        help: &str,
        kind: Kind,
        bounds: Option<Box<[f64]>>,
        labels: &[(&str, &str)],
        make: impl FnOnce() -> Series,
    ) -> Option<Series> {
        self.register_with(
            name,
            help,
            kind,
            bounds,
            labels,
            |existing| match existing {
                None => Ok(make()),
                Some(Series::Callback(_)) => Err(Rejection::CallbackConflict),
                Some(s) => Ok(s.clone()),
            },
        )
    }

    /// Validates, then stores what `decide` returns for the series (given the existing one).
    /// Returns the stored series, or `None` after counting a rejection.
    fn register_with(
        &self,
        name: &str,
        help: &str,
        kind: Kind,
        bounds: Option<Box<[f64]>>,
        labels: &[(&str, &str)],
        decide: impl FnOnce(Option<&Series>) -> Result<Series, Rejection>,
    ) -> Option<Series> {
        if !valid_metric_name(name) {
            self.reject(name, Rejection::InvalidName);
            return None;
        }
        let key = match label_key(labels) {
            Some(k) if k.iter().all(|(l, _)| kind != Kind::Histogram || l != "le") => k,
            _ => {
                self.reject(name, Rejection::InvalidLabel);
                return None;
            }
        };
        let mut families = self.lock();
        let family = families.entry(name.to_owned()).or_insert_with(|| Family {
            help: help.to_owned(),
            kind,
            bounds: bounds.clone(),
            series: BTreeMap::new(),
        });
        let outcome = if family.kind != kind {
            Err(Rejection::TypeConflict)
        } else if family.bounds != bounds {
            Err(Rejection::BucketMismatch)
        } else if !family.series.contains_key(&key) && family.series.len() >= MAX_SERIES_PER_FAMILY
        {
            Err(Rejection::TooManySeries)
        } else {
            decide(family.series.get(&key))
        };
        match outcome {
            Ok(series) => {
                family.series.insert(key, series.clone());
                Some(series)
            }
            Err(why) => {
                if family.series.is_empty() {
                    families.remove(name);
                }
                reject_locked(&mut families, name, why);
                None
            }
        }
    }

    fn reject(&self, name: &str, why: Rejection) {
        reject_locked(&mut self.lock(), name, why);
    }

    /// The registry in the Prometheus text exposition format 0.0.4: families sorted by name,
    /// each with `# HELP` and `# TYPE`, series sorted by label values.
    pub fn render(&self) -> String {
        // Copy the handles out so callbacks run without the lock.
        let snapshot: Vec<(String, Family)> = self
            .lock()
            .iter()
            .map(|(name, f)| (name.clone(), f.clone()))
            .collect();
        let mut out = String::new();
        for (name, family) in snapshot {
            let _ = writeln!(out, "# HELP {name} {}", escape_help(&family.help));
            let _ = writeln!(out, "# TYPE {name} {}", family.kind.as_str());
            for (labels, s) in family.series {
                match s {
                    Series::Counter(c) => {
                        sample(&mut out, &name, &labels, None, &c.get().to_string())
                    }
                    Series::Gauge(g) => sample(&mut out, &name, &labels, None, &fmt_f64(g.get())),
                    Series::Callback(read) => {
                        let v = catch_unwind(AssertUnwindSafe(|| read())).unwrap_or(f64::NAN);
                        sample(&mut out, &name, &labels, None, &fmt_f64(v));
                    }
                    Series::Histogram(h) => {
                        let counts = h.cumulative_counts();
                        let bucket = format!("{name}_bucket");
                        for (i, n) in counts.iter().enumerate() {
                            let le = h
                                .bounds()
                                .get(i)
                                .map_or_else(|| "+Inf".to_owned(), |&b| fmt_f64(b));
                            sample(&mut out, &bucket, &labels, Some(&le), &n.to_string());
                        }
                        let total = counts.last().copied().unwrap_or(0);
                        sample(
                            &mut out,
                            &format!("{name}_sum"),
                            &labels,
                            None,
                            &fmt_f64(h.sum()),
                        );
                        sample(
                            &mut out,
                            &format!("{name}_count"),
                            &labels,
                            None,
                            &total.to_string(),
                        );
                    }
                }
            }
        }
        out
    }
}

fn reject_locked(families: &mut BTreeMap<String, Family>, name: &str, why: Rejection) {
    let family = families
        .entry(names::METRICS_REJECTED_REGISTRATIONS_TOTAL.to_owned())
        .or_insert_with(|| Family {
            help: names::METRICS_REJECTED_REGISTRATIONS_TOTAL_HELP.to_owned(),
            kind: Kind::Counter,
            bounds: None,
            series: BTreeMap::new(),
        });
    let key = vec![
        ("metric".to_owned(), name.to_owned()),
        ("reason".to_owned(), why.as_str().to_owned()),
    ];
    if family.kind != Kind::Counter
        || (!family.series.contains_key(&key) && family.series.len() >= MAX_SERIES_PER_FAMILY)
    {
        return;
    }
    let series = family
        .series
        .entry(key)
        .or_insert_with(|| Series::Counter(Arc::new(Counter::new())));
    if let Series::Counter(c) = series {
        c.inc();
    }
}

/// Label pairs sorted by name; `None` if a name is invalid or repeated.
fn label_key(labels: &[(&str, &str)]) -> Option<LabelSet> {
    let mut key: LabelSet = labels
        .iter()
        .map(|&(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    key.sort();
    let valid =
        key.iter().all(|(k, _)| valid_label_name(k)) && key.windows(2).all(|w| w[0].0 != w[1].0);
    valid.then_some(key)
}

/// `[a-zA-Z_:][a-zA-Z0-9_:]*`
fn valid_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

/// `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__` (reserved for Prometheus).
fn valid_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("__")
}

fn sample(
    out: &mut String,
    name: &str,
    labels: &[(String, String)],
    le: Option<&str>,
    value: &str,
) {
    out.push_str(name);
    if !labels.is_empty() || le.is_some() {
        out.push('{');
        let pairs = labels
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(le.map(|le| ("le", le)));
        for (i, (k, v)) in pairs.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(k);
            out.push_str("=\"");
            escape_label_value(out, v);
            out.push('"');
        }
        out.push('}');
    }
    out.push(' ');
    out.push_str(value);
    out.push('\n');
}

/// Label values escape backslash, double quote and line feed.
fn escape_label_value(out: &mut String, v: &str) {
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Help texts escape backslash and line feed.
fn escape_help(help: &str) -> String {
    help.replace('\\', "\\\\").replace('\n', "\\n")
}

/// Go's float syntax as Prometheus parses it: `NaN`, `+Inf`, `-Inf`, or a decimal.
fn fmt_f64(v: f64) -> String {
    if v.is_nan() {
        "NaN".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "+Inf" } else { "-Inf" }.to_owned()
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::io::Read;

    /// One parsed sample line: name, labels in order, value.
    type Sample = (String, LabelSet, f64);
    /// Per histogram series (labels without `le`): the last cumulative count, and the `+Inf`
    /// bucket's once seen.
    type Buckets = BTreeMap<LabelSet, (f64, Option<f64>)>;

    /// Parses `text` as the Prometheus text format 0.0.4, panicking with the line number on
    /// anything malformed: every sample is `name{labels} value` and belongs to the family
    /// declared by the `# TYPE` line before it; families appear once, sorted by name, `# HELP`
    /// before `# TYPE`; histogram buckets are cumulative and end with `le="+Inf"` equal to
    /// `_count`.
    fn validate(text: &str) -> Vec<Sample> {
        assert!(
            text.is_empty() || text.ends_with('\n'),
            "output must end with a newline"
        );
        let mut samples = Vec::new();
        let mut typed: BTreeSet<String> = BTreeSet::new();
        let mut helped: BTreeSet<String> = BTreeSet::new();
        let mut family: Option<(String, String)> = None;
        let mut buckets = Buckets::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if let Some(rest) = line.strip_prefix("# HELP ") {
                let (name, _) = rest.split_once(' ').unwrap_or((rest, ""));
                assert!(valid_metric_name(name), "line {n}: HELP name {name:?}");
                assert!(
                    helped.insert(name.to_owned()),
                    "line {n}: second HELP for {name}"
                );
                assert!(
                    !typed.contains(name),
                    "line {n}: HELP after TYPE for {name}"
                );
                continue;
            }
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').expect("TYPE needs a type");
                assert!(valid_metric_name(name), "line {n}: TYPE name {name:?}");
                assert!(
                    ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                    "line {n}: type {kind:?}"
                );
                if let Some(last) = typed.last() {
                    assert!(
                        last.as_str() < name,
                        "line {n}: {name} after {last}: not sorted"
                    );
                }
                assert!(
                    typed.insert(name.to_owned()),
                    "line {n}: second TYPE for {name}"
                );
                check_histogram_end(&buckets, n);
                buckets.clear();
                family = Some((name.to_owned(), kind.to_owned()));
                continue;
            }
            assert!(!line.starts_with('#'), "line {n}: unknown comment {line:?}");
            let (fam, kind) = family
                .as_ref()
                .unwrap_or_else(|| panic!("line {n}: sample before any TYPE"));
            let (name, labels, value) = parse_sample(line, n);
            let suffix = name
                .strip_prefix(fam.as_str())
                .unwrap_or_else(|| panic!("line {n}: sample {name} outside family {fam}"));
            match (kind.as_str(), suffix) {
                ("histogram", "_bucket") => {
                    let le = labels
                        .iter()
                        .find(|(k, _)| k == "le")
                        .unwrap_or_else(|| panic!("line {n}: bucket without le"));
                    let bound = parse_value(&le.1, n);
                    let rest: Vec<_> = labels.iter().filter(|(k, _)| k != "le").cloned().collect();
                    let entry = buckets.entry(rest).or_insert((0.0, None));
                    assert!(entry.1.is_none(), "line {n}: bucket after +Inf");
                    assert!(value >= entry.0, "line {n}: buckets not cumulative");
                    entry.0 = value;
                    if bound == f64::INFINITY {
                        entry.1 = Some(value);
                    }
                }
                ("histogram", "_sum") => {}
                ("histogram", "_count") => {
                    let inf = buckets.get(&labels).and_then(|b| b.1);
                    assert_eq!(
                        inf,
                        Some(value),
                        "line {n}: _count differs from the +Inf bucket"
                    );
                }
                (_, "") => {}
                _ => panic!("line {n}: sample {name} does not belong to {kind} {fam}"),
            }
            samples.push((name, labels, value));
        }
        check_histogram_end(&buckets, text.lines().count());
        samples
    }

    fn check_histogram_end(buckets: &Buckets, n: usize) {
        for (labels, (_, inf)) in buckets {
            assert!(
                inf.is_some(),
                "before line {n}: histogram {labels:?} has no +Inf bucket"
            );
        }
    }

    fn parse_sample(line: &str, n: usize) -> Sample {
        let name_end = line
            .find(['{', ' '])
            .unwrap_or_else(|| panic!("line {n}: no value in {line:?}"));
        let name = &line[..name_end];
        assert!(valid_metric_name(name), "line {n}: sample name {name:?}");
        let mut rest = &line[name_end..];
        let mut labels = Vec::new();
        if let Some(body) = rest.strip_prefix('{') {
            let (parsed, after) = parse_labels(body, n);
            labels = parsed;
            rest = after;
        }
        let value = rest
            .strip_prefix(' ')
            .unwrap_or_else(|| panic!("line {n}: expected one space before the value"));
        assert!(!value.contains(' '), "line {n}: timestamps are not emitted");
        (name.to_owned(), labels, parse_value(value, n))
    }

    /// Parses `k="v",...}` (what follows the opening brace) and returns the labels and what
    /// follows the closing brace.
    fn parse_labels(s: &str, n: usize) -> (Vec<(String, String)>, &str) {
        let mut labels = Vec::new();
        let mut at = 0;
        loop {
            let eq = s[at..]
                .find("=\"")
                .unwrap_or_else(|| panic!("line {n}: label without =\""));
            let key = &s[at..at + eq];
            assert!(valid_label_name(key), "line {n}: label name {key:?}");
            let mut value = String::new();
            let mut chars = s[at + eq + 2..].char_indices();
            let end = loop {
                match chars.next() {
                    Some((_, '\\')) => match chars.next() {
                        Some((_, '\\')) => value.push('\\'),
                        Some((_, '"')) => value.push('"'),
                        Some((_, 'n')) => value.push('\n'),
                        other => panic!("line {n}: bad escape {other:?}"),
                    },
                    Some((i, '"')) => break at + eq + 2 + i + 1,
                    Some((_, '\n')) => panic!("line {n}: raw newline in a label value"),
                    Some((_, c)) => value.push(c),
                    None => panic!("line {n}: unterminated label value"),
                }
            };
            labels.push((key.to_owned(), value));
            match s[end..].chars().next() {
                Some(',') => at = end + 1,
                Some('}') => return (labels, &s[end + 1..]),
                other => panic!("line {n}: expected , or }} after a label, got {other:?}"),
            }
        }
    }

    fn parse_value(v: &str, n: usize) -> f64 {
        match v {
            "+Inf" => f64::INFINITY,
            "-Inf" => f64::NEG_INFINITY,
            "NaN" => f64::NAN,
            _ => {
                assert!(
                    !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)),
                    "line {n}: value {v:?}"
                );
                v.parse()
                    .unwrap_or_else(|e| panic!("line {n}: value {v:?}: {e}"))
            }
        }
    }

    fn find<'a>(samples: &'a [Sample], name: &str, labels: &[(&str, &str)]) -> Option<&'a Sample> {
        samples.iter().find(|(n, l, _)| {
            n == name
                && l.len() == labels.len()
                && l.iter()
                    .zip(labels)
                    .all(|((k, v), (k2, v2))| k == k2 && v == v2)
        })
    }

    #[test]
    fn counters_render_with_help_type_and_sorted_labels() {
        let r = Registry::new();
        let exec = r.counter(
            names::EVENTS_TOTAL,
            names::EVENTS_TOTAL_HELP,
            &[("kind", "exec")],
        );
        let fork = r.counter(
            names::EVENTS_TOTAL,
            "ignored: the family has its help",
            &[("kind", "fork")],
        );
        exec.add(41);
        exec.inc();
        fork.inc();
        let plain = r.counter("shrike_a_total", "First by name", &[]);
        plain.add(3);
        let text = r.render();
        assert_eq!(
            text,
            "# HELP shrike_a_total First by name\n\
             # TYPE shrike_a_total counter\n\
             shrike_a_total 3\n\
             # HELP shrike_events_total Events read from the sensor, by kind (exec, fork, exit, library)\n\
             # TYPE shrike_events_total counter\n\
             shrike_events_total{kind=\"exec\"} 42\n\
             shrike_events_total{kind=\"fork\"} 1\n"
        );
        validate(&text);
    }

    #[test]
    fn same_name_and_labels_give_the_same_handle_whatever_the_label_order() {
        let r = Registry::new();
        let a = r.counter("x_total", "h", &[("a", "1"), ("b", "2")]);
        let b = r.counter("x_total", "h", &[("b", "2"), ("a", "1")]);
        assert!(Arc::ptr_eq(&a, &b));
        let c = r.counter("x_total", "h", &[("a", "1"), ("b", "3")]);
        assert!(!Arc::ptr_eq(&a, &c));
        a.inc();
        b.inc();
        assert_eq!(c.get(), 0);
        assert!(r.render().contains("x_total{a=\"1\",b=\"2\"} 2\n"));
        let g1 = r.gauge("g", "h", &[]);
        assert!(Arc::ptr_eq(&g1, &r.gauge("g", "h", &[])));
        let h1 = r.histogram("h_seconds", "h", &[], DEFAULT_LATENCY_BUCKETS);
        assert!(Arc::ptr_eq(
            &h1,
            &r.histogram("h_seconds", "h", &[], DEFAULT_LATENCY_BUCKETS)
        ));
    }

    #[test]
    fn gauges_set_add_and_render_special_values() {
        let r = Registry::new();
        let g = r.gauge("shrike_g", "A gauge", &[("s", "a")]);
        g.set(10.0);
        g.add(2.5);
        g.inc();
        g.dec();
        g.add(-0.25);
        assert_eq!(g.get(), 12.25);
        r.gauge("shrike_g", "A gauge", &[("s", "inf")])
            .set(f64::INFINITY);
        r.gauge("shrike_g", "A gauge", &[("s", "nan")])
            .set(f64::NAN);
        r.gauge("shrike_g", "A gauge", &[("s", "neg")]).set(-3.0);
        let text = r.render();
        assert_eq!(
            text,
            "# HELP shrike_g A gauge\n\
             # TYPE shrike_g gauge\n\
             shrike_g{s=\"a\"} 12.25\n\
             shrike_g{s=\"inf\"} +Inf\n\
             shrike_g{s=\"nan\"} NaN\n\
             shrike_g{s=\"neg\"} -3\n"
        );
        validate(&text);
    }

    #[test]
    fn callback_series_are_read_at_scrape_time_and_may_be_replaced() {
        let r = Registry::new();
        let depth = Arc::new(AtomicU64::new(7));
        let seen = Arc::clone(&depth);
        assert!(r.gauge_fn(
            names::SINK_SPOOL_RECORDS,
            names::SINK_SPOOL_RECORDS_HELP,
            &[("sink", "nats")],
            Box::new(move || seen.load(Ordering::Relaxed) as f64),
        ));
        assert!(r
            .render()
            .contains("shrike_sink_spool_records{sink=\"nats\"} 7\n"));
        depth.store(9, Ordering::Relaxed);
        assert!(r
            .render()
            .contains("shrike_sink_spool_records{sink=\"nats\"} 9\n"));
        // Registered again (a sink restarted): the new callback wins.
        assert!(r.gauge_fn(
            names::SINK_SPOOL_RECORDS,
            "",
            &[("sink", "nats")],
            Box::new(|| 1.0)
        ));
        assert!(r
            .render()
            .contains("shrike_sink_spool_records{sink=\"nats\"} 1\n"));
        // Counter callbacks render as counters.
        assert!(r.counter_fn("kept_elsewhere_total", "h", &[], Box::new(|| 5.0)));
        let text = r.render();
        assert!(text.contains("# TYPE kept_elsewhere_total counter\nkept_elsewhere_total 5\n"));
        validate(&text);
    }

    #[test]
    fn callbacks_run_outside_the_lock_and_a_panicking_one_renders_nan() {
        let r = Arc::new(Registry::new());
        let inner = Arc::downgrade(&r);
        // A callback that uses the registry itself would deadlock if render held the lock.
        r.gauge_fn(
            "families",
            "h",
            &[],
            Box::new(move || {
                inner.upgrade().map_or(f64::NAN, |r| {
                    r.counter("touched_total", "h", &[]).inc();
                    1.0
                })
            }),
        );
        r.gauge_fn("broken", "h", &[], Box::new(|| panic!("callback bug")));
        let text = r.render();
        assert!(text.contains("\nbroken NaN\n"), "{text}");
        assert!(text.contains("\nfamilies 1\n"), "{text}");
        assert_eq!(r.counter("touched_total", "h", &[]).get(), 1);
        validate(&text);
    }

    #[test]
    fn histogram_buckets_are_cumulative_with_inf_sum_and_count() {
        let r = Registry::new();
        let h = r.histogram(
            names::STAGE_LATENCY_SECONDS,
            names::STAGE_LATENCY_SECONDS_HELP,
            &[("stage", names::STAGE_EXEC_TO_DETECT)],
            &[0.1, 1.0, 10.0],
        );
        // A value equal to a bound belongs to that bound's bucket (le = "less or equal").
        for v in [0.05, 0.1, 0.5, 1.0, 2.0, 100.0, f64::NAN] {
            h.observe(v);
        }
        h.observe_duration(Duration::from_millis(250));
        assert_eq!(h.count(), 8);
        assert_eq!(h.cumulative_counts(), vec![2, 5, 6, 8]);
        assert!((h.sum() - 103.9).abs() < 1e-9, "{}", h.sum());
        let text = r.render();
        assert_eq!(
            text,
            format!(
                "# HELP shrike_stage_latency_seconds {}\n\
                 # TYPE shrike_stage_latency_seconds histogram\n\
                 shrike_stage_latency_seconds_bucket{{stage=\"exec_to_detect\",le=\"0.1\"}} 2\n\
                 shrike_stage_latency_seconds_bucket{{stage=\"exec_to_detect\",le=\"1\"}} 5\n\
                 shrike_stage_latency_seconds_bucket{{stage=\"exec_to_detect\",le=\"10\"}} 6\n\
                 shrike_stage_latency_seconds_bucket{{stage=\"exec_to_detect\",le=\"+Inf\"}} 8\n\
                 shrike_stage_latency_seconds_sum{{stage=\"exec_to_detect\"}} {}\n\
                 shrike_stage_latency_seconds_count{{stage=\"exec_to_detect\"}} 8\n",
                names::STAGE_LATENCY_SECONDS_HELP,
                h.sum()
            )
        );
        validate(&text);
    }

    #[test]
    fn unlabelled_histogram_and_default_buckets() {
        let r = Registry::new();
        let h = r.histogram(
            names::INGEST_LATENCY_SECONDS,
            names::INGEST_LATENCY_SECONDS_HELP,
            &[],
            DEFAULT_LATENCY_BUCKETS,
        );
        h.observe(0.000_05);
        h.observe(59.0);
        h.observe(61.0);
        let samples = validate(&r.render());
        let bucket = |le: &str| {
            find(
                &samples,
                "shrike_ingest_latency_seconds_bucket",
                &[("le", le)],
            )
            .unwrap_or_else(|| panic!("no bucket {le}"))
            .2
        };
        assert_eq!(bucket("0.0001"), 1.0);
        assert_eq!(bucket("30"), 1.0);
        assert_eq!(bucket("60"), 2.0);
        assert_eq!(bucket("+Inf"), 3.0);
        assert_eq!(
            find(&samples, "shrike_ingest_latency_seconds_count", &[])
                .unwrap()
                .2,
            3.0
        );
        assert_eq!(DEFAULT_LATENCY_BUCKETS.first(), Some(&0.000_1));
        assert_eq!(DEFAULT_LATENCY_BUCKETS.last(), Some(&60.0));
        assert!(DEFAULT_LATENCY_BUCKETS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn observe_since_ns_measures_from_a_wall_clock_timestamp() {
        let h = Histogram::new(&[1.0, 3600.0]);
        h.observe_since_ns(crate::time::now_ns() - 2_000_000_000);
        h.observe_since_ns(crate::time::now_ns() + 60_000_000_000);
        assert_eq!(h.cumulative_counts(), vec![1, 2, 2]);
        assert!(h.sum() >= 2.0 && h.sum() < 60.0, "{}", h.sum());
    }

    #[test]
    fn hostile_label_values_are_escaped_and_read_back_intact() {
        let r = Registry::new();
        let hostile = "a\\b\"c\nd} e=\"f\",g";
        r.counter(
            names::FINDINGS_TOTAL,
            names::FINDINGS_TOTAL_HELP,
            &[("category", hostile)],
        )
        .inc();
        r.histogram("lat_seconds", "h", &[("sink", hostile)], &[1.0])
            .observe(0.5);
        r.gauge_fn(
            "ratio",
            "help with \\ and\nnewline",
            &[("x", "\n")],
            Box::new(|| 0.5),
        );
        let text = r.render();
        assert!(
            text.contains("shrike_findings_total{category=\"a\\\\b\\\"c\\nd} e=\\\"f\\\",g\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("# HELP ratio help with \\\\ and\\nnewline\n"),
            "{text}"
        );
        let samples = validate(&text);
        assert_eq!(
            find(&samples, names::FINDINGS_TOTAL, &[("category", hostile)])
                .unwrap()
                .2,
            1.0
        );
        assert_eq!(
            find(
                &samples,
                "lat_seconds_bucket",
                &[("sink", hostile), ("le", "1")]
            )
            .unwrap()
            .2,
            1.0
        );
        assert_eq!(find(&samples, "ratio", &[("x", "\n")]).unwrap().2, 0.5);
    }

    #[test]
    fn concurrent_updates_from_several_threads_sum_correctly() {
        let r = Registry::new();
        const THREADS: u64 = 8;
        const PER_THREAD: u64 = 20_000;
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let r = &r;
                s.spawn(move || {
                    // Half the threads look the series up themselves: registration races too.
                    let c = r.counter("c_total", "h", &[("k", "v")]);
                    let g = r.gauge("g", "h", &[]);
                    let h = r.histogram("h_seconds", "h", &[], &[0.5]);
                    for i in 0..PER_THREAD {
                        if t % 2 == 0 {
                            c.inc();
                        } else {
                            r.counter("c_total", "h", &[("k", "v")]).inc();
                        }
                        g.add(1.0);
                        h.observe(if i % 2 == 0 { 0.25 } else { 1.0 });
                    }
                });
            }
        });
        let total = THREADS * PER_THREAD;
        assert_eq!(r.counter("c_total", "h", &[("k", "v")]).get(), total);
        assert_eq!(r.gauge("g", "h", &[]).get(), total as f64);
        let h = r.histogram("h_seconds", "h", &[], &[0.5]);
        assert_eq!(h.cumulative_counts(), vec![total / 2, total]);
        assert_eq!(h.sum(), (total / 2) as f64 * 1.25);
        let samples = validate(&r.render());
        assert_eq!(
            find(&samples, "c_total", &[("k", "v")]).unwrap().2,
            total as f64
        );
    }

    fn rejections(r: &Registry) -> Vec<(String, String, f64)> {
        validate(&r.render())
            .into_iter()
            .filter(|(n, _, _)| n == names::METRICS_REJECTED_REGISTRATIONS_TOTAL)
            .map(|(_, l, v)| (l[0].1.clone(), l[1].1.clone(), v))
            .collect()
    }

    #[test]
    fn a_type_conflict_returns_a_detached_handle_and_is_counted() {
        let r = Registry::new();
        let counter = r.counter("x", "h", &[]);
        counter.inc();
        let gauge = r.gauge("x", "h", &[]);
        gauge.set(99.0); // works, but is not rendered
        let hist = r.histogram("x", "h", &[], DEFAULT_LATENCY_BUCKETS);
        hist.observe(1.0);
        assert!(!r.gauge_fn("x", "h", &[("other", "labels")], Box::new(|| 1.0)));
        let text = r.render();
        assert!(text.contains("# TYPE x counter\nx 1\n"), "{text}");
        assert!(!text.contains("99"), "{text}");
        assert_eq!(
            rejections(&r),
            vec![("x".to_owned(), "type_conflict".to_owned(), 3.0)]
        );
    }

    #[test]
    fn plain_and_callback_series_of_the_same_labels_conflict() {
        let r = Registry::new();
        let g = r.gauge("g", "h", &[("a", "1")]);
        assert!(!r.gauge_fn("g", "h", &[("a", "1")], Box::new(|| 5.0)));
        assert!(r.gauge_fn("g", "h", &[("a", "2")], Box::new(|| 5.0)));
        let detached = r.gauge("g", "h", &[("a", "2")]);
        detached.set(7.0);
        g.set(1.0);
        let text = r.render();
        assert!(text.contains("g{a=\"1\"} 1\ng{a=\"2\"} 5\n"), "{text}");
        assert_eq!(
            rejections(&r),
            vec![("g".to_owned(), "callback_conflict".to_owned(), 2.0)]
        );
    }

    #[test]
    fn invalid_names_labels_and_buckets_are_refused_and_counted() {
        let r = Registry::new();
        r.counter("1bad", "h", &[]).inc();
        r.counter("bad name", "h", &[]).inc();
        r.counter("ok_total", "h", &[("bad-label", "v")]).inc();
        r.counter("ok_total", "h", &[("__reserved", "v")]).inc();
        r.counter("ok_total", "h", &[("a", "1"), ("a", "2")]).inc();
        r.histogram("h_seconds", "h", &[("le", "1")], &[1.0])
            .observe(1.0);
        r.histogram("h_seconds", "h", &[], &[2.0, 1.0]).observe(1.0);
        r.histogram("h_seconds", "h", &[], &[1.0, f64::NAN])
            .observe(1.0);
        r.histogram("h_seconds", "h", &[("a", "1")], &[1.0])
            .observe(1.0);
        r.histogram("h_seconds", "h", &[("a", "2")], &[1.0, 2.0])
            .observe(1.0);
        let got = rejections(&r);
        let expect = [
            ("1bad", "invalid_name", 1.0),
            ("bad name", "invalid_name", 1.0),
            ("h_seconds", "bucket_mismatch", 1.0),
            ("h_seconds", "invalid_buckets", 2.0),
            ("h_seconds", "invalid_label", 1.0),
            ("ok_total", "invalid_label", 3.0),
        ];
        let expect: Vec<_> = expect
            .iter()
            .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), *c))
            .collect();
        assert_eq!(got, expect);
        let text = r.render();
        assert!(!text.contains("# TYPE ok_total"), "{text}");
        assert!(text.contains("h_seconds_count{a=\"1\"} 1\n"), "{text}");
        // A detached histogram with bad bounds still records, over the bounds that were valid.
        let detached = r.histogram("other_seconds", "h", &[], &[1.0, 0.5, 2.0]);
        detached.observe(1.5);
        assert_eq!(detached.bounds(), &[1.0, 2.0]);
        assert_eq!(detached.cumulative_counts(), vec![0, 1, 1]);
    }

    #[test]
    fn a_family_stops_growing_at_its_series_bound() {
        let r = Registry::new();
        for i in 0..MAX_SERIES_PER_FAMILY + 5 {
            r.counter("c_total", "h", &[("v", &i.to_string())]).inc();
        }
        // Existing series are still found.
        r.counter("c_total", "h", &[("v", "0")]).inc();
        let samples = validate(&r.render());
        assert_eq!(
            samples.iter().filter(|s| s.0 == "c_total").count(),
            MAX_SERIES_PER_FAMILY
        );
        assert_eq!(find(&samples, "c_total", &[("v", "0")]).unwrap().2, 2.0);
        assert_eq!(
            rejections(&r),
            vec![("c_total".to_owned(), "too_many_series".to_owned(), 5.0)]
        );
    }

    #[test]
    fn remove_drops_a_series_and_an_empty_family() {
        let r = Registry::new();
        r.gauge_fn("g", "h", &[("sink", "a")], Box::new(|| 1.0));
        r.gauge_fn("g", "h", &[("sink", "b")], Box::new(|| 2.0));
        assert!(r.remove("g", &[("sink", "a")]));
        assert!(!r.remove("g", &[("sink", "a")]));
        assert_eq!(r.render(), "# HELP g h\n# TYPE g gauge\ng{sink=\"b\"} 2\n");
        assert!(r.remove("g", &[("sink", "b")]));
        assert_eq!(r.render(), "");
        // The name is free again, for any type.
        r.counter("g", "h", &[]).inc();
        assert_eq!(r.render(), "# HELP g h\n# TYPE g counter\ng 1\n");
    }

    #[test]
    fn every_type_together_passes_the_validator() {
        let r = Registry::new();
        for (name, kind, labels) in names::ALL {
            let pairs: Vec<(&str, &str)> = labels.iter().map(|l| (*l, "v")).collect();
            match *kind {
                "counter" => r.counter(name, "h", &pairs).inc(),
                "gauge" => r.gauge(name, "h", &pairs).set(0.5),
                "histogram" => r
                    .histogram(name, "h", &pairs, DEFAULT_LATENCY_BUCKETS)
                    .observe(0.01),
                other => panic!("{name}: unknown type {other}"),
            }
        }
        let text = r.render();
        let samples = validate(&text);
        assert_eq!(text.matches("# TYPE ").count(), names::ALL.len());
        assert!(samples.len() > names::ALL.len());
        // Nothing was refused: the registry's own rejection counter is the one registered above.
        assert!(rejections(&r).iter().all(|(metric, _, _)| metric == "v"));
    }

    #[test]
    fn the_global_registry_is_one_registry() {
        let a = global().counter("shrike_core_metrics_test_total", "h", &[]);
        a.inc();
        assert!(Arc::ptr_eq(
            &a,
            &global().counter("shrike_core_metrics_test_total", "h", &[])
        ));
        assert!(global()
            .render()
            .contains("shrike_core_metrics_test_total "));
    }

    #[test]
    fn docs_list_every_metric_name() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/metrics.md");
        let mut doc = String::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(1 << 20).read_to_string(&mut doc))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        for (name, kind, labels) in names::ALL {
            let label_list = labels.join(", ");
            let head = if labels.is_empty() {
                format!("`{name}`")
            } else {
                format!("`{name}{{{label_list}}}`")
            };
            assert!(doc.contains(&head), "{path}: {head} is not documented");
            let row = doc.lines().find(|l| l.contains(&head)).unwrap_or_default();
            assert!(
                row.contains(kind),
                "{path}: {name} is not documented as a {kind}"
            );
        }
    }
}
