//! A small synchronous W3C WebDriver client that drives a real headless Chromium (Debian packages
//! `chromium` and `chromium-driver`) through a `chromedriver` child on loopback.
//!
//! [`Browser::start`] spawns `/usr/bin/chromedriver --port=0` (it prints the port it bound, so
//! there is no port race), opens one session on `/usr/bin/chromium` with a fresh profile in a
//! temporary directory, and [`Drop`] deletes the session and stops chromedriver. Chromium runs
//! with flags that keep it off the network: every connection it makes is to what the test
//! navigates to (loopback) and to chromedriver on `127.0.0.1`.
//!
//! Every method panics with a message naming what failed: a test's failure report. Waits that
//! time out save a screenshot under `$CARGO_TARGET_TMPDIR/screenshots/` and name it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    dead_code,
    reason = "test support code"
)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The Debian launcher script for Chromium (it execs `/usr/lib/chromium/chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The Debian chromedriver; must be the same version as Chromium (same source package).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// How long chromedriver may take to report that it listens.
const DRIVER_START_TIMEOUT: Duration = Duration::from_secs(20);
/// Ceiling for one WebDriver command over HTTP (new session, navigation, script...).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// Page loads and scripts time out inside the browser first, so the error is WebDriver's.
const PAGE_LOAD_TIMEOUT_MS: u64 = 20_000;
const SCRIPT_TIMEOUT_MS: u64 = 20_000;
/// How long [`Browser::find`] waits for its selector.
const FIND_TIMEOUT: Duration = Duration::from_secs(5);
const POLL_INTERVAL: Duration = Duration::from_millis(50);
/// W3C web element reference key.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium flags: headless, root-friendly, and nothing that reaches for the internet.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
    // Extra insurance against outbound traffic and background noise.
    "--no-proxy-server",
    "--no-pings",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--password-store=basic",
    // Resolve no host name but loopback's: no DNS query leaves the machine (Debian's default
    // search engine is otherwise looked up and preconnected at startup).
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,\
     AutofillServerCommunication,CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying,\
     InterestFeedContentSuggestions,PrivacySandboxSettings4",
];

/// An error reported by chromedriver (or by the HTTP transport to it).
#[derive(Debug, Clone)]
pub struct WdError {
    /// The W3C error code (`no such element`, `unexpected alert open`...), or `transport`.
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WdError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // chromedriver appends session info and a native stack trace: keep the first line.
        let first = self.message.lines().next().unwrap_or("");
        write!(f, "{}: {first}", self.error)
    }
}

/// One headless Chromium session, owned with its chromedriver.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:<port>`
    driver_url: String,
    /// `http://127.0.0.1:<port>/session/<id>`
    session_url: String,
    driver: Child,
    /// Chromium's browser process, to reap if chromedriver could not stop it.
    chrome_pid: Option<u32>,
    /// Holds `profile/` (the `--user-data-dir`) and `chromedriver.log`.
    dir: tempfile::TempDir,
    startup: Duration,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium in `en-US`.
    ///
    /// Returns `None` after printing `<why>: skipped` when Chromium or chromedriver is not
    /// installed, unless the `CI` environment variable is set, in which case it panics (CI must
    /// run browser tests). Panics if they are installed but do not start.
    pub fn start() -> Option<Browser> {
        Self::start_with_lang("en-US")
    }

    /// Like [`Browser::start`], with the browser language set to `lang` (`--lang` and the
    /// `intl.accept_languages` preference): `navigator.language` and `Accept-Language`.
    pub fn start_with_lang(lang: &str) -> Option<Browser> {
        for (path, package) in [(CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")] {
            if !Path::new(path).exists() {
                let why = format!("browser test: {path} not found (apt-get install {package})");
                if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
                    panic!("{why}; CI is set, and CI must run the browser tests");
                }
                eprintln!("{why}: skipped");
                return None;
            }
        }
        Some(Self::launch(lang))
    }

    fn launch(lang: &str) -> Browser {
        let t0 = Instant::now();
        let dir = tempfile::Builder::new()
            .prefix("shrike-browser-")
            .tempdir()
            .expect("temporary directory for the browser profile");
        let profile = dir.path().join("profile");
        std::fs::create_dir(&profile).expect("browser profile directory");
        let log = dir.path().join("chromedriver.log");

        let mut driver = Command::new(CHROMEDRIVER)
            .arg("--port=0")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawning {CHROMEDRIVER}: {e}"));

        // chromedriver prints "ChromeDriver was started successfully on port N." on stdout. Read
        // it on a thread (which then drains stdout until chromedriver exits) to bound the wait.
        let stdout = driver.stdout.take().expect("chromedriver stdout is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("started successfully on port ").nth(1) {
                    let port = rest.trim_end_matches('.').trim().parse::<u16>().ok();
                    if let (Some(tx), Some(port)) = (tx.take(), port) {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        let port = match rx.recv_timeout(DRIVER_START_TIMEOUT) {
            Ok(port) => port,
            Err(e) => {
                let _ = driver.kill();
                let status = driver.wait().map(|s| s.to_string()).unwrap_or_default();
                panic!(
                    "chromedriver did not report its port within {DRIVER_START_TIMEOUT:?} ({e}; \
                     exit: {status}); log tail:\n{}",
                    log_tail(&log)
                );
            }
        };

        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(5))
            .timeout(COMMAND_TIMEOUT)
            .build();
        let driver_url = format!("http://127.0.0.1:{port}");
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|s| (*s).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        args.push(format!("--lang={lang}"));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    // Leave alerts open for alert_text() instead of dismissing them on the next
                    // command.
                    "unhandledPromptBehavior": "ignore",
                    "timeouts": {
                        "implicit": 0,
                        "pageLoad": PAGE_LOAD_TIMEOUT_MS,
                        "script": SCRIPT_TIMEOUT_MS,
                    },
                    "goog:chromeOptions": {
                        "binary": CHROMIUM,
                        "args": args,
                        "prefs": {
                            "intl.accept_languages": lang,
                            // No DNS prefetching or preconnecting.
                            "net.network_prediction_options": 2,
                        },
                    },
                }
            }
        });
        let created = match request(
            &agent,
            "POST",
            &format!("{driver_url}/session"),
            Some(capabilities),
        ) {
            Ok(v) => v,
            Err(e) => {
                let _ = driver.kill();
                let _ = driver.wait();
                panic!(
                    "chromedriver could not start Chromium: {e}; log tail:\n{}",
                    log_tail(&log)
                );
            }
        };
        let Some(session) = created.get("sessionId").and_then(Value::as_str) else {
            let _ = driver.kill();
            let _ = driver.wait();
            panic!("new session response without a sessionId: {created}");
        };
        let chrome_pid = created
            .pointer("/capabilities/goog:processID")
            .and_then(Value::as_u64)
            .and_then(|p| u32::try_from(p).ok());
        Browser {
            agent,
            session_url: format!("{driver_url}/session/{session}"),
            driver_url,
            driver,
            chrome_pid,
            dir,
            startup: t0.elapsed(),
        }
    }

    /// How long [`Browser::start`] took (chromedriver up, Chromium launched, session open).
    pub fn startup_time(&self) -> Duration {
        self.startup
    }

    /// Navigates and waits for the page to load.
    pub fn goto(&self, url: &str) {
        self.must(
            "POST",
            "/url",
            Some(json!({ "url": url })),
            &format!("navigating to {url}"),
        );
    }

    pub fn title(&self) -> String {
        as_string(self.must("GET", "/title", None, "reading the title"))
    }

    pub fn current_url(&self) -> String {
        as_string(self.must("GET", "/url", None, "reading the current URL"))
    }

    /// The first element matching `css`, waiting up to 5 s for it to appear; panics naming the
    /// selector if it does not.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.wait_for(css, FIND_TIMEOUT)
    }

    /// Every element matching `css` now (no waiting; possibly none).
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let found = self.must(
            "POST",
            "/elements",
            Some(json!({ "using": "css selector", "value": css })),
            &format!("finding all of {css:?}"),
        );
        found
            .as_array()
            .map(|a| a.iter().filter_map(|v| self.element(v)).collect())
            .unwrap_or_default()
    }

    /// The first element matching `css` once one is in the document (displayed or not), polling
    /// up to `timeout`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element<'_> {
        let start = Instant::now();
        loop {
            let body = json!({ "using": "css selector", "value": css });
            match self.send("POST", "/element", Some(body)) {
                Ok(v) => {
                    if let Some(e) = self.element(&v) {
                        return e;
                    }
                    panic!("finding {css:?}: unexpected response {v}");
                }
                Err(e) if e.error == "no such element" => {}
                Err(e) => panic!("finding {css:?}: {e}"),
            }
            if start.elapsed() >= timeout {
                self.fail(&format!("no element matches {css:?} after {timeout:?}"));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Polls until an element matching `css` shows exactly `expected` as its text, or panics
    /// after `timeout`. The page may be reloading meanwhile: an element that is not there yet,
    /// or that went stale between being found and being read, is looked up again.
    pub fn wait_for_text(&self, css: &str, expected: &str, timeout: Duration) {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let body = json!({ "using": "css selector", "value": css });
            let text = self.send("POST", "/element", Some(body)).and_then(|v| {
                let id = self.element(&v).map(|e| e.id.clone()).unwrap_or_default();
                self.send("GET", &format!("/element/{id}/text"), None)
            });
            match text {
                Ok(v) => {
                    last = as_string(v);
                    if last == expected {
                        return;
                    }
                }
                Err(e)
                    if matches!(
                        e.error.as_str(),
                        "no such element" | "stale element reference"
                    ) => {}
                Err(e) => panic!("reading the text of {css:?}: {e}"),
            }
            if start.elapsed() >= timeout {
                self.fail(&format!(
                    "timed out after {timeout:?} waiting for {css:?} to read {expected:?} (last: {last:?})"
                ));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Polls `cond` until it holds, or panics naming `what` after `timeout`.
    pub fn wait_until(&self, what: &str, timeout: Duration, cond: impl Fn(&Browser) -> bool) {
        let start = Instant::now();
        loop {
            if cond(self) {
                return;
            }
            if start.elapsed() >= timeout {
                self.fail(&format!("timed out after {timeout:?} waiting until {what}"));
            }
            std::thread::sleep(POLL_INTERVAL);
        }
    }

    /// Runs `script` as a function body (`return ...` to return; `arguments[i]` are `args`).
    /// A script that opens an alert returns `null` and leaves the alert open.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        let what = format!("executing {:?}", truncate(script, 120));
        self.must(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
            &what,
        )
    }

    /// A PNG of the viewport.
    pub fn screenshot_png(&self) -> Vec<u8> {
        self.try_screenshot()
            .unwrap_or_else(|e| panic!("taking a screenshot: {e}"))
    }

    /// Writes a screenshot to `$CARGO_TARGET_TMPDIR/screenshots/<name>.png` and returns the path.
    pub fn save_screenshot(&self, name: &str) -> PathBuf {
        let png = self.screenshot_png();
        write_screenshot(name, &png).unwrap_or_else(|e| panic!("saving screenshot {name:?}: {e}"))
    }

    /// The text of the open alert, confirm or prompt, if one is open.
    pub fn alert_text(&self) -> Option<String> {
        match self.send("GET", "/alert/text", None) {
            Ok(v) => Some(as_string(v)),
            Err(e) if e.error == "no such alert" => None,
            Err(e) => panic!("reading the alert text: {e}"),
        }
    }

    /// Accepts (OK) the open alert, confirm or prompt; panics if none is open.
    pub fn accept_alert(&self) {
        self.must(
            "POST",
            "/alert/accept",
            Some(json!({})),
            "accepting the alert",
        );
    }

    /// Dismisses (Cancel) the open alert, confirm or prompt; panics if none is open.
    pub fn dismiss_alert(&self) {
        self.must(
            "POST",
            "/alert/dismiss",
            Some(json!({})),
            "dismissing the alert",
        );
    }

    /// One WebDriver command on this session; `path` is relative to `/session/<id>`.
    pub fn send(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, WdError> {
        request(
            &self.agent,
            method,
            &format!("{}{path}", self.session_url),
            body,
        )
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>, what: &str) -> Value {
        self.send(method, path, body)
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    }

    fn element(&self, v: &Value) -> Option<Element<'_>> {
        let id = v.get(ELEMENT_KEY)?.as_str()?;
        Some(Element {
            browser: self,
            id: id.to_owned(),
        })
    }

    fn try_screenshot(&self) -> Result<Vec<u8>, String> {
        let v = self
            .send("GET", "/screenshot", None)
            .map_err(|e| e.to_string())?;
        decode_base64(
            v.as_str()
                .ok_or_else(|| format!("screenshot is not a string: {v}"))?,
        )
    }

    /// Panics with `msg`, the current URL and a screenshot path when one can be taken.
    fn fail(&self, msg: &str) -> ! {
        let url = self
            .send("GET", "/url", None)
            .map(as_string)
            .unwrap_or_else(|e| e.to_string());
        let name = format!("failure-{}", truncate(msg, 80));
        let shot = match self
            .try_screenshot()
            .and_then(|png| write_screenshot(&name, &png))
        {
            Ok(path) => format!("screenshot: {}", path.display()),
            Err(e) => format!("no screenshot: {e}"),
        };
        panic!("{msg} (at {url}; {shot})");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Never panics: every step is best effort, bounded by short timeouts.
        let quick = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(2))
            .timeout(Duration::from_secs(10))
            .build();
        let _ = quick.delete(&self.session_url).call();
        // Quits whatever sessions remain and exits chromedriver.
        let _ = quick.get(&format!("{}/shutdown", self.driver_url)).call();
        let deadline = Instant::now() + Duration::from_secs(3);
        loop {
            match self.driver.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => std::thread::sleep(POLL_INTERVAL),
                _ => {
                    let _ = self.driver.kill();
                    let _ = self.driver.wait();
                    break;
                }
            }
        }
        // If Chromium outlived chromedriver, kill it, having checked that the pid is still ours
        // (its command line names our profile directory).
        if let Some(pid) = self.chrome_pid {
            let profile = self.dir.path().join("profile");
            let ours = std::fs::read(format!("/proc/{pid}/cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(&*profile.to_string_lossy()))
                .unwrap_or(false);
            if ours {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

/// An element of the page of the [`Browser`] it borrows.
#[derive(Debug)]
pub struct Element<'a> {
    browser: &'a Browser,
    id: String,
}

impl Element<'_> {
    pub fn click(&self) {
        self.must("POST", "/click", Some(json!({})), "clicking");
    }

    /// Types `text` into the element (appending to what is there).
    pub fn send_keys(&self, text: &str) {
        self.must(
            "POST",
            "/value",
            Some(json!({ "text": text })),
            "typing into",
        );
    }

    pub fn clear(&self) {
        self.must("POST", "/clear", Some(json!({})), "clearing");
    }

    /// The rendered (visible) text.
    pub fn text(&self) -> String {
        as_string(self.must("GET", "/text", None, "reading the text of"))
    }

    /// The HTML attribute `name` as written in the markup, if present.
    pub fn attr(&self, name: &str) -> Option<String> {
        let path = format!("/attribute/{}", path_segment(name));
        match self.must(
            "GET",
            &path,
            None,
            &format!("reading attribute {name:?} of"),
        ) {
            Value::Null => None,
            Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }

    /// The DOM property `name` (`value`, `checked`...), `null` when undefined.
    pub fn property(&self, name: &str) -> Value {
        let path = format!("/property/{}", path_segment(name));
        self.must("GET", &path, None, &format!("reading property {name:?} of"))
    }

    pub fn is_displayed(&self) -> bool {
        let v = self.must("GET", "/displayed", None, "checking the visibility of");
        v.as_bool()
            .unwrap_or_else(|| panic!("displayed: not a boolean: {v}"))
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>, what: &str) -> Value {
        let full = format!("/element/{}{path}", self.id);
        self.browser
            .send(method, &full, body)
            .unwrap_or_else(|e| panic!("{what} element {}: {e}", self.id))
    }
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser")
            .field("session", &self.session_url)
            .finish_non_exhaustive()
    }
}

/// One HTTP exchange with chromedriver; returns the response's `value`.
fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, WdError> {
    let req = agent.request(method, url);
    let res = match body {
        Some(body) => req.send_json(body),
        None => req.call(),
    };
    let transport = |message: String| WdError {
        error: "transport".into(),
        message,
    };
    match res {
        Ok(resp) => {
            let mut v: Value = resp
                .into_json()
                .map_err(|e| transport(format!("{method} {url}: {e}")))?;
            Ok(v.get_mut("value").map(Value::take).unwrap_or(Value::Null))
        }
        Err(ureq::Error::Status(code, resp)) => {
            let v: Value = resp.into_json().unwrap_or(Value::Null);
            let field = |k: &str| {
                v.pointer(&format!("/value/{k}"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            Err(WdError {
                error: field("error").unwrap_or_else(|| format!("HTTP {code}")),
                message: field("message").unwrap_or_else(|| v.to_string()),
            })
        }
        Err(e) => Err(transport(format!("{method} {url}: {e}"))),
    }
}

fn as_string(v: Value) -> String {
    match v {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        s.chars().take(max).chain(std::iter::once('…')).collect()
    }
}

/// Percent-encodes what is not an unreserved URL character.
fn path_segment(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn write_screenshot(name: &str, png: &[u8]) -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let path = dir.join(format!("{file}.png"));
    std::fs::write(&path, png).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

fn log_tail(log: &Path) -> String {
    let text = std::fs::read(log)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Standard base64 (RFC 4648, `+/`, padding optional, whitespace ignored).
pub fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (i, c) in s.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            b'\r' | b'\n' | b' ' | b'\t' => continue,
            _ => return Err(format!("invalid base64 byte {c:#04x} at {i}")),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
