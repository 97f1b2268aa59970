//! The client machine: the seed sessions replayed, multi-line by command, pipelining
//! and lockstep, STLS, SASL, lenient servers, timers and hostile input.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, Instant};

use mail_proto_core::Secret;
use mail_proto_core::sasl::Credentials;
use pop3_proto::client::{Client, ClientConfig, Event, Request};
use pop3_proto::*;

fn n(i: u32) -> MessageNumber {
    MessageNumber::new(i).unwrap()
}

/// A client, what it sent, and what it reported.
struct H {
    c: Client,
    now: Instant,
    sent: Vec<u8>,
    events: Vec<Event>,
}

impl H {
    fn new(config: ClientConfig) -> Self {
        let now = Instant::now();
        H {
            c: Client::new(config, now),
            now,
            sent: Vec::new(),
            events: Vec::new(),
        }
    }
    /// Feeds `server` in pieces of `step`, drains events and output.
    fn feed(&mut self, server: &[u8], step: usize) {
        self.flush();
        for piece in server.chunks(step.max(1)) {
            self.c.handle_input(self.now, piece).unwrap();
            while let Some(e) = self.c.poll_event() {
                self.events.push(e.unwrap());
            }
            self.flush();
        }
    }
    fn flush(&mut self) {
        while let Some(b) = self.c.poll_transmit(self.now) {
            self.sent.extend_from_slice(&b);
        }
    }
    fn take_sent(&mut self) -> String {
        self.flush();
        String::from_utf8(std::mem::take(&mut self.sent)).unwrap()
    }
    fn body(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for e in &self.events {
            if let Event::BodyChunk(c) = e {
                out.extend_from_slice(c);
            }
        }
        out
    }
}

const GREETING: &[u8] = b"+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n";

#[test]
fn seed_001_rfc1939_apop_session_replayed() {
    for step in [1, 3, 1000] {
        let mut h = H::new(no_capa());
        h.feed(GREETING, step);
        assert!(
            matches!(&h.events[0], Event::Greeting(g) if g.timestamp.as_ref().unwrap().as_str() == "<1896.697170952@dbc.mtview.ca.us>")
        );
        h.c.apop("mrose", &Secret::new("tanstaaf")).unwrap();
        assert_eq!(
            h.take_sent(),
            "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n"
        );
        h.feed(
            b"+OK mrose's maildrop has 2 messages (320 octets)\r\n",
            step,
        );
        assert!(h.c.is_logged_in());
        h.c.stat().unwrap();
        h.c.list(None).unwrap();
        // no PIPELINING known: one command at a time
        assert_eq!(h.take_sent(), "STAT\r\n");
        h.feed(b"+OK 2 320\r\n", step);
        assert_eq!(h.take_sent(), "LIST\r\n");
        h.feed(
            b"+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n",
            step,
        );
        h.c.retr(n(1)).unwrap();
        h.c.dele(n(1)).unwrap();
        h.c.retr(n(2)).unwrap();
        h.c.dele(n(2)).unwrap();
        h.c.quit().unwrap();
        assert_eq!(h.take_sent(), "RETR 1\r\n");
        h.feed(
            b"+OK 120 octets\r\n<the POP3 server sends message 1>\r\n.\r\n",
            step,
        );
        assert_eq!(h.take_sent(), "DELE 1\r\n");
        h.feed(b"+OK message 1 deleted\r\n", step);
        assert_eq!(h.take_sent(), "RETR 2\r\n");
        h.feed(
            b"+OK 200 octets\r\n<the POP3 server sends message 2>\r\n.\r\n",
            step,
        );
        assert_eq!(h.take_sent(), "DELE 2\r\n");
        h.feed(b"+OK message 2 deleted\r\n", step);
        assert_eq!(h.take_sent(), "QUIT\r\n");
        h.feed(
            b"+OK dewey POP3 server signing off (maildrop empty)\r\n",
            step,
        );
        assert!(h.c.is_closed() && h.c.poll_timeout().is_none());
        assert!(h.events.contains(&Event::Stat(Stat {
            count: 2,
            size: 320
        })));
        assert!(
            h.events
                .iter()
                .any(|e| matches!(e, Event::Listings(l) if l.len() == 2 && l[1].size == 200))
        );
        assert_eq!(
            h.body(),
            b"<the POP3 server sends message 1>\r\n<the POP3 server sends message 2>\r\n"
        );
        assert_eq!(h.events.last(), Some(&Event::Closed));
    }
}

