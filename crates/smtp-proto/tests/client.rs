//! The client machine on a virtual clock: the time contract, streamed bodies and
//! back-pressure, parameters from the message, QUIT placement, AUTH lines.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use bytes::Bytes;
use mail_proto_core::dot::{BareLineEndings, DotUnstuffer, Unstuffed};
use mail_proto_core::sasl::Credentials;
use smtp_proto::client::{Awaiting, Client, ClientConfig, Envelope, Event};
use smtp_proto::*;

const MIN: Duration = Duration::from_secs(60);

/// A client driven by hand: replies in, events collected, output drained.
struct Harness {
    c: Client,
    now: Instant,
    events: Vec<Event>,
    wire: Vec<u8>,
}

impl Harness {
    fn new(config: ClientConfig) -> Self {
        let now = Instant::now();
        Harness {
            c: Client::new(config, now),
            now,
            events: Vec::new(),
            wire: Vec::new(),
        }
    }

    /// Greeting and EHLO answered with these capability lines.
    fn ready(mut config: ClientConfig, caps: &[&str]) -> Self {
        config.hello_domain = Domain::name("c.example").unwrap();
        let mut h = Harness::new(config);
        h.reply("220 mx.example.com ESMTP");
        assert_eq!(h.sent(), "EHLO c.example\r\n");
        h.reply(&ehlo_reply(caps));
        assert!(
            matches!(h.events.last(), Some(Event::Ready(_))),
            "{:?}",
            h.events
        );
        h.events.clear();
        h
    }

    fn advance(&mut self, by: Duration) {
        self.now += by;
    }

    /// One reply (or several, `\n`-separated lines become CRLF) arrives now; events
    /// are drained, then output.
    fn reply(&mut self, text: &str) {
        let wire = format!("{}\r\n", text.replace('\n', "\r\n"));
        self.c.handle_input(self.now, wire.as_bytes()).unwrap();
        self.drain();
    }

    fn drain(&mut self) {
        while let Some(e) = self.c.poll_event() {
            self.events.push(e.unwrap());
        }
        self.flush();
    }

    fn flush(&mut self) {
        while let Some(b) = self.c.poll_transmit(self.now) {
            self.wire.extend_from_slice(&b);
        }
    }

    /// What was sent since the last call.
    fn sent(&mut self) -> String {
        self.flush();
        String::from_utf8_lossy(&std::mem::take(&mut self.wire)).into_owned()
    }

    fn has(&self, f: impl Fn(&Event) -> bool) -> bool {
        self.events.iter().any(f)
    }
}

fn ehlo_reply(caps: &[&str]) -> String {
    let mut lines = vec!["mx.example.com".to_string()];
    lines.extend(caps.iter().map(|c| c.to_string()));
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| format!("250{}{l}", if i + 1 == n { ' ' } else { '-' }))
        .collect::<Vec<_>>()
        .join("\n")
}

fn config() -> ClientConfig {
    ClientConfig::new(Domain::name("c.example").unwrap())
}

fn mailbox(s: &str) -> Mailbox<'static> {
    Mailbox::parse(s).unwrap().into_owned()
}

fn envelope(to: &[&str]) -> Envelope {
    to.iter().fold(
        Envelope::new(ReversePath::Mailbox(mailbox("a@c.example"))),
        |env, t| env.to(ForwardPath::Mailbox(mailbox(t))),
    )
}

fn timeout_error(h: &mut Harness) -> bool {
    matches!(h.c.poll_event(), Some(Err(ConnectionError::Timeout(_))))
}

// ---- 1. the time contract ----

#[test]
fn new_arms_the_greeting_timer_and_a_silent_server_times_out() {
    let mut h = Harness::new(config());
    let t0 = h.now;
    assert_eq!(h.c.poll_timeout(), Some(t0 + 5 * MIN), "armed by new");
    h.c.handle_timeout(t0 + 5 * MIN - Duration::from_millis(1));
    assert!(h.c.poll_event().is_none(), "an early call does nothing");
    h.c.handle_timeout(t0);
    assert_eq!(h.c.poll_timeout(), Some(t0 + 5 * MIN), "still current");
    h.c.handle_timeout(t0 + 5 * MIN);
    h.c.handle_timeout(t0 + 6 * MIN);
    assert!(timeout_error(&mut h));
    assert!(h.c.poll_event().is_none(), "reported once, idempotent");
    assert!(matches!(
        h.c.handle_input(t0, b"220 late\r\n"),
        Err(ConnectionError::Timeout(_))
    ));
    assert!(h.c.quit().is_err(), "sticky");
}

