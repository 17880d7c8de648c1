//! Launch Remote File Copy Tools in Container: a remote file copy tool starts inside a container,
//! by executable name or `argv[0]` ([`DEFAULT_COPY_TOOLS`]). `rsync` counts only with a remote end
//! (`host:path`, `user@host:path`, `host::module`, `rsync://…`): local copies are ordinary.
//! `Copy_Remote` is the first argument naming a remote end, when there is one.

use super::{quoted_argument, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// The tools.
pub const DEFAULT_COPY_TOOLS: &[&str] = &[
    "scp", "sftp", "rsync", "rclone", "ftp", "tftp", "lftp", "ncftp", "ncftpput", "ncftpget",
    "sshfs", "croc", "wormhole",
];

/// [`DEFAULT_COPY_TOOLS`] with its screen.
static COPY_TOOLS: super::NameList = super::NameList::new(DEFAULT_COPY_TOOLS);

/// True for an argument that names a remote end: a URL (`scheme://`), or `[user@]host:path`
/// (a colon before any slash, not a path or an option).
pub fn is_remote_argument(arg: &str) -> bool {
    if arg.starts_with(['-', '/', '.', '~']) {
        return false;
    }
    if let Some((scheme, _)) = arg.split_once("://") {
        return !scheme.is_empty()
            && scheme
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'+');
    }
    match arg.find(':') {
        Some(colon) if colon > 0 => !arg[..colon].contains('/'),
        _ => false,
    }
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct FileCopyDetector;

impl Detector for FileCopyDetector {
    fn name(&self) -> &'static str {
        "file-copy"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::LaunchRemoteFileCopyToolsInContainer]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let tool = COPY_TOOLS.named(ctx.names)?;
        let remote = exec.argv.iter().skip(1).find(|a| is_remote_argument(a));
        if tool == "rsync" && remote.is_none() {
            return None;
        }
        let remote = remote.map(|r| quoted_argument(r)).unwrap_or_default();
        let summary = format!(
            "remote file copy tool {tool} started in container {}{}",
            container.name.as_deref().unwrap_or(&container.id),
            if remote.is_empty() {
                String::new()
            } else {
                format!(" with remote end {remote}")
            }
        );
        let detection = Detection::new(FindingType::LaunchRemoteFileCopyToolsInContainer, summary)
            .with_property("Copy_Tool", tool)
            .with_property("Copy_Remote", remote);
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_ends() {
        for a in [
            "user@203.0.113.5:/tmp/",
            "backup:/srv/dump.tar",
            "host::module/path",
            "rsync://mirror.example.org/pub/",
            "sftp://u@h/x",
            "remote:bucket/dir",
            "u@[2001:db8::1]:/x",
        ] {
            assert!(is_remote_argument(a), "{a}");
        }
        for a in [
            "/src/",
            "./dst",
            "~/x",
            "-e",
            "--rsh=ssh -p 22",
            "/tmp/a:b",
            "dir/with:colon",
            "plain",
            "://x",
        ] {
            assert!(!is_remote_argument(a), "{a}");
        }
    }
}
