//! Hot paths do not allocate: a counting global allocator checks that parsing commands
//! and unstuffing DATA bodies allocate nothing per token. (Lives in the benches crate,
//! which may use `unsafe` for the allocator shim; the codec crates forbid it.)
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Unstuffed};

struct Counting;

thread_local! {
    static ALLOCS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: forwards to the system allocator; only counts calls on this thread.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCS.try_with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let before = ALLOCS.with(Cell::get);
    let r = f();
    (r, ALLOCS.with(Cell::get) - before)
}

#[test]
fn parsing_commands_allocates_nothing() {
    // through the benches' adapter, so the parse API changes in one place
    let input = b"MAIL FROM:<sender.name@example.com> SIZE=1048576 BODY=8BITMIME SMTPUTF8 RET=HDRS ENVID=abc\r\nRCPT TO:<recipient@example.org> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;r@example.org\r\nEHLO client.example.org\r\nBDAT 100 LAST\r\nDATA\r\nAUTH PLAIN AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n".repeat(20);
    let (count, allocs) = allocations(|| benches::parse_all(benches::ours_parse, &input).unwrap());
    assert_eq!(count, 120);
    assert_eq!(allocs, 0, "{allocs} allocations for {count} commands");
}

#[test]
fn unstuffing_allocates_nothing() {
    let wire = b"line\r\n..dot\r\nmore text here\r\n.\r\n".to_vec();
    let mut body = b"x".repeat(10_000);
    body.extend_from_slice(&wire);
    let (total, allocs) = allocations(|| {
        let mut u = DotUnstuffer::new(BareLineEndings::Keep);
        let mut total = 0;
        for chunk in body.chunks(333) {
            let status = u.decode(chunk, |piece| {
                if let mail_proto_core::dot::Piece::Input(r) = piece {
                    total += r.len();
                }
            });
            if let Unstuffed::End { .. } = status {
                break;
            }
        }
        total
    });
    assert_eq!(
        total,
        10_000 + wire.len() - 4,
        "one stuffed dot and the terminator removed"
    );
    assert_eq!(allocs, 0);
}

/// Allocations while a POP3 client reads a 4 MB RETR body in 16 KiB chunks, with
/// and without dot-stuffed lines.
fn pop3_retr_allocations(message: &[u8]) -> (usize, usize, usize) {
    let now = std::time::Instant::now();
    let wire = benches::pop3::retr_response(message);
    let mut client = benches::pop3::client_awaiting_retr(now);
    let chunks = wire.len().div_ceil(16 * 1024);
    let (r, allocs) =
        allocations(|| benches::pop3::client_read_retr(&mut client, now, &wire, 16 * 1024));
    let (bytes, _events) = r.unwrap();
    assert_eq!(bytes, message.len());
    (chunks, allocs, wire.len())
}

#[test]
fn pop3_retr_allocations_do_not_grow_with_the_body() {
    // the client's buffer and event queue reach their size in the first chunks; after
    // that each 16 KiB chunk comes out as `Bytes` slices of it, with no allocation
    for dot_every in [0, 17] {
        let body = |len| match dot_every {
            0 => benches::pop3::message(len, 7),
            n => benches::pop3::message_with_dots(len, 7, n),
        };
        let (small_chunks, small, _) = pop3_retr_allocations(&body(1 << 20));
        let (chunks, allocs, wire) = pop3_retr_allocations(&body(4 << 20));
        eprintln!(
            "RETR of {wire} bytes in {chunks} chunks: {allocs} allocations ({small} for {small_chunks} chunks)"
        );
        assert!(allocs <= 16, "{allocs} allocations for {chunks} chunks");
        assert_eq!(allocs, small, "allocations grow with the body");
    }
}

#[test]
fn pop3_server_allocations_per_pipelined_command() {
    // 2000 commands (STAT, LIST, UIDL, TOP, RETR, DELE, ...), listings written
    // straight into the output; the maildrop's 100 unique ids are built in the count
    let session = benches::pop3::pop3_session(2_000, 11);
    let (served, allocs) = allocations(|| benches::pop3::serve_pop3(&session, 4096, false));
    let served = served.unwrap();
    eprintln!(
        "{allocs} allocations for 2000 commands ({} bytes out)",
        served.written
    );
    assert!(allocs <= 3_000, "{allocs} allocations for 2000 commands");
}

fn imap_allocations(wire: &[u8]) -> usize {
    let (decoded, allocs) = allocations(|| {
        let d = imap_proto::parse_response(wire);
        let ok =
            matches!(&d, imap_proto::Decoded::Complete { consumed, .. } if *consumed == wire.len());
        drop(d);
        ok
    });
    assert!(decoded, "{}", String::from_utf8_lossy(wire));
    allocs
}

