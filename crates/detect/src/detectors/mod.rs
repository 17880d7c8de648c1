//! One module per finding type. Each detector is a pure function of one exec event and the
//! process table: no I/O, no clocks, no hidden state (dedup lives in the process table).

pub mod compiler;
pub mod malicious_binary;
pub mod malicious_python;
pub mod remote_command;
pub mod reverse_shell;
pub mod stratum;
pub mod sudo;

use shrike_core::event::{basename, ExecEvent, SocketInfo};
use shrike_core::Detection;

/// Shells whose stdio tells where commands come from.
pub(crate) const SHELLS: &[&str] = &[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "pdksh", "yash", "fish", "tcsh", "csh",
    "busybox",
];

/// Multi-call binaries whose `argv[0]` names the applet that runs.
const MULTI_CALL: &[&str] = &["busybox", "toybox"];

/// The names a process goes by: its executable's basename, and `argv[0]`'s basename (without a
/// login shell's leading `-`) when that differs. Multi-call binaries (busybox) run the applet
/// named by `argv[0]`, so both names are needed.
pub(crate) fn process_names(exec: &ExecEvent) -> (&str, Option<&str>) {
    let exe = exec.exe_name();
    let argv0 = exec
        .argv
        .first()
        .map(|a| basename(a).trim_start_matches('-'))
        .filter(|a| !a.is_empty() && *a != exe);
    (exe, argv0)
}

/// True when the process is a shell (a busybox shell applet counts).
pub(crate) fn is_shell(exec: &ExecEvent) -> bool {
    let (exe, argv0) = process_names(exec);
    if MULTI_CALL.contains(&exe) {
        return argv0.is_some_and(|a| SHELLS.contains(&a) && a != "busybox");
    }
    SHELLS.contains(&exe)
}

/// The connected inet socket on stdio, preferring stdin, then stdout, then stderr.
pub(crate) fn connected_stdio_socket(exec: &ExecEvent) -> Option<(u8, &SocketInfo)> {
    exec.stdio.iter().enumerate().find_map(|(fd, s)| {
        s.inet_socket()
            .filter(|s| s.is_connected())
            .map(|s| (fd as u8, s))
    })
}

pub(crate) fn fd_name(fd: u8) -> &'static str {
    match fd {
        0 => "stdin",
        1 => "stdout",
        _ => "stderr",
    }
}

pub(crate) fn ip_string(ip: Option<std::net::IpAddr>) -> String {
    ip.map(|ip| ip.to_string()).unwrap_or_default()
}

/// Adds the image URI, which every container finding carries.
pub(crate) fn with_image(detection: Detection, exec: &ExecEvent) -> Detection {
    let image = exec
        .container
        .as_ref()
        .and_then(|c| c.image.clone())
        .unwrap_or_default();
    detection.with_property("Container_Image_Uri", image)
}
