//! Property tests: loading never panics, and whatever a feed lists is found.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::disallowed_methods,
    missing_docs,
    reason = "test code: panicking on a broken fixture is the failure report, and fixtures are ours"
)]

use proptest::prelude::*;
use shrike_intel::IntelSet;

/// Feed-like text: hex digits, separators, quotes and line breaks in every mix.
fn feedish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9a-fA-F;\",# \t\r\n*\\\\n/-]{0,300}",
        "(\"[0-9a-f]{0,70}\"(, ?)?){0,6}(\r?\n)?",
        "(# \"sha256_hash\",\"signature\"\n)?([0-9a-f]{32,64}[;, *]{0,2}[a-z\" ]{0,8}\r?\n){0,8}",
    ]
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Plain,
    Sha256sum,
    Loki,
    Bazaar,
    BazaarHeaderless,
    ThreatFox,
}

fn render(layout: Layout, hashes: &[([u8; 32], bool, String)]) -> String {
    let mut out = String::from("\u{feff}# generated feed\r\n\r\n");
    match layout {
        Layout::Bazaar => out.push_str(
            "# \"first_seen_utc\",\"sha256_hash\",\"md5_hash\",\"file_name\",\"signature\"\n",
        ),
        Layout::ThreatFox => out.push_str(
            "# \"first_seen_utc\",\"ioc_id\",\"ioc_value\",\"ioc_type\",\"malware_printable\"\n",
        ),
        _ => {}
    }
    for (i, (digest, upper, comment)) in hashes.iter().enumerate() {
        let mut hex = hex::encode(digest);
        if *upper {
            hex.make_ascii_uppercase();
        }
        let quoted = comment.replace('"', "\"\"");
        let line = match layout {
            Layout::Plain => hex,
            Layout::Sha256sum => format!("{hex} *{comment}"),
            Layout::Loki => format!("{hex};{comment}"),
            Layout::Bazaar => format!(
                "\"2024-01-01 00:00:00\", \"{hex}\", \"{}\", \"{quoted}\", \"n/a\"",
                &hex[..32]
            ),
            Layout::BazaarHeaderless => format!("\"2024-01-01\",\"{hex}\",\"{quoted}\""),
            Layout::ThreatFox => format!(
                "\"2024\", \"{i}\", \"{hex}\", \"sha256_hash\", \"{quoted}\"\n\"2024\", \"x{i}\", \"192.0.2.1:80\", \"ip:port\", \"\""
            ),
        };
        out.push_str(&line);
        out.push_str(if i % 2 == 0 { "\n" } else { "\r\n" });
    }
    out
}

fn layout() -> impl Strategy<Value = Layout> {
    prop_oneof![
        Just(Layout::Plain),
        Just(Layout::Sha256sum),
        Just(Layout::Loki),
        Just(Layout::Bazaar),
        Just(Layout::BazaarHeaderless),
        Just(Layout::ThreatFox),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn load_str_never_panics(text in feedish()) {
        let mut set = IntelSet::new();
        let result = set.load_str("fuzz", &text);
        match &result {
            Ok(stats) => prop_assert_eq!(stats.sha256_loaded, set.len()),
            Err(err) => {
                prop_assert!(set.is_empty());
                prop_assert_eq!(err.source.as_str(), "fuzz");
                prop_assert!(err.line >= 1);
            }
        }
        // The same bytes through the reader path give the same result.
        let mut other = IntelSet::new();
        let again = other.load_reader("fuzz", text.as_bytes());
        prop_assert_eq!(again, result);
        prop_assert_eq!(other.len(), set.len());
    }

    #[test]
    fn load_reader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let mut set = IntelSet::new();
        if let Ok(stats) = set.load_reader("fuzz", &bytes[..]) {
            prop_assert_eq!(stats.sha256_loaded, set.len());
        }
    }

    #[test]
    fn every_listed_hash_is_found(
        layout in layout(),
        hashes in proptest::collection::vec(
            (any::<[u8; 32]>(), any::<bool>(), "[a-zA-Z0-9 ,.;\"]{1,12}"),
            0..40,
        ),
    ) {
        // Comments must survive trimming to compare; keep them trimmed and non-empty.
        let hashes: Vec<_> = hashes
            .into_iter()
            .map(|(d, up, c)| (d, up, format!("c{}", c.trim())))
            .collect();
        let text = render(layout, &hashes);
        let mut set = IntelSet::new();
        let stats = set.load_str("gen", &text);
        prop_assert!(stats.is_ok(), "{:?} rejected:\n{}\n{:?}", layout, text, stats);
        let mut distinct = std::collections::HashSet::new();
        for (digest, _, comment) in &hashes {
            let first = distinct.insert(*digest);
            let hit = set.lookup(digest);
            prop_assert!(hit.is_some());
            let hex_hit = set.lookup_hex(&hex::encode_upper(digest));
            prop_assert_eq!(hit, hex_hit);
            if first {
                let expected = match layout {
                    Layout::Plain | Layout::BazaarHeaderless => None,
                    _ => Some(comment.as_str()),
                };
                prop_assert_eq!(hit.and_then(|h| h.comment), expected);
            }
        }
        prop_assert_eq!(set.len(), distinct.len());
    }
}