/// Allocations while a logged-in server answers `n` RETRs of `message`, each read,
/// answered and written out before the next, the way a run loop does.
fn pop3_server_retr_allocations(n: usize, message: &[u8]) -> usize {
    use pop3_proto::server::{Decision, Event, Maildrop, Server, ServerConfig};
    let now = std::time::Instant::now();
    let mut s = Server::new(ServerConfig::new().allow_login_without_tls(), now);
    let mut out = 0usize;
    let mut step = |s: &mut Server, input: &[u8]| {
        s.handle_input(now, input);
        while let Some(e) = s.poll_event() {
            match e {
                Event::Decision(Decision::Login(_)) => s
                    .accept_login(Maildrop::new(vec![message.len() as u64]))
                    .unwrap(),
                Event::Decision(Decision::Retrieve { .. }) => s.retrieve(message).unwrap(),
                other => panic!("unexpected {other:?}"),
            }
        }
        while let Some(b) = s.poll_transmit(now) {
            out += b.len();
        }
    };
    step(&mut s, b"USER alice\r\nPASS secret\r\n");
    // one RETR first: buffers and queues reach their size
    step(&mut s, b"RETR 1\r\n");
    let (_, allocs) = allocations(|| {
        for _ in 0..n {
            step(&mut s, b"RETR 1\r\n");
        }
    });
    assert!(out > n * message.len());
    allocs
}

#[test]
fn imap_status_and_simple_data_allocate_nothing() {
    for wire in [
        &b"* 172 EXISTS\r\n"[..],
        b"* 3 EXPUNGE\r\n",
        b"A0042 OK [READ-WRITE] SELECT completed\r\n",
        b"* OK [UIDVALIDITY 3857529045] UIDs valid\r\n",
        b"+ Ready for literal data\r\n",
        b"* BYE Autologout; idle for too long\r\n",
    ] {
        assert_eq!(
            imap_allocations(wire),
            0,
            "{}",
            String::from_utf8_lossy(wire)
        );
    }
}

#[test]
fn imap_fetch_response_allocates_one_block_per_list_it_holds() {
    // what the value needs: the item list (1), the flag list (1), the boxed envelope
    // (1) and the one block its address lists share (1), the boxed body structure (1)
    // and its part list (1): 6, none per string, item or single parameter pair
    let wire = b"* 12 FETCH (UID 1012 FLAGS (\\Seen $Forwarded) INTERNALDATE \"17-Jul-2026 02:44:25 -0700\" \
RFC822.SIZE 4286 ENVELOPE (\"Fri, 17 Jul 2026 02:23:25 -0700\" \"Minutes\" ((\"Terry Gray\" NIL \"gray\" \"example.org\")) \
((\"Terry Gray\" NIL \"gray\" \"example.org\")) ((\"Terry Gray\" NIL \"gray\" \"example.org\")) \
((NIL NIL \"imap\" \"example.org\")(\"John Klensin\" NIL \"klensin\" \"example.net\")) NIL NIL NIL \"<B27397@example.org>\") \
BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)\
(\"TEXT\" \"HTML\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\" 9028 112 NIL NIL NIL NIL) \
\"ALTERNATIVE\" (\"BOUNDARY\" \"----=_Part_1\") NIL NIL NIL))\r\n";
    assert_eq!(imap_allocations(wire), 6);
}

#[test]
fn imap_body_literal_allocations_do_not_grow_with_its_size() {
    // the item list only: the payload is borrowed from the input, never copied
    for len in [16, 1 << 16, 1 << 22] {
        let wire = benches::imap::body_literal_response(len);
        assert_eq!(imap_allocations(&wire), 1, "{len}-byte literal");
    }
}

#[test]
fn imap_fetch_stream_allocations_per_response() {
    // the bench stream: at most 7 allocations per response on average (about 6.3:
    // one per list the value holds, see above, and one per attachment's disposition;
    // 13.2 before single parameter pairs were held inline, the envelope's lists shared
    // a block and NIL extension data stopped taking room)
    let stream = benches::imap::fetch_stream(2000, 1);
    let (n, allocs) = allocations(|| benches::imap::ours_responses(&stream));
    assert_eq!(n, Some(2000));
    assert!(
        allocs <= 7 * 2000,
        "{allocs} allocations for 2000 responses"
    );
}

#[test]
fn pop3_server_retr_allocates_nothing_per_message() {
    let message = benches::pop3::message(4000, 3);
    let allocs = pop3_server_retr_allocations(500, &message);
    assert_eq!(allocs, 0, "{allocs} allocations for 500 RETRs");
}

