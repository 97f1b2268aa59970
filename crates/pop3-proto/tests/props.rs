//! Property tests the codec tests leave out: round trips of greetings, SASL lines,
//! single-line listings and random CAPA lists; every strict prefix `Incomplete`;
//! the client machine fed a whole session in any chunking, a 10^6-line LIST in
//! 16 KiB reads, and a server without PIPELINING answered in lockstep.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use bytes::BytesMut;
use mail_proto_core::Secret;
use mail_proto_core::sasl::{Response as SaslResponse, encode_line};
use pop3_proto::client::{Client, ClientConfig, Event, Request};
use pop3_proto::encode::*;
use pop3_proto::framing::parse_multi_line;
use pop3_proto::parse::*;
use pop3_proto::*;
use proptest::prelude::*;

mod common;
use common::{other_capability, resp_code};

// ---------------------------------------------------------------------------
// strategies

fn msg() -> impl Strategy<Value = MessageNumber> {
    prop_oneof![
        (1u32..10).prop_map(|n| MessageNumber::new(n).unwrap()),
        (1u32..).prop_map(|n| MessageNumber::new(n).unwrap()),
    ]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![Just(Status::Ok), Just(Status::Err)]
}

/// An RFC 822 msg-id as an APOP timestamp: dot-atom or quoted local part, dot-atom
/// or literal domain.
fn timestamp() -> impl Strategy<Value = String> {
    let local = prop_oneof![
        "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,12}(\\.[a-z0-9]{1,6}){0,2}",
        "\"[a-z0-9.@!]{0,10}\"",
    ];
    let domain = prop_oneof![
        "[a-z0-9-]{1,12}(\\.[a-z]{1,6}){0,2}",
        "\\[[0-9.:a-f]{1,15}\\]",
    ];
    (local, domain).prop_map(|(l, d)| format!("<{l}@{d}>"))
}

/// A greeting as a server writes it: status, maybe a code, text that holds the
/// timestamp (if any) as its only `<`.
fn greeting() -> impl Strategy<Value = (Response<'static>, Option<String>)> {
    (
        status(),
        proptest::option::of(resp_code()),
        "([!-;=-Z\\\\-~][ -;=-~]{0,40})?",
        proptest::option::of(timestamp()),
        "[ -~]{0,30}",
    )
        .prop_map(|(status, code, pre, stamp, post)| {
            let text = match &stamp {
                Some(t) if pre.is_empty() => format!("{t}{post}"),
                Some(t) => format!("{pre} {t}{post}"),
                None => pre,
            };
            let r = Response::new(status, code, Text::new(text).unwrap()).unwrap();
            (r, stamp.filter(|_| status == Status::Ok))
        })
}

/// A status line of any length up to the 512-octet limit: [`Response::new`]
/// refuses longer ones, which `status_lines_past_512_octets_cannot_be_built` checks.
fn response() -> impl Strategy<Value = Response<'static>> {
    (
        status(),
        proptest::option::of(resp_code()),
        prop_oneof![
            "([!-Z\\\\-~][ -~]{0,60})?",
            "[!-Z\\\\-~][ -~]{480,520}",
            "[!-Z\\\\-~]é[ -~]{0,20}",
        ],
    )
        .prop_filter_map("past 512 octets", |(s, c, t)| {
            Response::new(s, c, Text::new(t).ok()?).ok()
        })
}

fn challenge() -> impl Strategy<Value = Challenge<'static>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200).prop_map(|d| encode_line(&d)),
        "[ -~]{0,60}",
    ]
    .prop_map(|t| Challenge(Text::new(t).unwrap()))
}

fn sasl_response() -> impl Strategy<Value = SaslResponse> {
    prop_oneof![
        1 => Just(SaslResponse::Cancel),
        5 => proptest::collection::vec(any::<u8>(), 0..300).prop_map(SaslResponse::Data),
    ]
}

/// The client's side of an AUTH exchange line, as the client machine writes it.
fn encode_sasl_response(r: &SaslResponse) -> Vec<u8> {
    let mut line = match r {
        SaslResponse::Cancel => "*".to_string(),
        SaslResponse::Data(d) => encode_line(d),
    };
    line.push_str("\r\n");
    line.into_bytes()
}

