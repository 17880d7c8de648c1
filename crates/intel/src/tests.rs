//! Unit tests: one or more per parsing rule. Hashes are digests of made-up strings
//! (`shrike-test-N`), never of real files.

use super::*;

/// SHA-256 of `shrike-test-1` … `shrike-test-4`.
const H1: &str = "0b453bdca81dcfc1e8c256154dd85ab0eac7752641dbfc4fa6c970ad2e5126be";
const H2: &str = "e490774c240a233c3079655130a30ffc970b9dac94e3b6cdfd445f1cd6857460";
const H3: &str = "0f42eba43df619200934769551aaebe49a2cf09c70016b98097686f89b467789";
const H4: &str = "0a078d2a5d71bfa076f4eaf16941081f49dbf452e487d134762c3a2090d042d7";
/// MD5 and SHA-1 of `shrike-test-1`.
const MD5: &str = "36b035ecda9e9f94b916e7b9e434b069";
const SHA1: &str = "25da30059033903b2dfe1b3e409ed71a2c1b218c";

const BAZAAR_HEADER: &str = r#"# "first_seen_utc","sha256_hash","md5_hash","sha1_hash","reporter","file_name","file_type_guess","mime_type","signature","clamav","vtpercent","imphash","ssdeep","tlsh""#;
const THREATFOX_HEADER: &str = r#"# "first_seen_utc","ioc_id","ioc_value","ioc_type","threat_type","fk_malware","malware_alias","malware_printable","last_seen_utc","confidence_level","reference","tags","anonymous","reporter""#;

fn bazaar_row(sha256: &str, file_name: &str, signature: &str) -> String {
    format!(
        r#""2024-01-02 03:04:05", "{sha256}", "{MD5}", "{SHA1}", "reporter", "{file_name}", "exe", "application/x-dosexec", "{signature}", "n/a", "n/a", "n/a", "n/a", "n/a""#
    )
}

fn threatfox_row(value: &str, ioc_type: &str, printable: &str) -> String {
    format!(
        r#""2024-02-01 10:00:00", "1001", "{value}", "{ioc_type}", "payload", "win.x", "", "{printable}", "", "100", "", "None", "0", "reporter""#
    )
}

fn load(text: &str) -> (IntelSet, FeedStats) {
    let mut set = IntelSet::new();
    let stats = set.load_str("feed.txt", text).expect("feed loads");
    (set, stats)
}

fn load_err(text: &str) -> FeedError {
    let mut set = IntelSet::new();
    let err = set
        .load_str("feed.txt", text)
        .expect_err("feed must be rejected");
    assert!(set.is_empty(), "a failed load must leave nothing behind");
    err
}

fn comment_of<'a>(set: &'a IntelSet, hash: &str) -> Option<&'a str> {
    set.lookup_hex(hash).expect("hash is loaded").comment
}

// --- plain lists ---------------------------------------------------------------------------

#[test]
fn plain_list_loads_hashes_in_any_case() {
    let (set, stats) = load(&format!("{H1}\n{}\n", H2.to_uppercase()));
    assert_eq!(stats.format, FeedFormat::PlainSha256);
    assert_eq!(stats.sha256_loaded, 2);
    assert_eq!(set.len(), 2);
    assert!(set.lookup_hex(H2).is_some());
    assert!(set.lookup_hex(&H1.to_uppercase()).is_some());
    let hit = set.lookup_hex(H1).expect("loaded");
    assert_eq!(
        hit,
        IntelMatch {
            source: "feed.txt",
            comment: None
        }
    );
}

