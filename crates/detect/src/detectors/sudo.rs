//! Sudo exploitation patterns in containers, read from the command line:
//!
//! - **Abuse of Sudo For Privilege Escalation (CVE-2019-14287)**: `sudo -u#-1 …` (or
//!   `#4294967295`, also as `-u #-1`, `--user=#-1`, or in a cluster like `-nu#-1`). Sudo before
//!   1.8.28 ran such a command as root even under a rule that excludes root. Ordinary numeric
//!   users (`-u#1000`) are not reported.
//! - **Sudo Potential Privilege Escalation (CVE-2021-3156, "Baron Samedit")**: `sudoedit` (or
//!   `sudo -e`) in shell mode (`-s`/`-i`) with an argument ending in an odd number of
//!   backslashes, which overflowed sudo's argument buffer in 1.8.2–1.8.31p2 and 1.9.0–1.9.5p1.
//!   The common vulnerability check `sudoedit -s /` has no trailing backslash and is not
//!   reported.
//!
//! The patterns mean an exploitation attempt whether or not the sudo in the image is vulnerable.

use super::{quoted_argument, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Short options of sudo that take a value (the rest of the cluster, or the next argument).
const VALUE_OPTIONS: &[u8] = b"CDghpRrtTUu";
/// Long options of sudo that take a value.
const VALUE_LONG_OPTIONS: &[&str] = &[
    "close-from",
    "chdir",
    "group",
    "host",
    "prompt",
    "chroot",
    "role",
    "type",
    "command-timeout",
    "other-user",
    "user",
];

/// What sudo's options say, as far as these patterns need.
#[derive(Debug, Default, PartialEq, Eq)]
struct SudoArgs<'a> {
    /// The `-u`/`--user` value.
    user: Option<&'a str>,
    /// `-s`, `--shell`, `-i` or `--login`, as written.
    shell_mode: Option<&'a str>,
    /// `-e` or `--edit`.
    edit: bool,
    /// Index of the first argument of the command (after the options).
    command_at: Option<usize>,
}

/// Parses sudo's options the way its getopt does: clusters of short options, values attached
/// or in the next argument, `--` ending the options, the first other argument starting the
/// command.
fn parse(argv: &[String]) -> SudoArgs<'_> {
    let mut out = SudoArgs::default();
    let mut i = 1;
    while i < argv.len() {
        let arg = argv[i].as_str();
        if arg == "--" {
            out.command_at = (i + 1 < argv.len()).then_some(i + 1);
            break;
        }
        if let Some(long) = arg.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let value = if VALUE_LONG_OPTIONS.contains(&name) && value.is_none() {
                i += 1;
                argv.get(i).map(String::as_str)
            } else {
                value
            };
            match name {
                "user" => out.user = value,
                "shell" | "login" => out.shell_mode = Some(arg),
                "edit" => out.edit = true,
                _ => {}
            }
        } else if let Some(cluster) = arg.strip_prefix('-').filter(|c| !c.is_empty()) {
            for (at, c) in cluster.bytes().enumerate() {
                if VALUE_OPTIONS.contains(&c) {
                    let rest = &cluster[at + 1..];
                    let value = if rest.is_empty() {
                        i += 1;
                        argv.get(i).map(String::as_str)
                    } else {
                        Some(rest)
                    };
                    if c == b'u' {
                        out.user = value;
                    }
                    break;
                }
                match c {
                    b's' => out.shell_mode = Some("-s"),
                    b'i' => out.shell_mode = Some("-i"),
                    b'e' => out.edit = true,
                    _ => {}
                }
            }
        } else {
            out.command_at = Some(i);
            break;
        }
        i += 1;
    }
    out
}

/// `#-1` or `#4294967295` (sudo reads the number after `#` as a user ID).
fn is_minus_one_uid(user: &str) -> bool {
    user.strip_prefix('#')
        .map(str::trim)
        .is_some_and(|n| n == "-1" || n == "4294967295")
}