fn capability() -> impl Strategy<Value = Capability<'static>> {
    let mech = "[A-Z0-9_-]{1,20}".prop_map(|m| AuthMechanism::parse(&m).unwrap());
    let expire = prop_oneof![Just(Expire::Never), any::<u64>().prop_map(Expire::Days)];
    prop_oneof![
        Just(Capability::Top),
        Just(Capability::User),
        proptest::collection::vec(mech, 0..5).prop_map(Capability::Sasl),
        Just(Capability::RespCodes),
        (any::<u64>(), any::<bool>())
            .prop_map(|(seconds, per_user)| Capability::LoginDelay { seconds, per_user }),
        Just(Capability::Pipelining),
        (expire, any::<bool>())
            .prop_map(|(policy, per_user)| Capability::Expire { policy, per_user }),
        Just(Capability::Uidl),
        "[ -~é]{0,40}".prop_map(|t| Capability::Implementation(Text::new(t).unwrap())),
        Just(Capability::Stls),
        Just(Capability::AuthRespCode),
        any::<bool>().prop_map(|user| Capability::Utf8 { user }),
        Just(Capability::Lang),
        other_capability(),
    ]
}

/// Every strict prefix of `wire` is `Incomplete` for `parse` (never `Failed`, never
/// `Complete`).
macro_rules! prefixes_incomplete {
    ($wire:expr, $parse:expr) => {{
        let wire: &[u8] = &$wire;
        for cut in 0..wire.len() {
            let got = $parse(&wire[..cut]);
            prop_assert!(
                got.is_incomplete(),
                "prefix {} of {:?}: {:?}",
                cut,
                wire,
                got
            );
        }
    }};
}

