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
            lf_line_ends: false,
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
            lf_line_ends: false,
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

/// Every event of `input` fed whole, then fed in pieces of each size in `chunks`.
fn events_any_split(opts: FramerOptions, input: &[u8], chunks: &[usize]) -> Vec<FrameEvent> {
    let whole = messages(&mut Framer::new(opts), input, input.len());
    for &chunk in chunks {
        let split = messages(&mut Framer::new(opts), input, chunk);
        // an error's excerpt shows what happened to be buffered: compare the rest
        assert_eq!(comparable(&split), comparable(&whole), "chunk {chunk}");
    }
    whole
}

fn comparable(events: &[FrameEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            FrameEvent::Error(e) => format!("error {:?} at {}", e.kind, e.offset),
            other => format!("{other:?}"),
        })
        .collect()
}

fn errors(events: &[FrameEvent]) -> Vec<(DecodeErrorKind, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            FrameEvent::Error(e) => Some((e.kind.clone(), e.offset)),
            _ => None,
        })
        .collect()
}

fn limits(max_line: usize, max_literal: u64, max_message: usize, side: Side) -> FramerOptions {
    FramerOptions {
        limits: Limits {
            max_line,
            max_literal,
            max_message,
            crlf_before_paren: false,
            lf_line_ends: false,
        },
        side,
    }
}

#[test]
fn max_message_over_several_literals_is_refused_and_the_framer_resynchronises() {
    // every line and literal is within its own limit; the message as a whole is not
    let opts = limits(64, 100, 300, Side::Server);
    let payload = [b'p'; 90];
    let mut input = b"A1 APPEND INBOX {90+}\r\n".to_vec(); // 23
    input.extend_from_slice(&payload); // 113
    input.extend_from_slice(b" {90+}\r\n"); // 121
    input.extend_from_slice(&payload); // 211
    input.extend_from_slice(b" {90+}\r\n"); // 219: 219 + 90 > 300
    let refused_at = input.len();
    // the payloads go on regardless (non-synchronizing), one of them holding a line
    // that looks like a command; they must be skipped, never framed
    let mut smuggled = b"A6 DELETE INBOX\r\n".to_vec();
    smuggled.resize(90, b'q');
    input.extend_from_slice(&smuggled);
    input.extend_from_slice(b" {90+}\r\n");
    input.extend_from_slice(&payload);
    input.extend_from_slice(b"\r\nA2 NOOP\r\n");
    let events = events_any_split(opts, &input, &[1, 2, 3, 7, 64]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::MessageTooLarge { limit: 300 }, refused_at)]
    );
    assert_eq!(
        only_messages(&events),
        [b"A2 NOOP\r\n".to_vec()],
        "{events:?}"
    );
}

#[test]
fn max_message_refuses_a_synchronizing_literal_and_the_next_command_frames() {
    // the literal alone is within max_literal; with its line it is over max_message.
    // synchronizing: the client waits for a "+" that never comes
    let opts = limits(64, 1000, 200, Side::Server);
    let input = b"A1 APPEND INBOX {190}\r\nA2 NOOP\r\nA3 LOGOUT\r\n";
    let events = events_any_split(opts, input, &[1, 5]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::MessageTooLarge { limit: 200 }, 23)]
    );
    assert_eq!(
        only_messages(&events),
        [b"A2 NOOP\r\n".to_vec(), b"A3 LOGOUT\r\n".to_vec()]
    );
}

#[test]
fn max_message_on_the_client_side_skips_the_server_literal() {
    // a server sends every literal's payload at once: it is skipped after the refusal
    let opts = limits(64, 10_000, 100, Side::Client);
    let mut input = b"* 1 FETCH (BODY[] {150}\r\n".to_vec();
    let refused_at = input.len();
    let mut body = b"* 2 EXISTS\r\n".to_vec();
    body.resize(150, b'b');
    input.extend_from_slice(&body);
    input.extend_from_slice(b")\r\n* 3 EXISTS\r\n");
    let events = events_any_split(opts, &input, &[1, 9]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::MessageTooLarge { limit: 100 }, refused_at)]
    );
    assert_eq!(only_messages(&events), [b"* 3 EXISTS\r\n".to_vec()]);
}

