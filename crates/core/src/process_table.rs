//! The process table: who is running, what each process executed, and who its parent is.
//!
//! It is maintained from fork, exec and exit events (and, live, seeded from `/proc`), and gives
//! every finding its ancestry. Memory is bounded: a process is evicted when it exits, unless it
//! still has children in the table, in which case it is kept (so their ancestry stays whole)
//! until its last child leaves or until more than `max_retained_exited` such parents pile up,
//! oldest evicted first. A hard cap on entries protects against hostile recordings that never
//! report exits.

use crate::event::{ExecEvent, ForkEvent};
use rustc_hash::FxHashMap;
use std::collections::VecDeque;
use std::sync::Arc;

/// The longest ancestry walked; deeper chains are cut (and a cycle in corrupt input ends too).
pub const MAX_ANCESTRY: usize = 32;

/// One process.
#[derive(Debug, Clone)]
pub struct ProcessEntry {
    /// Process id.
    pub pid: u32,
    /// Parent process id as last reported.
    pub ppid: u32,
    /// Start time (ns since boot), 0 when unknown.
    pub start_time_ns: u64,
    /// The image the process runs: its own last exec, or its parent's when it forked without
    /// exec'ing.
    pub exec: Option<Arc<ExecEvent>>,
    /// True when `exec` is the process's own exec rather than inherited at fork.
    pub exec_is_own: bool,
    /// Bit set of the finding types already reported for this process.
    pub fired: u32,
    /// True once the process exited (kept only while it has children in the table).
    pub exited: bool,
    children: u32,
    /// Start time of the parent entry this process is counted in, if it is counted in one.
    counted_in_parent: Option<u64>,
}

/// Counters of what the table did, for telemetry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcessTableStats {
    /// Exited processes removed.
    pub removed: u64,
    /// Exited parents evicted early because too many were retained.
    pub evicted_retained: u64,
    /// Live entries evicted because the table hit its hard cap.
    pub evicted_capacity: u64,
    /// Entries replaced because their pid was reused without an exit being seen.
    pub pid_reused: u64,
}

/// Limits of a [`ProcessTable`].
#[derive(Debug, Clone, Copy)]
pub struct ProcessTableLimits {
    /// Hard cap on entries; past it the oldest entries are evicted.
    pub max_entries: usize,
    /// How many exited processes may be kept for their children's sake.
    pub max_retained_exited: usize,
}

impl Default for ProcessTableLimits {
    fn default() -> Self {
        // pid_max is 4,194,304 on 64-bit kernels; live processes on a real host are far fewer.
        Self {
            max_entries: 1 << 20,
            max_retained_exited: 1 << 16,
        }
    }
}

/// The process table.
#[derive(Debug, Default)]
pub struct ProcessTable {
    procs: FxHashMap<u32, ProcessEntry>,
    retained: VecDeque<(u32, u64)>,
    insertion: VecDeque<(u32, u64)>,
    limits: ProcessTableLimits,
    stats: ProcessTableStats,
}

impl ProcessTable {
    /// An empty table with default limits.
    pub fn new() -> Self {
        Self::with_limits(ProcessTableLimits::default())
    }

    /// An empty table with the given limits.
    pub fn with_limits(limits: ProcessTableLimits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Number of entries (live processes plus retained exited parents).
    pub fn len(&self) -> usize {
        self.procs.len()
    }

    /// True when the table is empty.
    pub fn is_empty(&self) -> bool {
        self.procs.is_empty()
    }

    /// Counters.
    pub fn stats(&self) -> ProcessTableStats {
        self.stats
    }

    /// The entry for `pid`.
    pub fn get(&self, pid: u32) -> Option<&ProcessEntry> {
        self.procs.get(&pid)
    }

    /// The ancestors of `pid`, nearest first, at most [`MAX_ANCESTRY`].
    pub fn ancestors(&self, pid: u32) -> Ancestors<'_> {
        let next = self.procs.get(&pid).map(|e| e.ppid);
        Ancestors {
            table: self,
            next,
            depth: 0,
            child: pid,
        }
    }

    /// Records that `pid` reported finding types `bits`; returns the bits that were new.
    pub fn mark_fired(&mut self, pid: u32, bits: u32) -> u32 {
        match self.procs.get_mut(&pid) {
            Some(e) => {
                let new = bits & !e.fired;
                e.fired |= bits;
                new
            }
            None => bits,
        }
    }

    /// A new process.
    pub fn on_fork(&mut self, fork: &ForkEvent) {
        self.remove_stale(fork.pid, fork.start_time_ns, true);
        let (exec, counted) = match self.procs.get_mut(&fork.ppid) {
            Some(parent) if fork.ppid != fork.pid => {
                parent.children += 1;
                (parent.exec.clone(), Some(parent.start_time_ns))
            }
            _ => (None, None),
        };
        self.insert(ProcessEntry {
            pid: fork.pid,
            ppid: fork.ppid,
            start_time_ns: fork.start_time_ns,
            exec,
            exec_is_own: false,
            fired: 0,
            exited: false,
            children: 0,
            counted_in_parent: counted,
        });
    }