// ---------------------------------------------------------------------------
// codec round trips and strict prefixes

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn greetings_round_trip((r, stamp) in greeting()) {
        let mut wire = BytesMut::new();
        encode_response(&r, &mut wire);
        let (g, used) = parse_greeting(&wire).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(&g.response, &r);
        prop_assert_eq!(g.timestamp.as_ref().map(|t| t.as_str()), stamp.as_deref());
        prefixes_incomplete!(&wire, parse_greeting);
        let (lenient, _) = parse_greeting_with(&wire, &ResponseOptions::lenient()).ok().unwrap();
        prop_assert_eq!(lenient, g);
    }

    #[test]
    fn status_lines_past_512_octets_cannot_be_built(
        s in status(),
        c in proptest::option::of(resp_code()),
        t in "[!-Z\\-~][ -~]{480,520}",
    ) {
        let code_len = c.as_ref().map_or(0, |c| c.as_str().len() + 3);
        let status_len = if s == Status::Ok { 3 } else { 4 };
        let line = status_len + code_len + 1 + t.len() + 2;
        let built = Text::new(t).ok().and_then(|t| Response::new(s, c, t).ok());
        prop_assert_eq!(built.is_some(), line <= 512);
        if let Some(r) = built {
            prop_assert_eq!(r.line_len(), line);
        }
    }

    #[test]
    fn status_lines_round_trip_through_response_line(r in response()) {
        let mut wire = BytesMut::new();
        encode_response(&r, &mut wire);
        prop_assert!(wire.len() <= 512);
        prop_assert_eq!(wire.len(), r.line_len());
        let (back, used) = parse_response_line(&wire).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(back, ResponseLine::Status(r.clone()));
        let (back, used) = parse_response(&wire).ok().unwrap();
        prop_assert_eq!((back, used), (r.clone(), wire.len()));
        prefixes_incomplete!(&wire, parse_response_line);
        prefixes_incomplete!(&wire, parse_response);
        // the client's lenient reading of a strict line is the strict one
        let lenient = ResponseOptions::lenient();
        let (back, used) = parse_response_with(&wire, &lenient).ok().unwrap();
        prop_assert_eq!((back, used), (r, wire.len()));
        prefixes_incomplete!(&wire, |w| parse_response_line_with(w, &lenient));
    }

    #[test]
    fn continuations_round_trip(c in challenge()) {
        let mut wire = BytesMut::new();
        encode_continuation(&c, &mut wire);
        let (back, used) = parse_response_line(&wire).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        prop_assert_eq!(back, ResponseLine::Continuation(c.clone()));
        prefixes_incomplete!(&wire, parse_response_line);
        let lenient = ResponseOptions::lenient();
        let (back, _) = parse_response_line_with(&wire, &lenient).ok().unwrap();
        prop_assert_eq!(back, ResponseLine::Continuation(c));
        // a continuation is no status line
        prop_assert!(parse_response(&wire).err().is_some());
    }

    #[test]
    fn sasl_lines_round_trip(r in sasl_response(), tail in "[A-Z]{0,5}\r\n") {
        let mut wire = encode_sasl_response(&r);
        let line_len = wire.len();
        let (back, used) = parse_sasl_line(&wire, 1000).ok().unwrap();
        prop_assert_eq!(used, line_len);
        prop_assert_eq!(&back, &r);
        prefixes_incomplete!(&wire, |w| parse_sasl_line(w, 1000));
        // what follows the line is not read
        wire.extend_from_slice(tail.as_bytes());
        let (back, used) = parse_sasl_line(&wire, 1000).ok().unwrap();
        prop_assert_eq!((back, used), (r, line_len));
    }

    #[test]
    fn single_line_listings_round_trip(
        count in any::<u64>(), size in any::<u64>(), msg in msg(),
        uid in "[!-~]{1,70}", trailer in proptest::option::of("[ -~]{0,20}"),
    ) {
        // each as the text of a +OK status line, read back off the wire
        let line = |text: String| {
            let mut wire = BytesMut::new();
            encode_response(&Response::new(Status::Ok, None, Text::new(text).unwrap()).unwrap(), &mut wire);
            let (r, used) = parse_response(&wire).ok().unwrap();
            assert_eq!(used, wire.len());
            r.into_owned()
        };
        let stat = Stat { count, size };
        prop_assert_eq!(parse_stat(line(encode_stat(&stat)).text()).unwrap(), stat);
        let scan = ScanListing { msg, size };
        prop_assert_eq!(parse_scan_listing(line(encode_scan_listing(&scan)).text()).unwrap(), scan);
        let unique = UniqueIdListing { msg, uid: UniqueId::new(uid).unwrap() };
        let text = line(encode_unique_id_listing(&unique));
        prop_assert_eq!(parse_unique_id_listing(text.text()).unwrap(), unique);
        // RFC 1939 §5: STAT and LIST n may carry text after the size
        if let Some(t) = trailer {
            let with = |s: String| line(format!("{s} {t}"));
            prop_assert_eq!(parse_stat(with(encode_stat(&stat)).text()).unwrap(), stat);
            prop_assert_eq!(parse_scan_listing(with(encode_scan_listing(&scan)).text()).unwrap(), scan);
        }
    }

    #[test]
    fn random_capa_lists_round_trip(list in proptest::collection::vec(capability(), 0..20)) {
        let caps = Capabilities::new(list);
        let mut wire = BytesMut::new();
        encode_response(&Response::ok("Capability list follows").unwrap(), &mut wire);
        encode_capabilities(&caps, &mut wire);
        let o = ResponseOptions::strict();
        let (m, used) = parse_multi_line(&wire, &o).ok().unwrap();
        prop_assert_eq!(used, wire.len());
        let body = m.body.unwrap();
        prop_assert_eq!(parse_capabilities(&body).unwrap(), caps.clone());
        // each line alone too
        for c in &caps.list {
            let mut line = BytesMut::new();
            encode_capability(c, &mut line);
            let text = std::str::from_utf8(&line[..line.len() - 2]).unwrap();
            prop_assert_eq!(&parse_capability(text).unwrap(), c);
        }
        prefixes_incomplete!(&wire, |w| parse_multi_line(w, &o));
    }

    #[test]
    fn command_prefixes_are_incomplete_at_the_rfc_limits(
        cmd in prop_oneof![
            "[!-~]{1,40}".prop_map(|u| Command::User(Atom::new(u).unwrap())),
            "[!-~][ -~]{0,38}[!-~]".prop_map(|p| Command::Pass(Password::new(p).unwrap())),
            (msg(), any::<u64>()).prop_map(|(msg, lines)| Command::Top { msg, lines }),
            proptest::option::of(msg()).prop_map(Command::Uidl),
            // the initial response is bounded by the 255-octet line alone
            "[A-Za-z0-9+/]{200,244}".prop_map(|ir| Command::Auth {
                mechanism: AuthMechanism::parse("PLAIN").unwrap(),
                initial_response: Some(InitialResponse::new(ir).unwrap()),
            }),
        ]
    ) {
        let mut wire = BytesMut::new();
        encode_command(&cmd, &mut wire);
        prop_assume!(wire.len() <= 255);
        let (back, used) = parse_command(&wire).ok().unwrap();
        prop_assert_eq!((back, used), (cmd, wire.len()));
        prefixes_incomplete!(&wire, parse_command);
    }
}