#[test]
fn max_message_is_checked_without_a_literal_too() {
    // a single line may be longer than max_message only when max_line allows it
    let opts = limits(1000, 100, 50, Side::Server);
    let mut input = b"A1 LOGIN ".to_vec();
    input.resize(70, b'a');
    input.extend_from_slice(b"\r\nA2 NOOP\r\n");
    let events = events_any_split(opts, &input, &[1, 4]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::MessageTooLarge { limit: 50 }, 0)]
    );
    assert_eq!(only_messages(&events), [b"A2 NOOP\r\n".to_vec()]);
}

/// The byte range `inner` covers inside `outer`, if it lies inside it.
fn range_within(outer: &[u8], inner: &[u8]) -> Option<std::ops::Range<usize>> {
    let o = outer.as_ptr_range();
    let i = inner.as_ptr_range();
    (o.start <= i.start && i.end <= o.end).then(|| {
        let start = i.start as usize - o.start as usize;
        start..start + inner.len()
    })
}

#[test]
fn literal_payloads_are_slices_of_the_frame_not_copies() {
    let wire = b"* 12 FETCH (UID 42 BODY[] {11}\r\nhello\r\nbody)\r\n* 13 EXISTS\r\n";
    let mut f = Framer::new(FramerOptions::client());
    f.feed(wire);
    assert!(matches!(f.poll(), Some(FrameEvent::Literal(_))));
    let Some(FrameEvent::Message(frame)) = f.poll() else {
        panic!()
    };
    let bytes: &[u8] = frame.bytes();
    assert_eq!(bytes, &wire[..wire.len() - 13]);
    let payload_at = 32..43;
    assert_eq!(&bytes[payload_at.clone()], b"hello\r\nbody");
    // the framer's own view of the literal is a slice of the same buffer
    let lit = frame.literal(0).unwrap();
    assert_eq!(range_within(bytes, &lit), Some(payload_at.clone()));
    // and so is what the parser hands out
    let (resp, consumed) = imap_proto::parse_response(bytes).ok().unwrap();
    assert_eq!(consumed, bytes.len());
    let imap_proto::Response::Data(imap_proto::Data::Fetch { items, .. }) = &resp else {
        panic!("{resp:?}")
    };
    let Some(imap_proto::FetchItem::BodySection { data, .. }) = items.get(1) else {
        panic!("{items:?}")
    };
    let data = data.as_ref().unwrap().as_bytes();
    assert_eq!(data, b"hello\r\nbody");
    assert_eq!(range_within(bytes, data), Some(payload_at));
    // the frame handed out is not a copy of the framer's buffer either: the next
    // message is the rest of the same allocation, right after it
    let Some(FrameEvent::Message(next)) = f.poll() else {
        panic!()
    };
    assert_eq!(&next.bytes()[..], b"* 13 EXISTS\r\n");
    assert_eq!(bytes.as_ptr_range().end, next.bytes().as_ptr());
}