#[test]
fn pop3_body_decoder_allocates_nothing_per_read() {
    // framing::BodyDecoder over a dot-stuffed body in 333-byte reads: the pieces of
    // a read go into a list the decoder keeps, not a new one per read
    let message = benches::pop3::message(200_000, 5);
    let wire = benches::pop3::retr_response(&message);
    let body_at = wire.iter().position(|&b| b == b'\n').unwrap() + 1;
    let mut input = bytes::BytesMut::with_capacity(wire.len());
    let mut dec = pop3_proto::framing::BodyDecoder::new();
    let mut reads = wire[body_at..].chunks(333);
    // the first read sizes the list
    input.extend_from_slice(reads.next().unwrap());
    let mut got = 0;
    assert!(!dec.decode(&mut input, |b| got += b.len()));
    let (ended, allocs) = allocations(|| {
        let mut ended = false;
        for read in reads {
            input.extend_from_slice(read);
            ended = dec.decode(&mut input, |b| got += b.len());
        }
        ended
    });
    assert!(ended);
    assert_eq!(got, message.len());
    assert_eq!(allocs, 0, "{allocs} allocations");
}

#[test]
fn imap_framer_makes_room_for_an_announced_literal_once() {
    // a 10 MB BODY[] in 16 KiB reads: the buffer grows once at the announcement,
    // not at every doubling (each of which copied the payload so far)
    use imap_proto::framing::{FrameEvent, Framer, FramerOptions};
    let wire = benches::imap::body_literal_response(10 << 20);
    let (frames, n) = allocations(|| {
        let mut f = Framer::new(FramerOptions::client());
        let mut frames = 0;
        for piece in wire.chunks(16 << 10) {
            f.feed(piece);
            while let Some(e) = f.poll() {
                frames += usize::from(matches!(e, FrameEvent::Message(_)));
            }
        }
        frames
    });
    assert_eq!(frames, 1);
    assert!(n <= 5, "{n} allocations (13 before the reserve)");
}

// ---- the pure POP3 parsers: none for a command line (PASS: one, its `Secret`) or a
// status line, one for a multi-line response and one for a LIST or UIDL listing ----

#[test]
fn parsing_pop3_command_lines_allocates_nothing() {
    let lines: [&[u8]; 8] = [
        b"STAT\r\n",
        b"LIST 2\r\n",
        b"RETR 1\r\n",
        b"TOP 1 10\r\n",
        b"USER mrose\r\n",
        b"PASS secret with spaces\r\n",
        b"UIDL\r\n",
        b"XTND XMIT\r\n",
    ];
    for line in lines {
        let ((cmd, used), allocs) =
            allocations(|| pop3_proto::parse::parse_command(line).ok().unwrap());
        assert_eq!(used, line.len());
        // PASS copies the secret into its Secret (a String): one allocation, by design
        let expected = usize::from(matches!(cmd, pop3_proto::Command::Pass(_)));
        assert_eq!(allocs, expected, "{:?}", String::from_utf8_lossy(line));
    }
}

#[test]
fn parsing_pop3_status_lines_allocates_nothing() {
    let lines: [&[u8]; 4] = [
        b"+OK 2 320\r\n",
        b"+OK maildrop has 2 messages (320 octets)\r\n",
        b"-ERR [SYS/TEMP] try again\r\n",
        b"-ERR [X-FOO/BAR] unknown code\r\n",
    ];
    for line in lines {
        let ((r, used), allocs) =
            allocations(|| pop3_proto::parse::parse_response(line).ok().unwrap());
        assert_eq!(used, line.len());
        assert!(matches!(
            r.status(),
            pop3_proto::Status::Ok | pop3_proto::Status::Err
        ));
        assert_eq!(allocs, 0, "{:?}", String::from_utf8_lossy(line));
        let (_, allocs) =
            allocations(|| pop3_proto::parse::parse_response_line(line).ok().unwrap());
        assert_eq!(allocs, 0);
    }
}

#[test]
fn parsing_a_list_listing_allocates_its_vector_once() {
    let mut wire = b"+OK 100 messages\r\n".to_vec();
    for i in 1..=100 {
        wire.extend_from_slice(format!("{i} {}\r\n", i * 1000).as_bytes());
    }
    wire.extend_from_slice(b".\r\n");
    let options = pop3_proto::parse::ResponseOptions::default();
    // the framer's list of unstuffed pieces (one piece: the body is borrowed)
    let ((multi, used), allocs) = allocations(|| {
        pop3_proto::framing::parse_multi_line(&wire, &options)
            .ok()
            .unwrap()
    });
    assert_eq!(used, wire.len());
    assert_eq!(allocs, 1, "parse_multi_line");
    let body = multi.body.unwrap();
    // the Vec of entries, sized by one count of the lines
    let (list, allocs) = allocations(|| pop3_proto::parse::parse_scan_listings(&body).unwrap());
    assert_eq!(list.len(), 100);
    assert_eq!(allocs, 1, "parse_scan_listings");
    let uidl: Vec<u8> = (1..=100)
        .flat_map(|i| format!("{i} uid-{i}\r\n").into_bytes())
        .collect();
    let (list, allocs) =
        allocations(|| pop3_proto::parse::parse_unique_id_listings(&uidl).unwrap());
    assert_eq!(list.len(), 100);
    assert_eq!(allocs, 1, "parse_unique_id_listings");
}
