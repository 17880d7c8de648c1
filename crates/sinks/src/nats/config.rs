use std::fmt;

/// Where a NATS sink publishes: `nats://[USER:PASS@]HOST:PORT/SUBJECT`, with an optional
/// `?spool_max_mb=N` bounding its on-disk spool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NatsSinkConfig {
    /// The server, `nats://[USER:PASS@]HOST:PORT`.
    pub server: String,
    /// The base subject (`shrike.findings`); findings go to `SUBJECT.<category>`.
    pub subject: String,
    /// The spool's bound in bytes, when given.
    pub spool_max_bytes: Option<u64>,
}

/// Checks a subject: dot-separated tokens of letters, digits, `-` and `_`; no wildcards.
pub(crate) fn check_subject(subject: &str) -> Result<(), String> {
    if subject.is_empty() {
        return Err("missing subject (nats://HOST:PORT/SUBJECT)".into());
    }
    for (i, token) in subject.split('.').enumerate() {
        if token.is_empty() {
            return Err(format!("subject {subject:?}: token {} is empty", i + 1));
        }
        if let Some(c) = token
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(format!(
                "subject {subject:?}: {c:?} is not allowed (letters, digits, `-`, `_` and `.` between tokens; no wildcards)"
            ));
        }
    }
    Ok(())
}

impl NatsSinkConfig {
    /// Parses a whole `nats://…` spec.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let rest = spec
            .strip_prefix("nats://")
            .ok_or_else(|| "expected nats://HOST:PORT/SUBJECT".to_owned())?;
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (host, subject) = rest.split_once('/').ok_or_else(|| {
            "missing /SUBJECT after the server (nats://HOST:PORT/SUBJECT)".to_owned()
        })?;
        let hostport = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let Some((h, port)) = hostport.rsplit_once(':') else {
            return Err(format!(
                "server {hostport:?}: expected HOST:PORT (NATS listens on 4222 by default)"
            ));
        };
        if h.is_empty() {
            return Err(format!("server {hostport:?}: missing host"));
        }
        port.parse::<u16>().map_err(|_| {
            format!("server {hostport:?}: port {port:?} is not a number from 0 to 65535")
        })?;
        check_subject(subject)?;
        let mut spool_max_bytes = None;
        if let Some(query) = query {
            for pair in query.split('&') {
                match pair.split_once('=') {
                    Some(("spool_max_mb", v)) => {
                        let mb: u64 = v.parse().ok().filter(|&mb| mb > 0).ok_or_else(|| {
                            format!(
                                "spool_max_mb={v}: expected a whole number of megabytes above 0"
                            )
                        })?;
                        spool_max_bytes = Some(mb.saturating_mul(1 << 20));
                    }
                    _ => return Err(format!("unknown option {pair:?} (known: spool_max_mb=N)")),
                }
            }
        }
        Ok(Self {
            server: format!("nats://{host}"),
            subject: subject.to_owned(),
            spool_max_bytes,
        })
    }

    /// The server without credentials, for messages and file names.
    pub fn server_redacted(&self) -> &str {
        let rest = self.server.trim_start_matches("nats://");
        rest.rsplit_once('@').map_or(rest, |(_, h)| h)
    }
}

impl fmt::Display for NatsSinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "nats://{}/{}", self.server_redacted(), self.subject)
    }
}
