//! Self-test of the WebDriver harness (`support/webdriver.rs`): a real headless Chromium against
//! fixed pages served from loopback by a tiny HTTP server in a thread.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    dead_code,
    reason = "test support code"
)]

// Only the WebDriver client: this test does not depend on the rest of `support`.
#[path = "support/webdriver.rs"]
mod webdriver;

use serde_json::json;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};
use webdriver::{decode_base64, Browser};

const INDEX: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Shrike harness</title></head>
<body><h1>Harness</h1><ul><li><a href="/form">form</a></li><li><a href="/lang">lang</a></li><li>three</li></ul></body></html>"#;

const FORM: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Harness form</title></head>
<body>
<form onsubmit="return false">
  <input id="name" name="name" value="prefilled">
  <button id="go" type="button" data-role="greet">Greet</button>
</form>
<p id="out">waiting</p>
<p id="hidden" style="display:none">secret</p>
<script>
document.getElementById('go').addEventListener('click', function () {
  var name = document.getElementById('name').value;
  // Later, so that the test has to wait for it.
  setTimeout(function () {
    var out = document.getElementById('out');
    out.textContent = 'Hello, ' + name + '!';
    out.className = 'done';
  }, 300);
});
</script>
</body></html>"#;

fn lang_page(accept_language: &str) -> String {
    let accept = accept_language
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Language</title></head>
<body><p id="lang"></p><p id="accept">{accept}</p>
<script>document.getElementById('lang').textContent = navigator.language;</script>
</body></html>"#
    )
}

/// Serves the fixed pages on `127.0.0.1:0`; returns the base URL. One thread per connection, so
/// Chromium's idle speculative connections cannot hold up the others.
fn serve_pages() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = handle(stream);
            });
        }
    });
    format!("http://{addr}")
}

fn handle(stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let mut accept_language = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            if k.eq_ignore_ascii_case("accept-language") {
                v.trim().clone_into(&mut accept_language);
            }
        }
    }
    let (status, body) = match path.as_str() {
        "/" => ("200 OK", INDEX.to_owned()),
        "/form" => ("200 OK", FORM.to_owned()),
        "/lang" => ("200 OK", lang_page(&accept_language)),
        _ => ("404 Not Found", "not found".to_owned()),
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

fn start(lang: Option<&str>) -> Option<Browser> {
    let t0 = Instant::now();
    let browser = match lang {
        Some(lang) => Browser::start_with_lang(lang),
        None => Browser::start(),
    }?;
    eprintln!(
        "browser ({}) started in {:?}",
        lang.unwrap_or("default"),
        t0.elapsed()
    );
    Some(browser)
}

#[test]
fn drives_pages_forms_scripts_screenshots_and_alerts() {
    let base = serve_pages();
    let Some(b) = start(None) else { return };

    b.goto(&format!("{base}/"));
    assert_eq!(b.title(), "Shrike harness");
    assert_eq!(b.current_url(), format!("{base}/"));
    assert_eq!(b.find_all("li").len(), 3);
    assert!(b.find_all(".absent").is_empty());

    // Navigation by clicking a link.
    b.find("a[href='/form']").click();
    b.wait_until("the form page is loaded", Duration::from_secs(10), |b| {
        b.title() == "Harness form"
    });
    assert_eq!(b.current_url(), format!("{base}/form"));

    let name = b.find("#name");
    assert_eq!(name.property("value"), json!("prefilled"));
    name.clear();
    name.send_keys("Ada");
    assert_eq!(name.property("value"), json!("Ada"));
    assert_eq!(
        name.attr("value").as_deref(),
        Some("prefilled"),
        "the attribute is the markup's"
    );

    let go = b.find("#go");
    assert_eq!(go.attr("data-role").as_deref(), Some("greet"));
    assert_eq!(go.attr("data-nope"), None);
    assert_eq!(go.text(), "Greet");
    assert!(b.find("#out").is_displayed());
    assert!(!b.find("#hidden").is_displayed());
    assert_eq!(b.find("#hidden").text(), "", "text() is the rendered text");

    go.click();
    assert_eq!(
        b.find("#out").text(),
        "waiting",
        "the page updates after 300 ms"
    );
    let out = b.wait_for("#out.done", Duration::from_secs(5));
    assert_eq!(out.text(), "Hello, Ada!");
    b.wait_until("the greeting is shown", Duration::from_secs(5), |b| {
        b.find("#out").text() == "Hello, Ada!"
    });
    // The element is replaced every few milliseconds (as a reloading page does) and reads
    // "replaced" only after 300 ms: found elements go stale before they are read, and the
    // wait looks them up again.
    b.execute(
        "var n = 0; var t = setInterval(function () {
           var old = document.getElementById('out'); var fresh = old.cloneNode(true);
           if (++n > 15) { fresh.textContent = 'replaced'; clearInterval(t); }
           old.replaceWith(fresh);
         }, 20);",
        vec![],
    );
    b.wait_for_text("#out", "replaced", Duration::from_secs(5));

    assert_eq!(
        b.execute(
            "return arguments[0] + arguments[1];",
            vec![json!(2), json!(3)]
        ),
        json!(5)
    );
    assert_eq!(
        b.execute("return document.title;", vec![]),
        json!("Harness form")
    );
    assert_eq!(
        b.execute("return navigator.language;", vec![]),
        json!("en-US")
    );
    assert_eq!(
        b.execute("return {a: [1, 'x', null], b: true};", vec![]),
        json!({"a": [1, "x", null], "b": true})
    );
    b.execute(
        "document.getElementById('out').textContent = arguments[0];",
        vec![json!("from script")],
    );
    assert_eq!(b.find("#out").text(), "from script");

    let png = b.screenshot_png();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG magic");
    assert!(
        png.len() > 2_000 && png.len() < 10_000_000,
        "plausible PNG size: {}",
        png.len()
    );
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    eprintln!("screenshot {width}x{height}, {} bytes", png.len());
    assert!(
        (800..=1280).contains(&width) && (500..=900).contains(&height),
        "{width}x{height}"
    );
    let path = b.save_screenshot("browser_harness-form");
    assert!(
        path.ends_with("screenshots/browser_harness-form.png"),
        "{}",
        path.display()
    );
    let meta = std::fs::metadata(&path).unwrap();
    assert!(meta.len() > 2_000, "{}", path.display());

    assert_eq!(b.alert_text(), None);
    assert_eq!(b.execute("alert('hi')", vec![]), json!(null));
    assert_eq!(b.alert_text().as_deref(), Some("hi"));
    b.dismiss_alert();
    assert_eq!(b.alert_text(), None);
    b.execute("window.answer = confirm('sure?')", vec![]);
    assert_eq!(b.alert_text().as_deref(), Some("sure?"));
    b.accept_alert();
    assert_eq!(b.execute("return window.answer;", vec![]), json!(true));
}

