//! `GET /metrics` on loopback, over a real SQLite store, with a real HTTP client: the process's
//! registry in the Prometheus text format, behind the API's bearer token.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

mod support;

use shrike_core::metrics::{self, names};
use support::server::start;

/// Status, content type and body of a GET.
fn get(url: &str, token: Option<&str>) -> (u16, String, String) {
    let mut request = ureq::get(url);
    if let Some(t) = token {
        request = request.set("Authorization", &format!("Bearer {t}"));
    }
    let response = match request.call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.into_string().unwrap())
}

/// The value of the sample line `series` (`name{labels}` exactly as rendered).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .map(|v| v.parse().unwrap())
}

#[test]
fn metrics_are_served_in_the_prometheus_text_format() {
    let s = start("127.0.0.1:0", None).unwrap();
    // A counter incremented here is the one the server renders: one registry per process. Its
    // label value carries every character the format must escape.
    let counter = metrics::global().counter(
        "shrike_server_test_scrapes_total",
        "Incremented by the metrics integration test",
        &[("case", "quote\" backslash\\ newline\n")],
    );
    counter.add(3);
    let (code, content_type, body) = get(&format!("{}/metrics", s.url), None);
    assert_eq!(code, 200);
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    assert!(
        body.contains(
            "# HELP shrike_server_test_scrapes_total Incremented by the metrics integration test\n\
             # TYPE shrike_server_test_scrapes_total counter\n\
             shrike_server_test_scrapes_total{case=\"quote\\\" backslash\\\\ newline\\n\"} 3\n"
        ),
        "{body}"
    );
    // Every line is a comment or `name{labels} value`.
    for line in body.lines() {
        assert!(
            line.starts_with("# HELP ")
                || line.starts_with("# TYPE ")
                || line
                    .rsplit_once(' ')
                    .is_some_and(|(_, v)| v.parse::<f64>().is_ok() || v == "+Inf"),
            "not a sample: {line:?}"
        );
    }
    counter.inc();
    let (_, _, body) = get(&format!("{}/metrics", s.url), None);
    assert_eq!(
        sample(
            &body,
            "shrike_server_test_scrapes_total{case=\"quote\\\" backslash\\\\ newline\\n\"}"
        ),
        Some(4.0)
    );
}

#[test]
fn http_requests_are_counted_by_route_template_and_status() {
    let s = start("127.0.0.1:0", None).unwrap();
    let list = format!("{}/v1/projects/p/sources/-/findings", s.url);
    let route = "/v1/projects/{project}/sources/{source}/findings";
    let series_ok = format!(
        "{}{{route=\"{route}\",status=\"200\"}}",
        names::HTTP_REQUESTS_TOTAL
    );
    let series_unmatched = format!(
        "{}{{route=\"unmatched\",status=\"404\"}}",
        names::HTTP_REQUESTS_TOTAL
    );
    // Other tests of this binary share the registry and run at the same time: compare deltas.
    let (_, _, before) = get(&format!("{}/metrics", s.url), None);
    let ok_before = sample(&before, &series_ok).unwrap_or(0.0);
    let unmatched_before = sample(&before, &series_unmatched).unwrap_or(0.0);
    assert_eq!(get(&list, None).0, 200);
    assert_eq!(get(&list, None).0, 200);
    assert_eq!(get(&format!("{}/no/such/route", s.url), None).0, 404);
    let (_, _, after) = get(&format!("{}/metrics", s.url), None);
    assert!(
        sample(&after, &series_ok).unwrap() >= ok_before + 2.0,
        "{after}"
    );
    assert!(
        sample(&after, &series_unmatched).unwrap() > unmatched_before,
        "{after}"
    );
    // The scrape itself is a request like any other.
    assert!(
        sample(
            &after,
            &format!(
                "{}{{route=\"/metrics\",status=\"200\"}}",
                names::HTTP_REQUESTS_TOTAL
            )
        )
        .unwrap()
            >= 1.0
    );
    assert!(after.contains(&format!("# TYPE {} counter\n", names::HTTP_REQUESTS_TOTAL)));
}

#[test]
fn metrics_need_the_api_token_when_one_is_configured() {
    // A token on loopback is enforced as it is off loopback.
    let s = start("127.0.0.1:0", Some("m3trics-token")).unwrap();
    let url = format!("{}/metrics", s.url);
    let (code, content_type, body) = get(&url, None);
    assert_eq!(code, 401);
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let error: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(error["error"]["status"], "UNAUTHENTICATED");
    assert!(!body.contains("# TYPE"), "{body}");
    assert_eq!(get(&url, Some("m3trics-tokeX")).0, 401);
    let (code, content_type, body) = get(&url, Some("m3trics-token"));
    assert_eq!(code, 200);
    assert!(content_type.starts_with("text/plain; version=0.0.4"));
    assert!(body.contains("# TYPE "), "{body}");

    // Off loopback the token is required to start at all, and then checked.
    assert!(matches!(
        start("0.0.0.0:0", None),
        Err(shrike_server::ServeError::TokenRequired { .. })
    ));
    let open = start("0.0.0.0:0", Some("m3trics-token")).unwrap();
    let url = format!("{}/metrics", open.url);
    assert_eq!(get(&url, None).0, 401);
    assert_eq!(get(&url, Some("m3trics-token")).0, 200);
}

#[test]
fn openapi_document_lists_the_metrics_route() {
    let s = start("127.0.0.1:0", None).unwrap();
    let (code, _, body) = get(&format!("{}/v1/openapi.json", s.url), None);
    assert_eq!(code, 200);
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    let metrics = &doc["paths"]["/metrics"]["get"];
    assert!(metrics.is_object(), "/metrics missing");
    assert!(metrics["responses"]["200"]["content"]["text/plain; version=0.0.4"].is_object());
    assert!(metrics["responses"]["401"].is_object());
}
