//! The mail server's bounds over loopback TCP: a listener past its connection limit
//! tells the next client 421 / `-ERR [SYS/TEMP]` and closes, and serves again once
//! a connection ends; the store's byte budget refuses a message that does not fit
//! with 452 4.3.1 after its final dot (stored copies and messages in flight count),
//! gives the space back on POP3 DELE and on a client that vanishes mid-DATA; 300 idle
//! connections do not keep another client from being served, and a 4 GiB BDAT chunk
//! announced over SIZE is read and dropped (no memory kept), then refused with 552
//! 5.3.4, and the session goes on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::net::SocketAddr;
use std::thread;
use std::time::{Duration, Instant};

mod common;
use common::{Conn, server, users};
use examples::pop3_session::Pop3Settings;
use examples::smtp_session::SmtpSettings;
use examples::store::Store;

/// EHLO, MAIL, RCPT (each accepted), DATA: ready for the body.
fn smtp_data(addr: SocketAddr, to: &[&str]) -> Conn {
    let (mut c, greeting) = Conn::open(addr);
    assert!(greeting.starts_with("220"), "{greeting}");
    c.writer.write_all(b"EHLO test\r\n").unwrap();
    while !c.line().starts_with("250 ") {}
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    for rcpt in to {
        let r = c.cmd(&format!("RCPT TO:<{rcpt}>"));
        assert!(r.starts_with("250"), "{r}");
    }
    assert!(c.cmd("DATA").starts_with("354"));
    c
}

/// A message of exactly `len` bytes (no dots to stuff), in lines of 78 octets.
fn message(len: usize) -> Vec<u8> {
    let mut m = b"Subject: budget\r\n\r\n".to_vec();
    while m.len() + 2 < len {
        let room = len - 2 - m.len();
        if room >= 78 {
            m.extend_from_slice(&[b'x'; 76]);
            m.extend_from_slice(b"\r\n");
        } else {
            m.extend(std::iter::repeat_n(b'x', room));
        }
    }
    m.extend_from_slice(b"\r\n");
    assert_eq!(m.len(), len);
    m
}

/// Sends `len` bytes to `to`; the reply to the final dot.
fn send(addr: SocketAddr, to: &[&str], len: usize) -> String {
    let mut c = smtp_data(addr, to);
    let mut body = message(len);
    body.extend_from_slice(b".\r\n");
    c.writer.write_all(&body).unwrap();
    let reply = c.line();
    assert!(c.cmd("QUIT").starts_with("221"));
    reply
}