#[test]
fn reply_timers_start_when_the_command_leaves() {
    let mut h = Harness::new(config());
    h.c.handle_input(h.now, b"220 mx\r\n").unwrap();
    while let Some(e) = h.c.poll_event() {
        e.unwrap();
    }
    // EHLO is queued but has not left: nothing is awaited yet
    assert_eq!(h.c.poll_timeout(), None);
    h.advance(MIN);
    h.flush();
    let t1 = h.now;
    assert_eq!(h.c.poll_timeout(), Some(t1 + 5 * MIN), "EHLO: 5 minutes");
    h.advance(Duration::from_secs(1));
    h.reply("250 mx");
    h.c.send_message(
        envelope(&["b@mx.example.com"]),
        Bytes::from_static(b"hi\r\n"),
    )
    .unwrap();
    h.advance(MIN);
    h.flush();
    assert_eq!(h.c.poll_timeout(), Some(h.now + 5 * MIN), "MAIL: 5 minutes");
    h.advance(Duration::from_secs(7));
    h.reply("250 ok");
    assert_eq!(h.c.poll_timeout(), Some(h.now + 5 * MIN), "RCPT: 5 minutes");
    h.reply("250 ok");
    assert_eq!(h.c.poll_timeout(), Some(h.now + 2 * MIN), "DATA: 2 minutes");
    h.reply("354 go");
    assert_eq!(
        h.c.poll_timeout(),
        Some(h.now + 10 * MIN),
        "end of data: 10 minutes"
    );
    h.advance(10 * MIN);
    h.c.handle_timeout(h.now);
    assert!(timeout_error(&mut h), "the server never answered the dot");
}

#[test]
fn pipelined_replies_wait_from_the_reply_before() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"x\r\n"))
        .unwrap();
    let t0 = h.now;
    h.flush();
    assert_eq!(h.c.poll_timeout(), Some(t0 + 5 * MIN));
    h.advance(4 * MIN);
    h.reply("250 ok");
    assert_eq!(h.c.poll_timeout(), Some(h.now + 5 * MIN), "RCPT waits anew");
    h.reply("250 ok");
    assert_eq!(h.c.poll_timeout(), Some(h.now + 2 * MIN), "then DATA");
}

#[test]
fn data_block_timer_runs_while_a_body_is_streamed() {
    let mut h = Harness::ready(config(), &[]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.flush();
    h.reply("250 ok");
    h.reply("250 ok");
    h.reply("354 go");
    assert_eq!(h.c.poll_timeout(), Some(h.now + 3 * MIN), "data block");
    h.advance(2 * MIN);
    h.c.send_body(Bytes::from_static(b"line\r\n")).unwrap();
    h.flush();
    assert_eq!(
        h.c.poll_timeout(),
        Some(h.now + 3 * MIN),
        "restarted by a send"
    );
    h.advance(3 * MIN);
    h.c.handle_timeout(h.now);
    assert!(timeout_error(&mut h), "the body stalled");
}

#[test]
fn no_timeout_value_panics() {
    for wait in [Some(Duration::MAX), None] {
        let mut c = config();
        c.greeting_timeout = wait;
        c.command_timeout = wait;
        c.data_init_timeout = wait;
        c.data_block_timeout = wait;
        c.data_end_timeout = wait;
        let mut h = Harness::new(c);
        assert_eq!(h.c.poll_timeout(), None, "never");
        h.reply("220 mx");
        h.reply("250 mx");
        h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"x"))
            .unwrap();
        h.flush();
        h.c.handle_timeout(h.now + Duration::from_secs(1 << 40));
        assert!(h.c.poll_event().is_none());
        assert_eq!(h.c.poll_timeout(), None);
    }
}

// ---- 2. Core: queued output ----

#[test]
fn queued_output_counts_what_is_not_yet_transmitted() {
    let mut h = Harness::new(config());
    assert_eq!(h.c.queued_output(), 0);
    h.c.handle_input(h.now, b"220 mx\r\n").unwrap();
    while let Some(e) = h.c.poll_event() {
        e.unwrap();
    }
    assert_eq!(h.c.queued_output(), "EHLO c.example\r\n".len());
    h.flush();
    assert_eq!(h.c.queued_output(), 0);
}

// ---- 3. streamed bodies ----

/// What a receiver that unstuffs on CRLF only (the default server) stores.
fn stored(data: &[u8]) -> Vec<u8> {
    let mut u = DotUnstuffer::new(BareLineEndings::Keep);
    let mut body = Vec::new();
    assert!(matches!(
        u.decode_into(data, &mut body),
        Unstuffed::End { .. }
    ));
    body
}

#[test]
fn data_normalises_bare_line_endings_so_no_dot_is_gained() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.c.send_body(Bytes::from_static(b"a\n.b\r")).unwrap();
    h.c.send_body(Bytes::from_static(b"\n.c\rd")).unwrap();
    h.c.finish_body().unwrap();
    h.sent();
    h.reply("250 ok\n250 ok\n354 go");
    let data = h.sent();
    assert_eq!(data, "a\r\n..b\r\n..c\r\nd\r\n.\r\n");
    assert_eq!(stored(data.as_bytes()), b"a\r\n.b\r\n.c\r\nd\r\n");
}

#[test]
fn bdat_normalises_line_endings_and_binarymime_stays_raw() {
    let mut c = config();
    c.prefer_bdat = true;
    let mut h = Harness::ready(c, &["PIPELINING", "CHUNKING"]);
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"a\n.b\r"))
        .unwrap();
    let sent = h.sent();
    assert!(sent.ends_with("BDAT 7 LAST\r\na\r\n.b\r\n"), "{sent:?}");
    // BINARYMIME: raw bytes, whatever they are
    let mut h = Harness::ready(config(), &["PIPELINING", "CHUNKING", "BINARYMIME"]);
    let mut env = envelope(&["b@x.example"]);
    env.params.body = Some(Body::BinaryMime);
    h.c.send_message(env, Bytes::from_static(b"\0\n.\r"))
        .unwrap();
    let sent = h.sent();
    assert!(sent.starts_with("MAIL FROM:<a@c.example> BODY=BINARYMIME\r\n"));
    assert!(sent.ends_with("BDAT 4 LAST\r\n\0\n.\r"), "{sent:?}");
}

