use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The default `notificationConfigName` of the envelope.
pub const DEFAULT_NOTIFICATION_CONFIG: &str = "organizations/-/notificationConfigs/shrike";
/// The default per-request timeout.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest `timeout_secs` accepted.
const MAX_TIMEOUT_SECS: u64 = 300;
const KNOWN_OPTIONS: &str =
    "hmac_secret_env=NAME, hmac_secret_file=PATH, timeout_secs=N, spool_max_mb=N, notification_config=NAME";

/// Where a webhook sink posts: `webhook:https://HOST[:PORT]/PATH[?QUERY][#OPTIONS]`.
///
/// `http://` is accepted only to a loopback host. Shrike's own options follow a `#` (never
/// sent: a URL's fragment stays with the client) so they cannot clash with the receiver's
/// query string; they are `&`-separated `KEY=VALUE` pairs, values taken as written.
///
/// Display and Debug show the URL without its query string, which may carry the receiver's
/// token.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSinkConfig {
    /// The receiver's URL as requested: no user information and no fragment.
    pub url: String,
    /// `USER[:PASSWORD]@` from the spec, sent as `Authorization: Basic`.
    pub basic_auth: Option<BasicAuth>,
    /// Where the HMAC-SHA256 signing secret comes from (`hmac_secret_env=` or
    /// `hmac_secret_file=`); without it requests are not signed.
    pub hmac_secret: Option<HmacSecretSource>,
    /// The per-request timeout (`timeout_secs=N`, default 10).
    pub timeout: Duration,
    /// The spool's bound in bytes (`spool_max_mb=N`), when given.
    pub spool_max_bytes: Option<u64>,
    /// The envelope's `notificationConfigName` (`notification_config=NAME`).
    pub notification_config: String,
}

/// Credentials taken from the URL's user information (percent-decoded). Debug and Display
/// never show the password.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicAuth {
    /// The user name.
    pub user: String,
    /// The password, empty when none was given.
    pub password: String,
}

impl fmt::Debug for BasicAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicAuth")
            .field("user", &self.user)
            .field("password", &"<redacted>")
            .finish()
    }
}

/// Where the signing secret is read from when the sink opens: the secret itself is never
/// part of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HmacSecretSource {
    /// `hmac_secret_env=NAME`: the environment variable `NAME`.
    Env(String),
    /// `hmac_secret_file=PATH`: the file's contents, without trailing whitespace.
    File(PathBuf),
}

/// Whether `http://` may be used to `host`: only a loopback address or `localhost` (and
/// names under `.localhost`), which never leave the machine.
fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.');
            d.eq_ignore_ascii_case("localhost") || d.to_ascii_lowercase().ends_with(".localhost")
        }
    }
}

/// `spec` with the password of any `USER:PASSWORD@` replaced, for error messages.
pub fn redact_spec(spec: &str) -> String {
    // The authority runs from `//` to the next `/`, `?` or `#`.
    let Some(start) = spec.find("//").map(|i| i + 2) else {
        return spec.to_owned();
    };
    let end = spec[start..]
        .find(['/', '?', '#'])
        .map_or(spec.len(), |i| start + i);
    let authority = &spec[start..end];
    let Some((userinfo, host)) = authority.rsplit_once('@') else {
        return spec.to_owned();
    };
    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
    format!("{}{user}:<redacted>@{host}{}", &spec[..start], &spec[end..])
}

fn percent_decode(s: &str, what: &str) -> Result<String, String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .map_err(|_| format!("the URL's {what} is not UTF-8 once percent-decoded"))
}

