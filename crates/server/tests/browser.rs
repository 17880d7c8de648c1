//! The console in a real headless Chromium (Debian's `chromium` + `chromium-driver`, W3C
//! WebDriver): filter, open a finding, switch tabs and language, triage, watch a live update
//! arrive, and prove that attacker-written strings never run. Screenshots are kept under
//! `target/tmp/screenshots/` as artifacts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

mod support;

use shrike_core::catalogue::FindingType;
use shrike_core::finding::{File, Process};
use shrike_core::time::{now_ns, rfc3339_nanos};
use std::time::Duration;
use support::server::{default_seed, envelope, start_with};
use support::webdriver::Browser;

/// A finding whose argv, binary path, container and script try to run script in the console.
fn hostile() -> shrike_core::finding::FindingEnvelope {
    let payload = "<img src=x onerror=\"document.title='pwned';window.pwned=1\"><script>window.pwned=2</script>";
    let mut f = envelope("shrike", 77, FindingType::ReverseShell, payload);
    f.finding.processes = vec![
        Process {
            name: "sh".into(),
            binary: Some(File {
                path: format!("/tmp/{payload}"),
                ..File::default()
            }),
            script: Some(File {
                path: "/tmp/x.sh".into(),
                contents: Some(format!("</pre>{payload}")),
                ..File::default()
            }),
            args: vec!["sh".into(), "-c".into(), payload.into()],
            pid: 77,
            parent_pid: 1,
            ..Process::default()
        },
        Process {
            name: "node".into(),
            args: vec!["node".into(), "/app/server.js".into()],
            pid: 1,
            ..Process::default()
        },
    ];
    f.finding.containers = vec![shrike_core::finding::Container {
        name: payload.into(),
        uri: Some("shop/web:1".into()),
        ..Default::default()
    }];
    f
}

fn assert_not_pwned(b: &Browser, page: &str) {
    assert_eq!(b.alert_text(), None, "{page}: an alert opened");
    assert!(
        !b.title().contains("pwned"),
        "{page}: title changed by injected script"
    );
    assert_eq!(
        b.execute("return window.pwned === undefined;", vec![]),
        serde_json::json!(true),
        "{page}: injected script ran"
    );
}

#[test]
fn console_in_a_real_browser() {
    let Some(b) = Browser::start() else { return };
    let mut seed = default_seed();
    seed.push(hostile());
    let s = start_with("127.0.0.1:0", None, &seed).unwrap();

    // The list: all findings, the chart, nothing injected ran.
    b.goto(&format!("{}/", s.url));
    b.wait_for("#findings", Duration::from_secs(10));
    assert_eq!(b.find_all("tr.finding").len(), 32);
    assert!(b.find("#chart").is_displayed());
    assert_not_pwned(&b, "list");
    b.save_screenshot("console-list");

    // Filter by category through the form.
    b.execute(
        "document.getElementById('f-category').value = arguments[0];",
        vec![serde_json::json!("Reverse Shell")],
    );
    b.find("#apply").click();
    b.wait_until("the filtered list", Duration::from_secs(10), |b| {
        b.current_url().contains("category=Reverse")
    });
    assert_eq!(b.find_all("tr.finding").len(), 2);
    assert!(b
        .find("#filter")
        .text()
        .contains("category=\"Reverse Shell\""));

    // Free-text search, then open the hostile finding.
    b.goto(&format!("{}/?q=onerror", s.url));
    assert_eq!(b.find_all("tr.finding").len(), 1);
    b.find("tr.finding a").click();
    b.wait_for("#tab-summary-label", Duration::from_secs(10));
    assert!(b.current_url().ends_with(&format!("/findings/{:032x}", 77)));
    assert!(b.find("#panel-summary").is_displayed());
    assert!(!b.find("#panel-json").is_displayed());
    assert!(
        b.find("#args").text().contains("<img src=x onerror="),
        "the payload is shown as text"
    );
    assert!(b.find("#ancestry").text().contains("/app/server.js"));
    assert_not_pwned(&b, "finding summary");
    b.save_screenshot("console-finding-summary");

    // The JSON tab shows the exact finding.
    b.find("#tab-json-label").click();
    b.wait_until("the JSON tab", Duration::from_secs(5), |b| {
        b.find("#panel-json").is_displayed()
    });
    assert!(!b.find("#panel-summary").is_displayed());
    let json: serde_json::Value = serde_json::from_str(&b.find("#finding-json").text()).unwrap();
    assert_eq!(
        json["finding"]["name"],
        format!("projects/p/sources/shrike/findings/{:032x}", 77)
    );
    assert_eq!(
        json["finding"]["processes"][0]["args"][2],
        hostile().finding.processes[0].args[2]
    );
    assert_not_pwned(&b, "finding JSON");
    b.save_screenshot("console-finding-json");

    // Triage from the page: the buttons call the API and the page reloads with the new state.
    b.find("#tab-summary-label").click();
    b.find("#set-state").click();
    b.wait_for_text("#state", "INACTIVE", Duration::from_secs(10));
    b.find("#set-mute").click();
    b.wait_for_text("#mute", "MUTED", Duration::from_secs(10));

    // The finding type's page, in the browser's language, then switched by hand.
    drop(b);
    let Some(fr) = Browser::start_with_lang("fr") else {
        return;
    };
    fr.goto(&format!("{}/docs/REVERSE_SHELL", s.url));
    fr.wait_for("#doc", Duration::from_secs(10));
    assert_eq!(fr.find("#doc").attr("lang").as_deref(), Some("fr"));
    fr.save_screenshot("console-docs-fr");
    fr.find("#languages a[lang=id]").click();
    fr.wait_until("the Indonesian page", Duration::from_secs(10), |b| {
        b.find("#doc").attr("lang").as_deref() == Some("id")
    });
    fr.save_screenshot("console-docs-id");

    // Live update: a finding written to the store appears on an open list without a reload.
    fr.goto(&format!("{}/", s.url));
    fr.wait_for("#findings", Duration::from_secs(10));
    let before = fr.find_all("tr.finding").len();
    std::thread::sleep(Duration::from_millis(300));
    let mut fresh = envelope(
        "shrike",
        500,
        FindingType::LaunchCodeCompilerToolInContainer,
        "live",
    );
    fresh.finding.create_time = rfc3339_nanos(now_ns());
    shrike_store::open(&format!(
        "sqlite:{}",
        s.dir.path().join("shrike.db").display()
    ))
    .unwrap()
    .insert(&[fresh])
    .unwrap();
    fr.wait_until("the live row", Duration::from_secs(15), |b| {
        b.find_all("tr.finding").len() == before + 1
    });
    assert!(fr.find("#live-count").text().contains("1 new"));
    let path = fr.save_screenshot("console-live-update");
    assert!(std::fs::metadata(path).unwrap().len() > 5_000);
}