#[test]
fn streamed_bdat_chunks_end_with_last() {
    let mut c = config();
    c.prefer_bdat = true;
    let mut h = Harness::ready(c.clone(), &["PIPELINING", "CHUNKING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    for chunk in [&b"one\r\n"[..], b"two\r\n", b"three\r\n"] {
        h.c.send_body(Bytes::copy_from_slice(chunk)).unwrap();
    }
    assert!(
        h.sent().ends_with("BDAT 5\r\none\r\nBDAT 5\r\ntwo\r\n"),
        "the last is held"
    );
    h.c.finish_body().unwrap();
    assert_eq!(h.sent(), "BDAT 7 LAST\r\nthree\r\n");
    h.reply("250 ok\n250 ok\n250 ok\n250 ok\n250 queued");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
    // nothing left for the end: BDAT 0 LAST
    let mut h = Harness::ready(c, &["PIPELINING", "CHUNKING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.c.finish_body().unwrap();
    assert!(h.sent().ends_with("BDAT 0 LAST\r\n"));
}

#[test]
fn bdat_without_pipelining_is_lockstep() {
    let mut c = config();
    c.prefer_bdat = true;
    let mut h = Harness::ready(c, &["CHUNKING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    for chunk in [&b"1\r\n"[..], b"2\r\n", b"3\r\n"] {
        h.c.send_body(Bytes::copy_from_slice(chunk)).unwrap();
    }
    h.c.finish_body().unwrap();
    assert_eq!(h.sent(), "MAIL FROM:<a@c.example>\r\n");
    h.reply("250 ok");
    assert_eq!(h.sent(), "RCPT TO:<b@x.example>\r\n");
    h.reply("250 ok");
    assert_eq!(h.sent(), "BDAT 3\r\n1\r\n");
    h.reply("250 ok");
    assert_eq!(h.sent(), "BDAT 3\r\n2\r\n");
    h.reply("250 ok");
    assert_eq!(h.sent(), "BDAT 3 LAST\r\n3\r\n");
    h.reply("250 queued");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
    assert!(h.c.is_ready());
}

#[test]
fn a_refused_chunk_stops_bdat_and_resets() {
    let mut c = config();
    c.prefer_bdat = true;
    let mut h = Harness::ready(c, &["PIPELINING", "CHUNKING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    for _ in 0..3 {
        h.c.send_body(Bytes::from_static(b"data\r\n")).unwrap();
    }
    h.sent();
    h.reply("250 ok\n250 ok\n452 4.3.1 out of space");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(Some(_)))));
    assert!(!h.c.wants_body());
    h.c.send_body(Bytes::from_static(b"more\r\n")).unwrap();
    h.c.finish_body().unwrap();
    assert_eq!(h.sent(), "RSET\r\n", "no BDAT after the refusal");
    h.reply("452 4.3.1 out of space");
    h.reply("250 reset");
    assert!(h.has(|e| matches!(e, Event::Reset(_))));
    assert!(h.c.is_ready());
}

// ---- all or nothing: RFC 5321 D.2's client gives up after one refused RCPT ----

#[test]
fn all_or_nothing_resets_after_a_refused_recipient_in_lockstep() {
    let mut h = Harness::ready(config(), &["8BITMIME"]);
    let env = envelope(&["jones@foo.com", "green@foo.com"]).all_or_nothing();
    h.c.send_message(env, Bytes::from_static(b"hi\r\n"))
        .unwrap();
    assert_eq!(h.sent(), "MAIL FROM:<a@c.example>\r\n");
    h.reply("250 OK");
    assert_eq!(h.sent(), "RCPT TO:<jones@foo.com>\r\n");
    h.reply("250 OK");
    assert_eq!(h.sent(), "RCPT TO:<green@foo.com>\r\n");
    h.reply("550 No such user here");
    // Jones was accepted, yet no DATA: the transaction is given up
    assert_eq!(h.sent(), "RSET\r\n");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(None))));
    assert!(!h.has(|e| matches!(e, Event::MessageResult { .. })));
    h.reply("250 OK");
    assert!(h.has(|e| matches!(e, Event::Reset(_))));
    assert!(h.c.is_ready());
    // without the flag the same replies send the message to Jones
    let mut h = Harness::ready(config(), &["8BITMIME"]);
    let env = envelope(&["jones@foo.com", "green@foo.com"]);
    h.c.send_message(env, Bytes::from_static(b"hi\r\n"))
        .unwrap();
    h.sent();
    h.reply("250 OK");
    h.reply("250 OK");
    h.reply("550 No such user here");
    assert!(h.sent().ends_with("RCPT TO:<green@foo.com>\r\nDATA\r\n"));
}

#[test]
fn all_or_nothing_pipelines_the_rcpts_but_data_waits_for_their_replies() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    let env = envelope(&["jones@foo.com", "green@foo.com"]).all_or_nothing();
    h.c.send_message(env.clone(), Bytes::from_static(b"hi\r\n"))
        .unwrap();
    assert_eq!(
        h.sent(),
        "MAIL FROM:<a@c.example>\r\nRCPT TO:<jones@foo.com>\r\nRCPT TO:<green@foo.com>\r\n",
        "no DATA in the group"
    );
    h.reply("250 OK\n250 OK\n550 No such user here");
    assert_eq!(h.sent(), "RSET\r\n");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(None))));
    h.reply("250 OK");
    assert!(h.c.is_ready());
    // every recipient accepted: DATA follows the group's replies and the message goes
    h.events.clear();
    h.c.send_message(env, Bytes::from_static(b"hi\r\n"))
        .unwrap();
    h.sent();
    h.reply("250 OK\n250 OK\n250 OK");
    assert_eq!(h.sent(), "DATA\r\n");
    h.reply("354 go ahead");
    assert_eq!(h.sent(), "hi\r\n.\r\n");
    h.reply("250 queued");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
}

