//! Fuzzes the `--config` file parser of `shrike watch`, `replay` and `serve`
//! (`shrike::config_file`): any bytes, as both the watch/replay and the serve configuration, must
//! parse or fail without panicking. A failure is one line, `FILE:LINE: what`, naming the file and a
//! line of the input; a configuration that parses serialises back to TOML that parses to the
//! same configuration.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use shrike::config_file::{parse, parse_bytes, ServeConfig, WatchConfig};
use std::fmt::Debug;

const NAME: &str = "etc/shrike.toml";

fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(data: &[u8]) {
    match parse_bytes::<T>(NAME, data.to_vec()) {
        Ok(config) => {
            let text = toml::to_string(&config)
                .unwrap_or_else(|e| panic!("{config:?} does not serialise: {e}"));
            let again: T =
                parse(NAME, &text).unwrap_or_else(|e| panic!("{config:?} as {text:?}: {e}"));
            assert_eq!(again, config, "through {text:?}");
        }
        Err(e) => {
            let message = e.to_string();
            assert!(!message.contains('\n'), "not one line: {message:?}");
            let rest = message
                .strip_prefix(NAME)
                .and_then(|r| r.strip_prefix(':'))
                .unwrap_or_else(|| panic!("does not start with {NAME}:LINE: {message:?}"));
            let (line, what) = rest
                .split_once(": ")
                .unwrap_or_else(|| panic!("no line: {message:?}"));
            let line: usize = line
                .parse()
                .unwrap_or_else(|_| panic!("no line: {message:?}"));
            let lines = 1 + data.iter().filter(|&&b| b == b'\n').count();
            assert!(
                (1..=lines).contains(&line),
                "line {line} of {lines}: {message:?}"
            );
            assert!(!what.trim().is_empty(), "says nothing: {message:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    check::<WatchConfig>(data);
    check::<ServeConfig>(data);
});