#[test]
fn one_byte_feeding_of_large_messages_does_linear_work() {
    // Nothing public counts the bytes the scanner looks at, so this bounds the time:
    // linear work is well under a second even unoptimised, while a framer that
    // rescanned the buffer on each feed would do ~2.5 * 10^12 byte steps here.
    const LINE: usize = 2 << 20;
    const LITERAL: usize = 1 << 20;
    let opts = limits(2 * LINE, 2 * LITERAL as u64, 8 * LINE, Side::Server);
    const BOUND: std::time::Duration = std::time::Duration::from_secs(10);
    let started = std::time::Instant::now();

    // a 2 MiB line, then a message with a 1 MiB literal, one byte at a time
    let mut input = b"A1 LOGIN ".to_vec();
    input.resize(LINE, b'a');
    input.extend_from_slice(b" x\r\n");
    let line_len = input.len();
    input.extend_from_slice(format!("A2 APPEND INBOX {{{LITERAL}+}}\r\n").as_bytes());
    let literal_at = input.len();
    input.resize(literal_at + LITERAL, b'\n'); // line ends inside: must not be scanned
    input.extend_from_slice(b"\r\n");
    let mut f = Framer::new(opts);
    let mut got = Vec::new();
    let mut polls = 0usize;
    for b in input.chunks(1) {
        f.feed(b);
        while let Some(e) = f.poll() {
            got.push(e);
        }
        polls += 1;
        // give up early rather than run a quadratic framer to the end
        if polls % (1 << 16) == 0 {
            let elapsed = started.elapsed();
            assert!(
                elapsed < BOUND,
                "{polls} bytes fed a byte at a time took {elapsed:?}: the framer is not linear"
            );
        }
    }
    let elapsed = started.elapsed();
    assert_eq!(polls, input.len());
    assert_eq!(got.len(), 3, "message, announcement, message");
    let FrameEvent::Message(first) = &got[0] else {
        panic!()
    };
    assert_eq!(first.bytes().len(), line_len);
    let FrameEvent::Message(second) = &got[2] else {
        panic!()
    };
    assert_eq!(second.bytes().len(), input.len() - line_len);
    assert_eq!(second.literal(0).unwrap().len(), LITERAL);
    assert_eq!(f.buffered(), 0);
    assert!(
        elapsed < BOUND,
        "3 MiB fed a byte at a time took {elapsed:?}: the framer is not linear"
    );
}

#[test]
fn error_offsets_of_a_2_pow_63_literal() {
    // 2^63 fits a u64: refused against max_literal, at the payload's first byte
    let input = b"A1 NOOP\r\nA2 APPEND INBOX {9223372036854775808}\r\nA3 NOOP\r\n";
    let events = events_any_split(small(), input, &[1, 3]);
    assert_eq!(
        errors(&events),
        [(
            DecodeErrorKind::LiteralTooLarge {
                length: 1 << 63,
                limit: 100
            },
            39
        )]
    );
    assert_eq!(
        only_messages(&events),
        [b"A1 NOOP\r\n".to_vec(), b"A3 NOOP\r\n".to_vec()]
    );
    // the offset counts from the start of the message, after a literal too
    let input = b"A2 LOGIN {3}\r\nabc {9223372036854775808}\r\nA3 NOOP\r\n";
    let events = events_any_split(small(), input, &[1]);
    assert_eq!(
        errors(&events),
        [(
            DecodeErrorKind::LiteralTooLarge {
                length: 1 << 63,
                limit: 100
            },
            41
        )]
    );
    // 2^64 does not fit: an overflow at the first digit
    let input = b"A2 APPEND INBOX {18446744073709551616}\r\nA3 NOOP\r\n";
    let events = events_any_split(small(), input, &[1]);
    assert_eq!(errors(&events), [(DecodeErrorKind::NumberOverflow, 17)]);
    assert_eq!(only_messages(&events), [b"A3 NOOP\r\n".to_vec()]);
}

#[test]
fn error_offsets_of_an_endless_line() {
    // over max_line (64) with no line end: reported at the start of the line, once
    let mut f = Framer::new(small());
    let mut got = Vec::new();
    for _ in 0..100 {
        f.feed(&[b'a'; 7]);
        while let Some(e) = f.poll() {
            got.push(e);
        }
    }
    let errs = errors(&got);
    assert_eq!(errs, [(DecodeErrorKind::LineTooLong { limit: 64 }, 0)]);
    // the second line of a message (after a literal): the offset of that line
    let mut input = b"A1 LOGIN {3}\r\nabc ".to_vec();
    input.resize(input.len() + 200, b'b');
    input.extend_from_slice(b"\r\nA2 NOOP\r\n");
    let events = events_any_split(small(), &input, &[1, 10]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::LineTooLong { limit: 64 }, 17)]
    );
    assert_eq!(only_messages(&events), [b"A2 NOOP\r\n".to_vec()]);
    // after an earlier message the offset is still from the erroneous message's start
    let mut input = b"A0 NOOP\r\n".to_vec();
    input.resize(input.len() + 100, b'c');
    let events = events_any_split(small(), &input, &[1]);
    assert_eq!(
        errors(&events),
        [(DecodeErrorKind::LineTooLong { limit: 64 }, 0)]
    );
}