#[test]
fn plain_list_accepts_sha256sum_output() {
    let text = format!("{H1}  tools/xmrig\n{H2} *payload.bin\n{H3}\tname with spaces.sh\n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::PlainSha256);
    assert_eq!(stats.sha256_loaded, 3);
    assert_eq!(comment_of(&set, H1), Some("tools/xmrig"));
    assert_eq!(comment_of(&set, H2), Some("payload.bin"));
    assert_eq!(comment_of(&set, H3), Some("name with spaces.sh"));
}

#[test]
fn plain_list_unescapes_sha256sum_escaped_names() {
    let (set, _) = load(&format!("\\{H1}  odd\\nname\\\\x\n"));
    assert_eq!(comment_of(&set, H1), Some("odd\nname\\x"));
}

#[test]
fn plain_list_with_semicolon_in_file_name_stays_plain() {
    let (set, stats) = load(&format!("{H1}  a;b.sh\n"));
    assert_eq!(stats.format, FeedFormat::PlainSha256);
    assert_eq!(comment_of(&set, H1), Some("a;b.sh"));
}

#[test]
fn plain_list_skips_and_counts_md5_and_sha1() {
    let (set, stats) = load(&format!(
        "{MD5}\n{H1}\n{SHA1}  file\n{}\n",
        MD5.to_uppercase()
    ));
    assert_eq!(
        (stats.sha256_loaded, stats.md5_skipped, stats.sha1_skipped),
        (1, 2, 1)
    );
    assert_eq!(set.len(), 1);
    assert!(set.lookup_hex(MD5).is_none());
}

#[test]
fn plain_list_bad_line_names_source_and_line() {
    let mut set = IntelSet::new();
    let text = format!("# header\n{H1}\n\n{}z\n", &H1[..63]);
    let err = set
        .load_str("/etc/shrike/intel/bad.sha256", &text)
        .expect_err("bad hash");
    assert_eq!(err.source, "/etc/shrike/intel/bad.sha256");
    assert_eq!(err.line, 4);
    assert_eq!(err.field, None);
    let shown = err.to_string();
    assert!(
        shown.starts_with("/etc/shrike/intel/bad.sha256:4: "),
        "{shown}"
    );
    assert!(
        shown.contains("not a SHA-256, SHA-1 or MD5 hash"),
        "{shown}"
    );
    assert!(set.is_empty());
}

#[test]
fn plain_list_rejects_other_lengths_and_non_hex() {
    for bad in [&H1[..63], &H1[..33], "abc", "0x1234", "zz", "sha256:00"] {
        let err = load_err(&format!("{bad}\n"));
        assert_eq!(err.line, 1, "{bad}");
    }
}

#[test]
fn error_quotes_long_tokens_shortly() {
    let err = load_err(&"g".repeat(10_000));
    assert!(err.message.len() < 200, "{}", err.message);
    assert!(err.message.contains('…'));
}

// --- LOKI ------------------------------------------------------------------------------------

#[test]
fn loki_keeps_everything_after_the_first_semicolon() {
    let text = format!("# LOKI\n{H1};Mimikatz; x64; variant 2\n{H2};\n{H3};  padded  \n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::Loki);
    assert_eq!(stats.sha256_loaded, 3);
    assert_eq!(comment_of(&set, H1), Some("Mimikatz; x64; variant 2"));
    assert_eq!(comment_of(&set, H2), None);
    assert_eq!(comment_of(&set, H3), Some("padded"));
}

#[test]
fn loki_skips_md5_and_sha1_without_error() {
    let text = format!("{MD5};Old tool\n{SHA1};Old tool (SHA-1)\n{H1};New tool\n{MD5};\n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::Loki);
    assert_eq!(
        (stats.sha256_loaded, stats.md5_skipped, stats.sha1_skipped),
        (1, 2, 1)
    );
    assert_eq!(set.len(), 1);
}

#[test]
fn loki_line_without_comment_is_accepted() {
    let (set, stats) = load(&format!("{H1};A\n{H2}\n"));
    assert_eq!(stats.format, FeedFormat::Loki);
    assert_eq!(comment_of(&set, H2), None);
}

#[test]
fn loki_bad_hash_names_line() {
    let err = load_err(&format!("{H1};ok\n# c\nnothex;Bad entry\n"));
    assert_eq!((err.source.as_str(), err.line), ("feed.txt", 3));
    assert!(err.to_string().starts_with("feed.txt:3: \"nothex\" is not"));
}

// --- abuse.ch CSV --------------------------------------------------------------------------

#[test]
fn bazaar_csv_uses_header_and_builds_comment() {
    let text = [
        "################################################################",
        "# MalwareBazaar-style export (made-up data)                     #",
        "################################################################",
        "#",
        BAZAAR_HEADER,
        &bazaar_row(H1, "file.exe", "AgentTesla"),
        &bazaar_row(H2, "n/a", "Mirai"),
        &bazaar_row(H3, "dropper.sh", "n/a"),
        &bazaar_row(H4, "", "N/A"),
    ]
    .join("\n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert_eq!(stats.sha256_loaded, 4);
    // The md5_hash and sha1_hash columns of a row with a SHA-256 are not "skipped" entries.
    assert_eq!((stats.md5_skipped, stats.sha1_skipped), (0, 0));
    assert_eq!(comment_of(&set, H1), Some("AgentTesla (file.exe)"));
    assert_eq!(comment_of(&set, H2), Some("Mirai"));
    assert_eq!(comment_of(&set, H3), Some("dropper.sh"));
    assert_eq!(comment_of(&set, H4), None);
}

#[test]
fn csv_quoted_commas_and_escaped_quotes() {
    let text = [
        BAZAAR_HEADER.to_owned(),
        bazaar_row(H1, "invoice, march.exe", "Agent, Tesla"),
        bazaar_row(H2, "say \"\"hi\"\".sh", "n/a"),
    ]
    .join("\r\n");
    let (set, _) = load(&text);
    assert_eq!(
        comment_of(&set, H1),
        Some("Agent, Tesla (invoice, march.exe)")
    );
    assert_eq!(comment_of(&set, H2), Some("say \"hi\".sh"));
}

#[test]
fn csv_without_header_uses_second_column() {
    let text =
        format!("\"2024-01-02 03:04:05\",\"{H1}\",\"{MD5}\"\n\"2024-01-02 03:04:06\",  \"{H2}\"\n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert_eq!(stats.sha256_loaded, 2);
    assert_eq!(comment_of(&set, H1), None);
}

#[test]
fn csv_comments_and_blank_lines_between_rows() {
    let text = format!(
        "{BAZAAR_HEADER}\n\n{}\n# comment\n   \n{}\n",
        bazaar_row(H1, "a", "b"),
        bazaar_row(H2, "c", "d")
    );
    let (_, stats) = load(&text);
    assert_eq!(stats.sha256_loaded, 2);
}

#[test]
fn csv_bad_sha256_names_line_and_field() {
    let text = format!(
        "{BAZAAR_HEADER}\n{}\n{}\n",
        bazaar_row(H1, "a", "b"),
        bazaar_row(MD5, "c", "d")
    );
    let err = load_err(&text);
    assert_eq!(err.line, 3);
    assert_eq!(err.field.as_deref(), Some("sha256_hash"));
    let shown = err.to_string();
    assert!(shown.starts_with("feed.txt:3: "), "{shown}");
    assert!(shown.ends_with(" (field `sha256_hash`)"), "{shown}");
}

#[test]
fn csv_bad_sha256_without_header_names_assumed_field() {
    let err = load_err("\"2024\", \"nope\"\n");
    assert_eq!((err.line, err.field.as_deref()), (1, Some("sha256_hash")));
}

#[test]
fn csv_unterminated_quote_names_line_and_field() {
    let text = format!(
        "{BAZAAR_HEADER}\n{}\n\"2024-01-02\", \"{H2}\", \"{MD5}\", \"{SHA1}\", \"rep\", \"file.exe\n",
        bazaar_row(H1, "a", "b")
    );
    let err = load_err(&text);
    assert_eq!(err.line, 3);
    assert_eq!(err.field.as_deref(), Some("file_name"));
    assert!(err.message.contains("unterminated"), "{}", err.message);
}

#[test]
fn csv_text_after_closing_quote_is_an_error() {
    let err = load_err(&format!("\"2024\"x, \"{H1}\"\n"));
    assert_eq!((err.line, err.field.as_deref()), (1, Some("column 1")));
}

#[test]
fn csv_too_few_columns_names_missing_field() {
    let text = format!("{BAZAAR_HEADER}\n\"2024-01-02\", \"{H1}\", \"{MD5}\"\n");
    let err = load_err(&text);
    assert_eq!(err.line, 2);
    // The first column Shrike needs that the row lacks.
    assert_eq!(err.field.as_deref(), Some("file_name"));
    assert!(err.message.contains("3 columns"), "{}", err.message);

    let err = load_err("\"2024-01-02 03:04:05\"\n");
    assert_eq!((err.line, err.field.as_deref()), (1, Some("sha256_hash")));
}

#[test]
fn threatfox_csv_loads_sha256_rows_only() {
    let text = [
        "# ThreatFox-style export (made-up data)",
        THREATFOX_HEADER,
        &threatfox_row(H1, "sha256_hash", "Cobalt Strike"),
        &threatfox_row("192.0.2.1:443", "ip:port", "Cobalt Strike"),
        &threatfox_row("c2.example.invalid", "domain", "Sliver"),
        &threatfox_row("http://192.0.2.1/x", "url", "Sliver"),
        &threatfox_row(MD5, "md5_hash", "Sliver"),
        &threatfox_row(SHA1, "sha1_hash", "Sliver"),
        &threatfox_row(H2, "sha256_hash", ""),
    ]
    .join("\n");
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert_eq!(
        (stats.sha256_loaded, stats.md5_skipped, stats.sha1_skipped),
        (2, 1, 1)
    );
    assert_eq!(comment_of(&set, H1), Some("Cobalt Strike"));
    assert_eq!(comment_of(&set, H2), None);
}

#[test]
fn threatfox_bad_sha256_names_ioc_value() {
    let text = format!(
        "{THREATFOX_HEADER}\n{}\n",
        threatfox_row("abc", "sha256_hash", "X")
    );
    let err = load_err(&text);
    assert_eq!((err.line, err.field.as_deref()), (2, Some("ioc_value")));
}

#[test]
fn uncommented_header_row_is_recognised() {
    let text = format!(
        "{}\n{}\n",
        BAZAAR_HEADER.trim_start_matches("# "),
        bazaar_row(H1, "f.exe", "Sig")
    );
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert_eq!(comment_of(&set, H1), Some("Sig (f.exe)"));

    let text = format!(
        "{}\n{}\n",
        THREATFOX_HEADER.trim_start_matches("# "),
        threatfox_row(H2, "sha256_hash", "X")
    );
    let (set, _) = load(&text);
    assert_eq!(comment_of(&set, H2), Some("X"));
}

#[test]
fn header_only_csv_is_empty_csv() {
    let (set, stats) = load(&format!("{BAZAAR_HEADER}\n"));
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert!(set.is_empty());
}

#[test]
fn prose_mentioning_sha256_hash_is_not_a_header() {
    let (set, stats) = load(&format!("# lists sha256_hash; values below\n{H1};x\n"));
    assert_eq!(stats.format, FeedFormat::Loki);
    assert_eq!(set.len(), 1);
}

#[test]
fn split_csv_fields() {
    let line = r#""a", "b,c" ,"d""e",bare , "",,"#;
    let mut spans = Vec::new();
    assert!(split_csv(line, &mut spans).is_ok());
    let fields: Vec<String> = spans.iter().map(|s| s.text(line).into_owned()).collect();
    assert_eq!(fields, ["a", "b,c", "d\"e", "bare", "", "", ""]);
}

// --- encodings and line handling ---------------------------------------------------------

#[test]
fn byte_order_mark_is_stripped() {
    let (set, stats) = load(&format!("\u{feff}{H1}\n"));
    assert_eq!(stats.sha256_loaded, 1);
    assert!(set.lookup_hex(H1).is_some());

    let text = format!("\u{feff}{BAZAAR_HEADER}\n{}\n", bazaar_row(H2, "f", "s"));
    let (set, stats) = load(&text);
    assert_eq!(stats.format, FeedFormat::AbuseChCsv);
    assert_eq!(comment_of(&set, H2), Some("s (f)"));
}

#[test]
fn crlf_line_endings() {
    let (set, stats) = load(&format!("# c\r\n\r\n{H1};Tool\r\n{H2};\r\n"));
    assert_eq!(stats.format, FeedFormat::Loki);
    assert_eq!(comment_of(&set, H1), Some("Tool"));
    assert_eq!(comment_of(&set, H2), None);

    let (set, _) = load(&format!("{H1}  file.bin\r\n"));
    assert_eq!(comment_of(&set, H1), Some("file.bin"));
}

#[test]
fn last_line_without_newline() {
    let (set, _) = load(&format!("{H1}\n{H2}"));
    assert_eq!(set.len(), 2);
}

#[test]
fn empty_and_comment_only_feeds() {
    for text in ["", "\n\n", "# nothing\n#\n", "\u{feff}"] {
        let (set, stats) = load(text);
        assert!(set.is_empty());
        assert_eq!(stats.format, FeedFormat::PlainSha256);
    }
}

#[test]
fn overlong_line_is_an_error_naming_it() {
    let ok_comment = "x".repeat(MAX_LINE_BYTES - 65);
    let (set, _) = load(&format!("{H1};{ok_comment}\n"));
    assert_eq!(set.len(), 1);

    let long = format!("{H1};{H2}\n{H2};{}\n{H3};\n", "x".repeat(MAX_LINE_BYTES));
    let err = load_err(&long);
    assert_eq!(err.line, 2);
    assert!(err.message.contains("longer than"), "{}", err.message);
}

#[test]
fn invalid_utf8_in_a_comment_is_tolerated() {
    let mut bytes = format!("{H1};caf").into_bytes();
    bytes.extend_from_slice(b"\xe9\n");
    let mut set = IntelSet::new();
    let stats = set.load_reader("latin1.txt", &bytes[..]).expect("loads");
    assert_eq!(stats.sha256_loaded, 1);
    assert_eq!(comment_of(&set, H1), Some("caf\u{fffd}"));
}

#[test]
fn read_error_names_line() {
    struct Failing;
    impl io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("disk on fire"))
        }
    }
    let first = format!("{H1}\n");
    let reader = io::Read::chain(first.as_bytes(), io::BufReader::new(Failing));
    let mut set = IntelSet::new();
    let err = set.load_reader("r", reader).expect_err("read fails");
    assert_eq!(err.line, 2);
    assert!(err.message.contains("disk on fire"));
    assert!(set.is_empty());
}

// --- the set -------------------------------------------------------------------------------

#[test]
fn duplicates_keep_the_first_feed() {
    let mut set = IntelSet::new();
    let first = set
        .load_str("first.txt", &format!("{H1};first\n{H1};again\n"))
        .expect("loads");
    assert_eq!((first.sha256_loaded, first.sha256_duplicates), (1, 1));
    let second = set
        .load_str("second.txt", &format!("{H1}  second\n{H2}  new\n"))
        .expect("loads");
    assert_eq!((second.sha256_loaded, second.sha256_duplicates), (1, 1));
    assert_eq!(set.len(), 2);
    let hit = set.lookup_hex(H1).expect("loaded");
    assert_eq!((hit.source, hit.comment), ("first.txt", Some("first")));
    let hit = set.lookup_hex(H2).expect("loaded");
    assert_eq!((hit.source, hit.comment), ("second.txt", Some("new")));
}

#[test]
fn failed_load_leaves_the_set_unchanged() {
    let mut set = IntelSet::new();
    set.load_str("good", &format!("{H1}\n")).expect("loads");
    let err = set
        .load_str("bad", &format!("{H2}\n{H3}\nbad\n"))
        .expect_err("bad");
    assert_eq!(err.source, "bad");
    assert_eq!(set.len(), 1);
    assert!(set.lookup_hex(H2).is_none());
    assert!(set.lookup_hex(H3).is_none());
    // The set still works afterwards, and H2 can come from a later feed.
    set.load_str("later", &format!("{H2}\n")).expect("loads");
    assert_eq!(set.lookup_hex(H2).map(|m| m.source), Some("later"));
    assert_eq!(set.lookup_hex(H1).map(|m| m.source), Some("good"));
}

#[test]
fn lookup_hex_rejects_malformed_input() {
    let (set, _) = load(&format!("{H1}\n"));
    assert!(set.lookup_hex(&H1[..63]).is_none());
    assert!(set.lookup_hex(&format!("{H1}0")).is_none());
    assert!(set.lookup_hex(&format!(" {}", &H1[1..])).is_none());
    assert!(set.lookup_hex("").is_none());
    assert!(set.lookup_hex(&"é".repeat(32)).is_none());
    assert!(set.lookup_hex(H2).is_none());
}

#[test]
fn lookup_by_bytes() {
    let (set, _) = load(&format!("{H1}\n"));
    let mut digest = [0u8; 32];
    hex::decode_to_slice(H1, &mut digest).expect("hex");
    assert!(set.lookup(&digest).is_some());
    digest[31] ^= 1;
    assert!(set.lookup(&digest).is_none());
}

#[test]
fn many_hashes_sharing_prefixes_are_all_found() {
    // Digests that share their first 8 bytes collide in the map's hasher: still correct.
    let mut text = String::new();
    for i in 0..2000u32 {
        let mut digest = [0u8; 32];
        digest[..4].copy_from_slice(&(i % 7).to_le_bytes());
        digest[28..].copy_from_slice(&i.to_be_bytes());
        text.push_str(&hex::encode(digest));
        text.push('\n');
    }
    let (set, stats) = load(&text);
    assert_eq!((set.len(), stats.sha256_loaded), (2000, 2000));
    for line in text.lines() {
        assert!(set.lookup_hex(line).is_some());
    }
}

#[test]
fn debug_is_a_summary() {
    let (set, _) = load(&format!("{H1}\n{H2}\n"));
    assert_eq!(
        format!("{set:?}"),
        r#"IntelSet { hashes: 2, sources: ["feed.txt"] }"#
    );
    assert!(!set.is_empty());
}

#[test]
fn feed_error_display() {
    let mut err = FeedError::new("a.csv", 7, Some("sha256_hash".into()), "bad");
    assert_eq!(err.to_string(), "a.csv:7: bad (field `sha256_hash`)");
    err.field = None;
    assert_eq!(err.to_string(), "a.csv:7: bad");
    err.line = 0;
    assert_eq!(err.to_string(), "a.csv: bad");
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.source().is_none());
}

#[test]
fn feed_format_display() {
    assert_eq!(FeedFormat::PlainSha256.to_string(), "plain SHA-256 list");
    assert_eq!(FeedFormat::Loki.to_string(), "LOKI hash;comment");
    assert_eq!(FeedFormat::AbuseChCsv.to_string(), "abuse.ch CSV");
}

// --- files and directories -----------------------------------------------------------------

#[test]
fn load_path_reads_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feed.sha256");
    std::fs::write(&path, format!("{H1}\n")).expect("write");
    let mut set = IntelSet::new();
    let stats = set.load_path(&path).expect("loads");
    let name = path.display().to_string();
    assert_eq!(stats.len(), 1);
    assert_eq!(stats[0].source, name);
    assert_eq!(set.lookup_hex(H1).map(|m| m.source), Some(name.as_str()));
}

