//! SCC-shaped finding → OCSF Detection Finding (class 2004).
//!
//! The record is built as a [`serde_json::Value`] rather than from typed structs: OCSF objects
//! are wide and sparse, and a value keeps the one place that decides which attribute carries
//! which SCC field readable top to bottom. Every attribute written here exists in the OCSF
//! version named by [`OCSF_VERSION`]; SCC fields OCSF has no place for go to `unmapped` under
//! their SCC names, so nothing a SIEM user may need is lost in translation.

use serde_json::{json, Map, Value};
use shrike_core::catalogue::{Severity, Tactic, Technique};
use shrike_core::finding::{File, FindingEnvelope, Mute, Process, State};
use std::collections::BTreeMap;

/// A finding's `sourceProperties`.
type Props = BTreeMap<String, Value>;

/// The OCSF schema version the records follow. 1.3.0 is the oldest release that has every
/// attribute written here (`evidences[].container` arrived in 1.2.0, `sub_technique` on the
/// ATT&CK object is there in 1.3.0); later 1.x releases only add to it.
pub const OCSF_VERSION: &str = "1.3.0";
/// Detection Finding.
pub const CLASS_UID: u64 = 2004;
/// Findings.
pub const CATEGORY_UID: u64 = 2;

/// OCSF `activity_id` for a finding: a live finding is created; one already set INACTIVE
/// (exported after triage) closes.
fn activity(state: State) -> (u64, &'static str) {
    match state {
        State::Active => (1, "Create"),
        State::Inactive => (3, "Close"),
    }
}

/// OCSF `severity_id` and its caption. SCC's SEVERITY_UNSPECIFIED (OCSF 0, Unknown) cannot
/// occur: Shrike's [`Severity`] has no such value.
pub fn severity_id(severity: Severity) -> (u64, &'static str) {
    match severity {
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// OCSF finding `status_id`: INACTIVE is Resolved; an ACTIVE finding that was muted is
/// Suppressed; otherwise New.
fn status(state: State, mute: Mute) -> (u64, &'static str) {
    match (state, mute) {
        (State::Inactive, _) => (4, "Resolved"),
        (State::Active, Mute::Muted) => (3, "Suppressed"),
        (State::Active, _) => (1, "New"),
    }
}

/// ATT&CK tactic id and name.
fn tactic(t: Tactic) -> (&'static str, &'static str) {
    match t {
        Tactic::Execution => ("TA0002", "Execution"),
        Tactic::DefenseEvasion => ("TA0005", "Defense Evasion"),
        Tactic::PrivilegeEscalation => ("TA0004", "Privilege Escalation"),
        Tactic::Impact => ("TA0040", "Impact"),
        Tactic::Discovery => ("TA0007", "Discovery"),
        Tactic::CredentialAccess => ("TA0006", "Credential Access"),
        Tactic::Exfiltration => ("TA0010", "Exfiltration"),
    }
}

/// ATT&CK technique (or sub-technique) name.
fn technique_name(t: Technique) -> &'static str {
    match t {
        Technique::IngressToolTransfer => "Ingress Tool Transfer",
        Technique::NativeApi => "Native API",
        Technique::CommandAndScriptingInterpreter => "Command and Scripting Interpreter",
        Technique::UnixShell => "Unix Shell",
        Technique::Python => "Python",
        Technique::ObfuscatedFilesOrInfo => "Obfuscated Files or Information",
        Technique::CompileAfterDelivery => "Compile After Delivery",
        Technique::ResourceHijacking => "Resource Hijacking",
        Technique::AbuseElevationControlMechanism => "Abuse Elevation Control Mechanism",
        Technique::ExploitationForPrivilegeEscalation => "Exploitation for Privilege Escalation",
        Technique::SystemInformationDiscovery => "System Information Discovery",
        Technique::ContainerAndResourceDiscovery => "Container and Resource Discovery",
        Technique::ContainerAdministrationCommand => "Container Administration Command",
        Technique::EscapeToHost => "Escape to Host",
        Technique::UnsecuredCredentials => "Unsecured Credentials",
        Technique::CredentialsInFiles => "Credentials In Files",
        Technique::PrivateKeys => "Private Keys",
        Technique::ExfiltrationOverAlternativeProtocol => "Exfiltration Over Alternative Protocol",
        Technique::ReflectiveCodeLoading => "Reflective Code Loading",
        Technique::DeobfuscateDecodeFilesOrInfo => "Deobfuscate/Decode Files or Information",
        Technique::ExploitPublicFacingApplication => "Exploit Public-Facing Application",
        Technique::SharedModules => "Shared Modules",
    }
}

/// Name of a sub-technique's parent, when the catalogue has it.
fn parent_technique_name(parent_id: &str) -> Option<&'static str> {
    [
        Technique::CommandAndScriptingInterpreter,
        Technique::ObfuscatedFilesOrInfo,
        Technique::AbuseElevationControlMechanism,
        Technique::UnsecuredCredentials,
    ]
    .into_iter()
    .find(|t| t.attack_id() == parent_id)
    .map(technique_name)
}

