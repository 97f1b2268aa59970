//! Encode-then-decode from arbitrary values: every generated Command, Response and
//! Greeting (valid by construction, `imap-proto`'s `arbitrary` feature) encodes to
//! bytes the strict parser reads back whole, as the same value; commands with
//! synchronizing literals, LITERAL+ and LITERAL-, with a wait point at each
//! synchronizing literal; the reference decoder (frame first) answers the same.
#![no_main]
use arbitrary::{Arbitrary, Unstructured};
use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Limits};
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

/// Where the client must wait for `+`: after each synchronizing literal's
/// announcement, as a server's framer fed the bytes one by one announces them.
fn sync_literals(wire: &[u8]) -> Vec<usize> {
    let mut framer = Framer::new(FramerOptions {
        limits: Limits::from(&options()),
        ..FramerOptions::server()
    });
    let mut waits = Vec::new();
    for &b in wire {
        framer.feed(&[b]);
        while let Some(event) = framer.poll() {
            if let FrameEvent::Literal(a) = event {
                if a.synchronizing {
                    waits.push(a.payload_offset);
                }
            }
        }
    }
    waits
}

fn command(value: &Command<'_>) {
    for literals in [
        LiteralMode::Synchronizing,
        LiteralMode::Plus,
        LiteralMode::Minus,
    ] {
        let mut wire = Vec::new();
        let enc = encode_command(value, &EncodeOptions { literals }, &mut wire)
                .expect("a parsed or generated command has a valid form");
        assert_eq!(enc.len, wire.len());
        // a wait point after every synchronizing literal, and nowhere else
        assert_eq!(enc.waits, sync_literals(&wire), "{}", wire.escape_ascii());
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
