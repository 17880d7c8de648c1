//! Suspicious Crypto Mining Activity Using the Stratum Protocol: a process in a container starts
//! with a Stratum mining-pool URL in its arguments (`-o stratum+tcp://pool:3333`,
//! `--url=stratum+ssl://…`, or inside a `sh -c` command string).
//!
//! Stratum is what miners speak to a pool; legitimate workloads have no reason to carry its URLs
//! on a command line. Only command lines are read: a miner that takes its pool from a
//! configuration file is not seen here. A process is not reported when an ancestor in the same
//! container was already started with the same URL (the shell that ran the miner reports it).

use super::{ancestor_in_container_matches, with_image};
use shrike_core::event::ExecEvent;
use shrike_core::finding::Indicator;
use shrike_core::{Detection, DetectionContext, Detector, FindingType};

/// See the module documentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct StratumDetector;

/// A Stratum URL found in an argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StratumUrl {
    /// The URL as written (`stratum+tcp://pool.example.net:3333`).
    pub url: String,
    /// The pool's host name or address (brackets of an IPv6 literal removed).
    pub host: String,
    /// The port, when the URL has one.
    pub port: Option<u16>,
}

/// Bytes that end a URL inside an argument or a shell command string.
fn ends_url(c: u8) -> bool {
    c.is_ascii_whitespace() || matches!(c, b'"' | b'\'' | b';' | b'&' | b'|' | b')' | b',' | b'`')
}

/// The first Stratum URL in `arg`: `stratum` (any case), an optional protocol version digit, an
/// optional `+transport`, then `://` and a host.
pub fn find_stratum_url(arg: &str) -> Option<StratumUrl> {
    let b = arg.as_bytes();
    // Most arguments are shorter than the shortest URL's scheme: nothing to scan.
    if b.len() < "stratum://".len() {
        return None;
    }
    // A URL needs its `://`: one scan for `:` rules out most arguments (cheaper on short
    // arguments than a substring searcher's set-up).
    if !memchr::memchr_iter(b':', b).any(|i| b[i + 1..].starts_with(b"//")) {
        return None;
    }
    let mut from = 0;
    while let Some(at) = super::find_ignore_case(&b[from..], b"stratum").map(|i| i + from) {
        from = at + 1;
        let mut i = at + b"stratum".len();
        if b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if b.get(i) == Some(&b'+') {
            let start = i + 1;
            i = start;
            while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
                i += 1;
            }
            if i == start {
                continue;
            }
        }
        if b.get(i..i + 3) != Some(b"://") {
            continue;
        }
        let authority = i + 3;
        let mut end = authority;
        while end < b.len() && !ends_url(b[end]) {
            end += 1;
        }
        let rest = &arg[authority..end];
        let hostport = rest.split(['/', '?', '#']).next().unwrap_or("");
        // user:password@host:port
        let hostport = hostport.rsplit('@').next().unwrap_or("");
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            match v6.split_once(']') {
                Some((h, p)) => (h, p.strip_prefix(':')),
                None => (v6, None),
            }
        } else {
            match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }
        };
        if host.is_empty() {
            continue;
        }
        return Some(StratumUrl {
            url: arg[at..end].to_owned(),
            host: host.to_owned(),
            port: port.and_then(|p| p.parse().ok()),
        });
    }
    None
}

/// The first argument holding a Stratum URL, with its index.
fn stratum_argument(exec: &ExecEvent) -> Option<(usize, StratumUrl)> {
    exec.argv
        .iter()
        .enumerate()
        .find_map(|(i, a)| find_stratum_url(a).map(|u| (i, u)))
}

impl Detector for StratumDetector {
    fn name(&self) -> &'static str {
        "stratum"
    }

    fn finding_types(&self) -> &'static [FindingType] {
        &[FindingType::SuspiciousCryptoMiningActivityUsingStratumProtocol]
    }

    fn on_exec(&self, exec: &ExecEvent, ctx: &DetectionContext<'_>) -> Option<Detection> {
        let container = exec.container.as_ref()?;
        let (index, found) = stratum_argument(exec)?;
        if ancestor_in_container_matches(ctx, |a, _| {
            a.argv.iter().any(|arg| arg.contains(found.url.as_str()))
        }) {
            return None;
        }
        let summary = format!(
            "{} started in container {} with mining-pool URL {} (argument {index})",
            exec.exe.path,
            container.name.as_deref().unwrap_or(&container.id),
            found.url
        );
        let mut detection = Detection::new(
            FindingType::SuspiciousCryptoMiningActivityUsingStratumProtocol,
            summary,
        )
        .with_property("Stratum_Url", found.url.clone())
        .with_property("Stratum_Host", found.host.clone())
        .with_property(
            "Stratum_Port",
            found.port.map_or(String::new(), |p| p.to_string()),
        )
        .with_property("Stratum_Argument_Index", index as u64);
        detection = with_image(detection, exec);
        let mut indicator = Indicator {
            uris: vec![found.url],
            ..Indicator::default()
        };
        if found.host.parse::<std::net::IpAddr>().is_ok() {
            indicator.ip_addresses.push(found.host);
        } else {
            indicator.domains.push(found.host);
        }
        detection.indicator = Some(indicator);
        Some(detection)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(arg: &str) -> Option<(String, String, Option<u16>)> {
        find_stratum_url(arg).map(|u| (u.url, u.host, u.port))
    }

    #[test]
    fn finds_pool_urls_in_arguments_and_command_strings() {
        assert_eq!(
            url("stratum+tcp://pool.example.net:3333"),
            Some((
                "stratum+tcp://pool.example.net:3333".into(),
                "pool.example.net".into(),
                Some(3333)
            ))
        );
        assert_eq!(
            url("--url=STRATUM+SSL://worker:x@203.0.113.9:443/path"),
            Some((
                "STRATUM+SSL://worker:x@203.0.113.9:443/path".into(),
                "203.0.113.9".into(),
                Some(443)
            ))
        );
        assert_eq!(
            url("nohup ./m -o stratum2+tcp://[2001:db8::7]:3336 -u w >/dev/null &"),
            Some((
                "stratum2+tcp://[2001:db8::7]:3336".into(),
                "2001:db8::7".into(),
                Some(3336)
            ))
        );
        assert_eq!(
            url("pool='stratum://pool.example.net'"),
            Some((
                "stratum://pool.example.net".into(),
                "pool.example.net".into(),
                None
            ))
        );
    }

    #[test]
    fn ignores_the_word_without_a_url() {
        for arg in [
            "stratum",
            "pip install stratum-client",
            "--config=/etc/stratum.conf",
            "stratum+://x",
            "stratum+tcp://",
            "stratum+tcp:/pool:1",
            "https://docs.example.org/stratum+tcp",
        ] {
            assert_eq!(url(arg), None, "{arg}");
        }
    }
}