/// One OCSF ATT&CK object. A sub-technique (`T1059.004`) fills `sub_technique` and names its
/// parent in `technique`, as OCSF separates the two.
fn attack(t: Technique, tactic_of: Option<Tactic>, version: &str) -> Value {
    let id = t.attack_id();
    let mut a = Map::new();
    if let Some((tid, tname)) = tactic_of.map(tactic) {
        a.insert("tactic".into(), json!({"uid": tid, "name": tname}));
    }
    match id.split_once('.') {
        Some((parent, _)) => {
            let mut technique = json!({"uid": parent});
            if let Some(name) = parent_technique_name(parent) {
                technique["name"] = name.into();
            }
            a.insert("technique".into(), technique);
            a.insert(
                "sub_technique".into(),
                json!({"uid": id, "name": technique_name(t)}),
            );
        }
        None => {
            a.insert(
                "technique".into(),
                json!({"uid": id, "name": technique_name(t)}),
            );
        }
    }
    if !version.is_empty() {
        a.insert("version".into(), version.into());
    }
    Value::Object(a)
}

/// Milliseconds since the Unix epoch for an RFC 3339 timestamp (`2026-11-23T17:56:15.007Z`,
/// a fraction of up to nine digits, `Z` or a `±HH:MM` offset). `None` when malformed.
pub fn rfc3339_to_unix_ms(s: &str) -> Option<i64> {
    shrike_core::time::parse_rfc3339(s)
        .ok()
        .map(|ns| ns.div_euclid(1_000_000))
}

/// The last `/`-separated part of a path.
fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// OCSF File for an executable or script, `None` when there is no path to name it by.
fn file(f: &File) -> Option<Value> {
    let name = basename(&f.path);
    if name.is_empty() {
        return None;
    }
    let mut v = json!({
        "name": name,
        "path": f.path,
        "type_id": 1,
        "type": "Regular File",
        "size": f.size,
    });
    if let Some(sha) = f.sha256.as_deref().filter(|s| !s.is_empty()) {
        v["hashes"] = json!([{"algorithm_id": 3, "algorithm": "SHA-256", "value": sha}]);
    }
    Some(v)
}

/// OCSF Process for `chain[0]`, with the rest of the chain (its ancestors, nearest first) as
/// nested `parent_process` objects. The oldest known ancestor still names its parent's pid.
fn process(chain: &[Process]) -> Option<Value> {
    let (p, ancestors) = chain.split_first()?;
    let mut v = json!({"pid": p.pid, "name": p.name});
    if !p.args.is_empty() {
        // Space-joined like ps, auditd's proctitle and Falco's proc.cmdline, so rules written
        // against those match; the exact argv of the offending process is in evidence data.
        v["cmd_line"] = p.args.join(" ").into();
    }
    if let Some(f) = p.binary.as_ref().and_then(file) {
        v["file"] = f;
    }
    match process(ancestors) {
        Some(parent) => v["parent_process"] = parent,
        None if p.parent_pid != 0 => v["parent_process"] = json!({"pid": p.parent_pid}),
        None => {}
    }
    Some(v)
}

