//! Both machines of this crate wired in memory on a virtual clock: a whole session
//! (each login kind, STAT, LIST, UIDL, RETR, TOP, DELE, RSET, QUIT) with pipelining
//! on and off, every write split into 1-byte or random pieces; bodies with dot lines
//! and bare-looking terminators survive byte for byte.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use mail_proto_core::Secret;
use mail_proto_core::sasl::Credentials;
use mail_proto_test_support::{dotted_block, matches_block};
use pop3_proto::client::{self, Client, ClientConfig, Request};
use pop3_proto::server::{self, Decision, Login, Maildrop, Server, ServerConfig};
use pop3_proto::*;

/// Dot lines and terminator look-alikes (`CRLF . LF`, `CRLF . CR`, bare LF and CR
/// inside lines). A dot right after a bare LF or CR is left out: the server's
/// stuffer doubles it (against receivers that split on bare LF) while RFC 1939
/// unstuffing only looks after CRLF, so such a body gains a dot at any client.
const MESSAGE: &[u8] =
    b"Subject: dots\r\n\r\n.\r\n..\r\nx\r\n.\nbare\rcr\nlf\r\n.\rz\r\n.x\r\n\r\n.\n\r\n..\r\n";
const SECOND: &[u8] = b"Subject: two\r\n\r\nbody\r\n";

#[derive(Clone, Copy, Debug)]
enum How {
    UserPass,
    Apop,
    Plain,
}

#[derive(Debug, Default)]
struct Outcome {
    retr: Vec<u8>,
    top: Vec<u8>,
    stat: Option<Stat>,
    listings: usize,
    uids: Vec<String>,
    deleted: Option<Vec<u32>>,
    wire: Vec<u8>,
}

/// Splits `bytes` into pieces: 1 byte each for `seed == 0`, else pseudo-random sizes.
fn pieces(bytes: &[u8], seed: &mut u64) -> Vec<Vec<u8>> {
    if *seed == 0 {
        return bytes.chunks(1).map(<[u8]>::to_vec).collect();
    }
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let n = ((*seed >> 33) as usize % 17 + 1).min(rest.len());
        out.push(rest[..n].to_vec());
        rest = &rest[n..];
    }
    out
}

