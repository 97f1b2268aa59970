//! Both machines with their default configurations, wired in memory on a virtual
//! clock: any body survives byte for byte (modulo the client's CRLF normalisation,
//! RFC 5321 §2.3.8), and each side times the other out.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use mail_proto_test_support::{dotted_block, matches_block};
use proptest::prelude::*;
use smtp_proto::client::{self, Client, ClientConfig, Envelope};
use smtp_proto::server::{self, Decision, Server, ServerConfig};
use smtp_proto::*;

/// What the server stored and how the client sent it.
#[derive(Debug)]
struct Outcome {
    stored: Option<Vec<u8>>,
    body: Option<Body>,
    result: Option<u16>,
    elapsed: Duration,
}

fn envelope() -> Envelope {
    Envelope::new(ReversePath::Mailbox(
        Mailbox::parse("a@example.org").unwrap().into_owned(),
    ))
    .to(ForwardPath::Mailbox(
        Mailbox::parse("b@example.com").unwrap().into_owned(),
    ))
}

/// Runs one message through both default machines; `step` splits every write and
/// each round advances the virtual clock by `tick`.
fn run(body: &[u8], step: usize, tick: Duration) -> Outcome {
    let t0 = Instant::now();
    let mut now = t0;
    let mut server = Server::new(ServerConfig::new("mx.example.com").unwrap(), now);
    let hello = Domain::name("client.example").unwrap();
    let mut client = Client::new(ClientConfig::new(hello), now);
    let mut out = Outcome {
        stored: None,
        body: None,
        result: None,
        elapsed: Duration::ZERO,
    };
    let mut received = Vec::new();
    let mut sent = false;
    for _ in 0..500 {
        now += tick;
        while let Some(b) = server.poll_transmit(now) {
            for piece in b.chunks(step) {
                client.handle_input(now, piece).unwrap();
            }
        }
        while let Some(event) = client.poll_event() {
            match event.unwrap() {
                client::Event::Ready(_) if !sent => {
                    sent = true;
                    client
                        .send_message(envelope(), Bytes::copy_from_slice(body))
                        .unwrap();
                }
                client::Event::MessageResult { reply, .. } => {
                    out.result = Some(reply.code().get());
                    client.quit().unwrap();
                }
                client::Event::TransactionFailed(r) => panic!("refused: {r:?}"),
                _ => {}
            }
        }
        while let Some(b) = client.poll_transmit(now) {
            for piece in b.chunks(step) {
                server.handle_input(now, piece);
            }
        }
        while let Some(event) = server.poll_event() {
            match event {
                server::Event::Decision(Decision::Mail { params, .. }) => {
                    out.body = params.body;
                    server.accept().unwrap();
                }
                server::Event::Decision(Decision::MessageEnd { .. }) => {
                    out.stored = Some(std::mem::take(&mut received));
                    server.accept().unwrap();
                }
                server::Event::Decision(_) => server.accept().unwrap(),
                server::Event::BodyChunk(c) => received.extend_from_slice(&c),
                server::Event::MessageRejected { reply } => panic!("rejected: {reply}"),
                _ => {}
            }
        }
        if client.is_closed() && server.is_closed() {
            out.elapsed = now - t0;
            return out;
        }
    }
    panic!("the session did not end: {out:?}")
}