/// Where a detector recorded a network connection in `sourceProperties`:
/// (remote ip, remote port, local ip, local port, protocol).
const CONNECTION_KEYS: [[&str; 5]; 2] = [
    [
        "Reverse_Shell_Stdin_Redirection_Dst_Ip",
        "Reverse_Shell_Stdin_Redirection_Dst_Port",
        "Reverse_Shell_Stdin_Redirection_Src_Ip",
        "Reverse_Shell_Stdin_Redirection_Src_Port",
        "Reverse_Shell_Protocol",
    ],
    [
        "Socket_Remote_Ip",
        "Socket_Remote_Port",
        "Socket_Local_Ip",
        "Socket_Local_Port",
        "Socket_Protocol",
    ],
];

/// OCSF Network Endpoint from an ip and port property.
fn endpoint(props: &Props, ip: &str, port: &str) -> Option<Value> {
    let ip = props.get(ip)?.as_str().filter(|s| !s.is_empty())?;
    let mut v = json!({"ip": ip});
    if let Some(port) = props.get(port).and_then(Value::as_u64) {
        v["port"] = port.into();
    }
    Some(v)
}

/// Adds `dst_endpoint`, `src_endpoint` and `connection_info` to an evidence object when the
/// finding recorded the socket it is about.
fn add_connection(evidence: &mut Map<String, Value>, props: &Props) {
    for [dst_ip, dst_port, src_ip, src_port, protocol] in CONNECTION_KEYS {
        let Some(dst) = endpoint(props, dst_ip, dst_port) else {
            continue;
        };
        evidence.insert("dst_endpoint".into(), dst);
        if let Some(src) = endpoint(props, src_ip, src_port) {
            evidence.insert("src_endpoint".into(), src);
        }
        if let Some(p) = props.get(protocol).and_then(Value::as_str) {
            // Which side opened the socket is not recorded: direction Unknown.
            evidence.insert(
                "connection_info".into(),
                json!({
                    "protocol_name": p.to_ascii_lowercase(),
                    "direction_id": 0,
                    "direction": "Unknown",
                }),
            );
        }
        return;
    }
}

