#![allow(clippy::unwrap_used, clippy::expect_used)]
#![allow(
    clippy::disallowed_methods,
    reason = "test code reads the small files it wrote"
)]

use super::sink::envelope_body;
use super::*;
use crate::{SinkContext, SinkSpec, SinkSpecError};
use shrike_core::catalogue::{FindingType, Tactic};
use shrike_core::finding::{Finding, FindingEnvelope, MitreAttack, Resource};
use shrike_core::Sink;
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn envelope(id: &str) -> FindingEnvelope {
    let t = FindingType::ReverseShell;
    FindingEnvelope {
        finding: Finding {
            name: format!("projects/p/sources/s/findings/{id}"),
            parent: "projects/p/sources/s".into(),
            resource_name: "//shrike/projects/p/hosts/h".into(),
            state: Default::default(),
            category: t.category().into(),
            module_name: t.module_name().into(),
            description: t.description().into(),
            external_uri: None,
            source_properties: Default::default(),
            event_time: "2026-11-23T00:00:00.000000000Z".into(),
            create_time: "2026-11-23T00:00:00.000000000Z".into(),
            severity: t.severity(),
            finding_class: Default::default(),
            mute: Default::default(),
            indicator: None,
            mitre_attack: MitreAttack {
                primary_tactic: Tactic::Execution,
                primary_techniques: t.techniques().to_vec(),
                additional_techniques: vec![],
                version: "16".into(),
            },
            processes: vec![],
            containers: vec![],
            kubernetes: None,
        },
        resource: Resource::default(),
    }
}

fn name(id: &str) -> String {
    format!("projects/p/sources/s/findings/{id}")
}

// ---------------------------------------------------------------------------------------
// A loopback HTTP/1.1 server that records every request and answers from a script.

#[derive(Debug, Clone)]
struct Received {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    at: Instant,
    /// Which connection it came on (numbered from 0 in accepting order).
    conn: usize,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    fn finding(&self) -> String {
        self.header(HEADER_FINDING).unwrap().to_owned()
    }
}

#[derive(Debug, Clone)]
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    /// Wait this long before answering.
    delay: Duration,
}

fn reply(status: u16) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: String::new(),
        delay: Duration::ZERO,
    }
}

struct Server {
    addr: SocketAddr,
    path: String,
    received: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().unwrap())
    }

    fn start_on(addr: SocketAddr) -> Self {
        Self::start_with(addr, false)
    }

    /// With `keep_alive`, connections stay open for further requests (HTTP/1.1's default).
    fn start_with(addr: SocketAddr, keep_alive: bool) -> Self {
        let listener = TcpListener::bind(addr).unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (received, script, stop) = (received.clone(), script.clone(), stop.clone());
            std::thread::spawn(move || {
                // Bounded: the test drops the server, or it gives up after a minute.
                let deadline = Instant::now() + Duration::from_secs(60);
                let mut next_id = 0;
                while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                    match listener.accept() {
                        Ok((conn, _)) => {
                            let (received, script) = (received.clone(), script.clone());
                            let id = next_id;
                            next_id += 1;
                            std::thread::spawn(move || {
                                serve(conn, id, keep_alive, &received, &script)
                            });
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Self {
            addr,
            path: unique_path(),
            received,
            script,
            stop,
            thread: Some(thread),
        }
    }

    /// The server's URL, with a path of its own: a sink's counters are process-wide metrics
    /// named after its URL, and ports are reused.
    fn url(&self) -> String {
        format!("http://{}{}?team=sec", self.addr, self.path)
    }

    fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.script.lock().unwrap().extend(replies);
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Waits until `n` requests have come, up to `within`.
    fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let deadline = Instant::now() + within;
        loop {
            let got = self.received();
            if got.len() >= n || Instant::now() >= deadline {
                return got;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.join().unwrap();
        }
    }
}

/// Answers the requests of one connection: one, or with `keep_alive` as many as come. A
/// scripted status of 0 hangs up without answering.
fn serve(
    conn: TcpStream,
    id: usize,
    keep_alive: bool,
    received: &Mutex<Vec<Received>>,
    script: &Mutex<VecDeque<Reply>>,
) {
    conn.set_nonblocking(false).unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut reader = BufReader::new(conn.try_clone().unwrap());
    let mut conn = conn;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        let mut length = 0usize;
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).unwrap();
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            let (n, v) = h.split_once(':').unwrap();
            if n.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap();
            }
            headers.push((n.to_owned(), v.trim().to_owned()));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let answer = {
            // Recorded and scripted under one lock, so the order is the arrival order.
            let mut received = received.lock().unwrap();
            received.push(Received {
                method,
                target,
                headers,
                body,
                at: Instant::now(),
                conn: id,
            });
            script
                .lock()
                .unwrap()
                .pop_front()
                .unwrap_or_else(|| reply(200))
        };
        std::thread::sleep(answer.delay);
        if answer.status == 0 {
            return;
        }
        let mut out = format!(
            "HTTP/1.1 {} Scripted\r\nContent-Length: {}\r\n",
            answer.status,
            answer.body.len()
        );
        if !keep_alive {
            out.push_str("Connection: close\r\n");
        }
        for (n, v) in &answer.headers {
            out.push_str(&format!("{n}: {v}\r\n"));
        }
        out.push_str("\r\n");
        out.push_str(&answer.body);
        if conn.write_all(out.as_bytes()).is_err() || !keep_alive {
            return;
        }
    }
}

