//! The engine: applies events to the process table, runs every enabled detector on each exec,
//! drops repeats (one finding per detector per process), and builds SCC findings.

use crate::config::{CreateTime, EngineConfig};
use crate::detectors::malicious_python::{truncate_at_char, FINDING_SCRIPT_BYTES};
use crate::detectors::{
    added_binary::AddedBinaryDetector, added_library::AddedLibraryDetector,
    base64_cmdline::Base64CmdlineDetector, child_shell::ChildShellDetector,
    compiler::CompilerDetector, container_escape::ContainerEscapeDetector,
    file_copy::FileCopyDetector, fileless::FilelessDetector,
    gcp_credentials::GcpCredentialSearchDetector, k8s_attack_tools::K8sAttackToolDetector,
    malicious_binary::MaliciousBinaryDetector, malicious_library::MaliciousLibraryDetector,
    malicious_python::MaliciousPythonDetector, malicious_script::MaliciousScriptDetector,
    netcat::NetcatDetector, polkit::PolkitDetector, private_keys::PrivateKeySearchDetector,
    recon_tools::ReconToolDetector, remote_command::RemoteCommandDetector,
    reverse_shell::ReverseShellDetector, socat::SocatDetector, stratum::StratumDetector,
    sudo::SudoDetector,
};
use sha2::{Digest, Sha256};
use shrike_core::catalogue::FindingType;
use shrike_core::container::ContainerIdentity;
use shrike_core::event::{Cgroup, ContainerInfo, ExecEvent, LibraryEvent, PodInfo};
use shrike_core::finding::{
    Container, EnvVariable, File, Finding, FindingClass, FindingEnvelope, Kubernetes, Label,
    MitreAttack, Mute, Pod, Process, Resource, State,
};
use shrike_core::process_table::ProcessTable;
use shrike_core::time::{now_ns, rfc3339_nanos};
use shrike_core::{Detection, DetectionContext, Detector, Event, ScriptClassifier};
use shrike_intel::IntelSet;
use std::sync::Arc;

/// MITRE ATT&CK version the catalogue's mapping follows.
pub const MITRE_VERSION: &str = "16";

/// Counters the engine keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EngineStats {
    /// Exec events processed.
    pub execs: u64,
    /// Fork events processed.
    pub forks: u64,
    /// Exit events processed.
    pub exits: u64,
    /// Library events processed.
    pub libraries: u64,
    /// Findings emitted, by finding type (catalogue order).
    pub findings: [u64; shrike_core::catalogue::ALL_FINDING_TYPES.len()],
    /// Detections dropped because the same detector already reported the process.
    pub duplicates_suppressed: u64,
}

impl EngineStats {
    /// Total findings emitted.
    pub fn total_findings(&self) -> u64 {
        self.findings.iter().sum()
    }
}

/// The detection engine.
pub struct Engine {
    table: ProcessTable,
    detectors: Vec<Box<dyn Detector>>,
    config: EngineConfig,
    stats: EngineStats,
    /// `projects/{project}/sources/{source}`: every finding's parent, built once.
    parent: String,
    /// `//shrike/projects/{project}/hosts/{host}`: the host's resource name, and the start of
    /// each container's, built once.
    host_resource: String,
}

/// The detectors known to the engine, by name, in the order they run.
pub const DETECTOR_NAMES: &[&str] = &[
    "reverse-shell",
    "remote-command",
    "compiler",
    "malicious-binary",
    "malicious-python",
    "malicious-script",
    "stratum",
    "sudo",
    "polkit",
    "recon-tools",
    "k8s-attack-tools",
    "container-escape",
    "private-keys",
    "gcp-credentials",
    "file-copy",
    "added-binary",
    "fileless",
    "netcat",
    "socat",
    "base64-cmdline",
    "child-shell",
    "malicious-library",
    "added-library",
];

