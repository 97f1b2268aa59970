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
    /// A refusal by either side (a failed transaction, a rejected message).
    refusal: Option<String>,
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
    let hello = Domain::name("client.example").unwrap();
    run_with(
        ServerConfig::new("mx.example.com").unwrap(),
        ClientConfig::new(hello),
        body,
        step,
        tick,
    )
    .ok()
    .filter(|out| out.refusal.is_none())
    .unwrap_or_else(|| panic!("the session did not end well"))
}

/// [`run`] with the given configurations. `Err` holds what happened when the session
/// did not end within 500 rounds; errors from either side are not panics.
fn run_with(
    server_config: ServerConfig,
    client_config: ClientConfig,
    body: &[u8],
    step: usize,
    tick: Duration,
) -> Result<Outcome, Outcome> {
    let t0 = Instant::now();
    let mut now = t0;
    let mut server = Server::new(server_config, now);
    let mut client = Client::new(client_config, now);
    let mut out = Outcome {
        stored: None,
        body: None,
        result: None,
        elapsed: Duration::ZERO,
        refusal: None,
    };
    let mut received = Vec::new();
    let mut sent = false;
    for _ in 0..500 {
        now += tick;
        server.handle_timeout(now);
        client.handle_timeout(now);
        while let Some(b) = server.poll_transmit(now) {
            for piece in b.chunks(step) {
                let _ = client.handle_input(now, piece);
            }
        }
        while let Some(event) = client.poll_event() {
            match event {
                Ok(client::Event::Ready(_)) if !sent => {
                    sent = true;
                    if let Err(e) = client.send_message(envelope(), Bytes::copy_from_slice(body)) {
                        out.refusal = Some(format!("send_message: {e}"));
                    }
                }
                Ok(client::Event::MessageResult { reply, .. }) => {
                    out.result = Some(reply.code().get());
                    let _ = client.quit();
                }
                Ok(client::Event::TransactionFailed(r)) => {
                    out.refusal = Some(format!("refused: {r:?}"));
                }
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
                server::Event::MessageRejected { reply } => {
                    out.refusal = Some(format!("rejected: {reply}"));
                }
                _ => {}
            }
        }
        if client.is_closed() && server.is_closed() {
            out.elapsed = now - t0;
            return Ok(out);
        }
    }
    Err(out)
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
                    let _ = client.quit();
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

/// Every numeric server setting at `n` (0 or the type's MAX).
fn server_config_at(max: bool) -> ServerConfig {
    let mut c = ServerConfig::new("mx.example.com").unwrap();
    let (u, l) = if max { (usize::MAX, u64::MAX) } else { (0, 0) };
    c.max_message_size = Some(l);
    c.max_recipients = u;
    c.max_excess_recipients = u;
    c.max_text_line_len = Some(u);
    c.timeout = if max { Duration::MAX } else { Duration::ZERO };
    c.max_errors = u;
    c.max_buffered = u;
    c.max_line_discard = l;
    c.command.max_line_len = u;
    c.command.max_mail_line_len = u;
    c.command.max_rcpt_line_len = u;
    c.command.max_auth_line_len = u;
    c
}

/// Every numeric client setting at 0 or at the type's MAX.
fn client_config_at(max: bool) -> ClientConfig {
    let mut c = ClientConfig::new(Domain::name("client.example").unwrap());
    let u = if max { usize::MAX } else { 0 };
    let d = Some(if max { Duration::MAX } else { Duration::ZERO });
    c.body_high_water = u;
    c.max_buffered = u;
    c.reply.max_line_len = u;
    c.reply.max_lines = u;
    c.greeting_timeout = d;
    c.command_timeout = d;
    c.data_init_timeout = d;
    c.data_block_timeout = d;
    c.data_end_timeout = d;
    c
}

/// G1: no configuration value panics (this runs as a debug build, so an overflow
/// would), and with every value at its MAX a session still works: EHLO, MAIL, RCPT,
/// DATA with a line that starts with a dot, QUIT.
#[test]
fn no_configuration_value_panics_and_max_values_still_work() {
    let body = b"first\r\n.a line that starts with a dot\r\n..two\r\n";
    for server_max in [false, true] {
        for client_max in [false, true] {
            let got = run_with(
                server_config_at(server_max),
                client_config_at(client_max),
                body,
                7,
                Duration::from_millis(10),
            );
            if server_max && client_max {
                let out = got.expect("the session ends");
                assert_eq!(out.refusal, None);
                assert_eq!(out.result, Some(250));
                assert_eq!(out.stored.as_deref(), Some(&body[..]));
            }
        }
    }
    // the server alone, fed a scripted session at both extremes
    let script: &[u8] = b"EHLO c.example\r\nMAIL FROM:<a@example.org>\r\n\
        RCPT TO:<b@example.com>\r\nDATA\r\n.dot line\r\n.\r\nQUIT\r\n";
    for max in [false, true] {
        let now = Instant::now();
        let mut server = Server::new(server_config_at(max), now);
        server.handle_input(now, script);
        let mut stored = Vec::new();
        for _ in 0..100 {
            while let Some(event) = server.poll_event() {
                match event {
                    server::Event::Decision(_) => server.accept().unwrap(),
                    server::Event::BodyChunk(c) => stored.extend_from_slice(&c),
                    _ => {}
                }
            }
            let later = now + Duration::from_secs(1);
            while server.poll_transmit(later).is_some() {}
            server.handle_timeout(later);
            let _ = server.poll_timeout();
        }
        if max {
            assert!(server.is_closed(), "QUIT ended the session");
            assert_eq!(stored, b"dot line\r\n");
        }
    }
}

/// G9: with `normalize_line_endings` off, DATA stuffs only after CRLF, so the
/// default (`Keep`) server stores `x\n.y\n` byte for byte (plus the CRLF the end of
/// data needs after a body that does not end with one).
#[test]
fn without_normalisation_a_dot_after_a_bare_lf_survives() {
    for (body, stored) in [
        (&b"x\n.y\n"[..], &b"x\n.y\n\r\n"[..]),
        (b"x\n.y\r\n", b"x\n.y\r\n"),
        (b"a\r\n.b\r\n.\n..\r\n", b"a\r\n.b\r\n.\n..\r\n"),
    ] {
        for step in [1, 3, 1000] {
            let mut cc = ClientConfig::new(Domain::name("client.example").unwrap());
            cc.normalize_line_endings = false;
            let out = run_with(
                ServerConfig::new("mx.example.com").unwrap(),
                cc,
                body,
                step,
                Duration::from_millis(10),
            )
            .expect("the session ends");
            assert_eq!(out.refusal, None);
            assert_eq!(out.result, Some(250));
            assert_eq!(out.stored.as_deref(), Some(stored), "step {step}");
        }
    }
}
