//! One module per finding type. Each detector is a pure function of one exec (or library) event and the
//! process table: no I/O, no clocks, no hidden state (dedup lives in the process table).

pub mod added_binary;
pub mod added_library;
pub mod base64_cmdline;
pub mod child_shell;
pub mod compiler;
pub mod container_escape;
pub mod file_copy;
pub mod fileless;
pub mod gcp_credentials;
pub mod k8s_attack_tools;
pub mod malicious_binary;
pub mod malicious_library;
pub mod malicious_python;
pub mod malicious_script;
pub mod netcat;
pub mod polkit;
pub mod private_keys;
pub mod recon_tools;
pub mod remote_command;
pub mod reverse_shell;
pub mod socat;
pub mod stratum;
pub mod sudo;

use shrike_core::event::{basename, ExecEvent, ProcessNames, SocketInfo, MULTI_CALL_BINARIES};
use shrike_core::Detection;

/// Shells whose stdio tells where commands come from.
pub(crate) static SHELLS: NameList = NameList::new(&[
    "sh", "bash", "dash", "ash", "zsh", "ksh", "mksh", "pdksh", "yash", "fish", "tcsh", "csh",
    "busybox",
]);

/// True when the process is a shell (a busybox shell applet counts).
pub(crate) fn is_shell(exec: &ExecEvent) -> bool {
    is_shell_named(exec.names())
}

/// [`is_shell`] with the process's names already worked out.
pub(crate) fn is_shell_named(names: ProcessNames<'_>) -> bool {
    let ProcessNames { exe, argv0 } = names;
    if MULTI_CALL_BINARIES.contains(&exe) {
        return argv0.is_some_and(|a| a != "busybox" && SHELLS.exact(a).is_some());
    }
    SHELLS.exact(exe).is_some()
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

/// How a tool was recognised by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MatchedBy {
    /// The executable's file name.
    Executable,
    /// `argv[0]`.
    Argv0,
    /// The script a shell or interpreter was asked to run (`sh linpeas.sh`).
    Script,
}

impl MatchedBy {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Executable => "executable",
            MatchedBy::Argv0 => "argv0",
            MatchedBy::Script => "script",
        }
    }
}

/// `name` without a `.sh`, `.py` or `.pl` extension (any case), if it has one.
fn script_stem(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    let cut = b.len().checked_sub(3).filter(|&c| c > 0)?;
    [".sh", ".py", ".pl"]
        .iter()
        .any(|ext| b[cut..].eq_ignore_ascii_case(ext.as_bytes()))
        .then(|| &name[..cut])
}

/// A fixed list of process or tool names (lower case) with a screen that turns most names away
/// before any comparison: a bit for each (first letter, length modulo 8) its entries have. Every
/// exec is looked up in several lists, by executable, `argv[0]` and script name, and almost none
/// is in any.
#[derive(Debug)]
pub(crate) struct NameList {
    names: &'static [&'static str],
    /// Bit [`cell`] of each entry's first byte and length.
    cells: [u64; 4],
}

/// A map from configured names (exact, any case as given) to values, for lists set at start
/// and looked up on every exec: entries are grouped by their [`cell`], so a lookup compares the
/// name with the one or two entries that share its first letter and length modulo 8, and hashes
/// nothing.
#[derive(Debug, Clone)]
pub(crate) struct NameMap<V> {
    /// Entries sorted by cell.
    entries: Vec<(Box<str>, V)>,
    /// Cell `c`'s entries are `entries[starts[c]..starts[c + 1]]`.
    starts: Box<[u32; 257]>,
}

