//! The console over HTTP: pages render, filters filter, and attacker-written strings come out
//! inert.
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
use support::server::{default_seed, envelope, start_with};

/// Payloads an attacker controls through argv, paths and script text.
const PAYLOADS: &[&str] = &[
    "<script>document.title='pwned'</script>",
    "\"><img src=x onerror=\"document.title='pwned'\">",
    "'); DROP TABLE findings; --",
    "javascript:alert(1)",
    "</pre><svg onload=alert(1)>",
];

fn hostile_finding() -> shrike_core::finding::FindingEnvelope {
    let mut f = envelope("shrike", 77, FindingType::ReverseShell, PAYLOADS[0]);
    f.finding.processes = vec![
        Process {
            name: "sh".into(),
            binary: Some(File {
                path: format!("/tmp/{}", PAYLOADS[1]),
                ..File::default()
            }),
            script: Some(File {
                path: "/tmp/x.sh".into(),
                contents: Some(PAYLOADS.join("\n")),
                ..File::default()
            }),
            // A library's path is attacker-chosen too.
            libraries: vec![File {
                path: format!("/tmp/{}.so", PAYLOADS[0]),
                sha256: Some("ab".repeat(32)),
                ..File::default()
            }],
            args: PAYLOADS.iter().map(|s| s.to_string()).collect(),
            pid: 77,
            parent_pid: 1,
            ..Process::default()
        },
        Process {
            name: "node".into(),
            args: vec!["node".into(), PAYLOADS[4].into()],
            pid: 1,
            ..Process::default()
        },
    ];
    f.finding.containers = vec![shrike_core::finding::Container {
        name: PAYLOADS[1].into(),
        uri: Some(PAYLOADS[3].into()),
        ..Default::default()
    }];
    f.finding.external_uri = Some("javascript:alert(1)".into());
    // A YARA rule name comes from a rule file: shown escaped too.
    f.finding.indicator = Some(shrike_core::finding::Indicator {
        signatures: vec![
            shrike_core::finding::ProcessSignature {
                yara_rule_signature: Some(shrike_core::finding::YaraRuleSignature {
                    yara_rule: PAYLOADS[0].into(),
                }),
                ..Default::default()
            },
            shrike_core::finding::ProcessSignature {
                memory_hash_signature: Some(shrike_core::finding::MemoryHashSignature {
                    binary_family: "Test.Family (feed.txt)".into(),
                }),
                ..Default::default()
            },
        ],
        ..Default::default()
    });
    f
}

fn seed() -> Vec<shrike_core::finding::FindingEnvelope> {
    let mut s = default_seed();
    s.push(hostile_finding());
    s
}

fn page(url: &str) -> (u16, String) {
    match ureq::get(url).call() {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(c, r)) => (c, r.into_string().unwrap()),
        Err(e) => panic!("{url}: {e}"),
    }
}

fn assert_inert(html: &str) {
    for p in PAYLOADS {
        if p.contains('<') || p.contains('"') {
            assert!(!html.contains(p), "raw payload {p:?} in page");
        }
    }
    assert!(!html.contains("<img src=x"), "an injected element survived");
    assert!(
        !html.contains("<svg onload"),
        "an injected element survived"
    );
    assert!(
        !html.contains("href=\"javascript:"),
        "a javascript: link was rendered"
    );
}

#[test]
fn list_page_renders_filters_and_escapes() {
    let s = start_with("127.0.0.1:0", None, &seed()).unwrap();
    let (code, html) = page(&s.url);
    assert_eq!(code, 200);
    assert!(html.contains("<table id=\"findings\""));
    assert_eq!(html.matches("<tr class=\"finding\">").count(), 32);
    assert!(html.contains("<svg id=\"chart\""), "chart rendered");
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror="),
        "payload shown as text"
    );
    assert_inert(&html);
    // Filters: category and free text.
    let (_, html) = page(&format!("{}/?category=Reverse+Shell", s.url));
    assert_eq!(html.matches("<tr class=\"finding\">").count(), 2);
    let (_, html) = page(&format!("{}/?q=DROP+TABLE", s.url));
    assert_eq!(html.matches("<tr class=\"finding\">").count(), 2);
    let (_, html) = page(&format!("{}/?severity=LOW", s.url));
    assert_eq!(html.matches("<tr class=\"finding\">").count(), 0);
    let (_, html) = page(&format!(
        "{}/?from=2026-11-23T17%3A56%3A40&to=2026-11-23T17%3A56%3A50",
        s.url
    ));
    assert_eq!(
        html.matches("<tr class=\"finding\">").count(),
        7,
        "ids 25..=31 fall in 17:56:40–17:56:50"
    );
}