fn run(how: How, pipelining: bool, mut seed: u64) -> Outcome {
    let mut now = Instant::now();
    let config = ServerConfig::new()
        .with_apop_timestamp(Timestamp::new("<1896.697170952@dbc.mtview.ca.us>").unwrap())
        .allow_login_without_tls();
    let mut server = Server::new(config, now);
    let mut cc = ClientConfig::new();
    cc.capa_on_connect = pipelining; // without CAPA the client never pipelines
    let mut client = Client::new(cc, now);
    let mut out = Outcome::default();
    let mut in_top = false;
    for _ in 0..10_000 {
        now += Duration::from_millis(3);
        while let Some(b) = server.poll_transmit(now) {
            for p in pieces(&b, &mut seed) {
                client.handle_input(now, &p).unwrap();
            }
        }
        while let Some(event) = client.poll_event() {
            match event.unwrap() {
                client::Event::Ready(caps) => {
                    assert_eq!(caps.pipelining(), pipelining);
                    match how {
                        How::UserPass => client.login("mrose", Secret::new("tanstaaf")).unwrap(),
                        How::Apop => client.apop("mrose", &Secret::new("tanstaaf")).unwrap(),
                        How::Plain => client
                            .authenticate(Credentials::Plain {
                                authzid: None,
                                authcid: "mrose".into(),
                                password: Secret::new("tanstaaf"),
                            })
                            .unwrap(),
                    }
                }
                client::Event::LoggedIn { .. } => {
                    let (one, two) = (
                        MessageNumber::new(1).unwrap(),
                        MessageNumber::new(2).unwrap(),
                    );
                    client.stat().unwrap();
                    client.list(None).unwrap();
                    client.uidl(None).unwrap();
                    client.retr(one).unwrap();
                    client.top(one, 1).unwrap();
                    client.dele(one).unwrap();
                    client.rset().unwrap();
                    client.dele(two).unwrap();
                    client.quit().unwrap();
                    // queued, not sent, without pipelining
                    assert_eq!(client.queued_commands(), if pipelining { 0 } else { 8 });
                }
                client::Event::Stat(s) => out.stat = Some(s),
                client::Event::Listings(l) => out.listings = l.len(),
                client::Event::UniqueIds(u) => {
                    out.uids = u.iter().map(|u| u.uid.as_str().to_string()).collect()
                }
                client::Event::BodyStart { request, .. } => {
                    in_top = matches!(request, Request::Top { .. })
                }
                client::Event::BodyChunk(c) if in_top => out.top.extend_from_slice(&c),
                client::Event::BodyChunk(c) => out.retr.extend_from_slice(&c),
                client::Event::Refused { request, response } => {
                    panic!("{request:?} refused: {response:?}")
                }
                _ => {}
            }
        }
        while let Some(b) = client.poll_transmit(now) {
            out.wire.extend_from_slice(&b);
            for p in pieces(&b, &mut seed) {
                server.handle_input(now, &p);
            }
        }
        while let Some(event) = server.poll_event() {
            let server::Event::Decision(d) = event else {
                continue;
            };
            match d {
                Decision::Login(login) => {
                    let ok = match &login {
                        Login::Apop { .. } => login.verify_apop("tanstaaf"),
                        Login::UserPass { password, .. } => password.expose() == "tanstaaf",
                        Login::Sasl(c) => c.secret().unwrap().expose() == "tanstaaf",
                        _ => false,
                    };
                    assert!(ok, "{login:?}");
                    let uids = vec![
                        UniqueId::new("uid-1").unwrap(),
                        UniqueId::new("uid-2").unwrap(),
                    ];
                    let drop = Maildrop::new(vec![MESSAGE.len() as u64, SECOND.len() as u64]);
                    server.accept_login(drop.with_uids(uids).unwrap()).unwrap();
                }
                Decision::Retrieve { msg, .. } => {
                    let m = if msg.get() == 1 { MESSAGE } else { SECOND };
                    for c in m.chunks(5) {
                        server.send_body(c).unwrap();
                    }
                    server.end_body().unwrap();
                }
                Decision::Update { deleted } => {
                    out.deleted = Some(deleted.iter().map(|m| m.get()).collect());
                    server.accept().unwrap();
                }
                other => panic!("{other:?}"),
            }
        }
        if client.is_closed() && server.is_closed() {
            return out;
        }
    }
    panic!("the session did not end: {out:?}")
}

#[test]
fn whole_sessions_survive_byte_for_byte() {
    for how in [How::UserPass, How::Apop, How::Plain] {
        for pipelining in [true, false] {
            for seed in [0, 1, 42, 0xdead_beef] {
                let out = run(how, pipelining, seed);
                let ctx = format!("{how:?} pipelining={pipelining} seed={seed}");
                assert_eq!(out.retr, MESSAGE, "{ctx}");
                assert_eq!(out.top, b"Subject: dots\r\n\r\n.\r\n", "{ctx}");
                let size = (MESSAGE.len() + SECOND.len()) as u64;
                assert_eq!(out.stat, Some(Stat { count: 2, size }), "{ctx}");
                assert_eq!(out.listings, 2, "{ctx}");
                assert_eq!(out.uids, ["uid-1", "uid-2"], "{ctx}");
                assert_eq!(out.deleted, Some(vec![2]), "{ctx}: RSET undid DELE 1");
                let wire = String::from_utf8(out.wire).unwrap();
                assert!(
                    wire.ends_with("DELE 1\r\nRSET\r\nDELE 2\r\nQUIT\r\n"),
                    "{ctx}"
                );
            }
        }
    }
}

