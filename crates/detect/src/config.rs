//! Engine configuration.

use shrike_core::process_table::ProcessTableLimits;

/// Where `createTime` comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CreateTime {
    /// The event's own time: replays are byte-for-byte deterministic.
    #[default]
    EventTime,
    /// The wall clock when the finding is built (live sensing).
    Now,
}

/// How findings are named and which detectors run.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// `projects/{project}/…` in finding names.
    pub project: String,
    /// `…/sources/{source}/…` in finding names.
    pub source: String,
    /// The host the events come from (part of resource names and finding ids).
    pub host: String,
    /// Where `createTime` comes from.
    pub create_time: CreateTime,
    /// Replaces the Possible Remote Command Execution command list.
    pub remote_commands: Option<Vec<String>>,
    /// Replaces the compiler tool list.
    pub compiler_tools: Option<Vec<String>>,
    /// Replaces the Unexpected Child Shell parent list.
    pub shell_parents: Option<Vec<String>>,
    /// Detector names (see [`crate::DETECTOR_NAMES`]) not to run.
    pub disabled: Vec<String>,
    /// Process table bounds.
    pub table_limits: ProcessTableLimits,
}

impl Default for EngineConfig {
    fn default() -> Self {
        Self {
            project: "local".into(),
            source: "shrike".into(),
            host: "localhost".into(),
            create_time: CreateTime::EventTime,
            remote_commands: None,
            compiler_tools: None,
            shell_parents: None,
            disabled: Vec::new(),
            table_limits: ProcessTableLimits::default(),
        }
    }
}

/// The lists of program names a user can replace (`--remote-commands`, `--compiler-tools`,
/// `--shell-parents` and their configuration keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameList {
    /// Possible Remote Command Execution's commands: exact file names.
    RemoteCommands,
    /// Launch Code Compiler Tool's tools: a file name, optionally followed by one subcommand.
    CompilerTools,
    /// Unexpected Child Shell's parents: exact file names, or a prefix ending in `*`.
    ShellParents,
}

/// Checks one entry of a name list. These lists are detection rules, so an entry that can never
/// match, or that matches every process, is refused with the reason rather than silently
/// weakening or flooding the detector.
pub fn check_name(list: NameList, entry: &str) -> Result<(), String> {
    if entry.trim().is_empty() {
        return Err("an empty name matches nothing".into());
    }
    if entry.trim() != entry {
        return Err(format!(
            "`{entry}` has spaces around it; names are compared exactly (a comma-separated \
             list takes no spaces)"
        ));
    }
    if entry.chars().any(char::is_control) {
        return Err(format!(
            "`{}` holds a control character",
            entry.escape_default()
        ));
    }
    let words: Vec<&str> = entry.split_whitespace().collect();
    let name = words[0];
    if name.contains('/') {
        let base = name.rsplit('/').next().unwrap_or_default();
        return Err(format!(
            "`{name}` is a path; names are compared with the program's file name (give `{base}`)"
        ));
    }
    if name.len() > 255 {
        return Err(format!("`{name}` is longer than a file name can be"));
    }
    match list {
        NameList::CompilerTools if words.len() > 2 => Err(format!(
            "`{entry}`: an entry is a tool's name, optionally followed by one subcommand \
             (`go build`)"
        )),
        NameList::ShellParents => match entry.find('*') {
            Some(0) if entry == "*" => {
                Err("`*` alone would make every process an unexpected parent of shells".into())
            }
            Some(at) if at + 1 != entry.len() => Err(format!(
                "`{entry}`: `*` is allowed only at the end, for a prefix (`php-fpm*`)"
            )),
            _ => Ok(()),
        },
        _ if entry.contains('*') => Err(format!(
            "`{entry}`: `*` is a wildcard only in the shell-parents list; here names are exact"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{check_name, NameList};

    #[test]
    fn entries_that_cannot_match_or_match_everything_are_refused_with_why() {
        use NameList::*;
        for (list, entry, why) in [
            (RemoteCommands, "", "empty name"),
            (ShellParents, "  ", "empty name"),
            (CompilerTools, " cc", "spaces around it"),
            (RemoteCommands, "nc\u{1b}[2J", "control character"),
            (CompilerTools, "/usr/bin/gcc", "give `gcc`"),
            (ShellParents, "bin/nginx*", "give `nginx*`"),
            (CompilerTools, "go build -o", "one subcommand"),
            (ShellParents, "*", "every process"),
            (ShellParents, "php*fpm", "only at the end"),
            (RemoteCommands, "nc*", "only in the shell-parents list"),
        ] {
            let err = check_name(list, entry).unwrap_err();
            assert!(err.contains(why), "{entry:?}: {err}");
        }
        assert!(check_name(RemoteCommands, &"x".repeat(256)).is_err());
    }

    #[test]
    fn the_documented_kinds_of_entries_are_accepted() {
        use NameList::*;
        for (list, entry) in [
            (RemoteCommands, "nc"),
            (RemoteCommands, "busybox"),
            (CompilerTools, "gcc"),
            (CompilerTools, "go build"),
            (ShellParents, "nginx"),
            (ShellParents, "php-fpm*"),
            (ShellParents, "Web Content"),
        ] {
            assert_eq!(check_name(list, entry), Ok(()), "{entry}");
        }
    }
}