#[test]
fn load_path_reads_a_directory_in_name_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("b.txt"), format!("{H1};from b\n")).expect("write");
    std::fs::write(dir.path().join("a.txt"), format!("{H1};from a\n{H2};a\n")).expect("write");
    std::fs::write(dir.path().join(".hidden"), "garbage\n").expect("write");
    std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
    std::fs::write(dir.path().join("sub").join("c.txt"), "garbage\n").expect("write");
    let mut set = IntelSet::new();
    let stats = set.load_path(dir.path()).expect("loads");
    let names: Vec<&str> = stats.iter().map(|s| s.source.as_str()).collect();
    let a = dir.path().join("a.txt").display().to_string();
    let b = dir.path().join("b.txt").display().to_string();
    assert_eq!(names, [a.as_str(), b.as_str()]);
    assert_eq!(comment_of(&set, H1), Some("from a"));
    assert_eq!((stats[1].sha256_loaded, stats[1].sha256_duplicates), (0, 1));
    assert_eq!(set.len(), 2);
}

#[test]
fn load_path_bad_file_in_directory_undoes_the_whole_call() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("1-good.txt"), format!("{H1}\n")).expect("write");
    std::fs::write(dir.path().join("2-bad.txt"), format!("{H2}\n\nnope\n")).expect("write");
    let mut set = IntelSet::new();
    set.load_str("earlier", &format!("{H3}\n")).expect("loads");
    let err = set.load_path(dir.path()).expect_err("bad file");
    assert_eq!(
        err.source,
        dir.path().join("2-bad.txt").display().to_string()
    );
    assert_eq!(err.line, 3);
    assert!(err.to_string().contains("2-bad.txt:3: "));
    assert_eq!(set.len(), 1);
    assert!(set.lookup_hex(H3).is_some());
    assert!(set.lookup_hex(H1).is_none());
}