#[test]
fn all_or_nothing_holds_pipelined_bdat_chunks_until_the_rcpt_replies() {
    let mut c = config();
    c.prefer_bdat = true;
    let mut h = Harness::ready(c.clone(), &["PIPELINING", "CHUNKING"]);
    let env = envelope(&["jones@foo.com", "green@foo.com"]).all_or_nothing();
    h.c.send_message(env.clone(), Bytes::from_static(b"hi\r\n"))
        .unwrap();
    assert!(!h.sent().contains("BDAT"), "the chunk waits");
    h.reply("250 OK\n250 OK\n550 No such user here");
    assert_eq!(h.sent(), "RSET\r\n", "and never goes");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(None))));
    h.reply("250 OK");
    assert!(h.c.is_ready());
    h.c.send_message(env, Bytes::from_static(b"hi\r\n"))
        .unwrap();
    h.sent();
    h.reply("250 OK\n250 OK\n250 OK");
    assert_eq!(h.sent(), "BDAT 4 LAST\r\nhi\r\n");
    h.reply("250 queued");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
}

#[test]
fn all_or_nothing_with_a_refused_mail_sends_nothing_more() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    let env = envelope(&["jones@foo.com"]).all_or_nothing();
    h.c.send_message(env, Bytes::from_static(b"hi\r\n"))
        .unwrap();
    h.sent();
    h.reply("550 no\n503 no MAIL");
    assert!(h.has(|e| matches!(e, Event::MailRejected(_))));
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(None))));
    assert_eq!(h.sent(), "", "no DATA and no RSET: there is no transaction");
    assert!(h.c.is_ready());
}

/// Pushes `total` bytes through the client in `chunk`-sized pieces, draining its
/// output like a socket would, and returns the peak of `queued_output`.
fn stream(bdat: bool, total: usize, chunk_len: usize, high_water: usize) -> usize {
    let mut c = config();
    c.body_high_water = high_water;
    c.prefer_bdat = bdat;
    let mut h = Harness::ready(c, &["PIPELINING", "CHUNKING", "8BITMIME"]);
    let mut env = envelope(&["b@x.example"]);
    env.params.body = Some(Body::EightBitMime);
    h.c.send_mail(env).unwrap();
    h.sent();
    if !bdat {
        h.reply("250 ok\n250 ok\n354 go");
    }
    // one chunk of 512-octet 8-bit lines, shared: the body is never held whole
    let line = [&[b'\xe9'; 510][..], b"\r\n"].concat();
    let piece = Bytes::from(line.repeat(chunk_len / line.len()));
    let (mut fed, mut peak, mut wire) = (0, 0, 0u64);
    while fed < total {
        while h.c.wants_body() && fed < total {
            h.c.send_body(piece.clone()).unwrap();
            fed += piece.len();
            peak = peak.max(h.c.queued_output());
        }
        // the socket takes one write
        if let Some(b) = h.c.poll_transmit(h.now) {
            wire += b.len() as u64;
        }
    }
    h.c.finish_body().unwrap();
    peak = peak.max(h.c.queued_output());
    while let Some(b) = h.c.poll_transmit(h.now) {
        wire += b.len() as u64;
    }
    assert!(wire >= total as u64, "everything went out");
    if !bdat {
        h.reply("250 queued");
        assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
    }
    peak
}

#[test]
fn a_large_body_streams_within_the_high_water_mark() {
    let (chunk, high_water) = (64 * 1024, 256 * 1024);
    let total = 1 << 30; // 1 GiB
    let peak = stream(false, total, chunk, high_water);
    assert!(peak <= high_water + chunk, "DATA peak {peak}");
    // BDAT adds its command line to a chunk
    let peak = stream(true, 256 << 20, chunk, high_water);
    assert!(peak <= high_water + chunk + 32, "BDAT peak {peak}");
}

// ---- 4. parameters from the message and the capabilities ----

#[test]
fn size_and_body_come_from_the_message() {
    let mut h = Harness::ready(config(), &["PIPELINING", "SIZE 1000000", "8BITMIME"]);
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from("caf\u{e9}\r\n"))
        .unwrap();
    assert!(
        h.sent()
            .starts_with("MAIL FROM:<a@c.example> SIZE=7 BODY=8BITMIME\r\n")
    );
    // a length that is not known is not declared; the caller's BODY stays
    let mut h = Harness::ready(config(), &["PIPELINING", "SIZE", "8BITMIME"]);
    let mut env = envelope(&["b@x.example"]);
    env.params.body = Some(Body::SevenBit);
    h.c.send_mail(env).unwrap();
    assert!(
        h.sent()
            .starts_with("MAIL FROM:<a@c.example> BODY=7BIT\r\n")
    );
    // nothing offered, nothing added
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"ascii\r\n"))
        .unwrap();
    assert!(h.sent().starts_with("MAIL FROM:<a@c.example>\r\n"));
}

