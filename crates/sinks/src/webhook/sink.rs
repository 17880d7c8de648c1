use super::{
    sign, HmacSecretSource, WebhookSinkConfig, HEADER_FINDING, HEADER_SIGNATURE, HEADER_TIMESTAMP,
    REJECTED_FILE,
};
use crate::spool::{Appended, Record, Spool, SpoolConfig, DEFAULT_MAX_BYTES};
use crate::Delivery;
use shrike_core::{FindingEnvelope, Sink, SinkError};
use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Records read from the spool at a time; each is posted, and committed, on its own.
const BATCH: usize = 64;
const BATCH_BYTES: usize = 1 << 20;
/// Backoff between attempts at the same record.
pub(super) const BACKOFF_MIN: Duration = Duration::from_millis(200);
pub(super) const BACKOFF_MAX: Duration = Duration::from_secs(30);
/// The longest `Retry-After` honoured: a receiver asking for more is asked again sooner.
const RETRY_AFTER_MAX: Duration = Duration::from_secs(600);
/// How long dropping the sink waits for the spool to drain.
const DRAIN: Duration = Duration::from_secs(5);
/// The longest signing secret read from a file.
const SECRET_FILE_MAX: u64 = 64 * 1024;
/// How much of a rejecting response's body is kept in `rejected.jsonl`.
const RESPONSE_EXCERPT: u64 = 512;
/// How much of a response's body is read (and thrown away) so the connection can be reused.
const RESPONSE_DRAIN: u64 = 64 * 1024;

/// The signing secret; Debug never shows it.
#[derive(Clone)]
struct HmacKey(Vec<u8>);

impl std::fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HmacKey(<redacted>)")
    }
}

/// Posts findings to a webhook from a background thread; `deliver` only appends to the
/// spool, so a slow or absent receiver never holds up detection.
pub struct WebhookSink {
    name: String,
    spool: Arc<Spool>,
    delivery: Arc<Delivery>,
    rejected: Arc<AtomicU64>,
    outages: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    worker: Option<std::thread::JoinHandle<()>>,
    /// How long dropping waits for the spool to drain (tests shorten it).
    pub(super) drain: Duration,
}

impl std::fmt::Debug for WebhookSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookSink")
            .field("name", &self.name)
            .field("spool", &self.spool.dir())
            .finish_non_exhaustive()
    }
}

/// The spool directory for a sink under `root`: `webhook-HOST-PORT-HASH`, the hash (12 hex
/// digits of SHA-256) over the URL without credentials, so that the name tells the receiver
/// apart without showing its path or query (which may carry a token).
pub(super) fn spool_dir(root: &Path, config: &WebhookSinkConfig) -> PathBuf {
    use sha2::Digest;
    let port = config
        .parsed_url()
        .ok()
        .and_then(|u| u.port_or_known_default())
        .unwrap_or(0);
    let host: String = config
        .host()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let digest = sha2::Sha256::digest(config.url.as_bytes());
    root.join(format!(
        "webhook-{host}-{port}-{}",
        &hex::encode(digest)[..12]
    ))
}

fn invalid(what: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, what)
}

/// Reads the signing secret named by `source`.
fn read_secret(source: &HmacSecretSource) -> io::Result<HmacKey> {
    let secret = match source {
        HmacSecretSource::Env(name) => match std::env::var_os(name) {
            Some(v) => v.into_encoded_bytes(),
            None => {
                return Err(invalid(format!(
                    "hmac_secret_env={name}: the environment variable {name} is not set"
                )))
            }
        },
        HmacSecretSource::File(path) => {
            let file = std::fs::File::open(path).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("hmac_secret_file={}: {e}", path.display()),
                )
            })?;
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = file.metadata()?.permissions().mode();
                if mode & 0o077 != 0 {
                    tracing::warn!(file = %path.display(), mode = format!("{:o}", mode & 0o777), "the webhook signing secret is readable by other users (chmod 600 it)");
                }
            }
            let mut bytes = Vec::new();
            file.take(SECRET_FILE_MAX + 1).read_to_end(&mut bytes)?;
            if bytes.len() as u64 > SECRET_FILE_MAX {
                return Err(invalid(format!(
                    "hmac_secret_file={}: over {SECRET_FILE_MAX} bytes; expected a secret",
                    path.display()
                )));
            }
            // A secret written with `echo` ends in a newline that is not part of it.
            while bytes.last().is_some_and(u8::is_ascii_whitespace) {
                bytes.pop();
            }
            bytes
        }
    };
    if secret.is_empty() {
        let what = match source {
            HmacSecretSource::Env(name) => format!("hmac_secret_env={name}"),
            HmacSecretSource::File(path) => format!("hmac_secret_file={}", path.display()),
        };
        return Err(invalid(format!("{what}: the secret is empty")));
    }
    Ok(HmacKey(secret))
}

