//! Greeting parsing never panics, and parse-encode-parse is stable: the same value
//! under the strict grammar; under the tolerances the strict encoding still decodes
//! whole.
#![no_main]
use imap_proto::{Decoded, ParseOptions, encode_greeting, parse_greeting_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for options in [ParseOptions::default(), ParseOptions::strict()] {
        if let Decoded::Complete { value, consumed } = parse_greeting_with(data, &options) {
            assert!(consumed <= data.len());
            let mut wire = Vec::new();
            encode_greeting(&value, &mut wire);
            let unlimited = ParseOptions { max_line: usize::MAX, ..options };
            match parse_greeting_with(&wire, &unlimited) {
                Decoded::Complete { value: again, consumed } => {
                    assert_eq!(consumed, wire.len());
                    if options == ParseOptions::strict() {
                        assert_eq!(again, value);
                    }
                }
                other => panic!("re-encoded greeting does not decode: {other:?}"),
            }
        }
    }
});