#[test]
fn a_message_over_the_size_limit_is_not_sent() {
    let mut h = Harness::ready(config(), &["PIPELINING", "SIZE 10"]);
    let body = Bytes::from_static(b"eleven bytes");
    assert!(h.c.send_message(envelope(&["b@x.example"]), body).is_err());
    assert_eq!(h.sent(), "");
    let mut env = envelope(&["b@x.example"]);
    env.params.size = Some(11);
    assert!(h.c.send_mail(env).is_err(), "a declared size too");
    assert_eq!(h.sent(), "");
}

#[test]
fn an_8bit_body_needs_8bitmime() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    let err =
        h.c.send_message(envelope(&["b@x.example"]), Bytes::from("caf\u{e9}\r\n"))
            .unwrap_err();
    assert!(matches!(err, ConnectionError::InvalidUse(_)), "{err}");
    assert_eq!(h.sent(), "", "nothing was sent");
    assert!(h.c.is_ready(), "and the session goes on");
}

#[test]
fn a_streamed_8bit_chunk_to_a_server_without_8bitmime_gives_the_connection_up() {
    // RFC 6152 §3: no 8-bit data to a server that does not offer 8BITMIME. A streamed
    // body is not seen before MAIL, so each chunk is checked as it comes; once DATA
    // has begun only a dropped connection keeps a truncated message from delivery
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.c.send_body(Bytes::from_static(b"Subject: hi\r\n\r\n"))
        .unwrap();
    assert_eq!(
        h.sent(),
        "MAIL FROM:<a@c.example>\r\nRCPT TO:<b@x.example>\r\nDATA\r\n"
    );
    h.reply("250 ok\n250 ok\n354 go ahead");
    assert!(h.sent().ends_with("Subject: hi\r\n\r\n"));
    let err = h.c.send_body(Bytes::from("caf\u{e9}\r\n")).unwrap_err();
    assert!(matches!(err, ConnectionError::InvalidUse(_)), "{err}");
    assert!(h.c.is_closed());
    assert!(
        matches!(
            h.c.send_body(Bytes::from_static(b"x\r\n")),
            Err(ConnectionError::InvalidUse(_))
        ),
        "sticky"
    );
    assert!(h.c.finish_body().is_err());
    let rest = h.sent();
    assert!(
        !rest.contains("caf") && !rest.contains("\r\n.\r\n"),
        "{rest:?}"
    );
    // declared 8-bit, or offered 8BITMIME: the same chunk goes
    let mut h = Harness::ready(config(), &["PIPELINING", "8BITMIME"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.flush();
    h.reply("250 ok\n250 ok\n354 go ahead");
    h.c.send_body(Bytes::from("caf\u{e9}\r\n")).unwrap();
    h.c.finish_body().unwrap();
    assert!(h.sent().ends_with("caf\u{e9}\r\n.\r\n"));
    // 7-bit chunks to a server without 8BITMIME go as before
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    h.flush();
    h.reply("250 ok\n250 ok\n354 go ahead");
    h.c.send_body(Bytes::from_static(b"plain\r\n")).unwrap();
    h.c.finish_body().unwrap();
    assert!(h.sent().ends_with("plain\r\n.\r\n"));
    assert!(!h.c.is_closed());
}

#[test]
fn binary_bodies_use_binarymime_when_offered() {
    let caps = ["PIPELINING", "8BITMIME", "BINARYMIME", "CHUNKING"];
    for body in [
        b"a\0b\r\n".to_vec(),
        [vec![b'x'; 1200], b"\r\n".to_vec()].concat(),
    ] {
        let mut h = Harness::ready(config(), &caps);
        h.c.send_message(envelope(&["b@x.example"]), Bytes::from(body.clone()))
            .unwrap();
        let sent = h.sent();
        assert!(sent.starts_with("MAIL FROM:<a@c.example> BODY=BINARYMIME\r\n"));
        assert!(sent.contains(&format!("BDAT {} LAST\r\n", body.len())));
    }
}

#[test]
fn non_ascii_addresses_get_smtputf8() {
    let mut h = Harness::ready(config(), &["PIPELINING", "SMTPUTF8"]);
    h.c.send_mail(envelope(&["用户@例子.广告"])).unwrap();
    assert!(
        h.sent()
            .starts_with("MAIL FROM:<a@c.example> SMTPUTF8\r\nRCPT TO:<用户@例子.广告>\r\n")
    );
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    assert!(h.c.send_mail(envelope(&["用户@例子.广告"])).is_err());
    assert_eq!(h.sent(), "");
}

#[test]
fn utf8_headers_get_smtputf8_where_offered() {
    // RFC 6532: UTF-8 in the header block is an internationalized message
    let body = Bytes::from("Subject: Grüße\r\nFrom: a@c.example\r\n\r\nhi\r\n");
    let mut h = Harness::ready(config(), &["PIPELINING", "SMTPUTF8", "8BITMIME"]);
    h.c.send_message(envelope(&["b@x.example"]), body.clone())
        .unwrap();
    let sent = h.sent();
    assert!(
        sent.starts_with("MAIL FROM:<a@c.example> BODY=8BITMIME SMTPUTF8\r\n")
            || sent.starts_with("MAIL FROM:<a@c.example> SMTPUTF8 BODY=8BITMIME\r\n"),
        "{sent}"
    );
    // without SMTPUTF8 it still goes, as 8BITMIME (what most clients do)
    let mut h = Harness::ready(config(), &["PIPELINING", "8BITMIME"]);
    h.c.send_message(envelope(&["b@x.example"]), body).unwrap();
    assert!(
        h.sent()
            .starts_with("MAIL FROM:<a@c.example> BODY=8BITMIME\r\n")
    );
    // 8-bit only in the body, or legacy non-UTF-8 header bytes: no SMTPUTF8
    for body in [
        Bytes::from("Subject: plain\r\n\r\nGrüße\r\n"),
        Bytes::from(&b"Subject: Gr\xfc\xdfe\r\n\r\nhi\r\n"[..]),
    ] {
        let mut h = Harness::ready(config(), &["PIPELINING", "SMTPUTF8", "8BITMIME"]);
        h.c.send_message(envelope(&["b@x.example"]), body).unwrap();
        assert!(!h.sent().contains("SMTPUTF8"), "{}", h.sent());
    }
}

// ---- 5. QUIT ----

#[test]
fn quit_waits_for_the_body_and_follows_the_dot_under_pipelining() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.c.send_mail(envelope(&["b@x.example"])).unwrap();
    assert_eq!(
        h.sent(),
        "MAIL FROM:<a@c.example>\r\nRCPT TO:<b@x.example>\r\nDATA\r\n"
    );
    h.reply("250 ok\n250 ok\n354 go");
    h.c.send_body(Bytes::from_static(b"part one\r\n")).unwrap();
    h.c.quit().unwrap();
    h.c.quit().unwrap();
    assert_eq!(h.sent(), "part one\r\n", "QUIT does not cut into the body");
    h.c.send_body(Bytes::from_static(b"part two\r\n")).unwrap();
    h.c.finish_body().unwrap();
    assert_eq!(
        h.sent(),
        "part two\r\n.\r\nQUIT\r\n",
        "pipelined behind the dot"
    );
    h.reply("250 queued\n221 bye");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
    assert!(h.has(|e| matches!(e, Event::Closed)));
    assert!(h.c.is_closed());
    h.c.quit().unwrap();
    assert_eq!(h.sent(), "", "never twice");
}

#[test]
fn lmtp_results_come_before_the_pipelined_quit() {
    let mut c = config();
    c.lmtp = true;
    let mut h = Harness::new(c);
    h.reply("220 lmtp");
    assert_eq!(h.sent(), "LHLO c.example\r\n");
    h.reply("250-lmtp\n250 PIPELINING");
    h.c.send_message(envelope(&["x@l", "y@l"]), Bytes::from_static(b"hi\r\n"))
        .unwrap();
    h.c.quit().unwrap();
    h.sent();
    h.reply("250 ok\n250 ok\n250 ok\n354 go");
    assert!(h.sent().ends_with("hi\r\n.\r\nQUIT\r\n"));
    h.reply("250 x delivered\n452 y over quota\n221 bye");
    let results: Vec<_> = h
        .events
        .iter()
        .filter_map(|e| match e {
            Event::MessageResult { recipient, reply } => Some((*recipient, reply.code().get())),
            _ => None,
        })
        .collect();
    assert_eq!(results, vec![(Some(0), 250), (Some(1), 452)]);
    assert!(matches!(h.events.last(), Some(Event::Closed)));
}

#[test]
fn quit_waits_for_the_reply_without_pipelining() {
    let mut h = Harness::ready(config(), &[]);
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"x\r\n"))
        .unwrap();
    h.c.quit().unwrap();
    assert_eq!(h.sent(), "MAIL FROM:<a@c.example>\r\n");
    h.reply("250 ok");
    h.reply("250 ok");
    h.reply("354 go");
    assert_eq!(h.sent(), "RCPT TO:<b@x.example>\r\nDATA\r\nx\r\n.\r\n");
    h.reply("250 queued");
    assert_eq!(h.sent(), "QUIT\r\n");
}

