//! Container identity from cgroup paths.
//!
//! Every container runtime puts a container's processes in a cgroup whose path embeds the
//! container id; the layouts differ by runtime and by cgroup driver (cgroupfs directories or
//! systemd scope units). [`ContainerIdentity::from_cgroup_path`] reads all of them, innermost
//! container first, so a container nested in another (docker-in-docker) is attributed to the
//! inner one. Monitor processes (`conmon`) have their own scope and are not containers.

use serde::{Deserialize, Serialize};

/// The runtime a cgroup layout belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Runtime {
    /// Not recognised.
    #[default]
    Unknown,
    /// Docker (dockerd + containerd), cgroupfs or systemd driver.
    Docker,
    /// containerd, through CRI or nerdctl.
    Containerd,
    /// CRI-O.
    CriO,
    /// Podman (libpod).
    Podman,
    /// Plain runc with the systemd driver.
    Runc,
}

/// A container id, its runtime and (under Kubernetes) its pod, read from a cgroup path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerIdentity {
    /// The full container id.
    pub id: String,
    /// The runtime whose layout matched.
    pub runtime: Runtime,
    /// The Kubernetes pod UID, when the path is under `kubepods`.
    pub pod_uid: Option<String>,
}

/// systemd scope prefixes, most specific first (`crio-conmon-` must be seen before `crio-`).
const SCOPE_PREFIXES: &[(&str, Option<Runtime>)] = &[
    ("crio-conmon-", None),
    ("libpod-conmon-", None),
    ("cri-containerd-", Some(Runtime::Containerd)),
    ("docker-", Some(Runtime::Docker)),
    ("crio-", Some(Runtime::CriO)),
    ("libpod-", Some(Runtime::Podman)),
    ("nerdctl-", Some(Runtime::Containerd)),
    ("runc-", Some(Runtime::Runc)),
];

fn is_container_id(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

impl ContainerIdentity {
    /// Reads a cgroup v2 path (or a v1 path of any controller), as `/proc/PID/cgroup` shows it.
    /// Returns `None` for host cgroups.
    pub fn from_cgroup_path(path: &str) -> Option<Self> {
        // Every container component holds a 64-digit id: shorter paths (`/system.slice/cron.service`,
        // `/user.slice/user-1000.slice/session-3.scope`) are host cgroups, known at once.
        if path.len() < 64 {
            return None;
        }
        // Components from the innermost out, without collecting them: this runs for every exec
        // whose event does not name its container (most of them host processes, no container).
        let components = || path.split('/').filter(|p| !p.is_empty());
        let mut outward = components().rev().peekable();
        while let Some(part) = outward.next() {
            let (id, runtime) = match id_in_component(part) {
                Component::Container(id, runtime) => (id, runtime),
                Component::Monitor => return None,
                Component::Other => continue,
            };
            let pod_uid = components().find_map(pod_uid_of);
            let runtime = runtime.unwrap_or_else(|| {
                // A bare id directory: the runtime is told by the directory above it.
                match outward.peek().copied() {
                    Some("docker") => Runtime::Docker,
                    Some("libpod_parent") => Runtime::Podman,
                    _ if pod_uid.is_some() => Runtime::Containerd,
                    _ => Runtime::Unknown,
                }
            });
            return Some(Self {
                id: id.to_owned(),
                runtime,
                pod_uid,
            });
        }
        None
    }
}

enum Component<'a> {
    Container(&'a str, Option<Runtime>),
    Monitor,
    Other,
}

fn id_in_component(part: &str) -> Component<'_> {
    if is_container_id(part) {
        return Component::Container(part, None);
    }
    let unit = part.strip_suffix(".scope").unwrap_or(part);
    for (prefix, runtime) in SCOPE_PREFIXES {
        if let Some(rest) = unit.strip_prefix(prefix) {
            if !is_container_id(rest) {
                return Component::Other;
            }
            return match runtime {
                Some(r) => Component::Container(rest, Some(*r)),
                None => Component::Monitor,
            };
        }
    }
    Component::Other
}

