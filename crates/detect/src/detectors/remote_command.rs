//! Possible Remote Command Execution: a common UNIX command whose own stdio, or whose nearest
//! shell ancestor's stdio, is a connected network socket: commands arriving over the network,
//! typed into a reverse or bind shell or run by a web shell through `sh -c`.
//!
//! The command list is configurable; [`DEFAULT_REMOTE_COMMANDS`] is the default. A command is
//! matched by its executable's name and by `argv[0]` (busybox applets are symlinks to one
//! binary).

use super::{connected_stdio_socket, fd_name, ip_string, is_shell, with_image, NameMap};
use shrike_core::event::{ExecEvent, ProcessNames, SocketInfo};
use shrike_core::finding::Indicator;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Commands attackers run first on a shell they got: discovery, file reading, transfer tools.
pub const DEFAULT_REMOTE_COMMANDS: &[&str] = &[
    "id", "whoami", "uname", "hostname", "ls", "cat", "ps", "pwd", "ifconfig", "ip", "netstat",
    "ss", "env", "printenv", "w", "who", "last", "lastlog", "groups", "users", "uptime", "df",
    "mount", "curl", "wget", "find", "head", "tail", "grep", "arp", "route", "lsof", "nproc",
    "lscpu", "crontab", "getent", "history", "dmesg", "lsmod", "sudo", "su", "chmod", "base64",
];

/// See the module documentation.
#[derive(Debug, Clone)]
pub struct RemoteCommandDetector {
    commands: NameMap<()>,
}

impl Default for RemoteCommandDetector {
    fn default() -> Self {
        Self::new(DEFAULT_REMOTE_COMMANDS.iter().copied())
    }
}

impl RemoteCommandDetector {
    /// A detector for the given command names.
    pub fn new<'a>(commands: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            commands: NameMap::new(commands.into_iter().map(|c| (Box::from(c), ()))),
        }
    }

    fn matched_command<'e>(&self, names: ProcessNames<'e>) -> Option<&'e str> {
        if self.commands.contains(names.exe) {
            return Some(names.exe);
        }
        names.argv0.filter(|a| self.commands.contains(a))
    }
}

impl Detector for RemoteCommandDetector {
    fn name(&self) -> &'static str {
        "remote-command"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::PossibleRemoteCommandExecutionDetected]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let command = self.matched_command(ctx.names)?;
        let (holder, fd, socket): (&ExecEvent, u8, &SocketInfo) = match connected_stdio_socket(exec)
        {
            Some((fd, s)) => (exec, fd, s),
            None => {
                let shell = ctx.ancestor_execs(exec.pid).find(|a| is_shell(a))?;
                let (fd, s) = connected_stdio_socket(shell)?;
                (shell, fd, s)
            }
        };
        let remote = ip_string(socket.remote_ip);
        let via = if std::ptr::eq(holder, exec) {
            "its own".to_owned()
        } else {
            format!("its shell's ({} pid {})", holder.exe.path, holder.pid)
        };
        let summary = format!(
            "{command} ran with {via} {} connected to {} {remote}:{}",
            fd_name(fd),
            socket.protocol.as_str(),
            socket.remote_port
        );
        let mut detection =
            Detection::new(FindingType::PossibleRemoteCommandExecutionDetected, summary)
                .with_property("Remote_Command", command)
                .with_property("Socket_Holder_Pid", holder.pid)
                .with_property("Socket_Holder_Binary", holder.exe.path.clone())
                .with_property("Socket_Fd", fd_name(fd))
                .with_property("Socket_Protocol", socket.protocol.as_str())
                .with_property("Socket_Remote_Ip", remote.clone())
                .with_property("Socket_Remote_Port", socket.remote_port)
                .with_property("Socket_Local_Ip", ip_string(socket.local_ip))
                .with_property("Socket_Local_Port", socket.local_port);
        detection = with_image(detection, exec);
        detection.indicator = Some(Indicator {
            ip_addresses: vec![remote],
            ..Indicator::default()
        });
        Some(detection)
    }
}
