//! Container Escape, inside a container:
//!
//! - a known escape or breakout tool by name (as for the reconnaissance tools): `tool`;
//! - `nsenter` aimed at process 1's namespaces (`-t 1`, `-t1`, `--target 1`, `--target=1`),
//!   which from a container sharing the host's PID namespace enters the host: `nsenter-pid1`;
//! - a command line naming a cgroup `release_agent` or `notify_on_release` file:
//!   `cgroup-release-agent`;
//! - a command line naming the kernel's `core_pattern`: `core-pattern`.
//!
//! The process under an ancestor (same container) that already matched is not reported again.

use super::{
    ancestor_in_container_matches, argument_containing, named_tool, quoted_argument, with_image,
};
use shrike_core::event::{ExecEvent, ProcessNames};
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Escape tools, in lower case, without `.sh`/`.py`/`.pl` (see `NameList`).
pub const DEFAULT_ESCAPE_TOOLS: &[&str] =
    &["cdk", "botb", "deepce", "amicontained", "keyctl-unmask"];

/// [`DEFAULT_ESCAPE_TOOLS`] with its screen.
pub(crate) static ESCAPE_TOOLS: super::NameList = super::NameList::new(DEFAULT_ESCAPE_TOOLS);

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContainerEscapeDetector;

/// `nsenter` with process 1 as its target.
fn nsenter_into_pid1(exec: &ExecEvent, names: ProcessNames<'_>) -> Option<String> {
    if !names.is("nsenter") {
        return None;
    }
    let args = &exec.argv;
    args.iter().enumerate().skip(1).find_map(|(i, a)| {
        let target = match a.as_str() {
            "-t" | "--target" => args.get(i + 1).map(String::as_str),
            _ => a
                .strip_prefix("--target=")
                .or_else(|| a.strip_prefix("-t").filter(|v| !v.starts_with('-'))),
        };
        (target == Some("1")).then(|| args[1..].join(" "))
    })
}

/// (technique, indicator) for `exec`.
fn technique(exec: &ExecEvent, names: ProcessNames<'_>) -> Option<(&'static str, String)> {
    if let Some((tool, _)) = named_tool(exec, names, &ESCAPE_TOOLS) {
        return Some(("tool", tool.to_owned()));
    }
    if let Some(cmd) = nsenter_into_pid1(exec, names) {
        return Some(("nsenter-pid1", cmd));
    }
    // Every marker below holds an underscore: one memchr per argument rules most out.
    if !exec
        .argv
        .iter()
        .skip(1)
        .any(|a| a.as_bytes().contains(&b'_'))
    {
        return None;
    }
    if let Some((_, arg)) = argument_containing(exec, &["release_agent", "notify_on_release"]) {
        return Some(("cgroup-release-agent", arg.to_owned()));
    }
    if let Some((_, arg)) = argument_containing(exec, &["core_pattern"]) {
        return Some(("core-pattern", arg.to_owned()));
    }
    None
}

impl Detector for ContainerEscapeDetector {
    fn name(&self) -> &'static str {
        "container-escape"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::ContainerEscape]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let (how, indicator) = technique(exec, ctx.names)?;
        if ancestor_in_container_matches(ctx, |a, names| technique(a, names).is_some()) {
            return None;
        }
        let summary = format!(
            "container escape ({how}) in container {}: {} {}",
            container.name.as_deref().unwrap_or(&container.id),
            exec.exe.path,
            quoted_argument(&indicator)
        );
        let detection = Detection::new(FindingType::ContainerEscape, summary)
            .with_property("Escape_Technique", how)
            .with_property("Escape_Indicator", quoted_argument(&indicator));
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exec(argv: &[&str]) -> ExecEvent {
        let mut e = ExecEvent::default();
        e.exe.path = format!("/usr/bin/{}", argv[0]);
        e.argv = argv.iter().map(|s| (*s).to_owned()).collect();
        e
    }

    #[test]
    fn nsenter_targets_are_read_in_every_form() {
        for argv in [
            &["nsenter", "-t", "1", "-m", "-u", "-i", "-n", "-p", "sh"][..],
            &["nsenter", "-t1", "-a", "sh"],
            &["nsenter", "--target", "1", "--mount", "sh"],
            &["nsenter", "--target=1", "-a"],
        ] {
            let e = exec(argv);
            assert!(nsenter_into_pid1(&e, e.names()).is_some(), "{argv:?}");
        }
        for argv in [
            &["nsenter", "-t", "4242", "-n", "ip", "a"][..],
            &["nsenter", "--net=/run/netns/x", "ip", "a"],
            &["nsenter", "-t", "12", "-n"],
        ] {
            let e = exec(argv);
            assert!(nsenter_into_pid1(&e, e.names()).is_none(), "{argv:?}");
        }
    }

    #[test]
    fn techniques() {
        let t = |argv: &[&str]| {
            let e = exec(argv);
            technique(&e, e.names()).map(|(t, _)| t)
        };
        assert_eq!(t(&["cdk", "evaluate"]), Some("tool"));
        assert_eq!(t(&["bash", "deepce.sh"]), Some("tool"));
        assert_eq!(
            t(&["sh", "-c", "echo /cmd > /tmp/cg/release_agent"]),
            Some("cgroup-release-agent")
        );
        assert_eq!(
            t(&["sh", "-c", "echo '|/tmp/x' > /proc/sys/kernel/core_pattern"]),
            Some("core-pattern")
        );
        assert_eq!(t(&["cat", "/proc/self/cgroup"]), None);
        assert_eq!(t(&["ls", "/sys/fs/cgroup"]), None);
    }
}