impl WebhookSinkConfig {
    /// Parses the part after `webhook:`.
    pub fn parse(target: &str) -> Result<Self, String> {
        let (address, options) = match target.split_once('#') {
            Some((a, o)) => (a, Some(o)),
            None => (target, None),
        };
        if address.is_empty() {
            return Err("missing URL (webhook:https://HOST[:PORT]/PATH)".into());
        }
        let mut url = url::Url::parse(address)
            .map_err(|e| format!("URL: {e} (expected webhook:https://HOST[:PORT]/PATH)"))?;
        match url.scheme() {
            "https" => {}
            "http" => {
                let Some(host) = url.host() else {
                    return Err("URL: missing host".into());
                };
                if !is_loopback(&host) {
                    return Err(format!(
                        "http:// is allowed only to a loopback host (127.0.0.0/8, ::1, localhost), not {host}: findings would cross the network unencrypted; use https://"
                    ));
                }
            }
            other => {
                return Err(format!(
                    "URL scheme {other:?}: expected https:// (or http:// to a loopback host)"
                ))
            }
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err("URL: missing host".into());
        }
        let basic_auth = if url.username().is_empty() && url.password().is_none() {
            None
        } else {
            let user = percent_decode(url.username(), "user name")?;
            let password = percent_decode(url.password().unwrap_or(""), "password")?;
            // Infallible for http(s) URLs, which always have a host.
            let _ = url.set_username("");
            let _ = url.set_password(None);
            Some(BasicAuth { user, password })
        };
        let mut config = Self {
            url: url.to_string(),
            basic_auth,
            hmac_secret: None,
            timeout: DEFAULT_TIMEOUT,
            spool_max_bytes: None,
            notification_config: DEFAULT_NOTIFICATION_CONFIG.into(),
        };
        let mut seen: Vec<&str> = Vec::new();
        for pair in options.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
            let Some((key, value)) = pair.split_once('=') else {
                return Err(format!(
                    "option {pair:?}: expected KEY=VALUE (known: {KNOWN_OPTIONS})"
                ));
            };
            let key_is_secret = matches!(key, "hmac_secret_env" | "hmac_secret_file");
            if seen.contains(&key) || (key_is_secret && config.hmac_secret.is_some()) {
                return Err(format!(
                    "option {key} given twice (or both hmac_secret_env and hmac_secret_file)"
                ));
            }
            seen.push(key);
            if value.is_empty() {
                return Err(format!("option {key}: empty value"));
            }
            match key {
                "hmac_secret_env" => {
                    config.hmac_secret = Some(HmacSecretSource::Env(value.into()));
                }
                "hmac_secret_file" => {
                    config.hmac_secret = Some(HmacSecretSource::File(value.into()));
                }
                "timeout_secs" => {
                    let secs: u64 = value
                        .parse()
                        .ok()
                        .filter(|s| (1..=MAX_TIMEOUT_SECS).contains(s))
                        .ok_or_else(|| {
                            format!("timeout_secs={value}: expected whole seconds from 1 to {MAX_TIMEOUT_SECS}")
                        })?;
                    config.timeout = Duration::from_secs(secs);
                }
                "spool_max_mb" => {
                    let mb: u64 = value.parse().ok().filter(|&mb| mb > 0).ok_or_else(|| {
                        format!(
                            "spool_max_mb={value}: expected a whole number of megabytes above 0"
                        )
                    })?;
                    config.spool_max_bytes = Some(mb.saturating_mul(1 << 20));
                }
                "notification_config" => config.notification_config = value.into(),
                _ => {
                    return Err(format!(
                        "unknown option {key:?} after '#' (known: {KNOWN_OPTIONS})"
                    ))
                }
            }
        }
        Ok(config)
    }

    /// The parsed URL (always valid: `parse` checked it).
    pub(crate) fn parsed_url(&self) -> Result<url::Url, url::ParseError> {
        url::Url::parse(&self.url)
    }

    /// Whether requests go over TLS.
    pub fn is_https(&self) -> bool {
        self.url.starts_with("https:")
    }

    /// The host, without brackets around an IPv6 address, for messages and file names.
    pub(crate) fn host(&self) -> String {
        match self
            .parsed_url()
            .ok()
            .and_then(|u| u.host().map(|h| h.to_owned()))
        {
            Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).to_string(),
            Some(h) => h.to_string(),
            None => String::new(),
        }
    }
}

impl fmt::Debug for WebhookSinkConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookSinkConfig")
            .field("url", &format_args!("{self}"))
            .field("basic_auth", &self.basic_auth)
            .field("hmac_secret", &self.hmac_secret)
            .field("timeout", &self.timeout)
            .field("spool_max_bytes", &self.spool_max_bytes)
            .field("notification_config", &self.notification_config)
            .finish()
    }
}

impl fmt::Display for WebhookSinkConfig {
    /// `webhook:SCHEME://HOST[:PORT]/PATH`, with `?…` standing for a query string (it may
    /// carry the receiver's token); user information and options are left out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Ok(url) = self.parsed_url() else {
            return f.write_str("webhook:<invalid URL>");
        };
        write!(
            f,
            "webhook:{}://{}",
            url.scheme(),
            url.host_str().unwrap_or("")
        )?;
        if let Some(port) = url.port() {
            write!(f, ":{port}")?;
        }
        f.write_str(url.path())?;
        if url.query().is_some() {
            f.write_str("?…")?;
        }
        Ok(())
    }
}
