//! RETR bodies read straight from the caller's reads (`handle_input` copying once into
//! one chunk per read, `handle_input_bytes` slicing the caller's `Bytes` for long runs
//! and copying short ones together), held equal
//! to a byte-at-a-time reference unstuffer and to the input-buffer path over every
//! split of the stream: terminators and stuffed dots at read edges, bodies of dots
//! only, smuggled look-alikes, the response that follows the body in the same read.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use bytes::{Bytes, BytesMut};
use mail_proto_core::Secret;
use mail_proto_core::dot::DotStuffer;
use pop3_proto::MessageNumber;
use pop3_proto::client::{Client, ClientConfig, Event, Request};
use proptest::prelude::*;

/// How one read is handed to the client.
#[derive(Debug, Clone, Copy)]
enum Feed {
    Slice,
    Bytes,
}

/// What the application saw: the body (chunks joined), the events around it, and
/// the chunk count.
#[derive(Debug, Default, PartialEq, Eq)]
struct Seen {
    body: Vec<u8>,
    /// `start`, `end`, `noop`, or an error's text, in order.
    marks: Vec<String>,
    chunks: usize,
}

/// A client logged in over a server offering PIPELINING, with `RETR 1` and `NOOP`
/// both sent: the next server bytes are the RETR response, then NOOP's.
fn client_awaiting_retr_and_noop(now: Instant) -> Client {
    let mut c = Client::new(ClientConfig::new(), now);
    c.handle_input(now, b"+OK ready\r\n").unwrap();
    while c.poll_event().is_some() {}
    while c.poll_transmit(now).is_some() {}
    c.handle_input(now, b"+OK\r\nPIPELINING\r\nUSER\r\n.\r\n")
        .unwrap();
    let mut ready = false;
    while let Some(e) = c.poll_event() {
        ready |= matches!(e.unwrap(), Event::Ready(_));
    }
    assert!(ready);
    c.login("alice", Secret::new("secret")).unwrap();
    let mut logged_in = false;
    while !logged_in {
        let mut sent = 0;
        while let Some(out) = c.poll_transmit(now) {
            sent += out.iter().filter(|&&b| b == b'\n').count();
        }
        assert!(sent > 0, "the login stalled");
        for _ in 0..sent {
            c.handle_input(now, b"+OK\r\n").unwrap();
        }
        while let Some(e) = c.poll_event() {
            logged_in |= matches!(e.unwrap(), Event::LoggedIn { .. });
        }
    }
    c.retr(MessageNumber::new(1).unwrap()).unwrap();
    c.noop().unwrap();
    let mut sent = Vec::new();
    while let Some(out) = c.poll_transmit(now) {
        sent.extend_from_slice(&out);
    }
    assert_eq!(sent, b"RETR 1\r\nNOOP\r\n");
    c
}

/// Feeds `wire` in reads of the given sizes (cycled), each handed over as `feeds`
/// says (cycled), draining the events after every read.
fn feed(wire: &[u8], sizes: &[usize], feeds: &[Feed]) -> Seen {
    let now = Instant::now();
    let mut c = client_awaiting_retr_and_noop(now);
    // the reads come from one Bytes, as a reader's buffer would hand them out
    let wire = Bytes::copy_from_slice(wire);
    let mut seen = Seen::default();
    let (mut at, mut i) = (0, 0);
    while at < wire.len() {
        let len = sizes[i % sizes.len()].clamp(1, wire.len() - at);
        let read = wire.slice(at..at + len);
        let fed = match feeds[i % feeds.len()] {
            Feed::Slice => c.handle_input(now, &read),
            Feed::Bytes => c.handle_input_bytes(now, read),
        };
        if let Err(e) = fed {
            seen.marks.push(e.to_string());
            return seen;
        }
        while let Some(e) = c.poll_event() {
            match e {
                Ok(Event::BodyStart { .. }) => seen.marks.push("start".into()),
                Ok(Event::BodyChunk(chunk)) => {
                    seen.body.extend_from_slice(&chunk);
                    seen.chunks += 1;
                }
                Ok(Event::BodyEnd) => seen.marks.push("end".into()),
                Ok(Event::Done {
                    request: Request::Noop,
                    ..
                }) => seen.marks.push("noop".into()),
                Ok(other) => seen.marks.push(format!("{other:?}")),
                Err(e) => {
                    // sticky: every later call says it again
                    seen.marks.push(e.to_string());
                    return seen;
                }
            }
        }
        at += len;
        i += 1;
    }
    seen
}

