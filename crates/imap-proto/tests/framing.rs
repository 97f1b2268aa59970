//! The framer: literals announced before buffering, limits, resynchronisation, and
//! the same messages however the input is split.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use imap_proto::framing::{FrameEvent, Framer, FramerOptions, Limits, Side};
use imap_proto::{DecodeErrorKind, LiteralAnnouncement};

fn messages(framer: &mut Framer, input: &[u8], chunk: usize) -> Vec<FrameEvent> {
    let mut out = Vec::new();
    for piece in input.chunks(chunk.max(1)) {
        framer.feed(piece);
        while let Some(e) = framer.poll() {
            out.push(e);
        }
    }
    out
}

fn only_messages(events: &[FrameEvent]) -> Vec<Vec<u8>> {
    events
        .iter()
        .filter_map(|e| match e {
            FrameEvent::Message(m) => Some(m.bytes().to_vec()),
            _ => None,
        })
        .collect()
}

const STREAM: &[u8] = b"* OK ready\r\n\
A1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n\
A2 APPEND INBOX ~{4}\r\n\0\r\n\x01\r\n\
A3 LOGIN \"{5}\" \"x\\\"{3}\"\r\n\
A4 NOOP\r\n";

#[test]
fn any_chunking_gives_the_same_messages() {
    let whole = messages(
        &mut Framer::new(FramerOptions::server()),
        STREAM,
        STREAM.len(),
    );
    let msgs = only_messages(&whole);
    assert_eq!(msgs.len(), 5);
    assert_eq!(msgs[1], b"A1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n");
    assert_eq!(
        msgs[3], b"A3 LOGIN \"{5}\" \"x\\\"{3}\"\r\n",
        "{{5}} inside quotes is no literal"
    );
    for chunk in 1..8 {
        let events = messages(&mut Framer::new(FramerOptions::server()), STREAM, chunk);
        assert_eq!(only_messages(&events), msgs, "chunk {chunk}");
    }
}

#[test]
fn literals_are_announced_before_their_payload() {
    let mut f = Framer::new(FramerOptions::server());
    f.feed(b"A1 LOGIN {5}\r\n");
    assert_eq!(
        f.poll(),
        Some(FrameEvent::Literal(LiteralAnnouncement {
            payload_offset: 14,
            length: 5,
            synchronizing: true,
            binary: false
        }))
    );
    assert_eq!(f.poll(), None);
    f.feed(b"alice x\r\n");
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.literal(0).unwrap()[..], b"alice");
    assert_eq!(m.literal_count(), 1);
}

fn small() -> FramerOptions {
    FramerOptions {
        limits: Limits {
            max_line: 64,
            max_literal: 100,
            max_message: 1000,
            crlf_before_paren: false,
        },
        side: Side::Server,
    }
}

#[test]
fn huge_literal_is_refused_and_payload_skipped() {
    // 2^63 bytes announced, non-synchronizing: refused, and the framer would skip it
    let mut f = Framer::new(small());
    f.feed(b"A1 APPEND INBOX {9223372036854775808+}\r\nA2 NOOP\r\n");
    let Some(FrameEvent::Error(e)) = f.poll() else {
        panic!()
    };
    assert!(matches!(
        e.kind,
        DecodeErrorKind::LiteralTooLarge {
            length: 9223372036854775808,
            ..
        }
    ));
    assert_eq!(
        f.poll(),
        None,
        "the next bytes are literal payload, never a command"
    );
    assert_eq!(f.buffered(), 0);
    // synchronizing: the client waits for "+" that never comes, so the next line is a command
    let mut f = Framer::new(small());
    f.feed(b"A1 APPEND INBOX {9223372036854775808}\r\nA2 NOOP\r\n");
    assert!(matches!(f.poll(), Some(FrameEvent::Error(_))));
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"A2 NOOP\r\n");
}

#[test]
fn refused_non_sync_literal_is_skipped_with_the_rest_of_the_command() {
    let mut f = Framer::new(FramerOptions::server());
    let events = messages(
        &mut f,
        b"A1 LOGIN {3+}\r\nA9 {2+}\r\nxx\r\nA2 NOOP\r\n",
        100,
    );
    assert!(matches!(events[0], FrameEvent::Literal(_)));
    let mut f = Framer::new(FramerOptions::server());
    f.feed(b"A1 LOGIN {3+}\r\n");
    assert!(matches!(f.poll(), Some(FrameEvent::Literal(_))));
    f.refuse_literal();
    f.feed(b"A9 {2+}\r\nxx\r\nA2 NOOP\r\n");
    let mut got = Vec::new();
    while let Some(e) = f.poll() {
        got.push(e);
    }
    let msgs = only_messages(&got);
    assert_eq!(msgs, vec![b"A2 NOOP\r\n".to_vec()], "{got:?}");
}

#[test]
fn literal_length_of_30_digits_is_a_clear_error() {
    let mut f = Framer::new(small());
    f.feed(b"A1 LOGIN {123456789012345678901234567890}\r\nA2 NOOP\r\n");
    let Some(FrameEvent::Error(e)) = f.poll() else {
        panic!()
    };
    assert_eq!(e.kind, DecodeErrorKind::NumberOverflow);
    assert_eq!(e.offset, 10);
    assert!(e.to_string().contains("at byte 10"), "{e}");
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"A2 NOOP\r\n");
}

#[test]
fn a_line_with_no_end_uses_bounded_memory() {
    let mut f = Framer::new(small());
    let mut errors = 0;
    for _ in 0..10_000 {
        f.feed(&[b'a'; 100]);
        while let Some(e) = f.poll() {
            assert!(matches!(e, FrameEvent::Error(_)));
            errors += 1;
        }
        assert!(f.buffered() <= 200);
    }
    assert_eq!(errors, 1, "one error, then the line is discarded");
    f.feed(b"\r\nA2 NOOP\r\n");
    let Some(FrameEvent::Message(m)) = f.poll() else {
        panic!()
    };
    assert_eq!(&m.bytes()[..], b"A2 NOOP\r\n");
}

#[test]
fn overlong_line_ending_in_a_non_sync_literal_skips_its_payload() {
    let mut f = Framer::new(small());
    let mut line = vec![b'x'; 100];
    line.extend_from_slice(b" {4+}\r\nA9 X\r\nA2 NOOP\r\n");
    let events = messages(&mut f, &line, 7);
    assert_eq!(only_messages(&events), vec![b"A2 NOOP\r\n".to_vec()]);
}

#[test]
fn client_side_skips_server_literals_after_a_refusal() {
    let opts = FramerOptions {
        limits: Limits {
            max_line: 64,
            max_literal: 3,
            max_message: 1000,
            crlf_before_paren: false,
        },
        side: Side::Client,
    };
    let mut f = Framer::new(opts);
    let events = messages(
        &mut f,
        b"* 1 FETCH (BODY[] {7}\r\n* BYE\r\n)\r\n* 2 EXISTS\r\n",
        1,
    );
    assert_eq!(only_messages(&events), vec![b"* 2 EXISTS\r\n".to_vec()]);
}
