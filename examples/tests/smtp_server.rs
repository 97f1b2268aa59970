//! The mail server's SMTP side over loopback TCP, as a client sees it: the EHLO
//! keywords it promises (and the POP3 CAPA list beside it), HELO and RSET, VRFY for
//! users and strangers, one copy for a recipient named twice, a BDAT message without
//! a final CRLF stored so that POP3 LIST and RETR agree on its size, and
//! `mail-client smtp` stopped mid-body by a refusal (552 over SIZE, its only recipient
//! refused) that it reports instead of a broken pipe.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};

mod common;
use common::{Conn, server, users};
use examples::pop3_session::Pop3Settings;
use examples::smtp_send::{SendOptions, send};
use examples::smtp_session::SmtpSettings;
use examples::store::Store;

/// EHLO, and the lines of its reply.
fn ehlo(c: &mut Conn) -> Vec<String> {
    let mut lines = vec![c.cmd("EHLO client.example")];
    while lines.last().unwrap().as_bytes().get(3) == Some(&b'-') {
        lines.push(c.line());
    }
    lines
}

/// A server on a fresh store with the default settings: the store, an SMTP
/// connection past its EHLO, and the POP3 address.
fn greeted() -> (Store, Conn, std::net::SocketAddr) {
    let store = Store::new(users());
    let (smtp, pop3) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let (mut c, _) = Conn::open(smtp);
    ehlo(&mut c);
    (store, c, pop3)
}

/// MAIL FROM carol, then RCPT TO each of `to`, each accepted.
fn envelope(c: &mut Conn, to: &[&str]) {
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    for to in to {
        assert!(c.cmd(&format!("RCPT TO:<{to}>")).starts_with("250"), "{to}");
    }
}

/// DATA, then `body` (its final dot included), accepted.
fn data(c: &mut Conn, body: &[u8]) {
    assert!(c.cmd("DATA").starts_with("354"));
    c.writer.write_all(body).unwrap();
    assert!(c.line().starts_with("250"));
}

/// A POP3 session logged in as alice.
fn pop3_alice(pop3: std::net::SocketAddr) -> Conn {
    let (mut p, _) = Conn::open(pop3);
    assert!(p.cmd("USER alice").starts_with("+OK"));
    assert!(p.cmd("PASS secret").starts_with("+OK"));
    p
}

#[test]
fn ehlo_offers_every_promised_extension_and_capa_lists_the_pop3_ones() {
    let store = Store::new(users());
    let (smtp, pop3) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let (mut c, greeting) = Conn::open(smtp);
    assert_eq!(greeting, "220 localhost ESMTP\r\n");
    let lines = ehlo(&mut c);
    let keywords: Vec<&str> = lines[1..].iter().map(|l| l[4..].trim_end()).collect();
    for want in [
        "PIPELINING",
        "8BITMIME",
        "CHUNKING",
        "SMTPUTF8",
        "ENHANCEDSTATUSCODES",
        "SIZE 33554432",
        "AUTH PLAIN LOGIN CRAM-MD5",
    ] {
        assert!(keywords.contains(&want), "{want} missing from {keywords:?}");
    }
    // no delivery status notifications come from an in-memory store: DSN not offered
    assert!(!keywords.contains(&"DSN"), "{keywords:?}");
    // HELO (RFC 5321 §4.1.1.1) gets a bare 250 and no extension list
    assert_eq!(c.cmd("HELO client.example"), "250 localhost\r\n");
    assert!(c.cmd("MAIL FROM:<carol@example.org>").starts_with("250"));
    assert_eq!(c.cmd("RSET"), "250 2.0.0 OK\r\n");
    // RSET cleared the transaction: RCPT has no MAIL to belong to
    assert!(
        c.cmd("RCPT TO:<alice@example.com>")
            .starts_with("503 5.5.1")
    );
    assert_eq!(c.cmd("NOOP"), "250 2.0.0 OK\r\n");
    assert!(c.cmd("QUIT").starts_with("221"));

    let (mut p, greeting) = Conn::open(pop3);
    assert!(greeting.starts_with("+OK "), "{greeting}");
    assert!(p.cmd("CAPA").starts_with("+OK"));
    let capa = String::from_utf8(p.body()).unwrap();
    let capa: Vec<&str> = capa.lines().collect();
    for want in [
        "TOP",
        "USER",
        "UIDL",
        "RESP-CODES",
        "PIPELINING",
        "SASL PLAIN LOGIN CRAM-MD5",
    ] {
        assert!(capa.contains(&want), "{want} missing from {capa:?}");
    }
}