impl Engine {
    /// An engine with every detector not disabled in `config`.
    pub fn new(
        config: EngineConfig,
        intel: Arc<IntelSet>,
        classifier: Option<Arc<dyn ScriptClassifier>>,
    ) -> Self {
        let all: Vec<Box<dyn Detector>> = vec![
            Box::new(ReverseShellDetector),
            Box::new(match &config.remote_commands {
                Some(list) => RemoteCommandDetector::new(list.iter().map(String::as_str)),
                None => RemoteCommandDetector::default(),
            }),
            Box::new(match &config.compiler_tools {
                Some(list) => CompilerDetector::new(list.iter().map(String::as_str)),
                None => CompilerDetector::default(),
            }),
            Box::new(MaliciousBinaryDetector::new(Arc::clone(&intel))),
            Box::new(MaliciousPythonDetector::new(classifier)),
            Box::new(MaliciousScriptDetector::default()),
            Box::new(StratumDetector),
            Box::new(SudoDetector),
            Box::new(PolkitDetector),
            Box::new(ReconToolDetector),
            Box::new(K8sAttackToolDetector),
            Box::new(ContainerEscapeDetector),
            Box::new(PrivateKeySearchDetector),
            Box::new(GcpCredentialSearchDetector),
            Box::new(FileCopyDetector),
            Box::new(AddedBinaryDetector),
            Box::new(FilelessDetector),
            Box::new(NetcatDetector),
            Box::new(SocatDetector),
            Box::new(Base64CmdlineDetector),
            Box::new(match &config.shell_parents {
                Some(list) => ChildShellDetector::new(list.iter().map(String::as_str)),
                None => ChildShellDetector::default(),
            }),
            Box::new(MaliciousLibraryDetector::new(Arc::clone(&intel))),
            Box::new(AddedLibraryDetector),
        ];
        let detectors = all
            .into_iter()
            .filter(|d| !config.disabled.iter().any(|n| n == d.name()))
            .collect();
        Self {
            table: ProcessTable::with_limits(config.table_limits),
            detectors,
            parent: format!("projects/{}/sources/{}", config.project, config.source),
            host_resource: format!("//shrike/projects/{}/hosts/{}", config.project, config.host),
            config,
            stats: EngineStats::default(),
        }
    }

    /// Counters so far.
    pub fn stats(&self) -> &EngineStats {
        &self.stats
    }

    /// The process table.
    pub fn table(&self) -> &ProcessTable {
        &self.table
    }

    /// Applies one event; findings are appended to `out`.
    pub fn process(&mut self, event: Event, out: &mut Vec<FindingEnvelope>) {
        match event {
            Event::Fork(fork) => {
                self.stats.forks += 1;
                self.table.on_fork(&fork);
            }
            Event::Exit(exit) => {
                self.stats.exits += 1;
                self.table.on_exit(exit.pid);
            }
            Event::Exec(exec) => {
                self.stats.execs += 1;
                self.on_exec(exec, out);
            }
            Event::Library(library) => {
                self.stats.libraries += 1;
                self.on_library(&library, out);
            }
        }
    }

    fn on_library(&mut self, library: &LibraryEvent, out: &mut Vec<FindingEnvelope>) {
        // The process's image, as its exec left it; a process the sensor never saw start is
        // named by what the library event knows.
        let known = self
            .table
            .get(library.pid)
            .and_then(|p| p.exec.clone())
            .filter(|e| library.start_time_ns == 0 || e.start_time_ns == library.start_time_ns);
        let mut exec = known.unwrap_or_else(|| {
            let mut exec = ExecEvent {
                time_ns: library.time_ns,
                pid: library.pid,
                start_time_ns: library.start_time_ns,
                cgroup: library.cgroup.clone(),
                container: library.container.clone(),
                ..ExecEvent::default()
            };
            if let Some(parent) = self.table.get(library.pid) {
                exec.ppid = parent.ppid;
            }
            Arc::new(exec)
        });
        if exec.container.is_none() {
            let container = library
                .container
                .clone()
                .or_else(|| container_from_cgroup(library.cgroup.as_ref()).map(Arc::new));
            if let Some(container) = container {
                Arc::make_mut(&mut exec).container = Some(container);
            }
        }
        let ctx = DetectionContext::new(&self.table, &exec);
        let mut detections: Vec<Detection> = Vec::new();
        for detector in &self.detectors {
            if let Some(d) = detector.on_library(library, &exec, &ctx) {
                detections.push(d);
            }
        }
        self.emit(&exec, detections, Some(library), out);
    }

