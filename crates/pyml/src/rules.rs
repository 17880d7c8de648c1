//! The rule baseline the model is compared against: five GuardDog-style source patterns
//! (plain substring tests, no model). A file is flagged when any rule matches.

/// A rule: its name and its test over the whole source text.
pub type Rule = (&'static str, fn(&str) -> bool);

/// The rules.
pub const RULES: &[Rule] = &[
    ("obfuscated-exec", |s| {
        has_any(s, &["exec(", "eval("])
            && has_any(
                s,
                &[
                    "b64decode",
                    "decompress(",
                    "fromhex",
                    "unhexlify",
                    "marshal.loads",
                ],
            )
    }),
    ("download-executable", |s| {
        has_any(s, &["urlopen(", "urlretrieve(", "requests.get(", "wget "])
            && has_any(
                s,
                &["chmod", "os.system(", "subprocess.", "startfile(", "Popen("],
            )
    }),
    ("exfiltrate-sensitive-data", |s| {
        has_any(
            s,
            &[
                "discord.com/api/webhooks",
                "discordapp.com/api/webhooks",
                "api.telegram.org",
                "pastebin.com",
                "ngrok",
                "webhook.site",
            ],
        ) || (has_any(
            s,
            &[
                "os.environ",
                "gethostname(",
                "getuser(",
                ".ssh/",
                ".aws/credentials",
            ],
        ) && has_any(s, &["requests.post(", "urlopen(", ".sendall("]))
    }),
    ("cmd-overwrite", |s| {
        s.contains("cmdclass") && has_any(s, &["os.system(", "subprocess.", "urlopen(", "exec("])
    }),
    ("reverse-shell", |s| {
        s.contains("socket")
            && has_any(s, &["dup2(", "subprocess.", "pty.spawn("])
            && has_any(s, &["/bin/sh", "/bin/bash", "pty.spawn(", "cmd.exe"])
    }),
];

fn has_any(s: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| s.contains(n))
}

/// The names of the rules that match `src`.
pub fn matches(src: &str) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|(_, f)| f(src))
        .map(|(n, _)| *n)
        .collect()
}