/// The body `wire` (what follows the status line) carries, unstuffed a byte at a
/// time, and the length of the body on the wire with its terminator; `None` if it
/// does not end. Only `CRLF . CRLF` ends it, only a `CRLF` starts a line.
fn reference(wire: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut body = Vec::new();
    let mut line_start = true;
    let mut i = 0;
    while i < wire.len() {
        if line_start {
            line_start = false;
            if wire[i..].starts_with(b".\r\n") {
                return Some((body, i + 3));
            }
            if wire[i] == b'.' {
                i += 1;
                continue;
            }
        }
        body.push(wire[i]);
        line_start = wire[i] == b'\n' && i > 0 && wire[i - 1] == b'\r';
        i += 1;
    }
    None
}

fn stuffed(body: &[u8]) -> Vec<u8> {
    let mut out = BytesMut::new();
    let mut s = DotStuffer::new();
    s.encode(body, &mut out);
    s.finish(&mut out);
    out.to_vec()
}

const STATUS: &[u8] = b"+OK message follows\r\n";
const NOOP: &[u8] = b"+OK noop\r\n";

fn retr_then_noop(stuffed_body: &[u8]) -> Vec<u8> {
    [STATUS, stuffed_body, NOOP].concat()
}

fn expect_ok(body: &[u8]) -> Seen {
    Seen {
        body: body.to_vec(),
        marks: vec!["start".into(), "end".into(), "noop".into()],
        chunks: 0,
    }
}

/// `seen` without its chunk count, for comparing bodies and marks.
fn uncounted(mut seen: Seen) -> Seen {
    seen.chunks = 0;
    seen
}

#[test]
fn terminator_and_stuffed_dots_split_at_every_two_points() {
    // stuffed dots and the terminator at every read edge: ". . CRLF" lines, an
    // empty line, a line of one stuffed dot, then the end
    let body = b"a\r\n..\r\n\r\n...b\r\n..\r\n.\r\n";
    let wire = retr_then_noop(body);
    let want = expect_ok(b"a\r\n.\r\n\r\n..b\r\n.\r\n");
    for feeds in [[Feed::Slice], [Feed::Bytes]]
        .iter()
        .map(|f| &f[..])
        .chain([&[Feed::Slice, Feed::Bytes][..]])
    {
        for cut1 in 1..wire.len() {
            for cut2 in cut1..wire.len() {
                let sizes = [cut1, cut2 - cut1, wire.len()];
                let sizes: Vec<usize> = sizes.into_iter().filter(|&s| s > 0).collect();
                let seen = uncounted(feed(&wire, &sizes, feeds));
                assert_eq!(seen, want, "reads {sizes:?} {feeds:?}");
            }
        }
    }
}

#[test]
fn one_byte_reads_of_a_body_of_dots_only() {
    let body = b"..\r\n...\r\n....\r\n.\r\n";
    let wire = retr_then_noop(body);
    for feeds in [[Feed::Slice], [Feed::Bytes]] {
        let seen = uncounted(feed(&wire, &[1], &feeds));
        assert_eq!(seen, expect_ok(b".\r\n..\r\n...\r\n"), "{feeds:?}");
    }
}

#[test]
fn empty_body_ends_in_any_split() {
    let wire = retr_then_noop(b".\r\n");
    for size in 1..wire.len() {
        for feeds in [[Feed::Slice], [Feed::Bytes]] {
            assert_eq!(uncounted(feed(&wire, &[size], &feeds)), expect_ok(b""));
        }
    }
}

#[test]
fn smuggled_look_alikes_are_body_in_every_split() {
    // bare CR and LF forms of the end, none of which ends a POP3 body
    let hostile: &[u8] = b"x\n.\nx\r.\rx\n.\r\nx\r\n.\nx\r\n.\r\r\nx\r\n.\r";
    let wire = [STATUS, hostile, b"x\r\n.\r\n", NOOP].concat();
    let (body, _) = reference(&wire[STATUS.len()..]).unwrap();
    assert!(body.starts_with(b"x\n.\nx\r.\rx\n.\r\n"));
    for size in 1..wire.len() {
        for feeds in [
            &[Feed::Slice][..],
            &[Feed::Bytes],
            &[Feed::Bytes, Feed::Slice],
        ] {
            assert_eq!(
                uncounted(feed(&wire, &[size], feeds)),
                expect_ok(&body),
                "reads of {size} {feeds:?}"
            );
        }
    }
}