#[test]
fn quit_is_not_sent_after_421_nor_twice_after_a_refused_greeting() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    h.reply("421 4.3.2 shutting down");
    assert!(h.has(|e| matches!(e, Event::Rejected(_))));
    assert!(h.c.is_closed());
    h.c.quit().unwrap();
    assert_eq!(h.sent(), "");
    let mut h = Harness::new(config());
    h.reply("554 no service here");
    assert!(h.has(|e| matches!(e, Event::Rejected(_))));
    h.c.quit().unwrap();
    assert_eq!(h.sent(), "QUIT\r\n", "RFC 5321 §3.1: QUIT once");
}

#[test]
fn a_reply_before_its_command_left_is_fatal() {
    let mut h = Harness::new(config());
    // the greeting and an answer to an EHLO that has not been transmitted
    h.c.handle_input(h.now, b"220 mx\r\n250 mx\r\n").unwrap();
    assert!(matches!(h.c.poll_event(), Some(Ok(Event::Greeting(_)))));
    assert!(matches!(
        h.c.poll_event(),
        Some(Err(ConnectionError::Protocol(_)))
    ));
    assert!(h.c.handle_input(h.now, b"x").is_err(), "sticky");
}

#[test]
fn reset_completes_with_an_event() {
    let mut h = Harness::ready(config(), &[]);
    h.c.reset().unwrap();
    assert_eq!(h.sent(), "RSET\r\n");
    h.reply("250 flushed");
    assert!(h.has(|e| matches!(e, Event::Reset(r) if r.code().get() == 250)));
    // the client's own RSET when every recipient was refused
    h.events.clear();
    h.c.send_message(envelope(&["b@x.example"]), Bytes::from_static(b"x"))
        .unwrap();
    assert_eq!(h.sent(), "MAIL FROM:<a@c.example>\r\n");
    h.reply("250 ok");
    assert_eq!(h.sent(), "RCPT TO:<b@x.example>\r\n");
    h.reply("550 no such user");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(None))));
    assert_eq!(h.sent(), "RSET\r\n");
    h.reply("250 ok");
    assert!(h.has(|e| matches!(e, Event::Reset(_))));
    assert!(h.c.is_ready());
}