impl<V> NameMap<V> {
    /// The map of `entries`; of entries with the same name, the first is kept.
    pub(crate) fn new(entries: impl IntoIterator<Item = (Box<str>, V)>) -> Self {
        let mut list: Vec<(Box<str>, V)> = Vec::new();
        for (name, value) in entries {
            if !name.is_empty() && !list.iter().any(|(n, _)| *n == name) {
                list.push((name, value));
            }
        }
        let cell_of = |name: &str| cell(name.as_bytes()[0], name.len());
        list.sort_by_key(|(name, _)| cell_of(name));
        let mut starts = Box::new([0u32; 257]);
        for (name, _) in &list {
            starts[cell_of(name) + 1] += 1;
        }
        for c in 0..256 {
            starts[c + 1] += starts[c];
        }
        Self {
            entries: list,
            starts,
        }
    }

    /// The value for exactly `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&V> {
        let &first = name.as_bytes().first()?;
        let c = cell(first, name.len());
        let (from, to) = (self.starts[c] as usize, self.starts[c + 1] as usize);
        self.entries
            .get(from..to)?
            .iter()
            .find(|(n, _)| **n == *name)
            .map(|(_, v)| v)
    }

    /// True when `name` is in the map.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

impl NameList {
    pub(crate) const fn new(names: &'static [&'static str]) -> Self {
        let mut cells = [0u64; 4];
        let mut i = 0;
        while i < names.len() {
            // An empty entry sets nothing: no name is empty.
            if let Some(&first) = names[i].as_bytes().first() {
                let c = cell(first, names[i].len());
                cells[c / 64] |= 1 << (c % 64);
            }
            i += 1;
        }
        Self { names, cells }
    }

    /// False when no entry could start with `first` (either case) and be `len` bytes long.
    fn may_hold(&self, first: u8, len: usize) -> bool {
        let c = cell(first, len);
        self.cells[c / 64] & (1 << (c % 64)) != 0
    }

    /// The entry that is exactly `name`.
    pub(crate) fn exact(&self, name: &str) -> Option<&'static str> {
        let &first = name.as_bytes().first()?;
        if !self.may_hold(first, name.len()) {
            return None;
        }
        self.names.iter().copied().find(|t| *t == name)
    }

    /// The entry either of `names` is, exactly; the list's earlier entry when both are
    /// (`nc.traditional` run as `nc` is `nc`, listed first).
    pub(crate) fn named(&self, names: ProcessNames<'_>) -> Option<&'static str> {
        let by_exe = self.exact(names.exe);
        let Some(by_argv0) = names.argv0.and_then(|a| self.exact(a)) else {
            return by_exe;
        };
        let Some(by_exe) = by_exe else {
            return Some(by_argv0);
        };
        self.names
            .iter()
            .copied()
            .find(|&t| t == by_exe || t == by_argv0)
    }

    /// The entry `name` is, compared ASCII case-insensitively, with or without a `.sh`, `.py`
    /// or `.pl` extension. Allocates nothing; the extension is looked at only when an entry
    /// could be the name without it.
    fn tool(&self, name: &str) -> Option<&'static str> {
        let &first = name.as_bytes().first()?;
        let whole = self.may_hold(first, name.len());
        let stem = match name.len().checked_sub(3) {
            Some(len) if self.may_hold(first, len) => script_stem(name),
            _ => None,
        };
        if !whole && stem.is_none() {
            return None;
        }
        self.names.iter().copied().find(|t| {
            (whole && name.eq_ignore_ascii_case(t))
                || stem.is_some_and(|s| s.eq_ignore_ascii_case(t))
        })
    }
}

/// The screen's bit for a name starting with `first` and `len` bytes long: the first byte's low
/// five bits (a letter's, in either case) and the length modulo 8.
const fn cell(first: u8, len: usize) -> usize {
    ((first.to_ascii_lowercase() & 31) as usize) << 3 | (len & 7)
}

/// ASCII case-insensitive substring test; `needle` is lower case.
pub(crate) fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    find_ignore_case(haystack.as_bytes(), needle.as_bytes()).is_some()
}