#[test]
fn vrfy_names_a_user_and_refuses_a_stranger() {
    let (_store, mut c, _) = greeted();
    for name in [
        "alice",
        "Alice@Example.COM",
        "<alice@example.com>",
        " alice ",
    ] {
        assert_eq!(
            c.cmd(&format!("VRFY {name}")),
            "250 2.1.5 <alice@localhost>\r\n",
            "{name}"
        );
    }
    assert_eq!(c.cmd("VRFY bob"), "250 2.1.5 <bob@localhost>\r\n");
    for name in ["nobody", "<nobody@example.com>", "Alice Smith"] {
        assert_eq!(
            c.cmd(&format!("VRFY {name}")),
            "550 5.1.1 No such user here\r\n",
            "{name}"
        );
    }
}

#[test]
fn a_recipient_named_twice_gets_one_copy() {
    let (store, mut c, _) = greeted();
    envelope(
        &mut c,
        &["alice@example.com", "ALICE@example.org", "bob@example.com"],
    );
    data(&mut c, b"Subject: twice\r\n\r\nhi\r\n.\r\n");
    assert!(c.cmd("QUIT").starts_with("221"));
    assert_eq!(store.mailbox("alice").len(), 1);
    assert_eq!(store.mailbox("bob").len(), 1);
}

#[test]
fn a_bdat_message_without_a_final_crlf_has_one_size_in_list_and_retr() {
    let (store, mut c, pop3) = greeted();
    envelope(&mut c, &["alice@example.com"]);
    let body = b"Subject: no end\r\n\r\nlast line";
    c.writer
        .write_all(format!("BDAT {} LAST\r\n", body.len()).as_bytes())
        .unwrap();
    c.writer.write_all(body).unwrap();
    assert!(c.line().starts_with("250"));
    assert!(c.cmd("QUIT").starts_with("221"));
    let stored = store.mailbox("alice");
    let mut want = body.to_vec();
    want.extend_from_slice(b"\r\n");
    assert_eq!(stored[0].bytes.as_ref(), &want[..]);

    let mut p = pop3_alice(pop3);
    assert_eq!(p.cmd("LIST 1"), format!("+OK 1 {}\r\n", want.len()));
    assert!(p.cmd("RETR 1").starts_with("+OK"));
    assert_eq!(p.body(), want);
}

/// A message of `lines` lines of 1000 octets.
fn big(lines: usize) -> Vec<u8> {
    let mut line = vec![b'y'; 998];
    line.extend_from_slice(b"\r\n");
    line.repeat(lines)
}

/// What `mail-client smtp` says sending `message` to `to` through a server whose
/// SIZE limit is `max`.
fn client_send(max: u64, to: &[&str], message: &[u8]) -> (Result<(), String>, Store) {
    let store = Store::new(users());
    let settings = SmtpSettings {
        max_message_size: max,
        ..SmtpSettings::default()
    };
    let (smtp, _) = server(&store, settings, Pop3Settings::default());
    let options = SendOptions {
        server: smtp.to_string(),
        from: "carol@example.org".into(),
        to: to.iter().map(|s| s.to_string()).collect(),
        ..SendOptions::default()
    };
    (send(&options, message), store)
}

#[test]
fn mail_client_reports_a_size_refusal_that_comes_mid_body() {
    // 4 MB in 64 KiB BDAT chunks (the server offers CHUNKING and PIPELINING) into a
    // 100 kB limit: the 552 arrives while chunks are still going out
    let (got, store) = client_send(100_000, &["alice@example.com"], &big(4000));
    let err = got.unwrap_err();
    assert_eq!(
        err,
        "the message was not queued: 552 5.3.4 Message size exceeds fixed limit"
    );
    assert!(store.mailbox("alice").is_empty());
}

#[test]
fn mail_client_reports_a_refused_sole_recipient_with_a_large_body() {
    let (got, store) = client_send(32 << 20, &["nobody@example.com"], &big(4000));
    let err = got.unwrap_err();
    assert_eq!(err, "the message was not queued: all 1 recipients refused");
    assert_eq!(store.used(), 0);
}