    fn on_exec(&mut self, mut exec: Arc<ExecEvent>, out: &mut Vec<FindingEnvelope>) {
        if exec.container.is_none() {
            if let Some(container) = container_from_cgroup(exec.cgroup.as_ref()) {
                Arc::make_mut(&mut exec).container = Some(Arc::new(container));
            }
        }
        self.table.on_exec(Arc::clone(&exec));
        let ctx = DetectionContext::new(&self.table, &exec);
        let mut detections: Vec<Detection> = Vec::new();
        for detector in &self.detectors {
            if let Some(d) = detector.on_exec(&exec, &ctx) {
                detections.push(d);
            }
        }
        self.emit(&exec, detections, None, out);
    }

    /// Findings for `detections` on `exec`'s process, each finding type once per process.
    fn emit(
        &mut self,
        exec: &ExecEvent,
        detections: Vec<Detection>,
        library: Option<&LibraryEvent>,
        out: &mut Vec<FindingEnvelope>,
    ) {
        for detection in detections {
            if self
                .table
                .mark_fired(exec.pid, detection.finding_type.bit())
                == 0
            {
                self.stats.duplicates_suppressed += 1;
                continue;
            }
            self.stats.findings[detection.finding_type as usize] += 1;
            out.push(self.build_finding(exec, detection, library));
        }
    }

    /// The finding for `detection` on `exec`'s process; for a library event, the event's time
    /// and the library in the process's `libraries`.
    fn build_finding(
        &self,
        exec: &ExecEvent,
        detection: Detection,
        library: Option<&LibraryEvent>,
    ) -> FindingEnvelope {
        let cfg = &self.config;
        let finding_type = detection.finding_type;
        let id = finding_id(finding_type, &cfg.host, exec);
        let parent = self.parent.clone();
        let resource = resource_for(cfg, &self.host_resource, exec);
        let event_ns = library.map_or(exec.time_ns, |l| l.time_ns);
        let create_ns = match cfg.create_time {
            CreateTime::EventTime => event_ns,
            CreateTime::Now => now_ns(),
        };
        let mut first = process_of(exec, exec.pid, exec.ppid, detection.script);
        if let Some(library) = library {
            let file = &library.library;
            first.libraries.push(File {
                path: file.path.clone(),
                size: file.size,
                sha256: file.sha256.clone(),
                hashed_size: if file.sha256.is_some() { file.size } else { 0 },
                partially_hashed: false,
                contents: None,
            });
        }
        let mut processes = vec![first];
        for entry in self.table.ancestors(exec.pid) {
            if let Some(image) = &entry.exec {
                processes.push(process_of(image, entry.pid, entry.ppid, None));
            } else {
                processes.push(Process {
                    pid: entry.pid,
                    parent_pid: entry.ppid,
                    ..Process::default()
                });
            }
        }
        let containers: Vec<Container> = exec.container.iter().map(|c| container_of(c)).collect();
        let kubernetes = exec.container.as_ref().and_then(|c| {
            let pod = c.pod.as_ref()?;
            Some(Kubernetes {
                pods: vec![Pod {
                    ns: pod.namespace.clone(),
                    name: pod.name.clone().or_else(|| pod.uid.clone()),
                    containers: containers.clone(),
                }],
            })
        });
        let mut source_properties = detection.source_properties;
        source_properties.insert("Detection_Summary".into(), detection.summary.into());
        let event_time = rfc3339_nanos(event_ns);
        let create_time = if create_ns == event_ns {
            event_time.clone()
        } else {
            rfc3339_nanos(create_ns)
        };
        let finding = Finding {
            name: [parent.as_str(), "/findings/", id.as_str()].concat(),
            parent,
            resource_name: resource.name.clone(),
            state: State::Active,
            category: finding_type.category().to_owned(),
            module_name: finding_type.module_name().to_owned(),
            description: finding_type.description().to_owned(),
            external_uri: detection.external_uri,
            source_properties,
            event_time,
            create_time,
            severity: finding_type.severity(),
            finding_class: FindingClass::Threat,
            mute: Mute::Undefined,
            indicator: detection.indicator,
            mitre_attack: MitreAttack {
                primary_tactic: finding_type.tactic(),
                primary_techniques: finding_type.techniques().to_vec(),
                additional_techniques: Vec::new(),
                version: MITRE_VERSION.to_owned(),
            },
            processes,
            containers,
            kubernetes,
        };
        FindingEnvelope { finding, resource }
    }
}