/// Where `needle` (lower case, not empty) first occurs in `haystack`, ASCII case-insensitively.
/// Only positions holding the needle's first byte (in either case) are compared.
pub(crate) fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, _) = needle.split_first()?;
    let upper = first.to_ascii_uppercase();
    let last_start = haystack.len().checked_sub(needle.len())?;
    // memchr finds the candidates a word at a time; most arguments hold none.
    memchr::memchr2_iter(first, upper, &haystack[..last_start + needle.len()])
        .take_while(|&i| i <= last_start)
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// True for shells and the interpreters whose first non-option argument is a script to run.
fn runs_scripts(name: &str) -> bool {
    SHELLS.exact(name).is_some() || name.starts_with("python") || name.starts_with("perl")
}

/// The script file a shell or interpreter runs: its first argument that is not an option, unless
/// an option (`-c`, `-e`, `-m`) says the code or module comes from elsewhere.
fn script_argument(exec: &ExecEvent) -> Option<&str> {
    for arg in exec.argv.iter().skip(1) {
        match arg.as_str() {
            "-c" | "-e" | "-E" | "-m" | "-" => return None,
            a if a.starts_with('-') => continue,
            a => return Some(basename(a)),
        }
    }
    None
}

/// The entry of `list` (lower case, without extension) that names this process — by executable,
/// by `argv[0]`, or by the script a shell or interpreter runs — and how it matched.
pub(crate) fn named_tool(
    exec: &ExecEvent,
    names: ProcessNames<'_>,
    list: &NameList,
) -> Option<(&'static str, MatchedBy)> {
    let ProcessNames { exe, argv0 } = names;
    let find = |name: &str| list.tool(name);
    if let Some(t) = find(exe) {
        return Some((t, MatchedBy::Executable));
    }
    if let Some(t) = argv0.and_then(find) {
        return Some((t, MatchedBy::Argv0));
    }
    if runs_scripts(exe) || argv0.is_some_and(runs_scripts) {
        if let Some(t) = script_argument(exec).and_then(find) {
            return Some((t, MatchedBy::Script));
        }
    }
    None
}

