//! Container metadata from the runtime's state: runc's `state.json` (under the state roots of
//! runc, Docker, containerd and CRI-O) and the bundle's OCI `config.json` annotations.

use serde::Deserialize;
use shrike_core::container::ContainerIdentity;
use shrike_core::event::{ContainerInfo, PodInfo};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// runc state roots, one per runtime layout.
pub const STATE_ROOTS: &[&str] = &[
    "/run/runc",
    "/run/docker/runtime-runc/moby",
    "/run/containerd/runc/k8s.io",
    "/run/containerd/runc/default",
    "/run/containerd/runc/moby",
    "/run/crun",
];

/// What the runtime's state says about one container.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuntimeState {
    /// Metadata for findings.
    pub info: ContainerInfo,
    /// The container's init process (its `/proc/PID/root` is the container's root).
    pub init_pid: Option<u32>,
}

#[derive(Deserialize)]
struct State {
    #[serde(default)]
    init_process_pid: Option<u32>,
    #[serde(default)]
    config: StateConfig,
}

#[derive(Deserialize, Default)]
struct StateConfig {
    #[serde(default)]
    labels: Vec<String>,
}

#[derive(Deserialize)]
struct OciConfig {
    #[serde(default)]
    annotations: BTreeMap<String, String>,
}

const NAME_KEYS: &[&str] = &[
    "io.kubernetes.cri.container-name",
    "io.kubernetes.container.name",
    "nerdctl/name",
    "io.shrike.container.name",
];
const IMAGE_KEYS: &[&str] = &[
    "io.kubernetes.cri.image-name",
    "io.kubernetes.cri-o.ImageName",
    "org.opencontainers.image.ref.name",
    "io.shrike.container.image",
];
const IMAGE_ID_KEYS: &[&str] = &[
    "io.kubernetes.cri-o.ImageRef",
    "io.shrike.container.image-id",
];
const POD_NAME_KEYS: &[&str] = &["io.kubernetes.cri.sandbox-name", "io.kubernetes.pod.name"];
const POD_NS_KEYS: &[&str] = &[
    "io.kubernetes.cri.sandbox-namespace",
    "io.kubernetes.pod.namespace",
];
const POD_UID_KEYS: &[&str] = &["io.kubernetes.cri.sandbox-uid", "io.kubernetes.pod.uid"];
/// Annotations kept as labels, at most.
const MAX_LABELS: usize = 64;
/// State files are small; a larger one is not a runtime's.
const MAX_STATE_BYTES: u64 = 4 << 20;

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Option<T> {
    let bytes = crate::enrich::read_bounded(path, MAX_STATE_BYTES).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn first(annotations: &BTreeMap<String, String>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| annotations.get(*k))
        .filter(|v| !v.is_empty())
        .cloned()
}

/// Looks the container up in the state roots under `root` (`/` live; a directory in tests).
pub fn lookup(root: &Path, identity: &ContainerIdentity) -> RuntimeState {
    let mut state = RuntimeState {
        info: ContainerInfo {
            id: identity.id.clone(),
            runtime: identity.runtime,
            pod: identity.pod_uid.clone().map(|uid| PodInfo {
                uid: Some(uid),
                ..PodInfo::default()
            }),
            ..ContainerInfo::default()
        },
        init_pid: None,
    };
    let found = STATE_ROOTS.iter().find_map(|dir| {
        let path: PathBuf = root
            .join(dir.trim_start_matches('/'))
            .join(&identity.id)
            .join("state.json");
        read_json::<State>(&path)
    });
    let Some(found) = found else { return state };
    state.init_pid = found.init_process_pid;
    let bundle = found
        .config
        .labels
        .iter()
        .find_map(|l| l.strip_prefix("bundle="));
    let Some(bundle) = bundle else { return state };
    let Some(config) = read_json::<OciConfig>(&Path::new(bundle).join("config.json")) else {
        return state;
    };
    let a = &config.annotations;
    let info = &mut state.info;
    info.name = first(a, NAME_KEYS);
    info.image = first(a, IMAGE_KEYS);
    info.image_id = first(a, IMAGE_ID_KEYS);
    let (pod_name, pod_ns, pod_uid) = (
        first(a, POD_NAME_KEYS),
        first(a, POD_NS_KEYS),
        first(a, POD_UID_KEYS),
    );
    if pod_name.is_some() || pod_ns.is_some() || pod_uid.is_some() {
        let pod = info.pod.get_or_insert_with(PodInfo::default);
        pod.name = pod_name;
        pod.namespace = pod_ns;
        if pod_uid.is_some() {
            pod.uid = pod_uid;
        }
    }
    info.labels = a
        .iter()
        .take(MAX_LABELS)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    state
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_runc_state_and_bundle_annotations() {
        let root = tempfile::tempdir().unwrap();
        let id = "ab".repeat(32);
        let bundle = root.path().join("bundle");
        std::fs::create_dir_all(&bundle).unwrap();
        std::fs::write(
            bundle.join("config.json"),
            r#"{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri.container-name":"api",
              "io.kubernetes.cri.image-name":"ghcr.io/x/api:1","io.kubernetes.cri.sandbox-name":"api-7d9",
              "io.kubernetes.cri.sandbox-namespace":"payments"}}"#,
        )
        .unwrap();
        let state_dir = root.path().join("run/containerd/runc/k8s.io").join(&id);
        std::fs::create_dir_all(&state_dir).unwrap();
        std::fs::write(
            state_dir.join("state.json"),
            format!(
                r#"{{"id":"{id}","init_process_pid":4242,"config":{{"labels":["bundle={}"]}}}}"#,
                bundle.display()
            ),
        )
        .unwrap();
        let identity = ContainerIdentity::from_cgroup_path(&format!(
            "/kubepods/besteffort/pod0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a/{id}"
        ))
        .unwrap();
        let state = lookup(root.path(), &identity);
        assert_eq!(state.init_pid, Some(4242));
        assert_eq!(state.info.name.as_deref(), Some("api"));
        assert_eq!(state.info.image.as_deref(), Some("ghcr.io/x/api:1"));
        let pod = state.info.pod.unwrap();
        assert_eq!(pod.name.as_deref(), Some("api-7d9"));
        assert_eq!(pod.namespace.as_deref(), Some("payments"));
        assert_eq!(
            pod.uid.as_deref(),
            Some("0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a")
        );
    }

    #[test]
    fn unknown_container_keeps_its_identity() {
        let root = tempfile::tempdir().unwrap();
        let identity =
            ContainerIdentity::from_cgroup_path(&format!("/docker/{}", "cd".repeat(32))).unwrap();
        let state = lookup(root.path(), &identity);
        assert_eq!(state.info.id, "cd".repeat(32));
        assert_eq!(state.init_pid, None);
    }
}