// ---------------------------------------------------------------------------
// the client machine

/// What a scripted application saw of a session: events with the body chunks
/// joined (how a body is cut into chunks depends on the reads), and what it sent.
#[derive(Debug, Default, PartialEq, Eq)]
struct Session {
    events: Vec<String>,
    body: Vec<u8>,
    sent: Vec<u8>,
}

/// The server's side of a session: greeting, CAPA, USER/PASS, LIST, RETR 1 with
/// `body` dot-stuffed, QUIT.
fn server_bytes(pipelining: bool, sizes: &[u64], body: &[u8]) -> Vec<u8> {
    let mut w = BytesMut::new();
    w.extend_from_slice(b"+OK POP3 ready <1896.697170952@dbc.mtview.ca.us>\r\n");
    let mut list = vec![Capability::User, Capability::Top, Capability::Uidl];
    if pipelining {
        list.push(Capability::Pipelining);
    }
    encode_response(&Response::ok("capa").unwrap(), &mut w);
    encode_capabilities(&Capabilities::new(list), &mut w);
    w.extend_from_slice(b"+OK user\r\n+OK logged in\r\n");
    let mut listing = Vec::new();
    for (i, s) in sizes.iter().enumerate() {
        let l = ScanListing {
            msg: MessageNumber::from_index(i).unwrap(),
            size: *s,
        };
        listing.extend_from_slice(encode_scan_listing(&l).as_bytes());
        listing.extend_from_slice(b"\r\n");
    }
    encode_multi_line(&Response::ok("scan listing").unwrap(), &listing, &mut w);
    encode_multi_line(&Response::ok("message follows").unwrap(), body, &mut w);
    w.extend_from_slice(b"+OK bye\r\n");
    w.to_vec()
}

/// Runs an application over `server` cut at `cuts` (read as `Bytes` when `shared`):
/// it logs in as `user` at `Ready` and calls `then` once logged in. Body chunks are
/// collected with `<end>` after each body (where a body ends is part of what the
/// application sees), every other event by its `Debug` form, and all output.
fn run_client(
    server: &[u8],
    cuts: &[usize],
    shared: bool,
    user: &str,
    then: impl Fn(&mut Client),
) -> Session {
    let now = Instant::now();
    let mut c = Client::new(ClientConfig::new(), now);
    let mut seen = Session::default();
    let mut ends: Vec<usize> = cuts.iter().map(|&k| k.min(server.len())).collect();
    ends.sort_unstable();
    ends.push(server.len());
    let mut from = 0;
    for end in ends {
        let read = &server[from..end];
        if shared {
            c.handle_input_bytes(now, bytes::Bytes::copy_from_slice(read))
        } else {
            c.handle_input(now, read)
        }
        .unwrap();
        from = end;
        while let Some(e) = c.poll_event() {
            let e = e.unwrap();
            match &e {
                Event::BodyChunk(b) => {
                    seen.body.extend_from_slice(b);
                    continue;
                }
                Event::Ready(_) => c.login(user, Secret::new("tanstaaf")).unwrap(),
                Event::LoggedIn { .. } => then(&mut c),
                Event::BodyEnd => seen.body.extend_from_slice(b"<end>"),
                _ => {}
            }
            seen.events.push(format!("{e:?}"));
            while let Some(out) = c.poll_transmit(now) {
                seen.sent.extend_from_slice(&out);
            }
        }
        while let Some(out) = c.poll_transmit(now) {
            seen.sent.extend_from_slice(&out);
        }
    }
    assert!(c.is_closed(), "the session did not end: {seen:?}");
    seen
}