/// TLS settings: the system's trust store (`SSL_CERT_FILE` / `SSL_CERT_DIR` override it),
/// or Mozilla's roots when the system has none (a distroless image).
fn tls_config(name: &str) -> io::Result<Arc<rustls::ClientConfig>> {
    let mut roots = rustls::RootCertStore::empty();
    let native = rustls_native_certs::load_native_certs();
    let (added, _) = roots.add_parsable_certificates(native.certs);
    if added == 0 {
        tracing::info!(sink = %name, errors = native.errors.len(), "no system CA certificates found; trusting Mozilla's root certificates");
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_protocol_versions(&[&rustls::version::TLS12, &rustls::version::TLS13])
    .map_err(io::Error::other)?
    .with_root_certificates(roots)
    .with_no_client_auth();
    Ok(Arc::new(config))
}

impl WebhookSink {
    /// Opens the spool under `spool_root`, reads the signing secret and starts the posting
    /// thread. Findings spooled by an earlier run are posted first.
    pub fn open(config: &WebhookSinkConfig, spool_root: &Path) -> io::Result<Self> {
        let name = config.to_string();
        let key = config.hmac_secret.as_ref().map(read_secret).transpose()?;
        let mut agent = ureq::AgentBuilder::new()
            .timeout(config.timeout)
            // A redirect is a misconfigured URL; following it would send findings (and
            // their signature) somewhere not configured.
            .redirects(0)
            .user_agent(concat!("shrike/", env!("CARGO_PKG_VERSION")));
        if config.is_https() {
            agent = agent.tls_config(tls_config(&name)?);
        }
        let url = config
            .parsed_url()
            .map_err(|e| invalid(format!("{name}: URL: {e}")))?;
        let authorization = config.basic_auth.as_ref().map(|auth| {
            use base64::Engine;
            let pair = format!("{}:{}", auth.user, auth.password);
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(pair)
            )
        });

        let mut spool_config = SpoolConfig::new(spool_dir(spool_root, config));
        spool_config.max_bytes = config.spool_max_bytes.unwrap_or(DEFAULT_MAX_BYTES);
        let spool = Arc::new(Spool::open(spool_config)?);
        let waiting = spool.stats().records;
        if waiting > 0 {
            tracing::info!(sink = %name, findings = waiting, spool = %spool.dir().display(), "posting findings spooled by an earlier run");
        }
        let delivery = Delivery::register(&name, &spool);
        let rejected = Arc::new(AtomicU64::new(0));
        let outages = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let poster = Poster {
            name: name.clone(),
            agent: agent.build(),
            url,
            authorization,
            key,
            notification_config: config.notification_config.clone(),
            spool: Arc::clone(&spool),
            delivery: Arc::clone(&delivery),
            rejected: Arc::clone(&rejected),
            outages: Arc::clone(&outages),
            stop: Arc::clone(&stop),
        };
        let worker = std::thread::Builder::new()
            .name("shrike-webhook".into())
            .spawn(move || poster.run())?;
        Ok(Self {
            name,
            spool,
            delivery,
            rejected,
            outages,
            stop,
            worker: Some(worker),
            drain: DRAIN,
        })
    }

    /// The delivery counters.
    pub fn delivery(&self) -> &Delivery {
        &self.delivery
    }

    /// Findings the receiver refused for good (written to `rejected.jsonl`) since opening.
    pub fn rejected_total(&self) -> u64 {
        self.rejected.load(Ordering::Relaxed)
    }

    /// Outages (the receiver unreachable or answering 408, 429 or 5xx, logged once each)
    /// since opening.
    pub fn outages_total(&self) -> u64 {
        self.outages.load(Ordering::Relaxed)
    }

    /// The spool's directory (where `rejected.jsonl` is too).
    pub fn spool_dir(&self) -> &Path {
        self.spool.dir()
    }

    fn io(&self, source: io::Error) -> SinkError {
        SinkError::Io {
            sink: self.name.clone(),
            source,
        }
    }
}