/// True when an ancestor of the exec (within 8 levels, in the same container) satisfies
/// `matched` (given its image and names): a detector reports the outermost process of an attack,
/// not each process under it.
pub(crate) fn ancestor_in_container_matches(
    ctx: &shrike_core::DetectionContext<'_>,
    matched: impl Fn(&ExecEvent, ProcessNames<'_>) -> bool,
) -> bool {
    ctx.container_ancestors()
        .iter()
        .any(|a| matched(a.exec, a.names))
}

/// The bound on an argument quoted in a finding (exploits pass arguments of tens of kilobytes).
pub(crate) const QUOTED_ARGUMENT_CHARS: usize = 256;

/// An argument quoted in a finding: at most [`QUOTED_ARGUMENT_CHARS`] characters, marked with
/// `…` when cut.
pub(crate) fn quoted_argument(arg: &str) -> String {
    match arg.char_indices().nth(QUOTED_ARGUMENT_CHARS) {
        Some((cut, _)) => format!("{}…", &arg[..cut]),
        None => arg.to_owned(),
    }
}

/// Search tools: what secret-hunting command lines run.
pub(crate) static SEARCH_TOOLS: NameList = NameList::new(&[
    "grep", "egrep", "fgrep", "rg", "ag", "ack", "find", "locate", "mlocate", "plocate", "fd",
    "fdfind",
]);

/// The search tool this process is (by executable or `argv[0]`), if any.
pub(crate) fn search_tool(names: ProcessNames<'_>) -> Option<&'static str> {
    SEARCH_TOOLS.named(names)
}

/// The first of `needles` (lower case) found in an argument after `argv[0]`, ASCII
/// case-insensitively: (needle, argument).
pub(crate) fn argument_containing<'e>(
    exec: &'e ExecEvent,
    needles: &[&'static str],
) -> Option<(&'static str, &'e str)> {
    exec.argv.iter().skip(1).find_map(|arg| {
        needles
            .iter()
            .copied()
            .find(|n| contains_ignore_case(arg, n))
            .map(|n| (n, arg.as_str()))
    })
}

/// The finding for a process named like an entry of `list` inside a container (see
/// [`named_tool`]), unless an ancestor in the same container already was one. `what` describes
/// the list in the summary ("local reconnaissance tool").
pub(crate) fn named_tool_detection(
    exec: &ExecEvent,
    ctx: &shrike_core::DetectionContext<'_>,
    list: &NameList,
    finding_type: shrike_core::FindingType,
    what: &str,
) -> Option<Detection> {
    let container = exec.container.as_ref()?;
    let (tool, how) = named_tool(exec, ctx.names, list)?;
    if ancestor_in_container_matches(ctx, |a, names| named_tool(a, names, list).is_some()) {
        return None;
    }
    let summary = format!(
        "{what} {tool} started in container {} ({}, recognised by its {} name)",
        container.name.as_deref().unwrap_or(&container.id),
        exec.exe.path,
        match how {
            MatchedBy::Executable => "executable",
            MatchedBy::Argv0 => "argv[0]",
            MatchedBy::Script => "script",
        }
    );
    let detection = Detection::new(finding_type, summary)
        .with_property("Tool_Name", tool)
        .with_property("Tool_Matched_By", how.as_str());
    Some(with_image(detection, exec))
}

/// A layer's name in findings (`Binary_Layer`).
pub(crate) fn layer_name(layer: shrike_core::event::Layer) -> &'static str {
    use shrike_core::event::Layer;
    match layer {
        Layer::Unknown => "unknown",
        Layer::Lower => "lower",
        Layer::Upper => "upper",
        Layer::CopiedUp => "copied_up",
        Layer::Host => "host",
        Layer::Memfd => "memfd",
    }
}

/// `len` bytes drawn from `alphabet` by a xorshift generator whose state is `state`: the
/// random inputs the scanners' tests compare against plain definitions.
#[cfg(test)]
pub(crate) fn random_text(alphabet: &[u8], len: usize, state: &mut u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            alphabet[(*state % alphabet.len() as u64) as usize]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition `find_ignore_case` must agree with.
    fn naive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
        if needle.is_empty() {
            return None;
        }
        haystack
            .windows(needle.len())
            .position(|w| w.eq_ignore_ascii_case(needle))
    }

    #[test]
    fn tool_lists_are_lower_case_and_match_any_case_with_or_without_extension() {
        for list in [
            &recon_tools::RECON_TOOLS,
            &k8s_attack_tools::K8S_ATTACK_TOOLS,
            &container_escape::ESCAPE_TOOLS,
        ] {
            for &tool in list.names {
                assert!(
                    !tool.is_empty() && tool == tool.to_ascii_lowercase(),
                    "{tool}"
                );
                assert_eq!(list.tool(tool), Some(tool));
                assert_eq!(list.tool(&tool.to_ascii_uppercase()), Some(tool));
                assert_eq!(list.tool(&format!("{tool}.Sh")), Some(tool));
            }
        }
        assert_eq!(recon_tools::RECON_TOOLS.tool(""), None);
        assert_eq!(recon_tools::RECON_TOOLS.tool("ls"), None);
    }

    #[test]
    fn name_list_screens_only_names_no_entry_could_be() {
        static LIST: NameList = NameList::new(&["nc", "ncat", "nc.openbsd", "x"]);
        for name in ["nc", "ncat", "nc.openbsd", "x"] {
            assert_eq!(LIST.exact(name), Some(name));
        }
        // Right first byte, wrong length; right length, wrong first byte; a prefix; upper case.
        for name in ["nca", "ab", "n", "NC", "", "é"] {
            assert_eq!(LIST.exact(name), None, "{name}");
        }
        // Both names listed: the earlier entry, as a scan of the list would find.
        let names = |exe, argv0| ProcessNames { exe, argv0 };
        assert_eq!(LIST.named(names("nc.openbsd", Some("nc"))), Some("nc"));
        assert_eq!(LIST.named(names("nc", Some("nc.openbsd"))), Some("nc"));
        assert_eq!(LIST.named(names("busybox", Some("ncat"))), Some("ncat"));
        assert_eq!(LIST.named(names("x", None)), Some("x"));
        assert_eq!(LIST.named(names("y", Some("z"))), None);
        // Lengths 8 apart share a bit, and still compare in full.
        static LONG: NameList = NameList::new(&[
            "a-tool-with-a-name-much-longer-than-sixty-four-bytes-so-it-shares-a-bit",
        ]);
        assert!(LONG.exact(LONG.names[0]).is_some());
        assert_eq!(
            LONG.exact("a-tool-with-a-name-much-longer-than-sixty-four-bytes-so-it-shares-a-bi!"),
            None
        );
        // Case-insensitive tool names: the screen must let the stem's length through.
        static TOOLS: NameList = NameList::new(&["linpeas", "pspy64"]);
        assert_eq!(TOOLS.tool("LinPEAS.sh"), Some("linpeas"));
        assert_eq!(TOOLS.tool("pspy64.PY"), Some("pspy64"));
        assert_eq!(TOOLS.tool("linpeas.rb"), None);
        // Agrees with a plain scan over every short name from a small alphabet.
        let alphabet = b"ncatx.";
        let mut names = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |&c| format!("{n}{}", c as char)))
                .collect();
            names.extend(longer);
        }
        for name in &names {
            let plain = LIST.names.iter().copied().find(|t| t == name);
            assert_eq!(LIST.exact(name), plain, "{name}");
        }
    }

    #[test]
    fn name_maps_find_exactly_their_names() {
        let names = [
            "id",
            "ls",
            "cat",
            "curl",
            "ip",
            "cc",
            "c++",
            "x86_64-linux-gnu-gcc",
            "Ld",
            "id",
        ];
        let map = NameMap::new(names.iter().enumerate().map(|(i, n)| (Box::from(*n), i)));
        // Duplicates keep their first value.
        assert_eq!(map.get("id"), Some(&0));
        assert_eq!(map.entries.len(), names.len() - 1);
        for (i, name) in names.iter().enumerate().take(names.len() - 1) {
            assert_eq!(map.get(name), Some(&i), "{name}");
        }
        // Exact: no other case, no prefix, nothing that merely shares a cell.
        for other in ["ID", "LD", "ld", "i", "cu", "curl2", "", "ab", "c+", "qq"] {
            assert_eq!(map.get(other), None, "{other}");
        }
        // Agrees with a plain search over every short name from a small alphabet.
        let alphabet = ["i", "d", "l", "s", "c", "+"];
        let mut all = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = all
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            all.extend(longer);
        }
        for name in &all {
            let plain = names.iter().position(|n| n == name);
            assert_eq!(map.get(name), plain.as_ref(), "{name}");
        }
        let empty: NameMap<()> = NameMap::new([]);
        assert!(!empty.contains("id"));
    }

    #[test]
    fn find_ignore_case_agrees_with_the_plain_definition() {
        let needles: [&[u8]; 5] = [b"stratum", b"s", b".aws/credentials", b"id_rsa", b"-----"];
        let alphabet = b"sStTrRaAuUmM.-_/ id_rsaIDRSA\xc3\xa9";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for len in 0..48 {
            for _ in 0..200 {
                let hay = random_text(alphabet, len, &mut x);
                for needle in needles {
                    assert_eq!(
                        find_ignore_case(&hay, needle),
                        naive(&hay, needle),
                        "{:?} in {:?}",
                        String::from_utf8_lossy(needle),
                        String::from_utf8_lossy(&hay)
                    );
                }
            }
        }
        assert_eq!(find_ignore_case(b"xx STRATUM+tcp", b"stratum"), Some(3));
        assert_eq!(find_ignore_case(b"stratu", b"stratum"), None);
        assert_eq!(find_ignore_case(b"anything", b""), None);
    }
}