#[test]
fn a_closed_session_lets_its_last_reply_reach_a_client_still_sending() {
    // the server closes after QUIT while the client has sent more behind it: the 221
    // must arrive, not be destroyed by the reset that unread input causes
    let store = Store::new(users());
    let (smtp, _) = server(&store, SmtpSettings::default(), Pop3Settings::default());
    let (mut c, _) = Conn::open(smtp);
    let mut wire = b"QUIT\r\n".to_vec();
    wire.extend(std::iter::repeat_n(b'z', 256 << 10));
    c.writer.write_all(&wire).unwrap();
    assert_eq!(c.line(), "221 2.0.0 Bye\r\n");
    let mut rest = Vec::new();
    let _ = c.reader.read_to_end(&mut rest);
    assert!(rest.is_empty(), "{rest:?}");
}

#[test]
fn bare_lf_in_data_is_stored_as_crlf_so_every_pop3_client_reads_one_message() {
    // curl uploads a Unix file as it is; a dot after a bare LF would be stuffed by the
    // POP3 side and unstuffed by some clients only
    let (store, mut c, pop3) = greeted();
    envelope(&mut c, &["alice@example.com"]);
    data(&mut c, b"Subject: lf only\nline two\n.dot\n\r\n.\r\n");
    assert!(c.cmd("QUIT").starts_with("221"));
    let want = b"Subject: lf only\r\nline two\r\n.dot\r\n\r\n".to_vec();
    assert_eq!(store.mailbox("alice")[0].bytes.as_ref(), &want[..]);
    let mut p = pop3_alice(pop3);
    assert_eq!(p.cmd("LIST 1"), format!("+OK 1 {}\r\n", want.len()));
    assert!(p.cmd("RETR 1").starts_with("+OK"));
    // on the wire the dot line is stuffed after CRLF, as every client expects
    assert_eq!(p.body(), b"Subject: lf only\r\nline two\r\n..dot\r\n\r\n");
}

#[test]
fn postmaster_is_always_accepted() {
    // RFC 5321 §4.5.1; with no user of that name it goes to the first user
    let (store, mut c, _) = greeted();
    envelope(&mut c, &["Postmaster", "postmaster@example.com"]);
    data(&mut c, b"Subject: pm\r\n\r\nhi\r\n.\r\n");
    assert_eq!(
        store.mailbox("alice").len(),
        1,
        "one copy for the two forms"
    );
    assert!(store.mailbox("bob").is_empty());
}

#[test]
fn a_bdat_text_body_with_bare_lf_is_stored_in_crlf_lines_and_binarymime_is_kept() {
    // as DATA bodies are: a dot after a bare LF would read differently to each client
    let (store, mut c, pop3) = greeted();
    envelope(&mut c, &["alice@example.com"]);
    let body = b"Subject: b\nline\n.dot\r\nlone cr\rend\r\n";
    c.writer
        .write_all(format!("BDAT {} LAST\r\n", body.len()).as_bytes())
        .unwrap();
    c.writer.write_all(body).unwrap();
    assert!(c.line().starts_with("250"));
    let want = b"Subject: b\r\nline\r\n.dot\r\nlone cr\r\nend\r\n";
    assert_eq!(store.mailbox("alice")[0].bytes.as_ref(), &want[..]);
    let mut p = pop3_alice(pop3);
    assert!(p.cmd("RETR 1").starts_with("+OK"));
    assert_eq!(
        p.body(),
        b"Subject: b\r\nline\r\n..dot\r\nlone cr\r\nend\r\n"
    );
    assert!(p.cmd("QUIT").starts_with("+OK"));
    // BINARYMIME bytes are the message's own: kept as sent
    assert!(
        c.cmd("MAIL FROM:<carol@example.org> BODY=BINARYMIME")
            .starts_with("250")
    );
    assert!(c.cmd("RCPT TO:<bob@example.com>").starts_with("250"));
    c.writer
        .write_all(format!("BDAT {} LAST\r\n", body.len()).as_bytes())
        .unwrap();
    c.writer.write_all(body).unwrap();
    assert!(c.line().starts_with("250"));
    assert_eq!(store.mailbox("bob")[0].bytes.as_ref(), &body[..]);
}