#[test]
fn tls_established_only_after_the_servers_220() {
    let mut h = Harness::ready(config(), &["STARTTLS"]);
    assert!(h.c.tls_established().is_err(), "no STARTTLS yet");
    h.c.start_tls().unwrap();
    assert_eq!(h.sent(), "STARTTLS\r\n");
    assert!(h.c.tls_established().is_err(), "no 220 yet");
    assert_eq!(h.c.pending(), None, "the client waits for the server");
    h.reply("220 go ahead");
    assert!(h.has(|e| matches!(e, Event::TlsUpgrade)));
    assert!(h.events.last().unwrap().needs_answer());
    assert!(h.events.iter().filter(|e| e.needs_answer()).count() == 1);
    assert_eq!(h.c.pending(), Some(Awaiting::TlsHandshake));
    assert!(!h.c.is_ready(), "the handshake comes first");
    h.c.tls_established().unwrap();
    assert_eq!(h.c.pending(), None);
    assert_eq!(h.sent(), "EHLO c.example\r\n");
    assert!(h.c.tls_established().is_err(), "once");
}

/// G6: `pending()` names what the client waits for from the application.
#[test]
fn pending_names_a_body_being_streamed() {
    let mut h = Harness::ready(config(), &["PIPELINING"]);
    assert_eq!(h.c.pending(), None);
    h.c.send_mail(envelope(&["b@mx.example.com"])).unwrap();
    assert_eq!(h.c.pending(), Some(Awaiting::Body));
    h.c.send_body(Bytes::from_static(b"hi\r\n")).unwrap();
    assert_eq!(h.c.pending(), Some(Awaiting::Body));
    // a failed transaction still wants finish_body
    h.flush();
    h.reply("250 ok\n550 no such user\n554 no valid recipients");
    assert!(h.has(|e| matches!(e, Event::TransactionFailed(_))));
    assert_eq!(h.c.pending(), Some(Awaiting::Body));
    h.c.finish_body().unwrap();
    assert_eq!(h.c.pending(), None);
    assert!(!h.events.iter().any(Event::needs_answer));
}

// ---- 6. AUTH ----

#[test]
fn auth_lines_come_from_the_sasl_client() {
    let mut h = Harness::ready(config(), &["AUTH LOGIN PLAIN EXTERNAL"]);
    h.c.authenticate(Credentials::Login {
        user: "tim".into(),
        password: "hunter2".into(),
    })
    .unwrap();
    assert_eq!(h.sent(), "AUTH LOGIN\r\n");
    assert!(!format!("{:?}", h.c).contains("hunter2"), "Debug hides it");
    h.reply("334 VXNlcm5hbWU6");
    assert_eq!(h.sent(), "dGlt\r\n");
    // a challenge that is not base64 cannot be answered: cancel
    h.reply("334 not base64!");
    assert_eq!(h.sent(), "*\r\n");
    h.reply("501 cancelled");
    assert!(h.has(|e| matches!(e, Event::AuthFailed(_))));
    // an empty initial response is "="
    h.c.authenticate(Credentials::External { authzid: None })
        .unwrap();
    assert_eq!(h.sent(), "AUTH EXTERNAL =\r\n");
    h.reply("235 ok");
    assert!(h.has(|e| matches!(e, Event::Authenticated(_))));
}

#[test]
fn helo_switch_opens_with_helo_and_uses_no_extension() {
    let mut config = config();
    config.helo = true;
    let mut h = Harness::new(config);
    h.reply("220 mx.example.com ESMTP");
    assert_eq!(h.sent(), "HELO c.example\r\n");
    h.reply("250 mx.example.com");
    let ready = h.events.iter().find_map(|e| match e {
        Event::Ready(r) => Some(r.clone()),
        _ => None,
    });
    let ready = ready.expect("Ready after HELO");
    assert_eq!(ready.domain, "mx.example.com");
    assert_eq!(ready.capabilities, Capabilities::default());
    // no PIPELINING after HELO: MAIL goes alone
    h.c.send_mail(envelope(&["a@example.com"])).unwrap();
    assert_eq!(h.sent(), "MAIL FROM:<a@c.example>\r\n");
}

#[test]
fn helo_switch_is_ignored_under_lmtp() {
    let mut config = config();
    config.helo = true;
    config.lmtp = true;
    let mut h = Harness::new(config);
    h.reply("220 mx.example.com LMTP");
    assert_eq!(h.sent(), "LHLO c.example\r\n");
}