/// `pod<uid>` (cgroupfs) or `kubepods-<qos>-pod<uid_with_underscores>.slice` (systemd).
fn pod_uid_of(part: &str) -> Option<String> {
    let part = part.strip_suffix(".slice").unwrap_or(part);
    let at = part.rfind("pod")?;
    if at > 0 && !part[..at].ends_with('-') {
        return None;
    }
    if at > 0 && !part.starts_with("kubepods") {
        return None;
    }
    let uid = &part[at + 3..];
    let valid = uid.len() >= 32
        && uid
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b == b'-' || b == b'_');
    valid.then(|| uid.replace('_', "-"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f4a9c1e2b7d8f60a5c4e3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a2918f0e1";

    fn resolve(path: &str) -> Option<ContainerIdentity> {
        ContainerIdentity::from_cgroup_path(&path.replace("{ID}", ID))
    }

    fn assert_container(path: &str, runtime: Runtime, pod: Option<&str>) {
        let got = resolve(path).unwrap_or_else(|| panic!("no container in {path}"));
        assert_eq!(got.id, ID, "{path}");
        assert_eq!(got.runtime, runtime, "{path}");
        assert_eq!(got.pod_uid.as_deref(), pod, "{path}");
    }

    #[test]
    fn docker_cgroupfs_driver() {
        assert_container("/docker/{ID}", Runtime::Docker, None);
    }

    #[test]
    fn docker_systemd_driver() {
        assert_container("/system.slice/docker-{ID}.scope", Runtime::Docker, None);
    }

    #[test]
    fn docker_in_docker_attributes_the_inner_container() {
        let outer = "aa".repeat(32);
        let path = format!("/docker/{outer}/docker/{ID}");
        assert_eq!(ContainerIdentity::from_cgroup_path(&path).unwrap().id, ID);
    }

    #[test]
    fn containerd_cri_systemd_driver() {
        assert_container(
            "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod6f1e0a4c_2b5d_4e8f_9a7c_1d3b5f7e9a0c.slice/cri-containerd-{ID}.scope",
            Runtime::Containerd,
            Some("6f1e0a4c-2b5d-4e8f-9a7c-1d3b5f7e9a0c"),
        );
    }

    #[test]
    fn kubepods_cgroupfs_driver() {
        assert_container(
            "/kubepods/besteffort/pod0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a/{ID}",
            Runtime::Containerd,
            Some("0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a"),
        );
        // Guaranteed QoS pods have no QoS directory.
        assert_container(
            "/kubepods/pod0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a/{ID}",
            Runtime::Containerd,
            Some("0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a"),
        );
    }

    #[test]
    fn kubepods_with_docker_systemd() {
        assert_container(
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0c6b7c1a_8a8e_4d0c_bb4c_3e0f1f6c2d9a.slice/docker-{ID}.scope",
            Runtime::Docker,
            Some("0c6b7c1a-8a8e-4d0c-bb4c-3e0f1f6c2d9a"),
        );
    }

    #[test]
    fn crio_systemd_and_its_conmon() {
        assert_container(
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod5e2d1c0b_9a8f_4e7d_8c6b_5a4f3e2d1c0b.slice/crio-{ID}.scope",
            Runtime::CriO,
            Some("5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"),
        );
        assert!(resolve(
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod5e2d1c0b_9a8f_4e7d_8c6b_5a4f3e2d1c0b.slice/crio-conmon-{ID}.scope"
        )
        .is_none());
    }

    #[test]
    fn host_cgroups_and_the_shortest_container_path() {
        for host in [
            "/",
            "/system.slice/cron.service",
            "/user.slice/user-1000.slice/session-3.scope",
            "/system.slice/docker.service",
        ] {
            assert!(resolve(host).is_none(), "{host}");
        }
        // A bare id is the shortest path that names a container (64 characters).
        assert_container("{ID}", Runtime::Unknown, None);
        assert!(resolve(&ID[1..]).is_none());
    }

    #[test]
    fn crio_cgroupfs() {
        assert_container(
            "/kubepods/burstable/pod5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b/crio-{ID}",
            Runtime::CriO,
            Some("5e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b"),
        );
    }

    #[test]
    fn podman_root_rootless_and_cgroupfs() {
        assert_container("/machine.slice/libpod-{ID}.scope", Runtime::Podman, None);
        assert_container(
            "/machine.slice/libpod-{ID}.scope/container",
            Runtime::Podman,
            None,
        );
        assert_container(
            "/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-{ID}.scope",
            Runtime::Podman,
            None,
        );
        assert_container("/libpod_parent/libpod-{ID}", Runtime::Podman, None);
        assert!(resolve("/machine.slice/libpod-conmon-{ID}.scope").is_none());
    }

    #[test]
    fn nerdctl_and_runc_scopes() {
        assert_container(
            "/system.slice/nerdctl-{ID}.scope",
            Runtime::Containerd,
            None,
        );
        assert_container("/system.slice/runc-{ID}.scope", Runtime::Runc, None);
    }

    #[test]
    fn host_cgroups_are_not_containers() {
        for path in [
            "/",
            "/init.scope",
            "/system.slice/docker.service",
            "/system.slice/containerd.service",
            "/user.slice/user-1000.slice/session-3.scope",
            "/kubepods.slice/kubepods-besteffort.slice",
            "/docker/not-an-id",
            "/system.slice/docker-1234.scope",
        ] {
            assert!(resolve(path).is_none(), "{path} is a host cgroup");
        }
    }

    #[test]
    fn upper_case_hex_is_not_an_id() {
        assert!(resolve(&format!("/docker/{}", ID.to_ascii_uppercase())).is_none());
    }
}