/// The scripted application: log in, then LIST, RETR 1, QUIT.
fn run_session(server: &[u8], cuts: &[usize]) -> Session {
    run_client(server, cuts, false, "mrose", |c| {
        c.list(None).unwrap();
        c.retr(MessageNumber::new(1).unwrap()).unwrap();
        c.quit().unwrap();
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_session_in_any_chunking_gives_the_same_events(
        pipelining in any::<bool>(),
        sizes in proptest::collection::vec(any::<u64>(), 0..8),
        lines in proptest::collection::vec("[.a ]{0,6}", 0..10),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
    ) {
        // a body of CRLF lines with dots to stuff
        let body: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let server = server_bytes(pipelining, &sizes, &body);
        let whole = run_session(&server, &[]);
        prop_assert_eq!(&whole.body, &[&body[..], b"<end>"].concat());
        prop_assert_eq!(whole.events.len(), 9, "{:?}", whole.events);
        prop_assert!(whole.events[4].starts_with("Listings"));
        prop_assert_eq!(
            &whole.sent[..],
            &b"CAPA\r\nUSER mrose\r\nPASS tanstaaf\r\nLIST\r\nRETR 1\r\nQUIT\r\n"[..]
        );
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(server.len() + 1)).collect();
        prop_assert_eq!(run_session(&server, &cuts), whole);
        // and byte at a time
        let every: Vec<usize> = (1..server.len()).collect();
        prop_assert_eq!(run_session(&server, &every), run_session(&server, &[]));
    }
}

/// Drains the client's events and output at `now`.
fn drain(c: &mut Client, now: Instant) -> (Vec<Event>, Vec<u8>) {
    let mut events = Vec::new();
    let mut sent = Vec::new();
    loop {
        let mut any = false;
        while let Some(e) = c.poll_event() {
            events.push(e.unwrap());
            any = true;
        }
        while let Some(out) = c.poll_transmit(now) {
            sent.extend_from_slice(&out);
            any = true;
        }
        if !any {
            return (events, sent);
        }
    }
}

/// A client logged in with USER/PASS after a greeting and a CAPA answered with
/// `capa` (the lines of its body); everything it sent so far is drained.
fn logged_in(config: ClientConfig, capa: &str, now: Instant) -> Client {
    let mut c = Client::new(config, now);
    c.handle_input(now, b"+OK ready\r\n").unwrap();
    let (_, sent) = drain(&mut c, now);
    assert_eq!(sent, b"CAPA\r\n");
    c.handle_input(now, format!("+OK\r\n{capa}.\r\n").as_bytes())
        .unwrap();
    let (events, _) = drain(&mut c, now);
    assert!(matches!(events.last(), Some(Event::Ready(_))), "{events:?}");
    c.login("u", Secret::new("p")).unwrap();
    let (_, sent) = drain(&mut c, now);
    if sent == b"USER u\r\n" {
        c.handle_input(now, b"+OK\r\n").unwrap();
        let (_, sent) = drain(&mut c, now);
        assert_eq!(sent, b"PASS p\r\n");
        c.handle_input(now, b"+OK in\r\n").unwrap();
    } else {
        assert_eq!(sent, b"USER u\r\nPASS p\r\n");
        c.handle_input(now, b"+OK\r\n+OK in\r\n").unwrap();
    }
    let (events, _) = drain(&mut c, now);
    assert!(matches!(events.last(), Some(Event::LoggedIn { .. })));
    c
}

/// The server side of a 10^6-message LIST: the status line and the body.
fn million_line_list() -> (Vec<u8>, usize) {
    let status = b"+OK 1000000 messages\r\n";
    let mut wire = Vec::with_capacity(16_000_000);
    wire.extend_from_slice(status);
    for i in 1..=1_000_000u32 {
        wire.extend_from_slice(format!("{i} {i}\r\n").as_bytes());
    }
    wire.extend_from_slice(b".\r\n");
    (wire, status.len())
}

#[test]
fn the_client_reads_a_million_line_list_in_16_kib_reads() {
    let now = Instant::now();
    let mut c = logged_in(ClientConfig::new(), "USER\r\n", now);
    c.list(None).unwrap();
    assert_eq!(drain(&mut c, now).1, b"LIST\r\n");
    let (wire, status_len) = million_line_list();
    let body_len = wire.len() - status_len - 3;
    assert!(
        body_len < ClientConfig::new().max_listing_len,
        "under the limit"
    );
    let reads: Vec<&[u8]> = wire.chunks(16 << 10).collect();
    let mut listings = None;
    for (i, read) in reads.iter().enumerate() {
        c.handle_input(now, read).unwrap();
        let (events, sent) = drain(&mut c, now);
        assert!(sent.is_empty());
        if i + 1 < reads.len() {
            assert!(events.is_empty(), "read {i}: {events:?}");
            assert!(!c.is_idle(), "the LIST is still awaited");
        } else {
            let [Event::Listings(l)] = &events[..] else {
                panic!("{events:?}")
            };
            listings = Some(l.clone());
        }
    }
    let listings = listings.unwrap();
    assert_eq!(listings.len(), 1_000_000);
    for (i, l) in listings.iter().enumerate() {
        assert_eq!((l.msg.index(), l.size), (i, i as u64 + 1));
    }
    assert!(
        c.is_idle(),
        "nothing left awaited or buffered as a response"
    );
    c.noop().unwrap();
    assert_eq!(drain(&mut c, now).1, b"NOOP\r\n", "the session goes on");
}

#[test]
fn a_list_past_the_listing_limit_fails_as_soon_as_it_passes_it() {
    // what the client holds of a listing is bounded: it fails at the read that
    // takes it past `max_listing_len`, not at the end of the body
    let now = Instant::now();
    let mut config = ClientConfig::new();
    config.max_listing_len = 1 << 20;
    let mut c = logged_in(config, "USER\r\n", now);
    c.list(None).unwrap();
    assert_eq!(drain(&mut c, now).1, b"LIST\r\n");
    let (wire, status_len) = million_line_list();
    let mut fed = 0;
    let mut failed_at = None;
    for read in wire.chunks(16 << 10) {
        c.handle_input(now, read).unwrap();
        fed += read.len();
        match c.poll_event() {
            None => {}
            Some(Err(ConnectionError::Protocol(p))) => {
                assert!(p.contains("LIST") && p.contains("1048576"), "{p}");
                failed_at = Some(fed);
                break;
            }
            other => panic!("{other:?}"),
        }
    }
    let failed_at = failed_at.expect("the limit held");
    let limit_at = status_len + (1 << 20);
    assert!(
        failed_at > limit_at && failed_at <= limit_at + (16 << 10) + 16,
        "failed after {failed_at} bytes, the limit is passed at {limit_at}"
    );
    assert!(c.poll_event().is_none());
    assert!(c.handle_input(now, b"1 1\r\n").is_err(), "sticky");
}

/// Feeds `response` one byte at a time and checks the client writes nothing until
/// its last byte, then exactly `next`; returns the events it gave.
fn answer_in_lockstep(c: &mut Client, now: Instant, response: &[u8], next: &[u8]) -> Vec<Event> {
    let mut all = Vec::new();
    for (i, b) in response.iter().enumerate() {
        c.handle_input(now, std::slice::from_ref(b)).unwrap();
        let (events, sent) = drain(c, now);
        all.extend(events);
        if i + 1 < response.len() {
            let sent = String::from_utf8_lossy(&sent);
            assert!(sent.is_empty(), "{sent:?} sent {i} bytes into {response:?}");
        } else {
            assert_eq!(
                String::from_utf8_lossy(&sent),
                String::from_utf8_lossy(next),
                "after {response:?}"
            );
        }
    }
    all
}

#[test]
fn without_pipelining_in_capa_the_client_sends_one_command_at_a_time() {
    let now = Instant::now();
    let capa = "USER\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nSASL PLAIN\r\n";
    let mut c = Client::new(ClientConfig::new(), now);
    c.handle_input(now, b"+OK ready\r\n").unwrap();
    assert_eq!(drain(&mut c, now).1, b"CAPA\r\n");
    c.handle_input(now, format!("+OK\r\n{capa}.\r\n").as_bytes())
        .unwrap();
    let (events, _) = drain(&mut c, now);
    assert!(matches!(events.last(), Some(Event::Ready(caps)) if !caps.pipelining()));
    c.login("u", Secret::new("p")).unwrap();
    assert_eq!(drain(&mut c, now).1, b"USER u\r\n");
    answer_in_lockstep(&mut c, now, b"+OK\r\n", b"PASS p\r\n");
    let events = answer_in_lockstep(&mut c, now, b"+OK in\r\n", b"");
    assert!(matches!(
        &events[..],
        [Event::LoggedIn {
            request: Request::Pass,
            ..
        }]
    ));
    c.stat().unwrap();
    c.list(None).unwrap();
    c.retr(MessageNumber::new(1).unwrap()).unwrap();
    c.uidl(MessageNumber::new(2)).unwrap();
    c.dele(MessageNumber::new(1).unwrap()).unwrap();
    c.quit().unwrap();
    assert_eq!(drain(&mut c, now).1, b"STAT\r\n");
    assert_eq!(c.queued_commands(), 5);
    answer_in_lockstep(&mut c, now, b"+OK 2 320\r\n", b"LIST\r\n");
    // the status line of a multi-line answer is not its end; a body line that
    // looks like a status line is body
    answer_in_lockstep(
        &mut c,
        now,
        b"+OK 2 messages\r\n1 120\r\n2 200\r\n.\r\n",
        b"RETR 1\r\n",
    );
    answer_in_lockstep(
        &mut c,
        now,
        b"+OK 120 octets\r\n+OK not a response\r\n..\r\n.\r\n",
        b"UIDL 2\r\n",
    );
    answer_in_lockstep(&mut c, now, b"+OK 2 QhdPYR:00WBw1Ph7x7\r\n", b"DELE 1\r\n");
    // a refusal lets the next command go too
    let events = answer_in_lockstep(&mut c, now, b"-ERR no\r\n", b"QUIT\r\n");
    assert!(matches!(
        &events[..],
        [Event::Refused {
            request: Request::Dele(_),
            ..
        }]
    ));
    answer_in_lockstep(&mut c, now, b"+OK bye\r\n", b"");
    assert!(c.is_closed());
    // the same CAPA with PIPELINING: the commands go out together
    let mut p = logged_in(ClientConfig::new(), &format!("{capa}PIPELINING\r\n"), now);
    p.stat().unwrap();
    p.list(None).unwrap();
    p.retr(MessageNumber::new(1).unwrap()).unwrap();
    assert_eq!(drain(&mut p, now).1, b"STAT\r\nLIST\r\nRETR 1\r\n");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_client_reports_any_greeting_and_capa_list_as_sent(
        (greeting, stamp) in greeting().prop_filter("+OK", |(r, _)| r.is_ok()),
        list in proptest::collection::vec(capability(), 0..20),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..10),
    ) {
        let caps = Capabilities::new(list);
        let mut wire = BytesMut::new();
        encode_response(&greeting, &mut wire);
        let greeting_len = wire.len();
        encode_response(&Response::ok("").unwrap(), &mut wire);
        encode_capabilities(&caps, &mut wire);
        let now = Instant::now();
        let mut c = Client::new(ClientConfig::new(), now);
        let mut ends: Vec<usize> = cuts.iter().map(|i| i.index(wire.len())).collect();
        ends.sort_unstable();
        // the CAPA answer comes after CAPA has gone out: a read ends with the greeting
        ends.push(greeting_len);
        ends.push(wire.len());
        ends.sort_unstable();
        let mut events = Vec::new();
        let mut from = 0;
        for end in ends {
            c.handle_input(now, &wire[from..end]).unwrap();
            from = end;
            let (more, sent) = drain(&mut c, now);
            events.extend(more);
            prop_assert!(sent.is_empty() || sent == b"CAPA\r\n");
        }
        let [Event::Greeting(g), Event::Ready(ready)] = &events[..] else {
            panic!("{events:?}")
        };
        prop_assert_eq!(&g.response, &greeting);
        prop_assert_eq!(g.timestamp.as_ref().map(|t| t.as_str()), stamp.as_deref());
        prop_assert_eq!(ready, &caps);
        prop_assert_eq!(c.capabilities(), &caps);
    }
}