#[test]
fn seed_003_user_pass_session_replayed() {
    let mut h = H::new(no_capa());
    h.feed(GREETING, 7);
    h.c.login("mrose", Secret::new("mrosepass")).unwrap();
    assert_eq!(
        h.take_sent(),
        "USER mrose\r\n",
        "lockstep: PASS waits for USER's +OK"
    );
    h.feed(b"+OK User accepted\r\n", 7);
    assert_eq!(h.take_sent(), "PASS mrosepass\r\n");
    h.feed(b"+OK Pass accepted\r\n", 7);
    assert!(matches!(
        h.events.last(),
        Some(Event::LoggedIn {
            request: Request::Pass,
            ..
        })
    ));
    h.c.stat().unwrap();
    h.feed(b"", 1);
    assert_eq!(h.take_sent(), "STAT\r\n");
    h.feed(b"+OK 2 320\r\n", 7);
    assert_eq!(
        h.events.last(),
        Some(&Event::Stat(Stat {
            count: 2,
            size: 320
        }))
    );
}

#[test]
fn multi_line_is_known_from_the_command() {
    let mut h = H::new(ClientConfig::new());
    h.feed(GREETING, 1000);
    assert_eq!(h.take_sent(), "CAPA\r\n");
    h.feed(b"+OK\r\nPIPELINING\r\nUIDL\r\nSASL PLAIN\r\n.\r\n", 1000);
    assert!(matches!(h.events.last(), Some(Event::Ready(c)) if c.pipelining()));
    h.c.login("u", Secret::new("p")).unwrap();
    assert_eq!(h.take_sent(), "USER u\r\nPASS p\r\n", "pipelined");
    h.feed(b"+OK\r\n+OK in\r\n", 1000);
    h.c.list(Some(n(1))).unwrap();
    h.c.list(None).unwrap();
    h.c.uidl(Some(n(2))).unwrap();
    h.c.uidl(None).unwrap();
    h.c.top(n(1), 0).unwrap();
    assert_eq!(
        h.take_sent(),
        "LIST 1\r\nLIST\r\nUIDL 2\r\nUIDL\r\nTOP 1 0\r\n"
    );
    // "LIST 1" is single-line even if the next line looks like a listing
    h.feed(b"+OK 1 120\r\n+OK\r\n1 120\r\n2 5\r\n.\r\n+OK 2 QhdPYR:00WBw1Ph7x7\r\n+OK\r\n1 a\r\n2 b\r\n.\r\n+OK\r\nSubject: x\r\n\r\n.\r\n", 2);
    let ev: Vec<&Event> = h
        .events
        .iter()
        .filter(|e| !matches!(e, Event::BodyChunk(_)))
        .collect();
    let ev = &ev[ev.len() - 6..];
    assert_eq!(
        *ev[0],
        Event::Listing(ScanListing {
            msg: n(1),
            size: 120
        })
    );
    assert!(matches!(&ev[1], Event::Listings(l) if l.len() == 2));
    assert!(matches!(&ev[2], Event::UniqueId(u) if u.uid.as_str() == "QhdPYR:00WBw1Ph7x7"));
    assert!(matches!(&ev[3], Event::UniqueIds(u) if u.len() == 2));
    assert!(matches!(
        &ev[4],
        Event::BodyStart {
            request: Request::Top { .. },
            ..
        }
    ));
    assert_eq!(h.body(), b"Subject: x\r\n\r\n");
    // -ERR to a multi-line command is one line
    h.c.retr(n(9)).unwrap();
    h.c.noop().unwrap();
    h.feed(b"-ERR no such message\r\n+OK\r\n", 1000);
    let ev = &h.events[h.events.len() - 2..];
    assert!(matches!(
        &ev[0],
        Event::Refused {
            request: Request::Retr(_),
            ..
        }
    ));
    assert!(matches!(
        &ev[1],
        Event::Done {
            request: Request::Noop,
            ..
        }
    ));
}