#[test]
fn vrfy_expn_help_noop_report_their_replies() {
    let mut h = Harness::ready(config(), &[]);
    h.c.verify(Text::new("Crispin").unwrap()).unwrap();
    assert_eq!(h.sent(), "VRFY Crispin\r\n");
    // one command at a time: the client is busy until the reply
    assert!(h.c.noop().is_err());
    h.reply("250 Mark Crispin <Admin.MRC@foo.com>");
    assert!(
        h.has(|e| matches!(e, Event::Replied { command: "VRFY", reply }
        if reply.code().get() == 250 && reply.text() == "Mark Crispin <Admin.MRC@foo.com>"))
    );
    h.c.expand(Text::new("Example-People").unwrap()).unwrap();
    assert_eq!(h.sent(), "EXPN Example-People\r\n");
    h.reply("250-Jon Postel <Postel@USC-ISIF.ARPA>\n250 <xyz@bar-unix.ARPA>");
    assert!(h.has(
        |e| matches!(e, Event::Replied { command: "EXPN", reply } if reply.lines().len() == 2)
    ));
    h.c.help(None).unwrap();
    assert_eq!(h.sent(), "HELP\r\n");
    h.reply("502 not here");
    assert!(h.has(
        |e| matches!(e, Event::Replied { command: "HELP", reply } if reply.code().get() == 502)
    ));
    h.c.noop().unwrap();
    assert_eq!(h.sent(), "NOOP\r\n");
    h.reply("250 OK");
    assert!(h.has(|e| matches!(
        e,
        Event::Replied {
            command: "NOOP",
            ..
        }
    )));
    assert!(h.c.is_ready());
}

#[test]
fn input_without_polling_is_bounded_by_max_buffered() {
    // a read of any size is taken, but an application that keeps reading without
    // polling fails at once instead of buffering the server's bytes without bound
    let noise = vec![b'x'; 600];
    let mut client = Client::new(client_config_with(1000), Instant::now());
    client.handle_input(Instant::now(), &[b'y'; 5000]).unwrap();
    let mut client = Client::new(client_config_with(1000), Instant::now());
    client.handle_input(Instant::now(), &noise).unwrap();
    client.handle_input(Instant::now(), &noise).unwrap();
    assert!(matches!(
        client.handle_input(Instant::now(), &noise),
        Err(ConnectionError::InvalidUse(_))
    ));
    assert!(
        client.handle_input(Instant::now(), b"220 mx\r\n").is_err(),
        "sticky"
    );
    // polling between reads: a greeting fed one byte at a time, far past the limit
    let mut client = Client::new(client_config_with(1), Instant::now());
    let mut events = Vec::new();
    for b in b"220 mx.example ESMTP ready and waiting\r\n" {
        client.handle_input(Instant::now(), &[*b]).unwrap();
        while let Some(e) = client.poll_event() {
            events.push(e.unwrap());
        }
    }
    assert!(!client.is_closed());
    assert!(
        client.poll_transmit(Instant::now()).is_some(),
        "EHLO after the greeting"
    );
}

fn client_config_with(max_buffered: usize) -> ClientConfig {
    let mut c = config();
    c.max_buffered = max_buffered;
    c
}

/// G8: ignoring `wants_body` cannot grow the held output without bound: a chunk that
/// would take it past 4 x `body_high_water` is refused (not sticky, nothing queued),
/// and taken again once the output has gone.
#[test]
fn send_body_refuses_a_chunk_past_the_hard_cap() {
    let mut c = config();
    c.body_high_water = 1000;
    let mut h = Harness::ready(c, &["PIPELINING"]);
    h.c.send_mail(envelope(&["b@mx.example.com"])).unwrap();
    let envelope_bytes = h.c.queued_output();
    let chunk = Bytes::from(vec![b'a'; 1000]);
    // before the 354 everything is held
    let mut taken = 0;
    while h.c.send_body(chunk.clone()).is_ok() {
        taken += 1;
        assert!(taken < 10, "the cap holds");
    }
    assert_eq!(taken, (4000 - envelope_bytes) / 1000);
    let held = h.c.queued_output();
    assert!(held <= 4000, "{held}");
    assert!(matches!(
        h.c.send_body(chunk.clone()),
        Err(ConnectionError::InvalidUse(_))
    ));
    assert_eq!(
        h.c.queued_output(),
        held,
        "nothing of the refused chunk is queued"
    );
    assert!(h.c.poll_event().is_none(), "not sticky: no error event");
    // the replies come, the body goes out, and chunks are taken again
    h.flush();
    h.reply("250 2.1.0 ok\n250 2.1.5 ok\n354 go on");
    h.flush();
    assert_eq!(h.c.queued_output(), 0);
    h.c.send_body(chunk.clone()).unwrap();
    h.c.finish_body().unwrap();
    h.flush();
    h.reply("250 2.0.0 queued");
    assert!(h.has(|e| matches!(e, Event::MessageResult { .. })));
    let sent = h.sent();
    let body = "a".repeat(1000 * (taken + 1));
    assert!(
        sent.ends_with(&format!("DATA\r\n{body}\r\n.\r\n")),
        "every taken chunk went out once"
    );
    // a single chunk of any size is taken when nothing is queued
    let mut h = Harness::ready(
        {
            let mut c = config();
            c.body_high_water = 10;
            c
        },
        &["PIPELINING"],
    );
    h.c.send_mail(envelope(&["b@mx.example.com"])).unwrap();
    h.flush();
    h.c.send_body(Bytes::from(vec![b'b'; 100])).unwrap();
}