/// A TRANSACTION command of a random script.
#[derive(Debug, Clone, Copy)]
enum Step {
    Stat,
    List(Option<MessageNumber>),
    Uidl(Option<MessageNumber>),
    Retr(MessageNumber),
    Top(MessageNumber, u64),
    Dele(MessageNumber),
    Noop,
    Rset,
}

fn step() -> impl Strategy<Value = Step> {
    let m = || (1u32..5).prop_map(|n| MessageNumber::new(n).unwrap());
    prop_oneof![
        Just(Step::Stat),
        proptest::option::of(m()).prop_map(Step::List),
        proptest::option::of(m()).prop_map(Step::Uidl),
        m().prop_map(Step::Retr),
        (m(), 0u64..5).prop_map(|(m, n)| Step::Top(m, n)),
        m().prop_map(Step::Dele),
        Just(Step::Noop),
        Just(Step::Rset),
    ]
}

/// The server's answer to `step`: `-ERR` unless `ok`, else a well-formed one
/// with `body` as any multi-line body.
fn answer(step: Step, ok: bool, body: &[u8], w: &mut BytesMut) {
    if !ok {
        w.extend_from_slice(b"-ERR [SYS/TEMP] not now\r\n");
        return;
    }
    let line = |s: String| format!("+OK {s}\r\n").into_bytes();
    let ok_resp = Response::ok("follows").unwrap();
    match step {
        Step::Stat => w.extend_from_slice(&line("3 120".into())),
        Step::List(Some(m)) => w.extend_from_slice(&line(format!("{m} 40"))),
        Step::Uidl(Some(m)) => w.extend_from_slice(&line(format!("{m} uid-{m}"))),
        Step::List(None) => encode_multi_line(&ok_resp, b"1 40\r\n2 40\r\n3 40\r\n", w),
        Step::Uidl(None) => encode_multi_line(&ok_resp, b"1 a\r\n3 .c\r\n", w),
        Step::Retr(_) | Step::Top(..) => encode_multi_line(&ok_resp, body, w),
        Step::Dele(_) | Step::Noop | Step::Rset => w.extend_from_slice(&line("done".into())),
    }
}

