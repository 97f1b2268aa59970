//! `mail-client smtp` (`examples::smtp_send`) against scripted servers on loopback:
//! QUIT is pipelined behind the final dot when the server offers PIPELINING, and waits
//! for the reply when it does not; a refused recipient with a large message still ends
//! in QUIT at once; the body goes in BDAT chunks where the server offers CHUNKING.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use examples::smtp_send::{SendOptions, send};

/// The server side of the connection: what the client sent, and how much of it the
/// script has read.
struct Conn {
    s: TcpStream,
    seen: Vec<u8>,
    pos: usize,
}

impl Conn {
    /// The bytes up to and including the next `end` after what was read, waiting up
    /// to `wait` for them; `None` if they do not come.
    fn until(&mut self, end: &[u8], wait: Duration) -> Option<Vec<u8>> {
        let deadline = Instant::now() + wait;
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(at) = self.seen[self.pos..]
                .windows(end.len())
                .position(|w| w == end)
            {
                let got = self.seen[self.pos..self.pos + at + end.len()].to_vec();
                self.pos += at + end.len();
                return Some(got);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.s.set_read_timeout(Some(left)).unwrap();
            match self.s.read(&mut chunk) {
                Ok(n) if n > 0 => self.seen.extend_from_slice(&chunk[..n]),
                _ => return None,
            }
        }
    }

    fn say(&mut self, reply: &[u8]) {
        self.s.write_all(reply).unwrap();
    }

    /// Accepts the client on `listener`, greets it and answers its EHLO with
    /// `mx.example`, the `caps` lines (each `250-NAME\r\n`) and `250 8BITMIME`.
    fn greet(listener: &TcpListener, caps: &str) -> Conn {
        let (s, _) = listener.accept().unwrap();
        let mut c = Conn {
            s,
            seen: Vec::new(),
            pos: 0,
        };
        c.say(b"220 mx.example ESMTP\r\n");
        c.until(b"\r\n", Duration::from_secs(10)).expect("EHLO");
        c.say(format!("250-mx.example\r\n{caps}250 8BITMIME\r\n").as_bytes());
        c
    }
}

/// A one-session server: greets with `ehlo_caps`, accepts one message and reports
/// whether QUIT arrived before it answered the final dot (it waits up to two seconds
/// for it), then everything the client sent.
fn scripted_server(ehlo_caps: &'static str) -> (String, thread::JoinHandle<(bool, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = thread::spawn(move || {
        let mut c = Conn::greet(&listener, ehlo_caps);
        let wait = Duration::from_secs(10);
        // MAIL and RCPT (pipelined or not), each answered as it comes
        for expected in [&b"MAIL FROM:"[..], b"RCPT TO:"] {
            let line = c.until(b"\r\n", wait).expect("a command");
            assert!(
                line.starts_with(expected),
                "{}",
                String::from_utf8_lossy(&line)
            );
            c.say(b"250 ok\r\n");
        }
        assert_eq!(c.until(b"\r\n", wait).expect("DATA"), b"DATA\r\n");
        c.say(b"354 go on\r\n");
        c.until(b"\r\n.\r\n", wait).expect("the final dot");
        // hold the reply to the dot: a pipelining client sends QUIT now
        let quit_first = c.until(b"QUIT\r\n", Duration::from_secs(2)).is_some();
        c.say(b"250 2.0.0 queued\r\n");
        if !quit_first {
            c.until(b"QUIT\r\n", wait).expect("QUIT");
        }
        c.say(b"221 bye\r\n");
        let seen = c.seen;
        (quit_first, seen)
    });
    (addr, handle)
}

fn options(server: String) -> SendOptions {
    SendOptions {
        server,
        from: "a@client.example".into(),
        to: vec!["b@mx.example".into()],
        user: None,
        pass: None,
    }
}

const MESSAGE: &[u8] = b"Subject: hi\r\n\r\n.a line with a dot\r\nend\r\n";

#[test]
fn quit_is_pipelined_behind_the_final_dot_under_pipelining() {
    let (addr, server) = scripted_server("250-PIPELINING\r\n");
    send(&options(addr), MESSAGE).unwrap();
    let (quit_first, seen) = server.join().unwrap();
    assert!(
        quit_first,
        "QUIT waited for the reply to the dot:\n{}",
        String::from_utf8_lossy(&seen)
    );
    assert!(seen.ends_with(b"\r\n..a line with a dot\r\nend\r\n.\r\nQUIT\r\n"));
}

#[test]
fn without_pipelining_quit_waits_for_the_reply() {
    let (addr, server) = scripted_server("");
    send(&options(addr), MESSAGE).unwrap();
    let (quit_first, seen) = server.join().unwrap();
    assert!(
        !quit_first,
        "QUIT sent before the reply without PIPELINING:\n{}",
        String::from_utf8_lossy(&seen)
    );
}