/// True when `arg` ends in an odd number of backslashes.
fn ends_in_lone_backslash(arg: &str) -> bool {
    arg.bytes().rev().take_while(|&c| c == b'\\').count() % 2 == 1
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct SudoDetector;

impl Detector for SudoDetector {
    fn name(&self) -> &'static str {
        "sudo"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[
            FindingType::AbuseSudoForPrivilegeEscalation,
            FindingType::SudoPotentialPrivilegeEscalation,
        ]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let as_sudoedit = ctx.names.is("sudoedit");
        if !(as_sudoedit || ctx.names.is("sudo")) {
            return None;
        }
        let container = exec.container.as_ref()?;
        let args = parse(&exec.argv);
        let where_ = container.name.as_deref().unwrap_or(&container.id);
        if let Some(user) = args.user.filter(|u| is_minus_one_uid(u)) {
            let command = args
                .command_at
                .map(|at| exec.argv[at..].join(" "))
                .unwrap_or_default();
            let summary = format!(
                "{} asked to run {} as user {user} in container {where_} (CVE-2019-14287)",
                exec.exe.path,
                if command.is_empty() {
                    "a shell"
                } else {
                    command.as_str()
                }
            );
            let detection = Detection::new(FindingType::AbuseSudoForPrivilegeEscalation, summary)
                .with_property("Cve", "CVE-2019-14287")
                .with_property("Sudo_Target_User", user)
                .with_property("Sudo_Command", quoted_argument(&command));
            return Some(with_image(detection, exec));
        }
        let mode = args.shell_mode?;
        if !(as_sudoedit || args.edit) {
            return None;
        }
        let (index, arg) = exec
            .argv
            .iter()
            .enumerate()
            .skip(1)
            .find(|(_, a)| ends_in_lone_backslash(a))?;
        let summary = format!(
            "{} started in shell mode ({mode}) as sudoedit with argument {index} ending in a \
             backslash in container {where_} (CVE-2021-3156)",
            exec.exe.path
        );
        let detection = Detection::new(FindingType::SudoPotentialPrivilegeEscalation, summary)
            .with_property("Cve", "CVE-2021-3156")
            .with_property("Sudo_Mode", mode)
            .with_property("Backslash_Argument_Index", index as u64)
            .with_property("Backslash_Argument", quoted_argument(arg));
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::super::QUOTED_ARGUMENT_CHARS;
    use super::*;

    fn argv(line: &[&str]) -> Vec<String> {
        line.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn reads_the_target_user_however_it_is_written() {
        for line in [
            &["sudo", "-u#-1", "id"][..],
            &["sudo", "-u", "#-1", "id"],
            &["sudo", "--user=#-1", "id"],
            &["sudo", "--user", "#-1", "id"],
            &["sudo", "-nu#-1", "id"],
            &["sudo", "-n", "-u", "#-1", "--", "id"],
        ] {
            let a = argv(line);
            let p = parse(&a);
            assert_eq!(p.user, Some("#-1"), "{line:?}");
            assert_eq!(p.command_at.map(|i| a[i].as_str()), Some("id"), "{line:?}");
        }
        assert!(is_minus_one_uid("#-1"));
        assert!(is_minus_one_uid("#4294967295"));
        assert!(!is_minus_one_uid("#1000"));
        assert!(!is_minus_one_uid("-1"));
        assert!(!is_minus_one_uid("postgres"));
        // A value option swallows what follows it: `-g` takes "#-1" as a group here.
        assert_eq!(parse(&argv(&["sudo", "-g", "#-1", "id"])).user, None);
        // After the command starts, options belong to the command.
        assert_eq!(parse(&argv(&["sudo", "id", "-u#-1"])).user, None);
    }

    #[test]
    fn shell_mode_and_trailing_backslashes() {
        let a = argv(&["sudoedit", "-s", "\\", "AAAA"]);
        assert_eq!(parse(&a).shell_mode, Some("-s"));
        let a = argv(&["sudo", "-e", "--login", "x"]);
        let p = parse(&a);
        assert!(p.edit);
        assert_eq!(p.shell_mode, Some("--login"));
        assert!(ends_in_lone_backslash("\\"));
        assert!(ends_in_lone_backslash("AAAA\\"));
        assert!(ends_in_lone_backslash("a\\\\\\"));
        assert!(!ends_in_lone_backslash("a\\\\"));
        assert!(!ends_in_lone_backslash("/"));
    }

    #[test]
    fn long_arguments_are_quoted_with_a_bound() {
        let long = "A".repeat(70_000) + "\\";
        let q = quoted_argument(&long);
        assert_eq!(q.chars().count(), QUOTED_ARGUMENT_CHARS + 1);
        assert!(q.ends_with('…'));
        assert_eq!(quoted_argument("short"), "short");
    }
}