fn issue(c: &mut Client, step: Step) {
    match step {
        Step::Stat => c.stat(),
        Step::List(m) => c.list(m),
        Step::Uidl(m) => c.uidl(m),
        Step::Retr(m) => c.retr(m),
        Step::Top(m, n) => c.top(m, n),
        Step::Dele(m) => c.dele(m),
        Step::Noop => c.noop(),
        Step::Rset => c.rset(),
    }
    .unwrap();
}

/// Runs `script` after a USER/PASS login, then QUIT, over `server` cut at `cuts`,
/// with `handle_input` or `handle_input_bytes`.
fn run_script(server: &[u8], cuts: &[usize], script: &[Step], shared: bool) -> Session {
    run_client(server, cuts, shared, "u", |c| {
        for s in script {
            issue(c, *s);
        }
        c.quit().unwrap();
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_transactions_in_any_chunking_give_the_same_events(
        pipelining in any::<bool>(),
        script in proptest::collection::vec((step(), any::<bool>()), 0..12),
        lines in proptest::collection::vec("[.a ]{0,4}", 0..6),
        cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
    ) {
        let body: Vec<u8> = lines.iter().flat_map(|l| format!("{l}\r\n").into_bytes()).collect();
        let mut w = BytesMut::new();
        w.extend_from_slice(b"+OK ready\r\n");
        let mut list = vec![Capability::User];
        if pipelining {
            list.push(Capability::Pipelining);
        }
        encode_response(&Response::ok("").unwrap(), &mut w);
        encode_capabilities(&Capabilities::new(list), &mut w);
        w.extend_from_slice(b"+OK\r\n+OK in\r\n");
        for (s, ok) in &script {
            answer(*s, *ok, &body, &mut w);
        }
        w.extend_from_slice(b"+OK bye\r\n");
        let steps: Vec<Step> = script.iter().map(|(s, _)| *s).collect();
        let whole = run_script(&w, &[], &steps, false);
        // Greeting, Ready, Done(USER), LoggedIn, one per step (two, BodyStart and
        // BodyEnd, for a body), Done(QUIT), Closed
        let bodies = script
            .iter()
            .filter(|(s, ok)| *ok && matches!(s, Step::Retr(_) | Step::Top(..)))
            .count();
        prop_assert_eq!(whole.events.len(), 6 + script.len() + bodies, "{:?}", whole.events);
        let cuts: Vec<usize> = cuts.iter().map(|i| i.index(w.len() + 1)).collect();
        prop_assert_eq!(&run_script(&w, &cuts, &steps, false), &whole);
        prop_assert_eq!(&run_script(&w, &cuts, &steps, true), &whole);
        let every: Vec<usize> = (1..w.len()).collect();
        prop_assert_eq!(&run_script(&w, &every, &steps, false), &whole);
    }
}

#[test]
fn a_msg_id_inside_the_response_code_is_no_apop_timestamp() {
    // RFC 2449 §3: `greeting = "+OK" [resp-code] *gchar [timestamp] *gchar CRLF`:
    // the timestamp is in the text; rchar allows `<`, `@` and `>` in a code
    let code = RespCode::Other(ExtCode::new("X-<1.2@host>").unwrap());
    let r = Response::new(Status::Ok, Some(code), Text::new("hello").unwrap()).unwrap();
    let mut wire = BytesMut::new();
    encode_response(&r, &mut wire);
    assert_eq!(&wire[..], b"+OK [X-<1.2@host>] hello\r\n");
    let (g, _) = parse_greeting(&wire).ok().unwrap();
    assert_eq!((g.response, g.timestamp), (r, None));
    // one in the text after such a code is found
    let wire = b"+OK [X-<1.2@host>] ready <3.4@host>\r\n";
    let (g, _) = parse_greeting(wire).ok().unwrap();
    assert_eq!(g.timestamp.unwrap().as_str(), "<3.4@host>");
}