    /// A process exec'd; the table keeps the event as the process's image.
    pub fn on_exec(&mut self, exec: Arc<ExecEvent>) {
        self.remove_stale(exec.pid, exec.start_time_ns, false);
        if let Some(entry) = self.procs.get_mut(&exec.pid) {
            if entry.start_time_ns == 0 {
                entry.start_time_ns = exec.start_time_ns;
            }
            entry.ppid = exec.ppid;
            entry.exec = Some(exec);
            entry.exec_is_own = true;
            entry.exited = false;
            return;
        }
        // First sight of this process (it forked before we started watching).
        let counted = match self.procs.get_mut(&exec.ppid) {
            Some(parent) if exec.ppid != exec.pid => {
                parent.children += 1;
                Some(parent.start_time_ns)
            }
            _ => None,
        };
        self.insert(ProcessEntry {
            pid: exec.pid,
            ppid: exec.ppid,
            start_time_ns: exec.start_time_ns,
            exec: Some(exec),
            exec_is_own: true,
            fired: 0,
            exited: false,
            children: 0,
            counted_in_parent: counted,
        });
    }

    /// A process exited.
    pub fn on_exit(&mut self, pid: u32) {
        let Some(entry) = self.procs.get_mut(&pid) else {
            return;
        };
        entry.exited = true;
        if entry.children == 0 {
            self.remove(pid);
            return;
        }
        let key = (pid, entry.start_time_ns);
        self.retained.push_back(key);
        while self.retained.len() > self.limits.max_retained_exited {
            let Some((old, start)) = self.retained.pop_front() else {
                break;
            };
            if self
                .procs
                .get(&old)
                .is_some_and(|e| e.exited && e.start_time_ns == start)
            {
                self.stats.evicted_retained += 1;
                self.remove(old);
            }
        }
    }

    /// A pid seen again with a different start time belongs to a new process: the exit of the
    /// old one was missed.
    fn remove_stale(&mut self, pid: u32, start_time_ns: u64, fork: bool) {
        let stale = match self.procs.get(&pid) {
            Some(_) if fork => true,
            Some(e) => {
                e.start_time_ns != 0 && start_time_ns != 0 && e.start_time_ns != start_time_ns
            }
            None => false,
        };
        if stale {
            self.stats.pid_reused += 1;
            self.remove(pid);
        }
    }

    fn insert(&mut self, entry: ProcessEntry) {
        self.insertion.push_back((entry.pid, entry.start_time_ns));
        self.procs.insert(entry.pid, entry);
        while self.procs.len() > self.limits.max_entries {
            let Some((old, start)) = self.insertion.pop_front() else {
                break;
            };
            if self
                .procs
                .get(&old)
                .is_some_and(|e| e.start_time_ns == start)
            {
                self.stats.evicted_capacity += 1;
                self.remove(old);
            }
        }
        // Keys of removed entries linger in the insertion queue; compact it when it is mostly
        // stale so it stays proportional to the table.
        if self.insertion.len() > 2 * self.procs.len() + 1024 {
            let procs = &self.procs;
            self.insertion
                .retain(|(pid, start)| procs.get(pid).is_some_and(|e| e.start_time_ns == *start));
        }
    }

    /// Removes `pid`, then any exited ancestors left without children.
    fn remove(&mut self, pid: u32) {
        let mut next = Some(pid);
        while let Some(pid) = next.take() {
            let Some(entry) = self.procs.remove(&pid) else {
                break;
            };
            self.stats.removed += 1;
            let Some(parent_start) = entry.counted_in_parent else {
                break;
            };
            if let Some(parent) = self.procs.get_mut(&entry.ppid) {
                if parent.start_time_ns == parent_start && parent.children > 0 {
                    parent.children -= 1;
                    if parent.exited && parent.children == 0 {
                        next = Some(entry.ppid);
                    }
                }
            }
        }
    }
}

/// Iterator over a process's ancestors, nearest first.
pub struct Ancestors<'a> {
    table: &'a ProcessTable,
    next: Option<u32>,
    depth: usize,
    child: u32,
}

impl<'a> Iterator for Ancestors<'a> {
    type Item = &'a ProcessEntry;

