//! Search Private Keys or Passwords: a search tool (grep and friends, find, locate, fd) starts
//! inside a container hunting for secrets:
//!
//! - private-key markers and key file names, in any search: [`KEY_MARKERS`];
//! - password words, in recursive searches only (`grep -r`/`-R`/`--recursive`, and the tools that
//!   always recurse: rg, ag, ack, find, locate, fd): [`PASSWORD_WORDS`]. `grep password app.conf`
//!   on one file is ordinary and not reported.
//!
//! Matching is ASCII case-insensitive. A search under an ancestor (same container) that already
//! matched is not reported again.

use super::{
    ancestor_in_container_matches, argument_containing, quoted_argument, search_tool, with_image,
};
use shrike_core::event::ExecEvent;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// Private-key markers and key file names (lower case).
pub const KEY_MARKERS: &[&str] = &[
    "private key",
    "begin openssh private",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.kdbx",
    ".git-credentials",
    ".pgpass",
    ".netrc",
    "authorized_keys",
    "wallet.dat",
];

/// Password words, looked for in recursive searches (lower case).
pub const PASSWORD_WORDS: &[&str] = &[
    "password", "passwd", "pwd=", "secret", "api_key", "apikey", "token=",
];

/// True when the search walks directories: the tools that always do, or grep with `-r`, `-R`,
/// `--recursive`, `--dereference-recursive` or `-d recurse`.
fn recursive(exec: &ExecEvent, tool: &str) -> bool {
    if !matches!(tool, "grep" | "egrep" | "fgrep") {
        return true;
    }
    exec.argv.iter().skip(1).enumerate().any(|(i, a)| {
        a == "--recursive"
            || a == "--dereference-recursive"
            || a == "--directories=recurse"
            || (a == "-d" && exec.argv.get(i + 2).is_some_and(|v| v == "recurse"))
            || (a.starts_with('-')
                && !a.starts_with("--")
                && a[1..]
                    .bytes()
                    .take_while(u8::is_ascii_alphabetic)
                    .any(|c| c == b'r' || c == b'R'))
    })
}

/// (tool, marker, argument) when `exec` hunts for keys or passwords.
fn secret_search<'e>(
    exec: &'e ExecEvent,
    names: shrike_core::event::ProcessNames<'_>,
) -> Option<(&'static str, &'static str, &'e str)> {
    let tool = search_tool(names)?;
    if let Some((marker, arg)) = argument_containing(exec, KEY_MARKERS) {
        return Some((tool, marker, arg));
    }
    if recursive(exec, tool) {
        if let Some((word, arg)) = argument_containing(exec, PASSWORD_WORDS) {
            return Some((tool, word, arg));
        }
    }
    None
}

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrivateKeySearchDetector;

impl Detector for PrivateKeySearchDetector {
    fn name(&self) -> &'static str {
        "private-keys"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::SearchPrivateKeysOrPasswords]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let (tool, marker, arg) = secret_search(exec, ctx.names)?;
        if ancestor_in_container_matches(ctx, |a, names| secret_search(a, names).is_some()) {
            return None;
        }
        let summary = format!(
            "{tool} searched for secrets ({marker:?}) in container {}",
            container.name.as_deref().unwrap_or(&container.id)
        );
        let detection = Detection::new(FindingType::SearchPrivateKeysOrPasswords, summary)
            .with_property("Search_Tool", tool)
            .with_property("Search_Pattern", marker)
            .with_property("Search_Argument", quoted_argument(arg));
        Some(with_image(detection, exec))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(argv: &[&str]) -> Option<&'static str> {
        let mut e = ExecEvent::default();
        e.exe.path = format!("/usr/bin/{}", argv[0]);
        e.argv = argv.iter().map(|s| (*s).to_owned()).collect();
        secret_search(&e, e.names()).map(|(_, m, _)| m)
    }

    #[test]
    fn key_hunts_and_recursive_password_hunts() {
        assert_eq!(
            search(&["grep", "-rl", "BEGIN RSA PRIVATE KEY", "/"]),
            Some("private key")
        );
        assert_eq!(search(&["find", "/", "-name", "id_rsa*"]), Some("id_rsa"));
        assert_eq!(search(&["find", "/home", "-name", "*.pem"]), Some("*.pem"));
        assert_eq!(
            search(&["grep", "-Rni", "password", "/var/www"]),
            Some("password")
        );
        assert_eq!(
            search(&["grep", "--recursive", "-i", "Secret", "."]),
            Some("secret")
        );
        assert_eq!(search(&["rg", "-i", "api_key"]), Some("api_key"));
        assert_eq!(
            search(&["grep", "-d", "recurse", "passwd", "/etc"]),
            Some("passwd")
        );
    }

    #[test]
    fn ordinary_searches_are_not_secret_hunts() {
        assert_eq!(search(&["grep", "password", "/etc/app.conf"]), None);
        assert_eq!(
            search(&["grep", "-i", "-e", "error", "/var/log/app.log"]),
            None
        );
        assert_eq!(search(&["find", "/app", "-name", "*.py"]), None);
        assert_eq!(
            search(&["cat", "/root/.ssh/id_rsa"]),
            None,
            "not a search tool"
        );
        assert_eq!(search(&["grep", "--color=auto", "passwd", "x"]), None);
    }
}