#[test]
fn each_side_times_the_other_out() {
    let t0 = Instant::now();
    let mut server = Server::new(ServerConfig::new(), t0);
    let greeting = server.poll_transmit(t0).unwrap();
    let mut client = Client::new(ClientConfig::new(), t0);
    client.handle_input(t0, &greeting).unwrap();
    while client.poll_event().is_some() {}
    let capa = client.poll_transmit(t0).unwrap();
    assert_eq!(&capa[..], b"CAPA\r\n");
    // the server never gets it: the client's response wait runs out
    let deadline = client.poll_timeout().unwrap();
    client.handle_timeout(deadline);
    assert!(matches!(
        client.poll_event(),
        Some(Err(ConnectionError::Timeout(_)))
    ));
    // and a client that says nothing: the server's inactivity timer
    let deadline = server.poll_timeout().unwrap();
    server.handle_timeout(deadline);
    assert!(server.is_closed());
}

#[test]
fn a_quarter_gigabyte_retr_streams_through_both_machines_in_bounded_memory() {
    let now = Instant::now();
    let block = dotted_block(64 * 1024);
    let blocks = (256 << 20) / block.len() as u64;
    let total = blocks * block.len() as u64;
    let config = ServerConfig::new().allow_login_without_tls();
    let high_water = config.body_high_water;
    let mut server = Server::new(config, now);
    let mut cc = ClientConfig::new();
    cc.capa_on_connect = false;
    let mut client = Client::new(cc, now);
    let (mut fed, mut got, mut peak_out, mut biggest_chunk) = (0u64, 0u64, 0usize, 0usize);
    let (mut streaming, mut ended) = (false, false);
    let mut reads = 0u64;
    while !ended {
        // the server's side of the run loop: feed while it wants more, then write
        if streaming {
            while server.wants_body() && fed < blocks {
                server.send_body(&block).unwrap();
                fed += 1;
                peak_out = peak_out.max(server.queued_output());
            }
            if fed == blocks {
                server.end_body().unwrap();
                streaming = false;
                assert!(!server.wants_body(), "no body open after end_body");
            }
        }
        // the socket takes one 64 KiB read at a time
        if let Some(b) = server.poll_transmit(now) {
            for read in b.chunks(64 * 1024) {
                client.handle_input(now, read).unwrap();
                reads += 1;
            }
        }
        while let Some(event) = client.poll_event() {
            match event.unwrap() {
                client::Event::Ready(_) => client.login("alice", Secret::new("pw")).unwrap(),
                client::Event::LoggedIn { .. } => {
                    client.retr(MessageNumber::new(1).unwrap()).unwrap()
                }
                client::Event::BodyChunk(c) => {
                    assert!(matches_block(&block, got, &c), "body bytes at {got}");
                    got += c.len() as u64;
                    biggest_chunk = biggest_chunk.max(c.len());
                }
                client::Event::BodyEnd => ended = true,
                _ => {}
            }
        }
        while let Some(b) = client.poll_transmit(now) {
            server.handle_input(now, &b);
        }
        while let Some(event) = server.poll_event() {
            if let server::Event::Decision(d) = event {
                match d {
                    Decision::Login(_) => server.accept_login(Maildrop::new(vec![total])).unwrap(),
                    Decision::Retrieve { .. } => {
                        assert!(server.wants_body(), "a RETR answer is open");
                        streaming = true;
                    }
                    other => panic!("{other:?}"),
                }
            }
        }
    }
    assert_eq!(got, total, "every byte arrived, unstuffed");
    // the server never held more than the mark, one block and its stuffing
    assert!(
        peak_out <= high_water + 2 * block.len(),
        "server output peaked at {peak_out}"
    );
    // the client handed each read out as it came, never collecting the body
    assert!(biggest_chunk <= 64 * 1024, "a chunk of {biggest_chunk}");
    assert!(reads > total / (64 * 1024));
}
