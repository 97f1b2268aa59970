//! LANG (RFC 6856 §3) on the server machine: without an argument the answer is a
//! multi-line list, which `accept` and `respond_languages` write whole and a single
//! `+OK` line cannot stand in for; with a tag it is one line.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use pop3_proto::server::*;
use pop3_proto::*;

/// A server in the TRANSACTION state, every line of its greeting and login drained.
fn logged_in() -> Server {
    let now = Instant::now();
    let mut s = Server::new(ServerConfig::new().allow_login_without_tls(), now);
    s.handle_input(now, b"USER a\r\nPASS b\r\n");
    while let Some(e) = s.poll_event() {
        if let Event::Decision(Decision::Login { .. }) = e {
            s.accept_login(Maildrop::new(vec![10])).unwrap();
        }
    }
    while s.poll_transmit(now).is_some() {}
    s
}

/// What the server writes for `command` once `answer` is given.
fn answered(command: &[u8], answer: impl FnOnce(&mut Server)) -> String {
    let now = Instant::now();
    let mut s = logged_in();
    s.handle_input(now, command);
    let mut decided = false;
    while let Some(e) = s.poll_event() {
        if matches!(e, Event::Decision(Decision::Command(_))) {
            decided = true;
        }
    }
    assert!(decided, "no decision for {command:?}");
    answer(&mut s);
    let mut out = Vec::new();
    while let Some(b) = s.poll_transmit(now) {
        out.extend_from_slice(&b);
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn lang_without_an_argument_is_a_list() {
    assert_eq!(
        answered(b"LANG\r\n", |s| s.accept().unwrap()),
        "+OK Language listing follows\r\nen English\r\n.\r\n"
    );
    let out = answered(b"LANG\r\n", |s| {
        let langs = [
            (Atom::new("en").unwrap(), Text::new("English").unwrap()),
            (Atom::new("de").unwrap(), Text::new("Deutsch").unwrap()),
            (Atom::new(".x").unwrap(), Text::new("").unwrap()),
        ];
        s.respond_languages(&langs).unwrap()
    });
    assert_eq!(
        out,
        "+OK Language listing follows\r\nen English\r\nde Deutsch\r\n..x\r\n.\r\n"
    );
    // one +OK line would leave the client reading the next response as the list
    answered(b"LANG\r\n", |s| {
        let one = Response::new(Status::Ok, None, Text::new("fine").unwrap()).unwrap();
        assert!(matches!(
            s.respond(one),
            Err(AnswerError::WrongAnswer { .. })
        ));
        s.refuse().unwrap();
    });
}

#[test]
fn lang_with_a_tag_is_one_line_and_the_list_is_only_for_lang() {
    assert_eq!(answered(b"LANG de\r\n", |s| s.accept().unwrap()), "+OK\r\n");
    answered(b"LANG fr\r\n", |s| {
        let langs = [(Atom::new("en").unwrap(), Text::new("English").unwrap())];
        assert!(matches!(
            s.respond_languages(&langs),
            Err(AnswerError::WrongAnswer { .. })
        ));
        s.accept().unwrap();
    });
}

#[test]
fn the_greeting_with_its_timestamp_stays_within_512_octets() {
    let now = Instant::now();
    let ts = Timestamp::new(format!("<{}@example.org>", "1".repeat(100))).unwrap();
    let long = Text::new("g".repeat(MAX_TEXT_LEN)).unwrap();
    let mut s = Server::new(
        ServerConfig::new()
            .with_greeting(long)
            .with_apop_timestamp(ts.clone()),
        now,
    );
    let line = s.poll_transmit(now).unwrap();
    assert_eq!(line.len(), MAX_RESPONSE_LINE_LEN, "{}", line.escape_ascii());
    assert!(line.ends_with(format!(" {}\r\n", ts.as_str()).as_bytes()));
    // and it is a greeting our own strict client reads, timestamp and all
    let g = match parse::parse_greeting_with(&line, &parse::ResponseOptions::strict()) {
        Decoded::Complete { value, .. } => value,
        other => panic!("{other:?}"),
    };
    assert_eq!(g.timestamp.as_ref().map(|t| t.as_str()), Some(ts.as_str()));
    // a timestamp too long for any greeting line is not offered at all
    let huge = Timestamp::new(format!("<{}@example.org>", "1".repeat(600))).unwrap();
    let mut s = Server::new(ServerConfig::new().with_apop_timestamp(huge), now);
    let line = s.poll_transmit(now).unwrap();
    assert_eq!(&line[..], b"+OK POP3 server ready\r\n");
}