impl Sink for WebhookSink {
    fn name(&self) -> &str {
        &self.name
    }

    fn deliver(&mut self, finding: &FindingEnvelope) -> Result<(), SinkError> {
        let line = serde_json::to_vec(finding).map_err(|e| self.io(io::Error::other(e)))?;
        match self.spool.append(&line).map_err(|e| self.io(e))? {
            Appended::Spooled => {}
            Appended::Dropped => self.delivery.dropped(&self.name, &self.spool),
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.spool.sync().map_err(|e| self.io(e))
    }
}

impl Drop for WebhookSink {
    fn drop(&mut self) {
        if let Err(e) = self.spool.sync() {
            tracing::error!(sink = %self.name, error = %e, "cannot sync the spool at shutdown");
        }
        let deadline = Instant::now() + self.drain;
        while self.spool.stats().records > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.stop.store(true, Ordering::SeqCst);
        self.spool.close();
        if let Some(worker) = self.worker.take() {
            // The thread ends within one request timeout: a request under way is finished
            // (and committed) rather than sent again at the next start.
            let _ = worker.join();
        }
        let left = self.spool.stats().records;
        if left > 0 {
            tracing::warn!(sink = %self.name, findings = left, spool = %self.spool.dir().display(), "findings not yet accepted by the webhook stay spooled and are posted at the next start");
            eprintln!(
                "shrike: {}: {left} finding(s) not yet accepted stay spooled in {} and are posted at the next start",
                self.name,
                self.spool.dir().display()
            );
        }
    }
}

#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    finding: HeadFinding<'a>,
}

#[derive(serde::Deserialize)]
struct HeadFinding<'a> {
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
}

/// What became of one attempt at posting a record.
enum Outcome {
    /// 2xx.
    Accepted,
    /// 408, 429, 5xx or no response: the same record is tried again.
    Retry {
        error: String,
        retry_after: Option<Duration>,
        /// No answer came (refused, reset, timed out, TLS).
        transport: bool,
    },
    /// Any other status: the receiver will never take this payload.
    Rejected { status: u16, response: String },
}