#[test]
fn load_path_missing_file_has_no_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("missing.txt");
    let err = IntelSet::new().load_path(&path).expect_err("missing");
    assert_eq!(err.line, 0);
    assert_eq!(err.source, path.display().to_string());
    assert!(err
        .to_string()
        .starts_with(&format!("{}: cannot read: ", path.display())));
}

#[test]
fn load_path_empty_directory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut set = IntelSet::new();
    assert_eq!(set.load_path(dir.path()).expect("loads"), Vec::new());
    assert!(set.is_empty());
}

#[test]
fn sha256_hex_decodes_like_the_hex_crate_and_refuses_the_rest() {
    use super::decode_sha256_hex;
    let mut digest = [0u8; 32];
    hex::decode_to_slice(H1, &mut digest).unwrap();
    assert_eq!(decode_sha256_hex(H1), Some(digest));
    assert_eq!(decode_sha256_hex(&H1.to_uppercase()), Some(digest));
    assert_eq!(
        decode_sha256_hex(&"0123456789abcdefABCDEF".repeat(3)[..64]).map(hex::encode),
        Some("0123456789abcdefabcdef".repeat(3)[..64].to_owned())
    );
    // Every byte that is not a hex digit, in every position it could take.
    for bad in (0u8..=255).filter(|b| !b.is_ascii_hexdigit()) {
        for at in [0, 1, 31, 62, 63] {
            let mut text = H1.as_bytes().to_vec();
            text[at] = bad;
            if let Ok(text) = std::str::from_utf8(&text) {
                assert_eq!(decode_sha256_hex(text), None, "{bad:#x} at {at}");
            }
        }
    }
    assert_eq!(decode_sha256_hex(&H1[..63]), None);
    assert_eq!(decode_sha256_hex(&format!("{H1}0")), None);
    assert_eq!(decode_sha256_hex(""), None);
    assert_eq!(decode_sha256_hex(&"é".repeat(32)), None);
}

