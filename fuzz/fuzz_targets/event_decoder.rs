//! Fuzzes the JSON-lines event codec: `decode_line` on one line, `EventReader` on a stream, and
//! checks that every event that decodes survives an encode/decode round trip unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shrike_core::codec::{decode_line, encode, EventReader};
use shrike_core::Event;

fn assert_round_trip(event: &Event) {
    let line = encode(event);
    match decode_line(&line, 1) {
        Ok(again) => assert_eq!(
            &again, event,
            "round trip changed the event; encoded as {line}"
        ),
        Err(e) => panic!("encoded event does not decode: {e}; encoded as {line}"),
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(event) = decode_line(text, 1) {
            assert_round_trip(&event);
        }
    }
    for event in EventReader::new(data).flatten() {
        assert_round_trip(&event);
    }
});
