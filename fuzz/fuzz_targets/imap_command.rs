//! Command parsing never panics, agrees with the reference decoder, and parse-encode-parse gives the same value, with
//! synchronizing literals (wait points inside the encoding) and with LITERAL+.
#![no_main]
use imap_proto::{
    Decoded, EncodeOptions, LiteralMode, ParseOptions, encode_command, parse_command_with,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ParseOptions::server();
    // the fast decoder (parse first) answers as the reference (frame first) does
    for o in [options, ParseOptions::default()] {
        assert_eq!(
            parse_command_with(data, &o),
            imap_proto::parse::reference::parse_command_with(data, &o)
        );
    }
    if let Decoded::Complete { value, consumed } = parse_command_with(data, &options) {
        assert!(consumed <= data.len());
        for literals in [LiteralMode::Synchronizing, LiteralMode::Plus] {
            let mut wire = Vec::new();
            let enc = encode_command(&value, &EncodeOptions { literals }, &mut wire)
                .expect("a parsed or generated command has a valid form");
            assert_eq!(enc.len, wire.len());
            assert!(enc.waits.windows(2).all(|w| w[0] < w[1]));
            let unlimited = ParseOptions {
                max_line: usize::MAX,
                ..options
            };
            match parse_command_with(&wire, &unlimited) {
                Decoded::Complete {
                    value: again,
                    consumed,
                } => {
                    assert_eq!(consumed, wire.len());
                    assert_eq!(again, value);
                }
                other => panic!("re-encoded command does not decode: {other:?}"),
            }
        }
    }
});