#[test]
fn prefilter_passes_every_loaded_hash_and_few_others() {
    // Digests spread like SHA-256 output: a 64-bit mixing function over a counter.
    fn digest_hex(seed: u64) -> String {
        let mut out = String::with_capacity(64);
        let mut x = seed;
        for _ in 0..4 {
            x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            out.push_str(&format!("{:016x}", z ^ (z >> 31)));
        }
        out
    }
    let mut set = IntelSet::new();
    // Two feeds, so the filter is rebuilt over a set that grew.
    for (name, range) in [("a", 0..3_000u64), ("b", 3_000..10_000u64)] {
        let text: String = range.map(|i| digest_hex(i) + "\n").collect();
        set.load_str(name, &text).expect("loads");
    }
    // A failed load takes its hashes out of the filter's index again.
    let err = set.load_str("bad", &format!("{}\nbad\n", digest_hex(20_000)));
    assert!(err.is_err());
    for i in 0..10_000u64 {
        let hex = digest_hex(i);
        assert!(set.lookup_hex(&hex).is_some(), "{i}");
        assert!(set.lookup_hex(&hex.to_uppercase()).is_some(), "{i}");
    }
    assert!(set.lookup_hex(&digest_hex(20_000)).is_none());
    let others = (1_000_000..1_020_000u64)
        .filter(|&i| {
            let hex = digest_hex(i);
            let prefix = super::decode_hex_prefix(hex.as_bytes()).expect("hex");
            assert!(set.lookup_hex(&hex).is_none());
            set.may_hold(prefix)
        })
        .count();
    // 16 bits per hash, two bits each: about one in 70 others passes (1.4%); allow for the
    // power-of-two rounding (up to 32 bits per hash, 0.4%) and chance.
    assert!(
        others < 20_000 / 40,
        "{others} of 20000 passed the prefilter"
    );
    assert!(!IntelSet::new().may_hold(0));
}