/// OpenSMTPD refusing the only recipient of a message larger than the client's buffer:
/// the body is dropped, and the client must still end it and QUIT (it used to wait for
/// the server until its command timeout).
#[test]
fn the_only_recipient_refused_mid_body_still_quits() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = thread::spawn(move || {
        let mut c = Conn::greet(&listener, "250-PIPELINING\r\n");
        let wait = Duration::from_secs(10);
        assert!(c.until(b"\r\n", wait).unwrap().starts_with(b"MAIL FROM:"));
        c.say(b"250 2.0.0 Ok\r\n");
        assert!(c.until(b"\r\n", wait).unwrap().starts_with(b"RCPT TO:"));
        c.say(b"550 Invalid recipient: <b@mx.example>\r\n");
        // then each command answered as OpenSMTPD does, until QUIT, which must come
        // at once
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = c.until(b"\r\n", left);
            let line =
                line.unwrap_or_else(|| panic!("no QUIT: {}", String::from_utf8_lossy(&c.seen)));
            match &line[..] {
                b"DATA\r\n" => c.say(b"503 5.5.1 Invalid command: No recipient specified\r\n"),
                b"RSET\r\n" => c.say(b"250 2.0.0 Reset state\r\n"),
                b"QUIT\r\n" => break,
                _ => {} // body bytes, if the client sent any
            }
        }
        c.say(b"221 2.0.0 Bye\r\n");
        c.seen
    });
    let message = vec![b'x'; 2 << 20];
    let started = Instant::now();
    let err = send(&options(addr), &message[..]).unwrap_err();
    assert_eq!(err, "the message was not queued: all 1 recipients refused");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let rest = server.join().unwrap();
    assert!(
        rest.ends_with(b"QUIT\r\n"),
        "{}",
        String::from_utf8_lossy(&rest)
    );
}

/// A server offering CHUNKING: the body must come in BDAT chunks (RFC 3030), never
/// dot-stuffed, the last one marked LAST, and add up to the message.
#[test]
fn the_body_goes_in_bdat_chunks_under_chunking() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let message: Vec<u8> = MESSAGE
        .iter()
        .copied()
        .chain(b"x".repeat(200_000))
        .chain(*b"\r\n")
        .collect();
    let server = thread::spawn(move || {
        let mut c = Conn::greet(&listener, "250-PIPELINING\r\n250-CHUNKING\r\n");
        let wait = Duration::from_secs(10);
        for _ in 0..2 {
            c.until(b"\r\n", wait).expect("MAIL or RCPT");
            c.say(b"250 ok\r\n");
        }
        let mut body = Vec::new();
        let mut chunks = 0;
        loop {
            let line = c.until(b"\r\n", wait).expect("BDAT");
            let text = String::from_utf8(line).unwrap();
            let mut words = text.trim_end().split(' ');
            assert_eq!(words.next(), Some("BDAT"), "{text}");
            let n: usize = words.next().unwrap().parse().unwrap();
            let last = words.next() == Some("LAST");
            // the chunk's bytes: whatever follows the command line, exactly n of them
            while c.seen.len() < c.pos + n {
                let mut buf = [0u8; 65536];
                c.s.set_read_timeout(Some(wait)).unwrap();
                let got = c.s.read(&mut buf).unwrap();
                assert!(got > 0, "connection closed inside a chunk");
                c.seen.extend_from_slice(&buf[..got]);
            }
            body.extend_from_slice(&c.seen[c.pos..c.pos + n]);
            c.pos += n;
            chunks += 1;
            c.say(b"250 2.0.0 chunk ok\r\n");
            if last {
                break;
            }
        }
        c.until(b"QUIT\r\n", wait).expect("QUIT");
        c.say(b"221 bye\r\n");
        (body, chunks)
    });
    send(&options(addr), &message[..]).unwrap();
    let (body, chunks) = server.join().unwrap();
    assert_eq!(body, message, "the body arrived changed");
    assert!(chunks >= 1);
}

/// Asked to log in, the client must not send unauthenticated to a server that offers
/// no AUTH: that would look like a login that worked.
#[test]
fn a_login_asked_for_fails_where_the_server_offers_no_auth() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let server = thread::spawn(move || {
        let mut c = Conn::greet(&listener, "250-PIPELINING\r\n");
        // whatever comes next, no MAIL FROM may
        let rest = c.until(b"MAIL FROM:", Duration::from_millis(500));
        assert!(rest.is_none(), "sent unauthenticated");
    });
    let mut o = options(addr);
    o.user = Some("alice".into());
    o.pass = Some("secret".into());
    let err = send(&o, &b"Subject: x\r\n\r\ny\r\n"[..]).unwrap_err();
    assert_eq!(err, "the server offers no AUTH");
    server.join().unwrap();
}
