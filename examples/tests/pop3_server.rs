//! The mail server's POP3 side over loopback TCP: messages sent over SMTP come back
//! byte for byte (dot lines included), DELE takes effect at QUIT, RSET restores,
//! APOP works, a second login is refused with [IN-USE], an endless line is closed
//! while another connection is served, and an idle session times out.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

mod common;
use common::Conn;
use examples::pop3_fetch::{FetchOptions, fetch};
use examples::pop3_session::Pop3Settings;
use examples::smtp_session::SmtpSettings;
use examples::store::Store;
use pop3_proto::{ApopDigest, Timestamp};

const DOTS: &[u8] = b"Subject: dots\r\n\r\n.leading dot\r\n..two\r\n.\r\nend\r\n";

/// A server with users alice and bob; the SMTP and POP3 addresses.
fn server(settings: Pop3Settings) -> (SocketAddr, SocketAddr) {
    common::server(
        &Store::new(common::users()),
        SmtpSettings::default(),
        settings,
    )
}

/// RFC 1939 §3 unstuffing of a received body.
fn unstuff(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for line in body.split_inclusive(|b| *b == b'\n') {
        out.extend_from_slice(line.strip_prefix(b".").unwrap_or(line));
    }
    out
}

fn smtp_send(addr: SocketAddr, to: &str, message: &[u8]) {
    let (mut c, greeting) = Conn::open(addr);
    assert!(greeting.starts_with("220"), "{greeting}");
    c.writer.write_all(b"EHLO test\r\n").unwrap();
    while !c.line().starts_with("250 ") {}
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    assert!(c.cmd(&format!("RCPT TO:<{to}>")).starts_with("250"));
    assert!(c.cmd("DATA").starts_with("354"));
    let mut stuffed = Vec::new();
    for line in message.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b".") {
            stuffed.push(b'.');
        }
        stuffed.extend_from_slice(line);
    }
    stuffed.extend_from_slice(b".\r\n");
    c.writer.write_all(&stuffed).unwrap();
    assert!(c.line().starts_with("250"));
    assert!(c.cmd("QUIT").starts_with("221"));
}

fn login(addr: SocketAddr, user: &str, pass: &str) -> Conn {
    let (mut c, greeting) = Conn::open(addr);
    assert!(greeting.starts_with("+OK"), "{greeting}");
    assert!(c.cmd(&format!("USER {user}")).starts_with("+OK"));
    let r = c.cmd(&format!("PASS {pass}"));
    assert!(r.starts_with("+OK"), "{r}");
    c
}

#[test]
fn smtp_in_pop3_out_byte_identical() {
    let (smtp, pop3) = server(Pop3Settings::default());
    smtp_send(smtp, "Alice@example.com", DOTS);
    smtp_send(smtp, "alice@other.example", b"Subject: two\r\n\r\nbody\r\n");
    let mut c = login(pop3, "alice", "secret");
    let total = DOTS.len() + 22;
    assert_eq!(c.cmd("STAT"), format!("+OK 2 {total}\r\n"));
    assert!(c.cmd("RETR 1").starts_with("+OK"));
    let wire = c.body();
    assert!(wire.starts_with(b"Subject: dots\r\n\r\n..leading dot\r\n...two\r\n..\r\n"));
    assert_eq!(unstuff(&wire), DOTS);
    assert!(c.cmd("TOP 1 1").starts_with("+OK"));
    assert_eq!(c.body(), b"Subject: dots\r\n\r\n..leading dot\r\n");
    assert!(c.cmd("UIDL").starts_with("+OK"));
    assert_eq!(c.body().split(|b| *b == b'\n').count(), 3);
    assert!(c.cmd("QUIT").starts_with("+OK"));

    // the same through mail-client pop3's code, into files
    let out = std::env::temp_dir().join(format!("pop3-test-{}", std::process::id()));
    let opts = FetchOptions {
        server: pop3.to_string(),
        user: "alice".into(),
        pass: "secret".into(),
        apop: true,
        delete: false,
        out: out.clone(),
    };
    assert_eq!(fetch(&opts), Ok(2));
    assert_eq!(std::fs::read(out.join("1.eml")).unwrap(), DOTS);
    let wrong = FetchOptions {
        pass: "wrong".into(),
        ..opts
    };
    assert_eq!(
        fetch(&wrong),
        Err("-ERR [AUTH] Authentication failed".into())
    );
    std::fs::remove_dir_all(out).unwrap();
}