#[test]
fn prefilter_covers_hashes_loaded_from_files_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), format!("{H1}\n")).unwrap();
    std::fs::write(dir.path().join("b.txt"), format!("{H2}\n")).unwrap();
    let single = dir.path().join("single.txt");
    std::fs::write(&single, format!("{H3}\n")).unwrap();
    let mut set = IntelSet::new();
    set.load_path(&single).expect("file loads");
    assert!(set.lookup_hex(H3).is_some());
    let sub = dir.path().join("feeds");
    std::fs::create_dir(&sub).unwrap();
    std::fs::rename(dir.path().join("a.txt"), sub.join("a.txt")).unwrap();
    std::fs::rename(dir.path().join("b.txt"), sub.join("b.txt")).unwrap();
    set.load_path(&sub).expect("directory loads");
    for h in [H1, H2, H3] {
        assert!(set.lookup_hex(h).is_some(), "{h}");
    }
    // A directory with a bad file loads nothing of it, and what was there still matches.
    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(bad.join("a.txt"), "0f".repeat(32) + "\n").unwrap();
    std::fs::write(bad.join("b.txt"), "not a hash\n").unwrap();
    assert!(set.load_path(&bad).is_err());
    assert!(set.lookup_hex(&"0f".repeat(32)).is_none());
    for h in [H1, H2, H3] {
        assert!(set.lookup_hex(h).is_some(), "{h}");
    }
}