/// The posting thread's state.
struct Poster {
    name: String,
    agent: ureq::Agent,
    url: url::Url,
    authorization: Option<String>,
    key: Option<HmacKey>,
    notification_config: String,
    spool: Arc<Spool>,
    delivery: Arc<Delivery>,
    rejected: Arc<AtomicU64>,
    outages: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

/// An outage: since when, and how many attempts failed.
struct Outage {
    since: Instant,
    attempts: u64,
}

/// A header value made of visible ASCII (finding names are; anything else becomes `_`).
fn header_value(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The transport error without the URL (its query may carry a token).
fn transport_error(t: &ureq::Transport) -> String {
    let mut out = t.kind().to_string();
    if let Some(m) = t.message() {
        out.push_str(": ");
        out.push_str(m);
    }
    let mut source = std::error::Error::source(t);
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn read_excerpt(response: ureq::Response, keep: u64) -> String {
    let mut body = Vec::new();
    let mut reader = response.into_reader().take(RESPONSE_DRAIN);
    let _ = reader.read_to_end(&mut body);
    body.truncate(keep as usize);
    String::from_utf8_lossy(&body).into_owned()
}

/// `Retry-After` in seconds (the HTTP-date form is left to the backoff).
fn retry_after(response: &ureq::Response) -> Option<Duration> {
    let secs: u64 = response.header("Retry-After")?.trim().parse().ok()?;
    Some(Duration::from_secs(secs).min(RETRY_AFTER_MAX))
}

impl Poster {
    fn stopped(&self) -> bool {
        self.stop.load(Ordering::SeqCst)
    }

    /// Sleeps for `d`, or less if the sink is dropped; returns whether it was.
    fn wait(&self, d: Duration) -> bool {
        let deadline = Instant::now() + d;
        loop {
            if self.stopped() {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            std::thread::sleep((deadline - now).min(Duration::from_millis(25)));
        }
    }

    fn run(self) {
        let mut reader = self.spool.reader();
        let mut outage: Option<Outage> = None;
        loop {
            let batch = match reader.next_batch(BATCH, BATCH_BYTES, Duration::from_millis(200)) {
                Ok(b) => b,
                Err(e) => {
                    tracing::error!(sink = %self.name, error = %e, "cannot read the spool");
                    if self.wait(BACKOFF_MAX) {
                        return;
                    }
                    reader.rewind();
                    continue;
                }
            };
            if batch.is_empty() {
                if self.stopped() {
                    return;
                }
                continue;
            }
            for record in &batch {
                if !self.deliver_record(record, &mut reader, &mut outage) {
                    return;
                }
            }
        }
    }

    /// Posts one record until the receiver accepts or rejects it; false when the sink was
    /// dropped first (the record stays spooled).
    fn deliver_record(
        &self,
        record: &Record,
        reader: &mut crate::spool::SpoolReader<'_>,
        outage: &mut Option<Outage>,
    ) -> bool {
        let mut backoff = BACKOFF_MIN;
        let mut attempts = 0u32;
        loop {
            if self.stopped() {
                return false;
            }
            attempts += 1;
            let (outcome, finding) = match self.post(&record.data) {
                Ok(r) => r,
                Err(e) => {
                    // Only this process writes the spool; a record it cannot read is kept
                    // in rejected.jsonl rather than blocking every finding behind it.
                    tracing::error!(sink = %self.name, error = %e, "an unreadable spooled finding goes to {REJECTED_FILE}");
                    let line = rejected_line(0, &e, None, &record.data);
                    if self.reject(line, record, reader) {
                        return true;
                    }
                    (
                        Outcome::Retry {
                            error: format!("cannot write {REJECTED_FILE}"),
                            retry_after: None,
                            transport: false,
                        },
                        String::new(),
                    )
                }
            };
            match outcome {
                Outcome::Accepted => {
                    if let Err(e) = reader.commit(std::slice::from_ref(record)) {
                        tracing::error!(sink = %self.name, error = %e, "cannot record delivery in the spool; the finding will be posted again");
                    }
                    self.delivery.delivered(1);
                    if let Some(o) = outage.take() {
                        tracing::warn!(sink = %self.name, outage_secs = o.since.elapsed().as_secs(), failed_attempts = o.attempts, "webhook reachable again; spooled findings are being delivered");
                    }
                    return true;
                }
                Outcome::Rejected { status, response } => {
                    tracing::error!(sink = %self.name, status, finding = %finding, response = %response, "the webhook rejected a finding; it is kept in {REJECTED_FILE} in the spool directory and not retried");
                    let line = rejected_line(status, "", Some(&response), &record.data);
                    if self.reject(line, record, reader) {
                        // The receiver answered: whatever outage there was is over.
                        if let Some(o) = outage.take() {
                            tracing::warn!(sink = %self.name, outage_secs = o.since.elapsed().as_secs(), failed_attempts = o.attempts, "webhook reachable again");
                        }
                        return true;
                    }
                    // Not written: keep the record and try it again later.
                    self.delivery.failed();
                    if self.wait(backoff) {
                        return false;
                    }
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
                Outcome::Retry {
                    error,
                    retry_after,
                    transport,
                } => {
                    self.delivery.failed();
                    if transport && attempts == 1 && outage.is_none() {
                        // A kept-alive connection the receiver closed as the request went
                        // out fails once; a new connection is tried at once, unlogged.
                        tracing::debug!(sink = %self.name, error = %error, "retrying at once on a new connection");
                        continue;
                    }
                    match outage {
                        Some(o) => o.attempts += 1,
                        None => {
                            self.outages.fetch_add(1, Ordering::Relaxed);
                            tracing::warn!(sink = %self.name, error = %error, finding = %finding, spooled = self.spool.stats().records, "cannot deliver to the webhook; findings stay spooled and are retried with backoff");
                            *outage = Some(Outage {
                                since: Instant::now(),
                                attempts: 1,
                            });
                        }
                    }
                    if self.wait(retry_after.unwrap_or(backoff)) {
                        return false;
                    }
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
        }
    }

    /// Appends `line` to `rejected.jsonl` and, once it is on disk, commits `record`.
    fn reject(
        &self,
        line: Vec<u8>,
        record: &Record,
        reader: &mut crate::spool::SpoolReader<'_>,
    ) -> bool {
        let path = self.spool.dir().join(REJECTED_FILE);
        let written = (|| {
            use std::os::unix::fs::OpenOptionsExt;
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .mode(0o600)
                .open(&path)?;
            f.write_all(&line)?;
            f.sync_data()
        })();
        if let Err(e) = written {
            tracing::error!(sink = %self.name, file = %path.display(), error = %e, "cannot keep a rejected finding; it stays spooled and is tried again");
            return false;
        }
        self.rejected.fetch_add(1, Ordering::Relaxed);
        self.delivery.rejected();
        if let Err(e) = reader.commit(std::slice::from_ref(record)) {
            tracing::error!(sink = %self.name, error = %e, "cannot record the rejection in the spool; the finding will be posted again");
        }
        true
    }

    /// One attempt at posting `record`; Err when the record is not a finding envelope.
    fn post(&self, record: &[u8]) -> Result<(Outcome, String), String> {
        let head: Head<'_> = serde_json::from_slice(record).map_err(|e| e.to_string())?;
        let finding = head.finding.name.into_owned();
        let body = envelope_body(&self.notification_config, record);
        let mut request = self
            .agent
            .request_url("POST", &self.url)
            .set("Content-Type", "application/json")
            .set(HEADER_FINDING, &header_value(&finding));
        if let Some(auth) = &self.authorization {
            request = request.set("Authorization", auth);
        }
        if let Some(key) = &self.key {
            let timestamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            request = request
                .set(HEADER_TIMESTAMP, &timestamp.to_string())
                .set(HEADER_SIGNATURE, &sign(&key.0, timestamp, &body));
        }
        let outcome = match request.send_bytes(&body) {
            Ok(response) => {
                let status = response.status();
                if (200..300).contains(&status) {
                    let _ = read_excerpt(response, 0);
                    Outcome::Accepted
                } else {
                    Outcome::Rejected {
                        status,
                        response: read_excerpt(response, RESPONSE_EXCERPT),
                    }
                }
            }
            Err(ureq::Error::Status(status, response)) => {
                if status == 408 || status == 429 || (500..600).contains(&status) {
                    let retry_after = retry_after(&response);
                    let _ = read_excerpt(response, 0);
                    Outcome::Retry {
                        error: format!("HTTP status {status}"),
                        retry_after,
                        transport: false,
                    }
                } else {
                    Outcome::Rejected {
                        status,
                        response: read_excerpt(response, RESPONSE_EXCERPT),
                    }
                }
            }
            Err(ureq::Error::Transport(t)) => Outcome::Retry {
                error: transport_error(&t),
                retry_after: None,
                transport: true,
            },
        };
        Ok((outcome, finding))
    }
}

/// The request body: SCC's notification, `{"notificationConfigName": …, "finding": …,
/// "resource": …}`, spliced from the spooled envelope without re-encoding it.
pub(super) fn envelope_body(notification_config: &str, record: &[u8]) -> Vec<u8> {
    let name = serde_json::Value::String(notification_config.to_owned()).to_string();
    let mut body = Vec::with_capacity(record.len() + name.len() + 32);
    body.extend_from_slice(b"{\"notificationConfigName\":");
    body.extend_from_slice(name.as_bytes());
    // `record` is a JSON object with at least `finding` (the caller parsed it).
    let inner = record.trim_ascii();
    let inner = inner.strip_prefix(b"{").unwrap_or(inner);
    body.push(b',');
    body.extend_from_slice(inner);
    body
}

/// One line of `rejected.jsonl`: when, the status (0 for an unreadable record), the start
/// of the receiver's answer, and the envelope (or, unreadable, the raw record as a string).
fn rejected_line(status: u16, error: &str, response: Option<&str>, record: &[u8]) -> Vec<u8> {
    let now = shrike_core::time::rfc3339_nanos(shrike_core::time::now_ns());
    let mut line = format!(
        "{{\"rejectedAt\":{},\"status\":{status}",
        serde_json::Value::String(now)
    );
    if !error.is_empty() {
        line.push_str(&format!(
            ",\"error\":{}",
            serde_json::Value::String(error.into())
        ));
    }
    if let Some(r) = response {
        line.push_str(&format!(
            ",\"response\":{}",
            serde_json::Value::String(r.into())
        ));
    }
    let mut line = line.into_bytes();
    if status == 0 {
        let raw = serde_json::Value::String(String::from_utf8_lossy(record).into_owned());
        line.extend_from_slice(format!(",\"raw\":{raw}}}\n").as_bytes());
    } else {
        line.extend_from_slice(b",\"envelope\":");
        line.extend_from_slice(record);
        line.extend_from_slice(b"}\n");
    }
    line
}
