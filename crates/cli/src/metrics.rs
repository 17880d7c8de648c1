//! What `shrike watch` reports at `/metrics`: events by kind, losses by reason, findings by
//! category, hashing, and the exec → finding latency (see docs/metrics.md).

use shrike_core::metrics::{self, names, Counter, Gauge, Histogram};
use shrike_core::{Event, FindingEnvelope};
use shrike_sensor::live::LiveStats;
use std::sync::Arc;

fn counter(name: &str, help: &str, labels: &[(&str, &str)]) -> Arc<Counter> {
    metrics::global().counter(name, help, labels)
}

/// The sensor's counters, fed as deltas of [`LiveStats`].
pub(crate) struct SensorMetrics {
    exec: Arc<Counter>,
    fork: Arc<Counter>,
    exit: Arc<Counter>,
    library: Arc<Counter>,
    lost_exec: Arc<Counter>,
    lost_fork: Arc<Counter>,
    lost_exit: Arc<Counter>,
    lost_library: Arc<Counter>,
    undecodable: Arc<Counter>,
    hashed: Arc<Counter>,
    hash_hits: Arc<Counter>,
    hit_ratio: Arc<Gauge>,
    yara_matched: Arc<Counter>,
    yara_clean: Arc<Counter>,
    yara_failed: Arc<Counter>,
    last: LiveStats,
}

impl SensorMetrics {
    pub(crate) fn register() -> Self {
        let kind = |k| {
            counter(
                names::EVENTS_TOTAL,
                names::EVENTS_TOTAL_HELP,
                &[("kind", k)],
            )
        };
        let lost = |r| {
            counter(
                names::EVENTS_LOST_TOTAL,
                names::EVENTS_LOST_TOTAL_HELP,
                &[("reason", r)],
            )
        };
        let yara = |o| {
            counter(
                names::YARA_SCANS_TOTAL,
                names::YARA_SCANS_TOTAL_HELP,
                &[("outcome", o)],
            )
        };
        Self {
            exec: kind("exec"),
            fork: kind("fork"),
            exit: kind("exit"),
            library: kind("library"),
            lost_exec: lost(names::LOST_RING_BUFFER_FULL_EXEC),
            lost_fork: lost(names::LOST_RING_BUFFER_FULL_FORK),
            lost_exit: lost(names::LOST_RING_BUFFER_FULL_EXIT),
            lost_library: lost(names::LOST_RING_BUFFER_FULL_LIBRARY),
            undecodable: lost(names::LOST_UNDECODABLE),
            hashed: counter(
                names::EXECUTABLES_HASHED_TOTAL,
                names::EXECUTABLES_HASHED_TOTAL_HELP,
                &[],
            ),
            hash_hits: counter(
                names::HASH_CACHE_HITS_TOTAL,
                names::HASH_CACHE_HITS_TOTAL_HELP,
                &[],
            ),
            hit_ratio: metrics::global().gauge(
                names::HASH_CACHE_HIT_RATIO,
                names::HASH_CACHE_HIT_RATIO_HELP,
                &[],
            ),
            yara_matched: yara(names::YARA_MATCHED),
            yara_clean: yara(names::YARA_CLEAN),
            yara_failed: yara(names::YARA_FAILED),
            last: LiveStats::default(),
        }
    }

    /// Counts one event read from the sensor.
    pub(crate) fn event(&self, event: &Event) {
        match event {
            Event::Exec(_) => self.exec.inc(),
            Event::Fork(_) => self.fork.inc(),
            Event::Exit(_) => self.exit.inc(),
            Event::Library(_) => self.library.inc(),
        }
    }

    /// Brings the loss and hashing counters up to `stats`.
    pub(crate) fn update(&mut self, stats: &LiveStats) {
        let last = &self.last;
        self.lost_exec
            .add(stats.kernel_lost.exec.saturating_sub(last.kernel_lost.exec));
        self.lost_fork
            .add(stats.kernel_lost.fork.saturating_sub(last.kernel_lost.fork));
        self.lost_exit
            .add(stats.kernel_lost.exit.saturating_sub(last.kernel_lost.exit));
        self.lost_library.add(
            stats
                .kernel_lost
                .library
                .saturating_sub(last.kernel_lost.library),
        );
        self.undecodable
            .add(stats.decode_errors.saturating_sub(last.decode_errors));
        self.hashed
            .add(stats.enrich.hashed.saturating_sub(last.enrich.hashed));
        self.hash_hits.add(
            stats
                .enrich
                .hash_cache_hits
                .saturating_sub(last.enrich.hash_cache_hits),
        );
        let (e, l) = (&stats.enrich, &last.enrich);
        self.yara_matched
            .add(e.yara_matched.saturating_sub(l.yara_matched));
        self.yara_clean.add(
            (e.yara_scanned - e.yara_matched.min(e.yara_scanned))
                .saturating_sub(l.yara_scanned - l.yara_matched.min(l.yara_scanned)),
        );
        self.yara_failed
            .add(e.yara_failures.saturating_sub(l.yara_failures));
        let looked_up = stats.enrich.hashed + stats.enrich.hash_cache_hits;
        if looked_up > 0 {
            self.hit_ratio
                .set(stats.enrich.hash_cache_hits as f64 / looked_up as f64);
        }
        self.last = *stats;
    }
}

/// Findings by category, and the time from the exec to the finding.
pub(crate) struct FindingMetrics {
    exec_to_detect: Arc<Histogram>,
}

impl FindingMetrics {
    pub(crate) fn register() -> Self {
        Self {
            exec_to_detect: metrics::global().histogram(
                names::STAGE_LATENCY_SECONDS,
                names::STAGE_LATENCY_SECONDS_HELP,
                &[("stage", names::STAGE_EXEC_TO_DETECT)],
                metrics::DEFAULT_LATENCY_BUCKETS,
            ),
        }
    }

    /// Counts a finding just created from a live event.
    pub(crate) fn finding(&self, finding: &FindingEnvelope) {
        counter(
            names::FINDINGS_TOTAL,
            names::FINDINGS_TOTAL_HELP,
            &[("category", &finding.finding.category)],
        )
        .inc();
        if let Some(ns) = shrike_store::event_ns(finding) {
            self.exec_to_detect
                .observe_since_ns(u64::try_from(ns).unwrap_or(0));
        }
    }
}
