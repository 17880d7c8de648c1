//! The live source: the sensor's records, enriched, as events; processes already running are
//! reported first.

use crate::enrich::{EnrichConfig, EnrichStats, Enricher};
use crate::loader::{KernelLost, Sensor, SensorError, SensorOptions};
use crate::raw::RawRecord;
use shrike_core::Event;
use std::sync::Arc;
use std::time::Duration;

/// Events lost on the way, by reason: never silent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiveStats {
    /// Records the kernel dropped (ring buffer full).
    pub kernel_lost: KernelLost,
    /// Records user space could not parse.
    pub decode_errors: u64,
    /// Enrichment counters (hash and script failures among them).
    pub enrich: EnrichStats,
    /// Events delivered.
    pub events: u64,
}

/// Live events from this host.
pub struct LiveSource {
    sensor: Sensor,
    enricher: Enricher,
    records: Vec<Result<RawRecord, crate::raw::RawError>>,
    decode_errors: u64,
    events: u64,
    bootstrap: Vec<Event>,
}

impl LiveSource {
    /// Loads the sensor, then reads the processes already running.
    pub fn start(config: EnrichConfig, options: SensorOptions) -> Result<Self, SensorError> {
        let sensor = Sensor::load(options)?;
        let mut enricher = Enricher::new(config.clone());
        let now = nix::time::clock_gettime(nix::time::ClockId::CLOCK_BOOTTIME)
            .map(|t| t.tv_sec() as u64 * 1_000_000_000 + t.tv_nsec() as u64)
            .unwrap_or(0);
        let bootstrap = crate::procfs::running_processes(&config.proc_root, now)
            .iter()
            .map(|raw| Event::Exec(Arc::new(enricher.exec(raw))))
            .collect();
        Ok(Self {
            sensor,
            enricher,
            records: Vec::new(),
            decode_errors: 0,
            events: 0,
            bootstrap,
        })
    }

    /// Appends the events available now to `out`, waiting up to `idle` if there are none.
    pub fn poll(&mut self, out: &mut Vec<Event>, idle: Duration) -> Result<(), SensorError> {
        if !self.bootstrap.is_empty() {
            self.events += self.bootstrap.len() as u64;
            out.append(&mut self.bootstrap);
        }
        self.sensor.drain(&mut self.records, idle)?;
        for record in self.records.drain(..) {
            let event = match record {
                Ok(RawRecord::Exec(raw)) => Event::Exec(Arc::new(self.enricher.exec(&raw))),
                Ok(RawRecord::Fork(raw)) => Event::Fork(self.enricher.fork(&raw)),
                Ok(RawRecord::Exit(raw)) => Event::Exit(self.enricher.exit(&raw)),
                Ok(RawRecord::Library(raw)) => {
                    Event::Library(Box::new(self.enricher.library(&raw)))
                }
                Err(e) => {
                    self.decode_errors += 1;
                    tracing::warn!(error = %e, "undecodable sensor record dropped");
                    continue;
                }
            };
            self.events += 1;
            out.push(event);
        }
        Ok(())
    }

    /// Counters so far.
    pub fn stats(&self) -> LiveStats {
        LiveStats {
            kernel_lost: self.sensor.kernel_lost(),
            decode_errors: self.decode_errors,
            enrich: self.enricher.stats(),
            events: self.events,
        }
    }
}