/// 250 findings: pages of 100 linked newest to oldest; totals and the chart count every match
/// (from the store's kept counts), and a free-text search is counted when asked.
#[test]
fn the_list_pages_by_hundreds_and_counts_every_match() {
    let seed: Vec<_> = (1..=250)
        .map(|i| {
            envelope(
                "shrike",
                i,
                if i % 5 == 0 {
                    FindingType::ReverseShell
                } else {
                    FindingType::PossibleRemoteCommandExecutionDetected
                },
                if i % 2 == 0 { "curl evil" } else { "id" },
            )
        })
        .collect();
    let s = start_with("127.0.0.1:0", None, &seed).unwrap();
    let rows = |html: &str| html.matches("<tr class=\"finding\">").count();
    let total = |html: &str| {
        let at = html.find("<span id=\"total\">").unwrap() + "<span id=\"total\">".len();
        html[at..html[at..].find('<').unwrap() + at].to_owned()
    };
    let older = |html: &str| {
        let at = html
            .find("id=\"older\" href=\"")
            .map(|a| a + "id=\"older\" href=\"".len())?;
        Some(html[at..html[at..].find('"').unwrap() + at].replace("&amp;", "&"))
    };
    // Every page of the unfiltered list: 100, 100, 50, then no link.
    let (_, first) = page(&s.url);
    assert_eq!((rows(&first), total(&first).as_str()), (100, "250"));
    assert!(first.contains("Counts every matching finding."), "{first}");
    assert!(
        first.contains("/findings/000000000000000000000000000000fa\""),
        "newest first"
    );
    let (_, second) = page(&format!("{}{}", s.url, older(&first).unwrap()));
    assert_eq!(rows(&second), 100);
    let (_, third) = page(&format!("{}{}", s.url, older(&second).unwrap()));
    assert_eq!(rows(&third), 50);
    assert!(older(&third).is_none());
    assert!(third.contains("/findings/00000000000000000000000000000001\""));
    // A category filter: 50 reverse shells, all counted in the chart's bars.
    let (_, shells) = page(&format!("{}/?category=Reverse+Shell", s.url));
    assert_eq!((rows(&shells), total(&shells).as_str()), (50, "50"));
    let charted: u64 = shells
        .split("<title>Reverse Shell — ")
        .skip(1)
        .map(|t| t[..t.find(' ').unwrap()].parse::<u64>().unwrap())
        .sum();
    assert_eq!(charted, 50, "the chart counts every matching finding");
    // Free text: the first page at once, the total on request (and kept while paging).
    let (_, search) = page(&format!("{}/?q=curl", s.url));
    assert_eq!(
        (rows(&search), total(&search).as_str()),
        (100, "More than 100")
    );
    assert!(search.contains("Counts the findings on this page."));
    let count_link = {
        let at =
            search.find("id=\"count-all\" href=\"").unwrap() + "id=\"count-all\" href=\"".len();
        search[at..search[at..].find('"').unwrap() + at].replace("&amp;", "&")
    };
    let (_, counted) = page(&format!("{}{}", s.url, count_link));
    assert_eq!(total(&counted), "125");
    let (_, rest) = page(&format!("{}{}", s.url, older(&counted).unwrap()));
    assert_eq!((rows(&rest), total(&rest).as_str()), (25, "125"));
}

#[test]
fn finding_page_has_summary_json_tree_related_and_actions() {
    let s = start_with("127.0.0.1:0", None, &seed()).unwrap();
    let id = format!("{:032x}", 77);
    let (code, html) = page(&format!("{}/findings/{id}", s.url));
    assert_eq!(code, 200);
    for needle in [
        "id=\"tab-summary\"",
        "id=\"tab-json\"",
        "id=\"finding-json\"",
        "id=\"ancestry\"",
        "id=\"related\"",
        "id=\"set-state\"",
        "id=\"set-mute\"",
        "https://attack.mitre.org/techniques/T1059/004/",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    assert_inert(&html);
    assert!(html.contains("&lt;/pre&gt;&lt;svg onload=alert(1)&gt;"));
    // What matched: the YARA rule and the feed entry.
    assert!(
        html.contains("<dd id=\"signatures\">YARA rule &lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;; feed entry Test.Family (feed.txt)</dd>"),
        "signatures missing"
    );
    // The library the process loaded, escaped, with its hash.
    assert!(
        html.contains("<dt>Library loaded</dt><dd><code class=\"library\">/tmp/"),
        "library missing"
    );
    assert!(html.contains(&format!(" <small>sha256 {}</small>", "ab".repeat(32))));
    // Related findings: everything on the same host resource within an hour.
    assert!(html.matches("<tr class=\"finding\">").count() >= 30);
    let (code, _) = page(&format!("{}/findings/nope", s.url));
    assert_eq!(code, 404);
}

#[test]
fn docs_follow_the_browser_language_with_a_switch() {
    let s = start_with("127.0.0.1:0", None, &seed()).unwrap();
    let url = format!("{}/docs/REVERSE_SHELL", s.url);
    let fr = ureq::get(&url)
        .set("Accept-Language", "fr-CH,fr;q=0.9,en;q=0.8")
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(fr.contains("<article id=\"doc\" lang=\"fr\">"), "{fr}");
    let de = page(&format!("{url}?lang=de")).1;
    assert!(de.contains("lang=\"de\">"));
    for code in ["en", "it", "fr", "de", "id"] {
        let (status, html) = page(&format!("{url}?lang={code}"));
        assert_eq!(status, 200);
        assert!(
            html.contains(&format!("<article id=\"doc\" lang=\"{code}\">")),
            "{code}"
        );
        assert!(html.contains("attack.mitre.org"));
    }
    let (index_code, index) = page(&format!("{}/docs", s.url));
    assert_eq!(index_code, 200);
    for t in shrike_core::catalogue::ALL_FINDING_TYPES {
        assert!(index.contains(t.module_name()));
        assert_eq!(page(&format!("{}/docs/{}", s.url, t.module_name())).0, 200);
    }
    assert_eq!(page(&format!("{}/docs/NOPE", s.url)).0, 404);
}

#[test]
fn console_off_loopback_needs_the_token_cookie() {
    let s = start_with("0.0.0.0:0", Some("tok"), &seed()).unwrap();
    assert_eq!(page(&s.url).0, 401);
    let ok = ureq::get(&s.url)
        .set("Cookie", "other=1; shrike_token=tok")
        .call()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let bad = ureq::get(&s.url).set("Cookie", "shrike_token=nope").call();
    assert!(matches!(bad, Err(ureq::Error::Status(401, _))));
}