#[test]
fn unchecked_prefixes_agree_with_the_checked_decoder_on_hex_digits() {
    let digits = b"0123456789abcdefABCDEF";
    let mut x: u64 = 0x243f_6a88_85a3_08d3;
    for _ in 0..50_000 {
        let hex: [u8; 16] = std::array::from_fn(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            digits[(x % digits.len() as u64) as usize]
        });
        assert_eq!(
            Some(super::prefix_unchecked(&hex)),
            super::decode_hex_prefix(&hex),
            "{}",
            String::from_utf8_lossy(&hex)
        );
    }
    assert_eq!(super::prefix_unchecked(b"0000000000000000"), 0);
    assert_eq!(super::prefix_unchecked(b"ffffffffffffffff"), u64::MAX);
    assert_eq!(super::prefix_unchecked(b"0100000000000000"), 1);
    assert_eq!(super::prefix_unchecked(b"00000000000000F0"), 0xf0 << 56);
}

#[test]
fn lookups_of_text_that_is_not_a_digest_find_nothing() {
    // The prefilter reads digits unchecked: text whose first 16 bytes are not hex must still
    // find nothing, even when a listed digest's prefix is what the unchecked read gives.
    let listed = "0123456789abcdef".repeat(4);
    let mut set = IntelSet::new();
    set.load_str("feed", &format!("{listed}\n")).expect("loads");
    assert!(set.lookup_hex(&listed).is_some());
    // 'q' & 0x0f is 1 and bit 6 is set: it reads as 0xa, like 'a'.
    for bad in [
        listed.replacen('a', "q", 1),
        listed.replacen('0', "p", 1),
        listed.replacen('1', "!", 1),
        format!("{}g", &listed[..63]),
        listed[..63].to_owned(),
        format!("{listed}0"),
        String::new(),
    ] {
        assert!(set.lookup_hex(&bad).is_none(), "{bad}");
    }
}
