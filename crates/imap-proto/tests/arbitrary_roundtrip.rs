//! The `arbitrary` feature's values round-trip: fixed byte buffers through
//! `Unstructured` give commands, responses and greetings that encode to bytes the
//! strict parser reads back whole, as the same value (the `imap_roundtrip` fuzz
//! target does the same with coverage-guided buffers); the reference decoder agrees.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Limits};
use imap_proto::{
    Command, Decoded, EncodeOptions, Greeting, LiteralMode, ParseOptions, Response, encode_command,
    encode_greeting, encode_response, parse_command_with, parse_greeting_with, parse_response_with,
};

fn options() -> ParseOptions {
    ParseOptions {
        max_line: usize::MAX,
        ..ParseOptions::strict()
    }
}

fn check<T: PartialEq + std::fmt::Debug, E: std::fmt::Debug>(
    wire: &[u8],
    value: &T,
    decoded: Decoded<T, E>,
) {
    match decoded {
        Decoded::Complete {
            value: again,
            consumed,
        } => {
            assert_eq!(consumed, wire.len(), "{:?}", String::from_utf8_lossy(wire));
            assert_eq!(&again, value, "{:?}", String::from_utf8_lossy(wire));
        }
        other => panic!(
            "{value:?} encoded as {:?} decodes as {other:?}",
            String::from_utf8_lossy(wire)
        ),
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

fn command(c: &Command<'_>) {
    for literals in [
        LiteralMode::Synchronizing,
        LiteralMode::Plus,
        LiteralMode::Minus,
    ] {
        let mut wire = Vec::new();
        let enc = encode_command(c, &EncodeOptions { literals }, &mut wire).unwrap();
        assert_eq!(enc.len, wire.len());
        assert_eq!(enc.waits, sync_literals(&wire), "{}", wire.escape_ascii());
        let decoded = parse_command_with(&wire, &options());
        let reference = imap_proto::parse::reference::parse_command_with(&wire, &options());
        assert_eq!(decoded, reference);
        check(&wire, c, decoded);
    }
}

fn response(r: &Response<'_>) {
    let mut wire = Vec::new();
    encode_response(r, &mut wire);
    let decoded = parse_response_with(&wire, &options());
    let reference = imap_proto::parse::reference::parse_response_with(&wire, &options());
    assert_eq!(decoded, reference);
    check(&wire, r, decoded);
}

fn greeting(g: &Greeting<'_>) {
    let mut wire = Vec::new();
    encode_greeting(g, &mut wire);
    let decoded = parse_greeting_with(&wire, &options());
    let reference = imap_proto::parse::reference::parse_greeting_with(&wire, &options());
    assert_eq!(decoded, reference);
    check(&wire, g, decoded);
}

/// Every buffer is read three times: as a command, a response and a greeting.
fn round_trip(data: &[u8]) -> usize {
    let mut made = 0;
    if let Ok(c) = Command::arbitrary(&mut Unstructured::new(data)) {
        command(&c);
        made += 1;
    }
    if let Ok(r) = Response::arbitrary(&mut Unstructured::new(data)) {
        response(&r);
        made += 1;
    }
    if let Ok(g) = Greeting::arbitrary(&mut Unstructured::new(data)) {
        greeting(&g);
        made += 1;
    }
    made
}

#[test]
fn fixed_buffers_round_trip() {
    let buffers: [&[u8]; 8] = [
        b"",
        b"\0",
        b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff",
        b"\x18\x05\x02\x07\x01\x01\x00\x03\x04\x05\x06\x07\x08\x09",
        b"\x0f\x03\x02\x01\x00\x14\x02\x05\x06\x01\x02\x03\x04\x05\x06\x07\x08",
        b"A1 LOGIN alice {6}\r\nsecret\r\n",
        b"* 3 FETCH (BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" NIL NIL NIL \"7BIT\" 3 1)))\r\n",
        b"\x05\x10\x20\x30\x40\x50\x60\x70\x80\x90\xa0\xb0\xc0\xd0\xe0\xf0",
    ];
    for b in buffers {
        round_trip(b);
    }
}

#[test]
fn pseudo_random_buffers_round_trip() {
    // xorshift64: the same buffers on every run
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut made = 0;
    for n in 0..3000usize {
        let len = n % 400;
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        made += round_trip(&data);
    }
    assert!(made > 6000, "only {made} values built");
}

#[test]
fn values_are_varied() {
    // the generator reaches deep variants: a FETCH response with a body structure,
    // a SEARCH command with nested keys, several kinds of each
    let mut state = 7u64;
    let mut names = std::collections::BTreeSet::new();
    for n in 0..2000usize {
        let data: Vec<u8> = (0..(n % 300))
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) as u8
            })
            .collect();
        if let Ok(c) = Command::arbitrary(&mut Unstructured::new(&data)) {
            names.insert(format!("C {}", c.name()));
        }
        if let Ok(Response::Data(d)) = Response::arbitrary(&mut Unstructured::new(&data)) {
            names.insert(format!("D {}", d.name()));
        }
    }
    assert!(names.len() > 50, "{names:?}");
}

/// Found by `imap_roundtrip`: a synchronizing literal inside bytes kept as sent (an
/// unknown command's rest, an extension's value) was written without its wait point,
/// so a client would send the payload before the server's `+`.
#[test]
fn literals_in_raw_values_wait() {
    for (wire, waits) in [
        (&b"a XZ {1}\r\nx\r\n"[..], vec![10]),
        (b"a XZ {1+}\r\nx {2}\r\nyz\r\n", vec![18]),
        (b"a XZ \"{1}\" ~{1}\r\n\0\r\n", vec![17]),
        (b"a SELECT INBOX (XZ ({1}\r\nx))\r\n", vec![25]),
        (b"a LIST (XZ ({0}\r\n)) \"\" *\r\n", vec![17]),
    ] {
        let Decoded::Complete { value, consumed } = parse_command_with(wire, &options()) else {
            panic!("{} does not decode", wire.escape_ascii());
        };
        assert_eq!(consumed, wire.len());
        for literals in [LiteralMode::Synchronizing, LiteralMode::Plus] {
            let mut out = Vec::new();
            let enc = encode_command(&value, &EncodeOptions { literals }, &mut out).unwrap();
            assert_eq!(out, wire);
            assert_eq!(enc.waits, waits, "{}", wire.escape_ascii());
            assert_eq!(enc.waits, sync_literals(wire));
        }
    }
}
