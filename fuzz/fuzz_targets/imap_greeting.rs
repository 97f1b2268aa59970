//! Greeting parsing never panics, agrees with the reference decoder, and parse-encode-parse is stable: the same value
//! under the strict grammar; under the tolerances the strict encoding still decodes
//! whole.
#![no_main]
use imap_proto::{Decoded, ParseOptions, encode_greeting, parse_greeting_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for options in [ParseOptions::default(), ParseOptions::strict()] {
        // the fast decoder (parse first) answers as the reference (frame first) does
        assert_eq!(
            parse_greeting_with(data, &options),
            imap_proto::parse::reference::parse_greeting_with(data, &options)
        );
        if let Decoded::Complete { value, consumed } = parse_greeting_with(data, &options) {
            assert!(consumed <= data.len());
            let mut wire = Vec::new();
            encode_greeting(&value, &mut wire);
            let unlimited = ParseOptions {
                max_line: usize::MAX,
                ..options
            };
            match parse_greeting_with(&wire, &unlimited) {
                Decoded::Complete {
                    value: again,
                    consumed,
                } => {
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
