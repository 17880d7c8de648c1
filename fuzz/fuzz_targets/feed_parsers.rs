//! Fuzzes the threat-intel feed parsers (format detection, plain lists, LOKI, abuse.ch CSV):
//! loading must never panic, a failed load must leave the set empty, the reader and string
//! entry points must agree, and lookups of whatever the input holds must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_intel::IntelSet;

fuzz_target!(|data: &[u8]| {
    let mut from_reader = IntelSet::new();
    let result = from_reader.load_reader("fuzz", data);
    match &result {
        Ok(stats) => assert_eq!(stats.sha256_loaded, from_reader.len()),
        Err(_) => assert!(from_reader.is_empty(), "failed load left hashes behind"),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let mut from_str = IntelSet::new();
        let again = from_str.load_str("fuzz", text);
        assert_eq!(again, result, "load_str and load_reader disagree");
        // Look up every 64-hex-digit token of the input, loaded or not.
        for token in text.split(|c: char| !c.is_ascii_hexdigit()) {
            if token.len() == 64 {
                let _ = from_str.lookup_hex(token);
            }
        }
    }
});