#[test]
fn lenient_servers_work_through_the_machine() {
    let mut h = H::new(ClientConfig::new());
    // lower-case status, missing space, bare LF, a long status line
    h.feed(b"+ok hello\n", 1);
    h.feed(b"-ERR no CAPA\r\n", 1);
    assert!(matches!(h.events.last(), Some(Event::Ready(c)) if c.list.is_empty()));
    h.c.login("u", Secret::new("p")).unwrap();
    h.feed(b"+OKfine\n", 1);
    let long = format!("+OK {}\r\n", "x".repeat(3000));
    h.feed(long.as_bytes(), 100);
    assert!(h.c.is_logged_in());
    // strict: the same bare LF is a fatal error with its offset
    let mut s = Client::new(ClientConfig::new().strict(), Instant::now());
    s.handle_input(Instant::now(), b"+OK hi\n").unwrap();
    match s.poll_event() {
        Some(Err(ConnectionError::Decode(e))) => {
            assert_eq!(e.kind, DecodeErrorKind::BareLineEnding);
            assert_eq!(e.offset, 6);
        }
        other => panic!("{other:?}"),
    }
    assert!(s.poll_event().is_none());
    assert!(s.handle_input(Instant::now(), b"x").is_err(), "sticky");
}

#[test]
fn a_bare_lf_server_gets_its_listings_read_and_its_messages_still_end_at_crlf() {
    // a server writing every line with LF alone: CAPA, LIST and UIDL end at its `.`
    // line (the client got Ready instead of waiting out its 10-minute timer)
    let mut h = H::new(ClientConfig::new());
    h.feed(b"+OK hi\n", 1);
    h.feed(b"+OK\nTOP\nUSER\nUIDL\n.\n", 3);
    match h.events.last() {
        Some(Event::Ready(c)) => assert_eq!(c.list.len(), 3, "{c:?}"),
        other => panic!("{other:?}"),
    }
    h.c.login("u", Secret::new("p")).unwrap();
    h.feed(b"+OK\n+OK in\n", 1);
    assert!(h.c.is_logged_in());
    h.c.list(None).unwrap();
    h.feed(b"+OK 2 messages\n1 120\r\n2 200\n.\n", 5);
    match h.events.last() {
        Some(Event::Listings(l)) => assert_eq!(l.len(), 2, "{l:?}"),
        other => panic!("{other:?}"),
    }
    h.c.uidl(None).unwrap();
    h.feed(b"+OK\n1 aaa\n2 bbb\n.\n", 1000);
    match h.events.last() {
        Some(Event::UniqueIds(u)) => assert_eq!(u.len(), 2, "{u:?}"),
        other => panic!("{other:?}"),
    }
    // an empty listing is just its `.` line
    h.c.list(None).unwrap();
    h.feed(b"+OK\n.\n", 1);
    assert!(matches!(h.events.last(), Some(Event::Listings(l)) if l.is_empty()));
    // a message body still ends only at CRLF . CRLF: a bare-LF dot line inside it is
    // the message's own, never the end (nothing after it is read as a response)
    h.c.retr(MessageNumber::new(1).unwrap()).unwrap();
    h.feed(b"+OK\nline\n.\n+OK forged\r\n.\r\n", 1000);
    assert!(
        matches!(h.events.last(), Some(Event::BodyEnd)),
        "{:?}",
        h.events.last()
    );
    let body: Vec<u8> = h
        .events
        .iter()
        .filter_map(|e| match e {
            Event::BodyChunk(c) => Some(c.to_vec()),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(body, b"line\n.\n+OK forged\r\n", "{}", body.escape_ascii());
    // strict options: no LF listings either
    let mut s = Client::new(ClientConfig::new().strict(), Instant::now());
    s.handle_input(Instant::now(), b"+OK hi\r\n").unwrap();
    while s.poll_event().is_some() {}
    while s.poll_transmit(Instant::now()).is_some() {}
    s.handle_input(Instant::now(), b"+OK\n").unwrap();
    match s.poll_event() {
        Some(Err(ConnectionError::Decode(e))) => {
            assert_eq!(e.kind, DecodeErrorKind::BareLineEnding)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn stls_upgrade_point_keeps_plaintext_out() {
    let mut h = H::new(ClientConfig::new());
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"+OK\r\nSTLS\r\nUSER\r\n.\r\n", 1000);
    h.take_sent();
    h.c.stls().unwrap();
    assert!(h.c.capa().is_err(), "nothing after STLS");
    assert_eq!(h.take_sent(), "STLS\r\n");
    h.feed(b"+OK begin\r\n+OK injected\r\n", 1000);
    match h.events.last() {
        Some(Event::TlsUpgrade { unread }) => assert_eq!(&unread[..], b"+OK injected\r\n"),
        other => panic!("{other:?}"),
    }
    h.feed(b"more plaintext\r\n", 1000);
    h.c.tls_established().unwrap();
    assert!(h.c.is_tls());
    assert_eq!(h.take_sent(), "CAPA\r\n", "capabilities asked again");
    h.feed(b"+OK\r\nUSER\r\n.\r\n", 1000);
    assert!(matches!(h.events.last(), Some(Event::Ready(c)) if !c.stls()));
    assert!(h.c.stls().is_err());
}

#[test]
fn sasl_plain_login_and_cram_md5() {
    let mut h = H::new(ClientConfig::new());
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"+OK\r\nSASL PLAIN CRAM-MD5\r\n.\r\n", 1000);
    h.take_sent();
    let login = Credentials::Login {
        user: "u".into(),
        password: Secret::new("p"),
    };
    assert!(h.c.authenticate(login).is_err(), "LOGIN not offered");
    let cram = Credentials::CramMd5 {
        user: "tim".into(),
        password: Secret::new("tanstaaftanstaaf"),
    };
    assert!(!format!("{cram:?}").contains("tanstaaf"), "redacted");
    h.c.authenticate(cram).unwrap();
    assert_eq!(h.take_sent(), "AUTH CRAM-MD5\r\n");
    h.feed(
        b"+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+\r\n",
        5,
    );
    assert_eq!(
        h.take_sent(),
        "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw\r\n"
    );
    h.feed(b"-ERR [AUTH] no\r\n", 5);
    assert!(matches!(
        h.events.last(),
        Some(Event::Refused {
            request: Request::Auth,
            ..
        })
    ));
    let plain = Credentials::Plain {
        authzid: None,
        authcid: "u".into(),
        password: Secret::new("p"),
    };
    h.c.authenticate(plain).unwrap();
    assert_eq!(h.take_sent(), "AUTH PLAIN AHUAcA==\r\n");
    h.feed(b"+ bad-base64!\r\n", 1000);
    assert_eq!(h.take_sent(), "*\r\n", "cancelled");
    h.feed(b"-ERR cancelled\r\n", 1000);
    assert!(!h.c.is_logged_in());
    assert!(matches!(
        h.events.last(),
        Some(Event::Refused {
            request: Request::Auth,
            ..
        })
    ));
}

/// A client that has cancelled AUTH PLAIN with `*` after an undecodable challenge.
fn cancelled_auth() -> H {
    let mut h = H::new(ClientConfig::new());
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"+OK\r\nSASL PLAIN\r\n.\r\n", 1000);
    let plain = Credentials::Plain {
        authzid: None,
        authcid: "u".into(),
        password: Secret::new("p"),
    };
    h.c.authenticate(plain).unwrap();
    h.feed(b"+ bad-base64!\r\n", 1000);
    assert!(h.take_sent().ends_with("*\r\n"), "cancelled");
    h
}

#[test]
fn after_a_cancel_only_err_ends_auth() {
    // RFC 5034 §4: on "*" the server MUST reject the AUTH command with -ERR
    for reply in [&b"+OK logged in\r\n"[..], b"+ AAAA\r\n"] {
        let mut h = cancelled_auth();
        h.c.handle_input(h.now, reply).unwrap();
        let e = h.c.poll_event().unwrap().unwrap_err();
        assert!(matches!(e, ConnectionError::Protocol(_)), "{e:?}");
        assert!(!h.c.is_logged_in());
    }
}

#[test]
fn sequencing_is_enforced() {
    let mut h = H::new(ClientConfig::new());
    assert!(matches!(h.c.stat(), Err(ConnectionError::InvalidUse(_))));
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"-ERR\r\n", 1000);
    assert!(h.c.stat().is_err(), "not logged in");
    assert!(h.c.apop("u", &Secret::new("s")).is_err(), "no timestamp");
    assert!(h.c.login("a b", Secret::new("p")).is_err());
    h.c.login("u", Secret::new("p")).unwrap();
    assert!(h.c.login("u", Secret::new("p")).is_err(), "under way");
    h.feed(b"-ERR no such user\r\n", 1000);
    assert_eq!(h.take_sent(), "CAPA\r\nUSER u\r\n", "PASS never sent");
    h.c.quit().unwrap();
    h.c.quit().unwrap();
    assert_eq!(h.take_sent(), "QUIT\r\n");
    assert!(h.c.noop().is_err());
    // a response to nothing is a protocol error
    let mut h = H::new(no_capa());
    h.c.handle_input(h.now, b"+OK hi\r\n+OK extra\r\n").unwrap();
    assert!(matches!(h.c.poll_event(), Some(Ok(Event::Greeting(_)))));
    assert!(matches!(h.c.poll_event(), Some(Ok(Event::Ready(_)))));
    assert!(matches!(
        h.c.poll_event(),
        Some(Err(ConnectionError::Protocol(_)))
    ));
}

#[test]
fn a_silent_server_times_the_client_out() {
    let t0 = Instant::now();
    let mut c = Client::new(ClientConfig::new(), t0);
    let deadline = c.poll_timeout().unwrap();
    assert_eq!(deadline, t0 + Duration::from_secs(300));
    c.handle_timeout(deadline - Duration::from_millis(1));
    assert!(c.poll_event().is_none(), "not yet");
    c.handle_timeout(deadline);
    c.handle_timeout(deadline);
    assert!(matches!(
        c.poll_event(),
        Some(Err(ConnectionError::Timeout("the greeting")))
    ));
    assert!(c.poll_event().is_none());
    assert_eq!(c.poll_timeout(), None);
    // a response timer starts when the command leaves
    let mut c = Client::new(ClientConfig::new(), t0);
    c.handle_input(t0, b"+OK hi\r\n").unwrap();
    while c.poll_event().is_some() {}
    assert_eq!(c.poll_timeout(), None, "CAPA not yet handed out");
    let later = t0 + Duration::from_secs(5);
    let _ = c.poll_transmit(later);
    assert_eq!(c.poll_timeout(), Some(later + Duration::from_secs(600)));
}

#[test]
fn bad_listings_and_overlong_lines_are_errors_with_offsets() {
    let mut h = H::new(no_capa());
    h.feed(GREETING, 1000);
    h.c.login("u", Secret::new("p")).unwrap();
    h.feed(b"+OK\r\n", 1000);
    h.feed(b"+OK\r\n", 1000);
    h.c.stat().unwrap();
    h.flush();
    assert_eq!(h.take_sent(), "USER u\r\nPASS p\r\nSTAT\r\n");
    h.c.handle_input(h.now, b"+OK two 320\r\n").unwrap();
    match h.c.poll_event() {
        Some(Err(ConnectionError::Decode(e))) => assert_eq!(e.offset, GREETING.len() + 10 + 4),
        other => panic!("{other:?}"),
    }
    let mut c = Client::new(ClientConfig::new(), Instant::now());
    for _ in 0..100 {
        let _ = c.handle_input(Instant::now(), &[b'x'; 1000]);
        while c.poll_event().is_some() {}
    }
    assert!(c.is_closed(), "an endless line fails instead of growing");
}

fn no_capa() -> ClientConfig {
    let mut c = ClientConfig::new();
    c.capa_on_connect = false;
    c
}

#[test]
fn sasl_login_mechanism_and_debug_never_shows_secrets() {
    let mut h = H::new(ClientConfig::new());
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"+OK\r\nSASL LOGIN XOAUTH2\r\nUSER\r\n.\r\n", 1000);
    h.c.login("u", Secret::new("hunter2")).unwrap();
    let shown = format!("{:?}", h.c);
    assert!(!shown.contains("hunter2"), "{shown}");
    h.feed(b"-ERR no\r\n", 1000);
    h.take_sent();
    let login = Credentials::Login {
        user: "tim".into(),
        password: Secret::new("pw"),
    };
    h.c.authenticate(login).unwrap();
    assert_eq!(h.take_sent(), "AUTH LOGIN\r\n");
    h.feed(b"+ VXNlcm5hbWU6\r\n", 3);
    assert_eq!(h.take_sent(), "dGlt\r\n");
    h.feed(b"+ UGFzc3dvcmQ6\r\n", 3);
    assert_eq!(h.take_sent(), "cHc=\r\n");
    h.feed(b"+OK welcome\r\n", 3);
    assert!(matches!(
        h.events.last(),
        Some(Event::LoggedIn {
            request: Request::Auth,
            ..
        })
    ));
}