#[test]
fn a_slice_read_is_one_chunk_and_a_bytes_read_shares_its_long_runs() {
    let mut body = Vec::new();
    for i in 0..2000 {
        if i % 3 == 0 {
            body.push(b'.');
        }
        body.extend_from_slice(b"some text on a line\r\n");
    }
    let wire = retr_then_noop(&stuffed(&body));
    let reads = wire.len().div_ceil(4096);
    let seen = feed(&wire, &[4096], &[Feed::Slice]);
    assert_eq!(
        uncounted(feed(&wire, &[4096], &[Feed::Slice])),
        expect_ok(&body)
    );
    // the first read (with the status line) goes through the input buffer, sliced
    // at its stuffed dots; every later read is one chunk
    assert!(seen.chunks <= reads + 4096 / 60, "{} chunks", seen.chunks);

    // through handle_input_bytes: runs of 4 KiB and more between stuffed dots are
    // slices of the caller's buffer; the short runs of this body are copied once,
    // together, one chunk per read
    let (shared, copied) = bytes_read_chunks(&wire, &body);
    assert_eq!(shared, 0);
    assert!(copied <= reads + 1, "{copied} chunks");
    // a body of long runs (a stuffed dot every 400 lines, 8 KiB apart): each run
    // shared, nothing copied but the short pieces where a run meets a read's edge
    let mut long = Vec::new();
    for i in 0..8000 {
        if i % 400 == 0 {
            long.push(b'.');
        }
        long.extend_from_slice(b"some text on a line\r\n");
    }
    let wire = retr_then_noop(&stuffed(&long));
    let (shared, copied) = bytes_read_chunks(&wire, &long);
    assert!(shared >= 18, "{shared} shared");
    assert!(copied <= 2 * shared, "{copied} copied, {shared} shared");
}

/// Feeds the RETR response `wire` (whose body is `body`) with its status line through
/// `handle_input` and the rest as one `Bytes` through `handle_input_bytes`; the body
/// chunks that point into that `Bytes`, and those that do not.
fn bytes_read_chunks(wire: &[u8], body: &[u8]) -> (usize, usize) {
    let now = Instant::now();
    let mut c = client_awaiting_retr_and_noop(now);
    c.handle_input(now, STATUS).unwrap();
    while c.poll_event().is_some() {}
    let rest = Bytes::copy_from_slice(&wire[STATUS.len()..]);
    let range = rest.as_ptr() as usize..rest.as_ptr() as usize + rest.len();
    let (mut shared, mut copied) = (0, 0);
    let mut got = Vec::new();
    for read in (0..rest.len()).step_by(16 << 10) {
        let piece = rest.slice(read..rest.len().min(read + (16 << 10)));
        c.handle_input_bytes(now, piece).unwrap();
        while let Some(e) = c.poll_event() {
            if let Event::BodyChunk(chunk) = e.unwrap() {
                if range.contains(&(chunk.as_ptr() as usize)) {
                    shared += 1;
                } else {
                    copied += 1;
                }
                got.extend_from_slice(&chunk);
            }
        }
    }
    assert_eq!(got, body);
    (shared, copied)
}

fn body_byte() -> impl Strategy<Value = u8> {
    prop::sample::select(vec![b'a', b'.', b'.', b'\r', b'\n', b'\r', b'\n'])
}

fn feeds() -> impl Strategy<Value = Vec<Feed>> {
    prop::collection::vec(
        prop::bool::ANY.prop_map(|b| if b { Feed::Bytes } else { Feed::Slice }),
        1..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any body, stuffed as a server sends it, comes out equal to the reference
    /// unstuffer's reading of the wire, in any reads, and NOOP's answer after it.
    #[test]
    fn stuffed_bodies_match_the_reference_in_any_reads(
        body in prop::collection::vec(body_byte(), 0..400),
        sizes in prop::collection::vec(1usize..64, 1..8),
        feeds in feeds(),
    ) {
        let on_wire = stuffed(&body);
        let (want, end) = reference(&on_wire).unwrap();
        prop_assert_eq!(end, on_wire.len());
        let wire = retr_then_noop(&on_wire);
        prop_assert_eq!(uncounted(feed(&wire, &sizes, &feeds)), expect_ok(&want));
    }

    /// Any bytes at all (an early terminator, look-alikes, a garbled response after
    /// it) give the same body and the same events in any reads as in one read,
    /// which takes the input-buffer path.
    #[test]
    fn hostile_streams_match_one_read_in_any_reads(
        after_status in prop::collection::vec(body_byte(), 0..300),
        sizes in prop::collection::vec(1usize..48, 1..8),
        feeds in feeds(),
    ) {
        let wire = [STATUS, &after_status, b"\r\n.\r\n", NOOP].concat();
        let whole = uncounted(feed(&wire, &[wire.len()], &[Feed::Slice]));
        let (want, _) = reference(&wire[STATUS.len()..]).unwrap();
        prop_assert_eq!(&whole.body, &want);
        prop_assert_eq!(uncounted(feed(&wire, &sizes, &feeds)), whole);
    }
}