/// `/hook/N`, N unique in this process.
fn unique_path() -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    format!("/hook/{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A port nothing listens on (bound, then released).
fn free_port() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn open(spec: &str, root: &std::path::Path) -> WebhookSink {
    let config = WebhookSinkConfig::parse(spec.strip_prefix("webhook:").unwrap()).unwrap();
    WebhookSink::open(&config, root).unwrap()
}

fn wait_until(within: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

// ---------------------------------------------------------------------------------------
// Parsing.

#[test]
fn parses_url_options_and_defaults() {
    let c = WebhookSinkConfig::parse(
        "https://siem.example/hook?tenant=7#hmac_secret_env=SHRIKE_WEBHOOK_SECRET&spool_max_mb=64&timeout_secs=3&notification_config=organizations/1/notificationConfigs/siem",
    )
    .unwrap();
    assert_eq!(c.url, "https://siem.example/hook?tenant=7");
    assert_eq!(
        c.hmac_secret,
        Some(HmacSecretSource::Env("SHRIKE_WEBHOOK_SECRET".into()))
    );
    assert_eq!(c.spool_max_bytes, Some(64 << 20));
    assert_eq!(c.timeout, Duration::from_secs(3));
    assert_eq!(
        c.notification_config,
        "organizations/1/notificationConfigs/siem"
    );
    assert_eq!(c.to_string(), "webhook:https://siem.example/hook?…");

    let d =
        WebhookSinkConfig::parse("https://siem.example:8443#hmac_secret_file=/run/secrets/hook")
            .unwrap();
    assert_eq!(d.url, "https://siem.example:8443/");
    assert_eq!(
        d.hmac_secret,
        Some(HmacSecretSource::File("/run/secrets/hook".into()))
    );
    assert_eq!(d.timeout, DEFAULT_TIMEOUT);
    assert_eq!(d.spool_max_bytes, None);
    assert_eq!(d.notification_config, DEFAULT_NOTIFICATION_CONFIG);
    assert_eq!(d.to_string(), "webhook:https://siem.example:8443/");

    let spec = SinkSpec::parse("webhook:https://siem.example/hook").unwrap();
    assert!(matches!(spec, SinkSpec::Webhook(_)));
    assert_eq!(spec.to_string(), "webhook:https://siem.example/hook");
}

#[test]
fn http_is_allowed_only_to_loopback() {
    for ok in [
        "http://127.0.0.1:8080/hook",
        "http://127.9.8.7/hook",
        "http://[::1]:9000/hook",
        "http://localhost/hook",
        "http://LOCALHOST:1/x",
        "http://api.localhost/x",
    ] {
        WebhookSinkConfig::parse(ok).unwrap_or_else(|e| panic!("{ok}: {e}"));
    }
    for refused in [
        "http://siem.example/hook",
        "http://10.0.0.1/hook",
        "http://192.168.1.10:8080/hook",
        "http://0.0.0.0/hook",
        "http://[::ffff:10.0.0.1]/hook",
        "http://localhost.example/hook",
        "http://128.0.0.1/hook",
    ] {
        let err = WebhookSinkConfig::parse(refused).unwrap_err();
        assert!(
            err.contains("http:// is allowed only to a loopback host") && err.contains("https://"),
            "{refused}: {err}"
        );
    }
    let err = SinkSpec::parse("webhook:http://siem.example/hook").unwrap_err();
    assert!(err.to_string().contains("loopback"), "{err}");
}

#[test]
fn malformed_specs_say_what_is_wrong() {
    let cases = [
        ("", "missing URL"),
        ("#timeout_secs=1", "missing URL"),
        ("siem.example/hook", "URL: relative URL without a base"),
        ("ftp://siem.example/hook", "scheme \"ftp\""),
        ("https://", "URL: empty host"),
        ("https://h/x#verbose=1", "unknown option \"verbose\""),
        ("https://h/x#timeout_secs", "expected KEY=VALUE"),
        ("https://h/x#timeout_secs=0", "from 1 to 300"),
        ("https://h/x#timeout_secs=301", "from 1 to 300"),
        ("https://h/x#timeout_secs=ten", "from 1 to 300"),
        ("https://h/x#spool_max_mb=0", "above 0"),
        ("https://h/x#hmac_secret_env=", "empty value"),
        (
            "https://h/x#hmac_secret_env=A&hmac_secret_file=/f",
            "given twice",
        ),
        ("https://h/x#timeout_secs=1&timeout_secs=2", "given twice"),
    ];
    for (spec, want) in cases {
        let err = WebhookSinkConfig::parse(spec).unwrap_err();
        assert!(err.contains(want), "{spec}: {err}");
    }
    let known = WebhookSinkConfig::parse("https://h/x#nope=1").unwrap_err();
    for option in [
        "hmac_secret_env",
        "hmac_secret_file",
        "timeout_secs",
        "spool_max_mb",
        "notification_config",
    ] {
        assert!(known.contains(option), "{known}");
    }
}

#[test]
fn secrets_stay_out_of_display_debug_errors_and_file_names() {
    let c = WebhookSinkConfig::parse(
        "https://svc:pa%24%24word@siem.example/hook?token=tok3n#hmac_secret_env=SHRIKE_TEST_UNUSED",
    )
    .unwrap();
    assert_eq!(
        c.basic_auth,
        Some(BasicAuth {
            user: "svc".into(),
            password: "pa$$word".into()
        })
    );
    assert_eq!(c.url, "https://siem.example/hook?token=tok3n");
    let shown = format!("{c} {c:?} {}", SinkSpec::Webhook(c.clone()));
    for secret in ["pa$$word", "pa%24%24word", "tok3n"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("<redacted>"), "{shown}");

    let dir = super::sink::spool_dir(std::path::Path::new("/spool"), &c);
    let dir = dir.to_string_lossy();
    assert!(dir.starts_with("/spool/webhook-siem.example-443-"), "{dir}");
    let key = dir.strip_prefix("/spool/webhook-").unwrap();
    for secret in ["pa$$", "tok3n", "hook", "svc"] {
        assert!(!key.contains(secret), "{secret} in {dir}");
    }

    let err = SinkSpec::parse("webhook:https://svc:hunter2@siem.example/x#bad=1").unwrap_err();
    let SinkSpecError::Invalid { spec, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(spec, "webhook:https://svc:<redacted>@siem.example/x#bad=1");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(!format!("{err:?}").contains("hunter2"), "{err:?}");
    assert_eq!(redact_spec("webhook:https://h/x"), "webhook:https://h/x");
}

// ---------------------------------------------------------------------------------------
// The body and its signature.

#[test]
fn signature_is_hmac_sha256_over_timestamp_dot_body() {
    // From Python: hmac.new(b"s3cret", b'1700000000.{"a":1}', hashlib.sha256).hexdigest()
    assert_eq!(
        sign(b"s3cret", 1_700_000_000, br#"{"a":1}"#),
        "sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940"
    );
}

#[test]
fn body_is_the_scc_notification_around_the_envelope() {
    let e = envelope("a");
    let record = serde_json::to_vec(&e).unwrap();
    let body = envelope_body("organizations/1/notificationConfigs/\"x\"", &record);
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3, "{keys:?}");
    assert_eq!(
        v["notificationConfigName"],
        "organizations/1/notificationConfigs/\"x\""
    );
    assert_eq!(v["finding"], serde_json::to_value(&e.finding).unwrap());
    assert_eq!(v["resource"], serde_json::to_value(&e.resource).unwrap());
}

// ---------------------------------------------------------------------------------------
// Delivery to a real loopback server.

#[test]
fn posts_the_envelope_with_headers_and_a_verifiable_signature() {
    let server = Server::start();
    let root = tempfile::tempdir().unwrap();
    let secret_file = root.path().join("secret");
    std::fs::write(&secret_file, "correct horse battery staple\n").unwrap();
    let spec = format!(
        "webhook:{}#hmac_secret_file={}&notification_config=organizations/9/notificationConfigs/siem",
        server.url(),
        secret_file.display()
    );
    let parsed = SinkSpec::parse(&spec).unwrap();
    let context = SinkContext {
        spool_dir: root.path().join("spool"),
    };
    let mut sink = parsed.build(&context).unwrap();
    let e = envelope("sig");
    sink.deliver(&e).unwrap();
    sink.flush().unwrap();
    let got = server.wait_for(1, Duration::from_secs(10));
    drop(sink);
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.target,
        format!("{}?team=sec", server.path),
        "the receiver's path and query are kept"
    );
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(
        r.header("User-Agent"),
        Some(concat!("shrike/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(r.finding(), name("sig"));
    assert_eq!(r.header("Authorization"), None);

    let v = r.json();
    assert_eq!(
        v["notificationConfigName"],
        "organizations/9/notificationConfigs/siem"
    );
    let back: FindingEnvelope = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(back, e, "finding and resource arrive unchanged");

    // The receiver's check: HMAC-SHA256 over "{timestamp}.{body}" with the secret (the
    // file's trailing newline is not part of it), and a recent timestamp.
    use hmac::Mac;
    let ts = r.header(HEADER_TIMESTAMP).unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(now.abs_diff(ts.parse().unwrap()) < 60, "{ts}");
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(b"correct horse battery staple").unwrap();
    mac.update(format!("{ts}.").as_bytes());
    mac.update(&r.body);
    let want = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    assert_eq!(r.header(HEADER_SIGNATURE), Some(want.as_str()));
    // A different body does not verify.
    assert_ne!(
        sign(b"correct horse battery staple", ts.parse().unwrap(), b"{}"),
        want
    );
}

#[test]
fn user_information_becomes_basic_auth_and_env_secrets_are_read() {
    let server = Server::start();
    let root = tempfile::tempdir().unwrap();
    std::env::set_var("SHRIKE_WEBHOOK_TEST_SECRET", "from-env");
    let spec = format!(
        "webhook:http://svc:p%40ss@{}{}#hmac_secret_env=SHRIKE_WEBHOOK_TEST_SECRET",
        server.addr, server.path
    );
    let mut sink = open(&spec, root.path());
    sink.deliver(&envelope("auth")).unwrap();
    let got = server.wait_for(1, Duration::from_secs(10));
    drop(sink);
    assert_eq!(got.len(), 1);
    // base64("svc:p@ss")
    assert_eq!(got[0].header("Authorization"), Some("Basic c3ZjOnBAc3M="));
    let ts: u64 = got[0].header(HEADER_TIMESTAMP).unwrap().parse().unwrap();
    assert_eq!(
        got[0].header(HEADER_SIGNATURE).unwrap(),
        sign(b"from-env", ts, &got[0].body)
    );
}

#[test]
fn a_missing_secret_is_named_when_the_sink_opens() {
    let root = tempfile::tempdir().unwrap();
    let c = WebhookSinkConfig::parse(
        "http://127.0.0.1:1/x#hmac_secret_env=SHRIKE_WEBHOOK_TEST_NOT_SET",
    )
    .unwrap();
    let err = WebhookSink::open(&c, root.path()).unwrap_err();
    assert!(
        err.to_string()
            .contains("hmac_secret_env=SHRIKE_WEBHOOK_TEST_NOT_SET: the environment variable SHRIKE_WEBHOOK_TEST_NOT_SET is not set"),
        "{err}"
    );
    let missing = root.path().join("no-such-secret");
    let c = WebhookSinkConfig::parse(&format!(
        "http://127.0.0.1:1/x#hmac_secret_file={}",
        missing.display()
    ))
    .unwrap();
    let err = WebhookSink::open(&c, root.path()).unwrap_err();
    assert!(err.to_string().contains("hmac_secret_file="), "{err}");
    let empty = root.path().join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let c = WebhookSinkConfig::parse(&format!(
        "http://127.0.0.1:1/x#hmac_secret_file={}",
        empty.display()
    ))
    .unwrap();
    let err = WebhookSink::open(&c, root.path()).unwrap_err();
    assert!(err.to_string().contains("the secret is empty"), "{err}");
}

#[test]
fn retries_408_429_5xx_and_timeouts_in_order_honouring_retry_after() {
    let server = Server::start();
    server.script([
        reply(500),
        reply(503),
        Reply {
            headers: vec![("Retry-After", "1".into())],
            ..reply(429)
        },
        reply(408),
        // Answered after the client's 1 s timeout: tried again.
        Reply {
            delay: Duration::from_millis(2500),
            ..reply(200)
        },
    ]);
    let root = tempfile::tempdir().unwrap();
    let mut sink = open(
        &format!("webhook:{}#timeout_secs=1", server.url()),
        root.path(),
    );
    for id in ["a", "b", "c"] {
        sink.deliver(&envelope(id)).unwrap();
    }
    let got = server.wait_for(8, Duration::from_secs(20));
    let names: Vec<String> = got.iter().map(Received::finding).collect();
    let a = name("a");
    assert_eq!(
        names,
        [&*a, &a, &a, &a, &a, &a, &name("b"), &name("c")],
        "the first finding is retried until accepted; the others wait behind it"
    );
    // Retry-After: 1 is honoured (the backoff alone would be 800 ms).
    let waited = got[3].at - got[2].at;
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(got[1].at - got[0].at >= Duration::from_millis(190));
    wait_until(Duration::from_secs(5), "the spool to drain", || {
        sink.delivery().delivered_total() == 3
    });
    assert_eq!(sink.delivery().failed_total(), 5);
    assert_eq!(sink.outages_total(), 1, "one outage, logged once");
    assert_eq!(sink.rejected_total(), 0);
    drop(sink);
    assert_eq!(
        server.received().len(),
        8,
        "nothing sent twice once accepted"
    );
}

#[test]
fn a_kept_alive_connection_closed_under_a_request_is_replaced_at_once() {
    let server = Server::start_with("127.0.0.1:0".parse().unwrap(), true);
    // The second request comes on the first's connection, and the receiver hangs up.
    server.script([reply(200), reply(0)]);
    let root = tempfile::tempdir().unwrap();
    let mut sink = open(&format!("webhook:{}", server.url()), root.path());
    sink.deliver(&envelope("first")).unwrap();
    server.wait_for(1, Duration::from_secs(10));
    wait_until(Duration::from_secs(5), "the first delivery", || {
        sink.delivery().delivered_total() == 1
    });
    sink.deliver(&envelope("second")).unwrap();
    let got = server.wait_for(3, Duration::from_secs(10));
    wait_until(Duration::from_secs(5), "the second delivery", || {
        sink.delivery().delivered_total() == 2
    });
    let names: Vec<String> = got.iter().map(Received::finding).collect();
    assert_eq!(names, [name("first"), name("second"), name("second")]);
    assert_eq!(got[0].conn, got[1].conn, "the connection was kept alive");
    assert_ne!(got[1].conn, got[2].conn, "the retry opened a new one");
    assert_eq!(sink.delivery().failed_total(), 1);
    assert_eq!(sink.outages_total(), 0, "no outage is reported");
}

#[test]
fn a_refused_finding_goes_to_rejected_jsonl_and_the_next_is_delivered() {
    let server = Server::start();
    server.script([
        Reply {
            body: "schema violation: severity".into(),
            ..reply(400)
        },
        Reply {
            headers: vec![("Location", "https://elsewhere.example/".into())],
            ..reply(302)
        },
    ]);
    let root = tempfile::tempdir().unwrap();
    let mut sink = open(&format!("webhook:{}", server.url()), root.path());
    for id in ["bad", "moved", "good"] {
        sink.deliver(&envelope(id)).unwrap();
    }
    let got = server.wait_for(3, Duration::from_secs(10));
    wait_until(Duration::from_secs(5), "the last delivery", || {
        sink.delivery().delivered_total() == 1
    });
    assert_eq!(sink.rejected_total(), 2);
    let series = format!("shrike_sink_rejected_total{{sink=\"{}\"}} 2\n", sink.name());
    let page = shrike_core::metrics::global().render();
    assert!(page.contains(&series), "{series} not in {page}");
    let rejected_path = sink.spool_dir().join(REJECTED_FILE);
    drop(sink);
    let names: Vec<String> = got.iter().map(Received::finding).collect();
    assert_eq!(names, [name("bad"), name("moved"), name("good")]);
    assert_eq!(
        server.received().len(),
        3,
        "no retry of a rejection, no redirect followed"
    );

    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&rejected_path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = std::fs::read_to_string(&rejected_path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert_eq!(lines[0]["status"], 400);
    assert_eq!(lines[0]["response"], "schema violation: severity");
    assert!(lines[0]["rejectedAt"].as_str().unwrap().ends_with('Z'));
    let kept: FindingEnvelope = serde_json::from_value(lines[0]["envelope"].clone()).unwrap();
    assert_eq!(kept, envelope("bad"));
    assert_eq!(lines[1]["status"], 302);
    assert_eq!(lines[1]["envelope"]["finding"]["name"], name("moved"));
}

#[test]
fn findings_spooled_while_the_receiver_is_down_are_delivered_when_it_comes_up() {
    let addr = free_port();
    let root = tempfile::tempdir().unwrap();
    let mut sink = open(
        &format!("webhook:http://{addr}{}", unique_path()),
        root.path(),
    );
    for id in ["1", "2", "3"] {
        sink.deliver(&envelope(id)).unwrap();
    }
    wait_until(Duration::from_secs(5), "a failed attempt", || {
        sink.delivery().failed_total() >= 2
    });
    assert_eq!(sink.delivery().delivered_total(), 0);
    let server = Server::start_on(addr);
    let got = server.wait_for(3, Duration::from_secs(15));
    let names: Vec<String> = got.iter().map(Received::finding).collect();
    assert_eq!(names, [name("1"), name("2"), name("3")]);
    wait_until(Duration::from_secs(5), "the commits", || {
        sink.delivery().delivered_total() == 3
    });
    assert_eq!(sink.outages_total(), 1);
}

#[test]
fn findings_left_at_drop_are_delivered_by_the_next_sink_on_the_same_spool() {
    let addr = free_port();
    let root = tempfile::tempdir().unwrap();
    let spec = format!("webhook:http://{addr}{}", unique_path());
    {
        let mut sink = open(&spec, root.path());
        sink.drain = Duration::from_millis(300);
        for id in ["x", "y"] {
            sink.deliver(&envelope(id)).unwrap();
        }
        sink.flush().unwrap();
        // Dropped with the receiver still down: both stay spooled.
    }
    let server = Server::start_on(addr);
    let sink = open(&spec, root.path());
    let got = server.wait_for(2, Duration::from_secs(10));
    let names: Vec<String> = got.iter().map(Received::finding).collect();
    assert_eq!(names, [name("x"), name("y")]);
    wait_until(Duration::from_secs(5), "the commits", || {
        sink.delivery().delivered_total() == 2
    });
    drop(sink);
    // A third start has nothing left to send.
    let sink = open(&spec, root.path());
    std::thread::sleep(Duration::from_millis(300));
    drop(sink);
    assert_eq!(server.received().len(), 2);
}

#[test]
fn a_full_spool_drops_and_counts() {
    let addr = free_port();
    let root = tempfile::tempdir().unwrap();
    let mut sink = open(
        &format!("webhook:http://{addr}{}#spool_max_mb=1", unique_path()),
        root.path(),
    );
    sink.drain = Duration::from_millis(50);
    let mut e = envelope("big");
    e.finding.description = "x".repeat(100 * 1024);
    for _ in 0..12 {
        sink.deliver(&e).unwrap();
    }
    assert_eq!(
        sink.delivery().dropped_total(),
        2,
        "ten 100 KiB findings fit in 1 MiB"
    );
}

#[test]
fn sink_debug_shows_no_secret() {
    let root = tempfile::tempdir().unwrap();
    std::env::set_var("SHRIKE_WEBHOOK_TEST_DEBUG", "sekrit-value");
    let sink = open(
        "webhook:http://u:pw-sekrit@127.0.0.1:1/x?k=tok#hmac_secret_env=SHRIKE_WEBHOOK_TEST_DEBUG",
        root.path(),
    );
    let shown = format!("{sink:?} {}", sink.name());
    for secret in ["sekrit", "tok"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let mut sink = sink;
    sink.drain = Duration::ZERO;
}