/// Waits until `f` holds (a server thread finishing its connection).
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !f() {
        assert!(Instant::now() < until, "never: {what}");
        thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn smtp_past_the_connection_limit_gets_421_and_is_served_again_later() {
    let store = Store::new(users());
    let smtp = SmtpSettings {
        max_connections: 2,
        ..SmtpSettings::default()
    };
    let (addr, _) = server(&store, smtp, Pop3Settings::default());
    let (first, g1) = Conn::open(addr);
    let (_second, g2) = Conn::open(addr);
    assert!(g1.starts_with("220 ") && g2.starts_with("220 "), "{g1}{g2}");
    let (mut third, g3) = Conn::open(addr);
    assert_eq!(
        g3, "421 4.3.2 localhost Too many connections, try again later\r\n",
        "a third connection"
    );
    assert!(third.at_eof(), "the refused connection is closed");
    // the first leaves: its place is free again
    drop(first);
    eventually("a new connection is greeted with 220", || {
        Conn::open(addr).1.starts_with("220 ")
    });
}

#[test]
fn pop3_past_the_connection_limit_gets_sys_temp() {
    let store = Store::new(users());
    let pop3 = Pop3Settings {
        max_connections: 1,
        ..Pop3Settings::default()
    };
    let (_, addr) = server(&store, SmtpSettings::default(), pop3);
    let (mut first, g1) = Conn::open(addr);
    assert!(g1.starts_with("+OK"), "{g1}");
    let (mut second, g2) = Conn::open(addr);
    assert_eq!(
        g2,
        "-ERR [SYS/TEMP] Too many connections, try again later\r\n"
    );
    assert!(second.at_eof());
    assert!(first.cmd("QUIT").starts_with("+OK"));
    eventually("a new connection is greeted with +OK", || {
        Conn::open(addr).1.starts_with("+OK")
    });
}

#[test]
fn a_message_past_the_store_budget_is_refused_with_452_and_dele_frees_it() {
    let store = Store::with_limit(users(), 1000);
    let (smtp, pop3) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    assert!(send(smtp, &["alice@example.com"], 600).starts_with("250 "));
    assert_eq!(store.used(), 600);
    // 600 more do not fit beside the first: refused after the dot, nothing kept
    assert_eq!(
        send(smtp, &["alice@example.com"], 600),
        "452 4.3.1 Insufficient system storage\r\n"
    );
    assert_eq!(store.used(), 600);
    assert_eq!(store.mailbox("alice").len(), 1);
    // 300 fit; for two users they count twice and do not
    assert!(send(smtp, &["bob@example.com"], 300).starts_with("250 "));
    assert_eq!(store.used(), 900);
    let two = send(smtp, &["alice@example.com", "bob@example.com"], 60);
    assert!(two.starts_with("452 4.3.1"), "{two}");
    assert!(store.mailbox("bob").len() == 1 && store.mailbox("alice").len() == 1);
    // POP3 DELE takes effect at QUIT and gives the space back
    let (mut c, _) = Conn::open(pop3);
    assert!(c.cmd("USER alice").starts_with("+OK"));
    assert!(c.cmd("PASS secret").starts_with("+OK"));
    assert!(c.cmd("DELE 1").starts_with("+OK"));
    assert_eq!(store.used(), 900, "DELE alone frees nothing");
    assert!(c.cmd("QUIT").starts_with("+OK"));
    assert_eq!(store.used(), 300);
    assert!(send(smtp, &["alice@example.com", "bob@example.com"], 350).starts_with("250 "));
    assert_eq!(store.used(), 1000);
}

#[test]
fn a_client_gone_mid_data_gives_its_reservation_back() {
    let store = Store::with_limit(users(), 1 << 20);
    let (smtp, _) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let mut c = smtp_data(smtp, &["alice@example.com"]);
    c.writer.write_all(&message(200_000)).unwrap();
    // the server holds what has arrived against the budget ...
    eventually("the body in flight is reserved", || store.used() >= 100_000);
    // ... and a message that no longer fits beside it is refused
    let other = send(smtp, &["bob@example.com"], 900_000);
    assert!(other.starts_with("452 4.3.1"), "{other}");
    drop(c);
    eventually("the reservation is released", || store.used() == 0);
    assert!(store.mailbox("alice").is_empty(), "nothing half-stored");
    assert!(send(smtp, &["bob@example.com"], 900_000).starts_with("250 "));
}

#[test]
fn reservations_count_until_dropped() {
    let store = Store::with_limit(users(), 10);
    let mut a = store.reservation();
    assert!(a.grow(6));
    let mut b = store.reservation();
    assert!(!b.grow(5), "6 + 5 > 10");
    assert!(b.grow(4));
    assert_eq!((store.used(), a.bytes(), b.bytes()), (10, 6, 4));
    drop(a);
    assert_eq!(store.used(), 4);
    b.release();
    assert_eq!(store.used(), 0);
    // a delivery converts the reservation into stored copies
    let mut r = store.reservation();
    assert!(r.grow(5));
    let bytes = bytes::Bytes::from_static(b"hello");
    assert!(store.deliver(&["alice".into()], &bytes, r));
    assert_eq!(store.used(), 5);
    let mut r = store.reservation();
    assert!(r.grow(5));
    assert!(
        !store.deliver(&["alice".into(), "bob".into()], &bytes, r),
        "two copies need 10 beside the 5 stored"
    );
    assert_eq!(store.used(), 5);
}

/// The reply lines to EHLO, the last one included.
fn ehlo(c: &mut Conn) -> Vec<String> {
    c.writer.write_all(b"EHLO test\r\n").unwrap();
    let mut lines = vec![c.line()];
    while lines.last().unwrap().starts_with("250-") {
        lines.push(c.line());
    }
    lines
}

#[test]
fn three_hundred_idle_connections_do_not_keep_another_client_from_being_served() {
    let store = Store::new(users());
    let (smtp, _) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let mut idle: Vec<Conn> = (0..300)
        .map(|i| {
            let (c, greeting) = Conn::open(smtp);
            assert!(
                greeting.starts_with("220 "),
                "idle connection {i}: {greeting}"
            );
            c
        })
        .collect();
    // a normal client beside them: its message is delivered, byte for byte
    assert!(send(smtp, &["alice@example.com"], 5000).starts_with("250 "));
    let mailbox = store.mailbox("alice");
    assert_eq!(mailbox.len(), 1);
    assert_eq!(mailbox[0].bytes.as_ref(), &message(5000)[..]);
    // and none of the idle ones was dropped to make room: each still answers
    for (i, c) in idle.iter_mut().enumerate() {
        let r = c.cmd("NOOP");
        assert!(r.starts_with("250"), "idle connection {i}: {r}");
    }
}

#[test]
fn a_4_gib_bdat_chunk_over_size_is_dropped_as_it_comes_then_refused_with_552() {
    let store = Store::new(users());
    let (smtp, _) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let (mut c, _) = Conn::open(smtp);
    let lines = ehlo(&mut c);
    assert!(
        lines.contains(&"250-SIZE 33554432\r\n".to_string()),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l.contains("CHUNKING")), "{lines:?}");
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    assert!(c.cmd("RCPT TO:<alice@example.com>").starts_with("250"));
    // RFC 3030 §3: the server takes the whole chunk before it answers, so all of the
    // 4 GiB goes; it keeps at most the SIZE limit's worth of it, and past the limit
    // nothing at all
    let size: u64 = 4 << 30;
    c.writer
        .write_all(format!("BDAT {size} LAST\r\n").as_bytes())
        .unwrap();
    let block = vec![b'y'; 1 << 20];
    let mut sent = 0u64;
    while sent < size {
        c.writer.write_all(&block).unwrap();
        sent += block.len() as u64;
        assert!(store.used() <= 32 << 20, "{} bytes held", store.used());
        if sent == 128 << 20 {
            eventually("the part past the limit is not kept", || store.used() == 0);
        }
    }
    assert_eq!(c.line(), "552 5.3.4 Message size exceeds fixed limit\r\n");
    assert_eq!(store.used(), 0);
    assert!(store.mailbox("alice").is_empty(), "nothing delivered");
    // the session goes on: a message that fits is taken on the same connection
    assert!(c.cmd("NOOP").starts_with("250"));
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    assert!(c.cmd("RCPT TO:<alice@example.com>").starts_with("250"));
    assert!(c.cmd("DATA").starts_with("354"));
    let mut body = message(300);
    body.extend_from_slice(b".\r\n");
    c.writer.write_all(&body).unwrap();
    assert!(c.line().starts_with("250 "));
    assert!(c.cmd("QUIT").starts_with("221"));
    assert!(c.at_eof(), "closed after QUIT");
    let mailbox = store.mailbox("alice");
    assert_eq!(mailbox.len(), 1);
    assert_eq!(mailbox[0].bytes.as_ref(), &message(300)[..]);
}