    fn next(&mut self) -> Option<Self::Item> {
        let pid = self.next.take()?;
        if pid == 0 || pid == self.child || self.depth >= MAX_ANCESTRY {
            return None;
        }
        let entry = self.table.procs.get(&pid)?;
        self.depth += 1;
        self.child = pid;
        self.next = Some(entry.ppid);
        Some(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fork(pid: u32, ppid: u32) -> ForkEvent {
        ForkEvent {
            time_ns: 1,
            pid,
            ppid,
            start_time_ns: u64::from(pid) * 10,
        }
    }

    fn exec(pid: u32, ppid: u32, path: &str) -> Arc<ExecEvent> {
        Arc::new(ExecEvent {
            pid,
            ppid,
            start_time_ns: u64::from(pid) * 10,
            exe: crate::event::Executable {
                path: path.into(),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    fn chain(t: &ProcessTable, pid: u32) -> Vec<u32> {
        t.ancestors(pid).map(|e| e.pid).collect()
    }

    #[test]
    fn ancestry_from_fork_and_exec() {
        let mut t = ProcessTable::new();
        t.on_exec(exec(1, 0, "/sbin/init"));
        t.on_fork(&fork(10, 1));
        t.on_exec(exec(10, 1, "/bin/bash"));
        t.on_fork(&fork(11, 10));
        // The forked child runs its parent's image until it execs.
        assert_eq!(
            t.get(11).unwrap().exec.as_ref().unwrap().exe.path,
            "/bin/bash"
        );
        assert!(!t.get(11).unwrap().exec_is_own);
        t.on_exec(exec(11, 10, "/usr/bin/id"));
        assert_eq!(chain(&t, 11), vec![10, 1]);
    }

    #[test]
    fn exited_leaf_is_evicted_and_parent_kept_while_children_live() {
        let mut t = ProcessTable::new();
        t.on_exec(exec(1, 0, "/sbin/init"));
        t.on_fork(&fork(10, 1));
        t.on_fork(&fork(11, 10));
        t.on_exit(10);
        // 10 exited but 11 still runs: 10 stays for 11's ancestry.
        assert_eq!(chain(&t, 11), vec![10, 1]);
        t.on_exit(11);
        assert!(t.get(11).is_none());
        assert!(
            t.get(10).is_none(),
            "exited parent goes with its last child"
        );
        assert_eq!(t.len(), 1);
    }

    #[test]
    fn retained_exited_parents_are_bounded() {
        let limits = ProcessTableLimits {
            max_entries: 1 << 20,
            max_retained_exited: 4,
        };
        let mut t = ProcessTable::with_limits(limits);
        // 100 daemons double-fork: each parent exits while its child lives on.
        for i in 0..100u32 {
            let parent = 1000 + 2 * i;
            t.on_fork(&fork(parent, 1));
            t.on_fork(&fork(parent + 1, parent));
            t.on_exit(parent);
        }
        assert_eq!(t.len(), 100 + 4);
        assert_eq!(t.stats().evicted_retained, 96);
        // Evicting a parent does not corrupt the survivors' bookkeeping.
        for i in 0..100u32 {
            t.on_exit(1001 + 2 * i);
        }
        assert!(t.is_empty());
    }

    #[test]
    fn hard_cap_bounds_a_stream_without_exits() {
        let limits = ProcessTableLimits {
            max_entries: 1000,
            max_retained_exited: 10,
        };
        let mut t = ProcessTable::with_limits(limits);
        for pid in 2..100_000u32 {
            t.on_exec(exec(pid, 1, "/bin/true"));
        }
        assert_eq!(t.len(), 1000);
        assert!(t.stats().evicted_capacity > 98_000);
        assert!(t.insertion.len() <= 2 * 1000 + 1024);
    }

    #[test]
    fn pid_reuse_replaces_the_stale_entry() {
        let mut t = ProcessTable::new();
        t.on_exec(exec(10, 1, "/bin/old"));
        t.mark_fired(10, 1);
        let mut reused = (*exec(10, 2, "/bin/new")).clone();
        reused.start_time_ns = 999;
        t.on_exec(Arc::new(reused));
        let e = t.get(10).unwrap();
        assert_eq!(e.fired, 0, "a new process has reported nothing yet");
        assert_eq!(e.ppid, 2);
        assert_eq!(t.stats().pid_reused, 1);
    }

    #[test]
    fn ancestry_is_cycle_safe_and_bounded() {
        let mut t = ProcessTable::new();
        t.on_exec(exec(5, 6, "/a"));
        t.on_exec(exec(6, 5, "/b"));
        assert!(chain(&t, 5).len() <= MAX_ANCESTRY);
        for pid in 100..200u32 {
            t.on_exec(exec(pid, pid - 1, "/x"));
        }
        assert_eq!(chain(&t, 199).len(), MAX_ANCESTRY);
    }

    #[test]
    fn mark_fired_reports_only_new_bits() {
        let mut t = ProcessTable::new();
        t.on_exec(exec(10, 1, "/bin/sh"));
        assert_eq!(t.mark_fired(10, 0b11), 0b11);
        assert_eq!(t.mark_fired(10, 0b110), 0b100);
    }
}