#[test]
fn long_sasl_challenges_pass_a_strict_client() {
    // RFC 5034 §4: challenges "may be of arbitrary length ... independent of any
    // line-length limitations"; the strict 512-octet limit is for status lines
    let mut h = H::new(ClientConfig::new().strict());
    h.feed(b"+OK hi\r\n", 1000);
    h.feed(b"+OK\r\nSASL CRAM-MD5\r\n.\r\n", 1000);
    h.take_sent();
    let cram = Credentials::CramMd5 {
        user: "tim".into(),
        password: Secret::new("tanstaaf"),
    };
    h.c.authenticate(cram).unwrap();
    assert_eq!(h.take_sent(), "AUTH CRAM-MD5\r\n");
    let msg_id = format!("<{}@example.org>", "1".repeat(700));
    let b64 = mail_proto_core::sasl::encode_line(msg_id.as_bytes());
    h.feed(format!("+ {b64}\r\n").as_bytes(), 100);
    let sent = h.take_sent();
    assert!(
        sent.starts_with("dGltI") && sent != "*\r\n",
        "answered: {sent:?}"
    );
    // the status line that ends the exchange is still held to 512 octets
    let long = format!("-ERR {}\r\n", "x".repeat(600));
    h.c.handle_input(h.now, long.as_bytes()).unwrap();
    let e = h.c.poll_event().unwrap().unwrap_err();
    assert!(
        matches!(
            e,
            ConnectionError::Decode(ref d) if d.kind == DecodeErrorKind::LineTooLong { limit: 512 }
        ),
        "{e:?}"
    );
}