#[test]
fn language_is_settable() {
    let base = serve_pages();
    let Some(b) = start(Some("fr")) else { return };
    b.goto(&format!("{base}/lang"));
    assert_eq!(b.find("#lang").text(), "fr");
    assert_eq!(b.execute("return navigator.language;", vec![]), json!("fr"));
    let accept = b.find("#accept").text();
    assert!(accept.starts_with("fr"), "Accept-Language: {accept:?}");
}

#[test]
fn waits_fail_naming_what_they_waited_for() {
    let base = serve_pages();
    let Some(b) = start(None) else { return };
    b.goto(&format!("{base}/form"));

    let t0 = Instant::now();
    let err = catch_unwind(AssertUnwindSafe(|| {
        b.wait_for("#missing-thing", Duration::from_millis(300));
    }))
    .expect_err("wait_for an absent selector panics");
    let msg = panic_message(&*err);
    assert!(msg.contains("#missing-thing"), "{msg}");
    assert!(msg.contains("screenshot: "), "{msg}");
    assert!(t0.elapsed() < Duration::from_secs(5), "{:?}", t0.elapsed());

    let err = catch_unwind(AssertUnwindSafe(|| {
        b.wait_until("pigs fly", Duration::from_millis(200), |_| false);
    }))
    .expect_err("wait_until a false condition panics");
    assert!(panic_message(&*err).contains("pigs fly"));

    let err = catch_unwind(AssertUnwindSafe(|| {
        b.wait_for_text("#out", "never", Duration::from_millis(200));
    }))
    .expect_err("wait_for_text of text that never shows panics");
    let msg = panic_message(&*err);
    assert!(msg.contains("#out") && msg.contains("\"waiting\""), "{msg}");

    // The session is still usable after the failures.
    assert_eq!(b.title(), "Harness form");
}

#[test]
fn base64_decodes() {
    let cases: &[(&str, &[u8])] = &[
        ("", b""),
        ("Zg==", b"f"),
        ("Zm8=", b"fo"),
        ("Zm9v", b"foo"),
        ("Zm9vYg==", b"foob"),
        ("Zm9vYmE=", b"fooba"),
        ("Zm9vYmFy", b"foobar"),
        ("Zm9v\nYmFy", b"foobar"),
        ("+/8=", &[0xfb, 0xff]),
    ];
    for (input, want) in cases {
        assert_eq!(decode_base64(input).unwrap(), *want, "{input:?}");
    }
    assert!(decode_base64("Zm9v!").is_err());
}

fn panic_message(err: &(dyn std::any::Any + Send)) -> String {
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default()
}
