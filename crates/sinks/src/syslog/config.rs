use std::fmt;
use std::path::PathBuf;

/// The default facility, local0.
pub const DEFAULT_FACILITY: u8 = 16;
/// The default bound on a UDP or unix datagram, in bytes. rsyslog's default message size limit
/// is 8 KiB, and a datagram this size still crosses most networks in a few fragments.
pub const DEFAULT_MAX_DATAGRAM: usize = 8192;
/// The smallest `max_datagram` accepted: a finding cut to its required fields still fits.
pub const MIN_MAX_DATAGRAM: usize = 2048;
/// The largest `max_datagram` accepted: the most a UDP datagram over IPv4 can carry.
pub const MAX_MAX_DATAGRAM: usize = 65_507;

/// Facility names, by code (RFC 5424 §6.2.1; `audit`, `alert` and `clock` are the names
/// rsyslog and syslog-ng give codes 13 to 15).
const FACILITIES: [&str; 24] = [
    "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv",
    "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
    "local5", "local6", "local7",
];

/// How syslog messages travel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyslogTransport {
    /// `udp://HOST:PORT`: one datagram per finding (RFC 5426), cut to `max_datagram` bytes.
    Udp {
        /// Host name or address.
        host: String,
        /// Port.
        port: u16,
    },
    /// `tcp://HOST:PORT`: octet-counted frames (RFC 6587 §3.4.1), findings whole.
    Tcp {
        /// Host name or address.
        host: String,
        /// Port.
        port: u16,
    },
    /// `unix:PATH`: one datagram per finding to a local socket such as `/dev/log`.
    Unix(PathBuf),
}

/// A parsed `syslog:` sink spec:
/// `syslog:udp://HOST:PORT`, `syslog:tcp://HOST:PORT` or `syslog:unix:PATH`, optionally
/// followed by `?facility=local3&hostname=NAME&max_datagram=BYTES`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyslogSinkConfig {
    /// Where messages go.
    pub transport: SyslogTransport,
    /// Facility code, 0–23 (`facility=local3` or `facility=19`; default local0).
    pub facility: u8,
    /// HOSTNAME written in every message (`hostname=NAME`); default: the finding's host, or
    /// this machine's name.
    pub hostname: Option<String>,
    /// Largest datagram for `udp` and `unix` (`max_datagram=BYTES`, 2048–65507, default
    /// 8192). Larger findings are cut in a marked way; TCP never cuts.
    pub max_datagram: usize,
}

/// `HOST:PORT` or `[V6]:PORT`.
fn host_port(s: &str) -> Result<(String, u16), String> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        let (h, after) = rest
            .split_once(']')
            .ok_or_else(|| format!("{s:?}: missing ']' after the IPv6 address"))?;
        let port = after
            .strip_prefix(':')
            .ok_or_else(|| format!("{s:?}: missing :PORT"))?;
        (h, port)
    } else {
        s.rsplit_once(':')
            .ok_or_else(|| format!("{s:?}: missing :PORT"))?
    };
    if host.is_empty() {
        return Err(format!("{s:?}: missing host"));
    }
    if host.contains(['/', '?', '#', '@', ' ']) {
        return Err(format!("{s:?}: bad host {host:?}"));
    }
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| format!("{s:?}: bad port {port:?} (1-65535)"))?;
    Ok((host.to_owned(), port))
}

/// A facility by name or code.
fn facility(value: &str) -> Result<u8, String> {
    if let Some(code) = FACILITIES
        .iter()
        .position(|f| f.eq_ignore_ascii_case(value))
    {
        return Ok(code as u8);
    }
    match value.parse::<u8>() {
        Ok(code) if usize::from(code) < FACILITIES.len() => Ok(code),
        _ => Err(format!(
            "facility={value:?}: expected 0-23 or one of {}",
            FACILITIES.join(", ")
        )),
    }
}

impl SyslogSinkConfig {
    /// Parses the part after `syslog:`.
    pub fn parse(spec: &str) -> Result<Self, String> {
        let (target, query) = spec.split_once('?').unwrap_or((spec, ""));
        let transport = if let Some(hp) = target.strip_prefix("udp://") {
            let (host, port) = host_port(hp)?;
            SyslogTransport::Udp { host, port }
        } else if let Some(hp) = target.strip_prefix("tcp://") {
            let (host, port) = host_port(hp)?;
            SyslogTransport::Tcp { host, port }
        } else if let Some(path) = target.strip_prefix("unix:") {
            if path.is_empty() {
                return Err("unix: needs a socket path, e.g. syslog:unix:/dev/log".into());
            }
            SyslogTransport::Unix(PathBuf::from(path))
        } else {
            return Err(format!(
                "{target:?}: expected udp://HOST:PORT, tcp://HOST:PORT or unix:PATH"
            ));
        };
        let mut config = Self {
            transport,
            facility: DEFAULT_FACILITY,
            hostname: None,
            max_datagram: DEFAULT_MAX_DATAGRAM,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("option {pair:?}: expected KEY=VALUE"))?;
            match key {
                "facility" => config.facility = facility(value)?,
                "hostname" => {
                    let ok = !value.is_empty()
                        && value.len() <= 255
                        && value.bytes().all(|b| b.is_ascii_graphic());
                    if !ok {
                        return Err(format!(
                            "hostname={value:?}: expected 1-255 printable ASCII characters without spaces"
                        ));
                    }
                    config.hostname = Some(value.to_owned());
                }
                "max_datagram" => {
                    config.max_datagram = value
                        .parse()
                        .ok()
                        .filter(|n| (MIN_MAX_DATAGRAM..=MAX_MAX_DATAGRAM).contains(n))
                        .ok_or_else(|| {
                            format!(
                                "max_datagram={value:?}: expected {MIN_MAX_DATAGRAM}-{MAX_MAX_DATAGRAM} bytes"
                            )
                        })?;
                }
                other => {
                    return Err(format!(
                        "unknown option {other:?} (expected facility, hostname or max_datagram)"
                    ))
                }
            }
        }
        Ok(config)
    }

    /// The facility's name (`local0`).
    pub fn facility_name(&self) -> &'static str {
        FACILITIES
            .get(usize::from(self.facility))
            .copied()
            .unwrap_or("local0")
    }
}

impl fmt::Display for SyslogSinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bracket = |h: &str| {
            if h.contains(':') {
                format!("[{h}]")
            } else {
                h.to_owned()
            }
        };
        match &self.transport {
            SyslogTransport::Udp { host, port } => {
                write!(f, "syslog:udp://{}:{port}", bracket(host))?
            }
            SyslogTransport::Tcp { host, port } => {
                write!(f, "syslog:tcp://{}:{port}", bracket(host))?
            }
            SyslogTransport::Unix(path) => write!(f, "syslog:unix:{}", path.display())?,
        }
        let mut options = Vec::new();
        if self.facility != DEFAULT_FACILITY {
            options.push(format!("facility={}", self.facility_name()));
        }
        if let Some(h) = &self.hostname {
            options.push(format!("hostname={h}"));
        }
        if self.max_datagram != DEFAULT_MAX_DATAGRAM {
            options.push(format!("max_datagram={}", self.max_datagram));
        }
        if !options.is_empty() {
            write!(f, "?{}", options.join("&"))?;
        }
        Ok(())
    }
}