/// The client's normalisation: every bare CR or LF becomes CRLF, and a body that does
/// not end with CRLF gets one (the first CRLF of `CRLF . CRLF` is part of the body).
fn normalised(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 2);
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\r' if body.get(i + 1) == Some(&b'\n') => {
                out.extend_from_slice(b"\r\n");
                i += 2;
                continue;
            }
            b'\r' | b'\n' => out.extend_from_slice(b"\r\n"),
            b => out.push(b),
        }
        i += 1;
    }
    if !out.is_empty() && !out.ends_with(b"\r\n") {
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn check(body: &[u8], step: usize) {
    let out = run(body, step, Duration::from_millis(10));
    assert_eq!(out.result, Some(250));
    let stored = out.stored.expect("a message was stored");
    if out.body == Some(Body::BinaryMime) {
        assert_eq!(stored, body, "BINARYMIME keeps the bytes");
    } else {
        assert_eq!(stored, normalised(body), "step {step}");
    }
}

#[test]
fn the_bodies_real_clients_broke() {
    // defect 3: `x\n.y\n` must not gain a dot
    check(b"x\n.y\n", 1000);
    check(b"x\r\n.\r\n.y\r\n..\r\n", 3);
    // a 998-octet text line starting with a dot
    let mut line = vec![b'.'];
    line.extend(std::iter::repeat_n(b'z', 997));
    line.extend_from_slice(b"\r\n");
    check(&line, 7);
    // 999 octets and a bare LF: 1001 octets once normalised, which only BINARYMIME carries
    let mut long = vec![b'q'; 999];
    long.push(b'\n');
    check(&long, 64);
    check(b"", 5);
    check(b"no line end", 5);
    check(b"nul \0 byte\r\n", 5);
    check("8-bit: h\u{e9}llo\r\n".as_bytes(), 5);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_body_survives_between_default_machines(
        body in proptest::collection::vec(
            prop_oneof![
                4 => Just(b'a'), 2 => Just(b'.'), 2 => Just(b'\r'), 2 => Just(b'\n'),
                1 => Just(0u8), 1 => Just(0xe9u8), 1 => Just(b' '),
            ],
            0..3000,
        ),
        step in 1usize..64,
    ) {
        check(&body, step);
    }
}

#[test]
fn each_side_times_the_other_out_on_the_virtual_clock() {
    // a client that connects and says nothing: the server's 5 minutes
    let t0 = Instant::now();
    let mut server = Server::new(ServerConfig::new("mx").unwrap(), t0);
    let _ = server.poll_transmit(t0);
    let deadline = server.poll_timeout().unwrap();
    assert_eq!(deadline, t0 + Duration::from_secs(300));
    server.handle_timeout(deadline);
    assert!(server.is_closed());
    // a server that never answers: the client's greeting timeout
    let mut client = Client::new(ClientConfig::new(Domain::name("c").unwrap()), t0);
    let deadline = client.poll_timeout().unwrap();
    client.handle_timeout(deadline - Duration::from_millis(1));
    assert!(client.poll_event().is_none(), "not yet");
    client.handle_timeout(deadline);
    assert!(matches!(
        client.poll_event(),
        Some(Err(ConnectionError::Timeout(_)))
    ));
    // a whole session at one tick per round takes a handful of rounds, no timeouts
    let out = run(b"hello\r\n", 1000, Duration::from_secs(1));
    assert_eq!(out.result, Some(250));
    assert!(out.elapsed < Duration::from_secs(60), "{:?}", out.elapsed);
}

/// The size of one read of the server's socket in [`stream_through_the_pair`].
const READ: usize = 128 * 1024;

/// Streams `total` bytes (whole blocks) from the client machine to the server
/// machine, the application feeding while the client wants more and the "socket"
/// moving one [`READ`] per round; returns the client's peak buffered output and
/// the biggest body chunk the server handed out.
fn stream_through_the_pair(total: u64, bdat: bool) -> (usize, usize) {
    let now = Instant::now();
    let block = Bytes::from(dotted_block(64 * 1024));
    let blocks = total / block.len() as u64;
    let total = blocks * block.len() as u64;
    let mut server = Server::new(
        ServerConfig::new("mx.example.com")
            .unwrap()
            .with_max_message_size(total + 1),
        now,
    );
    let hello = Domain::name("client.example").unwrap();
    let mut cc = ClientConfig::new(hello);
    cc.prefer_bdat = bdat;
    let high_water = cc.body_high_water;
    let mut client = Client::new(cc, now);
    let (mut fed, mut got, mut peak, mut biggest) = (0u64, 0u64, 0usize, 0usize);
    let (mut feeding, mut stored, mut saw_start) = (false, false, false);
    let mut from_client = std::collections::VecDeque::<Bytes>::new();
    for _ in 0..10_000_000u64 {
        if feeding {
            while client.wants_body() && fed < blocks {
                client.send_body(block.clone()).unwrap();
                fed += 1;
                peak = peak.max(client.queued_output());
            }
            if fed == blocks {
                client.finish_body().unwrap();
                feeding = false;
            }
        }
        while let Some(b) = server.poll_transmit(now) {
            client.handle_input(now, &b).unwrap();
        }
        while let Some(event) = client.poll_event() {
            match event.unwrap() {
                client::Event::Ready(_) => {
                    let mut env = envelope();
                    env.params.size = Some(total);
                    client.send_mail(env).unwrap();
                    feeding = true;
                }
                client::Event::MessageResult { reply, .. } => {
                    assert_eq!(reply.code().get(), 250);
                    client.quit().unwrap();
                }
                client::Event::TransactionFailed(r) => panic!("refused: {r:?}"),
                _ => {}
            }
        }
        // one read of at most READ bytes reaches the server per round
        if from_client.is_empty() {
            while let Some(b) = client.poll_transmit(now) {
                from_client.push_back(b);
            }
        }
        if let Some(mut b) = from_client.pop_front() {
            if b.len() > READ {
                from_client.push_front(b.split_off(READ));
            }
            server.handle_input(now, &b);
        }
        while let Some(event) = server.poll_event() {
            match event {
                server::Event::MessageStart { .. } => saw_start = true,
                server::Event::BodyChunk(c) => {
                    assert!(matches_block(&block, got, &c), "body bytes at {got}");
                    got += c.len() as u64;
                    biggest = biggest.max(c.len());
                }
                server::Event::Decision(Decision::MessageEnd { .. }) => {
                    stored = true;
                    server.accept().unwrap();
                }
                server::Event::Decision(_) => server.accept().unwrap(),
                server::Event::MessageRejected { reply } => panic!("rejected: {reply}"),
                _ => {}
            }
        }
        if client.is_closed() && server.is_closed() {
            assert!(saw_start && stored);
            assert_eq!(got, total, "every byte arrived, unstuffed");
            assert!(
                peak <= high_water + block.len() + 64,
                "the client held {peak} bytes (mark {high_water})"
            );
            return (peak, biggest);
        }
    }
    panic!("the session did not end: {got} of {total} bytes")
}

#[test]
fn a_gigabyte_goes_through_the_pair_in_bounded_memory() {
    // DATA: stuffed by the client, unstuffed by the server, 1 GiB
    let (_, biggest) = stream_through_the_pair(1 << 30, false);
    assert!(
        biggest <= 64 * 1024,
        "the server handed out a chunk of {biggest}"
    );
    // BDAT chunks
    let (_, biggest) = stream_through_the_pair(256 << 20, true);
    assert!(
        biggest <= 64 * 1024,
        "the server handed out a chunk of {biggest}"
    );
}