/// `A1 APPEND INBOX {n}` with an `n`-byte message, encoded under `mode`.
fn append_wire(n: usize, mode: imap_proto::LiteralMode) -> (Vec<u8>, imap_proto::EncodedCommand) {
    use imap_proto::{
        AppendData, AppendMessage, Command, CommandBody, EncodeOptions, Literal, LiteralKind,
        Mailbox, Tag,
    };
    let message = vec![b'm'; n];
    let cmd = Command::new(
        Tag::new("A1").unwrap(),
        CommandBody::Append {
            mailbox: Mailbox::Inbox,
            messages: vec![AppendMessage {
                flags: vec![],
                date: None,
                data: AppendData::Literal(Literal::new(&message[..], LiteralKind::Text)),
            }],
        },
    );
    let mut wire = Vec::new();
    let enc =
        imap_proto::encode_command(&cmd, &EncodeOptions { literals: mode }, &mut wire).unwrap();
    assert_eq!(enc.len, wire.len());
    let mut want_tail = message.clone();
    want_tail.extend_from_slice(b"\r\n");
    assert!(wire.ends_with(&want_tail));
    (wire, enc)
}

#[test]
fn literal_minus_is_non_synchronizing_up_to_4096_bytes_only() {
    use imap_proto::LiteralMode;
    const HEAD: usize = b"A1 APPEND INBOX ".len();
    for (n, mode, header, sync) in [
        (0, LiteralMode::Minus, "{0+}\r\n", false),
        (1, LiteralMode::Minus, "{1+}\r\n", false),
        (4095, LiteralMode::Minus, "{4095+}\r\n", false),
        (4096, LiteralMode::Minus, "{4096+}\r\n", false),
        (4097, LiteralMode::Minus, "{4097}\r\n", true),
        (100_000, LiteralMode::Minus, "{100000}\r\n", true),
        // the other modes on both sides of the boundary, so that Minus is neither
        (4096, LiteralMode::Synchronizing, "{4096}\r\n", true),
        (4097, LiteralMode::Plus, "{4097+}\r\n", false),
    ] {
        let (wire, enc) = append_wire(n, mode);
        assert_eq!(
            String::from_utf8_lossy(&wire[HEAD..HEAD + header.len()]),
            header,
            "{n} bytes, {mode:?}"
        );
        let header_end = HEAD + header.len();
        let want_waits = if sync { vec![header_end] } else { vec![] };
        assert_eq!(enc.waits, want_waits, "{n} bytes, {mode:?}");
        // the server's framer reads the same form
        let mut f = Framer::new(FramerOptions::server());
        f.feed(&wire);
        let Some(FrameEvent::Literal(a)) = f.poll() else {
            panic!("{n} bytes, {mode:?}")
        };
        assert_eq!(
            (a.length, a.synchronizing, a.payload_offset),
            (n as u64, sync, header_end)
        );
        let Some(FrameEvent::Message(m)) = f.poll() else {
            panic!("{n} bytes, {mode:?}")
        };
        assert_eq!(&m.bytes()[..], &wire[..]);
    }
}

#[test]
fn literal_minus_applies_to_every_literal_of_a_command() {
    use imap_proto::{Command, CommandBody, EncodeOptions, LiteralMode, SecretString, Tag};
    // an 8-bit user name of 4096 bytes and password of 4097: each literal on its own
    let user = "\u{e9}".repeat(2048);
    let pass = format!("x{}", "\u{e9}".repeat(2048));
    let cmd = Command::new(
        Tag::new("A1").unwrap(),
        CommandBody::Login {
            username: user.as_str().into(),
            password: SecretString::new(pass.as_str()),
        },
    );
    let mut wire = Vec::new();
    let enc = imap_proto::encode_command(
        &cmd,
        &EncodeOptions {
            literals: LiteralMode::Minus,
        },
        &mut wire,
    )
    .unwrap();
    let first = b"A1 LOGIN {4096+}\r\n";
    assert!(
        wire.starts_with(first),
        "{}",
        String::from_utf8_lossy(&wire[..20])
    );
    let second_at = first.len() + 4096;
    let second = b" {4097}\r\n";
    assert_eq!(&wire[second_at..second_at + second.len()], second);
    assert_eq!(enc.waits, [second_at + second.len()]);
}