/// The container id: the last segment of a container resource's name.
fn container_uid(env: &FindingEnvelope) -> Option<&str> {
    let (_, id) = env.resource.name.rsplit_once("/containers/")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// The evidence: the offending process with its ancestry, the script it ran, the container
/// and, for socket-based findings, the connection.
fn evidence(env: &FindingEnvelope) -> Option<Value> {
    let f = &env.finding;
    let mut e = Map::new();
    if let Some(p) = process(&f.processes) {
        e.insert("process".into(), p);
    }
    if let Some(c) = f.containers.first() {
        let mut container = json!({"name": c.name});
        if let Some(uid) = container_uid(env) {
            container["uid"] = uid.into();
        }
        if let Some(image_id) = c.image_id.as_deref().filter(|s| !s.is_empty()) {
            container["image"] = json!({"uid": image_id});
            if let Some(uri) = c.uri.as_deref().filter(|s| !s.is_empty()) {
                container["image"]["name"] = uri.into();
            }
        }
        if f.kubernetes.is_some() {
            container["orchestrator"] = "Kubernetes".into();
        }
        e.insert("container".into(), container);
    }
    add_connection(&mut e, &f.source_properties);
    if let Some(p) = f.processes.first() {
        let mut data = Map::new();
        if let Some(script) = &p.script {
            if let Some(sf) = file(script) {
                e.insert("file".into(), sf);
            }
            let mut s = json!({"path": script.path, "size": script.size});
            if let Some(sha) = script.sha256.as_deref().filter(|s| !s.is_empty()) {
                s["sha256"] = sha.into();
            }
            if let Some(contents) = &script.contents {
                s["contents"] = contents.as_str().into();
            }
            data.insert("script".into(), s);
        }
        // The exact argv, empty included: argc 0 is itself evidence (the pkexec exploit).
        data.insert("args".into(), json!(p.args));
        if p.arguments_truncated {
            data.insert("arguments_truncated".into(), true.into());
        }
        if !p.env_variables.is_empty() {
            // The shape OCSF 1.4 gives `process.environment_variables`.
            let env: Vec<Value> = p
                .env_variables
                .iter()
                .map(|v| json!({"name": v.name, "value": v.val}))
                .collect();
            data.insert("env_variables".into(), env.into());
        }
        if p.env_variables_truncated {
            data.insert("env_variables_truncated".into(), true.into());
        }
        if !data.is_empty() {
            e.insert("data".into(), data.into());
        }
    }
    (!e.is_empty()).then_some(Value::Object(e))
}

/// OCSF Observables: the values a SIEM indexes for pivoting, each naming where it sits in
/// the record.
fn observables(record: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    let mut push = |name: &str, type_id: u64, type_name: &str, value: Option<&Value>| {
        if let Some(v) = value.and_then(Value::as_str).filter(|s| !s.is_empty()) {
            out.push(json!({"name": name, "type_id": type_id, "type": type_name, "value": v}));
        }
    };
    let evidence = &record["evidences"][0];
    push(
        "device.hostname",
        1,
        "Hostname",
        record["device"].get("hostname"),
    );
    push(
        "evidences.dst_endpoint.ip",
        2,
        "IP Address",
        evidence["dst_endpoint"].get("ip"),
    );
    push(
        "evidences.src_endpoint.ip",
        2,
        "IP Address",
        evidence["src_endpoint"].get("ip"),
    );
    push(
        "evidences.process.file.name",
        7,
        "File Name",
        evidence["process"]["file"].get("name"),
    );
    push(
        "evidences.process.file.hashes.value",
        8,
        "Hash",
        evidence["process"]["file"]["hashes"][0].get("value"),
    );
    push(
        "evidences.file.hashes.value",
        8,
        "Hash",
        evidence["file"]["hashes"][0].get("value"),
    );
    push(
        "evidences.process.name",
        9,
        "Process Name",
        evidence["process"].get("name"),
    );
    push(
        "resources.uid",
        10,
        "Resource UID",
        record["resources"][0].get("uid"),
    );
    let indicator = &record["unmapped"]["indicator"];
    for (key, type_id, type_name) in [
        ("ipAddresses", 2, "IP Address"),
        ("domains", 1, "Hostname"),
        ("uris", 6, "URL String"),
    ] {
        if let Some(values) = indicator[key].as_array() {
            for v in values {
                push(
                    &format!("unmapped.indicator.{key}"),
                    type_id,
                    type_name,
                    Some(v),
                );
            }
        }
    }
    out
}

/// The affected resource as OCSF Resource Details, with container labels as `key=value`.
fn resource(env: &FindingEnvelope) -> Value {
    let r = &env.resource;
    let f = &env.finding;
    let mut v = json!({"uid": r.name, "name": r.display_name, "type": r.resource_type});
    let mut data = Map::new();
    if !r.project_display_name.is_empty() {
        data.insert("project".into(), r.project_display_name.as_str().into());
    }
    if let Some(host) = r.host.as_deref().filter(|h| !h.is_empty()) {
        data.insert("host".into(), host.into());
    }
    if !data.is_empty() {
        v["data"] = data.into();
    }
    let pod = f.kubernetes.as_ref().and_then(|k| k.pods.first());
    if let Some(ns) = pod.and_then(|p| p.ns.as_deref()).filter(|s| !s.is_empty()) {
        v["namespace"] = ns.into();
    }
    let labels: Vec<String> = f
        .containers
        .first()
        .map(|c| {
            c.labels
                .iter()
                .map(|l| format!("{}={}", l.name, l.value))
                .collect()
        })
        .unwrap_or_default();
    if !labels.is_empty() {
        v["labels"] = labels.into();
    }
    v
}

/// The finding's own id: the last segment of its name.
fn finding_id(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Maps a Shrike finding to an OCSF Detection Finding (class 2004), as one JSON object.
///
/// The mapping, field by field, is documented in `docs/siem.md`. Timestamps become
/// milliseconds since the epoch; the nanosecond originals stay in `unmapped`. A timestamp
/// that does not parse (never one Shrike wrote) becomes 0 and its text is still in `unmapped`.
pub fn to_ocsf(envelope: &FindingEnvelope) -> Value {
    let f = &envelope.finding;
    let (activity_id, activity_name) = activity(f.state);
    let (severity_id, severity) = severity_id(f.severity);
    let (status_id, status_name) = status(f.state, f.mute);
    let event_ms = rfc3339_to_unix_ms(&f.event_time).unwrap_or(0);
    let created_ms = rfc3339_to_unix_ms(&f.create_time).unwrap_or(0);
    let props = &f.source_properties;
    let message = props
        .get("Detection_Summary")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .unwrap_or(&f.description);

    let ma = &f.mitre_attack;
    let attacks: Vec<Value> = ma
        .primary_techniques
        .iter()
        .map(|t| attack(*t, Some(ma.primary_tactic), &ma.version))
        .chain(
            ma.additional_techniques
                .iter()
                .map(|t| attack(*t, None, &ma.version)),
        )
        .collect();
    let analytic_type = if f.module_name == "MALICIOUS_PYTHON_EXECUTED" {
        (4, "Learning (ML/DL)")
    } else {
        (1, "Rule")
    };
    let mut finding_info = json!({
        "uid": f.name,
        "title": f.category,
        "desc": f.description,
        "types": [f.category],
        "created_time": created_ms,
        "first_seen_time": event_ms,
        "last_seen_time": event_ms,
        "analytic": {
            "uid": f.module_name,
            "name": f.module_name,
            "type_id": analytic_type.0,
            "type": analytic_type.1,
        },
    });
    if !attacks.is_empty() {
        finding_info["attacks"] = attacks.into();
    }
    if let Some(uri) = f.external_uri.as_deref().filter(|s| !s.is_empty()) {
        finding_info["src_url"] = uri.into();
    }

    let mut metadata = json!({
        "version": OCSF_VERSION,
        "product": {
            "name": "Shrike",
            "vendor_name": "Shrike",
            "version": env!("CARGO_PKG_VERSION"),
        },
        "uid": finding_id(&f.name),
    });

    let mut record = json!({
        "class_uid": CLASS_UID,
        "class_name": "Detection Finding",
        "category_uid": CATEGORY_UID,
        "category_name": "Findings",
        "activity_id": activity_id,
        "activity_name": activity_name,
        "type_uid": CLASS_UID * 100 + activity_id,
        "type_name": format!("Detection Finding: {activity_name}"),
        "time": event_ms,
        "severity_id": severity_id,
        "severity": severity,
        "status_id": status_id,
        "status": status_name,
        "message": message,
        "finding_info": finding_info,
        "resources": [resource(envelope)],
    });
    if let Some(host) = envelope.resource.host.as_deref().filter(|h| !h.is_empty()) {
        metadata["profiles"] = json!(["host"]);
        record["device"] = json!({
            "hostname": host,
            "type_id": 0,
            "type": "Unknown",
            "os": {"name": "Linux", "type_id": 200, "type": "Linux"},
        });
    }
    record["metadata"] = metadata;
    if let Some(e) = evidence(envelope) {
        record["evidences"] = json!([e]);
    }

    let mut unmapped = Map::new();
    unmapped.insert("parent".into(), f.parent.as_str().into());
    unmapped.insert("resourceName".into(), f.resource_name.as_str().into());
    unmapped.insert("findingClass".into(), json!(f.finding_class));
    unmapped.insert("mute".into(), f.mute.as_str().into());
    unmapped.insert("eventTime".into(), f.event_time.as_str().into());
    unmapped.insert("createTime".into(), f.create_time.as_str().into());
    if !props.is_empty() {
        unmapped.insert("sourceProperties".into(), json!(props));
    }
    if let Some(i) = &f.indicator {
        unmapped.insert("indicator".into(), json!(i));
    }
    if let Some(k) = &f.kubernetes {
        unmapped.insert("kubernetes".into(), json!(k));
    }
    record["unmapped"] = unmapped.into();

    let obs = observables(&record);
    if !obs.is_empty() {
        record["observables"] = obs.into();
    }
    record
}