/// The container, from the cgroup path, when the source did not say.
fn container_from_cgroup(cgroup: Option<&Cgroup>) -> Option<ContainerInfo> {
    let identity = ContainerIdentity::from_cgroup_path(&cgroup?.path)?;
    Some(ContainerInfo {
        id: identity.id,
        runtime: identity.runtime,
        pod: identity.pod_uid.map(|uid| PodInfo {
            uid: Some(uid),
            ..PodInfo::default()
        }),
        ..ContainerInfo::default()
    })
}

/// A stable id: the same detector on the same process on the same host always gets the same
/// id, so replays are deterministic and re-deliveries deduplicate downstream.
fn finding_id(finding_type: FindingType, host: &str, exec: &ExecEvent) -> String {
    let mut h = Sha256::new();
    h.update(finding_type.module_name());
    h.update([0]);
    h.update(host);
    h.update([0]);
    h.update(exec.pid.to_le_bytes());
    // Without a start time, the exec time stands in to tell reused pids apart.
    let start = if exec.start_time_ns != 0 {
        exec.start_time_ns
    } else {
        exec.time_ns
    };
    h.update(start.to_le_bytes());
    let digest = h.finalize();
    // Written from a table: `hex::encode` pushes one char at a time.
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(32);
    for &byte in &digest[..16] {
        id.push(char::from(DIGITS[usize::from(byte >> 4)]));
        id.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    id
}

/// The finding's resource: the container, or the host; `host_resource` is the host's name.
fn resource_for(cfg: &EngineConfig, host_resource: &str, exec: &ExecEvent) -> Resource {
    match &exec.container {
        Some(c) => Resource {
            name: [host_resource, "/containers/", c.id.as_str()].concat(),
            display_name: c.name.clone().unwrap_or_else(|| short_id(&c.id).to_owned()),
            resource_type: "shrike.Container".into(),
            project_display_name: cfg.project.clone(),
            host: Some(cfg.host.clone()),
        },
        None => Resource {
            name: host_resource.to_owned(),
            display_name: cfg.host.clone(),
            resource_type: "shrike.Host".into(),
            project_display_name: cfg.project.clone(),
            host: Some(cfg.host.clone()),
        },
    }
}

fn short_id(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

fn container_of(c: &ContainerInfo) -> Container {
    Container {
        name: c.name.clone().unwrap_or_else(|| short_id(&c.id).to_owned()),
        uri: c.image.clone(),
        image_id: c.image_id.clone(),
        labels: c
            .labels
            .iter()
            .map(|(k, v)| Label {
                name: k.clone(),
                value: v.clone(),
            })
            .collect(),
    }
}

/// A finding carries at most this many bytes of each process's arguments
/// (`processes[].args`), counting a NUL after each argument as the kernel's argument block does.
/// The live sensor reads 2 KiB of them, so only a replayed or hand-written event can pass this;
/// past it the last argument kept is cut (at a character boundary) and `argumentsTruncated` is
/// set.
pub const FINDING_ARGV_BYTES: usize = 64 * 1024;

/// `argv` bounded to [`FINDING_ARGV_BYTES`]; true when something was cut.
fn bounded_argv(argv: &[String]) -> (Vec<String>, bool) {
    let mut left = FINDING_ARGV_BYTES;
    let mut out = Vec::new();
    for arg in argv {
        if arg.len() < left {
            left -= arg.len() + 1;
            out.push(arg.clone());
        } else {
            if left > 0 {
                let mut cut = arg.clone();
                truncate_at_char(&mut cut, left - 1);
                out.push(cut);
            }
            return (out, true);
        }
    }
    (out, false)
}

fn process_of(exec: &ExecEvent, pid: u32, ppid: u32, script: Option<File>) -> Process {
    let exe = &exec.exe;
    let script = script.or_else(|| {
        exec.script.as_ref().map(|s| {
            let mut contents = s.contents.clone();
            truncate_at_char(&mut contents, FINDING_SCRIPT_BYTES);
            File {
                path: s.path.clone().unwrap_or_default(),
                size: s.size,
                sha256: s.sha256.clone(),
                hashed_size: if s.sha256.is_some() { s.size } else { 0 },
                partially_hashed: false,
                contents: Some(contents),
            }
        })
    });
    let (args, cut) = bounded_argv(&exec.argv);
    Process {
        name: exec.comm.clone(),
        // A process known only by its pid (a library load of a process the sensor never saw
        // start) has no binary to name.
        binary: (!exe.path.is_empty()).then(|| File {
            path: exe.path.clone(),
            size: exe.size,
            sha256: exe.sha256.clone(),
            hashed_size: if exe.sha256.is_some() { exe.size } else { 0 },
            partially_hashed: false,
            contents: None,
        }),
        script,
        libraries: Vec::new(),
        args,
        arguments_truncated: exec.argv_truncated || cut,
        env_variables: exec
            .env
            .iter()
            .map(|(k, v)| EnvVariable {
                name: k.clone(),
                val: v.clone(),
            })
            .collect(),
        env_variables_truncated: exec.env_truncated,
        pid,
        parent_pid: ppid,
    }
}

#[cfg(test)]
mod tests {
    use super::{bounded_argv, FINDING_ARGV_BYTES};

    fn size(argv: &[String]) -> usize {
        argv.iter().map(|a| a.len() + 1).sum()
    }

    #[test]
    fn argv_within_the_bound_is_kept_whole() {
        let argv = vec!["bash".to_owned(), "-c".to_owned(), "id".to_owned()];
        assert_eq!(bounded_argv(&argv), (argv.clone(), false));
        let exact = vec!["x".repeat(FINDING_ARGV_BYTES - 1)];
        assert_eq!(bounded_argv(&exact), (exact.clone(), false));
    }

    #[test]
    fn argv_past_the_bound_is_cut_at_a_character_and_marked() {
        let many = vec!["a".to_owned(); 1_000_000];
        let (kept, cut) = bounded_argv(&many);
        assert!(cut);
        assert_eq!(size(&kept), FINDING_ARGV_BYTES);
        // One long argument of multi-byte characters: cut inside it, on a boundary.
        let long = vec![
            "python3".to_owned(),
            "-c".to_owned(),
            "é".repeat(FINDING_ARGV_BYTES),
        ];
        let (kept, cut) = bounded_argv(&long);
        assert!(cut);
        assert_eq!(kept.len(), 3);
        assert!(size(&kept) <= FINDING_ARGV_BYTES && size(&kept) >= FINDING_ARGV_BYTES - 1);
        assert!(kept[2].chars().all(|c| c == 'é'));
        // The bound falling right after an argument: nothing empty is added.
        let edge = vec!["x".repeat(FINDING_ARGV_BYTES - 1), "y".to_owned()];
        assert_eq!(bounded_argv(&edge), (vec![edge[0].clone()], true));
    }
}