#[test]
fn input_without_polling_is_bounded_by_max_buffered() {
    // a read of any size is taken, but reads without a poll between them stop at
    // the limit, on the buffered path and the streamed-body path alike
    let mut c = no_capa();
    c.max_buffered = 1000;
    let mut client = Client::new(c.clone(), Instant::now());
    client.handle_input(Instant::now(), &[b'y'; 5000]).unwrap();
    let mut client = Client::new(c.clone(), Instant::now());
    let noise = vec![b'x'; 600];
    client.handle_input(Instant::now(), &noise).unwrap();
    client
        .handle_input_bytes(Instant::now(), bytes::Bytes::from(noise.clone()))
        .unwrap();
    assert!(matches!(
        client.handle_input(Instant::now(), &noise),
        Err(ConnectionError::InvalidUse(_))
    ));
    assert!(
        client.handle_input(Instant::now(), b"+OK\r\n").is_err(),
        "sticky"
    );
    // polling between reads: the greeting one byte at a time, far past the limit
    c.max_buffered = 1;
    let mut client = Client::new(c, Instant::now());
    let mut ready = false;
    for b in b"+OK POP3 server ready and waiting for you\r\n" {
        client.handle_input(Instant::now(), &[*b]).unwrap();
        while let Some(e) = client.poll_event() {
            ready |= matches!(e.unwrap(), Event::Ready { .. });
        }
    }
    assert!(ready);
}