#[test]
fn a_followed_literal_too_long_to_count_desynchronizes_instead_of_reading_its_payload() {
    // `{n+}` from a client and any literal from a server: the payload follows at once,
    // of a length nobody can count, so no later byte is known to start a message
    for (side, input) in [
        (
            FramerOptions::server(),
            &b"A1 LOGIN {99999999999999999999+}\r\nA9 DELETE INBOX\r\nA2 NOOP\r\n"[..],
        ),
        (
            FramerOptions::client(),
            b"* 1 FETCH (BODY[] {99999999999999999999}\r\n* 2 EXPUNGE\r\nA1 OK\r\n",
        ),
    ] {
        for chunk in [1, 7, input.len()] {
            let mut f = Framer::new(side);
            let events = messages(&mut f, input, chunk);
            assert!(
                matches!(&events[..], [FrameEvent::Error(e)] if e.kind == DecodeErrorKind::NumberOverflow),
                "{events:?}"
            );
            assert!(f.is_desynchronized());
            f.feed(b"A3 NOOP\r\n");
            assert_eq!(f.poll(), None, "nothing is framed any more");
            assert_eq!(f.buffered(), 0, "and nothing kept");
        }
    }
    // a synchronizing one from a client sends no payload before `+`: the next line is
    // a command, as before
    let mut f = Framer::new(FramerOptions::server());
    let events = messages(
        &mut f,
        b"A1 LOGIN {99999999999999999999}\r\nA2 NOOP\r\n",
        100,
    );
    assert_eq!(only_messages(&events), vec![b"A2 NOOP\r\n".to_vec()]);
    assert!(!f.is_desynchronized());
}

#[test]
fn a_literal_announced_inside_an_open_quote_is_refused_and_its_payload_skipped() {
    // to the grammar `"x {17+}` is an unterminated string, but a peer (or a framer in
    // front that ignores quotes) may mean a literal: its 17 bytes must not be read as
    // the command `A9 DELETE INBOX`; the rest of A1's line after it goes with it
    let input = b"A1 LOGIN \"x {17+}\r\nA9 DELETE INBOX\r\n \"y\"\r\nA2 NOOP\r\n";
    for chunk in [1, 5, input.len()] {
        let mut f = Framer::new(FramerOptions::server());
        let events = messages(&mut f, input, chunk);
        match &events[..] {
            [FrameEvent::Error(e), FrameEvent::Message(m)] => {
                assert_eq!(
                    e.kind,
                    DecodeErrorKind::Syntax("a closed quoted string before a literal")
                );
                assert_eq!(e.offset, 17);
                assert_eq!(&m.bytes()[..], b"A2 NOOP\r\n");
            }
            other => panic!("chunk {chunk}: {other:?}"),
        }
    }
    // the same from a server: the payload follows whatever it is
    let input = b"* 1 FETCH (BODY[] \"x {11}\r\n* 2 BYE x\r\n)\r\nA1 OK done\r\n";
    let events = messages(&mut Framer::new(FramerOptions::client()), input, 3);
    assert_eq!(
        only_messages(&events),
        vec![b"A1 OK done\r\n".to_vec()],
        "{events:?}"
    );
}

#[test]
fn an_overlong_line_ending_in_a_literal_too_long_to_count_desynchronizes() {
    let mut line = b"A1 LOGIN ".to_vec();
    line.extend(std::iter::repeat_n(b'a', 2000));
    line.extend_from_slice(b" {99999999999999999999+}\r\nA9 DELETE INBOX\r\n");
    let mut f = Framer::new(small());
    let events = messages(&mut f, &line, 64);
    assert!(only_messages(&events).is_empty(), "{events:?}");
    assert!(f.is_desynchronized());
}
