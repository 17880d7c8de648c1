//! The HTTP API on loopback, over a real SQLite store, with a real HTTP client.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

mod support;

use serde_json::{json, Value};
use shrike_core::catalogue::FindingType;
use shrike_core::time::{now_ns, rfc3339_nanos};
use std::io::{BufRead, BufReader};
use std::time::Duration;
use support::server::{envelope, start};

fn get(url: &str) -> (u16, Value) {
    match ureq::get(url).call() {
        Ok(r) => (r.status(), r.into_json().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn post(url: &str, body: Value) -> (u16, Value) {
    match ureq::post(url).send_json(body) {
        Ok(r) => (r.status(), r.into_json().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_json().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    }
}

#[test]
fn lists_like_scc_with_filters_and_pages() {
    let s = start("127.0.0.1:0", None).unwrap();
    let base = format!("{}/v1/projects/p/sources", s.url);
    let (code, body) = get(&format!("{base}/-/findings"));
    assert_eq!(code, 200);
    assert_eq!(body["totalSize"], 31);
    assert_eq!(body["listFindingsResults"].as_array().unwrap().len(), 31);
    assert!(body["listFindingsResults"][0]["finding"]["name"].is_string());
    assert!(body["listFindingsResults"][0]["resource"]["type"].is_string());
    assert_eq!(body["nextPageToken"], "");
    // One source only.
    let (_, body) = get(&format!("{base}/other/findings"));
    assert_eq!(body["totalSize"], 10);
    // Filter, URL-encoded.
    let (code, body) = get(&format!(
        "{base}/-/findings?filter=category%3D%22Reverse%20Shell%22"
    ));
    assert_eq!(code, 200);
    assert_eq!(body["totalSize"], 1);
    // Pages: 31 findings, 10 per page.
    let mut token = String::new();
    let mut names = Vec::new();
    loop {
        let (code, body) = get(&format!(
            "{base}/-/findings?pageSize=10&orderBy=event_time%20desc&pageToken={token}"
        ));
        assert_eq!(code, 200);
        for r in body["listFindingsResults"].as_array().unwrap() {
            names.push(r["finding"]["name"].as_str().unwrap().to_owned());
        }
        token = body["nextPageToken"].as_str().unwrap().to_owned();
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(names.len(), 31);
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(unique.len(), 31);
}

#[test]
fn bad_requests_name_the_problem() {
    let s = start("127.0.0.1:0", None).unwrap();
    let base = format!("{}/v1/projects/p/sources/-/findings", s.url);
    let (code, body) = get(&format!("{base}?filter=category%3D"));
    assert_eq!(code, 400);
    assert_eq!(body["error"]["status"], "INVALID_ARGUMENT");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("column 9: '=' needs a value"),
        "{body}"
    );
    let (code, _) = get(&format!("{base}?pageSize=ten"));
    assert_eq!(code, 400);
    let (code, _) = get(&format!("{base}?pageToken=forged"));
    assert_eq!(code, 400);
    let (code, body) = get(&format!(
        "{}/v1/projects/p/sources/shrike/findings/nope",
        s.url
    ));
    assert_eq!(code, 404);
    assert_eq!(body["error"]["status"], "NOT_FOUND");
}

#[test]
fn get_set_state_and_mute() {
    let s = start("127.0.0.1:0", None).unwrap();
    let id = format!("{:032x}", 31);
    let url = format!("{}/v1/projects/p/sources/shrike/findings/{id}", s.url);
    let (code, body) = get(&url);
    assert_eq!(code, 200);
    // Hostile strings come back exactly as stored, as JSON data.
    assert_eq!(
        body["finding"]["sourceProperties"]["Args"],
        "<script>alert('x')</script>\"; DROP TABLE findings; --"
    );
    let (code, body) = post(&format!("{url}:setState"), json!({"state": "INACTIVE"}));
    assert_eq!(code, 200);
    assert_eq!(body["finding"]["state"], "INACTIVE");
    let (code, body) = post(&format!("{url}:setMute"), json!({"mute": "MUTED"}));
    assert_eq!(code, 200);
    assert_eq!(body["finding"]["mute"], "MUTED");
    assert_eq!(get(&url).1["finding"]["state"], "INACTIVE");
    let (code, _) = post(&format!("{url}:setState"), json!({"state": "DONE"}));
    assert_eq!(code, 400);
    let (code, _) = post(&format!("{url}:explode"), json!({}));
    assert_eq!(code, 404);
    let (_, body) = get(&format!(
        "{}/v1/projects/p/sources/-/findings?filter=state%3D%22INACTIVE%22",
        s.url
    ));
    assert_eq!(body["totalSize"], 1);
}

#[test]
fn openapi_document_is_served_and_lists_every_route() {
    let s = start("127.0.0.1:0", None).unwrap();
    let (code, doc) = get(&format!("{}/v1/openapi.json", s.url));
    assert_eq!(code, 200);
    assert_eq!(doc["openapi"], "3.0.3");
    for path in [
        "/v1/projects/{project}/sources/{source}/findings",
        "/v1/projects/{project}/sources/{source}/findings/{finding}",
        "/v1/projects/{project}/sources/{source}/findings/{finding}:setState",
        "/v1/projects/{project}/sources/{source}/findings/{finding}:setMute",
        "/v1/findings:stream",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
}

#[test]
fn stream_sends_new_findings() {
    let s = start("127.0.0.1:0", None).unwrap();
    let stream = ureq::get(&format!("{}/v1/findings:stream", s.url))
        .timeout(Duration::from_secs(10))
        .call()
        .unwrap();
    assert_eq!(stream.header("content-type"), Some("text/event-stream"));
    let mut reader = BufReader::new(stream.into_reader());
    // A finding created now, by another writer of the same store.
    std::thread::sleep(Duration::from_millis(200));
    let mut fresh = envelope("shrike", 99, FindingType::ReverseShell, "fresh");
    fresh.finding.create_time = rfc3339_nanos(now_ns());
    let mut store = shrike_store::open(&format!(
        "sqlite:{}",
        s.dir.path().join("shrike.db").display()
    ))
    .unwrap();
    store.insert(&[fresh.clone()]).unwrap();
    let mut event = String::new();
    let mut data = String::new();
    for line in (&mut reader).lines() {
        let line = line.unwrap();
        if let Some(e) = line.strip_prefix("event: ") {
            event = e.to_owned();
        } else if let Some(d) = line.strip_prefix("data: ") {
            data = d.to_owned();
            break;
        }
    }
    assert_eq!(event, "finding");
    let got: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(got["finding"]["name"], fresh.finding.name.as_str());
    assert_eq!(got["finding"]["sourceProperties"]["Args"], "fresh");
}

#[test]
fn off_loopback_needs_a_token_and_checks_it() {
    assert!(matches!(
        start("0.0.0.0:0", None),
        Err(shrike_server::ServeError::TokenRequired { .. })
    ));
    let s = start("0.0.0.0:0", Some("s3cret-token")).unwrap();
    assert!(!s.addr.ip().is_loopback());
    let url = format!("{}/v1/projects/p/sources/-/findings", s.url);
    let (code, body) = get(&url);
    assert_eq!(code, 401);
    assert_eq!(body["error"]["status"], "UNAUTHENTICATED");
    let wrong = ureq::get(&url)
        .set("Authorization", "Bearer s3cret-tokeX")
        .call();
    assert!(matches!(wrong, Err(ureq::Error::Status(401, _))));
    let ok = ureq::get(&url)
        .set("Authorization", "Bearer s3cret-token")
        .call()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let stream = ureq::get(&format!("{}/v1/findings:stream", s.url)).call();
    assert!(matches!(stream, Err(ureq::Error::Status(401, _))));
}
