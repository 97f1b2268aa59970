//! Encode-then-decode from arbitrary values: every generated Command, Response and
//! Greeting (valid by construction, `imap-proto`'s `arbitrary` feature) encodes to
//! bytes the strict parser reads back whole, as the same value; commands with both
//! synchronizing literals and LITERAL+; the reference decoder (frame first) answers
//! the same.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use imap_proto::{
    Command, Decoded, EncodeOptions, Greeting, LiteralMode, ParseOptions, Response, encode_command,
    encode_greeting, encode_response, parse_command_with, parse_greeting_with, parse_response_with,
};
use libfuzzer_sys::fuzz_target;

fn options() -> ParseOptions {
    ParseOptions {
        max_line: usize::MAX,
        ..ParseOptions::strict()
    }
}

fn command(value: &Command<'_>) {
    for literals in [LiteralMode::Synchronizing, LiteralMode::Plus] {
        let mut wire = Vec::new();
        let enc = encode_command(value, &EncodeOptions { literals }, &mut wire);
        assert_eq!(enc.len, wire.len());
        let decoded = parse_command_with(&wire, &options());
        // the reference decoder (frame first) agrees
        assert_eq!(
            decoded,
            imap_proto::parse::reference::parse_command_with(&wire, &options())
        );
        match decoded {
            Decoded::Complete {
                value: again,
                consumed,
            } => {
                assert_eq!(consumed, wire.len(), "{:?}", String::from_utf8_lossy(&wire));
                assert_eq!(&again, value, "{:?}", String::from_utf8_lossy(&wire));
            }
            other => panic!(
                "encoded command does not decode: {other:?}\n{:?}",
                String::from_utf8_lossy(&wire)
            ),
        }
    }
}

fn response(value: &Response<'_>) {
    let mut wire = Vec::new();
    encode_response(value, &mut wire);
    let decoded = parse_response_with(&wire, &options());
    assert_eq!(
        decoded,
        imap_proto::parse::reference::parse_response_with(&wire, &options())
    );
    match decoded {
        Decoded::Complete {
            value: again,
            consumed,
        } => {
            assert_eq!(consumed, wire.len(), "{:?}", String::from_utf8_lossy(&wire));
            assert_eq!(&again, value, "{:?}", String::from_utf8_lossy(&wire));
        }
        other => panic!(
            "encoded response does not decode: {other:?}\n{:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
}

fn greeting(value: &Greeting<'_>) {
    let mut wire = Vec::new();
    encode_greeting(value, &mut wire);
    let decoded = parse_greeting_with(&wire, &options());
    assert_eq!(
        decoded,
        imap_proto::parse::reference::parse_greeting_with(&wire, &options())
    );
    match decoded {
        Decoded::Complete {
            value: again,
            consumed,
        } => {
            assert_eq!(consumed, wire.len(), "{:?}", String::from_utf8_lossy(&wire));
            assert_eq!(&again, value, "{:?}", String::from_utf8_lossy(&wire));
        }
        other => panic!(
            "encoded greeting does not decode: {other:?}\n{:?}",
            String::from_utf8_lossy(&wire)
        ),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    // the first byte picks what to build, so each kind gets the whole input
    match u.arbitrary::<u8>().unwrap_or(0) % 3 {
        0 => {
            if let Ok(v) = Command::arbitrary(&mut u) {
                command(&v);
            }
        }
        1 => {
            if let Ok(v) = Response::arbitrary(&mut u) {
                response(&v);
            }
        }
        _ => {
            if let Ok(v) = Greeting::arbitrary(&mut u) {
                greeting(&v);
            }
        }
    }
});