#[test]
fn dele_takes_effect_at_quit_and_rset_restores() {
    let (smtp, pop3) = server(Pop3Settings::default());
    for n in 0..3 {
        smtp_send(
            smtp,
            "bob@example.com",
            format!("Subject: {n}\r\n\r\nx\r\n").as_bytes(),
        );
    }
    let mut c = login(pop3, "bob", "hunter2");
    assert!(c.cmd("DELE 1").starts_with("+OK"));
    assert!(c.cmd("STAT").starts_with("+OK 2 "));
    assert!(c.cmd("RSET").starts_with("+OK"));
    assert!(c.cmd("STAT").starts_with("+OK 3 "));
    assert!(c.cmd("DELE 2").starts_with("+OK"));
    // a session that ends without QUIT deletes nothing
    drop(c);
    thread::sleep(Duration::from_millis(100));
    let mut c = login(pop3, "bob", "hunter2");
    assert!(c.cmd("STAT").starts_with("+OK 3 "));
    assert!(c.cmd("DELE 2").starts_with("+OK"));
    assert!(c.cmd("NOOP").starts_with("+OK"));
    assert!(c.cmd("QUIT").starts_with("+OK"));
    let mut c = login(pop3, "bob", "hunter2");
    assert!(c.cmd("STAT").starts_with("+OK 2 "));
    assert!(c.cmd("TOP 2 0").starts_with("+OK"));
    assert_eq!(c.body(), b"Subject: 2\r\n\r\n");
    assert!(c.cmd("QUIT").starts_with("+OK"));
}

#[test]
fn apop_and_auth_plain_and_in_use() {
    let (smtp, pop3) = server(Pop3Settings::default());
    smtp_send(smtp, "alice@example.com", DOTS);
    let (mut c, greeting) = Conn::open(pop3);
    let stamp = &greeting[greeting.find('<').unwrap()..=greeting.find('>').unwrap()];
    let timestamp = Timestamp::new(stamp.to_string()).unwrap();
    let wrong = ApopDigest::compute(&timestamp, "nope");
    assert!(
        c.cmd(&format!("APOP alice {}", wrong.as_hex()))
            .starts_with("-ERR [AUTH]")
    );
    let digest = ApopDigest::compute(&timestamp, "secret");
    let r = c.cmd(&format!("APOP alice {}", digest.as_hex()));
    assert_eq!(
        r,
        format!("+OK maildrop has 1 messages ({} octets)\r\n", DOTS.len())
    );

    // the maildrop is locked while this session is in TRANSACTION
    let (mut other, _) = Conn::open(pop3);
    // "\0alice\0secret" in base64
    let r = other.cmd("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    assert!(r.starts_with("-ERR [IN-USE]"), "{r}");
    assert!(c.cmd("QUIT").starts_with("+OK"));
    thread::sleep(Duration::from_millis(50));
    let r = other.cmd("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    assert!(r.starts_with("+OK"), "{r}");
    assert!(other.cmd("QUIT").starts_with("+OK"));
}

#[test]
fn endless_line_closed_while_another_connection_is_served() {
    let (_, pop3) = server(Pop3Settings::default());
    let mut served = login(pop3, "alice", "secret");
    let (mut hostile, _) = Conn::open(pop3);
    let junk = vec![b'x'; 64 << 10];
    for _ in 0..32 {
        if hostile.writer.write_all(&junk).is_err() {
            break;
        }
    }
    let mut rest = Vec::new();
    let _ = hostile.reader.read_to_end(&mut rest);
    assert!(
        rest.starts_with(b"-ERR"),
        "{:?}",
        String::from_utf8_lossy(&rest)
    );
    assert!(served.cmd("STAT").starts_with("+OK 0 0"));
    assert!(served.cmd("QUIT").starts_with("+OK"));
}

#[test]
fn idle_session_times_out() {
    let settings = Pop3Settings {
        timeout: Duration::from_millis(300),
        ..Pop3Settings::default()
    };
    let (_, pop3) = server(settings);
    let mut c = login(pop3, "alice", "secret");
    thread::sleep(Duration::from_millis(600));
    assert!(c.line().starts_with("-ERR"));
    assert_eq!(c.line(), "", "closed after the timeout");
    // the lock went with the session
    let mut c = login(pop3, "alice", "secret");
    assert!(c.cmd("QUIT").starts_with("+OK"));
}
